//! Labels in French (default) and English, and number typography: in French a decimal comma and
//! a narrow no-break space (U+202F) as thousands separator; in both a true minus sign (U+2212).

use crate::model::{ActorType, Sector, TieKind};

/// Language of labels, legends and captions: the study's language.
pub use crate::config::Language as Lang;

/// Formats `x` with `decimals` digits after the separator, grouping thousands as CLDR does
/// (French: `1 234,5` with U+202F NARROW NO-BREAK SPACE; English: `1,234.5`). Negative numbers
/// take U+2212 MINUS SIGN; a value that rounds to zero has no sign.
///
/// # Examples
/// ```
/// use ptce::charts::i18n::{format_number, Lang};
/// assert_eq!(format_number(-1234.5, 1, Lang::Fr), "\u{2212}1\u{202F}234,5");
/// assert_eq!(format_number(1234.5, 2, Lang::En), "1,234.50");
/// ```
pub fn format_number(x: f64, decimals: usize, lang: Lang) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let (group_sep, dec_sep) = match lang {
        Lang::Fr => ('\u{202F}', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::new();
    let digits: Vec<char> = int.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(group_sep);
        }
        grouped.push(*c);
    }
    let negative = x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('\u{2212}');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(dec_sep);
        out.push_str(&f);
    }
    out
}

/// Formats an axis tick: as few decimals as `step` (the tick spacing) needs.
pub fn format_tick(x: f64, step: f64, lang: Lang) -> String {
    let decimals = if step <= 0.0 || !step.is_finite() {
        0
    } else {
        (0..6usize)
            .find(|d| {
                let s = step * 10f64.powi(*d as i32);
                (s - s.round()).abs() < 1e-6 * s.max(1.0)
            })
            .unwrap_or(6)
    };
    format_number(x, decimals, lang)
}

/// Formats a p-value: `p < 0,001` under 0.001, otherwise three decimals.
pub fn format_p(p: f64, lang: Lang) -> String {
    if p < 0.001 {
        format!("p < {}", format_number(0.001, 3, lang))
    } else {
        format!("p = {}", format_number(p, 3, lang))
    }
}

/// Label of a stage id (default model), or the id itself for custom stages.
pub fn stage_label(id: &str, lang: Lang) -> String {
    let l = match id {
        "S1" => lang.pick("impulsion individuelle", "individual impetus"),
        "S2" => lang.pick("collectif informel", "informal collective"),
        "S3" => lang.pick(
            "structuration collective formelle",
            "formal collective organization",
        ),
        "D" => lang.pick("dormance ou dissolution", "dormancy or dissolution"),
        "all" => lang.pick("toutes dates", "all dates"),
        other => other,
    };
    l.to_string()
}

/// Short label of a stage (for axes): `S1`, `S2`… as is.
pub fn stage_short(id: &str, lang: Lang) -> String {
    match id {
        "all" => lang.pick("tout", "all").to_string(),
        other => other.to_string(),
    }
}

/// Label of an actor type.
pub fn actor_label(t: &str, lang: Lang) -> String {
    let Some(a) = ActorType::parse(t) else {
        return t.to_string();
    };
    let (fr, en) = match a {
        ActorType::LocalAuthority => ("collectivité", "local authority"),
        ActorType::PublicAgency => ("organisme public", "public agency"),
        ActorType::EssAssociation => ("association", "association"),
        ActorType::EssCooperative => ("coopérative", "cooperative"),
        ActorType::EssMutual => ("mutuelle", "mutual"),
        ActorType::EssFoundation => ("fondation", "foundation"),
        ActorType::Company => ("entreprise", "company"),
        ActorType::TrainingResearch => ("formation, recherche", "training, research"),
        ActorType::Citizen => ("citoyen", "citizen"),
        ActorType::Other => ("autre", "other"),
    };
    lang.pick(fr, en).to_string()
}

/// Label of a tie kind.
pub fn tie_label(t: &str, lang: Lang) -> String {
    let Some(k) = TieKind::parse(t) else {
        return t.to_string();
    };
    let (fr, en) = match k {
        TieKind::Information => ("information", "information"),
        TieKind::CoCreation => ("co-construction", "co-creation"),
        TieKind::ResourcePooling => ("mutualisation", "resource pooling"),
        TieKind::Funding => ("financement", "funding"),
        TieKind::StaffSharing => ("partage de personnel", "staff sharing"),
        TieKind::EquipmentSharing => ("partage d’équipement", "equipment sharing"),
        TieKind::Governance => ("gouvernance", "governance"),
        TieKind::Other => ("autre", "other"),
    };
    lang.pick(fr, en).to_string()
}

/// Label of an activity sector.
pub fn sector_label(t: &str, lang: Lang) -> String {
    let Some(s) = Sector::parse(t) else {
        return t.to_string();
    };
    let (fr, en) = match s {
        Sector::EcologicalTransition => ("transition écologique", "ecological transition"),
        Sector::Mobility => ("mobilité", "mobility"),
        Sector::Food => ("alimentation", "food"),
        Sector::CircularEconomy => ("économie circulaire", "circular economy"),
        Sector::EcoActivities => ("éco-activités", "eco-activities"),
        Sector::PersonalServices => ("services à la personne", "personal services"),
        Sector::Youth => ("jeunesse", "youth"),
        Sector::Crafts => ("artisanat", "crafts"),
        Sector::Culture => ("culture", "culture"),
        Sector::Other => ("autre", "other"),
    };
    lang.pick(fr, en).to_string()
}

/// The sentence naming a model's reference group under a figure.
pub fn reference_sentence(group: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("Référence : groupe « {} ».", group_label(group, lang)),
        Lang::En => format!("Reference: group “{}”.", group_label(group, lang)),
    }
}

