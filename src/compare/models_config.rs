//! `[models]` of `study.toml`: the size-adjusted models of PTCE measures (issue 16,
//! `docs/statistics.md` § Size-adjusted models).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How network size enters every model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeTerm {
    /// One regressor `log_n` = ln(members in the snapshot).
    #[default]
    LogN,
    /// A natural cubic spline of `log_n` with 3 degrees of freedom, as R's
    /// `splines::ns(log_n, 3)` (boundary knots at the range, interior knots at the tertiles).
    Spline,
}

/// A model family, as written in `study.toml` and in the `model` column of `models.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FamilyChoice {
    /// Quasi-binomial GLM of edges out of pairs (density only).
    Binomial,
    /// Fractional logit (Papke & Wooldridge 1996) of a measure on [0, 1].
    FractionalLogit,
    /// Least squares with HC3 errors.
    Ols,
    /// Quasi-Poisson with HC0 errors (counts, mean degree).
    Poisson,
}

/// `[models]` options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelsConfig {
    /// Whether the models are fitted at all.
    pub enabled: bool,
    /// Covariates: columns of `ptces.csv` (numeric as is; text treatment-coded; a date column
    /// gives its year as `<column>_year`), or `cohort` (founding date cut at `cohort_breaks`).
    pub covariates: Vec<String>,
    /// Column of `ptces.csv` whose values are clusters (e.g. `department`, `region`): every
    /// model then uses cluster-robust errors.
    pub cluster: Option<String>,
    /// Size term.
    pub size_term: SizeTerm,
    /// Reference level of a categorical regressor, by name (`group` for the territory group);
    /// default: `urban` for the urban/rural grouping, else the first level in sort order.
    pub reference: BTreeMap<String, String>,
    /// Cut dates (`YYYY-MM-DD`) of `cohort`; default the law of 31 July 2014.
    pub cohort_breaks: Vec<String>,
    /// Family of an outcome, overriding the documented default.
    pub families: BTreeMap<String, FamilyChoice>,
    /// Below this number of clusters the rows get `status = few_clusters` (Cameron & Miller 2015).
    pub min_clusters: usize,
}

impl Default for ModelsConfig {
    fn default() -> Self {
        ModelsConfig {
            enabled: true,
            covariates: Vec::new(),
            cluster: None,
            size_term: SizeTerm::LogN,
            reference: BTreeMap::new(),
            cohort_breaks: vec![LAW_2014.to_string()],
            families: BTreeMap::new(),
            min_clusters: 30,
        }
    }
}

/// Date of the law on the social and solidarity economy that defined PTCEs (art. 9).
pub const LAW_2014: &str = "2014-07-31";

/// A `[models]` section that cannot work.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelsConfigError {
    /// A cohort break that is not a full date.
    #[error("cohort_breaks: {0:?} is not a date YYYY-MM-DD")]
    Break(String),
    /// Breaks not strictly increasing.
    #[error("cohort_breaks must be strictly increasing")]
    BreakOrder,
    /// A covariate named twice.
    #[error("covariate {0:?} is named twice")]
    Repeated(String),
    /// A covariate that would collide with a built-in regressor.
    #[error("covariate {0:?} is a built-in regressor (group, n, log_n)")]
    Reserved(String),
}

impl ModelsConfig {
    /// Checks the options.
    ///
    /// # Errors
    /// The first problem found.
    pub fn validate(&self) -> Result<(), ModelsConfigError> {
        let mut last: Option<crate::date::Date> = None;
        for b in &self.cohort_breaks {
            let d = crate::date::PartialDate::parse(b)
                .ok()
                .filter(|d| d.first_day() == d.last_day())
                .ok_or_else(|| ModelsConfigError::Break(b.clone()))?;
            if last.is_some_and(|l| l >= d.first_day()) {
                return Err(ModelsConfigError::BreakOrder);
            }
            last = Some(d.first_day());
        }
        let mut seen = std::collections::BTreeSet::new();
        for c in &self.covariates {
            if ["group", "n", "log_n"].contains(&c.as_str()) {
                return Err(ModelsConfigError::Reserved(c.clone()));
            }
            if !seen.insert(c) {
                return Err(ModelsConfigError::Repeated(c.clone()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_checks() {
        let c: ModelsConfig = toml::from_str(
            "covariates = [\"cohort\", \"legal_form\"]\ncluster = \"region\"\nsize_term = \"spline\"\n[families]\ntransitivity = \"ols\"\n",
        )
        .unwrap();
        assert_eq!(c.size_term, SizeTerm::Spline);
        assert_eq!(c.families["transitivity"], FamilyChoice::Ols);
        assert!(c.validate().is_ok());
        let bad = ModelsConfig {
            cohort_breaks: vec!["2015".into()],
            ..ModelsConfig::default()
        };
        assert_eq!(bad.validate(), Err(ModelsConfigError::Break("2015".into())));
        let bad = ModelsConfig {
            cohort_breaks: vec!["2016-01-01".into(), "2015-01-01".into()],
            ..ModelsConfig::default()
        };
        assert_eq!(bad.validate(), Err(ModelsConfigError::BreakOrder));
        let bad = ModelsConfig {
            covariates: vec!["log_n".into()],
            ..ModelsConfig::default()
        };
        assert!(bad.validate().is_err());
    }
}
