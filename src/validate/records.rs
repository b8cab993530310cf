//! Typing the rows of each table into the records of [`crate::model`], one problem per bad cell.

use super::cells::{self, CommuneCode};
use super::problem::{Problem, Severity};
use super::reader::{Row, Spec, TableReader};
use crate::diversity::naf::parse_naf;
use crate::load::RawTable;
use crate::model::*;

/// Columns of `ptces`. `department` and `region` are derived from `commune_code` when absent
/// (checked against it when given, [`super::commune`]); `commune_name` only serves the
/// suggestions for a code that does not exist.
pub const PTCES: Spec = &[
    ("ptce_id", true),
    ("name", true),
    ("commune_code", true),
    ("commune_name", false),
    ("department", false),
    ("region", false),
    ("density_level", false),
    ("legal_form", false),
    ("founded", false),
];
/// Columns of `organizations`.
pub const ORGANIZATIONS: Spec = &[
    ("org_id", true),
    ("name", true),
    ("actor_type", true),
    ("naf_code", false),
    ("legal_category", false),
    ("siren", false),
    ("commune_code", false),
    ("employees", false),
    ("siret", false),
    ("rna", false),
    ("ess", false),
    ("headcount_band", false),
    ("created", false),
    ("active", false),
];
/// Columns of `memberships`.
pub const MEMBERSHIPS: Spec = &[
    ("ptce_id", true),
    ("org_id", true),
    ("joined", true),
    ("left", false),
    ("role", true),
];
/// Columns of `ties`.
pub const TIES: Spec = &[
    ("ptce_id", true),
    ("source", true),
    ("target", true),
    ("kind", true),
    ("start", true),
    ("end", false),
    ("weight", false),
];
/// Columns of `activities`.
pub const ACTIVITIES: Spec = &[
    ("activity_id", true),
    ("ptce_id", true),
    ("name", true),
    ("sector", true),
    ("naf_code", false),
    ("start", true),
    ("end", false),
];
/// Columns of `participations`.
pub const PARTICIPATIONS: Spec = &[("activity_id", true), ("org_id", true), ("role", false)];
/// Columns of `events`.
pub const EVENTS: Spec = &[
    ("ptce_id", true),
    ("date", true),
    ("event", true),
    ("note", false),
    ("source", false),
];

/// A typed record with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Lined<T> {
    pub line: usize,
    pub record: T,
}

