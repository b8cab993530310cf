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
//! **Sequential stopping** ([`Stopping::Decided`], the pipeline's default; issue 25): a random-mode
//! test stops at the first permutation l after which both tails have counted
//! h = ⌊α·m/2⌋ + 1 (raised until 2h/m > α) permutations at least as extreme as the observed one.
//! Each tail is then a Besag–Clifford sequential test (p = h/l when it stopped, else
//! (count + 1)/(m + 1)), and the two-sided p is twice the smaller, as with the fixed budget: a
//! stopped test reports p = 2h/l > α, and the full budget could only have given
//! p ≥ 2(h + 1)/(m + 1) > α as well, so the decision at α is the one of the full budget. A test that
//! does not stop draws the whole budget and gets exactly the fixed-budget p (the tail that reached
//! h cannot hold the minimum). Besag, J. & Clifford, P. (1991). Sequential Monte Carlo p-values.
//! *Biometrika* 78(2), 301–304.
//!
//! **Direct draws** (from [`DIRECT_FROM`] pooled values): a random assignment is not shuffled;
//! only the positions of the groups' middle members are drawn, with the same distribution
//! ([`super::median_positions`]), in O(log n) jumps instead of O(n). Below, the shuffles are kept.
//!
//! Parallelism: permutations are processed in blocks of [`BLOCK`] with the random stream
//! `(seed, block)`; block counts are integers added in block order, so results do not depend on the
//! number of rayon threads. A sequential test draws its blocks in waves of as many blocks as
//! threads and reads their outcomes permutation by permutation in block order; blocks drawn past the
//! stopping permutation are discarded, so the result does not depend on the thread count either.
//!
//! References: Good, P. (2005). *Permutation, Parametric and Bootstrap Tests of Hypotheses*,
//! 3rd ed. Springer. Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
//! *Stat. Appl. Genet. Mol. Biol.* 9(1), 39.

use rayon::prelude::*;

use super::describe::{median_sorted, sorted_finite};
use super::median_positions::{MedianPositions, DIRECT_FROM};
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
    /// Number of assignments evaluated (all of them in exact mode, else the budget, or the
    /// permutations drawn before a sequential stop).
    pub n_permutations: usize,
    /// True when a sequential test stopped before its budget ([`Stopping::Decided`]).
    pub stopped: bool,
}

/// When a random-mode test stops drawing permutations.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Stopping {
    /// The whole budget is drawn.
    #[default]
    Fixed,
    /// Stop once p > `alpha` is decided (Besag–Clifford; module documentation).
    Decided {
        /// The level at which the decision is kept, in (0, 1).
        alpha: f64,
    },
}

/// Exceedances each tail must count before a sequential test stops: the smallest h with
/// 2h/m > α, so that a stopped p (2h/l, l ≤ m) and the full budget's (≥ 2(h + 1)/(m + 1)) both
/// exceed α.
///
/// # Complexity
/// O(1).
pub fn decided_count(alpha: f64, m: usize) -> u64 {
    let mut h = (alpha * m as f64 / 2.0).floor().max(0.0) as u64 + 1;
    while 2.0 * h as f64 / m as f64 <= alpha {
        h += 1;
    }
    h
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
/// O(min(n_perm, C(n, n_a)) · n) time, O(n_perm · log n · √n) in random mode from
/// [`DIRECT_FROM`] values, spread over the rayon pool; O(n) memory per block.
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
    permutation_median_test_stopping(a, b, n_perm, Stopping::Fixed, seed)
}

