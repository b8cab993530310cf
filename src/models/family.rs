//! The families' link and variance functions and the fitted core that the fitting step
//! (`glm.rs`) hands to the covariance step (`vcov.rs`) and the marginal effects (`effects.rs`).

use super::linalg::Qr;
use super::Family;

/// Logit/log link constants of R's C code (`binomial_dev.c`): beyond |η| > 30 the inverse link
/// and its derivative are clamped.
const THRESH: f64 = 30.0;

/// Inverse link μ(η).
pub(super) fn linkinv(family: Family, eta: f64) -> f64 {
    match family {
        Family::Binomial | Family::FractionalLogit => {
            let t = if eta < -THRESH {
                f64::EPSILON
            } else if eta > THRESH {
                1.0 / f64::EPSILON
            } else {
                eta.exp()
            };
            t / (1.0 + t)
        }
        Family::Poisson => eta.exp().max(f64::EPSILON),
        Family::Ols => eta,
    }
}

/// dμ/dη.
pub(super) fn mu_eta(family: Family, eta: f64) -> f64 {
    match family {
        Family::Binomial | Family::FractionalLogit => {
            if eta.abs() > THRESH {
                f64::EPSILON
            } else {
                let e = eta.exp();
                e / ((1.0 + e) * (1.0 + e))
            }
        }
        Family::Poisson => eta.exp().max(f64::EPSILON),
        Family::Ols => 1.0,
    }
}

/// Variance function V(μ).
pub(super) fn variance(family: Family, mu: f64) -> f64 {
    match family {
        Family::Binomial | Family::FractionalLogit => mu * (1.0 - mu),
        Family::Poisson => mu,
        Family::Ols => 1.0,
    }
}

/// What the fitting step hands to the covariance step.
pub(super) struct Core {
    /// Coefficients.
    pub beta: Vec<f64>,
    /// Linear predictor per row.
    pub eta: Vec<f64>,
    /// Fitted mean per row.
    pub mu: Vec<f64>,
    /// Prior weights (trials for `Binomial`, else 1).
    pub prior: Vec<f64>,
    /// QR of the weighted design at the final coefficients.
    pub qr: Qr,
    /// Residual deviance.
    pub deviance: f64,
    /// Intercept-only deviance.
    pub null_deviance: f64,
    /// IRLS iterations.
    pub iterations: usize,
    /// AIC where defined.
    pub aic: Option<f64>,
}
