//! The report of a run as one model, computed once from the results and rendered twice:
//! [`super::html`] writes it as `report.html`, [`super::markdown`] as `report.md`.
//!
//! [`ReportInput`] is what the pipeline hands over (counts, warnings, figures, tables,
//! provenance). [`Document::new`] decides everything both reports share: the sections in
//! order, their sentences, which rows of a table are shown and how each number is written
//! (rounded and localised by [`escape::display_cells`] and [`escape::text_number`]), the
//! numbering of figures, the notes on truncated tables. A renderer only chooses markup:
//! text in a [`Span`] is still unescaped, and each renderer escapes it for its format.

use super::cite::{reference, Method};
use super::escape::{self, Cell};
use crate::config::Language;
use crate::table::Table;

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

/// The section "Who cooperates with whom" (issue 22).
#[derive(Debug, Clone, PartialEq)]
pub struct RelationsSection<'a> {
    /// Sentences reading the mixing matrix and the tie models, in the report's language.
    pub sentences: Vec<String>,
    /// The mixing-matrix heat map, if drawn.
    pub mixing_figure: Option<Figure>,
    /// The odds-ratio forest of the tie models, if drawn.
    pub forest_figure: Option<Figure>,
    /// The mixing matrix of the whole history (observed and expected shares).
    pub mixing: Option<TableSection<'a>>,
    /// Members whose brokerage z-score exceeds 1.96, per PTCE (`None` when there is none).
    pub brokers: Option<TableSection<'a>>,
    /// What the brokers table shows, or why it is empty, and the PTCEs without such a member.
    pub broker_sentences: Vec<String>,
}

/// Everything the report shows, as the pipeline hands it over.
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
    /// "Who cooperates with whom" (issue 22), if the relational step ran.
    pub relations: Option<RelationsSection<'a>>,
    /// Methods section (usually [`super::cite::METHODS`]).
    pub methods: &'a [Method],
    pub provenance: ReportProvenance,
}

/// A piece of text of the report. Only [`Span::Plain`] is written as it is; every other kind
/// is escaped by the renderer for its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Text of `ptce` itself (labels, counts), already valid in both formats: never data.
    Plain(String),
    /// Text from the data or the results, escaped where it is written.
    Text(String),
    /// An identifier (option key, input file, hash, measure name): code type in HTML, escaped
    /// text in Markdown.
    Id(String),
    /// A literal the reader types or opens (a path, a command): code type in both formats.
    Code(String),
}

fn plain(text: impl Into<String>) -> Span {
    Span::Plain(text.into())
}

fn text(text: impl Into<String>) -> Span {
    Span::Text(text.into())
}

/// A table of rows under a header: a result table (truncated at [`MAX_ROWS`] rows), the
/// methods, the input files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Caption, shown above the table.
    pub caption: Option<Span>,
    /// Whether `report.md` shows the caption too (result tables) or only `report.html`.
    pub caption_in_markdown: bool,
    /// Column headers, each with whether the column is numeric (right-aligned).
    pub columns: Vec<(Span, bool)>,
    /// Cells, row by row; a missing value is an em dash.
    pub rows: Vec<Vec<Span>>,
}

/// A table of (label, value) rows: the study summary, the options in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairs {
    /// Caption of the HTML table.
    pub caption: Option<&'static str>,
    /// Header of the label column in the Markdown table (the value column has none).
    pub key_title: Option<&'static str>,
    /// Whether the values are numbers (right-aligned).
    pub numeric: bool,
    pub rows: Vec<(Span, Span)>,
}

/// One element of a section, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block<'a> {
    /// A sub-heading.
    Heading(&'static str),
    /// A paragraph; `note` paragraphs are set smaller in HTML.
    Paragraph {
        note: bool,
        spans: Vec<Span>,
    },
    /// A bulleted list (nothing when `items` is empty), and what stands for the items left
    /// out, if any.
    List {
        /// HTML class of the list.
        class: Option<&'static str>,
        items: Vec<Vec<Span>>,
        more: Option<Vec<Span>>,
    },
    /// A figure with its number (numbered continuously through the report).
    Figure {
        number: usize,
        figure: &'a Figure,
    },
    Pairs(Pairs),
    Listing(Listing),
    /// Shown in `report.html` only: `report.md` has always left the reference list to
    /// `ptce cite` and the note on timings to the manifest.
    HtmlOnly(Box<Block<'a>>),
}

/// A numbered section of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Section<'a> {
    /// Stable id (the HTML anchor).
    pub id: &'static str,
    pub title: &'static str,
    pub blocks: Vec<Block<'a>>,
}

