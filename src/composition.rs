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
pub type Matrices = BTreeMap<String, Disparity>;

fn rows_for(
    ptce: &str,
    snapshot: &str,
    population: &'static str,
    dimension: &'static str,
    items: &[(Option<String>, f64)],
    unknown: UnknownNaf,
    matrices: &Matrices,
    out: &mut Vec<DiversityRow>,
) {
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
    let disparity = match matrices.get(dimension) {
        Some(m) => m.select(&labels).ok(),
        None if dimension.starts_with("naf_") => Some(Disparity::naf_tree(&labels)),
        None => Some(Disparity::uniform(&labels)),
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
        Weighting::Employees => orgs.get(org_id).and_then(|o| o.employees).filter(|e| *e > 0.0),
    };
    let members: Vec<(&str, f64)> = net
        .nodes
        .iter()
        .filter_map(|n| weight(&n.org_id).map(|w| (n.org_id.as_str(), w)))
        .collect();
    let code = |id: &str| orgs.get(id).and_then(|o| o.naf_code.as_deref());
    let dims: [(&'static str, Vec<(Option<String>, f64)>); 3] = [
        (
            "actor_type",
            members
                .iter()
                .map(|(id, w)| (orgs.get(id).map(|o| o.actor_type.as_str().to_string()), *w))
                .collect(),
        ),
        (
            "naf_section",
            members.iter().map(|(id, w)| (naf_label(code(id), NafLevel::Section), *w)).collect(),
        ),
        (
            "naf_division",
            members.iter().map(|(id, w)| (naf_label(code(id), NafLevel::Division), *w)).collect(),
        ),
    ];
    for (dim, items) in dims {
        let unknown = if dim == "actor_type" { UnknownNaf::Exclude } else { config.unknown_naf };
        rows_for(&net.ptce_id, &net.snapshot, "members", dim, &items, unknown, matrices, out);
    }
    let acts: Vec<&&Activity> = activities
        .iter()
        .filter(|a| window.is_none_or(|w| is_active(a.start, a.end, w)))
        .collect();
    let sectors: Vec<(Option<String>, f64)> =
        acts.iter().map(|a| (Some(a.sector.as_str().to_string()), 1.0)).collect();
    rows_for(&net.ptce_id, &net.snapshot, "activities", "sector", &sectors, UnknownNaf::Exclude, matrices, out);
    let sections: Vec<(Option<String>, f64)> = acts
        .iter()
        .map(|a| (naf_label(a.naf_code.as_deref(), NafLevel::Section), 1.0))
        .collect();
    rows_for(&net.ptce_id, &net.snapshot, "activities", "naf_section", &sections, config.unknown_naf, matrices, out);
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
