//! Structural, brokerage and community metrics of a cooperation network.
//!
//! Every measure here is defined to equal a reference tool, named in its documentation and in
//! `docs/metrics.md`: networkx 3.x for clustering, Burt's measures, components and
//! path lengths, modularity and assortativity; R's `sna` for Gould–Fernandez brokerage and
//! Freeman centralization; Krackhardt & Stern's definition for the E-I index. Louvain is our own
//! seeded implementation of Blondel et al. (2008), following networkx's variant.
//!
//! Conventions shared by all files:
//! * the graph is a [`Graph`] (undirected, CSR, sorted neighbours); clustering, Burt's measures,
//!   brokerage, components, path lengths, E-I and assortativity ignore the weights; modularity
//!   and Louvain use them (networkx's default `weight="weight"`);
//! * a value the reference tool leaves undefined (NaN, an exception, a division by zero) is
//!   `None`, never NaN; where the tool returns a number for a degenerate case, so do we;
//! * per-node work runs in parallel over fixed blocks of nodes, each node's value computed
//!   sequentially, results in node order: outputs are bitwise identical for any thread count.

pub mod assortativity;
pub mod brokerage;
pub mod burt;
pub mod centralization;
pub mod clustering;
pub mod components;
pub mod louvain;
mod walk;

#[cfg(test)]
mod oracle_tests;

use rayon::prelude::*;

use crate::graph::Graph;

pub use assortativity::{attribute_assortativity, ei_index, modularity};
pub use brokerage::{brokerage, Brokerage};
pub use burt::{constraint, effective_size};
pub use centralization::{betweenness_centralization, degree_centralization};
pub use clustering::{avg_clustering, local_clustering, transitivity, triangles};
pub use components::{
    connected_components, largest_component_paths, largest_component_share, Components, PathStats,
};
pub use louvain::{louvain, louvain_runs, Louvain};

/// Why a structural measure could not be computed from its inputs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StructureError {
    /// A per-node vector does not have one entry per node of the graph.
    #[error("{what} has {found} values for a graph of {expected} nodes")]
    LengthMismatch {
        /// Which argument (e.g. `"actor_type"`).
        what: &'static str,
        /// Number of nodes of the graph.
        expected: usize,
        /// Length of the vector received.
        found: usize,
    },
}

/// Node-level structural metrics, one entry per node in node order (output column = field).
#[derive(Debug, Clone, PartialEq)]
pub struct StructureNode {
    /// Local clustering coefficient (networkx `clustering`, unweighted); 0 below degree 2.
    pub clustering: Vec<f64>,
    /// Burt's constraint (networkx `constraint`, unweighted); `None` for isolates.
    pub constraint: Vec<Option<f64>>,
    /// Burt's effective size (networkx `effective_size`, unweighted); `None` for isolates.
    pub effective_size: Vec<Option<f64>>,
    /// Gould–Fernandez coordinator counts (sna `w_I`).
    pub brokerage_coordinator: Vec<u64>,
    /// Gould–Fernandez itinerant (consultant) counts (sna `w_O`).
    pub brokerage_itinerant: Vec<u64>,
    /// Gould–Fernandez gatekeeper counts (sna `b_OI`).
    pub brokerage_gatekeeper: Vec<u64>,
    /// Gould–Fernandez representative counts (sna `b_IO`).
    pub brokerage_representative: Vec<u64>,
    /// Gould–Fernandez liaison counts (sna `b_O`).
    pub brokerage_liaison: Vec<u64>,
    /// Louvain community label, `0..n_communities`, numbered by smallest member node.
    pub community: Vec<u32>,
}

/// Network-level structural metrics (output column = field).
#[derive(Debug, Clone, PartialEq)]
pub struct StructureNetwork {
    /// Number of nodes.
    pub n_nodes: usize,
    /// Number of edges.
    pub n_edges: usize,
    /// networkx `density`: 2m / (n(n − 1)), 0 when n ≤ 1.
    pub density: f64,
    /// Number of connected components (0 for an empty graph).
    pub n_components: usize,
    /// Nodes of the largest component / n; `None` when n = 0.
    pub largest_component_share: Option<f64>,
    /// networkx `average_shortest_path_length` of the largest component; `None` when n = 0.
    pub avg_path_length: Option<f64>,
    /// networkx `diameter` of the largest component; `None` when n = 0.
    pub diameter: Option<u32>,
    /// networkx `transitivity` (0 without triangles).
    pub transitivity: f64,
    /// networkx `average_clustering`; `None` when n = 0.
    pub avg_clustering: Option<f64>,
    /// sna Freeman degree centralization; `None` when n ≤ 2.
    pub degree_centralization: Option<f64>,
    /// sna Freeman betweenness centralization; `None` when n ≤ 2 or a betweenness is missing.
    pub betweenness_centralization: Option<f64>,
    /// Number of distinct labels in the community partition.
    pub n_communities: usize,
    /// networkx `community.modularity` of the community partition; `None` without edges.
    pub modularity: Option<f64>,
    /// Modularity of the actor-type partition; `None` without edges.
    pub actor_type_modularity: Option<f64>,
    /// networkx `attribute_assortativity_coefficient` of actor type.
    pub actor_type_assortativity: Option<f64>,
    /// Krackhardt–Stern E-I index over actor types; `None` without edges.
    pub ei_index_actor_type: Option<f64>,
    /// E-I index over NAF sections, ties with an unlabelled endpoint left out.
    pub ei_index_naf_section: Option<f64>,
}

