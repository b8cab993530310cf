//! The analysis of a validated study, from typed inputs to the result tables and files:
//! a pure function (no file access, no clock), so that the same study and options give the
//! same bytes whatever the machine and the thread count.

pub mod compare;
pub mod composition;
pub mod events;
pub mod layers;
pub mod metrics;
pub mod models;
pub mod overlap;
pub mod publish;
pub mod relations;

use crate::model::Organization;
use crate::network::build::{group_by_ptce, PtceRows, SnapshotSpec};
use crate::network::{build_networks, comembership_network, ptce_network, Network};
use crate::pipeline::composition::{diversity_rows, diversity_table, DiversityRow, Matrices};
use crate::pipeline::metrics::{
    change_table, edge_table, measure_all, measure_projection, network_table, node_table,
    NetworkResult,
};
use crate::report::Outputs;
use crate::stages::tables::{stage_tables, warnings_as_problems};
use crate::stages::{StageResults, StageWindow};
use crate::study::Study;
use crate::validate::clean::{cleaned_tables, validation_table};
use crate::validate::ValidationReport;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// The steps of `ptce run`, in order, as the progress bar shows them: reading and validation
/// (in the command), the steps [`analyse`] announces, then writing.
pub const STEPS: &[&str] = &[
    "load",
    "validate",
    "stages",
    "networks",
    "metrics",
    "diversity",
    "territory",
    "comparisons",
    "exports",
    "figures",
    "write",
];

/// Why the analysis could not produce its outputs.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("figures: {0}")]
    Figures(#[from] crate::charts::ChartError),
    /// A file could not be written (the sink's error).
    #[error(transparent)]
    Write(crate::report::ReportError),
}

