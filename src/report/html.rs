//! `report.html`: the run's report as one self-contained page — inline CSS, inline SVG figures,
//! no script, no external resource (a `Content-Security-Policy` forbids both), so that it opens
//! from a USB stick and renders the same everywhere. Also defines [`ReportInput`], shared with
//! [`super::markdown`].
//!
//! Sections: summary, data quality, stage timelines, figures, main tables, urban/rural
//! comparison, methods, provenance. Every string from the data is escaped
//! ([`escape::html`]); every SVG is checked by [`escape::check_svg`] before it is
//! embedded. Nothing that varies between reruns (time, threads, command line) is shown, so the
//! page is byte-identical across reruns.

use super::cite::{reference, Method};
use super::escape::check_svg;
use super::escape::{self, Cell};
use crate::config::Language;
use crate::table::Table;
use std::fmt::Write;

/// Rows of a table shown in the report (the full table is in `tables/`).
pub const MAX_ROWS: usize = 100;
/// Validation warnings listed in the report (all are in `tables/validation.csv`).
pub const MAX_WARNINGS: usize = 200;

/// Counts of the study summary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Summary {
    pub ptces: usize,
    pub organizations: usize,
    pub memberships: usize,
    pub ties: usize,
    pub urban: usize,
    pub rural: usize,
    /// PTCEs whose territory class is unknown (no density level).
    pub territory_unknown: usize,
    /// Reference date of the study (`YYYY-MM-DD`).
    pub reference_date: String,
}

/// A figure: SVG text as produced by the charts module, its caption, and its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Stable id (file stem, e.g. `stage_timelines`), used as the HTML anchor.
    pub id: String,
    pub caption: String,
    pub svg: String,
    /// Path relative to the output folder (`figures/stage_timelines.svg`), for `report.md`.
    pub file: String,
}

/// A table shown in the report, with its caption.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSection<'a> {
    pub caption: String,
    pub table: &'a Table,
}

/// The stable provenance shown in the report (no timing, thread count or command line).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportProvenance {
    /// `ptce` version.
    pub version: String,
    pub seed: u64,
    /// Options in force, as `(key, value)` in a fixed order.
    pub options: Vec<(String, String)>,
    /// Input files: `(file, rows, sha256)`.
    pub inputs: Vec<(String, Option<usize>, String)>,
}

/// The size-adjusted effects that lead the comparison section (issue 16).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelsSection<'a> {
    /// One sentence per primary outcome of the `all` snapshot, in the report's language.
    pub sentences: Vec<String>,
    /// The forest plot, if drawn.
    pub figure: Option<Figure>,
    /// The group effects (average marginal effects) of every snapshot.
    pub table: TableSection<'a>,
}

/// Text explaining the models.
pub(crate) fn models_note(lang: Language) -> &'static str {
    tr(
        lang,
        "Chaque mesure est modélisée selon le territoire, la taille du réseau (log n) et les covariables de study.toml : densité par un GLM quasi-binomial, mesures bornées dans [0, 1] par un logit fractionnaire (erreurs HC0), mesures non bornées par les moindres carrés (erreurs HC3), comptes et degré moyen par un modèle quasi-Poisson (erreurs HC0). L'effet marginal moyen compare chaque PTCE à lui-même, classé dans l'autre groupe, à taille égale ; méthode delta pour l'IC à 95 %. p ajustées (Benjamini-Hochberg) sur les mesures principales d'une même étape. Les tests de rang sans ajustement suivent, comme contrôle de robustesse.",
        "Each measure is modelled on territory, network size (log n) and the covariates of study.toml: density by a quasi-binomial GLM, measures bounded in [0, 1] by a fractional logit (HC0 errors), unbounded measures by least squares (HC3 errors), counts and mean degree by a quasi-Poisson model (HC0 errors). The average marginal effect compares each PTCE with itself placed in the other group, at equal size; delta-method 95% CI. p-values adjusted (Benjamini-Hochberg) over the primary measures of one snapshot. The unadjusted rank tests follow as a robustness check.",
    )
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportInput<'a> {
    pub lang: Language,
    pub title: String,
    pub summary: Summary,
    /// Validation warnings, one line each.
    pub warnings: Vec<String>,
    /// Stage timeline figures.
    pub timelines: Vec<Figure>,
    /// Other figures.
    pub figures: Vec<Figure>,
    /// Main result tables.
    pub tables: Vec<TableSection<'a>>,
    /// Urban/rural comparison (p-values, effect sizes), if computed.
    pub comparison: Option<TableSection<'a>>,
    /// Size-adjusted models, which lead the comparison section, if fitted.
    pub models: Option<ModelsSection<'a>>,
    /// Event-history sentences of the stage section (issue 17–18), after its figures.
    pub stage_sentences: Vec<String>,
    /// Methods section (usually [`super::cite::METHODS`]).
    pub methods: &'a [Method],
    pub provenance: ReportProvenance,
}

