//! What speeds formalization up (issue 18): a cause-specific Cox model of each transition of the
//! event data on the group and the covariates (Efron ties, counting-process rows for delayed
//! entry, cluster-robust errors when `[models] cluster` is set), `cox.zph` for proportional
//! hazards, and a Fine–Gray model of formalization with dissolution competing. Tables
//! `event_models`, `event_models_fit` and `event_models_ph` (columns in `docs/outputs.md`).

use std::collections::BTreeMap;

use super::data::EventData;
use crate::events::{FineGrayCensoring, EVENT};
use crate::hazards::{
    cox_fit, cox_zph, fine_gray, fine_gray_delayed, hazard_ratios, CoxData, CoxStatus, HazardRatio,
    Test, Ties,
};
use crate::pipeline::models::data::Cell;
use crate::table::Table;

/// The design of one transition: complete cases only.
struct Design {
    ptce: Vec<String>,
    start: Vec<f64>,
    stop: Vec<f64>,
    cause: Vec<u8>,
    group: Vec<u32>,
    x: Vec<Vec<f64>>,
    names: Vec<String>,
    /// `(term, columns)` for `cox.zph`.
    terms: Vec<(String, Vec<usize>)>,
    cluster: Option<Vec<u32>>,
}

/// The regressors: the group (treatment-coded against the first group), `log_n` at the origin,
/// and every `[models]` covariate (numeric as is, categorical treatment-coded against its first
/// level). Rows with a missing value are left out.
fn design(d: &EventData, k: usize) -> Design {
    let mut names: Vec<String> = Vec::new();
    let mut terms: Vec<(String, Vec<usize>)> = Vec::new();
    let mut push_term = |term: &str, cols: Vec<String>| {
        let first = names.len();
        let idx: Vec<usize> = (first..first + cols.len()).collect();
        names.extend(cols);
        if !idx.is_empty() {
            terms.push((term.to_string(), idx));
        }
    };
    push_term(
        "group",
        d.groups
            .iter()
            .skip(1)
            .map(|g| format!("group_{g}"))
            .collect(),
    );
    push_term("log_n", vec!["log_n".to_string()]);
    for c in &d.covariates {
        if c.levels.is_empty() {
            push_term(&c.name, vec![c.name.clone()]);
        } else {
            push_term(
                &c.name,
                c.levels
                    .iter()
                    .skip(1)
                    .map(|l| format!("{}_{l}", c.name))
                    .collect(),
            );
        }
    }
    let mut codes: BTreeMap<&str, u32> = BTreeMap::new();
    if let Some((_, m)) = &d.cluster {
        for v in m.values().filter(|v| !v.is_empty()) {
            let n = codes.len() as u32;
            codes.entry(v.as_str()).or_insert(n);
        }
    }
    let mut out = Design {
        ptce: Vec::new(),
        start: Vec::new(),
        stop: Vec::new(),
        cause: Vec::new(),
        group: Vec::new(),
        x: Vec::new(),
        names,
        terms,
        cluster: d.cluster.as_ref().map(|_| Vec::new()),
    };
    'rows: for r in d.rows.iter().filter(|r| r.transition == k) {
        let mut x: Vec<f64> = (1..d.groups.len())
            .map(|g| f64::from(u8::from(r.group == g)))
            .collect();
        let Some(log_n) = r.log_n else { continue };
        x.push(log_n);
        for c in &d.covariates {
            match c.values.get(&r.ptce_id) {
                Some(Cell::Num(v)) if c.levels.is_empty() => x.push(*v),
                Some(Cell::Level(l)) if !c.levels.is_empty() => {
                    x.extend(c.levels.iter().skip(1).map(|m| f64::from(u8::from(m == l))));
                }
                _ => continue 'rows,
            }
        }
        if let (Some(cl), Some((_, m))) = (out.cluster.as_mut(), &d.cluster) {
            match m.get(&r.ptce_id).and_then(|v| codes.get(v.as_str())) {
                Some(c) => cl.push(*c),
                None => continue 'rows,
            }
        }
        out.ptce.push(r.ptce_id.clone());
        // Entry 0 is written −0.5 so that an event on the origin day (exit 0) stays at risk.
        out.start.push(if r.entry > 0.0 { r.entry } else { -0.5 });
        out.stop.push(r.exit);
        out.cause.push(r.status);
        out.group.push(r.group as u32);
        out.x.push(x);
    }
    out
}

/// One fitted (or failed) model.
#[derive(Debug, Clone, PartialEq)]
pub struct EventModel {
    /// Index into `EventData::transitions`.
    pub transition: usize,
    /// `cox` or `fine_gray`.
    pub model: &'static str,
    /// Term names (also when the fit failed).
    pub names: Vec<String>,
    /// Coefficients with their intervals, or the reason there are none.
    pub fit: Result<Vec<HazardRatio>, CoxStatus>,
    /// `model`, `robust` (coxph cluster), `crr` (crr sandwich) or `finegray_robust`.
    pub se_type: &'static str,
    /// Rows and events of the model.
    pub n: usize,
    /// Events of interest.
    pub n_events: usize,
    /// Fit statistics: loglik null and at the estimate, tests, iterations.
    pub stats: Option<FitStats>,
    /// Proportional-hazards tests (Cox only): per term then `GLOBAL`.
    pub ph: Vec<(String, Option<Test>)>,
}

