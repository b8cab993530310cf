//! Betweenness estimated from a uniform sample of sources (Brandes & Pich 2007), off by default,
//! each source's Brandes pass made once per twin class ([`twin_classes`]).

use std::collections::{BTreeMap, HashMap};

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;
use rayon::prelude::*;

use super::betweenness::{dependency_sums, weighted_dependency_sums};
use super::groups::GroupGraph;
use crate::graph::Graph;

/// Groups of classes (by times drawn) whose Brandes passes run at once; affects speed and
/// memory only, never the result.
const GROUPS_PER_WAVE: usize = 8;

/// How to sample sources for an estimated betweenness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BetweennessSampling {
    /// Number of distinct sources `k` (capped at `n`; `k = n` gives the exact value).
    pub sources: usize,
    /// Seed of the `rand_pcg::Pcg64` stream that draws them.
    pub seed: u64,
}

/// Number of sources `k` such that every node's estimate is within `epsilon` of its exact
/// normalised betweenness with probability at least `1 − delta`:
/// `k = ⌈ln(2n/δ) / (2ε²)⌉ + 1`.
///
/// Each estimate is the mean of `k − 1` or `k` values `δ_s(v)/(n − 2) ∈ [0, 1]` drawn without
/// replacement from the `n − 1` sources `s ≠ v`, whose mean is the exact value; Hoeffding's bound
/// (1963, which holds without replacement) gives `P(|error| ≥ ε) ≤ 2 exp(−2(k−1)ε²)` per node,
/// and a union bound over the `n` nodes the formula.
///
/// # Arguments
/// * `n` — number of nodes; `epsilon` — absolute error on the normalised value (in (0, 1));
///   `delta` — failure probability (in (0, 1)).
///
/// # Returns
/// The sample size, at most `n`; `None` if `epsilon` or `delta` is not in (0, 1).
///
/// # Complexity
/// O(1).
pub fn sample_size_for(n: usize, epsilon: f64, delta: f64) -> Option<usize> {
    let ok = |x: f64| x > 0.0 && x < 1.0;
    if !(ok(epsilon) && ok(delta)) {
        return None;
    }
    let k = ((2.0 * n as f64 / delta).ln() / (2.0 * epsilon * epsilon)).ceil() + 1.0;
    Some((k as usize).min(n))
}

/// Estimated normalised betweenness from `k` sources drawn uniformly without replacement,
/// each distinct twin class among them run once and counted as often as it was drawn,
/// rescaled as networkx `betweenness_centrality(G, k=k, normalized=True, endpoints=False)`
/// rescales: a sampled node's sum is divided by `(k − 1)(n − 2)`, any other node's by `k(n − 2)`
/// (Brandes & Pich 2007, "Centrality estimation in large networks", *Int. J. Bifurcation and
/// Chaos* 17(7)). For `k ≥ n` it is the exact value, computed with one Brandes pass per twin
/// class instead of one per node; see [`sample_size_for`] for the error bound, which the
/// sharing between twins does not change (the sum over the drawn sources is the same in exact
/// arithmetic; in floating point it may differ in the last bits when the graph has twins, and
/// is bitwise the plain sum when it has none).
///
/// # Arguments
/// * `g` — the graph; `sampling` — `k` and the seed; `weighted` — edge length `1/weight`
///   (as [`super::betweenness_weighted`]) instead of 1.
///
/// # Returns
/// One value per node in node order; all 0 when `n ≤ 2`; `None` for the sampled node when
/// `k = 1` (networkx's 0/0, NaN). Bitwise identical for any rayon thread count; the sources
/// depend only on `(seed, n, k)`.
///
/// # Complexity
/// O(c·m) unweighted, O(c·m·log n) weighted, for the c ≤ k distinct twin classes drawn, plus
/// O(m log Δ) to find the classes.
///
/// # Examples
/// ```
/// use ptce::centrality::{betweenness, betweenness_sampled, BetweennessSampling};
/// use ptce::graph::Graph;
/// // A ring of 12 nodes with one chord: every node a source, the sample is the exact value.
/// let edges = (0..12u32).map(|i| (i, (i + 1) % 12, 1.0)).chain([(0, 6, 1.0)]);
/// let g = Graph::from_edges(12, edges).unwrap();
/// let all = BetweennessSampling { sources: 12, seed: 7 };
/// assert_eq!(betweenness_sampled(&g, &all, false), betweenness(&g));
/// ```
pub fn betweenness_sampled(
    g: &Graph,
    sampling: &BetweennessSampling,
    weighted: bool,
) -> Vec<Option<f64>> {
    let sources = sample_sources(g.n(), sampling.sources, sampling.seed);
    let lengths = if weighted {
        Lengths::Weighted
    } else {
        Lengths::Unit
    };
    normalized(g, &twin_classes(g), &sources, lengths)
}

