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

/// A graph's arcs in compressed rows (node `v`'s targets are `tgt[off[v]..off[v + 1]]`), checked
/// once — offsets non-decreasing and within `tgt`, every target a node — so that [`gather_sums`]
/// reads them without a bounds check per arc. The checks cost one pass over the arcs, once;
/// checking every arc's two reads in every round made a round 2.6× slower (eight nodes side by
/// side, 5,000-node bench graph: 37 against 14 µs).
#[derive(Clone, Copy)]
pub(super) struct Rows<'g> {
    off: &'g [usize],
    tgt: &'g [u32],
}

impl<'g> Rows<'g> {
    /// The rows, or `None` if `off` and `tgt` do not describe `off.len() − 1` nodes' arcs.
    pub(super) fn new(off: &'g [usize], tgt: &'g [u32]) -> Option<Self> {
        let n = off.len().checked_sub(1)?;
        if off.windows(2).any(|w| w[0] > w[1]) || off[n] > tgt.len() {
            return None;
        }
        if tgt[off[0]..off[n]].iter().any(|&u| u as usize >= n) {
            return None;
        }
        Some(Rows { off, tgt })
    }

    /// Number of nodes.
    pub(super) fn n(&self) -> usize {
        self.off.len() - 1
    }
}

/// Nodes summed side by side in [`gather_sums`]: eight independent chains of additions keep
/// the processor busy while each waits for its last addition (5,000-node bench graph, one
/// round `(A + I)x` without bounds checks: about 14 µs with eight, 23 µs with four; PageRank
/// whole: 1.14 ms with eight, 1.50 ms with four).
const SIDE_BY_SIDE: usize = 8;

