//! The proportional-hazards test of R `survival::cox.zph` (survival ≥ 3.0, C routines
//! `zph1.c` / `zph2.c`): the score test, at the fitted `β̂`, of adding `g(t)·x` for each
//! covariate, with `g(t) = 1 − KM(t−)` (transform `"km"`) centred on its mean over the events.
//! It uses the full `2p × 2p` information (not the old diagonal approximation), model-based
//! even when the fit has clusters; one test per term (`terms = TRUE`) and a global one.

// Matrix and risk-set code indexes several arrays by the same subscript, as the C and
// Fortran routines it follows; iterator chains would hide that correspondence.
#![allow(clippy::needless_range_loop)]

use super::cox::CoxFit;
use super::linalg::quad_form_inv;
use super::risk::{efron_terms, linear_predictor, prepare, sums, ContentRows};
use super::{CoxData, Test, Ties};

/// One row of the proportional-hazards table.
#[derive(Debug, Clone, PartialEq)]
pub struct ZphRow {
    /// Term name, or `GLOBAL`.
    pub term: String,
    /// Score statistic.
    pub chisq: f64,
    /// Degrees of freedom (number of columns of the term).
    pub df: usize,
    /// Upper-tail χ² p-value.
    pub p_value: f64,
}

/// The proportional-hazards tests of a Cox fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Zph {
    /// One row per term, in the order given.
    pub rows: Vec<ZphRow>,
    /// The global test over all covariates.
    pub global: ZphRow,
}

/// `1 − KM(t−)` at each row's exit time: Kaplan–Meier of all rows (counting-process risk sets,
/// unweighted, strata ignored), left-continuous, as `cox.zph(transform = "km")`.
fn km_transform(d: &CoxData) -> Vec<f64> {
    let n = d.stop.len();
    let mut ev: Vec<f64> = (0..n).filter(|&i| d.event[i]).map(|i| d.stop[i]).collect();
    ev.sort_by(f64::total_cmp);
    ev.dedup();
    // survival just after each event time
    let mut surv = Vec::with_capacity(ev.len());
    let mut s = 1.0;
    for &t in &ev {
        let at_risk = (0..n).filter(|&i| d.start[i] < t && t <= d.stop[i]).count() as f64;
        let deaths = (0..n).filter(|&i| d.event[i] && d.stop[i] == t).count() as f64;
        s *= 1.0 - deaths / at_risk;
        surv.push(s);
    }
    d.stop
        .iter()
        .map(|&t| {
            let k = ev.partition_point(|&e| e < t);
            if k == 0 {
                0.0
            } else {
                1.0 - surv[k - 1]
            }
        })
        .collect()
}

/// Tests proportional hazards for each term and globally, as `cox.zph(fit, transform = "km",
/// terms = TRUE)` of R survival ≥ 3.0.
///
/// # Arguments
/// * `fit` - a Cox fit of `d`.
/// * `d` - the data of the fit.
/// * `terms` - `(name, columns)` of each term (a factor's dummy columns together).
///
/// # Returns
/// `Some(Zph)`; `None` when the data do not match the fit, a term is empty or out of range,
/// or the extended information is singular.
///
/// # Complexity
/// O(Σ|risk set| · p²) plus O(n · events) for the Kaplan–Meier.
///
/// # References
/// Grambsch & Therneau (1994), Biometrika 81:515–526; Therneau & Grambsch (2000), §6.2;
/// survival 3.0 NEWS (the full score test replacing the approximation).
pub fn cox_zph(fit: &CoxFit, d: &CoxData, terms: &[(String, Vec<usize>)]) -> Option<Zph> {
    let rows = ContentRows::new(d).ok()?;
    let d = &rows.data(d);
    let pr = prepare(d).ok()?;
    let p = pr.p;
    if fit.beta.len() != p
        || terms
            .iter()
            .any(|(_, c)| c.is_empty() || c.iter().any(|&j| j >= p))
    {
        return None;
    }
    let tt = km_transform(d);
    let (mut tsum, mut tn) = (0.0, 0.0);
    for (i, t) in tt.iter().enumerate() {
        if d.event[i] {
            tsum += t;
            tn += 1.0;
        }
    }
    let tmean = tsum / tn;
    let eta = linear_predictor(&pr.x, &fit.beta);
    let risk: Vec<f64> = eta.iter().zip(&pr.w).map(|(e, w)| w * e.exp()).collect();
    let m = 2 * p;
    let mut ug = vec![0.0; p];
    let mut imat = vec![vec![0.0; m]; m];
    for et in &pr.times {
        let first = *et.deaths.first()?;
        let g = tt[first] - tmean;
        let s = sums(&et.at_risk, &risk, &pr.x, p, true);
        let dsum = sums(&et.deaths, &risk, &pr.x, p, true);
        let mut deadwt = 0.0;
        for &i in &et.deaths {
            deadwt += pr.w[i];
            for a in 0..p {
                ug[a] += g * pr.w[i] * pr.x[i][a];
            }
        }
        for (f, wt) in efron_terms(et.deaths.len(), deadwt, matches!(fit.ties, Ties::Efron)) {
            let den = s.s0 - f * dsum.s0;
            let mean: Vec<f64> = (0..p).map(|a| (s.s1[a] - f * dsum.s1[a]) / den).collect();
            for a in 0..p {
                ug[a] -= g * wt * mean[a];
                for b in 0..p {
                    let v = wt * ((s.s2[a][b] - f * dsum.s2[a][b]) / den - mean[a] * mean[b]);
                    imat[a][b] += v;
                    imat[a][b + p] += g * v;
                    imat[a + p][b] += g * v;
                    imat[a + p][b + p] += g * g * v;
                }
            }
        }
    }
    let test = |cols: &[usize]| -> Option<(f64, usize)> {
        let kk: Vec<usize> = (0..p).chain(cols.iter().map(|j| j + p)).collect();
        let sub: Vec<Vec<f64>> = kk
            .iter()
            .map(|&r| kk.iter().map(|&c| imat[r][c]).collect())
            .collect();
        let u: Vec<f64> = (0..p)
            .map(|_| 0.0)
            .chain(cols.iter().map(|&j| ug[j]))
            .collect();
        Some((quad_form_inv(&sub, &u)?, cols.len()))
    };
    let row = |term: &str, cols: &[usize]| -> Option<ZphRow> {
        let (chisq, df) = test(cols)?;
        let t = Test::chi2(chisq, df)?;
        Some(ZphRow {
            term: term.to_string(),
            chisq,
            df,
            p_value: t.p_value,
        })
    };
    let rows = terms
        .iter()
        .map(|(name, cols)| row(name, cols))
        .collect::<Option<Vec<_>>>()?;
    let all: Vec<usize> = (0..p).collect();
    let global = row("GLOBAL", &all)?;
    Some(Zph { rows, global })
}
