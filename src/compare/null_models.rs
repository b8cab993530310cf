//! Null models for size- and composition-dependent network measures (issue 5, item 6): each
//! network's value against seeded random baselines, so that differences between groups can be
//! read net of size and composition (`tables/null_models.csv`).
//!
//! - **G(n, m)** (Erdős & Rényi 1959): graphs drawn uniformly among those with the same number of
//!   nodes and edges, for `transitivity`, `avg_path_length` (largest component) and the Louvain
//!   `modularity` (random graphs have a sizeable modularity too: Guimerà, Sales-Pardo & Amaral
//!   2004, *Phys. Rev. E* 70, 025101).
//! - **Actor-type permutation**: the graph kept, the actor types shuffled over its nodes
//!   (Fisher–Yates), for `ei_index_actor_type`, `actor_type_assortativity` and
//!   `actor_type_modularity` (the quadratic assignment logic of Krackhardt 1988).
//!
//! Permutation `s` of a network draws from `stats::rng::stream(derive_seed(seed, key),
//! NULL_PERMUTATION, s)` (the statistics engine uses domains 1 and 2), `key` the network's
//! [`content_key`] (its graph and actor types, not its id or position, so that renaming PTCEs or
//! reordering rows draws the same baselines). The G(n, m) baseline is one per (n, m), shared by
//! the networks of that size: graph `s` from `stream(size_seed(seed, n, m), NULL_GNM, s)`
//! (`null_gnm`, which also skips the sampling when G(n, m) holds one graph up to isomorphism).
//! Sizes, networks and samples run in parallel and are collected in order, so results are
//! identical for any thread count. The pipeline passes
//! each network in its canonical node order (`network::canonical`), so that the permutations
//! and the rewiring do not depend on organization ids either.

use rand_pcg::Pcg64;
use rayon::prelude::*;

use std::collections::BTreeMap;

pub use super::null_gnm::NULL_GNM;
use super::null_gnm::{gnm_baseline, size_seed, GnmValues};
use crate::graph::Graph;
use crate::stats::rng::{below, derive_seed, fnv1a, stream};
use crate::structure::{
    attribute_assortativity, ei_index, largest_component_paths, louvain, modularity, transitivity,
    StructureError,
};
use crate::table::Table;

/// Random-stream domain of the actor-type permutations.
pub const NULL_PERMUTATION: u64 = 4;

/// One network to test.
#[derive(Debug, Clone, Copy)]
pub struct NullNetwork<'a> {
    /// The PTCE.
    pub ptce_id: &'a str,
    /// The snapshot.
    pub snapshot: &'a str,
    /// The network.
    pub graph: &'a Graph,
    /// Actor-type label of each node.
    pub actor_type: &'a [u32],
    /// Modularity of the network's Louvain partition (the `modularity` network metric); `None`
    /// computes it here with `structure::louvain`.
    pub modularity: Option<f64>,
}

/// One measure of one network against its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct NullRow {
    /// The PTCE.
    pub ptce_id: String,
    /// The snapshot.
    pub snapshot: String,
    /// Measure name (as the network metrics column).
    pub measure: &'static str,
    /// Observed value; `None` when undefined.
    pub observed: Option<f64>,
    /// `gnm` or `actor_type_permutation`.
    pub model: &'static str,
    /// Mean of the defined baseline values.
    pub baseline_mean: Option<f64>,
    /// Sample standard deviation (n − 1) of the baseline values; exactly 0 when all are equal.
    pub baseline_sd: Option<f64>,
    /// (observed − mean) / sd; `None` when sd is 0 or undefined.
    pub z: Option<f64>,
    /// 100 × (#{baseline < observed} + ½ #{baseline = observed}) / n_samples.
    pub percentile: Option<f64>,
    /// Number of samples where the measure was defined.
    pub n_samples: usize,
    /// `ok`, or why `z` is empty (`zero_variance`, `observed_undefined`, `no_baseline`, or
    /// for `degree_preserving` why the graph cannot be rewired: `too_few_nodes`,
    /// `too_few_edges`, `no_valid_swap`, `max_tries_exceeded`).
    pub status: &'static str,
}

/// The `status` of a row from its summary: `ok` when `z` is defined.
pub(crate) fn status_of(
    observed: Option<f64>,
    summary: &[Option<f64>; 4],
    n: usize,
) -> &'static str {
    if summary[2].is_some() {
        "ok"
    } else if n == 0 {
        "no_baseline"
    } else if observed.is_none() {
        "observed_undefined"
    } else {
        "zero_variance"
    }
}

/// The labels shuffled by Fisher–Yates.
fn shuffled(labels: &[u32], rng: &mut Pcg64) -> Vec<u32> {
    let mut l = labels.to_vec();
    for i in (1..l.len()).rev() {
        let j = below(rng, i as u64 + 1) as usize;
        l.swap(i, j);
    }
    l
}

