//! The pooled conditional logit of ties (issue 22, item 2): `tables/tie_models.csv`, one
//! model per snapshot and specification, stratified by network, cluster-robust by PTCE
//! ([`crate::relations::clogit::conditional_logit`]; `docs/statistics.md` § Who cooperates
//! with whom).
//!
//! - `homophily`: `same_actor_type`, `both_ess`, `same_naf_section`, `same_commune`,
//!   `both_founders`, `pilot_involved`, `tenure_gap_years`, the `same_<column>` of
//!   `[relations] same` (an unknown value counts as "not the same"), and
//!   `same_actor_type:group_<g>` for every territory group but the first (the reference).
//!   With two groups or more, only the networks of classified PTCEs enter.
//! - `mixing`: one indicator per actor-type pair, against the most frequent pair of the
//!   snapshot's informative networks (ties broken by name), reported in the row `reference`.
//!
//! A term that separates ties from non-ties, or is constant within networks or collinear, is
//! left out with its reason in `status` and the model refitted without it.

use std::collections::BTreeMap;

use super::dyads::{pair_name, Dyad};
use crate::compare::Groups;
use crate::model::ActorType;
use crate::network::Network;
use crate::relations::clogit::{fit_prepared, prepare_conditional_logit, ClogitFit, ClogitStatus};
use crate::stats::special::{norm_ppf, norm_sf};
use crate::table::Table;

/// One row of `tie_models`.
#[derive(Debug, Clone, PartialEq)]
pub struct TieModelRow {
    pub snapshot: String,
    pub spec: &'static str,
    pub term: String,
    pub estimate: Option<f64>,
    pub std_error: Option<f64>,
    pub se_type: &'static str,
    pub statistic: Option<f64>,
    pub p_value: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub odds_ratio: Option<f64>,
    pub n_dyads: usize,
    pub n_networks: usize,
    /// Networks left out because their ties do not vary (empty or complete).
    pub n_networks_dropped: usize,
    pub status: String,
}

impl TieModelRow {
    /// A row of `term` without estimate, with its `status` and counts `(n_dyads, n_networks)`.
    fn empty(
        snapshot: &str,
        spec: &'static str,
        term: String,
        status: String,
        (n_dyads, n_networks): (usize, usize),
        n_networks_dropped: usize,
    ) -> TieModelRow {
        TieModelRow {
            snapshot: snapshot.to_string(),
            spec,
            term,
            estimate: None,
            std_error: None,
            se_type: SE_TYPE,
            statistic: None,
            p_value: None,
            ci_low: None,
            ci_high: None,
            odds_ratio: None,
            n_dyads,
            n_networks,
            n_networks_dropped,
            status,
        }
    }
}

/// The specifications of `tables/tie_models.csv`, in order.
pub const SPECS: [&str; 2] = ["homophily", "mixing"];

/// Standard-error type of the rows: the cluster-robust sandwich by PTCE, times G / (G − 1)
/// (`sandwich::vcovCL`, HC0).
pub const SE_TYPE: &str = "cluster_ptce_vcovcl";

/// A design: term names and columns over the selected dyads.
struct Design {
    names: Vec<String>,
    x: Vec<Vec<f64>>,
}

fn b(v: bool) -> f64 {
    f64::from(u8::from(v))
}

