//! Properties of whole studies: generated studies validate; permuting input rows and renaming
//! organizations change no result of `ptce run`.

use proptest::prelude::*;
use ptce::date::Precision;
use ptce::load::read_study;
use ptce::stages::WarningKind;
use ptce::validate::{validate, Severity};
use std::collections::BTreeMap;

use super::relabel::compare_relabelled;
use super::row_order::{compare_row_permuted, PTCE_ROW_TABLES};
use super::study_files::{csv_multiset, generate, parse_csv, relabel_orgs, run, shuffle_rows};
use crate::common::tree;

/// Whether the PTCE's `founded` date has year precision: the known founded-mismatch case
/// (see `generated_founded_year_matches_its_legal_entity`).
fn founded_year_only(study: &ptce::study::Study, ptce_id: &str) -> bool {
    study
        .ptces
        .iter()
        .find(|p| p.ptce_id == ptce_id)
        .and_then(|p| p.founded)
        .is_some_and(|d| d.precision() == Precision::Year)
}

/// A fresh temporary folder.
fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

proptest! {
    #![proptest_config(crate::config(24))]

    /// A study written by `ptce generate` (1–12 PTCEs, any seed, with or without urban/rural
    /// effects) validates through the library's read and validate path with no error and no
    /// warning, stage warnings included (as `ptce validate` gathers them), but the known
    /// `founded_mismatch` of a year-precision `founded` (finding, ignored test below).
    #[test]
    fn generated_study_validates(ptces in 1usize..=12, seed in any::<u64>(), effects in any::<bool>()) {
        let dir = tmp();
        generate(dir.path(), ptces, seed, effects);
        let raw = read_study(dir.path()).unwrap();
        let v = validate(&raw);
        let problems: Vec<String> = v.report.problems.iter().map(|p| p.to_string()).collect();
        prop_assert_eq!(v.report.count(Severity::Error), 0, "{:?}", problems);
        let study = v.study.unwrap();
        prop_assert_eq!(study.ptces.len(), ptces);
        let r = study.analyze_stages();
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let unexpected: Vec<_> = r
            .warnings
            .iter()
            .filter(|w| !(w.kind == WarningKind::FoundedMismatch && founded_year_only(&study, &w.ptce_id)))
            .collect();
        prop_assert!(unexpected.is_empty(), "stage warnings {:?}", unexpected);
    }
}

proptest! {
    #![proptest_config(crate::config(8))]

    /// Shuffling the data lines of every CSV table of a generated study (2–8 PTCEs) changes no
    /// output of `ptce run` (also run with another thread count): byte for byte, except the
    /// input copies and PTCE-ordered tables (`Compare::Rows`), the reports (lines as a
    /// multiset, digests masked) and the manifest's run record and digests.
    #[test]
    fn row_permutation_changes_no_output(
        ptces in 2usize..=8,
        seed in any::<u64>(),
        shuffle_seed in any::<u64>(),
        threads in (1usize..=3, 1usize..=3),
    ) {
        let (study, out) = (tmp(), tmp());
        generate(study.path(), ptces, seed, true);
        let (a, b) = (out.path().join("a"), out.path().join("b"));
        run(study.path(), &a, threads.0);
        prop_assert!(shuffle_rows(study.path(), shuffle_seed) >= 3, "the shuffle moved rows");
        run(study.path(), &b, threads.1);
        compare_row_permuted(&a, &b)?;
    }

    /// Renaming every organization by a random bijection (new ids in a random sort order, so
    /// every network's node order is permuted) changes no metric: node metrics after mapping
    /// the ids back, network metrics, edges, comparisons, stage changes and the G(n, m) null
    /// models within `RELABEL_TOL`; diversity, stages, survival and every figure whose source
    /// table is unchanged byte for byte. What legitimately depends on node order is left out,
    /// each with its reason in `compare_relabelled`.
    #[test]
    fn renaming_organizations_changes_no_metric(
        ptces in 2usize..=8,
        seed in any::<u64>(),
        relabel_seed in any::<u64>(),
    ) {
        let (study, out) = (tmp(), tmp());
        generate(study.path(), ptces, seed, true);
        let (a, b) = (out.path().join("a"), out.path().join("b"));
        run(study.path(), &a, 2);
        let ids = relabel_orgs(study.path(), relabel_seed);
        run(study.path(), &b, 2);
        compare_relabelled(&a, &b, &ids)?;
    }
}

/// The outputs of a generated 2-PTCE study, before and after swapping the two data rows of its
/// `ptces.csv`.
fn outputs_with_ptce_rows_swapped() -> (BTreeMap<String, Vec<u8>>, BTreeMap<String, Vec<u8>>) {
    let (study, out) = (tmp(), tmp());
    generate(study.path(), 2, 1, true);
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    run(study.path(), &a, 1);
    let p = study.path().join("ptces.csv");
    let text = std::fs::read_to_string(&p).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&p, format!("{}\n{}\n{}\n", lines[0], lines[2], lines[1])).unwrap();
    run(study.path(), &b, 1);
    let (ta, tb) = (tree(&a), tree(&b));
    (ta, tb)
}

