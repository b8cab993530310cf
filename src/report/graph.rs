//! The network of one PTCE as both exports write it ([`super::gexf`] for Gephi,
//! [`super::graphml`] for igraph, networkx and Cytoscape): nodes with typed attributes and
//! spells of presence, edges with weight, attributes and spells. [`ExportNetwork::from_network`]
//! builds it from the network in memory, with the measures of its nodes taken from the rows of
//! `node_metrics` by position (the table has one row per node of every network, in order), so
//! that the exports carry every node measure of the table, those the relational step adds
//! included, and always agree with it.

use crate::model::{Membership, Tie};
use crate::network::Network;
use crate::table::{format_float, Table, Values};

/// A value of a node or edge attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    Str(String),
    Int(i64),
    /// Non-finite floats are not written (missing value).
    Float(f64),
}

/// A node: an organization.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportNode {
    /// Unique id (`org_id`).
    pub id: String,
    /// Display label (the organization's name).
    pub label: String,
    /// Attributes in a fixed order (`actor_type`, `naf_section`, `role`, metrics…).
    pub attrs: Vec<(String, AttrValue)>,
    /// Periods of presence (`YYYY-MM-DD` start, end), from membership spells; an open end is
    /// `None`. Empty: present throughout.
    pub spells: Vec<(Option<String>, Option<String>)>,
}

/// An undirected edge: a cooperation tie (or co-participation) between two organizations.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportEdge {
    pub source: String,
    pub target: String,
    pub weight: f64,
    /// Attributes in a fixed order (`kind`…).
    pub attrs: Vec<(String, AttrValue)>,
    /// Periods the tie exists (start, end), as for nodes.
    pub spells: Vec<(Option<String>, Option<String>)>,
}

/// The network of one PTCE, ready for export.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExportNetwork {
    /// Network id (`ptce_id`), written as the graph's description / id.
    pub id: String,
    pub nodes: Vec<ExportNode>,
    pub edges: Vec<ExportEdge>,
}

/// Declared type of an attribute, the widest over every value of that name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    Int,
    Double,
    Str,
}

impl AttrType {
    fn of(v: &AttrValue) -> AttrType {
        match v {
            AttrValue::Str(_) => AttrType::Str,
            AttrValue::Int(_) => AttrType::Int,
            AttrValue::Float(_) => AttrType::Double,
        }
    }

    fn widen(self, other: AttrType) -> AttrType {
        match (self, other) {
            (a, b) if a == b => a,
            (AttrType::Str, _) | (_, AttrType::Str) => AttrType::Str,
            _ => AttrType::Double,
        }
    }
}

/// The attributes of a list of elements, in order of first appearance, each with the widest
/// type of its values (integer + double → double; anything + text → text).
///
/// # Complexity
/// O(values × distinct names).
pub fn declare<'a, I>(attr_lists: I) -> Vec<(String, AttrType)>
where
    I: IntoIterator<Item = &'a [(String, AttrValue)]>,
{
    let mut decl: Vec<(String, AttrType)> = Vec::new();
    for list in attr_lists {
        for (name, value) in list {
            let t = AttrType::of(value);
            match decl.iter_mut().find(|(n, _)| n == name) {
                Some(d) => d.1 = d.1.widen(t),
                None => decl.push((name.clone(), t)),
            }
        }
    }
    decl
}

/// The text of a value, or `None` for a non-finite float.
pub fn value_text(v: &AttrValue) -> Option<String> {
    match v {
        AttrValue::Str(s) => Some(s.clone()),
        AttrValue::Int(i) => Some(i.to_string()),
        AttrValue::Float(f) if f.is_finite() => Some(format_float(*f)),
        AttrValue::Float(_) => None,
    }
}

/// The union of spells as disjoint spells in time order (Gephi refuses overlapping intervals):
/// spells that overlap or touch are merged; an absent start is the beginning of time, an
/// absent end is still open; spells with neither bound are dropped (the element is present
/// throughout). Dates compare as text, which is their time order in `YYYY-MM-DD` form.
///
/// # Complexity
/// O(s log s) for s spells.
pub fn merge_spells(
    spells: &[(Option<String>, Option<String>)],
) -> Vec<(Option<String>, Option<String>)> {
    let mut v: Vec<(Option<String>, Option<String>)> = spells
        .iter()
        .filter(|(s, e)| s.is_some() || e.is_some())
        .cloned()
        .collect();
    // `None` sorts first: spells open at the start come first.
    v.sort();
    let mut out: Vec<(Option<String>, Option<String>)> = Vec::with_capacity(v.len());
    for (start, end) in v {
        if let Some(last) = out.last_mut() {
            let overlaps = match (&last.1, &start) {
                (None, _) | (_, None) => true,
                (Some(e), Some(s)) => s <= e,
            };
            if overlaps {
                last.1 = match (&last.1, &end) {
                    (Some(a), Some(b)) => Some(a.max(b).clone()),
                    _ => None,
                };
                continue;
            }
        }
        out.push((start, end));
    }
    out
}

