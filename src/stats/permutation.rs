//! Two-sided permutation test of the difference in medians, median(a) − median(b).
//!
//! The null distribution is that of the statistic over re-assignments of the pooled values to
//! groups of the original sizes. When the number of distinct assignments C(n_a + n_b, n_a) is at
//! most the permutation budget, every assignment is enumerated (exact test, as
//! `scipy.stats.permutation_test(..., permutation_type="independent", n_resamples=budget)`, which
//! switches to exact enumeration under the same condition). Otherwise `budget` random assignments
//! are drawn and the observed assignment is counted once more (Phipson & Smyth 2010).
//!
//! Two-sided p-value, as scipy: with γ = 100·ε·|t| (a tolerance so that statistics equal in theory
//! but not in floating point count as ties), L = #(T ≤ t + γ), G = #(T ≥ t − γ), and
//! p = min(1, 2·min(L, G)/m) in exact mode (m = number of assignments), or
//! p = min(1, 2·min(L + 1, G + 1)/(m + 1)) with m random permutations — i.e. p = (b + 1)/(m + 1)
//! per tail, with b the permutations at least as extreme in that tail, doubled.
//!
//! Parallelism: permutations are processed in blocks of [`BLOCK`] with the random stream
//! `(seed, block)`; block counts are integers added in block order, so results do not depend on the
//! number of rayon threads.
//!
//! References: Good, P. (2005). *Permutation, Parametric and Bootstrap Tests of Hypotheses*,
//! 3rd ed. Springer. Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
//! *Stat. Appl. Genet. Mol. Biol.* 9(1), 39.

use rayon::prelude::*;

use super::describe::{median_sorted, sorted_finite};
use super::rng::{below, stream, PERMUTATION};
use super::special::binomial;

/// Default number of random permutations (and the budget for exact enumeration).
pub const DEFAULT_PERMUTATIONS: usize = 9_999;
/// Permutations per parallel block (fixed, independent of the thread count).
pub const BLOCK: usize = 512;

/// Result of [`permutation_median_test`].
#[derive(Debug, Clone, PartialEq)]
pub struct Permutation {
    /// Observed statistic median(a) − median(b).
    pub observed: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// True when all assignments were enumerated.
    pub exact: bool,
    /// Number of assignments evaluated (all of them in exact mode, else the budget).
    pub n_permutations: usize,
}

/// Sorted pooled values.
struct Pooled {
    values: Vec<f64>,
    n_a: usize,
}

impl Pooled {
    /// median(a) − median(b) where `in_a[i]` (1 or 0) says whether sorted position i belongs to
    /// a. The values of a group, taken in position order, are sorted: each median is read at the
    /// positions of the group's middle members, found by counting marks in blocks, the same
    /// values added in the same order as when the groups are copied out.
    fn statistic(&self, in_a: &[u8]) -> f64 {
        let (n, k) = (self.values.len(), self.n_a);
        median_at(&self.values, in_a, 1, k) - median_at(&self.values, in_a, 0, n - k)
    }
}

/// Median of the `m` values whose mark is `want`.
fn median_at(values: &[f64], marks: &[u8], want: u8, m: usize) -> f64 {
    let i = nth_mark(marks, want, (m - 1) / 2);
    if m % 2 == 1 {
        values[i]
    } else {
        let j = i + 1 + nth_mark(&marks[i + 1..], want, 0);
        (values[i] + values[j]) / 2.0
    }
}

/// Position of the `r`-th (from 0) mark equal to `want` (which must exist).
fn nth_mark(marks: &[u8], want: u8, mut r: usize) -> usize {
    const CHUNK: usize = 128;
    let mut start = 0;
    for chunk in marks.chunks(CHUNK) {
        let ones = chunk.iter().map(|&b| u32::from(b)).sum::<u32>() as usize;
        let count = if want == 1 { ones } else { chunk.len() - ones };
        if r < count {
            for (i, &b) in chunk.iter().enumerate() {
                if b == want {
                    if r == 0 {
                        return start + i;
                    }
                    r -= 1;
                }
            }
        }
        r -= count;
        start += chunk.len();
    }
    unreachable!("fewer marks than asked for")
}

/// Tail counts (L, G) of a block.
type Counts = (u64, u64);

