//! `network_<ptce_id>`: one panel per stage snapshot with one shared layout, computed once on the
//! union of the PTCE's snapshots ([`super::layout`]), so that an organization stays in place from
//! panel to panel. Nodes: colour and shape by actor type, area by betweenness (scaled to the
//! PTCE's maximum over all panels), pilot ringed; edges: width and opacity by weight.
//! Sources: `node_metrics` (ptce_id, snapshot, org_id, actor_type, role, betweenness), `edges`
//! (ptce_id, snapshot, source, target, weight).

use super::data::{self, Cols};
use super::draw::{self, line_height, wrap, Ctx, Mark, Pen};
use super::i18n::actor_label;
use super::layout::union_layout;
use super::theme::{self, actor_style_str, INK, LIGHT, PT_SMALL};
use super::{ChartError, Drawn};
use crate::table::Table;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;
use std::collections::BTreeMap;

/// PTCEs that have nodes in `node_metrics`, sorted.
pub fn ptce_ids(tables: &[Table]) -> Vec<String> {
    let Some(t) = data::find(tables, "node_metrics") else {
        return Vec::new();
    };
    let mut ids = Cols::new(t, "network").text("ptce_id").unwrap_or_default();
    ids.sort();
    ids.dedup();
    ids
}

/// A node of one snapshot.
struct Node {
    org: String,
    actor_type: String,
    pilot: bool,
    betweenness: f64,
}

/// The snapshots of one PTCE: nodes and edges per snapshot id.
struct Net {
    snapshots: Vec<String>,
    nodes: BTreeMap<String, Vec<Node>>,
    edges: BTreeMap<String, Vec<(String, String, f64)>>,
}

/// The rows of `node_metrics` and `edges` of every PTCE, found in one pass over each table
/// (a study of 10,000 PTCEs draws 10,000 figures: none of them scans the tables).
#[derive(Debug, Default)]
pub struct Rows {
    pub(crate) nodes: BTreeMap<String, Vec<usize>>,
    pub(crate) edges: BTreeMap<String, Vec<usize>>,
}

/// Indexes the rows of `node_metrics` and `edges` by `ptce_id`.
///
/// # Errors
/// [`ChartError::Column`] if either table lacks `ptce_id`.
pub fn rows(tables: &[Table]) -> Result<Rows, ChartError> {
    let by_ptce = |name: &str| -> Result<BTreeMap<String, Vec<usize>>, ChartError> {
        match data::find(tables, name) {
            Some(t) => Cols::new(t, "network").rows_by("ptce_id"),
            None => Ok(BTreeMap::new()),
        }
    };
    Ok(Rows {
        nodes: by_ptce("node_metrics")?,
        edges: by_ptce("edges")?,
    })
}

fn read(tables: &[Table], ctx: &Ctx, id: &str, rows: &Rows) -> Result<Net, ChartError> {
    let mut net = Net {
        snapshots: Vec::new(),
        nodes: BTreeMap::new(),
        edges: BTreeMap::new(),
    };
    let none = Vec::new();
    if let Some(t) = data::find(tables, "node_metrics") {
        let c = Cols::new(t, &ctx.figure);
        let rows = rows.nodes.get(id).unwrap_or(&none);
        let (s, o, a, r, b) = (
            c.text_rows("snapshot", rows)?,
            c.text_rows("org_id", rows)?,
            c.text_rows("actor_type", rows)?,
            c.text_rows("role", rows)?,
            c.num_rows("betweenness", rows)?,
        );
        for i in 0..rows.len() {
            net.snapshots.push(s[i].clone());
            net.nodes.entry(s[i].clone()).or_default().push(Node {
                org: o[i].clone(),
                actor_type: a[i].clone(),
                pilot: r[i] == "pilot",
                betweenness: b[i].unwrap_or(0.0).max(0.0),
            });
        }
    }
    if let Some(t) = data::find(tables, "edges") {
        let c = Cols::new(t, &ctx.figure);
        let rows = rows.edges.get(id).unwrap_or(&none);
        let (s, a, b, w) = (
            c.text_rows("snapshot", rows)?,
            c.text_rows("source", rows)?,
            c.text_rows("target", rows)?,
            c.num_rows("weight", rows)?,
        );
        for i in 0..rows.len() {
            let e = (a[i].clone(), b[i].clone(), w[i].unwrap_or(1.0));
            net.edges.entry(s[i].clone()).or_default().push(e);
        }
    }
    let mut snaps = data::distinct(&net.snapshots);
    data::stage_order(&mut snaps);
    // Panels are the stage snapshots; `all` only when there is no stage snapshot.
    if snaps.iter().any(|s| s != "all") {
        snaps.retain(|s| s != "all");
    }
    net.snapshots = snaps;
    Ok(net)
}

