//! Structural tests of the figures on the fixture study (`fixture.rs`): the SVG parses and holds
//! the expected marks, the PNG is 300 dpi at the expected size, the PDF embeds its font, bytes are
//! identical across reruns and thread counts, no label overlaps another or leaves the canvas.

use super::render::{self, png_pixel_size};
use super::*;

fn opts(lang: Lang, formats: &[Format]) -> FigureOptions {
    FigureOptions {
        lang,
        formats: formats.to_vec(),
        size: FigureSize::Single,
        seed: 7,
        per_ptce: true,
    }
}

fn all_formats() -> Vec<Format> {
    vec![Format::Svg, Format::Png, Format::Pdf]
}

fn svg_files(lang: Lang, size: FigureSize) -> Vec<(String, String)> {
    let o = FigureOptions {
        size,
        ..opts(lang, &[Format::Svg])
    };
    render_figures(&fixture::tables(), &o)
        .unwrap()
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect()
}

/// Batches change nothing in the files or their order; the first batch reaches the sink before
/// later figures are drawn (a sink error stops the run before a later figure's own error).
#[test]
fn figures_stream_batch_by_batch_in_index_order() {
    let tables = fixture::tables();
    let o = opts(Lang::En, &[Format::Svg, Format::Png]);
    let all = render_figures(&tables, &o).unwrap();
    assert!(all.len() > 8, "{} files", all.len());
    for batch in [1, 2, 5, FIGURE_BATCH] {
        let mut got = Vec::new();
        render_in_batches(&tables, &o, batch, &mut |p, b| {
            got.push((p, b));
            Ok::<(), ChartError>(())
        })
        .unwrap();
        assert!(got == all, "batch {batch}");
    }
    // The last figure of the index (the map) cannot be drawn: its table lacks a column.
    let mut broken = tables.clone();
    let t = broken.iter_mut().find(|t| t.name == "territories").unwrap();
    t.columns.retain(|c| c.name != "group");
    let whole = render_figures(&broken, &o).unwrap_err();
    assert!(matches!(whole, ChartError::Column { .. }), "{whole:?}");
    let mut seen = Vec::new();
    let err = render_in_batches(&broken, &o, 1, &mut |p, _| {
        seen.push(p);
        Err(ChartError::Font)
    })
    .unwrap_err();
    assert!(matches!(err, ChartError::Font), "{err:?}");
    assert_eq!(
        seen,
        vec![all[0].0.clone()],
        "stopped at the sink's first error"
    );
}

#[test]
fn network_rows_index_finds_the_rows_a_scan_finds() {
    let tables = fixture::tables();
    let rows = network::rows(&tables).unwrap();
    for (name, index) in [("node_metrics", &rows.nodes), ("edges", &rows.edges)] {
        let ids = data::Cols::new(data::find(&tables, name).unwrap(), "t")
            .text("ptce_id")
            .unwrap();
        assert!(!ids.is_empty());
        let mut distinct = ids.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(
            index.keys().cloned().collect::<Vec<_>>(),
            distinct,
            "{name}"
        );
        for id in &distinct {
            let scan: Vec<usize> = (0..ids.len()).filter(|&i| ids[i] == *id).collect();
            assert_eq!(index[id], scan, "{name} {id}");
        }
    }
}

/// Every figure of the set is drawn from the fixture, in index order.
#[test]
fn every_figure_is_drawn() {
    let files = render_figures(&fixture::tables(), &opts(Lang::Fr, &all_formats())).unwrap();
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for stem in [
        "stage_timeline",
        "boundaries",
        "practices",
        "network_P01",
        "network_P03",
        "trajectories",
        "comparison",
        "diversity",
        "centrality",
        "time_to_formalize",
        "models_forest",
        "mixing_matrix",
        "tie_models_forest",
        "map",
    ] {
        for ext in ["svg", "png", "pdf"] {
            let p = format!("figures/{stem}.{ext}");
            assert!(names.contains(&p.as_str()), "missing {p}");
        }
    }
    assert_eq!(files.len(), 42);
    let index = figure_index(&fixture::tables(), &opts(Lang::Fr, &all_formats()));
    // The two event-history figures are listed as skipped: the fixture has no event tables.
    assert_eq!(index.height(), 44);
}

