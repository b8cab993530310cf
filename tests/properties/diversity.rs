//! Properties of the diversity indices over random compositions and disparity matrices.

use proptest::prelude::*;
use ptce::diversity::{diversity, hill, rao_stirling, richness, Disparity};

use super::BOUND_SLACK;

/// A weight: absent (0), a member count, a head count over six orders of magnitude, or an
/// extreme magnitude (1e-150, 1e150) whose squares under- or overflow. Not more extreme: a
/// share that underflows to exactly 0 (weights 324 orders apart) is the finding kept in
/// `hill_with_a_share_that_underflows`.
fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => Just(0.0),
        4 => (1u32..=50).prop_map(f64::from),
        4 => 1e-3f64..1e3,
        1 => prop_oneof![Just(1e-150), Just(1e150)],
    ]
}

fn composition() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(weight(), 1..=30)
}

/// `lo − slack ≤ x ≤ hi + slack`, the slack relative to the bound's size.
fn within(x: f64, lo: f64, hi: f64) -> bool {
    x >= lo - BOUND_SLACK * lo.abs().max(1.0) && x <= hi + BOUND_SLACK * hi.abs().max(1.0)
}

/// Orders of Hill numbers checked for monotonicity: the closed forms (0, 1, 2, ∞), both sides
/// of the q ≈ 1 branch (|q − 1| < 0.5) and the log-sum-exp branch.
const ORDERS: [f64; 14] = [
    0.0,
    0.25,
    0.5,
    0.5001,
    0.9,
    0.999,
    1.0,
    1.001,
    1.4999,
    1.5,
    2.0,
    3.0,
    40.0,
    f64::INFINITY,
];

