//! Standardized Gould–Fernandez brokerage: observed role counts with the expected values,
//! standard deviations and z-scores of R's `sna::brokerage` (see the module doc of
//! [`crate::relations`] for the conventions).
//!
//! Reference: Gould & Fernandez (1989), "Structures of mediation: a formal approach to brokerage
//! in transaction networks", *Sociological Methodology* 19: 89–126; implementation reference
//! `sna::brokerage` (Butts, sna 2.7.1), whose moment formulas are transcribed below term by term.

use super::{adjacent, check_graph, GraphError};

/// Role names in the order of every `[_; 6]` array of this module (sna: `w_I`, `w_O`, `b_OI`,
/// `b_IO`, `b_O`, `t`).
pub const ROLES: [&str; 6] = [
    "coordinator",
    "itinerant",
    "gatekeeper",
    "representative",
    "liaison",
    "total",
];

/// Why a z-score is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZStatus {
    /// The z-score is defined.
    Ok,
    /// The standard deviation is 0 (sna: NaN or ±Inf): the role is impossible for this node's
    /// group size, or the density is 0 or 1.
    ZeroVariance,
    /// sna's variance formula is negative here (sna: NaN standard deviation).
    NegativeVariance,
}

/// One role of one node (or of the network): observed count and its standardization.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoleScore {
    /// Observed count (ordered open two-paths, sna `raw.nli` / `raw.gli`).
    pub observed: u64,
    /// Expected count under sna's Bernoulli null (`exp.nli` / `exp.gli`).
    pub expected: f64,
    /// Standard deviation (`sd.nli` / `sd.gli`); `None` where the variance is negative.
    pub sd: Option<f64>,
    /// (observed − expected) / sd (`z.nli` / `z.gli`); `None` with `status` otherwise.
    pub z: Option<f64>,
    /// Why `z` is `None` ([`ZStatus::Ok`] when it is set).
    pub status: ZStatus,
}

/// Standardized brokerage of a network.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokerageResult {
    /// Per node, the six roles in [`ROLES`] order.
    pub nodes: Vec<[RoleScore; 6]>,
    /// Network level (sums over nodes), in [`ROLES`] order.
    pub network: [RoleScore; 6],
    /// Density `2E / (N (N − 1))` used by the moments.
    pub density: f64,
}

/// Why the standardized brokerage cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BrokerageError {
    /// The adjacency is not an undirected simple graph, or the partition has the wrong length.
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// Fewer than two nodes: the density is undefined.
    #[error("brokerage needs at least 2 nodes, got {0}")]
    TooFewNodes(usize),
}

/// Gould–Fernandez roles with sna's expected counts, standard deviations and z-scores.
///
/// # Arguments
/// * `adj` — sorted neighbour lists of an undirected simple graph (each tie read as two arcs).
/// * `partition` — group label of each node (any `u32` values; groups of one member allowed).
///
/// # Returns
/// Per node and network-level [`RoleScore`]s equal to `sna::brokerage(A, cl)` on the symmetric
/// adjacency matrix `A`, or a [`BrokerageError`].
///
/// # Complexity
/// O(Σ deg² log Δ) for the counts, O(k³) for the network liaison variance (k groups).
///
/// # Examples
/// ```
/// use ptce::relations::brokerage::brokerage_z;
/// // Path 0 - 1 - 2, node 1 alone in its group: two itinerant paths through node 1.
/// let adj = vec![vec![1], vec![0, 2], vec![1]];
/// let b = brokerage_z(&adj, &[0, 1, 0]).unwrap();
/// assert_eq!(b.nodes[1][1].observed, 2);
/// ```
pub fn brokerage_z(adj: &[Vec<u32>], partition: &[u32]) -> Result<BrokerageResult, BrokerageError> {
    let edges = check_graph(adj)?;
    let n = adj.len();
    if partition.len() != n {
        return Err(GraphError::LengthMismatch {
            what: "partition",
            got: partition.len(),
            n,
        }
        .into());
    }
    if n < 2 {
        return Err(BrokerageError::TooFewNodes(n));
    }
    let mut labels = partition.to_vec();
    labels.sort_unstable();
    labels.dedup();
    let group: Vec<usize> = partition
        .iter()
        .map(|l| labels.partition_point(|x| x < l))
        .collect();
    let mut sizes = vec![0.0f64; labels.len()];
    for &g in &group {
        sizes[g] += 1.0;
    }
    let nn = n as f64;
    let d = (2 * edges) as f64 / (nn * (nn - 1.0));
    let group_moments: Vec<([f64; 6], [f64; 6])> = (0..sizes.len())
        .map(|i| node_moments(&sizes, i, nn, d))
        .collect();

    let mut nodes = Vec::with_capacity(n);
    let mut totals = [0u64; 6];
    for j in 0..n {
        let raw = raw_counts(adj, &group, j);
        for (t, r) in totals.iter_mut().zip(raw) {
            *t += r;
        }
        let (e, v) = &group_moments[group[j]];
        nodes.push(std::array::from_fn(|r| score(raw[r], e[r], v[r])));
    }
    let (e, v) = network_moments(&sizes, nn, d);
    let network = std::array::from_fn(|r| score(totals[r], e[r], v[r]));
    Ok(BrokerageResult {
        nodes,
        network,
        density: d,
    })
}

