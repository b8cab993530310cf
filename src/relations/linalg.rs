//! Small dense linear algebra for the relational models (p × p matrices, p the number of
//! covariates): Cholesky solves and inverses of symmetric positive-definite matrices.

// Small dense matrices read best with explicit indices.
#![allow(clippy::needless_range_loop)]

/// Cholesky factor of a symmetric positive-definite matrix, `None` if not positive definite.
fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let p = a.len();
    let mut l = vec![vec![0.0; p]; p];
    for i in 0..p {
        for j in 0..=i {
            let s: f64 = a[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if s.is_nan() || s <= 1e-13 * a[i][i].abs().max(f64::MIN_POSITIVE) {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    Some(l)
}

/// Solves A x = v for symmetric positive-definite A.
///
/// # Returns
/// The solution, or `None` when A is not (numerically) positive definite.
pub fn solve(a: &[Vec<f64>], v: &[f64]) -> Option<Vec<f64>> {
    let l = cholesky(a)?;
    let p = v.len();
    let mut y = vec![0.0; p];
    for i in 0..p {
        y[i] = (v[i] - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
    }
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        x[i] = (y[i] - (i + 1..p).map(|k| l[k][i] * x[k]).sum::<f64>()) / l[i][i];
    }
    Some(x)
}

/// Inverse of a symmetric positive-definite matrix (symmetrized).
///
/// # Returns
/// The inverse, or `None` when A is not (numerically) positive definite.
pub fn invert(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let p = a.len();
    let mut cols = Vec::with_capacity(p);
    for j in 0..p {
        let e: Vec<f64> = (0..p).map(|i| if i == j { 1.0 } else { 0.0 }).collect();
        cols.push(solve(a, &e)?);
    }
    Some(
        (0..p)
            .map(|i| (0..p).map(|j| 0.5 * (cols[j][i] + cols[i][j])).collect())
            .collect(),
    )
}

/// Product of two square matrices.
pub fn mat_mul(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let p = a.len();
    (0..p)
        .map(|i| {
            (0..p)
                .map(|j| (0..p).map(|k| a[i][k] * b[k][j]).sum())
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_of_known_matrix() {
        let a = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let inv = invert(&a).unwrap();
        let id = mat_mul(&a, &inv);
        for i in 0..2 {
            for j in 0..2 {
                assert!((id[i][j] - if i == j { 1.0 } else { 0.0 }).abs() < 1e-14);
            }
        }
        assert!(solve(&[vec![1.0, 1.0], vec![1.0, 1.0]], &[1.0, 2.0]).is_none());
    }
}
