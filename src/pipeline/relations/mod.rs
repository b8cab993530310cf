//! The relational step (issue 22, "who cooperates with whom"): standardized brokerage columns
//! of `node_metrics` and `network_metrics`, the dyad table `dyad_data`, the pooled conditional
//! logit `tie_models` and the QAP logits `qap`, on the engines of [`crate::relations`].
//!
//! Conventions: `docs/metrics.md` § Standardized brokerage, `docs/statistics.md` § Who
//! cooperates with whom, `docs/outputs.md`. Every table is deterministic for any thread count
//! (networks in parallel, collected in network order; QAP permutations seeded per network).

pub mod brokerage;
pub mod dyads;
pub mod qap;
pub mod tie_models;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::compare::Groups;
use crate::network::Network;
use crate::study::Study;
use crate::table::Table;
use crate::territory::classify;

use super::compare::TerritoryInputs;

/// Organization columns a partition or a `same_<column>` covariate may name.
pub const ORG_COLUMNS: &[&str] = &[
    "actor_type",
    "ess",
    "naf_section",
    "naf_code",
    "legal_category",
    "commune_code",
];

/// `[relations]` of `study.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelationsConfig {
    /// Whether the relational tables are made at all.
    pub enabled: bool,
    /// Partition of the brokerage roles: one of [`ORG_COLUMNS`] (`ess`: ESS vs non-ESS).
    pub partition: String,
    /// Tie kinds that make `tie = 1` in the dyad data (empty: every edge of the network,
    /// joint-activity edges included).
    pub tie_kinds: Vec<String>,
    /// Further organization columns ([`ORG_COLUMNS`]) compared as `same_<column>` covariates.
    pub same: Vec<String>,
    /// Rewired graphs per network in the degree-preserving null model.
    pub degree_null_samples: usize,
    /// Successful double-edge swaps per edge in each rewired graph.
    pub swaps_per_edge: usize,
    /// QAP permutations per term and network (`all` snapshots).
    pub qap_permutations: usize,
    /// Level of the `mixing` tie model: `family` (6 families of actor types, 21 pairs) or
    /// `actor_type` (every `type_pair`, up to 55; the exact conditional likelihood costs
    /// O(dyads × ties × terms²) per network and iteration).
    pub mixing: String,
}

/// `tables/dyad_data.csv` is written only up to this many rows (the Parquet file always).
pub const DYAD_CSV_MAX_ROWS: usize = 200_000;

impl Default for RelationsConfig {
    fn default() -> Self {
        RelationsConfig {
            enabled: true,
            partition: "actor_type".to_string(),
            tie_kinds: Vec::new(),
            same: Vec::new(),
            degree_null_samples: 100,
            swaps_per_edge: crate::compare::null_degree::DEFAULT_SWAPS_PER_EDGE,
            qap_permutations: 100,
            mixing: "family".to_string(),
        }
    }
}

impl RelationsConfig {
    /// Checks the names and counts of the section.
    ///
    /// # Errors
    /// A message naming the key and the bad value.
    pub fn validate(&self) -> Result<(), String> {
        if !ORG_COLUMNS.contains(&self.partition.as_str()) {
            return Err(format!(
                "partition {:?} is not one of {}",
                self.partition,
                ORG_COLUMNS.join(", ")
            ));
        }
        for s in &self.same {
            if !ORG_COLUMNS.contains(&s.as_str()) || s == "actor_type" {
                return Err(format!(
                    "same: {s:?} is not one of {}",
                    ORG_COLUMNS[1..].join(", ")
                ));
            }
        }
        for k in &self.tie_kinds {
            if crate::model::TieKind::parse(k).is_none() {
                return Err(format!(
                    "tie_kinds: {k:?} is not one of {}",
                    crate::model::TieKind::names().join(", ")
                ));
            }
        }
        if !matches!(self.mixing.as_str(), "family" | "actor_type") {
            return Err(format!(
                "mixing {:?} is not one of family, actor_type",
                self.mixing
            ));
        }
        for (name, v, max) in [
            ("degree_null_samples", self.degree_null_samples, 100_000),
            ("swaps_per_edge", self.swaps_per_edge, 10_000),
            ("qap_permutations", self.qap_permutations, 100_000),
        ] {
            if v > max {
                return Err(format!("{name} = {v}: at most {max}"));
            }
        }
        Ok(())
    }
}

/// Appends `columns` to the table named `name` of `tables` (rows in the same order).
fn append_columns(tables: &mut [Table], name: &str, columns: Vec<crate::table::Column>) {
    if let Some(t) = tables.iter_mut().find(|t| t.name == name) {
        t.columns.extend(columns);
    }
}

/// Runs the relational step: adds the standardized brokerage columns to `node_metrics` and
/// `network_metrics` (already in `tables`, rows in the order of `nets`), then pushes
/// `dyad_data`, `tie_models` and `qap`.
///
/// # Arguments
/// * `study` — the study (organizations, memberships, `[relations]`).
/// * `territory` — territory inputs (the PTCE's group of the homophily interaction).
/// * `nets` — the PTCE networks, every snapshot.
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
    let dyads = dyads::build_dyads(study, nets, &orgs, cfg);
    let models = tie_models::tie_model_rows(
        &dyads,
        nets,
        &groups,
        &cfg.same,
        cfg.mixing == "actor_type",
        study.config.comparison.level,
    );
    tables.push(dyads::dyad_table(&dyads, nets, &cfg.same));
    tables.push(tie_models::tie_models_table(&models));
    tables.push(qap::qap_table(&dyads, nets, cfg.qap_permutations, seed));
}