/// The unweighted and weighted columns of [`betweenness_sampled`], with the sources drawn and
/// the twin classes found once for both.
pub fn betweenness_sampled_both(
    g: &Graph,
    sampling: &BetweennessSampling,
) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
    betweenness_sampled_both_grouped(g, sampling, None)
}

/// As [`betweenness_sampled_both`], the weighted passes run on `groups` when given (`g` is then
/// their projection: [`GroupGraph`]).
pub(crate) fn betweenness_sampled_both_grouped(
    g: &Graph,
    sampling: &BetweennessSampling,
    groups: Option<&GroupGraph>,
) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
    let sources = sample_sources(g.n(), sampling.sources, sampling.seed);
    let rep = twin_classes(g);
    let weighted = groups.map_or(Lengths::Weighted, Lengths::Groups);
    (
        normalized(g, &rep, &sources, Lengths::Unit),
        normalized(g, &rep, &sources, weighted),
    )
}

/// The edge lengths of a Brandes pass.
#[derive(Clone, Copy)]
enum Lengths<'a> {
    /// Every edge of length 1.
    Unit,
    /// Length `1/weight`, on the graph.
    Weighted,
    /// Length `1/weight`, on the groups the graph projects.
    Groups(&'a GroupGraph),
}

/// The dependency sums of `sources` (twin classes `rep`) scaled as [`betweenness_sampled`]
/// says.
fn normalized(g: &Graph, rep: &[u32], sources: &[u32], lengths: Lengths) -> Vec<Option<f64>> {
    let n = g.n();
    let raw = class_dependency_sums(g, rep, sources, lengths);
    if n <= 2 {
        return raw.into_iter().map(Some).collect();
    }
    let k = sources.len() as f64;
    let nm2 = n as f64 - 2.0;
    let mut sampled = vec![false; n];
    for &s in sources {
        sampled[s as usize] = true;
    }
    raw.into_iter()
        .zip(sampled)
        .map(|(b, is_source)| {
            if !is_source {
                Some(b * (1.0 / (k * nm2)))
            } else if k > 1.0 {
                Some(b * (1.0 / ((k - 1.0) * nm2)))
            } else {
                None
            }
        })
        .collect()
}

/// Σ over `sources` of the dependencies δ_s, with one Brandes pass per twin class: the classes
/// drawn `c` times are run together and their sum added `c` times (groups in increasing `c`,
/// classes by smallest member, so the float sums do not depend on threads).
fn class_dependency_sums(g: &Graph, rep: &[u32], sources: &[u32], lengths: Lengths) -> Vec<f64> {
    let mut drawn: BTreeMap<u32, u64> = BTreeMap::new();
    for &s in sources {
        *drawn.entry(rep[s as usize]).or_insert(0) += 1;
    }
    let mut by_count: BTreeMap<u64, Vec<u32>> = BTreeMap::new();
    for (class, c) in drawn {
        by_count.entry(c).or_default().push(class);
    }
    // Groups run in parallel (a group of fewer than 2 blocks would leave a thread idle), a few
    // at a time to bound memory; their sums are added in group order.
    let groups: Vec<(u64, Vec<u32>)> = by_count.into_iter().collect();
    let mut total = vec![0.0; g.n()];
    for wave in groups.chunks(GROUPS_PER_WAVE) {
        let parts: Vec<Vec<f64>> = wave
            .par_iter()
            .map(|(_, classes)| match lengths {
                Lengths::Unit => dependency_sums(g, classes),
                Lengths::Weighted => weighted_dependency_sums(g, classes),
                Lengths::Groups(gg) => gg.dependency_sums(classes),
            })
            .collect();
        for ((c, _), part) in wave.iter().zip(parts) {
            let c = *c as f64;
            for (t, x) in total.iter_mut().zip(part) {
                *t += c * x;
            }
        }
    }
    total
}

