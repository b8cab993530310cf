//! `event_models_forest`: hazard ratios of the event-history models (issue 18) as a forest plot on
//! a log scale, one row per transition × model × term with its 95 % interval; the group's rows
//! in the group's colour, the others in ink; hollow markers for terms whose proportional-hazards
//! test fails (p < 0.05 in `event_models_ph`). Source: `event_models` (transition, model, term,
//! hazard_ratio, ci_low, ci_high, status) and `event_models_ph`.

use super::data::{self, Cols};
use super::draw::{self, line_height, Ctx, Pen};
use super::i18n::format_number;
use super::theme::{self, group_style, text_width, Shape, INK, LIGHT, PT_SMALL, PT_TEXT};
use super::{ChartError, Drawn};
use crate::table::Table;
use plotters::style::text_anchor::{HPos, VPos};

/// One row of the plot.
struct Row {
    label: String,
    group: Option<String>,
    hr: f64,
    low: f64,
    high: f64,
    ph_fails: bool,
}

/// Terms (`transition`, term) whose `cox.zph` p-value is below 0.05.
fn ph_failures(tables: &[Table]) -> Vec<(String, String)> {
    let Some(t) = data::find(tables, "event_models_ph") else {
        return Vec::new();
    };
    let c = Cols::new(t, "event_models_forest");
    let (Ok(tr), Ok(term), Ok(p)) = (c.text("transition"), c.text("term"), c.num("p_value")) else {
        return Vec::new();
    };
    (0..c.height())
        .filter(|&i| p[i].is_some_and(|p| p < 0.05) && term[i] != "GLOBAL")
        .map(|i| (tr[i].clone(), term[i].clone()))
        .collect()
}

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `event_models` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let Some(t) = data::find(tables, "event_models") else {
        return draw::svg(ctx, 100.0, |_| Ok(()));
    };
    let c = Cols::new(t, &ctx.figure);
    let (tr, model, term, hr, lo, hi, status) = (
        c.text("transition")?,
        c.text("model")?,
        c.text("term")?,
        c.num("hazard_ratio")?,
        c.num("ci_low")?,
        c.num("ci_high")?,
        c.text("status")?,
    );
    let fails = ph_failures(tables);
    let lang = ctx.lang;
    let rows: Vec<Row> = (0..c.height())
        .filter(|&i| status[i] == "ok")
        .filter_map(|i| {
            let (h, l, u) = (hr[i]?, lo[i]?, hi[i]?);
            if !(h > 0.0 && l > 0.0 && u.is_finite()) {
                return None;
            }
            let m = if model[i] == "cox" {
                "Cox"
            } else {
                "Fine–Gray"
            };
            let arrow = tr[i].split_once("_to_").map_or(tr[i].clone(), |(a, b)| {
                format!("{}→{}", a.to_uppercase(), b.to_uppercase())
            });
            Some(Row {
                label: format!("{arrow} {m}: {}", term[i]),
                group: term[i].strip_prefix("group_").map(str::to_string),
                hr: h,
                low: l,
                high: u,
                ph_fails: model[i] == "cox"
                    && fails.iter().any(|(t, x)| {
                        *t == tr[i] && (term[i] == *x || term[i].starts_with(&format!("{x}_")))
                    }),
            })
        })
        .collect();
    let lmin = rows.iter().map(|r| r.low.ln()).fold(-0.7f64, f64::min);
    let lmax = rows.iter().map(|r| r.high.ln()).fold(0.7f64, f64::max);
    let ticks: Vec<f64> = [0.125f64, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0]
        .into_iter()
        .filter(|t| t.ln() >= lmin - 0.35 && t.ln() <= lmax + 0.35)
        .collect();
    let (xlo, xhi) = (lmin.min(0.0) - 0.1, lmax.max(0.0) + 0.1);
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label, PT_SMALL))
        .fold(0.0f64, f64::max);
    let left = theme::MARGIN as f64 + label_w + 20.0;
    let right = ctx.w() - theme::MARGIN as f64 - 20.0;
    let top = theme::MARGIN as f64 + line_height(PT_TEXT) + 10.0;
    let row_h = line_height(PT_SMALL) + 14.0;
    let bottom = top + row_h * rows.len().max(1) as f64;
    let height = bottom + 3.0 * line_height(PT_TEXT) + 2.0 * line_height(PT_SMALL) + 40.0;
    let sx = |l: f64| left + (l - xlo) / (xhi - xlo) * (right - left);
    draw::svg(ctx, height, |pen: &mut Pen| {
        pen.text(
            lang.pick(
                "Rapports de risques (échelle log) et IC à 95 %",
                "Hazard ratios (log scale) and 95% CI",
            ),
            theme::MARGIN as f64,
            theme::MARGIN as f64,
            PT_TEXT,
            HPos::Left,
            VPos::Top,
        )?;
        for t in &ticks {
            let x = sx(t.ln());
            let colour = if *t == 1.0 { INK } else { LIGHT };
            pen.line(&[(x, top), (x, bottom)], colour, theme::STROKE_AXIS)?;
            pen.text(
                format_number(*t, if *t < 1.0 { 3 } else { 0 }, lang)
                    .trim_end_matches('0')
                    .trim_end_matches([',', '.']),
                x,
                bottom + 8.0,
                PT_SMALL,
                HPos::Center,
                VPos::Top,
            )?;
        }
        pen.line(&[(left, bottom), (right, bottom)], INK, theme::STROKE_AXIS)?;
        pen.text(
            lang.pick("rapport de risques", "hazard ratio"),
            (left + right) / 2.0,
            bottom + 12.0 + line_height(PT_SMALL),
            PT_TEXT,
            HPos::Center,
            VPos::Top,
        )?;
        for (k, r) in rows.iter().enumerate() {
            let y = top + row_h * (k as f64 + 0.5);
            let colour = r.group.as_deref().map_or(INK, |g| group_style(g).0);
            pen.text(
                &r.label,
                left - 14.0,
                y,
                PT_SMALL,
                HPos::Right,
                VPos::Center,
            )?;
            pen.line(
                &[(sx(r.low.ln()), y), (sx(r.high.ln()), y)],
                colour,
                theme::STROKE_LINE,
            )?;
            let fill = if r.ph_fails {
                theme::okabe_ito::WHITE
            } else {
                colour
            };
            pen.marker(Shape::Square, sx(r.hr.ln()), y, 9.0, fill)?;
        }
        pen.text(
            lang.pick(
                "carré vide : hypothèse des risques proportionnels rejetée (cox.zph, p < 0,05)",
                "hollow square: proportional hazards rejected (cox.zph, p < 0.05)",
            ),
            theme::MARGIN as f64,
            bottom + 24.0 + line_height(PT_SMALL) + line_height(PT_TEXT),
            PT_SMALL,
            HPos::Left,
            VPos::Top,
        )?;
        Ok(())
    })
}