/// The fit statistics of a model.
#[derive(Debug, Clone, PartialEq)]
pub struct FitStats {
    /// Log (partial or pseudo-) likelihood at 0 and at the estimate.
    pub loglik: (f64, f64),
    /// Likelihood-ratio, Wald, score and robust score tests (the latter two Cox only).
    pub tests: [Option<Test>; 4],
    /// Newton iterations.
    pub iterations: usize,
}

fn cox_model(k: usize, des: &Design) -> EventModel {
    let event: Vec<bool> = des.cause.iter().map(|c| *c == EVENT).collect();
    let cd = CoxData {
        cluster: des.cluster.as_deref(),
        ..CoxData::new(&des.start, &des.stop, &event, &des.x, &des.names)
    };
    let n_events = event.iter().filter(|e| **e).count();
    let base = EventModel {
        transition: k,
        model: "cox",
        names: des.names.clone(),
        fit: Err(CoxStatus::NoEvents),
        se_type: if des.cluster.is_some() {
            "robust"
        } else {
            "model"
        },
        n: des.stop.len(),
        n_events,
        stats: None,
        ph: Vec::new(),
    };
    match cox_fit(&cd, Ties::Efron) {
        Err(e) => EventModel {
            fit: Err(e),
            ..base
        },
        Ok(fit) => {
            let ph = match cox_zph(&fit, &cd, &des.terms) {
                Some(z) => z
                    .rows
                    .iter()
                    .chain(std::iter::once(&z.global))
                    .map(|r| (r.term.clone(), Test::chi2(r.chisq, r.df)))
                    .collect(),
                None => vec![("GLOBAL".to_string(), None)],
            };
            EventModel {
                fit: Ok(fit.hazard_ratios(des.cluster.is_some())),
                stats: Some(FitStats {
                    loglik: (fit.loglik_null, fit.loglik),
                    tests: [
                        Some(fit.lr),
                        Some(fit.wald_robust.unwrap_or(fit.wald)),
                        Some(fit.score),
                        fit.robust_score,
                    ],
                    iterations: fit.iterations,
                }),
                ph,
                ..base
            }
        }
    }
}

fn fine_gray_model(
    d: &EventData,
    k: usize,
    des: &Design,
    censoring: FineGrayCensoring,
) -> EventModel {
    let n_events = des.cause.iter().filter(|c| **c == EVENT).count();
    let base = EventModel {
        transition: k,
        model: "fine_gray",
        names: des.names.clone(),
        fit: Err(CoxStatus::NoEvents),
        se_type: if d.delayed { "finegray_robust" } else { "crr" },
        n: des.stop.len(),
        n_events,
        stats: None,
        ph: Vec::new(),
    };
    if d.delayed {
        return match fine_gray_delayed(&des.start, &des.stop, &des.cause, &des.x, &des.names) {
            Err(e) => EventModel {
                fit: Err(e),
                ..base
            },
            Ok(fit) => EventModel {
                fit: Ok(fit.hazard_ratios(true)),
                stats: Some(FitStats {
                    loglik: (fit.loglik_null, fit.loglik),
                    tests: [Some(fit.lr), fit.wald_robust, None, None],
                    iterations: fit.iterations,
                }),
                ..base
            },
        };
    }
    let time: Vec<f64> = des.stop.clone();
    let cengroup = (censoring == FineGrayCensoring::Group).then_some(des.group.as_slice());
    match fine_gray(&time, &des.cause, &des.x, &des.names, cengroup) {
        Err(e) => EventModel {
            fit: Err(e),
            ..base
        },
        Ok(fit) => {
            let lr = Test::chi2(2.0 * (fit.loglik - fit.loglik_null), fit.beta.len());
            let wald = crate::hazards::wald_test(&fit.beta, &fit.var);
            EventModel {
                fit: Ok(hazard_ratios(&fit.names, &fit.beta, &fit.var)),
                stats: Some(FitStats {
                    loglik: (fit.loglik_null, fit.loglik),
                    tests: [lr, wald, None, None],
                    iterations: fit.iterations,
                }),
                ..base
            }
        }
    }
}

/// Fits the cause-specific Cox model of every transition and the Fine–Gray model of the first
/// (formalization).
///
/// # Complexity
/// O(T · n² p²) at worst.
pub fn event_models(d: &EventData, censoring: FineGrayCensoring) -> Vec<EventModel> {
    let mut out = Vec::new();
    for k in 0..d.transitions.len() {
        let des = design(d, k);
        out.push(cox_model(k, &des));
        if k == 0 {
            out.push(fine_gray_model(d, k, &des, censoring));
        }
    }
    out
}

