//! Validation: turns the raw tables of a study into typed records, checking every cell and
//! every reference, and gathers *every* problem before deciding whether the study is usable.
//!
//! Errors make the study unusable (`ptce validate` exits 1); warnings are reported and kept in
//! the run's output (`tables/validation.csv`).

pub mod cells;
pub mod clean;
pub mod commune;
pub mod inputs;
pub mod problem;
pub mod reader;
pub mod records;
pub mod references;
pub mod survey;

pub use problem::{Problem, Severity, ValidationReport};

use crate::config::StudyConfig;
use crate::date::{Date, PartialDate};
use crate::load::{LoadError, RawStudy, RawTable};
use crate::study::{ReferenceSource, Study};
use records::Lined;
use references::Columns;

/// Outcome of validation: the study when usable, and the report in every case.
#[derive(Debug, Clone)]
pub struct Validated {
    pub study: Option<Study>,
    pub report: ValidationReport,
    /// Data rows per table found, in contract order.
    pub rows: Vec<(String, usize)>,
}

fn load_problem(e: &LoadError) -> Problem {
    let severity = match e {
        LoadError::Sheet { warning: true, .. } => Severity::Warning,
        _ => Severity::Error,
    };
    let mut p = Problem::file(severity, e.file(), String::new());
    p.line = e.line();
    if e.line() == Some(1) {
        p.column = Some(1);
    }
    // The message without its leading "file:line:" (the location is printed separately).
    let text = e.to_string();
    let prefix = match e.line() {
        Some(l) => format!("{}:{l}:1: ", e.file()),
        None => format!("{}: ", e.file()),
    };
    let alt = e.line().map(|l| format!("{}:{l}: ", e.file()));
    p.message = text
        .strip_prefix(&prefix)
        .or_else(|| alt.as_deref().and_then(|a| text.strip_prefix(a)))
        .unwrap_or(&text)
        .to_string();
    // A workbook cell (`a.xlsx[Sheet]!C12`): sheet as the file, row and column as numbers, so
    // that problems sort by position and print as the same address.
    if let Some((line, column)) = crate::load::sheet_cells::parse_a1_suffix(&p.file) {
        p.file.truncate(p.file.rfind('!').unwrap_or(p.file.len()));
        p.line = Some(line);
        p.column = Some(column);
    }
    p
}

