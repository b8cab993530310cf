//! Nothing injected: markup in names, formula-like CSV cells, paths from the study.

use super::*;
use quick_xml::events::Event;
use quick_xml::Reader;

/// An XML document read back by quick-xml (an independent parser): every element's local name,
/// attribute names and unescaped values, and text. Panics on malformed XML or on content after
/// the root element closed (what a name like `</svg>` written raw would cause).
#[derive(Default, Debug)]
struct Xml {
    elements: Vec<String>,
    attrs: Vec<(String, String)>,
    text: String,
}

fn parse_xml(doc: &str, what: &str) -> Xml {
    let mut r = Reader::from_str(doc);
    let mut x = Xml::default();
    let (mut depth, mut closed) = (0usize, false);
    loop {
        let ev = r
            .read_event()
            .unwrap_or_else(|e| panic!("{what}: not well-formed XML: {e}"));
        let start = matches!(ev, Event::Start(_) | Event::Empty(_));
        assert!(!(closed && start), "{what}: elements after the root closed");
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                x.elements
                    .push(String::from_utf8_lossy(e.local_name().as_ref()).into_owned());
                for a in e.attributes() {
                    let a = a.unwrap();
                    let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
                    x.attrs
                        .push((key, a.unescape_value().unwrap().into_owned()));
                }
                if let Event::Start(_) = ev {
                    depth += 1;
                } else if depth == 0 {
                    closed = true;
                }
            }
            Event::End(_) => {
                depth -= 1;
                closed = depth == 0;
            }
            Event::Text(t) => x.text.push_str(&t.xml_content().unwrap()),
            Event::CData(t) => x.text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(g) => match g.resolve_char_ref().unwrap() {
                Some(c) => x.text.push(c),
                None => x.text.push_str(
                    quick_xml::escape::resolve_predefined_entity(&g.decode().unwrap())
                        .unwrap_or_else(|| panic!("{what}: unknown entity")),
                ),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(closed, "{what}: the root element is not closed");
    x
}

/// Nothing injected: names made of markup reach the report, the figures and the network
/// exports as text. tests/cli.rs checks `<script>` and `<b>` against substrings; this test
/// adds `</svg>`, an attribute break-out, territory group names, the study title, parses every
/// SVG, GEXF and GraphML file as XML, and checks every figure including the per-PTCE ones.
#[test]
fn script_like_names_stay_text_in_the_report_figures_and_exports() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    let (svg_id, img_id) = (
        "</svg><script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
    );
    let img_cell = "\"\"\"><img src=x onerror=alert(1)>\"";
    for file in ["ptces.csv", "memberships.csv", "ties.csv", "events.csv"] {
        edit(&study, file, "\nP1,", &format!("\n{img_cell},"));
        edit(&study, file, "\nP2,", &format!("\n{svg_id},"));
    }
    edit(&study, "activities.csv", ",P1,", &format!(",{img_cell},"));
    edit(&study, "activities.csv", ",P2,", &format!(",{svg_id},"));
    let org_names = ["<script>alert(1)</script>", "</svg>", img_id];
    edit(
        &study,
        "organizations.csv",
        "Association Les Jardins du Bocage",
        org_names[0],
    );
    edit(
        &study,
        "organizations.csv",
        "SCOP Bois & Compagnie",
        org_names[1],
    );
    edit(&study, "organizations.csv", "Mutuelle du Nord", img_cell);
    // Territory groups from a column: the group names are drawn in several figures.
    let groups = ["<script>alert(2)</script>", "</svg>"];
    edit(&study, "ptces.csv", "founded\n", "founded,zone\n");
    edit(
        &study,
        "ptces.csv",
        ",2016-05\n",
        &format!(",2016-05,{}\n", groups[0]),
    );
    edit(
        &study,
        "ptces.csv",
        ",2018\n",
        &format!(",2018,{}\n", groups[1]),
    );
    let title = "</title><script>alert(3)</script>";
    fs::write(
        study.join("study.toml"),
        format!("title = \"{title}\"\n[territory]\ngrouping = \"column\"\ncolumn = \"zone\"\n"),
    )
    .unwrap();
    let out = tmp.path().join("o");
    let o = ptce(&["run", s(&study), "--out", s(&out), "--formats", "svg", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    let mut svg_text = String::new();
    let mut figures = Vec::new();
    for name in entries(&out.join("figures")) {
        if !name.ends_with(".svg") {
            continue;
        }
        figures.push(name.clone());
        let doc = fs::read_to_string(out.join("figures").join(&name)).unwrap();
        let x = parse_xml(&doc, &name);
        for bad in ["script", "foreignObject", "img", "iframe", "a", "style"] {
            assert!(!x.elements.iter().any(|e| e == bad), "{name}: <{bad}>");
        }
        for (k, v) in &x.attrs {
            assert!(!k.to_ascii_lowercase().starts_with("on"), "{name}: {k}={v}");
            if k == "href" {
                assert!(v.starts_with('#'), "{name}: href={v}");
            }
        }
        svg_text.push_str(&x.text);
    }
    let networks = figures.iter().filter(|f| f.starts_with("network_")).count();
    assert!(
        figures.len() >= 10 && networks == 2,
        "figures: {figures:?} (two per-PTCE networks expected)"
    );
    for shown in [svg_id, img_id, groups[0], groups[1]] {
        assert!(
            svg_text.contains(shown),
            "{shown:?} is not shown as text in any figure"
        );
    }

    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let lower = html.to_ascii_lowercase();
    for raw in ["<script>alert", "<img", "</svg><", "onerror=alert(1)>"] {
        assert!(!lower.contains(raw), "{raw:?} reached the report raw");
    }
    // The only script elements: the report's own and its JSON data (issue 23).
    let data = lower.matches("<script type=\"application/json\"").count();
    assert_eq!(
        lower.matches("<script").count(),
        data + 1,
        "a script reached the report"
    );
    for shown in [
        "&lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;",
        "&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
    ] {
        assert!(html.contains(shown), "{shown} missing from the report");
    }
    let md = fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        !md.contains("<script") && !md.contains("<img"),
        "raw HTML in report.md"
    );

    let mut exports = 0;
    for name in entries(&out.join("networks")) {
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{name}"
        );
        let x = parse_xml(
            &fs::read_to_string(out.join("networks").join(&name)).unwrap(),
            &name,
        );
        let values: String = x.attrs.iter().map(|(_, v)| v.as_str()).collect();
        let all = format!("{}{values}", x.text);
        exports += usize::from(org_names.iter().any(|n| all.contains(n)));
        assert!(!x.elements.iter().any(|e| e == "script"), "{name}");
    }
    assert!(
        exports >= 2,
        "no GEXF/GraphML export shows the names as text"
    );
    assert_eq!(entries(tmp.path()), vec!["o", "s"], "written outside --out");
}

