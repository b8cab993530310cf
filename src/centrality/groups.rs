//! Weighted Brandes passes on a projection through its groups instead of its cliques.
//!
//! A territory network is the weighted projection of a membership table: two organizations are
//! linked when they share a PTCE, by weight = number of PTCEs shared (and PTCEs by shared
//! members). Each group of k members is a clique of k(k−1)/2 edges, so the projection of a large
//! study has millions of arcs (3.75 million for the organizations of 10,000 PTCEs) where the
//! memberships are 160,000. Dijkstra with length `1/weight` can run on a graph of the size of
//! the memberships instead, with the same shortest paths and the same path counts:
//!
//! - one **hub** per group of ≥ 2 members, with an arc member → hub of length 1 and an arc
//!   hub → member of length 0, so that two members of one group are at distance `d + 1.0 + 0.0`,
//!   the very float the projection's arc of weight 1 gives (`d + 1/1`);
//! - the projection's arcs of weight ≠ 1 (pairs sharing ≥ 2 groups) kept as they are (**shortcuts**,
//!   length `1/weight`).
//!
//! A pair sharing exactly one group has one path through a hub, as it had one arc; a pair
//! sharing w ≥ 2 groups has w hub paths of length 1, but its shortcut of length 1/w ≤ 1/2 is
//! shorter, so no hub path between them lies on a shortest path (it would be replaced by the
//! shortcut). Hence every real node's distance is the same float as in the projection, every
//! tie is decided on the same floats (the exact-tie convention of networkx, see
//! [`super::betweenness_weighted`]), and every σ is the same integer. Hubs contribute no pair
//! (Brandes' `1 + δ` is `0 + δ` for them) and are settled before the real nodes at the same
//! distance (lower indices in the heap), so that a member reached through a hub finds the hub
//! settled. Only the float sums of the dependencies are grouped differently (by hub), so the
//! results equal the projection's to the last bits, not bitwise
//! (`groups_give_the_projections_dependencies` checks 1e-12).
//!
//! **Set hubs.** When many pairs share exactly the same set S of k ≥ 2 groups — two organizations
//! that belong to hundreds of PTCEs make every PTCE holding both a pair of weight 2 — their
//! shortcuts are replaced by one hub for S, linked to every node of all the groups of S, with an
//! arc member → hub of length `1/k` (the float of the shortcut, `1.0 / w` with w = k) and an arc
//! hub → member of length 0. A pair sharing exactly S has one path through it, of its shortcut's
//! length; a pair that shares a larger set S' ⊋ S also reaches it, in 1/k > 1/|S'|, longer than its
//! own link; a pair sharing another set of k groups is not in all the groups of S. So distances
//! and σ are those of the projection again. A set hub is made when it has fewer members than
//! pairs (fewer arcs); the others keep their shortcuts. On the PTCE network of the 10,000-PTCE
//! study (`docs/performance.md`) 3,970 set hubs with 109,724 arcs replace 403,724 of its 610,238
//! shortcut arcs: 431,440 arcs instead of 725,440. Like the hubs, they group the float sums of the
//! dependencies differently (the last bits move; the test compares with the projection at 1e-12).
//!
//! A node of a single group (a **leaf**: most organizations belong to one PTCE) is never visited
//! when it is not the source: it lies at its hub's distance with its hub's σ, is nobody's
//! predecessor, and has no successor (δ = 0), so its hub takes the coefficient `(1 + 0)/σ` of each
//! of its leaves at once. The passes then settle the hubs and the nodes of several groups only.

use std::collections::HashMap;

use super::betweenness::{blocked_sum, rescale, DijkstraScratch};
use crate::graph::Graph;

/// A projection as its groups and shortcuts (module doc): nodes `0..hubs` are the groups'
/// hubs, node `hubs + v` is the projection's node `v`.
pub(crate) struct GroupGraph {
    /// Number of set hubs, the last of the hubs.
    #[cfg(test)]
    set_hubs: usize,
    hubs: usize,
    off: Vec<usize>,
    tgt: Vec<u32>,
    /// Length of each arc in its direction (`u → tgt`).
    len_out: Vec<f64>,
    /// Length of the reverse arc (`tgt → u`).
    len_in: Vec<f64>,
    /// Per hub, the end of its arcs to members that are not leaves (its leaves' arcs follow).
    inner_end: Vec<usize>,
    /// Per hub, its number of leaves.
    leaves: Vec<u32>,
    /// Per projection node, its hub if it is a leaf, else `u32::MAX`.
    leaf_hub: Vec<u32>,
}

