//! What `ptce init` writes, in either format (CSV files, or one workbook in `init_xlsx.rs`):
//! the tables with their header and example rows, and the errors of scaffolding.

use std::path::PathBuf;

/// What went wrong while scaffolding.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{}: folder is not empty; choose a new folder, or use --force to overwrite the scaffold files in it", .0.display())]
    NotEmpty(PathBuf),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The tables of the scaffold: file name and content (header + example rows), in the order
/// of the data contract (`docs/data-format.md`).
pub const TABLES: &[(&str, &str)] = &[
    (
        "ptces.csv",
        "ptce_id,name,commune_code,department,region,density_level,legal_form,founded\n\
         PTCE-EX1,Pôle exemple de coopération,07186,07,Auvergne-Rhône-Alpes,4,scic,2019-03-26\n",
    ),
    (
        "organizations.csv",
        "org_id,name,actor_type,naf_code,legal_category,siren,commune_code,employees\n\
         ORG-EX1,Association exemple,ess_association,94.99Z,9220,,07186,3\n\
         ORG-EX2,Commune exemple,local_authority,84.11Z,7210,,07186,25\n",
    ),
    (
        "memberships.csv",
        "ptce_id,org_id,joined,left,role\n\
         PTCE-EX1,ORG-EX1,2016-11-17,,pilot\n\
         PTCE-EX1,ORG-EX2,2017-06-30,,founder\n",
    ),
    (
        "ties.csv",
        "ptce_id,source,target,kind,start,end,weight\n\
         PTCE-EX1,ORG-EX1,ORG-EX2,co_creation,2017-09-01,,1\n",
    ),
    (
        "activities.csv",
        "activity_id,ptce_id,name,sector,naf_code,start,end\n\
         PTCE-EX1-A01,PTCE-EX1,Atelier de réparation partagé,circular_economy,95.29Z,2018-04-01,\n",
    ),
    (
        "participations.csv",
        "activity_id,org_id,role\n\
         PTCE-EX1-A01,ORG-EX1,porteur\n\
         PTCE-EX1-A01,ORG-EX2,partenaire\n",
    ),
    (
        "events.csv",
        "ptce_id,date,event,note,source\n\
         PTCE-EX1,2016-11-17,pilot_initiative,Diagnostic territorial par la structure pilote,entretien\n\
         PTCE-EX1,2019-03-26,legal_entity_created,Création de la SCIC,statuts\n",
    ),
];
