//! Label- and order-invariance of the statistical engines (issue 24, item 4): shuffling the rows
//! of a function's input, and renaming its labels (clusters, strata) consistently, changes no bit
//! of its output. Outputs are compared through their `Debug` text, which writes every float with
//! the shortest digits that give back its bits (−0 included), so equal text is equal bits.
//!
//! Before the fix (`stats::order`), the summaries (mean, sd), the GLM and its marginal effects,
//! Cox (tied times, clusters), Fine–Gray (tied times), the delayed-entry Aalen–Johansen variance
//! and the conditional logit (strata and clusters in label order) failed these properties.

use proptest::prelude::*;

use ptce::events::{aalen_johansen_delayed, cumulative_incidence, gray_test, CompetingObs, EVENT};
use ptce::hazards::{cox_fit, cox_zph, fine_gray, fine_gray_delayed, CoxData, Ties};
use ptce::models::{average_marginal_effect, fit_model, Family, ModelInput};
use ptce::relations::clogit::conditional_logit;
use ptce::stats::rng::{below, stream};
use ptce::stats::two_groups::{compare_two_groups, TwoGroupOptions};
use ptce::stats::{
    describe, dunn, kaplan_meier, kruskal_wallis, log_rank, mann_whitney, wilcoxon_signed_rank,
    BootstrapMethod, ConfType,
};

use crate::config;

/// A random permutation of `0..n` drawn from `seed`.
fn shuffle(n: usize, seed: u64) -> Vec<usize> {
    let mut rng = stream(seed, 24, 0);
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = below(&mut rng, (i + 1) as u64) as usize;
        p.swap(i, j);
    }
    p
}

/// `v` in the order `p`.
fn pick<T: Clone>(v: &[T], p: &[usize]) -> Vec<T> {
    p.iter().map(|&i| v[i].clone()).collect()
}

/// A renaming of labels `0..g`: label `l` becomes `1000 + 7 · q[l]` for a random permutation `q`.
fn renamer(g: usize, seed: u64) -> impl Fn(u32) -> u32 {
    let q = shuffle(g, seed ^ 0x5eed);
    move |l| 1000 + 7 * q[l as usize] as u32
}

/// Values with ties (small integers) and full-precision reals of mixed magnitude, so that sums
/// in another order differ in their last bits.
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        (0i32..4).prop_map(f64::from),
        -50.0..50.0f64,
        (0.0..1.0f64).prop_map(|v| v * 1e-3),
        (0.0..1.0f64).prop_map(|v| v * 1e4),
    ]
}

fn same<T: std::fmt::Debug>(a: &T, b: &T) -> Result<(), TestCaseError> {
    let (a, b) = (format!("{a:?}"), format!("{b:?}"));
    prop_assert_eq!(a, b);
    Ok(())
}

