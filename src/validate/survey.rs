//! Validation of a survey study (`[ties] mode = "survey"`, issue 21): waves (`waves.csv` or
//! `ptces.survey_date`), who answered (`memberships.responded`, or `responded_<wave>` per
//! wave), and the reports of `ties` (no `start`, optional `wave`).
//!
//! Errors: a report with a `start` or `end` date (a dated tie in a survey study), a report by a
//! member marked `responded = no` (or not surveyed) in its wave, an unknown wave, a
//! `responded` value that is not yes / no / empty. Warnings: a report naming someone who is not
//! a member at the survey date (left out), a PTCE without survey date.

use super::problem::{Problem, Severity};
use super::reader::{Row, Spec, TableReader};
use super::records::Lined;
use crate::date::PartialDate;
use crate::load::{RawStudy, RawTable};
use crate::model::{Membership, Ptce, TieKind};
use crate::network::survey::{members_at, Report, Response, Survey, Wave};
use crate::stages::{is_active, Window};
use std::collections::{BTreeMap, BTreeSet};

/// Columns of `ties` in survey mode (`start` and `end` read only to refuse them).
pub const REPORTS: Spec = &[
    ("ptce_id", true),
    ("source", true),
    ("target", true),
    ("kind", true),
    ("wave", false),
    ("weight", false),
    ("start", false),
    ("end", false),
];
/// Columns of `waves`.
pub const WAVES: Spec = &[("wave", true), ("ptce_id", true), ("survey_date", true)];

/// A yes/no word ([`super::cells::YES`], [`super::cells::NO`]: French, English, 1/0) or empty /
/// `NA`: `Some(answer)`; `None` for anything else.
pub fn parse_responded(text: &str) -> Option<Option<bool>> {
    match text.trim().to_lowercase().as_str() {
        "" | "na" => Some(None),
        other => super::cells::yes_no(other).map(Some),
    }
}

fn waves(
    raw: &RawStudy,
    ptces: &[Lined<Ptce>],
    p: &mut Vec<Problem>,
) -> BTreeMap<String, Vec<Wave>> {
    let mut out: BTreeMap<String, Vec<Wave>> = BTreeMap::new();
    if let Some(t) = raw.table("waves") {
        if let Some(reader) = TableReader::new(t, WAVES, p) {
            for row in reader.rows() {
                let date = row.date("survey_date", true, p);
                if let (Some(w), Some(id), Some(date)) =
                    (row.required("wave", p), row.required("ptce_id", p), date)
                {
                    out.entry(id.clone()).or_default().push(Wave {
                        ptce_id: id,
                        wave: w,
                        survey_date: date,
                    });
                }
            }
        }
    } else if let Some(t) = raw.table("ptces") {
        let col = t.column("survey_date");
        for (row, x) in t.rows.iter().zip(ptces) {
            let cell = col.and_then(|c| row.get(c)).map(|s| s.trim());
            match cell.filter(|s| !s.is_empty()).map(PartialDate::parse) {
                Some(Ok(date)) => out.entry(x.record.ptce_id.clone()).or_default().push(Wave {
                    ptce_id: x.record.ptce_id.clone(),
                    wave: "1".into(),
                    survey_date: date,
                }),
                Some(Err(e)) => p.push(Problem::cell(
                    Severity::Error,
                    &t.file,
                    row.line,
                    col.map(|c| (c, "survey_date")),
                    cell,
                    format!("survey_date is not a valid date; expected {e}"),
                )),
                None => {}
            }
        }
    }
    for w in out.values_mut() {
        w.sort_by(|a, b| (a.survey_date, &a.wave).cmp(&(b.survey_date, &b.wave)));
    }
    for x in ptces {
        if !out.contains_key(&x.record.ptce_id) {
            p.push(Problem::file(
                Severity::Warning,
                "ptces.csv",
                format!(
                    "PTCE {:?} has no survey date (waves.csv or ptces.survey_date) in a survey study; its network is empty",
                    x.record.ptce_id
                ),
            ));
        }
    }
    out
}

