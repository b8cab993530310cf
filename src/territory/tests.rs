//! Classification of PTCEs with a fixture in the format of INSEE's published grid (4 title rows,
//! `;`, French headers): expected groups are read off the fixture by hand.

use std::collections::BTreeMap;

use super::*;
use crate::model::Ptce;

const GRID: &str = include_str!("../../tests/fixtures/territory/grille_densite_extrait.csv");

fn ptce(id: &str, commune: Option<&str>, level: Option<u8>) -> Ptce {
    Ptce {
        ptce_id: id.into(),
        name: id.into(),
        commune_code: commune.map(String::from),
        department: None,
        region: None,
        density_level: level,
        legal_form: None,
        founded: None,
    }
}

fn ptces() -> Vec<Ptce> {
    vec![
        ptce("p_level", Some("2A041"), Some(2)), // density_level wins over the (rural) commune
        ptce("p_paris8", Some("75108"), None),   // arrondissement → 75056, DENS7 1
        ptce("p_corse_rural", Some("2A041"), None), // DENS7 7
        ptce("p_corse_urban", Some("2a004"), None), // lower case, DENS7 2
        ptce("p_ain", Some("01001"), None),      // DENS7 6
        ptce("p_bourg", Some("01053"), None),    // written 1053 in the file (zero dropped)
        ptce("p_marseille", Some("13208"), None), // arrondissement → 13055
        ptce("p_unknown", Some("99999"), None),  // not in the file
        ptce("p_nothing", None, None),           // nothing to classify with
        ptce("p_no_level", Some("99001"), None), // in the file, empty levels
        ptce("p_bad_level", None, Some(9)),      // invalid level, no commune
        ptce("p_bad_level_paris", Some("75056"), Some(0)), // invalid level, commune used
    ]
}

fn groups(rows: &[TerritoryRow]) -> Vec<Option<&str>> {
    rows.iter().map(|r| r.group.as_deref()).collect()
}

#[test]
fn insee_fixture_is_parsed() {
    let grid = parse_insee_grid(GRID).unwrap();
    assert_eq!(grid.header_line, 5);
    assert_eq!(grid.separator, ';');
    assert_eq!(grid.entries.len(), 13);
    assert_eq!(
        grid.dens7_column.as_deref(),
        Some("Degré de densité (7 niveaux)")
    );
    assert_eq!(
        grid.dens_column.as_deref(),
        Some("Degré de densité (3 niveaux)")
    );
    assert_eq!(grid.dens_aav_column.as_deref(), Some("Catégorie d'espace"));
    assert_eq!(grid.dens_levels, 3);
    assert_eq!(grid.entries["2B033"].name.as_deref(), Some("Bastia"));
    assert_eq!(grid.entries["01053"].dens7, Some(1));
    assert_eq!(grid.entries["79048"].dens_aav, Some(3));
    assert!(grid.problems.is_empty(), "{:?}", grid.problems);
}

#[test]
fn urban_rural_from_the_fixture() {
    let grid = parse_insee_grid(GRID).unwrap();
    let rows = classify(&ptces(), Some(&grid), None, &TerritoryConfig::default());
    assert_eq!(
        groups(&rows),
        vec![
            Some("urban"),
            Some("urban"),
            Some("rural"),
            Some("urban"),
            Some("rural"),
            Some("urban"),
            Some("urban"),
            None,
            None,
            None,
            None,
            Some("urban")
        ]
    );
    assert!(rows[11]
        .detail
        .ends_with("density_level 0 ignored (not in 1–7)"));
    assert_eq!(rows[0].source, "density_level");
    assert_eq!(rows[1].source, "lookup:Degré de densité (7 niveaux)");
    assert!(rows[1]
        .detail
        .contains("75108 (arrondissement of Paris) → commune 75056 (Paris)"));
    assert!(rows[7]
        .detail
        .contains("commune 99999 is not in the lookup file"));
    assert!(
        rows[8].detail.contains("no density_level") && rows[8].detail.contains("no commune_code")
    );
    assert!(rows[9]
        .detail
        .contains("no Degré de densité (7 niveaux) level"));
    assert!(rows[10].detail.contains("density_level 9 is not in 1–7"));
    assert!(rows[7..11].iter().all(|r| r.source == "unclassified"));
    let t = territories_table(&rows);
    assert_eq!(
        (t.name.as_str(), t.height(), t.columns.len()),
        ("territories", 12, 11)
    );
}

