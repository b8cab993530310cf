//! `ptce cite`: prints how to cite `ptce` and the methods it implements, as BibTeX (or the list
//! of references with what each is used for).

use super::Exit;
use crate::report::cite::{reference, tool_bibtex, REFERENCES};
use std::io::Write;

/// Arguments of `ptce cite`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  ptce cite > ptce.bib              # the tool and every method, as BibTeX\n  ptce cite --tool                  # only the tool\n  ptce cite --key freeman1979 --key brandes2001\n  ptce cite --list                  # keys, short references, what each is used for"
)]
pub struct Args {
    /// Print only the entry of the tool.
    #[arg(long, conflicts_with_all = ["key", "list"])]
    pub tool: bool,
    /// Print only these references (BibTeX keys, see --list); repeatable.
    #[arg(long)]
    pub key: Vec<String>,
    /// List the references (key, author–year, what ptce uses them for) instead of BibTeX.
    #[arg(long)]
    pub list: bool,
}

/// Writes the output of `ptce cite` to `out`; `Err(key)` for an unknown key.
///
/// # Errors
/// The first unknown key, or an I/O error (as `Ok(Err(..))` is not needed: unknown keys are
/// checked before anything is written).
pub fn write_cite(out: &mut dyn Write, args: &Args) -> std::io::Result<Result<(), String>> {
    if let Some(bad) = args.key.iter().find(|k| reference(k).is_none()) {
        return Ok(Err(bad.clone()));
    }
    if args.list {
        for r in REFERENCES {
            writeln!(out, "{:<16} {:<40} {}", r.key, r.short, r.used_for)?;
        }
        return Ok(Ok(()));
    }
    if args.key.is_empty() {
        writeln!(out, "{}\n", tool_bibtex())?;
        if args.tool {
            return Ok(Ok(()));
        }
        for r in REFERENCES {
            writeln!(out, "{}\n", r.bibtex)?;
        }
    } else {
        for r in args.key.iter().filter_map(|k| reference(k)) {
            writeln!(out, "{}\n", r.bibtex)?;
        }
    }
    Ok(Ok(()))
}

/// Runs `ptce cite`: exit 0, or 2 for an unknown key.
pub fn run(args: &Args) -> super::Outcome {
    let stdout = std::io::stdout();
    match write_cite(&mut stdout.lock(), args).map_err(super::Failure::Print)? {
        Ok(()) => Ok(Exit::Ok),
        Err(key) => {
            eprintln!("error: unknown reference key {key:?}; `ptce cite --list` shows the keys");
            Ok(Exit::Usage)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(args: Args) -> (String, Result<(), String>) {
        let mut out = Vec::new();
        let r = write_cite(&mut out, &args).unwrap();
        (String::from_utf8(out).unwrap(), r)
    }

    #[test]
    fn prints_tool_and_methods() {
        let (all, r) = cite(Args {
            tool: false,
            key: vec![],
            list: false,
        });
        assert!(r.is_ok());
        assert!(all.starts_with("@software{ptce,"));
        assert_eq!(all.matches("\n@").count(), REFERENCES.len());
        let (tool, _) = cite(Args {
            tool: true,
            key: vec![],
            list: false,
        });
        assert_eq!(tool.matches('@').count(), 1);
        let (one, _) = cite(Args {
            tool: false,
            key: vec!["jost2006".into()],
            list: false,
        });
        assert!(one.starts_with("@article{jost2006,") && one.contains("Oikos"));
        let (_, bad) = cite(Args {
            tool: false,
            key: vec!["nobody2000".into()],
            list: false,
        });
        assert_eq!(bad, Err("nobody2000".to_string()));
        let (list, _) = cite(Args {
            tool: false,
            key: vec![],
            list: true,
        });
        assert_eq!(list.lines().count(), REFERENCES.len());
    }
}
