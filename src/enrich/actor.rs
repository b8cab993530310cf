//! From INSEE legal category (*catégorie juridique*) and ESS flag to actor type: the documented
//! table of `docs/data-format.md` § Enrichment, which `[enrich.actor_types]` in `study.toml`
//! overrides or extends.
//!
//! A rule is a prefix of the 4-digit category (1 to 4 digits), optionally restricted to units
//! flagged ESS (`/ess`) or not (`/not_ess`). The longest matching prefix wins; at equal length a
//! rule restricted by the ESS flag wins over an unrestricted one. Rules from `study.toml` win
//! over the built-in rules of the same prefix and restriction.

use crate::model::ActorType;
use std::collections::BTreeMap;

/// The built-in rules: (category prefix, ESS restriction, actor type, what the categories are).
/// INSEE's nomenclature of legal categories (niveau III), 2024 edition.
pub const DEFAULT_RULES: &[(&str, Option<bool>, ActorType, &str)] = &[
    ("1", None, ActorType::Company, "entrepreneur individuel"),
    (
        "2",
        None,
        ActorType::Other,
        "groupement de droit privé sans personnalité morale",
    ),
    (
        "3",
        None,
        ActorType::Other,
        "personne morale de droit étranger",
    ),
    (
        "4",
        None,
        ActorType::PublicAgency,
        "personne morale de droit public soumise au droit commercial (EPIC, régie)",
    ),
    ("5", None, ActorType::Company, "société commerciale"),
    (
        "5",
        Some(true),
        ActorType::EssCooperative,
        "société commerciale de l'ESS (SCIC et coopératives sans catégorie propre)",
    ),
    (
        "5191",
        None,
        ActorType::EssCooperative,
        "société de caution mutuelle",
    ),
    (
        "5192",
        None,
        ActorType::EssCooperative,
        "société coopérative de banque populaire",
    ),
    (
        "5193",
        None,
        ActorType::EssCooperative,
        "caisse de crédit maritime mutuel",
    ),
    (
        "5194",
        None,
        ActorType::EssCooperative,
        "caisse (fédérale) de crédit mutuel",
    ),
    (
        "5195",
        None,
        ActorType::EssCooperative,
        "association coopérative inscrite (Alsace-Moselle)",
    ),
    (
        "5196",
        None,
        ActorType::EssCooperative,
        "caisse d'épargne et de prévoyance à forme coopérative",
    ),
    (
        "5458",
        None,
        ActorType::EssCooperative,
        "SARL coopérative ouvrière de production (SCOP)",
    ),
    (
        "5459",
        None,
        ActorType::EssCooperative,
        "SARL union de sociétés coopératives",
    ),
    (
        "5460",
        None,
        ActorType::EssCooperative,
        "autre SARL coopérative",
    ),
    (
        "5547",
        None,
        ActorType::EssCooperative,
        "SA coopérative de production de HLM à conseil d'administration",
    ),
    (
        "555",
        None,
        ActorType::EssCooperative,
        "SA coopérative à conseil d'administration (5551–5560, dont SCOP 5558)",
    ),
    (
        "5647",
        None,
        ActorType::EssCooperative,
        "SA coopérative de production de HLM à directoire",
    ),
    (
        "565",
        None,
        ActorType::EssCooperative,
        "SA coopérative à directoire (5651–5660, dont SCOP 5658)",
    ),
    (
        "6",
        None,
        ActorType::Other,
        "autre personne morale immatriculée au RCS (GIE, GEIE…)",
    ),
    (
        "63",
        None,
        ActorType::EssCooperative,
        "société coopérative agricole, CUMA, union",
    ),
    (
        "64",
        None,
        ActorType::EssMutual,
        "société d'assurance mutuelle",
    ),
    ("65", None, ActorType::Company, "société civile"),
    (
        "65",
        Some(true),
        ActorType::EssCooperative,
        "société civile de l'ESS (coopérative)",
    ),
    (
        "7",
        None,
        ActorType::PublicAgency,
        "personne morale et organisme soumis au droit administratif",
    ),
    (
        "72",
        None,
        ActorType::LocalAuthority,
        "collectivité territoriale (commune, département, région)",
    ),
    (
        "7343",
        None,
        ActorType::LocalAuthority,
        "communauté urbaine",
    ),
    ("7344", None, ActorType::LocalAuthority, "métropole"),
    (
        "7346",
        None,
        ActorType::LocalAuthority,
        "communauté de communes",
    ),
    (
        "7348",
        None,
        ActorType::LocalAuthority,
        "communauté d'agglomération",
    ),
    (
        "7383",
        None,
        ActorType::TrainingResearch,
        "établissement public à caractère scientifique, culturel et professionnel (université)",
    ),
    (
        "7384",
        None,
        ActorType::TrainingResearch,
        "autre établissement public national d'enseignement",
    ),
    (
        "7385",
        None,
        ActorType::TrainingResearch,
        "autre établissement public local d'enseignement",
    ),
    (
        "8",
        None,
        ActorType::Other,
        "organisme privé spécialisé (syndicat, ordre, comité d'entreprise…)",
    ),
    (
        "81",
        None,
        ActorType::PublicAgency,
        "organisme gérant un régime de protection sociale",
    ),
    ("82", None, ActorType::EssMutual, "organisme mutualiste"),
    (
        "9",
        None,
        ActorType::Other,
        "groupement de droit privé (syndicat de copropriétaires…)",
    ),
    (
        "92",
        None,
        ActorType::EssAssociation,
        "association loi 1901 ou assimilé",
    ),
    ("93", None, ActorType::EssFoundation, "fondation"),
];

