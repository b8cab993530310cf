//! Scenario tests of the timeline rules (`docs/stages.md`), one per rule of issue 4, and of a custom
//! stage model read from a `study.toml` fixture; expected values are worked out by hand in the
//! comments (day counts checked with Python's `datetime.date` subtraction).

use super::*;
use crate::date::Precision;
use crate::model::EventType;

use super::test_support::{d, day, ev};

fn statuses(t: &Timeline) -> Vec<&'static str> {
    t.spans.iter().map(|s| s.status.as_str()).collect()
}

fn kinds(w: &[StageWarning]) -> Vec<WarningKind> {
    w.iter().map(|w| w.kind).collect()
}

#[test]
fn partial_dates_stand_for_their_first_day_and_carry_precision() {
    let events = [
        ev("P1", "2012", EventType::PilotInitiative),
        ev("P1", "2013-03", EventType::FirstCollectiveMeeting),
        ev("P1", "2015-06-15", EventType::LegalEntityCreated),
    ];
    let (t, w) = timeline("P1", &events, &StageModel::default(), day("2020-12-31"));
    assert!(w.is_empty());
    let rows = t.rows();
    // S1: 2012-01-01 → 2013-03-01 = 425 days, known to the year (the coarser bound).
    assert_eq!(rows[0].entry.unwrap().to_string(), "2012");
    assert_eq!(rows[0].precision, Some(Precision::Year));
    assert_eq!(rows[0].end, Some(day("2013-03-01")));
    assert_eq!(
        (rows[0].duration_days, rows[0].duration_precision),
        (Some(425), Some(Precision::Year))
    );
    // S2: 2013-03-01 → 2015-06-15 = 836 days, known to the month.
    assert_eq!(
        (rows[1].duration_days, rows[1].duration_precision),
        (Some(836), Some(Precision::Month))
    );
    // S3: ongoing, 2015-06-15 → reference 2020-12-31 = 2026 days, known to the day.
    assert_eq!(rows[2].end, Some(day("2020-12-31")));
    assert_eq!(
        (rows[2].duration_days, rows[2].duration_precision),
        (Some(2026), Some(Precision::Day))
    );
    assert_eq!(
        statuses(&t),
        ["completed", "completed", "ongoing", "not_reached"]
    );
    assert_eq!(
        (rows[3].entry, rows[3].end, rows[3].duration_days),
        (None, None, None)
    );
    assert_eq!(t.reached_stage(), Some("S3"));
}

#[test]
fn the_entry_is_the_first_event_with_the_finest_precision_on_that_day() {
    // Three S2 events: 2014-03 and 2014-03-01 both stand for 2014-03-01; the day-precise one
    // pins the entry. 2014-05-20 is later. Input order must not matter.
    let mut events = vec![
        ev("P1", "2014-05-20", EventType::SteeringCommittee),
        ev("P1", "2014-03", EventType::CharterSigned),
        ev("P1", "2014-03-01", EventType::LetterOfIntent),
        ev("P1", "2013", EventType::PilotInitiative),
    ];
    let model = StageModel::default();
    let (t, _) = timeline("P1", &events, &model, day("2020-01-01"));
    assert_eq!(t.spans[1].entry, Some(d("2014-03-01")));
    assert_eq!(t.spans[1].entry.unwrap().precision(), Precision::Day);
    events.reverse();
    assert_eq!(timeline("P1", &events, &model, day("2020-01-01")).0, t);
}

