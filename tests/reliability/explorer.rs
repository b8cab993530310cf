//! The interactive report (issue 23) in a real browser: Debian's headless Chromium opens
//! `report.html` from `file://` inside a test page (written here) that drives it as a reader
//! would — choosing a PTCE in the list, clicking a stage, sorting a column, typing a filter or
//! a search, pressing keys on a node — and writes what the page then shows into its own DOM,
//! which `--dump-dom` prints (`--allow-file-access-from-files` lets the test page read the
//! report's frame). Counts are checked against `tables/node_metrics.csv` and
//! `tables/edges.csv`; every request goes to a local listener that must see none; the console
//! must stay silent. Screenshots of the explorer and the map are written to
//! `$CARGO_TARGET_TMPDIR/explorer/` to be looked at (not committed).

use super::report_csp::{load_with, page_requests, Listener};
use super::*;

/// The test page: loads `report.html#<hash>` in a frame, runs `steps` (a JavaScript function
/// body receiving the frame's window `w` and document `d`, returning a JSON-able value) once
/// the frame has loaded, and writes the result (or the error) into `<pre id="out">`.
fn harness(dir: &Path, hash: &str, steps: &str) -> PathBuf {
    let page = dir.join("harness.html");
    let html = format!(
        "<!DOCTYPE html><html><body><pre id=\"out\"></pre>\
<iframe id=\"f\" src=\"report.html#{hash}\" width=\"1200\" height=\"900\"></iframe><script>\
document.getElementById('f').addEventListener('load', function () {{\
  var out;\
  try {{\
    var w = document.getElementById('f').contentWindow, d = w.document;\
    out = (function (w, d) {{ {steps} }})(w, d);\
  }} catch (e) {{ out = {{ error: String(e) + ' ' + e.stack }}; }}\
  document.getElementById('out').textContent = JSON.stringify(out);\
}});</script></body></html>"
    );
    fs::write(&page, html).unwrap();
    page
}

/// Shared JavaScript helpers of the steps: choose a PTCE by id, click a stage, read counts.
const HELPERS: &str = "\
function choose(id) {\
  var sel = d.getElementById('x-ptce');\
  var opt = Array.prototype.find.call(sel.options, function (o) { return o.textContent.indexOf(id) === 0; });\
  if (!opt) { throw new Error('no option ' + id); }\
  sel.value = opt.value; sel.dispatchEvent(new w.Event('change'));\
}\
function stage(s) {\
  var b = Array.prototype.find.call(d.querySelectorAll('#x-stages button'), function (x) { return x.getAttribute('data-stage') === s; });\
  if (!b) { throw new Error('no stage ' + s); }\
  b.click();\
}\
function counts() {\
  var net = d.getElementById('x-net');\
  return { ptce: net.getAttribute('data-ptce'), stage: net.getAttribute('data-stage'),\
    nodes: d.querySelectorAll('#x-net .x-node:not(.x-off)').length,\
    edges: d.querySelectorAll('#x-net line.x-edge').length,\
    rows: +d.getElementById('x-nodes').getAttribute('data-shown') };\
}\
function column(table, j) {\
  return Array.prototype.map.call(table.tBodies[0].rows, function (r) { return r.cells[j].textContent; });\
}\
function header(table, text) {\
  return Array.prototype.findIndex.call(table.tHead.rows[0].cells, function (th) { return th.textContent === text; });\
}\
function filter(table, q) {\
  var input = table.parentNode.previousSibling.querySelector('input');\
  input.value = q; input.dispatchEvent(new w.Event('input'));\
  return +table.getAttribute('data-shown');\
}\
";

/// A number as the report writes it in `lang` (`1,5` / `1.5`, `−0,2`, `12 345` / `12,345`,
/// `< 0,001`).
fn shown_number(s: &str, lang: &str) -> Option<f64> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '<' | '>'))
        .filter(|c| lang == "fr" || *c != ',')
        .map(|c| match c {
            '\u{2212}' => '-',
            ',' => '.',
            c => c,
        })
        .collect();
    t.parse().ok()
}

/// Loads the harness; panics on a request or a console message; returns the result JSON.
fn drive(dir: &Path, hash: &str, steps: &str, profile: &str) -> serde_json::Value {
    let page = harness(dir, hash, &format!("{HELPERS}{steps}"));
    let proxy = Listener::start();
    let (dom, console) = load_with(
        &page,
        &proxy,
        &dir.join(profile),
        &["--allow-file-access-from-files"],
    );
    let requests = page_requests(&proxy);
    assert!(requests.is_empty(), "requests attempted: {requests:?}");
    assert!(console.is_empty(), "console messages: {console:#?}");
    let out = dom
        .split_once("<pre id=\"out\">")
        .and_then(|(_, rest)| rest.split_once("</pre>"))
        .expect("the harness wrote its result")
        .0;
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    if let Some(e) = v.get("error") {
        // Show the harness text around the failing column.
        let e = e.as_str().unwrap_or_default();
        let col: usize = e
            .split("harness.html:1:")
            .nth(1)
            .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let page = fs::read_to_string(dir.join("harness.html")).unwrap();
        let at: String = page
            .chars()
            .skip(col.saturating_sub(150))
            .take(200)
            .collect();
        panic!("{e}\nnear: {at}");
    }
    v
}

