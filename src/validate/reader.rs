//! Typed access to the cells of a raw table, recording a [`Problem`] for every cell that does
//! not read as its column's type.

use super::cells::{self, is_null};
use super::problem::{Problem, Severity};
use crate::date::PartialDate;
use crate::load::{RawRow, RawTable};

/// A table with its columns resolved against the contract.
pub struct TableReader<'a> {
    pub table: &'a RawTable,
    columns: Vec<(&'static str, Option<usize>)>,
}

/// Columns of one table: name and whether required.
pub type Spec = &'static [(&'static str, bool)];

/// The header that most likely meant the missing column `name`: among the headers that name no
/// column of `spec`, one whose words (split at `_`) hold all of `name`'s or are all among them
/// (`date_joined` or `id_org` for `org_id`… `PTCE` for `ptce_id`), or within two edits of it
/// (`orgid`, `actor_typ`); the closest by edits first, then the leftmost.
fn near_header<'t>(table: &'t RawTable, spec: Spec, name: &str) -> Option<&'t str> {
    fn words(s: &str) -> Vec<&str> {
        s.split('_').filter(|w| !w.is_empty()).collect()
    }
    let wanted = words(name);
    table
        .headers
        .iter()
        .filter_map(|h| {
            let key = crate::load::text::name_key(h);
            if key.is_empty() || spec.iter().any(|(n, _)| *n == key) {
                return None;
            }
            let have = words(&key);
            let part = wanted.iter().all(|w| have.contains(w))
                || (!have.is_empty() && have.iter().all(|w| wanted.contains(w)));
            let d = cells::edit_distance(&key, name);
            (part || d <= 2).then_some((d, h.as_str()))
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, h)| h)
}

impl<'a> TableReader<'a> {
    /// Resolves `spec` against the header; records an error per missing required column and
    /// returns `None` if any is missing (the rows cannot be typed).
    pub fn new(table: &'a RawTable, spec: Spec, problems: &mut Vec<Problem>) -> Option<Self> {
        let mut ok = true;
        let mut columns = Vec::with_capacity(spec.len());
        for &(name, required) in spec {
            let idx = table.column(name);
            if idx.is_none() && required {
                ok = false;
                let found = table.headers.join(", ");
                let hint = near_header(table, spec, name)
                    .map(|h| format!("; did you mean {h:?}? (rename it {name:?})"))
                    .unwrap_or_default();
                problems.push(Problem {
                    severity: Severity::Error,
                    file: table.file.clone(),
                    line: Some(1),
                    column: None,
                    column_name: Some(name.to_string()),
                    value: None,
                    message: format!(
                        "required column is missing from the header; expected a column named {name:?} (found: {found}){hint}"
                    ),
                });
            }
            columns.push((name, idx));
        }
        // Duplicate header names make "match by name" ambiguous.
        let mut seen: Vec<String> = Vec::new();
        for (i, h) in table.headers.iter().enumerate() {
            let lower = crate::load::text::name_key(h);
            if !lower.is_empty() && seen.contains(&lower) && spec.iter().any(|(n, _)| *n == lower) {
                ok = false;
                problems.push(Problem::cell(
                    Severity::Error,
                    &table.file,
                    1,
                    Some((i, h)),
                    Some(h),
                    "column name appears twice in the header; expected each column once",
                ));
            }
            seen.push(lower);
        }
        ok.then_some(TableReader { table, columns })
    }

    /// Rows of the table, each with a typed accessor.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        self.table.rows.iter().map(move |r| Row {
            reader: self,
            row: r,
        })
    }
}

/// One row, read through the contract's columns.
pub struct Row<'a> {
    reader: &'a TableReader<'a>,
    pub row: RawRow<'a>,
}

