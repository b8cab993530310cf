//! `ptce generate`: a deterministic generator of synthetic PTCE studies.
//!
//! It writes a study folder in the data contract's format (`docs/data-format.md`) whose PTCEs
//! follow the formation process of Saniossian, Lecocq & Beaucourt (2022, *M@n@gement* 25(2)):
//! a pilot organization's initiative (S1), an informal collective that grows (S2), a formal
//! collective organization (S3), with dormancy or dissolution for some. Rural and urban PTCEs
//! differ by documented [`Effects`] (`data/README.md`); [`Effects::none`] gives the null study.
//!
//! Determinism: PTCE *k* draws from its own `Pcg64` stream seeded from `(seed, k)`, shared
//! organizations from streams seeded from their pool key, and ids are given in order of first
//! encounter; so the same parameters give the same bytes, and the first *k* PTCEs are the same
//! whatever the number of PTCEs. Tables are streamed PTCE by PTCE: memory holds the pool of
//! shared organizations, not the tables.

mod events;
mod names;
mod network;
mod orgs;
mod params;
mod process;
mod rng;
pub mod survey;
mod templates;
mod timeline;
mod write;

#[cfg(test)]
mod tests;

pub use params::{
    Effects, FormationHazards, GenerateParams, TieHomophily, RURAL_SECTOR_WEIGHTS,
    URBAN_SECTOR_WEIGHTS,
};

use std::path::{Path, PathBuf};

/// Row counts of a generated study.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateSummary {
    /// `(table, rows)` in the order `ptces`, `organizations`, `memberships`, `ties`,
    /// `activities`, `participations`, `events`.
    pub rows: Vec<(String, usize)>,
}

impl GenerateSummary {
    /// Rows of all tables together.
    pub fn total_rows(&self) -> usize {
        self.rows.iter().map(|(_, n)| n).sum()
    }
}

/// Why a study could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The CSV writer failed.
    #[error("{path}: {source}")]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    /// The parameters cannot describe a study.
    #[error("invalid parameter: {0}")]
    Params(String),
}

