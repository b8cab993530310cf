use super::*;
use crate::structure::louvain;

#[test]
fn pair_decoding_covers_every_pair_once() {
    let e = decode_sorted(5, 0..10);
    let want: Vec<(u32, u32, f64)> = (0..5u32)
        .flat_map(|u| (u + 1..5).map(move |v| (u, v, 1.0)))
        .collect();
    assert_eq!(e, want);
}

#[test]
fn gnm_has_n_and_m() {
    let mut r = stream(1, NULL_GNM, 0);
    for m in [0, 1, 7, 45] {
        let g = gnm(10, m, &mut r).unwrap();
        assert_eq!((g.n(), g.m()), (10, m));
    }
    assert!(gnm(4, 7, &mut r).is_none());
}

/// Number of isomorphism classes of the graphs on n ≤ 6 nodes with m edges, by brute force:
/// every edge set, its canonical form the smallest bit mask over all node permutations.
fn classes(n: usize, m: usize) -> usize {
    let pair_list: Vec<(usize, usize)> = (0..n)
        .flat_map(|u| (u + 1..n).map(move |v| (u, v)))
        .collect();
    let index = |a: usize, b: usize| {
        let (a, b) = (a.min(b), a.max(b));
        pair_list.iter().position(|&p| p == (a, b)).unwrap()
    };
    // Every permutation of 0..n (Heap's algorithm), as a map of pair indices.
    let mut perm: Vec<usize> = (0..n).collect();
    let mut maps = Vec::new();
    let mut c = vec![0usize; n];
    let map_of =
        |p: &[usize]| -> Vec<usize> { pair_list.iter().map(|&(u, v)| index(p[u], p[v])).collect() };
    maps.push(map_of(&perm));
    let mut i = 0;
    while i < n {
        if c[i] < i {
            if i % 2 == 0 {
                perm.swap(0, i);
            } else {
                perm.swap(c[i], i);
            }
            maps.push(map_of(&perm));
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
    let mut seen = BTreeSet::new();
    for mask in 0u32..(1 << pair_list.len()) {
        if mask.count_ones() as usize != m {
            continue;
        }
        let canon = maps
            .iter()
            .map(|map| {
                (0..pair_list.len())
                    .filter(|&k| mask >> k & 1 == 1)
                    .fold(0u32, |acc, k| acc | 1 << map[k])
            })
            .min()
            .unwrap();
        seen.insert(canon);
    }
    seen.len()
}

#[test]
fn single_class_is_exactly_one_isomorphism_class() {
    for n in 0..=6 {
        for m in 0..=pairs(n) as usize {
            assert_eq!(single_class(n, m), classes(n, m) == 1, "n = {n}, m = {m}");
        }
        assert!(!single_class(n, pairs(n) as usize + 1));
    }
    // Hand counts: 2 edges on 4 nodes are a path or a matching; 3 edges: triangle, star, path.
    assert_eq!((classes(4, 2), classes(4, 3)), (2, 3));
}

#[test]
fn exact_baselines_are_the_bytes_of_the_sampled_ones() {
    // The oracle is the sampling itself (random labellings, Louvain seeds): every sample gives
    // the representative's values, so the repeated values equal the sampled ones bit for bit.
    let mut checked = 0;
    for n in (0..=16).chain([20, 31, 50, 78]) {
        let total = pairs(n) as usize;
        let mut ms = vec![0, 1, total.saturating_sub(1), total];
        ms.sort_unstable();
        ms.dedup();
        for m in ms.into_iter().filter(|&m| m <= total) {
            assert!(single_class(n, m));
            for s in [3, 17] {
                let exact = gnm_baseline(n, m, 24, s);
                let sampled = sampled_baseline(n, m, 24, s);
                let bits = |v: &[GnmValues]| -> Vec<[Option<u64>; 3]> {
                    v.iter().map(|x| x.map(|y| y.map(f64::to_bits))).collect()
                };
                assert_eq!(bits(&exact), bits(&sampled), "n = {n}, m = {m}, seed {s}");
                checked += 1;
            }
        }
    }
    assert!(checked > 70);
}

#[test]
fn exact_baselines_match_hand_computations() {
    // K4: transitivity 1, path length 1, one community (modularity 1 − 1 = 0).
    assert_eq!(
        gnm_baseline(4, 6, 3, 1),
        vec![[Some(1.0), Some(1.0), Some(0.0)]; 3]
    );
    // K4 − e: 2 triangles (6 closed triples) over Σ d(d−1) / 2 = 1 + 3 + 3 + 1 = 8 triples;
    // 5 pairs at distance 1 and 1 at distance 2 → 7 / 6; modularity 0.
    assert_eq!(
        gnm_baseline(4, 5, 2, 1),
        vec![[Some(0.75), Some(7.0 / 6.0), Some(0.0)]; 2]
    );
    // One edge: no triple, path length 1 in the edge, its community 1 − 4/4 = 0. No edge:
    // largest component a single node (path length 0), no modularity.
    assert_eq!(
        gnm_baseline(6, 1, 2, 1),
        vec![[Some(0.0), Some(1.0), Some(0.0)]; 2]
    );
    assert_eq!(gnm_baseline(6, 0, 1, 1), vec![[Some(0.0), Some(0.0), None]]);
    // m > C(n, 2): no graph.
    assert_eq!(gnm_baseline(3, 4, 2, 1), vec![[None; 3]; 2]);
}

#[test]
fn louvain_puts_complete_and_nearly_complete_graphs_in_one_community() {
    // Every missing edge of K_n (n ≤ 12) and several seeds: modularity exactly 0.
    for n in 2..=12usize {
        let all: Vec<(u32, u32, f64)> = decode_sorted(n, 0..pairs(n));
        for missing in 0..=all.len() {
            let edges = all
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != missing)
                .map(|(_, &e)| e);
            let g = Graph::from_edges(n, edges).unwrap();
            if g.m() == 0 {
                continue;
            }
            for seed in 0..4 {
                let l = louvain(&g, seed);
                assert_eq!(l.modularity, Some(0.0), "n = {n}, missing {missing}");
                assert_eq!(l.n_communities, 1);
            }
        }
    }
}