/// `tables/event_models.csv`: one row per model × term.
pub fn event_models_table(d: &EventData, models: &[EventModel]) -> Table {
    type Row<'a> = (&'a EventModel, &'a str, Option<&'a HazardRatio>);
    let mut rows: Vec<Row> = Vec::new();
    for m in models {
        match &m.fit {
            Ok(hr) => rows.extend(hr.iter().map(|h| (m, h.term.as_str(), Some(h)))),
            Err(_) => rows.extend(m.names.iter().map(|t| (m, t.as_str(), None))),
        }
    }
    let f = |g: fn(&HazardRatio) -> f64| {
        rows.iter()
            .map(move |(_, _, h)| h.map(g).filter(|x| x.is_finite()))
            .collect::<Vec<_>>()
    };
    Table::new("event_models")
        .str(
            "transition",
            rows.iter()
                .map(|(m, _, _)| Some(d.transitions[m.transition].name.clone())),
        )
        .str("model", rows.iter().map(|(m, _, _)| Some(m.model)))
        .str("term", rows.iter().map(|(_, t, _)| Some(t.to_string())))
        .float("estimate", f(|h| h.estimate))
        .float("hazard_ratio", f(|h| h.hazard_ratio))
        .float("std_error", f(|h| h.std_error))
        .str("se_type", rows.iter().map(|(m, _, _)| Some(m.se_type)))
        .float("statistic", f(|h| h.statistic))
        .float("p_value", f(|h| h.p_value))
        .float("ci_low", f(|h| h.ci_low))
        .float("ci_high", f(|h| h.ci_high))
        .int("n", rows.iter().map(|(m, _, _)| Some(m.n as i64)))
        .int(
            "n_events",
            rows.iter().map(|(m, _, _)| Some(m.n_events as i64)),
        )
        .str("status", rows.iter().map(|(m, _, _)| Some(status(m))))
}

/// `ok` or the snake_case reason of a failed fit.
pub fn status(m: &EventModel) -> &'static str {
    match &m.fit {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

/// `tables/event_models_fit.csv`: one row per model.
pub fn event_models_fit_table(d: &EventData, models: &[EventModel]) -> Table {
    let mut t = Table::new("event_models_fit")
        .str(
            "transition",
            models
                .iter()
                .map(|m| Some(d.transitions[m.transition].name.clone())),
        )
        .str("model", models.iter().map(|m| Some(m.model)))
        .int("n", models.iter().map(|m| Some(m.n as i64)))
        .int("n_events", models.iter().map(|m| Some(m.n_events as i64)))
        .float(
            "loglik_null",
            models.iter().map(|m| m.stats.as_ref().map(|s| s.loglik.0)),
        )
        .float(
            "loglik",
            models.iter().map(|m| m.stats.as_ref().map(|s| s.loglik.1)),
        );
    for (i, name) in ["lr", "wald", "score", "robust_score"].iter().enumerate() {
        let test = |m: &EventModel| m.stats.as_ref().and_then(|s| s.tests[i]);
        t = t
            .float(
                &format!("{name}_chisq"),
                models.iter().map(|m| test(m).map(|x| x.statistic)),
            )
            .int(
                &format!("{name}_df"),
                models.iter().map(|m| test(m).map(|x| x.df as i64)),
            )
            .float(
                &format!("{name}_p"),
                models.iter().map(|m| test(m).map(|x| x.p_value)),
            );
    }
    t.int(
        "iterations",
        models
            .iter()
            .map(|m| m.stats.as_ref().map(|s| s.iterations as i64)),
    )
    .str(
        "converged",
        models
            .iter()
            .map(|m| Some(if m.fit.is_ok() { "true" } else { "false" })),
    )
    .str("status", models.iter().map(|m| Some(status(m))))
}

/// `tables/event_models_ph.csv`: `cox.zph` per Cox model, per term then `GLOBAL`.
pub fn event_models_ph_table(d: &EventData, models: &[EventModel]) -> Table {
    let rows: Vec<(&EventModel, &String, &Option<Test>)> = models
        .iter()
        .flat_map(|m| m.ph.iter().map(move |(t, x)| (m, t, x)))
        .collect();
    Table::new("event_models_ph")
        .str(
            "transition",
            rows.iter()
                .map(|(m, _, _)| Some(d.transitions[m.transition].name.clone())),
        )
        .str("term", rows.iter().map(|(_, t, _)| Some(t.to_string())))
        .float("chisq", rows.iter().map(|(_, _, x)| x.map(|x| x.statistic)))
        .int("df", rows.iter().map(|(_, _, x)| x.map(|x| x.df as i64)))
        .float("p_value", rows.iter().map(|(_, _, x)| x.map(|x| x.p_value)))
        .str(
            "status",
            rows.iter()
                .map(|(_, _, x)| Some(if x.is_some() { "ok" } else { "not_computed" })),
        )
}
