//! Scenario tests of boundaries, practices and the three snapshot modes on one small PTCE whose
//! memberships and ties are checked by hand in the comments; and of [`analyze_stages`].

use super::*;
use crate::model::{Activity, ActorType, EventType, Membership, Role, Sector, Tie, TieKind};
use std::collections::BTreeMap;

use super::test_support::{d, day, ev};

/// A PTCE entering S1 on 2010-01-01, S2 on 2012-01-01, S3 on 2014-01-01; reference 2016-12-31.
/// Stage last days: S1 2011-12-31, S2 2013-12-31, S3 2016-12-31.
fn example() -> (
    Timeline,
    Vec<Membership>,
    Vec<Tie>,
    BTreeMap<String, ActorType>,
) {
    let events = [
        ev("P1", "2010-01-01", EventType::PilotInitiative),
        ev("P1", "2012-01-01", EventType::FirstCollectiveMeeting),
        ev("P1", "2014-01-01", EventType::LegalEntityCreated),
    ];
    let (t, _) = timeline("P1", &events, &StageModel::default(), day("2016-12-31"));
    let spell = |org: &str, joined: &str, left: Option<&str>, role| Membership {
        ptce_id: "P1".into(),
        org_id: org.into(),
        joined: d(joined),
        left: left.map(d),
        role,
    };
    let memberships = vec![
        // 0: O1, the pilot, joined before the first event.
        spell("O1", "2009-06-01", None, Role::Pilot),
        // 1, 2: O2 leaves in S2 and rejoins in S3.
        spell("O2", "2010-06-01", Some("2012-06-01"), Role::Founder),
        spell("O2", "2015-01-01", None, Role::Member),
        // 3, 4: O3 joins in S2, changes role on 2013-01-01 (touching spells), leaves in S3.
        spell("O3", "2012-03-01", Some("2013-01-01"), Role::Partner),
        spell("O3", "2013-01-01", Some("2014-06-01"), Role::Member),
        // 5: O4 joins on S3's entry day.
        spell("O4", "2014-01-01", None, Role::Member),
        // 6: O5 is a member for the single day 2013-01-01 (left == joined).
        spell("O5", "2013", Some("2013"), Role::Member),
        // A member of another PTCE, never counted.
        Membership {
            ptce_id: "P9".into(),
            ..spell("O1", "2000", None, Role::Pilot)
        },
    ];
    let tie = |s: &str, t: &str, kind, start: &str, end: Option<&str>| Tie {
        ptce_id: "P1".into(),
        source: s.into(),
        target: t.into(),
        kind,
        start: d(start),
        end: end.map(d),
        weight: 1.0,
    };
    let ties = vec![
        tie("O1", "O2", TieKind::Information, "2010-03", Some("2012-06")), // 0
        tie(
            "O1",
            "O3",
            TieKind::CoCreation,
            "2012-05",
            Some("2014-01-01"),
        ), // 1: ends on S3 entry
        tie("O1", "O4", TieKind::Governance, "2014-02", None),             // 2
        tie("O2", "O1", TieKind::Funding, "2009", Some("2010-01-01")),     // 3: before S1
    ];
    let types = BTreeMap::from([
        ("O1".to_string(), ActorType::EssAssociation),
        ("O2".to_string(), ActorType::LocalAuthority),
        ("O3".to_string(), ActorType::Company),
        ("O4".to_string(), ActorType::Company),
        ("O5".to_string(), ActorType::Citizen),
    ]);
    (t, memberships, ties, types)
}

#[test]
fn flows_count_a_member_that_leaves_and_rejoins() {
    let (t, memberships, _, types) = example();
    let rows = stage_flows(&t, &memberships, &types);
    assert_eq!(rows.len(), 3 * ActorType::ALL.len());
    let get = |stage: &str, a: ActorType| {
        let r = rows
            .iter()
            .find(|r| r.stage == stage && r.actor_type == a)
            .unwrap();
        (r.joined, r.left, r.present)
    };
    use ActorType::*;
    // S1 (everything up to 2011-12-31): O1 (joined 2009, counted in the first stage) and O2 join.
    assert_eq!(get("S1", EssAssociation), (1, 0, 1));
    assert_eq!(get("S1", LocalAuthority), (1, 0, 1));
    assert_eq!(get("S1", Company), (0, 0, 0));
    // S2 [2012-01-01, 2014-01-01): O2 leaves; O3 joins once (its role change is no departure);
    // O5 joins and leaves (out on 2013-01-02); on 2013-12-31 O1 and O3 are present.
    assert_eq!(get("S2", LocalAuthority), (0, 1, 0));
    assert_eq!(get("S2", Company), (1, 0, 1));
    assert_eq!(get("S2", Citizen), (1, 1, 0));
    assert_eq!(get("S2", EssAssociation), (0, 0, 1));
    // S3 [2014-01-01, 2016-12-31]: O2 rejoins (its second joining); O4 joins; O3 leaves.
    assert_eq!(get("S3", LocalAuthority), (1, 0, 1));
    assert_eq!(get("S3", Company), (1, 1, 1));
    assert_eq!(get("S3", EssAssociation), (0, 0, 1));
    // present = previous present + joined − left, for every actor type.
    for a in ActorType::ALL {
        let mut present = 0;
        for stage in ["S1", "S2", "S3"] {
            let (j, l, p) = get(stage, *a);
            present = present + j - l;
            assert_eq!(p, present, "{stage} {a}");
        }
    }
}