/// A figure whose table is absent is skipped and listed as such.
#[test]
fn absent_table_skips_its_figure() {
    let tables: Vec<Table> = fixture::tables()
        .into_iter()
        .filter(|t| t.name != "survival")
        .collect();
    let files = render_figures(&tables, &opts(Lang::En, &[Format::Svg])).unwrap();
    assert!(!files.iter().any(|(p, _)| p.contains("time_to_formalize")));
    let index = figure_index(&tables, &opts(Lang::En, &[Format::Svg]));
    let status = match &index.column("status").unwrap().values {
        crate::table::Values::Str(v) => v.to_vec(),
        _ => panic!(),
    };
    let figure = match &index.column("figure").unwrap().values {
        crate::table::Values::Str(v) => v.to_vec(),
        _ => panic!(),
    };
    let row = figure
        .iter()
        .position(|f| f.as_deref() == Some("time_to_formalize"))
        .unwrap();
    assert_eq!(
        status[row].as_deref(),
        Some("skipped: table survival absent")
    );
}

/// PNG: 300 dpi `pHYs` (11 811 px/m) and the pixel size of the physical size; PDF: font embedded.
#[test]
fn png_and_pdf_metadata() {
    let files = render_figures(&fixture::tables(), &opts(Lang::Fr, &all_formats())).unwrap();
    for (path, bytes) in &files {
        if path.ends_with(".png") {
            let svg = &files
                .iter()
                .find(|(p, _)| *p == path.replace(".png", ".svg"))
                .unwrap()
                .1;
            let tree = render::parse_svg(std::str::from_utf8(svg).unwrap()).unwrap();
            let mm = |px: f32| f64::from(px) * 25.4 / 96.0;
            let expected = png_pixel_size(mm(tree.size().width()), mm(tree.size().height()));
            let dec = png::Decoder::new(std::io::Cursor::new(bytes));
            let reader = dec.read_info().unwrap();
            let info = reader.info();
            assert_eq!((info.width, info.height), expected, "{path}");
            assert_eq!(expected.0, 1004, "85 mm at 300 dpi");
            let dims = info.pixel_dims.unwrap();
            assert_eq!(
                (dims.xppu, dims.yppu, dims.unit),
                (11811, 11811, png::Unit::Meter)
            );
        }
        if path.ends_with(".pdf") {
            let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
            assert!(has(b"/FontFile2"), "{path}: no embedded font");
            assert!(has(b"DejaVuSans"), "{path}: no subset name");
            assert!(!has(b"/CreationDate"), "{path}: timestamp");
        }
    }
}

/// Same bytes on a rerun, with 1 and with 2 rayon threads.
#[test]
fn deterministic_across_runs_and_threads() {
    let run = |threads: usize| {
        crate::test_support::with_threads(threads, || {
            render_figures(&fixture::tables(), &opts(Lang::En, &all_formats())).unwrap()
        })
    };
    let a = run(1);
    let b = run(2);
    let c = run(2);
    assert_eq!(a.len(), b.len());
    for ((pa, ba), ((pb, bb), (_, bc))) in a.iter().zip(b.iter().zip(c.iter())) {
        assert_eq!(pa, pb);
        assert!(ba == bb && bb == bc, "{pa} differs between runs");
    }
}

/// Centres of the filled node marks (circles and polygons) of an SVG, in canvas units.
fn filled_marks(svg: &str) -> Vec<(i32, i32)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let k = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[k..].split('"').next()?.to_string())
    };
    let mut out = Vec::new();
    for tag in svg.split('<').skip(1) {
        if tag.starts_with("circle") && attr(tag, "fill").is_some_and(|f| f != "none") {
            let x = attr(tag, "cx").unwrap().parse().unwrap();
            let y = attr(tag, "cy").unwrap().parse().unwrap();
            out.push((x, y));
        } else if tag.starts_with("polygon") {
            let pts: Vec<(f64, f64)> = attr(tag, "points")
                .unwrap()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            let n = pts.len() as f64;
            let cx = pts.iter().map(|p| p.0).sum::<f64>() / n;
            let cy = pts.iter().map(|p| p.1).sum::<f64>() / n;
            if pts.len() == 3 {
                // Triangles are drawn around their centroid's vertical centre (see `marker`).
                out.push((cx.round() as i32, cy.round() as i32));
            } else {
                out.push((cx.round() as i32, cy.round() as i32));
            }
        }
    }
    out
}

/// One mark per node per panel, and every node at the same place in every panel it is in.
#[test]
fn network_panels_have_one_mark_per_node_at_stable_places() {
    let files = svg_files(Lang::Fr, FigureSize::Single);
    let svg = &files
        .iter()
        .find(|(p, _)| p == "figures/network_P01.svg")
        .unwrap()
        .1;
    // P01: S1 has o1, o2; S2 adds o3, o4; S3 adds o5, o6 (fixture.rs).
    let expected = [2, 4, 6];
    let grid = network::panel_grid(3, 850, theme::MARGIN);
    let marks = filled_marks(svg);
    let mut rel: Vec<Vec<(i32, i32)>> = Vec::new();
    for (k, &(x0, y0, x1, y1)) in grid.iter().enumerate() {
        let inside: Vec<(i32, i32)> = marks
            .iter()
            .filter(|(x, y)| *x > x0 && *x < x1 && *y > y0 && *y < y1)
            .map(|(x, y)| (x - x0, y - y0))
            .collect();
        assert_eq!(inside.len(), expected[k], "panel {k}");
        rel.push(inside);
    }
    // Nodes of S1 ⊂ S2 ⊂ S3: every relative position of a panel is found in the next ones.
    for k in 0..2 {
        for p in &rel[k] {
            assert!(
                rel[k + 1].contains(p),
                "node at {p:?} moved between panels {k} and {}",
                k + 1
            );
        }
    }
}

