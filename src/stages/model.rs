//! The stage model: an ordered list of stages, the event types that open each one, and how the
//! stage snapshots select members and ties.
//!
//! It is read from the `[stages]` table of `study.toml` (all keys optional):
//!
//! ```toml
//! [stages]
//! snapshot_mode = "state"          # "state" (default), "interval" or "cumulative"
//!
//! [[stages.stage]]
//! id = "S1"
//! label_fr = "impulsion individuelle"
//! label_en = "individual impetus"
//! events = ["pilot_initiative"]
//! # optional = false               # true for a closing stage such as dormancy
//! ```
//!
//! Without `[[stages.stage]]` entries the default model of `docs/stages.md` applies (S1, S2, S3
//! and the optional D). [`StageModelConfig`] is the table as written; [`StageModelConfig::validate`]
//! gathers every problem into [`StageModelErrors`](super::validation::StageModelErrors) or returns a [`StageModel`], the only form the
//! rest of the crate accepts. [`StageModel`] deserializes through that validation, so a study
//! configuration can hold it directly.

use crate::events::DateImputation;
use crate::model::EventType;
use serde::{Deserialize, Serialize};

/// The snapshot id that means "the whole data, dates ignored": no stage may take it.
pub const RESERVED_ID: &str = "all";

/// How a stage snapshot selects members and ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SnapshotMode {
    /// Active on the stage's last day (the default).
    #[default]
    State,
    /// Active at any time during the stage.
    Interval,
    /// Active at any time from the PTCE's first stage entry up to the stage's last day.
    Cumulative,
}

impl SnapshotMode {
    /// The mode as written in `study.toml` and in output tables.
    pub fn as_str(self) -> &'static str {
        match self {
            SnapshotMode::State => "state",
            SnapshotMode::Interval => "interval",
            SnapshotMode::Cumulative => "cumulative",
        }
    }
}

/// Who counts as a founder of a PTCE (`[stages] founders`, `docs/stages.md` §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FounderCut {
    /// Members who joined on or before the formal stage's entry (its last day when the entry is a
    /// partial date): the signers of the statutes are founders. The default since issue 17.
    #[default]
    OnOrBefore,
    /// Members who joined strictly before the formal stage's first day (the rule before issue 17).
    Before,
}

impl FounderCut {
    /// `on_or_before` or `before`, as written in `study.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            FounderCut::OnOrBefore => "on_or_before",
            FounderCut::Before => "before",
        }
    }
}

/// One `[[stages.stage]]` entry as written in `study.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageConfig {
    /// Stage id: letters, digits, `_` and `-`; not `all`; unique ignoring case.
    pub id: String,
    /// French label (the id when empty).
    #[serde(default)]
    pub label_fr: String,
    /// English label (the id when empty).
    #[serde(default)]
    pub label_en: String,
    /// Event types (vocabulary of `events.csv`) whose first occurrence opens the stage.
    pub events: Vec<String>,
    /// A closing stage that a PTCE need not reach (dormancy or dissolution). Optional stages come
    /// after every required stage.
    #[serde(default)]
    pub optional: bool,
}

/// The `[stages]` table of `study.toml` as written, before validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageModelConfig {
    /// How stage snapshots select members and ties.
    #[serde(default)]
    pub snapshot_mode: SnapshotMode,
    /// Who counts as a founder (default `on_or_before`).
    #[serde(default)]
    pub founders: FounderCut,
    /// The point of a partial date's interval used for durations (default `mid`).
    #[serde(default)]
    pub date_imputation: DateImputation,
    /// The stages, in order. Absent: the default model.
    #[serde(default = "default_stage_configs", rename = "stage")]
    pub stages: Vec<StageConfig>,
}

impl Default for StageModelConfig {
    fn default() -> Self {
        StageModel::default().into()
    }
}

fn default_stage_configs() -> Vec<StageConfig> {
    StageModelConfig::default().stages
}

