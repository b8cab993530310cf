//! Every stage result of a study in one call: timelines, flows, founders, practices, pilots,
//! snapshot windows and warnings, PTCE by PTCE in the order of `ptces.csv`.

use super::boundaries::{actor_types, founders, stage_flows, FlowRow, FounderRow};
use super::model::StageModel;
use super::pilot::{check_founded, pilot};
use super::practices::{practices, PracticeRow};
use super::snapshot::{stage_windows, StageWindow};
use super::timeline::{timeline, StageRow, Timeline};
use super::StageWarning;
use crate::date::Date;
use crate::model::{Activity, Event, Membership, Organization, Ptce, Tie};
use std::collections::BTreeMap;

/// The tables a stage analysis reads (tables absent from the study are empty slices).
#[derive(Debug, Clone, Copy)]
pub struct StageInputs<'a> {
    pub ptces: &'a [Ptce],
    pub organizations: &'a [Organization],
    pub memberships: &'a [Membership],
    pub ties: &'a [Tie],
    pub activities: &'a [Activity],
    pub events: &'a [Event],
}

/// The pilot organization of one PTCE (`None` when it has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PilotRow {
    pub ptce_id: String,
    pub pilot: Option<String>,
}

/// Every stage result of a study.
#[derive(Debug, Clone, PartialEq)]
pub struct StageResults {
    /// One timeline per PTCE, in the order of `ptces`.
    pub timelines: Vec<Timeline>,
    /// Rows of `tables/stages.csv`.
    pub stages: Vec<StageRow>,
    /// Rows of `tables/stage_flows.csv`.
    pub flows: Vec<FlowRow>,
    /// Founders and later joiners, PTCE × actor type.
    pub founders: Vec<FounderRow>,
    /// Rows of `tables/practices.csv`.
    pub practices: Vec<PracticeRow>,
    /// The pilot of each PTCE.
    pub pilots: Vec<PilotRow>,
    /// The window of each stage snapshot, in the model's snapshot mode.
    pub windows: Vec<StageWindow>,
    /// Every warning: per PTCE, those of the timeline, then the pilot's, then `founded`'s.
    pub warnings: Vec<StageWarning>,
}

/// Rows of one table grouped by PTCE (cloned, so that each group is a slice).
fn group<'a, T: Clone>(rows: &'a [T], key: impl Fn(&'a T) -> &'a str) -> BTreeMap<&'a str, Vec<T>> {
    let mut out: BTreeMap<&str, Vec<T>> = BTreeMap::new();
    for r in rows {
        out.entry(key(r)).or_default().push(r.clone());
    }
    out
}

/// Runs the whole stage analysis of a study.
///
/// For each PTCE: [`timeline`], [`pilot`], [`check_founded`], [`stage_flows`], [`founders`],
/// [`practices`] and [`stage_windows`] in the model's snapshot mode. Rows of other tables are
/// grouped by PTCE once, so the cost grows with the size of the study, not with PTCEs × rows.
///
/// # Arguments
/// * `inputs` — the study's typed tables.
/// * `model` — the validated stage model.
/// * `reference` — the study's reference date.
///
/// # Returns
/// The [`StageResults`], deterministic (PTCEs in input order, stages in model order, categories
/// in vocabulary order).
///
/// # Complexity
/// O(n log n + p·s·(a + k)) for n rows, p PTCEs, s stages, a actor types and k categories.
///
/// # Examples
/// ```
/// use ptce::date::{Date, PartialDate};
/// use ptce::model::{Event, EventType, Ptce};
/// use ptce::stages::{analyze_stages, StageInputs, StageModel};
/// let ptce = Ptce { ptce_id: "P1".into(), name: "Pôle".into(), commune_code: None,
///     department: None, region: None, density_level: None, legal_form: None, founded: None };
/// let events = [Event { ptce_id: "P1".into(), date: PartialDate::parse("2013").unwrap(),
///     event: EventType::PilotInitiative, note: None, source: None }];
/// let inputs = StageInputs { ptces: &[ptce], organizations: &[], memberships: &[], ties: &[],
///     activities: &[], events: &events };
/// let r = analyze_stages(&inputs, &StageModel::default(), Date::from_ymd(2020, 1, 1).unwrap());
/// assert_eq!(r.stages.len(), 4);
/// assert_eq!(r.windows.len(), 1);
/// assert_eq!(r.warnings[0].kind.as_str(), "no_pilot");
/// ```
pub fn analyze_stages(
    inputs: &StageInputs<'_>,
    model: &StageModel,
    reference: Date,
) -> StageResults {
    let types = actor_types(inputs.organizations);
    let events = group(inputs.events, |e| e.ptce_id.as_str());
    let memberships = group(inputs.memberships, |m| m.ptce_id.as_str());
    let ties = group(inputs.ties, |t| t.ptce_id.as_str());
    let activities = group(inputs.activities, |a| a.ptce_id.as_str());
    let mut r = StageResults {
        timelines: Vec::with_capacity(inputs.ptces.len()),
        stages: Vec::new(),
        flows: Vec::new(),
        founders: Vec::new(),
        practices: Vec::new(),
        pilots: Vec::with_capacity(inputs.ptces.len()),
        windows: Vec::new(),
        warnings: Vec::new(),
    };
    for ptce in inputs.ptces {
        let id = ptce.ptce_id.as_str();
        let evs = events.get(id).map_or(&[][..], Vec::as_slice);
        let ms = memberships.get(id).map_or(&[][..], Vec::as_slice);
        let ts = ties.get(id).map_or(&[][..], Vec::as_slice);
        let acts = activities.get(id).map_or(&[][..], Vec::as_slice);
        let (t, w) = timeline(id, evs, model, reference);
        r.warnings.extend(w);
        let (p, w) = pilot(id, ms);
        r.warnings.extend(w);
        r.warnings.extend(check_founded(ptce, evs));
        r.pilots.push(PilotRow {
            ptce_id: id.to_string(),
            pilot: p,
        });
        r.stages.extend(t.rows());
        r.flows.extend(stage_flows(&t, ms, &types));
        r.founders.extend(founders(&t, ms, model).rows(&types));
        r.practices.extend(practices(&t, ts, acts));
        r.windows.extend(stage_windows(&t, model.snapshot_mode()));
        r.timelines.push(t);
    }
    r
}
