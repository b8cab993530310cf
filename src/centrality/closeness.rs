//! Closeness (Wasserman–Faust corrected) and harmonic centrality, from one bit-parallel
//! multi-source BFS per 64 sources (Then et al. 2014, "The more the merrier: efficient
//! multi-source graph traversal", *PVLDB* 8(4)).
//!
//! Each node holds a 64-bit word per role: `seen` (which of the 64 sources reached it), `visit`
//! (which reached it at the current level). One sweep over the frontier's arcs advances all 64
//! BFSs by one level. The number of nodes each source discovers per level is counted with a
//! bit-sliced (carry-save) counter, so counting costs a few word operations per frontier node
//! rather than one per (source, node) pair. Per-source results are integers (reach count and
//! distance sum) plus a harmonic sum accumulated in level order: nothing depends on the thread
//! count.

use rayon::prelude::*;

use crate::graph::Graph;

/// Distance summary of one source: nodes reached (itself included), sum of distances, Σ 1/d,
/// and the largest distance (its eccentricity in its component).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Reach {
    reached: u64,
    dist_sum: u64,
    harmonic: f64,
    eccentricity: u64,
}

/// Closeness centrality, as networkx `closeness_centrality(G)` (with `wf_improved=True`):
/// `C(u) = (r−1)/Σ_v d(u,v) · (r−1)/(n−1)` where `r` counts the nodes reachable from `u`, itself
/// included (Wasserman & Faust 1994, *Social Network Analysis*, eq. 5.3; Freeman 1979).
///
/// # Arguments
/// * `g` — the graph (weights ignored: edges have length 1).
///
/// # Returns
/// One value per node, in node order; `Some(0.0)` for an isolated node and for `n = 1`, as
/// networkx returns 0 there. Independent of the rayon thread count.
///
/// # Complexity
/// O(n·m/64 · levels) word operations in the worst case, O(n) memory per thread.
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// use ptce::centrality::closeness;
/// // path 0 - 1 - 2: node 1 is at distance 1 from both others.
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
/// assert_eq!(closeness(&g), vec![Some(2.0 / 3.0), Some(1.0), Some(2.0 / 3.0)]);
/// ```
pub fn closeness(g: &Graph) -> Vec<Option<f64>> {
    let n = g.n();
    all_sources(g, n, 1)
        .into_iter()
        .map(|r| Some(closeness_of(r, n)))
        .collect()
}

/// Harmonic centrality divided by `n − 1`: `H(u) = Σ_{v≠u} 1/d(u,v) / (n−1)` with `1/∞ = 0`,
/// networkx `harmonic_centrality(G)` divided by `n − 1` (Marchiori & Latora 2000, "Harmony in
/// the small-world", *Physica A* 285; Rochat 2009).
///
/// # Arguments
/// * `g` — the graph (weights ignored).
///
/// # Returns
/// One value per node, in node order; `None` for the node of a 1-node graph (division by
/// `n − 1 = 0`), `Some(0.0)` for an isolated node of a larger graph.
///
/// # Complexity
/// As [`closeness`].
///
/// # Examples
/// ```
/// use ptce::graph::Graph;
/// use ptce::centrality::harmonic;
/// let g = Graph::from_edges(3, [(0, 1, 1.0), (1, 2, 1.0)]).unwrap();
/// assert_eq!(harmonic(&g), vec![Some(0.75), Some(1.0), Some(0.75)]);
/// ```
pub fn harmonic(g: &Graph) -> Vec<Option<f64>> {
    let n = g.n();
    all_sources(g, n, 1)
        .into_iter()
        .map(|r| harmonic_of(r, n))
        .collect()
}

/// Both closeness and harmonic centrality from a single traversal.
///
/// # Arguments
/// * `g` — the graph (weights ignored).
///
/// # Returns
/// `(closeness, harmonic)`, each as the function of that name returns it.
///
/// # Complexity
/// As [`closeness`].
pub fn closeness_and_harmonic(g: &Graph) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
    summaries(g.n(), &all_sources(g, g.n(), 1))
}

