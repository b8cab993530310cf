//! The typed records of a study, as the data contract defines them (`docs/data-format.md`).
//!
//! Every controlled vocabulary is an enum, so that a bad state cannot be represented once a table
//! has been validated. Records are plain data; the loader fills them, the generator writes them.

use crate::date::PartialDate;
use std::fmt;

/// Declares a closed vocabulary: an enum, its written forms, `ALL` in contract order, and
/// `parse` (exact match on the lower-cased, trimmed text).
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in the order of the data contract.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as written in the tables.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Reads a value (case and surrounding spaces ignored); `None` if not in the vocabulary.
            pub fn parse(text: &str) -> Option<$name> {
                let t = text.trim().to_lowercase();
                $name::ALL.iter().copied().find(|v| v.as_str() == t)
            }

            /// The written forms of every value, for error messages and suggestions.
            pub fn names() -> Vec<&'static str> {
                $name::ALL.iter().map(|v| v.as_str()).collect()
            }

            /// Position in [`Self::ALL`] (a stable small integer for partitions and colours).
            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// The kind of a member organization (domain.md §1).
    ActorType {
        LocalAuthority => "local_authority",
        PublicAgency => "public_agency",
        EssAssociation => "ess_association",
        EssCooperative => "ess_cooperative",
        EssMutual => "ess_mutual",
        EssFoundation => "ess_foundation",
        Company => "company",
        TrainingResearch => "training_research",
        Citizen => "citizen",
        Other => "other",
    }
}

vocabulary! {
    /// Legal form of the PTCE's collective organization.
    LegalForm {
        Association => "association",
        Scic => "scic",
        Scop => "scop",
        Sas => "sas",
        Sarl => "sarl",
        Gie => "gie",
        EndowmentFund => "endowment_fund",
        None => "none",
        Other => "other",
    }
}

vocabulary! {
    /// Role of an organization in a membership spell.
    Role {
        Pilot => "pilot",
        Founder => "founder",
        Member => "member",
        Partner => "partner",
    }
}

vocabulary! {
    /// Kind of a cooperation tie.
    TieKind {
        Information => "information",
        CoCreation => "co_creation",
        ResourcePooling => "resource_pooling",
        Funding => "funding",
        StaffSharing => "staff_sharing",
        EquipmentSharing => "equipment_sharing",
        Governance => "governance",
        Other => "other",
    }
}

vocabulary! {
    /// Thematic sector of a joint activity (sectors named in the seed article).
    Sector {
        EcologicalTransition => "ecological_transition",
        Mobility => "mobility",
        Food => "food",
        CircularEconomy => "circular_economy",
        EcoActivities => "eco_activities",
        PersonalServices => "personal_services",
        Youth => "youth",
        Crafts => "crafts",
        Culture => "culture",
        Other => "other",
    }
}

vocabulary! {
    /// Dated events of the creation process (domain.md §2).
    EventType {
        PilotInitiative => "pilot_initiative",
        FirstCollectiveMeeting => "first_collective_meeting",
        LetterOfIntent => "letter_of_intent",
        CharterSigned => "charter_signed",
        SteeringCommittee => "steering_committee",
        LegalEntityCreated => "legal_entity_created",
        GovernanceInstalled => "governance_installed",
        FirstJointActivity => "first_joint_activity",
        CollectiveFunding => "collective_funding",
        Dormancy => "dormancy",
        Dissolution => "dissolution",
        Other => "other",
    }
}

/// A row of `ptces.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ptce {
    pub ptce_id: String,
    pub name: String,
    pub commune_code: Option<String>,
    pub department: Option<String>,
    pub region: Option<String>,
    /// INSEE grille communale de densité in 7 levels (1–4 urban, 5–7 rural).
    pub density_level: Option<u8>,
    pub legal_form: Option<LegalForm>,
    pub founded: Option<PartialDate>,
}

/// A row of `organizations.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    pub org_id: String,
    pub name: String,
    pub actor_type: ActorType,
    /// NAF rév. 2 code in canonical form (`88.99B`).
    pub naf_code: Option<String>,
    /// INSEE legal category (4 digits).
    pub legal_category: Option<String>,
    /// SIREN (9 digits, Luhn-valid).
    pub siren: Option<String>,
    pub commune_code: Option<String>,
    pub employees: Option<f64>,
    /// SIRET of the member establishment (14 digits; its first 9 are the SIREN).
    pub siret: Option<String>,
    /// RNA number of an association (`W` + 9 characters).
    pub rna: Option<String>,
    /// What the SIRENE register says of the legal unit, given by the researcher or filled by
    /// `[enrich]` (`crate::enrich`).
    pub register: RegisterFacts,
}

/// The facts of an organization that the SIRENE register publishes besides its NAF code and
/// legal category: columns `ess`, `headcount_band`, `created` and `active` of `organizations`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterFacts {
    /// Social and solidarity economy (`economieSocialeSolidaireUniteLegale` = `O`).
    pub ess: Option<bool>,
    /// INSEE headcount band code (`trancheEffectifsUniteLegale`: `NN`, `00`, `01` … `53`).
    pub headcount_band: Option<String>,
    /// Creation date of the legal unit (`dateCreationUniteLegale`).
    pub created: Option<PartialDate>,
    /// `false` for a ceased unit (`etatAdministratifUniteLegale` = `C`).
    pub active: Option<bool>,
    /// Date the unit ceased (start of its last period, `dateDebut`), for a ceased unit.
    pub ceased: Option<PartialDate>,
}

