//! Reading a disparity matrix supplied by the researcher (CSV text; the caller reads the file).
//!
//! Format (`docs/diversity.md`): a header row whose first cell is ignored and whose other cells
//! are the category labels, then one row per label: the label, then its distances in header order.
//! Every problem is gathered, then reported together, each with its line and column.

use std::collections::BTreeMap;
use std::fmt;

/// What is wrong with one cell, line or label of a disparity matrix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MatrixProblem {
    /// No header row, or a header with no label after the corner cell.
    #[error(
        "no category labels; expected a header row: a corner cell, then one label per category"
    )]
    NoHeader,
    /// A label cell is empty.
    #[error("empty label; expected a category label")]
    EmptyLabel,
    /// A label appears twice in the header or as the label of two rows.
    #[error(
        "label already used at line {first_line}, column {first_column}; expected each label once"
    )]
    DuplicateLabel {
        /// Line of the first use.
        first_line: usize,
        /// Column of the first use.
        first_column: usize,
    },
    /// A row has the wrong number of cells (the value shown is the number found).
    #[error(
        "row has {found} cells; expected {expected} (its label and one distance per category)"
    )]
    FieldCount {
        /// Cells found.
        found: usize,
        /// Cells expected.
        expected: usize,
    },
    /// A row's label is not in the header.
    #[error("row label not in the header; expected one of the header's labels")]
    UnknownRowLabel,
    /// A header label has no row (reported at the header cell).
    #[error("no row for this label; expected one row per header label")]
    MissingRow,
    /// A cell is not a finite number.
    #[error("not a number; expected a distance between 0 and 1, e.g. 0.5 (or 0,5 with `;`)")]
    NotANumber,
    /// A distance outside `[0, 1]`.
    #[error("out of range; expected a distance between 0 and 1")]
    OutOfRange,
    /// A non-zero diagonal cell.
    #[error("diagonal cell not zero; expected 0 (a category is at distance 0 from itself)")]
    NonZeroDiagonal,
    /// The two mirror cells differ.
    #[error("differs from its mirror cell at line {mirror_line}, column {mirror_column} (`{mirror_value}`); expected a symmetric matrix")]
    Asymmetric {
        /// Line of the mirror cell.
        mirror_line: usize,
        /// Column of the mirror cell.
        mirror_column: usize,
        /// Text of the mirror cell.
        mirror_value: String,
    },
    /// A cell and its mirror are both empty.
    #[error("empty, and so is its mirror cell at line {mirror_line}, column {mirror_column}; expected a distance in at least one of them")]
    BothEmpty {
        /// Line of the mirror cell.
        mirror_line: usize,
        /// Column of the mirror cell.
        mirror_column: usize,
    },
    /// The CSV text itself could not be read.
    #[error("unreadable CSV ({message}); expected separated values")]
    Csv {
        /// The reader's message.
        message: String,
    },
}

/// One problem of a disparity matrix, with where it is (1-based line and column) and the value.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixError {
    /// 1-based line of the text.
    pub line: usize,
    /// 1-based column (cell) of the line; column 1 holds the row labels.
    pub column: usize,
    /// The cell's text (trimmed).
    pub value: String,
    /// What is wrong and what was expected.
    pub problem: MatrixProblem,
}

impl fmt::Display for MatrixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, column, value) = (self.line, self.column, &self.value);
        write!(
            f,
            "line {line}, column {column}, value `{value}`: {}",
            self.problem
        )
    }
}

impl std::error::Error for MatrixError {}

/// Every problem found in a disparity matrix, sorted by line then column.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixErrors {
    /// The problems (at least one).
    pub problems: Vec<MatrixError>,
}

impl fmt::Display for MatrixErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} problem(s) in the disparity matrix",
            self.problems.len()
        )?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for MatrixErrors {}

/// One distance cell as read: where it is, its text, and its value when valid.
#[derive(Debug, Clone)]
struct Cell {
    line: usize,
    column: usize,
    text: String,
    value: Option<f64>,
}

