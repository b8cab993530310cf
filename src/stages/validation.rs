//! Validation of a stage model read from `study.toml`: every problem is gathered, typed and
//! located (stage position or id), with the nearest event type suggested for a misspelt one.

use super::model::{Stage, StageModel, StageModelConfig, RESERVED_ID};
use crate::model::EventType;
use std::fmt;

/// Why a stage model was refused. Positions are 1-based, in the order of `study.toml`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StageModelError {
    /// No stage at all.
    #[error("the stage model has no stage: give at least one [[stages.stage]], or remove `stage = []` to use the default model")]
    Empty,
    /// An id with characters other than letters, digits, `_` and `-` (or empty).
    #[error("stage {position}: id `{id}` is not a safe id: use only letters, digits, `_` and `-`")]
    UnsafeId { position: usize, id: String },
    /// The id `all` (any case), reserved for the whole-data snapshot.
    #[error("stage {position}: id `{id}` is reserved for the snapshot of the whole data")]
    ReservedId { position: usize, id: String },
    /// Two stages with the same id, ignoring case (ids reach file names).
    #[error("stage {position}: id `{id}` repeats the id `{first_id}` of stage {first} (ids must differ, ignoring case)")]
    DuplicateId {
        position: usize,
        id: String,
        first: usize,
        first_id: String,
    },
    /// A name that is not an event type of `events.csv`.
    #[error("stage `{stage}`: `{event}` is not an event type{}", did_you_mean(.suggestion))]
    UnknownEvent {
        stage: String,
        event: String,
        suggestion: Option<&'static str>,
    },
    /// The event type `other`, which opens no stage.
    #[error("stage `{stage}`: events of type `other` open no stage")]
    OtherEvent { stage: String },
    /// A stage that no event could open.
    #[error("stage `{stage}` lists no event type, so no PTCE could ever enter it")]
    NoEvents { stage: String },
    /// One event type listed by two stages (or twice by one).
    #[error("event type `{event}` is listed by stage `{first}` and again by stage `{second}`: an event type opens one stage only")]
    EventClaimedTwice {
        event: &'static str,
        first: String,
        second: String,
    },
    /// A required stage placed after an optional one.
    #[error("stage `{stage}` is required but follows the optional stage `{optional}`: optional stages come last")]
    RequiredAfterOptional { stage: String, optional: String },
    /// Only optional stages.
    #[error("every stage is optional: at least one stage must be required")]
    NoRequiredStage,
}

fn did_you_mean(suggestion: &Option<&'static str>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

/// Every problem of a stage model, in the order found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageModelErrors(pub Vec<StageModelError>);

impl fmt::Display for StageModelErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "invalid stage model ({n} problem{}):",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.0 {
            write!(f, "\n  - {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for StageModelErrors {}

/// Whether `id` is a safe id: non-empty, only ASCII letters, digits, `_` and `-`.
pub fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl StageModelConfig {
    /// Checks the model and returns its validated form, or every problem found.
    ///
    /// Refused: no stage; an id that is not safe (`[A-Za-z0-9_-]+`), is `all` (any case) or
    /// repeats another (ignoring case); an event name outside the `events.csv` vocabulary (the
    /// nearest name is suggested) or `other`; a stage with no event; an event type listed twice;
    /// a required stage after an optional one; a model with only optional stages.
    ///
    /// # Arguments
    /// * `self` — the `[stages]` table as written.
    ///
    /// # Returns
    /// The [`StageModel`], or [`StageModelErrors`] listing every problem.
    ///
    /// # Complexity
    /// O(s² + e·v) for s stages, e event names and a vocabulary of v names.
    ///
    /// # Examples
    /// ```
    /// use ptce::stages::{StageModelConfig, StageModelError};
    /// let config: StageModelConfig = toml::from_str(r#"
    ///     [[stage]]
    ///     id = "problem_setting"
    ///     events = ["pilot_initiative", "charter_signd"]
    /// "#).unwrap();
    /// let errors = config.validate().unwrap_err();
    /// assert_eq!(errors.0, vec![StageModelError::UnknownEvent {
    ///     stage: "problem_setting".into(),
    ///     event: "charter_signd".into(),
    ///     suggestion: Some("charter_signed"),
    /// }]);
    /// ```
    pub fn validate(&self) -> Result<StageModel, StageModelErrors> {
        let mut errors = Vec::new();
        if self.stages.is_empty() {
            errors.push(StageModelError::Empty);
        }
        let mut stages: Vec<Stage> = Vec::with_capacity(self.stages.len());
        // For each event type, the stage that first listed it.
        let mut claimed: Vec<Option<String>> = vec![None; EventType::ALL.len()];
        let mut first_optional: Option<&str> = None;
        for (i, s) in self.stages.iter().enumerate() {
            let position = i + 1;
            if !is_safe_id(&s.id) {
                errors.push(StageModelError::UnsafeId {
                    position,
                    id: s.id.clone(),
                });
            } else if s.id.eq_ignore_ascii_case(RESERVED_ID) {
                errors.push(StageModelError::ReservedId {
                    position,
                    id: s.id.clone(),
                });
            }
            if let Some(j) = self.stages[..i]
                .iter()
                .position(|t| t.id.eq_ignore_ascii_case(&s.id))
            {
                errors.push(StageModelError::DuplicateId {
                    position,
                    id: s.id.clone(),
                    first: j + 1,
                    first_id: self.stages[j].id.clone(),
                });
            }
            if s.events.is_empty() {
                errors.push(StageModelError::NoEvents {
                    stage: s.id.clone(),
                });
            }
            match (s.optional, first_optional) {
                (true, None) => first_optional = Some(&s.id),
                (false, Some(optional)) => errors.push(StageModelError::RequiredAfterOptional {
                    stage: s.id.clone(),
                    optional: optional.to_string(),
                }),
                _ => {}
            }
            let mut events = Vec::with_capacity(s.events.len());
            for name in &s.events {
                match EventType::parse(name) {
                    Some(EventType::Other) => errors.push(StageModelError::OtherEvent {
                        stage: s.id.clone(),
                    }),
                    Some(e) => match &claimed[e.index()] {
                        Some(first) => errors.push(StageModelError::EventClaimedTwice {
                            event: e.as_str(),
                            first: first.clone(),
                            second: s.id.clone(),
                        }),
                        None => {
                            claimed[e.index()] = Some(s.id.clone());
                            events.push(e);
                        }
                    },
                    None => errors.push(StageModelError::UnknownEvent {
                        stage: s.id.clone(),
                        event: name.clone(),
                        suggestion: nearest_event(name),
                    }),
                }
            }
            stages.push(Stage {
                id: s.id.clone(),
                label_fr: s.label_fr.clone(),
                label_en: s.label_en.clone(),
                events,
                optional: s.optional,
            });
        }
        if !self.stages.is_empty() && self.stages.iter().all(|s| s.optional) {
            errors.push(StageModelError::NoRequiredStage);
        }
        if errors.is_empty() {
            Ok(StageModel::build(stages, self.snapshot_mode)
                .with_founder_cut(self.founders)
                .with_date_imputation(self.date_imputation))
        } else {
            Err(StageModelErrors(errors))
        }
    }
}

/// The event type (other than `other`) nearest to `name` by edit distance on the lower-cased,
/// trimmed text; ties go to the first in vocabulary order.
fn nearest_event(name: &str) -> Option<&'static str> {
    let t = name.trim().to_lowercase();
    EventType::ALL
        .iter()
        .filter(|e| **e != EventType::Other)
        .map(|e| (levenshtein(&t, e.as_str()), e.as_str()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, s)| s)
}

/// Levenshtein distance between two strings, by characters. O(|a|·|b|).
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = diag + usize::from(ca != *cb);
            diag = row[j + 1];
            row[j + 1] = sub.min(row[j] + 1).min(diag + 1);
        }
    }
    row[b.len()]
}

