//! The data rows of a [`RawTable`](super::RawTable), stored compactly: the text of every cell
//! copied end to end into one buffer per segment of the table, each cell's length as a varint
//! (one byte below 128 bytes), and per row three `u32`s (where its text and its lengths start,
//! its line). A cell costs its bytes plus about one; a row twelve bytes more. A `String` per
//! cell, as before, cost 24 bytes of header plus the allocation's rounding per cell: 6.7× the
//! CSV's size in memory on the 10,000-PTCE study (`docs/performance.md`).
//!
//! Segments hold about [`SEGMENT_BYTES`] of text each, so that a growing buffer never wastes
//! more than one segment's worth of capacity, offsets fit in `u32`, and the chunks of a file
//! parsed in parallel join by moving their segments, without copying text.

use std::fmt;

/// Text bytes (and, separately, length bytes) after which a segment is closed.
const SEGMENT_BYTES: usize = 1 << 20;

/// Where one row starts in its segment.
#[derive(Debug, Clone, Copy)]
struct RowAt {
    /// Offset of its first cell in the segment's text.
    text: u32,
    /// Offset of its first length in the segment's lengths.
    lens: u32,
    /// Its line minus the segment's first line.
    line: u32,
}

#[derive(Debug, Clone)]
struct Segment {
    /// Index of its first row in the table.
    first_row: usize,
    /// Line of its first row.
    first_line: usize,
    text: String,
    /// Varint lengths, `width` per row.
    lens: Vec<u8>,
    rows: Vec<RowAt>,
}

impl Segment {
    fn row(&self, k: usize, width: usize) -> RawRow<'_> {
        let at = self.rows[k];
        let (text_end, lens_end) = self
            .rows
            .get(k + 1)
            .map_or((self.text.len(), self.lens.len()), |n| {
                (n.text as usize, n.lens as usize)
            });
        RawRow {
            line: self.first_line + at.line as usize,
            text: self.text.get(at.text as usize..text_end).unwrap_or(""),
            lens: self.lens.get(at.lens as usize..lens_end).unwrap_or(&[]),
            width,
        }
    }

    fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.lens.shrink_to_fit();
        self.rows.shrink_to_fit();
    }
}

/// Rows of text cells, all of the same width (the header's).
#[derive(Clone, Default)]
pub struct Rows {
    width: usize,
    len: usize,
    segments: Vec<Segment>,
}

impl Rows {
    /// No rows yet, each to have `width` cells.
    pub fn new(width: usize) -> Self {
        Rows {
            width,
            len: 0,
            segments: Vec::new(),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Cells per row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Adds a row starting on `line` (lines must not decrease): its first `width` cells, padded
    /// with empty cells when there are fewer.
    pub fn push<'c, I>(&mut self, line: usize, cells: I)
    where
        I: IntoIterator<Item = &'c str>,
        I::IntoIter: Clone,
    {
        let cells = cells.into_iter().take(self.width);
        let bytes: usize = cells.clone().map(str::len).sum();
        let full = self.segments.last().is_none_or(|s| {
            let delta = line.checked_sub(s.first_line);
            (!s.rows.is_empty()
                && (s.text.len() + bytes > SEGMENT_BYTES || s.lens.len() >= SEGMENT_BYTES))
                || delta.is_none_or(|d| d > u32::MAX as usize)
        });
        if full {
            if let Some(last) = self.segments.last_mut() {
                last.shrink();
            }
            self.segments.push(Segment {
                first_row: self.len,
                first_line: line,
                text: String::with_capacity(bytes.max(SEGMENT_BYTES / 4)),
                lens: Vec::new(),
                rows: Vec::new(),
            });
        }
        let width = self.width;
        let Some(s) = self.segments.last_mut() else {
            return;
        };
        s.rows.push(RowAt {
            text: s.text.len() as u32,
            lens: s.lens.len() as u32,
            line: (line - s.first_line) as u32,
        });
        let mut n = 0;
        for c in cells {
            s.text.push_str(c);
            push_varint(&mut s.lens, c.len());
            n += 1;
        }
        s.lens.resize(s.lens.len() + (width - n), 0);
        self.len += 1;
    }

    /// Moves the rows of `other` (same width) after these.
    pub fn append(&mut self, other: Rows) {
        for mut s in other.segments {
            s.first_row += self.len;
            self.segments.push(s);
        }
        self.len += other.len;
    }

    /// Releases the spare capacity of the last segment (the others are released as they close).
    pub fn shrink(&mut self) {
        if let Some(last) = self.segments.last_mut() {
            last.shrink();
        }
    }

    /// Row `i`.
    pub fn get(&self, i: usize) -> Option<RawRow<'_>> {
        if i >= self.len {
            return None;
        }
        let k = self.segments.partition_point(|s| s.first_row <= i) - 1;
        let s = &self.segments[k];
        Some(s.row(i - s.first_row, self.width))
    }

    /// The rows in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            rows: self,
            segment: 0,
            row: 0,
            left: self.len,
        }
    }

    /// Bytes held (text, lengths and row starts, by capacity), for measurements.
    pub fn heap_bytes(&self) -> usize {
        self.segments.capacity() * std::mem::size_of::<Segment>()
            + self
                .segments
                .iter()
                .map(|s| {
                    s.text.capacity()
                        + s.lens.capacity()
                        + s.rows.capacity() * std::mem::size_of::<RowAt>()
                })
                .sum::<usize>()
    }
}

fn push_varint(out: &mut Vec<u8>, mut v: usize) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The next varint of `bytes` from `*at`, moving `*at` past it.
fn read_varint(bytes: &[u8], at: &mut usize) -> usize {
    let mut v = 0usize;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= usize::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    v
}

