//! `ptce init DIR`: scaffolds a study folder — every table of the data contract with its header
//! and a small consistent example (one PTCE with two members, a tie, an activity, two events),
//! and a `study.toml` listing every option, commented out, with its default. The scaffold
//! validates as is (`ptce validate DIR` exits 0); the researcher replaces the example rows.

use super::Exit;
use std::path::{Path, PathBuf};

/// Arguments of `ptce init`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  ptce init ma-etude              # creates ma-etude/ with example tables and study.toml\n  ptce validate ma-etude          # the scaffold is valid as is\n  ptce init ma-etude --format xlsx  # one workbook study.xlsx instead of CSV files\n  ptce init ma-etude --force      # rewrite the scaffold files in a non-empty folder"
)]
pub struct Args {
    /// Folder to create (must be empty or absent).
    pub dir: PathBuf,
    /// Write into a non-empty folder, replacing the scaffold's files (other files are kept).
    #[arg(long)]
    pub force: bool,
    /// Tables as one CSV file each, or as one workbook `study.xlsx` (a sheet per table and a
    /// README sheet explaining every column in French).
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
}

/// Format of the scaffold's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One CSV file per table.
    Csv,
    /// One workbook, `study.xlsx`.
    Xlsx,
}

pub use super::scaffold::{InitError, TABLES};

/// The commented `study.toml` of the scaffold: every option, commented out, with its default.
pub const STUDY_TOML: &str = r##"## study.toml: the options of a study. Every key is optional; each is shown here with its
## default, commented out. To change one, remove the leading "# " of its line.
## Every option is documented in docs/data-format.md.

## Title shown in the report.
# title = "Étude des PTCE"
## Reference date of the study (YYYY-MM-DD, YYYY-MM or YYYY): durations and "still in stage"
## are measured up to it. Default: the latest date found in the data, never today's date, so
## that reruns give the same results.
# reference_date = "2024-12-31"
## Seed of every random procedure (permutations, bootstrap, layouts). Default: 20140731.
# seed = 20140731
## Language of labels, captions and the report: "fr" or "en".
# language = "fr"

# [network]
## Edges of each PTCE's cooperation network: "ties" (ties.csv), "activities"
## (co-participation in activities.csv × participations.csv) or "both" (summed per pair).
# source = "ties"
## Weight of a co-participation edge: "newman" (each activity with k participants adds
## 1/(k − 1) to each pair; Newman 2001) or "count" (number of shared activities).
# activity_weighting = "newman"
## Layers also measured on their own, into node_metrics_layers and network_metrics_layers.
# layers = ["ties", "activities"]
## Above this many nodes, betweenness is estimated from a sample of sources (default 5000:
## every PTCE network is exact; a very large value keeps every network exact).
# betweenness_sample_above = 5000
## Error bound of a sampled betweenness, and the probability of missing it.
# betweenness_epsilon = 0.05
# betweenness_delta = 0.1

# [stages]
## Members and ties of each stage's network snapshot (docs/stages.md §6): "state" (active on
## the stage's last day), "interval" (active at any time during the stage) or "cumulative"
## (active at any time from the first event to the stage's last day).
# snapshot_mode = "state"
## Founders: members who joined "on_or_before" the formal stage's entry, or strictly "before"
## it (the rule before issue 17; docs/stages.md §9).
# founders = "on_or_before"
## The point of a partial date's interval used for event-history durations: "start", "mid"
## (first day + half the interval, rounded down) or "end" (docs/statistics.md).
# date_imputation = "mid"
## The stage model (docs/stages.md §1–2): the stages in order, each opened by the first dated
## event of one of its event types. Give every stage to replace the default model shown here.
# [[stages.stage]]
# id = "S1"
# label_fr = "impulsion individuelle"
# label_en = "individual impetus"
# events = ["pilot_initiative"]
# optional = false
# [[stages.stage]]
# id = "S2"
# label_fr = "collectif informel"
# label_en = "informal collective"
# events = ["first_collective_meeting", "letter_of_intent", "charter_signed", "steering_committee", "first_joint_activity", "collective_funding"]
# optional = false
# [[stages.stage]]
# id = "S3"
# label_fr = "structuration collective formelle"
# label_en = "formal collective organization"
# events = ["legal_entity_created", "governance_installed"]
# optional = false
# [[stages.stage]]
# id = "D"
# label_fr = "dormance ou dissolution"
# label_en = "dormancy or dissolution"
# events = ["dormancy", "dissolution"]
# optional = true

## Event history (docs/statistics.md § Event history of formation): follow PTCEs from this date
## only (delayed entry) and the censoring distribution of the Fine–Gray model ("pooled" or
## "group").
# [events]
# observed_from = "2015-01-01"
# fine_gray_censoring = "pooled"

