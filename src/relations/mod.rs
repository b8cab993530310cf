//! Who cooperates with whom: the statistical engines of the relational analysis (issue 22).
//!
//! Pure functions on plain inputs (no polars, no I/O): an undirected simple graph is given as
//! `adj: &[Vec<u32>]`, the sorted neighbour list of every node (each edge listed at both ends),
//! and a partition as one `u32` group label per node. Degenerate cases are values (a status enum
//! or `None` with a reason), never NaN.
//!
//! # Standardized brokerage ([`brokerage::brokerage_z`])
//! Gould & Fernandez (1989) roles of every node, with the expected counts, standard deviations and
//! z-scores of `sna::brokerage(g, cl)` (Butts, sna 2.7): moments of a Bernoulli graph of the same
//! size and density with the memberships fixed. The undirected graph is read as sna reads a
//! symmetric matrix: each tie is two arcs, so the density is `d = 2E / (N (N − 1))`, every open
//! two-path is counted in both directions (coordinator, itinerant and liaison counts are even,
//! a node's gatekeeper and representative counts are equal), while the moments are those of
//! independent arcs: sna's formulas are those of a directed Bernoulli graph, not exact moments of
//! the counts of an undirected graph (whose two arcs per tie are never independent), so the
//! z-scores are sna's reference values, to be read descriptively. Node level: `exp.nli`,
//! `sd.nli`, `z.nli` (columns `w_I` coordinator, `w_O` itinerant, `b_OI` gatekeeper, `b_IO`
//! representative, `b_O` liaison, `t` total); network level: `raw.gli`, `exp.gli`, `sd.gli`,
//! `z.gli`. Where sna divides by a zero standard deviation (roles impossible in groups of one
//! or two members, density 0 or 1) or takes the root of a negative variance, the z-score is
//! `None` with a [`brokerage::ZStatus`].
//!
//! # Degree-preserving null model ([`rewire::double_edge_swap`])
//! Seeded double-edge swaps as networkx `double_edge_swap(G, nswap, max_tries)` (networkx 3.x):
//! an oriented edge (u, v) and an oriented edge (x, y) are drawn uniformly (networkx draws u
//! with probability proportional to its degree, then v uniformly among its neighbours: the same
//! law), and replaced by (u, x) and (v, y) unless u = x, v = y, or one of the new edges exists.
//! `nswap` counts *successful* swaps, as networkx's does; every degree is kept and the graph stays
//! simple. Graphs with fewer than 4 nodes or 2 edges, or with no valid swap at all (stars,
//! complete graphs), get a [`rewire::SwapStatus`] instead of looping until `max_tries`.
//!
//! # Pooled conditional logit ([`clogit::conditional_logit`])
//! Chamberlain's (1980) conditional logit, stratified by network: the exact conditional
//! likelihood of the ties of each stratum given their number, computed with the recursion of
//! Gail, Lubin & Rubinstein (1981) evaluated by a forward–backward pass that carries first
//! derivatives only (`esf`: O(n m p) per stratum instead of O(n m p²); scaled, so strata of
//! thousands of dyads and hundreds of ties neither overflow nor underflow), maximized by
//! Newton–Raphson. Equal to
//! `survival::clogit(y ~ x + strata(s), method = "exact")` (coefficients, model-based standard
//! errors). Strata without variation in `y` carry no information and are dropped and counted;
//! a diverging coefficient (separation) is a status. The cluster-robust variance is the sandwich
//! `V (Σ_c U_c U_cᵀ) V` with `V` the inverse information and `U_c` the exact conditional score
//! summed over the strata of cluster `c`, with no small-sample factor: what `coxph`'s robust
//! variance (`cluster = c`) computes when clusters contain whole strata (the score residuals of a
//! stratum sum to its score). R refuses `cluster` with `method = "exact"`, so the oracle checks it
//! (a) against `clogit(..., method = "breslow", cluster = c)` on strata with one tie each (where
//! the Breslow and exact likelihoods coincide) and (b) against a direct enumeration of every
//! subset in R. `sandwich::vcovCL(fit, cluster = ~c)` (type HC0 with its default cluster
//! adjustment, applied to the fit *without* `cluster`, since sandwich's `bread.coxph` takes
//! `fit$var`) is the same matrix times `G / (G − 1)`, `G` the number of clusters, given beside
//! (`cluster_adjusted_std_errors`). A stratum spanning several clusters is a status: the exact
//! conditional score has no per-dyad split. The coefficients of network-level variables are not
//! identified (absorbed by the strata); only their interactions with dyad covariates are.
//! Separation: a coefficient with |β_k| × sd(x_k) > 30 (sd within strata) is reported as
//! [`clogit::ClogitStatus::Separation`] instead of R's huge estimate with a warning.
//!
//! # QAP logit per network ([`qap::qap_logit`])
//! Logistic regression of the tie indicator of every unordered pair (upper triangle, sna's
//! `mode = "graph"`) on dyad covariate matrices, fitted by IRLS to convergence, with Dekker,
//! Krackhardt & Snijders's (2007) double semi-partialling: each covariate is regressed (OLS) on
//! the others, its residual matrix is permuted (rows and columns together, seeded), and the
//! z-value of the refitted coefficient is compared with the observed one. As
//! `sna::netlogit(y, x, mode = "graph", nullhyp = "qapspp", test.statistic = "z-value")`; the
//! p-values are sna's shares b/m (`pgreq`, `pleeq`, and two-sided `|z_perm| ≥ |z|`) and the
//! Monte-Carlo p-values (b + 1)/(m + 1) beside them. As in sna, the intercept is a term like the
//! others (its residual on the covariates is permuted), the residualizing regression is OLS with
//! no added intercept, and the refit puts the permuted residual last. A permuted refit that does
//! not converge (IRLS, 100 iterations) is left out and counted (`n_failed_permutations`; m is
//! then the number kept); sna keeps whatever `glm.fit` returns. Replicate r of term k draws its
//! permutation from `rng::stream(seed, QAP, k · n_perm + r)`; replicates run in parallel and are
//! collected in index order, so results are identical for any thread count.
//!
//! # Randomness and determinism
//! Every random draw comes from `crate::stats::rng` (PCG64 streams): domain [`rewire::REWIRE`]
//! (task 0) for the rewiring, [`qap::QAP`] for the permutations. Parallel loops (strata of the
//! conditional logit, QAP permutations) map into index-ordered vectors reduced sequentially.

