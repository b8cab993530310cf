//! Node centralities of an undirected [`Graph`], exact, parallel and equal to networkx.
//!
//! Each measure is its own function (one file each); [`centralities`] computes them all. The
//! conventions are networkx 3.x's, checked against fixtures it produced
//! (`tests/oracles/networkx_centrality.py`) to 1e-9:
//!
//! | measure | networkx | n = 1 | isolated node (n > 1) |
//! |---|---|---|---|
//! | [`degree_centrality`] | `degree_centrality` | 1 | 0 |
//! | [`strength`] | `G.degree(weight="weight")` | 0 | 0 |
//! | [`betweenness`] | `betweenness_centrality(normalized=True, endpoints=False)` | 0 | 0 |
//! | [`betweenness_weighted`] | the same, `weight` = distance `1/weight` | 0 | 0 |
//! | [`closeness`] | `closeness_centrality` (Wasserman–Faust) | 0 | 0 |
//! | [`harmonic`] | `harmonic_centrality / (n − 1)` | null | 0 |
//! | [`eigenvector`] | `eigenvector_centrality` (unweighted, `A + I`) | 1 | iteration's limit |
//! | [`pagerank`] | `pagerank(alpha=0.85, weight="weight")` | 1 | teleport share |
//!
//! Every result is bitwise the same for any rayon thread count (fixed-size source blocks, summed
//! in block order; see `betweenness.rs`). Functions run in the caller's rayon pool.

mod betweenness;
mod brandes_lanes;
mod closeness;
mod degree;
mod eigenvector;
#[cfg(test)]
mod generate;
mod groups;
mod pagerank;
mod power;
mod radix_heap;
mod sampling;

#[cfg(test)]
mod oracle_tests;

pub use betweenness::{betweenness, betweenness_weighted, SOURCE_BLOCK};
pub(crate) use closeness::ProjectionDistances;
pub use closeness::{closeness, closeness_and_harmonic, harmonic};
pub use degree::{degree, degree_centrality, strength};
pub use eigenvector::eigenvector;
#[cfg(test)]
pub(crate) use generate::gnm_weighted;
pub(crate) use groups::checked_membership_graph;
pub use pagerank::pagerank;
pub use sampling::{
    betweenness_sampled, betweenness_sampled_both, cheaper_of_sample_and_exact, sample_size_for,
    twin_classes, BetweennessSampling,
};

use crate::graph::Graph;

/// The node measures of [`Centralities`], by their column names, in the order of the node tables.
pub const MEASURES: [&str; 9] = [
    "degree",
    "degree_centrality",
    "strength",
    "betweenness",
    "betweenness_weighted",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
];

/// Outcome of a power iteration (eigenvector, PageRank).
#[derive(Debug, Clone, PartialEq)]
pub struct PowerIteration {
    /// One value per node in node order; all `None` when not converged.
    pub values: Vec<Option<f64>>,
    /// Iterations performed.
    pub iterations: usize,
    /// Whether `Σ |x − x_last| < n · tol` was reached within the cap.
    pub converged: bool,
}

/// Settings of [`centralities`].
#[derive(Debug, Clone, PartialEq)]
pub struct CentralityOptions {
    /// Iteration cap of eigenvector and PageRank (default 100,000, as the fixtures).
    pub max_iter: usize,
    /// Convergence tolerance per node of eigenvector and PageRank (default 1e-14).
    pub tol: f64,
    /// PageRank damping factor (default 0.85).
    pub alpha: f64,
    /// `None` (default): exact betweenness. `Some`: both betweenness columns estimated from a
    /// uniform sample of sources ([`betweenness_sampled`]), with a warning saying so; with
    /// `sources ≥ n`, exact, from one Brandes pass per twin class (no warning).
    pub betweenness_sample: Option<BetweennessSampling>,
}

impl Default for CentralityOptions {
    fn default() -> Self {
        CentralityOptions {
            max_iter: 100_000,
            tol: 1e-14,
            alpha: 0.85,
            betweenness_sample: None,
        }
    }
}