/// The three actor-type measures of a labelling.
pub(crate) fn type_measures(g: &Graph, labels: &[u32]) -> Result<[Option<f64>; 3], StructureError> {
    let opt: Vec<Option<u32>> = labels.iter().map(|&l| Some(l)).collect();
    Ok([
        ei_index(g, &opt)?,
        attribute_assortativity(g, labels)?,
        modularity(g, labels)?,
    ])
}

/// Mean, sd, z and percentile of `observed` against the defined `baseline` values.
pub(crate) fn summarize(observed: Option<f64>, baseline: &[Option<f64>]) -> [Option<f64>; 4] {
    let b: Vec<f64> = baseline.iter().flatten().copied().collect();
    if b.is_empty() {
        return [None; 4];
    }
    let n = b.len() as f64;
    let mean = b.iter().sum::<f64>() / n;
    let all_equal = b.iter().all(|&x| x == b[0]);
    let sd = if b.len() < 2 {
        None
    } else if all_equal {
        Some(0.0)
    } else {
        Some((b.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)).sqrt())
    };
    let z = match (observed, sd) {
        (Some(o), Some(s)) if s > 0.0 => Some((o - mean) / s),
        _ => None,
    };
    let pct = observed.map(|o| {
        let below = b.iter().filter(|&&x| x < o).count() as f64;
        let equal = b.iter().filter(|&&x| x == o).count() as f64;
        100.0 * (below + 0.5 * equal) / n
    });
    [Some(mean), sd, z, pct]
}

/// Digest of a graph and its node labels (CSR arrays, weights' bits, labels), the seed of its
/// null models: equal for equal inputs, whatever the network's id or position.
pub fn content_key(g: &Graph, labels: &[u32]) -> u64 {
    let mut bytes = Vec::with_capacity(8 * (g.n() + 2 * g.targets().len()) + 4 * labels.len());
    bytes.extend((g.n() as u64).to_le_bytes());
    for &o in g.offsets() {
        bytes.extend((o as u64).to_le_bytes());
    }
    for (&t, &w) in g.targets().iter().zip(g.weights()) {
        bytes.extend(t.to_le_bytes());
        bytes.extend(w.to_bits().to_le_bytes());
    }
    for &l in labels {
        bytes.extend(l.to_le_bytes());
    }
    fnv1a(&bytes)
}

