//! `time_to_formalize`: Kaplan–Meier curves of the time from S1 to S2 and to S3, one panel per
//! target, one curve per territory group, with the pointwise confidence band and `+` at
//! censoring times. Source: `survival` (group, target, time_days, n_censor, surv, lower, upper).

use super::curves::{self, CurveFigure, CurvePanels};
use super::data::{self, Cols};
use super::draw::{self, Ctx, Pen};
use super::theme::{self, group_style, INK};
use super::{ChartError, Drawn};
use crate::table::Table;

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
    let groups = curves::groups_in(&g);
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
    let lang = ctx.lang;
    let layout = CurvePanels::new(
        ctx,
        CurveFigure {
            panels: targets.len(),
            tmax,
            xticks: 6,
            ytitle: lang.pick("part pas encore à l’étape", "share not yet at stage"),
            aspect: 0.9,
            items: curves::group_lines(&groups, lang),
            legend_share: 0.6,
        },
    );
    let note = lang.pick(
        "+\u{a0}: censure\u{202F}; bande\u{a0}: IC à 95\u{a0}%",
        "+: censored; band: 95% CI",
    );
    layout.draw(ctx, note, |pen: &mut Pen, k, frame| {
        let stage = target_stage(&targets[k]);
        let title = match lang {
            super::Lang::Fr => format!("délai jusqu’à {stage}"),
            super::Lang::En => format!("time to {stage}"),
        };
        let xtitle = lang.pick("années depuis S1", "years since S1");
        layout.decorate(pen, lang, (k, frame), &title, xtitle)?;
        for gr in &groups {
            let steps = curve(&targets[k], gr);
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
