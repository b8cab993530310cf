//! Aalen–Johansen cumulative incidence without delayed entry, with the variance of R
//! `cmprsk::cuminc` (Gray's Fortran routine `cinc`), and the log(−log) interval.

use super::{by_group, validate, CifCurve, CifPoint, CompetingObs, EventsError, COMPETING, EVENT};
use crate::stats::special::norm_ppf;

/// Φ⁻¹(0.975), the normal quantile of the 95 % intervals (R `qnorm(0.975)` as fallback).
pub(crate) fn z_975() -> f64 {
    norm_ppf(0.975).unwrap_or(1.959_963_984_540_054)
}

/// Cumulative incidence of the event and of the competing event in each group, as R
/// `cmprsk::cuminc(time, cause, group)` (rho = 0, no strata, censoring code 0).
///
/// The `entry` field of the observations is ignored (see [`super::aalen_johansen_delayed`] for
/// delayed entry). Estimator, variance and interval: module documentation of [`super`].
///
/// # Arguments
/// * `obs` - the observations, in any order.
/// * `n_groups` - number of groups; every `obs[i].group` must be below it.
///
/// # Returns
/// Curves in the order (group 0, event), (group 0, competing), (group 1, event), …: one per
/// group and cause, empty for a cause that never occurs in the group (or an empty group); each
/// point is a jump time with its estimate, variance, 95 % log(−log) interval and number at risk.
///
/// # Errors
/// [`EventsError`] for a non-finite time, a cause above 2 or a group not below `n_groups`.
///
/// # Complexity
/// O(n log n) for n observations.
///
/// # References
/// Kalbfleisch & Prentice (1980), *The Statistical Analysis of Failure Time Data*, §7.2;
/// Aalen (1978), *Annals of Statistics* 6, 534–545; R package cmprsk (Gray), function `cuminc`.
///
/// # Examples
/// ```
/// use ptce::events::{cumulative_incidence, CompetingObs};
/// let obs: Vec<CompetingObs> = [(1.0, 1), (2.0, 2), (3.0, 1), (4.0, 0)]
///     .iter()
///     .map(|&(time, cause)| CompetingObs { time, cause, group: 0, entry: 0.0 })
///     .collect();
/// let curves = cumulative_incidence(&obs, 1).unwrap();
/// let event = &curves[0];
/// assert_eq!(event.points.len(), 2);
/// assert!((event.points[1].estimate - 0.5).abs() < 1e-15);
/// ```
pub fn cumulative_incidence(
    obs: &[CompetingObs],
    n_groups: usize,
) -> Result<Vec<CifCurve>, EventsError> {
    validate(obs, n_groups, false)?;
    let z = z_975();
    let mut curves = Vec::with_capacity(2 * n_groups);
    for (g, data) in by_group(obs, n_groups).iter().enumerate() {
        for cause in [EVENT, COMPETING] {
            curves.push(CifCurve {
                group: g as u32,
                cause,
                points: cinc(data, cause, z),
            });
        }
    }
    Ok(curves)
}

/// The 95 % (or other) interval of a cumulative incidence on the log(−log) scale:
/// with k = z·√variance / (F·log F), [F^exp(−k), F^exp(k)].
///
/// # Arguments
/// * `estimate` - the cumulative incidence F.
/// * `variance` - its variance (≥ 0).
/// * `z` - the normal quantile (1.96… for 95 %).
///
/// # Returns
/// `Some((low, high))` with 0 < low ≤ F ≤ high < 1; `None` when F is not strictly between 0
/// and 1 or the variance is negative or not finite.
///
/// # Complexity
/// O(1).
///
/// # References
/// Kalbfleisch & Prentice (1980), §1.3 (the log(−log) transform); Choudhury (2002), *Statistics
/// in Medicine* 21, 1129–1144, for its use with cumulative incidence.
pub fn loglog_interval(estimate: f64, variance: f64, z: f64) -> Option<(f64, f64)> {
    if !(estimate > 0.0 && estimate < 1.0 && variance >= 0.0 && variance.is_finite()) {
        return None;
    }
    let k = z * variance.sqrt() / (estimate * estimate.ln());
    let low = estimate.powf((-k).exp());
    let high = estimate.powf(k.exp());
    (low.is_finite() && high.is_finite()).then_some((low, high))
}

