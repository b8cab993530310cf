//! Betweenness centrality by Brandes' algorithm, unweighted (BFS) and weighted (Dijkstra on
//! distance = 1/weight), in parallel over sources with a thread-count-independent sum.
//!
//! Determinism: sources are cut into blocks of [`SOURCE_BLOCK`] consecutive nodes. Each block
//! accumulates its sources' dependencies into its own vector, in an order fixed by the block
//! alone; the block vectors are then added to the total in block order. Rayon only decides which
//! thread computes which block (in waves of a few blocks per thread, to bound memory), never the
//! order of a float sum, so the result is bitwise the same for any number of threads.
//!
//! No predecessor lists: the backward pass of a source finds the successors of `w` among its
//! neighbours (`dist[x] == dist[w] + 1`, or `dist[w] + len(w, x) == dist[x]` when weighted) and
//! pulls `coef[x] = (1 + δ[x]) / σ[x]`, so that `δ[w] = σ[w] · Σ coef[x]`. Unweighted, a block's
//! sources run 16 at a time, sharing every arc visit (`brandes_lanes.rs`); weighted, one at a
//! time (Dijkstra with a radix heap, `radix_heap.rs`).

use rayon::prelude::*;

use super::brandes_lanes::{LaneScratch, LANES};
use crate::graph::Graph;

/// Number of consecutive sources summed together before blocks are combined (fixed; it must not
/// depend on the number of threads, or the float sums would).
pub const SOURCE_BLOCK: usize = 32;

/// Blocks handed to rayon at once per thread; affects speed and memory only, never the result.
const BLOCKS_PER_THREAD_WAVE: usize = 8;

/// Betweenness centrality, as networkx `betweenness_centrality(G, normalized=True,
/// endpoints=False)`: `b(v) = Σ_{s≠v≠t} σ_st(v)/σ_st`, over ordered pairs, times
/// `1/((n−1)(n−2))` (which is `2/((n−1)(n−2))` over unordered pairs). Edges have length 1.
///
/// Freeman (1977), *Sociometry* 40(1); algorithm of Brandes (2001), "A faster algorithm for
/// betweenness centrality", *J. Math. Sociol.* 25(2).
///
/// # Arguments
/// * `g` — the graph (weights ignored).
///
/// # Returns
/// One value per node, in node order; 0 for every node when `n ≤ 2` (networkx does not rescale
/// then, and every value is 0). Bitwise identical for any rayon thread count.
///
/// # Complexity
/// O(n·m) time; per thread O(n) memory (about 150 bytes per node), plus 8n bytes per block in
/// flight.
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// use ptce::centrality::betweenness;
/// // path 0 - 1 - 2: node 1 is on the only path between 0 and 2.
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
/// assert_eq!(betweenness(&g), vec![Some(0.0), Some(1.0), Some(0.0)]);
/// ```
pub fn betweenness(g: &Graph) -> Vec<Option<f64>> {
    let all: Vec<u32> = (0..g.n() as u32).collect();
    rescale(dependency_sums(g, &all))
}

/// Σ over `sources` (in this order, by fixed blocks) of Brandes' dependencies δ_s(v), unweighted.
pub(crate) fn dependency_sums(g: &Graph, sources: &[u32]) -> Vec<f64> {
    let n = g.n();
    blocked_sum(
        n,
        sources,
        || LaneScratch::new(n),
        |lanes, block, acc| {
            for batch in block.chunks(LANES) {
                lanes.run(g, batch, acc);
            }
        },
    )
}

/// Σ over `sources` of Brandes' dependencies with edge length `1/weight`.
pub(crate) fn weighted_dependency_sums(g: &Graph, sources: &[u32]) -> Vec<f64> {
    let n = g.n();
    let len: Vec<f64> = g.weights().iter().map(|w| 1.0 / w).collect();
    blocked_sum(
        n,
        sources,
        || DijkstraScratch::new(n),
        |sc, block, acc| {
            for &s in block {
                sc.source(g, &len, s as usize, acc);
            }
        },
    )
}

