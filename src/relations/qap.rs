//! Logistic network regression with QAP inference by double semi-partialling, as
//! `sna::netlogit(y, x, mode = "graph", nullhyp = "qapspp", test.statistic = "z-value")`.
//!
//! References: Krackhardt (1988), "Predicting with networks: nonparametric multiple regression
//! analysis of dyadic data", *Social Networks* 10: 359–381; Dekker, Krackhardt & Snijders (2007),
//! "Sensitivity of MRQAP tests to collinearity and autocorrelation conditions", *Psychometrika*
//! 72: 563–581; implementation reference `sna::netlogit` (Butts, sna 2.7.1). Conventions in the
//! module doc of [`crate::relations`].

// Small dense matrices read best with explicit indices.
#![allow(clippy::needless_range_loop)]

use rayon::prelude::*;

use super::linalg::{invert, solve};
use crate::stats::rng;

/// Stream domain of the QAP permutations.
pub const QAP: u64 = 23;
/// IRLS iterations allowed per fit.
const MAX_ITER: usize = 100;
/// IRLS convergence: every |Δβ_k| ≤ `TOL` × max(1, |β_k|).
const TOL: f64 = 1e-11;
/// |β_k| × sd(x_k) above which the observed fit is declared separated.
const SEPARATION_BOUND: f64 = 30.0;

/// One term of a QAP logit (term 0 is the intercept, term k the covariate `x[k - 1]`).
#[derive(Debug, Clone, PartialEq)]
pub struct QapTerm {
    /// Coefficient of the logistic regression (log odds ratio).
    pub estimate: f64,
    /// Model-based standard error (`sqrt(diag((XᵀWX)⁻¹))`, sna's `se`).
    pub std_error: f64,
    /// `estimate / std_error`, the test statistic.
    pub z: f64,
    /// sna's `pgreq`: share of permutations with z_perm ≥ z.
    pub p_greater: f64,
    /// sna's `pleeq`: share with z_perm ≤ z.
    pub p_less: f64,
    /// sna's `pgreqabs`: share with |z_perm| ≥ |z|.
    pub p_two_sided: f64,
    /// (b + 1) / (m + 1) versions of the three shares (Monte-Carlo p-values, never 0).
    pub p_greater_mc: f64,
    /// (b + 1) / (m + 1) version of `p_less`.
    pub p_less_mc: f64,
    /// (b + 1) / (m + 1) version of `p_two_sided`.
    pub p_two_sided_mc: f64,
    /// Permutations whose refit converged (m); the others are left out and counted here.
    pub n_failed_permutations: usize,
}

/// A fitted QAP logit.
#[derive(Debug, Clone, PartialEq)]
pub struct QapFit {
    /// Intercept, then one term per covariate matrix.
    pub terms: Vec<QapTerm>,
    /// Dyads used: n (n − 1) / 2.
    pub n_dyads: usize,
    /// Permutations requested per term.
    pub n_perm: usize,
    /// Residual deviance of the observed fit.
    pub deviance: f64,
}

/// Why a QAP logit cannot be fitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QapStatus {
    /// A matrix is not n × n.
    #[error("matrix {which} is not {n} x {n}")]
    NotSquare { which: usize, n: usize },
    /// No covariate matrix (sna then falls back to permuting y; not offered here).
    #[error("no covariate matrix")]
    NoCovariate,
    /// Fewer than 3 nodes.
    #[error("QAP needs at least 3 nodes, got {0}")]
    TooFewNodes(usize),
    /// A covariate value is NaN or infinite (upper triangle).
    #[error("covariate {0} has a value that is not finite")]
    NonFinite(usize),
    /// The tie matrix is empty or complete.
    #[error("the tie matrix has no variation")]
    NoVariation,
    /// The design is rank-deficient (a covariate constant or collinear with others).
    #[error("term {0} is collinear with the others")]
    Singular(usize),
    /// A coefficient of the observed fit diverges (separation).
    #[error("term {0} separates ties from non-ties")]
    Separation(usize),
    /// IRLS did not converge on the observed data.
    #[error("IRLS did not converge")]
    NotConverged,
}

