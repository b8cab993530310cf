//! `diversity`: Hill numbers of order 0, 1 and 2 of the members' actor types at each stage:
//! median and interquartile band across PTCEs, one line per territory group.
//! Source: `diversity` (ptce_id, snapshot, population, dimension, index, value).

use super::data::{self, quartiles, Cols};
use super::draw::Ctx;
use super::i18n::{group_label, measure_label, stage_short};
use super::panels::{self, Bands, Series};
use super::theme::group_style;
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
    let (ids, snaps, idx, dim, pop, v) = (
        c.text("ptce_id")?,
        c.text("snapshot")?,
        c.text("index")?,
        c.text("dimension")?,
        c.text("population")?,
        c.num("value")?,
    );
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
    let mut stages: Vec<String> = data::distinct(
        &(0..c.height())
            .filter(|&i| keep(i))
            .map(|i| snaps[i].clone())
            .collect::<Vec<_>>(),
    );
    stages.retain(|s| s != "all");
    data::stage_order(&mut stages);
    let groups_of = data::ptce_groups(tables);
    let mut groups: Vec<String> = groups_of.values().cloned().collect();
    data::group_order(&mut groups);
    let mut panels: Vec<Bands> = Vec::new();
    for (p, d, fr, en) in &pairs {
        for q in ["hill_0", "hill_1", "hill_2"] {
            let series = groups
                .iter()
                .map(|g| {
                    let (colour, dash) = group_style(g);
                    let points = stages
                        .iter()
                        .map(|s| {
                            let vals: Vec<f64> = (0..c.height())
                                .filter(|&i| pop[i] == *p && dim[i] == *d)
                                .filter(|&i| idx[i] == q && snaps[i] == *s)
                                .filter(|&i| {
                                    groups_of.get(&ids[i]).map(|x| x == g).unwrap_or(false)
                                })
                                .filter_map(|i| v[i])
                                .collect();
                            quartiles(&vals)
                        })
                        .collect();
                    Series {
                        colour,
                        dash,
                        label: group_label(g, lang),
                        points,
                    }
                })
                .collect();
            panels.push(Bands {
                title: format!("{}, {}", measure_label(q, lang), lang.pick(fr, en)),
                series,
            });
        }
    }
    let xl: Vec<String> = stages.iter().map(|s| stage_short(s, lang)).collect();
    let yt = lang.pick(
        "nombre effectif de catégories",
        "effective number of categories",
    );
    panels::bands(ctx, &panels, &xl, lang.pick("étape", "stage"), yt)
}
