//! Oracles of the forward–backward evaluation: every subset enumerated (small strata), and the
//! Gail–Lubin–Rubinstein recursion with second derivatives that it replaces (large strata).

use super::*;

/// Deterministic pseudo-random numbers in [0, 1).
fn lcg(state: &mut u64) -> f64 {
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

/// Random rows (columns of spread `spread`, a binary one among them) and the first `m` rows as
/// cases.
fn stratum(n: usize, m: usize, p: usize, spread: f64, seed: u64) -> (Vec<Vec<f64>>, Vec<usize>) {
    let mut st = seed;
    let z = (0..n)
        .map(|_| {
            (0..p)
                .map(|a| {
                    let u = lcg(&mut st);
                    if a == 0 {
                        f64::from(u8::from(u < 0.3))
                    } else {
                        spread * (u - 0.5)
                    }
                })
                .collect()
        })
        .collect();
    (z, (0..m).collect())
}

/// log-sum-exp of a slice.
fn lse(v: &[f64]) -> f64 {
    let top = v.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    top + v.iter().map(|x| (x - top).exp()).sum::<f64>().ln()
}

/// Every M-subset S of the rows: log-likelihood η(cases) − log Σ_S exp η(S), score
/// Σ_cases z − E[Σ_S z], information Var(Σ_S z) under P(S) ∝ exp η(S).
fn enumerate(z: &[Vec<f64>], cases: &[usize], beta: &[f64]) -> (f64, Vec<f64>, Vec<Vec<f64>>) {
    let (n, m, p) = (z.len(), cases.len(), beta.len());
    let eta: Vec<f64> = z
        .iter()
        .map(|r| r.iter().zip(beta).map(|(a, b)| a * b).sum())
        .collect();
    let mut logs = Vec::new();
    let mut sums = Vec::new();
    for mask in 0u32..(1 << n) {
        if mask.count_ones() as usize != m {
            continue;
        }
        let rows: Vec<usize> = (0..n).filter(|&i| mask >> i & 1 == 1).collect();
        logs.push(rows.iter().map(|&i| eta[i]).sum::<f64>());
        sums.push(
            (0..p)
                .map(|a| rows.iter().map(|&i| z[i][a]).sum::<f64>())
                .collect::<Vec<f64>>(),
        );
    }
    let norm = lse(&logs);
    let prob: Vec<f64> = logs.iter().map(|l| (l - norm).exp()).collect();
    let mean: Vec<f64> = (0..p)
        .map(|a| prob.iter().zip(&sums).map(|(q, s)| q * s[a]).sum())
        .collect();
    let info = (0..p)
        .map(|a| {
            (0..p)
                .map(|c| {
                    prob.iter()
                        .zip(&sums)
                        .map(|(q, s)| q * (s[a] - mean[a]) * (s[c] - mean[c]))
                        .sum()
                })
                .collect()
        })
        .collect();
    let observed: f64 = cases.iter().map(|&i| eta[i]).sum();
    let score = (0..p)
        .map(|a| cases.iter().map(|&i| z[i][a]).sum::<f64>() - mean[a])
        .collect();
    (observed - norm, score, info)
}

/// The Gail–Lubin–Rubinstein recursion with first and second derivatives (the evaluation used
/// before issue 25, kept as an oracle), each order k scaled by C(n, k) w̄ᵏ.
fn recursion(z: &[Vec<f64>], cases: &[usize], beta: &[f64]) -> (f64, Vec<f64>, Vec<Vec<f64>>) {
    let (n, m, p) = (z.len(), cases.len(), beta.len());
    let eta: Vec<f64> = z
        .iter()
        .map(|r| r.iter().zip(beta).map(|(a, b)| a * b).sum())
        .collect();
    let top = eta.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let w: Vec<f64> = eta.iter().map(|e| (e - top).exp()).collect();
    let wbar = w.iter().sum::<f64>() / n as f64;
    let mut b = vec![0.0; m + 1];
    let mut d = vec![vec![0.0; p]; m + 1];
    let mut h = vec![vec![vec![0.0; p]; p]; m + 1];
    b[0] = 1.0;
    let mut log_rescale = 0.0;
    for (j, zj) in z.iter().enumerate() {
        for k in (1..=m.min(j + 1)).rev() {
            let rho = w[j] * k as f64 / ((n - k + 1) as f64 * wbar);
            for a in 0..p {
                for c in 0..p {
                    h[k][a][c] += rho
                        * (h[k - 1][a][c]
                            + zj[a] * d[k - 1][c]
                            + d[k - 1][a] * zj[c]
                            + zj[a] * zj[c] * b[k - 1]);
                }
            }
            for a in 0..p {
                d[k][a] += rho * (d[k - 1][a] + zj[a] * b[k - 1]);
            }
            b[k] += rho * b[k - 1];
        }
        let big = b.iter().cloned().fold(0.0, f64::max);
        if big > 1e100 || (big > 0.0 && big < 1e-100) {
            log_rescale += big.ln();
            b.iter_mut().for_each(|v| *v /= big);
            d.iter_mut().flatten().for_each(|v| *v /= big);
            h.iter_mut().flatten().flatten().for_each(|v| *v /= big);
        }
    }
    let log_binom: f64 = (1..=m).map(|i| ((n - m + i) as f64 / i as f64).ln()).sum();
    let log_em = b[m].ln() + log_rescale + log_binom + m as f64 * wbar.ln() + m as f64 * top;
    let mean: Vec<f64> = d[m].iter().map(|v| v / b[m]).collect();
    let observed: f64 = cases.iter().map(|&i| eta[i]).sum();
    let score = (0..p)
        .map(|a| cases.iter().map(|&i| z[i][a]).sum::<f64>() - mean[a])
        .collect();
    let info = (0..p)
        .map(|a| {
            (0..p)
                .map(|c| h[m][a][c] / b[m] - mean[a] * mean[c])
                .collect()
        })
        .collect();
    (observed - log_em, score, info)
}

/// |a − b| ≤ tol × max(1, |b|) for the log-likelihood, the score and the information.
fn assert_close(e: &Eval, want: &(f64, Vec<f64>, Vec<Vec<f64>>), tol: f64, what: &str) {
    let close = |a: f64, b: f64| (a - b).abs() <= tol * b.abs().max(1.0);
    assert!(
        close(e.loglik, want.0),
        "{what} loglik {} vs {}",
        e.loglik,
        want.0
    );
    for a in 0..want.1.len() {
        assert!(
            close(e.score[a], want.1[a]),
            "{what} score {a}: {} vs {}",
            e.score[a],
            want.1[a]
        );
        for c in 0..want.1.len() {
            assert!(
                close(e.info[a][c], want.2[a][c]),
                "{what} info {a} {c}: {} vs {}",
                e.info[a][c],
                want.2[a][c]
            );
        }
    }
}

#[test]
fn equals_the_enumeration_of_every_subset() {
    // n up to 12 dyads, 1 to n/2 cases, p = 1 to 3, β from 0 to large.
    let mut seed = 1;
    for n in [2usize, 3, 5, 8, 12] {
        for m in 1..=n / 2 {
            for p in 1..=3 {
                seed += 1;
                let (z, cases) = stratum(n, m, p, 4.0, seed);
                for beta in [vec![0.0; p], vec![0.7; p], vec![-2.5; p]] {
                    let e = evaluate(&z.concat(), &cases, &beta);
                    let what = format!("n {n} m {m} p {p} β {}", beta[0]);
                    assert_close(&e, &enumerate(&z, &cases, &beta), 1e-12, &what);
                }
            }
        }
    }
}

#[test]
fn equals_the_second_derivative_recursion_on_large_strata() {
    // Linear predictors spread over up to ~60 units (odds from 1 to e^-60), a few hundred dyads.
    // (Both scalings have their limit: with 200 cases among 900 dyads and predictors spread over
    // 40 units, the recursion's table overflows and this one's underflows; spread 8 is fine.)
    let cases = [
        (400usize, 40usize, 4usize, 20.0, 7u64),
        (900, 200, 3, 8.0, 8),
        (150, 75, 6, 20.0, 9),
    ];
    for (n, m, p, spread, seed) in cases {
        let (z, cases) = stratum(n, m, p, spread, seed);
        for beta in [vec![0.0; p], vec![0.4; p], vec![-0.5; p]] {
            let e = evaluate(&z.concat(), &cases, &beta);
            let what = format!("n {n} m {m} β {}", beta[0]);
            assert_close(&e, &recursion(&z, &cases, &beta), 1e-10, &what);
        }
    }
}

#[test]
fn checkpoints_give_the_same_bits_as_every_suffix_kept() {
    let (z, cases) = stratum(500, 60, 3, 6.0, 21);
    let beta = [0.3, -0.2, 0.1];
    let all = evaluate_within(&z.concat(), &cases, &beta, usize::MAX);
    let blocks = evaluate_within(&z.concat(), &cases, &beta, 0);
    assert_eq!(all.loglik.to_bits(), blocks.loglik.to_bits());
    assert_eq!(all.score, blocks.score);
    assert_eq!(all.info, blocks.info);
    assert_close(&blocks, &recursion(&z, &cases, &beta), 1e-10, "blocks");
}

/// Rows of few distinct values (binary and three-valued columns) sorted so that equal rows are
/// adjacent, as in a stratum in content order, and `m` cases spread over them: runs of equal
/// rows, whose dyads share one E_j.
fn stratum_with_runs(n: usize, m: usize, p: usize, seed: u64) -> (Vec<Vec<f64>>, Vec<usize>) {
    let mut st = seed;
    let mut z: Vec<Vec<f64>> = (0..n)
        .map(|_| {
            (0..p)
                .map(|a| {
                    let u = lcg(&mut st);
                    if a % 2 == 0 {
                        f64::from(u8::from(u < 0.4))
                    } else {
                        1.5 * (3.0 * u).floor() - 1.5
                    }
                })
                .collect()
        })
        .collect();
    z.sort_by(|a, b| {
        a.iter()
            .zip(b)
            .map(|(x, y)| x.total_cmp(y))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let step = n as f64 / m as f64;
    let cases = (0..m).map(|i| (i as f64 * step) as usize).collect();
    (z, cases)
}

/// Number of dyads whose row equals the previous one's (their E_j is copied, not computed).
fn repeated(z: &[Vec<f64>]) -> usize {
    z.windows(2).filter(|w| w[0] == w[1]).count()
}

#[test]
fn runs_of_equal_rows_equal_the_enumeration() {
    let mut seed = 100;
    for n in [4usize, 7, 10, 12] {
        for m in 1..=n / 2 {
            for p in 1..=3 {
                seed += 1;
                let (z, cases) = stratum_with_runs(n, m, p, seed);
                assert!(repeated(&z) > 0 || p > 1, "n {n} p {p}: no run");
                for beta in [vec![0.0; p], vec![0.9; p], vec![-1.7; p]] {
                    let e = evaluate(&z.concat(), &cases, &beta);
                    let what = format!("runs: n {n} m {m} p {p} β {}", beta[0]);
                    assert_close(&e, &enumerate(&z, &cases, &beta), 1e-12, &what);
                }
            }
        }
    }
}

#[test]
fn runs_of_equal_rows_equal_the_recursion_on_large_strata() {
    for (n, m, p, seed) in [
        (400usize, 40usize, 4usize, 31u64),
        (900, 200, 3, 32),
        (300, 150, 5, 33),
    ] {
        let (z, cases) = stratum_with_runs(n, m, p, seed);
        // Most dyads repeat the previous row: the shared path is the one tested.
        assert!(
            repeated(&z) * 2 > n,
            "n {n}: {} repeated rows",
            repeated(&z)
        );
        for beta in [vec![0.0; p], vec![0.4; p], vec![-0.5; p]] {
            let e = evaluate(&z.concat(), &cases, &beta);
            let what = format!("runs: n {n} m {m} β {}", beta[0]);
            assert_close(&e, &recursion(&z, &cases, &beta), 1e-10, &what);
        }
    }
}

#[test]
fn runs_across_checkpoint_blocks_give_the_same_bits() {
    // Blocks of √500 ≈ 23 dyads; runs of equal rows longer than a block cross its edges.
    let (z, cases) = stratum_with_runs(500, 60, 2, 41);
    assert!(repeated(&z) > 450);
    let beta = [0.3, -0.2];
    let all = evaluate_within(&z.concat(), &cases, &beta, usize::MAX);
    let blocks = evaluate_within(&z.concat(), &cases, &beta, 0);
    assert_eq!(all.loglik.to_bits(), blocks.loglik.to_bits());
    assert_eq!(all.score, blocks.score);
    assert_eq!(all.info, blocks.info);
    assert_close(
        &blocks,
        &recursion(&z, &cases, &beta),
        1e-10,
        "runs, blocks",
    );
}

#[test]
fn the_avx2_path_gives_the_bits_of_the_portable_body() {
    // `evaluate` runs the body compiled with AVX2 where the CPU has it; called from here, the
    // body is compiled without. Strata with p = 8 and 20 (the tie models' specifications), with
    // and without runs, below and above the checkpoint budget.
    for (n, m, p, seed) in [(300usize, 40usize, 8usize, 51u64), (700, 90, 20, 52)] {
        for (z, cases) in [
            stratum(n, m, p, 3.0, seed),
            stratum_with_runs(n, m, p, seed),
        ] {
            let beta: Vec<f64> = (0..p).map(|a| 0.1 * (a as f64) - 0.4).collect();
            for budget in [usize::MAX, 0] {
                let fast = evaluate_within(&z.concat(), &cases, &beta, budget);
                let portable = evaluate_impl(&z.concat(), &cases, &beta, budget);
                assert_eq!(fast.loglik.to_bits(), portable.loglik.to_bits());
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&fast.score), bits(&portable.score));
                for (a, b) in fast.info.iter().zip(&portable.info) {
                    assert_eq!(bits(a), bits(b));
                }
            }
        }
    }
}

#[test]
fn the_closed_form_at_zero_is_the_recursion_at_zero() {
    // Against every subset enumerated (n ≤ 12) and the forward–backward evaluation at β = 0
    // (large strata, cases anywhere among the rows, binary and continuous columns, centered
    // or not). A wrong factor (M (n − M) / n² instead of / (n (n − 1))) fails the small cases
    // by 1 / (n − 1) relative.
    let mut seed = 100;
    for n in [2usize, 3, 5, 8, 12] {
        for m in 1..=n - 1 {
            for p in 1..=3 {
                seed += 1;
                let (z, cases) = stratum(n, m, p, 4.0, seed);
                let e = evaluate_at_zero(&z.concat(), &cases, p);
                let what = format!("closed form n {n} m {m} p {p}");
                assert_close(&e, &enumerate(&z, &cases, &vec![0.0; p]), 1e-12, &what);
            }
        }
    }
    for (n, m, p, seed) in [
        (400usize, 40usize, 4usize, 7u64),
        (900, 200, 3, 8),
        (150, 75, 20, 9),
    ] {
        let (z, _) = stratum(n, m, p, 6.0, seed);
        let cases: Vec<usize> = (0..m).map(|i| (i * 7 + 3) % n).collect();
        let mut sorted = cases.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), m, "distinct cases");
        let e = evaluate_at_zero(&z.concat(), &sorted, p);
        let want = evaluate(&z.concat(), &sorted, &vec![0.0; p]);
        let want = (want.loglik, want.score, want.info);
        assert_close(&e, &want, 1e-11, &format!("closed form n {n} m {m} p {p}"));
    }
}
