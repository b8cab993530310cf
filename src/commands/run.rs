//! `ptce run [STUDY_DIR] [--out DIR] [--threads N] [--seed N]`: the whole pipeline, writing
//! tables, figures and the manifest into the output folder (default `notebooks-out/<study>`).

use super::progress::Progress;
use super::{say, study_dir, Exit};
use crate::config::DEFAULT_SEED;
use crate::load::read_study;
use crate::pipeline::{analyse, RunOptions};
use crate::report::manifest::{Provenance, RunRecord};
use crate::report::{outdir::OutputError, ReportError, ResultWriter};
use crate::validate::inputs::{read_matrices, territory_inputs};
use crate::validate::{validate, Severity};
use std::path::{Path, PathBuf};

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
    /// Language of labels, captions and the report: fr or en (default: study.toml, else fr).
    #[arg(long, value_parser = ["fr", "en"])]
    pub lang: Option<String>,
    /// Figure formats, comma-separated: svg,png,pdf (default: study.toml, else all three).
    #[arg(long, value_delimiter = ',', value_parser = ["svg", "png", "pdf"])]
    pub formats: Option<Vec<String>>,
    /// Which figures: all, summary (no per-PTCE network figure) or none.
    #[arg(long, value_parser = ["all", "summary", "none"])]
    pub figures: Option<String>,
}

/// What an existing output folder holds.
enum Previous {
    /// Nothing, or results of `ptce` (with the study folder that made them, when recorded).
    Ptce(Option<String>),
    /// Files that `ptce` did not write.
    Foreign,
}

fn previous_results(out: &Path) -> Previous {
    let manifest = std::fs::read_to_string(out.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
    match manifest {
        Some(v) if v["tool"]["name"] == "ptce" => {
            Previous::Ptce(v["run"]["study_dir"].as_str().map(str::to_string))
        }
        _ if std::fs::read_dir(out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(true) =>
        {
            Previous::Ptce(None)
        }
        _ => Previous::Foreign,
    }
}

fn default_out(study: &Path) -> PathBuf {
    let name = study
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "study".to_string());
    PathBuf::from("notebooks-out").join(name)
}

fn inside(child: &Path, parent: &Path) -> bool {
    let parent = match parent.canonicalize() {
        Ok(p) => p,
        Err(_) => return false,
    };
    // The output folder may not exist yet: resolve its nearest existing ancestor.
    let mut probe = child.to_path_buf();
    let mut rest = Vec::new();
    while !probe.exists() {
        match (probe.file_name(), probe.parent()) {
            (Some(n), Some(p)) => {
                rest.push(n.to_os_string());
                probe = if p.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    p.to_path_buf()
                };
            }
            _ => return false,
        }
    }
    let mut full = match probe.canonicalize() {
        Ok(p) => p,
        Err(_) => return false,
    };
    for n in rest.iter().rev() {
        full.push(n);
    }
    full.starts_with(parent)
}

