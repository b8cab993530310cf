//! Fine–Gray regression of the subdistribution hazard of cause 1 with cause 2 competing: the
//! estimator and sandwich variance of R `cmprsk::crr` (Fortran `crrfsv`, `crrvv`), and, for
//! delayed entry, the data expansion of `survival::finegray` fitted by the weighted Cox code.

// Matrix and risk-set code indexes several arrays by the same subscript, as the C and
// Fortran routines it follows; iterator chains would hide that correspondence.
#![allow(clippy::needless_range_loop)]

use super::linalg::{inverse, ldl, ldl_solve, TOLER_CHOL};
use super::{hazard_ratios, CoxStatus, HazardRatio};
use crate::stats::order::{cmp_values, content_order};

/// Convergence tolerance on the scaled gradient (`crr(gtol = )`); see [`fine_gray`].
const GTOL: f64 = 1e-10;
/// Maximum number of Newton iterations (`crr(maxiter = 100)`).
const MAXITER: usize = 100;

/// A fitted Fine–Gray model (as `cmprsk::crr`).
#[derive(Debug, Clone, PartialEq)]
pub struct FgFit {
    /// Covariate names.
    pub names: Vec<String>,
    /// Log subdistribution hazard ratios.
    pub beta: Vec<f64>,
    /// Sandwich variance of Fine & Gray (1999), `crr`'s `fit$var`.
    pub var: Vec<Vec<f64>>,
    /// Log pseudo-likelihood at `beta` (`fit$loglik`).
    pub loglik: f64,
    /// Log pseudo-likelihood at 0 (`fit$loglik.null`).
    pub loglik_null: f64,
    /// Newton iterations used.
    pub iterations: usize,
    /// Rows, events of cause 1, competing events.
    pub n: usize,
    /// Events of cause 1.
    pub n_events: usize,
    /// Competing events.
    pub n_competing: usize,
}

impl FgFit {
    /// Subdistribution hazard ratios with 95 % Wald intervals from `crr`'s variance.
    ///
    /// # Returns
    /// One [`HazardRatio`] per covariate.
    pub fn hazard_ratios(&self) -> Vec<HazardRatio> {
        hazard_ratios(&self.names, &self.beta, &self.var)
    }
}

/// Data sorted by time, with `crr`'s censoring weights.
struct CrrData {
    t: Vec<f64>,
    ici: Vec<u8>,
    x: Vec<Vec<f64>>,
    g: Vec<usize>,
    ncg: usize,
    /// `wt[k][i]`: Kaplan–Meier of censoring in group `k` just before `t[i]`.
    wt: Vec<Vec<f64>>,
}

/// Kaplan–Meier of censoring of one group, evaluated as `crr` does: the step function with
/// knots `(min(0, t₁) − 10ε, t₁..t_m, t_m(1 + 10ε))` and values `(1, S(t₁)..S(t_m), 0)`, read
/// at `t(1 − 100ε)` for every row.
fn censoring_km(t: &[f64], cens: &[bool], rows: &[usize]) -> Vec<f64> {
    let eps = f64::EPSILON;
    let mut times: Vec<f64> = rows.iter().map(|&i| t[i]).collect();
    times.sort_by(f64::total_cmp);
    times.dedup();
    let mut surv = Vec::with_capacity(times.len());
    let mut s = 1.0;
    for &u in &times {
        let n = rows.iter().filter(|&&i| t[i] >= u).count() as f64;
        let d = rows.iter().filter(|&&i| cens[i] && t[i] == u).count() as f64;
        s *= 1.0 - d / n;
        surv.push(s);
    }
    let (Some(&first), Some(&last)) = (times.first(), times.last()) else {
        return vec![1.0; t.len()];
    };
    let lo = first.min(0.0) - 10.0 * eps;
    let hi = last * (1.0 + 10.0 * eps);
    t.iter()
        .map(|&ti| {
            let x = ti * (1.0 - 100.0 * eps);
            if x >= hi {
                0.0
            } else if x < lo {
                1.0
            } else {
                let k = times.partition_point(|&u| u <= x);
                if k == 0 {
                    1.0
                } else {
                    surv[k - 1]
                }
            }
        })
        .collect()
}

