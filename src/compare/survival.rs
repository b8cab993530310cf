//! Time to formalize, with censoring (issue 5, item 4): Kaplan–Meier curves per group of the time
//! from S1 entry to S2 entry and to S3 entry, PTCEs not there yet censored at the reference date,
//! and the log-rank test between groups (`tables/survival.csv`, `tables/survival_tests.csv`).

use super::Groups;
use crate::date::Date;
use crate::stats::{kaplan_meier, log_rank, ConfType, KmCurve, LogRank};
use crate::table::Table;

/// The stage entries of one PTCE (from the stage timelines), in the stage model's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageEntries {
    /// The PTCE.
    pub ptce_id: String,
    /// Entry into the first stage (start of follow-up); `None`: not followed.
    pub s1_entry: Option<Date>,
    /// Entry into the second stage, if reached by the reference date.
    pub s2_entry: Option<Date>,
    /// Entry into the third stage, if reached by the reference date.
    pub s3_entry: Option<Date>,
}

/// The two durations followed: `s1_to_s2` and `s1_to_s3`.
pub const TARGETS: [&str; 2] = ["s1_to_s2", "s1_to_s3"];

/// The Kaplan–Meier curve of one group for one target.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupCurve {
    /// `s1_to_s2` or `s1_to_s3`.
    pub target: &'static str,
    /// Group name.
    pub group: String,
    /// The curve (times in days).
    pub curve: KmCurve,
}

/// The log-rank test of one target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetTest {
    /// `s1_to_s2` or `s1_to_s3`.
    pub target: &'static str,
    /// Groups in the test (those with at least one PTCE followed).
    pub groups: Vec<String>,
    /// The test; `None` when fewer than two groups have data or no event happened.
    pub log_rank: Option<LogRank>,
}

/// Everything the two survival tables hold.
#[derive(Debug, Clone, PartialEq)]
pub struct SurvivalResults {
    /// One curve per target × group with data, targets in order, groups in comparison order.
    pub curves: Vec<GroupCurve>,
    /// One test per target.
    pub tests: Vec<TargetTest>,
    /// PTCEs of a compared group left out, with the reason.
    pub excluded: Vec<(String, String)>,
}

/// Time (days) and event indicator of one PTCE for a target: the event is the entry into the
/// target stage *or any later one* (a PTCE that reached S3 without a dated S2 has passed S2).
fn spell(e: &StageEntries, target: usize, reference: Date) -> Result<(f64, bool), String> {
    let start = e.s1_entry.ok_or("no S1 entry")?;
    let reached = match target {
        0 => [e.s2_entry, e.s3_entry].into_iter().flatten().min(),
        _ => e.s3_entry,
    };
    let (end, event) = match reached {
        Some(d) => (d, true),
        None => (reference, false),
    };
    let days = start.days_until(end);
    if days < 0 {
        return Err(format!(
            "{} before S1 entry",
            if event {
                "stage entry"
            } else {
                "reference date"
            }
        ));
    }
    Ok((f64::from(days), event))
}

/// Kaplan–Meier curves per group and log-rank tests of the time from S1 entry to S2 and to S3.
///
/// # Arguments
/// * `entries` - stage entries of the PTCEs (PTCEs outside `groups` are ignored).
/// * `groups` - the groups compared.
/// * `reference` - the study's reference date (censoring date).
/// * `level` - confidence level of the intervals (e.g. 0.95).
///
/// # Returns
/// Curves (Greenwood variance, log-log intervals: `stats::kaplan_meier` with
/// [`ConfType::LogLog`]), log-rank tests (`stats::log_rank`, R's `survdiff`), and the PTCEs left
/// out (no S1 entry, or dates before S1 entry).
///
/// # Complexity
/// O(n log n).
pub fn survival_analysis(
    entries: &[StageEntries],
    groups: &Groups,
    reference: Date,
    level: f64,
) -> SurvivalResults {
    let mut out = SurvivalResults {
        curves: Vec::new(),
        tests: Vec::new(),
        excluded: Vec::new(),
    };
    let mut sorted: Vec<&StageEntries> = entries
        .iter()
        .filter(|e| groups.of_ptce.contains_key(&e.ptce_id))
        .collect();
    sorted.sort_by(|a, b| a.ptce_id.cmp(&b.ptce_id));
    for (t, target) in TARGETS.iter().enumerate() {
        let k = groups.names.len();
        let mut times = vec![Vec::new(); k];
        let mut events = vec![Vec::new(); k];
        for e in &sorted {
            let Some(&g) = groups.of_ptce.get(&e.ptce_id) else {
                continue;
            };
            match spell(e, t, reference) {
                Ok((time, event)) => {
                    times[g].push(time);
                    events[g].push(event);
                }
                Err(reason) if t == 0 => out.excluded.push((e.ptce_id.clone(), reason)),
                Err(_) => {}
            }
        }
        let mut tested = Vec::new();
        let mut names = Vec::new();
        for g in 0..k {
            let Some(curve) = kaplan_meier(&times[g], &events[g], ConfType::LogLog, level) else {
                continue;
            };
            out.curves.push(GroupCurve {
                target,
                group: groups.names[g].clone(),
                curve,
            });
            tested.push((times[g].as_slice(), events[g].as_slice()));
            names.push(groups.names[g].clone());
        }
        out.tests.push(TargetTest {
            target,
            groups: names,
            log_rank: log_rank(&tested),
        });
    }
    out
}

