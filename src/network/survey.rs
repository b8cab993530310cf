//! Networks from questionnaire reports (`[ties] mode = "survey"`, issue 21).
//!
//! In a surveyed PTCE a row of `ties` is a *report*: member `source` said, in the survey wave
//! `wave`, that it cooperates with `target`. Some members did not answer (`responded = no`),
//! some were not asked (empty); a report can be one-sided. A survey rule
//! ([`SurveyRule`], `docs/metrics.md`) turns the directed reports of one wave into an undirected
//! network, and [`SurveyStats`] says how much of the network was seen (`tables/survey.csv`).
//!
//! The networks of the waves are handed to the rest of the pipeline as dated ties
//! ([`survey_ties`]): a wave's edges start on its survey date and end on the next wave's survey
//! date of the same PTCE, so that stage snapshots and the wave snapshots ([`wave_specs`]) see
//! each wave's network.

use crate::date::PartialDate;
use crate::model::{Membership, Tie, TieKind};
use crate::stages::{is_active, Window};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How the ties of a study are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TieMode {
    /// Each row is a tie with a `start` date (archives, minutes, conventions).
    #[default]
    Dated,
    /// Each row is a report of `source` about `target` in a survey wave.
    Survey,
}

/// The rule that turns the directed reports of a wave into undirected ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SurveyRule {
    /// A tie when either side reports it (`sna::symmetrize(rule = "weak")`).
    Union,
    /// A tie when both sides report it (`sna::symmetrize(rule = "strong")`).
    Reciprocated,
    /// Reciprocated between two respondents; a respondent's report stands for the tie with a
    /// non-respondent; a dyad of two non-respondents is unknown (Stork & Richards 1992;
    /// Huisman 2009).
    #[default]
    Reconstructed,
}

impl SurveyRule {
    /// The name written in `tables/survey.csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyRule::Union => "union",
            SurveyRule::Reciprocated => "reciprocated",
            SurveyRule::Reconstructed => "reconstructed",
        }
    }
}

/// `[ties]` options of `study.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TiesConfig {
    /// `dated` (default) or `survey`.
    pub mode: TieMode,
    /// Rule of a survey study (default `reconstructed`, argued in `docs/metrics.md`).
    pub survey_rule: SurveyRule,
    /// A wave whose response rate is below this is flagged `low_response` (default 0.7).
    pub low_response_threshold: f64,
    /// Keep the `low_response` networks in the comparisons and models (default false).
    pub keep_low_response: bool,
}

impl Default for TiesConfig {
    fn default() -> Self {
        TiesConfig {
            mode: TieMode::Dated,
            survey_rule: SurveyRule::default(),
            low_response_threshold: 0.7,
            keep_low_response: false,
        }
    }
}

/// One report: `source` says it cooperates with `target` (a row of `ties` in survey mode).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub ptce_id: String,
    pub wave: String,
    pub source: String,
    pub target: String,
    pub kind: TieKind,
    /// Positive; 1 when the cell is empty.
    pub weight: f64,
}

/// One survey wave of one PTCE.
#[derive(Debug, Clone, PartialEq)]
pub struct Wave {
    pub ptce_id: String,
    pub wave: String,
    pub survey_date: PartialDate,
}

/// Whether a member answered a wave: `Some(true)` yes, `Some(false)` no, `None` not surveyed.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub ptce_id: String,
    pub wave: String,
    pub org_id: String,
    pub responded: Option<bool>,
}

/// The survey of a study: its waves (sorted by PTCE, then date), responses and reports.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Survey {
    pub waves: Vec<Wave>,
    pub responses: Vec<Response>,
    pub reports: Vec<Report>,
}

/// An undirected edge of a wave's network, `a < b` (org ids).
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyEdge {
    pub a: String,
    pub b: String,
    /// Union: the larger of the two reported weights; otherwise the smaller one, or the only
    /// one when a respondent speaks for a non-respondent.
    pub weight: f64,
    /// Kinds named by either side.
    pub kinds: BTreeSet<TieKind>,
}

/// What one wave of one PTCE saw (a row of `tables/survey.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyStats {
    pub ptce_id: String,
    pub wave: String,
    /// Members at the survey date.
    pub n_members: usize,
    /// Members who answered (`responded = yes`).
    pub n_respondents: usize,
    /// `n_respondents / n_members`; `None` without members.
    pub response_rate: Option<f64>,
    /// Distinct directed reports (source → target) between members at the survey date.
    pub n_reports: usize,
    /// Dyads reported by both sides.
    pub n_reciprocated: usize,
    /// Reports whose target answered (the denominator of `reciprocity`).
    pub n_reports_to_respondents: usize,
    /// Edgewise reciprocity among respondents: `2 n_reciprocated / reports whose target
    /// answered`; `None` when no such report.
    pub reciprocity: Option<f64>,
    /// Dyads of two members who did not answer: no one reported on them.
    pub n_dyads_unknown: usize,
    pub rule: SurveyRule,
    /// `response_rate < low_response_threshold`.
    pub low_response: bool,
}

