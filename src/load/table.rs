//! A table as read from disk, before typing: a header and rows of trimmed text cells, each row
//! with the line it started on (1-based, header = line 1), so that every later message can
//! name file, line and column.

use super::text::{decode, detect_separator, looks_binary, Encoding};
use super::LoadError;

/// A raw table: header and text cells.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    /// File name as shown in messages (relative to the study folder).
    pub file: String,
    /// Column names as written in the header (trimmed).
    pub headers: Vec<String>,
    /// Data rows.
    pub rows: Vec<RawRow>,
    /// Encoding found (`None` for Parquet).
    pub encoding: Option<Encoding>,
    /// Separator found (`None` for Parquet).
    pub separator: Option<u8>,
}

/// One data row.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// Line of the file where the row starts (header = 1); for Parquet, row index + 2.
    pub line: usize,
    /// Cells, one per header column (short rows are padded with empty cells).
    pub cells: Vec<String>,
}

impl RawTable {
    /// Index of the column named `name`, matched case-insensitively after trimming.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    }
}

/// Trims spaces, tabs and the non-breaking spaces of French exports (U+00A0, U+202F).
pub fn trim_cell(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
}

/// Parses the bytes of a CSV/TSV table.
///
/// # Errors
/// [`LoadError`] for an empty file, binary content, a malformed quote, or a row with more cells
/// than the header — each naming the file and line.
pub fn parse_csv(file: &str, bytes: &[u8]) -> Result<RawTable, LoadError> {
    let (text, encoding) = decode(bytes);
    if text.trim().is_empty() {
        return Err(LoadError::Empty {
            file: file.to_string(),
        });
    }
    if looks_binary(&text) {
        return Err(LoadError::Binary {
            file: file.to_string(),
        });
    }
    let separator = detect_separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
            LoadError::Malformed {
                file: file.to_string(),
                line,
                message: e.to_string(),
            }
        })?;
        if !more {
            break;
        }
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        if record.iter().all(|c| trim_cell(c).is_empty()) {
            continue; // blank lines (including ";;;;" rows of spreadsheets) are skipped
        }
        match &headers {
            // Blank lines above the header are skipped; lines keep their numbers in the file.
            None => headers = Some(record.iter().map(|c| trim_cell(c).to_string()).collect()),
            Some(h) => {
                let mut cells: Vec<String> =
                    record.iter().map(|c| trim_cell(c).to_string()).collect();
                if cells.len() > h.len() {
                    let extra_filled = cells[h.len()..].iter().any(|c| !c.is_empty());
                    if extra_filled {
                        return Err(LoadError::TooManyCells {
                            file: file.to_string(),
                            line,
                            found: cells.len(),
                            expected: h.len(),
                        });
                    }
                    cells.truncate(h.len());
                }
                cells.resize(h.len(), String::new());
                rows.push(RawRow { line, cells });
            }
        }
    }
    let headers = headers.ok_or_else(|| LoadError::Empty {
        file: file.to_string(),
    })?;
    Ok(RawTable {
        file: file.to_string(),
        headers,
        rows,
        encoding: Some(encoding),
        separator: Some(separator),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_semicolon_bom_crlf() {
        let bytes = b"\xEF\xBB\xBFptce_id;Name\r\nP1;\" Caf\xC3\xA9 \xC2\xA0\"\r\n\r\nP2;x;;\r\n";
        let t = parse_csv("ptces.csv", bytes).unwrap();
        assert_eq!(t.headers, vec!["ptce_id", "Name"]);
        assert_eq!(t.separator, Some(b';'));
        assert_eq!(t.encoding, Some(Encoding::Utf8Bom));
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells, vec!["P1", "Café"]);
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.column("name"), Some(1));
    }

    #[test]
    fn multi_line_cells_keep_their_start_line() {
        let t = parse_csv("t.csv", b"a,b\n1,\"x\ny\"\n2,z\n").unwrap();
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].line, 4);
    }

    #[test]
    fn refuses_empty_binary_and_overlong_rows() {
        assert!(matches!(
            parse_csv("e.csv", b""),
            Err(LoadError::Empty { .. })
        ));
        assert!(matches!(
            parse_csv("e.csv", b" \n\n"),
            Err(LoadError::Empty { .. })
        ));
        assert!(matches!(
            parse_csv("b.csv", b"\x00\x01\x02\x03\x04\x00\x00"),
            Err(LoadError::Binary { .. })
        ));
        assert!(matches!(
            parse_csv("r.csv", b"a,b\n1,2,3\n"),
            Err(LoadError::TooManyCells { line: 2, .. })
        ));
        // Trailing empty cells from spreadsheets are fine.
        assert_eq!(parse_csv("r.csv", b"a,b\n1,2,,\n").unwrap().rows.len(), 1);
    }
}