/// Two-sided permutation test of median(a) − median(b).
///
/// # Arguments
/// * `a`, `b` - the two samples.
/// * `n_perm` - permutation budget ([`DEFAULT_PERMUTATIONS`] by default); exact enumeration when
///   C(n_a + n_b, n_a) ≤ `n_perm`.
/// * `seed` - seed of the random streams (unused in exact mode).
///
/// # Returns
/// `Some(Permutation)`; `None` if a sample is empty or holds a non-finite value, or `n_perm == 0`.
///
/// # Complexity
/// O(min(n_perm, C(n, n_a)) · n) time, spread over the rayon pool; O(n) memory per block.
///
/// # Examples
/// ```
/// use ptce::stats::permutation_median_test;
/// let r = permutation_median_test(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0], 9_999, 1).unwrap();
/// assert!(r.exact);
/// assert_eq!(r.n_permutations, 20);
/// assert_eq!(r.p_value, 0.2); // 2 · 2/20: {1,2,3} and {1,2,4} both give −3
/// ```
pub fn permutation_median_test(
    a: &[f64],
    b: &[f64],
    n_perm: usize,
    seed: u64,
) -> Option<Permutation> {
    let sa = sorted_finite(a)?;
    let sb = sorted_finite(b)?;
    if n_perm == 0 {
        return None;
    }
    let observed = median_sorted(&sa) - median_sorted(&sb);
    let mut values: Vec<f64> = sa.iter().chain(sb.iter()).copied().collect();
    values.sort_by(f64::total_cmp);
    let pooled = Pooled {
        values,
        n_a: a.len(),
    };
    let gamma = (100.0 * f64::EPSILON * observed).abs();
    let n = pooled.values.len();
    let total = binomial(n, pooled.n_a);
    let exact_total = total.filter(|&t| t <= n_perm as u128).map(|t| t as usize);
    let (m, exact) = match exact_total {
        Some(t) => (t, true),
        None => (n_perm, false),
    };
    let n_blocks = m.div_ceil(BLOCK);
    let blocks: Vec<Counts> = (0..n_blocks)
        .into_par_iter()
        .map(|blk| {
            let range = blk * BLOCK..((blk + 1) * BLOCK).min(m);
            if exact {
                exact_block(&pooled, range, observed, gamma)
            } else {
                random_block(
                    &pooled,
                    range.len(),
                    stream(seed, PERMUTATION, blk as u64),
                    observed,
                    gamma,
                )
            }
        })
        .collect();
    let (mut le, mut ge) = (0u64, 0u64);
    for (l, g) in blocks {
        le += l;
        ge += g;
    }
    let p = if exact {
        2.0 * (le.min(ge) as f64 / m as f64)
    } else {
        2.0 * ((le.min(ge) as f64 + 1.0) / (m as f64 + 1.0))
    };
    Some(Permutation {
        observed,
        p_value: p.clamp(0.0, 1.0),
        exact,
        n_permutations: m,
    })
}

/// Counts of the exact block: combinations of rank `range` in lexicographic order.
fn exact_block(pooled: &Pooled, range: std::ops::Range<usize>, t: f64, gamma: f64) -> Counts {
    let (n, k) = (pooled.values.len(), pooled.n_a);
    let mut comb = unrank_combination(n, k, range.start);
    let mut in_a = vec![0u8; n];
    let (mut le, mut ge) = (0u64, 0u64);
    for _ in range {
        comb.iter().for_each(|&i| in_a[i] = 1);
        let s = pooled.statistic(&in_a);
        comb.iter().for_each(|&i| in_a[i] = 0);
        le += (s <= t + gamma) as u64;
        ge += (s >= t - gamma) as u64;
        next_combination(&mut comb, n);
    }
    (le, ge)
}

/// Counts of `len` random assignments drawn from `rng` (partial Fisher–Yates shuffles).
fn random_block(
    pooled: &Pooled,
    len: usize,
    mut rng: rand_pcg::Pcg64,
    t: f64,
    gamma: f64,
) -> Counts {
    let (n, k) = (pooled.values.len(), pooled.n_a);
    let mut idx: Vec<usize> = (0..n).collect();
    let mut in_a = vec![0u8; n];
    let (mut le, mut ge) = (0u64, 0u64);
    for _ in 0..len {
        for i in 0..k {
            let j = i + below(&mut rng, (n - i) as u64) as usize;
            idx.swap(i, j);
        }
        idx[..k].iter().for_each(|&i| in_a[i] = 1);
        let s = pooled.statistic(&in_a);
        idx[..k].iter().for_each(|&i| in_a[i] = 0);
        le += (s <= t + gamma) as u64;
        ge += (s >= t - gamma) as u64;
    }
    (le, ge)
}

/// The `rank`-th k-subset of 0..n in lexicographic order (combinatorial number system).
fn unrank_combination(n: usize, k: usize, mut rank: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(k);
    let mut x = 0;
    while out.len() < k && x < n {
        let remaining = k - out.len();
        // Number of subsets that start with x given the prefix.
        let with_x = binomial(n - x - 1, remaining - 1).unwrap_or(u128::MAX);
        if (rank as u128) < with_x {
            out.push(x);
        } else {
            rank -= with_x as usize;
        }
        x += 1;
    }
    out
}

