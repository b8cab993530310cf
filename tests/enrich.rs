//! SIRENE enrichment (issue 19) through the real binary: the real-shaped example of
//! `data/examples/sirene` (a workbook and an extract of `StockUniteLegale`), and the SIREN /
//! SIRET checks of `ptce validate`.

mod common;

use calamine::{open_workbook_auto, Data, Reader};
use common::{ptce, run_study, text};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let h: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            h.iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// The organizations sheet as typed: org_id → column → text (SIREN cleaned of spaces and
/// padded to 9 digits, the way the loader reads it).
fn given_orgs(example: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut wb = open_workbook_auto(example.join("study.xlsx")).unwrap();
    let range = wb.worksheet_range("Organizations").unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(cell_text).collect();
    rows.map(|r| {
        let mut m: BTreeMap<String, String> = header
            .iter()
            .cloned()
            .zip(r.iter().map(cell_text))
            .collect();
        let s = m["siren"].replace(' ', "");
        if !s.is_empty() {
            m.insert("siren".into(), format!("{s:0>9}"));
        }
        (m["org_id"].clone(), m)
    })
    .collect()
}

#[test]
fn the_example_lists_every_filled_value_and_every_conflict() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = root.join("data/examples/sirene");
    let out = tempfile::tempdir().unwrap();
    run_study(&example, out.path(), &["--figures", "none", "-q"], 0);
    let given = given_orgs(&example);
    let register: BTreeMap<String, BTreeMap<String, String>> =
        read_csv(&example.join("register/StockUniteLegale_extrait.csv"))
            .into_iter()
            .map(|r| (r["siren"].clone(), r))
            .collect();
    let listed = read_csv(&out.path().join("tables/enrichment.csv"));
    let cleaned: BTreeMap<String, BTreeMap<String, String>> =
        read_csv(&out.path().join("tables/organizations.csv"))
            .into_iter()
            .map(|r| (r["org_id"].clone(), r))
            .collect();

    // The oracle, from the register and the workbook alone: (org, field, given, sirene, used,
    // note) for every fact the register has.
    let fields = [
        ("naf_code", "activitePrincipaleUniteLegale"),
        ("legal_category", "categorieJuridiqueUniteLegale"),
        ("ess", "economieSocialeSolidaireUniteLegale"),
        ("headcount_band", "trancheEffectifsUniteLegale"),
        ("created", "dateCreationUniteLegale"),
        ("active", "etatAdministratifUniteLegale"),
    ];
    let mut expected = BTreeSet::new();
    for (id, g) in &given {
        let Some(unit) = register.get(&g["siren"]) else {
            continue;
        };
        for (field, column) in fields {
            let had = g.get(field).cloned().unwrap_or_default();
            let reg = unit[column].clone();
            let (used, note) = if had.is_empty() {
                (reg.clone(), "filled")
            } else if had != reg {
                (had.clone(), "differs: researcher's value kept")
            } else {
                continue;
            };
            // The cleaned table uses the value listed.
            assert_eq!(cleaned[id][field], used, "{id} {field}");
            expected.insert((
                id.clone(),
                field.to_string(),
                had,
                reg,
                used,
                note.to_string(),
            ));
        }
    }
    let got: BTreeSet<_> = listed
        .iter()
        .filter(|r| fields.iter().any(|(f, _)| *f == r["field"]))
        .map(|r| {
            let v = |k: &str| r[k].clone();
            (
                v("org_id"),
                v("field"),
                v("given"),
                v("sirene"),
                v("used"),
                v("note"),
            )
        })
        .collect();
    assert_eq!(got, expected);
    // The researcher's disagreements built into the example: NAF of O05, category of O06.
    let differs: BTreeSet<(String, String)> = listed
        .iter()
        .filter(|r| r["note"].starts_with("differs"))
        .map(|r| (r["org_id"].clone(), r["field"].clone()))
        .collect();
    let want = [
        ("O02", "actor_type"),
        ("O05", "naf_code"),
        ("O06", "legal_category"),
    ];
    let want: BTreeSet<_> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(differs, want);

    // Actor types left empty, derived by the documented table (docs/data-format.md): read from
    // INSEE's labels of the categories, by hand.
    let derived = [
        ("O01", "ess_association"),   // 9220 association déclarée
        ("O03", "local_authority"),   // 7210 commune
        ("O04", "local_authority"),   // 7346 communauté de communes
        ("O05", "ess_cooperative"),   // 5458 SCOP SARL
        ("O06", "ess_association"),   // the researcher's 9220 wins over SIRENE's 8210
        ("O07", "ess_foundation"),    // 9300 fondation
        ("O12", "training_research"), // 7383 université
    ];
    for (id, t) in derived {
        assert_eq!(cleaned[id]["actor_type"], t, "{id}");
        let row = listed
            .iter()
            .find(|r| r["org_id"] == id && r["field"] == "actor_type")
            .unwrap();
        assert_eq!((row["used"].as_str(), row["note"].as_str()), (t, "filled"));
    }
    assert_eq!(cleaned["O02"]["actor_type"], "company");
    // The SIREN not in the register is listed, not dropped; the member without SIREN is not.
    let o11: Vec<_> = listed.iter().filter(|r| r["org_id"] == "O11").collect();
    assert_eq!(o11.len(), 1);
    assert_eq!(o11[0]["note"], "not found in the register");
    assert!(!listed.iter().any(|r| r["org_id"] == "O10"));
    assert_eq!(cleaned["O09"]["headcount_label"], "unité non employeuse");
    // The ceased unit is a warning at its row.
    let validation = std::fs::read_to_string(out.path().join("tables/validation.csv")).unwrap();
    assert!(
        validation.contains(
            "ceased on 2016-12-31, before the organization first joined a PTCE (2018-09-03)"
        ),
        "{validation}"
    );
    let manifest = std::fs::read_to_string(out.path().join("manifest.json")).unwrap();
    assert!(manifest.contains("\"role\": \"sirene\""), "{manifest}");
    assert!(manifest.contains("\"hash\": \"sha256\""), "{manifest}");
}

#[test]
fn validate_reports_a_siren_failing_luhn_and_a_siret_of_another_siren() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, body: &str| std::fs::write(dir.path().join(name), body).unwrap();
    w("ptces.csv", "ptce_id,name,commune_code\nP1,Pôle,07186\n");
    w(
        "organizations.csv",
        "org_id,name,actor_type,siren,siret\n\
         O1,A,company,552100555,\n\
         O2,B,company,552100554,73282932000074\n\
         O3,C,company,,73282932000075\n",
    );
    w(
        "memberships.csv",
        "ptce_id,org_id,joined,role\nP1,O1,2020,pilot\nP1,O2,2020,member\nP1,O3,2020,member\n",
    );
    let o = ptce(&["validate", dir.path().to_str().unwrap()]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("organizations.csv:2:4: error: column \"siren\": \"552100555\" is not a valid SIREN; expected a SIREN whose last digit is its Luhn check digit"), "{t}");
    assert!(t.contains("organizations.csv:3:5: error: column \"siret\": SIRET 73282932000074 belongs to SIREN 732829320, not to the row's siren 552100554; expected a SIRET starting with 552100554"), "{t}");
    assert!(t.contains("organizations.csv:4:5: error: column \"siret\": \"73282932000075\" is not a valid SIRET; expected a SIRET whose last digit is its Luhn check digit"), "{t}");
}
