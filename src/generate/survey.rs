//! `ptce generate --survey`: a surveyed study drawn from a known true network (issue 21).
//!
//! Each PTCE has 8–20 members and two survey waves (2021-03-01, 2024-03-01). The true network
//! of wave 1 is a Bernoulli graph of density `density`; wave 2 keeps each true tie with
//! probability 0.85 and adds each absent pair with probability `0.15 · density`; about one
//! member in ten leaves between the waves. In each wave a member answers with probability
//! `1 − non_response`, and a member who answered reports each of its true ties independently
//! with probability `report_prob` (no false report). So the expected response rate is
//! `1 − non_response` and the expected edgewise reciprocity among respondents is `report_prob`
//! (`docs/metrics.md`).

use super::rng::Rng;
use super::write::TABLES;
use super::GenerateError;
use crate::date::PartialDate;
use crate::model::{ActorType, Membership, Role, TieKind};
use crate::network::survey::{Report, Response, Survey, Wave};
use std::path::Path;

/// Stream domain of the survey generator.
const DOMAIN_SURVEY: u64 = 21;

/// Options of `ptce generate --survey`.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyParams {
    pub ptces: usize,
    pub seed: u64,
    /// Probability that a member does not answer a wave.
    pub non_response: f64,
    /// Probability that a respondent reports one of its true ties.
    pub report_prob: f64,
    /// Density of the true network of wave 1.
    pub density: f64,
}

impl SurveyParams {
    /// Defaults: 25 % non-response, reports with probability 0.8, density 0.3.
    pub fn new(ptces: usize, seed: u64) -> SurveyParams {
        SurveyParams {
            ptces,
            seed,
            non_response: 0.25,
            report_prob: 0.8,
            density: 0.3,
        }
    }
}

/// A true undirected tie of one wave, `(ptce_id, wave, a, b)` with `a < b`.
pub type TrueTie = (String, String, String, String);

/// A drawn survey study: members, the survey and the true networks behind the reports.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyDraft {
    pub ptce_ids: Vec<String>,
    /// `(org_id, actor_type)` of every member.
    pub organizations: Vec<(String, ActorType)>,
    pub memberships: Vec<Membership>,
    pub survey: Survey,
    pub truth: Vec<TrueTie>,
}

fn date(s: &str) -> Result<PartialDate, GenerateError> {
    PartialDate::parse(s).map_err(|e| GenerateError::Params(format!("{s}: {e}")))
}

/// Draws a survey study (deterministic for a seed; PTCE k from its own stream).
///
/// # Errors
/// [`GenerateError::Params`] for a probability outside [0, 1] or zero PTCEs.
pub fn draw_survey(p: &SurveyParams) -> Result<SurveyDraft, GenerateError> {
    for (name, v) in [
        ("non_response", p.non_response),
        ("report_prob", p.report_prob),
        ("density", p.density),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(GenerateError::Params(format!(
                "{name} = {v} is not a probability"
            )));
        }
    }
    if p.ptces == 0 || p.ptces > 100_000 {
        return Err(GenerateError::Params(format!(
            "--ptces {}: expected between 1 and 100000",
            p.ptces
        )));
    }
    let dates = [("1", date("2021-03-01")?), ("2", date("2024-03-01")?)];
    let (joined, left) = (date("2019-01-01")?, date("2022-06-01")?);
    let mut d = SurveyDraft {
        ptce_ids: Vec::new(),
        organizations: Vec::new(),
        memberships: Vec::new(),
        survey: Survey::default(),
        truth: Vec::new(),
    };
    for k in 0..p.ptces {
        let mut rng = Rng::stream(p.seed, DOMAIN_SURVEY, k as u64);
        let ptce = format!("SURV-{:05}", k + 1);
        let n = 8 + rng.below(13);
        let ids: Vec<String> = (0..n).map(|i| format!("{ptce}-M{:02}", i + 1)).collect();
        let leaves: Vec<bool> = (0..n).map(|_| rng.chance(0.1)).collect();
        for (i, id) in ids.iter().enumerate() {
            d.organizations
                .push((id.clone(), *rng.pick(ActorType::ALL)));
            d.memberships.push(Membership {
                ptce_id: ptce.clone(),
                org_id: id.clone(),
                joined,
                left: leaves[i].then_some(left),
                role: if i == 0 { Role::Pilot } else { Role::Member },
            });
        }
        let mut adj = vec![vec![false; n]; n];
        for (w, (wave, survey_date)) in dates.iter().enumerate() {
            let present: Vec<bool> = (0..n).map(|i| w == 0 || !leaves[i]).collect();
            for (i, adj_i) in adj.iter_mut().enumerate() {
                for cell in adj_i.iter_mut().skip(i + 1) {
                    *cell = if w == 0 {
                        rng.chance(p.density)
                    } else if *cell {
                        rng.chance(0.85)
                    } else {
                        rng.chance(0.15 * p.density)
                    };
                }
            }
            let answered: Vec<bool> = (0..n).map(|_| rng.chance(1.0 - p.non_response)).collect();
            d.survey.waves.push(Wave {
                ptce_id: ptce.clone(),
                wave: wave.to_string(),
                survey_date: *survey_date,
            });
            for i in (0..n).filter(|&i| present[i]) {
                d.survey.responses.push(Response {
                    ptce_id: ptce.clone(),
                    wave: wave.to_string(),
                    org_id: ids[i].clone(),
                    responded: Some(answered[i]),
                });
            }
            for i in 0..n {
                for j in i + 1..n {
                    if !(adj[i][j] && present[i] && present[j]) {
                        continue;
                    }
                    d.truth.push((
                        ptce.clone(),
                        wave.to_string(),
                        ids[i].clone(),
                        ids[j].clone(),
                    ));
                    let kind = *rng.pick(TieKind::ALL);
                    for (s, t) in [(i, j), (j, i)] {
                        if answered[s] && rng.chance(p.report_prob) {
                            d.survey.reports.push(Report {
                                ptce_id: ptce.clone(),
                                wave: wave.to_string(),
                                source: ids[s].clone(),
                                target: ids[t].clone(),
                                kind,
                                weight: 1.0,
                            });
                        }
                    }
                }
            }
        }
        d.ptce_ids.push(ptce);
    }
    Ok(d)
}

