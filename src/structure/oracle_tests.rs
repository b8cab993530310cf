//! Known-answer tests of `structure` against networkx 3.x and R's sna.
//!
//! Fixtures (committed; regenerate by hand from the repository root):
//!   python3 tests/oracles/networkx_structure.py   → networkx_structure.json, sna_*.csv
//!   Rscript tests/oracles/sna_structure.R         → sna_structure.json
//! Tolerance: 1e-9 absolute on every real value (the bar; observed differences are
//! a few ulps, from summation order); integer outputs (counts, diameter) are compared exactly;
//! a reference NaN / exception (JSON null) must be `None` here.

use serde_json::Value;

use super::*;

const NETWORKX: &str = include_str!("../../tests/fixtures/structure/networkx_structure.json");
const SNA: &str = include_str!("../../tests/fixtures/structure/sna_structure.json");
const TOL: f64 = 1e-9;

fn cases(doc: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(doc).unwrap();
    v["cases"].as_array().unwrap().clone()
}

fn graph_of(case: &Value, unit_weights: bool) -> Graph {
    let n = case["n"].as_u64().unwrap() as usize;
    let edges = case["edges"].as_array().unwrap().iter().map(|e| {
        let w = if unit_weights {
            1.0
        } else {
            e.get(2).and_then(Value::as_f64).unwrap_or(1.0)
        };
        (
            e[0].as_u64().unwrap() as u32,
            e[1].as_u64().unwrap() as u32,
            w,
        )
    });
    Graph::from_edges(n, edges).unwrap()
}

fn u32s(v: &Value) -> Vec<u32> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as u32)
        .collect()
}

fn opt_u32s(v: &Value) -> Vec<Option<u32>> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().map(|y| y as u32))
        .collect()
}

fn close(ours: Option<f64>, theirs: &Value, what: &str) {
    match (ours, theirs.as_f64()) {
        (None, None) => {}
        (Some(a), Some(b)) => assert!((a - b).abs() <= TOL, "{what}: ours {a}, reference {b}"),
        (a, _) => panic!("{what}: ours {a:?}, reference {theirs}"),
    }
}

fn close_all(ours: &[Option<f64>], theirs: &Value, what: &str) {
    let theirs = theirs.as_array().unwrap();
    assert_eq!(ours.len(), theirs.len(), "{what}: lengths");
    for (i, (a, b)) in ours.iter().zip(theirs).enumerate() {
        close(*a, b, &format!("{what}[{i}]"));
    }
}

#[test]
fn node_measures_equal_networkx() {
    for case in cases(NETWORKX) {
        let name = case["name"].as_str().unwrap();
        let g = graph_of(&case, false);
        let node = &case["node"];
        let clus: Vec<Option<f64>> = local_clustering(&g).into_iter().map(Some).collect();
        close_all(&clus, &node["clustering"], &format!("{name} clustering"));
        close_all(
            &constraint(&g),
            &node["constraint"],
            &format!("{name} constraint"),
        );
        close_all(
            &effective_size(&g),
            &node["effective_size"],
            &format!("{name} effective_size"),
        );
    }
}

#[test]
fn network_measures_equal_networkx() {
    for case in cases(NETWORKX) {
        let name = case["name"].as_str().unwrap();
        let g = graph_of(&case, false);
        let net = &case["network"];
        let at = u32s(&case["actor_type"]);
        close(
            Some(density(&g)),
            &net["density"],
            &format!("{name} density"),
        );
        close(
            Some(transitivity(&g)),
            &net["transitivity"],
            &format!("{name} transitivity"),
        );
        close(
            avg_clustering(&g),
            &net["avg_clustering"],
            &format!("{name} avg_clustering"),
        );
        let share = largest_component_share(&g);
        close(
            share,
            &net["largest_component_share"],
            &format!("{name} share"),
        );
        let paths = largest_component_paths(&g);
        close(
            paths.avg_path_length,
            &net["avg_path_length"],
            &format!("{name} apl"),
        );
        assert_eq!(
            paths.diameter.map(u64::from),
            net["diameter"].as_u64(),
            "{name} diameter"
        );
        assert_eq!(
            connected_components(&g).sizes.len() as u64,
            net["n_components"].as_u64().unwrap(),
            "{name} n_components"
        );
        let r = attribute_assortativity(&g, &at).unwrap();
        close(
            r,
            &net["actor_type_assortativity"],
            &format!("{name} assortativity"),
        );
    }
}