/// Every centrality of every node, in node order. `None` marks an undefined value (see the
/// module table), never NaN.
#[derive(Debug, Clone, PartialEq)]
pub struct Centralities {
    /// Number of neighbours.
    pub degree: Vec<u32>,
    /// `degree / (n − 1)`.
    pub degree_centrality: Vec<Option<f64>>,
    /// Sum of edge weights.
    pub strength: Vec<f64>,
    /// Normalised betweenness, edges of length 1.
    pub betweenness: Vec<Option<f64>>,
    /// Normalised betweenness, edges of length `1/weight`.
    pub betweenness_weighted: Vec<Option<f64>>,
    /// Closeness with the Wasserman–Faust correction.
    pub closeness: Vec<Option<f64>>,
    /// Harmonic centrality divided by `n − 1`.
    pub harmonic: Vec<Option<f64>>,
    /// Eigenvector centrality (unit Euclidean norm).
    pub eigenvector: Vec<Option<f64>>,
    /// PageRank (sums to 1).
    pub pagerank: Vec<Option<f64>>,
    /// Human-readable warnings (e.g. an iteration that did not converge).
    pub warnings: Vec<String>,
}

/// Computes every centrality of `g`.
///
/// # Arguments
/// * `g` — the graph; `opts` — iteration settings ([`CentralityOptions::default`] is `ptce`'s
///   convention).
///
/// # Returns
/// A [`Centralities`]; a power iteration that hits `opts.max_iter` gives `None` for all nodes of
/// that measure and a warning. Bitwise identical for any rayon thread count.
///
/// # Complexity
/// Dominated by betweenness: O(n·m) unweighted plus O(n·m·log n) weighted.
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// use ptce::centrality::{centralities, CentralityOptions};
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 2.0)]).unwrap();
/// let c = centralities(&g, &CentralityOptions::default());
/// assert_eq!(c.degree, vec![1, 2, 1]);
/// assert_eq!(c.betweenness[1], Some(1.0));
/// assert!(c.warnings.is_empty());
/// ```
pub fn centralities(g: &Graph, opts: &CentralityOptions) -> Centralities {
    centralities_of_projection(g, opts, &[])
}

/// As [`centralities`], for a graph that is the weighted projection of `groups` (two nodes
/// linked when they share a group, weight = number of groups shared: the territory networks):
/// the weighted betweenness passes (exact or sampled) run on the groups instead of their
/// cliques (`groups.rs`), with the same distances, ties and path counts and dependencies equal
/// to the last bits; closeness and harmonic centrality come from BFS on the membership graph,
/// bit for bit. Groups that do not add up to `g`'s weights, or a graph no smaller through them,
/// leave the computations on `g`.
///
/// # Arguments
/// * `g` — the projection; `opts` — as [`centralities`]; `groups` — node indices of `g` per group,
///   each sorted, in an order that depends on the content only (the passes' float sums follow
///   it); `&[]` for a graph that is not a projection.
///
/// # Complexity
/// As [`centralities`], with the weighted passes in O(k·(M + s)·log n) for k sources, M
/// memberships and s arcs of weight ≠ 1, instead of O(k·m·log n).
pub fn centralities_of_projection(
    g: &Graph,
    opts: &CentralityOptions,
    groups: &[Vec<u32>],
) -> Centralities {
    let members = groups::checked_membership_graph(g, groups);
    let distances = members
        .as_ref()
        .map(|m| ProjectionDistances::new(g.n(), m, None));
    centralities_with_groups(g, opts, groups, members.as_ref(), distances.as_ref())
}