/// Picks the separator from the header line: `;`, else tab, else `,`.
fn separator(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if header.contains(';') {
        b';'
    } else if header.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

/// Parses a distance cell, reporting a problem when it is not a number in `[0, 1]`.
fn parse_distance(text: &str, decimal_comma: bool) -> Result<f64, MatrixProblem> {
    let normalized = if decimal_comma {
        text.replace(',', ".")
    } else {
        text.to_string()
    };
    match normalized.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=1.0).contains(&v) => Ok(v + 0.0),
        Ok(v) if v.is_finite() => Err(MatrixProblem::OutOfRange),
        _ => Err(MatrixProblem::NotANumber),
    }
}

/// The parser's state: labels, cells read so far, and problems.
struct Reader {
    labels: Vec<String>,
    header_line: usize,
    rows: BTreeMap<usize, (usize, Vec<Cell>)>,
    problems: Vec<MatrixError>,
}

impl Reader {
    fn problem(&mut self, line: usize, column: usize, value: &str, problem: MatrixProblem) {
        self.problems.push(MatrixError {
            line,
            column,
            value: value.to_string(),
            problem,
        });
    }

    /// Reads the header record: labels after the corner cell.
    fn header(&mut self, line: usize, record: &csv::StringRecord) {
        self.header_line = line;
        let mut first_seen: BTreeMap<String, usize> = BTreeMap::new();
        for (k, label) in record.iter().enumerate().skip(1) {
            let column = k + 1;
            if label.is_empty() {
                self.problem(line, column, label, MatrixProblem::EmptyLabel);
            } else if let Some(&first_column) = first_seen.get(label) {
                let dup = MatrixProblem::DuplicateLabel {
                    first_line: line,
                    first_column,
                };
                self.problem(line, column, label, dup);
            } else {
                first_seen.insert(label.to_string(), column);
            }
            self.labels.push(label.to_string());
        }
        if self.labels.is_empty() {
            let corner = record.get(0).unwrap_or("").to_string();
            self.problem(line, 1, &corner, MatrixProblem::NoHeader);
        }
    }

    /// Reads one row record: its label and cells.
    fn row(&mut self, line: usize, record: &csv::StringRecord, decimal_comma: bool) {
        let n = self.labels.len();
        let label = record.get(0).unwrap_or("");
        let found = self.labels.iter().position(|l| l == label);
        let Some(index) = found.filter(|_| !label.is_empty()) else {
            let problem = if label.is_empty() {
                MatrixProblem::EmptyLabel
            } else {
                MatrixProblem::UnknownRowLabel
            };
            self.problem(line, 1, label, problem);
            return;
        };
        if let Some((first_line, _)) = self.rows.get(&index) {
            let dup = MatrixProblem::DuplicateLabel {
                first_line: *first_line,
                first_column: 1,
            };
            self.problem(line, 1, label, dup);
            return;
        }
        if record.len() != n + 1 {
            let found = record.len();
            let column = found.min(n + 1) + 1;
            let value = record.get(column - 1).unwrap_or("").to_string();
            let count = MatrixProblem::FieldCount {
                found,
                expected: n + 1,
            };
            self.problem(line, column, &value, count);
        }
        let mut cells = Vec::with_capacity(n);
        for k in 0..n {
            let column = k + 2;
            let text = record.get(k + 1).unwrap_or("").to_string();
            let value = if text.is_empty() {
                None
            } else {
                match parse_distance(&text, decimal_comma) {
                    Ok(v) => Some(v),
                    Err(problem) => {
                        self.problem(line, column, &text, problem);
                        None
                    }
                }
            };
            cells.push(Cell {
                line,
                column,
                text,
                value,
            });
        }
        self.rows.insert(index, (line, cells));
    }