impl TryFrom<StageModelConfig> for StageModel {
    type Error = StageModelErrors;
    fn try_from(config: StageModelConfig) -> Result<Self, Self::Error> {
        config.validate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::model::{SnapshotMode, StageConfig};

    fn stage(id: &str, events: &[&str], optional: bool) -> StageConfig {
        StageConfig {
            id: id.into(),
            label_fr: String::new(),
            label_en: String::new(),
            events: events.iter().map(|s| s.to_string()).collect(),
            optional,
        }
    }

    fn config(stages: Vec<StageConfig>) -> StageModelConfig {
        StageModelConfig {
            snapshot_mode: SnapshotMode::State,
            founders: Default::default(),
            date_imputation: Default::default(),
            stages,
        }
    }

    #[test]
    fn refuses_every_bad_model_at_once() {
        assert_eq!(
            config(vec![]).validate().unwrap_err().0,
            vec![StageModelError::Empty]
        );
        let c = config(vec![
            stage("S 1", &["pilot_initiative"], false),
            stage("ALL", &["first_collective_meeting"], false),
            stage("s2", &[], false),
            stage("S2", &["pilot_initiative", "other", "dormancy"], true),
            stage("S3", &["legal_entity_createdd"], false),
        ]);
        let errors = c.validate().unwrap_err().0;
        assert_eq!(
            errors,
            vec![
                StageModelError::UnsafeId {
                    position: 1,
                    id: "S 1".into()
                },
                StageModelError::ReservedId {
                    position: 2,
                    id: "ALL".into()
                },
                StageModelError::NoEvents { stage: "s2".into() },
                StageModelError::DuplicateId {
                    position: 4,
                    id: "S2".into(),
                    first: 3,
                    first_id: "s2".into()
                },
                StageModelError::EventClaimedTwice {
                    event: "pilot_initiative",
                    first: "S 1".into(),
                    second: "S2".into()
                },
                StageModelError::OtherEvent { stage: "S2".into() },
                StageModelError::RequiredAfterOptional {
                    stage: "S3".into(),
                    optional: "S2".into()
                },
                StageModelError::UnknownEvent {
                    stage: "S3".into(),
                    event: "legal_entity_createdd".into(),
                    suggestion: Some("legal_entity_created")
                },
            ]
        );
        let text = StageModelErrors(errors).to_string();
        assert!(
            text.starts_with("invalid stage model (8 problems):"),
            "{text}"
        );
        assert!(
            text.contains("did you mean `legal_entity_created`?"),
            "{text}"
        );
    }

    #[test]
    fn only_optional_stages_are_refused() {
        let errors = config(vec![stage("D", &["dormancy"], true)])
            .validate()
            .unwrap_err()
            .0;
        assert_eq!(errors, vec![StageModelError::NoRequiredStage]);
    }

    #[test]
    fn event_names_are_read_like_the_tables() {
        let m = config(vec![stage("a-1_B", &[" Pilot_Initiative "], false)])
            .validate()
            .unwrap();
        assert_eq!(m.stages()[0].events(), [EventType::PilotInitiative]);
    }

    #[test]
    fn toml_errors_carry_the_validation_message() {
        let text = "[[stage]]\nid = \"all\"\nevents = [\"dormancy\"]\n";
        let err = toml::from_str::<StageModel>(text).unwrap_err().to_string();
        assert!(err.contains("reserved"), "{err}");
    }

    #[test]
    fn edit_distance() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("dormancy", "dormancy"), 0);
        assert_eq!(nearest_event("dissolve"), Some("dissolution"));
    }
}
