//! Student t distribution (cdf, survival function, quantile, density), the log-gamma and log-beta
//! functions behind it, and the two-sided p-value / critical value helpers of the models of
//! `crate::models` (issue 16).
//!
//! The t tail is the regularized incomplete beta function, P(|T| > t) = I_x(ν/2, 1/2) with
//! x = ν/(ν + t²) (Abramowitz & Stegun 26.7.1), evaluated by its continued fraction (A&S 26.5.8)
//! with the modified Lentz algorithm (Press et al., *Numerical Recipes*, 3rd ed., §6.4), always on
//! the side where it converges fast, and with the prefactor x^a (1−x)^b / (a·B(a, b)) computed in
//! logarithms from ln x and ln(1−x) obtained without rounding of x (so that ν = 10⁶ loses nothing).
//! ln B(a, b) follows R's `lbeta` (Stirling series with its correction term for large arguments).
//! Checked against R's `pt`/`qt` (TOMS 708) to 1e-12 relative in `tests/fixtures/models/glm.json`.

use crate::stats::special::{norm_ppf, norm_sf};

/// ln √(2π).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// Stirling remainder ln Γ(x) − ((x − ½) ln x − x + ln √(2π)) for x ≥ 10, by its asymptotic
/// series (coefficients B₂ₖ / (2k(2k − 1))), truncated after x⁻¹⁵ (error < 1e-17 at x = 10).
fn stirling_correction(x: f64) -> f64 {
    const C: [f64; 8] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360_360.0,
        1.0 / 156.0,
        -3617.0 / 122_400.0,
    ];
    let r = 1.0 / (x * x);
    let mut s = 0.0;
    for c in C.iter().rev() {
        s = s * r + c;
    }
    s / x
}

/// Natural logarithm of the gamma function, ln Γ(x), for x > 0.
///
/// # Arguments
/// * `x` - a positive real.
///
/// # Returns
/// `Some(ln Γ(x))` (Stirling series for x ≥ 10, upward recurrence below; absolute error about
/// 1e-15·max(1, |ln Γ(x)|)); `None` for x ≤ 0, NaN or ∞.
///
/// # Complexity
/// O(1).
pub fn ln_gamma(x: f64) -> Option<f64> {
    if !(x > 0.0 && x.is_finite()) {
        return None;
    }
    let mut y = x;
    let mut prod = 1.0;
    while y < 10.0 {
        prod *= y;
        y += 1.0;
    }
    Some((y - 0.5) * y.ln() - y + LN_SQRT_2PI + stirling_correction(y) - prod.ln())
}

/// Natural logarithm of the beta function, ln B(a, b), as R's `lbeta`: for large arguments the
/// Stirling terms are combined before summing, so that no large logarithms cancel.
///
/// # Arguments
/// * `a`, `b` - positive reals.
///
/// # Returns
/// `Some(ln B(a, b))`, `None` when an argument is not positive and finite.
///
/// # Complexity
/// O(1).
pub fn ln_beta(a: f64, b: f64) -> Option<f64> {
    if !(a > 0.0 && b > 0.0 && a.is_finite() && b.is_finite()) {
        return None;
    }
    let (p, q) = if a < b { (a, b) } else { (b, a) };
    let r = p / (p + q);
    if p >= 10.0 {
        let corr = stirling_correction(p) + stirling_correction(q) - stirling_correction(p + q);
        Some(-0.5 * q.ln() + LN_SQRT_2PI + corr + (p - 0.5) * r.ln() + q * (-r).ln_1p())
    } else if q >= 10.0 {
        let corr = stirling_correction(q) - stirling_correction(p + q);
        Some(ln_gamma(p)? + corr + p - p * (p + q).ln() + (q - 0.5) * (-r).ln_1p())
    } else {
        Some(ln_gamma(p)? + ln_gamma(q)? - ln_gamma(p + q)?)
    }
}

/// A double-double number hi + lo (|lo| ≤ ½ ulp(hi)), about 32 significant digits (Dekker 1971;
/// Hida, Li & Bailey 2001). The continued fraction below runs in it: for large a and x near 1 its
/// denominators 1 + aₘ·d cancel to about 1/ν of their size, which in plain double precision would
/// cost log₁₀ ν digits (1e-11 relative at ν = 10⁶).
#[derive(Debug, Clone, Copy)]
struct Dd {
    hi: f64,
    lo: f64,
}

impl Dd {
    fn new(v: f64) -> Dd {
        Dd { hi: v, lo: 0.0 }
    }

