//! The project's one seeded-randomness module: `Pcg64` streams per (seed, domain, task index)
//! for the resampling procedures, Louvain, the layouts and the study generator; unbiased bounded
//! integers and uniform draws; the SplitMix64 mixer and the FNV-1a hash that turn seeds and ids
//! into stream indices. Only `rand_core::RngCore::next_u64` is used, so the streams are fixed by
//! `rand_pcg`'s documented PCG XSL-RR 128/64 algorithm.

use rand_core::RngCore;
use rand_pcg::Pcg64;

/// Stream domain of the permutation test.
pub const PERMUTATION: u64 = 1;
/// Stream domain of the bootstrap.
pub const BOOTSTRAP: u64 = 2;

/// SplitMix64 finaliser (Steele, Lea & Flood 2014), a bijective 64-bit mixer, used to spread a
/// user seed over the 128-bit PCG state.
///
/// # Complexity
/// O(1).
pub fn splitmix64(z: u64) -> u64 {
    splitmix64_mix(z.wrapping_add(0x9e37_79b9_7f4a_7c15))
}

/// The mixing step of [`splitmix64`] without its increment: a bijective 64-bit mixer, for hashes
/// built word by word (the canonical node order's colours).
///
/// # Complexity
/// O(1).
pub fn splitmix64_mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The random stream of task `task` of procedure `domain` for the run seeded with `seed`: a `Pcg64`
/// whose state comes from the seed and whose stream (increment) is `(domain, task)`, so tasks and
/// procedures never share a stream even when they share the seed.
///
/// # Arguments
/// * `seed` - the run's seed.
/// * `domain` - the procedure ([`PERMUTATION`], [`BOOTSTRAP`], or another caller-chosen constant).
/// * `task` - the task (block) index.
///
/// # Returns
/// A freshly seeded generator; identical for identical `(seed, task)`.
///
/// # Complexity
/// O(1).
pub fn stream(seed: u64, domain: u64, task: u64) -> Pcg64 {
    let hi = splitmix64(seed);
    let lo = splitmix64(seed ^ 0x5851_f42d_4c95_7f2d);
    let state = ((hi as u128) << 64) | lo as u128;
    Pcg64::new(state, ((domain as u128) << 64) | task as u128)
}

/// The random stream of task `index` of `domain` for `seed`, with the domain mixed into the state
/// as well as the stream (the construction of the study generator and of the network layouts;
/// [`stream`] keeps the state of the seed alone). `hi = splitmix64(seed ^ splitmix64(domain))`,
/// `lo = splitmix64(hi ^ index)`, state `hi·2⁶⁴ + lo`, stream `domain·2⁶⁴ + index`.
///
/// # Returns
/// A freshly seeded generator; identical for identical `(seed, domain, index)`.
///
/// # Complexity
/// O(1).
pub fn mixed_stream(seed: u64, domain: u64, index: u64) -> Pcg64 {
    let hi = splitmix64(seed ^ splitmix64(domain));
    let lo = splitmix64(hi ^ index);
    let state = (u128::from(hi) << 64) | u128::from(lo);
    Pcg64::new(state, (u128::from(domain) << 64) | u128::from(index))
}

/// FNV-1a hash of a byte string: a stable 64-bit hash (unlike `std`'s), to turn ids and keys
/// into task indices or seeds that do not depend on the order in which they are met.
///
/// # Complexity
/// O(length).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A seed for task `index` derived from a run seed (SplitMix64 of both), for callers that run one
/// seeded procedure per row of a table (e.g. one permutation test per measure × snapshot) and want
/// independent streams per row that do not depend on the order in which rows are computed.
///
/// # Arguments
/// * `seed` - the run's seed.
/// * `index` - the row (task) index.
///
/// # Returns
/// The derived seed; identical for identical `(seed, index)`.
///
/// # Complexity
/// O(1).
pub fn derive_seed(seed: u64, index: u64) -> u64 {
    splitmix64(splitmix64(seed) ^ index.wrapping_mul(0xd1b5_4a32_d192_ed03))
}

