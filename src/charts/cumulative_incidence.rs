//! `cumulative_incidence`: Aalen–Johansen cumulative incidence of each transition of the event
//! history, one panel per transition, one curve per territory group for the event (group line,
//! 95 % band) and a dotted one for the competing event (dormancy or dissolution first).
//! Source: `cumulative_incidence` (transition, group, cause, time, estimate, ci_low, ci_high).

use super::curves::{self, CurveFigure, CurvePanels};
use super::data::{self, Cols};
use super::draw::{self, Ctx, Mark, Pen};
use super::theme::{self, group_style, Dash, PT_TEXT};
use super::{ChartError, Drawn};
use crate::table::Table;

/// One step: (time in years, estimate, lower, upper).
type Step = (f64, f64, Option<f64>, Option<f64>);

/// The panel title of a transition (`s1_to_s3` → `S1 → S3`).
fn title(transition: &str) -> String {
    match transition.split_once("_to_") {
        Some((a, b)) => format!("{} → {}", a.to_uppercase(), b.to_uppercase()),
        None => transition.to_string(),
    }
}

/// Draws the figure.
///
/// # Errors
/// [`ChartError::Column`] if `cumulative_incidence` lacks a documented column.
pub fn draw(tables: &[Table], ctx: &Ctx) -> Result<Drawn, ChartError> {
    let Some(t) = data::find(tables, "cumulative_incidence") else {
        return draw::svg(ctx, 100.0, |_| Ok(()));
    };
    let c = Cols::new(t, &ctx.figure);
    let (tr, g, cause, time, est, lo, hi) = (
        c.text("transition")?,
        c.text("group")?,
        c.text("cause")?,
        c.num("time")?,
        c.num("estimate")?,
        c.num("ci_low")?,
        c.num("ci_high")?,
    );
    let transitions = data::distinct(&tr);
    let groups = curves::groups_in(&g);
    let curve = |transition: &str, group: &str, which: &str| -> Vec<Step> {
        let mut v: Vec<Step> = (0..c.height())
            .filter(|&i| {
                tr[i] == transition && g[i].trim().to_lowercase() == group && cause[i] == which
            })
            .filter_map(|i| Some((time[i]?.max(0.0) / 365.25, est[i]?, lo[i], hi[i])))
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    };
    let tmax = time.iter().flatten().fold(0.0f64, |a, b| a.max(*b)) / 365.25;
    let lang = ctx.lang;
    let mut items = curves::group_lines(&groups, lang);
    items.push((
        Mark::Line(theme::INK, Dash::Dotted),
        lang.pick(
            "dormance ou dissolution d’abord",
            "dormancy or dissolution first",
        )
        .to_string(),
    ));
    let layout = CurvePanels::new(
        ctx,
        CurveFigure {
            panels: transitions.len(),
            tmax,
            xticks: 5,
            ytitle: lang.pick("incidence cumulée", "cumulative incidence"),
            aspect: 1.1,
            items,
            legend_share: 0.7,
        },
    );
    let (xhi, pw) = (layout.xhi, layout.pw);
    let note = lang.pick("bande\u{a0}: IC à 95\u{a0}%", "band: 95% CI");
    layout.draw(ctx, note, |pen: &mut Pen, k, frame| {
        let transition = &transitions[k];
        let origin = transition
            .split_once("_to_")
            .map_or(String::new(), |(a, _)| a.to_uppercase());
        let mut xtitle = match lang {
            super::Lang::Fr => format!("années depuis {origin}"),
            super::Lang::En => format!("years since {origin}"),
        };
        // A narrow panel keeps only the unit (its title names the transition).
        if theme::text_width(&xtitle, PT_TEXT) > pw {
            xtitle = lang.pick("années", "years").to_string();
        }
        layout.decorate(pen, lang, (k, frame), &title(transition), &xtitle)?;
        for gr in &groups {
            let (col, dash) = group_style(gr);
            let fx = |t: f64| frame.x.at(t);
            let fy = |v: f64| frame.y.at(v);
            for (which, band) in [("event", true), ("competing", false)] {
                let steps = curve(transition, gr, which);
                if steps.is_empty() {
                    continue;
                }
                // Step function from (0, 0); the band holds its last bounds between jumps.
                let mut line = vec![(fx(0.0), fy(0.0))];
                let (mut upper, mut lower) = (Vec::new(), Vec::new());
                let mut prev = (0.0, None::<f64>, None::<f64>);
                for st in &steps {
                    line.push((fx(st.0), fy(prev.0)));
                    line.push((fx(st.0), fy(st.1)));
                    if let (Some(l), Some(u)) = (prev.1, prev.2) {
                        upper.push((fx(st.0), fy(u)));
                        lower.push((fx(st.0), fy(l)));
                    }
                    if let (Some(l), Some(u)) = (st.2, st.3) {
                        upper.push((fx(st.0), fy(u)));
                        lower.push((fx(st.0), fy(l)));
                    }
                    prev = (st.1, st.2, st.3);
                }
                let end = fx(xhi.min(tmax));
                line.push((end, fy(prev.0)));
                if let (Some(l), Some(u)) = (prev.1, prev.2) {
                    upper.push((end, fy(u)));
                    lower.push((end, fy(l)));
                }
                if band && upper.len() > 1 {
                    let mut poly = upper.clone();
                    poly.extend(lower.iter().rev());
                    pen.polygon(&poly, col, 0.15)?;
                }
                let (w, d) = if band {
                    (theme::STROKE_LINE, dash)
                } else {
                    (theme::STROKE_AXIS, Dash::Dotted)
                };
                pen.line_dashed(&line, col, w, d)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles() {
        assert_eq!(super::title("s1_to_s3"), "S1 → S3");
        assert_eq!(super::title("x"), "x");
    }
}