/// [`permutation_median_test`] with a stopping rule for the random mode (exact enumeration
/// never stops early).
///
/// # Arguments
/// * `a`, `b`, `n_perm`, `seed` - as [`permutation_median_test`].
/// * `stopping` - [`Stopping::Fixed`] (the whole budget) or [`Stopping::Decided`].
///
/// # Returns
/// As [`permutation_median_test`]; `n_permutations` counts the permutations drawn.
///
/// # Complexity
/// O(l · n) for the l permutations drawn (at most the budget), plus at most one wave of blocks
/// past the stop.
///
/// # Examples
/// ```
/// use ptce::stats::permutation::{permutation_median_test_stopping, Stopping};
/// let a: Vec<f64> = (0..40).map(|i| (i * 7 % 40) as f64).collect();
/// let b: Vec<f64> = (0..40).map(|i| (i * 11 % 40) as f64).collect();
/// let r = permutation_median_test_stopping(&a, &b, 9_999, Stopping::Decided { alpha: 0.05 }, 3)
///     .unwrap();
/// assert!(r.stopped && r.n_permutations < 9_999 && r.p_value > 0.05);
/// ```
pub fn permutation_median_test_stopping(
    a: &[f64],
    b: &[f64],
    n_perm: usize,
    stopping: Stopping,
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
    let block_range = |blk: usize| blk * BLOCK..((blk + 1) * BLOCK).min(m);
    if exact {
        let (le, ge) = (0..n_blocks)
            .into_par_iter()
            .map(|blk| exact_block(&pooled, block_range(blk), observed, gamma))
            .collect::<Vec<Counts>>()
            .into_iter()
            .fold((0, 0), |(l, g), (bl, bg)| (l + bl, g + bg));
        return Some(Permutation {
            observed,
            p_value: two_sided(le, ge, m, true),
            exact,
            n_permutations: m,
            stopped: false,
        });
    }
    // Random mode: blocks drawn in waves (all at once with a fixed budget), their outcomes read
    // permutation by permutation in block order until both tails reach h (never, when fixed).
    let (h, wave) = match stopping {
        Stopping::Decided { alpha } => {
            (decided_count(alpha, m), rayon::current_num_threads().max(1))
        }
        Stopping::Fixed => (u64::MAX, n_blocks),
    };
    // From DIRECT_FROM values, one sampler (its table of ln k!) serves every block.
    let direct = (n >= DIRECT_FROM).then(|| MedianPositions::new(n, pooled.n_a));
    let draw = |blk: usize| {
        random_flags(
            &pooled,
            block_range(blk).len(),
            stream(seed, PERMUTATION, blk as u64),
            (observed, gamma),
            direct.as_ref(),
        )
    };
    let (mut le, mut ge, mut drawn) = (0u64, 0u64, 0usize);
    let mut first = 0;
    while first < n_blocks {
        let last = (first + wave).min(n_blocks);
        let flags: Vec<Vec<u8>> = (first..last).into_par_iter().map(draw).collect();
        for f in flags.iter().flatten() {
            drawn += 1;
            le += u64::from(f & 1);
            ge += u64::from(f >> 1);
            if le >= h && ge >= h {
                return Some(Permutation {
                    observed,
                    p_value: (2.0 * h as f64 / drawn as f64).min(1.0),
                    exact,
                    n_permutations: drawn,
                    stopped: true,
                });
            }
        }
        first = last;
    }
    Some(Permutation {
        observed,
        p_value: two_sided(le, ge, m, false),
        exact,
        n_permutations: m,
        stopped: false,
    })
}

