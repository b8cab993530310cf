//! Durations between partial dates (issue 17, point 2). A date known to the year or the month
//! is the interval [first day, last day] of [`PartialDate`]; a duration between two such dates
//! is known only within bounds, and a single value needs an imputed point in each interval.

use crate::date::{Date, PartialDate};

/// The point of a partial date's interval used for durations (`[stages] date_imputation`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum DateImputation {
    /// The first day.
    Start,
    /// first day + ⌊(last day − first day) / 2⌋: 2015 → 2015-07-02, 2016-03 → 2016-03-16.
    #[default]
    Mid,
    /// The last day.
    End,
}

impl DateImputation {
    /// `start`, `mid` or `end`, as written in `study.toml` and the output tables.
    pub fn as_str(self) -> &'static str {
        match self {
            DateImputation::Start => "start",
            DateImputation::Mid => "mid",
            DateImputation::End => "end",
        }
    }

    /// Parses `start`, `mid` or `end`; `None` for anything else.
    pub fn from_name(name: &str) -> Option<DateImputation> {
        match name {
            "start" => Some(DateImputation::Start),
            "mid" => Some(DateImputation::Mid),
            "end" => Some(DateImputation::End),
            _ => None,
        }
    }

    /// The imputed day of a partial date (a date known to the day is itself).
    ///
    /// # Arguments
    /// * `date` - the partial date.
    ///
    /// # Returns
    /// Its first day, middle day (rounded down) or last day.
    ///
    /// # Examples
    /// ```
    /// use ptce::date::PartialDate;
    /// use ptce::events::DateImputation;
    /// let y = PartialDate::parse("2015").unwrap();
    /// assert_eq!(DateImputation::Mid.impute(y).to_string(), "2015-07-02");
    /// assert_eq!(DateImputation::End.impute(y).to_string(), "2015-12-31");
    /// ```
    pub fn impute(self, date: PartialDate) -> Date {
        let (first, last) = (date.first_day(), date.last_day());
        match self {
            DateImputation::Start => first,
            DateImputation::Mid => first.add_days(first.days_until(last).div_euclid(2)),
            DateImputation::End => last,
        }
    }
}

/// The true bounds, in days, of a duration between two partial dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationBounds {
    /// Entry on the last day of its interval, exit on the first of its own, floored at 0.
    pub shortest: i32,
    /// Entry on the first day of its interval, exit on the last of its own.
    pub longest: i32,
}

/// Bounds of the duration from `entry` to `exit` when each date may be any day of its interval.
///
/// # Arguments
/// * `entry` - the start of the duration (e.g. the date a stage was entered).
/// * `exit` - its end.
///
/// # Returns
/// `Some` bounds with 0 ≤ shortest ≤ longest: shortest = max(0, exit.first − entry.last),
/// longest = exit.last − entry.first. `None` when the exit interval ends before the entry
/// interval begins (no day of either makes a non-negative duration).
///
/// # Complexity
/// O(1).
///
/// # Examples
/// Entry `2015` and exit `2016-03` (issue 17): 61 to 455 days, where "all first days" gives 425
/// and "all last days" 91.
/// ```
/// use ptce::date::PartialDate;
/// use ptce::events::duration_bounds;
/// let b = duration_bounds(PartialDate::parse("2015").unwrap(), PartialDate::parse("2016-03").unwrap()).unwrap();
/// assert_eq!((b.shortest, b.longest), (61, 455));
/// ```
///
/// # References
/// Interval-censored dates: Sun, J. (2006), *The Statistical Analysis of Interval-censored
/// Failure Time Data*, Springer, ch. 1.
pub fn duration_bounds(entry: PartialDate, exit: PartialDate) -> Option<DurationBounds> {
    let longest = entry.first_day().days_until(exit.last_day());
    if longest < 0 {
        return None;
    }
    let shortest = entry.last_day().days_until(exit.first_day()).max(0);
    Some(DurationBounds { shortest, longest })
}

