//! Properties of the centralities and structural measures over random small graphs.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use ptce::centrality::{centralities, Centralities, CentralityOptions};
use ptce::config::NetworkConfig;
use ptce::graph::Graph;
use ptce::model::ActorType;
use ptce::network::{Network, NodeInfo};
use ptce::pipeline::metrics::measure;
use ptce::structure::{
    connected_components, network_structure, node_structure, StructureNetwork, StructureNode,
};
use std::collections::BTreeSet;

use super::{close, BOUND_SLACK, RELABEL_TOL};

/// A random graph with node attributes, as the strategies draw it.
#[derive(Debug, Clone)]
pub struct RandomGraph {
    pub n: usize,
    /// Undirected edges; repeated pairs are allowed (the graph sums their weights).
    pub edges: Vec<(u32, u32, f64)>,
    /// Actor type of each node (index into `ActorType::ALL`).
    pub actor: Vec<u32>,
    /// NAF section of each node (0 = `A`), `None` when unknown.
    pub naf: Vec<Option<u32>>,
}

impl RandomGraph {
    pub fn graph(&self) -> Graph {
        Graph::from_edges(self.n, self.edges.iter().copied()).unwrap()
    }

    /// Distinct undirected pairs: |E| of the simple graph.
    pub fn distinct_pairs(&self) -> usize {
        let pairs: BTreeSet<(u32, u32)> = self
            .edges
            .iter()
            .map(|&(u, v, _)| (u.min(v), u.max(v)))
            .collect();
        pairs.len()
    }

    /// The same graph with node `i` renamed `perm[i]` (attributes move with their node).
    pub fn relabelled(&self, perm: &[usize]) -> RandomGraph {
        let mut actor = vec![0; self.n];
        let mut naf = vec![None; self.n];
        for (i, &p) in perm.iter().enumerate() {
            actor[p] = self.actor[i];
            naf[p] = self.naf[i];
        }
        RandomGraph {
            n: self.n,
            edges: self
                .edges
                .iter()
                .map(|&(u, v, w)| (perm[u as usize] as u32, perm[v as usize] as u32, w))
                .collect(),
            actor,
            naf,
        }
    }

    /// The graph as a [`Network`], the input of `metrics::measure`.
    pub fn network(&self) -> Network {
        Network {
            ptce_id: "PTCE-P".to_string(),
            snapshot: "all".to_string(),
            nodes: (0..self.n)
                .map(|i| NodeInfo {
                    org_id: format!("O{i:04}"),
                    name: String::new(),
                    actor_type: ActorType::ALL[self.actor[i] as usize],
                    naf_section: self.naf[i].map(|k| char::from(b'A' + k as u8)),
                    role: None,
                    detail: 0,
                })
                .collect(),
            edges: Vec::new(),
            graph: self.graph(),
        }
    }
}

/// Positive weights: small integers (tie counts), reals over six orders of magnitude, and 1.
fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![(1u32..=10).prop_map(f64::from), 1e-3f64..1e3, Just(1.0),]
}

/// Graphs of `min_n..=max_n` nodes with 0 to `max_per_node · n` edges drawn uniformly (so from
/// empty, through forests with isolated nodes and several components, to dense graphs when n is
/// small), self-loops dropped, repeated pairs kept (merged by `Graph::from_edges`).
pub fn random_graph(
    min_n: usize,
    max_n: usize,
    max_per_node: usize,
) -> impl Strategy<Value = RandomGraph> {
    (min_n..=max_n).prop_flat_map(move |n| {
        let k = (n * n.saturating_sub(1) / 2).min(max_per_node * n);
        let edges = prop::collection::vec((0..n as u32, 0..n as u32, weight()), 0..=k)
            .prop_map(|v| v.into_iter().filter(|e| e.0 != e.1).collect::<Vec<_>>());
        let actor = prop::collection::vec(0u32..ActorType::ALL.len() as u32, n);
        let naf = prop::collection::vec(prop::option::of(0u32..21), n);
        (Just(n), edges, actor, naf).prop_map(|(n, edges, actor, naf)| RandomGraph {
            n,
            edges,
            actor,
            naf,
        })
    })
}

