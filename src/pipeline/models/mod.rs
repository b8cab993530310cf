//! The size-adjusted models step (issue 16): one model per outcome × snapshot on the analysis
//! data of [`data`], fitted by the engine of [`crate::models`], written as `tables/models.csv`,
//! `tables/model_fit.csv` and `tables/model_data.csv` (columns in `docs/statistics.md`).

#[cfg(test)]
mod calibration_tests;
pub mod data;
mod design;
pub mod report;
mod tables;
#[cfg(test)]
mod tests;

pub use data::{model_data, model_data_table, ModelData, Outcome, OUTCOMES};
pub use design::{fit_all, FittedModel, TermRow};
pub use tables::{model_fit_table, models_table};

use std::collections::BTreeMap;

use crate::compare::{Groups, MeasureValue, ModelsConfig};
use crate::model::Ptce;
use crate::table::Table;

/// Runs the models step: data, fits, and the three tables (`model_data`, `models`,
/// `model_fit`), in that order. Empty when `[models] enabled = false`.
///
/// # Complexity
/// O(outcomes · snapshots · n · k²) for the fits.
pub fn models_step(
    values: &[MeasureValue],
    groups: &Groups,
    ptces: &[Ptce],
    columns: &BTreeMap<String, BTreeMap<String, String>>,
    cfg: &ModelsConfig,
    level: f64,
) -> Vec<Table> {
    if !cfg.enabled {
        return Vec::new();
    }
    let d = model_data(values, groups, ptces, columns, cfg);
    let fits = fit_all(&d, cfg, level);
    vec![
        model_data_table(&d),
        models_table(&fits),
        model_fit_table(&fits),
    ]
}
