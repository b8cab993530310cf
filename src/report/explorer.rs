//! The data of the interactive report (issue 23): the network explorer, the map's markers and
//! the labels of the page, as JSON written into `<script type="application/json">` elements
//! (read by `assets/explorer.js` with `JSON.parse`, never run as code).
//!
//! One small index (labels, measures, palette, one row per PTCE, map markers) is parsed when
//! the page opens; each PTCE's network is a blob of its own, parsed only when the PTCE is
//! chosen (or searched), so that a study of thousands of PTCEs opens as fast as the sample.
//! Every `<`, `>`, `&` of the JSON is written `\u003c`, `\u003e`, `\u0026`: no data can close
//! the element or open a comment.
//!
//! Positions are those of the network figures ([`crate::charts::layout::union_layout`], same
//! seed), rounded to 0.001 of the frame; measures to 4 decimals.

use crate::charts::data::{self, Cols};
use crate::charts::i18n::{actor_label, group_label, measure_label};
use crate::charts::layout::union_layout;
use crate::charts::map::{map_plan, member_counts};
use crate::charts::theme::{actor_style_str, group_style, Shape};
use crate::charts::ChartError;
use crate::config::Language;
use crate::table::Table;
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Measures that can size the explorer's nodes, in menu order (those present in
/// `node_metrics`).
pub const SIZE_MEASURES: [&str; 6] = [
    "degree",
    "betweenness",
    "eigenvector",
    "constraint",
    "effective_size",
    "brokerage_total_z",
];

/// The JSON blobs of the interactive report.
#[derive(Debug, Clone, PartialEq)]
pub struct Interactive {
    /// The index: labels, measures, palette, PTCEs, map markers.
    pub index: String,
    /// One blob per PTCE, in the order of the index's `p` list.
    pub ptces: Vec<String>,
}

