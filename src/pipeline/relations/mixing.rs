//! The actor-type mixing matrix (issue 22, item 6): `tables/mixing_matrix.csv`, for every
//! snapshot and unordered pair of actor types, the share of the ties that join the pair,
//! observed and expected.
//!
//! Expected: each network keeps its number of ties, placed uniformly at random among its known
//! dyads (the Erdős–Rényi G(n, m) null of each network, which is also the conditional logit with
//! no covariate). Network `k` with `m_k` ties over `D_k` known dyads, `D_{k,p}` of them of pair
//! `p`, contributes `m_k · D_{k,p} / D_k` expected ties to the pair; the shares divide observed
//! and expected counts by `M = Σ_k m_k`. `ratio` = observed / expected share (above 1: the pair
//! cooperates more than its members' numbers alone make likely). Unknown dyads (survey
//! non-respondents) are left out.

use std::collections::BTreeMap;

use super::dyads::Dyad;
use crate::model::ActorType;
use crate::network::Network;
use crate::table::Table;

/// One row of `mixing_matrix`.
#[derive(Debug, Clone, PartialEq)]
pub struct MixingRow {
    pub snapshot: String,
    /// The two actor types in alphabetical order.
    pub type_a: ActorType,
    pub type_b: ActorType,
    /// Known dyads of the pair.
    pub n_dyads: usize,
    /// Ties of the pair.
    pub n_ties: usize,
    /// Expected ties of the pair under the null (see the module documentation).
    pub expected_ties: f64,
    /// `n_ties / M`; `None` when the snapshot has no tie.
    pub observed_share: Option<f64>,
    /// `expected_ties / M`; `None` when the snapshot has no tie.
    pub expected_share: Option<f64>,
    /// `observed_share / expected_share`; `None` when nothing is expected.
    pub ratio: Option<f64>,
}

/// The mixing rows of every snapshot (in order of first appearance in `nets`), pairs in
/// alphabetical order; pairs without a known dyad are not listed.
///
/// # Arguments
/// * `dyads` — the dyad data (network order); `nets` — the networks they index.
///
/// # Complexity
/// O(dyads · log pairs).
pub fn mixing_rows(dyads: &[Dyad], nets: &[Network]) -> Vec<MixingRow> {
    let mut snapshots: Vec<&str> = Vec::new();
    for n in nets {
        if !snapshots.contains(&n.snapshot.as_str()) {
            snapshots.push(&n.snapshot);
        }
    }
    // Per network: known dyads, ties, and known dyads and ties per pair.
    type Pair = (ActorType, ActorType);
    type Counts = (usize, usize, BTreeMap<Pair, (usize, usize)>);
    // A pair's dyads, ties and per-network expected ties of one snapshot.
    type PairSums = (Pair, usize, usize, Vec<f64>);
    let mut per_net: BTreeMap<u32, Counts> = BTreeMap::new();
    for d in dyads.iter().filter(|d| d.known) {
        let e = per_net.entry(d.net).or_default();
        e.0 += 1;
        e.1 += usize::from(d.tie);
        let p = e.2.entry(d.type_pair).or_default();
        p.0 += 1;
        p.1 += usize::from(d.tie);
    }
    let mut rows = Vec::new();
    for snap in snapshots {
        // Expected ties are summed over networks in increasing order of the contributions, not
        // in network (PTCE id) order: the sum does not depend on ids.
        let mut pairs: BTreeMap<(&str, &str), PairSums> = BTreeMap::new();
        let mut total = 0usize;
        for (k, (n_known, n_ties, by_pair)) in &per_net {
            if nets[*k as usize].snapshot != snap {
                continue;
            }
            total += n_ties;
            for (p, (dk, tk)) in by_pair {
                let e = pairs
                    .entry((p.0.as_str(), p.1.as_str()))
                    .or_insert((*p, 0, 0, Vec::new()));
                e.1 += dk;
                e.2 += tk;
                e.3.push(*n_ties as f64 * *dk as f64 / *n_known as f64);
            }
        }
        let m = (total > 0).then_some(total as f64);
        for (p, n_dyads, n_ties, mut parts) in pairs.into_values() {
            parts.sort_by(f64::total_cmp);
            let expected: f64 = parts.iter().sum();
            let observed_share = m.map(|m| n_ties as f64 / m);
            let expected_share = m.map(|m| expected / m);
            rows.push(MixingRow {
                snapshot: snap.to_string(),
                type_a: p.0,
                type_b: p.1,
                n_dyads,
                n_ties,
                expected_ties: expected,
                observed_share,
                expected_share,
                ratio: observed_share
                    .zip(expected_share)
                    .filter(|(_, e)| *e > 0.0)
                    .map(|(o, e)| o / e),
            });
        }
    }
    rows
}

/// The table `mixing_matrix`: columns `snapshot`, `type_a`, `type_b`, `n_dyads`, `n_ties`,
/// `expected_ties`, `observed_share`, `expected_share`, `ratio` (rows of [`mixing_rows`]).
pub fn mixing_table(rows: &[MixingRow]) -> Table {
    Table::new("mixing_matrix")
        .str("snapshot", rows.iter().map(|r| Some(r.snapshot.clone())))
        .str("type_a", rows.iter().map(|r| Some(r.type_a.as_str())))
        .str("type_b", rows.iter().map(|r| Some(r.type_b.as_str())))
        .int("n_dyads", rows.iter().map(|r| Some(r.n_dyads as i64)))
        .int("n_ties", rows.iter().map(|r| Some(r.n_ties as i64)))
        .float("expected_ties", rows.iter().map(|r| Some(r.expected_ties)))
        .float("observed_share", rows.iter().map(|r| r.observed_share))
        .float("expected_share", rows.iter().map(|r| r.expected_share))
        .float("ratio", rows.iter().map(|r| r.ratio))
}
