//! Special functions: error function, normal distribution, chi-square survival function, and
//! binomial coefficients. No external crate: `erf`/`erfc` are a port of FreeBSD msun `s_erf.c`
//! (as in the `libm` crate), accurate to about one ulp; the normal cdf follows Cephes `ndtr`
//! (the routine behind `scipy.special.ndtr`).
//!
//! Copyright notice of the ported `s_erf.c` (kept as its licence requires):
//! Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunPro, a Sun
//! Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
//! freely granted, provided that this notice is preserved.

// The coefficients are kept digit for digit as published in s_erf.c (they round to the intended
// doubles); clippy would truncate them.
#![allow(clippy::excessive_precision)]

const ERX: f64 = 8.450_629_115_104_675_292_97e-1;
const EFX8: f64 = 1.027_033_336_764_100_690_53e0;
const PP: [f64; 5] = [
    1.283_791_670_955_125_585_61e-1,
    -3.250_421_072_470_014_993_70e-1,
    -2.848_174_957_559_851_047_66e-2,
    -5.770_270_296_489_441_591_57e-3,
    -2.376_301_665_665_016_260_84e-5,
];
const QQ: [f64; 5] = [
    3.979_172_239_591_553_528_19e-1,
    6.502_224_998_876_729_444_85e-2,
    5.081_306_281_875_765_627_76e-3,
    1.324_947_380_043_216_445_26e-4,
    -3.960_228_278_775_368_123_20e-6,
];
const PA: [f64; 7] = [
    -2.362_118_560_752_659_440_77e-3,
    4.148_561_186_837_483_316_66e-1,
    -3.722_078_760_357_013_238_47e-1,
    3.183_466_199_011_617_536_74e-1,
    -1.108_946_942_823_966_774_76e-1,
    3.547_830_432_561_823_593_71e-2,
    -2.166_375_594_868_790_843_00e-3,
];
const QA: [f64; 6] = [
    1.064_208_804_008_442_282_86e-1,
    5.403_979_177_021_710_489_37e-1,
    7.182_865_441_419_626_628_68e-2,
    1.261_712_198_087_616_421_12e-1,
    1.363_708_391_202_905_073_62e-2,
    1.198_449_984_679_910_741_70e-2,
];
const RA: [f64; 8] = [
    -9.864_944_034_847_148_227_05e-3,
    -6.938_585_727_071_817_643_72e-1,
    -1.055_862_622_532_329_098_14e1,
    -6.237_533_245_032_600_603_96e1,
    -1.623_966_694_625_734_703_55e2,
    -1.846_050_929_067_110_359_94e2,
    -8.128_743_550_630_659_342_46e1,
    -9.814_329_344_169_145_485_92e0,
];
const SA: [f64; 8] = [
    1.965_127_166_743_925_712_92e1,
    1.376_577_541_435_190_426_00e2,
    4.345_658_774_752_292_288_21e2,
    6.453_872_717_332_678_803_36e2,
    4.290_081_400_275_678_333_86e2,
    1.086_350_055_417_794_351_34e2,
    6.570_249_770_319_281_701_35e0,
    -6.042_441_521_485_809_874_38e-2,
];
const RB: [f64; 7] = [
    -9.864_942_924_700_099_285_97e-3,
    -7.992_832_376_805_230_065_74e-1,
    -1.775_795_491_775_475_198_89e1,
    -1.606_363_848_558_219_160_62e2,
    -6.375_664_433_683_896_277_22e2,
    -1.025_095_131_611_077_249_54e3,
    -4.835_191_916_086_513_970_19e2,
];
const SB: [f64; 7] = [
    3.033_806_074_348_245_829_24e1,
    3.257_925_129_965_739_188_26e2,
    1.536_729_586_084_436_959_94e3,
    3.199_858_219_508_595_539_08e3,
    2.553_050_406_433_164_425_83e3,
    4.745_285_412_069_553_672_15e2,
    -2.244_095_244_658_581_833_62e1,
];

/// Horner evaluation of `c[0] + s·c[1] + s²·c[2] + …`.
fn horner(s: f64, c: &[f64]) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * s + ci)
}

/// `1 + s·c[0] + s²·c[1] + …` (denominators of s_erf.c, whose constant term is 1).
fn horner1(s: f64, c: &[f64]) -> f64 {
    1.0 + s * horner(s, c)
}

fn high_word(x: f64) -> u32 {
    (x.to_bits() >> 32) as u32
}

fn erfc1(x: f64) -> f64 {
    let s = x.abs() - 1.0;
    1.0 - ERX - horner(s, &PA) / horner1(s, &QA)
}