/// The report: title, the line under it, and the sections in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Document<'a> {
    pub lang: Language,
    pub title: String,
    /// Version, reference date and seed.
    pub byline: Vec<Span>,
    pub sections: Vec<Section<'a>>,
}

/// The text in the language of the report.
pub(crate) fn tr(lang: Language, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Fr => fr,
        Language::En => en,
    }
}

/// Section ids and titles, in order.
pub(crate) fn sections(lang: Language) -> [(&'static str, &'static str); 9] {
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
        (
            "relations",
            tr(lang, "Qui coopère avec qui", "Who cooperates with whom"),
        ),
        ("methods", tr(lang, "Méthodes", "Methods")),
        ("provenance", tr(lang, "Provenance", "Provenance")),
    ]
}

/// A count as shown in the report (`12 345` / `12,345`).
fn count(x: usize, lang: Language) -> String {
    escape::text_number(&escape::shown_int(x as i64), lang)
}

/// The summary as `(label, value)` rows.
fn summary_rows(s: &Summary, lang: Language) -> Vec<(Span, Span)> {
    let n = |x: usize| text(count(x, lang));
    vec![
        (plain(tr(lang, "PTCE", "PTCEs")), n(s.ptces)),
        (
            plain(tr(lang, "Organisations", "Organizations")),
            n(s.organizations),
        ),
        (
            plain(tr(lang, "Adhésions", "Memberships")),
            n(s.memberships),
        ),
        (
            plain(tr(lang, "Liens de coopération", "Cooperation ties")),
            n(s.ties),
        ),
        (plain(tr(lang, "PTCE urbains", "Urban PTCEs")), n(s.urban)),
        (plain(tr(lang, "PTCE ruraux", "Rural PTCEs")), n(s.rural)),
        (
            plain(tr(lang, "Territoire inconnu", "Territory unknown")),
            n(s.territory_unknown),
        ),
        (
            plain(tr(lang, "Date de référence", "Reference date")),
            text(s.reference_date.clone()),
        ),
    ]
}

/// Text explaining the models.
fn models_note(lang: Language) -> &'static str {
    tr(
        lang,
        "Chaque mesure est modélisée selon le territoire, la taille du réseau (log n) et les covariables de study.toml : densité par un GLM quasi-binomial, mesures bornées dans [0, 1] par un logit fractionnaire (erreurs HC0), mesures non bornées par les moindres carrés (erreurs HC3), comptes et degré moyen par un modèle quasi-Poisson (erreurs HC0). L'effet marginal moyen compare chaque PTCE à lui-même, classé dans l'autre groupe, à taille égale ; méthode delta pour l'IC à 95 %. p ajustées (Benjamini-Hochberg) sur les mesures principales d'une même étape. Les tests de rang sans ajustement suivent, comme contrôle de robustesse.",
        "Each measure is modelled on territory, network size (log n) and the covariates of study.toml: density by a quasi-binomial GLM, measures bounded in [0, 1] by a fractional logit (HC0 errors), unbounded measures by least squares (HC3 errors), counts and mean degree by a quasi-Poisson model (HC0 errors). The average marginal effect compares each PTCE with itself placed in the other group, at equal size; delta-method 95% CI. p-values adjusted (Benjamini-Hochberg) over the primary measures of one snapshot. The unadjusted rank tests follow as a robustness check.",
    )
}

/// Text explaining the comparison columns.
fn comparison_note(lang: Language) -> &'static str {
    tr(
        lang,
        "Test de Mann-Whitney bilatéral ; p ajustées par la procédure de Benjamini-Hochberg ; taille d'effet : delta de Cliff (négligeable < 0,147 ≤ petit < 0,33 ≤ moyen < 0,474 ≤ grand, Romano et al. 2006). Les valeurs p inférieures à 0,001 sont affichées « < 0,001 ». Durées d'étape (duration_days) comparées avec les PTCE encore dans l'étape (censurés) : test de Gray là où l'on peut quitter l'étape de façons concurrentes (S1, S2), test du log-rank sinon (S3, D), voir la colonne test ; médiane de Kaplan-Meier.",
        "Two-sided Mann-Whitney test; p-values adjusted by the Benjamini-Hochberg procedure; effect size: Cliff's delta (negligible < 0.147 ≤ small < 0.33 ≤ medium < 0.474 ≤ large, Romano et al. 2006). p-values below 0.001 are shown as \"< 0.001\". Stage durations (duration_days) are compared with the PTCEs still in the stage included as censored: Gray's test where a stage can be left in competing ways (S1, S2), the log-rank test otherwise (S3, D), see the test column; Kaplan-Meier median.",
    )
}

