//! Burt's structural-hole measures, unweighted, as networkx's `constraint` and `effective_size`
//! with `weight=None`.
//!
//! References: Burt (1992), *Structural Holes*, Harvard University Press; Borgatti (1997),
//! "Structural holes: unpacking Burt's redundancy measures", *Connections* 20(1): 35–38 (the
//! closed form of effective size used for unweighted undirected graphs); Everett & Borgatti
//! (2020), *Social Networks* 62.

use crate::graph::Graph;

use super::{clustering::triangles, per_node, stamp_neighbours};

/// Burt's constraint of every node (networkx `constraint(G, weight=None)`).
///
/// With p(u, v) = 1/deg(u) for each neighbour v (the normalised mutual weight of an unweighted
/// undirected tie), c(u) = Σ_{v ∈ N(u)} (p(u, v) + Σ_{w ∈ N(u) ∩ N(v)} p(u, w) p(w, v))².
///
/// # Arguments
/// * `g` — the network (weights ignored).
///
/// # Returns
/// One value per node in node order; `None` for an isolate (networkx returns NaN).
///
/// # Complexity
/// O(Σ deg²) time; O(n) scratch per worker thread.
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// // A star: the centre has 3 unconnected contacts, 3 × (1/3)² = 1/3; a leaf is fully
/// // constrained by its only contact.
/// let g = Graph::from_edges(5, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]).unwrap();
/// let c = ptce::structure::constraint(&g);
/// assert!((c[0].unwrap() - 1.0 / 3.0).abs() < 1e-15);
/// assert_eq!(c[1], Some(1.0));
/// assert_eq!(c[4], None);
/// ```
pub fn constraint(g: &Graph) -> Vec<Option<f64>> {
    let n = g.n();
    per_node(
        n,
        || vec![u32::MAX; n],
        |u, mark| {
            let du = g.degree(u);
            if du == 0 {
                return None;
            }
            stamp_neighbours(g, u, mark);
            let p = 1.0 / du as f64;
            let mut total = 0.0;
            for &v in g.neighbors(u) {
                // Σ_{w ∈ N(u) ∩ N(v)} p(u, w) p(w, v) = p Σ 1/deg(w), w in increasing order.
                let mut indirect = 0.0;
                for &w in g.neighbors(v as usize) {
                    if mark[w as usize] == u as u32 {
                        indirect += p / g.degree(w as usize) as f64;
                    }
                }
                let local = p + indirect;
                total += local * local;
            }
            Some(total)
        },
    )
}

/// Burt's effective size of every node (networkx `effective_size(G, weight=None)`).
///
/// For unweighted undirected graphs networkx uses Borgatti's closed form:
/// e(u) = deg(u) − 2 t(u) / deg(u), with t(u) the number of ties among u's neighbours.
///
/// # Arguments
/// * `g` — the network (weights ignored).
///
/// # Returns
/// One value per node in node order; `None` for an isolate (networkx returns NaN).
///
/// # Complexity
/// That of [`triangles`].
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// // Triangle 0-1-2 plus 2-3: node 2 has 3 contacts, one tie among them: 3 − 2/3.
/// let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (2, 3, 1.0)]).unwrap();
/// assert_eq!(ptce::structure::effective_size(&g)[2], Some(3.0 - 2.0 / 3.0));
/// ```
pub fn effective_size(g: &Graph) -> Vec<Option<f64>> {
    effective_size_from_triangles(g, &triangles(g))
}

/// Effective size from precomputed triangle counts.
pub(crate) fn effective_size_from_triangles(g: &Graph, tri: &[u64]) -> Vec<Option<f64>> {
    (0..g.n())
        .map(|u| {
            let d = g.degree(u);
            if d == 0 {
                None
            } else {
                // As networkx: len(E) - (2 * E.size()) / len(E).
                Some(d as f64 - (2 * tri[u]) as f64 / d as f64)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dyad_and_triangle() {
        // A dyad: each end has one contact, fully constrained (1² = 1), effective size 1.
        let g = Graph::from_edges(2, [(0, 1, 1.0)]).unwrap();
        assert_eq!(constraint(&g), vec![Some(1.0), Some(1.0)]);
        assert_eq!(effective_size(&g), vec![Some(1.0), Some(1.0)]);
        // A triangle: p = 1/2, indirect via the third node = 1/2 · 1/2 = 1/4;
        // c = 2 × (3/4)² = 9/8; effective size = 2 − 2·1/2 = 1.
        let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)]).unwrap();
        assert_eq!(constraint(&g), vec![Some(1.125); 3]);
        assert_eq!(effective_size(&g), vec![Some(1.0); 3]);
    }

    #[test]
    fn weights_are_ignored() {
        let a = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
        let b = Graph::from_edges(3, [(0, 1, 5.0), (1, 2, 0.1)]).unwrap();
        assert_eq!(constraint(&a), constraint(&b));
        assert_eq!(effective_size(&a), effective_size(&b));
    }
}
