//! Publication figures drawn from the run's result tables (issue 6).
//!
//! Figures read only documented columns of [`Table`]s (`docs/figures.md`), are drawn once with
//! plotters to SVG (text kept as text, bundled font named), and converted from that one SVG to
//! PNG (300 dpi) and PDF (font embedded) by [`render`]. Everything is deterministic: the same
//! tables, options and seed give the same bytes, whatever the number of rayon threads.

mod axes;
pub mod data;
pub mod draw;
#[doc(hidden)]
#[cfg(test)]
pub(crate) mod fixture;
pub mod i18n;
pub mod layout;
pub mod map;
mod panels;
pub mod render;
pub mod theme;

mod boundaries;
mod centrality;
mod comparison;
mod cumulative_incidence;
mod curves;
mod diversity;
mod event_models_forest;
mod mixing_matrix;
mod models_forest;
mod network;
mod practices;
mod ratio_forest;
mod stage_bands;
mod stage_timeline;
pub mod tie_models_forest;
mod time_to_formalize;
mod trajectories;

#[cfg(test)]
mod tests;

use crate::table::Table;
pub use i18n::Lang;
use rayon::prelude::*;
pub use theme::FigureSize;

pub use crate::config::Format;

/// What to draw and how.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureOptions {
    /// Language of labels and captions.
    pub lang: Lang,
    /// Formats written for every figure.
    pub formats: Vec<Format>,
    /// Physical width.
    pub size: FigureSize,
    /// Seed of the network layouts.
    pub seed: u64,
    /// Whether to draw the per-PTCE figures (`network_<ptce_id>`).
    pub per_ptce: bool,
}

impl Default for FigureOptions {
    fn default() -> Self {
        FigureOptions {
            lang: Lang::Fr,
            formats: vec![Format::Svg, Format::Png, Format::Pdf],
            size: FigureSize::Single,
            seed: 1,
            per_ptce: true,
        }
    }
}

/// Why a figure could not be drawn or converted.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// A table the figure needs lacks a documented column.
    #[error("table `{table}` has no column `{column}` (figure {figure})")]
    Column {
        figure: String,
        table: String,
        column: String,
    },
    /// plotters failed to draw.
    #[error("drawing figure {figure}: {message}")]
    Draw { figure: String, message: String },
    /// The SVG could not be parsed back (a bug).
    #[error("SVG: {0}")]
    Svg(#[source] resvg::usvg::Error),
    /// The canvas has no pixel (a figure of zero width or height: a bug).
    #[error("PNG: empty canvas")]
    EmptyCanvas,
    /// PNG encoding failed.
    #[error("PNG: {0}")]
    Png(#[source] png::EncodingError),
    /// PDF conversion failed (svg2pdf's error implements `Display` only: its text is kept).
    #[error("PDF: {0}")]
    Pdf(String),
    /// The bundled font could not be registered.
    #[error("the bundled font could not be loaded")]
    Font,
}

/// The kinds of figures, in the order of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    StageTimeline,
    Boundaries,
    Practices,
    Network,
    Trajectories,
    Comparison,
    Diversity,
    Centrality,
    TimeToFormalize,
    ModelsForest,
    CumulativeIncidence,
    EventModelsForest,
    MixingMatrix,
    TieModelsForest,
    Map,
}

/// One figure to draw (or to list as skipped).
#[derive(Debug, Clone)]
struct Planned {
    kind: Kind,
    /// File stem, e.g. `stage_timeline` or `network_P01`.
    name: String,
    /// Source table.
    source: &'static str,
    /// PTCE of a per-PTCE figure.
    ptce: Option<String>,
    /// Name of the missing table, when the figure is skipped.
    missing: Option<&'static str>,
}

/// A drawn figure: its SVG on a canvas of `width` × `height` units (0.1 mm).
#[derive(Debug, Clone)]
pub struct Drawn {
    pub svg: String,
    pub width: u32,
    pub height: u32,
}

fn kind_source(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::StageTimeline => ("stage_timeline", "stages"),
        Kind::Boundaries => ("boundaries", "stage_flows"),
        Kind::Practices => ("practices", "practices"),
        Kind::Network => ("network", "edges"),
        Kind::Trajectories => ("trajectories", "network_metrics"),
        Kind::Comparison => ("comparison", "comparison"),
        Kind::Diversity => ("diversity", "diversity"),
        Kind::Centrality => ("centrality", "node_metrics"),
        Kind::TimeToFormalize => ("time_to_formalize", "survival"),
        Kind::ModelsForest => ("models_forest", "models"),
        Kind::CumulativeIncidence => ("cumulative_incidence", "cumulative_incidence"),
        Kind::EventModelsForest => ("event_models_forest", "event_models"),
        Kind::MixingMatrix => ("mixing_matrix", "mixing_matrix"),
        Kind::TieModelsForest => ("tie_models_forest", "tie_models"),
        Kind::Map => ("map", "territories"),
    }
}

