//! The results table: named, typed columns, written as CSV and Parquet (and later LaTeX) by
//! `report`. Every stage of the pipeline hands its results over as [`Table`]s.

/// The values of one column; a missing value is an empty CSV cell, a Parquet null.
///
/// Stored compactly (a results table of a 10,000-PTCE study has millions of rows): text as
/// dictionary codes ([`Strs`]), integers in one byte when they fit ([`Ints`]), floats with NaN
/// marking a missing value ([`Floats`]); read them through `get` and `iter`.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Str(Strs),
    Int(Ints),
    Float(Floats),
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

    /// The same kind of column with no rows.
    pub fn empty_like(&self) -> Values {
        match self {
            Values::Str(_) => Values::Str(Strs::default()),
            Values::Int(_) => Values::Int(Ints::default()),
            Values::Float(_) => Values::Float(Floats::default()),
        }
    }
}

/// What the three column kinds share, read through their `len` and `iter`: `is_empty`,
/// `Debug` as the list of values, and equality of values (the same rows missing, the others
/// `==`; not of the storage: two text columns with their levels in another order are equal).
macro_rules! column_by_values {
    ($($t:ty),*) => {$(
        impl $t {
            /// Whether the column has no rows.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }
        }

        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        impl PartialEq for $t {
            fn eq(&self, other: &$t) -> bool {
                self.len() == other.len() && self.iter().eq(other.iter())
            }
        }
    )*};
}

column_by_values!(Strs, Ints, Floats);

/// Code of a missing value in [`Strs`].
const NO_STR: u32 = u32::MAX;

/// A text column: each distinct value stored once, rows as 4-byte codes (first appearance
/// order; missing = `u32::MAX`).
#[derive(Clone, Default)]
pub struct Strs {
    levels: Vec<Box<str>>,
    codes: Vec<u32>,
}

impl Strs {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// The value of row `i` (`None` when missing or out of range).
    pub fn get(&self, i: usize) -> Option<&str> {
        match self.codes.get(i) {
            Some(&c) if c != NO_STR => Some(&self.levels[c as usize]),
            _ => None,
        }
    }

    /// The values in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        self.codes
            .iter()
            .map(|&c| (c != NO_STR).then(|| &*self.levels[c as usize]))
    }

    /// The values as owned strings.
    pub fn to_vec(&self) -> Vec<Option<String>> {
        self.iter().map(|x| x.map(str::to_string)).collect()
    }
}

impl<S: AsRef<str>> FromIterator<Option<S>> for Strs {
    fn from_iter<I: IntoIterator<Item = Option<S>>>(values: I) -> Strs {
        let values = values.into_iter();
        let mut index: std::collections::HashMap<Box<str>, u32> = Default::default();
        let mut codes = Vec::with_capacity(values.size_hint().0);
        // Runs of one value are common (ids of the same network): checked before hashing. A
        // value is copied only when it is new (`last` reuses its buffer).
        let (mut last, mut last_code) = (String::new(), None);
        for v in values {
            let code = match v {
                None => NO_STR,
                Some(s) => {
                    let s = s.as_ref();
                    match last_code {
                        Some(c) if last == s => c,
                        _ => {
                            let c = match index.get(s) {
                                Some(&c) => c,
                                None => {
                                    let c = index.len() as u32;
                                    index.insert(s.into(), c);
                                    c
                                }
                            };
                            last.clear();
                            last.push_str(s);
                            last_code = Some(c);
                            c
                        }
                    }
                }
            };
            codes.push(code);
        }
        assert!(index.len() < NO_STR as usize, "too many distinct values");
        let mut levels: Vec<Box<str>> = vec![Box::from(""); index.len()];
        for (s, c) in index {
            levels[c as usize] = s;
        }
        Strs { levels, codes }
    }
}

impl<S: AsRef<str>> From<Vec<Option<S>>> for Strs {
    fn from(v: Vec<Option<S>>) -> Strs {
        v.into_iter().collect()
    }
}

/// Marker of a missing value in the one-byte form of [`Ints`].
const NO_SMALL: i8 = i8::MIN;

/// An integer column: one byte per row while every value lies in −127..=127 (flags, counts of
/// a few), eight plus a flag otherwise.
#[derive(Clone)]
pub enum Ints {
    #[doc(hidden)]
    Small(Vec<i8>),
    #[doc(hidden)]
    Wide(Vec<Option<i64>>),
}

impl Default for Ints {
    fn default() -> Ints {
        Ints::Small(Vec::new())
    }
}

impl Ints {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Ints::Small(v) => v.len(),
            Ints::Wide(v) => v.len(),
        }
    }

    /// The value of row `i` (`None` when missing or out of range).
    pub fn get(&self, i: usize) -> Option<i64> {
        match self {
            Ints::Small(v) => v.get(i).filter(|&&x| x != NO_SMALL).map(|&x| i64::from(x)),
            Ints::Wide(v) => v.get(i).copied().flatten(),
        }
    }

    /// The values in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<i64>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The values as a vector.
    pub fn to_vec(&self) -> Vec<Option<i64>> {
        self.iter().collect()
    }
}

impl FromIterator<Option<i64>> for Ints {
    fn from_iter<I: IntoIterator<Item = Option<i64>>>(values: I) -> Ints {
        let values = values.into_iter();
        let mut small = Vec::with_capacity(values.size_hint().0);
        let mut values = values.peekable();
        while let Some(&v) = values.peek() {
            match v {
                None => small.push(NO_SMALL),
                Some(x) if (-127..=127).contains(&x) => small.push(x as i8),
                Some(_) => {
                    let mut wide: Vec<Option<i64>> = small
                        .iter()
                        .map(|&x| (x != NO_SMALL).then_some(i64::from(x)))
                        .collect();
                    wide.extend(values);
                    return Ints::Wide(wide);
                }
            }
            values.next();
        }
        Ints::Small(small)
    }
}

