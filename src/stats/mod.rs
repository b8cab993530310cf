//! Statistical engine of the urban/rural comparison (issue 5): pure functions on `f64` slices that
//! reproduce the reference tools (scipy ≥ 1.11 and R's `survival`) to within 1e-12 (1e-10 for
//! survival) on the committed oracle cases of `tests/fixtures/stats/`.
//!
//! Conventions shared by every function of this module:
//! - Inputs containing NaN (or ±∞ where a finite value is required) are refused: the function
//!   returns `None` (or an empty result) rather than guessing; callers drop missing values first.
//! - Where the reference tool returns NaN (an undefined result), the function returns `None`.
//!   Undefined values are never NaN.
//! - Randomized procedures (permutation test, bootstrap) draw from `rand_pcg::Pcg64` streams
//!   derived from `(seed, block index)`, work in blocks of a fixed size that does not depend on
//!   the number of rayon threads, and combine block results sequentially in block order: the
//!   same seed gives bitwise the same numbers with any thread count.
//! - Results do not depend on the order of the input values: sums run over sorted samples or in
//!   the content order of [`order`] (issue 24).
//!
//! See `docs/statistics.md` for each method, its parameters and references.

pub mod bootstrap;
pub mod cliffs;
pub mod describe;
pub mod kruskal;
pub mod logrank;
pub mod mannwhitney;
pub mod median_positions;
pub mod multiple;
pub mod order;
pub mod permutation;
pub mod rank;
pub mod rng;
pub mod special;
pub mod student;
pub mod survival;
pub mod two_groups;
pub mod wilcoxon;

#[cfg(test)]
mod oracle_tests;

pub use bootstrap::{bootstrap_median_diff_ci, BootstrapCi, BootstrapMethod};
pub use cliffs::{cliffs_delta, CliffsDelta, Magnitude};
pub use describe::{describe, median, quantile_type7, Summary};
pub use kruskal::{dunn, kruskal_wallis, DunnPair, KruskalWallis};
pub use logrank::{log_rank, LogRank};
pub use mannwhitney::{mann_whitney, MannWhitney, MwMethod};
pub use multiple::benjamini_hochberg;
pub use permutation::{permutation_median_test, Permutation, DEFAULT_PERMUTATIONS};
pub use survival::{kaplan_meier, ConfType, KmCurve, KmStep};
pub use two_groups::{compare_two_groups, NotTested, TwoGroupOptions, TwoGroupStats};
pub use wilcoxon::{wilcoxon_signed_rank, Wilcoxon, WilcoxonMethod};

/// True when every value is finite (no NaN, no ±∞).
pub(crate) fn all_finite(x: &[f64]) -> bool {
    x.iter().all(|v| v.is_finite())
}
