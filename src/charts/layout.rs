//! Seeded force-directed layout (Fruchterman–Reingold), computed once on the union of a PTCE's
//! stage networks so that every organization keeps its place from panel to panel.
//!
//! Reference: T. M. J. Fruchterman and E. M. Reingold (1991), *Graph drawing by force-directed
//! placement*, Software: Practice and Experience 21(11), 1129–1164. A weak gravity towards the
//! centre keeps disconnected components in view. Organizations without any tie are not left to
//! it: pushed away by every other node and held by gravity alone, one such isolate settles far
//! from the rest, and scaling the drawing into the frame then squeezes every tied organization
//! into a corner. They are set in rows along the bottom of the frame instead
//! ([`layout_with_isolates`]), as a drawing by hand would set them apart.

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

/// Isolates per row at most, below [`ISOLATE_ROWS`] rows: wider rows only when there are more.
const ISOLATES_PER_ROW: usize = 10;
/// Rows of isolates at most (their spacing shrinks beyond `ISOLATES_PER_ROW · ISOLATE_ROWS`).
const ISOLATE_ROWS: usize = 4;
/// Height of a row of isolates, and the gap above the first, as shares of the frame.
const ISOLATE_ROW_HEIGHT: f64 = 0.1;
const ISOLATE_GAP: f64 = 0.05;

/// Lays out `n` nodes joined by `edges` as the network figures do: the nodes with a tie by
/// [`fruchterman_reingold`] (on their own subgraph, same `seed` and `task`), scaled into the
/// upper part of the frame; the isolates — no tie, self-loops aside — in node order, in rows
/// centred along the bottom (`y = 1` for the first row, then upwards by 0.1), at most 10 a row
/// unless more than 40 (then 4 rows). Without isolates, or with isolates only, this is
/// [`fruchterman_reingold`] itself.
///
/// # Arguments
/// As [`fruchterman_reingold`].
///
/// # Returns
/// One position per node in `[0, 1]²`.
///
/// # Complexity
/// That of [`fruchterman_reingold`] on the tied nodes, plus O(n + m).
///
/// # Examples
/// ```
/// use ptce::charts::layout::layout_with_isolates;
/// // A triangle and an isolate: the isolate alone on the bottom row, centred.
/// let pos = layout_with_isolates(4, &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)], 7, 0);
/// assert_eq!(pos[3], (0.5, 1.0));
/// assert!(pos[..3].iter().all(|&(x, y)| (0.0..=1.0).contains(&x) && y <= 0.85));
/// ```
pub fn layout_with_isolates(
    n: usize,
    edges: &[(usize, usize, f64)],
    seed: u64,
    task: u64,
) -> Vec<(f64, f64)> {
    let mut tied = vec![false; n];
    for &(i, j, _) in edges {
        if i != j && i < n && j < n {
            tied[i] = true;
            tied[j] = true;
        }
    }
    let isolates: Vec<usize> = (0..n).filter(|&v| !tied[v]).collect();
    if isolates.is_empty() || isolates.len() == n {
        return fruchterman_reingold(n, edges, seed, task);
    }
    // The tied nodes, renumbered in node order, and their edges.
    let mut index = vec![usize::MAX; n];
    let members: Vec<usize> = (0..n).filter(|&v| tied[v]).collect();
    for (k, &v) in members.iter().enumerate() {
        index[v] = k;
    }
    let sub: Vec<(usize, usize, f64)> = edges
        .iter()
        .filter(|&&(i, j, _)| i != j && i < n && j < n)
        .map(|&(i, j, w)| (index[i], index[j], w))
        .collect();
    let inner = fruchterman_reingold(members.len(), &sub, seed, task);
    let q = isolates.len();
    let per_row = ISOLATES_PER_ROW.max(q.div_ceil(ISOLATE_ROWS));
    let rows = q.div_ceil(per_row);
    let band = rows as f64 * ISOLATE_ROW_HEIGHT + ISOLATE_GAP;
    let mut pos = vec![(0.5, 0.5); n];
    for (&v, &(x, y)) in members.iter().zip(&inner) {
        pos[v] = (x, y * (1.0 - band));
    }
    for (k, chunk) in isolates.chunks(per_row).enumerate() {
        let y = 1.0 - k as f64 * ISOLATE_ROW_HEIGHT;
        let centre = (chunk.len() as f64 - 1.0) / 2.0;
        for (i, &v) in chunk.iter().enumerate() {
            pos[v] = (0.5 + (i as f64 - centre) / per_row as f64, y);
        }
    }
    pos
}

