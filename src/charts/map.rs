//! `map`: every PTCE at its commune (the representative point of the shipped official
//! geography, `territories.lon` / `territories.lat`) on the department outlines of
//! metropolitan France, with one inset per overseas department (Guadeloupe, Martinique,
//! Guyane, La Réunion, Mayotte); coloured by territory group, area by number of members. PTCEs
//! without coordinates (or outside every frame) are listed under the map, never dropped.
//! Sources: `territories` (ptce_id, group, department, lon, lat), `node_metrics` (ptce_id,
//! org_id: members counted over every snapshot).
//!
//! Background (when the study declares a density grid, `tables/territory_grid.csv`): the map is
//! cut into square cells of [`CELL`] canvas units (≈ 0.07° of latitude on the mainland); each
//! cell takes the class of the grid commune whose point is nearest to the cell's centre, among
//! the communes within 1.5 equivalent radii (√(area/π); at least 0.75 cell) of it, so that a commune paints about
//! its own area and an extract of the grid paints only where it has communes. Cells are drawn in
//! light tints of the groups' colours, runs of one class in a row merged into one rectangle.
//!
//! Projection: equirectangular, longitudes shrunk by the cosine of the frame's mid-latitude
//! (46.5° N for the mainland): at this scale the error against Lambert-93 is under 2 %, and the
//! figure needs no projection library. The same [`map_plan`] places the report's interactive
//! markers exactly on the figure's.

use super::data::{self, Cols};
use super::draw::{self, line_height, wrap, Ctx, Mark, Pen};
use super::i18n::group_label;
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

/// Side of a background cell, in canvas units at the reference width of 850.
const CELL: f64 = 4.0;

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
    /// Background cells of the density grid's classes (empty without `territory_grid`).
    pub background: Vec<BackgroundRun>,
    frames: Vec<Frame>,
}

/// Adjacent background cells of one class in one row: a rectangle in canvas units.
#[derive(Debug, Clone, PartialEq)]
pub struct BackgroundRun {
    /// Class of the grid (`urban`, `rural`, a DENS_AAV category).
    pub class: String,
    /// x0, y0, x1, y1.
    pub rect: (f64, f64, f64, f64),
}

/// The light tint of a background class (`None`: a class the map does not draw).
pub fn background_tint(class: &str) -> Option<RGBColor> {
    let (RGBColor(r, g, b), alpha) = match class {
        "urban" => (theme::okabe_ito::BLUE, 0.22),
        "rural" => (theme::okabe_ito::VERMILLION, 0.22),
        "urban_dense" => (theme::okabe_ito::BLUE, 0.32),
        "urban_intermediate" => (theme::okabe_ito::BLUE, 0.16),
        "rural_periurban" => (theme::okabe_ito::VERMILLION, 0.16),
        "rural_non_periurban" => (theme::okabe_ito::VERMILLION, 0.32),
        _ => return None,
    };
    let mix = |c: u8| (f64::from(c) * alpha + 255.0 * (1.0 - alpha)).round() as u8;
    Some(RGBColor(mix(r), mix(g), mix(b)))
}

