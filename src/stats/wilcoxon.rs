//! Wilcoxon signed-rank test of paired samples, exactly as `scipy.stats.wilcoxon(x, y)` with its
//! defaults (`zero_method="wilcox"`, `correction=False`, two-sided, `method="auto"`), checked
//! against the source of scipy 1.17.1.
//!
//! d = x − y; zero differences are dropped (Wilcoxon's method); the remaining |d| get average
//! ranks; R⁺ (R⁻) is the rank sum of the positive (negative) differences; the statistic is
//! min(R⁺, R⁻).
//! `auto` chooses, with n the number of pairs *including* zero differences:
//! 1. n > 50: normal approximation, z = (R⁺ − n'(n'+1)/4) / √((n'(n'+1)(2n'+1) − Σ(t³−t)/2)/24)
//!    with n' the number of non-zero differences and no continuity correction; p = 2·Φ(−|z|).
//! 2. otherwise, without ties among |d| and without zeros: the exact distribution of R⁺,
//!    p = 2·min(P(R⁺ ≥ r), P(R⁺ ≤ r)), clipped to 1.
//! 3. otherwise, n ≤ 13: the exact sign-flip permutation distribution of R⁺ (all 2ⁿ sign patterns,
//!    as `scipy.stats.permutation_test(permutation_type="samples")`), two-sided as scipy
//!    (2·min of the two tails, with scipy's relative tolerance 100·ε for equal statistics).
//! 4. otherwise: the normal approximation of case 1.
//!
//! When every difference is zero, scipy returns p = 1 for n ≤ 13 (case 3, a degenerate permutation
//! distribution) and NaN for n > 13; this function returns the same p = 1, and `None` for n > 13.
//!
//! Reference: Wilcoxon, F. (1945). Individual comparisons by ranking methods. *Biometrics Bulletin*
//! 1(6), 80–83.

use super::all_finite;
use super::rank::average_ranks;
use super::special::norm_cdf;

/// How the p-value was obtained (scipy's `auto` choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WilcoxonMethod {
    /// Exact null distribution of R⁺ (no ties, no zeros, n ≤ 50).
    Exact,
    /// Exact enumeration of the 2ⁿ sign flips (ties or zeros, n ≤ 13).
    Permutation,
    /// Normal approximation with tie correction.
    Asymptotic,
}

/// Result of [`wilcoxon_signed_rank`].
#[derive(Debug, Clone, PartialEq)]
pub struct Wilcoxon {
    /// min(R⁺, R⁻), scipy's two-sided statistic.
    pub statistic: f64,
    /// R⁺, the rank sum of the positive differences x − y.
    pub r_plus: f64,
    /// Number of non-zero differences.
    pub n_nonzero: usize,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Method used.
    pub method: WilcoxonMethod,
}

/// Largest n for which `auto` may use an exact method (scipy: `d.shape[-1] > 50` → asymptotic).
const EXACT_MAX_N: usize = 50;
/// Largest n for the sign-flip enumeration (2¹³ = 8192 ≤ 9999 default resamples).
const PERMUTATION_MAX_N: usize = 13;

/// Two-sided Wilcoxon signed-rank test of the paired samples `x` and `y`.
///
/// # Arguments
/// * `x`, `y` - paired observations of equal length (e.g. a measure at stage S2 and at S1).
///
/// # Returns
/// `Some(Wilcoxon)`; `None` if the lengths differ, the input is empty or holds a non-finite value,
/// or (as scipy's NaN) every difference is zero and n > 13.
///
/// # Complexity
/// O(n log n) plus O(n³) for the exact distribution (n ≤ 50) or O(2ⁿ') for the sign-flip
/// enumeration (n ≤ 13).
///
/// # Examples
/// ```
/// use ptce::stats::{wilcoxon_signed_rank, WilcoxonMethod};
/// let w = wilcoxon_signed_rank(&[2.0, 4.0, 7.0], &[1.0, 1.0, 1.0]).unwrap();
/// assert_eq!((w.r_plus, w.statistic, w.method), (6.0, 0.0, WilcoxonMethod::Exact));
/// assert_eq!(w.p_value, 0.25); // 2 · P(R⁺ = 6) = 2/8
/// ```
pub fn wilcoxon_signed_rank(x: &[f64], y: &[f64]) -> Option<Wilcoxon> {
    if x.len() != y.len() || x.is_empty() || !all_finite(x) || !all_finite(y) {
        return None;
    }
    let n = x.len();
    let d: Vec<f64> = x
        .iter()
        .zip(y)
        .map(|(a, b)| a - b)
        .filter(|v| *v != 0.0)
        .collect();
    let count = d.len();
    let has_zeros = count < n;
    let abs: Vec<f64> = d.iter().map(|v| v.abs()).collect();
    let ranks = average_ranks(&abs);
    let r_plus: f64 = d
        .iter()
        .zip(&ranks.ranks)
        .filter(|(v, _)| **v > 0.0)
        .map(|(_, r)| r)
        .sum();
    let r_minus: f64 = d
        .iter()
        .zip(&ranks.ranks)
        .filter(|(v, _)| **v < 0.0)
        .map(|(_, r)| r)
        .sum();
    let method = if n > EXACT_MAX_N {
        WilcoxonMethod::Asymptotic
    } else if !ranks.has_ties() && !has_zeros {
        WilcoxonMethod::Exact
    } else if n <= PERMUTATION_MAX_N {
        WilcoxonMethod::Permutation
    } else {
        WilcoxonMethod::Asymptotic
    };
    let p_value = match method {
        WilcoxonMethod::Exact => exact_p(r_plus, count)?,
        WilcoxonMethod::Permutation => sign_flip_p(r_plus, &ranks.ranks),
        WilcoxonMethod::Asymptotic => {
            let c = count as f64;
            let mn = c * (c + 1.0) * 0.25;
            let se = ((c * (c + 1.0) * (2.0 * c + 1.0) - ranks.tie_term() / 2.0) / 24.0).sqrt();
            let z = (r_plus - mn) / se;
            if !z.is_finite() {
                return None;
            }
            2.0 * norm_cdf(-z.abs())
        }
    };
    Some(Wilcoxon {
        statistic: r_plus.min(r_minus),
        r_plus,
        n_nonzero: count,
        p_value,
        method,
    })
}