/// Sets `out[v] = finish(v, init(v) + t(a₁) + t(a₂) + …)` over the arcs `a` of `v` in `rows`,
/// where `t(a) = x[target(a)]`, times `weights[a]` when given; each node's terms are added in
/// arc order, one after the other — the same operations, so the same bits, as a loop over the
/// nodes one at a time. [`SIDE_BY_SIDE`] nodes are summed side by side: their chains of
/// additions are independent, so the processor overlaps them instead of waiting for each
/// addition before the next (the sequential pass of a sparse graph is bound by that latency).
/// `finish` is called once per node, in node order, so that a sum it carries over the nodes (a
/// norm, a change) is the sum in node order, and its own chain of additions overlaps the next
/// nodes' sums instead of running in a pass of its own.
///
/// # Panics
/// If `out` or `x` has fewer than `rows.n()` values, or `weights` fewer than the arcs.
///
/// # Complexity
/// O(n + arcs).
pub(super) fn gather_sums(
    out: &mut [f64],
    rows: Rows<'_>,
    x: &[f64],
    weights: Option<&[f64]>,
    init: impl Fn(usize) -> f64,
    mut finish: impl FnMut(usize, f64) -> f64,
) {
    const W: usize = SIDE_BY_SIDE;
    let Rows { off, tgt } = rows;
    let n = rows.n();
    let (out, x) = (&mut out[..n], &x[..n]);
    let weights = weights.map(|w| &w[..off[n]]);
    let term = |a: usize| {
        // SAFETY: `a` lies in `off[v]..off[v + 1]` for a node `v`, within `tgt` (and within
        // `weights`, cut to `off[n]` arcs above) by `Rows::new`'s checks, and every target is
        // below n = x.len().
        unsafe {
            let t = *x.get_unchecked(*tgt.get_unchecked(a) as usize);
            match weights {
                Some(w) => t * w.get_unchecked(a),
                None => t,
            }
        }
    };
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
        }
        for i in 0..W {
            out[v0 + i] = finish(v0 + i, acc[i]);
        }
    }
    for (v, o) in out.iter_mut().enumerate().skip(full) {
        let mut acc = init(v);
        for a in off[v]..off[v + 1] {
            acc += term(a);
        }
        *o = finish(v, acc);
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
        // Degrees 0 to 40 in an irregular pattern, n not a multiple of 8, values and weights of
        // mixed magnitudes (so that the order of additions shows in the bits).
        for n in [0, 1, 3, 4, 7, 8, 9, 64, 1001] {
            let mut off = vec![0usize];
            for v in 0..n {
                off.push(off[v] + (v * 37 + v / 3) % 41);
            }
            let tgt: Vec<u32> = (0..off[n])
                .map(|a| ((a * 7919) % n.max(1)) as u32)
                .collect();
            let x: Vec<f64> = (0..n)
                .map(|v| ((v * 613) % 1000) as f64 * 10f64.powi((v % 9) as i32 - 4) / 3.0)
                .collect();
            let w: Vec<f64> = (0..off[n]).map(|a| 1.0 / (a % 17 + 1) as f64).collect();
            let rows = Rows::new(&off, &tgt).unwrap();
            let init = |v: usize| 1.0 / (v as f64 + 3.0);
            let bits = |x: &[f64]| x.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            for weights in [None, Some(&w[..])] {
                let term = |a: usize| x[tgt[a] as usize] * weights.map_or(1.0, |w| w[a]);
                let want = one_at_a_time(n, &off, init, term);
                let mut out = vec![f64::NAN; n];
                // `finish` sees every node once, in node order, with its sum.
                let mut seen = Vec::new();
                gather_sums(&mut out, rows, &x, weights, init, |v, y| {
                    seen.push((v, y.to_bits()));
                    -y
                });
                let negated: Vec<f64> = want.iter().map(|y| -y).collect();
                assert_eq!(bits(&out), bits(&negated), "n = {n}");
                let in_order: Vec<(usize, u64)> = want
                    .iter()
                    .enumerate()
                    .map(|(v, y)| (v, y.to_bits()))
                    .collect();
                assert_eq!(seen, in_order, "n = {n}");
            }
        }
    }

    #[test]
    fn rows_refuse_arrays_that_are_not_a_graphs_rows() {
        assert!(Rows::new(&[0, 1, 2], &[1, 0]).is_some());
        assert!(Rows::new(&[0, 0], &[]).is_some());
        // A target that is not a node, offsets that go back, offsets past the targets, none.
        assert!(Rows::new(&[0, 1, 2], &[1, 2]).is_none());
        assert!(Rows::new(&[0, 2, 1], &[1, 0]).is_none());
        assert!(Rows::new(&[0, 1, 3], &[1, 0]).is_none());
        assert!(Rows::new(&[], &[]).is_none());
    }

    /// Eigenvector and PageRank of the former sequential rounds (`for_each_sum`, one node at a
    /// time), for comparison bit for bit.
    fn former(g: &Graph, pagerank_alpha: Option<f64>, max_iter: usize) -> PowerIteration {
        let n = g.n();
        let (off, tgt) = (g.offsets(), g.targets());
        let mut parts = Vec::new();
        match pagerank_alpha {
            None => power_iteration(
                vec![1.0 / n as f64; n],
                tgt.len(),
                (max_iter, 1e-14),
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
            ),
            Some(alpha) => {
                // The transition is pagerank's own: the rounds are what this compares.
                let (p, dangling) = crate::centrality::pagerank::transition(g);
                let uniform = 1.0 / n as f64;
                power_iteration(
                    vec![uniform; n],
                    tgt.len(),
                    (max_iter, 1e-14),
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
            }
        }
    }

    #[test]
    fn sequential_rounds_keep_the_former_bits() {
        let bits = |r: PowerIteration| {
            let values = r
                .values
                .into_iter()
                .map(|x| x.map(f64::to_bits))
                .collect::<Vec<_>>();
            (values, r.iterations, r.converged)
        };
        for (n, m, seed) in [(50, 120, 1), (500, 2_500, 2), (2_001, 9_000, 3)] {
            let g = gnm_weighted(n, m, seed).unwrap();
            assert!(g.targets().len() < PARALLEL_ARCS);
            let e = eigenvector(&g, 10_000, 1e-14);
            let p = pagerank(&g, 0.85, 10_000, 1e-14);
            assert!(e.converged && p.converged);
            // The last round's cap converges, one round fewer does not; each as before, with
            // the same values, iteration count and stop (eigenvector learns of its stop one
            // round late, which must not show).
            let (ke, kp) = (e.iterations, p.iterations);
            for cap in [10_000, ke, ke - 1, 1, 0] {
                assert_eq!(
                    bits(eigenvector(&g, cap, 1e-14)),
                    bits(former(&g, None, cap)),
                    "eigenvector, n = {n}, cap {cap}"
                );
            }
            for cap in [10_000, kp, kp - 1] {
                assert_eq!(
                    bits(pagerank(&g, 0.85, cap, 1e-14)),
                    bits(former(&g, Some(0.85), cap)),
                    "pagerank, n = {n}, cap {cap}"
                );
            }
            assert!(eigenvector(&g, ke, 1e-14).converged);
            assert!(!eigenvector(&g, ke - 1, 1e-14).converged);
        }
    }
}
