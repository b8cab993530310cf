//! The `ptce` command line: parses arguments, sets up the thread pools, dispatches to a
//! command, maps the outcome to an exit code (see `commands::Exit`).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use clap::{Parser, Subcommand};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use ptce::commands::{self, Exit};

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
    #[arg(long, global = true)]
    threads: Option<usize>,
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
    Run(commands::run::Args),
    /// Check a study folder and report every problem.
    Validate(commands::validate::Args),
    /// Write a synthetic study (deterministic for a seed).
    Generate(commands::generate::Args),
    /// Create a study folder with every table and a commented study.toml.
    Init(commands::init::Args),
    /// Print BibTeX of the tool and of the methods it uses.
    Cite(commands::cite::Args),
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() {
                Exit::Usage as i32
            } else {
                0
            });
        }
    };
    let threads = match cli.threads {
        Some(0) => {
            eprintln!("error: --threads must be at least 1");
            std::process::exit(Exit::Usage as i32);
        }
        Some(n) => n,
        None => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
    };
    // polars reads POLARS_MAX_THREADS once, at its first use: set it before anything else.
    std::env::set_var("POLARS_MAX_THREADS", threads.to_string());
    if let Err(e) = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global()
    {
        eprintln!("error: cannot start the thread pool: {e}");
        std::process::exit(Exit::Usage as i32);
    }
    let command_line: Vec<String> = std::env::args().collect();
    let result = match &cli.command {
        Command::Run(args) => {
            commands::run::run(args, threads, (cli.quiet, cli.verbose), command_line)
        }
        Command::Validate(args) => commands::validate::run(args, cli.verbose),
        Command::Generate(args) => commands::generate::run(args, cli.quiet),
        Command::Init(args) => commands::init::run(args),
        Command::Cite(args) => commands::cite::run(args),
    };
    let code = match result {
        Ok(exit) => exit,
        Err(e) => {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    std::process::exit(0);
                }
            }
            eprintln!("error: {e:#}");
            Exit::InvalidStudy
        }
    };
    std::process::exit(code as i32);
}