/// The network of one wave and what the survey saw of it.
#[derive(Debug, Clone, PartialEq)]
pub struct WaveNetwork {
    pub edges: Vec<SurveyEdge>,
    pub stats: SurveyStats,
}

/// Applies a survey rule to the reports of one wave.
///
/// # Arguments
/// * `ptce_id`, `wave` — written in the stats.
/// * `members` — members at the survey date (any order; duplicates ignored).
/// * `respondents` — the members who answered.
/// * `reports` — the wave's reports; reports naming a non-member are left out.
/// * `rule`, `threshold` — survey rule and low-response threshold.
///
/// # Returns
/// Edges sorted by `(a, b)` and the [`SurveyStats`].
///
/// # Complexity
/// O(r log r + n) for r reports and n members.
pub fn wave_network(
    ptce_id: &str,
    wave: &str,
    members: &[&str],
    respondents: &BTreeSet<&str>,
    reports: &[&Report],
    rule: SurveyRule,
    threshold: f64,
) -> WaveNetwork {
    let members: BTreeSet<&str> = members.iter().copied().collect();
    let answered = |o: &str| respondents.contains(o) && members.contains(o);
    // Directed reports: total weight and kinds per (source, target); summed in sorted order.
    type Arc = (Vec<f64>, BTreeSet<TieKind>);
    let mut arcs: BTreeMap<(&str, &str), Arc> = BTreeMap::new();
    for r in reports {
        let (s, t) = (r.source.as_str(), r.target.as_str());
        if s != t && members.contains(s) && members.contains(t) {
            let e = arcs.entry((s, t)).or_default();
            e.0.push(r.weight);
            e.1.insert(r.kind);
        }
    }
    let weight = |ws: &[f64]| {
        let mut ws = ws.to_vec();
        ws.sort_by(f64::total_cmp);
        ws.iter().sum::<f64>()
    };
    type Side<'k> = Option<(f64, &'k BTreeSet<TieKind>)>;
    let mut dyads: BTreeMap<(&str, &str), [Side<'_>; 2]> = BTreeMap::new();
    for ((s, t), (ws, kinds)) in &arcs {
        let (key, side) = if s < t { ((*s, *t), 0) } else { ((*t, *s), 1) };
        dyads.entry(key).or_default()[side] = Some((weight(ws), kinds));
    }
    let mut edges = Vec::new();
    let mut n_reciprocated = 0;
    for ((a, b), sides) in &dyads {
        let both = sides[0].is_some() && sides[1].is_some();
        n_reciprocated += usize::from(both);
        let ws: Vec<f64> = sides.iter().flatten().map(|s| s.0).collect();
        let max = ws.iter().copied().fold(f64::MIN, f64::max);
        let min = ws.iter().copied().fold(f64::MAX, f64::min);
        let kept = match rule {
            SurveyRule::Union => Some(max),
            SurveyRule::Reciprocated => both.then_some(min),
            // Between two respondents both must report; otherwise the one who answered speaks.
            SurveyRule::Reconstructed if answered(a) && answered(b) => both.then_some(min),
            SurveyRule::Reconstructed => Some(max),
        };
        if let Some(w) = kept {
            edges.push(SurveyEdge {
                a: a.to_string(),
                b: b.to_string(),
                weight: w,
                kinds: sides
                    .iter()
                    .flatten()
                    .flat_map(|s| s.1.iter().copied())
                    .collect(),
            });
        }
    }
    let n_members = members.len();
    let n_respondents = members.iter().filter(|m| answered(m)).count();
    let to_respondents = arcs.keys().filter(|(_, t)| answered(t)).count();
    let silent = n_members - n_respondents;
    let response_rate = (n_members > 0).then(|| n_respondents as f64 / n_members as f64);
    WaveNetwork {
        edges,
        stats: SurveyStats {
            ptce_id: ptce_id.to_string(),
            wave: wave.to_string(),
            n_members,
            n_respondents,
            response_rate,
            n_reports: arcs.len(),
            n_reciprocated,
            n_reports_to_respondents: to_respondents,
            reciprocity: (to_respondents > 0)
                .then(|| 2.0 * n_reciprocated as f64 / to_respondents as f64),
            n_dyads_unknown: silent * silent.saturating_sub(1) / 2,
            rule,
            low_response: response_rate.is_some_and(|r| r < threshold),
        },
    }
}

/// Members of a PTCE present on a day (their memberships active at it), sorted.
pub fn members_at<'a>(memberships: &[&'a Membership], day: PartialDate) -> Vec<&'a str> {
    let w = Window::instant(day.first_day());
    let set: BTreeSet<&str> = memberships
        .iter()
        .filter(|m| is_active(m.joined, m.left, w))
        .map(|m| m.org_id.as_str())
        .collect();
    set.into_iter().collect()
}

