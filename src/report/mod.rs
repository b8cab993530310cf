//! Writing the results of a run: tables (CSV + Parquet), other files, and `manifest.json`,
//! all into an [`outdir::OutputDir`] that replaces the previous results only on success.

pub mod cite;
pub mod csp;
pub mod csv;
pub mod document;
pub mod escape;
pub mod explorer;
pub mod gexf;
pub mod graph;
pub mod graphml;
pub mod html;
pub mod interactive;
pub mod latex;
pub mod manifest;
pub mod markdown;
pub mod outdir;
pub mod parquet;

use crate::load::sha256_hex;
use crate::table::Table;
use manifest::{manifest_json, Provenance, RunRecord};
use outdir::{OutputDir, OutputError, OutputLock};
use std::path::PathBuf;

/// What went wrong while writing results.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("table {table}: {message}")]
    Encode { table: String, message: String },
}

/// `tables/dyad_data.csv` is written only up to this many rows (the Parquet file always).
pub const DYAD_CSV_MAX_ROWS: usize = 200_000;

/// Everything a run keeps in memory until the end: the tables, written as
/// `tables/<name>.csv` and `tables/<name>.parquet` when the run succeeds (the other files are
/// streamed to the [`ResultWriter`] as they are made).
#[derive(Debug, Default)]
pub struct Outputs {
    /// Tables written as `tables/<name>.csv` and `tables/<name>.parquet`.
    pub tables: Vec<Table>,
}

/// The results folder of a run being written: files go to a staging folder as soon as they
/// are made (so that memory holds one file at a time, not the whole results), then
/// [`ResultWriter::finish`] writes the manifest and moves the folder into place. Dropped
/// without `finish` (an error, a panic), it removes the staging folder: the previous results
/// stay as they were.
#[derive(Debug)]
pub struct ResultWriter {
    dir: OutputDir,
    hashes: Vec<(String, u64, String)>,
    raw_csv: bool,
}

/// A table's bytes, from [`ResultWriter::encode_table`].
#[derive(Debug)]
pub struct EncodedTable {
    name: String,
    csv: Option<Vec<u8>>,
    parquet: Vec<u8>,
}

impl ResultWriter {
    /// Opens the staging folder of the output folder locked by `lock` (from
    /// [`outdir::prepare`]); the writer holds the lock until [`ResultWriter::finish`] or until
    /// it is dropped.
    ///
    /// # Arguments
    /// * `lock` — the lock of the results folder; `raw_csv` — keep formula-like CSV cells as
    ///   they are.
    ///
    /// # Errors
    /// [`ReportError::Output`] when the staging folder cannot be created.
    pub fn begin(lock: OutputLock, raw_csv: bool) -> Result<ResultWriter, ReportError> {
        Ok(ResultWriter {
            dir: OutputDir::begin(lock)?,
            hashes: Vec::new(),
            raw_csv,
        })
    }

    /// Writes one file (relative path with `/` separators) and records its size and hash.
    ///
    /// # Errors
    /// [`ReportError::Output`] naming the file.
    pub fn put(&mut self, rel: &str, bytes: &[u8]) -> Result<(), ReportError> {
        self.dir.write(rel, bytes)?;
        self.hashes
            .push((rel.to_string(), bytes.len() as u64, sha256_hex(bytes)));
        Ok(())
    }

    /// Writes a table as `tables/<name>.csv` and `tables/<name>.parquet`.
    ///
    /// # Errors
    /// [`ReportError::Encode`] naming the table, or [`ReportError::Output`].
    pub fn put_table(&mut self, t: &Table) -> Result<(), ReportError> {
        let encoded = Self::encode_table(t, self.raw_csv)?;
        self.put_encoded(encoded)
    }

    /// Whether formula-like CSV cells are kept as they are (`--raw-csv`).
    pub fn raw_csv(&self) -> bool {
        self.raw_csv
    }

    /// The CSV (unless the table is Parquet only) and Parquet bytes of a table, as
    /// [`ResultWriter::put_table`] writes them; needs no writer, so that the next table can be
    /// encoded while one is written.
    ///
    /// # Errors
    /// [`ReportError::Encode`] naming the table.
    pub fn encode_table(t: &Table, raw_csv: bool) -> Result<EncodedTable, ReportError> {
        let enc = |m: String| ReportError::Encode {
            table: t.name.clone(),
            message: m,
        };
        if !t.is_rectangular() {
            return Err(enc("columns of different lengths".to_string()));
        }
        // The dyad data is Parquet only above a documented size (docs/outputs.md).
        let with_csv = t.name != "dyad_data" || t.height() <= DYAD_CSV_MAX_ROWS;
        // The two encodings are independent: made side by side, written one after the other.
        let (csv, pq) = rayon::join(
            || with_csv.then(|| csv::to_csv(t, raw_csv)).transpose(),
            || parquet::to_parquet(t),
        );
        Ok(EncodedTable {
            name: t.name.clone(),
            csv: csv.map_err(|e| enc(e.to_string()))?,
            parquet: pq.map_err(|e| enc(e.to_string()))?,
        })
    }

    /// Writes an encoded table: `tables/<name>.csv` (when made), then `tables/<name>.parquet`.
    ///
    /// # Errors
    /// [`ReportError::Output`].
    pub fn put_encoded(&mut self, t: EncodedTable) -> Result<(), ReportError> {
        if let Some(csv) = t.csv {
            self.put(&format!("tables/{}.csv", t.name), &csv)?;
        }
        self.put(&format!("tables/{}.parquet", t.name), &t.parquet)
    }

    /// Writes the manifest (every file with its size and SHA-256, sorted by path) and moves the
    /// folder into place.
    ///
    /// # Errors
    /// [`ReportError::Output`]; the previous results are left intact.
    pub fn finish(
        mut self,
        provenance: &Provenance,
        run: &RunRecord,
    ) -> Result<PathBuf, ReportError> {
        self.hashes.sort();
        let manifest = manifest_json(provenance, &self.hashes, run);
        self.dir.write("manifest.json", manifest.as_bytes())?;
        Ok(self.dir.commit()?)
    }
}
