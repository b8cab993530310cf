//! Connected components, and the path lengths of the largest one.
//!
//! The largest component is the one with most nodes; among equally large components, the one
//! containing the smallest node index (nodes are ordered by organization id, so: the smallest
//! id). Its average shortest-path length and diameter equal networkx's
//! `average_shortest_path_length` and `diameter` on that component (unweighted).
//!
//! Path lengths use bit-parallel multi-source BFS (Then et al. 2014, "The more the merrier:
//! efficient multi-source graph traversal", *PVLDB* 8(4)): 64 sources advance together, one bit
//! each in a machine word per node. Batches run in parallel; their integer results are combined
//! in batch order, so the output does not depend on the thread count.

use rayon::prelude::*;

use crate::graph::Graph;

/// Component labels of a graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Components {
    /// Component of each node; components are numbered 0, 1, … in order of their smallest node.
    pub label: Vec<u32>,
    /// Number of nodes of each component, indexed by label.
    pub sizes: Vec<usize>,
}

impl Components {
    /// The largest component (ties → the one with the smallest node), `None` for an empty graph.
    pub fn largest(&self) -> Option<u32> {
        let mut best: Option<(usize, u32)> = None;
        for (c, &s) in self.sizes.iter().enumerate() {
            if best.is_none_or(|(bs, _)| s > bs) {
                best = Some((s, c as u32));
            }
        }
        best.map(|(_, c)| c)
    }
}

/// Average shortest-path length and diameter of the largest component.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathStats {
    /// Mean distance over ordered pairs of distinct nodes; 0 for a 1-node component (as
    /// networkx); `None` for an empty graph (networkx raises).
    pub avg_path_length: Option<f64>,
    /// Largest distance; 0 for a 1-node component; `None` for an empty graph.
    pub diameter: Option<u32>,
}

/// Labels the connected components of `g` by breadth-first search.
///
/// # Arguments
/// * `g` — the network.
///
/// # Returns
/// [`Components`]: labels numbered in order of each component's smallest node, and sizes.
/// `sizes.len()` is networkx's `number_connected_components` (0 for an empty graph).
///
/// # Complexity
/// O(n + m).
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// let g = Graph::from_edges(5, [(0, 3, 1.0), (1, 2, 1.0)]).unwrap();
/// let c = ptce::structure::connected_components(&g);
/// assert_eq!(c.label, vec![0, 1, 1, 0, 2]);
/// assert_eq!(c.sizes, vec![2, 2, 1]);
/// assert_eq!(c.largest(), Some(0));
/// ```
pub fn connected_components(g: &Graph) -> Components {
    let n = g.n();
    let mut label = vec![u32::MAX; n];
    let mut sizes = Vec::new();
    let mut queue = Vec::with_capacity(n);
    for s in 0..n {
        if label[s] != u32::MAX {
            continue;
        }
        let c = sizes.len() as u32;
        label[s] = c;
        queue.clear();
        queue.push(s as u32);
        let mut head = 0;
        while head < queue.len() {
            let v = queue[head] as usize;
            head += 1;
            for &u in g.neighbors(v) {
                if label[u as usize] == u32::MAX {
                    label[u as usize] = c;
                    queue.push(u);
                }
            }
        }
        sizes.push(queue.len());
    }
    Components { label, sizes }
}

/// Share of the nodes that belong to the largest component.
///
/// # Arguments
/// * `g` — the network.
///
/// # Returns
/// size / n in (0, 1], or `None` when n = 0.
///
/// # Complexity
/// O(n + m).
pub fn largest_component_share(g: &Graph) -> Option<f64> {
    let c = connected_components(g);
    let big = c.largest()?;
    Some(c.sizes[big as usize] as f64 / g.n() as f64)
}

/// Average shortest-path length and diameter of the largest component (unweighted), as
/// networkx's `average_shortest_path_length` and `diameter` of that component.
///
/// # Arguments
/// * `g` — the network (weights ignored).
///
/// # Returns
/// [`PathStats`]; the average is Σ d(u, v) / (k(k − 1)) over ordered pairs of the k nodes, the
/// integer sum divided once (as networkx's int / int).
///
/// # Complexity
/// O(k/64 · (m_c · L + k · L)) time for a component of k nodes, m_c arcs and L BFS levels per
/// batch (O(n·m) at worst); O(n) scratch per worker thread.
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
/// let p = ptce::structure::largest_component_paths(&g);
/// assert_eq!(p.diameter, Some(2));
/// assert_eq!(p.avg_path_length, Some(8.0 / 6.0)); // 1+2+1+1+2+1 over 6 ordered pairs
/// ```
pub fn largest_component_paths(g: &Graph) -> PathStats {
    let comps = connected_components(g);
    let Some(big) = comps.largest() else {
        return PathStats::of_sums(0, 0, 0);
    };
    let nodes: Vec<u32> = (0..g.n() as u32)
        .filter(|&v| comps.label[v as usize] == big)
        .collect();
    let n = g.n();
    let batches: Vec<(u64, u32)> = nodes
        .par_chunks(64)
        .map_init(
            || (vec![0u64; n], vec![0u64; n], vec![0u64; n]),
            |(seen, frontier, next), sources| batch_bfs(g, &nodes, sources, seen, frontier, next),
        )
        .collect();
    let mut total = 0u64;
    let mut diameter = 0u32;
    for (sum, ecc) in batches {
        total += sum;
        diameter = diameter.max(ecc);
    }
    PathStats::of_sums(nodes.len() as u64, total, u64::from(diameter))
}