impl GroupGraph {
    /// The group graph of `g`, the weighted projection of `groups` (node indices of `g`, each
    /// group sorted, groups in an order that depends on the content only), or `None` when the
    /// groups do not add up to `g`'s weights (the pairs the groups hold, counted with
    /// multiplicity, must be the sum of the weights) or the group graph would not be smaller
    /// than `g`.
    ///
    /// # Complexity
    /// O(Σ group sizes + m).
    pub(crate) fn new(g: &Graph, groups: &[Vec<u32>]) -> Option<GroupGraph> {
        let gg = GroupGraph::build(g, groups)?;
        (gg.tgt.len() < g.targets().len()).then_some(gg)
    }

    /// As [`GroupGraph::new`], smaller than `g` or not.
    fn build(g: &Graph, groups: &[Vec<u32>]) -> Option<GroupGraph> {
        let n = g.n();
        if !adds_up(g, groups) {
            return None;
        }
        let groups: Vec<&Vec<u32>> = groups.iter().filter(|m| m.len() >= 2).collect();
        let mut hubs_of: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (h, m) in groups.iter().enumerate() {
            for &v in m.iter() {
                hubs_of[v as usize].push(h as u32);
            }
        }
        // A node of a single group shares at most that group with anyone: it has no shortcut.
        let leaf_hub: Vec<u32> = hubs_of
            .iter()
            .map(|own| if own.len() == 1 { own[0] } else { u32::MAX })
            .collect();
        let sets = SetHubs::of(g, &groups, &hubs_of);
        let hubs = groups.len() + sets.members.len();
        let memberships: usize = groups.iter().map(|m| m.len()).sum::<usize>()
            + sets.members.iter().map(Vec::len).sum::<usize>();
        let shortcuts = g.weights().iter().filter(|&&w| w != 1.0).count();
        // The set hubs (indices among them) of each node.
        let mut sets_of: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (i, m) in sets.members.iter().enumerate() {
            for &v in m {
                sets_of[v as usize].push(i as u32);
            }
        }
        let total = hubs + n;
        let mut off = Vec::with_capacity(total + 1);
        let mut tgt = Vec::with_capacity(2 * memberships + shortcuts);
        let mut len_out = Vec::with_capacity(tgt.capacity());
        let mut len_in = Vec::with_capacity(tgt.capacity());
        let mut inner_end = Vec::with_capacity(hubs);
        let mut leaves = Vec::with_capacity(hubs);
        off.push(0);
        for m in &groups {
            let (leaf, inner): (Vec<u32>, Vec<u32>) =
                m.iter().partition(|&&v| leaf_hub[v as usize] != u32::MAX);
            for (i, part) in [inner, leaf].iter().enumerate() {
                for &v in part {
                    tgt.push(hubs as u32 + v);
                    len_out.push(0.0);
                    len_in.push(1.0);
                }
                if i == 0 {
                    inner_end.push(tgt.len());
                } else {
                    leaves.push(part.len() as u32);
                }
            }
            off.push(tgt.len());
        }
        // A set hub's members are in at least two groups: none is a leaf.
        for (m, &len) in sets.members.iter().zip(&sets.length) {
            for &v in m {
                tgt.push(hubs as u32 + v);
                len_out.push(0.0);
                len_in.push(len);
            }
            inner_end.push(tgt.len());
            leaves.push(0);
            off.push(tgt.len());
        }
        for (v, own) in hubs_of.iter().enumerate() {
            // Its groups' hubs, then its set hubs (hub order).
            let set_hubs = sets_of[v]
                .iter()
                .map(|&i| ((groups.len() as u32 + i), sets.length[i as usize]));
            for (h, len) in own.iter().map(|&h| (h, 1.0)).chain(set_hubs) {
                tgt.push(h);
                len_out.push(len);
                len_in.push(0.0);
            }
            for (&x, &w) in g.neighbors(v).iter().zip(g.neighbor_weights(v)) {
                if w != 1.0 && !sets.covers(&hubs_of[v], &hubs_of[x as usize], w) {
                    let len = 1.0 / w;
                    tgt.push(hubs as u32 + x);
                    len_out.push(len);
                    len_in.push(len);
                }
            }
            off.push(tgt.len());
        }
        Some(GroupGraph {
            #[cfg(test)]
            set_hubs: sets.members.len(),
            hubs,
            off,
            tgt,
            len_out,
            len_in,
            inner_end,
            leaves,
            leaf_hub,
        })
    }

