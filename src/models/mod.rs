//! Regression models of PTCE measures (issue 16): the statistical engine, on plain `f64` slices.
//!
//! # Families
//! | [`Family`] | model | R equivalent |
//! |---|---|---|
//! | `binomial` | quasi-binomial GLM, logit link, y = successes/trials, prior weights = trials | `glm(cbind(s, m − s) ~ …, family = quasibinomial)` |
//! | `fractional_logit` | Bernoulli quasi-likelihood, logit link, y ∈ [0, 1], weights 1 (Papke & Wooldridge 1996) | `glm(y ~ …, family = quasibinomial)` |
//! | `ols` | linear model by least squares | `lm(y ~ …)` |
//! | `poisson` | quasi-Poisson GLM, log link | `glm(y ~ …, family = quasipoisson)` |
//!
//! # Standard errors and reference distributions
//! | family | [`SeType`] | covariance | reference (p-values and intervals) | R |
//! |---|---|---|---|---|
//! | `binomial` | `quasi` | φ̂ (X'WX)⁻¹, φ̂ = Pearson χ² / (n − k) | t(n − k) | `summary.glm` |
//! | `fractional_logit`, `poisson` | `HC0` | (X'WX)⁻¹ (Σ sᵢsᵢ') (X'WX)⁻¹, sᵢ the score of row i | normal | `coeftest(fit, vcov. = vcovHC(fit, type = "HC0"))` |
//! | `ols` | `HC3` | (X'X)⁻¹ (Σ eᵢ² xᵢxᵢ' / (1 − hᵢ)²) (X'X)⁻¹ (MacKinnon & White 1985) | t(n − k) | `coeftest(fit, vcov. = vcovHC(fit, type = "HC3"), df = n − k)` |
//! | any, with clusters | `cluster` | GLM: (X'WX)⁻¹ (G/(G − 1) Σ_g S_g S_g') (X'WX)⁻¹; OLS: the same times (n − 1)/(n − k) (HC1) | t(G − 1) | `coeftest(fit, vcov. = vcovCL(fit, cluster = ~ c), df = G − 1)` |
//!
//! The score of row i is sᵢ = wᵢ (yᵢ − μᵢ) μ'(ηᵢ) / V(μᵢ) xᵢ (wᵢ the prior weight), i.e.
//! `sandwich::estfun`, whose dispersion factor cancels in the sandwich; S_g sums it over cluster g
//! (Cameron & Miller 2015). Intervals are Wald intervals with the reference of the p-value,
//! estimate ± q·SE (`lmtest::coefci(fit, vcov. = V, df = …)`), never profile intervals.
//!
//! # Fitting
//! GLMs by iteratively reweighted least squares (McCullagh & Nelder 1989, §2.5), each step a
//! Householder-QR weighted least-squares solve in double precision, started as R's `glm.fit`
//! (binomial μ₀ = (w y + ½)/(w + 1), Poisson μ₀ = y + 0.1), stopped when the relative deviance
//! change |D − D_old| / (|D| + 0.1) < 1e-12 (R's criterion with `epsilon = 1e-12`), at most 100
//! iterations. The covariance is computed at the weights of the final coefficients (R's `glm`
//! uses those of the next-to-last iteration; refitted from its own solution, the two agree).
//! OLS is one QR solve. A design column whose norm after projection on the previous columns is
//! below 1e-7 times its own (R's `qr` tolerance) makes the design rank deficient.
//!
//! # Summaries
//! `deviance` and `null_deviance` are the GLM deviances (R's `deviance(fit)`, `fit$null.deviance`)
//! or, for OLS, the residual and total sums of squares. `pseudo_r2` = 1 − deviance/null deviance
//! (McFadden-type deviance ratio) for GLMs, `r2` the usual R² for OLS. `dispersion` is the Pearson
//! χ²/(n − k) of the GLMs (used in the errors of `binomial` only) and σ̂² = RSS/(n − k) for OLS.
//! `aic` is the AIC of the likelihood the quasi-family extends, where it exists: binomial
//! (`glm(…, family = binomial)$aic`), Poisson when every y is an integer (`family = poisson`),
//! OLS (`AIC(lm)`, k + 1 parameters); `None` for the fractional logit.
//!
//! # Refusals
//! A model that cannot be fitted returns a [`ModelStatus`] with its reason, never numbers:
//! too few rows (n ≤ k), a constant outcome, an empty group (an all-zero column), a rank-deficient
//! design, (quasi-)complete separation (a 0/1 column whose rows, or whose other rows, all have the
//! outcome at a bound, or fitted values within 1e-10 of a bound), no convergence, fewer than two
//! clusters, a leverage of 1 (HC3 undefined), or zero standard errors (a perfect fit).
//!
//! Marginal effects: [`average_marginal_effect`]. Natural splines: [`NaturalSpline`].