#[test]
fn three_level_grid_and_no_lookup() {
    let grid = parse_insee_grid(GRID).unwrap();
    let cfg = TerritoryConfig {
        grid: GridKind::Dens3,
        ..TerritoryConfig::default()
    };
    let rows = classify(&ptces(), Some(&grid), None, &cfg);
    // Talence: DENS 1 (urban) in both grids; Ain: DENS 3 rural; Corsican rural: DENS 3.
    assert_eq!(
        groups(&rows)[..7],
        groups(&classify(
            &ptces(),
            Some(&grid),
            None,
            &TerritoryConfig::default()
        ))[..7]
    );
    assert_eq!(rows[2].source, "lookup:Degré de densité (3 niveaux)");
    let none = classify(&ptces(), None, None, &TerritoryConfig::default());
    assert_eq!(none[0].group.as_deref(), Some("urban"));
    assert!(none[1..].iter().all(|r| r.group.is_none()));
    assert_eq!(none.len(), 12);
    assert!(none[1].detail.contains("no lookup file declared"));
}

#[test]
fn dens_aav_and_column_groupings() {
    let grid = parse_insee_grid(GRID).unwrap();
    let cfg = TerritoryConfig {
        grouping: Grouping::DensAav,
        lookup: Some("grille.csv".into()),
        ..TerritoryConfig::default()
    };
    assert_eq!(cfg.validate(), Ok(()));
    let rows = classify(&ptces(), Some(&grid), None, &cfg);
    assert_eq!(rows[0].group.as_deref(), Some("rural_non_periurban")); // 2A041, AAV 4
    assert_eq!(rows[1].group.as_deref(), Some("urban_dense"));
    assert_eq!(rows[3].group.as_deref(), Some("urban_intermediate"));
    assert_eq!(rows[1].source, "lookup:Catégorie d'espace");
    assert!(rows[8].group.is_none());
    let custom: BTreeMap<String, String> = [
        ("p_ain".to_string(), " mountain ".to_string()),
        ("p_level".to_string(), "".to_string()),
    ]
    .into_iter()
    .collect();
    let cfg = TerritoryConfig {
        grouping: Grouping::Column,
        column: Some("massif".into()),
        ..TerritoryConfig::default()
    };
    let rows = classify(&ptces(), Some(&grid), Some(&custom), &cfg);
    assert_eq!(rows[4].group.as_deref(), Some("mountain"));
    assert_eq!(rows[4].source, "column:massif");
    assert!(rows[0].group.is_none() && rows[0].detail.contains("no value in column massif"));
    assert_eq!(
        default_group_order(Grouping::Column, &rows),
        vec!["mountain".to_string()]
    );
}

#[test]
fn config_is_checked_and_read_from_toml() {
    let cfg: TerritoryConfig =
        toml::from_str("lookup = \"g.csv\"\ngrouping = \"dens_aav\"\ngrid = \"dens4\"").unwrap();
    assert_eq!(cfg.grouping, Grouping::DensAav);
    assert_eq!(cfg.grid, GridKind::Dens4);
    assert!(toml::from_str::<TerritoryConfig>("lokup = \"g.csv\"").is_err());
    let bad = TerritoryConfig {
        grouping: Grouping::Column,
        ..TerritoryConfig::default()
    };
    assert_eq!(bad.validate(), Err(TerritoryConfigError::MissingColumn));
}

const SAMPLE_PTCES: &str = include_str!("../../data/sample/ptces.csv");
const SAMPLE_GRID: &str = include_str!("../../tests/fixtures/territory/sample_grid.csv");

