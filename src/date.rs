//! Calendar dates and the partial dates of the study tables.
//!
//! A study's dates come from spreadsheets and archives: some are known to the day, some only to
//! the month or the year. A [`PartialDate`] keeps that precision; it *stands for its first day*
//! (`2015` → 2015-01-01, `2015-03` → 2015-03-01) whenever a calendar date is needed, and the
//! precision is carried into every duration computed from it (`docs/stages.md`).
//!
//! Accepted spellings: `YYYY-MM-DD`, `DD/MM/YYYY` (also `DD-MM-YYYY`, `DD.MM.YYYY`), `YYYY/MM/DD`,
//! `YYYY-MM`, `MM/YYYY`, `YYYY`; with the month in words, French or English, full or abbreviated
//! (`mars 2016`, `15 mars 2016`, `1er mars 2016`, `févr. 2016`, `March 15, 2016`, `15 March 2016`);
//! a trailing time of day (`2015-03-01 00:00:00`, `…T00:00:00`, as spreadsheets export) is
//! ignored. Years outside [`MIN_YEAR`]..=[`MAX_YEAR`] are refused. A 5-digit number (a
//! spreadsheet's day number) is refused with the day it would stand for in the message.

use std::fmt;

/// Earliest year accepted in a study.
pub const MIN_YEAR: i32 = 1800;
/// Latest year accepted in a study.
pub const MAX_YEAR: i32 = 2200;

/// A calendar date, stored as days since 1970-01-01 (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// The date of `year-month-day`, or `None` if it does not exist or lies too far from 1970
    /// for its day count to fit an `i32` (beyond about ±5.8 million years).
    ///
    /// # Examples
    /// ```
    /// use ptce::date::Date;
    /// assert_eq!(Date::from_ymd(2024, 2, 29).unwrap().to_string(), "2024-02-29");
    /// assert!(Date::from_ymd(2023, 2, 29).is_none());
    /// assert!(Date::from_ymd(i32::MAX, 1, 1).is_none());
    /// ```
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        i32::try_from(days_from_civil(year, month, day))
            .ok()
            .map(Date)
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i32 {
        self.0
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i32) -> Date {
        Date(days)
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// Whole days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i32 {
        later.0 - self.0
    }

    /// The date `n` days later.
    pub fn add_days(self, n: i32) -> Date {
        Date(self.0 + n)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year is known.
    Year,
    /// Year and month are known.
    Month,
    /// The exact day is known.
    Day,
}

impl Precision {
    /// `year`, `month` or `day`, as written in output tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    first_day: Date,
    precision: Precision,
}

impl PartialDate {
    /// A date known to the day.
    pub fn day(date: Date) -> PartialDate {
        PartialDate {
            first_day: date,
            precision: Precision::Day,
        }
    }

