//! Comparison of the outputs of a study and of the same study with permuted input rows.

use proptest::prelude::*;
use std::path::Path;

use super::study_files::{csv_multiset, mask_sha256, parquet_multiset, same_paths, sorted_lines};
use crate::common::tree;

// Cleaned copies of the input tables (`docs/outputs.md`, "The input, cleaned") and the
// validation listing: their rows are the input rows (organizations sorted by id, the other
// tables in input order), so a row permutation legitimately permutes them.
use ptce::pipeline::publish::INPUT_TABLES as INPUT_COPIES;

/// Result tables whose row order followed the order of the rows of `ptces.csv` until
/// validation sorted PTCEs by id (finding fixed; `result_tables_do_not_follow_ptce_row_order`
/// checks them).
pub const PTCE_ROW_TABLES: [&str; 10] = [
    "diversity",
    "edges",
    "founders",
    "network_metrics",
    "node_metrics",
    "practices",
    "ptce_stage_summary",
    "stage_flows",
    "stages",
    "territories",
];

/// Result tables whose row order legitimately follows `ptces.csv` (compared as multisets of
/// rows): none since PTCEs are sorted by id in validation.
pub const FOLLOW_PTCES_ORDER: [&str; 0] = [];

/// Tables skipped for a known order bug: none (the null models were seeded by PTCE position
/// until PTCEs were sorted by id; `null_models_do_not_depend_on_ptce_row_order`).
const KNOWN_ORDER_BUG: [&str; 0] = [];

/// How an output file of a row-permuted study is compared with the original run's.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Compare {
    /// Byte for byte.
    Bytes,
    /// Header equal, data lines as a multiset (CSV, LaTeX) / rows as a multiset (Parquet).
    Rows,
    /// Lines as a multiset, SHA-256 digests masked (the reports list the inputs' digests and
    /// render the PTCE-ordered tables).
    ReportLines,
    /// `manifest.json`: run-dependent fields and input digests left out.
    Manifest,
    /// Not compared (known bug).
    Skip,
}

fn table_stem(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("tables/")?;
    Some(rest.rsplit_once('.').map_or(rest, |(stem, _)| stem))
}

fn row_permutation_rule(path: &str) -> Compare {
    match table_stem(path) {
        Some(t) if KNOWN_ORDER_BUG.contains(&t) => Compare::Skip,
        Some(t) if INPUT_COPIES.contains(&t) || FOLLOW_PTCES_ORDER.contains(&t) => Compare::Rows,
        _ if path == "manifest.json" => Compare::Manifest,
        _ if path.starts_with("report.") => Compare::ReportLines,
        _ => Compare::Bytes,
    }
}

/// `manifest.json` without what legitimately changes: the `run` record (paths, timings,
/// threads), the inputs' digests, and the digests (and, for Parquet, sizes) of the outputs
/// compared as multisets of rows or lines.
fn manifest_core(bytes: &[u8], multiset_files: &[String]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let m = v.as_object_mut().unwrap();
    m.remove("run");
    for input in m["inputs"].as_array_mut().unwrap() {
        input.as_object_mut().unwrap().remove("sha256");
    }
    for output in m["outputs"].as_array_mut().unwrap() {
        let o = output.as_object_mut().unwrap();
        if multiset_files.iter().any(|f| o["file"] == f.as_str()) {
            // Parquet's compressed pages depend on the row order: the size too.
            o.remove("sha256");
            o.remove("bytes");
        }
    }
    v
}

/// The JSON paths at which `a` and `b` differ (leaves), into `out`.
fn json_diff(a: &serde_json::Value, b: &serde_json::Value, path: &str, out: &mut Vec<String>) {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let (u, v) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                json_diff(u, v, &format!("{path}/{k}"), out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                let name = u["file"].as_str().map_or(i.to_string(), str::to_string);
                json_diff(u, v, &format!("{path}/{name}"), out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} vs {b}")),
        _ => {}
    }
}

/// Compares two output folders of the same study, the second with permuted input rows; fails
/// with the list of every output that differs.
pub fn compare_row_permuted(a: &Path, b: &Path) -> Result<(), TestCaseError> {
    let (ta, tb) = (tree(a), tree(b));
    let paths = same_paths(&ta, &tb).map_err(TestCaseError::fail)?;
    let multiset: Vec<String> = paths
        .iter()
        .filter(|p| {
            matches!(
                row_permutation_rule(p),
                Compare::Rows | Compare::ReportLines | Compare::Skip
            )
        })
        .cloned()
        .collect();
    let mut differing = Vec::new();
    for p in &paths {
        let (x, y) = (&ta[p], &tb[p]);
        let same = match row_permutation_rule(p) {
            Compare::Bytes => x == y,
            Compare::Rows if p.ends_with(".parquet") => {
                parquet_multiset(p, x) == parquet_multiset(p, y)
            }
            Compare::Rows => csv_multiset(x) == csv_multiset(y),
            Compare::ReportLines => sorted_lines(x, mask_sha256) == sorted_lines(y, mask_sha256),
            Compare::Manifest => {
                let mut d = Vec::new();
                json_diff(
                    &manifest_core(x, &multiset),
                    &manifest_core(y, &multiset),
                    "",
                    &mut d,
                );
                if !d.is_empty() {
                    differing.push(format!("manifest.json at {d:?}"));
                }
                true
            }
            Compare::Skip => true,
        };
        if !same {
            differing.push(p.clone());
        }
    }
    prop_assert!(differing.is_empty(), "outputs that differ: {differing:?}");
    Ok(())
}
