//! Bounds on what an input file may make `ptce` allocate, checked before the allocation: file
//! size from the file system, rows, columns, cells, row and cell sizes while the bytes of a text
//! table stream in (a 1 GB line is refused after [`Limits::max_line_bytes`] bytes, never held
//! whole), declared rows, columns and decompressed size from a Parquet footer before any page is
//! decoded. Each limit is a key of the `[limits]` section of `study.toml`, named in the error.
//!
//! No polars here (the fuzz build compiles this file).

use super::LoadError;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::Path;

/// The `[limits]` section of `study.toml`. Every key is optional; the defaults fit the
/// 10,000-PTCE study with a wide margin (`docs/reliability.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest input file, in bytes (default 1 GiB).
    pub max_file_bytes: u64,
    /// Most data rows of one table (default 10,000,000).
    pub max_rows: u64,
    /// Most columns of one table (default 1,000).
    pub max_columns: u64,
    /// Most cells (rows × columns) of one table (default 100,000,000).
    pub max_cells: u64,
    /// Largest cell, in bytes as stored (default 1 MiB).
    pub max_cell_bytes: u64,
    /// Largest row of a text table, in bytes as stored, line breaks inside quoted cells
    /// included (default 16 MiB).
    pub max_line_bytes: u64,
    /// Largest decompressed size a Parquet file declares (default 2 GiB).
    pub max_decompressed_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: super::MAX_INPUT_BYTES,
            max_rows: 10_000_000,
            max_columns: 1_000,
            max_cells: 100_000_000,
            max_cell_bytes: 1 << 20,
            max_line_bytes: 16 << 20,
            max_decompressed_bytes: 2 << 30,
        }
    }
}

/// Wrapper to read only `[limits]` from a `study.toml` whose other keys are checked later.
#[derive(Deserialize, Default)]
struct OnlyLimits {
    #[serde(default)]
    limits: Limits,
}

impl Limits {
    /// The limits of a `study.toml` text; the defaults when it has none or cannot be read (the
    /// configuration check reports that error, with its position, after loading).
    pub fn from_config_text(text: Option<&str>) -> Limits {
        text.and_then(|t| toml::from_str::<OnlyLimits>(t).ok())
            .unwrap_or_default()
            .limits
    }

    /// Checks that no limit is zero.
    ///
    /// # Errors
    /// The key and the reason.
    pub fn validate(&self) -> Result<(), String> {
        for (key, v) in self.keys() {
            if v == 0 {
                return Err(format!("{key} = 0: expected a positive number"));
            }
        }
        Ok(())
    }

