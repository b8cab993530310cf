//! The pilot organization of a PTCE, and the consistency of its founding date.
//!
//! A PTCE's creation begins with a pilot (leading) organization (Saniossian, Lecocq & Beaucourt
//! 2022). The data name it through the role `pilot` of a membership spell.

use super::{StageWarning, WarningKind};
use crate::date::PartialDate;
use crate::model::{Event, EventType, Membership, Ptce, Role};
use std::collections::BTreeMap;

/// Largest accepted gap, in days, between `founded` and the first `legal_entity_created` event.
pub const FOUNDED_TOLERANCE_DAYS: i64 = 365;

/// The pilot organization of one PTCE.
///
/// The pilot is the organization of a spell with the role `pilot`. With several, analyses take the
/// earliest-joined one (earliest first day of its pilot spells; ties broken by the smallest
/// `org_id`) and a warning lists them all; with none, a warning says so. One organization with
/// several pilot spells (it left and rejoined) is one pilot.
///
/// # Arguments
/// * `ptce_id` — the PTCE; spells of other PTCEs are skipped.
/// * `memberships` — membership spells (any order).
///
/// # Returns
/// The pilot's `org_id` (if any) and the warning (if no pilot or several).
///
/// # Complexity
/// O(m log m) for m spells.
///
/// # Examples
/// ```
/// use ptce::date::PartialDate;
/// use ptce::model::{Membership, Role};
/// use ptce::stages::pilot;
/// let spell = |org: &str, joined: &str, role| Membership {
///     ptce_id: "P1".into(), org_id: org.into(),
///     joined: PartialDate::parse(joined).unwrap(), left: None, role,
/// };
/// let spells = [spell("O2", "2014", Role::Pilot), spell("O1", "2013-06", Role::Member)];
/// assert_eq!(pilot("P1", &spells), (Some("O2".to_string()), None));
/// let (two, warning) = pilot("P1", &[spells[0].clone(), spell("O3", "2012", Role::Pilot)]);
/// assert_eq!(two.as_deref(), Some("O3"));
/// assert_eq!(warning.unwrap().kind.as_str(), "several_pilots");
/// ```
pub fn pilot(ptce_id: &str, memberships: &[Membership]) -> (Option<String>, Option<StageWarning>) {
    // Earliest pilot spell of each pilot organization, ordered by org_id.
    let mut pilots: BTreeMap<&str, PartialDate> = BTreeMap::new();
    for m in memberships
        .iter()
        .filter(|m| m.ptce_id == ptce_id && m.role == Role::Pilot)
    {
        let e = pilots.entry(m.org_id.as_str()).or_insert(m.joined);
        if m.joined.first_day() < e.first_day() {
            *e = m.joined;
        }
    }
    // BTreeMap order breaks ties by the smallest org_id; `min_by_key` keeps the first minimum.
    let chosen = pilots
        .iter()
        .min_by_key(|(_, joined)| joined.first_day())
        .map(|(org, joined)| (org.to_string(), *joined));
    let warning = match (pilots.len(), &chosen) {
        (0, _) => Some(StageWarning {
            ptce_id: ptce_id.to_string(),
            kind: WarningKind::NoPilot,
            stage: None,
            date: None,
            other_date: None,
            message: "no membership has the role `pilot`: analyses that need the pilot organization leave it empty".into(),
        }),
        (1, _) | (_, None) => None,
        (n, Some((org, joined))) => {
            let list: Vec<String> = pilots.iter().map(|(o, j)| format!("`{o}` (joined {j})")).collect();
            Some(StageWarning {
                ptce_id: ptce_id.to_string(),
                kind: WarningKind::SeveralPilots,
                stage: None,
                date: Some(*joined),
                other_date: None,
                message: format!(
                    "{n} organizations have the role `pilot`: {}; analyses take the earliest-joined, `{org}`",
                    list.join(", ")
                ),
            })
        }
    };
    (chosen.map(|(org, _)| org), warning)
}

