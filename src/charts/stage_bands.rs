//! What the band figures (`trajectories`, `diversity`) share: the stages and territory groups
//! they run across, one band panel per measure (median and interquartile range across PTCEs, one
//! line per group), and the columns of `diversity` they read.

use std::collections::BTreeMap;

use super::data::{self, quartiles, Cols};
use super::draw::Ctx;
use super::i18n::{group_label, stage_short, Lang};
use super::panels::{self, Bands, Series};
use super::theme::group_style;
use super::{ChartError, Drawn};
use crate::table::Table;

/// The columns of `diversity`: ptce_id, snapshot, index, dimension, population (text) and value.
pub(super) type DiversityCols = (
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<String>,
    Vec<Option<f64>>,
);

/// Reads the columns of `diversity` through `c`.
///
/// # Errors
/// [`ChartError::Column`] if one is missing.
pub(super) fn diversity_cols(c: &Cols<'_>) -> Result<DiversityCols, ChartError> {
    Ok((
        c.text("ptce_id")?,
        c.text("snapshot")?,
        c.text("index")?,
        c.text("dimension")?,
        c.text("population")?,
        c.num("value")?,
    ))
}

/// The stages and territory groups a band figure runs across.
pub(super) struct StageGroups {
    /// Territory group of each PTCE.
    groups_of: BTreeMap<String, String>,
    /// The groups, in [`data::group_order`].
    groups: Vec<String>,
    /// The stages, in model order, without the snapshot `all`.
    stages: Vec<String>,
}

impl StageGroups {
    /// The groups of the run's PTCEs and the stages among `snapshots`.
    pub fn new(tables: &[Table], snapshots: &[String]) -> Self {
        let mut stages = data::distinct(snapshots);
        stages.retain(|s| s != "all");
        data::stage_order(&mut stages);
        let groups_of = data::ptce_groups(tables);
        let mut groups: Vec<String> = groups_of.values().cloned().collect();
        data::group_order(&mut groups);
        StageGroups {
            groups_of,
            groups,
            stages,
        }
    }

    /// A band panel titled `title`: for each group, per stage, the quartiles of
    /// `values(stage, in_group)`, where `in_group(ptce_id)` says whether a PTCE is of the group.
    pub fn panel(
        &self,
        title: String,
        lang: Lang,
        values: impl Fn(&str, &dyn Fn(&str) -> bool) -> Vec<f64>,
    ) -> Bands {
        let series = self
            .groups
            .iter()
            .map(|g| {
                let (colour, dash) = group_style(g);
                let in_group = |id: &str| self.groups_of.get(id).map(|x| x == g).unwrap_or(false);
                let points = self
                    .stages
                    .iter()
                    .map(|s| quartiles(&values(s, &in_group)))
                    .collect();
                Series {
                    colour,
                    dash,
                    label: group_label(g, lang),
                    points,
                }
            })
            .collect();
        Bands { title, series }
    }

    /// Draws `panels` across the stages, with the y-axis title `ytitle`.
    pub fn draw(&self, ctx: &Ctx, panels: &[Bands], ytitle: &str) -> Result<Drawn, ChartError> {
        let lang = ctx.lang;
        let xl: Vec<String> = self.stages.iter().map(|s| stage_short(s, lang)).collect();
        panels::bands(ctx, panels, &xl, lang.pick("étape", "stage"), ytitle)
    }
}