/// [`centralities_of_projection`] with the membership graph already built
/// ([`checked_membership_graph`]) and the distances walked on it ([`ProjectionDistances`],
/// `Some` when `members` is).
pub(crate) fn centralities_with_groups(
    g: &Graph,
    opts: &CentralityOptions,
    groups: &[Vec<u32>],
    members: Option<&Graph>,
    distances: Option<&ProjectionDistances>,
) -> Centralities {
    let mut warnings = Vec::new();
    // When the group graph is smaller than the projection, so is the membership graph (it has
    // no shortcuts): `members` is then `Some`.
    let grouped = members.and_then(|_| groups::GroupGraph::new(g, groups));
    // Distances only: the membership graph gives the projection's (`groups.rs`), bit for bit.
    let (closeness, harmonic) = match distances {
        Some(d) => d.closeness_and_harmonic(),
        None => closeness_and_harmonic(g),
    };
    let eig = eigenvector(g, opts.max_iter, opts.tol);
    if !eig.converged {
        warnings.push(format!(
            "eigenvector: power iteration did not converge to tol {:e} within {} iterations; \
             values set to null",
            opts.tol, opts.max_iter
        ));
    }
    let pr = pagerank(g, opts.alpha, opts.max_iter, opts.tol);
    if !pr.converged {
        warnings.push(format!(
            "pagerank: power iteration did not converge to tol {:e} within {} iterations; \
             values set to null",
            opts.tol, opts.max_iter
        ));
    }
    let (betweenness, betweenness_weighted) = match &opts.betweenness_sample {
        Some(s) => {
            if s.sources < g.n() {
                warnings.push(format!(
                    "betweenness: estimated from {} of {} sources (uniform sample, seed {}); \
                     see sample_size_for for the error bound",
                    s.sources,
                    g.n(),
                    s.seed
                ));
            }
            sampling::betweenness_sampled_both_grouped(g, s, grouped.as_ref())
        }
        None => (
            betweenness(g),
            grouped.map_or_else(|| betweenness_weighted(g), |gg| gg.betweenness_weighted()),
        ),
    };
    Centralities {
        degree: degree(g),
        degree_centrality: degree_centrality(g),
        strength: strength(g),
        betweenness,
        betweenness_weighted,
        closeness,
        harmonic,
        eigenvector: eig.values,
        pagerank: pr.values,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_threads(k: usize, g: &Graph) -> Centralities {
        crate::test_support::with_threads(k, || centralities(g, &CentralityOptions::default()))
    }

    fn bits(v: &[Option<f64>]) -> Vec<Option<u64>> {
        v.iter().map(|x| x.map(f64::to_bits)).collect()
    }

    #[test]
    fn bitwise_identical_with_1_and_4_threads() {
        // Several source blocks and waves, isolated nodes excepted (dense graph).
        let g = gnm_weighted(1_200, 6_000, 42).unwrap();
        let a = with_threads(1, &g);
        let b = with_threads(4, &g);
        for (x, y) in [
            (&a.betweenness, &b.betweenness),
            (&a.betweenness_weighted, &b.betweenness_weighted),
            (&a.closeness, &b.closeness),
            (&a.harmonic, &b.harmonic),
            (&a.eigenvector, &b.eigenvector),
            (&a.pagerank, &b.pagerank),
        ] {
            assert_eq!(bits(x), bits(y));
        }
        assert_eq!(a, b);
        // The power iterations' parallel path needs ≥ 2^18 arcs.
        let big = gnm_weighted(20_000, 140_000, 43).unwrap();
        let run = |k: usize| {
            crate::test_support::with_threads(k, || {
                let e = eigenvector(&big, 100_000, 1e-14);
                let p = pagerank(&big, 0.85, 100_000, 1e-14);
                assert!(e.converged && p.converged);
                (bits(&e.values), bits(&p.values))
            })
        };
        assert_eq!(run(1), run(4));
    }

    #[test]
    fn sampling_option_estimates_and_warns() {
        let g = gnm_weighted(80, 240, 2).unwrap();
        let s = BetweennessSampling {
            sources: 20,
            seed: 4,
        };
        let opts = CentralityOptions {
            betweenness_sample: Some(s),
            ..CentralityOptions::default()
        };
        let c = centralities(&g, &opts);
        assert_eq!(c.betweenness, betweenness_sampled(&g, &s, false));
        assert_eq!(c.betweenness_weighted, betweenness_sampled(&g, &s, true));
        assert_ne!(c.betweenness, betweenness(&g));
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0].contains("20 of 80 sources"));
    }

    #[test]
    fn empty_graph_gives_empty_vectors() {
        let g = Graph::from_edges(0, []).unwrap();
        let c = centralities(&g, &CentralityOptions::default());
        assert!(c.degree.is_empty() && c.betweenness.is_empty() && c.pagerank.is_empty());
        assert!(c.warnings.is_empty());
    }
}
