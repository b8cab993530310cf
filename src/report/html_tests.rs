// Tests of the HTML report (included by `html.rs`), and the fixture shared with the Markdown
// tests: a report built from small tables, hand-written SVG figures in the shape the charts
// module produces, and hostile organization names.

use super::*;
use crate::report::cite::METHODS;
use crate::report::document::{
    sections, ModelsSection, RelationsSection, ReportInput, ReportProvenance, Summary,
    TableSection, MAX_ROWS, MAX_WARNINGS,
};
use crate::table::Table;

/// The page of a report input.
pub fn render_page(input: &ReportInput<'_>) -> String {
    report_html(&Document::new(input))
}

pub const HOSTILE: &str = "<b>&é\"_%</b>";
pub const SCRIPT: &str = "<script>alert(1)</script>";

/// Main tables (node metrics with hostile names) and the comparison table.
pub fn fixture_tables() -> Vec<Table> {
    let names = [
        Some(HOSTILE),
        Some(SCRIPT),
        Some("Régie de quartier"),
        None,
        Some("</svg>"),
    ];
    let metrics = Table::new("node_metrics")
        .str(
            "ptce_id",
            ["PTCE-1", "PTCE-1", "PTCE-1", "PTCE-2", "PTCE-2"].map(Some),
        )
        .str("name", names)
        .int("degree", [Some(3), Some(1), Some(2), None, Some(12345)])
        .float(
            "betweenness",
            [Some(0.5), Some(0.0), Some(0.125), None, Some(1.0 / 3.0)],
        )
        .float(
            "pagerank",
            [Some(0.31), Some(0.12), Some(0.2), Some(0.17), Some(0.2)],
        );
    let comparison = Table::new("comparison")
        .str(
            "measure",
            [
                Some("density"),
                Some("shannon_actor_type"),
                Some("time_to_S3_days"),
            ],
        )
        .int("n_urban", [Some(18), Some(18), Some(15)])
        .int("n_rural", [Some(12), Some(12), Some(9)])
        .float("median_urban", [Some(0.42), Some(1.31), Some(812.0)])
        .float("median_rural", [Some(0.55), Some(1.02), Some(1204.5)])
        .float("p_value", [Some(0.0004), Some(0.0312), Some(0.41)])
        .float("p_adjusted", [Some(0.0012), Some(0.0468), Some(0.41)])
        .float("cliffs_delta", [Some(-0.61), Some(0.35), Some(-0.12)])
        .str(
            "magnitude",
            [Some("large"), Some("medium"), Some("negligible")],
        );
    vec![metrics, comparison]
}

/// A bar chart as SVG, labels escaped as the charts module escapes them.
pub fn bar_svg(labels: &[&str], values: &[f64]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg width=\"640\" height=\"240\" viewBox=\"0 0 640 240\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect x=\"0\" y=\"0\" width=\"640\" height=\"240\" fill=\"#FFFFFF\"/>\n<line x1=\"60\" y1=\"200\" x2=\"620\" y2=\"200\" stroke=\"#000000\"/>\n",
    );
    for (i, (l, v)) in labels.iter().zip(values).enumerate() {
        let x = 80 + 120 * i;
        let h = (v * 160.0) as i32;
        s.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"80\" height=\"{h}\" fill=\"#2B6CB0\"/>\n<text x=\"{x}\" y=\"220\" font-family=\"sans-serif\" font-size=\"12\">{}</text>\n",
            200 - h,
            crate::report::escape::xml(l)
        ));
    }
    s.push_str("</svg>\n");
    s
}

/// A stage timeline as SVG: one row per PTCE, one coloured bar per stage.
pub fn timeline_svg() -> String {
    let mut s = String::from("<svg width=\"640\" height=\"150\" viewBox=\"0 0 640 150\" xmlns=\"http://www.w3.org/2000/svg\">\n");
    let colours = ["#F6AD55", "#68D391", "#4299E1"];
    for (row, starts) in [[0, 90, 260], [30, 200, 380]].iter().enumerate() {
        let y = 20 + 50 * row;
        s.push_str(&format!(
            "<text x=\"5\" y=\"{}\" font-family=\"sans-serif\" font-size=\"12\">PTCE-{}</text>\n",
            y + 18,
            row + 1
        ));
        for (k, x) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(520);
            s.push_str(&format!("<rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"26\" fill=\"{}\"><title>S{}</title></rect>\n", 80 + x, end - x, colours[k], k + 1));
        }
    }
    s.push_str("</svg>");
    s
}

