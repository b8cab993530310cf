//! Diversity indices of one composition (weights per category).
//!
//! Every function takes the composition as a slice of weights, one per category. Categories of
//! weight zero are absent: they change no index. Entries that are not finite non-negative numbers
//! are treated as absent by the single-index functions, so that they stay total; [`diversity`]
//! refuses them (see [`check_composition`]). When the total weight is zero, richness is 0 and
//! every other index is `None`. No function returns NaN, an infinity or −0.

use super::disparity::Disparity;

/// Whether a weight counts as a present category.
fn present(w: f64) -> bool {
    w.is_finite() && w > 0.0
}

/// The total weight of the present categories; `None` when it is zero or overflows.
fn total(composition: &[f64]) -> Option<f64> {
    let total: f64 = composition.iter().filter(|w| present(**w)).sum();
    (total.is_finite() && total > 0.0).then_some(total)
}

/// Shares pᵢ = wᵢ / Σw of the present categories, in input order; `None` when nothing is present
/// or the total overflows.
fn shares(composition: &[f64]) -> Option<Vec<f64>> {
    let total = total(composition)?;
    Some(
        composition
            .iter()
            .filter(|w| present(**w))
            .map(|w| w / total)
            .collect(),
    )
}

/// Σ pᵢ² over the present categories.
fn sum_of_squares(p: &[f64]) -> f64 {
    p.iter().map(|x| x * x).sum()
}

/// Keeps a value that rounding may push just outside `[lo, hi]` inside it (and turns −0 into +0).
fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x > lo {
        x.min(hi)
    } else {
        lo
    }
}

/// Variety: the number of categories of positive weight (Stirling 2007; Hill number of order 0).
///
/// # Arguments
/// * `composition` — weights per category (zeros allowed).
///
/// # Returns
/// The count of finite positive weights; 0 for an empty composition.
///
/// # Complexity
/// O(n).
pub fn richness(composition: &[f64]) -> usize {
    composition.iter().filter(|w| present(**w)).count()
}

/// Shannon entropy H = −Σ pᵢ ln pᵢ, natural logarithm (Shannon 1948).
///
/// # Arguments
/// * `composition` — weights per category (zeros allowed).
///
/// # Returns
/// H in `[0, ln S]` (nats); `None` when the total weight is zero.
///
/// # Complexity
/// O(n).
///
/// # Examples
/// ```
/// use ptce::diversity::shannon;
/// let h = shannon(&[1.0, 1.0, 0.0, 1.0, 1.0]).unwrap();
/// assert!((h - 4f64.ln()).abs() < 1e-15);
/// assert_eq!(shannon(&[0.0, 0.0]), None);
/// ```
pub fn shannon(composition: &[f64]) -> Option<f64> {
    let p = shares(composition)?;
    let h = p.iter().fold(0.0, |h, x| h - x * x.ln());
    Some(clamp(h, 0.0, f64::INFINITY))
}

/// Pielou's evenness J = H / ln S (Pielou 1966), the balance of Stirling (2007).
///
/// # Arguments
/// * `composition` — weights per category (zeros allowed).
///
/// # Returns
/// J in `[0, 1]` (clamped against rounding); `None` when fewer than two categories are present
/// (ln S = 0).
///
/// # Complexity
/// O(n).
pub fn pielou(composition: &[f64]) -> Option<f64> {
    let s = richness(composition);
    if s <= 1 {
        return None;
    }
    Some(clamp(shannon(composition)? / (s as f64).ln(), 0.0, 1.0))
}

/// Simpson's concentration λ = Σ pᵢ² (Simpson 1949, population form).
///
/// The probability that two draws with replacement fall in the same category.
///
/// # Arguments
/// * `composition` — weights per category (zeros allowed).
///
/// # Returns
/// λ in `[1/S, 1]`; `None` when the total weight is zero.
///
/// # Complexity
/// O(n).
pub fn simpson(composition: &[f64]) -> Option<f64> {
    shares(composition).map(|p| clamp(sum_of_squares(&p), 0.0, 1.0))
}

