//! Checks across tables: unique ids, known references, membership spells, ties between members,
//! dates after the reference date.

use super::cells::is_null;
use super::problem::{Problem, Severity};
use super::records::Lined;
use crate::date::{Date, PartialDate};
use crate::load::RawTable;
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Every non-empty value of a column of a raw table (rows with errors included, so that one bad
/// cell does not cascade into "unknown id" errors elsewhere), with an error for every id seen
/// before in the same table. Returns id → first line.
pub fn unique_ids<'a>(
    table: Option<&'a RawTable>,
    column: &str,
    p: &mut Vec<Problem>,
) -> HashMap<&'a str, usize> {
    let Some(table) = table else {
        return HashMap::new();
    };
    let Some(col_index) = table.column(column) else {
        return HashMap::new();
    };
    let file = table.file.as_str();
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(table.rows.len());
    for r in &table.rows {
        let Some(key) = r.cells.get(col_index).map(String::as_str) else {
            continue;
        };
        if is_null(key, false) {
            continue;
        }
        if let Some(first) = seen.get(key) {
            p.push(Problem::cell(
                Severity::Error,
                file,
                r.line,
                Some((col_index, column)),
                Some(key),
                format!("duplicate {column} {key:?} (first at line {first}); expected each {column} once"),
            ));
        } else {
            seen.insert(key, r.line);
        }
    }
    seen
}

/// Context shared by the reference checks: column positions for precise locations.
pub struct Columns<'a> {
    pub file: &'a str,
    pub index: &'a dyn Fn(&str) -> Option<usize>,
}

impl Columns<'_> {
    /// An error or warning at `line`, column `name`.
    pub fn at(&self, sev: Severity, line: usize, name: &str, value: &str, msg: String) -> Problem {
        Problem::cell(
            sev,
            self.file,
            line,
            (self.index)(name).map(|i| (i, name)),
            Some(value),
            msg,
        )
    }
}

/// Every (ptce_id, org_id) pair of the raw membership rows, bad rows included (so that a bad
/// date does not turn into "not a member" errors in other tables).
pub type Members = std::collections::HashSet<(String, String)>;

/// The pairs of [`Members`] read from the raw memberships table.
pub fn member_pairs(table: Option<&RawTable>) -> Members {
    let mut out = Members::new();
    let Some(t) = table else { return out };
    let (Some(pi), Some(oi)) = (t.column("ptce_id"), t.column("org_id")) else {
        return out;
    };
    for r in &t.rows {
        if let (Some(ptce), Some(org)) = (r.cells.get(pi), r.cells.get(oi)) {
            out.insert((ptce.clone(), org.clone()));
        }
    }
    out
}

/// Membership spells of one organization in one PTCE, as first days `[joined, left)`.
pub type Spells = BTreeMap<(String, String), Vec<(Date, Option<Date>)>>;

/// Checks memberships: known PTCE and organization; spells of the same organization in the
/// same PTCE must not overlap. Returns the spells by (ptce, org).
pub fn memberships(
    rows: &[Lined<Membership>],
    ptces: &HashMap<&str, usize>,
    orgs: &HashMap<&str, usize>,
    cols: &Columns<'_>,
    p: &mut Vec<Problem>,
) -> Spells {
    let mut spells: Spells = BTreeMap::new();
    type LinedSpells = Vec<(Date, Option<Date>, usize)>;
    let mut lines: BTreeMap<(String, String), LinedSpells> = BTreeMap::new();
    for r in rows {
        let m = &r.record;
        if !ptces.contains_key(m.ptce_id.as_str()) {
            p.push(cols.at(
                Severity::Error,
                r.line,
                "ptce_id",
                &m.ptce_id,
                format!(
                    "unknown PTCE {:?}; expected a ptce_id of ptces.csv",
                    m.ptce_id
                ),
            ));
        }
        if !orgs.contains_key(m.org_id.as_str()) {
            p.push(cols.at(
                Severity::Error,
                r.line,
                "org_id",
                &m.org_id,
                format!(
                    "unknown organization {:?}; expected an org_id of organizations.csv",
                    m.org_id
                ),
            ));
        }
        let key = (m.ptce_id.clone(), m.org_id.clone());
        let spell = (m.joined.first_day(), m.left.map(PartialDate::first_day));
        lines
            .entry(key.clone())
            .or_default()
            .push((spell.0, spell.1, r.line));
        spells.entry(key).or_default().push(spell);
    }
    for ((ptce, org), mut list) in lines {
        list.sort();
        for w in list.windows(2) {
            let (_, left, first_line) = w[0];
            let (joined, _, line) = w[1];
            if left.is_none_or(|l| joined < l) {
                p.push(cols.at(Severity::Error, line, "joined", &org,
                    format!("membership of {org:?} in {ptce:?} overlaps the spell at line {first_line}; expected a rejoin after the previous `left` date")));
            }
        }
    }
    for list in spells.values_mut() {
        list.sort();
    }
    spells
}

fn active_on(spells: Option<&Vec<(Date, Option<Date>)>>, day: Date) -> bool {
    spells.is_some_and(|s| {
        s.iter()
            .any(|&(j, l)| j <= day && l.is_none_or(|l| day < l))
    })
}

