//! Hazard regression for the event data: cause-specific Cox models, the proportional-hazards
//! test of R `survival::cox.zph`, and Fine–Gray models of the subdistribution hazard (R
//! `cmprsk::crr`, and `survival::finegray` + weighted `coxph` with delayed entry). Pure Rust,
//! no polars; every number is checked against R (`tests/oracles/cox.R`).
//!
//! # Cox model ([`cox_fit`])
//! The hazard of row `i` at time `t` is `λ₀ₛ(t) exp(xᵢᵀβ)`, `s` its stratum (a baseline per
//! stratum, `strata()` in R). Rows are in counting-process form `(start, stop]`: a row is at
//! risk at `t` when `start < t ≤ stop`, which is how delayed entry (left truncation) enters
//! (`Surv(start, stop, event)`); right-censored data use `start = 0` (or any value below the
//! first time). `β` maximizes the log partial likelihood by Newton–Raphson from 0 with step
//! halving, as `coxph`'s C code; convergence when a full step changes the log-likelihood by a
//! relative 1e-12 or less, at most 100 iterations (`coxph.control(eps = 1e-12,
//! iter.max = 100)`).
//!
//! **Ties.** Efron (R's default): with `d` events at `t`, the risk-set sums are taken `d` times
//! with the events' share down-weighted by `0, 1/d, …, (d−1)/d`, each term counting the mean
//! event weight. Breslow: one term with the full risk set (what `crr` uses).
//!
//! **Variances.** Model-based: the inverse of the observed information at `β̂`. Robust, when
//! clusters are given, exactly as `coxph(..., cluster = )`: the score residuals (Efron terms
//! included) times the case weights, multiplied by the model-based variance (dfbeta), summed
//! within clusters, `V = Dᵀ D` — *no* small-sample factor `G/(G−1)`. The GLMs' cluster-robust
//! variance (`sandwich::vcovCL`) does apply `G/(G−1)`: the two conventions follow their
//! reference software and are not interchangeable.
//!
//! **Tests** (each χ² with `p` degrees of freedom): likelihood ratio `2(ℓ(β̂) − ℓ(0))`; Wald
//! `β̂ᵀV⁻¹β̂` with the model-based variance (`wald`) and, with clusters, the robust one
//! (`wald_robust`, R's `fit$wald.test` then); score test at `β = 0` (`fit$score`); with clusters
//! the robust score test at `β = 0` (`fit$rscore`): `UᵀB⁻¹U` with `B` the cross-product of
//! the cluster-summed weighted score residuals at `β = 0`. Hazard ratios `exp(β̂)` with 95 %
//! Wald intervals `exp(β̂ ± z₀.₉₇₅ se)` ([`CoxFit::hazard_ratios`]).
//!
//! **Degenerate cases** are a [`CoxStatus`], never NaN: no event; fewer events than
//! covariates; singular information at `β = 0` (rank deficient); monotone likelihood (a
//! coefficient diverges: R's "Loglik converged before variable …; coefficient may be
//! infinite", or with eps = 1e-12 the information becomes singular and R returns NA); no
//! convergence in 100 iterations.
//!
//! # Proportional hazards ([`cox_zph`])
//! `cox.zph(fit, transform = "km", terms = TRUE)` of survival ≥ 3.0: the score test of adding
//! `g(t)·x` for each covariate, `g(t) = 1 − KM(t−)` (Kaplan–Meier of all rows, unweighted,
//! left-continuous) centred on its mean over the events, at `β̂` (one Newton step from the fit,
//! the full 2p × 2p information, model-based even with clusters). One test per term (a
//! factor's dummies together, `df` = its columns; the caller names the terms and their
//! columns) and a GLOBAL test (`df = p`). The fit's case weights and strata are used; the
//! Kaplan–Meier of the time transform is unweighted and unstratified, as in R.
//!
//! # Fine–Gray ([`fine_gray`], [`fine_gray_delayed`])
//! Without delayed entry, `crr(ftime, fstatus, cov1, failcode = 1, cencode = 0)`: the
//! subdistribution hazard of cause 1 with rows that had the competing event kept in the risk
//! set with weight `Ĝ(t−)/Ĝ(Tᵢ−)`, `Ĝ` the Kaplan–Meier of censoring (pooled, or per
//! `cengroup`), Breslow ties; variance the sandwich of Fine & Gray (1999) with the censoring
//! terms, as `crr`'s `fit$var`. With delayed entry `crr` does not apply: the data are expanded
//! as `survival::finegray` (weights `Ĝ(t)Ĥ(t)` products, Geskus 2011) and fitted by the Cox code
//! with those weights, Breslow ties and `cluster = id`; its robust errors (`se_type` of their
//! own) agree with `crr`'s only to about 3 digits. The delayed-entry path pools the censoring
//! and entry distributions (one `finegray` stratum).
//!
//! # References
//! Cox (1972); Efron (1977); Lin & Wei (1989); Therneau & Grambsch (2000); Grambsch & Therneau
//! (1994), Biometrika 81:515–526; Fine & Gray (1999), JASA 94:496–509; Geskus (2011),
//! Biometrics 67:39–49.

