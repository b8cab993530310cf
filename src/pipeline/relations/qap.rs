//! QAP logits per network (issue 22, item 3): `tables/qap.csv`, the tie matrix of every `all`
//! network regressed on `same_actor_type`, `both_ess` and `pilot_involved` with Dekker's double
//! semi-partialling ([`crate::relations::qap::qap_logit`], as `sna::netlogit`).
//!
//! The matrices of a network are laid out in its canonical node order (`network::canonical`),
//! and its permutations drawn from `derive_seed(seed, key)`, `key` the canonical form's content
//! digest: neither depends on organization or PTCE ids or on row order. Permutations run in
//! parallel inside the engine and are collected in index order, so the table is identical for
//! any thread count. Only the `all` snapshots are
//! tested (stage snapshots would multiply the cost; `docs/statistics.md`).

use super::dyads::Dyad;
use crate::network::{canonical, Network, ALL};
use crate::relations::qap::{qap_logit, QapFit, QapStatus};
use crate::stats::rng::derive_seed;
use crate::table::Table;

/// Covariates of the QAP model, after the intercept.
pub const QAP_TERMS: [&str; 3] = ["same_actor_type", "both_ess", "pilot_involved"];

/// Result of one network.
struct NetFit<'a> {
    net: &'a Network,
    fit: Result<QapFit, QapStatus>,
    /// Indices in [`QAP_TERMS`] of the covariates fitted.
    used: Vec<usize>,
    /// Dyads whose tie is unknown: the network is left out (QAP permutes whole rows and
    /// columns of a complete matrix, which a missing cell breaks; `sna::netlogit` takes no
    /// missing value either).
    n_unknown: usize,
}

fn status_name(s: &QapStatus) -> String {
    match s {
        QapStatus::TooFewNodes(_) => "too_few_nodes".into(),
        QapStatus::NoVariation => "no_variation".into(),
        QapStatus::Singular(_) => "collinear".into(),
        QapStatus::Separation(_) => "separation".into(),
        QapStatus::NotConverged => "not_converged".into(),
        other => other.to_string(),
    }
}

fn term_name(k: usize) -> &'static str {
    if k == 0 {
        "intercept"
    } else {
        QAP_TERMS.get(k - 1).copied().unwrap_or("?")
    }
}

