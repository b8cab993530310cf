//! The exact conditional log-likelihood of one stratum, its score and its information, by a
//! forward–backward pass over the elementary symmetric functions of the odds (issue 25).
//!
//! For a stratum of n dyads with covariate rows z_j, odds w_j = exp(β·z_j) and M cases, the
//! conditional likelihood's denominator is e_M(w) = [t^M] ∏_j (1 + w_j t). Gail, Lubin &
//! Rubinstein's (1981) recursion carries e_k and its first and second derivatives in β through
//! the dyads: O(n M p²) operations for p covariates. Here only first derivatives are carried:
//! with E_j = e_{M−1} of the other dyads (= ∂e_M/∂w_j),
//!
//! * M e_M = Σ_j w_j E_j (e_M is homogeneous of degree M, Euler's identity),
//! * ∂e_M/∂β = Σ_j z_j w_j E_j,
//! * ∂²e_M/∂β∂βᵀ = Σ_j z_j (w_j z_j E_j + w_j ∂E_j/∂β)ᵀ,
//!
//! and E_j, ∂E_j/∂β are the order-(M − 1) coefficient of the product of the prefix polynomial
//! (dyads before j) and the suffix polynomial (dyads after j), each with its β-derivatives:
//! O(n M p) operations, p/4 to p/5 times fewer than the recursion with second derivatives (the
//! mixing specification of the tie models has p ≈ 20). The suffixes are kept at √n checkpoints
//! and recomputed block by block when the stratum is large (memory O(√n M p)).
//!
//! Scaling: the coefficient of order k of a product over `size` dyads is stored divided by
//! C(size, k) w̄ᵏ (w̄ the mean odds) and a per-table power of e, so that stored values stay near 1;
//! prefix and suffix then combine with the hypergeometric weights C(j, k) C(n − 1 − j, M − 1 − k)
//! / C(n − 1, M − 1), at most 1, carried from dyad to dyad at their mode. Every operation runs in
//! a fixed order: the result depends only on the rows and their order.

// Small dense matrices read best with explicit indices.
#![allow(clippy::needless_range_loop)]

/// Log-likelihood, score and information of one stratum (or their sums).
pub(super) struct Eval {
    pub loglik: f64,
    pub score: Vec<f64>,
    pub info: Vec<Vec<f64>>,
}

/// Memory (in f64 values) below which every suffix of a stratum is kept at once; above it, √n
/// checkpoints and one recomputation per block.
const FULL_SUFFIX_BUDGET: usize = 1 << 21;

