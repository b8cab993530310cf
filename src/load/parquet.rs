//! Reading a Parquet table into a [`RawTable`] (polars stays behind this file and
//! `report::parquet`).
//!
//! Every column is cast to text, so that one validator serves CSV and Parquet alike. Lines are
//! reported as row index + 2, as if the file had a header line.
//!
//! The footer is read first and what it declares — rows, columns, cells, decompressed size — is
//! checked against the [`Limits`] before any page is decoded: a file declaring 2³¹ rows is
//! refused, not allocated. What the pages themselves claim is left to polars (a file whose
//! footer understates its pages' sizes is bounded only by the decoder; `docs/reliability.md`).

use super::table::{trim_cell, RawTable, Rows};
use super::{Limits, LoadError};
use polars::prelude::*;
use std::io::Cursor;

/// What a Parquet footer declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declared {
    pub rows: u64,
    pub columns: u64,
    /// Sum of the uncompressed sizes of every column chunk, in bytes.
    pub decompressed: u64,
}

/// Checks what a footer declares against `limits`.
///
/// # Errors
/// [`LoadError::Limit`] for the first limit passed.
pub fn check_declared(file: &str, d: Declared, limits: &Limits) -> Result<(), LoadError> {
    let checks = [
        (d.columns, limits.max_columns, "max_columns", "columns"),
        (d.rows, limits.max_rows, "max_rows", "rows"),
        (
            d.rows.saturating_mul(d.columns),
            limits.max_cells,
            "max_cells",
            "cells",
        ),
        (
            d.decompressed,
            limits.max_decompressed_bytes,
            "max_decompressed_bytes",
            "bytes once decompressed",
        ),
    ];
    for (found, limit, key, what) in checks {
        if found > limit {
            let what = format!("the file declares {found} {what}");
            return Err(limits.exceeded(file, None, key, what));
        }
    }
    Ok(())
}

/// Reads the bytes of a Parquet file under `limits`: the footer first, then the pages.
///
/// # Errors
/// [`LoadError::Limit`] when the footer declares more than `limits` allow, or a cell is longer
/// than [`Limits::max_cell_bytes`]; [`LoadError::Parquet`] when polars cannot read the file or
/// cast a column to text.
pub fn parse_parquet(file: &str, bytes: &[u8], limits: &Limits) -> Result<RawTable, LoadError> {
    let err = |e: PolarsError| LoadError::Parquet {
        file: file.to_string(),
        message: e.to_string(),
    };
    let mut reader = ParquetReader::new(Cursor::new(bytes));
    let declared = {
        let meta = reader.get_metadata().map_err(err)?;
        let mut decompressed: u64 = 0;
        let mut rows: u64 = 0;
        for group in &meta.row_groups {
            rows = rows.saturating_add(group.num_rows() as u64);
            for column in group.parquet_columns() {
                let size = u64::try_from(column.uncompressed_size()).unwrap_or(u64::MAX);
                decompressed = decompressed.saturating_add(size);
            }
        }
        Declared {
            rows: rows.max(meta.num_rows as u64),
            columns: meta.schema_descr.columns().len() as u64,
            decompressed,
        }
    };
    check_declared(file, declared, limits)?;
    let df = reader.finish().map_err(err)?;
    let headers: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut texts: Vec<Column> = Vec::with_capacity(headers.len());
    for column in df.columns() {
        texts.push(column.cast(&DataType::String).map_err(err)?);
    }
    let columns = texts
        .iter()
        .map(|c| c.str().map_err(err))
        .collect::<Result<Vec<_>, _>>()?;
    for (j, column) in columns.iter().enumerate() {
        if let Some(i) = column
            .iter()
            .position(|v| v.is_some_and(|s| trim_cell(s).len() as u64 > limits.max_cell_bytes))
        {
            let what = format!(
                "a cell of column {:?} of more than {} bytes",
                headers[j], limits.max_cell_bytes
            );
            return Err(limits.exceeded(file, Some(i + 2), "max_cell_bytes", what));
        }
    }
    // Row by row from the text columns, without a string per cell.
    let mut rows = Rows::new(headers.len());
    let mut iters: Vec<_> = columns.iter().map(|c| c.iter()).collect();
    let mut cells: Vec<&str> = Vec::with_capacity(iters.len());
    for i in 0..df.height() {
        cells.clear();
        cells.extend(
            iters
                .iter_mut()
                .map(|it| it.next().flatten().map_or("", trim_cell)),
        );
        rows.push(i + 2, cells.iter().copied());
    }
    rows.shrink();
    Ok(RawTable {
        file: file.to_string(),
        headers,
        rows,
        encoding: None,
        separator: None,
    })
}
