//! Conditional (fixed-effects) logit pooled over strata, with the exact conditional likelihood,
//! as `survival::clogit(y ~ x + strata(s), method = "exact")`, and a cluster-robust variance.
//!
//! References: Chamberlain (1980), "Analysis of covariance with qualitative data", *Review of
//! Economic Studies* 47: 225–238; Gail, Lubin & Rubinstein (1981), "Likelihood calculations for
//! matched case-control studies and survival studies with tied death times", *Biometrika* 68:
//! 703–707 (the recursion); Lin & Wei (1989) for the robust variance. Conventions in the module
//! doc of [`crate::relations`].

// Small dense matrices read best with explicit indices.
#![allow(clippy::needless_range_loop)]

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rayon::prelude::*;

use super::esf::Eval;
use super::linalg::{invert, mat_mul, solve};
use crate::stats::order::{content_groups, sort_rows};

/// Largest |β_k| × sd(x_k) accepted before the fit is declared separated (an odds ratio of
/// e^30 per standard deviation of the covariate).
const SEPARATION_BOUND: f64 = 30.0;
/// Newton–Raphson iterations allowed.
const MAX_ITER: usize = 100;
/// Convergence: every |step_k| ≤ `TOL` × max(1, |β_k|).
const TOL: f64 = 1e-12;

/// A fitted conditional logit.
#[derive(Debug, Clone, PartialEq)]
pub struct ClogitFit {
    /// Coefficients (log odds ratios), one per covariate.
    pub coefficients: Vec<f64>,
    /// Model-based standard errors (inverse observed information), as `clogit`'s `se(coef)`.
    pub std_errors: Vec<f64>,
    /// Model-based covariance matrix (row-major, p × p).
    pub covariance: Vec<Vec<f64>>,
    /// Cluster-robust covariance `V (Σ_c U_c U_cᵀ) V` (coxph's robust variance, no small-sample
    /// factor), when clusters were given.
    pub robust_covariance: Option<Vec<Vec<f64>>>,
    /// Square roots of the diagonal of `robust_covariance`.
    pub robust_std_errors: Option<Vec<f64>>,
    /// `robust_std_errors × √(G / (G − 1))`, as `sandwich::vcovCL` (HC0, `cadjust = TRUE`); `None`
    /// with fewer than 2 clusters.
    pub cluster_adjusted_std_errors: Option<Vec<f64>>,
    /// Number of clusters among the informative strata.
    pub n_clusters: usize,
    /// Exact conditional log-likelihood at the estimate (`clogit`'s `loglik[2]`).
    pub loglik: f64,
    /// Log-likelihood at β = 0 (`loglik[1]`).
    pub loglik_null: f64,
    /// Newton–Raphson iterations used.
    pub iterations: usize,
    /// Strata kept (with both tied and untied dyads).
    pub n_strata: usize,
    /// Dyads in the strata kept.
    pub n_obs: usize,
    /// Strata dropped because every dyad is tied or none is.
    pub n_strata_dropped: usize,
    /// Dyads in the dropped strata.
    pub n_obs_dropped: usize,
}

/// Why a conditional logit cannot be fitted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClogitStatus {
    /// Inputs of different lengths.
    #[error("{what} has {got} entries for {n} dyads")]
    LengthMismatch {
        what: &'static str,
        got: usize,
        n: usize,
    },
    /// No covariate given.
    #[error("no covariate")]
    NoCovariate,
    /// A covariate value is NaN or infinite.
    #[error("covariate {term}, dyad {row}: value is not finite")]
    NonFinite { term: usize, row: usize },
    /// No stratum has variation in `y`.
    #[error("no stratum has both tied and untied dyads ({dropped} strata dropped)")]
    NoInformativeStratum { dropped: usize },
    /// The information matrix is singular: a covariate is constant within every stratum or
    /// collinear with others.
    #[error("covariate {term} is constant within strata or collinear with the others")]
    Singular { term: usize },
    /// A coefficient diverges: the covariate separates tied from untied dyads.
    #[error("covariate {term} separates tied from untied dyads (coefficient diverges)")]
    Separation { term: usize },
    /// Newton–Raphson did not converge.
    #[error("no convergence after {0} iterations")]
    NotConverged(usize),
    /// A stratum spans several clusters: the exact conditional score has no per-dyad split.
    #[error("stratum {stratum} spans several clusters")]
    StratumAcrossClusters { stratum: u32 },
}

