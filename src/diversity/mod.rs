//! Diversity of a composition of categories: variety, balance and disparity (Stirling 2007).
//!
//! Pure functions, no I/O. A *composition* is a slice of non-negative weights (member counts or
//! employees), one per category; a [`Disparity`] gives the distance between the categories, in the
//! same order. See `docs/diversity.md` for every formula, bound, undefined case and reference.
//!
//! - [`indices`]: richness, Shannon, Pielou, Simpson, Gini–Simpson, Hill numbers, HHI,
//!   Rao–Stirling, and [`diversity`] which computes them all.
//! - [`disparity`]: distances from the NAF tree, uniform distances, or a researcher's matrix.
//! - [`naf`]: NAF rév. 2 codes (parse, section, canonical form).

pub mod disparity;
pub mod indices;
mod matrix_csv;
pub mod naf;

#[cfg(test)]
mod oracle_tests;

pub use disparity::{Disparity, DisparityError, MatrixError, MatrixErrors, MatrixProblem};
pub use indices::{
    check_composition, diversity, gini_simpson, hhi, hill, hill_0, hill_1, hill_2, pielou,
    rao_stirling, richness, shannon, simpson, CompositionError, Diversity,
};
pub use naf::{parse_naf, section, NafCode, NafError, NafLevel};

/// Supplied disparity matrices by dimension (`[diversity] disparity_files`).
pub type Matrices = std::collections::BTreeMap<String, Disparity>;
