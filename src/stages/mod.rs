//! Stages of meta-organization creation: the stage model, each PTCE's timeline, its boundaries
//! (who joins and leaves in each stage), its organizing practices, and the date windows of the
//! stage snapshots.
//!
//! A PTCE forms in stages (Saniossian 2020; Saniossian, Lecocq & Beaucourt 2022, *M@n@gement*
//! 25(2)): a pilot organization's individual impetus, an informal collective, then a formal
//! collective organization, possibly followed by dormancy or dissolution. Stages are not data:
//! they are derived by rule from the dated events of `events.csv`, with a [`StageModel`] that a
//! researcher may replace in `study.toml` (e.g. Gray 1985, Ring & Van de Ven 1994). Every rule is
//! written in `docs/stages.md`.
//!
//! The pipeline, per PTCE:
//! 1. [`timeline()`]: entry, end, duration and status of each stage, and the stage reached at the
//!    study's reference date, with [`StageWarning`]s for what had to be corrected;
//! 2. [`pilot()`] and [`check_founded`]: the pilot organization and a consistency check;
//! 3. [`stage_flows`] and [`founders`]: members joining, leaving and present, by actor type;
//! 4. [`practices()`]: tie kinds and activity sectors started in each stage;
//! 5. [`stage_windows`], then [`active_members`] / [`active_ties`]: what each stage snapshot holds.
//!
//! [`analyze_stages`] runs steps 1–5 for every PTCE of a study.
//!
//! Everything here is a pure function of typed records: no file, no clock.

pub mod analysis;
pub mod boundaries;
pub mod model;
pub mod pilot;
pub mod practices;
pub mod snapshot;
pub mod tables;
pub mod timeline;
pub mod validation;

#[cfg(test)]
mod boundary_tests;
#[cfg(test)]
pub(crate) mod test_support;
#[cfg(test)]
mod tests;

pub use analysis::{analyze_stages, PilotRow, StageInputs, StageResults};
pub use boundaries::{actor_types, founders, stage_flows, FlowRow, FounderRow, Founders};
pub use model::{
    FounderCut, SnapshotMode, Stage, StageConfig, StageModel, StageModelConfig, RESERVED_ID,
};
pub use pilot::{check_founded, pilot, FOUNDED_TOLERANCE_DAYS};
pub use practices::{practices, PracticeCategory, PracticeRow};
pub use snapshot::{active_members, active_ties, is_active, stage_windows, StageWindow, Window};
pub use timeline::{timeline, timelines, StageRow, StageSpan, StageStatus, Timeline};
pub use validation::{is_safe_id, StageModelError, StageModelErrors};

use crate::date::PartialDate;
use std::fmt;

/// What a [`StageWarning`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WarningKind {
    /// A stage's first event predates the entry of an earlier stage of the model: its entry was
    /// moved to that earlier entry. `date`: the first event; `other_date`: the entry it was moved to.
    StageOutOfOrder,
    /// An event is dated after the study's reference date and was ignored. `date`: the event;
    /// `other_date`: none (the reference date is in the message).
    EventAfterReference,
    /// An event of an optional stage (dormancy, dissolution) is followed by an event of a required
    /// stage: the PTCE resumed, and that event was not taken as an entry. `date`: the optional
    /// stage's event; `other_date`: the later event of a required stage.
    StageResumed,
    /// No membership spell of the PTCE has the role `pilot`.
    NoPilot,
    /// Several organizations have the role `pilot`; the earliest-joined one is taken.
    SeveralPilots,
    /// `founded` in `ptces.csv` and the first `legal_entity_created` event are more than
    /// [`FOUNDED_TOLERANCE_DAYS`] apart. `date`: `founded`; `other_date`: the event.
    FoundedMismatch,
}

impl WarningKind {
    /// The kind as written in output tables (snake_case).
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::StageOutOfOrder => "stage_out_of_order",
            WarningKind::EventAfterReference => "event_after_reference",
            WarningKind::StageResumed => "stage_resumed",
            WarningKind::NoPilot => "no_pilot",
            WarningKind::SeveralPilots => "several_pilots",
            WarningKind::FoundedMismatch => "founded_mismatch",
        }
    }
}

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem found while deriving stages: the data stay usable, the researcher should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageWarning {
    /// The PTCE concerned.
    pub ptce_id: String,
    /// What happened.
    pub kind: WarningKind,
    /// The stage concerned, when there is one.
    pub stage: Option<String>,
    /// The date in question (see [`WarningKind`] for each kind).
    pub date: Option<PartialDate>,
    /// The date it was compared with (see [`WarningKind`] for each kind).
    pub other_date: Option<PartialDate>,
    /// A sentence for the validation report.
    pub message: String,
}

impl fmt::Display for StageWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PTCE `{}`", self.ptce_id)?;
        if let Some(stage) = &self.stage {
            write!(f, ", stage `{stage}`")?;
        }
        write!(f, ": {} ({})", self.message, self.kind)
    }
}
