//! Checks across tables: unique ids, known references, membership spells, ties between members,
//! dates after the reference date.

use super::cells::is_null;
use super::problem::{Problem, Severity};
use super::records::Lined;
use crate::date::{Date, PartialDate};
use crate::load::RawTable;
use crate::model::*;
use std::collections::{BTreeSet, HashMap};

/// The ids of a table (id → first line), and, built at the first unknown reference, the ids
/// grouped by their [`folded`] form, for the "did you mean" of the message.
pub struct Ids<'a> {
    lines: HashMap<&'a str, usize>,
    by_folded: std::cell::OnceCell<HashMap<String, Vec<&'a str>>>,
}

impl<'a> Ids<'a> {
    /// The ids of `lines` (id → first line).
    pub fn new(lines: HashMap<&'a str, usize>) -> Self {
        Ids {
            lines,
            by_folded: std::cell::OnceCell::new(),
        }
    }

    /// Whether `id` is one of the ids, exactly.
    pub fn contains(&self, id: &str) -> bool {
        self.lines.contains_key(id)
    }

    /// The ids written like `id` but for case, punctuation, spaces or leading zeros (at most
    /// three, sorted), `id` itself excluded.
    pub fn near(&self, id: &str) -> Vec<&'a str> {
        let index = self.by_folded.get_or_init(|| {
            let mut index: HashMap<String, Vec<&'a str>> = HashMap::new();
            for &known in self.lines.keys() {
                index.entry(folded(known)).or_default().push(known);
            }
            index.values_mut().for_each(|v| v.sort_unstable());
            index
        });
        index
            .get(&folded(id))
            .map(|v| v.iter().copied().filter(|&k| k != id).take(3).collect())
            .unwrap_or_default()
    }
}

