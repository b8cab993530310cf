//! Axes: linear scales, "nice" ticks, and the x–y frame that draws axes, grid lines, localized
//! tick labels and axis titles.

use super::draw::{line_height, Pen};
use super::i18n::{format_tick, Lang};
use super::theme::{self, text_width, INK, LIGHT};
use super::ChartError;
use plotters::style::text_anchor::{HPos, VPos};

/// A linear scale from data values to canvas units.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub a: f64,
    pub b: f64,
}

impl Scale {
    /// Maps `lo..hi` onto `a..b` (b < a for a y axis).
    pub fn new(lo: f64, hi: f64, a: f64, b: f64) -> Scale {
        let hi = if hi > lo { hi } else { lo + 1.0 };
        Scale { lo, hi, a, b }
    }

    /// Canvas position of `v`.
    pub fn at(&self, v: f64) -> f64 {
        self.a + (v - self.lo) / (self.hi - self.lo) * (self.b - self.a)
    }
}

/// "Nice" ticks (1, 2, 2.5, 5 × 10^k) covering `lo..hi` with at most `max` ticks.
///
/// # Returns
/// (ticks, step, extended lo, extended hi) — the range widened to whole steps.
pub fn nice_ticks(lo: f64, hi: f64, max: usize) -> (Vec<f64>, f64, f64, f64) {
    let (lo, hi) = if hi > lo { (lo, hi) } else { (lo, lo + 1.0) };
    let raw = (hi - lo) / (max.max(2) - 1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * 0.999)
        .unwrap_or(10.0 * mag);
    // A bound within a relative 1e-9 of a whole step is that step: a maximum computed as
    // 0.25000000000000006 instead of 0.25 (summation order) must not add a tick.
    let snap = |q: f64, round: fn(f64) -> f64| {
        if (q - q.round()).abs() <= 1e-9 * q.abs().max(1.0) {
            q.round()
        } else {
            round(q)
        }
    };
    let start = snap(lo / step, f64::floor) * step;
    let end = snap(hi / step, f64::ceil) * step;
    let n = ((end - start) / step).round() as usize;
    let ticks = (0..=n).map(|i| start + i as f64 * step).collect();
    (ticks, step, start, end)
}

/// An x–y plotting frame: where the plot box lies and how values map into it.
#[derive(Debug, Clone)]
pub struct Frame {
    pub x: Scale,
    pub y: Scale,
    pub xticks: Vec<f64>,
    pub yticks: Vec<f64>,
    pub xstep: f64,
    pub ystep: f64,
}

/// Room taken left of a plot box by y tick labels (widest of `labels`) and a y-axis title.
pub fn left_room(labels: &[String], has_title: bool) -> f64 {
    let w = labels
        .iter()
        .map(|l| text_width(l, theme::PT_SMALL))
        .fold(0.0, f64::max);
    w + 25.0
        + if has_title {
            line_height(theme::PT_TEXT) + 8.0
        } else {
            0.0
        }
}

/// Room taken under a plot box by x tick labels and an x-axis title.
pub fn bottom_room(has_title: bool) -> f64 {
    line_height(theme::PT_SMALL)
        + 20.0
        + if has_title {
            line_height(theme::PT_TEXT) + 4.0
        } else {
            0.0
        }
}

impl Frame {
    /// Draws the box's left and bottom axes, light grid lines, tick labels and axis titles.
    /// `xlabel` turns an x tick value into its label (`None`: localized number).
    #[allow(clippy::too_many_arguments)]
    pub fn draw_axes(
        &self,
        pen: &mut Pen,
        lang: Lang,
        xtitle: &str,
        ytitle: &str,
        xlabel: Option<&dyn Fn(f64) -> String>,
        left_title_x: f64,
    ) -> Result<(), ChartError> {
        let (x0, x1) = (self.x.a, self.x.b);
        let (y0, y1) = (self.y.a, self.y.b); // y0 bottom, y1 top
        for t in &self.yticks {
            let y = self.y.at(*t);
            pen.line(&[(x0, y), (x1, y)], LIGHT, theme::STROKE_THIN)?;
            pen.line(&[(x0 - 8.0, y), (x0, y)], INK, theme::STROKE_AXIS)?;
            let l = format_tick(*t, self.ystep, lang);
            pen.text(&l, x0 - 12.0, y, theme::PT_SMALL, HPos::Right, VPos::Center)?;
        }
        for t in &self.xticks {
            let x = self.x.at(*t);
            pen.line(&[(x, y0), (x, y0 + 8.0)], INK, theme::STROKE_AXIS)?;
            let l = match xlabel {
                Some(f) => f(*t),
                None => format_tick(*t, self.xstep, lang),
            };
            pen.text(&l, x, y0 + 12.0, theme::PT_SMALL, HPos::Center, VPos::Top)?;
        }
        pen.line(&[(x0, y1), (x0, y0), (x1, y0)], INK, theme::STROKE_AXIS)?;
        if !xtitle.is_empty() {
            let y = y0 + 16.0 + line_height(theme::PT_SMALL);
            pen.text(
                xtitle,
                (x0 + x1) / 2.0,
                y,
                theme::PT_TEXT,
                HPos::Center,
                VPos::Top,
            )?;
        }
        if !ytitle.is_empty() {
            pen.text_vertical(ytitle, left_title_x, (y0 + y1) / 2.0, theme::PT_TEXT)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_cover_the_range() {
        let (t, step, lo, hi) = nice_ticks(0.03, 0.91, 6);
        assert_eq!(step, 0.2);
        assert_eq!((lo, hi), (0.0, 1.0));
        assert_eq!(t.len(), 6);
        let (_, step, _, _) = nice_ticks(0.0, 1000.0, 5);
        assert_eq!(step, 250.0);
    }

    #[test]
    fn a_bound_one_ulp_past_a_step_adds_no_tick() {
        // 0.25000000000000006 (a sum in another order) gives the ticks of 0.25.
        let exact = nice_ticks(0.0, 0.25, 6);
        let ulp_above = nice_ticks(0.0, 0.250_000_000_000_000_06, 6);
        assert_eq!(exact.0.len(), ulp_above.0.len());
        assert_eq!(exact.3, ulp_above.3);
        // A real excess still extends the axis.
        assert!(nice_ticks(0.0, 0.2501, 6).3 > 0.25);
    }
}