/// A random graph and a random permutation of its nodes.
fn graph_and_permutation() -> impl Strategy<Value = (RandomGraph, Vec<usize>)> {
    random_graph(1, 40, 4).prop_flat_map(|g| {
        let perm = Just((0..g.n).collect::<Vec<usize>>()).prop_shuffle();
        (Just(g), perm)
    })
}

/// The normalised node measures, by name.
fn normalised(c: &Centralities) -> [(&'static str, &Vec<Option<f64>>); 7] {
    [
        ("degree_centrality", &c.degree_centrality),
        ("betweenness", &c.betweenness),
        ("betweenness_weighted", &c.betweenness_weighted),
        ("closeness", &c.closeness),
        ("harmonic", &c.harmonic),
        ("eigenvector", &c.eigenvector),
        ("pagerank", &c.pagerank),
    ]
}

/// Runs `f` in a rayon pool of `threads` threads.
fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

fn bits(v: &[Option<f64>]) -> Vec<Option<u64>> {
    v.iter().map(|x| x.map(f64::to_bits)).collect()
}

/// Every floating-point column of a [`Centralities`] as bit patterns (strength included).
fn centrality_bits(c: &Centralities) -> Vec<Vec<Option<u64>>> {
    let mut out: Vec<Vec<Option<u64>>> = normalised(c).iter().map(|(_, v)| bits(v)).collect();
    out.push(c.strength.iter().map(|x| Some(x.to_bits())).collect());
    out
}

proptest! {
    #![proptest_config(crate::config(64))]

    /// Normalised centralities lie in [0, 1] (slack `BOUND_SLACK` for rounding), are defined
    /// where the module table says, Σ degree = 2|E|, Σ strength = 2 Σ w, Σ pagerank = 1 ± 1e-9.
    #[test]
    fn centralities_are_bounded_and_sum_right(rg in random_graph(1, 40, 4)) {
        let g = rg.graph();
        let c = centralities(&g, &CentralityOptions::default());
        let n = rg.n;
        prop_assert!(c.warnings.is_empty(), "warnings {:?}", c.warnings);
        for (name, values) in normalised(&c) {
            prop_assert_eq!(values.len(), n);
            for (i, v) in values.iter().enumerate() {
                // harmonic is null for the single node of a 1-node graph; nothing else is.
                let undefined_ok = name == "harmonic" && n == 1;
                match v {
                    None => prop_assert!(undefined_ok, "{name}[{i}] is None"),
                    Some(x) => prop_assert!(
                        (-BOUND_SLACK..=1.0 + BOUND_SLACK).contains(x),
                        "{name}[{i}] = {x} outside [0, 1]"
                    ),
                }
            }
        }
        let degree_sum: u64 = c.degree.iter().map(|&d| u64::from(d)).sum();
        prop_assert_eq!(degree_sum, 2 * rg.distinct_pairs() as u64);
        prop_assert_eq!(degree_sum, 2 * g.m() as u64);
        if n > 1 {
            // networkx multiplies by 1/(n − 1), so the last bit may differ from d/(n − 1).
            for (d, dc) in c.degree.iter().zip(&c.degree_centrality) {
                prop_assert!(close(dc.unwrap(), f64::from(*d) / (n - 1) as f64, 1e-15));
            }
        }
        let strength_sum: f64 = c.strength.iter().sum();
        let weight_sum: f64 = rg.edges.iter().map(|e| e.2).sum();
        prop_assert!(close(strength_sum, 2.0 * weight_sum, 1e-12), "{strength_sum} vs 2·{weight_sum}");
        let pagerank_sum: f64 = c.pagerank.iter().map(|p| p.unwrap()).sum();
        prop_assert!((pagerank_sum - 1.0).abs() <= 1e-9, "Σ pagerank = {pagerank_sum}");
    }

    /// Relabelling the nodes by a random permutation permutes every node measure and leaves
    /// every network measure unchanged, within `RELABEL_TOL` (not bitwise: neighbour lists are
    /// sorted by node index, so sums over neighbours, sources and iterations run in another
    /// order); integer measures exactly. Louvain's partition is not compared (its seeded node
    /// order is a node-index order by design): the first graph's partition, carried over, is
    /// given to both `network_structure` calls so that modularity and community count compare.
    #[test]
    fn relabelling_permutes_node_measures((rg, perm) in graph_and_permutation()) {
        let g1 = rg.graph();
        let rg2 = rg.relabelled(&perm);
        let g2 = rg2.graph();
        let opts = CentralityOptions::default();
        let (c1, c2) = (centralities(&g1, &opts), centralities(&g2, &opts));
        for i in 0..rg.n {
            let j = perm[i];
            prop_assert_eq!(c1.degree[i], c2.degree[j]);
            prop_assert!(close(c1.strength[i], c2.strength[j], RELABEL_TOL));
            for ((name, a), (_, b)) in normalised(&c1).into_iter().zip(normalised(&c2)) {
                prop_assert!(close_opt(a[i], b[j]), "{name}: node {i} → {j}: {:?} vs {:?}", a[i], b[j]);
            }
        }
        let s1 = node_structure(&g1, &rg.actor, 7).unwrap();
        let s2 = node_structure(&g2, &rg2.actor, 7).unwrap();
        compare_node_structure(&s1, &s2, &perm)?;
        let mut communities2 = vec![0; rg.n];
        for i in 0..rg.n {
            communities2[perm[i]] = s1.community[i];
        }
        let n1 = network_structure(&g1, &rg.actor, &rg.naf, &c1.betweenness, &s1.community).unwrap();
        let n2 = network_structure(&g2, &rg2.actor, &rg2.naf, &c2.betweenness, &communities2).unwrap();
        // Path length and diameter are those of the largest component, ties going to the
        // component of the smallest node (documented): with two largest components of equal
        // size, relabelling may legitimately pick the other one.
        let sizes = connected_components(&g1).sizes;
        let largest = sizes.iter().max().copied().unwrap_or(0);
        let tied = sizes.iter().filter(|&&s| s == largest).count() > 1;
        compare_network_structure(&n1, &n2, tied)?;
    }
}

proptest! {
    #![proptest_config(crate::config(16))]

    /// One thread and four threads give bitwise the same centralities and the same
    /// `metrics::measure` result (every field, Louvain included), exact or with sampled
    /// betweenness. Graphs of up to 300 nodes so that betweenness runs over several source
    /// blocks (32 sources each) and components over several chunks; the power iterations' own
    /// parallel path needs ≥ 2^18 arcs and is covered by the library's unit test.
    #[test]
    fn one_thread_equals_four_threads(rg in random_graph(1, 300, 3), sample in any::<bool>(), seed in any::<u64>()) {
        let g = rg.graph();
        let opts = CentralityOptions::default();
        let a = in_pool(1, || centralities(&g, &opts));
        let b = in_pool(4, || centralities(&g, &opts));
        prop_assert_eq!(centrality_bits(&a), centrality_bits(&b));
        prop_assert_eq!(&a, &b);
        let net = rg.network();
        let config = NetworkConfig {
            betweenness_sample_above: sample.then_some(20),
            ..NetworkConfig::default()
        };
        let ra = in_pool(1, || measure(&net, seed, &config));
        let rb = in_pool(4, || measure(&net, seed, &config));
        // Debug prints every f64 in its shortest round-trip form (−0 included): equal text is
        // equal bits.
        prop_assert_eq!(format!("{ra:?}"), format!("{rb:?}"));
        prop_assert!(ra.node.is_some() && ra.network.is_some());
    }
}

fn close_opt(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => close(x, y, RELABEL_TOL),
        _ => false,
    }
}

