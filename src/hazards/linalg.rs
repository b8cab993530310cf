//! Small dense linear algebra for the hazard models: the LDLᵀ Cholesky factorization of
//! R `survival`'s `cholesky2.c` (with its singularity tolerance), solves and inverses of
//! symmetric positive definite matrices, and quadratic forms `bᵀ V⁻¹ b` as in
//! `survival::coxph.wtest`. Matrices are `Vec<Vec<f64>>`, row-major and square.

// Matrix and risk-set code indexes several arrays by the same subscript, as the C and
// Fortran routines it follows; iterator chains would hide that correspondence.
#![allow(clippy::needless_range_loop)]

/// The singularity tolerance of R `coxph.control(toler.chol = .Machine$double.eps^0.75)`.
pub const TOLER_CHOL: f64 = 1.818_989_403_545_856_5e-12;

/// LDLᵀ factorization of a symmetric matrix, as `cholesky2.c` of R `survival`.
///
/// # Arguments
/// * `m` - a symmetric `n × n` matrix (only the upper triangle is read).
/// * `toler` - a pivot below `toler · max(diagonal)` marks its column as redundant.
///
/// # Returns
/// `Some(factor)` (unit lower triangle below the diagonal, D on it) when the matrix is
/// positive definite to the tolerance; `None` when some pivot is redundant, non-finite or
/// negative (rank deficient).
///
/// # Complexity
/// O(n³).
pub fn ldl(m: &[Vec<f64>], toler: f64) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut a: Vec<Vec<f64>> = m.to_vec();
    let mut eps = 0.0_f64;
    for i in 0..n {
        if a[i][i] > eps {
            eps = a[i][i];
        }
        for j in (i + 1)..n {
            a[j][i] = a[i][j];
        }
    }
    eps = if eps == 0.0 { toler } else { eps * toler };
    for i in 0..n {
        let pivot = a[i][i];
        if !pivot.is_finite() || pivot < eps {
            return None;
        }
        for j in (i + 1)..n {
            let temp = a[j][i] / pivot;
            a[j][i] = temp;
            a[j][j] -= temp * temp * pivot;
            for k in (j + 1)..n {
                a[k][j] -= temp * a[k][i];
            }
        }
    }
    Some(a)
}

/// Solves `M x = b` from the factor returned by [`ldl`] (as `chsolve2.c`).
///
/// # Arguments
/// * `f` - the LDLᵀ factor of `M`.
/// * `b` - the right-hand side, of length `n`.
///
/// # Returns
/// The solution `x`.
pub fn ldl_solve(f: &[Vec<f64>], b: &[f64]) -> Vec<f64> {
    let n = f.len();
    let mut y: Vec<f64> = b.to_vec();
    for i in 0..n {
        let mut temp = y[i];
        for j in 0..i {
            temp -= y[j] * f[i][j];
        }
        y[i] = temp;
    }
    for i in (0..n).rev() {
        let mut temp = y[i] / f[i][i];
        for j in (i + 1)..n {
            temp -= y[j] * f[j][i];
        }
        y[i] = temp;
    }
    y
}

/// Inverse of a symmetric positive definite matrix through [`ldl`].
///
/// # Arguments
/// * `m` - the matrix; `toler` - as in [`ldl`].
///
/// # Returns
/// `Some(M⁻¹)`, symmetric; `None` when `M` is singular to the tolerance.
pub fn inverse(m: &[Vec<f64>], toler: f64) -> Option<Vec<Vec<f64>>> {
    let f = ldl(m, toler)?;
    let n = m.len();
    let mut inv = vec![vec![0.0; n]; n];
    for j in 0..n {
        let mut e = vec![0.0; n];
        e[j] = 1.0;
        let col = ldl_solve(&f, &e);
        for i in 0..n {
            inv[i][j] = col[i];
        }
    }
    for i in 0..n {
        for j in 0..i {
            let v = 0.5 * (inv[i][j] + inv[j][i]);
            inv[i][j] = v;
            inv[j][i] = v;
        }
    }
    Some(inv)
}

/// The quadratic form `bᵀ M⁻¹ b`, as `survival::coxph.wtest` computes Wald and score tests.
///
/// # Arguments
/// * `m` - a symmetric positive definite matrix; `b` - a vector of the same order.
///
/// # Returns
/// `Some(statistic)`; `None` when `M` is singular to [`TOLER_CHOL`].
pub fn quad_form_inv(m: &[Vec<f64>], b: &[f64]) -> Option<f64> {
    let f = ldl(m, TOLER_CHOL)?;
    let x = ldl_solve(&f, b);
    Some(b.iter().zip(&x).map(|(u, v)| u * v).sum())
}

/// `Aᵀ A` for a matrix given by rows (each of length `p`).
///
/// # Arguments
/// * `rows` - the rows of `A`; `p` - its number of columns.
///
/// # Returns
/// The `p × p` cross-product, accumulated in row order.
pub fn crossprod(rows: &[Vec<f64>], p: usize) -> Vec<Vec<f64>> {
    let mut out = vec![vec![0.0; p]; p];
    for r in rows {
        for i in 0..p {
            for j in 0..p {
                out[i][j] += r[i] * r[j];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_of_known_matrix() {
        let m = vec![vec![4.0, 2.0], vec![2.0, 3.0]];
        let inv = inverse(&m, TOLER_CHOL).unwrap();
        // det = 8: inverse [[3, -2], [-2, 4]] / 8.
        assert!((inv[0][0] - 0.375).abs() < 1e-15);
        assert!((inv[0][1] + 0.25).abs() < 1e-15);
        assert!((inv[1][1] - 0.5).abs() < 1e-15);
        assert!((quad_form_inv(&m, &[1.0, 1.0]).unwrap() - 0.375).abs() < 1e-15);
    }

    #[test]
    fn singular_matrix_is_rejected() {
        let m = vec![vec![1.0, 2.0], vec![2.0, 4.0]];
        assert!(ldl(&m, TOLER_CHOL).is_none());
    }
}
