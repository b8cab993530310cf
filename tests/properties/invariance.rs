//! Label- and order-invariant numbers (issue 24, point 4): a generated study and the same study
//! with every `org_id` and `ptce_id` renamed and the rows of every input table shuffled give the
//! same result tables, byte for byte, once the ids are mapped back and the rows sorted.
//!
//! Two canonicalisations only, both of presentation, not of numbers: an unordered pair
//! (`source`/`target` of `edges`, `org_a`/`org_b` of `dyad_data`) is written smaller id first,
//! and ids sort differently after renaming; Louvain community labels are compared up to their
//! naming (memberships must be equal: the documented exception, nodes that neither content nor
//! structure tells apart, does not arise in generated studies, whose organizations have
//! distinct facts), while `modularity` and `n_communities` are compared byte for byte.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;

use super::study_files::{csv_files, generate, parse_csv, read_csv, shuffle_rows, write_csv};

/// Result tables compared, byte for byte after mapping ids back and sorting: every table of a
/// run. A table of the run not in this list fails the test.
const COMPARED: &[&str] = &[
    "activities",
    "comparison",
    "cumulative_incidence",
    "cumulative_incidence_tests",
    "diversity",
    "dyad_data",
    "edges",
    "event_data",
    "event_models",
    "event_models_fit",
    "event_models_ph",
    "events",
    "founders",
    "memberships",
    "mixing_matrix",
    "model_data",
    "model_fit",
    "models",
    "network_change",
    "network_metrics",
    "node_metrics",
    "null_models",
    "organizations",
    "participations",
    "practices",
    "ptce_network",
    "ptce_stage_summary",
    "ptces",
    "qap",
    "sensitivity_dates",
    "stage_change",
    "stage_flows",
    "stages",
    "survival",
    "survival_tests",
    "territories",
    "territory_network_metrics",
    "territory_node_metrics",
    "tie_models",
    "ties",
    "validation",
];

/// Columns holding organization ids, and columns holding PTCE ids, in the input tables.
const ORG_COLUMNS: [&str; 3] = ["org_id", "source", "target"];
const PTCE_COLUMNS: [&str; 1] = ["ptce_id"];

/// Columns holding the two ends of an unordered pair in the result tables.
const PAIRS: [(&str, &str); 2] = [("source", "target"), ("org_a", "org_b")];

/// New ids for `old`, `prefix` + a number, whose sort order is a random permutation of the old
/// one. Returns old → new.
fn new_ids(old: &[String], prefix: &str, rng: &mut Pcg64) -> BTreeMap<String, String> {
    let mut p: Vec<usize> = (0..old.len()).collect();
    for i in (1..p.len()).rev() {
        p.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
    }
    old.iter()
        .zip(p)
        .map(|(o, k)| (o.clone(), format!("{prefix}{:06}", 13 * k + 5)))
        .collect()
}

/// Renames every organization and PTCE of the study in `dir` consistently across its CSV
/// tables. Returns new id → old id.
fn rename_ids(dir: &Path, seed: u64) -> BTreeMap<String, String> {
    let mut rng = Pcg64::seed_from_u64(seed);
    let column = |table: &str, name: &str| -> Vec<String> {
        let (h, rows) = read_csv(&dir.join(table));
        let i = h.iter().position(|c| c == name).unwrap();
        rows.into_iter().map(|r| r[i].clone()).collect()
    };
    let orgs = new_ids(&column("organizations.csv", "org_id"), "org-", &mut rng);
    let ptces = new_ids(&column("ptces.csv", "ptce_id"), "Q", &mut rng);
    for path in csv_files(dir) {
        let (header, mut rows) = read_csv(&path);
        for (i, h) in header.iter().enumerate() {
            let map = if ORG_COLUMNS.contains(&h.as_str()) {
                &orgs
            } else if PTCE_COLUMNS.contains(&h.as_str()) {
                &ptces
            } else {
                continue;
            };
            for r in &mut rows {
                if let Some(new) = map.get(&r[i]) {
                    r[i] = new.clone();
                }
            }
        }
        write_csv(&path, &header, &rows);
    }
    orgs.into_iter()
        .chain(ptces)
        .map(|(old, new)| (new, old))
        .collect()
}

