//! Known-answer tests against `tests/fixtures/hazards/cox.json`, written by
//! `tests/oracles/cox.R` (R 4.2.2, survival 3.5-3, cmprsk 2.2-11; versions recorded in the
//! fixture). Tolerances, from issue 18:
//! * Cox (`coxph(ties = "efron" | "breslow", control = coxph.control(eps = 1e-12,
//!   iter.max = 100))`): coefficients, model-based and robust variances, log-likelihoods, Wald,
//!   robust Wald, likelihood-ratio, score and robust score statistics and their p-values, 95 %
//!   hazard-ratio limits within |ours − R| ≤ 1e-8·|R| + 1e-10; Newton iterations equal to
//!   `fit$iter`;
//! * `cox.zph(transform = "km", terms = TRUE)`: chisq and p within 1e-6 (absolute, or relative
//!   to values above 1), df exactly;
//! * `crr(gtol = 1e-12, maxiter = 100)`: coefficients and standard errors within 1e-6;
//! * `finegray` + weighted `coxph(ties = "breslow", cluster = id)`: the expanded rows exactly
//!   (weights within 1e-12), coefficients and robust/model-based variances within 1e-8·|R| + 1e-10.

use serde_json::Value;

use super::*;

const FIXTURE: &str = include_str!("../../tests/fixtures/hazards/cox.json");

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).unwrap()
}

/// The elements of a JSON array, each read by `read`.
fn array<T>(v: &Value, read: impl Fn(&Value) -> Option<T>) -> Vec<T> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| read(x).unwrap())
        .collect()
}

fn f64s(v: &Value) -> Vec<f64> {
    array(v, Value::as_f64)
}

fn bools(v: &Value) -> Vec<bool> {
    array(v, Value::as_bool)
}

fn strings(v: &Value) -> Vec<String> {
    array(v, |x| x.as_str().map(str::to_string))
}

fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array().unwrap().iter().map(f64s).collect()
}

fn u32s(v: &Value) -> Option<Vec<u32>> {
    v.as_array()
        .map(|a| a.iter().map(|x| x.as_f64().unwrap() as u32).collect())
}

fn cox_close(what: &str, got: f64, want: f64) {
    assert!(
        (got - want).abs() <= 1e-8 * want.abs() + 1e-10,
        "{what}: got {got:e}, R {want:e}, diff {:e}",
        got - want
    );
}

fn loose_close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol * want.abs().max(1.0),
        "{what}: got {got:e}, R {want:e}, diff {:e}",
        got - want
    );
}

fn mat_close(what: &str, got: &[Vec<f64>], want: &[Vec<f64>]) {
    assert_eq!(got.len(), want.len(), "{what}");
    for (a, (g, w)) in got.iter().zip(want).enumerate() {
        for (b, (x, y)) in g.iter().zip(w).enumerate() {
            cox_close(&format!("{what}[{a}][{b}]"), *x, *y);
        }
    }
}

/// Every coxph case: estimates, variances and tests within 1e-8·|R| + 1e-10, and the
/// cox.zph table within 1e-6.
#[test]
fn cox_matches_r_coxph() {
    let fx = fixture();
    let cases = fx["cox"].as_array().unwrap();
    assert!(cases.len() >= 8);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let start = f64s(&c["start"]);
        let stop = f64s(&c["stop"]);
        let event = bools(&c["event"]);
        let x = matrix(&c["x"]);
        let names = strings(&c["names"]);
        let strata = u32s(&c["strata"]);
        let cluster = u32s(&c["cluster"]);
        let weights = c["weights"].as_array().map(|_| f64s(&c["weights"]));
        let d = CoxData {
            start: &start,
            stop: &stop,
            event: &event,
            x: &x,
            names: &names,
            strata: strata.as_deref(),
            cluster: cluster.as_deref(),
            weights: weights.as_deref(),
        };
        let ties = if c["ties"] == "breslow" {
            Ties::Breslow
        } else {
            Ties::Efron
        };
        let fit = cox_fit(&d, ties).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (a, b) in f64s(&c["coef"]).iter().enumerate() {
            cox_close(&format!("{name} coef {a}"), fit.beta[a], *b);
        }
        mat_close(&format!("{name} var"), &fit.var, &matrix(&c["var"]));
        assert_eq!(
            fit.iterations as f64,
            c["iter"].as_f64().unwrap(),
            "{name} iterations"
        );
        let ll = f64s(&c["loglik"]);
        cox_close(&format!("{name} loglik0"), fit.loglik_null, ll[0]);
        cox_close(&format!("{name} loglik"), fit.loglik, ll[1]);
        for (test, key) in [(&fit.score, "score"), (&fit.lr, "lr"), (&fit.wald, "wald")] {
            cox_close(
                &format!("{name} {key}"),
                test.statistic,
                c[key].as_f64().unwrap(),
            );
            let p = c[format!("{key}_p").as_str()].as_f64().unwrap();
            cox_close(&format!("{name} {key} p"), test.p_value, p);
            assert_eq!(test.df, names.len());
        }
        match c["robust_var"].as_array() {
            Some(_) => {
                mat_close(
                    &format!("{name} robust var"),
                    fit.robust_var.as_ref().unwrap(),
                    &matrix(&c["robust_var"]),
                );
                let wr = fit.wald_robust.unwrap();
                cox_close(
                    &format!("{name} robust wald"),
                    wr.statistic,
                    c["wald_robust"].as_f64().unwrap(),
                );
                let rs = fit.robust_score.unwrap();
                cox_close(
                    &format!("{name} rscore"),
                    rs.statistic,
                    c["rscore"].as_f64().unwrap(),
                );
                cox_close(
                    &format!("{name} rscore p"),
                    rs.p_value,
                    c["rscore_p"].as_f64().unwrap(),
                );
            }
            None => assert!(fit.robust_var.is_none() && fit.robust_score.is_none()),
        }
        // 95 % hazard-ratio intervals of summary(fit)$conf.int (robust with clusters).
        let ci = matrix(&c["hr_ci"]);
        for (a, hr) in fit
            .hazard_ratios(fit.robust_var.is_some())
            .iter()
            .enumerate()
        {
            cox_close(&format!("{name} ci low {a}"), hr.ci_low, ci[a][0]);
            cox_close(&format!("{name} ci high {a}"), hr.ci_high, ci[a][1]);
        }
        // cox.zph, one test per term then GLOBAL.
        let term_names = strings(&c["term_names"]);
        let terms: Vec<(String, Vec<usize>)> = term_names
            .iter()
            .zip(c["terms"].as_array().unwrap())
            .map(|(t, cols)| (t.clone(), f64s(cols).iter().map(|v| *v as usize).collect()))
            .collect();
        let zph = cox_zph(&fit, &d, &terms).unwrap_or_else(|| panic!("{name}: zph"));
        let chisq = f64s(&c["zph_chisq"]);
        let df = f64s(&c["zph_df"]);
        let p = f64s(&c["zph_p"]);
        let rows: Vec<&ZphRow> = zph
            .rows
            .iter()
            .chain(std::iter::once(&zph.global))
            .collect();
        assert_eq!(rows.len(), chisq.len(), "{name} zph rows");
        for (k, r) in rows.iter().enumerate() {
            loose_close(
                &format!("{name} zph {} chisq", r.term),
                r.chisq,
                chisq[k],
                1e-6,
            );
            loose_close(&format!("{name} zph {} p", r.term), r.p_value, p[k], 1e-6);
            assert_eq!(r.df as f64, df[k], "{name} zph df");
        }
    }
}

