//! What the report says of the relational step (issue 22, item 6): sentences reading the tie
//! models and the mixing matrix of the whole history (`all`), the mixing matrix shown, and the
//! members whose standardized brokerage exceeds 1.96 per PTCE.

use crate::charts::i18n::{actor_label, format_number, format_p, Lang};
use crate::charts::tie_models_forest::term_label;
use crate::network::ALL;
use crate::pipeline::events::report::{num as num_col, text as text_col};
use crate::relations::brokerage::ROLES;
use crate::table::Table;

/// The z-score above which a member is listed as a broker (two-sided 5 %).
pub const BROKER_Z: f64 = 1.96;

/// Pairs of actor types read in the sentences need at least this many expected ties.
pub const MIN_EXPECTED: f64 = 5.0;

/// The rows of `mixing_matrix` of the `all` snapshot (the table shown in the report).
pub fn mixing_shown(mixing: &Table) -> Table {
    let snap = text_col(mixing, "snapshot");
    let keep: Vec<usize> = (0..mixing.height()).filter(|&i| snap[i] == ALL).collect();
    let mut t = Table::new("mixing_matrix_all");
    for name in ["type_a", "type_b"] {
        let v = text_col(mixing, name);
        t = t.str(name, keep.iter().map(|&i| Some(v[i].clone())));
    }
    for name in ["n_dyads", "n_ties"] {
        let v = num_col(mixing, name);
        t = t.int(name, keep.iter().map(|&i| v[i].map(|x| x as i64)));
    }
    for name in ["expected_ties", "observed_share", "expected_share", "ratio"] {
        let v = num_col(mixing, name);
        t = t.float(name, keep.iter().map(|&i| v[i]));
    }
    t
}

/// The members of the `all` snapshot whose `brokerage_total_z` exceeds [`BROKER_Z`], by PTCE
/// then decreasing z: `ptce_id`, `org_id`, `name`, `actor_type`, `role`, `brokerage_total_z`,
/// `roles_above` (the roles whose own z-score exceeds 1.96, comma-separated).
pub fn brokers_table(node_metrics: &Table) -> Table {
    let (ptce, snap) = (
        text_col(node_metrics, "ptce_id"),
        text_col(node_metrics, "snapshot"),
    );
    let z: Vec<Vec<Option<f64>>> = ROLES
        .iter()
        .map(|r| num_col(node_metrics, &format!("brokerage_{r}_z")))
        .collect();
    let total = &z[ROLES.len() - 1];
    let mut keep: Vec<usize> = (0..node_metrics.height())
        .filter(|&i| snap[i] == ALL && total[i].is_some_and(|v| v > BROKER_Z))
        .collect();
    keep.sort_by(|&a, &b| {
        ptce[a]
            .cmp(&ptce[b])
            .then(total[b].unwrap_or(0.0).total_cmp(&total[a].unwrap_or(0.0)))
    });
    let above: Vec<Option<String>> = keep
        .iter()
        .map(|&i| {
            let r: Vec<&str> = ROLES[..ROLES.len() - 1]
                .iter()
                .zip(&z)
                .filter(|(_, z)| z[i].is_some_and(|v| v > BROKER_Z))
                .map(|(r, _)| *r)
                .collect();
            Some(r.join(", "))
        })
        .collect();
    let col = |name: &str| {
        let v = text_col(node_metrics, name);
        keep.iter().map(|&i| Some(v[i].clone())).collect::<Vec<_>>()
    };
    Table::new("brokers")
        .str("ptce_id", col("ptce_id"))
        .str("org_id", col("org_id"))
        .str("name", col("name"))
        .str("actor_type", col("actor_type"))
        .str("role", col("role"))
        .float("brokerage_total_z", keep.iter().map(|&i| total[i]))
        .str("roles_above", above)
}

