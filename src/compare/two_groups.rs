//! `tables/comparison.csv`: every measure × snapshot compared between two groups (issue 5, item 2).

use rayon::prelude::*;

use super::duration_stats::DurationStats;
use super::{bh_by_family, collect_values, split_by_group, CompareConfig, Groups, MeasureValue};
use crate::stats::rng::derive_seed;
use crate::stats::{compare_two_groups, NotTested, Summary, TwoGroupStats};
use crate::table::Table;

/// One row of the comparison before the table is written.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonRow {
    /// Kind of measure (`network`, `diversity`, `stage`).
    pub family: String,
    /// Measure name.
    pub measure: String,
    /// Diversity population.
    pub population: Option<String>,
    /// Diversity dimension.
    pub dimension: Option<String>,
    /// Snapshot.
    pub snapshot: String,
    /// First group of the pair.
    pub group_a: String,
    /// Second group of the pair.
    pub group_b: String,
    /// All statistics of the pair.
    pub stats: TwoGroupStats,
    /// Benjamini–Hochberg adjusted Mann–Whitney p within the family.
    pub p_adjusted: Option<f64>,
    /// `tested`, `cannot_reject` (the test cannot reach p < 0.05 at these sizes), or why not.
    pub status: String,
    /// Whether the measure is primary ([`super::is_primary`]): only primary, testable rows enter
    /// the Benjamini–Hochberg family.
    pub primary: bool,
    /// For a stage duration, the censoring-aware test that replaces the rank statistics
    /// ([`super::durations`]); `None` for the other measures.
    pub durations: Option<DurationStats>,
}

/// Status text of a row.
pub(crate) fn status_of(stats: &TwoGroupStats, min: usize, a: &str, b: &str) -> String {
    match stats.not_tested {
        Some(NotTested::TooSmall { n_a, n_b }) => {
            let small: Vec<String> = [(a, n_a), (b, n_b)]
                .iter()
                .filter(|(_, n)| *n < min.max(1))
                .map(|(g, n)| format!("{g} has {n}"))
                .collect();
            format!("not_tested: {} (minimum {min})", small.join(", "))
        }
        Some(NotTested::NonFinite) => "not_tested: non-finite value".to_string(),
        None if stats.mann_whitney.is_none() => "tested: Mann–Whitney undefined".to_string(),
        None if stats
            .mann_whitney
            .as_ref()
            .is_some_and(|m| m.min_p > super::TARONE_ALPHA) =>
        {
            "cannot_reject".to_string()
        }
        None => "tested".to_string(),
    }
}

/// Computes every row of the two-group comparison (all pairs of groups, in order).
///
/// # Arguments
/// * `values` - long-form measure values (undefined values are left out).
/// * `groups` - the groups and each PTCE's group.
/// * `cfg` - sizes, budgets, level, bootstrap method.
/// * `seed` - the run's seed; row `r` uses `derive_seed(seed, r)`.
///
/// # Returns
/// The rows, sorted by (kind, measure, population, dimension, snapshot with `all` first, pair).
/// BH adjusts the Mann–Whitney p-values within each family = one snapshot × one kind of measure
/// (× one pair of groups), over the primary measures whose test can reject at 0.05.
///
/// # Complexity
/// O(rows · (permutations + bootstrap) · n), rows in parallel.
pub fn compare_two_groups_rows(
    values: &[MeasureValue],
    groups: &Groups,
    cfg: &CompareConfig,
    seed: u64,
) -> Vec<ComparisonRow> {
    let pairs = groups.pairs();
    let mut tasks = Vec::new();
    for ((key, (_, snapshot)), by_ptce) in collect_values(values) {
        let split = split_by_group(&by_ptce, groups);
        for &(i, j) in &pairs {
            tasks.push((
                key.clone(),
                snapshot.clone(),
                i,
                j,
                split[i].clone(),
                split[j].clone(),
            ));
        }
    }
    let mut rows: Vec<ComparisonRow> = tasks
        .par_iter()
        .enumerate()
        .map(|(r, (key, snapshot, i, j, a, b))| {
            let opts = cfg.two_group_options(derive_seed(seed, r as u64));
            let stats = compare_two_groups(a, b, &opts);
            let (ga, gb) = (&groups.names[*i], &groups.names[*j]);
            ComparisonRow {
                family: key.family.to_string(),
                measure: key.measure.to_string(),
                population: key.population.map(str::to_string),
                dimension: key.dimension.map(str::to_string),
                snapshot: snapshot.clone(),
                group_a: ga.clone(),
                group_b: gb.clone(),
                status: status_of(&stats, cfg.min_group_size, ga, gb),
                primary: super::is_primary(key.family, key.measure),
                stats,
                p_adjusted: None,
                durations: None,
            }
        })
        .collect();
    // Secondary measures and tests that cannot reject leave the family (issue 16).
    let p: Vec<Option<f64>> = rows
        .iter()
        .map(|r| {
            let in_family = r.primary && r.status == "tested";
            r.stats
                .mann_whitney
                .as_ref()
                .map(|m| m.p_value)
                .filter(|_| in_family)
        })
        .collect();
    let family: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| (&*r.snapshot, &*r.family, &*r.group_a, &*r.group_b))
        .collect();
    let adjusted = bh_by_family(&p, &family);
    for (row, a) in rows.iter_mut().zip(adjusted) {
        row.p_adjusted = a;
    }
    rows
}

