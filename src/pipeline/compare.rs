//! The comparison step: territory classification, then every network, diversity and stage
//! measure compared between territory groups (two-group and k-group tests), time to formalize
//! (Kaplan–Meier, log-rank), change across stages, and null models of the `all` networks.

use crate::compare::{
    compare_k_groups_table, compare_two_groups_rows, comparison_table, duration_rows, null_models,
    null_models_table, stage_change_table, survival_analysis, survival_table, survival_tests_table,
    Groups, MeasureValue, NullNetwork, StageDuration, StageEntries,
};
use crate::events::{CENSORED, COMPETING, EVENT};
use crate::network::{Network, ALL};
use crate::pipeline::composition::DiversityRow;
use crate::pipeline::metrics::{network_values, NetworkResult, NETWORK_MEASURES};
use crate::stages::{StageModel, StageResults, StageStatus};
use crate::study::Study;
use crate::table::Table;
use crate::territory::{classify, territories_table, territory_grid_table};

/// Covariate of the models derived from the shipped geography: inhabitants per km² of the PTCE's
/// commune (`docs/territory.md`; not INSEE's density grid).
pub const COMMUNE_DENSITY: &str = "commune_density";

pub use crate::territory::TerritoryInputs;

/// Every measure as long-form values: network metrics (family `network`) and diversity indices
/// (family `diversity`). Stage durations, which need their censoring, are [`stage_durations`].
pub fn measure_values(
    nets: &[Network],
    results: &[NetworkResult],
    diversity: &[DiversityRow],
) -> Vec<MeasureValue> {
    let mut out = Vec::new();
    for (n, r) in nets.iter().zip(results) {
        for (m, v) in NETWORK_MEASURES.iter().zip(network_values(r)) {
            out.push(MeasureValue {
                ptce_id: n.ptce_id.clone(),
                snapshot: n.snapshot.clone(),
                family: "network",
                measure: m,
                population: None,
                dimension: None,
                value: v,
            });
        }
    }
    for d in diversity.iter().filter(|d| !d.index.starts_with("n_")) {
        out.push(MeasureValue {
            ptce_id: d.ptce_id.clone(),
            snapshot: d.snapshot.clone(),
            family: "diversity",
            measure: d.index,
            population: Some(d.population),
            dimension: Some(d.dimension),
            value: d.value,
        });
    }
    out
}

/// The time each PTCE spent in each stage it entered (`tables/stages.csv`: days from the entry's
/// first day to the next entered stage's entry, or to the reference date when still in the
/// stage, then censored). Leaving a required stage before the formal one for an optional stage
/// (dormancy, dissolution) is a competing exit ([`crate::compare::durations`]).
///
/// # Complexity
/// O(p·s²) for p PTCEs and s stages.
pub fn stage_durations(stages: &StageResults, model: &StageModel) -> Vec<StageDuration> {
    let defs = model.stages();
    let formal = model.formal_stage();
    let has_optional = defs.iter().any(|s| s.optional());
    let mut out = Vec::new();
    for t in &stages.timelines {
        for (i, span) in t.spans.iter().enumerate() {
            let (Some(days), Some(def)) = (span.duration_days(), defs.get(i)) else {
                continue;
            };
            let competing_risk = has_optional && !def.optional() && i < formal;
            let cause = match span.status {
                StageStatus::Completed => {
                    let next = t.spans[i + 1..].iter().position(|s| s.entry.is_some());
                    let to_optional = next
                        .and_then(|j| defs.get(i + 1 + j))
                        .is_some_and(|d| d.optional());
                    if competing_risk && to_optional {
                        COMPETING
                    } else {
                        EVENT
                    }
                }
                StageStatus::Ongoing => CENSORED,
                _ => continue,
            };
            out.push(StageDuration {
                ptce_id: t.ptce_id.clone(),
                stage: span.stage.clone(),
                days: days as f64,
                cause,
                competing_risk,
            });
        }
    }
    out
}

/// Entry dates of the first two stages and of the formal stage, for the survival analysis.
fn entries(stages: &StageResults, model: &StageModel) -> Vec<StageEntries> {
    let ids: Vec<&str> = model.stages().iter().map(|s| s.id()).collect();
    let (first, second, formal) = (ids.first(), ids.get(1), ids.get(model.formal_stage()));
    stages
        .timelines
        .iter()
        .map(|t| {
            let entry = |id: Option<&&str>| {
                id.and_then(|id| t.spans.iter().find(|s| s.stage == *id))
                    .and_then(|s| s.entry)
                    .map(|d| d.first_day())
            };
            StageEntries {
                ptce_id: t.ptce_id.clone(),
                s1_entry: entry(first),
                s2_entry: entry(second),
                s3_entry: entry(formal),
            }
        })
        .collect()
}

