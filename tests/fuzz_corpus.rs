//! Replays the committed fuzz corpus through the fuzz targets' entry points (`fuzz/src/fuzzing.rs`),
//! so that `cargo test` checks, without libFuzzer or nightly, that no input the fuzzers kept
//! (`fuzz/corpus/<target>/`) and no input that once crashed (`fuzz/regressions/<target>/`)
//! panics or breaks an invariant today. fuzz/README.md says how the corpus was grown.

use std::panic::{catch_unwind, AssertUnwindSafe};

// The fuzz targets' entry points live in the fuzz crate and name the modules they test by their
// `crate::` paths; those paths resolve through these imports of the library.
#[allow(unused_imports)]
use ptce::{config, date, diversity, enrich, load, model, stages, territory, validate};

#[path = "../fuzz/src/fuzzing.rs"]
mod fuzzing;
use std::path::{Path, PathBuf};

/// The files of `fuzz/<kind>/<target>/`, sorted (none if the folder is absent).
fn inputs(kind: &str, target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// Runs `f` on every corpus and regression input of `target`; fails if the corpus is empty
/// (so that the test cannot pass vacuously) or if any input panics, naming every such input.
fn replay(target: &str, f: fn(&[u8])) {
    let corpus = inputs("corpus", target);
    let regressions = inputs("regressions", target);
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{target}/ is empty or missing: nothing replayed"
    );
    let failed: Vec<String> = corpus
        .iter()
        .chain(&regressions)
        .filter(|path| {
            let bytes = std::fs::read(path).unwrap();
            catch_unwind(AssertUnwindSafe(|| f(&bytes))).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{target}: {} of {} inputs panicked: {failed:#?}",
        failed.len(),
        corpus.len() + regressions.len()
    );
    eprintln!(
        "{target}: replayed {} corpus and {} regression inputs",
        corpus.len(),
        regressions.len()
    );
}

#[test]
fn decode_and_split_corpus() {
    replay("decode_and_split", fuzzing::fuzz_decode_and_split);
}

#[test]
fn dates_corpus() {
    replay("dates", fuzzing::fuzz_dates);
}

#[test]
fn cells_corpus() {
    replay("cells", fuzzing::fuzz_cells);
}

#[test]
fn study_toml_corpus() {
    replay("study_toml", fuzzing::fuzz_study_toml);
}

#[test]
fn validate_tables_corpus() {
    replay("validate_tables", fuzzing::fuzz_validate_tables);
}

#[test]
fn declared_files_corpus() {
    replay("declared_files", fuzzing::fuzz_declared_files);
}

#[test]
fn workbook_corpus() {
    replay("workbook", fuzzing::fuzz_workbook);
}

#[test]
fn geography_corpus() {
    replay("geography", fuzzing::fuzz_geography);
}

#[test]
fn sirene_corpus() {
    replay("sirene", fuzzing::fuzz_sirene);
}

#[test]
fn a_regression_input_is_replayed() {
    // The date that once overflowed (year 757 019 430, fuzz/regressions/dates/) must be among
    // the replayed inputs, so that a misplaced folder cannot make the replay vacuous.
    assert!(!inputs("regressions", "dates").is_empty());
}
