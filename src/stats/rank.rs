//! Average ranks with tie bookkeeping, as `scipy.stats.rankdata(method="average")`, with one
//! departure: values that differ only by float rounding are ties.
//!
//! **Tie rule** (issue 16): sort the values, then chain neighbours whose difference is within
//! [`TIE_RELATIVE`] of the larger magnitude or within [`TIE_ABSOLUTE`] into one tie group. Plain
//! "equal within a tolerance" is not transitive; chaining sorted neighbours is, and it depends
//! only on the multiset of values (never on their order or labels). On values that are exactly
//! equal or farther apart than the tolerance it is scipy's rule, so the scipy oracle cases are
//! unchanged. A sum computed in another order (one ulp away) can therefore no longer split a tie
//! and change a p-value between identical rankings.

use std::cmp::Ordering;

/// Relative tolerance of the tie rule: neighbours within 1e-12 · max(|x|, |y|) are tied.
pub const TIE_RELATIVE: f64 = 1e-12;
/// Absolute tolerance of the tie rule: neighbours within 1e-15 are tied (values near 0).
pub const TIE_ABSOLUTE: f64 = 1e-15;

/// True when two sorted neighbours `lo ≤ hi` belong to one tie group.
pub fn tied(lo: f64, hi: f64) -> bool {
    let d = hi - lo;
    d <= TIE_ABSOLUTE || d <= TIE_RELATIVE * lo.abs().max(hi.abs())
}

/// The values with every tie group (see the module's tie rule) replaced by its smallest member,
/// in input order: afterwards ties are exact, so that comparisons (`>`, `==`) agree with ranks.
///
/// # Arguments
/// * `x` - values; must not contain NaN (the caller checks).
///
/// # Returns
/// A vector of the same length.
///
/// # Complexity
/// O(n log n).
pub fn snap_ties(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&i, &j| x[i].total_cmp(&x[j]).then(i.cmp(&j)));
    let mut out = x.to_vec();
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && tied(x[order[end - 1]], x[order[end]]) {
            end += 1;
        }
        let low = x[order[start]];
        for &i in &order[start..end] {
            out[i] = low;
        }
        start = end;
    }
    out
}

/// Ranks of a sample with ties given their average rank, and the sizes of the tie groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranks {
    /// Rank of each input value, in input order (1-based; ties share their average rank).
    pub ranks: Vec<f64>,
    /// Size of every group of equal values, in increasing order of value (1 for untied values).
    pub tie_sizes: Vec<usize>,
}

impl Ranks {
    /// Σ (t³ − t) over the tie groups, the usual tie-correction term.
    pub fn tie_term(&self) -> f64 {
        self.tie_sizes
            .iter()
            .map(|&t| {
                let t = t as f64;
                t * t * t - t
            })
            .sum()
    }

    /// True when at least two values are equal.
    pub fn has_ties(&self) -> bool {
        self.tie_sizes.iter().any(|&t| t > 1)
    }
}

/// Average ranks of `x` (1-based), as `scipy.stats.rankdata(x, method="average")`, ties by the
/// module's tie rule.
///
/// # Arguments
/// * `x` - values; must not contain NaN (the caller checks).
///
/// # Returns
/// The ranks in input order and the tie-group sizes.
///
/// # Complexity
/// O(n log n).
pub fn average_ranks(x: &[f64]) -> Ranks {
    let snapped = snap_ties(x);
    let x = snapped.as_slice();
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&i, &j| x[i].partial_cmp(&x[j]).unwrap_or(Ordering::Equal));
    let mut ranks = vec![0.0; x.len()];
    let mut tie_sizes = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && x[order[end]] == x[order[start]] {
            end += 1;
        }
        // Positions start..end (0-based) share ranks start+1..=end: their mean is (start+1+end)/2.
        let avg = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = avg;
        }
        tie_sizes.push(end - start);
        start = end;
    }
    Ranks { ranks, tie_sizes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_with_ties() {
        // Hand computation: sorted 1, 2, 2, 3, 5, 5, 5 → ranks 1, 2.5, 2.5, 4, 6, 6, 6.
        let r = average_ranks(&[5.0, 2.0, 1.0, 5.0, 3.0, 2.0, 5.0]);
        assert_eq!(r.ranks, vec![6.0, 2.5, 1.0, 6.0, 4.0, 2.5, 6.0]);
        assert_eq!(r.tie_sizes, vec![1, 2, 1, 3]);
        assert_eq!(r.tie_term(), 6.0 + 24.0);
        assert!(r.has_ties());
        assert!(!average_ranks(&[1.0, 2.0]).has_ties());
    }

    #[test]
    fn rounding_differences_are_ties() {
        // 0.1 + 0.2 and 0.3 differ by one ulp: one tie group, as 0.3 and 0.3.
        let r = average_ranks(&[0.1 + 0.2, 0.3, 1.0]);
        assert_eq!(r.ranks, vec![1.5, 1.5, 3.0]);
        // Relative 1e-13 apart: tied; 1e-11 apart: not.
        assert!(average_ranks(&[1.0, 1.0 + 1e-13]).has_ties());
        assert!(!average_ranks(&[1.0, 1.0 + 1e-11]).has_ties());
        // Near zero the absolute tolerance applies.
        assert!(average_ranks(&[0.0, 5e-16]).has_ties());
        assert!(!average_ranks(&[0.0, 5e-15]).has_ties());
    }

    #[test]
    fn chaining_is_transitive_and_order_free() {
        // a ~ b and b ~ c but a and c are 1.6e-12 apart relative: one chain of three.
        let (a, b, c) = (1.0, 1.0 + 8e-13, 1.0 + 1.6e-12);
        let r = average_ranks(&[c, a, b, 2.0]);
        assert_eq!(r.tie_sizes, vec![3, 1]);
        assert_eq!(snap_ties(&[c, a, b]), vec![a, a, a]);
        assert_eq!(snap_ties(&[b, c, a]), vec![a, a, a]);
    }
}
