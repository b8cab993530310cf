//! `tables/models.csv` and `tables/model_fit.csv` (columns in `docs/statistics.md`).

use super::design::{family_name, FittedModel, TermRow};
use crate::table::Table;

/// `models.csv`: one row per outcome × snapshot × term (the group's average marginal effects as
/// `ame:group[<level>]`). A model that was not fitted keeps its term rows with empty numbers and
/// its reason in `status`.
pub fn models_table(fits: &[FittedModel]) -> Table {
    // A model without any term (no design at all) still gets one row saying why.
    let empty = TermRow::default();
    let all: Vec<(&FittedModel, &TermRow)> = fits
        .iter()
        .flat_map(|f| {
            if f.terms.is_empty() {
                vec![(f, &empty)]
            } else {
                f.terms.iter().map(|t| (f, t)).collect()
            }
        })
        .collect();
    let x = |pick: fn(&TermRow) -> Option<f64>| all.iter().map(move |(_, t)| pick(t));
    Table::new("models")
        .str(
            "outcome",
            all.iter().map(|(f, _)| Some(f.outcome.to_string())),
        )
        .str(
            "snapshot",
            all.iter().map(|(f, _)| Some(f.snapshot.clone())),
        )
        .str(
            "model",
            all.iter()
                .map(|(f, _)| Some(family_name(f.family).to_string())),
        )
        .str(
            "term",
            all.iter()
                .map(|(_, t)| Some(t.term.clone()).filter(|s| !s.is_empty())),
        )
        .float("estimate", x(|t| t.estimate))
        .float("std_error", x(|t| t.std_error))
        .str(
            "se_type",
            all.iter()
                .map(|(f, _)| Some(f.se_type.clone()).filter(|s| !s.is_empty())),
        )
        .float("statistic", x(|t| t.statistic))
        .float("p_value", x(|t| t.p_value))
        .float("p_adjusted", x(|t| t.p_adjusted))
        .float("ci_low", x(|t| t.ci_low))
        .float("ci_high", x(|t| t.ci_high))
        .int("n", all.iter().map(|(f, _)| Some(f.n as i64)))
        .str(
            "primary",
            all.iter()
                .map(|(f, _)| Some(if f.primary { "yes" } else { "no" }.to_string())),
        )
        .str("status", all.iter().map(|(f, _)| Some(f.status.clone())))
}

/// `model_fit.csv`: one row per model.
pub fn model_fit_table(fits: &[FittedModel]) -> Table {
    let num = |pick: fn(&crate::models::ModelFit) -> Option<f64>| {
        fits.iter().map(move |f| f.fit.as_ref().and_then(pick))
    };
    Table::new("model_fit")
        .str("outcome", fits.iter().map(|f| Some(f.outcome.to_string())))
        .str("snapshot", fits.iter().map(|f| Some(f.snapshot.clone())))
        .str(
            "model",
            fits.iter().map(|f| Some(family_name(f.family).to_string())),
        )
        .str(
            "se_type",
            fits.iter()
                .map(|f| Some(f.se_type.clone()).filter(|s| !s.is_empty())),
        )
        .int("n", fits.iter().map(|f| Some(f.n as i64)))
        .int("k", fits.iter().map(|f| f.fit.as_ref().map(|m| m.k as i64)))
        .float("df_resid", num(|m| Some(m.df_resid as f64)))
        .float("dispersion", num(|m| m.dispersion))
        .float("deviance", num(|m| Some(m.deviance)))
        .float("null_deviance", num(|m| Some(m.null_deviance)))
        .float("aic", num(|m| m.aic))
        .float("r2", num(|m| m.r2))
        .float("pseudo_r2", num(|m| m.pseudo_r2))
        .str(
            "converged",
            fits.iter().map(|f| {
                f.fit
                    .as_ref()
                    .map(|m| if m.converged { "yes" } else { "no" }.to_string())
            }),
        )
        .int(
            "iterations",
            fits.iter()
                .map(|f| f.fit.as_ref().map(|m| m.iterations as i64)),
        )
        .int("n_dropped", fits.iter().map(|f| Some(f.n_dropped as i64)))
        .int(
            "n_clusters",
            fits.iter()
                .map(|f| f.fit.as_ref().and_then(|m| m.n_clusters).map(|g| g as i64)),
        )
        .str("status", fits.iter().map(|f| Some(f.status.clone())))
}
