//! The stage-duration rows of `comparison` and `comparison_k` against R (`tests/oracles/
//! stage_durations.R`, R 4.2.2, survival 3.5-3, cmprsk 2.2-11): `survdiff` for the log-rank rows,
//! `cuminc(...)$Tests` for Gray's, `survfit` medians. Tolerance |ours − R| ≤ 1e-10·|R| + 1e-12;
//! counts exactly.

use serde_json::Value;

use super::durations::{duration_rows, StageDuration};
use super::*;
use crate::events::{CENSORED, COMPETING};
use crate::table::Values;

fn close(ours: f64, r: f64, what: &str) {
    assert!(
        (ours - r).abs() <= 1e-10 * r.abs() + 1e-12,
        "{what}: ours {ours}, R {r}"
    );
}

fn nums(v: &Value) -> Vec<f64> {
    serde_json::from_value(v.clone()).unwrap()
}

/// The case's durations (stage `S1`) and groups `g0`, `g1`, ….
fn case(c: &Value) -> (Vec<StageDuration>, Groups) {
    let gray = c["kind"] == "gray";
    let (g, t, k) = (nums(&c["group"]), nums(&c["time"]), nums(&c["cause"]));
    let durations: Vec<StageDuration> = (0..t.len())
        .map(|i| StageDuration {
            ptce_id: format!("p{i:03}"),
            stage: "S1".into(),
            days: t[i],
            cause: k[i] as u8,
            competing_risk: gray,
        })
        .collect();
    let names: Vec<String> = (0..=g.iter().fold(0.0f64, |a, &b| a.max(b)) as usize)
        .map(|j| format!("g{j}"))
        .collect();
    let ids: Vec<String> = (0..t.len()).map(|i| format!("p{i:03}")).collect();
    let pairs: Vec<(&str, &str)> = (0..t.len())
        .map(|i| (ids[i].as_str(), names[g[i] as usize].as_str()))
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    (durations, Groups::from_pairs(&pairs, &refs))
}

fn doc() -> Value {
    serde_json::from_str(include_str!(
        "../../tests/fixtures/compare/stage_durations.json"
    ))
    .unwrap()
}

#[test]
fn two_group_duration_rows_equal_r() {
    let doc = doc();
    let cases: Vec<&Value> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"].as_str().unwrap().ends_with("_two"))
        .collect();
    assert_eq!(cases.len(), 2);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let (durations, groups) = case(c);
        let rows = duration_rows(&durations, &groups, &CompareConfig::default());
        assert_eq!(rows.len(), 1, "{name}");
        let r = &rows[0];
        let d = r.durations.as_ref().unwrap();
        assert_eq!(d.test.as_str(), c["kind"].as_str().unwrap(), "{name}");
        assert!(r.status.starts_with("tested: "), "{name}: {}", r.status);
        close(d.chi2.unwrap(), c["chi2"].as_f64().unwrap(), name);
        close(d.p_value.unwrap(), c["p_value"].as_f64().unwrap(), name);
        // One row in its family: the adjusted p equals p.
        assert_eq!(r.p_adjusted, d.p_value);
        for (k, m) in nums(&c["median"]).iter().enumerate() {
            close(d.median[k].unwrap(), *m, name);
        }
        // Every PTCE that entered the stage counts, censored ones included.
        let by_group = |j: usize, cause: Option<u8>| {
            durations
                .iter()
                .filter(|x| groups.of_ptce[&x.ptce_id] == j && cause.is_none_or(|c| x.cause == c))
                .count()
        };
        for j in 0..2 {
            assert_eq!(d.n[j], by_group(j, None));
            assert_eq!(d.n_censored[j], by_group(j, Some(CENSORED)));
            assert_eq!(d.n_competing[j], by_group(j, Some(COMPETING)));
        }
        assert!(
            d.n_censored.iter().sum::<usize>() > 0,
            "{name} has censored PTCEs"
        );
        // The table: sizes, KM medians and the test's p; no rank statistics.
        let t = comparison_table(&rows);
        let col = |n: &str| t.column(n).unwrap().values.clone();
        assert_eq!(col("n_a"), Values::Int(vec![Some(d.n[0] as i64)].into()));
        assert_eq!(
            col("n_censored_b"),
            Values::Int(vec![Some(d.n_censored[1] as i64)].into())
        );
        assert_eq!(col("median_b"), Values::Float(vec![d.median[1]].into()));
        assert_eq!(col("p_value"), Values::Float(vec![d.p_value].into()));
        assert_eq!(col("u"), Values::Float(vec![None].into()));
        assert_eq!(col("mean_a"), Values::Float(vec![None].into()));
        assert_eq!(
            col("test"),
            Values::Str(vec![Some(d.test.as_str().to_string())].into())
        );
    }
}

