//! Known-answer tests of the diversity indices.
//!
//! 1. Worked cases computed by hand from the definitions — Shannon (1948) H = −Σ pᵢ ln pᵢ;
//!    Simpson (1949) λ = Σ pᵢ²; Hill numbers ᵠD = (Σ pᵢ^q)^{1/(1−q)} with ¹D = exp H (Jost 2006,
//!    Oikos 113: 363–375); Rao–Stirling D = Σ_{i≠j} dᵢⱼ pᵢ pⱼ (Stirling 2007, J. R. Soc. Interface
//!    4(15): 707–719). The expected values are closed forms written in the comments.
//! 2. `random_compositions.json`, written by `tests/oracles/scipy_diversity.py` with
//!    `scipy.stats.entropy` and numpy (30 random compositions of 1–40 categories with zeros).
//!
//! Tolerance everywhere: |got − expected| ≤ 1e-12 · max(1, |expected|) (absolute for indices in
//! [0, 1], relative for Hill numbers and HHI, which reach 40 and 10,000).

use super::*;
use serde::Deserialize;

const TOL: f64 = 1e-12;

fn close(got: Option<f64>, expected: Option<f64>, what: &str) {
    match (got, expected) {
        (Some(g), Some(e)) => assert!(
            (g - e).abs() <= TOL * e.abs().max(1.0),
            "{what}: got {g:e}, expected {e:e}"
        ),
        (None, None) => {}
        _ => panic!("{what}: got {got:?}, expected {expected:?}"),
    }
}

/// One category: p = (1). H = −1·ln 1 = 0; J undefined (ln S = 0); λ = 1; 1 − λ = 0;
/// every Hill number = (1^q)^{1/(1−q)} = 1; HHI = 100² = 10,000; Rao–Stirling has no pair: 0.
#[test]
fn one_category() {
    let d = diversity(
        &[0.0, 5.0, 0.0],
        Some(&Disparity::naf_tree(&["Q", "P", "A"])),
    )
    .unwrap();
    assert_eq!(d.richness, 1);
    assert_eq!(d.shannon.map(f64::to_bits), Some(0), "exactly +0, not −0");
    assert_eq!(d.pielou, None);
    let expected = [(d.simpson, 1.0), (d.gini_simpson, 0.0), (d.hhi, 10_000.0)];
    let hills = [
        (d.hill_0, 1.0),
        (d.hill_1, 1.0),
        (d.hill_2, 1.0),
        (d.rao_stirling, 0.0),
    ];
    for (k, (got, e)) in expected.iter().chain(&hills).enumerate() {
        close(*got, Some(*e), &format!("one category, value {k}"));
    }
    close(hill(&[5.0], 0.5), Some(1.0), "¹ᐟ²D");
}

/// Uniform over k = 4 (zeros interleaved, ignored): pᵢ = 1/4. H = −4·(1/4) ln(1/4) = ln 4;
/// J = ln 4 / ln 4 = 1; λ = 4/16 = 1/4; 1 − λ = 3/4; ᵠD = (4·4^{−q})^{1/(1−q)} = 4 for every q
/// (Jost 2006: k equally common categories give D = k at every order); HHI = 4·25² = 2,500;
/// with dᵢⱼ = 1, Rao–Stirling = Σ_{i≠j} 1/16 = 12/16 = 3/4.
#[test]
fn uniform_over_four() {
    let c = [3.0, 0.0, 3.0, 3.0, 0.0, 3.0];
    let d = diversity(&c, None).unwrap();
    assert_eq!(d.richness, 4);
    close(d.shannon, Some(4f64.ln()), "H");
    close(d.pielou, Some(1.0), "J");
    close(d.simpson, Some(0.25), "λ");
    close(d.gini_simpson, Some(0.75), "1 − λ");
    close(d.hhi, Some(2_500.0), "HHI");
    close(d.rao_stirling, Some(0.75), "Rao–Stirling, d = 1");
    for q in [
        0.0,
        0.5,
        1.0,
        1.0 + 1e-9,
        2.0,
        3.0,
        7.5,
        -1.0,
        f64::INFINITY,
    ] {
        close(hill(&c, q), Some(4.0), &format!("{q}D"));
    }
    let labels = ["a", "zero", "b", "c", "zero2", "d"];
    close(
        rao_stirling(&c, &Disparity::uniform(&labels)),
        Some(0.75),
        "uniform",
    );
}

