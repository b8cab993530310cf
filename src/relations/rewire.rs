//! Degree-preserving rewiring by seeded double-edge swaps, as networkx `double_edge_swap`.
//!
//! Reference: Maslov & Sneppen (2002), "Specificity and stability in topology of protein
//! networks", *Science* 296: 910–913; implementation reference networkx 3.x
//! `networkx.algorithms.swap.double_edge_swap` (see the module doc of [`crate::relations`]).

use rand_pcg::Pcg64;

use super::{adjacent, check_graph, GraphError};
use crate::stats::rng;

/// Stream domain of the rewiring (distinct from `rng::PERMUTATION` and `rng::BOOTSTRAP`).
pub const REWIRE: u64 = 22;

/// A rewired graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewired {
    /// Sorted neighbour lists of the rewired graph (same degrees as the input).
    pub adj: Vec<Vec<u32>>,
    /// Successful swaps (= the requested `nswap`).
    pub swaps: usize,
    /// Attempts made, successful or not.
    pub tries: usize,
}

/// Why a graph cannot be rewired.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SwapStatus {
    /// The adjacency is not an undirected simple graph.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// More successful swaps requested than attempts allowed (networkx raises too).
    #[error("nswap ({nswap}) is greater than max_tries ({max_tries})")]
    NswapExceedsMaxTries { nswap: usize, max_tries: usize },
    /// Fewer than 4 nodes: no swap can involve four distinct nodes.
    #[error("a graph with {0} nodes has no double-edge swap (needs 4)")]
    TooFewNodes(usize),
    /// Fewer than 2 edges.
    #[error("a graph with {0} edges has no double-edge swap (needs 2)")]
    TooFewEdges(usize),
    /// No pair of edges can be swapped at all (e.g. a star or a complete graph): the graph is
    /// the only one with its degree sequence reachable by swaps.
    #[error("no valid double-edge swap exists in this graph (star, complete graph, ...)")]
    NoValidSwap,
    /// `max_tries` attempts made before `nswap` successful swaps (networkx raises).
    #[error("{tries} attempts gave only {swaps} successful swaps")]
    MaxTriesExceeded { swaps: usize, tries: usize },
}

/// Rewires an undirected simple graph by `nswap` successful double-edge swaps.
///
/// Each attempt draws two oriented edges (u, v) and (x, y) uniformly and independently, and
/// replaces them by (u, x) and (v, y) unless u = x, v = y, or (u, x) or (v, y) already exists —
/// networkx's rule and law (it draws u by degree then v among u's neighbours).
///
/// # Arguments
/// * `adj` — sorted neighbour lists of an undirected simple graph.
/// * `nswap` — number of *successful* swaps wanted (networkx's `nswap`).
/// * `max_tries` — maximum number of attempts.
/// * `seed` — seed of the PCG stream (`rng::stream(seed, REWIRE, 0)`).
///
/// # Returns
/// The [`Rewired`] graph with every degree kept, or a [`SwapStatus`].
///
/// # Complexity
/// O(tries · Δ) plus O(E²) in the worst case for the check that some swap is valid.
///
/// # Examples
/// ```
/// use ptce::relations::rewire::double_edge_swap;
/// // Path 0-1-2-3-4-5: swaps keep every degree.
/// let adj = vec![vec![1], vec![0, 2], vec![1, 3], vec![2, 4], vec![3, 5], vec![4]];
/// let r = double_edge_swap(&adj, 3, 1000, 7).unwrap();
/// let degrees: Vec<usize> = r.adj.iter().map(Vec::len).collect();
/// assert_eq!(degrees, vec![1, 2, 2, 2, 2, 1]);
/// ```
pub fn double_edge_swap(
    adj: &[Vec<u32>],
    nswap: usize,
    max_tries: usize,
    seed: u64,
) -> Result<Rewired, SwapStatus> {
    let e = check_graph(adj)?;
    let n = adj.len();
    if nswap > max_tries {
        return Err(SwapStatus::NswapExceedsMaxTries { nswap, max_tries });
    }
    if n < 4 {
        return Err(SwapStatus::TooFewNodes(n));
    }
    if e < 2 {
        return Err(SwapStatus::TooFewEdges(e));
    }
    let mut edges: Vec<(u32, u32)> = Vec::with_capacity(e);
    for (u, nb) in adj.iter().enumerate() {
        edges.extend(
            nb.iter()
                .filter(|&&v| v as usize > u)
                .map(|&v| (u as u32, v)),
        );
    }
    if nswap == 0 {
        return Ok(Rewired {
            adj: adj.to_vec(),
            swaps: 0,
            tries: 0,
        });
    }
    if !any_valid_swap(adj, &edges) {
        return Err(SwapStatus::NoValidSwap);
    }
    let rng = rng::stream(seed, REWIRE, 0);
    if n <= BIT_MATRIX_MAX_NODES {
        swap_edges(BitMatrix::of(adj), edges, nswap, max_tries, rng)
    } else {
        swap_edges(adj.to_vec(), edges, nswap, max_tries, rng)
    }
}