pub fn fixture<'a>(tables: &'a [Table], lang: Language) -> ReportInput<'a> {
    ReportInput {
        lang,
        title: format!("Étude {HOSTILE} {SCRIPT}"),
        summary: Summary {
            ptces: 30,
            organizations: 12345,
            memberships: 640,
            ties: 1210,
            urban: 18,
            rural: 12,
            territory_unknown: 0,
            reference_date: "2024-12-31".into(),
        },
        warnings: vec![
            format!("organizations.csv:4: name {HOSTILE:?} looks like markup"),
            format!("ties.csv:9: {SCRIPT}"),
        ],
        timelines: vec![Figure {
            id: "stage_timelines".into(),
            caption: format!("Étapes de formation — {HOSTILE}"),
            svg: timeline_svg(),
            file: "figures/stage_timelines.svg".into(),
        }],
        figures: vec![
            Figure {
                id: "degree_by_org".into(),
                caption: "Degré par organisation".into(),
                svg: bar_svg(&[HOSTILE, SCRIPT, "</svg>", "Régie"], &[0.9, 0.3, 0.5, 0.7]),
                file: "figures/degree_by_org.svg".into(),
            },
            Figure {
                id: "unsafe".into(),
                caption: "A figure whose SVG carries a script".into(),
                svg: format!("<svg><text>{SCRIPT}</text></svg>"),
                file: "figures/unsafe.svg".into(),
            },
        ],
        tables: vec![TableSection {
            caption: format!("Centralités {HOSTILE}"),
            table: &tables[0],
        }],
        comparison: Some(TableSection {
            caption: "Urbain / rural".into(),
            table: &tables[1],
        }),
        models: Some(ModelsSection {
            sentences: vec![format!("Effet {HOSTILE}")],
            figure: None,
            table: TableSection {
                caption: format!("Modèles {SCRIPT}"),
                table: &tables[1],
            },
        }),
        stage_sentences: vec![format!("Étape {HOSTILE}")],
        relations: Some(RelationsSection {
            sentences: vec![format!("Homophilie {HOSTILE}")],
            mixing_figure: None,
            forest_figure: None,
            mixing: None,
            brokers: Some(TableSection {
                caption: format!("Courtiers {SCRIPT}"),
                table: &tables[0],
            }),
            broker_sentences: vec![format!("Aucun courtier dans {HOSTILE}")],
        }),
        methods: METHODS,
        provenance: ReportProvenance {
            version: "0.1.0".into(),
            seed: 20140731,
            options: vec![
                ("network.source".into(), "ties".into()),
                ("title".into(), SCRIPT.into()),
            ],
            inputs: vec![
                ("ptces.csv".into(), Some(30), "ab12".repeat(16)),
                (format!("{SCRIPT}.csv"), None, "cd34".repeat(16)),
            ],
        },
    }
}

/// Values of every `src=`, `href=`, `xlink:href=` attribute and `url(` in a page.
pub fn references(page: &str) -> Vec<String> {
    let lower = page.to_ascii_lowercase();
    let mut out = Vec::new();
    for key in ["src=", "href=", "url("] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(key).map(|i| from + i) {
            let rest = page[i + key.len()..].trim_start_matches(['"', '\'', ' ']);
            let end = rest.find(['"', '\'', ')', ' ', '>']).unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            from = i + key.len();
        }
    }
    out
}

#[test]
fn escapes_every_string_from_the_data() {
    let tables = fixture_tables();
    for lang in [Language::Fr, Language::En] {
        let page = render_page(&fixture(&tables, lang));
        assert!(
            !page.to_ascii_lowercase().contains("<script"),
            "script tag in the page"
        );
        assert!(!page.contains("<b>"));
        let escaped = "&lt;b&gt;&amp;é&quot;_%&lt;/b&gt;";
        // Title, h1, table cell, warning, figure caption, SVG text.
        assert!(
            page.matches(escaped).count() >= 6,
            "{}",
            page.matches(escaped).count()
        );
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // The SVG label `</svg>` stays text inside its figure.
        assert!(page.contains(">&lt;/svg&gt;</text>"));
        // The unsafe figure is replaced by a note, its caption kept.
        assert!(page.contains("A figure whose SVG carries a script"));
        assert_eq!(page.matches("<svg").count(), 2);
        assert_eq!(page.matches("</svg>").count(), 2);
    }
}

#[test]
fn loads_no_external_resource() {
    let tables = fixture_tables();
    let page = render_page(&fixture(&tables, Language::En));
    let refs = references(&page);
    assert!(!refs.is_empty(), "the navigation links are found");
    for r in &refs {
        assert!(
            r.starts_with('#') || r.starts_with("data:"),
            "external reference {r:?}"
        );
    }
    assert!(page.contains("default-src 'none'"));
}

