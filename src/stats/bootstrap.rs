//! Bootstrap confidence interval of the difference in medians, median(a) − median(b).
//!
//! Each replicate resamples a and b independently with replacement, keeping their sizes (the
//! two-sample bootstrap of Efron & Tibshirani 1993, ch. 8). Only the medians of the resamples are
//! needed, so their order statistics are drawn directly (a Beta variate and, for an even size, one
//! uniform per sample: `resample_median_positions`) with the distribution of those of a resample
//! drawn value by value — O(1) per replicate instead of O(n); issue 25, `docs/statistics.md`.
//! The replicates are sorted and read with the type-7 quantile (as `np.percentile`, the rule of
//! `scipy.stats.bootstrap`):
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
use super::rng::{beta, stream, unit_open, BOOTSTRAP};
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

/// 0-based positions, in the sorted sample of size `n`, of the two middle order statistics of a
/// resample of `n` values drawn with replacement (equal when `n` is odd), drawn directly.
///
/// Draw i of the resample is position ⌊n·Uᵢ⌋ for a uniform Uᵢ, and ⌊n·u⌋ is increasing in u, so
/// the j-th smallest position drawn is ⌊n·U₍ⱼ₎⌋: the j-th order statistic of n uniforms, which is
/// Beta(j, n − j + 1) (1-based j). The next one is U₍ⱼ₎ + (1 − U₍ⱼ₎)·M with M the smallest of the
/// n − j uniforms above it, M = 1 − V^{1/(n − j)} for a uniform V (David & Nagaraja 2003, §2.5).
/// So the positions have exactly the distribution of those of a tallied resample, for O(1) draws
/// instead of n (the tests compare them with every resample enumerated).
fn resample_median_positions(n: usize, rng: &mut rand_pcg::Pcg64) -> (usize, usize) {
    let (k_lo, k_hi) = ((n - 1) / 2, n / 2);
    let nf = n as f64;
    let position = |u: f64| ((u * nf) as usize).min(n - 1);
    let u = beta(rng, (k_lo + 1) as f64, (n - k_lo) as f64);
    let lo = position(u);
    if k_lo == k_hi {
        return (lo, lo);
    }
    let above = (n - k_lo - 1) as f64;
    let m = -(unit_open(rng).ln() / above).exp_m1();
    (lo, position(u + (1.0 - u) * m))
}

/// Median of `x.len()` values drawn with replacement from the sorted `x`
/// ([`resample_median_positions`]).
fn resample_median(x: &[f64], rng: &mut rand_pcg::Pcg64) -> f64 {
    let (lo, hi) = resample_median_positions(x.len(), rng);
    if x.len() % 2 == 1 {
        x[lo]
    } else {
        (x[lo] + x[hi]) / 2.0
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
/// O(n_boot · log n_boot + n log n) time (each replicate draws its medians in O(1)), spread
/// over the rayon pool; O(n_boot) memory.
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
            (0..len)
                .map(|_| {
                    let ma = resample_median(&sa, &mut rng);
                    ma - resample_median(&sb, &mut rng)
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

    /// Probability of each (low, high) pair of middle positions of a resample of size n, every
    /// one of the nⁿ resamples enumerated.
    fn enumerated_positions(n: usize) -> std::collections::BTreeMap<(usize, usize), f64> {
        let total = n.pow(n as u32);
        let mut out = std::collections::BTreeMap::new();
        let mut draw = vec![0usize; n];
        for code in 0..total {
            let mut c = code;
            for d in draw.iter_mut() {
                *d = c % n;
                c /= n;
            }
            draw.sort_unstable();
            *out.entry((draw[(n - 1) / 2], draw[n / 2])).or_insert(0.0) += 1.0 / total as f64;
        }
        out
    }

    #[test]
    fn drawn_median_positions_have_the_distribution_of_enumerated_resamples() {
        // Pearson's χ² of 200,000 draws against the exact probabilities of every (low, high)
        // pair, n = 1 to 7 (odd and even): the p-value must exceed 1e-6 (a wrong Beta parameter
        // or a wrong gap gives p < 1e-100 here).
        const DRAWS: usize = 200_000;
        for n in 1..=7usize {
            let exact = enumerated_positions(n);
            let mut seen = std::collections::BTreeMap::new();
            let mut rng = stream(11, BOOTSTRAP, n as u64);
            for _ in 0..DRAWS {
                let pair = resample_median_positions(n, &mut rng);
                assert!(
                    exact.contains_key(&pair),
                    "n = {n}: impossible pair {pair:?}"
                );
                *seen.entry(pair).or_insert(0usize) += 1;
            }
            let chi2: f64 = exact
                .iter()
                .map(|(pair, p)| {
                    let e = p * DRAWS as f64;
                    let o = seen.get(pair).copied().unwrap_or(0) as f64;
                    (o - e) * (o - e) / e
                })
                .sum();
            let df = exact.len().saturating_sub(1).max(1);
            let p = crate::stats::special::chi2_sf(chi2, df).unwrap();
            assert!(p > 1e-6, "n = {n}: χ² = {chi2} on {df} df, p = {p}");
        }
    }

    #[test]
    fn drawn_median_positions_follow_the_binomial_law_of_order_statistics() {
        // For larger n: P(position of the (k+1)-th smallest draw ≤ i) = P(Bin(n, (i+1)/n) ≥ k+1).
        // The empirical distribution function of 100,000 draws must stay within the DKW band at
        // 1e-6 (ε = √(ln(2·10⁶)/(2·100,000)) ≈ 0.0085) of it, for both middle positions.
        const DRAWS: usize = 100_000;
        let ln_fact: Vec<f64> = std::iter::once(0.0)
            .chain((1..=1000).scan(0.0, |acc, j| {
                *acc += (j as f64).ln();
                Some(*acc)
            }))
            .collect();
        for n in [50usize, 51, 400] {
            let cdf = |k: usize, i: usize| -> f64 {
                let q = (i + 1) as f64 / n as f64;
                if q >= 1.0 {
                    return 1.0;
                }
                (k + 1..=n)
                    .map(|j| {
                        (ln_fact[n] - ln_fact[j] - ln_fact[n - j]
                            + j as f64 * q.ln()
                            + (n - j) as f64 * (1.0 - q).ln())
                        .exp()
                    })
                    .sum()
            };
            let mut rng = stream(5, BOOTSTRAP, n as u64);
            let draws: Vec<(usize, usize)> = (0..DRAWS)
                .map(|_| resample_median_positions(n, &mut rng))
                .collect();
            let eps = ((2e6f64).ln() / (2.0 * DRAWS as f64)).sqrt();
            for (k, pick) in [((n - 1) / 2, 0usize), (n / 2, 1)] {
                let mut counts = vec![0usize; n];
                for d in &draws {
                    counts[if pick == 0 { d.0 } else { d.1 }] += 1;
                }
                let mut cum = 0usize;
                let mut worst = 0.0f64;
                for (i, c) in counts.iter().enumerate() {
                    cum += c;
                    worst = worst.max((cum as f64 / DRAWS as f64 - cdf(k, i)).abs());
                }
                assert!(worst < eps, "n = {n}, order {k}: sup gap {worst} ≥ {eps}");
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