/// Nodes up to which the swaps test and change adjacency in an n × n bit matrix (at most
/// 2 MiB) instead of sorted neighbour lists: O(1) per test and per change instead of a binary
/// search and a shift of the list. Same attempts, same decisions, same graph.
const BIT_MATRIX_MAX_NODES: usize = 4096;

/// The adjacency the swaps read and change.
trait Adjacency {
    /// Whether u and v are adjacent.
    fn has(&self, u: u32, v: u32) -> bool;
    /// Removes the edges u–v and x–y, adds u–x and v–y (four distinct nodes, checked).
    fn swap(&mut self, u: u32, v: u32, x: u32, y: u32);
    /// Sorted neighbour lists.
    fn into_lists(self) -> Vec<Vec<u32>>;
}

impl Adjacency for Vec<Vec<u32>> {
    fn has(&self, u: u32, v: u32) -> bool {
        adjacent(self, u as usize, v)
    }

    fn swap(&mut self, u: u32, v: u32, x: u32, y: u32) {
        unlink(self, u, v);
        unlink(self, x, y);
        link(self, u, x);
        link(self, v, y);
    }

    fn into_lists(self) -> Vec<Vec<u32>> {
        self
    }
}

/// Adjacency as an n × n bit matrix, rows of `words` 64-bit words.
struct BitMatrix {
    n: usize,
    words: usize,
    bits: Vec<u64>,
}

impl BitMatrix {
    fn of(adj: &[Vec<u32>]) -> BitMatrix {
        let n = adj.len();
        let words = n.div_ceil(64);
        let mut m = BitMatrix {
            n,
            words,
            bits: vec![0; n * words],
        };
        for (u, nb) in adj.iter().enumerate() {
            for &v in nb {
                m.set(u as u32, v, true);
            }
        }
        m
    }

    fn set(&mut self, u: u32, v: u32, on: bool) {
        let (u, v) = (u as usize, v as usize);
        let word = &mut self.bits[u * self.words + v / 64];
        if on {
            *word |= 1 << (v % 64);
        } else {
            *word &= !(1 << (v % 64));
        }
    }
}

impl Adjacency for BitMatrix {
    fn has(&self, u: u32, v: u32) -> bool {
        let (u, v) = (u as usize, v as usize);
        self.bits[u * self.words + v / 64] >> (v % 64) & 1 == 1
    }

    fn swap(&mut self, u: u32, v: u32, x: u32, y: u32) {
        for (a, b, on) in [(u, v, false), (x, y, false), (u, x, true), (v, y, true)] {
            self.set(a, b, on);
            self.set(b, a, on);
        }
    }

    fn into_lists(self) -> Vec<Vec<u32>> {
        (0..self.n)
            .map(|u| {
                let row = &self.bits[u * self.words..(u + 1) * self.words];
                let mut nb = Vec::new();
                for (w, &word) in row.iter().enumerate() {
                    let mut rest = word;
                    while rest != 0 {
                        nb.push((w * 64) as u32 + rest.trailing_zeros());
                        rest &= rest - 1;
                    }
                }
                nb
            })
            .collect()
    }
}

