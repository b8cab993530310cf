//! Benjamini–Hochberg adjustment of p-values for the false discovery rate, as
//! `scipy.stats.false_discovery_control(p, method="bh")` and R's `p.adjust(p, "BH")`.
//!
//! With the m defined p-values sorted increasingly p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted value of p₍ᵢ₎ is
//! min_{j ≥ i} min(1, p₍ⱼ₎·m/j). Undefined p-values (`None`) are not members of the family: m
//! counts only the defined ones, and `None` stays `None` at its position.
//!
//! Reference: Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a
//! practical and powerful approach to multiple testing. *J. R. Statist. Soc. B* 57(1), 289–300.

/// Benjamini–Hochberg adjusted p-values.
///
/// # Arguments
/// * `p` - p-values in [0, 1]; `None` (or a value that is NaN or outside [0, 1]) is left out of the
///   family and returned as `None`.
///
/// # Returns
/// Adjusted p-values in input order.
///
/// # Complexity
/// O(m log m).
///
/// # Examples
/// ```
/// let adj = ptce::stats::benjamini_hochberg(&[Some(0.01), None, Some(0.04), Some(0.03)]);
/// // m = 3: 0.01·3/1 = 0.03; 0.03·3/2 = 0.045; 0.04·3/3 = 0.04 → cumulative min from the top.
/// assert_eq!(adj[1], None);
/// assert!((adj[0].unwrap() - 0.03).abs() < 1e-15);
/// assert!((adj[2].unwrap() - 0.04).abs() < 1e-15 && (adj[3].unwrap() - 0.04).abs() < 1e-15);
/// ```
pub fn benjamini_hochberg(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut idx: Vec<(usize, f64)> = p
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|x| (0.0..=1.0).contains(x)).map(|x| (i, x)))
        .collect();
    let mut out = vec![None; p.len()];
    let m = idx.len();
    if m == 0 {
        return out;
    }
    // Stable sort by value, as numpy's argsort on equal p-values is irrelevant to the result.
    idx.sort_by(|x, y| x.1.total_cmp(&y.1));
    let mf = m as f64;
    let mut running = f64::INFINITY;
    for (rank, &(i, v)) in idx.iter().enumerate().rev() {
        let adj = v * (mf / (rank + 1) as f64);
        running = running.min(adj);
        out[i] = Some(running.min(1.0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scipy_documentation_example() {
        // The example of scipy.stats.false_discovery_control's docstring (printed to 8 digits).
        let ps = [
            0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
            0.5719, 0.6528, 0.7590, 1.000,
        ];
        let want = [
            0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714, 0.06385714, 0.0645, 0.0765, 0.486,
            0.58118182, 0.714875, 0.75323077, 0.81321429, 1.0,
        ];
        let got = benjamini_hochberg(&ps.map(Some));
        for (g, w) in got.iter().zip(want) {
            assert!((g.unwrap() - w).abs() < 5e-9, "{g:?} vs {w}");
        }
    }

    #[test]
    fn none_and_single() {
        assert_eq!(benjamini_hochberg(&[None, None]), vec![None, None]);
        assert_eq!(benjamini_hochberg(&[Some(0.2)]), vec![Some(0.2)]);
        assert_eq!(
            benjamini_hochberg(&[Some(f64::NAN), Some(0.2)]),
            vec![None, Some(0.2)]
        );
    }
}