/// One informative stratum: centered covariates (negated when ties are the majority), the
/// indices of its cases, and its cluster.
struct Stratum {
    /// Row-major, one row of p values per dyad.
    z: Vec<f64>,
    cases: Vec<usize>,
    cluster: u32,
}

/// Fits the conditional logit of `y` on `x` with one stratum per value of `strata`.
///
/// # Arguments
/// * `y` — tie indicator of each dyad.
/// * `x` — covariates as columns: `x[k][i]` is covariate k of dyad i.
/// * `strata` — stratum (network) of each dyad.
/// * `cluster` — optional cluster (e.g. PTCE) of each dyad, constant within a stratum.
///
/// # Returns
/// The [`ClogitFit`] or a [`ClogitStatus`].
///
/// # Complexity
/// O(iterations × Σ_s n_s min(m_s, n_s − m_s) p²) for strata of n_s dyads with m_s ties,
/// parallel over strata (rayon), reduced in stratum order; strata and dyads are taken in
/// content order (not label or input order): identical for any thread count, any order of the
/// dyads and any labels.
///
/// # Examples
/// ```
/// use ptce::relations::clogit::conditional_logit;
/// let y = [true, false, false, true, false, true, false, false];
/// let x = vec![vec![1.0, 0.0, 0.5, 0.8, 0.1, 0.3, 0.9, 0.0]];
/// let fit = conditional_logit(&y, &x, &[1, 1, 1, 1, 2, 2, 2, 2], None).unwrap();
/// assert!(fit.coefficients[0].is_finite());
/// ```
pub fn conditional_logit<C: AsRef<[f64]> + Sync>(
    y: &[bool],
    x: &[C],
    strata: &[u32],
    cluster: Option<&[u32]>,
) -> Result<ClogitFit, ClogitStatus> {
    prepare_conditional_logit(y, x, strata, cluster).and_then(fit_prepared)
}

/// The strata of a conditional logit, checked and copied out of the covariate columns
/// ([`prepare_conditional_logit`]): the columns may be freed before [`fit_prepared`] runs.
pub struct PreparedClogit {
    p: usize,
    kept: Vec<Stratum>,
    dropped: usize,
    dropped_obs: usize,
    n_obs: usize,
    clustered: bool,
}

/// The first half of [`conditional_logit`]: checks the inputs and builds the informative
/// strata (centered rows, in content order).
///
/// # Errors
/// As [`conditional_logit`], for every check made before fitting.
pub fn prepare_conditional_logit<C: AsRef<[f64]> + Sync>(
    y: &[bool],
    x: &[C],
    strata: &[u32],
    cluster: Option<&[u32]>,
) -> Result<PreparedClogit, ClogitStatus> {
    let n = y.len();
    let p = x.len();
    if p == 0 {
        return Err(ClogitStatus::NoCovariate);
    }
    let mismatch = |what, got| ClogitStatus::LengthMismatch { what, got, n };
    if strata.len() != n {
        return Err(mismatch("strata", strata.len()));
    }
    if let Some(c) = cluster {
        if c.len() != n {
            return Err(mismatch("cluster", c.len()));
        }
    }
    for (k, col) in x.iter().map(AsRef::as_ref).enumerate() {
        if col.len() != n {
            return Err(mismatch("covariate", col.len()));
        }
        if let Some(row) = col.iter().position(|v| !v.is_finite()) {
            return Err(ClogitStatus::NonFinite { term: k, row });
        }
    }
    let (mut kept, mut dropped, mut dropped_obs, mut n_obs) = (Vec::new(), 0, 0, 0);
    for (s, rows) in &content_strata(y, x, strata) {
        let s = *s;
        let m = rows.iter().filter(|&&i| y[i]).count();
        if m == 0 || m == rows.len() {
            dropped += 1;
            dropped_obs += rows.len();
            continue;
        }
        let c = cluster.map_or(0, |c| c[rows[0]]);
        if let Some(cl) = cluster {
            if rows.iter().any(|&i| cl[i] != c) {
                return Err(ClogitStatus::StratumAcrossClusters { stratum: s });
            }
        }
        n_obs += rows.len();
        kept.push(stratum(y, x, rows, c));
    }
    if kept.is_empty() {
        return Err(ClogitStatus::NoInformativeStratum { dropped });
    }
    Ok(PreparedClogit {
        p,
        kept,
        dropped,
        dropped_obs,
        n_obs,
        clustered: cluster.is_some(),
    })
}

