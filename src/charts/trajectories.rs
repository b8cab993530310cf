//! `trajectories`: median and interquartile band, across PTCEs, of size, density,
//! centralization and diversity at each stage, one line per territory group.
//! Sources: `network_metrics` (ptce_id, snapshot, n_nodes, density, degree_centralization,
//! betweenness_centralization), `diversity` (hill_1 of members by actor type) if present.

use super::data::{self, quartiles, Cols};
use super::draw::Ctx;
use super::i18n::{group_label, measure_label, stage_short};
use super::panels::{self, Bands, Series};
use super::theme::group_style;
use super::{ChartError, Drawn};
use crate::table::Table;

/// Values per (ptce, snapshot) of one measure.
type Obs = Vec<(String, String, f64)>;

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `network_metrics` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let lang = ctx.lang;
    let mut measures: Vec<(String, Obs)> = Vec::new();
    if let Some(t) = data::find(tables, "network_metrics") {
        let c = Cols::new(t, &ctx.figure);
        let (ids, snaps) = (c.text("ptce_id")?, c.text("snapshot")?);
        for m in [
            "n_nodes",
            "density",
            "degree_centralization",
            "betweenness_centralization",
        ] {
            if let Some(v) = c.num_opt(m) {
                let obs = (0..c.height())
                    .filter_map(|i| v[i].map(|x| (ids[i].clone(), snaps[i].clone(), x)))
                    .collect();
                measures.push((m.to_string(), obs));
            }
        }
    }
    if let Some(t) = data::find(tables, "diversity") {
        let c = Cols::new(t, &ctx.figure);
        let (ids, snaps, idx, dim, pop, v) = (
            c.text("ptce_id")?,
            c.text("snapshot")?,
            c.text("index")?,
            c.text("dimension")?,
            c.text("population")?,
            c.num("value")?,
        );
        let obs: Obs = (0..c.height())
            .filter(|&i| idx[i] == "hill_1" && dim[i] == "actor_type" && pop[i] == "members")
            .filter_map(|i| v[i].map(|x| (ids[i].clone(), snaps[i].clone(), x)))
            .collect();
        if !obs.is_empty() {
            measures.push(("hill_1".to_string(), obs));
        }
    }
    let mut stages: Vec<String> = data::distinct(
        &measures
            .iter()
            .flat_map(|(_, o)| o.iter().map(|x| x.1.clone()))
            .collect::<Vec<_>>(),
    );
    stages.retain(|s| s != "all");
    data::stage_order(&mut stages);
    let groups_of = data::ptce_groups(tables);
    let mut groups: Vec<String> = groups_of.values().cloned().collect();
    data::group_order(&mut groups);
    let panels: Vec<Bands> = measures
        .iter()
        .map(|(m, obs)| Bands {
            title: if m == "hill_1" {
                format!(
                    "{}{}",
                    measure_label(m, lang),
                    lang.pick(", membres par type", ", members by type")
                )
            } else {
                measure_label(m, lang)
            },
            series: groups
                .iter()
                .map(|g| {
                    let (colour, dash) = group_style(g);
                    let points = stages
                        .iter()
                        .map(|s| {
                            let v: Vec<f64> = obs
                                .iter()
                                .filter(|o| {
                                    o.1 == *s
                                        && groups_of.get(&o.0).map(|x| x == g).unwrap_or(false)
                                })
                                .map(|o| o.2)
                                .collect();
                            quartiles(&v)
                        })
                        .collect();
                    Series {
                        colour,
                        dash,
                        label: group_label(g, lang),
                        points,
                    }
                })
                .collect(),
        })
        .collect();
    let xl: Vec<String> = stages.iter().map(|s| stage_short(s, lang)).collect();
    let yt = lang.pick("valeur (médiane, IIQ)", "value (median, IQR)");
    panels::bands(ctx, &panels, &xl, lang.pick("étape", "stage"), yt)
}
