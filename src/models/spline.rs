//! Natural cubic spline basis equal to R's `splines::ns(x, df)` (no intercept): boundary knots at
//! the range of x, `df − 1` interior knots at the quantiles (type 7) of x at i/df, the cubic
//! B-spline basis of `splineDesign` without its first column, projected on the null space of the
//! second derivatives at the two boundary knots by the Householder QR of R's `qr()` (LINPACK
//! `dqrdc2`) and `qr.qty()`, so that the columns, signs included, are R's. Outside the boundary
//! knots the basis is extended linearly, as `ns` does.
//!
//! Reference: Hastie (1992), "Generalized additive models", ch. 7 of Chambers & Hastie (eds.),
//! *Statistical Models in S*; de Boor (1978), *A Practical Guide to Splines* (B-spline recursion).

use super::linalg::Qr;

/// Order of the B-splines (cubic).
const ORDER: usize = 4;

/// The knots of a natural spline basis, to evaluate it at new values.
#[derive(Debug, Clone, PartialEq)]
pub struct NaturalSpline {
    /// Lower and upper boundary knots.
    pub boundary: [f64; 2],
    /// Interior knots, increasing.
    pub interior: Vec<f64>,
}

/// Quantile of sorted data, R's type 7: (1 − h) x₍ₗₒ₎ + h x₍ₕᵢ₎ at index 1 + (n − 1)p.
fn quantile7(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    let index = (n as f64 - 1.0) * p;
    let lo = index.floor();
    let h = index - lo;
    let lo = lo as usize;
    let a = *sorted.get(lo)?;
    let b = *sorted.get((lo + 1).min(n - 1))?;
    Some(if h > 0.0 && b != a {
        (1.0 - h) * a + h * b
    } else {
        a
    })
}

/// Values (derivative order `deriv`) of all B-splines of order `ORDER` on `knots` at `x`, where
/// x lies in the knot interval starting at index `mu` (Cox–de Boor recursion, then the derivative
/// formula B'ᵢ,ₖ = (k − 1)(Bᵢ,ₖ₋₁/(tᵢ₊ₖ₋₁ − tᵢ) − Bᵢ₊₁,ₖ₋₁/(tᵢ₊ₖ − tᵢ₊₁)), 0/0 = 0).
fn bsplines(knots: &[f64], mu: usize, x: f64, deriv: usize) -> Vec<f64> {
    let m = knots.len();
    let ratio = |num: f64, den: f64| if den == 0.0 { 0.0 } else { num / den };
    // table[j] = values of the order-(j + 1) B-splines, m − j − 1 of them.
    let mut table: Vec<Vec<f64>> = vec![(0..m - 1).map(|i| f64::from(u8::from(i == mu))).collect()];
    for order in 2..=ORDER - deriv {
        let prev = &table[order - 2];
        let next = (0..m - order)
            .map(|i| {
                ratio(x - knots[i], knots[i + order - 1] - knots[i]) * prev[i]
                    + ratio(knots[i + order] - x, knots[i + order] - knots[i + 1]) * prev[i + 1]
            })
            .collect();
        table.push(next);
    }
    let mut vals = table.pop().unwrap_or_default();
    for order in ORDER - deriv + 1..=ORDER {
        let k1 = (order - 1) as f64;
        vals = (0..m - order)
            .map(|i| {
                k1 * (ratio(vals[i], knots[i + order - 1] - knots[i])
                    - ratio(vals[i + 1], knots[i + order] - knots[i + 1]))
            })
            .collect();
    }
    vals
}

