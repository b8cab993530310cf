//! Tests of the relational step: thread independence of the tables, and the mixing matrix by
//! hand (the calibration on generated studies is in `calibration_tests.rs`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rand_core::{RngCore, SeedableRng};

use super::dyads::{network_dyads, Dyad};
use super::{qap::qap_table, tie_models::tie_model_rows};
use crate::compare::Groups;
use crate::graph::Graph;
use crate::model::ActorType;
use crate::network::{EdgeInfo, Network, NodeInfo};
use crate::report::csv::to_csv;

fn uniform(rng: &mut rand_pcg::Pcg64) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A network whose ties follow logit P(tie) = alpha + beta · same_actor_type, with `types`
/// actor types drawn uniformly.
fn generated(
    id: usize,
    n: usize,
    types: usize,
    alpha: f64,
    beta: f64,
    rng: &mut rand_pcg::Pcg64,
) -> Network {
    let nodes: Vec<NodeInfo> = (0..n)
        .map(|i| NodeInfo {
            org_id: format!("O{id:03}-{i:03}"),
            name: String::new(),
            actor_type: ActorType::ALL[(rng.next_u64() % types as u64) as usize],
            naf_section: None,
            role: None,
            detail: 0,
        })
        .collect();
    let mut edges = Vec::new();
    for u in 0..n {
        for v in u + 1..n {
            let same = nodes[u].actor_type == nodes[v].actor_type;
            let eta = alpha + if same { beta } else { 0.0 };
            if uniform(rng) < 1.0 / (1.0 + (-eta).exp()) {
                edges.push(EdgeInfo {
                    u: u as u32,
                    v: v as u32,
                    weight: 1.0,
                    kinds: BTreeSet::new(),
                    shared_activities: 0,
                });
            }
        }
    }
    let graph = Graph::from_edges(n, edges.iter().map(|e| (e.u, e.v, 1.0))).unwrap();
    Network {
        ptce_id: format!("P{id:03}"),
        snapshot: "all".into(),
        nodes,
        edges,
        graph,
    }
}

fn dyads_of(nets: &[Network]) -> Vec<Dyad> {
    let joined = BTreeMap::new();
    let orgs = HashMap::new();
    nets.iter()
        .enumerate()
        .flat_map(|(k, n)| network_dyads(k as u32, n, &orgs, &[], &[], &joined))
        .collect()
}

#[test]
fn tie_models_and_qap_are_identical_for_1_and_2_threads() {
    let mut rng = rand_pcg::Pcg64::seed_from_u64(5);
    let nets: Vec<Network> = (0..12)
        .map(|i| generated(i, 10 + i, 4, -1.0, 0.7, &mut rng))
        .collect();
    let dyads = dyads_of(&nets);
    let groups = Groups::from_pairs(&[("P000", "urban"), ("P001", "rural")], &["urban", "rural"]);
    let run = |threads| {
        crate::test_support::with_threads(threads, || {
            let rows = tie_model_rows(
                &dyads,
                &nets,
                &groups,
                &[],
                true,
                0.95,
                &super::tie_models::SPECS,
            );
            (
                to_csv(&super::tie_models::tie_models_table(&rows), true).unwrap(),
                to_csv(&qap_table(&dyads, &nets, 30, 11), true).unwrap(),
            )
        })
    };
    let (a, b) = (run(1), run(2));
    assert!(a == b, "tables differ between 1 and 2 threads");
    let text = String::from_utf8(a.1).unwrap();
    assert!(
        text.lines().filter(|l| l.ends_with(",ok")).count() > 20,
        "{text}"
    );
}

/// A network of `types` with `edges` (node indices), snapshot `all`.
fn hand_network(id: &str, types: &[ActorType], edges: &[(u32, u32)]) -> Network {
    let nodes: Vec<NodeInfo> = types
        .iter()
        .enumerate()
        .map(|(i, t)| NodeInfo {
            org_id: format!("{id}{i}"),
            name: String::new(),
            actor_type: *t,
            naf_section: None,
            role: None,
            detail: 0,
        })
        .collect();
    let edges: Vec<EdgeInfo> = edges
        .iter()
        .map(|&(u, v)| EdgeInfo {
            u,
            v,
            weight: 1.0,
            kinds: BTreeSet::new(),
            shared_activities: 0,
        })
        .collect();
    let graph = Graph::from_edges(types.len(), edges.iter().map(|e| (e.u, e.v, 1.0))).unwrap();
    Network {
        ptce_id: id.to_string(),
        snapshot: "all".into(),
        nodes,
        edges,
        graph,
    }
}

