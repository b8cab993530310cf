//! The interactive parts of `report.html` (issue 23): the explorer section's markup, the script
//! (`assets/explorer.js`, plain JavaScript writing SVG) and its style (`assets/explorer.css`).
//! The script runs under the page's Content-Security-Policy, allowed by its hash; it reads the
//! data from the `<script type="application/json">` elements written here, inserts data text
//! only with `textContent` (never as markup) and requests nothing. Why plain JavaScript rather
//! than a library: `docs/outputs.md`.

use super::document::tr;
use super::explorer::Interactive;
use crate::config::Language;
use std::fmt::Write;

/// The script of the page (hashed into the CSP).
pub const JS: &str = include_str!("assets/explorer.js");
/// The style of the interactive parts, print rules included (hashed into the CSP).
pub const CSS: &str = include_str!("assets/explorer.css");

/// Id and title of the explorer section.
pub fn section_title(lang: Language) -> (&'static str, &'static str) {
    (
        "explore",
        tr(lang, "Explorer les réseaux", "Explore the networks"),
    )
}

/// Writes the explorer section (controls, drawing, details, node table) and the JSON data.
///
/// # Arguments
/// * `out` — the page being written; `lang` — language of the labels; `data` — the blobs.
pub fn section(out: &mut String, lang: Language, data: &Interactive) {
    let (id, title) = section_title(lang);
    let t = |fr, en| tr(lang, fr, en);
    let _ = writeln!(
        out,
        "<section id=\"{id}\" class=\"x-only\">\n<h2>{title}</h2>"
    );
    let _ = writeln!(
        out,
        "<p class=\"note\">{}</p>",
        t(
            "Choisir un PTCE et une étape ; survoler ou parcourir au clavier (Tab, flèches) les organisations ; cliquer (ou Entrée) met en avant le réseau personnel. Les figures statiques restent dans la section Figures (et à l'impression).",
            "Choose a PTCE and a stage; hover or move through the organizations with the keyboard (Tab, arrows); clicking (or Enter) highlights the ego network. The static figures stay in the Figures section (and in print)."
        )
    );
    let _ = writeln!(
        out,
        "<div class=\"x-controls\">\
<label>{} <input id=\"x-find\" type=\"search\" autocomplete=\"off\"></label> \
<label>PTCE <select id=\"x-ptce\"></select></label> \
<label>{} <select id=\"x-size\"></select></label>\
</div>",
        t("Filtrer la liste", "Filter the list"),
        t("Taille selon", "Size by"),
    );
    let _ = writeln!(
        out,
        "<div id=\"x-stages\" class=\"x-stages\" role=\"radiogroup\" aria-label=\"{}\"></div>",
        t("Étape", "Stage")
    );
    let _ = writeln!(
        out,
        "<div class=\"x-controls\"><label>{} <input id=\"x-search\" type=\"search\" autocomplete=\"off\" aria-controls=\"x-results\"></label></div>\n<ul id=\"x-results\" class=\"x-results\" aria-live=\"polite\"></ul>",
        t(
            "Chercher une organisation (tous PTCE)",
            "Find an organization (all PTCEs)"
        )
    );
    let _ = writeln!(
        out,
        "<div class=\"x-main\"><svg id=\"x-net\" class=\"x-net\" viewBox=\"0 0 1000 700\" role=\"group\" aria-label=\"{}\"></svg>\n\
<div class=\"x-side\"><p id=\"x-count\" aria-live=\"polite\"></p><div id=\"x-detail\" class=\"x-detail\" aria-live=\"polite\"></div><ul id=\"x-legend\" class=\"x-legend\"></ul></div></div>",
        t("Réseau du PTCE choisi", "Network of the chosen PTCE")
    );
    let _ = writeln!(
        out,
        "<div class=\"scroll\"><table id=\"x-nodes\" class=\"x-table\"><caption>{}</caption><thead></thead><tbody></tbody></table></div>",
        t(
            "Membres du PTCE à l'étape choisie",
            "Members of the PTCE at the chosen stage"
        )
    );
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"x-index\">{}</script>",
        data.index
    );
    for (i, blob) in data.ptces.iter().enumerate() {
        let _ = writeln!(
            out,
            "<script type=\"application/json\" id=\"x-p{i}\">{blob}</script>"
        );
    }
    out.push_str("</section>\n");
}
