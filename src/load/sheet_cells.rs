//! Turning one spreadsheet cell into the text cell the validator reads, as the same value typed
//! in a CSV file would read: Excel serial dates in the 1900 system (with its fictitious
//! 1900-02-29) and the 1904 system, numbers without a spurious `.0`, codes whose leading zero
//! the spreadsheet dropped (a SIREN or SIRET stored as a number) padded back with a warning.

use calamine::{Data, ExcelDateTime};

/// Cell address in A1 notation from 0-based (row, column): `(11, 2)` → `C12`.
///
/// # Examples
/// ```
/// use ptce::load::sheet_cells::a1;
/// assert_eq!(a1(11, 2), "C12");
/// assert_eq!(a1(0, 26), "AA1");
/// ```
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// Column letters from a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`, 701 → `ZZ`.
pub fn column_letters(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        out.push(b'A' + r);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// The (row, 1-based column) of a location ending in `]!C12`, as both numbers.
///
/// # Examples
/// ```
/// use ptce::load::sheet_cells::parse_a1_suffix;
/// assert_eq!(parse_a1_suffix("a.xlsx[S]!AB12"), Some((12, 28)));
/// assert_eq!(parse_a1_suffix("a.xlsx[S]"), None);
/// ```
pub fn parse_a1_suffix(location: &str) -> Option<(usize, usize)> {
    let (head, cell) = location.rsplit_once('!')?;
    if !head.ends_with(']') {
        return None;
    }
    let split = cell.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = cell.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let row: usize = digits.parse().ok()?;
    let col = letters
        .bytes()
        .fold(0usize, |n, b| n * 26 + (b - b'A') as usize + 1);
    Some((row, col))
}

/// What a cell became: its text, and a warning when the value was changed on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct CellText {
    pub text: String,
    pub warning: Option<String>,
}

impl CellText {
    fn plain(text: String) -> Self {
        CellText {
            text,
            warning: None,
        }
    }
}

/// Columns whose values are identifiers of a fixed number of digits: a spreadsheet that stored
/// them as numbers dropped their leading zeros. (Commune codes are left to validation, which
/// pads a 4-digit code with a warning for CSV too.)
const FIXED_DIGITS: &[(&str, usize)] = &[("siren", 9), ("siret", 14), ("department", 2)];

/// The text of a cell of column `header`.
///
/// # Errors
/// A message (without location) for a cell that holds an error value (`#N/A`…), a duration, or
/// Excel's fictitious 1900-02-29.
pub fn cell_text(value: &Data, header: &str) -> Result<CellText, String> {
    Ok(match value {
        Data::Empty => CellText::plain(String::new()),
        Data::String(s) => CellText::plain(s.clone()),
        Data::Bool(b) => CellText::plain(b.to_string()),
        Data::Int(i) => number_text(*i as f64, header),
        Data::Float(f) => number_text(*f, header),
        Data::DateTime(d) if d.is_datetime() => CellText::plain(excel_date_text(d)?),
        Data::DateTime(d) => {
            return Err(format!(
                "a duration ({} days) where a value was expected; format the cell as a date or text",
                d.as_f64()
            ))
        }
        Data::DateTimeIso(s) => CellText::plain(iso_date_text(s)),
        Data::DurationIso(s) => {
            return Err(format!(
                "a duration ({s}) where a value was expected; format the cell as a date or text"
            ))
        }
        Data::Error(e) => {
            return Err(format!(
                "the cell holds the error value {e}; expected a value (fix the formula or type the value)"
            ))
        }
    })
}

/// A number as text: integers without decimals, others in the shortest form that reads back
/// to the same `f64`; identifiers of [`FIXED_DIGITS`] padded with zeros (with a warning).
fn number_text(v: f64, header: &str) -> CellText {
    let text = if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    };
    let key = header.trim().to_lowercase();
    if let Some(&(_, digits)) = FIXED_DIGITS.iter().find(|(n, _)| *n == key) {
        if v >= 0.0 && v.fract() == 0.0 && text.len() < digits && text.len() + 2 >= digits {
            let padded = format!("{text:0>digits$}");
            return CellText {
                warning: Some(format!(
                    "{text:?} is stored as a number, which dropped its leading zeros; read as {padded:?} ({digits} digits; store the column as text)"
                )),
                text: padded,
            };
        }
    }
    CellText::plain(text)
}

