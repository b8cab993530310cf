//! Dyads whose tie is unknown (issue 22, item 1): in a surveyed PTCE read with the
//! `reconstructed` rule, a pair of members neither of whom answered is a dyad no one reported on
//! (`n_dyads_unknown` of `tables/survey.csv`). Such dyads are marked in `dyad_data`
//! (`tie` empty, `tie_known = 0`) and left out of the tie models, the QAP logits and the mixing
//! matrix (`docs/statistics.md` § Who cooperates with whom).
//!
//! A snapshot sees the waves whose ties it holds: a wave's ties last from its survey date to the
//! next wave's ([`crate::network::survey::survey_ties`]), so a wave counts when that interval
//! overlaps the snapshot's window (`all`: every wave of the PTCE). A dyad is known when one of
//! its two members answered one of those waves (it then reported on the pair, or its silence
//! about the pair counts as "no tie"); a snapshot that sees no wave knows no dyad. Under the
//! `union` and `reciprocated` rules an unreported pair is read as "no tie", as those rules
//! define, and every dyad is known.

use std::collections::BTreeSet;

use super::dyads::Dyad;
use crate::network::survey::{respondents, SurveyRule, TieMode};
use crate::network::{Network, SnapshotSpec};
use crate::stages::is_active;
use crate::study::Study;

/// For each network (`nets[i]` built from `specs[i]`), the members who answered a wave the
/// snapshot sees; `None` when every dyad of the network is known (not a survey study, or a
/// rule other than `reconstructed`).
///
/// # Complexity
/// O(waves · responses + networks · waves).
pub fn observed_members(
    study: &Study,
    specs: &[SnapshotSpec],
    nets: &[Network],
) -> Vec<Option<BTreeSet<String>>> {
    let ties = &study.config.ties;
    let survey = match &study.survey {
        Some(s)
            if ties.mode == TieMode::Survey && ties.survey_rule == SurveyRule::Reconstructed =>
        {
            s
        }
        _ => return vec![None; nets.len()],
    };
    let yes = respondents(survey);
    nets.iter()
        .enumerate()
        .map(|(i, net)| {
            let window = specs.get(i).and_then(|s| s.window);
            let mut seen = BTreeSet::new();
            let waves: Vec<_> = survey
                .waves
                .iter()
                .filter(|w| w.ptce_id == net.ptce_id)
                .collect();
            for w in &waves {
                let next = waves
                    .iter()
                    .filter(|x| x.survey_date > w.survey_date)
                    .map(|x| x.survey_date)
                    .min();
                if window.is_none_or(|win| is_active(w.survey_date, next, win)) {
                    let who = yes.get(&(w.ptce_id.as_str(), w.wave.as_str()));
                    seen.extend(who.into_iter().flatten().map(|o| o.to_string()));
                }
            }
            Some(seen)
        })
        .collect()
}

/// Marks the unknown dyads of `dyads` (all networks, as [`super::dyads::build_dyads`] returns
/// them; `nets[i]` built from `specs[i]`).
///
/// # Complexity
/// O(dyads + waves · networks).
pub fn mark_all(study: &Study, specs: &[SnapshotSpec], nets: &[Network], dyads: &mut [Dyad]) {
    let observed = observed_members(study, specs, nets);
    let mut start = 0;
    while start < dyads.len() {
        let k = dyads[start].net;
        let end = start + dyads[start..].iter().take_while(|d| d.net == k).count();
        if let (Some(Some(seen)), Some(net)) = (observed.get(k as usize), nets.get(k as usize)) {
            mark_unknown(&mut dyads[start..end], net, seen);
        }
        start = end;
    }
}

/// Marks as unknown the dyads of `net` neither of whose members is in `observed` (and that
/// carry no edge: a reported tie is always known).
pub fn mark_unknown(dyads: &mut [Dyad], net: &Network, observed: &BTreeSet<String>) {
    let seen: Vec<bool> = net
        .nodes
        .iter()
        .map(|n| observed.contains(&n.org_id))
        .collect();
    for d in dyads.iter_mut() {
        if !d.tie && !seen[d.a as usize] && !seen[d.b as usize] {
            d.known = false;
        }
    }
}