thread_local! {
    /// Suffix tables kept between evaluations on this thread (at most about twice
    /// [`FULL_SUFFIX_BUDGET`] values): a stratum is evaluated at every Newton iteration, and
    /// allocating and freeing its tables each time made the allocator return and fault in the
    /// same pages again (the binary returns freed memory at once, `crate::memory`).
    static SUFFIXES: std::cell::RefCell<Vec<Poly>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Coefficients of orders 0..=K of a product ∏ (1 + w_l t) over `size` dyads: order k is
/// `c[k] · C(size, k) · w̄ᵏ · exp(log_scale)`, and `d[k p + a]` its derivative in β_a on the same
/// scale.
#[derive(Clone)]
struct Poly {
    size: usize,
    c: Vec<f64>,
    d: Vec<f64>,
    log_scale: f64,
}

impl Poly {
    /// The empty product (the polynomial 1).
    fn one(order: usize, p: usize) -> Poly {
        let mut c = vec![0.0; order + 1];
        c[0] = 1.0;
        Poly {
            size: 0,
            c,
            d: vec![0.0; (order + 1) * p],
            log_scale: 0.0,
        }
    }

    /// Becomes a copy of `other` (same order and p), without allocating.
    fn copy_from(&mut self, other: &Poly) {
        self.size = other.size;
        self.c.copy_from_slice(&other.c);
        self.d.copy_from_slice(&other.d);
        self.log_scale = other.log_scale;
    }

    /// Multiplies by (1 + w t), `rho` = w / w̄, `z` the dyad's row (∂w/∂β = w z): in scaled
    /// form c′[k] = ((s + 1 − k) c[k] + k ρ c[k − 1]) / (s + 1) for s = `size`.
    #[inline(always)]
    fn times(&mut self, rho: f64, z: &[f64]) {
        let p = z.len();
        let order = self.c.len() - 1;
        let s1 = (self.size + 1) as f64;
        // The largest coefficient, for the rescaling below, found as they are made: c[0] does not
        // change, the orders above size + 1 are 0 (the product has that degree).
        let mut big = f64::max(0.0, self.c[0]);
        for k in (1..=order.min(self.size + 1)).rev() {
            let a = (self.size + 1 - k) as f64 / s1;
            let b = k as f64 * rho / s1;
            let ck1 = self.c[k - 1];
            let (lo, hi) = self.d.split_at_mut(k * p);
            let (dk1, dk) = (&lo[(k - 1) * p..k * p], &mut hi[..p]);
            // Iterators, not indices: the same operations without a bounds check per term.
            for ((d, &d1), &zi) in dk.iter_mut().zip(dk1).zip(z) {
                *d = a * *d + b * (d1 + zi * ck1);
            }
            self.c[k] = a * self.c[k] + b * ck1;
            big = f64::max(big, self.c[k]);
        }
        self.size += 1;
        if big > 1e100 || (big > 0.0 && big < 1e-100) {
            let f = 1.0 / big;
            self.log_scale += big.ln();
            self.c.iter_mut().for_each(|v| *v *= f);
            self.d.iter_mut().for_each(|v| *v *= f);
        }
    }
}

/// The hypergeometric weights h_j(k) = C(j, k) C(n − 1 − j, K − k) / C(n − 1, K) of one dyad j,
/// from the value at the mode, which is carried from j to j + 1 by exact ratios (it is at least
/// about 1/(K + 1), so it never underflows; the tails may, where they weigh nothing).
struct Hyper {
    n: usize,
    order: usize,
    j: usize,
    k: usize,
    at_k: f64,
}

impl Hyper {
    fn new(n: usize, order: usize) -> Hyper {
        Hyper {
            n,
            order,
            j: 0,
            k: 0,
            at_k: 1.0,
        }
    }

    /// h_j(k + 1) / h_j(k).
    fn up(&self, j: usize, k: usize) -> f64 {
        let s = self.n - 1 - j;
        ((j - k) * (self.order - k)) as f64 / ((k + 1) * (s + k + 1 - self.order)) as f64
    }

    /// Moves from dyad j to j + 1 (j + 1 ≤ n − 1), the carried value to the mode of j + 1.
    fn advance(&mut self) {
        let j = self.j;
        let mode = (self.order + 1) * (j + 2) / (self.n + 1);
        while self.k < mode {
            self.at_k *= self.up(j, self.k);
            self.k += 1;
        }
        let s = self.n - 1 - j;
        self.at_k *= ((j + 1) * (s + self.k - self.order)) as f64 / ((j + 1 - self.k) * s) as f64;
        self.j += 1;
    }

    /// Writes h_j(k) for k in `lo..=hi` (the support) into `out[k]`; returns (lo, hi).
    fn fill(&self, out: &mut [f64]) -> (usize, usize) {
        let (j, order) = (self.j, self.order);
        let s = self.n - 1 - j;
        let (lo, hi) = (order.saturating_sub(s), j.min(order));
        out[self.k] = self.at_k;
        for k in self.k..hi {
            out[k + 1] = out[k] * self.up(j, k);
        }
        for k in (lo..self.k).rev() {
            out[k] = out[k + 1] / self.up(j, k);
        }
        (lo, hi)
    }
}

/// Exact conditional log-likelihood, score and information at `beta` of the stratum with
/// centered rows `z` (row-major, p = `beta.len()` values per row) and cases `cases` (row indices;
/// at most half of the rows).
///
/// # Complexity
/// O(n M p + n p²) operations and O(√n M p) memory (O(n M p) below [`FULL_SUFFIX_BUDGET`]).
pub(super) fn evaluate(z: &[f64], cases: &[usize], beta: &[f64]) -> Eval {
    evaluate_within(z, cases, beta, FULL_SUFFIX_BUDGET)
}

/// [`evaluate`] with every suffix kept when they hold at most `budget` values.
fn evaluate_within(z: &[f64], cases: &[usize], beta: &[f64], budget: usize) -> Eval {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2 (checked on the line above).
        return unsafe { evaluate_avx2(z, cases, beta, budget) };
    }
    evaluate_impl(z, cases, beta, budget)
}

/// [`evaluate_within`] compiled with AVX2: the same operations in the same order (Rust neither
/// contracts a product and a sum into one rounding nor reorders float operations), four terms
/// per instruction in the loops over the p covariates.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn evaluate_avx2(z: &[f64], cases: &[usize], beta: &[f64], budget: usize) -> Eval {
    evaluate_impl(z, cases, beta, budget)
}