fn responses(
    t: Option<&RawTable>,
    mems: &[Lined<Membership>],
    waves: &BTreeMap<String, Vec<Wave>>,
    p: &mut Vec<Problem>,
) -> Option<Vec<Response>> {
    let t = t?;
    let generic = t.column("responded");
    let any = generic.is_some()
        || t.headers
            .iter()
            .any(|h| crate::load::text::name_key(h).starts_with("responded_"));
    if !any {
        return None;
    }
    let by_line: BTreeMap<usize, crate::load::RawRow<'_>> =
        t.rows.iter().map(|r| (r.line, r)).collect();
    let mut out: BTreeMap<(String, String, String), Option<bool>> = BTreeMap::new();
    for m in mems {
        let Some(row) = by_line.get(&m.line) else {
            continue;
        };
        for w in waves.get(&m.record.ptce_id).into_iter().flatten() {
            let win = Window::instant(w.survey_date.first_day());
            if !is_active(m.record.joined, m.record.left, win) {
                continue;
            }
            let name = format!("responded_{}", w.wave);
            let col = t
                .column(&name)
                .map(|c| (c, name.as_str()))
                .or(generic.map(|c| (c, "responded")));
            let cell = col.and_then(|(c, _)| row.get(c)).unwrap_or("");
            match parse_responded(cell) {
                Some(v) => {
                    out.insert(
                        (m.record.ptce_id.clone(), w.wave.clone(), m.record.org_id.clone()),
                        v,
                    );
                }
                None => p.push(Problem::cell(
                    Severity::Error,
                    &t.file,
                    m.line,
                    col,
                    Some(cell),
                    format!("{cell:?} is not an allowed value; expected yes, no or empty (not surveyed)"),
                )),
            }
        }
    }
    Some(
        out.into_iter()
            .map(|((ptce_id, wave, org_id), responded)| Response {
                ptce_id,
                wave,
                org_id,
                responded,
            })
            .collect(),
    )
}

