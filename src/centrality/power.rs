//! The power iteration shared by eigenvector centrality and PageRank: `x ← update(x)` from a
//! start vector until `Σ_v |x_v − x_last_v| < n · tol`, as networkx stops both; each round's
//! passes over the nodes run sequentially or in parallel by fixed chunks ([`for_each_sum`]).

use rayon::prelude::*;

use super::PowerIteration;

/// Above this many arcs an iteration runs in parallel. Below it, an iteration takes well under
/// 0.1 ms and a fork–join per iteration costs more than it saves (measured on the 5,000-node
/// bench graph, 50,000 arcs). The choice depends on the graph only, never on the thread count.
pub(super) const PARALLEL_ARCS: usize = 1 << 18;

/// Nodes per chunk of the parallel pass: a chunk's terms are summed in node order, the chunks'
/// sums in chunk order. Fixed, so that no sum depends on the thread count.
const CHUNK: usize = 2048;

/// Applies `f(v, &mut vec[v])` to every node and returns the sum of what it returns: in node
/// order when `parallel` is false; by chunks of [`CHUNK`] nodes (each in node order, then the
/// chunks in order) when true, with `parts` as the chunks' buffer. Either way the result depends
/// on the inputs only, never on the number of threads.
pub(super) fn for_each_sum<F>(vec: &mut [f64], parallel: bool, parts: &mut Vec<f64>, f: F) -> f64
where
    F: Fn(usize, &mut f64) -> f64 + Sync,
{
    let mut total = 0.0;
    if parallel {
        vec.par_chunks_mut(CHUNK)
            .enumerate()
            .map(|(c, chunk)| {
                let mut s = 0.0;
                for (i, out) in chunk.iter_mut().enumerate() {
                    s += f(c * CHUNK + i, out);
                }
                s
            })
            .collect_into_vec(parts);
        for s in parts.iter() {
            total += s;
        }
    } else {
        for (v, out) in vec.iter_mut().enumerate() {
            total += f(v, out);
        }
    }
    total
}

/// The power iteration of eigenvector centrality and PageRank from `x`: each round computes
/// `round(x, next, parallel, parts)`, which fills `next` from `x` (through [`for_each_sum`], in
/// parallel when `arcs ≥ PARALLEL_ARCS`, with `parts` as its buffer) and returns the change
/// `Σ_v |next_v − x_v|`; it stops, as networkx does, when the change is below `n · tol`.
///
/// # Returns
/// The last vector with the number of rounds when the change fell below `n · tol`; all `None`
/// with `converged = false` when `max_iter` rounds did not reach it; empty and converged for
/// `n = 0`.
///
/// # Complexity
/// O(iterations · cost of one round); no allocation per round.
pub(super) fn power_iteration(
    mut x: Vec<f64>,
    arcs: usize,
    (max_iter, tol): (usize, f64),
    mut round: impl FnMut(&[f64], &mut [f64], bool, &mut Vec<f64>) -> f64,
) -> PowerIteration {
    let n = x.len();
    if n == 0 {
        return PowerIteration {
            values: Vec::new(),
            iterations: 0,
            converged: true,
        };
    }
    let parallel = arcs >= PARALLEL_ARCS;
    let mut next = vec![0.0; n];
    let mut parts = Vec::new();
    for it in 1..=max_iter {
        let err = round(&x, &mut next, parallel, &mut parts);
        std::mem::swap(&mut x, &mut next);
        if err < n as f64 * tol {
            return PowerIteration {
                values: x.into_iter().map(Some).collect(),
                iterations: it,
                converged: true,
            };
        }
    }
    PowerIteration {
        values: vec![None; n],
        iterations: max_iter,
        converged: false,
    }
}