fn chromium_present() -> bool {
    let present = Path::new("/usr/bin/chromium").exists();
    !crate::common::tools::tool_missing(present, "/usr/bin/chromium (Debian `chromium`)")
}

/// The sample in French and English: every stage of three PTCEs shows exactly the members and
/// ties of `node_metrics.csv` / `edges.csv`; sorting the member table by degree orders it both
/// ways; a report table sorts on a numeric column; a filter keeps the matching rows; the search
/// finds an organization and opens its ego network; the keyboard reaches the nodes; the map has
/// one marker per PTCE with coordinates; nothing is requested, nothing logged.
#[test]
fn the_explorer_shows_each_stage_sorts_filters_and_maps_the_sample() {
    if !chromium_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    for lang in ["fr", "en"] {
        let out = tmp.path().join(lang);
        let args = [
            "--lang",
            lang,
            "--figures",
            "summary",
            "--formats",
            "svg",
            "-q",
        ];
        run_study("data/sample", &out, &args, 0);
        let html = fs::read_to_string(out.join("report.html")).unwrap();
        assert!(html.len() < 3 << 20, "report of {} bytes", html.len());
        let nodes = crate::common::read_csv(&out.join("tables/node_metrics.csv"));
        let edges = crate::common::read_csv(&out.join("tables/edges.csv"));
        let count = |rows: &[BTreeMap<String, String>], p: &str, st: &str| {
            rows.iter()
                .filter(|r| r["ptce_id"] == p && r["snapshot"] == st)
                .count()
        };
        let mut cases = Vec::new();
        for p in ["PTCE-00001", "PTCE-00003", "PTCE-00064"] {
            let mut stages: Vec<&str> = nodes
                .iter()
                .filter(|r| r["ptce_id"] == p)
                .map(|r| r["snapshot"].as_str())
                .collect();
            stages.sort_unstable();
            stages.dedup();
            assert!(stages.len() >= 2, "{p}: {stages:?}");
            for st in stages {
                cases.push((p, st, count(&nodes, p, st), count(&edges, p, st)));
            }
        }
        let js_cases =
            serde_json::to_string(&cases.iter().map(|c| [c.0, c.1]).collect::<Vec<_>>()).unwrap();
        let steps = format!(
            "var res = {{ cases: [] }};\
             {js_cases}.forEach(function (c) {{ choose(c[0]); stage(c[1]); res.cases.push(counts()); }});\
             choose('PTCE-00003'); stage('S2');\
             var t = d.getElementById('x-nodes');\
             var j = header(t, 'degree');\
             t.tHead.rows[0].cells[j].querySelector('button').click();\
             res.asc = column(t, j); res.ascSort = t.tHead.rows[0].cells[j].getAttribute('aria-sort');\
             t.tHead.rows[0].cells[j].querySelector('button').click();\
             res.desc = column(t, j);\
             var first = column(t, 0)[0];\
             res.filterQuery = first; res.filtered = filter(t, first); res.csv = t.xState.csv(); filter(t, '');\
             var rt = Array.prototype.find.call(d.querySelectorAll('#tables table'), function (x) {{ return x.tHead.querySelector('th.num'); }});\
             var k = Array.prototype.findIndex.call(rt.tHead.rows[0].cells, function (th) {{ return th.classList.contains('num'); }});\
             rt.tHead.rows[0].cells[k].querySelector('button').click();\
             res.report = column(rt, k); res.reportShown = +rt.getAttribute('data-shown');\
             res.markers = d.querySelectorAll('#fig-map .x-marker').length;\
             res.markerTitle = d.querySelector('#fig-map .x-marker title').textContent;\
             var search = d.getElementById('x-search');\
             search.value = 'régie'; search.dispatchEvent(new w.Event('input'));\
             var hits = d.querySelectorAll('#x-results button'); res.hits = hits.length;\
             res.hit = hits[0].textContent; hits[0].click(); res.afterSearch = counts();\
             res.ego = +d.getElementById('x-net').getAttribute('data-ego');\
             var g = d.querySelector('#x-net .x-node[tabindex=\"0\"]'); g.focus();\
             g.dispatchEvent(new w.KeyboardEvent('keydown', {{ key: 'Escape', bubbles: true }}));\
             g.dispatchEvent(new w.KeyboardEvent('keydown', {{ key: 'Enter', bubbles: true }}));\
             res.pressed = g.getAttribute('aria-pressed'); res.detail = d.getElementById('x-detail').textContent;\
             res.label = g.getAttribute('aria-label');\
             g.dispatchEvent(new w.KeyboardEvent('keydown', {{ key: 'ArrowRight', bubbles: true }}));\
             res.moved = d.activeElement !== g && d.activeElement.classList.contains('x-node');\
             return res;"
        );
        let v = drive(out.as_path(), "", &steps, &format!("p-{lang}"));
        let got = v["cases"].as_array().unwrap();
        assert_eq!(got.len(), cases.len());
        for (c, g) in cases.iter().zip(got) {
            assert_eq!(g["ptce"], c.0, "{g}");
            assert_eq!(g["stage"], c.1, "{g}");
            assert_eq!(g["nodes"], c.2, "{}/{}: members shown {g}", c.0, c.1);
            assert_eq!(g["rows"], c.2, "{}/{}: member table {g}", c.0, c.1);
            assert_eq!(g["edges"], c.3, "{}/{}: ties shown {g}", c.0, c.1);
        }
        // Sorting by degree: ascending then descending (degrees are integers).
        let degrees = |k: &str| -> Vec<f64> {
            v[k].as_array()
                .unwrap()
                .iter()
                .map(|x| shown_number(x.as_str().unwrap(), lang).unwrap())
                .collect()
        };
        let (asc, desc) = (degrees("asc"), degrees("desc"));
        assert_eq!(asc.len(), count(&nodes, "PTCE-00003", "S2"));
        assert!(asc.windows(2).all(|p| p[0] <= p[1]), "{asc:?}");
        assert!(desc.windows(2).all(|p| p[0] >= p[1]), "{desc:?}");
        assert!(asc.first() < asc.last(), "degrees all equal: {asc:?}");
        assert_eq!(v["ascSort"], "ascending");
        // A report table sorted by its first numeric column (missing values last).
        let report: Vec<Option<f64>> = v["report"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| shown_number(x.as_str().unwrap(), lang))
            .collect();
        let present: Vec<f64> = report.iter().flatten().copied().collect();
        assert!(present.len() > 5, "{report:?}");
        assert!(present.windows(2).all(|p| p[0] <= p[1]), "{report:?}");
        assert!(report
            .iter()
            .skip_while(|x| x.is_some())
            .all(Option::is_none));
        // The filter by an organization id keeps its one row; the CSV has the header and it.
        assert_eq!(v["filtered"], 1, "{v}");
        let csv = v["csv"].as_str().unwrap();
        assert_eq!(csv.lines().count(), 2, "{csv}");
        assert!(csv
            .lines()
            .nth(1)
            .unwrap()
            .starts_with(v["filterQuery"].as_str().unwrap()));
        // One marker per PTCE with coordinates.
        let territories = crate::common::read_csv(&out.join("tables/territories.csv"));
        let placed = territories
            .iter()
            .filter(|r| !r["lon"].is_empty() && !r["lat"].is_empty())
            .count();
        assert_eq!(placed, 64);
        assert_eq!(v["markers"], placed, "{v}");
        assert!(v["markerTitle"].as_str().unwrap().starts_with("PTCE-"));
        // The search finds organizations whose name holds "régie" and opens the first one's
        // PTCE with its ego network highlighted (the organization and its neighbours).
        let regie = nodes
            .iter()
            .filter(|r| r["name"].to_lowercase().contains("régie"))
            .count();
        assert!(v["hits"].as_u64().unwrap() >= 1 && regie >= 1, "{v}");
        assert!(v["hit"].as_str().unwrap().to_lowercase().contains("régie"));
        assert!(v["ego"].as_u64().unwrap() >= 2, "{v}");
        assert_eq!(v["pressed"], "true");
        assert!(v["moved"].as_bool().unwrap(), "{v}");
        let label = v["label"].as_str().unwrap();
        let name = label.split(", ").next().unwrap();
        assert!(v["detail"].as_str().unwrap().starts_with(name), "{v}");
        let role_word = if lang == "fr" { "rôle" } else { "role" };
        assert!(v["detail"].as_str().unwrap().contains(role_word), "{v}");

        // Screenshots to look at (explorer at S2 of PTCE-00003, and the map).
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("explorer");
        fs::create_dir_all(&shots).unwrap();
        for (hash, name) in [
            ("explore=PTCE-00003&stage=S2", "explorer"),
            ("fig-map", "map"),
        ] {
            // In a frame of the window's size, so that the anchor is scrolled to once the
            // script has built the page.
            let page = out.join(format!("shot-{name}.html"));
            let frame = format!(
                "<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"report.html#{hash}\" \
                 width=\"1180\" height=\"1380\" style=\"border:0\"></iframe></body></html>"
            );
            fs::write(&page, frame).unwrap();
            let png = shots.join(format!("{name}-{lang}.png"));
            let o = Command::new("/usr/bin/chromium")
                .args([
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                ])
                .args(["--window-size=1200,1400", "--no-first-run"])
                .arg("--allow-file-access-from-files")
                .arg(format!(
                    "--user-data-dir={}",
                    tmp.path().join("shots").display()
                ))
                .arg(format!("--screenshot={}", png.display()))
                .arg(format!("file://{}", page.display()))
                .output()
                .unwrap();
            assert!(o.status.success() && png.exists(), "{}", text(&o));
            // A page of text, controls and figures compresses to far more than a blank one.
            assert!(
                fs::metadata(&png).unwrap().len() > 40_000,
                "{name}: blank screenshot?"
            );
        }
    }
}