/// Observed count, expectation and variance into a [`RoleScore`].
fn score(observed: u64, expected: f64, variance: f64) -> RoleScore {
    let (sd, z, status) = if variance < 0.0 {
        (None, None, ZStatus::NegativeVariance)
    } else if variance == 0.0 {
        (Some(0.0), None, ZStatus::ZeroVariance)
    } else {
        let sd = variance.sqrt();
        (
            Some(sd),
            Some((observed as f64 - expected) / sd),
            ZStatus::Ok,
        )
    };
    RoleScore {
        observed,
        expected,
        sd,
        z,
        status,
    }
}

/// Ordered open two-paths i → j → k through broker `j`, by role, plus the total.
fn raw_counts(adj: &[Vec<u32>], group: &[usize], j: usize) -> [u64; 6] {
    let mut c = [0u64; 6];
    let gj = group[j];
    let nb = &adj[j];
    for &i in nb {
        let gi = group[i as usize];
        for &k in nb {
            if k == i || adjacent(adj, i as usize, k) {
                continue;
            }
            let gk = group[k as usize];
            let role = if gi == gj && gk == gj {
                0
            } else if gi == gk {
                1
            } else if gk == gj {
                2
            } else if gi == gj {
                3
            } else {
                4
            };
            c[role] += 1;
            c[5] += 1;
        }
    }
    c
}

/// `choose(x, 2)` for the non-negative integers stored as `f64` that sna passes.
fn choose2(x: f64) -> f64 {
    x * (x - 1.0) / 2.0
}

/// sna's `ebr[i, ]` and `vbr[i, ]` for group `i` (in [`ROLES`] order).
fn node_moments(n: &[f64], i: usize, nn: f64, d: f64) -> ([f64; 6], [f64; 6]) {
    let a = d * d * (1.0 - d);
    let b3 = d.powi(3) * (1.0 - d).powi(3);
    let ni = n[i];
    let others = || {
        n.iter()
            .enumerate()
            .filter(move |(o, _)| *o != i)
            .map(|(_, &x)| x)
    };
    let mut e = [0.0; 6];
    let mut v = [0.0; 6];
    e[0] = a * (ni - 1.0) * (ni - 2.0);
    v[0] = e[0] * (1.0 - a) + 2.0 * (ni - 1.0) * (ni - 2.0) * (ni - 3.0) * b3;
    e[1] = a * others().map(|x| x * (x - 1.0)).sum::<f64>();
    v[1] = e[1] * (1.0 - a) + 2.0 * others().map(|x| x * (x - 1.0) * (x - 2.0)).sum::<f64>() * b3;
    e[2] = a * (nn - ni) * (ni - 1.0);
    v[2] = e[2] * (1.0 - a)
        + 2.0 * ((ni - 1.0) * choose2(nn - ni) + (nn - ni) * choose2(ni - 1.0)) * b3;
    e[3] = e[2];
    v[3] = v[2];
    let s: f64 = others().sum();
    let s2: f64 = others().map(|x| x * x).sum();
    e[4] = a * (s * s - s2);
    v[4] = e[4] * (1.0 - a) + 4.0 * others().map(|x| x * choose2(nn - x - ni) * b3).sum::<f64>();
    e[5] = a * (nn - 1.0) * (nn - 2.0);
    v[5] = e[5] * (1.0 - a) + 2.0 * (nn - 1.0) * (nn - 2.0) * (nn - 3.0) * b3;
    (e, v)
}