    fn quick(a: f64, b: f64) -> Dd {
        let s = a + b;
        Dd {
            hi: s,
            lo: b - (s - a),
        }
    }

    fn two_sum(a: f64, b: f64) -> (f64, f64) {
        let s = a + b;
        let bb = s - a;
        (s, (a - (s - bb)) + (b - bb))
    }

    fn add(self, o: Dd) -> Dd {
        let (s1, s2) = Dd::two_sum(self.hi, o.hi);
        let (t1, t2) = Dd::two_sum(self.lo, o.lo);
        let r = Dd::quick(s1, s2 + t1);
        Dd::quick(r.hi, r.lo + t2)
    }

    fn neg(self) -> Dd {
        Dd {
            hi: -self.hi,
            lo: -self.lo,
        }
    }

    fn mul(self, o: Dd) -> Dd {
        let p = self.hi * o.hi;
        let e = self.hi.mul_add(o.hi, -p) + (self.hi * o.lo + self.lo * o.hi);
        Dd::quick(p, e)
    }

    fn div(self, o: Dd) -> Dd {
        let q1 = self.hi / o.hi;
        let r = self.add(o.mul(Dd::new(q1)).neg());
        let q2 = r.hi / o.hi;
        let r = r.add(o.mul(Dd::new(q2)).neg());
        let q3 = r.hi / o.hi;
        Dd::quick(q1, q2).add(Dd::new(q3))
    }
}

/// Continued fraction of the incomplete beta function (A&S 26.5.8) by modified Lentz, in
/// double-double; fast for x < (a + 1)/(a + b + 2).
fn beta_cf(a: f64, b: f64, x: Dd) -> f64 {
    const TINY: f64 = 1e-300;
    let one = Dd::new(1.0);
    let (ad, bd) = (Dd::new(a), Dd::new(b));
    let qab = ad.add(bd);
    let qap = ad.add(one);
    let qam = ad.add(one.neg());
    let guard = |v: Dd| if v.hi.abs() < TINY { Dd::new(TINY) } else { v };
    let mut c = one;
    let mut d = one.div(guard(one.add(qab.mul(x).div(qap).neg())));
    let mut h = d;
    for m in 1..100_000 {
        let md = Dd::new(f64::from(m));
        let m2 = Dd::new(2.0 * f64::from(m));
        let aa = md
            .mul(bd.add(md.neg()))
            .mul(x)
            .div(qam.add(m2).mul(ad.add(m2)));
        d = one.div(guard(one.add(aa.mul(d))));
        c = guard(one.add(aa.div(c)));
        h = h.mul(d).mul(c);
        let aa = ad
            .add(md)
            .mul(qab.add(md))
            .mul(x)
            .neg()
            .div(ad.add(m2).mul(qap.add(m2)));
        d = one.div(guard(one.add(aa.mul(d))));
        c = guard(one.add(aa.div(c)));
        let del = d.mul(c);
        h = h.mul(del);
        if (del.hi - 1.0).abs() + del.lo.abs() < 1e-17 {
            break;
        }
    }
    h.hi + h.lo
}

/// Regularized incomplete beta I_x(a, b) given x and y = 1 − x (double-double) and their
/// logarithms (each computed accurately by the caller), on whichever side converges.
fn inc_beta(a: f64, b: f64, x: Dd, y: Dd, ln_x: f64, ln_y: f64) -> Option<f64> {
    if x.hi <= 0.0 {
        return Some(0.0);
    }
    if y.hi <= 0.0 {
        return Some(1.0);
    }
    if x.hi < (a + 1.0) / (a + b + 2.0) {
        let front = (a * ln_x + b * ln_y - ln_beta(a, b)?).exp() / a;
        Some(front * beta_cf(a, b, x))
    } else {
        let front = (b * ln_y + a * ln_x - ln_beta(a, b)?).exp() / b;
        Some(1.0 - front * beta_cf(b, a, y))
    }
}

/// P(|T| > |t|) for T ~ t(df), df finite.
fn two_sided_finite(t: f64, df: f64) -> Option<f64> {
    let t = t.abs();
    if t == 0.0 {
        return Some(1.0);
    }
    if t.is_infinite() {
        return Some(0.0);
    }
    // x = df/(df + t²), y = t²/(df + t²), both (double-double) and their logs without
    // cancellation or overflow: with r = t²/df (or df/t²), x = 1/(1 + r), y = r/(1 + r).
    let one = Dd::new(1.0);
    let (td, dfd) = (Dd::new(t), Dd::new(df));
    if t * t <= df {
        let r = td.mul(td).div(dfd);
        let l = r.hi.ln_1p();
        let x = one.div(one.add(r));
        let y = r.div(one.add(r));
        inc_beta(0.5 * df, 0.5, x, y, -l, 2.0 * t.ln() - df.ln() - l)
    } else {
        let r = dfd.div(td).div(td);
        let l = r.hi.ln_1p();
        let x = r.div(one.add(r));
        let y = one.div(one.add(r));
        inc_beta(0.5 * df, 0.5, x, y, df.ln() - 2.0 * t.ln() - l, -l)
    }
}