impl From<Vec<Option<i64>>> for Ints {
    fn from(v: Vec<Option<i64>>) -> Ints {
        v.into_iter().collect()
    }
}

/// A float column: eight bytes per row, NaN marking a missing value (non-finite values are
/// stored as missing: no output ever holds NaN or infinity).
#[derive(Clone, Default)]
pub struct Floats(Vec<f64>);

impl Floats {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The value of row `i` (`None` when missing or out of range).
    pub fn get(&self, i: usize) -> Option<f64> {
        self.0.get(i).copied().filter(|x| !x.is_nan())
    }

    /// The values in row order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<f64>> + '_ {
        self.0.iter().map(|&x| (!x.is_nan()).then_some(x))
    }

    /// The values as a vector.
    pub fn to_vec(&self) -> Vec<Option<f64>> {
        self.iter().collect()
    }
}

impl FromIterator<Option<f64>> for Floats {
    fn from_iter<I: IntoIterator<Item = Option<f64>>>(values: I) -> Floats {
        Floats(
            values
                .into_iter()
                .map(|v| v.filter(|x| x.is_finite()).unwrap_or(f64::NAN))
                .collect(),
        )
    }
}

impl From<Vec<Option<f64>>> for Floats {
    fn from(v: Vec<Option<f64>>) -> Floats {
        v.into_iter().collect()
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
        S: AsRef<str>,
    {
        self.columns.push(Column {
            name: name.to_string(),
            values: Values::Str(values.into_iter().collect()),
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
            values: Values::Float(values.into_iter().collect()),
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
            Values::Float(vec![None, Some(0.5)].into())
        );
    }

    #[test]
    fn text_columns_store_each_value_once_and_read_back_in_row_order() {
        let rows = [
            Some("b"),
            Some("b"),
            None,
            Some("a"),
            Some("b"),
            Some(""),
            None,
            Some("a"),
        ];
        let v: Strs = rows.iter().copied().collect();
        assert_eq!(v.len(), rows.len());
        assert_eq!(v.iter().collect::<Vec<_>>(), rows.to_vec());
        assert_eq!(v.levels.len(), 3, "b, a and the empty string");
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(v.get(i), *r);
        }
        assert_eq!(v.get(rows.len()), None);
        assert_eq!(v.to_vec()[3].as_deref(), Some("a"));
        // Equality is on values, not on codes: the same rows with their levels in another order.
        let w = Strs {
            levels: vec!["".into(), "a".into(), "b".into()],
            codes: vec![2, 2, NO_STR, 1, 2, 0, NO_STR, 1],
        };
        assert_ne!(v.codes, w.codes);
        assert_eq!(v, w);
        let x: Strs = vec![
            Some("b"),
            Some("b"),
            None,
            Some("a"),
            Some("b"),
            None,
            None,
            Some("a"),
        ]
        .into();
        assert_ne!(v, x, "an empty string is not a missing value");
    }

    #[test]
    fn integer_columns_narrow_to_one_byte_only_when_every_value_fits() {
        let small: Ints = vec![Some(0), None, Some(127), Some(-127), Some(1)].into();
        assert!(matches!(small, Ints::Small(_)));
        assert_eq!(
            small.to_vec(),
            vec![Some(0), None, Some(127), Some(-127), Some(1)]
        );
        // -128 is the missing marker of the narrow form: it must widen, as must 128.
        for big in [-128, 128, i64::MIN, i64::MAX] {
            let rows = vec![Some(3), None, Some(big), Some(-1), None];
            let v: Ints = rows.clone().into();
            assert!(matches!(v, Ints::Wide(_)), "{big}");
            assert_eq!(v.to_vec(), rows);
            assert_eq!(v.get(2), Some(big));
            assert_eq!(v.get(1), None);
            assert_eq!(v, Ints::Wide(rows));
        }
        assert_eq!(small.get(9), None);
    }

    #[test]
    fn float_columns_keep_every_finite_value_and_nothing_else() {
        let rows = [
            Some(0.1),
            None,
            Some(-0.0),
            Some(f64::NAN),
            Some(f64::INFINITY),
            Some(5e-324),
        ];
        let v: Floats = rows.iter().copied().collect();
        assert_eq!(
            v.to_vec(),
            vec![Some(0.1), None, Some(-0.0), None, None, Some(5e-324)]
        );
        assert_eq!(v.get(5).unwrap().to_bits(), 1, "bits kept");
        assert_eq!(v.get(2).unwrap().to_bits(), (-0.0f64).to_bits());
    }

    #[test]
    fn empty_columns_keep_the_kind() {
        let t = Table::new("t")
            .str("s", [Some("x"), None, Some("y")])
            .int("i", [Some(1), Some(1000), None])
            .float("f", [None, Some(2.5), Some(1.0)]);
        for c in &t.columns {
            let e = c.values.empty_like();
            assert!(e.is_empty());
            assert_eq!(
                std::mem::discriminant(&e),
                std::mem::discriminant(&c.values)
            );
        }
    }

    #[test]
    fn floats_round_trip() {
        for x in [1.0 / 3.0, 123456.789, 1e-300, 6.02e23, -2.5e-6, 0.00001] {
            assert_eq!(format_float(x).parse::<f64>().unwrap(), x);
        }
        assert_eq!(format_float(1e15), "1e15");
    }
}
