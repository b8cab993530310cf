//! The formation process of one PTCE (domain.md §2): a pilot organization's initiative (S1), an
//! informal collective that grows (S2), a formal collective organization (S3), and for some a
//! dormancy or a dissolution; members who join progressively, leave and sometimes rejoin.
//!
//! Dates are handled as days since 1970-01-01 (`i32`) and turned into [`PartialDate`]s when the
//! records are built. Ties and activities are drawn in `network.rs` from the members' spells.

use super::events::{events, partial};
use super::names::{self, render, WORDS};
use super::network;
use super::orgs::{org_id, OrgPool};
use super::params::{sector_at, FormationHazards, GenerateParams};
use super::rng::{Rng, DOMAIN_PTCE};
use super::timeline::{day, is_funder, Member, Spell, Timeline};
use crate::date::{Date, PartialDate};
use crate::model::{
    Activity, ActorType, Event, EventType, LegalForm, Membership, Participation, Ptce, Role, Tie,
};

/// Everything generated for one PTCE, ready to be written.
pub(crate) struct PtceDraft {
    pub ptce: Ptce,
    pub memberships: Vec<Membership>,
    pub ties: Vec<Tie>,
    pub activities: Vec<Activity>,
    pub participations: Vec<Participation>,
    pub events: Vec<Event>,
}

/// Member actor-type weights (non-pilot), in the order of [`ActorType::ALL`].
const MEMBER_MIX: [f64; 10] = [0.10, 0.06, 0.33, 0.12, 0.03, 0.03, 0.17, 0.06, 0.07, 0.03];
/// Pilot actor-type weights when the pilot is not a local authority.
const PILOT_MIX: [f64; 10] = [0.0, 0.05, 0.60, 0.20, 0.0, 0.04, 0.03, 0.04, 0.0, 0.04];
/// Members who join during S1, whatever the arrival weights: the pilot's first partners.
const FIRST_PARTNERS: usize = 4;
/// Legal form weights of formalized PTCEs, in the order of [`LegalForm::ALL`].
const LEGAL_MIX: [f64; 9] = [0.48, 0.30, 0.05, 0.05, 0.02, 0.04, 0.03, 0.0, 0.03];

/// Simulates PTCE number `k` (0-based) from its own random stream.
pub(crate) fn simulate(p: &GenerateParams, k: usize, pool: &mut OrgPool) -> PtceDraft {
    let mut rng = Rng::stream(p.seed, DOMAIN_PTCE, k as u64);
    let rng = &mut rng;
    let rural = rng.chance(p.rural_share);
    let ci = if rural {
        names::URBAN.len() + rng.below(names::RURAL.len())
    } else {
        rng.below(names::URBAN.len())
    };
    let commune = names::commune(ci);
    let (_, dep) = names::department_of(commune);
    let focus = sector_at(rng.weighted(p.effects.sector_weights(rural)));
    let tl = timeline(p, rng, rural);
    let members = members(p, rng, &tl, pool, ci);
    let ptce_id = format!("PTCE-{:05}", k + 1);

    // With known hazards, S3 is the legal act itself (it must open S3 at t3).
    let has_legal = tl.t3.is_some() && (p.hazards.is_some() || rng.chance(0.85));
    let legal_form = match (tl.t3, has_legal) {
        (Some(_), true) => Some(LegalForm::ALL[rng.weighted(&LEGAL_MIX)]),
        (Some(_), false) => Some(LegalForm::None),
        (None, _) => (!rng.chance(0.1)).then_some(LegalForm::None),
    };
    let mut ties = match &p.tie_homophily {
        Some(h) => network::homophily_ties(h, rng, &members, &ptce_id),
        None => network::ties(p, rng, &tl, &members, &ptce_id),
    };
    ties.sort_by(|a, b| (a.start, &a.source, &a.target).cmp(&(b.start, &b.source, &b.target)));
    let (mut events, fja) = events(p, rng, &tl, has_legal, legal_form, &members);
    let (activities, participations) =
        network::activities(p, rng, &tl, &members, &ptce_id, ci, focus, fja);
    if let (Some(first), Some(e)) = (
        activities.first(),
        events
            .iter_mut()
            .find(|e| e.event == EventType::FirstJointActivity),
    ) {
        e.note = Some(first.name.clone());
    }
    let legal_event = events
        .iter()
        .any(|e| e.event == EventType::LegalEntityCreated);
    let legal_form = match legal_form {
        Some(f) if f != LegalForm::None && !legal_event => Some(LegalForm::None),
        f => f,
    };
    let founded = events
        .iter()
        .find(|e| e.event == EventType::LegalEntityCreated)
        .map(|e| {
            let d = e.date.first_day().days() + rng.range(-60, 60) as i32;
            partial(rng, d.min(p.end.days()), p.partial_dates, i32::MIN)
        });
    let name = ptce_name(rng, ci, focus.index());
    let mut memberships = members
        .iter()
        .flat_map(|m| m.spells.iter().map(move |s| (m.num, *s)))
        .map(|(num, s)| Membership {
            ptce_id: ptce_id.clone(),
            org_id: org_id(num),
            joined: if rng.chance(0.05) {
                month_of(s.joined)
            } else {
                day(s.joined)
            },
            left: s.left.map(day),
            role: s.role,
        })
        .collect::<Vec<Membership>>();
    memberships.sort_by_key(|m| (m.joined.first_day(), m.org_id.clone()));
    for e in events.iter_mut() {
        e.ptce_id.clone_from(&ptce_id);
    }
    events.sort_by_key(|e| (e.date, e.event.index()));
    PtceDraft {
        ptce: Ptce {
            ptce_id,
            name,
            commune_code: Some(commune.code.to_string()),
            department: Some(dep.code.to_string()),
            region: names::REGIONS.get(dep.region).map(|r| r.name.to_string()),
            density_level: Some(commune.dens7),
            legal_form,
            founded,
        },
        memberships,
        ties,
        activities,
        participations,
        events,
    }
}

