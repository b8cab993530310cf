//! `tables/comparison_k.csv`: Kruskal–Wallis over all groups and Dunn's pairwise post-hoc
//! (issue 5, item 3), for groupings of more than two groups such as DENS_AAV.

use super::durations::{k_duration_rows, StageDuration};
use super::{bh_by_family, collect_values, split_by_group, CompareConfig, Groups, MeasureValue};
use crate::stats::{dunn, kruskal_wallis, median};
use crate::table::Table;

/// One row: a Kruskal–Wallis test (`test = kruskal_wallis`) or a Dunn pair (`test = dunn`).
#[derive(Debug, Clone, PartialEq)]
struct KRow {
    measure: String,
    population: Option<String>,
    dimension: Option<String>,
    snapshot: String,
    family: String,
    test: &'static str,
    groups: String,
    group_a: Option<String>,
    group_b: Option<String>,
    n: usize,
    n_a: Option<usize>,
    n_b: Option<usize>,
    median_a: Option<f64>,
    median_b: Option<f64>,
    statistic: Option<f64>,
    df: Option<usize>,
    p_value: Option<f64>,
    p_adjusted: Option<f64>,
    status: String,
}

/// Kruskal–Wallis and Dunn's post-hoc for every measure × snapshot, and for the stage
/// durations the log-rank or Gray's test over all groups ([`super::durations`]; pairs in
/// `comparison`).
///
/// Groups with fewer than `min_group_size` values are left out of the test (named in `status`);
/// the test runs when at least two groups remain. The Kruskal–Wallis p-values are BH-adjusted
/// within each family (one snapshot × one kind of measure); Dunn's p-values are BH-adjusted over
/// the pairs of the same test (`stats::dunn`).
///
/// # Arguments
/// * `values` - long-form measure values (undefined values left out).
/// * `durations` - every PTCE × entered stage, censored ones included (rows `test` = `log_rank`
///   or `gray`, after the other measures).
/// * `groups` - the groups and each PTCE's group.
/// * `cfg` - `min_group_size` is used.
///
/// # Returns
/// The table `comparison_k`: `measure`, `population`, `dimension`, `snapshot`, `test`
/// (`kruskal_wallis` | `dunn` | `log_rank` | `gray`), `groups` (tested groups, `|`-separated), `group_a`, `group_b`
/// (Dunn rows), `n`, `n_a`, `n_b`, `median_a`, `median_b`, `statistic` (H, Dunn's z or χ²), `df`,
/// `p_value`, `p_adjusted`, `status`. Rows sorted as the `comparison` table, each test followed by
/// its pairs.
///
/// # Complexity
/// O(Σ N log N + k²) over measure × snapshot.
pub fn compare_k_groups_table(
    values: &[MeasureValue],
    durations: &[StageDuration],
    groups: &Groups,
    cfg: &CompareConfig,
) -> Table {
    let min = cfg.min_group_size.max(1);
    let mut rows: Vec<KRow> = Vec::new();
    for ((key, (_, snapshot)), by_ptce) in collect_values(values) {
        let split = split_by_group(&by_ptce, groups);
        let sizes: Vec<usize> = split.iter().map(Vec::len).collect();
        let (kept, note) = super::kept_groups(&sizes, groups, min);
        let samples: Vec<&[f64]> = kept.iter().map(|&g| split[g].as_slice()).collect();
        let names: Vec<&str> = kept.iter().map(|&g| groups.names[g].as_str()).collect();
        let base = KRow {
            measure: key.measure.to_string(),
            population: key.population.map(str::to_string),
            dimension: key.dimension.map(str::to_string),
            snapshot: snapshot.clone(),
            family: key.family.to_string(),
            test: "kruskal_wallis",
            groups: names.join("|"),
            group_a: None,
            group_b: None,
            n: samples.iter().map(|s| s.len()).sum(),
            n_a: None,
            n_b: None,
            median_a: None,
            median_b: None,
            statistic: None,
            df: None,
            p_value: None,
            p_adjusted: None,
            status: String::new(),
        };
        if kept.len() < 2 {
            rows.push(KRow {
                status: format!("not_tested: fewer than 2 groups with enough values{note}"),
                ..base
            });
            continue;
        }
        let kw = kruskal_wallis(&samples);
        rows.push(KRow {
            statistic: kw.as_ref().map(|k| k.h),
            df: kw.as_ref().map(|k| k.df),
            p_value: kw.as_ref().map(|k| k.p_value),
            status: match kw {
                Some(_) => format!("tested{note}"),
                None => format!("tested: undefined (all values equal){note}"),
            },
            ..base.clone()
        });
        for pair in dunn(&samples).unwrap_or_default() {
            let (a, b) = (samples[pair.i], samples[pair.j]);
            rows.push(KRow {
                test: "dunn",
                group_a: Some(names[pair.i].to_string()),
                group_b: Some(names[pair.j].to_string()),
                n: a.len() + b.len(),
                n_a: Some(a.len()),
                n_b: Some(b.len()),
                median_a: median(a),
                median_b: median(b),
                statistic: Some(pair.z),
                p_value: Some(pair.p_value),
                p_adjusted: Some(pair.p_adjusted),
                status: "tested".to_string(),
                ..base.clone()
            });
        }
    }
    for d in k_duration_rows(durations, groups, min) {
        rows.push(KRow {
            measure: super::durations::DURATION.to_string(),
            population: None,
            dimension: None,
            snapshot: d.stage,
            family: "stage".to_string(),
            test: d.test.as_str(),
            groups: d.groups.join("|"),
            group_a: None,
            group_b: None,
            n: d.n,
            n_a: None,
            n_b: None,
            median_a: None,
            median_b: None,
            statistic: d.result.map(|r| r.0),
            df: d.result.map(|r| r.1),
            p_value: d.result.map(|r| r.2),
            p_adjusted: None,
            status: d.status,
        });
    }
    let kw_p: Vec<Option<f64>> = rows
        .iter()
        .map(|r| {
            if r.test != "dunn" && super::is_primary(&r.family, &r.measure) {
                r.p_value
            } else {
                None
            }
        })
        .collect();
    let family: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.snapshot.clone(), r.family.clone()))
        .collect();
    for (r, a) in rows.iter_mut().zip(bh_by_family(&kw_p, &family)) {
        if r.test != "dunn" {
            r.p_adjusted = a;
        }
    }
    k_table(&rows)
}

