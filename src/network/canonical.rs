//! The canonical node order of a network: an order fixed by the network's content (node
//! attributes, edge weights and kinds, structure), not by identifiers or input row order.
//!
//! Every metric runs on the network's graph relabelled into this order (`pipeline::metrics`),
//! so that sums over nodes and neighbours, Brandes' accumulation, power iterations, Louvain's
//! visiting order and every "smallest index" tie-break are the same whatever the organizations
//! are called and however the input rows are ordered. Results are then put back in the
//! network's own node order (`org_id` order) for the tables.
//!
//! # How
//! Colour refinement (1-dimensional Weisfeiler–Leman, Weisfeiler & Leman 1968; as in nauty's
//! partition refinement, McKay & Piperno 2014):
//! 1. each node starts with the colour of its content: name, actor type, NAF section, role and
//!    the digest of its other facts ([`super::NodeInfo::detail`]: SIREN, commune, employees…);
//! 2. each round, a node's new colour hashes its colour with the sorted multiset of (neighbour's
//!    colour, edge label), the edge label hashing the weight's bits, the tie kinds and the number
//!    of shared activities; rounds stop when no class splits;
//! 3. while some class has several nodes (nodes no content and no structure tells apart), one of
//!    them is individualised (given a colour of its own) and step 2 runs again, so that the
//!    remaining ties are broken consistently with that choice ([`MAX_INDIVIDUALISATIONS`] times
//!    at most);
//! 4. nodes are ranked by colour, then — the one place where a label enters, the documented
//!    exception — by `org_id`; the canonical order is the breadth-first order that starts each
//!    component at its first node in rank and visits neighbours in rank order (neighbours stay
//!    close in memory, as in Cuthill–McKee).
//!
//! The individualised node of step 3 is the member of the class with the smallest `org_id`.
//! When the nodes of a class are interchangeable (an automorphism of the network maps one onto
//! the other, e.g. two members tied only to the same third one with equal weights and kinds and
//! identical attributes), any choice gives the same relabelled graph, hence the same numbers.
//! Only nodes that colour refinement cannot tell apart and that are *not* interchangeable (rare:
//! regular structures with identical attributes) can make the result depend on labels.
//!
//! The [`Canonical::key`] digest of the relabelled network (colours and edges in canonical
//! order) seeds the network's random procedures (Louvain, sampling, null models, QAP), so that
//! seeds follow the content too, not the PTCE's id or position.

use super::Network;
use crate::graph::Graph;
use crate::stats::rng::{fnv1a, splitmix64_mix as mix};
use std::collections::{BTreeMap, HashMap};

/// Individualisation rounds allowed (step 3); the classes left after them are ordered by
/// `org_id` directly. Bounds the cost on large networks of many interchangeable nodes.
pub const MAX_INDIVIDUALISATIONS: usize = 64;

/// A network relabelled into its canonical node order.
#[derive(Debug, Clone, PartialEq)]
pub struct Canonical {
    /// `order[p]` = the network's node at canonical position `p`.
    pub order: Vec<u32>,
    /// `position[i]` = the canonical position of the network's node `i`.
    pub position: Vec<u32>,
    /// The network's graph with node `i` renamed `position[i]`.
    pub graph: Graph,
    /// Digest of the content in canonical order (node colours, edges with their labels): equal
    /// for two networks with the same content, whatever their ids.
    pub key: u64,
    /// `twin[p]` = the first canonical position of the twins of position `p` ([`twins`]);
    /// `p` itself for a node without twin.
    pub twin: Vec<u32>,
}

impl Canonical {
    /// A node-indexed vector put in canonical order (`out[p] = v[order[p]]`).
    pub fn permute<T: Clone>(&self, v: &[T]) -> Vec<T> {
        self.order.iter().map(|&i| v[i as usize].clone()).collect()
    }

    /// Gives every twin the value of the first of its twins (in canonical order). Twins have
    /// equal values in exact arithmetic (an automorphism swaps them); in floating point their
    /// values may differ in the last bits, and which twin sits at which position depends on
    /// their ids: taking one value for all keeps the numbers independent of ids.
    pub fn equalize<T: Clone>(&self, v: &mut [T]) {
        if v.len() != self.twin.len() {
            return;
        }
        for p in 0..v.len() {
            let t = self.twin[p] as usize;
            if t != p {
                v[p] = v[t].clone();
            }
        }
    }