    /// Builds a partial date from its parts; `None` if they do not form a date.
    pub fn from_parts(year: i32, month: Option<u32>, day: Option<u32>) -> Option<PartialDate> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        let (m, d, precision) = match (month, day) {
            (None, None) => (1, 1, Precision::Year),
            (Some(m), None) => (m, 1, Precision::Month),
            (Some(m), Some(d)) => (m, d, Precision::Day),
            (None, Some(_)) => return None,
        };
        Date::from_ymd(year, m, d).map(|first_day| PartialDate {
            first_day,
            precision,
        })
    }

    /// The calendar date this partial date stands for: its first day.
    pub fn first_day(self) -> Date {
        self.first_day
    }

    /// How precisely it is known.
    pub fn precision(self) -> Precision {
        self.precision
    }

    /// The last day it may stand for (end of its year or month, or the day itself).
    pub fn last_day(self) -> Date {
        let (y, m, _) = self.first_day.ymd();
        match self.precision {
            Precision::Day => self.first_day,
            Precision::Month => self.first_day.add_days(days_in_month(y, m) as i32 - 1),
            Precision::Year => self.first_day.add_days(if is_leap(y) { 365 } else { 364 }),
        }
    }

    /// Parses one of the accepted spellings (module documentation).
    ///
    /// # Errors
    /// A [`DateError`] saying what was expected.
    ///
    /// # Examples
    /// ```
    /// use ptce::date::{PartialDate, Precision};
    /// let d = PartialDate::parse("15/03/2016").unwrap();
    /// assert_eq!(d.to_string(), "2016-03-15");
    /// let y = PartialDate::parse("2015").unwrap();
    /// assert_eq!((y.first_day().to_string(), y.precision()), ("2015-01-01".into(), Precision::Year));
    /// assert_eq!(PartialDate::parse("2015-03").unwrap().to_string(), "2015-03");
    /// assert!(PartialDate::parse("31/02/2016").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<PartialDate, DateError> {
        let s = strip_time(text.trim());
        if s.bytes().any(|b| b.is_ascii_alphabetic()) {
            // A month in words (the whole text: `mars 2016` is not a day and a time).
            return parse_words(text.trim());
        }
        if let Some(day) = spreadsheet_serial(s) {
            return Err(DateError::SpreadsheetSerial(day));
        }
        let bad = || DateError::Unrecognized;
        let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
        let num = |p: &str, max_len: usize| -> Result<u32, DateError> {
            if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            p.parse::<u32>().map_err(|_| bad())
        };
        let (year, month, day) = match parts.as_slice() {
            [y] if y.len() == 4 => (num(y, 4)?, None, None),
            [y, m] if y.len() == 4 => (num(y, 4)?, Some(num(m, 2)?), None),
            [m, y] if y.len() == 4 && m.len() <= 2 => (num(y, 4)?, Some(num(m, 2)?), None),
            [y, m, d] if y.len() == 4 => (num(y, 4)?, Some(num(m, 2)?), Some(num(d, 2)?)),
            [d, m, y] if y.len() == 4 => (num(y, 4)?, Some(num(m, 2)?), Some(num(d, 2)?)),
            // 15/03/19: which century? (DD/MM/YY and MM/YY as spreadsheets abbreviate them.)
            [a, b, c] if [a, b, c].iter().all(|p| num(p, 2).is_ok()) => {
                return Err(DateError::TwoDigitYear)
            }
            [a, b] if num(a, 2).is_ok() && num(b, 2).is_ok() && b.len() == 2 => {
                return Err(DateError::TwoDigitYear)
            }
            _ => return Err(bad()),
        };
        let year = year as i32;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(DateError::YearOutOfRange(year));
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(DateError::NoSuchDate);
            }
        }
        PartialDate::from_parts(year, month, day).ok_or(DateError::NoSuchDate)
    }
}

/// Month named in French or English, full or abbreviated, any case, accents optional, a trailing
/// full stop allowed (`mars`, `Mars`, `févr.`, `fevrier`, `août`, `aout`, `sept.`, `March`, `Sep`).
fn month_named(word: &str) -> Option<u32> {
    let folded: String = word
        .trim_end_matches('.')
        .to_lowercase()
        .chars()
        .map(crate::load::text::fold_accent)
        .collect();
    let month = match folded.as_str() {
        "janvier" | "janv" | "jan" | "january" => 1,
        "fevrier" | "fevr" | "fev" | "feb" | "february" => 2,
        "mars" | "mar" | "march" => 3,
        "avril" | "avr" | "apr" | "april" => 4,
        "mai" | "may" => 5,
        "juin" | "jun" | "june" => 6,
        "juillet" | "juil" | "jul" | "july" => 7,
        "aout" | "aug" | "august" => 8,
        "septembre" | "sept" | "sep" | "september" => 9,
        "octobre" | "oct" | "october" => 10,
        "novembre" | "nov" | "november" => 11,
        "decembre" | "dec" | "december" => 12,
        _ => return None,
    };
    Some(month)
}

/// A day of the month as archives write it: `15`, `1er` (French), `1st`, `2nd`, `3rd`, `15th`.
fn day_written(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    let digits = ["er", "st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
        .unwrap_or(&lower);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Dates written with a month name: `mars 2016`, `15 mars 2016`, `1er mars 2016`, `March 2016`,
/// `15 March 2016`, `March 15, 2016`.
fn parse_words(s: &str) -> Result<PartialDate, DateError> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let year = |w: &str| -> Result<i32, DateError> {
        if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
            w.parse().map_err(|_| DateError::Unrecognized)
        } else {
            Err(DateError::Unrecognized)
        }
    };
    let (year, month, day) = match words.as_slice() {
        [m, y] => (year(y)?, month_named(m), None),
        [d, m, y] if month_named(m).is_some() => (year(y)?, month_named(m), day_written(d)),
        [m, d, y] => (year(y)?, month_named(m), day_written(d)),
        _ => return Err(DateError::Unrecognized),
    };
    let (Some(month), true) = (month, words.len() == 2 || day.is_some()) else {
        return Err(DateError::Unrecognized);
    };
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(DateError::YearOutOfRange(year));
    }
    PartialDate::from_parts(year, Some(month), day).ok_or(DateError::NoSuchDate)
}

