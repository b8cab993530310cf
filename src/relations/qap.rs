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
        let permuted = PermutedRows::new(&yv, &others, &resid);
        let dist: Vec<Option<f64>> = (0..n_perm)
            .into_par_iter()
            .map(|r| {
                let mut g = rng::stream(seed, QAP, (k * n_perm + r) as u64);
                let mut perm: Vec<usize> = (0..n).collect();
                for i in (1..n).rev() {
                    perm.swap(i, rng::below(&mut g, i as u64 + 1) as usize);
                }
                let rows = permuted.rows(pairs.iter().map(|&(i, j)| index(perm[i], perm[j])));
                let fit = irls_rows(&rows)?;
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

/// The distinct rows of a logistic design: dyad i has row `id[i]`, whose `p` covariate values
/// are `x[id·p .. (id + 1)·p]` and whose response is `y[id]`.
///
/// Every per-dyad quantity of IRLS (η, μ, the weight, the working response and each product
/// added to XᵀWX and XᵀWz) is a function of the dyad's row alone, so it is computed once per
/// distinct row; the sums still add one term per dyad, in dyad order, so a fit is bit for bit
/// the fit of the expanded design. The QAP designs have few distinct rows: binary covariates,
/// and a permuted residual that takes a handful of values.
struct Rows {
    /// Covariates per row.
    p: usize,
    /// Row of each dyad.
    id: Vec<u32>,
    /// Covariate values, row-major.
    x: Vec<f64>,
    /// Response per row.
    y: Vec<f64>,
}

impl Rows {
    /// The distinct rows of (`y`, `cols`), numbered in order of first appearance; values are
    /// told apart by their bits.
    fn of(y: &[f64], cols: &[&[f64]]) -> Rows {
        let p = cols.len();
        let mut seen: std::collections::HashMap<Vec<u64>, u32> = std::collections::HashMap::new();
        let mut rows = Rows {
            p,
            id: Vec::with_capacity(y.len()),
            x: Vec::new(),
            y: Vec::new(),
        };
        for (i, &yi) in y.iter().enumerate() {
            let key: Vec<u64> = std::iter::once(yi.to_bits())
                .chain(cols.iter().map(|c| c[i].to_bits()))
                .collect();
            let next = rows.y.len() as u32;
            let id = *seen.entry(key).or_insert_with(|| {
                rows.y.push(yi);
                rows.x.extend(cols.iter().map(|c| c[i]));
                next
            });
            rows.id.push(id);
        }
        rows
    }

    /// Covariate values of row `u`.
    fn row(&self, u: usize) -> &[f64] {
        &self.x[u * self.p..(u + 1) * self.p]
    }

    /// Number of distinct rows.
    fn len(&self) -> usize {
        self.y.len()
    }
}

/// The designs of one term's permutations: the other terms' columns fixed, the term's residual
/// read at permuted positions. Their rows are numbered from the fixed part's distinct rows
/// (with y) and the residual's distinct values, without hashing per permutation.
struct PermutedRows {
    /// Distinct rows of (y, the other terms).
    fixed: Rows,
    /// Index of each residual (by dyad position) among `values`.
    value_of: Vec<u32>,
    /// Distinct residual values.
    values: Vec<f64>,
}

impl PermutedRows {
    fn new(y: &[f64], others: &[&[f64]], resid: &[f64]) -> PermutedRows {
        let fixed = Rows::of(y, others);
        let r = Rows::of(resid, &[]);
        PermutedRows {
            fixed,
            value_of: r.id,
            values: r.y,
        }
    }

    /// The rows of the design whose last column at dyad i is the residual at position
    /// `source[i]`, numbered in order of first appearance (as [`Rows::of`] would).
    fn rows(&self, source: impl Iterator<Item = usize>) -> Rows {
        let f = &self.fixed;
        let n_values = self.values.len();
        let mut slot = vec![u32::MAX; f.len() * n_values];
        let mut rows = Rows {
            p: f.p + 1,
            id: Vec::with_capacity(f.id.len()),
            x: Vec::new(),
            y: Vec::new(),
        };
        for (&fi, s) in f.id.iter().zip(source) {
            let v = self.value_of[s] as usize;
            let key = fi as usize * n_values + v;
            if slot[key] == u32::MAX {
                slot[key] = rows.y.len() as u32;
                rows.y.push(f.y[fi as usize]);
                rows.x.extend_from_slice(f.row(fi as usize));
                rows.x.push(self.values[v]);
            }
            rows.id.push(slot[key]);
        }
        rows
    }
}

/// Logistic regression of `y` (0/1) on the columns `cols` by IRLS from glm's start
/// (μ = (y + ½)/2); `None` if it does not converge or the weighted design is singular.
pub(crate) fn irls<C: AsRef<[f64]>>(y: &[f64], cols: &[C]) -> Option<Logit> {
    let cols: Vec<&[f64]> = cols.iter().map(AsRef::as_ref).collect();
    irls_rows(&Rows::of(y, &cols))
}

/// Adds, dyad by dyad in order, the `K` terms of each dyad's row (`terms[u·K ..]`) to `acc`.
fn add_in_order<const K: usize>(id: &[u32], terms: &[f64], acc: &mut [f64]) {
    let mut a = [0.0; K];
    a.copy_from_slice(&acc[..K]);
    for &u in id {
        let t = &terms[u as usize * K..u as usize * K + K];
        for k in 0..K {
            a[k] += t[k];
        }
    }
    acc[..K].copy_from_slice(&a);
}

/// [`add_in_order`] for any number of terms per row: the sizes of an IRLS iteration with 1 to
/// 5 terms (p + p(p + 1)/2) in registers, any other size (the final covariance's p² + 1) by the
/// general loop, which adds in the same order.
fn add_terms(id: &[u32], terms: &[f64], acc: &mut [f64]) {
    match acc.len() {
        2 => add_in_order::<2>(id, terms, acc),
        5 => add_in_order::<5>(id, terms, acc),
        9 => add_in_order::<9>(id, terms, acc),
        14 => add_in_order::<14>(id, terms, acc),
        20 => add_in_order::<20>(id, terms, acc),
        k => {
            for &u in id {
                let t = &terms[u as usize * k..(u as usize + 1) * k];
                for (s, v) in acc.iter_mut().zip(t) {
                    *s += v;
                }
            }
        }
    }
}

/// [`irls`] on the distinct rows of its design (same arithmetic, same bits).
fn irls_rows(rows: &Rows) -> Option<Logit> {
    let p = rows.p;
    let n_rows = rows.len();
    // Terms per row: XᵀWz (p), then the lower triangle of XᵀWX (row-major, p(p + 1)/2).
    let k = p + p * (p + 1) / 2;
    let mut eta: Vec<f64> = rows
        .y
        .iter()
        .map(|&v| {
            let mu = (v + 0.5) / 2.0;
            (mu / (1.0 - mu)).ln()
        })
        .collect();
    let mut terms = vec![0.0; n_rows * k];
    let mut acc = vec![0.0; k];
    let mut beta = vec![0.0; p];
    for iter in 0..MAX_ITER {
        for u in 0..n_rows {
            let x = rows.row(u);
            let mu = 1.0 / (1.0 + (-eta[u]).exp());
            let w = (mu * (1.0 - mu)).max(1e-300);
            let zi = eta[u] + (rows.y[u] - mu) / w;
            let t = &mut terms[u * k..(u + 1) * k];
            let mut at = p;
            for a in 0..p {
                let wa = w * x[a];
                t[a] = wa * zi;
                for b in 0..=a {
                    t[at] = wa * x[b];
                    at += 1;
                }
            }
        }
        acc.iter_mut().for_each(|v| *v = 0.0);
        add_terms(&rows.id, &terms, &mut acc);
        let mut xtwx = vec![vec![0.0; p]; p];
        let mut at = p;
        for a in 0..p {
            for b in 0..=a {
                xtwx[a][b] = acc[at];
                xtwx[b][a] = acc[at];
                at += 1;
            }
        }
        let new = solve(&xtwx, &acc[..p])?;
        let done = iter > 0
            && new
                .iter()
                .zip(&beta)
                .all(|(a, b)| (a - b).abs() <= TOL * a.abs().max(1.0));
        beta = new;
        for (u, e) in eta.iter_mut().enumerate() {
            let x = rows.row(u);
            *e = (0..p).map(|a| x[a] * beta[a]).sum();
        }
        if !beta.iter().all(|b| b.is_finite()) {
            return None;
        }
        if done {
            return Some(finish(rows, beta, &eta));
        }
    }
    None
}

/// Covariance and deviance at the converged coefficients (`eta` per distinct row).
fn finish(rows: &Rows, beta: Vec<f64>, eta: &[f64]) -> Logit {
    let p = rows.p;
    // Terms per row: the p × p products of XᵀWX (row-major), then the deviance's.
    let k = p * p + 1;
    let mut terms = vec![0.0; rows.len() * k];
    for (u, &e) in eta.iter().enumerate() {
        let x = rows.row(u);
        let mu = 1.0 / (1.0 + (-e).exp());
        let w = mu * (1.0 - mu);
        let t = &mut terms[u * k..(u + 1) * k];
        for a in 0..p {
            for b in 0..p {
                t[a * p + b] = w * x[a] * x[b];
            }
        }
        // −2 [y log μ + (1 − y) log(1 − μ)], with log μ = −softplus(−η), log(1 − μ) = −softplus(η).
        let softplus = |t: f64| t.max(0.0) + (-t.abs()).exp().ln_1p();
        t[p * p] = 2.0
            * if rows.y[u] == 1.0 {
                softplus(-e)
            } else {
                softplus(e)
            };
    }
    let mut acc = vec![0.0; k];
    add_terms(&rows.id, &terms, &mut acc);
    let xtwx: Vec<Vec<f64>> = (0..p).map(|a| acc[a * p..(a + 1) * p].to_vec()).collect();
    Logit {
        beta,
        cov: invert(&xtwx),
        deviance: acc[p * p],
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

    /// The former IRLS, one dyad at a time: the oracle of the distinct-row fits (same bits).
    fn irls_direct(y: &[f64], cols: &[&[f64]]) -> Option<Logit> {
        let p = cols.len();
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
            for i in 0..y.len() {
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
                    let softplus = |t: f64| t.max(0.0) + (-t.abs()).exp().ln_1p();
                    deviance += 2.0
                        * if y[i] == 1.0 {
                            softplus(-e)
                        } else {
                            softplus(e)
                        };
                }
                return Some(Logit {
                    beta,
                    cov: invert(&xtwx),
                    deviance,
                });
            }
        }
        None
    }

    fn same_bits(a: &Option<Logit>, b: &Option<Logit>) -> bool {
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                bits(&a.beta) == bits(&b.beta)
                    && a.deviance.to_bits() == b.deviance.to_bits()
                    && a.cov
                        .as_ref()
                        .map(|c| c.iter().map(|r| bits(r)).collect::<Vec<_>>())
                        == b.cov
                            .as_ref()
                            .map(|c| c.iter().map(|r| bits(r)).collect::<Vec<_>>())
            }
            _ => false,
        }
    }

    /// Designs with repeated rows (binary columns, a column of few values) and without (a
    /// continuous column), 1 to 5 covariates (2 to 20 terms per row, and the general path):
    /// the fit on distinct rows has the bits of the dyad-by-dyad fit, failures included.
    #[test]
    fn distinct_rows_fit_has_the_bits_of_the_direct_fit() {
        let mut g = rng::stream(11, 0, 0);
        let mut fitted = 0;
        for case in 0..120u64 {
            let d = 20 + rng::below(&mut g, 300) as usize;
            let p = 1 + (case % 5) as usize;
            let cols: Vec<Vec<f64>> = (0..p)
                .map(|a| {
                    (0..d)
                        .map(|_| match (a, case % 3) {
                            (0, _) => 1.0,
                            (_, 0) => rng::below(&mut g, 2) as f64,
                            (_, 1) => rng::below(&mut g, 4) as f64 * 0.37 - 0.5,
                            _ => rng::below(&mut g, 1 << 20) as f64 / 1e5,
                        })
                        .collect()
                })
                .collect();
            let y: Vec<f64> = (0..d)
                .map(|i| {
                    let lean = cols.iter().skip(1).map(|c| c[i]).sum::<f64>() * 0.6;
                    let u = rng::below(&mut g, 1000) as f64 / 1000.0;
                    f64::from(u8::from(u < 1.0 / (1.0 + (-lean + 0.4).exp())))
                })
                .collect();
            let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
            let direct = irls_direct(&y, &refs);
            let rows = Rows::of(&y, &refs);
            assert!(rows.len() <= d);
            assert!(same_bits(&irls(&y, &refs), &direct), "case {case}");
            fitted += usize::from(direct.is_some());
        }
        // Most designs converge: the comparison is not only between failures.
        assert!(fitted >= 100, "{fitted} of 120 fits converged");
    }

    /// The permuted designs numbered without hashing are the designs of the permuted column:
    /// same distinct rows (values, responses, numbering) and a fit with the same bits.
    #[test]
    fn permuted_rows_are_the_rows_of_the_permuted_design() {
        let (y, x) = network(17);
        let n = y.len();
        let pairs: Vec<(usize, usize)> = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .collect();
        let index = |a: usize, b: usize| {
            let (a, b) = if a < b { (a, b) } else { (b, a) };
            a * n - a * (a + 1) / 2 + (b - a - 1)
        };
        let yv: Vec<f64> = pairs.iter().map(|&(i, j)| y[i][j]).collect();
        let one = vec![1.0; pairs.len()];
        let xv: Vec<f64> = pairs.iter().map(|&(i, j)| x[i][j]).collect();
        let resid = ols_residual(&xv, &[&one]).unwrap();
        let permuted = PermutedRows::new(&yv, &[&one], &resid);
        assert!(permuted.values.len() < 5 && permuted.fixed.len() <= 2);
        let mut g = rng::stream(3, QAP, 0);
        for _ in 0..40 {
            let mut perm: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                perm.swap(i, rng::below(&mut g, i as u64 + 1) as usize);
            }
            let column: Vec<f64> = pairs
                .iter()
                .map(|&(i, j)| resid[index(perm[i], perm[j])])
                .collect();
            let rows = permuted.rows(pairs.iter().map(|&(i, j)| index(perm[i], perm[j])));
            let hashed = Rows::of(&yv, &[&one, &column]);
            assert_eq!(rows.id, hashed.id);
            assert_eq!(rows.y, hashed.y);
            assert_eq!(rows.x, hashed.x);
            assert!(rows.len() < pairs.len() / 10);
            let direct = irls_direct(&yv, &[&one, &column]);
            assert!(direct.is_some());
            assert!(same_bits(&irls_rows(&rows), &direct));
        }
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
