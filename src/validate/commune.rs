//! The commune of a PTCE, checked against the official geography shipped with the tool
//! ([`crate::territory::geography()`]): a code of any year that resolves is accepted (old codes
//! are the rule in researchers' lists); a code that never existed is an error that suggests the
//! nearest communes of its department by name when `ptces.csv` has a `commune_name` column;
//! `department` and `region`, now optional, are checked against the commune when given.

use super::cells::{self, CommuneCode};
use super::problem::{Problem, Severity};
use super::reader::Row;
use crate::territory::{
    canonical_department, department_of_code, geography, nearest_by_name, normalize_name,
    resolve_commune, ResolveError, Resolved,
};

/// How many communes a "did you mean" lists.
const SUGGESTIONS: usize = 3;

/// Reads and checks the `commune_code` of a row of `ptces`.
///
/// # Arguments
/// * `row` - the row (columns `commune_code`, and `commune_name`, `department`, `region` when
///   present).
/// * `p` - where problems go.
///
/// # Returns
/// The code in canonical form as written (not replaced by today's commune: the territory step
/// resolves it and reports how), or `None` when it is missing or an error.
///
/// # Errors (as problems, located at the cell)
/// Not a code; a code no commune of the COG has or had (with suggestions by name). Warnings: a
/// dropped leading zero restored; a `department` or `region` that differs from the commune's.
pub fn ptce_commune(row: &Row<'_>, p: &mut Vec<Problem>) -> Option<String> {
    let text = row.text("commune_code")?;
    let Ok(geo) = geography() else {
        return format_only(row, &text, p);
    };
    match resolve_commune(geo, &text) {
        Ok(r) => {
            if text.trim().len() == 4 {
                p.push(row.problem(
                    Severity::Warning,
                    "commune_code",
                    format!(
                        "{text:?} has 4 digits; read as {:?} (leading zero restored)",
                        r.code
                    ),
                ));
            }
            check_department_region(row, &r, p);
            Some(r.code)
        }
        Err(ResolveError::NotACode(_)) => format_only(row, &text, p),
        Err(ResolveError::Unknown(code)) => {
            let mut message = format!(
                "commune code {code} does not exist in the official geographic code (COG 2026) \
                 nor among its former codes"
            );
            let dep = department_of_code(&code);
            match row.text("commune_name") {
                Some(name) => {
                    let near = nearest_by_name(geo, dep, &name, SUGGESTIONS);
                    if near.is_empty() {
                        message.push_str(&format!("; no department {dep} to search {name:?} in"));
                    } else {
                        let list: Vec<String> = near
                            .iter()
                            .map(|c| format!("{} {}", c.code, c.name))
                            .collect();
                        message.push_str(&format!(
                            "; nearest to {name:?} in department {dep}: {}",
                            list.join(", ")
                        ));
                    }
                }
                None => message.push_str(
                    "; add a commune_name column to get the nearest codes of the department",
                ),
            }
            p.push(row.problem(Severity::Error, "commune_code", message));
            None
        }
    }
}

/// The format check alone (when the shipped geography is unavailable or the cell is no code).
fn format_only(row: &Row<'_>, text: &str, p: &mut Vec<Problem>) -> Option<String> {
    match cells::commune_code(text) {
        Ok(CommuneCode::Valid(c)) => Some(c),
        Ok(CommuneCode::Padded(c)) => {
            p.push(row.problem(
                Severity::Warning,
                "commune_code",
                format!("{text:?} has 4 digits; read as {c:?} (leading zero restored)"),
            ));
            Some(c)
        }
        Err(expected) => {
            p.push(row.problem(
                Severity::Error,
                "commune_code",
                format!("{text:?} is not a commune code; expected {expected}"),
            ));
            None
        }
    }
}

