//! The middle members of two groups under a random assignment, drawn without the assignment
//! (the random mode of [`super::permutation`] from [`DIRECT_FROM`] pooled values; issue 25).
//!
//! A random permutation of the test assigns `n_a` of the `N` sorted pooled positions to group
//! a, uniformly among the C(N, n_a) choices, and reads each group's median at the positions of
//! its middle members. Only those (at most four) positions matter. Reading the assignment
//! position by position, the next position belongs to a with probability (a's members left) /
//! (positions left), and the number of a's members among the next L positions is hypergeometric.
//! So the walk jumps over L positions at once with one hypergeometric draw whenever L is no more
//! than the members of a, and of b, still to pass before the next middle member of each: no
//! middle member can lie inside the jump, and the arrangement inside it never needs to be known.
//! Near a middle member it steps one position at a time. Each step and jump draws from the exact
//! conditional distribution given the walk so far, so the positions have exactly the
//! distribution of those of a shuffled assignment (up to the rounding of the hypergeometric
//! probabilities, about 1e-11; the tests compare with every assignment enumerated), in
//! O(log N) jumps of O(√L) expected work each instead of O(N) for the shuffle.
//!
//! The hypergeometric draw is inversion from the mode (Kachitvichyanukul & Schmeiser 1985,
//! "Computer generation of hypergeometric random variates", *J. Stat. Comput. Simul.* 22,
//! 127–145): one uniform, the probability at the mode from a table of ln k!, then the
//! probabilities on either side by their ratios, alternately, until the uniform is used up.

use rand_pcg::Pcg64;

use super::rng::{below, unit};
use super::student::ln_gamma;

/// Pooled sample size from which the permutation test draws the middle positions directly;
/// below, it shuffles (the same distribution; the smaller studies keep their former draws).
pub const DIRECT_FROM: usize = 1_000;
/// Smallest jump made with a hypergeometric draw; shorter ones are made position by position.
const MIN_JUMP: usize = 16;

/// Draws the positions of the middle members of a random assignment of `n_a` of `n` positions.
pub(crate) struct MedianPositions {
    n: usize,
    n_a: usize,
    /// `ln_fact[k]` = ln k! for k = 0..=n.
    ln_fact: Vec<f64>,
    /// Jumps of at least this many positions are drawn at once ([`MIN_JUMP`]; the tests lower
    /// it so that small cases jump too).
    min_jump: usize,
}

/// The positions (in the pooled order) of the lower and upper middle members of a and of b
/// (equal when the group's size is odd).
pub(crate) type Middles = ([usize; 2], [usize; 2]);

impl MedianPositions {
    /// A sampler for `n_a` of `n` positions, 1 ≤ `n_a` < `n`.
    ///
    /// # Complexity
    /// O(n) (the table of ln k!).
    pub(crate) fn new(n: usize, n_a: usize) -> MedianPositions {
        let ln_fact = (0..=n)
            .map(|k| ln_gamma(k as f64 + 1.0).unwrap_or(0.0))
            .collect();
        MedianPositions {
            n,
            n_a,
            ln_fact,
            min_jump: MIN_JUMP,
        }
    }

    /// ln C(n, k).
    fn ln_choose(&self, n: usize, k: usize) -> f64 {
        self.ln_fact[n] - self.ln_fact[k] - self.ln_fact[n - k]
    }