/// No two labels overlap and none leaves the canvas, for every figure, in both languages and
/// at two widths: texts laid out by usvg with the bundled font ([`render::text_problems`]).
/// Tolerance: boxes may touch within 0.1 px (1/40 mm).
#[test]
fn no_label_overlaps_or_leaves_the_canvas() {
    for size in [FigureSize::Single, FigureSize::Double] {
        for lang in [Lang::Fr, Lang::En] {
            for (path, svg) in svg_files(lang, size) {
                let problems = render::text_problems(&svg, 0.1).unwrap();
                assert!(
                    problems.is_empty(),
                    "{path} ({lang:?}, {size:?}): {problems:?}"
                );
            }
        }
    }
}

/// The SVG names the bundled family and keeps text as text.
#[test]
fn svg_keeps_text_and_font_family() {
    for (path, svg) in svg_files(Lang::Fr, FigureSize::Single) {
        for fragment in [
            "<text",
            "font-family=\"DejaVu Sans, sans-serif\"",
            "width=\"85mm\"",
        ] {
            assert!(svg.contains(fragment), "{path} lacks {fragment}");
        }
    }
}

/// The comparison figure shows one strip plot per selected row: 4 rows × 4 PTCE values, plus the
/// two group markers of the legend; the statistics line of every row is written.
#[test]
fn comparison_has_one_panel_per_row_and_one_mark_per_value() {
    let files = svg_files(Lang::Fr, FigureSize::Single);
    let svg = &files
        .iter()
        .find(|(p, _)| p == "figures/comparison.svg")
        .unwrap()
        .1;
    assert_eq!(svg.matches("p ajusté = ").count(), 4);
    assert_eq!(filled_marks(svg).len(), 4 * 4 + 2);
    assert!(svg.contains("durée de l’étape (jours) (S1)"));
    assert!(svg.contains("δ = \u{2212}1,00 (fort)"));
}

/// Stage labels come from the stage model written in `stages` (custom ids included).
#[test]
fn stage_labels_from_the_stages_table() {
    let t = Table::new("stages")
        .str("stage", [Some("negotiation"), Some("S1")])
        .str("label_fr", [Some("négociation"), Some("")])
        .str("label_en", [Some("negotiation"), Some("")]);
    let names = data::stage_labels(&[t], Lang::Fr);
    assert_eq!(
        data::stage_name("negotiation", &names, Lang::Fr),
        "négociation"
    );
    assert_eq!(
        data::stage_name("S1", &names, Lang::Fr),
        "impulsion individuelle"
    );
    assert_eq!(data::stage_name("X", &names, Lang::Fr), "X");
}

/// A present table without a documented column is an error naming it, not a panic.
#[test]
fn missing_column_is_reported() {
    let tables: Vec<Table> = fixture::tables()
        .into_iter()
        .map(|mut t| {
            if t.name == "stages" {
                t.columns.retain(|c| c.name != "entry");
            }
            t
        })
        .collect();
    let err = render_figures(&tables, &opts(Lang::En, &[Format::Svg])).unwrap_err();
    assert!(
        matches!(&err, ChartError::Column { table, column, .. } if table == "stages" && column == "entry"),
        "{err}"
    );
}

/// Tables with their columns but no rows: every figure still renders (empty axes), no panic.
#[test]
fn empty_tables_render() {
    let empty: Vec<Table> = fixture::tables()
        .into_iter()
        .map(|mut t| {
            for c in &mut t.columns {
                c.values = c.values.empty_like();
            }
            t
        })
        .collect();
    let files = render_figures(&empty, &opts(Lang::Fr, &all_formats())).unwrap();
    // No PTCE has nodes, so no network figure: 12 figures (the map empty) × 3 formats.
    assert_eq!(files.len(), 36);
}