#[test]
fn out_of_order_entries_are_moved_with_a_warning() {
    // S1 on 2014-05-01; S2's first event (2014-02-01) and S3's (2013) predate it: both entries
    // move to 2014-05-01, S1 and S2 last 0 days.
    let events = [
        ev("P1", "2014-05-01", EventType::PilotInitiative),
        ev("P1", "2014-02-01", EventType::CharterSigned),
        ev("P1", "2013", EventType::GovernanceInstalled),
    ];
    let (t, w) = timeline("P1", &events, &StageModel::default(), day("2018-12-31"));
    assert_eq!(
        kinds(&w),
        [WarningKind::StageOutOfOrder, WarningKind::StageOutOfOrder]
    );
    assert_eq!(w[0].stage.as_deref(), Some("S2"));
    assert_eq!(
        (w[0].date, w[0].other_date),
        (Some(d("2014-02-01")), Some(d("2014-05-01")))
    );
    assert!(
        w[0].message.contains("entry moved to 2014-05-01"),
        "{}",
        w[0].message
    );
    assert_eq!(
        (w[1].stage.as_deref(), w[1].date),
        (Some("S3"), Some(d("2013")))
    );
    assert_eq!(t.spans[1].first_event, Some(d("2014-02-01")));
    assert_eq!(t.spans[1].entry, Some(d("2014-05-01")));
    assert_eq!(t.spans[2].entry, Some(d("2014-05-01")));
    assert_eq!(t.spans[0].duration_days(), Some(0));
    assert_eq!(t.spans[1].duration_days(), Some(0));
    // A stage entered and left the same day is seen on its entry day.
    assert_eq!(t.spans[0].last_day(), Some(day("2014-05-01")));
    assert_eq!(
        statuses(&t),
        ["completed", "completed", "ongoing", "not_reached"]
    );
}

#[test]
fn a_stage_without_event_is_skipped_when_a_later_one_was_entered() {
    let events = [
        ev("P1", "2015", EventType::FirstCollectiveMeeting),
        ev("P1", "2017-09", EventType::GovernanceInstalled),
        ev("P2", "2011", EventType::PilotInitiative),
        ev("P2", "2016", EventType::LegalEntityCreated),
    ];
    let model = StageModel::default();
    let (t1, _) = timeline("P1", &events, &model, day("2020-01-01"));
    assert_eq!(
        statuses(&t1),
        ["skipped", "completed", "ongoing", "not_reached"]
    );
    assert_eq!(t1.first_entry(), Some(d("2015")));
    let (t2, _) = timeline("P2", &events, &model, day("2020-01-01"));
    assert_eq!(
        statuses(&t2),
        ["completed", "skipped", "ongoing", "not_reached"]
    );
    // S1 ends when the next *entered* stage (S3) begins.
    assert_eq!(t2.spans[0].end, Some(day("2016-01-01")));
}

#[test]
fn a_ptce_that_never_formalizes() {
    let events = [
        ev("P1", "2012", EventType::PilotInitiative),
        ev("P1", "2016-01-01", EventType::LetterOfIntent),
        ev("P1", "2018-04", EventType::Other),
    ];
    let (t, w) = timeline("P1", &events, &StageModel::default(), day("2024-12-31"));
    assert!(w.is_empty());
    assert_eq!(
        statuses(&t),
        ["completed", "ongoing", "not_reached", "not_reached"]
    );
    assert_eq!(t.reached_stage(), Some("S2"));
    // S1: 2012-01-01 → 2016-01-01 = 1461 days; S2: → 2024-12-31 = 3287 days (ongoing).
    assert_eq!(t.spans[0].duration_days(), Some(1461));
    assert_eq!(t.spans[1].duration_days(), Some(3287));
}

#[test]
fn events_of_type_other_open_nothing() {
    let (t, w) = timeline(
        "P1",
        &[ev("P1", "2005", EventType::Other)],
        &StageModel::default(),
        day("2024-12-31"),
    );
    assert!(w.is_empty());
    assert_eq!(statuses(&t), ["not_reached"; 4]);
    assert_eq!((t.reached, t.first_entry()), (None, None));
    assert!(stage_windows(&t, SnapshotMode::Cumulative).is_empty());
}

