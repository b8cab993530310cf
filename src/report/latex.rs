//! Results tables as LaTeX, ready to `\input` into a paper: `booktabs` rules, text columns
//! left-aligned and numeric columns right-aligned (every float of a column has the same number
//! of decimals, so decimal marks line up without `siunitx`), numbers formatted for the language
//! ([`escape::latex_number`]), missing values as an em dash, every text cell escaped
//! ([`escape::latex`]).
//!
//! Tables of more than [`LONG_ROWS`] rows are written as a `longtable` (breaks across pages,
//! header repeated); the document then needs `\usepackage{longtable}` besides
//! `\usepackage{booktabs}`. Text needs `\usepackage[T1]{fontenc}` (for `\textquotedbl`, `<`,
//! `>`); UTF-8 input is the LaTeX default since 2018.

use super::escape::{self, Cell};
use crate::config::Language;
use crate::table::Table;
use std::fmt::Write;

/// Above this many rows a table is written as a `longtable`.
pub const LONG_ROWS: usize = 40;

/// Keeps the characters of a `\label` key that are safe everywhere (`A-Za-z0-9:-_.`).
fn label_key(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Renders a table as a LaTeX `table` + `tabular` (or a `longtable` above [`LONG_ROWS`] rows).
///
/// # Arguments
/// * `table` — the results table; column names become the header (escaped).
/// * `caption` — caption text (escaped).
/// * `label` — `\label` key; characters other than `A-Za-z0-9:-.` become `-`.
/// * `lang` — French: decimal comma, thin-space thousands; English: point, comma thousands.
///
/// # Returns
/// The LaTeX source, ending with a newline; a comment only if the table has no column.
///
/// # Complexity
/// O(rows × columns).
///
/// # Examples
/// ```
/// use ptce::config::Language;
/// use ptce::report::latex::to_latex;
/// use ptce::table::Table;
/// let t = Table::new("t").str("name", [Some("A & B")]).float("x", [Some(0.5)]);
/// let tex = to_latex(&t, "Example", "tab:t", Language::Fr);
/// assert!(tex.contains(r"A \& B & $0{,}500$ \\"));
/// assert!(tex.contains(r"\begin{tabular}{lr}"));
/// ```
pub fn to_latex(table: &Table, caption: &str, label: &str, lang: Language) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "% ptce: table {} ({} rows). Needs \\usepackage{{booktabs}}, \\usepackage[T1]{{fontenc}}{}.",
        escape::latex(&table.name).replace('\n', " "),
        table.height(),
        if table.height() > LONG_ROWS { ", \\usepackage{longtable}" } else { "" }
    );
    if table.columns.is_empty() {
        return out;
    }
    let spec: String = table
        .columns
        .iter()
        .map(|c| if escape::is_numeric(c) { 'r' } else { 'l' })
        .collect();
    let header = table
        .columns
        .iter()
        .map(|c| escape::latex(&c.name))
        .collect::<Vec<_>>()
        .join(" & ")
        + r" \\";
    let caption = escape::latex(caption);
    let label = label_key(label);
    let long = table.height() > LONG_ROWS;
    if long {
        let cont = match lang {
            Language::Fr => "(suite)",
            Language::En => "(continued)",
        };
        let _ = writeln!(out, "{{\\small\n\\begin{{longtable}}{{{spec}}}");
        let _ = writeln!(out, "\\caption{{{caption}}}\\label{{{label}}} \\\\");
        let _ = writeln!(out, "\\toprule\n{header}\n\\midrule\n\\endfirsthead");
        let _ = writeln!(
            out,
            "\\multicolumn{{{}}}{{l}}{{\\emph{{{cont}}}}} \\\\",
            table.columns.len()
        );
        let _ = writeln!(out, "\\toprule\n{header}\n\\midrule\n\\endhead");
        let _ = writeln!(out, "\\bottomrule\n\\endlastfoot");
    } else {
        let _ = writeln!(out, "\\begin{{table}}[htbp]\n\\centering\n\\small");
        let _ = writeln!(out, "\\caption{{{caption}}}\n\\label{{{label}}}");
        let _ = writeln!(
            out,
            "\\begin{{tabular}}{{{spec}}}\n\\toprule\n{header}\n\\midrule"
        );
    }
    let cells: Vec<Vec<Cell>> = table.columns.iter().map(escape::display_cells).collect();
    for i in 0..table.height() {
        let row: Vec<String> = cells
            .iter()
            .map(|col| match col.get(i) {
                Some(Cell::Text(t)) => escape::latex(t),
                Some(Cell::Number(n)) => escape::latex_number(n, lang),
                Some(Cell::Missing) | None => r"\textemdash{}".to_string(),
            })
            .collect();
        let _ = writeln!(out, "{} \\\\", row.join(" & "));
    }
    if long {
        out.push_str("\\end{longtable}\n}\n");
    } else {
        out.push_str("\\bottomrule\n\\end{tabular}\n\\end{table}\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table::new("node_metrics")
            .str(
                "name",
                [Some("<b>&é\"_%</b>"), Some("Régie #2 {x} ~^\\"), None],
            )
            .int("degree", [Some(12345), None, Some(3)])
            .float("betweenness", [Some(0.12345), Some(-1234.5), None])
            .float("p_value", [Some(0.0001), Some(0.04), Some(1.0)])
    }

    #[test]
    fn escapes_formats_and_aligns() {
        let tex = to_latex(
            &sample(),
            "Centralités & co",
            "tab:node metrics",
            Language::Fr,
        );
        assert!(tex.contains(r"\begin{tabular}{lrrr}"), "{tex}");
        assert!(tex.contains(r"\caption{Centralités \& co}"));
        assert!(tex.contains(r"\label{tab:node-metrics}"));
        assert!(tex.contains(r"name & degree & betweenness & p\_value \\"));
        assert!(tex.contains(
            r"\textless{}b\textgreater{}\&é\textquotedbl{}\_\%\textless{}/b\textgreater{} & $12\,345$ & $0{,}123$ & $<0{,}001$ \\"
        ));
        assert!(tex.contains(r"Régie \#2 \{x\} \textasciitilde{}\textasciicircum{}\textbackslash{} & \textemdash{} & $-1234{,}500$ & $0{,}040$ \\"));
        assert!(tex.contains(r"\textemdash{} & $3$ & \textemdash{} & $1{,}000$ \\"));
        let en = to_latex(&sample(), "c", "l", Language::En);
        assert!(en.contains(r"$12{,}345$ & $0.123$ & $<0.001$"), "{en}");
        for rule in [r"\toprule", r"\midrule", r"\bottomrule"] {
            assert_eq!(tex.matches(rule).count(), 1);
        }
    }

    #[test]
    fn long_tables_use_longtable() {
        let n = LONG_ROWS + 1;
        let t = Table::new("t").int("i", (0..n as i64).map(Some));
        let tex = to_latex(&t, "c", "l", Language::En);
        assert!(tex.contains(r"\begin{longtable}{r}") && tex.contains(r"\endhead"));
        assert_eq!(tex.lines().filter(|l| l.starts_with('$')).count(), n);
        assert!(to_latex(&Table::new("e"), "c", "l", Language::En).starts_with('%'));
    }
}