/// A validated stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub(super) id: String,
    pub(super) label_fr: String,
    pub(super) label_en: String,
    pub(super) events: Vec<EventType>,
    pub(super) optional: bool,
}

impl Stage {
    /// The stage id (also the `snapshot` of its network snapshot).
    pub fn id(&self) -> &str {
        &self.id
    }
    /// French label, or the id when none was given.
    pub fn label_fr(&self) -> &str {
        if self.label_fr.is_empty() {
            &self.id
        } else {
            &self.label_fr
        }
    }
    /// English label, or the id when none was given.
    pub fn label_en(&self) -> &str {
        if self.label_en.is_empty() {
            &self.id
        } else {
            &self.label_en
        }
    }
    /// The event types that open the stage.
    pub fn events(&self) -> &[EventType] {
        &self.events
    }
    /// Whether the stage is an optional closing stage (dormancy or dissolution).
    pub fn optional(&self) -> bool {
        self.optional
    }
}

/// A validated stage model: ordered stages, each event type mapped to at most one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "StageModelConfig", into = "StageModelConfig")]
pub struct StageModel {
    stages: Vec<Stage>,
    snapshot_mode: SnapshotMode,
    founders: FounderCut,
    date_imputation: DateImputation,
    /// Stage index of each event type, indexed by [`EventType::index`].
    by_event: Vec<Option<usize>>,
}

impl StageModel {
    pub(super) fn build(stages: Vec<Stage>, snapshot_mode: SnapshotMode) -> StageModel {
        let mut by_event = vec![None; EventType::ALL.len()];
        for (i, stage) in stages.iter().enumerate() {
            for e in &stage.events {
                by_event[e.index()] = Some(i);
            }
        }
        StageModel {
            stages,
            snapshot_mode,
            founders: FounderCut::default(),
            date_imputation: DateImputation::default(),
            by_event,
        }
    }

    /// Who counts as a founder.
    pub fn founder_cut(&self) -> FounderCut {
        self.founders
    }

    /// The same model with another founder rule.
    pub fn with_founder_cut(mut self, cut: FounderCut) -> StageModel {
        self.founders = cut;
        self
    }

    /// The point of a partial date's interval used for durations (`[stages] date_imputation`).
    pub fn date_imputation(&self) -> DateImputation {
        self.date_imputation
    }

    /// The same model with another date imputation.
    pub fn with_date_imputation(mut self, imputation: DateImputation) -> StageModel {
        self.date_imputation = imputation;
        self
    }

    /// The stages, in model order.
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }

    /// How stage snapshots select members and ties.
    pub fn snapshot_mode(&self) -> SnapshotMode {
        self.snapshot_mode
    }

    /// The same model with another snapshot mode.
    pub fn with_snapshot_mode(mut self, mode: SnapshotMode) -> StageModel {
        self.snapshot_mode = mode;
        self
    }

    /// Index of the stage an event type opens, or `None` (`other`, or a type the model omits).
    pub fn stage_of(&self, event: EventType) -> Option<usize> {
        self.by_event.get(event.index()).copied().flatten()
    }

    /// Index of the stage with this id (exact match).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.id == id)
    }

    /// Index of the formal stage: the last required stage (S3 in the default model). Members
    /// who joined on or before its entry are the founders (`docs/stages.md`).
    pub fn formal_stage(&self) -> usize {
        self.stages.iter().rposition(|s| !s.optional).unwrap_or(0)
    }
}