#[test]
fn k_group_duration_rows_equal_r() {
    let doc = doc();
    for c in doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["name"].as_str().unwrap().ends_with("_three"))
    {
        let name = c["name"].as_str().unwrap();
        let (durations, groups) = case(c);
        let t = compare_k_groups_table(&[], &durations, &groups, &CompareConfig::default());
        assert_eq!(t.height(), 1, "{name}");
        let f = |col: &str| match &t.column(col).unwrap().values {
            Values::Float(v) => v.get(0).unwrap(),
            Values::Int(v) => v.get(0).unwrap() as f64,
            other => panic!("{col}: {other:?}"),
        };
        let s = |col: &str| match &t.column(col).unwrap().values {
            Values::Str(v) => v.get(0).unwrap().to_string(),
            other => panic!("{col}: {other:?}"),
        };
        assert_eq!(s("test"), c["kind"].as_str().unwrap());
        assert_eq!(s("groups"), "g0|g1|g2");
        assert_eq!(f("n") as usize, durations.len());
        close(f("statistic"), c["chi2"].as_f64().unwrap(), name);
        close(f("p_value"), c["p_value"].as_f64().unwrap(), name);
        assert_eq!(f("df"), c["df"].as_f64().unwrap(), "{name}");
        // Pairs: three two-group rows with their own tests.
        let rows = duration_rows(&durations, &groups, &CompareConfig::default());
        assert_eq!(rows.len(), 3);
    }
}

#[test]
fn small_groups_and_no_exit_are_not_tested() {
    let d = |p: &str, days: f64, cause: u8| StageDuration {
        ptce_id: p.into(),
        stage: "S3".into(),
        days,
        cause,
        competing_risk: false,
    };
    let groups = Groups::from_pairs(
        &[
            ("a1", "a"),
            ("a2", "a"),
            ("a3", "a"),
            ("b1", "b"),
            ("b2", "b"),
        ],
        &["a", "b"],
    );
    let rows = duration_rows(
        &[
            d("a1", 1.0, 1),
            d("a2", 2.0, 0),
            d("a3", 3.0, 1),
            d("b1", 4.0, 1),
            d("b2", 5.0, 0),
        ],
        &groups,
        &CompareConfig::default(),
    );
    assert_eq!(rows[0].status, "not_tested: b has 2 (minimum 3)");
    assert_eq!(rows[0].durations.as_ref().unwrap().n, [3, 2]);
    let cfg = CompareConfig {
        min_group_size: 2,
        ..CompareConfig::default()
    };
    let all_censored: Vec<StageDuration> = ["a1", "a2", "b1", "b2"]
        .iter()
        .map(|p| d(p, 10.0, CENSORED))
        .collect();
    let rows = duration_rows(&all_censored, &groups, &cfg);
    assert_eq!(
        rows[0].status,
        "not_tested: log_rank (no PTCE left the stage)"
    );
    assert_eq!(rows[0].durations.as_ref().unwrap().p_value, None);
}
