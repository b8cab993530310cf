//! `ptce generate --ptces N --seed S --out DIR [--no-effects]`: writes a synthetic study,
//! deterministic for a seed (the shipped sample and the benchmark studies come from it).

use super::{say, Exit};
use crate::generate::{generate_study, Effects, FormationHazards, GenerateParams, TieHomophily};
use std::path::PathBuf;

/// Arguments of `ptce generate`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  ptce generate --ptces 64 --seed 20140731 --out data/sample   # the shipped sample\n  ptce generate --ptces 10000 --seed 1 --out /tmp/france        # a national-scale study\n  ptce generate --ptces 300 --no-effects --out /tmp/null        # no urban/rural effect\n  ptce generate --ptces 150 --formation-rate 0.3 --dissolution-rate 0.1 --out /tmp/hz   # known hazards\n  ptce generate --ptces 60 --homophily 0.8 --out /tmp/homophily   # ties from a conditional logit"
)]
pub struct Args {
    /// Number of PTCEs.
    #[arg(long, default_value_t = 64)]
    pub ptces: usize,
    /// Seed (same seed → same bytes).
    #[arg(long, default_value_t = 20_140_731)]
    pub seed: u64,
    /// Folder to write the study into (created if needed).
    #[arg(long)]
    pub out: PathBuf,
    /// Draw urban and rural PTCEs from the same distributions (a null study).
    #[arg(long)]
    pub no_effects: bool,
    /// Write a surveyed study instead: two questionnaire waves, non-response, one-sided
    /// reports drawn from a known true network (`[ties] mode = "survey"`).
    #[arg(long)]
    pub survey: bool,
    /// With --survey: probability that a member does not answer a wave.
    #[arg(long, default_value_t = 0.25)]
    pub non_response: f64,
    /// With --survey: probability that a respondent reports one of its true ties.
    #[arg(long, default_value_t = 0.8)]
    pub report_prob: f64,
    /// Draw formalization with this known hazard per year from S1 entry (an exponential clock,
    /// competing with --dissolution-rate), instead of the default delays; for checking the
    /// event-history estimators (docs/stages.md).
    #[arg(long, requires = "dissolution_rate")]
    pub formation_rate: Option<f64>,
    /// With --formation-rate: hazard per year of dissolution before formalization (competing).
    #[arg(long, requires = "formation_rate")]
    pub dissolution_rate: Option<f64>,
    /// Draw the ties from a dyad-independent conditional-logit model with homophily by actor
    /// type instead of the stage process: log-odds of a tie = network intercept (uniform on
    /// --tie-intercept ± 0.5) + BETA × same actor type (docs/statistics.md).
    #[arg(long, value_name = "BETA", allow_hyphen_values = true)]
    pub homophily: Option<f64>,
    /// With --homophily: centre of the network intercepts (log-odds of a tie between two
    /// members of different types).
    #[arg(long, default_value_t = -1.5, allow_hyphen_values = true, requires = "homophily")]
    pub tie_intercept: f64,
}

/// Runs `ptce generate`.
pub fn run(args: &Args, quiet: bool) -> super::Outcome {
    if args.survey {
        let mut p = crate::generate::survey::SurveyParams::new(args.ptces, args.seed);
        p.non_response = args.non_response;
        p.report_prob = args.report_prob;
        return match crate::generate::survey::write_survey_study(&p, &args.out) {
            Ok(rows) => {
                for (table, n) in &rows {
                    say(quiet, &format!("  {table:<16} {n:>9}"));
                }
                say(
                    quiet,
                    &format!("survey study written to {}", args.out.display()),
                );
                Ok(Exit::Ok)
            }
            Err(e) => {
                eprintln!("error: {e}");
                Ok(Exit::Output)
            }
        };
    }
    let mut params = GenerateParams::new(args.ptces, args.seed);
    if args.no_effects {
        params.effects = Effects::none();
    }
    if let (Some(f), Some(d)) = (args.formation_rate, args.dissolution_rate) {
        params.hazards = Some(FormationHazards {
            formalization_per_year: f,
            dissolution_per_year: d,
        });
    }
    if let Some(beta) = args.homophily {
        if !beta.is_finite() || !args.tie_intercept.is_finite() {
            eprintln!("error: --homophily and --tie-intercept must be finite numbers");
            return Ok(Exit::Usage);
        }
        params.tie_homophily = Some(TieHomophily {
            intercept: args.tie_intercept,
            ..TieHomophily::new(beta)
        });
    }
    match generate_study(&params, &args.out) {
        Ok(summary) => {
            for (table, rows) in &summary.rows {
                say(quiet, &format!("  {table:<16} {rows:>9}"));
            }
            say(quiet, &format!("study written to {}", args.out.display()));
            Ok(Exit::Ok)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(Exit::Output)
        }
    }
}
