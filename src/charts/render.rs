//! The one drawing path: plotters draws an SVG string once; this module gives it its physical
//! size and converts it, through a single `usvg` tree that knows the bundled font, to an
//! anti-aliased PNG (resvg, 300 dpi with a `pHYs` chunk) and to a vector PDF (svg2pdf, font
//! subset embedded, text selectable). No timestamp enters any of the three.

use super::theme::{DU_PER_MM, FONT_BYTES};
use super::ChartError;
use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// Resolution of the PNG output, in dots per inch.
pub const PNG_DPI: f64 = 300.0;

/// usvg's CSS pixel: 96 per inch.
const CSS_DPI: f64 = 96.0;

/// The font database holding only the bundled font, also set as every generic family: usvg's
/// database starts empty, and an empty one silently drops all text from the PDF and the PNG.
pub fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT_BYTES.to_vec());
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
            .unwrap_or_else(|| "DejaVu Sans".to_string());
        db.set_sans_serif_family(family.clone());
        db.set_serif_family(family.clone());
        db.set_monospace_family(family.clone());
        db.set_cursive_family(family.clone());
        db.set_fantasy_family(family);
        Arc::new(db)
    })
    .clone()
}

/// Rewrites the root element of a plotters SVG (`width="850" height="600"` in canvas units of
/// 0.1 mm) to physical millimetres, keeping the `viewBox`, so that every viewer, LaTeX and Word
/// place it at its true size.
///
/// # Arguments
/// * `svg` — the SVG written by plotters' `SVGBackend`.
/// * `width_du`, `height_du` — the canvas size it was drawn on.
///
/// # Returns
/// The SVG text with the root size in `mm`.
pub fn set_physical_size(svg: &str, width_du: u32, height_du: u32) -> String {
    let from = format!("width=\"{width_du}\" height=\"{height_du}\"");
    let to = format!(
        "width=\"{}mm\" height=\"{}mm\"",
        f64::from(width_du) / DU_PER_MM,
        f64::from(height_du) / DU_PER_MM
    );
    svg.replacen(&from, &to, 1)
}

/// Parses an SVG with the bundled font.
///
/// # Errors
/// [`ChartError::Svg`] if the text is not a valid SVG.
pub fn parse_svg(svg: &str) -> Result<usvg::Tree, ChartError> {
    let opts = usvg::Options {
        fontdb: fontdb(),
        font_family: "DejaVu Sans".to_string(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &opts).map_err(ChartError::Svg)
}

/// Pixel size of the PNG of a figure of `width_mm` × `height_mm` at [`PNG_DPI`].
pub fn png_pixel_size(width_mm: f64, height_mm: f64) -> (u32, u32) {
    let px = |mm: f64| (mm / 25.4 * PNG_DPI).round().max(1.0) as u32;
    (px(width_mm), px(height_mm))
}

/// Renders an SVG tree to a PNG at 300 dpi on a white background, with the `pHYs` chunk
/// (11 811 pixels per metre).
///
/// # Arguments
/// * `tree` — parsed with [`parse_svg`].
///
/// # Returns
/// The PNG bytes (deterministic: no time chunk).
///
/// # Complexity
/// O(pixels), ≈ 1 000 × 700 for a single-column figure.
///
/// # Errors
/// [`ChartError::EmptyCanvas`] if the pixmap cannot be allocated, [`ChartError::Png`] if it
/// cannot be encoded.
pub fn to_png(tree: &usvg::Tree) -> Result<Vec<u8>, ChartError> {
    let size = tree.size();
    let mm = |px: f32| f64::from(px) / CSS_DPI * 25.4;
    let (w, h) = png_pixel_size(mm(size.width()), mm(size.height()));
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(ChartError::EmptyCanvas)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let sx = w as f32 / size.width();
    let sy = h as f32 / size.height();
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(sx, sy),
        &mut pixmap.as_mut(),
    );
    encode_png(&pixmap, w, h)
}

/// Encodes an opaque RGBA pixmap as an 8-bit RGB PNG with the 300 dpi `pHYs` chunk.
fn encode_png(pixmap: &tiny_skia::Pixmap, w: u32, h: u32) -> Result<Vec<u8>, ChartError> {
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let ppm = (PNG_DPI / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: ppm,
            yppu: ppm,
            unit: png::Unit::Meter,
        }));
        let mut writer = enc.write_header().map_err(ChartError::Png)?;
        writer.write_image_data(&rgb).map_err(ChartError::Png)?;
        writer.finish().map_err(ChartError::Png)?;
    }
    Ok(out)
}

/// Converts an SVG tree to a one-page vector PDF of the figure's physical size, with the font
/// subset embedded (text stays selectable). The only metadata svg2pdf writes is its producer
/// name: the bytes are the same on every run.
///
/// # Errors
/// [`ChartError::Pdf`] when svg2pdf fails (e.g. a font cannot be subset).
pub fn to_pdf(tree: &usvg::Tree) -> Result<Vec<u8>, ChartError> {
    let conv = svg2pdf::ConversionOptions {
        compress: true,
        embed_text: true,
        ..svg2pdf::ConversionOptions::default()
    };
    let page = svg2pdf::PageOptions {
        dpi: CSS_DPI as f32,
    };
    let pdf = svg2pdf::to_pdf(tree, conv, page).map_err(|e| ChartError::Pdf(e.to_string()))?;
    Ok(canonical_resource_order(pdf))
}