/// The members who answered (`responded = yes`), by `(ptce_id, wave)`.
pub fn respondents(survey: &Survey) -> BTreeMap<(&str, &str), BTreeSet<&str>> {
    let mut yes: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for r in survey
        .responses
        .iter()
        .filter(|r| r.responded == Some(true))
    {
        yes.entry((r.ptce_id.as_str(), r.wave.as_str()))
            .or_default()
            .insert(r.org_id.as_str());
    }
    yes
}

/// Every wave of every PTCE: its network under the configured rule and its stats, in the
/// order of `survey.waves`.
pub fn wave_networks(
    survey: &Survey,
    memberships: &[Membership],
    config: &TiesConfig,
) -> Vec<(Wave, WaveNetwork)> {
    let mut mems: BTreeMap<&str, Vec<&Membership>> = BTreeMap::new();
    for m in memberships {
        mems.entry(m.ptce_id.as_str()).or_default().push(m);
    }
    let mut reports: BTreeMap<(&str, &str), Vec<&Report>> = BTreeMap::new();
    for r in &survey.reports {
        reports
            .entry((r.ptce_id.as_str(), r.wave.as_str()))
            .or_default()
            .push(r);
    }
    let yes = respondents(survey);
    let none = BTreeSet::new();
    survey
        .waves
        .iter()
        .map(|w| {
            let key = (w.ptce_id.as_str(), w.wave.as_str());
            let members = members_at(
                mems.get(key.0).map(Vec::as_slice).unwrap_or_default(),
                w.survey_date,
            );
            let net = wave_network(
                key.0,
                key.1,
                &members,
                yes.get(&key).unwrap_or(&none),
                reports.get(&key).map(Vec::as_slice).unwrap_or_default(),
                config.survey_rule,
                config.low_response_threshold,
            );
            (w.clone(), net)
        })
        .collect()
}

/// The networks of the waves as dated ties: each edge of a wave starts on its survey date and
/// ends on the next wave's survey date of the PTCE (open for the last wave). An edge with
/// several kinds gives one tie per kind, its weight split equally (the pair's weight is kept).
pub fn survey_ties(waves: &[(Wave, WaveNetwork)]) -> Vec<Tie> {
    let mut out = Vec::new();
    for (i, (w, net)) in waves.iter().enumerate() {
        let next = waves[i + 1..]
            .iter()
            .find(|(x, _)| x.ptce_id == w.ptce_id && x.survey_date > w.survey_date)
            .map(|(x, _)| x.survey_date);
        for e in &net.edges {
            let k = e.kinds.len().max(1) as f64;
            for kind in &e.kinds {
                out.push(Tie {
                    ptce_id: w.ptce_id.clone(),
                    source: e.a.clone(),
                    target: e.b.clone(),
                    kind: *kind,
                    start: w.survey_date,
                    end: next,
                    weight: e.weight / k,
                });
            }
        }
    }
    out
}

/// The snapshot id of a wave (`wave_<id>`).
pub fn wave_snapshot(wave: &str) -> String {
    format!("wave_{wave}")
}

/// The order of the wave snapshots (first appearance in `waves`, sorted by PTCE then date),
/// for `network_change`.
pub fn wave_order(waves: &[(Wave, WaveNetwork)]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (w, _) in waves {
        let s = wave_snapshot(&w.wave);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// `tables/survey.csv`: one row per PTCE and wave.
pub fn survey_table(waves: &[(Wave, WaveNetwork)]) -> crate::table::Table {
    let s: Vec<&SurveyStats> = waves.iter().map(|(_, n)| &n.stats).collect();
    let int = |f: fn(&SurveyStats) -> usize| s.iter().map(move |x| Some(f(x) as i64));
    crate::table::Table::new("survey")
        .str("ptce_id", s.iter().map(|x| Some(x.ptce_id.clone())))
        .str("wave", s.iter().map(|x| Some(x.wave.clone())))
        .int("n_members", int(|x| x.n_members))
        .int("n_respondents", int(|x| x.n_respondents))
        .float("response_rate", s.iter().map(|x| x.response_rate))
        .int("n_reports", int(|x| x.n_reports))
        .int("n_reciprocated", int(|x| x.n_reciprocated))
        .float("reciprocity", s.iter().map(|x| x.reciprocity))
        .int("n_dyads_unknown", int(|x| x.n_dyads_unknown))
        .str("rule", s.iter().map(|x| Some(x.rule.as_str().to_string())))
        .str(
            "low_response",
            s.iter()
                .map(|x| Some(if x.low_response { "yes" } else { "no" })),
        )
}

#[cfg(test)]
#[path = "survey_tests.rs"]
mod tests;
