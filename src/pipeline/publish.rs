//! The publication step: LaTeX versions of the results tables, Gephi/igraph exports of every
//! PTCE's network, and the report (`report.html`, `report.md`). Pure: returns files as bytes.

use crate::config::{Language, ReportKind};
use crate::model::{Membership, Tie};
use crate::network::Network;
use crate::report::cite::METHODS;
use crate::report::document::{
    Document, Figure, ModelsSection, RelationsSection, ReportInput, ReportProvenance, Summary,
    TableSection,
};
use crate::report::explorer::interactive;
use crate::report::gexf::to_gexf;
use crate::report::graph::ExportNetwork;
use crate::report::graphml::to_graphml;
use crate::report::html::{report_html, report_html_interactive};
use crate::report::latex::to_latex;
use crate::report::markdown::report_md;
use crate::study::Study;
use crate::table::Table;
use crate::validate::{Severity, ValidationReport};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Tables that are cleaned inputs (and the validation listing), not results: no LaTeX version.
pub const INPUT_TABLES: &[&str] = &[
    "ptces",
    "organizations",
    "memberships",
    "ties",
    "activities",
    "participations",
    "events",
    "validation",
    "enrichment",
];

/// A file name stem safe on every file system: ASCII letters, digits, `-` and `_` kept, anything
/// else replaced by `_`; stems that collide once made safe get a numeric suffix, in input order.
///
/// # Examples
/// ```
/// use ptce::pipeline::publish::safe_stems;
/// assert_eq!(safe_stems(&["P/1", "P:1", "Été"]), vec!["P_1", "P_1-2", "_t_"]);
/// ```
pub fn safe_stems(ids: &[&str]) -> Vec<String> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    ids.iter()
        .map(|id| {
            let base: String = id
                .chars()
                .take(100)
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let base = if base.is_empty() {
                "_".to_string()
            } else {
                base
            };
            let mut stem = base.clone();
            let mut k = 2;
            while !seen.insert(stem.to_lowercase()) {
                stem = format!("{base}-{k}");
                k += 1;
            }
            stem
        })
        .collect()
}

fn caption(name: &str, lang: Language) -> String {
    let (fr, en) = match name {
        "node_metrics" => (
            "Mesures des membres, par PTCE et par étape",
            "Member measures, by PTCE and stage",
        ),
        "network_metrics" => (
            "Mesures des réseaux, par PTCE et par étape",
            "Network measures, by PTCE and stage",
        ),
        "stages" => (
            "Étapes de création de chaque PTCE",
            "Stages of creation of each PTCE",
        ),
        "comparison" => (
            "Comparaison des territoires urbains et ruraux",
            "Urban/rural comparison",
        ),
        "survival_tests" => (
            "Délai de formalisation : tests du log-rank",
            "Time to formalize: log-rank tests",
        ),
        "diversity" => ("Indices de diversité", "Diversity indices"),
        "survey" => (
            "Enquête : taux de réponse, réciprocité et dyades inconnues, par PTCE et par vague",
            "Survey: response rate, reciprocity and unknown dyads, by PTCE and wave",
        ),
        "mixing_matrix" => (
            "Matrice de mélange des types d'acteurs (ensemble de l'historique) : liens observés et attendus",
            "Actor-type mixing matrix (whole history): observed and expected ties",
        ),
        "brokers" => (
            "Membres dont le score z de courtage total dépasse 1,96, par PTCE (ensemble de l'historique)",
            "Members whose total brokerage z-score exceeds 1.96, by PTCE (whole history)",
        ),
        "models_summary" => (
            "Effets du territoire à taille égale (effets marginaux moyens, IC à 95 %)",
            "Territory effects at equal size (average marginal effects, 95% CI)",
        ),
        "models" => (
            "Modèles ajustés sur la taille : coefficients",
            "Size-adjusted models: coefficients",
        ),
        "model_fit" => ("Ajustement des modèles", "Model fit"),
        _ => ("", ""),
    };
    let text = if lang == Language::Fr { fr } else { en };
    if text.is_empty() {
        name.replace('_', " ")
    } else {
        text.to_string()
    }
}

/// Tables longer than this are not written as LaTeX: a longtable of more rows (some 400
/// pages) is no table for a thesis, and TeX would run out of memory compiling it.
pub const LATEX_MAX_ROWS: usize = 20_000;

