//! Input checks, IRLS for the GLM families and the least-squares fit of OLS, as R's `glm.fit`
//! (with `glm.control(epsilon = 1e-12, maxit = 100)`) and `lm.fit` compute them.

use super::family::{linkinv, mu_eta, variance, Core};
use super::linalg::Qr;
use super::vcov::finish;
use super::{Family, ModelFit, ModelInput, ModelStatus};
use crate::stats::order::{cmp_values, content_order, permute};
use crate::stats::student::ln_gamma;

/// Relative deviance change that stops IRLS (R's `glm.control(epsilon = …)`).
const EPSILON: f64 = 1e-12;
/// Maximum IRLS iterations.
const MAX_ITER: usize = 100;
/// Relative pivot tolerance of the QR (R's `qr` and `lm` default).
pub(super) const QR_TOL: f64 = 1e-7;
/// Fitted values this close to a bound of the mean (0 or 1) signal separation.
const BOUND_EPS: f64 = 1e-10;

/// y ln(y/μ), 0 at y = 0.
fn y_log_y(y: f64, mu: f64) -> f64 {
    if y == 0.0 {
        0.0
    } else {
        y * (y / mu).ln()
    }
}

/// Deviance contribution of one row with prior weight `w`.
fn dev_resid(family: Family, y: f64, mu: f64, w: f64) -> f64 {
    match family {
        Family::Binomial | Family::FractionalLogit => {
            2.0 * w * (y_log_y(y, mu) + y_log_y(1.0 - y, 1.0 - mu))
        }
        Family::Poisson => 2.0 * w * (y_log_y(y, mu) - (y - mu)),
        Family::Ols => w * (y - mu) * (y - mu),
    }
}

fn deviance(family: Family, y: &[f64], mu: &[f64], prior: &[f64]) -> f64 {
    y.iter()
        .zip(mu)
        .zip(prior)
        .map(|((&yi, &mi), &wi)| dev_resid(family, yi, mi, wi))
        .sum()
}

/// Fits one model: checks the input, fits it, and computes its errors and tests.
///
/// # Arguments
/// * `input` - outcome, design (first column the intercept, complete cases only), family,
///   optional cluster ids and the confidence level.
///
/// # Returns
/// The [`ModelFit`], or the [`ModelStatus`] saying why no numbers are given (see the module
/// documentation). Equal to R within 1e-8 relative on the cases of `tests/fixtures/models`.
///
/// # Complexity
/// O(iterations · n k²).
///
/// # References
/// McCullagh & Nelder (1989), *Generalized Linear Models*, 2nd ed., §2.5 (IRLS), §9 (quasi-
/// likelihood); Papke & Wooldridge (1996), J. Appl. Econometrics 11, 619–632.
pub fn fit_model(input: &ModelInput) -> Result<ModelFit, ModelStatus> {
    validate(input)?;
    let rows = ContentRows::new(input);
    let input = &rows.input(input);
    let prior = validate(input)?;
    check_design(input)?;
    let core = match input.family {
        Family::Ols => fit_ols(input)?,
        _ => irls(input, prior)?,
    };
    finish(input, core).map_err(|e| match e {
        ModelStatus::LeverageOne { row } => ModelStatus::LeverageOne {
            row: rows.order[row],
        },
        e => e,
    })
}

/// The rows of a model in content order (`stats::order`): by outcome, trials, then design row,
/// so that every sum over rows (X'WX, deviances, scores) runs in an order fixed by the data and
/// the fit does not depend on the order of the rows (nor on cluster labels: see `vcov`).
struct ContentRows {
    /// `order[r]`: the input row at rank `r`.
    order: Vec<usize>,
    y: Vec<f64>,
    trials: Option<Vec<f64>>,
    x: Vec<Vec<f64>>,
    cluster: Option<Vec<u32>>,
}

