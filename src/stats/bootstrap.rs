//! Bootstrap confidence interval of the difference in medians, median(a) − median(b).
//!
//! Each replicate resamples a and b independently with replacement, keeping their sizes (the
//! two-sample bootstrap of Efron & Tibshirani 1993, ch. 8). The replicates are sorted and read with
//! the type-7 quantile (as `np.percentile`, the rule of `scipy.stats.bootstrap`):
//! - **Percentile** (default): the α/2 and 1 − α/2 quantiles of the replicates.
//! - **BCa** (bias-corrected and accelerated, Efron 1987): quantiles at
//!   αᵢ = Φ(z₀ + (z₀ + z_{αᵢ}) / (1 − â(z₀ + z_{αᵢ}))),
//!   with z₀ = Φ⁻¹((#{θ* < θ̂} + #{θ* ≤ θ̂})/2B) and the
//!   acceleration â from the per-sample jackknife (Efron & Tibshirani 1993, eq. 15.36, as scipy).
//!   Undefined (None) when every replicate lies strictly on one side of θ̂ or the jackknife has no
//!   spread.
//!
//! Parallelism: replicates are drawn in blocks of [`BLOCK`] from the random stream
//! `(seed, block)`, collected in replicate order, then sorted: the interval does not depend on the
//! number of rayon threads.
//!
//! References: Efron, B. (1987). Better bootstrap confidence intervals. *JASA* 82(397), 171–185.
//! Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.

use rayon::prelude::*;

use super::describe::{median_sorted, quantile_sorted, sorted_finite};
use super::rng::{below, stream, BOOTSTRAP};
use super::special::{norm_cdf, norm_ppf};

/// Replicates per parallel block (fixed, independent of the thread count).
pub const BLOCK: usize = 256;

/// Interval construction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BootstrapMethod {
    /// Percentile interval (default).
    #[default]
    Percentile,
    /// Bias-corrected and accelerated interval.
    Bca,
}

/// Result of [`bootstrap_median_diff_ci`].
#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapCi {
    /// Point estimate median(a) − median(b).
    pub estimate: f64,
    /// Lower bound.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
    /// Construction used.
    pub method: BootstrapMethod,
}

/// Median of `x.len()` values drawn with replacement from the sorted `x`. The draws are tallied
/// per position (`counts`, a scratch buffer) and the middle order statistics are read off the
/// cumulative tally: O(n) per replicate, no sort.
fn resample_median(x: &[f64], rng: &mut rand_pcg::Pcg64, counts: &mut Vec<u32>) -> f64 {
    let n = x.len();
    counts.clear();
    counts.resize(n, 0);
    for _ in 0..n {
        counts[below(rng, n as u64) as usize] += 1;
    }
    // 0-based order statistics k_lo ≤ k_hi of the resample (equal when n is odd).
    let (k_lo, k_hi) = ((n - 1) / 2, n / 2);
    let (mut lo, mut hi) = (None, None);
    let mut seen = 0usize;
    for (v, &c) in x.iter().zip(counts.iter()) {
        seen += c as usize;
        if lo.is_none() && seen > k_lo {
            lo = Some(*v);
        }
        if seen > k_hi {
            hi = Some(*v);
            break;
        }
    }
    // The tally sums to n, so both are found; the fallbacks only keep the function total.
    let hi = hi.unwrap_or(x[n - 1]);
    let lo = lo.unwrap_or(hi);
    if k_lo == k_hi {
        hi
    } else {
        (lo + hi) / 2.0
    }
}