/// QAP logistic regression of an undirected tie matrix on dyad covariate matrices.
///
/// # Arguments
/// * `y` — n × n tie matrix; the upper triangle (i < j) is read, values ≠ 0 are ties.
/// * `x` — covariate matrices (n × n each, upper triangle read); an intercept is added first.
/// * `n_perm` — permutations per term.
/// * `seed` — run seed; replicate r of term k uses `rng::stream(seed, QAP, k · n_perm + r)`.
///
/// # Returns
/// The [`QapFit`] (coefficients, z-values, sna's and Monte-Carlo p-values), or a [`QapStatus`].
///
/// # Complexity
/// O((1 + p · n_perm) · iterations · n² p²) for p terms, parallel over permutations.
///
/// # Examples
/// ```
/// use ptce::relations::qap::qap_logit;
/// let n = 6;
/// let x: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| ((i + j) % 3) as f64).collect()).collect();
/// let y: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| ((i * j) % 2) as f64).collect()).collect();
/// let fit = qap_logit(&y, &[x], 50, 1).unwrap();
/// assert_eq!(fit.terms.len(), 2);
/// ```
pub fn qap_logit(
    y: &[Vec<f64>],
    x: &[Vec<Vec<f64>>],
    n_perm: usize,
    seed: u64,
) -> Result<QapFit, QapStatus> {
    let n = y.len();
    for (which, m) in std::iter::once(y)
        .chain(x.iter().map(Vec::as_slice))
        .enumerate()
    {
        if m.len() != n || m.iter().any(|row| row.len() != n) {
            return Err(QapStatus::NotSquare { which, n });
        }
    }
    if n < 3 {
        return Err(QapStatus::TooFewNodes(n));
    }
    if x.is_empty() {
        return Err(QapStatus::NoCovariate);
    }
    let pairs: Vec<(usize, usize)> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .collect();
    let yv: Vec<f64> = pairs
        .iter()
        .map(|&(i, j)| if y[i][j] != 0.0 { 1.0 } else { 0.0 })
        .collect();
    let ties = yv.iter().sum::<f64>();
    if ties == 0.0 || ties == yv.len() as f64 {
        return Err(QapStatus::NoVariation);
    }
    // Columns of the design: intercept, then each covariate's upper triangle.
    let mut cols = vec![vec![1.0; pairs.len()]];
    for (k, m) in x.iter().enumerate() {
        let c: Vec<f64> = pairs.iter().map(|&(i, j)| m[i][j]).collect();
        if c.iter().any(|v| !v.is_finite()) {
            return Err(QapStatus::NonFinite(k));
        }
        cols.push(c);
    }
    let p = cols.len();
    let base = irls(&yv, &cols).ok_or(QapStatus::NotConverged)?;
    let Some(cov) = base.cov.as_ref() else {
        return Err(QapStatus::Singular(p - 1));
    };
    for (k, c) in cols.iter().enumerate().skip(1) {
        let mean = c.iter().sum::<f64>() / c.len() as f64;
        let sd = (c.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / c.len() as f64).sqrt();
        if (base.beta[k] * sd).abs() > SEPARATION_BOUND {
            return Err(QapStatus::Separation(k));
        }
    }
    let se: Vec<f64> = (0..p).map(|k| cov[k][k].max(0.0).sqrt()).collect();
    let z: Vec<f64> = (0..p).map(|k| base.beta[k] / se[k]).collect();
    let index = |a: usize, b: usize| {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        a * n - a * (a + 1) / 2 + (b - a - 1)
    };
    let mut terms = Vec::with_capacity(p);
    for k in 0..p {
        // Residual of term k on the other terms (OLS, no added intercept, as sna's gfitlm).
        let others: Vec<&[f64]> = (0..p)
            .filter(|&o| o != k)
            .map(|o| cols[o].as_slice())
            .collect();
        let resid = ols_residual(&cols[k], &others).ok_or(QapStatus::Singular(k))?;
        let dist: Vec<Option<f64>> = (0..n_perm)
            .into_par_iter()
            .map(|r| {
                let mut g = rng::stream(seed, QAP, (k * n_perm + r) as u64);
                let mut perm: Vec<usize> = (0..n).collect();
                for i in (1..n).rev() {
                    perm.swap(i, rng::below(&mut g, i as u64 + 1) as usize);
                }
                let permuted: Vec<f64> = pairs
                    .iter()
                    .map(|&(i, j)| resid[index(perm[i], perm[j])])
                    .collect();
                let mut design = others.clone();
                design.push(&permuted);
                let fit = irls(&yv, &design)?;
                let c = fit.cov?;
                let zz = fit.beta[p - 1] / c[p - 1][p - 1].sqrt();
                zz.is_finite().then_some(zz)
            })
            .collect();
        let valid: Vec<f64> = dist.iter().flatten().copied().collect();
        let m = valid.len();
        let count = |f: &dyn Fn(f64) -> bool| valid.iter().filter(|&&v| f(v)).count();
        let (ge, le, abs) = (
            count(&|v| v >= z[k]),
            count(&|v| v <= z[k]),
            count(&|v| v.abs() >= z[k].abs()),
        );
        let share = |b: usize| if m == 0 { 1.0 } else { b as f64 / m as f64 };
        let mc = |b: usize| (b + 1) as f64 / (m + 1) as f64;
        terms.push(QapTerm {
            estimate: base.beta[k],
            std_error: se[k],
            z: z[k],
            p_greater: share(ge),
            p_less: share(le),
            p_two_sided: share(abs),
            p_greater_mc: mc(ge),
            p_less_mc: mc(le),
            p_two_sided_mc: mc(abs),
            n_failed_permutations: n_perm - m,
        });
    }
    Ok(QapFit {
        terms,
        n_dyads: pairs.len(),
        n_perm,
        deviance: base.deviance,
    })
}