#[test]
fn dormant_ptces() {
    let model = StageModel::default();
    let reference = day("2024-12-31");
    // Dormant after S2: the formation sequence ends; S3 is not reached (not skipped).
    let events = [
        ev("P1", "2010", EventType::PilotInitiative),
        ev("P1", "2012", EventType::CharterSigned),
        ev("P1", "2016", EventType::Dormancy),
    ];
    let (t, w) = timeline("P1", &events, &model, reference);
    assert!(w.is_empty());
    assert_eq!(
        statuses(&t),
        ["completed", "completed", "not_reached", "ongoing"]
    );
    assert_eq!(t.spans[1].end, Some(day("2016-01-01")));
    assert_eq!(t.reached_stage(), Some("D"));
    // Dissolved after S3.
    let events = [
        ev("P2", "2010", EventType::PilotInitiative),
        ev("P2", "2012", EventType::CharterSigned),
        ev("P2", "2014", EventType::LegalEntityCreated),
        ev("P2", "2019-07-01", EventType::Dissolution),
    ];
    let (t, _) = timeline("P2", &events, &model, reference);
    assert_eq!(
        statuses(&t),
        ["completed", "completed", "completed", "ongoing"]
    );
    // A dormancy followed by a formation event is a pause, not an entry; a later dissolution is.
    let events = [
        ev("P3", "2010", EventType::PilotInitiative),
        ev("P3", "2015", EventType::Dormancy),
        ev("P3", "2017-03", EventType::LegalEntityCreated),
    ];
    let (t, w) = timeline("P3", &events, &model, reference);
    assert_eq!(kinds(&w), [WarningKind::StageResumed]);
    assert_eq!(
        (w[0].stage.as_deref(), w[0].date, w[0].other_date),
        (Some("D"), Some(d("2015")), Some(d("2017-03")))
    );
    assert_eq!(
        statuses(&t),
        ["completed", "skipped", "ongoing", "not_reached"]
    );
    let mut more = events.to_vec();
    more.push(ev("P3", "2021", EventType::Dissolution));
    let (t, _) = timeline("P3", &more, &model, reference);
    assert_eq!(t.span("D").unwrap().entry, Some(d("2021")));
    assert_eq!(t.reached_stage(), Some("D"));
}

#[test]
fn events_after_the_reference_date_are_ignored_with_a_warning() {
    let events = [
        ev("P1", "2012", EventType::PilotInitiative),
        ev("P1", "2024-12-31", EventType::CharterSigned), // on the reference date: kept
        ev("P1", "2025-01", EventType::LegalEntityCreated),
        ev("P1", "2026", EventType::Other), // opens nothing, so nothing to warn about
    ];
    let (t, w) = timeline("P1", &events, &StageModel::default(), day("2024-12-31"));
    assert_eq!(kinds(&w), [WarningKind::EventAfterReference]);
    assert_eq!(
        (w[0].ptce_id.as_str(), w[0].stage.as_deref(), w[0].date),
        ("P1", Some("S3"), Some(d("2025-01")))
    );
    assert!(
        w[0].to_string()
            .starts_with("PTCE `P1`, stage `S3`: event `legal_entity_created` dated 2025-01"),
        "{}",
        w[0]
    );
    assert_eq!(
        statuses(&t),
        ["completed", "ongoing", "not_reached", "not_reached"]
    );
    assert_eq!(t.spans[1].duration_days(), Some(0));
}

#[test]
fn timelines_group_events_like_timeline() {
    let events = [
        ev("P2", "2011", EventType::PilotInitiative),
        ev("P1", "2012", EventType::PilotInitiative),
        ev("P2", "2013", EventType::CharterSigned),
        ev("P2", "2030", EventType::Dormancy),
    ];
    let model = StageModel::default();
    let reference = day("2024-12-31");
    let (all, w) = timelines(&["P1", "P2", "P3"], &events, &model, reference);
    assert_eq!(all.len(), 3);
    for t in &all {
        assert_eq!(*t, timeline(&t.ptce_id, &events, &model, reference).0);
    }
    assert_eq!(kinds(&w), [WarningKind::EventAfterReference]);
    assert_eq!(all[2].reached, None);
}