impl PathStats {
    /// The statistics of a component of `k` nodes whose ordered pairs' distances add up to
    /// `total`, the largest being `diameter`: the integer sum divided once (networkx's int /
    /// int); 0 and 0 for one node, undefined for none.
    fn of_sums(k: u64, total: u64, diameter: u64) -> PathStats {
        match k {
            0 => PathStats {
                avg_path_length: None,
                diameter: None,
            },
            1 => PathStats {
                avg_path_length: Some(0.0),
                diameter: Some(0),
            },
            _ => PathStats {
                avg_path_length: Some(total as f64 / (k * (k - 1)) as f64),
                diameter: u32::try_from(diameter).ok(),
            },
        }
    }
}

/// [`largest_component_paths`] from distances already walked: `sum_and_eccentricity(v)` gives
/// the sum of the distances from `v` to the nodes of its component and the largest of them
/// (`centrality::ProjectionDistances`, the all-pairs walk that closeness makes on a territory
/// network's membership graph). The same integers as the BFSs of [`largest_component_paths`],
/// divided once: the same bits.
///
/// # Complexity
/// O(n + m) besides `sum_and_eccentricity`.
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// use ptce::structure::components::{largest_component_paths, largest_component_paths_from};
/// // The path 0 - 1 - 2 and node 3 alone: distance sums and eccentricities of each node.
/// let g = Graph::from_edges(4, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
/// let known = [(3, 2), (2, 1), (3, 2), (0, 0)];
/// let p = largest_component_paths_from(&g, |v| known[v]);
/// assert_eq!(p, largest_component_paths(&g));
/// assert_eq!(p.avg_path_length, Some(8.0 / 6.0));
/// ```
pub fn largest_component_paths_from(
    g: &Graph,
    sum_and_eccentricity: impl Fn(usize) -> (u64, u64),
) -> PathStats {
    let comps = connected_components(g);
    let (mut k, mut total, mut diameter) = (0u64, 0u64, 0u64);
    if let Some(big) = comps.largest() {
        for v in (0..g.n()).filter(|&v| comps.label[v] == big) {
            let (sum, ecc) = sum_and_eccentricity(v);
            k += 1;
            total += sum;
            diameter = diameter.max(ecc);
        }
    }
    PathStats::of_sums(k, total, diameter)
}