/// Spreadsheet safety: text cells starting with `=`, `+`, `-`, `@` get a leading `'` in every
/// CSV output unless `--raw-csv`; numbers (typed columns) are never prefixed, so negative
/// values stay numbers. tests/cli.rs checks one `=HYPERLINK` cell.
#[test]
fn formula_like_cells_are_neutralised_unless_raw_csv_and_numbers_stay_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    let names = [
        ("Communauté de communes du Bocage", "=1+1"),
        ("Association Les Jardins du Bocage", "+33 1 23 45"),
        ("Lycée agricole de Sées", "-5"),
        ("Ville de Lille", "@SUM(A1:A9)"),
        ("Mutuelle du Nord", "=HYPERLINK(\"\"http://x\"\")"),
    ];
    for (from, to) in names {
        let cell = if to.contains('"') {
            format!("\"{to}\"")
        } else {
            to.to_string()
        };
        edit(&study, "organizations.csv", from, &cell);
    }
    let expected = [
        "=1+1",
        "+33 1 23 45",
        "-5",
        "@SUM(A1:A9)",
        "=HYPERLINK(\"http://x\")",
    ];
    let run = |out: &Path, raw: bool| {
        let mut args = vec!["run", s(&study), "--out", s(out), "--figures", "none", "-q"];
        if raw {
            args.push("--raw-csv");
        }
        let o = ptce(&args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    };
    let (safe, raw) = (tmp.path().join("safe"), tmp.path().join("raw"));
    run(&safe, false);
    run(&raw, true);
    let cells = |path: &Path, column: &str| -> Vec<String> {
        let mut r = csv::Reader::from_path(path).unwrap();
        let i = r
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == column)
            .unwrap();
        r.records().map(|x| x.unwrap()[i].to_string()).collect()
    };
    for table in ["organizations", "node_metrics"] {
        let file = format!("tables/{table}.csv");
        let (a, b) = (
            cells(&safe.join(&file), "name"),
            cells(&raw.join(&file), "name"),
        );
        for e in expected {
            assert!(
                a.contains(&format!("'{e}")),
                "{table}: {e:?} not neutralised: {a:?}"
            );
            assert!(b.contains(&e.to_string()), "{table}: {e:?} not raw: {b:?}");
        }
    }
    // Every prefixed cell of every CSV was formula-like; no cell reads as a negative number
    // with a prefix, and negative numbers are there (e.g. network changes).
    let mut negative = 0;
    for (name, bytes) in tree(&safe.join("tables")) {
        if !name.ends_with(".csv") {
            continue;
        }
        let mut r = csv::ReaderBuilder::new().from_reader(&bytes[..]);
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                if let Some(rest) = cell.strip_prefix('\'') {
                    assert!(rest.starts_with(['=', '+', '-', '@']), "{name}: {cell:?}");
                    assert!(
                        rest == "-5" || rest.parse::<f64>().is_err(),
                        "{name}: a number was prefixed: {cell:?}"
                    );
                }
                negative += usize::from(cell.starts_with('-') && cell.parse::<f64>().is_ok());
            }
        }
    }
    assert!(negative > 0, "no negative number in the outputs to check");
    // Only text cells differ between the two runs.
    let (ts, tr) = (tree(&safe.join("tables")), tree(&raw.join("tables")));
    let differ: Vec<&String> = ts.keys().filter(|k| ts[*k] != tr[*k]).collect();
    assert!(
        differ.iter().all(|k| k.ends_with(".csv")),
        "--raw-csv changed more than CSV files: {differ:?}"
    );
}

