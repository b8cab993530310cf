//! The data layout shared by the Cox fit, its residuals and the proportional-hazards test:
//! validated input, covariates centred on their weighted means (as `coxfit6.c` does; the
//! likelihood, scores and information do not change), and for each stratum and each distinct
//! event time the risk set `{i : start_i < t ≤ stop_i}` and the events at `t`.

// Matrix and risk-set code indexes several arrays by the same subscript, as the C and
// Fortran routines it follows; iterator chains would hide that correspondence.
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeMap;

use super::{CoxData, CoxStatus};
use crate::stats::order::{cmp_values, content_groups, permute};

/// One distinct event time of one stratum.
pub(crate) struct EventTime {
    /// Rows at risk at `time` (entry strictly before, exit at or after), events included.
    pub at_risk: Vec<usize>,
    /// Rows with an event at `time`.
    pub deaths: Vec<usize>,
}

/// Validated, centred data with its event times, ordered by stratum then time.
pub(crate) struct Prepared {
    /// Number of rows.
    pub n: usize,
    /// Number of covariates.
    pub p: usize,
    /// Covariates minus their weighted means, row-major `n × p`.
    pub x: Vec<Vec<f64>>,
    /// Case weights (1 when none were given).
    pub w: Vec<f64>,
    /// Event times, by stratum (ascending label; [`ContentRows`] makes the labels content
    /// ranks) then ascending time.
    pub times: Vec<EventTime>,
    /// Number of rows with an event.
    pub n_events: usize,
}

fn invalid(reason: &str) -> CoxStatus {
    CoxStatus::InvalidData(reason.to_string())
}

/// Checks that every field of a [`CoxData`] has one entry per row.
fn check_lengths(d: &CoxData) -> Result<(), CoxStatus> {
    let n = d.stop.len();
    if d.start.len() != n || d.event.len() != n || d.x.len() != n {
        return Err(invalid("start, stop, event and x differ in length"));
    }
    if d.x.iter().any(|r| r.len() != d.names.len()) {
        return Err(invalid("a row of x does not have one value per name"));
    }
    if d.strata.is_some_and(|s| s.len() != n)
        || d.cluster.is_some_and(|c| c.len() != n)
        || d.weights.is_some_and(|w| w.len() != n)
    {
        return Err(invalid(
            "strata, cluster or weights differ in length from stop",
        ));
    }
    Ok(())
}

/// The rows of a [`CoxData`] in content order (`stats::order`): by stratum, exit time, entry
/// time, event, weight, then covariates, so that every sum over rows and risk sets runs in an
/// order fixed by the data and the fit does not depend on the order of the rows. Strata are
/// ranked by their rows (not by their labels), so renaming strata changes nothing either;
/// cluster labels only group rows (their sums are added in content order by the callers).
pub(crate) struct ContentRows {
    start: Vec<f64>,
    stop: Vec<f64>,
    event: Vec<bool>,
    x: Vec<Vec<f64>>,
    strata: Option<Vec<u32>>,
    cluster: Option<Vec<u32>>,
    weights: Option<Vec<f64>>,
}

impl ContentRows {
    /// Sorts the rows of `d` (lengths checked first).
    pub(crate) fn new(d: &CoxData) -> Result<ContentRows, CoxStatus> {
        check_lengths(d)?;
        let n = d.stop.len();
        let w = |i: usize| d.weights.map_or(1.0, |w| w[i]);
        let row = |i: usize, j: usize| {
            d.stop[i]
                .total_cmp(&d.stop[j])
                .then(d.start[i].total_cmp(&d.start[j]))
                .then(d.event[i].cmp(&d.event[j]))
                .then(w(i).total_cmp(&w(j)))
                .then_with(|| cmp_values(&d.x[i], &d.x[j]))
        };
        // Strata ranked by their rows in content order (`content_groups`), rows by stratum
        // rank then content.
        let groups = content_groups(n, |i| d.strata.map_or(0, |s| s[i]), row);
        let mut rank = vec![0u32; n];
        for ((_, rows), r) in groups.iter().zip(0u32..) {
            rows.iter().for_each(|&i| rank[i] = r);
        }
        let order: Vec<usize> = groups.into_iter().flat_map(|(_, rows)| rows).collect();
        Ok(ContentRows {
            start: permute(d.start, &order),
            stop: permute(d.stop, &order),
            event: permute(d.event, &order),
            x: permute(d.x, &order),
            strata: d.strata.map(|_| permute(&rank, &order)),
            cluster: d.cluster.map(|c| permute(c, &order)),
            weights: d.weights.map(|w| permute(w, &order)),
        })
    }

    /// The data with its rows in content order (strata renamed to their ranks).
    pub(crate) fn data<'a>(&'a self, d: &CoxData<'a>) -> CoxData<'a> {
        CoxData {
            start: &self.start,
            stop: &self.stop,
            event: &self.event,
            x: &self.x,
            names: d.names,
            strata: self.strata.as_deref(),
            cluster: self.cluster.as_deref(),
            weights: self.weights.as_deref(),
        }
    }
}

