//! Known-answer tests of `src/relations/` against R (`tests/oracles/relations.R`) and networkx
//! (`tests/oracles/relations_networkx.py`); the fixtures record the oracle versions.

use serde_json::Value;

use super::brokerage::brokerage_z;

/// Adjacency lists of an `n`-node graph from a fixture's `[[u, v], ...]` edge list (0-based).
fn adjacency(n: usize, edges: &Value) -> Vec<Vec<u32>> {
    let mut adj = vec![Vec::new(); n];
    for e in edges.as_array().unwrap() {
        let u = e[0].as_u64().unwrap() as usize;
        let v = e[1].as_u64().unwrap() as usize;
        adj[u].push(v as u32);
        adj[v].push(u as u32);
    }
    for nb in &mut adj {
        nb.sort_unstable();
    }
    adj
}

fn close(ours: f64, theirs: f64, tol: f64) -> bool {
    (ours - theirs).abs() <= tol * theirs.abs().max(1.0)
}

/// `brokerage_z` equals `sna::brokerage(A, cl)` on 8 committed graphs (2–5 groups, one-member
/// groups, an isolate, a star, a complete graph): raw counts exactly; expected counts, standard
/// deviations and z-scores within 1e-9 (relative above 1, absolute below). Where sna gives
/// NaN/±Inf (null in the fixture) our value is `None` with a status; where sna is finite ours is
/// `Some`.
#[test]
fn brokerage_matches_sna() {
    let fx: Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/relations/brokerage.json"
    ))
    .unwrap();
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 6);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let n = case["n"].as_u64().unwrap() as usize;
        let adj = adjacency(n, &case["edges"]);
        let cl: Vec<u32> = case["partition"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap() as u32)
            .collect();
        let b = brokerage_z(&adj, &cl).unwrap();
        let check = |ours: &[super::brokerage::RoleScore; 6],
                     raw: &Value,
                     e: &Value,
                     sd: &Value,
                     z: &Value,
                     at: &str| {
            for r in 0..6 {
                assert_eq!(
                    ours[r].observed as f64,
                    raw[r].as_f64().unwrap(),
                    "{name} {at} raw {r}"
                );
                assert!(
                    close(ours[r].expected, e[r].as_f64().unwrap(), 1e-9),
                    "{name} {at} exp {r}"
                );
                match (ours[r].sd, sd[r].as_f64()) {
                    (Some(a), Some(b)) => {
                        assert!(close(a, b, 1e-9), "{name} {at} sd {r}: {a} vs {b}")
                    }
                    (None, None) => {}
                    (a, b) => panic!("{name} {at} sd {r}: {a:?} vs {b:?}"),
                }
                match (ours[r].z, z[r].as_f64()) {
                    (Some(a), Some(b)) => {
                        assert!(close(a, b, 1e-9), "{name} {at} z {r}: {a} vs {b}")
                    }
                    (None, None) => assert_ne!(ours[r].status, super::brokerage::ZStatus::Ok),
                    (a, b) => panic!("{name} {at} z {r}: {a:?} vs {b:?}"),
                }
            }
        };
        for (j, node) in b.nodes.iter().enumerate() {
            check(
                node,
                &case["raw_nli"][j],
                &case["exp_nli"][j],
                &case["sd_nli"][j],
                &case["z_nli"][j],
                &format!("node {j}"),
            );
        }
        check(
            &b.network,
            &case["raw_gli"],
            &case["exp_gli"],
            &case["sd_gli"],
            &case["z_gli"],
            "network",
        );
    }
}

