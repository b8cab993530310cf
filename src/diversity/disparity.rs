//! Disparity: the distance between two categories, for Rao–Stirling diversity (Stirling 2007).
//!
//! Three sources, all giving a symmetric matrix with zero diagonal and values in `[0, 1]`:
//! - [`Disparity::uniform`]: 1 between any two different categories (actor types, thematic sectors
//!   when no matrix is supplied); Rao–Stirling then equals Gini–Simpson.
//! - [`Disparity::naf_tree`]: the NAF section → division → group tree. d = (3 − k)/3, where k is
//!   the number of leading levels the two categories share: 1 between sections, 2/3 between
//!   divisions of one section, 1/3 between groups of one division, 0 for the same category. A
//!   label outside the tree (such as `unknown`) is at distance 1 from every other category.
//! - [`Disparity::from_csv`]: a matrix the researcher supplies (format in `docs/diversity.md`).

use super::naf::{is_section, section};

/// Distances between categories, in the order of its labels (row-major, n × n).
#[derive(Debug, Clone, PartialEq)]
pub struct Disparity {
    labels: Vec<String>,
    distances: Vec<f64>,
}

/// Categories of a composition that a supplied matrix does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisparityError {
    /// Labels missing from the matrix, in composition order.
    #[error("categories missing from the disparity matrix: {}; expected every category of the composition to have a row and a column", .labels.join(", "))]
    MissingCategories {
        /// The missing labels.
        labels: Vec<String>,
    },
}

/// The path of a category label in the NAF tree: section, then division and group when present.
///
/// Accepts the labels written by [`super::naf::NafCode::label`]: a section letter (`Q`,
/// uppercase), a division (`88`) or a group (`88.9` or `889`). Returns `None` for anything else,
/// such as `unknown` or a full code (`88.99B`), which is not a category of the
/// section/division/group tree.
fn tree_path(label: &str) -> Option<(char, Option<u8>, Option<u8>)> {
    let label = label.trim();
    let digits = |s: &str| -> Option<Vec<u8>> {
        s.chars()
            .map(|c| c.to_digit(10).map(|d| d as u8))
            .collect::<Option<Vec<u8>>>()
    };
    let mut chars = label.chars();
    if let (Some(letter), None) = (chars.next(), chars.next()) {
        return is_section(letter).then_some((letter, None, None));
    }
    let group_digits = match label.split_once('.') {
        Some((division, group)) if division.len() == 2 && group.len() == 1 => {
            digits(&format!("{division}{group}"))
        }
        None if label.len() <= 3 => digits(label),
        _ => None,
    };
    match group_digits.as_deref() {
        Some([a, b]) => {
            let division = a * 10 + b;
            section(division).map(|s| (s, Some(division), None))
        }
        Some([a, b, g]) => {
            let division = a * 10 + b;
            section(division).map(|s| (s, Some(division), Some(*g)))
        }
        _ => None,
    }
}

/// The NAF-tree distance between two labels (see the module documentation).
fn tree_distance(a: &str, b: &str) -> f64 {
    match (tree_path(a), tree_path(b)) {
        (Some(pa), Some(pb)) if pa == pb => 0.0,
        (Some((sa, da, ga)), Some((sb, db, gb))) => {
            let shared = if sa != sb {
                0.0
            } else if da.is_none() || da != db {
                1.0
            } else if ga.is_none() || ga != gb {
                2.0
            } else {
                3.0
            };
            (3.0 - shared) / 3.0
        }
        _ if a.trim() == b.trim() => 0.0,
        _ => 1.0,
    }
}

impl Disparity {
    /// Builds a disparity from labels and a distance function.
    fn from_fn<S: AsRef<str>>(labels: &[S], distance: impl Fn(&str, &str) -> f64) -> Disparity {
        let labels: Vec<String> = labels.iter().map(|l| l.as_ref().to_string()).collect();
        let mut distances = Vec::with_capacity(labels.len() * labels.len());
        for a in &labels {
            for b in &labels {
                distances.push(distance(a, b));
            }
        }
        Disparity { labels, distances }
    }

    /// Distance 1 between any two categories with different labels, 0 on the diagonal.
    ///
    /// # Arguments
    /// * `labels` — the categories, in composition order.
    ///
    /// # Returns
    /// The disparity; Rao–Stirling with it equals Gini–Simpson.
    ///
    /// # Complexity
    /// O(n²).
    pub fn uniform<S: AsRef<str>>(labels: &[S]) -> Disparity {
        Disparity::from_fn(labels, |a, b| if a == b { 0.0 } else { 1.0 })
    }

