//! Kaplan–Meier estimate of a survival curve with Greenwood standard errors and pointwise
//! confidence intervals, reproducing R's `survival::survfit(Surv(time, event) ~ 1, conf.type=…)`
//! (survival 3.5), and the median survival time with its confidence limits as printed by
//! `print(survfit)` / `summary(fit)$table`.
//!
//! At each distinct time t (event or censoring), with n(t) at risk (times ≥ t) and d(t) events:
//! S(t) = Π_{u ≤ t} (1 − d(u)/n(u)); censorings at t are still at risk at t (R's convention for
//! tied event and censoring times). The standard error reported is R's `std.err`, the Greenwood
//! standard error of −log S: σ(t) = √(Σ_{u ≤ t} d/(n(n − d))), infinite (here `None`) once S = 0.
//! Intervals with z = Φ⁻¹(1 − (1 − level)/2):
//! - `Plain`: S ± z·σ·S, clipped to [0, 1];
//! - `Log` (R's default): exp(log S ± z·σ), upper clipped to 1;
//! - `LogLog` (this project's default; Kalbfleisch & Prentice 1980):
//!   exp(−exp(log(−log S) ∓ z·σ/log S)), undefined where S = 1 or S = 0 — it stays inside (0, 1)
//!   and behaves well in small samples.
//!
//! Median survival: the first time where S ≤ ½ (within √ε); if S equals ½ exactly over an
//! interval, the midpoint between that time and the next time S drops (R's `minmin`). The
//! confidence limits of the median apply the same rule to the lower and upper curves.
//!
//! References: Kaplan, E. L. & Meier, P. (1958). Nonparametric estimation from incomplete
//! observations. *JASA* 53(282), 457–481. Greenwood, M. (1926). The natural duration of cancer.
//! *Reports on Public Health and Medical Subjects* 33. Kalbfleisch, J. D. & Prentice, R. L. (1980).
//! *The Statistical Analysis of Failure Time Data*. Wiley. Brookmeyer, R. & Crowley, J. (1982). A
//! confidence interval for the median survival time. *Biometrics* 38(1), 29–41.

use super::all_finite;
use super::special::norm_ppf;

/// Transformation of the pointwise confidence interval (R's `conf.type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ConfType {
    /// `conf.type = "plain"`.
    Plain,
    /// `conf.type = "log"` (R's default).
    Log,
    /// `conf.type = "log-log"` (this project's default).
    #[default]
    LogLog,
}

/// The curve at one distinct time.
#[derive(Debug, Clone, PartialEq)]
pub struct KmStep {
    /// Time.
    pub time: f64,
    /// Number at risk just before `time` (observations with time ≥ `time`).
    pub n_risk: usize,
    /// Number of events at `time`.
    pub n_event: usize,
    /// Number censored at `time`.
    pub n_censor: usize,
    /// Survival estimate S(time).
    pub surv: f64,
    /// Greenwood standard error of −log S (R's `std.err`); `None` once S = 0 (R: Inf).
    pub std_err: Option<f64>,
    /// Lower confidence limit; `None` where undefined (R: NA/NaN).
    pub lower: Option<f64>,
    /// Upper confidence limit; `None` where undefined.
    pub upper: Option<f64>,
}

/// A Kaplan–Meier curve.
#[derive(Debug, Clone, PartialEq)]
pub struct KmCurve {
    /// One step per distinct time, increasing.
    pub steps: Vec<KmStep>,
    /// Number of observations.
    pub n: usize,
    /// Number of events.
    pub events: usize,
    /// Median survival time; `None` when S never reaches ½.
    pub median: Option<f64>,
    /// Lower confidence limit of the median: the median rule applied to the lower curve (R's LCL).
    pub median_lower: Option<f64>,
    /// Upper confidence limit of the median: the rule applied to the upper curve; `None` when the
    /// upper curve never reaches ½ (R: NA).
    pub median_upper: Option<f64>,
    /// Interval transformation used.
    pub conf_type: ConfType,
    /// Confidence level.
    pub level: f64,
}

