// Tests of the GEXF writer, and the helpers shared with the GraphML tests: a fixture network
// with hostile names and a small XML tree reader built on quick-xml (an independent parser).

use super::*;
use crate::report::graph::{ExportEdge, ExportNode};
use quick_xml::events::Event;
use quick_xml::Reader;

/// An XML element read back: name (without prefix), attributes, children, text.
#[derive(Debug, Default)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every descendant (depth first) with that name.
    pub fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.all(name, out);
        }
    }

    pub fn find(&self, name: &str) -> Vec<&Element> {
        let mut v = Vec::new();
        self.all(name, &mut v);
        v
    }
}

fn open(e: &quick_xml::events::BytesStart) -> Element {
    Element {
        name: String::from_utf8(e.local_name().as_ref().to_vec()).unwrap(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                let k = String::from_utf8(a.key.as_ref().to_vec()).unwrap();
                (k, a.unescape_value().unwrap().into_owned())
            })
            .collect(),
        ..Element::default()
    }
}

/// Parses a whole document (panics on malformed XML: the test fails).
pub fn parse_tree(xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => {
                let el = open(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(el);
            }
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&t.xml_content().unwrap()),
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().unwrap();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap()
                            .to_string()
                    }
                };
                stack.last_mut().unwrap().text.push_str(&s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack.pop().unwrap()
}

pub const HOSTILE: &str = "<b>&é\"_%</b>";
pub const SCRIPT: &str = "<script>alert(1)</script>";

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

/// Three organizations (two with hostile names), two ties, mixed attribute types.
pub fn sample() -> ExportNetwork {
    let node = |id: &str, label: &str, attrs: Vec<(&str, AttrValue)>, spells| ExportNode {
        id: id.to_string(),
        label: label.to_string(),
        attrs: attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        spells,
    };
    ExportNetwork {
        id: "PTCE-1 & <co>".into(),
        nodes: vec![
            node(
                "ORG-1",
                HOSTILE,
                vec![
                    ("actor_type", AttrValue::Str("ess_association".into())),
                    ("degree", AttrValue::Int(2)),
                    ("betweenness", AttrValue::Float(0.5)),
                    ("mixed", AttrValue::Int(1)),
                ],
                vec![(s("2016-11-17"), s("2018-01-31")), (s("2019-03-01"), None)],
            ),
            node(
                "ORG-2 'quoted'\n",
                SCRIPT,
                vec![
                    ("actor_type", AttrValue::Str("company".into())),
                    ("degree", AttrValue::Int(1)),
                    ("betweenness", AttrValue::Float(f64::NAN)),
                    ("mixed", AttrValue::Float(2.5)),
                ],
                vec![(s("2017-01-01"), None)],
            ),
            node(
                "ORG-3",
                "Régie",
                vec![("degree", AttrValue::Int(1))],
                vec![],
            ),
        ],
        edges: vec![
            ExportEdge {
                source: "ORG-1".into(),
                target: "ORG-2 'quoted'\n".into(),
                weight: 2.0,
                attrs: vec![("kind".into(), AttrValue::Str("co_creation;funding".into()))],
                spells: vec![(s("2017-02-23"), s("2020-12-31"))],
            },
            ExportEdge {
                source: "ORG-1".into(),
                target: "ORG-3".into(),
                weight: 0.25,
                attrs: vec![("kind".into(), AttrValue::Str("information".into()))],
                spells: vec![],
            },
        ],
    }
}