/// Runs the whole comparison step and returns its tables: `territories`, `territory_grid` (with
/// a lookup grid), `comparison`,
/// `comparison_k` (when there are more than two groups), `survival`, `survival_tests`,
/// `stage_change`, `null_models`.
pub fn compare_step(
    study: &Study,
    territory: &TerritoryInputs,
    nets: &[Network],
    results: &[NetworkResult],
    values: &[MeasureValue],
    stages: &StageResults,
    seed: u64,
) -> Vec<Table> {
    let cfg = &study.config;
    let rows = classify(
        &study.ptces,
        territory.grid.as_ref(),
        territory.column.as_ref(),
        &cfg.territory,
    );
    let groups = Groups::for_study(&rows, cfg.territory.grouping, &cfg.comparison);
    let mut tables = vec![territories_table(&rows)];
    tables.extend(territory_grid_table(
        territory.grid.as_ref(),
        &cfg.territory,
    ));
    // Stage durations keep the PTCEs still in the stage (censored): log-rank or Gray's test
    // instead of the rank tests; their rows follow the other measures, as `stage` sorts last.
    let durations = stage_durations(stages, &cfg.stages);
    let mut compared = compare_two_groups_rows(values, &groups, &cfg.comparison, seed);
    compared.extend(duration_rows(&durations, &groups, &cfg.comparison));
    tables.push(comparison_table(&compared));
    if groups.names.len() > 2 {
        tables.push(compare_k_groups_table(
            values,
            &durations,
            &groups,
            &cfg.comparison,
        ));
    }
    // `commune_density` (shipped geography, not INSEE's grid) is a covariate the models may use.
    let mut columns = territory.model_columns.clone();
    if cfg.models.covariates.iter().any(|c| c == COMMUNE_DENSITY)
        && !columns.contains_key(COMMUNE_DENSITY)
    {
        let density = rows
            .iter()
            .filter_map(|r| Some((r.ptce_id.clone(), format!("{}", r.place.commune_density?))))
            .collect();
        columns.insert(COMMUNE_DENSITY.to_string(), density);
    }
    tables.extend(super::models::models_step(
        values,
        &groups,
        &study.ptces,
        &columns,
        &cfg.models,
        cfg.comparison.level,
    ));
    // The event-history step, the survival tables and the stage changes run mostly on one
    // thread (the hazard models one after the other, the tables row by row): the null models,
    // parallel over networks, run beside them. Both sides are deterministic and collected in
    // their own order, so the tables do not depend on the thread count.
    let (stage_tables, null_rows) = rayon::join(
        || event_and_stage_tables(study, stages, values, &groups, territory),
        || null_model_rows(study, nets, results, seed),
    );
    tables.extend(stage_tables);
    tables.push(null_models_table(&null_rows));
    tables
}

/// The event-history tables, then `survival`, `survival_tests` and `stage_change`.
fn event_and_stage_tables(
    study: &Study,
    stages: &StageResults,
    values: &[MeasureValue],
    groups: &Groups,
    territory: &TerritoryInputs,
) -> Vec<Table> {
    let cfg = &study.config;
    let mut t = super::events::events_step(study, stages, values, groups, &territory.model_columns);
    let surv = survival_analysis(
        &entries(stages, &cfg.stages),
        groups,
        study.reference_date,
        cfg.comparison.level,
    );
    t.push(survival_table(&surv));
    t.push(survival_tests_table(&surv));
    let stage_ids: Vec<String> = cfg
        .stages
        .stages()
        .iter()
        .filter(|s| !s.optional())
        .map(|s| s.id().to_string())
        .collect();
    t.push(stage_change_table(
        values,
        &stage_ids,
        groups,
        &cfg.comparison,
    ));
    t
}

