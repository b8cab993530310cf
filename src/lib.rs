//! `ptce`: batch analysis of the formation of Pôles Territoriaux de Coopération Économique.
//!
//! The pipeline is a chain of pure stages from typed inputs to typed outputs:
//! `load → validate → network → metrics → stages → compare → charts → report`.
//! Only `load` reads files; only `report` (and later `charts`) writes, under the output folder.

// No unwrap/expect/panic in library code: a data-dependent failure is an error value.
// Tests may unwrap (clippy.toml: allow-*-in-tests).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod centrality;
pub mod charts;
pub mod commands;
pub mod compare;
pub mod config;
pub mod date;
pub mod diversity;
pub mod events;
pub mod generate;
pub mod graph;
pub mod hazards;
pub mod load;
pub mod model;
pub mod models;
pub mod network;
pub mod pipeline;
pub mod relations;
pub mod report;
pub mod stages;
pub mod stats;
pub mod structure;
pub mod study;
pub mod table;
pub mod territory;
#[cfg(test)]
mod test_support;
pub mod validate;
