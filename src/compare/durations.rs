//! Stage durations compared with the PTCEs still in the stage (issue 17, point 5): the rows of
//! `comparison` and `comparison_k` about `duration_days` use every PTCE that entered the stage.
//! A PTCE still in the stage at the reference date is censored there; one that left it is an
//! event — or, for a required stage before the formal one, a **competing** event when it left
//! for an optional closing stage (dormancy or dissolution, D), since it can then no longer move
//! on to the next stage.
//!
//! - Stages where a competing exit is possible (a required stage before the formal stage, in a
//!   model that has an optional stage): **Gray's (1988) test** of equal cumulative incidence of
//!   moving on ([`crate::events::gray_test`], R `cmprsk::cuminc(...)$Tests`).
//! - Other stages (the formal stage, whose only exit is D; optional stages): **log-rank test**
//!   ([`crate::stats::log_rank`], R `survival::survdiff`).
//!
//! The choice depends on the stage model, not on whether a competing exit happens to occur in the
//! data. The median shown is the Kaplan–Meier median of the time in the stage, any exit counting
//! as leaving it (R `survfit`); means and quartiles of a censored sample are not estimated.

use std::collections::BTreeMap;

pub use super::duration_stats::{DurationStats, DurationTestKind};
use super::{bh_by_family, CompareConfig, ComparisonRow, Groups};
use crate::events::{gray_test, CompetingObs, CENSORED, COMPETING, EVENT};
use crate::stats::{kaplan_meier, log_rank, ConfType, TwoGroupStats};

/// The measure name of the stage durations in the comparison tables.
pub const DURATION: &str = "duration_days";

/// The time one PTCE spent in one stage it entered.
#[derive(Debug, Clone, PartialEq)]
pub struct StageDuration {
    /// The PTCE.
    pub ptce_id: String,
    /// The stage id.
    pub stage: String,
    /// Days from entry to exit, or to the reference date when still in the stage.
    pub days: f64,
    /// [`EVENT`] (left the stage), [`COMPETING`] (left a required stage for an optional one
    /// before the formal stage) or [`CENSORED`] (still in the stage).
    pub cause: u8,
    /// Whether a competing exit is possible from this stage in the model (then Gray's test).
    pub competing_risk: bool,
}

/// The durations of each stage, by PTCE (a repeated PTCE keeps its first row).
fn by_stage(durations: &[StageDuration]) -> BTreeMap<&str, BTreeMap<&str, &StageDuration>> {
    let mut out: BTreeMap<&str, BTreeMap<&str, &StageDuration>> = BTreeMap::new();
    for d in durations.iter().filter(|d| d.days.is_finite()) {
        out.entry(d.stage.as_str())
            .or_default()
            .entry(d.ptce_id.as_str())
            .or_insert(d);
    }
    out
}

/// The durations of each group, in PTCE-id order.
fn split<'a>(
    rows: &BTreeMap<&str, &'a StageDuration>,
    groups: &Groups,
) -> Vec<Vec<&'a StageDuration>> {
    let mut out = vec![Vec::new(); groups.names.len()];
    for (p, d) in rows {
        if let Some(&g) = groups.of_ptce.get(*p) {
            out[g].push(*d);
        }
    }
    out
}

/// The test of a stage, from its rows.
fn kind_of(rows: &[Vec<&StageDuration>]) -> DurationTestKind {
    if rows.iter().flatten().any(|d| d.competing_risk) {
        DurationTestKind::Gray
    } else {
        DurationTestKind::LogRank
    }
}

/// χ² statistic, degrees of freedom and p-value of the test between the given groups' samples,
/// or the reason it is not defined.
fn test(
    kind: DurationTestKind,
    samples: &[&[&StageDuration]],
) -> Result<(f64, usize, f64), String> {
    match kind {
        DurationTestKind::LogRank => {
            let data: Vec<(Vec<f64>, Vec<bool>)> = samples
                .iter()
                .map(|s| {
                    (
                        s.iter().map(|d| d.days).collect(),
                        s.iter().map(|d| d.cause != CENSORED).collect(),
                    )
                })
                .collect();
            let refs: Vec<(&[f64], &[bool])> = data
                .iter()
                .map(|(t, e)| (t.as_slice(), e.as_slice()))
                .collect();
            log_rank(&refs)
                .map(|r| (r.chi2, r.df, r.p_value))
                .ok_or_else(|| "no PTCE left the stage".to_string())
        }
        DurationTestKind::Gray => {
            let obs: Vec<CompetingObs> = samples
                .iter()
                .enumerate()
                .flat_map(|(g, s)| {
                    s.iter().map(move |d| CompetingObs {
                        time: d.days,
                        cause: d.cause,
                        group: g as u32,
                        entry: 0.0,
                    })
                })
                .collect();
            gray_test(&obs, samples.len(), EVENT)
                .map(|t| (t.statistic, t.df, t.p_value))
                .map_err(|e| e.status().to_string())
        }
    }
}

/// Kaplan–Meier median of the time in the stage, any exit counting as leaving it.
fn km_median(s: &[&StageDuration], level: f64) -> Option<f64> {
    let t: Vec<f64> = s.iter().map(|d| d.days).collect();
    let e: Vec<bool> = s.iter().map(|d| d.cause != CENSORED).collect();
    kaplan_meier(&t, &e, ConfType::LogLog, level)?.median
}