/// Lists the figures of a run, in index order: every figure of the set, skipped ones included.
fn plan(tables: &[Table], opts: &FigureOptions) -> Vec<Planned> {
    use Kind::*;
    let has = |n: &str| data::find(tables, n).is_some();
    let mut out = Vec::new();
    for kind in [
        StageTimeline,
        Boundaries,
        Practices,
        Network,
        Trajectories,
        Comparison,
        Diversity,
        Centrality,
        TimeToFormalize,
        ModelsForest,
        CumulativeIncidence,
        EventModelsForest,
        MixingMatrix,
        TieModelsForest,
        Map,
    ] {
        let (name, source) = kind_source(kind);
        let mut needs = vec![source];
        if kind == Network {
            needs.push("node_metrics");
            if !opts.per_ptce {
                continue;
            }
        }
        let missing = needs.iter().copied().find(|n| !has(n));
        if kind == Network && missing.is_none() {
            for id in network::ptce_ids(tables) {
                out.push(Planned {
                    kind,
                    name: format!("network_{}", data::file_safe(&id)),
                    source,
                    ptce: Some(id),
                    missing: None,
                });
            }
            continue;
        }
        out.push(Planned {
            kind,
            name: name.to_string(),
            source,
            ptce: None,
            missing,
        });
    }
    out
}

fn caption(p: &Planned, lang: Lang) -> String {
    let l = |fr: &str, en: &str| lang.pick(fr, en).to_string();
    match p.kind {
        Kind::StageTimeline => l(
            "Chronologie des étapes de chaque PTCE, groupés par territoire, ordonnés par premier événement.",
            "Stage timeline of every PTCE, grouped by territory, ordered by first event.",
        ),
        Kind::Boundaries => l(
            "Entrées et sorties de membres par type d’acteur à chaque étape.",
            "Members entering and leaving by actor type at each stage.",
        ),
        Kind::Practices => l(
            "Types de liens et secteurs d’activité par étape (parts).",
            "Tie kinds and activity sectors per stage (shares).",
        ),
        Kind::Network => {
            let id = p.ptce.clone().unwrap_or_default();
            match lang {
                Lang::Fr => format!("Réseau de coopération du PTCE {id} à chaque étape (disposition commune ; taille : intermédiarité)."),
                Lang::En => format!("Cooperation network of PTCE {id} at each stage (shared layout; size: betweenness)."),
            }
        }
        Kind::Trajectories => l(
            "Trajectoires : médiane et intervalle interquartile par étape, PTCE urbains et ruraux.",
            "Trajectories: median and interquartile range per stage, urban and rural PTCEs.",
        ),
        Kind::Comparison => l(
            "Comparaison urbain–rural par mesure, avec p ajusté et delta de Cliff.",
            "Urban–rural comparison per measure, with adjusted p-value and Cliff’s delta.",
        ),
        Kind::Diversity => l(
            "Diversité des membres : nombres de Hill d’ordre 0 à 2 par étape.",
            "Member diversity: Hill numbers of order 0–2 per stage.",
        ),
        Kind::Centrality => l(
            "Intermédiarité et rôles de courtage par type d’acteur.",
            "Betweenness and brokerage roles by actor type.",
        ),
        Kind::TimeToFormalize => l(
            "Courbes de Kaplan–Meier du délai jusqu’à S2 et S3 par groupe de territoire (IC à 95 %, + : censure).",
            "Kaplan–Meier curves of time to S2 and S3 per territory group (95% CI, +: censored).",
        ),
        Kind::ModelsForest => l(
            "Effets du territoire à taille égale : effet marginal moyen et IC à 95 % par mesure et par étape (modèles ajustés sur la taille).",
            "Territory effects at equal size: average marginal effect and 95% CI per measure and stage (size-adjusted models).",
        ),
        Kind::CumulativeIncidence => l(
            "Incidence cumulée (Aalen–Johansen) de chaque transition par groupe de territoire, IC à 95 % ; en pointillé, la dormance ou dissolution survenue d’abord.",
            "Cumulative incidence (Aalen–Johansen) of each transition per territory group, 95% CI; dotted: dormancy or dissolution first.",
        ),
        Kind::EventModelsForest => l(
            "Rapports de risques des modèles de Cox par cause et de Fine–Gray (IC à 95 %).",
            "Hazard ratios of the cause-specific Cox and Fine–Gray models (95% CI).",
        ),
        Kind::MixingMatrix => l(
            "Qui coopère avec qui : part des liens entre deux types d’acteurs, observée et attendue si chaque réseau plaçait ses liens au hasard (ensemble de l’historique).",
            "Who cooperates with whom: share of ties between two actor types, observed and expected if each network placed its ties at random (whole history).",
        ),
        Kind::TieModelsForest => l(
            "Rapports de cotes d’un lien entre deux membres (logit conditionnel regroupé par réseau, IC à 95 % robustes par PTCE).",
            "Odds ratios of a tie between two members (pooled conditional logit by network, 95% CI clustered by PTCE).",
        ),
        Kind::Map => l(
            "Les PTCE sur la carte : commune de chaque PTCE, couleur par groupe de territoire, surface par nombre de membres (encarts : départements d’outre-mer).",
            "The PTCEs on the map: each PTCE's commune, colour by territory group, area by number of members (insets: overseas departments).",
        ),
    }
}

