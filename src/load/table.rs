//! A table as read from disk, before typing: a header and rows of trimmed text cells, each row
//! with the line it started on (1-based, header = line 1), so that every later message can
//! name file, line and column.

pub use super::rows::{RawRow, Rows};
use super::text::{decode, detect_separator, looks_binary, Encoding};
use super::LoadError;
use rayon::prelude::*;

/// A raw table: header and text cells.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    /// File name as shown in messages (relative to the study folder).
    pub file: String,
    /// Column names as written in the header (trimmed).
    pub headers: Vec<String>,
    /// Data rows, each with one cell per header column ([`Rows`]: compact storage).
    pub rows: Rows,
    /// Encoding found (`None` for Parquet).
    pub encoding: Option<Encoding>,
    /// Separator found (`None` for Parquet).
    pub separator: Option<u8>,
}

impl RawTable {
    /// Index of the first column named `name`, matched as sheet names are
    /// ([`super::text::name_key`]: case, accents, spaces and hyphens aside: `Org ID`,
    /// `org-id` and `ORG_ID` all name `org_id`).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| super::text::same_name(h, name))
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
    parse_in_chunks(file, bytes, CHUNK_BYTES)
}

/// [`parse_csv`] with the body cut into chunks of about `chunk` bytes.
fn parse_in_chunks(file: &str, bytes: &[u8], chunk: usize) -> Result<RawTable, LoadError> {
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
    let bytes = text.as_bytes();
    let (headers, body_start) = match read_header(file, bytes, separator)? {
        Some(found) => found,
        None => {
            return Err(LoadError::Empty {
                file: file.to_string(),
            })
        }
    };
    // The body in chunks cut at line ends outside quotes, parsed in parallel; rows and the first
    // error come back in file order, as a sequential read would give them.
    let chunks = chunk_starts(bytes, body_start, chunk);
    let parts: Vec<Result<Rows, LoadError>> = chunks
        .par_iter()
        .enumerate()
        .map(|(i, &(from, line))| {
            let to = chunks.get(i + 1).map_or(bytes.len(), |c| c.0);
            parse_rows(file, &bytes[from..to], line, separator, headers.len())
        })
        .collect();
    let mut rows = Rows::new(headers.len());
    for part in parts {
        rows.append(part?);
    }
    Ok(RawTable {
        file: file.to_string(),
        headers,
        rows,
        encoding: Some(encoding),
        separator: Some(separator),
    })
}

/// Bytes of body per parallel chunk (smaller files are parsed in one piece).
const CHUNK_BYTES: usize = 1 << 20;

fn reader(bytes: &[u8], separator: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}

/// The error of a record the csv reader could not read, at the line of its position.
fn malformed(file: &str, lines: &mut LineCounter<'_>, e: &csv::Error) -> LoadError {
    let line = e
        .position()
        .map(|p| lines.line_at(p.byte() as usize))
        .unwrap_or(0);
    LoadError::Malformed {
        file: file.to_string(),
        line,
        message: e.to_string(),
    }
}

/// The header (first record with a non-blank cell; blank lines above it are skipped) and the
/// byte offset where the body starts; `None` when the text holds no such record.
fn read_header(
    file: &str,
    bytes: &[u8],
    separator: u8,
) -> Result<Option<(Vec<String>, usize)>, LoadError> {
    let mut reader = reader(bytes, separator);
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(bytes, 1);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(None),
            Ok(true) if record.iter().all(|c| trim_cell(c).is_empty()) => {}
            Ok(true) => {
                let headers = record.iter().map(|c| trim_cell(c).to_string()).collect();
                // The reader may stop between the \r and the \n of a CRLF: the body starts after.
                let mut start = reader.position().byte() as usize;
                if start > 0
                    && bytes.get(start - 1) == Some(&b'\r')
                    && bytes.get(start) == Some(&b'\n')
                {
                    start += 1;
                }
                return Ok(Some((headers, start)));
            }
            Err(e) => return Err(malformed(file, &mut lines, &e)),
        }
    }
}