/// The swap loop of [`double_edge_swap`] on either adjacency.
fn swap_edges<A: Adjacency>(
    mut adj: A,
    mut edges: Vec<(u32, u32)>,
    nswap: usize,
    max_tries: usize,
    mut rng: Pcg64,
) -> Result<Rewired, SwapStatus> {
    let (mut swaps, mut tries) = (0usize, 0usize);
    while swaps < nswap {
        if tries >= max_tries {
            return Err(SwapStatus::MaxTriesExceeded { swaps, tries });
        }
        tries += 1;
        let (i1, u, v) = oriented(&edges, &mut rng);
        let (i2, x, y) = oriented(&edges, &mut rng);
        if u == x || v == y || adj.has(u, x) || adj.has(v, y) {
            continue;
        }
        adj.swap(u, v, x, y);
        edges[i1] = (u, x);
        edges[i2] = (v, y);
        swaps += 1;
    }
    Ok(Rewired {
        adj: adj.into_lists(),
        swaps,
        tries,
    })
}

/// A uniformly drawn oriented edge: (index in `edges`, tail, head).
fn oriented(edges: &[(u32, u32)], rng: &mut Pcg64) -> (usize, u32, u32) {
    let r = rng::below(rng, 2 * edges.len() as u64) as usize;
    let (a, b) = edges[(r / 2).min(edges.len() - 1)];
    if r & 1 == 0 {
        (r / 2, a, b)
    } else {
        (r / 2, b, a)
    }
}

/// Whether some pair of edges on four distinct nodes can be swapped one way or the other.
fn any_valid_swap(adj: &[Vec<u32>], edges: &[(u32, u32)]) -> bool {
    for (i, &(a, b)) in edges.iter().enumerate() {
        for &(c, d) in &edges[i + 1..] {
            if a == c || a == d || b == c || b == d {
                continue;
            }
            let straight = !adjacent(adj, a as usize, c) && !adjacent(adj, b as usize, d);
            let crossed = !adjacent(adj, a as usize, d) && !adjacent(adj, b as usize, c);
            if straight || crossed {
                return true;
            }
        }
    }
    false
}

fn unlink(adj: &mut [Vec<u32>], u: u32, v: u32) {
    for (a, b) in [(u, v), (v, u)] {
        if let Some(nb) = adj.get_mut(a as usize) {
            if let Ok(p) = nb.binary_search(&b) {
                nb.remove(p);
            }
        }
    }
}

fn link(adj: &mut [Vec<u32>], u: u32, v: u32) {
    for (a, b) in [(u, v), (v, u)] {
        if let Some(nb) = adj.get_mut(a as usize) {
            if let Err(p) = nb.binary_search(&b) {
                nb.insert(p, b);
            }
        }
    }
}

