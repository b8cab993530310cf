//! The timeline of a PTCE: when it entered each stage of the model, how long each lasted, and the
//! stage reached at the study's reference date. The rules are those of `docs/stages.md`.

use super::model::StageModel;
use super::{StageWarning, WarningKind};
use crate::date::{Date, PartialDate, Precision};
use crate::model::Event;
use std::collections::BTreeMap;

/// Where a PTCE stands with respect to one stage at the reference date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StageStatus {
    /// Entered, and a later stage was entered since.
    Completed,
    /// Entered, and still the current stage at the reference date.
    Ongoing,
    /// Never entered, but a later stage of its block (required or optional stages) was.
    Skipped,
    /// Never entered, and no later stage of its block was: not (yet) reached.
    NotReached,
}

impl StageStatus {
    /// The status as written in `tables/stages.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            StageStatus::Completed => "completed",
            StageStatus::Ongoing => "ongoing",
            StageStatus::Skipped => "skipped",
            StageStatus::NotReached => "not_reached",
        }
    }

    /// Whether the stage was entered (completed or ongoing).
    pub fn entered(self) -> bool {
        matches!(self, StageStatus::Completed | StageStatus::Ongoing)
    }
}

/// One stage of one PTCE's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageSpan {
    /// Stage id.
    pub stage: String,
    /// Date of the stage's first event (before any reordering), if any.
    pub first_event: Option<PartialDate>,
    /// Entry date: the first event, or the entry of an earlier stage it was moved to.
    pub entry: Option<PartialDate>,
    /// End date of an entered stage: the next entered stage's entry, or the reference date.
    pub end: Option<Date>,
    /// Precision of `end` (`Day` when it is the reference date).
    pub end_precision: Option<Precision>,
    /// Status at the reference date.
    pub status: StageStatus,
}

impl StageSpan {
    /// Days from entry to end; `None` for a stage not entered.
    pub fn duration_days(&self) -> Option<i64> {
        Some(i64::from(self.entry?.first_day().days_until(self.end?)))
    }

    /// Precision of the duration: the coarser of the entry's and the end's.
    pub fn duration_precision(&self) -> Option<Precision> {
        Some(self.entry?.precision().min(self.end_precision?))
    }

    /// The last day of an entered stage: the day before its end for a completed stage, the
    /// reference date for the ongoing one, the entry day for a stage entered and left the same day.
    pub fn last_day(&self) -> Option<Date> {
        let entry = self.entry?.first_day();
        let end = self.end?;
        Some(match self.status {
            StageStatus::Completed if end > entry => end.add_days(-1),
            StageStatus::Completed => entry,
            _ => end,
        })
    }

    /// The first day after the stage, for counting what happened in it: `[entry, end)` for a
    /// completed stage, `[entry, reference]` for the ongoing one. `None` if not entered.
    pub fn end_exclusive(&self) -> Option<Date> {
        match self.status {
            StageStatus::Completed => self.end,
            StageStatus::Ongoing => self.end.map(|d| d.add_days(1)),
            _ => None,
        }
    }
}

/// One row of `tables/stages.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageRow {
    pub ptce_id: String,
    pub stage: String,
    /// Written with its own precision (`2015`, `2015-03`, `2015-03-01`).
    pub entry: Option<PartialDate>,
    /// Precision of the entry.
    pub precision: Option<Precision>,
    pub end: Option<Date>,
    pub duration_days: Option<i64>,
    /// Coarser of the precisions of entry and end.
    pub duration_precision: Option<Precision>,
    pub status: StageStatus,
}

/// The stages of one PTCE, in model order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub ptce_id: String,
    /// The study's reference date.
    pub reference: Date,
    /// One span per stage of the model, in model order.
    pub spans: Vec<StageSpan>,
    /// Index of the stage reached at the reference date (the last entered one).
    pub reached: Option<usize>,
}

impl Timeline {
    /// Id of the stage reached at the reference date, if any stage was entered.
    pub fn reached_stage(&self) -> Option<&str> {
        self.reached
            .and_then(|i| self.spans.get(i))
            .map(|s| s.stage.as_str())
    }

    /// The span of the stage with this id.
    pub fn span(&self, stage: &str) -> Option<&StageSpan> {
        self.spans.iter().find(|s| s.stage == stage)
    }

    /// Entry of the first entered stage: the start of the PTCE's formation.
    pub fn first_entry(&self) -> Option<PartialDate> {
        self.spans.iter().find_map(|s| s.entry)
    }

