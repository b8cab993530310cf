//! Diversity of each PTCE × snapshot (issue 4 item 5): the composition of its members (by actor
//! type, NAF section, NAF division) and of its activities (by thematic sector, NAF section),
//! measured with every index of [`crate::diversity`], in the long table `diversity`.

use crate::config::{DiversityConfig, UnknownNaf, Weighting};
use crate::diversity::naf::{parse_naf, NafLevel};
use crate::diversity::{diversity, Disparity};
use crate::model::{Activity, Organization};
use crate::network::Network;
use crate::stages::{is_active, Window};
use crate::table::Table;
use std::collections::{BTreeMap, HashMap};

/// Label of members or activities without NAF code, when they are kept as a category.
pub const UNKNOWN: &str = "unknown";

/// One row of the long `diversity` table.
#[derive(Debug, Clone, PartialEq)]
pub struct DiversityRow {
    pub ptce_id: String,
    pub snapshot: String,
    pub population: &'static str,
    pub dimension: &'static str,
    pub index: &'static str,
    pub value: Option<f64>,
}

/// Supplied disparity matrices, by dimension (`docs/diversity.md`).
pub use crate::diversity::Matrices;

/// Where a composition's rows go: PTCE, snapshot, population, dimension.
struct RowKey<'a> {
    ptce: &'a str,
    snapshot: &'a str,
    population: &'static str,
    dimension: &'static str,
}

/// Items of a composition: category label (`None` when unknown) and weight.
type Items = Vec<(Option<String>, f64)>;

fn rows_for(
    key: RowKey<'_>,
    items: &[(Option<String>, f64)],
    unknown: UnknownNaf,
    matrices: &Matrices,
    out: &mut Vec<DiversityRow>,
) {
    let RowKey {
        ptce,
        snapshot,
        population,
        dimension,
    } = key;
    let mut weights: BTreeMap<String, f64> = BTreeMap::new();
    let (mut n_unknown, mut n_counted) = (0usize, 0usize);
    for (label, w) in items {
        match (label, unknown) {
            (Some(l), _) => {
                *weights.entry(l.clone()).or_insert(0.0) += w;
                n_counted += 1;
            }
            (None, UnknownNaf::Category) => {
                *weights.entry(UNKNOWN.to_string()).or_insert(0.0) += w;
                n_unknown += 1;
                n_counted += 1;
            }
            (None, UnknownNaf::Exclude) => n_unknown += 1,
        }
    }
    let labels: Vec<&String> = weights.keys().collect();
    let composition: Vec<f64> = weights.values().copied().collect();
    // A supplied matrix that lacks a category present here leaves Rao–Stirling undefined
    // (never silently computed with another distance).
    let (disparity, matrix_lacks) = match matrices.get(dimension) {
        Some(m) => match m.select(&labels) {
            Ok(d) => (Some(d), false),
            Err(_) => (None, true),
        },
        None if dimension.starts_with("naf_") => (Some(Disparity::naf_tree(&labels)), false),
        None => (Some(Disparity::uniform(&labels)), false),
    };
    let push = |index: &'static str, value: Option<f64>, out: &mut Vec<DiversityRow>| {
        out.push(DiversityRow {
            ptce_id: ptce.to_string(),
            snapshot: snapshot.to_string(),
            population,
            dimension,
            index,
            value,
        })
    };
    push("n_counted", Some(n_counted as f64), out);
    push("n_unknown", Some(n_unknown as f64), out);
    match diversity(&composition, disparity.as_ref()) {
        Ok(d) => {
            for (index, value) in d.values() {
                let value = if index == "rao_stirling" && matrix_lacks {
                    None
                } else {
                    value
                };
                push(index, value, out);
            }
        }
        Err(_) => {
            for index in crate::diversity::Diversity::INDEX_NAMES {
                push(index, None, out);
            }
        }
    }
}

fn key<'a>(net: &'a Network, population: &'static str, dimension: &'static str) -> RowKey<'a> {
    RowKey {
        ptce: &net.ptce_id,
        snapshot: &net.snapshot,
        population,
        dimension,
    }
}

fn naf_label(code: Option<&str>, level: NafLevel) -> Option<String> {
    code.and_then(|c| parse_naf(c).ok()).map(|c| c.label(level))
}

