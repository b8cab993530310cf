//! Tests of the Fine–Gray fit: the cumulative sums against the row-by-row computations of
//! `crrfsv` and `crrvv` (kept here as the oracle), the censoring weights, degenerate inputs.

use super::*;

#[test]
fn degenerate_inputs_are_statuses() {
    let names = vec!["a".to_string()];
    let x: Vec<Vec<f64>> = (0..5).map(|i| vec![i as f64]).collect();
    let time = [1.0, 2.0, 3.0, 4.0, 5.0];
    let none = fine_gray(&time, &[0, 2, 0, 2, 0], &x, &names, None);
    assert_eq!(none, Err(CoxStatus::NoEvents));
    let bad = fine_gray(&time, &[0, 3, 1, 2, 0], &x, &names, None);
    assert_eq!(bad.unwrap_err().code(), "invalid_data");
    let flat: Vec<Vec<f64>> = (0..5).map(|_| vec![1.0]).collect();
    let rank = fine_gray(&time, &[1, 2, 1, 0, 1], &flat, &names, None);
    assert_eq!(rank, Err(CoxStatus::RankDeficient));
}

// The former row-by-row computations (O(n² p²), O(n³ p)), as `crrfsv` and `crrvv` make them.
/// Risk-set weight of row `j` at the failure of row `i`: 1 while `t_j ≥ t_i`, the censoring
/// ratio `Ĝ(t_i−)/Ĝ(t_j−)` for an earlier competing event, 0 for an earlier censoring.
fn risk_weight(c: &CrrData, j: usize, i: usize) -> Option<f64> {
    if c.t[j] < c.t[i] {
        if c.ici[j] <= 1 {
            None
        } else {
            Some(c.wt[c.g[j]][i] / c.wt[c.g[j]][j])
        }
    } else {
        Some(1.0)
    }
}

/// Minus the log pseudo-likelihood, its gradient and Hessian, row by row as `crrfsv` (the
/// former evaluation, kept as the oracle of [`crr_derivatives`]).
fn crr_derivatives_by_rows(c: &CrrData, b: &[f64]) -> (f64, Vec<f64>, Vec<Vec<f64>>) {
    let n = c.t.len();
    let p = b.len();
    let ex = risk_scores(c, b);
    let (mut f, mut s, mut h) = (0.0, vec![0.0; p], vec![vec![0.0; p]; p]);
    let mut i = 0;
    while i < n {
        if c.ici[i] != 1 {
            i += 1;
            continue;
        }
        let t = c.t[i];
        let mut nd = 0.0;
        let mut k = i;
        while k < n && c.t[k] == t {
            if c.ici[k] == 1 {
                nd += 1.0;
                f -= c.x[k].iter().zip(b).map(|(a, v)| a * v).sum::<f64>();
                for a in 0..p {
                    s[a] -= c.x[k][a];
                }
            }
            k += 1;
        }
        let (mut s0, mut s1, mut s2) = (0.0, vec![0.0; p], vec![vec![0.0; p]; p]);
        for j in 0..n {
            let Some(w) = risk_weight(c, j, i) else {
                continue;
            };
            let r = w * ex[j];
            s0 += r;
            for a in 0..p {
                s1[a] += r * c.x[j][a];
                for bb in 0..p {
                    s2[a][bb] += r * c.x[j][a] * c.x[j][bb];
                }
            }
        }
        f += nd * s0.ln();
        for a in 0..p {
            s[a] += nd * s1[a] / s0;
            for bb in 0..p {
                h[a][bb] += nd * (s2[a][bb] / s0 - s1[a] * s1[bb] / (s0 * s0));
            }
        }
        i = k;
    }
    (f, s, h)
}

