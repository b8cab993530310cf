//! `map`: every PTCE at its commune (the representative point of the shipped official
//! geography, `territories.lon` / `territories.lat`) on the department outlines of
//! metropolitan France, with one inset per overseas department (Guadeloupe, Martinique,
//! Guyane, La Réunion, Mayotte); coloured by territory group, area by number of members. PTCEs
//! without coordinates (or outside every frame) are listed under the map, never dropped.
//! Sources: `territories` (ptce_id, group, department, lon, lat), `node_metrics` (ptce_id,
//! org_id: members counted over every snapshot).
//!
//! Projection: equirectangular, longitudes shrunk by the cosine of the frame's mid-latitude
//! (46.5° N for the mainland): at this scale the error against Lambert-93 is under 2 %, and the
//! figure needs no projection library. The same [`map_plan`] places the report's interactive
//! markers exactly on the figure's.

use super::data::{self, Cols};
use super::draw::{self, line_height, wrap, Ctx, Mark, Pen};
use super::theme::{self, group_style, Shape, LIGHT, PT_SMALL};
use super::Lang;
use super::{ChartError, Drawn};
use crate::table::Table;
use crate::territory::outlines::{department_outlines, DepartmentOutline};
use plotters::prelude::RGBColor;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;
use std::collections::{BTreeMap, BTreeSet};

/// Bounding box of metropolitan France (with Corsica) in degrees: lon, lat.
const METRO: (f64, f64, f64, f64) = (-5.3, 41.3, 9.7, 51.15);

/// Overseas departments shown as insets: code, French and English names.
const OVERSEAS: [(&str, &str, &str); 5] = [
    ("971", "Guadeloupe", "Guadeloupe"),
    ("972", "Martinique", "Martinique"),
    ("973", "Guyane", "French Guiana"),
    ("974", "La Réunion", "Réunion"),
    ("976", "Mayotte", "Mayotte"),
];

/// Fill of the land.
const LAND: RGBColor = RGBColor(0xF2, 0xF2, 0xF2);

/// One frame of the map: a lon/lat box drawn into a canvas rectangle.
#[derive(Debug, Clone, PartialEq)]
struct Frame {
    /// Department code of an inset (`None`: the mainland).
    department: Option<&'static str>,
    /// lon0, lat0, lon1, lat1.
    bbox: (f64, f64, f64, f64),
    /// Canvas origin (top-left of the drawing) and scale (units per degree of latitude).
    x0: f64,
    y0: f64,
    scale: f64,
    /// cos(mid-latitude).
    kx: f64,
    /// The box drawn around an inset, label included.
    rect: (f64, f64, f64, f64),
}

impl Frame {
    fn fit(
        department: Option<&'static str>,
        bbox: (f64, f64, f64, f64),
        rect: (f64, f64, f64, f64),
    ) -> Frame {
        let (lon0, lat0, lon1, lat1) = bbox;
        let kx = ((lat0 + lat1) / 2.0).to_radians().cos();
        let (w, h) = ((lon1 - lon0) * kx, lat1 - lat0);
        let scale = ((rect.2 - rect.0) / w).min((rect.3 - rect.1) / h);
        // Centred in the rectangle.
        let x0 = rect.0 + ((rect.2 - rect.0) - w * scale) / 2.0;
        let y0 = rect.1 + ((rect.3 - rect.1) - h * scale) / 2.0;
        Frame {
            department,
            bbox,
            x0,
            y0,
            scale,
            kx,
            rect,
        }
    }

    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.x0 + (lon - self.bbox.0) * self.kx * self.scale,
            self.y0 + (self.bbox.3 - lat) * self.scale,
        )
    }

    fn contains(&self, lon: f64, lat: f64) -> bool {
        let (a, b, c, d) = self.bbox;
        (a..=c).contains(&lon) && (b..=d).contains(&lat)
    }
}

/// A PTCE placed on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapMarker {
    /// PTCE id.
    pub ptce: String,
    /// Territory group (lower case; empty when unclassified).
    pub group: String,
    /// Distinct member organizations over every snapshot.
    pub members: usize,
    /// Centre and radius, in canvas units (0.1 mm) of the figure.
    pub x: f64,
    pub y: f64,
    pub r: f64,
}

