//! Parameters of the synthetic study generator, with their defaults.
//!
//! Every number the formation process draws from is here, documented, and repeated in
//! `data/README.md`. The urban/rural differences are gathered in [`Effects`], so that
//! [`Effects::none`] gives the *null study*: both territory classes draw from the same
//! distributions, which is what a false-positive check of the comparison needs.

use crate::date::Date;
use crate::model::Sector;

/// Sector weights of urban PTCEs' activities, in the order of [`Sector::ALL`].
pub const URBAN_SECTOR_WEIGHTS: [f64; 10] =
    [0.10, 0.14, 0.09, 0.14, 0.07, 0.17, 0.10, 0.04, 0.12, 0.03];
/// Sector weights of rural PTCEs' activities, in the order of [`Sector::ALL`].
pub const RURAL_SECTOR_WEIGHTS: [f64; 10] =
    [0.17, 0.06, 0.21, 0.11, 0.10, 0.08, 0.05, 0.13, 0.06, 0.03];

/// The built-in differences between rural (DENS7 5–7) and urban (DENS7 1–4) PTCEs.
#[derive(Debug, Clone, PartialEq)]
pub struct Effects {
    /// Rural PTCEs' S1→S2 and S2→S3 delays are multiplied by this (default 1.6: rural PTCEs
    /// take longer to formalize).
    pub formalization_delay_factor: f64,
    /// Probability that an urban PTCE's pilot is a local authority (default 0.12).
    pub pilot_local_authority_urban: f64,
    /// Probability that a rural PTCE's pilot is a local authority (default 0.40).
    pub pilot_local_authority_rural: f64,
    /// Mean number of members of rural PTCEs relative to urban ones (default 0.70: smaller);
    /// the overall mean stays [`GenerateParams::members_mean`].
    pub size_factor: f64,
    /// Rural PTCEs' rate of new ties per member is multiplied by this (default 1.4: denser).
    pub tie_rate_factor: f64,
    /// Activity sector weights of urban PTCEs (default [`URBAN_SECTOR_WEIGHTS`]).
    pub sector_weights_urban: [f64; 10],
    /// Activity sector weights of rural PTCEs (default [`RURAL_SECTOR_WEIGHTS`]).
    pub sector_weights_rural: [f64; 10],
}

impl Default for Effects {
    fn default() -> Self {
        Effects {
            formalization_delay_factor: 1.6,
            pilot_local_authority_urban: 0.12,
            pilot_local_authority_rural: 0.40,
            size_factor: 0.70,
            tie_rate_factor: 1.4,
            sector_weights_urban: URBAN_SECTOR_WEIGHTS,
            sector_weights_rural: RURAL_SECTOR_WEIGHTS,
        }
    }
}

impl Effects {
    /// No urban/rural difference: both classes draw from the average of the default
    /// distributions (pilot probability 0.26, the mean sector weights, factors 1).
    ///
    /// # Examples
    /// ```
    /// use ptce::generate::Effects;
    /// let none = Effects::none();
    /// assert_eq!(none.sector_weights_urban, none.sector_weights_rural);
    /// ```
    pub fn none() -> Effects {
        let d = Effects::default();
        let mut mean = [0.0; 10];
        for (i, m) in mean.iter_mut().enumerate() {
            *m = (d.sector_weights_urban[i] + d.sector_weights_rural[i]) / 2.0;
        }
        let pilot = (d.pilot_local_authority_urban + d.pilot_local_authority_rural) / 2.0;
        Effects {
            formalization_delay_factor: 1.0,
            pilot_local_authority_urban: pilot,
            pilot_local_authority_rural: pilot,
            size_factor: 1.0,
            tie_rate_factor: 1.0,
            sector_weights_urban: mean,
            sector_weights_rural: mean,
        }
    }

    /// Sector weights for a territory class.
    pub fn sector_weights(&self, rural: bool) -> &[f64; 10] {
        if rural {
            &self.sector_weights_rural
        } else {
            &self.sector_weights_urban
        }
    }

    /// Probability that the pilot is a local authority, for a territory class.
    pub fn pilot_local_authority(&self, rural: bool) -> f64 {
        if rural {
            self.pilot_local_authority_rural
        } else {
            self.pilot_local_authority_urban
        }
    }
}

