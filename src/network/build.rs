//! Building the network of one PTCE at one snapshot.

use super::{EdgeInfo, Network, NodeInfo, ALL};
use crate::config::{ActivityWeighting, NetworkConfig, NetworkSource};
use crate::graph::Graph;
use crate::model::{Activity, Membership, Organization, Participation, Tie};
use crate::stages::{is_active, Window};
use petgraph::graph::{NodeIndex, UnGraph};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A snapshot to build: its id and its window (`None` for `all`, dates ignored).
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotSpec {
    pub ptce_id: String,
    pub snapshot: String,
    pub window: Option<Window>,
}

impl SnapshotSpec {
    /// The `all` snapshot of a PTCE.
    pub fn all(ptce_id: &str) -> SnapshotSpec {
        SnapshotSpec {
            ptce_id: ptce_id.to_string(),
            snapshot: ALL.to_string(),
            window: None,
        }
    }
}

/// The rows of one PTCE, grouped once for all its snapshots.
#[derive(Debug, Clone, Default)]
pub struct PtceRows<'a> {
    pub memberships: Vec<&'a Membership>,
    pub ties: Vec<&'a Tie>,
    /// Activities of the PTCE with their participants.
    pub activities: Vec<(&'a Activity, Vec<&'a str>)>,
}

/// Groups memberships, ties and activities (with participants) by PTCE.
pub fn group_by_ptce<'a>(
    memberships: &'a [Membership],
    ties: &'a [Tie],
    activities: &'a [Activity],
    participations: &'a [Participation],
) -> BTreeMap<&'a str, PtceRows<'a>> {
    let mut out: BTreeMap<&str, PtceRows<'_>> = BTreeMap::new();
    for m in memberships {
        out.entry(m.ptce_id.as_str())
            .or_default()
            .memberships
            .push(m);
    }
    for t in ties {
        out.entry(t.ptce_id.as_str()).or_default().ties.push(t);
    }
    let mut participants: HashMap<&str, Vec<&str>> = HashMap::new();
    for p in participations {
        participants
            .entry(p.activity_id.as_str())
            .or_default()
            .push(p.org_id.as_str());
    }
    for a in activities {
        let mut who = participants
            .get(a.activity_id.as_str())
            .cloned()
            .unwrap_or_default();
        who.sort_unstable();
        who.dedup();
        out.entry(a.ptce_id.as_str())
            .or_default()
            .activities
            .push((a, who));
    }
    out
}

