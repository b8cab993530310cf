//! `[relations]` of `study.toml` (issue 22): the brokerage partition, the dyad covariates, the
//! degree-preserving null model, the tie models and QAP (`docs/statistics.md`).

use serde::{Deserialize, Serialize};

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
