//! The metric engine: every node and network measure of every network, in parallel across
//! networks (and inside large ones, through the centrality module), gathered into the result
//! tables `node_metrics`, `network_metrics`, `edges`, the territory tables and `network_change`.
//!
//! Conventions and oracles of each column: `docs/metrics.md`.

use crate::centrality::{
    centralities_with_groups, cheaper_of_sample_and_exact, checked_membership_graph,
    sample_size_for, twin_classes, Centralities, CentralityOptions, ProjectionDistances,
};
use crate::config::NetworkConfig;
use crate::graph::Graph;
use crate::network::{canonical, Canonical, Network};
use crate::stats::rng::derive_seed;
use crate::structure::components::largest_component_paths_from;
use crate::structure::{
    network_structure_knowing, node_structure_and_triangles, Known, StructureNetwork, StructureNode,
};
use crate::table::Table;
use rayon::prelude::*;

/// Every measure of one network.
#[derive(Debug, Clone)]
pub struct NetworkResult {
    pub centrality: Centralities,
    pub node: Option<StructureNode>,
    pub network: Option<StructureNetwork>,
    /// `exact`, or how betweenness was sampled.
    pub method: String,
}

/// The centrality options of one network (its graph `g` in canonical order): exact
/// betweenness, or, above `network.betweenness_sample_above` nodes, the k sources that bound
/// the error by `betweenness_epsilon` with probability `1 − betweenness_delta`, each twin class
/// among them run once — or every twin class, exact, when that takes no more Brandes passes
/// ([`cheaper_of_sample_and_exact`]).
pub fn options_for(g: &Graph, config: &NetworkConfig, local_seed: u64) -> CentralityOptions {
    let n = g.n();
    let sample = config
        .betweenness_sample_above
        .filter(|&above| n > above)
        .and_then(|_| sample_size_for(n, config.betweenness_epsilon, config.betweenness_delta))
        .filter(|&k| k < n)
        .map(|k| cheaper_of_sample_and_exact(g, k, local_seed).0);
    CentralityOptions {
        betweenness_sample: sample,
        ..CentralityOptions::default()
    }
}

/// How the betweenness of a network of `n` nodes was computed, as written in
/// `network_metrics`.
pub fn betweenness_method(opts: &CentralityOptions, config: &NetworkConfig, n: usize) -> String {
    match &opts.betweenness_sample {
        None => "exact".to_string(),
        Some(s) if s.sources >= n => "exact: one source per twin class".to_string(),
        Some(s) => format!(
            "sampled: {} sources, |error| <= {} with probability >= {}",
            s.sources,
            config.betweenness_epsilon,
            1.0 - config.betweenness_delta
        ),
    }
}

/// Computes every measure of one network, on its graph relabelled into the canonical node order
/// ([`crate::network::canonical`]), so that no result depends on organization ids or input row
/// order; per-node results come back in the network's node order. Louvain (and betweenness
/// sampling, when configured) are seeded from (`seed`, the canonical form's content key).
pub fn measure(net: &Network, seed: u64, config: &NetworkConfig) -> NetworkResult {
    measure_projection(net, &[], seed, config)
}

