//! Reading documented columns of result tables, whatever their storage type.

use super::ChartError;
use std::collections::BTreeMap;

use crate::table::{Table, Values};

/// Row `i` of a column as text: numbers written plainly, missing → empty string.
fn text_at(v: &Values, i: usize) -> String {
    match v {
        Values::Str(v) => v.get(i).unwrap_or_default().to_string(),
        Values::Int(v) => v.get(i).map(|x| x.to_string()).unwrap_or_default(),
        Values::Float(v) => v.get(i).map(crate::table::format_float).unwrap_or_default(),
    }
}

/// Row `i` of a column as a number: text parsed; unparsable, non-finite or missing → `None`.
fn num_at(v: &Values, i: usize) -> Option<f64> {
    match v {
        Values::Str(v) => v
            .get(i)
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|f| f.is_finite()),
        Values::Int(v) => v.get(i).map(|x| x as f64),
        Values::Float(v) => v.get(i).filter(|f| f.is_finite()),
    }
}

/// The reference group of a treatment-coded model: the first non-empty `group` of table `source`
/// that is not among `with_term` (the groups with a term of their own); `None` without the table,
/// its column or such a group.
pub fn reference_group(
    tables: &[Table],
    source: &str,
    figure: &str,
    with_term: &[&str],
) -> Option<String> {
    find(tables, source)
        .and_then(|t| Cols::new(t, figure).text("group").ok())
        .and_then(|g| {
            g.into_iter()
                .find(|g| !g.is_empty() && !with_term.contains(&g.as_str()))
        })
}

/// The table of that name, if the run produced it.
pub fn find<'a>(tables: &'a [Table], name: &str) -> Option<&'a Table> {
    tables.iter().find(|t| t.name == name)
}

/// A table's columns, read as text or numbers, with errors naming the figure.
pub struct Cols<'a> {
    table: &'a Table,
    figure: &'a str,
}

impl<'a> Cols<'a> {
    /// Wraps `table` for figure `figure`.
    pub fn new(table: &'a Table, figure: &'a str) -> Cols<'a> {
        Cols { table, figure }
    }

    fn col(&self, name: &str) -> Result<&'a Values, ChartError> {
        self.table
            .column(name)
            .map(|c| &c.values)
            .ok_or_else(|| ChartError::Column {
                figure: self.figure.to_string(),
                table: self.table.name.clone(),
                column: name.to_string(),
            })
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.table.height()
    }

    /// A column as text (numbers written plainly, missing → empty string).
    pub fn text(&self, name: &str) -> Result<Vec<String>, ChartError> {
        let v = self.col(name)?;
        Ok((0..v.len()).map(|i| text_at(v, i)).collect())
    }

    /// The rows `rows` of a column as text (as [`Cols::text`]).
    pub fn text_rows(&self, name: &str, rows: &[usize]) -> Result<Vec<String>, ChartError> {
        let v = self.col(name)?;
        Ok(rows.iter().map(|&i| text_at(v, i)).collect())
    }

    /// The rows `rows` of a column as numbers (as [`Cols::num`]).
    pub fn num_rows(&self, name: &str, rows: &[usize]) -> Result<Vec<Option<f64>>, ChartError> {
        let v = self.col(name)?;
        Ok(rows.iter().map(|&i| num_at(v, i)).collect())
    }

    /// Row numbers of each value of a column (missing values under the empty string), in row
    /// order: one pass, for figures that each read the rows of one PTCE.
    pub fn rows_by(&self, name: &str) -> Result<BTreeMap<String, Vec<usize>>, ChartError> {
        let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let v = self.text(name)?;
        for (i, x) in v.into_iter().enumerate() {
            out.entry(x).or_default().push(i);
        }
        Ok(out)
    }

    /// A column as numbers (text parsed, unparsable or missing → `None`).
    pub fn num(&self, name: &str) -> Result<Vec<Option<f64>>, ChartError> {
        let v = self.col(name)?;
        Ok((0..v.len()).map(|i| num_at(v, i)).collect())
    }

    /// A numeric column if present, `None` if the table lacks it (optional columns).
    pub fn num_opt(&self, name: &str) -> Option<Vec<Option<f64>>> {
        self.table.column(name).and_then(|_| self.num(name).ok())
    }
}