/// Types every row of a table; rows with an error in a required cell are dropped (their
/// problems are recorded). `read` appends the problems of its row to `problems`.
///
/// # Complexity
/// O(rows + problems) besides `read`: a row is judged on the problems it added only.
pub fn read_rows<T>(
    table: &RawTable,
    spec: Spec,
    problems: &mut Vec<Problem>,
    mut read: impl FnMut(&Row<'_>, &mut Vec<Problem>) -> Option<T>,
) -> Vec<Lined<T>> {
    let Some(reader) = TableReader::new(table, spec, problems) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(table.rows.len());
    for row in reader.rows() {
        // Only the problems this row adds are looked at: counting every problem for every row
        // made a table with many warnings quadratic (105,508 organizations, 13,670 of them
        // with a 4-digit commune code: 12 s).
        let before = problems.len();
        let record = read(&row, problems);
        let clean = problems
            .get(before..)
            .is_some_and(|added| added.iter().all(|p| p.severity != Severity::Error));
        if let (Some(record), true) = (record, clean) {
            out.push(Lined {
                line: row.line(),
                record,
            });
        }
    }
    out
}

fn commune(row: &Row<'_>, name: &str, p: &mut Vec<Problem>) -> Option<String> {
    let text = row.text(name)?;
    match cells::commune_code(&text) {
        Ok(CommuneCode::Valid(c)) => Some(c),
        Ok(CommuneCode::Padded(c)) => {
            p.push(row.problem(
                Severity::Warning,
                name,
                format!("{text:?} has 4 digits; read as {c:?} (leading zero restored)"),
            ));
            Some(c)
        }
        Err(expected) => {
            p.push(row.problem(
                Severity::Error,
                name,
                format!("{text:?} is not a commune code; expected {expected}"),
            ));
            None
        }
    }
}

fn naf(row: &Row<'_>, p: &mut Vec<Problem>) -> Option<String> {
    let text = row.text("naf_code")?;
    match parse_naf(&text) {
        Ok(code) => Some(code.to_string()),
        Err(e) => {
            p.push(row.problem(Severity::Error, "naf_code", e.to_string()));
            None
        }
    }
}

/// Reads a row of `ptces`.
pub fn ptce(row: &Row<'_>, p: &mut Vec<Problem>) -> Option<Ptce> {
    let density_level = row.number("density_level", p).and_then(|v| {
        if v.fract() == 0.0 && (1.0..=7.0).contains(&v) {
            Some(v as u8)
        } else {
            p.push(row.problem(
                Severity::Error,
                "density_level",
                format!("{v} is outside the INSEE density grid; expected an integer from 1 (grands centres urbains) to 7 (rural à habitat très dispersé)"),
            ));
            None
        }
    });
    let commune_code = super::commune::ptce_commune(row, p);
    let legal_form = row.vocab(
        "legal_form",
        false,
        LegalForm::parse,
        &LegalForm::names(),
        p,
    );
    let founded = row.date("founded", false, p);
    Some(Ptce {
        ptce_id: row.required("ptce_id", p)?,
        name: row.required("name", p)?,
        commune_code,
        department: row.text("department"),
        region: row.text("region"),
        density_level,
        legal_form,
        founded,
    })
}

/// Reads a row of `organizations`.
pub fn organization(row: &Row<'_>, p: &mut Vec<Problem>) -> Option<Organization> {
    organization_in(row, p, false).map(|(o, _)| o)
}

/// Reads a row of `organizations`; when `actor_type_optional` (a study with `[enrich]`), an
/// empty `actor_type` is left for the SIRENE enrichment to derive: the record then carries
/// [`ActorType::Other`] and the returned flag is `true`.
pub fn organization_in(
    row: &Row<'_>,
    p: &mut Vec<Problem>,
    actor_type_optional: bool,
) -> Option<(Organization, bool)> {
    let names = ActorType::names();
    let pending = actor_type_optional && row.text("actor_type").is_none();
    let actor_type = if pending {
        Some(ActorType::Other)
    } else {
        row.vocab("actor_type", true, ActorType::parse, &names, p)
    };
    let naf_code = naf(row, p);
    let legal_category = row.text("legal_category").and_then(|t| {
        cells::legal_category(&t)
            .map_err(|e| {
                p.push(row.problem(
                    Severity::Error,
                    "legal_category",
                    format!("{t:?} is not a legal category; expected {e}"),
                ))
            })
            .ok()
    });
    let siren = checked(row, "siren", cells::siren, "SIREN", p);
    let commune_code = commune(row, "commune_code", p);
    let employees = row.number("employees", p).and_then(|v| {
        if v >= 0.0 {
            Some(v)
        } else {
            p.push(row.problem(
                Severity::Error,
                "employees",
                format!("{v} is negative; expected a number of employees ≥ 0"),
            ));
            None
        }
    });
    let (siren, siret) = establishment(row, siren, p);
    let rna = checked(row, "rna", cells::rna, "an RNA number", p);
    let register = register_facts(row, p);
    let org = Organization {
        org_id: row.required("org_id", p)?,
        name: row.required("name", p)?,
        actor_type: actor_type?,
        naf_code,
        legal_category,
        siren,
        commune_code,
        employees,
        siret,
        rna,
        register,
    };
    Some((org, pending))
}

/// The text of column `name` checked by `check`, an error (value and what was expected)
/// recorded when it fails.
fn checked(
    row: &Row<'_>,
    name: &str,
    check: fn(&str) -> Result<String, &'static str>,
    what: &str,
    p: &mut Vec<Problem>,
) -> Option<String> {
    let t = row.text(name)?;
    check(&t)
        .map_err(|e| {
            p.push(row.problem(
                Severity::Error,
                name,
                format!("{t:?} is not a valid {what}; expected {e}"),
            ))
        })
        .ok()
}

/// The SIRET of a row, checked against its SIREN: a SIRET whose first 9 digits are not the
/// given `siren` is an error; without `siren`, the SIRET gives it.
fn establishment(
    row: &Row<'_>,
    siren: Option<String>,
    p: &mut Vec<Problem>,
) -> (Option<String>, Option<String>) {
    let siret = checked(row, "siret", cells::siret, "SIRET", p);
    match (siren, siret) {
        (Some(n), Some(t)) if !t.starts_with(&n) => {
            p.push(row.problem(
                Severity::Error,
                "siret",
                format!(
                    "SIRET {t} belongs to SIREN {}, not to the row's siren {n}; expected a SIRET starting with {n}",
                    &t[..9]
                ),
            ));
            (Some(n), Some(t))
        }
        (None, Some(t)) => (Some(t[..9].to_string()), Some(t)),
        other => other,
    }
}

/// Columns `ess`, `headcount_band`, `created` and `active` as the researcher gives them.
fn register_facts(row: &Row<'_>, p: &mut Vec<Problem>) -> RegisterFacts {
    let yes_no = |name: &str, yes: &[&str], no: &[&str], p: &mut Vec<Problem>| {
        let t = row.text(name)?;
        let read = cells::yes_no_among(&t, yes, no);
        if read.is_none() {
            let allowed = yes.iter().chain(no).copied().collect::<Vec<_>>().join(", ");
            p.push(row.problem(
                Severity::Error,
                name,
                format!("{t:?} is not readable; expected one of {allowed}"),
            ));
        }
        read
    };
    let ess = yes_no("ess", cells::YES, cells::NO, p);
    let active_words: Vec<&str> = ["a", "active", "actif"]
        .into_iter()
        .chain(cells::YES.iter().copied())
        .collect();
    let ceased_words: Vec<&str> = ["c", "ceased", "cessée", "cessé"]
        .into_iter()
        .chain(cells::NO.iter().copied())
        .collect();
    let active = yes_no("active", &active_words, &ceased_words, p);
    let headcount_band = checked(
        row,
        "headcount_band",
        crate::model::headcount_band,
        "headcount band",
        p,
    );
    RegisterFacts {
        ess,
        headcount_band,
        created: row.date("created", false, p),
        active,
        ceased: None,
    }
}

/// Reads a row of `memberships`.
pub fn membership(row: &Row<'_>, p: &mut Vec<Problem>) -> Option<Membership> {
    let (joined, left) = row.span("joined", "left", p);
    let role = row.vocab("role", true, Role::parse, &Role::names(), p);
    Some(Membership {
        ptce_id: row.required("ptce_id", p)?,
        org_id: row.required("org_id", p)?,
        joined: joined?,
        left,
        role: role?,
    })
}

/// Reads a row of `ties`.
pub fn tie(row: &Row<'_>, p: &mut Vec<Problem>) -> Option<Tie> {
    let kind = row.vocab("kind", true, TieKind::parse, &TieKind::names(), p);
    let (start, end) = row.span("start", "end", p);
    let weight = row.weight(p)?;
    let source = row.required("source", p)?;
    let target = row.required("target", p)?;
    if source == target {
        p.push(row.problem(
            Severity::Error,
            "target",
            format!(
                "tie joins {source:?} to itself (self-loop); expected two different organizations"
            ),
        ));
        return None;
    }
    Some(Tie {
        ptce_id: row.required("ptce_id", p)?,
        source,
        target,
        kind: kind?,
        start: start?,
        end,
        weight,
    })
}

/// Reads a row of `activities`.
pub fn activity(row: &Row<'_>, p: &mut Vec<Problem>) -> Option<Activity> {
    let sector = row.vocab("sector", true, Sector::parse, &Sector::names(), p);
    let naf_code = naf(row, p);
    let (start, end) = row.span("start", "end", p);
    Some(Activity {
        activity_id: row.required("activity_id", p)?,
        ptce_id: row.required("ptce_id", p)?,
        name: row.required("name", p)?,
        sector: sector?,
        naf_code,
        start: start?,
        end,
    })
}

/// Reads a row of `participations`.
pub fn participation(row: &Row<'_>, p: &mut Vec<Problem>) -> Option<Participation> {
    Some(Participation {
        activity_id: row.required("activity_id", p)?,
        org_id: row.required("org_id", p)?,
        role: row.text("role"),
    })
}

/// Reads a row of `events`.
pub fn event(row: &Row<'_>, p: &mut Vec<Problem>) -> Option<Event> {
    let date = row.date("date", true, p);
    let event = row.vocab("event", true, EventType::parse, &EventType::names(), p);
    Some(Event {
        ptce_id: row.required("ptce_id", p)?,
        date: date?,
        event: event?,
        note: row.text("note"),
        source: row.text("source"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::table::parse_csv;

    /// A row is kept when its own cells raised no error, whatever came before it: warnings keep
    /// it, errors drop it, and problems recorded earlier (of another table, or many warnings of
    /// earlier rows) do not count against it.
    #[test]
    fn a_row_is_judged_on_the_problems_it_adds() {
        let csv = "ptce_id,name,commune_code\nA,warn,1\nB,error,1\nC,fine,1\nD,none,1\nE,warn,1\n";
        let table = parse_csv("ptces.csv", csv.as_bytes()).unwrap();
        let earlier = Problem {
            severity: Severity::Error,
            file: "organizations.csv".to_string(),
            line: Some(2),
            column: Some(1),
            column_name: Some("org_id".to_string()),
            value: None,
            message: "of another table".to_string(),
        };
        let mut problems = vec![earlier; 3];
        let rows = read_rows(&table, PTCES, &mut problems, |row, p| {
            let name = row.text("name")?;
            match name.as_str() {
                "warn" => p.push(row.problem(Severity::Warning, "name", "odd".to_string())),
                "error" => p.push(row.problem(Severity::Error, "name", "bad".to_string())),
                "none" => return None,
                _ => {}
            }
            row.text("ptce_id")
        });
        let kept: Vec<(usize, String)> = rows.into_iter().map(|l| (l.line, l.record)).collect();
        assert_eq!(
            kept,
            vec![
                (2, "A".to_string()),
                (4, "C".to_string()),
                (6, "E".to_string())
            ]
        );
        let added: Vec<(String, Severity)> = problems[3..]
            .iter()
            .map(|p| (p.location(), p.severity))
            .collect();
        assert_eq!(
            added,
            vec![
                ("ptces.csv:2:2".to_string(), Severity::Warning),
                ("ptces.csv:3:2".to_string(), Severity::Error),
                ("ptces.csv:6:2".to_string(), Severity::Warning),
            ]
        );
    }
}
