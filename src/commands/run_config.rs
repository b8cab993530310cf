//! The arguments of `ptce run` and the configuration of one run, typed and built in one step: `study.toml` with the
//! command line's overrides applied, the seed and where it comes from, the folders, the
//! threads. Options are enums from their parsers on (clap for the command line, serde for
//! `study.toml`): no option string is compared after parsing.

use super::Global;
use crate::config::{
    FigureSet, FigureSize, Format, Language, ReportKind, StudyConfig, DEFAULT_SEED,
};
use std::path::PathBuf;

/// Arguments of `ptce run`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  ptce run                                  # the shipped sample → notebooks-out/sample\n  ptce run ~/these/etude --out resultats    # your study\n  ptce run --threads 1 --seed 42            # reproducible on one thread"
)]
pub struct Args {
    /// Study folder (default: data/sample).
    pub study: Option<PathBuf>,
    /// Output folder (default: notebooks-out/<name of the study folder>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Seed of every random procedure (default: `seed` of study.toml, else 20140731).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Write formula-like text cells (=, +, -, @) as they are in CSV outputs.
    #[arg(long)]
    pub raw_csv: bool,
    /// Replace an output folder that holds the results of another study.
    #[arg(long)]
    pub force: bool,
    /// Language of labels, captions and the report (default: study.toml, else fr).
    #[arg(long, value_enum)]
    pub lang: Option<Language>,
    /// Figure formats, comma-separated (default: study.toml, else all three).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub formats: Option<Vec<Format>>,
    /// Which figures: all, summary (no per-PTCE network figure) or none.
    #[arg(long, value_enum)]
    pub figures: Option<FigureSet>,
    /// Figure width: single (85 mm), double (175 mm) or thesis (150 mm) (default: study.toml,
    /// else single).
    #[arg(long, value_enum)]
    pub size: Option<FigureSize>,
    /// report.html: interactive (explorer, map, sortable tables) or static (no script)
    /// (default: study.toml, else interactive).
    #[arg(long, value_enum)]
    pub report: Option<ReportKind>,
}

/// Where the seed of a run comes from (recorded in the manifest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedSource {
    /// `--seed`.
    CommandLine,
    /// `seed` of `study.toml`.
    StudyToml,
    /// Neither: [`DEFAULT_SEED`].
    Default,
}

impl SeedSource {
    /// The words the manifest records.
    pub fn as_str(self) -> &'static str {
        match self {
            SeedSource::CommandLine => "command line",
            SeedSource::StudyToml => "study.toml",
            SeedSource::Default => "default",
        }
    }
}

/// Everything one run is configured by.
#[derive(Debug, Clone, PartialEq)]
pub struct RunConfig {
    /// The study folder, as given.
    pub study_dir: PathBuf,
    /// The study folder, absolute (recorded in the manifest).
    pub study_abs: String,
    /// The output folder.
    pub out: PathBuf,
    /// `study.toml` with `--lang`, `--formats`, `--figures` and `--size` applied.
    pub study: StudyConfig,
    /// Seed of every random procedure.
    pub seed: u64,
    /// Where [`RunConfig::seed`] comes from.
    pub seed_source: SeedSource,
    /// Write formula-like text cells as they are in CSV outputs.
    pub raw_csv: bool,
    /// Threads, verbosity and the command line.
    pub global: Global,
}

impl RunConfig {
    /// The run's configuration from the command line, the folders (the study as given and
    /// absolute, the output) and the study's `study.toml`.
    pub fn new(
        args: &Args,
        global: &Global,
        (dir, study_abs, out): (PathBuf, String, PathBuf),
        toml: &StudyConfig,
    ) -> RunConfig {
        let mut study = toml.clone();
        if let Some(lang) = args.lang {
            study.language = lang;
        }
        if let Some(formats) = &args.formats {
            study.figures.formats = formats.clone();
        }
        if let Some(set) = args.figures {
            study.figures.set = set;
        }
        if let Some(size) = args.size {
            study.figures.size = size;
        }
        if let Some(kind) = args.report {
            study.report = kind;
        }
        let (seed, seed_source) = match (args.seed, toml.seed) {
            (Some(s), _) => (s, SeedSource::CommandLine),
            (None, Some(s)) => (s, SeedSource::StudyToml),
            (None, None) => (DEFAULT_SEED, SeedSource::Default),
        };
        RunConfig {
            study_abs,
            out,
            study_dir: dir,
            study,
            seed,
            seed_source,
            raw_csv: args.raw_csv,
            global: global.clone(),
        }
    }
}