/// A uniform integer in `0..bound` (Lemire's multiply-and-reject method, unbiased).
///
/// # Arguments
/// * `rng` - the generator.
/// * `bound` - exclusive upper bound, > 0.
///
/// # Returns
/// The integer; 0 when `bound == 0`.
///
/// # Complexity
/// O(1) expected.
pub fn below(rng: &mut Pcg64, bound: u64) -> u64 {
    if bound == 0 {
        return 0;
    }
    // A draw is kept when its low word is at least 2⁶⁴ mod bound, which is below `bound`: a
    // low word at least `bound` is kept without computing that remainder (a 64-bit division),
    // so the division is made on a fraction bound/2⁶⁴ of the draws only. Same draws kept and
    // rejected as testing every draw against the remainder.
    let mut m = (rng.next_u64() as u128) * (bound as u128);
    if (m as u64) < bound {
        let threshold = bound.wrapping_neg() % bound;
        while (m as u64) < threshold {
            m = (rng.next_u64() as u128) * (bound as u128);
        }
    }
    (m >> 64) as u64
}

/// A uniform draw in [0, 1) with 53 random bits (the top bits of one `u64`).
///
/// # Complexity
/// O(1).
pub fn unit(rng: &mut impl RngCore) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform draw in (0, 1): 53 random bits and a half, so that its logarithm is finite.
///
/// # Complexity
/// O(1).
pub fn unit_open(rng: &mut impl RngCore) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

/// A standard normal draw by Marsaglia's polar method (two uniforms in the unit disc, the first of
/// the pair kept; the second is not carried over, so a draw depends on the stream alone).
///
/// # Complexity
/// O(1) expected (4/π pairs of uniforms).
pub fn normal(rng: &mut impl RngCore) -> f64 {
    loop {
        let u = 2.0 * unit(rng) - 1.0;
        let v = 2.0 * unit(rng) - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * (-2.0 * s.ln() / s).sqrt();
        }
    }
}

/// A Gamma(`shape`, 1) draw for `shape` ≥ 1, by Marsaglia & Tsang's squeeze-and-reject method
/// (2000, *ACM TOMS* 26(3), 363–372): exact, about 1.02 normal draws per variate.
///
/// # Complexity
/// O(1) expected.
pub fn gamma(rng: &mut impl RngCore, shape: f64) -> f64 {
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = normal(rng);
        let t = 1.0 + c * x;
        if t <= 0.0 {
            continue;
        }
        let v = t * t * t;
        let u = unit_open(rng);
        let x2 = x * x;
        if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + d * (1.0 - v + v.ln()) {
            return d * v;
        }
    }
}

