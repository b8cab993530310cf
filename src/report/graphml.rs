//! Cooperation networks as GraphML (<http://graphml.graphdrawing.org/>) for igraph, networkx
//! and Cytoscape, with typed `<key>`s (`attr.type` `int`, `double`, `string`) so that metrics
//! are read as numbers.
//!
//! GraphML has no standard for time: the spells of an element are written as two string
//! attributes, `start` (earliest start) and `end` (latest end; absent while open), and, when an
//! element has several disjoint spells (after [`super::graph::merge_spells`]), `spells` (`start/end` pairs separated by `;`, an open bound
//! left empty). The node label is the `label` key; the edge weight the `weight` key.

use super::escape;
use super::graph::{declare, merge_spells, value_text, AttrType, AttrValue, ExportNetwork};
use crate::table::format_float;
use std::fmt::Write;

type Spells = [(Option<String>, Option<String>)];

/// The time attributes of an element (see the module documentation).
fn time_attrs(spells: &Spells) -> Vec<(String, AttrValue)> {
    let spells = merge_spells(spells);
    let mut out = Vec::new();
    if spells.is_empty() {
        return out;
    }
    // Dates are ISO `YYYY-MM-DD`: the text order is the time order.
    if let Some(start) = spells.iter().map(|(s, _)| s.clone()).min().flatten() {
        out.push(("start".to_string(), AttrValue::Str(start)));
    }
    if spells.iter().all(|(_, e)| e.is_some()) {
        if let Some(end) = spells.iter().filter_map(|(_, e)| e.clone()).max() {
            out.push(("end".to_string(), AttrValue::Str(end)));
        }
    }
    if spells.len() > 1 {
        let text = spells
            .iter()
            .map(|(s, e)| {
                format!(
                    "{}/{}",
                    s.as_deref().unwrap_or(""),
                    e.as_deref().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join(";");
        out.push(("spells".to_string(), AttrValue::Str(text)));
    }
    out
}

fn graphml_type(t: AttrType) -> &'static str {
    match t {
        AttrType::Int => "int",
        AttrType::Double => "double",
        AttrType::Str => "string",
    }
}

fn write_keys(out: &mut String, prefix: &str, class: &str, decl: &[(String, AttrType)]) {
    for (i, (name, t)) in decl.iter().enumerate() {
        let _ = writeln!(
            out,
            "  <key id=\"{prefix}{i}\" for=\"{class}\" attr.name=\"{}\" attr.type=\"{}\"/>",
            escape::xml(name),
            graphml_type(*t)
        );
    }
}

fn write_data(
    out: &mut String,
    prefix: &str,
    decl: &[(String, AttrType)],
    attrs: &[(String, AttrValue)],
) {
    for (name, value) in attrs {
        let (Some(i), Some(text)) = (decl.iter().position(|(n, _)| n == name), value_text(value))
        else {
            continue;
        };
        let _ = writeln!(
            out,
            "      <data key=\"{prefix}{i}\">{}</data>",
            escape::xml(&text)
        );
    }
}

/// The attributes of an element as written: the writer's own (`label` of a node, `weight` of
/// an edge) first, then the caller's but those named like the writer's own or the time
/// attributes, then the time attributes.
fn written_attrs(
    own: (&str, AttrValue),
    attrs: &[(String, AttrValue)],
    spells: &Spells,
) -> Vec<(String, AttrValue)> {
    let reserved = [own.0, "start", "end", "spells"];
    let mut out = vec![(own.0.to_string(), own.1)];
    out.extend(
        attrs
            .iter()
            .filter(|(k, _)| !reserved.contains(&k.as_str()))
            .cloned(),
    );
    out.extend(time_attrs(spells));
    out
}

/// Writes a network as GraphML: an undirected graph whose id is the network id, typed keys
/// (`n0…` for nodes, `e0…` for edges), node `label`, edge `weight`, the caller's attributes
/// (an attribute named `label`, `weight`, `start`, `end` or `spells` is superseded by the
/// writer's own), and the time attributes described in the module documentation.
///
/// # Arguments
/// * `net` — the network; node and edge order is kept as given.
///
/// # Returns
/// The XML document (UTF-8), ending with a newline.
///
/// # Complexity
/// O(nodes + edges + attribute values × declared attributes).
///
/// # Examples
/// ```
/// use ptce::report::graph::{AttrValue, ExportEdge, ExportNetwork, ExportNode};
/// use ptce::report::graphml::to_graphml;
/// let node = |id: &str| ExportNode { id: id.into(), label: id.into(), attrs: vec![], spells: vec![] };
/// let net = ExportNetwork {
///     id: "PTCE-1".into(),
///     nodes: vec![node("a"), node("b")],
///     edges: vec![ExportEdge { source: "a".into(), target: "b".into(), weight: 1.5,
///                              attrs: vec![("kind".into(), AttrValue::Str("funding".into()))],
///                              spells: vec![] }],
/// };
/// let xml = to_graphml(&net);
/// assert!(xml.contains(r#"attr.name="weight" attr.type="double""#));
/// assert!(xml.contains(r#"<edge source="a" target="b">"#));
/// ```
pub fn to_graphml(net: &ExportNetwork) -> String {
    let node_attrs: Vec<Vec<(String, AttrValue)>> = net
        .nodes
        .iter()
        .map(|n| {
            let label = ("label", AttrValue::Str(n.label.clone()));
            written_attrs(label, &n.attrs, &n.spells)
        })
        .collect();
    let edge_attrs: Vec<Vec<(String, AttrValue)>> = net
        .edges
        .iter()
        .map(|e| {
            let w = if e.weight.is_finite() { e.weight } else { 1.0 };
            written_attrs(("weight", AttrValue::Float(w)), &e.attrs, &e.spells)
        })
        .collect();
    let node_decl = declare(node_attrs.iter().map(Vec::as_slice));
    let mut edge_decl = declare(edge_attrs.iter().map(Vec::as_slice));
    // The weight is always a double, even when every weight is whole.
    if let Some(w) = edge_decl.iter_mut().find(|(n, _)| n == "weight") {
        w.1 = AttrType::Double;
    }
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    let _ = writeln!(out, "  <!-- ptce {} -->", env!("CARGO_PKG_VERSION"));
    write_keys(&mut out, "n", "node", &node_decl);
    write_keys(&mut out, "e", "edge", &edge_decl);
    let _ = writeln!(
        out,
        "  <graph id=\"{}\" edgedefault=\"undirected\">",
        escape::xml(&net.id)
    );
    for (n, attrs) in net.nodes.iter().zip(&node_attrs) {
        let _ = writeln!(out, "    <node id=\"{}\">", escape::xml(&n.id));
        write_data(&mut out, "n", &node_decl, attrs);
        out.push_str("    </node>\n");
    }
    for (e, attrs) in net.edges.iter().zip(&edge_attrs) {
        let _ = writeln!(
            out,
            "    <edge source=\"{}\" target=\"{}\">",
            escape::xml(&e.source),
            escape::xml(&e.target)
        );
        // Whole weights are written `2.0` rather than `2`, for readers that infer types.
        let attrs: Vec<(String, AttrValue)> = attrs
            .iter()
            .map(|(k, v)| match v {
                AttrValue::Float(w) if k == "weight" && w.fract() == 0.0 && w.abs() < 1e15 => {
                    (k.clone(), AttrValue::Str(format!("{}.0", format_float(*w))))
                }
                _ => (k.clone(), v.clone()),
            })
            .collect();
        write_data(&mut out, "e", &edge_decl, &attrs);
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::gexf::tests::{parse_tree, sample, Element};
    use super::*;

    fn data(el: &Element, keys: &[(String, String)]) -> Vec<(String, String)> {
        el.find("data")
            .iter()
            .map(|d| {
                let key = d.attr("key").unwrap();
                let name = keys.iter().find(|(id, _)| id == key).unwrap().1.clone();
                (name, d.text.clone())
            })
            .collect()
    }

    #[test]
    fn reads_back_with_typed_keys() {
        let net = sample();
        let root = parse_tree(&to_graphml(&net));
        let keys: Vec<(String, String)> = root
            .find("key")
            .iter()
            .map(|k| {
                (
                    k.attr("id").unwrap().to_string(),
                    k.attr("attr.name").unwrap().to_string(),
                )
            })
            .collect();
        let types: Vec<(&str, &str, &str)> = root
            .find("key")
            .iter()
            .map(|k| {
                (
                    k.attr("for").unwrap(),
                    k.attr("attr.name").unwrap(),
                    k.attr("attr.type").unwrap(),
                )
            })
            .collect();
        for t in [
            ("node", "label", "string"),
            ("node", "degree", "int"),
            ("node", "betweenness", "double"),
            ("node", "mixed", "double"),
            ("node", "start", "string"),
            ("edge", "weight", "double"),
            ("edge", "kind", "string"),
        ] {
            assert!(types.contains(&t), "{t:?} missing from {types:?}");
        }
        let graph = &root.find("graph")[0];
        assert_eq!(graph.attr("id"), Some(net.id.as_str()));
        let nodes = root.find("node");
        assert_eq!(nodes.len(), 3);
        for (el, n) in nodes.iter().zip(&net.nodes) {
            assert_eq!(el.attr("id"), Some(n.id.as_str()));
            let d = data(el, &keys);
            assert_eq!(d[0], ("label".to_string(), n.label.clone()));
            for (k, v) in &n.attrs {
                let found = d.iter().find(|(name, _)| name == k).map(|(_, t)| t.clone());
                assert_eq!(found, value_text(v), "{k}");
            }
        }
        let d0 = data(nodes[0], &keys);
        let get = |d: &[(String, String)], k: &str| {
            d.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        };
        assert_eq!(get(&d0, "start").as_deref(), Some("2016-11-17"));
        assert_eq!(get(&d0, "end"), None, "open last spell: no end");
        assert_eq!(
            get(&d0, "spells").as_deref(),
            Some("2016-11-17/2018-01-31;2019-03-01/")
        );
        let edges = root.find("edge");
        assert_eq!(edges.len(), 2);
        for (el, e) in edges.iter().zip(&net.edges) {
            assert_eq!(el.attr("source"), Some(e.source.as_str()));
            assert_eq!(el.attr("target"), Some(e.target.as_str()));
            let d = data(el, &keys);
            assert_eq!(get(&d, "weight").unwrap().parse::<f64>().unwrap(), e.weight);
        }
        assert_eq!(
            get(&data(edges[0], &keys), "end").as_deref(),
            Some("2020-12-31")
        );
    }

    #[test]
    fn hostile_names_stay_text() {
        let xml = to_graphml(&sample());
        assert!(!xml.contains("<script") && !xml.contains("<b>"));
        assert!(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}
