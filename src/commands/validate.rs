//! `ptce validate [STUDY_DIR]`: reads and checks a study, prints rows per table, then every
//! error and warning; exits 0 when the study is usable, 1 when it is not.

use super::{study_dir, Exit, Failure, Outcome};
use crate::load::read_study;
use crate::validate::{validate, Severity, Validated};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `ptce validate`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  ptce validate                 # the shipped sample, data/sample\n  ptce validate ~/these/etude   # your study folder"
)]
pub struct Args {
    /// Study folder (default: data/sample).
    pub study: Option<PathBuf>,
}

/// Prints the summary of a validation to `out`.
pub fn print_summary(out: &mut dyn Write, v: &Validated) -> std::io::Result<()> {
    writeln!(out, "rows per table:")?;
    for (table, n) in &v.rows {
        writeln!(out, "  {table:<16} {n:>8}")?;
    }
    for p in &v.report.problems {
        writeln!(out, "{p}")?;
    }
    let (e, w) = (
        v.report.count(Severity::Error),
        v.report.count(Severity::Warning),
    );
    if e > 0 {
        writeln!(
            out,
            "{e} error(s), {w} warning(s): the study is not usable until the errors are fixed"
        )?;
    } else {
        writeln!(out, "0 errors, {w} warning(s): the study is usable")?;
    }
    Ok(())
}

/// Runs `ptce validate`; with `verbose`, prints the time and peak memory of reading and of
/// validating.
pub fn run(args: &Args, verbose: bool) -> Outcome {
    let dir = study_dir(args.study.as_deref())?;
    let progress = super::progress::Progress::new(true, verbose);
    progress.step("load");
    let raw = read_study(&dir).map_err(Failure::Input)?;
    progress.step("validate");
    let mut v = validate(&raw);
    progress.finish();
    if let Some(study) = &v.study {
        // Stage warnings (out-of-order events, pilots, founding date) are validation warnings.
        let r = study.analyze_stages();
        v.report
            .problems
            .extend(crate::stages::tables::warnings_as_problems(&r.warnings));
        v.report.finish();
    }
    let stdout = std::io::stdout();
    print_summary(&mut stdout.lock(), &v).map_err(Failure::Print)?;
    Ok(if v.study.is_some() {
        Exit::Ok
    } else {
        Exit::InvalidStudy
    })
}
