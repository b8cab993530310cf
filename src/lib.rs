//! `ptce`: batch analysis of the formation of Pôles Territoriaux de Coopération Économique.
//!
//! The pipeline is a chain of pure stages from typed inputs to typed outputs:
//! `load → validate → network → metrics → stages → compare → charts → report`.
//! Only `load` reads files; only `report` (and later `charts`) writes, under the output folder.

pub mod config;
pub mod date;
/// Diversity indices (being integrated; only the NAF helpers for now).
pub mod diversity {
    pub mod naf;
}
pub mod graph;
pub mod load;
pub mod model;
pub mod study;
pub mod validate;
pub mod clean;
pub mod commands;
pub mod pipeline;
pub mod report;
pub mod table;