fn report(
    row: &Row<'_>,
    waves: &BTreeMap<String, Vec<Wave>>,
    p: &mut Vec<Problem>,
) -> Option<Report> {
    for col in ["start", "end"] {
        if row.text(col).is_some() {
            p.push(row.problem(
                Severity::Error,
                col,
                format!("{col} is given, but [ties] mode = \"survey\" reads each row as a report dated by its survey wave; remove {col} (and use waves.csv), or set mode = \"dated\" in study.toml"),
            ));
        }
    }
    let kind = row.vocab("kind", true, TieKind::parse, &TieKind::names(), p);
    let weight = row.weight(p)?;
    let ptce_id = row.required("ptce_id", p)?;
    let source = row.required("source", p)?;
    let target = row.required("target", p)?;
    let known = waves.get(&ptce_id).map(Vec::as_slice).unwrap_or_default();
    let wave = match row.text("wave") {
        Some(w) if known.iter().any(|x| x.wave == w) => w,
        Some(w) => {
            p.push(row.problem(
                Severity::Error,
                "wave",
                format!(
                        "wave {w:?} is not a survey wave of PTCE {ptce_id:?}; expected one of: {}",
                        known
                            .iter()
                            .map(|x| x.wave.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
            ));
            return None;
        }
        None if known.len() == 1 => known[0].wave.clone(),
        None => {
            p.push(row.problem(
                Severity::Error,
                "wave",
                format!("wave is missing and PTCE {ptce_id:?} has {} survey waves; expected the wave of the report", known.len()),
            ));
            return None;
        }
    };
    if source == target {
        p.push(row.problem(
            Severity::Error,
            "target",
            format!("report of {source:?} about itself; expected two different organizations"),
        ));
        return None;
    }
    Some(Report {
        ptce_id,
        wave,
        source,
        target,
        kind: kind?,
        weight,
    })
}

/// Reads and checks the survey of a study in survey mode.
///
/// # Returns
/// The [`Survey`] (waves sorted by PTCE then date); every problem is added to `p`.
pub fn read_survey(
    raw: &RawStudy,
    ptces: &[Lined<Ptce>],
    mems: &[Lined<Membership>],
    p: &mut Vec<Problem>,
) -> Survey {
    let waves = waves(raw, ptces, p);
    let mut reports: Vec<Lined<Report>> = Vec::new();
    let t_ties = raw.table("ties");
    if let Some(t) = t_ties {
        reports = super::records::read_rows(t, REPORTS, p, |row, p| report(row, &waves, p));
    }
    let given = responses(raw.table("memberships"), mems, &waves, p);
    let responses = match given {
        Some(r) => r,
        None => {
            // No responded column: the members who reported are the respondents.
            p.push(Problem::file(
                Severity::Warning,
                "memberships.csv",
                "no responded column in a survey study: the members who reported are taken as the respondents, the others as not surveyed",
            ));
            let set: BTreeSet<(&str, &str, &str)> = reports
                .iter()
                .map(|r| {
                    (
                        r.record.ptce_id.as_str(),
                        r.record.wave.as_str(),
                        r.record.source.as_str(),
                    )
                })
                .collect();
            set.into_iter()
                .map(|(a, b, c)| Response {
                    ptce_id: a.into(),
                    wave: b.into(),
                    org_id: c.into(),
                    responded: Some(true),
                })
                .collect()
        }
    };
    let answered: BTreeMap<(&str, &str, &str), Option<bool>> = responses
        .iter()
        .map(|r| {
            (
                (r.ptce_id.as_str(), r.wave.as_str(), r.org_id.as_str()),
                r.responded,
            )
        })
        .collect();
    let mut by_ptce: BTreeMap<&str, Vec<&Membership>> = BTreeMap::new();
    for m in mems {
        by_ptce
            .entry(m.record.ptce_id.as_str())
            .or_default()
            .push(&m.record);
    }
    let file = t_ties.map(|t| t.file.as_str()).unwrap_or("ties.csv");
    for r in &reports {
        let x = &r.record;
        let Some(w) = waves
            .get(&x.ptce_id)
            .and_then(|v| v.iter().find(|w| w.wave == x.wave))
        else {
            continue;
        };
        let present = members_at(
            by_ptce
                .get(x.ptce_id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default(),
            w.survey_date,
        );
        for (col, who) in [("source", &x.source), ("target", &x.target)] {
            if !present.contains(&who.as_str()) {
                p.push(Problem::cell(
                    Severity::Warning,
                    file,
                    r.line,
                    None,
                    Some(who),
                    format!("{col} {who:?} is not a member of PTCE {:?} on the survey date {} of wave {:?}; the report is left out", x.ptce_id, w.survey_date, x.wave),
                ));
            }
        }
        if present.contains(&x.source.as_str()) {
            match answered.get(&(x.ptce_id.as_str(), x.wave.as_str(), x.source.as_str())) {
                Some(Some(true)) => {}
                Some(Some(false)) => p.push(Problem::cell(
                    Severity::Error,
                    file,
                    r.line,
                    None,
                    Some(&x.source),
                    format!("report by {:?}, who is marked responded = no in wave {:?}; a non-respondent cannot report (fix memberships.csv or remove the report)", x.source, x.wave),
                )),
                _ => p.push(Problem::cell(
                    Severity::Error,
                    file,
                    r.line,
                    None,
                    Some(&x.source),
                    format!("report by {:?}, who is not marked as surveyed (responded empty) in wave {:?}; expected responded = yes", x.source, x.wave),
                )),
            }
        }
    }
    Survey {
        waves: waves.into_values().flatten().collect(),
        responses,
        reports: reports.into_iter().map(|l| l.record).collect(),
    }
}
