//! The polars-free part of `ptce`, compiled from the real source files of `../src` with the
//! same module paths as in the main crate, for the fuzz targets of `fuzz_targets/` (which call
//! `ptce_fuzz::fuzzing::*`, the functions `tests/fuzz_corpus.rs` replays in the main crate).

#[path = "../../src/compare/mod.rs"]
pub mod compare;
#[path = "../../src/config.rs"]
pub mod config;
#[path = "../../src/date.rs"]
pub mod date;
#[path = "../../src/diversity/mod.rs"]
pub mod diversity;
#[path = "../../src/enrich/mod.rs"]
pub mod enrich;
#[path = "../../src/events/mod.rs"]
pub mod events;
pub mod fuzzing;
#[path = "../../src/graph.rs"]
pub mod graph;
#[path = "../../src/load/mod.rs"]
pub mod load;
#[path = "../../src/model.rs"]
pub mod model;
pub mod network;
#[path = "../../src/relations/mod.rs"]
pub mod relations;
#[path = "../../src/stages/mod.rs"]
pub mod stages;
#[path = "../../src/stats/mod.rs"]
pub mod stats;
#[path = "../../src/structure/mod.rs"]
pub mod structure;
#[path = "../../src/study.rs"]
pub mod study;
#[path = "../../src/table.rs"]
pub mod table;
#[path = "../../src/territory/mod.rs"]
pub mod territory;
#[path = "../../src/validate/mod.rs"]
pub mod validate;
