//! Guards the SIRENE enrichment's cost on the national stock (issue 19): a register in INSEE's
//! `StockUniteLegale` schema with `PTCE_SIRENE_ROWS` rows (default 30 million, Parquet,
//! generated at run time under `target/sirene-bench/`, never committed), 2,000 members
//! enriched. Goal: ≤ 60 s and ≤ 2 GiB peak resident memory on the 2-core machine.
//!
//! `cargo bench --bench sirene` generates the file once per size (reused afterwards), then
//! measures the enrichment in a child process of its own (so that the generator's memory is not
//! counted): wall time of `load::sirene::read_register` + `enrich::enrich`, and the peak
//! resident set (`VmHWM`). The pandas peer on the same file: `benches/peers/sirene_pandas.py`.
//! Results: `docs/performance.md` § SIRENE enrichment.

use polars::prelude::*;
use ptce::enrich::{enrich, ActorTable, LEGAL_UNIT_COLUMNS};
use ptce::load::sirene::read_register;
use ptce::model::{ActorType, Organization};
use ptce::validate::cells::luhn_ok;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

const MEMBERS: usize = 2_000;
const CHUNK: usize = 1_000_000;

/// INSEE's `StockUniteLegale` columns (2024 schema), in order.
const SCHEMA: &[&str] = &[
    "siren",
    "statutDiffusionUniteLegale",
    "unitePurgeeUniteLegale",
    "dateCreationUniteLegale",
    "sigleUniteLegale",
    "sexeUniteLegale",
    "prenom1UniteLegale",
    "prenom2UniteLegale",
    "prenom3UniteLegale",
    "prenom4UniteLegale",
    "prenomUsuelUniteLegale",
    "pseudonymeUniteLegale",
    "identifiantAssociationUniteLegale",
    "trancheEffectifsUniteLegale",
    "anneeEffectifsUniteLegale",
    "dateDernierTraitementUniteLegale",
    "nombrePeriodesUniteLegale",
    "categorieEntreprise",
    "anneeCategorieEntreprise",
    "dateDebut",
    "etatAdministratifUniteLegale",
    "nomUniteLegale",
    "nomUsageUniteLegale",
    "denominationUniteLegale",
    "denominationUsuelle1UniteLegale",
    "denominationUsuelle2UniteLegale",
    "denominationUsuelle3UniteLegale",
    "categorieJuridiqueUniteLegale",
    "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale",
    "nicSiegeUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "societeMissionUniteLegale",
    "caractereEmployeurUniteLegale",
];

/// The SIREN of row `i`: 8 digits from a bijection of `i` and the Luhn check digit.
fn siren(i: usize) -> String {
    let body = format!("{:08}", (i as u64 * 2_654_435_761) % 100_000_000);
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|s| luhn_ok(s))
        .expect("one check digit fits")
}

fn chunk(start: usize, n: usize) -> DataFrame {
    const CATS: &[&str] = &[
        "1000", "5710", "5499", "9220", "7210", "6540", "5458", "9300",
    ];
    const NAF: &[&str] = &["94.99Z", "68.20B", "47.11B", "88.99B", "84.11Z", "70.22Z"];
    const BANDS: &[&str] = &["NN", "00", "01", "02", "03", "11", "12", "21"];
    let ids: Vec<usize> = (start..start + n).collect();
    let pick = |t: &'static [&'static str], k: usize| -> Vec<&'static str> {
        ids.iter().map(|i| t[(i * k / 7) % t.len()]).collect()
    };
    let mut cols: Vec<Column> = Vec::new();
    for name in SCHEMA {
        let c: Column = match *name {
            "siren" => Column::new(
                (*name).into(),
                ids.iter().map(|&i| siren(i)).collect::<Vec<_>>(),
            ),
            "categorieJuridiqueUniteLegale" => Column::new((*name).into(), pick(CATS, 3)),
            "activitePrincipaleUniteLegale" => Column::new((*name).into(), pick(NAF, 5)),
            "trancheEffectifsUniteLegale" => Column::new((*name).into(), pick(BANDS, 11)),
            "nomenclatureActivitePrincipaleUniteLegale" => {
                Column::new((*name).into(), vec!["NAFRev2"; n])
            }
            "economieSocialeSolidaireUniteLegale" => {
                Column::new((*name).into(), pick(&["O", "N", "N", "N"], 13))
            }
            "etatAdministratifUniteLegale" => {
                Column::new((*name).into(), pick(&["A", "A", "A", "C"], 17))
            }
            "dateCreationUniteLegale" | "dateDebut" => Column::new(
                (*name).into(),
                ids.iter()
                    .map(|i| format!("{}-{:02}-{:02}", 1950 + i % 74, 1 + i % 12, 1 + i % 28))
                    .collect::<Vec<_>>(),
            ),
            "denominationUniteLegale" => Column::new(
                (*name).into(),
                ids.iter()
                    .map(|i| format!("UNITE LEGALE {i}"))
                    .collect::<Vec<_>>(),
            ),
            "statutDiffusionUniteLegale" => Column::new((*name).into(), vec!["O"; n]),
            _ => Column::new((*name).into(), vec![None::<&str>; n]),
        };
        cols.push(c);
    }
    DataFrame::new(n, cols).expect("columns of equal length")
}