fn homophily(dyads: &[&Dyad], nets: &[Network], groups: &Groups, extra: usize) -> Design {
    let mut names: Vec<String> = [
        "same_actor_type",
        "both_ess",
        "same_naf_section",
        "same_commune",
        "both_founders",
        "pilot_involved",
        "tenure_gap_years",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut x: Vec<Vec<f64>> = vec![
        dyads.iter().map(|d| b(d.same_actor_type)).collect(),
        dyads.iter().map(|d| b(d.both_ess)).collect(),
        dyads
            .iter()
            .map(|d| b(d.same_naf_section == Some(true)))
            .collect(),
        dyads
            .iter()
            .map(|d| b(d.same_commune == Some(true)))
            .collect(),
        dyads.iter().map(|d| b(d.both_founders)).collect(),
        dyads.iter().map(|d| b(d.pilot_involved)).collect(),
        dyads
            .iter()
            .map(|d| d.tenure_gap_years.unwrap_or(0.0))
            .collect(),
    ];
    for j in 0..extra {
        names.push(format!("same_extra_{j}"));
        x.push(
            dyads
                .iter()
                .map(|d| b(d.extra.get(j).copied().flatten() == Some(true)))
                .collect(),
        );
    }
    for (g, gname) in groups.names.iter().enumerate().skip(1) {
        names.push(format!("same_actor_type:group_{gname}"));
        x.push(
            dyads
                .iter()
                .map(|d| {
                    let of = groups.of_ptce.get(&nets[d.net as usize].ptce_id);
                    b(d.same_actor_type && of == Some(&g))
                })
                .collect(),
        );
    }
    Design { names, x }
}

/// The family of an actor type, the default level of the `mixing` specification: `public`
/// (local authorities, public agencies), `ess` (the four ESS types), `company`,
/// `training_research`, `citizen`, `other`.
pub fn family(t: ActorType) -> &'static str {
    match t {
        ActorType::LocalAuthority | ActorType::PublicAgency => "public",
        ActorType::EssAssociation
        | ActorType::EssCooperative
        | ActorType::EssMutual
        | ActorType::EssFoundation => "ess",
        ActorType::Company => "company",
        ActorType::TrainingResearch => "training_research",
        ActorType::Citizen => "citizen",
        ActorType::Other => "other",
    }
}

/// The mixing label of a dyad: its `type_pair`, or the unordered pair of families.
fn mixing_label(d: &Dyad, by_type: bool) -> String {
    if by_type {
        return pair_name(d.type_pair);
    }
    let (a, b) = (family(d.type_pair.0), family(d.type_pair.1));
    if a <= b {
        format!("{a}|{b}")
    } else {
        format!("{b}|{a}")
    }
}

fn mixing(dyads: &[&Dyad], by_type: bool) -> (Design, String) {
    // Each distinct type pair labelled once; each dyad holds the rank of its label among the
    // distinct labels (no string per dyad: millions in a large study).
    let mut label_of: BTreeMap<(ActorType, ActorType), String> = BTreeMap::new();
    for d in dyads {
        label_of
            .entry(d.type_pair)
            .or_insert_with(|| mixing_label(d, by_type));
    }
    let labels: Vec<&str> = label_of
        .values()
        .map(String::as_str)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let rank: BTreeMap<(ActorType, ActorType), usize> = label_of
        .iter()
        .map(|(p, l)| (*p, labels.binary_search(&l.as_str()).unwrap_or(0)))
        .collect();
    let codes: Vec<usize> = dyads.iter().map(|d| rank[&d.type_pair]).collect();
    let mut count = vec![0usize; labels.len()];
    for &c in &codes {
        count[c] += 1;
    }
    // Most frequent pair; ties broken by name (the first in label order).
    let reference =
        (0..labels.len()).fold(0, |best, k| if count[k] > count[best] { k } else { best });
    let kept: Vec<usize> = (0..labels.len())
        .filter(|&k| k != reference && count[k] > 0)
        .collect();
    let x = kept
        .iter()
        .map(|&k| codes.iter().map(|&c| b(c == k)).collect())
        .collect();
    let names: Vec<String> = kept.iter().map(|&k| labels[k].to_string()).collect();
    let reference = labels.get(reference).copied().unwrap_or("").to_string();
    let prefix = if by_type { "type_pair" } else { "family_pair" };
    let names = names
        .into_iter()
        .map(|n| format!("{prefix}[{n}]"))
        .collect();
    (Design { names, x }, format!("{prefix}[{reference}]"))
}

