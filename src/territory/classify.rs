//! Classification of each PTCE into a territory group (rules in `docs/territory.md`).

use std::collections::{BTreeMap, BTreeSet};

use super::geography::geography;
use super::insee::{canonical_commune, parent_commune, GridEntry, InseeGrid};
use super::place::{place_of, Place};
use super::{GridKind, Grouping, TerritoryConfig};
use crate::model::{is_rural_dens7, Ptce};

/// Group names of the DENS_AAV categories 1–4, in INSEE's order.
pub const AAV_GROUPS: [&str; 4] = [
    "urban_dense",
    "urban_intermediate",
    "rural_periurban",
    "rural_non_periurban",
];

/// The territory of one PTCE (a row of `tables/territories.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct TerritoryRow {
    /// The PTCE.
    pub ptce_id: String,
    /// Its group (`urban`, `rural`, a DENS_AAV category, a column value); `None` when unclassified.
    pub group: Option<String>,
    /// Where the group came from: `density_level`, `lookup:<column>`, `column:<name>`, or
    /// `unclassified`.
    pub source: String,
    /// The level and commune used, or why the PTCE could not be classified; ends with how an
    /// old commune code was resolved (`74011 (Annecy-le-Vieux, commune déléguée) → 74010
    /// Annecy`) when it was.
    pub detail: String,
    /// Where the PTCE is: commune resolved through the shipped COG, department, region, point,
    /// commune density ([`Place`]).
    pub place: Place,
}

impl TerritoryRow {
    fn new(ptce: &Ptce, group: Option<String>, source: String, detail: String) -> TerritoryRow {
        TerritoryRow {
            ptce_id: ptce.ptce_id.clone(),
            group,
            source,
            detail,
            place: Place::default(),
        }
    }

    fn unclassified(ptce: &Ptce, reason: String) -> TerritoryRow {
        TerritoryRow::new(ptce, None, "unclassified".to_string(), reason)
    }
}

/// Urban or rural for a level of a grid of `levels` levels (7: 1–4 urban; 3: 1–2 urban, 3 rural;
/// 4: 1–2 urban, 3–4 rural).
fn urban_rural(level: u8, levels: u8) -> Option<&'static str> {
    let rural = match levels {
        7 => is_rural_dens7(level)?,
        3 if (1..=3).contains(&level) => level == 3,
        4 if (1..=4).contains(&level) => level >= 3,
        _ => return None,
    };
    Some(if rural { "rural" } else { "urban" })
}

/// The grid entry of a PTCE's commune: the code itself, else its commune when it is an
/// arrondissement of Paris, Lyon or Marseille. Returns the entry and a description of the match.
fn lookup<'g>(
    grid: &'g InseeGrid,
    raw: &str,
    place: &Place,
) -> Result<(&'g GridEntry, String), String> {
    let Some(code) = canonical_commune(raw) else {
        return Err(format!("commune_code {raw:?} is not a commune code"));
    };
    let describe = |c: &str, e: &GridEntry| match &e.name {
        Some(name) => format!("commune {c} ({name})"),
        None => format!("commune {c}"),
    };
    if let Some(e) = grid.entries.get(&code) {
        return Ok((e, describe(&code, e)));
    }
    if let Some((parent, city)) = parent_commune(&code) {
        if let Some(e) = grid.entries.get(parent) {
            let how = format!(
                "{code} (arrondissement of {city}) → {}",
                describe(parent, e)
            );
            return Ok((e, how));
        }
    }
    if let Some(current) = place.commune_resolved.as_deref().filter(|c| *c != code) {
        if let Some(e) = grid.entries.get(current) {
            let old = place.note.as_deref().unwrap_or(&code);
            return Ok((e, format!("{old}; looked up as {}", describe(current, e))));
        }
    }
    Err(format!("commune {code} is not in the lookup file"))
}

