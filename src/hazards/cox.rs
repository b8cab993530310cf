//! Cox proportional-hazards regression by Newton–Raphson, as R `survival::coxph` (C routines
//! `coxfit6.c` / `agfit4.c`): partial likelihood with Efron or Breslow ties, counting-process
//! risk sets (delayed entry), strata, case weights; model-based variance (inverse information)
//! and, with clusters, the robust sandwich of `coxph(..., cluster = )`; likelihood-ratio, Wald
//! and score tests, and the robust score test `fit$rscore`.

// Matrix and risk-set code indexes several arrays by the same subscript, as the C and
// Fortran routines it follows; iterator chains would hide that correspondence.
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeMap;

use super::linalg::{crossprod, inverse, ldl, ldl_solve, quad_form_inv, TOLER_CHOL};
use super::risk::{efron_terms, linear_predictor, prepare, sums, ContentRows, Prepared};
use super::{CoxData, CoxStatus, Test, Ties};
use crate::stats::order::sort_rows;

/// Convergence tolerance on the relative change of the log partial likelihood
/// (`coxph.control(eps = 1e-12)`).
pub const EPS: f64 = 1e-12;
/// Maximum number of Newton–Raphson iterations (`coxph.control(iter.max = 100)`).
pub const MAX_ITER: usize = 100;
/// Tolerance of the infinite-coefficient check (`toler.inf = sqrt(eps)`).
const TOLER_INF: f64 = 1e-6;

/// A fitted Cox model.
#[derive(Debug, Clone, PartialEq)]
pub struct CoxFit {
    /// Covariate names, in the order of `beta`.
    pub names: Vec<String>,
    /// Log hazard ratios.
    pub beta: Vec<f64>,
    /// Model-based variance: the inverse of the observed information at `beta`.
    pub var: Vec<Vec<f64>>,
    /// Robust (grouped dfbeta sandwich) variance, when clusters were given.
    pub robust_var: Option<Vec<Vec<f64>>>,
    /// Log partial likelihood at `beta = 0`.
    pub loglik_null: f64,
    /// Log partial likelihood at `beta`.
    pub loglik: f64,
    /// Likelihood-ratio test `2 (ℓ(β̂) − ℓ(0))`.
    pub lr: Test,
    /// Model-based Wald test `β̂ᵀ V⁻¹ β̂`.
    pub wald: Test,
    /// Robust Wald test (robust variance), R's `fit$wald.test` with clusters.
    pub wald_robust: Option<Test>,
    /// Score test at `beta = 0` (R's `fit$score`).
    pub score: Test,
    /// Robust score test at `beta = 0` (R's `fit$rscore`), with clusters.
    pub robust_score: Option<Test>,
    /// Newton–Raphson iterations used.
    pub iterations: usize,
    /// Number of rows.
    pub n: usize,
    /// Number of rows with an event.
    pub n_events: usize,
    /// Number of clusters, when clusters were given.
    pub n_clusters: Option<usize>,
    /// The ties method of the fit.
    pub ties: Ties,
}

/// Log partial likelihood, score vector and information matrix at `beta`.
pub(crate) struct Derivatives {
    pub loglik: f64,
    pub u: Vec<f64>,
    pub imat: Vec<Vec<f64>>,
}

/// Evaluates the log partial likelihood and its first two derivatives at `beta`.
pub(crate) fn derivatives(pr: &Prepared, beta: &[f64], ties: Ties) -> Derivatives {
    let p = pr.p;
    let eta = linear_predictor(&pr.x, beta);
    let risk: Vec<f64> = eta.iter().zip(&pr.w).map(|(e, w)| w * e.exp()).collect();
    let mut loglik = 0.0;
    let mut u = vec![0.0; p];
    let mut imat = vec![vec![0.0; p]; p];
    for et in &pr.times {
        let s = sums(&et.at_risk, &risk, &pr.x, p, true);
        let dsum = sums(&et.deaths, &risk, &pr.x, p, true);
        let mut deadwt = 0.0;
        for &i in &et.deaths {
            deadwt += pr.w[i];
            loglik += pr.w[i] * eta[i];
            for a in 0..p {
                u[a] += pr.w[i] * pr.x[i][a];
            }
        }
        let efron = matches!(ties, Ties::Efron);
        for (f, wt) in efron_terms(et.deaths.len(), deadwt, efron) {
            let den = s.s0 - f * dsum.s0;
            loglik -= wt * den.ln();
            let mean: Vec<f64> = (0..p).map(|a| (s.s1[a] - f * dsum.s1[a]) / den).collect();
            for a in 0..p {
                u[a] -= wt * mean[a];
                for b in 0..p {
                    imat[a][b] += wt * ((s.s2[a][b] - f * dsum.s2[a][b]) / den - mean[a] * mean[b]);
                }
            }
        }
    }
    Derivatives { loglik, u, imat }
}

