//! Comparisons of PTCEs by territory group (issue 5): the tables `comparison`, `comparison_k`,
//! `survival`, `survival_tests`, `stage_change` and `null_models`, built on the statistics
//! engine of [`crate::stats`] and the structural measures of [`crate::structure`].
//!
//! Inputs are long-form [`MeasureValue`]s (one value of one measure for one PTCE at one
//! snapshot), the [`Groups`] of the territory classification, and a [`CompareConfig`]. Every table
//! is deterministic: rows are sorted, each randomized row has its own seed
//! (`stats::rng::derive_seed(seed, row)`), and parallel work is collected in row order, so the
//! numbers are bitwise identical for any number of rayon threads. `docs/statistics.md` describes
//! each table and its columns.

pub mod duration_stats;
pub mod durations;
pub mod k_groups;
pub mod models_config;
pub mod null_degree;
pub mod null_gnm;
pub mod null_models;
pub mod stage_change;
pub mod survival;
pub mod two_groups;

#[cfg(test)]
mod duration_tests;
#[cfg(test)]
mod tests;

pub use durations::{duration_rows, DurationStats, DurationTestKind, StageDuration};
pub use k_groups::compare_k_groups_table;
pub use models_config::{FamilyChoice, ModelsConfig, ModelsConfigError, SizeTerm};
pub use null_degree::degree_preserving_nulls;
pub use null_gnm::NULL_GNM;
pub use null_models::NULL_PERMUTATION;
pub use null_models::{null_models, null_models_table, NullNetwork, NullRow};
pub use stage_change::stage_change_table;
pub use survival::{
    survival_analysis, survival_table, survival_tests_table, GroupCurve, StageEntries,
    SurvivalResults, TargetTest, TARGETS,
};
pub use two_groups::{
    compare_two_groups_rows, compare_two_groups_table, comparison_table, ComparisonRow,
};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::stats::permutation::Stopping;
use crate::stats::{BootstrapMethod, TwoGroupOptions};
use crate::territory::TerritoryRow;

/// One value of one measure for one PTCE at one snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureValue {
    /// The PTCE.
    pub ptce_id: String,
    /// The snapshot (`all` or a stage id).
    pub snapshot: String,
    /// The kind of measure: `network`, `diversity` or `stage` (a BH family is one snapshot × one
    /// kind).
    pub family: &'static str,
    /// The metric's column or index name.
    pub measure: &'static str,
    /// Population of a diversity index (empty otherwise).
    pub population: Option<&'static str>,
    /// Dimension of a diversity index (empty otherwise).
    pub dimension: Option<&'static str>,
    /// The value; `None` (or a non-finite value) is undefined and left out.
    pub value: Option<f64>,
}

/// Bootstrap interval construction, as written in `study.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BootstrapChoice {
    /// Percentile interval.
    #[default]
    Percentile,
    /// Bias-corrected and accelerated interval.
    Bca,
}

/// When the permutation test of medians stops, as written in `study.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PermutationStopping {
    /// Stop once p > 1 − `level` is decided (Besag–Clifford; `docs/statistics.md`).
    #[default]
    Sequential,
    /// Draw the whole budget.
    Fixed,
}

/// `[comparison]` options of `study.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CompareConfig {
    /// Groups compared, in order (`group_a` is the first of a pair). Default: `urban, rural`, or
    /// the DENS_AAV categories, or the values of the custom column
    /// ([`crate::territory::default_group_order`]).
    pub groups: Option<Vec<String>>,
    /// Smallest group size for which tests are run.
    pub min_group_size: usize,
    /// Permutation budget of the test of medians.
    pub permutations: usize,
    /// Whether the permutation test stops once its decision at 1 − `level` is known.
    pub permutation_stopping: PermutationStopping,
    /// Bootstrap replicates.
    pub bootstrap: usize,
    /// Confidence level of the bootstrap and Kaplan–Meier intervals.
    pub level: f64,
    /// Bootstrap interval construction.
    pub bootstrap_method: BootstrapChoice,
    /// Random graphs or permutations per network in the null models.
    pub null_samples: usize,
}

impl Default for CompareConfig {
    fn default() -> Self {
        CompareConfig {
            groups: None,
            min_group_size: 3,
            permutations: 9_999,
            permutation_stopping: PermutationStopping::Sequential,
            bootstrap: 9_999,
            level: 0.95,
            bootstrap_method: BootstrapChoice::Percentile,
            null_samples: 200,
        }
    }
}

/// A `[comparison]` section that cannot work.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompareConfigError {
    /// `level` outside (0, 1).
    #[error("[comparison] level = {0}: expected a number between 0 and 1 (e.g. 0.95)")]
    Level(f64),
    /// `groups` with fewer than two names or a repeated name.
    #[error("[comparison] groups needs at least two distinct group names")]
    Groups,
    /// `min_group_size` of 0.
    #[error("[comparison] min_group_size must be at least 1")]
    MinGroupSize,
    /// A resampling count above its limit (an absurd value would run for days).
    #[error("[comparison] {name} = {value}: expected at most {limit}")]
    TooMany {
        name: &'static str,
        value: usize,
        limit: usize,
    },
}