/// As [`measure`], for a network that is the weighted projection of `groups` (node indices of
/// `net` per group: the territory networks), whose weighted betweenness passes, closeness and
/// path lengths can then run on the groups
/// ([`crate::centrality::centralities_of_projection`]); `&[]` for any other network.
pub fn measure_projection(
    net: &Network,
    groups: &[Vec<u32>],
    seed: u64,
    config: &NetworkConfig,
) -> NetworkResult {
    let canon = canonical(net);
    let g = &canon.graph;
    let local_seed = derive_seed(seed, canon.key);
    let opts = options_for(g, config, local_seed);
    let method = betweenness_method(&opts, config, g.n());
    // In canonical positions, each sorted, in the order of their members: an order that depends
    // on the content, not on the ids.
    let mut groups: Vec<Vec<u32>> = groups
        .iter()
        .map(|m| {
            let mut p: Vec<u32> = m.iter().map(|&v| canon.position[v as usize]).collect();
            p.sort_unstable();
            p
        })
        .collect();
    groups.sort_unstable();
    let members = checked_membership_graph(g, &groups);
    // One all-pairs walk on the membership graph (one source per class of structural twins:
    // the members of a single PTCE, most organizations) serves closeness, harmonic centrality
    // and the largest component's path statistics.
    let distances = members
        .as_ref()
        .map(|m| ProjectionDistances::new(g.n(), m, Some(&twin_classes(g))));
    // `centralities` says in its warnings when betweenness was sampled.
    let mut centrality =
        centralities_with_groups(g, &opts, &groups, members.as_ref(), distances.as_ref());
    drop(groups);
    equalize_centralities(&canon, &mut centrality);
    let actors = canon.permute(&net.actor_partition());
    let naf = canon.permute(&net.naf_partition());
    let node = node_structure_and_triangles(g, &actors, local_seed)
        .ok()
        .map(|(mut s, tri)| {
            canon.equalize(&mut s.clustering);
            canon.equalize(&mut s.constraint);
            canon.equalize(&mut s.effective_size);
            (s, tri)
        });
    let paths = distances.map(|d| largest_component_paths_from(g, |v| d.sum_and_eccentricity(v)));
    let network = node.as_ref().and_then(|(n, tri)| {
        let known = Known {
            paths,
            triangles: Some(tri),
        };
        network_structure_knowing(
            g,
            known,
            &actors,
            &naf,
            &centrality.betweenness,
            &n.community,
        )
        .ok()
    });
    NetworkResult {
        centrality: restore_centralities(&canon, centrality),
        node: node.map(|(n, _)| restore_structure(&canon, n)),
        network,
        method,
    }
}

/// One value for all twins of a network (see [`Canonical::equalize`]), measure by measure.
fn equalize_centralities(canon: &Canonical, c: &mut Centralities) {
    canon.equalize(&mut c.strength);
    for v in [
        &mut c.degree_centrality,
        &mut c.betweenness,
        &mut c.betweenness_weighted,
        &mut c.closeness,
        &mut c.harmonic,
        &mut c.eigenvector,
        &mut c.pagerank,
    ] {
        canon.equalize(v);
    }
}

/// Centralities computed in canonical order, put back in node order.
fn restore_centralities(canon: &Canonical, c: Centralities) -> Centralities {
    Centralities {
        degree: canon.restore(c.degree),
        degree_centrality: canon.restore(c.degree_centrality),
        strength: canon.restore(c.strength),
        betweenness: canon.restore(c.betweenness),
        betweenness_weighted: canon.restore(c.betweenness_weighted),
        closeness: canon.restore(c.closeness),
        harmonic: canon.restore(c.harmonic),
        eigenvector: canon.restore(c.eigenvector),
        pagerank: canon.restore(c.pagerank),
        warnings: c.warnings,
    }
}

/// Node structure computed in canonical order, put back in node order (community labels stay
/// numbered by smallest member in canonical order: they follow the content, not the ids).
fn restore_structure(canon: &Canonical, s: StructureNode) -> StructureNode {
    StructureNode {
        clustering: canon.restore(s.clustering),
        constraint: canon.restore(s.constraint),
        effective_size: canon.restore(s.effective_size),
        brokerage_coordinator: canon.restore(s.brokerage_coordinator),
        brokerage_itinerant: canon.restore(s.brokerage_itinerant),
        brokerage_gatekeeper: canon.restore(s.brokerage_gatekeeper),
        brokerage_representative: canon.restore(s.brokerage_representative),
        brokerage_liaison: canon.restore(s.brokerage_liaison),
        community: canon.restore(s.community),
    }
}

/// Measures every network, in parallel, results in the order of `nets`.
pub fn measure_all(nets: &[Network], seed: u64, config: &NetworkConfig) -> Vec<NetworkResult> {
    nets.par_iter().map(|n| measure(n, seed, config)).collect()
}

