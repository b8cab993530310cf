//! Known-answer tests against the committed oracle fixtures of `tests/fixtures/stats/`:
//! scipy 1.17.1 / scikit-posthocs (`tests/oracles/scipy_stats.py`) and R survival
//! (`tests/oracles/survival.R`). Tolerances: |got − want| ≤ tol · max(1, |want|) with tol = 1e-12
//! for scipy (issue 5) and 1e-10 for R survival; integer counts exactly.

use serde_json::Value;

use super::*;

const SCIPY_TOL: f64 = 1e-12;
const R_TOL: f64 = 1e-10;

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn vec_f64(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn opt_vec(v: &Value) -> Vec<Option<f64>> {
    v.as_array().unwrap().iter().map(|x| x.as_f64()).collect()
}

fn vec_bool(v: &Value) -> Vec<bool> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_bool().unwrap())
        .collect()
}

fn close(got: f64, want: f64, tol: f64) -> bool {
    (got - want).abs() <= tol * want.abs().max(1.0)
}

fn assert_close(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        close(got, want, tol),
        "{what}: got {got:e}, want {want:e}, diff {:e}",
        (got - want).abs()
    );
}

fn assert_opt(got: Option<f64>, want: Option<f64>, tol: f64, what: &str) {
    match (got, want) {
        (Some(g), Some(w)) => assert_close(g, w, tol, what),
        (None, None) => {}
        _ => panic!("{what}: got {got:?}, want {want:?}"),
    }
}

fn cases(doc: &Value) -> &Vec<Value> {
    doc["cases"].as_array().unwrap()
}

#[test]
fn mann_whitney_equals_scipy() {
    let doc = fixture(include_str!("../../tests/fixtures/stats/mannwhitney.json"));
    let (mut exact, mut asym) = (0, 0);
    for c in cases(&doc) {
        let name = c["name"].as_str().unwrap();
        let r = mann_whitney(&vec_f64(&c["a"]), &vec_f64(&c["b"])).unwrap();
        assert_close(
            r.u,
            c["u"].as_f64().unwrap(),
            SCIPY_TOL,
            &format!("{name} U"),
        );
        assert_close(
            r.p_value,
            c["p"].as_f64().unwrap(),
            SCIPY_TOL,
            &format!("{name} p"),
        );
        let want_exact = c["method_rule"] == "exact";
        assert_eq!(r.method == MwMethod::Exact, want_exact, "{name} method");
        if want_exact {
            exact += 1;
        } else {
            asym += 1;
        }
    }
    assert!(
        exact >= 6 && asym >= 12,
        "{exact} exact, {asym} asymptotic cases"
    );
}

#[test]
fn wilcoxon_equals_scipy() {
    let doc = fixture(include_str!("../../tests/fixtures/stats/wilcoxon.json"));
    assert!(cases(&doc).len() >= 12);
    let mut seen = std::collections::BTreeMap::new();
    for c in cases(&doc) {
        let name = c["name"].as_str().unwrap();
        let r = wilcoxon_signed_rank(&vec_f64(&c["x"]), &vec_f64(&c["y"]));
        let rule = c["method_rule"].as_str().unwrap();
        *seen.entry(rule).or_insert(0) += 1;
        match c["p"].as_f64() {
            None => assert!(r.is_none(), "{name}: scipy NaN, got {r:?}"),
            Some(p) => {
                let r = r.unwrap();
                let method = match r.method {
                    WilcoxonMethod::Exact => "exact",
                    WilcoxonMethod::Permutation => "permutation",
                    WilcoxonMethod::Asymptotic => "asymptotic",
                };
                assert_eq!(method, rule, "{name} method");
                assert_close(
                    r.statistic,
                    c["statistic"].as_f64().unwrap(),
                    SCIPY_TOL,
                    &format!("{name} T"),
                );
                assert_close(r.p_value, p, SCIPY_TOL, &format!("{name} p"));
            }
        }
    }
    assert!(
        seen.values().all(|&n| n >= 5) && seen.len() == 3,
        "{seen:?}"
    );
}