/// Twin classes for betweenness: `rep[u]` is the smallest node with the same neighbours as `u`
/// by the same edge weights — not adjacent with equal open neighbourhoods (false twins), or
/// adjacent with equal closed ones (true twins) — and `u` itself when it has no twin.
///
/// Swapping two twins u, u′ is an automorphism of the weighted graph, so δ_u(v) = δ_u′(v) for
/// every other v; and δ_u(u′) = δ_u′(u) = 0, since any path through a twin of the source is
/// longer than the direct arc to the next node (hence one Brandes pass serves the whole class).
/// In a pooled co-membership network, the members of a single PTCE are true twins: their
/// neighbourhood is that PTCE, each by weight 1.
///
/// # Complexity
/// O(m log Δ) expected (hashing of sorted neighbour lists).
///
/// # Examples
/// ```
/// use ptce::centrality::twin_classes;
/// use ptce::graph::Graph;
/// // Triangle 0-1-2 with a tail 2-3: 0 and 1 are true twins; 3 has none.
/// let g = Graph::from_edges(4, [(0, 1, 1.0), (0, 2, 1.0), (1, 2, 1.0), (2, 3, 1.0)]).unwrap();
/// assert_eq!(twin_classes(&g), vec![0, 0, 2, 3]);
/// ```
pub fn twin_classes(g: &Graph) -> Vec<u32> {
    let n = g.n();
    let weights =
        |u: usize| -> Vec<u64> { g.neighbor_weights(u).iter().map(|w| w.to_bits()).collect() };
    let mut rep: Vec<u32> = (0..n as u32).collect();
    let mut open: HashMap<(&[u32], Vec<u64>), u32> = HashMap::with_capacity(n);
    for (u, r) in rep.iter_mut().enumerate() {
        *r = *open.entry((g.neighbors(u), weights(u))).or_insert(u as u32);
    }
    // Candidates by closed neighbourhood and multiset of weights; within a candidate group, a
    // node joins the first earlier class whose representative has its weights neighbour by
    // neighbour (true twinship is an equivalence, so the classes do not depend on node order).
    let mut closed: HashMap<(Vec<u32>, Vec<u64>), Vec<u32>> = HashMap::new();
    for (u, r) in rep.iter_mut().enumerate() {
        if *r != u as u32 || g.degree(u) == 0 {
            continue;
        }
        let mut set = g.neighbors(u).to_vec();
        set.insert(set.partition_point(|&x| x < u as u32), u as u32);
        let mut ws = weights(u);
        ws.sort_unstable();
        let reps = closed.entry((set, ws)).or_default();
        match reps.iter().find(|&&f| same_weights(g, u, f as usize)) {
            Some(&f) => *r = f,
            None => reps.push(u as u32),
        }
    }
    rep
}

/// Whether `u` and its neighbour `f` have the same weight to every other neighbour.
fn same_weights(g: &Graph, u: usize, f: usize) -> bool {
    g.neighbors(u)
        .iter()
        .zip(g.neighbor_weights(u))
        .filter(|(&x, _)| x as usize != f)
        .all(|(&x, &w)| {
            g.edge_weight(f, x as usize)
                .is_some_and(|y| y.to_bits() == w.to_bits())
        })
}

/// The cheaper of a sample of `k` sources and the exact value, counted in Brandes passes: `k`
/// sources drawn with `seed` (as [`betweenness_sampled`] draws them) fall in `c` distinct twin
/// classes; if the graph has no more than `c` classes in all, the exact value costs no more and
/// is chosen (`sources = n`), else the sample (`sources = k`).
///
/// # Returns
/// The [`BetweennessSampling`] to use, and the Brandes passes it costs (per column).
///
/// # Complexity
/// O(m log Δ + n).
///
/// # Examples
/// ```
/// use ptce::centrality::cheaper_of_sample_and_exact;
/// use ptce::graph::Graph;
/// // A clique of 10: one twin class, so the exact value costs a single pass.
/// let edges = (0..10u32).flat_map(|u| (u + 1..10).map(move |v| (u, v, 1.0)));
/// let g = Graph::from_edges(10, edges).unwrap();
/// let (plan, passes) = cheaper_of_sample_and_exact(&g, 4, 1);
/// assert_eq!((plan.sources, passes), (10, 1));
/// ```
pub fn cheaper_of_sample_and_exact(g: &Graph, k: usize, seed: u64) -> (BetweennessSampling, usize) {
    let rep = twin_classes(g);
    let classes = rep
        .iter()
        .enumerate()
        .filter(|&(u, &r)| r as usize == u)
        .count();
    let mut drawn: Vec<u32> = sample_sources(g.n(), k, seed)
        .iter()
        .map(|&s| rep[s as usize])
        .collect();
    drawn.sort_unstable();
    drawn.dedup();
    let (sources, passes) = if classes <= drawn.len() {
        (g.n(), classes)
    } else {
        (k, drawn.len())
    };
    (BetweennessSampling { sources, seed }, passes)
}

