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
    let mut lines = LineCounter::new(text.as_bytes());
    loop {
        let more = match reader.read_record(&mut record) {
            Ok(more) => more,
            Err(e) => {
                let line = e
                    .position()
                    .map(|p| lines.line_at(p.byte() as usize))
                    .unwrap_or(0);
                return Err(LoadError::Malformed {
                    file: file.to_string(),
                    line,
                    message: e.to_string(),
                });
            }
        };
        if !more {
            break;
        }
        let line = record
            .position()
            .map(|p| lines.line_at(p.byte() as usize))
            .unwrap_or(0);
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

/// Line numbers from byte offsets. The csv crate's own line counter skips blank lines and counts
/// CRLF oddly, and a record's byte position points just after the previous record; so a record
/// starts at the first byte after `pos` that is not a line terminator, and its line is one more
/// than the number of terminators (`\n`, `\r\n` or a lone `\r`) before it. Offsets must be
/// asked in increasing order (one pass over the text).
struct LineCounter<'a> {
    bytes: &'a [u8],
    cursor: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            cursor: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, pos: usize) -> usize {
        let mut start = pos.min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\n' | b'\r') {
            start += 1;
        }
        while self.cursor < start {
            match self.bytes[self.cursor] {
                b'\n' => self.line += 1,
                b'\r' if self.bytes.get(self.cursor + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.cursor += 1;
        }
        self.line
    }
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
    fn lines_are_counted_for_lf_crlf_cr_and_blank_lines() {
        for (data, expected) in [
            (&b"a;b\nP1;x\n\nP2;y\n"[..], vec![2, 4]),
            (b"a;b\r\nP1;x\r\n\r\nP2;y\r\n", vec![2, 4]),
            (b"a;b\rP1;x\r\rP2;y", vec![2, 4]),
            (b"\n\na;b\n;;\nP1;x\n", vec![5]),
        ] {
            let t = parse_csv("t.csv", data).unwrap();
            let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, expected, "{:?}", String::from_utf8_lossy(data));
        }
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
