//! Seeded random graphs for benchmarks and tests: compiled only for the library's tests, and
//! included by `benches/centrality.rs` through `#[path]` (not part of the public API).

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;

use crate::graph::{Graph, GraphError};

/// A uniform random graph G(n, m) (Erdős & Rényi 1959) with integer weights drawn uniformly in
/// 1..=5, from `rand_pcg::Pcg64::seed_from_u64(seed)`.
///
/// Edges are drawn as uniform pairs `u ≠ v`, duplicates rejected, until `m` distinct edges exist
/// (index draws use `next_u64() % n`, whose bias is below n/2⁶⁴).
///
/// # Arguments
/// * `n`, `m` — nodes and edges (`m` is capped at n(n−1)/2); `seed` — the PCG seed.
///
/// # Returns
/// The graph, or a [`GraphError`] if `n` is beyond `u32`.
///
/// # Complexity
/// O(m log m) expected time while `m` is well below n(n−1)/2.
///
pub fn gnm_weighted(n: usize, m: usize, seed: u64) -> Result<Graph, GraphError> {
    let max = n.saturating_mul(n.saturating_sub(1)) / 2;
    let m = m.min(max);
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut seen = std::collections::HashSet::with_capacity(m);
    let mut edges = Vec::with_capacity(m);
    while edges.len() < m {
        let u = (rng.next_u64() % n as u64) as u32;
        let v = (rng.next_u64() % n as u64) as u32;
        if u == v || !seen.insert((u.min(v), u.max(v))) {
            continue;
        }
        let w = (rng.next_u64() % 5 + 1) as f64;
        edges.push((u, v, w));
    }
    Graph::from_edges(n, edges)
}