/// Bit-parallel BFS from up to 64 `sources` inside the component `nodes`.
///
/// Each level is expanded top-down (frontier nodes push their bits to their neighbours) or
/// bottom-up (nodes not yet reached by every source pull the bits of their neighbours),
/// whichever touches fewer arcs (Beamer et al. 2012, as used by Then et al. 2014); both give the
/// same bits. Returns (Σ distances from the sources to every node, largest eccentricity of a
/// source), and leaves `seen`, `frontier` and `next` zeroed on the component's nodes.
fn batch_bfs(
    g: &Graph,
    nodes: &[u32],
    sources: &[u32],
    seen: &mut [u64],
    frontier: &mut [u64],
    next: &mut [u64],
) -> (u64, u32) {
    let full = if sources.len() == 64 {
        u64::MAX
    } else {
        (1u64 << sources.len()) - 1
    };
    let mut frontier_arcs = 0usize;
    for (b, &s) in sources.iter().enumerate() {
        seen[s as usize] |= 1u64 << b;
        frontier[s as usize] |= 1u64 << b;
        frontier_arcs += g.degree(s as usize);
    }
    let mut unfinished_arcs: usize = nodes.iter().map(|&v| g.degree(v as usize)).sum();
    let mut sum = 0u64;
    let mut ecc = 0u32;
    let mut level = 0u64;
    loop {
        level += 1;
        if frontier_arcs <= unfinished_arcs {
            for &v in nodes {
                let f = frontier[v as usize];
                if f != 0 {
                    for &u in g.neighbors(v as usize) {
                        next[u as usize] |= f;
                    }
                }
            }
        } else {
            for &v in nodes {
                let v = v as usize;
                let have = seen[v];
                if have == full {
                    continue;
                }
                let mut acc = 0u64;
                for &u in g.neighbors(v) {
                    acc |= frontier[u as usize];
                    if acc | have == full {
                        break;
                    }
                }
                next[v] = acc;
            }
        }
        let mut reached = false;
        frontier_arcs = 0;
        unfinished_arcs = 0;
        for &v in nodes {
            let v = v as usize;
            let fresh = next[v] & !seen[v];
            next[v] = 0;
            frontier[v] = fresh;
            if fresh != 0 {
                seen[v] |= fresh;
                sum += level * u64::from(fresh.count_ones());
                reached = true;
                frontier_arcs += g.degree(v);
            }
            if seen[v] != full {
                unfinished_arcs += g.degree(v);
            }
        }
        if !reached {
            break;
        }
        ecc = level as u32;
    }
    for &v in nodes {
        seen[v as usize] = 0;
    }
    (sum, ecc)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain BFS all-pairs, for comparison with the bit-parallel version.
    fn reference(g: &Graph, nodes: &[u32]) -> (u64, u32) {
        let mut total = 0;
        let mut diam = 0;
        for &s in nodes {
            let mut dist = vec![u32::MAX; g.n()];
            dist[s as usize] = 0;
            let mut q = std::collections::VecDeque::from([s as usize]);
            while let Some(v) = q.pop_front() {
                for &u in g.neighbors(v) {
                    if dist[u as usize] == u32::MAX {
                        dist[u as usize] = dist[v] + 1;
                        total += u64::from(dist[u as usize]);
                        diam = diam.max(dist[u as usize]);
                        q.push_back(u as usize);
                    }
                }
            }
        }
        (total, diam)
    }

    #[test]
    fn bit_parallel_bfs_equals_plain_bfs_across_batches() {
        // A 150-node cycle with chords: three batches of sources, the last one partial.
        let n = 150u32;
        let mut e: Vec<(u32, u32, f64)> = (0..n).map(|i| (i, (i + 1) % n, 1.0)).collect();
        e.extend((0..n).step_by(7).map(|i| (i, (i * 31 + 11) % n, 1.0)));
        e.retain(|&(u, v, _)| u != v);
        let g = Graph::from_edges(n as usize, e).unwrap();
        let nodes: Vec<u32> = (0..n).collect();
        let (total, diam) = reference(&g, &nodes);
        let p = largest_component_paths(&g);
        assert_eq!(p.diameter, Some(diam));
        let k = u64::from(n);
        assert_eq!(p.avg_path_length, Some(total as f64 / (k * (k - 1)) as f64));
    }

    #[test]
    fn bit_parallel_bfs_equals_plain_bfs_on_a_random_graph() {
        // 700 nodes, ~2100 random edges plus a hub: levels go both top-down and bottom-up;
        // a few nodes stay outside the giant component.
        let n = 700u32;
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut e = vec![];
        for i in 0..3 * n {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let (u, v) = ((x % u64::from(n)) as u32, ((x >> 32) % u64::from(n)) as u32);
            if u != v {
                e.push((u, v, 1.0));
            }
            if i % 11 == 0 && i % n != 5 {
                e.push((5, i % n, 1.0));
            }
        }
        let g = Graph::from_edges(n as usize, e).unwrap();
        let c = connected_components(&g);
        let big = c.largest().unwrap();
        let nodes: Vec<u32> = (0..n).filter(|&v| c.label[v as usize] == big).collect();
        let (total, diam) = reference(&g, &nodes);
        let p = largest_component_paths(&g);
        let k = nodes.len() as u64;
        assert_eq!(p.diameter, Some(diam));
        assert_eq!(p.avg_path_length, Some(total as f64 / (k * (k - 1)) as f64));
    }

    #[test]
    fn ties_go_to_the_component_of_the_smallest_node() {
        // Components {0, 4, 5} (a path 4-0-5) and {1, 2, 3} (a triangle): equal sizes, the
        // first contains node 0, so its path lengths are reported.
        let g = Graph::from_edges(
            6,
            [
                (0, 4, 1.0),
                (0, 5, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (1, 3, 1.0),
            ],
        )
        .unwrap();
        let p = largest_component_paths(&g);
        assert_eq!(p.diameter, Some(2));
        assert_eq!(largest_component_share(&g), Some(0.5));
    }

    #[test]
    fn degenerate_graphs() {
        let g = Graph::from_edges(0, []).unwrap();
        assert_eq!(connected_components(&g).sizes.len(), 0);
        assert_eq!(largest_component_share(&g), None);
        assert_eq!(largest_component_paths(&g).avg_path_length, None);
        let g = Graph::from_edges(3, []).unwrap();
        let p = largest_component_paths(&g);
        assert_eq!((p.avg_path_length, p.diameter), (Some(0.0), Some(0)));
    }
}
