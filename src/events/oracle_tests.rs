//! Known-answer tests against R: `tests/fixtures/events/cuminc.json`, written by
//! `tests/oracles/cuminc.R` (R 4.2.2, cmprsk 2.2-11, survival 3.5-3; run from the repository
//! root with `Rscript tests/oracles/cuminc.R`).
//!
//! Tolerance (issue 17): |ours − R| ≤ 1e-10·|R| + 1e-12 for every estimate, variance, interval
//! end, statistic and p-value; times, degrees of freedom and numbers at risk exactly.

use super::{
    aalen_johansen_delayed, cumulative_incidence, gray_test, CifCurve, CompetingObs, EventsError,
};
use serde_json::Value;

const FIXTURE: &str = include_str!("../../tests/fixtures/events/cuminc.json");

fn close(ours: f64, r: f64) -> bool {
    (ours - r).abs() <= 1e-10 * r.abs() + 1e-12
}

fn nums(v: &Value) -> Vec<Option<f64>> {
    v.as_array().unwrap().iter().map(|x| x.as_f64()).collect()
}

fn floats(v: &Value) -> Vec<f64> {
    nums(v).into_iter().map(|x| x.unwrap()).collect()
}

fn observations(case: &Value, delayed: bool) -> Vec<CompetingObs> {
    let time = floats(&case[if delayed { "exit" } else { "time" }]);
    let cause = floats(&case["cause"]);
    let group = floats(&case["group"]);
    let entry = if delayed {
        floats(&case["entry"])
    } else {
        vec![0.0; time.len()]
    };
    (0..time.len())
        .map(|i| CompetingObs {
            time: time[i],
            cause: cause[i] as u8,
            group: group[i] as u32,
            entry: entry[i],
        })
        .collect()
}

fn curve(curves: &[CifCurve], group: u32, cause: u8) -> &CifCurve {
    curves
        .iter()
        .find(|c| c.group == group && c.cause == cause)
        .unwrap()
}

fn assert_opt(ours: Option<f64>, r: Option<f64>, what: &str) {
    match (ours, r) {
        (Some(a), Some(b)) => assert!(close(a, b), "{what}: ours {a} R {b}"),
        (None, None) => {}
        _ => panic!("{what}: ours {ours:?} R {r:?}"),
    }
}

/// Aalen–Johansen estimates, cuminc variances and log(−log) intervals equal R's on every case,
/// point by point (same jump times); curves R does not list are empty.
#[test]
fn cuminc_estimates_and_variances_match_r() {
    let fx: Value = serde_json::from_str(FIXTURE).unwrap();
    let cases = fx["cuminc"].as_array().unwrap();
    assert!(cases.len() >= 8);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let n_groups = case["n_groups"].as_u64().unwrap() as usize;
        let ours = cumulative_incidence(&observations(case, false), n_groups).unwrap();
        assert_eq!(ours.len(), 2 * n_groups);
        let mut listed = 0;
        for rc in case["curves"].as_array().unwrap() {
            let (g, c) = (
                rc["group"].as_u64().unwrap() as u32,
                rc["cause"].as_u64().unwrap() as u8,
            );
            let oc = curve(&ours, g, c);
            let times = floats(&rc["time"]);
            assert_eq!(
                oc.points.len(),
                times.len(),
                "{name} g{g} c{c}: number of jumps"
            );
            let (est, var) = (floats(&rc["estimate"]), floats(&rc["variance"]));
            let (lo, hi) = (nums(&rc["ci_low"]), nums(&rc["ci_high"]));
            for (k, p) in oc.points.iter().enumerate() {
                let what = format!("{name} g{g} c{c} t{}", times[k]);
                assert_eq!(p.time, times[k], "{what}");
                assert!(
                    close(p.estimate, est[k]),
                    "{what}: est {} R {}",
                    p.estimate,
                    est[k]
                );
                assert!(
                    close(p.variance, var[k]),
                    "{what}: var {} R {}",
                    p.variance,
                    var[k]
                );
                assert_opt(p.ci_low, lo[k], &format!("{what} ci_low"));
                assert_opt(p.ci_high, hi[k], &format!("{what} ci_high"));
            }
            listed += 1;
        }
        let nonempty = ours.iter().filter(|c| !c.points.is_empty()).count();
        assert!(
            nonempty <= listed,
            "{name}: a curve R does not list has points"
        );
    }
}