    /// A vector in canonical order put back in the network's node order
    /// (`out[i] = v[position[i]]`); a vector of another length is returned as it is.
    pub fn restore<T: Clone>(&self, v: Vec<T>) -> Vec<T> {
        if v.len() != self.position.len() {
            return v;
        }
        self.position
            .iter()
            .map(|&p| v[p as usize].clone())
            .collect()
    }
}

/// Hash of a sequence of words (order matters).
fn hash_words(words: impl IntoIterator<Item = u64>) -> u64 {
    let mut h = 0x6a09_e667_f3bc_c909u64;
    for w in words {
        h = mix(h ^ mix(w));
    }
    h
}

/// Hash of a string (FNV-1a, then mixed).
fn hash_str(s: &str) -> u64 {
    mix(fnv1a(s.as_bytes()))
}

/// Digest of optional text facts (a missing fact differs from an empty one): the
/// [`super::NodeInfo::detail`] of a node.
pub fn digest(facts: &[Option<&str>]) -> u64 {
    hash_words(facts.iter().map(|f| f.map_or(0, |s| hash_str(s) | 1)))
}

/// Colour of a node's content (everything but its id).
fn content_colour(net: &Network, i: usize) -> u64 {
    let n = &net.nodes[i];
    hash_words([
        hash_str(&n.name),
        hash_str(n.actor_type.as_str()),
        n.naf_section.map_or(0, |c| u64::from(c) + 1),
        hash_str(n.role.map_or("", |r| r.as_str())),
        n.detail,
    ])
}

/// Label of each arc of the CSR graph: weight bits, tie kinds and shared activities of the edge.
fn arc_labels(net: &Network) -> Vec<u64> {
    let g = &net.graph;
    let info: HashMap<(u32, u32), u64> = net
        .edges
        .iter()
        .map(|e| {
            let kinds = hash_words(e.kinds.iter().map(|k| hash_str(k.as_str())));
            let key = (e.u.min(e.v), e.u.max(e.v));
            (key, hash_words([kinds, u64::from(e.shared_activities)]))
        })
        .collect();
    let mut labels = Vec::with_capacity(g.targets().len());
    for u in 0..g.n() {
        for (&v, &w) in g.neighbors(u).iter().zip(g.neighbor_weights(u)) {
            let key = ((u as u32).min(v), (u as u32).max(v));
            labels.push(hash_words([
                w.to_bits(),
                info.get(&key).copied().unwrap_or(0),
            ]));
        }
    }
    labels
}

/// Number of distinct values.
fn classes(colour: &[u64]) -> usize {
    let mut c = colour.to_vec();
    c.sort_unstable();
    c.dedup();
    c.len()
}

/// Twins: nodes of equal content that are structurally equivalent — the same neighbours with
/// the same edge labels (not adjacent), or adjacent with the same other neighbours and labels.
/// Returns, for each node, the smallest node of its twin group (itself when it has none).
///
/// # Complexity
/// O(m) expected (hashing of neighbour lists), O(m log Δ) for the closed neighbourhoods.
fn twins(g: &Graph, labels: &[u64], content: &[u64]) -> Vec<u32> {
    let n = g.n();
    let off = g.offsets();
    let mut rep: Vec<u32> = (0..n as u32).collect();
    // Open neighbourhoods with their labels: equal keys are twins, nothing to check.
    let mut open: HashMap<(u64, &[u32], &[u64]), u32> = HashMap::with_capacity(n);
    for u in 0..n {
        let key = (content[u], g.neighbors(u), &labels[off[u]..off[u + 1]]);
        rep[u] = *open.entry(key).or_insert(u as u32);
    }
    // Closed neighbourhoods (and the multiset of labels) for the adjacent ones, checked label by
    // label against the first member of the group.
    let mut closed: HashMap<(u64, Vec<u32>, Vec<u64>), u32> = HashMap::new();
    for u in 0..n {
        if rep[u] != u as u32 || g.degree(u) == 0 {
            continue;
        }
        let mut set = g.neighbors(u).to_vec();
        let at = set.partition_point(|&x| x < u as u32);
        set.insert(at, u as u32);
        let mut ls = labels[off[u]..off[u + 1]].to_vec();
        ls.sort_unstable();
        let first = *closed.entry((content[u], set, ls)).or_insert(u as u32) as usize;
        if first == u {
            continue;
        }
        let same = g
            .neighbors(u)
            .iter()
            .zip(&labels[off[u]..off[u + 1]])
            .filter(|(&w, _)| w as usize != first)
            .all(|(&w, &l)| {
                let nf = g.neighbors(first);
                nf.binary_search(&w)
                    .is_ok_and(|i| labels[off[first] + i] == l)
            });
        if same {
            rep[u] = first as u32;
        }
    }
    rep
}

