//! The subcommands of the `ptce` binary, one file each, each with the same shape: an
//! arguments struct (clap) and a `run` function returning an [`Exit`].

pub mod cite;
pub mod generate;
pub mod init;
pub mod init_xlsx;
pub mod progress;
pub mod run;
pub mod validate;

use std::path::{Path, PathBuf};

/// Exit codes of `ptce` (documented in the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// The study is not usable (errors in the data), or an input cannot be read.
    InvalidStudy = 1,
    /// Bad command line or options.
    Usage = 2,
    /// Results could not be written (locked, disk full, read-only folder…).
    Output = 3,
}

/// Study folder shipped with the tool, used when no folder is given.
pub const DEFAULT_STUDY: &str = "data/sample";

/// The study folder: the argument, or `data/sample`.
pub fn study_dir(arg: Option<&Path>) -> PathBuf {
    arg.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_STUDY))
}

/// Prints a line on standard error unless quiet.
pub fn say(quiet: bool, text: &str) {
    if !quiet {
        eprintln!("{text}");
    }
}
