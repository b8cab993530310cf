//! The command line of `ptce`: parsing, the thread pools, dispatch to a subcommand, and the
//! exit code of the outcome (`src/main.rs` only calls [`main`]).

use super::{Exit, Failure, Global, Outcome};
use clap::{Parser, Subcommand};

/// Analyse the formation of Pôles Territoriaux de Coopération Économique (PTCE): cooperation
/// networks, stages of meta-organization creation, diversity, urban/rural comparison.
#[derive(Debug, Parser)]
#[command(
    name = "ptce",
    version,
    about,
    after_help = "Exit codes: 0 success, 1 study not usable, 2 usage error, 3 results could not be written."
)]
struct Cli {
    /// Number of threads for every pool (rayon and polars); default: all cores.
    #[arg(long, global = true, value_parser = clap::value_parser!(u64).range(1..))]
    threads: Option<u64>,
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Print details: every warning, each step, timings.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole analysis of a study folder.
    Run(super::run::Args),
    /// Check a study folder and report every problem.
    Validate(super::validate::Args),
    /// Write a synthetic study (deterministic for a seed).
    Generate(super::generate::Args),
    /// Create a study folder with every table and a commented study.toml.
    Init(super::init::Args),
    /// Print BibTeX of the tool and of the methods it uses.
    Cite(super::cite::Args),
}

/// Runs `ptce` with the process's arguments and returns its exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage as i32
            } else {
                0
            };
        }
    };
    let threads = cli.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |n| usize::try_from(n).unwrap_or(usize::MAX),
    );
    let global = Global {
        threads,
        quiet: cli.quiet,
        verbose: cli.verbose,
        command_line: std::env::args().collect(),
    };
    let outcome = thread_pools(threads).and_then(|()| dispatch(&cli.command, &global));
    match outcome {
        Ok(exit) => exit as i32,
        Err(failure) => {
            let exit = failure.exit();
            if exit != Exit::Ok {
                eprintln!("error: {}", message(&failure));
            }
            exit as i32
        }
    }
}

/// Bounds every pool: polars reads `POLARS_MAX_THREADS` once, at its first use, so it is set
/// before anything else; rayon's global pool is built here.
fn thread_pools(threads: usize) -> Result<(), Failure> {
    std::env::set_var("POLARS_MAX_THREADS", threads.to_string());
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
        .map_err(|e| Failure::Usage(format!("cannot start the thread pool: {e}")))
}

fn dispatch(command: &Command, global: &Global) -> Outcome {
    match command {
        Command::Run(args) => super::run::run(args, global),
        Command::Validate(args) => super::validate::run(args, global.verbose),
        Command::Generate(args) => super::generate::run(args, global.quiet),
        Command::Init(args) => super::init::run(args),
        Command::Cite(args) => super::cite::run(args),
    }
}

/// The failure and the chain of its sources, each source added unless the text so far already
/// says it (several errors print their cause in their own message).
pub fn message(failure: &Failure) -> String {
    let mut text = failure.to_string();
    let mut source = std::error::Error::source(failure);
    while let Some(s) = source {
        let said = s.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        source = s.source();
    }
    text
}