fn compare_node_structure(
    s1: &StructureNode,
    s2: &StructureNode,
    perm: &[usize],
) -> Result<(), TestCaseError> {
    for (i, &j) in perm.iter().enumerate() {
        prop_assert!(close(s1.clustering[i], s2.clustering[j], RELABEL_TOL));
        prop_assert!(
            close_opt(s1.constraint[i], s2.constraint[j]),
            "constraint {i}"
        );
        prop_assert!(
            close_opt(s1.effective_size[i], s2.effective_size[j]),
            "effective size {i}"
        );
        for (a, b) in [
            (&s1.brokerage_coordinator, &s2.brokerage_coordinator),
            (&s1.brokerage_itinerant, &s2.brokerage_itinerant),
            (&s1.brokerage_gatekeeper, &s2.brokerage_gatekeeper),
            (&s1.brokerage_representative, &s2.brokerage_representative),
            (&s1.brokerage_liaison, &s2.brokerage_liaison),
        ] {
            prop_assert_eq!(a[i], b[j], "brokerage of node {}", i);
        }
    }
    Ok(())
}

fn compare_network_structure(
    a: &StructureNetwork,
    b: &StructureNetwork,
    tied_largest_component: bool,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        (a.n_nodes, a.n_edges, a.n_components, a.n_communities),
        (b.n_nodes, b.n_edges, b.n_components, b.n_communities)
    );
    if !tied_largest_component {
        prop_assert_eq!(a.diameter, b.diameter);
        prop_assert!(
            close_opt(a.avg_path_length, b.avg_path_length),
            "avg_path_length"
        );
    }
    let floats = [
        ("density", Some(a.density), Some(b.density)),
        (
            "largest_component_share",
            a.largest_component_share,
            b.largest_component_share,
        ),
        ("transitivity", Some(a.transitivity), Some(b.transitivity)),
        ("avg_clustering", a.avg_clustering, b.avg_clustering),
        (
            "degree_centralization",
            a.degree_centralization,
            b.degree_centralization,
        ),
        (
            "betweenness_centralization",
            a.betweenness_centralization,
            b.betweenness_centralization,
        ),
        ("modularity", a.modularity, b.modularity),
        (
            "actor_type_modularity",
            a.actor_type_modularity,
            b.actor_type_modularity,
        ),
        (
            "actor_type_assortativity",
            a.actor_type_assortativity,
            b.actor_type_assortativity,
        ),
        (
            "ei_index_actor_type",
            a.ei_index_actor_type,
            b.ei_index_actor_type,
        ),
        (
            "ei_index_naf_section",
            a.ei_index_naf_section,
            b.ei_index_naf_section,
        ),
    ];
    for (name, x, y) in floats {
        prop_assert!(close_opt(x, y), "{name}: {x:?} vs {y:?}");
    }
    Ok(())
}

/// The graph strategy does produce the cases the properties are meant for: isolated nodes,
/// several components, and connected graphs (a property over graphs it never draws would be
/// vacuous).
#[test]
fn graph_strategy_covers_isolates_and_disconnected_graphs() {
    let mut runner = TestRunner::deterministic();
    let strategy = random_graph(1, 40, 4);
    let (mut isolated, mut disconnected, mut connected) = (0, 0, 0);
    for _ in 0..200 {
        let rg = strategy.new_tree(&mut runner).unwrap().current();
        let c = centralities(&rg.graph(), &CentralityOptions::default());
        if rg.n > 1 && c.degree.contains(&0) {
            isolated += 1;
        }
        let comps = connected_components(&rg.graph()).sizes.len();
        if comps > 1 {
            disconnected += 1;
        } else {
            connected += 1;
        }
    }
    assert!(
        isolated >= 20 && disconnected >= 20 && connected >= 20,
        "isolated {isolated}, disconnected {disconnected}, connected {connected} of 200"
    );
}