/// Survival function P(T > t) of Student's t distribution with `df` degrees of freedom, as R's
/// `pt(t, df, lower.tail = FALSE)`.
///
/// # Arguments
/// * `t` - any real (±∞ allowed).
/// * `df` - degrees of freedom, > 0 (need not be an integer); `f64::INFINITY` gives the normal.
///
/// # Returns
/// `Some(p)` with about 1e-14 relative accuracy in both tails; `None` for df ≤ 0 or NaN input.
///
/// # Complexity
/// O(√df) continued-fraction steps at worst, usually a few dozen.
pub fn t_sf(t: f64, df: f64) -> Option<f64> {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return None;
    }
    if df.is_infinite() {
        return Some(norm_sf(t));
    }
    let half = 0.5 * two_sided_finite(t, df)?;
    Some(if t > 0.0 { half } else { 1.0 - half })
}

/// Cumulative distribution function P(T ≤ t) of Student's t, as R's `pt(t, df)`.
///
/// # Arguments
/// * `t` - any real; `df` - degrees of freedom > 0 (∞ gives the normal).
///
/// # Returns
/// `Some(p)` (see [`t_sf`]); `None` for df ≤ 0 or NaN input.
///
/// # Complexity
/// As [`t_sf`].
pub fn t_cdf(t: f64, df: f64) -> Option<f64> {
    t_sf(-t, df)
}

/// Density of Student's t distribution, Γ((ν+1)/2)/(√(νπ) Γ(ν/2)) (1 + t²/ν)^(−(ν+1)/2).
///
/// # Arguments
/// * `t` - any finite real; `df` - degrees of freedom > 0 (∞ gives the normal density).
///
/// # Returns
/// `Some(density)`; `None` for df ≤ 0 or non-finite t.
///
/// # Complexity
/// O(1).
pub fn t_pdf(t: f64, df: f64) -> Option<f64> {
    if !t.is_finite() || df.is_nan() || df <= 0.0 {
        return None;
    }
    if df.is_infinite() {
        return Some((-0.5 * t * t - LN_SQRT_2PI).exp());
    }
    let ln = -0.5 * (df + 1.0) * (t * t / df).ln_1p() - ln_beta(0.5 * df, 0.5)? - 0.5 * df.ln();
    Some(ln.exp())
}

/// The t > 0 with P(T > t) = q, for 0 < q < ½ (finite df): bracketed Newton iterations, on
/// (t, P) near the centre and on (ln t, ln P) in the tail where ln P is nearly linear in ln t.
fn isf_positive(q: f64, df: f64) -> Option<f64> {
    // Start from the normal quantile, inflated for small df (Cornish–Fisher first term).
    let z = -norm_ppf(q)?;
    let mut t = (z + (z * z * z + z) / (4.0 * df)).max(1e-3);
    let (mut lo, mut hi) = (0.0_f64, f64::INFINITY);
    for _ in 0..300 {
        let s = t_sf(t, df)?;
        if s == q {
            return Some(t);
        }
        if s > q {
            lo = t;
        } else {
            hi = t;
        }
        let pdf = t_pdf(t, df)?;
        let mut next = if q > 0.05 {
            t + (s - q) / pdf
        } else {
            t * ((s.ln() - q.ln()) * s / (t * pdf)).exp()
        };
        if !(next > lo && next < hi && next.is_finite()) {
            next = if hi.is_finite() {
                0.5 * (lo + hi)
            } else {
                2.0 * t
            };
        }
        if (next - t).abs() <= 2e-16 * t {
            return Some(next);
        }
        t = next;
    }
    Some(t)
}