    /// The rows of `tables/stages.csv` for this PTCE, in model order.
    pub fn rows(&self) -> Vec<StageRow> {
        self.spans
            .iter()
            .map(|s| StageRow {
                ptce_id: self.ptce_id.clone(),
                stage: s.stage.clone(),
                entry: s.entry,
                precision: s.entry.map(|e| e.precision()),
                end: s.end,
                duration_days: s.duration_days(),
                duration_precision: s.duration_precision(),
                status: s.status,
            })
            .collect()
    }

    /// Entered spans with the start of the period in which their joinings, leavings and new ties
    /// are counted: `None` (open to the left) for the first entered stage, so that what predates
    /// the first event is counted once, in that stage.
    pub(crate) fn counting_periods(&self) -> Vec<(&StageSpan, Option<Date>, Date)> {
        let mut out = Vec::new();
        for span in &self.spans {
            if let (Some(entry), Some(until)) = (span.entry, span.end_exclusive()) {
                let from = if out.is_empty() {
                    None
                } else {
                    Some(entry.first_day())
                };
                out.push((span, from, until));
            }
        }
        out
    }
}

/// Derives the timeline of one PTCE from its dated events.
///
/// Rules (`docs/stages.md`): a partial date stands for its first day and keeps its precision; a
/// stage is entered on the date of its first event; entries follow model order (a later stage's
/// entry that predates an earlier one's is moved to it, with a warning); events of type `other`
/// or of a type the model omits open nothing; events after `reference` are ignored with a
/// warning; an event of an optional stage followed by an event of a required stage is a pause,
/// not an entry (warning). A stage ends when the next entered stage begins, or at `reference`.
///
/// # Arguments
/// * `ptce_id` — the PTCE; events of other PTCEs in `events` are skipped.
/// * `events` — dated events (any order).
/// * `model` — the validated stage model.
/// * `reference` — the study's reference date.
///
/// # Returns
/// The [`Timeline`] and the warnings, in the order found.
///
/// # Complexity
/// O(n + s) for n events and s stages.
///
/// # Examples
/// ```
/// use ptce::date::{Date, PartialDate};
/// use ptce::model::{Event, EventType};
/// use ptce::stages::{timeline, StageModel, StageStatus};
/// let ev = |date: &str, event| Event {
///     ptce_id: "P1".into(), date: PartialDate::parse(date).unwrap(), event, note: None, source: None,
/// };
/// let events = [ev("2012-05", EventType::PilotInitiative), ev("2014", EventType::CharterSigned)];
/// let reference = Date::from_ymd(2020, 12, 31).unwrap();
/// let (t, warnings) = timeline("P1", &events, &StageModel::default(), reference);
/// assert!(warnings.is_empty());
/// assert_eq!(t.reached_stage(), Some("S2"));
/// let s1 = &t.spans[0];
/// assert_eq!((s1.status, s1.duration_days()), (StageStatus::Completed, Some(610)));
/// assert_eq!(s1.duration_precision().unwrap().as_str(), "year"); // 2014 is known to the year
/// assert_eq!(t.spans[2].status, StageStatus::NotReached);
/// ```
pub fn timeline(
    ptce_id: &str,
    events: &[Event],
    model: &StageModel,
    reference: Date,
) -> (Timeline, Vec<StageWarning>) {
    timeline_of(
        ptce_id,
        events.iter().filter(|e| e.ptce_id == ptce_id),
        model,
        reference,
    )
}

/// The timelines of several PTCEs, in the order of `ptce_ids`, events grouped once.
///
/// # Arguments
/// * `ptce_ids` — the PTCEs (every PTCE gets a timeline, even without events).
/// * `events`, `model`, `reference` — as for [`timeline`].
///
/// # Returns
/// The timelines and all warnings, PTCE by PTCE.
///
/// # Complexity
/// O(n log p + p·s) for n events, p PTCEs and s stages.
pub fn timelines<S: AsRef<str>>(
    ptce_ids: &[S],
    events: &[Event],
    model: &StageModel,
    reference: Date,
) -> (Vec<Timeline>, Vec<StageWarning>) {
    let mut grouped: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for e in events {
        grouped.entry(e.ptce_id.as_str()).or_default().push(e);
    }
    let mut out = Vec::with_capacity(ptce_ids.len());
    let mut warnings = Vec::new();
    for id in ptce_ids {
        let id = id.as_ref();
        let evs = grouped.get(id).map(|v| v.as_slice()).unwrap_or(&[]);
        let (t, w) = timeline_of(id, evs.iter().copied(), model, reference);
        out.push(t);
        warnings.extend(w);
    }
    (out, warnings)
}