/// Two unequal categories, p = (3/4, 1/4):
/// H = −(3/4) ln(3/4) − (1/4) ln(1/4) = ln 4 − (3/4) ln 3;
/// J = H / ln 2 = 2 − (3/4) log₂ 3; λ = 9/16 + 1/16 = 5/8; 1 − λ = 3/8; HHI = 75² + 25² = 6,250;
/// ¹D = exp H = 4 / 3^{3/4}; ²D = 1/λ = 8/5; ^{1/2}D = (√(3/4) + √(1/4))² = 1 + √3/2;
/// ^{0.9}D = (¾^0.9 + ¼^0.9)^10; ^∞D = 1 / max p = 4/3;
/// ³D = (27/64 + 1/64)^{−1/2} = (7/16)^{−1/2} = 4/√7;
/// Rao–Stirling with d₁₂ = 1/2: 2 · (1/2) · (3/4)(1/4) = 3/16.
#[test]
fn two_unequal_categories() {
    let c = [3.0, 1.0];
    let d = diversity(&c, None).unwrap();
    let h = 4f64.ln() - 0.75 * 3f64.ln();
    close(d.shannon, Some(h), "H");
    close(d.pielou, Some(2.0 - 0.75 * 3f64.log2()), "J");
    close(d.simpson, Some(5.0 / 8.0), "λ");
    close(d.gini_simpson, Some(3.0 / 8.0), "1 − λ");
    close(d.hhi, Some(6_250.0), "HHI");
    close(d.hill_0, Some(2.0), "⁰D");
    close(d.hill_1, Some(4.0 / 3f64.powf(0.75)), "¹D");
    close(d.hill_2, Some(1.6), "²D");
    close(hill(&c, 0.5), Some(1.0 + 3f64.sqrt() / 2.0), "^{1/2}D");
    close(hill(&c, 3.0), Some(4.0 / 7f64.sqrt()), "³D");
    close(hill(&c, f64::INFINITY), Some(4.0 / 3.0), "^∞D");
    // The expm1 branch (|q − 1| < 1/2) against the definition: ^{0.9}D = (¾^0.9 + ¼^0.9)^10.
    let direct = (0.75f64.powf(0.9) + 0.25f64.powf(0.9)).powf(10.0);
    close(hill(&c, 0.9), Some(direct), "^{0.9}D");
    let half = Disparity::from_csv(",x,y\nx,0,0.5\ny,0.5,0\n").unwrap();
    close(
        rao_stirling(&c, &half),
        Some(3.0 / 16.0),
        "Rao–Stirling, d = 1/2",
    );
}

/// A disparity matrix supplied by the researcher (`disparity_sectors.csv`, `;` and decimal
/// commas): d(food, mobility) = 0.5, d(food, culture) = 1, d(mobility, culture) = 0.8.
/// Composition culture 1, food 2, mobility 1 → p = (1/4, 1/2, 1/4) in that order.
/// Rao–Stirling = 2 · [1·(1/4)(1/2) + 0.8·(1/4)(1/4) + 0.5·(1/2)(1/4)] = 2 · (1/8 + 1/20 + 1/16)
/// = 0.475, below Gini–Simpson 1 − (1/16 + 1/4 + 1/16) = 5/8 since every d ≤ 1.
#[test]
fn supplied_disparity_matrix() {
    let text = include_str!("../../tests/fixtures/diversity/disparity_sectors.csv");
    let matrix = Disparity::from_csv(text).unwrap();
    let d = matrix.select(&["culture", "food", "mobility"]).unwrap();
    let result = diversity(&[1.0, 2.0, 1.0], Some(&d)).unwrap();
    close(result.rao_stirling, Some(0.475), "Rao–Stirling");
    close(result.gini_simpson, Some(0.625), "Gini–Simpson");
    assert!(matrix.select(&["food", "youth"]).is_err());
    // The lower-triangle form shown in docs/diversity.md reads as the same matrix.
    let triangle = "sector,food,mobility,culture\nfood,,,\nmobility,0.5,,\nculture,1,0.8,\n";
    assert_eq!(Disparity::from_csv(triangle), Ok(matrix));
}