/// The text in the language of the report.
pub(crate) fn tr(lang: Language, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Fr => fr,
        Language::En => en,
    }
}

/// Section ids and titles, in order (shared with the Markdown report).
pub(crate) fn sections(lang: Language) -> [(&'static str, &'static str); 8] {
    [
        ("summary", tr(lang, "Résumé de l'étude", "Study summary")),
        ("quality", tr(lang, "Qualité des données", "Data quality")),
        (
            "timelines",
            tr(lang, "Chronologie des étapes", "Stage timelines"),
        ),
        ("figures", tr(lang, "Figures", "Figures")),
        ("tables", tr(lang, "Tableaux principaux", "Main tables")),
        (
            "comparison",
            tr(
                lang,
                "Comparaison urbain / rural",
                "Urban / rural comparison",
            ),
        ),
        ("methods", tr(lang, "Méthodes", "Methods")),
        ("provenance", tr(lang, "Provenance", "Provenance")),
    ]
}

/// The summary as `(label, value)` rows.
pub(crate) fn summary_rows(s: &Summary, lang: Language) -> Vec<(&'static str, String)> {
    let n = |x: usize| escape::text_number(&escape::shown_int(x as i64), lang);
    vec![
        (tr(lang, "PTCE", "PTCEs"), n(s.ptces)),
        (
            tr(lang, "Organisations", "Organizations"),
            n(s.organizations),
        ),
        (tr(lang, "Adhésions", "Memberships"), n(s.memberships)),
        (
            tr(lang, "Liens de coopération", "Cooperation ties"),
            n(s.ties),
        ),
        (tr(lang, "PTCE urbains", "Urban PTCEs"), n(s.urban)),
        (tr(lang, "PTCE ruraux", "Rural PTCEs"), n(s.rural)),
        (
            tr(lang, "Territoire inconnu", "Territory unknown"),
            n(s.territory_unknown),
        ),
        (
            tr(lang, "Date de référence", "Reference date"),
            s.reference_date.clone(),
        ),
    ]
}

/// Text explaining the comparison columns.
pub(crate) fn comparison_note(lang: Language) -> &'static str {
    tr(
        lang,
        "Test de Mann-Whitney bilatéral ; p ajustées par la procédure de Benjamini-Hochberg ; taille d'effet : delta de Cliff (négligeable < 0,147 ≤ petit < 0,33 ≤ moyen < 0,474 ≤ grand, Romano et al. 2006). Les valeurs p inférieures à 0,001 sont affichées « < 0,001 ».",
        "Two-sided Mann-Whitney test; p-values adjusted by the Benjamini-Hochberg procedure; effect size: Cliff's delta (negligible < 0.147 ≤ small < 0.33 ≤ medium < 0.474 ≤ large, Romano et al. 2006). p-values below 0.001 are shown as \"< 0.001\".",
    )
}

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

