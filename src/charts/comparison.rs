//! `comparison`: one strip plot per compared measure (row of `comparison`): each PTCE's value in
//! group a and group b (values read from `network_metrics`, `diversity` or `stages`, groups from
//! `territories`), the group medians as bars, and the adjusted p-value and Cliff's delta written
//! beside. Stage durations show every PTCE that entered the stage, those still in it at the
//! reference date (censored) as open rings, with the log-rank or Gray's test of the row and the
//! Kaplan–Meier medians. Source: `comparison` (measure, population, dimension, snapshot, group_a,
//! group_b, median_a, median_b, p_adjusted, cliffs_delta, magnitude, test).

use super::axes::{self, nice_ticks, Scale};
use super::data::{self, Cols};
use super::draw::{self, legend, line_height, Ctx, Mark, Pen};
use super::i18n::{
    format_number, format_p, format_tick, group_label, measure_label, stage_label, Lang,
};
use super::theme::{self, group_style, text_width, Shape, INK, LIGHT, PT_SMALL, PT_TEXT};
use super::{ChartError, Drawn};
use crate::table::Table;
use plotters::style::text_anchor::{HPos, VPos};

/// The per-PTCE values of `measure` at `snapshot`, by group, each with whether it is censored
/// (a stage duration of a PTCE still in the stage at the reference date).
fn values(tables: &[Table], row: &Row, group: &str) -> Vec<(f64, bool)> {
    let groups = data::ptce_groups(tables);
    let in_group = |id: &str| groups.get(id).map(|g| g == group).unwrap_or(false);
    if row.measure == "duration_days" {
        let Some(t) = data::find(tables, "stages") else {
            return Vec::new();
        };
        let c = Cols::new(t, "comparison");
        let cols = (
            c.text("ptce_id"),
            c.text("stage"),
            c.text("status"),
            c.num("duration_days"),
        );
        let (Ok(ids), Ok(st), Ok(status), Ok(d)) = cols else {
            return Vec::new();
        };
        // Every PTCE that entered the stage, as the comparison tests them (`ongoing` = censored).
        return (0..c.height())
            .filter(|&i| {
                st[i] == row.snapshot
                    && (status[i] == "completed" || status[i] == "ongoing")
                    && in_group(&ids[i])
            })
            .filter_map(|i| Some((d[i]?, status[i] == "ongoing")))
            .collect();
    }
    if let Some(t) = data::find(tables, "network_metrics") {
        let c = Cols::new(t, "comparison");
        if let (Ok(ids), Ok(snaps), Some(v)) = (
            c.text("ptce_id"),
            c.text("snapshot"),
            c.num_opt(&row.measure),
        ) {
            return (0..c.height())
                .filter(|&i| snaps[i] == row.snapshot && in_group(&ids[i]))
                .filter_map(|i| Some((v[i]?, false)))
                .collect();
        }
    }
    if let Some(t) = data::find(tables, "diversity") {
        let c = Cols::new(t, "comparison");
        let cols = (
            c.text("ptce_id"),
            c.text("snapshot"),
            c.text("index"),
            c.num("value"),
            c.text("population"),
            c.text("dimension"),
        );
        if let (Ok(ids), Ok(snaps), Ok(idx), Ok(v), Ok(pop), Ok(dim)) = cols {
            return (0..c.height())
                .filter(|&i| {
                    snaps[i] == row.snapshot
                        && idx[i] == row.measure
                        && (row.population.is_empty() || pop[i] == row.population)
                        && (row.dimension.is_empty() || dim[i] == row.dimension)
                        && in_group(&ids[i])
                })
                .filter_map(|i| Some((v[i]?, false)))
                .collect();
        }
    }
    Vec::new()
}

/// The measures shown when the table has them (the full table has every measure × snapshot ×
/// population × dimension, hundreds of rows): (measure, population, dimension, snapshot).
const SHOWN: &[(&str, &str, &str, &str)] = &[
    ("n_nodes", "", "", "all"),
    ("density", "", "", "all"),
    ("degree_centralization", "", "", "all"),
    ("betweenness_centralization", "", "", "all"),
    ("transitivity", "", "", "all"),
    ("hill_1", "members", "actor_type", "all"),
    ("hill_1", "activities", "sector", "all"),
    ("duration_days", "", "", "S1"),
    ("duration_days", "", "", "S2"),
];

/// Keeps the rows of [`SHOWN`] (in that order) when there are any, else every row.
fn select(rows: Vec<Row>) -> Vec<Row> {
    let pos = |r: &Row| {
        SHOWN.iter().position(|(m, p, d, s)| {
            r.measure == *m && r.population == *p && r.dimension == *d && r.snapshot == *s
        })
    };
    if !rows.iter().any(|r| pos(r).is_some()) {
        return rows;
    }
    let mut kept: Vec<(usize, Row)> = rows
        .into_iter()
        .filter_map(|r| pos(&r).map(|k| (k, r)))
        .collect();
    kept.sort_by_key(|(k, _)| *k);
    kept.into_iter().map(|(_, r)| r).collect()
}

