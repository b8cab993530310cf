//! `event_models_forest`: hazard ratios of the event-history models (issue 18) as a forest plot on
//! a log scale, one row per transition × model × term with its 95 % interval; the group's rows
//! in the group's colour, the others in ink; hollow markers for terms whose proportional-hazards
//! test fails (p < 0.05 in `event_models_ph`). Source: `event_models` (transition, model, term,
//! hazard_ratio, ci_low, ci_high, status) and `event_models_ph`.

use super::data::{self, Cols};
use super::draw::{self, Ctx};
use super::i18n::{actor_label, group_label, reference_sentence};
use super::ratio_forest::{draw_ratios, RatioRow, RatioTexts};
use super::theme::{group_style, INK};
use super::{ChartError, Drawn, Lang};
use crate::table::Table;

/// Label of a term of `event_models` in the figure's language: the group by its name, the size
/// and the covariates of `[models]` in words; a study's own column as it is named.
fn term_label(term: &str, lang: Lang) -> String {
    let l = |fr: &str, en: &str| lang.pick(fr, en).to_string();
    if let Some(g) = term.strip_prefix("group_") {
        return format!("{} {}", l("groupe", "group"), group_label(g, lang));
    }
    if let Some(t) = term.strip_prefix("pilot_actor_type_") {
        return format!("{} {}", l("pilote", "pilot"), actor_label(t, lang));
    }
    if let Some(c) = term.strip_prefix("cohort_") {
        return format!("{} {c}", l("cohorte", "cohort"));
    }
    match term {
        "log_n" => l("ln(membres à l’origine)", "ln(members at origin)"),
        "founded_year" => l("année de fondation", "founding year"),
        other => other.to_string(),
    }
}

/// Terms (`transition`, term) whose `cox.zph` p-value is below 0.05.
fn ph_failures(tables: &[Table]) -> Vec<(String, String)> {
    let Some(t) = data::find(tables, "event_models_ph") else {
        return Vec::new();
    };
    let c = Cols::new(t, "event_models_forest");
    let (Ok(tr), Ok(term), Ok(p)) = (c.text("transition"), c.text("term"), c.num("p_value")) else {
        return Vec::new();
    };
    (0..c.height())
        .filter(|&i| p[i].is_some_and(|p| p < 0.05) && term[i] != "GLOBAL")
        .map(|i| (tr[i].clone(), term[i].clone()))
        .collect()
}

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `event_models` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let Some(t) = data::find(tables, "event_models") else {
        return draw::svg(ctx, 100.0, |_| Ok(()));
    };
    let c = Cols::new(t, &ctx.figure);
    let (tr, model, term, hr, lo, hi, status) = (
        c.text("transition")?,
        c.text("model")?,
        c.text("term")?,
        c.num("hazard_ratio")?,
        c.num("ci_low")?,
        c.num("ci_high")?,
        c.text("status")?,
    );
    let fails = ph_failures(tables);
    let lang = ctx.lang;
    let rows: Vec<RatioRow> = (0..c.height())
        .filter(|&i| status[i] == "ok")
        .filter_map(|i| {
            let (h, l, u) = (hr[i]?, lo[i]?, hi[i]?);
            if !(h > 0.0 && l > 0.0 && u.is_finite()) {
                return None;
            }
            let m = if model[i] == "cox" {
                "Cox"
            } else {
                "Fine–Gray"
            };
            let arrow = tr[i].split_once("_to_").map_or(tr[i].clone(), |(a, b)| {
                format!("{}→{}", a.to_uppercase(), b.to_uppercase())
            });
            Some(RatioRow {
                label: format!(
                    "{arrow} {m}{}{}",
                    lang.pick(" : ", ": "),
                    term_label(&term[i], lang)
                ),
                colour: term[i]
                    .strip_prefix("group_")
                    .map_or(INK, |g| group_style(g).0),
                ratio: h,
                low: l,
                high: u,
                hollow: model[i] == "cox"
                    && fails.iter().any(|(t, x)| {
                        *t == tr[i] && (term[i] == *x || term[i].starts_with(&format!("{x}_")))
                    }),
            })
        })
        .collect();
    // The reference group: the first group of `event_data` without a term of its own.
    let with_term: Vec<&str> = (0..c.height())
        .filter_map(|i| term[i].strip_prefix("group_"))
        .collect();
    let reference = data::reference_group(tables, "event_data", &ctx.figure, &with_term);
    let mut note = vec![lang
        .pick(
            "carré vide : hypothèse des risques proportionnels rejetée (cox.zph, p < 0,05)",
            "hollow square: proportional hazards rejected (cox.zph, p < 0.05)",
        )
        .to_string()];
    if let (Some(r), false) = (reference, with_term.is_empty()) {
        note.push(reference_sentence(&r, lang));
    }
    draw_ratios(
        ctx,
        &rows,
        &RatioTexts {
            title: lang.pick(
                "Rapports de risques (échelle log) et IC à 95 %",
                "Hazard ratios (log scale) and 95% CI",
            ),
            axis: lang.pick("rapport de risques", "hazard ratio"),
            note: &note,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::FigureSize;

    #[test]
    fn terms_read_in_words() {
        let fr = |t: &str| term_label(t, Lang::Fr);
        let en = |t: &str| term_label(t, Lang::En);
        assert_eq!(fr("group_rural"), "groupe rural");
        assert_eq!(en("group_rural"), "group rural");
        assert_eq!(fr("log_n"), "ln(membres à l’origine)");
        assert_eq!(en("log_n"), "ln(members at origin)");
        assert_eq!(en("founded_year"), "founding year");
        assert_eq!(fr("cohort_2014+"), "cohorte 2014+");
        assert_eq!(en("pilot_actor_type_company"), "pilot company");
        assert_eq!(fr("taux_chomage"), "taux_chomage");
    }

    /// The rows read in words and the note names the reference group (the first group of
    /// `event_data` without a term of its own).
    #[test]
    fn the_note_names_the_reference_group() {
        let some = |v: &[&str]| v.iter().map(|s| Some(s.to_string())).collect::<Vec<_>>();
        let models = Table::new("event_models")
            .str("transition", some(&["s1_to_s3", "s1_to_s3"]))
            .str("model", some(&["cox", "cox"]))
            .str("term", some(&["group_rural", "log_n"]))
            .float("hazard_ratio", [Some(0.6), Some(1.3)])
            .float("ci_low", [Some(0.3), Some(0.7)])
            .float("ci_high", [Some(1.1), Some(2.5)])
            .str("status", some(&["ok", "ok"]));
        let data = Table::new("event_data").str("group", some(&["urban", "rural", "urban"]));
        for (lang, row, reference) in [
            (
                Lang::Fr,
                "S1→S3 Cox : groupe rural",
                "Référence : groupe « urbain ».",
            ),
            (
                Lang::En,
                "S1→S3 Cox: group rural",
                "Reference: group “urban”.",
            ),
        ] {
            let ctx = Ctx {
                lang,
                width: crate::charts::theme::width_du(FigureSize::Single),
                figure: "event_models_forest".to_string(),
            };
            let svg = draw(&[models.clone(), data.clone()], &ctx).unwrap().svg;
            for text in [row, reference] {
                let escaped = text.replace('«', "&#171;").replace('»', "&#187;");
                assert!(
                    svg.contains(text) || svg.contains(&escaped),
                    "{text:?} not drawn"
                );
            }
            let alone = draw(std::slice::from_ref(&models), &ctx).unwrap().svg;
            assert!(!alone.contains(reference), "no event_data, no reference");
        }
    }
}
