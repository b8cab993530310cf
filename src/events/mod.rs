//! Event history of formation (issue 17): competing-risks estimators and the bounds of durations
//! measured between partial dates. Pure functions on plain values (no polars); the pipeline builds
//! the observations from the event data and writes the tables.
//!
//! # Data
//! One [`CompetingObs`] per PTCE and transition: the exit `time` (days on the transition's clock),
//! the `cause` ([`CENSORED`], [`EVENT`] — the transition happened —, [`COMPETING`] — the PTCE
//! entered the dormant/dissolved stage D first), the `group` (0-based index) and the `entry` time
//! (0 unless entry is delayed, i.e. left-truncated).
//!
//! # Cumulative incidence without delayed entry ([`cumulative_incidence`])
//! Aalen–Johansen estimate of the cumulative incidence of cause k in each group (Kalbfleisch &
//! Prentice 1980, §7.2): with the ordered distinct times tⱼ, nⱼ at risk just before tⱼ, dₖⱼ
//! failures from cause k and dⱼ from any cause, and Ŝ the all-cause Kaplan–Meier estimate,
//! F̂ₖ(t) = Σ_{tⱼ ≤ t} Ŝ(tⱼ₋) dₖⱼ / nⱼ.
//! Its variance is the one of R `cmprsk::cuminc` (Gray's Fortran routine `cinc`, cmprsk 2.2-11),
//! the delta-method estimate of Aalen (1978) with the tie correction
//! (1 − (d − 1)/(n − 1)) for d > 1 tied failures of a cause. With Ŝⱼ = Ŝ(tⱼ), Ŝⱼ₋ = Ŝ(tⱼ₋),
//! F = F̂ₖ(tⱼ) and w(d) = Ŝⱼ₋² (1 − (d − 1)/(n − 1)) d / n², the running sums
//! v₁, v₂, v₃ grow at each time by, for the other causes (when Ŝⱼ > 0),
//! (F/Ŝⱼ)², F/Ŝⱼ², 1/Ŝⱼ² times w(d₍other₎), and for cause k by (1 + F/Ŝⱼ)², (1 + F/Ŝⱼ)/Ŝⱼ,
//! 1/Ŝⱼ² times w(dₖⱼ) (1/Ŝⱼ taken as 0 when Ŝⱼ = 0); at each jump of cause k,
//! Var F̂ₖ(tⱼ) = v₁ + F² v₃ − 2 F v₂. The curves have one point per jump time of the cause,
//! as the step function `cuminc` returns (it changes only there).
//!
//! # Confidence intervals ([`loglog_interval`])
//! `cuminc` gives no interval. The 95 % interval is taken on the log(−log) scale, as is usual with
//! `cmprsk` (and as `survival` does for `conf.type = "log-log"`): with z = Φ⁻¹(0.975) and
//! se = √Var, k = z · se / (F log F), the interval is [F^exp(−k), F^exp(k)] (k < 0, so the first is
//! the lower end). It stays inside (0, 1); it is undefined (`None`) when F is 0 or 1.
//!
//! # Gray's test ([`gray_test`])
//! Gray's (1988) k-sample test of equal cumulative incidence of one cause, as R
//! `cmprsk::cuminc(...)$Tests` with `rho = 0` and no strata (Fortran `crstm`/`crst`): the score
//! of the first g − 1 groups compares the subdistribution hazards, its variance is Gray's
//! estimate, the statistic s′ V⁻¹ s is referred to χ² with g − 1 degrees of freedom, g being the
//! number of groups with at least one observation. When V is singular (cuminc's QR rank test,
//! tolerance 1e-7, reports −1) the test is not defined.
//!
//! # Delayed entry ([`aalen_johansen_delayed`])
//! With left truncation `cuminc` does not apply. The estimates then follow R
//! `survival::survfit(Surv(entry, exit, state) ~ group, id = id)` with `state` a factor
//! (censor, event, competing): the Aalen–Johansen estimator of the three-state model
//! (initial state, event, competing), the risk set at t being the PTCEs with entry < t ≤ exit,
//! and the infinitesimal-jackknife (IJ) standard error of survival's C routine `survfitci`
//! (survival 3.5-3): each PTCE's influence vector Uᵢ is carried as Uᵢ ← Uᵢ H(t) plus, for the PTCEs at
//! risk, p₀(t₋)/n(t) (e_{state after t} − H₀·(t)), and Var p̂ₛ(t) = Σᵢ Uᵢₛ(t)². Gray's test is
//! not defined there. Points: one per time at which any event occurs in the group (the estimate
//! of a cause is then unchanged at the other cause's times, but its variance moves). The 95 %
//! interval uses the same log(−log) transform with the IJ variance (survfit's own default for
//! multi-state curves is `conf.type = "log"`; ours keeps one transform for both paths).
//!
//! # Durations between partial dates ([`bounds`])
//! A date known to the year or the month is an interval [first day, last day]; see
//! [`duration_bounds`] and [`DateImputation`].
//!
//! # References
//! - Aalen, O. (1978). Nonparametric estimation of partial transition probabilities in multiple
//!   decrement models. *Annals of Statistics* 6, 534–545.
//! - Aalen, O. & Johansen, S. (1978). An empirical transition matrix for non-homogeneous Markov
//!   chains based on censored observations. *Scandinavian Journal of Statistics* 5, 141–150.
//! - Gray, R. J. (1988). A class of K-sample tests for comparing the cumulative incidence of a
//!   competing risk. *Annals of Statistics* 16, 1141–1154.
//! - Therneau, T., Crowson, C. & Atkinson, E. Multi-state models and competing risks
//!   (vignette of R survival), for the IJ variance.