/// The background cells of `territory_grid` on `frames` (see the module's documentation).
///
/// # Complexity
/// O(c · k) for c grid communes each covering k cells (about 1 on the mainland).
fn background(
    tables: &[Table],
    frames: &[Frame],
    width: f64,
) -> Result<Vec<BackgroundRun>, ChartError> {
    let Some(t) = data::find(tables, "territory_grid") else {
        return Ok(Vec::new());
    };
    let c = Cols::new(t, "map");
    let (classes, deps) = (c.text("class")?, c.text("department")?);
    let (lon, lat, area) = (c.num("lon")?, c.num("lat")?, c.num("area_km2")?);
    let cell = CELL * width / 850.0;
    // Per (frame, row, column): the squared distance of the nearest commune and its index.
    let mut best: BTreeMap<(usize, i64, i64), (f64, usize)> = BTreeMap::new();
    for i in 0..c.height() {
        let (Some(x), Some(y)) = (lon[i], lat[i]) else {
            continue;
        };
        if background_tint(&classes[i]).is_none() {
            continue;
        }
        let Some(f) = frame_of(frames, &deps[i], x, y) else {
            continue;
        };
        let k = frames.iter().position(|g| std::ptr::eq(g, f)).unwrap_or(0);
        let (px, py) = f.project(x, y);
        // 1.5 equivalent radii, km → degrees of latitude (111.2 km) → canvas units.
        let km = 1.5 * (area[i].unwrap_or(0.0).max(0.0) / std::f64::consts::PI).sqrt();
        // At least 0.75 cell (> √2 / 2): a commune always paints the cell its point is in.
        let reach = (km / 111.2 * f.scale).max(cell * 0.75);
        let (c0, c1) = (
            ((px - reach - f.x0) / cell).floor() as i64,
            ((px + reach - f.x0) / cell).floor() as i64,
        );
        let (r0, r1) = (
            ((py - reach - f.y0) / cell).floor() as i64,
            ((py + reach - f.y0) / cell).floor() as i64,
        );
        for row in r0..=r1 {
            for col in c0..=c1 {
                let cx = f.x0 + (col as f64 + 0.5) * cell;
                let cy = f.y0 + (row as f64 + 0.5) * cell;
                let d = (cx - px).powi(2) + (cy - py).powi(2);
                let inside =
                    |(a, b, c, d): (f64, f64, f64, f64)| cx >= a && cx <= c && cy >= b && cy <= d;
                if d > reach * reach || !inside(f.rect) && f.department.is_some() {
                    continue;
                }
                let e = best.entry((k, row, col)).or_insert((f64::INFINITY, i));
                if d < e.0 {
                    *e = (d, i);
                }
            }
        }
    }
    // Runs of one class along each row (keys are sorted by frame, row, column).
    let mut runs: Vec<BackgroundRun> = Vec::new();
    let mut last: Option<(usize, i64, i64)> = None;
    for (&(k, row, col), &(_, i)) in &best {
        let f = &frames[k];
        let (x0, y0) = (f.x0 + col as f64 * cell, f.y0 + row as f64 * cell);
        let extends =
            last == Some((k, row, col - 1)) && runs.last().is_some_and(|r| r.class == classes[i]);
        match runs.last_mut() {
            Some(r) if extends => r.rect.2 = x0 + cell,
            _ => runs.push(BackgroundRun {
                class: classes[i].clone(),
                rect: (x0, y0, x0 + cell, y0 + cell),
            }),
        }
        last = Some((k, row, col));
    }
    for r in &mut runs {
        let q = |v: f64| (v * 10.0).round() / 10.0;
        r.rect = (q(r.rect.0), q(r.rect.1), q(r.rect.2), q(r.rect.3));
    }
    Ok(runs)
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
    let background = background(tables, &frames, f64::from(width))?;
    Ok(MapPlan {
        markers,
        unplaced,
        bottom,
        background,
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
    let mut items: Vec<(Mark, String)> = draw::group_items(&groups, lang);
    let mut classes: Vec<String> = plan.background.iter().map(|r| r.class.clone()).collect();
    classes.sort();
    classes.dedup();
    data::group_order(&mut classes);
    for class in &classes {
        if let Some(tint) = background_tint(class) {
            let label = format!(
                "{}{}",
                group_label(class, lang),
                lang.pick(" (fond, grille)", " (background, grid)")
            );
            items.push((Mark::Swatch(tint), label));
        }
    }
    let labels: Vec<String> = items.iter().map(|(_, l)| l.clone()).collect();
    let m = f64::from(theme::MARGIN);
    let w = ctx.w() - 2.0 * m;
    let (_, legend_h) = draw::legend_layout(&labels, w);
    let note = lang.pick(
        "Surface des marqueurs\u{a0}: nombre de membres\u{202F}; position\u{a0}: commune du PTCE (point représentatif, géographie officielle).",
        "Marker area: number of members; position: the PTCE's commune (representative point, official geography).",
    );
    let mut lines = wrap(note, PT_SMALL, w);
    if !plan.background.is_empty() {
        let grid = lang.pick(
            "Fond\u{a0}: classe des communes dans la grille de densité déclarée (tables/territory_grid.csv)\u{202F}; chaque case prend celle de la commune la plus proche de son centre.",
            "Background: class of the communes in the declared density grid (tables/territory_grid.csv); each cell takes that of the commune nearest its centre.",
        );
        lines.extend(wrap(grid, PT_SMALL, w));
    }
    lines.extend(wrap(&unplaced_note(&plan.unplaced, lang), PT_SMALL, w));
    let top = plan.bottom + 15.0;
    let height = top + legend_h + 6.0 + lines.len() as f64 * line_height(PT_SMALL) + m;
    draw::svg(ctx, height, |pen: &mut Pen| {
        for f in &plan.frames {
            outlines_in(pen, f, outlines, true)?;
        }
        for run in &plan.background {
            if let Some(tint) = background_tint(&run.class) {
                // Half a unit of overlap: no anti-aliased seam between rows.
                let (x0, y0, x1, y1) = run.rect;
                pen.rect((x0, y0, x1 + 0.5, y1 + 0.5), tint.filled())?;
            }
        }
        for f in &plan.frames {
            outlines_in(pen, f, outlines, false)?;
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

/// Department outlines falling in frame `f`: filled light grey (`fill`), else their grey edge.
fn outlines_in(
    pen: &mut Pen,
    f: &Frame,
    outlines: &[DepartmentOutline],
    fill: bool,
) -> Result<(), ChartError> {
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
            if fill {
                pen.polygon(&pts, LAND, 1.0)?;
            } else {
                pen.line(&pts, RGBColor(0xA6, 0xA6, 0xA6), theme::STROKE_THIN)?;
            }
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

    /// A `territory_grid` row: code, class, department, lon, lat, area.
    type GridRow<'a> = (&'a str, &'a str, &'a str, f64, f64, f64);

    fn grid(rows: &[GridRow<'_>]) -> Table {
        Table::new("territory_grid")
            .str("commune_code", rows.iter().map(|r| Some(r.0)))
            .str("class", rows.iter().map(|r| Some(r.1)))
            .str("department", rows.iter().map(|r| Some(r.2)))
            .float("lon", rows.iter().map(|r| Some(r.3)))
            .float("lat", rows.iter().map(|r| Some(r.4)))
            .float("area_km2", rows.iter().map(|r| Some(r.5)))
    }

    /// Every cell of the background, from its runs: (frame index, row, column) → class.
    fn cells(plan: &MapPlan, cell: f64) -> BTreeMap<(usize, i64, i64), String> {
        let mut out = BTreeMap::new();
        for run in &plan.background {
            let (x0, y0, x1, _) = run.rect;
            let k = plan
                .frames
                .iter()
                .position(|f| {
                    let (a, b, c, d) = f.rect;
                    x0 >= a - cell && x0 <= c && y0 >= b - cell && y0 <= d
                })
                .unwrap();
            let f = &plan.frames[k];
            let row = ((y0 - f.y0) / cell).round() as i64;
            let (c0, c1) = (
                ((x0 - f.x0) / cell).round() as i64,
                ((x1 - f.x0) / cell).round() as i64,
            );
            for col in c0..c1 {
                assert!(out.insert((k, row, col), run.class.clone()).is_none());
            }
        }
        out
    }

    /// Against a brute-force oracle: each painted cell has the class of the commune nearest its
    /// centre among those whose reach (1.5 equivalent radii, at least 0.75 cell) covers it, and
    /// every cell some commune reaches is painted; a tiny commune paints the cell of its point;
    /// a commune of 400 km² paints about π (1.5 · √(400/π))² km² of cells; runs are maximal.
    #[test]
    fn background_cells_take_the_class_of_the_nearest_commune_in_reach() {
        let rows = [
            ("A", "urban", "75", 2.35, 48.86, 105.4),
            ("B", "rural", "77", 2.60, 48.80, 400.0),
            ("C", "rural", "07", 4.50, 44.80, 0.0),
            ("D", "urban", "974", 55.45, -20.88, 142.2),
            ("E", "custom", "07", 4.90, 44.80, 50.0),
        ];
        let plan = map_plan(&[grid(&rows)], 850).unwrap();
        let cell = CELL;
        let painted = cells(&plan, cell);
        let frame_index = |dep: &str, lon: f64, lat: f64| {
            let f = frame_of(&plan.frames, dep, lon, lat).unwrap();
            plan.frames.iter().position(|g| std::ptr::eq(g, f)).unwrap()
        };
        // The oracle: every commune against every cell near it.
        let mut expect: BTreeMap<(usize, i64, i64), (f64, &str)> = BTreeMap::new();
        for &(_, class, dep, lon, lat, area) in &rows {
            if class == "custom" {
                continue; // a class without a tint is not drawn
            }
            let k = frame_index(dep, lon, lat);
            let f = &plan.frames[k];
            let (px, py) = f.project(lon, lat);
            let reach =
                (1.5 * (area / std::f64::consts::PI).sqrt() / 111.2 * f.scale).max(0.75 * cell);
            for row in -200..400 {
                for col in -200..400 {
                    let cx = f.x0 + (f64::from(col) + 0.5) * cell;
                    let cy = f.y0 + (f64::from(row) + 0.5) * cell;
                    let d = (cx - px).hypot(cy - py);
                    if d <= reach {
                        let e = expect
                            .entry((k, row.into(), col.into()))
                            .or_insert((d, class));
                        if d < e.0 {
                            *e = (d, class);
                        }
                    }
                }
            }
        }
        let expect: BTreeMap<_, String> = expect
            .into_iter()
            .map(|(k, (_, c))| (k, c.to_string()))
            .collect();
        assert_eq!(painted, expect);
        // C (no area) paints the cell its point is in.
        let f = &plan.frames[0];
        let (px, py) = f.project(4.50, 44.80);
        let home = (
            0,
            ((py - f.y0) / cell).floor() as i64,
            ((px - f.x0) / cell).floor() as i64,
        );
        assert_eq!(painted.get(&home).map(String::as_str), Some("rural"));
        // B: 1.5 · √(400/π) = 16.93 km of reach, i.e. ≈ 900 km², ≈ 900 / (cell in km)² cells.
        let km = cell / f.scale * 111.2;
        let b = painted
            .iter()
            .filter(|(k, c)| k.0 == 0 && c.as_str() == "rural")
            .count();
        let disc = std::f64::consts::PI * (1.5f64 * (400.0 / std::f64::consts::PI).sqrt()).powi(2);
        assert!(
            (b as f64 * km * km - disc).abs() < 0.25 * disc,
            "{b} cells of {km} km"
        );
        // D lands in La Réunion's inset.
        assert!(painted
            .keys()
            .any(|k| plan.frames[k.0].department == Some("974")));
        // Runs are maximal: no two runs of one class touch in a row.
        for w in plan.background.windows(2) {
            let touch = (w[0].rect.2 - w[1].rect.0).abs() < 1e-6 && w[0].rect.1 == w[1].rect.1;
            assert!(!(touch && w[0].class == w[1].class), "{w:?}");
        }
        // Without the table, no background.
        assert!(map_plan(&[], 850).unwrap().background.is_empty());
    }
}
