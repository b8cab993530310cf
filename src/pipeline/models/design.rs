//! Design matrices of the size-adjusted models and their fits: one model per outcome × snapshot,
//! complete cases, treatment coding, the size term, clusters; average marginal effects of the
//! group; Benjamini–Hochberg over the group terms of the primary outcomes of a snapshot.

use std::collections::BTreeMap;

use super::data::{Cell, ModelData, SnapshotData, OUTCOMES};
use crate::compare::{FamilyChoice, ModelsConfig, SizeTerm};
use crate::models::{self, Family, ModelInput};

/// One row of `models.csv` before writing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TermRow {
    /// `(intercept)`, `group[rural]`, `log_n`, `legal_form[scic]`, `ame:group[rural]`…
    pub term: String,
    pub estimate: Option<f64>,
    pub std_error: Option<f64>,
    pub statistic: Option<f64>,
    pub p_value: Option<f64>,
    /// BH-adjusted p (group terms of primary outcomes only).
    pub p_adjusted: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
}

impl TermRow {
    /// The row of `term` with the test `wald` (all empty without it), not yet adjusted.
    fn of(term: String, wald: Option<&crate::models::Wald>) -> TermRow {
        TermRow {
            term,
            estimate: wald.map(|w| w.estimate),
            std_error: wald.map(|w| w.std_error),
            statistic: wald.map(|w| w.statistic),
            p_value: wald.map(|w| w.p_value),
            p_adjusted: None,
            ci_low: wald.map(|w| w.ci_low),
            ci_high: wald.map(|w| w.ci_high),
        }
    }
}

/// One model: its identity, terms and fit statistics (the rows of `models.csv` and one row of
/// `model_fit.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct FittedModel {
    pub outcome: &'static str,
    pub primary: bool,
    pub snapshot: String,
    pub family: FamilyChoice,
    /// `quasi`, `HC0`, `HC3` or `cluster` (empty when not fitted).
    pub se_type: String,
    pub terms: Vec<TermRow>,
    /// PTCEs in the model.
    pub n: usize,
    /// PTCEs with the outcome but a missing covariate or cluster (left out).
    pub n_dropped: usize,
    pub fit: Option<models::ModelFit>,
    /// `ok`, `few_clusters`, or why the model was not fitted.
    pub status: String,
}

/// The family name of `models.csv`.
pub fn family_name(f: FamilyChoice) -> &'static str {
    match f {
        FamilyChoice::Binomial => "binomial",
        FamilyChoice::FractionalLogit => "fractional_logit",
        FamilyChoice::Ols => "ols",
        FamilyChoice::Poisson => "poisson",
    }
}

fn engine_family(f: FamilyChoice) -> Family {
    match f {
        FamilyChoice::Binomial => Family::Binomial,
        FamilyChoice::FractionalLogit => Family::FractionalLogit,
        FamilyChoice::Ols => Family::Ols,
        FamilyChoice::Poisson => Family::Poisson,
    }
}

/// The design of one model on its complete cases.
struct Design {
    names: Vec<String>,
    x: Vec<Vec<f64>>,
    y: Vec<f64>,
    trials: Option<Vec<f64>>,
    cluster: Option<Vec<u32>>,
    /// Column index of each non-reference group level present, with its name.
    group_columns: Vec<(usize, String)>,
    n_dropped: usize,
    /// The PTCE of each row (a status names the PTCE, not its row number).
    ptces: Vec<String>,
}

/// Why a design could not be built.
enum NoDesign {
    Status(String),
}

