//! Degree, degree centrality and strength (Freeman 1979).

use crate::graph::Graph;

/// Number of neighbours of every node.
///
/// # Arguments
/// * `g` — the graph.
///
/// # Returns
/// `deg(v)` for each node, in node order (equal to networkx `G.degree()` on a simple graph).
///
/// # Complexity
/// O(n).
pub fn degree(g: &Graph) -> Vec<u32> {
    (0..g.n()).map(|v| g.degree(v) as u32).collect()
}

/// Degree centrality `deg(v) / (n − 1)`, as networkx `degree_centrality`.
///
/// Freeman (1979), "Centrality in social networks: conceptual clarification", *Social Networks*
/// 1(3). For `n = 1` networkx returns 1 for the single node, and so does this function.
///
/// # Arguments
/// * `g` — the graph.
///
/// # Returns
/// One value per node, in node order (always `Some`; `Option` keeps the type of the other
/// measures).
///
/// # Complexity
/// O(n).
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// use ptce::centrality::degree_centrality;
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
/// assert_eq!(degree_centrality(&g), vec![Some(0.5), Some(1.0), Some(0.5)]);
/// ```
pub fn degree_centrality(g: &Graph) -> Vec<Option<f64>> {
    let n = g.n();
    if n == 1 {
        return vec![Some(1.0)];
    }
    // networkx multiplies by s = 1 / (n − 1); do the same so the bits agree.
    let s = 1.0 / (n as f64 - 1.0);
    (0..n).map(|v| Some(g.degree(v) as f64 * s)).collect()
}

/// Strength: the sum of the weights of a node's edges (networkx `G.degree(weight="weight")`).
///
/// Barrat et al. (2004), "The architecture of complex weighted networks", *PNAS* 101(11).
///
/// # Arguments
/// * `g` — the graph.
///
/// # Returns
/// One value per node, in node order; 0 for an isolated node.
///
/// # Complexity
/// O(n + m).
pub fn strength(g: &Graph) -> Vec<f64> {
    (0..g.n())
        .map(|v| g.neighbor_weights(v).iter().sum())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_degrees() {
        let g = Graph::from_edges(4, [(0, 1, 2.0), (0, 2, 3.0), (0, 3, 0.5)]).unwrap();
        assert_eq!(degree(&g), vec![3, 1, 1, 1]);
        // deg / (n − 1) by hand: 3/3 and 1/3.
        assert_eq!(
            degree_centrality(&g),
            vec![Some(1.0), Some(1.0 / 3.0), Some(1.0 / 3.0), Some(1.0 / 3.0)]
        );
        assert_eq!(strength(&g), vec![5.5, 2.0, 3.0, 0.5]);
    }

    #[test]
    fn tiny_graphs() {
        let g0 = Graph::from_edges(0, []).unwrap();
        assert!(degree_centrality(&g0).is_empty());
        let g1 = Graph::from_edges(1, []).unwrap();
        assert_eq!(degree_centrality(&g1), vec![Some(1.0)]);
        assert_eq!(strength(&g1), vec![0.0]);
    }
}
