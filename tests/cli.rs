//! Integration tests: the real `ptce` binary on small studies written under `tests/fixtures/`
//! or into a fresh temporary folder per test. One test binary for all of them.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::{copy_study, ptce, read_csv, run_study, text, tree};
#[path = "common/chromium.rs"]
mod chromium;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The bad-study corpus (built by tests/fixtures/bad/make.py): each case states its exit code
/// and the fragments (file:line:column and message) its report must contain.
#[test]
fn bad_study_corpus_gives_expected_codes_and_messages() {
    let dir = fixtures().join("bad");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let failing = cases
        .iter()
        .filter(|c| !c.file_name().unwrap().to_string_lossy().starts_with("ok_"))
        .count();
    assert!(
        failing >= 25,
        "the corpus holds {failing} bad studies; at least 25 expected"
    );
    let mut failures = Vec::new();
    for case in &cases {
        let expect = fs::read_to_string(case.join("expect.txt")).unwrap();
        let mut lines = expect.lines();
        let code: i32 = lines.next().unwrap().parse().unwrap();
        let out = ptce(&["validate", case.to_str().unwrap()]);
        let all = text(&out);
        if out.status.code() != Some(code) {
            failures.push(format!(
                "{}: exit {:?}, expected {code}\n{all}",
                case.display(),
                out.status.code()
            ));
        }
        for frag in lines.filter(|l| !l.is_empty()) {
            if !all.contains(frag) {
                failures.push(format!("{}: missing {frag:?} in\n{all}", case.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn validate_mini_study_exits_zero_and_counts_rows() {
    let out = ptce(&["validate", "tests/fixtures/studies/mini"]);
    let all = text(&out);
    assert_eq!(out.status.code(), Some(0), "{all}");
    let rows: Vec<Vec<&str>> = all
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert!(rows.contains(&vec!["memberships", "9"]), "{all}");
    assert!(rows.contains(&vec!["participations", "6"]), "{all}");
    assert!(all.contains("0 errors, 0 warning(s)"), "{all}");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(ptce(&["run", "--threads", "zero"]).status.code(), Some(2));
    assert_eq!(ptce(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(ptce(&["--threads", "0", "validate"]).status.code(), Some(2));
    let missing = ptce(&["validate", "no/such/study"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing).contains("no/such/study: study folder not found"));
}

#[test]
fn french_exports_load_with_their_values() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("res");
    run_study(
        "tests/fixtures/bad/ok_semicolon_bom_french",
        &out,
        &["-q"],
        0,
    );
    let ties = fs::read_to_string(out.join("tables/ties.csv")).unwrap();
    assert!(
        ties.contains("P1,O1,O3,funding,2015-06-01,,1.5\n"),
        "{ties}"
    );
    let mem = fs::read_to_string(out.join("tables/memberships.csv")).unwrap();
    assert!(mem.contains("P1,O2,2014-09-15,,founder\n"), "{mem}");
    run_study(
        "tests/fixtures/bad/ok_windows_1252",
        &tmp.path().join("w"),
        &["-q"],
        0,
    );
    let orgs = fs::read_to_string(tmp.path().join("w/tables/organizations.csv")).unwrap();
    assert!(orgs.contains("Lycée agricole de Sées"), "{orgs}");
    let manifest = fs::read_to_string(tmp.path().join("w/manifest.json")).unwrap();
    assert!(
        manifest.contains("\"encoding\": \"windows-1252\""),
        "{manifest}"
    );
}

#[test]
fn run_writes_tables_and_manifest_identically_for_1_and_2_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    for (dir, threads) in [(&a, "1"), (&b, "2")] {
        run_study(
            "tests/fixtures/studies/mini",
            dir,
            &["--threads", threads, "-q"],
            0,
        );
    }
    let (ta, tb) = (tree(&a), tree(&b));
    let names: Vec<&str> = ta.keys().map(|n| n.as_str()).collect();
    for expected in [
        "manifest.json",
        "tables/ptces.csv",
        "tables/ptces.parquet",
        "tables/memberships.csv",
        "tables/validation.csv",
        "tables/events.parquet",
        "tables/event_data.csv",
        "tables/event_data.parquet",
        "tables/cumulative_incidence.csv",
        "tables/sensitivity_dates.csv",
        "tables/event_models.csv",
        "tables/event_models_ph.csv",
        "tables/dyad_data.csv",
        "tables/tie_models.csv",
        "tables/qap.csv",
        "tables/mixing_matrix.csv",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert_eq!(ta.len(), tb.len());
    for ((na, ba), (nb, bb)) in ta.iter().zip(&tb) {
        assert_eq!(na, nb);
        if na == "manifest.json" {
            let mut ma: serde_json::Value = serde_json::from_slice(ba).unwrap();
            let mut mb: serde_json::Value = serde_json::from_slice(bb).unwrap();
            assert_eq!(ma["run"]["threads"], 1);
            assert_eq!(mb["run"]["threads"], 2);
            ma.as_object_mut().unwrap().remove("run");
            mb.as_object_mut().unwrap().remove("run");
            assert_eq!(ma, mb, "manifests differ outside `run`");
            // Every output but the manifest is listed with its hash.
            let listed: Vec<&str> = ma["outputs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["file"].as_str().unwrap())
                .collect();
            assert_eq!(listed.len(), ta.len() - 1);
        } else {
            assert!(ba == bb, "{na} differs between 1 and 2 threads");
        }
    }
}

#[test]
fn invalid_study_writes_nothing_and_keeps_previous_results() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("res");
    run_study("tests/fixtures/studies/mini", &out, &["-q"], 0);
    let before = tree(&out);
    let bad = run_study("tests/fixtures/bad/bad_date", &out, &["--force"], 1);
    assert!(text(&bad).contains("nothing was written"), "{}", text(&bad));
    assert_eq!(tree(&out), before, "previous results must stay intact");
    let leftovers: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no staging folder or lock left: {leftovers:?}"
    );
}

#[test]
fn never_writes_inside_the_study_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let study = copy_study("mini", &tmp.path().join("study"));
    let before = tree(&study);
    let o = run_study(&study, &study.join("out"), &[], 2);
    assert!(text(&o).contains("inside the study folder"), "{}", text(&o));
    assert_eq!(tree(&study), before, "the study folder was modified");
}

#[test]
fn a_live_lock_refuses_a_second_writer() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("res");
    // The lock names a live process: this test's own.
    fs::write(tmp.path().join(".res.lock"), std::process::id().to_string()).unwrap();
    let o = run_study("tests/fixtures/studies/mini", &out, &[], 3);
    assert!(text(&o).contains("another ptce run"), "{}", text(&o));
    assert!(!out.exists());
}

#[test]
fn generate_is_deterministic_and_its_study_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for dir in [&a, &b] {
        let o = ptce(&[
            "generate",
            "--ptces",
            "12",
            "--seed",
            "7",
            "--out",
            dir.to_str().unwrap(),
            "-q",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() >= 8, "{:?}", ta.keys().collect::<Vec<_>>());
    assert!(ta == tb, "two runs with the same seed differ");
    let c = tmp.path().join("c");
    ptce(&[
        "generate",
        "--ptces",
        "12",
        "--seed",
        "8",
        "--out",
        c.to_str().unwrap(),
        "-q",
    ]);
    assert!(tree(&c) != ta, "another seed gives the same study");
    let v = ptce(&["validate", a.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
}

#[test]
fn shipped_sample_validates_and_is_what_the_generator_writes() {
    let v = ptce(&["validate", "data/sample"]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    let tmp = tempfile::tempdir().unwrap();
    let o = ptce(&[
        "generate",
        "--ptces",
        "64",
        "--seed",
        "20140731",
        "--out",
        tmp.path().to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let shipped = tree(&fixtures().join("../../data/sample"));
    assert!(
        tree(tmp.path()) == shipped,
        "data/sample differs from `ptce generate --ptces 64 --seed 20140731`"
    );
}

#[test]
fn stage_snapshots_of_the_sample_grow_for_most_ptces() {
    let tmp = tempfile::tempdir().unwrap();
    let o = ptce(&["run", "--out", tmp.path().join("r").to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let csv = fs::read_to_string(tmp.path().join("r/tables/network_metrics.csv")).unwrap();
    let mut nodes: std::collections::BTreeMap<(String, String), u64> = Default::default();
    for line in csv.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        nodes.insert((c[0].to_string(), c[1].to_string()), c[2].parse().unwrap());
    }
    let ptces: std::collections::BTreeSet<&String> = nodes.keys().map(|(p, _)| p).collect();
    let stages = fs::read_to_string(tmp.path().join("r/tables/stages.csv")).unwrap();
    assert_eq!(
        stages.lines().count() - 1,
        ptces.len() * 4,
        "every PTCE has a timeline row per stage"
    );
    let (mut both, mut grow) = (0, 0);
    for p in &ptces {
        if let (Some(s1), Some(s3)) = (
            nodes.get(&(p.to_string(), "S1".into())),
            nodes.get(&(p.to_string(), "S3".into())),
        ) {
            both += 1;
            grow += usize::from(s3 > s1);
        }
    }
    assert!(
        both >= 30 && grow * 2 > both,
        "S1→S3 grew for {grow} of {both} PTCEs"
    );
}

#[test]
fn custom_stage_model_and_disparity_matrix_from_study_toml() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("g");
    run_study("tests/fixtures/studies/gray", &out, &["-q"], 0);
    // Gray's phases replace S1–S3: P1 has no direction-setting event (skipped); P2 went through
    // all three; the ongoing phase ends at the reference date of study.toml.
    let stages = fs::read_to_string(out.join("tables/stages.csv")).unwrap();
    assert!(
        stages.contains(
            "P1,direction_setting,définition des orientations,direction setting,,,,,,skipped\n"
        ),
        "{stages}"
    );
    assert!(stages.contains("P2,implementation,mise en œuvre,implementation,2018-01-10,day,2024-12-31,2547,day,ongoing\n"), "{stages}");
    let metrics = fs::read_to_string(out.join("tables/network_metrics.csv")).unwrap();
    assert!(metrics.contains("\nP2,direction_setting,"), "{metrics}");
    // P1's activities: food and eco_activities, one each; the supplied matrix puts them at 0.5:
    // Rao–Stirling = Σ_{i≠j} d_ij p_i p_j = 2 × 0.5 × 0.5 × 0.5 = 0.25 (Gini–Simpson 0.5).
    let div = fs::read_to_string(out.join("tables/diversity.csv")).unwrap();
    assert!(
        div.contains("P1,all,activities,sector,rao_stirling,0.25\n"),
        "{div}"
    );
    assert!(
        div.contains("P1,all,activities,sector,gini_simpson,0.5\n"),
        "{div}"
    );
    let manifest = fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("\"role\": \"disparity:sector\""),
        "{manifest}"
    );
}

#[test]
fn a_bad_disparity_matrix_is_reported_with_its_position() {
    let tmp = tempfile::tempdir().unwrap();
    let study = copy_study("gray", &tmp.path().join("s"));
    fs::write(
        study.join("disparity_sectors.csv"),
        "sector;food;eco_activities\nfood;0;2\neco_activities;2;0\n",
    )
    .unwrap();
    let o = run_study(&study, &tmp.path().join("o"), &[], 1);
    assert!(
        text(&o).contains("disparity_sectors.csv:2:3: error"),
        "{}",
        text(&o)
    );
    assert!(!tmp.path().join("o").exists()); // `ptce validate` reads and checks it too.
    let v = ptce(&["validate", study.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    assert!(
        text(&v).contains("disparity_sectors.csv:2:3: error"),
        "{}",
        text(&v)
    );
}

#[test]
fn validate_reports_a_broken_territory_lookup_with_its_position() {
    let tmp = tempfile::tempdir().unwrap();
    let study = copy_study("mini", &tmp.path().join("s"));
    fs::write(study.join("grid.csv"), "titre sans en-tête\n01001;3\n").unwrap();
    let toml = fs::read_to_string(study.join("study.toml")).unwrap();
    fs::write(
        study.join("study.toml"),
        format!("{toml}\n[territory]\nlookup = \"grid.csv\"\n"),
    )
    .unwrap();
    let v = ptce(&["validate", study.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    assert!(
        text(&v).contains("grid.csv:1:1: error: no header row found"),
        "{}",
        text(&v)
    );
    // A [models] column that ptces.csv lacks is reported by validate as by run.
    fs::write(
        study.join("study.toml"),
        format!("{toml}\n[models]\ncovariates = [\"budget\"]\n"),
    )
    .unwrap();
    let v = ptce(&["validate", study.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1), "{}", text(&v));
    assert!(
        text(&v).contains("[models] covariate \"budget\" is not a column of ptces.csv"),
        "{}",
        text(&v)
    );
}

/// Issue 5: the generator's built-in urban/rural effects (data/README.md) are recovered by the
/// analysis in their direction and significant after Benjamini–Hochberg; on a study generated
/// with no effect, the share of BH-significant comparisons stays near or below 5 %.
#[test]
fn built_in_effects_are_recovered_and_a_null_study_stays_near_five_percent() {
    let tmp = tempfile::tempdir().unwrap();
    let mut shares = Vec::new();
    for (name, extra) in [("effects", None), ("null", Some("--no-effects"))] {
        let study = tmp.path().join(name);
        let mut args = vec![
            "generate",
            "--ptces",
            "200",
            "--seed",
            "3",
            "--out",
            study.to_str().unwrap(),
            "-q",
        ];
        args.extend(extra);
        assert_eq!(ptce(&args).status.code(), Some(0));
        // Fewer resamples than the defaults keep the test fast; p-values of Mann–Whitney and
        // the BH adjustment do not depend on them.
        let mut toml = fs::read_to_string(study.join("study.toml")).unwrap();
        toml.push_str("\n[comparison]\nnull_samples = 5\npermutations = 199\nbootstrap = 199\n");
        fs::write(study.join("study.toml"), toml).unwrap();
        let out = tmp.path().join(format!("{name}-out"));
        run_study(&study, &out, &["-q"], 0);
        let rows = read_csv(&out.join("tables/comparison.csv"));
        let row = |measure: &str, snapshot: &str| {
            rows.iter()
                .find(|r| {
                    r["measure"] == measure
                        && r["snapshot"] == snapshot
                        && r["population"].is_empty()
                })
                .unwrap_or_else(|| panic!("no row {measure} {snapshot}"))
                .clone()
        };
        let tested: Vec<_> = rows
            .iter()
            .filter(|r| r["status"] == "tested" && !r["p_adjusted"].is_empty())
            .collect();
        let significant = tested
            .iter()
            .filter(|r| r["p_adjusted"].parse::<f64>().unwrap() < 0.05)
            .count();
        shares.push(significant as f64 / tested.len() as f64);
        if name == "effects" {
            let num = |r: &std::collections::BTreeMap<String, String>, k: &str| {
                r[k].parse::<f64>().unwrap()
            };
            // (measure, snapshot, rural larger?) — group_a is urban, group_b rural.
            // Stage durations keep the PTCEs still in the stage (issue 17): Gray's test (a PTCE
            // may leave S1 for D) with Kaplan–Meier medians; S2's difference is no longer
            // significant once the censored PTCEs count.
            let s2 = row("duration_days", "S2");
            assert_eq!(s2["test"], "gray");
            assert!(num(&s2, "median_b") > num(&s2, "median_a"), "{s2:?}");
            assert!(s2["n_censored_a"].parse::<i64>().unwrap() > 0, "{s2:?}");
            for (measure, snapshot, rural_larger) in [
                ("density", "all", true),
                ("n_nodes", "all", false),
                ("duration_days", "S1", true),
            ] {
                let r = row(measure, snapshot);
                assert_eq!(
                    (r["group_a"].as_str(), r["group_b"].as_str()),
                    ("urban", "rural")
                );
                let (a, b) = (num(&r, "median_a"), num(&r, "median_b"));
                assert_eq!(
                    b > a,
                    rural_larger,
                    "{measure} {snapshot}: urban {a}, rural {b}"
                );
                assert!(num(&r, "p_adjusted") < 0.05, "{measure} {snapshot}: {r:?}");
            }
            // Time to formalize: the rural median time to S3 is longer, log-rank significant.
            let surv = read_csv(&out.join("tables/survival_tests.csv"));
            let median = |g: &str| -> f64 {
                surv.iter()
                    .find(|r| r["target"] == "s1_to_s3" && r["group"] == g)
                    .unwrap()["median_days"]
                    .parse()
                    .unwrap()
            };
            assert!(median("rural") > median("urban"));
            let p: f64 = surv.iter().find(|r| r["target"] == "s1_to_s3").unwrap()["p_value"]
                .parse()
                .unwrap();
            assert!(p < 0.05, "log-rank p = {p}");
        }
    }
    assert!(
        shares[0] > 0.15,
        "with effects, only {} of the comparisons are significant",
        shares[0]
    );
    assert!(
        shares[1] <= 0.06,
        "null study: {} of the comparisons are BH-significant",
        shares[1]
    );
}

/// Issues 7 and 9: strings from the data are escaped wherever they land.
#[test]
fn hostile_names_are_escaped_in_every_output() {
    let tmp = tempfile::tempdir().unwrap();
    let study = copy_study("mini", &tmp.path().join("s"));
    let orgs = fs::read_to_string(study.join("organizations.csv"))
        .unwrap()
        .replace("Association Les Jardins du Bocage", "\"<b>&é\"\"_%</b>\"")
        .replace("Mutuelle du Nord", "<script>alert(1)</script>")
        .replace("Ville de Lille", "=HYPERLINK(\"x\")");
    fs::write(study.join("organizations.csv"), orgs).unwrap();
    // The PTCE id P2 becomes a hostile id too: it reaches figures (stage_timeline) and file names.
    let hostile = "\"<b>&é\"\"_%</b>\"";
    for (file, from, to) in [
        ("ptces.csv", "\nP2,", format!("\n{hostile},")),
        ("memberships.csv", "\nP2,", format!("\n{hostile},")),
        ("ties.csv", "\nP2,", format!("\n{hostile},")),
        ("events.csv", "\nP2,", format!("\n{hostile},")),
        ("activities.csv", "A3,P2,", format!("A3,{hostile},")),
    ] {
        let t = fs::read_to_string(study.join(file))
            .unwrap()
            .replace(from, &to);
        fs::write(study.join(file), t).unwrap();
    }
    let out = tmp.path().join("o");
    run_study(&study, &out, &["-q"], 0);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    // The report's own script and its JSON data elements only (issue 23).
    assert!(
        !html.contains("<script>alert"),
        "a script tag reached the report"
    );
    let data = html.matches("<script type=\"application/json\"").count();
    assert_eq!(
        html.matches("<script").count(),
        data + 1,
        "a script tag reached the report"
    );
    assert!(!html.contains("<b>"), "a raw <b> reached the report");
    for figure in [
        "stage_timeline.svg",
        "comparison.svg",
        "time_to_formalize.svg",
    ] {
        let svg = fs::read_to_string(out.join("figures").join(figure)).unwrap();
        assert!(!svg.contains("<b>") && !svg.contains("<script"), "{figure}");
    }
    let timeline = fs::read_to_string(out.join("figures/stage_timeline.svg")).unwrap();
    assert!(
        timeline.contains("&lt;b&gt;&amp;é"),
        "the hostile id is not shown as text"
    );
    let names: Vec<String> = fs::read_dir(out.join("networks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))),
        "{names:?}"
    );
    let gexf = fs::read_to_string(out.join("networks/P1.gexf")).unwrap();
    assert!(gexf.contains("&lt;b&gt;&amp;é&quot;_%&lt;/b&gt;"), "{gexf}");
    let tex = fs::read_to_string(out.join("tables/node_metrics.tex")).unwrap();
    assert!(tex.contains(r"\_\%"), "LaTeX specials not escaped");
    assert!(!tex.contains("<b>"), "raw < in LaTeX");
    let csv = fs::read_to_string(out.join("tables/organizations.csv")).unwrap();
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"x\"\")\""),
        "formula not neutralised: {csv}"
    );
    assert!(csv.contains("\"<b>&é\"\"_%</b>\""), "{csv}");
}

#[test]
fn init_scaffold_validates_and_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let o = ptce(&["init", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let v = ptce(&["validate", dir.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v));
    assert!(text(&v).contains("0 errors, 0 warning(s)"), "{}", text(&v));
    assert_eq!(
        ptce(&["init", dir.to_str().unwrap()]).status.code(),
        Some(2)
    );
    run_study(&dir, &tmp.path().join("r"), &["-q"], 0);
}

#[test]
fn refuses_to_replace_the_results_of_another_study_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("res");
    run_study("tests/fixtures/studies/mini", &out, &["-q"], 0);
    // Rerunning the same study replaces its results.
    assert_eq!(
        ptce(&[
            "run",
            "tests/fixtures/studies/mini",
            "--out",
            out.to_str().unwrap(),
            "-q"
        ])
        .status
        .code(),
        Some(0)
    );
    let other = run_study("tests/fixtures/studies/gray", &out, &["-q"], 3);
    assert!(
        text(&other).contains("the results of another study"),
        "{}",
        text(&other)
    );
    run_study("tests/fixtures/studies/gray", &out, &["-q", "--force"], 0);
    // A folder of other files is not replaced either.
    let foreign = tmp.path().join("thesis");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("chapter1.tex"), "x").unwrap();
    run_study("tests/fixtures/studies/mini", &foreign, &["-q"], 3);
    assert_eq!(
        fs::read_to_string(foreign.join("chapter1.tex")).unwrap(),
        "x"
    );
}

/// Issue 6 and 7 on the real sample: every figure in the three formats and both languages, no
/// label overlapping another or leaving the canvas (laid out with the bundled font through
/// usvg), and the report renders in headless Chromium with every figure and no external URL.
#[test]
fn sample_figures_in_both_languages_and_the_report_in_chromium() {
    let tmp = tempfile::tempdir().unwrap();
    let kinds = [
        "stage_timeline",
        "boundaries",
        "practices",
        "network_PTCE-00001",
        "trajectories",
        "comparison",
        "diversity",
        "centrality",
        "time_to_formalize",
        "models_forest",
    ];
    for lang in ["fr", "en"] {
        let out = tmp.path().join(lang);
        let o = ptce(&["run", "--lang", lang, "--out", out.to_str().unwrap(), "-q"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        let index = read_csv(&out.join("figures/index.csv"));
        assert!(index.iter().all(|r| r["status"] == "drawn"), "{index:?}");
        for kind in kinds {
            for ext in ["svg", "png", "pdf"] {
                let f = out.join(format!("figures/{kind}.{ext}"));
                assert!(f.exists(), "{} missing", f.display());
            }
        }
        let mut problems = Vec::new();
        for e in fs::read_dir(out.join("figures")).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "svg") {
                let svg = fs::read_to_string(&p).unwrap();
                for problem in ptce::charts::render::text_problems(&svg, 0.1).unwrap() {
                    problems.push(format!("{}: {problem}", p.display()));
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let html = fs::read_to_string(out.join("report.html")).unwrap();
        // No resource from the network (the SVG namespace `xmlns="http://…"` loads nothing).
        let lower = html.to_ascii_lowercase();
        for attr in ["src=", "href=", "url("] {
            for quote in ["\"", "'", ""] {
                for scheme in ["http:", "https:", "//"] {
                    let needle = format!("{attr}{quote}{scheme}");
                    assert!(!lower.contains(&needle), "{needle} in the report");
                }
            }
        }
        // One script, the report's own (issue 23); every other script element is JSON data.
        let code = lower.matches("<script>").count();
        let data = lower.matches("<script type=\"application/json\"").count();
        assert_eq!(code, 1, "scripts in the report");
        assert_eq!(lower.matches("<script").count(), code + data);
        // The comparison section leads with the size-adjusted effects, in the report's language.
        let (lead, sentence) = if lang == "fr" {
            (
                "Effets du territoire à taille égale",
                "à taille égale (IC à 95",
            )
        } else {
            ("Territory effects at equal size", "at equal size (95% CI")
        };
        let models_at = html.find(lead).expect("models section");
        let rank_at = html.find(if lang == "fr" {
            "Tests de rang"
        } else {
            "Unadjusted rank tests"
        });
        assert!(
            rank_at.is_some_and(|r| r > models_at),
            "rank tests follow the models"
        );
        assert!(html.contains(sentence), "no sentence of the effects");
        assert!(html.contains("id=\"fig-models_forest\""), "no forest plot");
        // The rank-test note says how stage durations are compared (issue 17).
        let durations = if lang == "fr" {
            "comparées avec les PTCE encore dans l"
        } else {
            "Stage durations (duration_days) are compared with the PTCEs still in the stage"
        };
        assert!(html.contains(durations), "no note on the stage durations");
        let md = fs::read_to_string(out.join("report.md")).unwrap();
        assert!(
            md.contains(lead) && md.contains("models_forest"),
            "report.md"
        );
        let present = Path::new("/usr/bin/chromium").exists();
        if common::tools::tool_missing(present, "/usr/bin/chromium (Debian `chromium`)") {
            continue;
        }
        let page = out.join("report.html");
        let dom = chromium::chromium(&tmp.path().join("profile"), "--dump-dom", &page).stdout;
        let dom = String::from_utf8(dom).unwrap();
        for kind in kinds.iter().filter(|k| !k.starts_with("network_")) {
            assert!(
                dom.contains(&format!("id=\"fig-{kind}\"")),
                "{kind} missing from the DOM"
            );
        }
        let (size, blank_size) = chromium::screenshot_sizes(tmp.path(), &page);
        assert!(
            size > 10 * blank_size,
            "screenshot looks blank: {size} vs {blank_size} bytes"
        );
    }
}

#[test]
fn verbose_lists_steps_and_warnings_quiet_prints_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let study = "tests/fixtures/bad/ok_tie_before_join_warns";
    let o = run_study(study, &tmp.path().join("a"), &["--figures", "none"], 0);
    assert!(
        text(&o).contains("1 warning(s), listed in tables/validation.csv"),
        "{}",
        text(&o)
    );
    assert!(!text(&o).contains("tie starts on"), "{}", text(&o));
    let v = run_study(
        study,
        &tmp.path().join("b"),
        &["--figures", "none", "-v"],
        0,
    );
    for needle in [
        "step: load",
        "step: networks",
        "step: write",
        "tie starts on 2014-04-01",
        "  metrics ",
    ] {
        assert!(
            text(&v).contains(needle),
            "{needle:?} missing from\n{}",
            text(&v)
        );
    }
    let q = run_study(
        study,
        &tmp.path().join("c"),
        &["--figures", "none", "-q"],
        0,
    );
    assert!(text(&q).is_empty(), "{}", text(&q));
    let manifest = fs::read_to_string(tmp.path().join("b/manifest.json")).unwrap();
    assert!(manifest.contains("\"networks\":"), "{manifest}");
    assert!(!tmp.path().join("b/figures").exists());
}

/// The size-adjusted models of the sample (64 PTCEs, every model fitted at `all`) are
/// byte-identical with 1 and 2 threads.
#[test]
fn sample_models_identical_for_1_and_2_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut runs = Vec::new();
    for threads in ["1", "2"] {
        let out = tmp.path().join(threads);
        let o = ptce(&[
            "run",
            "--out",
            out.to_str().unwrap(),
            "--threads",
            threads,
            "--figures",
            "none",
            "-q",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        runs.push(out);
    }
    for table in ["model_data", "models", "model_fit"] {
        for ext in ["csv", "parquet"] {
            let name = format!("tables/{table}.{ext}");
            let (a, b) = (
                fs::read(runs[0].join(&name)).unwrap(),
                fs::read(runs[1].join(&name)).unwrap(),
            );
            assert!(a == b, "{name} differs between 1 and 2 threads");
        }
    }
    let fits = read_csv(&runs[0].join("tables/model_fit.csv"));
    let fitted = fits
        .iter()
        .filter(|r| r["snapshot"] == "all" && r["status"] == "ok")
        .count();
    assert_eq!(fitted, 17, "every model of `all` is fitted on the sample");
}

#[test]
fn a_survey_study_report_shows_response_rates_and_low_response_flags() {
    // data/examples/survey: wave 1 has 4 respondents of 6 members (0.667 < 0.7), wave 2 has
    // 4 of 5 (0.8), by hand from its memberships.csv.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let study = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/examples/survey");
    run_study(&study, &out, &["--figures", "none", "--lang", "en"], 0);
    let md = fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        md.contains("**Survey: response rate, reciprocity and unknown dyads, by PTCE and wave**"),
        "{md}"
    );
    assert!(md.contains("| P1 | 1 | 6 | 4 | 0.667 |"), "{md}");
    assert!(md.contains("| P1 | 2 | 5 | 4 | 0.800 |"), "{md}");
    assert!(
        md.contains("response rate 0.67 \\(4 of 6 members\\) is below 0.7; its measures are flagged low\\_response"),
        "{md}"
    );
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Survey: response rate, reciprocity and unknown dyads"));
}

#[test]
fn unknown_survey_dyads_are_marked_and_left_out_of_the_models() {
    // data/examples/survey, by hand: wave 1 has respondents A, B, C, D; E and F did not answer,
    // so the dyad E–F of the wave_1 snapshot is unknown (n_dyads_unknown = 1 in survey.csv);
    // the snapshot `all` sees both waves, where E answered wave 2: every dyad is known there.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    let study = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/examples/survey");
    run_study(&study, &out, &["--figures", "none", "--lang", "en"], 0);
    let dyads = read_csv(&out.join("tables/dyad_data.csv"));
    let unknown: Vec<_> = dyads.iter().filter(|r| r["tie_known"] == "0").collect();
    let wave1: Vec<_> = unknown
        .iter()
        .filter(|r| r["snapshot"] == "wave_1")
        .collect();
    assert_eq!(wave1.len(), 1, "{unknown:?}");
    assert_eq!(
        (wave1[0]["org_a"].as_str(), wave1[0]["org_b"].as_str()),
        ("E", "F")
    );
    assert!(unknown.iter().all(|r| r["tie"].is_empty()));
    assert!(!unknown.iter().any(|r| r["snapshot"] == "all"));
    // The models count only known dyads: 15 pairs of 6 members in wave 1, less E–F (one PTCE:
    // estimates without a cluster-robust error, which needs two).
    let known = |snap: &str| {
        dyads
            .iter()
            .filter(|r| r["snapshot"] == snap && r["tie_known"] == "1")
            .count()
    };
    assert_eq!(known("wave_1"), 14);
    let models = read_csv(&out.join("tables/tie_models.csv"));
    let fitted: Vec<_> = models
        .iter()
        .filter(|r| r["snapshot"] == "wave_1" && !r["estimate"].is_empty())
        .collect();
    assert!(!fitted.is_empty(), "{models:?}");
    assert!(fitted.iter().all(|r| r["n_dyads"] == "14"));
    // The mixing matrix of wave 1 sums the 14 known dyads.
    let mixing = read_csv(&out.join("tables/mixing_matrix.csv"));
    let n: usize = mixing
        .iter()
        .filter(|r| r["snapshot"] == "wave_1")
        .map(|r| r["n_dyads"].parse::<usize>().unwrap())
        .sum();
    assert_eq!(n, 14);
    let md = fs::read_to_string(out.join("report.md")).unwrap();
    assert!(md.contains("## Who cooperates with whom"), "{md}");
}

/// Issue 23: with a density grid declared, `tables/territory_grid.csv` lists the grid's placed
/// communes with their class, and the map draws them as its background (a tint per class, a
/// legend entry, a sentence); a code the geography cannot place is left out of the table.
#[test]
fn a_declared_grid_becomes_the_maps_background() {
    let tmp = tempfile::tempdir().unwrap();
    let study = copy_study("mini", &tmp.path().join("s"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(
        root.join("tests/fixtures/territory/grille_densite_extrait.csv"),
        study.join("grid.csv"),
    )
    .unwrap();
    let toml = fs::read_to_string(study.join("study.toml")).unwrap();
    fs::write(
        study.join("study.toml"),
        format!("{toml}\n[territory]\nlookup = \"grid.csv\"\n"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    run_study(&study, &out, &["--figures", "summary"], 0);
    let rows = read_csv(&out.join("tables/territory_grid.csv"));
    let class = |code: &str| {
        rows.iter()
            .find(|r| r["commune_code"] == code)
            .map(|r| r["class"].clone())
    };
    // DENS7 of the extract: Marseille 1 → urban, Talence 3 → urban, L'Abergement 6 → rural.
    assert_eq!(class("13055").as_deref(), Some("urban"));
    assert_eq!(class("33522").as_deref(), Some("urban"));
    assert_eq!(class("01001").as_deref(), Some("rural"));
    assert_eq!(
        class("99001"),
        None,
        "no level and not a commune of the COG"
    );
    let svg = fs::read_to_string(out.join("figures/map.svg")).unwrap();
    // Tints: 22 % of Okabe–Ito blue #0072B2 and vermillion #D55E00 over white (hand-computed).
    for tint in ["#C7E0EE", "#F6DCC7"] {
        assert!(svg.to_uppercase().contains(tint), "no {tint} in map.svg");
    }
    assert!(svg.contains("urbain (fond, grille)") && svg.contains("rural (fond, grille)"));
    assert!(svg.contains("tables/territory_grid.csv"));
    // Without the grid, neither the table nor a tint.
    let plain = tmp.path().join("plain");
    run_study(
        copy_study("mini", &tmp.path().join("p")),
        &plain,
        &["--figures", "summary"],
        0,
    );
    assert!(!plain.join("tables/territory_grid.csv").exists());
    let svg = fs::read_to_string(plain.join("figures/map.svg")).unwrap();
    assert!(!svg.to_uppercase().contains("#C7E0EE"));
}
