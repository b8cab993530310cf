//! Tests of the comparison tables on small hand examples.

use super::*;
use crate::date::Date;
use crate::graph::Graph;
use crate::stats::{benjamini_hochberg, compare_two_groups, mann_whitney, wilcoxon_signed_rank};
use crate::table::{Table, Values};

fn mv(
    p: &str,
    snapshot: &str,
    family: &'static str,
    measure: &'static str,
    x: Option<f64>,
) -> MeasureValue {
    MeasureValue {
        ptce_id: p.into(),
        snapshot: snapshot.into(),
        family,
        measure,
        population: None,
        dimension: None,
        value: x,
    }
}

const URBAN: [&str; 5] = ["u1", "u2", "u3", "u4", "u5"];
const RURAL: [&str; 5] = ["r1", "r2", "r3", "r4", "r5"];

fn groups() -> Groups {
    let pairs: Vec<(&str, &str)> = URBAN
        .iter()
        .map(|p| (*p, "urban"))
        .chain(RURAL.iter().map(|p| (*p, "rural")))
        .chain([("x1", "unclassified_group")])
        .collect();
    Groups::from_pairs(&pairs, &["urban", "rural"])
}

fn floats(t: &Table, col: &str) -> Vec<Option<f64>> {
    match &t.column(col).unwrap().values {
        Values::Float(v) => v.to_vec(),
        other => panic!("{col} is not a float column: {other:?}"),
    }
}

fn strs(t: &Table, col: &str) -> Vec<Option<String>> {
    match &t.column(col).unwrap().values {
        Values::Str(v) => v.to_vec(),
        other => panic!("{col} is not a text column: {other:?}"),
    }
}

fn ints(t: &Table, col: &str) -> Vec<Option<i64>> {
    match &t.column(col).unwrap().values {
        Values::Int(v) => v.to_vec(),
        other => panic!("{col} is not an integer column: {other:?}"),
    }
}

/// density: urban {1, 2, 4, 7} (u5 undefined), rural {3, 5, 6, 8, 10}; x1 is in no compared group.
fn hand_values() -> Vec<MeasureValue> {
    let u = [Some(1.0), Some(2.0), Some(4.0), Some(7.0), None];
    let r = [3.0, 5.0, 6.0, 8.0, 10.0];
    let mut v: Vec<MeasureValue> = Vec::new();
    // Written in reverse so that the input order is not the PTCE order.
    for (p, x) in RURAL.iter().zip(r).rev() {
        v.push(mv(p, "all", "network", "density", Some(x)));
    }
    for (p, x) in URBAN.iter().zip(u) {
        v.push(mv(p, "all", "network", "density", x));
    }
    v.push(mv("x1", "all", "network", "density", Some(100.0)));
    // A measure with only two urban values: not tested.
    for (p, x) in [
        ("u1", 1.0),
        ("u2", 2.0),
        ("r1", 1.0),
        ("r2", 5.0),
        ("r3", 9.0),
    ] {
        v.push(mv(p, "all", "network", "diameter", Some(x)));
    }
    v
}