/// Urban/rural class from the lookup grid, with the grid chosen by `kind`.
fn from_grid_urban_rural(
    grid: &InseeGrid,
    entry: &GridEntry,
    kind: GridKind,
) -> Result<(&'static str, String, String), String> {
    let dens = grid.dens_column.as_deref();
    let (column, level, levels) = match kind {
        GridKind::Auto if grid.dens7_column.is_some() => {
            (grid.dens7_column.as_deref(), entry.dens7, 7)
        }
        GridKind::Auto => (dens, entry.dens, grid.dens_levels),
        GridKind::Dens7 => match grid.dens7_column.as_deref() {
            Some(c) => (Some(c), entry.dens7, 7),
            None => (dens, entry.dens, 7),
        },
        GridKind::Dens3 => (dens, entry.dens, 3),
        GridKind::Dens4 => (dens, entry.dens, 4),
    };
    let Some(column) = column else {
        return Err("the lookup file has no density column for this grid".to_string());
    };
    let Some(level) = level else {
        return Err(format!("no {column} level in the lookup file"));
    };
    match urban_rural(level, levels) {
        Some(g) => Ok((
            g,
            format!("lookup:{column}"),
            format!("{column} = {level} ({levels} levels)"),
        )),
        None => Err(format!(
            "{column} = {level} is not a level of the {levels}-level grid"
        )),
    }
}

/// The urban/rural class of a grid entry under the grid chosen by `kind` (`None` when the entry
/// has no valid level there): the rule that classifies PTCEs, for the map's background.
pub(super) fn grid_class(
    grid: &InseeGrid,
    entry: &GridEntry,
    kind: GridKind,
) -> Option<&'static str> {
    from_grid_urban_rural(grid, entry, kind).ok().map(|r| r.0)
}

/// Why a PTCE without `density_level` stays unclassified when no grid is declared: the shipped
/// geography carries no density grid (INSEE's grid is not in a registry package), and nothing
/// is substituted for it under its name.
const NO_LOOKUP: &str = "no lookup file declared ([territory] lookup): download INSEE's grille \
    communale de densité (insee.fr, fichier_diffusion_2025.xlsx, sheet \"Maille communale\"), \
    save it as CSV in the study folder and name it in study.toml under [territory] as \
    lookup = \"<file>.csv\" (commune_density in tables/territories.csv is not that grid)";

/// Classifies one PTCE under the urban/rural grouping.
fn classify_urban_rural(
    ptce: &Ptce,
    grid: Option<&InseeGrid>,
    kind: GridKind,
    place: &Place,
) -> TerritoryRow {
    let mut reasons = Vec::new();
    match ptce.density_level {
        Some(level) => match urban_rural(level, 7) {
            Some(g) => {
                let detail = format!("density_level = {level} (7-level grid)");
                return TerritoryRow::new(ptce, Some(g.into()), "density_level".into(), detail);
            }
            None => reasons.push(format!("density_level {level} is not in 1–7")),
        },
        None => reasons.push("no density_level".to_string()),
    }
    match (grid, ptce.commune_code.as_deref()) {
        (None, _) => reasons.push(NO_LOOKUP.into()),
        (Some(_), None) => reasons.push("no commune_code".into()),
        (Some(grid), Some(code)) => {
            match lookup(grid, code, place).and_then(|(e, how)| {
                from_grid_urban_rural(grid, e, kind)
                    .map(|(g, src, d)| (g, src, format!("{how}, {d}")))
            }) {
                Ok((g, source, detail)) => {
                    let detail = match ptce.density_level {
                        Some(l) => format!("{detail}; density_level {l} ignored (not in 1–7)"),
                        None => detail,
                    };
                    return TerritoryRow::new(ptce, Some(g.into()), source, detail);
                }
                Err(reason) => reasons.push(reason),
            }
        }
    }
    TerritoryRow::unclassified(ptce, reasons.join("; "))
}

/// Classifies one PTCE into a DENS_AAV category.
fn classify_aav(ptce: &Ptce, grid: Option<&InseeGrid>, place: &Place) -> TerritoryRow {
    let Some(grid) = grid else {
        return TerritoryRow::unclassified(ptce, NO_LOOKUP.into());
    };
    let Some(column) = grid.dens_aav_column.as_deref() else {
        return TerritoryRow::unclassified(ptce, "the lookup file has no DENS_AAV column".into());
    };
    let Some(code) = ptce.commune_code.as_deref() else {
        return TerritoryRow::unclassified(ptce, "no commune_code".into());
    };
    match lookup(grid, code, place) {
        Ok((entry, how)) => match entry.dens_aav {
            Some(c) => {
                let group = AAV_GROUPS[usize::from(c - 1)].to_string();
                let detail = format!("{how}, {column} = {c}");
                TerritoryRow::new(ptce, Some(group), format!("lookup:{column}"), detail)
            }
            None => TerritoryRow::unclassified(ptce, format!("{how}: no {column} value")),
        },
        Err(reason) => TerritoryRow::unclassified(ptce, reason),
    }
}