impl ContentRows {
    /// Sorts validated rows.
    fn new(input: &ModelInput) -> ContentRows {
        let n = input.y.len();
        // Trials of the wrong length are refused for `Binomial` and ignored otherwise.
        let trials = input.trials.filter(|t| t.len() == n);
        let trial = |i: usize| trials.map_or(0.0, |t| t[i]);
        let order = content_order(n, |i, j| {
            (input.y[i].total_cmp(&input.y[j]))
                .then(trial(i).total_cmp(&trial(j)))
                .then_with(|| cmp_values(&input.x[i], &input.x[j]))
        });
        ContentRows {
            y: permute(input.y, &order),
            trials: trials.map(|t| permute(t, &order)),
            x: permute(input.x, &order),
            cluster: input.cluster.map(|c| permute(c, &order)),
            order,
        }
    }

    /// The input with its rows in content order.
    fn input<'a>(&'a self, input: &ModelInput<'a>) -> ModelInput<'a> {
        ModelInput {
            y: &self.y,
            trials: self.trials.as_deref(),
            x: &self.x,
            cluster: self.cluster.as_deref(),
            ..*input
        }
    }
}

fn invalid(reason: impl Into<String>) -> ModelStatus {
    ModelStatus::InvalidInput {
        reason: reason.into(),
    }
}

/// Shapes, finiteness and ranges; returns the prior weights.
fn validate(input: &ModelInput) -> Result<Vec<f64>, ModelStatus> {
    let n = input.y.len();
    let k = input.names.len();
    if input.x.len() != n || input.x.iter().any(|r| r.len() != k) || k == 0 {
        return Err(invalid(
            "design rows must be as many as outcomes, each with one value per name",
        ));
    }
    if input.x.iter().flatten().any(|v| !v.is_finite()) || input.y.iter().any(|v| !v.is_finite()) {
        return Err(invalid("non-finite value"));
    }
    if input.x.iter().any(|r| r.first() != Some(&1.0)) {
        return Err(invalid(
            "the first design column must be the intercept (all 1)",
        ));
    }
    if !(input.level > 0.0 && input.level < 1.0) {
        return Err(invalid("confidence level outside (0, 1)"));
    }
    if input.cluster.is_some_and(|c| c.len() != n) {
        return Err(invalid("one cluster id per row is needed"));
    }
    let unit = |v: &f64| (0.0..=1.0).contains(v);
    match input.family {
        Family::Binomial => {
            let trials = input
                .trials
                .ok_or_else(|| invalid("binomial model without trials"))?;
            if trials.len() != n || trials.iter().any(|t| !(t.is_finite() && *t > 0.0)) {
                return Err(invalid("trials must be positive, one per row"));
            }
            if !input.y.iter().all(unit) {
                return Err(invalid("binomial proportions outside [0, 1]"));
            }
            return Ok(trials.to_vec());
        }
        Family::FractionalLogit if !input.y.iter().all(unit) => {
            return Err(invalid("fractional outcome outside [0, 1]"));
        }
        Family::Poisson if input.y.iter().any(|v| *v < 0.0) => {
            return Err(invalid("negative count"));
        }
        _ => {}
    }
    Ok(vec![1.0; n])
}

/// Design columns (0-based index j, by column).
pub(super) fn columns(x: &[Vec<f64>], weights: Option<&[f64]>) -> Vec<Vec<f64>> {
    let k = x.first().map_or(0, Vec::len);
    (0..k)
        .map(|j| {
            x.iter()
                .enumerate()
                .map(|(i, r)| r[j] * weights.map_or(1.0, |w| w[i]))
                .collect()
        })
        .collect()
}