#[test]
fn comparison_row_by_hand_and_by_the_stats_engine() {
    let cfg = CompareConfig::default();
    let t = compare_two_groups_table(&hand_values(), &groups(), &cfg, 42);
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names.join(","),
        "measure,population,dimension,snapshot,group_a,group_b,n_a,n_b,mean_a,sd_a,median_a,\
         q1_a,q3_a,min_a,max_a,mean_b,sd_b,median_b,q1_b,q3_b,min_b,max_b,u,p_value,p_adjusted,\
         cliffs_delta,magnitude,ci_low,ci_high,permutation_p,n_permutations,status,primary,\
         test,chi2,n_censored_a,n_censored_b,n_competing_a,n_competing_b"
    );
    // Rows sorted by measure: density, diameter.
    assert_eq!(
        strs(&t, "measure"),
        vec![Some("density".into()), Some("diameter".into())]
    );
    let row = 0;
    assert_eq!(ints(&t, "n_a")[row], Some(4));
    assert_eq!(ints(&t, "n_b")[row], Some(5));
    // Hand: medians (2 + 4)/2 = 3 and 6; type-7 quartiles of {1, 2, 4, 7}: 1.75 and 4.75.
    assert_eq!(floats(&t, "median_a")[row], Some(3.0));
    assert_eq!(floats(&t, "median_b")[row], Some(6.0));
    assert_eq!(floats(&t, "q1_a")[row], Some(1.75));
    assert_eq!(floats(&t, "q3_a")[row], Some(4.75));
    assert_eq!(floats(&t, "mean_a")[row], Some(3.5));
    // Hand: U = #(a > b) = 1 (4 > 3) + 3 (7 > 3, 5, 6) = 4; δ = (4 − 16)/20 = −0.6, large.
    assert_eq!(floats(&t, "u")[row], Some(4.0));
    assert_eq!(floats(&t, "cliffs_delta")[row], Some(-0.6));
    assert_eq!(strs(&t, "magnitude")[row].as_deref(), Some("large"));
    // scipy.stats.mannwhitneyu([1,2,4,7], [3,5,6,8,10]).pvalue = 0.19047619047619047 (exact);
    // tolerance 1e-12.
    assert!((floats(&t, "p_value")[row].unwrap() - 0.190_476_190_476_190_47).abs() < 1e-12);
    // The rest equals the statistics engine called with the row's derived seed.
    let opts = cfg.two_group_options(crate::stats::rng::derive_seed(42, 0));
    let s = compare_two_groups(&[1.0, 2.0, 4.0, 7.0], &[3.0, 5.0, 6.0, 8.0, 10.0], &opts);
    assert_eq!(
        floats(&t, "permutation_p")[row],
        s.permutation.map(|p| p.p_value)
    );
    assert_eq!(
        floats(&t, "ci_low")[row],
        s.bootstrap.as_ref().map(|b| b.low)
    );
    assert_eq!(
        floats(&t, "ci_high")[row],
        s.bootstrap.as_ref().map(|b| b.high)
    );
    assert_eq!(strs(&t, "status")[row].as_deref(), Some("tested"));
    // One tested row in the family (all, network): adjusted = raw.
    assert_eq!(floats(&t, "p_adjusted")[row], floats(&t, "p_value")[row]);
    // diameter: urban has 2 values → not tested, descriptive statistics kept.
    assert_eq!(
        strs(&t, "status")[1].as_deref(),
        Some("not_tested: urban has 2 (minimum 3)")
    );
    assert_eq!(floats(&t, "p_value")[1], None);
    assert_eq!(floats(&t, "p_adjusted")[1], None);
    assert_eq!(floats(&t, "median_b")[1], Some(5.0));
}

#[test]
fn bh_is_within_snapshot_and_kind() {
    let mut v = Vec::new();
    let urban_vals = [
        [1.0, 2.0, 3.0, 4.0, 5.0],
        [1.0, 3.0, 5.0, 7.0, 9.0],
        [2.0, 4.0, 1.0, 3.0, 5.0],
    ];
    let rural_vals = [
        [6.0, 7.0, 8.0, 9.0, 10.0],
        [2.0, 4.0, 6.0, 8.0, 10.0],
        [3.0, 5.0, 2.0, 6.0, 4.0],
    ];
    // (snapshot, kind, measure) of the three measures: m0 and m1 share the family (all, network);
    // m2 is alone in (all, diversity); m0 again at snapshot s1 is alone in (s1, network).
    let spec = [
        ("all", "network", "m0", 0),
        ("all", "network", "m1", 1),
        ("all", "diversity", "m2", 2),
        ("s1", "network", "m0", 1),
    ];
    for (snap, kind, m, k) in spec {
        for (i, p) in URBAN.iter().enumerate() {
            v.push(mv(p, snap, kind, m, Some(urban_vals[k][i])));
        }
        for (i, p) in RURAL.iter().enumerate() {
            v.push(mv(p, snap, kind, m, Some(rural_vals[k][i])));
        }
    }
    let cfg = CompareConfig {
        permutations: 99,
        bootstrap: 99,
        ..CompareConfig::default()
    };
    let t = compare_two_groups_table(&v, &groups(), &cfg, 1);
    // Row order: kind (diversity < network), measure, snapshot (all first).
    let keys: Vec<(String, String)> = strs(&t, "measure")
        .into_iter()
        .zip(strs(&t, "snapshot"))
        .map(|(m, s)| (m.unwrap(), s.unwrap()))
        .collect();
    let k = |m: &str, s: &str| (m.to_string(), s.to_string());
    assert_eq!(
        keys,
        vec![
            k("m2", "all"),
            k("m0", "all"),
            k("m0", "s1"),
            k("m1", "all")
        ]
    );
    let p = floats(&t, "p_value");
    let adj = floats(&t, "p_adjusted");
    let fam = benjamini_hochberg(&[p[1], p[3]]);
    assert_eq!((adj[1], adj[3]), (fam[0], fam[1]));
    assert_ne!(adj[1], p[1]); // the family of two changes the smaller p
    assert_eq!(adj[0], p[0]);
    assert_eq!(adj[2], p[2]);
}

