//! Cliff's delta, a rank-based effect size for two independent samples, with the magnitude labels
//! of Romano et al. (2006).
//!
//! δ = (#{(i, j): aᵢ > bⱼ} − #{(i, j): aᵢ < bⱼ}) / (n_a·n_b), in [−1, 1]; δ = 2U₁/(n_a n_b) − 1.
//! Values that differ only by float rounding count as equal (the tie rule of [`super::rank`]).
//! Magnitude of |δ|: negligible < 0.147 ≤ small < 0.33 ≤ medium < 0.474 ≤ large.
//!
//! References: Cliff, N. (1993). Dominance statistics: ordinal analyses to answer ordinal
//! questions. *Psychological Bulletin* 114(3), 494–509. Romano, J., Kromrey, J. D., Coraggio, J. &
//! Skowronek, J. (2006). Appropriate statistics for ordinal level data: should we really be using
//! t-test and Cohen's d for evaluating group differences on the NSSE and other surveys? Annual
//! meeting of the Florida Association of Institutional Research.

use std::cmp::Ordering;

use super::all_finite;

/// Magnitude class of |δ| (Romano et al. 2006).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Magnitude {
    /// |δ| < 0.147.
    Negligible,
    /// 0.147 ≤ |δ| < 0.33.
    Small,
    /// 0.33 ≤ |δ| < 0.474.
    Medium,
    /// |δ| ≥ 0.474.
    Large,
}

impl Magnitude {
    /// Class of an effect size δ (its absolute value is used).
    pub fn of(delta: f64) -> Magnitude {
        let d = delta.abs();
        if d < 0.147 {
            Magnitude::Negligible
        } else if d < 0.33 {
            Magnitude::Small
        } else if d < 0.474 {
            Magnitude::Medium
        } else {
            Magnitude::Large
        }
    }

    /// Lower-case label used in output tables (`negligible`, `small`, `medium`, `large`).
    pub fn label(self) -> &'static str {
        match self {
            Magnitude::Negligible => "negligible",
            Magnitude::Small => "small",
            Magnitude::Medium => "medium",
            Magnitude::Large => "large",
        }
    }
}

/// Cliff's delta and its magnitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CliffsDelta {
    /// δ in [−1, 1]; positive when values of `a` tend to exceed those of `b`.
    pub delta: f64,
    /// Magnitude class of |δ|.
    pub magnitude: Magnitude,
}

/// Cliff's delta of `a` against `b`.
///
/// # Arguments
/// * `a`, `b` - the two samples.
///
/// # Returns
/// `Some(CliffsDelta)`; `None` if a sample is empty or holds a non-finite value.
///
/// # Complexity
/// O((n_a + n_b) log n_b): each value of `a` is located in the sorted `b` by binary search.
///
/// # Examples
/// ```
/// use ptce::stats::{cliffs_delta, Magnitude};
/// let c = cliffs_delta(&[3.0, 4.0, 5.0], &[1.0, 2.0, 4.0]).unwrap();
/// // greater pairs 3>1,3>2,4>1,4>2,5>1,5>2,5>4 = 7; smaller 3<4 = 1 → δ = 6/9.
/// assert!((c.delta - 6.0 / 9.0).abs() < 1e-15);
/// assert_eq!(c.magnitude, Magnitude::Large);
/// ```
pub fn cliffs_delta(a: &[f64], b: &[f64]) -> Option<CliffsDelta> {
    if a.is_empty() || b.is_empty() || !all_finite(a) || !all_finite(b) {
        return None;
    }
    // Values that differ only by rounding are ties (the tie rule of `super::rank`).
    let pooled: Vec<f64> = a.iter().chain(b).copied().collect();
    let snapped = super::rank::snap_ties(&pooled);
    let (a, b) = snapped.split_at(a.len());
    let mut sb = b.to_vec();
    sb.sort_by(f64::total_cmp);
    let (mut greater, mut less) = (0u64, 0u64);
    for &x in a {
        // Number of b strictly below x, and strictly above x.
        let below = sb.partition_point(|&v| v.partial_cmp(&x) == Some(Ordering::Less));
        let not_above = sb.partition_point(|&v| v <= x);
        greater += below as u64;
        less += (sb.len() - not_above) as u64;
    }
    let delta = (greater as f64 - less as f64) / (a.len() as f64 * b.len() as f64);
    Some(CliffsDelta {
        delta,
        magnitude: Magnitude::of(delta),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Definition, pair by pair.
    fn naive(a: &[f64], b: &[f64]) -> f64 {
        let mut s = 0i64;
        for x in a {
            for y in b {
                s += (x > y) as i64 - (x < y) as i64;
            }
        }
        s as f64 / (a.len() * b.len()) as f64
    }

    #[test]
    fn hand_computed_cases() {
        // Hand computation with ties: a = 1 2 2 5, b = 2 3.
        // pairs: 1<2,1<3 (−2); 2=2,2<3 (−1) twice; 5>2,5>3 (+2) → −2 −1 −1 +2 = −2 → δ = −2/8.
        let c = cliffs_delta(&[1.0, 2.0, 2.0, 5.0], &[2.0, 3.0]).unwrap();
        assert_eq!(c.delta, -0.25);
        assert_eq!(c.magnitude, Magnitude::Small);
        // Complete separation: δ = ±1.
        assert_eq!(
            cliffs_delta(&[5.0, 6.0], &[1.0, 2.0, 3.0]).unwrap().delta,
            1.0
        );
        assert_eq!(cliffs_delta(&[1.0], &[2.0, 3.0]).unwrap().delta, -1.0);
        // All equal: δ = 0, negligible.
        let c = cliffs_delta(&[4.0; 3], &[4.0; 5]).unwrap();
        assert_eq!((c.delta, c.magnitude), (0.0, Magnitude::Negligible));
        let a = [0.3, 1.7, 2.2, 2.2, 9.0, -1.0, 4.4];
        let b = [2.2, 0.3, 5.5, 1.0, 1.0];
        assert_eq!(cliffs_delta(&a, &b).unwrap().delta, naive(&a, &b));
    }

    #[test]
    fn thresholds_of_romano() {
        assert_eq!(Magnitude::of(0.146_999), Magnitude::Negligible);
        assert_eq!(Magnitude::of(-0.147), Magnitude::Small);
        assert_eq!(Magnitude::of(0.329_999), Magnitude::Small);
        assert_eq!(Magnitude::of(0.33), Magnitude::Medium);
        assert_eq!(Magnitude::of(0.473_999), Magnitude::Medium);
        assert_eq!(Magnitude::of(-0.474), Magnitude::Large);
        assert_eq!(Magnitude::Large.label(), "large");
    }

    #[test]
    fn refuses_bad_input() {
        assert!(cliffs_delta(&[], &[1.0]).is_none());
        assert!(cliffs_delta(&[1.0], &[f64::INFINITY]).is_none());
    }
}