fn c(r: &NetworkResult) -> &Centralities {
    &r.centrality
}

fn sn(r: &NetworkResult) -> Option<&StructureNode> {
    r.node.as_ref()
}

fn opt_u(v: usize) -> Option<i64> {
    Some(v as i64)
}

/// `node_metrics`: one row per node of every network.
pub fn node_table(name: &str, nets: &[Network], results: &[NetworkResult]) -> Table {
    let rows: Vec<(&Network, usize, &NetworkResult)> = nets
        .iter()
        .zip(results)
        .flat_map(|(n, r)| (0..n.nodes.len()).map(move |i| (n, i, r)))
        .collect();
    let f = |get: &dyn Fn(&NetworkResult, usize) -> Option<f64>| -> Vec<Option<f64>> {
        rows.iter().map(|(_, i, r)| get(r, *i)).collect()
    };
    let int = |get: &dyn Fn(&NetworkResult, usize) -> Option<i64>| -> Vec<Option<i64>> {
        rows.iter().map(|(_, i, r)| get(r, *i)).collect()
    };
    Table::new(name)
        .str(
            "ptce_id",
            rows.iter().map(|(n, _, _)| Some(n.ptce_id.clone())),
        )
        .str(
            "snapshot",
            rows.iter().map(|(n, _, _)| Some(n.snapshot.clone())),
        )
        .str(
            "org_id",
            rows.iter()
                .map(|(n, i, _)| Some(n.nodes[*i].org_id.clone())),
        )
        .str(
            "name",
            rows.iter().map(|(n, i, _)| Some(n.nodes[*i].name.clone())),
        )
        .str(
            "actor_type",
            rows.iter()
                .map(|(n, i, _)| Some(n.nodes[*i].actor_type.as_str())),
        )
        .str(
            "naf_section",
            rows.iter()
                .map(|(n, i, _)| n.nodes[*i].naf_section.map(|c| c.to_string())),
        )
        .str(
            "role",
            rows.iter()
                .map(|(n, i, _)| n.nodes[*i].role.map(|r| r.as_str())),
        )
        .int(
            "degree",
            int(&|r, i| c(r).degree.get(i).map(|&d| i64::from(d))),
        )
        .float(
            "degree_centrality",
            f(&|r, i| c(r).degree_centrality.get(i).copied().flatten()),
        )
        .float("strength", f(&|r, i| c(r).strength.get(i).copied()))
        .float(
            "betweenness",
            f(&|r, i| c(r).betweenness.get(i).copied().flatten()),
        )
        .float(
            "betweenness_weighted",
            f(&|r, i| c(r).betweenness_weighted.get(i).copied().flatten()),
        )
        .float(
            "closeness",
            f(&|r, i| c(r).closeness.get(i).copied().flatten()),
        )
        .float(
            "harmonic",
            f(&|r, i| c(r).harmonic.get(i).copied().flatten()),
        )
        .float(
            "eigenvector",
            f(&|r, i| c(r).eigenvector.get(i).copied().flatten()),
        )
        .float(
            "pagerank",
            f(&|r, i| c(r).pagerank.get(i).copied().flatten()),
        )
        .float(
            "clustering",
            f(&|r, i| sn(r).and_then(|s| s.clustering.get(i).copied())),
        )
        .float(
            "constraint",
            f(&|r, i| sn(r).and_then(|s| s.constraint.get(i).copied().flatten())),
        )
        .float(
            "effective_size",
            f(&|r, i| sn(r).and_then(|s| s.effective_size.get(i).copied().flatten())),
        )
        .int(
            "brokerage_coordinator",
            int(&|r, i| sn(r).and_then(|s| s.brokerage_coordinator.get(i).map(|&v| v as i64))),
        )
        .int(
            "brokerage_itinerant",
            int(&|r, i| sn(r).and_then(|s| s.brokerage_itinerant.get(i).map(|&v| v as i64))),
        )
        .int(
            "brokerage_gatekeeper",
            int(&|r, i| sn(r).and_then(|s| s.brokerage_gatekeeper.get(i).map(|&v| v as i64))),
        )
        .int(
            "brokerage_representative",
            int(&|r, i| sn(r).and_then(|s| s.brokerage_representative.get(i).map(|&v| v as i64))),
        )
        .int(
            "brokerage_liaison",
            int(&|r, i| sn(r).and_then(|s| s.brokerage_liaison.get(i).map(|&v| v as i64))),
        )
        .int(
            "community",
            int(&|r, i| sn(r).and_then(|s| s.community.get(i).map(|&v| i64::from(v)))),
        )
}