#[test]
fn same_numbers_with_one_and_four_threads() {
    let mut v = Vec::new();
    const MEASURES: [&str; 6] = ["m0", "m1", "m2", "m3", "m4", "m5"];
    for (k, m) in MEASURES.into_iter().enumerate() {
        for i in 0..10 {
            let x = ((i * 7 + k * 3) % 11) as f64;
            v.push(mv(&format!("u{i}"), "all", "network", m, Some(x)));
            v.push(mv(
                &format!("r{i}"),
                "all",
                "network",
                m,
                Some(x + k as f64 * 0.5),
            ));
        }
    }
    let pairs: Vec<(String, &str)> = (0..10)
        .flat_map(|i| [(format!("u{i}"), "urban"), (format!("r{i}"), "rural")])
        .collect();
    let pairs_ref: Vec<(&str, &str)> = pairs.iter().map(|(p, g)| (p.as_str(), *g)).collect();
    let g = Groups::from_pairs(&pairs_ref, &["urban", "rural"]);
    let cfg = CompareConfig {
        permutations: 999,
        bootstrap: 999,
        ..CompareConfig::default()
    };
    let run = |threads| {
        crate::test_support::with_threads(threads, || compare_two_groups_table(&v, &g, &cfg, 2024))
    };
    let (one, four) = (run(1), run(4));
    assert_eq!(one, four);
    assert!(floats(&one, "permutation_p").iter().all(Option::is_some));
    let other_seed = compare_two_groups_table(&v, &g, &cfg, 2025);
    assert_ne!(floats(&one, "ci_low"), floats(&other_seed, "ci_low"));
}

#[test]
fn k_groups_table() {
    let mut v = Vec::new();
    let names = ["a", "b", "c"];
    let mut pairs = Vec::new();
    for (gi, g) in names.iter().enumerate() {
        for i in 0..4 {
            let p = format!("{g}{i}");
            v.push(mv(
                &p,
                "all",
                "network",
                "density",
                Some((gi * 4 + i) as f64),
            ));
            pairs.push((p, *g));
        }
    }
    v.push(mv("d0", "all", "network", "density", Some(1.0)));
    pairs.push(("d0".into(), "d"));
    let pr: Vec<(&str, &str)> = pairs.iter().map(|(p, g)| (p.as_str(), *g)).collect();
    let groups = Groups::from_pairs(&pr, &["a", "b", "c", "d"]);
    let t = compare_k_groups_table(&v, &[], &groups, &CompareConfig::default());
    assert_eq!(t.height(), 4); // the test and 3 pairs; d (1 value) left out
    assert_eq!(strs(&t, "test")[0].as_deref(), Some("kruskal_wallis"));
    assert_eq!(strs(&t, "groups")[0].as_deref(), Some("a|b|c"));
    assert!(strs(&t, "status")[0]
        .as_deref()
        .unwrap()
        .contains("d has 1"));
    let kw =
        crate::stats::kruskal_wallis(&[&[0., 1., 2., 3.], &[4., 5., 6., 7.], &[8., 9., 10., 11.]])
            .unwrap();
    assert_eq!(floats(&t, "statistic")[0], Some(kw.h));
    assert_eq!(floats(&t, "p_adjusted")[0], Some(kw.p_value)); // alone in its family
    assert_eq!(strs(&t, "group_a")[3].as_deref(), Some("b"));
    assert_eq!(floats(&t, "median_b")[3], Some(9.5));
}

fn d(y: i32, m: u32, day: u32) -> Option<Date> {
    Date::from_ymd(y, m, day)
}