#[test]
fn reads_back_nodes_edges_attributes_and_spells() {
    let net = sample();
    let root = parse_tree(&to_gexf(&net));
    let graph = &root.find("graph")[0];
    assert_eq!(graph.attr("mode"), Some("dynamic"));
    assert_eq!(graph.attr("timeformat"), Some("date"));
    assert_eq!(root.find("description")[0].text, net.id);
    // Declarations: widest type per name, in first-appearance order.
    let decls = root.find("attributes");
    assert_eq!(decls.len(), 2);
    let node_decl: Vec<(&str, &str)> = decls[0]
        .children
        .iter()
        .map(|a| (a.attr("title").unwrap(), a.attr("type").unwrap()))
        .collect();
    assert_eq!(
        node_decl,
        [
            ("actor_type", "string"),
            ("degree", "integer"),
            ("betweenness", "double"),
            ("mixed", "double")
        ]
    );
    let nodes = root.find("node");
    assert_eq!(nodes.len(), net.nodes.len());
    for (el, n) in nodes.iter().zip(&net.nodes) {
        assert_eq!(el.attr("id"), Some(n.id.as_str()));
        assert_eq!(el.attr("label"), Some(n.label.as_str()));
        let values: Vec<(String, String)> = el
            .find("attvalue")
            .iter()
            .map(|v| {
                let i: usize = v.attr("for").unwrap().parse().unwrap();
                (
                    node_decl[i].0.to_string(),
                    v.attr("value").unwrap().to_string(),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = n
            .attrs
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), value_text(v)?)))
            .collect();
        assert_eq!(values, expected);
        let spells: Vec<(Option<String>, Option<String>)> = el
            .find("spell")
            .iter()
            .map(|sp| {
                (
                    sp.attr("start").map(String::from),
                    sp.attr("end").map(String::from),
                )
            })
            .collect();
        assert_eq!(spells, n.spells);
    }
    // The NaN betweenness is missing, not written.
    assert_eq!(nodes[1].find("attvalue").len(), 3);
    let edges = root.find("edge");
    assert_eq!(edges.len(), 2);
    for (el, e) in edges.iter().zip(&net.edges) {
        assert_eq!(el.attr("source"), Some(e.source.as_str()));
        assert_eq!(el.attr("target"), Some(e.target.as_str()));
        assert_eq!(el.attr("weight").unwrap().parse::<f64>().unwrap(), e.weight);
        assert_eq!(
            el.find("attvalue")[0].attr("value"),
            value_text(&e.attrs[0].1).as_deref()
        );
    }
    assert_eq!(edges[0].find("spell").len(), 1);
}

#[test]
fn static_without_spells_and_escaped_everywhere() {
    let mut net = sample();
    for n in &mut net.nodes {
        n.spells.clear();
    }
    for e in &mut net.edges {
        e.spells.clear();
    }
    let xml = to_gexf(&net);
    assert!(xml.contains("mode=\"static\"") && !xml.contains("timeformat"));
    assert!(!xml.contains("<script") && !xml.contains("<b>"));
    assert!(xml.contains("&lt;b&gt;&amp;é&quot;_%&lt;/b&gt;"));
    // Output is a pure function of the input.
    assert_eq!(xml, to_gexf(&net));
}