/// `k` distinct nodes of `0..n` (partial Fisher–Yates on a `Pcg64` seeded with `seed`), sorted.
fn sample_sources(n: usize, k: usize, seed: u64) -> Vec<u32> {
    let k = k.min(n);
    let mut nodes: Vec<u32> = (0..n as u32).collect();
    let mut rng = Pcg64::seed_from_u64(seed);
    for i in 0..k {
        // Lemire's multiply-shift maps a 64-bit draw to 0..n−i (bias below (n−i)/2⁶⁴).
        let span = (n - i) as u64;
        let j = i + ((u128::from(rng.next_u64()) * u128::from(span)) >> 64) as usize;
        nodes.swap(i, j);
    }
    nodes.truncate(k);
    nodes.sort_unstable();
    nodes
}

#[cfg(test)]
mod tests {
    use super::super::{betweenness, betweenness_weighted, gnm_weighted};
    use super::*;

    #[test]
    fn full_sample_is_exact_and_estimates_are_close() {
        let g = gnm_weighted(120, 360, 5).unwrap();
        let all = BetweennessSampling {
            sources: 1000,
            seed: 1,
        };
        assert_eq!(betweenness_sampled(&g, &all, false), betweenness(&g));
        assert_eq!(
            betweenness_sampled(&g, &all, true),
            betweenness_weighted(&g)
        );
        // ε = 0.2, δ = 0.01 needs k = ⌈ln(24000)/0.08⌉ + 1 = 128 > n: capped at n.
        assert_eq!(sample_size_for(120, 0.2, 0.01), Some(120));
        // ln(2·10⁴/0.1) / (2·0.05²) = 12.206 / 0.005 = 2441.2 → 2442 + 1.
        assert_eq!(sample_size_for(10_000, 0.05, 0.1), Some(2_443));
        assert_eq!(sample_size_for(10, 0.0, 0.1), None);
        // Half the sources: every estimate within the ε of k = 60 at δ = 0.01,
        // ε = sqrt(ln(2n/δ) / (2(k−1))) ≈ 0.29; in practice far closer.
        let half = BetweennessSampling {
            sources: 60,
            seed: 3,
        };
        let est = betweenness_sampled(&g, &half, false);
        for (e, x) in est.iter().zip(betweenness(&g)) {
            assert!((e.unwrap() - x.unwrap()).abs() < 0.29);
        }
        assert_ne!(est, betweenness(&g));
    }

    /// A pooled co-membership graph: `groups` cliques, each of 2–7 members of its own and 1–3
    /// of `shared` common nodes; weight = number of groups an edge's ends share.
    fn pooled(groups: usize, shared: u32, seed: u64) -> Graph {
        let mut rng = Pcg64::seed_from_u64(seed);
        let mut draw = |k: u32| (rng.next_u64() % u64::from(k)) as u32;
        let mut weight: BTreeMap<(u32, u32), f64> = BTreeMap::new();
        let mut next = shared;
        for _ in 0..groups {
            let own = 2 + draw(6);
            let mut members: Vec<u32> = (next..next + own).collect();
            next += own;
            for _ in 0..1 + draw(3) {
                members.push(draw(shared));
            }
            members.sort_unstable();
            members.dedup();
            for (i, &a) in members.iter().enumerate() {
                for &b in &members[i + 1..] {
                    *weight.entry((a, b)).or_insert(0.0) += 1.0;
                }
            }
        }
        Graph::from_edges(
            next as usize,
            weight.into_iter().map(|((a, b), w)| (a, b, w)),
        )
        .unwrap()
    }

    /// Twins by the definition, pair by pair: same weight to every third node, and no edge
    /// between them or an edge (then both are in each other's closed neighbourhood).
    fn twins_by_definition(g: &Graph, u: usize, v: usize) -> bool {
        (0..g.n())
            .filter(|&x| x != u && x != v)
            .all(|x| g.edge_weight(u, x).map(f64::to_bits) == g.edge_weight(v, x).map(f64::to_bits))
    }

