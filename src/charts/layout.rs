//! Seeded force-directed layout (Fruchterman–Reingold), computed once on the union of a PTCE's
//! stage networks so that every organization keeps its place from panel to panel.
//!
//! Reference: T. M. J. Fruchterman and E. M. Reingold (1991), *Graph drawing by force-directed
//! placement*, Software: Practice and Experience 21(11), 1129–1164. A weak gravity towards the
//! centre keeps disconnected components in view.

use crate::stats::rng::{fnv1a, mixed_stream, unit};
use std::collections::BTreeMap;

/// Stream domain of the layouts (distinct from the other seeded tasks of the project).
const LAYOUT_DOMAIN: u64 = 0x4C41_594F_5554; // "LAYOUT"

/// The task index of the layout of PTCE `id` (its FNV-1a hash).
pub fn task_index(id: &str) -> u64 {
    fnv1a(id.as_bytes())
}

/// Lays out `n` nodes joined by weighted `edges` (indices into `0..n`).
///
/// # Arguments
/// * `n` — number of nodes (the union of all stages).
/// * `edges` — `(i, j, weight)`; weights ≤ 0 or not finite count as 1; self-loops are ignored.
/// * `seed`, `task` — the initial positions come from the `Pcg64` stream (seed, task).
///
/// # Returns
/// One position per node, each coordinate scaled into `[0, 1]` (a single node sits at the centre).
///
/// # Complexity
/// O(iterations · (n² + m)) with 300 iterations; sequential and deterministic.
///
/// # Examples
/// ```
/// use ptce::charts::layout::fruchterman_reingold;
/// let pos = fruchterman_reingold(3, &[(0, 1, 1.0), (1, 2, 1.0)], 7, 0);
/// assert_eq!(pos, fruchterman_reingold(3, &[(0, 1, 1.0), (1, 2, 1.0)], 7, 0));
/// assert!(pos.iter().all(|(x, y)| (0.0..=1.0).contains(x) && (0.0..=1.0).contains(y)));
/// ```
pub fn fruchterman_reingold(
    n: usize,
    edges: &[(usize, usize, f64)],
    seed: u64,
    task: u64,
) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(0.5, 0.5)];
    }
    let mut rng = mixed_stream(seed, LAYOUT_DOMAIN, task);
    let mut pos: Vec<(f64, f64)> = (0..n).map(|_| (unit(&mut rng), unit(&mut rng))).collect();
    let k = (1.0 / n as f64).sqrt();
    let iterations = 300;
    let mut temp = 0.1;
    let cool = temp / (iterations as f64 + 1.0);
    let max_w = edges
        .iter()
        .map(|e| e.2)
        .filter(|w| w.is_finite() && *w > 0.0)
        .fold(1.0, f64::max);
    let mut disp = vec![(0.0, 0.0); n];
    for _ in 0..iterations {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d2 = (dx * dx + dy * dy).max(1e-9);
                let f = k * k / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for &(i, j, w) in edges {
            if i == j || i >= n || j >= n {
                continue;
            }
            let w = if w.is_finite() && w > 0.0 { w } else { 1.0 };
            let w = 0.5 + 0.5 * w / max_w;
            let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
            let d = (dx * dx + dy * dy).sqrt().max(1e-9);
            let f = w * d / k;
            disp[i].0 -= dx * f;
            disp[i].1 -= dy * f;
            disp[j].0 += dx * f;
            disp[j].1 += dy * f;
        }
        for i in 0..n {
            // Gravity towards the centre (0.5, 0.5).
            disp[i].0 -= (pos[i].0 - 0.5) * 2.0 * k;
            disp[i].1 -= (pos[i].1 - 0.5) * 2.0 * k;
            let (dx, dy) = disp[i];
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 {
                let s = len.min(temp) / len;
                pos[i].0 += dx * s;
                pos[i].1 += dy * s;
            }
        }
        temp -= cool;
    }
    normalize(&mut pos);
    pos
}