/// sna's `egbr` and `vgbr` (network level, in [`ROLES`] order).
fn network_moments(n: &[f64], nn: f64, d: f64) -> ([f64; 6], [f64; 6]) {
    let a = d * d * (1.0 - d);
    let b3 = d.powi(3) * (1.0 - d).powi(3);
    let c4 = d.powi(4) * (1.0 - d).powi(2);
    let c5 = d.powi(5) * (1.0 - d);
    let sum = |f: &dyn Fn(f64) -> f64| n.iter().map(|&x| f(x)).sum::<f64>();
    let outer = |f: &dyn Fn(f64, f64) -> f64| {
        n.iter()
            .map(|&x| n.iter().map(|&y| f(x, y)).sum::<f64>())
            .sum::<f64>()
    };
    let mut e = [0.0; 6];
    let mut v = [0.0; 6];
    e[0] = a * sum(&|x| x * (x - 1.0) * (x - 2.0));
    v[0] = e[0] * (1.0 - a)
        + sum(&|x| {
            x * (x - 1.0)
                * (x - 2.0)
                * ((4.0 * x - 10.0) * b3 - 4.0 * (x - 3.0) * c4 + (x - 3.0) * c5)
        });
    e[1] = a * sum(&|x| x * (nn - x) * (x - 1.0));
    v[1] = e[1] * (1.0 - a)
        + (outer(&|x, y| {
            x * y * (x - 1.0) * ((2.0 * x + 2.0 * y - 6.0) * b3 + (nn - x - 1.0) * c5)
        }) - sum(&|x| x * x * (x - 1.0) * ((4.0 * x - 6.0) * b3 + (nn - x - 1.0) * c5)));
    e[2] = a * sum(&|x| x * (nn - x) * (x - 1.0));
    v[2] =
        e[2] * (1.0 - a) + sum(&|x| x * (nn - x) * (x - 1.0) * ((nn - 3.0) * b3 + (x - 2.0) * c5));
    e[3] = e[2];
    v[3] = v[2];
    e[4] = a * (outer(&|x, y| x * y * (nn - x - y)) - sum(&|x| x * x * (nn - 2.0 * x)));
    v[4] = e[4] * (1.0 - a);
    for (i, &ni) in n.iter().enumerate() {
        for (j, &nj) in n.iter().enumerate() {
            for (k, &nk) in n.iter().enumerate() {
                if i != j && j != k && i != k {
                    v[4] += ni
                        * nj
                        * nk
                        * ((4.0 * (nn - nj) - 2.0 * (ni + nk + 1.0)) * b3
                            - (4.0 * (nn - nk) - 2.0 * (ni + nj + 1.0)) * c4
                            + (nn - (ni + nk + 1.0)) * c5);
                }
            }
        }
    }
    e[5] = a * nn * (nn - 1.0) * (nn - 2.0);
    v[5] = e[5] * (1.0 - a)
        + nn * (nn - 1.0)
            * (nn - 2.0)
            * ((4.0 * nn - 10.0) * b3 - 4.0 * (nn - 3.0) * c4 + (nn - 3.0) * c5);
    (e, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_with_singleton_broker() {
        let adj = vec![vec![1], vec![0, 2], vec![1]];
        let b = brokerage_z(&adj, &[0, 1, 0]).unwrap();
        assert_eq!(b.nodes[1][1].observed, 2);
        assert_eq!(b.nodes[1][5].observed, 2);
        assert_eq!(b.network[1].observed, 2);
        // A singleton group cannot coordinate: variance 0, no z.
        assert_eq!(b.nodes[1][0].status, ZStatus::ZeroVariance);
        assert!(b.nodes[1][0].z.is_none());
    }

    #[test]
    fn closed_triangle_has_no_brokerage_and_density_one() {
        let adj = vec![vec![1, 2], vec![0, 2], vec![0, 1]];
        let b = brokerage_z(&adj, &[0, 0, 1]).unwrap();
        assert_eq!(b.density, 1.0);
        assert!(b
            .nodes
            .iter()
            .flatten()
            .all(|r| r.observed == 0 && r.z.is_none()));
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(
            brokerage_z(&[vec![]], &[0]),
            Err(BrokerageError::TooFewNodes(1))
        );
        assert!(brokerage_z(&[vec![1], vec![]], &[0, 0]).is_err());
        assert!(brokerage_z(&[vec![1], vec![0]], &[0]).is_err());
    }
}
