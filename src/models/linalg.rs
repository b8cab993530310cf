//! Householder QR decomposition in the layout and sign convention of LINPACK `dqrdc2`/`dqrsl`
//! (the routines behind R's `qr()`, `qr.qty()`, `lm.fit` and `glm.fit`), least-squares solves,
//! the inverse of the triangular factor and small dense matrix helpers.
//!
//! Matrices are stored by column (`cols[j][i]` is row i of column j) as LINPACK does. Unlike
//! `dqrdc2`, a column whose remaining norm falls below `tol` times its original norm is not moved
//! to the end: the decomposition stops and names it, since the models refuse rank-deficient
//! designs (reported as a status) rather than dropping columns silently.

/// A Householder QR decomposition X = QR of an n × k matrix (n ≥ k), LINPACK storage: R on and
/// above the diagonal of `qr`, the Householder vectors below it, their first entries in `qraux`.
#[derive(Debug, Clone)]
pub struct Qr {
    qr: Vec<Vec<f64>>,
    qraux: Vec<f64>,
    n: usize,
}

/// Euclidean norm of a slice, scaled against overflow as BLAS `dnrm2`.
fn norm2(v: &[f64]) -> f64 {
    let scale = v.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    let ss: f64 = v.iter().map(|x| (x / scale) * (x / scale)).sum();
    scale * ss.sqrt()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl Qr {
    /// Householder QR of the n × k matrix given by columns, as LINPACK `dqrdc2` without pivoting.
    ///
    /// # Arguments
    /// * `cols` - k columns of equal length n ≥ k.
    /// * `tol` - relative tolerance for a negligible column (R's `lm`/`qr` use 1e-7).
    ///
    /// # Returns
    /// `Ok(Qr)`, or `Err(j)` with the index of the first column whose norm, after removing its
    /// projection on the columns before it, is below `tol` times its original norm (or a ragged
    /// input, reported as column 0).
    ///
    /// # Complexity
    /// O(n k²).
    pub fn new(mut cols: Vec<Vec<f64>>, tol: f64) -> Result<Qr, usize> {
        let k = cols.len();
        let n = cols.first().map_or(0, Vec::len);
        if n < k || cols.iter().any(|c| c.len() != n) {
            return Err(0);
        }
        let original: Vec<f64> = cols.iter().map(|c| norm2(c)).collect();
        let mut qraux = vec![0.0; k];
        for l in 0..k {
            let (done, rest) = cols.split_at_mut(l + 1);
            let col = &mut done[l];
            let mut nrmxl = norm2(&col[l..]);
            let reference = if original[l] == 0.0 { 1.0 } else { original[l] };
            if nrmxl.is_nan() || nrmxl < tol * reference || nrmxl == 0.0 {
                return Err(l);
            }
            if l + 1 == n {
                // Last row: nothing below the diagonal to annihilate (dqrdc2 stops here too).
                qraux[l] = 0.0;
                break;
            }
            if col[l] != 0.0 {
                nrmxl = nrmxl.copysign(col[l]);
            }
            for v in &mut col[l..] {
                *v /= nrmxl;
            }
            col[l] += 1.0;
            for other in rest.iter_mut() {
                let t = -dot(&col[l..], &other[l..]) / col[l];
                for (o, c) in other[l..].iter_mut().zip(&col[l..]) {
                    *o += t * c;
                }
            }
            qraux[l] = col[l];
            col[l] = -nrmxl;
        }
        Ok(Qr { qr: cols, qraux, n })
    }

    /// Q'y, as LINPACK `dqrsl` (R's `qr.qty`).
    ///
    /// # Arguments
    /// * `y` - a vector of length n.
    ///
    /// # Returns
    /// Q'y (length n); `y` unchanged when its length is not n.
    ///
    /// # Complexity
    /// O(n k).
    pub fn qty(&self, y: &[f64]) -> Vec<f64> {
        let mut y = y.to_vec();
        if y.len() != self.n {
            return y;
        }
        let ju = self.qr.len().min(self.n.saturating_sub(1));
        for j in 0..ju {
            if self.qraux[j] == 0.0 {
                continue;
            }
            let col = &self.qr[j];
            let head = self.qraux[j];
            let t = -(head * y[j] + dot(&col[j + 1..], &y[j + 1..])) / head;
            y[j] += t * head;
            for (yi, c) in y[j + 1..].iter_mut().zip(&col[j + 1..]) {
                *yi += t * c;
            }
        }
        y
    }

    /// Least-squares coefficients b minimizing ‖y − Xb‖ (R b = first k entries of Q'y).
    ///
    /// # Arguments
    /// * `y` - a vector of length n.
    ///
    /// # Returns
    /// The k coefficients (back substitution).
    ///
    /// # Complexity
    /// O(n k).
    pub fn solve(&self, y: &[f64]) -> Vec<f64> {
        let k = self.qr.len();
        let qty = self.qty(y);
        let mut b = vec![0.0; k];
        for i in (0..k).rev() {
            let mut s = qty.get(i).copied().unwrap_or(0.0);
            for (j, bj) in b.iter().enumerate().skip(i + 1) {
                s -= self.qr[j][i] * bj;
            }
            b[i] = s / self.qr[i][i];
        }
        b
    }

    /// (X'X)⁻¹ = R⁻¹R⁻ᵀ, as R's `chol2inv(qr.R(qr))` (the unscaled covariance of `summary.glm`).
    ///
    /// # Returns
    /// The k × k symmetric matrix, by rows.
    ///
    /// # Complexity
    /// O(k³).
    pub fn xtx_inverse(&self) -> Vec<Vec<f64>> {
        let rinv = self.r_inverse();
        let k = rinv.len();
        let mut out = vec![vec![0.0; k]; k];
        for i in 0..k {
            for j in i..k {
                let s: f64 = (j..k).map(|l| rinv[i][l] * rinv[j][l]).sum();
                out[i][j] = s;
                out[j][i] = s;
            }
        }
        out
    }

    /// R⁻¹ (upper triangular, by rows), by back substitution.
    pub fn r_inverse(&self) -> Vec<Vec<f64>> {
        let k = self.qr.len();
        let mut inv = vec![vec![0.0; k]; k];
        for c in 0..k {
            for i in (0..=c).rev() {
                let mut s = if i == c { 1.0 } else { 0.0 };
                for (l, row) in inv.iter().enumerate().take(c + 1).skip(i + 1) {
                    s -= self.qr[l][i] * row[c];
                }
                inv[i][c] = s / self.qr[i][i];
            }
        }
        inv
    }
}

/// Quadratic form a' M b for a square matrix M by rows.
pub fn quad_form(a: &[f64], m: &[Vec<f64>], b: &[f64]) -> f64 {
    a.iter()
        .zip(m)
        .map(|(ai, row)| ai * dot(row, b))
        .sum::<f64>()
}

/// Sandwich A M A for symmetric k × k matrices by rows.
pub fn sandwich(a: &[Vec<f64>], m: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let k = a.len();
    let am: Vec<Vec<f64>> = (0..k)
        .map(|i| {
            (0..k)
                .map(|j| (0..k).map(|l| a[i][l] * m[l][j]).sum())
                .collect()
        })
        .collect();
    (0..k)
        .map(|i| {
            (0..k)
                .map(|j| (0..k).map(|l| am[i][l] * a[l][j]).sum())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Solve and inverse on a 4 × 2 problem against the normal equations, 1e-13; collinear columns
    /// are named.
    #[test]
    fn least_squares_and_rank() {
        let x = vec![vec![1.0; 4], vec![1.0, 2.0, 4.0, 7.0]];
        let y = [1.0, 3.0, 2.0, 5.0];
        let qr = Qr::new(x.clone(), 1e-7).unwrap_or_else(|_| panic!("full rank"));
        let b = qr.solve(&y);
        // Normal equations: slope = Sxy/Sxx with x̄ = 3.5, ȳ = 2.75.
        let sxy: f64 = x[1]
            .iter()
            .zip(&y)
            .map(|(a, c)| (a - 3.5) * (c - 2.75))
            .sum();
        let sxx: f64 = x[1].iter().map(|a| (a - 3.5) * (a - 3.5)).sum();
        assert!((b[1] - sxy / sxx).abs() < 1e-13);
        assert!((b[0] - (2.75 - 3.5 * sxy / sxx)).abs() < 1e-13);
        let inv = qr.xtx_inverse();
        assert!((inv[1][1] - 1.0 / sxx).abs() < 1e-13);
        let bad = vec![vec![1.0; 4], vec![2.0; 4]];
        assert_eq!(Qr::new(bad, 1e-7).err(), Some(1));
    }
}