/// Terms that cannot be estimated, found before fitting (each would cost a refit): an
/// indicator whose dyads are all ties or all non-ties (separation), a term constant within
/// every network (absorbed by the strata).
fn screen(y: &[bool], design: &Design, strata: &[u32]) -> BTreeMap<usize, String> {
    let mut out = BTreeMap::new();
    // Each dyad's stratum as a dense index, found once for all the terms.
    let mut dense: BTreeMap<u32, usize> = BTreeMap::new();
    let slot: Vec<usize> = strata
        .iter()
        .map(|s| {
            let next = dense.len();
            *dense.entry(*s).or_insert(next)
        })
        .collect();
    for (k, x) in design.x.iter().enumerate() {
        let binary = x.iter().all(|&v| v == 0.0 || v == 1.0);
        let (mut on, mut on_ties) = (0usize, 0usize);
        let mut varies = false;
        let mut first: Vec<Option<f64>> = vec![None; dense.len()];
        for i in 0..y.len() {
            if x[i] == 1.0 {
                on += 1;
                on_ties += usize::from(y[i]);
            }
            let f = *first[slot[i]].get_or_insert(x[i]);
            varies |= f != x[i];
        }
        if !varies {
            out.insert(
                k,
                "dropped: constant within networks or collinear".to_string(),
            );
        } else if binary && (on_ties == 0 || on_ties == on) {
            out.insert(k, "dropped: separation".to_string());
        }
    }
    out
}

/// Fits with terms dropped one at a time on separation or collinearity.
///
/// The design's columns are freed once the strata are copied out of them, before Newton's
/// iterations (the design of a large study's `mixing` model is hundreds of megabytes); a refit
/// after a dropped term builds them again with `rebuild`.
fn fit_dropping(
    y: &[bool],
    design: Design,
    rebuild: &dyn Fn() -> Design,
    strata: &[u32],
    cluster: &[u32],
) -> (
    Result<ClogitFit, ClogitStatus>,
    Vec<usize>,
    BTreeMap<usize, String>,
) {
    let mut dropped = screen(y, &design, strata);
    let mut keep: Vec<usize> = (0..design.names.len())
        .filter(|k| !dropped.contains_key(k))
        .collect();
    let mut design = Some(design);
    loop {
        let d = design.take().unwrap_or_else(rebuild);
        let x: Vec<&[f64]> = keep.iter().map(|&k| d.x[k].as_slice()).collect();
        let prepared = prepare_conditional_logit(y, &x, strata, Some(cluster));
        drop(x);
        drop(d);
        let r = prepared.and_then(fit_prepared);
        let bad = match &r {
            Err(ClogitStatus::Separation { term }) => Some((*term, "dropped: separation")),
            Err(ClogitStatus::Singular { term }) => {
                Some((*term, "dropped: constant within networks or collinear"))
            }
            _ => None,
        };
        match bad {
            Some((t, why)) if t < keep.len() && keep.len() > 1 => {
                dropped.insert(keep.remove(t), why.to_string());
            }
            _ => return (r, keep, dropped),
        }
    }
}

/// Rows of one model.
#[allow(clippy::too_many_arguments)]
fn model_rows(
    snapshot: &str,
    spec: &'static str,
    y: &[bool],
    design: Design,
    rebuild: &dyn Fn() -> Design,
    strata: &[u32],
    cluster: &[u32],
    n_dropped_nets: usize,
    level: f64,
) -> Vec<TieModelRow> {
    let names = design.names.clone();
    let (fit, keep, dropped) = fit_dropping(y, design, rebuild, strata, cluster);
    let q = norm_ppf(1.0 - (1.0 - level) / 2.0).unwrap_or(1.959_963_984_540_054);
    let empty = |term: &str, status: String, n: (usize, usize)| {
        TieModelRow::empty(snapshot, spec, term.to_string(), status, n, n_dropped_nets)
    };
    let mut rows = Vec::new();
    match fit {
        Err(e) => {
            for name in &names {
                rows.push(empty(name, format!("no fit: {e}"), (0, 0)));
            }
        }
        Ok(f) => {
            let n = (f.n_obs, f.n_strata);
            let se = f.cluster_adjusted_std_errors.clone();
            for (k, name) in names.iter().enumerate() {
                let Some(pos) = keep.iter().position(|&t| t == k) else {
                    let why = dropped.get(&k).cloned().unwrap_or_default();
                    rows.push(empty(name, why, n));
                    continue;
                };
                let est = f.coefficients[pos];
                let s = se.as_ref().map(|s| s[pos]).filter(|s| *s > 0.0);
                let z = s.map(|s| est / s);
                rows.push(TieModelRow {
                    estimate: Some(est),
                    std_error: s,
                    statistic: z,
                    p_value: z.map(|z| 2.0 * norm_sf(z.abs())),
                    ci_low: s.map(|s| est - q * s),
                    ci_high: s.map(|s| est + q * s),
                    odds_ratio: Some(est.exp()),
                    status: if s.is_some() {
                        "ok".to_string()
                    } else {
                        "no cluster-robust error".to_string()
                    },
                    ..empty(name, String::new(), n)
                });
            }
        }
    }
    rows
}