/// Computes every node-level structural metric of `g`.
///
/// # Arguments
/// * `g` — the network.
/// * `actor_type` — actor-type label of each node (the brokerage partition), length `g.n()`.
/// * `seed` — Louvain seed (derive it from the study seed and the task index).
///
/// # Returns
/// The [`StructureNode`] columns, or [`StructureError::LengthMismatch`].
///
/// # Complexity
/// O(Σ deg² + m · levels) time, O(n + m) memory per worker thread.
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// use ptce::structure::node_structure;
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
/// let s = node_structure(&g, &[0, 1, 0], 7).unwrap();
/// assert_eq!(s.brokerage_itinerant, vec![0, 2, 0]); // 0→1→2 and 2→1→0
/// assert_eq!(s.constraint[1], Some(0.5));
/// ```
pub fn node_structure(
    g: &Graph,
    actor_type: &[u32],
    seed: u64,
) -> Result<StructureNode, StructureError> {
    node_structure_and_triangles(g, actor_type, seed).map(|(s, _)| s)
}

/// [`node_structure`] and the triangles through each node ([`triangles`]), which
/// [`network_structure_knowing`] can then take instead of counting them again; the triangles,
/// the constraint and the brokerage roles come from one walk (`walk.rs`).
pub(crate) fn node_structure_and_triangles(
    g: &Graph,
    actor_type: &[u32],
    seed: u64,
) -> Result<(StructureNode, Vec<u64>), StructureError> {
    let walk::NodeWalk {
        triangles: tri,
        constraint,
        brokerage: b,
    } = walk::node_walk(g, actor_type)?;
    let node = StructureNode {
        clustering: clustering::clustering_from_triangles(g, &tri),
        constraint,
        effective_size: burt::effective_size_from_triangles(g, &tri),
        brokerage_coordinator: b.coordinator,
        brokerage_itinerant: b.itinerant,
        brokerage_gatekeeper: b.gatekeeper,
        brokerage_representative: b.representative,
        brokerage_liaison: b.liaison,
        community: louvain(g, seed).communities,
    };
    Ok((node, tri))
}

/// Computes every network-level structural metric of `g`.
///
/// # Arguments
/// * `g` — the network.
/// * `actor_type` — actor-type label of each node, length `g.n()`.
/// * `naf_section` — NAF section of each node, `None` when unknown, length `g.n()`.
/// * `betweenness` — networkx-normalised betweenness of each node (`normalized=True`, the
///   `betweenness` node column), length `g.n()`.
/// * `communities` — community label of each node (the `community` node column).
///
/// # Returns
/// The [`StructureNetwork`] row, or [`StructureError::LengthMismatch`].
///
/// # Complexity
/// O(n · m / 64 + Σ deg²) time (bit-parallel BFS over the largest component).
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// use ptce::structure::network_structure;
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
/// let s = network_structure(&g, &[0, 1, 0], &[Some(0), None, Some(0)],
///     &[Some(0.0), Some(1.0), Some(0.0)], &[0, 0, 1]).unwrap();
/// assert_eq!(s.diameter, Some(2));
/// assert_eq!(s.ei_index_actor_type, Some(1.0));
/// assert_eq!(s.ei_index_naf_section, None); // both ties touch the unlabelled node 1
/// assert_eq!(s.betweenness_centralization, Some(1.0));
/// ```
pub fn network_structure(
    g: &Graph,
    actor_type: &[u32],
    naf_section: &[Option<u32>],
    betweenness: &[Option<f64>],
    communities: &[u32],
) -> Result<StructureNetwork, StructureError> {
    let known = Known {
        paths: None,
        triangles: None,
    };
    network_structure_knowing(g, known, actor_type, naf_section, betweenness, communities)
}

/// What [`network_structure_knowing`] is given instead of computing it again: the path
/// statistics of the largest component (from the distances closeness walked,
/// `components::largest_component_paths_from`) and the triangles through each node
/// ([`node_structure_and_triangles`]); `None` computes them.
pub(crate) struct Known<'a> {
    pub(crate) paths: Option<PathStats>,
    pub(crate) triangles: Option<&'a [u64]>,
}