#[test]
fn survival_by_hand_and_r() {
    let e = |p: &str, s1, s2, s3| StageEntries {
        ptce_id: p.into(),
        s1_entry: s1,
        s2_entry: s2,
        s3_entry: s3,
    };
    let entries = vec![
        e("u1", d(2020, 1, 1), d(2020, 1, 11), d(2020, 1, 31)), // S2 at 10 days, S3 at 30
        e("u2", d(2020, 1, 1), d(2020, 1, 21), None),           // S2 at 20
        e("u3", d(2020, 1, 1), None, None),                     // censored at 60
        e("u4", d(2020, 1, 1), None, d(2020, 2, 10)),           // S3 (so past S2) at 40
        e("r1", d(2020, 1, 1), d(2020, 1, 31), None),           // 30
        e("r2", None, None, None),                              // no S1: left out
        e("r3", d(2020, 2, 1), None, None),                     // censored at 29 (leap year)
        e("r4", d(2020, 1, 1), d(2020, 1, 31), None),           // 30 (tie)
    ];
    let reference = Date::from_ymd(2020, 3, 1).unwrap();
    let r = survival_analysis(&entries, &groups(), reference, 0.95);
    assert_eq!(
        r.excluded,
        vec![("r2".to_string(), "no S1 entry".to_string())]
    );
    let t = survival_table(&r);
    // s1_to_s2, urban: R survfit(Surv(c(10,20,60,40), c(1,1,0,1))): 0.75, 0.5, 0.25, 0.25.
    let surv = floats(&t, "surv");
    assert_eq!(&surv[..4], &[Some(0.75), Some(0.5), Some(0.25), Some(0.25)]);
    assert_eq!(
        &floats(&t, "time_days")[..6],
        &[
            Some(10.0),
            Some(20.0),
            Some(40.0),
            Some(60.0),
            Some(29.0),
            Some(30.0)
        ]
    );
    assert_eq!(&ints(&t, "n_risk")[4..6], &[Some(3), Some(2)]);
    // Greenwood: 0.75 · sqrt(1/(4·3)); R prints 0.217. Tolerance 1e-15.
    let se = floats(&t, "std_err")[0].unwrap();
    assert!((se - 0.75 * (1.0f64 / 12.0).sqrt()).abs() < 1e-15);
    // log-log lower bound at t = 10: R 0.12795 (printed to 5 digits).
    assert!((floats(&t, "lower")[0].unwrap() - 0.12795).abs() < 5e-6);
    let tests = survival_tests_table(&r);
    assert_eq!(
        strs(&tests, "group")[..2],
        [Some("urban".into()), Some("rural".into())]
    );
    // Medians: urban S = ½ on [20, 40) → 30 (R); rural 30.
    assert_eq!(
        &floats(&tests, "median_days")[..2],
        &[Some(30.0), Some(30.0)]
    );
    // Log-rank by hand: O_u = 3, E_u = 4/7 + 1/2 + 1 + 1, V = 12/49 + 1/4 + 1/3;
    // R survdiff chisq = 0.0061601642710472221. Tolerance 1e-12.
    let (o, ex, var) = (3.0, 4.0 / 7.0 + 0.5 + 2.0, 12.0 / 49.0 + 0.25 + 1.0 / 3.0);
    let chi2 = floats(&tests, "chi2")[0].unwrap();
    assert!((chi2 - (o - ex) * (o - ex) / var).abs() < 1e-12);
    assert!((chi2 - 0.006_160_164_271_047_222).abs() < 1e-12);
    assert_eq!(ints(&tests, "events")[..2], [Some(3), Some(2)]);
    assert_eq!(strs(&tests, "target")[2].as_deref(), Some("s1_to_s3"));
}

