//! Drawing helpers shared by the figures: a pen over plotters' SVG backend (canvas units of
//! 0.1 mm, coordinates in `f64` rounded once), axes with nice ticks and localized labels,
//! markers and wrapped legends.

use super::i18n::{group_label, Lang};
use super::theme::{self, font, group_style, pt_to_du, text_width, Dash, Shape, INK};
use super::{ChartError, Drawn};

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// What a figure needs to know of the run.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    /// Canvas width in units of 0.1 mm.
    pub width: u32,
    /// File stem of the figure (for error messages).
    pub figure: String,
}

impl Ctx {
    /// Width as `f64`.
    pub fn w(&self) -> f64 {
        f64::from(self.width)
    }
}

/// Line height of text at `pt` points, in canvas units.
pub fn line_height(pt: f64) -> f64 {
    pt_to_du(pt) * 1.25
}

/// A pen on one SVG canvas.
pub struct Pen<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
    figure: String,
}

/// Draws a figure of `ctx.width` × `height` canvas units with `f` and returns its SVG.
///
/// # Errors
/// Whatever `f` returns, or a [`ChartError::Draw`] from plotters.
pub fn svg<F>(ctx: &Ctx, height: f64, f: F) -> Result<Drawn, ChartError>
where
    F: FnOnce(&mut Pen) -> Result<(), ChartError>,
{
    let h = height.ceil().max(1.0) as u32;
    let mut buf = String::new();
    {
        let area = SVGBackend::with_string(&mut buf, (ctx.width, h)).into_drawing_area();
        let mut pen = Pen {
            area,
            figure: ctx.figure.clone(),
        };
        pen.area.fill(&WHITE).map_err(|e| pen.err(e))?;
        f(&mut pen)?;
        pen.area.present().map_err(|e| pen.err(e))?;
    }
    Ok(Drawn {
        svg: buf,
        width: ctx.width,
        height: h,
    })
}

fn p(x: f64, y: f64) -> (i32, i32) {
    (x.round() as i32, y.round() as i32)
}