/// The portable body of [`evaluate_within`].
#[inline(always)]
fn evaluate_impl(z: &[f64], cases: &[usize], beta: &[f64], budget: usize) -> Eval {
    let p = beta.len();
    let n = z.len() / p;
    let row = |j: usize| &z[j * p..(j + 1) * p];
    let m = cases.len();
    let order = m - 1;
    let eta: Vec<f64> = z
        .chunks_exact(p)
        .map(|r| r.iter().zip(beta).map(|(a, b)| a * b).sum())
        .collect();
    let top = eta.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let w: Vec<f64> = eta.iter().map(|e| (e - top).exp()).collect();
    let wbar = w.iter().sum::<f64>() / n as f64;
    let rho: Vec<f64> = w.iter().map(|v| v / wbar).collect();

    // Suffix checkpoints: block b covers dyads [b·B, min((b + 1)·B, n)); its checkpoint is the
    // product over the dyads after its last one.
    let width = (order + 1) * (p + 1);
    let block = if n * width <= budget {
        n
    } else {
        ((n as f64).sqrt().ceil() as usize).max(1)
    };
    let blocks = n.div_ceil(block);
    let mut checkpoints: Vec<Poly> = Vec::with_capacity(blocks);
    let mut g = Poly::one(order, p);
    for b in (0..blocks).rev() {
        let last = ((b + 1) * block).min(n) - 1;
        // g is the product over the dyads after `last`.
        checkpoints.push(g.clone());
        if b > 0 {
            for j in (b * block..=last).rev() {
                g.times(rho[j], row(j));
            }
        }
    }
    checkpoints.reverse();

    // Dyads whose row equals the previous dyad's have the same E_j (the same multiset of other
    // odds) and the same T_j and ratios: they are computed at the first dyad of each run of
    // equal rows and copied to the others (the rows of a stratum are in content order, so equal
    // rows are adjacent; binary covariates make long runs).
    let repeats = |j: usize| {
        j > 0
            && row(j)
                .iter()
                .zip(row(j - 1))
                .all(|(a, b)| a.to_bits() == b.to_bits())
    };
    let first_of_run: Vec<bool> = (0..n).map(|j| !repeats(j)).collect();

    // Per dyad: T_j = log(w_j E_j) up to a common constant, and ∂E_j/∂β / E_j.
    let mut t = vec![f64::NEG_INFINITY; n];
    let mut ratio = vec![0.0; n * p];
    let mut f = Poly::one(order, p);
    let mut hyper = Hyper::new(n, order);
    let mut h = vec![0.0; order + 1];
    // Suffixes of the block's first dyads of runs (the product over the dyads after each), last
    // one first, in tables kept by the thread.
    let mut suffixes = SUFFIXES.with(|t| std::mem::take(&mut *t.borrow_mut()));
    let mut running = Poly::one(order, p);
    for (b, checkpoint) in checkpoints.iter().enumerate() {
        let first = b * block;
        let last = ((b + 1) * block).min(n) - 1;
        let needed = first_of_run[first..=last].iter().filter(|&&x| x).count();
        while suffixes.len() < needed {
            suffixes.push(Poly::one(order, p));
        }
        for t in &mut suffixes[..needed] {
            t.c.resize(order + 1, 0.0);
            t.d.resize((order + 1) * p, 0.0);
        }
        running.copy_from(checkpoint);
        let mut kept = 0;
        for j in (first..=last).rev() {
            if first_of_run[j] {
                suffixes[kept].copy_from(&running);
                kept += 1;
            }
            if j > first {
                running.times(rho[j], row(j));
            }
        }
        for j in first..=last {
            if first_of_run[j] {
                kept -= 1;
                let g = &suffixes[kept];
                let (lo, hi) = hyper.fill(&mut h);
                let mut v = 0.0;
                let dv = &mut ratio[j * p..(j + 1) * p];
                for k in lo..=hi {
                    let (fc, gc) = (f.c[k] * h[k], g.c[order - k] * h[k]);
                    v += fc * g.c[order - k];
                    let (fd, gd) = (
                        &f.d[k * p..(k + 1) * p],
                        &g.d[(order - k) * p..(order - k + 1) * p],
                    );
                    for ((d, &fa), &ga) in dv.iter_mut().zip(fd).zip(gd) {
                        *d += fa * gc + fc * ga;
                    }
                }
                if v > 0.0 {
                    t[j] = f.log_scale + g.log_scale + (eta[j] - top) + v.ln();
                    dv.iter_mut().for_each(|x| *x /= v);
                } else {
                    dv.iter_mut().for_each(|x| *x = 0.0);
                }
            } else {
                t[j] = t[j - 1];
                ratio.copy_within((j - 1) * p..j * p, j * p);
            }
            if j + 1 < n {
                f.times(rho[j], row(j));
                hyper.advance();
            }
        }
    }

    SUFFIXES.with(|t| *t.borrow_mut() = suffixes);
    let t_max = t.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    let mut grad = vec![0.0; p];
    let mut hess = vec![vec![0.0; p]; p];
    for j in 0..n {
        let u = (t[j] - t_max).exp();
        if u == 0.0 {
            continue;
        }
        sum += u;
        let (zj, rj) = (row(j), &ratio[j * p..(j + 1) * p]);
        for ((g, row), &za) in grad.iter_mut().zip(hess.iter_mut()).zip(zj) {
            *g += u * za;
            let uz = u * za;
            for ((h, &zc), &rc) in row.iter_mut().zip(zj).zip(rj) {
                *h += uz * (zc + rc);
            }
        }
    }
    let mf = m as f64;
    let mean: Vec<f64> = grad.iter().map(|g| mf * g / sum).collect();
    let log_binom: f64 = (1..=order)
        .map(|i| ((n - 1 - order + i) as f64 / i as f64).ln())
        .sum();
    let log_em = mf * top + order as f64 * wbar.ln() + log_binom + t_max + (sum / mf).ln();
    let mut score = vec![0.0; p];
    let mut case_sum = 0.0;
    for &i in cases {
        case_sum += eta[i];
        for a in 0..p {
            score[a] += z[i * p + a];
        }
    }
    let mut info = vec![vec![0.0; p]; p];
    for a in 0..p {
        score[a] -= mean[a];
        for c in 0..p {
            let sym = 0.5 * (hess[a][c] + hess[c][a]);
            info[a][c] = mf * sym / sum - mean[a] * mean[c];
        }
    }
    Eval {
        loglik: case_sum - log_em,
        score,
        info,
    }
}

