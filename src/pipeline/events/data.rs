//! The event data of the formation history (issue 17, point 3): one row per PTCE and transition
//! of interest, with its clock, entry and exit times in days, its status (event, competing,
//! censored) and the covariates of `[models]`. Written as `tables/event_data.csv` so that a reader
//! can refit every estimate and model.

use std::collections::BTreeMap;

use crate::compare::{Groups, MeasureValue, ModelsConfig};
use crate::date::{Date, PartialDate};
use crate::events::{duration_bounds, DateImputation, CENSORED, COMPETING, EVENT};
use crate::model::{Organization, Ptce};
use crate::pipeline::models::data::{covariate, Covariate};
use crate::stages::{StageModel, StageResults, Timeline};
use crate::table::Table;

/// A transition of interest: from the entry of one stage (its clock's origin) to the entry of a
/// later one, with the optional stages (dormancy, dissolution) as the competing event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// `s1_to_s3`, `s1_to_s2`, `s2_to_s3` in the default model (stage ids lower-cased).
    pub name: String,
    /// Stage whose entry starts the clock.
    pub origin: String,
    /// Stage whose entry (or a later required stage's) is the event.
    pub target: String,
}

/// One PTCE × transition.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// The PTCE.
    pub ptce_id: String,
    /// Index into [`EventData::transitions`].
    pub transition: usize,
    /// Index into [`EventData::groups`].
    pub group: usize,
    /// Entry (days on the clock): 0, or the start of observation when it is later (delayed entry).
    pub entry: f64,
    /// Exit (days on the clock): event, competing event or censoring at the reference date.
    pub exit: f64,
    /// [`CENSORED`], [`EVENT`] or [`COMPETING`].
    pub status: u8,
    /// Exit under the shortest and the longest durations the partial dates allow.
    pub exit_bounds: (f64, f64),
    /// Entry under the shortest and the longest durations (delayed entry moves with the origin).
    pub entry_bounds: (f64, f64),
    /// `ln(members)` of the origin stage's snapshot.
    pub log_n: Option<f64>,
}

/// Everything the event-history tables and models read.
#[derive(Debug, Clone, PartialEq)]
pub struct EventData {
    /// Transitions, formalization first.
    pub transitions: Vec<Transition>,
    /// Group names, reference first.
    pub groups: Vec<String>,
    /// Rows by transition, then PTCE id.
    pub rows: Vec<EventRow>,
    /// Covariates of `[models] covariates`.
    pub covariates: Vec<Covariate>,
    /// Cluster of each PTCE (`[models] cluster`), if configured.
    pub cluster: Option<(String, BTreeMap<String, String>)>,
    /// Actor type of each PTCE's pilot.
    pub pilot_actor_type: BTreeMap<String, String>,
    /// Whether some row has delayed entry (`[events] observed_from` after an S1 entry).
    pub delayed: bool,
    /// The date imputation used.
    pub imputation: DateImputation,
}

/// The transitions of a stage model: first → formal, first → second, second → formal (when
/// the model has a second required stage before the formal one).
pub fn transitions(model: &StageModel) -> Vec<Transition> {
    let ids: Vec<&str> = model.stages().iter().map(|s| s.id()).collect();
    let formal = model.formal_stage();
    let t = |a: usize, b: usize| Transition {
        name: format!("{}_to_{}", ids[a], ids[b]).to_lowercase(),
        origin: ids[a].to_string(),
        target: ids[b].to_string(),
    };
    let mut out = Vec::new();
    if formal > 0 {
        out.push(t(0, formal));
    }
    if formal > 1 {
        out.push(t(0, 1));
        out.push(t(1, formal));
    }
    out
}

/// Earliest entry among the stages `from..=to` (model order): the target or a later required
/// stage (a PTCE that reached S3 without a dated S2 has passed S2).
fn reached(t: &Timeline, model: &StageModel, from: usize, to: usize) -> Option<PartialDate> {
    model.stages()[from..=to]
        .iter()
        .filter_map(|s| t.span(s.id()).and_then(|sp| sp.entry))
        .min_by_key(|d| d.first_day())
}

/// Entry into the first optional stage (dormancy or dissolution), the competing event.
fn competing(t: &Timeline, model: &StageModel) -> Option<PartialDate> {
    model
        .stages()
        .iter()
        .filter(|s| s.optional())
        .filter_map(|s| t.span(s.id()).and_then(|sp| sp.entry))
        .min_by_key(|d| d.first_day())
}

/// One row, or `None` when the PTCE never entered the origin, or left before observation began.
fn row(
    t: &Timeline,
    model: &StageModel,
    (k, tr): (usize, &Transition),
    group: usize,
    observed_from: Option<Date>,
) -> Option<EventRow> {
    let imp = model.date_imputation();
    let target_stage = model.position(&tr.target)?;
    let origin = t.span(&tr.origin).and_then(|s| s.entry)?;
    let event = reached(
        t,
        model,
        target_stage,
        model.formal_stage().max(target_stage),
    );
    let comp = competing(t, model);
    let day = |d: PartialDate| imp.impute(d);
    // The event wins a tie with the competing event (a formal body dissolved on its creation
    // day did exist); the competing event counts only when strictly earlier.
    let (end, status) = match (event, comp) {
        (Some(e), Some(c)) if day(c) < day(e) => (c, COMPETING),
        (Some(e), _) => (e, EVENT),
        (None, Some(c)) => (c, COMPETING),
        (None, None) => (PartialDate::day(t.reference), CENSORED),
    };
    let b = duration_bounds(origin, end)?;
    let exit = f64::from(
        day(origin)
            .days_until(day(end))
            .clamp(b.shortest, b.longest),
    );
    let entry_at = |o: Date| observed_from.map_or(0.0, |f| f64::from(o.days_until(f).max(0)));
    let entry = entry_at(day(origin));
    if entry > 0.0 && exit <= entry {
        return None;
    }
    Some(EventRow {
        ptce_id: t.ptce_id.clone(),
        transition: k,
        group,
        entry,
        exit,
        status,
        exit_bounds: (f64::from(b.shortest), f64::from(b.longest)),
        entry_bounds: (entry_at(origin.last_day()), entry_at(origin.first_day())),
        log_n: None,
    })
}

