//! The inputs a study names besides its tables — the disparity matrices of `[diversity]`, the
//! territory lookup and grouping column of `[territory]`, the columns of `ptces.csv` that
//! `[models]` uses — read and checked once, for `ptce run` and `ptce validate` alike, with the
//! same located messages as the tables.

use std::collections::BTreeMap;
use std::path::Path;

use super::Severity;

use crate::diversity::Matrices;
use crate::territory::TerritoryInputs;

/// Reads the disparity matrices that `[diversity] disparity_files` names.
///
/// # Errors
/// Every problem found, located in its file.
pub fn read_matrices(
    dir: &Path,
    cfg: &crate::config::DiversityConfig,
) -> Result<(Matrices, Vec<crate::load::InputFile>), Vec<crate::validate::Problem>> {
    use crate::validate::Problem;
    let mut out = BTreeMap::new();
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for (dimension, file) in &cfg.disparity_files {
        if !["actor_type", "naf_section", "naf_division", "sector"].contains(&dimension.as_str()) {
            problems.push(Problem::file(Severity::Error, "study.toml", format!("[diversity] disparity_files: unknown dimension {dimension:?}; expected actor_type, naf_section, naf_division or sector")));
            continue;
        }
        match crate::load::read_declared(dir, file, &format!("disparity:{dimension}")) {
            Err(e) => problems.push(Problem::file(Severity::Error, e.file(), e.to_string())),
            Ok((text, fp)) => match crate::diversity::Disparity::from_csv(&text) {
                Ok(d) => {
                    out.insert(dimension.clone(), d);
                    inputs.push(fp);
                }
                Err(errors) => {
                    for m in errors.problems {
                        let mut p = Problem::file(Severity::Error, file, m.problem.to_string());
                        p.line = Some(m.line);
                        p.column = Some(m.column);
                        p.value = Some(m.value.clone());
                        problems.push(p);
                    }
                }
            },
        }
    }
    if problems.is_empty() {
        Ok((out, inputs))
    } else {
        Err(problems)
    }
}

/// What [`territory_inputs`] returns: the inputs, warnings, and fingerprints of files read.
pub type TerritoryRead = (
    TerritoryInputs,
    Vec<crate::validate::Problem>,
    Vec<crate::load::InputFile>,
);

/// Reads the territory lookup named by `[territory] lookup` and the grouping column of
/// `ptces.csv` named by `[territory] column`.
///
/// # Errors
/// Every problem that makes the lookup unusable, located in its file.
pub fn territory_inputs(
    dir: &Path,
    raw: &crate::load::RawStudy,
    study_cfg: &crate::config::StudyConfig,
) -> Result<TerritoryRead, Vec<crate::validate::Problem>> {
    use crate::validate::Problem;
    let cfg = &study_cfg.territory;
    let mut out = TerritoryInputs::default();
    let (mut warnings, mut inputs) = (Vec::new(), Vec::new());
    if let Some(file) = &cfg.lookup {
        let (text, fp) = crate::load::read_declared(dir, file, "territory_lookup")
            .map_err(|e| vec![Problem::file(Severity::Error, e.file(), e.to_string())])?;
        let grid = crate::territory::parse_insee_grid(&text).map_err(|e| {
            // Where the reader stopped: the first line without a header, or the header itself.
            let line = match e {
                crate::territory::GridError::NoHeader { .. } => 1,
                crate::territory::GridError::Empty { header_line } => header_line,
            };
            let mut p = Problem::file(Severity::Error, file, e.to_string());
            p.line = Some(line);
            p.column = Some(1);
            vec![p]
        })?;
        for g in &grid.problems {
            let mut p = Problem::file(Severity::Warning, file, g.reason.to_string());
            p.line = Some(g.line);
            p.column_name = Some(g.column.clone());
            p.value = Some(g.value.clone());
            warnings.push(p);
        }
        inputs.push(fp);
        out.grid = Some(grid);
    }
    if let Some(column) = &cfg.column {
        let table = raw.table("ptces");
        match table.and_then(|t| Some((t, t.column(column)?, t.column("ptce_id")?))) {
            Some((t, c, id)) => {
                out.column = Some(
                    t.rows
                        .iter()
                        .filter_map(|r| Some((r.get(id)?.to_string(), r.get(c)?.to_string())))
                        .filter(|(_, v)| !crate::validate::cells::is_null(v, false))
                        .collect(),
                );
            }
            None => {
                return Err(vec![Problem::file(
                    Severity::Error,
                    "study.toml",
                    format!("[territory] column {column:?} is not a column of ptces.csv"),
                )])
            }
        }
    }
    out.model_columns = model_columns(raw, &study_cfg.models)?;
    Ok((out, warnings, inputs))
}

