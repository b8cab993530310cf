//! A validated study: the typed tables, the options and the reference date.

use crate::config::StudyConfig;
use crate::date::Date;
use crate::load::InputFile;
use crate::model::*;

/// Where the reference date of the study came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceSource {
    /// `reference_date` in `study.toml`.
    Config,
    /// The latest date found in the data.
    LatestInData,
}

impl ReferenceSource {
    /// As written in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceSource::Config => "study.toml",
            ReferenceSource::LatestInData => "latest date in the data",
        }
    }
}

/// A study whose tables passed validation (warnings may remain, in the report).
#[derive(Debug, Clone)]
pub struct Study {
    pub config: StudyConfig,
    pub ptces: Vec<Ptce>,
    pub organizations: Vec<Organization>,
    pub memberships: Vec<Membership>,
    /// `None` when `ties.csv` is absent (the analyses that need it say so).
    pub ties: Option<Vec<Tie>>,
    pub activities: Option<Vec<Activity>>,
    pub participations: Option<Vec<Participation>>,
    pub events: Option<Vec<Event>>,
    pub reference_date: Date,
    pub reference_source: ReferenceSource,
    /// Fingerprints of every input file.
    pub inputs: Vec<InputFile>,
    /// The survey (waves, responses, reports) of a `[ties] mode = "survey"` study; its
    /// networks are in `ties`, as dated ties (`crate::network::survey`).
    pub survey: Option<crate::network::survey::Survey>,
    /// The disparity matrices that `[diversity] disparity_files` names, by dimension.
    pub matrices: crate::diversity::Matrices,
    /// The territory lookup, the grouping column and the model columns (`[territory]`,
    /// `[models]`), read and checked with the tables.
    pub territory: crate::territory::TerritoryInputs,
    /// What `[enrich]` filled and where it disagreed with the researcher
    /// (`tables/enrichment.csv`); `None` without `[enrich] sirene`.
    pub enrichment: Option<Vec<crate::enrich::EnrichmentRow>>,
}

impl Study {
    /// Index of the organization of that id (organizations are sorted by id).
    pub fn organization(&self, org_id: &str) -> Option<&Organization> {
        self.organizations
            .binary_search_by(|o| o.org_id.as_str().cmp(org_id))
            .ok()
            .map(|i| &self.organizations[i])
    }

    /// The tables the stage analysis reads (absent optional tables as empty).
    pub fn stage_inputs(&self) -> crate::stages::StageInputs<'_> {
        crate::stages::StageInputs {
            ptces: &self.ptces,
            organizations: &self.organizations,
            memberships: &self.memberships,
            ties: self.ties.as_deref().unwrap_or_default(),
            activities: self.activities.as_deref().unwrap_or_default(),
            events: self.events.as_deref().unwrap_or_default(),
        }
    }

    /// The stage analysis of the study with its own stage model and reference date
    /// ([`crate::stages::analyze_stages`]).
    pub fn analyze_stages(&self) -> crate::stages::StageResults {
        crate::stages::analyze_stages(
            &self.stage_inputs(),
            &self.config.stages,
            self.reference_date,
        )
    }
}
