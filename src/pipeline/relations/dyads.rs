//! The dyad data (issue 22, item 1): one row per unordered pair of members of every PTCE
//! network and snapshot, with the tie indicator and the dyad covariates of the tie models
//! (`tables/dyad_data.parquet`; `docs/outputs.md`).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::brokerage::{is_ess, org_value};
use super::RelationsConfig;
use crate::model::{ActorType, Organization, Role, TieKind};
use crate::network::Network;
use crate::study::Study;
use crate::table::Table;

/// One unordered pair of members `a < b` (node indices) of network `net`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dyad {
    /// Index of the network in the pipeline's network list.
    pub net: u32,
    pub a: u32,
    pub b: u32,
    /// Whether the pair has an edge whose kinds include one of `[relations] tie_kinds`
    /// (`false` when the tie is unknown).
    pub tie: bool,
    /// Whether the tie is observed: `false` for two members of a surveyed PTCE neither of
    /// whom answered a wave the snapshot sees, under the `reconstructed` rule (set by
    /// `unknown::mark_all`); such dyads are left out of every model.
    pub known: bool,
    /// Weight of that edge (0 without a tie).
    pub weight: f64,
    pub same_actor_type: bool,
    /// The two actor types in alphabetical order.
    pub type_pair: (ActorType, ActorType),
    pub both_ess: bool,
    /// `None` when either NAF section is unknown.
    pub same_naf_section: Option<bool>,
    /// `None` when either commune is unknown.
    pub same_commune: Option<bool>,
    /// Both members founders or the pilot (role of the snapshot).
    pub both_founders: bool,
    /// One of the two is the pilot.
    pub pilot_involved: bool,
    /// |difference of the first join dates in the PTCE| in years of 365.25 days.
    pub tenure_gap_years: Option<f64>,
    /// `same_<column>` of `[relations] same`, in that order.
    pub extra: Box<[Option<bool>]>,
}

/// The written form of a type pair (`ess_association|local_authority`).
pub fn pair_name(p: (ActorType, ActorType)) -> String {
    format!("{}|{}", p.0.as_str(), p.1.as_str())
}

/// Equality of two optional values; `None` when either is missing.
fn same(a: Option<String>, b: Option<String>) -> Option<bool> {
    Some(a? == b?)
}

/// Networks whose dyads are made together by [`build_dyads`].
const DYAD_BLOCK: usize = 256;

/// The dyads of every network, in network order then pair order (a, then b).
///
/// # Arguments
/// * `study` — memberships (join dates) and `[relations]`.
/// * `nets` — the networks.
/// * `orgs` — organizations by id.
/// * `cfg` — `[relations]` (tie kinds, `same` columns).
///
/// Every dyad is `known`; [`super::unknown::mark_all`] then marks those of survey
/// non-respondents.
///
/// # Complexity
/// O(Σ n²) over the networks, in parallel.
pub fn build_dyads(
    study: &Study,
    nets: &[Network],
    orgs: &HashMap<&str, &Organization>,
    cfg: &RelationsConfig,
) -> Vec<Dyad> {
    let kinds: Vec<TieKind> = cfg
        .tie_kinds
        .iter()
        .filter_map(|k| TieKind::parse(k))
        .collect();
    let mut joined: BTreeMap<(&str, &str), i32> = BTreeMap::new();
    for m in &study.memberships {
        let d = m.joined.first_day().days();
        joined
            .entry((m.ptce_id.as_str(), m.org_id.as_str()))
            .and_modify(|x| *x = (*x).min(d))
            .or_insert(d);
    }
    // Networks in parallel, a block at a time, each block appended to one vector sized once:
    // the dyads (millions in a large study) never exist twice.
    let total: usize = nets
        .iter()
        .map(|n| n.nodes.len() * n.nodes.len().saturating_sub(1) / 2)
        .sum();
    let mut out = Vec::with_capacity(total);
    for (b, block) in nets.chunks(DYAD_BLOCK).enumerate() {
        let parts: Vec<Vec<Dyad>> = block
            .par_iter()
            .enumerate()
            .map(|(i, net)| {
                let k = (b * DYAD_BLOCK + i) as u32;
                network_dyads(k, net, orgs, &kinds, &cfg.same, &joined)
            })
            .collect();
        for p in parts {
            out.extend(p);
        }
    }
    out
}