/// The monotone case: R (eps = 1e-12) returns NA for x3, with the default eps it warns that
/// the coefficient may be infinite; ours is `MonotoneLikelihood`.
#[test]
fn monotone_likelihood_is_a_status() {
    let fx = fixture();
    let c = &fx["monotone"];
    assert!(c["coef"].as_array().unwrap()[1].is_null());
    assert!(strings(&c["default_eps_warnings"])[0].contains("coefficient may be infinite"));
    let start = f64s(&c["start"]);
    let stop = f64s(&c["stop"]);
    let event = bools(&c["event"]);
    let x = matrix(&c["x"]);
    let names = strings(&c["names"]);
    let d = CoxData::new(&start, &stop, &event, &x, &names);
    let err = cox_fit(&d, Ties::Efron).unwrap_err();
    assert_eq!(err, CoxStatus::MonotoneLikelihood("x3".into()));
}

/// crr: coefficients and standard errors within 1e-6.
#[test]
fn fine_gray_matches_crr() {
    let fx = fixture();
    let cases = fx["crr"].as_array().unwrap();
    assert!(cases.len() >= 4);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let time = f64s(&c["time"]);
        let cause: Vec<u8> = f64s(&c["cause"]).iter().map(|v| *v as u8).collect();
        let x = matrix(&c["x"]);
        let names = strings(&c["names"]);
        let cg = u32s(&c["cengroup"]);
        let fit = fine_gray(&time, &cause, &x, &names, cg.as_deref())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let var = matrix(&c["var"]);
        for (a, b) in f64s(&c["coef"]).iter().enumerate() {
            loose_close(&format!("{name} coef {a}"), fit.beta[a], *b, 1e-6);
            loose_close(
                &format!("{name} se {a}"),
                fit.var[a][a].sqrt(),
                var[a][a].sqrt(),
                1e-6,
            );
        }
        loose_close(
            &format!("{name} loglik"),
            fit.loglik,
            c["loglik"].as_f64().unwrap(),
            1e-6,
        );
    }
}

/// finegray + coxph: the expansion row by row, then the fit within 1e-8·|R| + 1e-10.
#[test]
fn fine_gray_delayed_matches_finegray_coxph() {
    let fx = fixture();
    for c in fx["finegray"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let entry = f64s(&c["entry"]);
        let time = f64s(&c["time"]);
        let cause: Vec<u8> = f64s(&c["cause"]).iter().map(|v| *v as u8).collect();
        let x = matrix(&c["x"]);
        let names = strings(&c["names"]);
        let e = finegray_expand(&entry, &time, &cause).unwrap();
        let id: Vec<usize> = f64s(&c["fg_id"]).iter().map(|v| *v as usize).collect();
        assert_eq!(e.id, id, "{name} rows");
        assert_eq!(e.start, f64s(&c["fg_start"]), "{name} start");
        assert_eq!(e.stop, f64s(&c["fg_stop"]), "{name} stop");
        let st: Vec<bool> = f64s(&c["fg_status"]).iter().map(|v| *v == 1.0).collect();
        assert_eq!(e.event, st, "{name} status");
        for (k, (a, b)) in e.weight.iter().zip(f64s(&c["fg_wt"])).enumerate() {
            loose_close(&format!("{name} wt {k}"), *a, b, 1e-12);
        }
        let fit = fine_gray_delayed(&entry, &time, &cause, &x, &names)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for (a, b) in f64s(&c["coef"]).iter().enumerate() {
            cox_close(&format!("{name} coef {a}"), fit.beta[a], *b);
        }
        mat_close(&format!("{name} var"), &fit.var, &matrix(&c["var"]));
        mat_close(
            &format!("{name} robust"),
            fit.robust_var.as_ref().unwrap(),
            &matrix(&c["robust_var"]),
        );
        let ll = f64s(&c["loglik"]);
        cox_close(&format!("{name} loglik"), fit.loglik, ll[1]);
    }
}
