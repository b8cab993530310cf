//! The study configuration, `study.toml`: optional, every key has a default.
//!
//! Unknown keys are refused (a typo such as `refrence_date` must not be silently ignored), with
//! the line and column of the key. `docs/data-format.md` documents every option; `ptce init`
//! writes a commented example.

use crate::date::PartialDate;
use serde::{Deserialize, Serialize};

/// Default seed when neither `study.toml` nor `--seed` gives one: the date of the law of
/// 31 July 2014 that defined PTCEs. A fixed default keeps reruns byte-identical.
pub const DEFAULT_SEED: u64 = 20_140_731;

/// Language of labels, captions and the report (`fr`, `en`): in `study.toml`, on the command
/// line (`--lang`), and in the figures (`charts::Lang` is this type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Fr,
    En,
}

impl Language {
    /// `fr` or `en`.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Fr => "fr",
            Language::En => "en",
        }
    }

    /// Picks the French or the English text.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Language::Fr => fr,
            Language::En => en,
        }
    }
}

/// Where the edges of a PTCE's cooperation network come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NetworkSource {
    /// Declared cooperation ties (`ties.csv`).
    #[default]
    Ties,
    /// Co-participation in joint activities (`activities.csv` × `participations.csv`).
    Activities,
    /// Both, summed per pair.
    Both,
}

impl NetworkSource {
    /// The layer(s) a network of this source is computed on, as the metric tables say it:
    /// `ties`, `activities` or `both`.
    pub fn as_str(self) -> &'static str {
        match self {
            NetworkSource::Ties => "ties",
            NetworkSource::Activities => "activities",
            NetworkSource::Both => "both",
        }
    }
}

/// One layer of cooperation whose networks `[network] layers` asks to measure on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    /// Declared or reported ties only.
    Ties,
    /// Co-participation in joint activities only.
    Activities,
}

impl Layer {
    /// The network source that builds this layer alone.
    pub fn source(self) -> NetworkSource {
        match self {
            Layer::Ties => NetworkSource::Ties,
            Layer::Activities => NetworkSource::Activities,
        }
    }
}

/// How co-participation in activities weighs an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityWeighting {
    /// Number of shared activities (networkx `weighted_projected_graph`).
    Count,
    /// Newman (2001): each activity with k participants adds 1/(k − 1) to each of its pairs
    /// (networkx `collaboration_weighted_projected_graph`). The default (`docs/metrics.md`):
    /// a 12-member activity does not weigh like 66 separate ties.
    #[default]
    Newman,
}

/// `[network]` options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkConfig {
    pub source: NetworkSource,
    pub activity_weighting: ActivityWeighting,
    /// Layers measured on their own besides the network of `source`, into the tables
    /// `node_metrics_layers` and `network_metrics_layers` (`docs/metrics.md`). Empty by default.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<Layer>,
    /// Networks of more nodes than this have their betweenness estimated from a sample of
    /// sources (Hoeffding bound, `docs/metrics.md`; one Brandes pass per twin class drawn, and
    /// exact when the twin classes are no more than those drawn). Default 5,000: every PTCE network is
    /// exact, the territory-level networks of a national-scale study are sampled; a very large
    /// value keeps every network exact.
    pub betweenness_sample_above: Option<usize>,
    /// Absolute error bound of a sampled betweenness (on the normalised value).
    pub betweenness_epsilon: f64,
    /// Probability that some node's sampled betweenness misses that bound.
    pub betweenness_delta: f64,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            source: NetworkSource::default(),
            activity_weighting: ActivityWeighting::default(),
            layers: Vec::new(),
            betweenness_sample_above: Some(5_000),
            betweenness_epsilon: 0.05,
            betweenness_delta: 0.1,
        }
    }
}

/// How members are weighted in compositions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    /// Each member counts 1.
    #[default]
    Count,
    /// Each member counts its `employees` (members without it are left out, and counted).
    Employees,
}

/// What to do with members or activities without NAF code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnknownNaf {
    /// Counted in an explicit `unknown` category.
    #[default]
    Category,
    /// Left out (and counted in `n_unknown`).
    Exclude,
}