/// Bootstrap confidence interval of median(a) − median(b).
///
/// # Arguments
/// * `a`, `b` - the two samples.
/// * `n_boot` - number of replicates (e.g. 9,999).
/// * `level` - confidence level in (0, 1), e.g. 0.95.
/// * `seed` - seed of the random streams.
/// * `method` - percentile or BCa.
///
/// # Returns
/// `Some(BootstrapCi)`; `None` if a sample is empty or holds a non-finite value, `n_boot == 0`,
/// `level` is outside (0, 1), or the BCa correction is undefined.
///
/// # Complexity
/// O(n_boot · n log n) time spread over the rayon pool, O(n_boot) memory.
///
/// # Examples
/// ```
/// use ptce::stats::{bootstrap_median_diff_ci, BootstrapMethod};
/// let a = [5.0, 6.0, 7.0, 8.0, 9.0];
/// let b = [1.0, 2.0, 3.0, 4.0, 5.0];
/// let ci = bootstrap_median_diff_ci(&a, &b, 2_000, 0.95, 7, BootstrapMethod::Percentile).unwrap();
/// assert_eq!(ci.estimate, 4.0);
/// assert!(ci.low <= 4.0 && 4.0 <= ci.high);
/// ```
pub fn bootstrap_median_diff_ci(
    a: &[f64],
    b: &[f64],
    n_boot: usize,
    level: f64,
    seed: u64,
    method: BootstrapMethod,
) -> Option<BootstrapCi> {
    let sa = sorted_finite(a)?;
    let sb = sorted_finite(b)?;
    if n_boot == 0 || !(level > 0.0 && level < 1.0) {
        return None;
    }
    let estimate = median_sorted(&sa) - median_sorted(&sb);
    let n_blocks = n_boot.div_ceil(BLOCK);
    let blocks: Vec<Vec<f64>> = (0..n_blocks)
        .into_par_iter()
        .map(|blk| {
            let len = ((blk + 1) * BLOCK).min(n_boot) - blk * BLOCK;
            let mut rng = stream(seed, BOOTSTRAP, blk as u64);
            let (mut buf_a, mut buf_b) =
                (Vec::with_capacity(sa.len()), Vec::with_capacity(sb.len()));
            (0..len)
                .map(|_| {
                    let ma = resample_median(&sa, &mut rng, &mut buf_a);
                    ma - resample_median(&sb, &mut rng, &mut buf_b)
                })
                .collect()
        })
        .collect();
    let mut reps: Vec<f64> = blocks.into_iter().flatten().collect();
    reps.sort_by(f64::total_cmp);
    let alpha = (1.0 - level) / 2.0;
    let (q_lo, q_hi) = match method {
        BootstrapMethod::Percentile => (alpha, 1.0 - alpha),
        BootstrapMethod::Bca => bca_levels(&sa, &sb, &reps, estimate, alpha)?,
    };
    Some(BootstrapCi {
        estimate,
        low: quantile_sorted(&reps, q_lo),
        high: quantile_sorted(&reps, q_hi),
        method,
    })
}