/// The table `comparison` of the two-group rows (columns in `docs/statistics.md`).
///
/// # Arguments
/// * `values`, `groups`, `cfg`, `seed` - as [`compare_two_groups_rows`].
///
/// # Returns
/// The table `comparison`: `measure`, `population`, `dimension`, `snapshot`, `group_a`,
/// `group_b`, `n_a`, `n_b`, `mean_a`, `sd_a`, `median_a`, `q1_a`, `q3_a`, `min_a`, `max_a`, the
/// same for `b`, `u`, `p_value`, `p_adjusted`, `cliffs_delta`, `magnitude`, `ci_low`, `ci_high`,
/// `permutation_p`, `n_permutations`, `status`, `primary`, `test`, `chi2`, `n_censored_a`,
/// `n_censored_b`, `n_competing_a`, `n_competing_b`.
///
/// # Complexity
/// That of [`compare_two_groups_rows`].
///
/// # Examples
/// ```
/// use ptce::compare::{compare_two_groups_table, CompareConfig, Groups, MeasureValue};
/// let v = |p: &str, x: f64| MeasureValue { ptce_id: p.into(), snapshot: "all".into(),
///     family: "network".into(), measure: "density".into(), population: None,
///     dimension: None, value: Some(x) };
/// let values = vec![v("a", 1.0), v("b", 2.0), v("c", 3.0), v("d", 4.0), v("e", 5.0), v("f", 6.0)];
/// let groups = Groups::from_pairs(&[("a", "urban"), ("b", "urban"), ("c", "urban"),
///     ("d", "rural"), ("e", "rural"), ("f", "rural")], &["urban", "rural"]);
/// let t = compare_two_groups_table(&values, &groups, &CompareConfig::default(), 1);
/// assert_eq!(t.height(), 1);
/// assert_eq!(t.column("u").unwrap().values, ptce::table::Values::Float(vec![Some(0.0)].into()));
/// ```
pub fn compare_two_groups_table(
    values: &[MeasureValue],
    groups: &Groups,
    cfg: &CompareConfig,
    seed: u64,
) -> Table {
    comparison_table(&compare_two_groups_rows(values, groups, cfg, seed))
}