    /// The number of marked items among `draws` taken without replacement from `pop` items of
    /// which `marked` are marked (inversion from the mode).
    ///
    /// # Complexity
    /// O(1 + standard deviation) expected.
    fn hypergeometric(&self, pop: usize, marked: usize, draws: usize, rng: &mut Pcg64) -> usize {
        let lo = draws.saturating_sub(pop - marked);
        let hi = marked.min(draws);
        if lo == hi {
            return lo;
        }
        let mode = (((draws + 1) as u128 * (marked + 1) as u128) / (pop + 2) as u128) as usize;
        let mode = mode.clamp(lo, hi);
        let (k, d, rest) = (marked as f64, draws as f64, (pop - marked) as f64);
        let p_mode = (self.ln_choose(marked, mode) + self.ln_choose(pop - marked, draws - mode)
            - self.ln_choose(pop, draws))
        .exp();
        let mut u = unit(rng) - p_mode;
        if u < 0.0 {
            return mode;
        }
        let (mut up, mut down, mut p_up, mut p_down) = (mode, mode, p_mode, p_mode);
        loop {
            if up < hi {
                let m = up as f64;
                p_up *= (k - m) * (d - m) / ((m + 1.0) * (rest - d + m + 1.0));
                up += 1;
                u -= p_up;
                if u < 0.0 {
                    return up;
                }
            }
            if down > lo {
                let m = down as f64;
                p_down *= m * (rest - d + m) / ((k - m + 1.0) * (d - m + 1.0));
                down -= 1;
                u -= p_down;
                if u < 0.0 {
                    return down;
                }
            }
            if up == hi && down == lo {
                // The probabilities summed to just under 1 by rounding: the mode.
                return mode;
            }
        }
    }