/// Writes a table as an HTML `<table>` (at most [`MAX_ROWS`] rows, then a note).
pub(crate) fn html_table(out: &mut String, section: &TableSection<'_>, lang: Language) {
    let t = section.table;
    out.push_str("<div class=\"scroll\"><table>\n");
    let _ = writeln!(out, "<caption>{}</caption>", escape::html(&section.caption));
    out.push_str("<thead><tr>");
    for c in &t.columns {
        let class = if escape::is_numeric(c) {
            " class=\"num\""
        } else {
            ""
        };
        let _ = write!(out, "<th{class}>{}</th>", escape::html(&c.name));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let cells: Vec<(bool, Vec<Cell>)> = t
        .columns
        .iter()
        .map(|c| (escape::is_numeric(c), escape::display_cells(c)))
        .collect();
    for i in 0..t.height().min(MAX_ROWS) {
        out.push_str("<tr>");
        for (numeric, col) in &cells {
            match col.get(i) {
                Some(Cell::Text(s)) => {
                    let _ = write!(out, "<td>{}</td>", escape::html(s));
                }
                Some(Cell::Number(n)) => {
                    let _ = write!(
                        out,
                        "<td class=\"num\">{}</td>",
                        escape::html(&escape::text_number(n, lang))
                    );
                }
                Some(Cell::Missing) | None if *numeric => out.push_str("<td class=\"num\">—</td>"),
                Some(Cell::Missing) | None => out.push_str("<td>—</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    if t.height() > MAX_ROWS {
        let _ = writeln!(
            out,
            "<p class=\"note\">{} {MAX_ROWS} / {} — <code>tables/{}.csv</code></p>",
            tr(lang, "Premières lignes :", "First rows:"),
            t.height(),
            escape::html(&t.name)
        );
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
/// * `input` — what to show; strings are escaped here, SVGs are checked and embedded inline
///   (a figure whose SVG holds active content or external references is replaced by a note).
///
/// # Returns
/// The HTML document (UTF-8), a pure function of `input`.
///
/// # Complexity
/// O(size of the input), tables truncated at [`MAX_ROWS`] rows.
///
/// # Examples
/// ```
/// use ptce::config::Language;
/// use ptce::report::cite::METHODS;
/// use ptce::report::html::{report_html, ReportInput, ReportProvenance, Summary};
/// let input = ReportInput {
///     lang: Language::En, title: "Study <1>".into(), summary: Summary::default(),
///     warnings: vec![], timelines: vec![], figures: vec![], tables: vec![], comparison: None,
///     models: None,
///     stage_sentences: vec![],
///     methods: METHODS, provenance: ReportProvenance::default(),
/// };
/// let page = report_html(&input);
/// assert!(page.contains("<h1>Study &lt;1&gt;</h1>") && !page.contains("<script"));
/// ```
pub fn report_html(input: &ReportInput<'_>) -> String {
    let lang = input.lang;
    let secs = sections(lang);
    let mut out = String::with_capacity(64 * 1024);
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
        lang.as_str()
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // The policy allows the inline styles and scripts by hash (super::csp); add the hash of
    // every new inline <style> or <script> to these lists.
    let policy = super::csp::content_security_policy(&[super::csp::hash_source(CSS)], &[]);
    let _ = writeln!(
        out,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"
    );
    let _ = writeln!(
        out,
        "<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        escape::html(&input.title)
    );
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape::html(&input.title));
    let _ = writeln!(
        out,
        "<p class=\"meta\">ptce {} · {} {} · {} {}</p>\n</header>",
        escape::html(&input.provenance.version),
        tr(lang, "date de référence", "reference date"),
        escape::html(&input.summary.reference_date),
        tr(lang, "graine", "seed"),
        input.provenance.seed
    );
    out.push_str("<nav><ol>\n");
    for (id, title) in &secs {
        let _ = writeln!(out, "<li><a href=\"#{id}\">{title}</a></li>");
    }
    out.push_str("</ol></nav>\n");

    // Summary.
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>\n<table>",
        secs[0].0, secs[0].1
    );
    for (label, value) in summary_rows(&input.summary, lang) {
        let _ = writeln!(
            out,
            "<tr><th>{label}</th><td class=\"num\">{}</td></tr>",
            escape::html(&value)
        );
    }
    out.push_str("</table>\n</section>\n");

    // Data quality.
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>",
        secs[1].0, secs[1].1
    );
    if input.warnings.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>",
            tr(
                lang,
                "Aucun avertissement de validation.",
                "No validation warning."
            )
        );
    } else {
        let _ = writeln!(
            out,
            "<p>{} : {}</p>\n<ul class=\"warn\">",
            tr(lang, "Avertissements de validation", "Validation warnings"),
            input.warnings.len()
        );
        for w in input.warnings.iter().take(MAX_WARNINGS) {
            let _ = writeln!(out, "<li>{}</li>", escape::html(w));
        }
        out.push_str("</ul>\n");
        if input.warnings.len() > MAX_WARNINGS {
            let _ = writeln!(
                out,
                "<p class=\"note\">… <code>tables/validation.csv</code></p>"
            );
        }
    }
    out.push_str("</section>\n");

    // Figures (timelines first, numbered continuously).
    let mut number = 0;
    for (sec, figures) in [(secs[2], &input.timelines), (secs[3], &input.figures)] {
        let _ = writeln!(out, "<section id=\"{}\">\n<h2>{}</h2>", sec.0, sec.1);
        if figures.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"note\">{}</p>",
                tr(lang, "Aucune figure.", "No figure.")
            );
        }
        for f in figures {
            number += 1;
            html_figure(&mut out, f, number, lang);
        }
        if sec == secs[2] && !input.stage_sentences.is_empty() {
            out.push_str("<ul>\n");
            for line in &input.stage_sentences {
                let _ = writeln!(out, "<li>{}</li>", escape::html(line));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }

    // Tables.
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>",
        secs[4].0, secs[4].1
    );
    for t in &input.tables {
        html_table(&mut out, t, lang);
    }
    out.push_str("</section>\n");

    // Comparison.
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>",
        secs[5].0, secs[5].1
    );
    if let Some(m) = &input.models {
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<p class=\"note\">{}</p>",
            tr(
                lang,
                "Effets du territoire à taille égale",
                "Territory effects at equal size"
            ),
            escape::html(models_note(lang))
        );
        if !m.sentences.is_empty() {
            out.push_str("<ul>\n");
            for line in &m.sentences {
                let _ = writeln!(out, "<li>{}</li>", escape::html(line));
            }
            out.push_str("</ul>\n");
        }
        if let Some(f) = &m.figure {
            html_figure(
                &mut out,
                f,
                input.figures.len() + input.timelines.len() + 1,
                lang,
            );
        }
        html_table(&mut out, &m.table, lang);
        let _ = writeln!(
            out,
            "<h3>{}</h3>",
            tr(
                lang,
                "Tests de rang sans ajustement (robustesse)",
                "Unadjusted rank tests (robustness)"
            )
        );
    }
    match &input.comparison {
        Some(t) => {
            let _ = writeln!(
                out,
                "<p class=\"note\">{}</p>",
                escape::html(comparison_note(lang))
            );
            html_table(&mut out, t, lang);
        }
        None => {
            let _ = writeln!(
                out,
                "<p>{}</p>",
                tr(
                    lang,
                    "Pas de comparaison : il faut des PTCE urbains et ruraux.",
                    "No comparison: it needs both urban and rural PTCEs."
                )
            );
        }
    }
    out.push_str("</section>\n");

    // Methods.
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>",
        secs[6].0, secs[6].1
    );
    let _ = writeln!(
        out,
        "<div class=\"scroll\"><table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        tr(lang, "Mesure", "Measure"),
        tr(lang, "Formule", "Formula"),
        tr(lang, "Convention", "Convention"),
        tr(lang, "Référence", "Reference")
    );
    for m in input.methods {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape::html(m.name),
            escape::html(m.formula),
            escape::html(m.convention(lang)),
            escape::html(&m.cited())
        );
    }
    out.push_str("</tbody></table></div>\n");
    let _ = writeln!(
        out,
        "<p class=\"note\">{} <code>ptce cite</code>.</p>",
        tr(
            lang,
            "Références complètes (BibTeX) :",
            "Full references (BibTeX):"
        )
    );
    let mut keys: Vec<&str> = input
        .methods
        .iter()
        .flat_map(|m| m.references.iter().copied())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    out.push_str("<ul class=\"note\">\n");
    for r in keys.iter().filter_map(|k| reference(k)) {
        let _ = writeln!(
            out,
            "<li>{} — <code>{}</code></li>",
            escape::html(r.short),
            escape::html(r.key)
        );
    }
    out.push_str("</ul>\n</section>\n");

    // Provenance.
    let p = &input.provenance;
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>",
        secs[7].0, secs[7].1
    );
    let _ = writeln!(
        out,
        "<p>ptce {} · {} {}</p>",
        escape::html(&p.version),
        tr(lang, "graine", "seed"),
        p.seed
    );
    if !p.options.is_empty() {
        let _ = writeln!(
            out,
            "<table>\n<caption>{}</caption>",
            tr(lang, "Options", "Options")
        );
        for (k, v) in &p.options {
            let _ = writeln!(
                out,
                "<tr><th><code>{}</code></th><td><code>{}</code></td></tr>",
                escape::html(k),
                escape::html(v)
            );
        }
        out.push_str("</table>\n");
    }
    if !p.inputs.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"scroll\"><table>\n<caption>{}</caption>\n<thead><tr><th>{}</th><th class=\"num\">{}</th><th>SHA-256</th></tr></thead>\n<tbody>",
            tr(lang, "Fichiers d'entrée", "Input files"),
            tr(lang, "Fichier", "File"),
            tr(lang, "Lignes", "Rows")
        );
        for (file, rows, sha) in &p.inputs {
            let rows = rows.map_or("—".to_string(), |r| {
                escape::text_number(&escape::shown_int(r as i64), lang)
            });
            let _ = writeln!(
                out,
                "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td><code>{}</code></td></tr>",
                escape::html(file),
                escape::html(&rows),
                escape::html(sha)
            );
        }
        out.push_str("</tbody></table></div>\n");
    }
    let _ = writeln!(
        out,
        "<p class=\"note\">{}</p>",
        tr(
            lang,
            "Les durées, le nombre de fils d'exécution et la ligne de commande sont dans manifest.json (clé run) : ce rapport est identique d'une exécution à l'autre.",
            "Timings, thread count and command line are in manifest.json (key run): this report is identical from one run to the next."
        )
    );
    out.push_str("</section>\n</body>\n</html>\n");
    out
}

/// Tests (in `html_tests.rs`, included so that the path is the same in every crate layout);
/// `pub(crate)` for the Markdown tests, which reuse the fixture.
#[cfg(test)]
pub(crate) mod tests {
    include!("html_tests.rs");
}