/// Where everything goes on a map `width` units wide.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPlan {
    /// Placed PTCEs, drawn in this order (largest first, so that small markers stay visible).
    pub markers: Vec<MapMarker>,
    /// PTCEs without coordinates or outside every frame, sorted by id.
    pub unplaced: Vec<String>,
    /// Bottom of the map frames (where the legend starts).
    pub bottom: f64,
    frames: Vec<Frame>,
}

/// Bounding box of the rings of one department.
fn bbox_of(outline: &DepartmentOutline) -> Option<(f64, f64, f64, f64)> {
    let pts = outline.rings.iter().flatten();
    let mut b = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in pts {
        b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
    }
    (b.0 <= b.2).then(|| {
        let (mx, my) = ((b.2 - b.0) * 0.08 + 0.02, (b.3 - b.1) * 0.08 + 0.02);
        (b.0 - mx, b.1 - my, b.2 + mx, b.3 + my)
    })
}

/// The frames of the map: the mainland on the left, the overseas insets in a column on the
/// right.
fn frames(width: f64, outlines: &[DepartmentOutline]) -> Vec<Frame> {
    let m = f64::from(theme::MARGIN);
    let inset_w = (width * 0.2).round();
    let gap = 12.0;
    let metro_w = width - 2.0 * m - inset_w - gap;
    let (lon0, lat0, lon1, lat1) = METRO;
    let kx = ((lat0 + lat1) / 2.0).to_radians().cos();
    let metro_h = metro_w * (lat1 - lat0) / ((lon1 - lon0) * kx);
    let mut out = vec![Frame::fit(None, METRO, (m, m, m + metro_w, m + metro_h))];
    let box_h = (metro_h - 4.0 * gap) / 5.0;
    let label = line_height(PT_SMALL) + 4.0;
    let x = width - m - inset_w;
    for (k, (code, _, _)) in OVERSEAS.iter().enumerate() {
        let Some(bbox) = outlines
            .iter()
            .find(|o| o.department == *code)
            .and_then(bbox_of)
        else {
            continue;
        };
        let y = m + k as f64 * (box_h + gap);
        let mut f = Frame::fit(
            Some(code),
            bbox,
            (x + 4.0, y + label, x + inset_w - 4.0, y + box_h - 4.0),
        );
        f.rect = (x, y, x + inset_w, y + box_h);
        out.push(f);
    }
    out
}

/// The frame of a point: its overseas inset (by department code), else the mainland if inside.
fn frame_of<'f>(frames: &'f [Frame], department: &str, lon: f64, lat: f64) -> Option<&'f Frame> {
    match frames.iter().find(|f| f.department == Some(department)) {
        Some(f) => f.contains(lon, lat).then_some(f),
        None => frames
            .iter()
            .find(|f| f.department.is_none() && f.contains(lon, lat)),
    }
}

/// Distinct members of each PTCE over every snapshot of `node_metrics`.
pub fn member_counts(tables: &[Table]) -> Result<BTreeMap<String, usize>, ChartError> {
    let mut sets: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if let Some(t) = data::find(tables, "node_metrics") {
        let c = Cols::new(t, "map");
        let (p, o) = (c.text("ptce_id")?, c.text("org_id")?);
        for (p, o) in p.into_iter().zip(o) {
            sets.entry(p).or_default().insert(o);
        }
    }
    Ok(sets.into_iter().map(|(k, v)| (k, v.len())).collect())
}

/// Places every PTCE of `territories` on a map `width` canvas units wide.
///
/// # Arguments
/// * `tables` — `territories` (and `node_metrics` for the sizes); without `territories` the
///   plan is empty.
/// * `width` — canvas width (0.1 mm), as the figure's.
///
/// # Returns
/// The markers (largest first, then by id), the unplaced PTCEs and the frames.
///
/// # Errors
/// [`ChartError::Column`] if a table lacks a documented column; [`ChartError::Draw`] if the
/// shipped outlines cannot be read (a bug).
///
/// # Complexity
/// O(PTCEs · log PTCEs + outline points).
pub fn map_plan(tables: &[Table], width: u32) -> Result<MapPlan, ChartError> {
    let outlines = department_outlines().map_err(|e| ChartError::Draw {
        figure: "map".to_string(),
        message: e.to_string(),
    })?;
    plan_with(tables, width, outlines)
}