    fn keys(&self) -> [(&'static str, u64); 7] {
        [
            ("max_file_bytes", self.max_file_bytes),
            ("max_rows", self.max_rows),
            ("max_columns", self.max_columns),
            ("max_cells", self.max_cells),
            ("max_cell_bytes", self.max_cell_bytes),
            ("max_line_bytes", self.max_line_bytes),
            ("max_decompressed_bytes", self.max_decompressed_bytes),
        ]
    }

    /// The error for `what` (e.g. "a cell of more than 1048576 bytes") above the limit `key`.
    pub fn exceeded(
        &self,
        file: &str,
        line: Option<usize>,
        key: &'static str,
        what: String,
    ) -> LoadError {
        let limit = self
            .keys()
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(0, |k| k.1);
        LoadError::Limit {
            file: file.to_string(),
            line,
            what,
            key,
            limit,
        }
    }
}

/// Bytes read at a time while streaming a file in.
const READ_CHUNK: usize = 1 << 20;

/// Reads a file whole under the limits: its size from the file system first, then, for a text
/// table (`text`), the bytes streamed through a [`TextScan`] as they arrive, so that a row, a
/// cell or a count above its limit stops the read at that point.
///
/// # Errors
/// [`LoadError::Io`], [`LoadError::TooLarge`], [`LoadError::Limit`].
///
/// # Complexity
/// O(n) time; memory the bytes read so far (the capacity reserved for the file's size is only
/// touched as it fills).
pub fn read_bounded(
    path: &Path,
    shown: &str,
    limits: &Limits,
    text: bool,
) -> Result<Vec<u8>, LoadError> {
    let io = |e: std::io::Error| LoadError::Io {
        file: shown.to_string(),
        message: e.to_string(),
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if len > limits.max_file_bytes {
        return Err(LoadError::TooLarge {
            file: shown.to_string(),
            bytes: len,
            limit: limits.max_file_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    let mut scan = TextScan::new(shown, limits);
    let mut buf = vec![0u8; READ_CHUNK];
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io(e)),
        };
        if bytes.len() as u64 + n as u64 > limits.max_file_bytes {
            return Err(LoadError::TooLarge {
                file: shown.to_string(),
                bytes: bytes.len() as u64 + n as u64,
                limit: limits.max_file_bytes,
            });
        }
        if text {
            scan.feed(&buf[..n])?;
        }
        bytes.extend_from_slice(&buf[..n]);
    }
    if text {
        scan.finish()?;
    }
    Ok(bytes)
}

/// A streaming check of a text table against the limits, fed the file's bytes in any pieces.
/// It follows RFC 4180 quoting like the reader (a quote opens a quoted cell at the start of a
/// cell; `""` inside is a quote), with `,`, `;` and tab all taken as separators (the separator
/// is not known yet: cells are then counted at most as wide as the reader's, columns at least
/// as many, so the cell bound is exact for the file's own separator and the column bound may
/// only count more). A UTF-16 file (by its byte-order mark) is scanned in 16-bit units.
///
/// # Complexity
/// O(n) time, O(1) memory.
#[derive(Debug)]
pub struct TextScan<'a> {
    file: &'a str,
    limits: &'a Limits,
    /// Bytes seen (to spot a byte-order mark in the first ones).
    seen: u64,
    /// UTF-16: 0 none, 1 little-endian, 2 big-endian.
    utf16: u8,
    /// The first byte of a pending UTF-16 unit.
    half: Option<u8>,
    width: u64,
    quoted: bool,
    /// The last unit was a quote inside a quoted cell (either its end or half of `""`).
    quote_pending: bool,
    field_start: bool,
    cell_bytes: u64,
    row_bytes: u64,
    row_cells: u64,
    row_filled: bool,
    rows: u64,
    cells: u64,
    line: usize,
    row_line: usize,
    last_cr: bool,
}

impl<'a> TextScan<'a> {
    /// A scan of the file shown as `file`.
    pub fn new(file: &'a str, limits: &'a Limits) -> Self {
        TextScan {
            file,
            limits,
            seen: 0,
            utf16: 0,
            half: None,
            width: 1,
            quoted: false,
            quote_pending: false,
            field_start: true,
            cell_bytes: 0,
            row_bytes: 0,
            row_cells: 1,
            row_filled: false,
            rows: 0,
            cells: 0,
            line: 1,
            row_line: 1,
            last_cr: false,
        }
    }

