//! `boundaries`: members entering and leaving, by actor type, at each stage (all PTCEs summed),
//! as stacked bars. Source: `stage_flows` (ptce_id, stage, actor_type, joined, left).

use super::data::{self, Cols};
use super::draw::Ctx;
use super::i18n::{actor_label, stage_short};
use super::panels::{self, Stacked};
use super::theme::actor_style_str;
use super::{ChartError, Drawn};
use crate::model::ActorType;
use crate::table::Table;

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `stage_flows` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let Some(t) = data::find(tables, "stage_flows") else {
        return panels::stacked(ctx, &[], &[], "", "", false);
    };
    let c = Cols::new(t, &ctx.figure);
    let (st, at, joined, left) = (
        c.text("stage")?,
        c.text("actor_type")?,
        c.num("joined")?,
        c.num("left")?,
    );
    let mut stages = data::distinct(&st);
    data::stage_order(&mut stages);
    let mut types = data::distinct(&at);
    types.sort_by_key(|t| ActorType::parse(t).map(|a| a.index()).unwrap_or(99));
    let lang = ctx.lang;
    let sum = |col: &[Option<f64>]| -> Vec<Vec<f64>> {
        stages
            .iter()
            .map(|s| {
                types
                    .iter()
                    .map(|ty| {
                        (0..c.height())
                            .filter(|&i| st[i] == *s && at[i] == *ty)
                            .filter_map(|i| col[i])
                            .sum()
                    })
                    .collect()
            })
            .collect()
    };
    let cats: Vec<_> = types
        .iter()
        .map(|t| (actor_style_str(t).0, actor_label(t, lang)))
        .collect();
    let panels = [
        Stacked {
            title: lang.pick("entrées", "joined").into(),
            bars: sum(&joined),
            cats: cats.clone(),
        },
        Stacked {
            title: lang.pick("sorties", "left").into(),
            bars: sum(&left),
            cats,
        },
    ];
    let xl: Vec<String> = stages.iter().map(|s| stage_short(s, lang)).collect();
    panels::stacked(
        ctx,
        &panels,
        &xl,
        lang.pick("étape", "stage"),
        lang.pick("organisations (nombre)", "organizations (count)"),
        false,
    )
}