/// Gini–Simpson index 1 − Σ pᵢ², equal to Blau's (1977) heterogeneity index.
///
/// # Arguments
/// * `composition` — weights per category (zeros allowed).
///
/// # Returns
/// A value in `[0, 1 − 1/S]`; `None` when the total weight is zero.
///
/// # Complexity
/// O(n).
pub fn gini_simpson(composition: &[f64]) -> Option<f64> {
    simpson(composition).map(|l| clamp(1.0 - l, 0.0, 1.0))
}

/// Herfindahl–Hirschman index on the economists' 0–10,000 scale: Σ (100 pᵢ)².
///
/// Shares are in percent, as in the U.S. Horizontal Merger Guidelines (2023: above 1,800 is
/// "highly concentrated"); on a 0–1 scale the index would repeat [`simpson`] exactly.
///
/// # Arguments
/// * `composition` — weights per category (zeros allowed).
///
/// # Returns
/// HHI in `[10,000/S, 10,000]`; `None` when the total weight is zero.
///
/// # Complexity
/// O(n).
pub fn hhi(composition: &[f64]) -> Option<f64> {
    simpson(composition).map(|l| 10_000.0 * l)
}

/// Hill number (effective number of categories) of order q (Hill 1973; Jost 2006):
/// ᵠD = (Σ pᵢ^q)^(1/(1−q)), with ¹D = exp(H) and ^∞D = 1 / max pᵢ.
///
/// Orders 0, 1, 2 and ±∞ use their closed forms. Near q = 1 the sum is computed as
/// ln(1 + Σ pᵢ·expm1((q−1) ln pᵢ)) to keep full precision; elsewhere as a log-sum-exp, so no
/// power overflows.
///
/// # Arguments
/// * `composition` — weights per category (zeros allowed).
/// * `q` — the order; any real number or ±∞ (q < 0 weighs rare categories most).
///
/// # Returns
/// ᵠD, non-increasing in q, in `[1, S]` for q ≥ 0; `None` when the total weight is zero, q is NaN,
/// or the value is not representable (q ≪ 0 with tiny shares).
///
/// # Complexity
/// O(n).
///
/// # Examples
/// ```
/// use ptce::diversity::hill;
/// let c = [2.0, 1.0, 1.0];
/// assert_eq!(hill(&c, 0.0), Some(3.0));
/// assert!((hill(&c, 2.0).unwrap() - 1.0 / 0.375).abs() < 1e-12);
/// assert_eq!(hill(&c, f64::INFINITY), Some(2.0));
/// ```
pub fn hill(composition: &[f64], q: f64) -> Option<f64> {
    let p = shares(composition)?;
    let d = if q.is_nan() {
        return None;
    } else if q == 0.0 {
        p.len() as f64
    } else if q == 1.0 {
        shannon(composition)?.exp()
    } else if q == 2.0 {
        1.0 / sum_of_squares(&p)
    } else if q == f64::INFINITY {
        1.0 / p.iter().fold(0.0, |m: f64, x| m.max(*x))
    } else if q == f64::NEG_INFINITY {
        1.0 / p.iter().fold(1.0, |m: f64, x| m.min(*x))
    } else if (q - 1.0).abs() < 0.5 {
        // ln Σ pᵢ^q = ln Σ pᵢ e^{(q−1) ln pᵢ} = ln(1 + Σ pᵢ (e^{(q−1) ln pᵢ} − 1)), as Σ pᵢ = 1.
        // A share that underflowed to 0 contributes its limit 0 (not 0 · ∞).
        let s: f64 = p
            .iter()
            .filter(|x| **x > 0.0)
            .map(|x| x * ((q - 1.0) * x.ln()).exp_m1())
            .sum();
        (s.ln_1p() / (1.0 - q)).exp()
    } else {
        let logs: Vec<f64> = p.iter().map(|x| q * x.ln()).collect();
        let m = logs.iter().fold(f64::NEG_INFINITY, |m, x| m.max(*x));
        let log_sum = m + logs.iter().map(|x| (x - m).exp()).sum::<f64>().ln();
        (log_sum / (1.0 - q)).exp()
    };
    let s = p.len() as f64;
    let bounded = if q >= 0.0 {
        clamp(d, 1.0, s)
    } else {
        clamp(d, s, f64::INFINITY)
    };
    d.is_finite().then_some(bounded)
}