impl Default for StageModel {
    /// The default model of `docs/stages.md` (reviewed in issue 17): S3 is opened by a legal act
    /// only (`legal_entity_created`, `governance_installed`); a first joint activity and a
    /// collective funding evidence the informal collective (S2). Snapshot mode `state`,
    /// founders on or before S3 entry, mid-interval date imputation.
    fn default() -> Self {
        use EventType as E;
        let stage = |id: &str, fr: &str, en: &str, events: &[EventType], optional| Stage {
            id: id.into(),
            label_fr: fr.into(),
            label_en: en.into(),
            events: events.to_vec(),
            optional,
        };
        let stages = vec![
            stage(
                "S1",
                "impulsion individuelle",
                "individual impetus",
                &[E::PilotInitiative],
                false,
            ),
            stage(
                "S2",
                "collectif informel",
                "informal collective",
                &[
                    E::FirstCollectiveMeeting,
                    E::LetterOfIntent,
                    E::CharterSigned,
                    E::SteeringCommittee,
                    E::FirstJointActivity,
                    E::CollectiveFunding,
                ],
                false,
            ),
            stage(
                "S3",
                "structuration collective formelle",
                "formal collective organization",
                &[E::LegalEntityCreated, E::GovernanceInstalled],
                false,
            ),
            stage(
                "D",
                "dormance ou dissolution",
                "dormancy or dissolution",
                &[E::Dormancy, E::Dissolution],
                true,
            ),
        ];
        StageModel::build(stages, SnapshotMode::State)
    }
}

impl From<StageModel> for StageModelConfig {
    fn from(model: StageModel) -> Self {
        let stages = model
            .stages
            .into_iter()
            .map(|s| StageConfig {
                id: s.id,
                label_fr: s.label_fr,
                label_en: s.label_en,
                events: s.events.iter().map(|e| e.as_str().to_string()).collect(),
                optional: s.optional,
            })
            .collect();
        StageModelConfig {
            snapshot_mode: model.snapshot_mode,
            founders: model.founders,
            date_imputation: model.date_imputation,
            stages,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_model_is_the_domain_table() {
        let m = StageModel::default();
        let ids: Vec<&str> = m.stages().iter().map(|s| s.id()).collect();
        assert_eq!(ids, ["S1", "S2", "S3", "D"]);
        assert_eq!(m.stage_of(EventType::PilotInitiative), Some(0));
        assert_eq!(m.stage_of(EventType::SteeringCommittee), Some(1));
        assert_eq!(m.stage_of(EventType::CollectiveFunding), Some(1));
        assert_eq!(m.stage_of(EventType::FirstJointActivity), Some(1));
        assert_eq!(m.stage_of(EventType::GovernanceInstalled), Some(2));
        assert_eq!(m.founder_cut(), FounderCut::OnOrBefore);
        assert_eq!(m.date_imputation(), DateImputation::Mid);
        assert_eq!(m.stage_of(EventType::Dissolution), Some(3));
        assert_eq!(m.stage_of(EventType::Other), None);
        assert!(m.stages()[3].optional() && !m.stages()[2].optional());
        assert_eq!(m.formal_stage(), 2);
        assert_eq!(m.stages()[1].label_en(), "informal collective");
        // The default round-trips through its written form and validation.
        assert_eq!(StageModelConfig::default().validate(), Ok(m));
    }

    #[test]
    fn empty_toml_table_gives_the_default_model() {
        let m: StageModel = toml::from_str("").unwrap();
        assert_eq!(m, StageModel::default());
        let m: StageModel = toml::from_str("snapshot_mode = \"interval\"").unwrap();
        assert_eq!(m.snapshot_mode(), SnapshotMode::Interval);
        assert_eq!(m.stages().len(), 4);
        let bad: Result<StageModel, _> = toml::from_str("snapshot_mode = \"State\"");
        assert!(bad.is_err(), "modes are lowercase");
        let m: StageModel =
            toml::from_str("founders = \"before\"\ndate_imputation = \"end\"").unwrap();
        assert_eq!(m.founder_cut(), FounderCut::Before);
        assert_eq!(m.date_imputation(), DateImputation::End);
        let typo: Result<StageModelConfig, _> = toml::from_str("snapshot_mod = \"state\"");
        assert!(typo.unwrap_err().to_string().contains("snapshot_mod"));
    }
}
