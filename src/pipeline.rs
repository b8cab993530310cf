//! The analysis of a validated study, from typed inputs to the result tables and files:
//! a pure function (no file access, no clock), so that the same study and options give the
//! same bytes whatever the machine and the thread count.

use crate::clean::{cleaned_tables, validation_table};
use crate::report::Outputs;
use crate::study::Study;
use crate::validate::ValidationReport;

/// Options of one run that are not in `study.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    pub seed: u64,
}

/// A named step of the pipeline, for timings and progress.
pub const STEPS: &[&str] = &["load", "validate", "tables", "write"];

/// Runs every analysis on the study and gathers the outputs.
pub fn analyse(study: &Study, report: &ValidationReport, _options: &RunOptions) -> Outputs {
    let mut tables = cleaned_tables(study);
    tables.push(validation_table(report));
    Outputs {
        tables,
        files: Vec::new(),
    }
}
