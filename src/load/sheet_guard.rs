//! Limits of a workbook checked before calamine reads it (issue 24, bounded readers).
//!
//! An `.xlsx` or `.ods` file is a zip archive of XML parts, and calamine holds what it parses:
//! a zip bomb (gigabytes of XML in a few megabytes), a cell of 100 MB, or two valued cells at
//! `A1` and `XFD1048576` (calamine allocates the rectangle between them) would exhaust memory
//! before any check of ours ran on the cells. So the archive is scanned first, in constant
//! memory:
//!
//! 1. the central directory: the sizes the entries declare once decompressed, in total, at most
//!    `max_decompressed_bytes`;
//! 2. every XML part, decompressed in 64 KiB chunks and never held: its real size (at most what
//!    it declared, and within the same limit), its longest run of text or markup (a cell's text
//!    cannot be longer: at most `max_cell_bytes`), and, for the sheets, the rectangle of valued
//!    cells that calamine will allocate — its rows (`max_rows` + the header row), columns
//!    (`max_columns`) and cells (`max_cells`). `.xlsx` cells are placed by their `r="C12"`
//!    attributes; `.ods` cells by counting, with `table:number-rows-repeated` and
//!    `table:number-columns-repeated`, a cell counting when it has a value type (LibreOffice's
//!    trailing runs of empty repeated rows and columns cost nothing).
//!
//! 3. an `.ods` sheet's table is closed before the end of the XML (calamine 0.32 loops forever
//!    on a truncated one: found by the `workbook` fuzz target);
//! 4. an `.xlsx` sheet has at most 1,048,576 `<row>` elements (Excel's grid): styled empty rows
//!    cost calamine no memory, but 10⁷ of them take seconds to parse; and every `r` reference
//!    of a row or cell lies on that grid (calamine 0.32's arithmetic overflows past it: found
//!    by the `workbook` fuzz target).
//!
//! The scan stops at the first limit passed. Styled empty cells (`<c r="A9" s="1"/>`) do not
//! count in the rectangle: calamine keeps no cell for them.

use super::limits::Limits;
use super::LoadError;
use std::io::{Cursor, Read};

/// Size of the decompression buffer.
const CHUNK: usize = 64 * 1024;

/// Longest tag kept for reading its attributes; longer tags are only measured.
const TAG_KEPT: usize = 4096;

/// Most rows an `.xlsx` sheet can hold (Excel's grid: 1,048,576 rows by 16,384 columns).
pub const XLSX_MAX_ROWS: u64 = 1 << 20;

/// Most columns an `.xlsx` sheet can hold (`XFD`).
pub const XLSX_MAX_COLUMNS: u64 = 1 << 14;

/// Checks a workbook's archive against `limits` before it is parsed.
///
/// # Arguments
/// * `shown` - the workbook's name, for messages.
/// * `bytes` - the file.
/// * `limits` - the study's `[limits]`.
///
/// # Errors
/// [`LoadError::Limit`] naming the part, the size or position found, and the key that raises
/// it. An archive that cannot be read as zip passes: calamine reports it.
///
/// # Complexity
/// O(decompressed size) time, O(1) memory besides the central directory.
pub fn check_workbook(shown: &str, bytes: &[u8], limits: &Limits) -> Result<(), LoadError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let ods = shown.to_lowercase().ends_with(".ods");
    let mut declared: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(entry) = archive.by_index_raw(i) {
            declared = declared.saturating_add(entry.size());
        }
    }
    if declared > limits.max_decompressed_bytes {
        return Err(limits.exceeded(
            shown,
            None,
            "max_decompressed_bytes",
            format!("a workbook declaring {declared} bytes once decompressed"),
        ));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            continue; // calamine reports an unreadable part it needs
        };
        let name = entry.name().to_string();
        if !name.ends_with(".xml") {
            continue;
        }
        let part = format!("{shown}/{name}");
        let kind = if ods && name == "content.xml" {
            Kind::OdsContent
        } else if !ods && name.starts_with("xl/worksheets/") {
            Kind::XlsxSheet
        } else {
            Kind::Other
        };
        let declared = entry.size();
        let mut scan = Scan::new(kind);
        let mut buf = vec![0u8; CHUNK];
        let mut read: u64 = 0;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(_) => break, // a damaged part: calamine says so
            };
            read += n as u64;
            total = total.saturating_add(n as u64);
            if total > limits.max_decompressed_bytes {
                return Err(limits.exceeded(
                    &part,
                    None,
                    "max_decompressed_bytes",
                    format!("a workbook of more than {total} bytes once decompressed"),
                ));
            }
            if read > declared {
                return Err(limits.exceeded(
                    &part,
                    None,
                    "max_decompressed_bytes",
                    format!("a part decompressing past the {declared} bytes it declares"),
                ));
            }
            scan.feed(&buf[..n], &part, limits)?;
        }
        if kind == Kind::OdsContent {
            scan.finish(&part)?;
        }
    }
    Ok(())
}

