//! The analysis of a validated study, from typed inputs to the result tables and files:
//! a pure function (no file access, no clock), so that the same study and options give the
//! same bytes whatever the machine and the thread count.

pub mod compare;
pub mod publish;

use crate::clean::{cleaned_tables, validation_table};
use crate::composition::{diversity_rows, diversity_table, Matrices};
use crate::metrics::{change_table, edge_table, measure_all, network_table, node_table};
use crate::model::Organization;
use crate::network::build::{group_by_ptce, SnapshotSpec};
use crate::network::{build_networks, comembership_network, ptce_network};
use crate::report::Outputs;
use crate::stage_tables::{stage_tables, warnings_as_problems};
use crate::stages::{analyze_stages, StageInputs};
use crate::study::Study;
use crate::validate::ValidationReport;
use std::collections::HashMap;

/// Options of one run that are not in `study.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOptions {
    pub seed: u64,
    /// Disparity matrices read from the study folder, by dimension.
    pub matrices: Matrices,
    /// Territory lookup and grouping column.
    pub territory: compare::TerritoryInputs,
}

/// The steps of `ptce run`, in order, as the progress bar shows them: reading and validation
/// (in the command), the steps [`analyse`] announces, then writing.
pub const STEPS: &[&str] = &[
    "load",
    "validate",
    "stages",
    "networks",
    "metrics",
    "diversity",
    "comparisons",
    "exports",
    "figures",
    "write",
];

/// Why the analysis could not produce its outputs.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("figures: {0}")]
    Figures(String),
}

/// Runs every analysis on the study and gathers the outputs. Stage warnings are added to the
/// validation report (and so to `tables/validation.csv`).
///
/// # Errors
/// [`PipelineError::Figures`] when a figure cannot be drawn.
pub fn analyse(
    study: &Study,
    report: &mut ValidationReport,
    options: &RunOptions,
    progress: &dyn Fn(&str),
) -> Result<Outputs, PipelineError> {
    let cfg = &study.config;
    progress("stages");
    let ties = study.ties.as_deref().unwrap_or_default();
    let activities = study.activities.as_deref().unwrap_or_default();
    let participations = study.participations.as_deref().unwrap_or_default();
    let events = study.events.as_deref().unwrap_or_default();
    let inputs = StageInputs {
        ptces: &study.ptces,
        organizations: &study.organizations,
        memberships: &study.memberships,
        ties,
        activities,
        events,
    };
    let stage_results = analyze_stages(&inputs, &cfg.stages, study.reference_date);
    report
        .problems
        .extend(warnings_as_problems(&stage_results.warnings));
    report.finish();

    // Snapshots: `all`, then each entered stage, PTCE by PTCE in the order of ptces.csv.
    let mut specs = Vec::new();
    for p in &study.ptces {
        specs.push(SnapshotSpec::all(&p.ptce_id));
        for w in stage_results
            .windows
            .iter()
            .filter(|w| w.ptce_id == p.ptce_id)
        {
            specs.push(SnapshotSpec {
                ptce_id: p.ptce_id.clone(),
                snapshot: w.stage.clone(),
                window: Some(w.window),
            });
        }
    }
    let orgs: HashMap<&str, &Organization> = study
        .organizations
        .iter()
        .map(|o| (o.org_id.as_str(), o))
        .collect();
    let rows = group_by_ptce(&study.memberships, ties, activities, participations);
    progress("networks");
    let nets = build_networks(&specs, &rows, &orgs, &cfg.network);
    progress("metrics");
    let results = measure_all(&nets, options.seed, &cfg.network);
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
    report.finish();
    let stage_order: Vec<String> = cfg
        .stages
        .stages()
        .iter()
        .map(|s| s.id().to_string())
        .collect();

    progress("diversity");
    let mut div = Vec::new();
    for (net, spec) in nets.iter().zip(&specs) {
        let acts: Vec<_> = rows
            .get(net.ptce_id.as_str())
            .map(|r| r.activities.iter().map(|(a, _)| *a).collect())
            .unwrap_or_default();
        diversity_rows(
            net,
            spec.window,
            &acts,
            &orgs,
            &cfg.diversity,
            &options.matrices,
            &mut div,
        );
    }

    let territory = [comembership_network(&study.memberships, &orgs)];
    let territory_results = measure_all(&territory, options.seed, &cfg.network);
    let ptce_net = [ptce_network(&study.ptces, &study.memberships)];
    let ptce_results = measure_all(&ptce_net, options.seed, &cfg.network);

    let mut tables = cleaned_tables(study);
    tables.extend(stage_tables(&stage_results, &cfg.stages));
    tables.push(node_table("node_metrics", &nets, &results));
    tables.push(network_table("network_metrics", &nets, &results));
    tables.push(edge_table("edges", &nets));
    tables.push(change_table(&nets, &results, &stage_order));
    tables.push(diversity_table(&div));
    progress("comparisons");
    let values = compare::measure_values(&nets, &results, &div, &stage_results);
    tables.extend(compare::compare_step(
        study,
        &options.territory,
        &nets,
        &results,
        &values,
        &stage_results,
        options.seed,
    ));
    tables.push(node_table(
        "territory_node_metrics",
        &territory,
        &territory_results,
    ));
    tables.push(network_table(
        "territory_network_metrics",
        &territory,
        &territory_results,
    ));
    tables.push(ptce_network_table(&ptce_net[0], &ptce_results[0]));
    tables.push(validation_table(report));
    progress("exports");
    let mut files = publish::latex_files(&tables, cfg.language);
    if let (Some(nodes), Some(edges)) = (
        tables.iter().find(|t| t.name == "node_metrics"),
        tables.iter().find(|t| t.name == "edges"),
    ) {
        files.extend(publish::graph_files(study, nodes, edges));
    }
    progress("figures");
    let (figure_files, figures) = publish::figure_files(study, &tables, options.seed)
        .map_err(|e| PipelineError::Figures(e.to_string()))?;
    files.extend(figure_files);
    files.extend(publish::report_files(
        study,
        report,
        &tables,
        figures,
        options.seed,
    ));
    Ok(Outputs { tables, files })
}

/// `ptce_network`: PTCEs linked by shared members, one row per PTCE with its centralities in
/// that network.
fn ptce_network_table(
    net: &crate::network::Network,
    r: &crate::metrics::NetworkResult,
) -> crate::table::Table {
    let full = node_table(
        "ptce_network",
        std::slice::from_ref(net),
        std::slice::from_ref(r),
    );
    let keep = [
        "org_id",
        "name",
        "degree",
        "degree_centrality",
        "strength",
        "betweenness",
        "betweenness_weighted",
        "closeness",
        "harmonic",
        "eigenvector",
        "pagerank",
        "clustering",
        "constraint",
        "effective_size",
        "community",
    ];
    let mut t = crate::table::Table::new("ptce_network");
    for name in keep {
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