#[test]
fn founders_are_present_before_the_formal_stage() {
    let (t, memberships, _, types) = example();
    let f = founders(&t, &memberships, &StageModel::default());
    assert_eq!(
        (f.formal_stage.as_str(), f.formal_entry),
        ("S3", Some(d("2014-01-01")))
    );
    // O2 rejoined in S3 but first joined in S1: a founder. O4 joined on S3's entry day: it
    // signed the statutes, a founder by default, a later joiner under the former rule.
    assert_eq!(f.founders, ["O1", "O2", "O3", "O4", "O5"]);
    assert!(f.later_joiners.is_empty());
    let model = StageModel::default().with_founder_cut(crate::stages::FounderCut::Before);
    let f = founders(&t, &memberships, &model);
    assert_eq!(f.founders, ["O1", "O2", "O3", "O5"]);
    assert_eq!(f.later_joiners, ["O4"]);
    let rows = f.rows(&types);
    let company = rows
        .iter()
        .find(|r| r.actor_type == ActorType::Company)
        .unwrap();
    assert_eq!((company.founders, company.later_joiners), (1, 1));
    assert_eq!(pilot("P1", &memberships), (Some("O1".to_string()), None));
}

#[test]
fn practices_started_in_each_stage() {
    let (t, _, ties, _) = example();
    let activity = |id: &str, sector, start: &str| Activity {
        activity_id: id.into(),
        ptce_id: "P1".into(),
        name: id.into(),
        sector,
        naf_code: None,
        start: d(start),
        end: None,
    };
    let activities = [
        activity("A1", Sector::Food, "2011"),
        activity("A2", Sector::Culture, "2016-12-31"),
        activity("A3", Sector::Culture, "2017"), // after the reference date: not counted
    ];
    let rows = practices(&t, &ties, &activities);
    assert_eq!(rows.len(), 3 * (TieKind::ALL.len() + Sector::ALL.len()));
    let nonzero: Vec<(&str, &str, &str, usize)> = rows
        .iter()
        .filter(|r| r.count > 0)
        .map(|r| {
            (
                r.stage.as_str(),
                r.category_type.as_str(),
                r.category,
                r.count,
            )
        })
        .collect();
    assert_eq!(
        nonzero,
        [
            // The funding tie of 2009 predates S1: counted in the first entered stage.
            ("S1", "tie_kind", "information", 1),
            ("S1", "tie_kind", "funding", 1),
            ("S1", "activity_sector", "food", 1),
            ("S2", "tie_kind", "co_creation", 1),
            ("S3", "tie_kind", "governance", 1),
            ("S3", "activity_sector", "culture", 1),
        ]
    );
}

/// Indices of the selected items, to compare with the hand-made lists.
fn indices<T>(all: &[T], selected: &[&T]) -> Vec<usize> {
    selected
        .iter()
        .map(|s| all.iter().position(|a| std::ptr::eq(a, *s)).unwrap())
        .collect()
}

