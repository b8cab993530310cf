//! Aalen–Johansen cumulative incidence with delayed entry (left truncation) and its
//! infinitesimal-jackknife variance, as R `survival::survfit(Surv(entry, exit, state) ~ group,
//! id = id)`: a port of survival's C routine `survfitci` (survival 3.5-3) for one observation
//! per PTCE, unit weights and the three states (initial, event, competing), in survival's order.

use super::cuminc::{loglog_interval, z_975};
use super::{validate, CifCurve, CifPoint, CompetingObs, EventsError, COMPETING, EVENT};

/// Number of states: 0 the initial state, 1 the event, 2 the competing event.
const NS: usize = 3;

/// Cumulative incidence of the event and of the competing event in each group with delayed
/// entry: a PTCE is at risk at time t when `entry < t ≤ time`.
///
/// Estimator and variance: module documentation of [`super`]. With every entry before the first
/// exit the estimates equal those of [`super::cumulative_incidence`]; the variances differ
/// (infinitesimal jackknife here, Aalen's delta method there).
///
/// # Arguments
/// * `obs` - the observations, in any order, each with `entry < time`.
/// * `n_groups` - number of groups; every `obs[i].group` must be below it.
///
/// # Returns
/// Curves in the order (group 0, event), (group 0, competing), (group 1, event), …. A curve has a
/// point at every time at which any event occurs in the group, from the first time its own
/// cause occurs (before it the estimate and the variance are 0); it is empty when its cause
/// never occurs in the group. `n_at_risk` is the number in the initial state just before the
/// point.
///
/// # Errors
/// [`EventsError`] for a non-finite time or entry, `entry ≥ time`, a cause above 2 or a group
/// not below `n_groups`.
///
/// # Complexity
/// O(n log n + n·T) for n observations and T distinct event times.
///
/// # References
/// Aalen & Johansen (1978), *Scandinavian Journal of Statistics* 5, 141–150; Therneau, Crowson &
/// Atkinson, *Multi-state models and competing risks* (R survival vignette), for the IJ variance.
pub fn aalen_johansen_delayed(
    obs: &[CompetingObs],
    n_groups: usize,
) -> Result<Vec<CifCurve>, EventsError> {
    validate(obs, n_groups, true)?;
    let z = z_975();
    let mut subjects: Vec<Vec<(f64, f64, u8)>> = vec![Vec::new(); n_groups];
    for o in obs {
        if let Some(g) = subjects.get_mut(o.group as usize) {
            g.push((o.entry, o.time, o.cause));
        }
    }
    // Subjects in content order (`stats::order`): the variance sums over subjects, so their
    // input order must not matter.
    for subj in &mut subjects {
        subj.sort_by(|a, b| {
            (a.0.total_cmp(&b.0))
                .then(a.1.total_cmp(&b.1))
                .then(a.2.cmp(&b.2))
        });
    }
    let mut curves = Vec::with_capacity(2 * n_groups);
    for (g, subj) in subjects.iter().enumerate() {
        let [event, competing] = survfitci(subj, z);
        curves.push(CifCurve {
            group: g as u32,
            cause: EVENT,
            points: event,
        });
        curves.push(CifCurve {
            group: g as u32,
            cause: COMPETING,
            points: competing,
        });
    }
    Ok(curves)
}