/// `[diversity]` options.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiversityConfig {
    pub weighting: Weighting,
    pub unknown_naf: UnknownNaf,
    /// Disparity matrices supplied by the researcher, by dimension (`sector`, `actor_type`,
    /// `naf_section`, `naf_division`): file names in the study folder.
    pub disparity_files: std::collections::BTreeMap<String, String>,
}

/// Which figures a run draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FigureSet {
    /// Every figure, including one network figure per PTCE.
    #[default]
    All,
    /// The study-level figures only (no per-PTCE network figure).
    Summary,
    /// No figure.
    None,
}

/// Which `report.html` to write (`--report`, `report` in `study.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ReportKind {
    /// With the network explorer, the map's markers and sortable tables (one script, allowed
    /// by its hash; no network).
    #[default]
    Interactive,
    /// Without any script: the static page of earlier versions.
    Static,
}

/// Output format of a figure (`svg`, `png`, `pdf`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Svg,
    Png,
    Pdf,
}

impl Format {
    /// File extension.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }
}

/// Physical width of a figure (`single`, `double`, `thesis`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FigureSize {
    /// A journal's single column: 85 mm.
    #[default]
    Single,
    /// A journal's double column: 175 mm.
    Double,
    /// A thesis text block: 150 mm.
    Thesis,
}

impl FigureSize {
    /// Width in millimetres.
    pub fn width_mm(self) -> f64 {
        match self {
            FigureSize::Single => 85.0,
            FigureSize::Double => 175.0,
            FigureSize::Thesis => 150.0,
        }
    }
}

/// `[figures]` options (`docs/figures.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FiguresConfig {
    /// `all`, `summary` or `none`.
    pub set: FigureSet,
    /// Formats written: any of `svg`, `png`, `pdf`.
    pub formats: Vec<Format>,
    /// `single` (85 mm), `double` (175 mm) or `thesis`.
    pub size: FigureSize,
}

impl Default for FiguresConfig {
    fn default() -> Self {
        FiguresConfig {
            set: FigureSet::All,
            formats: vec![Format::Svg, Format::Png, Format::Pdf],
            size: FigureSize::Single,
        }
    }
}

/// The whole `study.toml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StudyConfig {
    /// Title shown in the report.
    pub title: Option<String>,
    /// Reference date of the study (`YYYY-MM-DD`, or partial). Default: the latest date found
    /// in the data — never the clock.
    pub reference_date: Option<String>,
    /// Seed of every random procedure; default [`DEFAULT_SEED`].
    pub seed: Option<u64>,
    pub language: Language,
    pub network: NetworkConfig,
    /// The stage model and snapshot mode (`docs/stages.md`).
    pub stages: crate::stages::StageModel,
    pub diversity: DiversityConfig,
    /// Territory classification and grouping (`docs/territory.md`).
    pub territory: crate::territory::TerritoryConfig,
    /// Comparison options (`docs/statistics.md`).
    pub comparison: crate::compare::CompareConfig,
    /// Size-adjusted models (`docs/statistics.md`).
    pub models: crate::compare::ModelsConfig,
    pub figures: FiguresConfig,
    /// `interactive` (default) or `static` `report.html` (`docs/outputs.md`).
    pub report: ReportKind,
    /// Bounds on the input files (`docs/reliability.md`), checked while loading.
    pub limits: crate::load::Limits,
    /// Event-history options (`docs/statistics.md` § Event history of formation).
    pub events: crate::events::EventsConfig,
    /// Who cooperates with whom: brokerage partition, dyads, tie models, QAP
    /// (`docs/statistics.md`).
    pub relations: crate::relations::config::RelationsConfig,
    /// How ties are read: dated, or survey reports (`docs/data-format.md`, issue 21).
    pub ties: crate::network::survey::TiesConfig,
    /// SIRENE enrichment of the members (`docs/data-format.md` § Enrichment, issue 19); left
    /// out of the manifest when unused, so that other studies' manifests keep their bytes.
    #[serde(skip_serializing_if = "crate::enrich::EnrichConfig::is_unused")]
    pub enrich: crate::enrich::EnrichConfig,
}

