//! Cooperation networks as GEXF 1.3 for Gephi (<https://gexf.net/>), with dynamic spells so that
//! Gephi's timeline replays the formation of each PTCE, and typed attributes so that Gephi
//! reads metrics as numbers. The network written is an [`ExportNetwork`] ([`super::graph`]).
//!
//! Written by hand: every id, label and value goes through [`escape::xml`]; floats through
//! [`format_float`] (shortest round-trip form). No date or clock is written, so the file is
//! byte-identical across reruns.

use super::escape;
use super::graph::{declare, merge_spells, value_text, AttrType, AttrValue, ExportNetwork};
use crate::table::format_float;
use std::fmt::Write;

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
/// use ptce::report::gexf::to_gexf;
/// use ptce::report::graph::{AttrValue, ExportNetwork, ExportNode};
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

/// Tests (in `gexf_tests.rs`, included so that the path is the same in every crate layout);
/// `pub(crate)` for the GraphML tests, which reuse the fixture and the XML reader.
#[cfg(test)]
pub(crate) mod tests {
    include!("gexf_tests.rs");
}