/// Rows of the null models of the `all` networks: G(n, m) and actor-type permutations, and the
/// degree-preserving null when the relational analyses are on.
fn null_model_rows(
    study: &Study,
    nets: &[Network],
    results: &[NetworkResult],
    seed: u64,
) -> Vec<crate::compare::NullRow> {
    // Null models on the `all` network of each PTCE (stage snapshots would multiply the cost
    // by the number of stages; docs/statistics.md), each in its canonical node order.
    let canon: Vec<(crate::network::Canonical, Vec<u32>)> = nets
        .iter()
        .filter(|n| n.snapshot == ALL)
        .map(|n| {
            let c = crate::network::canonical(n);
            let p = c.permute(&n.actor_partition());
            (c, p)
        })
        .collect();
    let null_inputs: Vec<NullNetwork<'_>> = nets
        .iter()
        .zip(results)
        .filter(|(n, _)| n.snapshot == ALL)
        .zip(&canon)
        .map(|((n, r), (c, p))| NullNetwork {
            ptce_id: &n.ptce_id,
            snapshot: &n.snapshot,
            graph: &c.graph,
            actor_type: p,
            modularity: r.network.as_ref().and_then(|s| s.modularity),
        })
        .collect();
    let mut null_rows =
        null_models(&null_inputs, study.config.comparison.null_samples, seed).unwrap_or_default();
    if study.config.relations.enabled {
        null_rows.extend(
            crate::compare::degree_preserving_nulls(
                &null_inputs,
                study.config.relations.degree_null_samples,
                study.config.relations.swaps_per_edge,
                seed,
            )
            .unwrap_or_default(),
        );
    }
    null_rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::{Date, PartialDate};
    use crate::stages::{StageSpan, Timeline};

    fn sample() -> Study {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample");
        let raw = crate::load::read_study(&dir).unwrap();
        crate::validate::validate(&raw).study.unwrap()
    }

    #[test]
    fn censored_ptces_enter_the_duration_comparison() {
        let study = sample();
        let stages = study.analyze_stages();
        let durations = stage_durations(&stages, &study.config.stages);
        // By hand from the timelines: one row per entered stage, ongoing = censored, with the
        // days of tables/stages.csv.
        let mut ongoing_s2 = Vec::new();
        for t in &stages.timelines {
            for s in t.spans.iter().filter(|s| s.status.entered()) {
                let row = durations
                    .iter()
                    .find(|d| d.ptce_id == t.ptce_id && d.stage == s.stage)
                    .unwrap();
                assert_eq!(row.days, s.duration_days().unwrap() as f64);
                assert_eq!(row.cause == CENSORED, s.status == StageStatus::Ongoing);
                assert_eq!(row.competing_risk, s.stage == "S1" || s.stage == "S2");
                if s.stage == "S2" && s.status == StageStatus::Ongoing {
                    ongoing_s2.push(t.ptce_id.clone());
                }
            }
        }
        assert!(!ongoing_s2.is_empty(), "the sample has PTCEs still in S2");
        let rows = classify(&study.ptces, None, None, &study.config.territory);
        let groups = Groups::for_study(
            &rows,
            study.config.territory.grouping,
            &study.config.comparison,
        );
        let cmp = duration_rows(&durations, &groups, &study.config.comparison);
        let s2 = cmp.iter().find(|r| r.snapshot == "S2").unwrap();
        let d = s2.durations.as_ref().unwrap();
        let in_groups = |ids: &[String]| {
            ids.iter()
                .filter(|p| groups.of_ptce.contains_key(*p))
                .count()
        };
        // The PTCEs still in S2 are in the comparison, as censored observations.
        assert_eq!(d.n_censored[0] + d.n_censored[1], in_groups(&ongoing_s2));
        let entered: Vec<String> = durations
            .iter()
            .filter(|x| x.stage == "S2")
            .map(|x| x.ptce_id.clone())
            .collect();
        assert_eq!(d.n[0] + d.n[1], in_groups(&entered));
        assert_eq!(d.test.as_str(), "gray");
        assert!(
            s2.status.starts_with("tested: Gray's test"),
            "{}",
            s2.status
        );
    }

    #[test]
    fn leaving_for_dissolution_before_the_formal_stage_competes() {
        let day = |y, m, d| Date::from_ymd(y, m, d).unwrap();
        let span = |stage: &str, entry: Option<Date>, end: Option<Date>, status| StageSpan {
            stage: stage.into(),
            first_event: entry.map(PartialDate::day),
            entry: entry.map(PartialDate::day),
            end,
            end_precision: None,
            status,
        };
        let reference = day(2025, 12, 31);
        let (s1, d, s3) = (day(2015, 1, 1), day(2016, 1, 1), day(2017, 1, 1));
        let timeline = |id: &str, spans| Timeline {
            ptce_id: id.into(),
            reference,
            spans,
            reached: None,
        };
        use StageStatus::{Completed, NotReached, Ongoing, Skipped};
        let mut stages = sample().analyze_stages();
        stages.timelines = vec![
            // S1 → D: competing exit of S1; D ongoing (censored, log-rank).
            timeline(
                "dissolved",
                vec![
                    span("S1", Some(s1), Some(d), Completed),
                    span("S2", None, None, NotReached),
                    span("S3", None, None, NotReached),
                    span("D", Some(d), Some(reference), Ongoing),
                ],
            ),
            // S1 → S3 (S2 skipped) → D: S1 left by an event; S3 left for D is an event too.
            timeline(
                "formal",
                vec![
                    span("S1", Some(s1), Some(s3), Completed),
                    span("S2", None, None, Skipped),
                    span("S3", Some(s3), Some(reference), Completed),
                    span("D", Some(reference), Some(reference), Ongoing),
                ],
            ),
        ];
        let got: Vec<(String, String, f64, u8, bool)> =
            stage_durations(&stages, &StageModel::default())
                .into_iter()
                .map(|r| (r.ptce_id, r.stage, r.days, r.cause, r.competing_risk))
                .collect();
        let s = |a: &str, b: &str, days: f64, cause: u8, c: bool| {
            (a.to_string(), b.to_string(), days, cause, c)
        };
        assert_eq!(
            got,
            vec![
                s("dissolved", "S1", 365.0, COMPETING, true),
                s("dissolved", "D", 3652.0, CENSORED, false),
                s("formal", "S1", 731.0, EVENT, true),
                s("formal", "S3", 3286.0, EVENT, false),
                s("formal", "D", 0.0, CENSORED, false),
            ]
        );
    }
}