/// Writes every fixture figure to `$PTCE_FIGURES_OUT` (to look at them); ignored by default.
#[test]
#[ignore]
fn write_fixture_figures() {
    let dir = std::env::var("PTCE_FIGURES_OUT").unwrap_or_else(|_| "/tmp/ptce-figures".into());
    let size = std::env::var("PTCE_FIGURES_SIZE")
        .ok()
        .and_then(|s| <FigureSize as clap::ValueEnum>::from_str(&s, true).ok())
        .unwrap_or_default();
    for lang in [Lang::Fr, Lang::En] {
        let o = FigureOptions {
            size,
            ..opts(lang, &all_formats())
        };
        let files = render_figures(&fixture::tables(), &o).unwrap();
        for (path, bytes) in files {
            let p = std::path::Path::new(&dir)
                .join(format!("{lang:?}"))
                .join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
}

/// A PTCE drawn in a single panel (one stage snapshot): the legend sits below the panel, not
/// over its nodes, and lists the actor types drawn only (not those of `all` alone); an
/// organization with no tie in any snapshot sits alone on the bottom row, centred, below the
/// tied ones.
#[test]
fn single_panel_network_keeps_legend_off_the_panel_and_isolates_on_the_bottom_row() {
    // P09, snapshot S1: path a–b–c and d without ties; `all` adds e, a mutual tied to a.
    let nodes = [
        ("S1", "a", "pilot", "ess_association"),
        ("S1", "b", "member", "ess_association"),
        ("S1", "c", "member", "local_authority"),
        ("S1", "d", "member", "ess_association"),
        ("all", "a", "pilot", "ess_association"),
        ("all", "b", "member", "ess_association"),
        ("all", "c", "member", "local_authority"),
        ("all", "d", "member", "ess_association"),
        ("all", "e", "member", "ess_mutual"),
    ];
    let edges = [
        ("S1", "a", "b"),
        ("S1", "b", "c"),
        ("all", "a", "b"),
        ("all", "b", "c"),
        ("all", "a", "e"),
    ];
    let col = |f: fn(&(&'static str, &'static str, &'static str, &'static str)) -> &'static str| {
        nodes.iter().map(f).map(Some).collect::<Vec<_>>()
    };
    let tables = vec![
        Table::new("node_metrics")
            .str("ptce_id", nodes.iter().map(|_| Some("P09")))
            .str("snapshot", col(|r| r.0))
            .str("org_id", col(|r| r.1))
            .str("role", col(|r| r.2))
            .str("actor_type", col(|r| r.3))
            .float("betweenness", nodes.iter().map(|_| Some(0.0))),
        Table::new("edges")
            .str("ptce_id", edges.iter().map(|_| Some("P09")))
            .str("snapshot", edges.iter().map(|e| Some(e.0)))
            .str("source", edges.iter().map(|e| Some(e.1)))
            .str("target", edges.iter().map(|e| Some(e.2)))
            .float("weight", edges.iter().map(|_| Some(1.0))),
    ];
    let files = render_figures(&tables, &opts(Lang::Fr, &[Format::Svg])).unwrap();
    let svg = files
        .iter()
        .find(|(p, _)| p == "figures/network_P09.svg")
        .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
        .unwrap();
    let (x0, _, x1, y1) = network::panel_grid(1, 850, theme::MARGIN)[0];
    // Legend: below the panel; the mutual of `all` is not drawn, so not listed.
    let label_y = |label: &str| -> f64 {
        let tag = svg
            .split("<text")
            .find(|t| {
                let body = t.split_once('>').map_or("", |(_, b)| b);
                body.split('<').next().map(str::trim) == Some(label)
            })
            .unwrap_or_else(|| panic!("no label {label}"));
        let k = tag.find(" y=\"").unwrap() + 4;
        tag[k..].split('"').next().unwrap().parse().unwrap()
    };
    assert!(
        label_y("association") > f64::from(y1),
        "legend over the panel"
    );
    assert!(label_y("collectivité") > f64::from(y1));
    assert!(
        !svg.contains("mutuelle"),
        "a type that no panel draws is listed"
    );
    // Four marks in the panel; the isolate d is the lowest, alone, at the panel's centre.
    let marks = filled_marks(&svg);
    let inside: Vec<(i32, i32)> = marks
        .iter()
        .copied()
        .filter(|&(x, y)| x > x0 && x < x1 && y < y1)
        .collect();
    assert_eq!(inside.len(), 4, "{inside:?}");
    let lowest = *inside.iter().max_by_key(|m| m.1).unwrap();
    assert!(
        (lowest.0 - (x0 + x1) / 2).abs() <= 1,
        "{lowest:?} not centred"
    );
    let others: Vec<i32> = inside
        .iter()
        .filter(|m| **m != lowest)
        .map(|m| m.1)
        .collect();
    assert!(others.iter().all(|&y| y < lowest.1 - 20), "{inside:?}");
}
