//! Gray's (1988) k-sample test of equal cumulative incidence, as R `cmprsk::cuminc(...)$Tests`
//! (rho = 0, one stratum): a statement-by-statement port of Gray's Fortran `crstm`/`crst`
//! (cmprsk 2.2-11) and of cuminc's QR solve.

use super::{validate, CompetingObs, EventsError, COMPETING, EVENT};
use crate::stats::special::chi2_sf;

/// Result of Gray's test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GrayTest {
    /// The statistic s′ V⁻¹ s.
    pub statistic: f64,
    /// Degrees of freedom: number of groups with observations − 1.
    pub df: usize,
    /// P(χ²_df > statistic).
    pub p_value: f64,
}

/// Relative tolerance of the rank test of R's `qr` (LINPACK `dqrdc2`).
const QR_TOL: f64 = 1e-7;

/// Gray's test that the cumulative incidence of `cause` is the same in every group.
///
/// Groups without observations are left out (as R drops empty factor levels); the degrees of
/// freedom are the number of remaining groups minus one.
///
/// # Arguments
/// * `obs` - the observations (`entry` ignored), in any order.
/// * `n_groups` - number of groups; every `obs[i].group` must be below it.
/// * `cause` - [`EVENT`] or [`COMPETING`]; the other cause is the competing one.
///
/// # Returns
/// The statistic, its degrees of freedom and its χ² p-value.
///
/// # Errors
/// Invalid input (see [`super::cumulative_incidence`]); [`EventsError::UntestableCause`];
/// [`EventsError::FewerThanTwoGroups`]; [`EventsError::NoEventOfCause`] (cuminc does not test a
/// cause that never occurs); [`EventsError::SingularVariance`] where cuminc reports −1.
///
/// # Complexity
/// O(n log n + n·g + T·g³) for n observations, g groups and T distinct event times.
///
/// # References
/// Gray, R. J. (1988). A class of K-sample tests for comparing the cumulative incidence of a
/// competing risk. *Annals of Statistics* 16, 1141–1154. R package cmprsk, `cuminc`.
pub fn gray_test(
    obs: &[CompetingObs],
    n_groups: usize,
    cause: u8,
) -> Result<GrayTest, EventsError> {
    validate(obs, n_groups, false)?;
    if cause != EVENT && cause != COMPETING {
        return Err(EventsError::UntestableCause(cause));
    }
    // Non-empty groups, renumbered 0..ng in increasing order (R's factor levels).
    let mut code = vec![usize::MAX; n_groups];
    let mut present = vec![false; n_groups];
    for o in obs {
        if let Some(p) = present.get_mut(o.group as usize) {
            *p = true;
        }
    }
    let mut ng = 0;
    for (g, &p) in present.iter().enumerate() {
        if p {
            code[g] = ng;
            ng += 1;
        }
    }
    if ng < 2 {
        return Err(EventsError::FewerThanTwoGroups);
    }
    if !obs.iter().any(|o| o.cause == cause) {
        return Err(EventsError::NoEventOfCause);
    }
    // m: 0 censored, 1 the cause tested, 2 the other cause.
    let mut rows: Vec<(f64, usize, usize)> = obs
        .iter()
        .map(|o| {
            let m = match o.cause {
                0 => 0,
                c if c == cause => 1,
                _ => 2,
            };
            (o.time, m, code[o.group as usize])
        })
        .collect();
    // Content order (time, cause, group): ties do not keep the input order.
    rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (s, v) = crst(&rows, ng);
    let statistic = quadratic_form(&s, &v).ok_or(EventsError::SingularVariance)?;
    let df = ng - 1;
    let p_value = chi2_sf(statistic, df).ok_or(EventsError::SingularVariance)?;
    Ok(GrayTest {
        statistic,
        df,
        p_value,
    })
}

