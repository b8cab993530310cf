//! The event-history step (issues 17 and 18): the event data of the formation history, the
//! cumulative incidence of each transition per group with Gray's tests, the sensitivity of the
//! results to partial dates, and the hazard models (cause-specific Cox, `cox.zph`, Fine–Gray).
//! Engines in [`crate::events`] and [`crate::hazards`]; methods in `docs/statistics.md`
//! § Event history of formation; columns in `docs/outputs.md`.

pub mod cif;
pub mod data;
pub mod models;
pub mod report;

#[cfg(test)]
mod simulation_tests;
#[cfg(test)]
mod tests;

pub use cif::{cumulative_incidences, sensitivity, TransitionCurves};
pub use data::{event_data, event_data_table, transitions, EventData, EventRow, Transition};
pub use models::{event_models, EventModel};

use std::collections::BTreeMap;

use crate::compare::{Groups, MeasureValue};
use crate::stages::StageResults;
use crate::study::Study;
use crate::table::Table;

/// Runs the event-history step and returns its tables, in order: `event_data`,
/// `cumulative_incidence`, `cumulative_incidence_tests`, `sensitivity_dates`, `event_models`,
/// `event_models_fit`, `event_models_ph`.
///
/// # Arguments
/// * `study` - the study (configuration, PTCEs, organizations).
/// * `stages` - the stage results; `values` - the long-form measures (sizes of the snapshots).
/// * `groups` - the territory groups; `columns` - raw cells of the `ptces.csv` columns named by
///   `[models]`.
///
/// # Complexity
/// Dominated by the hazard models, O(T · n² p²) at worst.
pub fn events_step(
    study: &Study,
    stages: &StageResults,
    values: &[MeasureValue],
    groups: &Groups,
    columns: &BTreeMap<String, BTreeMap<String, String>>,
) -> Vec<Table> {
    let cfg = &study.config;
    // `[events] observed_from` was checked when study.toml was read.
    let observed_from = cfg.events.observed_from_date().ok().flatten();
    let d = event_data(
        stages,
        &cfg.stages,
        values,
        groups,
        &study.ptces,
        &study.organizations,
        columns,
        &cfg.models,
        observed_from,
    );
    let curves = cumulative_incidences(&d);
    let sens = sensitivity(&d);
    let fits = event_models(&d, cfg.events.fine_gray_censoring);
    vec![
        event_data_table(&d),
        cif::cumulative_incidence_table(&d, &curves),
        cif::cumulative_incidence_tests_table(&d, &curves),
        cif::sensitivity_table(&d, &sens),
        models::event_models_table(&d, &fits),
        models::event_models_fit_table(&d, &fits),
        models::event_models_ph_table(&d, &fits),
    ]
}