/// JSON text safe inside a `<script>` element: every `<`, `>` and `&` escaped as `\u003c`,
/// `\u003e`, `\u0026` (they can only occur inside JSON strings, where the escape means the
/// same character), so that no data can close the element nor read as markup.
///
/// # Examples
/// ```
/// use ptce::report::explorer::script_json;
/// let v = serde_json::json!({"n": "</script><img src=x onerror=alert(1)>"});
/// let s = script_json(&v);
/// assert!(!s.contains('<') && !s.contains('>'));
/// assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
/// ```
pub fn script_json(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn round(x: f64, scale: f64) -> Value {
    if x.is_finite() {
        json!((x * scale).round() / scale)
    } else {
        Value::Null
    }
}

fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// Rows of `node_metrics` (or `edges`) grouped by PTCE, in table order.
fn rows_by_ptce(ids: &[String]) -> BTreeMap<&str, Vec<usize>> {
    let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in ids.iter().enumerate() {
        out.entry(p.as_str()).or_default().push(i);
    }
    out
}

/// The columns of `node_metrics` and `edges` the explorer reads.
struct Columns {
    ptce: Vec<String>,
    snapshot: Vec<String>,
    org: Vec<String>,
    name: Vec<String>,
    actor: Vec<String>,
    role: Vec<String>,
    measures: Vec<(&'static str, Vec<Option<f64>>)>,
    e_ptce: Vec<String>,
    e_snapshot: Vec<String>,
    source: Vec<String>,
    target: Vec<String>,
    weight: Vec<Option<f64>>,
}

fn columns(tables: &[Table]) -> Result<Option<Columns>, ChartError> {
    let (Some(nm), Some(ed)) = (
        data::find(tables, "node_metrics"),
        data::find(tables, "edges"),
    ) else {
        return Ok(None);
    };
    let c = Cols::new(nm, "explorer");
    let e = Cols::new(ed, "explorer");
    Ok(Some(Columns {
        ptce: c.text("ptce_id")?,
        snapshot: c.text("snapshot")?,
        org: c.text("org_id")?,
        name: c.text("name")?,
        actor: c.text("actor_type")?,
        role: c.text("role")?,
        measures: SIZE_MEASURES
            .iter()
            .filter_map(|m| c.num_opt(m).map(|v| (*m, v)))
            .collect(),
        e_ptce: e.text("ptce_id")?,
        e_snapshot: e.text("snapshot")?,
        source: e.text("source")?,
        target: e.text("target")?,
        weight: e.num("weight")?,
    }))
}

/// First `joined` date of each (PTCE, organization) in `memberships`.
fn joined_dates(tables: &[Table]) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    if let Some(t) = data::find(tables, "memberships") {
        let c = Cols::new(t, "explorer");
        if let (Ok(p), Ok(o), Ok(j)) = (c.text("ptce_id"), c.text("org_id"), c.text("joined")) {
            for ((p, o), j) in p.into_iter().zip(o).zip(j) {
                let e = out.entry((p, o)).or_insert_with(|| j.clone());
                if !j.is_empty() && (e.is_empty() || j < *e) {
                    *e = j;
                }
            }
        }
    }
    out
}

/// `ptce_id` → `column` of table `table` (empty when the table or a column is absent).
fn by_ptce(tables: &[Table], table: &str, column: &str) -> BTreeMap<String, String> {
    let Some(t) = data::find(tables, table) else {
        return BTreeMap::new();
    };
    let c = Cols::new(t, "explorer");
    match (c.text("ptce_id"), c.text(column)) {
        (Ok(i), Ok(v)) => i.into_iter().zip(v).collect(),
        _ => BTreeMap::new(),
    }
}

/// The blob of one PTCE and its tie count (of `all`, else of its largest snapshot).
fn ptce_blob(
    id: &str,
    cols: &Columns,
    nodes: &[usize],
    edges: &[usize],
    joined: &BTreeMap<(String, String), String>,
    seed: u64,
) -> (Value, usize) {
    let pos = union_layout(
        nodes.iter().map(|&i| cols.org[i].as_str()),
        edges.iter().map(|&i| {
            (
                cols.source[i].as_str(),
                cols.target[i].as_str(),
                cols.weight[i].unwrap_or(1.0),
            )
        }),
        seed,
        id,
    );
    let index: BTreeMap<&str, usize> = pos
        .keys()
        .enumerate()
        .map(|(k, o)| (o.as_str(), k))
        .collect();
    // Organization attributes from its first row (name and type do not vary by snapshot).
    let mut orgs: Vec<Value> = pos
        .iter()
        .map(|(o, &(x, y))| json!([o, o, "other", round(x, 1000.0), round(y, 1000.0), ""]))
        .collect();
    let mut seen = vec![false; orgs.len()];
    let mut snaps: Vec<String> = Vec::new();
    let mut by_snap: BTreeMap<&str, (Vec<Value>, Vec<Value>)> = BTreeMap::new();
    for &i in nodes {
        let Some(&k) = index.get(cols.org[i].as_str()) else {
            continue;
        };
        if !seen[k] {
            seen[k] = true;
            let date = joined
                .get(&(id.to_string(), cols.org[i].clone()))
                .cloned()
                .unwrap_or_default();
            orgs[k] = json!([
                cols.org[i],
                cols.name[i],
                cols.actor[i],
                orgs[k][3],
                orgs[k][4],
                date
            ]);
        }
        let mut row = vec![json!(k), json!(cols.role[i])];
        row.extend(cols.measures.iter().map(|(_, v)| match v[i] {
            Some(x) => round(x, 10_000.0),
            None => Value::Null,
        }));
        let s = cols.snapshot[i].as_str();
        if !by_snap.contains_key(s) {
            snaps.push(s.to_string());
        }
        by_snap.entry(s).or_default().0.push(Value::Array(row));
    }
    for &i in edges {
        let (Some(&a), Some(&b)) = (
            index.get(cols.source[i].as_str()),
            index.get(cols.target[i].as_str()),
        ) else {
            continue;
        };
        let s = cols.e_snapshot[i].as_str();
        if !by_snap.contains_key(s) {
            snaps.push(s.to_string());
        }
        let w = round(cols.weight[i].unwrap_or(1.0), 10_000.0);
        by_snap.entry(s).or_default().1.push(json!([a, b, w]));
    }
    data::stage_order(&mut snaps);
    let ties = by_snap
        .get("all")
        .map(|v| v.1.len())
        .unwrap_or_else(|| by_snap.values().map(|v| v.1.len()).max().unwrap_or(0));
    let mut n = Map::new();
    let mut e = Map::new();
    for (s, (nodes, edges)) in by_snap {
        n.insert(s.to_string(), Value::Array(nodes));
        e.insert(s.to_string(), Value::Array(edges));
    }
    (json!({"o": orgs, "s": snaps, "n": n, "e": e}), ties)
}

fn shape_name(s: Shape) -> &'static str {
    match s {
        Shape::Circle => "circle",
        Shape::Square => "square",
        Shape::Diamond => "diamond",
        Shape::Triangle => "triangle",
    }
}