/// Sentences on the brokers: how many, where, and the PTCEs that have none (in words).
pub fn broker_sentences(node_metrics: &Table, brokers: &Table, lang: Lang) -> Vec<String> {
    if node_metrics.column("brokerage_total_z").is_none() {
        return vec![lang
            .pick(
                "Courtage standardisé non calculé.",
                "Standardized brokerage not computed.",
            )
            .to_string()];
    }
    let (ptce, snap) = (
        text_col(node_metrics, "ptce_id"),
        text_col(node_metrics, "snapshot"),
    );
    let mut all: Vec<&str> = (0..node_metrics.height())
        .filter(|&i| snap[i] == ALL)
        .map(|i| ptce[i].as_str())
        .collect();
    all.dedup();
    let with = text_col(brokers, "ptce_id");
    let mut with_ids: Vec<&str> = with.iter().map(String::as_str).collect();
    with_ids.dedup();
    let without: Vec<&str> = all
        .iter()
        .copied()
        .filter(|p| !with_ids.contains(p))
        .collect();
    let mut out = Vec::new();
    let n = brokers.height();
    out.push(match (lang, n) {
        (Lang::Fr, 0) => "Aucun membre n'a un score z de courtage total supérieur à 1,96 : nulle part le courtage ne dépasse ce qu'un réseau aléatoire de même taille et densité produirait.".to_string(),
        (Lang::En, 0) => "No member has a total brokerage z-score above 1.96: nowhere does brokerage exceed what a random network of the same size and density would produce.".to_string(),
        (Lang::Fr, _) => format!("{n} membres de {} PTCE ont un score z de courtage total supérieur à 1,96 : ils relient plus de paires non reliées que ne le ferait un membre d'un réseau aléatoire de même taille et densité (tableau ci-dessous ; rôles au-delà de 1,96 dans roles_above).", with_ids.len()),
        (Lang::En, _) => format!("{n} members of {} PTCEs have a total brokerage z-score above 1.96: they bridge more unconnected pairs than a member of a random network of the same size and density would (table below; roles above 1.96 in roles_above).", with_ids.len()),
    });
    if !without.is_empty() && n > 0 {
        out.push(match lang {
            Lang::Fr => format!(
                "Aucun membre au-delà de 1,96 dans {} PTCE : {}.",
                without.len(),
                without.join(", ")
            ),
            Lang::En => format!(
                "No member above 1.96 in {} PTCEs: {}.",
                without.len(),
                without.join(", ")
            ),
        });
    }
    out
}

/// The sentence of one term of the homophily model of `all`.
fn term_sentence(t: &Table, term: &str, lang: Lang) -> Option<String> {
    let (snap, spec, terms, status) = (
        text_col(t, "snapshot"),
        text_col(t, "spec"),
        text_col(t, "term"),
        text_col(t, "status"),
    );
    let (or, lo, hi, p, nd, nn) = (
        num_col(t, "odds_ratio"),
        num_col(t, "ci_low"),
        num_col(t, "ci_high"),
        num_col(t, "p_value"),
        num_col(t, "n_dyads"),
        num_col(t, "n_networks"),
    );
    let i =
        (0..t.height()).find(|&i| snap[i] == ALL && spec[i] == "homophily" && terms[i] == term)?;
    let label = term_label(term, lang);
    let f = |x: f64| format_number(x, 2, lang);
    let (Some(o), Some(l), Some(h), Some(p)) = (or[i], lo[i], hi[i], p[i]) else {
        return Some(match lang {
            Lang::Fr => format!("« {label} » n'a pas pu être estimé ({}).", status[i]),
            Lang::En => format!("\"{label}\" could not be estimated ({}).", status[i]),
        });
    };
    let count = |x: Option<f64>| format_number(x.unwrap_or(0.0), 0, lang);
    let what = match (lang, term.contains(':')) {
        (Lang::Fr, true) => {
            "rapport des rapports de cotes d'homophilie, ce groupe face au groupe de référence,"
        }
        (Lang::Fr, false) => "rapport de cotes d'un lien",
        (Lang::En, true) => {
            "ratio of the homophily odds ratios, this group against the reference group,"
        }
        (Lang::En, false) => "odds ratio of a tie",
    };
    Some(match lang {
        Lang::Fr => format!(
            "« {label} » : {what} {} (IC à 95 % {} – {}, {}), toutes choses égales par ailleurs, sur {} paires de {} réseaux{}.",
            f(o), f(l.exp()), f(h.exp()), format_p(p, lang), count(nd[i]), count(nn[i]),
            if p < 0.05 { "" } else { " : pas d'écart significatif au seuil de 5 %" }
        ),
        Lang::En => format!(
            "\"{label}\": {what} {} (95% CI {} – {}, {}), other things equal, over {} pairs in {} networks{}.",
            f(o), f(l.exp()), f(h.exp()), format_p(p, lang), count(nd[i]), count(nn[i]),
            if p < 0.05 { "" } else { ": no significant difference at the 5% level" }
        ),
    })
}