#[test]
fn the_three_snapshot_modes_by_hand() {
    let (t, memberships, ties, _) = example();
    let p1 = &memberships[..7];
    let select = |mode| -> Vec<(String, Vec<usize>, Vec<usize>)> {
        stage_windows(&t, mode)
            .into_iter()
            .map(|w| {
                let m = indices(p1, &active_members(p1, w.window));
                let e = indices(&ties, &active_ties(&ties, w.window));
                (w.stage, m, e)
            })
            .collect()
    };
    let s = |x: &str| x.to_string();
    // state — members and ties active on each stage's last day:
    // 2011-12-31: O1 (0), O2's first spell (1, until 2012-05-31); tie 0 (until 2012-05-31); tie 3
    //   ended 2010-01-01.
    // 2013-12-31: O1 (0), O3's second spell (4, until 2014-05-31); O2 is out between 2012-06-01 and
    //   2015-01-01; O5 was in on 2013-01-01 only; tie 1 (until 2013-12-31).
    // 2016-12-31: O1 (0), O2 back (2), O4 (5); O3 out since 2014-06-01; tie 2.
    assert_eq!(
        select(SnapshotMode::State),
        [
            (s("S1"), vec![0, 1], vec![0]),
            (s("S2"), vec![0, 4], vec![1]),
            (s("S3"), vec![0, 2, 5], vec![2])
        ]
    );
    // interval — active on any day of [entry, last day]:
    // S1 [2010-01-01, 2011-12-31]: spells 0, 1; tie 0 (tie 3 ends on 2010-01-01, its first day out).
    // S2 [2012-01-01, 2013-12-31]: 0, 1 (until 2012-05-31), 3, 4, 6 (2013-01-01); ties 0, 1.
    // S3 [2014-01-01, 2016-12-31]: 0, 2, 4 (until 2014-05-31), 5; tie 2 (tie 1 ended on 2014-01-01).
    assert_eq!(
        select(SnapshotMode::Interval),
        [
            (s("S1"), vec![0, 1], vec![0]),
            (s("S2"), vec![0, 1, 3, 4, 6], vec![0, 1]),
            (s("S3"), vec![0, 2, 4, 5], vec![2])
        ]
    );
    // cumulative — active on any day of [2010-01-01 (first entry), last day]: S1 as in interval
    // (the first entry is S1's); S2 is the union of S1 and S2 of interval, which here is S2 of
    // interval; S3 holds every spell of P1 and ties 0, 1, 2 (tie 3 ended on 2010-01-01).
    assert_eq!(
        select(SnapshotMode::Cumulative),
        [
            (s("S1"), vec![0, 1], vec![0]),
            (s("S2"), vec![0, 1, 3, 4, 6], vec![0, 1]),
            (s("S3"), vec![0, 1, 2, 3, 4, 5, 6], vec![0, 1, 2])
        ]
    );
    let w = stage_windows(&t, SnapshotMode::Cumulative);
    assert_eq!(
        (w[2].window.from(), w[2].window.to()),
        (day("2010-01-01"), day("2016-12-31"))
    );
    assert!(stage_windows(&t, SnapshotMode::State)
        .iter()
        .all(|w| w.window.is_instant()));
}

#[test]
fn analyze_stages_equals_the_functions_run_one_by_one() {
    let (t, memberships, ties, _) = example();
    let org = |id: &str, actor_type| crate::model::Organization {
        org_id: id.into(),
        name: id.into(),
        actor_type,
        naf_code: None,
        legal_category: None,
        siren: None,
        commune_code: None,
        employees: None,
        siret: None,
        rna: None,
        register: Default::default(),
    };
    let organizations = [
        org("O1", ActorType::EssAssociation),
        org("O2", ActorType::LocalAuthority),
        org("O3", ActorType::Company),
        org("O4", ActorType::Company),
        org("O5", ActorType::Citizen),
    ];
    // P9 has a pilot, no event, and a `founded` far from nothing (no legal entity: no check).
    let ptces = [
        crate::model::Ptce::bare("P9", Some("2001")),
        crate::model::Ptce::bare("P1", Some("2010")),
    ];
    let events = [
        ev("P1", "2014-01-01", EventType::LegalEntityCreated),
        ev("P1", "2010-01-01", EventType::PilotInitiative),
        ev("P1", "2012-01-01", EventType::FirstCollectiveMeeting),
    ];
    let inputs = StageInputs {
        ptces: &ptces,
        organizations: &organizations,
        memberships: &memberships,
        ties: &ties,
        activities: &[],
        events: &events,
    };
    let model = StageModel::default();
    let r = analyze_stages(&inputs, &model, day("2016-12-31"));
    assert_eq!(r.timelines[1], t);
    assert_eq!(r.timelines[0].reached, None);
    let types = actor_types(&organizations);
    assert_eq!(
        r.flows,
        stage_flows(&t, &memberships, &types),
        "P9 has no entered stage"
    );
    assert_eq!(r.practices, practices(&t, &ties, &[]));
    assert_eq!(r.founders.len(), 2 * ActorType::ALL.len());
    assert_eq!(r.stages.len(), 8);
    assert_eq!(r.windows, stage_windows(&t, SnapshotMode::State));
    let pilots: Vec<(&str, Option<&str>)> = r
        .pilots
        .iter()
        .map(|p| (p.ptce_id.as_str(), p.pilot.as_deref()))
        .collect();
    assert_eq!(pilots, [("P9", Some("O1")), ("P1", Some("O1"))]);
    // founded 2010 vs legal entity 2014-01-01: 1461 days apart.
    let kinds: Vec<WarningKind> = r.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, [WarningKind::FoundedMismatch]);
    assert_eq!(r.warnings[0].ptce_id, "P1");
}