    /// Number of arcs (hub arcs both ways, shortcuts both ways).
    #[cfg(test)]
    pub(crate) fn arcs(&self) -> usize {
        self.tgt.len()
    }

    /// Exact weighted betweenness of the projection, as [`super::betweenness_weighted`] gives
    /// it (to the last bits: module doc).
    pub(crate) fn betweenness_weighted(&self) -> Vec<Option<f64>> {
        let real = (self.off.len() - 1 - self.hubs) as u32;
        let all: Vec<u32> = (0..real).collect();
        rescale(self.dependency_sums(&all))
    }

    /// Σ over `sources` (nodes of the projection) of Brandes' dependencies with edge length
    /// `1/weight`, as `weighted_dependency_sums` on the projection gives them (module doc).
    pub(crate) fn dependency_sums(&self, sources: &[u32]) -> Vec<f64> {
        let real = self.off.len() - 1 - self.hubs;
        let total = self.off.len() - 1;
        blocked_sum(
            real,
            sources,
            || DijkstraScratch::new(total),
            |sc, block, acc| {
                for &s in block {
                    sc.grouped_source(self, self.hubs + s as usize, acc);
                }
            },
        )
    }
}

/// The set hubs of a projection (module doc): the sets of ≥ 2 groups that are exactly what more
/// pairs share than there are nodes in all of those groups.
struct SetHubs {
    /// Members of each set hub (the nodes in every group of its set), sorted; hubs in the
    /// order of their sets (lists of hub indices compared as sequences: content order).
    members: Vec<Vec<u32>>,
    /// Length 1/k of the arc from a member to the hub of a set of k groups (the very float of
    /// a shortcut of weight k).
    length: Vec<f64>,
    /// Index of each set.
    index: HashMap<Vec<u32>, u32>,
}