fn generate(path: &Path, rows: usize) {
    let t = Instant::now();
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("target folder");
    let tmp = path.with_extension("part");
    let file = std::fs::File::create(&tmp).expect("register file");
    let first = chunk(0, 1);
    let mut w = ParquetWriter::new(file)
        .batched(first.schema())
        .expect("batched writer");
    let mut start = 0;
    while start < rows {
        let n = CHUNK.min(rows - start);
        w.write_batch(&chunk(start, n)).expect("row group");
        start += n;
    }
    w.finish().expect("footer");
    std::fs::rename(&tmp, path).expect("rename");
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "generated {rows} rows, {:.2} GB, in {:.1} s: {}",
        size as f64 / 1e9,
        t.elapsed().as_secs_f64(),
        path.display()
    );
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn measure(path: &Path, rows: usize) {
    let step = rows / MEMBERS;
    let mut orgs: Vec<Organization> = (0..MEMBERS)
        .map(|k| Organization {
            org_id: format!("O{k:05}"),
            name: format!("member {k}"),
            actor_type: ActorType::Other,
            naf_code: None,
            legal_category: None,
            siren: Some(siren(k * step + k % step.max(1))),
            commune_code: None,
            employees: None,
            siret: None,
            rna: None,
            register: Default::default(),
        })
        .collect();
    let keys: BTreeSet<String> = orgs.iter().filter_map(|o| o.siren.clone()).collect();
    let pending: BTreeSet<String> = orgs.iter().map(|o| o.org_id.clone()).collect();
    let t = Instant::now();
    let dir = path.parent().expect("a folder");
    let name = path.to_str().expect("utf-8 path");
    let reg = read_register(dir, name, "sirene", LEGAL_UNIT_COLUMNS, &keys).expect("register");
    let read = t.elapsed().as_secs_f64();
    let out = enrich(
        &mut orgs,
        &reg.rows,
        None,
        &pending,
        &BTreeMap::new(),
        &ActorTable::default(),
    );
    let total = t.elapsed().as_secs_f64();
    let filled = out.rows.iter().filter(|r| r.note == "filled").count();
    assert_eq!(
        reg.rows.len(),
        MEMBERS,
        "every member's SIREN is in the register"
    );
    println!(
        "sirene enrichment: {rows} rows scanned, {MEMBERS} members, {} found, {filled} values filled: read {read:.2} s, total {total:.2} s, peak RSS {:.0} MiB",
        reg.rows.len(),
        peak_rss_mib()
    );
}

fn main() {
    let rows: usize = std::env::var("PTCE_SIRENE_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30_000_000);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/sirene-bench")
        .join(format!("StockUniteLegale_{rows}.parquet"));
    if std::env::var("PTCE_SIRENE_MEASURE").is_ok() {
        measure(&path, rows);
        return;
    }
    if !path.exists() {
        generate(&path, rows);
    }
    let status = std::process::Command::new(std::env::current_exe().expect("bench binary"))
        .env("PTCE_SIRENE_MEASURE", "1")
        .env("PTCE_SIRENE_ROWS", rows.to_string())
        .status()
        .expect("measuring child");
    assert!(status.success());
}
