//! `diversity`: Hill numbers of order 0, 1 and 2 of the members' actor types at each stage:
//! median and interquartile band across PTCEs, one line per territory group.
//! Source: `diversity` (ptce_id, snapshot, population, dimension, index, value).

use super::data::{self, Cols};
use super::draw::Ctx;
use super::i18n::measure_label;
use super::panels::{self, Bands};
use super::stage_bands::{diversity_cols, StageGroups};
use super::{ChartError, Drawn};
use crate::table::Table;

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `diversity` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let lang = ctx.lang;
    let Some(t) = data::find(tables, "diversity") else {
        return panels::bands(ctx, &[], &[], "", "");
    };
    let c = Cols::new(t, &ctx.figure);
    let (ids, snaps, idx, dim, pop, v) = diversity_cols(&c)?;
    // Members by actor type, then joint activities by sector (their composition), when present.
    let pairs: Vec<(&str, &str, &str, &str)> = [
        (
            "members",
            "actor_type",
            "membres par type",
            "members by type",
        ),
        (
            "activities",
            "sector",
            "activités par secteur",
            "activities by sector",
        ),
    ]
    .into_iter()
    .filter(|(p, d, _, _)| (0..c.height()).any(|i| pop[i] == *p && dim[i] == *d))
    .collect();
    let keep = |i: usize| {
        pairs
            .iter()
            .any(|(p, d, _, _)| pop[i] == *p && dim[i] == *d)
    };
    let snapshots: Vec<String> = (0..c.height())
        .filter(|&i| keep(i))
        .map(|i| snaps[i].clone())
        .collect();
    let across = StageGroups::new(tables, &snapshots);
    let mut panels: Vec<Bands> = Vec::new();
    for (p, d, fr, en) in &pairs {
        for q in ["hill_0", "hill_1", "hill_2"] {
            let title = format!("{}, {}", measure_label(q, lang), lang.pick(fr, en));
            panels.push(across.panel(title, lang, |s, in_group| {
                (0..c.height())
                    .filter(|&i| pop[i] == *p && dim[i] == *d)
                    .filter(|&i| idx[i] == q && snaps[i] == s)
                    .filter(|&i| in_group(&ids[i]))
                    .filter_map(|i| v[i])
                    .collect()
            }));
        }
    }
    let yt = lang.pick(
        "nombre effectif de catégories",
        "effective number of categories",
    );
    across.draw(ctx, &panels, yt)
}
