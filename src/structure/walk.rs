//! One walk over the neighbours of each node's neighbours for the three node measures that read
//! it: the triangles through the node (clustering, effective size, transitivity), Burt's
//! constraint and the Gould–Fernandez brokerage roles.
//!
//! Each of those has its own function, which walks the same pairs ([`super::triangles`],
//! [`super::constraint`], [`super::brokerage`]); on the territory networks, whose groups are
//! cliques of hundreds of nodes, each walk costs seconds. Here the walk is made once per node,
//! with the same integer counts and the same float operations in the same order as those
//! functions: the same bits (`one_walk_gives_each_measures_bits`).

use super::brokerage::{closed_kind, dense_groups, from_rows, neighbour_pairs, roles, Brokerage};
use super::{check_len, per_node, stamp_neighbours, StructureError};
use crate::graph::Graph;

/// What [`node_walk`] counts, per node in node order.
pub(crate) struct NodeWalk {
    /// As [`super::triangles`].
    pub(crate) triangles: Vec<u64>,
    /// As [`super::constraint`].
    pub(crate) constraint: Vec<Option<f64>>,
    /// As [`super::brokerage`] with the groups `actor_type`.
    pub(crate) brokerage: Brokerage,
}

/// Triangles, constraint and brokerage roles (groups `actor_type`, length `g.n()`) of every node.
///
/// For node u with degree d and p = 1/d: for each neighbour v, the second neighbours w that are
/// also neighbours of u (marked) add p/deg(w) to the constraint's indirect term of (u, v)
/// (networkx's order: v, then w, increasing); those with w > v are the closed pairs {v, w}, one
/// per triangle, classified by group for the brokerage roles.
///
/// # Complexity
/// O(Σ_v Σ_{u ∈ N(v)} deg(u)), one walk instead of three; O(n + groups) scratch per thread.
pub(crate) fn node_walk(g: &Graph, actor_type: &[u32]) -> Result<NodeWalk, StructureError> {
    check_len("actor_type", g, actor_type.len())?;
    let n = g.n();
    let (group, k) = dense_groups(actor_type);
    let rows = per_node(
        n,
        || (vec![u32::MAX; n], vec![0u64; k], Vec::<usize>::new()),
        |u, (mark, count, touched)| {
            let open = neighbour_pairs(g, &group, u, count, touched);
            let du = g.degree(u);
            if du == 0 {
                return (0, None, roles(&open, [0; 4]));
            }
            stamp_neighbours(g, u, mark);
            let own = group[u];
            let p = 1.0 / du as f64;
            let mut total = 0.0;
            let mut closed = [0u64; 4];
            for &v in g.neighbors(u) {
                let gv = group[v as usize];
                let mut indirect = 0.0;
                for &w in g.neighbors(v as usize) {
                    if mark[w as usize] == u as u32 {
                        indirect += p / g.degree(w as usize) as f64;
                        if w > v {
                            closed[closed_kind(gv, group[w as usize], own)] += 1;
                        }
                    }
                }
                let local = p + indirect;
                total += local * local;
            }
            let triangles = closed.iter().sum();
            (triangles, Some(total), roles(&open, closed))
        },
    );
    let mut triangles = Vec::with_capacity(n);
    let mut constraint = Vec::with_capacity(n);
    let mut brokerage = Vec::with_capacity(n);
    for (t, c, b) in rows {
        triangles.push(t);
        constraint.push(c);
        brokerage.push(b);
    }
    Ok(NodeWalk {
        triangles,
        constraint,
        brokerage: from_rows(brokerage),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::{brokerage, constraint, triangles};

    #[test]
    fn one_walk_gives_each_measures_bits() {
        // Dense and sparse random graphs, isolated nodes, more nodes than a parallel block,
        // one to five groups.
        let cases = [
            (30, 200, 1, 3),
            (120, 400, 2, 1),
            (700, 5_000, 3, 5),
            (2_000, 9_000, 4, 4),
        ];
        for (n, m, seed, k) in cases {
            let g = crate::centrality::gnm_weighted(n, m, seed).unwrap();
            let types: Vec<u32> = (0..n as u32).map(|v| (v * 7 + v / 3) % k).collect();
            let w = node_walk(&g, &types).unwrap();
            assert_eq!(w.triangles, triangles(&g), "n = {n}");
            let bits =
                |v: &[Option<f64>]| v.iter().map(|x| x.map(f64::to_bits)).collect::<Vec<_>>();
            assert_eq!(bits(&w.constraint), bits(&constraint(&g)), "n = {n}");
            assert_eq!(w.brokerage, brokerage(&g, &types).unwrap(), "n = {n}");
            assert!(w.triangles.iter().any(|&t| t > 0));
            assert!(w.brokerage.liaison.iter().any(|&t| t > 0) || k < 3);
        }
        assert!(node_walk(&Graph::from_edges(2, [(0, 1, 1.0)]).unwrap(), &[0]).is_err());
    }
}