/// [`closeness_and_harmonic`] of a weighted projection from its membership graph
/// ([`ProjectionDistances`], one search per node), as the tests compare it with the projection's.
#[cfg(test)]
pub(crate) fn closeness_and_harmonic_of_projection(
    n: usize,
    members: &Graph,
) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
    ProjectionDistances::new(n, members, None).closeness_and_harmonic()
}

/// The distance summaries of every node of a weighted projection, from one BFS per 64 sources
/// on its membership graph: closeness, harmonic centrality and the largest component's path
/// statistics ([`crate::structure::components::largest_component_paths_from`]) all read them,
/// so the all-pairs walk is made once.
pub(crate) struct ProjectionDistances {
    n: usize,
    reach: Vec<Reach>,
}

impl ProjectionDistances {
    /// The summaries of the projection's `n` nodes. `members` has the projection's `n` nodes
    /// first and one node per group after them, each linked to its members. Two nodes share a
    /// group exactly when they are at distance 2 in it, so a node found at level 2d is at
    /// distance d in the projection; the groups' nodes (odd levels) are not counted. The integer
    /// sums, and the harmonic sums added level by level, are those of the projection's BFS: the
    /// same bits. With `twins` (`twins[v]` the first node of `v`'s twin class, as
    /// [`super::twin_classes`] gives them: nodes with the same neighbours, adjacent or not), one
    /// search is made per class and copied to its other members: twins
    /// are at the same distance from every other node and at distance 1 or 2 from each other,
    /// both ways, so their reach, sums and eccentricity are the same integers and their
    /// harmonic sums the same floats, added level by level. (Most organizations of a territory
    /// network are twins: the members of a single PTCE.) A vector that is not such a labelling
    /// (wrong length, a first node that is not its own) is ignored.
    ///
    /// # Complexity
    /// O(c·M/64 · levels) for c classes (n without `twins`) and M memberships.
    pub(crate) fn new(n: usize, members: &Graph, twins: Option<&[u32]>) -> ProjectionDistances {
        let reach = match twins {
            Some(twin)
                if twin.len() == n
                    && twin
                        .iter()
                        .all(|&t| (t as usize) < n && twin[t as usize] == t) =>
            {
                let firsts: Vec<u32> = (0..n as u32).filter(|&v| twin[v as usize] == v).collect();
                let mut slot = vec![0usize; n];
                for (i, &v) in firsts.iter().enumerate() {
                    slot[v as usize] = i;
                }
                let found = reach_of(members, &firsts, (n, 2));
                (0..n).map(|v| found[slot[twin[v] as usize]]).collect()
            }
            _ => all_sources(members, n, 2),
        };
        ProjectionDistances { n, reach }
    }

    /// `(closeness, harmonic)` of the projection, bit for bit those of
    /// [`closeness_and_harmonic`] on it.
    pub(crate) fn closeness_and_harmonic(&self) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
        summaries(self.n, &self.reach)
    }

    /// Σ of the distances from `v` to the nodes of its component, and the largest of them.
    pub(crate) fn sum_and_eccentricity(&self, v: usize) -> (u64, u64) {
        let r = &self.reach[v];
        (r.dist_sum, r.eccentricity)
    }
}

fn summaries(n: usize, all: &[Reach]) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
    let c = all.iter().map(|&r| Some(closeness_of(r, n))).collect();
    let h = all.iter().map(|&r| harmonic_of(r, n)).collect();
    (c, h)
}

fn closeness_of(r: Reach, n: usize) -> f64 {
    // Same operations as networkx, so the bits agree:
    // (len(sp) − 1) / totsp · ((len(sp) − 1) / (n − 1)).
    if r.dist_sum > 0 && n > 1 {
        let k = r.reached as f64 - 1.0;
        k / r.dist_sum as f64 * (k / (n as f64 - 1.0))
    } else {
        0.0
    }
}

fn harmonic_of(r: Reach, n: usize) -> Option<f64> {
    (n > 1).then(|| r.harmonic / (n as f64 - 1.0))
}

/// Distance summaries of the nodes `0..counted` of `g`, in node order, 64 sources per parallel
/// task: only those nodes are counted, at distance level / `step`.
fn all_sources(g: &Graph, counted: usize, step: u64) -> Vec<Reach> {
    let sources: Vec<u32> = (0..counted as u32).collect();
    reach_of(g, &sources, (counted, step))
}

