//! `report.html`: the report ([`Document`]) as one self-contained page — inline CSS, inline
//! SVG figures, no script, no external resource (a `Content-Security-Policy` forbids both), so
//! that it opens from a USB stick and renders the same everywhere.
//!
//! Every string from the data is escaped ([`escape::html`]); every SVG is checked by
//! [`escape::check_svg`] before it is embedded. Nothing that varies between reruns (time,
//! threads, command line) is shown, so the page is byte-identical across reruns.

use super::document::{tr, Block, Document, Figure, Listing, Pairs, Span};
use super::escape::{self, check_svg};
use super::explorer::Interactive;
use super::interactive;
use crate::config::Language;
use std::fmt::Write;

/// A string usable as an HTML id: ASCII letters, digits, `-` and `_`.
fn slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;max-width:1100px;margin:0 auto;padding:1.5rem;color:#1d1d1f;line-height:1.45}\
h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:2px solid #2b6cb0;padding-bottom:.2rem;margin-top:2.2rem}\
nav ol{columns:2;font-size:.95rem}.meta{color:#555}\
table{border-collapse:collapse;margin:.6rem 0 1.2rem;font-size:.88rem}caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0}\
th,td{text-align:left;padding:.25rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}thead th{border-bottom:2px solid #333;text-align:left}\
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
.scroll{overflow-x:auto}figure{margin:1.2rem 0;padding:.6rem;border:1px solid #e2e2e2}\
figure svg{max-width:100%;height:auto;display:block;margin:0 auto}figcaption{font-size:.9rem;color:#333;margin-top:.4rem}\
.note{font-size:.88rem;color:#555}.warn li{font-family:ui-monospace,monospace;font-size:.82rem}code{font-size:.85rem}";

/// Writes spans: plain text as is, data escaped, identifiers and literals in code type.
fn spans(out: &mut String, spans: &[Span]) {
    for s in spans {
        match s {
            Span::Plain(t) => out.push_str(t),
            Span::Text(t) => out.push_str(&escape::html(t)),
            Span::Id(t) | Span::Code(t) => {
                let _ = write!(out, "<code>{}</code>", escape::html(t));
            }
        }
    }
}

fn num_class(numeric: bool) -> &'static str {
    if numeric {
        " class=\"num\""
    } else {
        ""
    }
}

/// A table with a header row, in a horizontally scrolling box.
fn listing(out: &mut String, t: &Listing) {
    out.push_str("<div class=\"scroll\"><table>\n");
    if let Some(c) = &t.caption {
        out.push_str("<caption>");
        spans(out, std::slice::from_ref(c));
        out.push_str("</caption>\n");
    }
    out.push_str("<thead><tr>");
    for (h, numeric) in &t.columns {
        let _ = write!(out, "<th{}>", num_class(*numeric));
        spans(out, std::slice::from_ref(h));
        out.push_str("</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for (cell, (_, numeric)) in row.iter().zip(&t.columns) {
            let _ = write!(out, "<td{}>", num_class(*numeric));
            spans(out, std::slice::from_ref(cell));
            out.push_str("</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
}

/// A table of (label, value) rows, labels as row headers.
fn pairs(out: &mut String, t: &Pairs) {
    out.push_str("<table>\n");
    if let Some(c) = t.caption {
        let _ = writeln!(out, "<caption>{c}</caption>");
    }
    for (k, v) in &t.rows {
        out.push_str("<tr><th>");
        spans(out, std::slice::from_ref(k));
        let _ = write!(out, "</th><td{}>", num_class(t.numeric));
        spans(out, std::slice::from_ref(v));
        out.push_str("</td></tr>\n");
    }
    out.push_str("</table>\n");
}

fn paragraph(out: &mut String, note: bool, content: &[Span]) {
    out.push_str(if note { "<p class=\"note\">" } else { "<p>" });
    spans(out, content);
    out.push_str("</p>\n");
}

fn block(out: &mut String, b: &Block<'_>, lang: Language) {
    match b {
        Block::Heading(t) => {
            let _ = writeln!(out, "<h3>{t}</h3>");
        }
        Block::Paragraph { note, spans } => paragraph(out, *note, spans),
        Block::List { class, items, more } => {
            if items.is_empty() {
                return;
            }
            match class {
                Some(c) => {
                    let _ = writeln!(out, "<ul class=\"{c}\">");
                }
                None => out.push_str("<ul>\n"),
            }
            for item in items {
                out.push_str("<li>");
                spans(out, item);
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
            if let Some(more) = more {
                paragraph(out, true, more);
            }
        }
        Block::Figure { number, figure } => html_figure(out, figure, *number, lang),
        Block::Pairs(t) => pairs(out, t),
        Block::Listing(t) => listing(out, t),
        Block::HtmlOnly(b) => block(out, b, lang),
    }
}

fn html_figure(out: &mut String, f: &Figure, number: usize, lang: Language) {
    let _ = writeln!(out, "<figure id=\"fig-{}\">", slug(&f.id));
    match check_svg(&f.svg) {
        Ok(svg) => {
            out.push_str(svg);
            out.push('\n');
        }
        Err(e) => {
            let _ = writeln!(
                out,
                "<p class=\"note\">{} ({})</p>",
                tr(
                    lang,
                    "Figure omise : son SVG n'est pas sûr",
                    "Figure omitted: its SVG is not safe"
                ),
                escape::html(&e.to_string())
            );
        }
    }
    let _ = writeln!(
        out,
        "<figcaption>{} {number}. {}</figcaption>\n</figure>",
        tr(lang, "Figure", "Figure"),
        escape::html(&f.caption)
    );
}

/// Renders the report as a self-contained HTML page.
///
/// # Arguments
/// * `doc` — the report; its strings are escaped here, its SVGs checked and embedded inline
///   (a figure whose SVG holds active content or external references is replaced by a note).
///
/// # Returns
/// The HTML document (UTF-8), a pure function of `doc`.
///
/// # Complexity
/// O(size of the document).
///
/// # Examples
/// ```
/// use ptce::config::Language;
/// use ptce::report::cite::METHODS;
/// use ptce::report::document::{Document, ReportInput, ReportProvenance, Summary};
/// use ptce::report::html::report_html;
/// let input = ReportInput {
///     lang: Language::En, title: "Study <1>".into(), summary: Summary::default(),
///     warnings: vec![], timelines: vec![], figures: vec![], tables: vec![], comparison: None,
///     models: None,
///     stage_sentences: vec![], relations: None,
///     methods: METHODS, provenance: ReportProvenance::default(),
/// };
/// let page = report_html(&Document::new(&input));
/// assert!(page.contains("<h1>Study &lt;1&gt;</h1>") && !page.contains("<script"));
/// ```
pub fn report_html(doc: &Document<'_>) -> String {
    render(doc, None)
}

/// Renders the report with its interactive parts (issue 23): the network explorer section
/// after the summary, the map's markers over the map figure, sortable and filterable tables.
/// The data is written once, as JSON ([`Interactive`]); the script and its style are allowed
/// by their hashes in the page's Content-Security-Policy; printed, the page shows the static
/// figures instead.
///
/// # Arguments
/// * `doc` — the report, as for [`report_html`].
/// * `data` — the explorer's JSON blobs ([`super::explorer::interactive`]).
///
/// # Returns
/// The HTML document, a pure function of its arguments.
pub fn report_html_interactive(doc: &Document<'_>, data: &Interactive) -> String {
    render(doc, Some(data))
}

fn render(doc: &Document<'_>, data: Option<&Interactive>) -> String {
    let lang = doc.lang;
    let mut out = String::with_capacity(64 * 1024);
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
        lang.as_str()
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // The policy allows the inline styles and scripts by hash (super::csp); add the hash of
    // every new inline <style> or <script> to these lists.
    let mut styles = vec![super::csp::hash_source(CSS)];
    let mut scripts = Vec::new();
    if data.is_some() {
        styles.push(super::csp::hash_source(interactive::CSS));
        scripts.push(super::csp::hash_source(interactive::JS));
    }
    let policy = super::csp::content_security_policy(&styles, &scripts);
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"
    );
    let title = escape::html(&doc.title);
    let _ = writeln!(out, "<title>{title}</title>\n<style>{CSS}</style>");
    if data.is_some() {
        let _ = writeln!(out, "<style>{}</style>", interactive::CSS);
    }
    let _ = write!(
        out,
        "</head>\n<body>\n<header>\n<h1>{title}</h1>\n<p class=\"meta\">"
    );
    spans(&mut out, &doc.byline);
    out.push_str("</p>\n</header>\n<nav><ol>\n");
    for (k, s) in doc.sections.iter().enumerate() {
        let _ = writeln!(out, "<li><a href=\"#{}\">{}</a></li>", s.id, s.title);
        if k == 0 && data.is_some() {
            let (id, title) = interactive::section_title(lang);
            let _ = writeln!(
                out,
                "<li class=\"x-only\"><a href=\"#{id}\">{title}</a></li>"
            );
        }
    }
    out.push_str("</ol></nav>\n");
    for (k, s) in doc.sections.iter().enumerate() {
        let _ = writeln!(out, "<section id=\"{}\">\n<h2>{}</h2>", s.id, s.title);
        for b in &s.blocks {
            block(&mut out, b, lang);
        }
        out.push_str("</section>\n");
        if let (0, Some(d)) = (k, data) {
            interactive::section(&mut out, lang, d);
        }
    }
    if data.is_some() {
        let _ = writeln!(out, "<script>{}</script>", interactive::JS);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Tests (in `html_tests.rs`, included so that the path is the same in every crate layout);
/// `pub(crate)` for the Markdown tests, which reuse the fixture.
#[cfg(test)]
pub(crate) mod tests {
    include!("html_tests.rs");
}