#[test]
fn modularity_equals_networkx_weighted_and_unweighted() {
    for case in cases(NETWORKX) {
        let name = case["name"].as_str().unwrap();
        let weighted = graph_of(&case, false);
        let unit = graph_of(&case, true);
        for p in case["partitions"].as_array().unwrap() {
            let what = format!("{name} modularity of {}", p["name"].as_str().unwrap());
            let labels = u32s(&p["labels"]);
            close(
                modularity(&weighted, &labels).unwrap(),
                &p["modularity"],
                &what,
            );
            let q = modularity(&unit, &labels).unwrap();
            close(
                q,
                &p["modularity_unweighted"],
                &format!("{what} (unweighted)"),
            );
        }
    }
}

#[test]
fn louvain_reports_the_networkx_modularity_of_its_partition() {
    for case in cases(NETWORKX) {
        let name = case["name"].as_str().unwrap();
        let g = graph_of(&case, false);
        for seed in [1, 2, 3] {
            let l = louvain(&g, seed);
            // `modularity` equals networkx's community.modularity (tested above, 1e-9).
            assert_eq!(
                l.modularity,
                modularity(&g, &l.communities).unwrap(),
                "{name}"
            );
            assert_eq!(l.communities.len(), g.n());
            // The best networkx Louvain run over three seeds, minus 0.02: a quality floor.
            let best_nx = case["partitions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["name"].as_str().unwrap().starts_with("networkx_louvain"))
                .filter_map(|p| p["modularity"].as_f64())
                .fold(f64::NEG_INFINITY, f64::max);
            if let Some(q) = l.modularity {
                assert!(
                    q >= best_nx - 0.02,
                    "{name} seed {seed}: {q} vs networkx {best_nx}"
                );
            }
        }
    }
}

#[test]
fn louvain_reaches_041_on_the_karate_club() {
    let karate = cases(NETWORKX)
        .into_iter()
        .find(|c| c["name"] == "karate")
        .unwrap();
    let g = graph_of(&karate, true);
    for seed in 0..20 {
        let q = louvain(&g, seed).modularity.unwrap();
        assert!(q >= 0.41, "seed {seed}: modularity {q}");
    }
}

#[test]
fn brokerage_equals_sna() {
    for case in cases(SNA) {
        let name = case["name"].as_str().unwrap();
        let g = graph_of(&case, true);
        let b = brokerage(&g, &u32s(&case["class"])).unwrap();
        for (ours, col) in [
            (&b.coordinator, "brokerage_coordinator"),
            (&b.itinerant, "brokerage_itinerant"),
            (&b.representative, "brokerage_representative"),
            (&b.gatekeeper, "brokerage_gatekeeper"),
            (&b.liaison, "brokerage_liaison"),
        ] {
            let theirs: Vec<u64> = case[col]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap() as u64)
                .collect();
            assert_eq!(ours, &theirs, "{name} {col}");
        }
    }
}