/// Score residuals of every row at `beta` (unweighted), as `residuals.coxph(type = "score")`
/// (C routines `coxscore2.c` / `agscore2.c`), Efron terms included.
pub(crate) fn score_residuals(pr: &Prepared, beta: &[f64], ties: Ties) -> Vec<Vec<f64>> {
    let p = pr.p;
    let eta = linear_predictor(&pr.x, beta);
    let score: Vec<f64> = eta.iter().map(|e| e.exp()).collect();
    let risk: Vec<f64> = score.iter().zip(&pr.w).map(|(s, w)| s * w).collect();
    let mut resid = vec![vec![0.0; p]; pr.n];
    let mut is_death = vec![false; pr.n];
    for et in &pr.times {
        let s = sums(&et.at_risk, &risk, &pr.x, p, false);
        let dsum = sums(&et.deaths, &risk, &pr.x, p, false);
        let deadwt: f64 = et.deaths.iter().map(|&i| pr.w[i]).sum();
        let nd = et.deaths.len();
        for &i in &et.deaths {
            is_death[i] = true;
        }
        let efron = matches!(ties, Ties::Efron) && nd >= 2;
        for (f, wt) in efron_terms(nd, deadwt, efron) {
            let den = s.s0 - f * dsum.s0;
            let hazard = wt / den;
            let mean: Vec<f64> = (0..p).map(|a| (s.s1[a] - f * dsum.s1[a]) / den).collect();
            for &k in &et.at_risk {
                let (share, down) = if is_death[k] {
                    (if efron { 1.0 / nd as f64 } else { 1.0 }, 1.0 - f)
                } else {
                    (0.0, 1.0)
                };
                for a in 0..p {
                    let dx = pr.x[k][a] - mean[a];
                    resid[k][a] += dx * share - dx * score[k] * hazard * down;
                }
            }
        }
        for &i in &et.deaths {
            is_death[i] = false;
        }
    }
    resid
}

/// Weighted score residuals summed within clusters, the cluster sums sorted by content.
fn collapse(resid: &[Vec<f64>], w: &[f64], cluster: &[u32], p: usize) -> Vec<Vec<f64>> {
    let mut groups: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    for (i, r) in resid.iter().enumerate() {
        let g = groups.entry(cluster[i]).or_insert_with(|| vec![0.0; p]);
        for a in 0..p {
            g[a] += w[i] * r[a];
        }
    }
    // In content order, not in the order of the labels (`stats::order`).
    let mut groups: Vec<Vec<f64>> = groups.into_values().collect();
    sort_rows(&mut groups);
    groups
}