/// Exact two-sided p-value from the distribution of R⁺ over the 2ⁿ equally likely sign patterns.
fn exact_p(r_plus: f64, n: usize) -> Option<f64> {
    // counts[k] = number of subsets of {1..n} with sum k (fits in u64 for n ≤ 50 < 64).
    let max = n * (n + 1) / 2;
    let mut counts = vec![0u64; max + 1];
    counts[0] = 1;
    for k in 1..=n {
        for s in (k..=max).rev() {
            counts[s] = counts[s].checked_add(counts[s - k])?;
        }
    }
    let total = 2f64.powi(n as i32);
    let hi = r_plus.floor() as usize;
    let lo = r_plus.ceil() as usize;
    let sf: u64 = counts[hi.min(max)..].iter().sum();
    let cdf: u64 = counts[..=lo.min(max)].iter().sum();
    Some((2.0 * (sf.min(cdf) as f64 / total)).clamp(0.0, 1.0))
}

/// Two-sided p-value of the exact sign-flip permutation distribution of R⁺, with scipy's rule:
/// p = 2·min(#(T ≤ t + γ), #(T ≥ t − γ)) / 2ⁿ, γ = 100·ε·|t|. Zero differences (which flip to
/// themselves) multiply every count by the same power of two, so they are left out.
fn sign_flip_p(r_plus: f64, ranks: &[f64]) -> f64 {
    let n = ranks.len();
    let gamma = (100.0 * f64::EPSILON * r_plus).abs();
    let (mut le, mut ge) = (0u64, 0u64);
    for mask in 0u64..(1u64 << n) {
        let t: f64 = ranks
            .iter()
            .enumerate()
            .filter(|(i, _)| mask >> i & 1 == 1)
            .map(|(_, r)| r)
            .sum();
        le += (t <= r_plus + gamma) as u64;
        ge += (t >= r_plus - gamma) as u64;
    }
    let total = (1u64 << n) as f64;
    (2.0 * (le.min(ge) as f64 / total)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_by_hand() {
        // d = 1, −2, 3, 4: R⁺ = 1+3+4 = 8, R⁻ = 2. Subsets of {1,2,3,4} with sum ≥ 8: {1,3,4},
        // {2,3,4}, {1,2,3,4}, and sum ≤ 8 … min tail is P(R⁺ ≥ 8) = 3/16 → p = 6/16.
        let w = wilcoxon_signed_rank(&[1.0, -2.0, 3.0, 4.0], &[0.0; 4]).unwrap();
        assert_eq!((w.r_plus, w.statistic), (8.0, 2.0));
        assert_eq!(w.p_value, 0.375);
    }

    #[test]
    fn zeros_and_degenerate_cases() {
        // All differences zero: p = 1 for n ≤ 13 (as scipy), None above.
        let w = wilcoxon_signed_rank(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0]).unwrap();
        assert_eq!((w.p_value, w.method), (1.0, WilcoxonMethod::Permutation));
        assert!(wilcoxon_signed_rank(&[0.0; 20], &[0.0; 20]).is_none());
        assert!(wilcoxon_signed_rank(&[1.0], &[1.0, 2.0]).is_none());
        assert!(wilcoxon_signed_rank(&[f64::NAN], &[1.0]).is_none());
    }
}