/// The second half of [`conditional_logit`]: Newton's iterations and the covariances.
///
/// # Errors
/// As [`conditional_logit`], for the fit itself (separation, singular information).
pub fn fit_prepared(prepared: PreparedClogit) -> Result<ClogitFit, ClogitStatus> {
    let PreparedClogit {
        p,
        kept,
        dropped,
        dropped_obs,
        n_obs,
        clustered,
    } = prepared;
    let scale: Vec<f64> = (0..p).map(|k| spread(&kept, k, p)).collect();
    let (beta, iterations, ll0, parts, total) = newton(&kept, p, &scale)?;
    let covariance = invert(&total.info).ok_or(ClogitStatus::Singular { term: 0 })?;
    let se = |v: &Vec<Vec<f64>>| {
        (0..p)
            .map(|k| v[k][k].max(0.0).sqrt())
            .collect::<Vec<f64>>()
    };
    let std_errors = se(&covariance);
    let mut clusters: BTreeMap<u32, Vec<f64>> = BTreeMap::new();
    for (s, e) in kept.iter().zip(&parts) {
        let u = clusters.entry(s.cluster).or_insert_with(|| vec![0.0; p]);
        for (a, b) in u.iter_mut().zip(&e.score) {
            *a += b;
        }
    }
    let n_clusters = if clustered { clusters.len() } else { 0 };
    // Cluster scores in content order, not in the order of their labels (`stats::order`).
    let mut clusters: Vec<Vec<f64>> = clusters.into_values().collect();
    sort_rows(&mut clusters);
    let (robust_covariance, robust_std_errors, cluster_adjusted_std_errors) = if clustered {
        let mut meat = vec![vec![0.0; p]; p];
        for u in &clusters {
            for a in 0..p {
                for b in 0..p {
                    meat[a][b] += u[a] * u[b];
                }
            }
        }
        let rob = mat_mul(&mat_mul(&covariance, &meat), &covariance);
        let rse = se(&rob);
        let g = n_clusters as f64;
        let adj =
            (n_clusters > 1).then(|| rse.iter().map(|s| s * (g / (g - 1.0)).sqrt()).collect());
        (Some(rob), Some(rse), adj)
    } else {
        (None, None, None)
    };
    Ok(ClogitFit {
        coefficients: beta,
        std_errors,
        covariance,
        robust_covariance,
        robust_std_errors,
        cluster_adjusted_std_errors,
        n_clusters,
        loglik: total.loglik,
        loglik_null: ll0,
        iterations,
        n_strata: kept.len(),
        n_obs,
        n_strata_dropped: dropped,
        n_obs_dropped: dropped_obs,
    })
}