/// A Beta(`a`, `b`) draw for `a`, `b` ≥ 1, as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) drawn
/// in that order.
///
/// # Complexity
/// O(1) expected.
pub fn beta(rng: &mut impl RngCore, a: f64, b: f64) -> f64 {
    let x = gamma(rng, a);
    let y = gamma(rng, b);
    x / (x + y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let draw = |mut r: Pcg64| (0..4).map(|_| r.next_u64()).collect::<Vec<u64>>();
        assert_eq!(draw(stream(7, 1, 0)), draw(stream(7, 1, 0)));
        assert_ne!(draw(stream(7, 1, 0)), draw(stream(7, 1, 1)));
        assert_ne!(draw(stream(7, 1, 0)), draw(stream(7, 2, 0)));
        assert_ne!(draw(stream(7, 1, 0)), draw(stream(8, 1, 0)));
    }

    #[test]
    fn mixers_match_their_published_values() {
        // SplitMix64 from state 0: first output 0xe220a8397b1dcdaf (Vigna's reference splitmix64.c).
        assert_eq!(splitmix64(0), 0xe220_a839_7b1d_cdaf);
        // FNV-1a 64 test vectors (Fowler–Noll–Vo reference): "" and "a".
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let draw = |mut r: Pcg64| (0..4).map(|_| r.next_u64()).collect::<Vec<u64>>();
        assert_eq!(draw(mixed_stream(7, 1, 3)), draw(mixed_stream(7, 1, 3)));
        assert_ne!(draw(mixed_stream(7, 1, 3)), draw(mixed_stream(7, 1, 4)));
        assert_ne!(draw(mixed_stream(7, 1, 3)), draw(mixed_stream(7, 2, 3)));
    }

    #[test]
    fn derived_seeds_differ() {
        assert_eq!(derive_seed(5, 3), derive_seed(5, 3));
        assert_ne!(derive_seed(5, 3), derive_seed(5, 4));
        assert_ne!(derive_seed(5, 3), derive_seed(6, 3));
    }

    #[test]
    fn below_keeps_and_rejects_the_draws_of_the_remainder_test() {
        // The former form: every draw tested against 2⁶⁴ mod bound; counts its rejections.
        fn reference(rng: &mut Pcg64, bound: u64, rejected: &mut usize) -> u64 {
            let threshold = bound.wrapping_neg() % bound;
            loop {
                let m = (rng.next_u64() as u128) * (bound as u128);
                if (m as u64) >= threshold {
                    return (m >> 64) as u64;
                }
                *rejected += 1;
            }
        }
        // Small bounds, and bounds just above 2⁶³ that reject almost half of the draws.
        let bounds = [
            1u64,
            2,
            3,
            7,
            10,
            1000,
            12_345_678,
            (1 << 63) + 1,
            (1 << 63) + 12_345,
            u64::MAX,
        ];
        let (mut a, mut b) = (stream(9, 1, 2), stream(9, 1, 2));
        let mut rejected = 0;
        for i in 0..20_000usize {
            let bound = bounds[i % bounds.len()];
            let (x, y) = (
                below(&mut a, bound),
                reference(&mut b, bound, &mut rejected),
            );
            assert_eq!(x, y, "draw {i}, bound {bound}");
        }
        // Rejections happened, and both streams consumed the same words: still in step.
        assert!(rejected > 1_000, "{rejected} rejections");
        assert_eq!(a.next_u64(), b.next_u64());
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = stream(1, 1, 0);
        let mut seen = [0usize; 5];
        for _ in 0..1000 {
            let v = below(&mut r, 5) as usize;
            seen[v] += 1;
        }
        // Each of 5 values expected 200 times; a bound of 120 fails with probability < 1e-9.
        assert!(seen.iter().all(|&s| s > 120), "{seen:?}");
    }

    #[test]
    fn gamma_and_beta_draws_have_their_moments() {
        // Means and variances of 200,000 draws within 5 standard errors (fourth moments known).
        let mut rng = stream(3, BOOTSTRAP, 0);
        const N: usize = 200_000;
        for shape in [1.0, 1.5, 7.0, 2_500.0] {
            let xs: Vec<f64> = (0..N).map(|_| gamma(&mut rng, shape)).collect();
            let mean = xs.iter().sum::<f64>() / N as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (N - 1) as f64;
            assert!(
                (mean - shape).abs() < 5.0 * (shape / N as f64).sqrt(),
                "{shape} {mean}"
            );
            // Var of the sample variance ≈ (μ₄ − σ⁴)/N with μ₄ = 3k² + 6k for Gamma(k).
            let se_var = ((3.0 * shape * shape + 6.0 * shape - shape * shape) / N as f64).sqrt();
            assert!((var - shape).abs() < 5.0 * se_var, "{shape} {var}");
        }
        for (a, b) in [(1.0, 1.0), (2.0, 9.0), (250.0, 251.0)] {
            let xs: Vec<f64> = (0..N).map(|_| beta(&mut rng, a, b)).collect();
            assert!(xs.iter().all(|&x| x > 0.0 && x < 1.0));
            let mean = xs.iter().sum::<f64>() / N as f64;
            let want = a / (a + b);
            let sd = (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt();
            assert!(
                (mean - want).abs() < 5.0 * sd / (N as f64).sqrt(),
                "{a} {b} {mean}"
            );
        }
    }
}