impl GenerateError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> GenerateError {
        GenerateError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn csv(path: &Path, source: csv::Error) -> GenerateError {
        GenerateError::Csv {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Largest `--ptces` accepted (a thousand times today's national population; 10⁶ PTCEs write
/// about 100 million rows).
pub const MAX_PTCES: usize = 1_000_000;

/// Generates a synthetic study into `out_dir`: `ptces.csv`, `organizations.csv`,
/// `memberships.csv`, `ties.csv`, `activities.csv`, `participations.csv`, `events.csv` and a
/// `study.toml` holding its title. Existing files of those names are replaced; each is written
/// aside and renamed into place at the end.
///
/// # Arguments
/// * `params` — number of PTCEs, seed, effects and the process parameters
///   ([`GenerateParams::new`] gives the defaults).
/// * `out_dir` — the study folder (created if missing).
///
/// # Returns
/// The row count of each table.
///
/// # Errors
/// [`GenerateError::Params`] for zero PTCEs or a probability outside [0, 1];
/// [`GenerateError::Io`] / [`GenerateError::Csv`] with the file's path when writing fails.
///
/// # Complexity
/// O(Σ members² ) per PTCE at worst (ties draw among present members), O(N · mean members)
/// overall; memory O(shared organizations + one PTCE).
///
/// # Examples
/// ```
/// use ptce::generate::{generate_study, GenerateParams};
/// let dir = std::env::temp_dir().join(format!("ptce-doc-generate-{}", std::process::id()));
/// let summary = generate_study(&GenerateParams::new(3, 42), &dir).unwrap();
/// assert_eq!(summary.rows[0], ("ptces".to_string(), 3));
/// assert!(dir.join("memberships.csv").exists());
/// std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn generate_study(
    params: &GenerateParams,
    out_dir: &Path,
) -> Result<GenerateSummary, GenerateError> {
    check(params)?;
    let mut writer = write::StudyWriter::create(out_dir)?;
    match fill(params, &mut writer) {
        Ok(()) => {}
        Err(e) => {
            writer.abandon();
            return Err(e);
        }
    }
    let rows = writer.finish()?;
    write_study_toml(params, out_dir)?;
    Ok(GenerateSummary { rows })
}

fn check(p: &GenerateParams) -> Result<(), GenerateError> {
    if p.ptces == 0 || p.ptces > MAX_PTCES {
        return Err(GenerateError::Params(format!(
            "--ptces {}: expected between 1 and {MAX_PTCES}",
            p.ptces
        )));
    }
    let probabilities = [
        ("rural_share", p.rural_share),
        ("stall_in_s1", p.stall_in_s1),
        ("stall_in_s2", p.stall_in_s2),
        ("dormancy", p.dormancy),
        ("dissolution", p.dissolution),
        ("leave", p.leave),
        ("rejoin", p.rejoin),
        ("partial_dates", p.partial_dates),
        (
            "pilot_local_authority_urban",
            p.effects.pilot_local_authority_urban,
        ),
        (
            "pilot_local_authority_rural",
            p.effects.pilot_local_authority_rural,
        ),
    ];
    for (name, v) in probabilities {
        if !(0.0..=1.0).contains(&v) {
            return Err(GenerateError::Params(format!(
                "{name} = {v} is not a probability"
            )));
        }
    }
    let factors = [
        (
            "formalization_delay_factor",
            p.effects.formalization_delay_factor,
        ),
        ("size_factor", p.effects.size_factor),
        ("tie_rate_factor", p.effects.tie_rate_factor),
        ("members_mean", p.members_mean),
    ];
    for (name, v) in factors {
        if !(v.is_finite() && v > 0.0) {
            return Err(GenerateError::Params(format!(
                "{name} = {v} must be positive"
            )));
        }
    }
    if let Some(h) = &p.hazards {
        let (f, d) = (h.formalization_per_year, h.dissolution_per_year);
        if !(f.is_finite() && f > 0.0 && d.is_finite() && d >= 0.0) {
            return Err(GenerateError::Params(format!(
                "--formation-rate {f} must be positive and --dissolution-rate {d} non-negative"
            )));
        }
    }
    if p.members_range.0 < 2 || p.members_range.0 > p.members_range.1 {
        return Err(GenerateError::Params(
            "members_range must be lo..=hi with lo ≥ 2".into(),
        ));
    }
    Ok(())
}

fn fill(params: &GenerateParams, w: &mut write::StudyWriter) -> Result<(), GenerateError> {
    let mut pool = orgs::OrgPool::new(params.seed);
    for k in 0..params.ptces {
        let draft = process::simulate(params, k, &mut pool);
        for org in pool.take_pending() {
            w.organization(&org)?;
        }
        w.ptce(&draft.ptce)?;
        for r in &draft.memberships {
            w.membership(r)?;
        }
        for r in &draft.ties {
            w.tie(r)?;
        }
        for r in &draft.activities {
            w.activity(r)?;
        }
        for r in &draft.participations {
            w.participation(r)?;
        }
        for r in &draft.events {
            w.event(r)?;
        }
    }
    Ok(())
}

fn write_study_toml(p: &GenerateParams, out_dir: &Path) -> Result<(), GenerateError> {
    let effects = if p.effects == Effects::none() {
        ", sans effet urbain/rural"
    } else {
        ""
    };
    let text = format!(
        "# Synthetic study written by `ptce generate` (fictional PTCEs and organizations).\n\
         title = \"Étude synthétique de {} PTCE fictifs (graine {}{effects})\"\n",
        p.ptces, p.seed
    );
    let path = out_dir.join("study.toml");
    let tmp = out_dir.join("study.toml.tmp");
    std::fs::write(&tmp, text).map_err(|e| GenerateError::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| GenerateError::io(&path, e))
}