/// Names of the network-level measures, in column order (also the `measure` of comparisons).
pub const NETWORK_MEASURES: &[&str] = &[
    "n_nodes",
    "n_edges",
    "density",
    "n_components",
    "largest_component_share",
    "avg_path_length",
    "diameter",
    "transitivity",
    "avg_clustering",
    "degree_centralization",
    "betweenness_centralization",
    "n_communities",
    "modularity",
    "actor_type_modularity",
    "actor_type_assortativity",
    "ei_index_actor_type",
    "ei_index_naf_section",
];

/// The network-level measures of one result, in [`NETWORK_MEASURES`] order.
pub fn network_values(r: &NetworkResult) -> Vec<Option<f64>> {
    let Some(s) = &r.network else {
        return vec![None; NETWORK_MEASURES.len()];
    };
    vec![
        Some(s.n_nodes as f64),
        Some(s.n_edges as f64),
        Some(s.density),
        Some(s.n_components as f64),
        s.largest_component_share,
        s.avg_path_length,
        s.diameter.map(f64::from),
        Some(s.transitivity),
        s.avg_clustering,
        s.degree_centralization,
        s.betweenness_centralization,
        Some(s.n_communities as f64),
        s.modularity,
        s.actor_type_modularity,
        s.actor_type_assortativity,
        s.ei_index_actor_type,
        s.ei_index_naf_section,
    ]
}

/// `network_metrics`: one row per network. Counts are integer columns.
pub fn network_table(name: &str, nets: &[Network], results: &[NetworkResult]) -> Table {
    let values: Vec<Vec<Option<f64>>> = results.iter().map(network_values).collect();
    let mut t = Table::new(name)
        .str("ptce_id", nets.iter().map(|n| Some(n.ptce_id.clone())))
        .str("snapshot", nets.iter().map(|n| Some(n.snapshot.clone())));
    for (j, m) in NETWORK_MEASURES.iter().enumerate() {
        let col = values.iter().map(|v| v[j]);
        t = if matches!(
            *m,
            "n_nodes" | "n_edges" | "n_components" | "diameter" | "n_communities"
        ) {
            t.int(m, col.map(|x| x.map(|x| x as i64)))
        } else {
            t.float(m, col)
        };
    }
    t.str(
        "betweenness_method",
        results.iter().map(|r| Some(r.method.clone())),
    )
}

/// `edges`: every edge of every network (source and target ids, weight, tie kinds).
pub fn edge_table(name: &str, nets: &[Network]) -> Table {
    let rows: Vec<(&Network, usize)> = nets
        .iter()
        .flat_map(|n| (0..n.edges.len()).map(move |i| (n, i)))
        .collect();
    Table::new(name)
        .str("ptce_id", rows.iter().map(|(n, _)| Some(n.ptce_id.clone())))
        .str(
            "snapshot",
            rows.iter().map(|(n, _)| Some(n.snapshot.clone())),
        )
        .str(
            "source",
            rows.iter()
                .map(|(n, i)| Some(n.nodes[n.edges[*i].u as usize].org_id.clone())),
        )
        .str(
            "target",
            rows.iter()
                .map(|(n, i)| Some(n.nodes[n.edges[*i].v as usize].org_id.clone())),
        )
        .float("weight", rows.iter().map(|(n, i)| Some(n.edges[*i].weight)))
        .str(
            "kinds",
            rows.iter().map(|(n, i)| {
                let k: Vec<&str> = n.edges[*i].kinds.iter().map(|k| k.as_str()).collect();
                Some(k.join(";"))
            }),
        )
        .int(
            "shared_activities",
            rows.iter()
                .map(|(n, i)| opt_u(n.edges[*i].shared_activities as usize)),
        )
        .str("layer", rows.iter().map(|(n, i)| Some(n.edges[*i].layer())))
}

