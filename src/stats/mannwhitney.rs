//! Two-sided Mann–Whitney U test, exactly as `scipy.stats.mannwhitneyu(x, y, method="auto")`
//! (scipy ≥ 1.11, checked against the source of scipy 1.17.1).
//!
//! - U₁ = R₁ − n₁(n₁+1)/2 from average ranks of the pooled sample; the p-value uses
//!   U = max(U₁, n₁n₂ − U₁) and doubles its upper tail, clipped to 1.
//! - `auto`: exact when the smaller sample has at most 8 values **and** the pooled sample has no
//!   ties; otherwise the normal approximation with tie correction and continuity correction:
//!   z = (U − n₁n₂/2 − ½) / √(n₁n₂/12 · ((n+1) − Σ(t³−t)/(n(n−1)))), p = 2·Φ(−z).
//! - The exact null distribution of U is the coefficient list of the Gaussian binomial
//!   [n₁+n₂ choose n₁]_q (Mann & Whitney 1947), computed here in exact integer arithmetic.
//! - When all values of both samples are equal, the variance is 0 and scipy returns p = 1 (z = −∞);
//!   so does this function.
//!
//! Reference: Mann, H. B. & Whitney, D. R. (1947). On a test of whether one of two random variables
//! is stochastically larger than the other. *Ann. Math. Statist.* 18(1), 50–60.

use super::all_finite;
use super::rank::average_ranks;
use super::special::{binomial, norm_cdf};

/// Which null distribution produced the p-value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MwMethod {
    /// Exact distribution of U (no ties, one sample of at most 8 values).
    Exact,
    /// Normal approximation with tie and continuity corrections.
    Asymptotic,
}

/// Result of [`mann_whitney`].
#[derive(Debug, Clone, PartialEq)]
pub struct MannWhitney {
    /// U statistic of the first sample (number of pairs with a > b, ties counted ½).
    pub u: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Method used, chosen as scipy's `method="auto"`.
    pub method: MwMethod,
    /// Smallest two-sided p-value this test could give at these sample sizes (and, for the
    /// normal approximation, this tie structure), whatever the data: 2 / C(n₁+n₂, n₁) for the
    /// exact test, the p of U = n₁n₂ for the approximation. Above α the test cannot reject
    /// (Tarone 1990): such a row leaves its multiple-testing family.
    pub min_p: f64,
}

/// Largest size of the smaller sample for which `auto` uses the exact distribution.
const EXACT_MAX_SMALL: usize = 8;

/// Two-sided Mann–Whitney U test of `a` against `b`, as `scipy.stats.mannwhitneyu(a, b)`.
///
/// # Arguments
/// * `a` - first sample (its U is reported).
/// * `b` - second sample.
///
/// # Returns
/// `Some(MannWhitney)`; `None` if a sample is empty or holds a non-finite value.
///
/// # Complexity
/// O(n log n) for ranking, plus O(n₁²n₂) (smaller sample n₁ ≤ 8) for the exact distribution.
///
/// # Examples
/// ```
/// use ptce::stats::{mann_whitney, MwMethod};
/// let r = mann_whitney(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0, 7.0]).unwrap();
/// assert_eq!(r.u, 0.0);
/// assert_eq!(r.method, MwMethod::Exact);
/// assert!((r.p_value - 2.0 / 35.0).abs() < 1e-15); // 2 · 1/C(7,3)
/// ```
pub fn mann_whitney(a: &[f64], b: &[f64]) -> Option<MannWhitney> {
    if a.is_empty() || b.is_empty() || !all_finite(a) || !all_finite(b) {
        return None;
    }
    let (n1, n2) = (a.len(), b.len());
    let pooled: Vec<f64> = a.iter().chain(b.iter()).copied().collect();
    let ranks = average_ranks(&pooled);
    let r1: f64 = ranks.ranks[..n1].iter().sum();
    let (f1, f2) = (n1 as f64, n2 as f64);
    let u1 = r1 - f1 * (f1 + 1.0) / 2.0;
    let u2 = f1 * f2 - u1;
    let u = u1.max(u2);
    let exact = n1.min(n2) <= EXACT_MAX_SMALL && !ranks.has_ties();
    if exact {
        if let Some(p) = exact_two_sided(u, n1, n2) {
            let min_p = binomial(n1 + n2, n1)
                .map(|c| (2.0 / c as f64).min(1.0))
                .unwrap_or(0.0);
            return Some(MannWhitney {
                u: u1,
                p_value: p,
                method: MwMethod::Exact,
                min_p,
            });
        }
    }
    let n = f1 + f2;
    let s = (f1 * f2 / 12.0 * ((n + 1.0) - ranks.tie_term() / (n * (n - 1.0)))).sqrt();
    let z = (u - f1 * f2 / 2.0 - 0.5) / s;
    // s = 0 (all values equal): z = −∞ and Φ(∞) = 1, then clipped, as scipy.
    let p = if z.is_nan() { 1.0 } else { 2.0 * norm_cdf(-z) };
    let z_max = (f1 * f2 / 2.0 - 0.5) / s;
    let min_p = if z_max.is_nan() {
        1.0
    } else {
        (2.0 * norm_cdf(-z_max)).clamp(0.0, 1.0)
    };
    Some(MannWhitney {
        u: u1,
        min_p,
        p_value: p.clamp(0.0, 1.0),
        method: MwMethod::Asymptotic,
    })
}

