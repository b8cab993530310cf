//! Eigenvector centrality by networkx's power iteration on `A + I`.

use super::power::{for_each_sum, gather_sums, power_iteration, Rows, PARALLEL_ARCS};
use super::PowerIteration;
use crate::graph::Graph;

/// Eigenvector centrality: the limit of networkx `eigenvector_centrality(G, weight=None)`'s power
/// iteration `x ← (A + I)x / ‖(A + I)x‖₂` from the uniform vector `1/n` (Bonacich 1972, "Factoring
/// and weighting approaches to status scores and clique identification", *J. Math. Sociol.*
/// 2(1)). Unweighted adjacency, as networkx's default. It stops, as networkx does, when
/// `Σ_v |x_v − x_last_v| < n · tol`.
///
/// On a disconnected graph this limit is well defined: components whose leading eigenvalue is
/// below the largest decay towards 0 (networkx returns the same tiny values), components that
/// share the largest keep weights set by the start vector. Without edges it is `1/√n` everywhere.
///
/// # Arguments
/// * `g` — the graph (weights ignored).
/// * `max_iter` — iteration cap; `tol` — the tolerance per node (1e-14 in `ptce`).
///
/// # Returns
/// Values in node order, all `None` (with `converged = false`) if the cap was reached; empty for
/// `n = 0` (networkx raises there). Bitwise identical for any rayon thread count.
///
/// # Complexity
/// O((n + m) · iterations); the iterations grow as `log(tol) / log(|λ₂ + 1| / (λ₁ + 1))`.
/// From 2^18 arcs on, an iteration runs in parallel and sums `‖(A + I)x‖²` and the change by
/// fixed chunks of 2,048 nodes (the same bits for any thread count; before issue 25 these sums
/// ran sequentially, so on such graphs values may differ from earlier versions' in the last
/// bits). NetworKit's `tol` bounds the change of the norm, not of the vector: its 1e-14 is about
/// this function's 1e-11 (`benches/peers/eigenvector_accuracy.py`).
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// use ptce::centrality::eigenvector;
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
/// let e = eigenvector(&g, 100_000, 1e-14);
/// assert!(e.converged);
/// // leading eigenvector of the path P3: (1, √2, 1) / 2.
/// assert!((e.values[1].unwrap() - 2f64.sqrt() / 2.0).abs() < 1e-12);
/// ```
pub fn eigenvector(g: &Graph, max_iter: usize, tol: f64) -> PowerIteration {
    let n = g.n();
    let off = g.offsets();
    let tgt = g.targets();
    if tgt.len() < PARALLEL_ARCS {
        if let Some(rows) = Rows::new(off, tgt) {
            return sequential(rows, max_iter, tol);
        }
    }
    // networkx: x starts as a copy of xlast, then x[nbr] += xlast[n] for n in node order, i.e.
    // the neighbours of nbr in ascending order: the same sum, in the same order.
    let product = |v: usize, x: &[f64]| {
        let mut acc = x[v];
        for &u in &tgt[off[v]..off[v + 1]] {
            acc += x[u as usize];
        }
        acc
    };
    power_iteration(
        vec![1.0 / n as f64; n],
        tgt.len(),
        (max_iter, tol),
        |x, next, parallel, parts| {
            // ‖(A + I)x‖², in the product's pass (and below `PARALLEL_ARCS` if `Rows` refused
            // the graph's arrays, which a `Graph` never gives).
            let sq = for_each_sum(next, parallel, parts, |v, out| {
                *out = product(v, x);
                *out * *out
            });
            let norm = sq.sqrt();
            let norm = if norm > 0.0 { norm } else { 1.0 };
            for_each_sum(next, parallel, parts, |v, a| {
                *a /= norm;
                (*a - x[v]).abs()
            })
        },
    )
}

/// [`eigenvector`] below [`PARALLEL_ARCS`], in one pass over the arcs per round: round `k`
/// computes `(A + I)x_{k−1}` several nodes side by side ([`gather_sums`]), and, node by node as the
/// sums finish, `‖(A + I)x_{k−1}‖²` and the change of the round before, `Σ_v |x_{k−1,v} −
/// x_{k−2,v}|` — both summed in node order, as [`power_iteration`] sums them, so the result, the
/// iteration count and the stop are the same bits; but the two chains of additions overlap the
/// sums of the arcs instead of running in passes of their own, and the division by the norm is
/// left alone in its pass (no chain: the processor runs the divisions side by side). A round
/// therefore learns that the one before had converged only after its own sums: one pass over the
/// arcs more than `power_iteration` at the end.
fn sequential(rows: Rows<'_>, max_iter: usize, tol: f64) -> PowerIteration {
    let n = rows.n();
    if n == 0 {
        return PowerIteration {
            values: Vec::new(),
            iterations: 0,
            converged: true,
        };
    }
    let mut before = vec![0.0; n]; // x_{k−2}
    let mut x = vec![1.0 / n as f64; n]; // x_{k−1}
    let mut next = vec![0.0; n]; // x_k
    for k in 1..=max_iter + 1 {
        let mut sq = 0.0;
        let mut change = 0.0;
        if k == max_iter + 1 {
            // The cap: only the change of the last round is left to find.
            for v in 0..n {
                change += (x[v] - before[v]).abs();
            }
        } else {
            // Round 1 has no round before it: its change (against `before`'s zeros) is not read.
            gather_sums(
                &mut next,
                rows,
                &x,
                None,
                |v| x[v],
                |v, y| {
                    sq += y * y;
                    change += (x[v] - before[v]).abs();
                    y
                },
            );
        }
        if k > 1 && change < n as f64 * tol {
            return PowerIteration {
                values: x.into_iter().map(Some).collect(),
                iterations: k - 1,
                converged: true,
            };
        }
        if k == max_iter + 1 {
            break;
        }
        let norm = sq.sqrt();
        let norm = if norm > 0.0 { norm } else { 1.0 };
        for y in next.iter_mut() {
            *y /= norm;
        }
        // x_{k−1} becomes x_{k−2}, x_k becomes x_{k−1}; the oldest buffer is overwritten next.
        std::mem::swap(&mut before, &mut x);
        std::mem::swap(&mut x, &mut next);
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

    #[test]
    fn complete_graph_is_uniform_and_cap_gives_none() {
        let g = Graph::from_edges(
            4,
            [
                (0, 1, 1.0),
                (0, 2, 1.0),
                (0, 3, 1.0),
                (1, 2, 1.0),
                (1, 3, 1.0),
                (2, 3, 1.0),
            ],
        )
        .unwrap();
        let e = eigenvector(&g, 100, 1e-14);
        assert!(e.converged);
        for v in e.values {
            // 1/√4 by symmetry
            assert!((v.unwrap() - 0.5).abs() < 1e-15);
        }
        // A star needs several iterations; a cap of 1 cannot converge.
        let star = Graph::from_edges(4, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]).unwrap();
        let e = eigenvector(&star, 1, 1e-14);
        assert!(!e.converged);
        assert_eq!(e.values, vec![None; 4]);
    }

    #[test]
    fn no_edges_is_uniform() {
        let g = Graph::from_edges(4, []).unwrap();
        let e = eigenvector(&g, 100, 1e-14);
        assert_eq!(e.values, vec![Some(0.5); 4]);
        assert!(eigenvector(&Graph::from_edges(0, []).unwrap(), 10, 1e-14)
            .values
            .is_empty());
    }
}
