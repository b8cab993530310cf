//! What the report says of the size-adjusted models: one sentence per primary outcome of the
//! `all` snapshot, and a compact table of the group effects of every snapshot.

use crate::charts::i18n::{format_number, format_p, group_label, measure_label, Lang};
use crate::config::Language;
use crate::table::{Table, Values};

/// The text cells of a column (empty when absent).
fn text(t: &Table, name: &str) -> Vec<String> {
    match t.column(name).map(|c| &c.values) {
        Some(Values::Str(v)) => v
            .iter()
            .map(|x| x.unwrap_or_default().to_string())
            .collect(),
        Some(Values::Int(v)) => v
            .iter()
            .map(|x| x.map(|i| i.to_string()).unwrap_or_default())
            .collect(),
        Some(Values::Float(v)) => v
            .iter()
            .map(|x| x.map(crate::table::format_float).unwrap_or_default())
            .collect(),
        None => vec![String::new(); t.height()],
    }
}

/// The numeric cells of a column (`None` when absent or empty).
fn num(t: &Table, name: &str) -> Vec<Option<f64>> {
    match t.column(name).map(|c| &c.values) {
        Some(Values::Float(v)) => v.to_vec(),
        Some(Values::Int(v)) => v.iter().map(|x| x.map(|i| i as f64)).collect(),
        _ => vec![None; t.height()],
    }
}

/// One group effect with the adjusted p of its coefficient.
struct Effect {
    snapshot: String,
    outcome: String,
    model: String,
    group: String,
    estimate: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    p_adjusted: Option<f64>,
    n: Option<f64>,
    status: String,
    primary: bool,
}

fn effects(models: &Table) -> Vec<Effect> {
    let (outcome, snapshot, model, term, status, primary) = (
        text(models, "outcome"),
        text(models, "snapshot"),
        text(models, "model"),
        text(models, "term"),
        text(models, "status"),
        text(models, "primary"),
    );
    let (est, lo, hi, padj, n) = (
        num(models, "estimate"),
        num(models, "ci_low"),
        num(models, "ci_high"),
        num(models, "p_adjusted"),
        num(models, "n"),
    );
    let mut out = Vec::new();
    for i in 0..models.height() {
        let Some(group) = term[i]
            .strip_prefix("ame:group[")
            .and_then(|g| g.strip_suffix(']'))
        else {
            continue;
        };
        let coef = format!("group[{group}]");
        let p_adjusted = (0..models.height())
            .find(|&j| term[j] == coef && outcome[j] == outcome[i] && snapshot[j] == snapshot[i])
            .and_then(|j| padj[j]);
        out.push(Effect {
            snapshot: snapshot[i].clone(),
            outcome: outcome[i].clone(),
            model: model[i].clone(),
            group: group.to_string(),
            estimate: est[i],
            low: lo[i],
            high: hi[i],
            p_adjusted,
            n: n[i],
            status: status[i].clone(),
            primary: primary[i] == "yes",
        });
    }
    out
}

/// Decimals that show an interval of width `w` with two significant digits.
fn decimals(w: f64) -> usize {
    if !(w.is_finite() && w > 0.0) {
        return 2;
    }
    (1 - w.log10().floor() as i64).clamp(0, 4) as usize
}

/// One sentence per fitted primary outcome of the `all` snapshot, e.g. "density: −0.04 for group
/// “rural” relative to group “urban” at equal size (95% CI −0.07 to −0.01; adjusted p = 0.012)."
///
/// # Arguments
/// * `models` - the table `models`.
/// * `reference` - the reference group.
/// * `lang` - the report's language.
pub fn sentences(models: &Table, reference: &str, language: Language) -> Vec<String> {
    let lang = if language == Language::Fr {
        Lang::Fr
    } else {
        Lang::En
    };
    let mut out = Vec::new();
    for e in effects(models) {
        if e.snapshot != "all" || !e.primary || !(e.status == "ok" || e.status == "few_clusters") {
            continue;
        }
        let (Some(x), Some(a), Some(b)) = (e.estimate, e.low, e.high) else {
            continue;
        };
        let d = decimals(b - a);
        let (g, r, m) = (
            group_label(&e.group, lang),
            group_label(reference, lang),
            measure_label(&e.outcome, lang),
        );
        let signed = format!(
            "{}{}",
            if x >= 0.0 { "+" } else { "" },
            format_number(x, d, lang)
        );
        let p = e
            .p_adjusted
            .map(|p| format_p(p, lang).replacen('p', lang.pick("p ajusté", "adjusted p"), 1))
            .unwrap_or_else(|| lang.pick("hors famille", "not in the family").to_string());
        let caution = if e.status == "few_clusters" {
            lang.pick(" ; peu de grappes", "; few clusters")
        } else {
            ""
        };
        let line = match lang {
            Lang::Fr => format!(
                "{m} : {signed} pour le groupe « {g} » par rapport au groupe « {r} », à taille égale (IC à 95 % : {} à {} ; {p}{caution}).",
                format_number(a, d, lang),
                format_number(b, d, lang),
            ),
            Lang::En => format!(
                "{m}: {signed} for group “{g}” relative to group “{r}” at equal size (95% CI {} to {}; {p}{caution}).",
                format_number(a, d, lang),
                format_number(b, d, lang),
            ),
        };
        out.push(line);
    }
    out
}

/// `models_summary` (shown in the report, not written): one row per group effect of every
/// snapshot: `snapshot`, `outcome`, `model`, `group`, `ame`, `ci_low`, `ci_high`, `p_adjusted`
/// (of the group's coefficient), `n`, `status`.
pub fn summary_table(models: &Table) -> Table {
    let e = effects(models);
    Table::new("models_summary")
        .str("snapshot", e.iter().map(|e| Some(e.snapshot.clone())))
        .str("outcome", e.iter().map(|e| Some(e.outcome.clone())))
        .str("model", e.iter().map(|e| Some(e.model.clone())))
        .str("group", e.iter().map(|e| Some(e.group.clone())))
        .float("ame", e.iter().map(|e| e.estimate))
        .float("ci_low", e.iter().map(|e| e.low))
        .float("ci_high", e.iter().map(|e| e.high))
        .float("p_adjusted", e.iter().map(|e| e.p_adjusted))
        .int("n", e.iter().map(|e| e.n.map(|n| n as i64)))
        .str("status", e.iter().map(|e| Some(e.status.clone())))
}