/// Writes rows as the table `comparison`.
///
/// # Arguments
/// * `rows` - the output of [`compare_two_groups_rows`].
///
/// # Returns
/// The table `comparison` (columns as [`compare_two_groups_table`]).
///
/// # Complexity
/// O(rows).
pub fn comparison_table(rows: &[ComparisonRow]) -> Table {
    let s = |f: fn(&ComparisonRow) -> Option<String>| rows.iter().map(f).collect::<Vec<_>>();
    let x = |f: &dyn Fn(&ComparisonRow) -> Option<f64>| rows.iter().map(f).collect::<Vec<_>>();
    let mut t = Table::new("comparison")
        .str("measure", s(|r| Some(r.measure.clone())))
        .str("population", s(|r| r.population.clone()))
        .str("dimension", s(|r| r.dimension.clone()))
        .str("snapshot", s(|r| Some(r.snapshot.clone())))
        .str("group_a", s(|r| Some(r.group_a.clone())))
        .str("group_b", s(|r| Some(r.group_b.clone())))
        .int("n_a", rows.iter().map(|r| Some(n_of(r, 0))))
        .int("n_b", rows.iter().map(|r| Some(n_of(r, 1))));
    type Pick = fn(&Summary) -> Option<f64>;
    let fields: [(&str, Pick); 7] = [
        ("mean", |s| Some(s.mean)),
        ("sd", |s| s.sd),
        ("median", |s| Some(s.median)),
        ("q1", |s| Some(s.q1)),
        ("q3", |s| Some(s.q3)),
        ("min", |s| Some(s.min)),
        ("max", |s| Some(s.max)),
    ];
    for side in ["a", "b"] {
        for (name, pick) in fields {
            let col = x(&|r| {
                let s = if side == "a" {
                    &r.stats.summary_a
                } else {
                    &r.stats.summary_b
                };
                match (&r.durations, name) {
                    (Some(d), "median") => d.median[usize::from(side == "b")],
                    _ => s.as_ref().and_then(pick),
                }
            });
            t = t.float(&format!("{name}_{side}"), col);
        }
    }
    t.float("u", x(&|r| r.stats.mann_whitney.as_ref().map(|m| m.u)))
        .float(
            "p_value",
            x(&|r| match &r.durations {
                Some(d) => d.p_value,
                None => r.stats.mann_whitney.as_ref().map(|m| m.p_value),
            }),
        )
        .float("p_adjusted", x(&|r| r.p_adjusted))
        .float("cliffs_delta", x(&|r| r.stats.cliffs.map(|c| c.delta)))
        .str(
            "magnitude",
            s(|r| r.stats.cliffs.map(|c| c.magnitude.label().to_string())),
        )
        .float("ci_low", x(&|r| r.stats.bootstrap.as_ref().map(|b| b.low)))
        .float(
            "ci_high",
            x(&|r| r.stats.bootstrap.as_ref().map(|b| b.high)),
        )
        .float(
            "permutation_p",
            x(&|r| r.stats.permutation.as_ref().map(|p| p.p_value)),
        )
        .int(
            "n_permutations",
            rows.iter()
                .map(|r| {
                    let p = r.stats.permutation.as_ref()?;
                    i64::try_from(p.n_permutations).ok()
                })
                .collect::<Vec<_>>(),
        )
        .str("status", s(|r| Some(r.status.clone())))
        .str(
            "primary",
            s(|r| Some(if r.primary { "yes" } else { "no" }.to_string())),
        )
        .str(
            "test",
            s(|r| {
                Some(match &r.durations {
                    Some(d) => d.test.as_str().to_string(),
                    None => "mann_whitney".to_string(),
                })
            }),
        )
        .float("chi2", x(&|r| r.durations.as_ref().and_then(|d| d.chi2)))
        .int("n_censored_a", count(rows, |d| d.n_censored[0]))
        .int("n_censored_b", count(rows, |d| d.n_censored[1]))
        .int("n_competing_a", count(rows, |d| d.n_competing[0]))
        .int("n_competing_b", count(rows, |d| d.n_competing[1]))
}

/// A count of the duration rows (empty for the other rows).
fn count(rows: &[ComparisonRow], f: fn(&DurationStats) -> usize) -> Vec<Option<i64>> {
    rows.iter()
        .map(|r| r.durations.as_ref().map(|d| f(d) as i64))
        .collect()
}

/// Size of group a (`side` 0) or b (1): PTCEs that entered the stage for a duration, else the
/// values summarized (0 when empty).
fn n_of(r: &ComparisonRow, side: usize) -> i64 {
    if let Some(d) = &r.durations {
        return d.n[side] as i64;
    }
    let s = if side == 0 {
        &r.stats.summary_a
    } else {
        &r.stats.summary_b
    };
    s.as_ref().map(|s| s.n as i64).unwrap_or(0)
}