/// A problem in `study.toml`, with its position when known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("study.toml:{line}:{column}: {message}")]
pub struct ConfigError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl StudyConfig {
    /// Parses the text of `study.toml`.
    ///
    /// # Errors
    /// A [`ConfigError`] with the line and column of the first problem (TOML syntax, unknown
    /// key, value of the wrong type, reference date that is not a date).
    ///
    /// # Examples
    /// ```
    /// use ptce::config::{StudyConfig, NetworkSource};
    /// let c = StudyConfig::parse("title = \"Étude\"\n[network]\nsource = \"both\"\n").unwrap();
    /// assert_eq!(c.network.source, NetworkSource::Both);
    /// let e = StudyConfig::parse("refrence_date = \"2024\"\n").unwrap_err();
    /// assert_eq!((e.line, e.column), (1, 1));
    /// ```
    pub fn parse(text: &str) -> Result<StudyConfig, ConfigError> {
        let config: StudyConfig = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
            ConfigError {
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        let section = |name: &'static str| {
            let (line, column) = find_key(text, &format!("[{name}]"));
            move |e: String| ConfigError {
                line,
                column,
                message: format!("[{name}]: {e}"),
            }
        };
        config
            .territory
            .validate()
            .map_err(|e| section("territory")(e.to_string()))?;
        config
            .comparison
            .validate()
            .map_err(|e| section("comparison")(e.to_string()))?;
        config
            .models
            .validate()
            .map_err(|e| section("models")(e.to_string()))?;
        config.limits.validate().map_err(|e| section("limits")(e))?;
        config
            .events
            .validate()
            .map_err(|e| section("events")(e.to_string()))?;
        config.relations.validate().map_err(section("relations"))?;
        let n = &config.network;
        for (name, v) in [
            ("betweenness_epsilon", n.betweenness_epsilon),
            ("betweenness_delta", n.betweenness_delta),
        ] {
            if !(v > 0.0 && v < 1.0) {
                return Err(section("network")(format!(
                    "{name} = {v}: expected a number strictly between 0 and 1"
                )));
            }
        }
        let mut layers = config.network.layers.clone();
        layers.sort();
        if layers.windows(2).any(|w| w[0] == w[1]) {
            return Err(section("network")(
                "layers lists a layer twice: give each of \"ties\", \"activities\" once"
                    .to_string(),
            ));
        }
        let t = config.ties.low_response_threshold;
        if !(0.0..=1.0).contains(&t) {
            return Err(section("ties")(format!(
                "low_response_threshold = {t}: expected a number between 0 and 1"
            )));
        }
        if let Some(d) = &config.reference_date {
            if let Err(e) = PartialDate::parse(d) {
                let (line, column) = find_key(text, "reference_date");
                return Err(ConfigError {
                    line,
                    column,
                    message: format!("reference_date {d:?} is not valid; expected {e}"),
                });
            }
        }
        Ok(config)
    }

    /// The reference date given in the file, if any.
    pub fn reference_date(&self) -> Option<PartialDate> {
        self.reference_date
            .as_deref()
            .and_then(|d| PartialDate::parse(d).ok())
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, column)
}

fn find_key(text: &str, key: &str) -> (usize, usize) {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map(|i| (i + 1, 1))
        .unwrap_or((1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_empty() {
        let c = StudyConfig::parse("").unwrap();
        assert_eq!(c, StudyConfig::default());
        assert_eq!(c.language, Language::Fr);
        assert_eq!(c.network.source, NetworkSource::Ties);
    }

    #[test]
    fn errors_carry_position() {
        let e = StudyConfig::parse("title = \"x\"\n[network]\nsource = \"edges\"\n").unwrap_err();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("ties"), "{e}");
        let e = StudyConfig::parse("title = \"x\"\nreference_date = \"31/02/2020\"\n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = StudyConfig::parse("seed = \"abc\"").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
