//! The dated events of a PTCE's formation (domain.md §2): `pilot_initiative` (S1); the S2
//! events some months later; the S3 events (`legal_entity_created`, `governance_installed`,
//! `first_joint_activity`, `collective_funding`) once the collective formalizes; `dormancy` and
//! `dissolution` for some; an `other` event for laureates of the national calls for projects.

use super::params::GenerateParams;
use super::rng::Rng;
use super::timeline::{day, Member, Timeline};
use crate::date::{Date, PartialDate};
use crate::model::{Event, EventType, LegalForm};

const LEGAL_SOURCES: &[&str] = &[
    "statuts",
    "statuts",
    "Journal officiel",
    "greffe du tribunal",
];

const SOURCES: &[&str] = &[
    "compte rendu",
    "entretien",
    "rapport d'activité",
    "site web du pôle",
    "presse locale",
    "archives du pilote",
];

/// Events of the three stages, dormancy and dissolution; returns them with the date of the
/// `first_joint_activity` event, if any.
pub(crate) fn events(
    p: &GenerateParams,
    rng: &mut Rng,
    tl: &Timeline,
    has_legal: bool,
    legal_form: Option<LegalForm>,
    members: &[Member],
) -> (Vec<Event>, Option<i32>) {
    use EventType as E;
    // (stage, day, event, note)
    let mut raw: Vec<(u8, i32, EventType, Option<String>)> = Vec::new();
    let s1_notes = [
        "Diagnostic territorial commandé par la structure pilote",
        "Première réunion exploratoire à l'initiative du pilote",
        "Demande de financement d'amorçage",
        "Recrutement d'un chargé de mission",
    ];
    raw.push((
        1,
        tl.t1,
        E::PilotInitiative,
        Some(rng.pick(&s1_notes).to_string()),
    ));
    if let Some(t2) = tl.t2 {
        let opener = [
            E::FirstCollectiveMeeting,
            E::LetterOfIntent,
            E::SteeringCommittee,
        ][rng.weighted(&[0.8, 0.1, 0.1])];
        let present = members
            .iter()
            .filter(|m| m.spells.iter().any(|s| s.joined <= t2))
            .count();
        let note = match opener {
            E::FirstCollectiveMeeting if present > 1 => {
                format!("{present} structures présentes")
            }
            E::FirstCollectiveMeeting => "Réunion ouverte aux structures du territoire".to_string(),
            _ => "Réunion fondatrice du collectif".to_string(),
        };
        raw.push((2, t2, opener, Some(note)));
        let span = tl.t3.unwrap_or(tl.stop) - t2;
        for e in [E::LetterOfIntent, E::CharterSigned, E::SteeringCommittee] {
            if e != opener && span > 2 && rng.chance(0.55) {
                raw.push((2, t2 + 1 + rng.below(span as usize - 1) as i32, e, None));
            }
        }
    }
    let mut fja = None;
    if let Some(t3) = tl.t3 {
        let mut opener = [
            E::LegalEntityCreated,
            E::FirstJointActivity,
            E::CollectiveFunding,
        ][rng.weighted(&[0.6, 0.25, 0.15])];
        if opener == E::LegalEntityCreated && !has_legal {
            opener = E::FirstJointActivity;
        }
        // Known hazards: the legal act opens S3 at t3 (the draw above is kept, so that the
        // default process is unchanged).
        if p.hazards.is_some() {
            opener = E::LegalEntityCreated;
        }
        raw.push((3, t3, opener, None));
        let legal_day = if opener == E::LegalEntityCreated {
            Some(t3)
        } else if has_legal {
            Some(t3 + rng.range(30, 540) as i32)
        } else {
            None
        };
        if let Some(d) = legal_day.filter(|d| *d != t3 && *d <= tl.stop) {
            raw.push((3, d, E::LegalEntityCreated, None));
        }
        if rng.chance(0.8) {
            let d = legal_day.unwrap_or(t3) + rng.range(0, 180) as i32;
            let note = match legal_form {
                Some(LegalForm::Scic) | Some(LegalForm::Scop) => "Conseil coopératif installé",
                Some(LegalForm::None) | None => "Comité de coopération installé",
                _ => "Conseil d'administration collégial installé",
            };
            if d <= tl.stop {
                raw.push((3, d, E::GovernanceInstalled, Some(note.to_string())));
            }
        }
        if opener == E::FirstJointActivity {
            fja = Some(t3);
        } else if rng.chance(0.85) {
            let d = t3 + rng.range(15, 365) as i32;
            if d <= tl.stop {
                raw.push((3, d, E::FirstJointActivity, None));
                fja = Some(d);
            }
        }
        let funding_notes = [
            "Financement mutualisé obtenu (programme LEADER)",
            "Subvention régionale de fonctionnement",
            "Lauréat d'un appel à projets de la fondation partenaire",
            "Fonds de revitalisation",
        ];
        if opener != E::CollectiveFunding && rng.chance(0.6) {
            let d = t3 + rng.range(30, 720) as i32;
            if d <= tl.stop {
                let note = rng.pick(&funding_notes).to_string();
                raw.push((3, d, E::CollectiveFunding, Some(note)));
            }
        } else if opener == E::CollectiveFunding {
            if let Some(r) = raw.iter_mut().find(|r| r.2 == E::CollectiveFunding) {
                r.3 = Some(rng.pick(&funding_notes).to_string());
            }
        }
    }
    if rng.chance(0.25) {
        let years: Vec<i32> = [2013, 2015, 2021, 2025]
            .into_iter()
            .filter(|y| {
                Date::from_ymd(*y, 10, 1).is_some_and(|d| d.days() > tl.t1 && d.days() < tl.stop)
            })
            .collect();
        if !years.is_empty() {
            let y = *rng.pick(&years);
            let d = Date::from_ymd(y, 10, 1).map_or(tl.t1, |d| d.days()) + rng.below(60) as i32;
            if d <= tl.stop {
                let note = format!("Lauréat de l'appel à projets national PTCE {y}");
                raw.push((4, d, E::Other, Some(note)));
            }
        }
    }
    if let Some(d) = tl.dormant {
        let note = "Plus de réunion du collectif depuis le départ du chargé de mission";
        raw.push((5, d, E::Dormancy, Some(note.to_string())));
    }
    if let Some(d) = tl.dissolved {
        let note = "Dissolution votée en assemblée générale";
        raw.push((6, d, E::Dissolution, Some(note.to_string())));
    }
    // Partial dates only where rounding down keeps the stages in order.
    let mut events = Vec::with_capacity(raw.len());
    for (stage, d, event, note) in &raw {
        let floor = raw
            .iter()
            .filter(|r| r.0 < *stage && r.0 != 4)
            .map(|r| r.1)
            .max()
            .unwrap_or(i32::MIN);
        let floor = if *stage == 4 { tl.t1 } else { floor };
        let sources = if *event == E::LegalEntityCreated {
            LEGAL_SOURCES
        } else {
            SOURCES
        };
        let source = (!rng.chance(0.15)).then(|| rng.pick(sources).to_string());
        events.push(Event {
            ptce_id: String::new(),
            date: partial(rng, *d, p.partial_dates, floor),
            event: *event,
            note: note.clone(),
            source,
        });
    }
    (events, fja)
}

/// The date of day `d`, written with month or year precision with probability `share` when
/// its first day stays after `floor`.
pub(crate) fn partial(rng: &mut Rng, d: i32, share: f64, floor: i32) -> PartialDate {
    if rng.chance(share) {
        let (y, m, _) = Date::from_days(d).ymd();
        let coarse = if rng.chance(0.7) {
            PartialDate::from_parts(y, Some(m), None)
        } else {
            PartialDate::from_parts(y, None, None)
        };
        if let Some(c) = coarse.filter(|c| c.first_day().days() > floor) {
            return c;
        }
    }
    day(d)
}
