//! Freeman centralization of degree and betweenness, as R's
//! `sna::centralization(g, degree, mode = "graph")` and
//! `sna::centralization(g, betweenness, mode = "graph")`.
//!
//! Reference: Freeman (1979), "Centrality in social networks: conceptual clarification",
//! *Social Networks* 1(3): 215–239. sna computes C = Σ_v (max c − c(v)) / max_G Σ_v (max c − c(v)),
//! the denominator being the value for a star of the same order:
//! (n − 1)(n − 2) for degree and (n − 1)²(n − 2)/2 for raw undirected betweenness. Both are 0 for
//! n ≤ 2, where sna returns NaN (0/0): we return `None`.

use crate::graph::Graph;

/// Freeman degree centralization (sna `centralization(g, degree, mode = "graph")` on the
/// binary adjacency matrix).
///
/// C = Σ_v (d_max − d(v)) / ((n − 1)(n − 2)), degrees counted unweighted.
///
/// # Arguments
/// * `g` — the network (weights ignored; sna would sum edge values on a valued matrix).
///
/// # Returns
/// The centralization in [0, 1] (1 for a star), or `None` when n ≤ 2.
///
/// # Complexity
/// O(n).
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// let star = Graph::from_edges(4, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]).unwrap();
/// assert_eq!(ptce::structure::degree_centralization(&star), Some(1.0));
/// ```
pub fn degree_centralization(g: &Graph) -> Option<f64> {
    let n = g.n();
    if n <= 2 {
        return None;
    }
    let max = (0..n).map(|v| g.degree(v)).max()?;
    let spread: usize = (0..n).map(|v| max - g.degree(v)).sum();
    Some(spread as f64 / ((n - 1) * (n - 2)) as f64)
}

/// Freeman betweenness centralization (sna `centralization(g, betweenness, mode = "graph")`).
///
/// Takes networkx-normalised betweenness b(v) = raw(v) / ((n − 1)(n − 2)/2) (the `betweenness`
/// node column: `betweenness_centrality(G, normalized=True)`, unweighted). With sna's raw
/// values and star maximum (n − 1)²(n − 2)/2, the centralization simplifies to
/// C = Σ_v (b_max − b(v)) / (n − 1).
///
/// # Arguments
/// * `betweenness` — normalised betweenness of every node, in node order (n = its length).
///
/// # Returns
/// The centralization in [0, 1] (1 for a star), or `None` when n ≤ 2 or any value is missing.
///
/// # Complexity
/// O(n), summed sequentially in node order.
///
/// # Examples
/// ```
/// // Path 0 - 1 - 2: node 1 lies on the only path between 0 and 2 (normalised: 1).
/// let c = ptce::structure::betweenness_centralization(&[Some(0.0), Some(1.0), Some(0.0)]);
/// assert_eq!(c, Some(1.0));
/// ```
pub fn betweenness_centralization(betweenness: &[Option<f64>]) -> Option<f64> {
    let n = betweenness.len();
    if n <= 2 {
        return None;
    }
    let values: Option<Vec<f64>> = betweenness.iter().copied().collect();
    let values = values?;
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut spread = 0.0;
    for &b in &values {
        spread += max - b;
    }
    let c = spread / (n - 1) as f64;
    c.is_finite().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degree_centralization_by_hand() {
        // Path of 4 nodes: degrees 1,2,2,1, max 2: spread 1+0+0+1 = 2 over 3·2 = 6.
        let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]).unwrap();
        assert_eq!(degree_centralization(&g), Some(2.0 / 6.0));
        // n ≤ 2: undefined.
        assert_eq!(
            degree_centralization(&Graph::from_edges(2, [(0, 1, 1.0)]).unwrap()),
            None
        );
        assert_eq!(
            degree_centralization(&Graph::from_edges(0, []).unwrap()),
            None
        );
        // No edges: spread 0, defined.
        assert_eq!(
            degree_centralization(&Graph::from_edges(3, []).unwrap()),
            Some(0.0)
        );
    }

    #[test]
    fn betweenness_centralization_edge_cases() {
        assert_eq!(betweenness_centralization(&[Some(0.0), Some(0.0)]), None);
        assert_eq!(
            betweenness_centralization(&[Some(0.0), None, Some(0.0)]),
            None
        );
        // Star of 5: centre 1, leaves 0 → spread 4 over 4.
        let star = [Some(1.0), Some(0.0), Some(0.0), Some(0.0), Some(0.0)];
        assert_eq!(betweenness_centralization(&star), Some(1.0));
        assert_eq!(betweenness_centralization(&[Some(0.5); 4]), Some(0.0));
    }
}
