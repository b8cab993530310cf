//! The date windows of stage snapshots, and the selection of the members and ties active in them.
//!
//! Convention (`docs/stages.md`): a spell `[start, end)` — a membership `[joined, left)`, a tie
//! `[start, end)` — is active on day `d` when `start ≤ d` and (`end` is empty or `d < end`), each
//! partial date standing for its first day. `left`/`end` is thus the first day *without* the
//! membership or tie, as networkDynamic's spells `[onset, terminus)` (Butts et al.). A spell with
//! `end == start` is active on that single day only (a one-off, recorded as such). A window is a
//! closed range of days `[from, to]`; a spell is active in it when it is active on one of its days.

use super::model::SnapshotMode;
use super::timeline::Timeline;
use crate::date::{Date, PartialDate};
use crate::model::{Membership, Tie};

/// A closed range of days `[from, to]`; an instant when `from == to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    from: Date,
    to: Date,
}

impl Window {
    /// The single day `day`.
    pub fn instant(day: Date) -> Window {
        Window { from: day, to: day }
    }

    /// The days from `from` to `to`, both included; `None` if `to < from`.
    pub fn between(from: Date, to: Date) -> Option<Window> {
        (from <= to).then_some(Window { from, to })
    }

    /// First day of the window.
    pub fn from(self) -> Date {
        self.from
    }

    /// Last day of the window.
    pub fn to(self) -> Date {
        self.to
    }

    /// Whether the window is a single day.
    pub fn is_instant(self) -> bool {
        self.from == self.to
    }

    /// Whether `day` is in the window.
    pub fn contains(self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }
}

/// Whether the spell `[start, end)` is active on at least one day of `window`.
///
/// # Arguments
/// * `start` — first day of the spell (a partial date stands for its first day).
/// * `end` — first day without it (`None`: still running); `end == start`: that day only;
///   `end < start` (refused by validation): never active.
/// * `window` — the days looked at.
///
/// # Returns
/// `true` if the spell and the window share a day.
///
/// # Complexity
/// O(1).
pub fn is_active(start: PartialDate, end: Option<PartialDate>, window: Window) -> bool {
    overlaps(start.first_day(), end.map(PartialDate::first_day), window)
}

/// [`is_active`] on calendar days.
pub(crate) fn overlaps(start: Date, end: Option<Date>, window: Window) -> bool {
    match end {
        None => start <= window.to,
        Some(e) if e == start => window.contains(start),
        Some(e) if e < start => false,
        Some(e) => start <= window.to && window.from < e,
    }
}

/// The membership spells active in `window`, in input order.
///
/// An organization that left and rejoined inside an interval window has two active spells:
/// both are returned (the network builder keeps one node per organization, with the role of its
/// latest active spell). Spells are not filtered by PTCE: pass those of one PTCE.
///
/// # Arguments
/// * `memberships` — membership spells.
/// * `window` — from [`stage_windows`] or [`Window::instant`].
///
/// # Returns
/// References to the active spells.
///
/// # Complexity
/// O(m) for m spells.
///
/// # Examples
/// ```
/// use ptce::date::{Date, PartialDate};
/// use ptce::model::{Membership, Role};
/// use ptce::stages::{active_members, Window};
/// let d = |s: &str| PartialDate::parse(s).unwrap();
/// let spells = [Membership {
///     ptce_id: "P1".into(), org_id: "O1".into(), joined: d("2014"), left: Some(d("2016-03")),
///     role: Role::Founder,
/// }];
/// let on = |y, m, day| Window::instant(Date::from_ymd(y, m, day).unwrap());
/// assert_eq!(active_members(&spells, on(2016, 2, 29)).len(), 1);
/// assert_eq!(active_members(&spells, on(2016, 3, 1)).len(), 0); // `left` is the first day out
/// ```
pub fn active_members(memberships: &[Membership], window: Window) -> Vec<&Membership> {
    memberships
        .iter()
        .filter(|m| is_active(m.joined, m.left, window))
        .collect()
}

/// The ties active in `window`, in input order. Ties are not filtered by PTCE nor by whether
/// their endpoints are active members: the network builder does that.
///
/// # Arguments
/// * `ties` — ties with their `[start, end)` spells.
/// * `window` — the days looked at.
///
/// # Returns
/// References to the active ties.
///
/// # Complexity
/// O(t) for t ties.
pub fn active_ties(ties: &[Tie], window: Window) -> Vec<&Tie> {
    ties.iter()
        .filter(|t| is_active(t.start, t.end, window))
        .collect()
}