/// Gray's `crst`: scores `s` (first ng − 1 groups) and their variance matrix (ng − 1)², for rows
/// `(time, m, group)` sorted by time, with rho = 0 (so the weight `fb` is 1).
#[allow(clippy::needless_range_loop)] // indices follow the Fortran
fn crst(rows: &[(f64, usize, usize)], ng: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = rows.len();
    let ng1 = ng - 1;
    let mut rs = vec![0usize; ng];
    for &(_, _, g) in rows {
        rs[g] += 1;
    }
    let mut s = vec![0.0; ng1];
    let mut v = vec![0.0; ng1 * (ng1 + 1) / 2];
    let (mut f1m, mut f1) = (vec![0.0; ng], vec![0.0; ng]);
    let (mut skmm, mut skm) = (vec![1.0; ng], vec![1.0; ng]);
    let mut v3 = vec![0.0; ng];
    let mut v2 = vec![vec![0.0; ng]; ng1];
    let mut c = vec![vec![0.0; ng]; ng];
    let mut a = vec![vec![0.0; ng]; ng];
    let mut d = vec![[0usize; 3]; ng];
    let (mut fm, mut f) = (0.0_f64, 0.0_f64);
    let fb = 1.0; // (1 − F(t−))^rho with rho = 0
    let mut ll = 0;
    while ll < n {
        let mut lu = ll;
        while lu + 1 < n && rows[lu + 1].0 <= rows[ll].0 {
            lu += 1;
        }
        for dg in d.iter_mut() {
            *dg = [0; 3];
        }
        for &(_, m, g) in &rows[ll..=lu] {
            d[g][m] += 1;
        }
        let nd1: usize = d.iter().map(|x| x[1]).sum();
        let nd2: usize = d.iter().map(|x| x[2]).sum();
        if nd1 > 0 || nd2 > 0 {
            let (mut tr, mut tq) = (0.0, 0.0);
            for i in 0..ng {
                if rs[i] == 0 {
                    continue;
                }
                let r = rs[i] as f64;
                let td = (d[i][1] + d[i][2]) as f64;
                skm[i] = skmm[i] * (r - td) / r;
                f1[i] = f1m[i] + (skmm[i] * d[i][1] as f64) / r;
                tr += r / skmm[i];
                tq += r * (1.0 - f1m[i]) / skmm[i];
            }
            let nd1f = nd1 as f64;
            f = fm + nd1f / tr;
            for i in 0..ng {
                for j in i..ng {
                    a[i][j] = 0.0;
                }
                if rs[i] == 0 {
                    continue;
                }
                let t1 = rs[i] as f64 / skmm[i];
                a[i][i] = fb * t1 * (1.0 - t1 / tr);
                c[i][i] += a[i][i] * nd1f / (tr * (1.0 - fm));
                for j in i + 1..ng {
                    if rs[j] == 0 {
                        continue;
                    }
                    a[i][j] = -(fb * t1 * rs[j] as f64 / (skmm[j] * tr));
                    c[i][j] += a[i][j] * nd1f / (tr * (1.0 - fm));
                }
            }
            for i in 1..ng {
                for j in 0..i {
                    a[i][j] = a[j][i];
                    c[i][j] = c[j][i];
                }
            }
            for i in 0..ng1 {
                if rs[i] == 0 {
                    continue;
                }
                s[i] +=
                    fb * (d[i][1] as f64 - (nd1 * rs[i]) as f64 * (1.0 - f1m[i]) / (skmm[i] * tq));
            }
            if nd1 > 0 {
                for k in 0..ng {
                    if rs[k] == 0 {
                        continue;
                    }
                    let t4 = if skm[k] > 0.0 {
                        1.0 - (1.0 - f) / skm[k]
                    } else {
                        1.0
                    };
                    let t5 = if nd1 > 1 {
                        1.0 - (nd1 - 1) as f64 / (tr * skmm[k] - 1.0)
                    } else {
                        1.0
                    };
                    let t3 = t5 * skmm[k] * nd1f / (tr * rs[k] as f64);
                    v3[k] += t4 * t4 * t3;
                    for i in 0..ng1 {
                        let t1 = a[i][k] - t4 * c[i][k];
                        v2[i][k] += t1 * t4 * t3;
                        for j in 0..=i {
                            let t2 = a[j][k] - t4 * c[j][k];
                            v[i * (i + 1) / 2 + j] += t1 * t2 * t3;
                        }
                    }
                }
            }
            if nd2 > 0 {
                for k in 0..ng {
                    if skm[k] <= 0.0 || d[k][2] == 0 {
                        continue;
                    }
                    let t4 = (1.0 - f) / skm[k];
                    let r = rs[k] as f64;
                    let t5 = if d[k][2] > 1 {
                        1.0 - (d[k][2] as f64 - 1.0) / (r - 1.0)
                    } else {
                        1.0
                    };
                    let t3 = t5 * ((skmm[k] * skmm[k]) * d[k][2] as f64) / (r * r);
                    v3[k] += t4 * t4 * t3;
                    for i in 0..ng1 {
                        let t1 = t4 * c[i][k];
                        v2[i][k] -= t1 * t4 * t3;
                        for j in 0..=i {
                            let t2 = t4 * c[j][k];
                            v[i * (i + 1) / 2 + j] += t1 * t2 * t3;
                        }
                    }
                }
            }
        }
        if lu + 1 >= n {
            break;
        }
        for &(_, _, g) in &rows[ll..=lu] {
            rs[g] -= 1;
        }
        fm = f;
        f1m.copy_from_slice(&f1);
        skmm.copy_from_slice(&skm);
        ll = lu + 1;
    }
    for i in 0..ng1 {
        for j in 0..=i {
            let l = i * (i + 1) / 2 + j;
            for k in 0..ng {
                v[l] += c[i][k] * c[j][k] * v3[k];
                v[l] += c[i][k] * v2[j][k];
                v[l] += c[j][k] * v2[i][k];
            }
        }
    }
    let mut vs = vec![vec![0.0; ng1]; ng1];
    for i in 0..ng1 {
        for j in 0..=i {
            vs[i][j] = v[i * (i + 1) / 2 + j];
            vs[j][i] = vs[i][j];
        }
    }
    (s, vs)
}