/// One duration row of the two-group comparison.
fn pair_stats(
    kind: DurationTestKind,
    a: &[&StageDuration],
    b: &[&StageDuration],
    level: f64,
) -> DurationStats {
    let count = |s: &[&StageDuration], c: u8| s.iter().filter(|d| d.cause == c).count();
    DurationStats {
        test: kind,
        n: [a.len(), b.len()],
        n_censored: [count(a, CENSORED), count(b, CENSORED)],
        n_competing: [count(a, COMPETING), count(b, COMPETING)],
        median: [km_median(a, level), km_median(b, level)],
        chi2: None,
        p_value: None,
    }
}

/// The duration rows of the two-group comparison (`comparison.csv`), one per stage × pair of
/// groups, sorted by stage then pair; `p_adjusted` is the Benjamini–Hochberg adjustment within
/// one stage × pair (the family of the stage snapshot's `stage` measures).
///
/// # Arguments
/// * `durations` - every PTCE × entered stage ([`StageDuration`]).
/// * `groups` - the groups compared.
/// * `cfg` - `min_group_size` (PTCEs that entered the stage, censored ones included) and
///   `level` (of the Kaplan–Meier median).
///
/// # Returns
/// The rows; their `stats` hold no rank statistics, their `durations` the test.
///
/// # Complexity
/// O(Σ n log n + T·g³) over stages.
pub fn duration_rows(
    durations: &[StageDuration],
    groups: &Groups,
    cfg: &CompareConfig,
) -> Vec<ComparisonRow> {
    let min = cfg.min_group_size.max(1);
    let mut rows = Vec::new();
    for (stage, by_ptce) in by_stage(durations) {
        let split = split(&by_ptce, groups);
        let kind = kind_of(&split);
        for (i, j) in groups.pairs() {
            let (a, b) = (&split[i], &split[j]);
            let (ga, gb) = (&groups.names[i], &groups.names[j]);
            let mut d = pair_stats(kind, a, b, cfg.level);
            let status = if a.len() < min || b.len() < min {
                let small: Vec<String> = [(ga, a.len()), (gb, b.len())]
                    .iter()
                    .filter(|(_, n)| *n < min)
                    .map(|(g, n)| format!("{g} has {n}"))
                    .collect();
                format!("not_tested: {} (minimum {min})", small.join(", "))
            } else {
                match test(kind, &[a, b]) {
                    Ok((chi2, _, p)) => {
                        d.chi2 = Some(chi2);
                        d.p_value = Some(p);
                        format!("tested: {}", kind.words())
                    }
                    Err(why) => format!("not_tested: {} ({why})", kind.as_str()),
                }
            };
            rows.push(ComparisonRow {
                family: "stage".to_string(),
                measure: DURATION.to_string(),
                population: None,
                dimension: None,
                snapshot: stage.to_string(),
                group_a: ga.clone(),
                group_b: gb.clone(),
                stats: TwoGroupStats {
                    summary_a: None,
                    summary_b: None,
                    mann_whitney: None,
                    permutation: None,
                    cliffs: None,
                    bootstrap: None,
                    not_tested: None,
                },
                p_adjusted: None,
                status,
                primary: true,
                durations: Some(d),
            });
        }
    }
    let p: Vec<Option<f64>> = rows
        .iter()
        .map(|r| r.durations.as_ref().and_then(|d| d.p_value))
        .collect();
    let family: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (&*r.snapshot, &*r.group_a, &*r.group_b))
        .collect();
    let adjusted = bh_by_family(&p, &family);
    for (r, a) in rows.iter_mut().zip(adjusted) {
        r.p_adjusted = a;
    }
    rows
}

/// One duration row of the k-group comparison: the test over all groups with at least
/// `min` PTCEs in the stage.
pub(crate) struct KDuration {
    /// The stage.
    pub stage: String,
    /// The test used.
    pub test: DurationTestKind,
    /// Names of the tested groups.
    pub groups: Vec<String>,
    /// PTCEs of the tested groups that entered the stage.
    pub n: usize,
    /// χ² statistic, df, p-value.
    pub result: Option<(f64, usize, f64)>,
    /// `tested: …` or why not.
    pub status: String,
}

/// The duration rows of `comparison_k` (one per stage, sorted by stage).
pub(crate) fn k_duration_rows(
    durations: &[StageDuration],
    groups: &Groups,
    min: usize,
) -> Vec<KDuration> {
    let mut out = Vec::new();
    for (stage, by_ptce) in by_stage(durations) {
        let split = split(&by_ptce, groups);
        let kind = kind_of(&split);
        let sizes: Vec<usize> = split.iter().map(Vec::len).collect();
        let (kept, note) = super::kept_groups(&sizes, groups, min);
        let samples: Vec<&[&StageDuration]> = kept.iter().map(|&g| split[g].as_slice()).collect();
        let (result, status) = if kept.len() < 2 {
            (
                None,
                format!("not_tested: fewer than 2 groups with enough values{note}"),
            )
        } else {
            match test(kind, &samples) {
                Ok(r) => (Some(r), format!("tested: {}{note}", kind.words())),
                Err(why) => (None, format!("not_tested: {} ({why}){note}", kind.as_str())),
            }
        };
        out.push(KDuration {
            stage: stage.to_string(),
            test: kind,
            groups: kept.iter().map(|&g| groups.names[g].clone()).collect(),
            n: samples.iter().map(|s| s.len()).sum(),
            result,
            status,
        });
    }
    out
}