/// The layout of one PTCE as its network figure draws it: every organization of the union of
/// its snapshots placed once, so that it keeps its place from stage to stage (the figures and
/// the report's explorer share it).
///
/// # Arguments
/// * `nodes` — organization ids of the nodes of every snapshot (repeats allowed).
/// * `edges` — `(source, target, weight)` of every snapshot; the union keeps, per pair, the
///   largest weight; endpoints join the organizations.
/// * `seed`, `id` — the seed of the run and the PTCE id ([`task_index`]).
///
/// # Returns
/// Organization id → position in `[0, 1]²`.
///
/// # Complexity
/// O(k log k) to build the union, then [`fruchterman_reingold`] on it.
///
/// # Examples
/// ```
/// use ptce::charts::layout::union_layout;
/// let pos = union_layout(["a", "b"].into_iter(), [("b", "c", 1.0)].into_iter(), 7, "P1");
/// assert_eq!(pos.len(), 3);
/// ```
pub fn union_layout<'a>(
    nodes: impl Iterator<Item = &'a str>,
    edges: impl Iterator<Item = (&'a str, &'a str, f64)> + Clone,
    seed: u64,
    id: &str,
) -> BTreeMap<String, (f64, f64)> {
    let mut orgs: Vec<&str> = nodes.collect();
    orgs.extend(edges.clone().flat_map(|(a, b, _)| [a, b]));
    orgs.sort_unstable();
    orgs.dedup();
    let index: BTreeMap<&str, usize> = orgs.iter().enumerate().map(|(i, o)| (*o, i)).collect();
    let mut union: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (a, b, w) in edges {
        if let (Some(&i), Some(&j)) = (index.get(a), index.get(b)) {
            let e = union.entry((i.min(j), i.max(j))).or_insert(0.0);
            *e = e.max(w);
        }
    }
    let edges: Vec<(usize, usize, f64)> = union.iter().map(|(&(i, j), &w)| (i, j, w)).collect();
    let pos = fruchterman_reingold(orgs.len(), &edges, seed, task_index(id));
    orgs.into_iter().map(str::to_string).zip(pos).collect()
}

/// Scales each coordinate into `[0, 1]`; a coordinate with no spread is set to 0.5.
fn normalize(pos: &mut [(f64, f64)]) {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (x, y) in pos.iter() {
        x0 = x0.min(*x);
        x1 = x1.max(*x);
        y0 = y0.min(*y);
        y1 = y1.max(*y);
    }
    for (x, y) in pos.iter_mut() {
        *x = if x1 > x0 { (*x - x0) / (x1 - x0) } else { 0.5 };
        *y = if y1 > y0 { (*y - y0) / (y1 - y0) } else { 0.5 };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_and_separating() {
        let edges = [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0), (3, 4, 2.0)];
        let a = fruchterman_reingold(5, &edges, 42, task_index("P01"));
        assert_eq!(a, fruchterman_reingold(5, &edges, 42, task_index("P01")));
        assert_ne!(a, fruchterman_reingold(5, &edges, 43, task_index("P01")));
        // No two nodes on top of each other (distance > 5 % of the frame).
        for i in 0..5 {
            for j in (i + 1)..5 {
                let d = ((a[i].0 - a[j].0).powi(2) + (a[i].1 - a[j].1).powi(2)).sqrt();
                assert!(d > 0.05, "nodes {i} and {j} collide: {d}");
            }
        }
        // Tied nodes are closer than untied ones on average.
        let dist =
            |i: usize, j: usize| ((a[i].0 - a[j].0).powi(2) + (a[i].1 - a[j].1).powi(2)).sqrt();
        assert!(dist(3, 4) < (dist(0, 3) + dist(1, 4) + dist(2, 3)) / 3.0);
    }

    #[test]
    fn degenerate_sizes() {
        assert!(fruchterman_reingold(0, &[], 1, 0).is_empty());
        assert_eq!(fruchterman_reingold(1, &[], 1, 0), vec![(0.5, 0.5)]);
    }
}
