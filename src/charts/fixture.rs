//! A small study's result tables (four PTCEs, two urban and two rural), built by hand for the
//! library's tests and the bench of the figures (`#[path]`); test support, not public API.

use crate::table::Table;

fn s(v: &[&str]) -> Vec<Option<String>> {
    v.iter().map(|x| Some(x.to_string())).collect()
}

fn f(v: &[f64]) -> Vec<Option<f64>> {
    v.iter().map(|x| Some(*x)).collect()
}

/// Stage durations of the fixture (days between the `entry` and `end` below).
fn duration(ptce: &str, stage: &str) -> Option<i64> {
    match (ptce, stage) {
        ("P01", "S1") => Some(790),
        ("P01", "S2") => Some(1202),
        ("P01", "S3") => Some(2756),
        ("P02", "S1") => Some(254),
        ("P02", "S2") => Some(3278),
        ("P03", "S1") => Some(1339),
        ("P03", "S2") => Some(883),
        ("P03", "S3") => Some(1430),
        ("P03", "D") => Some(1826),
        ("P04", "S1") => Some(0),
        ("P04", "S2") => Some(1185),
        ("P04", "S3") => Some(1340),
        _ => None,
    }
}

/// Members of each PTCE: (org_id, actor_type, role, snapshots it is in).
const ORGS: &[(&str, &str, &str, &str, &str)] = &[
    // ptce, org, actor_type, role, stages present
    ("P01", "o1", "local_authority", "pilot", "S1 S2 S3"),
    ("P01", "o2", "ess_association", "member", "S1 S2 S3"),
    ("P01", "o3", "company", "member", "S2 S3"),
    ("P01", "o4", "ess_cooperative", "member", "S2 S3"),
    ("P01", "o5", "training_research", "member", "S3"),
    ("P01", "o6", "citizen", "member", "S3"),
    ("P03", "r1", "ess_association", "pilot", "S1 S2 S3"),
    ("P03", "r2", "local_authority", "member", "S1 S2 S3"),
    ("P03", "r3", "ess_mutual", "member", "S2 S3"),
    ("P03", "r4", "public_agency", "member", "S2"),
    ("P03", "r5", "ess_foundation", "member", "S3"),
    ("P03", "r6", "other", "member", "S3"),
];

/// Ties: (ptce, source, target, weight).
const TIES: &[(&str, &str, &str, f64)] = &[
    ("P01", "o1", "o2", 3.0),
    ("P01", "o1", "o3", 1.0),
    ("P01", "o2", "o4", 2.0),
    ("P01", "o3", "o4", 1.0),
    ("P01", "o1", "o5", 1.0),
    ("P01", "o5", "o6", 2.0),
    ("P03", "r1", "r2", 4.0),
    ("P03", "r1", "r3", 1.0),
    ("P03", "r2", "r4", 1.0),
    ("P03", "r3", "r5", 2.0),
    ("P03", "r1", "r6", 1.0),
];

fn present(ptce: &str, org: &str, stage: &str) -> bool {
    ORGS.iter().any(|o| {
        o.0 == ptce && o.1 == org && (stage == "all" || o.4.split(' ').any(|x| x == stage))
    })
}

/// A Kaplan–Meier step: group, target, time, n_risk, n_event, n_censor, surv, lower, upper.
type KmRow = (
    &'static str,
    &'static str,
    f64,
    i64,
    i64,
    i64,
    f64,
    f64,
    f64,
);

