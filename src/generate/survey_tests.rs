//! Recovery of the generator's parameters from generated surveys (issue 21, "Done when"), and
//! the generated study through validation.

use super::*;
use crate::network::survey::{wave_networks, SurveyRule, TieMode, TiesConfig};
use std::collections::BTreeMap;

fn config(rule: SurveyRule) -> TiesConfig {
    TiesConfig {
        mode: TieMode::Survey,
        survey_rule: rule,
        ..TiesConfig::default()
    }
}

/// Mean over (PTCE, wave) of the mean degree.
fn mean_degrees(d: &SurveyDraft, rule: SurveyRule) -> Vec<f64> {
    wave_networks(&d.survey, &d.memberships, &config(rule))
        .iter()
        .map(|(_, n)| 2.0 * n.edges.len() as f64 / n.stats.n_members.max(1) as f64)
        .collect()
}

#[test]
fn response_rate_and_reciprocity_are_recovered_over_seeded_replicates() {
    // Five replicate studies of 100 PTCEs. Pooled response rate: binomial over members × waves
    // (≈ 2,800 per replicate, SE ≈ 0.008): within 4 SE of 1 − non_response. Edgewise
    // reciprocity among respondents estimates report_prob (each side of a true tie between
    // respondents reports independently): ≈ 2,000 such ties per replicate, SE ≈ 0.01; within
    // 0.04.
    for seed in 1..=5u64 {
        let mut p = SurveyParams::new(100, seed);
        p.non_response = 0.3;
        p.report_prob = 0.7;
        let d = draw_survey(&p).unwrap();
        let waves = wave_networks(&d.survey, &d.memberships, &config(SurveyRule::Union));
        let (mut members, mut resp, mut recip, mut to_resp) = (0usize, 0usize, 0usize, 0.0);
        for (_, n) in &waves {
            members += n.stats.n_members;
            resp += n.stats.n_respondents;
            recip += n.stats.n_reciprocated;
            to_resp += n.stats.n_reports_to_respondents as f64;
        }
        let rate = resp as f64 / members as f64;
        let se = (0.7 * 0.3 / members as f64).sqrt();
        assert!((rate - 0.7).abs() < 4.0 * se, "seed {seed}: rate {rate}");
        let reciprocity = 2.0 * recip as f64 / to_resp;
        assert!(
            (reciprocity - 0.7).abs() < 0.04,
            "seed {seed}: reciprocity {reciprocity}"
        );
    }
}

#[test]
fn reconstructed_mean_degree_is_closer_to_the_truth_than_reciprocated() {
    let d = draw_survey(&SurveyParams::new(150, 7)).unwrap();
    let mut truth: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (p, w, _, _) in &d.truth {
        *truth.entry((p.as_str(), w.as_str())).or_default() += 1;
    }
    let waves = wave_networks(&d.survey, &d.memberships, &config(SurveyRule::Union));
    let true_deg: Vec<f64> = waves
        .iter()
        .map(|(w, n)| {
            let m = truth
                .get(&(w.ptce_id.as_str(), w.wave.as_str()))
                .copied()
                .unwrap_or(0);
            2.0 * m as f64 / n.stats.n_members.max(1) as f64
        })
        .collect();
    let err = |rule| {
        let deg = mean_degrees(&d, rule);
        deg.iter()
            .zip(&true_deg)
            .map(|(a, b)| (a - b).abs())
            .sum::<f64>()
            / deg.len() as f64
    };
    let (recon, recip) = (
        err(SurveyRule::Reconstructed),
        err(SurveyRule::Reciprocated),
    );
    assert!(
        recon < recip,
        "reconstructed {recon} vs reciprocated {recip}"
    );
    // Union never exceeds the truth here (no false report).
    assert!(mean_degrees(&d, SurveyRule::Union)
        .iter()
        .zip(&true_deg)
        .all(|(a, b)| a <= &(b + 1e-12)));
}

#[test]
fn generated_survey_study_validates_and_mixed_dates_are_refused() {
    let dir = std::env::temp_dir().join(format!("ptce-survey-gen-{}", std::process::id()));
    let rows = write_survey_study(&SurveyParams::new(6, 3), &dir).unwrap();
    assert_eq!(rows[0], ("ptces".to_string(), 6));
    let raw = crate::load::read_study(&dir).unwrap();
    let v = crate::validate::validate(&raw);
    let errors: Vec<String> = v
        .report
        .problems
        .iter()
        .filter(|p| p.severity == crate::validate::Severity::Error)
        .map(|p| format!("{}: {}", p.location(), p.message))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let study = v.study.unwrap();
    assert_eq!(study.survey.as_ref().unwrap().waves.len(), 12);
    assert!(!study.ties.unwrap().is_empty());
    // A tie row with a start date in a survey study: a clear error on that cell.
    let ties = std::fs::read_to_string(dir.join("ties.csv")).unwrap();
    let mut lines: Vec<String> = ties.lines().map(str::to_string).collect();
    lines[0].push_str(",start");
    lines[1].push_str(",2021-01-01");
    for l in lines.iter_mut().skip(2) {
        l.push(',');
    }
    std::fs::write(dir.join("ties.csv"), lines.join("\n") + "\n").unwrap();
    let v = crate::validate::validate(&crate::load::read_study(&dir).unwrap());
    let e = v
        .report
        .problems
        .iter()
        .find(|p| p.severity == crate::validate::Severity::Error)
        .unwrap();
    assert_eq!((e.file.as_str(), e.line), ("ties.csv", Some(2)));
    assert!(e.message.contains("mode = \"survey\""), "{}", e.message);
    // A report by a member marked responded = no.
    std::fs::write(dir.join("ties.csv"), &ties).unwrap();
    let mems = std::fs::read_to_string(dir.join("memberships.csv")).unwrap();
    let first = ties.lines().nth(1).unwrap().split(',').collect::<Vec<_>>();
    let flipped: Vec<String> = mems
        .lines()
        .map(|l| {
            if l.split(',').nth(1) == Some(first[1]) && first[4] == "1" {
                let mut c: Vec<&str> = l.split(',').collect();
                c[5] = "no";
                c.join(",")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(dir.join("memberships.csv"), flipped.join("\n") + "\n").unwrap();
    let v = crate::validate::validate(&crate::load::read_study(&dir).unwrap());
    if first[4] == "1" {
        assert!(v
            .report
            .problems
            .iter()
            .any(|p| p.severity == crate::validate::Severity::Error
                && p.message.contains("responded = no")));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