/// Texts of the page's controls, in the report's language.
fn labels(lang: Language) -> Value {
    let t = |fr: &str, en: &str| json!(lang.pick(fr, en));
    json!({
        "colon": t(" : ", ": "),
        "members": t("membres", "members"),
        "ties": t("liens", "ties"),
        "role": t("rôle", "role"),
        "type": t("type d’acteur", "actor type"),
        "joined": t("entrée", "joined"),
        "none": t("aucun résultat", "no result"),
        "rows": t("lignes", "rows"),
        "of": t("sur", "of"),
        "prev": t("Précédent", "Previous"),
        "next": t("Suivant", "Next"),
        "filter": t("Filtrer les lignes", "Filter rows"),
        "csv": t("Télécharger la vue (CSV)", "Download the view (CSV)"),
        "sort": t("Trier par", "Sort by"),
        "open": t("Ouvrir dans l’explorateur", "Open in the explorer"),
        "unplaced": t("PTCE sans coordonnées (non placés sur la carte)", "PTCEs without coordinates (not on the map)"),
        "group": t("groupe", "group"),
        "commune": t("commune", "commune"),
        "ego": t("Réseau personnel de", "Ego network of"),
        "clear": t("Tout afficher", "Show all"),
        "decimal": t(",", "."),
        "roles": {
            "pilot": t("pilote", "pilot"),
            "founder": t("fondateur", "founder"),
            "member": t("membre", "member"),
        },
    })
}

