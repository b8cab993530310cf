//! What the report says of the event history (stage section): the estimator shown and why, the
//! median time to formalize per group with its range under the partial dates' bounds, the share
//! that ended (dormancy or dissolution) before formalizing, Gray's test, the adjusted hazard
//! ratio of the group, and the terms that fail the proportional-hazards test. Read from the
//! step's tables, so that the report says what the tables hold.

use crate::charts::i18n::{format_number, format_p, group_label, Lang};
use crate::config::Language;
use crate::table::{Table, Values};

/// The text cells of a column (empty strings when absent or not text).
pub(crate) fn text(t: &Table, name: &str) -> Vec<String> {
    match t.column(name).map(|c| &c.values) {
        Some(Values::Str(v)) => v
            .iter()
            .map(|x| x.unwrap_or_default().to_string())
            .collect(),
        _ => vec![String::new(); t.height()],
    }
}

/// The numeric cells of a column (`None` when absent or empty).
pub(crate) fn num(t: &Table, name: &str) -> Vec<Option<f64>> {
    match t.column(name).map(|c| &c.values) {
        Some(Values::Float(v)) => v.to_vec(),
        Some(Values::Int(v)) => v.iter().map(|x| x.map(|i| i as f64)).collect(),
        _ => vec![None; t.height()],
    }
}

fn years(days: f64, lang: Lang) -> String {
    format_number(days / 365.25, 1, lang)
}

