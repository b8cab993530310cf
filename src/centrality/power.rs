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

/// Sets `out[v] = init(v) + term(a₁) + term(a₂) + …` over the arcs `a` of `v` (`off[v]..off[v +
/// 1]`), each node's terms added in arc order, one after the other — the same operations, so the
/// same bits, as a loop over the nodes one at a time. Four nodes are summed side by side: their
/// chains of additions are independent, so the processor overlaps them instead of waiting for
/// each addition before the next (the sequential pass of a sparse graph is bound by that
/// latency).
///
/// # Complexity
/// O(n + arcs).
pub(super) fn gather_sums(
    out: &mut [f64],
    off: &[usize],
    init: impl Fn(usize) -> f64,
    term: impl Fn(usize) -> f64,
) {
    const W: usize = 4;
    let n = out.len();
    let full = n - n % W;
    for v0 in (0..full).step_by(W) {
        let mut acc = [0.0; W];
        let mut start = [0usize; W];
        let mut end = [0usize; W];
        for i in 0..W {
            acc[i] = init(v0 + i);
            start[i] = off[v0 + i];
            end[i] = off[v0 + i + 1];
        }
        let common = (0..W).map(|i| end[i] - start[i]).min().unwrap_or(0);
        for k in 0..common {
            for i in 0..W {
                acc[i] += term(start[i] + k);
            }
        }
        for i in 0..W {
            for a in start[i] + common..end[i] {
                acc[i] += term(a);
            }
            out[v0 + i] = acc[i];
        }
    }
    for (v, o) in out.iter_mut().enumerate().skip(full) {
        let mut acc = init(v);
        for a in off[v]..off[v + 1] {
            acc += term(a);
        }
        *o = acc;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::centrality::generate::gnm_weighted;
    use crate::centrality::{eigenvector, pagerank};
    use crate::graph::Graph;

    /// The sums one node at a time, as the loops before `gather_sums`.
    fn one_at_a_time(
        n: usize,
        off: &[usize],
        init: impl Fn(usize) -> f64,
        term: impl Fn(usize) -> f64,
    ) -> Vec<f64> {
        (0..n)
            .map(|v| {
                let mut acc = init(v);
                for a in off[v]..off[v + 1] {
                    acc += term(a);
                }
                acc
            })
            .collect()
    }

    #[test]
    fn side_by_side_sums_have_the_bits_of_one_node_at_a_time() {
        // Degrees 0 to 40 in an irregular pattern, n not a multiple of 4, terms of mixed
        // magnitudes (so that the order of additions shows in the bits).
        for n in [0, 1, 3, 4, 7, 64, 1001] {
            let mut off = vec![0usize];
            for v in 0..n {
                off.push(off[v] + (v * 37 + v / 3) % 41);
            }
            let terms: Vec<f64> = (0..off[n])
                .map(|a| ((a * 7919) % 1000) as f64 * 10f64.powi((a % 9) as i32 - 4) / 3.0)
                .collect();
            let init = |v: usize| 1.0 / (v as f64 + 3.0);
            let mut out = vec![f64::NAN; n];
            gather_sums(&mut out, &off, init, |a| terms[a]);
            let want = one_at_a_time(n, &off, init, |a| terms[a]);
            let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&out), bits(&want), "n = {n}");
        }
    }

    /// Eigenvector and PageRank of the former sequential rounds (`for_each_sum`, one node at a
    /// time), for comparison bit for bit.
    fn former(g: &Graph, pagerank_alpha: Option<f64>) -> Vec<Option<f64>> {
        let n = g.n();
        let (off, tgt) = (g.offsets(), g.targets());
        let mut parts = Vec::new();
        match pagerank_alpha {
            None => {
                power_iteration(
                    vec![1.0 / n as f64; n],
                    tgt.len(),
                    (10_000, 1e-14),
                    |x, next, _, _| {
                        let sq = for_each_sum(next, false, &mut parts, |v, out| {
                            let mut acc = x[v];
                            for &u in &tgt[off[v]..off[v + 1]] {
                                acc += x[u as usize];
                            }
                            *out = acc;
                            acc * acc
                        });
                        let norm = sq.sqrt();
                        let norm = if norm > 0.0 { norm } else { 1.0 };
                        let mut p2 = Vec::new();
                        for_each_sum(next, false, &mut p2, |v, a| {
                            *a /= norm;
                            (*a - x[v]).abs()
                        })
                    },
                )
                .values
            }
            Some(alpha) => {
                // The transition is pagerank's own: the rounds are what this compares.
                let (p, dangling) = crate::centrality::pagerank::transition(g);
                let uniform = 1.0 / n as f64;
                power_iteration(
                    vec![uniform; n],
                    tgt.len(),
                    (10_000, 1e-14),
                    |x, next, _, _| {
                        let base = dangling.iter().map(|&v| x[v]).sum::<f64>() * uniform;
                        let mut p2 = Vec::new();
                        for_each_sum(next, false, &mut p2, |v, out| {
                            let mut acc = 0.0;
                            for a in off[v]..off[v + 1] {
                                acc += x[tgt[a] as usize] * p[a];
                            }
                            *out = alpha * (acc + base) + (1.0 - alpha) * uniform;
                            (*out - x[v]).abs()
                        })
                    },
                )
                .values
            }
        }
    }

    #[test]
    fn sequential_rounds_keep_the_former_bits() {
        for (n, m, seed) in [(50, 120, 1), (500, 2_500, 2), (2_001, 9_000, 3)] {
            let g = gnm_weighted(n, m, seed).unwrap();
            assert!(g.targets().len() < PARALLEL_ARCS);
            let bits = |v: Vec<Option<f64>>| {
                v.into_iter()
                    .map(|x| x.map(f64::to_bits))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                bits(eigenvector(&g, 10_000, 1e-14).values),
                bits(former(&g, None)),
                "eigenvector, n = {n}"
            );
            assert_eq!(
                bits(pagerank(&g, 0.85, 10_000, 1e-14).values),
                bits(former(&g, Some(0.85))),
                "pagerank, n = {n}"
            );
        }
    }
}