fn paragraph<'a>(note: bool, spans: Vec<Span>) -> Block<'a> {
    Block::Paragraph { note, spans }
}

fn list<'a>(items: &[String]) -> Block<'a> {
    Block::List {
        class: None,
        items: items.iter().map(|s| vec![text(s.clone())]).collect(),
        more: None,
    }
}

/// A result table: its first [`MAX_ROWS`] rows as display text, then a note pointing to the
/// full table when rows were left out.
fn table_blocks<'a>(section: &TableSection<'_>, lang: Language, out: &mut Vec<Block<'a>>) {
    let t = section.table;
    let columns: Vec<(bool, Vec<Cell>)> = t
        .columns
        .iter()
        .map(|c| (escape::is_numeric(c), escape::display_cells(c)))
        .collect();
    let rows = (0..t.height().min(MAX_ROWS))
        .map(|i| {
            columns
                .iter()
                .map(|(_, cells)| match cells.get(i) {
                    Some(Cell::Text(s)) => text(*s),
                    Some(Cell::Number(n)) => text(escape::text_number(n, lang)),
                    Some(Cell::Missing) | None => plain("—"),
                })
                .collect()
        })
        .collect();
    out.push(Block::Listing(Listing {
        caption: Some(text(section.caption.clone())),
        caption_in_markdown: true,
        columns: t
            .columns
            .iter()
            .zip(&columns)
            .map(|(c, (numeric, _))| (text(c.name.clone()), *numeric))
            .collect(),
        rows,
    }));
    if t.height() > MAX_ROWS {
        out.push(paragraph(
            true,
            vec![
                plain(tr(lang, "Premières lignes :", "First rows:")),
                plain(format!(" {MAX_ROWS} / {} — ", t.height())),
                Span::Code(format!("tables/{}.csv", t.name)),
            ],
        ));
    }
}

fn quality<'a>(warnings: &[String], lang: Language) -> Vec<Block<'a>> {
    if warnings.is_empty() {
        let none = tr(
            lang,
            "Aucun avertissement de validation.",
            "No validation warning.",
        );
        return vec![paragraph(false, vec![plain(none)])];
    }
    let label = tr(lang, "Avertissements de validation", "Validation warnings");
    vec![
        paragraph(false, vec![plain(format!("{label} : {}", warnings.len()))]),
        Block::List {
            class: Some("warn"),
            items: warnings
                .iter()
                .take(MAX_WARNINGS)
                .map(|w| vec![text(w.clone())])
                .collect(),
            more: (warnings.len() > MAX_WARNINGS)
                .then(|| vec![plain("… "), Span::Code("tables/validation.csv".to_string())]),
        },
    ]
}

fn comparison<'a>(input: &'a ReportInput<'_>, lang: Language) -> Vec<Block<'a>> {
    let mut blocks = Vec::new();
    if let Some(m) = &input.models {
        blocks.push(Block::Heading(tr(
            lang,
            "Effets du territoire à taille égale",
            "Territory effects at equal size",
        )));
        blocks.push(paragraph(true, vec![text(models_note(lang))]));
        blocks.push(list(&m.sentences));
        if let Some(f) = &m.figure {
            blocks.push(Block::Figure {
                number: input.figures.len() + input.timelines.len() + 1,
                figure: f,
            });
        }
        table_blocks(&m.table, lang, &mut blocks);
        blocks.push(Block::Heading(tr(
            lang,
            "Tests de rang sans ajustement (robustesse)",
            "Unadjusted rank tests (robustness)",
        )));
    }
    match &input.comparison {
        Some(t) => {
            blocks.push(paragraph(true, vec![text(comparison_note(lang))]));
            table_blocks(t, lang, &mut blocks);
        }
        None => blocks.push(paragraph(
            false,
            vec![plain(tr(
                lang,
                "Pas de comparaison : il faut des PTCE urbains et ruraux.",
                "No comparison: it needs both urban and rural PTCEs.",
            ))],
        )),
    }
    blocks
}

