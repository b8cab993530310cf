//! The degree-preserving null model of `tables/null_models.csv` (issue 22, item 5): each
//! network against graphs with exactly its degree sequence, drawn by seeded double-edge swaps
//! ([`crate::relations::rewire::double_edge_swap`], as networkx `double_edge_swap`).
//!
//! Sample `k` of a network starts again from the observed graph and makes
//! `swaps_per_edge × m` *successful* swaps (networkx's `nswap` counts successful swaps), with
//! at most [`MAX_TRIES_PER_SWAP`] attempts per swap; its seed is
//! `derive_seed(derive_seed(derive_seed(seed, key), NULL_DEGREE), k)`, `key` the network's
//! [`super::null_models::content_key`] (content, not id or position). Samples run in parallel and
//! are collected in sample order: identical for any thread count. A graph that cannot be
//! rewired (fewer than 4 nodes or 2 edges, a star, a complete graph: the only graph with its
//! degrees) gets the reason in `status` and no baseline; a sample that reaches the attempt limit
//! is left out of `n_samples`.

use rayon::prelude::*;

use super::null_models::{content_key, status_of, summarize, type_measures, NullNetwork, NullRow};
use crate::graph::Graph;
use crate::relations::rewire::{double_edge_swap, SwapStatus};
use crate::stats::rng::derive_seed;
use crate::structure::{largest_component_paths, louvain, transitivity, StructureError};

/// Seed domain of the degree-preserving samples (beside [`super::NULL_GNM`] = 3 and
/// [`super::NULL_PERMUTATION`] = 4).
pub const NULL_DEGREE: u64 = 5;
/// Attempts allowed per requested successful swap (networkx's default `max_tries = 100` for
/// `nswap = 1`).
pub const MAX_TRIES_PER_SWAP: usize = 100;
/// Default successful swaps per edge in each sample.
pub const DEFAULT_SWAPS_PER_EDGE: usize = 10;

/// Measures compared with the degree-preserving baseline, in row order.
pub const DEGREE_MEASURES: [&str; 5] = [
    "transitivity",
    "avg_path_length",
    "actor_type_assortativity",
    "ei_index_actor_type",
    "modularity",
];

/// The written form of a rewiring failure (the `status` column).
pub fn swap_status_name(s: &SwapStatus) -> &'static str {
    match s {
        SwapStatus::Graph(_) => "invalid_graph",
        SwapStatus::NswapExceedsMaxTries { .. } => "nswap_exceeds_max_tries",
        SwapStatus::TooFewNodes(_) => "too_few_nodes",
        SwapStatus::TooFewEdges(_) => "too_few_edges",
        SwapStatus::NoValidSwap => "no_valid_swap",
        SwapStatus::MaxTriesExceeded { .. } => "max_tries_exceeded",
    }
}

/// The five measures of a graph with the network's actor types, in [`DEGREE_MEASURES`] order.
fn measures(
    g: &Graph,
    types: &[u32],
    modularity: Option<f64>,
    seed: u64,
) -> Result<[Option<f64>; 5], StructureError> {
    let t = type_measures(g, types)?;
    Ok([
        Some(transitivity(g)),
        largest_component_paths(g).avg_path_length,
        t[1],
        t[0],
        modularity.or_else(|| louvain(g, seed).modularity),
    ])
}

/// Neighbour lists of a graph (sorted, as the relations engines want them).
pub fn adjacency(g: &Graph) -> Vec<Vec<u32>> {
    (0..g.n()).map(|u| g.neighbors(u).to_vec()).collect()
}

