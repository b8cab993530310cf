//! Cooperation networks: one per PTCE and snapshot, built with petgraph from the study's
//! memberships, ties and joint activities, then frozen into the CSR [`Graph`] the metrics run on.
//!
//! Snapshots: `all` (every member and tie of the data, dates ignored) and one per entered stage,
//! whose window (`stages::stage_windows`) selects the members and ties active in it. Nodes are
//! the members, ordered by `org_id` (the metrics run on the content-defined order of
//! [`canonical`], whatever the ids); an edge aggregates the ties of a pair (weight = sum of
//! their weights, kinds kept) and, with `network.source = activities | both`, the joint
//! activities of the pair (bipartite projection, `docs/metrics.md`).

pub mod build;
pub mod canonical;
pub mod survey;
pub mod territory;
pub mod waves;

pub use build::{build_network, build_networks, SnapshotSpec};
pub use canonical::{canonical, Canonical};
pub use territory::{comembership_network, ptce_network, Projection};

use crate::graph::Graph;
use crate::model::{ActorType, Role, TieKind};
use std::collections::BTreeSet;

/// The `snapshot` id of the whole data, dates ignored.
pub const ALL: &str = "all";

/// A node of a network: a member organization.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeInfo {
    pub org_id: String,
    pub name: String,
    pub actor_type: ActorType,
    /// NAF section letter, when the organization has a NAF code.
    pub naf_section: Option<char>,
    /// Role of the membership spell active in the snapshot (the latest one).
    pub role: Option<Role>,
    /// Digest of the node's other facts (for an organization: NAF code, legal category, SIREN,
    /// SIRET, RNA, commune, employees; for a PTCE: its place, legal form and founding date),
    /// never its id: with the fields above, the content that orders nodes canonically
    /// ([`canonical`]). 0 when unknown.
    pub detail: u64,
}

impl NodeInfo {
    /// The node of an organization (`org` may be missing: then only the id is known).
    pub fn of(
        org_id: &str,
        org: Option<&crate::model::Organization>,
        role: Option<Role>,
    ) -> NodeInfo {
        NodeInfo {
            org_id: org_id.to_string(),
            name: org.map(|o| o.name.clone()).unwrap_or_default(),
            actor_type: org.map_or(ActorType::Other, |o| o.actor_type),
            naf_section: org
                .and_then(|o| o.naf_code.as_deref())
                .and_then(|c| crate::diversity::naf::parse_naf(c).ok())
                .map(|c| c.section()),
            role,
            detail: org.map_or(0, |o| {
                let employees = o.employees.map(|e| format!("{:?}", e.to_bits()));
                canonical::digest(&[
                    o.naf_code.as_deref(),
                    o.legal_category.as_deref(),
                    o.siren.as_deref(),
                    o.siret.as_deref(),
                    o.rna.as_deref(),
                    o.commune_code.as_deref(),
                    employees.as_deref(),
                ])
            }),
        }
    }
}

/// An edge of a network, `u < v` (node indices).
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeInfo {
    pub u: u32,
    pub v: u32,
    pub weight: f64,
    /// Kinds of the ties aggregated into this edge (empty for activity-only edges).
    pub kinds: BTreeSet<TieKind>,
    /// Number of joint activities of the pair (0 when activities are not a source).
    pub shared_activities: u32,
}

impl EdgeInfo {
    /// The layer of cooperation the edge comes from: `ties` (declared or reported ties),
    /// `activities` (joint activities) or `both`.
    pub fn layer(&self) -> &'static str {
        match (!self.kinds.is_empty(), self.shared_activities > 0) {
            (true, true) => "both",
            (true, false) => "ties",
            _ => "activities",
        }
    }
}

/// One network: a PTCE (or the territory) at one snapshot.
#[derive(Debug, Clone)]
pub struct Network {
    pub ptce_id: String,
    pub snapshot: String,
    pub nodes: Vec<NodeInfo>,
    pub edges: Vec<EdgeInfo>,
    pub graph: Graph,
}

impl Network {
    /// Actor type of each node as a small integer (the partition of brokerage, E-I…).
    pub fn actor_partition(&self) -> Vec<u32> {
        self.nodes
            .iter()
            .map(|n| n.actor_type.index() as u32)
            .collect()
    }

    /// NAF section of each node as a small integer (`A` = 0), `None` when unknown.
    pub fn naf_partition(&self) -> Vec<Option<u32>> {
        self.nodes
            .iter()
            .map(|n| n.naf_section.map(|c| (c as u32).saturating_sub('A' as u32)))
            .collect()
    }
}
