//! Covariance matrices (model-based quasi, HC0, HC3, cluster-robust), coefficient tests and
//! intervals, and the fit summaries, as `summary.glm`, `sandwich::vcovHC`/`vcovCL` and
//! `lmtest::coeftest`/`coefci` compute them.

use std::collections::BTreeMap;

use super::family::{mu_eta, variance, Core};
use super::linalg::sandwich;
use super::{Coef, Family, ModelFit, ModelInput, ModelStatus, SeType, Wald};
use crate::stats::order::sort_rows;
use crate::stats::student::{critical_value, two_sided_p};

/// Leverages this close to 1 make HC3 undefined.
const LEVERAGE_EPS: f64 = 1e-10;

/// Σ a aᵀ over the given k-vectors, times `scale`.
fn outer_sum<'a>(rows: impl Iterator<Item = &'a Vec<f64>>, k: usize, scale: f64) -> Vec<Vec<f64>> {
    let mut m = vec![vec![0.0; k]; k];
    for r in rows {
        for (i, mi) in m.iter_mut().enumerate() {
            for (j, mij) in mi.iter_mut().enumerate() {
                *mij += r[i] * r[j];
            }
        }
    }
    for v in m.iter_mut().flatten() {
        *v *= scale;
    }
    m
}

/// Score (estimating function) of each row, `sandwich::estfun` without its dispersion factor:
/// wᵢ (yᵢ − μᵢ) μ'(ηᵢ)/V(μᵢ) xᵢ, i.e. eᵢ xᵢ for OLS.
fn scores(input: &ModelInput, core: &Core) -> Vec<Vec<f64>> {
    let family = input.family;
    input
        .x
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let r = core.prior[i] * (input.y[i] - core.mu[i]) * mu_eta(family, core.eta[i])
                / variance(family, core.mu[i]);
            row.iter().map(|v| r * v).collect()
        })
        .collect()
}

/// Hat values hᵢ = ‖R⁻ᵀxᵢ‖² of an unweighted design.
fn leverages(input: &ModelInput, core: &Core) -> Vec<f64> {
    let rinv = core.qr.r_inverse();
    input
        .x
        .iter()
        .map(|row| {
            (0..rinv.len())
                .map(|j| {
                    let v: f64 = row.iter().zip(&rinv).map(|(a, r)| a * r[j]).sum();
                    v * v
                })
                .sum()
        })
        .collect()
}

/// The covariance of the fit, its kind, reference df and number of clusters.
type Errors = (Vec<Vec<f64>>, SeType, Option<f64>, Option<usize>);

fn covariance(input: &ModelInput, core: &Core, dispersion: f64) -> Result<Errors, ModelStatus> {
    let n = input.y.len();
    let k = core.beta.len();
    let bread = core.qr.xtx_inverse();
    let s = scores(input, core);
    if let Some(ids) = input.cluster {
        let mut sums: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
        for (id, si) in ids.iter().zip(&s) {
            let e = sums.entry(*id).or_insert_with(|| vec![0.0; k]);
            for (a, b) in e.iter_mut().zip(si) {
                *a += b;
            }
        }
        let g = sums.len();
        if g < 2 {
            return Err(ModelStatus::TooFewClusters { clusters: g });
        }
        let gf = g as f64;
        let mut adj = gf / (gf - 1.0);
        if input.family == Family::Ols {
            adj *= (n as f64 - 1.0) / (n as f64 - k as f64);
        }
        // Cluster sums in content order, not in the order of their labels (`stats::order`).
        let mut sums: Vec<Vec<f64>> = sums.into_values().collect();
        sort_rows(&mut sums);
        let meat = outer_sum(sums.iter(), k, adj);
        return Ok((
            sandwich(&bread, &meat),
            SeType::Cluster,
            Some(gf - 1.0),
            Some(g),
        ));
    }
    let df = (n - k) as f64;
    Ok(match input.family {
        Family::Binomial => {
            let v = bread
                .iter()
                .map(|r| r.iter().map(|a| a * dispersion).collect())
                .collect();
            (v, SeType::Quasi, Some(df), None)
        }
        Family::FractionalLogit | Family::Poisson => {
            let meat = outer_sum(s.iter(), k, 1.0);
            (sandwich(&bread, &meat), SeType::Hc0, None, None)
        }
        Family::Ols => {
            let h = leverages(input, core);
            if let Some(row) = h.iter().position(|hi| 1.0 - hi <= LEVERAGE_EPS) {
                return Err(ModelStatus::LeverageOne { row });
            }
            let scaled: Vec<Vec<f64>> = s
                .iter()
                .zip(&h)
                .map(|(si, hi)| si.iter().map(|v| v / (1.0 - hi)).collect())
                .collect();
            let meat = outer_sum(scaled.iter(), k, 1.0);
            (sandwich(&bread, &meat), SeType::Hc3, Some(df), None)
        }
    })
}

/// From the fitted core to the reported fit: dispersion, covariance, tests, intervals, summaries.
pub(super) fn finish(input: &ModelInput, core: Core) -> Result<ModelFit, ModelStatus> {
    let family = input.family;
    let n = input.y.len();
    let k = core.beta.len();
    let df_resid = n - k;
    let dispersion = match family {
        Family::Ols => core.deviance / df_resid as f64,
        _ => {
            let pearson: f64 = (0..n)
                .map(|i| {
                    let r = input.y[i] - core.mu[i];
                    core.prior[i] * r * r / variance(family, core.mu[i])
                })
                .sum();
            pearson / df_resid as f64
        }
    };
    let (vcov, se_type, ref_df, n_clusters) = covariance(input, &core, dispersion)?;
    let crit = critical_value(input.level, ref_df).ok_or_else(|| ModelStatus::InvalidInput {
        reason: "no critical value for this level and reference".into(),
    })?;
    let mut coefs = Vec::with_capacity(k);
    for (j, name) in input.names.iter().enumerate() {
        let estimate = core.beta[j];
        let std_error = vcov[j][j].sqrt();
        let statistic = estimate / std_error;
        let p_value = two_sided_p(statistic, ref_df);
        let usable = std_error > 0.0 && std_error.is_finite() && statistic.is_finite();
        let (Some(p_value), true) = (p_value, usable) else {
            return Err(ModelStatus::PerfectFit { term: name.clone() });
        };
        coefs.push(Coef {
            name: name.clone(),
            wald: Wald::new(estimate, std_error, p_value, crit),
        });
    }
    if !(core.deviance.is_finite() && core.null_deviance.is_finite()) {
        return Err(ModelStatus::InvalidInput {
            reason: "numerical overflow: rescale the outcome or covariates".into(),
        });
    }
    let ratio = (core.null_deviance > 0.0).then(|| 1.0 - core.deviance / core.null_deviance);
    let (r2, pseudo_r2) = match family {
        Family::Ols => (ratio, None),
        _ => (None, ratio),
    };
    Ok(ModelFit {
        family,
        coefs,
        se_type,
        n,
        k,
        df_resid,
        dispersion: dispersion.is_finite().then_some(dispersion),
        deviance: core.deviance,
        null_deviance: core.null_deviance,
        aic: core.aic,
        r2,
        pseudo_r2,
        converged: true,
        iterations: core.iterations,
        n_clusters,
        vcov,
        beta: core.beta,
        ref_df,
        level: input.level,
    })
}
