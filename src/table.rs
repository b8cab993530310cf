//! The results table: named, typed columns, written as CSV and Parquet (and later LaTeX) by
//! `report`. Every stage of the pipeline hands its results over as [`Table`]s.

/// The values of one column; `None` is a missing value (an empty CSV cell, a Parquet null).
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Str(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
}

impl Values {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Values::Str(v) => v.len(),
            Values::Int(v) => v.len(),
            Values::Float(v) => v.len(),
        }
    }

    /// Whether the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub values: Values,
}

/// A results table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// File stem under `tables/` (`node_metrics` → `tables/node_metrics.csv`).
    pub name: String,
    pub columns: Vec<Column>,
}

impl Table {
    /// An empty table.
    pub fn new(name: &str) -> Table {
        Table {
            name: name.to_string(),
            columns: Vec::new(),
        }
    }

    /// Adds a text column.
    pub fn str<I, S>(mut self, name: &str, values: I) -> Table
    where
        I: IntoIterator<Item = Option<S>>,
        S: Into<String>,
    {
        self.columns.push(Column {
            name: name.to_string(),
            values: Values::Str(values.into_iter().map(|v| v.map(Into::into)).collect()),
        });
        self
    }

    /// Adds an integer column.
    pub fn int<I>(mut self, name: &str, values: I) -> Table
    where
        I: IntoIterator<Item = Option<i64>>,
    {
        self.columns.push(Column {
            name: name.to_string(),
            values: Values::Int(values.into_iter().collect()),
        });
        self
    }

    /// Adds a float column; non-finite values become missing (never NaN in output).
    pub fn float<I>(mut self, name: &str, values: I) -> Table
    where
        I: IntoIterator<Item = Option<f64>>,
    {
        self.columns.push(Column {
            name: name.to_string(),
            values: Values::Float(
                values
                    .into_iter()
                    .map(|v| v.filter(|x| x.is_finite()))
                    .collect(),
            ),
        });
        self
    }

    /// Number of rows (of the first column; all columns have the same length).
    pub fn height(&self) -> usize {
        self.columns.first().map(|c| c.values.len()).unwrap_or(0)
    }

    /// Whether every column has the same number of rows.
    pub fn is_rectangular(&self) -> bool {
        let h = self.height();
        self.columns.iter().all(|c| c.values.len() == h)
    }

    /// The column of that name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Formats a float for text outputs: the shortest decimal that reads back to the same number
/// (so no digit is lost), in plain notation between 1e-5 and 1e15 and in exponent notation
/// outside; `-0` is written `0`. Deterministic on every platform.
///
/// # Examples
/// ```
/// use ptce::table::format_float;
/// assert_eq!(format_float(0.1 + 0.2), "0.30000000000000004");
/// assert_eq!(format_float(2.0), "2");
/// assert_eq!(format_float(1.5e-7), "1.5e-7");
/// assert_eq!(format_float(-0.0), "0");
/// ```
pub fn format_float(x: f64) -> String {
    if x == 0.0 {
        return "0".to_string();
    }
    let a = x.abs();
    if (1e-5..1e15).contains(&a) {
        format!("{x}")
    } else {
        format!("{x:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_columns() {
        let t = Table::new("t")
            .str("id", [Some("a"), None])
            .int("n", [Some(1), None])
            .float("x", [Some(f64::NAN), Some(0.5)]);
        assert_eq!(t.height(), 2);
        assert!(t.is_rectangular());
        assert_eq!(
            t.column("x").unwrap().values,
            Values::Float(vec![None, Some(0.5)])
        );
    }

    #[test]
    fn floats_round_trip() {
        for x in [1.0 / 3.0, 123456.789, 1e-300, 6.02e23, -2.5e-6, 0.00001] {
            assert_eq!(format_float(x).parse::<f64>().unwrap(), x);
        }
        assert_eq!(format_float(1e15), "1e15");
    }
}