    #[test]
    fn twin_classes_are_the_pairs_of_the_definition() {
        for (g, name) in [
            (pooled(40, 15, 1), "pooled"),
            (gnm_weighted(60, 70, 3).unwrap(), "sparse random"),
        ] {
            let rep = twin_classes(&g);
            let mut checked = 0;
            for u in 0..g.n() {
                for v in u + 1..g.n() {
                    assert_eq!(
                        rep[u] == rep[v],
                        twins_by_definition(&g, u, v),
                        "{name}: {u} {v}"
                    );
                    checked += usize::from(rep[u] == rep[v]);
                }
                assert!(rep[u] as usize <= u && rep[rep[u] as usize] == rep[u]);
            }
            assert!(checked > 10, "{name}: only {checked} twin pairs");
        }
        // Two PTCEs {0, 1, 2} and {2, 3, 4}: 0–1 and 3–4 are twins, 2 is not.
        let g = Graph::from_edges(
            5,
            [
                (0, 1, 1.0),
                (0, 2, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (2, 4, 1.0),
                (3, 4, 1.0),
            ],
        )
        .unwrap();
        assert_eq!(twin_classes(&g), vec![0, 0, 2, 3, 3]);
        assert_eq!(
            cheaper_of_sample_and_exact(&g, 5, 0),
            (
                BetweennessSampling {
                    sources: 5,
                    seed: 0
                },
                3
            )
        );
    }

    #[test]
    fn one_pass_per_twin_class_gives_the_exact_and_the_sampled_values() {
        let g = pooled(150, 40, 7);
        let n = g.n();
        let classes = cheaper_of_sample_and_exact(&g, g.n(), 0).1;
        assert!(classes * 2 < n, "{classes} classes of {n} nodes");
        let close = |a: &[Option<f64>], b: &[Option<f64>]| {
            a.iter()
                .zip(b)
                .all(|(x, y)| (x.unwrap() - y.unwrap()).abs() <= 1e-12 * y.unwrap().max(1.0))
        };
        // All sources: the exact values of one Brandes pass per node.
        let all = BetweennessSampling {
            sources: n,
            seed: 2,
        };
        assert!(close(
            &betweenness_sampled(&g, &all, false),
            &betweenness(&g)
        ));
        assert!(close(
            &betweenness_sampled(&g, &all, true),
            &betweenness_weighted(&g)
        ));
        // A sample: the plain sum over the drawn sources, rescaled as networkx does.
        let s = BetweennessSampling {
            sources: 90,
            seed: 5,
        };
        let sources = sample_sources(n, 90, 5);
        for weighted in [false, true] {
            let plain = if weighted {
                weighted_dependency_sums(&g, &sources)
            } else {
                dependency_sums(&g, &sources)
            };
            let nm2 = n as f64 - 2.0;
            let expected: Vec<Option<f64>> = plain
                .iter()
                .enumerate()
                .map(|(v, b)| {
                    let k = if sources.binary_search(&(v as u32)).is_ok() {
                        89.0
                    } else {
                        90.0
                    };
                    Some(b / (k * nm2))
                })
                .collect();
            assert!(close(&betweenness_sampled(&g, &s, weighted), &expected));
        }
        // Bitwise the same with 1 and 4 threads.
        let run = |t| {
            crate::test_support::with_threads(t, || {
                (
                    betweenness_sampled(&g, &all, true),
                    betweenness_sampled(&g, &s, false),
                )
            })
        };
        assert_eq!(run(1), run(4));
    }

    #[test]
    fn sampled_values_stay_within_the_hoeffding_bound() {
        // ε = 0.1, δ = 0.1 on 700-odd nodes: k = ⌈ln(2n/δ)/(2ε²)⌉ + 1 ≈ 470 sources; every
        // node's estimate must be within ε of the exact value, for every seed tried (each
        // seed fails with probability ≤ δ; the largest error is printed).
        let g = pooled(140, 30, 11);
        let n = g.n();
        let k = sample_size_for(n, 0.1, 0.1).unwrap();
        let (plan, passes) = cheaper_of_sample_and_exact(&g, k, 0);
        assert!(
            k < n && plan.sources == k && passes < k,
            "n {n}, k {k}, {passes} passes"
        );
        let exact = [betweenness(&g), betweenness_weighted(&g)];
        let mut worst: f64 = 0.0;
        for seed in 0..4 {
            let s = BetweennessSampling { sources: k, seed };
            for (weighted, exact) in [false, true].into_iter().zip(&exact) {
                for (e, x) in betweenness_sampled(&g, &s, weighted).iter().zip(exact) {
                    worst = worst.max((e.unwrap() - x.unwrap()).abs());
                }
            }
        }
        println!("largest error {worst} (bound 0.1)");
        assert!(worst <= 0.1, "largest error {worst} above ε = 0.1");
        assert!(worst > 0.0);
    }

    #[test]
    fn sources_are_distinct_sorted_and_seeded() {
        let a = sample_sources(1000, 50, 9);
        assert_eq!(a.len(), 50);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(a, sample_sources(1000, 50, 9));
        assert_ne!(a, sample_sources(1000, 50, 10));
    }
}