/// The QAP table of every `all` network.
///
/// # Arguments
/// * `dyads` — the dyad data (all networks, in network order); `nets` — the networks;
///   `n_perm` — permutations per term; `seed` — the run's seed.
///
/// # Returns
/// Columns `ptce_id`, `snapshot`, `term`, `estimate`, `std_error`, `z_value`, `p_greater`,
/// `p_less`, `p_two_sided` (sna's shares b/m), `p_greater_mc`, `p_less_mc`, `p_two_sided_mc`
/// ((b + 1)/(m + 1)), `n_permutations`, `n_failed_permutations`, `n_dyads`, `status`; four
/// rows per network (intercept, then [`QAP_TERMS`]). A network with unknown dyads (survey
/// non-respondents) is not fitted: its rows say so in `status`, `n_dyads` counting its known
/// dyads.
///
/// # Complexity
/// O(4 · n_perm · iterations · n² · 16) per network.
pub fn qap_table(dyads: &[Dyad], nets: &[Network], n_perm: usize, seed: u64) -> Table {
    let mut start = vec![0usize; nets.len() + 1];
    for d in dyads {
        start[d.net as usize + 1] += 1;
    }
    for i in 0..nets.len() {
        start[i + 1] += start[i];
    }
    let fits: Vec<NetFit<'_>> = nets
        .iter()
        .enumerate()
        .filter(|(_, n)| n.snapshot == ALL)
        .map(|(i, net)| {
            let n = net.nodes.len();
            let canon = canonical(net);
            let n_unknown = dyads[start[i]..start[i + 1]]
                .iter()
                .filter(|d| !d.known)
                .count();
            if n_unknown > 0 {
                return NetFit {
                    net,
                    fit: Err(QapStatus::NoVariation),
                    used: Vec::new(),
                    n_unknown,
                };
            }
            let mut y = vec![vec![0.0; n]; n];
            let mut x = vec![vec![vec![0.0; n]; n]; QAP_TERMS.len()];
            for d in &dyads[start[i]..start[i + 1]] {
                let (a, b) = (
                    canon.position[d.a as usize] as usize,
                    canon.position[d.b as usize] as usize,
                );
                let vals = [
                    f64::from(u8::from(d.tie)),
                    f64::from(u8::from(d.same_actor_type)),
                    f64::from(u8::from(d.both_ess)),
                    f64::from(u8::from(d.pilot_involved)),
                ];
                y[a][b] = vals[0];
                y[b][a] = vals[0];
                for k in 0..QAP_TERMS.len() {
                    x[k][a][b] = vals[k + 1];
                    x[k][b][a] = vals[k + 1];
                }
            }
            // A covariate constant over the pairs is collinear with the intercept: left out.
            let used: Vec<usize> = (0..QAP_TERMS.len())
                .filter(|&k| {
                    let first = (n > 1).then(|| x[k][0][1]);
                    (0..n).any(|a| (a + 1..n).any(|b| Some(x[k][a][b]) != first))
                })
                .collect();
            let xs: Vec<Vec<Vec<f64>>> = used.iter().map(|&k| x[k].clone()).collect();
            NetFit {
                net,
                fit: qap_logit(&y, &xs, n_perm, derive_seed(seed, canon.key)),
                used,
                n_unknown: 0,
            }
        })
        .collect();
    let mut cols: (Vec<String>, Vec<String>, Vec<&str>) = Default::default();
    let mut vals: Vec<[Option<f64>; 9]> = Vec::new();
    let mut ints: Vec<[i64; 3]> = Vec::new();
    let mut status: Vec<String> = Vec::new();
    for f in &fits {
        let n = f.net.nodes.len();
        let n_dyads = (n * n.saturating_sub(1) / 2) as i64;
        for k in 0..=QAP_TERMS.len() {
            cols.0.push(f.net.ptce_id.clone());
            cols.1.push(f.net.snapshot.clone());
            cols.2.push(term_name(k));
            // Position of term k in the fit (0 the intercept), if fitted.
            let pos = if k == 0 {
                Some(0)
            } else {
                f.used.iter().position(|&u| u == k - 1).map(|p| p + 1)
            };
            match (&f.fit, pos) {
                _ if f.n_unknown > 0 => {
                    vals.push([None; 9]);
                    ints.push([0, 0, n_dyads - f.n_unknown as i64]);
                    status.push(format!(
                        "left out: {} unknown dyads (survey non-respondents)",
                        f.n_unknown
                    ));
                }
                (Ok(_), None) | (Err(_), None) => {
                    vals.push([None; 9]);
                    ints.push([n_perm as i64, 0, n_dyads]);
                    status.push("constant: left out".into());
                }
                (Ok(fit), Some(pos)) => {
                    let t = &fit.terms[pos];
                    vals.push([
                        Some(t.estimate),
                        Some(t.std_error),
                        Some(t.z),
                        Some(t.p_greater),
                        Some(t.p_less),
                        Some(t.p_two_sided),
                        Some(t.p_greater_mc),
                        Some(t.p_less_mc),
                        Some(t.p_two_sided_mc),
                    ]);
                    ints.push([
                        fit.n_perm as i64,
                        t.n_failed_permutations as i64,
                        fit.n_dyads as i64,
                    ]);
                    status.push("ok".into());
                }
                (Err(e), Some(_)) => {
                    vals.push([None; 9]);
                    ints.push([n_perm as i64, 0, n_dyads]);
                    status.push(status_name(e));
                }
            }
        }
    }
    let names = [
        "estimate",
        "std_error",
        "z_value",
        "p_greater",
        "p_less",
        "p_two_sided",
        "p_greater_mc",
        "p_less_mc",
        "p_two_sided_mc",
    ];
    let mut t = Table::new("qap")
        .str("ptce_id", cols.0.into_iter().map(Some))
        .str("snapshot", cols.1.into_iter().map(Some))
        .str("term", cols.2.into_iter().map(Some));
    for (j, name) in names.iter().enumerate() {
        t = t.float(name, vals.iter().map(|v| v[j]));
    }
    for (j, name) in ["n_permutations", "n_failed_permutations", "n_dyads"]
        .iter()
        .enumerate()
    {
        t = t.int(name, ints.iter().map(|v| Some(v[j])));
    }
    t.str("status", status.into_iter().map(Some))
}
