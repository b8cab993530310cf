//! Descriptive statistics of one group: n, mean, standard deviation, median, quartiles, range.
//!
//! Quantiles use the linear-interpolation definition of numpy's default
//! (`np.quantile(x, q, method="linear")`, Hyndman & Fan 1996 type 7, R's default): with the sorted
//! values x₍₀₎ ≤ … ≤ x₍ₙ₋₁₎ and h = (n − 1)·q, the quantile is
//! x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).

use super::all_finite;

/// Descriptive statistics of a sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Number of values.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (denominator n − 1); `None` when n < 2.
    pub sd: Option<f64>,
    /// Median (mean of the two middle values when n is even).
    pub median: f64,
    /// First quartile (type 7).
    pub q1: f64,
    /// Third quartile (type 7).
    pub q3: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

/// Sorted copy of finite values, or `None` when empty or not all finite.
pub(crate) fn sorted_finite(x: &[f64]) -> Option<Vec<f64>> {
    if x.is_empty() || !all_finite(x) {
        return None;
    }
    let mut s = x.to_vec();
    s.sort_by(f64::total_cmp);
    Some(s)
}

/// Median of already sorted values (non-empty), as `numpy.median`.
pub(crate) fn median_sorted(s: &[f64]) -> f64 {
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

/// Type-7 quantile of already sorted values (non-empty), with numpy's interpolation rounding.
pub(crate) fn quantile_sorted(s: &[f64], q: f64) -> f64 {
    let h = (s.len() - 1) as f64 * q;
    let lo = h.floor();
    let i = lo as usize;
    if i + 1 >= s.len() {
        return s[s.len() - 1];
    }
    let t = h - lo;
    let (a, b) = (s[i], s[i + 1]);
    let diff = b - a;
    // numpy's `_lerp`: a + t·(b − a), or b − (1 − t)·(b − a) when t ≥ 1/2
    // (monotone, exact at both ends).
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// Median of a sample, as `numpy.median`.
///
/// # Arguments
/// * `x` - values.
///
/// # Returns
/// `Some(median)`; `None` if `x` is empty or holds a non-finite value.
///
/// # Complexity
/// O(n log n).
pub fn median(x: &[f64]) -> Option<f64> {
    sorted_finite(x).map(|s| median_sorted(&s))
}

/// Quantile of a sample by linear interpolation (Hyndman & Fan 1996 type 7, numpy's default).
///
/// # Arguments
/// * `x` - values.
/// * `q` - probability in [0, 1].
///
/// # Returns
/// `Some(quantile)`; `None` if `x` is empty, holds a non-finite value, or `q` is outside [0, 1].
///
/// # Complexity
/// O(n log n).
pub fn quantile_type7(x: &[f64], q: f64) -> Option<f64> {
    if !(0.0..=1.0).contains(&q) {
        return None;
    }
    sorted_finite(x).map(|s| quantile_sorted(&s, q))
}

/// Descriptive statistics of a sample: n, mean, sd (n − 1), median, q1, q3, min, max. Sums run
/// over the values in increasing order, so the result does not depend on the order of `x`.
///
/// # Arguments
/// * `x` - values (missing values already dropped).
///
/// # Returns
/// `Some(Summary)`; `None` if `x` is empty or holds a non-finite value.
///
/// # Complexity
/// O(n log n).
///
/// # Examples
/// ```
/// let s = ptce::stats::describe(&[1.0, 2.0, 3.0, 4.0]).unwrap();
/// assert_eq!((s.n, s.median, s.q1, s.q3), (4, 2.5, 1.75, 3.25));
/// ```
pub fn describe(x: &[f64]) -> Option<Summary> {
    let s = sorted_finite(x)?;
    let n = s.len();
    // Sums over the sorted values: the same bits for any order of `x` (`super::order`).
    let mean = s.iter().sum::<f64>() / n as f64;
    let sd = (n >= 2).then(|| {
        let ss: f64 = s.iter().map(|v| (v - mean) * (v - mean)).sum();
        (ss / (n - 1) as f64).sqrt()
    });
    Some(Summary {
        n,
        mean,
        sd,
        median: median_sorted(&s),
        q1: quantile_sorted(&s, 0.25),
        q3: quantile_sorted(&s, 0.75),
        min: s[0],
        max: s[n - 1],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_by_hand() {
        // x = 7, 1, 3, 10, 4: sorted 1 3 4 7 10; mean 5; ss = 16+4+1+4+25 = 50 → sd = √12.5;
        // q1: h = 1 → 3; q3: h = 3 → 7.
        let s = describe(&[7.0, 1.0, 3.0, 10.0, 4.0]).unwrap();
        assert_eq!(s.n, 5);
        assert_eq!(s.mean, 5.0);
        assert!((s.sd.unwrap() - 12.5_f64.sqrt()).abs() < 1e-15);
        assert_eq!(
            (s.median, s.q1, s.q3, s.min, s.max),
            (4.0, 3.0, 7.0, 1.0, 10.0)
        );
    }

    #[test]
    fn quantiles_match_numpy() {
        // np.quantile([1, 2, 4, 8, 16, 32], [0.1, 0.25, 0.9]) = 1.5, 2.5, 24.0 (exact in binary).
        let x = [32.0, 1.0, 16.0, 2.0, 8.0, 4.0];
        assert_eq!(quantile_type7(&x, 0.1), Some(1.5));
        assert_eq!(quantile_type7(&x, 0.25), Some(2.5));
        assert_eq!(quantile_type7(&x, 0.9), Some(24.0));
        assert_eq!(quantile_type7(&x, 1.0), Some(32.0));
        assert_eq!(median(&x), Some(6.0));
    }

    #[test]
    fn refuses_empty_and_nan() {
        assert!(describe(&[]).is_none());
        assert!(describe(&[1.0, f64::NAN]).is_none());
        assert!(describe(&[3.0]).unwrap().sd.is_none());
        assert!(quantile_type7(&[1.0], 1.5).is_none());
    }
}
