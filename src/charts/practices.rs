//! `practices`: tie kinds and activity sectors per stage, as shares of the stage's total (all
//! PTCEs summed). Source: `practices` (ptce_id, stage, category_type, category, count).

use super::data::{self, Cols};
use super::draw::Ctx;
use super::i18n::{sector_label, stage_short, tie_label};
use super::panels::{self, Stacked};
use super::theme::okabe_ito as oi;
use super::{ChartError, Drawn};
use crate::model::{Sector, TieKind};
use crate::table::Table;
use plotters::prelude::RGBColor;

/// Ten fixed colours for a vocabulary index (Okabe–Ito, then grey and white).
fn category_colour(i: usize) -> RGBColor {
    [
        oi::BLUE,
        oi::ORANGE,
        oi::BLUISH_GREEN,
        oi::VERMILLION,
        oi::SKY_BLUE,
        oi::REDDISH_PURPLE,
        oi::YELLOW,
        oi::BLACK,
        oi::GREY,
        oi::WHITE,
    ][i % 10]
}

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `practices` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let Some(t) = data::find(tables, "practices") else {
        return panels::stacked(ctx, &[], &[], "", "", true);
    };
    let c = Cols::new(t, &ctx.figure);
    let (st, ct, cat, n) = (
        c.text("stage")?,
        c.text("category_type")?,
        c.text("category")?,
        c.num("count")?,
    );
    let mut stages = data::distinct(&st);
    data::stage_order(&mut stages);
    let lang = ctx.lang;
    let mut panels = Vec::new();
    for (kind, title) in [
        ("tie_kind", lang.pick("types de liens", "tie kinds")),
        (
            "activity_sector",
            lang.pick("secteurs d’activité", "activity sectors"),
        ),
    ] {
        let rows: Vec<usize> = (0..c.height()).filter(|&i| ct[i] == kind).collect();
        let mut cats = data::distinct(&rows.iter().map(|&i| cat[i].clone()).collect::<Vec<_>>());
        let index = |x: &str| {
            if kind == "tie_kind" {
                TieKind::parse(x).map(|k| k.index())
            } else {
                Sector::parse(x).map(|k| k.index())
            }
        };
        cats.sort_by_key(|x| index(x).unwrap_or(99));
        let bars = stages
            .iter()
            .map(|s| {
                cats.iter()
                    .map(|k| {
                        rows.iter()
                            .filter(|&&i| st[i] == *s && cat[i] == *k)
                            .filter_map(|&i| n[i])
                            .sum()
                    })
                    .collect()
            })
            .collect();
        let cats = cats
            .iter()
            .enumerate()
            .map(|(j, k)| {
                let label = if kind == "tie_kind" {
                    tie_label(k, lang)
                } else {
                    sector_label(k, lang)
                };
                (category_colour(index(k).unwrap_or(j)), label)
            })
            .collect();
        panels.push(Stacked {
            title: title.into(),
            bars,
            cats,
        });
    }
    let xl: Vec<String> = stages.iter().map(|s| stage_short(s, lang)).collect();
    panels::stacked(
        ctx,
        &panels,
        &xl,
        lang.pick("étape", "stage"),
        lang.pick("part", "share"),
        true,
    )
}