pub mod bounds;
pub mod config;
pub mod cuminc;
pub mod gray;
pub mod multistate;

#[cfg(test)]
mod oracle_tests;
#[cfg(test)]
pub(crate) mod simulation_tests;

pub use bounds::{duration_bounds, imputed_duration, DateImputation, DurationBounds};
pub use config::{EventsConfig, EventsConfigError, FineGrayCensoring};
pub use cuminc::{cumulative_incidence, loglog_interval};
pub use gray::{gray_test, GrayTest};
pub use multistate::aalen_johansen_delayed;

/// Cause code of a censored observation.
pub const CENSORED: u8 = 0;
/// Cause code of the event of interest (the transition happened).
pub const EVENT: u8 = 1;
/// Cause code of the competing event (the PTCE entered stage D first).
pub const COMPETING: u8 = 2;

/// One PTCE's observation for one transition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompetingObs {
    /// Exit time (days on the transition's clock): event, competing event or censoring.
    pub time: f64,
    /// [`CENSORED`], [`EVENT`] or [`COMPETING`].
    pub cause: u8,
    /// Group index, `0..n_groups`.
    pub group: u32,
    /// Entry time (0 unless entry is delayed); used by [`aalen_johansen_delayed`] only.
    pub entry: f64,
}

#[cfg(test)]
impl CompetingObs {
    /// Observations entered at time 0 from `(time, cause, group)` rows (test support).
    pub(crate) fn rows(rows: &[(f64, u8, u32)]) -> Vec<CompetingObs> {
        rows.iter()
            .map(|&(time, cause, group)| CompetingObs {
                time,
                cause,
                group,
                entry: 0.0,
            })
            .collect()
    }
}

/// One point of a cumulative-incidence step function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CifPoint {
    /// Time of the point (a jump time).
    pub time: f64,
    /// Estimated cumulative incidence from this time until the next point.
    pub estimate: f64,
    /// Its estimated variance (see the module documentation).
    pub variance: f64,
    /// Lower end of the 95 % log(−log) interval; `None` when the estimate is 0 or 1.
    pub ci_low: Option<f64>,
    /// Upper end of the 95 % log(−log) interval; `None` when the estimate is 0 or 1.
    pub ci_high: Option<f64>,
    /// Number at risk just before `time` in the group.
    pub n_at_risk: usize,
}

/// The cumulative incidence of one cause in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct CifCurve {
    /// Group index.
    pub group: u32,
    /// [`EVENT`] or [`COMPETING`].
    pub cause: u8,
    /// Points in increasing time; empty when the cause never occurs in the group.
    pub points: Vec<CifPoint>,
}