/// An id as a typist may vary it: runs of letters (lower case) and runs of digits (without
/// leading zeros), everything else dropped: `ORG-000002`, `org000002` and `Org 2` all give
/// `org.2`; `A-1-0` (`a.1.0`) and `A-10` (`a.10`) stay apart.
fn folded(id: &str) -> String {
    let mut runs: Vec<(bool, String)> = Vec::new();
    let mut previous: Option<bool> = None;
    for c in id.chars() {
        if !c.is_alphanumeric() {
            previous = None;
            continue;
        }
        let digit = c.is_ascii_digit();
        if previous != Some(digit) {
            runs.push((digit, String::new()));
        }
        previous = Some(digit);
        if let Some((_, run)) = runs.last_mut() {
            run.extend(c.to_lowercase());
        }
    }
    runs.iter()
        .map(|(digit, run)| match (digit, run.trim_start_matches('0')) {
            (true, "") => "0",
            (true, digits) => digits,
            (false, _) => run.as_str(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Every non-empty value of a column of a raw table (rows with errors included, so that one bad
/// cell does not cascade into "unknown id" errors elsewhere), with an error for every id seen
/// before in the same table. Returns id → first line.
pub fn unique_ids<'a>(table: Option<&'a RawTable>, column: &str, p: &mut Vec<Problem>) -> Ids<'a> {
    let Some(table) = table else {
        return Ids::new(HashMap::new());
    };
    let Some(col_index) = table.column(column) else {
        return Ids::new(HashMap::new());
    };
    let file = table.file.as_str();
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(table.rows.len());
    for r in &table.rows {
        let Some(key) = r.get(col_index) else {
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
    Ids::new(seen)
}

/// Context shared by the reference checks: the file of a table and its column positions, for
/// precise locations.
pub struct Columns<'a> {
    /// The table's file (its default name when the table is absent).
    pub file: String,
    table: Option<&'a RawTable>,
}

/// A table that other tables refer to by id, for the message of an unknown reference.
pub struct Reference {
    /// What an id names (`PTCE`, `organization`…).
    pub what: &'static str,
    /// The referring column (the referred table's id column).
    pub column: &'static str,
    /// Where a valid id comes from (`a ptce_id of ptces.csv`).
    pub expected: &'static str,
}

/// References to `ptces.csv`.
pub const PTCE: Reference = Reference {
    what: "PTCE",
    column: "ptce_id",
    expected: "a ptce_id of ptces.csv",
};
/// References to `organizations.csv`.
pub const ORGANIZATION: Reference = Reference {
    what: "organization",
    column: "org_id",
    expected: "an org_id of organizations.csv",
};
/// References to `activities.csv`.
pub const ACTIVITY: Reference = Reference {
    what: "activity",
    column: "activity_id",
    expected: "an activity_id of activities.csv",
};

impl<'a> Columns<'a> {
    /// The columns of `table`, located in `default` (e.g. `ties.csv`) when the table is absent.
    pub fn of(table: Option<&'a RawTable>, default: &str) -> Self {
        Columns {
            file: table.map_or_else(|| default.to_string(), |t| t.file.clone()),
            table,
        }
    }

    /// An error or warning at `line`, column `name`.
    pub fn at(&self, sev: Severity, line: usize, name: &str, value: &str, msg: String) -> Problem {
        Problem::cell(
            sev,
            &self.file,
            line,
            self.table.and_then(|t| t.column(name)).map(|i| (i, name)),
            Some(value),
            msg,
        )
    }

    /// Whether `id` (in column `to.column` at `line`) is one of `ids`; an error
    /// "unknown … ; expected …" when it is not, naming the ids written like it but for case,
    /// punctuation or leading zeros (ids are compared exactly).
    pub fn known(
        &self,
        ids: &Ids<'_>,
        to: &Reference,
        line: usize,
        id: &str,
        p: &mut Vec<Problem>,
    ) -> bool {
        let known = ids.contains(id);
        if !known {
            let near = ids.near(id);
            let hint = match near.as_slice() {
                [] => String::new(),
                [one] => format!(" (did you mean {one:?}? ids are compared exactly)"),
                more => format!(
                    " (did you mean {}? ids are compared exactly)",
                    more.iter()
                        .map(|k| format!("{k:?}"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            };
            p.push(self.at(
                Severity::Error,
                line,
                to.column,
                id,
                format!("unknown {} {id:?}; expected {}{hint}", to.what, to.expected),
            ));
        }
        known
    }
}

/// Every (ptce_id, org_id) pair of the raw membership rows, bad rows included (so that a bad
/// date does not turn into "not a member" errors in other tables).
/// Borrowed from the raw table (a pair of `String`s per row cost 16 MB more on the
/// 10,000-PTCE study).
pub type Members<'a> = std::collections::HashSet<(&'a str, &'a str)>;

/// The pairs of [`Members`] read from the raw memberships table.
pub fn member_pairs(table: Option<&RawTable>) -> Members<'_> {
    let mut out = Members::new();
    let Some(t) = table else { return out };
    let (Some(pi), Some(oi)) = (t.column("ptce_id"), t.column("org_id")) else {
        return out;
    };
    for r in &t.rows {
        if let (Some(ptce), Some(org)) = (r.get(pi), r.get(oi)) {
            out.insert((ptce, org));
        }
    }
    out
}

/// One membership spell, as first days `[joined, left)`, with its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Spell<'a> {
    pub ptce: &'a str,
    pub org: &'a str,
    pub joined: Date,
    pub left: Option<Date>,
    pub line: usize,
}

/// Membership spells, sorted by PTCE, organization, `joined`, `left`, line: one flat vector
/// borrowing the identifiers of the typed rows (two maps keyed by cloned identifiers cost
/// 70 MB at their peak on the 10,000-PTCE study).
pub struct Spells<'a>(Vec<Spell<'a>>);

impl<'a> Spells<'a> {
    /// The spells of `org` in `ptce` (empty when it has none), in order.
    pub fn of(&self, ptce: &str, org: &str) -> &[Spell<'a>] {
        let from = self.0.partition_point(|s| (s.ptce, s.org) < (ptce, org));
        let to = from + self.0[from..].partition_point(|s| (s.ptce, s.org) == (ptce, org));
        &self.0[from..to]
    }
}

/// Checks memberships: known PTCE and organization; spells of the same organization in the
/// same PTCE must not overlap. Returns the spells.
pub fn memberships<'a>(
    rows: &'a [Lined<Membership>],
    ptces: &Ids<'_>,
    orgs: &Ids<'_>,
    cols: &Columns<'_>,
    p: &mut Vec<Problem>,
) -> Spells<'a> {
    let mut spells = Vec::with_capacity(rows.len());
    for r in rows {
        let m = &r.record;
        cols.known(ptces, &PTCE, r.line, &m.ptce_id, p);
        cols.known(orgs, &ORGANIZATION, r.line, &m.org_id, p);
        spells.push(Spell {
            ptce: &m.ptce_id,
            org: &m.org_id,
            joined: m.joined.first_day(),
            left: m.left.map(PartialDate::first_day),
            line: r.line,
        });
    }
    spells.sort_unstable();
    for list in spells.chunk_by(|a, b| (a.ptce, a.org) == (b.ptce, b.org)) {
        for w in list.windows(2) {
            let (first, next) = (w[0], w[1]);
            let (ptce, org) = (first.ptce, first.org);
            if first.left.is_none_or(|l| next.joined < l) {
                p.push(cols.at(Severity::Error, next.line, "joined", org,
                    format!("membership of {org:?} in {ptce:?} overlaps the spell at line {}; expected a rejoin after the previous `left` date", first.line)));
            }
        }
    }
    Spells(spells)
}

fn active_on(spells: &[Spell<'_>], day: Date) -> bool {
    spells
        .iter()
        .any(|s| s.joined <= day && s.left.is_none_or(|l| day < l))
}

/// Checks ties: known PTCE; endpoints members of that PTCE (error); a tie that starts before
/// an endpoint joined or after it left (warning).
pub fn ties(
    rows: &[Lined<Tie>],
    ptces: &Ids<'_>,
    members: &Members<'_>,
    spells: &Spells<'_>,
    cols: &Columns<'_>,
    p: &mut Vec<Problem>,
) {
    for r in rows {
        let t = &r.record;
        if !cols.known(ptces, &PTCE, r.line, &t.ptce_id, p) {
            continue;
        }
        for (col, org) in [("source", &t.source), ("target", &t.target)] {
            match spells.of(&t.ptce_id, org) {
                [] if members.contains(&(t.ptce_id.as_str(), org.as_str())) => {}
                [] => p.push(cols.at(Severity::Error, r.line, col, org,
                    format!("{org:?} is not a member of PTCE {:?}; expected an org_id with a membership in that PTCE", t.ptce_id))),
                s if !active_on(s, t.start.first_day()) => p.push(cols.at(
                    Severity::Warning, r.line, "start", &t.start.to_string(),
                    format!("tie starts on {} while {org:?} is not a member of {:?} on that day", t.start, t.ptce_id))),
                _ => {}
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
    ptces: &Ids<'_>,
    orgs: &Ids<'_>,
    members: &Members<'_>,
    activity_ids: &Ids<'_>,
    act_cols: &Columns<'_>,
    part_cols: &Columns<'_>,
    p: &mut Vec<Problem>,
) {
    let mut act_ptce: HashMap<&str, &str> = HashMap::new();
    for r in acts {
        let a = &r.record;
        act_ptce.insert(a.activity_id.as_str(), a.ptce_id.as_str());
        act_cols.known(ptces, &PTCE, r.line, &a.ptce_id, p);
    }
    let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
    for r in parts {
        let x = &r.record;
        let warn = |msg: String| part_cols.at(Severity::Warning, r.line, "org_id", &x.org_id, msg);
        if !seen.insert((x.activity_id.as_str(), x.org_id.as_str())) {
            let (org, activity) = (&x.org_id, &x.activity_id);
            p.push(warn(format!(
                "{org:?} is listed twice for activity {activity:?}; counted once"
            )));
        }
        let ptce = act_ptce.get(x.activity_id.as_str());
        if ptce.is_none() {
            part_cols.known(activity_ids, &ACTIVITY, r.line, &x.activity_id, p);
        }
        let known_org = part_cols.known(orgs, &ORGANIZATION, r.line, &x.org_id, p);
        if let (true, Some(ptce)) = (known_org, ptce) {
            if !members.contains(&(ptce, x.org_id.as_str())) {
                let org = &x.org_id;
                p.push(warn(format!(
                    "{org:?} takes part in an activity of {ptce:?} without being a member of it"
                )));
            }
        }
    }
}

/// Checks that events belong to known PTCEs.
pub fn events(rows: &[Lined<Event>], ptces: &Ids<'_>, cols: &Columns<'_>, p: &mut Vec<Problem>) {
    for r in rows {
        cols.known(ptces, &PTCE, r.line, &r.record.ptce_id, p);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn membership(
        line: usize,
        ptce: &str,
        org: &str,
        joined: &str,
        left: &str,
    ) -> Lined<Membership> {
        Lined {
            line,
            record: Membership {
                ptce_id: ptce.into(),
                org_id: org.into(),
                joined: d(joined),
                left: (!left.is_empty()).then(|| d(left)),
                role: Role::parse("member").unwrap(),
            },
        }
    }

    #[test]
    fn spells_overlaps_and_ties_by_hand() {
        // Rows out of order on purpose: P1/O1 has two spells (lines 2 and 5) that do not overlap,
        // P1/O2 two that do (line 6 starts before line 3 ends), P2/O1 one with an unknown PTCE.
        let rows = vec![
            membership(5, "P1", "O1", "2015-01-01", ""),
            membership(3, "P1", "O2", "2010-01-01", "2014-01-01"),
            membership(2, "P1", "O1", "2010-01-01", "2012-01-01"),
            membership(6, "P1", "O2", "2013-06-01", ""),
            membership(4, "P9", "O1", "2010-01-01", ""),
        ];
        let ptces = Ids::new([("P1", 2)].into());
        let orgs = Ids::new([("O1", 2), ("O2", 3)].into());
        let cols = Columns::of(None, "memberships.csv");
        let mut p = Vec::new();
        let spells = memberships(&rows, &ptces, &orgs, &cols, &mut p);
        let said: Vec<String> = p.iter().map(|x| x.to_string()).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].contains("unknown PTCE \"P9\""), "{}", said[0]);
        assert!(said[1].starts_with("memberships.csv:6"), "{}", said[1]);
        assert!(
            said[1].contains("membership of \"O2\" in \"P1\" overlaps the spell at line 3"),
            "{}",
            said[1]
        );
        let lines =
            |ptce, org| -> Vec<usize> { spells.of(ptce, org).iter().map(|s| s.line).collect() };
        assert_eq!(lines("P1", "O1"), [2, 5]);
        assert_eq!(lines("P1", "O2"), [3, 6]);
        assert_eq!(lines("P9", "O1"), [4]);
        assert!(lines("P1", "O3").is_empty() && lines("P0", "O1").is_empty());

        // Ties: O1–O2 in 2011 (both members then), O1–O2 in 2013 (O1 between its spells: a
        // warning at `start`), O1–O3 (O3 in the raw memberships only: no error), O1–O4 (not a
        // member: an error at `target`).
        let members: Members<'_> = [("P1", "O1"), ("P1", "O2"), ("P1", "O3")].into();
        let tie = |line, target: &str, start| Lined {
            line,
            record: Tie {
                ptce_id: "P1".into(),
                source: "O1".into(),
                target: target.into(),
                kind: TieKind::parse("funding").unwrap(),
                start: d(start),
                end: None,
                weight: 1.0,
            },
        };
        let ties_rows = [
            tie(2, "O2", "2011-05-01"),
            tie(3, "O2", "2013-05-01"),
            tie(4, "O3", "2011-05-01"),
            tie(5, "O4", "2011-05-01"),
        ];
        let mut p = Vec::new();
        let cols = Columns::of(None, "ties.csv");
        ties(&ties_rows, &ptces, &members, &spells, &cols, &mut p);
        let said: Vec<(Option<usize>, Severity)> = p.iter().map(|x| (x.line, x.severity)).collect();
        assert_eq!(
            said,
            [(Some(3), Severity::Warning), (Some(5), Severity::Error)],
            "{p:?}"
        );
        assert!(
            p[0].message
                .contains("while \"O1\" is not a member of \"P1\""),
            "{}",
            p[0]
        );
        assert!(
            p[1].message
                .contains("\"O4\" is not a member of PTCE \"P1\""),
            "{}",
            p[1]
        );
    }

    #[test]
    fn ids_fold_case_punctuation_and_leading_zeros_only() {
        for (id, want) in [
            ("ORG-000002", "org.2"),
            ("org000002", "org.2"),
            ("Org 2", "org.2"),
            ("PTCE_00001", "ptce.1"),
            ("A-1-0", "a.1.0"),
            ("A-10", "a.10"),
            ("P-000", "p.0"),
            ("Écomusée-07", "écomusée.7"),
        ] {
            assert_eq!(folded(id), want, "{id}");
        }
    }

    /// An unknown id written like known ones but for case, punctuation or leading zeros names
    /// them; one that is not gets the plain message.
    #[test]
    fn unknown_ids_name_the_ids_written_like_them() {
        let ids = Ids::new([("ORG-000001", 2), ("ORG-000002", 3), ("org-2", 4)].into());
        let cols = Columns::of(None, "memberships.csv");
        let mut p = Vec::new();
        for (line, id) in [
            (2, "org-000001"),
            (3, "ORG000002"),
            (4, "ORG-9"),
            (5, "ORG-000001"),
        ] {
            cols.known(&ids, &ORGANIZATION, line, id, &mut p);
        }
        let said: Vec<&str> = p.iter().map(|q| q.message.as_str()).collect();
        assert_eq!(
            said,
            vec![
                "unknown organization \"org-000001\"; expected an org_id of organizations.csv \
                 (did you mean \"ORG-000001\"? ids are compared exactly)",
                "unknown organization \"ORG000002\"; expected an org_id of organizations.csv \
                 (did you mean \"ORG-000002\" or \"org-2\"? ids are compared exactly)",
                "unknown organization \"ORG-9\"; expected an org_id of organizations.csv",
            ]
        );
    }
}
