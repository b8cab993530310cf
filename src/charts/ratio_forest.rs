//! A forest plot of ratios on a log scale, shared by `event_models_forest` (hazard ratios) and
//! `tie_models_forest` (odds ratios): one row per term with its 95 % interval, a reference line
//! at 1, ticks at powers of two, a title above and a note below.

use super::draw::{self, line_height, Pen};
use super::i18n::format_number;
use super::theme::{self, text_width, Shape, INK, LIGHT, PT_SMALL, PT_TEXT};
use super::{draw::Ctx, ChartError, Drawn};
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::RGBColor;

/// One row of a ratio forest.
pub(crate) struct RatioRow {
    pub label: String,
    /// Colour of the interval and of a filled marker.
    pub colour: RGBColor,
    pub ratio: f64,
    pub low: f64,
    pub high: f64,
    /// A hollow (white) marker instead of a filled one.
    pub hollow: bool,
}

/// Texts of a ratio forest, in the figure's language.
pub(crate) struct RatioTexts<'a> {
    /// Above the plot.
    pub title: &'a str,
    /// Under the axis.
    pub axis: &'a str,
    /// Lines under the axis title (what hollow markers mean, what the rows are).
    pub note: &'a [String],
}

/// Draws `rows` (kept in order, top to bottom) with `texts`.
///
/// # Errors
/// A [`ChartError::Draw`] from plotters.
pub(crate) fn draw_ratios(
    ctx: &Ctx,
    rows: &[RatioRow],
    texts: &RatioTexts<'_>,
) -> Result<Drawn, ChartError> {
    let lang = ctx.lang;
    let lmin = rows.iter().map(|r| r.low.ln()).fold(-0.7f64, f64::min);
    let lmax = rows.iter().map(|r| r.high.ln()).fold(0.7f64, f64::max);
    let ticks: Vec<f64> = [0.125f64, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0]
        .into_iter()
        .filter(|t| t.ln() >= lmin - 0.35 && t.ln() <= lmax + 0.35)
        .collect();
    let (xlo, xhi) = (lmin.min(0.0) - 0.1, lmax.max(0.0) + 0.1);
    let label_w = rows
        .iter()
        .map(|r| text_width(&r.label, PT_SMALL))
        .fold(0.0f64, f64::max);
    let left = theme::MARGIN as f64 + label_w + 20.0;
    let right = ctx.w() - theme::MARGIN as f64 - 20.0;
    let top = theme::MARGIN as f64 + line_height(PT_TEXT) + 10.0;
    let row_h = line_height(PT_SMALL) + 14.0;
    let bottom = top + row_h * rows.len().max(1) as f64;
    let note = texts.note;
    // The axis title, then the note's lines, then the margin: no empty band under the note.
    let height = bottom
        + 24.0
        + line_height(PT_TEXT)
        + line_height(PT_SMALL) * (1 + note.len()) as f64
        + theme::MARGIN as f64;
    let sx = |l: f64| left + (l - xlo) / (xhi - xlo) * (right - left);
    draw::svg(ctx, height, |pen: &mut Pen| {
        pen.text(
            texts.title,
            theme::MARGIN as f64,
            theme::MARGIN as f64,
            PT_TEXT,
            HPos::Left,
            VPos::Top,
        )?;
        // A tick label that would touch the previous one is left out (its grid line stays).
        let mut last_right = f64::NEG_INFINITY;
        for t in &ticks {
            let x = sx(t.ln());
            let colour = if *t == 1.0 { INK } else { LIGHT };
            pen.line(&[(x, top), (x, bottom)], colour, theme::STROKE_AXIS)?;
            let label = format_number(*t, if *t < 1.0 { 3 } else { 0 }, lang);
            let label = label.trim_end_matches('0').trim_end_matches([',', '.']);
            let half = text_width(label, PT_SMALL) / 2.0;
            if x - half < last_right + 6.0 {
                continue;
            }
            last_right = x + half;
            pen.text(label, x, bottom + 8.0, PT_SMALL, HPos::Center, VPos::Top)?;
        }
        pen.line(&[(left, bottom), (right, bottom)], INK, theme::STROKE_AXIS)?;
        pen.text(
            texts.axis,
            (left + right) / 2.0,
            bottom + 12.0 + line_height(PT_SMALL),
            PT_TEXT,
            HPos::Center,
            VPos::Top,
        )?;
        for (k, r) in rows.iter().enumerate() {
            let y = top + row_h * (k as f64 + 0.5);
            pen.text(
                &r.label,
                left - 14.0,
                y,
                PT_SMALL,
                HPos::Right,
                VPos::Center,
            )?;
            pen.line(
                &[(sx(r.low.ln()), y), (sx(r.high.ln()), y)],
                r.colour,
                theme::STROKE_LINE,
            )?;
            let fill = if r.hollow {
                theme::okabe_ito::WHITE
            } else {
                r.colour
            };
            pen.marker(Shape::Square, sx(r.ratio.ln()), y, 9.0, fill)?;
        }
        for (k, line) in note.iter().enumerate() {
            pen.text(
                line,
                theme::MARGIN as f64,
                bottom + 24.0 + line_height(PT_SMALL) * (1.0 + k as f64) + line_height(PT_TEXT),
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
    use super::*;

    /// The canvas ends a margin under the note's last line, whatever the number of lines (the
    /// canvas used to leave an empty band of two lines of text under it).
    #[test]
    fn the_canvas_ends_a_margin_under_the_note() {
        let ctx = Ctx {
            lang: crate::config::Language::Fr,
            width: theme::width_du(theme::FigureSize::Single),
            figure: "ratio_forest".to_string(),
        };
        let row = |label: &str, ratio: f64| RatioRow {
            label: label.to_string(),
            colour: INK,
            ratio,
            low: ratio / 2.0,
            high: ratio * 2.0,
            hollow: false,
        };
        let rows = [row("a", 1.0), row("b", 3.0)];
        for lines in 0..4 {
            let note: Vec<String> = (0..lines).map(|k| format!("note {k}")).collect();
            let texts = RatioTexts {
                title: "titre",
                axis: "rapport",
                note: &note,
            };
            let drawn = draw_ratios(&ctx, &rows, &texts).unwrap();
            // y of every text element; the last line written is the lowest.
            let lowest = drawn
                .svg
                .split("<text")
                .skip(1)
                .filter_map(|t| {
                    let y = t.split(" y=\"").nth(1)?.split('"').next()?;
                    y.parse::<f64>().ok()
                })
                .fold(f64::NEG_INFINITY, f64::max);
            let band = f64::from(drawn.height) - lowest;
            // The lowest text's anchor, its own height, then the margin (measured: 47 units
            // under a note line, 64 under the axis title alone); the former canvas left 125
            // and 168.
            let text = line_height(PT_TEXT);
            assert!(
                band > theme::MARGIN as f64 && band <= theme::MARGIN as f64 + 1.5 * text,
                "{lines} note lines: {band} units under the lowest text (line {text})"
            );
        }
    }
}