/// The day a spreadsheet's serial number stands for, when `s` is a 5-digit number (Excel and
/// LibreOffice count days from 1899-12-30 for every serial after 60: 43831 is 2020-01-01).
fn spreadsheet_serial(s: &str) -> Option<Date> {
    if s.len() != 5 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let serial: i32 = s.parse().ok()?;
    Some(Date::from_ymd(1899, 12, 30)?.add_days(serial))
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    /// Ordered by the day they stand for, then by precision (coarser first).
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.first_day, self.precision).cmp(&(other.first_day, other.precision))
    }
}

impl fmt::Display for PartialDate {
    /// Written with its own precision: `2015`, `2015-03` or `2015-03-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.first_day.ymd();
        match self.precision {
            Precision::Year => write!(f, "{y:04}"),
            Precision::Month => write!(f, "{y:04}-{m:02}"),
            Precision::Day => write!(f, "{y:04}-{m:02}-{d:02}"),
        }
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not one of the accepted spellings.
    Unrecognized,
    /// Well formed, but no such day (e.g. 31/02/2016, month 13).
    NoSuchDate,
    /// Year outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    YearOutOfRange(i32),
    /// Day, month and a two-digit year (`15/03/19`): the century is not guessed.
    TwoDigitYear,
    /// A 5-digit number, as a spreadsheet writes a date cell formatted as a number: the day it
    /// would stand for is named in the message, not taken (the number may be something else).
    SpreadsheetSerial(Date),
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Unrecognized => f.write_str(ACCEPTED),
            DateError::TwoDigitYear => write!(
                f,
                "{ACCEPTED}; a two-digit year is not read (19 may be 2019 or 1919): write the \
                 year in full"
            ),
            DateError::SpreadsheetSerial(day) => write!(
                f,
                "{ACCEPTED}; a 5-digit number is how a spreadsheet writes a date cell formatted \
                 as a number (this one would be {day}): format the column as a date before \
                 exporting, or write the date"
            ),
            DateError::NoSuchDate => f.write_str("an existing calendar date"),
            DateError::YearOutOfRange(_) => {
                write!(f, "a year between {MIN_YEAR} and {MAX_YEAR}")
            }
        }
    }
}

/// What a date cell may hold, as error messages say it.
pub const ACCEPTED: &str =
    "a date as YYYY-MM-DD, DD/MM/YYYY, YYYY-MM, MM/YYYY, YYYY or with the month in words \
     (15 mars 2016, mars 2016, March 15, 2016)";

fn strip_time(s: &str) -> &str {
    // "2015-03-01 00:00:00", "2015-03-01T00:00:00", "01/03/2015 00:00"
    match s.find(['T', ' ']) {
        Some(i) if i >= 4 => {
            let rest = &s[i + 1..];
            if !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
            {
                &s[..i]
            } else {
                s
            }
        }
        _ => s,
    }
}

