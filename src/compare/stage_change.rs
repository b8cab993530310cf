//! `tables/stage_change.csv`: change of each network and diversity measure within each PTCE from
//! one stage snapshot to the next (issue 5, item 5) — the Wilcoxon signed-rank test over PTCEs
//! of the paired values, and the comparison of the changes between groups (Mann–Whitney U,
//! Cliff's delta).

use std::collections::BTreeMap;

use super::{bh_by_family, collect_values, CompareConfig, Groups, MeasureKey, MeasureValue};
use crate::stats::{cliffs_delta, mann_whitney, median, wilcoxon_signed_rank};
use crate::table::Table;

/// One row: one measure × one transition × one pair of groups.
#[derive(Debug, Clone, PartialEq)]
struct ChangeRow {
    key: MeasureKey,
    from: String,
    to: String,
    changes: Vec<f64>,
    by_group: (Option<String>, Option<String>, Vec<f64>, Vec<f64>),
    wilcoxon_statistic: Option<f64>,
    wilcoxon_p: Option<f64>,
    wilcoxon_p_adjusted: Option<f64>,
    u: Option<f64>,
    p_value: Option<f64>,
    p_adjusted: Option<f64>,
    cliffs: Option<crate::stats::CliffsDelta>,
    status: String,
}

/// Mean of the changes, summed in increasing order (the same bits for any order of the PTCEs).
fn mean(x: &[f64]) -> Option<f64> {
    (!x.is_empty()).then(|| crate::stats::order::content_sum(x.iter().copied()) / x.len() as f64)
}

/// Change of every network and diversity measure from each stage to the next.
///
/// # Arguments
/// * `values` - long-form measure values; the stage snapshots are those whose `snapshot` is a
///   stage id (kinds other than `network` and `diversity` are ignored).
/// * `stages` - stage ids in the model's order (S1, S2, S3): transitions are consecutive pairs.
/// * `groups` - the groups compared (the Wilcoxon test uses every PTCE with both values).
/// * `cfg` - `min_group_size` (also the smallest number of pairs for the Wilcoxon test).
///
/// # Returns
/// The table `stage_change`: `measure`, `population`, `dimension`, `from_stage`, `to_stage`,
/// `n` (PTCEs with both values), `mean_change`, `median_change` (change = value at `to_stage` −
/// value at `from_stage`), `wilcoxon_statistic` (scipy's min(R⁺, R⁻)), `wilcoxon_p`,
/// `wilcoxon_p_adjusted`, `group_a`, `group_b`, `n_a`, `n_b`, `median_change_a`,
/// `median_change_b`, `u`, `p_value`, `p_adjusted`, `cliffs_delta`, `magnitude`, `status`.
/// BH families: one transition × one kind of measure (× one pair of groups for `p_adjusted`).
///
/// # Complexity
/// O(Σ n log n) over measures × transitions.
pub fn stage_change_table(
    values: &[MeasureValue],
    stages: &[String],
    groups: &Groups,
    cfg: &CompareConfig,
) -> Table {
    let min = cfg.min_group_size.max(1);
    let mut per_key: BTreeMap<MeasureKey, BTreeMap<String, &super::ByPtce>> = BTreeMap::new();
    let collected = collect_values(values);
    for ((key, (_, snapshot)), by_ptce) in &collected {
        if (key.family == "network" || key.family == "diversity") && stages.contains(snapshot) {
            per_key
                .entry(key.clone())
                .or_default()
                .insert(snapshot.clone(), by_ptce);
        }
    }
    let empty = super::ByPtce::new();
    let mut rows = Vec::new();
    for (key, snaps) in &per_key {
        for w in stages.windows(2) {
            let (from, to) = (&w[0], &w[1]);
            let (a, b) = (
                snaps.get(from).copied().unwrap_or(&empty),
                snaps.get(to).copied().unwrap_or(&empty),
            );
            let mut x_to = Vec::new();
            let mut y_from = Vec::new();
            let mut per_group = vec![Vec::new(); groups.names.len()];
            for (p, &v0) in a {
                let Some(&v1) = b.get(p) else { continue };
                x_to.push(v1);
                y_from.push(v0);
                if let Some(&g) = groups.of_ptce.get(p) {
                    per_group[g].push(v1 - v0);
                }
            }
            let changes: Vec<f64> = x_to.iter().zip(&y_from).map(|(x, y)| x - y).collect();
            let w = (changes.len() >= min)
                .then(|| wilcoxon_signed_rank(&x_to, &y_from))
                .flatten();
            let mut pairs: Vec<Option<(usize, usize)>> =
                groups.pairs().into_iter().map(Some).collect();
            if pairs.is_empty() {
                pairs.push(None); // fewer than two groups: the Wilcoxon test alone
            }
            let none = Vec::new();
            for pair in pairs {
                let (ca, cb) = match pair {
                    Some((i, j)) => (&per_group[i], &per_group[j]),
                    None => (&none, &none),
                };
                let name = |k: Option<usize>| k.map(|k| groups.names[k].clone());
                let (na, nb) = (name(pair.map(|p| p.0)), name(pair.map(|p| p.1)));
                let tested = pair.is_some() && ca.len() >= min && cb.len() >= min;
                let mw = tested.then(|| mann_whitney(ca, cb)).flatten();
                let status = match (&na, &nb) {
                    _ if tested => "tested".to_string(),
                    (Some(a), Some(b)) => format!(
                        "groups not tested: {a} has {}, {b} has {} (minimum {min})",
                        ca.len(),
                        cb.len()
                    ),
                    _ => "groups not tested: fewer than two groups".to_string(),
                };
                let status = if changes.len() < min {
                    format!(
                        "wilcoxon not tested: {} pairs (minimum {min}); {status}",
                        changes.len()
                    )
                } else {
                    status
                };
                rows.push(ChangeRow {
                    key: key.clone(),
                    from: from.clone(),
                    to: to.clone(),
                    changes: changes.clone(),
                    by_group: (na, nb, ca.clone(), cb.clone()),
                    wilcoxon_statistic: w.as_ref().map(|w| w.statistic),
                    wilcoxon_p: w.as_ref().map(|w| w.p_value),
                    wilcoxon_p_adjusted: None,
                    u: mw.as_ref().map(|m| m.u),
                    p_value: mw.as_ref().map(|m| m.p_value),
                    p_adjusted: None,
                    cliffs: if tested { cliffs_delta(ca, cb) } else { None },
                    status,
                });
            }
        }
    }
    adjust(&mut rows);
    change_table(&rows)
}