/// Minimal case of the null-model seeding bug (`src/compare/null_models.rs`, `null_models`:
/// `derive_seed(seed, i)` with i the PTCE's position in `ptces.csv`): a generated study of 2
/// PTCEs whose two `ptces.csv` rows are swapped gives other `null_models.csv` baselines.
#[test]
fn null_models_do_not_depend_on_ptce_row_order() {
    let (ta, tb) = outputs_with_ptce_rows_swapped();
    let f = "tables/null_models.csv";
    assert_eq!(csv_multiset(&ta[f]), csv_multiset(&tb[f]));
}

/// Minimal case of the PTCE-order finding: swapping the two data rows of `ptces.csv` of a
/// 2-PTCE generated study reordered the rows of every table in `PTCE_ROW_TABLES` (fixed).
#[test]
fn result_tables_do_not_follow_ptce_row_order() {
    let (ta, tb) = outputs_with_ptce_rows_swapped();
    let differing: Vec<&str> = PTCE_ROW_TABLES
        .iter()
        .copied()
        .filter(|t| ta[&format!("tables/{t}.csv")] != tb[&format!("tables/{t}.csv")])
        .collect();
    assert!(differing.is_empty(), "row order changed in {differing:?}");
}

/// Minimal case of a finding: `ptce generate --ptces 4 --seed 13630309444587087487` gives
/// PTCE-00004 `founded` = `2016` (year precision) and its `legal_entity_created` event on
/// 2017-02-07; `stages::pilot::check_founded` measures from 2016-01-01 (403 days > 365) and
/// warns `founded_mismatch`, although a founding in late 2016 is consistent with both dates.
/// Either the generator (`generate/process.rs`, ±60 days jitter then year precision) or the
/// check (compare with the nearest day of a partial date) should change.
#[test]
fn generated_founded_year_matches_its_legal_entity() {
    let dir = tmp();
    generate(dir.path(), 4, 13_630_309_444_587_087_487, true);
    let v = validate(&read_study(dir.path()).unwrap());
    let study = v.study.unwrap();
    let r = study.analyze_stages();
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

/// Minimal case of a finding (`src/network/build.rs`, `build_network`: the ties of a pair are
/// added to the edge weight in the row order of `ties.csv`): in the study of `ptce generate
/// --ptces 2 --seed 2479692759`, PTCE-00002 has three ties ORG-000010–ORG-000008 of weights
/// 1.1, 0.7 and 2; in this order the edge weighs 3.8, reversed 3.8000000000000003 (and
/// strength, weighted betweenness, PageRank… follow). Reversing the rows of `ties.csv` shows it.
#[test]
fn edge_weights_do_not_depend_on_tie_row_order() {
    let (study, out) = (tmp(), tmp());
    generate(study.path(), 2, 2_479_692_759, true);
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    run(study.path(), &a, 1);
    let p = study.path().join("ties.csv");
    let text = std::fs::read_to_string(&p).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1..].reverse();
    std::fs::write(&p, format!("{}\n", lines.join("\n"))).unwrap();
    run(study.path(), &b, 1);
    let (ta, tb) = (tree(&a), tree(&b));
    for t in ["edges", "node_metrics"] {
        let f = format!("tables/{t}.csv");
        assert_eq!(csv_multiset(&ta[&f]), csv_multiset(&tb[&f]), "{f}");
    }
}

/// Minimal case of a finding: renaming organizations can split a tie between two PTCEs'
/// values (equal in exact arithmetic, one last bit apart after renaming, as sums run in node
/// order), and the rank tests then change: in this generated study (7 PTCEs), the
/// `betweenness_centralization` row of `comparison.csv` (snapshot `all`, urban vs rural) has
/// U = 8.5 before and 9 after the renaming of `relabel_orgs(seed 10467723118204489624)`.
/// Fixed: the metrics are bitwise label-invariant (computed in the canonical node order of
/// `network::canonical`).
#[test]
fn rank_tests_do_not_depend_on_org_ids() {
    let (study, out) = (tmp(), tmp());
    generate(study.path(), 7, 9_690_253_661_569_081_409, true);
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    run(study.path(), &a, 2);
    relabel_orgs(study.path(), 10_467_723_118_204_489_624);
    run(study.path(), &b, 2);
    let (ta, tb) = (tree(&a), tree(&b));
    let rows = |t: &BTreeMap<String, Vec<u8>>| -> Vec<Vec<String>> {
        let (_, rows) = parse_csv(&t["tables/comparison.csv"]);
        rows.into_iter()
            .filter(|r| r[0] == "betweenness_centralization" && r[3] == "all")
            .collect()
    };
    assert_eq!(rows(&ta), rows(&tb));
}

/// Minimal case of a finding (`src/charts/axes.rs`, `nice_ticks`: `end = (hi / step).ceil() ·
/// step`): after renaming the organizations of this 2-PTCE study, the largest betweenness is
/// 0.25000000000000006 instead of 0.25 (sums in node order), and the x axis of
/// `figures/centrality.svg` gains a tick (0,30) and rescales every point. Snapping `hi` (and
/// `lo`) to a whole step within a relative 1e-9 would make figures robust to rounding.
#[test]
fn axis_ticks_do_not_depend_on_org_ids() {
    let (study, out) = (tmp(), tmp());
    generate(study.path(), 2, 2_321_558_568_001_085_830, true);
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    run(study.path(), &a, 2);
    relabel_orgs(study.path(), 17_670_254_381_927_818_476);
    run(study.path(), &b, 2);
    let f = "figures/centrality.svg";
    assert!(tree(&a)[f] == tree(&b)[f], "{f} differs");
}