/// The window of one stage snapshot of one PTCE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageWindow {
    pub ptce_id: String,
    /// Stage id: the `snapshot` column of the network tables.
    pub stage: String,
    pub mode: SnapshotMode,
    pub window: Window,
}

/// The snapshot window of each entered stage of a PTCE.
///
/// With `last` the stage's last day ([`super::StageSpan::last_day`]: the day before the next
/// entered stage's entry, the reference date for the ongoing stage, the entry day for a stage left
/// the day it was entered):
/// * `state` — the instant `last`;
/// * `interval` — `[entry, last]`;
/// * `cumulative` — `[first entry of the PTCE, last]`.
///
/// Stages skipped or not reached have no snapshot. The snapshot `all` is not made here.
///
/// # Arguments
/// * `timeline` — the PTCE's timeline.
/// * `mode` — the study's snapshot mode ([`super::StageModel::snapshot_mode`]).
///
/// # Returns
/// One [`StageWindow`] per entered stage, in model order.
///
/// # Complexity
/// O(s) for s stages.
///
/// # Examples
/// ```
/// use ptce::date::{Date, PartialDate};
/// use ptce::model::{Event, EventType};
/// use ptce::stages::{stage_windows, timeline, SnapshotMode, StageModel};
/// let ev = |date: &str, event| Event {
///     ptce_id: "P1".into(), date: PartialDate::parse(date).unwrap(), event, note: None, source: None,
/// };
/// let events = [ev("2012", EventType::PilotInitiative), ev("2014", EventType::CharterSigned)];
/// let (t, _) = timeline("P1", &events, &StageModel::default(), Date::from_ymd(2020, 6, 30).unwrap());
/// let w = stage_windows(&t, SnapshotMode::Interval);
/// assert_eq!(w.len(), 2);
/// assert_eq!((w[0].window.from().to_string(), w[0].window.to().to_string()),
///            ("2012-01-01".into(), "2013-12-31".into()));
/// assert_eq!(w[1].window.to().to_string(), "2020-06-30");
/// ```
pub fn stage_windows(timeline: &Timeline, mode: SnapshotMode) -> Vec<StageWindow> {
    let Some(first) = timeline.first_entry().map(PartialDate::first_day) else {
        return Vec::new();
    };
    timeline
        .spans
        .iter()
        .filter_map(|span| {
            let entry = span.entry?.first_day();
            let last = span.last_day()?;
            let window = match mode {
                SnapshotMode::State => Window::instant(last),
                SnapshotMode::Interval => Window::between(entry, last)?,
                SnapshotMode::Cumulative => Window::between(first, last)?,
            };
            Some(StageWindow {
                ptce_id: timeline.ptce_id.clone(),
                stage: span.stage.clone(),
                mode,
                window,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn day(s: &str) -> Date {
        d(s).first_day()
    }

    #[test]
    fn half_open_spells() {
        let (s, e) = (d("2015-03-10"), Some(d("2015-06-01")));
        assert!(!is_active(s, e, Window::instant(day("2015-03-09"))));
        assert!(is_active(s, e, Window::instant(day("2015-03-10"))));
        assert!(is_active(s, e, Window::instant(day("2015-05-31"))));
        assert!(!is_active(s, e, Window::instant(day("2015-06-01"))));
        // Windows touching the spell by one day.
        assert!(is_active(
            s,
            e,
            Window::between(day("2014-01-01"), day("2015-03-10")).unwrap()
        ));
        assert!(!is_active(
            s,
            e,
            Window::between(day("2015-06-01"), day("2016-01-01")).unwrap()
        ));
        assert!(is_active(
            s,
            e,
            Window::between(day("2015-05-31"), day("2016-01-01")).unwrap()
        ));
        // Open spells run forever.
        assert!(is_active(s, None, Window::instant(day("2100-01-01"))));
    }

    #[test]
    fn one_day_and_reversed_spells() {
        let s = d("2015");
        assert!(is_active(s, Some(s), Window::instant(day("2015-01-01"))));
        assert!(!is_active(s, Some(s), Window::instant(day("2015-01-02"))));
        assert!(is_active(
            s,
            Some(s),
            Window::between(day("2014-06-01"), day("2015-01-01")).unwrap()
        ));
        assert!(!is_active(
            d("2016"),
            Some(d("2015")),
            Window::between(day("2010"), day("2020")).unwrap()
        ));
    }

    #[test]
    fn windows() {
        assert_eq!(Window::between(day("2016"), day("2015")), None);
        let w = Window::between(day("2015"), day("2015")).unwrap();
        assert!(w.is_instant() && w.contains(day("2015")) && !w.contains(day("2015-01-02")));
    }
}