/// A logistic fit: coefficients, (XᵀWX)⁻¹ (None if singular) and residual deviance.
pub(crate) struct Logit {
    /// Coefficients.
    pub beta: Vec<f64>,
    /// (XᵀWX)⁻¹ at `beta`, `None` if singular.
    pub cov: Option<Vec<Vec<f64>>>,
    /// Residual deviance.
    pub deviance: f64,
}

/// Logistic regression of `y` (0/1) on the columns `cols` by IRLS from glm's start
/// (μ = (y + ½)/2); `None` if it does not converge or the weighted design is singular.
pub(crate) fn irls<C: AsRef<[f64]>>(y: &[f64], cols: &[C]) -> Option<Logit> {
    let cols: Vec<&[f64]> = cols.iter().map(AsRef::as_ref).collect();
    let cols = cols.as_slice();
    let p = cols.len();
    let d = y.len();
    let mut eta: Vec<f64> = y
        .iter()
        .map(|&v| {
            let mu = (v + 0.5) / 2.0;
            (mu / (1.0 - mu)).ln()
        })
        .collect();
    let mut beta = vec![0.0; p];
    for iter in 0..MAX_ITER {
        let mut xtwx = vec![vec![0.0; p]; p];
        let mut xtwz = vec![0.0; p];
        for i in 0..d {
            let mu = 1.0 / (1.0 + (-eta[i]).exp());
            let w = (mu * (1.0 - mu)).max(1e-300);
            let zi = eta[i] + (y[i] - mu) / w;
            for a in 0..p {
                let wa = w * cols[a][i];
                xtwz[a] += wa * zi;
                for b in 0..=a {
                    xtwx[a][b] += wa * cols[b][i];
                }
            }
        }
        for a in 0..p {
            for b in 0..a {
                xtwx[b][a] = xtwx[a][b];
            }
        }
        let new = solve(&xtwx, &xtwz)?;
        let done = iter > 0
            && new
                .iter()
                .zip(&beta)
                .all(|(a, b)| (a - b).abs() <= TOL * a.abs().max(1.0));
        beta = new;
        for (i, e) in eta.iter_mut().enumerate() {
            *e = (0..p).map(|a| cols[a][i] * beta[a]).sum();
        }
        if !beta.iter().all(|b| b.is_finite()) {
            return None;
        }
        if done {
            return Some(finish(y, cols, beta, &eta));
        }
    }
    None
}