/// Which XML part is scanned.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    XlsxSheet,
    OdsContent,
    Other,
}

/// Where the scanner is in the XML text. Comments, CDATA sections, processing instructions and
/// the document type are skipped as the XML parser skips them, and a `>` inside a quoted
/// attribute value does not end its tag, so that a tag counted here is a tag the parser sees.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Text,
    Tag,
    Quoted(u8),
    Comment,
    Cdata,
    Pi,
    Doctype(u32),
}

/// The state of the scan of one XML part.
struct Scan {
    kind: Kind,
    mode: Mode,
    /// The last two bytes (ends of comments, CDATA sections, processing instructions).
    last2: [u8; 2],
    /// Bytes of the current run of text or markup.
    run: u64,
    /// The current tag's first bytes.
    tag: Vec<u8>,
    /// `.ods`: rows and columns passed so far in the current table and row (1-based after).
    row: u64,
    col: u64,
    /// Repeat count of the current `.ods` row.
    row_repeat: u64,
    /// Largest row and column holding a valued cell in the current sheet.
    max_row: u64,
    max_col: u64,
    /// `.ods`: `<table:table>` elements opened and not yet closed.
    open_tables: u64,
}

impl Scan {
    fn new(kind: Kind) -> Scan {
        Scan {
            kind,
            mode: Mode::Text,
            last2: [0, 0],
            run: 0,
            tag: Vec::with_capacity(TAG_KEPT),
            row: 0,
            col: 0,
            row_repeat: 1,
            max_row: 0,
            max_col: 0,
            open_tables: 0,
        }
    }

    fn feed(&mut self, bytes: &[u8], part: &str, limits: &Limits) -> Result<(), LoadError> {
        for &b in bytes {
            let last2 = self.last2;
            self.last2 = [last2[1], b];
            self.run += 1;
            match self.mode {
                Mode::Text if b == b'<' => {
                    self.mode = Mode::Tag;
                    self.run = 0;
                    self.tag.clear();
                }
                Mode::Tag if b == b'>' => {
                    self.mode = Mode::Text;
                    self.run = 0;
                    self.end_tag(part, limits)?;
                }
                Mode::Tag => {
                    if self.tag.len() < TAG_KEPT {
                        self.tag.push(b);
                    }
                    self.mode = match (self.tag.as_slice(), b) {
                        (b"!--", _) => Mode::Comment,
                        (b"![CDATA[", _) => Mode::Cdata,
                        (b"?", _) => Mode::Pi,
                        (b"!DOCTYPE", _) => Mode::Doctype(0),
                        (_, b'"' | b'\'') => Mode::Quoted(b),
                        _ => Mode::Tag,
                    };
                }
                Mode::Quoted(q) => {
                    if self.tag.len() < TAG_KEPT {
                        self.tag.push(b);
                    }
                    if b == q {
                        self.mode = Mode::Tag;
                    }
                }
                Mode::Comment | Mode::Cdata | Mode::Pi if b == b'>' => {
                    let closes = match self.mode {
                        Mode::Comment => last2 == *b"--",
                        Mode::Cdata => last2 == *b"]]",
                        _ => last2[1] == b'?',
                    };
                    if closes {
                        self.mode = Mode::Text;
                        self.run = 0;
                    }
                }
                Mode::Doctype(depth) => {
                    self.mode = match b {
                        b'[' => Mode::Doctype(depth + 1),
                        b']' => Mode::Doctype(depth.saturating_sub(1)),
                        b'>' if depth == 0 => {
                            self.run = 0;
                            Mode::Text
                        }
                        _ => Mode::Doctype(depth),
                    };
                }
                _ => {}
            }
            if self.run > limits.max_cell_bytes {
                let what = if self.mode == Mode::Text {
                    "a text"
                } else {
                    "an XML tag or comment"
                };
                return Err(limits.exceeded(
                    part,
                    None,
                    "max_cell_bytes",
                    format!("{what} of more than {} bytes", limits.max_cell_bytes),
                ));
            }
        }
        Ok(())
    }