impl CifCurve {
    /// The point in force at time `t` (the last with `time ≤ t`).
    ///
    /// # Arguments
    /// * `t` - a time on the curve's clock.
    ///
    /// # Returns
    /// `None` before the first point, where the estimate and its variance are 0.
    ///
    /// # Complexity
    /// O(log p) for p points.
    pub fn at(&self, t: f64) -> Option<&CifPoint> {
        let k = self.points.partition_point(|p| p.time <= t);
        k.checked_sub(1).and_then(|i| self.points.get(i))
    }
}

/// Why an estimate or a test could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EventsError {
    /// An observation has a NaN or infinite time or entry.
    #[error("observation {index}: time or entry is not finite")]
    NonFiniteTime {
        /// Index of the observation.
        index: usize,
    },
    /// An observation's cause is not 0, 1 or 2.
    #[error("observation {index}: cause {cause} is not 0 (censored), 1 (event) or 2 (competing)")]
    InvalidCause {
        /// Index of the observation.
        index: usize,
        /// The cause found.
        cause: u8,
    },
    /// An observation's group is not below `n_groups`.
    #[error("observation {index}: group {group} is not below the number of groups")]
    InvalidGroup {
        /// Index of the observation.
        index: usize,
        /// The group found.
        group: u32,
    },
    /// With delayed entry, an observation does not enter strictly before it exits.
    #[error("observation {index}: entry is not before exit")]
    EntryNotBeforeExit {
        /// Index of the observation.
        index: usize,
    },
    /// The cause asked for is not [`EVENT`] or [`COMPETING`].
    #[error("cause {0} cannot be tested (1 = event, 2 = competing)")]
    UntestableCause(u8),
    /// Fewer than two groups have observations.
    #[error("fewer than two groups have observations")]
    FewerThanTwoGroups,
    /// The cause never occurs.
    #[error("the cause never occurs")]
    NoEventOfCause,
    /// The variance matrix of the scores is singular (cuminc reports a statistic of −1).
    #[error("the variance of the scores is singular")]
    SingularVariance,
}

impl EventsError {
    /// A snake_case reason, for the `status` column of the output tables.
    pub fn status(&self) -> &'static str {
        match self {
            EventsError::NonFiniteTime { .. } => "non_finite_time",
            EventsError::InvalidCause { .. } => "invalid_cause",
            EventsError::InvalidGroup { .. } => "invalid_group",
            EventsError::EntryNotBeforeExit { .. } => "entry_not_before_exit",
            EventsError::UntestableCause(_) => "untestable_cause",
            EventsError::FewerThanTwoGroups => "fewer_than_two_groups",
            EventsError::NoEventOfCause => "no_event_of_cause",
            EventsError::SingularVariance => "singular_variance",
        }
    }
}

/// Checks every observation: finite times, cause ≤ 2, group < `n_groups`, and with `delayed`,
/// entry < time. The first problem found is returned.
pub(crate) fn validate(
    obs: &[CompetingObs],
    n_groups: usize,
    delayed: bool,
) -> Result<(), EventsError> {
    for (index, o) in obs.iter().enumerate() {
        if !o.time.is_finite() || (delayed && !o.entry.is_finite()) {
            return Err(EventsError::NonFiniteTime { index });
        }
        if o.cause > COMPETING {
            return Err(EventsError::InvalidCause {
                index,
                cause: o.cause,
            });
        }
        if o.group as usize >= n_groups {
            return Err(EventsError::InvalidGroup {
                index,
                group: o.group,
            });
        }
        if delayed && o.entry >= o.time {
            return Err(EventsError::EntryNotBeforeExit { index });
        }
    }
    Ok(())
}

/// The observations of each group, `(time, cause)` sorted by time, then cause (content order:
/// the input order of the observations does not matter).
pub(crate) fn by_group(obs: &[CompetingObs], n_groups: usize) -> Vec<Vec<(f64, u8)>> {
    let mut groups: Vec<Vec<(f64, u8)>> = vec![Vec::new(); n_groups];
    for o in obs {
        if let Some(g) = groups.get_mut(o.group as usize) {
            g.push((o.time, o.cause));
        }
    }
    for g in &mut groups {
        g.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    }
    groups
}