    /// Checks rows, diagonal and symmetry, and assembles the matrix.
    fn finish(mut self) -> Result<CheckedMatrix, MatrixErrors> {
        let n = self.labels.len();
        for (k, label) in self.labels.clone().iter().enumerate() {
            let first_use = self.labels.iter().position(|l| l == label) == Some(k);
            if !label.is_empty() && first_use && !self.rows.contains_key(&k) {
                self.problem(self.header_line, k + 2, label, MatrixProblem::MissingRow);
            }
        }
        let rows = std::mem::take(&mut self.rows);
        let mut distances = vec![0.0; n * n];
        for i in 0..n {
            let Some((_, row)) = rows.get(&i) else {
                continue;
            };
            let diagonal = &row[i];
            if diagonal.value.is_some_and(|v| v != 0.0) {
                let (l, c) = (diagonal.line, diagonal.column);
                self.problem(l, c, &diagonal.text, MatrixProblem::NonZeroDiagonal);
            }
            for j in (i + 1)..n {
                let Some((_, other)) = rows.get(&j) else {
                    continue;
                };
                let (a, b) = (&row[j], &other[i]);
                let (later, mirror) = if (b.line, b.column) > (a.line, a.column) {
                    (b, a)
                } else {
                    (a, b)
                };
                let value = match (later.text.is_empty(), mirror.text.is_empty()) {
                    (true, true) => {
                        let problem = MatrixProblem::BothEmpty {
                            mirror_line: mirror.line,
                            mirror_column: mirror.column,
                        };
                        self.problem(later.line, later.column, "", problem);
                        continue;
                    }
                    (true, false) => mirror.value,
                    (false, true) => later.value,
                    (false, false) => match (later.value, mirror.value) {
                        (Some(x), Some(y)) if x != y => {
                            let problem = MatrixProblem::Asymmetric {
                                mirror_line: mirror.line,
                                mirror_column: mirror.column,
                                mirror_value: mirror.text.to_string(),
                            };
                            self.problem(later.line, later.column, &later.text, problem);
                            continue;
                        }
                        (x, _) => x,
                    },
                };
                if let Some(v) = value {
                    distances[i * n + j] = v;
                    distances[j * n + i] = v;
                }
            }
        }
        if self.problems.is_empty() {
            Ok(CheckedMatrix {
                labels: self.labels,
                distances,
            })
        } else {
            self.problems.sort_by_key(|p| (p.line, p.column));
            Err(MatrixErrors {
                problems: self.problems,
            })
        }
    }
}

/// A matrix that passed every check: labels in file order and the n × n distances, row-major.
pub(super) struct CheckedMatrix {
    pub(super) labels: Vec<String>,
    pub(super) distances: Vec<f64>,
}

