//! The relational step (issue 22, "who cooperates with whom"): standardized brokerage columns
//! of `node_metrics` and `network_metrics`, the dyad table `dyad_data`, the pooled conditional
//! logit `tie_models` and the QAP logits `qap`, on the engines of [`crate::relations`].
//!
//! Conventions: `docs/metrics.md` § Standardized brokerage, `docs/statistics.md` § Who
//! cooperates with whom, `docs/outputs.md`. Every table is deterministic for any thread count
//! (networks in parallel, collected in network order; QAP permutations seeded per network).

pub mod brokerage;
pub mod dyads;
pub mod mixing;
pub mod qap;
pub mod report;
pub mod tie_models;
pub mod unknown;

#[cfg(test)]
mod calibration_tests;
#[cfg(test)]
mod tests;

use crate::compare::Groups;
use crate::network::{Network, SnapshotSpec};
use crate::study::Study;
use crate::table::Table;
use crate::territory::classify;

use super::compare::TerritoryInputs;
pub use crate::relations::config::{RelationsConfig, ORG_COLUMNS};

pub use crate::report::DYAD_CSV_MAX_ROWS;

/// Appends `columns` to the table named `name` of `tables` (rows in the same order).
fn append_columns(tables: &mut [Table], name: &str, columns: Vec<crate::table::Column>) {
    if let Some(t) = tables.iter_mut().find(|t| t.name == name) {
        t.columns.extend(columns);
    }
}

/// Runs the relational step: adds the standardized brokerage columns to `node_metrics` and
/// `network_metrics` (already in `tables`, rows in the order of `nets`), then pushes
/// `dyad_data`, `tie_models`, `qap` and `mixing_matrix`.
///
/// # Arguments
/// * `study` — the study (organizations, memberships, `[relations]`).
/// * `territory` — territory inputs (the PTCE's group of the homophily interaction).
/// * `nets` — the PTCE networks, every snapshot; `specs` — the spec each was built from.
/// * `seed` — the run's seed (QAP permutations).
/// * `tables` — the tables made so far.
///
/// # Complexity
/// O(Σ n² p) for the dyads and models, plus O(p · permutations · n² p²) per `all` network for
/// QAP.
pub fn relations_step(
    study: &Study,
    territory: &TerritoryInputs,
    nets: &[Network],
    specs: &[SnapshotSpec],
    seed: u64,
    tables: &mut Vec<Table>,
) {
    let cfg = &study.config.relations;
    if !cfg.enabled {
        return;
    }
    let orgs = super::org_index(study);
    let b = brokerage::brokerage_columns(nets, &orgs, &cfg.partition);
    append_columns(tables, "node_metrics", b.node);
    append_columns(tables, "network_metrics", b.network);
    let rows = classify(
        &study.ptces,
        territory.grid.as_ref(),
        territory.column.as_ref(),
        &study.config.territory,
    );
    let groups = Groups::for_study(
        &rows,
        study.config.territory.grouping,
        &study.config.comparison,
    );
    let mut dyads = dyads::build_dyads(study, nets, &orgs, cfg);
    unknown::mark_all(study, specs, nets, &mut dyads);
    // The tie models leave a core idle in their sequential parts (designs, strata in content
    // order, the sums of each Newton step): the QAP permutations run beside them. Both are
    // deterministic and collected in their own order, whatever the thread count.
    let (models, qap) = rayon::join(
        || {
            tie_models::tie_model_rows(
                &dyads,
                nets,
                &groups,
                &cfg.same,
                cfg.mixing == "actor_type",
                study.config.comparison.level,
                &tie_models::SPECS,
            )
        },
        || qap::qap_table(&dyads, nets, cfg.qap_permutations, seed),
    );
    tables.push(dyads::dyad_table(&dyads, nets, &cfg.same));
    tables.push(tie_models::tie_models_table(&models));
    tables.push(qap);
    tables.push(mixing::mixing_table(&mixing::mixing_rows(&dyads, nets)));
}