/// Null-model baselines of every network.
///
/// # Arguments
/// * `networks` - the networks with their actor types.
/// * `samples` - random graphs and permutations per network (e.g. 200).
/// * `seed` - the run's seed; a network's permutations use `derive_seed(seed,
///   content_key(graph, actor_type))`, its G(n, m) baseline `size_seed(seed, n, m)`, shared with
///   the networks of the same size.
///
/// # Returns
/// Six rows per network, in input order: `transitivity`, `avg_path_length` and `modularity`
/// (Louvain, seeded per sample) against `gnm`,
/// `ei_index_actor_type`, `actor_type_assortativity` and `actor_type_modularity` against
/// `actor_type_permutation`; or the error of a label vector of the wrong length.
///
/// # Complexity
/// O(samples · (Σ deg² + n·m/64 + Louvain)) per distinct (n, m) and O(samples · Σ deg²) per
/// network; sizes, networks and samples in parallel.
///
/// # Examples
/// ```
/// use ptce::{compare::{null_models, NullNetwork}, graph::Graph};
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)]).unwrap();
/// let net = NullNetwork { ptce_id: "p", snapshot: "all", graph: &g, actor_type: &[0, 0, 1],
///     modularity: None };
/// let rows = null_models(&[net], 50, 7).unwrap();
/// assert_eq!(rows[0].measure, "transitivity");
/// assert_eq!(rows[0].baseline_sd, Some(0.0)); // G(3, 3) is always the triangle
/// assert_eq!(rows[0].z, None);
/// ```
pub fn null_models(
    networks: &[NullNetwork<'_>],
    samples: usize,
    seed: u64,
) -> Result<Vec<NullRow>, StructureError> {
    // One G(n, m) baseline per distinct size, in parallel, in size order.
    let sizes: Vec<(usize, usize)> = networks
        .iter()
        .map(|net| (net.graph.n(), net.graph.m()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let drawn: Vec<Vec<GnmValues>> = sizes
        .par_iter()
        .map(|&(n, m)| gnm_baseline(n, m, samples, size_seed(seed, n, m)))
        .collect();
    let baselines: BTreeMap<(usize, usize), Vec<GnmValues>> =
        sizes.into_iter().zip(drawn).collect();
    // Networks in parallel (their samples too), collected in input order; the first error in
    // that order is the one returned.
    let per_network: Vec<Result<Vec<NullRow>, StructureError>> = networks
        .par_iter()
        .map(|net| {
            let size = (net.graph.n(), net.graph.m());
            let gnm = baselines.get(&size).map_or(&[][..], Vec::as_slice);
            network_rows(net, gnm, samples, seed)
        })
        .collect();
    let mut rows = Vec::with_capacity(networks.len() * MEASURES.len());
    for r in per_network {
        rows.extend(r?);
    }
    Ok(rows)
}

/// The measures of [`null_models`] and their models, in row order.
const MEASURES: [(&str, &str); 6] = [
    ("transitivity", "gnm"),
    ("avg_path_length", "gnm"),
    ("modularity", "gnm"),
    ("ei_index_actor_type", "actor_type_permutation"),
    ("actor_type_assortativity", "actor_type_permutation"),
    ("actor_type_modularity", "actor_type_permutation"),
];

/// The six rows of one network, `gnm_draws` its size's G(n, m) baseline.
fn network_rows(
    net: &NullNetwork<'_>,
    gnm_draws: &[GnmValues],
    samples: usize,
    seed: u64,
) -> Result<Vec<NullRow>, StructureError> {
    let g = net.graph;
    let observed_types = type_measures(g, net.actor_type)?;
    let s = derive_seed(seed, content_key(g, net.actor_type));
    let observed = [
        Some(transitivity(g)),
        largest_component_paths(g).avg_path_length,
        net.modularity
            .or_else(|| louvain(g, derive_seed(s, u64::MAX)).modularity),
        observed_types[0],
        observed_types[1],
        observed_types[2],
    ];
    let type_draws: Vec<[Option<f64>; 3]> = (0..samples as u64)
        .into_par_iter()
        .map(|k| {
            let labels = shuffled(net.actor_type, &mut stream(s, NULL_PERMUTATION, k));
            type_measures(g, &labels).unwrap_or([None; 3])
        })
        .collect();
    let mut rows = Vec::with_capacity(MEASURES.len());
    for (j, (measure, model)) in MEASURES.iter().enumerate() {
        let baseline: Vec<Option<f64>> = if j < 3 {
            gnm_draws.iter().map(|d| d[j]).collect()
        } else {
            type_draws.iter().map(|d| d[j - 3]).collect()
        };
        let summary = summarize(observed[j], &baseline);
        let [mean, sd, z, pct] = summary;
        let n_samples = baseline.iter().flatten().count();
        rows.push(NullRow {
            ptce_id: net.ptce_id.to_string(),
            snapshot: net.snapshot.to_string(),
            measure,
            observed: observed[j],
            model,
            baseline_mean: mean,
            baseline_sd: sd,
            z,
            percentile: pct,
            n_samples,
            status: status_of(observed[j], &summary, n_samples),
        });
    }
    Ok(rows)
}

/// The table `null_models`.
///
/// # Arguments
/// * `rows` - the output of [`null_models`].
///
/// # Returns
/// Columns `ptce_id`, `snapshot`, `measure`, `observed`, `model`, `baseline_mean`, `baseline_sd`,
/// `z`, `percentile`, `n_samples`, `status`.
///
/// # Complexity
/// O(rows).
pub fn null_models_table(rows: &[NullRow]) -> Table {
    Table::new("null_models")
        .str("ptce_id", rows.iter().map(|r| Some(r.ptce_id.clone())))
        .str("snapshot", rows.iter().map(|r| Some(r.snapshot.clone())))
        .str("measure", rows.iter().map(|r| Some(r.measure)))
        .float("observed", rows.iter().map(|r| r.observed))
        .str("model", rows.iter().map(|r| Some(r.model)))
        .float("baseline_mean", rows.iter().map(|r| r.baseline_mean))
        .float("baseline_sd", rows.iter().map(|r| r.baseline_sd))
        .float("z", rows.iter().map(|r| r.z))
        .float("percentile", rows.iter().map(|r| r.percentile))
        .int("n_samples", rows.iter().map(|r| Some(r.n_samples as i64)))
        .str("status", rows.iter().map(|r| Some(r.status)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_by_definition() {
        let [mean, sd, z, pct] = summarize(Some(3.0), &[Some(1.0), Some(2.0), None, Some(3.0)]);
        assert_eq!((mean, sd), (Some(2.0), Some(1.0)));
        assert_eq!(z, Some(1.0));
        // 2 below, 1 equal, of 3 → 100 × 2.5 / 3.
        assert_eq!(pct, Some(250.0 / 3.0));
        assert_eq!(summarize(Some(1.0), &[None]), [None; 4]);
    }
}