/// NAF tree: divisions 86 and 88 (section Q, d = 2/3) and 85 (section P, d = 1 to both),
/// p = (1/4, 1/4, 1/2). Rao–Stirling = 2 · [(2/3)(1/16) + (1)(1/8) + (1)(1/8)] = 1/12 + 1/2 = 7/12.
/// At the section level the same members fall in Q and P, p = (1/2, 1/2), d = 1:
/// 2 · (1/2)(1/2) = 1/2.
#[test]
fn naf_tree_disparity() {
    let d = Disparity::naf_tree(&["86", "88", "85"]);
    close(
        rao_stirling(&[1.0, 1.0, 2.0], &d),
        Some(7.0 / 12.0),
        "divisions",
    );
    let s = Disparity::naf_tree(&["Q", "P"]);
    close(rao_stirling(&[2.0, 2.0], &s), Some(0.5), "sections");
}

#[derive(Deserialize)]
struct Fixture {
    orders: Vec<Option<f64>>,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    weights: Vec<f64>,
    disparity: Vec<Vec<f64>>,
    expected: Expected,
}

#[derive(Deserialize)]
struct Expected {
    richness: usize,
    shannon: Option<f64>,
    pielou: Option<f64>,
    simpson: Option<f64>,
    gini_simpson: Option<f64>,
    hill_0: Option<f64>,
    hill_1: Option<f64>,
    hill_2: Option<f64>,
    hhi: Option<f64>,
    rao_stirling: Option<f64>,
    hill_q: Vec<Option<f64>>,
}

/// Writes a numpy matrix as the CSV format researchers use, so the oracle's disparity goes
/// through the real parser.
fn matrix_csv(d: &[Vec<f64>]) -> String {
    let labels: Vec<String> = (0..d.len()).map(|i| format!("c{i}")).collect();
    let mut text = format!("category,{}\n", labels.join(","));
    for (label, row) in labels.iter().zip(d) {
        let cells: Vec<String> = row.iter().map(|v| format!("{v}")).collect();
        text.push_str(&format!("{label},{}\n", cells.join(",")));
    }
    text
}

#[test]
fn scipy_random_compositions() {
    let fixture: Fixture = serde_json::from_str(include_str!(
        "../../tests/fixtures/diversity/random_compositions.json"
    ))
    .unwrap();
    assert_eq!(fixture.cases.len(), 30);
    for (k, case) in fixture.cases.iter().enumerate() {
        let disparity = Disparity::from_csv(&matrix_csv(&case.disparity)).unwrap();
        let got = diversity(&case.weights, Some(&disparity)).unwrap();
        let e = &case.expected;
        assert_eq!(got.richness, e.richness, "case {k}: richness");
        let pairs = [
            (got.shannon, e.shannon, "shannon"),
            (got.pielou, e.pielou, "pielou"),
            (got.simpson, e.simpson, "simpson"),
            (got.gini_simpson, e.gini_simpson, "gini_simpson"),
            (got.hill_0, e.hill_0, "hill_0"),
            (got.hill_1, e.hill_1, "hill_1"),
            (got.hill_2, e.hill_2, "hill_2"),
            (got.hhi, e.hhi, "hhi"),
            (got.rao_stirling, e.rao_stirling, "rao_stirling"),
        ];
        for (g, x, name) in pairs {
            close(g, x, &format!("case {k}: {name}"));
        }
        for (q, x) in fixture.orders.iter().zip(&e.hill_q) {
            let q = q.unwrap_or(f64::INFINITY);
            close(hill(&case.weights, q), *x, &format!("case {k}: hill({q})"));
        }
    }
}
