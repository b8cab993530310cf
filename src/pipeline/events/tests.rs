//! Tests of the event-history step. Oracle: R refits of the event data the step wrote for the
//! shipped sample, without and with delayed entry (`tests/oracles/event_step.R`, R 4.2.2,
//! survival 3.5-3, cmprsk 2.2-11; outputs in `tests/fixtures/events/event_step_*.csv`).
//! Tolerances: Cox 1e-8·|R| + 1e-10 (coefficients, errors, log-likelihood, tests); `cox.zph`
//! 1e-6; `crr` 1e-6; cumulative incidence and variance 1e-10·|R| + 1e-12.

use std::collections::BTreeMap;

use super::*;
use crate::events::{DateImputation, CENSORED, COMPETING, EVENT};

/// The event data of a committed `event_data.csv` (group, times, status, log_n).
fn read_event_data(text: &str) -> EventData {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let names = ["s1_to_s3", "s1_to_s2", "s2_to_s3"];
    let mut rows = Vec::new();
    for l in lines {
        let c: Vec<&str> = l.split(',').collect();
        let num = |n: &str| c[col(n)].parse::<f64>().unwrap();
        rows.push(EventRow {
            ptce_id: c[col("ptce_id")].to_string(),
            transition: names
                .iter()
                .position(|t| *t == c[col("transition")])
                .unwrap(),
            group: usize::from(c[col("group")] == "rural"),
            entry: num("entry"),
            exit: num("exit"),
            status: match c[col("status")] {
                "event" => EVENT,
                "competing" => COMPETING,
                _ => CENSORED,
            },
            exit_bounds: (num("exit_shortest"), num("exit_longest")),
            entry_bounds: (num("entry"), num("entry")),
            log_n: c[col("log_n")].parse().ok(),
        });
    }
    EventData {
        transitions: names
            .iter()
            .map(|n| Transition {
                name: n.to_string(),
                origin: n[..2].to_uppercase(),
                target: n[6..].to_uppercase(),
            })
            .collect(),
        groups: vec!["urban".into(), "rural".into()],
        delayed: rows.iter().any(|r| r.entry > 0.0),
        rows,
        covariates: Vec::new(),
        cluster: None,
        pilot_actor_type: BTreeMap::new(),
        imputation: DateImputation::Mid,
    }
}

fn oracle(text: &str) -> BTreeMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("key,"))
        .map(|l| {
            let (k, v) = l.split_once(',').unwrap();
            (k.to_string(), v.parse().unwrap())
        })
        .collect()
}

fn check(data: &str, fixture: &str) {
    let d = read_event_data(data);
    let r = oracle(fixture);
    let fits = event_models(&d, crate::events::FineGrayCensoring::Pooled);
    let mut checked = 0;
    // Ours against R's value under `key`, within `rel · |R| + abs`.
    let mut close = |ours: f64, key: String, rel: f64, abs: f64| {
        let theirs = r[&key];
        assert!(
            (ours - theirs).abs() <= rel * theirs.abs() + abs,
            "{key}: ours {ours}, R {theirs}"
        );
        checked += 1;
    };
    for m in &fits {
        let tr = &d.transitions[m.transition].name;
        let tag = if m.model == "cox" { "cox" } else { "fg" };
        let tol = if tag == "fg" && !d.delayed {
            1e-6
        } else {
            1e-8
        };
        for h in m.fit.as_ref().unwrap() {
            close(
                h.estimate,
                format!("{tr}:{tag}:coef:{}", h.term),
                tol,
                1e-10,
            );
            close(h.std_error, format!("{tr}:{tag}:se:{}", h.term), tol, 1e-10);
        }
        if tag == "cox" {
            let s = m.stats.as_ref().unwrap();
            let [lr, wald, score, _] = s.tests;
            close(s.loglik.1, format!("{tr}:cox:loglik"), 1e-8, 1e-10);
            for (name, test) in [("lr", lr), ("wald", wald), ("score", score)] {
                close(
                    test.unwrap().statistic,
                    format!("{tr}:cox:{name}"),
                    1e-8,
                    1e-10,
                );
            }
            for (term, t) in &m.ph {
                close(
                    t.unwrap().statistic,
                    format!("{tr}:zph:{term}"),
                    1e-6,
                    1e-10,
                );
            }
        }
    }
    for tc in cumulative_incidences(&d) {
        let tr = &d.transitions[tc.transition].name;
        for c in tc.curves.unwrap().iter().filter(|c| c.cause == EVENT) {
            let g = &d.groups[c.group as usize];
            let last = c.points.last().unwrap();
            close(last.estimate, format!("{tr}:cif_last:{g}"), 1e-10, 1e-12);
            close(
                last.variance,
                format!("{tr}:cif_var_last:{g}"),
                1e-10,
                1e-12,
            );
        }
        if !d.delayed {
            let (_, t) = tc.tests[0];
            close(t.unwrap().0, format!("{tr}:gray:event"), 1e-10, 1e-12);
        }
    }
    assert_eq!(checked, r.len(), "every oracle value checked");
}