mod effects;
mod family;
mod glm;
mod linalg;
mod spline;
mod vcov;

#[cfg(test)]
mod oracle_tests;

pub use effects::average_marginal_effect;
pub use glm::fit_model;
pub use spline::{ns_basis, NaturalSpline};

/// Below this many clusters, cluster-robust errors over-reject (Cameron & Miller 2015, §VI): the
/// rows of such a model get `status = few_clusters` (the fit itself is still returned).
pub const FEW_CLUSTERS: usize = 30;

/// The model family of an outcome (see the module documentation for the R equivalents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Quasi-binomial GLM on successes/trials, logit link, model-based errors scaled by φ̂.
    Binomial,
    /// Fractional logit: Bernoulli quasi-likelihood on y ∈ [0, 1], logit link, HC0 errors.
    FractionalLogit,
    /// Linear model by least squares, HC3 errors.
    Ols,
    /// Quasi-Poisson GLM, log link, HC0 errors.
    Poisson,
}

impl Family {
    /// The name written in `models.csv` (`binomial`, `fractional_logit`, `ols`, `poisson`).
    pub fn name(self) -> &'static str {
        match self {
            Family::Binomial => "binomial",
            Family::FractionalLogit => "fractional_logit",
            Family::Ols => "ols",
            Family::Poisson => "poisson",
        }
    }
}

/// The kind of standard error of a fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SeType {
    /// Model-based, scaled by the Pearson dispersion (quasi-likelihood).
    Quasi,
    /// White's heteroskedasticity-consistent sandwich.
    Hc0,
    /// MacKinnon–White HC3 (leverage-corrected) sandwich.
    Hc3,
    /// Cluster-robust sandwich as `sandwich::vcovCL` by default.
    Cluster,
}

impl SeType {
    /// The name written in `models.csv` (`quasi`, `HC0`, `HC3`, `cluster`).
    pub fn name(self) -> &'static str {
        match self {
            SeType::Quasi => "quasi",
            SeType::Hc0 => "HC0",
            SeType::Hc3 => "HC3",
            SeType::Cluster => "cluster",
        }
    }
}

/// The data of one model: outcome, design (complete cases only) and options.
#[derive(Debug, Clone, Copy)]
pub struct ModelInput<'a> {
    /// The family.
    pub family: Family,
    /// Outcome per row: the proportion successes/trials for `Binomial`, in [0, 1] for
    /// `FractionalLogit`, ≥ 0 for `Poisson`, any finite value for `Ols`.
    pub y: &'a [f64],
    /// Trials per row (> 0), `Binomial` only (required there, ignored elsewhere).
    pub trials: Option<&'a [f64]>,
    /// Design matrix, n rows of k values; the first column is the intercept (all 1).
    pub x: &'a [Vec<f64>],
    /// The k column names (`(intercept)`, `group[rural]`, `log_n`, …).
    pub names: &'a [String],
    /// Cluster id per row, for cluster-robust errors.
    pub cluster: Option<&'a [u32]>,
    /// Confidence level of the intervals, e.g. 0.95.
    pub level: f64,
}

/// An estimate with its Wald test and interval: a coefficient ([`Coef`]) or an average marginal
/// effect ([`average_marginal_effect`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wald {
    /// The estimate.
    pub estimate: f64,
    /// Its standard error.
    pub std_error: f64,
    /// estimate / std_error.
    pub statistic: f64,
    /// Two-sided p-value under the fit's reference distribution.
    pub p_value: f64,
    /// Lower Wald limit.
    pub ci_low: f64,
    /// Upper Wald limit.
    pub ci_high: f64,
}

