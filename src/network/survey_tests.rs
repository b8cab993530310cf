//! Hand-checked survey fixture (issue 21, "Done when") and the R `sna::symmetrize` oracle.

use super::*;
use crate::model::Role;

fn d(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

fn rep(wave: &str, s: &str, t: &str, w: f64) -> Report {
    Report {
        ptce_id: "P1".into(),
        wave: wave.into(),
        source: s.into(),
        target: t.into(),
        kind: TieKind::Information,
        weight: w,
    }
}

/// Six members A–F; F leaves on 2022-01-01.
/// Wave 1 (2020-03-01): A B C D answer, E F do not. Reports A→B (2), B→A (1), A→C, C→D, D→C,
/// B→E, D→F: three one-sided reports (A→C, B→E, D→F).
/// Wave 2 (2023-03-01): A B C E answer, D does not; F is gone. Reports A→B, B→A, E→A, C→D and
/// B→F (F absent: left out).
fn fixture() -> (Survey, Vec<Membership>) {
    let mems = ["A", "B", "C", "D", "E", "F"]
        .iter()
        .map(|o| Membership {
            ptce_id: "P1".into(),
            org_id: o.to_string(),
            joined: d("2019-01-01"),
            left: (*o == "F").then(|| d("2022-01-01")),
            role: Role::Member,
        })
        .collect();
    let resp = |wave: &str, o: &str, r: bool| Response {
        ptce_id: "P1".into(),
        wave: wave.into(),
        org_id: o.into(),
        responded: Some(r),
    };
    let mut responses = Vec::new();
    for (o, r1, r2) in [
        ("A", true, true),
        ("B", true, true),
        ("C", true, true),
        ("D", true, false),
        ("E", false, true),
        ("F", false, false),
    ] {
        responses.push(resp("1", o, r1));
        responses.push(resp("2", o, r2));
    }
    let reports = vec![
        rep("1", "A", "B", 2.0),
        rep("1", "B", "A", 1.0),
        rep("1", "A", "C", 1.0),
        rep("1", "C", "D", 1.0),
        rep("1", "D", "C", 1.0),
        rep("1", "B", "E", 1.0),
        rep("1", "D", "F", 1.0),
        rep("2", "A", "B", 1.0),
        rep("2", "B", "A", 1.0),
        rep("2", "E", "A", 1.0),
        rep("2", "C", "D", 1.0),
        rep("2", "B", "F", 1.0),
    ];
    let waves = vec![
        Wave {
            ptce_id: "P1".into(),
            wave: "1".into(),
            survey_date: d("2020-03-01"),
        },
        Wave {
            ptce_id: "P1".into(),
            wave: "2".into(),
            survey_date: d("2023-03-01"),
        },
    ];
    (
        Survey {
            waves,
            responses,
            reports,
        },
        mems,
    )
}

fn run(rule: SurveyRule) -> Vec<(Wave, WaveNetwork)> {
    let (s, m) = fixture();
    let config = TiesConfig {
        mode: TieMode::Survey,
        survey_rule: rule,
        ..TiesConfig::default()
    };
    wave_networks(&s, &m, &config)
}

fn pairs(n: &WaveNetwork) -> Vec<(String, f64)> {
    n.edges
        .iter()
        .map(|e| (format!("{}{}", e.a, e.b), e.weight))
        .collect()
}

fn p(v: &[(&str, f64)]) -> Vec<(String, f64)> {
    v.iter().map(|(a, w)| (a.to_string(), *w)).collect()
}

#[test]
fn the_three_rules_give_the_documented_networks() {
    let u = run(SurveyRule::Union);
    assert_eq!(
        pairs(&u[0].1),
        p(&[
            ("AB", 2.0),
            ("AC", 1.0),
            ("BE", 1.0),
            ("CD", 1.0),
            ("DF", 1.0)
        ])
    );
    assert_eq!(pairs(&u[1].1), p(&[("AB", 1.0), ("AE", 1.0), ("CD", 1.0)]));
    let r = run(SurveyRule::Reciprocated);
    assert_eq!(pairs(&r[0].1), p(&[("AB", 1.0), ("CD", 1.0)]));
    assert_eq!(pairs(&r[1].1), p(&[("AB", 1.0)]));
    // Reconstructed: A–C (two respondents, one side) is dropped; B and D speak for E and F in
    // wave 1; in wave 2 C speaks for D, while A–E (two respondents, one side) is dropped.
    let c = run(SurveyRule::Reconstructed);
    assert_eq!(
        pairs(&c[0].1),
        p(&[("AB", 1.0), ("BE", 1.0), ("CD", 1.0), ("DF", 1.0)])
    );
    assert_eq!(pairs(&c[1].1), p(&[("AB", 1.0), ("CD", 1.0)]));
}

#[test]
fn survey_table_columns_are_right_by_hand() {
    // Wave 1: 6 members, 4 respondents (4/6); 7 reports; A–B and C–D reciprocated; reports to
    // respondents A→B, B→A, A→C, C→D, D→C = 5, reciprocity 2·2/5; E–F unknown.
    // Wave 2: F gone, 5 members, 4 respondents (0.8); B→F left out, 4 reports; A–B
    // reciprocated; reports to respondents A→B, B→A, E→A = 3, reciprocity 2/3; only D silent.
    let t = survey_table(&run(SurveyRule::Reconstructed));
    let csv = String::from_utf8(crate::report::csv::to_csv(&t, true).unwrap()).unwrap();
    assert_eq!(
        csv,
        "ptce_id,wave,n_members,n_respondents,response_rate,n_reports,n_reciprocated,\
reciprocity,n_dyads_unknown,rule,low_response\n\
P1,1,6,4,0.6666666666666666,7,2,0.8,1,reconstructed,yes\n\
P1,2,5,4,0.8,4,1,0.6666666666666666,0,reconstructed,no\n"
    );
}

#[test]
fn waves_become_dated_ties_ending_at_the_next_wave() {
    let waves = run(SurveyRule::Union);
    let ties = survey_ties(&waves);
    assert_eq!(ties.len(), 8);
    assert!(ties[..5]
        .iter()
        .all(|t| t.start == d("2020-03-01") && t.end == Some(d("2023-03-01"))));
    assert!(ties[5..]
        .iter()
        .all(|t| t.start == d("2023-03-01") && t.end.is_none()));
    let (s, _) = fixture();
    let specs = crate::network::waves::wave_specs(&s, "P1");
    assert_eq!(specs.len(), 2);
    assert_eq!(specs[1].snapshot, "wave_2");
}

/// `tests/fixtures/survey_symmetrize.json`, written by `tests/oracles/survey_symmetrize.R`:
/// random report matrices (rows of non-respondents zero) and `sna::symmetrize` weak / strong.
#[test]
fn union_and_reciprocated_equal_sna_symmetrize() {
    let text = include_str!("../../tests/fixtures/survey_symmetrize.json");
    let cases: serde_json::Value = serde_json::from_str(text).unwrap();
    let cases = cases["cases"].as_array().unwrap();
    assert!(cases.len() >= 5);
    for case in cases {
        let n = case["n"].as_u64().unwrap() as usize;
        let m = |k: &str| -> Vec<Vec<u8>> {
            case[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    r.as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_u64().unwrap() as u8)
                        .collect()
                })
                .collect()
        };
        let reports_m = m("reports");
        let ids: Vec<String> = (0..n).map(|i| format!("O{i:02}")).collect();
        let names: Vec<&str> = ids.iter().map(String::as_str).collect();
        let respondents: BTreeSet<&str> = case["respondents"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .filter(|(_, r)| r.as_bool().unwrap())
            .map(|(i, _)| names[i])
            .collect();
        let reports: Vec<Report> = (0..n)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .filter(|&(i, j)| reports_m[i][j] == 1)
            .map(|(i, j)| rep("1", &ids[i], &ids[j], 1.0))
            .collect();
        let refs: Vec<&Report> = reports.iter().collect();
        for (rule, key) in [
            (SurveyRule::Union, "weak"),
            (SurveyRule::Reciprocated, "strong"),
        ] {
            let net = wave_network("P", "1", &names, &respondents, &refs, rule, 0.7);
            let expected = m(key);
            let mut got = vec![vec![0u8; n]; n];
            for e in &net.edges {
                let (a, b) = (
                    ids.iter().position(|x| *x == e.a).unwrap(),
                    ids.iter().position(|x| *x == e.b).unwrap(),
                );
                got[a][b] = 1;
                got[b][a] = 1;
            }
            assert_eq!(got, expected, "{key}, case {}", case["name"]);
        }
    }
}
