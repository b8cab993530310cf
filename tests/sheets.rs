//! Studies kept in spreadsheets: the shipped sample written as one workbook with the quirks of
//! a researcher's file (Excel serial dates in the 1900 and 1904 systems, dates typed as text,
//! numbers stored as text, codes stored as numbers, a formula, a merged cell, a hidden sheet,
//! trailing empty cells) must give byte-identical result tables to the CSV study; so must the
//! committed `.ods` version of it (tests/fixtures/sheets/study.ods, made from this workbook by
//! LibreOffice, see tests/oracles/sheets_ods.sh).

mod common;

use common::{ptce, text};
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::path::Path;

const DATE_COLUMNS: &[&str] = &["joined", "left", "start", "end", "date"];

/// Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`): the
/// independent oracle of the serial numbers written below.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn full_date(s: &str) -> Option<(i64, i64, i64)> {
    let p: Vec<&str> = s.split('-').collect();
    if p.len() != 3 || p[0].len() != 4 {
        return None;
    }
    Some((p[0].parse().ok()?, p[1].parse().ok()?, p[2].parse().ok()?))
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_path(path).unwrap();
    let headers = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (headers, rows)
}

/// Writes the CSV study in `src` as `study.xlsx` in `out`, with quirks.
fn write_workbook(src: &Path, out: &Path, date1904: bool) {
    let mut wb = Workbook::new();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let epoch = if date1904 {
        days_from_civil(1904, 1, 1)
    } else {
        days_from_civil(1899, 12, 30)
    };
    let sheets = [
        ("ptces", "PTCEs"),
        ("organizations", "Organizations"),
        ("memberships", "Memberships "),
        ("ties", "Ties"),
        ("activities", "Activities"),
        ("participations", "Participations"),
        ("events", "Events"),
    ];
    let notes = wb.add_worksheet();
    notes.set_name("README").unwrap();
    notes.write_string(0, 0, "Étude de test").unwrap();
    for (table, sheet) in sheets {
        let (headers, rows) = read_csv(&src.join(format!("{table}.csv")));
        let ws = wb.add_worksheet();
        ws.set_name(sheet).unwrap();
        for (c, h) in headers.iter().enumerate() {
            ws.write_string(0, c as u16, h).unwrap();
        }
        for (i, row) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            for (c, v) in row.iter().enumerate() {
                let col = c as u16;
                let h = headers[c].as_str();
                if v.is_empty() {
                    continue;
                }
                if h == "founded" {
                    // Typed by hand as text, French order.
                    if let Some((y, m, d)) = full_date(v) {
                        ws.write_string(r, col, format!("{d:02}/{m:02}/{y}"))
                            .unwrap();
                        continue;
                    }
                }
                if DATE_COLUMNS.contains(&h) {
                    if let Some((y, m, d)) = full_date(v) {
                        let serial = days_from_civil(y, m, d) - epoch;
                        ws.write_number_with_format(r, col, serial as f64, &date_fmt)
                            .unwrap();
                        continue;
                    }
                }
                let numeric = [
                    "commune_code",
                    "siren",
                    "department",
                    "density_level",
                    "weight",
                ];
                if numeric.contains(&h) && v.bytes().all(|b| b.is_ascii_digit()) {
                    let n: f64 = v.parse().unwrap();
                    if table == "ties" && h == "weight" && i == 0 {
                        let f = Formula::new(format!("=1+{}", n - 1.0)).set_result(v.clone());
                        ws.write_formula(r, col, f).unwrap();
                    } else {
                        ws.write_number(r, col, n).unwrap();
                    }
                    continue;
                }
                ws.write_string(r, col, v).unwrap();
            }
        }
        if table == "memberships" {
            // The first PTCE's id typed once in a cell merged over its first two rows.
            assert_eq!(rows[0][0], rows[1][0]);
            ws.merge_range(1, 0, 2, 0, &rows[0][0], &Format::new())
                .unwrap();
        }
        if table == "organizations" {
            // Formatted but empty cells below and right of the table.
            let n = rows.len() as u32;
            ws.write_blank(n + 4, headers.len() as u16 + 2, &Format::new().set_bold())
                .unwrap();
            ws.write_string(n + 2, 1, " ").unwrap();
        }
    }
    let hidden = wb.add_worksheet();
    hidden.set_name("Brouillon").unwrap();
    hidden.write_string(0, 0, "org_id").unwrap();
    hidden.write_string(1, 0, "pas une donnée").unwrap();
    hidden.set_hidden(true);
    let path = out.join("study.xlsx");
    wb.save(&path).unwrap();
    if date1904 {
        set_1904(&path);
    }
}

/// Switches the saved workbook to the 1904 date system (rust_xlsxwriter has no option for it):
/// `date1904="1"` on `<workbookPr>` of `xl/workbook.xml`.
fn set_1904(path: &Path) {
    common::zip_patch::patch_zip(path, "xl/workbook.xml", |s| {
        assert!(s.contains("<workbookPr "), "{s}");
        s.replace("<workbookPr ", "<workbookPr date1904=\"1\" ")
    });
}

fn run(study: &Path, out: &Path) -> String {
    let o = ptce(&[
        "run",
        study.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--figures",
        "none",
        "--threads",
        "1",
        "-v",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    text(&o)
}

/// Every file of `tables/` but `validation.*` (it names the input files), byte for byte.
fn assert_same_tables(a: &Path, b: &Path) {
    let mut names: Vec<String> = std::fs::read_dir(a.join("tables"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("validation"))
        .collect();
    names.sort();
    assert!(names.len() > 30, "{names:?}");
    for n in names {
        let x = std::fs::read(a.join("tables").join(&n)).unwrap();
        let y = std::fs::read(b.join("tables").join(&n)).unwrap_or_default();
        assert!(x == y, "tables/{n} differs between {a:?} and {b:?}");
    }
}

#[test]
fn workbook_study_gives_the_same_results_as_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
    let out_csv = tmp.path().join("out-csv");
    run(&sample, &out_csv);
    for (date1904, name) in [(false, "x1900"), (true, "x1904")] {
        let study = tmp.path().join(name);
        std::fs::create_dir(&study).unwrap();
        std::fs::copy(sample.join("study.toml"), study.join("study.toml")).unwrap();
        write_workbook(&sample, &study, date1904);
        if let (false, Some(keep)) = (date1904, std::env::var_os("PTCE_KEEP_WORKBOOK")) {
            std::fs::copy(study.join("study.xlsx"), keep).unwrap(); // tests/oracles/sheets_ods.sh
        }
        let out = tmp.path().join(format!("out-{name}"));
        let log = run(&study, &out);
        assert!(
            log.contains("study.xlsx[Brouillon]: warning: hidden sheet ignored"),
            "{log}"
        );
        assert!(
            log.contains("study.xlsx[Organizations]!G2: warning: column \"commune_code\""),
            "{log}"
        );
        assert_same_tables(&out_csv, &out);
    }
    let ods = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets/study.ods");
    let study = tmp.path().join("ods");
    std::fs::create_dir(&study).unwrap();
    std::fs::copy(sample.join("study.toml"), study.join("study.toml")).unwrap();
    std::fs::copy(ods, study.join("study.ods")).unwrap();
    let out = tmp.path().join("out-ods");
    let log = run(&study, &out);
    assert!(
        log.contains("study.ods[Brouillon]: warning: hidden sheet ignored"),
        "{log}"
    );
    assert_same_tables(&out_csv, &out);
}