/// LaTeX version of every results table of at most [`LATEX_MAX_ROWS`] rows:
/// `tables/<name>.tex`, made in parallel and handed to `sink` in table order.
///
/// # Errors
/// The first error of `sink`.
pub fn latex_files<E>(tables: &[Table], lang: Language, sink: &mut Sink<'_, E>) -> Result<(), E> {
    let wanted: Vec<&Table> = tables
        .iter()
        .filter(|t| !INPUT_TABLES.contains(&t.name.as_str()) && t.height() <= LATEX_MAX_ROWS)
        .collect();
    let files: Vec<(String, Vec<u8>)> = wanted
        .par_iter()
        .map(|t| {
            let tex = to_latex(t, &caption(&t.name, lang), &format!("tab:{}", t.name), lang);
            (format!("tables/{}.tex", t.name), tex.into_bytes())
        })
        .collect();
    for (path, bytes) in files {
        sink(path, bytes)?;
    }
    Ok(())
}

/// Where finished files go: (relative path, bytes).
pub type Sink<'a, E> = dyn FnMut(String, Vec<u8>) -> Result<(), E> + 'a;

/// PTCEs exported per parallel batch: bounds the exports held in memory at once.
const EXPORT_BATCH: usize = 256;

/// GEXF (with dynamic spells) and GraphML of the `all` network of every PTCE:
/// `networks/<ptce>.gexf`, `networks/<ptce>.graphml`, made in parallel batches of
/// [`EXPORT_BATCH`] PTCEs and handed to `sink` in PTCE order. A PTCE without an `all` network
/// is exported empty.
///
/// # Arguments
/// * `study` — the PTCEs (in order), memberships and ties (for the spells).
/// * `nets` — every network, in the order of the rows of `node_metrics`.
/// * `node_metrics` — the node measures, one row per node of `nets` in order (every column
///   but the keys becomes a node attribute).
/// * `sink` — where the files go.
///
/// # Errors
/// The first error of `sink`.
///
/// # Complexity
/// O(nodes · (columns + memberships) + edges · ties) per PTCE, plus the study's records
/// grouped once.
pub fn graph_files<E>(
    study: &Study,
    nets: &[Network],
    node_metrics: &Table,
    sink: &mut Sink<'_, E>,
) -> Result<(), E> {
    let ids: Vec<&str> = study.ptces.iter().map(|p| p.ptce_id.as_str()).collect();
    let stems = safe_stems(&ids);
    // Memberships and ties grouped by PTCE once, not filtered again for every PTCE.
    let mut mems: BTreeMap<&str, Vec<Membership>> = BTreeMap::new();
    for m in &study.memberships {
        mems.entry(m.ptce_id.as_str()).or_default().push(m.clone());
    }
    let mut ties: BTreeMap<&str, Vec<Tie>> = BTreeMap::new();
    for t in study.ties.as_deref().unwrap_or_default() {
        ties.entry(t.ptce_id.as_str()).or_default().push(t.clone());
    }
    // The `all` network of each PTCE and the row of its first node, found in one pass.
    let mut all: BTreeMap<&str, (&Network, usize)> = BTreeMap::new();
    let mut row = 0;
    for n in nets {
        if n.snapshot == crate::network::ALL {
            all.insert(n.ptce_id.as_str(), (n, row));
        }
        row += n.nodes.len();
    }
    let (no_mems, no_ties) = (Vec::new(), Vec::new());
    let export = |id: &str, stem: &String| {
        let m = mems.get(id).unwrap_or(&no_mems);
        let t = ties.get(id).unwrap_or(&no_ties);
        let net = match all.get(id) {
            Some(&(net, first_row)) => {
                ExportNetwork::from_network(net, node_metrics, first_row, m, t)
            }
            None => ExportNetwork {
                id: id.to_string(),
                ..ExportNetwork::default()
            },
        };
        [
            (format!("networks/{stem}.gexf"), to_gexf(&net).into_bytes()),
            (
                format!("networks/{stem}.graphml"),
                to_graphml(&net).into_bytes(),
            ),
        ]
    };
    let batches: Vec<(&[&str], &[String])> = ids
        .chunks(EXPORT_BATCH)
        .zip(stems.chunks(EXPORT_BATCH))
        .collect();
    // One PTCE per task, results in PTCE order (rayon's indexed collect); a batch is made while
    // the one before is written.
    let make = |b: usize| -> Vec<[(String, Vec<u8>); 2]> {
        let (ids, stems) = batches[b];
        ids.par_iter()
            .zip(stems)
            .map(|(id, stem)| export(id, stem))
            .collect()
    };
    super::overlap::overlapped(batches.len(), make, |files| {
        for (path, bytes) in files.into_iter().flatten() {
            sink(path, bytes)?;
        }
        Ok(())
    })
}

