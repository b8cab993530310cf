//! The layers of cooperation (issue 21): every metric row says which layer(s) its network was
//! built from (`layer`: `ties`, `activities` or `both`, the `[network] source`), and the layers
//! that `[network] layers` names are built and measured on their own — same snapshots, same
//! seed, same options — into `node_metrics_layers` and `network_metrics_layers`.

use std::collections::{BTreeMap, HashMap};

use super::metrics::{measure_all, network_table, node_table};
use crate::config::NetworkConfig;
use crate::model::Organization;
use crate::network::build::{build_networks, PtceRows, SnapshotSpec};
use crate::network::Network;
use crate::table::Table;

/// Appends the `layer` column to a metric table of `nets`: `per_network` rows a network
/// (`1` for `network_metrics`, its node count for `node_metrics`).
pub fn with_layer(
    table: Table,
    nets: &[Network],
    layers: &[&str],
    per_network: impl Fn(&Network) -> usize,
) -> Table {
    let column = nets
        .iter()
        .zip(layers)
        .flat_map(|(n, l)| std::iter::repeat_n(Some(*l), per_network(n)));
    table.str("layer", column)
}

/// The tables `node_metrics_layers` and `network_metrics_layers`: one block of rows per layer
/// of `config.layers`, in that order; none when it is empty.
pub fn layer_tables(
    specs: &[SnapshotSpec],
    rows: &BTreeMap<&str, PtceRows<'_>>,
    orgs: &HashMap<&str, &Organization>,
    config: &NetworkConfig,
    seed: u64,
) -> Vec<Table> {
    if config.layers.is_empty() {
        return Vec::new();
    }
    let mut nets = Vec::new();
    let mut results = Vec::new();
    let mut labels = Vec::new();
    for layer in &config.layers {
        let cfg = NetworkConfig {
            source: layer.source(),
            ..config.clone()
        };
        let built = build_networks(specs, rows, orgs, &cfg);
        results.extend(measure_all(&built, seed, &cfg));
        labels.extend(std::iter::repeat_n(cfg.source.as_str(), built.len()));
        nets.extend(built);
    }
    vec![
        with_layer(
            node_table("node_metrics_layers", &nets, &results),
            &nets,
            &labels,
            |n| n.nodes.len(),
        ),
        with_layer(
            network_table("network_metrics_layers", &nets, &results),
            &nets,
            &labels,
            |_| 1,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Layer, NetworkSource};

    /// `n_edges` by (ptce, snapshot, layer) of the layer table for the mini study.
    fn edges_by_layer(source: NetworkSource) -> BTreeMap<(String, String, String), f64> {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/studies/mini");
        let raw = crate::load::read_study(&dir).unwrap();
        let study = crate::validate::validate(&raw).study.unwrap();
        let stages = study.analyze_stages();
        let specs = super::super::snapshot_specs(&study, &stages);
        let orgs = super::super::org_index(&study);
        let rows = crate::network::build::group_by_ptce(
            &study.memberships,
            study.ties.as_deref().unwrap_or_default(),
            study.activities.as_deref().unwrap_or_default(),
            study.participations.as_deref().unwrap_or_default(),
        );
        let config = NetworkConfig {
            source,
            layers: vec![Layer::Ties, Layer::Activities],
            ..NetworkConfig::default()
        };
        let tables = layer_tables(&specs, &rows, &orgs, &config, 1);
        assert_eq!(
            tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            ["node_metrics_layers", "network_metrics_layers"]
        );
        let t = &tables[1];
        let text = |c: &str| match &t.column(c).unwrap().values {
            crate::table::Values::Str(v) => {
                v.iter().map(|x| x.unwrap().to_string()).collect::<Vec<_>>()
            }
            _ => panic!("{c} is not text"),
        };
        let n_edges = match &t.column("n_edges").unwrap().values {
            crate::table::Values::Float(v) => v.iter().map(|x| x.unwrap()).collect::<Vec<_>>(),
            crate::table::Values::Int(v) => v.iter().map(|x| x.unwrap() as f64).collect(),
            _ => panic!("n_edges is not numeric"),
        };
        let (p, s, l) = (text("ptce_id"), text("snapshot"), text("layer"));
        (0..n_edges.len())
            .map(|i| ((p[i].clone(), s[i].clone(), l[i].clone()), n_edges[i]))
            .collect()
    }

    #[test]
    fn each_layer_is_measured_on_its_own_edges() {
        // By hand from tests/fixtures/studies/mini. P1, whole period: ties O1–O2, O2–O3,
        // O1–O3, O3–O4 (4); activities A1 {O1, O2} and A2 {O3, O4} (2 pairs). At the end of
        // S3 (the reference date) the tie O3–O4 has ended (2018-12-31): 3 ties, and still 2
        // co-participation pairs. P2: ties O5–O6, O6–O7, O5–O2 (3); activity A3 {O6, O7} (1).
        let e = edges_by_layer(NetworkSource::Both);
        let get = |p: &str, s: &str, l: &str| e[&(p.to_string(), s.to_string(), l.to_string())];
        assert_eq!(get("P1", "all", "ties"), 4.0);
        assert_eq!(get("P1", "all", "activities"), 2.0);
        assert_eq!(get("P1", "S3", "ties"), 3.0);
        assert_eq!(get("P1", "S3", "activities"), 2.0);
        assert_eq!(get("P2", "all", "ties"), 3.0);
        assert_eq!(get("P2", "all", "activities"), 1.0);
        // Every snapshot once per layer, and the main source does not change the layers.
        assert_eq!(e.len(), 18);
        assert_eq!(e, edges_by_layer(NetworkSource::Ties));
    }

    #[test]
    fn no_layer_table_without_layers() {
        let config = NetworkConfig::default();
        let t = layer_tables(&[], &BTreeMap::new(), &HashMap::new(), &config, 1);
        assert!(t.is_empty());
    }
}