/// The duration from `entry` to `exit` between their imputed days, clamped to the true bounds
/// (so an imputation never gives a negative duration when the intervals overlap).
///
/// # Arguments
/// * `entry`, `exit` - the partial dates.
/// * `imputation` - the point used in each interval.
///
/// # Returns
/// Days, or `None` when [`duration_bounds`] is `None`.
///
/// # Complexity
/// O(1).
///
/// # Examples
/// ```
/// use ptce::date::PartialDate;
/// use ptce::events::{imputed_duration, DateImputation};
/// let (a, b) = (PartialDate::parse("2015").unwrap(), PartialDate::parse("2015-03").unwrap());
/// // Mid points 2015-07-02 and 2015-03-16 would give −108 days: clamped to 0.
/// assert_eq!(imputed_duration(a, b, DateImputation::Mid), Some(0));
/// ```
pub fn imputed_duration(
    entry: PartialDate,
    exit: PartialDate,
    imputation: DateImputation,
) -> Option<i32> {
    let b = duration_bounds(entry, exit)?;
    let d = imputation.impute(entry).days_until(imputation.impute(exit));
    Some(d.clamp(b.shortest, b.longest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn bounds(a: &str, b: &str) -> Option<(i32, i32)> {
        duration_bounds(pd(a), pd(b)).map(|x| (x.shortest, x.longest))
    }

    /// Hand-checked bounds for year-, month- and day-precision dates, each coarser on the entry
    /// side and on the exit side (the two orders), with leap years (2016, 2020).
    #[test]
    fn hand_checked_bounds() {
        // year → month: [2015-01-01, 2015-12-31] → [2016-03-01, 2016-03-31].
        assert_eq!(bounds("2015", "2016-03"), Some((61, 455)));
        // month → year: [2015-03-01, 2015-03-31] → [2016-01-01, 2016-12-31].
        assert_eq!(bounds("2015-03", "2016"), Some((276, 671)));
        // year → day and day → year.
        assert_eq!(bounds("2019", "2020-02-29"), Some((60, 424)));
        assert_eq!(bounds("2019-12-31", "2020"), Some((1, 366)));
        // month → day and day → month.
        assert_eq!(bounds("2016-02", "2016-03-10"), Some((10, 38)));
        assert_eq!(bounds("2016-02-10", "2016-03"), Some((20, 50)));
        // day → day: exact.
        assert_eq!(bounds("2016-02-10", "2016-03-10"), Some((29, 29)));
        // year → year, same year: overlapping intervals, shortest floored at 0.
        assert_eq!(bounds("2015", "2015"), Some((0, 364)));
        // month inside its year, both orders.
        assert_eq!(bounds("2015", "2015-03"), Some((0, 89)));
        assert_eq!(bounds("2015-03", "2015"), Some((0, 305)));
        // exit entirely before entry.
        assert_eq!(bounds("2016-03", "2015"), None);
        assert_eq!(bounds("2016-03-02", "2016-03-01"), None);
    }

    #[test]
    fn imputation_points() {
        assert_eq!(
            DateImputation::Mid.impute(pd("2016")).to_string(),
            "2016-07-01"
        );
        assert_eq!(
            DateImputation::Mid.impute(pd("2016-02")).to_string(),
            "2016-02-15"
        );
        assert_eq!(
            DateImputation::Mid.impute(pd("2016-03")).to_string(),
            "2016-03-16"
        );
        assert_eq!(
            DateImputation::Start.impute(pd("2016-03")).to_string(),
            "2016-03-01"
        );
        assert_eq!(
            DateImputation::End.impute(pd("2016-02")).to_string(),
            "2016-02-29"
        );
        assert_eq!(
            DateImputation::Mid.impute(pd("2016-02-07")).to_string(),
            "2016-02-07"
        );
        for m in [
            DateImputation::Start,
            DateImputation::Mid,
            DateImputation::End,
        ] {
            assert_eq!(DateImputation::from_name(m.as_str()), Some(m));
        }
        assert_eq!(DateImputation::from_name("middle"), None);
        assert_eq!(
            imputed_duration(pd("2015"), pd("2016-03"), DateImputation::Start),
            Some(425)
        );
        assert_eq!(
            imputed_duration(pd("2015"), pd("2016-03"), DateImputation::End),
            Some(91)
        );
        // Mid: 2015-07-02 → 2016-03-16 = 258 days.
        assert_eq!(
            imputed_duration(pd("2015"), pd("2016-03"), DateImputation::Mid),
            Some(258)
        );
    }
}
