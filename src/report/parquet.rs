//! Writing a [`Table`] as Parquet with polars (kept behind this file and `load::parquet`).

use crate::table::{Table, Values};
use polars::prelude::*;
use std::io::Cursor;

/// Renders a table as Parquet bytes (zstd-compressed, as polars writes by default).
///
/// # Errors
/// The polars error when the frame cannot be built or written.
pub fn to_parquet(table: &Table) -> Result<Vec<u8>, PolarsError> {
    let columns: Vec<Column> = table
        .columns
        .iter()
        .map(|c| {
            let name: PlSmallStr = c.name.as_str().into();
            let s = match &c.values {
                Values::Str(v) => Series::new(name, v),
                Values::Int(v) => Series::new(name, v),
                Values::Float(v) => Series::new(name, v),
            };
            Column::from(s)
        })
        .collect();
    let mut df = DataFrame::new(table.height(), columns)?;
    let mut buf = Cursor::new(Vec::new());
    ParquetWriter::new(&mut buf).finish(&mut df)?;
    Ok(buf.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_the_loader() {
        let t = Table::new("t")
            .str("id", [Some("P1"), None])
            .float("x", [Some(0.25), None])
            .int("n", [Some(7), Some(8)]);
        let bytes = to_parquet(&t).unwrap();
        let raw =
            crate::load::parquet::parse_parquet("t.parquet", &bytes, &Default::default()).unwrap();
        assert_eq!(raw.headers, vec!["id", "x", "n"]);
        assert_eq!(raw.rows.get(0).unwrap().to_vec(), vec!["P1", "0.25", "7"]);
        assert_eq!(raw.rows.get(1).unwrap().to_vec(), vec!["", "", "8"]);
        assert_eq!(raw.rows.get(1).unwrap().line, 3);
        assert_eq!(to_parquet(&t).unwrap(), bytes, "same table, same bytes");
    }
}