/// Compiles the tables with `pdflatex` (Debian `texlive-latex-base` and
/// `texlive-latex-recommended`); skipped, with a notice, when `pdflatex` is not installed.
#[cfg(test)]
mod pdflatex_tests {
    use super::*;
    use std::process::Command;

    #[test]
    fn tables_compile_with_pdflatex() {
        let present = Command::new("pdflatex").arg("--version").output().is_ok();
        let what = "pdflatex (Debian texlive-latex-base, texlive-latex-recommended)";
        if crate::test_support::tool_missing(present, what) {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let names = [
            Some("<b>&é\"_%</b>"),
            Some("Régie #2 {x} ~^\\ $5 -- ''q'' `b` |"),
            Some("Œuvre « solidaire » à l’Île"),
            None,
        ];
        let small = Table::new("s")
            .str("name", names)
            .int("degree", [Some(12345), None, Some(3), Some(-2)])
            .float("x", [Some(0.12345), Some(-1234.5), None, Some(1e20)])
            .float("p_value", [Some(0.0001), Some(0.04), Some(1.0), None]);
        let long = Table::new("l")
            .str("org_id", (0..100).map(|i| Some(format!("ORG_{i}"))))
            .float("score", (0..100).map(|i| Some(i as f64 / 7.0)));
        let mut body = String::new();
        for lang in [Language::Fr, Language::En] {
            body.push_str(&to_latex(
                &small,
                "Petite table <i>&</i> 100%",
                "tab:small",
                lang,
            ));
            body.push_str(&to_latex(&long, "Long table", "tab:long", lang));
            body.push_str(&to_latex(&Table::new("empty"), "none", "x", lang));
        }
        let doc = format!(
            "\\documentclass{{article}}\n\\usepackage[T1]{{fontenc}}\n\\usepackage[utf8]{{inputenc}}\n\
             \\usepackage{{booktabs}}\n\\usepackage{{longtable}}\n\\begin{{document}}\n{body}\\end{{document}}\n"
        );
        std::fs::write(dir.path().join("doc.tex"), doc).unwrap();
        let out = Command::new("pdflatex")
            .args([
                "-interaction=nonstopmode",
                "-halt-on-error",
                "-no-shell-escape",
                "doc.tex",
            ])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let log = std::fs::read_to_string(dir.path().join("doc.log")).unwrap_or_default();
        assert!(out.status.success(), "pdflatex failed:\n{log}");
        assert!(dir.path().join("doc.pdf").metadata().unwrap().len() > 1000);
        assert!(!log.contains("Missing character"), "{log}");
        assert!(!log.contains("Undefined control sequence"), "{log}");
    }
}
