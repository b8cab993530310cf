//! `report.md`: the report ([`Document`]) as Markdown (GitHub-flavoured pipe tables), the
//! same text as [`super::html`]. Figures are linked (`![caption](figures/….svg)`) rather than
//! inlined; every string from the data is escaped ([`escape::markdown`]: Markdown punctuation
//! backslash-escaped, `< > &` as entities, so that HTML in a name stays text when the
//! Markdown is rendered).

use super::document::{tr, Block, Document, Figure, Listing, Pairs, Span};
use super::escape;
use crate::config::Language;
use std::fmt::Write;

/// Percent-encodes the characters of a relative path that would end a Markdown link target.
fn link_target(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn md_figure(out: &mut String, f: &Figure, number: usize, lang: Language) {
    let caption = format!("{} {number}. {}", tr(lang, "Figure", "Figure"), f.caption);
    if !f.file.is_empty() {
        let _ = writeln!(
            out,
            "![{}]({})\n",
            escape::markdown(&caption),
            link_target(&f.file)
        );
    }
    let _ = writeln!(out, "*{}*\n", escape::markdown(&caption));
}

/// The text of spans: plain text as is, data and identifiers escaped, literals in backticks.
fn spans(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        match s {
            Span::Plain(t) => out.push_str(t),
            Span::Text(t) | Span::Id(t) => out.push_str(&escape::markdown(t)),
            Span::Code(t) => {
                let _ = write!(out, "`{}`", t.replace('`', "'"));
            }
        }
    }
    out
}

fn span(s: &Span) -> String {
    spans(std::slice::from_ref(s))
}

/// The header and alignment rows of a pipe table (an empty header cell is `| |`).
fn header(out: &mut String, titles: &[String], numeric: &[bool]) {
    out.push('|');
    for t in titles {
        if t.is_empty() {
            out.push_str(" |");
        } else {
            let _ = write!(out, " {t} |");
        }
    }
    out.push_str("\n|");
    for n in numeric {
        out.push_str(if *n { "---:|" } else { "---|" });
    }
    out.push('\n');
}

fn row(out: &mut String, cells: &[String]) {
    let _ = writeln!(out, "| {} |", cells.join(" | "));
}

fn listing(out: &mut String, t: &Listing) {
    if let Some(c) = t.caption.as_ref().filter(|_| t.caption_in_markdown) {
        let _ = writeln!(out, "**{}**\n", span(c));
    }
    if t.columns.is_empty() {
        return;
    }
    let titles: Vec<String> = t.columns.iter().map(|(h, _)| span(h)).collect();
    let numeric: Vec<bool> = t.columns.iter().map(|(_, n)| *n).collect();
    header(out, &titles, &numeric);
    for r in &t.rows {
        row(out, &r.iter().map(span).collect::<Vec<_>>());
    }
    out.push('\n');
}

fn pairs(out: &mut String, t: &Pairs) {
    let key = t.key_title.unwrap_or_default().to_string();
    header(out, &[key, String::new()], &[false, t.numeric]);
    for (k, v) in &t.rows {
        row(out, &[span(k), span(v)]);
    }
    out.push('\n');
}

fn block(out: &mut String, b: &Block<'_>, lang: Language) {
    match b {
        Block::Heading(t) => {
            let _ = writeln!(out, "### {t}\n");
        }
        Block::Paragraph { spans: s, .. } => {
            let _ = writeln!(out, "{}\n", spans(s));
        }
        Block::List { items, more, .. } => {
            for item in items.iter().chain(more) {
                let _ = writeln!(out, "- {}", spans(item));
            }
            if !items.is_empty() {
                out.push('\n');
            }
        }
        Block::Figure { number, figure } => md_figure(out, figure, *number, lang),
        Block::Pairs(t) => pairs(out, t),
        Block::Listing(t) => listing(out, t),
        // The Markdown report leaves these to `ptce cite` and the manifest.
        Block::HtmlOnly(_) => {}
    }
}

/// Renders the report as Markdown.
///
/// # Arguments
/// * `doc` — the same report as [`super::html::report_html`] renders; figures are linked by
///   their `file` (relative to the output folder), not inlined.
///
/// # Returns
/// The Markdown text, a pure function of `doc`.
///
/// # Complexity
/// O(size of the document).
///
/// # Examples
/// ```
/// use ptce::config::Language;
/// use ptce::report::cite::METHODS;
/// use ptce::report::document::{Document, ReportInput, ReportProvenance, Summary};
/// use ptce::report::markdown::report_md;
/// let input = ReportInput {
///     lang: Language::Fr, title: "Étude *test*".into(), summary: Summary::default(),
///     warnings: vec![], timelines: vec![], figures: vec![], tables: vec![], comparison: None,
///     models: None,
///     stage_sentences: vec![], relations: None,
///     methods: METHODS, provenance: ReportProvenance::default(),
/// };
/// assert!(report_md(&Document::new(&input)).starts_with("# Étude \\*test\\*\n"));
/// ```
pub fn report_md(doc: &Document<'_>) -> String {
    let mut out = String::with_capacity(32 * 1024);
    let _ = writeln!(out, "# {}\n", escape::markdown(&doc.title));
    let _ = writeln!(out, "{}\n", spans(&doc.byline));
    for s in &doc.sections {
        let _ = writeln!(out, "## {}\n", s.title);
        for b in &s.blocks {
            block(&mut out, b, doc.lang);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::document::sections;
    use super::super::html::tests::{fixture, fixture_tables, HOSTILE, SCRIPT};
    use super::*;

    #[test]
    fn escapes_links_figures_and_formats_numbers() {
        let tables = fixture_tables();
        let md = report_md(&Document::new(&fixture(&tables, Language::Fr)));
        assert!(!md.contains("<script") && !md.contains("<b>"));
        assert!(md.contains(&escape::markdown(HOSTILE)) && md.contains(&escape::markdown(SCRIPT)));
        assert!(md.contains("](figures/stage_timelines.svg)"));
        assert!(
            md.contains("| PTCE-1 | &lt;b&gt;&amp;é\"\\_%&lt;/b&gt; | 3 | 0,500 | 0,310 |"),
            "{md}"
        );
        assert!(md.contains("| density | 18 | 12 | 0,420 | 0,550 | &lt; 0,001 |"));
        for (_, title) in sections(Language::Fr) {
            assert!(md.contains(&format!("## {title}\n")), "{title}");
        }
        // Every table row has as many cells as its header.
        for block in md.split("\n\n").filter(|b| b.starts_with("| ")) {
            let counts: Vec<usize> = block
                .lines()
                .map(|l| l.replace("\\|", "").matches('|').count())
                .collect();
            assert!(counts.windows(2).all(|w| w[0] == w[1]), "{block}");
        }
        assert_eq!(
            md,
            report_md(&Document::new(&fixture(&tables, Language::Fr)))
        );
        assert_eq!(link_target("a b(1)<x>.svg"), "a%20b%281%29%3Cx%3E.svg");
    }
}