/// Covariance and deviance at the converged coefficients.
fn finish(y: &[f64], cols: &[&[f64]], beta: Vec<f64>, eta: &[f64]) -> Logit {
    let p = cols.len();
    let mut xtwx = vec![vec![0.0; p]; p];
    let mut deviance = 0.0;
    for (i, &e) in eta.iter().enumerate() {
        let mu = 1.0 / (1.0 + (-e).exp());
        let w = mu * (1.0 - mu);
        for a in 0..p {
            for b in 0..p {
                xtwx[a][b] += w * cols[a][i] * cols[b][i];
            }
        }
        // −2 [y log μ + (1 − y) log(1 − μ)], with log μ = −softplus(−η), log(1 − μ) = −softplus(η).
        let softplus = |t: f64| t.max(0.0) + (-t.abs()).exp().ln_1p();
        deviance += 2.0
            * if y[i] == 1.0 {
                softplus(-e)
            } else {
                softplus(e)
            };
    }
    Logit {
        beta,
        cov: invert(&xtwx),
        deviance,
    }
}

/// Residual of the OLS regression of `target` on `cols` (normal equations, Cholesky).
fn ols_residual(target: &[f64], cols: &[&[f64]]) -> Option<Vec<f64>> {
    let p = cols.len();
    let mut xtx = vec![vec![0.0; p]; p];
    let mut xty = vec![0.0; p];
    for a in 0..p {
        xty[a] = cols[a].iter().zip(target).map(|(u, v)| u * v).sum();
        for b in 0..p {
            xtx[a][b] = cols[a].iter().zip(cols[b].iter()).map(|(u, v)| u * v).sum();
        }
    }
    let coef = if p == 0 {
        Vec::new()
    } else {
        solve(&xtx, &xty)?
    };
    Some(
        (0..target.len())
            .map(|i| target[i] - (0..p).map(|a| cols[a][i] * coef[a]).sum::<f64>())
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn network(n: usize) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let x: Vec<Vec<f64>> = (0..n)
            .map(|i| (0..n).map(|j| ((i % 3 == j % 3) as u8) as f64).collect())
            .collect();
        let y: Vec<Vec<f64>> = (0..n)
            .map(|i| {
                (0..n)
                    .map(|j| {
                        (((i * 7 + j * 7 + i * j) % 5 < 2) || (i % 3 == j % 3 && (i + j) % 4 == 0))
                            as u8 as f64
                    })
                    .collect()
            })
            .collect();
        (y, x)
    }

    #[test]
    fn identical_for_one_and_several_threads() {
        let (y, x) = network(14);
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let four = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let a = one
            .install(|| qap_logit(&y, std::slice::from_ref(&x), 300, 5))
            .unwrap();
        let b = four
            .install(|| qap_logit(&y, std::slice::from_ref(&x), 300, 5))
            .unwrap();
        assert_eq!(a, b);
        assert!(a
            .terms
            .iter()
            .all(|t| (0.0..=1.0).contains(&t.p_two_sided) && t.p_two_sided_mc > 0.0));
    }

    #[test]
    fn statuses() {
        let (_, x) = network(6);
        let empty = vec![vec![0.0; 6]; 6];
        assert_eq!(
            qap_logit(&empty, std::slice::from_ref(&x), 10, 1),
            Err(QapStatus::NoVariation)
        );
        assert_eq!(qap_logit(&empty, &[], 10, 1), Err(QapStatus::NoCovariate));
        assert_eq!(
            qap_logit(&empty[..2], std::slice::from_ref(&x), 10, 1),
            Err(QapStatus::NotSquare { which: 0, n: 2 })
        );
        // y equal to the covariate: perfect separation.
        assert!(matches!(
            qap_logit(&x, std::slice::from_ref(&x), 10, 1),
            Err(QapStatus::Separation(1)) | Err(QapStatus::NotConverged)
        ));
    }
}
