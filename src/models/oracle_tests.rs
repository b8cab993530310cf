//! Known-answer tests of `crate::models` and `crate::stats::student` against R
//! (`tests/fixtures/models/glm.json`, written by `Rscript tests/oracles/models.R`: R 4.2.2,
//! sandwich 3.0.2, lmtest 0.9.40, splines; data generated in the script from a fixed seed).
//!
//! Tolerance (issue 16): |ours − R| ≤ 1e-8·|R| + 1e-10 for every estimate, standard error,
//! statistic, p-value, interval limit, dispersion, deviance, null deviance, AIC, R², the spline
//! basis and the average marginal effects (R: the hand-coded analytic delta method of the script;
//! `marginaleffects` is not installed, so that second comparison is skipped). Student t: R's `pt`
//! (both tails) and `qt` within 1e-12 relative.

use serde::Deserialize;

use super::{average_marginal_effect, fit_model, ns_basis, Family, ModelInput, ModelStatus};
use crate::stats::student::{t_cdf, t_quantile, t_sf};

const FIXTURE: &str = include_str!("../../tests/fixtures/models/glm.json");

#[derive(Deserialize)]
struct Fixture {
    cases: Vec<Case>,
    ns_predict: NsPredict,
    t_distribution: Vec<TCase>,
}

#[derive(Deserialize)]
struct NsPredict {
    x: Vec<f64>,
    new_x: Vec<f64>,
    basis: Vec<Vec<f64>>,
}

#[derive(Deserialize)]
struct TCase {
    df: f64,
    t: Vec<f64>,
    cdf: Vec<f64>,
    sf: Vec<f64>,
    p: Vec<f64>,
    quantile: Vec<f64>,
}

#[derive(Deserialize)]
struct Spline {
    log_n: Vec<f64>,
    columns: Vec<usize>,
    basis: Vec<Vec<f64>>,
    knots: Vec<f64>,
}

#[derive(Deserialize)]
struct Ame {
    column: usize,
    siblings: Vec<usize>,
    estimate: f64,
    std_error: f64,
    statistic: f64,
    p_value: f64,
    ci_low: f64,
    ci_high: f64,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    family: String,
    se_type: Option<String>,
    n: usize,
    y: Vec<Option<f64>>,
    trials: Option<Vec<f64>>,
    x: Vec<Vec<Option<f64>>>,
    names: Vec<String>,
    cluster: Option<Vec<f64>>,
    spline: Option<Spline>,
    status: Option<String>,
    #[serde(default)]
    estimate: Vec<f64>,
    #[serde(default)]
    std_error: Vec<f64>,
    #[serde(default)]
    statistic: Vec<f64>,
    #[serde(default)]
    p_value: Vec<f64>,
    #[serde(default)]
    ci_low: Vec<f64>,
    #[serde(default)]
    ci_high: Vec<f64>,
    ref_df: Option<f64>,
    df_resid: Option<f64>,
    dispersion: Option<f64>,
    deviance: Option<f64>,
    null_deviance: Option<f64>,
    aic: Option<f64>,
    r2: Option<f64>,
    ame: Option<Ame>,
}

fn fixture() -> Fixture {
    serde_json::from_str(FIXTURE).unwrap_or_else(|e| panic!("fixture: {e}"))
}

fn close(what: &str, ours: f64, r: f64) {
    assert!(
        (ours - r).abs() <= 1e-8 * r.abs() + 1e-10,
        "{what}: ours {ours:e}, R {r:e}"
    );
}

fn family(name: &str) -> Family {
    match name {
        "binomial" => Family::Binomial,
        "fractional_logit" => Family::FractionalLogit,
        "ols" => Family::Ols,
        "poisson" => Family::Poisson,
        other => panic!("family {other}"),
    }
}

/// Complete cases of a fixture case: (y, x, row indices kept).
fn complete(case: &Case) -> (Vec<f64>, Vec<Vec<f64>>, Vec<usize>) {
    let mut y = Vec::new();
    let mut x = Vec::new();
    let mut kept = Vec::new();
    for (i, (yi, row)) in case.y.iter().zip(&case.x).enumerate() {
        let row: Option<Vec<f64>> = row.iter().copied().collect();
        if let (Some(yi), Some(row)) = (yi, row) {
            y.push(*yi);
            x.push(row);
            kept.push(i);
        }
    }
    (y, x, kept)
}