mod cox;
mod fgexpand;
mod finegray;
mod linalg;
mod risk;
mod zph;

#[cfg(test)]
mod coverage_tests;
#[cfg(test)]
mod oracle_tests;

pub use cox::{cox_fit, CoxFit, EPS, MAX_ITER};
pub use fgexpand::{fine_gray_delayed, finegray_expand, FgExpanded};
pub use finegray::{fine_gray, FgFit};
pub use zph::{cox_zph, Zph, ZphRow};

use crate::stats::special::{chi2_sf, norm_ppf, norm_sf};

/// Handling of tied event times in the partial likelihood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ties {
    /// Efron's approximation (R `coxph` default).
    Efron,
    /// Breslow's approximation (what `cmprsk::crr` uses).
    Breslow,
}

/// Input of a Cox model, one row per counting-process interval.
#[derive(Debug, Clone, Copy)]
pub struct CoxData<'a> {
    /// Entry time of each row (0 when there is no delayed entry); `start < stop`.
    pub start: &'a [f64],
    /// Exit time (event or censoring).
    pub stop: &'a [f64],
    /// Whether the row ends with the event.
    pub event: &'a [bool],
    /// Covariates, `n` rows of `p` values, no intercept.
    pub x: &'a [Vec<f64>],
    /// Covariate names (`p`).
    pub names: &'a [String],
    /// Stratum label of each row (separate baseline hazards).
    pub strata: Option<&'a [u32]>,
    /// Cluster label of each row (robust variance).
    pub cluster: Option<&'a [u32]>,
    /// Positive case weights.
    pub weights: Option<&'a [f64]>,
}

impl<'a> CoxData<'a> {
    /// Unstratified, unclustered, unweighted data (set the other fields with struct update).
    pub fn new(
        start: &'a [f64],
        stop: &'a [f64],
        event: &'a [bool],
        x: &'a [Vec<f64>],
        names: &'a [String],
    ) -> Self {
        CoxData {
            start,
            stop,
            event,
            x,
            names,
            strata: None,
            cluster: None,
            weights: None,
        }
    }
}

/// Why a hazard model has no estimate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoxStatus {
    /// No row has an event.
    #[error("no event")]
    NoEvents,
    /// Fewer events than coefficients.
    #[error("fewer events than parameters")]
    FewerEventsThanParameters,
    /// A coefficient diverges (its maximum likelihood estimate is infinite).
    #[error("monotone likelihood: coefficient of {0} may be infinite")]
    MonotoneLikelihood(String),
    /// The information at β = 0 is singular (collinear or constant covariates).
    #[error("rank deficient: collinear or constant covariates")]
    RankDeficient,
    /// No convergence within the iteration limit.
    #[error("no convergence within {MAX_ITER} iterations")]
    NotConverged,
    /// The input is not usable (reason given).
    #[error("invalid data: {0}")]
    InvalidData(String),
}

