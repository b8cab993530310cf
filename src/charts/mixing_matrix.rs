//! `mixing_matrix`: the actor-type mixing matrix (issue 22) as a heat map, snapshot `all`. One
//! cell per unordered pair of actor types (lower triangle, types in their fixed order); its
//! colour is the ratio of the observed to the expected share of ties on a log₂ scale, on a
//! diverging purple–white–orange scale (ColorBrewer PuOr, safe for the common colour-vision
//! deficiencies) clamped at ¼ and 4; the cell writes the observed share of ties (top, in %) and
//! the expected share (bottom, in brackets). Pairs without an expected tie are light grey with
//! a dash. Source: `mixing_matrix` (snapshot, type_a, type_b, observed_share, expected_share,
//! ratio).

use super::data::{self, Cols};
use super::draw::{self, line_height, Ctx, Pen};
use super::i18n::{actor_label, format_number};
use super::theme::{self, text_width, INK, LIGHT, PT_SMALL, PT_TEXT};
use super::{ChartError, Drawn};
use crate::model::ActorType;
use crate::table::Table;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

/// Fewer ties than expected (PuOr, dark purple).
const LOW: RGBColor = RGBColor(0x54, 0x27, 0x88);
/// More ties than expected (PuOr, dark orange).
const HIGH: RGBColor = RGBColor(0xB3, 0x58, 0x06);
/// Font size of the cell values.
const PT_CELL: f64 = 5.0;
/// |log₂ ratio| at which the scale saturates (ratio ¼ or 4).
const CLAMP: f64 = 2.0;

/// The colour of a ratio: white at 1, [`LOW`] at ¼ and below, [`HIGH`] at 4 and above.
pub fn ratio_colour(ratio: f64) -> RGBColor {
    let t = (ratio.log2() / CLAMP).clamp(-1.0, 1.0);
    let end = if t < 0.0 { LOW } else { HIGH };
    let a = t.abs();
    let mix = |w: u8, e: u8| (f64::from(w) + (f64::from(e) - f64::from(w)) * a).round() as u8;
    RGBColor(mix(255, end.0), mix(255, end.1), mix(255, end.2))
}