/// Degenerate designs and separated dummies, before fitting.
fn check_design(input: &ModelInput) -> Result<(), ModelStatus> {
    let (n, k) = (input.y.len(), input.names.len());
    if n <= k {
        return Err(ModelStatus::TooFewObservations { n, k });
    }
    if input.y.iter().all(|v| *v == input.y[0]) {
        return Err(ModelStatus::ConstantOutcome);
    }
    let cols = columns(input.x, None);
    for (col, name) in cols.iter().zip(input.names).skip(1) {
        if col.iter().all(|v| *v == 0.0) {
            return Err(ModelStatus::GroupEmpty { term: name.clone() });
        }
    }
    if let Err(j) = Qr::new(cols.clone(), QR_TOL) {
        let term = input.names.get(j).cloned().unwrap_or_default();
        return Err(ModelStatus::RankDeficient { term });
    }
    let (lower, upper) = match input.family {
        Family::Binomial | Family::FractionalLogit => (Some(0.0), Some(1.0)),
        Family::Poisson => (Some(0.0), None),
        Family::Ols => return Ok(()),
    };
    for (col, name) in cols.iter().zip(input.names).skip(1) {
        if !col.iter().all(|v| *v == 0.0 || *v == 1.0) {
            continue;
        }
        for side in [1.0, 0.0] {
            let ys: Vec<f64> = (0..n)
                .filter(|&i| col[i] == side)
                .map(|i| input.y[i])
                .collect();
            for bound in [lower, upper].into_iter().flatten() {
                if !ys.is_empty() && ys.iter().all(|v| *v == bound) {
                    return Err(ModelStatus::Separation {
                        detail: format!(
                            "every row with {name} = {side} has the outcome at {bound}"
                        ),
                    });
                }
            }
        }
    }
    Ok(())
}

fn linear_predictor(x: &[Vec<f64>], beta: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|r| r.iter().zip(beta).map(|(a, b)| a * b).sum())
        .collect()
}

/// IRLS as `glm.fit`.
fn irls(input: &ModelInput, prior: Vec<f64>) -> Result<Core, ModelStatus> {
    let family = input.family;
    let y = input.y;
    let mut eta: Vec<f64> = y
        .iter()
        .zip(&prior)
        .map(|(&yi, &wi)| match family {
            Family::Poisson => (yi + 0.1).ln(),
            _ => {
                let m = (wi * yi + 0.5) / (wi + 1.0);
                (m / (1.0 - m)).ln()
            }
        })
        .collect();
    let mut mu: Vec<f64> = eta.iter().map(|&e| linkinv(family, e)).collect();
    let mut dev_old = deviance(family, y, &mu, &prior);
    let mut beta_old: Option<Vec<f64>> = None;
    let mut beta = Vec::new();
    let mut converged = false;
    let mut iterations = 0;
    for iter in 1..=MAX_ITER {
        iterations = iter;
        let (w, z): (Vec<f64>, Vec<f64>) = (0..y.len())
            .map(|i| {
                let d = mu_eta(family, eta[i]);
                let w = (prior[i] * d * d / variance(family, mu[i])).sqrt();
                (w, (eta[i] + (y[i] - mu[i]) / d) * w)
            })
            .unzip();
        let qr =
            Qr::new(columns(input.x, Some(&w)), QR_TOL).map_err(|j| ModelStatus::Separation {
                detail: format!("the weights vanish on the rows of {}", input.names[j]),
            })?;
        beta = qr.solve(&z);
        let mut dev = f64::NAN;
        // Step halving while the deviance is not finite (as glm.fit's inner loop).
        for _ in 0..30 {
            eta = linear_predictor(input.x, &beta);
            mu = eta.iter().map(|&e| linkinv(family, e)).collect();
            dev = deviance(family, y, &mu, &prior);
            if dev.is_finite() {
                break;
            }
            let Some(old) = &beta_old else { break };
            beta = beta.iter().zip(old).map(|(b, o)| 0.5 * (b + o)).collect();
        }
        if !dev.is_finite() {
            return Err(ModelStatus::NotConverged { iterations });
        }
        if (dev - dev_old).abs() / (dev.abs() + 0.1) < EPSILON {
            converged = true;
            break;
        }
        dev_old = dev;
        beta_old = Some(beta.clone());
    }
    let at_bound = |m: &f64| match family {
        Family::Poisson => *m < BOUND_EPS,
        _ => *m < BOUND_EPS || *m > 1.0 - BOUND_EPS,
    };
    if mu.iter().any(at_bound) {
        return Err(ModelStatus::Separation {
            detail: "fitted values at a bound of the mean (estimates diverge)".into(),
        });
    }
    if !converged {
        return Err(ModelStatus::NotConverged { iterations });
    }
    let w: Vec<f64> = (0..y.len())
        .map(|i| {
            let d = mu_eta(family, eta[i]);
            (prior[i] * d * d / variance(family, mu[i])).sqrt()
        })
        .collect();
    let qr = Qr::new(columns(input.x, Some(&w)), QR_TOL).map_err(|j| ModelStatus::Separation {
        detail: format!("the weights vanish on the rows of {}", input.names[j]),
    })?;
    let total: f64 = prior.iter().sum();
    let wtdmu = y.iter().zip(&prior).map(|(a, b)| a * b).sum::<f64>() / total;
    let null_mu = vec![wtdmu; y.len()];
    let k = beta.len() as f64;
    let aic = log_likelihood(family, y, &mu, &prior).map(|ll| -2.0 * ll + 2.0 * k);
    Ok(Core {
        deviance: deviance(family, y, &mu, &prior),
        null_deviance: deviance(family, y, &null_mu, &prior),
        beta,
        eta,
        mu,
        prior,
        qr,
        iterations,
        aic,
    })
}

