//! `ptce init DIR --format xlsx`: the scaffold as one workbook, `study.xlsx` — a `README` sheet
//! that explains every column in French, then one sheet per table of the data contract with
//! its header (bold, frozen) and the example rows of the CSV scaffold, columns sized to their
//! content; beside it the same commented `study.toml`. The study loader reads the workbook
//! back (`src/load/sheet.rs`) and it validates as is.

use super::scaffold::{InitError, TABLES};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};
use std::path::Path;

/// One column explained: (column, required, French description).
pub type ColumnFr = (&'static str, bool, &'static str);

/// French description of every column, by table.
pub const COLUMNS_FR: &[(&str, &[ColumnFr])] = &[
    ("ptces", &[
        ("ptce_id", true, "Identifiant unique du PTCE (texte libre, ex. P01)."),
        ("name", true, "Nom du PTCE."),
        ("commune_code", true, "Code officiel géographique (INSEE) de la commune du siège, 5 caractères (ex. 07186, 2A004). Saisir en texte : un code saisi comme nombre perd son zéro initial (il est rétabli, avec un avertissement)."),
        ("department", true, "Code du département (ex. 07, 2A, 974)."),
        ("region", false, "Nom de la région."),
        ("density_level", false, "Grille communale de densité de l'INSEE en 7 niveaux : 1 à 4 urbain, 5 à 7 rural."),
        ("legal_form", false, "Forme juridique du PTCE : association, scic, scop, sas, sarl, gie, endowment_fund, none, other."),
        ("founded", false, "Date de création (AAAA-MM-JJ, JJ/MM/AAAA, AAAA-MM ou AAAA ; une date Excel convient)."),
    ]),
    ("organizations", &[
        ("org_id", true, "Identifiant unique de l'organisation membre."),
        ("name", true, "Nom de l'organisation."),
        ("actor_type", true, "Type d'acteur : local_authority, public_agency, ess_association, ess_cooperative, ess_mutual, ess_foundation, company, training_research, citizen, other."),
        ("naf_code", false, "Code NAF rév. 2 de l'activité principale (ex. 88.99B)."),
        ("legal_category", false, "Catégorie juridique INSEE, 4 chiffres (ex. 9220 pour une association déclarée)."),
        ("siren", false, "Numéro SIREN, 9 chiffres avec clé de Luhn valide. Saisir en texte."),
        ("commune_code", false, "Code INSEE de la commune de l'organisation (comme pour les PTCE)."),
        ("employees", false, "Effectif salarié (nombre ≥ 0)."),
    ]),
    ("memberships", &[
        ("ptce_id", true, "PTCE concerné (un ptce_id de la feuille ptces)."),
        ("org_id", true, "Organisation membre (un org_id de la feuille organizations)."),
        ("joined", true, "Date d'entrée dans le PTCE."),
        ("left", false, "Date de sortie (premier jour sans adhésion), vide si toujours membre."),
        ("role", true, "Rôle : pilot, founder, member, partner."),
    ]),
    ("ties", &[
        ("ptce_id", true, "PTCE au sein duquel le lien existe."),
        ("source", true, "Première organisation du lien (org_id d'un membre du PTCE)."),
        ("target", true, "Seconde organisation du lien (un autre membre du même PTCE)."),
        ("kind", true, "Nature du lien : information, co_creation, resource_pooling, funding, staff_sharing, equipment_sharing, governance, other."),
        ("start", true, "Date de début du lien."),
        ("end", false, "Date de fin du lien, vide s'il dure encore."),
        ("weight", false, "Intensité du lien (nombre > 0) ; vide vaut 1."),
    ]),
    ("activities", &[
        ("activity_id", true, "Identifiant unique de l'activité."),
        ("ptce_id", true, "PTCE qui porte l'activité."),
        ("name", true, "Nom de l'activité."),
        ("sector", true, "Secteur : ecological_transition, mobility, food, circular_economy, eco_activities, personal_services, youth, crafts, culture, other."),
        ("naf_code", false, "Code NAF rév. 2 de l'activité."),
        ("start", true, "Date de début de l'activité."),
        ("end", false, "Date de fin, vide si l'activité continue."),
    ]),
    ("participations", &[
        ("activity_id", true, "Activité (un activity_id de la feuille activities)."),
        ("org_id", true, "Organisation qui participe."),
        ("role", false, "Rôle dans l'activité (texte libre, ex. porteur, partenaire)."),
    ]),
    ("events", &[
        ("ptce_id", true, "PTCE concerné."),
        ("date", true, "Date de l'événement (une date partielle AAAA-MM ou AAAA est admise)."),
        ("event", true, "Type d'événement : pilot_initiative, first_collective_meeting, letter_of_intent, charter_signed, steering_committee, legal_entity_created, governance_installed, first_joint_activity, collective_funding, dormancy, dissolution, other."),
        ("note", false, "Commentaire libre."),
        ("source", false, "Source de l'information (entretien, statuts, presse…)."),
    ]),
];

/// Name of the scaffold workbook.
pub const WORKBOOK: &str = "study.xlsx";

/// Column width (in characters) that shows the longest of `cells`, between 8 and 60.
fn width(cells: &[&str]) -> f64 {
    let longest = cells.iter().map(|c| c.chars().count()).max().unwrap_or(0);
    (longest as f64 + 2.0).clamp(8.0, 60.0)
}