proptest! {
    #![proptest_config(config(48))]

    /// Two-group comparison (summaries, Mann–Whitney, permutation p, Cliff's delta, BCa
    /// bootstrap interval), Kruskal–Wallis and Dunn, Wilcoxon on pairs shuffled together.
    #[test]
    fn rank_tests_and_summaries_ignore_row_order(
        a in proptest::collection::vec(value(), 3..30),
        b in proptest::collection::vec(value(), 3..30),
        c in proptest::collection::vec(value(), 1..12),
        seed in any::<u64>(),
    ) {
        let (pa, pb) = (shuffle(a.len(), seed), shuffle(b.len(), seed ^ 1));
        let (sa, sb) = (pick(&a, &pa), pick(&b, &pb));
        let o = TwoGroupOptions {
            n_permutations: 199,
            n_bootstrap: 199,
            bootstrap_method: BootstrapMethod::Bca,
            seed: 11,
            ..TwoGroupOptions::default()
        };
        same(&compare_two_groups(&a, &b, &o), &compare_two_groups(&sa, &sb, &o))?;
        same(&describe(&a), &describe(&sa))?;
        same(&mann_whitney(&a, &b), &mann_whitney(&sa, &sb))?;
        let sc = pick(&c, &shuffle(c.len(), seed ^ 2));
        same(&kruskal_wallis(&[&a, &b, &c]), &kruskal_wallis(&[&sa, &sb, &sc]))?;
        same(&dunn(&[&a, &b, &c]), &dunn(&[&sa, &sb, &sc]))?;
        let n = a.len().min(b.len());
        let p = shuffle(n, seed ^ 3);
        same(
            &wilcoxon_signed_rank(&a[..n], &b[..n]),
            &wilcoxon_signed_rank(&pick(&a[..n], &p), &pick(&b[..n], &p)),
        )?;
    }

    /// Kaplan–Meier and the log-rank test on tied times, rows shuffled.
    #[test]
    fn survival_ignores_row_order(
        rows in proptest::collection::vec(((1u8..8), any::<bool>(), 0u32..3), 3..40),
        seed in any::<u64>(),
    ) {
        let p = shuffle(rows.len(), seed);
        let s = pick(&rows, &p);
        let km = |r: &[(u8, bool, u32)]| {
            let t: Vec<f64> = r.iter().map(|x| f64::from(x.0) * 0.7).collect();
            let e: Vec<bool> = r.iter().map(|x| x.1).collect();
            kaplan_meier(&t, &e, ConfType::LogLog, 0.95)
        };
        same(&km(&rows), &km(&s))?;
        let lr = |r: &[(u8, bool, u32)]| {
            let groups: Vec<(Vec<f64>, Vec<bool>)> = (0..3)
                .map(|g| {
                    r.iter()
                        .filter(|x| x.2 == g)
                        .map(|x| (f64::from(x.0) * 0.7, x.1))
                        .unzip()
                })
                .collect();
            let refs: Vec<(&[f64], &[bool])> =
                groups.iter().map(|(t, e)| (t.as_slice(), e.as_slice())).collect();
            log_rank(&refs)
        };
        same(&lr(&rows), &lr(&s))?;
    }

    /// GLMs of every family (with and without clusters) and the average marginal effect: rows
    /// shuffled, cluster labels renamed.
    #[test]
    fn models_ignore_row_order_and_cluster_labels(
        rows in proptest::collection::vec((any::<bool>(), 0.0..3.0f64, 0.0..1.0f64, 0u32..6, 2u8..9), 12..40),
        family in 0usize..4,
        clustered in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let family = [Family::Ols, Family::FractionalLogit, Family::Poisson, Family::Binomial][family];
        let p = shuffle(rows.len(), seed);
        let rename = renamer(6, seed);
        let fit = |r: &[(bool, f64, f64, u32, u8)], label: &dyn Fn(u32) -> u32| {
            let x: Vec<Vec<f64>> = r.iter().map(|v| vec![1.0, f64::from(u8::from(v.0)), v.1]).collect();
            let eta = |v: &(bool, f64, f64, u32, u8)| 0.4 * f64::from(u8::from(v.0)) - 0.3 * v.1 + v.2;
            let y: Vec<f64> = r
                .iter()
                .map(|v| match family {
                    Family::Ols => eta(v) * 10.0,
                    Family::Poisson => (eta(v) * 3.0).exp().round(),
                    Family::Binomial => (f64::from(v.4) * v.2).round() / f64::from(v.4),
                    Family::FractionalLogit => 1.0 / (1.0 + (-eta(v)).exp()),
                })
                .collect();
            let trials: Vec<f64> = r.iter().map(|v| f64::from(v.4)).collect();
            let cluster: Vec<u32> = r.iter().map(|v| label(v.3)).collect();
            let names = ["(intercept)", "group[b]", "log_n"].map(String::from);
            let input = ModelInput {
                family,
                y: &y,
                trials: Some(&trials),
                x: &x,
                names: &names,
                cluster: clustered.then_some(cluster.as_slice()),
                level: 0.95,
            };
            let f = fit_model(&input).map_err(|e| e.code());
            let ame = f.as_ref().ok().map(|f| average_marginal_effect(f, &x, 1, &[], 0.95));
            (f, ame)
        };
        same(&fit(&rows, &|l| l), &fit(&pick(&rows, &p), &rename))?;
    }

    /// Cox (Efron, weights, delayed entry, strata and clusters renamed), its PH test, Fine–Gray
    /// (with censoring groups) and the delayed-entry Fine–Gray: rows shuffled.
    #[test]
    fn hazards_ignore_row_order_and_labels(
        rows in proptest::collection::vec(
            ((1u8..9), (0u8..3), any::<bool>(), -2.0..2.0f64, 0u32..5, 0u32..2, (1u8..4)),
            10..40,
        ),
        seed in any::<u64>(),
    ) {
        type Row = (u8, u8, bool, f64, u32, u32, u8);
        let p = shuffle(rows.len(), seed);
        let (rc, rs) = (renamer(5, seed), renamer(2, seed ^ 7));
        let names = ["z".to_string(), "g".to_string()];
        let run = |r: &[Row], cl: &dyn Fn(u32) -> u32, st: &dyn Fn(u32) -> u32| {
            let stop: Vec<f64> = r.iter().map(|v| f64::from(v.0) * 0.5).collect();
            let start: Vec<f64> = r.iter().map(|v| if v.0 > 2 && v.2 { 0.25 } else { 0.0 }).collect();
            let cause: Vec<u8> = r.iter().map(|v| v.1).collect();
            let event: Vec<bool> = cause.iter().map(|c| *c == 1).collect();
            let x: Vec<Vec<f64>> = r.iter().map(|v| vec![v.3, f64::from(u8::from(v.2))]).collect();
            let cluster: Vec<u32> = r.iter().map(|v| cl(v.4)).collect();
            let strata: Vec<u32> = r.iter().map(|v| st(v.5)).collect();
            let weights: Vec<f64> = r.iter().map(|v| f64::from(v.6) / 3.0).collect();
            let d = CoxData {
                cluster: Some(&cluster),
                strata: Some(&strata),
                weights: Some(&weights),
                ..CoxData::new(&start, &stop, &event, &x, &names)
            };
            let cox = cox_fit(&d, Ties::Efron);
            let zph = cox.as_ref().ok().and_then(|f| {
                cox_zph(f, &d, &[("z".to_string(), vec![0]), ("g".to_string(), vec![1])])
            });
            let groups: Vec<u32> = r.iter().map(|v| v.5).collect();
            let fg = fine_gray(&stop, &cause, &x, &names, Some(&groups));
            let fgd = fine_gray_delayed(&start, &stop, &cause, &x, &names);
            format!("{cox:?}\n{zph:?}\n{fg:?}\n{fgd:?}")
        };
        prop_assert_eq!(run(&rows, &|l| l, &|l| l), run(&pick(&rows, &p), &rc, &rs));
    }

    /// Cumulative incidence (with and without delayed entry) and Gray's test: rows shuffled.
    #[test]
    fn competing_risks_ignore_row_order(
        rows in proptest::collection::vec(((1u8..9), (0u8..3), 0u32..2, (0u8..3)), 4..40),
        seed in any::<u64>(),
    ) {
        let obs: Vec<CompetingObs> = rows
            .iter()
            .map(|&(t, cause, group, e)| CompetingObs {
                time: f64::from(t) * 0.5 + 1.0,
                cause,
                group,
                entry: f64::from(e) * 0.5,
            })
            .collect();
        let s = pick(&obs, &shuffle(obs.len(), seed));
        same(&cumulative_incidence(&obs, 2), &cumulative_incidence(&s, 2))?;
        same(&aalen_johansen_delayed(&obs, 2), &aalen_johansen_delayed(&s, 2))?;
        same(&gray_test(&obs, 2, EVENT), &gray_test(&s, 2, EVENT))?;
    }

    /// Conditional logit: dyads shuffled, networks (strata) and PTCEs (clusters) renamed.
    #[test]
    fn clogit_ignores_row_order_and_labels(
        nets in proptest::collection::vec(
            proptest::collection::vec((any::<bool>(), -2.0..2.0f64, any::<bool>()), 4..10),
            3..9,
        ),
        seed in any::<u64>(),
    ) {
        // Dyad rows: (tie, x1, x2, stratum, cluster); network k belongs to cluster k / 2.
        let rows: Vec<(bool, f64, f64, u32, u32)> = nets
            .iter()
            .enumerate()
            .flat_map(|(k, d)| {
                d.iter().map(move |&(y, a, b)| (y, a, f64::from(u8::from(b)), k as u32, k as u32 / 2))
            })
            .collect();
        let (rs, rc) = (renamer(nets.len(), seed), renamer(nets.len(), seed ^ 9));
        let fit = |r: &[(bool, f64, f64, u32, u32)], st: &dyn Fn(u32) -> u32, cl: &dyn Fn(u32) -> u32| {
            let y: Vec<bool> = r.iter().map(|v| v.0).collect();
            let x: Vec<Vec<f64>> = vec![r.iter().map(|v| v.1).collect(), r.iter().map(|v| v.2).collect()];
            let strata: Vec<u32> = r.iter().map(|v| st(v.3)).collect();
            let cluster: Vec<u32> = r.iter().map(|v| cl(v.4)).collect();
            // Statuses name a stratum label or a row: compared by kind only.
            conditional_logit(&y, &x, &strata, Some(&cluster)).map_err(|e| {
                format!("{e:?}").split(|c: char| !c.is_alphabetic()).next().map(String::from)
            })
        };
        let p = shuffle(rows.len(), seed);
        same(&fit(&rows, &|l| l, &|l| l), &fit(&pick(&rows, &p), &rs, &rc))?;
    }
}