/// Label of a territory group (`urban`, `rural`; empty: "not classified").
pub fn group_label(g: &str, lang: Lang) -> String {
    match g.trim().to_lowercase().as_str() {
        "urban" | "urbain" => lang.pick("urbain", "urban").to_string(),
        "rural" => "rural".to_string(),
        "urban_dense" => lang.pick("urbain dense", "dense urban").to_string(),
        "urban_intermediate" => lang
            .pick("urbain intermédiaire", "intermediate urban")
            .to_string(),
        "rural_periurban" => lang
            .pick("rural périurbain", "peri-urban rural")
            .to_string(),
        "rural_non_periurban" => lang
            .pick("rural non périurbain", "non-peri-urban rural")
            .to_string(),
        "" => lang.pick("non classé", "not classified").to_string(),
        _ => g.to_string(),
    }
}

/// Label of a measure (column name of `network_metrics`, diversity index…).
pub fn measure_label(m: &str, lang: Lang) -> String {
    let (fr, en) = match m {
        "n_nodes" => ("nombre d’organisations", "number of organizations"),
        "n_edges" => ("nombre de liens", "number of ties"),
        "density" => ("densité", "density"),
        "degree_centralization" => ("centralisation (degré)", "degree centralization"),
        "betweenness_centralization" => (
            "centralisation (intermédiarité)",
            "betweenness centralization",
        ),
        "transitivity" => ("transitivité", "transitivity"),
        "duration_days" => ("durée de l’étape (jours)", "stage duration (days)"),
        "betweenness" => ("intermédiarité", "betweenness"),
        "shannon" => ("indice de Shannon", "Shannon index"),
        "simpson" => ("indice de Simpson", "Simpson index"),
        "gini_simpson" => ("indice de Gini–Simpson", "Gini–Simpson index"),
        "pielou" => ("équitabilité de Pielou", "Pielou evenness"),
        "richness" => ("richesse", "richness"),
        "hill_0" => ("Hill q = 0", "Hill q = 0"),
        "hill_1" => ("Hill q = 1", "Hill q = 1"),
        "hill_2" => ("Hill q = 2", "Hill q = 2"),
        "rao_stirling" => ("indice de Rao–Stirling", "Rao–Stirling index"),
        "hhi" => ("indice HHI", "HHI"),
        "brokerage_coordinator" => ("coordinateur", "coordinator"),
        "brokerage_itinerant" => ("itinérant", "itinerant"),
        "brokerage_gatekeeper" => ("gardien", "gatekeeper"),
        "brokerage_representative" => ("représentant", "representative"),
        "brokerage_liaison" => ("liaison", "liaison"),
        "mean_degree" => ("degré moyen", "mean degree"),
        "avg_clustering" => ("clustering moyen", "average clustering"),
        "modularity" => ("modularité", "modularity"),
        "actor_type_assortativity" => ("assortativité (type d’acteur)", "actor-type assortativity"),
        "ei_index_actor_type" => ("indice E-I (type d’acteur)", "E-I index (actor type)"),
        "ei_index_naf_section" => ("indice E-I (section NAF)", "E-I index (NAF section)"),
        "avg_path_length" => ("longueur moyenne des chemins", "average path length"),
        "n_communities" => ("nombre de communautés", "number of communities"),
        "actor_type_gini_simpson" => (
            "Gini–Simpson des types d’acteurs",
            "Gini–Simpson of actor types",
        ),
        "actor_type_pielou" => ("Pielou des types d’acteurs", "Pielou of actor types"),
        "actor_type_shannon" => ("Shannon des types d’acteurs", "Shannon of actor types"),
        "actor_type_rao_stirling" => (
            "Rao–Stirling des types d’acteurs",
            "Rao–Stirling of actor types",
        ),
        other => (other, other),
    };
    lang.pick(fr, en).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english_numbers() {
        assert_eq!(format_number(0.5, 2, Lang::Fr), "0,50");
        // CLDR `fr`: grouping from four digits on (minimumGroupingDigits = 1).
        assert_eq!(format_number(1234.0, 0, Lang::Fr), "1\u{202F}234");
        assert_eq!(format_number(12345.0, 0, Lang::Fr), "12\u{202F}345");
        assert_eq!(
            format_number(1234567.25, 1, Lang::Fr),
            "1\u{202F}234\u{202F}567,2"
        );
        assert_eq!(format_number(1234.0, 0, Lang::En), "1,234");
        assert_eq!(format_number(1234567.0, 0, Lang::En), "1,234,567");
        assert_eq!(format_number(-0.0001, 2, Lang::En), "0.00");
        assert_eq!(format_number(-2.5, 1, Lang::En), "\u{2212}2.5");
        assert_eq!(format_tick(0.25, 0.05, Lang::Fr), "0,25");
        assert_eq!(format_tick(200.0, 50.0, Lang::Fr), "200");
        assert_eq!(format_tick(0.5, 0.25, Lang::Fr), "0,50");
        assert_eq!(format_p(0.0004, Lang::Fr), "p < 0,001");
        assert_eq!(format_p(0.0312, Lang::En), "p = 0.031");
    }

    #[test]
    fn labels() {
        assert_eq!(
            stage_label("S3", Lang::En),
            "formal collective organization"
        );
        assert_eq!(stage_label("X9", Lang::Fr), "X9");
        assert_eq!(actor_label("local_authority", Lang::Fr), "collectivité");
        assert_eq!(sector_label("food", Lang::En), "food");
        assert_eq!(group_label("", Lang::Fr), "non classé");
    }
}