fn draw_one(
    p: &Planned,
    tables: &[Table],
    opts: &FigureOptions,
    rows: &network::Rows,
) -> Result<Drawn, ChartError> {
    let ctx = draw::Ctx {
        lang: opts.lang,
        width: theme::width_du(opts.size),
        figure: p.name.clone(),
    };
    match p.kind {
        Kind::StageTimeline => stage_timeline::draw(tables, &ctx),
        Kind::Boundaries => boundaries::draw(tables, &ctx),
        Kind::Practices => practices::draw(tables, &ctx),
        Kind::Network => {
            let id = p.ptce.clone().unwrap_or_default();
            network::draw(tables, &ctx, &id, opts.seed, rows)
        }
        Kind::Trajectories => trajectories::draw(tables, &ctx),
        Kind::Comparison => comparison::draw(tables, &ctx),
        Kind::Diversity => diversity::draw(tables, &ctx),
        Kind::Centrality => centrality::draw(tables, &ctx),
        Kind::TimeToFormalize => time_to_formalize::draw(tables, &ctx),
        Kind::ModelsForest => models_forest::draw(tables, &ctx),
        Kind::CumulativeIncidence => cumulative_incidence::draw(tables, &ctx),
        Kind::EventModelsForest => event_models_forest::draw(tables, &ctx),
        Kind::MixingMatrix => mixing_matrix::draw(tables, &ctx),
        Kind::TieModelsForest => tie_models_forest::draw(tables, &ctx),
        Kind::Map => map::draw(tables, &ctx),
    }
}

/// Draws every figure whose tables are present and converts it to the requested formats.
///
/// # Arguments
/// * `tables` — the run's result tables (looked up by [`Table::name`]); absent ones skip figures.
/// * `opts` — language, formats, size, layout seed, per-PTCE figures.
///
/// # Returns
/// `(relative path, bytes)` pairs, e.g. `("figures/stage_timeline.svg", …)`, in index order
/// (figure, then format in the order of `opts.formats`). The caller writes them.
///
/// # Complexity
/// Drawing is linear in the table sizes except the network layouts (O(iterations · n²) per PTCE);
/// PNG rasterization dominates (≈ 1 Mpixel per single-column figure). Figures are drawn, then
/// converted, in parallel with rayon; results are collected in index order, so the bytes do not
/// depend on the number of threads.
///
/// # Errors
/// A [`ChartError`] if a present table lacks a documented column or a conversion fails.
///
/// # Examples
/// ```
/// use ptce::charts::{render_figures, FigureOptions, Format};
/// use ptce::table::Table;
/// let survival = Table::new("survival")
///     .str("group", [Some("urban"), Some("urban")])
///     .str("target", [Some("S2"), Some("S2")])
///     .float("time_days", [Some(0.0), Some(200.0)])
///     .int("n_risk", [Some(4), Some(4)])
///     .int("n_event", [Some(0), Some(2)])
///     .int("n_censor", [Some(0), Some(0)])
///     .float("surv", [Some(1.0), Some(0.5)])
///     .float("std_err", [Some(0.0), Some(0.25)])
///     .float("lower", [Some(1.0), Some(0.15)])
///     .float("upper", [Some(1.0), Some(0.85)]);
/// let opts = FigureOptions { formats: vec![Format::Svg], ..FigureOptions::default() };
/// let files = render_figures(&[survival], &opts).unwrap();
/// assert_eq!(files[0].0, "figures/time_to_formalize.svg");
/// ```
pub fn render_figures(
    tables: &[Table],
    opts: &FigureOptions,
) -> Result<Vec<(String, Vec<u8>)>, ChartError> {
    let mut files = Vec::new();
    render_figures_to(tables, opts, &mut |path, bytes| {
        files.push((path, bytes));
        Ok::<(), ChartError>(())
    })?;
    Ok(files)
}