/// [`evaluate`] at β = 0, in closed form: every odds is 1, so the cases are a simple random
/// sample of M of the n rows, e_M = C(n, M), the score is Σ_cases z − M z̄ and the information is
/// the covariance of a sample sum without replacement, M (n − M) / (n (n − 1)) Σ_j (z_j − z̄)
/// (z_j − z̄)ᵀ (e.g. Cochran 1977, *Sampling Techniques*, theorem 2.2). Equal to the recursion
/// up to rounding (`the_closed_form_at_zero_is_the_recursion_at_zero`).
///
/// # Complexity
/// O(n p²) operations, none of order M.
pub(super) fn evaluate_at_zero(z: &[f64], cases: &[usize], p: usize) -> Eval {
    let n = z.len() / p;
    let m = cases.len();
    let nf = n as f64;
    let mut mean = vec![0.0; p];
    for r in z.chunks_exact(p) {
        for (a, v) in mean.iter_mut().zip(r) {
            *a += v;
        }
    }
    mean.iter_mut().for_each(|a| *a /= nf);
    let mut cross = vec![vec![0.0; p]; p];
    let mut dev = vec![0.0; p];
    for r in z.chunks_exact(p) {
        for ((d, v), mu) in dev.iter_mut().zip(r).zip(&mean) {
            *d = v - mu;
        }
        for a in 0..p {
            for c in a..p {
                cross[a][c] += dev[a] * dev[c];
            }
        }
    }
    let f = (m * (n - m)) as f64 / (nf * (n - 1) as f64);
    let mut info = vec![vec![0.0; p]; p];
    for a in 0..p {
        for c in a..p {
            info[a][c] = f * cross[a][c];
            info[c][a] = info[a][c];
        }
    }
    let mut score = vec![0.0; p];
    for &i in cases {
        for (s, v) in score.iter_mut().zip(&z[i * p..(i + 1) * p]) {
            *s += v;
        }
    }
    for (s, mu) in score.iter_mut().zip(&mean) {
        *s -= m as f64 * mu;
    }
    let log_binom: f64 = (1..=m).map(|i| ((n - m + i) as f64 / i as f64).ln()).sum();
    Eval {
        loglik: -log_binom,
        score,
        info,
    }
}

#[cfg(test)]
#[path = "esf_tests.rs"]
mod tests;
