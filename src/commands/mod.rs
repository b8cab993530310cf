//! The subcommands of the `ptce` binary, one file each, each with the same shape: an
//! arguments struct (clap) and a `run` function returning an [`Exit`] or a [`Failure`];
//! [`cli`] parses the command line, sets up the thread pools and dispatches.

pub mod cite;
pub mod cli;
pub mod generate;
pub mod init;
pub mod init_xlsx;
pub mod out_folder;
pub mod progress;
pub mod run;
pub mod run_config;
pub mod scaffold;
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

/// Why a command failed: each kind has its exit code ([`Failure::exit`]); the underlying error,
/// when there is one, is kept as the [`std::error::Error::source`].
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// The study folder does not exist (exit 1).
    #[error("{}: study folder not found (expected a folder holding ptces.csv, organizations.csv, memberships.csv…)", .0.display())]
    NoStudy(PathBuf),
    /// An input could not be read (exit 1).
    #[error("the study cannot be read")]
    Input(#[source] crate::load::LoadError),
    /// The study has errors (exit 1); they were printed before.
    #[error("{0} error(s): the study is not usable; nothing was written (run `ptce validate` for the full report)")]
    NotUsable(usize),
    /// The command line asks for something impossible (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The output folder cannot be used (exit 2 when it would overwrite the study, else 3).
    #[error("{0}")]
    Folder(#[source] crate::report::outdir::OutputError),
    /// The output folder holds something that is not the results of this study (exit 3).
    #[error("{}: the folder holds {what}; choose another --out, or add --force to replace it", .out.display())]
    Foreign { out: PathBuf, what: String },
    /// Results could not be made or written; `left` says what stays on disk (exit 3).
    #[error("{source}; {left}")]
    Output {
        left: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Standard output could not be written (exit 3; a closed pipe exits 0).
    #[error("cannot print")]
    Print(#[source] std::io::Error),
}

impl Failure {
    /// The exit code of this failure.
    pub fn exit(&self) -> Exit {
        use crate::report::outdir::OutputError;
        match self {
            Failure::NoStudy(_) | Failure::Input(_) | Failure::NotUsable(_) => Exit::InvalidStudy,
            Failure::Usage(_)
            | Failure::Folder(OutputError::InsideStudy { .. } | OutputError::HoldsStudy { .. }) => {
                Exit::Usage
            }
            Failure::Print(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
            Failure::Folder(_) | Failure::Foreign { .. } | Failure::Output { .. } => Exit::Output,
            Failure::Print(_) => Exit::Output,
        }
    }

    /// A failure to make or write the results, with what is left on disk.
    pub fn output(left: &'static str, e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Failure::Output {
            left,
            source: Box::new(e),
        }
    }
}

/// What every command returns.
pub type Outcome = Result<Exit, Failure>;

/// The options every subcommand shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Global {
    /// Threads of every pool.
    pub threads: usize,
    /// Print only errors.
    pub quiet: bool,
    /// Print every warning, each step and its timing.
    pub verbose: bool,
    /// The command line as typed (recorded in the manifest).
    pub command_line: Vec<String>,
}

/// Study folder shipped with the tool, used when no folder is given.
pub const DEFAULT_STUDY: &str = "data/sample";

/// The study folder: the argument, or `data/sample`; [`Failure::NoStudy`] when it is not a
/// folder.
pub fn study_dir(arg: Option<&Path>) -> Result<PathBuf, Failure> {
    let dir = arg
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_STUDY));
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(Failure::NoStudy(dir))
    }
}

/// Prints a line on standard error unless quiet.
pub fn say(quiet: bool, text: &str) {
    if !quiet {
        eprintln!("{text}");
    }
}