impl Wald {
    /// The test of `estimate` with standard error `std_error`, its two-sided `p_value` and the
    /// interval `estimate ± crit · std_error`.
    fn new(estimate: f64, std_error: f64, p_value: f64, crit: f64) -> Wald {
        Wald {
            estimate,
            std_error,
            statistic: estimate / std_error,
            p_value,
            ci_low: estimate - crit * std_error,
            ci_high: estimate + crit * std_error,
        }
    }
}

/// One coefficient of a fit (estimate on the link scale, standard error of the fit's
/// [`SeType`]), with its Wald test and interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Coef {
    /// Column name.
    pub name: String,
    /// Estimate, test and interval.
    pub wald: Wald,
}

/// A fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFit {
    /// The family.
    pub family: Family,
    /// One entry per design column, in order.
    pub coefs: Vec<Coef>,
    /// Kind of the standard errors.
    pub se_type: SeType,
    /// Rows used.
    pub n: usize,
    /// Columns (parameters).
    pub k: usize,
    /// n − k.
    pub df_resid: usize,
    /// Pearson χ²/(n − k) for GLMs, σ̂² for OLS.
    pub dispersion: Option<f64>,
    /// Residual deviance (RSS for OLS).
    pub deviance: f64,
    /// Deviance of the intercept-only model (total sum of squares for OLS).
    pub null_deviance: f64,
    /// AIC where the family has a likelihood (see the module documentation).
    pub aic: Option<f64>,
    /// R² (OLS).
    pub r2: Option<f64>,
    /// 1 − deviance/null deviance (GLMs).
    pub pseudo_r2: Option<f64>,
    /// Whether IRLS met the tolerance (always true for a returned fit).
    pub converged: bool,
    /// IRLS iterations (1 for OLS).
    pub iterations: usize,
    /// Number of clusters, with cluster-robust errors.
    pub n_clusters: Option<usize>,
    /// Covariance matrix of the coefficients, k × k by rows, of the fit's [`SeType`].
    pub vcov: Vec<Vec<f64>>,
    /// Coefficients (the estimates of `coefs`).
    pub beta: Vec<f64>,
    /// Degrees of freedom of the t reference; `None` for the standard normal.
    pub ref_df: Option<f64>,
    /// Confidence level of the intervals.
    pub level: f64,
}

/// Why a model was not fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelStatus {
    /// Inconsistent lengths, non-finite values, or outcomes outside the family's range.
    #[error("invalid model input: {reason}")]
    InvalidInput {
        /// What is wrong.
        reason: String,
    },
    /// Not more rows than parameters.
    #[error("{n} observations for {k} parameters")]
    TooFewObservations {
        /// Rows.
        n: usize,
        /// Parameters.
        k: usize,
    },
    /// Every row has the same outcome.
    #[error("the outcome is constant")]
    ConstantOutcome,
    /// A design column is zero on every row (a level without any PTCE).
    #[error("no observation in {term}")]
    GroupEmpty {
        /// Column name.
        term: String,
    },
    /// A column is (numerically) a combination of the columns before it.
    #[error("design is rank deficient at {term}")]
    RankDeficient {
        /// Column name.
        term: String,
    },
    /// (Quasi-)complete separation: the estimate would be infinite.
    #[error("separation: {detail}")]
    Separation {
        /// Which rows are separated.
        detail: String,
    },
    /// IRLS did not meet the tolerance.
    #[error("no convergence after {iterations} iterations")]
    NotConverged {
        /// Iterations run.
        iterations: usize,
    },
    /// Cluster-robust errors need at least two clusters.
    #[error("{clusters} cluster(s): cluster-robust errors need at least 2")]
    TooFewClusters {
        /// Distinct cluster ids.
        clusters: usize,
    },
    /// A row has leverage 1, so HC3 is undefined.
    #[error("row {row} has leverage 1 (HC3 undefined)")]
    LeverageOne {
        /// Row index (0-based).
        row: usize,
    },
    /// A standard error is zero (the model fits the data exactly) or not finite.
    #[error("perfect fit: zero or non-finite standard error for {term}")]
    PerfectFit {
        /// Column name.
        term: String,
    },
}

