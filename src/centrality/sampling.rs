//! Betweenness estimated from a uniform sample of sources (Brandes & Pich 2007), off by default.

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;

use super::betweenness::{dependency_sums, weighted_dependency_sums};
use crate::graph::Graph;

/// How to sample sources for an estimated betweenness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BetweennessSampling {
    /// Number of distinct sources `k` (capped at `n`; `k = n` gives the exact value).
    pub sources: usize,
    /// Seed of the `rand_pcg::Pcg64` stream that draws them.
    pub seed: u64,
}

/// Number of sources `k` such that every node's estimate is within `epsilon` of its exact
/// normalised betweenness with probability at least `1 − delta`:
/// `k = ⌈ln(2n/δ) / (2ε²)⌉ + 1`.
///
/// Each estimate is the mean of `k − 1` or `k` values `δ_s(v)/(n − 2) ∈ [0, 1]` drawn without
/// replacement from the `n − 1` sources `s ≠ v`, whose mean is the exact value; Hoeffding's bound
/// (1963, which holds without replacement) gives `P(|error| ≥ ε) ≤ 2 exp(−2(k−1)ε²)` per node,
/// and a union bound over the `n` nodes the formula.
///
/// # Arguments
/// * `n` — number of nodes; `epsilon` — absolute error on the normalised value (in (0, 1));
///   `delta` — failure probability (in (0, 1)).
///
/// # Returns
/// The sample size, at most `n`; `None` if `epsilon` or `delta` is not in (0, 1).
///
/// # Complexity
/// O(1).
pub fn sample_size_for(n: usize, epsilon: f64, delta: f64) -> Option<usize> {
    let ok = |x: f64| x > 0.0 && x < 1.0;
    if !(ok(epsilon) && ok(delta)) {
        return None;
    }
    let k = ((2.0 * n as f64 / delta).ln() / (2.0 * epsilon * epsilon)).ceil() + 1.0;
    Some((k as usize).min(n))
}

/// Estimated normalised betweenness from `k` sources drawn uniformly without replacement,
/// rescaled as networkx `betweenness_centrality(G, k=k, normalized=True, endpoints=False)`
/// rescales: a sampled node's sum is divided by `(k − 1)(n − 2)`, any other node's by `k(n − 2)`
/// (Brandes & Pich 2007, "Centrality estimation in large networks", *Int. J. Bifurcation and
/// Chaos* 17(7)). For `k = n` it equals [`super::betweenness`]; see [`sample_size_for`] for the
/// error bound.
///
/// # Arguments
/// * `g` — the graph; `sampling` — `k` and the seed; `weighted` — edge length `1/weight`
///   (as [`super::betweenness_weighted`]) instead of 1.
///
/// # Returns
/// One value per node in node order; all 0 when `n ≤ 2`; `None` for the sampled node when
/// `k = 1` (networkx's 0/0, NaN). Bitwise identical for any rayon thread count; the sources
/// depend only on `(seed, n, k)`.
///
/// # Complexity
/// O(k·m) unweighted, O(k·m·log n) weighted.
///
/// # Examples
/// ```
/// use ptce::centrality::{betweenness, betweenness_sampled, BetweennessSampling};
/// use ptce::graph::Graph;
/// // A ring of 12 nodes with one chord: every node a source, the sample is the exact value.
/// let edges = (0..12u32).map(|i| (i, (i + 1) % 12, 1.0)).chain([(0, 6, 1.0)]);
/// let g = Graph::from_edges(12, edges).unwrap();
/// let all = BetweennessSampling { sources: 12, seed: 7 };
/// assert_eq!(betweenness_sampled(&g, &all, false), betweenness(&g));
/// ```
pub fn betweenness_sampled(
    g: &Graph,
    sampling: &BetweennessSampling,
    weighted: bool,
) -> Vec<Option<f64>> {
    let n = g.n();
    let sources = sample_sources(n, sampling.sources, sampling.seed);
    let raw = if weighted {
        weighted_dependency_sums(g, &sources)
    } else {
        dependency_sums(g, &sources)
    };
    if n <= 2 {
        return raw.into_iter().map(Some).collect();
    }
    let k = sources.len() as f64;
    let nm2 = n as f64 - 2.0;
    let mut sampled = vec![false; n];
    for &s in &sources {
        sampled[s as usize] = true;
    }
    raw.into_iter()
        .zip(sampled)
        .map(|(b, is_source)| {
            if !is_source {
                Some(b * (1.0 / (k * nm2)))
            } else if k > 1.0 {
                Some(b * (1.0 / ((k - 1.0) * nm2)))
            } else {
                None
            }
        })
        .collect()
}

/// `k` distinct nodes of `0..n` (partial Fisher–Yates on a `Pcg64` seeded with `seed`), sorted.
fn sample_sources(n: usize, k: usize, seed: u64) -> Vec<u32> {
    let k = k.min(n);
    let mut nodes: Vec<u32> = (0..n as u32).collect();
    let mut rng = Pcg64::seed_from_u64(seed);
    for i in 0..k {
        // Lemire's multiply-shift maps a 64-bit draw to 0..n−i (bias below (n−i)/2⁶⁴).
        let span = (n - i) as u64;
        let j = i + ((u128::from(rng.next_u64()) * u128::from(span)) >> 64) as usize;
        nodes.swap(i, j);
    }
    nodes.truncate(k);
    nodes.sort_unstable();
    nodes
}

#[cfg(test)]
mod tests {
    use super::super::{betweenness, betweenness_weighted, gnm_weighted};
    use super::*;

    #[test]
    fn full_sample_is_exact_and_estimates_are_close() {
        let g = gnm_weighted(120, 360, 5).unwrap();
        let all = BetweennessSampling {
            sources: 1000,
            seed: 1,
        };
        assert_eq!(betweenness_sampled(&g, &all, false), betweenness(&g));
        assert_eq!(
            betweenness_sampled(&g, &all, true),
            betweenness_weighted(&g)
        );
        // ε = 0.2, δ = 0.01 needs k = ⌈ln(24000)/0.08⌉ + 1 = 128 > n: capped at n.
        assert_eq!(sample_size_for(120, 0.2, 0.01), Some(120));
        // ln(2·10⁴/0.1) / (2·0.05²) = 12.206 / 0.005 = 2441.2 → 2442 + 1.
        assert_eq!(sample_size_for(10_000, 0.05, 0.1), Some(2_443));
        assert_eq!(sample_size_for(10, 0.0, 0.1), None);
        // Half the sources: every estimate within the ε of k = 60 at δ = 0.01,
        // ε = sqrt(ln(2n/δ) / (2(k−1))) ≈ 0.29; in practice far closer.
        let half = BetweennessSampling {
            sources: 60,
            seed: 3,
        };
        let est = betweenness_sampled(&g, &half, false);
        for (e, x) in est.iter().zip(betweenness(&g)) {
            assert!((e.unwrap() - x.unwrap()).abs() < 0.29);
        }
        assert_ne!(est, betweenness(&g));
    }

    #[test]
    fn sources_are_distinct_sorted_and_seeded() {
        let a = sample_sources(1000, 50, 9);
        assert_eq!(a.len(), 50);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(a, sample_sources(1000, 50, 9));
        assert_ne!(a, sample_sources(1000, 50, 10));
    }
}