/// Validates a [`CoxData`] and builds its risk sets.
///
/// # Arguments
/// * `d` - the data.
///
/// # Returns
/// The prepared data, or `InvalidData` (lengths differ, non-finite values, `start ≥ stop`,
/// non-positive weight), `NoEvents`, `FewerEventsThanParameters`.
pub(crate) fn prepare(d: &CoxData) -> Result<Prepared, CoxStatus> {
    let n = d.stop.len();
    let p = d.names.len();
    check_lengths(d)?;
    if p == 0 {
        return Err(invalid("no covariate"));
    }
    for i in 0..n {
        if !d.start[i].is_finite() || !d.stop[i].is_finite() || d.start[i] >= d.stop[i] {
            return Err(invalid("each row needs finite start < stop"));
        }
        if d.x[i].iter().any(|v| !v.is_finite()) {
            return Err(invalid("non-finite covariate value"));
        }
    }
    let w: Vec<f64> = match d.weights {
        Some(w) => w.to_vec(),
        None => vec![1.0; n],
    };
    if w.iter().any(|v| !v.is_finite() || *v <= 0.0) {
        return Err(invalid("weights must be finite and positive"));
    }
    let n_events = d.event.iter().filter(|e| **e).count();
    if n_events == 0 {
        return Err(CoxStatus::NoEvents);
    }
    if n_events < p {
        return Err(CoxStatus::FewerEventsThanParameters);
    }
    let wsum: f64 = w.iter().sum();
    let mut x: Vec<Vec<f64>> = d.x.to_vec();
    for j in 0..p {
        let mean = (0..n).map(|i| w[i] * d.x[i][j]).sum::<f64>() / wsum;
        for row in x.iter_mut() {
            row[j] -= mean;
        }
    }
    let mut by_stratum: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let s = d.strata.map_or(0, |s| s[i]);
        by_stratum.entry(s).or_default().push(i);
    }
    let mut times = Vec::new();
    for rows in by_stratum.values() {
        let mut ev: Vec<f64> = rows
            .iter()
            .filter(|&&i| d.event[i])
            .map(|&i| d.stop[i])
            .collect();
        ev.sort_by(f64::total_cmp);
        ev.dedup();
        for t in ev {
            let at_risk: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&i| d.start[i] < t && t <= d.stop[i])
                .collect();
            let deaths: Vec<usize> = at_risk
                .iter()
                .copied()
                .filter(|&i| d.event[i] && d.stop[i] == t)
                .collect();
            times.push(EventTime { at_risk, deaths });
        }
    }
    Ok(Prepared {
        n,
        p,
        x,
        w,
        times,
        n_events,
    })
}

/// Linear predictor `xᵢ·β` of every row (centred covariates).
pub(crate) fn linear_predictor(x: &[Vec<f64>], beta: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|r| r.iter().zip(beta).map(|(a, b)| a * b).sum())
        .collect()
}

/// Sums over a risk set or an event set: Σw·r, Σw·r·x, Σw·r·x·xᵀ with `r = exp(η)`.
pub(crate) struct Sums {
    pub s0: f64,
    pub s1: Vec<f64>,
    pub s2: Vec<Vec<f64>>,
}

/// Accumulates [`Sums`] over `rows` with risks `risk` (already weighted).
pub(crate) fn sums(rows: &[usize], risk: &[f64], x: &[Vec<f64>], p: usize, second: bool) -> Sums {
    let mut s = Sums {
        s0: 0.0,
        s1: vec![0.0; p],
        s2: vec![vec![0.0; p]; if second { p } else { 0 }],
    };
    for &i in rows {
        let r = risk[i];
        s.s0 += r;
        for a in 0..p {
            let ra = r * x[i][a];
            s.s1[a] += ra;
            if second {
                for b in 0..=a {
                    s.s2[a][b] += ra * x[i][b];
                }
            }
        }
    }
    if second {
        for a in 0..p {
            for b in (a + 1)..p {
                s.s2[a][b] = s.s2[b][a];
            }
        }
    }
    s
}

/// The Efron (or Breslow) terms of one event time with `d` events: pairs `(f, weight)` where
/// the risk-set sums are taken as `S − f·D` and the term counts `weight` times. Breslow, or a
/// single event: one term `(0, Σw of the events)`; Efron: `(k/d, Σw/d)` for `k = 0..d`.
pub(crate) fn efron_terms(d: usize, deadwt: f64, efron: bool) -> Vec<(f64, f64)> {
    if !efron || d < 2 {
        vec![(0.0, deadwt)]
    } else {
        let dd = d as f64;
        (0..d).map(|k| (k as f64 / dd, deadwt / dd)).collect()
    }
}