fn timeline(p: &GenerateParams, rng: &mut Rng, rural: bool) -> Timeline {
    let end = p.end.days();
    let years: Vec<i32> = (p.first_year..=2025).collect();
    let weights: Vec<f64> = years.iter().map(|y| p.start_year_weight(*y)).collect();
    let year = years.get(rng.weighted(&weights)).copied().unwrap_or(2015);
    let jan1 = Date::from_ymd(year, 1, 1).map_or(end - 3650, |d| d.days());
    let t1 = (jan1 + rng.below(365) as i32).min(end - 180);
    if let Some(h) = &p.hazards {
        return hazard_timeline(h, rng, rural, t1, end);
    }
    let factor = if rural {
        p.effects.formalization_delay_factor
    } else {
        1.0
    };
    let d12 = months(rng.lognormal(p.s1_to_s2_months * factor, p.delay_sigma));
    let d23 = months(rng.lognormal(p.s2_to_s3_months * factor, p.delay_sigma));
    let stall1 = rng.chance(p.stall_in_s1);
    let stall2 = rng.chance(p.stall_in_s2);
    let t2 = (!stall1 && t1 + d12 <= end).then_some(t1 + d12);
    let t3 = t2.and_then(|t2| (!stall2 && t2 + d23 <= end).then_some(t2 + d23));
    let (mut dormant, mut dissolved) = (None, None);
    let (base, p_dormant, span) = match (t2, t3) {
        (_, Some(t3)) => (t3, p.dormancy, 8 * 365),
        (Some(t2), None) => (t2, p.dormancy / 2.0, 5 * 365),
        _ => (t1, 0.0, 0),
    };
    if rng.chance(p_dormant) {
        let d = base + rng.range(365, span) as i32;
        if d <= end {
            dormant = Some(d);
            if rng.chance(p.dissolution) {
                let x = d + rng.range(180, 900) as i32;
                dissolved = (x <= end).then_some(x);
            }
        }
    }
    Timeline {
        rural,
        t1,
        t2,
        t3,
        dormant,
        dissolved,
        stop: dormant.unwrap_or(end),
        close: dissolved.unwrap_or(end),
    }
}

/// The timeline under known hazards ([`FormationHazards`]): two exponential clocks from `t1`,
/// in whole days (rounded), the first to ring within the window happens.
fn hazard_timeline(
    h: &FormationHazards,
    rng: &mut Rng,
    rural: bool,
    t1: i32,
    end: i32,
) -> Timeline {
    let mut clock = |rate: f64| {
        let u = 1.0 - rng.f64(); // in (0, 1]
        (rate > 0.0).then(|| (-u.ln() / rate * DAYS_PER_YEAR).round())
    };
    let (f, d) = (
        clock(h.formalization_per_year),
        clock(h.dissolution_per_year),
    );
    let within = |x: Option<f64>| {
        x.filter(|x| f64::from(t1) + x <= f64::from(end))
            .map(|x| t1 + x as i32)
    };
    let (t3, gone) = match (within(f), within(d)) {
        (Some(t3), Some(g)) if g < t3 => (None, Some(g)),
        (Some(t3), _) => (Some(t3), None),
        (None, g) => (None, g),
    };
    Timeline {
        rural,
        t1,
        t2: t3.map(|t3| t1 + (t3 - t1) / 2),
        t3,
        dormant: None,
        dissolved: gone,
        stop: gone.unwrap_or(end),
        close: gone.unwrap_or(end),
    }
}