fn plan_with(
    tables: &[Table],
    width: u32,
    outlines: &[DepartmentOutline],
) -> Result<MapPlan, ChartError> {
    let frames = frames(f64::from(width), outlines);
    let bottom = frames.iter().map(|f| f.rect.3).fold(0.0, f64::max);
    let members = member_counts(tables)?;
    let max = members.values().copied().max().unwrap_or(1).max(1) as f64;
    let unit = f64::from(width) / 850.0;
    let mut markers = Vec::new();
    let mut unplaced = Vec::new();
    if let Some(t) = data::find(tables, "territories") {
        let c = Cols::new(t, "map");
        let (ids, groups, deps) = (c.text("ptce_id")?, c.text("group")?, c.text("department")?);
        let (lon, lat) = (c.num("lon")?, c.num("lat")?);
        for i in 0..c.height() {
            let placed = lon[i]
                .zip(lat[i])
                .and_then(|(x, y)| frame_of(&frames, &deps[i], x, y).map(|f| f.project(x, y)));
            let Some((x, y)) = placed else {
                unplaced.push(ids[i].clone());
                continue;
            };
            let n = members.get(&ids[i]).copied().unwrap_or(0);
            markers.push(MapMarker {
                ptce: ids[i].clone(),
                group: groups[i].trim().to_lowercase(),
                members: n,
                x: (x * 10.0).round() / 10.0,
                y: (y * 10.0).round() / 10.0,
                r: ((4.0 + 12.0 * (n as f64 / max).sqrt()) * unit * 10.0).round() / 10.0,
            });
        }
    }
    markers.sort_by(|a, b| b.members.cmp(&a.members).then_with(|| a.ptce.cmp(&b.ptce)));
    unplaced.sort();
    Ok(MapPlan {
        markers,
        unplaced,
        bottom,
        frames,
    })
}

/// The sentence listing the PTCEs left off the map (empty when none); at most 40 ids.
pub fn unplaced_note(unplaced: &[String], lang: Lang) -> String {
    if unplaced.is_empty() {
        return String::new();
    }
    let mut ids = unplaced
        .iter()
        .take(40)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if unplaced.len() > 40 {
        ids.push_str(", … (tables/territories.csv)");
    }
    format!(
        "{} ({}){}{ids}",
        lang.pick("PTCE sans coordonnées", "PTCEs without coordinates"),
        unplaced.len(),
        lang.pick("\u{a0}: ", ": ")
    )
}

/// Draws the map.
///
/// # Errors
/// [`ChartError::Column`] if a table lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let outlines = department_outlines().map_err(|e| ChartError::Draw {
        figure: ctx.figure.clone(),
        message: e.to_string(),
    })?;
    let plan = plan_with(tables, ctx.width, outlines)?;
    let lang = ctx.lang;
    let mut groups: Vec<String> = plan.markers.iter().map(|m| m.group.clone()).collect();
    groups.sort();
    groups.dedup();
    data::group_order(&mut groups);
    let items: Vec<(Mark, String)> = draw::group_items(&groups, lang);
    let labels: Vec<String> = items.iter().map(|(_, l)| l.clone()).collect();
    let m = f64::from(theme::MARGIN);
    let w = ctx.w() - 2.0 * m;
    let (_, legend_h) = draw::legend_layout(&labels, w);
    let note = lang.pick(
        "Surface des marqueurs\u{a0}: nombre de membres\u{202F}; position\u{a0}: commune du PTCE (point représentatif, géographie officielle).",
        "Marker area: number of members; position: the PTCE's commune (representative point, official geography).",
    );
    let mut lines = wrap(note, PT_SMALL, w);
    lines.extend(wrap(&unplaced_note(&plan.unplaced, lang), PT_SMALL, w));
    let top = plan.bottom + 15.0;
    let height = top + legend_h + 6.0 + lines.len() as f64 * line_height(PT_SMALL) + m;
    draw::svg(ctx, height, |pen: &mut Pen| {
        for f in &plan.frames {
            outlines_in(pen, f, outlines)?;
            if let Some(code) = f.department {
                let name = OVERSEAS
                    .iter()
                    .find(|o| o.0 == code)
                    .map_or(code, |o| lang.pick(o.1, o.2));
                pen.rect(f.rect, LIGHT.stroke_width(theme::STROKE_THIN))?;
                pen.text(
                    name,
                    f.rect.0 + 4.0,
                    f.rect.1 + 3.0,
                    PT_SMALL,
                    HPos::Left,
                    VPos::Top,
                )?;
            }
        }
        for mk in &plan.markers {
            pen.marker(Shape::Circle, mk.x, mk.y, mk.r, group_style(&mk.group).0)?;
        }
        draw::legend_and_notes(pen, &items, (m, top), w, &lines)
    })
}