/// INSEE's headcount bands (*tranches d'effectifs*, `trancheEffectifsUniteLegale`): code and
/// French label, as published with the SIRENE stock.
pub const HEADCOUNT_BANDS: &[(&str, &str)] = &[
    ("NN", "unité non employeuse"),
    ("00", "0 salarié"),
    ("01", "1 ou 2 salariés"),
    ("02", "3 à 5 salariés"),
    ("03", "6 à 9 salariés"),
    ("11", "10 à 19 salariés"),
    ("12", "20 à 49 salariés"),
    ("21", "50 à 99 salariés"),
    ("22", "100 à 199 salariés"),
    ("31", "200 à 249 salariés"),
    ("32", "250 à 499 salariés"),
    ("41", "500 à 999 salariés"),
    ("42", "1 000 à 1 999 salariés"),
    ("51", "2 000 à 4 999 salariés"),
    ("52", "5 000 à 9 999 salariés"),
    ("53", "10 000 salariés et plus"),
];

/// Checks a headcount band code ([`HEADCOUNT_BANDS`]; a one-digit `0`–`3` is taken as a code
/// whose leading zero a spreadsheet dropped). Returns the code.
///
/// # Examples
/// ```
/// use ptce::model::headcount_band;
/// assert_eq!(headcount_band("12"), Ok("12".to_string()));
/// assert_eq!(headcount_band("1"), Ok("01".to_string()));
/// assert!(headcount_band("13").is_err());
/// ```
pub fn headcount_band(cell: &str) -> Result<String, &'static str> {
    let t = cell.trim().to_uppercase();
    let t = if t.len() == 1 { format!("0{t}") } else { t };
    if HEADCOUNT_BANDS.iter().any(|(c, _)| *c == t) {
        Ok(t)
    } else {
        Err("an INSEE headcount band code: NN, 00, 01, 02, 03, 11, 12, 21, 22, 31, 32, 41, 42, 51, 52 or 53")
    }
}

/// The French label of a headcount band code.
pub fn headcount_label(code: &str) -> Option<&'static str> {
    HEADCOUNT_BANDS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
}

/// A row of `memberships.csv`: one spell of an organization in a PTCE.
#[derive(Debug, Clone, PartialEq)]
pub struct Membership {
    pub ptce_id: String,
    pub org_id: String,
    pub joined: PartialDate,
    pub left: Option<PartialDate>,
    pub role: Role,
}

/// A row of `ties.csv`: an undirected cooperation tie inside a PTCE.
#[derive(Debug, Clone, PartialEq)]
pub struct Tie {
    pub ptce_id: String,
    pub source: String,
    pub target: String,
    pub kind: TieKind,
    pub start: PartialDate,
    pub end: Option<PartialDate>,
    /// Positive; 1 when the cell is empty.
    pub weight: f64,
}

/// A row of `activities.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub activity_id: String,
    pub ptce_id: String,
    pub name: String,
    pub sector: Sector,
    pub naf_code: Option<String>,
    pub start: PartialDate,
    pub end: Option<PartialDate>,
}

/// A row of `participations.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Participation {
    pub activity_id: String,
    pub org_id: String,
    pub role: Option<String>,
}

/// A row of `events.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub ptce_id: String,
    pub date: PartialDate,
    pub event: EventType,
    pub note: Option<String>,
    pub source: Option<String>,
}

/// A record with only its keys, for the tests of the stages that take it.
#[cfg(test)]
impl Ptce {
    /// PTCE `id` (also its name), founded on `founded` (a date as `PartialDate::parse` reads it),
    /// with no other field.
    pub(crate) fn bare(id: &str, founded: Option<&str>) -> Ptce {
        Ptce {
            ptce_id: id.into(),
            name: id.into(),
            commune_code: None,
            department: None,
            region: None,
            density_level: None,
            legal_form: None,
            founded: founded.map(|f| PartialDate::parse(f).unwrap()),
        }
    }
}

/// Territory class of a density level of INSEE's 7-level grid: levels 1–4 are urban, 5–7 rural.
pub fn is_rural_dens7(level: u8) -> Option<bool> {
    match level {
        1..=4 => Some(false),
        5..=7 => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_round_trip() {
        for v in ActorType::ALL {
            assert_eq!(ActorType::parse(v.as_str()), Some(*v));
        }
        assert_eq!(ActorType::parse(" Company "), Some(ActorType::Company));
        assert_eq!(ActorType::parse("compagny"), None);
        assert_eq!(EventType::ALL.len(), 12);
        assert_eq!(Sector::names().len(), 10);
        assert_eq!(TieKind::Governance.index(), 6);
    }

    #[test]
    fn dens7_classes() {
        assert_eq!(is_rural_dens7(4), Some(false));
        assert_eq!(is_rural_dens7(5), Some(true));
        assert_eq!(is_rural_dens7(0), None);
        assert_eq!(is_rural_dens7(8), None);
    }
}
