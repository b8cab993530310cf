//! Territory of each PTCE: urban or rural (or a finer grouping), from INSEE's grille communale de
//! densité (`docs/territory.md`, `../shared/domain.md` §3).
//!
//! The class of a PTCE comes, in this order, from
//! 1. its `density_level` in `ptces.csv` (7-level grid: 1–4 urban, 5–7 rural), for the default
//!    urban/rural grouping;
//! 2. its `commune_code` looked up in the INSEE grid the researcher put in the study folder
//!    (`[territory] lookup = "…"`), read by [`parse_insee_grid`];
//! 3. or, with `grouping = "column"`, the value of a column of `ptces.csv`.
//!
//! A PTCE that cannot be classified is kept, with `group = None` and the reason: nothing is
//! silently dropped. [`territories_table`] gives `tables/territories.csv`.
//!
//! Whatever the class, each PTCE is also placed with the official geography shipped with the tool
//! ([`geography()`], COG 2026 and IGN outlines): its commune code of any year resolved to today's
//! commune ([`resolve_commune`]), department and region derived (the study's own values win), a
//! representative point and `commune_density` (inhabitants per km², not INSEE's grid). No
//! density grid is shipped: INSEE's grid is not in a registry package, and nothing stands in
//! for it under its name.
//!
//! Everything here is a pure function of text and records: the lead reads and decodes the files.

pub mod classify;
pub mod cog;
pub mod geography;
pub mod grid_map;
pub mod inputs;
pub mod insee;
pub mod outlines;
pub mod place;

pub use classify::{classify, default_group_order, TerritoryRow};
pub use cog::{department_of_code, nearest_by_name, resolve_commune, ResolveError, Resolved, Via};
pub use geography::{
    geography, Commune, CommuneKind, Department, Geography, GeographyError, GEOGRAPHY_VINTAGE,
};
pub use grid_map::{grid_communes, territory_grid_table, GridCommune};
pub use inputs::TerritoryInputs;
pub(crate) use insee::normalize as normalize_name;
pub use insee::{
    canonical_commune, parent_commune, parse_insee_grid, GridEntry, GridError, InseeGrid,
};
pub use outlines::{department_outlines, DepartmentOutline};
pub use place::{canonical_department, place_of, Place};

use serde::{Deserialize, Serialize};

use crate::table::Table;

/// How PTCEs are grouped for the comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grouping {
    /// `urban` (DENS7 1–4, DENS 1–2) or `rural` (DENS7 5–7, DENS 3, former grid 3–4).
    #[default]
    UrbanRural,
    /// INSEE's 4 catégories d'espace (DENS_AAV): `urban_dense`, `urban_intermediate`,
    /// `rural_periurban`, `rural_non_periurban`.
    DensAav,
    /// The values of a column of `ptces.csv` (named by `column`).
    Column,
}

/// Which density grid of the lookup file gives the urban/rural class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GridKind {
    /// DENS7 when the file has it, else the DENS column (3 or 4 levels, told apart by a level 4
    /// or by "peu dense" labels).
    #[default]
    Auto,
    /// The 7-level grid (DENS7): 1–4 urban, 5–7 rural.
    Dens7,
    /// The 3-level grid (DENS): 1–2 urban, 3 rural.
    Dens3,
    /// The former 4-level grid (to 2021): 1–2 urban, 3–4 rural.
    Dens4,
}

/// `[territory]` options of `study.toml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TerritoryConfig {
    /// File name, inside the study folder, of the INSEE grid exported to CSV.
    pub lookup: Option<String>,
    /// Grouping of the comparisons.
    pub grouping: Grouping,
    /// Column of `ptces.csv` giving the group when `grouping = "column"`.
    pub column: Option<String>,
    /// Density grid of the lookup file to use.
    pub grid: GridKind,
}

/// A `[territory]` section that cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TerritoryConfigError {
    /// `grouping = "column"` without `column`.
    #[error("[territory] grouping = \"column\" needs `column = \"<a column of ptces.csv>\"`")]
    MissingColumn,
    /// `column` given with another grouping.
    #[error("[territory] column = \"{0}\" is only used with grouping = \"column\"")]
    UnusedColumn(String),
    /// `grouping = "dens_aav"` without a lookup file (DENS_AAV is only in INSEE's grid).
    #[error("[territory] grouping = \"dens_aav\" needs `lookup = \"<INSEE grid file>\"`")]
    MissingLookup,
}

impl TerritoryConfig {
    /// Checks that the options fit together.
    ///
    /// # Returns
    /// `Ok(())`, or the first inconsistency.
    ///
    /// # Complexity
    /// O(1).
    pub fn validate(&self) -> Result<(), TerritoryConfigError> {
        match (self.grouping, &self.column) {
            (Grouping::Column, None) => Err(TerritoryConfigError::MissingColumn),
            (Grouping::UrbanRural | Grouping::DensAav, Some(c)) => {
                Err(TerritoryConfigError::UnusedColumn(c.clone()))
            }
            (Grouping::DensAav, None) if self.lookup.is_none() => {
                Err(TerritoryConfigError::MissingLookup)
            }
            _ => Ok(()),
        }
    }
}

/// `tables/territories.csv`: one row per PTCE with its group (empty when unclassified), where the
/// group came from and a human-readable detail (or the reason it is unclassified), then its
/// place from the shipped geography ([`Place`]).
///
/// # Arguments
/// * `rows` - the output of [`classify()`].
///
/// # Returns
/// The table `territories` with columns `ptce_id`, `group`, `source`, `detail`,
/// `commune_resolved`, `commune_name`, `department`, `region`, `lon`, `lat`, `commune_density`
/// (inhabitants per km², rounded to 0.1).
///
/// # Complexity
/// O(n).
pub fn territories_table(rows: &[TerritoryRow]) -> Table {
    Table::new("territories")
        .str("ptce_id", rows.iter().map(|r| Some(r.ptce_id.clone())))
        .str("group", rows.iter().map(|r| r.group.clone()))
        .str("source", rows.iter().map(|r| Some(r.source.clone())))
        .str("detail", rows.iter().map(|r| Some(r.detail.clone())))
        .str(
            "commune_resolved",
            rows.iter().map(|r| r.place.commune_resolved.clone()),
        )
        .str(
            "commune_name",
            rows.iter().map(|r| r.place.commune_name.clone()),
        )
        .str(
            "department",
            rows.iter().map(|r| r.place.department.clone()),
        )
        .str("region", rows.iter().map(|r| r.place.region.clone()))
        .float("lon", rows.iter().map(|r| r.place.lon))
        .float("lat", rows.iter().map(|r| r.place.lat))
        .float(
            "commune_density",
            rows.iter()
                .map(|r| r.place.commune_density.map(|d| (d * 10.0).round() / 10.0)),
        )
}

#[cfg(test)]
mod scatter_tests;
#[cfg(test)]
mod tests;