/// Runs `ptce run`.
pub fn run(
    args: &Args,
    threads: usize,
    (quiet, verbose): (bool, bool),
    command_line: Vec<String>,
) -> anyhow::Result<Exit> {
    let dir = study_dir(args.study.as_deref());
    if !dir.is_dir() {
        eprintln!("error: {}: study folder not found (expected a folder holding ptces.csv, organizations.csv, memberships.csv…)", dir.display());
        return Ok(Exit::InvalidStudy);
    }
    let out = args.out.clone().unwrap_or_else(|| default_out(&dir));
    if inside(&out, &dir) {
        eprintln!("error: {}", OutputError::InsideStudy { path: out });
        return Ok(Exit::Usage);
    }
    // The other way round, replacing the output folder (with --force) would delete the inputs.
    if inside(&dir, &out) {
        eprintln!(
            "error: {}",
            OutputError::HoldsStudy {
                path: out,
                study: dir
            }
        );
        return Ok(Exit::Usage);
    }
    let study_abs = dir
        .canonicalize()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| dir.display().to_string());
    if out.exists() && !args.force {
        let other = match previous_results(&out) {
            Previous::Ptce(Some(prev)) if prev != study_abs => {
                Some(format!("the results of another study ({prev})"))
            }
            Previous::Ptce(_) => None,
            Previous::Foreign => {
                Some("files that ptce did not write (no manifest.json)".to_string())
            }
        };
        if let Some(what) = other {
            eprintln!("error: {}: the folder holds {what}; choose another --out, or add --force to replace it", out.display());
            return Ok(Exit::Output);
        }
    }
    let progress = Progress::new(quiet, verbose && !quiet);
    progress.step("load");
    let raw = read_study(&dir)?;
    progress.step("validate");
    let v = validate(&raw);
    for p in &v.report.problems {
        if p.severity == Severity::Error || verbose {
            progress.println(&p.to_string());
        }
    }
    let Some(study) = v.study else {
        eprintln!(
            "{} error(s): the study is not usable; nothing was written (run `ptce validate` for the full report)",
            v.report.count(Severity::Error)
        );
        progress.finish();
        return Ok(Exit::InvalidStudy);
    };
    let mut study = study;
    if let Some(lang) = &args.lang {
        study.config.language = if lang == "en" {
            crate::config::Language::En
        } else {
            crate::config::Language::Fr
        };
    }
    if let Some(formats) = &args.formats {
        study.config.figures.formats = formats.clone();
    }
    if let Some(set) = &args.figures {
        study.config.figures.set = match set.as_str() {
            "none" => crate::config::FigureSet::None,
            "summary" => crate::config::FigureSet::Summary,
            _ => crate::config::FigureSet::All,
        };
    }
    let matrices = match read_matrices(&dir, &study.config.diversity) {
        Ok((m, inputs)) => {
            study.inputs.extend(inputs);
            m
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!("the study is not usable; nothing was written");
            return Ok(Exit::InvalidStudy);
        }
    };
    let (seed, seed_source) = match (args.seed, study.config.seed) {
        (Some(s), _) => (s, "command line"),
        (None, Some(s)) => (s, "study.toml"),
        (None, None) => (DEFAULT_SEED, "default"),
    };
    progress.println_unless(quiet, &format!("study {}: {} PTCEs, {} organizations, {} memberships; reference date {} ({}); seed {seed} ({seed_source}); {threads} thread(s)",
        dir.display(), study.ptces.len(), study.organizations.len(), study.memberships.len(),
        study.reference_date, study.reference_source.as_str()));
    let mut report = v.report.clone();
    let territory = match territory_inputs(&dir, &raw, &study.config) {
        Ok((t, warnings, inputs)) => {
            report.problems.extend(warnings);
            study.inputs.extend(inputs);
            t
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!("the study is not usable; nothing was written");
            return Ok(Exit::InvalidStudy);
        }
    };
    // Take the lock of the output folder for the whole run: fail before the long part when the
    // results cannot be written (locked by a live run, read-only or missing folder), and clean
    // up after a run that was killed. The writer claims the lock and receives the files as the
    // analysis makes them (in a staging folder moved into place at the end).
    let lock = match crate::report::outdir::prepare(&out) {
        Ok((lock, notes)) => {
            for n in notes {
                progress.println(&format!("note: {n}"));
            }
            lock
        }
        Err(e) => {
            eprintln!("error: {e}; nothing was written");
            progress.finish();
            return Ok(Exit::Output);
        }
    };
    let mut writer = match ResultWriter::begin(lock, args.raw_csv) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}; nothing was written");
            progress.finish();
            return Ok(Exit::Output);
        }
    };
    let outputs = match analyse(
        &study,
        &mut report,
        &RunOptions {
            seed,
            matrices,
            territory,
        },
        &|step| progress.step(step),
        &mut |path, bytes| writer.put(&path, &bytes),
    ) {
        Ok(o) => o,
        Err(e) => {
            progress.finish();
            eprintln!("error: {e}; the previous results, if any, are left as they were");
            return Ok(Exit::Output);
        }
    };
    progress.step("write");
    let warnings = report.count(Severity::Warning);
    if warnings > 0 && !verbose && !quiet {
        progress.println(&format!(
            "{warnings} warning(s), listed in tables/validation.csv (-v prints them)"
        ));
    }
    let timings = progress.timings();
    let provenance = Provenance {
        title: study.config.title.clone(),
        reference_date: study.reference_date.to_string(),
        reference_date_source: study.reference_source.as_str().to_string(),
        config_text: raw.config_text.clone(),
        options: serde_json::to_value(&study.config)?,
        seed,
        seed_source: seed_source.to_string(),
        inputs: study.inputs.clone(),
        errors: 0,
        warnings,
    };
    let run = RunRecord {
        study_dir: study_abs,
        command_line,
        threads,
        timings,
    };
    // Tables one at a time, each freed once written.
    let mut written = Ok(());
    for t in outputs.tables {
        written = writer.put_table(&t);
        if written.is_err() {
            break;
        }
    }
    let written = written.and_then(|()| writer.finish(&provenance, &run));
    progress.finish();
    match written {
        Ok(path) => {
            say(quiet, &format!("results written to {}", path.display()));
            Ok(Exit::Ok)
        }
        Err(e @ ReportError::Output(OutputError::Locked { .. })) => {
            eprintln!("error: {e}");
            Ok(Exit::Output)
        }
        Err(e) => {
            eprintln!("error: {e}; the previous results, if any, are left as they were");
            Ok(Exit::Output)
        }
    }
}
