//! PageRank by networkx's power iteration (weighted, uniform teleport and dangling vectors).

use super::power::{for_each_sum, gather_sums, power_iteration, Rows};
use super::PowerIteration;
use crate::graph::Graph;

/// PageRank as networkx `pagerank(G, alpha, weight="weight")` (Brin & Page 1998, "The anatomy
/// of a large-scale hypertextual Web search engine", *Computer Networks* 30): from `x = 1/n`,
/// `x ← α (xP + (Σ_{dangling} x) / n) + (1 − α)/n` with `P_uv = w_uv / s_u` (`s_u` the strength),
/// where a dangling node (an isolated node, here) spreads its rank uniformly; stops when
/// `Σ_v |x_v − x_last_v| < n · tol`, as networkx does. Not petgraph's `page_rank`, which drops
/// the teleport term (petgraph#960).
///
/// # Arguments
/// * `g` — the graph; edge weights are used.
/// * `alpha` — damping factor (0.85 in `ptce`); `max_iter` — iteration cap; `tol` — the
///   tolerance per node (1e-14 in `ptce`).
///
/// # Returns
/// Values in node order (summing to 1), all `None` with `converged = false` if the cap was
/// reached; empty for `n = 0`. Bitwise identical for any rayon thread count.
///
/// # Complexity
/// O((n + m) · iterations), iterations ≈ `log(tol) / log(α)` (about 200 for 1e-14).
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// use ptce::centrality::pagerank;
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
/// let p = pagerank(&g, 0.85, 100_000, 1e-14);
/// let sum: f64 = p.values.iter().map(|x| x.unwrap()).sum();
/// assert!((sum - 1.0).abs() < 1e-12);
/// assert!(p.values[1] > p.values[0]);
/// ```
pub fn pagerank(g: &Graph, alpha: f64, max_iter: usize, tol: f64) -> PowerIteration {
    let n = g.n();
    let off = g.offsets();
    let tgt = g.targets();
    let (p, dangling) = transition(g);
    let uniform = 1.0 / n as f64;
    let rows = Rows::new(off, tgt);
    power_iteration(
        vec![uniform; n],
        tgt.len(),
        (max_iter, tol),
        |x, next, parallel, parts| {
            let base = dangling.iter().map(|&v| x[v]).sum::<f64>() * uniform;
            match rows {
                Some(rows) if !parallel => {
                    // The same sums, several nodes side by side (`gather_sums`), each node's
                    // update and the change in node order as its sum is done.
                    let mut change = 0.0;
                    gather_sums(
                        next,
                        rows,
                        x,
                        Some(&p),
                        |_| 0.0,
                        |v, acc| {
                            let out = alpha * (acc + base) + (1.0 - alpha) * uniform;
                            change += (out - x[v]).abs();
                            out
                        },
                    );
                    change
                }
                // In parallel, or (never for a `Graph`) arrays that `Rows` refused.
                _ => for_each_sum(next, parallel, parts, |v, out| {
                    let mut acc = 0.0;
                    for a in off[v]..off[v + 1] {
                        acc += x[tgt[a] as usize] * p[a];
                    }
                    *out = alpha * (acc + base) + (1.0 - alpha) * uniform;
                    (*out - x[v]).abs()
                }),
            }
        },
    )
}

/// The weight of each arc `a` (into node `v`, from `tgt[a]`) in PageRank's transition: networkx's
/// S = row sums, S = 1/S where S != 0, A = diag(S) A, with the same products; and the dangling
/// nodes (no arc).
pub(super) fn transition(g: &Graph) -> (Vec<f64>, Vec<usize>) {
    let n = g.n();
    let inv_strength: Vec<f64> = (0..n)
        .map(|v| {
            let s: f64 = g.neighbor_weights(v).iter().sum();
            if s != 0.0 {
                1.0 / s
            } else {
                0.0
            }
        })
        .collect();
    let p = g
        .targets()
        .iter()
        .zip(g.weights())
        .map(|(&u, &w)| w * inv_strength[u as usize])
        .collect();
    let dangling = (0..n).filter(|&v| g.degree(v) == 0).collect();
    (p, dangling)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_graphs_and_isolates() {
        // Regular graph (4-cycle): uniform 1/4 by symmetry.
        let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0)]).unwrap();
        for v in pagerank(&g, 0.85, 1000, 1e-14).values {
            assert!((v.unwrap() - 0.25).abs() < 1e-15);
        }
        // Edge 0-1 plus isolated node 2. By hand (stationary equations):
        // x2 = 0.85·x2/3 + 0.05 → x2 = 0.05 / (1 − 0.85/3) = 0.069767…; x0 = x1 = (1 − x2)/2.
        let g = Graph::from_edges(3, [(0, 1, 7.0)]).unwrap();
        let r = pagerank(&g, 0.85, 1000, 1e-14);
        let x2 = 0.05 / (1.0 - 0.85 / 3.0);
        assert!((r.values[2].unwrap() - x2).abs() < 1e-13);
        assert!((r.values[0].unwrap() - (1.0 - x2) / 2.0).abs() < 1e-13);
        let capped = pagerank(&g, 0.85, 2, 1e-14);
        assert!(!capped.converged);
        assert_eq!(capped.values, vec![None; 3]);
    }
}
