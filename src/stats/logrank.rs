//! Log-rank test comparing survival curves of k groups, as R's `survival::survdiff(Surv(time,
//! event) ~ group)` (rho = 0).
//!
//! At each distinct event time t of the pooled sample, with nₖ(t) at risk in group k, n(t) in all,
//! and d(t) events in all: Eₖ += d·nₖ/n and Vₖₗ += d(n − d)/(n − 1) · (nₖ/n)(δₖₗ − nₗ/n) (zero when
//! n = 1). Censorings tied with an event time are at risk at that time. With the groups whose
//! expected count is positive, the first one is dropped and χ² = (O − E)ᵀ V⁻¹ (O − E) on the
//! remaining ones (R's choice), df = (number of such groups) − 1, p = P(χ²_df > χ²).
//!
//! References: Mantel, N. (1966). Evaluation of survival data and two new rank order statistics
//! arising in its consideration. *Cancer Chemotherapy Reports* 50(3), 163–170. Peto, R. & Peto, J.
//! (1972). Asymptotically efficient rank invariant test procedures. *J. R. Statist. Soc. A* 135(2),
//! 185–207.

use super::all_finite;
use super::special::chi2_sf;

/// Result of [`log_rank`].
#[derive(Debug, Clone, PartialEq)]
pub struct LogRank {
    /// Chi-square statistic.
    pub chi2: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// P(χ²_df > chi2).
    pub p_value: f64,
    /// Number of observations per group.
    pub n: Vec<usize>,
    /// Observed events per group.
    pub observed: Vec<f64>,
    /// Expected events per group under the null hypothesis.
    pub expected: Vec<f64>,
}

/// Log-rank test of k ≥ 2 groups, each given as (times, event indicators).
///
/// # Arguments
/// * `groups` - per group, the follow-up times and whether the event was observed (`true`) or the
///   time is censored (`false`).
///
/// # Returns
/// `Some(LogRank)`; `None` for fewer than 2 groups, an empty group, mismatched lengths, a
/// non-finite time, fewer than 2 groups with a positive expected count (no test: R reports a
/// statistic of 0 on 0 df), or a singular variance matrix.
///
/// # Complexity
/// O(N log N + T·k + k³) with T distinct event times.
///
/// # Examples
/// ```
/// let a = ([1.0, 2.0, 3.0], [true, true, true]);
/// let b = ([4.0, 5.0, 6.0], [true, true, false]);
/// let r = ptce::stats::log_rank(&[(&a.0[..], &a.1[..]), (&b.0[..], &b.1[..])]).unwrap();
/// assert_eq!((r.df, r.observed.clone()), (1, vec![3.0, 2.0]));
/// assert!(r.chi2 > 0.0 && r.p_value < 0.1);
/// ```
pub fn log_rank(groups: &[(&[f64], &[bool])]) -> Option<LogRank> {
    let k = groups.len();
    if k < 2
        || groups
            .iter()
            .any(|(t, e)| t.is_empty() || t.len() != e.len() || !all_finite(t))
    {
        return None;
    }
    // Pooled (time, group, event), sorted by time.
    let mut obs: Vec<(f64, usize, bool)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, (t, e))| t.iter().zip(e.iter()).map(move |(&ti, &ei)| (ti, g, ei)))
        .collect();
    obs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut at_risk: Vec<f64> = groups.iter().map(|(t, _)| t.len() as f64).collect();
    let mut observed = vec![0.0; k];
    let mut expected = vec![0.0; k];
    let mut var = vec![vec![0.0; k]; k];
    let mut start = 0;
    while start < obs.len() {
        let t = obs[start].0;
        let mut end = start;
        let mut deaths = vec![0.0; k];
        while end < obs.len() && obs[end].0 == t {
            if obs[end].2 {
                deaths[obs[end].1] += 1.0;
            }
            end += 1;
        }
        let d: f64 = deaths.iter().sum();
        let n: f64 = at_risk.iter().sum();
        if d > 0.0 {
            let kt = if n > 1.0 {
                d * (n - d) / (n - 1.0)
            } else {
                0.0
            };
            for g in 0..k {
                observed[g] += deaths[g];
                let share = at_risk[g] / n;
                expected[g] += d * share;
                for h in 0..k {
                    let delta = if g == h { 1.0 } else { 0.0 };
                    var[g][h] += kt * share * (delta - at_risk[h] / n);
                }
            }
        }
        for &(_, g, _) in &obs[start..end] {
            at_risk[g] -= 1.0;
        }
        start = end;
    }
    let used: Vec<usize> = (0..k).filter(|&g| expected[g] > 0.0).collect();
    if used.len() < 2 {
        return None;
    }
    let kept = &used[1..];
    let diff: Vec<f64> = kept.iter().map(|&g| observed[g] - expected[g]).collect();
    let matrix: Vec<Vec<f64>> = kept
        .iter()
        .map(|&g| kept.iter().map(|&h| var[g][h]).collect())
        .collect();
    let solved = solve(matrix, diff.clone())?;
    let chi2: f64 = solved.iter().zip(&diff).map(|(s, d)| s * d).sum();
    let df = kept.len();
    Some(LogRank {
        chi2,
        df,
        p_value: chi2_sf(chi2, df)?,
        n: groups.iter().map(|(t, _)| t.len()).collect(),
        observed,
        expected,
    })
}

/// Solve A x = b by Gaussian elimination with partial pivoting; `None` when A is singular.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    let scale = a.iter().flatten().fold(0.0_f64, |m, v| m.max(v.abs()));
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        let tiny = 1e-12 * scale;
        if a[pivot][col].abs().partial_cmp(&tiny) != Some(std::cmp::Ordering::Greater) {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..n {
            let f = a[row][col] / a[col][col];
            let (upper, lower) = a.split_at_mut(row);
            for (x, y) in lower[0][col..].iter_mut().zip(&upper[col][col..]) {
                *x -= f * y;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_groups_match_r_printout() {
        // R: survdiff(Surv(t, e) ~ rep(c(1, 2), 5)): observed 4, 3; expected 2.63, 4.37;
        // (O−E)²/V = 1.35 (printed to 3 digits).
        let t = [1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 5.0, 6.0, 6.0, 8.0];
        let e = [
            true, true, false, true, true, false, true, false, true, true,
        ];
        let (mut t1, mut e1, mut t2, mut e2) = (vec![], vec![], vec![], vec![]);
        for i in 0..10 {
            if i % 2 == 0 {
                t1.push(t[i]);
                e1.push(e[i]);
            } else {
                t2.push(t[i]);
                e2.push(e[i]);
            }
        }
        let r = log_rank(&[(&t1, &e1), (&t2, &e2)]).unwrap();
        assert_eq!(r.observed, vec![4.0, 3.0]);
        assert!((r.expected[0] - 2.63).abs() < 0.005 && (r.expected[1] - 4.37).abs() < 0.005);
        assert!((r.chi2 - 1.35).abs() < 0.005);
        assert_eq!(r.df, 1);
    }

    #[test]
    fn solver_and_degenerate_cases() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-15 && (x[1] - 1.4).abs() < 1e-15);
        assert!(solve(vec![vec![1.0, 2.0], vec![2.0, 4.0]], vec![1.0, 1.0]).is_none());
        // No events at all: no test.
        let none = log_rank(&[(&[1.0][..], &[false][..]), (&[2.0][..], &[false][..])]);
        assert!(none.is_none());
        assert!(log_rank(&[(&[1.0][..], &[true][..])]).is_none());
    }
}
