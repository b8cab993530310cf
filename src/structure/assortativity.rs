//! Mixing of a node partition: modularity, attribute assortativity and the E-I index.
//!
//! References: Newman & Girvan (2004), *Phys. Rev. E* 69, 026113 (modularity); Newman (2003),
//! "Mixing patterns in networks", *Phys. Rev. E* 67, 026126 (assortativity coefficient r);
//! Krackhardt & Stern (1988), "Informal networks and organizational crises: an experimental
//! simulation", *Social Psychology Quarterly* 51(2): 123–140 (E-I index).

use std::collections::BTreeMap;

use crate::graph::Graph;

use super::{check_len, StructureError};

/// Modularity of a partition (networkx `community.modularity(G, communities)`, weighted,
/// resolution 1).
///
/// Q = Σ_c [ L_c / m − (D_c / 2m)² ], with L_c the total weight of the edges inside community c,
/// D_c the total weighted degree of its nodes and m the total edge weight. On a graph whose
/// weights are all 1 this is the unweighted modularity.
///
/// # Arguments
/// * `g` — the network (weights used).
/// * `labels` — community label of each node (any `u32` values), length `g.n()`.
///
/// # Returns
/// Q in [−1/2, 1), `None` when the graph has no edge (networkx raises `ZeroDivisionError`), or
/// [`StructureError::LengthMismatch`].
///
/// # Complexity
/// O(n log n + m).
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// // Two triangles joined by one edge, split into the two triangles:
/// // Q = 2 × (3/7 − (7/14)²) = 5/14.
/// let g = Graph::from_edges(6, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0),
///     (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 1.0)]).unwrap();
/// let q = ptce::structure::modularity(&g, &[0, 0, 0, 1, 1, 1]).unwrap().unwrap();
/// assert!((q - 5.0 / 14.0).abs() < 1e-15);
/// ```
pub fn modularity(g: &Graph, labels: &[u32]) -> Result<Option<f64>, StructureError> {
    check_len("partition", g, labels.len())?;
    let (dense, k) = first_appearance(labels);
    let degree: Vec<f64> = (0..g.n())
        .map(|v| {
            let mut s = 0.0;
            for &w in g.neighbor_weights(v) {
                s += w;
            }
            s
        })
        .collect();
    let mut deg_sum = 0.0;
    for &d in &degree {
        deg_sum += d;
    }
    if deg_sum == 0.0 {
        return Ok(None);
    }
    // m summed over the edges in the order the communities' inside weights are, and each
    // community's degree share divided before squaring: a single community gives exactly
    // 1 − 1² = 0, whatever the rounding of the weights' sums.
    let mut m = 0.0;
    let mut inside = vec![0.0; k];
    let mut total = vec![0.0; k];
    for (u, v, w) in g.edges() {
        m += w;
        if dense[u as usize] == dense[v as usize] {
            inside[dense[u as usize]] += w;
        }
    }
    for (v, &d) in degree.iter().enumerate() {
        total[dense[v]] += d;
    }
    let mut q = 0.0;
    for c in 0..k {
        let share = total[c] / deg_sum;
        q += inside[c] / m - share * share;
    }
    Ok(Some(q))
}

/// Attribute assortativity coefficient of a categorical node attribute (networkx
/// `attribute_assortativity_coefficient`, unweighted).
///
/// With e_ab the fraction of edge ends (each edge counted in both directions) joining category a
/// to category b and a_a = Σ_b e_ab: r = (Σ_a e_aa − Σ_a a_a²) / (1 − Σ_a a_a²).
///
/// # Arguments
/// * `g` — the network (weights ignored, as networkx).
/// * `labels` — category of each node, length `g.n()`.
///
/// # Returns
/// r in [−1, 1]; `Some(0.0)` for a graph without edges (networkx's empty mixing matrix gives
/// 0.0); `None` when every edge end lies in one category (networkx: 0/0 = NaN); or
/// [`StructureError::LengthMismatch`].
///
/// # Complexity
/// O(n log n + m).
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// // A 4-cycle alternating two categories: every tie crosses, r = −1.
/// let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 0, 1.0)]).unwrap();
/// assert_eq!(ptce::structure::attribute_assortativity(&g, &[0, 1, 0, 1]).unwrap(), Some(-1.0));
/// ```
pub fn attribute_assortativity(g: &Graph, labels: &[u32]) -> Result<Option<f64>, StructureError> {
    check_len("actor_type", g, labels.len())?;
    let m = g.m();
    if m == 0 {
        return Ok(Some(0.0));
    }
    let (dense, k) = first_appearance(labels);
    let ends = (2 * m) as f64;
    let mut internal = 0u64;
    for (u, v, _) in g.edges() {
        if dense[u as usize] == dense[v as usize] {
            internal += 1;
        }
    }
    let mut degree_sum = vec![0u64; k];
    for v in 0..g.n() {
        degree_sum[dense[v]] += g.degree(v) as u64;
    }
    let trace = (2 * internal) as f64 / ends;
    let mut squares = 0.0;
    for &d in &degree_sum {
        let a = d as f64 / ends;
        squares += a * a;
    }
    let r = (trace - squares) / (1.0 - squares);
    Ok(r.is_finite().then_some(r))
}

