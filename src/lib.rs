//! `ptce`: batch analysis of the formation of Pôles Territoriaux de Coopération Économique.
//!
//! The map of the pipeline, one line per stage, in data-flow order (`docs/architecture.md` walks
//! a study through them). Only `load` reads files; only `report` writes them, under the output
//! folder; no stage reads the clock.

// No unwrap/expect/panic in library code: a data-dependent failure is an error value.
// Tests may unwrap (clippy.toml: allow-*-in-tests).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// The data contract: typed records, dates, `study.toml`, the validated study, result tables.
pub mod config;
pub mod date;
pub mod model;
pub mod study;
pub mod table;
// How the binary's allocator returns memory to the system.
pub mod memory;

// Helpers of the library's own tests (not public API).
#[cfg(test)]
mod test_support;

// 1. read: tables (CSV, TSV, Parquet, spreadsheets), study.toml, declared files
pub mod load;

// 2. check: raw cells → `Study`, every problem with file:line:column
pub mod validate;

// 2. fill the members' missing facts from the SIRENE register (`[enrich]`)
pub mod enrich;

// 3. stages of meta-organization creation: timelines, snapshots, boundaries
pub mod stages;

// 4. the CSR graph every metric runs on
pub mod graph;

// 4. networks per PTCE × snapshot, territory networks, survey networks
pub mod network;

// 5. node centralities (networkx conventions)
pub mod centrality;

// 5. structure: components, clustering, Burt, brokerage, Louvain
pub mod structure;

// 5. diversity indices and disparity
pub mod diversity;

// 6. urban/rural and other groupings, official geography
pub mod territory;

// 7. tests, effect sizes, survival, multiplicity, seeded RNG streams
pub mod stats;

// 7. group comparisons and their configuration
pub mod compare;

// 7. size-adjusted regression models
pub mod models;

// 7. competing risks: Aalen–Johansen, Gray's test, date bounds
pub mod events;

// 7. Cox and Fine–Gray models
pub mod hazards;

// 7. dyad-level models: brokerage roles, rewiring, conditional logit, QAP
pub mod relations;

// 8. figures (plotters → SVG → PNG, PDF)
pub mod charts;

// 9. writers, report, manifest, atomic output folder
pub mod report;

// the steps above as one pure function, `pipeline::analyse`
pub mod pipeline;

// synthetic studies (`ptce generate`)
pub mod generate;

// the command line (`ptce run`, `validate`, `generate`, `init`, `cite`)
pub mod commands;
