//! The analysis data of the size-adjusted models (issue 16): for every snapshot, one row per
//! PTCE with its outcome measures, its group, `n`, `log_n` and the covariates of `[models]`.
//! Written as `tables/model_data.csv` so that a reader can refit any model in R or Stata.

use std::collections::{BTreeMap, BTreeSet};

use crate::compare::{snapshot_key, FamilyChoice, Groups, MeasureValue, ModelsConfig};
use crate::date::PartialDate;
use crate::model::Ptce;
use crate::table::Table;

/// Where a measure comes from: `(family, measure, population, dimension)` of its
/// [`MeasureValue`]s.
pub type Source = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

/// One outcome of the models: its name (a column of `model_data`), where its values come from,
/// its default family and whether it is primary (enters the BH family).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// Column name in `model_data.csv` and value of `outcome` in `models.csv`.
    pub name: &'static str,
    /// `(family, measure, population, dimension)` of its [`MeasureValue`]s; `mean_degree` is
    /// derived from `n_edges` and `n_nodes`.
    pub source: Source,
    /// Default family (overridable by `[models] families`).
    pub family: FamilyChoice,
    /// Primary outcomes form the Benjamini–Hochberg family of a snapshot.
    pub primary: bool,
}

const fn net(name: &'static str, family: FamilyChoice, primary: bool) -> Outcome {
    Outcome {
        name,
        source: ("network", name, None, None),
        family,
        primary,
    }
}

const fn div(name: &'static str, index: &'static str, family: FamilyChoice) -> Outcome {
    Outcome {
        name,
        source: ("diversity", index, Some("members"), Some("actor_type")),
        family,
        primary: true,
    }
}

use FamilyChoice::{Binomial, FractionalLogit, Ols, Poisson};

/// The outcomes, in output order (`docs/statistics.md` § Size-adjusted models gives the table).
/// `mean_degree` is density × (n − 1): it is reported beside density but stays out of the family
/// (one finding, not two); `n_nodes` is the size itself (modelled without a size term).
pub const OUTCOMES: &[Outcome] = &[
    net("density", Binomial, true),
    Outcome {
        name: "mean_degree",
        source: ("network", "mean_degree", None, None),
        family: Poisson,
        primary: false,
    },
    net("degree_centralization", FractionalLogit, true),
    net("betweenness_centralization", FractionalLogit, true),
    net("transitivity", FractionalLogit, true),
    net("avg_clustering", FractionalLogit, true),
    net("modularity", FractionalLogit, true),
    net("actor_type_assortativity", Ols, true),
    net("ei_index_actor_type", Ols, true),
    net("ei_index_naf_section", Ols, true),
    net("avg_path_length", Ols, true),
    net("n_communities", Poisson, true),
    net("n_nodes", Poisson, false),
    div("actor_type_gini_simpson", "gini_simpson", FractionalLogit),
    div("actor_type_pielou", "pielou", FractionalLogit),
    div("actor_type_shannon", "shannon", Ols),
    div("actor_type_rao_stirling", "rao_stirling", Ols),
];

/// A regressor value of a PTCE before coding: a number, a level, or missing.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A numeric covariate.
    Num(f64),
    /// A level of a categorical covariate.
    Level(String),
    /// Missing (the PTCE leaves the models that use it).
    Missing,
}

/// A covariate after reading: its column name in `model_data`, its kind and levels.
#[derive(Debug, Clone, PartialEq)]
pub struct Covariate {
    /// Name in `model_data.csv` and in the `term` column (`founded_year`, `legal_form`, `cohort`).
    pub name: String,
    /// Levels in coding order (reference first) for a categorical covariate; empty if numeric.
    pub levels: Vec<String>,
    /// Value per PTCE.
    pub values: BTreeMap<String, Cell>,
}

