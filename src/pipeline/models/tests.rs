//! Tests of the models step's data and designs on hand-built studies: coding of covariates,
//! complete cases, clusters, the spline size term, and the tables' columns. The fitted numbers
//! themselves are checked against R in `crate::models::oracle_tests`; here the oracle is a
//! design written by hand and fitted with the engine directly.

use std::collections::BTreeMap;

use super::*;
use crate::compare::{Groups, MeasureValue, ModelsConfig, SizeTerm};
use crate::date::PartialDate;
use crate::model::Ptce;
use crate::models::{fit_model, Family, ModelInput};
use crate::table::{Table, Values};

const IDS: [&str; 12] = [
    "A01", "A02", "A03", "A04", "A05", "A06", "B01", "B02", "B03", "B04", "B05", "B06",
];

fn ptce(id: &str, founded: Option<&str>) -> Ptce {
    Ptce {
        ptce_id: id.to_string(),
        name: id.to_string(),
        commune_code: None,
        department: None,
        region: None,
        density_level: None,
        legal_form: None,
        founded: founded.and_then(|f| PartialDate::parse(f).ok()),
    }
}

pub(super) fn nv(id: &str, measure: &'static str, x: f64) -> MeasureValue {
    MeasureValue {
        ptce_id: id.to_string(),
        snapshot: "all".to_string(),
        family: "network",
        measure,
        population: None,
        dimension: None,
        value: Some(x),
    }
}

/// A hand-built study: measure values, groups, PTCEs, raw `ptces.csv` columns.
type Study = (
    Vec<MeasureValue>,
    Groups,
    Vec<Ptce>,
    BTreeMap<String, BTreeMap<String, String>>,
);

/// Sizes, edges of 12 PTCEs (A = urban, B = rural), a text covariate with one missing value, a
/// numeric one with a French decimal comma, and a cluster column.
fn study() -> Study {
    let sizes = [
        5.0, 8.0, 12.0, 6.0, 9.0, 15.0, 4.0, 6.0, 7.0, 5.0, 10.0, 8.0,
    ];
    let edges = [
        6.0, 10.0, 14.0, 9.0, 11.0, 20.0, 5.0, 9.0, 10.0, 7.0, 16.0, 13.0,
    ];
    let mut values = Vec::new();
    for (k, id) in IDS.iter().enumerate() {
        let n: f64 = sizes[k];
        values.push(nv(id, "n_nodes", n));
        values.push(nv(id, "n_edges", edges[k]));
        values.push(nv(id, "density", edges[k] / (n * (n - 1.0) / 2.0)));
    }
    let pairs: Vec<(&str, &str)> = IDS
        .iter()
        .map(|id| {
            (
                *id,
                if id.starts_with('A') {
                    "urban"
                } else {
                    "rural"
                },
            )
        })
        .collect();
    let groups = Groups::from_pairs(&pairs, &["urban", "rural"]);
    let founded = [
        "2012",
        "2013-05",
        "2015-01-02",
        "2016",
        "2018",
        "2014-06",
        "2011",
        "2019",
        "2015",
        "2014-09",
        "2020",
        "2013",
    ];
    let ptces: Vec<Ptce> = IDS
        .iter()
        .zip(founded)
        .map(|(id, f)| ptce(id, Some(f)))
        .collect();
    let forms = [
        "scic",
        "association",
        "association",
        "scic",
        "sas",
        "association",
        "association",
        "",
        "scic",
        "sas",
        "association",
        "scic",
    ];
    let budget = [
        "12,5", "3", "40", "7", "9,25", "15", "2", "4", "6", "5", "22", "8",
    ];
    let region = [
        "R1", "R1", "R2", "R2", "R3", "R3", "R1", "R2", "R3", "R1", "R2", "R3",
    ];
    let col = |v: &[&str]| -> BTreeMap<String, String> {
        IDS.iter()
            .zip(v)
            .filter(|(_, x)| !x.is_empty())
            .map(|(id, x)| (id.to_string(), x.to_string()))
            .collect()
    };
    let mut columns = BTreeMap::new();
    columns.insert("legal_form".to_string(), col(&forms));
    columns.insert("budget".to_string(), col(&budget));
    columns.insert("region".to_string(), col(&region));
    (values, groups, ptces, columns)
}

fn strs(t: &Table, c: &str) -> Vec<Option<String>> {
    match &t.column(c).unwrap().values {
        Values::Str(v) => v.to_vec(),
        other => panic!("{c}: {other:?}"),
    }
}

fn floats(t: &Table, c: &str) -> Vec<Option<f64>> {
    match &t.column(c).unwrap().values {
        Values::Float(v) => v.to_vec(),
        Values::Int(v) => v.iter().map(|x| x.map(|i| i as f64)).collect(),
        other => panic!("{c}: {other:?}"),
    }
}