/// Names made of markup show as text in the explorer (list, member table, details), in the
/// map's tooltips and in the CSV of a view (formula neutralised as in the CSV outputs); the
/// page holds no `<img>` and runs one script, the report's own.
#[test]
fn markup_names_show_as_text_in_the_explorer_map_and_tables() {
    if !chromium_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    let (img, script, formula) = (
        "<img src=x onerror=alert(1)>",
        "</script><script>alert(2)</script>",
        "=1+1 Jardins",
    );
    edit(&study, "ptces.csv", "Pôle Bocage Solidaire", img);
    edit(
        &study,
        "organizations.csv",
        "Communauté de communes du Bocage",
        script,
    );
    edit(
        &study,
        "organizations.csv",
        "Association Les Jardins du Bocage",
        formula,
    );
    let out = tmp.path().join("o");
    let o = ptce(&["run", s(&study), "--out", s(&out), "--formats", "svg", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !html.contains(img) && !html.contains("<script>alert"),
        "raw markup in the page"
    );
    let csp = html
        .split_once("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .unwrap()
        .0;
    assert_eq!(csp.matches("'sha256-").count(), 3, "{csp}");
    assert!(
        !csp.contains("unsafe") && csp.contains("; script-src 'sha256-"),
        "{csp}"
    );
    let steps = "choose('P1'); stage('all');\
        var res = {};\
        var sel = d.getElementById('x-ptce');\
        res.option = sel.options[sel.selectedIndex].textContent;\
        var t = d.getElementById('x-nodes');\
        res.names = column(t, header(t, 'name'));\
        var g = Array.prototype.find.call(d.querySelectorAll('#x-net .x-node'), function (n) { return n.getAttribute('aria-label').indexOf('<\\/script>') === 0; });\
        g.dispatchEvent(new w.Event('mouseenter')); res.detail = d.getElementById('x-detail').querySelector('h3').textContent;\
        res.titles = Array.prototype.map.call(d.querySelectorAll('#fig-map .x-marker title'), function (x) { return x.textContent; });\
        var m = Array.prototype.find.call(d.querySelectorAll('#fig-map .x-marker'), function (x) { return x.getAttribute('data-ptce') === 'P1'; });\
        m.dispatchEvent(new w.Event('mouseenter')); res.tip = d.querySelector('#fig-map .x-tip').textContent;\
        res.csv = t.xState.csv();\
        res.imgs = d.querySelectorAll('img').length;\
        res.scripts = d.querySelectorAll('script:not([type=\"application/json\"])').length;\
        res.bodyText = d.body.textContent.indexOf('alert(1)') >= 0;\
        return res;";
    let v = drive(&out, "", steps, "p");
    assert_eq!(v["option"], format!("P1 — {img}"), "{v}");
    let names: Vec<&str> = v["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(
        names.contains(&script) && names.contains(&formula),
        "{names:?}"
    );
    assert_eq!(v["detail"], script);
    assert!(
        v["titles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t.as_str().unwrap().contains(img)),
        "{v}"
    );
    assert!(
        v["tip"]
            .as_str()
            .unwrap()
            .starts_with(&format!("P1 — {img}")),
        "{v}"
    );
    let csv = v["csv"].as_str().unwrap();
    assert!(csv.contains(&format!(",'{formula},")), "{csv}");
    assert!(
        csv.contains(&format!(",\"{script}\",")) || csv.contains(&format!(",{script},")),
        "{csv}"
    );
    assert_eq!(v["imgs"], 0, "{v}");
    assert_eq!(v["scripts"], 1, "{v}");
    assert_eq!(v["bodyText"], true);
}
