//! What the territory classification and the models read besides the study's tables.

use std::collections::BTreeMap;

use super::InseeGrid;

/// Inputs of the territory and model steps that come from outside the study's tables (read by
/// `crate::validate::inputs`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TerritoryInputs {
    /// The INSEE grid named by `[territory] lookup`, parsed.
    pub grid: Option<InseeGrid>,
    /// Values of the `[territory] column` of `ptces.csv`, by PTCE.
    pub column: Option<BTreeMap<String, String>>,
    /// Raw cells of the `ptces.csv` columns named by `[models]` (column → PTCE → text).
    pub model_columns: BTreeMap<String, BTreeMap<String, String>>,
}