/// The strata of the dyads in content order (`stats::order`), each with its rows in content
/// order (tie, then covariates): strata are ranked by their rows compared one by one, then by
/// size, not by their labels, so that every sum over dyads and strata runs in an order fixed by
/// the data (renaming or reordering the networks, or shuffling the dyads, changes no bit).
/// Strata equal row for row are interchangeable.
fn content_strata<C: AsRef<[f64]> + Sync>(
    y: &[bool],
    x: &[C],
    strata: &[u32],
) -> Vec<(u32, Vec<usize>)> {
    let row = |i: usize, j: usize| {
        y[i].cmp(&y[j]).then_with(|| {
            x.iter()
                .map(|col| col.as_ref()[i].total_cmp(&col.as_ref()[j]))
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        })
    };
    content_groups(y.len(), |i| strata[i], row)
}

/// Builds a stratum: covariates centered on the stratum mean (the conditional likelihood is
/// invariant to it) and, when ties are the majority, negated with the untied dyads as cases
/// (the likelihood of the complement), so the recursion runs to min(m, n − m).
fn stratum<C: AsRef<[f64]>>(y: &[bool], x: &[C], rows: &[usize], cluster: u32) -> Stratum {
    let m = rows.iter().filter(|&&i| y[i]).count();
    let flip = 2 * m > rows.len();
    let means: Vec<f64> = x
        .iter()
        .map(|col| rows.iter().map(|&i| col.as_ref()[i]).sum::<f64>() / rows.len() as f64)
        .collect();
    let sign = if flip { -1.0 } else { 1.0 };
    let z = rows
        .iter()
        .flat_map(|&i| {
            x.iter()
                .zip(&means)
                .map(move |(col, mu)| sign * (col.as_ref()[i] - mu))
        })
        .collect();
    let cases = rows
        .iter()
        .enumerate()
        .filter(|(_, &i)| y[i] != flip)
        .map(|(j, _)| j)
        .collect();
    Stratum { z, cases, cluster }
}

/// Standard deviation of covariate `k` within strata (pooled), for the separation check.
fn spread(strata: &[Stratum], k: usize, p: usize) -> f64 {
    let (mut ss, mut n) = (0.0, 0usize);
    for s in strata {
        ss += s.z.chunks_exact(p).map(|r| r[k] * r[k]).sum::<f64>();
        n += s.z.len() / p;
    }
    (ss / n.max(1) as f64).sqrt()
}

fn sum_evals(parts: &[Eval], p: usize) -> Eval {
    let mut t = Eval {
        loglik: 0.0,
        score: vec![0.0; p],
        info: vec![vec![0.0; p]; p],
    };
    for e in parts {
        t.loglik += e.loglik;
        for a in 0..p {
            t.score[a] += e.score[a];
            for b in 0..p {
                t.info[a][b] += e.info[a][b];
            }
        }
    }
    t
}

/// What Newton–Raphson returns: β, iterations, log-likelihood at 0, and the evaluation of every
/// stratum at β with their sum.
type NewtonFit = (Vec<f64>, usize, f64, Vec<Eval>, Eval);