/// Days per year of the hazards' clocks.
const DAYS_PER_YEAR: f64 = 365.25;

fn members(
    p: &GenerateParams,
    rng: &mut Rng,
    tl: &Timeline,
    pool: &mut OrgPool,
    ci: usize,
) -> Vec<Member> {
    let sigma = p.members_sigma;
    let median = p.members_mean_for(tl.rural) * (-sigma * sigma / 2.0).exp();
    let (lo, hi) = p.members_range;
    let n = (rng.lognormal(median, sigma).round() as usize).clamp(lo, hi);
    let pilot_actor = if rng.chance(p.effects.pilot_local_authority(tl.rural)) {
        ActorType::LocalAuthority
    } else {
        ActorType::ALL[rng.weighted(&PILOT_MIX)]
    };
    let pilot = Member {
        num: pool.draw(rng, pilot_actor, ci),
        actor: pilot_actor,
        spells: vec![Spell {
            joined: tl.t1,
            left: tl.dissolved,
            role: Role::Pilot,
        }],
    };
    let mut members = vec![pilot];
    for i in 1..n {
        // The pilot first gathers a few partners (S1), then the others arrive by stage.
        let stage = if i <= FIRST_PARTNERS {
            0
        } else {
            rng.weighted(&p.arrival_by_stage)
        };
        let interval = match stage {
            0 => Some((tl.t1, tl.t2.unwrap_or(tl.stop))),
            1 => tl.t2.map(|t2| (t2, tl.t3.unwrap_or(tl.stop))),
            _ => tl.t3.map(|t3| (t3, (t3 + 6 * 365).min(tl.stop))),
        };
        let Some((a, b)) = interval.filter(|(a, b)| b - a > 1) else {
            continue;
        };
        let joined = a + 1 + (rng.f64().powf(1.3) * (b - a - 1) as f64) as i32;
        let actor = ActorType::ALL[rng.weighted(&MEMBER_MIX)];
        let mut num = pool.draw(rng, actor, ci);
        for _ in 0..4 {
            if !members.iter().any(|m| m.num == num) {
                break;
            }
            num = pool.draw(rng, actor, ci);
        }
        if members.iter().any(|m| m.num == num) {
            continue;
        }
        let mut spells = vec![Spell {
            joined,
            left: None,
            role: role(rng, tl, actor, joined),
        }];
        if rng.chance(p.leave) && tl.close - joined > 400 {
            let left = joined + rng.range(180, i64::from(tl.close - joined - 30)) as i32;
            spells[0].left = Some(left);
            let back = left + rng.range(180, 720) as i32;
            if rng.chance(p.rejoin) && back < tl.stop - 30 {
                spells.push(Spell {
                    joined: back,
                    left: None,
                    role: role(rng, tl, actor, back),
                });
            }
        }
        for s in spells.iter_mut() {
            if s.left.is_none() {
                s.left = tl.dissolved;
            }
        }
        members.push(Member { num, actor, spells });
    }
    members
}

/// Founder before formalization; after it, partner (often for funders) or member.
fn role(rng: &mut Rng, tl: &Timeline, actor: ActorType, joined: i32) -> Role {
    if tl.t3.is_none_or(|t3| joined < t3) {
        return Role::Founder;
    }
    let p_partner = if is_funder(actor) { 0.5 } else { 0.12 };
    if rng.chance(p_partner) {
        Role::Partner
    } else {
        Role::Member
    }
}

fn month_of(d: i32) -> PartialDate {
    let (y, m, _) = Date::from_days(d).ymd();
    PartialDate::from_parts(y, Some(m), None).unwrap_or_else(|| day(d))
}

fn months(m: f64) -> i32 {
    (m * 30.44).round() as i32
}

fn ptce_name(rng: &mut Rng, ci: usize, focus: usize) -> String {
    const THEMES: [&str; 10] = [
        "de la transition écologique",
        "des mobilités solidaires",
        "alimentaire",
        "du réemploi",
        "des éco-activités",
        "des services à la personne",
        "jeunesse et emploi",
        "des métiers d'art",
        "culturel",
        "de coopération",
    ];
    let pattern = match rng.below(7) {
        0 => "Pôle territorial de coopération économique {of_c}".to_string(),
        1 => "PTCE {word}".to_string(),
        2 => "{word}, pôle de coopération {of_c}".to_string(),
        3 => "Pôle ESS {of_c}".to_string(),
        4 => "Coopérative de territoire {of_c}".to_string(),
        5 => format!("Pôle {} {{of_c}}", THEMES.get(focus).unwrap_or(&THEMES[9])),
        _ => format!("{} ({{c}})", rng.pick(WORDS)),
    };
    render(&pattern, rng, ci)
}
