//! Organizing practices started in each stage: the kinds of cooperation ties and the thematic
//! sectors of joint activities that begin during the stage.

use super::timeline::Timeline;
use crate::model::{Activity, Sector, Tie, TieKind};

/// What a [`PracticeRow`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PracticeCategory {
    /// Ties, by [`TieKind`].
    TieKind,
    /// Joint activities, by thematic [`Sector`].
    ActivitySector,
}

impl PracticeCategory {
    /// `tie_kind` or `activity_sector`, as written in `tables/practices.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            PracticeCategory::TieKind => "tie_kind",
            PracticeCategory::ActivitySector => "activity_sector",
        }
    }
}

/// One row of `tables/practices.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeRow {
    pub ptce_id: String,
    pub stage: String,
    pub category_type: PracticeCategory,
    /// The tie kind or sector, as written in the tables.
    pub category: &'static str,
    /// Ties or activities that started during the stage.
    pub count: usize,
}

/// Tie kinds and activity sectors started in each entered stage of one PTCE.
///
/// A tie or activity is counted in the stage whose period holds its `start` (first day of a
/// partial date): `[entry, end)`, `[entry, reference]` for the ongoing stage, and everything
/// before the entry for the first entered stage. Starts after the reference date are not counted.
///
/// # Arguments
/// * `timeline` — the PTCE's timeline.
/// * `ties`, `activities` — rows of `ties.csv` and `activities.csv`; other PTCEs' are skipped.
///
/// # Returns
/// For each entered stage in model order: one row per tie kind, then one per sector, in
/// vocabulary order, zeros included.
///
/// # Complexity
/// O(s·(t + a)) for s stages, t ties and a activities.
///
/// # Examples
/// ```
/// use ptce::date::{Date, PartialDate};
/// use ptce::model::{Event, EventType, Tie, TieKind};
/// use ptce::stages::{practices, timeline, StageModel};
/// let d = |s: &str| PartialDate::parse(s).unwrap();
/// let ev = |date: &str, event| Event { ptce_id: "P1".into(), date: d(date), event, note: None, source: None };
/// let events = [ev("2012", EventType::PilotInitiative), ev("2014", EventType::CharterSigned)];
/// let (t, _) = timeline("P1", &events, &StageModel::default(), Date::from_ymd(2020, 1, 1).unwrap());
/// let tie = Tie { ptce_id: "P1".into(), source: "O1".into(), target: "O2".into(),
///                 kind: TieKind::Governance, start: d("2015-04"), end: None, weight: 1.0 };
/// let rows = practices(&t, &[tie], &[]);
/// let hit: Vec<_> = rows.iter().filter(|r| r.count > 0).collect();
/// assert_eq!((hit.len(), hit[0].stage.as_str(), hit[0].category), (1, "S2", "governance"));
/// ```
pub fn practices(timeline: &Timeline, ties: &[Tie], activities: &[Activity]) -> Vec<PracticeRow> {
    let id = timeline.ptce_id.as_str();
    let ties: Vec<&Tie> = ties.iter().filter(|t| t.ptce_id == id).collect();
    let activities: Vec<&Activity> = activities.iter().filter(|a| a.ptce_id == id).collect();
    let mut rows = Vec::new();
    for (span, from, until) in timeline.counting_periods() {
        let inside = |d: crate::date::Date| from.is_none_or(|f| f <= d) && d < until;
        let mut kinds = vec![0usize; TieKind::ALL.len()];
        for t in ties.iter().filter(|t| inside(t.start.first_day())) {
            kinds[t.kind.index()] += 1;
        }
        let mut sectors = vec![0usize; Sector::ALL.len()];
        for a in activities.iter().filter(|a| inside(a.start.first_day())) {
            sectors[a.sector.index()] += 1;
        }
        let row = |category_type, category, count| PracticeRow {
            ptce_id: timeline.ptce_id.clone(),
            stage: span.stage.clone(),
            category_type,
            category,
            count,
        };
        rows.extend(
            TieKind::ALL
                .iter()
                .map(|k| row(PracticeCategory::TieKind, k.as_str(), kinds[k.index()])),
        );
        rows.extend(Sector::ALL.iter().map(|s| {
            row(
                PracticeCategory::ActivitySector,
                s.as_str(),
                sectors[s.index()],
            )
        }));
    }
    rows
}