/// BCa-adjusted quantile levels (Efron 1987; multi-sample acceleration of Efron & Tibshirani 1993,
/// eq. 15.36, as `scipy.stats.bootstrap`): for each sample j, the jackknife estimates θ₍ⱼᵢ₎ leaving
/// out observation i of that sample give Uⱼᵢ = (nⱼ − 1)(θ̄ⱼ − θ₍ⱼᵢ₎), and
/// â = Σⱼ Σᵢ Uⱼᵢ³/nⱼ³ / (6 (Σⱼ Σᵢ Uⱼᵢ²/nⱼ²)^{3/2}).
///
/// # Arguments
/// * `sa`, `sb` - the sorted samples; `reps` - the bootstrap replicates; `estimate` - θ̂;
///   `alpha` - the tail probability of each side.
///
/// # Returns
/// The adjusted (low, high) quantile levels, or `None` when z₀ or â is undefined.
///
/// # Complexity
/// O(B + n²).
pub fn bca_levels(
    sa: &[f64],
    sb: &[f64],
    reps: &[f64],
    estimate: f64,
    alpha: f64,
) -> Option<(f64, f64)> {
    // z₀ from the "mean" percentile of θ̂ among the replicates, (#{θ* < θ̂} + #{θ* ≤ θ̂}) / 2B, as
    // scipy ≥ 1.11 (ties of θ* with θ̂, frequent for medians, count one half).
    let lt = reps.iter().filter(|&&r| r < estimate).count();
    let le = reps.iter().filter(|&&r| r <= estimate).count();
    let z0 = norm_ppf((lt + le) as f64 / (2 * reps.len()) as f64)?;
    let (ma, mb) = (median_sorted(sa), median_sorted(sb));
    let (mut num, mut den) = (0.0, 0.0);
    for (x, other, sign) in [(sa, mb, 1.0), (sb, ma, -1.0)] {
        if x.len() < 2 {
            return None;
        }
        let n = x.len() as f64;
        let jack: Vec<f64> = (0..x.len())
            .map(|i| {
                let rest: Vec<f64> = x
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, v)| *v)
                    .collect();
                sign * (median_sorted(&rest) - other)
            })
            .collect();
        let mean = jack.iter().sum::<f64>() / n;
        num += jack
            .iter()
            .map(|t| ((n - 1.0) * (mean - t)).powi(3))
            .sum::<f64>()
            / (n * n * n);
        den += jack
            .iter()
            .map(|t| ((n - 1.0) * (mean - t)).powi(2))
            .sum::<f64>()
            / (n * n);
    }
    if den.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return None;
    }
    let acc = num / (6.0 * den.powf(1.5));
    let adjust = |z_alpha: f64| {
        let s = z0 + z_alpha;
        norm_cdf(z0 + s / (1.0 - acc * s))
    };
    let lo = adjust(norm_ppf(alpha)?);
    let hi = adjust(norm_ppf(1.0 - alpha)?);
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproducible_and_contains_estimate() {
        let a: Vec<f64> = (0..20).map(|i| (i * 37 % 23) as f64).collect();
        let b: Vec<f64> = (0..17).map(|i| (i * 11 % 19) as f64 + 3.0).collect();
        for m in [BootstrapMethod::Percentile, BootstrapMethod::Bca] {
            let x = bootstrap_median_diff_ci(&a, &b, 1_000, 0.95, 3, m).unwrap();
            let y = bootstrap_median_diff_ci(&a, &b, 1_000, 0.95, 3, m).unwrap();
            assert_eq!(x, y);
            assert!(x.low <= x.high);
            assert!(x.low <= x.estimate && x.estimate <= x.high, "{x:?}");
        }
        let other = bootstrap_median_diff_ci(&a, &b, 1_000, 0.95, 4, BootstrapMethod::Percentile);
        assert!(other.is_some());
    }

    #[test]
    fn one_and_four_threads_bitwise_equal() {
        let a: Vec<f64> = (0..31).map(|i| ((i * 37) % 29) as f64 * 0.37).collect();
        let b: Vec<f64> = (0..26)
            .map(|i| ((i * 13) % 31) as f64 * 0.41 + 1.0)
            .collect();
        let run = |threads: usize, m: BootstrapMethod| {
            crate::test_support::with_threads(threads, || {
                bootstrap_median_diff_ci(&a, &b, 5_000, 0.95, 99, m)
            })
            .unwrap()
        };
        for m in [BootstrapMethod::Percentile, BootstrapMethod::Bca] {
            let (one, four) = (run(1, m), run(4, m));
            assert_eq!(
                (one.low.to_bits(), one.high.to_bits()),
                (four.low.to_bits(), four.high.to_bits())
            );
        }
    }

    #[test]
    fn percentile_interval_covers_a_known_shift() {
        // b = a − 10 exactly: every replicate difference of medians is centred on 10; with 41
        // values each, the 95 % interval must contain 10 and be narrower than the data range.
        let a: Vec<f64> = (0..41).map(|i| ((i * 17) % 41) as f64).collect();
        let b: Vec<f64> = a.iter().map(|v| v - 10.0).collect();
        let ci =
            bootstrap_median_diff_ci(&a, &b, 4_000, 0.95, 5, BootstrapMethod::Percentile).unwrap();
        assert_eq!(ci.estimate, 10.0);
        assert!(
            ci.low < 10.0 && ci.high > 10.0 && ci.high - ci.low < 30.0,
            "{ci:?}"
        );
    }

    #[test]
    fn tally_median_equals_sorted_median() {
        // The O(n) tally must give the median of the resample exactly (odd and even n, ties).
        for n in [1usize, 2, 5, 6, 11] {
            let x: Vec<f64> = (0..n).map(|i| (i / 2) as f64 * 1.5).collect();
            let mut rng = stream(3, BOOTSTRAP, n as u64);
            let mut twin = rng.clone();
            let mut counts = Vec::new();
            for _ in 0..50 {
                let got = resample_median(&x, &mut rng, &mut counts);
                let mut draw: Vec<f64> = (0..n)
                    .map(|_| x[below(&mut twin, n as u64) as usize])
                    .collect();
                draw.sort_by(f64::total_cmp);
                assert_eq!(got, median_sorted(&draw));
            }
        }
    }

    #[test]
    fn constant_samples_give_point_interval() {
        let ci = bootstrap_median_diff_ci(
            &[2.0; 5],
            &[1.0; 4],
            100,
            0.9,
            1,
            BootstrapMethod::Percentile,
        )
        .unwrap();
        assert_eq!((ci.estimate, ci.low, ci.high), (1.0, 1.0, 1.0));
        // BCa undefined: the jackknife has no spread (â = 0/0).
        assert!(
            bootstrap_median_diff_ci(&[2.0; 5], &[1.0; 4], 100, 0.9, 1, BootstrapMethod::Bca)
                .is_none()
        );
    }

    #[test]
    fn refuses_bad_input() {
        assert!(
            bootstrap_median_diff_ci(&[], &[1.0], 10, 0.95, 0, BootstrapMethod::Percentile)
                .is_none()
        );
        assert!(
            bootstrap_median_diff_ci(&[1.0], &[1.0], 10, 1.0, 0, BootstrapMethod::Percentile)
                .is_none()
        );
        assert!(
            bootstrap_median_diff_ci(&[1.0], &[1.0], 0, 0.95, 0, BootstrapMethod::Percentile)
                .is_none()
        );
    }
}