/// Files to write, as (relative path, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// Every figure (`figures/<name>.<ext>`, `figures/index.csv`) in the formats, size and
/// language of the study, handed to `sink` batch by batch as they are converted (so a study of
/// thousands of PTCEs never holds all its figures), and the SVG figures for the report (with
/// their captions), returned.
///
/// # Errors
/// The charts module's error when a figure cannot be drawn (as `E`), or the sink's.
pub fn figure_files<E: From<crate::charts::ChartError>>(
    study: &Study,
    tables: &[Table],
    seed: u64,
    sink: &mut Sink<'_, E>,
) -> Result<Vec<Figure>, E> {
    use crate::charts::{figure_index, render_figures_to, FigureOptions, Format};
    use crate::config::FigureSet;
    let cfg = &study.config.figures;
    if cfg.set == FigureSet::None {
        return Ok(Vec::new());
    }
    let mut formats: Vec<Format> = cfg.formats.clone();
    // The report embeds the SVG: always draw it.
    if !formats.contains(&Format::Svg) {
        formats.insert(0, Format::Svg);
    }
    let opts = FigureOptions {
        lang: study.config.language,
        formats: formats.clone(),
        size: cfg.size,
        seed,
        per_ptce: cfg.set == FigureSet::All,
    };
    let index = figure_index(tables, &opts);
    // Caption of each file: the first row of the index naming it (with or without `figures/`).
    let mut captions: HashMap<String, String> = HashMap::new();
    if let (Some(f), Some(c)) = (index.column("file"), index.column("caption")) {
        if let (crate::table::Values::Str(f), crate::table::Values::Str(c)) = (&f.values, &c.values)
        {
            for (i, x) in f.iter().enumerate() {
                let Some(x) = x else { continue };
                let caption = c.get(i).unwrap_or_default();
                for key in [x.to_string(), format!("figures/{x}")] {
                    captions.entry(key).or_insert_with(|| caption.to_string());
                }
            }
        }
    }
    let mut figures = Vec::new();
    let svg_wanted = cfg.formats.contains(&Format::Svg);
    render_figures_to(tables, &opts, &mut |path: String, bytes: Vec<u8>| {
        if let Some(stem) = path
            .strip_prefix("figures/")
            .and_then(|p| p.strip_suffix(".svg"))
        {
            // Per-PTCE network figures stay out of the report (there may be hundreds).
            if !stem.starts_with("network_") {
                figures.push(Figure {
                    id: stem.to_string(),
                    caption: captions.get(&path).cloned().unwrap_or_default(),
                    svg: String::from_utf8_lossy(&bytes).into_owned(),
                    file: path.clone(),
                });
            }
            if !svg_wanted {
                return Ok(());
            }
        }
        sink(path, bytes)
    })?;
    let index_csv = crate::report::csv::to_csv(&index, false).unwrap_or_default();
    sink("figures/index.csv".to_string(), index_csv)?;
    Ok(figures)
}

/// The reference group of the models: the first group of `model_data` that has no effect row.
fn reference_group(tables: &[Table]) -> String {
    let column = |t: &str, c: &str| -> Vec<String> {
        match tables
            .iter()
            .find(|x| x.name == t)
            .and_then(|x| x.column(c))
            .map(|c| &c.values)
        {
            Some(crate::table::Values::Str(v)) => v.iter().flatten().map(str::to_string).collect(),
            _ => Vec::new(),
        }
    };
    let effects: BTreeSet<String> = column("models", "term")
        .iter()
        .filter_map(|t| t.strip_prefix("ame:group[")?.strip_suffix(']'))
        .map(str::to_string)
        .collect();
    column("model_data", "group")
        .into_iter()
        .find(|g| !effects.contains(g))
        .unwrap_or_else(|| "urban".to_string())
}

