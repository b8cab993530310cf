//! Triangles, local clustering, transitivity and average clustering (unweighted), as networkx.
//!
//! Reference: Watts & Strogatz (1998), *Nature* 393: 440–442 (local clustering); Newman, Strogatz
//! & Watts (2001), *Phys. Rev. E* 64, 026118 (transitivity as the global clustering coefficient).

use crate::graph::Graph;

use super::{per_node, stamp_neighbours};

/// Number of triangles through each node (networkx `triangles`).
///
/// # Arguments
/// * `g` — the network (weights ignored).
///
/// # Returns
/// `t[v]` = number of edges among the neighbours of `v`, in node order.
///
/// # Complexity
/// O(Σ_v Σ_{u ∈ N(v)} deg(u)) = O(Σ deg²) time; O(n) scratch per worker thread.
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (2, 3, 1.0)]).unwrap();
/// assert_eq!(ptce::structure::triangles(&g), vec![1, 1, 1, 0]);
/// ```
pub fn triangles(g: &Graph) -> Vec<u64> {
    let n = g.n();
    per_node(
        n,
        || vec![u32::MAX; n],
        |v, mark| {
            stamp_neighbours(g, v, mark);
            // Each triangle {v, u, w} is met twice: from u and from w.
            let twice: u64 = g
                .neighbors(v)
                .iter()
                .map(|&u| {
                    g.neighbors(u as usize)
                        .iter()
                        .filter(|&&w| mark[w as usize] == v as u32)
                        .count() as u64
                })
                .sum();
            twice / 2
        },
    )
}

/// Local clustering coefficient of every node (networkx `clustering(G)`, unweighted).
///
/// c(v) = 2 T(v) / (deg(v) (deg(v) − 1)), and 0 when deg(v) < 2 (networkx's convention).
///
/// # Arguments
/// * `g` — the network (weights ignored).
///
/// # Returns
/// One coefficient in [0, 1] per node, in node order.
///
/// # Complexity
/// That of [`triangles`].
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (2, 3, 1.0)]).unwrap();
/// assert_eq!(ptce::structure::local_clustering(&g), vec![1.0, 1.0, 1.0 / 3.0, 0.0]);
/// ```
pub fn local_clustering(g: &Graph) -> Vec<f64> {
    clustering_from_triangles(g, &triangles(g))
}

/// Transitivity, the fraction of closed connected triples (networkx `transitivity`).
///
/// T = Σ_v 2T(v) / Σ_v deg(v)(deg(v) − 1) = 3 × triangles / connected triples; 0 when there is
/// no triangle (networkx returns 0, also for graphs without edges or nodes).
///
/// # Arguments
/// * `g` — the network (weights ignored).
///
/// # Returns
/// The transitivity in [0, 1].
///
/// # Complexity
/// That of [`triangles`].
pub fn transitivity(g: &Graph) -> f64 {
    transitivity_from_triangles(g, &triangles(g))
}

/// Mean of the local clustering coefficients (networkx `average_clustering`, nodes with degree
/// < 2 counted as 0).
///
/// # Arguments
/// * `g` — the network (weights ignored).
///
/// # Returns
/// The average, or `None` for a graph without nodes (networkx raises `ZeroDivisionError`).
///
/// # Complexity
/// That of [`triangles`].
pub fn avg_clustering(g: &Graph) -> Option<f64> {
    avg_of(&local_clustering(g))
}

/// Local clustering from precomputed triangle counts.
pub(crate) fn clustering_from_triangles(g: &Graph, tri: &[u64]) -> Vec<f64> {
    (0..g.n())
        .map(|v| {
            let d = g.degree(v) as u64;
            if tri[v] == 0 {
                0.0
            } else {
                // Integer numerator and denominator, one rounding: as networkx's int / int.
                (2 * tri[v]) as f64 / (d * (d - 1)) as f64
            }
        })
        .collect()
}

/// Transitivity from precomputed triangle counts.
pub(crate) fn transitivity_from_triangles(g: &Graph, tri: &[u64]) -> f64 {
    let closed: u64 = tri.iter().map(|t| 2 * t).sum();
    let triples: u64 = (0..g.n())
        .map(|v| {
            let d = g.degree(v) as u64;
            d * d.saturating_sub(1)
        })
        .sum();
    if closed == 0 {
        0.0
    } else {
        closed as f64 / triples as f64
    }
}

/// Sequential mean in node order (the order of networkx's `sum(c.values()) / len(c)`).
pub(crate) fn avg_of(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut s = 0.0;
    for &x in values {
        s += x;
    }
    Some(s / values.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_graph_is_fully_clustered() {
        let mut e = vec![];
        for u in 0..5u32 {
            for v in u + 1..5 {
                e.push((u, v, 1.0));
            }
        }
        let g = Graph::from_edges(5, e).unwrap();
        assert_eq!(triangles(&g), vec![6; 5]); // C(4, 2) pairs of neighbours, all linked
        assert_eq!(local_clustering(&g), vec![1.0; 5]);
        assert_eq!(transitivity(&g), 1.0);
        assert_eq!(avg_clustering(&g), Some(1.0));
    }

    #[test]
    fn empty_and_edgeless_graphs() {
        let g = Graph::from_edges(0, []).unwrap();
        assert_eq!(avg_clustering(&g), None);
        assert_eq!(transitivity(&g), 0.0);
        let g = Graph::from_edges(3, []).unwrap();
        assert_eq!(avg_clustering(&g), Some(0.0));
        assert_eq!(transitivity(&g), 0.0);
    }

    #[test]
    fn triangle_with_pendant() {
        // Triangle 0-1-2 plus 2-3: triples at 2 = 3·2 = 6, at 0 and 1 = 2 each → 3·1 / 5 triples.
        let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (2, 3, 1.0)]).unwrap();
        assert_eq!(transitivity(&g), 6.0 / 10.0);
        assert_eq!(avg_clustering(&g), Some((1.0 + 1.0 + 1.0 / 3.0) / 4.0));
    }
}
