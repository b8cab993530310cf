//! The frame shared by the figures of step curves over time (`time_to_formalize`,
//! `cumulative_incidence`): a row of panels, one per transition or target, on a common time axis
//! in years and a probability axis [0, 1], one curve per territory group, a legend and a note
//! below.

use super::axes::{self, left_room, nice_ticks, Frame, Scale};
use super::draw::{self, legend, line_height, Ctx, Mark, Pen};
use super::i18n::{format_tick, group_label, Lang};
use super::theme::{self, group_style, PT_SMALL, PT_TEXT};
use super::{ChartError, Drawn};
use plotters::style::text_anchor::{HPos, VPos};

/// Ticks of the probability axis.
const YTICKS: [f64; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

/// What differs between the figures of step curves.
pub(super) struct CurveFigure<'a> {
    /// Number of panels (at least one is laid out).
    pub panels: usize,
    /// Latest time, in years.
    pub tmax: f64,
    /// Number of x ticks asked of [`nice_ticks`].
    pub xticks: usize,
    /// Title of the probability axis (on the first panel).
    pub ytitle: &'a str,
    /// Panel height as a share of its width (before clamping to 250–600).
    pub aspect: f64,
    /// Legend entries.
    pub items: Vec<(Mark, String)>,
    /// Width of the legend as a share of the canvas.
    pub legend_share: f64,
}

/// The layout of a figure of step curves, computed once for the canvas.
pub(super) struct CurvePanels<'a> {
    figure: CurveFigure<'a>,
    xticks: Vec<f64>,
    xstep: f64,
    /// Right end of the time axis (years).
    pub xhi: f64,
    left: f64,
    gap: f64,
    /// Width of one panel.
    pub pw: f64,
    top: f64,
    axis_bottom: f64,
    height: f64,
}

/// The territory groups of a column (trimmed, lower-cased), in [`super::data::group_order`].
pub(super) fn groups_in(column: &[String]) -> Vec<String> {
    let mut groups = column
        .iter()
        .map(|x| x.trim().to_lowercase())
        .collect::<Vec<_>>();
    super::data::group_order(&mut groups);
    groups
}

/// One legend line per territory group, in its colour and dash.
pub(super) fn group_lines(groups: &[String], lang: Lang) -> Vec<(Mark, String)> {
    groups
        .iter()
        .map(|gr| {
            let (col, dash) = group_style(gr);
            (Mark::Line(col, dash), group_label(gr, lang))
        })
        .collect()
}

impl<'a> CurvePanels<'a> {
    /// Lays out `figure` on the canvas of `ctx`.
    pub fn new(ctx: &Ctx, figure: CurveFigure<'a>) -> Self {
        let (xticks, xstep, _, xhi) = nice_ticks(0.0, figure.tmax.max(0.5), figure.xticks);
        let lang = ctx.lang;
        let ylabels: Vec<String> = YTICKS.iter().map(|v| format_tick(*v, 0.25, lang)).collect();
        let left = theme::MARGIN as f64 + left_room(&ylabels, true);
        let cols = figure.panels.max(1) as f64;
        let gap = left_room(&ylabels, false) + 30.0;
        let right = ctx.w() - theme::MARGIN as f64 - 10.0;
        let pw = (right - left - gap * (cols - 1.0)) / cols;
        let top = theme::MARGIN as f64 + line_height(PT_TEXT) + 8.0;
        let ph = (pw * figure.aspect)
            .clamp(250.0, 600.0)
            .max(theme::text_width(figure.ytitle, PT_TEXT) + 20.0);
        let labels: Vec<String> = figure.items.iter().map(|(_, l)| l.clone()).collect();
        let (_, legend_h) = draw::legend_layout(&labels, ctx.w() * figure.legend_share);
        let axis_bottom = top + ph;
        let height = axis_bottom + axes::bottom_room(true) + 10.0 + legend_h + theme::MARGIN as f64;
        CurvePanels {
            figure,
            xticks,
            xstep,
            xhi,
            left,
            gap,
            pw,
            top,
            axis_bottom,
            height,
        }
    }

    /// Draws the figure: for each panel `k`, its frame, then `panel(pen, k, frame)` (which draws
    /// the title with [`CurvePanels::decorate`] and the curves); then the legend and, at its
    /// right, `note`.
    pub fn draw(
        &self,
        ctx: &Ctx,
        note: &str,
        mut panel: impl FnMut(&mut Pen, usize, &Frame) -> Result<(), ChartError>,
    ) -> Result<Drawn, ChartError> {
        draw::svg(ctx, self.height, |pen: &mut Pen| {
            for k in 0..self.figure.panels {
                let x0 = self.left + k as f64 * (self.pw + self.gap);
                let frame = Frame {
                    x: Scale::new(0.0, self.xhi, x0, x0 + self.pw),
                    y: Scale::new(0.0, 1.0, self.axis_bottom, self.top),
                    xticks: self.xticks.clone(),
                    yticks: YTICKS.to_vec(),
                    xstep: self.xstep,
                    ystep: 0.25,
                };
                panel(pen, k, &frame)?;
            }
            let ly = self.axis_bottom + axes::bottom_room(true) + 10.0;
            let width = ctx.w() * self.figure.legend_share;
            legend(pen, &self.figure.items, theme::MARGIN as f64, ly, width)?;
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

    /// The title of panel `k` centred above it, and its axes (the y title on the first panel).
    pub fn decorate(
        &self,
        pen: &mut Pen,
        lang: Lang,
        (k, frame): (usize, &Frame),
        title: &str,
        xtitle: &str,
    ) -> Result<(), ChartError> {
        let x0 = frame.x.a;
        pen.text(
            title,
            x0 + self.pw / 2.0,
            theme::MARGIN as f64,
            PT_TEXT,
            HPos::Center,
            VPos::Top,
        )?;
        frame.draw_axes(
            pen,
            lang,
            xtitle,
            if k == 0 { self.figure.ytitle } else { "" },
            None,
            theme::MARGIN as f64 + line_height(PT_TEXT) / 2.0,
        )
    }
}
