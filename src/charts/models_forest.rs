//! `models_forest`: the size-adjusted group effects (issue 16) as a forest plot, one panel per
//! snapshot, one row per primary outcome: the average marginal effect of each non-reference group
//! and its 95 % interval. Outcomes are on different scales, so positions are in standard
//! deviations of the outcome in that snapshot (from `model_data`), and each row writes its effect
//! on the measure's own scale at the right. Source: `models` (outcome, snapshot, term, estimate,
//! ci_low, ci_high, primary, status) and `model_data` (snapshot and one column per outcome).

use super::axes::{self, nice_ticks, Scale};
use super::data::{self, Cols};
use super::draw::{self, legend, line_height, Ctx, Mark, Pen};
use super::i18n::{format_number, format_tick, measure_label, reference_sentence, stage_label};
use super::theme::{self, group_style, text_width, Shape, INK, LIGHT, PT_SMALL, PT_TEXT};
use super::{ChartError, Drawn};
use crate::table::Table;
use plotters::style::text_anchor::{HPos, VPos};

/// One effect to draw.
struct Effect {
    snapshot: String,
    outcome: String,
    group: String,
    estimate: f64,
    low: f64,
    high: f64,
    /// Standard deviation of the outcome in the snapshot's model data.
    sd: f64,
}

/// Sample standard deviation of `outcome` at `snapshot` in `model_data`.
fn outcome_sd(tables: &[Table], snapshot: &str, outcome: &str) -> Option<f64> {
    let t = data::find(tables, "model_data")?;
    let c = Cols::new(t, "models_forest");
    let snaps = c.text("snapshot").ok()?;
    let v = c.num_opt(outcome)?;
    let x: Vec<f64> = (0..c.height())
        .filter(|&i| snaps[i] == snapshot)
        .filter_map(|i| v[i])
        .collect();
    crate::stats::describe(&x)
        .and_then(|s| s.sd)
        .filter(|s| *s > 0.0)
}

