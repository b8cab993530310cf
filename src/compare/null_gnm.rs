//! The G(n, m) baselines of [`super::null_models`]: `samples` uniform random graphs with the
//! network's numbers of nodes and edges, each serving the three G(n, m) measures
//! (`transitivity`, `avg_path_length`, Louvain `modularity`), or no sampling at all when every
//! graph of G(n, m) is the same graph up to isomorphism.
//!
//! **One baseline per (n, m).** The law of G(n, m), and so of the three measures on its graphs,
//! depends on n and m only, so the networks of a study that share (n, m) share one baseline,
//! drawn with [`size_seed`] (a function of the run's seed, n and m: content, not ids or
//! positions). Each network's baseline is still `samples` independent draws from its null law;
//! what changes (issue 25, from 0a97ebc) is that two networks of equal size now meet the same
//! draws instead of independent ones — as they would meet the same exact null distribution —
//! so equal (n, m) and equal observed values give equal z-scores.
//!
//! **Point masses.** G(n, m) has a single isomorphism class exactly when m ≤ 1 or
//! m ≥ C(n, 2) − 1 (no edge or one edge; the complete graph or the complete graph minus one
//! edge): any two graphs with one edge, or with one missing edge, differ by a relabelling of the
//! nodes. For 2 ≤ m ≤ C(n, 2) − 2 (n ≥ 4) there are at least two classes (two edges sharing a
//! node or not; two missing edges sharing a node or not), so only those four cases are exact. In
//! them every sample would give the same value of every isomorphism-invariant measure:
//! transitivity and path length are ratios of integer counts (one rounding), the same for every
//! labelling; Louvain's modularity is 0 for every labelling because these graphs are complete
//! multipartite (K_n, or K_n − e with the part {u, v}), whose modularity is at most 0, and
//! Louvain merges them into one community (modularity 1 − 1 = 0 exactly) — or `None` without
//! edges, or 0 for one edge (the edge's community: 1 − 4/4). The baseline is then the measures
//! of one representative graph (the first m node pairs in lexicographic order) repeated
//! `samples` times, so that the mean, sd (exactly 0), percentile and `n_samples` are the bytes
//! the sampling gave; `null_gnm_tests` checks this against the sampled baseline.

use std::collections::BTreeSet;

use rand_pcg::Pcg64;
use rayon::prelude::*;

use crate::graph::Graph;
use crate::stats::rng::{below, derive_seed, fnv1a, stream};
use crate::structure::{largest_component_paths, louvain, transitivity};

/// Random-stream domain of the G(n, m) graphs.
pub const NULL_GNM: u64 = 3;

/// The three G(n, m) measures of one graph: transitivity, path length, Louvain modularity.
pub(crate) type GnmValues = [Option<f64>; 3];

/// Node pair number `k` (lexicographic order of pairs u < v) for a sorted list of pair numbers.
pub(crate) fn decode_sorted(
    n: usize,
    picks: impl IntoIterator<Item = u64>,
) -> Vec<(u32, u32, f64)> {
    let mut edges = Vec::new();
    let (mut u, mut start) = (0u64, 0u64);
    let n = n as u64;
    for k in picks {
        while u + 1 < n && k >= start + (n - 1 - u) {
            start += n - 1 - u;
            u += 1;
        }
        let v = u + 1 + (k - start);
        edges.push((u as u32, v as u32, 1.0));
    }
    edges
}

/// Number of node pairs C(n, 2).
pub(crate) fn pairs(n: usize) -> u64 {
    (n as u64) * (n as u64).saturating_sub(1) / 2
}

/// A uniform G(n, m) graph: m distinct pairs by Floyd's sampling algorithm; `None` when
/// m > C(n, 2).
pub(crate) fn gnm(n: usize, m: usize, rng: &mut Pcg64) -> Option<Graph> {
    let total = pairs(n);
    let m = m as u64;
    if m > total {
        return None;
    }
    let mut picks = BTreeSet::new();
    for j in total - m..total {
        let t = below(rng, j + 1);
        if !picks.insert(t) {
            picks.insert(j);
        }
    }
    Graph::from_edges(n, decode_sorted(n, picks)).ok()
}

/// The seed of the G(n, m) baseline shared by every network with `n` nodes and `m` edges:
/// `derive_seed(seed, fnv1a("gnm" ‖ n ‖ m))`, n and m as 8 little-endian bytes.
pub(crate) fn size_seed(seed: u64, n: usize, m: usize) -> u64 {
    let mut bytes = b"gnm".to_vec();
    bytes.extend((n as u64).to_le_bytes());
    bytes.extend((m as u64).to_le_bytes());
    derive_seed(seed, fnv1a(&bytes))
}

/// Whether G(n, m) holds a single graph up to isomorphism: m ≤ 1 or C(n, 2) − 1 ≤ m ≤ C(n, 2).
pub(crate) fn single_class(n: usize, m: usize) -> bool {
    let (total, m) = (pairs(n), m as u64);
    m <= total && (m <= 1 || m + 1 >= total)
}

/// The G(n, m) measures of one graph, Louvain seeded with `louvain_seed`.
fn values(g: &Graph, louvain_seed: u64) -> GnmValues {
    [
        Some(transitivity(g)),
        largest_component_paths(g).avg_path_length,
        louvain(g, louvain_seed).modularity,
    ]
}

/// The baseline of G(n, m): sample `k` is the graph of `stream(s, NULL_GNM, k)` with Louvain
/// seeded by `derive_seed(s, k)` (samples in parallel, collected in order), or, when G(n, m)
/// is a single class ([`single_class`]), one representative's values repeated `samples` times.
///
/// # Arguments
/// * `n`, `m` — nodes and edges.
/// * `samples` — number of baseline values.
/// * `s` — the seed of the draws.
///
/// # Returns
/// `samples` values, all `None` when m > C(n, 2).
///
/// # Complexity
/// O(samples · (m log m + Louvain)), or one Louvain when exact.
pub(crate) fn gnm_baseline(n: usize, m: usize, samples: usize, s: u64) -> Vec<GnmValues> {
    if single_class(n, m) {
        let Ok(g) = Graph::from_edges(n, decode_sorted(n, 0..m as u64)) else {
            return vec![[None; 3]; samples];
        };
        return vec![values(&g, derive_seed(s, 0)); samples];
    }
    sampled_baseline(n, m, samples, s)
}

/// [`gnm_baseline`] always by sampling (the oracle of the exact case in the tests).
pub(crate) fn sampled_baseline(n: usize, m: usize, samples: usize, s: u64) -> Vec<GnmValues> {
    (0..samples as u64)
        .into_par_iter()
        .map(|k| match gnm(n, m, &mut stream(s, NULL_GNM, k)) {
            Some(r) => values(&r, derive_seed(s, k)),
            None => [None; 3],
        })
        .collect()
}

#[cfg(test)]
#[path = "null_gnm_tests.rs"]
mod null_gnm_tests;