struct Row {
    measure: String,
    population: String,
    dimension: String,
    snapshot: String,
    groups: [String; 2],
    medians: [Option<f64>; 2],
    p_adj: Option<f64>,
    delta: Option<f64>,
    magnitude: String,
    /// `mann_whitney`, `log_rank` or `gray` (empty in a table written before the column).
    test: String,
}

fn magnitude_label(m: &str, lang: Lang) -> String {
    let fr = match m {
        "negligible" => "négligeable",
        "small" => "faible",
        "medium" => "moyen",
        "large" => "fort",
        other => other,
    };
    lang.pick(fr, m).to_string()
}

/// The test line of a panel: adjusted p and Cliff's delta, or for a stage duration the
/// censoring-aware test's p (log-rank or Gray's).
fn stat_line(row: &Row, lang: Lang) -> String {
    let p_adj = |p: f64| format_p(p, lang).replacen('p', lang.pick("p ajusté", "adj. p"), 1);
    let test = match row.test.as_str() {
        "log_rank" => Some(lang.pick("log-rank", "log-rank")),
        "gray" => Some(lang.pick("test de Gray", "Gray's test")),
        _ => None,
    };
    if let Some(test) = test {
        return match row.p_adj {
            Some(p) => format!("{test} · {}", p_adj(p)),
            None => format!("{test} · {}", lang.pick("non testé", "not tested")),
        };
    }
    format!(
        "{} · δ = {}{}",
        row.p_adj
            .map(p_adj)
            .unwrap_or_else(|| lang.pick("non testé", "not tested").into()),
        row.delta
            .map(|d| format_number(d, 2, lang))
            .unwrap_or_else(|| "–".into()),
        if row.magnitude.is_empty() {
            String::new()
        } else {
            format!(" ({})", magnitude_label(&row.magnitude, lang))
        },
    )
}