/// Refines `colour` until no class splits (at most n rounds).
fn refine(g: &Graph, labels: &[u64], colour: &mut Vec<u64>) {
    let offsets = g.offsets();
    let mut count = classes(colour);
    let mut around: Vec<(u64, u64)> = Vec::new();
    for _ in 0..g.n() {
        let next: Vec<u64> = (0..g.n())
            .map(|u| {
                around.clear();
                for a in offsets[u]..offsets[u + 1] {
                    around.push((colour[g.targets()[a] as usize], labels[a]));
                }
                around.sort_unstable();
                hash_words(
                    std::iter::once(colour[u]).chain(around.iter().flat_map(|&(c, l)| [c, l])),
                )
            })
            .collect();
        let c = classes(&next);
        *colour = next;
        if c == count {
            return;
        }
        count = c;
    }
}

/// Breadth-first order over the graph, components started and neighbours visited in the order
/// of `ranked` (nodes ranked by colour): a canonical order that keeps neighbours close in
/// memory (as Cuthill–McKee), so that the metrics' traversals stay cache-friendly.
fn breadth_first(g: &Graph, ranked: &[u32]) -> Vec<u32> {
    let n = g.n();
    let mut rank = vec![0u32; n];
    for (r, &i) in ranked.iter().enumerate() {
        rank[i as usize] = r as u32;
    }
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut next: Vec<u32> = Vec::new();
    for &start in ranked {
        if seen[start as usize] {
            continue;
        }
        seen[start as usize] = true;
        let mut head = order.len();
        order.push(start);
        while head < order.len() {
            let u = order[head] as usize;
            head += 1;
            next.clear();
            next.extend(g.neighbors(u).iter().filter(|&&v| !seen[v as usize]));
            next.sort_unstable_by_key(|&v| rank[v as usize]);
            for &v in &next {
                seen[v as usize] = true;
                order.push(v);
            }
        }
    }
    order
}