/// The sentences, in the report's language; empty when the step's tables are absent.
///
/// # Arguments
/// * `tables` - the run's tables (`event_data`, `sensitivity_dates`, `cumulative_incidence`,
///   `cumulative_incidence_tests`, `event_models`, `event_models_ph`).
/// * `language` - the report's language.
pub fn sentences(tables: &[Table], language: Language) -> Vec<String> {
    let lang = if language == Language::Fr {
        Lang::Fr
    } else {
        Lang::En
    };
    let find = |n: &str| tables.iter().find(|t| t.name == n);
    let (Some(data), Some(sens)) = (find("event_data"), find("sensitivity_dates")) else {
        return Vec::new();
    };
    let formal = "s1_to_s3";
    let mut out = Vec::new();
    let estimator = find("cumulative_incidence")
        .and_then(|t| text(t, "estimator").into_iter().next())
        .unwrap_or_default();
    out.push(if estimator == "aalen_johansen_delayed" {
        lang.pick(
            "Incidence cumulée de formalisation (S1 → S3) par l’estimateur d’Aalen–Johansen avec entrée retardée (observation à partir de [events] observed_from, comme survfit(id =) de R) : une dormance ou dissolution avant S3 y est un risque concurrent, non une censure, que Kaplan–Meier traiterait comme si le PTCE pouvait encore se formaliser.",
            "Cumulative incidence of formalization (S1 → S3) by the Aalen–Johansen estimator with delayed entry (observation from [events] observed_from, as R's survfit(id =)): dormancy or dissolution before S3 is a competing risk, not censoring, which Kaplan–Meier would treat as if the PTCE could still formalize.",
        )
        .to_string()
    } else {
        lang.pick(
            "Incidence cumulée de formalisation (S1 → S3) par l’estimateur d’Aalen–Johansen (cmprsk::cuminc) : une dormance ou dissolution avant S3 y est un risque concurrent, non une censure, que Kaplan–Meier traiterait comme si le PTCE pouvait encore se formaliser.",
            "Cumulative incidence of formalization (S1 → S3) by the Aalen–Johansen estimator (cmprsk::cuminc): dormancy or dissolution before S3 is a competing risk, not censoring, which Kaplan–Meier would treat as if the PTCE could still formalize.",
        )
        .to_string()
    });
    let (dt, dg, ds) = (
        text(data, "transition"),
        text(data, "group"),
        text(data, "status"),
    );
    let (st, sg, ss, sm) = (
        text(sens, "transition"),
        text(sens, "group"),
        text(sens, "scenario"),
        num(sens, "median_days"),
    );
    let mut groups: Vec<String> = Vec::new();
    for (i, g) in dg.iter().enumerate() {
        if dt[i] == formal && !groups.contains(g) {
            groups.push(g.clone());
        }
    }
    for g in &groups {
        let n = (0..dt.len())
            .filter(|&i| dt[i] == formal && dg[i] == *g)
            .count();
        let ended = (0..dt.len())
            .filter(|&i| dt[i] == formal && dg[i] == *g && ds[i] == "competing")
            .count();
        let median = |scenario: &str| {
            (0..st.len())
                .find(|&i| st[i] == formal && sg[i] == *g && ss[i] == scenario)
                .and_then(|i| sm[i])
        };
        let imputed = (0..st.len())
            .find(|&i| st[i] == formal && sg[i] == *g)
            .and_then(|i| sm[i]);
        let label = group_label(g, lang);
        let share = format_number(100.0 * ended as f64 / n.max(1) as f64, 0, lang);
        let median_text = match (imputed, median("shortest"), median("longest")) {
            (Some(m), Some(a), Some(b)) => match lang {
                Lang::Fr => format!(
                    "délai médian de formalisation {} ans ({} à {} ans selon que les dates partielles sont prises au plus court ou au plus long)",
                    years(m, lang),
                    years(a.min(b), lang),
                    years(a.max(b), lang)
                ),
                Lang::En => format!(
                    "median time to formalize {} years ({} to {} years with partial dates at their shortest and longest)",
                    years(m, lang),
                    years(a.min(b), lang),
                    years(a.max(b), lang)
                ),
            },
            (Some(m), _, _) => match lang {
                Lang::Fr => format!("délai médian de formalisation {} ans", years(m, lang)),
                Lang::En => format!("median time to formalize {} years", years(m, lang)),
            },
            _ => lang
                .pick(
                    "moins de la moitié formalisés : délai médian non atteint",
                    "fewer than half formalized: median time not reached",
                )
                .to_string(),
        };
        out.push(match lang {
            Lang::Fr => format!(
                "PTCE {label} : {median_text} ; {ended} sur {n} ({share} %) sont entrés en dormance ou dissous avant de se formaliser."
            ),
            Lang::En => format!(
                "{label} PTCEs: {median_text}; {ended} of {n} ({share}%) went dormant or dissolved before formalizing."
            ),
        });
    }
    if let Some(t) = find("cumulative_incidence_tests") {
        let (tt, tc, tp) = (text(t, "transition"), text(t, "cause"), num(t, "p_value"));
        if let Some(p) = (0..tt.len())
            .find(|&i| tt[i] == formal && tc[i] == "event")
            .and_then(|i| tp[i])
        {
            out.push(match lang {
                Lang::Fr => format!(
                    "Test de Gray d’égalité des incidences cumulées de formalisation entre groupes : {}.",
                    format_p(p, lang)
                ),
                Lang::En => format!(
                    "Gray's test of equal cumulative incidence of formalization between groups: {}.",
                    format_p(p, lang)
                ),
            });
        }
    }
    if let Some(m) = find("event_models") {
        let (mt, mm, term, status) = (
            text(m, "transition"),
            text(m, "model"),
            text(m, "term"),
            text(m, "status"),
        );
        let (hr, lo, hi, p) = (
            num(m, "hazard_ratio"),
            num(m, "ci_low"),
            num(m, "ci_high"),
            num(m, "p_value"),
        );
        let reference = groups.first().cloned().unwrap_or_default();
        for i in 0..mt.len() {
            let Some(g) = term[i].strip_prefix("group_") else {
                continue;
            };
            if mt[i] != formal || status[i] != "ok" {
                continue;
            }
            let (Some(h), Some(l), Some(u), Some(pv)) = (hr[i], lo[i], hi[i], p[i]) else {
                continue;
            };
            let f = |x: f64| format_number(x, 2, lang);
            let (g, r) = (group_label(g, lang), group_label(&reference, lang));
            out.push(match (lang, mm[i].as_str()) {
                (Lang::Fr, "cox") => format!(
                    "À taille et covariables égales, le risque instantané de formalisation des PTCE {g} vaut {} fois celui des PTCE {r} (Cox par cause, IC à 95 % {}–{}, {}).",
                    f(h), f(l), f(u), format_p(pv, lang)
                ),
                (Lang::En, "cox") => format!(
                    "At equal size and covariates, the hazard of formalizing of {g} PTCEs is {} times that of {r} PTCEs (cause-specific Cox, 95% CI {}–{}, {}).",
                    f(h), f(l), f(u), format_p(pv, lang)
                ),
                (Lang::Fr, _) => format!(
                    "Modèle de Fine–Gray (risque de sous-distribution, dissolution concurrente) : rapport {} (IC à 95 % {}–{}, {}).",
                    f(h), f(l), f(u), format_p(pv, lang)
                ),
                (Lang::En, _) => format!(
                    "Fine–Gray model (subdistribution hazard, dissolution competing): ratio {} (95% CI {}–{}, {}).",
                    f(h), f(l), f(u), format_p(pv, lang)
                ),
            });
        }
    }
    if let Some(ph) = find("event_models_ph") {
        let (pt, pterm, pp) = (text(ph, "transition"), text(ph, "term"), num(ph, "p_value"));
        let fails: Vec<String> = (0..pt.len())
            .filter(|&i| pterm[i] != "GLOBAL" && pp[i].is_some_and(|p| p < 0.05))
            .map(|i| {
                format!(
                    "{} ({}, {})",
                    pterm[i],
                    pt[i].replace("_to_", " → ").to_uppercase(),
                    format_p(pp[i].unwrap_or(1.0), lang)
                )
            })
            .collect();
        if !fails.is_empty() {
            out.push(match lang {
                Lang::Fr => format!(
                    "Hypothèse des risques proportionnels rejetée (cox.zph, p < 0,05) pour : {} ; le rapport de risques y est une moyenne sur la durée.",
                    fails.join(", ")
                ),
                Lang::En => format!(
                    "Proportional hazards rejected (cox.zph, p < 0.05) for: {}; the hazard ratio there is an average over time.",
                    fails.join(", ")
                ),
            });
        }
    }
    out
}