/// Department outlines falling in frame `f`, filled light grey with a grey edge.
fn outlines_in(pen: &mut Pen, f: &Frame, outlines: &[DepartmentOutline]) -> Result<(), ChartError> {
    for o in outlines {
        let mine = match f.department {
            Some(code) => o.department == code,
            None => !o.department.starts_with("97"),
        };
        if !mine {
            continue;
        }
        for ring in &o.rings {
            if !ring.iter().any(|&(x, y)| f.contains(x, y)) {
                continue;
            }
            // Whole canvas units (as drawn), repeated points dropped: a smaller SVG.
            let mut pts: Vec<(f64, f64)> = Vec::with_capacity(ring.len());
            for &(x, y) in ring {
                let (px, py) = f.project(x, y);
                let q = (px.round(), py.round());
                if pts.last() != Some(&q) {
                    pts.push(q);
                }
            }
            pen.polygon(&pts, LAND, 1.0)?;
            pen.line(&pts, RGBColor(0xA6, 0xA6, 0xA6), theme::STROKE_THIN)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `territories` row: id, group, department, lon, lat.
    type Row<'a> = (&'a str, &'a str, &'a str, Option<f64>, Option<f64>);

    fn territories(rows: &[Row<'_>]) -> Table {
        Table::new("territories")
            .str("ptce_id", rows.iter().map(|r| Some(r.0)))
            .str("group", rows.iter().map(|r| Some(r.1)))
            .str("department", rows.iter().map(|r| Some(r.2)))
            .float("lon", rows.iter().map(|r| r.3))
            .float("lat", rows.iter().map(|r| r.4))
    }

    /// Paris is north of Marseille and west of Strasbourg; Saint-Denis de La Réunion goes to
    /// its inset (right column); a PTCE without coordinates or in Saint-Pierre-et-Miquelon
    /// (no inset) is listed, not dropped.
    #[test]
    fn places_points_in_their_frames_and_lists_the_others() {
        let t = territories(&[
            ("paris", "urban", "75", Some(2.3522), Some(48.8566)),
            ("marseille", "urban", "13", Some(5.3698), Some(43.2965)),
            ("strasbourg", "urban", "67", Some(7.7521), Some(48.5734)),
            ("reunion", "rural", "974", Some(55.4504), Some(-20.8789)),
            ("none", "rural", "07", None, None),
            ("spm", "rural", "975", Some(-56.17), Some(46.78)),
        ]);
        let plan = map_plan(&[t], 850).unwrap();
        let at = |id: &str| plan.markers.iter().find(|m| m.ptce == id).unwrap();
        assert!(at("paris").y < at("marseille").y);
        assert!(at("paris").x < at("strasbourg").x);
        assert!(at("reunion").x > 850.0 * 0.75, "{:?}", at("reunion"));
        assert_eq!(plan.unplaced, vec!["none".to_string(), "spm".to_string()]);
        // Paris: 2.3522 E on a frame from 5.3 W with cos(46.225°) per degree of longitude,
        // and 51.15 − 48.8566 degrees below the top (hand computation).
        let f = &plan.frames[0];
        let kx = 46.225_f64.to_radians().cos();
        let x = f.x0 + (2.3522 + 5.3) * kx * f.scale;
        let y = f.y0 + (51.15 - 48.8566) * f.scale;
        assert!((at("paris").x - x).abs() <= 0.05 && (at("paris").y - y).abs() <= 0.05);
        assert_eq!(plan.frames.len(), 6, "mainland and five insets");
    }
}