/// Weighted betweenness: as [`betweenness`] with edge length `1/weight` (Newman 2001, *Phys. Rev.
/// E* 64, 016132; Opsahl, Agneessens & Skvoretz 2010, *Social Networks* 32(3)), equal to networkx
/// `betweenness_centrality(G, weight="distance")` with `distance = 1/weight`.
///
/// Path lengths are float sums accumulated as networkx's Dijkstra accumulates them
/// (`dist[v] + 1/w(v, x)`, a single IEEE rounding per step) and two paths are equally short only
/// when those sums are *exactly* equal, as networkx decides. Hence `1/2 + 1/2` ties with `1`,
/// `1/3 + 1/6` ties with `1/2` (the rounded sum happens to be exact), but `1/6 + 1/30` does not tie
/// with `1/5` (equal in exact arithmetic, not in floats): networkx counts one shortest path there
/// and so does this function. A tolerance would depart from networkx (igraph uses one); see
/// `docs/metrics.md`.
///
/// # Arguments
/// * `g` — the graph; weights must be positive (guaranteed by [`Graph`]).
///
/// # Returns
/// One value per node, in node order; 0 everywhere when `n ≤ 2`. Bitwise identical for any
/// rayon thread count.
///
/// # Complexity
/// O(n·m·log n) time, O(n + m) memory per thread.
pub fn betweenness_weighted(g: &Graph) -> Vec<Option<f64>> {
    let all: Vec<u32> = (0..g.n() as u32).collect();
    rescale(weighted_dependency_sums(g, &all))
}

/// networkx's normalisation for undirected graphs without endpoints.
pub(super) fn rescale(raw: Vec<f64>) -> Vec<Option<f64>> {
    let n = raw.len();
    if n <= 2 {
        return raw.into_iter().map(Some).collect();
    }
    let scale = 1.0 / ((n as f64 - 1.0) * (n as f64 - 2.0));
    raw.into_iter().map(|b| Some(b * scale)).collect()
}

/// Runs `block_fn(scratch, block, acc)` on consecutive blocks of [`SOURCE_BLOCK`] sources, each
/// into its own zeroed `acc`, then adds the blocks' sums in block order.
pub(super) fn blocked_sum<S, I, F>(n: usize, sources: &[u32], init: I, block_fn: F) -> Vec<f64>
where
    I: Fn() -> S + Sync + Send,
    F: Fn(&mut S, &[u32], &mut [f64]) + Sync + Send,
{
    let mut total = vec![0.0; n];
    let n_blocks = sources.len().div_ceil(SOURCE_BLOCK);
    let wave = BLOCKS_PER_THREAD_WAVE * rayon::current_num_threads().max(1);
    let mut first = 0;
    while first < n_blocks {
        let last = (first + wave).min(n_blocks);
        let parts: Vec<Vec<f64>> = (first..last)
            .into_par_iter()
            .map_init(&init, |scratch, b| {
                let mut acc = vec![0.0; n];
                let end = ((b + 1) * SOURCE_BLOCK).min(sources.len());
                block_fn(scratch, &sources[b * SOURCE_BLOCK..end], &mut acc);
                acc
            })
            .collect();
        for part in parts {
            for (t, x) in total.iter_mut().zip(part) {
                *t += x;
            }
        }
        first = last;
    }
    total
}

/// Per-thread buffers of the weighted (Dijkstra) Brandes pass, on a graph or on the groups of a
/// projection (`groups.rs`).
pub(super) struct DijkstraScratch {
    pub(super) dist: Vec<f64>,
    pub(super) settled: Vec<bool>,
    pub(super) sigma: Vec<f64>,
    pub(super) coef: Vec<f64>,
    pub(super) order: Vec<u32>,
    pub(super) heap: super::radix_heap::RadixHeap,
}

impl DijkstraScratch {
    pub(super) fn new(n: usize) -> Self {
        DijkstraScratch {
            dist: vec![f64::INFINITY; n],
            settled: vec![false; n],
            sigma: vec![0.0; n],
            coef: vec![0.0; n],
            order: Vec::with_capacity(n),
            heap: super::radix_heap::RadixHeap::default(),
        }
    }

