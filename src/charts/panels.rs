//! Two reusable layouts: a row of stacked-bar panels (counts or shares per stage) and a grid of
//! median-and-interquartile-band panels (a measure across stages, one line per series).

use super::axes::{self, left_room, nice_ticks, Frame, Scale};
use super::draw::{self, legend, line_height, Ctx, Mark, Pen};
use super::i18n::format_tick;
use super::theme::{self, text_width, Dash, INK, PT_TEXT};
use super::{ChartError, Drawn};
use plotters::prelude::{Color, RGBColor};
use plotters::style::text_anchor::{HPos, VPos};

/// Lines taken by the longest of `titles` wrapped to `width` (at least one).
fn title_lines<'a>(titles: impl Iterator<Item = &'a str>, width: f64) -> usize {
    titles
        .map(|t| draw::wrap(t, PT_TEXT, width).len())
        .max()
        .unwrap_or(1)
        .max(1)
}

/// A stacked-bar panel: one bar per x label, one segment per category.
pub struct Stacked {
    pub title: String,
    /// Per bar: the value of each category (same order as `cats`).
    pub bars: Vec<Vec<f64>>,
    /// Colour and label of each category.
    pub cats: Vec<(RGBColor, String)>,
}

/// Draws stacked-bar panels side by side, sharing x labels, categories and legend.
#[allow(clippy::too_many_arguments)]
pub fn stacked(
    ctx: &Ctx,
    panels: &[Stacked],
    xlabels: &[String],
    xtitle: &str,
    ytitle: &str,
    shares: bool,
) -> Result<Drawn, ChartError> {
    let lang = ctx.lang;
    let totals: Vec<f64> = panels
        .iter()
        .flat_map(|p| p.bars.iter().map(|b| b.iter().sum::<f64>()))
        .collect();
    let ymax = if shares {
        1.0
    } else {
        totals.iter().copied().fold(1.0, f64::max)
    };
    let (yticks, ystep, _, yhi) = nice_ticks(0.0, ymax, 5);
    let ylabels: Vec<String> = yticks
        .iter()
        .map(|t| format_tick(*t, ystep, lang))
        .collect();
    let left = theme::MARGIN as f64 + left_room(&ylabels, true);
    let gap = left_room(&ylabels, false) + 20.0;
    let n = panels.len().max(1) as f64;
    let right = ctx.w() - theme::MARGIN as f64;
    let pw = (right - left - gap * (n - 1.0)) / n;
    let title_lines = title_lines(panels.iter().map(|p| p.title.as_str()), pw);
    let top = theme::MARGIN as f64 + title_lines as f64 * line_height(PT_TEXT) + 8.0;
    let ph = 380f64.max(text_width(ytitle, PT_TEXT) + 20.0);
    let shared = panels.windows(2).all(|w| w[0].cats == w[1].cats);
    let items_of = |p: &Stacked| -> Vec<(Mark, String)> {
        p.cats
            .iter()
            .map(|(c, l)| (Mark::Swatch(*c), l.clone()))
            .collect()
    };
    let full = ctx.w() - 2.0 * theme::MARGIN as f64;
    let lw = if shared { full } else { full / n - 20.0 };
    let legend_h = panels
        .iter()
        .map(|p| {
            let labels: Vec<String> = p.cats.iter().map(|(_, l)| l.clone()).collect();
            draw::legend_layout(&labels, lw).1
        })
        .fold(0.0, f64::max);
    let bottom = top + ph;
    let height = bottom + axes::bottom_room(true) + 10.0 + legend_h + theme::MARGIN as f64;
    draw::svg(ctx, height, |pen: &mut Pen| {
        for (k, p) in panels.iter().enumerate() {
            let x0 = left + k as f64 * (pw + gap);
            let nb = p.bars.len().max(1) as f64;
            let frame = Frame {
                x: Scale::new(-0.5, nb - 0.5, x0, x0 + pw),
                y: Scale::new(0.0, yhi, bottom, top),
                xticks: (0..p.bars.len()).map(|i| i as f64).collect(),
                yticks: yticks.clone(),
                xstep: 1.0,
                ystep,
            };
            for (l, line) in draw::wrap(&p.title, PT_TEXT, pw).iter().enumerate() {
                let y = theme::MARGIN as f64 + l as f64 * line_height(PT_TEXT);
                pen.text(line, x0 + pw / 2.0, y, PT_TEXT, HPos::Center, VPos::Top)?;
            }
            let label = |v: f64| xlabels.get(v.round() as usize).cloned().unwrap_or_default();
            let yt = if k == 0 { ytitle } else { "" };
            frame.draw_axes(
                pen,
                lang,
                xtitle,
                yt,
                Some(&label),
                theme::MARGIN as f64 + line_height(PT_TEXT) / 2.0,
            )?;
            let bw = (pw / nb * 0.6).min(120.0);
            for (i, bar) in p.bars.iter().enumerate() {
                let total: f64 = bar.iter().sum();
                let scale = if shares && total > 0.0 {
                    1.0 / total
                } else {
                    1.0
                };
                let cx = frame.x.at(i as f64);
                let mut acc = 0.0;
                for (j, v) in bar.iter().enumerate() {
                    if *v <= 0.0 {
                        continue;
                    }
                    let (a, b) = (frame.y.at(acc), frame.y.at(acc + v * scale));
                    let col = p.cats.get(j).map(|c| c.0).unwrap_or(INK);
                    let bar = (cx - bw / 2.0, b, cx + bw / 2.0, a);
                    pen.rect(bar, col.filled())?;
                    pen.rect(bar, INK.stroke_width(theme::STROKE_THIN))?;
                    acc += v * scale;
                }
            }
        }
        let ly = bottom + axes::bottom_room(true) + 10.0;
        if shared {
            if let Some(p) = panels.first() {
                legend(pen, &items_of(p), theme::MARGIN as f64, ly, lw)?;
            }
        } else {
            for (k, p) in panels.iter().enumerate() {
                let x = theme::MARGIN as f64 + k as f64 * (lw + 20.0);
                legend(pen, &items_of(p), x, ly, lw)?;
            }
        }
        Ok(())
    })
}