/// A path A – B – C (A–B a declared tie of two kinds, B–C a joint activity), measured, then
/// exported: ids, labels, attributes (degrees counted by hand), spells, edge attributes.
#[test]
fn builds_the_network_of_a_ptce_from_the_network_and_its_measures() {
    use crate::date::PartialDate;
    use crate::graph::Graph;
    use crate::model::{ActorType, Membership, Role, Tie, TieKind};
    use crate::network::{EdgeInfo, Network, NodeInfo};
    let d = |t: &str| PartialDate::parse(t).unwrap();
    let node = |id: &str, name: &str| NodeInfo {
        org_id: id.into(),
        name: name.into(),
        actor_type: ActorType::ALL[0],
        naf_section: None,
        role: None,
        detail: 0,
    };
    let edge = |u: u32, v: u32, weight: f64, kinds: &[TieKind], shared| EdgeInfo {
        u,
        v,
        weight,
        kinds: kinds.iter().copied().collect(),
        shared_activities: shared,
    };
    let edges = vec![
        edge(0, 1, 2.0, &[TieKind::Governance, TieKind::Funding], 0),
        edge(1, 2, 1.0, &[], 2),
    ];
    let graph = Graph::from_edges(3, edges.iter().map(|e| (e.u, e.v, e.weight))).unwrap();
    let net = Network {
        ptce_id: "P1".into(),
        snapshot: "all".into(),
        nodes: vec![node("A", HOSTILE), node("B", "B"), node("C", "Régie")],
        edges,
        graph,
    };
    // The rows of the network follow those of another one in `node_metrics`, as in a run;
    // a column added after the measures (as the survey flag is) is exported too.
    let mut first = net.clone();
    first.ptce_id = "P0".into();
    let nets = [first, net.clone()];
    let results: Vec<_> = nets
        .iter()
        .map(|n| crate::pipeline::metrics::measure(n, 7, &Default::default()))
        .collect();
    let table = crate::pipeline::metrics::node_table("node_metrics", &nets, &results)
        .str("low_response", ["no", "no", "no", "yes", "yes", "yes"].map(Some));
    let m = |org: &str, joined: &str, left: Option<&str>| Membership {
        ptce_id: "P1".into(),
        org_id: org.into(),
        joined: d(joined),
        left: left.map(d),
        role: Role::Member,
    };
    let memberships = [
        m("A", "2016-03", None),
        m("B", "2017-01-05", Some("2020")),
        m("B", "2021-06-01", None),
        Membership {
            ptce_id: "P2".into(),
            ..m("A", "2010", None)
        },
    ];
    let ties = [Tie {
        ptce_id: "P1".into(),
        source: "B".into(),
        target: "A".into(),
        kind: TieKind::Funding,
        start: d("2018-02-01"),
        end: None,
        weight: 2.0,
    }];
    let export = ExportNetwork::from_network(&net, &table, 3, &memberships, &ties);
    assert_eq!(export.id, "P1");
    let ids: Vec<(&str, &str)> = export
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n.label.as_str()))
        .collect();
    assert_eq!(ids, [("A", HOSTILE), ("B", "B"), ("C", "Régie")]);
    let attr = |n: usize, k: &str| {
        export.nodes[n]
            .attrs
            .iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.clone())
    };
    // Degrees of a path, by hand: 1, 2, 1.
    for (n, degree) in [(0, 1), (1, 2), (2, 1)] {
        assert_eq!(attr(n, "degree"), Some(AttrValue::Int(degree)));
    }
    assert_eq!(
        attr(0, "actor_type"),
        Some(AttrValue::Str(ActorType::ALL[0].as_str().into()))
    );
    assert_eq!(attr(0, "naf_section"), None, "missing values left out");
    assert_eq!(attr(0, "org_id"), None, "keys are not attributes");
    assert_eq!(
        export.nodes[0].attrs.last(),
        Some(&("low_response".to_string(), AttrValue::Str("yes".into())))
    );
    assert_eq!(export.nodes[0].spells, vec![(s("2016-03-01"), None)]);
    assert_eq!(
        export.nodes[1].spells,
        vec![(s("2017-01-05"), s("2020-01-01")), (s("2021-06-01"), None)]
    );
    assert!(export.nodes[2].spells.is_empty());
    let e = &export.edges;
    assert_eq!(e.len(), 2);
    assert_eq!((e[0].source.as_str(), e[0].target.as_str()), ("A", "B"));
    assert_eq!(e[0].weight, 2.0);
    assert_eq!(
        e[0].attrs,
        vec![
            ("kind".to_string(), AttrValue::Str("funding;governance".into())),
            ("shared_activities".to_string(), AttrValue::Int(0)),
            ("layer".to_string(), AttrValue::Str("ties".into())),
        ]
    );
    assert_eq!(e[0].spells, vec![(s("2018-02-01"), None)]);
    assert_eq!(
        e[1].attrs,
        vec![
            ("shared_activities".to_string(), AttrValue::Int(2)),
            ("layer".to_string(), AttrValue::Str("activities".into())),
        ]
    );
    assert!(e[1].spells.is_empty());
    let root = parse_tree(&to_gexf(&export));
    assert_eq!(root.find("node").len(), 3);
    assert_eq!(root.find("spell").len(), 4);
    let first = ExportNetwork::from_network(&nets[0], &table, 0, &memberships, &ties);
    assert_eq!(first.id, "P0");
    assert_eq!(
        first.nodes[0].attrs.last(),
        Some(&("low_response".to_string(), AttrValue::Str("no".into())))
    );
    assert!(first.nodes[0].spells.is_empty(), "memberships of P1 only");
    let beyond = ExportNetwork::from_network(&net, &table, 6, &memberships, &ties);
    assert!(beyond.nodes.iter().all(|n| n.attrs.is_empty()), "rows missing");
}

#[test]
fn overlapping_spells_are_merged() {
    let sp = |a: Option<&str>, b: Option<&str>| (a.map(String::from), b.map(String::from));
    let merged = merge_spells(&[
        sp(Some("2019-01-01"), Some("2019-06-30")),
        sp(Some("2017-05-21"), None),
        sp(Some("2016-01-01"), Some("2016-12-31")),
        sp(Some("2016-06-01"), Some("2017-01-31")),
        sp(None, None),
    ]);
    assert_eq!(
        merged,
        vec![
            sp(Some("2016-01-01"), Some("2017-01-31")),
            sp(Some("2017-05-21"), None)
        ]
    );
    assert_eq!(
        merge_spells(&[
            sp(None, Some("2018-01-01")),
            sp(Some("2017-01-01"), Some("2019-01-01"))
        ]),
        vec![sp(None, Some("2019-01-01"))]
    );
    assert_eq!(
        merge_spells(&[
            sp(Some("2018-01-01"), Some("2018-02-01")),
            sp(Some("2018-02-01"), Some("2018-03-01"))
        ]),
        vec![sp(Some("2018-01-01"), Some("2018-03-01"))],
        "touching spells merge"
    );
}