/// Newton–Raphson with step halving from β = 0.
fn newton(strata: &[Stratum], p: usize, scale: &[f64]) -> Result<NewtonFit, ClogitStatus> {
    // Strata are evaluated in parallel, collected in stratum order and summed sequentially, so
    // the result does not depend on the number of threads. One stratum per task: their costs
    // (n·min(m, n − m)·p) vary by three orders of magnitude and are not spread evenly along the
    // order, and rayon's default splitting of a slice into a few chunks per thread left one
    // thread with most of the work (1.2 cores used of 2 on the 2,000-PTCE study).
    let eval_all = |b: &[f64]| {
        let parts: Vec<Eval> = strata
            .par_iter()
            .with_max_len(1)
            .map(|s| evaluate(s, b))
            .collect();
        let total = sum_evals(&parts, p);
        (parts, total)
    };
    let mut beta = vec![0.0; p];
    // At β = 0 in closed form (`esf::evaluate_at_zero`, O(n p²) a stratum).
    let mut parts: Vec<Eval> = strata
        .par_iter()
        .map(|s| super::esf::evaluate_at_zero(&s.z, &s.cases, p))
        .collect();
    let mut cur = sum_evals(&parts, p);
    let ll0 = cur.loglik;
    // A step `t · step` that ends at `b` is below the tolerance in every term.
    let small = |t: f64, step: &[f64], b: &[f64]| {
        step.iter()
            .zip(b)
            .all(|(s, b)| (t * s).abs() <= TOL * b.abs().max(1.0))
    };
    for iter in 0..MAX_ITER {
        let step = match solve(&cur.info, &cur.score) {
            Some(s) => s,
            None => return Err(singular_or_separated(&cur.info, &beta, scale)),
        };
        // Converged when the step computed from β is below the tolerance: the estimate is
        // β + step, as when the step is taken and evaluated, but the log-likelihood, score and
        // information are those at β, at most `TOL` away, not evaluated again (one exact
        // evaluation fewer per fit; they move by O(step), in the last bits, `docs/statistics.md`).
        let mut next_beta: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + s).collect();
        if small(1.0, &step, &next_beta) {
            return Ok((next_beta, iter + 1, ll0, parts, cur));
        }
        let mut t = 1.0;
        let (mut next_parts, mut next) = eval_all(&next_beta);
        while (next.loglik.is_nan() || next.loglik < cur.loglik - 1e-12 * cur.loglik.abs().max(1.0))
            && t > 1e-6
        {
            t /= 2.0;
            next_beta = beta.iter().zip(&step).map(|(b, s)| b + t * s).collect();
            (next_parts, next) = eval_all(&next_beta);
        }
        let done = small(t, &step, &next_beta);
        beta = next_beta;
        cur = next;
        parts = next_parts;
        if let Some(k) = (0..p).find(|&k| (beta[k] * scale[k]).abs() > SEPARATION_BOUND) {
            return Err(ClogitStatus::Separation { term: k });
        }
        if done {
            return Ok((beta, iter + 1, ll0, parts, cur));
        }
    }
    Err(ClogitStatus::NotConverged(MAX_ITER))
}

/// Singular information: separation if a coefficient is already large, else collinearity.
fn singular_or_separated(info: &[Vec<f64>], beta: &[f64], scale: &[f64]) -> ClogitStatus {
    let p = beta.len();
    if let Some(k) = (0..p).find(|&k| (beta[k] * scale[k]).abs() > SEPARATION_BOUND / 3.0) {
        return ClogitStatus::Separation { term: k };
    }
    let term = (0..p).find(|&k| info[k][k] <= 0.0).unwrap_or(p - 1);
    ClogitStatus::Singular { term }
}

