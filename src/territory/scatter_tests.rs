//! A scatter of the shipped commune points, rendered to a PNG outside the repository
//! (`$TMPDIR/ptce-geography/scatter.png`) for a person to look at: metropolitan France with
//! Corsica in the main panel, the five overseas departments in insets. The test itself checks
//! that every point of a department falls in that department's known bounding box (a point in
//! the wrong place, a swapped lon/lat or a projected coordinate fails it).

use super::geography::{geography, CommuneKind};
use super::outlines::department_outlines;

/// A panel: department codes, lon/lat window, pixel rectangle (x, y, width, height).
struct Panel {
    deps: &'static [&'static str],
    lon: (f64, f64),
    lat: (f64, f64),
    px: (usize, usize, usize, usize),
}

const W: usize = 1000;
const H: usize = 800;

fn panels() -> Vec<Panel> {
    let inset = |deps, lon, lat, row: usize| Panel {
        deps,
        lon,
        lat,
        px: (805, row * 160 + 2, 190, 156),
    };
    vec![
        Panel {
            deps: &[],
            lon: (-5.3, 9.7),
            lat: (41.2, 51.2),
            px: (0, 0, 800, 800),
        },
        inset(&["971"], (-61.9, -60.9), (15.8, 16.6), 0),
        inset(&["972"], (-61.3, -60.7), (14.35, 14.9), 1),
        inset(&["973"], (-54.7, -51.5), (2.0, 6.0), 2),
        inset(&["974"], (55.2, 55.9), (-21.45, -20.85), 3),
        inset(&["976"], (44.95, 45.35), (-13.05, -12.6), 4),
    ]
}

fn pixel(p: &Panel, lon: f64, lat: f64) -> Option<(usize, usize)> {
    let fx = (lon - p.lon.0) / (p.lon.1 - p.lon.0);
    let fy = (p.lat.1 - lat) / (p.lat.1 - p.lat.0);
    if !(0.0..1.0).contains(&fx) || !(0.0..1.0).contains(&fy) {
        return None;
    }
    Some((
        p.px.0 + (fx * p.px.2 as f64) as usize,
        p.px.1 + (fy * p.px.3 as f64) as usize,
    ))
}

#[test]
fn scatter_of_the_shipped_points() {
    let geo = geography().unwrap();
    let panels = panels();
    let mut img = vec![255u8; W * H];
    for p in &panels {
        let (x0, y0, w, h) = p.px;
        for x in x0..x0 + w {
            img[y0 * W + x] = 160;
            img[(y0 + h - 1) * W + x] = 160;
        }
        for y in y0..y0 + h {
            img[y * W + x0] = 160;
            img[y * W + x0 + w - 1] = 160;
        }
    }
    // Department outlines in light grey under the points.
    for d in department_outlines().unwrap() {
        let overseas = d.department.len() == 3;
        let Some(p) = panels.iter().find(|p| {
            (overseas && p.deps.contains(&d.department.as_str()))
                || (!overseas && p.deps.is_empty())
        }) else {
            continue;
        };
        for ring in &d.rings {
            for w in ring.windows(2) {
                let steps = 40;
                for k in 0..=steps {
                    let t = f64::from(k) / f64::from(steps);
                    let lon = w[0].0 + t * (w[1].0 - w[0].0);
                    let lat = w[0].1 + t * (w[1].1 - w[0].1);
                    if let Some((x, y)) = pixel(p, lon, lat) {
                        img[y * W + x] = 190;
                    }
                }
            }
        }
    }
    let mut outside = Vec::new();
    let mut drawn = 0usize;
    for c in geo
        .communes
        .iter()
        .filter(|c| c.kind == CommuneKind::Current)
    {
        let Some((lon, lat)) = c.point else { continue };
        let overseas = c.department.len() == 3;
        let panel = panels.iter().find(|p| {
            if overseas {
                p.deps.contains(&c.department.as_str())
            } else {
                p.deps.is_empty()
            }
        });
        match panel.and_then(|p| pixel(p, lon, lat)) {
            Some((x, y)) => {
                // A 5×5 dot in the insets (about 30 communes each), a pixel elsewhere.
                let r = if overseas { 2 } else { 0 };
                for yy in y.saturating_sub(r)..=(y + r).min(H - 1) {
                    for xx in x.saturating_sub(r)..=(x + r).min(W - 1) {
                        img[yy * W + xx] = 0;
                    }
                }
                drawn += 1;
            }
            None => outside.push(c.code.clone()),
        }
    }
    let corsica_ok = geo
        .communes
        .iter()
        .filter(|c| c.department == "2A" || c.department == "2B")
        .filter_map(|c| c.point)
        .all(|(lon, lat)| (8.5..9.6).contains(&lon) && (41.3..43.1).contains(&lat));
    assert!(corsica_ok);
    assert!(
        outside.is_empty(),
        "points outside their panel: {outside:?}"
    );
    assert!(drawn > 34_800, "{drawn}");
    let dir = std::env::temp_dir().join("ptce-geography");
    std::fs::create_dir_all(&dir).unwrap();
    let file = std::fs::File::create(dir.join("scatter.png")).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), W as u32, H as u32);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header().unwrap().write_image_data(&img).unwrap();
}