# [diversity]
## Weight of a member in a composition: "count" (each member counts 1) or "employees"
## (each member counts its employees; members without the number are left out, and counted).
# weighting = "count"
## Members or activities without a NAF code: "category" (an explicit "unknown" category) or
## "exclude" (left out, and counted in n_unknown).
# unknown_naf = "category"
## Disparity matrices for Rao–Stirling, by dimension (sector, actor_type, naf_section,
## naf_division): CSV files in the study folder (docs/diversity.md). Default: none, distances
## from the NAF tree (0 same category, 2/3 same section, 1 otherwise).
# [diversity.disparity_files]
# sector = "disparity_sector.csv"

# [territory]
## How PTCEs are grouped for comparisons (docs/territory.md): "urban_rural" (INSEE density
## grid: levels 1–4 urban, 5–7 rural), "dens_aav" (the 4 catégories d'espace) or "column"
## (any column of ptces.csv, named by `column`).
# grouping = "urban_rural"
## Optional INSEE grid exported to CSV, in the study folder, for PTCEs without density_level
## (title rows, `;`, CODGEO/DENS7/DENS/DENS_AAV or French headers are all read).
# lookup = "grille_densite.csv"
## Which density column of the lookup to use: "auto", "dens7", "dens3" or "dens4".
# grid = "auto"
## With grouping = "column": the column of ptces.csv that gives each PTCE's group.
# column = "type_territoire"

# [enrich]
## Fill the members' missing NAF code, legal category, ESS flag, headcount band, creation date,
## state and actor type from INSEE's SIRENE stock of legal units (docs/data-format.md §
## Enrichment): StockUniteLegale as Parquet or CSV, zipped or not, anywhere on disk. The
## researcher's values win; tables/enrichment.csv lists every fill and disagreement.
# sirene = "StockUniteLegale_utf8.zip"
## Optional: StockEtablissement, for the commune of members given by their SIRET.
# sirene_establishments = "StockEtablissement_utf8.zip"
## Overrides of the legal category → actor type table (prefix, optionally /ess or /not_ess).
# [enrich.actor_types]
# "5710/ess" = "company"

# [comparison]
## Group comparison (docs/statistics.md). Groups compared, in order (default: urban, rural).
# groups = ["urban", "rural"]
## Smallest group size for which tests are run.
# min_group_size = 3
## Permutations of the test of medians, bootstrap replicates, level of the intervals.
# permutations = 9999
# bootstrap = 9999
# level = 0.95
# bootstrap_method = "percentile"
## Random graphs or permutations per network in the null models.
# null_samples = 200

# [relations]
## Who cooperates with whom (docs/statistics.md). Brokerage partition: actor_type, ess,
## naf_section, naf_code, legal_category or commune_code.
# partition = "actor_type"
## Tie kinds that count as a tie in the dyad data (empty: every edge).
# tie_kinds = []
## Further organization columns compared as same_<column> covariates.
# same = []
## Degree-preserving null model: rewired graphs per network, successful swaps per edge.
# degree_null_samples = 100
# swaps_per_edge = 10
## QAP permutations per term and network; level of the mixing model (family or actor_type).
# qap_permutations = 100
# mixing = "family"
"##;

/// Writes the scaffold into `dir` (created if absent).
///
/// # Arguments
/// * `dir` — the study folder to create.
/// * `force` — write even if `dir` is not empty (the scaffold's files are replaced, others kept).
///
/// # Returns
/// The paths written, in order.
///
/// # Errors
/// [`InitError::NotEmpty`] without `force`; [`InitError::Io`] naming the path that failed.
///
/// # Examples
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let study = dir.path().join("etude");
/// let written = ptce::commands::init::scaffold(&study, false).unwrap();
/// assert_eq!(written.len(), 8);
/// assert!(ptce::commands::init::scaffold(&study, false).is_err());
/// ```
pub fn scaffold(dir: &Path, force: bool) -> Result<Vec<PathBuf>, InitError> {
    scaffold_as(dir, force, Format::Csv)
}