/// Gray's test statistic, degrees of freedom and p-value equal cuminc's `$Tests`; where cuminc
/// reports −1 (singular variance), no test (one group) or no row (a cause that never occurs),
/// ours is the matching error.
#[test]
fn gray_test_matches_r() {
    let fx: Value = serde_json::from_str(FIXTURE).unwrap();
    let mut compared = 0;
    for case in fx["cuminc"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let n_groups = case["n_groups"].as_u64().unwrap() as usize;
        let obs = observations(case, false);
        let tests = case["tests"].as_array().unwrap();
        for cause in [1u8, 2] {
            let ours = gray_test(&obs, n_groups, cause);
            let r = tests
                .iter()
                .find(|t| t["cause"].as_u64() == Some(cause as u64));
            match r {
                None if tests.is_empty() => {
                    assert_eq!(
                        ours,
                        Err(EventsError::FewerThanTwoGroups),
                        "{name} c{cause}"
                    )
                }
                None => assert_eq!(ours, Err(EventsError::NoEventOfCause), "{name} c{cause}"),
                Some(t) if t["statistic"].as_f64() == Some(-1.0) => {
                    assert_eq!(ours, Err(EventsError::SingularVariance), "{name} c{cause}")
                }
                Some(t) => {
                    let o = ours.unwrap();
                    let (st, p) = (
                        t["statistic"].as_f64().unwrap(),
                        t["p_value"].as_f64().unwrap(),
                    );
                    assert!(
                        close(o.statistic, st),
                        "{name} c{cause}: stat {} R {st}",
                        o.statistic
                    );
                    assert!(
                        close(o.p_value, p),
                        "{name} c{cause}: p {} R {p}",
                        o.p_value
                    );
                    assert_eq!(o.df as u64, t["df"].as_u64().unwrap());
                    compared += 1;
                }
            }
        }
    }
    assert!(compared >= 16);
}

/// Delayed entry: at every time of R's `survfit(Surv(entry, exit, state) ~ group, id = id)`,
/// our step functions equal its `pstate` of the event and competing states, and our variances
/// its `std.err` squared (0 before a cause's first jump); numbers at risk equal `n.risk` of the
/// initial state at our points.
#[test]
fn delayed_entry_matches_survfit() {
    let fx: Value = serde_json::from_str(FIXTURE).unwrap();
    let cases = fx["delayed"].as_array().unwrap();
    assert!(cases.len() >= 3);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let n_groups = case["n_groups"].as_u64().unwrap() as usize;
        let ours = aalen_johansen_delayed(&observations(case, true), n_groups).unwrap();
        for rc in case["curves"].as_array().unwrap() {
            let g = rc["group"].as_u64().unwrap() as u32;
            let times = floats(&rc["time"]);
            let n_risk = floats(&rc["n_risk"]);
            for (cause, est_key, se_key) in [
                (1u8, "event", "event_std_err"),
                (2, "competing", "competing_std_err"),
            ] {
                let oc = curve(&ours, g, cause);
                let (est, se) = (floats(&rc[est_key]), floats(&rc[se_key]));
                for (k, &t) in times.iter().enumerate() {
                    let what = format!("{name} g{g} c{cause} t{t}");
                    let (e, v) = oc.at(t).map_or((0.0, 0.0), |p| (p.estimate, p.variance));
                    assert!(close(e, est[k]), "{what}: est {e} R {}", est[k]);
                    let r_var = se[k] * se[k];
                    assert!(close(v, r_var), "{what}: var {v} R {r_var}");
                    if let Some(p) = oc.points.iter().find(|p| p.time == t) {
                        assert_eq!(p.n_at_risk as f64, n_risk[k], "{what}: n at risk");
                    }
                }
                for p in &oc.points {
                    assert!(
                        times.contains(&p.time),
                        "{name}: point at {} not in R",
                        p.time
                    );
                }
            }
        }
    }
}