/// Degree-preserving baselines of every network.
///
/// # Arguments
/// * `networks` — the networks with their actor types.
/// * `samples` — rewired graphs per network.
/// * `swaps_per_edge` — successful swaps per edge in each sample.
/// * `seed` — the run's seed.
///
/// # Returns
/// Five rows per network ([`DEGREE_MEASURES`]), model `degree_preserving`, in input order; or
/// the error of a label vector of the wrong length.
///
/// # Complexity
/// O(samples · (swaps_per_edge · m · Δ + Σ deg² + Louvain)) per network, samples in parallel.
pub fn degree_preserving_nulls(
    networks: &[NullNetwork<'_>],
    samples: usize,
    swaps_per_edge: usize,
    seed: u64,
) -> Result<Vec<NullRow>, StructureError> {
    // Networks in parallel (their samples too), collected in input order; the first error in
    // that order is the one returned.
    let per_network: Vec<Result<Vec<NullRow>, StructureError>> = networks
        .par_iter()
        .map(|net| network_rows(net, samples, swaps_per_edge, seed))
        .collect();
    let mut rows = Vec::with_capacity(networks.len() * DEGREE_MEASURES.len());
    for r in per_network {
        rows.extend(r?);
    }
    Ok(rows)
}

/// The five rows of one network.
fn network_rows(
    net: &NullNetwork<'_>,
    samples: usize,
    swaps_per_edge: usize,
    seed: u64,
) -> Result<Vec<NullRow>, StructureError> {
    let mut rows = Vec::with_capacity(DEGREE_MEASURES.len());
    let g = net.graph;
    let s = derive_seed(
        derive_seed(seed, content_key(g, net.actor_type)),
        NULL_DEGREE,
    );
    let observed = measures(g, net.actor_type, net.modularity, derive_seed(s, u64::MAX))?;
    let adj = adjacency(g);
    let nswap = swaps_per_edge.saturating_mul(g.m());
    let max_tries = nswap.saturating_mul(MAX_TRIES_PER_SWAP);
    // A graph that cannot be rewired at all fails on the first sample already.
    let blocked = match double_edge_swap(&adj, nswap.min(1), max_tries.max(1), s) {
        // A rare valid swap missed by the probe is not a blocked graph.
        Err(SwapStatus::MaxTriesExceeded { .. }) | Ok(_) => None,
        Err(e) => Some(swap_status_name(&e)),
    };
    let draws: Vec<Option<[Option<f64>; 5]>> = if blocked.is_some() {
        Vec::new()
    } else {
        (0..samples as u64)
            .into_par_iter()
            .map(|k| {
                let sk = derive_seed(s, k);
                let r = double_edge_swap(&adj, nswap, max_tries, sk).ok()?;
                let edges = r.adj.iter().enumerate().flat_map(|(u, nb)| {
                    nb.iter()
                        .filter(move |&&v| v as usize > u)
                        .map(move |&v| (u as u32, v, 1.0))
                });
                let rg = Graph::from_edges(g.n(), edges).ok()?;
                measures(&rg, net.actor_type, None, sk).ok()
            })
            .collect()
    };
    let all_failed = blocked.is_none() && samples > 0 && draws.iter().all(Option::is_none);
    for (j, measure) in DEGREE_MEASURES.iter().enumerate() {
        let baseline: Vec<Option<f64>> = draws.iter().map(|d| d.and_then(|d| d[j])).collect();
        let summary = summarize(observed[j], &baseline);
        let n_samples = baseline.iter().flatten().count();
        let status = match blocked {
            Some(b) => b,
            None if all_failed => "max_tries_exceeded",
            None => status_of(observed[j], &summary, n_samples),
        };
        let [mean, sd, z, pct] = summary;
        rows.push(NullRow {
            ptce_id: net.ptce_id.to_string(),
            snapshot: net.snapshot.to_string(),
            measure,
            observed: observed[j],
            model: "degree_preserving",
            baseline_mean: mean,
            baseline_sd: sd,
            z,
            percentile: pct,
            n_samples,
            status,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net<'a>(g: &'a Graph, types: &'a [u32]) -> NullNetwork<'a> {
        NullNetwork {
            ptce_id: "p",
            snapshot: "all",
            graph: g,
            actor_type: types,
            modularity: None,
        }
    }

    #[test]
    fn a_star_has_no_valid_swap_and_says_so() {
        let g = Graph::from_edges(5, (1..5).map(|v| (0, v, 1.0))).unwrap();
        let rows = degree_preserving_nulls(&[net(&g, &[0, 1, 0, 1, 0])], 20, 10, 3).unwrap();
        assert_eq!(rows.len(), 5);
        for r in &rows {
            assert_eq!(r.status, "no_valid_swap");
            assert_eq!((r.n_samples, r.z), (0, None));
            assert_eq!(r.model, "degree_preserving");
        }
        let tiny = Graph::from_edges(3, [(0, 1, 1.0)]).unwrap();
        let rows = degree_preserving_nulls(&[net(&tiny, &[0, 1, 0])], 5, 10, 3).unwrap();
        assert_eq!(rows[0].status, "too_few_nodes");
    }

    #[test]
    fn a_path_is_rewired_and_results_do_not_depend_on_threads() {
        // Two disjoint paths of 5 nodes: swaps exist; the transitivity baseline stays 0 or more.
        let edges = [
            (0, 1),
            (1, 2),
            (2, 3),
            (3, 4),
            (5, 6),
            (6, 7),
            (7, 8),
            (8, 9),
        ];
        let g = Graph::from_edges(10, edges.iter().map(|&(u, v)| (u, v, 1.0))).unwrap();
        let types = [0, 0, 1, 1, 2, 2, 0, 1, 2, 0];
        let run = |threads| {
            crate::test_support::with_threads(threads, || {
                degree_preserving_nulls(&[net(&g, &types)], 40, 10, 9).unwrap()
            })
        };
        let (a, b) = (run(1), run(2));
        assert_eq!(a, b);
        assert_eq!(a[0].n_samples, 40);
        assert_eq!(a[0].observed, Some(0.0));
        assert!(a[0].baseline_mean.unwrap() >= 0.0);
        assert!(a.iter().all(|r| r.status != "no_valid_swap"));
    }
}