/// Distance summaries of `sources` (in that order), 64 per parallel task; `(counted, step)` as
/// in [`all_sources`]. A source's summary does not depend on the other sources of its task.
fn reach_of(g: &Graph, sources: &[u32], (counted, step): (usize, u64)) -> Vec<Reach> {
    let batches: Vec<Vec<Reach>> = sources
        .par_chunks(64)
        .map_init(
            || MsBfs::new(g.n()),
            |bfs, batch| bfs.run(g, batch, (counted, step)),
        )
        .collect();
    batches.into_iter().flatten().collect()
}

/// Per-thread buffers of the multi-source BFS.
struct MsBfs {
    seen: Vec<u64>,
    visit: Vec<u64>,
    next: Vec<u64>,
    frontier: Vec<u32>,
    next_frontier: Vec<u32>,
    touched: Vec<u32>,
    counter: BitSlicedCounter,
}

impl MsBfs {
    fn new(n: usize) -> Self {
        MsBfs {
            seen: vec![0; n],
            visit: vec![0; n],
            next: vec![0; n],
            frontier: Vec::new(),
            next_frontier: Vec::new(),
            touched: Vec::new(),
            counter: BitSlicedCounter::default(),
        }
    }

    /// BFS from `sources` (at most 64, distinct) at once; `(counted, step)`: only the nodes
    /// `0..counted` are counted, at distance level / `step` (`(n, 1)` for a plain graph).
    ///
    /// Each level ORs the frontier words into `next` over the frontier's arcs with no test
    /// ("aggregated neighbour processing", Then et al. §4), then keeps `next & !seen`. That filter
    /// runs over the nodes touched when the frontier's arcs are few (a list is kept), and as one
    /// linear sweep over all nodes when they are many.
    fn run(&mut self, g: &Graph, sources: &[u32], (counted, step): (usize, u64)) -> Vec<Reach> {
        let off = g.offsets();
        let tgt = g.targets();
        let n = g.n();
        let k = sources.len();
        let mut out = vec![
            Reach {
                reached: 1,
                dist_sum: 0,
                harmonic: 0.0,
                eccentricity: 0,
            };
            k
        ];
        self.frontier.clear();
        for (i, &s) in sources.iter().enumerate() {
            let s = s as usize;
            self.seen[s] = 1 << i;
            self.visit[s] = 1 << i;
            self.frontier.push(s as u32);
        }
        let mut level: u64 = 0;
        while !self.frontier.is_empty() {
            level += 1;
            let arcs: usize = self
                .frontier
                .iter()
                .map(|&v| off[v as usize + 1] - off[v as usize])
                .sum();
            let sparse = arcs * 4 < n;
            self.touched.clear();
            for &v in &self.frontier {
                let v = v as usize;
                let bits = self.visit[v];
                let nbrs = &tgt[off[v]..off[v + 1]];
                if sparse {
                    for &u in nbrs {
                        if self.next[u as usize] == 0 {
                            self.touched.push(u);
                        }
                        self.next[u as usize] |= bits;
                    }
                } else {
                    for &u in nbrs {
                        self.next[u as usize] |= bits;
                    }
                }
            }
            for &v in &self.frontier {
                self.visit[v as usize] = 0;
            }
            self.counter.clear();
            self.next_frontier.clear();
            if sparse {
                for &u in &self.touched {
                    let u = u as usize;
                    let new = self.next[u] & !self.seen[u];
                    self.next[u] = new;
                    if new != 0 {
                        self.seen[u] |= new;
                        if u < counted {
                            self.counter.add(new);
                        }
                        self.next_frontier.push(u as u32);
                    }
                }
            } else {
                for (u, (nx, seen)) in self.next.iter_mut().zip(self.seen.iter_mut()).enumerate() {
                    let new = *nx & !*seen;
                    *nx = new;
                    if new != 0 {
                        *seen |= new;
                        if u < counted {
                            self.counter.add(new);
                        }
                        self.next_frontier.push(u as u32);
                    }
                }
            }
            let d = level / step;
            let inv = 1.0 / d as f64;
            for (i, r) in out.iter_mut().enumerate() {
                let c = self.counter.count(i);
                if c > 0 {
                    r.reached += c;
                    r.dist_sum += c * d;
                    r.harmonic += c as f64 * inv;
                    r.eccentricity = d;
                }
            }
            std::mem::swap(&mut self.visit, &mut self.next);
            std::mem::swap(&mut self.frontier, &mut self.next_frontier);
        }
        self.seen.fill(0);
        out
    }
}

