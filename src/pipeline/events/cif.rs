//! Cumulative incidence of each transition per group, Gray's tests, and the sensitivity of the
//! results to partial dates (issue 17, points 2 and 4): `tables/cumulative_incidence.csv`,
//! `tables/cumulative_incidence_tests.csv`, `tables/sensitivity_dates.csv`.

use super::data::{EventData, EventRow};
use crate::events::{
    aalen_johansen_delayed, cumulative_incidence, gray_test, CifCurve, CompetingObs, COMPETING,
    EVENT,
};
use crate::table::Table;

/// Days per year of the horizons of `sensitivity_dates.csv` (1, 3 and 5 years = 365, 1095 and
/// 1826 days, rounded down).
const DAYS_PER_YEAR: f64 = 365.25;

/// Horizons of the sensitivity table, in years.
pub const HORIZONS: [u32; 3] = [1, 3, 5];

/// Which times a scenario uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// The imputed dates (`[stages] date_imputation`).
    Imputed,
    /// Every duration at its shortest.
    Shortest,
    /// Every duration at its longest.
    Longest,
}

/// Gray's test of one cause: (statistic, df, p), or the status that replaces it.
pub type GrayResult = Result<(f64, usize, f64), &'static str>;

/// The curves of one transition.
#[derive(Debug, Clone, PartialEq)]
pub struct TransitionCurves {
    /// Index into `EventData::transitions`.
    pub transition: usize,
    /// `aalen_johansen` (cmprsk `cuminc`) or `aalen_johansen_delayed` (survfit with `id`).
    pub estimator: &'static str,
    /// Curves (group, cause), or the reason there are none.
    pub curves: Result<Vec<CifCurve>, &'static str>,
    /// Gray's test per cause ([`EVENT`], [`COMPETING`]): (statistic, df, p) or a status.
    pub tests: Vec<(u8, GrayResult)>,
}

/// The engine's observations of one transition under a scenario. Entry 0 becomes −0.5 on the
/// delayed-entry path, so that an exit on day 0 (event on the origin day) stays in the data.
fn observations(d: &EventData, k: usize, scenario: Scenario) -> Vec<CompetingObs> {
    d.rows
        .iter()
        .filter(|r| r.transition == k)
        .filter_map(|r: &EventRow| {
            let (entry, time) = match scenario {
                Scenario::Imputed => (r.entry, r.exit),
                Scenario::Shortest => (r.entry_bounds.0, r.exit_bounds.0),
                Scenario::Longest => (r.entry_bounds.1, r.exit_bounds.1),
            };
            if entry > 0.0 && time <= entry {
                return None;
            }
            Some(CompetingObs {
                time,
                cause: r.status,
                group: r.group as u32,
                entry: if entry > 0.0 { entry } else { -0.5 },
            })
        })
        .collect()
}

/// The curves of every transition under a scenario.
fn curves_of(d: &EventData, k: usize, scenario: Scenario) -> Result<Vec<CifCurve>, &'static str> {
    let obs = observations(d, k, scenario);
    let n = d.groups.len();
    if d.delayed {
        aalen_johansen_delayed(&obs, n).map_err(|e| e.status())
    } else {
        cumulative_incidence(&obs, n).map_err(|e| e.status())
    }
}

/// Cumulative incidence and Gray's tests of every transition (imputed dates).
///
/// # Returns
/// One [`TransitionCurves`] per transition; with delayed entry the tests have status
/// `not_defined_delayed_entry`.
///
/// # Complexity
/// O(T · n log n) for T transitions and n rows.
pub fn cumulative_incidences(d: &EventData) -> Vec<TransitionCurves> {
    (0..d.transitions.len())
        .map(|k| {
            let obs = observations(d, k, Scenario::Imputed);
            let tests = [EVENT, COMPETING]
                .into_iter()
                .map(|cause| {
                    let t = if d.delayed {
                        Err("not_defined_delayed_entry")
                    } else {
                        gray_test(&obs, d.groups.len(), cause)
                            .map(|g| (g.statistic, g.df, g.p_value))
                            .map_err(|e| e.status())
                    };
                    (cause, t)
                })
                .collect();
            TransitionCurves {
                transition: k,
                estimator: if d.delayed {
                    "aalen_johansen_delayed"
                } else {
                    "aalen_johansen"
                },
                curves: curves_of(d, k, Scenario::Imputed),
                tests,
            }
        })
        .collect()
}

fn cause_name(cause: u8) -> &'static str {
    if cause == EVENT {
        "event"
    } else {
        "competing"
    }
}

/// `tables/cumulative_incidence.csv`: one row per transition × group × cause × jump time.
pub fn cumulative_incidence_table(d: &EventData, all: &[TransitionCurves]) -> Table {
    let mut rows = Vec::new();
    for tc in all {
        for c in tc.curves.as_deref().unwrap_or(&[]) {
            for p in &c.points {
                rows.push((tc, c, p));
            }
        }
    }
    Table::new("cumulative_incidence")
        .str(
            "transition",
            rows.iter()
                .map(|(t, _, _)| Some(d.transitions[t.transition].name.clone())),
        )
        .str(
            "group",
            rows.iter()
                .map(|(_, c, _)| d.groups.get(c.group as usize).cloned()),
        )
        .str(
            "cause",
            rows.iter().map(|(_, c, _)| Some(cause_name(c.cause))),
        )
        .float("time", rows.iter().map(|(_, _, p)| Some(p.time)))
        .float("estimate", rows.iter().map(|(_, _, p)| Some(p.estimate)))
        .float("variance", rows.iter().map(|(_, _, p)| Some(p.variance)))
        .float("ci_low", rows.iter().map(|(_, _, p)| p.ci_low))
        .float("ci_high", rows.iter().map(|(_, _, p)| p.ci_high))
        .int(
            "n_at_risk",
            rows.iter().map(|(_, _, p)| Some(p.n_at_risk as i64)),
        )
        .str("estimator", rows.iter().map(|(t, _, _)| Some(t.estimator)))
}