/// The models step with the default `[models]`.
fn step(
    values: &[MeasureValue],
    groups: &Groups,
    ptces: &[Ptce],
    columns: &BTreeMap<String, BTreeMap<String, String>>,
) -> Vec<Table> {
    models_step(
        values,
        groups,
        ptces,
        columns,
        &ModelsConfig::default(),
        0.95,
    )
}

fn table<'a>(tables: &'a [Table], name: &str) -> &'a Table {
    tables.iter().find(|t| t.name == name).unwrap()
}

/// The density model with a text and a numeric covariate equals the engine's fit of the design
/// written by hand (reference levels first in sort order, the PTCE without `legal_form` left out).
#[test]
fn density_design_by_hand() {
    let (values, groups, ptces, columns) = study();
    let cfg = ModelsConfig {
        covariates: vec!["legal_form".into(), "budget".into(), "founded".into()],
        ..ModelsConfig::default()
    };
    let tables = models_step(&values, &groups, &ptces, &columns, &cfg, 0.95);
    let models = table(&tables, "models");
    let terms: Vec<String> = strs(models, "term")
        .into_iter()
        .zip(strs(models, "outcome"))
        .filter(|(_, o)| o.as_deref() == Some("density"))
        .map(|(t, _)| t.unwrap())
        .collect();
    assert_eq!(
        terms,
        [
            "(intercept)",
            "group[rural]",
            "log_n",
            "legal_form[sas]",
            "legal_form[scic]",
            "budget",
            "founded_year",
            "ame:group[rural]"
        ]
    );
    // By hand: B02 (no legal form) leaves; founded_year is the year of the middle day.
    let sizes = [
        5.0, 8.0, 12.0, 6.0, 9.0, 15.0, 4.0, 6.0, 7.0, 5.0, 10.0, 8.0,
    ];
    let edges = [
        6.0, 10.0, 14.0, 9.0, 11.0, 20.0, 5.0, 9.0, 10.0, 7.0, 16.0, 13.0,
    ];
    let forms = [1, 0, 0, 1, 2, 0, 0, 9, 1, 2, 0, 1]; // 0 association, 1 scic, 2 sas
    let budget = [
        12.5, 3.0, 40.0, 7.0, 9.25, 15.0, 2.0, 4.0, 6.0, 5.0, 22.0, 8.0,
    ];
    let year = [
        2012.0, 2013.0, 2015.0, 2016.0, 2018.0, 2014.0, 2011.0, 2019.0, 2015.0, 2014.0, 2020.0,
        2013.0,
    ];
    let (mut x, mut y, mut trials) = (Vec::new(), Vec::new(), Vec::new());
    for k in (0..12).filter(|&k| k != 7) {
        let rural = f64::from(u8::from(k >= 6));
        x.push(vec![
            1.0,
            rural,
            f64::ln(sizes[k]),
            f64::from(u8::from(forms[k] == 2)),
            f64::from(u8::from(forms[k] == 1)),
            budget[k],
            year[k],
        ]);
        let m = sizes[k] * (sizes[k] - 1.0) / 2.0;
        y.push(edges[k] / m);
        trials.push(m);
    }
    let names: Vec<String> = terms[..7].to_vec();
    let fit = fit_model(&ModelInput {
        family: Family::Binomial,
        y: &y,
        trials: Some(&trials),
        x: &x,
        names: &names,
        cluster: None,
        level: 0.95,
    })
    .unwrap();
    let est = floats(models, "estimate");
    for (j, c) in fit.coefs.iter().enumerate() {
        assert_eq!(est[j], Some(c.wald.estimate), "{}", c.name);
    }
    let fits = table(&tables, "model_fit");
    assert_eq!(floats(fits, "n")[0], Some(11.0));
    assert_eq!(floats(fits, "n_dropped")[0], Some(1.0));
    assert_eq!(strs(fits, "se_type")[0].as_deref(), Some("quasi"));
}

/// Clusters: every model uses cluster-robust errors, reports the number of clusters, and with
/// fewer than `min_clusters` its rows say `few_clusters`.
#[test]
fn clusters_and_few_clusters() {
    let (values, groups, ptces, columns) = study();
    let cfg = ModelsConfig {
        cluster: Some("region".into()),
        ..ModelsConfig::default()
    };
    let tables = models_step(&values, &groups, &ptces, &columns, &cfg, 0.95);
    let fits = table(&tables, "model_fit");
    assert_eq!(strs(fits, "se_type")[0].as_deref(), Some("cluster"));
    assert_eq!(floats(fits, "n_clusters")[0], Some(3.0));
    assert_eq!(strs(fits, "status")[0].as_deref(), Some("few_clusters"));
    let data = table(&tables, "model_data");
    assert_eq!(strs(data, "cluster_region")[0].as_deref(), Some("R1"));
}