/// A series of a band panel: per x index, (first quartile, median, third quartile).
pub struct Series {
    pub colour: RGBColor,
    pub dash: Dash,
    pub label: String,
    pub points: Vec<Option<(f64, f64, f64)>>,
}

/// A band panel: a measure across the x labels, one line and band per series.
pub struct Bands {
    pub title: String,
    pub series: Vec<Series>,
}

/// y range and ticks of a band panel: (ticks, step, low, high).
fn band_ticks(p: &Bands) -> (Vec<f64>, f64, f64, f64) {
    let vals: Vec<f64> = p
        .series
        .iter()
        .flat_map(|s| s.points.iter().flatten().flat_map(|q| [q.0, q.2]))
        .collect();
    let lo = vals.iter().copied().fold(f64::MAX, f64::min).min(0.0);
    let hi = vals.iter().copied().fold(f64::MIN, f64::max).max(lo + 1e-9);
    nice_ticks(lo, hi, 5)
}

/// Draws band panels in a grid (two columns on a single-column figure, three otherwise),
/// sharing x labels, the y-axis title (`ytitle`, with its unit) and the legend.
pub fn bands(
    ctx: &Ctx,
    panels: &[Bands],
    xlabels: &[String],
    xtitle: &str,
    ytitle: &str,
) -> Result<Drawn, ChartError> {
    let lang = ctx.lang;
    let cols = if ctx.width < 1200 { 2 } else { 3 }.min(panels.len().max(1));
    let rows = panels.len().div_ceil(cols).max(1);
    let ticks: Vec<(Vec<f64>, f64, f64, f64)> = panels.iter().map(band_ticks).collect();
    let all_labels: Vec<String> = ticks
        .iter()
        .flat_map(|(t, step, _, _)| t.iter().map(|v| format_tick(*v, *step, lang)))
        .collect();
    let ylab_room = left_room(&all_labels, !ytitle.is_empty()) + 10.0;
    let gap = 30.0;
    let pw = (ctx.w()
        - 2.0 * theme::MARGIN as f64
        - cols as f64 * ylab_room
        - gap * (cols as f64 - 1.0))
        / cols as f64;
    let title_lines = title_lines(panels.iter().map(|p| p.title.as_str()), pw);
    let title_h = title_lines as f64 * line_height(PT_TEXT) + 6.0;
    // The y-axis title runs along the plot box: the box is at least as tall as the title is long.
    let ph = 260f64.max(text_width(ytitle, PT_TEXT) + 20.0);
    let cell_h = title_h + ph + axes::bottom_room(true) + 10.0;
    let mut items: Vec<(Mark, String)> = Vec::new();
    for s in panels.iter().flat_map(|p| p.series.iter()) {
        if !items.iter().any(|(_, l)| *l == s.label) {
            items.push((Mark::Line(s.colour, s.dash), s.label.clone()));
        }
    }
    let labels: Vec<String> = items.iter().map(|(_, l)| l.clone()).collect();
    let lw = ctx.w() - 2.0 * theme::MARGIN as f64;
    let (_, legend_h) = draw::legend_layout(&labels, lw);
    let height = theme::MARGIN as f64 * 2.0 + rows as f64 * cell_h + legend_h;
    draw::svg(ctx, height, |pen: &mut Pen| {
        for (k, p) in panels.iter().enumerate() {
            let (r, c) = (k / cols, k % cols);
            let x0 = theme::MARGIN as f64 + ylab_room + c as f64 * (pw + gap + ylab_room);
            let y0 = theme::MARGIN as f64 + r as f64 * cell_h;
            let (yticks, ystep, ylo, yhi) = ticks[k].clone();
            let nx = xlabels.len().max(1) as f64;
            let frame = Frame {
                x: Scale::new(-0.3, nx - 0.7, x0, x0 + pw),
                y: Scale::new(ylo, yhi, y0 + title_h + ph, y0 + title_h),
                xticks: (0..xlabels.len()).map(|i| i as f64).collect(),
                yticks,
                xstep: 1.0,
                ystep,
            };
            for (l, line) in draw::wrap(&p.title, PT_TEXT, pw).iter().enumerate() {
                let y = y0 + l as f64 * line_height(PT_TEXT);
                pen.text(line, x0 + pw / 2.0, y, PT_TEXT, HPos::Center, VPos::Top)?;
            }
            let label = |v: f64| xlabels.get(v.round() as usize).cloned().unwrap_or_default();
            let yt = if c == 0 { ytitle } else { "" };
            let yt_x = x0 - ylab_room + line_height(PT_TEXT) / 2.0;
            frame.draw_axes(pen, lang, xtitle, yt, Some(&label), yt_x)?;
            for s in &p.series {
                let pts: Vec<(f64, (f64, f64, f64))> = s
                    .points
                    .iter()
                    .enumerate()
                    .filter_map(|(i, q)| q.map(|q| (i as f64, q)))
                    .collect();
                if pts.is_empty() {
                    continue;
                }
                let mut band: Vec<(f64, f64)> = pts
                    .iter()
                    .map(|(x, q)| (frame.x.at(*x), frame.y.at(q.2)))
                    .collect();
                band.extend(
                    pts.iter()
                        .rev()
                        .map(|(x, q)| (frame.x.at(*x), frame.y.at(q.0))),
                );
                pen.polygon(&band, s.colour, 0.2)?;
                let line: Vec<(f64, f64)> = pts
                    .iter()
                    .map(|(x, q)| (frame.x.at(*x), frame.y.at(q.1)))
                    .collect();
                pen.line_dashed(&line, s.colour, theme::STROKE_LINE, s.dash)?;
                for (x, y) in &line {
                    pen.marker(theme::Shape::Circle, *x, *y, 6.0, s.colour)?;
                }
            }
        }
        legend(
            pen,
            &items,
            theme::MARGIN as f64,
            theme::MARGIN as f64 + rows as f64 * cell_h,
            lw,
        )?;
        Ok(())
    })
}