/// Quantile function of Student's t distribution, as R's `qt(p, df)`.
///
/// # Arguments
/// * `p` - a probability in (0, 1); `df` - degrees of freedom > 0 (∞ gives the normal).
///
/// # Returns
/// `Some(t)` with P(T ≤ t) = p to about 1e-14 relative; `None` outside (0, 1), for df ≤ 0 or NaN.
///
/// # Complexity
/// A few (≤ 300) evaluations of [`t_sf`].
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) || df.is_nan() || df <= 0.0 {
        return None;
    }
    if df.is_infinite() {
        return norm_ppf(p);
    }
    if p == 0.5 {
        return Some(0.0);
    }
    if p < 0.5 {
        Some(-isf_positive(p, df)?)
    } else {
        isf_positive(1.0 - p, df)
    }
}

/// Two-sided p-value 2·P(T > |stat|) of a Wald statistic, under t(df) or, for `df = None`, the
/// standard normal (R: `2 * pt(-abs(stat), df)` / `2 * pnorm(-abs(stat))`, as `lmtest::coeftest`).
///
/// # Arguments
/// * `stat` - the statistic; `df` - reference degrees of freedom, `None` for the normal.
///
/// # Returns
/// `Some(p)` in [0, 1]; `None` for a NaN statistic or df ≤ 0.
///
/// # Complexity
/// As [`t_sf`].
pub fn two_sided_p(stat: f64, df: Option<f64>) -> Option<f64> {
    let a = stat.abs();
    match df {
        None => (!a.is_nan()).then(|| 2.0 * norm_sf(a)),
        Some(d) => Some(2.0 * t_sf(a, d)?),
    }
}

/// Critical value of a two-sided Wald interval at confidence `level`: the (1 + level)/2 quantile
/// of t(df), or of the standard normal for `df = None` (R: `qt((1 + level)/2, df)` as
/// `lmtest::coefci` computes it).
///
/// # Arguments
/// * `level` - confidence level in (0, 1); `df` - reference degrees of freedom or `None`.
///
/// # Returns
/// `Some(c) > 0`; `None` for a level outside (0, 1) or df ≤ 0.
///
/// # Complexity
/// As [`t_quantile`].
pub fn critical_value(level: f64, df: Option<f64>) -> Option<f64> {
    if !(level > 0.0 && level < 1.0) {
        return None;
    }
    let p = (1.0 + level) / 2.0;
    match df {
        None => norm_ppf(p),
        Some(d) => t_quantile(p, d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Closed forms: Cauchy (df = 1) cdf ½ + atan(t)/π and df = 2 cdf ½ + t/(2√(2 + t²)), 1e-14.
    #[test]
    fn closed_forms_small_df() {
        for &t in &[-30.0, -2.5, -0.1, 0.0, 0.7, 3.0, 100.0] {
            // Tail forms without cancellation: atan(1/|t|)/π and 1/(s(s + |t|)), s = √(2 + t²).
            let (a, s) = (f64::abs(t), (2.0 + t * t).sqrt());
            let (lo1, lo2) = if t == 0.0 {
                (0.5, 0.5)
            } else {
                (
                    f64::atan(1.0 / a) / std::f64::consts::PI,
                    1.0 / (s * (s + a)),
                )
            };
            let (c1, c2) = if t <= 0.0 {
                (lo1, lo2)
            } else {
                (1.0 - lo1, 1.0 - lo2)
            };
            let r1 = t_cdf(t, 1.0).unwrap_or(f64::NAN);
            let r2 = t_cdf(t, 2.0).unwrap_or(f64::NAN);
            assert!((r1 - c1).abs() <= 1e-14 * c1, "df 1 t {t}: {r1} vs {c1}");
            assert!((r2 - c2).abs() <= 1e-14 * c2, "df 2 t {t}: {r2} vs {c2}");
        }
    }

    /// ln Γ at integers equals ln((n − 1)!), and quantile ∘ cdf is the identity, to 1e-13.
    #[test]
    fn gamma_and_roundtrip() {
        let mut f = 1.0_f64;
        for n in 1..30 {
            let lg = ln_gamma(f64::from(n)).unwrap_or(f64::NAN);
            assert!(
                (lg - f.ln()).abs() <= 1e-13 * f.ln().abs().max(1.0),
                "n {n}"
            );
            f *= f64::from(n);
        }
        for &df in &[1.0, 3.0, 17.0, 250.0] {
            for &p in &[1e-9, 0.01, 0.3, 0.5, 0.9, 0.999] {
                let q = t_quantile(p, df).unwrap_or(f64::NAN);
                let back = t_cdf(q, df).unwrap_or(f64::NAN);
                assert!((back - p).abs() <= 1e-13 * p, "df {df} p {p}: {back}");
            }
        }
        assert_eq!(t_sf(1.0, 0.0), None);
        assert_eq!(t_quantile(1.0, 5.0), None);
    }
}