/// [`scaffold`] with the tables as CSV files or as one workbook (`study.xlsx`,
/// [`super::init_xlsx`]).
///
/// # Errors
/// As [`scaffold`].
pub fn scaffold_as(dir: &Path, force: bool, format: Format) -> Result<Vec<PathBuf>, InitError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| InitError::Io { path, source }
    };
    if dir.exists() && !force {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.next().is_some() {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut written = Vec::new();
    let tables = match format {
        Format::Csv => TABLES,
        Format::Xlsx => {
            written.push(super::init_xlsx::write(dir)?);
            &[]
        }
    };
    let files = tables
        .iter()
        .copied()
        .chain(std::iter::once(("study.toml", STUDY_TOML)));
    for (name, content) in files {
        let path = dir.join(name);
        std::fs::write(&path, content).map_err(io(&path))?;
        written.push(path);
    }
    Ok(written)
}

/// Runs `ptce init`: exit 0 when written, 2 when the folder is not empty (without `--force`),
/// 3 when a file cannot be written.
pub fn run(args: &Args) -> super::Outcome {
    match scaffold_as(&args.dir, args.force, args.format) {
        Ok(written) => {
            for p in &written {
                println!("created {}", p.display());
            }
            println!(
                "next: replace the example rows with your data, then run `ptce validate {}`",
                args.dir.display()
            );
            Ok(Exit::Ok)
        }
        Err(e @ InitError::NotEmpty(_)) => {
            eprintln!("error: {e}");
            Ok(Exit::Usage)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(Exit::Output)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Column `name` of a scaffold table, every row.
    fn column(file: &str, name: &str) -> Vec<String> {
        let text = TABLES.iter().find(|(f, _)| *f == file).unwrap().1;
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let i = header.iter().position(|h| *h == name).unwrap();
        lines
            .map(|l| {
                let cells: Vec<&str> = l.split(',').collect();
                assert_eq!(cells.len(), header.len(), "{file}: {l}");
                cells[i].to_string()
            })
            .collect()
    }

    fn set(v: Vec<String>) -> BTreeSet<String> {
        v.into_iter().collect()
    }

    #[test]
    fn example_rows_reference_each_other() {
        let ptces = set(column("ptces.csv", "ptce_id"));
        let orgs = set(column("organizations.csv", "org_id"));
        let members = set(column("memberships.csv", "org_id"));
        assert_eq!(members, orgs);
        for (file, col) in [
            ("memberships.csv", "ptce_id"),
            ("ties.csv", "ptce_id"),
            ("activities.csv", "ptce_id"),
            ("events.csv", "ptce_id"),
        ] {
            assert!(set(column(file, col)).is_subset(&ptces), "{file}");
        }
        for (file, col) in [
            ("ties.csv", "source"),
            ("ties.csv", "target"),
            ("participations.csv", "org_id"),
        ] {
            assert!(set(column(file, col)).is_subset(&members), "{file}.{col}");
        }
        let acts = set(column("activities.csv", "activity_id"));
        assert!(set(column("participations.csv", "activity_id")).is_subset(&acts));
        // Every date is on or after the member's joining date (ties start after both joined).
        let joined = column("memberships.csv", "joined");
        let latest_join = joined.iter().max().unwrap();
        assert!(column("ties.csv", "start").iter().all(|d| d >= latest_join));
    }

    #[test]
    fn study_toml_is_all_comments_and_lists_every_section() {
        for line in STUDY_TOML.lines() {
            let t = line.trim();
            assert!(
                t.is_empty() || t.starts_with('#'),
                "uncommented line: {line}"
            );
        }
        for key in [
            "title",
            "reference_date",
            "seed",
            "language",
            "[network]",
            "source",
            "activity_weighting",
            "layers",
            "betweenness_sample_above",
            "[stages]",
            "snapshot_mode",
            "[[stages.stage]]",
            "label_fr",
            "label_en",
            "events",
            "optional",
            "[diversity]",
            "[territory]",
            "[enrich]",
            "sirene",
            "[comparison]",
        ] {
            assert!(STUDY_TOML.contains(&format!("# {key}")), "{key} missing");
        }
        // Uncommenting every option line gives a study.toml the configuration accepts (but
        // `column`, which needs grouping = "column").
        const PENDING_SECTIONS: &[&str] = &[];
        let mut uncommented = String::new();
        let mut pending = false;
        for l in STUDY_TOML.lines().filter_map(|l| l.strip_prefix("# ")) {
            if l.starts_with('[') {
                pending = PENDING_SECTIONS.contains(&l);
            }
            if !pending && (l.starts_with('[') || l.contains(" = ")) && !l.starts_with("column") {
                uncommented.push_str(l);
                uncommented.push('\n');
            }
        }
        let config = crate::config::StudyConfig::parse(&uncommented);
        assert!(config.is_ok(), "{config:?}\n{uncommented}");
        let config = config.unwrap();
        assert_eq!(
            config.stages,
            crate::config::StudyConfig::default().stages,
            "the default stage model"
        );
        assert_eq!(
            crate::config::StudyConfig::parse(STUDY_TOML).unwrap(),
            crate::config::StudyConfig::default()
        );
    }

    #[test]
    fn refuses_a_non_empty_folder_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            scaffold(dir.path(), false),
            Err(InitError::NotEmpty(_))
        ));
        assert!(!dir.path().join("ptces.csv").exists());
        let written = scaffold(dir.path(), true).unwrap();
        assert_eq!(written.len(), TABLES.len() + 1);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_to_string(&written[0]).unwrap(), TABLES[0].1);
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(scaffold(&empty, false).is_ok());
    }
}