/// Builds the scaffold workbook in memory.
///
/// # Errors
/// [`XlsxError`] from rust_xlsxwriter (only for invalid sheet names or cells, which the fixed
/// content here does not have).
pub fn workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_background_color("#DCE6F1")
        .set_border_bottom(FormatBorder::Thin);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let text = Format::new().set_num_format("@");
    let top = Format::new().set_align(rust_xlsxwriter::FormatAlign::Top);

    let readme = wb.add_worksheet();
    readme.set_name("README")?;
    readme.write_string_with_format(0, 0, "Étude PTCE : une feuille par table", &bold)?;
    readme.write_string(
        1,
        0,
        "Remplacez les lignes d'exemple de chaque feuille par vos données, sans changer les noms de colonnes de la première ligne.",
    )?;
    readme.write_string(
        2,
        0,
        "Puis : ptce validate <dossier>. Cette feuille README est ignorée à la lecture, comme les feuilles masquées.",
    )?;
    for (c, h) in ["feuille", "colonne", "obligatoire", "description"]
        .iter()
        .enumerate()
    {
        readme.write_string_with_format(4, c as u16, *h, &header)?;
    }
    let mut r = 5;
    for (table, columns) in COLUMNS_FR {
        for (name, required, description) in *columns {
            readme.write_string_with_format(r, 0, *table, &top)?;
            readme.write_string_with_format(r, 1, *name, &top)?;
            readme.write_string_with_format(r, 2, if *required { "oui" } else { "non" }, &top)?;
            readme.write_string_with_format(r, 3, *description, &wrap)?;
            // Row heights are not recomputed by every reader: one line of 15 points per ~100
            // characters of the 110-character column.
            let lines = description.chars().count().div_ceil(100).max(1);
            if lines > 1 {
                readme.set_row_height(r, 15.0 * lines as f64)?;
            }
            r += 1;
        }
    }
    readme.set_column_width(0, 16)?;
    readme.set_column_width(1, 16)?;
    readme.set_column_width(2, 12)?;
    readme.set_column_width(3, 110)?;
    readme.set_freeze_panes(5, 0)?;
    readme.set_landscape().set_print_fit_to_pages(1, 0);

    for (file, content) in TABLES {
        let table = file.trim_end_matches(".csv");
        let ws = wb.add_worksheet();
        ws.set_name(table)?;
        let rows: Vec<Vec<&str>> = content.lines().map(|l| l.split(',').collect()).collect();
        for (i, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (i as u32, c as u16);
                if i == 0 {
                    ws.write_string_with_format(r, c, *v, &header)?;
                } else if !v.is_empty() {
                    // Every example value as text: codes keep their leading zeros.
                    ws.write_string_with_format(r, c, *v, &text)?;
                }
            }
        }
        let ncol = rows.first().map_or(0, Vec::len);
        for c in 0..ncol {
            let cells: Vec<&str> = rows.iter().filter_map(|r| r.get(c).copied()).collect();
            ws.set_column_width(c as u16, width(&cells))?;
            // Empty cells typed later in the column stay text too.
            ws.set_column_format(c as u16, &text)?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.set_landscape().set_print_fit_to_pages(1, 0);
    }
    Ok(wb)
}

/// Writes `study.xlsx` into `dir` (which exists).
///
/// # Errors
/// [`InitError::Io`] naming the workbook when it cannot be built or written.
pub fn write(dir: &Path) -> Result<std::path::PathBuf, InitError> {
    let path = dir.join(WORKBOOK);
    let io = |e: XlsxError| InitError::Io {
        path: path.clone(),
        source: std::io::Error::other(e.to_string()),
    };
    let mut wb = workbook().map_err(io)?;
    wb.save(&path).map_err(io)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scaffold_column_is_explained() {
        for (file, content) in TABLES {
            let table = file.trim_end_matches(".csv");
            let header = content.lines().next().unwrap();
            let explained = COLUMNS_FR.iter().find(|(t, _)| *t == table).unwrap().1;
            let names: Vec<&str> = explained.iter().map(|c| c.0).collect();
            assert_eq!(header.split(',').collect::<Vec<_>>(), names, "{table}");
        }
    }

    #[test]
    fn the_workbook_reads_back_and_validates() {
        let dir = tempfile::tempdir().unwrap();
        super::super::init::scaffold_as(dir.path(), false, super::super::init::Format::Xlsx)
            .unwrap();
        let raw = crate::load::read_study(dir.path()).unwrap();
        let v = crate::validate::validate(&raw);
        let msgs: Vec<String> = v.report.problems.iter().map(|p| p.to_string()).collect();
        assert!(v.study.is_some(), "{msgs:?}");
        assert!(msgs.is_empty(), "{msgs:?}");
        // Same cells as the CSV scaffold, table by table.
        for (file, content) in TABLES {
            let csv = crate::load::table::parse_csv(file, content.as_bytes()).unwrap();
            let sheet = raw.table(file.trim_end_matches(".csv")).unwrap();
            assert_eq!(sheet.headers, csv.headers, "{file}");
            let a: Vec<Vec<String>> = sheet.rows.iter().map(|r| r.to_vec()).collect();
            let b: Vec<Vec<String>> = csv.rows.iter().map(|r| r.to_vec()).collect();
            assert_eq!(a, b, "{file}");
        }
    }
}