/// Fits a Cox proportional-hazards model.
///
/// Newton–Raphson from `β = 0` with step halving as `coxfit6.c`/`agfit4.c` of R `survival`:
/// a step that lowers the log-likelihood is replaced by `(β_old·h + β)/(h + 1)`, `h` the
/// number of halvings in a row; convergence when a full step changes the log partial
/// likelihood by a relative amount ≤ [`EPS`] (1e-12), at most [`MAX_ITER`] (100) iterations.
///
/// # Arguments
/// * `d` - the data (counting-process rows, covariates, optional strata, clusters, weights).
/// * `ties` - Efron or Breslow handling of tied event times.
///
/// # Returns
/// The fit, or a [`CoxStatus`]: `NoEvents`, `FewerEventsThanParameters`, `RankDeficient`
/// (singular information at `β = 0`: collinear or constant covariates), `MonotoneLikelihood`
/// (a coefficient diverges: the information vanishes, or R's "Loglik converged before
/// variable …" check fires), `NotConverged`, `InvalidData`.
///
/// # Complexity
/// O(iterations · Σ|risk set| · p²).
///
/// # References
/// Cox (1972), JRSS B 34:187–220; Efron (1977), JASA 72:557–565; Therneau & Grambsch (2000),
/// *Modeling Survival Data*, ch. 3 and 8; Lin & Wei (1989), JASA 84:1074–1078 (robust variance).
pub fn cox_fit(d: &CoxData, ties: Ties) -> Result<CoxFit, CoxStatus> {
    let rows = ContentRows::new(d)?;
    let d = &rows.data(d);
    let pr = prepare(d)?;
    let p = pr.p;
    let zero = vec![0.0; p];
    let d0 = derivatives(&pr, &zero, ties);
    let f0 = ldl(&d0.imat, TOLER_CHOL).ok_or(CoxStatus::RankDeficient)?;
    let step0 = ldl_solve(&f0, &d0.u);
    let score_stat: f64 = d0.u.iter().zip(&step0).map(|(a, b)| a * b).sum();
    let mut old = zero.clone();
    let mut beta: Vec<f64> = step0;
    let mut best = d0.loglik;
    let mut halving = 0usize;
    let mut iterations = 0;
    let mut last: Option<Derivatives> = None;
    for iter in 1..=MAX_ITER {
        iterations = iter;
        let dv = derivatives(&pr, &beta, ties);
        let finite = dv.loglik.is_finite()
            && dv.u.iter().all(|v| v.is_finite())
            && dv.imat.iter().flatten().all(|v| v.is_finite());
        if finite && halving == 0 && (dv.loglik - best).abs() <= EPS * dv.loglik.abs() {
            last = Some(dv);
            break;
        }
        if iter == MAX_ITER {
            return Err(CoxStatus::NotConverged);
        }
        if !finite || dv.loglik < best {
            halving += 1;
            let h = halving as f64;
            for a in 0..p {
                beta[a] = (old[a] * h + beta[a]) / (h + 1.0);
            }
            continue;
        }
        halving = 0;
        best = dv.loglik;
        let Some(f) = ldl(&dv.imat, TOLER_CHOL) else {
            return Err(monotone(d, &vanished(&dv.imat, &d0.imat)));
        };
        let step = ldl_solve(&f, &dv.u);
        old.clone_from(&beta);
        for a in 0..p {
            beta[a] += step[a];
        }
    }
    let dv = last.ok_or(CoxStatus::NotConverged)?;
    let Some(var) = inverse(&dv.imat, TOLER_CHOL) else {
        return Err(monotone(d, &vanished(&dv.imat, &d0.imat)));
    };
    // R: infs <- abs(u %*% var); warn when infs > eps and infs > toler.inf * |coef|.
    let infinite: Vec<bool> = (0..p)
        .map(|a| {
            let s: f64 = (0..p).map(|b| dv.u[b] * var[b][a]).sum();
            s.abs() > EPS && s.abs() > TOLER_INF * beta[a].abs()
        })
        .collect();
    if infinite.iter().any(|v| *v) {
        return Err(monotone(d, &infinite));
    }
    let mk = |stat: f64| Test::chi2(stat, p).ok_or(CoxStatus::NotConverged);
    let lr = mk(2.0 * (dv.loglik - d0.loglik))?;
    let wald = mk(quad_form_inv(&var, &beta).ok_or(CoxStatus::RankDeficient)?)?;
    let score = mk(score_stat)?;
    let (robust_var, wald_robust, robust_score, n_clusters) = match d.cluster {
        None => (None, None, None, None),
        Some(cl) => {
            let r = score_residuals(&pr, &beta, ties);
            let dfbeta: Vec<Vec<f64>> = collapse(&r, &pr.w, cl, p)
                .iter()
                .map(|g| {
                    (0..p)
                        .map(|a| (0..p).map(|b| g[b] * var[b][a]).sum())
                        .collect()
                })
                .collect();
            let rv = crossprod(&dfbeta, p);
            let wr = quad_form_inv(&rv, &beta).and_then(|s| Test::chi2(s, p));
            let r0 = collapse(&score_residuals(&pr, &zero, ties), &pr.w, cl, p);
            let u0: Vec<f64> = (0..p).map(|a| r0.iter().map(|g| g[a]).sum()).collect();
            let rs = quad_form_inv(&crossprod(&r0, p), &u0).and_then(|s| Test::chi2(s, p));
            let g = dfbeta.len();
            (Some(rv), wr, rs, Some(g))
        }
    };
    Ok(CoxFit {
        names: d.names.to_vec(),
        beta,
        var,
        robust_var,
        loglik_null: d0.loglik,
        loglik: dv.loglik,
        lr,
        wald,
        wald_robust,
        score,
        robust_score,
        iterations,
        n: pr.n,
        n_events: pr.n_events,
        n_clusters,
        ties,
    })
}