/// The specifications `specs` ([`SPECS`] in `ptce run`; the calibration fits `homophily`
/// alone) for every snapshot, snapshots in order of first appearance; dyads whose tie is
/// unknown (`known = false`) are left out.
///
/// # Arguments
/// * `dyads`, `nets` — the dyad data and its networks; `groups` — the territory groups;
///   `extra` — number of `same_<column>` covariates; `level` — confidence level; `specs` —
///   the specifications fitted, in that order.
///
/// # Complexity
/// O(iterations · Σ n_s m_s p²) per model.
pub fn tie_model_rows(
    dyads: &[Dyad],
    nets: &[Network],
    groups: &Groups,
    extra_names: &[String],
    mixing_by_type: bool,
    level: f64,
    specs: &[&'static str],
) -> Vec<TieModelRow> {
    let mut snapshots: Vec<&str> = Vec::new();
    for n in nets {
        if !snapshots.contains(&n.snapshot.as_str()) {
            snapshots.push(&n.snapshot);
        }
    }
    let ptce_index: BTreeMap<&str, u32> = nets
        .iter()
        .map(|n| n.ptce_id.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .enumerate()
        .map(|(i, p)| (p, i as u32))
        .collect();
    let mut rows = Vec::new();
    for snap in snapshots {
        let in_snap: Vec<&Dyad> = dyads
            .iter()
            .filter(|d| d.known && nets[d.net as usize].snapshot == snap)
            .collect();
        // Networks without variation in `tie` carry no information: counted, left out.
        let mut ties: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
        for d in &in_snap {
            let e = ties.entry(d.net).or_default();
            e.0 += 1;
            e.1 += usize::from(d.tie);
        }
        let informative = |net: u32| ties.get(&net).is_some_and(|&(n, t)| t > 0 && t < n);
        let classified = |net: u32| {
            groups.names.len() < 2 || groups.of_ptce.contains_key(&nets[net as usize].ptce_id)
        };
        let n_dropped = ties.keys().filter(|&&k| !informative(k)).count();
        for &spec in specs {
            let sel: Vec<&Dyad> = in_snap
                .iter()
                .copied()
                .filter(|d| informative(d.net) && (spec == "mixing" || classified(d.net)))
                .collect();
            let y: Vec<bool> = sel.iter().map(|d| d.tie).collect();
            let strata: Vec<u32> = sel.iter().map(|d| d.net).collect();
            let cluster: Vec<u32> = sel
                .iter()
                .map(|d| ptce_index[nets[d.net as usize].ptce_id.as_str()])
                .collect();
            let make = || {
                let (mut design, reference) = if spec == "homophily" {
                    (homophily(&sel, nets, groups, extra_names.len()), None)
                } else {
                    let (d, r) = mixing(&sel, mixing_by_type);
                    (d, Some(r))
                };
                for (j, c) in extra_names.iter().enumerate() {
                    if let Some(n) = design
                        .names
                        .iter_mut()
                        .find(|n| **n == format!("same_extra_{j}"))
                    {
                        *n = format!("same_{c}");
                    }
                }
                (design, reference)
            };
            let (design, reference) = make();
            let mut r = model_rows(
                snap,
                spec,
                &y,
                design,
                &|| make().0,
                &strata,
                &cluster,
                n_dropped,
                level,
            );
            if let Some(reference) = reference {
                let n = r
                    .first()
                    .map_or((sel.len(), 0), |x| (x.n_dyads, x.n_networks));
                let term = format!("reference: {reference}");
                r.push(TieModelRow {
                    estimate: Some(0.0),
                    odds_ratio: Some(1.0),
                    ..TieModelRow::empty(snap, "mixing", term, "reference".into(), n, n_dropped)
                });
            }
            rows.extend(r);
        }
    }
    rows
}

/// The table `tie_models` (columns of [`TieModelRow`], in order).
pub fn tie_models_table(rows: &[TieModelRow]) -> Table {
    Table::new("tie_models")
        .str("snapshot", rows.iter().map(|r| Some(r.snapshot.clone())))
        .str("spec", rows.iter().map(|r| Some(r.spec)))
        .str("term", rows.iter().map(|r| Some(r.term.clone())))
        .float("estimate", rows.iter().map(|r| r.estimate))
        .float("std_error", rows.iter().map(|r| r.std_error))
        .str("se_type", rows.iter().map(|r| Some(r.se_type)))
        .float("statistic", rows.iter().map(|r| r.statistic))
        .float("p_value", rows.iter().map(|r| r.p_value))
        .float("ci_low", rows.iter().map(|r| r.ci_low))
        .float("ci_high", rows.iter().map(|r| r.ci_high))
        .float("odds_ratio", rows.iter().map(|r| r.odds_ratio))
        .int("n_dyads", rows.iter().map(|r| Some(r.n_dyads as i64)))
        .int("n_networks", rows.iter().map(|r| Some(r.n_networks as i64)))
        .int(
            "n_networks_dropped",
            rows.iter().map(|r| Some(r.n_networks_dropped as i64)),
        )
        .str("status", rows.iter().map(|r| Some(r.status.clone())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relations::clogit::conditional_logit;

    /// 12 networks of 10 dyads, ties drawn from a fixed sequence; two covariates, the second
    /// repeated as a third column (collinear: found only by the fit, which drops it and refits
    /// from a rebuilt design).
    fn data() -> (Vec<bool>, Vec<Vec<f64>>, Vec<u32>, Vec<u32>) {
        let n = 120;
        let x1: Vec<f64> = (0..n).map(|i| ((i * 7) % 5) as f64 / 4.0).collect();
        let x2: Vec<f64> = (0..n)
            .map(|i| f64::from(u8::from((i * 11) % 3 == 0)))
            .collect();
        let y: Vec<bool> = (0..n)
            .map(|i| (i * 13 + (i / 10) * 3) % 7 < 2 + usize::from(x2[i] > 0.0))
            .collect();
        let strata: Vec<u32> = (0..n).map(|i| (i / 10) as u32).collect();
        let cluster: Vec<u32> = (0..n).map(|i| (i / 20) as u32).collect();
        (y, vec![x1, x2.clone(), x2], strata, cluster)
    }

    #[test]
    fn a_collinear_term_is_dropped_and_the_refit_uses_a_rebuilt_design() {
        let (y, x, strata, cluster) = data();
        let design = || Design {
            names: vec!["a".into(), "b".into(), "b_again".into()],
            x: x.clone(),
        };
        let builds = std::cell::Cell::new(0);
        let rebuild = || {
            builds.set(builds.get() + 1);
            design()
        };
        let rows = model_rows(
            "all",
            "homophily",
            &y,
            design(),
            &rebuild,
            &strata,
            &cluster,
            0,
            0.95,
        );
        assert_eq!(builds.get(), 1, "one refit, one rebuild");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].term, "b_again");
        assert_eq!(
            rows[2].status,
            "dropped: constant within networks or collinear"
        );
        assert_eq!(rows[2].estimate, None);
        // The kept terms equal a direct fit without the repeated column.
        let direct = conditional_logit(&y, &x[..2], &strata, Some(&cluster)).unwrap();
        for (row, b) in rows.iter().zip(&direct.coefficients) {
            assert_eq!(row.estimate, Some(*b), "{}", row.term);
            assert_eq!(row.status, "ok");
        }
    }
}
