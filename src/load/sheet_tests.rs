//! Tests of the workbook reader on workbooks written by rust_xlsxwriter at test time.

use super::*;
use crate::load::read_study;
use crate::validate::validate;
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::path::Path;

const ORG_HEADER: [&str; 4] = ["org_id", "name", "actor_type", "siren"];

/// `organizations.xlsx`: a hidden sheet first, then `Membres` with 11 good rows and, on row
/// 12, an actor type with a typo.
fn organizations_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Membres").unwrap();
    for (c, h) in ORG_HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..12u32 {
        ws.write_string(r, 0, format!("O{r}")).unwrap();
        ws.write_string(r, 1, format!("Org {r}")).unwrap();
        let t = if r == 11 { "asociation" } else { "company" };
        ws.write_string(r, 2, t).unwrap();
    }
    // A SIREN stored as a number lost its leading zero (043 000 000 5 → 43000005 with 8 digits).
    ws.write_number(2, 3, 78578154.0).unwrap();
    let hidden = wb.add_worksheet();
    hidden.set_name("Ancien").unwrap();
    hidden.set_hidden(true);
    wb.save(path).unwrap();
}

fn small_study(dir: &Path) {
    std::fs::write(dir.join("ptces.csv"), "ptce_id,name\nP1,Un\n").unwrap();
    std::fs::write(
        dir.join("memberships.csv"),
        "ptce_id,org_id,joined,role\nP1,O1,2015-01-01,founder\n",
    )
    .unwrap();
}

fn messages(dir: &Path) -> Vec<String> {
    let raw = read_study(dir).unwrap();
    validate(&raw)
        .report
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn a_bad_cell_is_named_by_sheet_and_address() {
    let dir = tempfile::tempdir().unwrap();
    small_study(dir.path());
    organizations_workbook(&dir.path().join("organizations.xlsx"));
    let m = messages(dir.path());
    let all = m.join("\n");
    assert!(
        m.iter().any(|s| s.starts_with(
            "organizations.xlsx[Membres]!C12: error: column \"actor_type\": \"asociation\" is not an allowed value; expected one of"
        )),
        "{all}"
    );
    assert!(
        all.contains("organizations.xlsx[Ancien]: warning: hidden sheet ignored"),
        "{all}"
    );
    assert!(
        all.contains("organizations.xlsx[Membres]!D3: warning: \"78578154\" is stored as a number, which dropped its leading zeros; read as \"078578154\""),
        "{all}"
    );
}

#[path = "../../tests/common/zip_patch.rs"]
mod zip_patch;
use zip_patch::patch_zip;

#[test]
fn formulas_error_values_and_trailing_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ties.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Liens").unwrap();
    for (c, h) in ["ptce_id", "source", "target", "weight"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..4u32 {
        ws.write_string(r, 0, "P1").unwrap();
        ws.write_string(r, 1, "O1").unwrap();
        ws.write_string(r, 2, "O2").unwrap();
    }
    ws.write_formula(1, 3, Formula::new("=1+1").set_result("2"))
        .unwrap();
    ws.write_formula(2, 3, Formula::new("=2+2")).unwrap();
    ws.write_number(3, 3, 1.5).unwrap();
    ws.write_blank(9, 8, &Format::new().set_bold()).unwrap();
    wb.save(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let (t, notes) = read_table_workbook("ties.xlsx", &bytes, &Limits::default()).unwrap();
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(t.file, "ties.xlsx[Liens]");
    assert_eq!(t.headers.len(), 4);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows.get(0).unwrap().get(3), Some("2"));
    assert_eq!(t.rows.get(2).unwrap().get(3), Some("1.5"));
    assert_eq!(t.rows.get(2).unwrap().line, 4);
    // rust_xlsxwriter stores 0 as the result of a formula written without one; a workbook
    // saved by a tool that does not compute formulas has no <v> at all.
    patch_zip(&path, "xl/worksheets/sheet1.xml", |s| {
        let at = s.find("<f>2+2</f>").unwrap();
        let end = at + s[at..].find("</c>").unwrap();
        format!("{}<f>2+2</f>{}", &s[..at], &s[end..])
    });
    let bytes = std::fs::read(&path).unwrap();
    let errors = read_table_workbook("ties.xlsx", &bytes, &Limits::default()).unwrap_err();
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(
        text[0].starts_with("ties.xlsx[Liens]!D3: the formula =2+2 has no cached value"),
        "{text:?}"
    );
}

#[test]
fn study_workbook_lists_sheets_found_and_expected() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("PTCE").unwrap(); // not "ptces"
    ws.write_string(0, 0, "ptce_id").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Organizations").unwrap();
    ws.write_string(0, 0, "org_id").unwrap();
    ws.write_string(1, 0, "O1").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Événements").unwrap();
    ws.write_string(0, 0, "x").unwrap();
    wb.save(dir.path().join("Study.xlsx")).unwrap();
    let all = messages(dir.path()).join("\n");
    assert!(
        all.contains("Study.xlsx: error: required table \"ptces\" has no sheet (sheets found: PTCE, Organizations, Événements); expected a sheet named ptces"),
        "{all}"
    );
    assert!(
        all.contains("Study.xlsx[PTCE]: warning: sheet matches no table"),
        "{all}"
    );
    assert!(
        all.contains("required table \"memberships\" has no sheet"),
        "{all}"
    );
    // The organizations sheet was read (its missing columns are reported by validation).
    assert!(
        all.contains(
            "Study.xlsx[Organizations]:1: error: column \"name\": required column is missing"
        ),
        "{all}"
    );
    assert_eq!(sheet_key(" Événements-Clés "), "evenements_cles");
}

#[test]
fn a_csv_beside_the_study_workbook_is_ambiguous() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "x").unwrap();
    wb.save(dir.path().join("study.xlsx")).unwrap();
    std::fs::write(dir.path().join("ties.csv"), "a\n1\n").unwrap();
    let all = messages(dir.path()).join("\n");
    assert!(
        all.contains("ties.csv: error: found several files"),
        "{all}"
    );
}