/// The groups (hub indices, sorted) shared by two nodes.
fn shared(a: &[u32], b: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

impl SetHubs {
    /// The set hubs of `g`, the projection of `groups` (each of ≥ 2 members), `hubs_of` the
    /// groups of each node in hub order.
    ///
    /// # Complexity
    /// O(Σ over shortcut pairs of their nodes' group counts + Σ over candidate sets of their
    /// groups' sizes), expected (hashing).
    fn of(g: &Graph, groups: &[&Vec<u32>], hubs_of: &[Vec<u32>]) -> SetHubs {
        let mut pairs: HashMap<Vec<u32>, usize> = HashMap::new();
        for v in 0..g.n() {
            for (&x, &w) in g.neighbors(v).iter().zip(g.neighbor_weights(v)) {
                if x as usize > v && w != 1.0 {
                    let s = shared(&hubs_of[v], &hubs_of[x as usize]);
                    if s.len() as f64 == w {
                        *pairs.entry(s).or_insert(0) += 1;
                    }
                }
            }
        }
        // A set hub replaces its pairs' shortcuts (two arcs each) by two arcs per member: kept
        // when it has fewer members than pairs (at least 3 pairs, as it has 2 members or more).
        let mut chosen: Vec<(Vec<u32>, Vec<u32>)> = pairs
            .into_iter()
            .filter(|(_, c)| *c >= 3)
            .filter_map(|(s, c)| {
                let mut members: Vec<u32> = groups[s[0] as usize].to_vec();
                for &h in &s[1..] {
                    members = shared(&members, groups[h as usize]);
                }
                (members.len() < c).then_some((s, members))
            })
            .collect();
        chosen.sort_unstable();
        let length = chosen.iter().map(|(s, _)| 1.0 / s.len() as f64).collect();
        let index = chosen
            .iter()
            .enumerate()
            .map(|(i, (s, _))| (s.clone(), i as u32))
            .collect();
        SetHubs {
            members: chosen.into_iter().map(|(_, m)| m).collect(),
            length,
            index,
        }
    }

    /// Whether the pair of nodes in the groups `a` and `b`, of weight `w`, goes through a set hub
    /// instead of a shortcut.
    fn covers(&self, a: &[u32], b: &[u32], w: f64) -> bool {
        if self.index.is_empty() {
            return false;
        }
        let s = shared(a, b);
        s.len() as f64 == w && self.index.contains_key(&s)
    }
}

/// Whether `g` can be the weighted projection of `groups`: every member a node of `g`, and the
/// pairs the groups hold (counted with multiplicity) adding up to the sum of `g`'s weights.
///
/// # Complexity
/// O(Σ group sizes + m).
fn adds_up(g: &Graph, groups: &[Vec<u32>]) -> bool {
    let pairs: f64 = groups
        .iter()
        .map(|m| (m.len() * m.len().saturating_sub(1) / 2) as f64)
        .sum();
    let weight: f64 = g.weights().iter().sum::<f64>() / 2.0;
    let in_range = groups
        .iter()
        .all(|m| m.iter().all(|&v| (v as usize) < g.n()));
    pairs == weight && in_range
}

/// The membership graph of `groups` when `g` is their projection ([`adds_up`]) and it has fewer
/// arcs than `g`; `None` otherwise. Its BFS levels 2d are the projection's distances d.
///
/// # Complexity
/// O(Σ group sizes + m).
pub(crate) fn checked_membership_graph(g: &Graph, groups: &[Vec<u32>]) -> Option<Graph> {
    if groups.is_empty() {
        return None;
    }
    let memberships: usize = groups.iter().filter(|m| m.len() >= 2).map(Vec::len).sum();
    if 2 * memberships >= g.targets().len() || !adds_up(g, groups) {
        return None;
    }
    membership_graph(g.n(), groups)
}

/// The membership graph of `groups` on the projection's `n` nodes: node `n + h` is group `h`
/// (among the groups of ≥ 2 members), linked to its members (weight 1). Its BFS levels 2d are
/// the projection's distances d (`closeness_and_harmonic_of_projection`).
///
/// # Complexity
/// O(Σ group sizes). `None` when a member is not below `n` or is twice in a group.
pub(crate) fn membership_graph(n: usize, groups: &[Vec<u32>]) -> Option<Graph> {
    let edges = groups
        .iter()
        .filter(|m| m.len() >= 2)
        .enumerate()
        .flat_map(|(h, m)| m.iter().map(move |&v| (v, (n + h) as u32, 1.0)));
    let hubs = groups.iter().filter(|m| m.len() >= 2).count();
    Graph::from_edges(n + hubs, edges).ok()
}

/// The pass of [`GroupGraph::dependency_sums`], in the buffers of the projection's pass.
impl DijkstraScratch {
    /// Adds the dependencies of source `s` (an index of `gg`, not a hub) to `acc` (indexed by
    /// the projection's nodes).
    fn grouped_source(&mut self, gg: &GroupGraph, s: usize, acc: &mut [f64]) {
        let hubs = gg.hubs;
        // The source's hub when it is a leaf (its only predecessor among the leaves).
        let source_hub = gg.leaf_hub[s - hubs] as usize;
        self.order.clear();
        self.heap.clear();
        self.dist[s] = 0.0;
        // Non-negative floats order like their bit patterns; at equal distance the lower index
        // pops first, so a hub before the members it reaches at no length.
        self.heap.push((0.0f64.to_bits(), s as u32));
        while let Some((_, v)) = self.heap.pop() {
            let v = v as usize;
            if self.settled[v] {
                continue;
            }
            self.settled[v] = true;
            self.order.push(v as u32);
            let dv = self.dist[v];
            let mut sg = if v == s || v == source_hub { 1.0 } else { 0.0 };
            // A hub's leaves are not visited: each is at the hub's distance with its σ, has no
            // successor (δ = 0) and leaves the hub the coefficient 1/σ (added below).
            let end = if v < hubs {
                gg.inner_end[v]
            } else {
                gg.off[v + 1]
            };
            for a in gg.off[v]..end {
                let x = gg.tgt[a] as usize;
                if self.settled[x] {
                    if self.dist[x] + gg.len_in[a] == dv {
                        sg += self.sigma[x];
                    }
                } else {
                    let nd = dv + gg.len_out[a];
                    if nd < self.dist[x] {
                        self.dist[x] = nd;
                        self.heap.push((nd.to_bits(), x as u32));
                    }
                }
            }
            self.sigma[v] = sg;
        }
        // order[0] is the source, skipped. A hub's coefficient is δ/σ with δ = σ·Σ coef of its
        // successors: the sum itself.
        for i in (1..self.order.len()).rev() {
            let w = self.order[i] as usize;
            let dw = self.dist[w];
            let mut pulled = 0.0;
            let end = if w < hubs {
                gg.inner_end[w]
            } else {
                gg.off[w + 1]
            };
            for a in gg.off[w]..end {
                let x = gg.tgt[a] as usize;
                if dw + gg.len_out[a] == self.dist[x] {
                    pulled += self.coef[x];
                }
            }
            if w < hubs {
                // When the source is one of these leaves, its share goes back to the source
                // alone (the hub's only predecessor), whose δ is not kept.
                let leaves = gg.leaves[w];
                if leaves > 0 {
                    pulled += f64::from(leaves) / self.sigma[w];
                }
                self.coef[w] = pulled;
            } else {
                let delta = self.sigma[w] * pulled;
                acc[w - hubs] += delta;
                self.coef[w] = (1.0 + delta) / self.sigma[w];
            }
        }
        self.reset();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::centrality::betweenness::weighted_dependency_sums;
    use crate::stats::rng::{below, stream};
    use std::collections::BTreeMap;

    /// The weighted projection of `groups` on `n` nodes (weight = groups shared).
    fn project(n: usize, groups: &[Vec<u32>]) -> Graph {
        let mut w: BTreeMap<(u32, u32), f64> = BTreeMap::new();
        for m in groups {
            for (i, &u) in m.iter().enumerate() {
                for &v in &m[i + 1..] {
                    *w.entry((u.min(v), u.max(v))).or_insert(0.0) += 1.0;
                }
            }
        }
        Graph::from_edges(n, w.into_iter().map(|((u, v), x)| (u, v, x))).unwrap()
    }

    /// `k` random groups of 2..=`max` distinct nodes among `n`, each sorted.
    fn random_groups(n: usize, k: usize, max: usize, seed: u64) -> Vec<Vec<u32>> {
        let mut rng = stream(seed, 0, 0);
        (0..k)
            .map(|_| {
                let size = 2 + below(&mut rng, max as u64 - 1) as usize;
                let mut m: Vec<u32> = Vec::new();
                while m.len() < size {
                    let v = below(&mut rng, n as u64) as u32;
                    if !m.contains(&v) {
                        m.push(v);
                    }
                }
                m.sort_unstable();
                m
            })
            .collect()
    }

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (v, (x, y)) in a.iter().zip(b).enumerate() {
            assert!(
                (x - y).abs() <= 1e-12 * y.abs().max(1.0),
                "node {v}: groups {x}, projection {y}"
            );
        }
    }

    #[test]
    fn groups_give_the_projections_dependencies() {
        // Small groups over few nodes: many pairs share 2 or 3 groups (shortcuts of length 1/2,
        // 1/3, whose sums tie with hub paths: 1/2 + 1/2 = 1), components, isolated nodes.
        for seed in 0..40 {
            let n = 30 + (seed as usize % 3) * 20;
            let groups = random_groups(n, n / 2, 5, seed);
            let g = project(n, &groups);
            let gg = GroupGraph::build(&g, &groups).expect("groups of the projection");
            let sources: Vec<u32> = (0..n as u32).collect();
            close(
                &gg.dependency_sums(&sources),
                &weighted_dependency_sums(&g, &sources),
            );
        }
    }

    #[test]
    fn the_membership_graph_gives_the_projections_closeness_bit_for_bit() {
        use crate::centrality::closeness::{
            closeness_and_harmonic, closeness_and_harmonic_of_projection,
        };
        // Components, isolated nodes, pairs sharing several groups; more than 64 sources.
        for seed in 0..12 {
            let n = 50 + (seed as usize % 4) * 40;
            let groups = random_groups(n, n / 3, 6, 100 + seed);
            let g = project(n, &groups);
            let members = membership_graph(n, &groups).unwrap();
            let bits = |v: Vec<Option<f64>>| -> Vec<Option<u64>> {
                v.into_iter().map(|x| x.map(f64::to_bits)).collect()
            };
            let (c, h) = closeness_and_harmonic(&g);
            let (c2, h2) = closeness_and_harmonic_of_projection(n, &members);
            assert_eq!(bits(c), bits(c2), "closeness, seed {seed}");
            assert_eq!(bits(h), bits(h2), "harmonic, seed {seed}");
        }
        assert!(membership_graph(3, &[vec![0, 3]]).is_none());
    }

    #[test]
    fn one_search_per_twin_class_gives_every_nodes_distances_bit_for_bit() {
        use crate::centrality::{twin_classes, ProjectionDistances};
        // Groups of 2 to 8 over few nodes: many members of a single group (true twins), some
        // pairs with the same groups; components; more than 64 classes.
        let mut twins_seen = 0;
        for seed in 0..10 {
            let n = 150 + (seed as usize % 3) * 60;
            let groups = random_groups(n, n / 5, 8, 500 + seed);
            let g = project(n, &groups);
            let members = membership_graph(n, &groups).unwrap();
            let rep = twin_classes(&g);
            twins_seen += (0..n).filter(|&v| rep[v] as usize != v).count();
            let all = ProjectionDistances::new(n, &members, None);
            let by_class = ProjectionDistances::new(n, &members, Some(&rep));
            let bits = |v: Vec<Option<f64>>| -> Vec<Option<u64>> {
                v.into_iter().map(|x| x.map(f64::to_bits)).collect()
            };
            let (c, h) = all.closeness_and_harmonic();
            let (c2, h2) = by_class.closeness_and_harmonic();
            assert_eq!(bits(c), bits(c2), "closeness, seed {seed}");
            assert_eq!(bits(h), bits(h2), "harmonic, seed {seed}");
            for v in 0..n {
                assert_eq!(
                    all.sum_and_eccentricity(v),
                    by_class.sum_and_eccentricity(v)
                );
            }
            // Not a labelling of classes (a node out of range, a wrong length): ignored.
            for bad in [vec![n as u32; n], vec![0; n - 1]] {
                let d = ProjectionDistances::new(n, &members, Some(&bad));
                assert_eq!(d.closeness_and_harmonic(), all.closeness_and_harmonic());
            }
        }
        assert!(twins_seen > 100, "{twins_seen} twins");
    }

    #[test]
    fn the_membership_graph_gives_the_projections_path_lengths() {
        use crate::centrality::ProjectionDistances;
        use crate::structure::components::{largest_component_paths, largest_component_paths_from};
        // Sparse groups: several components, the largest of a few dozen nodes, long paths.
        for seed in 0..12 {
            let n = 60 + (seed as usize % 3) * 50;
            let groups = random_groups(n, n / 4, 4, 300 + seed);
            let g = project(n, &groups);
            let members = membership_graph(n, &groups).unwrap();
            let plain = largest_component_paths(&g);
            // From the summaries closeness walks on the membership graph: the same bits.
            let d = ProjectionDistances::new(n, &members, None);
            let read = largest_component_paths_from(&g, |v| d.sum_and_eccentricity(v));
            assert_eq!(
                plain.avg_path_length.map(f64::to_bits),
                read.avg_path_length.map(f64::to_bits),
                "seed {seed}"
            );
            assert_eq!(plain.diameter, read.diameter, "seed {seed}");
            assert!(plain.diameter.unwrap() >= 3, "seed {seed}: {plain:?}");
        }
        // Without edges every component is one node (0 and 0, as networkx); without nodes the
        // statistics are undefined.
        for n in [0, 3] {
            let g = project(n, &[]);
            let members = membership_graph(n, &[]).unwrap();
            let d = ProjectionDistances::new(n, &members, None);
            let read = largest_component_paths_from(&g, |v| d.sum_and_eccentricity(v));
            assert_eq!(read, largest_component_paths(&g), "n = {n}");
        }
    }

    #[test]
    fn large_groups_are_cheaper_and_give_the_same_sums() {
        // Two dozen groups of up to 40 over 300 nodes: the cliques' arcs outnumber the hub arcs.
        let n = 300;
        let groups = random_groups(n, 24, 40, 7);
        let g = project(n, &groups);
        let gg = GroupGraph::new(&g, &groups).unwrap();
        assert!(
            gg.arcs() * 2 < g.targets().len(),
            "{} vs {}",
            gg.arcs(),
            g.m()
        );
        let sources: Vec<u32> = (0..n as u32).step_by(7).collect();
        close(
            &gg.dependency_sums(&sources),
            &weighted_dependency_sums(&g, &sources),
        );
    }

    #[test]
    fn pairs_sharing_the_same_groups_go_through_a_set_hub() {
        // Three large overlapping groups (pairs sharing exactly {0, 1}, {1, 2}, {0, 1, 2}, in the
        // thousands) under small random groups (pairs sharing those and more, sets of 2 and 3
        // groups with few pairs, kept as shortcuts); an isolated node; every source.
        for seed in 0..6 {
            let n = 160 + 20 * seed as usize;
            let mut groups = vec![
                (0..110).collect::<Vec<u32>>(),
                (40..150).collect(),
                (80..n as u32 - 1).collect(),
            ];
            groups.extend(random_groups(n - 1, n / 3, 5, 900 + seed));
            let g = project(n, &groups);
            let gg = GroupGraph::build(&g, &groups).unwrap();
            let plain_arcs = 2 * groups
                .iter()
                .filter(|m| m.len() >= 2)
                .map(Vec::len)
                .sum::<usize>()
                + g.weights().iter().filter(|&&w| w != 1.0).count();
            assert!(gg.set_hubs >= 3, "seed {seed}: {} set hubs", gg.set_hubs);
            assert!(
                4 * gg.arcs() < plain_arcs,
                "seed {seed}: {} arcs, {plain_arcs} without set hubs",
                gg.arcs()
            );
            let sources: Vec<u32> = (0..n as u32).collect();
            close(
                &gg.dependency_sums(&sources),
                &weighted_dependency_sums(&g, &sources),
            );
        }
        // By hand: 0–3 share {A, B} (6 pairs, 4 members: one set hub, length 1/2); 4 is in B
        // only. Pairs through 0..3 are adjacent (1/2), 4 is at 1 from each: nobody is between.
        let groups = vec![vec![0, 1, 2, 3], vec![0, 1, 2, 3, 4]];
        let g = project(5, &groups);
        let gg = GroupGraph::build(&g, &groups).unwrap();
        assert_eq!(gg.set_hubs, 1);
        // Hub arcs 2·(4 + 5), set-hub arcs 2·4, no shortcut left.
        assert_eq!(gg.arcs(), 26);
        assert_eq!(gg.dependency_sums(&[0, 1, 2, 3, 4]), vec![0.0; 5]);
    }

    #[test]
    fn groups_that_do_not_add_up_to_the_weights_are_refused() {
        let groups = vec![vec![0, 1, 2], vec![2, 3]];
        let g = project(4, &groups);
        assert!(GroupGraph::new(&g, &[vec![0, 1, 2]]).is_none());
        assert!(GroupGraph::new(&g, &[vec![0, 1, 2], vec![2, 3], vec![0, 3]]).is_none());
        assert!(GroupGraph::new(&g, &[vec![0, 1, 2], vec![2, 9]]).is_none());
        // Right groups, but a graph of two small cliques is no smaller through hubs.
        assert!(GroupGraph::new(&g, &groups).is_none());
    }

    #[test]
    fn a_pair_sharing_two_groups_goes_by_its_shortcut() {
        // Groups {0,1,2} and {0,1,3}: 0–1 weight 2 (length 1/2); 2 and 3 reach each other through
        // 0 or 1 (1 + 1), or 2–0–1–… no: 2–0 (1) + 0–3 (1) = 2, and 2–1–3 = 2: σ(2,3) = 2.
        let groups = vec![vec![0, 1, 2], vec![0, 1, 3], vec![4, 5, 6, 7, 8, 9, 0]];
        let g = project(10, &groups);
        let gg = GroupGraph::build(&g, &groups).unwrap();
        let sources: Vec<u32> = (0..10).collect();
        let got = gg.dependency_sums(&sources);
        close(&got, &weighted_dependency_sums(&g, &sources));
        // Node 1 carries half of 2↔3 (both orders): 2 · 1/2 = 1; node 0 carries the other half
        // and every pair between {1, 2, 3} and {4, …, 9}: 1 + 2 · 3 · 6 = 37.
        assert!((got[1] - 1.0).abs() < 1e-12, "{}", got[1]);
        assert!((got[0] - 37.0).abs() < 1e-12, "{}", got[0]);
    }
}