/// The raw cells of the `ptces.csv` columns that `[models]` names (covariates other than
/// `cohort`, `founded` and `commune_density`, and the cluster column): column → PTCE → text.
///
/// # Errors
/// A named column that `ptces.csv` lacks.
pub fn model_columns(
    raw: &crate::load::RawStudy,
    cfg: &crate::compare::ModelsConfig,
) -> Result<BTreeMap<String, BTreeMap<String, String>>, Vec<crate::validate::Problem>> {
    use crate::validate::Problem;
    let names: Vec<(&str, &String)> = cfg
        .covariates
        .iter()
        .filter(|c| !["cohort", "founded", "commune_density"].contains(&c.as_str()))
        .map(|c| ("covariate", c))
        .chain(cfg.cluster.iter().map(|c| ("cluster", c)))
        .collect();
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    let table = raw.table("ptces");
    for (what, name) in names {
        match table.and_then(|t| Some((t, t.column(name)?, t.column("ptce_id")?))) {
            Some((t, c, id)) => {
                let cells: BTreeMap<String, String> = t
                    .rows
                    .iter()
                    .filter_map(|r| Some((r.get(id)?.to_string(), r.get(c)?.to_string())))
                    .filter(|(_, v)| !crate::validate::cells::is_null(v, false))
                    .collect();
                out.insert(name.clone(), cells);
            }
            None => problems.push(Problem::file(
                Severity::Error,
                "study.toml",
                format!(
                    "[models] {what} {name:?} is not a column of ptces.csv (nor cohort, founded or commune_density)"
                ),
            )),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// What [`side_inputs`] found: the problems (errors and warnings, located in their files) and
/// whether the study stays usable.
pub struct SideInputs {
    /// Problems of the matrices, the lookup and the named columns.
    pub problems: Vec<crate::validate::Problem>,
    /// `false` when one of them is an error.
    pub usable: bool,
}

/// Reads and checks the disparity matrices, the territory lookup and the columns that
/// `study.toml` names, into `study` (`matrices`, `territory`, and their fingerprints appended
/// to `inputs`, matrices first), then enriches the organizations from the SIRENE register of
/// `[enrich]` ([`enrich_inputs`]; `pending`: organizations whose actor type is to derive).
pub fn side_inputs(
    raw: &crate::load::RawStudy,
    study: &mut crate::study::Study,
    pending: &std::collections::BTreeSet<String>,
) -> SideInputs {
    let mut problems = Vec::new();
    let mut usable = enrich_inputs(raw, study, pending, &mut problems);
    match read_matrices(&raw.dir, &study.config.diversity) {
        Ok((m, fingerprints)) => {
            study.matrices = m;
            study.inputs.extend(fingerprints);
        }
        Err(p) => {
            usable = false;
            problems.extend(p);
        }
    }
    match territory_inputs(&raw.dir, raw, &study.config) {
        Ok((t, warnings, fingerprints)) => {
            problems.extend(warnings);
            study.territory = t;
            study.inputs.extend(fingerprints);
        }
        Err(p) => {
            usable = false;
            problems.extend(p);
        }
    }
    SideInputs { problems, usable }
}

/// Reads the SIRENE registers of `[enrich]` (only the study's SIRENs and SIRETs) and fills the
/// organizations of `study` ([`crate::enrich::enrich`]): the listing goes to
/// `study.enrichment`, the registers' fingerprints to `study.inputs`, problems to `problems`
/// (located at the organization's row).
///
/// # Returns
/// `false` when a register cannot be read or an actor type cannot be derived.
pub fn enrich_inputs(
    raw: &crate::load::RawStudy,
    study: &mut crate::study::Study,
    pending: &std::collections::BTreeSet<String>,
    problems: &mut Vec<crate::validate::Problem>,
) -> bool {
    use crate::enrich::{self, ActorTable};
    use crate::load::sirene::read_register;
    use crate::validate::Problem;
    let cfg = study.config.enrich.clone();
    let Some(units_file) = &cfg.sirene else {
        if cfg.sirene_establishments.is_some() {
            problems.push(Problem::file(
                Severity::Error,
                "study.toml",
                "[enrich] sirene_establishments needs [enrich] sirene (the stock of legal units)",
            ));
            return false;
        }
        return true;
    };
    let table = match ActorTable::new(&cfg.actor_types) {
        Ok(t) => t,
        Err(errors) => {
            for e in errors {
                problems.push(Problem::file(Severity::Error, "study.toml", e));
            }
            return false;
        }
    };
    let orgs = &study.organizations;
    let sirens = orgs.iter().filter_map(|o| o.siren.clone()).collect();
    let sirets: std::collections::BTreeSet<String> =
        orgs.iter().filter_map(|o| o.siret.clone()).collect();
    let mut read = |file: &str, role: &str, columns: &[&str], keys| {
        read_register(&raw.dir, file, role, columns, keys)
            .map_err(|e| problems.push(Problem::file(Severity::Error, e.file(), e.to_string())))
            .ok()
    };
    let Some(units) = read(units_file, "sirene", enrich::LEGAL_UNIT_COLUMNS, &sirens) else {
        return false;
    };
    let establishments = match &cfg.sirene_establishments {
        None => None,
        Some(f) => match read(
            f,
            "sirene_establishments",
            enrich::ESTABLISHMENT_COLUMNS,
            &sirets,
        ) {
            None => return false,
            some => some,
        },
    };
    let mut joined: BTreeMap<String, crate::date::PartialDate> = BTreeMap::new();
    for m in &study.memberships {
        let e = joined.entry(m.org_id.clone()).or_insert(m.joined);
        if m.joined < *e {
            *e = m.joined;
        }
    }
    let out = enrich::enrich(
        &mut study.organizations,
        &units.rows,
        establishments.as_ref().map(|r| &r.rows),
        pending,
        &joined,
        &table,
    );
    let t_orgs = raw.table("organizations");
    let cols = super::references::Columns::of(t_orgs, "organizations.csv");
    let lines: BTreeMap<&str, usize> = t_orgs
        .and_then(|t| Some((t, t.column("org_id")?)))
        .map(|(t, id)| {
            t.rows
                .iter()
                .filter_map(|r| Some((r.get(id)?, r.line)))
                .collect()
        })
        .unwrap_or_default();
    let mut usable = true;
    for f in &out.findings {
        let severity = if f.error {
            usable = false;
            Severity::Error
        } else {
            Severity::Warning
        };
        let line = lines.get(f.org_id.as_str()).copied().unwrap_or(1);
        let org = study.organization(&f.org_id);
        let value = match f.field {
            "siren" => org.and_then(|o| o.siren.clone()),
            _ => None,
        }
        .unwrap_or_default();
        problems.push(cols.at(severity, line, f.field, &value, f.message.clone()));
    }
    study.inputs.push(units.input);
    study.inputs.extend(establishments.map(|r| r.input));
    study.enrichment = Some(out.rows);
    usable
}