    /// Distances in the NAF section → division → group tree: d = (3 − k)/3, with k the number of
    /// leading levels shared (1 between sections, 2/3 between divisions of one section, 1/3
    /// between groups of one division).
    ///
    /// Labels are section letters (`Q`), divisions (`88`) or groups (`88.9`), as written by
    /// [`crate::diversity::NafCode::label`]. Any other label (e.g. `unknown`) is outside the tree:
    /// distance 1 to every other label.
    ///
    /// # Arguments
    /// * `labels` — the categories, in composition order.
    ///
    /// # Returns
    /// The disparity.
    ///
    /// # Complexity
    /// O(n²).
    ///
    /// # Examples
    /// ```
    /// use ptce::diversity::Disparity;
    /// let d = Disparity::naf_tree(&["86", "88", "85", "unknown"]);
    /// assert_eq!(d.distance("86", "88"), Some(2.0 / 3.0)); // both in section Q
    /// assert_eq!(d.distance("86", "85"), Some(1.0)); // Q and P
    /// assert_eq!(d.distance("unknown", "85"), Some(1.0));
    /// ```
    pub fn naf_tree<S: AsRef<str>>(labels: &[S]) -> Disparity {
        Disparity::from_fn(labels, tree_distance)
    }

    /// Parses a matrix supplied by the researcher: a CSV text (`,`, `;` or tab separated, chosen
    /// from the header line; decimal commas allowed with `;` or tab), a header row of labels after
    /// one ignored corner cell, then one row per label starting with the label. Rows may come in
    /// any order. The matrix must be square, symmetric, zero on the diagonal, with values in
    /// `[0, 1]`. An empty cell takes the value of its mirror cell (so a triangle suffices); an
    /// empty diagonal cell is 0.
    ///
    /// # Arguments
    /// * `text` — the file's content (a leading byte-order mark is ignored).
    ///
    /// # Returns
    /// The disparity in header order, or every problem found, each with its 1-based line and
    /// column (the header is line 1 when the file starts with it), the value and what was expected.
    ///
    /// # Complexity
    /// O(n²).
    ///
    /// # Examples
    /// ```
    /// use ptce::diversity::Disparity;
    /// let text = "sector;food;mobility;culture\n\
    ///             food;0;0,5;1\n\
    ///             mobility;;0;0.8\n\
    ///             culture;;;0\n";
    /// let d = Disparity::from_csv(text).unwrap();
    /// assert_eq!(d.distance("mobility", "food"), Some(0.5));
    /// let err = Disparity::from_csv("x,a,b\na,0,2\nb,2,0\n").unwrap_err();
    /// assert_eq!(err.problems.len(), 2); // 2 is out of [0, 1], twice
    /// assert_eq!((err.problems[0].line, err.problems[0].column), (2, 3));
    /// ```
    pub fn from_csv(text: &str) -> Result<Disparity, MatrixErrors> {
        let m = super::matrix_csv::parse(text)?;
        Ok(Disparity {
            labels: m.labels,
            distances: m.distances,
        })
    }

    /// The sub-matrix over some of this disparity's categories, in the order given.
    ///
    /// # Arguments
    /// * `labels` — the categories of a composition (compared after trimming, case-sensitive).
    ///
    /// # Returns
    /// A disparity aligned with `labels`, or the list of labels the matrix lacks.
    ///
    /// # Complexity
    /// O(m·n + m²) for m labels and a matrix of n categories.
    pub fn select<S: AsRef<str>>(&self, labels: &[S]) -> Result<Disparity, DisparityError> {
        let mut index = Vec::with_capacity(labels.len());
        let mut missing = Vec::new();
        for label in labels {
            let label = label.as_ref().trim();
            match self.labels.iter().position(|l| l == label) {
                Some(i) => index.push(i),
                None => missing.push(label.to_string()),
            }
        }
        if !missing.is_empty() {
            return Err(DisparityError::MissingCategories { labels: missing });
        }
        let n = self.labels.len();
        let mut distances = Vec::with_capacity(index.len() * index.len());
        for &i in &index {
            for &j in &index {
                distances.push(self.distances[i * n + j]);
            }
        }
        let labels = index.iter().map(|&i| self.labels[i].clone()).collect();
        Ok(Disparity { labels, distances })
    }