/// The territory group of every PTCE, in the order of `ptces`.
///
/// # Arguments
/// * `ptces` - the PTCEs of the study.
/// * `grid` - the INSEE grid of the lookup file, when one is declared.
/// * `custom` - for `grouping = "column"`: the value of the configured column for each PTCE id
///   (missing or blank = unclassified).
/// * `cfg` - the `[territory]` options.
///
/// # Returns
/// One [`TerritoryRow`] per PTCE; unclassifiable PTCEs have `group = None` and the reasons in
/// `detail`. Urban/rural: `density_level` first, then the commune's level in the lookup grid
/// (arrondissements of Paris, Lyon, Marseille mapped to their commune; a code absent from the
/// grid looked up as today's commune, resolved through the shipped COG). Every row carries the
/// PTCE's [`Place`] from the shipped geography.
///
/// # Complexity
/// O(n log c) for n PTCEs and c communes in the grid.
///
/// # Examples
/// ```
/// use ptce::territory::{classify, TerritoryConfig};
/// # let p = |id: &str, level| ptce::model::Ptce { ptce_id: id.into(), name: id.into(),
/// #   commune_code: None, department: None, region: None, density_level: level,
/// #   legal_form: None, founded: None };
/// let rows = classify(&[p("a", Some(3)), p("b", Some(6)), p("c", None)], None, None,
///     &TerritoryConfig::default());
/// assert_eq!(rows[0].group.as_deref(), Some("urban"));
/// assert_eq!(rows[1].group.as_deref(), Some("rural"));
/// assert_eq!((rows[2].group.as_deref(), rows[2].source.as_str()), (None, "unclassified"));
/// ```
pub fn classify(
    ptces: &[Ptce],
    grid: Option<&InseeGrid>,
    custom: Option<&BTreeMap<String, String>>,
    cfg: &TerritoryConfig,
) -> Vec<TerritoryRow> {
    let geo = geography();
    ptces
        .iter()
        .map(|p| {
            let place = place_of(p, geo.as_ref().map(|g| *g));
            let mut row = classify_one(p, grid, custom, cfg, &place);
            if let Some(note) = place.note.as_deref() {
                if !row.detail.contains(note) {
                    row.detail = format!("{}; {note}", row.detail);
                }
            }
            row.place = place;
            row
        })
        .collect()
}

fn classify_one(
    p: &Ptce,
    grid: Option<&InseeGrid>,
    custom: Option<&BTreeMap<String, String>>,
    cfg: &TerritoryConfig,
    place: &Place,
) -> TerritoryRow {
    match cfg.grouping {
        Grouping::UrbanRural => classify_urban_rural(p, grid, cfg.grid, place),
        Grouping::DensAav => classify_aav(p, grid, place),
        Grouping::Column => {
            let name = cfg.column.as_deref().unwrap_or("");
            let value = custom
                .and_then(|m| m.get(&p.ptce_id))
                .map(|v| v.trim())
                .filter(|v| !v.is_empty());
            match value {
                Some(v) => TerritoryRow::new(
                    p,
                    Some(v.to_string()),
                    format!("column:{name}"),
                    format!("{name} = {v}"),
                ),
                None => TerritoryRow::unclassified(p, format!("no value in column {name}")),
            }
        }
    }
}

/// The order of the groups in the comparison tables when `[comparison] groups` is not given:
/// `urban, rural`, or the DENS_AAV categories in INSEE's order, or the sorted distinct values of
/// a custom column. Groups nobody belongs to are kept for the two built-in groupings (so that the
/// urban/rural table always has its two groups) and left out for a custom column.
///
/// # Arguments
/// * `grouping` - the grouping.
/// * `rows` - the classification.
///
/// # Returns
/// The group names in order.
///
/// # Complexity
/// O(n log n).
pub fn default_group_order(grouping: Grouping, rows: &[TerritoryRow]) -> Vec<String> {
    match grouping {
        Grouping::UrbanRural => vec!["urban".into(), "rural".into()],
        Grouping::DensAav => AAV_GROUPS.iter().map(|s| s.to_string()).collect(),
        Grouping::Column => rows
            .iter()
            .filter_map(|r| r.group.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_levels() {
        assert_eq!(urban_rural(4, 7), Some("urban"));
        assert_eq!(urban_rural(5, 7), Some("rural"));
        assert_eq!(urban_rural(2, 3), Some("urban"));
        assert_eq!(urban_rural(3, 3), Some("rural"));
        assert_eq!(urban_rural(4, 3), None);
        assert_eq!(urban_rural(4, 4), Some("rural"));
        assert_eq!(urban_rural(0, 4), None);
    }
}
