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
    /// Covariates centered on their means (the pseudo-likelihood, its derivatives and the
    /// variance do not change; the sums of [`risk_sums`] keep their digits).
    x: Vec<Vec<f64>>,
    p: usize,
    g: Vec<usize>,
    ncg: usize,
    /// `wt[k][i]`: Kaplan–Meier of censoring in group `k` just before `t[i]`.
    wt: Vec<Vec<f64>>,
    /// First row of each time block (rows with equal times), in time order.
    start: Vec<usize>,
}

/// Kaplan–Meier of censoring of one group, evaluated as `crr` does: the step function with
/// knots `(min(0, t₁) − 10ε, t₁..t_m, t_m(1 + 10ε))` and values `(1, S(t₁)..S(t_m), 0)`, read
/// at `t(1 − 100ε)` for every row.
fn censoring_km(t: &[f64], cens: &[bool], rows: &[usize]) -> Vec<f64> {
    let eps = f64::EPSILON;
    let mut all: Vec<f64> = rows.iter().map(|&i| t[i]).collect();
    all.sort_by(f64::total_cmp);
    let mut censored: Vec<f64> = rows.iter().filter(|&&i| cens[i]).map(|&i| t[i]).collect();
    censored.sort_by(f64::total_cmp);
    let mut times = all.clone();
    times.dedup();
    let mut surv = Vec::with_capacity(times.len());
    let mut s = 1.0;
    // Rows at risk (t ≥ u) and censored at u, counted in the sorted times.
    for &u in &times {
        let n = (all.len() - all.partition_point(|&v| v < u)) as f64;
        let d =
            (censored.partition_point(|&v| v <= u) - censored.partition_point(|&v| v < u)) as f64;
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

/// The relative risk exp(x′b) of every row.
fn risk_scores(c: &CrrData, b: &[f64]) -> Vec<f64> {
    c.x.iter()
        .map(|r| r.iter().zip(b).map(|(a, v)| a * v).sum::<f64>().exp())
        .collect()
}

/// Weighted sums over the risk set of each time block: `s0[k]`, `s1[k p + a]` and
/// `s2[(k p + a) p + b]` are Σ_j w_j r_j (1, x_ja, x_ja x_jb) over the rows j at risk at the
/// time of block k, with weight w_j = 1 when t_j ≥ t_k and `Ĝ_g(t_k−)/Ĝ_g(t_j−)` for a competing
/// event of censoring group g before t_k (an earlier censoring is out).
struct RiskSums {
    s0: Vec<f64>,
    s1: Vec<f64>,
    s2: Vec<f64>,
}

/// [`RiskSums`] for the relative risks `r`, in O(n p²): the rows from t_k on by a backward
/// cumulative sum; the earlier competing events by a forward cumulative sum per censoring group
/// of r_j / Ĝ_g(t_j−), multiplied by Ĝ_g(t_k−) (the ratio's numerator depends on k only).
fn risk_sums(c: &CrrData, r: &[f64]) -> RiskSums {
    let (n, p, nb) = (c.t.len(), c.p, c.start.len());
    let (q, qq) = (p, p * p);
    let mut out = RiskSums {
        s0: vec![0.0; nb],
        s1: vec![0.0; nb * q],
        s2: vec![0.0; nb * qq],
    };
    // Adds weight w times row j's (1, x, x xᵀ) to the sums (t0, t1, t2).
    let add = |t0: &mut f64, t1: &mut [f64], t2: &mut [f64], j: usize, w: f64| {
        *t0 += w;
        let x = &c.x[j];
        for a in 0..p {
            let wa = w * x[a];
            t1[a] += wa;
            for b in 0..p {
                t2[a * p + b] += wa * x[b];
            }
        }
    };
    let (mut t0, mut t1, mut t2) = (0.0, vec![0.0; q], vec![0.0; qq]);
    let mut j = n;
    for k in (0..nb).rev() {
        while j > c.start[k] {
            j -= 1;
            add(&mut t0, &mut t1, &mut t2, j, r[j]);
        }
        out.s0[k] = t0;
        out.s1[k * q..(k + 1) * q].copy_from_slice(&t1);
        out.s2[k * qq..(k + 1) * qq].copy_from_slice(&t2);
    }
    let mut pre0 = vec![0.0; c.ncg];
    let mut pre1 = vec![0.0; c.ncg * q];
    let mut pre2 = vec![0.0; c.ncg * qq];
    for k in 0..nb {
        let i = c.start[k];
        for g in 0..c.ncg {
            if pre0[g] == 0.0 {
                continue;
            }
            let w = c.wt[g][i];
            out.s0[k] += w * pre0[g];
            for a in 0..q {
                out.s1[k * q + a] += w * pre1[g * q + a];
            }
            for a in 0..qq {
                out.s2[k * qq + a] += w * pre2[g * qq + a];
            }
        }
        let end = c.start.get(k + 1).copied().unwrap_or(n);
        for j in i..end {
            if c.ici[j] > 1 {
                let g = c.g[j];
                let (p1, p2) = (
                    &mut pre1[g * q..(g + 1) * q],
                    &mut pre2[g * qq..(g + 1) * qq],
                );
                add(&mut pre0[g], p1, p2, j, r[j] / c.wt[g][j]);
            }
        }
    }
    out
}

/// Minus the log pseudo-likelihood, its gradient and Hessian (`crrfsv`), in O(n p²).
fn crr_derivatives(c: &CrrData, b: &[f64]) -> (f64, Vec<f64>, Vec<Vec<f64>>) {
    let n = c.t.len();
    let p = b.len();
    let ex = risk_scores(c, b);
    let rs = risk_sums(c, &ex);
    let (mut f, mut s, mut h) = (0.0, vec![0.0; p], vec![vec![0.0; p]; p]);
    for (k, &i) in c.start.iter().enumerate() {
        let end = c.start.get(k + 1).copied().unwrap_or(n);
        let mut nd = 0.0;
        for j in i..end {
            if c.ici[j] == 1 {
                nd += 1.0;
                f -= c.x[j].iter().zip(b).map(|(a, v)| a * v).sum::<f64>();
                for a in 0..p {
                    s[a] -= c.x[j][a];
                }
            }
        }
        if nd == 0.0 {
            continue;
        }
        let s0 = rs.s0[k];
        let s1 = &rs.s1[k * p..(k + 1) * p];
        let s2 = &rs.s2[k * p * p..(k + 1) * p * p];
        f += nd * s0.ln();
        for a in 0..p {
            s[a] += nd * s1[a] / s0;
            for bb in 0..p {
                h[a][bb] += nd * (s2[a * p + bb] / s0 - s1[a] * s1[bb] / (s0 * s0));
            }
        }
    }
    (f, s, h)
}

/// Sandwich pieces of `crrvv`: the information `v` and the middle matrix `v2`, in O(n p² + n
/// p · groups): every sum over event or competing rows that `crrvv` makes for each row is a
/// cumulative sum over time blocks (the weights Ĝ_g(t_j−)/Ĝ_g(t_i−) factor into a part of j and
/// a part of i).
fn crr_variance(c: &CrrData, b: &[f64]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let n = c.t.len();
    let p = b.len();
    let (nb, ncg) = (c.start.len(), c.ncg);
    let ex = risk_scores(c, b);
    let rs = risk_sums(c, &ex);
    let end = |k: usize| c.start.get(k + 1).copied().unwrap_or(n);
    let events = |k: usize| (c.start[k]..end(k)).filter(|&j| c.ici[j] == 1).count() as f64;
    // x̄ and 1/S0 of each block's risk set.
    let inv0: Vec<f64> = rs.s0.iter().map(|s| 1.0 / s).collect();
    let xbar = |k: usize, a: usize| rs.s1[k * p + a] / rs.s0[k];
    // Through block k: A = Σ 1/S0_j and B = Σ x̄_j/S0_j over the events j with t_j ≤ t_k.
    let (mut a_cum, mut b_cum) = (vec![0.0; nb], vec![0.0; nb * p]);
    // After block k: C_g = Σ Ĝ_g(t_j−)/S0_j and D_g = Σ Ĝ_g(t_j−) x̄_j/S0_j over the events j
    // with t_j > t_k; U_g, V_g the same over the events of group g from block k on.
    let (mut c_suf, mut d_suf) = (vec![0.0; nb * ncg], vec![0.0; nb * ncg * p]);
    let (mut u_suf, mut v_suf) = (vec![0.0; nb * ncg], vec![0.0; nb * ncg * p]);
    let (mut acc_a, mut acc_b) = (0.0, vec![0.0; p]);
    for k in 0..nb {
        let e = events(k);
        acc_a += e * inv0[k];
        for a in 0..p {
            acc_b[a] += e * xbar(k, a) * inv0[k];
        }
        a_cum[k] = acc_a;
        b_cum[k * p..(k + 1) * p].copy_from_slice(&acc_b);
    }
    let (mut acc_c, mut acc_d) = (vec![0.0; ncg], vec![0.0; ncg * p]);
    let (mut acc_u, mut acc_v) = (vec![0.0; ncg], vec![0.0; ncg * p]);
    for k in (0..nb).rev() {
        c_suf[k * ncg..(k + 1) * ncg].copy_from_slice(&acc_c);
        d_suf[k * ncg * p..(k + 1) * ncg * p].copy_from_slice(&acc_d);
        for j in c.start[k]..end(k) {
            if c.ici[j] != 1 {
                continue;
            }
            let g = c.g[j];
            let w = c.wt[g][j] * inv0[k];
            acc_u[g] += w;
            for a in 0..p {
                acc_v[g * p + a] += w * xbar(k, a);
            }
        }
        u_suf[k * ncg..(k + 1) * ncg].copy_from_slice(&acc_u);
        v_suf[k * ncg * p..(k + 1) * ncg * p].copy_from_slice(&acc_v);
        let e = events(k);
        if e > 0.0 {
            for g in 0..ncg {
                let w = e * c.wt[g][c.start[k]] * inv0[k];
                acc_c[g] += w;
                for a in 0..p {
                    acc_d[g * p + a] += w * xbar(k, a);
                }
            }
        }
    }
    let mut icrsk = vec![0usize; ncg];
    for &g in &c.g {
        icrsk[g] += 1;
    }
    let mut v = vec![vec![0.0; p]; p];
    let mut v2 = vec![vec![0.0; p]; p];
    let mut ss2 = vec![vec![0.0; ncg]; p];
    let mut qu = vec![vec![0.0; ncg]; p];
    // P_g, Q_g: Σ r_j/Ĝ_g(t_j−) (× x_j) over the competing events of group g before the block.
    let (mut pp, mut qq) = (vec![0.0; ncg], vec![0.0; ncg * p]);
    let mut st1 = vec![0.0; p];
    for k in 0..nb {
        let (i0, i1) = (c.start[k], end(k));
        // q(u) is computed when this time block holds a censoring (or ends the data).
        if k + 1 == nb || (i0..i1).any(|j| c.ici[j] == 0) {
            for g in 0..ncg {
                for a in 0..p {
                    qu[a][g] =
                        qq[g * p + a] * u_suf[k * ncg + g] - pp[g] * v_suf[(k * ncg + g) * p + a];
                }
            }
            for j in i0..i1 {
                if c.ici[j] == 0 {
                    let g = c.g[j];
                    let r = icrsk[g] as f64;
                    for a in 0..p {
                        ss2[a][g] -= qu[a][g] / (r * r);
                    }
                }
            }
        }
        for i in i0..i1 {
            let (x, gi) = (&c.x[i], c.g[i]);
            for a in 0..p {
                st1[a] = -ex[i] * (x[a] * a_cum[k] - b_cum[k * p + a]);
            }
            if c.ici[i] > 1 {
                let f = ex[i] / c.wt[gi][i];
                let (cg, dg) = (c_suf[k * ncg + gi], &d_suf[(k * ncg + gi) * p..]);
                for a in 0..p {
                    st1[a] -= f * (x[a] * cg - dg[a]);
                }
            }
            if c.ici[i] == 1 {
                let s0 = rs.s0[k];
                let s1 = &rs.s1[k * p..(k + 1) * p];
                let s2 = &rs.s2[k * p * p..(k + 1) * p * p];
                for a in 0..p {
                    st1[a] += x[a] - s1[a] / s0;
                    for a2 in 0..p {
                        v[a][a2] += (s2[a * p + a2] - s1[a] * s1[a2] / s0) / s0;
                    }
                }
            }
            for a in 0..p {
                let mut st2 = ss2[a][gi];
                if c.ici[i] == 0 {
                    st2 += qu[a][gi] / icrsk[gi] as f64;
                }
                st1[a] += st2;
            }
            for a in 0..p {
                for a2 in 0..p {
                    v2[a][a2] += st1[a] * st1[a2];
                }
            }
        }
        for j in i0..i1 {
            icrsk[c.g[j]] -= 1;
            if c.ici[j] > 1 {
                let g = c.g[j];
                let r = ex[j] / c.wt[g][j];
                pp[g] += r;
                for a in 0..p {
                    qq[g * p + a] += r * c.x[j][a];
                }
            }
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
/// O(n p²) per iteration and for the variance (n p · censoring groups), after an O(n log n)
/// sort: the risk sets' sums are cumulative sums over time blocks (`crr` itself makes them row
/// by row, O(n² p²), and its variance is O(n³ p) in the worst case).
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
    let mut xs: Vec<Vec<f64>> = ord.iter().map(|&i| x[i].clone()).collect();
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
    for a in 0..p {
        let mean = xs.iter().map(|r| r[a]).sum::<f64>() / n as f64;
        xs.iter_mut().for_each(|r| r[a] -= mean);
    }
    let start: Vec<usize> = (0..n).filter(|&i| i == 0 || t[i] != t[i - 1]).collect();
    let c = CrrData {
        t,
        ici,
        x: xs,
        p,
        g,
        ncg: labels.len(),
        wt,
        start,
    };
    let mut b = vec![0.0; p];
    let mut iterations = 0;
    let mut converged = false;
    // Minus the log pseudo-likelihood and its derivatives at `b`: at 0 first (the null
    // log-likelihood), then those of each accepted step, evaluated once by the line search.
    let mut cur = crr_derivatives(&c, &b);
    let loglik_null = -cur.0;
    for ll in 0..=MAXITER {
        let (f, s, h) = (cur.0, &cur.1, &cur.2);
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
        let fac = ldl(h, TOLER_CHOL).ok_or(CoxStatus::RankDeficient)?;
        let mut sc: Vec<f64> = ldl_solve(&fac, s).iter().map(|v| -v).collect();
        let slope: f64 = sc.iter().zip(s).map(|(a, bb)| a * bb).sum();
        let mut steps = 0;
        loop {
            let bn: Vec<f64> = b.iter().zip(&sc).map(|(a, d)| a + d).collect();
            let next = crr_derivatives(&c, &bn);
            let scale = 0.5f64.powi(steps);
            // crr's Armijo condition, with room for rounding of f: near the optimum the
            // decrease is below the last bits of f and crr's own search stalls.
            if next.0.is_finite()
                && next.0 <= f + 1e-4 * slope * scale + 8.0 * f64::EPSILON * f.abs()
            {
                b = bn;
                cur = next;
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
    let loglik = -cur.0;
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
#[path = "finegray_tests.rs"]
mod tests;