fn erfc2(ix: u32, x: f64) -> f64 {
    if ix < 0x3ff4_0000 {
        return erfc1(x);
    }
    let x = x.abs();
    let s = 1.0 / (x * x);
    let (r, big_s) = if ix < 0x4006_db6d {
        (horner(s, &RA), horner1(s, &SA))
    } else {
        (horner(s, &RB), horner1(s, &SB))
    };
    let z = f64::from_bits(x.to_bits() & 0xffff_ffff_0000_0000);
    (-z * z - 0.5625).exp() * ((z - x) * (z + x) + r / big_s).exp() / x
}

/// Error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt.
///
/// # Arguments
/// * `x` - any real; NaN gives NaN.
///
/// # Returns
/// erf(x), accurate to about one ulp (FreeBSD msun algorithm).
///
/// # Complexity
/// O(1).
pub fn erf(x: f64) -> f64 {
    let hx = high_word(x);
    let negative = hx >> 31 != 0;
    let ix = hx & 0x7fff_ffff;
    if ix >= 0x7ff0_0000 {
        return if x.is_nan() { x } else { x.signum() };
    }
    if ix < 0x3feb_0000 {
        if ix < 0x3e30_0000 {
            return 0.125 * (8.0 * x + EFX8 * x);
        }
        let z = x * x;
        return x + x * (horner(z, &PP) / horner1(z, &QQ));
    }
    let y = if ix < 0x4018_0000 {
        1.0 - erfc2(ix, x)
    } else {
        1.0 - f64::from_bits(0x0010_0000_0000_0000)
    };
    if negative {
        -y
    } else {
        y
    }
}

/// Complementary error function erfc(x) = 1 − erf(x), computed without cancellation.
///
/// # Arguments
/// * `x` - any real; NaN gives NaN.
///
/// # Returns
/// erfc(x), accurate to about one ulp relative, also deep in the upper tail.
///
/// # Complexity
/// O(1).
pub fn erfc(x: f64) -> f64 {
    let hx = high_word(x);
    let negative = hx >> 31 != 0;
    let ix = hx & 0x7fff_ffff;
    if ix >= 0x7ff0_0000 {
        if x.is_nan() {
            return x;
        }
        return if negative { 2.0 } else { 0.0 };
    }
    if ix < 0x3feb_0000 {
        if ix < 0x3c70_0000 {
            return 1.0 - x;
        }
        let z = x * x;
        let y = horner(z, &PP) / horner1(z, &QQ);
        if negative || ix < 0x3fd0_0000 {
            return 1.0 - (x + x * y);
        }
        return 0.5 - (x - 0.5 + x * y);
    }
    if ix < 0x403c_0000 {
        return if negative {
            2.0 - erfc2(ix, x)
        } else {
            erfc2(ix, x)
        };
    }
    if negative {
        2.0
    } else {
        0.0
    }
}

/// Standard normal cumulative distribution function Φ(a), as Cephes/scipy `ndtr`.
///
/// # Arguments
/// * `a` - any real; ±∞ give 0 and 1.
///
/// # Returns
/// Φ(a), with full relative accuracy in the lower tail.
///
/// # Complexity
/// O(1).
pub fn norm_cdf(a: f64) -> f64 {
    let x = a * std::f64::consts::FRAC_1_SQRT_2;
    let z = x.abs();
    if z < std::f64::consts::FRAC_1_SQRT_2 {
        0.5 + 0.5 * erf(x)
    } else {
        let y = 0.5 * erfc(z);
        if x > 0.0 {
            1.0 - y
        } else {
            y
        }
    }
}

/// Standard normal survival function 1 − Φ(z) = Φ(−z).
///
/// # Arguments
/// * `z` - any real.
///
/// # Returns
/// P(Z > z), accurate in the upper tail.
///
/// # Complexity
/// O(1).
pub fn norm_sf(z: f64) -> f64 {
    norm_cdf(-z)
}

/// Standard normal quantile Φ⁻¹(p), by safeguarded Newton iterations on [`norm_cdf`].
///
/// # Arguments
/// * `p` - a probability.
///
/// # Returns
/// `Some(z)` with Φ(z) = p to within rounding for 0 < p < 1; `None` outside (0, 1) or for NaN.
///
/// # Complexity
/// O(1) (at most 200 iterations of bisection-guarded Newton).
pub fn norm_ppf(p: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    // Solve in the tail that keeps relative precision: Φ(z) = p for p ≤ 1/2, else Φ(−z) = 1 − p.
    let (target, flip) = if p <= 0.5 {
        (p, false)
    } else {
        (1.0 - p, true)
    };
    let (mut lo, mut hi) = (-40.0_f64, 0.0_f64);
    let mut z = -1.0_f64;
    for _ in 0..200 {
        let f = norm_cdf(z) - target;
        if f == 0.0 {
            break;
        }
        if f < 0.0 {
            lo = z;
        } else {
            hi = z;
        }
        let pdf = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let mut next = z - f / pdf;
        if !(next > lo && next < hi && next.is_finite()) {
            next = 0.5 * (lo + hi);
        }
        if (next - z).abs() <= 1e-15 * z.abs().max(1e-300) {
            z = next;
            break;
        }
        z = next;
    }
    Some(if flip { -z } else { z })
}