/// Builds the network of one PTCE at one snapshot.
///
/// # Arguments
/// * `spec` — PTCE, snapshot id and window.
/// * `rows` — the PTCE's memberships, ties and activities ([`group_by_ptce`]).
/// * `orgs` — organizations by id.
/// * `config` — the `[network]` options (edge source and activity weighting).
///
/// # Returns
/// The [`Network`]: members active in the window (all members for `all`) ordered by `org_id`,
/// ties active in the window between two of them, and, if configured, pairs of participants
/// of the same activities active in the window.
///
/// # Complexity
/// O(r log r) for r rows of the PTCE, plus O(Σ k²) for activities of k participants.
pub fn build_network(
    spec: &SnapshotSpec,
    rows: &PtceRows<'_>,
    orgs: &HashMap<&str, &Organization>,
    config: &NetworkConfig,
) -> Network {
    let active = |start, end| spec.window.is_none_or(|w| is_active(start, end, w));
    // Members: the latest active spell of each organization gives its role.
    let mut members: BTreeMap<&str, &Membership> = BTreeMap::new();
    for m in &rows.memberships {
        if active(m.joined, m.left) {
            let e = members.entry(m.org_id.as_str()).or_insert(m);
            if m.joined > e.joined {
                *e = m;
            }
        }
    }
    let mut pg: UnGraph<NodeInfo, EdgeInfo> = UnGraph::default();
    let mut index: HashMap<&str, NodeIndex> = HashMap::with_capacity(members.len());
    for (org_id, m) in &members {
        let info = NodeInfo::of(org_id, orgs.get(org_id).copied(), Some(m.role));
        index.insert(org_id, pg.add_node(info));
    }
    // Edges, aggregated per pair in a sorted map; each pair's weights are summed in increasing
    // order at the end, so that the sum does not depend on the order of the input rows.
    let mut pairs: BTreeMap<(u32, u32), EdgeInfo> = BTreeMap::new();
    let mut parts: BTreeMap<(u32, u32), Vec<f64>> = BTreeMap::new();
    let mut add = |a: NodeIndex, b: NodeIndex, w: f64, kind, activity: bool| {
        let (u, v) = if a.index() < b.index() {
            (a, b)
        } else {
            (b, a)
        };
        let key = (u.index() as u32, v.index() as u32);
        parts.entry(key).or_default().push(w);
        let e = pairs.entry(key).or_insert_with(|| EdgeInfo {
            u: u.index() as u32,
            v: v.index() as u32,
            weight: 0.0,
            kinds: BTreeSet::new(),
            shared_activities: 0,
        });
        if let Some(k) = kind {
            e.kinds.insert(k);
        }
        if activity {
            e.shared_activities += 1;
        }
    };
    if matches!(config.source, NetworkSource::Ties | NetworkSource::Both) {
        for t in &rows.ties {
            if !active(t.start, t.end) {
                continue;
            }
            if let (Some(&a), Some(&b)) =
                (index.get(t.source.as_str()), index.get(t.target.as_str()))
            {
                if a != b {
                    add(a, b, t.weight, Some(t.kind), false);
                }
            }
        }
    }
    if matches!(
        config.source,
        NetworkSource::Activities | NetworkSource::Both
    ) {
        for (a, who) in &rows.activities {
            if !active(a.start, a.end) {
                continue;
            }
            let present: Vec<NodeIndex> =
                who.iter().filter_map(|o| index.get(o).copied()).collect();
            let k = present.len();
            if k < 2 {
                continue;
            }
            let w = match config.activity_weighting {
                ActivityWeighting::Count => 1.0,
                ActivityWeighting::Newman => 1.0 / (k as f64 - 1.0),
            };
            for i in 0..k {
                for j in i + 1..k {
                    add(present[i], present[j], w, None, true);
                }
            }
        }
    }
    for (key, e) in pairs.iter_mut() {
        if let Some(ws) = parts.get_mut(key) {
            ws.sort_by(f64::total_cmp);
            e.weight = ws.iter().sum();
        }
    }
    for e in pairs.values() {
        pg.add_edge(
            NodeIndex::new(e.u as usize),
            NodeIndex::new(e.v as usize),
            e.clone(),
        );
    }
    freeze(spec, pg)
}

/// Turns the petgraph network into its CSR form (node order kept).
fn freeze(spec: &SnapshotSpec, pg: UnGraph<NodeInfo, EdgeInfo>) -> Network {
    let n = pg.node_count();
    let edges: Vec<EdgeInfo> = pg.edge_weights().cloned().collect();
    // Endpoints are distinct member indices and weights positive sums, so from_edges cannot
    // fail on them; n isolated nodes is the conservative fallback.
    let graph = Graph::from_edges(n, edges.iter().map(|e| (e.u, e.v, e.weight)))
        .unwrap_or_else(|_| Graph::empty(n));
    let (nodes, _) = pg.into_nodes_edges();
    Network {
        ptce_id: spec.ptce_id.clone(),
        snapshot: spec.snapshot.clone(),
        nodes: nodes.into_iter().map(|n| n.weight).collect(),
        edges,
        graph,
    }
}