/// Runs every analysis on the study, every random procedure seeded from `seed`: the files other than tables (LaTeX, graph exports,
/// figures, report) go to `sink` as soon as each is made, in a fixed order; the tables are
/// returned. Stage warnings are added to the validation report (and so to
/// `tables/validation.csv`).
///
/// # Errors
/// [`PipelineError::Figures`] when a figure cannot be drawn; [`PipelineError::Write`] when
/// `sink` fails.
pub fn analyse(
    study: &Study,
    report: &mut ValidationReport,
    seed: u64,
    progress: &dyn Fn(&str),
    sink: &mut publish::Sink<'_, crate::report::ReportError>,
) -> Result<Outputs, PipelineError> {
    let cfg = &study.config;
    progress("stages");
    let ties = study.ties.as_deref().unwrap_or_default();
    let activities = study.activities.as_deref().unwrap_or_default();
    let participations = study.participations.as_deref().unwrap_or_default();
    let stage_results = study.analyze_stages();
    report
        .problems
        .extend(warnings_as_problems(&stage_results.warnings));
    report.finish();

    let specs = snapshot_specs(study, &stage_results);
    // Survey studies: the networks of the waves and their response (issue 21).
    let waves = study
        .survey
        .as_ref()
        .map(|s| crate::network::survey::wave_networks(s, &study.memberships, &cfg.ties));
    let orgs = org_index(study);
    let rows = group_by_ptce(&study.memberships, ties, activities, participations);
    progress("networks");
    let nets = build_networks(&specs, &rows, &orgs, &cfg.network);
    progress("metrics");
    let results = measure_all(&nets, seed, &cfg.network);
    // Non-converged iterations and sampled betweenness are reported with the warnings.
    for (n, r) in nets.iter().zip(&results) {
        for w in &r.centrality.warnings {
            let mut p = crate::validate::Problem::file(
                crate::validate::Severity::Warning,
                "(analysis)",
                format!("PTCE {:?}, snapshot {:?}: {w}", n.ptce_id, n.snapshot),
            );
            p.column_name = Some("centrality".to_string());
            report.problems.push(p);
        }
    }
    let low = waves
        .as_ref()
        .map(|w| crate::network::waves::low_response_flags(w, &nets));
    if let Some(w) = &waves {
        survey_warnings(w, &cfg.ties, report);
    }
    report.finish();
    let stage_order: Vec<String> = cfg
        .stages
        .stages()
        .iter()
        .map(|s| s.id().to_string())
        .collect();

    progress("diversity");
    let div = diversity_step(&nets, &specs, &rows, &orgs, study, &study.matrices);

    progress("territory");
    let (territory, territory_results, ptce_net, ptce_results) = territory_step(study, &orgs, seed);
    // The two study-wide networks are large (the PTCE network of 10,000 PTCEs has millions of
    // arcs): their tables are made now and the networks freed; pushed later, in their order.
    let territory_tables = {
        let territory = [territory];
        let territory_results = [territory_results];
        [
            node_table("territory_node_metrics", &territory, &territory_results),
            network_table("territory_network_metrics", &territory, &territory_results),
            ptce_network_table(&ptce_net, &ptce_results),
        ]
    };
    drop((ptce_net, ptce_results));

    // Built in an order that frees the large intermediate results as soon as possible (the
    // diversity rows once turned into values and a table, the comparison values once compared,
    // the networks once turned into tables); the tables keep their documented order.
    progress("comparisons");
    let mut values = compare::measure_values(&nets, &results, &div);
    // Low-response networks leave the comparisons and models unless study.toml keeps them.
    let (cmp_nets, cmp_results) = match &low {
        Some(low) if !cfg.ties.keep_low_response => {
            let gone: std::collections::BTreeSet<(&str, &str)> = nets
                .iter()
                .zip(low)
                .filter(|(_, l)| **l)
                .map(|(n, _)| (n.ptce_id.as_str(), n.snapshot.as_str()))
                .collect();
            values.retain(|v| !gone.contains(&(v.ptce_id.as_str(), v.snapshot.as_str())));
            let keep: Vec<usize> = (0..nets.len()).filter(|&i| !low[i]).collect();
            (
                keep.iter().map(|&i| nets[i].clone()).collect(),
                keep.iter().map(|&i| results[i].clone()).collect(),
            )
        }
        _ => (Vec::new(), Vec::new()),
    };
    let filtered = low.is_some() && !cfg.ties.keep_low_response;
    let diversity = diversity_table(&div);
    drop(div);
    let comparison_tables = compare::compare_step(
        study,
        &study.territory,
        if filtered { &cmp_nets } else { &nets },
        if filtered { &cmp_results } else { &results },
        &values,
        &stage_results,
        seed,
    );
    drop(values);
    drop((cmp_nets, cmp_results));
    let mut tables = cleaned_tables(study);
    tables.extend(stage_tables(&stage_results, &cfg.stages));
    let mut node_t = node_table("node_metrics", &nets, &results);
    let mut network_t = network_table("network_metrics", &nets, &results);
    if let Some(low) = &low {
        let yes = |l: bool| Some(if l { "yes" } else { "no" });
        let per_node: Vec<bool> = nets
            .iter()
            .zip(low)
            .flat_map(|(n, l)| std::iter::repeat_n(*l, n.nodes.len()))
            .collect();
        node_t = node_t.str("low_response", per_node.into_iter().map(yes));
        network_t = network_t.str("low_response", low.iter().map(|l| yes(*l)));
    }
    // Which layer(s) every metric row was computed on; the layers measured on their own.
    let layer = vec![cfg.network.source.as_str(); nets.len()];
    tables.push(layers::with_layer(node_t, &nets, &layer, |n| n.nodes.len()));
    tables.push(layers::with_layer(network_t, &nets, &layer, |_| 1));
    tables.extend(layers::layer_tables(
        &specs,
        &rows,
        &orgs,
        &cfg.network,
        seed,
    ));
    tables.push(edge_table("edges", &nets));
    // A survey study compares consecutive waves (documented in docs/outputs.md).
    let change_order = match &waves {
        Some(w) => crate::network::survey::wave_order(w),
        None => stage_order.clone(),
    };
    tables.push(change_table(&nets, &results, &change_order));
    if let Some(w) = &waves {
        tables.push(crate::network::survey::survey_table(w));
    }
    relations::relations_step(study, &study.territory, &nets, &specs, seed, &mut tables);
    progress("exports");
    let mut put = |path: String, bytes: Vec<u8>| sink(path, bytes).map_err(PipelineError::Write);
    if let Some(node_metrics) = tables.iter().find(|t| t.name == "node_metrics") {
        publish::graph_files(study, &nets, node_metrics, &mut put)?;
    }
    drop((nets, results));
    tables.push(diversity);
    tables.extend(comparison_tables);
    tables.extend(territory_tables);
    tables.push(validation_table(report));
    publish::latex_files(&tables, cfg.language, &mut put)?;
    progress("figures");
    let figures = publish::figure_files(study, &tables, seed, &mut put)?;
    for (path, bytes) in publish::report_files(study, report, &tables, figures, seed) {
        put(path, bytes)?;
    }
    Ok(Outputs { tables })
}

/// The networks to build: for each PTCE in the order of `ptces.csv`, its whole history (`all`)
/// then each entered stage in the order of the stage windows.
///
/// # Complexity
/// O(PTCEs + windows).
pub fn snapshot_specs(study: &Study, stages: &StageResults) -> Vec<SnapshotSpec> {
    let mut windows: HashMap<&str, Vec<&StageWindow>> = HashMap::new();
    for w in &stages.windows {
        windows.entry(w.ptce_id.as_str()).or_default().push(w);
    }
    let mut specs = Vec::with_capacity(study.ptces.len() + stages.windows.len());
    for p in &study.ptces {
        specs.push(SnapshotSpec::all(&p.ptce_id));
        for w in windows.get(p.ptce_id.as_str()).into_iter().flatten() {
            specs.push(SnapshotSpec {
                ptce_id: p.ptce_id.clone(),
                snapshot: w.stage.clone(),
                window: Some(w.window),
            });
        }
        if let Some(s) = &study.survey {
            specs.extend(crate::network::waves::wave_specs(s, &p.ptce_id));
        }
    }
    specs
}