    /// Scans the next bytes of the file.
    ///
    /// # Errors
    /// [`LoadError::Limit`] at the first limit passed.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), LoadError> {
        for &b in bytes {
            self.seen += 1;
            if self.seen == 2 {
                // `b` is the second byte: a UTF-16 byte-order mark switches to 16-bit units.
                match (self.half, b) {
                    (Some(0xFF), 0xFE) => self.utf16 = 1,
                    (Some(0xFE), 0xFF) => self.utf16 = 2,
                    _ => {}
                }
                if self.utf16 != 0 {
                    self.width = 2;
                    self.half = None;
                    continue;
                }
            }
            if self.utf16 == 0 {
                if self.seen == 1 && matches!(b, 0xFF | 0xFE) {
                    self.half = Some(b); // maybe a UTF-16 mark; decided at the next byte
                    continue;
                }
                if let Some(h) = self.half.take() {
                    self.unit(u32::from(h))?;
                }
                self.unit(u32::from(b))?;
            } else {
                match self.half.take() {
                    None => self.half = Some(b),
                    Some(h) => {
                        let u = if self.utf16 == 1 {
                            u16::from_le_bytes([h, b])
                        } else {
                            u16::from_be_bytes([h, b])
                        };
                        self.unit(u32::from(u))?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Ends the scan (the last row, without a line end).
    ///
    /// # Errors
    /// [`LoadError::Limit`] when the last row passes the row or cell count.
    pub fn finish(&mut self) -> Result<(), LoadError> {
        if let Some(h) = self.half.take() {
            self.unit(u32::from(h))?;
        }
        self.end_row()
    }

    fn unit(&mut self, u: u32) -> Result<(), LoadError> {
        let w = self.width;
        let after_cr = std::mem::take(&mut self.last_cr);
        let is_break = u == u32::from(b'\n') || u == u32::from(b'\r');
        if self.quoted {
            if self.quote_pending {
                self.quote_pending = false;
                if u == u32::from(b'"') {
                    return self.grow(w); // `""`: a quote inside the cell
                }
                self.quoted = false; // the pending quote closed the cell; `u` is outside
            } else if u == u32::from(b'"') {
                self.quote_pending = true;
                return self.grow(w);
            } else {
                if is_break {
                    self.count_line(u, after_cr);
                }
                return self.grow(w);
            }
        }
        if is_break {
            self.count_line(u, after_cr);
            self.end_row()?;
            self.field_start = true;
            return Ok(());
        }
        if matches!(u, 0x2C | 0x3B | 0x09) {
            self.row_bytes += w;
            self.cell_bytes = 0;
            self.field_start = true;
            self.row_cells += 1;
            if self.row_cells > self.limits.max_columns {
                let what = format!("a row of more than {} cells", self.limits.max_columns);
                return Err(self.limits.exceeded(
                    self.file,
                    Some(self.row_line),
                    "max_columns",
                    what,
                ));
            }
            return self.check_row();
        }
        if u == u32::from(b'"') && self.field_start {
            self.quoted = true;
        }
        if !matches!(u, 0x20 | 0xA0 | 0x202F) {
            self.row_filled = true;
        }
        self.field_start = false;
        self.grow(w)
    }

    fn count_line(&mut self, u: u32, after_cr: bool) {
        if u == u32::from(b'\n') && after_cr {
            // the \n of a \r\n: same line
        } else {
            self.line += 1;
            self.last_cr = u == u32::from(b'\r');
        }
    }

    /// One more unit of the current cell.
    fn grow(&mut self, w: u64) -> Result<(), LoadError> {
        self.row_filled = true;
        self.cell_bytes += w;
        self.row_bytes += w;
        if self.cell_bytes > self.limits.max_cell_bytes {
            let what = format!("a cell of more than {} bytes", self.limits.max_cell_bytes);
            return Err(self.limits.exceeded(
                self.file,
                Some(self.row_line),
                "max_cell_bytes",
                what,
            ));
        }
        self.check_row()
    }

    fn check_row(&self) -> Result<(), LoadError> {
        if self.row_bytes > self.limits.max_line_bytes {
            let what = format!("a row of more than {} bytes", self.limits.max_line_bytes);
            return Err(self.limits.exceeded(
                self.file,
                Some(self.row_line),
                "max_line_bytes",
                what,
            ));
        }
        Ok(())
    }

    fn end_row(&mut self) -> Result<(), LoadError> {
        if self.row_filled {
            self.rows += 1;
            self.cells += self.row_cells;
            // The header is one of the rows counted: the data rows are one fewer.
            if self.rows > self.limits.max_rows.saturating_add(1) {
                let what = format!("more than {} data rows", self.limits.max_rows);
                return Err(self
                    .limits
                    .exceeded(self.file, Some(self.row_line), "max_rows", what));
            }
            if self.cells
                > self
                    .limits
                    .max_cells
                    .saturating_add(self.limits.max_columns)
            {
                let what = format!("more than {} cells", self.limits.max_cells);
                return Err(self.limits.exceeded(
                    self.file,
                    Some(self.row_line),
                    "max_cells",
                    what,
                ));
            }
        }
        self.row_bytes = 0;
        self.cell_bytes = 0;
        self.row_cells = 1;
        self.row_filled = false;
        self.row_line = self.line;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(limits: &Limits, bytes: &[u8], piece: usize) -> Result<(), LoadError> {
        let mut s = TextScan::new("t.csv", limits);
        for chunk in bytes.chunks(piece.max(1)) {
            s.feed(chunk)?;
        }
        s.finish()
    }

    fn key(r: Result<(), LoadError>) -> Option<(&'static str, Option<usize>)> {
        match r {
            Err(LoadError::Limit { key, line, .. }) => Some((key, line)),
            Err(e) => panic!("{e}"),
            Ok(()) => None,
        }
    }

    #[test]
    fn each_limit_stops_the_scan_at_its_row() {
        let small = Limits {
            max_rows: 2,
            max_columns: 3,
            max_cells: 100,
            max_cell_bytes: 5,
            max_line_bytes: 12,
            ..Limits::default()
        };
        for piece in [1, 2, 3, 1000] {
            let k = |b: &[u8]| key(scan(&small, b, piece));
            assert_eq!(k(b"a,b\n1,2\n3,4\n"), None);
            assert_eq!(k(b"a,b\n1,2\n3,4\n5,6\n"), Some(("max_rows", Some(4))));
            // Blank lines and blank cells rows are not rows.
            assert_eq!(k(b"a,b\n\n1,2\n,\n\r\n3,4\n"), None);
            assert_eq!(k(b"a,b\n1,123456\n"), Some(("max_cell_bytes", Some(2))));
            // Quoted: separators, quotes and line breaks inside count in the cell.
            assert_eq!(
                k(b"a,b\n1,\"1\n,\"\"\"\n"),
                Some(("max_cell_bytes", Some(2)))
            );
            assert_eq!(k(b"a,b\n1,\"1\"\"\"\n"), None);
            assert_eq!(
                k(b"a;b\r\n1;2\r\n\"x\ny\";5,6,7\r\n"),
                Some(("max_columns", Some(3)))
            );
            assert_eq!(
                k(b"a,b\n1234,1234,1234\n"),
                Some(("max_line_bytes", Some(2)))
            );
            // UTF-16: units of two bytes, the mark not counted.
            assert_eq!(k(b"\xFF\xFEa\0,\0b\0\n\x001\0,\x002\0\n\0"), None);
            assert_eq!(
                k(b"\xFF\xFEa\0\n\0x\0y\0z\0\n\0"),
                Some(("max_cell_bytes", Some(2)))
            );
            assert_eq!(k(b"\xFE\xFF\0a\0\n\0x\0y\0\n"), None);
        }
    }

    #[test]
    fn limits_come_from_study_toml_or_default() {
        let l = Limits::from_config_text(Some("title = \"x\"\n[limits]\nmax_rows = 5\n"));
        assert_eq!(l.max_rows, 5);
        assert_eq!(l.max_columns, Limits::default().max_columns);
        assert_eq!(
            Limits::from_config_text(Some("[limits]\nmax_rows = \"x\"\n")),
            Limits::default()
        );
        assert_eq!(Limits::from_config_text(None), Limits::default());
        let zero = Limits {
            max_cells: 0,
            ..Limits::default()
        };
        assert!(zero.validate().unwrap_err().starts_with("max_cells = 0"));
    }

    #[test]
    fn a_long_row_is_refused_before_it_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        let mut bytes = b"a,b\n1,".to_vec();
        bytes.resize(bytes.len() + (3 << 20), b'x');
        std::fs::write(&p, &bytes).unwrap();
        let limits = Limits {
            max_cell_bytes: 1 << 10,
            ..Limits::default()
        };
        let e = read_bounded(&p, "t.csv", &limits, true).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.csv:2: a cell of more than 1024 bytes, above the limit max_cell_bytes = 1024; \
             raise max_cell_bytes in the [limits] section of study.toml if the file is right"
        );
        let wide = Limits {
            max_cell_bytes: 4 << 20,
            ..Limits::default()
        };
        assert_eq!(read_bounded(&p, "t.csv", &wide, true).unwrap(), bytes);
    }
}
