//! Gould–Fernandez brokerage roles, counted as R's `sna::brokerage` counts them.
//!
//! Reference: Gould & Fernandez (1989), "Structures of mediation: a formal approach to brokerage
//! in transaction networks", *Sociological Methodology* 19: 89–126. Implementation reference:
//! `sna::brokerage(g, cl)$raw.nli` (Butts, sna 2.7, `gli.c`).
//!
//! sna walks every *ordered* two-path i → j → k (i ≠ k) whose ends are not adjacent, and credits
//! the middle node j according to the groups of i, j and k:
//!
//! | column | sna | groups |
//! |---|---|---|
//! | `brokerage_coordinator` | `w_I` | i, j, k in one group |
//! | `brokerage_itinerant` | `w_O` | i and k in one group, j in another |
//! | `brokerage_representative` | `b_IO` | j in i's group, k outside |
//! | `brokerage_gatekeeper` | `b_OI` | j in k's group, i outside |
//! | `brokerage_liaison` | `b_O` | three different groups |
//!
//! On an undirected graph every open two-path is walked in both directions, so coordinator,
//! itinerant and liaison counts are even, and a node's representative and gatekeeper counts are
//! equal (the reverse of a representative path is a gatekeeper path).

use crate::graph::Graph;

use super::{check_len, per_node, stamp_neighbours, StructureError};

/// Gould–Fernandez brokerage counts per node, in node order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brokerage {
    /// sna `w_I`.
    pub coordinator: Vec<u64>,
    /// sna `w_O` (also called consultant).
    pub itinerant: Vec<u64>,
    /// sna `b_OI`.
    pub gatekeeper: Vec<u64>,
    /// sna `b_IO`.
    pub representative: Vec<u64>,
    /// sna `b_O`.
    pub liaison: Vec<u64>,
}

/// Counts the brokerage roles of every node with respect to a partition into groups.
///
/// For a broker j with degree d, c_a neighbours in group a and own group g, the ordered pairs of
/// distinct neighbours are classified by group, then the adjacent pairs (triangles through j)
/// are subtracted:
/// coordinator = c_g(c_g − 1), representative = gatekeeper = c_g(d − c_g),
/// itinerant = Σ_{a≠g} c_a(c_a − 1), liaison = (d − c_g)² − Σ_{a≠g} c_a², each minus its
/// closed pairs.
///
/// # Arguments
/// * `g` — the network (weights ignored).
/// * `groups` — group label of each node (any `u32` values), length `g.n()`.
///
/// # Returns
/// The five counts per node, or [`StructureError::LengthMismatch`].
///
/// # Complexity
/// O(Σ deg²) time; O(n + number of groups) scratch per worker thread.
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// // Path 0 - 1 - 2 with node 1 in group 1: 0→1→2 and 2→1→0 are itinerant paths.
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
/// let b = ptce::structure::brokerage(&g, &[0, 1, 0]).unwrap();
/// assert_eq!(b.itinerant, vec![0, 2, 0]);
/// assert_eq!(b.liaison, vec![0, 0, 0]);
/// ```
pub fn brokerage(g: &Graph, groups: &[u32]) -> Result<Brokerage, StructureError> {
    check_len("actor_type", g, groups.len())?;
    let n = g.n();
    let (dense, k) = dense_groups(groups);
    let rows = per_node(
        n,
        || (vec![u32::MAX; n], vec![0u64; k], Vec::<usize>::new()),
        |j, (mark, count, touched)| roles_of(g, &dense, j, mark, count, touched),
    );
    Ok(from_rows(rows))
}

/// Dense group ids 0..k of `groups` (in the order of the labels), so that per-node counters are
/// plain arrays, and k.
pub(crate) fn dense_groups(groups: &[u32]) -> (Vec<usize>, usize) {
    let mut labels = groups.to_vec();
    labels.sort_unstable();
    labels.dedup();
    let dense = groups
        .iter()
        .map(|l| labels.partition_point(|x| x < l))
        .collect();
    (dense, labels.len())
}

/// The [`Brokerage`] columns of per-node [`roles`].
pub(crate) fn from_rows(rows: Vec<[u64; 4]>) -> Brokerage {
    let n = rows.len();
    let mut out = Brokerage {
        coordinator: Vec::with_capacity(n),
        itinerant: Vec::with_capacity(n),
        gatekeeper: Vec::with_capacity(n),
        representative: Vec::with_capacity(n),
        liaison: Vec::with_capacity(n),
    };
    for [coordinator, itinerant, representative, liaison] in rows {
        out.coordinator.push(coordinator);
        out.itinerant.push(itinerant);
        out.representative.push(representative);
        out.gatekeeper.push(representative);
        out.liaison.push(liaison);
    }
    out
}