/// `report.html` and `report.md`.
pub fn report_files(
    study: &Study,
    report: &ValidationReport,
    tables: &[Table],
    figures: Vec<Figure>,
    seed: u64,
) -> Vec<(String, Vec<u8>)> {
    let lang = study.config.language;
    let find = |name: &str| tables.iter().find(|t| t.name == name);
    let groups = find("territories")
        .and_then(|t| t.column("group"))
        .map(|c| match &c.values {
            crate::table::Values::Str(v) => v.to_vec(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    let count = |g: &str| groups.iter().filter(|x| x.as_deref() == Some(g)).count();
    let summary = Summary {
        ptces: study.ptces.len(),
        organizations: study.organizations.len(),
        memberships: study.memberships.len(),
        ties: study.ties.as_ref().map_or(0, Vec::len),
        urban: count("urban"),
        rural: count("rural"),
        territory_unknown: groups.iter().filter(|x| x.is_none()).count(),
        reference_date: study.reference_date.to_string(),
    };
    let warnings = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .map(|p| p.to_string())
        .collect();
    // A survey study shows its response rates (low-response networks are also in the warnings).
    let main: Vec<TableSection<'_>> = ["stages", "survey", "network_metrics", "survival_tests"]
        .iter()
        .filter_map(|n| {
            find(n).map(|t| TableSection {
                caption: caption(n, lang),
                table: t,
            })
        })
        .collect();
    let comparison = find("comparison").map(|t| TableSection {
        caption: caption("comparison", lang),
        table: t,
    });
    let options = serde_json::to_value(&study.config)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .map(|o| o.into_iter().map(|(k, v)| (k, v.to_string())).collect())
        .unwrap_or_default();
    let (timelines, figures): (Vec<Figure>, Vec<Figure>) = figures.into_iter().partition(|f| {
        f.id.starts_with("stage_timeline")
            || f.id == "cumulative_incidence"
            || f.id == "event_models_forest"
    });
    let (forest, figures): (Vec<Figure>, Vec<Figure>) =
        figures.into_iter().partition(|f| f.id == "models_forest");
    let (relational, figures): (Vec<Figure>, Vec<Figure>) = figures
        .into_iter()
        .partition(|f| f.id == "mixing_matrix" || f.id == "tie_models_forest");
    let mixing_all = find("mixing_matrix").map(super::relations::report::mixing_shown);
    let brokers = find("node_metrics").map(super::relations::report::brokers_table);
    let relations = find("dyad_data").map(|_| {
        let pick = |id: &str| relational.iter().find(|f| f.id == id).cloned();
        RelationsSection {
            sentences: super::relations::report::sentences(
                find("tie_models"),
                find("mixing_matrix"),
                lang,
            ),
            mixing_figure: pick("mixing_matrix"),
            forest_figure: pick("tie_models_forest"),
            mixing: mixing_all.as_ref().map(|t| TableSection {
                caption: caption("mixing_matrix", lang),
                table: t,
            }),
            brokers: brokers
                .as_ref()
                .filter(|t| t.height() > 0)
                .map(|t| TableSection {
                    caption: caption("brokers", lang),
                    table: t,
                }),
            broker_sentences: match (find("node_metrics"), &brokers) {
                (Some(n), Some(b)) => super::relations::report::broker_sentences(n, b, lang),
                _ => Vec::new(),
            },
        }
    });
    let models_summary = find("models").map(super::models::report::summary_table);
    let models = find("models")
        .zip(models_summary.as_ref())
        .map(|(m, summary)| ModelsSection {
            sentences: super::models::report::sentences(m, &reference_group(tables), lang),
            figure: forest.into_iter().next(),
            table: TableSection {
                caption: caption("models_summary", lang),
                table: summary,
            },
        });
    let input = ReportInput {
        lang,
        title: study
            .config
            .title
            .clone()
            .unwrap_or_else(|| "ptce".to_string()),
        summary,
        warnings,
        timelines,
        figures,
        tables: main,
        comparison,
        models,
        stage_sentences: super::events::report::sentences(tables, lang),
        relations,
        methods: METHODS,
        provenance: ReportProvenance {
            version: env!("CARGO_PKG_VERSION").to_string(),
            seed,
            options,
            inputs: study
                .inputs
                .iter()
                .map(|i| (i.file.clone(), i.rows, i.sha256.clone()))
                .collect(),
        },
    };
    // One model of the report, written in both formats.
    let doc = Document::new(&input);
    let width = crate::charts::theme::width_du(study.config.figures.size);
    let html = match study.config.report {
        ReportKind::Interactive => match interactive(tables, seed, lang, width) {
            Ok(data) => report_html_interactive(&doc, &data),
            // A table without its documented columns (not produced by a run): static page.
            Err(_) => report_html(&doc),
        },
        ReportKind::Static => report_html(&doc),
    };
    vec![
        ("report.html".to_string(), html.into_bytes()),
        ("report.md".to_string(), report_md(&doc).into_bytes()),
    ]
}