proptest! {
    #![proptest_config(crate::config(256))]

    /// Every index within its documented range (`docs/diversity.md`): Shannon in [0, ln S],
    /// Pielou in [0, 1] (undefined iff S < 2), Simpson in [1/S, 1], Gini–Simpson in
    /// [0, 1 − 1/S], HHI in [10,000/S, 10,000], Hill 0/1/2 in [1, S] with ⁰D = S, Rao–Stirling
    /// with uniform distances = Gini–Simpson; all undefined when nothing is present. Slack
    /// `BOUND_SLACK` (relative) for bounds reached with equality by even compositions.
    #[test]
    fn indices_within_bounds(c in composition()) {
        let d = diversity(&c, None).unwrap();
        let s = richness(&c);
        prop_assert_eq!(d.richness, s);
        if s == 0 {
            prop_assert!(d.values().iter().skip(1).all(|(_, v)| v.is_none()), "{d:?}");
            return Ok(());
        }
        let sf = s as f64;
        let h = d.shannon.unwrap();
        prop_assert!(within(h, 0.0, sf.ln()), "shannon {h}, S = {s}");
        match d.pielou {
            None => prop_assert_eq!(s, 1),
            Some(j) => prop_assert!(s >= 2 && (0.0..=1.0).contains(&j), "pielou {j}"),
        }
        let lambda = d.simpson.unwrap();
        prop_assert!(within(lambda, 1.0 / sf, 1.0), "simpson {lambda}, S = {s}");
        let gs = d.gini_simpson.unwrap();
        prop_assert!(within(gs, 0.0, 1.0 - 1.0 / sf), "gini-simpson {gs}, S = {s}");
        prop_assert!((gs - (1.0 - lambda)).abs() <= BOUND_SLACK);
        let hhi = d.hhi.unwrap();
        prop_assert!(within(hhi, 10_000.0 / sf, 10_000.0), "hhi {hhi}, S = {s}");
        prop_assert_eq!(d.hill_0, Some(sf));
        for q in [d.hill_1.unwrap(), d.hill_2.unwrap()] {
            prop_assert!(within(q, 1.0, sf), "hill {q}, S = {s}");
        }
        prop_assert_eq!(d.rao_stirling, d.gini_simpson);
        for (name, v) in d.values() {
            if let Some(x) = v {
                prop_assert!(x.is_finite() && x.to_bits() != (-0.0f64).to_bits(), "{name} = {x}");
            }
        }
    }

    /// Hill numbers are non-increasing in the order q and within [1, S] for q ≥ 0, at fixed
    /// orders across every branch of `hill` and at a random pair q₁ < q₂ (relative slack
    /// `BOUND_SLACK`: different formulas meet at equal values for even compositions).
    #[test]
    fn hill_numbers_non_increasing_in_order(c in composition(), q1 in 0.0f64..60.0, dq in 0.0f64..60.0) {
        let s = richness(&c);
        prop_assume!(s > 0);
        let sf = s as f64;
        let mut orders = ORDERS.to_vec();
        orders.extend([q1, q1 + dq]);
        orders.sort_by(f64::total_cmp);
        let values: Vec<f64> = orders.iter().map(|&q| hill(&c, q).unwrap()).collect();
        for (q, v) in orders.iter().zip(&values) {
            prop_assert!(within(*v, 1.0, sf), "hill(q = {q}) = {v}, S = {s}");
        }
        for k in 1..orders.len() {
            prop_assert!(
                values[k] <= values[k - 1] * (1.0 + BOUND_SLACK),
                "hill(q = {}) = {} > hill(q = {}) = {}",
                orders[k], values[k], orders[k - 1], values[k - 1]
            );
        }
    }

    /// Rao–Stirling with a random symmetric disparity matrix (read through the researcher's
    /// CSV path, values in [0, 1]) lies in [0, max dᵢⱼ (1 − 1/S)], the max over the pairs of
    /// present categories (Σ_{i≠j} dᵢⱼ pᵢ pⱼ ≤ max d · (1 − Σ pᵢ²)); with every distance 1 it
    /// equals Gini–Simpson.
    #[test]
    fn rao_stirling_within_max_disparity(
        (c, upper) in composition().prop_flat_map(|c| {
            let k = c.len();
            (Just(c), prop::collection::vec(prop_oneof![Just(0.0), Just(1.0), 0.0f64..=1.0], k * k))
        })
    ) {
        let k = c.len();
        let labels: Vec<String> = (0..k).map(|i| format!("c{i}")).collect();
        let dist = |i: usize, j: usize| if i == j { 0.0 } else { upper[i.min(j) * k + i.max(j)] };
        let mut text = format!("x,{}\n", labels.join(","));
        for (i, label) in labels.iter().enumerate() {
            let row: Vec<String> = (0..k).map(|j| format!("{:?}", dist(i, j))).collect();
            text.push_str(&format!("{label},{}\n", row.join(",")));
        }
        let disparity = Disparity::from_csv(&text).unwrap();
        let present: Vec<usize> = (0..k).filter(|&i| c[i] > 0.0).collect();
        let r = rao_stirling(&c, &disparity);
        if present.is_empty() {
            prop_assert_eq!(r, None);
            return Ok(());
        }
        let r = r.unwrap();
        let max_d = present
            .iter()
            .flat_map(|&i| present.iter().map(move |&j| (i, j)))
            .map(|(i, j)| dist(i, j))
            .fold(0.0, f64::max);
        let sf = present.len() as f64;
        prop_assert!(within(r, 0.0, max_d * (1.0 - 1.0 / sf)), "rao-stirling {r}, max d {max_d}, S = {sf}");
        let d = diversity(&c, Some(&disparity)).unwrap();
        prop_assert_eq!(d.rao_stirling, Some(r));
        let uniform = rao_stirling(&c, &Disparity::uniform(&labels)).unwrap();
        let gs = diversity(&c, None).unwrap().gini_simpson.unwrap();
        prop_assert!((uniform - gs).abs() <= BOUND_SLACK, "uniform {uniform} vs gini-simpson {gs}");
    }
}

/// Minimal case of a finding (`src/diversity/indices.rs`, `hill`, branch |q − 1| < 0.5): a
/// present category whose share underflows to 0 (weights 1e200 and 2.2e-308) makes
/// `0 · expm1(+∞)` = NaN, so `hill` returns `None` for q in (0.5, 1) although ᵠD ≈ 1 (q = 0.25
/// and q = 1.5 give 1). Unrealistic weights; kept so the fix can be checked.
#[test]
fn hill_with_a_share_that_underflows() {
    let c = [1e200, f64::MIN_POSITIVE];
    assert_eq!(hill(&c, 0.25), Some(1.0));
    assert_eq!(hill(&c, 1.5), Some(1.0));
    let d = hill(&c, 0.9).unwrap();
    assert!((d - 1.0).abs() < 1e-12, "{d}");
}