#[test]
fn mixing_matrix_equals_a_hand_computation_and_skips_unknown_dyads() {
    use super::mixing::mixing_rows;
    use ActorType::{Company as Co, LocalAuthority as La};
    // Network X: A, B companies, C local authority; tie A–B. 3 dyads, m = 1.
    // Network Y: D company, E, F local authorities, G company; ties D–E, E–F. 6 dyads, m = 2.
    let nets = vec![
        hand_network("X", &[Co, Co, La], &[(0, 1)]),
        hand_network("Y", &[Co, La, La, Co], &[(0, 1), (1, 2)]),
    ];
    let mut d = dyads_of(&nets);
    let rows = mixing_rows(&d, &nets);
    // Known dyads: company|company A–B, D–G; company|local_authority A–C, B–C, D–E, D–F, E–G,
    // F–G; local_authority|local_authority E–F.
    // Expected ties, by hand: company|company 1·1/3 + 2·1/6 = 2/3; company|local_authority
    // 1·2/3 + 2·4/6 = 2; local_authority|local_authority 0 + 2·1/6 = 1/3 (sum 3 = M).
    // Observed: one tie each, so shares 1/3; ratios (1/3)/(2/9) = 1.5, (1/3)/(2/3) = 0.5, 3.
    let want = [
        (Co, Co, 2, 1, 2.0 / 3.0, 1.5),
        (Co, La, 6, 1, 2.0, 0.5),
        (La, La, 1, 1, 1.0 / 3.0, 3.0),
    ];
    assert_eq!(rows.len(), 3);
    for (r, w) in rows.iter().zip(want) {
        assert_eq!(
            (r.type_a, r.type_b, r.n_dyads, r.n_ties),
            (w.0, w.1, w.2, w.3)
        );
        assert!((r.expected_ties - w.4).abs() < 1e-12, "{r:?}");
        assert!((r.observed_share.unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert!((r.expected_share.unwrap() - w.4 / 3.0).abs() < 1e-12);
        assert!((r.ratio.unwrap() - w.5).abs() < 1e-12, "{r:?}");
    }
    // E and F answered the survey, D and G did not: D–G is unknown and leaves Y with 5 known
    // dyads. Expected: company|company 1/3 + 0 = 1/3; company|local_authority 2/3 + 2·4/5 =
    // 34/15; local_authority|local_authority 2·1/5 = 2/5.
    let observed: BTreeSet<String> = ["Y1".to_string(), "Y2".to_string()].into();
    let (x, y): (Vec<Dyad>, Vec<Dyad>) = d.drain(..).partition(|d| d.net == 0);
    let mut y = y;
    super::unknown::mark_unknown(&mut y, &nets[1], &observed);
    assert_eq!(y.iter().filter(|d| !d.known).count(), 1);
    let d: Vec<Dyad> = x.into_iter().chain(y).collect();
    let rows = mixing_rows(&d, &nets);
    let want = [(1, 1.0 / 3.0), (6, 34.0 / 15.0), (1, 2.0 / 5.0)];
    for (r, w) in rows.iter().zip(want) {
        assert_eq!(r.n_dyads, w.0, "{r:?}");
        assert!((r.expected_ties - w.1).abs() < 1e-12, "{r:?}");
    }
}

/// Issue 24: the mixing matrix and the tie models are bitwise the same when the networks come
/// in another order, their dyads are shuffled and their PTCEs renamed (the expected ties were
/// summed in network order, the conditional logit's strata and clusters taken in label order).
#[test]
fn mixing_and_tie_models_ignore_network_order_and_ptce_ids() {
    use super::mixing::mixing_rows;
    let mut rng = rand_pcg::Pcg64::seed_from_u64(9);
    let nets: Vec<Network> = (0..12)
        .map(|i| generated(i, 5 + (i * 7) % 9, 4, -0.8, 0.6, &mut rng))
        .collect();
    let dyads = dyads_of(&nets);
    let k = nets.len() as u32;
    // Reversed networks, PTCE ids renamed so that their sorted order is reversed too.
    let renamed: Vec<Network> = nets
        .iter()
        .rev()
        .map(|n| Network {
            ptce_id: format!("Z{}", 999 - n.ptce_id[1..].parse::<u32>().unwrap()),
            ..n.clone()
        })
        .collect();
    let mut moved: Vec<Dyad> = dyads
        .iter()
        .map(|d| Dyad {
            net: k - 1 - d.net,
            ..d.clone()
        })
        .collect();
    moved.reverse();
    moved.rotate_left(17);
    let run = |dyads: &[Dyad], nets: &[Network], classified: [(&str, &str); 2]| {
        let groups = Groups::from_pairs(&classified, &["urban", "rural"]);
        let rows = tie_model_rows(
            dyads,
            nets,
            &groups,
            &[],
            true,
            0.95,
            &super::tie_models::SPECS,
        );
        (
            format!("{:?}", mixing_rows(dyads, nets)),
            to_csv(&super::tie_models::tie_models_table(&rows), true).unwrap(),
        )
    };
    let a = run(&dyads, &nets, [("P000", "urban"), ("P005", "rural")]);
    let b = run(&moved, &renamed, [("Z999", "urban"), ("Z994", "rural")]);
    assert_eq!(a.0, b.0);
    assert!(a.1 == b.1, "tie_models differ");
    assert!(
        String::from_utf8(a.1)
            .unwrap()
            .lines()
            .filter(|l| l.ends_with(",ok"))
            .count()
            > 5
    );
}