/// 64 counters stored bit-sliced: bit `i` of `slices[k]` is bit `k` of counter `i`.
#[derive(Default)]
struct BitSlicedCounter {
    slices: Vec<u64>,
}

impl BitSlicedCounter {
    fn clear(&mut self) {
        self.slices.clear();
    }

    /// Adds 1 to counter `i` for every bit `i` set in `word` (ripple-carry, amortised O(1)).
    fn add(&mut self, word: u64) {
        let mut carry = word;
        let mut k = 0;
        while carry != 0 {
            if k == self.slices.len() {
                self.slices.push(0);
            }
            let s = self.slices[k];
            self.slices[k] = s ^ carry;
            carry &= s;
            k += 1;
        }
    }

    fn count(&self, i: usize) -> u64 {
        self.slices
            .iter()
            .enumerate()
            .map(|(k, s)| ((s >> i) & 1) << k)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_sliced_counter_counts() {
        let mut c = BitSlicedCounter::default();
        for j in 0..1000u64 {
            c.add(j | (1 << 63));
        }
        // bit 63 set in all 1000 words; bit 0 in the 500 odd j; bit 9 in j >= 512.
        assert_eq!(c.count(63), 1000);
        assert_eq!(c.count(0), 500);
        assert_eq!(c.count(9), 1000 - 512);
        assert_eq!(c.count(20), 0);
    }

    /// Compares the multi-source BFS with one plain BFS per source (exact integers; harmonic sums
    /// to 1e-12 relative, the order of the float additions differing).
    fn check_against_plain_bfs(g: &Graph) {
        let n = g.n();
        let got = all_sources(g, g.n(), 1);
        for (s, r) in got.iter().enumerate() {
            let mut dist = vec![u64::MAX; n];
            dist[s] = 0;
            let mut q = std::collections::VecDeque::from([s]);
            while let Some(v) = q.pop_front() {
                for &u in g.neighbors(v) {
                    if dist[u as usize] == u64::MAX {
                        dist[u as usize] = dist[v] + 1;
                        q.push_back(u as usize);
                    }
                }
            }
            let reached: Vec<u64> = dist.into_iter().filter(|&d| d != u64::MAX).collect();
            assert_eq!(r.reached, reached.len() as u64);
            assert_eq!(r.dist_sum, reached.iter().sum::<u64>());
            let h: f64 = reached
                .iter()
                .filter(|&&d| d > 0)
                .map(|&d| 1.0 / d as f64)
                .sum();
            assert!(
                (r.harmonic - h).abs() < 1e-12 * h.max(1.0),
                "source {s}: {} vs {h}",
                r.harmonic
            );
        }
    }

    #[test]
    fn many_batches_match_plain_bfs() {
        // Cycles with a chord plus one isolated node (the last): 151 nodes take the dense
        // filter (64 frontier nodes' arcs are many), 1,501 the sparse one (they are few).
        for len in [150u32, 1500] {
            let n = len as usize + 1;
            let mut edges: Vec<(u32, u32, f64)> =
                (0..len).map(|i| (i, (i + 1) % len, 1.0)).collect();
            edges.push((0, len / 2, 1.0));
            let g = Graph::from_edges(n, edges).unwrap();
            check_against_plain_bfs(&g);
            assert_eq!(closeness(&g)[n - 1], Some(0.0));
            assert_eq!(harmonic(&g)[n - 1], Some(0.0));
        }
        // A random graph mixes both within one batch.
        check_against_plain_bfs(&super::super::gnm_weighted(1200, 1600, 3).unwrap());
    }

    #[test]
    fn one_node_harmonic_is_undefined() {
        let g = Graph::from_edges(1, []).unwrap();
        assert_eq!(harmonic(&g), vec![None]);
        assert_eq!(closeness(&g), vec![Some(0.0)]);
    }
}