/// An open marker (a ring in the group's colour): a censored duration.
fn ring(
    pen: &mut Pen,
    x: f64,
    y: f64,
    r: f64,
    col: plotters::style::RGBColor,
) -> Result<(), ChartError> {
    let pts: Vec<(f64, f64)> = (0..=24)
        .map(|k| {
            let a = std::f64::consts::TAU * f64::from(k) / 24.0;
            (x + r * a.cos(), y + r * a.sin())
        })
        .collect();
    pen.line(&pts, col, theme::STROKE_LINE)
}

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `comparison` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let Some(t) = data::find(tables, "comparison") else {
        return draw::svg(ctx, 100.0, |_| Ok(()));
    };
    let c = Cols::new(t, &ctx.figure);
    let (m, pop, dim, snap, ga, gb) = (
        c.text("measure")?,
        c.text("population")?,
        c.text("dimension")?,
        c.text("snapshot")?,
        c.text("group_a")?,
        c.text("group_b")?,
    );
    let (ma, mb, padj, delta, mag) = (
        c.num("median_a")?,
        c.num("median_b")?,
        c.num("p_adjusted")?,
        c.num("cliffs_delta")?,
        c.text("magnitude")?,
    );
    // `test` came with the censoring-aware duration rows (issue 17); older tables lack it.
    let test = c
        .text("test")
        .unwrap_or_else(|_| vec![String::new(); c.height()]);
    let rows: Vec<Row> = (0..c.height())
        .map(|i| Row {
            measure: m[i].clone(),
            population: pop[i].clone(),
            dimension: dim[i].clone(),
            snapshot: snap[i].clone(),
            groups: [ga[i].trim().to_lowercase(), gb[i].trim().to_lowercase()],
            medians: [ma[i], mb[i]],
            p_adj: padj[i],
            delta: delta[i],
            magnitude: mag[i].clone(),
            test: test[i].clone(),
        })
        .collect();
    let rows = select(rows);
    let lang = ctx.lang;
    let strip = 34.0;
    let title_h = line_height(PT_TEXT) + line_height(PT_SMALL) + 6.0;
    let panel_h = title_h + 2.0 * strip + axes::bottom_room(false) + 18.0;
    let mut gnames: Vec<String> = rows.iter().flat_map(|r| r.groups.clone()).collect();
    data::group_order(&mut gnames);
    let label_w = gnames
        .iter()
        .map(|g| text_width(&group_label(g, lang), PT_SMALL))
        .fold(0.0, f64::max)
        + 20.0;
    // One column of panels on a single-column figure, two otherwise.
    let cols = if ctx.width >= 1200 { 2 } else { 1 };
    let gap = 40.0;
    let pw = (ctx.w() - 2.0 * theme::MARGIN as f64 - gap * (cols as f64 - 1.0)) / cols as f64;
    let nrows = rows.len().div_ceil(cols);
    let items: Vec<(Mark, String)> = gnames
        .iter()
        .map(|g| {
            (
                Mark::Marker(Shape::Circle, group_style(g).0),
                group_label(g, lang),
            )
        })
        .chain(std::iter::once((
            Mark::Bar,
            lang.pick("médiane", "median").to_string(),
        )))
        .chain(
            rows.iter()
                .any(|r| r.test == "log_rank" || r.test == "gray")
                .then(|| {
                    (
                        Mark::Ring,
                        lang.pick(
                            "encore dans l’étape (censuré)",
                            "still in the stage (censored)",
                        )
                        .to_string(),
                    )
                }),
        )
        .collect();
    let labels: Vec<String> = items.iter().map(|(_, l)| l.clone()).collect();
    let (_, legend_h) = draw::legend_layout(&labels, ctx.w() - 2.0 * theme::MARGIN as f64);
    let height = theme::MARGIN as f64 * 2.0 + panel_h * nrows as f64 + legend_h;

    draw::svg(ctx, height, |pen: &mut Pen| {
        for (k, row) in rows.iter().enumerate() {
            let left = theme::MARGIN as f64 + (k % cols) as f64 * (pw + gap);
            let y = theme::MARGIN as f64 + (k / cols) as f64 * panel_h;
            let (x0, x1) = (left + label_w, left + pw - 20.0);
            let vals = [
                values(tables, row, &row.groups[0]),
                values(tables, row, &row.groups[1]),
            ];
            let all: Vec<f64> = vals
                .iter()
                .flatten()
                .map(|v| v.0)
                .chain(row.medians.iter().flatten().copied())
                .collect();
            let lo = all.iter().copied().fold(f64::MAX, f64::min).min(0.0);
            let hi = all.iter().copied().fold(f64::MIN, f64::max).max(lo + 1e-9);
            let (ticks, step, tlo, thi) = nice_ticks(lo, hi, 6);
            let xs = Scale::new(tlo, thi, x0, x1);
            let what = match (row.population.as_str(), row.dimension.as_str()) {
                ("members", "actor_type") => lang.pick(", membres par type", ", members by type"),
                ("activities", "sector") => {
                    lang.pick(", activités par secteur", ", activities by sector")
                }
                _ => "",
            };
            let title = format!(
                "{}{what} ({})",
                measure_label(&row.measure, lang),
                if row.snapshot == "all" {
                    stage_label("all", lang)
                } else {
                    row.snapshot.clone()
                }
            );
            pen.text(&title, left, y, PT_TEXT, HPos::Left, VPos::Top)?;
            let stat = stat_line(row, lang);
            pen.text(
                &stat,
                left,
                y + line_height(PT_TEXT) + 2.0,
                PT_SMALL,
                HPos::Left,
                VPos::Top,
            )?;
            let sy = y + title_h;
            for (k, g) in row.groups.iter().enumerate() {
                let cy = sy + strip * (k as f64 + 0.5);
                pen.line(&[(x0, cy), (x1, cy)], LIGHT, theme::STROKE_THIN)?;
                pen.text(
                    &group_label(g, lang),
                    x0 - 12.0,
                    cy,
                    PT_SMALL,
                    HPos::Right,
                    VPos::Center,
                )?;
                let (col, _) = group_style(g);
                // Smaller markers when there are many PTCEs.
                let r = if vals[k].len() > 15 { 5.5 } else { 7.0 };
                let mut sorted = vals[k].clone();
                sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                // At most 1,000 evenly spaced order statistics per group (the median mark is
                // computed on every value), as in the centrality figure.
                let order: Vec<f64> = (0..sorted.len()).map(|i| i as f64).collect();
                for (j, i) in super::centrality::thinned(&order).iter().enumerate() {
                    let (v, censored) = sorted[*i as usize];
                    // Deterministic vertical offsets instead of random jitter.
                    let dy = [0.0, -8.0, 8.0, -4.0, 4.0][j % 5];
                    if censored {
                        ring(pen, xs.at(v), cy + dy, r, col)?;
                    } else {
                        pen.marker(Shape::Circle, xs.at(v), cy + dy, r, col)?;
                    }
                }
                if let Some(med) = row.medians[k] {
                    let x = xs.at(med);
                    pen.line(&[(x, cy - 14.0), (x, cy + 14.0)], INK, theme::STROKE_LINE)?;
                }
            }
            let ay = sy + 2.0 * strip;
            pen.line(&[(x0, ay), (x1, ay)], INK, theme::STROKE_AXIS)?;
            for t in &ticks {
                let x = xs.at(*t);
                pen.line(&[(x, ay), (x, ay + 6.0)], INK, theme::STROKE_AXIS)?;
                pen.text(
                    &format_tick(*t, step, lang),
                    x,
                    ay + 9.0,
                    PT_SMALL,
                    HPos::Center,
                    VPos::Top,
                )?;
            }
        }
        legend(
            pen,
            &items,
            theme::MARGIN as f64,
            theme::MARGIN as f64 + panel_h * nrows as f64,
            ctx.w() - 2.0 * theme::MARGIN as f64,
        )?;
        Ok(())
    })
}