/// Checks ties: known PTCE; endpoints members of that PTCE (error); a tie that starts before
/// an endpoint joined or after it left (warning).
pub fn ties(
    rows: &[Lined<Tie>],
    ptces: &HashMap<&str, usize>,
    members: &Members,
    spells: &Spells,
    cols: &Columns<'_>,
    p: &mut Vec<Problem>,
) {
    for r in rows {
        let t = &r.record;
        if !ptces.contains_key(t.ptce_id.as_str()) {
            p.push(cols.at(
                Severity::Error,
                r.line,
                "ptce_id",
                &t.ptce_id,
                format!(
                    "unknown PTCE {:?}; expected a ptce_id of ptces.csv",
                    t.ptce_id
                ),
            ));
            continue;
        }
        for (col, org) in [("source", &t.source), ("target", &t.target)] {
            let key = (t.ptce_id.clone(), org.clone());
            match spells.get(&key) {
                None if members.contains(&key) => {}
                None => p.push(cols.at(Severity::Error, r.line, col, org,
                    format!("{org:?} is not a member of PTCE {:?}; expected an org_id with a membership in that PTCE", t.ptce_id))),
                Some(s) if !active_on(Some(s), t.start.first_day()) => p.push(cols.at(
                    Severity::Warning, r.line, "start", &t.start.to_string(),
                    format!("tie starts on {} while {org:?} is not a member of {:?} on that day", t.start, t.ptce_id))),
                Some(_) => {}
            }
        }
    }
}

/// Checks activities and participations: known PTCE, known activity and organization; a
/// participant that is not a member of the activity's PTCE is a warning.
#[allow(clippy::too_many_arguments)]
pub fn activities(
    acts: &[Lined<Activity>],
    parts: &[Lined<Participation>],
    ptces: &HashMap<&str, usize>,
    orgs: &HashMap<&str, usize>,
    members: &Members,
    activity_ids: &HashMap<&str, usize>,
    act_cols: &Columns<'_>,
    part_cols: &Columns<'_>,
    p: &mut Vec<Problem>,
) {
    let mut act_ptce: HashMap<&str, &str> = HashMap::new();
    for r in acts {
        let a = &r.record;
        act_ptce.insert(a.activity_id.as_str(), a.ptce_id.as_str());
        if !ptces.contains_key(a.ptce_id.as_str()) {
            p.push(act_cols.at(
                Severity::Error,
                r.line,
                "ptce_id",
                &a.ptce_id,
                format!(
                    "unknown PTCE {:?}; expected a ptce_id of ptces.csv",
                    a.ptce_id
                ),
            ));
        }
    }
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    for r in parts {
        let x = &r.record;
        if !seen.insert((x.activity_id.as_str(), x.org_id.as_str())) {
            p.push(part_cols.at(
                Severity::Warning,
                r.line,
                "org_id",
                &x.org_id,
                format!(
                    "{:?} is listed twice for activity {:?}; counted once",
                    x.org_id, x.activity_id
                ),
            ));
        }
        let ptce = act_ptce.get(x.activity_id.as_str());
        if ptce.is_none() && !activity_ids.contains_key(x.activity_id.as_str()) {
            p.push(part_cols.at(
                Severity::Error,
                r.line,
                "activity_id",
                &x.activity_id,
                format!(
                    "unknown activity {:?}; expected an activity_id of activities.csv",
                    x.activity_id
                ),
            ));
        }
        if !orgs.contains_key(x.org_id.as_str()) {
            p.push(part_cols.at(
                Severity::Error,
                r.line,
                "org_id",
                &x.org_id,
                format!(
                    "unknown organization {:?}; expected an org_id of organizations.csv",
                    x.org_id
                ),
            ));
        } else if let Some(ptce) = ptce {
            if !members.contains(&(ptce.to_string(), x.org_id.clone())) {
                p.push(part_cols.at(
                    Severity::Warning,
                    r.line,
                    "org_id",
                    &x.org_id,
                    format!(
                        "{:?} takes part in an activity of {ptce:?} without being a member of it",
                        x.org_id
                    ),
                ));
            }
        }
    }
}

/// Checks that events belong to known PTCEs.
pub fn events(
    rows: &[Lined<Event>],
    ptces: &HashMap<&str, usize>,
    cols: &Columns<'_>,
    p: &mut Vec<Problem>,
) {
    for r in rows {
        if !ptces.contains_key(r.record.ptce_id.as_str()) {
            p.push(cols.at(
                Severity::Error,
                r.line,
                "ptce_id",
                &r.record.ptce_id,
                format!(
                    "unknown PTCE {:?}; expected a ptce_id of ptces.csv",
                    r.record.ptce_id
                ),
            ));
        }
    }
}

/// Records an error for a date after the reference date.
pub fn not_after(
    reference: Date,
    date: Option<PartialDate>,
    line: usize,
    column: &str,
    cols: &Columns<'_>,
    p: &mut Vec<Problem>,
) {
    if let Some(d) = date {
        if d.first_day() > reference {
            p.push(cols.at(Severity::Error, line, column, &d.to_string(),
                format!("{d} is after the study's reference date {reference}; expected a date on or before it (or set reference_date in study.toml)")));
        }
    }
}