/// svg2pdf 0.13 writes the entries of a page's resource dictionaries (`/ExtGState`, `/XObject`…)
/// in `HashMap` order, so two runs differ as soon as a figure has two opacities. The entries are
/// one line each (`      /gs0 9 0 R`): sorting the lines of each such dictionary in place makes
/// the bytes canonical without changing any length, so the cross-reference offsets stay valid.
pub fn canonical_resource_order(mut pdf: Vec<u8>) -> Vec<u8> {
    const HEADS: [&[u8]; 6] = [
        b"/ExtGState <<\n",
        b"/XObject <<\n",
        b"/Pattern <<\n",
        b"/Shading <<\n",
        b"/Font <<\n",
        b"/ColorSpace <<\n",
    ];
    let mut i = 0;
    while i < pdf.len() {
        let Some(head) = HEADS.iter().find(|h| pdf[i..].starts_with(h)) else {
            i += 1;
            continue;
        };
        let start = i + head.len();
        let mut lines: Vec<Vec<u8>> = Vec::new();
        let mut j = start;
        let mut ok = false;
        while let Some(k) = pdf[j..].iter().position(|b| *b == b'\n') {
            let line = &pdf[j..j + k];
            let trimmed: Vec<u8> = line.iter().copied().skip_while(|b| *b == b' ').collect();
            if trimmed == b">>" {
                ok = true;
                break;
            }
            if !trimmed.starts_with(b"/") || trimmed.contains(&b'<') {
                break;
            }
            lines.push(line.to_vec());
            j += k + 1;
        }
        if ok && lines.len() > 1 {
            lines.sort();
            let joined: Vec<u8> = lines.join(&b'\n');
            pdf[start..start + joined.len()].copy_from_slice(&joined);
        }
        i = j.max(i + 1);
    }
    pdf
}

/// Lays out every text of an SVG with the bundled font (through usvg) and lists the problems a
/// reader would see: a label leaving the canvas, two labels overlapping, a label without glyphs.
///
/// # Arguments
/// * `svg` — a figure as written by [`crate::charts::render_figures`].
/// * `eps` — tolerance in CSS pixels (boxes may overlap or stick out by that much).
///
/// # Returns
/// One message per problem (empty when the figure is clean).
///
/// # Complexity
/// O(t²) for t texts.
///
/// # Errors
/// [`ChartError::Svg`] if the SVG does not parse.
pub fn text_problems(svg: &str, eps: f32) -> Result<Vec<String>, ChartError> {
    fn boxes(group: &usvg::Group, out: &mut Vec<(String, usvg::Rect)>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => boxes(g, out),
                usvg::Node::Text(t) => {
                    let label: String = t.chunks().iter().map(|c| c.text().to_string()).collect();
                    out.push((label, t.abs_bounding_box()));
                }
                _ => {}
            }
        }
    }
    let tree = parse_svg(svg)?;
    let mut texts = Vec::new();
    boxes(tree.root(), &mut texts);
    let (w, h) = (tree.size().width(), tree.size().height());
    let mut problems = Vec::new();
    for (label, b) in &texts {
        if b.width() <= 0.0 {
            problems.push(format!("{label:?} has no glyphs"));
        }
        if b.left() < -eps || b.top() < -eps || b.right() > w + eps || b.bottom() > h + eps {
            problems.push(format!("{label:?} leaves the canvas: {b:?} in {w}×{h}"));
        }
    }
    for i in 0..texts.len() {
        for j in (i + 1)..texts.len() {
            let (a, b) = (&texts[i].1, &texts[j].1);
            let ox = a.right().min(b.right()) - a.left().max(b.left());
            let oy = a.bottom().min(b.bottom()) - a.top().max(b.top());
            if ox > eps && oy > eps {
                problems.push(format!("{:?} overlaps {:?}", texts[i].0, texts[j].0));
            }
        }
    }
    if texts.is_empty() {
        problems.push("no text".to_string());
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_size_in_mm() {
        let svg = "<svg width=\"850\" height=\"600\" viewBox=\"0 0 850 600\">";
        assert_eq!(
            set_physical_size(svg, 850, 600),
            "<svg width=\"85mm\" height=\"60mm\" viewBox=\"0 0 850 600\">"
        );
        // 85 mm at 300 dpi = 1003.9 px.
        assert_eq!(png_pixel_size(85.0, 60.0), (1004, 709));
    }

    #[test]
    fn resource_entries_sorted_in_place() {
        let pdf = b"x /ExtGState <<\n  /gs1 9 0 R\n  /gs0 8 0 R\n>>\nrest".to_vec();
        let out = canonical_resource_order(pdf.clone());
        assert_eq!(out.len(), pdf.len());
        assert_eq!(
            out,
            b"x /ExtGState <<\n  /gs0 8 0 R\n  /gs1 9 0 R\n>>\nrest".to_vec()
        );
    }

    #[test]
    fn text_problems_are_found() {
        super::super::theme::register_font();
        let svg = r#"<svg width="100mm" height="20mm" viewBox="0 0 1000 200" xmlns="http://www.w3.org/2000/svg">
            <text x="10" y="100" font-family="DejaVu Sans" font-size="30">première étiquette</text>
            <text x="60" y="105" font-family="DejaVu Sans" font-size="30">seconde</text>
            <text x="900" y="50" font-family="DejaVu Sans" font-size="30">dépasse le bord</text>
            </svg>"#;
        let p = text_problems(svg, 0.1).unwrap();
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p.iter().any(|m| m.contains("overlaps")));
        assert!(p.iter().any(|m| m.contains("leaves the canvas")));
    }

    #[test]
    fn fontdb_has_the_bundled_font() {
        let db = fontdb();
        assert_eq!(db.len(), 1);
        let fam = db.faces().next().unwrap().families[0].0.clone();
        assert_eq!(fam, "DejaVu Sans");
    }
}