/// Builds the JSON blobs of the interactive report.
///
/// # Arguments
/// * `tables` — the run's tables: `node_metrics`, `edges` (the explorer), `memberships`
///   (joined dates), `ptces` (names), `territories` (map), `stages` (stage labels).
/// * `seed` — the run's seed (the layout of the network figures).
/// * `lang` — language of the labels.
/// * `map_width` — width of the map figure (canvas units), so that the markers fall on it.
///
/// # Returns
/// The index and one blob per PTCE (PTCEs of `node_metrics`, sorted by id).
///
/// # Errors
/// [`ChartError::Column`] if a table lacks a documented column.
///
/// # Complexity
/// O(rows · log rows) plus one layout per PTCE (run in parallel, collected in order: the
/// bytes do not depend on the number of threads).
pub fn interactive(
    tables: &[Table],
    seed: u64,
    lang: Language,
    map_width: u32,
) -> Result<Interactive, ChartError> {
    let cols = columns(tables)?;
    let joined = joined_dates(tables);
    let (ids, blobs): (Vec<String>, Vec<(Value, usize)>) = match &cols {
        Some(cols) => {
            let nodes = rows_by_ptce(&cols.ptce);
            let edges = rows_by_ptce(&cols.e_ptce);
            let list: Vec<(&str, &Vec<usize>)> = nodes.iter().map(|(k, v)| (*k, v)).collect();
            let blobs: Vec<(Value, usize)> = list
                .par_iter()
                .map(|(id, rows)| {
                    let e = edges.get(id).map(Vec::as_slice).unwrap_or(&[]);
                    ptce_blob(id, cols, rows, e, &joined, seed)
                })
                .collect();
            (list.iter().map(|(k, _)| k.to_string()).collect(), blobs)
        }
        None => (Vec::new(), Vec::new()),
    };
    let names = by_ptce(tables, "ptces", "name");
    let groups = data::ptce_groups(tables);
    let members = member_counts(tables)?;
    let communes = by_ptce(tables, "territories", "commune_name");
    // Every PTCE of the study: those with a network first (explorer blobs), then the others
    // (on the map only).
    let mut all: Vec<String> = ids.clone();
    let mut seen: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    for k in names.keys().chain(groups.keys()) {
        if seen.insert(k.as_str()) {
            all.push(k.clone());
        }
    }
    let position: BTreeMap<&str, usize> = all
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let rows: Vec<Value> = all
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let text = |m: &BTreeMap<String, String>| m.get(id).cloned().unwrap_or_default();
            let ties = blobs.get(i).map_or(0, |b| b.1);
            json!([
                id,
                text(&names),
                text(&groups),
                text(&communes),
                members.get(id).copied().unwrap_or(0),
                ties,
                i < blobs.len()
            ])
        })
        .collect();
    let plan = map_plan(tables, map_width)?;
    let markers: Vec<Value> = plan
        .markers
        .iter()
        .filter_map(|m| {
            position
                .get(m.ptce.as_str())
                .map(|&i| json!([i, m.x, m.y, m.r, hex(group_style(&m.group).0)]))
        })
        .collect();
    let unplaced: Vec<Value> = plan
        .unplaced
        .iter()
        .filter_map(|id| position.get(id.as_str()).map(|&i| json!(i)))
        .collect();
    let measures: Vec<Value> = cols
        .as_ref()
        .map(|c| {
            c.measures
                .iter()
                .map(|(m, _)| {
                    let label = match *m {
                        "degree" => lang.pick("degré", "degree").to_string(),
                        "eigenvector" => lang.pick("vecteur propre", "eigenvector").to_string(),
                        "constraint" => lang.pick("contrainte", "constraint").to_string(),
                        "effective_size" => {
                            lang.pick("taille effective", "effective size").to_string()
                        }
                        "brokerage_total_z" => {
                            lang.pick("courtage (z)", "brokerage (z)").to_string()
                        }
                        other => measure_label(other, lang),
                    };
                    json!([m, label])
                })
                .collect()
        })
        .unwrap_or_default();
    let mut actors = Map::new();
    if let Some(c) = &cols {
        let mut types: Vec<&String> = c.actor.iter().collect();
        types.sort();
        types.dedup();
        for t in types {
            let (colour, shape) = actor_style_str(t);
            actors.insert(
                t.clone(),
                json!([actor_label(t, lang), hex(colour), shape_name(shape)]),
            );
        }
    }
    let mut group_styles = Map::new();
    for g in groups.values().chain(std::iter::once(&String::new())) {
        group_styles.insert(
            g.clone(),
            json!([group_label(g, lang), hex(group_style(g).0)]),
        );
    }
    let stage_names = data::stage_labels(tables, lang);
    let mut stages = Map::new();
    for b in &blobs {
        for s in b.0["s"].as_array().into_iter().flatten() {
            if let Some(s) = s.as_str() {
                stages.insert(
                    s.to_string(),
                    json!(data::stage_name(s, &stage_names, lang)),
                );
            }
        }
    }
    let index = json!({
        "lang": lang.as_str(),
        "t": labels(lang),
        "measures": measures,
        "actors": actors,
        "groups": group_styles,
        "stages": stages,
        "p": rows,
        "map": {"m": markers, "u": unplaced},
    });
    Ok(Interactive {
        index: script_json(&index),
        ptces: blobs.iter().map(|b| script_json(&b.0)).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables() -> Vec<Table> {
        let s = |v: &[&str]| v.iter().map(|x| Some(x.to_string())).collect::<Vec<_>>();
        let nodes = Table::new("node_metrics")
            .str("ptce_id", s(&["P2", "P2", "P2", "P2", "P2", "P1"]))
            .str("snapshot", s(&["all", "all", "all", "S1", "S1", "all"]))
            .str("org_id", s(&["a", "b", "c", "a", "b", "z"]))
            .str("name", s(&["</script>", "B", "C", "</script>", "B", "Z"]))
            .str(
                "actor_type",
                s(&[
                    "company", "citizen", "company", "company", "citizen", "other",
                ]),
            )
            .str(
                "role",
                s(&["pilot", "member", "member", "pilot", "member", "pilot"]),
            )
            .float(
                "degree",
                [
                    Some(2.0),
                    Some(1.0),
                    Some(1.0),
                    Some(1.0),
                    Some(1.0),
                    Some(0.0),
                ],
            )
            .float(
                "betweenness",
                [Some(1.0 / 3.0), None, Some(0.0), Some(0.0), Some(0.0), None],
            );
        let edges = Table::new("edges")
            .str("ptce_id", s(&["P2", "P2", "P2"]))
            .str("snapshot", s(&["all", "all", "S1"]))
            .str("source", s(&["a", "a", "a"]))
            .str("target", s(&["b", "c", "b"]))
            .float("weight", [Some(2.0), None, Some(1.0)]);
        let territories = Table::new("territories")
            .str("ptce_id", s(&["P1", "P2"]))
            .str("group", s(&["rural", "urban"]))
            .str("department", s(&["07", "75"]))
            .str("commune_name", s(&["Privas", "Paris"]))
            .float("lon", [None, Some(2.35)])
            .float("lat", [None, Some(48.86)]);
        vec![nodes, edges, territories]
    }

    /// Counts per snapshot as in the tables (by hand: P2 has 3 members and 2 ties in `all`,
    /// 2 and 1 in S1), stages in stage order, measures rounded, markup escaped, the PTCE
    /// without coordinates listed and the other placed.
    #[test]
    fn blobs_hold_each_snapshot_and_escape_markup() {
        let data = interactive(&tables(), 7, Language::En, 850).unwrap();
        assert!(!data.index.contains('<') && data.ptces.iter().all(|b| !b.contains('<')));
        let index: Value = serde_json::from_str(&data.index).unwrap();
        let ids: Vec<&str> = index["p"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r[0].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["P1", "P2"]);
        let p2: Value = serde_json::from_str(&data.ptces[1]).unwrap();
        assert_eq!(p2["s"], json!(["S1", "all"]));
        assert_eq!(p2["n"]["all"].as_array().unwrap().len(), 3);
        assert_eq!(p2["e"]["all"].as_array().unwrap().len(), 2);
        assert_eq!(p2["n"]["S1"].as_array().unwrap().len(), 2);
        assert_eq!(p2["e"]["S1"].as_array().unwrap().len(), 1);
        // Organizations sorted by id; `a` is the markup name, joined date unknown here.
        assert_eq!(p2["o"][0][1], "</script>");
        // Row of `a` in `all`: index, role, degree 2, betweenness 1/3 to 4 decimals.
        assert_eq!(p2["n"]["all"][0], json!([0, "pilot", 2.0, 0.3333]));
        // Members 3, ties 2 (of `all`), has a network.
        assert_eq!(
            index["p"][1],
            json!(["P2", "", "urban", "Paris", 3, 2, true])
        );
        assert_eq!(index["map"]["u"], json!([0]));
        assert_eq!(index["map"]["m"].as_array().unwrap().len(), 1);
        // Positions are those of the network figure (the same function, the same inputs).
        let pos = union_layout(
            ["a", "b", "c", "a", "b"].into_iter(),
            [("a", "b", 2.0), ("a", "c", 1.0), ("a", "b", 1.0)].into_iter(),
            7,
            "P2",
        );
        let x = pos["a"].0;
        assert!((p2["o"][0][3].as_f64().unwrap() - x).abs() <= 0.0005);
    }
}
