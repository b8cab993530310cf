//! `[events]` of `study.toml`: options of the event-history tables (issues 17 and 18,
//! `docs/statistics.md` § Event history of formation).

use serde::{Deserialize, Serialize};

use crate::date::{Date, PartialDate};

/// Censoring distribution of the Fine–Gray model (`crr`'s `cengroup`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FineGrayCensoring {
    /// One censoring distribution for all PTCEs (the default, `crr` without `cengroup`).
    #[default]
    Pooled,
    /// One per territory group (`crr(..., cengroup = group)`).
    Group,
}

/// `[events]` options.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventsConfig {
    /// Start of observation (`YYYY-MM-DD`): PTCEs whose S1 began before it are followed from it
    /// only (delayed entry, left truncation). Unset: every PTCE is followed from its S1 entry.
    pub observed_from: Option<String>,
    /// Censoring distribution of the Fine–Gray model.
    pub fine_gray_censoring: FineGrayCensoring,
}

/// An `[events]` section that cannot work.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventsConfigError {
    /// `observed_from` that is not a full date.
    #[error("observed_from: {0:?} is not a date YYYY-MM-DD")]
    ObservedFrom(String),
}

impl EventsConfig {
    /// Checks the options.
    ///
    /// # Errors
    /// [`EventsConfigError::ObservedFrom`] when `observed_from` is not a full date.
    pub fn validate(&self) -> Result<(), EventsConfigError> {
        self.observed_from_date().map(|_| ())
    }

    /// `observed_from` as a date.
    ///
    /// # Returns
    /// `None` when unset.
    ///
    /// # Errors
    /// [`EventsConfigError::ObservedFrom`] when it is not a full date.
    pub fn observed_from_date(&self) -> Result<Option<Date>, EventsConfigError> {
        match &self.observed_from {
            None => Ok(None),
            Some(s) => PartialDate::parse(s)
                .ok()
                .filter(|d| d.first_day() == d.last_day())
                .map(|d| Some(d.first_day()))
                .ok_or_else(|| EventsConfigError::ObservedFrom(s.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observed_from_must_be_a_full_date() {
        let ok = EventsConfig {
            observed_from: Some("2016-01-01".into()),
            ..Default::default()
        };
        assert_eq!(ok.observed_from_date(), Ok(Date::from_ymd(2016, 1, 1)));
        let bad = EventsConfig {
            observed_from: Some("2016".into()),
            ..Default::default()
        };
        assert!(bad.validate().is_err());
        let c: EventsConfig = toml::from_str("fine_gray_censoring = \"group\"").unwrap();
        assert_eq!(c.fine_gray_censoring, FineGrayCensoring::Group);
        assert!(toml::from_str::<EventsConfig>("observed_form = \"2016-01-01\"").is_err());
    }
}