pub(crate) fn network_dyads(
    k: u32,
    net: &Network,
    orgs: &HashMap<&str, &Organization>,
    kinds: &[TieKind],
    same_columns: &[String],
    joined: &BTreeMap<(&str, &str), i32>,
) -> Vec<Dyad> {
    let n = net.nodes.len();
    let mut edges: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for e in &net.edges {
        if kinds.is_empty() || kinds.iter().any(|t| e.kinds.contains(t)) {
            edges.insert((e.u.min(e.v), e.u.max(e.v)), e.weight);
        }
    }
    let org: Vec<Option<&Organization>> = net
        .nodes
        .iter()
        .map(|x| orgs.get(x.org_id.as_str()).copied())
        .collect();
    let value = |i: usize, c: &str| org_value(&net.nodes[i], org[i], c);
    let founder = |i: usize| matches!(net.nodes[i].role, Some(Role::Founder | Role::Pilot));
    let pilot = |i: usize| net.nodes[i].role == Some(Role::Pilot);
    let join = |i: usize| {
        joined
            .get(&(net.ptce_id.as_str(), net.nodes[i].org_id.as_str()))
            .copied()
    };
    let mut out = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for a in 0..n {
        for b in a + 1..n {
            let weight = edges.get(&(a as u32, b as u32)).copied();
            let (ta, tb) = (net.nodes[a].actor_type, net.nodes[b].actor_type);
            let type_pair = if ta.as_str() <= tb.as_str() {
                (ta, tb)
            } else {
                (tb, ta)
            };
            out.push(Dyad {
                net: k,
                a: a as u32,
                b: b as u32,
                tie: weight.is_some(),
                known: true,
                weight: weight.unwrap_or(0.0),
                same_actor_type: ta == tb,
                type_pair,
                both_ess: is_ess(ta) && is_ess(tb),
                same_naf_section: same(value(a, "naf_section"), value(b, "naf_section")),
                same_commune: same(value(a, "commune_code"), value(b, "commune_code")),
                both_founders: founder(a) && founder(b),
                pilot_involved: pilot(a) || pilot(b),
                tenure_gap_years: join(a)
                    .zip(join(b))
                    .map(|(x, y)| f64::from((x - y).abs()) / 365.25),
                extra: same_columns
                    .iter()
                    .map(|c| same(value(a, c), value(b, c)))
                    .collect(),
            });
        }
    }
    out
}

fn flag(b: bool) -> Option<i64> {
    Some(i64::from(b))
}

/// The table `dyad_data`.
///
/// # Arguments
/// * `dyads` — the output of [`build_dyads`]; `nets` — the networks they index;
///   `same_columns` — `[relations] same`.
///
/// # Returns
/// Columns `ptce_id`, `snapshot`, `org_a`, `org_b`, `tie` (empty when unknown), `tie_known`,
/// `weight`, `same_actor_type`,
/// `type_pair`, `both_ess`, `same_naf_section`, `same_commune`, `both_founders`,
/// `pilot_involved`, `tenure_gap_years`, then `same_<column>` for each configured column
/// (0/1 flags; empty when a value is unknown).
///
/// # Complexity
/// O(rows).
pub fn dyad_table(dyads: &[Dyad], nets: &[Network], same_columns: &[String]) -> Table {
    let net = |d: &Dyad| &nets[d.net as usize];
    // The few distinct type pairs, named once (not one string per dyad).
    let mut pairs: Vec<((ActorType, ActorType), String)> = Vec::new();
    for d in dyads {
        if let Err(i) = pairs.binary_search_by(|(p, _)| p.cmp(&d.type_pair)) {
            pairs.insert(i, (d.type_pair, pair_name(d.type_pair)));
        }
    }
    let mut t = Table::new("dyad_data")
        .str(
            "ptce_id",
            dyads.iter().map(|d| Some(net(d).ptce_id.as_str())),
        )
        .str(
            "snapshot",
            dyads.iter().map(|d| Some(net(d).snapshot.as_str())),
        )
        .str(
            "org_a",
            dyads
                .iter()
                .map(|d| Some(net(d).nodes[d.a as usize].org_id.as_str())),
        )
        .str(
            "org_b",
            dyads
                .iter()
                .map(|d| Some(net(d).nodes[d.b as usize].org_id.as_str())),
        )
        .int(
            "tie",
            dyads.iter().map(|d| d.known.then_some(i64::from(d.tie))),
        )
        .int("tie_known", dyads.iter().map(|d| flag(d.known)))
        .float("weight", dyads.iter().map(|d| Some(d.weight)))
        .int(
            "same_actor_type",
            dyads.iter().map(|d| flag(d.same_actor_type)),
        )
        .str(
            "type_pair",
            dyads.iter().map(|d| {
                let i = pairs.partition_point(|(p, _)| *p < d.type_pair);
                Some(pairs[i].1.as_str())
            }),
        )
        .int("both_ess", dyads.iter().map(|d| flag(d.both_ess)))
        .int(
            "same_naf_section",
            dyads.iter().map(|d| d.same_naf_section.map(i64::from)),
        )
        .int(
            "same_commune",
            dyads.iter().map(|d| d.same_commune.map(i64::from)),
        )
        .int("both_founders", dyads.iter().map(|d| flag(d.both_founders)))
        .int(
            "pilot_involved",
            dyads.iter().map(|d| flag(d.pilot_involved)),
        )
        .float("tenure_gap_years", dyads.iter().map(|d| d.tenure_gap_years));
    for (j, c) in same_columns.iter().enumerate() {
        t = t.int(
            &format!("same_{c}"),
            dyads
                .iter()
                .map(|d| d.extra.get(j).copied().flatten().map(i64::from)),
        );
    }
    t
}
