//! `tie_models_forest`: odds ratios of the pooled conditional logit of ties (issue 22) as a
//! forest plot on a log scale, snapshot `all`: the terms of the homophily specification, then the
//! family pairs of the mixing specification (against their reference pair), each with its
//! cluster-robust 95 % interval. Source: `tie_models` (snapshot, spec, term, odds_ratio, ci_low,
//! ci_high, status).

use super::data::{self, Cols};
use super::draw::{self, Ctx};
use super::i18n::actor_label;
use super::ratio_forest::{draw_ratios, RatioRow, RatioTexts};
use super::theme::{okabe_ito, INK, MARGIN, PT_SMALL};
use super::{ChartError, Drawn, Lang};
use crate::table::Table;

/// Label of a term of `tie_models` in the figure's language.
pub fn term_label(term: &str, lang: Lang) -> String {
    let l = |fr: &str, en: &str| lang.pick(fr, en).to_string();
    match term {
        "same_actor_type" => l("même type d’acteur", "same actor type"),
        "both_ess" => l("deux membres ESS", "both ESS"),
        "same_naf_section" => l("même section NAF", "same NAF section"),
        "same_commune" => l("même commune", "same commune"),
        "both_founders" => l("deux fondateurs", "both founders"),
        "pilot_involved" => l("avec le pilote", "pilot involved"),
        "tenure_gap_years" => l("écart d’ancienneté (an)", "tenure gap (year)"),
        t => {
            if let Some(g) = t.strip_prefix("same_actor_type:group_") {
                return format!("{} × {g}", term_label("same_actor_type", lang));
            }
            match t.split_once('[').and_then(|(_, r)| r.strip_suffix(']')) {
                Some(pair) => pair
                    .split('|')
                    .map(|x| family_label(x, lang))
                    .collect::<Vec<_>>()
                    .join(" – "),
                None => t.to_string(),
            }
        }
    }
}

/// Label of an actor family of the `mixing` specification, or of an actor type.
pub fn family_label(f: &str, lang: Lang) -> String {
    let l = |fr: &str, en: &str| lang.pick(fr, en).to_string();
    match f {
        "public" => l("public", "public"),
        "ess" => l("ESS", "ESS"),
        "company" => l("entreprise", "company"),
        "training_research" => l("formation, recherche", "training, research"),
        "citizen" => l("citoyen", "citizen"),
        "other" => l("autre", "other"),
        t => actor_label(t, lang),
    }
}

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `tie_models` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let Some(t) = data::find(tables, "tie_models") else {
        return draw::svg(ctx, 100.0, |_| Ok(()));
    };
    let c = Cols::new(t, &ctx.figure);
    let (snapshot, spec, term, or, lo, hi, status) = (
        c.text("snapshot")?,
        c.text("spec")?,
        c.text("term")?,
        c.num("odds_ratio")?,
        c.num("ci_low")?,
        c.num("ci_high")?,
        c.text("status")?,
    );
    let lang = ctx.lang;
    let reference = (0..c.height())
        .find(|&i| snapshot[i] == crate::network::ALL && status[i] == "reference")
        .map(|i| term_label(term[i].trim_start_matches("reference: "), lang))
        .unwrap_or_default();
    let rows: Vec<RatioRow> = (0..c.height())
        .filter(|&i| snapshot[i] == crate::network::ALL && status[i] == "ok")
        .filter_map(|i| {
            let (o, l, u) = (or[i]?, lo[i]?.exp(), hi[i]?.exp());
            if !(o > 0.0 && l > 0.0 && u.is_finite()) {
                return None;
            }
            let homophily = spec[i] == "homophily";
            Some(RatioRow {
                label: term_label(&term[i], lang),
                colour: if homophily { INK } else { okabe_ito::BLUE },
                ratio: o,
                low: l,
                high: u,
                hollow: !homophily,
            })
        })
        .collect();
    let note = match lang {
        Lang::Fr => format!("carrés pleins : modèle d’homophilie ; carrés vides : paires de familles d’acteurs (référence {reference}) ; logit conditionnel par réseau, erreurs robustes par PTCE"),
        Lang::En => format!("filled squares: homophily model; hollow squares: pairs of actor families (reference {reference}); conditional logit by network, errors clustered by PTCE"),
    };
    draw_ratios(
        ctx,
        &rows,
        &RatioTexts {
            title: lang.pick(
                "Rapports de cotes d’un lien (échelle log) et IC à 95 %",
                "Odds ratios of a tie (log scale) and 95% CI",
            ),
            axis: lang.pick("rapport de cotes", "odds ratio"),
            note: &draw::wrap(&note, PT_SMALL, ctx.w() - 2.0 * f64::from(MARGIN)),
        },
    )
}