#[test]
fn kruskal_and_dunn_equal_scipy_and_scikit_posthocs() {
    let doc = fixture(include_str!("../../tests/fixtures/stats/kruskal.json"));
    assert!(cases(&doc).len() >= 12);
    for c in cases(&doc) {
        let name = c["name"].as_str().unwrap();
        let groups: Vec<Vec<f64>> = c["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(vec_f64)
            .collect();
        let refs: Vec<&[f64]> = groups.iter().map(|g| g.as_slice()).collect();
        let r = kruskal_wallis(&refs);
        let Some(h) = c["h"].as_f64() else {
            assert!(r.is_none(), "{name}: scipy NaN");
            assert!(dunn(&refs).is_none());
            continue;
        };
        let r = r.unwrap();
        assert_close(r.h, h, SCIPY_TOL, &format!("{name} H"));
        assert_close(
            r.p_value,
            c["p"].as_f64().unwrap(),
            SCIPY_TOL,
            &format!("{name} p"),
        );
        assert_eq!(r.df, groups.len() - 1);
        let pairs = dunn(&refs).unwrap();
        let want = c["dunn"].as_array().unwrap();
        assert_eq!(pairs.len(), want.len());
        for (p, w) in pairs.iter().zip(want) {
            assert_eq!(
                (p.i as u64, p.j as u64),
                (w["i"].as_u64().unwrap(), w["j"].as_u64().unwrap())
            );
            assert_close(
                p.p_value,
                w["p"].as_f64().unwrap(),
                SCIPY_TOL,
                &format!("{name} dunn p"),
            );
            assert_close(
                p.p_adjusted,
                w["p_adjusted"].as_f64().unwrap(),
                SCIPY_TOL,
                &format!("{name} dunn adj"),
            );
        }
    }
}

#[test]
fn benjamini_hochberg_equals_scipy() {
    let doc = fixture(include_str!("../../tests/fixtures/stats/bh.json"));
    assert!(cases(&doc).len() >= 12);
    for c in cases(&doc) {
        let name = c["name"].as_str().unwrap();
        let got = benjamini_hochberg(&opt_vec(&c["p"]));
        let want = opt_vec(&c["adjusted"]);
        assert_eq!(got.len(), want.len());
        for (g, w) in got.into_iter().zip(want) {
            assert_opt(g, w, SCIPY_TOL, name);
        }
    }
}

#[test]
fn permutation_exact_equals_scipy() {
    let doc = fixture(include_str!("../../tests/fixtures/stats/permutation.json"));
    assert!(cases(&doc).len() >= 12);
    for c in cases(&doc) {
        let name = c["name"].as_str().unwrap();
        let r = permutation_median_test(
            &vec_f64(&c["a"]),
            &vec_f64(&c["b"]),
            DEFAULT_PERMUTATIONS,
            1,
        )
        .unwrap();
        assert!(r.exact, "{name}");
        assert_eq!(
            r.n_permutations as u64,
            c["n_permutations"].as_u64().unwrap()
        );
        assert_close(
            r.observed,
            c["statistic"].as_f64().unwrap(),
            SCIPY_TOL,
            &format!("{name} stat"),
        );
        assert_close(
            r.p_value,
            c["p"].as_f64().unwrap(),
            SCIPY_TOL,
            &format!("{name} p"),
        );
    }
}

#[test]
fn bca_levels_equal_scipy() {
    let doc = fixture(include_str!("../../tests/fixtures/stats/bca.json"));
    for c in cases(&doc) {
        let name = c["name"].as_str().unwrap();
        let mut a = vec_f64(&c["a"]);
        let mut b = vec_f64(&c["b"]);
        a.sort_by(f64::total_cmp);
        b.sort_by(f64::total_cmp);
        let reps = vec_f64(&c["replicates"]);
        let est = median(&a).unwrap() - median(&b).unwrap();
        let (lo, hi) =
            bootstrap::bca_levels(&a, &b, &reps, est, c["alpha"].as_f64().unwrap()).unwrap();
        assert_close(
            lo,
            c["level_low"].as_f64().unwrap(),
            SCIPY_TOL,
            &format!("{name} low"),
        );
        assert_close(
            hi,
            c["level_high"].as_f64().unwrap(),
            SCIPY_TOL,
            &format!("{name} high"),
        );
    }
}

#[test]
fn kaplan_meier_equals_r_survfit() {
    let doc = fixture(include_str!("../../tests/fixtures/stats/survival.json"));
    for c in doc["kaplan_meier"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let (t, e) = (vec_f64(&c["time"]), vec_bool(&c["event"]));
        for (key, ct) in [
            ("plain", ConfType::Plain),
            ("log", ConfType::Log),
            ("loglog", ConfType::LogLog),
        ] {
            let km = kaplan_meier(&t, &e, ct, 0.95).unwrap();
            let what = format!("{name} {key}");
            let times = vec_f64(&c["steps_time"]);
            assert_eq!(km.steps.len(), times.len(), "{what}");
            let cols = [&c["n_risk"], &c["n_event"], &c["n_censor"]].map(vec_f64);
            let (surv, se) = (vec_f64(&c["surv"]), opt_vec(&c["std_err"]));
            let (lower, upper) = (opt_vec(&c[key]["lower"]), opt_vec(&c[key]["upper"]));
            for (i, s) in km.steps.iter().enumerate() {
                assert_eq!(s.time, times[i], "{what}");
                assert_eq!(
                    [s.n_risk, s.n_event, s.n_censor].map(|v| v as f64),
                    [cols[0][i], cols[1][i], cols[2][i]]
                );
                assert_close(s.surv, surv[i], R_TOL, &format!("{what} surv[{i}]"));
                assert_opt(s.std_err, se[i], R_TOL, &format!("{what} se[{i}]"));
                assert_opt(s.lower, lower[i], R_TOL, &format!("{what} lower[{i}]"));
                assert_opt(s.upper, upper[i], R_TOL, &format!("{what} upper[{i}]"));
            }
            assert_opt(
                km.median,
                c[key]["median"].as_f64(),
                R_TOL,
                &format!("{what} median"),
            );
            assert_opt(
                km.median_lower,
                c[key]["median_lower"].as_f64(),
                R_TOL,
                &format!("{what} LCL"),
            );
            assert_opt(
                km.median_upper,
                c[key]["median_upper"].as_f64(),
                R_TOL,
                &format!("{what} UCL"),
            );
        }
    }
}

#[test]
fn log_rank_equals_r_survdiff() {
    let doc = fixture(include_str!("../../tests/fixtures/stats/survival.json"));
    for c in doc["log_rank"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let (t, e, g) = (
            vec_f64(&c["time"]),
            vec_bool(&c["event"]),
            vec_f64(&c["group"]),
        );
        // Groups in increasing label order, as R's factor levels.
        let mut labels = g.clone();
        labels.sort_by(f64::total_cmp);
        labels.dedup();
        let split: Vec<(Vec<f64>, Vec<bool>)> = labels
            .iter()
            .map(|l| {
                let idx: Vec<usize> = (0..g.len()).filter(|&i| g[i] == *l).collect();
                (
                    idx.iter().map(|&i| t[i]).collect(),
                    idx.iter().map(|&i| e[i]).collect(),
                )
            })
            .collect();
        let refs: Vec<(&[f64], &[bool])> = split
            .iter()
            .map(|(a, b)| (a.as_slice(), b.as_slice()))
            .collect();
        let r = log_rank(&refs).unwrap();
        assert_close(
            r.chi2,
            c["chisq"].as_f64().unwrap(),
            R_TOL,
            &format!("{name} chisq"),
        );
        assert_eq!(r.df as u64, c["df"].as_u64().unwrap(), "{name} df");
        assert_close(
            r.p_value,
            c["p"].as_f64().unwrap(),
            R_TOL,
            &format!("{name} p"),
        );
        for (got, want) in r.expected.iter().zip(vec_f64(&c["expected"])) {
            assert_close(*got, want, R_TOL, &format!("{name} expected"));
        }
        assert_eq!(r.observed, vec_f64(&c["observed"]), "{name} observed");
    }
}