/// A share as a percentage with one decimal.
fn pct(x: f64, lang: super::Lang) -> String {
    format_number(100.0 * x, 1, lang)
}

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `mixing_matrix` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let Some(t) = data::find(tables, "mixing_matrix") else {
        return draw::svg(ctx, 100.0, |_| Ok(()));
    };
    let c = Cols::new(t, &ctx.figure);
    let (snapshot, ta, tb, obs, exp, ratio) = (
        c.text("snapshot")?,
        c.text("type_a")?,
        c.text("type_b")?,
        c.num("observed_share")?,
        c.num("expected_share")?,
        c.num("ratio")?,
    );
    let lang = ctx.lang;
    let rows: Vec<usize> = (0..c.height())
        .filter(|&i| snapshot[i] == crate::network::ALL)
        .collect();
    let types: Vec<ActorType> = ActorType::ALL
        .iter()
        .copied()
        .filter(|a| {
            rows.iter()
                .any(|&i| ta[i] == a.as_str() || tb[i] == a.as_str())
        })
        .collect();
    let k = types.len();
    let labels: Vec<String> = types
        .iter()
        .map(|a| actor_label(a.as_str(), lang))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, PT_SMALL))
        .fold(0.0f64, f64::max);
    let m = theme::MARGIN as f64;
    let left = m + label_w + 12.0;
    let cell = ((ctx.w() - left - m) / k.max(1) as f64).min(110.0);
    let top = m + line_height(PT_TEXT) + 12.0;
    let grid_bottom = top + cell * k as f64;
    // Column labels under the grid, rotated.
    let col_label_h = label_w + 12.0;
    let legend_top = grid_bottom + col_label_h + 16.0;
    let bar_h = 24.0;
    let note = draw::wrap(
        lang.pick(
            "Dans chaque case : part observée des liens (en %, en haut) et part attendue (entre crochets) si chaque réseau plaçait ses liens au hasard entre ses paires de membres. Couleur : rapport observé / attendu.",
            "In each cell: observed share of ties (in %, top) and expected share (in brackets) if each network placed its ties at random among its pairs of members. Colour: observed / expected ratio.",
        ),
        PT_SMALL,
        ctx.w() - 2.0 * m,
    );
    let height = legend_top
        + bar_h
        + 2.0 * line_height(PT_SMALL)
        + 10.0
        + note.len() as f64 * line_height(PT_SMALL)
        + m;
    let find = |a: ActorType, b: ActorType| {
        let (x, y) = if a.as_str() <= b.as_str() {
            (a, b)
        } else {
            (b, a)
        };
        rows.iter()
            .copied()
            .find(|&i| ta[i] == x.as_str() && tb[i] == y.as_str())
    };
    draw::svg(ctx, height, |pen: &mut Pen| {
        pen.text(
            lang.pick(
                "Liens entre types d’acteurs : observé et attendu",
                "Ties between actor types: observed and expected",
            ),
            m,
            m,
            PT_TEXT,
            HPos::Left,
            VPos::Top,
        )?;
        for (r, a) in types.iter().enumerate() {
            let y0 = top + cell * r as f64;
            pen.text(
                &labels[r],
                left - 8.0,
                y0 + cell / 2.0,
                PT_SMALL,
                HPos::Right,
                VPos::Center,
            )?;
            for (q, b) in types.iter().enumerate().take(r + 1) {
                let x0 = left + cell * q as f64;
                let i = find(*a, *b);
                let ratio = i.and_then(|i| ratio[i]);
                let fill = ratio.map_or(LIGHT, ratio_colour);
                pen.rect((x0, y0, x0 + cell, y0 + cell), fill.filled())?;
                pen.rect(
                    (x0, y0, x0 + cell, y0 + cell),
                    theme::okabe_ito::WHITE.stroke_width(theme::STROKE_AXIS),
                )?;
                let ink = if ratio.is_some_and(|r| r.log2().abs() > 1.3) {
                    theme::okabe_ito::WHITE
                } else {
                    INK
                };
                let (o, e) = (i.and_then(|i| obs[i]), i.and_then(|i| exp[i]));
                let (top_text, bottom_text) = match (o, e, ratio) {
                    (Some(o), Some(e), Some(_)) => (pct(o, lang), format!("[{}]", pct(e, lang))),
                    _ => ("–".to_string(), String::new()),
                };
                let cx = x0 + cell / 2.0;
                let lh = line_height(PT_CELL);
                let style_y = y0 + cell / 2.0;
                draw_cell_text(pen, &top_text, cx, style_y - lh * 0.5, ink)?;
                if !bottom_text.is_empty() {
                    draw_cell_text(pen, &bottom_text, cx, style_y + lh * 0.5, ink)?;
                }
            }
        }
        for (q, l) in labels.iter().enumerate() {
            let x = left + cell * (q as f64 + 0.5);
            let w = text_width(l, PT_SMALL);
            pen.text_vertical(l, x, grid_bottom + 8.0 + w / 2.0, PT_SMALL)?;
        }
        // Colour bar from ¼ to 4.
        let bar_left = m + 10.0;
        let bar_right = (ctx.w() - m - 10.0).min(bar_left + 500.0);
        let steps = 64;
        for s in 0..steps {
            let f0 = s as f64 / steps as f64;
            let f1 = (s + 1) as f64 / steps as f64;
            let l2 = -CLAMP + 2.0 * CLAMP * (f0 + f1) / 2.0;
            let x0 = bar_left + f0 * (bar_right - bar_left);
            let x1 = bar_left + f1 * (bar_right - bar_left);
            pen.rect(
                (x0, legend_top, x1 + 1.0, legend_top + bar_h),
                ratio_colour(l2.exp2()).filled(),
            )?;
        }
        pen.rect(
            (bar_left, legend_top, bar_right, legend_top + bar_h),
            INK.stroke_width(theme::STROKE_THIN),
        )?;
        for (tick, label) in [(0.25, "¼"), (0.5, "½"), (1.0, "1"), (2.0, "2"), (4.0, "4")] {
            let f = (f64::log2(tick) + CLAMP) / (2.0 * CLAMP);
            let x = bar_left + f * (bar_right - bar_left);
            pen.line(
                &[(x, legend_top + bar_h), (x, legend_top + bar_h + 6.0)],
                INK,
                theme::STROKE_THIN,
            )?;
            pen.text(
                label,
                x,
                legend_top + bar_h + 8.0,
                PT_SMALL,
                HPos::Center,
                VPos::Top,
            )?;
        }
        pen.text(
            lang.pick("rapport observé / attendu", "observed / expected ratio"),
            bar_right + 12.0,
            legend_top + bar_h / 2.0,
            PT_SMALL,
            HPos::Left,
            VPos::Center,
        )?;
        let note_top = legend_top + bar_h + 2.0 * line_height(PT_SMALL) + 10.0;
        for (j, line) in note.iter().enumerate() {
            pen.text(
                line,
                m,
                note_top + j as f64 * line_height(PT_SMALL),
                PT_SMALL,
                HPos::Left,
                VPos::Top,
            )?;
        }
        Ok(())
    })
}

/// A cell value centred at (x, y) in `colour`.
fn draw_cell_text(
    pen: &mut Pen,
    text: &str,
    x: f64,
    y: f64,
    colour: RGBColor,
) -> Result<(), ChartError> {
    pen.text_colour(text, x, y, PT_CELL, colour)
}