impl PartialEq for Rows {
    fn eq(&self, other: &Self) -> bool {
        self.width == other.width
            && self.len == other.len
            && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl fmt::Debug for Rows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = RawRow<'a>;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The rows of a [`Rows`], in order.
#[derive(Clone)]
pub struct Iter<'a> {
    rows: &'a Rows,
    segment: usize,
    row: usize,
    left: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = RawRow<'a>;

    fn next(&mut self) -> Option<RawRow<'a>> {
        loop {
            let s = self.rows.segments.get(self.segment)?;
            if self.row < s.rows.len() {
                self.row += 1;
                self.left -= 1;
                return Some(s.row(self.row - 1, self.rows.width));
            }
            self.segment += 1;
            self.row = 0;
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// One data row: its line and its cells, borrowed from the table.
#[derive(Clone, Copy)]
pub struct RawRow<'a> {
    /// Line of the file where the row starts (header = 1); for Parquet, row index + 2.
    pub line: usize,
    text: &'a str,
    lens: &'a [u8],
    width: usize,
}

impl<'a> RawRow<'a> {
    /// Number of cells (the header's width; short rows are padded with empty cells).
    pub fn len(&self) -> usize {
        self.width
    }

    /// Whether the row has no cell (a table without columns).
    pub fn is_empty(&self) -> bool {
        self.width == 0
    }

    /// Cell `i` (trimmed text), `None` past the last column.
    ///
    /// # Complexity
    /// O(i): the lengths of the cells before it are summed.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        self.cells().nth(i)
    }

    /// The cells in column order.
    pub fn cells(&self) -> Cells<'a> {
        Cells {
            text: self.text,
            lens: self.lens,
            at: 0,
            start: 0,
        }
    }

    /// The cells as owned strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.cells().map(str::to_string).collect()
    }
}

impl PartialEq for RawRow<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.line == other.line && self.width == other.width && self.cells().eq(other.cells())
    }
}

impl fmt::Debug for RawRow<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRow")
            .field("line", &self.line)
            .field("cells", &self.cells().collect::<Vec<_>>())
            .finish()
    }
}

/// The cells of a [`RawRow`], in column order.
#[derive(Clone)]
pub struct Cells<'a> {
    text: &'a str,
    lens: &'a [u8],
    at: usize,
    start: usize,
}

impl<'a> Iterator for Cells<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.at >= self.lens.len() {
            return None;
        }
        let n = read_varint(self.lens, &mut self.at);
        let cell = self.text.get(self.start..self.start + n).unwrap_or("");
        self.start += n;
        Some(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(width: usize, data: &[(usize, &[&str])]) -> Rows {
        let mut r = Rows::new(width);
        for (line, cells) in data {
            r.push(*line, cells.iter().copied());
        }
        r.shrink();
        r
    }

    #[test]
    fn cells_read_back_padded_and_cut_to_the_width() {
        let long = "é".repeat(200); // 400 bytes: a two-byte length
        let r = rows(
            3,
            &[
                (2, &["a", "", "ccc"]),
                (5, &["x"]),
                (6, &[long.as_str(), "y", "z", "dropped"]),
            ],
        );
        assert_eq!(r.len(), 3);
        assert_eq!(r.get(0).unwrap().to_vec(), ["a", "", "ccc"]);
        assert_eq!(r.get(1).unwrap().to_vec(), ["x", "", ""]);
        assert_eq!(r.get(1).unwrap().line, 5);
        let last = r.get(2).unwrap();
        assert_eq!(last.to_vec(), [long.as_str(), "y", "z"]);
        assert_eq!((last.get(2), last.get(3), last.len()), (Some("z"), None, 3));
        assert!(r.get(3).is_none());
        let lines: Vec<usize> = r.iter().map(|row| row.line).collect();
        assert_eq!(lines, [2, 5, 6]);
        assert_eq!(r.iter().len(), 3);
    }

    #[test]
    fn segments_close_and_join_without_changing_rows() {
        // 3,000 rows of ~1 KiB: several segments; lines far apart: a new segment per u32 gap.
        let cell = "x".repeat(1000);
        let mut a = Rows::new(2);
        let mut expected = Vec::new();
        for i in 0..3000usize {
            let line = if i == 2000 {
                10 + (1usize << 33)
            } else {
                i + 2 + (i / 2000) * (1 << 33)
            };
            let second = i.to_string();
            a.push(line, [cell.as_str(), second.as_str()]);
            expected.push((line, second));
        }
        assert!(a.segments.len() > 2, "{}", a.segments.len());
        let mut b = Rows::new(2);
        b.push(usize::MAX, ["last", "row"]);
        a.append(b);
        assert_eq!(a.len(), 3001);
        for (i, (line, second)) in expected.iter().enumerate() {
            let row = a.get(i).unwrap();
            assert_eq!(
                (row.line, row.get(1)),
                (*line, Some(second.as_str())),
                "row {i}"
            );
            assert_eq!(row.get(0), Some(cell.as_str()));
        }
        assert_eq!(a.get(3000).unwrap().to_vec(), ["last", "row"]);
        assert_eq!(a.iter().count(), 3001);
        assert!(a.iter().map(|r| r.line).is_sorted());
    }

    #[test]
    fn varints_round_trip() {
        for v in [
            0,
            1,
            127,
            128,
            300,
            16_383,
            16_384,
            1 << 20,
            u32::MAX as usize,
        ] {
            let mut out = Vec::new();
            push_varint(&mut out, v);
            let mut at = 0;
            assert_eq!(read_varint(&out, &mut at), v);
            assert_eq!(at, out.len());
        }
    }
}