#[test]
fn centralization_equals_sna() {
    let nx_cases = cases(NETWORKX);
    for case in cases(SNA) {
        let name = case["name"].as_str().unwrap();
        let g = graph_of(&case, true);
        let n = g.n() as f64;
        close(
            degree_centralization(&g),
            &case["degree_centralization"],
            name,
        );
        // sna's raw undirected betweenness, normalised as networkx: × 2 / ((n−1)(n−2)).
        let raw = case["betweenness_raw"].as_array().unwrap();
        let scale = if g.n() > 2 {
            2.0 / ((n - 1.0) * (n - 2.0))
        } else {
            1.0
        };
        let normalised: Vec<Option<f64>> =
            raw.iter().map(|x| x.as_f64().map(|b| b * scale)).collect();
        close(
            betweenness_centralization(&normalised),
            &case["betweenness_centralization"],
            name,
        );
        // The same graph in the networkx fixture: its normalised betweenness (what the
        // centrality module outputs) agrees with sna's rescaled values, and gives the same
        // centralization.
        let twin = nx_cases.iter().find(|c| c["name"] == name).unwrap();
        close_all(&normalised, &twin["betweenness_normalized"], name);
        let nx_bet: Vec<Option<f64>> = twin["betweenness_normalized"]
            .as_array()
            .unwrap()
            .iter()
            .map(Value::as_f64)
            .collect();
        close(
            betweenness_centralization(&nx_bet),
            &case["betweenness_centralization"],
            name,
        );
    }
}

#[test]
fn network_structure_assembles_the_oracle_values() {
    for case in cases(NETWORKX) {
        let name = case["name"].as_str().unwrap();
        let g = graph_of(&case, false);
        let at = u32s(&case["actor_type"]);
        let naf = opt_u32s(&case["naf_section"]);
        let bet: Vec<Option<f64>> = case["betweenness_normalized"]
            .as_array()
            .unwrap()
            .iter()
            .map(Value::as_f64)
            .collect();
        let node = node_structure(&g, &at, 9).unwrap();
        let s = network_structure(&g, &at, &naf, &bet, &node.community).unwrap();
        let net = &case["network"];
        assert_eq!(s.n_nodes, g.n());
        assert_eq!(s.n_edges, case["edges"].as_array().unwrap().len(), "{name}");
        close(s.avg_clustering, &net["avg_clustering"], name);
        close(s.avg_path_length, &net["avg_path_length"], name);
        let actor = &case["partitions"][0];
        assert_eq!(actor["name"], "actor_type");
        close(s.actor_type_modularity, &actor["modularity"], name);
        assert_eq!(s.modularity, louvain(&g, 9).modularity, "{name}");
        assert_eq!(s.n_communities, louvain(&g, 9).n_communities, "{name}");
    }
}

/// A 3000-node graph (12 blocks of nodes, several BFS batches) with hubs and isolates.
fn big_graph() -> (Graph, Vec<u32>, Vec<Option<u32>>) {
    let n = 3000u32;
    let mut e = vec![];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in 0..n - 10 {
        for _ in 0..3 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let j = (x % u64::from(n - 10)) as u32;
            if j != i {
                e.push((i, j, 1.0 + (x % 5) as f64));
            }
        }
        if i % 97 == 0 && i > 0 {
            e.push((0, i, 1.0));
        }
    }
    let g = Graph::from_edges(n as usize, e).unwrap();
    let at: Vec<u32> = (0..n).map(|i| i % 5).collect();
    let naf: Vec<Option<u32>> = (0..n).map(|i| (i % 7 != 0).then_some(i % 4)).collect();
    (g, at, naf)
}

#[test]
fn bitwise_identical_with_one_and_several_threads() {
    let (g, at, naf) = big_graph();
    let bet: Vec<Option<f64>> = (0..g.n()).map(|i| Some(1.0 / (1 + i) as f64)).collect();
    let run = |threads: usize| {
        crate::test_support::with_threads(threads, || {
            let node = node_structure(&g, &at, 5).unwrap();
            let net = network_structure(&g, &at, &naf, &bet, &node.community).unwrap();
            // Debug prints every f64 exactly (shortest round-trip form, sign of zero kept).
            format!("{node:?}{net:?}")
        })
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(5));
}