/// Warns when the study's `department` or `region` differs from the resolved commune's.
fn check_department_region(row: &Row<'_>, r: &Resolved<'_>, p: &mut Vec<Problem>) {
    let Ok(geo) = geography() else { return };
    let c = r.commune;
    if let Some(given) = row.text("department") {
        if canonical_department(&given) != c.department {
            p.push(row.problem(
                Severity::Warning,
                "department",
                format!(
                    "department {given:?} differs from {}, the department of commune_code {} \
                     ({} {}); the study's value is kept",
                    c.department, r.code, c.code, c.name
                ),
            ));
        }
    }
    let Some(given) = row.text("region") else {
        return;
    };
    let Some(dep) = geo.department(&c.department) else {
        return;
    };
    let wanted = normalize_name(&given);
    let same = wanted == normalize_name(&dep.region_name) || given.trim() == dep.region;
    if !same {
        let theirs = if dep.zone == "com" {
            format!("none ({} is an overseas collectivity)", dep.name)
        } else {
            format!("{:?}", dep.region_name)
        };
        p.push(row.problem(
            Severity::Warning,
            "region",
            format!(
                "region {given:?} differs from the region of commune_code {} ({} {}): {theirs}; \
                 the study's value is kept",
                r.code, c.code, c.name
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::load::table::parse_csv;
    use crate::validate::records::{read_rows, PTCES};
    use crate::validate::Problem;

    fn check(csv: &str) -> (Vec<Option<String>>, Vec<Problem>) {
        let table = parse_csv("ptces.csv", csv.as_bytes()).unwrap();
        let mut p = Vec::new();
        let rows = read_rows(&table, PTCES, &mut p, |row, p| {
            Some(super::ptce_commune(row, p))
        });
        (rows.into_iter().map(|l| l.record).collect(), p)
    }

    #[test]
    fn codes_of_any_year_resolve_without_department_or_region() {
        let (codes, p) = check(
            "ptce_id,name,commune_code\nA,a,74011\nB,b,20004\nC,c,13201\nD,d,97411\nE,e,1053\n",
        );
        let want = ["74011", "20004", "13201", "97411", "01053"];
        assert_eq!(codes, want.map(|s| Some(s.to_string())).to_vec());
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].location(), "ptces.csv:6:3");
    }

    #[test]
    fn a_code_that_never_existed_is_an_error_with_suggestions() {
        let (_, p) = check("ptce_id,name,commune_code\nA,a,99999\n");
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].location(), "ptces.csv:2:3");
        assert_eq!(p[0].severity, crate::validate::Severity::Error);
        assert!(
            p[0].message.contains("99999 does not exist"),
            "{}",
            p[0].message
        );
        assert!(p[0].message.contains("add a commune_name column"));
        let (_, p) = check("ptce_id,name,commune_name,commune_code\nA,a,Anecy le Vieux,74999\n");
        assert_eq!(p[0].location(), "ptces.csv:2:4");
        assert!(
            p[0].message
                .contains("nearest to \"Anecy le Vieux\" in department 74: 74011 Annecy-le-Vieux"),
            "{}",
            p[0].message
        );
        let (codes, p) = check("ptce_id,name,commune_code\nA,a,Paris\n");
        assert_eq!((codes.len(), p.len()), (0, 1));
        assert!(p[0].message.contains("is not a commune code"));
    }

    /// The sample's ptces.csv without `department`, `region` and `density_level` reads with no
    /// problem at all, and with them (the sample as shipped) with no problem either: the sample's
    /// departments and regions agree with the shipped COG.
    #[test]
    fn the_sample_reads_without_department_region_or_level() {
        let text = include_str!("../../data/sample/ptces.csv");
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let mut w = csv::Writer::from_writer(Vec::new());
        let keep = [0, 1, 2, 6, 7];
        let h = r.headers().unwrap().clone();
        assert_eq!(&h[3], "department");
        w.write_record(keep.iter().map(|&i| &h[i])).unwrap();
        for rec in r.records() {
            let rec = rec.unwrap();
            w.write_record(keep.iter().map(|&i| &rec[i])).unwrap();
        }
        let bare = String::from_utf8(w.into_inner().unwrap()).unwrap();
        for csv in [bare.as_str(), text] {
            let table = parse_csv("ptces.csv", csv.as_bytes()).unwrap();
            let mut p = Vec::new();
            let rows = read_rows(&table, PTCES, &mut p, crate::validate::records::ptce);
            assert_eq!((rows.len(), p.len()), (64, 0), "{p:?}");
        }
    }

    #[test]
    fn department_and_region_are_checked_when_given() {
        let (_, p) = check(
            "ptce_id,name,commune_code,department,region\n\
             A,a,74011,74,Auvergne-Rhône-Alpes\nB,b,74011,73,auvergne rhone alpes\n\
             C,c,2A004,2a,Corse\nD,d,97411,974,Bretagne\nE,e,7186,7,84\n",
        );
        let msgs: Vec<String> = p
            .iter()
            .map(|x| format!("{}: {}", x.location(), x.message))
            .collect();
        assert_eq!(p.len(), 3, "{msgs:?}");
        assert!(msgs[0].starts_with("ptces.csv:3:4: department \"73\" differs from 74"));
        assert!(msgs[1].starts_with("ptces.csv:5:5: region \"Bretagne\" differs"));
        assert!(msgs[1].contains("\"La Réunion\""));
        assert!(msgs[2].starts_with("ptces.csv:6:3: \"7186\" has 4 digits"));
    }
}