/// Transitivity 3 × triangles / connected triples (networkx `transitivity`), for the tests.
#[cfg(test)]
pub(crate) fn transitivity(adj: &[Vec<u32>]) -> f64 {
    let (mut closed, mut triples) = (0u64, 0u64);
    for nb in adj {
        let d = nb.len() as u64;
        triples += d * d.saturating_sub(1);
        for (p, &i) in nb.iter().enumerate() {
            for &k in &nb[p + 1..] {
                if adjacent(adj, i as usize, k) {
                    closed += 2;
                }
            }
        }
    }
    if triples == 0 {
        0.0
    } else {
        closed as f64 / triples as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn star(n: usize) -> Vec<Vec<u32>> {
        let mut adj = vec![vec![0u32]; n];
        adj[0] = (1..n as u32).collect();
        adj
    }

    fn complete(n: usize) -> Vec<Vec<u32>> {
        (0..n)
            .map(|u| (0..n as u32).filter(|&v| v as usize != u).collect())
            .collect()
    }

    #[test]
    fn degenerate_graphs_get_a_status() {
        assert_eq!(
            double_edge_swap(&star(6), 1, 100, 1),
            Err(SwapStatus::NoValidSwap)
        );
        assert_eq!(
            double_edge_swap(&complete(5), 1, 100, 1),
            Err(SwapStatus::NoValidSwap)
        );
        assert_eq!(
            double_edge_swap(&complete(3), 1, 100, 1),
            Err(SwapStatus::TooFewNodes(3))
        );
        let one_edge = vec![vec![1], vec![0], vec![], vec![]];
        assert_eq!(
            double_edge_swap(&one_edge, 1, 100, 1),
            Err(SwapStatus::TooFewEdges(1))
        );
        assert!(matches!(
            double_edge_swap(&star(6), 5, 4, 1),
            Err(SwapStatus::NswapExceedsMaxTries { .. })
        ));
    }

    #[test]
    fn same_seed_same_graph_and_counts_successes() {
        let adj: Vec<Vec<u32>> = (0..10u32)
            .map(|u| {
                vec![(u + 9) % 10, (u + 1) % 10]
                    .into_iter()
                    .collect::<Vec<_>>()
            })
            .map(|mut v| {
                v.sort_unstable();
                v
            })
            .collect();
        let a = double_edge_swap(&adj, 20, 10_000, 3).unwrap();
        let b = double_edge_swap(&adj, 20, 10_000, 3).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.swaps, 20);
        assert!(a.tries >= 20);
        // A perfect matching on 4 nodes: every swap of its two edges is valid.
        let matching = vec![vec![1], vec![0], vec![3], vec![2]];
        let m = double_edge_swap(&matching, 5, 100_000, 9).unwrap();
        assert_eq!(m.swaps, 5);
    }

    /// The bit matrix and the neighbour lists make the same attempts, decisions and graph:
    /// graphs of 4 to 200 nodes (rows of one to four words), sparse to dense, with runs that
    /// succeed and runs that exhaust their tries.
    #[test]
    fn bit_matrix_and_lists_rewire_alike() {
        let mut r = rng::stream(5, 99, 1);
        let mut exhausted = 0;
        for case in 0..60u64 {
            let n = 4 + rng::below(&mut r, 197) as usize;
            let density = [0.03, 0.1, 0.4, 0.9][case as usize % 4];
            let mut adj = vec![Vec::new(); n];
            for u in 0..n {
                for v in u + 1..n {
                    if (rng::below(&mut r, 1000) as f64) < density * 1000.0 {
                        adj[u].push(v as u32);
                        adj[v].push(u as u32);
                    }
                }
            }
            let edges: Vec<(u32, u32)> = adj
                .iter()
                .enumerate()
                .flat_map(|(u, nb)| {
                    nb.iter()
                        .filter(move |&&v| v as usize > u)
                        .map(move |&v| (u as u32, v))
                })
                .collect();
            if edges.len() < 2 {
                continue;
            }
            let nswap = 3 * edges.len();
            let tries = if case % 5 == 0 { nswap } else { 100 * nswap };
            let stream = rng::stream(case, REWIRE, 0);
            let bits = swap_edges(
                BitMatrix::of(&adj),
                edges.clone(),
                nswap,
                tries,
                stream.clone(),
            );
            let lists = swap_edges(adj.clone(), edges, nswap, tries, stream);
            assert_eq!(bits, lists, "case {case}: {n} nodes");
            if let Ok(g) = &bits {
                assert_ne!(g.adj, adj, "case {case}: nothing rewired");
            } else {
                exhausted += 1;
            }
        }
        assert!(
            (1..30).contains(&exhausted),
            "{exhausted} runs out of tries"
        );
    }

    proptest! {
        /// Every degree is kept, the graph stays simple, and the number of edges is unchanged.
        #[test]
        fn swaps_keep_degrees_and_simplicity(
            n in 4usize..25,
            p in 0.05f64..0.7,
            graph_seed in any::<u64>(),
            seed in any::<u64>(),
            nswap in 1usize..60,
        ) {
            let mut r = rng::stream(graph_seed, 99, 0);
            let mut adj = vec![Vec::new(); n];
            for u in 0..n {
                for v in u + 1..n {
                    if (rng::below(&mut r, 1 << 20) as f64) < p * (1u64 << 20) as f64 {
                        adj[u].push(v as u32);
                        adj[v].push(u as u32);
                    }
                }
            }
            match double_edge_swap(&adj, nswap, 1000 * nswap, seed) {
                Ok(out) => {
                    prop_assert_eq!(out.swaps, nswap);
                    prop_assert_eq!(check_graph(&out.adj), check_graph(&adj));
                    for (new, old) in out.adj.iter().zip(&adj) {
                        prop_assert_eq!(new.len(), old.len());
                    }
                }
                // Near-complete graphs may have very few valid swaps: running out of attempts is a
                // status, not a broken invariant.
                Err(SwapStatus::TooFewEdges(_))
                | Err(SwapStatus::NoValidSwap)
                | Err(SwapStatus::MaxTriesExceeded { .. }) => {}
                Err(e) => prop_assert!(false, "unexpected {e}"),
            }
        }
    }
}