/// Formation drawn with known cause-specific hazards (`ptce generate --formation-rate R
/// --dissolution-rate D`), for checking the event-history estimators against a closed-form
/// truth. Two exponential clocks start at the S1 entry: formalization (the legal act that opens
/// S3) at rate `formalization_per_year` and dissolution (entry into D) at rate
/// `dissolution_per_year`; the first to ring happens, the other never does (the event wins a
/// same-day tie, as in the event data), and neither happens after the last day of the window
/// (censoring at the reference date). S2 is entered halfway between S1 and S3 by a PTCE that
/// formalizes, never by the others; a formalized PTCE does not go dormant. The other draws (members,
/// ties, activities, partial dates) are unchanged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FormationHazards {
    /// Hazard of formalization from S1, per year (> 0).
    pub formalization_per_year: f64,
    /// Hazard of dissolution from S1, per year (≥ 0): the competing event.
    pub dissolution_per_year: f64,
}

impl FormationHazards {
    /// The true share formalized `years` after S1 entry (cumulative incidence of
    /// formalization): λ₁/(λ₁ + λ₂) · (1 − e^{−(λ₁+λ₂)·years}).
    ///
    /// # Examples
    /// ```
    /// use ptce::generate::FormationHazards;
    /// let h = FormationHazards { formalization_per_year: 0.3, dissolution_per_year: 0.1 };
    /// assert!((h.formalized_by(5.0) - 0.75 * (1.0 - (-2.0f64).exp())).abs() < 1e-15);
    /// ```
    pub fn formalized_by(&self, years: f64) -> f64 {
        let (l1, l2) = (self.formalization_per_year, self.dissolution_per_year);
        l1 / (l1 + l2) * (1.0 - (-(l1 + l2) * years).exp())
    }
}

/// Ties drawn from a dyad-independent conditional-logit model with homophily by actor type
/// (`ptce generate --homophily BETA`), for checking the tie models (issue 22): in PTCE k the
/// log-odds of a tie between two members is `α_k + β · same_actor_type`, `α_k` uniform on
/// `[intercept − spread, intercept + spread]`, every pair independent. The pooled conditional
/// logit of `tables/tie_models.csv` (strata = networks) estimates β without estimating the
/// `α_k`. The other draws (members, stages, activities) are those of the default process.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TieHomophily {
    /// Log-odds ratio β of a tie between two members of the same actor type.
    pub beta: f64,
    /// Centre of the network intercepts (default −1.5 with [`TieHomophily::new`]).
    pub intercept: f64,
    /// Half-width of the uniform law of the network intercepts (default 0.5).
    pub spread: f64,
}

impl TieHomophily {
    /// Homophily `beta` with the default intercepts (centre −1.5, half-width 0.5).
    ///
    /// # Examples
    /// ```
    /// use ptce::generate::TieHomophily;
    /// let h = TieHomophily::new(0.8);
    /// assert_eq!((h.beta, h.intercept, h.spread), (0.8, -1.5, 0.5));
    /// ```
    pub fn new(beta: f64) -> TieHomophily {
        TieHomophily {
            beta,
            intercept: -1.5,
            spread: 0.5,
        }
    }
}