/// Krackhardt–Stern E-I index of a partition: (E − I) / (E + I), with E the number of ties
/// between different groups and I the number within groups (ties counted, weights ignored).
///
/// Ties with an unlabelled endpoint (`None`, e.g. a member without NAF code) are left out of
/// both E and I.
///
/// # Arguments
/// * `g` — the network.
/// * `labels` — group of each node or `None`, length `g.n()`.
///
/// # Returns
/// The index in [−1, 1] (−1: all ties internal, +1: all external); `None` when no tie has two
/// labelled ends; or [`StructureError::LengthMismatch`].
///
/// # Complexity
/// O(n + m).
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// // Triangle 0-1-2 in groups A, A, B: I = 1 (0-1), E = 2 → (2 − 1)/3.
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)]).unwrap();
/// let ei = ptce::structure::ei_index(&g, &[Some(0), Some(0), Some(1)]).unwrap();
/// assert_eq!(ei, Some(1.0 / 3.0));
/// ```
pub fn ei_index(g: &Graph, labels: &[Option<u32>]) -> Result<Option<f64>, StructureError> {
    check_len("partition", g, labels.len())?;
    let (mut external, mut internal) = (0u64, 0u64);
    for (u, v, _) in g.edges() {
        if let (Some(a), Some(b)) = (labels[u as usize], labels[v as usize]) {
            if a == b {
                internal += 1;
            } else {
                external += 1;
            }
        }
    }
    let total = external + internal;
    if total == 0 {
        return Ok(None);
    }
    Ok(Some((external as f64 - internal as f64) / total as f64))
}

/// Dense labels 0..k in order of first appearance by node index (networkx builds the list of
/// communities in this order from a label vector), and k.
fn first_appearance(labels: &[u32]) -> (Vec<usize>, usize) {
    let mut ids: BTreeMap<u32, usize> = BTreeMap::new();
    let dense = labels
        .iter()
        .map(|&l| {
            let next = ids.len();
            *ids.entry(l).or_insert(next)
        })
        .collect();
    (dense, ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_community_has_modularity_exactly_zero() {
        // Weights whose sums round: the old formula (inside / (Σ degrees / 2) − total² / (Σ
        // degrees)²) gave ±2.2e-16 on some of these; the modularity of a single community is
        // 0 by definition (and the fractional logit refuses a value below 0).
        let mut naive_off = 0;
        for seed in 0..200u64 {
            let w = |i: u64| 1.0 / (1.0 + ((seed * 7 + i * 13) % 11) as f64);
            let edges = [
                (0, 1, w(0)),
                (1, 2, w(1)),
                (2, 3, w(2)),
                (3, 4, w(3)),
                (0, 4, w(4)),
                (1, 3, w(5)),
            ];
            let g = Graph::from_edges(5, edges).unwrap();
            assert_eq!(modularity(&g, &[0; 5]).unwrap(), Some(0.0), "seed {seed}");
            let deg: f64 = (0..5)
                .map(|v| g.neighbor_weights(v).iter().sum::<f64>())
                .sum();
            let inside: f64 = g.edges().map(|e| e.2).sum();
            if inside / (deg / 2.0) - deg * deg / (deg * deg) != 0.0 {
                naive_off += 1;
            }
        }
        assert!(naive_off > 0, "the cases exercise the rounding");
    }

    #[test]
    fn first_appearance_numbers_labels_by_first_node() {
        assert_eq!(first_appearance(&[7, 3, 7, 9, 3]), (vec![0, 1, 0, 2, 1], 3));
    }

    #[test]
    fn undefined_cases() {
        let g = Graph::from_edges(3, []).unwrap();
        assert_eq!(modularity(&g, &[0, 0, 1]).unwrap(), None);
        assert_eq!(ei_index(&g, &[Some(0), Some(0), Some(1)]).unwrap(), None);
        assert_eq!(attribute_assortativity(&g, &[0, 0, 1]).unwrap(), Some(0.0));
        let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
        assert_eq!(attribute_assortativity(&g, &[4, 4, 4]).unwrap(), None);
        assert_eq!(ei_index(&g, &[Some(0), None, Some(0)]).unwrap(), None);
        assert!(modularity(&g, &[0, 0]).is_err());
    }

    #[test]
    fn ei_index_worked_examples() {
        // Krackhardt & Stern's definition by hand, on a 6-node graph with edges
        // 0-1, 1-2, 2-3, 3-4, 4-5, 0-5, 1-4 and groups A = {0, 1, 2}, B = {3, 4, 5}.
        // Internal: 0-1, 1-2 (A), 3-4, 4-5 (B) → I = 4. External: 2-3, 0-5, 1-4 → E = 3.
        // E-I = (3 − 4) / (3 + 4) = −1/7.
        let g = Graph::from_edges(
            6,
            [
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (0, 5, 1.0),
                (1, 4, 2.0),
            ],
        )
        .unwrap();
        let ab = [Some(0), Some(0), Some(0), Some(1), Some(1), Some(1)];
        assert_eq!(ei_index(&g, &ab).unwrap(), Some(-1.0 / 7.0));
        // Node 4 unlabelled: ties 3-4, 4-5, 1-4 are left out. Internal: 0-1, 1-2 → I = 2;
        // external: 2-3, 0-5 → E = 2. E-I = 0/4 = 0.
        let mut missing = ab;
        missing[4] = None;
        assert_eq!(ei_index(&g, &missing).unwrap(), Some(0.0));
        // Every node its own group: all 7 ties external → +1. One group: all internal → −1.
        let singletons: Vec<Option<u32>> = (0..6).map(Some).collect();
        assert_eq!(ei_index(&g, &singletons).unwrap(), Some(1.0));
        assert_eq!(ei_index(&g, &[Some(9); 6]).unwrap(), Some(-1.0));
    }
}