/// `survfitci` for one group: subjects `(entry, exit, cause)`, one row each, entry < exit.
/// Returns the points of the event and of the competing curve.
#[allow(clippy::needless_range_loop)] // state indices follow the C code
fn survfitci(subj: &[(f64, f64, u8)], z: f64) -> [Vec<CifPoint>; 2] {
    let n = subj.len();
    let mut sort1: Vec<usize> = (0..n).collect();
    sort1.sort_by(|&a, &b| subj[a].0.total_cmp(&subj[b].0));
    let mut sort2: Vec<usize> = (0..n).collect();
    sort2.sort_by(|&a, &b| subj[a].1.total_cmp(&subj[b].1));

    let mut p = [1.0, 0.0, 0.0];
    let mut umat = vec![[0.0_f64; NS]; n];
    let mut atrisk = vec![false; n];
    let mut wtp = vec![0.0_f64; n];
    let mut cstate = vec![0usize; n];
    let mut dstate = vec![0usize; n];
    let mut ns = [0usize; NS];
    let mut ws = [0.0_f64; NS];
    let mut seen = [false; NS];
    let mut out: [Vec<CifPoint>; 2] = [Vec::new(), Vec::new()];

    let (mut i, mut eptr) = (0, 0);
    while i < n {
        let ctime = subj[sort2[i]].1;
        while eptr < n {
            let k = sort1[eptr];
            if subj[k].0 >= ctime {
                break;
            }
            ns[cstate[k]] += 1;
            ws[cstate[k]] += 1.0;
            wtp[k] = 1.0;
            atrisk[k] = true;
            eptr += 1;
        }
        let mut hmat = [[0.0_f64; NS]; NS];
        let mut wevent = 0.0;
        for &k in &sort2[i..] {
            if subj[k].1 != ctime {
                break;
            }
            let newstate = subj[k].2 as usize;
            if newstate > 0 && cstate[k] != newstate {
                dstate[k] = newstate;
                wevent += 1.0;
                hmat[cstate[k]][newstate] += 1.0;
                seen[newstate] = true;
            }
        }
        if wevent > 0.0 {
            for j in 0..NS {
                if ns[j] > 0 {
                    let mut temp = 0.0;
                    for k in 0..NS {
                        temp += hmat[j][k];
                        hmat[j][k] /= ws[j];
                    }
                    hmat[j][j] = 1.0 - temp / ws[j];
                } else {
                    hmat[j][j] = 1.0;
                }
            }
            // U = U H, then the dH term for the subjects at risk.
            for u in umat.iter_mut() {
                let mut temp2 = [0.0; NS];
                for k in 0..NS {
                    for kk in 0..NS {
                        temp2[k] += u[kk] * hmat[kk][k];
                    }
                }
                *u = temp2;
            }
            for j in 0..n {
                if atrisk[j] {
                    let old = cstate[j];
                    for k in 0..NS {
                        umat[j][k] -= hmat[old][k] * p[old] / ws[old];
                    }
                    umat[j][dstate[j]] += p[old] / ws[old];
                }
            }
            let mut temp2 = [0.0; NS];
            for j in 0..NS {
                for k in 0..NS {
                    temp2[j] += p[k] * hmat[k][j];
                }
            }
            p = temp2;
            for (slot, state) in [(0, EVENT as usize), (1, COMPETING as usize)] {
                if !seen[state] {
                    continue;
                }
                let mut variance = 0.0;
                for k in 0..n {
                    variance += wtp[k] * wtp[k] * umat[k][state] * umat[k][state];
                }
                let ci = loglog_interval(p[state], variance, z);
                out[slot].push(CifPoint {
                    time: ctime,
                    estimate: p[state],
                    variance,
                    ci_low: ci.map(|c| c.0),
                    ci_high: ci.map(|c| c.1),
                    n_at_risk: ns[0],
                });
            }
        }
        while i < n {
            let j = sort2[i];
            if subj[j].1 != ctime {
                break;
            }
            let old = cstate[j];
            ns[old] -= 1;
            ws[old] -= 1.0;
            if subj[j].2 > 0 {
                cstate[j] = subj[j].2 as usize;
            }
            atrisk[j] = false;
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::cumulative_incidence;

    fn obs(rows: &[(f64, f64, u8, u32)]) -> Vec<CompetingObs> {
        rows.iter()
            .map(|&(entry, time, cause, group)| CompetingObs {
                time,
                cause,
                group,
                entry,
            })
            .collect()
    }

    /// Without delay the estimates are those of cuminc (to rounding).
    #[test]
    fn no_delay_matches_cuminc_estimates() {
        let rows = [
            (0.0, 1.0, 1, 0),
            (0.0, 2.0, 2, 0),
            (0.0, 2.0, 1, 0),
            (0.0, 3.0, 0, 0),
            (0.0, 4.0, 1, 0),
            (0.0, 5.0, 2, 0),
        ];
        let a = aalen_johansen_delayed(&obs(&rows), 1).unwrap();
        let b = cumulative_incidence(&obs(&rows), 1).unwrap();
        for (ca, cb) in a.iter().zip(&b) {
            for pb in &cb.points {
                let pa = ca.at(pb.time).unwrap();
                assert!((pa.estimate - pb.estimate).abs() < 1e-14);
            }
        }
    }

    /// A subject entering at an exit time is not at risk at that time.
    #[test]
    fn entry_at_exit_time_not_at_risk() {
        let rows = [(0.0, 2.0, 1, 0), (0.0, 3.0, 0, 0), (2.0, 4.0, 1, 0)];
        let c = aalen_johansen_delayed(&obs(&rows), 1).unwrap();
        assert_eq!(c[0].points[0].n_at_risk, 2);
        assert_eq!(c[0].points[0].estimate, 0.5);
        assert!(c[1].points.is_empty());
        let bad = obs(&[(2.0, 2.0, 1, 0)]);
        assert_eq!(
            aalen_johansen_delayed(&bad, 1),
            Err(EventsError::EntryNotBeforeExit { index: 0 })
        );
    }
}