/// Checks `founded` of `ptces.csv` against the PTCE's first `legal_entity_created` event.
///
/// Both dates stand for their first day (`docs/stages.md`); a gap of more than
/// [`FOUNDED_TOLERANCE_DAYS`] days either way gives a warning. Nothing to check when either is
/// missing.
///
/// # Arguments
/// * `ptce` — the PTCE's row.
/// * `events` — dated events; those of other PTCEs are skipped.
///
/// # Returns
/// A [`WarningKind::FoundedMismatch`] warning, or `None`.
///
/// # Complexity
/// O(n) for n events.
pub fn check_founded(ptce: &Ptce, events: &[Event]) -> Option<StageWarning> {
    let founded = ptce.founded?;
    let legal = events
        .iter()
        .filter(|e| e.ptce_id == ptce.ptce_id && e.event == EventType::LegalEntityCreated)
        .map(|e| e.date)
        .min_by_key(|d| d.first_day())?;
    // A partial date is the span of its days: the gap runs between the nearest days of the two
    // spans (0 when they overlap), so `founded = 2016` matches an event of 2017-02-07 (38 days).
    let gap = if founded.last_day() < legal.first_day() {
        i64::from(founded.last_day().days_until(legal.first_day()))
    } else if legal.last_day() < founded.first_day() {
        i64::from(legal.last_day().days_until(founded.first_day()))
    } else {
        0
    };
    if gap.abs() <= FOUNDED_TOLERANCE_DAYS {
        return None;
    }
    Some(StageWarning {
        ptce_id: ptce.ptce_id.clone(),
        kind: WarningKind::FoundedMismatch,
        stage: None,
        date: Some(founded),
        other_date: Some(legal),
        message: format!(
            "`founded` ({founded}) and the first `legal_entity_created` event ({legal}) are {} days apart (more than {FOUNDED_TOLERANCE_DAYS})",
            gap.abs()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::test_support::{d, ev};

    fn spell(ptce: &str, org: &str, joined: &str, role: Role) -> Membership {
        Membership {
            ptce_id: ptce.into(),
            org_id: org.into(),
            joined: d(joined),
            left: None,
            role,
        }
    }

    #[test]
    fn no_pilot() {
        let spells = [
            spell("P1", "O1", "2014", Role::Founder),
            spell("P2", "O2", "2014", Role::Pilot),
        ];
        let (p, w) = pilot("P1", &spells);
        assert_eq!(p, None);
        let w = w.unwrap();
        assert_eq!((w.kind, w.ptce_id.as_str()), (WarningKind::NoPilot, "P1"));
    }

    #[test]
    fn two_pilots_earliest_joined_then_smallest_id() {
        // O9 joined 2013-02-01 (day), O5 on 2013-02 (= 2013-02-01): same first day, so the
        // smallest id, O5, is taken. O1 is a pilot only of another PTCE.
        let spells = [
            spell("P1", "O9", "2013-02-01", Role::Pilot),
            spell("P1", "O5", "2013-02", Role::Pilot),
            spell("P1", "O7", "2015", Role::Pilot),
            spell("P2", "O1", "2001", Role::Pilot),
        ];
        let (p, w) = pilot("P1", &spells);
        assert_eq!(p.as_deref(), Some("O5"));
        let w = w.unwrap();
        assert_eq!(w.kind, WarningKind::SeveralPilots);
        assert!(w.message.starts_with("3 organizations"), "{}", w.message);
        assert!(w.message.contains("`O7` (joined 2015)"), "{}", w.message);
    }

    #[test]
    fn a_pilot_that_rejoined_is_one_pilot() {
        let mut first = spell("P1", "O1", "2012", Role::Pilot);
        first.left = Some(d("2013"));
        let spells = [spell("P1", "O1", "2016", Role::Pilot), first];
        assert_eq!(pilot("P1", &spells), (Some("O1".to_string()), None));
    }

    #[test]
    fn founded_against_legal_entity() {
        let ptce = |founded: Option<&str>| Ptce::bare("P1", founded);
        let ev = |date: &str, event| ev("P1", date, event);
        let events = [
            ev("2016-06-01", EventType::LegalEntityCreated),
            ev("2019-01-01", EventType::LegalEntityCreated),
            ev("2010", EventType::CharterSigned),
        ];
        // 2015-06-01 → 2016-06-01 is 366 days (2016 is a leap year): warned.
        let w = check_founded(&ptce(Some("2015-06-01")), &events).unwrap();
        assert_eq!(w.kind, WarningKind::FoundedMismatch);
        assert_eq!(
            (w.date, w.other_date),
            (Some(d("2015-06-01")), Some(d("2016-06-01")))
        );
        assert!(w.message.contains("366 days"), "{}", w.message);
        // 2015-06-02 → 2016-06-01 is 365 days: accepted. Later events do not count.
        assert_eq!(check_founded(&ptce(Some("2015-06-02")), &events), None);
        // Founded after the event by 366 days: warned too.
        assert!(check_founded(&ptce(Some("2017-06-02")), &events).is_some());
        // A partial date is the span of its days: 2016 contains the event.
        assert_eq!(check_founded(&ptce(Some("2016")), &events), None);
        // Measured from the nearest day: 2015 ends 2015-12-31, 153 days before 2016-06-01;
        // 2014 ends 2014-12-31, 518 days before (warned, with that gap).
        assert_eq!(check_founded(&ptce(Some("2015")), &events), None);
        let w = check_founded(&ptce(Some("2014")), &events).unwrap();
        assert!(w.message.contains("518 days"), "{}", w.message);
        // The generator's case (property tests): founded 2016, legal entity 2017-02-07.
        let late = [ev("2017-02-07", EventType::LegalEntityCreated)];
        assert_eq!(check_founded(&ptce(Some("2016")), &late), None);
        assert_eq!(check_founded(&ptce(None), &events), None);
        assert_eq!(check_founded(&ptce(Some("2000")), &events[2..]), None);
    }
}