    /// The middle positions of one random assignment.
    ///
    /// # Complexity
    /// O(log n) jumps of O(√L) expected work for a jump of L positions, plus the steps near the
    /// middle members.
    pub(crate) fn draw(&self, rng: &mut Pcg64) -> Middles {
        let (n, n_a) = (self.n, self.n_a);
        let n_b = n - n_a;
        // Ranks (from 0) of the middle members of each group, and their positions once found.
        let ranks = [[(n_a - 1) / 2, n_a / 2], [(n_b - 1) / 2, n_b / 2]];
        let mut found = [[usize::MAX; 2]; 2];
        // Positions passed, and members of a and of b among them.
        let (mut p, mut seen) = (0usize, [0usize; 2]);
        // The next middle member still to find in each group (index into `ranks`), 2 when done.
        let mut next = [0usize; 2];
        while next[0] < 2 || next[1] < 2 {
            // Members of each group that may still pass before its next middle member.
            let gap = |g: usize| {
                if next[g] < 2 {
                    ranks[g][next[g]] - seen[g]
                } else {
                    usize::MAX
                }
            };
            let jump = gap(0).min(gap(1));
            if jump >= self.min_jump {
                let x = self.hypergeometric(n - p, n_a - seen[0], jump, rng);
                seen[0] += x;
                seen[1] += jump - x;
                p += jump;
                continue;
            }
            let g = usize::from(below(rng, (n - p) as u64) >= (n_a - seen[0]) as u64);
            // The member at position p is middle member `next[g]` of its group when as many of
            // its group have passed as its rank (both middle ranks when they are equal).
            while next[g] < 2 && ranks[g][next[g]] == seen[g] {
                found[g][next[g]] = p;
                next[g] += 1;
            }
            seen[g] += 1;
            p += 1;
        }
        (found[0], found[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::rng::stream;
    use crate::stats::special::binomial;
    use std::collections::BTreeMap;

    /// The middle positions of an assignment given as the sorted positions of a.
    fn middles_of(n: usize, in_a: &[usize]) -> Middles {
        let b: Vec<usize> = (0..n).filter(|i| !in_a.contains(i)).collect();
        let mid = |g: &[usize]| [g[(g.len() - 1) / 2], g[g.len() / 2]];
        (mid(in_a), mid(&b))
    }

    /// Every k-subset of 0..n.
    fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
        if k == 0 {
            return vec![Vec::new()];
        }
        if n < k {
            return Vec::new();
        }
        let mut out = subsets(n - 1, k);
        for mut s in subsets(n - 1, k - 1) {
            s.push(n - 1);
            out.push(s);
        }
        out
    }

    /// Pearson's X² of `draws` draws against the exact frequencies of every assignment.
    fn chi_square(n: usize, n_a: usize, min_jump: usize, draws: usize, seed: u64) -> (f64, usize) {
        let mut exact: BTreeMap<Middles, f64> = BTreeMap::new();
        let all = subsets(n, n_a);
        for s in &all {
            *exact.entry(middles_of(n, s)).or_insert(0.0) += 1.0 / all.len() as f64;
        }
        let mut sampler = MedianPositions::new(n, n_a);
        sampler.min_jump = min_jump;
        let mut rng = stream(seed, 0, 0);
        let mut seen: BTreeMap<Middles, f64> = BTreeMap::new();
        for _ in 0..draws {
            let m = sampler.draw(&mut rng);
            assert!(exact.contains_key(&m), "impossible middles {m:?}");
            *seen.entry(m).or_insert(0.0) += 1.0;
        }
        let x2 = exact
            .iter()
            .map(|(m, &p)| {
                let e = p * draws as f64;
                let o = seen.get(m).copied().unwrap_or(0.0);
                (o - e) * (o - e) / e
            })
            .sum();
        (x2, exact.len() - 1)
    }

    #[test]
    fn middles_have_the_distribution_of_every_assignment() {
        // Odd and even group sizes, one group of 1, jumps forced (min_jump 1) and not. X² with
        // df degrees of freedom has mean df and sd √(2 df): the band df + 6√(2 df) is passed by
        // a correct sampler with probability ≈ 1 − 1e-6 (fixed seeds: the test is deterministic);
        // a sampler off by one position in a jump, or with a wrong ratio, exceeds it by far.
        for &(n, n_a) in &[(9, 4), (10, 5), (11, 3), (12, 6), (8, 1), (13, 7)] {
            for &min_jump in &[1, 2, MIN_JUMP] {
                let (x2, df) = chi_square(n, n_a, min_jump, 200_000, 17 + n as u64);
                let band = df as f64 + 6.0 * (2.0 * df as f64).sqrt();
                assert!(
                    x2 < band,
                    "n {n}, n_a {n_a}, min_jump {min_jump}: X² {x2:.1} > {band:.1} (df {df})"
                );
            }
        }
    }

    #[test]
    fn hypergeometric_draws_have_their_probabilities() {
        // Exact probabilities C(K, x) C(N − K, L − x) / C(N, L) from integer binomials.
        for &(pop, marked, draws) in &[(50, 20, 15), (40, 3, 30), (60, 59, 10), (30, 15, 30)] {
            let s = MedianPositions::new(pop, 1);
            let mut rng = stream(5, 1, pop as u64);
            let n_draws = 200_000;
            let mut counts = vec![0.0; draws + 1];
            for _ in 0..n_draws {
                counts[s.hypergeometric(pop, marked, draws, &mut rng)] += 1.0;
            }
            let total = binomial(pop, draws).unwrap() as f64;
            let mut x2 = 0.0;
            let mut df = 0usize;
            for (x, &c) in counts.iter().enumerate() {
                let ways = if x <= marked && draws - x <= pop - marked {
                    (binomial(marked, x).unwrap() * binomial(pop - marked, draws - x).unwrap())
                        as f64
                } else {
                    0.0
                };
                if ways == 0.0 {
                    assert_eq!(c, 0.0, "impossible value {x} drawn");
                    continue;
                }
                let e = ways / total * n_draws as f64;
                x2 += (c - e) * (c - e) / e;
                df += 1;
            }
            let df = df.saturating_sub(1).max(1) as f64;
            assert!(
                x2 < df + 6.0 * (2.0 * df).sqrt(),
                "({pop}, {marked}, {draws}): X² {x2:.1}, df {df}"
            );
        }
    }

    #[test]
    fn large_draws_stay_near_the_middle() {
        // A direct check of the walk on a large case: the middle positions are those of a and
        // b's middle members, so the lower middle of a has (n_a − 1)/2 members of a before it;
        // their mean position is (N − 1)/2 by symmetry, within a few standard errors.
        let (n, n_a) = (10_001, 3_001);
        let s = MedianPositions::new(n, n_a);
        let mut rng = stream(9, 0, 0);
        let draws = 20_000;
        let mean = (0..draws)
            .map(|_| s.draw(&mut rng).0[0] as f64)
            .sum::<f64>()
            / draws as f64;
        // sd of the position ≈ √(N·q(1 − q))/q·½ ≈ 80 here; 6 standard errors of the mean ≈ 3.4.
        assert!((mean - 5_000.0).abs() < 4.0, "mean position {mean}");
    }
}