/// Log-likelihood of the binomial (successes = round(w y)) or Poisson (integer y only) model,
/// as R's `binomial()$aic` and `poisson()$aic`; `None` for other families.
fn log_likelihood(family: Family, y: &[f64], mu: &[f64], prior: &[f64]) -> Option<f64> {
    let mut ll = 0.0;
    for ((&yi, &mi), &wi) in y.iter().zip(mu).zip(prior) {
        match family {
            Family::Binomial => {
                let m = wi.round();
                let s = (wi * yi).round();
                let mut term = ln_gamma(m + 1.0)? - ln_gamma(s + 1.0)? - ln_gamma(m - s + 1.0)?;
                if s > 0.0 {
                    term += s * mi.ln();
                }
                if m - s > 0.0 {
                    term += (m - s) * (-mi).ln_1p();
                }
                ll += term;
            }
            Family::Poisson => {
                if yi.fract() != 0.0 {
                    return None;
                }
                let log_y = if yi > 0.0 { yi * mi.ln() } else { 0.0 };
                ll += log_y - mi - ln_gamma(yi + 1.0)?;
            }
            _ => return None,
        }
    }
    Some(ll)
}

/// Least squares as `lm.fit`.
fn fit_ols(input: &ModelInput) -> Result<Core, ModelStatus> {
    let y = input.y;
    let n = y.len() as f64;
    let qr = Qr::new(columns(input.x, None), QR_TOL).map_err(|j| ModelStatus::RankDeficient {
        term: input.names.get(j).cloned().unwrap_or_default(),
    })?;
    let beta = qr.solve(y);
    let eta = linear_predictor(input.x, &beta);
    let rss: f64 = y.iter().zip(&eta).map(|(a, b)| (a - b) * (a - b)).sum();
    let mean = y.iter().sum::<f64>() / n;
    let tss: f64 = y.iter().map(|a| (a - mean) * (a - mean)).sum();
    let k = beta.len() as f64;
    let aic = n * ((2.0 * std::f64::consts::PI).ln() + 1.0 + (rss / n).ln()) + 2.0 * (k + 1.0);
    Ok(Core {
        beta,
        mu: eta.clone(),
        eta,
        prior: vec![1.0; y.len()],
        qr,
        deviance: rss,
        null_deviance: tss,
        iterations: 1,
        aic: aic.is_finite().then_some(aic),
    })
}