/// Sentences reading the models and the mixing matrix of `all`: the homophily term, its
/// interaction with the territory group, the other significant terms, and the most over- and
/// under-represented pairs of actor types (pairs with at least [`MIN_EXPECTED`] expected ties).
pub fn sentences(tie_models: Option<&Table>, mixing: Option<&Table>, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(t) = tie_models {
        let terms = text_col(t, "term");
        let (snap, spec) = (text_col(t, "snapshot"), text_col(t, "spec"));
        let mut names: Vec<&str> = (0..t.height())
            .filter(|&i| snap[i] == ALL && spec[i] == "homophily")
            .map(|i| terms[i].as_str())
            .collect();
        // Homophily first, then its interactions, then the other terms.
        names.sort_by_key(|n| (!n.starts_with("same_actor_type"), n.contains(':')));
        let p = num_col(t, "p_value");
        for name in names {
            let i = (0..t.height())
                .find(|&i| snap[i] == ALL && spec[i] == "homophily" && terms[i] == name);
            let significant = i.and_then(|i| p[i]).is_some_and(|p| p < 0.05);
            if name.starts_with("same_actor_type") || significant {
                out.extend(term_sentence(t, name, lang));
            }
        }
    }
    if let Some(m) = mixing {
        let shown = mixing_shown(m);
        let (a, b) = (text_col(&shown, "type_a"), text_col(&shown, "type_b"));
        let (obs, exp, ratio, expected) = (
            num_col(&shown, "observed_share"),
            num_col(&shown, "expected_share"),
            num_col(&shown, "ratio"),
            num_col(&shown, "expected_ties"),
        );
        let ok: Vec<usize> = (0..shown.height())
            .filter(|&i| ratio[i].is_some() && expected[i].is_some_and(|e| e >= MIN_EXPECTED))
            .collect();
        let key = |i: &usize| ratio[*i].unwrap_or(1.0);
        let max = ok.iter().copied().max_by(|x, y| key(x).total_cmp(&key(y)));
        let min = ok.iter().copied().min_by(|x, y| key(x).total_cmp(&key(y)));
        let pct = |x: Option<f64>| format_number(100.0 * x.unwrap_or(0.0), 1, lang);
        let pair = |i: usize| {
            format!(
                "{} – {}",
                actor_label(&a[i], lang),
                actor_label(&b[i], lang)
            )
        };
        let (sp, of_ties, expected_word, ratio_word) = match lang {
            Lang::Fr => (" ", "des liens pour", "attendus", "rapport"),
            Lang::En => ("", "of ties for", "expected", "ratio"),
        };
        let describe = |i: usize| {
            format!(
                "{} ({}{sp}% {of_ties} {}{sp}% {expected_word}, {ratio_word} {})",
                pair(i),
                pct(obs[i]),
                pct(exp[i]),
                format_number(key(&i), 2, lang)
            )
        };
        match (max, min) {
            (Some(hi), Some(lo)) if hi != lo => out.push(match lang {
                Lang::Fr => format!(
                    "Matrice de mélange (paires d'au moins {} liens attendus) : la paire la plus surreprésentée est {} ; la plus sous-représentée, {}.",
                    MIN_EXPECTED, describe(hi), describe(lo)
                ),
                Lang::En => format!(
                    "Mixing matrix (pairs with at least {} expected ties): the most over-represented pair is {}; the most under-represented, {}.",
                    MIN_EXPECTED, describe(hi), describe(lo)
                ),
            }),
            _ => out.push(
                lang.pick(
                    "Matrice de mélange : trop peu de liens pour lire une paire de types d'acteurs.",
                    "Mixing matrix: too few ties to read a pair of actor types.",
                )
                .to_string(),
            ),
        }
    }
    out
}