/// Advance a k-subset of 0..n to its lexicographic successor (no-op after the last one).
fn next_combination(comb: &mut [usize], n: usize) {
    let k = comb.len();
    for i in (0..k).rev() {
        if comb[i] < n - k + i {
            comb[i] += 1;
            for j in i + 1..k {
                comb[j] = comb[j - 1] + 1;
            }
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistic_equals_the_medians_of_the_groups_copied_out() {
        // Sizes across the block width (128), odd and even groups, tied values.
        let mut state = 7u64;
        for (n, k) in [
            (2usize, 1usize),
            (5, 2),
            (130, 65),
            (300, 17),
            (257, 128),
            (1000, 999),
        ] {
            let values: Vec<f64> = (0..n).map(|i| (i / 3) as f64 * 0.5).collect();
            let pooled = Pooled {
                values: values.clone(),
                n_a: k,
            };
            for _ in 0..20 {
                let mut idx: Vec<usize> = (0..n).collect();
                for i in 0..k {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    idx.swap(i, i + (state >> 33) as usize % (n - i));
                }
                let mut marks = vec![0u8; n];
                idx[..k].iter().for_each(|&i| marks[i] = 1);
                let a: Vec<f64> = (0..n)
                    .filter(|&i| marks[i] == 1)
                    .map(|i| values[i])
                    .collect();
                let b: Vec<f64> = (0..n)
                    .filter(|&i| marks[i] == 0)
                    .map(|i| values[i])
                    .collect();
                let want = median_sorted(&a) - median_sorted(&b);
                assert_eq!(
                    pooled.statistic(&marks).to_bits(),
                    want.to_bits(),
                    "{n} {k}"
                );
            }
        }
    }

    #[test]
    fn combinations_enumerate_in_order() {
        let mut c = unrank_combination(5, 2, 0);
        let mut all = vec![c.clone()];
        for _ in 1..10 {
            next_combination(&mut c, 5);
            all.push(c.clone());
        }
        for (r, comb) in all.iter().enumerate() {
            assert_eq!(&unrank_combination(5, 2, r), comb);
        }
        assert_eq!(all[9], vec![3, 4]);
    }

    #[test]
    fn exact_by_hand() {
        // a = {1, 2}, b = {3, 4}: statistic −2; the 6 splits give medians differences
        // {1,2}|{3,4} −2, {1,3}|{2,4} −1, {1,4}|{2,3} 0,
        // {2,3}|{1,4} 0, {2,4}|{1,3} 1, {3,4}|{1,2} 2.
        // L = #(T ≤ −2) = 1, G = 6 → p = 2·1/6.
        let r = permutation_median_test(&[1.0, 2.0], &[3.0, 4.0], 100, 0).unwrap();
        assert!(r.exact);
        assert_eq!(r.n_permutations, 6);
        assert_eq!(r.p_value, 2.0 / 6.0);
    }

    #[test]
    fn random_mode_reproducible_and_bounded() {
        let a: Vec<f64> = (0..15).map(|i| (i * 7 % 11) as f64).collect();
        let b: Vec<f64> = (0..14).map(|i| (i * 5 % 13) as f64 + 2.0).collect();
        let r1 = permutation_median_test(&a, &b, 999, 42).unwrap();
        let r2 = permutation_median_test(&a, &b, 999, 42).unwrap();
        assert!(!r1.exact);
        assert_eq!(r1, r2);
        assert!(r1.p_value >= 2.0 / 1000.0 && r1.p_value <= 1.0);
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn one_and_four_threads_bitwise_equal() {
        let a: Vec<f64> = (0..23).map(|i| ((i * 37) % 29) as f64 * 0.37).collect();
        let b: Vec<f64> = (0..19)
            .map(|i| ((i * 13) % 31) as f64 * 0.41 + 1.0)
            .collect();
        for (n_perm, sa, sb) in [(9_999, &a[..], &b[..]), (9_999, &a[..4], &b[..6])] {
            let one = pool(1)
                .install(|| permutation_median_test(sa, sb, n_perm, 11))
                .unwrap();
            let four = pool(4)
                .install(|| permutation_median_test(sa, sb, n_perm, 11))
                .unwrap();
            assert_eq!(one.p_value.to_bits(), four.p_value.to_bits());
            assert_eq!(one, four);
        }
    }

    #[test]
    fn random_mode_approximates_exact_enumeration() {
        // n = 8 + 8: C(16, 8) = 12,870 assignments > 9,999, so the default budget samples; a larger
        // budget enumerates them all. The sampled p must lie within 4 binomial standard errors.
        let a = [3.1, 4.7, 2.2, 5.9, 6.3, 4.4, 7.8, 5.5];
        let b = [2.9, 1.4, 3.3, 4.1, 2.6, 0.9, 3.8, 2.0];
        let exact = permutation_median_test(&a, &b, 20_000, 0).unwrap();
        assert!(exact.exact && exact.n_permutations == 12_870);
        let sampled = permutation_median_test(&a, &b, DEFAULT_PERMUTATIONS, 5).unwrap();
        assert!(!sampled.exact);
        let se = (exact.p_value * (1.0 - exact.p_value) / 9_999.0).sqrt() * 2.0;
        assert!(
            (sampled.p_value - exact.p_value).abs() < 4.0 * se + 2e-4,
            "{sampled:?} vs {exact:?}"
        );
    }

    #[test]
    fn refuses_bad_input() {
        assert!(permutation_median_test(&[], &[1.0], 10, 0).is_none());
        assert!(permutation_median_test(&[1.0], &[f64::NAN], 10, 0).is_none());
        assert!(permutation_median_test(&[1.0], &[2.0], 0, 0).is_none());
    }
}