/// Two-sided p from the tail counts of m assignments: 2·min(L, G)/m when they are all of them,
/// else 2·(min(L, G) + 1)/(m + 1); at most 1.
fn two_sided(le: u64, ge: u64, m: usize, exact: bool) -> f64 {
    let p = if exact {
        2.0 * (le.min(ge) as f64 / m as f64)
    } else {
        2.0 * ((le.min(ge) as f64 + 1.0) / (m as f64 + 1.0))
    };
    p.clamp(0.0, 1.0)
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

/// Outcomes of `len` random assignments drawn from `rng`, in draw order: bit 0 set when
/// T ≤ t + γ, bit 1 when T ≥ t − γ. Each assignment is a partial Fisher–Yates shuffle, or, with
/// a `direct` sampler (from [`DIRECT_FROM`] pooled values), only the positions of the groups'
/// middle members, drawn with the same distribution ([`super::median_positions`]).
fn random_flags(
    pooled: &Pooled,
    len: usize,
    mut rng: rand_pcg::Pcg64,
    (t, gamma): (f64, f64),
    direct: Option<&MedianPositions>,
) -> Vec<u8> {
    let (n, k) = (pooled.values.len(), pooled.n_a);
    let flag = |s: f64| u8::from(s <= t + gamma) | (u8::from(s >= t - gamma) << 1);
    if let Some(sampler) = direct {
        let v = &pooled.values;
        let median = |[lo, hi]: [usize; 2], size: usize| {
            if size % 2 == 1 {
                v[lo]
            } else {
                (v[lo] + v[hi]) / 2.0
            }
        };
        return (0..len)
            .map(|_| {
                let (a, b) = sampler.draw(&mut rng);
                flag(median(a, k) - median(b, n - k))
            })
            .collect();
    }
    let mut idx: Vec<usize> = (0..n).collect();
    let mut in_a = vec![0u8; n];
    (0..len)
        .map(|_| {
            for i in 0..k {
                let j = i + below(&mut rng, (n - i) as u64) as usize;
                idx.swap(i, j);
            }
            idx[..k].iter().for_each(|&i| in_a[i] = 1);
            let s = pooled.statistic(&in_a);
            idx[..k].iter().for_each(|&i| in_a[i] = 0);
            flag(s)
        })
        .collect()
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
    fn decided_count_is_the_smallest_count_that_decides() {
        for (alpha, m, want) in [
            (0.05, 9_999usize, 250u64),
            (0.05, 99, 3),
            (0.5, 10, 3),
            (0.2, 10, 2),
            (0.01, 999, 5),
        ] {
            let h = decided_count(alpha, m);
            assert_eq!(h, want, "{alpha} {m}");
            assert!(2.0 * h as f64 / m as f64 > alpha);
            assert!(2.0 * (h - 1) as f64 / m as f64 <= alpha);
            assert!(2.0 * (h + 1) as f64 / (m + 1) as f64 > alpha);
        }
    }

    /// Samples: no difference, a small shift and a large one, odd and even sizes, ties.
    fn sequential_cases() -> Vec<(Vec<f64>, Vec<f64>)> {
        let mut out = Vec::new();
        for (n_a, n_b, shift) in [
            (40usize, 37usize, 0.0),
            (25, 30, 0.0),
            (60, 60, 0.4),
            (33, 41, 4.0),
            (50, 51, 6.0),
        ] {
            let a: Vec<f64> = (0..n_a).map(|i| ((i * 37) % 17) as f64 * 0.5).collect();
            let b: Vec<f64> = (0..n_b)
                .map(|i| ((i * 13) % 19) as f64 * 0.5 - shift)
                .collect();
            out.push((a, b));
        }
        out
    }

    #[test]
    fn sequential_test_stops_where_the_fixed_budget_counts_say_and_keeps_the_rest() {
        // Oracle: the fixed-budget test with budget l draws the first l permutations of the
        // budget-m test (same block streams), so its p gives min(L_l, G_l) =
        // p·(l + 1)/2 − 1. The sequential test must stop at the first l where that count
        // reaches h (checked at l and l − 1), report 2h/l, and otherwise equal the fixed test
        // bit for bit.
        let m = 3_999;
        let alpha = 0.05;
        let h = decided_count(alpha, m);
        let mut stopped = 0;
        let mut ran_through = 0;
        for (i, (a, b)) in sequential_cases().iter().enumerate() {
            let seed = 100 + i as u64;
            let fixed = permutation_median_test(a, b, m, seed).unwrap();
            let seq = permutation_median_test_stopping(a, b, m, Stopping::Decided { alpha }, seed)
                .unwrap();
            assert!(!seq.exact);
            if !seq.stopped {
                ran_through += 1;
                assert_eq!(
                    seq,
                    Permutation {
                        stopped: false,
                        ..fixed.clone()
                    }
                );
                continue;
            }
            stopped += 1;
            let l = seq.n_permutations;
            let min_count = |budget: usize| {
                let p = permutation_median_test(a, b, budget, seed).unwrap().p_value;
                (p * (budget + 1) as f64 / 2.0 - 1.0).round() as u64
            };
            assert!(l < m);
            assert!(min_count(l) >= h, "case {i}: stopped at {l} before h = {h}");
            assert!(min_count(l - 1) < h, "case {i}: stopped late at {l}");
            assert_eq!(seq.p_value, 2.0 * h as f64 / l as f64);
            assert!(seq.p_value > alpha && fixed.p_value > alpha, "case {i}");
        }
        assert!(stopped >= 2 && ran_through >= 2, "{stopped} {ran_through}");
    }

    #[test]
    fn sequential_test_is_the_same_for_one_and_four_threads() {
        for (a, b) in sequential_cases() {
            let run = |threads: usize| {
                pool(threads)
                    .install(|| {
                        permutation_median_test_stopping(
                            &a,
                            &b,
                            9_999,
                            Stopping::Decided { alpha: 0.05 },
                            7,
                        )
                    })
                    .unwrap()
            };
            let (one, four) = (run(1), run(4));
            assert_eq!(one.p_value.to_bits(), four.p_value.to_bits());
            assert_eq!(one, four);
        }
    }

    #[test]
    fn exact_mode_never_stops() {
        let r = permutation_median_test_stopping(
            &[1.0, 2.0],
            &[3.0, 4.0],
            100,
            Stopping::Decided { alpha: 0.05 },
            0,
        )
        .unwrap();
        assert!(r.exact && !r.stopped);
        assert_eq!((r.n_permutations, r.p_value), (6, 2.0 / 6.0));
    }

    #[test]
    fn direct_middles_give_the_tails_of_the_shuffles() {
        // From DIRECT_FROM pooled values the assignments are not shuffled but their middle
        // members drawn (`median_positions`, whose distribution is checked against every
        // assignment there). Here the whole path: each tail's frequency over 20,000 draws agrees
        // with the shuffles' within 5 standard errors of the difference (odd and even sizes,
        // ties); with the groups swapped the first case falls outside.
        for (na, nb) in [(500usize, 700usize), (501, 699), (200, 1000)] {
            let a: Vec<f64> = (0..na).map(|i| ((i * 37) % 101) as f64 + 2.0).collect();
            let b: Vec<f64> = (0..nb).map(|j| ((j * 53) % 101) as f64).collect();
            let (sa, sb) = (sorted_finite(&a).unwrap(), sorted_finite(&b).unwrap());
            let observed = median_sorted(&sa) - median_sorted(&sb);
            let mut values: Vec<f64> = sa.iter().chain(&sb).copied().collect();
            values.sort_by(f64::total_cmp);
            assert!(values.len() >= DIRECT_FROM);
            let pooled = Pooled { values, n_a: na };
            let draws = 20_000;
            let sampler = MedianPositions::new(pooled.values.len(), na);
            let tails = |direct: Option<&MedianPositions>| {
                let f = random_flags(&pooled, draws, stream(3, 0, 0), (observed, 0.0), direct);
                let le = f.iter().filter(|&&x| x & 1 == 1).count() as f64 / draws as f64;
                let ge = f.iter().filter(|&&x| x >> 1 == 1).count() as f64 / draws as f64;
                [le, ge]
            };
            let (shuffled, direct) = (tails(None), tails(Some(&sampler)));
            for (s, d) in shuffled.iter().zip(&direct) {
                let se = (s * (1.0 - s) * 2.0 / draws as f64).sqrt().max(1e-4);
                assert!(
                    (s - d).abs() < 5.0 * se,
                    "({na}, {nb}): shuffled {shuffled:?}, direct {direct:?}"
                );
            }
            assert!(
                shuffled.iter().all(|&x| x > 0.02 && x < 0.98),
                "{shuffled:?}"
            );
        }
    }

    #[test]
    fn refuses_bad_input() {
        assert!(permutation_median_test(&[], &[1.0], 10, 0).is_none());
        assert!(permutation_median_test(&[1.0], &[f64::NAN], 10, 0).is_none());
        assert!(permutation_median_test(&[1.0], &[2.0], 0, 0).is_none());
    }
}
