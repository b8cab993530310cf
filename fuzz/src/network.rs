//! The survey part of `ptce::network` (what `validate` reads); the rest of `network` builds
//! graphs with petgraph and is not fuzzed.

#[path = "../../src/network/survey.rs"]
pub mod survey;
