//! Calibration of the size-adjusted density model under a size-only group difference (issue 16,
//! quick version for `cargo test`): rural PTCEs are smaller, density depends on size exactly as
//! the model's logit link and `log_n` term assume, and on nothing else. The group term of the
//! quasi-binomial model must then reject at α = 0.05 in about 5 % of the studies.

use rand_core::RngCore;

use super::{fit_model, Family, ModelInput};
use crate::stats::rng::stream;

/// Stream domain of this test's generator.
const DOMAIN: u64 = 16;

fn uniform(rng: &mut impl RngCore) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// 300 seeded studies of 100 PTCEs (urban sizes 8–40, rural 4–20, density logit 1 − 0.8 ln n,
/// successes Binomial(n(n − 1)/2, density)): the share of studies whose group term has p < 0.05
/// lies within [0.015, 0.09] (0.05 ± about 2.8 binomial standard errors of a 300-study share).
#[test]
fn group_term_is_calibrated_under_size_only_difference() {
    let names = ["(intercept)", "group[rural]", "log_n"]
        .map(String::from)
        .to_vec();
    let studies = 300;
    let mut rejections = 0;
    for study in 0..studies {
        let mut rng = stream(20_261_206, DOMAIN, study);
        let (mut x, mut y, mut trials) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..100 {
            let rural = uniform(&mut rng) < 0.5;
            let (lo, span) = if rural { (4.0, 17.0) } else { (8.0, 33.0) };
            let members = lo + (uniform(&mut rng) * span).floor();
            let log_n = f64::ln(members);
            let p = 1.0 / (1.0 + (-(1.0 - 0.8 * log_n)).exp());
            let m = members * (members - 1.0) / 2.0;
            let edges = (0..m as usize).filter(|_| uniform(&mut rng) < p).count();
            x.push(vec![1.0, f64::from(u8::from(rural)), log_n]);
            y.push(edges as f64 / m);
            trials.push(m);
        }
        let input = ModelInput {
            family: Family::Binomial,
            y: &y,
            trials: Some(&trials),
            x: &x,
            names: &names,
            cluster: None,
            level: 0.95,
        };
        let fit = fit_model(&input).unwrap_or_else(|e| panic!("study {study}: {e}"));
        if fit.coefs[1].p_value < 0.05 {
            rejections += 1;
        }
    }
    let share = f64::from(rejections) / studies as f64;
    assert!((0.015..=0.09).contains(&share), "rejection share {share}");
}