/// A rule of the table: prefix, ESS restriction, actor type, and whether `study.toml` set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub prefix: String,
    pub ess: Option<bool>,
    pub actor_type: ActorType,
    pub from_config: bool,
}

/// The table in use: the built-in rules with `study.toml`'s overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorTable {
    rules: Vec<Rule>,
}

/// Parses a key of `[enrich.actor_types]`: `"92"`, `"5710/ess"`, `"65/not_ess"`.
fn parse_key(key: &str) -> Result<(String, Option<bool>), String> {
    let (prefix, ess) = match key.split_once('/') {
        None => (key, None),
        Some((p, "ess")) => (p, Some(true)),
        Some((p, "not_ess")) => (p, Some(false)),
        Some(_) => {
            return Err(format!(
                "{key:?}: expected a legal-category prefix, optionally followed by /ess or /not_ess"
            ))
        }
    };
    let ok = (1..=4).contains(&prefix.len()) && prefix.bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok((prefix.to_string(), ess))
    } else {
        Err(format!(
            "{key:?}: expected a prefix of 1 to 4 digits of an INSEE legal category (e.g. \"92\", \"5458\", \"5710/ess\")"
        ))
    }
}

impl ActorTable {
    /// The built-in table with the overrides of `[enrich.actor_types]` (key: category prefix
    /// with optional `/ess` or `/not_ess`; value: an actor type).
    ///
    /// # Errors
    /// One message per bad key or value.
    pub fn new(overrides: &BTreeMap<String, String>) -> Result<ActorTable, Vec<String>> {
        let mut rules = ActorTable::default().rules;
        let mut errors = Vec::new();
        for (key, value) in overrides {
            let actor = ActorType::parse(value);
            match (parse_key(key), actor) {
                (Ok((prefix, ess)), Some(actor_type)) => {
                    rules.retain(|r| !(r.prefix == prefix && r.ess == ess));
                    rules.push(Rule {
                        prefix,
                        ess,
                        actor_type,
                        from_config: true,
                    });
                }
                (Err(e), _) => errors.push(format!("[enrich.actor_types] {e}")),
                (_, None) => errors.push(format!(
                    "[enrich.actor_types] {key:?} = {value:?}: expected one of {}",
                    ActorType::names().join(", ")
                )),
            }
        }
        if errors.is_empty() {
            Ok(ActorTable { rules })
        } else {
            Err(errors)
        }
    }

    /// The actor type of a unit of legal category `category` and ESS flag `ess` (unknown flag:
    /// only unrestricted rules apply), with the rule that decided; `None` when no rule matches
    /// (a category that does not start with 1–9).
    pub fn derive(&self, category: &str, ess: Option<bool>) -> Option<&Rule> {
        self.rules
            .iter()
            .filter(|r| category.starts_with(&r.prefix))
            .filter(|r| r.ess.is_none() || r.ess == ess)
            .max_by_key(|r| (r.prefix.len(), r.ess.is_some()))
    }
}