/// Exact two-sided p-value 2·P(U ≥ u) for u ≥ n₁n₂/2, i.e. 2·P(U ≤ n₁n₂ − u) by symmetry.
fn exact_two_sided(u: f64, n1: usize, n2: usize) -> Option<f64> {
    let counts = u_counts(n1.min(n2), n1.max(n2))?;
    let total = binomial(n1 + n2, n1)?;
    let kc = (n1 * n2) as f64 - u;
    let kc = kc.max(0.0) as usize;
    let mut cum: u128 = 0;
    for &c in counts.iter().take(kc + 1) {
        cum = cum.checked_add(u128::try_from(c).ok()?)?;
    }
    Some((2.0 * (cum as f64 / total as f64)).clamp(0.0, 1.0))
}

/// Number of arrangements giving U = k for k = 0..=m·n: the coefficients of the Gaussian binomial
/// [m+n choose m]_q = Π_{i=1..m} (1 − q^{n+i}) / (1 − q^i), built one factor at a time so every
/// intermediate polynomial is itself a Gaussian binomial (non-negative, ≤ C(n+i, i)).
fn u_counts(m: usize, n: usize) -> Option<Vec<i128>> {
    let mut c: Vec<i128> = vec![1];
    for i in 1..=m {
        let deg = i * n;
        let mut next = vec![0i128; deg + 1];
        next[..c.len()].copy_from_slice(&c);
        // Multiply by (1 − q^{n+i}).
        let shift = n + i;
        for k in (shift..=deg).rev() {
            next[k] = next[k].checked_sub(next[k - shift])?;
        }
        // Divide by (1 − q^i): running sum with stride i.
        for k in i..=deg {
            next[k] = next[k].checked_add(next[k - i])?;
        }
        c = next;
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn u_distribution_small_case() {
        // m = 2, n = 2: U ∈ {0..4} with counts 1 1 2 1 1 (C(4,2) = 6 arrangements).
        assert_eq!(u_counts(2, 2).unwrap(), vec![1, 1, 2, 1, 1]);
        let c = u_counts(3, 5).unwrap();
        assert_eq!(c.iter().sum::<i128>(), 56);
        assert_eq!(c.len(), 16);
    }

    #[test]
    fn statistic_by_hand() {
        // a = 1 4 6, b = 2 3 5: pairs a > b are 4>2, 4>3, 6>2, 6>3, 6>5 → U₁ = 5.
        let r = mann_whitney(&[1.0, 4.0, 6.0], &[2.0, 3.0, 5.0]).unwrap();
        assert_eq!(r.u, 5.0);
        // U = 5 → P(U ≥ 5) = P(U ≤ 4) for m = n = 3: counts 1 1 2 3 3 → 10/20, p = 1.
        assert_eq!(r.p_value, 1.0);
    }

    #[test]
    fn all_equal_gives_one_and_bad_input_none() {
        let r = mann_whitney(&[2.0; 10], &[2.0; 12]).unwrap();
        assert_eq!(
            (r.u, r.p_value, r.method),
            (60.0, 1.0, MwMethod::Asymptotic)
        );
        assert!(mann_whitney(&[], &[1.0]).is_none());
        assert!(mann_whitney(&[f64::NAN], &[1.0]).is_none());
    }

    #[test]
    fn smallest_attainable_p() {
        // 3 and 3 values, exact: the most extreme arrangement has p = 2 / C(6, 3) = 0.1, so the
        // test cannot reject at 0.05 whatever the data (Tarone 1990).
        let r = mann_whitney(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]).unwrap();
        assert_eq!(r.method, MwMethod::Exact);
        assert!((r.min_p - 0.1).abs() < 1e-15);
        assert!((r.p_value - 0.1).abs() < 1e-15);
        // 4 and 4: 2 / 70.
        let r = mann_whitney(&[1.0, 2.0, 3.0, 4.0], &[5.0, 6.0, 7.0, 8.0]).unwrap();
        assert!((r.min_p - 2.0 / 70.0).abs() < 1e-15);
        // Approximation (ties): the p of complete separation with this tie structure, which
        // here is attained (a below b).
        let r = mann_whitney(&[1.0, 1.0, 2.0, 2.0, 3.0], &[4.0, 4.0, 5.0, 6.0, 6.0]).unwrap();
        assert_eq!(r.method, MwMethod::Asymptotic);
        assert!((r.min_p - r.p_value).abs() < 1e-15);
    }
}
