//! Standardized brokerage columns (issue 22, item 4): `brokerage_<role>_expected` and
//! `brokerage_<role>_z` of every node, `brokerage_<role>_z` of every network, from
//! [`crate::relations::brokerage::brokerage_z`] (`sna::brokerage`), on the partition named by
//! `[relations] partition`.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::model::{ActorType, Organization};
use crate::network::{Network, NodeInfo};
use crate::relations::brokerage::{brokerage_z, BrokerageResult, RoleScore, ZStatus, ROLES};
use crate::table::{Column, Values};

/// Group label of an organization with no value in the partition column (its own group).
pub const MISSING: &str = "(missing)";

/// Whether an actor type is an ESS organization (association, cooperative, mutual, foundation).
pub fn is_ess(t: ActorType) -> bool {
    matches!(
        t,
        ActorType::EssAssociation
            | ActorType::EssCooperative
            | ActorType::EssMutual
            | ActorType::EssFoundation
    )
}

/// The value of an organization column (one of [`super::ORG_COLUMNS`]) for a node.
pub fn org_value(node: &NodeInfo, org: Option<&Organization>, column: &str) -> Option<String> {
    match column {
        "actor_type" => Some(node.actor_type.as_str().to_string()),
        "ess" => Some(
            if is_ess(node.actor_type) {
                "ess"
            } else {
                "non_ess"
            }
            .to_string(),
        ),
        "naf_section" => node.naf_section.map(|c| c.to_string()),
        "naf_code" => org.and_then(|o| o.naf_code.clone()),
        "legal_category" => org.and_then(|o| o.legal_category.clone()),
        "commune_code" => org.and_then(|o| o.commune_code.clone()),
        _ => None,
    }
}

/// Group label of each node of `net` in the partition `column`: distinct values numbered in
/// sort order, a missing value its own group ([`MISSING`]).
pub fn partition_of(net: &Network, orgs: &HashMap<&str, &Organization>, column: &str) -> Vec<u32> {
    let values: Vec<String> = net
        .nodes
        .iter()
        .map(|n| {
            org_value(n, orgs.get(n.org_id.as_str()).copied(), column)
                .unwrap_or_else(|| MISSING.to_string())
        })
        .collect();
    let mut distinct = values.clone();
    distinct.sort();
    distinct.dedup();
    values
        .iter()
        .map(|v| distinct.partition_point(|d| d < v) as u32)
        .collect()
}

/// The added columns.
#[derive(Debug, Clone, Default)]
pub struct BrokerageColumns {
    /// For `node_metrics`.
    pub node: Vec<Column>,
    /// For `network_metrics`.
    pub network: Vec<Column>,
}

/// The written form of a z-score status.
fn status_name(s: ZStatus) -> &'static str {
    match s {
        ZStatus::Ok => "ok",
        ZStatus::ZeroVariance => "zero_variance",
        ZStatus::NegativeVariance => "negative_variance",
    }
}

/// `ok`, or each role without a z-score with its reason (`liaison: zero_variance; ...`).
fn row_status(scores: &[RoleScore; 6]) -> String {
    let bad: Vec<String> = scores
        .iter()
        .zip(ROLES)
        .filter(|(s, _)| s.status != ZStatus::Ok)
        .map(|(s, r)| format!("{r}: {}", status_name(s.status)))
        .collect();
    if bad.is_empty() {
        "ok".to_string()
    } else {
        bad.join("; ")
    }
}

fn float(name: String, v: Vec<Option<f64>>) -> Column {
    Column {
        name,
        values: Values::Float(v.into()),
    }
}

fn text(name: &str, v: Vec<Option<String>>) -> Column {
    Column {
        name: name.to_string(),
        values: Values::Str(v.into()),
    }
}