/// [coordinator, itinerant, representative (= gatekeeper), liaison] of broker `j`.
fn roles_of(
    g: &Graph,
    group: &[usize],
    j: usize,
    mark: &mut [u32],
    count: &mut [u64],
    touched: &mut Vec<usize>,
) -> [u64; 4] {
    let open = neighbour_pairs(g, group, j, count, touched);
    let own = group[j];
    // Closed pairs {i, k} of neighbours (i < k, adjacent), by type.
    stamp_neighbours(g, j, mark);
    let mut closed = [0u64; 4];
    for &i in g.neighbors(j) {
        let ni = g.neighbors(i as usize);
        let start = ni.partition_point(|&x| x <= i);
        for &kk in &ni[start..] {
            if mark[kk as usize] != j as u32 {
                continue;
            }
            closed[closed_kind(group[i as usize], group[kk as usize], own)] += 1;
        }
    }
    roles(&open, closed)
}

/// The ordered pairs of a broker's neighbours, by group, before the closed ones are removed.
#[derive(Clone, Copy)]
pub(crate) struct NeighbourPairs {
    /// Degree.
    d: u64,
    /// Neighbours in the broker's group.
    c_own: u64,
    /// Σ_{a ≠ own} c_a (c_a − 1) and Σ_{a ≠ own} c_a².
    pairs_other: u64,
    squares_other: u64,
}

/// [`NeighbourPairs`] of broker `j` (`count` all zeros, `touched` empty, left so).
pub(crate) fn neighbour_pairs(
    g: &Graph,
    group: &[usize],
    j: usize,
    count: &mut [u64],
    touched: &mut Vec<usize>,
) -> NeighbourPairs {
    let own = group[j];
    let d = g.degree(j) as u64;
    for &i in g.neighbors(j) {
        let a = group[i as usize];
        if count[a] == 0 {
            touched.push(a);
        }
        count[a] += 1;
    }
    let c_own = count[own];
    let (mut pairs_other, mut squares_other) = (0u64, 0u64);
    for &a in touched.iter() {
        if a != own {
            pairs_other += count[a] * (count[a] - 1);
            squares_other += count[a] * count[a];
        }
        count[a] = 0;
    }
    touched.clear();
    NeighbourPairs {
        d,
        c_own,
        pairs_other,
        squares_other,
    }
}

/// Which role a closed pair of neighbours in groups `gi` and `gk` takes from a broker of group
/// `own`: 0 coordinator, 1 representative (and gatekeeper), 2 itinerant, 3 liaison.
pub(crate) fn closed_kind(gi: usize, gk: usize, own: usize) -> usize {
    if gi == own && gk == own {
        0
    } else if gi == own || gk == own {
        1
    } else if gi == gk {
        2
    } else {
        3
    }
}

/// [coordinator, itinerant, representative (= gatekeeper), liaison] from the broker's
/// neighbour pairs and its closed pairs by [`closed_kind`].
pub(crate) fn roles(open: &NeighbourPairs, closed: [u64; 4]) -> [u64; 4] {
    let NeighbourPairs {
        d,
        c_own,
        pairs_other,
        squares_other,
    } = *open;
    let [closed_coord, closed_rep, closed_itin, closed_liaison] = closed;
    let others = d - c_own;
    // Every closed unordered pair removes two ordered pairs, except for the mixed pairs, whose
    // two orders fall one in representative and one in gatekeeper.
    [
        c_own * c_own.saturating_sub(1) - 2 * closed_coord,
        pairs_other - 2 * closed_itin,
        c_own * others - closed_rep,
        others * others - squares_other - 2 * closed_liaison,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_centre_is_liaison_or_coordinator() {
        // Star centred on 0 with 3 leaves. All in one group: 3·2 = 6 ordered open pairs,
        // all coordinator. Leaves in three other groups: all liaison.
        let g = Graph::from_edges(4, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)]).unwrap();
        let b = brokerage(&g, &[5, 5, 5, 5]).unwrap();
        assert_eq!(b.coordinator, vec![6, 0, 0, 0]);
        let b = brokerage(&g, &[0, 1, 2, 3]).unwrap();
        assert_eq!(b.liaison, vec![6, 0, 0, 0]);
        assert_eq!(b.coordinator, vec![0; 4]);
    }

    #[test]
    fn closed_pairs_are_not_brokered() {
        // Star as above plus the tie 1-2: ordered open pairs at 0 are (1,3),(3,1),(2,3),(3,2).
        // Groups: 0 and 1 in group 0, 2 and 3 in group 1.
        // (1,3): j in i's group, k outside → representative; (3,1): gatekeeper.
        // (2,3) and (3,2): i, k in group 1, j in group 0 → itinerant.
        let g = Graph::from_edges(4, [(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0), (1, 2, 1.0)]).unwrap();
        let b = brokerage(&g, &[0, 0, 1, 1]).unwrap();
        assert_eq!(b.representative[0], 1);
        assert_eq!(b.gatekeeper[0], 1);
        assert_eq!(b.itinerant[0], 2);
        assert_eq!(b.coordinator[0] + b.liaison[0], 0);
    }

    #[test]
    fn wrong_length_is_refused() {
        let g = Graph::from_edges(2, [(0, 1, 1.0)]).unwrap();
        assert!(brokerage(&g, &[0]).is_err());
    }
}