#[test]
fn custom_model_from_study_toml() {
    let study: toml::Table =
        toml::from_str(include_str!("../../tests/fixtures/stages/study.toml")).unwrap();
    let model: StageModel = study["stages"].clone().try_into().unwrap();
    let ids: Vec<&str> = model.stages().iter().map(|s| s.id()).collect();
    assert_eq!(
        ids,
        ["problem_setting", "direction_setting", "implementation"]
    );
    assert_eq!(model.stages()[1].label_en(), "direction setting");
    assert_eq!(model.stages()[2].label_fr(), "mise en œuvre");
    assert_eq!(model.snapshot_mode(), SnapshotMode::Cumulative);
    assert_eq!(model.stage_of(EventType::FirstCollectiveMeeting), Some(0));
    assert_eq!(model.stage_of(EventType::Dormancy), None);
    // Applied: the first collective meeting now belongs to problem setting; dormancy opens nothing.
    let events = [
        ev("P1", "2011-09", EventType::FirstCollectiveMeeting),
        ev("P1", "2011-02", EventType::PilotInitiative),
        ev("P1", "2013", EventType::CharterSigned),
        ev("P1", "2016-06-30", EventType::LegalEntityCreated),
        ev("P1", "2019", EventType::Dormancy),
    ];
    let (t, w) = timeline("P1", &events, &model, day("2024-12-31"));
    assert!(w.is_empty());
    let rows = t.rows();
    let got: Vec<(&str, String, &str)> = rows
        .iter()
        .map(|r| {
            (
                r.stage.as_str(),
                r.entry.unwrap().to_string(),
                r.status.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("problem_setting", s("2011-02"), "completed"),
            ("direction_setting", s("2013"), "completed"),
            ("implementation", s("2016-06-30"), "ongoing"),
        ]
    );
    // The founders' cut is the last required stage: implementation.
    let f = founders(&t, &[], &model);
    assert_eq!(
        (f.formal_stage.as_str(), f.formal_entry),
        ("implementation", Some(d("2016-06-30")))
    );
    // The model's snapshot mode gives cumulative windows from the first entry.
    let windows = stage_windows(&t, model.snapshot_mode());
    // direction_setting ends when implementation begins (2016-06-30): its last day is 2016-06-29.
    assert_eq!(windows[1].window.from(), day("2011-02-01"));
    assert_eq!(windows[1].window.to(), day("2016-06-29"));

    fn s(x: &str) -> String {
        x.to_string()
    }
}

#[test]
fn joint_activity_and_funding_evidence_s2_and_the_former_rules_stay_reachable() {
    // S1 2015-01-10; a first joint activity 2016-02-01 (no S2 event before it); a collective
    // funding 2016-05-01; the legal entity 2017-03-15.
    let events = [
        ev("P1", "2015-01-10", EventType::PilotInitiative),
        ev("P1", "2016-02-01", EventType::FirstJointActivity),
        ev("P1", "2016-05-01", EventType::CollectiveFunding),
        ev("P1", "2017-03-15", EventType::LegalEntityCreated),
    ];
    let reference = day("2020-12-31");
    let (t, _) = timeline("P1", &events, &StageModel::default(), reference);
    // Default: the joint activity opens S2, the legal act opens S3.
    assert_eq!(t.span("S2").unwrap().entry, Some(d("2016-02-01")));
    assert_eq!(t.span("S3").unwrap().entry, Some(d("2017-03-15")));
    let study: toml::Table = toml::from_str(include_str!(
        "../../tests/fixtures/stages/former_rules.toml"
    ))
    .unwrap();
    let former: StageModel = study["stages"].clone().try_into().unwrap();
    assert_eq!(former.founder_cut(), FounderCut::Before);
    let (t, _) = timeline("P1", &events, &former, reference);
    // Former rules: the joint activity opened S3 and S2 was never entered.
    assert_eq!(t.span("S2").unwrap().entry, None);
    assert_eq!(t.span("S3").unwrap().entry, Some(d("2016-02-01")));
}