/// Risk-set weight of row `j` at the failure of row `i`: 1 while `t_j ≥ t_i`, the censoring
/// ratio `Ĝ(t_i−)/Ĝ(t_j−)` for an earlier competing event, 0 for an earlier censoring.
fn risk_weight(c: &CrrData, j: usize, i: usize) -> Option<f64> {
    if c.t[j] < c.t[i] {
        if c.ici[j] <= 1 {
            None
        } else {
            Some(c.wt[c.g[j]][i] / c.wt[c.g[j]][j])
        }
    } else {
        Some(1.0)
    }
}

/// The relative risk exp(x′b) of every row.
fn risk_scores(c: &CrrData, b: &[f64]) -> Vec<f64> {
    c.x.iter()
        .map(|r| r.iter().zip(b).map(|(a, v)| a * v).sum::<f64>().exp())
        .collect()
}

/// Minus the log pseudo-likelihood, its gradient and Hessian (`crrfsv`).
fn crr_derivatives(c: &CrrData, b: &[f64]) -> (f64, Vec<f64>, Vec<Vec<f64>>) {
    let n = c.t.len();
    let p = b.len();
    let ex = risk_scores(c, b);
    let (mut f, mut s, mut h) = (0.0, vec![0.0; p], vec![vec![0.0; p]; p]);
    let mut i = 0;
    while i < n {
        if c.ici[i] != 1 {
            i += 1;
            continue;
        }
        let t = c.t[i];
        let mut nd = 0.0;
        let mut k = i;
        while k < n && c.t[k] == t {
            if c.ici[k] == 1 {
                nd += 1.0;
                f -= c.x[k].iter().zip(b).map(|(a, v)| a * v).sum::<f64>();
                for a in 0..p {
                    s[a] -= c.x[k][a];
                }
            }
            k += 1;
        }
        let (mut s0, mut s1, mut s2) = (0.0, vec![0.0; p], vec![vec![0.0; p]; p]);
        for j in 0..n {
            let Some(w) = risk_weight(c, j, i) else {
                continue;
            };
            let r = w * ex[j];
            s0 += r;
            for a in 0..p {
                s1[a] += r * c.x[j][a];
                for bb in 0..p {
                    s2[a][bb] += r * c.x[j][a] * c.x[j][bb];
                }
            }
        }
        f += nd * s0.ln();
        for a in 0..p {
            s[a] += nd * s1[a] / s0;
            for bb in 0..p {
                h[a][bb] += nd * (s2[a][bb] / s0 - s1[a] * s1[bb] / (s0 * s0));
            }
        }
        i = k;
    }
    (f, s, h)
}