impl Pen<'_> {
    fn err<E: std::fmt::Debug>(&self, e: E) -> ChartError {
        ChartError::Draw {
            figure: self.figure.clone(),
            message: format!("{e:?}"),
        }
    }

    /// Writes `text` at `pt` points, anchored at (x, y) by `h`/`v`.
    pub fn text(
        &mut self,
        text: &str,
        x: f64,
        y: f64,
        pt: f64,
        h: HPos,
        v: VPos,
    ) -> Result<(), ChartError> {
        let style = font(pt).pos(Pos::new(h, v));
        let r = self.area.draw_text(text, &style, p(x, y));
        r.map_err(|e| self.err(e))
    }

    /// Writes `text` at `pt` points in `colour`, centred on (x, y) (values inside heat-map cells).
    pub fn text_colour(
        &mut self,
        text: &str,
        x: f64,
        y: f64,
        pt: f64,
        colour: RGBColor,
    ) -> Result<(), ChartError> {
        let style = font(pt)
            .color(&colour)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let r = self.area.draw_text(text, &style, p(x, y));
        r.map_err(|e| self.err(e))
    }

    /// Writes `text` rotated a quarter turn counter-clockwise (a y-axis title), centred at (x, y).
    pub fn text_vertical(&mut self, text: &str, x: f64, y: f64, pt: f64) -> Result<(), ChartError> {
        let style = font(pt)
            .pos(Pos::new(HPos::Center, VPos::Center))
            .transform(FontTransform::Rotate270);
        let r = self.area.draw_text(text, &style, p(x, y));
        r.map_err(|e| self.err(e))
    }

    /// A rectangle from corner `(x0, y0)` to corner `(x1, y1)`, filled (`colour.filled()`) or
    /// outlined (`colour.stroke_width(w)`).
    pub fn rect(
        &mut self,
        (x0, y0, x1, y1): (f64, f64, f64, f64),
        style: ShapeStyle,
    ) -> Result<(), ChartError> {
        let r = self
            .area
            .draw(&Rectangle::new([p(x0, y0), p(x1, y1)], style));
        r.map_err(|e| self.err(e))
    }

    /// A polyline.
    pub fn line(&mut self, pts: &[(f64, f64)], c: RGBColor, w: u32) -> Result<(), ChartError> {
        self.line_alpha(pts, c, 1.0, w)
    }

    /// A polyline with opacity.
    pub fn line_alpha(
        &mut self,
        pts: &[(f64, f64)],
        c: RGBColor,
        alpha: f64,
        w: u32,
    ) -> Result<(), ChartError> {
        let v: Vec<(i32, i32)> = pts.iter().map(|(x, y)| p(*x, *y)).collect();
        let r = self
            .area
            .draw(&PathElement::new(v, c.mix(alpha).stroke_width(w)));
        r.map_err(|e| self.err(e))
    }

    /// A polyline with a dash pattern.
    pub fn line_dashed(
        &mut self,
        pts: &[(f64, f64)],
        c: RGBColor,
        w: u32,
        dash: Dash,
    ) -> Result<(), ChartError> {
        match dash.pattern() {
            None => self.line(pts, c, w),
            Some((on, off)) => {
                let v: Vec<(i32, i32)> = pts.iter().map(|(x, y)| p(*x, *y)).collect();
                let r = self
                    .area
                    .draw(&DashedPathElement::new(v, on, off, c.stroke_width(w)));
                r.map_err(|e| self.err(e))
            }
        }
    }

    /// A filled polygon with opacity (confidence and interquartile bands).
    pub fn polygon(
        &mut self,
        pts: &[(f64, f64)],
        c: RGBColor,
        alpha: f64,
    ) -> Result<(), ChartError> {
        let v: Vec<(i32, i32)> = pts.iter().map(|(x, y)| p(*x, *y)).collect();
        let r = self.area.draw(&Polygon::new(v, c.mix(alpha).filled()));
        r.map_err(|e| self.err(e))
    }

    /// A marker of radius `r`: filled with `fill`, outlined in ink (one element each).
    pub fn marker(
        &mut self,
        shape: Shape,
        x: f64,
        y: f64,
        r: f64,
        fill: RGBColor,
    ) -> Result<(), ChartError> {
        let pts: Vec<(f64, f64)> = match shape {
            Shape::Circle => {
                let c = p(x, y);
                let rr = r.round().max(1.0) as u32;
                self.area
                    .draw(&Circle::new(c, rr, fill.filled()))
                    .map_err(|e| self.err(e))?;
                return self
                    .area
                    .draw(&Circle::new(c, rr, INK.stroke_width(theme::STROKE_THIN)))
                    .map_err(|e| self.err(e));
            }
            Shape::Square => {
                let s = r * 0.89;
                vec![
                    (x - s, y - s),
                    (x + s, y - s),
                    (x + s, y + s),
                    (x - s, y + s),
                ]
            }
            Shape::Diamond => {
                let s = r * 1.2;
                vec![(x, y - s), (x + s, y), (x, y + s), (x - s, y)]
            }
            Shape::Triangle => {
                let s = r * 1.25;
                vec![
                    (x, y - s),
                    (x + s * 0.866, y + s * 0.5),
                    (x - s * 0.866, y + s * 0.5),
                ]
            }
        };
        self.polygon(&pts, fill, 1.0)?;
        let mut closed = pts.clone();
        closed.push(pts[0]);
        self.line(&closed, INK, theme::STROKE_THIN)
    }
}