/// Positions of every organization of the PTCE (union of all snapshots, `all` included), in
/// `[0, 1]²`: the one layout shared by all panels ([`union_layout`]).
fn net_layout(net: &Net, seed: u64, id: &str) -> BTreeMap<String, (f64, f64)> {
    union_layout(
        net.nodes.values().flatten().map(|n| n.org.as_str()),
        net.edges
            .values()
            .flatten()
            .map(|(a, b, w)| (a.as_str(), b.as_str(), *w)),
        seed,
        id,
    )
}

/// Panel rectangles (integer canvas units) of a grid of `n` panels on a canvas `width` wide,
/// starting at `top`: two columns for a single-column figure, three otherwise.
pub fn panel_grid(n: usize, width: u32, top: i32) -> Vec<(i32, i32, i32, i32)> {
    let cols = if width < 1200 { 2 } else { 3 }.min(n.max(1));
    let gap = 20;
    let m = theme::MARGIN;
    let pw = (width as i32 - 2 * m - gap * (cols as i32 - 1)) / cols as i32;
    let ph = (pw as f64 * 0.8).round() as i32 + title_room(pw);
    (0..n)
        .map(|k| {
            let (r, c) = ((k / cols) as i32, (k % cols) as i32);
            let x0 = m + c * (pw + gap);
            let y0 = top + r * (ph + gap);
            (x0, y0, x0 + pw, y0 + ph)
        })
        .collect()
}

/// Room for a two-line panel title.
fn title_room(_pw: i32) -> i32 {
    (2.0 * line_height(PT_SMALL) + 10.0).round() as i32
}