/// Hill number of order 0: the richness S as a real number (Jost 2006).
///
/// # Arguments
/// * `composition` — weights per category (zeros allowed).
///
/// # Returns
/// S; `None` when the total weight is zero.
///
/// # Complexity
/// O(n).
pub fn hill_0(composition: &[f64]) -> Option<f64> {
    hill(composition, 0.0)
}

/// Hill number of order 1: exp(H), the exponential of Shannon entropy (Jost 2006).
///
/// # Arguments
/// * `composition` — weights per category (zeros allowed).
///
/// # Returns
/// exp(H) in `[1, S]`; `None` when the total weight is zero.
///
/// # Complexity
/// O(n).
pub fn hill_1(composition: &[f64]) -> Option<f64> {
    hill(composition, 1.0)
}

/// Hill number of order 2: 1 / Σ pᵢ², the inverse Simpson concentration (Jost 2006).
///
/// # Arguments
/// * `composition` — weights per category (zeros allowed).
///
/// # Returns
/// 1/λ in `[1, S]`; `None` when the total weight is zero.
///
/// # Complexity
/// O(n).
pub fn hill_2(composition: &[f64]) -> Option<f64> {
    hill(composition, 2.0)
}

/// Rao–Stirling diversity D = Σ_{i≠j} dᵢⱼ pᵢ pⱼ over ordered pairs (Stirling 2007, α = β = 1).
///
/// Summing over ordered pairs makes D equal to [`gini_simpson`] when every dᵢⱼ = 1 (i ≠ j).
///
/// # Arguments
/// * `composition` — weights per category (zeros allowed).
/// * `disparity` — distances between the same categories, in the same order.
///
/// # Returns
/// D in `[0, max dᵢⱼ · (1 − 1/S)]`; `None` when the total weight is zero or the disparity does not
/// have one category per weight.
///
/// # Complexity
/// O(n²).
///
/// # Examples
/// ```
/// use ptce::diversity::{rao_stirling, Disparity};
/// // Two divisions of section Q (distance 2/3) and one of section P (distance 1).
/// let d = Disparity::naf_tree(&["86", "88", "85"]);
/// let r = rao_stirling(&[1.0, 1.0, 2.0], &d).unwrap();
/// // 2 · (2/3 · 1/4 · 1/4 + 1 · 1/4 · 1/2 + 1 · 1/4 · 1/2) = 1/12 + 1/2
/// assert!((r - (1.0 / 12.0 + 0.5)).abs() < 1e-15);
/// ```
pub fn rao_stirling(composition: &[f64], disparity: &Disparity) -> Option<f64> {
    if disparity.len() != composition.len() {
        return None;
    }
    let total = total(composition)?;
    let p: Vec<f64> = composition
        .iter()
        .map(|w| if present(*w) { w / total } else { 0.0 })
        .collect();
    let mut sum = 0.0;
    for (i, pi) in p.iter().enumerate() {
        let row: f64 = p
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(j, pj)| disparity.get(i, j).unwrap_or(0.0) * pj)
            .sum();
        sum += pi * row;
    }
    Some(clamp(sum, 0.0, f64::INFINITY))
}

/// Why [`diversity`] refused a composition.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompositionError {
    /// A weight is negative, NaN or infinite.
    #[error("weight `{value}` of category {index} (0-based); expected a finite number ≥ 0")]
    InvalidWeight {
        /// Position of the weight in the composition.
        index: usize,
        /// The weight.
        value: f64,
    },
    /// The disparity is not over as many categories as the composition has weights.
    #[error("disparity over {disparity} categories for a composition of {categories}; expected the same categories in the same order")]
    DisparitySize {
        /// Number of weights.
        categories: usize,
        /// Number of categories of the disparity.
        disparity: usize,
    },
}

