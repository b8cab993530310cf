//! Shorthands shared by the scenario tests of the stages (and of the event data built on them).

use crate::date::{Date, PartialDate};
use crate::model::{Event, EventType};

/// A date as `PartialDate::parse` reads it (`2015`, `2015-03`, `2015-03-01`).
pub(crate) fn d(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

/// The first day of [`d`]`(s)`.
pub(crate) fn day(s: &str) -> Date {
    d(s).first_day()
}

/// Event `event` of PTCE `ptce` on `date`, no note nor source.
pub(crate) fn ev(ptce: &str, date: &str, event: EventType) -> Event {
    Event {
        ptce_id: ptce.into(),
        date: d(date),
        event,
        note: None,
        source: None,
    }
}
