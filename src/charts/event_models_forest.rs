//! `event_models_forest`: hazard ratios of the event-history models (issue 18) as a forest plot on
//! a log scale, one row per transition × model × term with its 95 % interval; the group's rows
//! in the group's colour, the others in ink; hollow markers for terms whose proportional-hazards
//! test fails (p < 0.05 in `event_models_ph`). Source: `event_models` (transition, model, term,
//! hazard_ratio, ci_low, ci_high, status) and `event_models_ph`.

use super::data::{self, Cols};
use super::draw::{self, Ctx};
use super::ratio_forest::{draw_ratios, RatioRow, RatioTexts};
use super::theme::{group_style, INK};
use super::{ChartError, Drawn};
use crate::table::Table;

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
    let rows: Vec<RatioRow> = (0..c.height())
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
            Some(RatioRow {
                label: format!("{arrow} {m}: {}", term[i]),
                colour: term[i]
                    .strip_prefix("group_")
                    .map_or(INK, |g| group_style(g).0),
                ratio: h,
                low: l,
                high: u,
                hollow: model[i] == "cox"
                    && fails.iter().any(|(t, x)| {
                        *t == tr[i] && (term[i] == *x || term[i].starts_with(&format!("{x}_")))
                    }),
            })
        })
        .collect();
    draw_ratios(
        ctx,
        &rows,
        &RatioTexts {
            title: lang.pick(
                "Rapports de risques (échelle log) et IC à 95 %",
                "Hazard ratios (log scale) and 95% CI",
            ),
            axis: lang.pick("rapport de risques", "hazard ratio"),
            note: &[lang
                .pick(
                    "carré vide : hypothèse des risques proportionnels rejetée (cox.zph, p < 0,05)",
                    "hollow square: proportional hazards rejected (cox.zph, p < 0.05)",
                )
                .to_string()],
        },
    )
}