/// The tables of the fixture study (every table the figures read).
pub fn tables() -> Vec<Table> {
    let ptces = Table::new("ptces")
        .str("ptce_id", s(&["P01", "P02", "P03", "P04"]))
        .str(
            "name",
            s(&[
                "Pôle Énergie",
                "Coop’Emploi",
                "Terres Vives",
                "Vallée Solidaire",
            ]),
        )
        .str("density_level", s(&["1", "2", "6", "7"]));
    let territories = Table::new("territories")
        .str("ptce_id", s(&["P01", "P02", "P03", "P04"]))
        .str("group", s(&["urban", "urban", "rural", "rural"]))
        .str("source", s(&["grid", "grid", "grid", "grid"]))
        .str("detail", s(&["1", "2", "6", "7"]))
        // Lyon, Lille, Saint-Denis (La Réunion: the map's inset); P04 without coordinates.
        .str("department", s(&["69", "59", "974", "07"]))
        .float("lon", [Some(4.8357), Some(3.0573), Some(55.4504), None])
        .float("lat", [Some(45.764), Some(50.6292), Some(-20.8789), None]);
    #[rustfmt::skip]
    let st: &[(&str, &str, &str, &str, &str)] = &[
        ("P01", "S1", "2012", "2014-03-01", "completed"),
        ("P01", "S2", "2014-03-01", "2017-06-15", "completed"),
        ("P01", "S3", "2017-06-15", "2024-12-31", "ongoing"),
        ("P01", "D", "", "", "not_reached"),
        ("P02", "S1", "2015-05", "2016-01-10", "completed"),
        ("P02", "S2", "2016-01-10", "2024-12-31", "ongoing"),
        ("P02", "S3", "", "", "not_reached"),
        ("P02", "D", "", "", "not_reached"),
        ("P03", "S1", "2010", "2013-09-01", "completed"),
        ("P03", "S2", "2013-09-01", "2016-02-01", "completed"),
        ("P03", "S3", "2016-02-01", "2020-01-01", "completed"),
        ("P03", "D", "2020-01-01", "2024-12-31", "ongoing"),
        ("P04", "S1", "2018-02-01", "2018-02-01", "completed"),
        ("P04", "S2", "2018-02-01", "2021-05-01", "completed"),
        ("P04", "S3", "2021-05-01", "2024-12-31", "ongoing"),
        ("P04", "D", "", "", "not_reached"),
    ];
    let stages = Table::new("stages")
        .str("ptce_id", st.iter().map(|r| Some(r.0)))
        .str("stage", st.iter().map(|r| Some(r.1)))
        .str("entry", st.iter().map(|r| Some(r.2)))
        .str("end", st.iter().map(|r| Some(r.3)))
        // Days from entry to end (Python's date arithmetic), empty when not entered.
        .int("duration_days", st.iter().map(|r| duration(r.0, r.1)))
        .str("status", st.iter().map(|r| Some(r.4)));

    // Flows, practices, metrics: P01..P04 × S1..S3, deterministic arithmetic patterns.
    let types = [
        "local_authority",
        "ess_association",
        "company",
        "ess_cooperative",
    ];
    let (mut fl, mut pr, mut nm, mut dv) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (pi, p) in ["P01", "P02", "P03", "P04"].iter().enumerate() {
        for (si, st) in ["S1", "S2", "S3"].iter().enumerate() {
            if *p == "P02" && *st == "S3" {
                continue;
            }
            for (ti, t) in types.iter().enumerate() {
                let joined = ((pi + si + ti) % 3) as i64 + i64::from(si == 0);
                let left = ((pi + ti) % 2) as i64 * i64::from(si == 2);
                fl.push((
                    p.to_string(),
                    st.to_string(),
                    t.to_string(),
                    joined,
                    left,
                    joined + si as i64 - left,
                ));
            }
            for (k, cat) in ["information", "co_creation", "resource_pooling", "funding"]
                .iter()
                .enumerate()
            {
                pr.push((
                    p.to_string(),
                    st.to_string(),
                    "tie_kind",
                    cat.to_string(),
                    ((pi + 2 * si + k) % 5) as i64,
                ));
            }
            for (k, cat) in ["food", "mobility", "culture"].iter().enumerate() {
                pr.push((
                    p.to_string(),
                    st.to_string(),
                    "activity_sector",
                    cat.to_string(),
                    ((pi + si + 2 * k) % 4) as i64,
                ));
            }
            let n = 3.0 + 2.0 * si as f64 + pi as f64;
            nm.push((
                p.to_string(),
                st.to_string(),
                n,
                0.8 - 0.1 * si as f64 - 0.05 * pi as f64,
                0.3 + 0.1 * ((pi + si) % 3) as f64,
            ));
            for (q, v) in [
                1.5 + si as f64 + 0.3 * pi as f64,
                1.2 + 0.8 * si as f64,
                1.1 + 0.6 * si as f64,
            ]
            .iter()
            .enumerate()
            {
                dv.push((
                    p.to_string(),
                    st.to_string(),
                    format!("hill_{q}"),
                    *v,
                    "members",
                    "actor_type",
                ));
                let w = 1.0 + 0.5 * v + 0.1 * pi as f64;
                dv.push((
                    p.to_string(),
                    st.to_string(),
                    format!("hill_{q}"),
                    w,
                    "activities",
                    "sector",
                ));
            }
        }
    }
    // Snapshot `all` = the last stage's values (as a whole-period network would be here).
    for (pid, last) in [("P01", "S3"), ("P02", "S2"), ("P03", "S3"), ("P04", "S3")] {
        let extra: Vec<_> = nm
            .iter()
            .filter(|r| r.0 == pid && r.1 == last)
            .cloned()
            .collect();
        nm.extend(extra.into_iter().map(|mut r| {
            r.1 = "all".to_string();
            r
        }));
        let extra: Vec<_> = dv
            .iter()
            .filter(|r| r.0 == pid && r.1 == last)
            .cloned()
            .collect();
        dv.extend(extra.into_iter().map(|mut r| {
            r.1 = "all".to_string();
            r
        }));
    }
    let stage_flows = Table::new("stage_flows")
        .str("ptce_id", fl.iter().map(|r| Some(r.0.clone())))
        .str("stage", fl.iter().map(|r| Some(r.1.clone())))
        .str("actor_type", fl.iter().map(|r| Some(r.2.clone())))
        .int("joined", fl.iter().map(|r| Some(r.3)))
        .int("left", fl.iter().map(|r| Some(r.4)))
        .int("present", fl.iter().map(|r| Some(r.5)));
    let practices = Table::new("practices")
        .str("ptce_id", pr.iter().map(|r| Some(r.0.clone())))
        .str("stage", pr.iter().map(|r| Some(r.1.clone())))
        .str("category_type", pr.iter().map(|r| Some(r.2)))
        .str("category", pr.iter().map(|r| Some(r.3.clone())))
        .int("count", pr.iter().map(|r| Some(r.4)));
    let network_metrics = Table::new("network_metrics")
        .str("ptce_id", nm.iter().map(|r| Some(r.0.clone())))
        .str("snapshot", nm.iter().map(|r| Some(r.1.clone())))
        .float("n_nodes", nm.iter().map(|r| Some(r.2)))
        .float("density", nm.iter().map(|r| Some(r.3)))
        .float("degree_centralization", nm.iter().map(|r| Some(r.4)));
    let diversity = Table::new("diversity")
        .str("ptce_id", dv.iter().map(|r| Some(r.0.clone())))
        .str("snapshot", dv.iter().map(|r| Some(r.1.clone())))
        .str("population", dv.iter().map(|r| Some(r.4)))
        .str("dimension", dv.iter().map(|r| Some(r.5)))
        .str("index", dv.iter().map(|r| Some(r.2.clone())))
        .float("value", dv.iter().map(|r| Some(r.3)));

    // Nodes and edges of P01 and P03 (snapshots all, S1, S2, S3).
    let (mut nodes, mut edges) = (Vec::new(), Vec::new());
    for snap in ["all", "S1", "S2", "S3"] {
        for (k, o) in ORGS.iter().enumerate() {
            if present(o.0, o.1, snap) {
                let betw = ((k * 7) % 5) as f64 / 4.0;
                nodes.push((
                    o.0,
                    snap,
                    o.1,
                    o.2,
                    o.3,
                    betw,
                    (k % 3) as f64,
                    (k % 2) as f64,
                ));
            }
        }
        for t in TIES {
            if present(t.0, t.1, snap) && present(t.0, t.2, snap) {
                edges.push((t.0, snap, t.1, t.2, t.3));
            }
        }
    }
    let node_metrics = Table::new("node_metrics")
        .str("ptce_id", nodes.iter().map(|r| Some(r.0)))
        .str("snapshot", nodes.iter().map(|r| Some(r.1)))
        .str("org_id", nodes.iter().map(|r| Some(r.2)))
        .str("name", nodes.iter().map(|r| Some(r.2)))
        .str("actor_type", nodes.iter().map(|r| Some(r.3)))
        .str("role", nodes.iter().map(|r| Some(r.4)))
        .float("betweenness", nodes.iter().map(|r| Some(r.5)))
        .float("brokerage_coordinator", nodes.iter().map(|r| Some(r.6)))
        .float("brokerage_liaison", nodes.iter().map(|r| Some(r.7)));
    let edges = Table::new("edges")
        .str("ptce_id", edges.iter().map(|r| Some(r.0)))
        .str("snapshot", edges.iter().map(|r| Some(r.1)))
        .str("source", edges.iter().map(|r| Some(r.2)))
        .str("target", edges.iter().map(|r| Some(r.3)))
        .float("weight", edges.iter().map(|r| Some(r.4)));

    // Medians are those of the fixture's values at snapshot `all` (duration: S1 of completed
    // stages): urban P01, P02; rural P03, P04.
    let comparison = Table::new("comparison")
        .str(
            "measure",
            s(&["density", "n_nodes", "hill_1", "duration_days"]),
        )
        .str("population", [None, None, Some("members"), None])
        .str("dimension", [None, None, Some("actor_type"), None])
        .str("snapshot", s(&["all", "all", "all", "S1"]))
        .str("group_a", s(&["urban"; 4]))
        .str("group_b", s(&["rural"; 4]))
        .int("n_a", [Some(2); 4])
        .int("n_b", [Some(2); 4])
        .float("median_a", f(&[0.625, 6.5, 2.4, 522.0]))
        .float("median_b", f(&[0.475, 9.5, 2.8, 669.5]))
        .float("p_value", f(&[0.33, 0.33, 0.5, 1.0]))
        .float("p_adjusted", f(&[0.66, 0.66, 0.66, 1.0]))
        .float("cliffs_delta", f(&[1.0, -1.0, -0.5, 0.0]))
        .str("magnitude", s(&["large", "large", "large", "negligible"]))
        .str("status", s(&["ok"; 4]));

    // Kaplan–Meier steps (as R survfit would give for 4 + 4 PTCEs, values rounded).
    #[rustfmt::skip]
    let km: &[KmRow] = &[
        ("urban", "s1_to_s2", 0.0, 4, 0, 0, 1.0, 1.0, 1.0),
        ("urban", "s1_to_s2", 250.0, 4, 1, 0, 0.75, 0.128, 0.961),
        ("urban", "s1_to_s2", 790.0, 3, 1, 0, 0.5, 0.057, 0.83),
        ("urban", "s1_to_s2", 1500.0, 2, 0, 1, 0.5, 0.057, 0.83),
        ("rural", "s1_to_s2", 0.0, 4, 1, 0, 0.75, 0.128, 0.961),
        ("rural", "s1_to_s2", 1339.0, 3, 1, 0, 0.5, 0.057, 0.83),
        ("rural", "s1_to_s2", 2000.0, 2, 1, 1, 0.25, 0.009, 0.665),
        ("urban", "s1_to_s3", 0.0, 4, 0, 0, 1.0, 1.0, 1.0),
        ("urban", "s1_to_s3", 1987.0, 4, 1, 0, 0.75, 0.128, 0.961),
        ("urban", "s1_to_s3", 3000.0, 3, 0, 3, 0.75, 0.128, 0.961),
        ("rural", "s1_to_s3", 0.0, 4, 0, 0, 1.0, 1.0, 1.0),
        ("rural", "s1_to_s3", 1185.0, 4, 1, 0, 0.75, 0.128, 0.961),
        ("rural", "s1_to_s3", 2222.0, 3, 1, 0, 0.5, 0.057, 0.83),
        ("rural", "s1_to_s3", 3000.0, 2, 0, 2, 0.5, 0.057, 0.83),
    ];
    let survival = Table::new("survival")
        .str("group", km.iter().map(|r| Some(r.0)))
        .str("target", km.iter().map(|r| Some(r.1)))
        .float("time_days", km.iter().map(|r| Some(r.2)))
        .int("n_risk", km.iter().map(|r| Some(r.3)))
        .int("n_event", km.iter().map(|r| Some(r.4)))
        .int("n_censor", km.iter().map(|r| Some(r.5)))
        .float("surv", km.iter().map(|r| Some(r.6)))
        .float("std_err", km.iter().map(|_| None))
        .float("lower", km.iter().map(|r| Some(r.7)))
        .float("upper", km.iter().map(|r| Some(r.8)));
    // Size-adjusted models (issue 16): the group effect of two outcomes at two snapshots, and
    // the analysis data whose standard deviations scale the forest plot.
    let models = Table::new("models")
        .str(
            "outcome",
            s(&["density", "density", "transitivity", "density", "density"]),
        )
        .str("snapshot", s(&["all", "all", "all", "S1", "S1"]))
        .str(
            "model",
            s(&[
                "binomial",
                "binomial",
                "fractional_logit",
                "binomial",
                "binomial",
            ]),
        )
        .str(
            "term",
            s(&[
                "group[rural]",
                "ame:group[rural]",
                "ame:group[rural]",
                "group[rural]",
                "ame:group[rural]",
            ]),
        )
        .float("estimate", f(&[-0.4, -0.08, 0.05, -0.2, -0.04]))
        .float("ci_low", f(&[-0.7, -0.15, -0.02, -0.6, -0.1]))
        .float("ci_high", f(&[-0.1, -0.01, 0.12, 0.2, 0.02]))
        .float("p_adjusted", f(&[0.03, 0.0, 0.0, 0.4, 0.0]))
        .int("n", [Some(4); 5])
        .str("primary", s(&["yes"; 5]))
        .str("status", s(&["ok"; 5]));
    let model_data = Table::new("model_data")
        .str(
            "snapshot",
            s(&["all", "all", "all", "all", "S1", "S1", "S1", "S1"]),
        )
        .str(
            "ptce_id",
            s(&["P01", "P02", "P03", "P04", "P01", "P02", "P03", "P04"]),
        )
        .str(
            "group",
            s(&[
                "urban", "urban", "rural", "rural", "urban", "urban", "rural", "rural",
            ]),
        )
        .float("density", f(&[0.7, 0.55, 0.5, 0.45, 0.8, 0.6, 0.66, 0.5]))
        .float(
            "transitivity",
            f(&[0.4, 0.3, 0.5, 0.35, 0.2, 0.3, 0.1, 0.25]),
        );
    vec![
        ptces,
        territories,
        stages,
        stage_flows,
        practices,
        node_metrics,
        edges,
        network_metrics,
        diversity,
        comparison,
        survival,
        models,
        model_data,
        mixing_matrix(),
        tie_models(),
    ]
}