/// The rows of one snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct SnapshotData {
    /// `all` or a stage id.
    pub snapshot: String,
    /// PTCEs of the snapshot that have a group, by id.
    pub ptces: Vec<String>,
    /// Group index (into `ModelData::groups`) of each PTCE.
    pub group: Vec<usize>,
    /// Members in the snapshot.
    pub n: Vec<f64>,
    /// Edges (for the binomial density model).
    pub n_edges: Vec<Option<f64>>,
    /// Outcome values, in [`OUTCOMES`] order.
    pub outcomes: Vec<Vec<Option<f64>>>,
}

/// Everything the models read.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelData {
    /// Group names, reference first.
    pub groups: Vec<String>,
    /// Covariates in `[models] covariates` order (`founded` becomes `founded_year`).
    pub covariates: Vec<Covariate>,
    /// Cluster of each PTCE (the `[models] cluster` column), if configured.
    pub cluster: Option<(String, BTreeMap<String, String>)>,
    /// Snapshots, `all` first.
    pub snapshots: Vec<SnapshotData>,
}

/// Numbers as researchers type them: `12`, `12.5`, `12,5`, with spaces as thousands separators.
fn parse_number(text: &str) -> Option<f64> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    t.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The midpoint day of a partial date (first day + ⌊(last − first) / 2⌋), the default imputation.
fn mid_day(d: PartialDate) -> crate::date::Date {
    let (a, b) = (d.first_day().days(), d.last_day().days());
    crate::date::Date::from_days(a + (b - a) / 2)
}

/// Cohort levels of `breaks`: `before_B1`, `B1_to_B2`, …, `from_Bk`, in time order.
pub fn cohort_levels(breaks: &[PartialDate]) -> Vec<String> {
    let text: Vec<String> = breaks.iter().map(|b| b.to_string()).collect();
    let mut out = Vec::new();
    if let Some(first) = text.first() {
        out.push(format!("before_{first}"));
    }
    for w in text.windows(2) {
        out.push(format!("{}_to_{}", w[0], w[1]));
    }
    if let Some(last) = text.last() {
        out.push(format!("from_{last}"));
    }
    out
}

/// Reads one covariate. `columns` holds the raw cells of the columns of `ptces.csv` named in
/// `[models]` (column → PTCE → text). Also used by the event-history step.
pub fn covariate(
    name: &str,
    ptces: &[Ptce],
    columns: &BTreeMap<String, BTreeMap<String, String>>,
    cfg: &ModelsConfig,
) -> Covariate {
    let mut values = BTreeMap::new();
    if name == "cohort" {
        let breaks: Vec<PartialDate> = cfg
            .cohort_breaks
            .iter()
            .filter_map(|b| PartialDate::parse(b).ok())
            .collect();
        let levels = cohort_levels(&breaks);
        for p in ptces {
            let cell = match p.founded {
                Some(f) => {
                    let day = mid_day(f);
                    let k = breaks.iter().filter(|b| b.first_day() <= day).count();
                    levels.get(k).cloned().map_or(Cell::Missing, Cell::Level)
                }
                None => Cell::Missing,
            };
            values.insert(p.ptce_id.clone(), cell);
        }
        return with_reference(name.to_string(), levels, values, cfg);
    }
    if name == "founded" {
        for p in ptces {
            let cell = p
                .founded
                .map_or(Cell::Missing, |f| Cell::Num(f64::from(mid_day(f).ymd().0)));
            values.insert(p.ptce_id.clone(), cell);
        }
        return Covariate {
            name: "founded_year".to_string(),
            levels: Vec::new(),
            values,
        };
    }
    let raw = columns.get(name);
    let cell_of = |id: &str| raw.and_then(|c| c.get(id)).map(|s| s.trim().to_string());
    let texts: Vec<(String, Option<String>)> = ptces
        .iter()
        .map(|p| {
            (
                p.ptce_id.clone(),
                cell_of(&p.ptce_id).filter(|s| !s.is_empty()),
            )
        })
        .collect();
    let present: Vec<&String> = texts.iter().filter_map(|(_, t)| t.as_ref()).collect();
    let is_date = !present.is_empty()
        && present
            .iter()
            .all(|t| (t.contains('-') || t.contains('/')) && PartialDate::parse(t).is_ok());
    if is_date {
        for (id, t) in &texts {
            let cell = t
                .as_deref()
                .and_then(|t| PartialDate::parse(t).ok())
                .map_or(Cell::Missing, |d| Cell::Num(f64::from(mid_day(d).ymd().0)));
            values.insert(id.clone(), cell);
        }
        return Covariate {
            name: format!("{name}_year"),
            levels: Vec::new(),
            values,
        };
    }
    if !present.is_empty() && present.iter().all(|t| parse_number(t).is_some()) {
        for (id, t) in &texts {
            let cell = t
                .as_deref()
                .and_then(parse_number)
                .map_or(Cell::Missing, Cell::Num);
            values.insert(id.clone(), cell);
        }
        return Covariate {
            name: name.to_string(),
            levels: Vec::new(),
            values,
        };
    }
    let levels: BTreeSet<String> = present.iter().map(|s| s.to_string()).collect();
    for (id, t) in texts {
        values.insert(id, t.map_or(Cell::Missing, Cell::Level));
    }
    with_reference(name.to_string(), levels.into_iter().collect(), values, cfg)
}

