//! Writing a [`Table`] as Parquet with polars (kept behind this file and `load::parquet`).

use crate::table::{Table, Values};
use polars::prelude::*;
use std::io::Cursor;

/// The row group size polars uses when none is set (`ParquetWriter::finish`).
const ROW_GROUP: usize = 512 * 512;

/// The row groups polars' `ParquetWriter::finish` cuts a single-chunk frame of `height` rows
/// into (`chunk_df_for_writing`, `split_and_flatten`): below [`ROW_GROUP`] rows one group, else
/// `n = height / ROW_GROUP` groups of `height / n` rows, the last taking the remainder.
fn row_groups(height: usize) -> Vec<std::ops::Range<usize>> {
    let n = height / ROW_GROUP;
    if n <= 1 {
        return std::iter::once(0..height).collect();
    }
    let size = height / n;
    (0..n)
        .map(|k| k * size..if k + 1 == n { height } else { (k + 1) * size })
        .collect()
}

/// The polars frame of rows `range` of a table.
fn frame(table: &Table, range: std::ops::Range<usize>) -> Result<DataFrame, PolarsError> {
    let columns: Vec<Column> = table
        .columns
        .iter()
        .map(|c| {
            let name: PlSmallStr = c.name.as_str().into();
            let r = range.clone();
            let s = match &c.values {
                Values::Str(v) => Series::new(name, r.map(|i| v.get(i)).collect::<Vec<_>>()),
                Values::Int(v) => Series::new(name, r.map(|i| v.get(i)).collect::<Vec<_>>()),
                Values::Float(v) => Series::new(name, r.map(|i| v.get(i)).collect::<Vec<_>>()),
            };
            Column::from(s)
        })
        .collect();
    DataFrame::new(range.len(), columns)
}

/// Renders a table as Parquet bytes (zstd-compressed, as polars writes by default).
///
/// The frame is built and written one row group at a time, so a table of millions of rows
/// (`dyad_data`) never exists twice in memory; the groups are those `ParquetWriter::finish`
/// would cut the whole frame into, and the bytes are the same (test below).
///
/// # Errors
/// The polars error when the frame cannot be built or written.
pub fn to_parquet(table: &Table) -> Result<Vec<u8>, PolarsError> {
    let mut buf = Cursor::new(Vec::new());
    let groups = row_groups(table.height());
    let first = frame(table, groups[0].clone())?;
    let mut writer = ParquetWriter::new(&mut buf).batched(first.schema())?;
    writer.write_batch(&first)?;
    drop(first);
    for g in groups.into_iter().skip(1) {
        writer.write_batch(&frame(table, g)?)?;
    }
    writer.finish()?;
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

    /// The whole frame written by polars' own `finish` (the former path).
    fn one_shot(table: &Table) -> Vec<u8> {
        let mut df = frame(table, 0..table.height()).unwrap();
        let mut buf = Cursor::new(Vec::new());
        ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
        buf.into_inner()
    }

    #[test]
    fn row_groups_cover_the_rows_as_polars_cuts_them() {
        assert_eq!(row_groups(0), vec![0..0]);
        assert_eq!(row_groups(ROW_GROUP - 1), vec![0..ROW_GROUP - 1]);
        assert_eq!(row_groups(2 * ROW_GROUP - 1), vec![0..2 * ROW_GROUP - 1]);
        // The 10,000-PTCE study's dyad table: 18 groups of 275,970 rows, the last 275,971.
        let g = row_groups(4_967_461);
        assert_eq!(g.len(), 18);
        assert_eq!(g[0], 0..275_970);
        assert_eq!(g[17], 17 * 275_970..4_967_461);
    }

    #[test]
    fn group_by_group_writing_gives_the_bytes_of_the_one_shot_writer() {
        for height in [
            0,
            1,
            5,
            ROW_GROUP - 1,
            ROW_GROUP,
            2 * ROW_GROUP + 7,
            3 * ROW_GROUP + 1,
        ] {
            let t = Table::new("t")
                .str(
                    "id",
                    (0..height).map(|i| (i % 7 != 3).then(|| format!("P{}", i % 1000))),
                )
                .int(
                    "n",
                    (0..height).map(|i| (i % 5 != 0).then_some(i as i64 % 3)),
                )
                .int("big", (0..height).map(|i| Some(i as i64 * 1_000)))
                .float(
                    "x",
                    (0..height).map(|i| (i % 11 != 0).then_some(i as f64 / 7.0)),
                );
            let ours = to_parquet(&t).unwrap();
            assert_eq!(ours, one_shot(&t), "{height} rows");
            if height > 0 {
                let f = polars::prelude::ParquetReader::new(Cursor::new(ours))
                    .finish()
                    .unwrap();
                assert_eq!(f.height(), height);
            }
        }
    }
}
