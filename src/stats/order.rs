//! Content order (issue 24): an order of rows, samples or groups fixed by their values, never by
//! their position in the input or by their labels, so that every sum of floats runs in the same
//! order when the rows of an input table are shuffled or its identifiers renamed. Float addition
//! is not associative: the same numbers summed in another order can differ in the last bits.
//!
//! The statistical engines (`models`, `hazards`, `relations::clogit`, `events`, the summaries of
//! this module) sort their rows by [`content_order`] on entry, with a comparison that looks at
//! every value the computation uses; rows that compare equal are then interchangeable, so the
//! stable sort's keeping of their input order changes no result. Groups whose order no value
//! fixes (clusters, networks) are summed after sorting their per-group sums with
//! [`sort_rows`]. Single sums of independent terms use [`content_sum`].
//!
//! Bitwise order: values compare by `f64::total_cmp` (−0 before +0, NaN never present: the
//! callers refuse non-finite values first).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rayon::prelude::*;

/// Lexicographic bitwise order of two rows of floats (`f64::total_cmp` value by value, then the
/// shorter row first).
///
/// # Arguments
/// * `a`, `b` - the rows.
///
/// # Returns
/// Their order.
///
/// # Complexity
/// O(min(|a|, |b|)).
///
/// # Examples
/// ```
/// use std::cmp::Ordering;
/// use ptce::stats::order::cmp_values;
/// assert_eq!(cmp_values(&[1.0, 2.0], &[1.0, 3.0]), Ordering::Less);
/// assert_eq!(cmp_values(&[-0.0], &[0.0]), Ordering::Less);
/// ```
pub fn cmp_values(a: &[f64], b: &[f64]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        match x.total_cmp(y) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    a.len().cmp(&b.len())
}

/// The indices `0..n` sorted by `cmp` (a stable sort).
///
/// # Arguments
/// * `n` - number of rows.
/// * `cmp` - order of two rows by content; it must compare every value the caller's
///   computation reads, so that rows it calls equal are interchangeable.
///
/// # Returns
/// `order`, with `order[r]` the input index of the row placed at rank `r`.
///
/// # Complexity
/// O(n log n) comparisons.
///
/// # Examples
/// ```
/// use ptce::stats::order::content_order;
/// let y: [f64; 3] = [3.0, 1.0, 2.0];
/// assert_eq!(content_order(3, |i, j| y[i].total_cmp(&y[j])), vec![1, 2, 0]);
/// ```
pub fn content_order(n: usize, mut cmp: impl FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| cmp(i, j));
    order
}

/// The elements of `v` in the order `order` (from [`content_order`]).
///
/// # Arguments
/// * `v` - values, one per row.
/// * `order` - a permutation of `0..v.len()`.
///
/// # Returns
/// `out[r] = v[order[r]]`.
///
/// # Complexity
/// O(n) clones.
pub fn permute<T: Clone>(v: &[T], order: &[usize]) -> Vec<T> {
    order.iter().map(|&i| v[i].clone()).collect()
}

/// Rows grouped by label (strata, networks), each group's rows in content order and the groups
/// in content order: ranked by their rows compared one by one with `cmp`, then by size, never
/// by their labels. Groups equal row for row are interchangeable.
///
/// # Arguments
/// * `n` - number of rows.
/// * `label` - the group label of each row.
/// * `cmp` - order of two rows by content (as for [`content_order`]).
///
/// # Returns
/// `(label, rows)` per group, in content order.
///
/// # Complexity
/// O(n log n) comparisons, plus O(n log g) to sort the g groups.
///
/// # Examples
/// ```
/// use ptce::stats::order::content_groups;
/// let y: [f64; 4] = [5.0, 1.0, 2.0, 0.5];
/// let groups = content_groups(4, |i| [7, 7, 3, 3][i], |i, j| y[i].total_cmp(&y[j]));
/// assert_eq!(groups, vec![(3, vec![3, 2]), (7, vec![1, 0])]);
/// ```
pub fn content_groups<L: Ord + Copy + Send>(
    n: usize,
    label: impl Fn(usize) -> L,
    cmp: impl Fn(usize, usize) -> Ordering + Copy + Sync,
) -> Vec<(L, Vec<usize>)> {
    // Each group sorted on its own (in parallel) is the global stable sort restricted to the
    // group: both order its rows by (content, index). Sorting within groups keeps the
    // comparisons among rows of one stratum, which lie close together in memory.
    let mut groups: BTreeMap<L, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        groups.entry(label(i)).or_default().push(i);
    }
    let mut groups: Vec<(L, Vec<usize>)> = groups.into_iter().collect();
    groups
        .par_iter_mut()
        .for_each(|(_, rows)| rows.sort_by(|&i, &j| cmp(i, j)));
    groups.sort_by(|(_, a), (_, b)| {
        a.iter()
            .zip(b)
            .map(|(&i, &j)| cmp(i, j))
            .find(|o| o.is_ne())
            .unwrap_or(a.len().cmp(&b.len()))
    });
    groups
}