/// Sandwich pieces, row by row as `crrvv` (the former computation, kept as the oracle of
/// [`crr_variance`]).
fn crr_variance_by_rows(c: &CrrData, b: &[f64]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let n = c.t.len();
    let p = b.len();
    let ex = risk_scores(c, b);
    let mut icrsk = vec![0usize; c.ncg];
    for &g in &c.g {
        icrsk[g] += 1;
    }
    // xb[i] = (S0, S1) of the risk set at the failure of row i.
    let mut xb = vec![vec![0.0; p + 1]; n];
    for i in 0..n {
        if c.ici[i] != 1 {
            continue;
        }
        for j in 0..n {
            let Some(w) = risk_weight(c, j, i) else {
                continue;
            };
            let twt = w * ex[j];
            xb[i][0] += twt;
            for k in 0..p {
                xb[i][k + 1] += twt * c.x[j][k];
            }
        }
    }
    let mut v = vec![vec![0.0; p]; p];
    let mut v2 = vec![vec![0.0; p]; p];
    let mut ss2 = vec![vec![0.0; c.ncg]; p];
    let mut qu = vec![vec![0.0; c.ncg]; p];
    let mut lc = 0;
    for i in 0..n {
        let mut st1 = vec![0.0; p];
        for j in 0..n {
            if c.ici[j] != 1 {
                continue;
            }
            let twt = if c.t[j] <= c.t[i] {
                ex[i]
            } else if c.ici[i] > 1 {
                ex[i] * c.wt[c.g[i]][j] / c.wt[c.g[i]][i]
            } else {
                continue;
            };
            for k in 0..p {
                st1[k] -= (c.x[i][k] - xb[j][k + 1] / xb[j][0]) * twt / xb[j][0];
            }
        }
        if c.ici[i] == 1 {
            for k in 0..p {
                st1[k] += c.x[i][k] - xb[i][k + 1] / xb[i][0];
            }
            let mut vt = vec![vec![0.0; p]; p];
            for j in 0..n {
                let Some(w) = risk_weight(c, j, i) else {
                    continue;
                };
                let twt = w * ex[j];
                let d: Vec<f64> = (0..p)
                    .map(|k| c.x[j][k] - xb[i][k + 1] / xb[i][0])
                    .collect();
                for k in 0..p {
                    for k2 in 0..p {
                        vt[k][k2] += twt * d[k] * d[k2];
                    }
                }
            }
            for k in 0..p {
                for k2 in 0..p {
                    v[k][k2] += vt[k][k2] / xb[i][0];
                }
            }
        }
        if i == 0 || c.t[i] > c.t[i - 1] {
            // q(u) is computed when this time block holds a censoring (or ends the data).
            let mut compute = true;
            for j in i..n {
                if c.t[j] > c.t[i] {
                    compute = false;
                    break;
                }
                if c.ici[j] == 0 {
                    break;
                }
            }
            if compute {
                for row in qu.iter_mut() {
                    row.iter_mut().for_each(|q| *q = 0.0);
                }
                for j1 in lc..n {
                    if c.ici[j1] != 1 {
                        continue;
                    }
                    let mut ss4 = vec![0.0; c.ncg];
                    let mut ss3 = vec![vec![0.0; c.ncg]; p];
                    for j2 in 0..n {
                        if c.t[j2] >= c.t[i] {
                            break;
                        }
                        if c.ici[j2] <= 1 {
                            continue;
                        }
                        let g2 = c.g[j2];
                        let twt = ex[j2] * c.wt[g2][j1] / c.wt[g2][j2];
                        ss4[g2] += twt;
                        for k in 0..p {
                            ss3[k][g2] += c.x[j2][k] * twt;
                        }
                    }
                    let g1 = c.g[j1];
                    for k in 0..p {
                        qu[k][g1] += (ss3[k][g1] - xb[j1][k + 1] * ss4[g1] / xb[j1][0]) / xb[j1][0];
                    }
                }
                for j in i..n {
                    if c.t[j] > c.t[i] {
                        break;
                    }
                    if c.ici[j] == 0 {
                        let g = c.g[j];
                        let r = icrsk[g] as f64;
                        for k in 0..p {
                            ss2[k][g] -= qu[k][g] / (r * r);
                        }
                    }
                }
            }
        }
        let gi = c.g[i];
        for k in 0..p {
            let mut st2 = ss2[k][gi];
            if c.ici[i] == 0 {
                st2 += qu[k][gi] / icrsk[gi] as f64;
            }
            st1[k] += st2;
        }
        for k in 0..p {
            for k2 in 0..p {
                v2[k][k2] += st1[k] * st1[k2];
            }
        }
        if i + 1 < n && c.t[i + 1] > c.t[i] {
            for j in lc..=i {
                icrsk[c.g[j]] -= 1;
            }
            lc = i + 1;
        }
    }
    (v, v2)
}

/// Deterministic pseudo-random numbers in [0, 1).
fn lcg(state: &mut u64) -> f64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

/// Sorted data as `fine_gray` builds it: times on a coarse grid (many ties), causes 0 / 1 /
/// 2, `ncg` censoring groups, covariates with a large mean (a year) and binary ones.
fn random_data(n: usize, p: usize, ncg: usize, seed: u64) -> CrrData {
    let mut st = seed;
    let mut rows: Vec<(f64, u8, usize, Vec<f64>)> = (0..n)
        .map(|_| {
            let t = (lcg(&mut st) * 12.0).floor();
            let u = lcg(&mut st);
            let cause = if u < 0.3 {
                0
            } else if u < 0.7 {
                1
            } else {
                2
            };
            let g = (lcg(&mut st) * ncg as f64) as usize;
            let x = (0..p)
                .map(|a| match a % 3 {
                    0 => 2000.0 + (lcg(&mut st) * 20.0).floor(),
                    1 => f64::from(u8::from(lcg(&mut st) < 0.4)),
                    _ => lcg(&mut st) * 2.0 - 1.0,
                })
                .collect();
            (t, cause, g, x)
        })
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let t: Vec<f64> = rows.iter().map(|r| r.0).collect();
    let ici: Vec<u8> = rows.iter().map(|r| r.1).collect();
    let g: Vec<usize> = rows.iter().map(|r| r.2).collect();
    let mut x: Vec<Vec<f64>> = rows.into_iter().map(|r| r.3).collect();
    for a in 0..p {
        let mean = x.iter().map(|r| r[a]).sum::<f64>() / n as f64;
        x.iter_mut().for_each(|r| r[a] -= mean);
    }
    let cens: Vec<bool> = ici.iter().map(|c| *c == 0).collect();
    let wt = (0..ncg)
        .map(|k| {
            let rows: Vec<usize> = (0..n).filter(|&i| g[i] == k).collect();
            censoring_km(&t, &cens, &rows)
        })
        .collect();
    let start = (0..n).filter(|&i| i == 0 || t[i] != t[i - 1]).collect();
    CrrData {
        t,
        ici,
        x,
        p,
        g,
        ncg,
        wt,
        start,
    }
}