/// Standardized brokerage of every network (in parallel, in network order) as table columns.
///
/// # Arguments
/// * `nets` — the networks, in the row order of `node_metrics` / `network_metrics`.
/// * `orgs` — organizations by id.
/// * `column` — the partition (`[relations] partition`).
///
/// # Returns
/// Node columns `brokerage_<role>_expected`, `brokerage_<role>_z` (roles of
/// [`ROLES`]), `brokerage_z_status`; network columns `brokerage_<role>_z`,
/// `brokerage_z_status`, `brokerage_partition`. Networks of fewer than 2 nodes have empty
/// values and status `too_few_nodes`.
///
/// # Complexity
/// O(Σ deg² log Δ) per network.
pub fn brokerage_columns(
    nets: &[Network],
    orgs: &HashMap<&str, &Organization>,
    column: &str,
) -> BrokerageColumns {
    let results: Vec<Option<BrokerageResult>> = nets
        .par_iter()
        .map(|net| {
            let adj = crate::compare::null_degree::adjacency(&net.graph);
            brokerage_z(&adj, &partition_of(net, orgs, column)).ok()
        })
        .collect();
    let mut out = BrokerageColumns::default();
    for (k, role) in ROLES.iter().enumerate() {
        let mut expected = Vec::new();
        let mut z = Vec::new();
        for (net, r) in nets.iter().zip(&results) {
            for i in 0..net.nodes.len() {
                let s = r.as_ref().and_then(|r| r.nodes.get(i)).map(|s| s[k]);
                expected.push(s.map(|s| s.expected));
                z.push(s.and_then(|s| s.z));
            }
        }
        out.node
            .push(float(format!("brokerage_{role}_expected"), expected));
        out.node.push(float(format!("brokerage_{role}_z"), z));
        out.network.push(float(
            format!("brokerage_{role}_z"),
            results
                .iter()
                .map(|r| r.as_ref().and_then(|r| r.network[k].z))
                .collect(),
        ));
    }
    let mut node_status = Vec::new();
    for (net, r) in nets.iter().zip(&results) {
        for i in 0..net.nodes.len() {
            node_status.push(Some(match r.as_ref().and_then(|r| r.nodes.get(i)) {
                Some(s) => row_status(s),
                None => "too_few_nodes".to_string(),
            }));
        }
    }
    out.node.push(text("brokerage_z_status", node_status));
    out.network.push(text(
        "brokerage_z_status",
        results
            .iter()
            .map(|r| {
                Some(
                    r.as_ref()
                        .map_or("too_few_nodes".to_string(), |r| row_status(&r.network)),
                )
            })
            .collect(),
    ));
    out.network.push(text(
        "brokerage_partition",
        nets.iter().map(|_| Some(column.to_string())).collect(),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Graph;

    fn node(i: usize, t: ActorType) -> NodeInfo {
        NodeInfo {
            org_id: format!("O{i}"),
            name: String::new(),
            actor_type: t,
            naf_section: None,
            role: None,
            detail: 0,
        }
    }

    #[test]
    fn columns_follow_the_engine_and_give_statuses() {
        use ActorType::*;
        // Path 0 - 1 - 2 - 3; node 1 alone in its group.
        let types = [Company, LocalAuthority, Company, EssMutual];
        let net = Network {
            ptce_id: "P".into(),
            snapshot: "all".into(),
            nodes: types.iter().enumerate().map(|(i, &t)| node(i, t)).collect(),
            edges: vec![],
            graph: Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0)]).unwrap(),
        };
        let tiny = Network {
            ptce_id: "Q".into(),
            snapshot: "all".into(),
            nodes: vec![node(9, Company)],
            edges: vec![],
            graph: Graph::empty(1),
        };
        let orgs = HashMap::new();
        let cols = brokerage_columns(&[net.clone(), tiny], &orgs, "actor_type");
        let adj = vec![vec![1], vec![0, 2], vec![1, 3], vec![2]];
        let engine = brokerage_z(&adj, &partition_of(&net, &orgs, "actor_type")).unwrap();
        let Values::Float(itinerant_exp) = &cols.node[2].values else {
            panic!()
        };
        assert_eq!(cols.node[2].name, "brokerage_itinerant_expected");
        assert_eq!(itinerant_exp.get(1), Some(engine.nodes[1][1].expected));
        assert_eq!(itinerant_exp.get(4), None);
        let Values::Str(status) = &cols.node[12].values else {
            panic!()
        };
        // A group of one: coordinator is impossible for node 1.
        assert!(status
            .get(1)
            .unwrap()
            .contains("coordinator: zero_variance"));
        assert_eq!(status.get(4), Some("too_few_nodes"));
        assert_eq!(cols.network.len(), 8);
        // ESS partition: two groups.
        let p = partition_of(&net, &orgs, "ess");
        assert_eq!(p, vec![1, 1, 1, 0]);
    }
}