/// Sorts rows of floats by [`cmp_values`], e.g. per-cluster score sums before their outer
/// products are added.
///
/// # Arguments
/// * `rows` - the rows, sorted in place.
///
/// # Complexity
/// O(n log n) comparisons of O(k).
pub fn sort_rows(rows: &mut [Vec<f64>]) {
    rows.sort_by(|a, b| cmp_values(a, b));
}

/// Sum of values in increasing (bitwise) order: the same result for any order of the terms.
///
/// # Arguments
/// * `values` - the terms.
///
/// # Returns
/// Their sum, added from the smallest to the largest (0 when there is none).
///
/// # Complexity
/// O(n log n).
///
/// # Examples
/// ```
/// use ptce::stats::order::content_sum;
/// let a = content_sum([0.1, 1e16, 0.2, -1e16]);
/// assert_eq!(a, content_sum([-1e16, 0.2, 1e16, 0.1]));
/// ```
pub fn content_sum(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.into_iter().collect();
    v.sort_by(f64::total_cmp);
    v.iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_do_not_depend_on_the_order_of_their_terms() {
        // Plain sums: a gives 0 (0.6 absorbed by 1e16), b gives 0.1 + 0.2 (added after the
        // large terms cancel). Increasing order: −1e16 absorbs 0.1, 0.2, 0.3, then + 1e16 = 0.
        let a = [0.1, 0.2, 0.3, 1e16, -1e16];
        let b = [-1e16, 0.3, 1e16, 0.2, 0.1];
        assert_ne!(a.iter().sum::<f64>(), b.iter().sum::<f64>());
        assert_eq!(content_sum(a).to_bits(), content_sum(b).to_bits());
        assert_eq!(content_sum(a), 0.0);
        assert_eq!(content_sum([]), 0.0);
    }

    /// Groups sorted one by one are the groups of the global stable sort: many equal rows
    /// (ties kept in index order), labels interleaved, groups equal row for row.
    #[test]
    fn groups_sorted_alone_are_the_groups_of_the_global_sort() {
        let mut state = 7u64;
        let mut next = |m: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) % m
        };
        for case in 0..30 {
            let n = 1 + next(3000) as usize;
            let labels: Vec<u32> = (0..n).map(|_| next(1 + case * 7) as u32).collect();
            let rows: Vec<[f64; 3]> = (0..n)
                .map(|_| {
                    [
                        next(2) as f64,
                        next(3) as f64 - 1.0,
                        if next(2) == 0 { 0.0 } else { -0.0 },
                    ]
                })
                .collect();
            let cmp = |i: usize, j: usize| cmp_values(&rows[i], &rows[j]);
            let mut global: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
            for i in content_order(n, cmp) {
                global.entry(labels[i]).or_default().push(i);
            }
            let mut want: Vec<(u32, Vec<usize>)> = global.into_iter().collect();
            want.sort_by(|(_, a), (_, b)| {
                a.iter()
                    .zip(b)
                    .map(|(&i, &j)| cmp(i, j))
                    .find(|o| o.is_ne())
                    .unwrap_or(a.len().cmp(&b.len()))
            });
            let got = content_groups(n, |i| labels[i], cmp);
            assert_eq!(got, want, "case {case}");
            // Ties in content exist, so index order among them is what is tested.
            assert!(
                n < 50
                    || got
                        .iter()
                        .any(|(_, r)| r.windows(2).any(|w| cmp(w[0], w[1]).is_eq()))
            );
        }
    }

    #[test]
    fn rows_order_lexicographically_and_bitwise() {
        let mut rows = vec![vec![1.0, 2.0], vec![0.0, 5.0], vec![1.0], vec![-0.0, 9.0]];
        sort_rows(&mut rows);
        assert_eq!(
            rows,
            vec![vec![-0.0, 9.0], vec![0.0, 5.0], vec![1.0], vec![1.0, 2.0]]
        );
        assert!(rows[0][0].is_sign_negative());
        let y: [f64; 4] = [2.0, 1.0, 2.0, 0.0];
        let order = content_order(4, |i, j| y[i].total_cmp(&y[j]));
        assert_eq!(order, vec![3, 1, 0, 2]);
        assert_eq!(
            permute(&['a', 'b', 'c', 'd'], &order),
            vec!['d', 'b', 'a', 'c']
        );
    }
}