/// Covariates whose information has vanished (below 1e-8 of its value at `β = 0`): the
/// diverging coefficients of a monotone likelihood.
fn vanished(now: &[Vec<f64>], at_zero: &[Vec<f64>]) -> Vec<bool> {
    (0..now.len())
        .map(|a| now[a][a].is_nan() || now[a][a] <= 1e-8 * at_zero[a][a])
        .collect()
}

/// `MonotoneLikelihood` naming the flagged covariates (all of them when none is flagged).
fn monotone(d: &CoxData, flag: &[bool]) -> CoxStatus {
    let mut names: Vec<String> = d
        .names
        .iter()
        .zip(flag)
        .filter(|(_, f)| **f)
        .map(|(n, _)| n.clone())
        .collect();
    if names.is_empty() {
        names = d.names.to_vec();
    }
    CoxStatus::MonotoneLikelihood(names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Owned {
        start: Vec<f64>,
        stop: Vec<f64>,
        event: Vec<bool>,
        x: Vec<Vec<f64>>,
        names: Vec<String>,
    }

    impl Owned {
        fn data(&self) -> CoxData<'_> {
            CoxData::new(&self.start, &self.stop, &self.event, &self.x, &self.names)
        }
    }

    fn small(x2: impl Fn(f64) -> f64) -> Owned {
        let stop = vec![1.0, 2.0, 2.0, 3.0, 4.0, 5.0, 5.0, 6.0, 7.0, 8.0];
        let event = vec![
            true, true, false, true, true, false, true, true, false, true,
        ];
        let x1 = [0.5, -1.0, 0.2, 1.5, -0.3, 0.8, 0.0, -1.2, 0.4, 1.1];
        Owned {
            start: vec![0.0; 10],
            stop,
            event,
            x: x1.iter().map(|&v| vec![v, x2(v)]).collect(),
            names: vec!["a".into(), "b".into()],
        }
    }

    #[test]
    fn degenerate_inputs_are_statuses() {
        let mut o = small(|v| (v * 7.0).sin());
        o.event = vec![false; 10];
        assert_eq!(cox_fit(&o.data(), Ties::Efron), Err(CoxStatus::NoEvents));
        o.event[3] = true;
        assert_eq!(
            cox_fit(&o.data(), Ties::Efron),
            Err(CoxStatus::FewerEventsThanParameters)
        );
        let collinear = small(|v| 2.0 * v - 1.0);
        assert_eq!(
            cox_fit(&collinear.data(), Ties::Efron),
            Err(CoxStatus::RankDeficient)
        );
        let mut bad = small(|v| v * v);
        bad.start[2] = 2.0;
        assert_eq!(
            cox_fit(&bad.data(), Ties::Efron).unwrap_err().code(),
            "invalid_data"
        );
    }

    #[test]
    fn fit_is_deterministic_and_row_order_free() {
        let o = small(|v| (v * 7.0).sin());
        let a = cox_fit(&o.data(), Ties::Efron).unwrap();
        let b = cox_fit(&o.data(), Ties::Efron).unwrap();
        assert_eq!(a, b);
        let mut r = small(|v| (v * 7.0).sin());
        r.stop.reverse();
        r.event.reverse();
        r.x.reverse();
        let c = cox_fit(&r.data(), Ties::Efron).unwrap();
        for k in 0..2 {
            assert!((a.beta[k] - c.beta[k]).abs() < 1e-12);
        }
        assert!(a.lr.statistic >= 0.0 && a.score.p_value <= 1.0);
        let hr = a.hazard_ratios(false);
        assert!(hr[0].ci_low < hr[0].hazard_ratio && hr[0].hazard_ratio < hr[0].ci_high);
    }

    #[test]
    fn status_codes_are_snake_case() {
        assert_eq!(
            CoxStatus::MonotoneLikelihood("x".into()).code(),
            "monotone_likelihood"
        );
        assert_eq!(CoxStatus::NotConverged.code(), "not_converged");
        assert!(CoxStatus::MonotoneLikelihood("x".into())
            .to_string()
            .contains("infinite"));
    }
}