/// The table `survival`: one row per step of each curve.
///
/// # Arguments
/// * `r` - the results of [`survival_analysis`].
///
/// # Returns
/// Columns `group`, `target`, `time_days`, `n_risk`, `n_event`, `n_censor`, `surv`, `std_err`
/// (Greenwood standard error of S, as R's `summary(survfit)`: S × the standard error of
/// −log S; empty once S = 0), `lower`, `upper` (log-log interval).
///
/// # Complexity
/// O(steps).
pub fn survival_table(r: &SurvivalResults) -> Table {
    let steps: Vec<(&GroupCurve, &crate::stats::KmStep)> = r
        .curves
        .iter()
        .flat_map(|c| c.curve.steps.iter().map(move |s| (c, s)))
        .collect();
    Table::new("survival")
        .str("group", steps.iter().map(|(c, _)| Some(c.group.clone())))
        .str("target", steps.iter().map(|(c, _)| Some(c.target)))
        .float("time_days", steps.iter().map(|(_, s)| Some(s.time)))
        .int("n_risk", steps.iter().map(|(_, s)| Some(s.n_risk as i64)))
        .int("n_event", steps.iter().map(|(_, s)| Some(s.n_event as i64)))
        .int(
            "n_censor",
            steps.iter().map(|(_, s)| Some(s.n_censor as i64)),
        )
        .float("surv", steps.iter().map(|(_, s)| Some(s.surv)))
        .float(
            "std_err",
            steps.iter().map(|(_, s)| s.std_err.map(|e| e * s.surv)),
        )
        .float("lower", steps.iter().map(|(_, s)| s.lower))
        .float("upper", steps.iter().map(|(_, s)| s.upper))
}

/// The table `survival_tests`: one row per target × group, the log-rank test of the target
/// repeated on each of its rows.
///
/// # Arguments
/// * `r` - the results of [`survival_analysis`].
///
/// # Returns
/// Columns `target`, `group`, `n`, `events`, `median_days`, `median_lower`, `median_upper`,
/// `observed`, `expected` (log-rank), `chi2`, `df`, `p_value`.
///
/// # Complexity
/// O(groups · targets).
pub fn survival_tests_table(r: &SurvivalResults) -> Table {
    let rows: Vec<(&GroupCurve, Option<&LogRank>, usize)> = r
        .curves
        .iter()
        .map(|c| {
            let test = r.tests.iter().find(|t| t.target == c.target);
            let lr = test.and_then(|t| t.log_rank.as_ref());
            let pos = test
                .and_then(|t| t.groups.iter().position(|g| *g == c.group))
                .unwrap_or(0);
            (c, lr, pos)
        })
        .collect();
    let lr = |f: fn(&LogRank, usize) -> Option<f64>| {
        rows.iter()
            .map(move |(_, l, i)| l.and_then(|l| f(l, *i)))
            .collect::<Vec<_>>()
    };
    Table::new("survival_tests")
        .str("target", rows.iter().map(|(c, _, _)| Some(c.target)))
        .str("group", rows.iter().map(|(c, _, _)| Some(c.group.clone())))
        .int("n", rows.iter().map(|(c, _, _)| Some(c.curve.n as i64)))
        .int(
            "events",
            rows.iter().map(|(c, _, _)| Some(c.curve.events as i64)),
        )
        .float("median_days", rows.iter().map(|(c, _, _)| c.curve.median))
        .float(
            "median_lower",
            rows.iter().map(|(c, _, _)| c.curve.median_lower),
        )
        .float(
            "median_upper",
            rows.iter().map(|(c, _, _)| c.curve.median_upper),
        )
        .float("observed", lr(|l, i| l.observed.get(i).copied()))
        .float("expected", lr(|l, i| l.expected.get(i).copied()))
        .float("chi2", lr(|l, _| Some(l.chi2)))
        .int("df", rows.iter().map(|(_, l, _)| l.map(|l| l.df as i64)))
        .float("p_value", lr(|l, _| Some(l.p_value)))
}