/// Organizations by id.
pub fn org_index(study: &Study) -> HashMap<&str, &Organization> {
    study
        .organizations
        .iter()
        .map(|o| (o.org_id.as_str(), o))
        .collect()
}

/// The rows of `tables/diversity.csv` for every network (`nets[i]` built from `specs[i]`), in
/// network order; networks in parallel, results concatenated in order.
///
/// # Complexity
/// O(Σ members + activities) over the networks.
pub fn diversity_step(
    nets: &[Network],
    specs: &[SnapshotSpec],
    rows: &BTreeMap<&str, PtceRows<'_>>,
    orgs: &HashMap<&str, &Organization>,
    study: &Study,
    matrices: &Matrices,
) -> Vec<DiversityRow> {
    let parts: Vec<Vec<DiversityRow>> = nets
        .par_iter()
        .zip(specs)
        .map(|(net, spec)| {
            let acts: Vec<_> = rows
                .get(net.ptce_id.as_str())
                .map(|r| r.activities.iter().map(|(a, _)| *a).collect())
                .unwrap_or_default();
            let mut div = Vec::new();
            diversity_rows(
                net,
                spec.window,
                &acts,
                orgs,
                &study.config.diversity,
                matrices,
                &mut div,
            );
            div
        })
        .collect();
    parts.into_iter().flatten().collect()
}

/// The two territory-level networks — organizations linked by shared PTCEs, PTCEs linked by
/// shared members — and their measures (betweenness sampled above
/// `[network] betweenness_sample_above` nodes).
pub fn territory_step(
    study: &Study,
    orgs: &HashMap<&str, &Organization>,
    seed: u64,
) -> (Network, NetworkResult, Network, NetworkResult) {
    let cfg = &study.config.network;
    // The two networks side by side: each is built and measured on its own (deterministic,
    // collected in its own order), and the serial parts of one (the projection, the canonical
    // order, the sums between parallel passes) leave a core to the other.
    let ((territory, territory_result), (ptces, ptce_result)) = rayon::join(
        || {
            let territory = comembership_network(&study.memberships, orgs);
            let result = measure_projection(&territory.network, &territory.groups, seed, cfg);
            (territory.network, result)
        },
        || {
            let ptces = ptce_network(&study.ptces, &study.memberships);
            let result = measure_projection(&ptces.network, &ptces.groups, seed, cfg);
            (ptces.network, result)
        },
    );
    (territory, territory_result, ptces, ptce_result)
}

/// `ptce_network`: PTCEs linked by shared members, one row per PTCE with its centralities in
/// that network.
fn ptce_network_table(
    net: &crate::network::Network,
    r: &crate::pipeline::metrics::NetworkResult,
) -> crate::table::Table {
    let full = node_table(
        "ptce_network",
        std::slice::from_ref(net),
        std::slice::from_ref(r),
    );
    let structure = ["clustering", "constraint", "effective_size", "community"];
    let mut t = crate::table::Table::new("ptce_network");
    let keep = ["org_id", "name"]
        .into_iter()
        .chain(crate::centrality::MEASURES);
    for name in keep.chain(structure) {
        if let Some(c) = full.column(name) {
            let mut c = c.clone();
            if c.name == "org_id" {
                c.name = "ptce_id".to_string();
            }
            t.columns.push(c);
        }
    }
    t
}

/// One warning per survey wave whose response rate is below the threshold (in
/// `tables/validation.csv` and the report).
fn survey_warnings(
    waves: &[(
        crate::network::survey::Wave,
        crate::network::survey::WaveNetwork,
    )],
    config: &crate::network::survey::TiesConfig,
    report: &mut ValidationReport,
) {
    for (w, n) in waves.iter().filter(|(_, n)| n.stats.low_response) {
        let rate = n.stats.response_rate.unwrap_or(0.0);
        let fate = if config.keep_low_response {
            "kept in the comparisons and models (keep_low_response = true)"
        } else {
            "left out of the comparisons and models"
        };
        let mut p = crate::validate::Problem::file(
            crate::validate::Severity::Warning,
            "(analysis)",
            format!(
                "PTCE {:?}, survey wave {:?}: response rate {:.2} ({} of {} members) is below {}; its measures are flagged low_response and {fate}",
                w.ptce_id, w.wave, rate, n.stats.n_respondents, n.stats.n_members, config.low_response_threshold
            ),
        );
        p.column_name = Some("survey".to_string());
        report.problems.push(p);
    }
}