/// The sample's PTCEs as written, and the same with only `ptce_id`, `name` and `commune_code`.
fn sample_ptces() -> (Vec<Ptce>, Vec<Ptce>) {
    let mut full = Vec::new();
    let mut bare = Vec::new();
    let mut reader = csv::Reader::from_reader(SAMPLE_PTCES.as_bytes());
    for rec in reader.records() {
        let rec = rec.unwrap();
        let cell = |i: usize| rec.get(i).filter(|s| !s.is_empty()).map(String::from);
        let p = Ptce {
            ptce_id: rec[0].to_string(),
            name: rec[1].to_string(),
            commune_code: cell(2),
            department: cell(3),
            region: cell(4),
            density_level: cell(5).map(|s| s.parse().unwrap()),
            legal_form: None,
            founded: None,
        };
        bare.push(Ptce {
            department: None,
            region: None,
            density_level: None,
            ..p.clone()
        });
        full.push(p);
    }
    (full, bare)
}

/// Without `department`, `region` and `density_level`, the sample's PTCEs classified through a
/// grid holding the sample's own levels (`tests/fixtures/territory/sample_grid.csv`, written by
/// `tools/geography/sample_grid.py`) get exactly the groups their `density_level` gives; the
/// department and region derived from the shipped COG equal the sample's own (exact match).
#[test]
fn sample_without_department_region_or_level() {
    let (full, bare) = sample_ptces();
    assert_eq!(full.len(), 64);
    let cfg = TerritoryConfig::default();
    let grid = parse_insee_grid(SAMPLE_GRID).unwrap();
    let expected = classify(&full, None, None, &cfg);
    let got = classify(&bare, Some(&grid), None, &cfg);
    assert!(expected.iter().all(|r| r.source == "density_level"));
    assert!(got.iter().all(|r| r.source == "lookup:DENS7"), "{got:?}");
    assert_eq!(groups(&got), groups(&expected));
    for (row, p) in got.iter().zip(&full) {
        assert_eq!(row.place.department, p.department, "{}", p.ptce_id);
        assert_eq!(row.place.region, p.region, "{}", p.ptce_id);
        assert!(row.place.lon.is_some() && row.place.commune_density.is_some());
    }
    // The study's own values win, and are what the full rows report.
    let kept = classify(&full, Some(&grid), None, &cfg);
    assert_eq!(groups(&kept), groups(&expected));
    assert!(kept.iter().all(|r| r.source == "density_level"));
}

/// Old codes reach the grid through today's commune, with the note in `detail`.
#[test]
fn old_codes_are_looked_up_as_todays_commune() {
    let grid = parse_insee_grid("CODGEO;DENS7\n74010;2\n2A004;2\n").unwrap();
    let rows = classify(
        &[
            ptce("annecy_le_vieux", Some("74011"), None),
            ptce("ajaccio", Some("20004"), None),
        ],
        Some(&grid),
        None,
        &TerritoryConfig::default(),
    );
    assert_eq!(groups(&rows), vec![Some("urban"), Some("urban")]);
    assert!(
        rows[0].detail.starts_with(
            "74011 (Annecy-le-Vieux, commune déléguée) → 74010 Annecy; looked up as commune 74010, DENS7 = 2"
        ),
        "{}",
        rows[0].detail
    );
    assert_eq!(rows[1].place.commune_name.as_deref(), Some("Ajaccio"));
    let none = classify(
        &[ptce("x", Some("74011"), None)],
        None,
        None,
        &TerritoryConfig::default(),
    );
    assert!(none[0].detail.contains("fichier_diffusion_2025.xlsx"));
    assert!(none[0]
        .detail
        .ends_with("74011 (Annecy-le-Vieux, commune déléguée) → 74010 Annecy"));
    let t = territories_table(&none);
    assert_eq!(t.columns[4].name, "commune_resolved");
    assert_eq!(t.columns[10].name, "commune_density");
}
