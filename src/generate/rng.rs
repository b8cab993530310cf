//! Seeded random streams and the few distributions the generator draws from.
//!
//! Every stream is a `rand_pcg::Pcg64` seeded from `(seed, domain, index)` by `stats::rng::mixed_stream`, so
//! that PTCE *k* (or shared organization *key*) draws the same numbers whatever else is generated.
//! The distributions are written here (uniform, normal by Box–Muller, log-normal, Poisson by
//! inversion, weighted choice) to keep the generator's output independent of any sampling crate's
//! version.

use rand_core::RngCore;
use rand_pcg::Pcg64;

use crate::stats::rng::{mixed_stream, unit};

/// Stream domain of the per-PTCE streams.
pub(crate) const DOMAIN_PTCE: u64 = 1;
/// Stream domain of the shared organizations (index = hash of the pool key).
pub(crate) const DOMAIN_SHARED_ORG: u64 = 2;

/// A random stream with the generator's distributions.
pub(crate) struct Rng(Pcg64);

impl Rng {
    /// The stream of task `index` in `domain`, for the study seed `seed`.
    pub(crate) fn stream(seed: u64, domain: u64, index: u64) -> Rng {
        Rng(mixed_stream(seed, domain, index))
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    pub(crate) fn f64(&mut self) -> f64 {
        unit(&mut self.0)
    }

    /// Uniform integer in `0..n` (`0` when `n == 0`); multiply-shift, bias below 2⁻⁵⁰ here.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.0.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform integer in `lo..=hi` (`lo` when `hi < lo`).
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// `true` with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    /// Standard normal deviate (Box–Muller, one of the pair).
    pub(crate) fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.f64(); // in (0, 1]
        let u2 = self.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Log-normal deviate with the given median and log-scale standard deviation.
    pub(crate) fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }

    /// Poisson deviate of mean `lambda` (inversion; `lambda` is small here).
    pub(crate) fn poisson(&mut self, lambda: f64) -> usize {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda > 60.0 {
            let x = lambda + lambda.sqrt() * self.normal();
            return x.round().max(0.0) as usize;
        }
        let limit = (-lambda).exp();
        let mut k = 0;
        let mut p = self.f64();
        while p > limit {
            k += 1;
            p *= self.f64();
        }
        k
    }

    /// Index drawn with probability proportional to `weights` (non-negative, not all zero;
    /// index 0 otherwise).
    pub(crate) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return 0;
        }
        let mut x = self.f64() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }

    /// A uniformly chosen element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::stream(7, 1, 3).0.next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut x = Rng::stream(7, 1, 3);
        let mut y = Rng::stream(7, 1, 4);
        assert_ne!(x.0.next_u64(), y.0.next_u64());
    }

    #[test]
    fn distributions_have_their_moments() {
        // 20,000 draws: standard errors are ~1 % of the means; tolerances are 5 standard errors.
        let mut r = Rng::stream(1, 9, 0);
        let n = 20_000;
        let mean_u: f64 = (0..n).map(|_| r.f64()).sum::<f64>() / n as f64;
        assert!((mean_u - 0.5).abs() < 0.01, "{mean_u}");
        let mean_p: f64 = (0..n).map(|_| r.poisson(3.0) as f64).sum::<f64>() / n as f64;
        assert!((mean_p - 3.0).abs() < 0.07, "{mean_p}");
        let zs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let m = zs.iter().sum::<f64>() / n as f64;
        let v = zs.iter().map(|z| (z - m) * (z - m)).sum::<f64>() / n as f64;
        assert!(m.abs() < 0.04 && (v - 1.0).abs() < 0.05, "{m} {v}");
        let mut counts = [0usize; 3];
        for _ in 0..n {
            counts[r.weighted(&[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((counts[2] as f64 / n as f64 - 0.75).abs() < 0.02);
    }
}