/// Exact conditional log-likelihood, score and information of one stratum at `beta`
/// ([`super::esf::evaluate`]).
fn evaluate(s: &Stratum, beta: &[f64]) -> Eval {
    super::esf::evaluate(&s.z, &s.cases, beta)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// log e_m(exp(eta)) by the recursion in log space (slow, independent of the scaling).
    fn log_esf(eta: &[f64], m: usize) -> f64 {
        let mut l = vec![f64::NEG_INFINITY; m + 1];
        l[0] = 0.0;
        for &e in eta {
            for k in (1..=m).rev() {
                let (a, b) = (l[k], l[k - 1] + e);
                let hi = a.max(b);
                if hi > f64::NEG_INFINITY {
                    l[k] = hi + ((a - hi).exp() + (b - hi).exp()).ln();
                }
            }
        }
        l[m]
    }

    /// Deterministic pseudo-random numbers in [0, 1) for the tests.
    fn lcg(state: &mut u64) -> f64 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*state >> 11) as f64 / (1u64 << 53) as f64
    }

    #[test]
    fn scaled_recursion_is_stable_on_large_strata() {
        // 800 dyads, 80 ties (and 700 ties: the complement path), linear predictors over ~60 units.
        let mut st = 5u64;
        for m in [80usize, 700] {
            let n = 800;
            let x: Vec<f64> = (0..n).map(|_| 20.0 * lcg(&mut st) - 10.0).collect();
            let y: Vec<bool> = (0..n).map(|i| i < m).collect();
            let s = stratum(&y, std::slice::from_ref(&x), &(0..n).collect::<Vec<_>>(), 0);
            for beta in [0.0, 0.5, -3.0] {
                let e = evaluate(&s, &[beta]);
                let eta: Vec<f64> = x.iter().map(|v| beta * v).collect();
                let want = eta[..m].iter().sum::<f64>() - log_esf(&eta, m);
                assert!(e.loglik.is_finite() && e.info[0][0].is_finite());
                assert!(
                    (e.loglik - want).abs() <= 1e-9 * want.abs().max(1.0),
                    "{m} {beta}: {} vs {want}",
                    e.loglik
                );
                // Score = numerical derivative of the log-likelihood.
                let h = 1e-6;
                let up = evaluate(&s, &[beta + h]).loglik;
                let down = evaluate(&s, &[beta - h]).loglik;
                let num = (up - down) / (2.0 * h);
                assert!(
                    (e.score[0] - num).abs() <= 1e-4 * num.abs().max(1.0),
                    "{m} {beta}: {} vs {num}",
                    e.score[0]
                );
            }
        }
    }

    #[test]
    fn identical_for_one_and_several_threads() {
        let mut st = 11u64;
        let n = 600;
        let x: Vec<Vec<f64>> = (0..2)
            .map(|_| (0..n).map(|_| lcg(&mut st)).collect())
            .collect();
        let y: Vec<bool> = (0..n).map(|i| lcg(&mut st) < 0.2 + 0.5 * x[0][i]).collect();
        let strata: Vec<u32> = (0..n as u32).map(|i| i / 40).collect();
        let cluster: Vec<u32> = strata.iter().map(|s| s / 3).collect();
        let run = |threads: usize| {
            crate::test_support::with_threads(threads, || {
                conditional_logit(&y, &x, &strata, Some(&cluster)).unwrap()
            })
        };
        assert_eq!(run(1), run(3));
    }

    #[test]
    fn statuses_for_degenerate_data() {
        let y = [true, false, false, true, false, false, false, false];
        let strata = [1, 1, 1, 2, 2, 2, 3, 3];
        // x separates tied from untied dyads within every stratum.
        let sep = vec![vec![1.0, 0.0, 0.2, 2.0, 1.0, 0.5, 0.0, 1.0]];
        assert!(matches!(
            conditional_logit(&y, &sep, &strata, None),
            Err(ClogitStatus::Separation { term: 0 })
        ));
        // A covariate constant within strata is not identified.
        let flat = vec![
            vec![0.3, 0.1, 0.2, 1.0, 2.0, 0.5, 0.0, 1.0],
            vec![1.0, 1.0, 1.0, 2.0, 2.0, 2.0, 5.0, 5.0],
        ];
        assert!(matches!(
            conditional_logit(&y, &flat, &strata, None),
            Err(ClogitStatus::Singular { .. })
        ));
        let fit = conditional_logit(&y, &flat[..1], &strata, None).unwrap();
        assert_eq!(
            (fit.n_strata, fit.n_strata_dropped, fit.n_obs_dropped),
            (2, 1, 2)
        );
        assert!(matches!(
            conditional_logit(&y, &flat[..1], &strata, Some(&[1, 2, 1, 1, 1, 1, 1, 1])),
            Err(ClogitStatus::StratumAcrossClusters { stratum: 1 })
        ));
        assert!(matches!(
            conditional_logit(&[false; 3], &[vec![1.0, 2.0, 3.0]], &[1, 1, 1], None),
            Err(ClogitStatus::NoInformativeStratum { dropped: 1 })
        ));
    }
}