/// Distinct values in order of first appearance.
pub fn distinct(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// Orders stage ids (given in order of first appearance, i.e. model order): S1, S2, S3 first,
/// then custom ids in their given order, then D, then the snapshot `all`.
pub fn stage_order(stages: &mut [String]) {
    let rank = |s: &str| match s {
        "S1" => 0,
        "S2" => 1,
        "S3" => 2,
        "D" => 4,
        "all" => 5,
        _ => 3,
    };
    stages.sort_by_key(|a| rank(a));
}

/// Rank of a custom stage id among the custom ids (for its colour).
pub fn custom_rank(stage: &str, all: &[String]) -> usize {
    all.iter()
        .filter(|s| !matches!(s.as_str(), "S1" | "S2" | "S3" | "D"))
        .position(|s| s == stage)
        .unwrap_or(0)
}

/// Territory group of each PTCE (`territories.group`; empty when absent or unclassified).
pub fn ptce_groups(tables: &[Table]) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    if let Some(t) = find(tables, "territories") {
        let c = Cols::new(t, "territories");
        if let (Ok(ids), Ok(groups)) = (c.text("ptce_id"), c.text("group")) {
            for (id, g) in ids.into_iter().zip(groups) {
                out.insert(id, g.trim().to_lowercase());
            }
        }
    }
    out
}

/// Orders territory groups: urban, rural, other names alphabetically, unclassified (empty) last.
pub fn group_order(groups: &mut Vec<String>) {
    groups.sort();
    groups.dedup();
    let rank = |g: &str| match g {
        "urban" => 0,
        "rural" => 1,
        "" => 3,
        _ => 2,
    };
    groups.sort_by_key(|g| rank(g));
}

/// Stage labels in `lang` as the stage model gives them (`stages.label_fr` / `label_en`, written
/// by the stage step from `study.toml`); ids without a label there get [`stage_label`]'s
/// default (the default model's label, or the id itself).
///
/// [`stage_label`]: super::i18n::stage_label
pub fn stage_labels(
    tables: &[Table],
    lang: super::Lang,
) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let col = lang.pick("label_fr", "label_en");
    if let Some(t) = find(tables, "stages") {
        let c = Cols::new(t, "stages");
        if let (Ok(ids), Ok(labels)) = (c.text("stage"), c.text(col)) {
            for (id, l) in ids.into_iter().zip(labels) {
                if !l.trim().is_empty() {
                    out.entry(id).or_insert(l);
                }
            }
        }
    }
    out
}

/// The label of stage `id`: from `labels` ([`stage_labels`]) or the default.
pub fn stage_name(
    id: &str,
    labels: &std::collections::BTreeMap<String, String>,
    lang: super::Lang,
) -> String {
    labels
        .get(id)
        .cloned()
        .unwrap_or_else(|| super::i18n::stage_label(id, lang))
}

/// A PTCE id made safe for a file name (letters, digits, `-`, `_`; others → `_`).
pub fn file_safe(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Median and quartiles (type 7, as R's default) of finite values; `None` when empty.
pub fn quartiles(values: &[f64]) -> Option<(f64, f64, f64)> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (v.len() - 1) as f64 * p;
        let lo = h.floor() as usize;
        let hi = h.ceil() as usize;
        v[lo] + (h - lo as f64) * (v[hi] - v[lo])
    };
    Some((q(0.25), q(0.5), q(0.75)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_match_r_type_7() {
        // R: quantile(c(1, 2, 3, 4, 10), c(.25, .5, .75)) = 2, 3, 4
        assert_eq!(
            quartiles(&[10.0, 1.0, 3.0, 2.0, 4.0]),
            Some((2.0, 3.0, 4.0))
        );
        // R: quantile(c(1, 2, 3, 4), c(.25, .5, .75)) = 1.75, 2.5, 3.25
        assert_eq!(quartiles(&[1.0, 2.0, 3.0, 4.0]), Some((1.75, 2.5, 3.25)));
        assert_eq!(quartiles(&[]), None);
    }

    #[test]
    fn stage_ids_ordered() {
        let mut s: Vec<String> = ["all", "D", "X", "S2", "B", "S1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        stage_order(&mut s);
        assert_eq!(s, ["S1", "S2", "X", "B", "D", "all"]);
        assert_eq!(file_safe("P 01/é"), "P_01__");
    }

    #[test]
    fn columns_read_any_type() {
        let t = Table::new("t")
            .str("a", [Some("1.5"), None])
            .int("b", [Some(2), None]);
        let c = Cols::new(&t, "f");
        assert_eq!(c.num("a").unwrap(), vec![Some(1.5), None]);
        assert_eq!(c.text("b").unwrap(), vec!["2".to_string(), String::new()]);
        assert!(matches!(c.num("zz"), Err(ChartError::Column { .. })));
    }
}