/// Text explaining the relational section.
fn relations_note(lang: Language) -> &'static str {
    tr(
        lang,
        "Matrice de mélange : part des liens entre deux types d'acteurs, observée et attendue si chaque réseau gardait son nombre de liens placés au hasard entre ses paires de membres (modèle nul G(n, m) de chaque réseau). Rapports de cotes : logit conditionnel de Chamberlain regroupé par réseau (chaque réseau compare ses propres paires ; les variables de niveau réseau n'y sont identifiées qu'en interaction), erreurs robustes par PTCE (sandwich::vcovCL). Courtage : rôles de Gould et Fernandez et leurs scores z sous un graphe de Bernoulli de même taille et densité (sna::brokerage). Les paires de deux non-répondants d'une enquête (règle reconstructed) sont exclues.",
        "Mixing matrix: share of ties between two actor types, observed and expected if each network kept its number of ties placed at random among its pairs of members (the G(n, m) null of each network). Odds ratios: Chamberlain's conditional logit pooled by network (each network compares its own pairs; network-level variables are identified only in interactions), errors clustered by PTCE (sandwich::vcovCL). Brokerage: Gould and Fernandez roles and their z-scores under a Bernoulli graph of the same size and density (sna::brokerage). Pairs of two non-respondents of a survey (reconstructed rule) are left out.",
    )
}

/// The blocks of "Who cooperates with whom"; figures numbered from `number` on.
fn relations<'a>(input: &'a ReportInput<'_>, lang: Language, mut number: usize) -> Vec<Block<'a>> {
    let Some(r) = &input.relations else {
        return vec![paragraph(
            false,
            vec![plain(tr(
                lang,
                "Analyse relationnelle non calculée ([relations] enabled = false).",
                "Relational analysis not computed ([relations] enabled = false).",
            ))],
        )];
    };
    let mut blocks = vec![
        paragraph(true, vec![text(relations_note(lang))]),
        list(&r.sentences),
    ];
    for f in r.mixing_figure.iter().chain(&r.forest_figure) {
        blocks.push(Block::Figure { number, figure: f });
        number += 1;
    }
    if let Some(t) = &r.mixing {
        table_blocks(t, lang, &mut blocks);
    }
    blocks.push(Block::Heading(tr(
        lang,
        "Courtiers au-delà du hasard",
        "Brokers beyond chance",
    )));
    blocks.push(list(&r.broker_sentences));
    if let Some(t) = &r.brokers {
        table_blocks(t, lang, &mut blocks);
    }
    blocks
}

fn methods<'a>(methods: &[Method], lang: Language) -> Vec<Block<'a>> {
    let header = [
        tr(lang, "Mesure", "Measure"),
        tr(lang, "Formule", "Formula"),
        tr(lang, "Convention", "Convention"),
        tr(lang, "Référence", "Reference"),
    ];
    let table = Listing {
        caption: None,
        caption_in_markdown: false,
        columns: header.iter().map(|h| (plain(*h), false)).collect(),
        rows: methods
            .iter()
            .map(|m| {
                vec![
                    Span::Id(m.name.to_string()),
                    text(m.formula),
                    text(m.convention(lang)),
                    text(m.cited()),
                ]
            })
            .collect(),
    };
    let mut keys: Vec<&str> = methods
        .iter()
        .flat_map(|m| m.references.iter().copied())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let references = Block::List {
        class: Some("note"),
        items: keys
            .iter()
            .filter_map(|k| reference(k))
            .map(|r| vec![text(r.short), plain(" — "), Span::Code(r.key.to_string())])
            .collect(),
        more: None,
    };
    vec![
        Block::Listing(table),
        paragraph(
            true,
            vec![
                plain(tr(
                    lang,
                    "Références complètes (BibTeX) :",
                    "Full references (BibTeX):",
                )),
                plain(" "),
                Span::Code("ptce cite".to_string()),
                plain("."),
            ],
        ),
        Block::HtmlOnly(Box::new(references)),
    ]
}