fn build(
    d: &ModelData,
    s: &SnapshotData,
    k: usize,
    family: FamilyChoice,
    cfg: &ModelsConfig,
) -> Result<Design, NoDesign> {
    let outcome = &OUTCOMES[k];
    let with_size = outcome.name != "n_nodes";
    let mut rows = Vec::new();
    let mut n_dropped = 0;
    for i in 0..s.ptces.len() {
        let Some(y) = s.outcomes[k][i] else { continue };
        let id = &s.ptces[i];
        let covs_ok = d
            .covariates
            .iter()
            .all(|c| !matches!(c.values.get(id), None | Some(Cell::Missing)));
        let cluster_ok = d
            .cluster
            .as_ref()
            .is_none_or(|(_, v)| v.get(id).is_some_and(|x| !x.trim().is_empty()));
        if !(covs_ok && cluster_ok) {
            n_dropped += 1;
            continue;
        }
        if family == FamilyChoice::Binomial && s.n[i] < 2.0 {
            continue;
        }
        rows.push((i, y));
    }
    if rows.is_empty() {
        return Err(NoDesign::Status("no_data".to_string()));
    }
    if family == FamilyChoice::FractionalLogit && rows.iter().any(|(_, y)| !(0.0..=1.0).contains(y))
    {
        return Err(NoDesign::Status(
            "outcome_out_of_range: fractional logit needs values in [0, 1]".to_string(),
        ));
    }
    if family == FamilyChoice::Poisson && rows.iter().any(|(_, y)| *y < 0.0) {
        return Err(NoDesign::Status(
            "outcome_out_of_range: Poisson needs values ≥ 0".to_string(),
        ));
    }
    let mut names = vec!["(intercept)".to_string()];
    let mut cols: Vec<Vec<f64>> = vec![vec![1.0; rows.len()]];
    // Group: reference = the first group in order; every other group present gets a dummy.
    let present: Vec<bool> = (0..d.groups.len())
        .map(|g| rows.iter().any(|(i, _)| s.group[*i] == g))
        .collect();
    if !present.first().copied().unwrap_or(false) || present.iter().filter(|p| **p).count() < 2 {
        let missing: Vec<&str> = d
            .groups
            .iter()
            .zip(&present)
            .filter(|(_, p)| !**p)
            .map(|(g, _)| g.as_str())
            .collect();
        return Err(NoDesign::Status(format!(
            "group_empty: no PTCE of {}",
            missing.join(", ")
        )));
    }
    let mut group_columns = Vec::new();
    for (g, name) in d.groups.iter().enumerate().skip(1) {
        if present[g] {
            group_columns.push((cols.len(), format!("group[{name}]")));
            names.push(format!("group[{name}]"));
            cols.push(
                rows.iter()
                    .map(|(i, _)| f64::from(s.group[*i] == g))
                    .collect(),
            );
        }
    }
    if with_size {
        let log_n: Vec<f64> = rows.iter().map(|(i, _)| s.n[*i].max(1.0).ln()).collect();
        match cfg.size_term {
            SizeTerm::LogN => {
                names.push("log_n".to_string());
                cols.push(log_n);
            }
            SizeTerm::Spline => {
                let basis = models::ns_basis(&log_n, 3).ok_or_else(|| {
                    NoDesign::Status("size_constant: the spline needs distinct sizes".to_string())
                })?;
                for j in 0..3 {
                    names.push(format!("ns(log_n, 3){}", j + 1));
                    cols.push(basis.iter().map(|r| r[j]).collect());
                }
            }
        }
    }
    for c in &d.covariates {
        let cell = |i: usize| c.values.get(&s.ptces[i]);
        if c.levels.is_empty() {
            names.push(c.name.clone());
            cols.push(
                rows.iter()
                    .map(|(i, _)| match cell(*i) {
                        Some(Cell::Num(x)) => *x,
                        _ => 0.0,
                    })
                    .collect(),
            );
            continue;
        }
        let used: Vec<&String> = c
            .levels
            .iter()
            .filter(|l| {
                rows.iter()
                    .any(|(i, _)| matches!(cell(*i), Some(Cell::Level(x)) if x == *l))
            })
            .collect();
        for l in used.iter().skip(1) {
            names.push(format!("{}[{l}]", c.name));
            cols.push(
                rows.iter()
                    .map(|(i, _)| f64::from(matches!(cell(*i), Some(Cell::Level(x)) if x == *l)))
                    .collect(),
            );
        }
    }
    let x: Vec<Vec<f64>> = (0..rows.len())
        .map(|r| cols.iter().map(|c| c[r]).collect())
        .collect();
    let trials = (family == FamilyChoice::Binomial).then(|| {
        rows.iter()
            .map(|(i, _)| s.n[*i] * (s.n[*i] - 1.0) / 2.0)
            .collect()
    });
    let cluster = d.cluster.as_ref().map(|(_, v)| {
        let ids: BTreeMap<&str, u32> = rows
            .iter()
            .filter_map(|(i, _)| v.get(&s.ptces[*i]).map(|x| x.trim()))
            .collect::<std::collections::BTreeSet<&str>>()
            .into_iter()
            .zip(0u32..)
            .collect();
        rows.iter()
            .map(|(i, _)| {
                v.get(&s.ptces[*i])
                    .and_then(|x| ids.get(x.trim()).copied())
                    .unwrap_or(0)
            })
            .collect()
    });
    Ok(Design {
        names,
        x,
        y: rows.iter().map(|(_, y)| *y).collect(),
        trials,
        cluster,
        group_columns,
        n_dropped,
        ptces: rows.iter().map(|(i, _)| s.ptces[*i].clone()).collect(),
    })
}