/// Survival function of the chi-square distribution with an integer number of degrees of freedom,
/// P(χ²_df > x), from the closed forms (Abramowitz & Stegun 26.4.4–26.4.5): for even df
/// e^(−x/2) Σ_{k<df/2} (x/2)^k / k!, for odd df erfc(√(x/2)) + √(2x/π) e^(−x/2) Σ x^k/(1·3…(2k+1)).
/// Every term is positive, so the result keeps its relative accuracy.
///
/// # Arguments
/// * `x` - the statistic; `x ≤ 0` gives 1.
/// * `df` - degrees of freedom, ≥ 1.
///
/// # Returns
/// `Some(p)`; `None` when `df == 0` or `x` is NaN.
///
/// # Complexity
/// O(df).
pub fn chi2_sf(x: f64, df: usize) -> Option<f64> {
    if df == 0 || x.is_nan() {
        return None;
    }
    if x <= 0.0 {
        return Some(1.0);
    }
    if x.is_infinite() {
        return Some(0.0);
    }
    let half = 0.5 * x;
    let p = if df % 2 == 0 {
        let mut term = (-half).exp();
        let mut sum = term;
        for k in 1..df / 2 {
            term *= half / k as f64;
            sum += term;
        }
        sum
    } else {
        let base = erfc(half.sqrt());
        if df == 1 {
            base
        } else {
            let mut term = (2.0 * x / std::f64::consts::PI).sqrt() * (-half).exp();
            let mut sum = term;
            for k in 1..(df - 1) / 2 {
                term *= x / (2 * k + 1) as f64;
                sum += term;
            }
            base + sum
        }
    };
    Some(p.clamp(0.0, 1.0))
}

/// Binomial coefficient C(n, k) as an exact `u128`.
///
/// # Arguments
/// * `n`, `k` - non-negative integers.
///
/// # Returns
/// `Some(C(n, k))`, `Some(0)` when `k > n`, `None` on overflow of `u128`.
///
/// # Complexity
/// O(min(k, n − k)).
pub fn binomial(n: usize, k: usize) -> Option<u128> {
    if k > n {
        return Some(0);
    }
    let k = k.min(n - k);
    let mut c: u128 = 1;
    for i in 0..k {
        // c·(n−i) is divisible by (i+1) after the multiplication; divide by gcd first to
        // delay overflow.
        let num = (n - i) as u128;
        let den = (i + 1) as u128;
        let g = gcd(c, den);
        c = (c / g).checked_mul(num / (den / g))?;
    }
    Some(c)
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_known_values() {
        // Reference values from scipy.special.ndtr (double precision); tolerance 1e-15 relative.
        let cases = [
            (0.0, 0.5),
            (1.0, 0.841_344_746_068_542_9),
            (-1.959_963_984_540_054, 0.025),
            (-5.0, 2.866_515_718_791_933e-7),
            (-10.0, 7.619_853_024_160_47e-24),
        ];
        for (z, want) in cases {
            let got = norm_cdf(z);
            assert!((got - want).abs() <= 1e-14 * want, "z={z}: {got} vs {want}");
        }
    }

    #[test]
    fn ppf_inverts_cdf() {
        // qnorm(0.975) in R = 1.959963984540054; tolerance 1e-14.
        let z = norm_ppf(0.975).unwrap();
        assert!((z - 1.959_963_984_540_054).abs() < 1e-14);
        for p in [1e-10, 0.001, 0.3, 0.5, 0.9, 0.999_999] {
            let z = norm_ppf(p).unwrap();
            assert!((norm_cdf(z) - p).abs() <= 1e-14 * p.max(1e-3), "p={p}");
        }
        assert!(norm_ppf(0.0).is_none() && norm_ppf(1.0).is_none());
    }

    #[test]
    fn chi2_known_values() {
        // scipy.stats.chi2.sf values; tolerance 1e-14 relative.
        let cases = [
            (3.841_458_820_694_124, 1, 0.049_999_999_999_999_89),
            (5.991_464_547_107_979, 2, 0.050_000_000_000_000_07),
            (7.814_727_903_251_178, 3, 0.05),
            (20.0, 5, 0.001_249_730_563_031_377_3),
        ];
        for (x, df, want) in cases {
            let got = chi2_sf(x, df).unwrap();
            assert!(
                (got - want).abs() <= 1e-13 * want,
                "{x},{df}: {got} vs {want}"
            );
        }
        assert_eq!(chi2_sf(0.0, 3), Some(1.0));
        assert!(chi2_sf(1.0, 0).is_none());
    }

    #[test]
    fn binomial_values() {
        assert_eq!(binomial(10, 3), Some(120));
        assert_eq!(binomial(208, 8), Some(75_824_205_888_366));
        assert_eq!(binomial(3, 5), Some(0));
    }
}