#[test]
fn stage_change_table_matches_the_engine() {
    let stages: Vec<String> = ["s1", "s2", "s3"].iter().map(|s| s.to_string()).collect();
    let mut v = Vec::new();
    let s1 = [1.0, 2.0, 3.0, 4.0, 5.0, 2.0, 2.0, 2.0, 2.0, 2.0];
    let s2 = [2.0, 4.0, 3.5, 7.0, 9.0, 2.5, 1.0, 3.0, 2.0, 6.0];
    let ptces: Vec<&str> = URBAN.iter().chain(RURAL.iter()).copied().collect();
    for (i, p) in ptces.iter().enumerate() {
        v.push(mv(p, "s1", "network", "density", Some(s1[i])));
        v.push(mv(p, "s2", "network", "density", Some(s2[i])));
        v.push(mv(p, "s1", "stage", "duration", Some(1.0))); // not a network/diversity measure
    }
    let t = stage_change_table(&v, &stages, &groups(), &CompareConfig::default());
    assert_eq!(t.height(), 2); // s1→s2 and s2→s3 (no values at s3)
    let w = wilcoxon_signed_rank(&s2, &s1).unwrap();
    assert_eq!(floats(&t, "wilcoxon_p")[0], Some(w.p_value));
    assert_eq!(floats(&t, "wilcoxon_p_adjusted")[0], Some(w.p_value));
    let ch: Vec<f64> = s2.iter().zip(&s1).map(|(a, b)| a - b).collect();
    let mw = mann_whitney(&ch[..5], &ch[5..]).unwrap();
    assert_eq!(floats(&t, "u")[0], Some(mw.u));
    // Hand: urban changes {1, 2, 0.5, 3, 4} → median 2; rural {0.5, −1, 1, 0, 4} → 0.5.
    assert_eq!(floats(&t, "median_change_a")[0], Some(2.0));
    assert_eq!(floats(&t, "median_change_b")[0], Some(0.5));
    assert_eq!(ints(&t, "n")[1], Some(0));
    let one = Groups::from_pairs(&[("u1", "urban")], &["urban"]);
    let t1 = stage_change_table(&v, &stages, &one, &CompareConfig::default());
    assert_eq!(t1.height(), 2);
    assert_eq!(floats(&t1, "wilcoxon_p")[0], Some(w.p_value));
    assert_eq!(strs(&t1, "group_a")[0], None);
    assert!(strs(&t, "status")[1]
        .as_deref()
        .unwrap()
        .starts_with("wilcoxon not tested"));
}

fn complete(n: u32) -> Graph {
    Graph::from_edges(
        n as usize,
        (0..n).flat_map(|u| (u + 1..n).map(move |v| (u, v, 1.0))),
    )
    .unwrap()
}

#[test]
fn null_models_are_reproducible_and_sane() {
    // Two 5-cliques of one type each, joined by one edge.
    let mut edges: Vec<(u32, u32, f64)> = Vec::new();
    for base in [0u32, 5] {
        for u in 0..5 {
            for v in u + 1..5 {
                edges.push((base + u, base + v, 1.0));
            }
        }
    }
    edges.push((4, 5, 1.0));
    let cliques = Graph::from_edges(10, edges).unwrap();
    let types = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    let k5 = complete(5);
    let nets = [
        NullNetwork {
            ptce_id: "p1",
            snapshot: "all",
            graph: &cliques,
            actor_type: &types,
            modularity: None,
        },
        NullNetwork {
            ptce_id: "p2",
            snapshot: "all",
            graph: &k5,
            actor_type: &[0, 1, 0, 1, 2],
            modularity: Some(0.0),
        },
    ];
    let run = |threads| {
        crate::test_support::with_threads(threads, || null_models(&nets, 100, 9).unwrap())
    };
    let rows = run(1);
    assert_eq!(rows, run(4));
    assert_ne!(rows, null_models(&nets, 100, 10).unwrap());
    assert_eq!(rows.len(), 12);
    let find = |p: &str, m: &str| {
        rows.iter()
            .find(|r| r.ptce_id == p && r.measure == m)
            .unwrap()
    };
    // Clustered: transitivity far above G(10, 21), E-I = (1 − 20)/21 far below the permutations.
    let tr = find("p1", "transitivity");
    assert!(
        tr.z.unwrap() > 2.0 && tr.percentile == Some(100.0),
        "{tr:?}"
    );
    let ei = find("p1", "ei_index_actor_type");
    assert_eq!(ei.observed, Some(-19.0 / 21.0));
    assert!(
        ei.z.unwrap() < -2.0 && ei.percentile.unwrap() < 5.0,
        "{ei:?}"
    );
    assert_eq!(ei.n_samples, 100);
    // K5: G(5, 10) is always K5, so the baseline has no spread and z is undefined.
    let k = find("p2", "transitivity");
    assert_eq!(
        (k.observed, k.baseline_mean, k.baseline_sd, k.z),
        (Some(1.0), Some(1.0), Some(0.0), None)
    );
    assert_eq!(k.percentile, Some(50.0));
    assert_eq!(find("p2", "avg_path_length").z, None);
    // Modularity: the two cliques split well above random graphs of the same size; the given
    // observed value is used as is.
    let q = find("p1", "modularity");
    assert!(q.observed.unwrap() > 0.4 && q.z.unwrap() > 2.0, "{q:?}");
    assert_eq!(find("p2", "modularity").observed, Some(0.0));
    let t = null_models_table(&rows);
    assert_eq!(
        (t.name.as_str(), t.height(), t.columns.len()),
        ("null_models", 12, 11)
    );
    let bad = [NullNetwork {
        ptce_id: "p",
        snapshot: "all",
        graph: &k5,
        actor_type: &[0],
        modularity: None,
    }];
    assert!(null_models(&bad, 10, 1).is_err());
}