impl ExportNetwork {
    /// The network of one PTCE and snapshot, from the network in memory and the measures of
    /// its nodes, with the spells of the study.
    ///
    /// Nodes are the nodes of `net`, in order: id `org_id`, label `name`, attributes the
    /// columns of `node_metrics` at rows `first_row`, `first_row + 1`… (one per node), but
    /// `ptce_id`, `snapshot`, `org_id` and `name`, typed as the column (text, integer, float;
    /// missing values left out). Edges are the edges of `net`, in order: `weight`, attributes
    /// `kind` (the tie kinds joined by `;`, when there are any), `shared_activities` and
    /// `layer`. Node spells are the member's membership spells in the PTCE (`joined`, `left`);
    /// edge spells are the ties of the pair in the PTCE (`start`, `end`), in input order.
    /// Spell ends are written as the day given (GEXF spells are inclusive).
    ///
    /// # Arguments
    /// * `net` — the network.
    /// * `node_metrics`, `first_row` — the table of node measures
    ///   ([`crate::pipeline::metrics::node_table`] and the columns later steps add) and the row
    ///   of the first node of `net` in it.
    /// * `memberships`, `ties` — the study's records (all of them, or only the PTCE's).
    ///
    /// # Returns
    /// The network, ready for [`super::gexf::to_gexf`] and [`super::graphml::to_graphml`];
    /// a node whose row is missing has no measure attribute.
    ///
    /// # Complexity
    /// O(nodes · (columns + memberships) + edges · ties) of the PTCE.
    pub fn from_network(
        net: &Network,
        node_metrics: &Table,
        first_row: usize,
        memberships: &[Membership],
        ties: &[Tie],
    ) -> ExportNetwork {
        const KEYS: &[&str] = &["ptce_id", "snapshot", "org_id", "name"];
        let date = |d: &crate::date::PartialDate| d.first_day().to_string();
        let nodes = net
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                let row = first_row + i;
                let attrs = node_metrics
                    .columns
                    .iter()
                    .filter(|c| !KEYS.contains(&c.name.as_str()))
                    .filter_map(|c| {
                        let v = match &c.values {
                            Values::Str(v) => AttrValue::Str(v.get(row)?.to_string()),
                            Values::Int(v) => AttrValue::Int(v.get(row)?),
                            Values::Float(v) => AttrValue::Float(v.get(row)?),
                        };
                        Some((c.name.clone(), v))
                    })
                    .collect();
                let spells = memberships
                    .iter()
                    .filter(|m| m.ptce_id == net.ptce_id && m.org_id == node.org_id)
                    .map(|m| (Some(date(&m.joined)), m.left.as_ref().map(date)))
                    .collect();
                ExportNode {
                    id: node.org_id.clone(),
                    label: node.name.clone(),
                    attrs,
                    spells,
                }
            })
            .collect();
        let org = |i: u32| net.nodes.get(i as usize).map(|n| n.org_id.clone());
        let edges = net
            .edges
            .iter()
            .filter_map(|e| {
                let (source, target) = (org(e.u)?, org(e.v)?);
                let kinds: Vec<&str> = e.kinds.iter().map(|k| k.as_str()).collect();
                let mut attrs = Vec::new();
                if !kinds.is_empty() {
                    attrs.push(("kind".to_string(), AttrValue::Str(kinds.join(";"))));
                }
                attrs.push((
                    "shared_activities".to_string(),
                    AttrValue::Int(i64::from(e.shared_activities)),
                ));
                attrs.push(("layer".to_string(), AttrValue::Str(e.layer().to_string())));
                let spells = ties
                    .iter()
                    .filter(|t| {
                        t.ptce_id == net.ptce_id
                            && ((t.source == source && t.target == target)
                                || (t.source == target && t.target == source))
                    })
                    .map(|t| (Some(date(&t.start)), t.end.as_ref().map(date)))
                    .collect();
                Some(ExportEdge {
                    source,
                    target,
                    weight: e.weight,
                    attrs,
                    spells,
                })
            })
            .collect();
        ExportNetwork {
            id: net.ptce_id.clone(),
            nodes,
            edges,
        }
    }
}
