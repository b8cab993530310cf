//! `report.md`: the same report as [`super::html`], as Markdown (GitHub-flavoured pipe tables).
//! Figures are linked (`![caption](figures/….svg)`) rather than inlined; every string from the
//! data is escaped ([`escape::markdown`]: Markdown punctuation backslash-escaped, `< > &` as
//! entities, so that HTML in a name stays text when the Markdown is rendered).

use super::escape::{self, Cell};
use super::html::{
    comparison_note, models_note, sections, summary_rows, tr, Figure, ReportInput, TableSection,
    MAX_ROWS, MAX_WARNINGS,
};
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

fn md_table(out: &mut String, section: &TableSection<'_>, lang: Language) {
    let t = section.table;
    let _ = writeln!(out, "**{}**\n", escape::markdown(&section.caption));
    if t.columns.is_empty() {
        return;
    }
    let header: Vec<String> = t
        .columns
        .iter()
        .map(|c| escape::markdown(&c.name))
        .collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let align: Vec<&str> = t
        .columns
        .iter()
        .map(|c| if escape::is_numeric(c) { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", align.join("|"));
    let cells: Vec<Vec<Cell>> = t.columns.iter().map(escape::display_cells).collect();
    for i in 0..t.height().min(MAX_ROWS) {
        let row: Vec<String> = cells
            .iter()
            .map(|col| match col.get(i) {
                Some(Cell::Text(s)) => escape::markdown(s),
                Some(Cell::Number(n)) => escape::markdown(&escape::text_number(n, lang)),
                Some(Cell::Missing) | None => "—".to_string(),
            })
            .collect();
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out.push('\n');
    if t.height() > MAX_ROWS {
        let _ = writeln!(
            out,
            "{} {MAX_ROWS} / {} — `tables/{}.csv`\n",
            tr(lang, "Premières lignes :", "First rows:"),
            t.height(),
            t.name.replace('`', "'")
        );
    }
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

/// Renders the report as Markdown.
///
/// # Arguments
/// * `input` — the same input as [`super::html::report_html`]; figures are linked by their
///   `file` (relative to the output folder), not inlined.
///
/// # Returns
/// The Markdown text, a pure function of `input`.
///
/// # Complexity
/// O(size of the input), tables truncated at [`MAX_ROWS`] rows.
///
/// # Examples
/// ```
/// use ptce::config::Language;
/// use ptce::report::cite::METHODS;
/// use ptce::report::html::{ReportInput, ReportProvenance, Summary};
/// use ptce::report::markdown::report_md;
/// let input = ReportInput {
///     lang: Language::Fr, title: "Étude *test*".into(), summary: Summary::default(),
///     warnings: vec![], timelines: vec![], figures: vec![], tables: vec![], comparison: None,
///     models: None,
///     stage_sentences: vec![],
///     methods: METHODS, provenance: ReportProvenance::default(),
/// };
/// assert!(report_md(&input).starts_with("# Étude \\*test\\*\n"));
/// ```
pub fn report_md(input: &ReportInput<'_>) -> String {
    let lang = input.lang;
    let secs = sections(lang);
    let mut out = String::with_capacity(32 * 1024);
    let _ = writeln!(out, "# {}\n", escape::markdown(&input.title));
    let _ = writeln!(
        out,
        "ptce {} · {} {} · {} {}\n",
        escape::markdown(&input.provenance.version),
        tr(lang, "date de référence", "reference date"),
        escape::markdown(&input.summary.reference_date),
        tr(lang, "graine", "seed"),
        input.provenance.seed
    );

    let _ = writeln!(out, "## {}\n\n| | |\n|---|---:|", secs[0].1);
    for (label, value) in summary_rows(&input.summary, lang) {
        let _ = writeln!(out, "| {label} | {} |", escape::markdown(&value));
    }
    out.push('\n');

    let _ = writeln!(out, "## {}\n", secs[1].1);
    if input.warnings.is_empty() {
        let _ = writeln!(
            out,
            "{}\n",
            tr(
                lang,
                "Aucun avertissement de validation.",
                "No validation warning."
            )
        );
    } else {
        let _ = writeln!(
            out,
            "{} : {}\n",
            tr(lang, "Avertissements de validation", "Validation warnings"),
            input.warnings.len()
        );
        for w in input.warnings.iter().take(MAX_WARNINGS) {
            let _ = writeln!(out, "- {}", escape::markdown(w));
        }
        if input.warnings.len() > MAX_WARNINGS {
            out.push_str("- … `tables/validation.csv`\n");
        }
        out.push('\n');
    }

    let mut number = 0;
    for (sec, figures) in [(secs[2], &input.timelines), (secs[3], &input.figures)] {
        let _ = writeln!(out, "## {}\n", sec.1);
        if figures.is_empty() {
            let _ = writeln!(out, "{}\n", tr(lang, "Aucune figure.", "No figure."));
        }
        for f in figures {
            number += 1;
            md_figure(&mut out, f, number, lang);
        }
        if sec == secs[2] && !input.stage_sentences.is_empty() {
            for line in &input.stage_sentences {
                let _ = writeln!(out, "- {}", escape::markdown(line));
            }
            out.push('\n');
        }
    }

    let _ = writeln!(out, "## {}\n", secs[4].1);
    for t in &input.tables {
        md_table(&mut out, t, lang);
    }

    let _ = writeln!(out, "## {}\n", secs[5].1);
    if let Some(m) = &input.models {
        let _ = writeln!(
            out,
            "### {}\n\n{}\n",
            tr(
                lang,
                "Effets du territoire à taille égale",
                "Territory effects at equal size"
            ),
            escape::markdown(models_note(lang))
        );
        for line in &m.sentences {
            let _ = writeln!(out, "- {}", escape::markdown(line));
        }
        if !m.sentences.is_empty() {
            out.push('\n');
        }
        if let Some(f) = &m.figure {
            md_figure(
                &mut out,
                f,
                input.figures.len() + input.timelines.len() + 1,
                lang,
            );
        }
        md_table(&mut out, &m.table, lang);
        let _ = writeln!(
            out,
            "### {}\n",
            tr(
                lang,
                "Tests de rang sans ajustement (robustesse)",
                "Unadjusted rank tests (robustness)"
            )
        );
    }
    match &input.comparison {
        Some(t) => {
            let _ = writeln!(out, "{}\n", escape::markdown(comparison_note(lang)));
            md_table(&mut out, t, lang);
        }
        None => {
            let _ = writeln!(
                out,
                "{}\n",
                tr(
                    lang,
                    "Pas de comparaison : il faut des PTCE urbains et ruraux.",
                    "No comparison: it needs both urban and rural PTCEs."
                )
            );
        }
    }

    let _ = writeln!(
        out,
        "## {}\n\n| {} | {} | {} | {} |\n|---|---|---|---|",
        secs[6].1,
        tr(lang, "Mesure", "Measure"),
        tr(lang, "Formule", "Formula"),
        tr(lang, "Convention", "Convention"),
        tr(lang, "Référence", "Reference")
    );
    for m in input.methods {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            escape::markdown(m.name),
            escape::markdown(m.formula),
            escape::markdown(m.convention(lang)),
            escape::markdown(&m.cited())
        );
    }
    let _ = writeln!(
        out,
        "\n{} `ptce cite`.\n",
        tr(
            lang,
            "Références complètes (BibTeX) :",
            "Full references (BibTeX):"
        )
    );

    let p = &input.provenance;
    let _ = writeln!(
        out,
        "## {}\n\nptce {} · {} {}\n",
        secs[7].1,
        escape::markdown(&p.version),
        tr(lang, "graine", "seed"),
        p.seed
    );
    if !p.options.is_empty() {
        let _ = writeln!(out, "| {} | |\n|---|---|", tr(lang, "Option", "Option"));
        for (k, v) in &p.options {
            let _ = writeln!(out, "| {} | {} |", escape::markdown(k), escape::markdown(v));
        }
        out.push('\n');
    }
    if !p.inputs.is_empty() {
        let _ = writeln!(
            out,
            "| {} | {} | SHA-256 |\n|---|---:|---|",
            tr(lang, "Fichier", "File"),
            tr(lang, "Lignes", "Rows")
        );
        for (file, rows, sha) in &p.inputs {
            let rows = rows.map_or("—".to_string(), |r| {
                escape::text_number(&escape::shown_int(r as i64), lang)
            });
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                escape::markdown(file),
                escape::markdown(&rows),
                escape::markdown(sha)
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::html::tests::{fixture, fixture_tables, HOSTILE, SCRIPT};
    use super::*;

    #[test]
    fn escapes_links_figures_and_formats_numbers() {
        let tables = fixture_tables();
        let md = report_md(&fixture(&tables, Language::Fr));
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
        assert_eq!(md, report_md(&fixture(&tables, Language::Fr)));
        assert_eq!(link_target("a b(1)<x>.svg"), "a%20b%281%29%3Cx%3E.svg");
    }
}