    /// The part ended: an `.ods` table left open would make calamine 0.32 wait for its end
    /// forever (its table reader loops on the end of the file).
    fn finish(&self, part: &str) -> Result<(), LoadError> {
        if self.open_tables > 0 || !matches!(self.mode, Mode::Text) {
            return Err(LoadError::Sheet {
                file: part.to_string(),
                message: "the XML ends inside an element (a table, tag or comment never closed): the file is truncated or damaged".to_string(),
                warning: false,
            });
        }
        Ok(())
    }

    /// A tag just closed: places the cells of a sheet.
    fn end_tag(&mut self, part: &str, limits: &Limits) -> Result<(), LoadError> {
        let tag = std::mem::take(&mut self.tag);
        // The name runs to the first space or `/` after its first byte (`/row` is a closing tag).
        let name_end = tag
            .iter()
            .skip(1)
            .position(|b| b.is_ascii_whitespace() || *b == b'/')
            .map_or(tag.len(), |p| p + 1);
        let name = &tag[..name_end];
        let empty_element = tag.last() == Some(&b'/');
        match self.kind {
            // Styled empty rows cost calamine no memory but parsing time: more `<row>` elements
            // than Excel's grid has is a crafted file (10⁷ of them take seconds to parse).
            Kind::XlsxSheet if name == b"row" => {
                if let Some(r) = attribute(&tag, b"r") {
                    let row = std::str::from_utf8(r)
                        .ok()
                        .and_then(|v| v.parse::<u64>().ok());
                    if !row.is_some_and(|v| (1..=XLSX_MAX_ROWS).contains(&v)) {
                        return Err(off_grid(part, r));
                    }
                }
                self.row += 1;
                if self.row > XLSX_MAX_ROWS {
                    return Err(LoadError::Sheet {
                        file: part.to_string(),
                        message: format!(
                            "more than {XLSX_MAX_ROWS} rows, the most an .xlsx sheet can hold; the file was not written by a spreadsheet program, or is damaged"
                        ),
                        warning: false,
                    });
                }
            }
            // A self-closing `<c r="A9" s="1"/>` is a styled empty cell: calamine keeps nothing.
            // A reference off Excel's grid would overflow calamine 0.32's arithmetic (a panic
            // with overflow checks, a wrapped position without): found by the fuzz target.
            Kind::XlsxSheet if name == b"c" => {
                if let Some(r) = attribute(&tag, b"r") {
                    let Some((row, col)) = a1_position(r)
                        .filter(|&(row, col)| row <= XLSX_MAX_ROWS && col <= XLSX_MAX_COLUMNS)
                    else {
                        return Err(off_grid(part, r));
                    };
                    if !empty_element {
                        self.place(row, col, part, limits)?;
                    }
                }
            }
            Kind::OdsContent => match name {
                b"table:table" if !empty_element => {
                    self.open_tables += 1;
                    self.row = 0;
                    self.max_row = 0;
                    self.max_col = 0;
                }
                b"/table:table" => self.open_tables = self.open_tables.saturating_sub(1),
                b"table:table-row" if empty_element => {
                    self.row = self
                        .row
                        .saturating_add(repeat(&tag, b"table:number-rows-repeated"));
                }
                b"table:table-row" => {
                    self.row_repeat = repeat(&tag, b"table:number-rows-repeated");
                    self.col = 0;
                }
                b"/table:table-row" => {
                    self.row = self.row.saturating_add(self.row_repeat);
                    self.row_repeat = 1;
                }
                b"table:table-cell" | b"table:covered-table-cell" => {
                    let n = repeat(&tag, b"table:number-columns-repeated");
                    let first = self.col + 1;
                    self.col = self.col.saturating_add(n);
                    if attribute(&tag, b"office:value-type").is_some() {
                        // Calamine expands the repeats of a valued cell: the last row and
                        // column of the block.
                        let last_row = self.row.saturating_add(self.row_repeat);
                        self.place(last_row, self.col.max(first), part, limits)?;
                    }
                }
                _ => {}
            },
            _ => {}
        }
        self.tag = tag;
        Ok(())
    }

