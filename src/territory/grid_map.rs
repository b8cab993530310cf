//! The lookup grid's communes placed on the map (`tables/territory_grid.csv`): each commune of the
//! INSEE grid the researcher declared (`[territory] lookup`) with the class the study's grouping
//! gives it (`urban` / `rural`, or a DENS_AAV category) and the representative point of the
//! shipped geography. The map figure draws these classes as its background (issue 23).
//!
//! A grid code is placed at the point of the COG row of the same code (the current commune
//! first), else, when the grid is of an older vintage than the shipped COG, at the point of the
//! commune that absorbed it (COG `anciensCodes`); a code found in neither is left out (the table
//! lists only what can be drawn; `tables/territories.csv` still classifies every PTCE).

use super::classify::{grid_class, AAV_GROUPS};
use super::geography::{geography, Geography};
use super::insee::InseeGrid;
use super::{Grouping, TerritoryConfig};
use crate::table::Table;

/// One commune of the grid with its class and point.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCommune {
    /// The grid's commune code.
    pub code: String,
    /// Its class under the study's grouping (`urban`, `rural`, a DENS_AAV category).
    pub class: String,
    /// Department of the COG row that gave the point.
    pub department: String,
    /// Representative point, WGS 84 longitude and latitude in degrees.
    pub lon: f64,
    /// See `lon`.
    pub lat: f64,
    /// Geodesic area of that COG row (km²), when the geography has it.
    pub area_km2: Option<f64>,
}

/// The grid's communes with a class and a point, sorted by code.
///
/// # Arguments
/// * `grid` - the lookup grid.
/// * `geo` - the shipped geography.
/// * `cfg` - the `[territory]` options (grouping and grid kind).
///
/// # Returns
/// One [`GridCommune`] per grid code that has a class under the grouping and a point; empty
/// under `grouping = "column"` (the grid gives no class then).
///
/// # Complexity
/// O(c log n) for c grid codes and n communes of the COG.
pub fn grid_communes(grid: &InseeGrid, geo: &Geography, cfg: &TerritoryConfig) -> Vec<GridCommune> {
    if cfg.grouping == Grouping::Column {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (code, entry) in &grid.entries {
        let class = match cfg.grouping {
            Grouping::DensAav => entry
                .dens_aav
                .and_then(|c| AAV_GROUPS.get(usize::from(c).wrapping_sub(1)))
                .map(|g| (*g).to_string()),
            _ => grid_class(grid, entry, cfg.grid).map(str::to_string),
        };
        let Some(class) = class else { continue };
        let row = geo
            .rows(code)
            .find(|c| c.point.is_some())
            .or_else(|| geo.successors(code).find(|c| c.point.is_some()));
        if let Some((c, Some((lon, lat)))) = row.map(|c| (c, c.point)) {
            out.push(GridCommune {
                code: code.clone(),
                class,
                department: c.department.clone(),
                lon,
                lat,
                area_km2: c.area_km2,
            });
        }
    }
    out
}

/// `tables/territory_grid.csv` when a lookup grid is declared and the shipped geography reads.
///
/// # Arguments
/// * `grid` - the lookup grid, when one is declared.
/// * `cfg` - the `[territory]` options.
///
/// # Returns
/// The table `territory_grid` (`commune_code`, `class`, `department`, `lon`, `lat`,
/// `area_km2`), or `None`
/// without a grid, under `grouping = "column"`, or when the geography cannot be read.
///
/// # Complexity
/// O(c log n).
pub fn territory_grid_table(grid: Option<&InseeGrid>, cfg: &TerritoryConfig) -> Option<Table> {
    if cfg.grouping == Grouping::Column {
        return None;
    }
    let rows = grid_communes(grid?, geography().ok()?, cfg);
    Some(
        Table::new("territory_grid")
            .str("commune_code", rows.iter().map(|r| Some(r.code.clone())))
            .str("class", rows.iter().map(|r| Some(r.class.clone())))
            .str(
                "department",
                rows.iter().map(|r| Some(r.department.clone())),
            )
            .float("lon", rows.iter().map(|r| Some(r.lon)))
            .float("lat", rows.iter().map(|r| Some(r.lat)))
            .float("area_km2", rows.iter().map(|r| r.area_km2)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::territory::{parse_insee_grid, GridKind};

    const EXTRACT: &str = include_str!("../../tests/fixtures/territory/grille_densite_extrait.csv");

    #[test]
    fn every_placed_code_has_its_grid_class_and_the_point_of_its_commune() {
        let grid = parse_insee_grid(EXTRACT).unwrap();
        let geo = geography().unwrap();
        let cfg = TerritoryConfig::default();
        let rows = grid_communes(&grid, geo, &cfg);
        assert!(!rows.is_empty());
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        assert_eq!(codes, sorted, "sorted by code");
        for r in &rows {
            let e = &grid.entries[&r.code];
            // Hand rule of docs/territory.md: DENS7 1–4 urban, 5–7 rural (the extract has DENS7).
            let level = e.dens7.unwrap();
            assert_eq!(
                r.class,
                if level <= 4 { "urban" } else { "rural" },
                "{}",
                r.code
            );
            let c = geo.rows(&r.code).find(|c| c.point.is_some()).unwrap();
            assert_eq!((r.lon, r.lat), c.point.unwrap());
            assert_eq!(r.department, c.department);
            assert_eq!(r.area_km2, c.area_km2);
        }
        // The 3-level reading of the same file: DENS 1–2 urban, 3 rural (Talence: DENS7 3 and
        // DENS 1, urban both ways; Celles-sur-Belle: DENS7 5 and DENS 3, rural both ways).
        let dens3 = TerritoryConfig {
            grid: GridKind::Dens3,
            ..TerritoryConfig::default()
        };
        for r in grid_communes(&grid, geo, &dens3) {
            let d = grid.entries[&r.code].dens.unwrap();
            assert_eq!(r.class, if d <= 2 { "urban" } else { "rural" });
        }
    }

    #[test]
    fn the_dens_aav_grouping_gives_insee_categories() {
        let grid = parse_insee_grid(EXTRACT).unwrap();
        let cfg = TerritoryConfig {
            grouping: Grouping::DensAav,
            lookup: Some("g.csv".into()),
            ..TerritoryConfig::default()
        };
        let rows = grid_communes(&grid, geography().unwrap(), &cfg);
        let class = |code: &str| {
            rows.iter()
                .find(|r| r.code == code)
                .map(|r| r.class.as_str())
        };
        assert_eq!(class("13055"), Some("urban_dense"));
        assert_eq!(class("2A004"), Some("urban_intermediate"));
        assert_eq!(class("79048"), Some("rural_periurban"));
        assert_eq!(class("01001"), Some("rural_non_periurban"));
        assert_eq!(class("99001"), None, "no level, no point");
    }

    #[test]
    fn a_column_grouping_or_no_grid_gives_no_table() {
        let grid = parse_insee_grid(EXTRACT).unwrap();
        let column = TerritoryConfig {
            grouping: Grouping::Column,
            column: Some("x".into()),
            ..TerritoryConfig::default()
        };
        assert!(territory_grid_table(Some(&grid), &column).is_none());
        assert!(territory_grid_table(None, &TerritoryConfig::default()).is_none());
        let t = territory_grid_table(Some(&grid), &TerritoryConfig::default()).unwrap();
        assert!(t.height() > 0);
    }
}