pub mod brokerage;
pub mod clogit;
pub mod config;
mod esf;
pub mod linalg;
pub mod qap;
pub mod rewire;

#[cfg(test)]
mod oracle_tests;

/// Why an adjacency list is not an undirected simple graph.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    /// A neighbour id is not below the number of nodes.
    #[error("node {node}: neighbour {neighbour} is out of range (n = {n})")]
    OutOfRange {
        node: usize,
        neighbour: u32,
        n: usize,
    },
    /// A node lists itself.
    #[error("node {node} has a self-loop")]
    SelfLoop { node: usize },
    /// A neighbour list is not strictly increasing (unsorted or repeated).
    #[error("node {node}: neighbour list is not strictly increasing")]
    NotSorted { node: usize },
    /// `v` is listed as a neighbour of `u` but not the reverse.
    #[error("edge {u} - {v} is listed at one end only")]
    Asymmetric { u: usize, v: u32 },
    /// A per-node vector does not have one entry per node.
    #[error("{what} has {got} entries for {n} nodes")]
    LengthMismatch {
        what: &'static str,
        got: usize,
        n: usize,
    },
}

/// Checks that `adj` is an undirected simple graph and returns its number of edges.
///
/// # Arguments
/// * `adj` — sorted neighbour list of every node.
///
/// # Returns
/// The number of (undirected) edges, or the first [`GraphError`] found.
///
/// # Complexity
/// O(E log Δ).
pub fn check_graph(adj: &[Vec<u32>]) -> Result<usize, GraphError> {
    let n = adj.len();
    let mut arcs = 0usize;
    for (u, nb) in adj.iter().enumerate() {
        for (i, &v) in nb.iter().enumerate() {
            let vi = v as usize;
            if vi >= n {
                return Err(GraphError::OutOfRange {
                    node: u,
                    neighbour: v,
                    n,
                });
            }
            if vi == u {
                return Err(GraphError::SelfLoop { node: u });
            }
            if i > 0 && nb[i - 1] >= v {
                return Err(GraphError::NotSorted { node: u });
            }
            if adj[vi].binary_search(&(u as u32)).is_err() {
                return Err(GraphError::Asymmetric { u, v });
            }
        }
        arcs += nb.len();
    }
    Ok(arcs / 2)
}

/// Whether `u` and `v` are adjacent (binary search in the sorted list of `u`).
pub(crate) fn adjacent(adj: &[Vec<u32>], u: usize, v: u32) -> bool {
    adj.get(u).is_some_and(|nb| nb.binary_search(&v).is_ok())
}