/// Puts the configured reference level first (levels otherwise in their given order).
fn with_reference(
    name: String,
    mut levels: Vec<String>,
    values: BTreeMap<String, Cell>,
    cfg: &ModelsConfig,
) -> Covariate {
    if let Some(r) = cfg.reference.get(&name) {
        if let Some(i) = levels.iter().position(|l| l == r) {
            let l = levels.remove(i);
            levels.insert(0, l);
        }
    }
    Covariate {
        name,
        levels,
        values,
    }
}

/// Assembles the analysis data.
///
/// # Arguments
/// * `values` - the long-form measures of every network (`network` and `diversity` families).
/// * `groups` - the territory groups (PTCEs without a group are left out).
/// * `ptces` - the PTCEs (for `founded` and `cohort`).
/// * `columns` - raw cells of the `ptces.csv` columns named by `[models]`.
/// * `cfg` - `[models]`.
///
/// # Returns
/// The data, snapshots with `all` first then by name, PTCEs by id.
///
/// # Complexity
/// O(values · log values).
pub fn model_data(
    values: &[MeasureValue],
    groups: &Groups,
    ptces: &[Ptce],
    columns: &BTreeMap<String, BTreeMap<String, String>>,
    cfg: &ModelsConfig,
) -> ModelData {
    let mut group_names = groups.names.clone();
    if let Some(r) = cfg.reference.get("group") {
        if let Some(i) = group_names.iter().position(|g| g == r) {
            let g = group_names.remove(i);
            group_names.insert(0, g);
        }
    }
    type Key = ((bool, String), String);
    let mut by: BTreeMap<Key, BTreeMap<Source, f64>> = BTreeMap::new();
    for v in values {
        if !groups.of_ptce.contains_key(&v.ptce_id) {
            continue;
        }
        if let Some(x) = v.value.filter(|x| x.is_finite()) {
            by.entry((snapshot_key(&v.snapshot), v.ptce_id.clone()))
                .or_default()
                .insert((v.family, v.measure, v.population, v.dimension), x);
        }
    }
    let mut snapshots: Vec<SnapshotData> = Vec::new();
    for (((_, snapshot), ptce), m) in by {
        let Some(&n) = m.get(&("network", "n_nodes", None, None)) else {
            continue;
        };
        let Some(g) = groups
            .of_ptce
            .get(&ptce)
            .and_then(|&i| group_names.iter().position(|x| *x == groups.names[i]))
        else {
            continue;
        };
        if snapshots.last().is_none_or(|s| s.snapshot != snapshot) {
            snapshots.push(SnapshotData {
                snapshot: snapshot.clone(),
                ptces: Vec::new(),
                group: Vec::new(),
                n: Vec::new(),
                n_edges: Vec::new(),
                outcomes: vec![Vec::new(); OUTCOMES.len()],
            });
        }
        let Some(s) = snapshots.last_mut() else {
            continue;
        };
        let edges = m.get(&("network", "n_edges", None, None)).copied();
        s.ptces.push(ptce);
        s.group.push(g);
        s.n.push(n);
        s.n_edges.push(edges);
        for (k, o) in OUTCOMES.iter().enumerate() {
            let v = if o.name == "mean_degree" {
                edges.filter(|_| n > 0.0).map(|e| 2.0 * e / n)
            } else {
                m.get(&o.source).copied()
            };
            s.outcomes[k].push(v);
        }
    }
    let covariates = cfg
        .covariates
        .iter()
        .map(|c| covariate(c, ptces, columns, cfg))
        .collect();
    let cluster = cfg
        .cluster
        .as_ref()
        .map(|c| (c.clone(), columns.get(c).cloned().unwrap_or_default()));
    ModelData {
        groups: group_names,
        covariates,
        cluster,
        snapshots,
    }
}