#[test]
fn sections_figures_numbers_and_language() {
    let tables = fixture_tables();
    let fr = render_page(&fixture(&tables, Language::Fr));
    for (id, _) in sections(Language::Fr) {
        assert!(fr.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    for id in ["fig-stage_timelines", "fig-degree_by_org", "fig-unsafe"] {
        assert!(fr.contains(&format!("<figure id=\"{id}\">")), "{id}");
    }
    assert!(fr.contains("<html lang=\"fr\">") && fr.contains("Comparaison urbain / rural"));
    assert!(fr.contains("Qui coopère avec qui") && fr.contains("Courtiers au-delà du hasard"));
    assert!(fr.contains("Homophilie &lt;b&gt;") && fr.contains("Aucun courtier dans &lt;b&gt;"));
    assert!(fr.contains("<td class=\"num\">0,500</td>"));
    assert!(fr.contains("<td class=\"num\">&lt; 0,001</td>"));
    assert!(fr.contains("<td class=\"num\">12\u{202f}345</td>"));
    assert!(fr.contains("<td class=\"num\">—</td>"));
    let en = render_page(&fixture(&tables, Language::En));
    assert!(en.contains("<td class=\"num\">0.500</td>") && en.contains("Urban / rural comparison"));
    assert!(en.contains("Who cooperates with whom") && en.contains("Brokers beyond chance"));
    assert!(en.contains("Brandes (2001)"));
    // A pure function of its input: byte-identical on a rerun.
    assert_eq!(en, render_page(&fixture(&tables, Language::En)));
}

#[test]
fn long_tables_and_warnings_are_truncated() {
    let big = Table::new("big").int("i", (0..(MAX_ROWS as i64 + 5)).map(Some));
    let tables = fixture_tables();
    let mut input = fixture(&tables, Language::En);
    input.tables = vec![TableSection {
        caption: "big".into(),
        table: &big,
    }];
    input.warnings = (0..MAX_WARNINGS + 3).map(|i| format!("w{i}")).collect();
    let page = render_page(&input);
    assert!(page.contains(&format!("{MAX_ROWS} / {}", MAX_ROWS + 5)));
    assert!(page.contains("<code>tables/big.csv</code>"));
    assert!(page.contains(&format!("<li>w{}</li>", MAX_WARNINGS - 1)));
    assert!(!page.contains(&format!("<li>w{MAX_WARNINGS}</li>")));
}

/// Renders the report in headless Chromium (Debian `chromium`); skipped, with a notice, when
/// /usr/bin/chromium is absent (a failure with `CI=true`). Checks the DOM Chromium built (every figure present, no
/// script, the hostile names as text) and that the screenshot is not blank (its PNG is much
/// larger than the screenshot of an empty page of the same size).
#[test]
fn renders_in_headless_chromium() {
    let present = std::path::Path::new("/usr/bin/chromium").exists();
    if crate::test_support::tool_missing(present, "/usr/bin/chromium (Debian `chromium`)") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let tables = fixture_tables();
    let page = dir.path().join("report.html");
    std::fs::write(&page, render_page(&fixture(&tables, Language::Fr))).unwrap();
    let dom = chromium::chromium(&dir.path().join("profile"), "--dump-dom", &page).stdout;
    let dom = String::from_utf8(dom).unwrap();
    for id in ["fig-stage_timelines", "fig-degree_by_org", "fig-unsafe"] {
        assert!(
            dom.contains(&format!("id=\"{id}\"")),
            "{id} missing from the DOM"
        );
    }
    assert!(!dom.to_ascii_lowercase().contains("<script"));
    assert!(
        dom.contains("&lt;b&gt;&amp;é\"_%&lt;/b&gt;"),
        "hostile name not shown as text"
    );
    assert!(dom.contains("<svg") && dom.contains("Comparaison urbain / rural"));
    let (report_png, blank_png) = chromium::screenshot_sizes(dir.path(), &page);
    if let Ok(keep) = std::env::var("PTCE_KEEP_SCREENSHOT") {
        std::fs::copy(dir.path().join("shot.png"), &keep).unwrap();
        std::fs::copy(&page, format!("{keep}.html")).unwrap();
    }
    // A blank page compresses to a few kB; text, tables and figures to far more.
    assert!(
        report_png > 10 * blank_png,
        "screenshot looks blank: {report_png} vs {blank_png} bytes"
    );
}

/// Headless Chromium, shared with `tests/cli.rs`.
mod chromium {
    include!("../../tests/common/chromium.rs");
}