/// Mean transitivity of `double_edge_swap` rewirings equals networkx's (`double_edge_swap`,
/// same nswap = 10 × edges, 2000 rewirings from the original graph each) on 3 committed graphs
/// within 4 combined standard errors: |mean_ours − mean_nx| ≤ 4 √(se_ours² + se_nx²)
/// (a false alarm rate of about 6e-5 per graph). The observed transitivity is checked exactly.
#[test]
fn rewiring_matches_networkx_transitivity() {
    use super::rewire::{double_edge_swap, transitivity};
    let fx: Value = serde_json::from_str(include_str!(
        "../../tests/fixtures/relations/double_edge_swap.json"
    ))
    .unwrap();
    for case in fx["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let n = case["n"].as_u64().unwrap() as usize;
        let adj = adjacency(n, &case["edges"]);
        assert!(close(
            transitivity(&adj),
            case["observed_transitivity"].as_f64().unwrap(),
            1e-12
        ));
        let nswap = case["nswap"].as_u64().unwrap() as usize;
        let max_tries = case["max_tries"].as_u64().unwrap() as usize;
        let reps = case["replicates"].as_u64().unwrap() as usize;
        let values: Vec<f64> = (0..reps as u64)
            .map(|r| {
                let out = double_edge_swap(&adj, nswap, max_tries, r).unwrap();
                assert_eq!(out.swaps, nswap);
                transitivity(&out.adj)
            })
            .collect();
        let mean = values.iter().sum::<f64>() / reps as f64;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (reps as f64 - 1.0);
        let se = (var / reps as f64).sqrt();
        let se_nx = case["se_mean_transitivity"].as_f64().unwrap();
        let mean_nx = case["mean_transitivity"].as_f64().unwrap();
        let bound = 4.0 * (se * se + se_nx * se_nx).sqrt();
        assert!(
            (mean - mean_nx).abs() <= bound,
            "{name}: ours {mean} vs networkx {mean_nx}, bound {bound}"
        );
        // The rewiring must move the statistic: a test that a no-op would fail.
        assert!(var > 0.0, "{name}: rewiring left transitivity constant");
    }
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn labels(v: &Value) -> Vec<u32> {
    floats(v).into_iter().map(|x| x as u32).collect()
}

/// `conditional_logit` equals `survival::clogit(y ~ x1 + x2 + x3 + strata(s), method = "exact")`
/// (converged to eps = 1e-13) on 3 committed cases — 10 small strata with 0–6 ties (two strata
/// without variation, dropped), 12 strata with one tie each, 4 strata of 250–320 dyads with 25–200
/// ties: coefficients and model-based standard errors within 1e-6 (absolute), log-likelihoods
/// within 1e-8 (relative). Cluster-robust standard errors within 1e-8 (relative) of R's
/// computation: the subset enumeration in R (first case), and `clogit(..., method = "breslow",
/// cluster = cl)` plus `sandwich::vcovCL` (second case, where Breslow = exact).
#[test]
fn clogit_matches_survival() {
    use super::clogit::conditional_logit;
    let fx: Value =
        serde_json::from_str(include_str!("../../tests/fixtures/relations/clogit.json")).unwrap();
    for case in fx["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let y: Vec<bool> = floats(&case["y"]).into_iter().map(|v| v == 1.0).collect();
        let x: Vec<Vec<f64>> = case["x"].as_array().unwrap().iter().map(floats).collect();
        let strata = labels(&case["strata"]);
        let cluster = labels(&case["cluster"]);
        let fit = conditional_logit(&y, &x, &strata, Some(&cluster)).unwrap();
        let b = floats(&case["coefficients"]);
        let se = floats(&case["std_errors"]);
        for k in 0..b.len() {
            assert!(
                (fit.coefficients[k] - b[k]).abs() <= 1e-6,
                "{name} coef {k}: {} vs {}",
                fit.coefficients[k],
                b[k]
            );
            assert!(
                (fit.std_errors[k] - se[k]).abs() <= 1e-6,
                "{name} se {k}: {} vs {}",
                fit.std_errors[k],
                se[k]
            );
        }
        let ll = floats(&case["loglik"]);
        assert!(
            close(fit.loglik_null, ll[0], 1e-8),
            "{name} loglik0 {} vs {}",
            fit.loglik_null,
            ll[0]
        );
        assert!(
            close(fit.loglik, ll[1], 1e-8),
            "{name} loglik {} vs {}",
            fit.loglik,
            ll[1]
        );
        assert_eq!(
            fit.n_strata_dropped as f64,
            case["n_strata_dropped"].as_f64().unwrap()
        );
        if case["robust_std_errors"].is_array() {
            let r = floats(&case["robust_std_errors"]);
            let ours = fit.robust_std_errors.as_ref().unwrap();
            for k in 0..r.len() {
                assert!(
                    close(ours[k], r[k], 1e-8),
                    "{name} robust {k}: {} vs {}",
                    ours[k],
                    r[k]
                );
            }
        }
        if case["vcovcl_std_errors"].is_array() {
            let r = floats(&case["vcovcl_std_errors"]);
            let ours = fit.cluster_adjusted_std_errors.as_ref().unwrap();
            for k in 0..r.len() {
                assert!(
                    close(ours[k], r[k], 1e-8),
                    "{name} vcovCL {k}: {} vs {}",
                    ours[k],
                    r[k]
                );
            }
        }
    }
}

/// Binomial Monte-Carlo tolerance for two independent estimates of one p-value from `m1` and
/// `m2` permutations: 4 standard errors of their difference, with p floored at 0.01 so that
/// shares of 0 or 1 still allow a few permutations of disagreement, plus 2/m for ties.
fn mc_tolerance(p1: f64, p2: f64, m1: f64, m2: f64) -> f64 {
    let p = (0.5 * (p1 + p2)).clamp(0.01, 0.99);
    4.0 * (p * (1.0 - p) * (1.0 / m1 + 1.0 / m2)).sqrt() + 2.0 / m1.min(m2)
}

/// `qap_logit` on 3 committed networks (15, 22, 30 nodes, 3 covariates): coefficients and
/// standard errors equal `glm(y ~ x1 + x2 + x3, binomial)` converged to epsilon = 1e-14 within
/// 1e-8 (absolute); the deviance within 1e-8 (relative); z-values equal netlogit's `tstat`
/// within 1e-4 (relative: netlogit's own glm.fit stops at epsilon = 1e-8, with the weights of
/// the iterate before the last, which moves its z by a few 1e-6). The permutation p-values
/// (2000 permutations each side) agree with `sna::netlogit(..., nullhyp = "qapspp",
/// test.statistic = "z-value", reps = 2000)` within [`mc_tolerance`] (4 binomial standard errors
/// of the difference, p floored at 0.01, plus 2/m).
#[test]
fn qap_matches_glm_and_netlogit() {
    use super::qap::qap_logit;
    let fx: Value =
        serde_json::from_str(include_str!("../../tests/fixtures/relations/qap.json")).unwrap();
    let matrix =
        |v: &Value| -> Vec<Vec<f64>> { v.as_array().unwrap().iter().map(floats).collect() };
    for case in fx["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let y = matrix(&case["y"]);
        let x: Vec<Vec<Vec<f64>>> = case["x"].as_array().unwrap().iter().map(matrix).collect();
        let reps = case["reps"].as_f64().unwrap();
        let fit = qap_logit(&y, &x, reps as usize, 22).unwrap();
        let (b, se, z) = (
            floats(&case["coefficients"]),
            floats(&case["std_errors"]),
            floats(&case["netlogit_z"]),
        );
        assert!(
            close(fit.deviance, case["deviance"].as_f64().unwrap(), 1e-8),
            "{name} deviance"
        );
        for (k, t) in fit.terms.iter().enumerate() {
            assert!(
                (t.estimate - b[k]).abs() <= 1e-8,
                "{name} coef {k}: {} vs {}",
                t.estimate,
                b[k]
            );
            assert!(
                (t.std_error - se[k]).abs() <= 1e-8,
                "{name} se {k}: {} vs {}",
                t.std_error,
                se[k]
            );
            assert!(close(t.z, z[k], 1e-4), "{name} z {k}: {} vs {}", t.z, z[k]);
            assert_eq!(t.n_failed_permutations, 0, "{name} term {k}");
            for (ours, key) in [
                (t.p_greater, "pgreq"),
                (t.p_less, "pleeq"),
                (t.p_two_sided, "pgreqabs"),
            ] {
                let theirs = case[key][k].as_f64().unwrap();
                let tol = mc_tolerance(ours, theirs, reps, reps);
                assert!(
                    (ours - theirs).abs() <= tol,
                    "{name} {key} {k}: {ours} vs {theirs} (tol {tol})"
                );
            }
        }
    }
}

/// Networks of `size` members of 3 actor types, ties drawn from the dyad-independent model
/// logit P(tie) = α_s + β · same_type, α_s uniform in [−2, −0.5]: (y, same_type, stratum).
fn homophily_study(
    seed: u64,
    networks: usize,
    size: usize,
    beta: f64,
) -> (Vec<bool>, Vec<f64>, Vec<u32>) {
    use crate::stats::rng;
    use rand_core::RngCore;
    let mut g = rng::stream(seed, 77, 0);
    let mut unif = move || (g.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let (mut y, mut x, mut s) = (Vec::new(), Vec::new(), Vec::new());
    for net in 0..networks {
        let alpha = -2.0 + 1.5 * unif();
        let types: Vec<u32> = (0..size).map(|_| (3.0 * unif()) as u32).collect();
        for i in 0..size {
            for j in i + 1..size {
                let same = f64::from(u8::from(types[i] == types[j]));
                let p = 1.0 / (1.0 + (-(alpha + beta * same)).exp());
                y.push(unif() < p);
                x.push(same);
                s.push(net as u32);
            }
        }
    }
    (y, x, s)
}

/// Simulation check of the conditional logit on studies generated exactly from a
/// dyad-independent model with homophily (the quick version of issue 22's 400-replicate check):
/// over 200 replicates of 25 networks of 12 members, the 95 % Wald interval covers β = 0.8 in a
/// share within [0.90, 0.99], and with β = 0 the test rejects in a share within [0.01, 0.10]
/// (about ±3 binomial standard errors around 0.95 and 0.05). With cluster = network the robust
/// (HC0, no small-sample factor) interval is checked for coverage within [0.88, 0.99]: with 25
/// clusters the sandwich is known to run a little small (0.90–0.915 here, seeds 1000..1199).
#[test]
fn clogit_coverage_and_size_on_generated_studies() {
    use super::clogit::conditional_logit;
    let reps = 200;
    for (beta, lo, hi) in [(0.8, 0.90, 0.99), (0.0, 0.90, 0.99)] {
        let (mut covered, mut covered_robust) = (0, 0);
        for r in 0..reps {
            let (y, x, s) = homophily_study(1000 + r, 25, 12, beta);
            let fit = conditional_logit(&y, &[x], &s, Some(&s)).unwrap();
            let (b, se) = (fit.coefficients[0], fit.std_errors[0]);
            let rse = fit.robust_std_errors.as_ref().unwrap()[0];
            covered += usize::from((b - beta).abs() <= 1.959964 * se);
            covered_robust += usize::from((b - beta).abs() <= 1.959964 * rse);
        }
        let share = covered as f64 / reps as f64;
        let share_robust = covered_robust as f64 / reps as f64;
        assert!((lo..=hi).contains(&share), "beta {beta}: coverage {share}");
        assert!(
            (lo - 0.02..=hi).contains(&share_robust),
            "beta {beta}: robust coverage {share_robust}"
        );
    }
}

/// The conditional logit and the logit with one dummy per network (fixed effects, fitted by
/// IRLS) agree on large networks, where the incidental-parameter bias of the latter, of order
/// 1/T (Greene 2004), is small: 8 networks of 40 members (780 dyads each), |Δβ| ≤ 0.03.
#[test]
fn clogit_close_to_fixed_effects_logit_on_large_networks() {
    use super::clogit::conditional_logit;
    let (y, x, s) = homophily_study(5, 8, 40, 0.8);
    let fit = conditional_logit(&y, std::slice::from_ref(&x), &s, None).unwrap();
    let yf: Vec<f64> = y.iter().map(|&t| f64::from(u8::from(t))).collect();
    let mut cols = vec![x];
    for net in 0..8u32 {
        cols.push(s.iter().map(|&v| f64::from(u8::from(v == net))).collect());
    }
    let fe = super::qap::irls(&yf, &cols).unwrap();
    let diff = (fit.coefficients[0] - fe.beta[0]).abs();
    assert!(
        diff <= 0.03,
        "clogit {} vs fixed effects {}",
        fit.coefficients[0],
        fe.beta[0]
    );
    assert!(diff > 0.0);
}