/// Builds every requested snapshot, in parallel, in the order of `specs`.
pub fn build_networks(
    specs: &[SnapshotSpec],
    rows: &BTreeMap<&str, PtceRows<'_>>,
    orgs: &HashMap<&str, &Organization>,
    config: &NetworkConfig,
) -> Vec<Network> {
    let empty = PtceRows::default();
    specs
        .par_iter()
        .map(|s| {
            build_network(
                s,
                rows.get(s.ptce_id.as_str()).unwrap_or(&empty),
                orgs,
                config,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::{Date, PartialDate};
    use crate::model::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }
    fn org(id: &str, t: ActorType, naf: Option<&str>) -> Organization {
        Organization {
            org_id: id.into(),
            name: format!("Org {id}"),
            actor_type: t,
            naf_code: naf.map(str::to_string),
            legal_category: None,
            siren: None,
            commune_code: None,
            employees: None,
            siret: None,
            rna: None,
            register: Default::default(),
        }
    }
    fn mem(o: &str, j: &str, l: Option<&str>, role: Role) -> Membership {
        Membership {
            ptce_id: "P1".into(),
            org_id: o.into(),
            joined: d(j),
            left: l.map(d),
            role,
        }
    }
    fn tie(a: &str, b: &str, k: TieKind, s: &str, e: Option<&str>, w: f64) -> Tie {
        Tie {
            ptce_id: "P1".into(),
            source: a.into(),
            target: b.into(),
            kind: k,
            start: d(s),
            end: e.map(d),
            weight: w,
        }
    }

    struct Fixture {
        orgs: Vec<Organization>,
        mems: Vec<Membership>,
        ties: Vec<Tie>,
        acts: Vec<Activity>,
        parts: Vec<Participation>,
    }

    // The mini study's P1: O1 pilot from 2014-03-01; O2 from 2014-09-15; O3 from 2015-01-10;
    // O4 from 2016-06-01 to 2019-01-01 (left), back from 2020-01-01.
    fn fixture() -> Fixture {
        Fixture {
            orgs: vec![
                org("O1", ActorType::LocalAuthority, Some("84.11Z")),
                org("O2", ActorType::EssAssociation, Some("88.99B")),
                org("O3", ActorType::EssCooperative, None),
                org("O4", ActorType::TrainingResearch, Some("85.32Z")),
            ],
            mems: vec![
                mem("O1", "2014-03-01", None, Role::Pilot),
                mem("O2", "2014-09-15", None, Role::Founder),
                mem("O3", "2015-01-10", None, Role::Founder),
                mem("O4", "2016-06-01", Some("2019-01-01"), Role::Member),
                mem("O4", "2020-01-01", None, Role::Partner),
            ],
            ties: vec![
                tie("O1", "O2", TieKind::Information, "2014-10-01", None, 1.0),
                tie("O2", "O3", TieKind::CoCreation, "2015-02-01", None, 2.0),
                tie("O1", "O3", TieKind::Funding, "2015-06-01", None, 1.5),
                tie(
                    "O3",
                    "O4",
                    TieKind::ResourcePooling,
                    "2016-09-01",
                    Some("2018-12-31"),
                    1.0,
                ),
                tie("O2", "O1", TieKind::Funding, "2017-01-01", None, 2.0),
            ],
            acts: vec![Activity {
                activity_id: "A1".into(),
                ptce_id: "P1".into(),
                name: "Légumerie".into(),
                sector: Sector::Food,
                naf_code: None,
                start: d("2016-09-01"),
                end: None,
            }],
            parts: ["O1", "O2", "O3"]
                .iter()
                .map(|o| Participation {
                    activity_id: "A1".into(),
                    org_id: o.to_string(),
                    role: None,
                })
                .collect(),
        }
    }

    fn build(f: &Fixture, window: Option<Window>, config: &NetworkConfig) -> Network {
        let orgs: HashMap<&str, &Organization> =
            f.orgs.iter().map(|o| (o.org_id.as_str(), o)).collect();
        let rows = group_by_ptce(&f.mems, &f.ties, &f.acts, &f.parts);
        let spec = SnapshotSpec {
            ptce_id: "P1".into(),
            snapshot: "x".into(),
            window,
        };
        build_network(&spec, &rows["P1"], &orgs, config)
    }

    fn edges(n: &Network) -> Vec<(String, String, f64)> {
        n.edges
            .iter()
            .map(|e| {
                (
                    n.nodes[e.u as usize].org_id.clone(),
                    n.nodes[e.v as usize].org_id.clone(),
                    e.weight,
                )
            })
            .collect()
    }

    fn day(s: &str) -> Window {
        Window::instant(d(s).first_day())
    }

    #[test]
    fn all_snapshot_aggregates_ties_per_pair() {
        let f = fixture();
        let n = build(&f, None, &NetworkConfig::default());
        let ids: Vec<&str> = n.nodes.iter().map(|x| x.org_id.as_str()).collect();
        assert_eq!(ids, ["O1", "O2", "O3", "O4"]);
        // O1–O2: information (1) + funding (2) = 3; the other ties once each.
        assert_eq!(
            edges(&n),
            vec![
                ("O1".into(), "O2".into(), 3.0),
                ("O1".into(), "O3".into(), 1.5),
                ("O2".into(), "O3".into(), 2.0),
                ("O3".into(), "O4".into(), 1.0)
            ]
        );
        assert_eq!(
            n.edges[0]
                .kinds
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>(),
            ["information", "funding"]
        );
        // O4's latest spell is the 2020 one: role partner. NAF sections: O (84), Q (88), none, P (85).
        assert_eq!(n.nodes[3].role, Some(Role::Partner));
        assert_eq!(n.naf_partition(), vec![Some(14), Some(16), None, Some(15)]);
        assert_eq!(n.graph.m(), 4);
        assert_eq!(n.graph.edge_weight(0, 1), Some(3.0));
    }

    #[test]
    fn dated_snapshots_select_active_members_and_ties() {
        let f = fixture();
        let c = NetworkConfig::default();
        // 2015-03-01: O1, O2, O3 are members; O1–O2 (information) and O2–O3 have started,
        // O1–O3 starts in June.
        let n = build(&f, Some(day("2015-03-01")), &c);
        assert_eq!(n.nodes.len(), 3);
        assert_eq!(
            edges(&n),
            vec![
                ("O1".into(), "O2".into(), 1.0),
                ("O2".into(), "O3".into(), 2.0)
            ]
        );
        // 2017-06-01: O4 is a member (first spell); every tie but none ended: 4 pairs, O1–O2 = 3.
        let n = build(&f, Some(day("2017-06-01")), &c);
        assert_eq!(n.nodes.len(), 4);
        assert_eq!(edges(&n).len(), 4);
        // 2019-06-01: O4 left on 2019-01-01 and is not back yet; its tie ended in 2018.
        let n = build(&f, Some(day("2019-06-01")), &c);
        assert_eq!(
            n.nodes
                .iter()
                .map(|x| x.org_id.as_str())
                .collect::<Vec<_>>(),
            ["O1", "O2", "O3"]
        );
        assert_eq!(n.edges.len(), 3);
        // An interval over 2018–2019 sees O4 (active part of it) and its tie.
        let w = Window::between(
            Date::from_ymd(2018, 6, 1).unwrap(),
            Date::from_ymd(2019, 6, 1).unwrap(),
        )
        .unwrap();
        let n = build(&f, Some(w), &c);
        assert_eq!(n.nodes.len(), 4);
        assert!(edges(&n).contains(&("O3".into(), "O4".into(), 1.0)));
    }

    #[test]
    fn activity_projection_counts_or_newman_weights() {
        let f = fixture();
        // Activities only, counted: A1 has 3 participants → a triangle, weight 1 each
        // (networkx weighted_projected_graph counts shared activities).
        let c = NetworkConfig {
            source: NetworkSource::Activities,
            activity_weighting: ActivityWeighting::Count,
            ..Default::default()
        };
        let n = build(&f, None, &c);
        assert_eq!(
            edges(&n).iter().map(|e| e.2).collect::<Vec<_>>(),
            vec![1.0, 1.0, 1.0]
        );
        assert!(n
            .edges
            .iter()
            .all(|e| e.shared_activities == 1 && e.kinds.is_empty()));
        // Newman (2001), the default: 1/(k − 1) = 1/2 per pair for k = 3.
        let c = NetworkConfig {
            source: NetworkSource::Activities,
            ..Default::default()
        };
        assert_eq!(
            edges(&build(&f, None, &c))
                .iter()
                .map(|e| e.2)
                .collect::<Vec<_>>(),
            vec![0.5, 0.5, 0.5]
        );
        // Both: ties plus activities, O1–O2 = 3 + 1/2 (Newman, the default).
        let c = NetworkConfig {
            source: NetworkSource::Both,
            ..Default::default()
        };
        let n = build(&f, None, &c);
        assert_eq!(edges(&n)[0], ("O1".into(), "O2".into(), 3.5));
        // Before A1 started (2016-09-01), no activity edge.
        let c = NetworkConfig {
            source: NetworkSource::Activities,
            ..Default::default()
        };
        assert!(build(&f, Some(day("2016-08-31")), &c).edges.is_empty());
    }

    #[test]
    fn every_edge_says_its_layer() {
        let f = fixture();
        // Both: O1–O2, O1–O3, O2–O3 are tied and share A1 (both); O3–O4 only a tie.
        let c = NetworkConfig {
            source: NetworkSource::Both,
            ..Default::default()
        };
        let n = build(&f, None, &c);
        let layers: Vec<&str> = n.edges.iter().map(EdgeInfo::layer).collect();
        assert_eq!(layers, ["both", "both", "both", "ties"]);
        // Before A1 started (2016-09-01) the same pairs are ties only.
        let n = build(&f, Some(day("2016-08-31")), &c);
        assert!(n.edges.iter().all(|e| e.layer() == "ties"));
        let c = NetworkConfig {
            source: NetworkSource::Activities,
            ..Default::default()
        };
        let n = build(&f, None, &c);
        assert!(n.edges.iter().all(|e| e.layer() == "activities"));
        let t = crate::pipeline::metrics::edge_table("edges", &[n]);
        assert!(t.column("layer").is_some());
    }
}