    /// Number of categories.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether there is no category.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The category labels, in matrix order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The distance between categories `i` and `j` (0-based), or `None` out of range.
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        let n = self.labels.len();
        (i < n && j < n).then(|| self.distances[i * n + j])
    }

    /// The distance between two labelled categories, or `None` if either is unknown.
    pub fn distance(&self, a: &str, b: &str) -> Option<f64> {
        let i = self.labels.iter().position(|l| l == a)?;
        let j = self.labels.iter().position(|l| l == b)?;
        self.get(i, j)
    }
}

pub use super::matrix_csv::{MatrixError, MatrixErrors, MatrixProblem};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diversity::naf::{parse_naf, NafLevel};

    const THIRD: f64 = 1.0 / 3.0;

    #[test]
    fn naf_tree_follows_the_documented_rule() {
        let d = Disparity::naf_tree(&[
            "Q", "P", "88", "86", "85", "88.9", "88.1", "86.1", "unknown",
        ]);
        let cases = [
            ("Q", "P", 1.0),
            ("Q", "Q", 0.0),
            ("88", "86", 2.0 * THIRD),
            ("88", "85", 1.0),
            ("88.9", "88.1", THIRD),
            ("88.9", "86.1", 2.0 * THIRD),
            ("Q", "88", 2.0 * THIRD),
            ("88", "88.9", THIRD),
            ("unknown", "Q", 1.0),
            ("unknown", "unknown", 0.0),
        ];
        for (a, b, expected) in cases {
            assert_eq!(d.distance(a, b), Some(expected), "{a}–{b}");
            assert_eq!(d.distance(b, a), Some(expected), "{b}–{a}");
        }
    }

    #[test]
    fn tree_paths_of_labels() {
        let code = parse_naf("56.10A").unwrap();
        assert_eq!(code.label(NafLevel::Section), "I");
        assert_eq!(
            tree_path(&code.label(NafLevel::Section)),
            Some(('I', None, None))
        );
        assert_eq!(tree_path("56"), Some(('I', Some(56), None)));
        assert_eq!(tree_path("56.1"), Some(('I', Some(56), Some(1))));
        assert_eq!(tree_path("561"), Some(('I', Some(56), Some(1))));
        for other in [
            "56.10A", "unknown", "", "V", "u", "5", "40", "4.01", "é", "88.9.9",
        ] {
            assert_eq!(tree_path(other), None, "{other:?}");
        }
    }

    /// Any labels give a symmetric matrix, zero diagonal, values in {0, 1/3, 2/3, 1}, no panic.
    #[test]
    fn naf_tree_is_total_on_random_labels() {
        use rand_core::{RngCore, SeedableRng};
        let alphabet: Vec<char> = "0123456789.QPAUuz é٣🦀".chars().collect();
        let mut rng = rand_pcg::Pcg64::seed_from_u64(33);
        for _ in 0..300 {
            let labels: Vec<String> = (0..6)
                .map(|_| {
                    let len = (rng.next_u32() % 5) as usize;
                    (0..len)
                        .map(|_| alphabet[(rng.next_u32() as usize) % alphabet.len()])
                        .collect()
                })
                .collect();
            let d = Disparity::naf_tree(&labels);
            for i in 0..6 {
                assert_eq!(d.get(i, i), Some(0.0));
                for j in 0..6 {
                    let v = d.get(i, j).unwrap();
                    assert_eq!(Some(v), d.get(j, i));
                    assert!([0.0, THIRD, 2.0 * THIRD, 1.0].contains(&v), "{labels:?}");
                }
            }
        }
    }

    #[test]
    fn uniform_is_one_off_the_diagonal() {
        let d = Disparity::uniform(&["ess", "public", "private"]);
        for i in 0..3 {
            for j in 0..3 {
                assert_eq!(d.get(i, j), Some(if i == j { 0.0 } else { 1.0 }));
            }
        }
        assert_eq!(d.get(3, 0), None);
    }

    #[test]
    fn select_reorders_and_reports_missing_labels() {
        let m = Disparity::from_csv(",a,b,c\na,0,0.1,0.2\nb,0.1,0,0.3\nc,0.2,0.3,0\n").unwrap();
        let s = m.select(&["c", " a "]).unwrap();
        assert_eq!(s.labels(), ["c", "a"]);
        assert_eq!(s.get(0, 1), Some(0.2));
        assert_eq!(s.get(0, 0), Some(0.0));
        assert_eq!(
            m.select(&["a", "z", "y"]),
            Err(DisparityError::MissingCategories {
                labels: vec!["z".into(), "y".into()]
            })
        );
    }
}