/// s′ V⁻¹ s by Householder QR of V without pivoting, refusing (as R's `qr`, LINPACK `dqrdc2`
/// with tolerance 1e-7, would report a rank below full) a column whose norm below the diagonal
/// falls under 1e-7 times its original norm. Full rank in `dqrdc2` means no column was moved,
/// so the factorization and the decision are those of R's.
///
/// Returns `None` when V is rank-deficient or the result is not finite.
#[allow(clippy::needless_range_loop)] // matrix indices
fn quadratic_form(s: &[f64], v: &[Vec<f64>]) -> Option<f64> {
    let p = s.len();
    let mut q: Vec<Vec<f64>> = v.to_vec(); // q[row][col]
    let mut b = s.to_vec();
    let orig: Vec<f64> = (0..p)
        .map(|j| (0..p).map(|i| q[i][j] * q[i][j]).sum::<f64>().sqrt())
        .collect();
    for j in 0..p {
        let norm = (j..p).map(|i| q[i][j] * q[i][j]).sum::<f64>().sqrt();
        let negligible = norm.is_nan() || norm <= QR_TOL * orig[j] || norm == 0.0;
        if negligible {
            return None;
        }
        // Householder vector u = x + sign(x_j) ‖x‖ e_j, applied to columns j.. and to b.
        let alpha = if q[j][j] >= 0.0 { -norm } else { norm };
        let mut u: Vec<f64> = (j..p).map(|i| q[i][j]).collect();
        u[0] -= alpha;
        let uu: f64 = u.iter().map(|x| x * x).sum();
        if uu > 0.0 {
            for col in j..p {
                let dot: f64 = (j..p).map(|i| u[i - j] * q[i][col]).sum();
                let w = 2.0 * dot / uu;
                for i in j..p {
                    q[i][col] -= w * u[i - j];
                }
            }
            let dot: f64 = (j..p).map(|i| u[i - j] * b[i]).sum();
            let w = 2.0 * dot / uu;
            for i in j..p {
                b[i] -= w * u[i - j];
            }
        }
    }
    // Back substitution R x = Qᵀ s, then s′x.
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        let mut acc = b[i];
        for k in i + 1..p {
            acc -= q[i][k] * x[k];
        }
        x[i] = acc / q[i][i];
    }
    let stat: f64 = s.iter().zip(&x).map(|(a, b)| a * b).sum();
    stat.is_finite().then_some(stat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_defined_cases() {
        let one = CompetingObs::rows(&[(1.0, 1, 0), (2.0, 2, 0)]);
        assert_eq!(gray_test(&one, 2, 1), Err(EventsError::FewerThanTwoGroups));
        let no_comp = CompetingObs::rows(&[(1.0, 1, 0), (2.0, 1, 1)]);
        assert_eq!(gray_test(&no_comp, 2, 2), Err(EventsError::NoEventOfCause));
        assert_eq!(
            gray_test(&no_comp, 2, 0),
            Err(EventsError::UntestableCause(0))
        );
    }

    /// Swapping the two groups leaves the statistic unchanged (two groups: V is 1×1).
    #[test]
    fn symmetric_in_groups() {
        let rows = [
            (1.0, 1, 0),
            (2.0, 2, 1),
            (3.0, 1, 1),
            (3.0, 0, 0),
            (4.0, 1, 0),
            (5.0, 2, 1),
        ];
        let a = gray_test(&CompetingObs::rows(&rows), 2, 1).unwrap();
        let swapped: Vec<_> = rows.iter().map(|&(t, c, g)| (t, c, 1 - g)).collect();
        let b = gray_test(&CompetingObs::rows(&swapped), 2, 1).unwrap();
        assert!((a.statistic - b.statistic).abs() <= 1e-12 * a.statistic.abs());
        assert_eq!(a.df, 1);
    }

    /// The QR solve equals the explicit inverse on a 2×2 case and refuses a singular matrix.
    #[test]
    fn quadratic_form_solves() {
        let v = vec![vec![2.0, 1.0], vec![1.0, 3.0]];
        let s = [1.0, 2.0];
        // V⁻¹ = [3 −1; −1 2] / 5, s′V⁻¹s = (3 − 4 + 8) / 5 = 7/5.
        assert!((quadratic_form(&s, &v).unwrap() - 1.4).abs() < 1e-14);
        let sing = vec![vec![1.0, 2.0], vec![2.0, 4.0]];
        assert_eq!(quadratic_form(&s, &sing), None);
    }
}