/// The mixing matrix of four actor types (a pair without ties expected has no ratio).
fn mixing_matrix() -> Table {
    let t = [
        "company",
        "ess_association",
        "local_authority",
        "training_research",
    ];
    let mut pairs = Vec::new();
    for (i, a) in t.iter().enumerate() {
        for b in &t[i..] {
            pairs.push((*a, *b));
        }
    }
    let n = pairs.len();
    let obs: Vec<f64> = (0..n).map(|i| 0.02 + 0.015 * i as f64).collect();
    let exp: Vec<f64> = (0..n).map(|i| 0.1 - 0.007 * i as f64).collect();
    let ratio: Vec<Option<f64>> = (0..n).map(|i| (i != 3).then(|| obs[i] / exp[i])).collect();
    Table::new("mixing_matrix")
        .str("snapshot", s(&vec!["all"; n]))
        .str("type_a", pairs.iter().map(|p| Some(p.0)))
        .str("type_b", pairs.iter().map(|p| Some(p.1)))
        .int("n_dyads", (0..n).map(|i| Some(10 + i as i64)))
        .int("n_ties", (0..n).map(|i| Some(i as i64)))
        .float("expected_ties", f(&exp))
        .float("observed_share", f(&obs))
        .float("expected_share", f(&exp))
        .float("ratio", ratio)
}

/// Tie models of `all`: homophily terms, a mixing pair, a dropped term and the reference.
fn tie_models() -> Table {
    let term = [
        "same_actor_type",
        "pilot_involved",
        "same_actor_type:group_rural",
        "both_founders",
        "family_pair[company|training_research]",
        "reference: family_pair[ess|ess]",
    ];
    let spec = [
        "homophily",
        "homophily",
        "homophily",
        "homophily",
        "mixing",
        "mixing",
    ];
    let status = ["ok", "ok", "ok", "dropped: separation", "ok", "reference"];
    let est = [
        Some(0.6),
        Some(2.4),
        Some(-0.3),
        None,
        Some(-1.2),
        Some(0.0),
    ];
    let lo = [Some(0.2), Some(2.0), Some(-0.9), None, Some(-2.5), None];
    let hi = [Some(1.0), Some(2.8), Some(0.3), None, Some(0.1), None];
    Table::new("tie_models")
        .str("snapshot", s(&["all"; 6]))
        .str("spec", s(&spec))
        .str("term", s(&term))
        .float("estimate", est)
        .float("ci_low", lo)
        .float("ci_high", hi)
        .float("odds_ratio", est.iter().map(|e| e.map(f64::exp)))
        .str("status", s(&status))
}