fn provenance<'a>(p: &ReportProvenance, lang: Language) -> Vec<Block<'a>> {
    let seed = tr(lang, "graine", "seed");
    let mut blocks = vec![paragraph(
        false,
        vec![
            plain("ptce "),
            text(p.version.clone()),
            plain(format!(" · {seed} {}", p.seed)),
        ],
    )];
    if !p.options.is_empty() {
        blocks.push(Block::Pairs(Pairs {
            caption: Some(tr(lang, "Options", "Options")),
            key_title: Some(tr(lang, "Option", "Option")),
            numeric: false,
            rows: p
                .options
                .iter()
                .map(|(k, v)| (Span::Id(k.clone()), Span::Id(v.clone())))
                .collect(),
        }));
    }
    if !p.inputs.is_empty() {
        blocks.push(Block::Listing(Listing {
            caption: Some(plain(tr(lang, "Fichiers d'entrée", "Input files"))),
            caption_in_markdown: false,
            columns: vec![
                (plain(tr(lang, "Fichier", "File")), false),
                (plain(tr(lang, "Lignes", "Rows")), true),
                (plain("SHA-256"), false),
            ],
            rows: p
                .inputs
                .iter()
                .map(|(file, rows, sha)| {
                    let rows = rows.map_or("—".to_string(), |r| count(r, lang));
                    vec![Span::Id(file.clone()), text(rows), Span::Id(sha.clone())]
                })
                .collect(),
        }));
    }
    blocks.push(Block::HtmlOnly(Box::new(paragraph(
        true,
        vec![plain(tr(
            lang,
            "Les durées, le nombre de fils d'exécution et la ligne de commande sont dans manifest.json (clé run) : ce rapport est identique d'une exécution à l'autre.",
            "Timings, thread count and command line are in manifest.json (key run): this report is identical from one run to the next.",
        ))],
    ))));
    blocks
}

impl<'a> Document<'a> {
    /// The report of `input`: sections summary, data quality, stage timelines, figures, main
    /// tables, urban/rural comparison, who cooperates with whom, methods, provenance, in that
    /// order.
    ///
    /// # Arguments
    /// * `input` — what to show; figures are borrowed, not copied.
    ///
    /// # Returns
    /// The model both renderers write, a pure function of `input` (nothing that varies
    /// between reruns: no time, thread count or command line).
    ///
    /// # Complexity
    /// O(size of the input), tables cut at [`MAX_ROWS`] rows and warnings at
    /// [`MAX_WARNINGS`].
    ///
    /// # Examples
    /// ```
    /// use ptce::config::Language;
    /// use ptce::report::cite::METHODS;
    /// use ptce::report::document::{Document, ReportInput, ReportProvenance, Summary};
    /// let input = ReportInput {
    ///     lang: Language::En, title: "Study".into(), summary: Summary::default(),
    ///     warnings: vec![], timelines: vec![], figures: vec![], tables: vec![], comparison: None,
    ///     models: None, stage_sentences: vec![], relations: None, methods: METHODS,
    ///     provenance: ReportProvenance::default(),
    /// };
    /// let doc = Document::new(&input);
    /// assert_eq!(doc.sections.len(), 9);
    /// assert_eq!(doc.sections[0].id, "summary");
    /// ```
    pub fn new(input: &'a ReportInput<'_>) -> Document<'a> {
        let lang = input.lang;
        let secs = sections(lang);
        let mut number = 0;
        let mut figures = |list: &'a [Figure]| -> Vec<Block<'a>> {
            if list.is_empty() {
                let none = tr(lang, "Aucune figure.", "No figure.");
                return vec![paragraph(true, vec![plain(none)])];
            }
            list.iter()
                .map(|figure| {
                    number += 1;
                    Block::Figure { number, figure }
                })
                .collect()
        };
        let mut timelines = figures(input.timelines.as_slice());
        timelines.push(list(&input.stage_sentences));
        let other_figures = figures(input.figures.as_slice());
        let mut tables = Vec::new();
        for t in &input.tables {
            table_blocks(t, lang, &mut tables);
        }
        let summary = Block::Pairs(Pairs {
            caption: None,
            key_title: None,
            numeric: true,
            rows: summary_rows(&input.summary, lang),
        });
        let blocks = [
            vec![summary],
            quality(&input.warnings, lang),
            timelines,
            other_figures,
            tables,
            comparison(input, lang),
            relations(
                input,
                lang,
                number + 1 + usize::from(input.models.as_ref().is_some_and(|m| m.figure.is_some())),
            ),
            methods(input.methods, lang),
            provenance(&input.provenance, lang),
        ];
        let p = &input.provenance;
        Document {
            lang,
            title: input.title.clone(),
            byline: vec![
                plain("ptce "),
                text(p.version.clone()),
                plain(format!(
                    " · {} ",
                    tr(lang, "date de référence", "reference date")
                )),
                text(input.summary.reference_date.clone()),
                plain(format!(" · {} {}", tr(lang, "graine", "seed"), p.seed)),
            ],
            sections: secs
                .into_iter()
                .zip(blocks)
                .map(|((id, title), blocks)| Section { id, title, blocks })
                .collect(),
        }
    }
}