/// [`network_structure`], taking what is already `known` instead of computing it again (the
/// territory networks' path statistics come from the distances closeness walked on their
/// membership graph, the triangles from [`node_structure_and_triangles`]): the same values.
pub(crate) fn network_structure_knowing(
    g: &Graph,
    known: Known<'_>,
    actor_type: &[u32],
    naf_section: &[Option<u32>],
    betweenness: &[Option<f64>],
    communities: &[u32],
) -> Result<StructureNetwork, StructureError> {
    check_len("betweenness", g, betweenness.len())?;
    let n = g.n();
    let counted;
    let tri = match known.triangles {
        Some(t) => {
            check_len("triangles", g, t.len())?;
            t
        }
        None => {
            counted = triangles(g);
            &counted
        }
    };
    let comps = connected_components(g);
    let paths = known.paths.unwrap_or_else(|| largest_component_paths(g));
    let actor_labels: Vec<Option<u32>> = actor_type.iter().map(|&t| Some(t)).collect();
    check_len("actor_type", g, actor_type.len())?;
    let mut distinct = communities.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    Ok(StructureNetwork {
        n_nodes: n,
        n_edges: g.m(),
        density: density(g),
        n_components: comps.sizes.len(),
        largest_component_share: largest_component_share(g),
        avg_path_length: paths.avg_path_length,
        diameter: paths.diameter,
        transitivity: clustering::transitivity_from_triangles(g, tri),
        avg_clustering: clustering::avg_of(&clustering::clustering_from_triangles(g, tri)),
        degree_centralization: degree_centralization(g),
        betweenness_centralization: betweenness_centralization(betweenness),
        n_communities: distinct.len(),
        modularity: modularity(g, communities)?,
        actor_type_modularity: modularity(g, actor_type)?,
        actor_type_assortativity: attribute_assortativity(g, actor_type)?,
        ei_index_actor_type: ei_index(g, &actor_labels)?,
        ei_index_naf_section: ei_index(g, naf_section)?,
    })
}

/// networkx `density` of an undirected graph: 2m / (n(n − 1)), and 0 when n ≤ 1.
///
/// # Arguments
/// * `g` — the network.
///
/// # Returns
/// The density in [0, 1].
///
/// # Complexity
/// O(1).
pub fn density(g: &Graph) -> f64 {
    let n = g.n();
    if n <= 1 {
        return 0.0;
    }
    (2 * g.m()) as f64 / (n as f64 * (n - 1) as f64)
}

/// Fails unless a per-node vector has one entry per node.
pub(crate) fn check_len(what: &'static str, g: &Graph, found: usize) -> Result<(), StructureError> {
    if found == g.n() {
        Ok(())
    } else {
        Err(StructureError::LengthMismatch {
            what,
            expected: g.n(),
            found,
        })
    }
}

/// Nodes per parallel task; fixed, so the split never depends on the thread count.
const BLOCK: usize = 256;

/// Maps `f` over the nodes `0..n` in parallel, in fixed blocks, with one scratch state per
/// worker (made by `init`), and returns the results in node order.
pub(crate) fn per_node<S, T, I, F>(n: usize, init: I, f: F) -> Vec<T>
where
    T: Send,
    I: Fn() -> S + Sync + Send,
    F: Fn(usize, &mut S) -> T + Sync + Send,
{
    let blocks = n.div_ceil(BLOCK);
    let parts: Vec<Vec<T>> = (0..blocks)
        .into_par_iter()
        .map_init(&init, |state, b| {
            (b * BLOCK..n.min((b + 1) * BLOCK))
                .map(|u| f(u, state))
                .collect()
        })
        .collect();
    parts.into_iter().flatten().collect()
}

/// A stamp array marking the neighbours of one node at a time: `mark[w] == u` iff `w` was
/// stamped for `u`. No clearing is needed between nodes because stamps are node ids.
pub(crate) fn stamp_neighbours(g: &Graph, u: usize, mark: &mut [u32]) {
    for &w in g.neighbors(u) {
        mark[w as usize] = u as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn density_conventions() {
        assert_eq!(density(&Graph::from_edges(0, []).unwrap()), 0.0);
        assert_eq!(density(&Graph::from_edges(1, []).unwrap()), 0.0);
        let g = Graph::from_edges(4, [(0, 1, 1.0), (2, 3, 1.0)]).unwrap();
        assert_eq!(density(&g), 4.0 / 12.0);
    }

    #[test]
    fn length_mismatch_is_an_error() {
        let g = Graph::from_edges(3, [(0, 1, 1.0)]).unwrap();
        let e = node_structure(&g, &[0, 1], 1).unwrap_err();
        assert_eq!(
            e,
            StructureError::LengthMismatch {
                what: "actor_type",
                expected: 3,
                found: 2
            }
        );
        assert!(network_structure(&g, &[0, 1, 2], &[None; 3], &[None; 2], &[0; 3]).is_err());
        assert!(network_structure(&g, &[0, 1, 2], &[None; 2], &[None; 3], &[0; 3]).is_err());
        assert!(network_structure(&g, &[0, 1, 2], &[None; 3], &[None; 3], &[0; 2]).is_err());
    }

    #[test]
    fn per_node_is_in_node_order() {
        let n = 3 * BLOCK + 5;
        let v = per_node(
            n,
            || 0usize,
            |u, calls| {
                *calls += 1;
                u * 2
            },
        );
        assert_eq!(v, (0..n).map(|u| u * 2).collect::<Vec<_>>());
    }
}