fn se_name(s: models::SeType) -> &'static str {
    s.name()
}

/// Fits one model.
fn fit_one(
    d: &ModelData,
    s: &SnapshotData,
    k: usize,
    cfg: &ModelsConfig,
    level: f64,
) -> FittedModel {
    let outcome = &OUTCOMES[k];
    let family = cfg
        .families
        .get(outcome.name)
        .copied()
        .unwrap_or(outcome.family);
    let mut out = FittedModel {
        outcome: outcome.name,
        primary: outcome.primary,
        snapshot: s.snapshot.clone(),
        family,
        se_type: String::new(),
        terms: Vec::new(),
        n: 0,
        n_dropped: 0,
        fit: None,
        status: String::new(),
    };
    let design = match build(d, s, k, family, cfg) {
        Ok(x) => x,
        Err(NoDesign::Status(st)) => {
            out.status = st;
            return out;
        }
    };
    out.n = design.y.len();
    out.n_dropped = design.n_dropped;
    let input = ModelInput {
        family: engine_family(family),
        y: &design.y,
        trials: design.trials.as_deref(),
        x: &design.x,
        names: &design.names,
        cluster: design.cluster.as_deref(),
        level,
    };
    match models::fit_model(&input) {
        Err(e) => {
            let (code, text) = (e.code(), e.to_string());
            // The row of a leverage of 1 is named by its PTCE: a row number would follow the
            // order of the identifiers.
            let text = match e {
                models::ModelStatus::LeverageOne { row } => format!(
                    "PTCE {} has leverage 1 (HC3 undefined)",
                    design.ptces.get(row).map_or("?", String::as_str)
                ),
                _ => text,
            };
            out.status = if text.starts_with(code) {
                text
            } else {
                format!("{code}: {text}")
            };
            out.terms = design
                .names
                .iter()
                .map(|t| TermRow::of(t.clone(), None))
                .collect();
        }
        Ok(fit) => {
            out.se_type = se_name(fit.se_type).to_string();
            out.status = match fit.n_clusters {
                Some(g) if g < cfg.min_clusters => "few_clusters".to_string(),
                _ => "ok".to_string(),
            };
            out.terms = fit
                .coefs
                .iter()
                .map(|c| TermRow::of(c.name.clone(), Some(&c.wald)))
                .collect();
            let dummies: Vec<usize> = design.group_columns.iter().map(|(c, _)| *c).collect();
            for (col, name) in &design.group_columns {
                let siblings: Vec<usize> = dummies.iter().copied().filter(|c| c != col).collect();
                let e = models::average_marginal_effect(&fit, &design.x, *col, &siblings, level);
                out.terms
                    .push(TermRow::of(format!("ame:{name}"), e.as_ref()));
            }
            out.fit = Some(fit);
        }
    }
    out
}

/// Fits every outcome × snapshot model, then adjusts the group terms of the primary outcomes of
/// each snapshot (Benjamini–Hochberg).
///
/// # Returns
/// The models, snapshot by snapshot (`all` first), outcomes in [`OUTCOMES`] order.
///
/// # Complexity
/// O(outcomes · snapshots · n · k²); models in parallel, collected in order.
pub fn fit_all(d: &ModelData, cfg: &ModelsConfig, level: f64) -> Vec<FittedModel> {
    use rayon::prelude::*;
    let tasks: Vec<(&SnapshotData, usize)> = d
        .snapshots
        .iter()
        .flat_map(|s| (0..OUTCOMES.len()).map(move |k| (s, k)))
        .collect();
    let mut fits: Vec<FittedModel> = tasks
        .par_iter()
        .map(|(s, k)| fit_one(d, s, *k, cfg, level))
        .collect();
    // BH families: one snapshot, the group terms of the primary outcomes that were fitted.
    let mut family: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (m, f) in fits.iter().enumerate() {
        if !f.primary || f.fit.is_none() {
            continue;
        }
        for (t, r) in f.terms.iter().enumerate() {
            if r.term.starts_with("group[") && r.p_value.is_some() {
                family.entry(f.snapshot.clone()).or_default().push((m, t));
            }
        }
    }
    for members in family.values() {
        let p: Vec<Option<f64>> = members
            .iter()
            .map(|&(m, t)| fits[m].terms[t].p_value)
            .collect();
        for (&(m, t), a) in members.iter().zip(crate::stats::benjamini_hochberg(&p)) {
            fits[m].terms[t].p_adjusted = a;
        }
    }
    fits
}