/// `tables/cumulative_incidence_tests.csv`: Gray's test per transition × cause.
pub fn cumulative_incidence_tests_table(d: &EventData, all: &[TransitionCurves]) -> Table {
    let rows: Vec<(usize, u8, GrayResult)> = all
        .iter()
        .flat_map(|t| t.tests.iter().map(move |(c, r)| (t.transition, *c, *r)))
        .collect();
    Table::new("cumulative_incidence_tests")
        .str(
            "transition",
            rows.iter()
                .map(|(k, _, _)| Some(d.transitions[*k].name.clone())),
        )
        .str("cause", rows.iter().map(|(_, c, _)| Some(cause_name(*c))))
        .float(
            "statistic",
            rows.iter().map(|(_, _, r)| r.ok().map(|x| x.0)),
        )
        .int(
            "df",
            rows.iter().map(|(_, _, r)| r.ok().map(|x| x.1 as i64)),
        )
        .float("p_value", rows.iter().map(|(_, _, r)| r.ok().map(|x| x.2)))
        .str(
            "status",
            rows.iter().map(|(_, _, r)| Some(r.err().unwrap_or("ok"))),
        )
}

/// The first time at which the event's cumulative incidence reaches 0.5 (the median time to the
/// event in the presence of the competing one), if it does.
pub fn median_time(curve: &CifCurve) -> Option<f64> {
    curve
        .points
        .iter()
        .find(|p| p.estimate >= 0.5)
        .map(|p| p.time)
}

/// The cumulative incidence at `years` (0 before the first jump).
pub fn at_years(curve: &CifCurve, years: u32) -> f64 {
    let t = (f64::from(years) * DAYS_PER_YEAR).floor();
    curve.at(t).map_or(0.0, |p| p.estimate)
}

/// One row of the sensitivity table.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityRow {
    /// Index into `EventData::transitions`.
    pub transition: usize,
    /// Group index.
    pub group: usize,
    /// `mid` (or the configured imputation), `shortest` or `longest`.
    pub scenario: &'static str,
    /// Median time to the event (days); `None` when the incidence stays below 0.5.
    pub median: Option<f64>,
    /// Cumulative incidence of the event at [`HORIZONS`].
    pub cif: Vec<Option<f64>>,
    /// `ok`, `median_not_reached`, or the estimator's reason.
    pub status: &'static str,
}

/// The sensitivity of the median time and of the cumulative incidence at 1, 3 and 5 years to the
/// partial dates: imputed dates, every duration at its shortest, every duration at its longest.
///
/// # Complexity
/// O(3 · T · n log n).
pub fn sensitivity(d: &EventData) -> Vec<SensitivityRow> {
    let mut out = Vec::new();
    for k in 0..d.transitions.len() {
        for (scenario, name) in [
            (Scenario::Imputed, d.imputation.as_str()),
            (Scenario::Shortest, "shortest"),
            (Scenario::Longest, "longest"),
        ] {
            let curves = curves_of(d, k, scenario);
            for g in 0..d.groups.len() {
                let row = match &curves {
                    Ok(cs) => {
                        let ev = cs
                            .iter()
                            .find(|c| c.group as usize == g && c.cause == EVENT);
                        let n = d.rows.iter().any(|r| r.transition == k && r.group == g);
                        match ev {
                            Some(c) if n => {
                                let median = median_time(c);
                                SensitivityRow {
                                    transition: k,
                                    group: g,
                                    scenario: name,
                                    median,
                                    cif: HORIZONS.iter().map(|y| Some(at_years(c, *y))).collect(),
                                    status: if median.is_some() {
                                        "ok"
                                    } else {
                                        "median_not_reached"
                                    },
                                }
                            }
                            _ => continue,
                        }
                    }
                    Err(reason) => SensitivityRow {
                        transition: k,
                        group: g,
                        scenario: name,
                        median: None,
                        cif: vec![None; HORIZONS.len()],
                        status: reason,
                    },
                };
                out.push(row);
            }
        }
    }
    out
}

/// `tables/sensitivity_dates.csv`.
pub fn sensitivity_table(d: &EventData, rows: &[SensitivityRow]) -> Table {
    let mut t = Table::new("sensitivity_dates")
        .str(
            "transition",
            rows.iter()
                .map(|r| Some(d.transitions[r.transition].name.clone())),
        )
        .str("group", rows.iter().map(|r| d.groups.get(r.group).cloned()))
        .str("scenario", rows.iter().map(|r| Some(r.scenario)))
        .float("median_days", rows.iter().map(|r| r.median));
    for (i, y) in HORIZONS.iter().enumerate() {
        t = t.float(
            &format!("cif_{y}y"),
            rows.iter().map(|r| r.cif.get(i).copied().flatten()),
        );
    }
    t.str("status", rows.iter().map(|r| Some(r.status)))
}