/// Everything `ptce generate` needs; [`GenerateParams::new`] fills the defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct GenerateParams {
    /// Number of PTCEs (default 64 for the shipped sample).
    pub ptces: usize,
    /// Seed of every random stream (the sample uses 20140731, the date of the law).
    pub seed: u64,
    /// Urban/rural effects ([`Effects::default`], or [`Effects::none`] for the null study).
    pub effects: Effects,
    /// Share of rural PTCEs (default 0.5).
    pub rural_share: f64,
    /// Last day of the observation window; no date is later (default 2025-12-31).
    pub end: Date,
    /// First year of a pilot initiative (default 2007); years are weighted by
    /// [`GenerateParams::start_year_weight`].
    pub first_year: i32,
    /// Mean number of member organizations a PTCE reaches once formalized (default 18; the
    /// realized mean is lower because some PTCEs are still young, ≈ 15).
    pub members_mean: f64,
    /// Log-scale standard deviation of the member count (default 0.75).
    pub members_sigma: f64,
    /// Member counts are clamped to this range (default 5..=80).
    pub members_range: (usize, usize),
    /// Median delay from S1 to S2 in months, urban (default 12).
    pub s1_to_s2_months: f64,
    /// Median delay from S2 to S3 in months, urban (default 20).
    pub s2_to_s3_months: f64,
    /// Log-scale standard deviation of both delays (default 0.6).
    pub delay_sigma: f64,
    /// Probability that a PTCE never gets past S1 (default 0.06).
    pub stall_in_s1: f64,
    /// Probability that a PTCE in S2 never formalizes (default 0.12).
    pub stall_in_s2: f64,
    /// Probability that a PTCE goes dormant (default 0.15; half that before S3).
    pub dormancy: f64,
    /// Probability that a dormant PTCE is dissolved later (default 0.4).
    pub dissolution: f64,
    /// Share of arriving members by stage of arrival S1, S2, S3 (default 0.2, 0.45, 0.35).
    pub arrival_by_stage: [f64; 3],
    /// Probability that a member (not the pilot) leaves (default 0.12).
    pub leave: f64,
    /// Probability that a member who left rejoins later (default 0.25).
    pub rejoin: f64,
    /// Expected new ties per present member in S1, S2, S3 (default 0.8, 1.3, 2.2).
    pub tie_rate: [f64; 3],
    /// Mean number of joint activities of a PTCE formalized for three years or more (default 4.5).
    pub activities_mean: f64,
    /// Share of event and `founded` dates written with month or year precision (default 0.10).
    pub partial_dates: f64,
    /// Formation with known hazards instead of the default delays, stalls and dormancy
    /// (default `None`: the default process, byte for byte).
    pub hazards: Option<FormationHazards>,
    /// Ties from a conditional-logit model with homophily by actor type instead of the stage
    /// process (default `None`: the default process, byte for byte).
    pub tie_homophily: Option<TieHomophily>,
}

impl GenerateParams {
    /// The default parameters for `ptces` PTCEs and `seed`.
    ///
    /// # Examples
    /// ```
    /// use ptce::generate::GenerateParams;
    /// let p = GenerateParams::new(64, 20140731);
    /// assert_eq!(p.members_range, (5, 80));
    /// ```
    pub fn new(ptces: usize, seed: u64) -> GenerateParams {
        GenerateParams {
            ptces,
            seed,
            effects: Effects::default(),
            rural_share: 0.5,
            end: Date::from_ymd(2025, 12, 31).unwrap_or(Date::from_days(20_453)),
            first_year: 2007,
            members_mean: 18.0,
            members_sigma: 0.75,
            members_range: (5, 80),
            s1_to_s2_months: 12.0,
            s2_to_s3_months: 20.0,
            delay_sigma: 0.6,
            stall_in_s1: 0.06,
            stall_in_s2: 0.12,
            dormancy: 0.15,
            dissolution: 0.4,
            arrival_by_stage: [0.2, 0.45, 0.35],
            leave: 0.12,
            rejoin: 0.25,
            tie_rate: [0.8, 1.3, 2.2],
            activities_mean: 4.5,
            partial_dates: 0.10,
            hazards: None,
            tie_homophily: None,
        }
    }

    /// Relative weight of `year` as the year of a pilot initiative: low before the 2013 call
    /// for projects, high around the 2014 law and the 2015 and 2021 calls, low after 2023.
    pub fn start_year_weight(&self, year: i32) -> f64 {
        match year {
            y if y < self.first_year => 0.0,
            ..=2011 => 0.5,
            2012..=2016 => 1.6,
            2017..=2019 => 0.9,
            2020..=2022 => 1.4,
            2023 => 0.8,
            2024 => 0.4,
            _ => 0.0,
        }
    }

    /// Mean member count of a territory class, so that the overall mean stays
    /// [`GenerateParams::members_mean`] at a rural share of one half.
    pub fn members_mean_for(&self, rural: bool) -> f64 {
        let f = self.effects.size_factor;
        let urban = 2.0 * self.members_mean / (1.0 + f);
        if rural {
            urban * f
        } else {
            urban
        }
    }
}

/// The sector at position `i` of the weight arrays.
pub(crate) fn sector_at(i: usize) -> Sector {
    Sector::ALL.get(i).copied().unwrap_or(Sector::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_distributions() {
        for w in [URBAN_SECTOR_WEIGHTS, RURAL_SECTOR_WEIGHTS] {
            assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
        let p = GenerateParams::new(10, 1);
        let mean = (p.members_mean_for(true) + p.members_mean_for(false)) / 2.0;
        assert!((mean - p.members_mean).abs() < 1e-12);
        assert!(p.members_mean_for(true) < p.members_mean_for(false));
        assert_eq!(p.end.to_string(), "2025-12-31");
    }
}