#[test]
fn the_step_refits_equal_r_on_the_sample() {
    check(
        include_str!("../../../tests/fixtures/events/event_data_sample.csv"),
        include_str!("../../../tests/fixtures/events/event_step_sample.csv"),
    );
}

#[test]
fn the_step_refits_equal_r_with_delayed_entry() {
    let d = read_event_data(include_str!(
        "../../../tests/fixtures/events/event_data_delayed.csv"
    ));
    assert!(d.delayed);
    let tests = cumulative_incidences(&d);
    assert_eq!(tests[0].tests[0].1, Err("not_defined_delayed_entry"));
    check(
        include_str!("../../../tests/fixtures/events/event_data_delayed.csv"),
        include_str!("../../../tests/fixtures/events/event_step_delayed.csv"),
    );
}

/// Hand-checked rows: clocks, statuses, the same-day rule, bounds and delayed entry.
#[test]
fn event_rows_by_hand() {
    use crate::date::PartialDate;
    use crate::model::EventType as E;
    use crate::stages::test_support::ev;
    use crate::stages::{timeline, StageModel, StageResults};
    let events = [
        // P1: S1 `2015`, S3 `2016-03`: mid days 2015-07-02 → 2016-03-16 = 258; bounds 61 to 455.
        ev("P1", "2015", E::PilotInitiative),
        ev("P1", "2016-03", E::LegalEntityCreated),
        // P2: formalized and dissolved the same day (2017-01-01): the event wins, 731 days.
        ev("P2", "2015-01-01", E::PilotInitiative),
        ev("P2", "2016-01-01", E::FirstCollectiveMeeting),
        ev("P2", "2017-01-01", E::LegalEntityCreated),
        ev("P2", "2017-01-01", E::Dissolution),
        // P3: dissolved before formalizing, 365 days after S1 (2015 is not a leap year).
        ev("P3", "2015-01-01", E::PilotInitiative),
        ev("P3", "2016-01-01", E::Dissolution),
        // P4: S1 2019-06-01, censored at the reference date 2020-12-31: 579 days.
        ev("P4", "2019-06-01", E::PilotInitiative),
    ];
    let model = StageModel::default();
    let reference = PartialDate::parse("2020-12-31").unwrap().first_day();
    let timelines = ["P1", "P2", "P3", "P4"]
        .iter()
        .map(|p| timeline(p, &events, &model, reference).0)
        .collect();
    let stages = StageResults {
        timelines,
        stages: Vec::new(),
        flows: Vec::new(),
        founders: Vec::new(),
        practices: Vec::new(),
        pilots: Vec::new(),
        windows: Vec::new(),
        warnings: Vec::new(),
    };
    let groups = crate::compare::Groups {
        names: vec!["urban".into(), "rural".into()],
        of_ptce: [("P1", 0), ("P2", 1), ("P3", 0), ("P4", 1)]
            .iter()
            .map(|(p, g)| (p.to_string(), *g))
            .collect(),
    };
    let cfg = crate::compare::ModelsConfig::default();
    let build = |from: Option<&str>| {
        let from = from.map(|f| PartialDate::parse(f).unwrap().first_day());
        event_data(
            &stages,
            &model,
            &[],
            &groups,
            &[],
            &[],
            &BTreeMap::new(),
            &cfg,
            from,
        )
    };
    let d = build(None);
    let s13: Vec<(&str, f64, u8, (f64, f64))> = d
        .rows
        .iter()
        .filter(|r| r.transition == 0)
        .map(|r| (r.ptce_id.as_str(), r.exit, r.status, r.exit_bounds))
        .collect();
    assert_eq!(
        s13,
        [
            ("P1", 258.0, EVENT, (61.0, 455.0)),
            ("P2", 731.0, EVENT, (731.0, 731.0)),
            ("P3", 365.0, COMPETING, (365.0, 365.0)),
            ("P4", 579.0, CENSORED, (579.0, 579.0)),
        ]
    );
    // S2 → S3 runs on a clock reset at S2 entry: only P2 entered S2, formalized 366 days later.
    let s23: Vec<(&str, f64)> = d
        .rows
        .iter()
        .filter(|r| r.transition == 2)
        .map(|r| (r.ptce_id.as_str(), r.exit))
        .collect();
    assert_eq!(s23, [("P2", 366.0)]);
    assert!(!d.delayed);
    // Observed from 2016-01-01: P1 enters at 183 (from 2015-07-02), P2 at 365; P3 left on its
    // entry day and is not seen; P4 began after, entry 0.
    let d = build(Some("2016-01-01"));
    let s13: Vec<(&str, f64, f64)> = d
        .rows
        .iter()
        .filter(|r| r.transition == 0)
        .map(|r| (r.ptce_id.as_str(), r.entry, r.exit))
        .collect();
    assert_eq!(
        s13,
        [
            ("P1", 183.0, 258.0),
            ("P2", 365.0, 731.0),
            ("P4", 0.0, 579.0)
        ]
    );
    assert!(d.delayed);
}
