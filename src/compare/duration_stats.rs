//! The statistics of one stage-duration row of the comparison tables (`durations.rs` computes
//! them, `two_groups.rs` writes them): the test used, the counts, the medians.

/// The test of a duration row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationTestKind {
    /// Log-rank test (no competing exit from the stage).
    LogRank,
    /// Gray's test of the cumulative incidence of moving on.
    Gray,
}

impl DurationTestKind {
    /// The value of the `test` column.
    pub fn as_str(self) -> &'static str {
        match self {
            DurationTestKind::LogRank => "log_rank",
            DurationTestKind::Gray => "gray",
        }
    }

    pub(super) fn words(self) -> &'static str {
        match self {
            DurationTestKind::LogRank => "log-rank test, censored PTCEs included",
            DurationTestKind::Gray => {
                "Gray's test of moving on, exit to an optional stage competing, censored PTCEs included"
            }
        }
    }
}

/// The censoring-aware statistics of one duration row (per group: index 0 = a, 1 = b).
#[derive(Debug, Clone, PartialEq)]
pub struct DurationStats {
    /// The test used.
    pub test: DurationTestKind,
    /// PTCEs that entered the stage.
    pub n: [usize; 2],
    /// Of them, still in the stage at the reference date.
    pub n_censored: [usize; 2],
    /// Of them, left for an optional stage (competing exit).
    pub n_competing: [usize; 2],
    /// Kaplan–Meier median of the time in the stage (`None` when not reached).
    pub median: [Option<f64>; 2],
    /// χ² statistic of the test.
    pub chi2: Option<f64>,
    /// Its p-value.
    pub p_value: Option<f64>,
}