/// Paths from study.toml and from the data cannot make a run read or write outside its
/// folders: declared files must be names inside the study folder (an absolute path or `..`
/// is an error), and PTCE ids made of path pieces give safe file names inside `--out`.
#[test]
fn paths_from_study_toml_and_ids_stay_inside_their_folders() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("outside.csv"), "sector;food\nfood;0\n").unwrap();
    for path in ["../outside.csv", "/etc/passwd", "sub/../../outside.csv"] {
        let study = mini(&tmp.path().join("s"));
        fs::write(
            study.join("study.toml"),
            format!("[diversity.disparity_files]\nsector = \"{path}\"\n"),
        )
        .unwrap();
        let out = tmp.path().join("o");
        let o = ptce(&["run", s(&study), "--out", s(&out)]);
        let said = text(&o);
        assert_eq!(o.status.code(), Some(1), "{path}: {said}");
        assert!(
            said.contains(&format!("{path}: cannot read the file: the path given in study.toml must be a file name inside the study folder")),
            "{path}: {said}"
        );
        assert!(!out.exists());
    }
    let study = mini(&tmp.path().join("ids"));
    for (from, to) in [("\nP1,", "\n../../escape,"), ("\nP2,", "\n/tmp/abs,")] {
        for file in ["ptces.csv", "memberships.csv", "ties.csv", "events.csv"] {
            edit(&study, file, from, to);
        }
    }
    edit(&study, "activities.csv", ",P1,", ",../../escape,");
    edit(&study, "activities.csv", ",P2,", ",/tmp/abs,");
    let out = tmp.path().join("deep/o");
    let o = ptce(&["run", s(&study), "--out", s(&out), "--formats", "svg", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(entries(&tmp.path().join("deep")), vec!["o"]);
    assert_eq!(entries(tmp.path()), vec!["deep", "ids", "outside.csv", "s"]);
    assert!(!Path::new("/tmp/abs.gexf").exists() && !Path::new("/tmp/abs").exists());
    for dir in ["networks", "figures"] {
        for name in entries(&out.join(dir)) {
            assert!(
                !name.starts_with('.')
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                "{dir}/{name}"
            );
        }
    }
}