/// Fits every fitted case from R's data (the spline columns rebuilt by `ns_basis`) and compares
/// the coefficient table, the fit summaries and the AME of the group dummy with R.
#[test]
fn models_equal_r() {
    let fx = fixture();
    let mut fitted = 0;
    for case in fx.cases.iter().filter(|c| c.status.is_none()) {
        let name = &case.name;
        let (y, mut x, kept) = complete(case);
        assert_eq!(
            y.len(),
            case.n,
            "{name}: rows kept after dropping missing values"
        );
        if let Some(sp) = &case.spline {
            let ours = ns_basis(&sp.log_n, 3).unwrap_or_else(|| panic!("{name}: ns"));
            for (i, (row_o, row_r)) in ours.iter().zip(&sp.basis).enumerate() {
                for (j, (a, b)) in row_o.iter().zip(row_r).enumerate() {
                    close(&format!("{name} ns[{i},{j}]"), *a, *b);
                }
            }
            let knots = super::NaturalSpline::new(&sp.log_n, 3).map(|s| s.interior);
            assert_eq!(knots.as_ref().map(Vec::len), Some(2));
            for (a, b) in knots.unwrap_or_default().iter().zip(&sp.knots) {
                close(&format!("{name} knot"), *a, *b);
            }
            for (row, basis) in x.iter_mut().zip(&ours) {
                for (c, v) in sp.columns.iter().zip(basis) {
                    row[*c] = *v;
                }
            }
        }
        let cluster: Option<Vec<u32>> = case
            .cluster
            .as_ref()
            .map(|c| kept.iter().map(|&i| c[i] as u32).collect());
        let input = ModelInput {
            family: family(&case.family),
            y: &y,
            trials: case.trials.as_deref(),
            x: &x,
            names: &case.names,
            cluster: cluster.as_deref(),
            level: 0.95,
        };
        let fit = fit_model(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(Some(fit.se_type.name()), case.se_type.as_deref(), "{name}");
        for (j, c) in fit.coefs.iter().enumerate() {
            let w = &c.wald;
            for (what, ours, r) in [
                ("estimate", w.estimate, &case.estimate),
                ("se", w.std_error, &case.std_error),
                ("statistic", w.statistic, &case.statistic),
                ("p", w.p_value, &case.p_value),
                ("ci_low", w.ci_low, &case.ci_low),
                ("ci_high", w.ci_high, &case.ci_high),
            ] {
                close(&format!("{name} {} {what}", c.name), ours, r[j]);
            }
        }
        assert_eq!(fit.ref_df, case.ref_df, "{name} reference df");
        assert_eq!(Some(fit.df_resid as f64), case.df_resid, "{name} df_resid");
        let opt = |what: &str, ours: Option<f64>, r: Option<f64>| match (ours, r) {
            (Some(a), Some(b)) => close(&format!("{name} {what}"), a, b),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{name} {what}: {a:?} vs {b:?}"),
        };
        opt("dispersion", fit.dispersion, case.dispersion);
        opt("deviance", Some(fit.deviance), case.deviance);
        opt("null deviance", Some(fit.null_deviance), case.null_deviance);
        opt("aic", fit.aic, case.aic);
        opt("r2", fit.r2, case.r2);
        let ame = case
            .ame
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no AME"));
        let ours = average_marginal_effect(&fit, &x, ame.column, &ame.siblings, 0.95)
            .unwrap_or_else(|| panic!("{name}: AME"));
        close(&format!("{name} ame"), ours.estimate, ame.estimate);
        close(&format!("{name} ame se"), ours.std_error, ame.std_error);
        close(&format!("{name} ame z"), ours.statistic, ame.statistic);
        close(&format!("{name} ame p"), ours.p_value, ame.p_value);
        close(&format!("{name} ame ci_low"), ours.ci_low, ame.ci_low);
        close(&format!("{name} ame ci_high"), ours.ci_high, ame.ci_high);
        fitted += 1;
    }
    assert!(fitted >= 10, "only {fitted} fitted cases");
}

/// The refused cases (separation by a group, separation by size, a collinear column) return the
/// status the fixture records, never numbers.
#[test]
fn refusals_equal_fixture() {
    let fx = fixture();
    let mut seen = 0;
    for case in fx.cases.iter().filter(|c| c.status.is_some()) {
        let (y, x, _) = complete(case);
        let input = ModelInput {
            family: family(&case.family),
            y: &y,
            trials: None,
            x: &x,
            names: &case.names,
            cluster: None,
            level: 0.95,
        };
        let got = fit_model(&input).map(|f| f.coefs.len());
        let code = got.as_ref().err().map(ModelStatus::code);
        assert_eq!(code, case.status.as_deref(), "{}: {got:?}", case.name);
        seen += 1;
    }
    assert_eq!(seen, 3);
}

/// The basis of `ns(x, 3)` evaluated at new values (below, at and above the boundary knots, at
/// the interior knots) equals R's `predict(ns(x, df = 3), new_x)`, 1e-8·|R| + 1e-10.
#[test]
fn spline_prediction_equals_r() {
    let ns = fixture().ns_predict;
    let spline = super::NaturalSpline::new(&ns.x, 3).unwrap_or_else(|| panic!("knots"));
    let ours = spline.basis(&ns.new_x).unwrap_or_else(|| panic!("basis"));
    assert_eq!(ours.len(), ns.basis.len());
    for (i, (a, b)) in ours.iter().zip(&ns.basis).enumerate() {
        for (j, (u, v)) in a.iter().zip(b).enumerate() {
            close(&format!("predict ns[{i},{j}]"), *u, *v);
        }
    }
}

/// Student t cdf, survival function and quantile against R's `pt` and `qt`, 1e-12 relative.
#[test]
fn student_t_equals_r() {
    for tc in fixture().t_distribution {
        for ((&t, &cdf), &sf) in tc.t.iter().zip(&tc.cdf).zip(&tc.sf) {
            let ours_cdf = t_cdf(t, tc.df).unwrap_or(f64::NAN);
            let ours_sf = t_sf(t, tc.df).unwrap_or(f64::NAN);
            assert!(
                (ours_cdf - cdf).abs() <= 1e-12 * cdf,
                "pt({t}, {}): {ours_cdf:e} vs {cdf:e}",
                tc.df
            );
            assert!(
                (ours_sf - sf).abs() <= 1e-12 * sf,
                "sf({t}, {}): {ours_sf:e} vs {sf:e}",
                tc.df
            );
        }
        for (&p, &q) in tc.p.iter().zip(&tc.quantile) {
            let ours = t_quantile(p, tc.df).unwrap_or(f64::NAN);
            assert!(
                (ours - q).abs() <= 1e-12 * q.abs(),
                "qt({p}, {}): {ours:e} vs {q:e}",
                tc.df
            );
        }
    }
}
