//! Average ranks with tie bookkeeping, as `scipy.stats.rankdata(method="average")`.

use std::cmp::Ordering;

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

/// Average ranks of `x` (1-based), as `scipy.stats.rankdata(x, method="average")`.
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
}