impl CoxStatus {
    /// The snake_case code written to the `status` column of the tables.
    ///
    /// # Returns
    /// `no_events`, `fewer_events_than_parameters`, `monotone_likelihood`, `rank_deficient`,
    /// `not_converged` or `invalid_data`.
    pub fn code(&self) -> &'static str {
        match self {
            CoxStatus::NoEvents => "no_events",
            CoxStatus::FewerEventsThanParameters => "fewer_events_than_parameters",
            CoxStatus::MonotoneLikelihood(_) => "monotone_likelihood",
            CoxStatus::RankDeficient => "rank_deficient",
            CoxStatus::NotConverged => "not_converged",
            CoxStatus::InvalidData(_) => "invalid_data",
        }
    }
}

/// A χ² test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Test {
    /// The statistic.
    pub statistic: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// Upper-tail χ² probability.
    pub p_value: f64,
}

impl Test {
    /// A χ² test from its statistic.
    ///
    /// # Arguments
    /// * `statistic` - finite; `df` - ≥ 1.
    ///
    /// # Returns
    /// `None` when the statistic is not finite or `df = 0`.
    pub fn chi2(statistic: f64, df: usize) -> Option<Test> {
        if !statistic.is_finite() {
            return None;
        }
        Some(Test {
            statistic,
            df,
            p_value: chi2_sf(statistic, df)?,
        })
    }
}

/// One coefficient of a hazard model on the hazard-ratio scale.
#[derive(Debug, Clone, PartialEq)]
pub struct HazardRatio {
    /// Covariate name.
    pub term: String,
    /// Log hazard ratio.
    pub estimate: f64,
    /// `exp(estimate)`.
    pub hazard_ratio: f64,
    /// Standard error of the estimate.
    pub std_error: f64,
    /// Wald z = estimate / std_error.
    pub statistic: f64,
    /// Two-sided normal p-value of z.
    pub p_value: f64,
    /// Lower 95 % limit of the hazard ratio, `exp(estimate − z₀.₉₇₅·se)`.
    pub ci_low: f64,
    /// Upper 95 % limit.
    pub ci_high: f64,
}

/// Hazard ratios with 95 % Wald intervals from estimates and a variance matrix.
///
/// # Arguments
/// * `names`, `beta` - terms and log hazard ratios; `var` - their variance matrix.
///
/// # Returns
/// One [`HazardRatio`] per term (as R `summary(coxph)`'s `conf.int`); a term without its
/// variance entry (mismatched lengths) is left out.
pub fn hazard_ratios(names: &[String], beta: &[f64], var: &[Vec<f64>]) -> Vec<HazardRatio> {
    let z = norm_ppf(0.975).unwrap_or(1.959_963_984_540_054);
    names
        .iter()
        .zip(beta)
        .zip(var)
        .enumerate()
        .filter_map(|(a, ((name, &b), row))| {
            let se = row.get(a)?.max(0.0).sqrt();
            let stat = b / se;
            Some(HazardRatio {
                term: name.clone(),
                estimate: b,
                hazard_ratio: b.exp(),
                std_error: se,
                statistic: stat,
                p_value: 2.0 * norm_sf(stat.abs()),
                ci_low: (b - z * se).exp(),
                ci_high: (b + z * se).exp(),
            })
        })
        .collect()
}

/// The Wald test `β̂ᵀ V⁻¹ β̂` of all coefficients (as `survival::coxph.wtest`).
///
/// # Arguments
/// * `beta` - estimates; `var` - their variance matrix.
///
/// # Returns
/// The χ² test with `p` degrees of freedom; `None` when `V` is singular or `p = 0`.
pub fn wald_test(beta: &[f64], var: &[Vec<f64>]) -> Option<Test> {
    if beta.is_empty() {
        return None;
    }
    Test::chi2(linalg::quad_form_inv(var, beta)?, beta.len())
}

impl CoxFit {
    /// Hazard ratios with 95 % Wald intervals.
    ///
    /// # Arguments
    /// * `robust` - use the robust variance (when the fit has one).
    ///
    /// # Returns
    /// One [`HazardRatio`] per covariate.
    pub fn hazard_ratios(&self, robust: bool) -> Vec<HazardRatio> {
        let var = match (&self.robust_var, robust) {
            (Some(v), true) => v,
            _ => &self.var,
        };
        hazard_ratios(&self.names, &self.beta, var)
    }
}
