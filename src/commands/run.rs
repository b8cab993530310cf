//! `ptce run [STUDY_DIR] [--out DIR] [--threads N] [--seed N]`: the whole pipeline, writing
//! tables, figures and the manifest into the output folder (default `notebooks-out/<study>`).

use super::progress::Progress;
pub use super::run_config::Args;
use super::run_config::RunConfig;
use super::{out_folder, say, study_dir, Exit, Failure, Global, Outcome};
use crate::load::{read_study, RawStudy};
use crate::pipeline::analyse;
use crate::report::manifest::{Provenance, RunRecord};
use crate::report::{Outputs, ReportError, ResultWriter};
use crate::study::Study;
use crate::validate::{validate, Severity, ValidationReport};

/// What the previous results become when a run fails at writing.
const KEPT: &str = "the previous results, if any, are left as they were";

/// Runs `ptce run`: the pipeline's table of contents.
pub fn run(args: &Args, global: &Global) -> Outcome {
    let dir = study_dir(args.study.as_deref())?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| out_folder::default_out(&dir));
    let study_abs = out_folder::absolute(&dir);
    out_folder::check(&dir, &out, args.force, &study_abs)?;
    let progress = Progress::new(global.quiet, global.verbose && !global.quiet);
    progress.step("load");
    let raw = read_study(&dir).map_err(Failure::Input)?;
    progress.step("validate");
    let checked = validate(&raw);
    print_problems(&progress, &checked.report, global.verbose);
    let Some(mut study) = checked.study else {
        progress.finish();
        return Err(Failure::NotUsable(checked.report.count(Severity::Error)));
    };
    let cfg = RunConfig::new(args, global, (dir, study_abs, out), &study.config);
    study.config = cfg.study.clone();
    progress.println_unless(global.quiet, &summary_line(&cfg, &study));
    let mut report = checked.report;
    let mut writer = open_output(&cfg, &progress)?;
    crate::memory::analysis_phase();
    let outputs = analyse(
        &study,
        &mut report,
        cfg.seed,
        &|step| progress.step(step),
        &mut |path, bytes| writer.put(&path, &bytes),
    )
    .map_err(|e| Failure::output(KEPT, e));
    let outputs = outputs.inspect_err(|_| {
        progress.finish();
    })?;
    progress.step("write");
    let warnings = report.count(Severity::Warning);
    if warnings > 0 && !global.verbose && !global.quiet {
        progress.println(&format!(
            "{warnings} warning(s), listed in tables/validation.csv (-v prints them)"
        ));
    }
    let (provenance, record) = provenance(&cfg, &study, &raw, warnings, progress.timings())?;
    let written =
        write_tables(&mut writer, outputs).and_then(|()| writer.finish(&provenance, &record));
    progress.finish();
    let path = written.map_err(|e| Failure::output(KEPT, e))?;
    say(
        global.quiet,
        &format!("results written to {}", path.display()),
    );
    Ok(Exit::Ok)
}

/// Prints the errors of the validation (and its warnings with `-v`).
fn print_problems(progress: &Progress, report: &ValidationReport, verbose: bool) {
    for p in &report.problems {
        if p.severity == Severity::Error || verbose {
            progress.println(&p.to_string());
        }
    }
}

/// The line that says what is analysed, and how.
fn summary_line(cfg: &RunConfig, study: &Study) -> String {
    format!(
        "study {}: {} PTCEs, {} organizations, {} memberships; reference date {} ({}); seed {} ({}); {} thread(s)",
        cfg.study_dir.display(),
        study.ptces.len(),
        study.organizations.len(),
        study.memberships.len(),
        study.reference_date,
        study.reference_source.as_str(),
        cfg.seed,
        cfg.seed_source.as_str(),
        cfg.global.threads
    )
}

/// Takes the lock of the output folder for the whole run — failing before the long part when
/// the results cannot be written (locked by a live run, read-only or missing folder), cleaning
/// up after a run that was killed — and opens the writer, which holds the lock until the
/// results are committed and receives the files as the analysis makes them (in a staging
/// folder moved into place at the end).
fn open_output(cfg: &RunConfig, progress: &Progress) -> Result<ResultWriter, Failure> {
    const NOTHING: &str = "nothing was written";
    let opened = crate::report::outdir::prepare(&cfg.out)
        .map_err(|e| Failure::output(NOTHING, e))
        .and_then(|(lock, notes)| {
            for n in notes {
                progress.println(&format!("note: {n}"));
            }
            ResultWriter::begin(lock, cfg.raw_csv).map_err(|e| Failure::output(NOTHING, e))
        });
    opened.inspect_err(|_| {
        progress.finish();
    })
}

/// What the manifest records of the study and of this run.
fn provenance(
    cfg: &RunConfig,
    study: &Study,
    raw: &RawStudy,
    warnings: usize,
    timings: Vec<(String, f64)>,
) -> Result<(Provenance, RunRecord), Failure> {
    let options = serde_json::to_value(&study.config).map_err(|e| Failure::output(KEPT, e))?;
    let provenance = Provenance {
        title: study.config.title.clone(),
        reference_date: study.reference_date.to_string(),
        reference_date_source: study.reference_source.as_str().to_string(),
        config_text: raw.config_text.clone(),
        options,
        seed: cfg.seed,
        seed_source: cfg.seed_source.as_str().to_string(),
        inputs: study.inputs.clone(),
        errors: 0,
        warnings,
    };
    let record = RunRecord {
        study_dir: cfg.study_abs.clone(),
        command_line: cfg.global.command_line.clone(),
        threads: cfg.global.threads,
        timings,
    };
    Ok((provenance, record))
}

/// The tables, in order (each encoded while the one before is written; two encodings held at
/// most).
fn write_tables(writer: &mut ResultWriter, outputs: Outputs) -> Result<(), ReportError> {
    let (tables, raw_csv) = (outputs.tables, writer.raw_csv());
    crate::pipeline::overlap::overlapped(
        tables.len(),
        |i| ResultWriter::encode_table(&tables[i], raw_csv),
        |encoded| writer.put_encoded(encoded?),
    )
}