/// Whether `year` is a leap year (Gregorian).
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days of `month` (1–12) in `year`.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms), computed in
// i64 so that no year or day count can overflow (fuzzing found `from_ymd` overflowing for years
// beyond ±5.8 million, and `from_days` near i32::MAX).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = i64::from(z) + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    // Every i32 day count is within ±5.9 million years of 1970: the year fits an i32, and the
    // month (1–12) and day (1–31) fit a u32.
    ((y + i64::from(m <= 2)) as i32, m as u32, d as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_round_trip() {
        assert_eq!(Date::from_ymd(1970, 1, 1).unwrap().days(), 0);
        assert_eq!(Date::from_ymd(2000, 3, 1).unwrap().days(), 11_017);
        for days in (-60_000..80_000).step_by(7) {
            let (y, m, d) = Date::from_days(days).ymd();
            assert_eq!(Date::from_ymd(y, m, d).unwrap().days(), days);
        }
    }

    #[test]
    fn extreme_years_and_day_counts_do_not_overflow() {
        // Fuzzing regression (fuzz/regressions/dates/): year 757 019 430 overflowed i32.
        assert_eq!(Date::from_ymd(0x2d2d_3326, 7, 5), None);
        assert_eq!(Date::from_ymd(i32::MIN, 1, 1), None);
        assert_eq!(Date::from_ymd(i32::MAX, 12, 31), None);
        for days in [i32::MIN, i32::MIN + 1, -1, 0, i32::MAX - 1, i32::MAX] {
            let (y, m, d) = Date::from_days(days).ymd();
            assert_eq!(
                Date::from_ymd(y, m, d),
                Some(Date::from_days(days)),
                "{days}"
            );
        }
        // Independent values: Python's datetime after shifting by whole 400-year cycles
        // (146 097 days each).
        assert_eq!(Date::from_days(i32::MAX).ymd(), (5_881_580, 7, 11));
        assert_eq!(Date::from_days(i32::MIN).ymd(), (-5_877_641, 6, 23));
    }

    #[test]
    fn parses_every_spelling() {
        let cases = [
            ("2016-03-15", "2016-03-15", Precision::Day),
            ("15/03/2016", "2016-03-15", Precision::Day),
            ("15-03-2016", "2016-03-15", Precision::Day),
            ("15.03.2016", "2016-03-15", Precision::Day),
            ("2016/03/15", "2016-03-15", Precision::Day),
            ("1/3/2016", "2016-03-01", Precision::Day),
            ("2016-03", "2016-03", Precision::Month),
            ("03/2016", "2016-03", Precision::Month),
            ("2016", "2016", Precision::Year),
            (" 2016-03-15 00:00:00 ", "2016-03-15", Precision::Day),
            ("2016-03-15T00:00:00", "2016-03-15", Precision::Day),
            ("mars 2016", "2016-03", Precision::Month),
            ("Février 2016", "2016-02", Precision::Month),
            ("fevr. 2016", "2016-02", Precision::Month),
            ("AOÛT 2016", "2016-08", Precision::Month),
            ("15 mars 2016", "2016-03-15", Precision::Day),
            ("1er mars 2016", "2016-03-01", Precision::Day),
            ("1er sept. 2016", "2016-09-01", Precision::Day),
            ("29 février 2016", "2016-02-29", Precision::Day),
            ("décembre 2016", "2016-12", Precision::Month),
            ("March 2016", "2016-03", Precision::Month),
            ("15 March 2016", "2016-03-15", Precision::Day),
            ("March 15, 2016", "2016-03-15", Precision::Day),
            ("Sep 1st, 2016", "2016-09-01", Precision::Day),
        ];
        for (text, shown, precision) in cases {
            let d = PartialDate::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(d.to_string(), shown, "{text}");
            assert_eq!(d.precision(), precision, "{text}");
        }
    }

    #[test]
    fn refuses_non_dates() {
        for text in [
            "",
            "NC",
            "2016-13",
            "31/02/2016",
            "2016-02-30",
            "16/03/15",
            "2016-3-x",
            "mars",
            "mars 16",
            "15 mars",
            "32 mars 2016",
            "30 février 2016",
            "15 marz 2016",
            "mars 15 2016 x",
            "2016 mars",
            "premier mars 2016",
        ] {
            assert!(PartialDate::parse(text).is_err(), "{text}");
        }
        assert_eq!(
            PartialDate::parse("30 février 2016"),
            Err(DateError::NoSuchDate)
        );
        for text in ["15/03/19", "15.03.19", "3/19", "16/03/15"] {
            assert_eq!(
                PartialDate::parse(text),
                Err(DateError::TwoDigitYear),
                "{text}"
            );
        }
        assert!(DateError::TwoDigitYear
            .to_string()
            .contains("19 may be 2019 or 1919"));
        assert_eq!(
            PartialDate::parse("mars 1066"),
            Err(DateError::YearOutOfRange(1066))
        );
        // A spreadsheet's day number: refused, with the day it would be (Excel, LibreOffice).
        let serial = PartialDate::parse("43831").unwrap_err();
        assert_eq!(
            serial,
            DateError::SpreadsheetSerial(Date::from_ymd(2020, 1, 1).unwrap())
        );
        assert!(serial.to_string().contains("this one would be 2020-01-01"));
        assert_eq!(
            PartialDate::parse("45292"),
            Err(DateError::SpreadsheetSerial(
                Date::from_ymd(2024, 1, 1).unwrap()
            ))
        );
        assert_eq!(
            PartialDate::parse("30000"),
            Err(DateError::SpreadsheetSerial(
                Date::from_ymd(1982, 2, 18).unwrap()
            )),
            "5-digit numbers are not years"
        );
        assert_eq!(
            PartialDate::parse("1066"),
            Err(DateError::YearOutOfRange(1066))
        );
    }

    #[test]
    fn partial_dates_stand_for_their_first_day() {
        let y = PartialDate::parse("2015").unwrap();
        assert_eq!(y.first_day().to_string(), "2015-01-01");
        assert_eq!(y.last_day().to_string(), "2015-12-31");
        let m = PartialDate::parse("2016-02").unwrap();
        assert_eq!(m.first_day().to_string(), "2016-02-01");
        assert_eq!(m.last_day().to_string(), "2016-02-29");
        assert!(y < m);
    }
}