/// The layout of one PTCE as its network figure draws it: every organization of the union of
/// its snapshots placed once, so that it keeps its place from stage to stage (the figures and
/// the report's explorer share it); organizations with no tie in any snapshot in rows along
/// the bottom ([`layout_with_isolates`]).
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
/// O(k log k) to build the union, then [`layout_with_isolates`] on it.
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
    let pos = layout_with_isolates(orgs.len(), &edges, seed, task_index(id));
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
    fn isolates_sit_in_rows_along_the_bottom() {
        // A 4-cycle (nodes 1, 3, 4, 6) and three isolates (0, 2, 5): the cycle is the layout of
        // its own subgraph, lifted above the row; the isolates in node order, centred, 0.1 apart.
        let edges = [
            (1, 3, 1.0),
            (3, 4, 2.0),
            (4, 6, 1.0),
            (6, 1, 1.0),
            (5, 5, 1.0),
        ];
        let pos = layout_with_isolates(7, &edges, 42, 9);
        let inner = fruchterman_reingold(
            4,
            &[(0, 1, 1.0), (1, 2, 2.0), (2, 3, 1.0), (3, 0, 1.0)],
            42,
            9,
        );
        for (k, v) in [1, 3, 4, 6].into_iter().enumerate() {
            assert_eq!(
                pos[v],
                (inner[k].0, inner[k].1 * (1.0 - (0.1 + 0.05))),
                "node {v}"
            );
        }
        let close = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-12 && a.1 == b.1;
        assert!(close(pos[0], (0.4, 1.0)), "{:?}", pos[0]);
        assert!(close(pos[2], (0.5, 1.0)), "{:?}", pos[2]);
        // Node 5 has only a self-loop, which is no tie.
        assert!(close(pos[5], (0.6, 1.0)), "{:?}", pos[5]);
        // Without isolates, or with nothing but isolates: the plain layout.
        let ring = [(0, 1, 1.0), (1, 2, 1.0), (2, 0, 1.0)];
        assert_eq!(
            layout_with_isolates(3, &ring, 5, 1),
            fruchterman_reingold(3, &ring, 5, 1)
        );
        assert_eq!(
            layout_with_isolates(4, &[], 5, 1),
            fruchterman_reingold(4, &[], 5, 1)
        );
    }

    #[test]
    fn many_isolates_keep_to_four_rows_and_never_collide() {
        for q in [1, 9, 10, 11, 40, 41, 97] {
            let n = q + 2;
            let pos = layout_with_isolates(n, &[(0, 1, 1.0)], 3, 4);
            let rows: std::collections::BTreeSet<u64> =
                pos[2..].iter().map(|p| p.1.to_bits()).collect();
            assert_eq!(rows.len(), q.div_ceil(10.max(q.div_ceil(4))), "q = {q}");
            assert!(rows.len() <= 4);
            let band = rows.len() as f64 * 0.1 + 0.05;
            assert!(
                pos[..2].iter().all(|p| p.1 <= 1.0 - band + 1e-12),
                "q = {q}"
            );
            for i in 2..n {
                assert!((0.0..=1.0).contains(&pos[i].0) && (0.0..=1.0).contains(&pos[i].1));
                for j in (i + 1)..n {
                    let d = (pos[i].0 - pos[j].0).hypot(pos[i].1 - pos[j].1);
                    assert!(d > 0.009, "isolates {i} and {j} of {q}: {d}");
                }
            }
        }
    }

    #[test]
    fn degenerate_sizes() {
        assert!(fruchterman_reingold(0, &[], 1, 0).is_empty());
        assert_eq!(fruchterman_reingold(1, &[], 1, 0), vec![(0.5, 0.5)]);
    }
}
