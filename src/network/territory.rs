//! Territory-level networks: organizations linked by co-membership (across all PTCEs), and
//! PTCEs linked by shared members. Both are bipartite projections of the membership table
//! (networkx `weighted_projected_graph`: weight = number of shared PTCEs, resp. members),
//! dates ignored.

use super::{EdgeInfo, Network, NodeInfo, ALL};
use crate::graph::Graph;
use crate::model::{ActorType, Membership, Organization, Ptce};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The territory network that projects a bipartite relation onto `ids`: two ids are linked when
/// they share a group, with weight = number of groups shared (networkx
/// `weighted_projected_graph`). `pairs` are (id, group); ids not in `ids` are ignored; `node`
/// describes the node of an id.
fn project<'a>(
    ids: &BTreeSet<&'a str>,
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
    node: impl Fn(&str) -> NodeInfo,
) -> Projection {
    let index: HashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i as u32))
        .collect();
    let mut groups: BTreeMap<&str, BTreeSet<u32>> = BTreeMap::new();
    for (id, group) in pairs {
        if let Some(&i) = index.get(id) {
            groups.entry(group).or_default().insert(i);
        }
    }
    let mut weights: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for members in groups.values() {
        let m: Vec<u32> = members.iter().copied().collect();
        for i in 0..m.len() {
            for j in i + 1..m.len() {
                *weights.entry((m[i], m[j])).or_insert(0.0) += 1.0;
            }
        }
    }
    let edges: Vec<EdgeInfo> = weights
        .into_iter()
        .map(|((u, v), w)| EdgeInfo {
            u,
            v,
            weight: w,
            kinds: BTreeSet::new(),
            shared_activities: 0,
        })
        .collect();
    let n = ids.len();
    let graph = Graph::from_edges(n, edges.iter().map(|e| (e.u, e.v, e.weight)))
        .unwrap_or_else(|_| Graph::empty(n));
    let network = Network {
        ptce_id: "territory".to_string(),
        snapshot: ALL.to_string(),
        nodes: ids.iter().map(|id| node(id)).collect(),
        edges,
        graph,
    };
    Projection {
        network,
        groups: groups
            .into_values()
            .filter(|m| m.len() >= 2)
            .map(|m| m.into_iter().collect())
            .collect(),
    }
}

/// A territory network with the groups it projects.
pub struct Projection {
    /// The network: nodes linked when they share a group, weight = number of groups shared.
    pub network: Network,
    /// The node indices of each group of ≥ 2 members, sorted (groups of one link nobody).
    pub groups: Vec<Vec<u32>>,
}

/// Organizations linked when they belong to a same PTCE (weight = number of PTCEs shared).
///
/// # Complexity
/// O(Σ k²) over PTCEs of k members.
pub fn comembership_network(
    memberships: &[Membership],
    orgs: &HashMap<&str, &Organization>,
) -> Projection {
    let ids: BTreeSet<&str> = memberships.iter().map(|m| m.org_id.as_str()).collect();
    let pairs = memberships
        .iter()
        .map(|m| (m.org_id.as_str(), m.ptce_id.as_str()));
    project(&ids, pairs, |id| {
        NodeInfo::of(id, orgs.get(id).copied(), None)
    })
}

/// PTCEs linked when they share a member (weight = number of organizations shared). Nodes are
/// the PTCEs of `ptces.csv`, ordered by `ptce_id`; `org_id` of a node holds the PTCE id.
pub fn ptce_network(ptces: &[Ptce], memberships: &[Membership]) -> Projection {
    let ids: BTreeSet<&str> = ptces.iter().map(|p| p.ptce_id.as_str()).collect();
    let pairs = memberships
        .iter()
        .map(|m| (m.ptce_id.as_str(), m.org_id.as_str()));
    let by_id: HashMap<&str, &Ptce> = ptces.iter().map(|p| (p.ptce_id.as_str(), p)).collect();
    project(&ids, pairs, |id| {
        let p = by_id.get(id);
        NodeInfo {
            org_id: id.to_string(),
            name: p.map(|p| p.name.clone()).unwrap_or_default(),
            actor_type: ActorType::Other,
            naf_section: None,
            role: None,
            detail: p.map_or(0, |p| {
                let founded = p.founded.map(|d| d.to_string());
                let density = p.density_level.map(|d| d.to_string());
                super::canonical::digest(&[
                    p.commune_code.as_deref(),
                    p.department.as_deref(),
                    p.region.as_deref(),
                    density.as_deref(),
                    p.legal_form.map(|l| l.as_str()),
                    founded.as_deref(),
                ])
            }),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PartialDate;
    use crate::model::Role;

    fn m(p: &str, o: &str) -> Membership {
        Membership {
            ptce_id: p.into(),
            org_id: o.into(),
            joined: PartialDate::parse("2015").unwrap(),
            left: None,
            role: Role::Member,
        }
    }

    #[test]
    fn projections_count_shared_ptces_and_shared_members() {
        // P1 = {A, B, C}, P2 = {B, C, D}: B–C share 2 PTCEs; P1–P2 share 2 members.
        let ms = [
            m("P1", "A"),
            m("P1", "B"),
            m("P1", "C"),
            m("P2", "B"),
            m("P2", "C"),
            m("P2", "D"),
        ];
        let org = comembership_network(&ms, &HashMap::new()).network;
        let e: Vec<(u32, u32, f64)> = org.graph.edges().collect();
        // Nodes A0 B1 C2 D3: A–B, A–C, B–C (2), B–D, C–D.
        assert_eq!(
            e,
            vec![
                (0, 1, 1.0),
                (0, 2, 1.0),
                (1, 2, 2.0),
                (1, 3, 1.0),
                (2, 3, 1.0)
            ]
        );
        let ptce = |id: &str| Ptce::bare(id, None);
        let p = ptce_network(&[ptce("P2"), ptce("P1"), ptce("P3")], &ms).network;
        assert_eq!(
            p.nodes
                .iter()
                .map(|n| n.org_id.as_str())
                .collect::<Vec<_>>(),
            ["P1", "P2", "P3"]
        );
        assert_eq!(p.graph.edges().collect::<Vec<_>>(), vec![(0, 1, 2.0)]);
    }
}
