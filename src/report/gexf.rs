//! Cooperation networks as GEXF 1.3 for Gephi (<https://gexf.net/>), with dynamic spells so that
//! Gephi's timeline replays the formation of each PTCE, and typed attributes so that Gephi
//! reads metrics as numbers. Also defines [`ExportNetwork`], the graph handed to both writers
//! (this one and [`super::graphml`]).
//!
//! Written by hand: every id, label and value goes through [`escape::xml`]; floats through
//! [`format_float`] (shortest round-trip form). No date or clock is written, so the file is
//! byte-identical across reruns.

use super::escape;
use crate::model::{Membership, Tie};
use crate::table::{format_float, Table, Values};
use std::collections::BTreeMap;
use std::fmt::Write;

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

fn gexf_type(t: AttrType) -> &'static str {
    match t {
        AttrType::Int => "integer",
        AttrType::Double => "double",
        AttrType::Str => "string",
    }
}

fn write_attributes(out: &mut String, class: &str, decl: &[(String, AttrType)]) {
    if decl.is_empty() {
        return;
    }
    let _ = writeln!(out, "    <attributes class=\"{class}\" mode=\"static\">");
    for (i, (name, t)) in decl.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <attribute id=\"{i}\" title=\"{}\" type=\"{}\"/>",
            escape::xml(name),
            gexf_type(*t)
        );
    }
    out.push_str("    </attributes>\n");
}