/// Checks that every weight is a finite number ≥ 0.
///
/// # Arguments
/// * `composition` — weights per category.
///
/// # Returns
/// `Ok(())`, or the first invalid weight.
///
/// # Complexity
/// O(n).
pub fn check_composition(composition: &[f64]) -> Result<(), CompositionError> {
    match composition
        .iter()
        .position(|w| !(w.is_finite() && *w >= 0.0))
    {
        Some(index) => Err(CompositionError::InvalidWeight {
            index,
            value: composition[index],
        }),
        None => Ok(()),
    }
}

/// Every diversity index of one composition. `None` means undefined (written as an empty cell).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Diversity {
    /// Number of categories present.
    pub richness: usize,
    /// Shannon entropy, natural log.
    pub shannon: Option<f64>,
    /// Pielou evenness H / ln S.
    pub pielou: Option<f64>,
    /// Simpson concentration Σ pᵢ².
    pub simpson: Option<f64>,
    /// Gini–Simpson = Blau index 1 − Σ pᵢ².
    pub gini_simpson: Option<f64>,
    /// Hill number of order 0 (= richness).
    pub hill_0: Option<f64>,
    /// Hill number of order 1 (= exp H).
    pub hill_1: Option<f64>,
    /// Hill number of order 2 (= 1 / Σ pᵢ²).
    pub hill_2: Option<f64>,
    /// Herfindahl–Hirschman index, 0–10,000.
    pub hhi: Option<f64>,
    /// Rao–Stirling diversity.
    pub rao_stirling: Option<f64>,
}

impl Diversity {
    /// The index names, in output order; they are the `index` column values of `diversity.csv`.
    pub const INDEX_NAMES: [&'static str; 10] = [
        "richness",
        "shannon",
        "pielou",
        "simpson",
        "gini_simpson",
        "hill_0",
        "hill_1",
        "hill_2",
        "hhi",
        "rao_stirling",
    ];