/// Largest `permutations` and `bootstrap` accepted: 10⁶ resamples give p-values and interval
/// ends to about ±0.0005 already.
pub const MAX_RESAMPLES: usize = 1_000_000;
/// Largest `null_samples` accepted (each is a random graph per network, with a Louvain run).
pub const MAX_NULL_SAMPLES: usize = 100_000;

impl CompareConfig {
    /// Checks the options.
    ///
    /// # Returns
    /// `Ok(())` or the first problem.
    ///
    /// # Complexity
    /// O(g log g) for g groups.
    pub fn validate(&self) -> Result<(), CompareConfigError> {
        if !(self.level > 0.0 && self.level < 1.0) {
            return Err(CompareConfigError::Level(self.level));
        }
        if self.min_group_size == 0 {
            return Err(CompareConfigError::MinGroupSize);
        }
        for (name, value, limit) in [
            ("permutations", self.permutations, MAX_RESAMPLES),
            ("bootstrap", self.bootstrap, MAX_RESAMPLES),
            ("null_samples", self.null_samples, MAX_NULL_SAMPLES),
        ] {
            if value > limit {
                return Err(CompareConfigError::TooMany { name, value, limit });
            }
        }
        if let Some(g) = &self.groups {
            let distinct: std::collections::BTreeSet<&String> = g.iter().collect();
            if g.len() < 2 || distinct.len() != g.len() {
                return Err(CompareConfigError::Groups);
            }
        }
        Ok(())
    }

    /// The options of [`crate::stats::compare_two_groups`] for one row.
    pub fn two_group_options(&self, seed: u64) -> TwoGroupOptions {
        TwoGroupOptions {
            min_group_size: self.min_group_size,
            n_permutations: self.permutations,
            permutation_stopping: match self.permutation_stopping {
                PermutationStopping::Sequential => Stopping::Decided {
                    alpha: 1.0 - self.level,
                },
                PermutationStopping::Fixed => Stopping::Fixed,
            },
            n_bootstrap: self.bootstrap,
            level: self.level,
            bootstrap_method: match self.bootstrap_method {
                BootstrapChoice::Percentile => BootstrapMethod::Percentile,
                BootstrapChoice::Bca => BootstrapMethod::Bca,
            },
            seed,
        }
    }
}

/// The groups compared and the group of each classified PTCE.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Groups {
    /// Group names in comparison order.
    pub names: Vec<String>,
    /// Index in `names` of each PTCE's group (PTCEs of other groups, or unclassified, absent).
    pub of_ptce: BTreeMap<String, usize>,
}

impl Groups {
    /// Groups from the territory classification.
    ///
    /// # Arguments
    /// * `rows` - the classification ([`crate::territory::classify()`]).
    /// * `names` - the groups to compare, in order; PTCEs of other groups are left out.
    ///
    /// # Returns
    /// The groups.
    ///
    /// # Complexity
    /// O(n log n).
    pub fn new(rows: &[TerritoryRow], names: Vec<String>) -> Groups {
        let of_ptce = rows
            .iter()
            .filter_map(|r| {
                let g = r.group.as_ref()?;
                let i = names.iter().position(|n| n == g)?;
                Some((r.ptce_id.clone(), i))
            })
            .collect();
        Groups { names, of_ptce }
    }

    /// Groups of a study: `[comparison] groups` when given, else the grouping's default order
    /// ([`crate::territory::default_group_order`]).
    ///
    /// # Arguments
    /// * `rows` - the classification.
    /// * `grouping` - the `[territory]` grouping.
    /// * `cfg` - the `[comparison]` options.
    ///
    /// # Returns
    /// The groups.
    ///
    /// # Complexity
    /// O(n log n).
    pub fn for_study(
        rows: &[TerritoryRow],
        grouping: crate::territory::Grouping,
        cfg: &CompareConfig,
    ) -> Groups {
        let names = cfg
            .groups
            .clone()
            .unwrap_or_else(|| crate::territory::default_group_order(grouping, rows));
        Groups::new(rows, names)
    }

    /// Groups from explicit `(ptce_id, group)` pairs (tests, custom callers).
    pub fn from_pairs(pairs: &[(&str, &str)], names: &[&str]) -> Groups {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let of_ptce = pairs
            .iter()
            .filter_map(|(p, g)| Some((p.to_string(), names.iter().position(|n| n == g)?)))
            .collect();
        Groups { names, of_ptce }
    }

    /// All pairs `(i, j)`, `i < j`, in order.
    pub(crate) fn pairs(&self) -> Vec<(usize, usize)> {
        let k = self.names.len();
        (0..k)
            .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
            .collect()
    }
}