impl ModelStatus {
    /// The snake_case code written in the `status` column.
    pub fn code(&self) -> &'static str {
        match self {
            ModelStatus::InvalidInput { .. } => "invalid_input",
            ModelStatus::TooFewObservations { .. } => "too_few_observations",
            ModelStatus::ConstantOutcome => "constant_outcome",
            ModelStatus::GroupEmpty { .. } => "group_empty",
            ModelStatus::RankDeficient { .. } => "rank_deficient",
            ModelStatus::Separation { .. } => "separation",
            ModelStatus::NotConverged { .. } => "not_converged",
            ModelStatus::TooFewClusters { .. } => "too_few_clusters",
            ModelStatus::LeverageOne { .. } => "leverage_one",
            ModelStatus::PerfectFit { .. } => "perfect_fit",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic data set: intercept, a 0/1 group, a size-like covariate.
    fn data(n: usize) -> (Vec<f64>, Vec<Vec<f64>>, Vec<String>) {
        let x: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                let f = i as f64;
                vec![
                    1.0,
                    f64::from(u8::from(i % 3 == 0)),
                    1.0 + (f * 0.37).sin().abs() * 3.0,
                ]
            })
            .collect();
        let y = (0..n)
            .map(|i| 0.2 + 0.5 * ((i as f64) * 1.3).cos().abs() * (0.5 + 0.1 * x[i][2]) / 1.0)
            .map(|v: f64| v.min(1.0))
            .collect();
        let names = ["(intercept)", "group[rural]", "log_n"]
            .map(String::from)
            .to_vec();
        (y, x, names)
    }

    fn input<'a>(
        family: Family,
        y: &'a [f64],
        x: &'a [Vec<f64>],
        names: &'a [String],
    ) -> ModelInput<'a> {
        ModelInput {
            family,
            y,
            trials: None,
            x,
            names,
            cluster: None,
            level: 0.95,
        }
    }

    fn code(r: Result<ModelFit, ModelStatus>) -> &'static str {
        r.err().as_ref().map_or("fitted", ModelStatus::code)
    }

    /// Each refusal gives its status code, never numbers.
    #[test]
    fn refusals() {
        let (y, x, names) = data(30);
        let fit = |inp: &ModelInput| code(fit_model(inp));
        assert_eq!(
            fit(&input(Family::FractionalLogit, &y, &x, &names)),
            "fitted"
        );
        assert_eq!(
            fit(&input(Family::Ols, &y[..3], &x[..3], &names)),
            "too_few_observations"
        );
        let flat = vec![0.4; 30];
        assert_eq!(
            fit(&input(Family::Poisson, &flat, &x, &names)),
            "constant_outcome"
        );
        let mut empty = x.clone();
        empty.iter_mut().for_each(|r| r[1] = 0.0);
        assert_eq!(fit(&input(Family::Ols, &y, &empty, &names)), "group_empty");
        let mut twice = x.clone();
        twice.iter_mut().for_each(|r| r[2] = 2.0 * r[1]);
        assert_eq!(
            fit(&input(Family::Ols, &y, &twice, &names)),
            "rank_deficient"
        );
        let mut zeros = y.clone();
        (0..30).filter(|i| i % 3 == 0).for_each(|i| zeros[i] = 0.0);
        assert_eq!(
            fit(&input(Family::Poisson, &zeros, &x, &names)),
            "separation"
        );
        let mut lone = x.clone();
        lone.iter_mut()
            .enumerate()
            .for_each(|(i, r)| r[1] = f64::from(u8::from(i == 4)));
        assert_eq!(fit(&input(Family::Ols, &y, &lone, &names)), "leverage_one");
        let mut big = y.clone();
        big[0] = 1.5;
        assert_eq!(
            fit(&input(Family::FractionalLogit, &big, &x, &names)),
            "invalid_input"
        );
        assert_eq!(
            fit(&input(Family::Binomial, &y, &x, &names)),
            "invalid_input"
        );
        let one = vec![7_u32; 30];
        let clustered = ModelInput {
            cluster: Some(&one),
            ..input(Family::Ols, &y, &x, &names)
        };
        assert_eq!(fit(&clustered), "too_few_clusters");
        let mut no_intercept = x.clone();
        no_intercept[3][0] = 0.5;
        assert_eq!(
            fit(&input(Family::Ols, &y, &no_intercept, &names)),
            "invalid_input"
        );
    }

    /// Same input → bitwise the same fit; permuted rows → the same estimates and errors (1e-12).
    #[test]
    fn deterministic_and_row_order_free() {
        let (y, x, names) = data(40);
        for family in [Family::FractionalLogit, Family::Poisson, Family::Ols] {
            let a = fit_model(&input(family, &y, &x, &names));
            let b = fit_model(&input(family, &y, &x, &names));
            assert_eq!(a, b);
            let order: Vec<usize> = (0..40).rev().collect();
            let yp: Vec<f64> = order.iter().map(|&i| y[i]).collect();
            let xp: Vec<Vec<f64>> = order.iter().map(|&i| x[i].clone()).collect();
            let c = fit_model(&input(family, &yp, &xp, &names));
            let (Ok(a), Ok(c)) = (a, c) else {
                panic!("{family:?} not fitted")
            };
            for (u, v) in a.coefs.iter().zip(&c.coefs) {
                let (u, v) = (&u.wald, &v.wald);
                assert!((u.estimate - v.estimate).abs() <= 1e-12 * v.estimate.abs().max(1.0));
                assert!((u.std_error - v.std_error).abs() <= 1e-12 * v.std_error);
            }
        }
    }

    /// Extreme inputs give a fit whose numbers are all finite, or a status: never NaN or ∞.
    #[test]
    fn extreme_inputs_give_finite_numbers_or_a_status() {
        let (y, x, names) = data(30);
        for scale in [1e-300, 1e-8, 1e8, 1e150, 1e300] {
            let xs: Vec<Vec<f64>> = x.iter().map(|r| vec![1.0, r[1], r[2] * scale]).collect();
            let ys: Vec<f64> = y.iter().map(|v| v * scale).collect();
            for family in [Family::FractionalLogit, Family::Poisson, Family::Ols] {
                let yy = if family == Family::FractionalLogit {
                    &y
                } else {
                    &ys
                };
                if let Ok(fit) = fit_model(&input(family, yy, &xs, &names)) {
                    let mut all: Vec<f64> = fit.vcov.iter().flatten().copied().collect();
                    for c in fit.coefs.iter().map(|c| &c.wald) {
                        all.extend([c.estimate, c.std_error, c.statistic, c.p_value]);
                        all.extend([c.ci_low, c.ci_high]);
                    }
                    all.extend([fit.deviance, fit.null_deviance]);
                    all.extend(fit.dispersion.into_iter().chain(fit.aic).chain(fit.r2));
                    all.extend(fit.pseudo_r2);
                    assert!(
                        all.iter().all(|v| v.is_finite()),
                        "{family:?} scale {scale}"
                    );
                    if let Some(e) = average_marginal_effect(&fit, &xs, 1, &[], 0.95) {
                        assert!(e.estimate.is_finite() && e.ci_high.is_finite());
                    }
                }
            }
        }
    }

    /// For OLS the AME of a dummy is its coefficient, with the same standard error and interval.
    #[test]
    fn ols_ame_is_the_coefficient() {
        let (y, x, names) = data(25);
        let fit = fit_model(&input(Family::Ols, &y, &x, &names));
        let Ok(fit) = fit else { panic!("not fitted") };
        let ame = average_marginal_effect(&fit, &x, 1, &[], 0.95);
        let Some(ame) = ame else { panic!("no AME") };
        let c = &fit.coefs[1].wald;
        assert!((ame.estimate - c.estimate).abs() <= 1e-13);
        assert!((ame.std_error - c.std_error).abs() <= 1e-13 * c.std_error);
        assert!((ame.ci_low - c.ci_low).abs() <= 1e-12);
        assert_eq!(average_marginal_effect(&fit, &x, 0, &[], 0.95), None);
        assert_eq!(Family::FractionalLogit.name(), "fractional_logit");
        assert_eq!(SeType::Hc3.name(), "HC3");
    }
}