    /// A valued cell at (1-based row, 1-based column): the rectangle from A1 must stay within
    /// the limits.
    fn place(&mut self, row: u64, col: u64, part: &str, limits: &Limits) -> Result<(), LoadError> {
        self.max_row = self.max_row.max(row);
        self.max_col = self.max_col.max(col);
        if self.max_row > limits.max_rows.saturating_add(1) {
            return Err(limits.exceeded(
                part,
                None,
                "max_rows",
                format!("a sheet with a value on row {}", self.max_row),
            ));
        }
        if self.max_col > limits.max_columns {
            return Err(limits.exceeded(
                part,
                None,
                "max_columns",
                format!("a sheet with a value in column {}", self.max_col),
            ));
        }
        let cells = self.max_row.saturating_mul(self.max_col);
        if cells > limits.max_cells {
            return Err(limits.exceeded(
                part,
                None,
                "max_cells",
                format!(
                    "a sheet spanning {} rows by {} columns ({cells} cells to allocate)",
                    self.max_row, self.max_col
                ),
            ));
        }
        Ok(())
    }
}

/// The error for a row or cell reference off an `.xlsx` sheet's grid.
fn off_grid(part: &str, r: &[u8]) -> LoadError {
    LoadError::Sheet {
        file: part.to_string(),
        message: format!(
            "the reference r=\"{}\" is not a row or cell of an .xlsx sheet (rows 1 to {XLSX_MAX_ROWS}, columns A to XFD); the file is damaged",
            String::from_utf8_lossy(&r[..r.len().min(40)])
        ),
        warning: false,
    }
}

/// The value of attribute `key` in a tag's bytes (`c r="B7" s="1"` → `B7`).
fn attribute<'t>(tag: &'t [u8], key: &[u8]) -> Option<&'t [u8]> {
    let mut i = 0;
    while i + key.len() + 2 <= tag.len() {
        let before_ok = i > 0 && tag[i - 1].is_ascii_whitespace();
        if before_ok && tag[i..].starts_with(key) && tag[i + key.len()] == b'=' {
            let quote = tag[i + key.len() + 1];
            if quote == b'"' || quote == b'\'' {
                let start = i + key.len() + 2;
                let len = tag[start..].iter().position(|&b| b == quote)?;
                return Some(&tag[start..start + len]);
            }
        }
        i += 1;
    }
    None
}

/// A repeat attribute's count (1 when absent or unreadable).
fn repeat(tag: &[u8], key: &[u8]) -> u64 {
    attribute(tag, key)
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// (1-based row, 1-based column) of an A1 reference (`$` signs allowed).
fn a1_position(r: &[u8]) -> Option<(u64, u64)> {
    let r: Vec<u8> = r.iter().copied().filter(|&b| b != b'$').collect();
    let split = r.iter().position(u8::is_ascii_digit)?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = letters.iter().try_fold(0u64, |n, &b| {
        b.is_ascii_alphabetic()
            .then(|| n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some((row, col))
}

#[cfg(test)]
#[path = "sheet_guard_tests.rs"]
mod tests;
