//! `centrality`: (a) betweenness of every organization (snapshot `all`) by actor type, as a strip
//! plot with the median marked; (b) the brokerage roles of Gould & Fernandez (1989) summed by
//! actor type, as stacked horizontal bars. Source: `node_metrics` (snapshot, actor_type,
//! betweenness, brokerage_coordinator, brokerage_itinerant, brokerage_gatekeeper,
//! brokerage_representative, brokerage_liaison; absent role columns are left out).

use super::axes::{self, nice_ticks, Scale};
use super::data::{self, quartiles, Cols};
use super::draw::{self, legend, line_height, Ctx, Mark, Pen};
use super::i18n::{actor_label, format_tick, measure_label};
use super::theme::{self, actor_style_str, okabe_ito as oi, text_width, INK, LIGHT};
use super::theme::{PT_SMALL, PT_TEXT};
use super::{ChartError, Drawn};
use crate::model::ActorType;
use crate::table::Table;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::Color;

const ROLES: [&str; 5] = [
    "brokerage_coordinator",
    "brokerage_itinerant",
    "brokerage_gatekeeper",
    "brokerage_representative",
    "brokerage_liaison",
];

/// Most points drawn per actor type: a national-scale study has hundreds of thousands of
/// organizations, which would only smear the strip (and weigh tens of MB of SVG).
pub const MAX_POINTS: usize = 1_000;

/// The points drawn of sorted values: all of them up to [`MAX_POINTS`], else `MAX_POINTS`
/// evenly spaced order statistics, the minimum and maximum included.
pub(super) fn thinned(sorted: &[f64]) -> Vec<f64> {
    let n = sorted.len();
    if n <= MAX_POINTS {
        return sorted.to_vec();
    }
    (0..MAX_POINTS)
        .map(|i| sorted[i * (n - 1) / (MAX_POINTS - 1)])
        .collect()
}