fn k_table(rows: &[KRow]) -> Table {
    let int = |v: Option<usize>| v.map(|n| n as i64);
    Table::new("comparison_k")
        .str("measure", rows.iter().map(|r| Some(r.measure.clone())))
        .str("population", rows.iter().map(|r| r.population.clone()))
        .str("dimension", rows.iter().map(|r| r.dimension.clone()))
        .str("snapshot", rows.iter().map(|r| Some(r.snapshot.clone())))
        .str("test", rows.iter().map(|r| Some(r.test)))
        .str("groups", rows.iter().map(|r| Some(r.groups.clone())))
        .str("group_a", rows.iter().map(|r| r.group_a.clone()))
        .str("group_b", rows.iter().map(|r| r.group_b.clone()))
        .int("n", rows.iter().map(|r| Some(r.n as i64)))
        .int("n_a", rows.iter().map(|r| int(r.n_a)))
        .int("n_b", rows.iter().map(|r| int(r.n_b)))
        .float("median_a", rows.iter().map(|r| r.median_a))
        .float("median_b", rows.iter().map(|r| r.median_b))
        .float("statistic", rows.iter().map(|r| r.statistic))
        .int("df", rows.iter().map(|r| int(r.df)))
        .float("p_value", rows.iter().map(|r| r.p_value))
        .float("p_adjusted", rows.iter().map(|r| r.p_adjusted))
        .str("status", rows.iter().map(|r| Some(r.status.clone())))
}
