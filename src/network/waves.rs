//! The survey waves as snapshots of the network pipeline: their snapshot specs and the
//! `low_response` flag of each network (`docs/metrics.md` § Surveys). Kept apart from
//! [`super::survey`], which `validate` also uses (and the polars- and petgraph-free fuzz crate).

use std::collections::{BTreeMap, BTreeSet};

use super::survey::{wave_snapshot, Survey, Wave, WaveNetwork};
use super::{Network, SnapshotSpec};
use crate::stages::Window;

/// The wave snapshots of a PTCE: one per wave, on its survey date, in date order.
pub fn wave_specs(survey: &Survey, ptce_id: &str) -> Vec<SnapshotSpec> {
    survey
        .waves
        .iter()
        .filter(|w| w.ptce_id == ptce_id)
        .map(|w| SnapshotSpec {
            ptce_id: ptce_id.to_string(),
            snapshot: wave_snapshot(&w.wave),
            window: Some(Window::instant(w.survey_date.first_day())),
        })
        .collect()
}

/// Whether each network comes from a low-response survey: a wave snapshot when its wave is
/// flagged, any other snapshot (`all`, stages) when one of its PTCE's waves is.
pub fn low_response_flags(waves: &[(Wave, WaveNetwork)], nets: &[Network]) -> Vec<bool> {
    let mut low: BTreeMap<(&str, String), bool> = BTreeMap::new();
    let mut any: BTreeSet<&str> = BTreeSet::new();
    for (w, n) in waves {
        low.insert(
            (w.ptce_id.as_str(), wave_snapshot(&w.wave)),
            n.stats.low_response,
        );
        if n.stats.low_response {
            any.insert(w.ptce_id.as_str());
        }
    }
    nets.iter()
        .map(|n| {
            low.get(&(n.ptce_id.as_str(), n.snapshot.clone()))
                .copied()
                .unwrap_or_else(|| any.contains(n.ptce_id.as_str()))
        })
        .collect()
}
