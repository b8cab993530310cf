//! Writing the results of a run: tables (CSV + Parquet), other files, and `manifest.json`,
//! all into an [`outdir::OutputDir`] that replaces the previous results only on success.

pub mod cite;
pub mod csv;
pub mod escape;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod latex;
pub mod manifest;
pub mod markdown;
pub mod outdir;
pub mod parquet;

use crate::load::sha256_hex;
use crate::table::Table;
use manifest::{manifest_json, Provenance, RunRecord};
use outdir::{OutputDir, OutputError};
use std::path::{Path, PathBuf};

/// What went wrong while writing results.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("table {table}: {message}")]
    Encode { table: String, message: String },
}

/// Everything a run writes, besides the manifest.
#[derive(Debug, Default)]
pub struct Outputs {
    /// Tables written as `tables/<name>.csv` and `tables/<name>.parquet`.
    pub tables: Vec<Table>,
    /// Other files (figures, exports, report), by relative path.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Writes every output and the manifest, then moves the folder into place.
///
/// # Errors
/// [`ReportError`] naming the table or path; the previous results are left intact.
pub fn write_outputs(
    out: &Path,
    outputs: &Outputs,
    provenance: &Provenance,
    run: &RunRecord,
    raw_csv: bool,
) -> Result<PathBuf, ReportError> {
    let mut dir = OutputDir::begin(out)?;
    let mut hashes: Vec<(String, u64, String)> = Vec::new();
    let mut put = |dir: &mut OutputDir, rel: String, bytes: &[u8]| -> Result<(), ReportError> {
        dir.write(&rel, bytes)?;
        hashes.push((rel, bytes.len() as u64, sha256_hex(bytes)));
        Ok(())
    };
    for t in &outputs.tables {
        let enc = |m: String| ReportError::Encode {
            table: t.name.clone(),
            message: m,
        };
        if !t.is_rectangular() {
            return Err(enc("columns of different lengths".to_string()));
        }
        let csv = csv::to_csv(t, raw_csv).map_err(|e| enc(e.to_string()))?;
        put(&mut dir, format!("tables/{}.csv", t.name), &csv)?;
        let pq = parquet::to_parquet(t).map_err(|e| enc(e.to_string()))?;
        put(&mut dir, format!("tables/{}.parquet", t.name), &pq)?;
    }
    for (rel, bytes) in &outputs.files {
        put(&mut dir, rel.clone(), bytes)?;
    }
    hashes.sort();
    let manifest = manifest_json(provenance, &hashes, run);
    dir.write("manifest.json", manifest.as_bytes())?;
    Ok(dir.commit()?)
}