impl<'a> Row<'a> {
    /// Line of the row in its file.
    pub fn line(&self) -> usize {
        self.row.line
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.reader
            .columns
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, i)| *i)
    }

    /// The raw (trimmed) text of a column, `None` when the column is absent.
    pub fn raw(&self, name: &str) -> Option<&'a str> {
        self.index(name).and_then(|i| self.row.get(i))
    }

    /// A problem located at this row and column.
    pub fn problem(&self, severity: Severity, name: &str, message: String) -> Problem {
        let col = self.index(name).map(|i| (i, name));
        Problem::cell(
            severity,
            &self.reader.table.file,
            self.row.line,
            col,
            self.raw(name),
            message,
        )
    }

    /// Text of an optional column; null markers give `None`.
    pub fn text(&self, name: &str) -> Option<String> {
        self.raw(name)
            .filter(|s| !is_null(s, false))
            .map(str::to_string)
    }

    /// Text of a required column; records an error and returns `None` when empty.
    pub fn required(&self, name: &str, problems: &mut Vec<Problem>) -> Option<String> {
        let v = self.text(name);
        if v.is_none() {
            problems.push(self.problem(
                Severity::Error,
                name,
                format!("value is missing; expected a non-empty {name}"),
            ));
        }
        v
    }

    /// A date (full or partial); records an error when unreadable, or when missing and required.
    pub fn date(
        &self,
        name: &str,
        required: bool,
        problems: &mut Vec<Problem>,
    ) -> Option<PartialDate> {
        let Some(text) = self.text(name) else {
            if required {
                problems.push(self.problem(
                    Severity::Error,
                    name,
                    format!("date is missing; expected {}", crate::date::ACCEPTED),
                ));
            }
            return None;
        };
        match PartialDate::parse(&text) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(self.problem(
                    Severity::Error,
                    name,
                    format!("{text:?} is not a valid date; expected {e}"),
                ));
                None
            }
        }
    }

    /// Reads the dates of columns `start` and `end` (`start` required, `end` optional) and
    /// records an error at `end` when it is before `start`.
    ///
    /// # Returns
    /// Both dates as read (an `end` before `start` is kept: the error stops the run).
    pub fn span(
        &self,
        start: &str,
        end: &str,
        problems: &mut Vec<Problem>,
    ) -> (Option<PartialDate>, Option<PartialDate>) {
        let (from, to) = (
            self.date(start, true, problems),
            self.date(end, false, problems),
        );
        if let (Some(s), Some(e)) = (from, to) {
            if e < s {
                problems.push(self.problem(
                    Severity::Error,
                    end,
                    format!("{end} {e} is before {start} {s}; expected a date on or after {start}"),
                ));
            }
        }
        (from, to)
    }

    /// The tie weight of column `weight`: 1 when empty or unreadable (the latter recorded by
    /// [`Row::number`]), `None` (an error recorded) when it is not positive.
    pub fn weight(&self, problems: &mut Vec<Problem>) -> Option<f64> {
        match self.number("weight", problems) {
            None => Some(1.0),
            Some(w) if w > 0.0 => Some(w),
            Some(w) => {
                problems.push(self.problem(
                    Severity::Error,
                    "weight",
                    format!("weight {w} is not positive; expected a number > 0 (empty means 1)"),
                ));
                None
            }
        }
    }

    /// A value of a closed vocabulary, with the nearest allowed value suggested on error.
    pub fn vocab<T>(
        &self,
        name: &str,
        required: bool,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &[&'static str],
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        let Some(text) = self.text(name) else {
            if required {
                problems.push(self.problem(
                    Severity::Error,
                    name,
                    format!("value is missing; expected one of {}", allowed.join(", ")),
                ));
            }
            return None;
        };
        let v = parse(&text);
        if v.is_none() {
            let hint = cells::nearest(&text, allowed)
                .map(|s| format!("; did you mean {s:?}?"))
                .unwrap_or_default();
            problems.push(self.problem(
                Severity::Error,
                name,
                format!(
                    "{text:?} is not an allowed value; expected one of {}{hint}",
                    allowed.join(", ")
                ),
            ));
        }
        v
    }

    /// A number (decimal comma accepted); `None` when null or unreadable (recorded).
    pub fn number(&self, name: &str, problems: &mut Vec<Problem>) -> Option<f64> {
        let raw = self.raw(name)?;
        if is_null(raw, true) {
            return None;
        }
        let v = cells::parse_number(raw);
        if v.is_none() {
            problems.push(self.problem(
                Severity::Error,
                name,
                format!("{raw:?} is not a number; expected a number such as 12 or 3,5"),
            ));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::table::parse_csv;

    /// A missing required column names the header that most likely meant it.
    #[test]
    fn a_missing_column_names_the_header_that_meant_it() {
        const SPEC: Spec = &[
            ("ptce_id", true),
            ("org_id", true),
            ("joined", true),
            ("left", false),
            ("role", true),
        ];
        let csv = "PTCE,orgid,date_joined,left,Rôle,note\nP1,O1,2016,,member,x\n";
        let table = parse_csv("memberships.csv", csv.as_bytes()).unwrap();
        let mut p = Vec::new();
        assert!(TableReader::new(&table, SPEC, &mut p).is_none());
        let hints: Vec<(&str, &str)> = p
            .iter()
            .map(|q| {
                let said = q.message.split("did you mean ").nth(1).unwrap_or("");
                (q.column_name.as_deref().unwrap_or(""), said)
            })
            .collect();
        assert_eq!(
            hints,
            vec![
                ("ptce_id", "\"PTCE\"? (rename it \"ptce_id\")"),
                ("org_id", "\"orgid\"? (rename it \"org_id\")"),
                ("joined", "\"date_joined\"? (rename it \"joined\")"),
            ]
        );
        // Nothing near: the plain message.
        let table = parse_csv("memberships.csv", "a,b\n1,2\n".as_bytes()).unwrap();
        let mut p = Vec::new();
        assert!(TableReader::new(&table, SPEC, &mut p).is_none());
        assert!(p.iter().all(|q| !q.message.contains("did you mean")));
    }
}