/// The canonical node order of a network (see the module documentation).
///
/// # Returns
/// The [`Canonical`] relabelling: order, positions, relabelled graph and content key.
///
/// # Complexity
/// O(r · m log Δ) for r refinement rounds (about the diameter), times the individualisations
/// (at most [`MAX_INDIVIDUALISATIONS`], none when content and structure tell every node apart).
pub fn canonical(net: &Network) -> Canonical {
    let g = &net.graph;
    let n = g.n();
    let labels = arc_labels(net);
    let content: Vec<u64> = (0..n).map(|i| content_colour(net, i)).collect();
    let rep = twins(g, &labels, &content);
    let mut colour = content.clone();
    refine(g, &labels, &mut colour);
    let id = |i: usize| net.nodes.get(i).map_or("", |x| x.org_id.as_str());
    for round in 0..MAX_INDIVIDUALISATIONS {
        // The first class (by colour) of several nodes that are not all twins of each other
        // (twins in any order give the same relabelled graph), and its member of smallest id.
        let mut members: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for (i, &c) in colour.iter().enumerate() {
            members.entry(c).or_default().push(i);
        }
        let Some(class) = members
            .into_values()
            .find(|m| m.iter().any(|&i| rep[i] != rep[m[0]]))
        else {
            break;
        };
        let Some(&pick) = class.iter().min_by(|&&a, &&b| id(a).cmp(id(b))) else {
            break;
        };
        colour[pick] = hash_words([colour[pick], 0x1d1d_u64, round as u64]);
        refine(g, &labels, &mut colour);
    }
    let mut by_colour: Vec<u32> = (0..n as u32).collect();
    by_colour.sort_by(|&a, &b| {
        colour[a as usize]
            .cmp(&colour[b as usize])
            .then_with(|| id(a as usize).cmp(id(b as usize)))
    });
    let order = breadth_first(g, &by_colour);
    let mut position = vec![0u32; n];
    for (p, &i) in order.iter().enumerate() {
        position[i as usize] = p as u32;
    }
    let edges: Vec<(u32, u32, f64)> = g
        .edges()
        .map(|(u, v, w)| (position[u as usize], position[v as usize], w))
        .collect();
    let graph = Graph::from_edges(n, edges).unwrap_or_else(|_| Graph::empty(n));
    let mut twin: Vec<u32> = (0..n as u32).collect();
    let mut first: HashMap<u32, u32> = HashMap::new();
    for (p, &i) in order.iter().enumerate() {
        twin[p] = *first.entry(rep[i as usize]).or_insert(p as u32);
    }
    let in_order: Vec<u64> = order.iter().map(|&i| content[i as usize]).collect();
    let mut arcs: Vec<(u32, u32, u64)> = Vec::with_capacity(labels.len());
    for u in 0..n {
        let range = g.offsets()[u]..g.offsets()[u + 1];
        for (&v, &l) in g.targets()[range.clone()].iter().zip(&labels[range]) {
            if (u as u32) < v {
                let (pu, pv) = (position[u], position[v as usize]);
                arcs.push((pu.min(pv), pu.max(pv), l));
            }
        }
    }
    arcs.sort_unstable();
    let key = hash_words(
        [n as u64].into_iter().chain(in_order).chain(
            arcs.iter()
                .flat_map(|&(u, v, l)| [u64::from(u), u64::from(v), l]),
        ),
    );
    Canonical {
        order,
        position,
        graph,
        key,
        twin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActorType;
    use crate::network::{EdgeInfo, NodeInfo};
    use std::collections::BTreeSet;

    /// A network of `ids` (names = ids' content `names`) and weighted edges between positions.
    fn net(ids: &[&str], names: &[&str], edges: &[(u32, u32, f64)]) -> Network {
        let nodes = ids
            .iter()
            .zip(names)
            .map(|(id, name)| NodeInfo {
                org_id: id.to_string(),
                name: name.to_string(),
                actor_type: ActorType::Company,
                naf_section: None,
                role: None,
                detail: 0,
            })
            .collect();
        let edges: Vec<EdgeInfo> = edges
            .iter()
            .map(|&(u, v, weight)| EdgeInfo {
                u,
                v,
                weight,
                kinds: BTreeSet::new(),
                shared_activities: 0,
            })
            .collect();
        let graph =
            Graph::from_edges(ids.len(), edges.iter().map(|e| (e.u, e.v, e.weight))).unwrap();
        Network {
            ptce_id: "P".into(),
            snapshot: "all".into(),
            nodes,
            edges,
            graph,
        }
    }

    /// The names in canonical order and the relabelled graph's edges.
    fn form(n: &Network) -> (Vec<String>, Vec<(u32, u32, f64)>, u64) {
        let c = canonical(n);
        let names = c
            .order
            .iter()
            .map(|&i| n.nodes[i as usize].name.clone())
            .collect();
        (names, c.graph.edges().collect(), c.key)
    }

    #[test]
    fn renaming_and_reordering_nodes_gives_the_same_canonical_form() {
        // A path a – b – c – d with a pendant e on b, weights distinct; then the same network
        // with other ids, given in another node order.
        let a = net(
            &["O1", "O2", "O3", "O4", "O5"],
            &["a", "b", "c", "d", "e"],
            &[(0, 1, 1.0), (1, 2, 2.0), (2, 3, 1.0), (1, 4, 3.0)],
        );
        // Nodes: z9 = c, k2 = e, m7 = a, b0 = d, x1 = b.
        let b = net(
            &["z9", "k2", "m7", "b0", "x1"],
            &["c", "e", "a", "d", "b"],
            &[(2, 4, 1.0), (4, 0, 2.0), (0, 3, 1.0), (4, 1, 3.0)],
        );
        assert_eq!(form(&a), form(&b));
        let c = canonical(&b);
        // Positions and order are inverse permutations.
        for (p, &i) in c.order.iter().enumerate() {
            assert_eq!(c.position[i as usize] as usize, p);
        }
        assert_eq!(
            c.restore(c.permute(&[10, 11, 12, 13, 14])),
            [10, 11, 12, 13, 14]
        );
    }

    #[test]
    fn structure_alone_tells_nameless_nodes_apart() {
        // Unnamed nodes: a path 0 – 1 – 2 – 3 plus a triangle 3 – 4 – 5. The two ends of the
        // path differ (one is at distance 3 of the triangle), so any renaming gives one form.
        let edges = [
            (0, 1, 1.0),
            (1, 2, 1.0),
            (2, 3, 1.0),
            (3, 4, 1.0),
            (4, 5, 1.0),
            (3, 5, 1.0),
        ];
        let a = net(&["a", "b", "c", "d", "e", "f"], &[""; 6], &edges);
        // Reverse the node numbering and the ids.
        let rev: Vec<(u32, u32, f64)> = edges.iter().map(|&(u, v, w)| (5 - u, 5 - v, w)).collect();
        let b = net(&["u", "t", "s", "r", "q", "p"], &[""; 6], &rev);
        assert_eq!(form(&a).1, form(&b).1);
        assert_eq!(form(&a).2, form(&b).2);
    }

    #[test]
    fn twins_are_found_with_their_labels() {
        // Hub 0 with leaves 1, 2, 3 (1 and 2 same weight: false twins; 3 heavier: not a twin
        // of them); 4 and 5 adjacent, both tied to 0 with weight 2: true twins; 6 and 7
        // isolated and unnamed: twins. Names: all "" but node 0.
        let edges = [
            (0, 1, 1.0),
            (0, 2, 1.0),
            (0, 3, 5.0),
            (4, 5, 1.0),
            (0, 4, 2.0),
            (0, 5, 2.0),
        ];
        let ids = ["a", "b", "c", "d", "e", "f", "g", "h"];
        let mut names = [""; 8];
        names[0] = "hub";
        let n = net(&ids, &names, &edges);
        let c = canonical(&n);
        // Groups in node terms: the first twin of each node's position, back in node order.
        let group: Vec<u32> = (0..8)
            .map(|i| c.order[c.twin[c.position[i] as usize] as usize])
            .collect();
        assert_eq!(group[1], group[2]);
        assert_ne!(group[1], group[3]);
        assert_eq!(group[4], group[5]);
        assert_ne!(group[4], group[1]);
        assert_eq!(group[6], group[7]);
        assert_eq!(group[0], 0);
        // equalize copies the first twin's value to the others.
        let mut v = c.permute(&(0..8).map(f64::from).collect::<Vec<_>>());
        c.equalize(&mut v);
        let back = c.restore(v);
        assert_eq!(back[1], back[2]);
        assert_eq!(back[4], back[5]);
        assert!(back[1] == 1.0 || back[1] == 2.0);
        assert!(back[4] == 4.0 || back[4] == 5.0);
        assert_eq!((back[0], back[3]), (0.0, 3.0));
        // Another name for 2 makes it no twin of 1.
        names[2] = "other";
        let c = canonical(&net(&ids, &names, &edges));
        assert!(c.twin.iter().enumerate().all(|(p, &t)| {
            let i = c.order[p];
            i == 6 || i == 7 || i == 4 || i == 5 || t as usize == p
        }));
        // True twins need equal labels to their other neighbours.
        let mut w = edges;
        w[5].2 = 3.0;
        let c = canonical(&net(&ids, &[""; 8], &w));
        assert_eq!(c.twin[c.position[5] as usize], c.position[5]);
        assert_eq!(c.twin[c.position[4] as usize], c.position[4]);
    }

    #[test]
    fn interchangeable_nodes_give_one_relabelled_graph_whatever_their_ids() {
        // A 6-cycle of nameless nodes: every node is interchangeable, colour refinement alone
        // splits nothing; individualising one node orders the others around the cycle.
        let cycle: Vec<(u32, u32, f64)> = (0..6).map(|i| (i, (i + 1) % 6, 1.0)).collect();
        let a = net(&["a", "b", "c", "d", "e", "f"], &[""; 6], &cycle);
        let b = net(&["f", "b", "e", "a", "c", "d"], &[""; 6], &cycle);
        let (fa, fb) = (form(&a), form(&b));
        assert_eq!(fa.1, fb.1);
        assert_eq!(fa.2, fb.2);
        // The relabelled graph is still a 6-cycle.
        let c = canonical(&a);
        assert!((0..6).all(|u| c.graph.degree(u) == 2));
        // Another weight on one edge changes the key.
        let mut w = cycle.clone();
        w[0].2 = 2.0;
        assert_ne!(
            form(&net(&["a", "b", "c", "d", "e", "f"], &[""; 6], &w)).2,
            fa.2
        );
    }
}