fn write_attvalues(out: &mut String, decl: &[(String, AttrType)], attrs: &[(String, AttrValue)]) {
    let values: Vec<(usize, String)> = attrs
        .iter()
        .filter_map(|(name, v)| {
            let i = decl.iter().position(|(n, _)| n == name)?;
            Some((i, value_text(v)?))
        })
        .collect();
    if values.is_empty() {
        return;
    }
    out.push_str("        <attvalues>\n");
    for (i, v) in values {
        let _ = writeln!(
            out,
            "          <attvalue for=\"{i}\" value=\"{}\"/>",
            escape::xml(&v)
        );
    }
    out.push_str("        </attvalues>\n");
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

fn write_spells(out: &mut String, spells: &[(Option<String>, Option<String>)]) {
    let spells = merge_spells(spells);
    if spells.is_empty() {
        return;
    }
    out.push_str("        <spells>\n");
    for (start, end) in &spells {
        out.push_str("          <spell");
        if let Some(s) = start {
            let _ = write!(out, " start=\"{}\"", escape::xml(s));
        }
        if let Some(e) = end {
            let _ = write!(out, " end=\"{}\"", escape::xml(e));
        }
        out.push_str("/>\n");
    }
    out.push_str("        </spells>\n");
}

/// Writes a network as GEXF 1.3: `mode="dynamic"` with `timeformat="date"` when any node or
/// edge has a spell (else `mode="static"`), spells merged by [`merge_spells`], undirected edges with their weight, typed node and
/// edge attributes (`integer`, `double`, `string`), edge ids `e0`, `e1`… in input order.
///
/// # Arguments
/// * `net` — the network; node and edge order is kept as given (sort it for stable output).
///
/// # Returns
/// The XML document (UTF-8), ending with a newline.
///
/// # Complexity
/// O(nodes + edges + attribute values × declared attributes).
///
/// # Examples
/// ```
/// use ptce::report::gexf::{to_gexf, AttrValue, ExportNetwork, ExportNode};
/// let net = ExportNetwork {
///     id: "PTCE-1".into(),
///     nodes: vec![ExportNode {
///         id: "ORG-1".into(),
///         label: "A & B".into(),
///         attrs: vec![("degree".into(), AttrValue::Int(0))],
///         spells: vec![(Some("2016-01-01".into()), None)],
///     }],
///     edges: vec![],
/// };
/// let xml = to_gexf(&net);
/// assert!(xml.contains(r#"<node id="ORG-1" label="A &amp; B">"#));
/// assert!(xml.contains(r#"type="integer""#) && xml.contains(r#"mode="dynamic""#));
/// ```
pub fn to_gexf(net: &ExportNetwork) -> String {
    let node_decl = declare(net.nodes.iter().map(|n| n.attrs.as_slice()));
    let edge_decl = declare(net.edges.iter().map(|e| e.attrs.as_slice()));
    let dynamic = net
        .nodes
        .iter()
        .map(|n| &n.spells)
        .chain(net.edges.iter().map(|e| &e.spells))
        .flatten()
        .any(|(s, e)| s.is_some() || e.is_some());
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n");
    let _ = writeln!(
        out,
        "  <meta>\n    <creator>ptce {}</creator>\n    <description>{}</description>\n  </meta>",
        env!("CARGO_PKG_VERSION"),
        escape::xml(&net.id)
    );
    if dynamic {
        out.push_str(
            "  <graph mode=\"dynamic\" defaultedgetype=\"undirected\" timeformat=\"date\">\n",
        );
    } else {
        out.push_str("  <graph mode=\"static\" defaultedgetype=\"undirected\">\n");
    }
    write_attributes(&mut out, "node", &node_decl);
    write_attributes(&mut out, "edge", &edge_decl);
    out.push_str("    <nodes>\n");
    for n in &net.nodes {
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">",
            escape::xml(&n.id),
            escape::xml(&n.label)
        );
        write_attvalues(&mut out, &node_decl, &n.attrs);
        write_spells(&mut out, &n.spells);
        out.push_str("      </node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, e) in net.edges.iter().enumerate() {
        let weight = if e.weight.is_finite() { e.weight } else { 1.0 };
        let _ = writeln!(
            out,
            "      <edge id=\"e{i}\" source=\"{}\" target=\"{}\" weight=\"{}\">",
            escape::xml(&e.source),
            escape::xml(&e.target),
            format_float(weight)
        );
        write_attvalues(&mut out, &edge_decl, &e.attrs);
        write_spells(&mut out, &e.spells);
        out.push_str("      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

/// The network of one PTCE and snapshot, from the result tables, with the spells of the study:
/// the glue between the pipeline's outputs and [`to_gexf`] / [`super::graphml::to_graphml`].
///
/// Nodes are the rows of `node_metrics` for (`ptce_id`, `snapshot`), in table order: id
/// `org_id`, label `name` (or the id), attributes every other column but `ptce_id` and
/// `snapshot`, typed as the column (text, integer, float; missing values left out). Edges are
/// the rows of `edges` for the same PTCE and snapshot: `weight`, attributes `kind` (from
/// `kinds`) and `shared_activities`. Node spells are the member's membership spells in the PTCE
/// (`joined`, `left`); edge spells are the ties of the pair in the PTCE (`start`, `end`), in
/// input order. Spell ends are written as the day given (GEXF spells are inclusive).
///
/// # Arguments
/// * `ptce_id`, `snapshot` — which network (`snapshot` is `all` for the whole history).
/// * `node_metrics`, `edges` — the tables of the same names.
/// * `memberships`, `ties` — the study's records.
///
/// # Returns
/// The network; empty if the tables have no row for it or lack the key columns.
///
/// # Complexity
/// O(rows of both tables + memberships + ties). For every PTCE of a study, find the rows once
/// with [`rows_by_network`] and call [`network_from_rows`].
pub fn network_from_tables(
    ptce_id: &str,
    snapshot: &str,
    node_metrics: &Table,
    edges: &Table,
    memberships: &[Membership],
    ties: &[Tie],
) -> ExportNetwork {
    let key = (ptce_id.to_string(), snapshot.to_string());
    let node_rows = rows_by_network(node_metrics)
        .remove(&key)
        .unwrap_or_default();
    let edge_rows = rows_by_network(edges).remove(&key).unwrap_or_default();
    network_from_rows(
        ptce_id,
        node_metrics,
        &node_rows,
        edges,
        &edge_rows,
        memberships,
        ties,
    )
}

/// The rows of a result table (`node_metrics`, `edges`) grouped by (`ptce_id`, `snapshot`), in
/// table order; rows without both keys are left out.
///
/// # Complexity
/// O(rows · log networks).
pub fn rows_by_network(t: &Table) -> BTreeMap<(String, String), Vec<usize>> {
    let mut out: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    if let (Some(Values::Str(p)), Some(Values::Str(s))) = (
        t.column("ptce_id").map(|c| &c.values),
        t.column("snapshot").map(|c| &c.values),
    ) {
        for (i, (p, s)) in p.iter().zip(s).enumerate() {
            if let (Some(p), Some(s)) = (p, s) {
                out.entry((p.clone(), s.clone())).or_default().push(i);
            }
        }
    }
    out
}

/// [`network_from_tables`] from the rows of the network already found (`node_rows` in
/// `node_metrics`, `edge_rows` in `edges`, e.g. by [`rows_by_network`]); `memberships` and
/// `ties` may be all of the study's or only the PTCE's.
///
/// # Complexity
/// O(node rows · memberships + edge rows · ties) of the PTCE.
pub fn network_from_rows(
    ptce_id: &str,
    node_metrics: &Table,
    node_rows: &[usize],
    edges: &Table,
    edge_rows: &[usize],
    memberships: &[Membership],
    ties: &[Tie],
) -> ExportNetwork {
    const KEYS: &[&str] = &["ptce_id", "snapshot", "org_id", "name"];
    let text = |t: &Table, name: &str, i: usize| -> Option<String> {
        match &t.column(name)?.values {
            Values::Str(v) => v.get(i).cloned().flatten(),
            _ => None,
        }
    };
    let date = |d: &crate::date::PartialDate| d.first_day().to_string();
    let mut nodes = Vec::new();
    for &i in node_rows {
        let Some(id) = text(node_metrics, "org_id", i) else {
            continue;
        };
        let attrs = node_metrics
            .columns
            .iter()
            .filter(|c| !KEYS.contains(&c.name.as_str()))
            .filter_map(|c| {
                let v = match &c.values {
                    Values::Str(v) => AttrValue::Str(v.get(i)?.clone()?),
                    Values::Int(v) => AttrValue::Int((*v.get(i)?)?),
                    Values::Float(v) => AttrValue::Float((*v.get(i)?)?),
                };
                Some((c.name.clone(), v))
            })
            .collect();
        let spells = memberships
            .iter()
            .filter(|m| m.ptce_id == ptce_id && m.org_id == id)
            .map(|m| (Some(date(&m.joined)), m.left.as_ref().map(date)))
            .collect();
        nodes.push(ExportNode {
            label: text(node_metrics, "name", i).unwrap_or_else(|| id.clone()),
            id,
            attrs,
            spells,
        });
    }
    let mut out_edges = Vec::new();
    for &i in edge_rows {
        let (Some(source), Some(target)) = (text(edges, "source", i), text(edges, "target", i))
        else {
            continue;
        };
        let weight = match edges.column("weight").map(|c| &c.values) {
            Some(Values::Float(v)) => v.get(i).copied().flatten().unwrap_or(1.0),
            _ => 1.0,
        };
        let mut attrs = Vec::new();
        if let Some(k) = text(edges, "kinds", i).filter(|k| !k.is_empty()) {
            attrs.push(("kind".to_string(), AttrValue::Str(k)));
        }
        if let Some(Values::Int(v)) = edges.column("shared_activities").map(|c| &c.values) {
            if let Some(n) = v.get(i).copied().flatten() {
                attrs.push(("shared_activities".to_string(), AttrValue::Int(n)));
            }
        }
        if let Some(l) = text(edges, "layer", i) {
            attrs.push(("layer".to_string(), AttrValue::Str(l)));
        }
        let spells = ties
            .iter()
            .filter(|t| {
                t.ptce_id == ptce_id
                    && ((t.source == source && t.target == target)
                        || (t.source == target && t.target == source))
            })
            .map(|t| (Some(date(&t.start)), t.end.as_ref().map(date)))
            .collect();
        out_edges.push(ExportEdge {
            source,
            target,
            weight,
            attrs,
            spells,
        });
    }
    ExportNetwork {
        id: ptce_id.to_string(),
        nodes,
        edges: out_edges,
    }
}

/// Tests (in `gexf_tests.rs`, included so that the path is the same in every crate layout);
/// `pub(crate)` for the GraphML tests, which reuse the fixture and the XML reader.
#[cfg(test)]
pub(crate) mod tests {
    include!("gexf_tests.rs");
}