/// Draws the figure of PTCE `id`.
///
/// # Errors
/// [`ChartError::Column`] if a table lacks a documented column.
pub fn draw(
    tables: &[Table],
    ctx: &Ctx,
    id: &str,
    seed: u64,
    rows: &Rows,
) -> Result<Drawn, ChartError> {
    let net = read(tables, ctx, id, rows)?;
    let pos = net_layout(&net, seed, id);
    let names = data::stage_labels(tables, ctx.lang);
    let lang = ctx.lang;
    let grid = panel_grid(net.snapshots.len(), ctx.width, theme::MARGIN);
    let bmax = net
        .nodes
        .iter()
        .filter(|(s, _)| net.snapshots.contains(s))
        .flat_map(|(_, v)| v.iter().map(|n| n.betweenness))
        .fold(0.0, f64::max);
    let wmax = net
        .edges
        .values()
        .flatten()
        .map(|e| e.2)
        .fold(1.0, f64::max);
    // The legend lists the actor types drawn: those of the panels' snapshots (`all` may hold
    // organizations that no stage snapshot has).
    let mut types: Vec<String> = net
        .nodes
        .iter()
        .filter(|(s, _)| net.snapshots.contains(s))
        .flat_map(|(_, v)| v.iter().map(|n| n.actor_type.clone()))
        .collect();
    types.sort_by_key(|t| {
        crate::model::ActorType::parse(t)
            .map(|a| a.index())
            .unwrap_or(99)
    });
    types.dedup();
    let mut items: Vec<(Mark, String)> = types
        .iter()
        .map(|t| {
            let (c, s) = actor_style_str(t);
            (Mark::Marker(s, c), actor_label(t, lang))
        })
        .collect();
    items.push((
        Mark::Ring,
        lang.pick("pilote (anneau)", "pilot (ring)").into(),
    ));
    let labels: Vec<String> = items.iter().map(|(_, l)| l.clone()).collect();
    let note = lang.pick(
        "Taille des nœuds croissante avec l’intermédiarité\u{202F}; épaisseur des liens\u{a0}: poids.",
        "Node size grows with betweenness; tie width: weight.",
    );
    let bottom = grid.last().map(|r| r.3).unwrap_or(theme::MARGIN) as f64;
    // Legend and note go in the grid's first empty cell when they fit there, else below. The
    // cell of a grid of one more panel is empty only if it overlaps no panel of this grid (a
    // single panel spans the width that two would share: the legend drawn over its nodes).
    let apart = |r: &(i32, i32, i32, i32), p: &(i32, i32, i32, i32)| {
        r.0 >= p.2 || r.2 <= p.0 || r.1 >= p.3 || r.3 <= p.1
    };
    let spare = panel_grid(net.snapshots.len() + 1, ctx.width, theme::MARGIN)
        .pop()
        .filter(|r| {
            !grid.is_empty() && f64::from(r.1) < bottom && grid.iter().all(|p| apart(r, p))
        });
    let block = |w: f64| {
        let (_, lh) = draw::legend_layout(&labels, w);
        let lines = wrap(note, PT_SMALL, w);
        (lh, lines)
    };
    let in_cell = spare.and_then(|(x0, y0, x1, y1)| {
        let w = f64::from(x1 - x0) - 10.0;
        let (lh, lines) = block(w);
        let need = lh + 6.0 + lines.len() as f64 * line_height(PT_SMALL);
        (need <= f64::from(y1 - y0) - 10.0).then(|| {
            let (x, y) = (f64::from(x0) + 10.0, f64::from(y0) + 10.0);
            (x, y, w, lh, lines, bottom + theme::MARGIN as f64)
        })
    });
    let (lx, ly, max_w, _legend_h, note_lines, height) = in_cell.unwrap_or_else(|| {
        let w = ctx.w() - 2.0 * theme::MARGIN as f64;
        let (lh, lines) = block(w);
        let h = bottom
            + 15.0
            + lh
            + 6.0
            + lines.len() as f64 * line_height(PT_SMALL)
            + theme::MARGIN as f64;
        (theme::MARGIN as f64, bottom + 15.0, w, lh, lines, h)
    });

    draw::svg(ctx, height, |pen: &mut Pen| {
        for (snap, &(x0, y0, x1, y1)) in net.snapshots.iter().zip(&grid) {
            let (x0, y0, x1, y1) = (f64::from(x0), f64::from(y0), f64::from(x1), f64::from(y1));
            pen.rect((x0, y0, x1, y1), LIGHT.stroke_width(theme::STROKE_THIN))?;
            let name = data::stage_name(snap, &names, lang);
            let title = if name == *snap {
                name
            } else {
                format!("{snap}{}{name}", lang.pick("\u{a0}: ", ": "))
            };
            let mut ty = y0 + 6.0;
            let mut lines = wrap(&title, PT_SMALL, x1 - x0 - 16.0);
            if lines.len() > 2 {
                // Two lines at most: the second one ends with an ellipsis.
                lines.truncate(2);
                lines[1].push('…');
            }
            for l in &lines {
                pen.text(l, x0 + 8.0, ty, PT_SMALL, HPos::Left, VPos::Top)?;
                ty += line_height(PT_SMALL);
            }
            let pad = 30.0;
            let top = y0 + f64::from(title_room(0)) + 4.0;
            let at = |o: &str| {
                pos.get(o).map(|&(px, py)| {
                    (
                        (x0 + pad + px * (x1 - x0 - 2.0 * pad)).round(),
                        (top + pad * 0.6 + py * (y1 - top - 1.6 * pad)).round(),
                    )
                })
            };
            for (a, b, w) in net.edges.get(snap).map(Vec::as_slice).unwrap_or(&[]) {
                if let (Some(pa), Some(pb)) = (at(a), at(b)) {
                    let width = 1 + (3.0 * w / wmax).round() as u32;
                    pen.line_alpha(&[pa, pb], INK, 0.25 + 0.45 * w / wmax, width)?;
                }
            }
            for n in net.nodes.get(snap).map(Vec::as_slice).unwrap_or(&[]) {
                let Some((x, y)) = at(&n.org) else { continue };
                let r = 8.0
                    + if bmax > 0.0 {
                        14.0 * (n.betweenness / bmax).sqrt()
                    } else {
                        0.0
                    };
                let (c, s) = actor_style_str(&n.actor_type);
                if n.pilot {
                    pen.line(&ring(x, y, r + 7.0), INK, theme::STROKE_AXIS)?;
                }
                pen.marker(s, x, y, r, c)?;
            }
        }
        draw::legend_and_notes(pen, &items, (lx, ly), max_w, &note_lines)
    })
}

/// A closed polyline approximating a circle (the pilot's ring, kept apart from node circles).
fn ring(x: f64, y: f64, r: f64) -> Vec<(f64, f64)> {
    (0..=36)
        .map(|k| {
            let a = std::f64::consts::TAU * f64::from(k) / 36.0;
            (x + r * a.cos(), y + r * a.sin())
        })
        .collect()
}