/// Splits `text` into lines no wider than `max_width` at `pt` points (words kept whole).
pub fn wrap(text: &str, pt: f64, max_width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let trial = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && text_width(&trial, pt) > max_width {
            lines.push(std::mem::replace(&mut cur, word.to_string()));
        } else {
            cur = trial;
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// The mark shown beside a legend label.
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    Marker(Shape, RGBColor),
    Line(RGBColor, Dash),
    Swatch(RGBColor),
    /// The ring drawn around the pilot organization.
    Ring,
    /// A short vertical bar (a median).
    Bar,
}

/// Places legend items in rows that wrap within `max_width`.
///
/// # Returns
/// Each item's (x, y) offset from the legend's top-left corner, and the total height.
pub fn legend_layout(labels: &[String], max_width: f64) -> (Vec<(f64, f64)>, f64) {
    let lh = line_height(theme::PT_SMALL) + 4.0;
    let mark_w = 45.0;
    let gap = 30.0;
    let (mut x, mut y) = (0.0, 0.0);
    let mut pos = Vec::new();
    for l in labels {
        let w = mark_w + text_width(l, theme::PT_SMALL);
        if x > 0.0 && x + w > max_width {
            x = 0.0;
            y += lh;
        }
        pos.push((x, y));
        x += w + gap;
    }
    let h = if labels.is_empty() { 0.0 } else { y + lh };
    (pos, h)
}

/// Draws a legend at (x, y) within `max_width`; returns its height.
pub fn legend(
    pen: &mut Pen,
    items: &[(Mark, String)],
    x: f64,
    y: f64,
    max_width: f64,
) -> Result<f64, ChartError> {
    let labels: Vec<String> = items.iter().map(|(_, l)| l.clone()).collect();
    let (pos, h) = legend_layout(&labels, max_width);
    let cy = line_height(theme::PT_SMALL) / 2.0;
    for ((mark, label), (dx, dy)) in items.iter().zip(pos) {
        let (mx, my) = (x + dx, y + dy + cy);
        match mark {
            Mark::Marker(s, c) => pen.marker(*s, mx + 15.0, my, 11.0, *c)?,
            Mark::Line(c, d) => {
                pen.line_dashed(&[(mx, my), (mx + 34.0, my)], *c, theme::STROKE_LINE, *d)?
            }
            Mark::Bar => {
                pen.line(
                    &[(mx + 15.0, my - 13.0), (mx + 15.0, my + 13.0)],
                    INK,
                    theme::STROKE_LINE,
                )?;
            }
            Mark::Ring => {
                let pts: Vec<(f64, f64)> = (0..=24)
                    .map(|k| {
                        let a = std::f64::consts::TAU * f64::from(k) / 24.0;
                        (mx + 15.0 + 14.0 * a.cos(), my + 14.0 * a.sin())
                    })
                    .collect();
                pen.line(&pts, INK, theme::STROKE_AXIS)?;
            }
            Mark::Swatch(c) => {
                let swatch = (mx + 2.0, my - 11.0, mx + 30.0, my + 11.0);
                pen.rect(swatch, c.filled())?;
                pen.rect(swatch, INK.stroke_width(theme::STROKE_THIN))?;
            }
        }
        pen.text(
            label,
            mx + 45.0,
            my,
            theme::PT_SMALL,
            HPos::Left,
            VPos::Center,
        )?;
    }
    Ok(h)
}

/// [`legend`] at `(x, y)`, then `notes` below it, one line each in small type.
///
/// # Errors
/// [`ChartError::Draw`] if plotters fails.
pub fn legend_and_notes(
    pen: &mut Pen,
    items: &[(Mark, String)],
    (x, y): (f64, f64),
    max_width: f64,
    notes: &[String],
) -> Result<(), ChartError> {
    let h = legend(pen, items, x, y, max_width)?;
    let mut ny = y + h + 6.0;
    for l in notes {
        pen.text(l, x, ny, theme::PT_SMALL, HPos::Left, VPos::Top)?;
        ny += line_height(theme::PT_SMALL);
    }
    Ok(())
}

/// Legend items of territory groups: a circle in the group's colour and its label.
pub fn group_items(groups: &[String], lang: Lang) -> Vec<(Mark, String)> {
    groups
        .iter()
        .map(|g| {
            (
                Mark::Marker(Shape::Circle, group_style(g).0),
                group_label(g, lang),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legend_wraps() {
        super::super::theme::register_font();
        let labels: Vec<String> = (0..6).map(|i| format!("catégorie {i}")).collect();
        let (pos, h) = legend_layout(&labels, 400.0);
        assert!(pos.iter().all(|(x, _)| *x < 400.0));
        assert!(h > 2.0 * line_height(theme::PT_SMALL));
    }
}