/// Gray's `cinc` for one group and one cause: `data` sorted by time.
///
/// Follows the Fortran statement by statement (same operations in the same order), with
/// `fk` = Ŝ(tⱼ₋), `fkn` = Ŝ(tⱼ), `rs` = number at risk, `f` = current estimate.
fn cinc(data: &[(f64, u8)], cause: u8, z: f64) -> Vec<CifPoint> {
    let n = data.len();
    let mut points = Vec::new();
    let (mut fk, mut f) = (1.0_f64, 0.0_f64);
    let (mut v1, mut v2, mut v3) = (0.0_f64, 0.0_f64, 0.0_f64);
    let mut rs = n as f64;
    let mut ll = 0;
    while let Some(&(ty, _)) = data.get(ll) {
        let mut nd1 = 0usize;
        let mut nd2 = 0usize;
        let mut l = ll;
        for &(t, c) in &data[ll..] {
            if t != ty {
                break;
            }
            if c == cause {
                nd1 += 1;
            } else if c != 0 {
                nd2 += 1;
            }
            l += 1;
        }
        let nd = (nd1 + nd2) as f64;
        if nd > 0.0 {
            let fkn = fk * (rs - nd) / rs;
            if nd1 > 0 {
                f += fk * nd1 as f64 / rs;
            }
            if nd2 > 0 && fkn > 0.0 {
                let t6 = fk * fk * tie_factor(nd2, rs) * nd2 as f64 / (rs * rs);
                let t3 = 1.0 / fkn;
                let t4 = f / fkn;
                v1 += t4 * t4 * t6;
                v2 += t3 * t4 * t6;
                v3 += t3 * t3 * t6;
            }
            if nd1 > 0 {
                let t6 = fk * fk * tie_factor(nd1, rs) * nd1 as f64 / (rs * rs);
                let t3 = if fkn > 0.0 { 1.0 / fkn } else { 0.0 };
                let t4 = 1.0 + t3 * f;
                v1 += t4 * t4 * t6;
                v2 += t3 * t4 * t6;
                v3 += t3 * t3 * t6;
                let variance = v1 + f * f * v3 - 2.0 * f * v2;
                let ci = loglog_interval(f, variance, z);
                points.push(CifPoint {
                    time: ty,
                    estimate: f,
                    variance,
                    ci_low: ci.map(|c| c.0),
                    ci_high: ci.map(|c| c.1),
                    n_at_risk: rs as usize,
                });
            }
            fk = fkn;
        }
        rs = (n - l) as f64;
        ll = l;
    }
    points
}

/// Tie correction of `cinc`: 1 − (d − 1)/(n − 1) for d > 1 tied failures among n at risk.
fn tie_factor(d: usize, rs: f64) -> f64 {
    if d > 1 {
        1.0 - (d as f64 - 1.0) / (rs - 1.0)
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without competing events the cumulative incidence is 1 − Kaplan–Meier: times 1, 2+, 3,
    /// 4 give KM 3/4 then 3/8, so F = 1/4 then 5/8 (hand computation).
    #[test]
    fn no_competing_is_one_minus_km() {
        let o = CompetingObs::rows(&[(1.0, 1, 0), (2.0, 0, 0), (3.0, 1, 0), (4.0, 0, 0)]);
        let c = cumulative_incidence(&o, 1).unwrap();
        assert_eq!(c[0].points.len(), 2);
        assert!((c[0].points[0].estimate - 0.25).abs() < 1e-15);
        assert!((c[0].points[1].estimate - 0.625).abs() < 1e-15);
        assert_eq!(c[0].points[1].n_at_risk, 2);
        assert!(c[1].points.is_empty());
    }

    /// The estimates of both causes add up to 1 − all-cause KM; everyone failing gives 1 and no
    /// interval at the last point.
    #[test]
    fn causes_add_up_and_interval_undefined_at_one() {
        let o = CompetingObs::rows(&[(1.0, 1, 0), (2.0, 2, 0), (3.0, 1, 0), (3.0, 2, 0)]);
        let c = cumulative_incidence(&o, 1).unwrap();
        let total = c[0].points[1].estimate + c[1].points[1].estimate;
        assert!((total - 1.0).abs() < 1e-15);
        assert!(c[0].points[0].ci_low.is_some());
        let last = c[0].at(10.0).unwrap();
        assert_eq!(last.estimate, 0.5);
        assert!(c[0].at(0.5).is_none());
    }

    #[test]
    fn bad_input_is_an_error() {
        let o = CompetingObs::rows(&[(f64::NAN, 1, 0)]);
        assert_eq!(
            cumulative_incidence(&o, 1),
            Err(EventsError::NonFiniteTime { index: 0 })
        );
        let o = CompetingObs::rows(&[(1.0, 3, 0)]);
        assert!(matches!(
            cumulative_incidence(&o, 1),
            Err(EventsError::InvalidCause { .. })
        ));
        let o = CompetingObs::rows(&[(1.0, 1, 2)]);
        assert!(matches!(
            cumulative_incidence(&o, 2),
            Err(EventsError::InvalidGroup { .. })
        ));
    }

    /// The interval contains the estimate, lies in (0, 1) and is degenerate for variance 0.
    #[test]
    fn loglog_interval_brackets_estimate() {
        let (lo, hi) = loglog_interval(0.3, 0.01, 1.96).unwrap();
        assert!(0.0 < lo && lo < 0.3 && 0.3 < hi && hi < 1.0);
        assert_eq!(loglog_interval(0.3, 0.0, 1.96), Some((0.3, 0.3)));
        assert_eq!(loglog_interval(0.0, 0.01, 1.96), None);
        assert_eq!(loglog_interval(1.0, 0.01, 1.96), None);
    }
}