/// Columns of `network_change`, filled row by row.
#[derive(Default)]
struct ChangeColumns(
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<Option<f64>>,
    Vec<Option<f64>>,
    Vec<Option<f64>>,
);

/// `network_change`: for each PTCE, each pair of consecutive entered stages (in model order)
/// and each network measure: value at both stages and their difference.
pub fn change_table(nets: &[Network], results: &[NetworkResult], stage_order: &[String]) -> Table {
    type StageValues = Vec<(usize, Vec<Option<f64>>)>;
    let mut by_ptce: std::collections::BTreeMap<&str, StageValues> = Default::default();
    for (n, r) in nets.iter().zip(results) {
        if let Some(pos) = stage_order.iter().position(|s| *s == n.snapshot) {
            by_ptce
                .entry(n.ptce_id.as_str())
                .or_default()
                .push((pos, network_values(r)));
        }
    }
    let mut cols = ChangeColumns::default();
    for (ptce, mut stages) in by_ptce {
        stages.sort_by_key(|(p, _)| *p);
        for w in stages.windows(2) {
            let ((a, va), (b, vb)) = (&w[0], &w[1]);
            for (j, m) in NETWORK_MEASURES.iter().enumerate() {
                cols.0.push(ptce.to_string());
                cols.1.push(stage_order[*a].clone());
                cols.2.push(stage_order[*b].clone());
                cols.3.push(m.to_string());
                cols.4.push(va[j]);
                cols.5.push(vb[j]);
                cols.6.push(match (va[j], vb[j]) {
                    (Some(x), Some(y)) => Some(y - x),
                    _ => None,
                });
            }
        }
    }
    Table::new("network_change")
        .str("ptce_id", cols.0.into_iter().map(Some))
        .str("from_stage", cols.1.into_iter().map(Some))
        .str("to_stage", cols.2.into_iter().map(Some))
        .str("measure", cols.3.into_iter().map(Some))
        .float("from_value", cols.4)
        .float("to_value", cols.5)
        .float("change", cols.6)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Graph;
    use crate::model::ActorType;
    use crate::network::NodeInfo;
    use rand_core::{RngCore, SeedableRng};

    fn random_network(n: usize, m: usize, seed: u64) -> Network {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
        let mut edges = Vec::new();
        while edges.len() < m {
            let (u, v) = (
                (rng.next_u64() % n as u64) as u32,
                (rng.next_u64() % n as u64) as u32,
            );
            if u != v {
                edges.push((u, v, 1.0 + (rng.next_u64() % 4) as f64));
            }
        }
        let graph = Graph::from_edges(n, edges).unwrap();
        let nodes = (0..n)
            .map(|i| NodeInfo {
                org_id: format!("O{i:05}"),
                name: String::new(),
                actor_type: ActorType::ALL[i % ActorType::ALL.len()],
                naf_section: (i % 3 != 0).then_some((b'A' + (i % 5) as u8) as char),
                role: None,
                detail: 0,
            })
            .collect();
        Network {
            ptce_id: "P".into(),
            snapshot: "all".into(),
            nodes,
            edges: vec![],
            graph,
        }
    }

    #[test]
    fn node_and_network_metrics_are_bitwise_identical_for_1_and_4_threads() {
        let nets: Vec<Network> = (0..6)
            .map(|i| random_network(300 + 200 * i, 1500 + 900 * i, i as u64))
            .collect();
        let run = |threads| {
            crate::test_support::with_threads(threads, || {
                let r = measure_all(&nets, 42, &NetworkConfig::default());
                let t1 = node_table("n", &nets, &r);
                let t2 = network_table("m", &nets, &r);
                (
                    crate::report::csv::to_csv(&t1, true).unwrap(),
                    crate::report::csv::to_csv(&t2, true).unwrap(),
                )
            })
        };
        let (a, b) = (run(1), run(4));
        assert!(a.0.len() > 10_000);
        assert!(a == b, "metrics differ between 1 and 4 threads");
    }

    #[test]
    fn betweenness_is_sampled_only_above_the_configured_size() {
        let net = random_network(400, 1600, 9);
        let exact = measure(&net, 1, &NetworkConfig::default());
        assert_eq!(exact.method, "exact");
        let config = NetworkConfig {
            betweenness_sample_above: Some(300),
            betweenness_epsilon: 0.1,
            betweenness_delta: 0.1,
            ..NetworkConfig::default()
        };
        let sampled = measure(&net, 1, &config);
        // k = ⌈ln(2·400/0.1) / (2·0.1²)⌉ + 1 = ⌈449.4⌉ + 1 ≥ n: no sampling is worth it.
        assert_eq!(sampled.method, "exact");
        let config = NetworkConfig {
            betweenness_epsilon: 0.2,
            ..config
        };
        let sampled = measure(&net, 1, &config);
        // k = ⌈ln(8000) / 0.08⌉ + 1 = 114 sources.
        assert!(
            sampled.method.starts_with("sampled: 114 sources"),
            "{}",
            sampled.method
        );
        assert!(sampled
            .centrality
            .warnings
            .iter()
            .any(|w| w.contains("estimated from 114 of 400")));
        // The estimate stays within its bound of the exact value (ε = 0.2, δ = 0.1).
        for (a, b) in exact
            .centrality
            .betweenness
            .iter()
            .zip(&sampled.centrality.betweenness)
        {
            assert!((a.unwrap() - b.unwrap()).abs() <= 0.2);
        }
        // Below the threshold nothing changes.
        let small = random_network(200, 600, 2);
        assert_eq!(measure(&small, 1, &config).method, "exact");
    }

    #[test]
    fn few_twin_classes_make_the_large_network_exact() {
        // 20 PTCEs of 50 members of their own, all joined by 50 shared organizations: 21 twin
        // classes (each PTCE's own members; the shared ones), fewer than the k = 126 sources
        // would draw, so every class is run once and the value is exact.
        let mut net = random_network(1050, 1, 3);
        let mut edges = Vec::new();
        for p in 0..20u32 {
            let members: Vec<u32> = (p * 50..p * 50 + 50).chain(1000..1050).collect();
            for (i, &a) in members.iter().enumerate() {
                for &b in &members[i + 1..] {
                    if a < 1000 || b < 1000 || p == 0 {
                        edges.push((a, b, if a >= 1000 && b >= 1000 { 20.0 } else { 1.0 }));
                    }
                }
            }
        }
        net.graph = Graph::from_edges(1050, edges).unwrap();
        let config = NetworkConfig {
            betweenness_sample_above: Some(300),
            betweenness_epsilon: 0.2,
            ..NetworkConfig::default()
        };
        let r = measure(&net, 1, &config);
        assert_eq!(r.method, "exact: one source per twin class");
        assert!(
            r.centrality.warnings.is_empty(),
            "{:?}",
            r.centrality.warnings
        );
        let exact = measure(&net, 1, &NetworkConfig::default());
        assert_eq!(exact.method, "exact");
        for (a, b) in [
            (&r.centrality.betweenness, &exact.centrality.betweenness),
            (
                &r.centrality.betweenness_weighted,
                &exact.centrality.betweenness_weighted,
            ),
        ] {
            for (x, y) in a.iter().zip(b.iter()) {
                assert!((x.unwrap() - y.unwrap()).abs() <= 1e-12, "{x:?} {y:?}");
            }
            // The shared organizations carry every path between PTCEs: 2·C(20,2)·50² pairs
            // over 50 of them, normalised by (n − 1)(n − 2).
            let hub = 2.0 * 190.0 * 2500.0 / 50.0 / (1049.0 * 1048.0);
            assert!(
                (a[1000].unwrap() - hub).abs() < 1e-12,
                "{:?} vs {hub}",
                a[1000]
            );
        }
    }

    /// The network with node `i` moved to position `p[i]` and renamed `Z…` (ids in another
    /// sort order).
    fn renamed(net: &Network, p: &[usize]) -> Network {
        let n = net.nodes.len();
        let mut nodes = net.nodes.clone();
        for (i, node) in net.nodes.iter().enumerate() {
            nodes[p[i]] = NodeInfo {
                org_id: format!("Z{:05}", n - p[i]),
                ..node.clone()
            };
        }
        let edges: Vec<(u32, u32, f64)> = net
            .graph
            .edges()
            .map(|(u, v, w)| (p[u as usize] as u32, p[v as usize] as u32, w))
            .collect();
        Network {
            ptce_id: "Q".into(),
            nodes,
            graph: Graph::from_edges(n, edges).unwrap(),
            ..net.clone()
        }
    }

    #[test]
    fn every_measure_is_bitwise_the_same_after_renaming_and_reordering_nodes() {
        for seed in 0..4 {
            let net = random_network(150, 400, seed);
            let n = net.nodes.len();
            let mut rng = rand_pcg::Pcg64::seed_from_u64(seed + 100);
            let mut p: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                p.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
            }
            let other = renamed(&net, &p);
            let (a, b) = (
                measure(&net, 5, &NetworkConfig::default()),
                measure(&other, 5, &NetworkConfig::default()),
            );
            // Network measures (modularity and community count included): bitwise.
            let bits = |r: &NetworkResult| -> Vec<Option<u64>> {
                network_values(r)
                    .iter()
                    .map(|v| v.map(f64::to_bits))
                    .collect()
            };
            assert_eq!(bits(&a), bits(&b), "seed {seed}");
            // Node measures, node i of `net` = node p[i] of `other`.
            let t = |r: &NetworkResult, i: usize| -> Vec<Option<u64>> {
                let c = &r.centrality;
                let s = r.node.as_ref().unwrap();
                [
                    c.degree_centrality[i],
                    Some(c.strength[i]),
                    c.betweenness[i],
                    c.betweenness_weighted[i],
                    c.closeness[i],
                    c.harmonic[i],
                    c.eigenvector[i],
                    c.pagerank[i],
                    Some(s.clustering[i]),
                    s.constraint[i],
                    s.effective_size[i],
                ]
                .iter()
                .map(|v| v.map(f64::to_bits))
                .collect()
            };
            let canon = canonical(&net);
            for i in 0..n {
                assert_eq!(t(&a, i), t(&b, p[i]), "seed {seed}, node {i}");
                // Community labels follow the canonical order: equal, except between twins
                // (the documented exception).
                if canon.twin[canon.position[i] as usize] == canon.position[i] {
                    let (ca, cb) = (
                        &a.node.as_ref().unwrap().community,
                        &b.node.as_ref().unwrap().community,
                    );
                    assert_eq!(ca[i], cb[p[i]], "seed {seed}, node {i}");
                }
            }
        }
    }

    #[test]
    fn network_values_follow_the_column_order() {
        let net = random_network(50, 120, 3);
        let r = measure(&net, 1, &NetworkConfig::default());
        let v = network_values(&r);
        assert_eq!(v.len(), NETWORK_MEASURES.len());
        assert_eq!(v[0], Some(50.0));
        let s = r.network.as_ref().unwrap();
        assert_eq!(v[1], Some(s.n_edges as f64));
        assert_eq!(v[16], s.ei_index_naf_section);
    }
}