/// Significant digits for an effect of magnitude `x` (at least two significant digits).
fn decimals(x: f64) -> usize {
    let a = x.abs();
    if a == 0.0 || !a.is_finite() {
        return 2;
    }
    let d = 1 - a.log10().floor() as i64;
    d.clamp(1, 4) as usize
}

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `models` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    // On a narrow canvas the numbers go under each label instead of in a column of their own.
    let numbers_below = ctx.width < super::theme::width_du(super::FigureSize::Double);
    let Some(t) = data::find(tables, "models") else {
        return draw::svg(ctx, 100.0, |_| Ok(()));
    };
    let c = Cols::new(t, &ctx.figure);
    let (outcome, snapshot, term, est, lo, hi, primary, status) = (
        c.text("outcome")?,
        c.text("snapshot")?,
        c.text("term")?,
        c.num("estimate")?,
        c.num("ci_low")?,
        c.num("ci_high")?,
        c.text("primary")?,
        c.text("status")?,
    );
    let mut effects = Vec::new();
    for i in 0..c.height() {
        let Some(group) = term[i]
            .strip_prefix("ame:group[")
            .and_then(|g| g.strip_suffix(']'))
        else {
            continue;
        };
        if primary[i] != "yes" || !(status[i] == "ok" || status[i] == "few_clusters") {
            continue;
        }
        let (Some(e), Some(l), Some(h)) = (est[i], lo[i], hi[i]) else {
            continue;
        };
        let Some(sd) = outcome_sd(tables, &snapshot[i], &outcome[i]) else {
            continue;
        };
        effects.push(Effect {
            snapshot: snapshot[i].clone(),
            outcome: outcome[i].clone(),
            group: group.to_string(),
            estimate: e,
            low: l,
            high: h,
            sd,
        });
    }
    let mut snapshots = data::distinct(
        &effects
            .iter()
            .map(|e| e.snapshot.clone())
            .collect::<Vec<_>>(),
    );
    data::stage_order(&mut snapshots);
    // The whole history first, then the stages.
    snapshots.sort_by_key(|s| s != "all");
    let mut groups = data::distinct(&effects.iter().map(|e| e.group.clone()).collect::<Vec<_>>());
    data::group_order(&mut groups);
    let lang = ctx.lang;
    // The reference group: the first group of `model_data` that has no effect of its own.
    let with_effect: Vec<&str> = groups.iter().map(String::as_str).collect();
    let reference = data::reference_group(tables, "model_data", "models_forest", &with_effect)
        .unwrap_or_else(|| "urban".to_string());
    let per_group = if numbers_below {
        line_height(PT_SMALL)
    } else {
        14.0
    };
    let row_h = if numbers_below {
        line_height(PT_SMALL) * (1.0 + groups.len().max(1) as f64) + 8.0
    } else {
        30.0 + 14.0 * groups.len().saturating_sub(1) as f64
    };
    let title_h = line_height(PT_TEXT) + 8.0;
    let labels: Vec<String> = effects
        .iter()
        .map(|e| measure_label(&e.outcome, lang))
        .collect();
    let label_w = labels
        .iter()
        .map(|l| text_width(l, PT_SMALL))
        .fold(0.0, f64::max)
        + 16.0;
    let value_text = |e: &Effect| {
        let d = decimals(e.high - e.low);
        format!(
            "{} [{} ; {}]",
            format_number(e.estimate, d, lang),
            format_number(e.low, d, lang),
            format_number(e.high, d, lang)
        )
    };
    let value_w = if numbers_below {
        0.0
    } else {
        effects
            .iter()
            .map(|e| text_width(&value_text(e), PT_SMALL))
            .fold(0.0, f64::max)
            + 16.0
    };
    let label_w = if numbers_below {
        label_w.max(
            effects
                .iter()
                .map(|e| text_width(&value_text(e), PT_SMALL))
                .fold(0.0, f64::max)
                + 16.0,
        )
    } else {
        label_w
    };
    let margin = theme::MARGIN as f64;
    let (x0, x1) = (margin + label_w, ctx.w() - margin - value_w);
    // A common axis in outcome standard deviations, symmetric around 0.
    let reach = effects
        .iter()
        .flat_map(|e| [e.low / e.sd, e.high / e.sd])
        .fold(0.25f64, |a, b| a.max(b.abs()));
    let (ticks, step, tlo, thi) = nice_ticks(-reach, reach, 5);
    let xs = Scale::new(tlo, thi, x0, x1);
    let panel_h = |s: &str| {
        let rows = data::distinct(
            &effects
                .iter()
                .filter(|e| e.snapshot == s)
                .map(|e| e.outcome.clone())
                .collect::<Vec<_>>(),
        )
        .len();
        title_h + rows as f64 * row_h + axes::bottom_room(true) + 10.0
    };
    let items: Vec<(Mark, String)> = draw::group_items(&groups, lang);
    let legend_labels: Vec<String> = items.iter().map(|(_, l)| l.clone()).collect();
    let (_, legend_h) = draw::legend_layout(&legend_labels, ctx.w() - 2.0 * margin);
    let note_h = line_height(PT_SMALL) * 2.0 + 8.0;
    let body: f64 = snapshots.iter().map(|s| panel_h(s)).sum();
    let height = 2.0 * margin + body.max(60.0) + legend_h + note_h;
    let axis_title = if numbers_below {
        lang.pick(
            "effet à taille égale (écarts-types)",
            "effect at equal size (SD)",
        )
    } else {
        lang.pick(
            "effet moyen à taille égale, en écarts-types de la mesure",
            "average effect at equal size, in standard deviations of the measure",
        )
    };
    let title_w = text_width(axis_title, PT_SMALL);
    let title_x = ((x0 + x1) / 2.0)
        .min(ctx.w() - margin - title_w / 2.0)
        .max(margin + title_w / 2.0);

    draw::svg(ctx, height, |pen: &mut Pen| {
        let mut y = margin;
        if effects.is_empty() {
            pen.text(
                lang.pick("aucun modèle ajusté", "no fitted model"),
                margin,
                y,
                PT_TEXT,
                HPos::Left,
                VPos::Top,
            )?;
        }
        for s in &snapshots {
            let title = if s == "all" {
                stage_label("all", lang)
            } else {
                format!("{s} — {}", stage_label(s, lang))
            };
            pen.text(&title, margin, y, PT_TEXT, HPos::Left, VPos::Top)?;
            let top = y + title_h;
            let outcomes = data::distinct(
                &effects
                    .iter()
                    .filter(|e| &e.snapshot == s)
                    .map(|e| e.outcome.clone())
                    .collect::<Vec<_>>(),
            );
            let bottom = top + outcomes.len() as f64 * row_h;
            pen.line(
                &[(xs.at(0.0), top), (xs.at(0.0), bottom)],
                INK,
                theme::STROKE_AXIS,
            )?;
            for (r, o) in outcomes.iter().enumerate() {
                let cy = top + (r as f64 + 0.5) * row_h;
                if r % 2 == 1 {
                    pen.line(&[(x0, cy), (x1, cy)], LIGHT, theme::STROKE_THIN)?;
                }
                let label_y = if numbers_below {
                    top + r as f64 * row_h + 4.0 + line_height(PT_SMALL) / 2.0
                } else {
                    cy
                };
                pen.text(
                    &measure_label(o, lang),
                    x0 - 10.0,
                    label_y,
                    PT_SMALL,
                    HPos::Right,
                    VPos::Center,
                )?;
                let row: Vec<&Effect> = effects
                    .iter()
                    .filter(|e| &e.snapshot == s && &e.outcome == o)
                    .collect();
                let n = row.len() as f64;
                for (j, e) in row.iter().enumerate() {
                    let dy = (j as f64 - (n - 1.0) / 2.0) * per_group;
                    let (col, _) = group_style(&e.group);
                    let (a, b) = (xs.at(e.low / e.sd), xs.at(e.high / e.sd));
                    pen.line(&[(a, cy + dy), (b, cy + dy)], col, theme::STROKE_LINE)?;
                    pen.marker(Shape::Circle, xs.at(e.estimate / e.sd), cy + dy, 7.0, col)?;
                    let (vx, vy) = if numbers_below {
                        (
                            x0 - 10.0,
                            label_y + line_height(PT_SMALL) * (1.0 + j as f64),
                        )
                    } else {
                        (ctx.w() - margin, cy + dy)
                    };
                    pen.text(&value_text(e), vx, vy, PT_SMALL, HPos::Right, VPos::Center)?;
                }
            }
            pen.line(&[(x0, bottom), (x1, bottom)], INK, theme::STROKE_AXIS)?;
            for t in &ticks {
                let x = xs.at(*t);
                pen.line(&[(x, bottom), (x, bottom + 6.0)], INK, theme::STROKE_AXIS)?;
                pen.text(
                    &format_tick(*t, step, lang),
                    x,
                    bottom + 9.0,
                    PT_SMALL,
                    HPos::Center,
                    VPos::Top,
                )?;
            }
            pen.text(
                axis_title,
                title_x,
                bottom + 9.0 + line_height(PT_SMALL),
                PT_SMALL,
                HPos::Center,
                VPos::Top,
            )?;
            y += panel_h(s);
        }
        legend(pen, &items, margin, y, ctx.w() - 2.0 * margin)?;
        let reference = reference_sentence(&reference, lang);
        let numbers = lang.pick(
            "Chiffres : effet sur l’échelle de la mesure [IC à 95 %].",
            "Numbers: effect on the measure’s scale [95% CI].",
        );
        for (k, line) in [reference.as_str(), numbers].iter().enumerate() {
            pen.text(
                line,
                margin,
                y + legend_h + 4.0 + k as f64 * line_height(PT_SMALL),
                PT_SMALL,
                HPos::Left,
                VPos::Top,
            )?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn decimals_follow_the_interval_width() {
        assert_eq!(super::decimals(0.06), 3);
        assert_eq!(super::decimals(0.6), 2);
        assert_eq!(super::decimals(6.0), 1);
        assert_eq!(super::decimals(0.0), 2);
    }
}