/// Communes of the generated PTCEs (code, department, region, density level).
const COMMUNES: &[(&str, &str, &str, &str)] = &[
    ("07186", "07", "Auvergne-Rhône-Alpes", "4"),
    ("29019", "29", "Bretagne", "2"),
    ("31555", "31", "Occitanie", "1"),
    ("49007", "49", "Pays de la Loire", "2"),
    ("59512", "59", "Hauts-de-France", "1"),
];

fn write_csv(dir: &Path, name: &str, rows: &[Vec<String>]) -> Result<usize, GenerateError> {
    let path = dir.join(name);
    let mut w = csv::Writer::from_path(&path).map_err(|e| GenerateError::csv(&path, e))?;
    for r in rows {
        w.write_record(r)
            .map_err(|e| GenerateError::csv(&path, e))?;
    }
    w.flush().map_err(|e| GenerateError::io(&path, e))?;
    Ok(rows.len().saturating_sub(1))
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

/// Writes a surveyed study: `ptces`, `organizations`, `memberships` (with `responded_1`,
/// `responded_2`), `ties` (reports with `wave`), `waves` and a `study.toml` in survey mode.
///
/// # Returns
/// The data rows written per table.
///
/// # Errors
/// Bad parameters or a file that cannot be written.
pub fn write_survey_study(
    p: &SurveyParams,
    dir: &Path,
) -> Result<Vec<(String, usize)>, GenerateError> {
    let d = draw_survey(p)?;
    std::fs::create_dir_all(dir).map_err(|e| GenerateError::io(dir, e))?;
    // The first six columns of ptces.csv (no legal form, no founding date).
    let mut ptces = vec![row(&TABLES[0].1[..6])];
    for (k, id) in d.ptce_ids.iter().enumerate() {
        let (c, dep, reg, lvl) = COMMUNES[k % COMMUNES.len()];
        ptces.push(row(&[
            id,
            &format!("PTCE enquêté {}", k + 1),
            c,
            dep,
            reg,
            lvl,
        ]));
    }
    let mut orgs = vec![row(&["org_id", "name", "actor_type"])];
    for (id, t) in &d.organizations {
        orgs.push(row(&[id, &format!("Structure {id}"), t.as_str()]));
    }
    let answer = |ptce: &str, wave: &str, org: &str| {
        d.survey
            .responses
            .iter()
            .find(|r| r.ptce_id == ptce && r.wave == wave && r.org_id == org)
            .map_or("", |r| match r.responded {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            })
    };
    let mut mems = vec![row(&[
        "ptce_id",
        "org_id",
        "joined",
        "left",
        "role",
        "responded_1",
        "responded_2",
    ])];
    for m in &d.memberships {
        let left = m.left.map(|l| l.to_string()).unwrap_or_default();
        mems.push(row(&[
            &m.ptce_id,
            &m.org_id,
            &m.joined.to_string(),
            &left,
            m.role.as_str(),
            answer(&m.ptce_id, "1", &m.org_id),
            answer(&m.ptce_id, "2", &m.org_id),
        ]));
    }
    let mut ties = vec![row(&[
        "ptce_id", "source", "target", "kind", "wave", "weight",
    ])];
    for r in &d.survey.reports {
        ties.push(row(&[
            &r.ptce_id,
            &r.source,
            &r.target,
            r.kind.as_str(),
            &r.wave,
            "1",
        ]));
    }
    let mut waves = vec![row(&["wave", "ptce_id", "survey_date"])];
    for w in &d.survey.waves {
        waves.push(row(&[&w.wave, &w.ptce_id, &w.survey_date.to_string()]));
    }
    let out = vec![
        ("ptces".to_string(), write_csv(dir, "ptces.csv", &ptces)?),
        (
            "organizations".to_string(),
            write_csv(dir, "organizations.csv", &orgs)?,
        ),
        (
            "memberships".to_string(),
            write_csv(dir, "memberships.csv", &mems)?,
        ),
        ("ties".to_string(), write_csv(dir, "ties.csv", &ties)?),
        ("waves".to_string(), write_csv(dir, "waves.csv", &waves)?),
    ];
    let toml = format!(
        "# Surveyed study written by `ptce generate --survey` (fictional; seed {}, non-response {}, report probability {}).\n\
         title = \"Étude par questionnaire de {} PTCE fictifs\"\n\n[ties]\nmode = \"survey\"\nsurvey_rule = \"reconstructed\"\nlow_response_threshold = 0.7\n",
        p.seed, p.non_response, p.report_prob, p.ptces
    );
    let path = dir.join("study.toml");
    std::fs::write(&path, toml).map_err(|e| GenerateError::io(&path, e))?;
    Ok(out)
}

#[cfg(test)]
#[path = "survey_tests.rs"]
mod tests;