/// Parses a disparity matrix from CSV text; see `Disparity::from_csv`.
pub(super) fn parse(text: &str) -> Result<CheckedMatrix, MatrixErrors> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = separator(text);
    let mut csv_reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut reader = Reader {
        labels: Vec::new(),
        header_line: 1,
        rows: BTreeMap::new(),
        problems: Vec::new(),
    };
    let mut seen_header = false;
    for result in csv_reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                let message = e.to_string();
                reader.problem(line, 1, "", MatrixProblem::Csv { message });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if seen_header {
            reader.row(line, &record, sep != b',');
        } else {
            reader.header(line, &record);
            seen_header = true;
        }
    }
    if !seen_header {
        reader.problem(1, 1, "", MatrixProblem::NoHeader);
    }
    reader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diversity::Disparity;

    fn problems(text: &str) -> Vec<(usize, usize, String, MatrixProblem)> {
        let err = Disparity::from_csv(text).unwrap_err();
        err.problems
            .into_iter()
            .map(|p| (p.line, p.column, p.value, p.problem))
            .collect()
    }

    #[test]
    fn reads_full_and_triangular_matrices_in_three_dialects() {
        let full = "\u{feff},a,b,c\na,0,0.25,1\nb,0.25,0,0.5\nc,1,0.5,0\n";
        let triangle = "x;a;b;c\r\n\r\nc;1;0,5;\nb; 0,25 ;;\na;;;\n";
        let tabs = "\ta\tb\tc\na\t0\t0.25\t1\nb\t\t0\t0.5\nc\t\t\t0\n";
        for text in [full, triangle, tabs] {
            let d = Disparity::from_csv(text).unwrap();
            assert_eq!(d.labels(), ["a", "b", "c"], "{text:?}");
            assert_eq!(d.distance("a", "b"), Some(0.25));
            assert_eq!(d.distance("c", "a"), Some(1.0));
            assert_eq!(d.distance("b", "c"), Some(0.5));
            assert_eq!(d.distance("b", "b"), Some(0.0));
        }
        let quoted =
            "cat,\"Industrie, manufacture\",culture\n\"Industrie, manufacture\",0,1\nculture,1,0\n";
        let d = Disparity::from_csv(quoted).unwrap();
        assert_eq!(d.distance("Industrie, manufacture", "culture"), Some(1.0));
    }

    #[test]
    fn every_problem_is_located_with_its_value() {
        let text = "x,a,b,a,\n\
                    a,0,0.5,x\n\
                    b,0.4,0.1,2,0\n\
                    z,0,0,0,0\n\
                    b,0,0,0,0\n\
                    ,1,1,1,1\n";
        let got = problems(text);
        let dup = MatrixProblem::DuplicateLabel {
            first_line: 1,
            first_column: 2,
        };
        let expected = vec![
            (1, 4, "a".to_string(), dup),
            (1, 5, String::new(), MatrixProblem::EmptyLabel),
            (
                2,
                5,
                String::new(),
                MatrixProblem::FieldCount {
                    found: 4,
                    expected: 5,
                },
            ),
            (2, 4, "x".to_string(), MatrixProblem::NotANumber),
            (3, 3, "0.1".to_string(), MatrixProblem::NonZeroDiagonal),
            (3, 4, "2".to_string(), MatrixProblem::OutOfRange),
            (4, 1, "z".to_string(), MatrixProblem::UnknownRowLabel),
            (
                5,
                1,
                "b".to_string(),
                MatrixProblem::DuplicateLabel {
                    first_line: 3,
                    first_column: 1,
                },
            ),
            (6, 1, String::new(), MatrixProblem::EmptyLabel),
        ];
        let mut expected = expected;
        expected.sort_by_key(|e| (e.0, e.1));
        let asym = got
            .iter()
            .find(|p| matches!(p.3, MatrixProblem::Asymmetric { .. }));
        let asym = asym.expect("a–b is 0.5 one way and 0.4 the other");
        assert_eq!((asym.0, asym.1, asym.2.as_str()), (3, 2, "0.4"));
        let others: Vec<_> = got
            .into_iter()
            .filter(|p| !matches!(p.3, MatrixProblem::Asymmetric { .. }))
            .collect();
        assert_eq!(others, expected);
    }

    #[test]
    fn missing_rows_empty_pairs_and_empty_files() {
        let got = problems("x,a,b,c\na,0,,1\nb,,0,1\n");
        assert_eq!(got[0], (1, 4, "c".to_string(), MatrixProblem::MissingRow));
        let both = MatrixProblem::BothEmpty {
            mirror_line: 2,
            mirror_column: 3,
        };
        assert_eq!(got[1], (3, 2, String::new(), both));
        assert_eq!(got.len(), 2);
        for empty in ["", "\n\n", ",,\n", "corner\n"] {
            let got = problems(empty);
            assert_eq!(got.len(), 1, "{empty:?}");
            assert_eq!(got[0].3, MatrixProblem::NoHeader);
        }
        // The message quoted in docs/diversity.md.
        let message = Disparity::from_csv("x,a,b\na,0,0.5\nb,0.4,0\n")
            .unwrap_err()
            .to_string();
        let quoted = "line 3, column 2, value `0.4`: differs from its mirror cell at line 2, \
                      column 3 (`0.5`); expected a symmetric matrix";
        assert!(message.ends_with(quoted), "{message}");
        let message = Disparity::from_csv("x,a\na,nan\n").unwrap_err().to_string();
        assert!(message.contains("line 2, column 2, value `nan`: not a number; expected"));
    }
}