/// The identity of a measure row: kind, measure, population, dimension.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct MeasureKey {
    pub family: &'static str,
    pub measure: &'static str,
    pub population: Option<&'static str>,
    pub dimension: Option<&'static str>,
}

impl MeasureKey {
    pub(crate) fn of(v: &MeasureValue) -> MeasureKey {
        MeasureKey {
            family: v.family,
            measure: v.measure,
            population: v.population,
            dimension: v.dimension,
        }
    }
}

/// Sort key of a snapshot: `all` first, then by name.
pub(crate) fn snapshot_key(s: &str) -> (bool, String) {
    (s != "all", s.to_string())
}

/// Defined values of each (measure, snapshot), per PTCE (ordered by PTCE id, so the input order
/// of `values` does not matter; a repeated PTCE keeps its first value).
pub(crate) type ByPtce = BTreeMap<String, f64>;

/// Groups the defined values by measure key and snapshot.
pub(crate) fn collect_values(
    values: &[MeasureValue],
) -> BTreeMap<(MeasureKey, (bool, String)), ByPtce> {
    let mut out: BTreeMap<(MeasureKey, (bool, String)), ByPtce> = BTreeMap::new();
    for v in values {
        let entry = out
            .entry((MeasureKey::of(v), snapshot_key(&v.snapshot)))
            .or_default();
        if let Some(x) = v.value.filter(|x| x.is_finite()) {
            entry.entry(v.ptce_id.clone()).or_insert(x);
        }
    }
    out
}

/// The groups with at least `min` members (indices), and the note naming the others
/// (` (left out, minimum 3: rural has 2)`, empty when none is left out).
pub(crate) fn kept_groups(sizes: &[usize], groups: &Groups, min: usize) -> (Vec<usize>, String) {
    let kept: Vec<usize> = (0..sizes.len()).filter(|&g| sizes[g] >= min).collect();
    let dropped: Vec<String> = (0..sizes.len())
        .filter(|g| !kept.contains(g))
        .map(|g| format!("{} has {}", groups.names[g], sizes[g]))
        .collect();
    let note = if dropped.is_empty() {
        String::new()
    } else {
        format!(" (left out, minimum {min}: {})", dropped.join(", "))
    };
    (kept, note)
}

/// The values of each group, in PTCE-id order.
pub(crate) fn split_by_group(by_ptce: &ByPtce, groups: &Groups) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new(); groups.names.len()];
    for (p, &x) in by_ptce {
        if let Some(&g) = groups.of_ptce.get(p) {
            out[g].push(x);
        }
    }
    out
}

/// Diversity indices that are monotone transforms of a primary index of the same population and
/// dimension, and so repeat its finding (issue 16): `hill_0` = richness; `hill_1` = exp(Shannon);
/// `simpson`, `hill_2` = 1/Simpson and `hhi` = 10,000·Simpson are monotone in Gini–Simpson
/// (= Blau = 1 − Simpson). They keep their estimates but leave every multiple-testing family.
pub const SECONDARY_DIVERSITY: &[(&str, &str)] = &[
    ("hill_0", "richness"),
    ("hill_1", "shannon"),
    ("simpson", "gini_simpson"),
    ("hill_2", "gini_simpson"),
    ("hhi", "gini_simpson"),
];

/// Whether a measure is the primary member of its group of monotone-equivalent measures
/// ([`SECONDARY_DIVERSITY`]); only primary measures enter a Benjamini–Hochberg family.
///
/// # Examples
/// ```
/// assert!(ptce::compare::is_primary("diversity", "gini_simpson"));
/// assert!(!ptce::compare::is_primary("diversity", "hhi"));
/// assert!(ptce::compare::is_primary("network", "density"));
/// ```
pub fn is_primary(family: &str, measure: &str) -> bool {
    family != "diversity" || !SECONDARY_DIVERSITY.iter().any(|(m, _)| *m == measure)
}

/// Significance level below which a test must be able to reach to enter a family (Tarone 1990).
pub const TARONE_ALPHA: f64 = 0.05;

/// BH adjustment within families: `family[i]` names the family of `p[i]`.
pub(crate) fn bh_by_family<F: Ord + Clone>(p: &[Option<f64>], family: &[F]) -> Vec<Option<f64>> {
    let mut members: BTreeMap<F, Vec<usize>> = BTreeMap::new();
    for (i, f) in family.iter().enumerate() {
        members.entry(f.clone()).or_default().push(i);
    }
    let mut out = vec![None; p.len()];
    for idx in members.values() {
        let ps: Vec<Option<f64>> = idx.iter().map(|&i| p[i]).collect();
        for (&i, a) in idx.iter().zip(crate::stats::benjamini_hochberg(&ps)) {
            out[i] = a;
        }
    }
    out
}