#[test]
fn config_defaults_and_toml() {
    let c: CompareConfig =
        toml::from_str("groups = [\"rural\", \"urban\"]\nbootstrap_method = \"bca\"").unwrap();
    assert_eq!(c.bootstrap_method, BootstrapChoice::Bca);
    assert_eq!(
        (c.min_group_size, c.permutations, c.null_samples),
        (3, 9_999, 200)
    );
    assert_eq!(c.validate(), Ok(()));
    assert!(toml::from_str::<CompareConfig>("permutation = 5").is_err());
    // Sequential stopping by default, at α = 1 − level; "fixed" draws the whole budget.
    assert_eq!(c.permutation_stopping, PermutationStopping::Sequential);
    let level = toml::from_str::<CompareConfig>("level = 0.9").unwrap();
    assert_eq!(
        level.two_group_options(1).permutation_stopping,
        crate::stats::permutation::Stopping::Decided { alpha: 1.0 - 0.9 }
    );
    let fixed = toml::from_str::<CompareConfig>("permutation_stopping = \"fixed\"").unwrap();
    assert_eq!(
        fixed.two_group_options(1).permutation_stopping,
        crate::stats::permutation::Stopping::Fixed
    );
    assert!(toml::from_str::<CompareConfig>("permutation_stopping = \"early\"").is_err());
    // On a row with no difference, the default stops before the budget and says so; "fixed"
    // draws it all.
    let a: Vec<f64> = (0..40).map(|i| (i * 7 % 40) as f64).collect();
    let b: Vec<f64> = (0..40).map(|i| (i * 11 % 40) as f64).collect();
    let seq = compare_two_groups(&a, &b, &c.two_group_options(5))
        .permutation
        .unwrap();
    let all = compare_two_groups(&a, &b, &fixed.two_group_options(5))
        .permutation
        .unwrap();
    assert!(seq.stopped && seq.n_permutations < 9_999 && seq.p_value > 0.05);
    assert!(!all.stopped && all.n_permutations == 9_999 && all.p_value > 0.05);
    let rows = vec![
        crate::territory::TerritoryRow {
            ptce_id: "a".into(),
            group: Some("rural".into()),
            source: "density_level".into(),
            detail: String::new(),
            place: Default::default(),
        },
        crate::territory::TerritoryRow {
            ptce_id: "b".into(),
            group: None,
            source: "unclassified".into(),
            detail: String::new(),
            place: Default::default(),
        },
    ];
    let g = Groups::for_study(&rows, crate::territory::Grouping::UrbanRural, &c);
    assert_eq!(g.names, vec!["rural".to_string(), "urban".to_string()]);
    assert_eq!(g.of_ptce.get("a"), Some(&0));
    assert_eq!(g.of_ptce.get("b"), None);
    let d = Groups::for_study(
        &rows,
        crate::territory::Grouping::UrbanRural,
        &CompareConfig::default(),
    );
    assert_eq!(d.names, vec!["urban".to_string(), "rural".to_string()]);
    assert_eq!(d.of_ptce.get("a"), Some(&1));
    let bad = CompareConfig {
        level: 95.0,
        ..CompareConfig::default()
    };
    assert_eq!(bad.validate(), Err(CompareConfigError::Level(95.0)));
    let absurd = CompareConfig {
        bootstrap: 1_000_000_000,
        ..CompareConfig::default()
    };
    assert_eq!(
        absurd.validate(),
        Err(CompareConfigError::TooMany {
            name: "bootstrap",
            value: 1_000_000_000,
            limit: MAX_RESAMPLES
        })
    );
    let at_limit = CompareConfig {
        permutations: MAX_RESAMPLES,
        null_samples: MAX_NULL_SAMPLES,
        ..CompareConfig::default()
    };
    assert_eq!(at_limit.validate(), Ok(()));
}