/// The spline size term gives three `ns(log_n, 3)` columns; cohort is cut at the law of 2014
/// (middle day of a partial date), reference the earliest cohort.
#[test]
fn spline_and_cohort() {
    let (values, groups, ptces, columns) = study();
    let cfg = ModelsConfig {
        covariates: vec!["cohort".into()],
        size_term: SizeTerm::Spline,
        ..ModelsConfig::default()
    };
    let tables = models_step(&values, &groups, &ptces, &columns, &cfg, 0.95);
    let models = table(&tables, "models");
    let terms: Vec<Option<String>> = strs(models, "term");
    for t in [
        "ns(log_n, 3)1",
        "ns(log_n, 3)2",
        "ns(log_n, 3)3",
        "cohort[from_2014-07-31]",
    ] {
        assert!(terms.iter().any(|x| x.as_deref() == Some(t)), "{t}");
    }
    let data = table(&tables, "model_data");
    let cohort = strs(data, "cohort");
    // A06 founded 2014-06 (middle day 2014-06-15): before; B04 2014-09: from.
    assert_eq!(cohort[5].as_deref(), Some("before_2014-07-31"));
    assert_eq!(cohort[9].as_deref(), Some("from_2014-07-31"));
    let log_n = floats(data, "log_n");
    assert_eq!(log_n[0], Some(f64::ln(5.0)));
    assert_eq!(floats(data, "n_pairs")[0], Some(10.0));
}

/// A model that cannot be fitted keeps its rows with empty numbers and its reason: here every
/// rural PTCE has density 0 (separation).
#[test]
fn separated_group_is_reported_not_fitted() {
    let (mut values, groups, ptces, columns) = study();
    for v in values.iter_mut().filter(|v| v.ptce_id.starts_with('B')) {
        if v.measure == "n_edges" || v.measure == "density" {
            v.value = Some(0.0);
        }
    }
    let tables = step(&values, &groups, &ptces, &columns);
    let models = table(&tables, "models");
    let status = strs(models, "status");
    assert!(
        status[0].as_deref().unwrap().starts_with("separation"),
        "{status:?}"
    );
    assert_eq!(floats(models, "estimate")[0], None);
}

/// Benjamini–Hochberg runs over the group terms of the primary outcomes of a snapshot only.
#[test]
fn bh_over_primary_group_terms() {
    let (values, groups, ptces, columns) = study();
    let mut more = values.clone();
    for v in &values {
        if v.measure == "density" {
            more.push(MeasureValue {
                measure: "transitivity",
                value: v.value.map(|d| (d * 1.3).min(1.0)),
                ..v.clone()
            });
        }
    }
    let tables = step(&more, &groups, &ptces, &columns);
    let models = table(&tables, "models");
    let (term, outcome, p, adj, primary) = (
        strs(models, "term"),
        strs(models, "outcome"),
        floats(models, "p_value"),
        floats(models, "p_adjusted"),
        strs(models, "primary"),
    );
    let in_family = |i: usize| {
        term[i].as_deref() == Some("group[rural]") && primary[i].as_deref() == Some("yes")
    };
    let mut family = Vec::new();
    for i in 0..models.height() {
        if in_family(i) {
            family.push(p[i]);
        } else {
            assert_eq!(adj[i], None, "{:?} {:?}", outcome[i], term[i]);
        }
    }
    // density and transitivity; mean_degree and n_nodes are secondary.
    assert_eq!(family.len(), 2);
    let expected = crate::stats::benjamini_hochberg(&family);
    let got: Vec<Option<f64>> = (0..models.height())
        .filter(|&i| in_family(i))
        .map(|i| adj[i])
        .collect();
    assert_eq!(got, expected);
}

/// A row of leverage 1 (the only `sas` PTCE makes its own dummy: HC3 undefined) is named by its
/// PTCE in the status, not by its row number, which would follow the order of the identifiers
/// (issue 24).
#[test]
fn leverage_one_names_the_ptce() {
    let (mut values, groups, ptces, mut columns) = study();
    for (k, id) in IDS.iter().enumerate() {
        values.push(nv(id, "avg_path_length", 1.0 + 0.37 * k as f64 % 1.3));
    }
    columns
        .get_mut("legal_form")
        .unwrap()
        .insert("B04".to_string(), "scic".to_string());
    let cfg = ModelsConfig {
        covariates: vec!["legal_form".into()],
        ..ModelsConfig::default()
    };
    let tables = models_step(&values, &groups, &ptces, &columns, &cfg, 0.95);
    let models = table(&tables, "models");
    let status: Vec<Option<String>> = strs(models, "status")
        .into_iter()
        .zip(strs(models, "outcome"))
        .filter(|(_, o)| o.as_deref() == Some("avg_path_length"))
        .map(|(s, _)| s)
        .collect();
    assert_eq!(
        status[0].as_deref(),
        Some("leverage_one: PTCE A05 has leverage 1 (HC3 undefined)"),
        "{status:?}"
    );
}