fn typed<T>(
    t: Option<&RawTable>,
    spec: reader::Spec,
    p: &mut Vec<Problem>,
    f: impl FnMut(&reader::Row<'_>, &mut Vec<Problem>) -> Option<T>,
) -> Option<Vec<Lined<T>>> {
    t.map(|t| records::read_rows(t, spec, p, f))
}

fn strip<T>(v: Vec<Lined<T>>) -> Vec<T> {
    v.into_iter().map(|l| l.record).collect()
}

/// Validates a study read from disk.
///
/// # Returns
/// [`Validated`]: the typed [`Study`] if there is no error, and the sorted report of every
/// error and warning.
pub fn validate(raw: &RawStudy) -> Validated {
    let mut p: Vec<Problem> = raw.problems.iter().map(load_problem).collect();
    let config = match raw.config_text.as_deref().map(StudyConfig::parse) {
        None => StudyConfig::default(),
        Some(Ok(c)) => c,
        Some(Err(e)) => {
            let mut pr = Problem::file(Severity::Error, "study.toml", e.message.clone());
            pr.line = Some(e.line);
            pr.column = Some(e.column);
            p.push(pr);
            StudyConfig::default()
        }
    };
    // A required table with a header but no row is an error; the table itself is typed below.
    let read = |name: &str, p: &mut Vec<Problem>| -> Option<&RawTable> {
        let t = raw.table(name)?;
        if t.rows.is_empty()
            && crate::load::TABLES
                .iter()
                .any(|(n, req)| *n == name && *req)
        {
            p.push(Problem::cell(
                Severity::Error,
                &t.file,
                1,
                None,
                None,
                "table has a header but no data rows; expected at least one row",
            ));
        }
        Some(t)
    };
    let t_ptces = read("ptces", &mut p);
    let t_orgs = read("organizations", &mut p);
    let t_mem = read("memberships", &mut p);
    let t_ties = read("ties", &mut p);
    let t_acts = read("activities", &mut p);
    let t_parts = read("participations", &mut p);
    let t_events = read("events", &mut p);

    let ptces = typed(t_ptces, records::PTCES, &mut p, records::ptce).unwrap_or_default();
    // With `[enrich] sirene`, an empty actor_type is derived from the register (`pending`).
    let enrich_on = config.enrich.sirene.is_some();
    let orgs = typed(t_orgs, records::ORGANIZATIONS, &mut p, |r, p| {
        records::organization_in(r, p, enrich_on)
    })
    .unwrap_or_default();
    let pending: std::collections::BTreeSet<String> = orgs
        .iter()
        .filter(|o| o.record.1)
        .map(|o| o.record.0.org_id.clone())
        .collect();
    let orgs: Vec<Lined<crate::model::Organization>> = orgs
        .into_iter()
        .map(|o| Lined {
            line: o.line,
            record: o.record.0,
        })
        .collect();
    let mems = typed(t_mem, records::MEMBERSHIPS, &mut p, records::membership).unwrap_or_default();
    let survey_mode = config.ties.mode == crate::network::survey::TieMode::Survey;
    let ties = if survey_mode {
        None
    } else {
        typed(t_ties, records::TIES, &mut p, records::tie)
    };
    let acts = typed(t_acts, records::ACTIVITIES, &mut p, records::activity);
    let parts = typed(
        t_parts,
        records::PARTICIPATIONS,
        &mut p,
        records::participation,
    );
    let events = typed(t_events, records::EVENTS, &mut p, records::event);

    let c_ptces = Columns::of(t_ptces, "ptces.csv");
    let c_orgs = Columns::of(t_orgs, "organizations.csv");
    let ptce_ids = references::unique_ids(t_ptces, "ptce_id", &mut p);
    let org_ids = references::unique_ids(t_orgs, "org_id", &mut p);
    let members = references::member_pairs(t_mem);
    let c_mem = Columns::of(t_mem, "memberships.csv");
    let spells = references::memberships(&mems, &ptce_ids, &org_ids, &c_mem, &mut p);

    let c_ties = Columns::of(t_ties, "ties.csv");
    if let Some(ties) = &ties {
        references::ties(ties, &ptce_ids, &members, &spells, &c_ties, &mut p);
    }
    drop(spells);
    let c_acts = Columns::of(t_acts, "activities.csv");
    let c_parts = Columns::of(t_parts, "participations.csv");
    let activity_ids = references::unique_ids(t_acts, "activity_id", &mut p);
    if acts.is_some() || parts.is_some() {
        if parts.is_some() && acts.is_none() {
            p.push(Problem::file(
                Severity::Error,
                &c_parts.file,
                "participations refer to activities, but activities.csv is missing",
            ));
        }
        references::activities(
            acts.as_deref().unwrap_or_default(),
            parts.as_deref().unwrap_or_default(),
            &ptce_ids,
            &org_ids,
            &members,
            &activity_ids,
            &c_acts,
            &c_parts,
            &mut p,
        );
    }
    let c_events = Columns::of(t_events, "events.csv");
    if let Some(events) = &events {
        references::events(events, &ptce_ids, &c_events, &mut p);
    }

    // Organizations without membership, PTCEs without member: warnings.
    let member_orgs: std::collections::HashSet<&str> = members.iter().map(|&(_, o)| o).collect();
    let with_members: std::collections::HashSet<&str> = members.iter().map(|&(pt, _)| pt).collect();
    let org_rows: Vec<(usize, &str)> = orgs.iter().map(|r| (r.line, &*r.record.org_id)).collect();
    let ptce_rows: Vec<(usize, &str)> =
        ptces.iter().map(|r| (r.line, &*r.record.ptce_id)).collect();
    let no_membership =
        |id: &str| format!("organization {id:?} has no membership; it appears in no network");
    let no_member = |id: &str| format!("PTCE {id:?} has no member; its measures will be empty");
    let unlisted = [
        (
            &c_orgs,
            "org_id",
            org_rows,
            &member_orgs,
            &no_membership as &dyn Fn(&str) -> String,
        ),
        (&c_ptces, "ptce_id", ptce_rows, &with_members, &no_member),
    ];
    for (cols, column, rows, listed, message) in unlisted {
        for (line, id) in rows.into_iter().filter(|(_, id)| !listed.contains(id)) {
            p.push(cols.at(Severity::Warning, line, column, id, message(id)));
        }
    }
    // The indexes of the checks go before the study is built (when memory peaks).
    drop((member_orgs, with_members, members));
    drop((ptce_ids, org_ids, activity_ids));

    let survey = survey_mode.then(|| survey::read_survey(raw, &ptces, &mems, &mut p));
    if !survey_mode && raw.table("waves").is_some() {
        p.push(Problem::file(
            Severity::Warning,
            "waves.csv",
            "waves.csv is ignored: [ties] mode is \"dated\" (set mode = \"survey\" in study.toml to read ties as survey reports)",
        ));
    }

    // Reference date: from study.toml, else the latest date of the data (its maximum taken as
    // the dates go by: a vector of every date weighed 8 MB on the 10,000-PTCE study).
    let latest = || {
        let spans = |start, end: Option<PartialDate>| [Some(start), end].into_iter().flatten();
        ptces
            .iter()
            .filter_map(|r| r.record.founded)
            .chain(
                mems.iter()
                    .flat_map(|r| spans(r.record.joined, r.record.left)),
            )
            .chain(
                ties.iter()
                    .flatten()
                    .flat_map(|t| spans(t.record.start, t.record.end)),
            )
            .chain(
                acts.iter()
                    .flatten()
                    .flat_map(|a| spans(a.record.start, a.record.end)),
            )
            .chain(events.iter().flatten().map(|e| e.record.date))
            .chain(
                survey
                    .iter()
                    .flat_map(|s| s.waves.iter().map(|w| w.survey_date)),
            )
            .map(|d| d.first_day())
            .max()
            .unwrap_or(Date::from_days(0))
    };
    let (reference_date, reference_source) = match config.reference_date() {
        Some(d) => (d.first_day(), ReferenceSource::Config),
        None => (latest(), ReferenceSource::LatestInData),
    };
    if reference_source == ReferenceSource::Config {
        let r = reference_date;
        for x in &ptces {
            references::not_after(r, x.record.founded, x.line, "founded", &c_ptces, &mut p);
        }
        for x in &mems {
            references::not_after(r, Some(x.record.joined), x.line, "joined", &c_mem, &mut p);
            references::not_after(r, x.record.left, x.line, "left", &c_mem, &mut p);
        }
        for x in ties.iter().flatten() {
            references::not_after(r, Some(x.record.start), x.line, "start", &c_ties, &mut p);
            references::not_after(r, x.record.end, x.line, "end", &c_ties, &mut p);
        }
        for x in acts.iter().flatten() {
            references::not_after(r, Some(x.record.start), x.line, "start", &c_acts, &mut p);
            references::not_after(r, x.record.end, x.line, "end", &c_acts, &mut p);
        }
        for x in events.iter().flatten() {
            references::not_after(r, Some(x.record.date), x.line, "date", &c_events, &mut p);
        }
    }

    let rows = raw
        .tables
        .iter()
        .map(|(n, t)| (n.clone(), t.rows.len()))
        .collect();
    let mut report = ValidationReport { problems: p };
    report.finish();
    let study = (!report.has_errors()).then(|| {
        let mut organizations = strip(orgs);
        organizations.sort_by(|a: &crate::model::Organization, b| a.org_id.cmp(&b.org_id));
        // PTCEs by id too, so that no result (row order, per-network seeds) depends on the
        // order of the rows of ptces.csv.
        let mut ptces = strip(ptces);
        ptces.sort_by(|a: &crate::model::Ptce, b| a.ptce_id.cmp(&b.ptce_id));
        let memberships = strip(mems);
        let ties = match &survey {
            Some(s) => Some(crate::network::survey::survey_ties(
                &crate::network::survey::wave_networks(s, &memberships, &config.ties),
            )),
            None => ties.map(strip),
        };
        Study {
            config,
            ptces,
            organizations,
            memberships,
            ties,
            survey,
            activities: acts.map(strip),
            participations: parts.map(strip),
            events: events.map(strip),
            reference_date,
            reference_source,
            inputs: raw.inputs.clone(),
            matrices: Default::default(),
            territory: Default::default(),
            enrichment: None,
        }
    });
    // The files and columns study.toml names besides the tables, once the tables are usable.
    let study = study.and_then(|mut study| {
        let side = inputs::side_inputs(raw, &mut study, &pending);
        report.problems.extend(side.problems);
        report.finish();
        side.usable.then_some(study)
    });
    Validated {
        study,
        report,
        rows,
    }
}
