//! The output folder of `ptce run`: its default, and the checks made before anything is read —
//! it is neither inside the study folder nor holding it, and it does not hold files that are
//! not the results of this study (unless `--force`).

use super::Failure;
use crate::report::outdir::OutputError;
use std::path::{Path, PathBuf};

/// Checks that `out` may receive the results of the study in `dir` (see the module).
///
/// # Errors
/// [`Failure::Folder`] when one folder holds the other, [`Failure::Foreign`] when `out` holds
/// something else and `force` is not set.
pub fn check(dir: &Path, out: &Path, force: bool, study_abs: &str) -> Result<(), Failure> {
    if inside(out, dir) {
        return Err(Failure::Folder(OutputError::InsideStudy {
            path: out.to_path_buf(),
        }));
    }
    // The other way round, replacing the output folder (with --force) would delete the inputs.
    if inside(dir, out) {
        return Err(Failure::Folder(OutputError::HoldsStudy {
            path: out.to_path_buf(),
            study: dir.to_path_buf(),
        }));
    }
    if !out.exists() || force {
        return Ok(());
    }
    let what = match previous_results(out) {
        Previous::Ptce(Some(prev)) if prev != study_abs => {
            format!("the results of another study ({prev})")
        }
        Previous::Ptce(_) => return Ok(()),
        Previous::Foreign => "files that ptce did not write (no manifest.json)".to_string(),
    };
    Err(Failure::Foreign {
        out: out.to_path_buf(),
        what,
    })
}

/// The absolute path of the study folder as the manifest records it.
pub fn absolute(dir: &Path) -> String {
    dir.canonicalize()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| dir.display().to_string())
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

/// `notebooks-out/<name of the study folder>`.
pub fn default_out(study: &Path) -> PathBuf {
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
