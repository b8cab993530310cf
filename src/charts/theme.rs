//! The one figure theme: page sizes, the bundled font, the Okabe–Ito palette with one fixed
//! colour (and shape) per actor type, per stage and per territory group, line widths.
//!
//! Units: every figure is drawn on an SVG canvas whose user unit is **0.1 mm** ("du"), so a
//! single-column figure (85 mm) is 850 units wide. [`crate::charts::render`] rewrites the root
//! `width`/`height` in millimetres, so SVG, PNG (300 dpi) and PDF all have the physical size.
//!
//! Reference: M. Okabe and K. Ito (2008), *Color Universal Design (CUD): how to make figures and
//! presentations that are friendly to colorblind people*, <https://jfly.uni-koeln.de/color/>.

use crate::model::ActorType;
use plotters::style::{FontStyle, IntoFont, RGBColor, TextStyle};
use std::sync::OnceLock;

/// The bundled font (DejaVu Sans, Bitstream Vera license, `assets/fonts/LICENSE-DejaVu.txt`).
pub static FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The family written in the SVG: the bundled font first, a generic fallback for viewers.
/// The same string is the key under which the font is registered in plotters.
pub const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";

/// Canvas units per millimetre.
pub const DU_PER_MM: f64 = 10.0;

/// Okabe–Ito colours (and the grey commonly added to the set).
pub mod okabe_ito {
    use plotters::style::RGBColor;
    pub const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    pub const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
    pub const GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
    pub const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
}
use okabe_ito as oi;

/// Colour of axes, text and outlines.
pub const INK: RGBColor = RGBColor(0x20, 0x20, 0x20);
/// Colour of light grid lines and neutral marks.
pub const LIGHT: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);

/// Marker shapes, so that colour never carries meaning alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Diamond,
    Triangle,
}

pub use crate::config::FigureSize;

/// Width of a figure of that size in canvas units.
pub fn width_du(size: FigureSize) -> u32 {
    (size.width_mm() * DU_PER_MM).round() as u32
}

/// Font sizes in points.
pub const PT_TEXT: f64 = 7.0;
pub const PT_SMALL: f64 = 6.0;
pub const PT_TITLE: f64 = 8.0;

/// Canvas units for a size in points (1 pt = 0.3528 mm).
pub fn pt_to_du(pt: f64) -> f64 {
    pt * 25.4 / 72.0 * DU_PER_MM
}

/// Registers the bundled font with plotters once (idempotent, thread-safe).
///
/// # Returns
/// `false` if the bytes are not a font (never with the committed file).
pub fn register_font() -> bool {
    static DONE: OnceLock<bool> = OnceLock::new();
    *DONE.get_or_init(|| {
        plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, FONT_BYTES).is_ok()
    })
}

/// A plotters text style of `pt` points in the bundled font. plotters writes `size / 1.24` as the
/// SVG `font-size`, so the size is scaled up by 1.24 here.
pub fn font(pt: f64) -> TextStyle<'static> {
    (FONT_FAMILY, pt_to_du(pt) * 1.24).into_font().color(&INK)
}

/// Estimated width in canvas units of `text` at `pt` points. ab_glyph scales to the
/// ascender-to-descender height, so this overestimates the rendered width by ≈ 6 %: a safe margin.
pub fn text_width(text: &str, pt: f64) -> f64 {
    let f = (FONT_FAMILY, pt_to_du(pt) * 1.24).into_font();
    match f.box_size(text) {
        Ok((w, _)) => f64::from(w),
        Err(_) => text.chars().count() as f64 * pt_to_du(pt) * 0.62,
    }
}

/// Fixed colour and shape of an actor type: ten types, eight Okabe–Ito colours plus grey and
/// white, and one shape per family (public sector: square, ESS: circle, companies: diamond,
/// others: triangle).
pub fn actor_style(t: ActorType) -> (RGBColor, Shape) {
    match t {
        ActorType::LocalAuthority => (oi::BLUE, Shape::Square),
        ActorType::PublicAgency => (oi::SKY_BLUE, Shape::Square),
        ActorType::EssAssociation => (oi::BLUISH_GREEN, Shape::Circle),
        ActorType::EssCooperative => (oi::ORANGE, Shape::Circle),
        ActorType::EssMutual => (oi::REDDISH_PURPLE, Shape::Circle),
        ActorType::EssFoundation => (oi::YELLOW, Shape::Circle),
        ActorType::Company => (oi::VERMILLION, Shape::Diamond),
        ActorType::TrainingResearch => (oi::BLACK, Shape::Triangle),
        ActorType::Citizen => (oi::GREY, Shape::Triangle),
        ActorType::Other => (oi::WHITE, Shape::Triangle),
    }
}

/// Colour and shape for an actor type given as text (unknown text: white triangle, as `other`).
pub fn actor_style_str(t: &str) -> (RGBColor, Shape) {
    actor_style(ActorType::parse(t).unwrap_or(ActorType::Other))
}

/// Fixed colour of a stage: S1 orange, S2 sky blue, S3 bluish green, D grey; custom stage ids
/// take the remaining colours in order of first appearance (`custom_rank`).
pub fn stage_colour(stage: &str, custom_rank: usize) -> RGBColor {
    match stage {
        "S1" => oi::ORANGE,
        "S2" => oi::SKY_BLUE,
        "S3" => oi::BLUISH_GREEN,
        "D" => oi::GREY,
        _ => [oi::REDDISH_PURPLE, oi::BLUE, oi::VERMILLION, oi::YELLOW][custom_rank % 4],
    }
}

/// Fixed colour and dash of a territory group: urban blue solid, rural vermillion dashed,
/// anything else (or empty) grey dotted.
pub fn group_style(group: &str) -> (RGBColor, Dash) {
    match group.trim().to_lowercase().as_str() {
        "urban" | "urbain" => (oi::BLUE, Dash::Solid),
        "rural" => (oi::VERMILLION, Dash::Dashed),
        _ => (oi::GREY, Dash::Dotted),
    }
}

/// Line dash patterns, in canvas units (on, off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dash {
    Solid,
    Dashed,
    Dotted,
}

impl Dash {
    /// (dash length, gap) in canvas units, `None` for a solid line.
    pub fn pattern(self) -> Option<(u32, u32)> {
        match self {
            Dash::Solid => None,
            Dash::Dashed => Some((18, 10)),
            Dash::Dotted => Some((4, 8)),
        }
    }
}

/// Stroke widths in canvas units (0.1 mm).
pub const STROKE_AXIS: u32 = 2;
pub const STROKE_LINE: u32 = 4;
pub const STROKE_THIN: u32 = 1;

/// Margin around every figure, in canvas units.
pub const MARGIN: i32 = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_styles_are_distinct() {
        let styles: Vec<_> = ActorType::ALL.iter().map(|t| actor_style(*t)).collect();
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert!(a.0 != b.0, "two actor types share a colour");
            }
        }
    }

    #[test]
    fn sizes_and_font() {
        assert_eq!(width_du(FigureSize::Single), 850);
        assert!(register_font());
        // 7 pt = 24.7 du; "Mm" at 7 pt is between 1 and 2 em wide.
        let w = text_width("Mm", PT_TEXT);
        assert!(
            w > pt_to_du(PT_TEXT) && w < 2.0 * pt_to_du(PT_TEXT) * 1.1,
            "{w}"
        );
    }
}
