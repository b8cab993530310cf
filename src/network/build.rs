//! Building the network of one PTCE at one snapshot.

use super::{EdgeInfo, Network, NodeInfo, ALL};
use crate::config::{ActivityWeighting, NetworkConfig, NetworkSource};
use crate::diversity::naf::parse_naf;
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
        out.entry(m.ptce_id.as_str()).or_default().memberships.push(m);
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
        let org = orgs.get(org_id);
        let info = NodeInfo {
            org_id: org_id.to_string(),
            name: org.map(|o| o.name.clone()).unwrap_or_default(),
            actor_type: org.map_or(crate::model::ActorType::Other, |o| o.actor_type),
            naf_section: org
                .and_then(|o| o.naf_code.as_deref())
                .and_then(|c| parse_naf(c).ok())
                .map(|c| c.section()),
            role: Some(m.role),
        };
        index.insert(org_id, pg.add_node(info));
    }
    // Edges, aggregated per pair in a sorted map so that weights add up in a fixed order.
    let mut pairs: BTreeMap<(u32, u32), EdgeInfo> = BTreeMap::new();
    let mut add = |a: NodeIndex, b: NodeIndex, w: f64, kind, activity: bool| {
        let (u, v) = if a.index() < b.index() { (a, b) } else { (b, a) };
        let e = pairs
            .entry((u.index() as u32, v.index() as u32))
            .or_insert_with(|| EdgeInfo {
                u: u.index() as u32,
                v: v.index() as u32,
                weight: 0.0,
                kinds: BTreeSet::new(),
                shared_activities: 0,
            });
        e.weight += w;
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
            if let (Some(&a), Some(&b)) = (index.get(t.source.as_str()), index.get(t.target.as_str())) {
                if a != b {
                    add(a, b, t.weight, Some(t.kind), false);
                }
            }
        }
    }
    if matches!(config.source, NetworkSource::Activities | NetworkSource::Both) {
        for (a, who) in &rows.activities {
            if !active(a.start, a.end) {
                continue;
            }
            let present: Vec<NodeIndex> = who.iter().filter_map(|o| index.get(o).copied()).collect();
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
    for e in pairs.values() {
        pg.add_edge(NodeIndex::new(e.u as usize), NodeIndex::new(e.v as usize), e.clone());
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
        .map(|s| build_network(s, rows.get(s.ptce_id.as_str()).unwrap_or(&empty), orgs, config))
        .collect()
}