impl NaturalSpline {
    /// Knots of `ns(x, df)`: boundary at the range, interior at the type-7 quantiles i/df.
    ///
    /// # Arguments
    /// * `x` - finite values, at least two distinct.
    /// * `df` - degrees of freedom (number of basis columns), ≥ 1.
    ///
    /// # Returns
    /// `Some(NaturalSpline)`; `None` for df = 0, fewer than two distinct values or non-finite x.
    ///
    /// # Complexity
    /// O(n log n).
    pub fn new(x: &[f64], df: usize) -> Option<NaturalSpline> {
        if df == 0 || x.iter().any(|v| !v.is_finite()) {
            return None;
        }
        let mut sorted = x.to_vec();
        sorted.sort_by(f64::total_cmp);
        let (lo, hi) = (*sorted.first()?, *sorted.last()?);
        if lo >= hi {
            return None;
        }
        let by = 1.0 / df as f64;
        let interior = (1..df)
            .map(|i| quantile7(&sorted, i as f64 * by))
            .collect::<Option<Vec<f64>>>()?;
        Some(NaturalSpline {
            boundary: [lo, hi],
            interior,
        })
    }

    /// The full knot sequence (boundary knots repeated `ORDER` times).
    fn knots(&self) -> Vec<f64> {
        let mut k = vec![self.boundary[0]; ORDER];
        k.extend(&self.interior);
        k.extend([self.boundary[1]; ORDER]);
        k
    }

    /// B-spline values (or a derivative) at x inside the boundary knots, `splineDesign` style
    /// (the right boundary belongs to the last non-empty interval).
    fn design_row(&self, knots: &[f64], x: f64, deriv: usize) -> Vec<f64> {
        let last = knots.len() - ORDER - 1;
        let mu = if x >= self.boundary[1] {
            last
        } else {
            (ORDER - 1..=last)
                .rev()
                .find(|&i| knots[i] <= x)
                .unwrap_or(ORDER - 1)
        };
        bsplines(knots, mu, x, deriv)
    }

    /// The basis at new values: n rows of `df` columns, equal to
    /// `predict(ns(x₀, df), newx = x)` (linear beyond the boundary knots).
    ///
    /// # Arguments
    /// * `x` - values at which to evaluate; finite.
    ///
    /// # Returns
    /// `Some(rows)`; `None` for a non-finite value or knots not strictly inside the boundary.
    ///
    /// # Complexity
    /// O(n df²).
    pub fn basis(&self, x: &[f64]) -> Option<Vec<Vec<f64>>> {
        let [b0, b1] = self.boundary;
        if x.iter().any(|v| !v.is_finite())
            || b0.partial_cmp(&b1) != Some(std::cmp::Ordering::Less)
            || self.interior.iter().any(|k| !(*k > b0 && *k < b1))
        {
            return None;
        }
        let knots = self.knots();
        // Constraint: second derivatives at both boundaries, first B-spline dropped; t(const).
        let constraint: Vec<Vec<f64>> = [b0, b1]
            .iter()
            .map(|&b| self.design_row(&knots, b, 2).split_off(1))
            .collect();
        let qr = Qr::new(constraint, 1e-7).ok()?;
        let mut rows = Vec::with_capacity(x.len());
        for &v in x {
            let full = if v < b0 || v > b1 {
                let pivot = if v < b0 { b0 } else { b1 };
                let value = self.design_row(&knots, pivot, 0);
                let slope = self.design_row(&knots, pivot, 1);
                value
                    .iter()
                    .zip(&slope)
                    .map(|(a, s)| a + (v - pivot) * s)
                    .collect()
            } else {
                self.design_row(&knots, v, 0)
            };
            let projected = qr.qty(full.get(1..)?);
            rows.push(projected.get(2..)?.to_vec());
        }
        Some(rows)
    }
}

/// The basis of R's `splines::ns(x, df = df)` (intercept = FALSE) at the data itself.
///
/// # Arguments
/// * `x` - finite values with at least two distinct; `df` - number of columns, ≥ 1.
///
/// # Returns
/// `Some(rows)`: n rows of `df` values, R's columns in order and sign; `None` as
/// [`NaturalSpline::new`].
///
/// # Complexity
/// O(n log n + n df²).
pub fn ns_basis(x: &[f64], df: usize) -> Option<Vec<Vec<f64>>> {
    NaturalSpline::new(x, df)?.basis(x)
}