/// `tables/model_data.csv`: one row per snapshot × PTCE (columns in `docs/statistics.md`).
pub fn model_data_table(d: &ModelData) -> Table {
    let rows: Vec<(&SnapshotData, usize)> = d
        .snapshots
        .iter()
        .flat_map(|s| (0..s.ptces.len()).map(move |i| (s, i)))
        .collect();
    let mut t = Table::new("model_data")
        .str(
            "snapshot",
            rows.iter().map(|(s, _)| Some(s.snapshot.clone())),
        )
        .str(
            "ptce_id",
            rows.iter().map(|(s, i)| Some(s.ptces[*i].clone())),
        )
        .str(
            "group",
            rows.iter().map(|(s, i)| d.groups.get(s.group[*i]).cloned()),
        )
        .int("n", rows.iter().map(|(s, i)| Some(s.n[*i] as i64)))
        .float(
            "log_n",
            rows.iter()
                .map(|(s, i)| Some(s.n[*i]).filter(|n| *n > 0.0).map(f64::ln)),
        )
        .int(
            "n_edges",
            rows.iter().map(|(s, i)| s.n_edges[*i].map(|e| e as i64)),
        )
        .int(
            "n_pairs",
            rows.iter().map(|(s, i)| {
                let n = s.n[*i] as i64;
                Some(n * (n - 1) / 2)
            }),
        );
    let ids: Vec<&str> = rows.iter().map(|(s, i)| s.ptces[*i].as_str()).collect();
    t = covariate_columns(t, &ids, &d.covariates, d.cluster.as_ref());
    for (k, o) in OUTCOMES.iter().enumerate() {
        t = t.float(o.name, rows.iter().map(|(s, i)| s.outcomes[k][*i]));
    }
    t
}

/// Appends to `t` the covariate columns (numbers, or levels as text) and the cluster column
/// (`cluster_<column>`) of rows whose PTCEs are `ids` — shared by `model_data` and `event_data`.
pub fn covariate_columns(
    mut t: Table,
    ids: &[&str],
    covariates: &[Covariate],
    cluster: Option<&(String, BTreeMap<String, String>)>,
) -> Table {
    for c in covariates {
        if c.levels.is_empty() {
            t = t.float(
                &c.name,
                ids.iter().map(|id| match c.values.get(*id) {
                    Some(Cell::Num(x)) => Some(*x),
                    _ => None,
                }),
            );
        } else {
            t = t.str(
                &c.name,
                ids.iter().map(|id| match c.values.get(*id) {
                    Some(Cell::Level(l)) => Some(l.clone()),
                    _ => None,
                }),
            );
        }
    }
    if let Some((name, values)) = cluster {
        t = t.str(
            &format!("cluster_{name}"),
            ids.iter()
                .map(|id| values.get(*id).cloned().filter(|v| !v.is_empty())),
        );
    }
    t
}