/// Builds the event data.
///
/// # Arguments
/// * `stages` - the stage results (timelines, pilots); `model` - the stage model.
/// * `values` - long-form measures (for `n_nodes` of the origin stage's snapshot).
/// * `groups` - the territory groups (PTCEs without a group are left out).
/// * `ptces`, `organizations`, `columns` - for the covariates (as the models step reads them).
/// * `models` - `[models]` (covariates, cluster, reference group).
/// * `observed_from` - start of observation (`[events] observed_from`).
///
/// # Returns
/// The rows, by transition then PTCE id.
///
/// # Complexity
/// O(p·s + v) for p PTCEs, s stages and v values.
#[allow(clippy::too_many_arguments)]
pub fn event_data(
    stages: &StageResults,
    model: &StageModel,
    values: &[MeasureValue],
    groups: &Groups,
    ptces: &[Ptce],
    organizations: &[Organization],
    columns: &BTreeMap<String, BTreeMap<String, String>>,
    models: &ModelsConfig,
    observed_from: Option<Date>,
) -> EventData {
    let mut names = groups.names.clone();
    if let Some(i) = models
        .reference
        .get("group")
        .and_then(|r| names.iter().position(|g| g == r))
    {
        let g = names.remove(i);
        names.insert(0, g);
    }
    let mut size: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    for v in values.iter().filter(|v| v.measure == "n_nodes") {
        if let Some(n) = v.value.filter(|n| *n > 0.0) {
            size.insert((v.ptce_id.as_str(), v.snapshot.as_str()), n.ln());
        }
    }
    let mut timelines: Vec<&Timeline> = stages.timelines.iter().collect();
    timelines.sort_by(|a, b| a.ptce_id.cmp(&b.ptce_id));
    let trs = transitions(model);
    let mut rows = Vec::new();
    for (k, tr) in trs.iter().enumerate() {
        for t in &timelines {
            let Some(g) = groups
                .of_ptce
                .get(&t.ptce_id)
                .and_then(|&i| names.iter().position(|x| *x == groups.names[i]))
            else {
                continue;
            };
            if let Some(mut r) = row(t, model, (k, tr), g, observed_from) {
                r.log_n = size.get(&(t.ptce_id.as_str(), tr.origin.as_str())).copied();
                rows.push(r);
            }
        }
    }
    let types: BTreeMap<&str, &str> = organizations
        .iter()
        .map(|o| (o.org_id.as_str(), o.actor_type.as_str()))
        .collect();
    let pilot_actor_type = stages
        .pilots
        .iter()
        .filter_map(|p| {
            let ty = types.get(p.pilot.as_deref()?)?;
            Some((p.ptce_id.clone(), ty.to_string()))
        })
        .collect();
    EventData {
        transitions: trs,
        groups: names,
        delayed: rows.iter().any(|r| r.entry > 0.0),
        rows,
        covariates: models
            .covariates
            .iter()
            .map(|c| covariate(c, ptces, columns, models))
            .collect(),
        cluster: models
            .cluster
            .as_ref()
            .map(|c| (c.clone(), columns.get(c).cloned().unwrap_or_default())),
        pilot_actor_type,
        imputation: model.date_imputation(),
    }
}

/// The `status` word of a cause code.
pub fn status_name(status: u8) -> &'static str {
    match status {
        EVENT => "event",
        COMPETING => "competing",
        _ => "censored",
    }
}

/// `tables/event_data.csv` (columns in `docs/outputs.md`).
pub fn event_data_table(d: &EventData) -> Table {
    let rows = &d.rows;
    let tr = |r: &EventRow| &d.transitions[r.transition];
    let t = Table::new("event_data")
        .str("ptce_id", rows.iter().map(|r| Some(r.ptce_id.clone())))
        .str("transition", rows.iter().map(|r| Some(tr(r).name.clone())))
        .str("group", rows.iter().map(|r| d.groups.get(r.group).cloned()))
        .int("entry", rows.iter().map(|r| Some(r.entry as i64)))
        .int("exit", rows.iter().map(|r| Some(r.exit as i64)))
        .str("status", rows.iter().map(|r| Some(status_name(r.status))))
        .str("origin", rows.iter().map(|r| Some(tr(r).origin.clone())))
        .str(
            "date_imputation",
            rows.iter().map(|_| Some(d.imputation.as_str())),
        )
        .int(
            "exit_shortest",
            rows.iter().map(|r| Some(r.exit_bounds.0 as i64)),
        )
        .int(
            "exit_longest",
            rows.iter().map(|r| Some(r.exit_bounds.1 as i64)),
        )
        .float("log_n", rows.iter().map(|r| r.log_n))
        .str(
            "pilot_actor_type",
            rows.iter()
                .map(|r| d.pilot_actor_type.get(&r.ptce_id).cloned()),
        );
    let ids: Vec<&str> = rows.iter().map(|r| r.ptce_id.as_str()).collect();
    crate::pipeline::models::data::covariate_columns(t, &ids, &d.covariates, d.cluster.as_ref())
}