/// BH within families: the Wilcoxon p-values per (transition, kind) — counted once per measure
/// even when several pairs of groups repeat it — and the group p-values per (transition, kind,
/// pair).
fn adjust(rows: &mut [ChangeRow]) {
    let first_pair: Vec<bool> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            i == 0 || {
                let p = &rows[i - 1];
                (&p.key, &p.from, &p.to) != (&r.key, &r.from, &r.to)
            }
        })
        .collect();
    let wp: Vec<Option<f64>> = rows
        .iter()
        .zip(&first_pair)
        .map(|(r, &f)| {
            let primary = super::is_primary(r.key.family, r.key.measure);
            if f && primary {
                r.wilcoxon_p
            } else {
                None
            }
        })
        .collect();
    let fam: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r.from.clone(), r.to.clone(), r.key.family.to_string()))
        .collect();
    let wadj = bh_by_family(&wp, &fam);
    // Copy each measure's adjusted Wilcoxon p to its other pair rows.
    let mut last = None;
    for (i, r) in rows.iter_mut().enumerate() {
        if first_pair[i] {
            last = wadj[i];
        }
        r.wilcoxon_p_adjusted = last;
    }
    let gp: Vec<Option<f64>> = rows
        .iter()
        .map(|r| {
            r.p_value
                .filter(|_| super::is_primary(r.key.family, r.key.measure))
        })
        .collect();
    type Fam = (String, String, String, Option<String>, Option<String>);
    let gfam: Vec<Fam> = rows
        .iter()
        .map(|r| {
            let (a, b, _, _) = &r.by_group;
            (
                r.from.clone(),
                r.to.clone(),
                r.key.family.to_string(),
                a.clone(),
                b.clone(),
            )
        })
        .collect();
    for (r, a) in rows.iter_mut().zip(bh_by_family(&gp, &gfam)) {
        r.p_adjusted = a;
    }
}

fn change_table(rows: &[ChangeRow]) -> Table {
    Table::new("stage_change")
        .str(
            "measure",
            rows.iter().map(|r| Some(r.key.measure.to_string())),
        )
        .str(
            "population",
            rows.iter().map(|r| r.key.population.map(str::to_string)),
        )
        .str(
            "dimension",
            rows.iter().map(|r| r.key.dimension.map(str::to_string)),
        )
        .str("from_stage", rows.iter().map(|r| Some(r.from.clone())))
        .str("to_stage", rows.iter().map(|r| Some(r.to.clone())))
        .int("n", rows.iter().map(|r| Some(r.changes.len() as i64)))
        .float("mean_change", rows.iter().map(|r| mean(&r.changes)))
        .float("median_change", rows.iter().map(|r| median(&r.changes)))
        .float(
            "wilcoxon_statistic",
            rows.iter().map(|r| r.wilcoxon_statistic),
        )
        .float("wilcoxon_p", rows.iter().map(|r| r.wilcoxon_p))
        .float(
            "wilcoxon_p_adjusted",
            rows.iter().map(|r| r.wilcoxon_p_adjusted),
        )
        .str("group_a", rows.iter().map(|r| r.by_group.0.clone()))
        .str("group_b", rows.iter().map(|r| r.by_group.1.clone()))
        .int("n_a", rows.iter().map(|r| Some(r.by_group.2.len() as i64)))
        .int("n_b", rows.iter().map(|r| Some(r.by_group.3.len() as i64)))
        .float(
            "median_change_a",
            rows.iter().map(|r| median(&r.by_group.2)),
        )
        .float(
            "median_change_b",
            rows.iter().map(|r| median(&r.by_group.3)),
        )
        .float("u", rows.iter().map(|r| r.u))
        .float("p_value", rows.iter().map(|r| r.p_value))
        .float("p_adjusted", rows.iter().map(|r| r.p_adjusted))
        .float(
            "cliffs_delta",
            rows.iter().map(|r| r.cliffs.map(|c| c.delta)),
        )
        .str(
            "magnitude",
            rows.iter().map(|r| r.cliffs.map(|c| c.magnitude.label())),
        )
        .str("status", rows.iter().map(|r| Some(r.status.clone())))
}