#[test]
fn networks_of_one_size_share_one_gnm_baseline() {
    use crate::stats::rng::{derive_seed, fnv1a, stream};
    // Two different graphs with 8 nodes and 10 edges, one with 11.
    let ring = |extra: &[(u32, u32)]| {
        let mut e: Vec<(u32, u32, f64)> = (0..8u32).map(|u| (u, (u + 1) % 8, 1.0)).collect();
        e.extend(extra.iter().map(|&(u, v)| (u, v, 1.0)));
        Graph::from_edges(8, e).unwrap()
    };
    let (a, b, c) = (
        ring(&[(0, 2), (4, 6)]),
        ring(&[(0, 4), (1, 5)]),
        ring(&[(0, 2), (0, 3), (0, 4)]),
    );
    let net = |id, g, types| NullNetwork {
        ptce_id: id,
        snapshot: "all",
        graph: g,
        actor_type: types,
        modularity: Some(0.1),
    };
    let types_a = [0, 1, 0, 1, 0, 1, 0, 1];
    let types_b = [0, 0, 1, 1, 2, 2, 0, 1];
    let nets = [
        net("a", &a, &types_a),
        net("b", &b, &types_b),
        net("c", &c, &types_a),
    ];
    let rows = null_models(&nets, 60, 5).unwrap();
    let alone = null_models(&nets[..1], 60, 5).unwrap();
    let baseline = |r: &NullRow| (r.baseline_mean, r.baseline_sd, r.n_samples);
    for j in 0..3 {
        // Same size: the same draws; sharing them with other networks changes nothing.
        assert_eq!(baseline(&rows[j]), baseline(&rows[6 + j]));
        assert_eq!(rows[j], alone[j]);
        assert_ne!(baseline(&rows[j]), baseline(&rows[12 + j]));
    }
    // Permutations stay seeded by each network's content.
    assert_ne!(baseline(&rows[3]), baseline(&rows[9]));
    // The documented seed: graph k from stream(derive_seed(seed, fnv1a("gnm" ‖ n ‖ m)), 3, k),
    // here rebuilt by hand (pairs drawn by Floyd's algorithm, as `null_gnm::gnm`).
    let mut bytes = b"gnm".to_vec();
    bytes.extend(8u64.to_le_bytes());
    bytes.extend(10u64.to_le_bytes());
    let s = derive_seed(5, fnv1a(&bytes));
    let mut sum = 0.0;
    for k in 0..60 {
        let mut rng = stream(s, NULL_GNM, k);
        let mut picks = std::collections::BTreeSet::new();
        for j in 28 - 10..28u64 {
            let t = crate::stats::rng::below(&mut rng, j + 1);
            if !picks.insert(t) {
                picks.insert(j);
            }
        }
        let pairs: Vec<(u32, u32)> = (0..8u32)
            .flat_map(|u| (u + 1..8).map(move |v| (u, v)))
            .collect();
        let g = Graph::from_edges(
            8,
            picks
                .iter()
                .map(|&p| (pairs[p as usize].0, pairs[p as usize].1, 1.0)),
        )
        .unwrap();
        sum += crate::structure::transitivity(&g);
    }
    assert_eq!(rows[0].baseline_mean, Some(sum / 60.0));
}

#[test]
fn null_baselines_have_their_expected_means() {
    // G(30, 100): networkx's `gnm_random_graph(30, 100)` over 4,000 seeds gives a mean
    // transitivity of 0.2258 (sd 0.026; tests/oracles/compare_cases.py). Our 400 samples have a
    // standard error of ≈ 0.0013: tolerance 0.006 (> 4 se).
    // A circulant graph (the baseline depends only on n and m): offsets 1–3, and 4 for 10 nodes.
    let mut edges: Vec<(u32, u32, f64)> = Vec::new();
    for k in 1..=4u32 {
        for u in 0..30u32 {
            if edges.len() < 100 {
                edges.push((u, (u + k) % 30, 1.0));
            }
        }
    }
    assert_eq!(edges.len(), 100);
    let g = Graph::from_edges(30, edges).unwrap();
    // Types 0/1 in halves: under permutation P(internal edge) = 2 · 15 · 14 / (30 · 29) = 14/29,
    // so E[E-I] = 1 − 2 · 14/29 = 1/29 ≈ 0.0345; sd of E-I per sample ≈ 0.1, se of the mean
    // ≈ 0.005: tolerance 0.02.
    let types: Vec<u32> = (0..30).map(|i| (i / 15) as u32).collect();
    let net = NullNetwork {
        ptce_id: "p",
        snapshot: "all",
        graph: &g,
        actor_type: &types,
        modularity: Some(0.0),
    };
    let rows = null_models(&[net], 400, 3).unwrap();
    let mean = |m: &str| {
        rows.iter()
            .find(|r| r.measure == m)
            .unwrap()
            .baseline_mean
            .unwrap()
    };
    assert!(
        (mean("transitivity") - 0.2258).abs() < 0.006,
        "{}",
        mean("transitivity")
    );
    assert!((mean("ei_index_actor_type") - 1.0 / 29.0).abs() < 0.02);
    assert_eq!(
        rows.iter()
            .find(|r| r.measure == "transitivity")
            .unwrap()
            .n_samples,
        400
    );
}

