//! Reading a Parquet table into a [`RawTable`] (polars stays behind this file and
//! `report::parquet`).
//!
//! Every column is cast to text, so that one validator serves CSV and Parquet alike. Lines are
//! reported as row index + 2, as if the file had a header line.

use super::table::{trim_cell, RawRow, RawTable};
use super::LoadError;
use polars::prelude::*;
use std::io::Cursor;

/// Reads the bytes of a Parquet file.
///
/// # Errors
/// [`LoadError::Parquet`] when polars cannot read the file or cast a column to text.
pub fn parse_parquet(file: &str, bytes: &[u8]) -> Result<RawTable, LoadError> {
    let err = |e: PolarsError| LoadError::Parquet {
        file: file.to_string(),
        message: e.to_string(),
    };
    let df = ParquetReader::new(Cursor::new(bytes))
        .finish()
        .map_err(err)?;
    let headers: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let n = df.height();
    let mut columns: Vec<Vec<String>> = Vec::with_capacity(headers.len());
    for column in df.columns() {
        let text = column.cast(&DataType::String).map_err(err)?;
        let text = text.str().map_err(err)?;
        columns.push(
            text.iter()
                .map(|v| v.map(|s| trim_cell(s).to_string()).unwrap_or_default())
                .collect(),
        );
    }
    let rows = (0..n)
        .map(|i| RawRow {
            line: i + 2,
            cells: columns.iter().map(|c| c[i].clone()).collect(),
        })
        .collect();
    Ok(RawTable {
        file: file.to_string(),
        headers,
        rows,
        encoding: None,
        separator: None,
    })
}