/// Kaplan–Meier curve with Greenwood confidence intervals, as R's `survfit`.
///
/// # Arguments
/// * `times` - follow-up times (e.g. years from S1 entry to S2 entry, or to the reference date).
/// * `event` - `true` when the event was observed at that time, `false` when censored.
/// * `conf_type` - interval transformation ([`ConfType::LogLog`] by default).
/// * `level` - confidence level in (0, 1), e.g. 0.95.
///
/// # Returns
/// `Some(KmCurve)`; `None` if the inputs are empty, of different lengths, hold a non-finite time,
/// or `level` is outside (0, 1).
///
/// # Complexity
/// O(n log n).
///
/// # Examples
/// ```
/// use ptce::stats::{kaplan_meier, ConfType};
/// let (t, e) = ([1.0, 2.0, 2.0, 3.0], [true, true, false, true]);
/// let km = kaplan_meier(&t, &e, ConfType::LogLog, 0.95).unwrap();
/// assert_eq!(km.steps.len(), 3);
/// assert_eq!(km.steps[0].surv, 0.75);
/// assert_eq!(km.steps[1].surv, 0.75 * (1.0 - 1.0 / 3.0)); // 1 event among 3 at risk at t = 2
/// assert_eq!(km.median, Some(2.5)); // S = ½ exactly on [2, 3): midpoint, as R
/// ```
pub fn kaplan_meier(
    times: &[f64],
    event: &[bool],
    conf_type: ConfType,
    level: f64,
) -> Option<KmCurve> {
    if times.is_empty()
        || times.len() != event.len()
        || !all_finite(times)
        || !(level > 0.0 && level < 1.0)
    {
        return None;
    }
    let z = norm_ppf(1.0 - (1.0 - level) / 2.0)?;
    let mut order: Vec<usize> = (0..times.len()).collect();
    order.sort_by(|&i, &j| times[i].total_cmp(&times[j]));
    let mut steps = Vec::new();
    let (mut surv, mut var) = (1.0_f64, 0.0_f64);
    let mut at_risk = times.len();
    let mut start = 0;
    while start < order.len() {
        let t = times[order[start]];
        let mut end = start;
        while end < order.len() && times[order[end]] == t {
            end += 1;
        }
        let d = order[start..end].iter().filter(|&&i| event[i]).count();
        let c = end - start - d;
        if d > 0 {
            let (nf, df) = (at_risk as f64, d as f64);
            surv *= (nf - df) / nf;
            var += if at_risk > d {
                df / (nf * (nf - df))
            } else {
                f64::INFINITY
            };
        }
        let se = var.sqrt();
        let (lower, upper) = interval(surv, se, z, conf_type);
        steps.push(KmStep {
            time: t,
            n_risk: at_risk,
            n_event: d,
            n_censor: c,
            surv,
            std_err: se.is_finite().then_some(se),
            lower,
            upper,
        });
        at_risk -= end - start;
        start = end;
    }
    let time: Vec<f64> = steps.iter().map(|s| s.time).collect();
    let surv_curve: Vec<Option<f64>> = steps.iter().map(|s| Some(s.surv)).collect();
    let lower_curve: Vec<Option<f64>> = steps.iter().map(|s| s.lower).collect();
    let upper_curve: Vec<Option<f64>> = steps.iter().map(|s| s.upper).collect();
    Some(KmCurve {
        n: times.len(),
        events: event.iter().filter(|&&e| e).count(),
        median: first_below_half(&surv_curve, &time),
        median_lower: first_below_half(&lower_curve, &time),
        median_upper: first_below_half(&upper_curve, &time),
        steps,
        conf_type,
        level,
    })
}

/// Pointwise interval of R's `survfit_confint` with `logse = TRUE`.
fn interval(p: f64, se: f64, z: f64, conf_type: ConfType) -> (Option<f64>, Option<f64>) {
    let finite = |x: f64| x.is_finite().then_some(x);
    match conf_type {
        ConfType::Plain => {
            let se2 = se * p * z;
            if se2.is_nan() {
                return (None, None);
            }
            (finite((p - se2).max(0.0)), finite((p + se2).min(1.0)))
        }
        ConfType::Log => {
            if p == 0.0 {
                return (None, None);
            }
            let se2 = z * se;
            (
                finite((p.ln() - se2).exp()),
                finite((p.ln() + se2).exp().min(1.0)),
            )
        }
        ConfType::LogLog => {
            if p == 0.0 || p == 1.0 {
                return (None, None);
            }
            let se2 = z * se / p.ln();
            let ll = (-p.ln()).ln();
            (
                finite((-(ll - se2).exp()).exp()),
                finite((-(ll + se2).exp()).exp()),
            )
        }
    }
}

/// R's `minmin`: first time where the curve is below ½ + √ε, with the midpoint rule when the
/// curve sits at ½.
fn first_below_half(y: &[Option<f64>], x: &[f64]) -> Option<f64> {
    let tol = f64::EPSILON.sqrt();
    let kept: Vec<(f64, f64)> = y
        .iter()
        .zip(x)
        .filter_map(|(v, t)| v.filter(|v| *v < 0.5 + tol).map(|v| (v, *t)))
        .collect();
    let &(y0, x0) = kept.first()?;
    if (y0 - 0.5).abs() < tol {
        if let Some(&(_, x1)) = kept.iter().find(|(v, _)| *v < y0) {
            return Some((x0 + x1) / 2.0);
        }
    }
    Some(x0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_r_printout() {
        // R: survfit(Surv(t, e) ~ 1, conf.type = "log-log") printed to 7 digits.
        let t = [1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 5.0, 6.0, 6.0, 8.0];
        let e = [
            true, true, false, true, true, false, true, false, true, true,
        ];
        let km = kaplan_meier(&t, &e, ConfType::LogLog, 0.95).unwrap();
        let s = &km.steps[2];
        assert_eq!((s.time, s.n_risk, s.n_event, s.n_censor), (3.0, 7, 2, 1));
        assert!((s.surv - 0.571_428_6).abs() < 1e-7);
        assert!((s.std_err.unwrap() - 0.286_605_8).abs() < 1e-7);
        assert!((s.lower.unwrap() - 0.217_192_70).abs() < 1e-8);
        assert!((s.upper.unwrap() - 0.814_572_1).abs() < 1e-7);
        let last = km.steps.last().unwrap();
        assert_eq!((last.surv, last.std_err, last.lower), (0.0, None, None));
        assert_eq!(
            (km.median, km.median_lower, km.median_upper),
            (Some(5.0), Some(1.0), None)
        );
    }

    #[test]
    fn median_midpoint_rule() {
        // S drops to exactly 1/2 at t = 2 and stays until t = 4: median = (2 + 4)/2 = 3.
        let km = kaplan_meier(
            &[1.0, 2.0, 4.0, 5.0],
            &[true, true, true, true],
            ConfType::Plain,
            0.95,
        )
        .unwrap();
        assert_eq!(km.median, Some(3.0));
    }

    #[test]
    fn refuses_bad_input() {
        assert!(kaplan_meier(&[], &[], ConfType::Plain, 0.95).is_none());
        assert!(kaplan_meier(&[1.0], &[true, false], ConfType::Plain, 0.95).is_none());
        assert!(kaplan_meier(&[f64::NAN], &[true], ConfType::Plain, 0.95).is_none());
    }
}