    /// The indices as (name, value) pairs in [`Diversity::INDEX_NAMES`] order, richness as a real.
    ///
    /// # Returns
    /// Ten pairs; richness is always `Some`.
    ///
    /// # Complexity
    /// O(1).
    pub fn values(&self) -> [(&'static str, Option<f64>); 10] {
        let v = [
            Some(self.richness as f64),
            self.shannon,
            self.pielou,
            self.simpson,
            self.gini_simpson,
            self.hill_0,
            self.hill_1,
            self.hill_2,
            self.hhi,
            self.rao_stirling,
        ];
        let mut out = [("", None); 10];
        for (k, (name, value)) in Self::INDEX_NAMES.iter().zip(v).enumerate() {
            out[k] = (*name, value);
        }
        out
    }
}

/// Computes every index of a composition.
///
/// # Arguments
/// * `composition` — weights per category (member counts or employees), zeros allowed.
/// * `disparity` — distances between the same categories in the same order, for Rao–Stirling;
///   `None` means distance 1 between any two different categories (then Rao–Stirling equals
///   Gini–Simpson), the rule for actor types and thematic sectors.
///
/// # Returns
/// A [`Diversity`]; for a total weight of zero, richness 0 and every other index `None`. An error
/// when a weight is negative or not finite, or the disparity has another number of categories.
///
/// # Complexity
/// O(n²) for Rao–Stirling, O(n) for the rest.
///
/// # Examples
/// ```
/// use ptce::diversity::diversity;
/// let d = diversity(&[3.0, 1.0], None).unwrap();
/// assert_eq!(d.richness, 2);
/// assert_eq!(d.simpson, Some(0.625)); // 9/16 + 1/16
/// assert_eq!(d.gini_simpson, d.rao_stirling);
/// assert_eq!(d.hhi, Some(6250.0));
/// ```
pub fn diversity(
    composition: &[f64],
    disparity: Option<&Disparity>,
) -> Result<Diversity, CompositionError> {
    check_composition(composition)?;
    if let Some(d) = disparity.filter(|d| d.len() != composition.len()) {
        return Err(CompositionError::DisparitySize {
            categories: composition.len(),
            disparity: d.len(),
        });
    }
    let rao = match disparity {
        Some(d) => rao_stirling(composition, d),
        None => gini_simpson(composition),
    };
    Ok(Diversity {
        richness: richness(composition),
        shannon: shannon(composition),
        pielou: pielou(composition),
        simpson: simpson(composition),
        gini_simpson: gini_simpson(composition),
        hill_0: hill_0(composition),
        hill_1: hill_1(composition),
        hill_2: hill_2(composition),
        hhi: hhi(composition),
        rao_stirling: rao,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hill_near_order_one_with_a_share_that_underflows() {
        // The second share is 2.2e-308 / 1e200 = 0 in floats: its limit contribution is 0, so
        // the Hill number is that of one category, 1 (it was 0 · ∞ = NaN → None).
        let d = hill(&[1e200, f64::MIN_POSITIVE], 0.9).unwrap();
        assert!((d - 1.0).abs() < 1e-12, "{d}");
    }
    use rand_core::{RngCore, SeedableRng};

    /// A random composition of 1–40 categories, about a third of them zero, integer or real.
    fn random_composition(rng: &mut rand_pcg::Pcg64) -> Vec<f64> {
        let n = 1 + (rng.next_u32() % 40) as usize;
        let real = rng.next_u32() & 1 == 0;
        (0..n)
            .map(|_| match rng.next_u32() % 3 {
                0 => 0.0,
                _ if real => (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 500.0,
                _ => (1 + rng.next_u32() % 20) as f64,
            })
            .collect()
    }

    /// Slack for bounds reached with equality (uniform compositions): 1e-12.
    const SLACK: f64 = 1e-12;

    #[test]
    fn bounds_hold_on_random_compositions() {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(2007);
        for k in 0..2_000 {
            let c = random_composition(&mut rng);
            let s = richness(&c);
            let Some(d) = diversity(&c, None).ok().filter(|_| s > 0) else {
                assert_eq!(shannon(&c), None, "case {k}");
                continue;
            };
            let sf = s as f64;
            let gs = d.gini_simpson.unwrap();
            assert!(
                (0.0..=1.0 - 1.0 / sf + SLACK).contains(&gs),
                "case {k}: {gs}"
            );
            if let Some(j) = d.pielou {
                assert!((0.0..=1.0).contains(&j), "case {k}: pielou {j}");
            } else {
                assert_eq!(s, 1);
            }
            let (h0, h1, h2) = (d.hill_0.unwrap(), d.hill_1.unwrap(), d.hill_2.unwrap());
            assert_eq!(h0, sf);
            assert!(
                h0 >= h1 - SLACK && h1 >= h2 - SLACK && h2 >= 1.0,
                "case {k}"
            );
            assert!(d.shannon.unwrap() <= sf.ln() + SLACK, "case {k}");
            assert_eq!(d.rao_stirling, d.gini_simpson, "d = 1 gives Gini–Simpson");
            let hhi = d.hhi.unwrap();
            assert!(
                (10_000.0 / sf - SLACK * 1e4..=10_000.0).contains(&hhi),
                "case {k}"
            );
            for value in d.values().iter().filter_map(|(_, v)| *v) {
                assert!(value.is_finite() && value.to_bits() != (-0.0f64).to_bits());
            }
        }
    }

    /// Permuting the categories (and the disparity with them) changes no index, beyond the
    /// rounding of a reordered sum (1e-12 relative).
    #[test]
    fn permutation_changes_nothing() {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(1949);
        for k in 0..500 {
            let c = random_composition(&mut rng);
            let labels: Vec<String> = (0..c.len())
                .map(|i| format!("{:02}", 10 + i % 24))
                .collect();
            let mut order: Vec<usize> = (0..c.len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, (rng.next_u32() as usize) % (i + 1));
            }
            let pc: Vec<f64> = order.iter().map(|&i| c[i]).collect();
            let pl: Vec<&String> = order.iter().map(|&i| &labels[i]).collect();
            let a = diversity(&c, Some(&Disparity::naf_tree(&labels))).unwrap();
            let b = diversity(&pc, Some(&Disparity::naf_tree(&pl))).unwrap();
            assert_eq!(a.richness, b.richness);
            for ((name, x), (_, y)) in a.values().iter().zip(b.values()) {
                match (x, y) {
                    (Some(x), Some(y)) => {
                        assert!(
                            (x - y).abs() <= 1e-12 * x.abs().max(1.0),
                            "case {k}: {name}"
                        )
                    }
                    (None, None) => {}
                    _ => panic!("case {k}: {name} {x:?} vs {y:?}"),
                }
            }
        }
    }

    #[test]
    fn empty_and_invalid_compositions() {
        for c in [&[][..], &[0.0, 0.0][..]] {
            let d = diversity(c, None).unwrap();
            assert_eq!(d.richness, 0);
            assert!(d.values().iter().skip(1).all(|(_, v)| v.is_none()));
            assert_eq!(d.values()[0], ("richness", Some(0.0)));
        }
        assert_eq!(
            diversity(&[1.0, -2.0], None),
            Err(CompositionError::InvalidWeight {
                index: 1,
                value: -2.0
            })
        );
        assert!(diversity(&[1.0, f64::NAN], None).is_err());
        let d = Disparity::uniform(&["a", "b"]);
        assert_eq!(
            diversity(&[1.0, 2.0, 3.0], Some(&d)),
            Err(CompositionError::DisparitySize {
                categories: 3,
                disparity: 2
            })
        );
        // The single-index functions stay total: invalid entries are absent, sizes mismatch → None.
        assert_eq!(richness(&[1.0, f64::NAN, -1.0, f64::INFINITY]), 1);
        assert_eq!(rao_stirling(&[1.0, 2.0, 3.0], &d), None);
        assert_eq!(hill(&[1.0, 2.0], f64::NAN), None);
        assert_eq!(shannon(&[f64::MAX, f64::MAX]), None, "overflowing total");
    }

    #[test]
    fn hill_is_continuous_and_non_increasing_in_q() {
        let c = [5.0, 3.0, 1.0, 1.0, 0.5];
        let h1 = hill_1(&c).unwrap();
        for eps in [1e-3, 1e-6, 1e-9, 1e-12] {
            for q in [1.0 - eps, 1.0 + eps] {
                let got = hill(&c, q).unwrap();
                // |dD/dq| is below 1 here, so |D(q) − D(1)| ≤ eps (+ 1e-14 of rounding).
                assert!((got - h1).abs() <= eps + 1e-14, "q = {q}: {got} vs {h1}");
            }
        }
        let qs = [
            -3.0,
            -1.0,
            0.0,
            0.25,
            0.5,
            0.99,
            1.0,
            1.01,
            1.49,
            1.51,
            2.0,
            4.0,
            50.0,
            f64::INFINITY,
        ];
        let values: Vec<f64> = qs.iter().map(|q| hill(&c, *q).unwrap()).collect();
        for (k, w) in values.windows(2).enumerate() {
            assert!(
                w[0] >= w[1] - 1e-12,
                "order {} → {}: {w:?}",
                qs[k],
                qs[k + 1]
            );
        }
        assert_eq!(hill(&c, f64::NEG_INFINITY), Some(21.0));
        // (Σ pᵢ^q)^{1/(1−q)} with p₂ = 5e-324 is about 1e323·(1000/1001) → e^743.7: not an f64.
        assert_eq!(hill(&[1.0, 5e-324], -1000.0), None);
        assert_eq!(hill(&[1.0, 5e-324], f64::NEG_INFINITY), None);
        assert!(
            hill(&[1.0, 1e-300], -5.0).is_some_and(|d| d.is_finite()),
            "1e250 is fine"
        );
    }
}