impl Default for ActorTable {
    fn default() -> Self {
        ActorTable {
            rules: DEFAULT_RULES
                .iter()
                .map(|(p, e, a, _)| Rule {
                    prefix: p.to_string(),
                    ess: *e,
                    actor_type: *a,
                    from_config: false,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActorType::*;

    fn d(t: &ActorTable, cat: &str, ess: Option<bool>) -> Option<ActorType> {
        t.derive(cat, ess).map(|r| r.actor_type)
    }

    // One test per family (first digit) of INSEE's nomenclature; the expected types are read
    // from the nomenclature's labels (INSEE, catégories juridiques niveau III), not the table.

    #[test]
    fn family_1_sole_traders_are_companies() {
        assert_eq!(
            d(&ActorTable::default(), "1000", Some(false)),
            Some(Company)
        );
    }

    #[test]
    fn families_2_3_and_6_are_other() {
        let t = ActorTable::default();
        assert_eq!(d(&t, "2110", None), Some(Other)); // indivision
        assert_eq!(d(&t, "3120", None), Some(Other)); // société étrangère immatriculée au RCS
        assert_eq!(d(&t, "6210", None), Some(Other)); // GIE
    }

    #[test]
    fn family_4_public_commercial_bodies_are_public_agencies() {
        assert_eq!(d(&ActorTable::default(), "4120", None), Some(PublicAgency));
        // EPIC local
    }

    #[test]
    fn family_5_companies_by_ess_flag_and_cooperatives() {
        let t = ActorTable::default();
        assert_eq!(d(&t, "5710", Some(false)), Some(Company)); // SAS
        assert_eq!(d(&t, "5499", None), Some(Company)); // SARL, flag unknown
        assert_eq!(d(&t, "5710", Some(true)), Some(EssCooperative)); // SCIC SAS
        assert_eq!(d(&t, "5458", Some(false)), Some(EssCooperative)); // SCOP SARL
        assert_eq!(d(&t, "5558", None), Some(EssCooperative)); // SCOP SA à CA
        assert_eq!(d(&t, "5658", None), Some(EssCooperative)); // SCOP SA à directoire
        assert_eq!(d(&t, "5499", Some(true)), Some(EssCooperative)); // SCIC SARL
    }

    #[test]
    fn family_6_agricultural_cooperatives_mutual_insurers_civil_companies() {
        let t = ActorTable::default();
        assert_eq!(d(&t, "6317", None), Some(EssCooperative)); // coopérative agricole
        assert_eq!(d(&t, "6411", None), Some(EssMutual)); // société d'assurance mutuelle
        assert_eq!(d(&t, "6540", Some(false)), Some(Company)); // SCI
    }

    #[test]
    fn family_7_local_authorities_epci_universities_public_bodies() {
        let t = ActorTable::default();
        assert_eq!(d(&t, "7210", None), Some(LocalAuthority)); // commune
        assert_eq!(d(&t, "7220", None), Some(LocalAuthority)); // département
        assert_eq!(d(&t, "7346", None), Some(LocalAuthority)); // communauté de communes
        assert_eq!(d(&t, "7348", None), Some(LocalAuthority)); // communauté d'agglomération
        assert_eq!(d(&t, "7383", None), Some(TrainingResearch)); // université
        assert_eq!(d(&t, "7354", None), Some(PublicAgency)); // syndicat mixte fermé
        assert_eq!(d(&t, "7120", None), Some(PublicAgency)); // service de l'État
        assert_eq!(d(&t, "7410", None), Some(PublicAgency)); // GIP
    }

    #[test]
    fn family_8_mutuals_social_security_and_other_bodies() {
        let t = ActorTable::default();
        assert_eq!(d(&t, "8210", None), Some(EssMutual)); // mutuelle
        assert_eq!(d(&t, "8110", None), Some(PublicAgency)); // régime général
        assert_eq!(d(&t, "8410", None), Some(Other)); // syndicat de salariés
    }

    #[test]
    fn family_9_associations_foundations_other() {
        let t = ActorTable::default();
        assert_eq!(d(&t, "9220", Some(true)), Some(EssAssociation));
        assert_eq!(d(&t, "9220", None), Some(EssAssociation));
        assert_eq!(d(&t, "9300", None), Some(EssFoundation));
        assert_eq!(d(&t, "9110", None), Some(Other)); // syndicat de copropriétaires
    }

    #[test]
    fn overrides_win_and_bad_keys_are_refused() {
        let mut o = BTreeMap::new();
        o.insert("5710/ess".to_string(), "company".to_string());
        o.insert("9230".to_string(), "ess_foundation".to_string());
        let t = ActorTable::new(&o).unwrap();
        assert_eq!(d(&t, "5710", Some(true)), Some(Company));
        assert_eq!(d(&t, "5499", Some(true)), Some(EssCooperative));
        assert_eq!(d(&t, "9230", None), Some(EssFoundation));
        assert!(t.derive("9230", None).unwrap().from_config);
        assert_eq!(d(&t, "9220", None), Some(EssAssociation));
        assert_eq!(d(&t, "0000", None), None);
        o.insert("92x".to_string(), "company".to_string());
        o.insert("93".to_string(), "charity".to_string());
        o.insert("94/maybe".to_string(), "company".to_string());
        assert_eq!(ActorTable::new(&o).unwrap_err().len(), 3);
    }
}