/// An Excel date-time as `YYYY-MM-DD` (or `YYYY-MM-DD HH:MM:SS` when it has a time of day,
/// which validation then refuses with the cell named). Both date systems are handled by
/// calamine, which knows the workbook's system; `tests` check it against the documented epochs.
///
/// # Errors
/// For serial 60 of the 1900 system, the 29 February 1900 that Excel counts but that never was.
pub fn excel_date_text(d: &ExcelDateTime) -> Result<String, String> {
    let (y, m, day, hh, mm, ss, _) = d.to_ymd_hms_milli();
    if (y, m, day) == (1900, 2, 29) {
        return Err(
            "Excel serial date 60 is 1900-02-29, a day that does not exist (Excel's 1900 leap-year bug); type the intended date"
                .to_string(),
        );
    }
    if d.as_f64() < 0.0 {
        return Err(format!(
            "Excel serial date {} is before the workbook's epoch; type the date as text",
            d.as_f64()
        ));
    }
    Ok(if (hh, mm, ss) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {hh:02}:{mm:02}:{ss:02}")
    })
}

/// An ISO date of an OpenDocument cell: `2016-11-17T00:00:00` is read as `2016-11-17`.
fn iso_date_text(s: &str) -> String {
    match s.split_once('T') {
        Some((date, time)) if time.trim_start_matches(['0', ':', '.']).is_empty() => {
            date.to_string()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn date(serial: f64, is_1904: bool) -> Result<String, String> {
        excel_date_text(&ExcelDateTime::new(
            serial,
            ExcelDateTimeType::DateTime,
            is_1904,
        ))
    }

    /// Oracle: Microsoft's documented epochs (1900 system: serial 1 = 1900-01-01, serial 60 =
    /// the fictitious 1900-02-29, serial 61 = 1900-03-01; 1904 system: serial 0 = 1904-01-01,
    /// a date's 1904 serial is its 1900 serial minus 1,462), and day counts computed by hand:
    /// 2016-11-17 is 42,691 days after 1899-12-30 (Python's `date(2016,11,17) -
    /// date(1899,12,30)`).
    #[test]
    fn serial_dates_in_both_systems() {
        assert_eq!(date(1.0, false).unwrap(), "1900-01-01");
        assert_eq!(date(59.0, false).unwrap(), "1900-02-28");
        assert!(date(60.0, false).unwrap_err().contains("1900-02-29"));
        assert_eq!(date(61.0, false).unwrap(), "1900-03-01");
        assert_eq!(date(42691.0, false).unwrap(), "2016-11-17");
        assert_eq!(date(0.0, true).unwrap(), "1904-01-01");
        assert_eq!(date(42691.0 - 1462.0, true).unwrap(), "2016-11-17");
        assert_eq!(date(42691.5, false).unwrap(), "2016-11-17 12:00:00");
        assert!(date(-3.0, false).is_err());
    }

    #[test]
    fn numbers_and_codes() {
        let t = |d: Data, h: &str| cell_text(&d, h).unwrap();
        assert_eq!(t(Data::Float(12.0), "employees").text, "12");
        assert_eq!(t(Data::Float(3.5), "employees").text, "3.5");
        assert_eq!(t(Data::Int(7), "weight").text, "7");
        let s = t(Data::Float(78578154.0), "siren");
        assert_eq!(s.text, "078578154");
        assert!(s.warning.unwrap().contains("dropped its leading zeros"));
        assert_eq!(t(Data::Float(7.0), "department").text, "07");
        assert_eq!(t(Data::Float(785781543.0), "siren").warning, None);
        // Too short to be a dropped zero: left for validation to refuse.
        assert_eq!(t(Data::Float(12.0), "siren").text, "12");
        assert_eq!(t(Data::Float(7186.0), "commune_code").text, "7186");
        assert_eq!(
            t(Data::DateTimeIso("2016-11-17T00:00:00".into()), "joined").text,
            "2016-11-17"
        );
        assert!(cell_text(&Data::Error(calamine::CellErrorType::NA), "x")
            .unwrap_err()
            .contains("#N/A"));
    }

    #[test]
    fn addresses() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(a1(11, 2), "C12");
    }
}
