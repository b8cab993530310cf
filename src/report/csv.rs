//! Writing a [`Table`] as CSV: UTF-8 without BOM, `,` separator, `\n` line ends, header line,
//! empty cell for a missing value, floats by [`format_float`].
//!
//! Spreadsheet safety: a text cell starting with `=`, `+`, `-` or `@` (or a tab / carriage
//! return) would be run as a formula by Excel or LibreOffice; such cells are prefixed with an
//! apostrophe `'` unless `raw` is asked for (documented in `docs/reliability.md`).

use crate::table::{format_float, Table, Values};

/// Prefixes a formula-like text cell with `'`.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Renders a table as CSV bytes.
///
/// # Errors
/// Only if the csv writer fails, which writing to memory does not.
pub fn to_csv(table: &Table, raw: bool) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(table.columns.iter().map(|c| c.name.as_str()))?;
    let mut record: Vec<String> = Vec::with_capacity(table.columns.len());
    for i in 0..table.height() {
        record.clear();
        for c in &table.columns {
            let cell = match &c.values {
                Values::Str(v) => match v.get(i) {
                    Some(s) if raw => s.to_string(),
                    Some(s) => neutralize(s).into_owned(),
                    None => String::new(),
                },
                Values::Int(v) => v.get(i).map(|x| x.to_string()).unwrap_or_default(),
                Values::Float(v) => v.get(i).map(format_float).unwrap_or_default(),
            };
            record.push(cell);
        }
        w.write_record(&record)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nulls_quotes_and_neutralizes_formulas() {
        let t = Table::new("t")
            .str("name", [Some("=1+1"), Some("a,b"), None, Some("-x")])
            .float("x", [Some(0.5), None, Some(-1.0), Some(2.0)])
            .int("n", [Some(3), Some(-4), None, Some(0)]);
        let out = String::from_utf8(to_csv(&t, false).unwrap()).unwrap();
        assert_eq!(out, "name,x,n\n'=1+1,0.5,3\n\"a,b\",,-4\n,-1,\n'-x,2,0\n");
        let raw = String::from_utf8(to_csv(&t, true).unwrap()).unwrap();
        assert!(raw.starts_with("name,x,n\n=1+1,"));
    }
}