/// Where each chunk of the body starts — (byte offset, line number of that offset) — cut after
/// a line end outside quotes about every `size` bytes from `start`. RFC 4180 quoting: the
/// quote state flips at every `"` (an escaped `""` flips twice).
///
/// # Complexity
/// O(n) in the text size, one byte scan.
fn chunk_starts(bytes: &[u8], start: usize, size: usize) -> Vec<(usize, usize)> {
    let start = start.min(bytes.len());
    let mut line = 1 + count_line_ends(&bytes[..start]);
    let mut out = vec![(start, line)];
    let mut quoted = false;
    let mut next = start + size;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b'\n' => line += 1,
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => line += 1,
            _ => {}
        }
        i += 1;
        if i >= next && !quoted && matches!(bytes[i - 1], b'\n' | b'\r') && i < bytes.len() {
            if bytes[i - 1] == b'\r' && bytes[i] == b'\n' {
                continue; // cut after the \n of a \r\n
            }
            out.push((i, line));
            next = i + size;
        }
    }
    out
}

/// Number of line ends (`\n`, `\r\n`, lone `\r`) in `bytes`.
fn count_line_ends(bytes: &[u8]) -> usize {
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
    }
    n
}

/// The data rows of one chunk of the body, which starts on line `first_line`.
fn parse_rows(
    file: &str,
    bytes: &[u8],
    first_line: usize,
    separator: u8,
    width: usize,
) -> Result<Rows, LoadError> {
    let mut reader = reader(bytes, separator);
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::new(bytes, first_line);
    let mut rows = Rows::new(width);
    loop {
        let more = match reader.read_record(&mut record) {
            Ok(more) => more,
            Err(e) => return Err(malformed(file, &mut lines, &e)),
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
        if record.len() > width && record.iter().skip(width).any(|c| !trim_cell(c).is_empty()) {
            return Err(LoadError::TooManyCells {
                file: file.to_string(),
                line,
                found: record.len(),
                expected: width,
            });
        }
        // Extra empty cells are dropped, missing ones padded (by `Rows::push`).
        rows.push(line, record.iter().map(trim_cell));
    }
    rows.shrink();
    Ok(rows)
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
    /// A counter over `bytes`, whose first byte is on line `first_line`.
    fn new(bytes: &'a [u8], first_line: usize) -> Self {
        LineCounter {
            bytes,
            cursor: 0,
            line: first_line,
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
        assert_eq!(t.rows.get(0).unwrap().to_vec(), vec!["P1", "Café"]);
        assert_eq!(t.rows.get(0).unwrap().line, 2);
        assert_eq!(t.rows.get(1).unwrap().line, 4);
        assert_eq!(t.column("name"), Some(1));
    }

    #[test]
    fn header_names_match_as_sheet_names_do() {
        let t = parse_csv("m.csv", "PTCE-Id, Org ID ,Date d'entrée,rôle\n".as_bytes()).unwrap();
        assert_eq!(t.column("ptce_id"), Some(0));
        assert_eq!(t.column("org_id"), Some(1));
        assert_eq!(t.column("date_d'entree"), Some(2));
        assert_eq!(t.column("role"), Some(3));
        assert_eq!(t.column("joined"), None);
        assert_eq!(t.column("orgid"), None);
    }

    #[test]
    fn chunked_parsing_equals_one_piece() {
        // Quoted fields with separators, quotes and line ends inside, CRLF, lone CR, blank
        // lines: cut every few bytes, the rows, cells and lines are those of one piece.
        let text = "id;note\r\nA;\"x;y\r\nz\"\r\n\r\nB;\"he said \"\"hi\"\"\"\rC;plain\n\nD;\"\n\n\"\nE;e\n";
        let whole = parse_in_chunks("t.csv", text.as_bytes(), usize::MAX / 2).unwrap();
        assert_eq!(whole.rows.len(), 5);
        assert_eq!(whole.rows.get(0).unwrap().get(1).unwrap(), "x;y\r\nz");
        for chunk in 1..text.len() {
            let t = parse_in_chunks("t.csv", text.as_bytes(), chunk).unwrap();
            assert_eq!(t, whole, "chunk {chunk}");
        }
        // An error in a later chunk is found at its line, as in one piece.
        let bad = "id;n\nA;1\nB;2\nC;3;4\n";
        for chunk in [1, 4, 1000] {
            match parse_in_chunks("t.csv", bad.as_bytes(), chunk) {
                Err(LoadError::TooManyCells { line, .. }) => assert_eq!(line, 4),
                other => panic!("{other:?}"),
            }
        }
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
        assert_eq!(t.rows.get(0).unwrap().line, 2);
        assert_eq!(t.rows.get(1).unwrap().line, 4);
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