fn warning(
    ptce_id: &str,
    kind: WarningKind,
    stage: Option<&str>,
    date: Option<PartialDate>,
    other_date: Option<PartialDate>,
    message: String,
) -> StageWarning {
    StageWarning {
        ptce_id: ptce_id.to_string(),
        kind,
        stage: stage.map(str::to_string),
        date,
        other_date,
        message,
    }
}

/// The earlier of two candidate entries: earliest first day, then the finer precision (an event
/// known to the day on that first day pins the entry more exactly than a year does).
fn earlier(a: Option<PartialDate>, b: PartialDate) -> PartialDate {
    match a {
        Some(a)
            if (a.first_day(), std::cmp::Reverse(a.precision()))
                <= (b.first_day(), std::cmp::Reverse(b.precision())) =>
        {
            a
        }
        _ => b,
    }
}

fn timeline_of<'a>(
    ptce_id: &str,
    events: impl Iterator<Item = &'a Event>,
    model: &StageModel,
    reference: Date,
) -> (Timeline, Vec<StageWarning>) {
    let stages = model.stages();
    let mut warnings = Vec::new();
    // Kept events, as (stage index, event), in input order.
    let mut kept: Vec<(usize, &Event)> = Vec::new();
    for e in events {
        let Some(i) = model.stage_of(e.event) else {
            continue;
        };
        if e.date.first_day() > reference {
            warnings.push(warning(
                ptce_id,
                WarningKind::EventAfterReference,
                Some(stages[i].id()),
                Some(e.date),
                None,
                format!(
                    "event `{}` dated {} is after the reference date {reference}: ignored",
                    e.event, e.date
                ),
            ));
            continue;
        }
        kept.push((i, e));
    }
    // An optional stage's event followed by a required stage's event is a pause: not an entry.
    let last_required = kept
        .iter()
        .filter(|(i, _)| !stages[*i].optional())
        .max_by_key(|(_, e)| e.date.first_day())
        .map(|(_, e)| *e);
    let mut first: Vec<Option<PartialDate>> = vec![None; stages.len()];
    for &(i, e) in &kept {
        if let Some(later) = last_required {
            if stages[i].optional() && e.date.first_day() < later.date.first_day() {
                warnings.push(warning(
                    ptce_id,
                    WarningKind::StageResumed,
                    Some(stages[i].id()),
                    Some(e.date),
                    Some(later.date),
                    format!(
                        "event `{}` dated {} is followed by `{}` dated {}: the PTCE resumed, so it is not taken as the entry into stage `{}`",
                        e.event, e.date, later.event, later.date, stages[i].id()
                    ),
                ));
                continue;
            }
        }
        first[i] = Some(earlier(first[i], e.date));
    }
    // Entries in model order.
    let mut entries: Vec<Option<PartialDate>> = vec![None; stages.len()];
    let mut previous: Option<(usize, PartialDate)> = None;
    for (i, f) in first.iter().enumerate() {
        let Some(f) = *f else { continue };
        let entry = match previous {
            Some((p, prev)) if f.first_day() < prev.first_day() => {
                warnings.push(warning(
                    ptce_id,
                    WarningKind::StageOutOfOrder,
                    Some(stages[i].id()),
                    Some(f),
                    Some(prev),
                    format!(
                        "the first event of stage `{}` ({f}) predates the entry of the earlier stage `{}` ({prev}): entry moved to {prev}",
                        stages[i].id(),
                        stages[p].id()
                    ),
                ));
                prev
            }
            _ => f,
        };
        entries[i] = Some(entry);
        previous = Some((i, entry));
    }
    let reached = entries.iter().rposition(Option::is_some);
    let spans = stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let next = (i + 1..stages.len()).find_map(|j| entries[j].map(|e| (j, e)));
            let (status, end, end_precision) = match (entries[i], next) {
                (Some(_), Some((_, e))) => (
                    StageStatus::Completed,
                    Some(e.first_day()),
                    Some(e.precision()),
                ),
                (Some(_), None) => (StageStatus::Ongoing, Some(reference), Some(Precision::Day)),
                (None, Some((j, _))) if stages[j].optional() == stage.optional() => {
                    (StageStatus::Skipped, None, None)
                }
                (None, _) => (StageStatus::NotReached, None, None),
            };
            StageSpan {
                stage: stage.id().to_string(),
                first_event: first[i],
                entry: entries[i],
                end,
                end_precision,
                status,
            }
        })
        .collect();
    let timeline = Timeline {
        ptce_id: ptce_id.to_string(),
        reference,
        spans,
        reached,
    };
    (timeline, warnings)
}