    /// Adds the dependencies of source `s` to `acc`; `len` is the arc length `1/weight`.
    fn source(&mut self, g: &Graph, len: &[f64], s: usize, acc: &mut [f64]) {
        let off = g.offsets();
        let tgt = g.targets();
        self.order.clear();
        self.heap.clear();
        self.dist[s] = 0.0;
        // Non-negative floats order like their bit patterns.
        self.heap.push((0.0f64.to_bits(), s as u32));
        while let Some((_, v)) = self.heap.pop() {
            let v = v as usize;
            if self.settled[v] {
                continue;
            }
            self.settled[v] = true;
            self.order.push(v as u32);
            let dv = self.dist[v];
            let mut sg = if v == s { 1.0 } else { 0.0 };
            for a in off[v]..off[v + 1] {
                let x = tgt[a] as usize;
                if self.settled[x] {
                    // x precedes v on a shortest path iff its length + this arc is exactly dv.
                    if self.dist[x] + len[a] == dv {
                        sg += self.sigma[x];
                    }
                } else {
                    let nd = dv + len[a];
                    if nd < self.dist[x] {
                        self.dist[x] = nd;
                        self.heap.push((nd.to_bits(), x as u32));
                    }
                }
            }
            self.sigma[v] = sg;
        }
        // order[0] is the source, skipped as in the unweighted pass.
        for i in (1..self.order.len()).rev() {
            let w = self.order[i] as usize;
            let dw = self.dist[w];
            let mut pulled = 0.0;
            for a in off[w]..off[w + 1] {
                let x = tgt[a] as usize;
                if dw + len[a] == self.dist[x] {
                    pulled += self.coef[x];
                }
            }
            let delta = self.sigma[w] * pulled;
            acc[w] += delta;
            self.coef[w] = (1.0 + delta) / self.sigma[w];
        }
        self.reset();
    }

    /// Puts back the distances and marks of the nodes the last pass settled.
    pub(super) fn reset(&mut self) {
        for &w in &self.order {
            self.dist[w as usize] = f64::INFINITY;
            self.settled[w as usize] = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_and_small_graphs() {
        // Star with centre 0 and 4 leaves: the centre lies on all C(4,2) = 6 leaf pairs, so
        // b = 2·6 / ((5−1)(5−2)) = 1; leaves 0.
        let g = Graph::from_edges(5, (1..5).map(|v| (0, v, 1.0))).unwrap();
        let b = betweenness(&g);
        assert_eq!(
            b,
            vec![Some(1.0), Some(0.0), Some(0.0), Some(0.0), Some(0.0)]
        );
        assert_eq!(betweenness_weighted(&g), b);
        for n in 0..3 {
            let g = Graph::from_edges(n, (1..n as u32).map(|v| (0, v, 1.0))).unwrap();
            assert_eq!(betweenness(&g), vec![Some(0.0); n]);
        }
    }

    #[test]
    fn weights_change_the_shortest_path() {
        // Square 0-1-2-3-0; heavy edges 0-1 and 1-2 (short) make 0-1-2 the only shortest 0→2
        // path (1/4 + 1/4 < 1 + 1), so node 1 carries the pair {0,2} and node 3 nothing:
        // weighted b(1) = 2·1 / (3·2) = 1/3. Unweighted: both 1 and 3 carry half: 1/6.
        let g = Graph::from_edges(4, [(0, 1, 4.0), (1, 2, 4.0), (2, 3, 1.0), (3, 0, 1.0)]).unwrap();
        let w = betweenness_weighted(&g);
        assert!((w[1].unwrap() - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(w[3], Some(0.0));
        let u = betweenness(&g);
        assert!((u[1].unwrap() - 1.0 / 6.0).abs() < 1e-15);
        assert!((u[3].unwrap() - 1.0 / 6.0).abs() < 1e-15);
    }
}
