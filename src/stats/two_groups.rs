//! All two-group statistics of one measure in one call: the row of `tables/comparison.csv`
//! (issue 5, item 2) before the Benjamini–Hochberg adjustment, which needs the whole family.

use super::bootstrap::{bootstrap_median_diff_ci, BootstrapCi, BootstrapMethod};
use super::cliffs::{cliffs_delta, CliffsDelta};
use super::describe::{describe, Summary};
use super::mannwhitney::{mann_whitney, MannWhitney};
use super::permutation::{
    permutation_median_test_stopping, Permutation, Stopping, DEFAULT_PERMUTATIONS,
};

/// Parameters of [`compare_two_groups`].
#[derive(Debug, Clone, PartialEq)]
pub struct TwoGroupOptions {
    /// Smallest group size for which tests are run (descriptive statistics are always given).
    pub min_group_size: usize,
    /// Permutation budget (exact enumeration when all assignments fit).
    pub n_permutations: usize,
    /// When a random permutation test stops (the pipeline stops once p > 1 − `level` is decided).
    pub permutation_stopping: Stopping,
    /// Number of bootstrap replicates.
    pub n_bootstrap: usize,
    /// Confidence level of the bootstrap interval.
    pub level: f64,
    /// Bootstrap interval construction.
    pub bootstrap_method: BootstrapMethod,
    /// Seed of this comparison (derive one per row with [`super::rng::derive_seed`]).
    pub seed: u64,
}

impl Default for TwoGroupOptions {
    fn default() -> Self {
        TwoGroupOptions {
            min_group_size: 3,
            n_permutations: DEFAULT_PERMUTATIONS,
            permutation_stopping: Stopping::Decided { alpha: 0.05 },
            n_bootstrap: DEFAULT_PERMUTATIONS,
            level: 0.95,
            bootstrap_method: BootstrapMethod::Percentile,
            seed: 0,
        }
    }
}

/// Why a comparison was not tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotTested {
    /// A group is smaller than `min_group_size` (both sizes given).
    TooSmall {
        /// Size of group a.
        n_a: usize,
        /// Size of group b.
        n_b: usize,
    },
    /// A value is NaN or infinite (missing values must be dropped first).
    NonFinite,
}

/// Statistics of one measure for two groups.
#[derive(Debug, Clone, PartialEq)]
pub struct TwoGroupStats {
    /// Descriptive statistics of group a (`None` when empty).
    pub summary_a: Option<Summary>,
    /// Descriptive statistics of group b (`None` when empty).
    pub summary_b: Option<Summary>,
    /// Mann–Whitney U of group a and two-sided p.
    pub mann_whitney: Option<MannWhitney>,
    /// Permutation test of the difference in medians.
    pub permutation: Option<Permutation>,
    /// Cliff's delta of a against b and its magnitude.
    pub cliffs: Option<CliffsDelta>,
    /// Bootstrap interval of median(a) − median(b).
    pub bootstrap: Option<BootstrapCi>,
    /// `Some(reason)` when the tests were not run; the test fields are then `None`.
    pub not_tested: Option<NotTested>,
}

/// Descriptive statistics of both groups and, when both reach the minimum size, the Mann–Whitney
/// U test, the permutation test of medians, Cliff's delta and the bootstrap interval.
///
/// # Arguments
/// * `a`, `b` - the values of the measure in each group (missing values dropped).
/// * `options` - sizes, budgets, level and seed.
///
/// # Returns
/// The statistics; tests are `None` with the reason in `not_tested` when a group is too small or a
/// value is not finite.
///
/// # Complexity
/// Dominated by the permutation test, O(n_perm · n) (fewer permutations when it stops early),
/// and the bootstrap, O(n_boot · log n_boot + n log n).
///
/// # Examples
/// ```
/// use ptce::stats::two_groups::{compare_two_groups, TwoGroupOptions};
/// let opts = TwoGroupOptions::default();
/// let r = compare_two_groups(&[1.0, 2.0, 3.0, 4.0], &[5.0, 6.0, 7.0], &opts);
/// assert_eq!(r.mann_whitney.unwrap().u, 0.0);
/// assert_eq!(r.cliffs.unwrap().delta, -1.0);
/// assert!(r.not_tested.is_none());
/// ```
pub fn compare_two_groups(a: &[f64], b: &[f64], options: &TwoGroupOptions) -> TwoGroupStats {
    let mut out = TwoGroupStats {
        summary_a: describe(a),
        summary_b: describe(b),
        mann_whitney: None,
        permutation: None,
        cliffs: None,
        bootstrap: None,
        not_tested: None,
    };
    if !super::all_finite(a) || !super::all_finite(b) {
        out.not_tested = Some(NotTested::NonFinite);
        return out;
    }
    let min = options.min_group_size.max(1);
    if a.len() < min || b.len() < min {
        out.not_tested = Some(NotTested::TooSmall {
            n_a: a.len(),
            n_b: b.len(),
        });
        return out;
    }
    out.mann_whitney = mann_whitney(a, b);
    out.permutation = permutation_median_test_stopping(
        a,
        b,
        options.n_permutations,
        options.permutation_stopping,
        options.seed,
    );
    out.cliffs = cliffs_delta(a, b);
    out.bootstrap = bootstrap_median_diff_ci(
        a,
        b,
        options.n_bootstrap,
        options.level,
        options.seed,
        options.bootstrap_method,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_groups_are_not_tested() {
        let r = compare_two_groups(&[1.0, 2.0], &[3.0, 4.0, 5.0], &TwoGroupOptions::default());
        assert_eq!(r.not_tested, Some(NotTested::TooSmall { n_a: 2, n_b: 3 }));
        assert!(r.mann_whitney.is_none() && r.permutation.is_none() && r.bootstrap.is_none());
        assert_eq!(r.summary_a.unwrap().n, 2);
    }

    #[test]
    fn non_finite_is_refused() {
        let r = compare_two_groups(
            &[1.0, f64::NAN, 2.0],
            &[3.0, 4.0, 5.0],
            &TwoGroupOptions::default(),
        );
        assert_eq!(r.not_tested, Some(NotTested::NonFinite));
        assert!(r.summary_a.is_none());
    }

    #[test]
    fn same_seed_same_numbers() {
        let a: Vec<f64> = (0..12).map(|i| (i * 7 % 5) as f64).collect();
        let b: Vec<f64> = (0..14).map(|i| (i * 3 % 7) as f64).collect();
        let o = TwoGroupOptions {
            n_permutations: 999,
            n_bootstrap: 999,
            seed: 17,
            ..TwoGroupOptions::default()
        };
        assert_eq!(
            compare_two_groups(&a, &b, &o),
            compare_two_groups(&a, &b, &o)
        );
        assert!(!compare_two_groups(&a, &b, &o).permutation.unwrap().exact);
    }
}