/// Sandwich pieces of `crrvv`: the information `v` and the middle matrix `v2`.
fn crr_variance(c: &CrrData, b: &[f64]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let n = c.t.len();
    let p = b.len();
    let ex = risk_scores(c, b);
    let mut icrsk = vec![0usize; c.ncg];
    for &g in &c.g {
        icrsk[g] += 1;
    }
    // xb[i] = (S0, S1) of the risk set at the failure of row i.
    let mut xb = vec![vec![0.0; p + 1]; n];
    for i in 0..n {
        if c.ici[i] != 1 {
            continue;
        }
        for j in 0..n {
            let Some(w) = risk_weight(c, j, i) else {
                continue;
            };
            let twt = w * ex[j];
            xb[i][0] += twt;
            for k in 0..p {
                xb[i][k + 1] += twt * c.x[j][k];
            }
        }
    }
    let mut v = vec![vec![0.0; p]; p];
    let mut v2 = vec![vec![0.0; p]; p];
    let mut ss2 = vec![vec![0.0; c.ncg]; p];
    let mut qu = vec![vec![0.0; c.ncg]; p];
    let mut lc = 0;
    for i in 0..n {
        let mut st1 = vec![0.0; p];
        for j in 0..n {
            if c.ici[j] != 1 {
                continue;
            }
            let twt = if c.t[j] <= c.t[i] {
                ex[i]
            } else if c.ici[i] > 1 {
                ex[i] * c.wt[c.g[i]][j] / c.wt[c.g[i]][i]
            } else {
                continue;
            };
            for k in 0..p {
                st1[k] -= (c.x[i][k] - xb[j][k + 1] / xb[j][0]) * twt / xb[j][0];
            }
        }
        if c.ici[i] == 1 {
            for k in 0..p {
                st1[k] += c.x[i][k] - xb[i][k + 1] / xb[i][0];
            }
            let mut vt = vec![vec![0.0; p]; p];
            for j in 0..n {
                let Some(w) = risk_weight(c, j, i) else {
                    continue;
                };
                let twt = w * ex[j];
                let d: Vec<f64> = (0..p)
                    .map(|k| c.x[j][k] - xb[i][k + 1] / xb[i][0])
                    .collect();
                for k in 0..p {
                    for k2 in 0..p {
                        vt[k][k2] += twt * d[k] * d[k2];
                    }
                }
            }
            for k in 0..p {
                for k2 in 0..p {
                    v[k][k2] += vt[k][k2] / xb[i][0];
                }
            }
        }
        if i == 0 || c.t[i] > c.t[i - 1] {
            // q(u) is computed when this time block holds a censoring (or ends the data).
            let mut compute = true;
            for j in i..n {
                if c.t[j] > c.t[i] {
                    compute = false;
                    break;
                }
                if c.ici[j] == 0 {
                    break;
                }
            }
            if compute {
                for row in qu.iter_mut() {
                    row.iter_mut().for_each(|q| *q = 0.0);
                }
                for j1 in lc..n {
                    if c.ici[j1] != 1 {
                        continue;
                    }
                    let mut ss4 = vec![0.0; c.ncg];
                    let mut ss3 = vec![vec![0.0; c.ncg]; p];
                    for j2 in 0..n {
                        if c.t[j2] >= c.t[i] {
                            break;
                        }
                        if c.ici[j2] <= 1 {
                            continue;
                        }
                        let g2 = c.g[j2];
                        let twt = ex[j2] * c.wt[g2][j1] / c.wt[g2][j2];
                        ss4[g2] += twt;
                        for k in 0..p {
                            ss3[k][g2] += c.x[j2][k] * twt;
                        }
                    }
                    let g1 = c.g[j1];
                    for k in 0..p {
                        qu[k][g1] += (ss3[k][g1] - xb[j1][k + 1] * ss4[g1] / xb[j1][0]) / xb[j1][0];
                    }
                }
                for j in i..n {
                    if c.t[j] > c.t[i] {
                        break;
                    }
                    if c.ici[j] == 0 {
                        let g = c.g[j];
                        let r = icrsk[g] as f64;
                        for k in 0..p {
                            ss2[k][g] -= qu[k][g] / (r * r);
                        }
                    }
                }
            }
        }
        let gi = c.g[i];
        for k in 0..p {
            let mut st2 = ss2[k][gi];
            if c.ici[i] == 0 {
                st2 += qu[k][gi] / icrsk[gi] as f64;
            }
            st1[k] += st2;
        }
        for k in 0..p {
            for k2 in 0..p {
                v2[k][k2] += st1[k] * st1[k2];
            }
        }
        if i + 1 < n && c.t[i + 1] > c.t[i] {
            for j in lc..=i {
                icrsk[c.g[j]] -= 1;
            }
            lc = i + 1;
        }
    }
    (v, v2)
}

