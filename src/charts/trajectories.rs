//! `trajectories`: median and interquartile band, across PTCEs, of size, density,
//! centralization and diversity at each stage, one line per territory group.
//! Sources: `network_metrics` (ptce_id, snapshot, n_nodes, density, degree_centralization,
//! betweenness_centralization), `diversity` (hill_1 of members by actor type) if present.

use super::data::{self, Cols};
use super::draw::Ctx;
use super::i18n::measure_label;
use super::panels::Bands;
use super::stage_bands::{diversity_cols, StageGroups};
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
        let (ids, snaps, idx, dim, pop, v) = diversity_cols(&c)?;
        let obs: Obs = (0..c.height())
            .filter(|&i| idx[i] == "hill_1" && dim[i] == "actor_type" && pop[i] == "members")
            .filter_map(|i| v[i].map(|x| (ids[i].clone(), snaps[i].clone(), x)))
            .collect();
        if !obs.is_empty() {
            measures.push(("hill_1".to_string(), obs));
        }
    }
    let snapshots: Vec<String> = measures
        .iter()
        .flat_map(|(_, o)| o.iter().map(|x| x.1.clone()))
        .collect();
    let across = StageGroups::new(tables, &snapshots);
    let panels: Vec<Bands> = measures
        .iter()
        .map(|(m, obs)| {
            let title = if m == "hill_1" {
                format!(
                    "{}{}",
                    measure_label(m, lang),
                    lang.pick(", membres par type", ", members by type")
                )
            } else {
                measure_label(m, lang)
            };
            across.panel(title, lang, |s, in_group| {
                obs.iter()
                    .filter(|o| o.1 == s && in_group(&o.0))
                    .map(|o| o.2)
                    .collect()
            })
        })
        .collect();
    let yt = lang.pick("valeur (médiane, IIQ)", "value (median, IQR)");
    across.draw(ctx, &panels, yt)
}