fn close(what: &str, got: f64, want: f64, scale: f64) {
    assert!(
        (got - want).abs() <= 1e-12 * scale,
        "{what}: {got} vs {want} (scale {scale})"
    );
}

/// The cumulative sums give what `crrfsv` and `crrvv` give row by row, to 1e-12 of the
/// largest entry of each quantity: one and three censoring groups, 1 to 4 covariates, β at
/// 0 and away from it, tied times mixing every cause. Dropping the earlier competing events
/// from the risk sets, or the censoring terms of the variance, fails it.
#[test]
fn cumulative_sums_equal_the_row_by_row_computations() {
    let mut seed = 7;
    for (n, p, ncg) in [
        (40usize, 1usize, 1usize),
        (120, 2, 3),
        (300, 3, 1),
        (250, 4, 3),
    ] {
        seed += 1;
        let c = random_data(n, p, ncg, seed);
        assert!(c.start.len() < n / 2, "ties");
        for b in [
            vec![0.0; p],
            (0..p).map(|a| 0.3 - 0.25 * a as f64).collect(),
        ] {
            let what = format!("n {n} p {p} groups {ncg} b {b:?}");
            let (f, s, h) = crr_derivatives(&c, &b);
            let (f0, s0, h0) = crr_derivatives_by_rows(&c, &b);
            close(&format!("{what} f"), f, f0, f0.abs().max(1.0));
            let sc = s0.iter().fold(1.0f64, |m, v| m.max(v.abs()));
            let hc = h0.iter().flatten().fold(1.0f64, |m, v| m.max(v.abs()));
            for a in 0..p {
                close(&format!("{what} s {a}"), s[a], s0[a], sc);
                for k in 0..p {
                    close(&format!("{what} h {a} {k}"), h[a][k], h0[a][k], hc);
                }
            }
            let (v, v2) = crr_variance(&c, &b);
            let (w, w2) = crr_variance_by_rows(&c, &b);
            let vc = w.iter().flatten().fold(1.0f64, |m, x| m.max(x.abs()));
            let v2c = w2.iter().flatten().fold(1.0f64, |m, x| m.max(x.abs()));
            for a in 0..p {
                for k in 0..p {
                    close(&format!("{what} v {a} {k}"), v[a][k], w[a][k], vc);
                    close(&format!("{what} v2 {a} {k}"), v2[a][k], w2[a][k], v2c);
                }
            }
        }
    }
}

/// The censoring Kaplan–Meier by sorted counts equals the count over every row for each
/// time (the former O(n · times) loop), bit for bit.
#[test]
fn censoring_km_equals_the_direct_count() {
    let mut st = 3;
    let n = 200;
    let t: Vec<f64> = (0..n).map(|_| (lcg(&mut st) * 30.0).floor()).collect();
    let cens: Vec<bool> = (0..n).map(|_| lcg(&mut st) < 0.35).collect();
    let rows: Vec<usize> = (0..n).filter(|i| i % 3 != 0).collect();
    let mut times: Vec<f64> = rows.iter().map(|&i| t[i]).collect();
    times.sort_by(f64::total_cmp);
    times.dedup();
    let mut s = 1.0;
    let mut surv = Vec::new();
    for &u in &times {
        let at_risk = rows.iter().filter(|&&i| t[i] >= u).count() as f64;
        let d = rows.iter().filter(|&&i| cens[i] && t[i] == u).count() as f64;
        s *= 1.0 - d / at_risk;
        surv.push(s);
    }
    let got = censoring_km(&t, &cens, &rows);
    for (i, &ti) in t.iter().enumerate() {
        let x = ti * (1.0 - 100.0 * f64::EPSILON);
        let k = times.partition_point(|&u| u <= x);
        let want = if k == 0 { 1.0 } else { surv[k - 1] };
        assert_eq!(got[i].to_bits(), want.to_bits(), "row {i}");
    }
}

#[test]
fn censoring_weights_are_left_continuous() {
    // Censoring at 2 (one of four at risk): G(2−) = 1, G(3−) = 3/4.
    let t = [1.0, 2.0, 3.0, 4.0, 5.0];
    let cens = [false, true, false, false, true];
    let g = censoring_km(&t, &cens, &[0, 1, 2, 3, 4]);
    assert_eq!(g[..3], [1.0, 1.0, 0.75]);
}