/// Fits the Fine–Gray model as `cmprsk::crr(ftime, fstatus, cov1, cengroup, failcode = 1,
/// cencode = 0)`.
///
/// Rows with the competing event stay in the risk set after their event with weight
/// `Ĝ(t−)/Ĝ(Tᵢ−)` (Kaplan–Meier of censoring, per censoring group); Breslow ties. Newton steps
/// with `crr`'s backtracking line search, from 0, until `max|∇|·max(|b|, 1) < max(|f|, 1)·1e-10`
/// (`crr(gtol = 1e-12)` can stall at rounding level; the estimates agree to far below 1e-6),
/// at most 100 iterations. Variance: Fine & Gray's sandwich with the censoring terms,
/// `H⁻¹ V₂ H⁻¹` as `crrvv`.
///
/// # Arguments
/// * `time` - event or censoring time (≥ 0) of each row.
/// * `cause` - 0 censored, 1 event of interest, 2 competing event.
/// * `x` - covariates (rows of `p` values); `names` - their names.
/// * `cengroup` - censoring groups (separate censoring distributions), or one pooled.
///
/// # Returns
/// The fit, or `InvalidData`, `NoEvents`, `FewerEventsThanParameters`, `RankDeficient`,
/// `NotConverged`.
///
/// # Complexity
/// O(n²p²) per iteration; the variance O(n³p) in the worst case (small event tables).
///
/// # References
/// Fine & Gray (1999), JASA 94:496–509; R package cmprsk (Gray), `crr`.
pub fn fine_gray(
    time: &[f64],
    cause: &[u8],
    x: &[Vec<f64>],
    names: &[String],
    cengroup: Option<&[u32]>,
) -> Result<FgFit, CoxStatus> {
    let n = time.len();
    let p = names.len();
    if cause.len() != n
        || x.len() != n
        || x.iter().any(|r| r.len() != p)
        || cengroup.is_some_and(|g| g.len() != n)
    {
        return Err(CoxStatus::InvalidData(
            "time, cause, x and cengroup differ in length".into(),
        ));
    }
    if p == 0
        || time.iter().any(|t| !t.is_finite() || *t < 0.0)
        || cause.iter().any(|c| *c > 2)
        || x.iter().flatten().any(|v| !v.is_finite())
    {
        return Err(CoxStatus::InvalidData(
            "times must be finite and ≥ 0, causes 0, 1 or 2, covariates finite".into(),
        ));
    }
    let n_events = cause.iter().filter(|c| **c == 1).count();
    if n_events == 0 {
        return Err(CoxStatus::NoEvents);
    }
    if n_events < p {
        return Err(CoxStatus::FewerEventsThanParameters);
    }
    // Rows by time, then by content (cause, covariates: `stats::order`), so that sums over tied
    // times run in an order fixed by the data, not by the input order; the censoring group's
    // label only separates rows equal in everything else.
    let group = |i: usize| cengroup.map_or(0, |g| g[i]);
    let ord = content_order(n, |a, b| {
        time[a]
            .total_cmp(&time[b])
            .then(cause[a].cmp(&cause[b]))
            .then_with(|| cmp_values(&x[a], &x[b]))
            .then(group(a).cmp(&group(b)))
    });
    let t: Vec<f64> = ord.iter().map(|&i| time[i]).collect();
    let ici: Vec<u8> = ord.iter().map(|&i| cause[i]).collect();
    let xs: Vec<Vec<f64>> = ord.iter().map(|&i| x[i].clone()).collect();
    let mut labels: Vec<u32> = cengroup.map_or(vec![0], |g| g.to_vec());
    labels.sort_unstable();
    labels.dedup();
    let g: Vec<usize> = ord
        .iter()
        .map(|&i| cengroup.map_or(0, |cg| labels.partition_point(|&l| l < cg[i])))
        .collect();
    let cens: Vec<bool> = ici.iter().map(|c| *c == 0).collect();
    let wt: Vec<Vec<f64>> = (0..labels.len())
        .map(|k| {
            let rows: Vec<usize> = (0..n).filter(|&i| g[i] == k).collect();
            censoring_km(&t, &cens, &rows)
        })
        .collect();
    let c = CrrData {
        t,
        ici,
        x: xs,
        g,
        ncg: labels.len(),
        wt,
    };
    let mut b = vec![0.0; p];
    let mut iterations = 0;
    let mut converged = false;
    for ll in 0..=MAXITER {
        let (f, s, h) = crr_derivatives(&c, &b);
        let gmax = s
            .iter()
            .zip(&b)
            .map(|(si, bi)| si.abs() * bi.abs().max(1.0))
            .fold(0.0, f64::max);
        if gmax < f.abs().max(1.0) * GTOL {
            converged = true;
            break;
        }
        if ll == MAXITER {
            break;
        }
        iterations = ll + 1;
        let fac = ldl(&h, TOLER_CHOL).ok_or(CoxStatus::RankDeficient)?;
        let mut sc: Vec<f64> = ldl_solve(&fac, &s).iter().map(|v| -v).collect();
        let slope: f64 = sc.iter().zip(&s).map(|(a, bb)| a * bb).sum();
        let mut steps = 0;
        loop {
            let bn: Vec<f64> = b.iter().zip(&sc).map(|(a, d)| a + d).collect();
            let fbn = crr_derivatives(&c, &bn).0;
            let scale = 0.5f64.powi(steps);
            // crr's Armijo condition, with room for rounding of f: near the optimum the
            // decrease is below the last bits of f and crr's own search stalls.
            if fbn.is_finite() && fbn <= f + 1e-4 * slope * scale + 8.0 * f64::EPSILON * f.abs() {
                b = bn;
                break;
            }
            steps += 1;
            if steps > 20 {
                return Err(CoxStatus::NotConverged);
            }
            sc.iter_mut().for_each(|v| *v *= 0.5);
        }
    }
    if !converged {
        return Err(CoxStatus::NotConverged);
    }
    let (h, v2) = crr_variance(&c, &b);
    let hi = inverse(&h, TOLER_CHOL).ok_or(CoxStatus::RankDeficient)?;
    // The p × p matrix whose (a, k) entry is Σ_m term(a, k, m), summed in m order.
    let product = |term: &dyn Fn(usize, usize, usize) -> f64| -> Vec<Vec<f64>> {
        (0..p)
            .map(|a| {
                (0..p)
                    .map(|k| (0..p).map(|m| term(a, k, m)).sum())
                    .collect()
            })
            .collect()
    };
    let mid = product(&|a, k, m| hi[a][m] * v2[m][k]);
    let var = product(&|a, k, m| mid[a][m] * hi[k][m]);
    let loglik = -crr_derivatives(&c, &b).0;
    let loglik_null = -crr_derivatives(&c, &vec![0.0; p]).0;
    Ok(FgFit {
        names: names.to_vec(),
        beta: b,
        var,
        loglik,
        loglik_null,
        iterations,
        n,
        n_events,
        n_competing: cause.iter().filter(|c| **c == 2).count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degenerate_inputs_are_statuses() {
        let names = vec!["a".to_string()];
        let x: Vec<Vec<f64>> = (0..5).map(|i| vec![i as f64]).collect();
        let time = [1.0, 2.0, 3.0, 4.0, 5.0];
        let none = fine_gray(&time, &[0, 2, 0, 2, 0], &x, &names, None);
        assert_eq!(none, Err(CoxStatus::NoEvents));
        let bad = fine_gray(&time, &[0, 3, 1, 2, 0], &x, &names, None);
        assert_eq!(bad.unwrap_err().code(), "invalid_data");
        let flat: Vec<Vec<f64>> = (0..5).map(|_| vec![1.0]).collect();
        let rank = fine_gray(&time, &[1, 2, 1, 0, 1], &flat, &names, None);
        assert_eq!(rank, Err(CoxStatus::RankDeficient));
    }

    #[test]
    fn censoring_weights_are_left_continuous() {
        // Censoring at 2 (one of four at risk): G(2−) = 1, G(3−) = 3/4.
        let t = [1.0, 2.0, 3.0, 4.0, 5.0];
        let cens = [false, true, false, false, true];
        let g = censoring_km(&t, &cens, &[0, 1, 2, 3, 4]);
        assert_eq!(g[..3], [1.0, 1.0, 0.75]);
    }
}