/// `ptce run STUDY --out OUT --figures none` (tables only matter here).
fn run_tables(study: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_ptce"))
        .arg("run")
        .arg(study)
        .arg("--out")
        .arg(out)
        .args(["--threads", "2", "-q", "--figures", "none", "--seed", "11"])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "ptce run failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The rows of a result table, ids mapped back through `back`, pairs put smaller id first,
/// community labels renamed by order of first appearance within each network, rows sorted.
fn canonical_rows(
    bytes: &[u8],
    back: &BTreeMap<String, String>,
) -> (Vec<String>, Vec<Vec<String>>) {
    let (header, mut rows) = parse_csv(bytes);
    for r in &mut rows {
        for c in r.iter_mut() {
            if let Some(old) = back.get(c.as_str()) {
                *c = old.clone();
            }
        }
    }
    let col = |n: &str| header.iter().position(|h| h == n);
    for (a, b) in PAIRS {
        if let (Some(a), Some(b)) = (col(a), col(b)) {
            for r in &mut rows {
                if r[a] > r[b] {
                    r.swap(a, b);
                }
            }
        }
    }
    if let Some(c) = col("community") {
        // A network: (ptce_id, snapshot) in node tables; the whole table in `ptce_network`,
        // whose rows are PTCEs.
        let net: Vec<usize> = if col("org_id").is_some() {
            ["ptce_id", "snapshot"]
                .iter()
                .filter_map(|n| col(n))
                .collect()
        } else {
            Vec::new()
        };
        rows.sort_by(|x, y| {
            let k = |r: &Vec<String>| -> Vec<String> {
                let mut k = r.clone();
                k.remove(c);
                k
            };
            k(x).cmp(&k(y))
        });
        let mut names: BTreeMap<(Vec<String>, String), String> = BTreeMap::new();
        let mut count: BTreeMap<Vec<String>, usize> = BTreeMap::new();
        for r in &mut rows {
            if r[c].is_empty() {
                continue;
            }
            let id: Vec<String> = net.iter().map(|&i| r[i].clone()).collect();
            let next = count.entry(id.clone()).or_default();
            let name = names
                .entry((id, r[c].clone()))
                .or_insert_with(|| {
                    *next += 1;
                    format!("c{}", *next - 1)
                })
                .clone();
            r[c] = name;
        }
    }
    rows.sort();
    (header, rows)
}

/// The first differing cells of two canonical tables, for the failure message.
fn differences(name: &str, h: &[String], a: &[Vec<String>], b: &[Vec<String>]) -> Vec<String> {
    if a.len() != b.len() {
        return vec![format!("{name}: {} vs {} rows", a.len(), b.len())];
    }
    let mut out = Vec::new();
    for (x, y) in a.iter().zip(b) {
        for (i, (u, v)) in x.iter().zip(y).enumerate() {
            if u != v && out.len() < 5 {
                out.push(format!("{name}.{}: {u} vs {v} (row {x:?})", h[i]));
            }
        }
    }
    out
}

/// The property on one generated study: `ptces` PTCEs from `seed`, renamed and shuffled with
/// `relabel_seed`. Returns the differing cells of every compared table, and the names of the
/// tables of the run.
fn invariance_failures(ptces: usize, seed: u64, relabel_seed: u64) -> (Vec<String>, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    generate(&a, ptces, seed, true);
    fs::create_dir(&b).unwrap();
    for e in fs::read_dir(&a).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, b.join(p.file_name().unwrap())).unwrap();
    }
    let back = rename_ids(&b, relabel_seed);
    assert!(
        shuffle_rows(&b, relabel_seed) >= 5,
        "the shuffle moved rows"
    );
    let (oa, ob) = (tmp.path().join("oa"), tmp.path().join("ob"));
    run_tables(&a, &oa);
    run_tables(&b, &ob);
    let tables: Vec<String> = csv_files(&oa.join("tables"))
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut failures = Vec::new();
    let none = BTreeMap::new();
    for t in tables.iter().filter(|t| COMPARED.contains(&t.as_str())) {
        let file = format!("tables/{t}.csv");
        let (ha, ra) = canonical_rows(&fs::read(oa.join(&file)).unwrap(), &none);
        let (hb, rb) = canonical_rows(&fs::read(ob.join(&file)).unwrap(), &back);
        assert_eq!(ha, hb, "{t}: header");
        failures.extend(differences(t, &ha, &ra, &rb));
    }
    (failures, tables)
}

#[test]
fn renaming_ids_and_shuffling_rows_changes_no_result_table() {
    let (failures, tables) = invariance_failures(24, 20_240_924, 7_013_221);
    let unknown: Vec<&String> = tables
        .iter()
        .filter(|t| !COMPARED.contains(&t.as_str()))
        .collect();
    assert!(unknown.is_empty(), "tables in neither list: {unknown:?}");
    for t in [
        "node_metrics",
        "network_metrics",
        "null_models",
        "qap",
        "edges",
    ] {
        assert!(tables.iter().any(|x| x == t), "{t} was written");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