/// Diversity rows of one network's members, and of the PTCE's activities active in `window`.
#[allow(clippy::too_many_arguments)]
pub fn diversity_rows(
    net: &Network,
    window: Option<Window>,
    activities: &[&Activity],
    orgs: &HashMap<&str, &Organization>,
    config: &DiversityConfig,
    matrices: &Matrices,
    out: &mut Vec<DiversityRow>,
) {
    let weight = |org_id: &str| match config.weighting {
        Weighting::Count => Some(1.0),
        Weighting::Employees => orgs
            .get(org_id)
            .and_then(|o| o.employees)
            .filter(|e| *e > 0.0),
    };
    let members: Vec<(&str, f64)> = net
        .nodes
        .iter()
        .filter_map(|n| weight(&n.org_id).map(|w| (n.org_id.as_str(), w)))
        .collect();
    let code = |id: &str| orgs.get(id).and_then(|o| o.naf_code.as_deref());
    let dims: [(&'static str, Items); 3] = [
        (
            "actor_type",
            members
                .iter()
                .map(|(id, w)| (orgs.get(id).map(|o| o.actor_type.as_str().to_string()), *w))
                .collect(),
        ),
        (
            "naf_section",
            members
                .iter()
                .map(|(id, w)| (naf_label(code(id), NafLevel::Section), *w))
                .collect(),
        ),
        (
            "naf_division",
            members
                .iter()
                .map(|(id, w)| (naf_label(code(id), NafLevel::Division), *w))
                .collect(),
        ),
    ];
    for (dim, items) in dims {
        let unknown = if dim == "actor_type" {
            UnknownNaf::Exclude
        } else {
            config.unknown_naf
        };
        rows_for(key(net, "members", dim), &items, unknown, matrices, out);
    }
    let acts: Vec<&&Activity> = activities
        .iter()
        .filter(|a| window.is_none_or(|w| is_active(a.start, a.end, w)))
        .collect();
    let sectors: Items = acts
        .iter()
        .map(|a| (Some(a.sector.as_str().to_string()), 1.0))
        .collect();
    rows_for(
        key(net, "activities", "sector"),
        &sectors,
        UnknownNaf::Exclude,
        matrices,
        out,
    );
    let sections: Items = acts
        .iter()
        .map(|a| (naf_label(a.naf_code.as_deref(), NafLevel::Section), 1.0))
        .collect();
    rows_for(
        key(net, "activities", "naf_section"),
        &sections,
        config.unknown_naf,
        matrices,
        out,
    );
}

/// The long `diversity` table.
pub fn diversity_table(rows: &[DiversityRow]) -> Table {
    Table::new("diversity")
        .str("ptce_id", rows.iter().map(|r| Some(r.ptce_id.clone())))
        .str("snapshot", rows.iter().map(|r| Some(r.snapshot.clone())))
        .str("population", rows.iter().map(|r| Some(r.population)))
        .str("dimension", rows.iter().map(|r| Some(r.dimension)))
        .str("index", rows.iter().map(|r| Some(r.index)))
        .float("value", rows.iter().map(|r| r.value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{DiversityConfig, UnknownNaf, Weighting};
    use crate::graph::Graph;
    use crate::model::ActorType;
    use crate::network::NodeInfo;

    fn org(id: &str, t: ActorType, naf: Option<&str>, employees: Option<f64>) -> Organization {
        Organization {
            org_id: id.into(),
            name: id.into(),
            actor_type: t,
            naf_code: naf.map(str::to_string),
            legal_category: None,
            siren: None,
            commune_code: None,
            employees,
            siret: None,
            rna: None,
            register: Default::default(),
        }
    }

    fn value(rows: &[DiversityRow], dim: &str, index: &str) -> Option<f64> {
        rows.iter()
            .find(|r| r.dimension == dim && r.index == index && r.population == "members")
            .and_then(|r| r.value)
    }

    #[test]
    fn member_compositions_by_dimension_with_unknown_naf() {
        let orgs = [
            org("A", ActorType::LocalAuthority, Some("84.11Z"), Some(30.0)),
            org("B", ActorType::EssAssociation, Some("88.99B"), Some(10.0)),
            org("C", ActorType::EssAssociation, Some("88.10A"), None),
            org("D", ActorType::Company, None, Some(10.0)),
        ];
        let by_id: HashMap<&str, &Organization> =
            orgs.iter().map(|o| (o.org_id.as_str(), o)).collect();
        let nodes = orgs
            .iter()
            .map(|o| NodeInfo {
                org_id: o.org_id.clone(),
                name: o.name.clone(),
                actor_type: o.actor_type,
                naf_section: None,
                role: None,
                detail: 0,
            })
            .collect();
        let net = Network {
            ptce_id: "P".into(),
            snapshot: "all".into(),
            nodes,
            edges: vec![],
            graph: Graph::empty(4),
        };
        let mut rows = Vec::new();
        diversity_rows(
            &net,
            None,
            &[],
            &by_id,
            &DiversityConfig::default(),
            &Matrices::new(),
            &mut rows,
        );
        // Actor types 1, 2, 1 of 4: Gini–Simpson = 1 − (1/16 + 4/16 + 1/16) = 0.625.
        assert_eq!(value(&rows, "actor_type", "richness"), Some(3.0));
        assert!((value(&rows, "actor_type", "gini_simpson").unwrap() - 0.625).abs() < 1e-15);
        // NAF sections O, Q, Q, unknown: 3 categories with `unknown` kept; one unknown member.
        assert_eq!(value(&rows, "naf_section", "richness"), Some(3.0));
        assert_eq!(value(&rows, "naf_section", "n_unknown"), Some(1.0));
        // Divisions 84, 88, 88 + unknown; Rao–Stirling with the NAF tree equals Gini–Simpson
        // here since the only shared-section pair is within one division (distance 0).
        let gs = value(&rows, "naf_division", "gini_simpson").unwrap();
        assert!((gs - 0.625).abs() < 1e-15);
        // Excluding unknown NAF and weighting by employees: C (no employees) and D (no NAF)
        // drop out of naf_section; A 30 (O) and B 10 (Q): Simpson = 0.75² + 0.25² = 0.625.
        let cfg = DiversityConfig {
            weighting: Weighting::Employees,
            unknown_naf: UnknownNaf::Exclude,
            ..Default::default()
        };
        let mut rows = Vec::new();
        diversity_rows(&net, None, &[], &by_id, &cfg, &Matrices::new(), &mut rows);
        assert!((value(&rows, "naf_section", "simpson").unwrap() - 0.625).abs() < 1e-15);
        assert_eq!(value(&rows, "naf_section", "n_counted"), Some(2.0));
        assert_eq!(value(&rows, "naf_section", "n_unknown"), Some(1.0));
        // No activities: richness 0, every other index undefined.
        let act = rows
            .iter()
            .find(|r| r.population == "activities" && r.index == "shannon")
            .unwrap();
        assert_eq!(act.value, None);
    }
}