/// Figures drawn and converted together: bounds what is held in memory at once (a study of
/// 10,000 PTCEs has 10,000 network figures, ≈ 0.5 MB each in three formats).
pub const FIGURE_BATCH: usize = 32;

/// [`render_figures`], handing each file to `emit` as soon as its batch of
/// [`FIGURE_BATCH`] figures is converted, in the same order, instead of collecting them: the
/// memory held is that of one batch, whatever the number of figures.
///
/// # Errors
/// The first [`ChartError`] (as `E`) of a figure, or the first error of `emit`; nothing is
/// emitted after an error.
pub fn render_figures_to<E: From<ChartError>>(
    tables: &[Table],
    opts: &FigureOptions,
    emit: &mut dyn FnMut(String, Vec<u8>) -> Result<(), E>,
) -> Result<(), E> {
    render_in_batches(tables, opts, FIGURE_BATCH, emit)
}

/// [`render_figures_to`] with batches of `batch` figures.
fn render_in_batches<E: From<ChartError>>(
    tables: &[Table],
    opts: &FigureOptions,
    batch: usize,
    emit: &mut dyn FnMut(String, Vec<u8>) -> Result<(), E>,
) -> Result<(), E> {
    if !theme::register_font() {
        return Err(ChartError::Font.into());
    }
    let todo: Vec<Planned> = plan(tables, opts)
        .into_iter()
        .filter(|p| p.missing.is_none())
        .collect();
    let rows = if todo.iter().any(|p| p.kind == Kind::Network) {
        network::rows(tables)?
    } else {
        network::Rows::default()
    };
    for batch in todo.chunks(batch.max(1)) {
        let drawn: Vec<Result<Drawn, ChartError>> = batch
            .par_iter()
            .map(|p| draw_one(p, tables, opts, &rows))
            .collect();
        let drawn: Vec<Drawn> = drawn.into_iter().collect::<Result<_, _>>()?;
        let jobs: Vec<(usize, Format)> = (0..drawn.len())
            .flat_map(|i| opts.formats.iter().map(move |f| (i, *f)))
            .collect();
        let files: Vec<Result<(String, Vec<u8>), ChartError>> = jobs
            .par_iter()
            .map(|(i, f)| {
                let d = &drawn[*i];
                let svg = render::set_physical_size(&d.svg, d.width, d.height);
                let bytes = match f {
                    Format::Svg => svg.into_bytes(),
                    Format::Png => render::to_png(&render::parse_svg(&svg)?)?,
                    Format::Pdf => render::to_pdf(&render::parse_svg(&svg)?)?,
                };
                Ok((format!("figures/{}.{}", batch[*i].name, f.ext()), bytes))
            })
            .collect();
        drop(drawn);
        let files: Vec<(String, Vec<u8>)> = files.into_iter().collect::<Result<_, _>>()?;
        for (path, bytes) in files {
            emit(path, bytes)?;
        }
    }
    Ok(())
}

/// The figure index, `figures/index.csv`: one row per file (or per skipped figure), with the
/// caption in the chosen language and the table the figure draws from.
///
/// # Arguments
/// * `tables`, `opts` — as given to [`render_figures`].
///
/// # Returns
/// A table named `index` with columns `figure`, `file` (empty when skipped), `caption`,
/// `source_table`, `status` (`drawn` or `skipped: table <name> absent`).
///
/// # Complexity
/// O(number of PTCEs); nothing is drawn.
pub fn figure_index(tables: &[Table], opts: &FigureOptions) -> Table {
    let mut figure = Vec::new();
    let mut file = Vec::new();
    let mut cap = Vec::new();
    let mut source = Vec::new();
    let mut status = Vec::new();
    for p in plan(tables, opts) {
        let c = caption(&p, opts.lang);
        let files: Vec<Option<String>> = match p.missing {
            Some(_) => vec![None],
            None => opts
                .formats
                .iter()
                .map(|f| Some(format!("figures/{}.{}", p.name, f.ext())))
                .collect(),
        };
        for f in files {
            figure.push(Some(p.name.clone()));
            file.push(f);
            cap.push(Some(c.clone()));
            source.push(Some(p.source.to_string()));
            status.push(Some(match p.missing {
                Some(m) => format!("skipped: table {m} absent"),
                None => "drawn".to_string(),
            }));
        }
    }
    Table::new("index")
        .str("figure", figure)
        .str("file", file)
        .str("caption", cap)
        .str("source_table", source)
        .str("status", status)
}