/// Draws an x axis at `y` with its ticks, labels and title.
#[allow(clippy::too_many_arguments)]
fn x_axis(
    pen: &mut Pen,
    xs: &Scale,
    ticks: &[f64],
    step: f64,
    y: f64,
    title: &str,
    lang: super::Lang,
) -> Result<(), ChartError> {
    pen.line(&[(xs.a, y), (xs.b, y)], INK, theme::STROKE_AXIS)?;
    for (i, t) in ticks.iter().enumerate() {
        let x = xs.at(*t);
        pen.line(&[(x, y), (x, y + 8.0)], INK, theme::STROKE_AXIS)?;
        let l = format_tick(*t, step, lang);
        // A wide last label (counts in the millions) ends at its tick instead of leaving the
        // canvas, which keeps only the margin and 20 px right of the axis.
        let wide_end =
            i + 1 == ticks.len() && text_width(&l, PT_SMALL) / 2.0 > theme::MARGIN as f64;
        let anchor = if wide_end { HPos::Right } else { HPos::Center };
        pen.text(&l, x, y + 12.0, PT_SMALL, anchor, VPos::Top)?;
    }
    let ty = y + 16.0 + line_height(PT_SMALL);
    pen.text(
        title,
        (xs.a + xs.b) / 2.0,
        ty,
        PT_TEXT,
        HPos::Center,
        VPos::Top,
    )
}

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `node_metrics` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let lang = ctx.lang;
    let Some(t) = data::find(tables, "node_metrics") else {
        return draw::svg(ctx, 100.0, |_| Ok(()));
    };
    let c = Cols::new(t, &ctx.figure);
    let (snap, at, b) = (
        c.text("snapshot")?,
        c.text("actor_type")?,
        c.num("betweenness")?,
    );
    let use_all = snap.iter().any(|s| s == "all");
    let rows: Vec<usize> = (0..c.height())
        .filter(|&i| !use_all || snap[i] == "all")
        .collect();
    let mut types = data::distinct(&rows.iter().map(|&i| at[i].clone()).collect::<Vec<_>>());
    types.sort_by_key(|t| ActorType::parse(t).map(|a| a.index()).unwrap_or(99));
    let of_type = |ty: &str, v: &[Option<f64>]| -> Vec<f64> {
        rows.iter()
            .filter(|&&i| at[i] == ty)
            .filter_map(|&i| v[i])
            .collect()
    };
    let vals: Vec<Vec<f64>> = types.iter().map(|ty| of_type(ty, &b)).collect();
    let roles: Vec<(&str, Vec<Option<f64>>)> = ROLES
        .iter()
        .filter_map(|r| c.num_opt(r).map(|v| (*r, v)))
        .collect();
    let role_sums: Vec<Vec<f64>> = types
        .iter()
        .map(|ty| {
            roles
                .iter()
                .map(|(_, v)| of_type(ty, v).iter().sum())
                .collect()
        })
        .collect();
    let role_colours = [
        oi::BLUE,
        oi::ORANGE,
        oi::BLUISH_GREEN,
        oi::VERMILLION,
        oi::REDDISH_PURPLE,
    ];

    let label_w = types
        .iter()
        .map(|t| text_width(&actor_label(t, lang), PT_SMALL))
        .fold(0.0, f64::max)
        + 20.0;
    let m = theme::MARGIN as f64;
    let x0 = m + label_w;
    let x1 = ctx.w() - m - 20.0;
    let strip = 32.0;
    let head = line_height(PT_TEXT) + 8.0;
    let axis_room = axes::bottom_room(true) + 20.0;
    let top_a = m + head;
    let axis_a = top_a + strip * types.len() as f64;
    let top_b = axis_a + axis_room + head;
    let axis_b = top_b + strip * types.len() as f64;
    let items: Vec<(Mark, String)> = roles
        .iter()
        .enumerate()
        .map(|(k, (r, _))| (Mark::Swatch(role_colours[k % 5]), measure_label(r, lang)))
        .collect();
    let labels: Vec<String> = items.iter().map(|(_, l)| l.clone()).collect();
    let (_, legend_h) = draw::legend_layout(&labels, ctx.w() - 2.0 * m);
    let height = if roles.is_empty() {
        axis_a + axis_room + m
    } else {
        axis_b + axis_room + legend_h + m
    };
    let (ticks, step, tlo, thi) =
        nice_ticks(0.0, vals.iter().flatten().copied().fold(1e-9, f64::max), 6);
    let xs = Scale::new(tlo, thi, x0, x1);
    let bmax = role_sums
        .iter()
        .map(|r| r.iter().sum::<f64>())
        .fold(1.0, f64::max);
    let (bticks, bstep, blo, bhi) = nice_ticks(0.0, bmax, 6);
    let bs = Scale::new(blo, bhi, x0, x1);

    draw::svg(ctx, height, |pen: &mut Pen| {
        let title = lang.pick(
            "a. Intermédiarité par type d’acteur",
            "a. Betweenness by actor type",
        );
        pen.text(title, m, m, PT_TEXT, HPos::Left, VPos::Top)?;
        for (k, ty) in types.iter().enumerate() {
            let cy = top_a + strip * (k as f64 + 0.5);
            pen.line(&[(x0, cy), (x1, cy)], LIGHT, theme::STROKE_THIN)?;
            let label = actor_label(ty, lang);
            pen.text(&label, x0 - 12.0, cy, PT_SMALL, HPos::Right, VPos::Center)?;
            let mut v = vals[k].clone();
            v.sort_by(f64::total_cmp);
            if let Some((_, med, _)) = quartiles(&v) {
                let x = xs.at(med);
                pen.line(&[(x, cy - 13.0), (x, cy + 13.0)], INK, theme::STROKE_LINE)?;
            }
            let (col, shape) = actor_style_str(ty);
            for (j, x) in thinned(&v).iter().enumerate() {
                pen.marker(shape, xs.at(*x), cy + [0.0, -6.0, 6.0][j % 3], 6.0, col)?;
            }
        }
        let xt = if vals.iter().any(|v| v.len() > MAX_POINTS) {
            lang.pick(
                "intermédiarité (médiane\u{a0}; 1\u{202f}000 quantiles)",
                "betweenness (bar: median; 1,000 quantiles)",
            )
        } else {
            lang.pick(
                "intermédiarité (trait\u{a0}: médiane)",
                "betweenness (bar: median)",
            )
        };
        x_axis(pen, &xs, &ticks, step, axis_a, xt, lang)?;
        if roles.is_empty() {
            return Ok(());
        }
        let title = lang.pick(
            "b. Rôles de courtage par type d’acteur",
            "b. Brokerage roles by actor type",
        );
        pen.text(title, m, axis_a + axis_room, PT_TEXT, HPos::Left, VPos::Top)?;
        for (k, ty) in types.iter().enumerate() {
            let cy = top_b + strip * (k as f64 + 0.5);
            let label = actor_label(ty, lang);
            pen.text(&label, x0 - 12.0, cy, PT_SMALL, HPos::Right, VPos::Center)?;
            let mut acc = 0.0;
            for (j, v) in role_sums[k].iter().enumerate() {
                if *v > 0.0 {
                    let (a, z) = (bs.at(acc), bs.at(acc + v));
                    let bar = (a, cy - 10.0, z, cy + 10.0);
                    pen.rect(bar, role_colours[j % 5].filled())?;
                    pen.rect(bar, INK.stroke_width(theme::STROKE_THIN))?;
                    acc += v;
                }
            }
        }
        let xt = lang.pick("rôles de courtage (nombre)", "brokerage roles (count)");
        x_axis(pen, &bs, &bticks, bstep, axis_b, xt, lang)?;
        legend(pen, &items, m, axis_b + axis_room - 10.0, ctx.w() - 2.0 * m)?;
        Ok(())
    })
}

#[cfg(test)]
mod thinning_tests {
    use super::*;

    #[test]
    fn large_strips_keep_evenly_spaced_order_statistics() {
        let small: Vec<f64> = (0..10).map(f64::from).collect();
        assert_eq!(thinned(&small), small);
        let big: Vec<f64> = (0..100_000).map(f64::from).collect();
        let t = thinned(&big);
        assert_eq!(t.len(), MAX_POINTS);
        assert_eq!((t[0], t[MAX_POINTS - 1]), (0.0, 99_999.0));
        // i · 99,999 / 999, integer division: the 500th point is order statistic 50,049.
        assert_eq!(t[500], 50_049.0);
    }
}