/// Issue 16, clean test families: secondary diversity indices and tests that cannot reject at
/// 0.05 keep their numbers but leave the Benjamini–Hochberg family; values that differ only by
/// rounding are ties.
#[test]
fn families_leave_out_secondary_and_untestable_rows() {
    let mut v = Vec::new();
    let dv = |p: &str, index: &'static str, x: f64| MeasureValue {
        ptce_id: p.into(),
        snapshot: "all".into(),
        family: "diversity",
        measure: index,
        population: Some("members"),
        dimension: Some("actor_type"),
        value: Some(x),
    };
    // Gini–Simpson (primary) and HHI = 10,000 · Simpson (secondary): the same ranking reversed.
    for (k, p) in URBAN.iter().chain(RURAL.iter()).enumerate() {
        let gs = 0.1 + 0.05 * k as f64;
        v.push(dv(p, "gini_simpson", gs));
        v.push(dv(p, "hhi", 10_000.0 * (1.0 - gs)));
        v.push(dv(p, "shannon", 0.2 + 0.1 * k as f64));
    }
    let t = compare_two_groups_table(&v, &groups(), &CompareConfig::default(), 7);
    let measure = strs(&t, "measure");
    let primary = strs(&t, "primary");
    let p = floats(&t, "p_value");
    let adj = floats(&t, "p_adjusted");
    let row = |m: &str| {
        measure
            .iter()
            .position(|x| x.as_deref() == Some(m))
            .unwrap()
    };
    let (gs, hhi, sh) = (row("gini_simpson"), row("hhi"), row("shannon"));
    assert_eq!(primary[hhi].as_deref(), Some("no"));
    assert_eq!(primary[gs].as_deref(), Some("yes"));
    // The secondary row keeps its test but has no adjusted p; the family has two members, so
    // BH multiplies the smaller of two equal p-values by 2/2 and both stay equal.
    assert!(p[hhi].is_some());
    assert_eq!(adj[hhi], None);
    assert_eq!(p[gs], p[sh]);
    assert_eq!(adj[gs], p[gs]);

    // 3 and 3 PTCEs: the exact test's smallest p is 0.1, so the row cannot reject.
    let small = Groups::from_pairs(
        &[
            ("a", "urban"),
            ("b", "urban"),
            ("c", "urban"),
            ("d", "rural"),
            ("e", "rural"),
            ("f", "rural"),
        ],
        &["urban", "rural"],
    );
    let w: Vec<MeasureValue> = ["a", "b", "c", "d", "e", "f"]
        .iter()
        .enumerate()
        .map(|(k, p)| mv(p, "all", "network", "density", Some(k as f64)))
        .collect();
    let t = compare_two_groups_table(&w, &small, &CompareConfig::default(), 7);
    assert_eq!(strs(&t, "status")[0].as_deref(), Some("cannot_reject"));
    assert!((floats(&t, "p_value")[0].unwrap() - 0.1).abs() < 1e-15);
    assert_eq!(floats(&t, "p_adjusted")[0], None);
}

/// Values one ulp apart rank as ties: the p-value equals that of exactly equal values.
#[test]
fn rounding_never_changes_a_p_value() {
    let exact: Vec<MeasureValue> = URBAN
        .iter()
        .chain(RURAL.iter())
        .enumerate()
        .map(|(k, p)| {
            mv(
                p,
                "all",
                "network",
                "density",
                Some(if k < 3 { 0.3 } else { k as f64 }),
            )
        })
        .collect();
    let mut rounded = exact.clone();
    rounded[0].value = Some(0.1 + 0.2); // 0.30000000000000004
    let cfg = CompareConfig::default();
    let a = compare_two_groups_table(&exact, &groups(), &cfg, 3);
    let b = compare_two_groups_table(&rounded, &groups(), &cfg, 3);
    assert_eq!(floats(&a, "p_value"), floats(&b, "p_value"));
    assert_eq!(floats(&a, "u"), floats(&b, "u"));
    assert_eq!(floats(&a, "cliffs_delta"), floats(&b, "cliffs_delta"));
}
