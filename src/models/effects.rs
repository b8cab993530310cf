//! Average marginal effect of a group dummy on the outcome's own scale, with its delta-method
//! standard error.

use super::family::{linkinv, mu_eta};
use super::linalg::quad_form;
use super::{ModelFit, Wald};
use crate::stats::order::{cmp_values, content_order};
use crate::stats::student::{critical_value, two_sided_p};

/// Average marginal effect of a 0/1 column (a level of a factor against its reference): the mean
/// over the rows of the predicted outcome with the column set to 1 minus the prediction with it
/// set to 0, the other dummies of the same factor (`siblings`) set to 0 in both, and everything
/// else as observed. The predicted outcome is the mean μ(η): the probability (the density, for
/// `binomial`) for the logit families, exp(η) for `poisson`, η for `ols` (where the AME equals
/// the coefficient).
///
/// The delta-method standard error is √(g' V g) with g = mean over rows of μ'(η₁ᵢ)x₁ᵢ − μ'(η₀ᵢ)x₀ᵢ
/// and V = `fit.vcov` (so it inherits the fit's robust or clustered errors); the p-value and the
/// interval use the fit's reference distribution (`fit.ref_df`) and `level`. This is what
/// `marginaleffects::avg_comparisons(fit, variables = "group", vcov = V)` computes (with
/// numerical derivatives there).
///
/// # Arguments
/// * `fit` - the fitted model.
/// * `x` - the design the model was fitted on (n rows of k values).
/// * `column` - index of the dummy column.
/// * `siblings` - indices of the other dummy columns of the same factor (may be empty).
/// * `level` - confidence level of the interval.
///
/// # Returns
/// `Some(Wald)`; `None` when the shapes disagree with the fit, `column` is the intercept, the
/// design is empty, or the standard error is not positive.
///
/// # Complexity
/// O(n k + k²).
///
/// # References
/// Williams (2012), "Using the margins command to estimate and interpret adjusted predictions and
/// marginal effects", Stata Journal 12(2), 308–331; Oehlert (1992), Am. Stat. 46, 27–29.
pub fn average_marginal_effect(
    fit: &ModelFit,
    x: &[Vec<f64>],
    column: usize,
    siblings: &[usize],
    level: f64,
) -> Option<Wald> {
    let k = fit.beta.len();
    if x.is_empty() || column == 0 || column >= k || siblings.iter().any(|&s| s == 0 || s >= k) {
        return None;
    }
    if x.iter().any(|r| r.len() != k) || fit.vcov.len() != k {
        return None;
    }
    let family = fit.family;
    let mut total = 0.0;
    let mut grad = vec![0.0; k];
    // Rows in content order (`stats::order`): the sums do not depend on the order of the rows.
    let order = content_order(x.len(), |i, j| cmp_values(&x[i], &x[j]));
    for row in order.iter().map(|&i| &x[i]) {
        let mut x1 = row.clone();
        for &s in siblings {
            x1[s] = 0.0;
        }
        let mut x0 = x1.clone();
        x1[column] = 1.0;
        x0[column] = 0.0;
        let eta1: f64 = x1.iter().zip(&fit.beta).map(|(a, b)| a * b).sum();
        let eta0: f64 = x0.iter().zip(&fit.beta).map(|(a, b)| a * b).sum();
        total += linkinv(family, eta1) - linkinv(family, eta0);
        let (d1, d0) = (mu_eta(family, eta1), mu_eta(family, eta0));
        for ((g, a), b) in grad.iter_mut().zip(&x1).zip(&x0) {
            *g += d1 * a - d0 * b;
        }
    }
    let n = x.len() as f64;
    let estimate = total / n;
    for g in &mut grad {
        *g /= n;
    }
    let std_error = quad_form(&grad, &fit.vcov, &grad).sqrt();
    if !(std_error > 0.0 && std_error.is_finite() && estimate.is_finite()) {
        return None;
    }
    let p_value = two_sided_p(estimate / std_error, fit.ref_df)?;
    let crit = critical_value(level, fit.ref_df)?;
    Some(Wald::new(estimate, std_error, p_value, crit))
}
