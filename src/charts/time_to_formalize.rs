//! `time_to_formalize`: Kaplan–Meier curves of the time from S1 to S2 and to S3, one panel per
//! target, one curve per territory group, with the pointwise confidence band and `+` at
//! censoring times. Source: `survival` (group, target, time_days, n_censor, surv, lower, upper).

use super::axes::{self, left_room, nice_ticks, Frame, Scale};
use super::data::{self, Cols};
use super::draw::{self, legend, line_height, Ctx, Mark, Pen};
use super::i18n::{format_tick, group_label};
use super::theme::{self, group_style, text_width, INK, PT_SMALL, PT_TEXT};
use super::{ChartError, Drawn};
use crate::table::Table;
use plotters::style::text_anchor::{HPos, VPos};

/// One step of a curve: (time in years, S, lower, upper, censored count).
type Step = (f64, f64, Option<f64>, Option<f64>, f64);

/// The stage a survival target reaches: `s1_to_s2` (the survival table's name) → `S2`;
/// any other target (e.g. `S2`) as it is.
fn target_stage(target: &str) -> String {
    match target.split_once("_to_") {
        Some((_, to)) if to.len() == 2 && to.starts_with(['s', 'S']) => to.to_uppercase(),
        Some((_, to)) => to.to_string(),
        None => target.to_string(),
    }
}

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `survival` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let Some(t) = data::find(tables, "survival") else {
        return draw::svg(ctx, 100.0, |_| Ok(()));
    };
    let c = Cols::new(t, &ctx.figure);
    let (g, tg, time, cens, s, lo, hi) = (
        c.text("group")?,
        c.text("target")?,
        c.num("time_days")?,
        c.num("n_censor")?,
        c.num("surv")?,
        c.num("lower")?,
        c.num("upper")?,
    );
    let mut targets = data::distinct(&tg);
    data::stage_order(&mut targets);
    let mut groups = g
        .iter()
        .map(|x| x.trim().to_lowercase())
        .collect::<Vec<_>>();
    data::group_order(&mut groups);
    let curve = |target: &str, group: &str| -> Vec<Step> {
        let mut v: Vec<Step> = (0..c.height())
            .filter(|&i| tg[i] == target && g[i].trim().to_lowercase() == group)
            .filter_map(|i| {
                Some((
                    time[i]? / 365.25,
                    s[i]?,
                    lo[i],
                    hi[i],
                    cens[i].unwrap_or(0.0),
                ))
            })
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    };
    let tmax = time.iter().flatten().fold(0.0f64, |a, b| a.max(*b)) / 365.25;
    let (xticks, xstep, _, xhi) = nice_ticks(0.0, tmax.max(0.5), 6);
    let lang = ctx.lang;

    let ylabels: Vec<String> = [0.0, 0.25, 0.5, 0.75, 1.0]
        .iter()
        .map(|v| format_tick(*v, 0.25, lang))
        .collect();
    let left = theme::MARGIN as f64 + left_room(&ylabels, true);
    let cols = targets.len().max(1) as f64;
    let gap = left_room(&ylabels, false) + 30.0;
    let right = ctx.w() - theme::MARGIN as f64 - 10.0;
    let pw = (right - left - gap * (cols - 1.0)) / cols;
    let top = theme::MARGIN as f64 + line_height(PT_TEXT) + 8.0;
    let ytitle = lang.pick("part pas encore à l’étape", "share not yet at stage");
    let ph = (pw * 0.9)
        .clamp(250.0, 600.0)
        .max(text_width(ytitle, PT_TEXT) + 20.0);
    let items: Vec<(Mark, String)> = groups
        .iter()
        .map(|gr| {
            let (col, dash) = group_style(gr);
            (Mark::Line(col, dash), group_label(gr, lang))
        })
        .collect();
    let labels: Vec<String> = items.iter().map(|(_, l)| l.clone()).collect();
    let (_, legend_h) = draw::legend_layout(&labels, ctx.w() * 0.6);
    let axis_bottom = top + ph;
    let height = axis_bottom + axes::bottom_room(true) + 10.0 + legend_h + theme::MARGIN as f64;

    draw::svg(ctx, height, |pen: &mut Pen| {
        for (k, target) in targets.iter().enumerate() {
            let x0 = left + k as f64 * (pw + gap);
            let frame = Frame {
                x: Scale::new(0.0, xhi, x0, x0 + pw),
                y: Scale::new(0.0, 1.0, axis_bottom, top),
                xticks: xticks.clone(),
                yticks: vec![0.0, 0.25, 0.5, 0.75, 1.0],
                xstep,
                ystep: 0.25,
            };
            let stage = target_stage(target);
            let title = match lang {
                super::Lang::Fr => format!("délai jusqu’à {stage}"),
                super::Lang::En => format!("time to {stage}"),
            };
            pen.text(
                &title,
                x0 + pw / 2.0,
                theme::MARGIN as f64,
                PT_TEXT,
                HPos::Center,
                VPos::Top,
            )?;
            let ytitle = if k == 0 { ytitle } else { "" };
            frame.draw_axes(
                pen,
                lang,
                lang.pick("années depuis S1", "years since S1"),
                ytitle,
                None,
                theme::MARGIN as f64 + line_height(PT_TEXT) / 2.0,
            )?;
            for gr in &groups {
                let steps = curve(target, gr);
                if steps.is_empty() {
                    continue;
                }
                let (col, dash) = group_style(gr);
                let fx = |t: f64| frame.x.at(t);
                let fy = |v: f64| frame.y.at(v);
                // Step function from (0, 1).
                let mut line = vec![(fx(0.0), fy(1.0))];
                let mut upper = vec![(fx(0.0), fy(1.0))];
                let mut lower = vec![(fx(0.0), fy(1.0))];
                let mut prev = (1.0, 1.0, 1.0);
                for st in &steps {
                    let (u, l) = (st.3.unwrap_or(prev.1), st.2.unwrap_or(prev.2));
                    line.push((fx(st.0), fy(prev.0)));
                    line.push((fx(st.0), fy(st.1)));
                    upper.push((fx(st.0), fy(prev.1)));
                    upper.push((fx(st.0), fy(u)));
                    lower.push((fx(st.0), fy(prev.2)));
                    lower.push((fx(st.0), fy(l)));
                    prev = (st.1, u, l);
                }
                let mut band = upper.clone();
                band.extend(lower.iter().rev());
                pen.polygon(&band, col, 0.15)?;
                pen.line_dashed(&line, col, theme::STROKE_LINE, dash)?;
                for st in steps.iter().filter(|st| st.4 > 0.0) {
                    let (x, y) = (fx(st.0), fy(st.1));
                    pen.line(&[(x - 8.0, y), (x + 8.0, y)], INK, theme::STROKE_AXIS)?;
                    pen.line(&[(x, y - 8.0), (x, y + 8.0)], INK, theme::STROKE_AXIS)?;
                }
            }
        }
        let ly = axis_bottom + axes::bottom_room(true) + 10.0;
        legend(pen, &items, theme::MARGIN as f64, ly, ctx.w() * 0.6)?;
        let note = lang.pick(
            "+\u{a0}: censure\u{202F}; bande\u{a0}: IC à 95\u{a0}%",
            "+: censored; band: 95% CI",
        );
        pen.text(
            note,
            ctx.w() - theme::MARGIN as f64,
            ly + line_height(PT_SMALL) / 2.0,
            PT_SMALL,
            HPos::Right,
            VPos::Center,
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn target_names() {
        assert_eq!(super::target_stage("s1_to_s2"), "S2");
        assert_eq!(super::target_stage("s1_to_s3"), "S3");
        assert_eq!(super::target_stage("S3"), "S3");
        assert_eq!(super::target_stage("a_to_implementation"), "implementation");
    }
}
