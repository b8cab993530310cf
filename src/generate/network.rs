//! Cooperation ties and joint activities of one PTCE, drawn from its members' spells.
//!
//! Ties densify over the stages: in each stage window the number of new ties is Poisson with
//! mean `tie_rate[stage] × present members` (× the rural factor), the pilot is one endpoint
//! more often than chance, and each tie lies inside both endpoints' spells. Tie kinds shift from
//! information and co-creation (S1) to pooling, staff and governance ties (S3).

use super::names::render;
use super::orgs::org_id;
use super::params::{sector_at, GenerateParams, TieHomophily};
use super::rng::Rng;
use super::timeline::{day, is_funder, Member, Timeline};
use crate::model::{Activity, Participation, Sector, Tie, TieKind};
use std::collections::HashSet;

/// Tie kind weights per stage window, in the order of [`TieKind::ALL`].
const KIND_MIX: [[f64; 8]; 3] = [
    [0.45, 0.25, 0.08, 0.07, 0.03, 0.05, 0.02, 0.05],
    [0.28, 0.24, 0.14, 0.08, 0.07, 0.09, 0.05, 0.05],
    [0.15, 0.16, 0.16, 0.10, 0.10, 0.10, 0.20, 0.03],
];

/// The stage windows `[start, end)` in days: S1, S2, S3 (absent when not reached).
fn windows(tl: &Timeline) -> [Option<(i32, i32)>; 3] {
    [
        Some((tl.t1, tl.t2.unwrap_or(tl.stop))),
        tl.t2.map(|t2| (t2, tl.t3.unwrap_or(tl.stop))),
        tl.t3.map(|t3| (t3, tl.stop)),
    ]
}

/// Draws the ties of a PTCE.
pub(crate) fn ties(
    p: &GenerateParams,
    rng: &mut Rng,
    tl: &Timeline,
    members: &[Member],
    ptce_id: &str,
) -> Vec<Tie> {
    let factor = if tl.rural {
        p.effects.tie_rate_factor
    } else {
        1.0
    };
    let mut seen: HashSet<(u32, u32, usize)> = HashSet::new();
    let mut ties = Vec::new();
    for (w, window) in windows(tl).into_iter().enumerate() {
        let Some((ws, we)) = window.filter(|(a, b)| b > a) else {
            continue;
        };
        // (member index, spell index) of the spells overlapping the window
        let present: Vec<(usize, usize)> = members
            .iter()
            .enumerate()
            .flat_map(|(i, m)| {
                m.spells
                    .iter()
                    .enumerate()
                    .filter(move |(_, s)| s.joined < we && s.left.is_none_or(|l| l > ws))
                    .map(move |(j, _)| (i, j))
            })
            .collect();
        let distinct = {
            let mut v: Vec<usize> = present.iter().map(|x| x.0).collect();
            v.dedup();
            v.len()
        };
        if distinct < 2 {
            continue;
        }
        let pilot_here: Vec<(usize, usize)> =
            present.iter().copied().filter(|x| x.0 == 0).collect();
        let count = rng.poisson(p.tie_rate[w] * distinct as f64 * factor);
        for _ in 0..count {
            for _attempt in 0..3 {
                let a = if !pilot_here.is_empty() && rng.chance(0.3) {
                    *rng.pick(&pilot_here)
                } else {
                    *rng.pick(&present)
                };
                let b = *rng.pick(&present);
                if a.0 == b.0 {
                    continue;
                }
                let (sa, sb) = (members[a.0].spells[a.1], members[b.0].spells[b.1]);
                let lo = ws.max(sa.joined).max(sb.joined);
                let left = match (sa.left, sb.left) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
                let hi = we.min(left.unwrap_or(i32::MAX));
                if hi - lo < 2 {
                    continue;
                }
                let start = lo + rng.below((hi - lo) as usize) as i32;
                let kind = rng.weighted(&KIND_MIX[w]);
                let (na, nb) = (members[a.0].num, members[b.0].num);
                if !seen.insert((na.min(nb), na.max(nb), kind)) {
                    break;
                }
                let end = match left {
                    Some(l) => Some(l),
                    None if rng.chance(0.1) && tl.close - start > 120 => {
                        Some(start + rng.range(90, i64::from(tl.close - start)) as i32)
                    }
                    None => None,
                };
                let weight = if rng.chance(0.7) {
                    1.0 + (4.0 * rng.f64() * rng.f64()).floor()
                } else {
                    (5.0 + 45.0 * rng.f64()).round() / 10.0
                };
                let (source, target) = if rng.chance(0.5) { (na, nb) } else { (nb, na) };
                ties.push(Tie {
                    ptce_id: ptce_id.to_string(),
                    source: org_id(source),
                    target: org_id(target),
                    kind: TieKind::ALL[kind],
                    start: day(start),
                    end: end.map(day),
                    weight,
                });
                break;
            }
        }
    }
    ties
}

/// Draws the ties of a PTCE exactly from a dyad-independent conditional-logit model with
/// homophily by actor type ([`TieHomophily`]): the PTCE draws its intercept α uniformly on
/// `[intercept − spread, intercept + spread]`, then every unordered pair of distinct members
/// (every two organizations with a membership, as in the `all` network) is tied, independently,
/// with probability `1 / (1 + exp(−(α + β · same_actor_type)))`. A tie starts on the first day
/// both members are present (the later of the two joins of the first overlapping spells; the
/// later first join when the spells never overlap, which validation then warns about), has one
/// kind drawn from the S1 mix and weight 1, and no end; dates do not matter to the `all`
/// snapshot the model describes.
pub(crate) fn homophily_ties(
    h: &TieHomophily,
    rng: &mut Rng,
    members: &[Member],
    ptce_id: &str,
) -> Vec<Tie> {
    let alpha = h.intercept + h.spread * (2.0 * rng.f64() - 1.0);
    let mut ties = Vec::new();
    for (i, a) in members.iter().enumerate() {
        for b in &members[i + 1..] {
            if a.num == b.num {
                continue;
            }
            let eta = alpha + if a.actor == b.actor { h.beta } else { 0.0 };
            if !rng.chance(1.0 / (1.0 + (-eta).exp())) {
                continue;
            }
            let overlap = a.spells.iter().find_map(|sa| {
                b.spells.iter().find_map(|sb| {
                    let lo = sa.joined.max(sb.joined);
                    let hi = match (sa.left, sb.left) {
                        (Some(x), Some(y)) => x.min(y),
                        (x, y) => x.or(y).unwrap_or(i32::MAX),
                    };
                    (lo < hi).then_some(lo)
                })
            });
            let first = |m: &Member| m.spells.iter().map(|s| s.joined).min().unwrap_or(0);
            let start = overlap.unwrap_or_else(|| first(a).max(first(b)));
            let kind = rng.weighted(&KIND_MIX[0]);
            ties.push(Tie {
                ptce_id: ptce_id.to_string(),
                source: org_id(a.num),
                target: org_id(b.num),
                kind: TieKind::ALL[kind],
                start: day(start),
                end: None,
                weight: 1.0,
            });
        }
    }
    ties
}

/// Activity name patterns and NAF codes per sector, in the order of [`Sector::ALL`].
const ACTIVITY_NAMES: [(&[&str], &[&str]); 10] = [
    (
        &[
            "Plateforme de rénovation énergétique {of_c}",
            "Centrale villageoise photovoltaïque",
            "Défi Familles à énergie positive",
            "Plan climat citoyen {of_c}",
        ],
        &["43.22B", "35.11Z", "71.12B"],
    ),
    (
        &[
            "Garage solidaire {of_c}",
            "Plateforme de mobilité solidaire",
            "Autopartage {of_c}",
            "Atelier d'autoréparation de vélos",
        ],
        &["45.20A", "49.39B", "77.11A"],
    ),
    (
        &[
            "Légumerie solidaire {of_c}",
            "Magasin de producteurs {of_c}",
            "Approvisionnement local de la restauration collective",
            "Conserverie coopérative",
            "Épicerie paysanne itinérante",
        ],
        &["10.39A", "47.11B", "56.29A"],
    ),
    (
        &[
            "Ressourcerie {of_c}",
            "Collecte et réemploi des textiles",
            "Recyclerie des matériaux du bâtiment",
            "Boutique de réemploi",
        ],
        &["38.32Z", "47.79Z", "38.11Z"],
    ),
    (
        &[
            "Chantier d'insertion en espaces verts",
            "Éco-pâturage {of_c}",
            "Filière bois local",
            "Gestion des espaces naturels sensibles",
        ],
        &["81.30Z", "02.20Z", "01.62Z"],
    ),
    (
        &[
            "Service d'aide à domicile mutualisé",
            "Conciergerie solidaire {of_c}",
            "Crèche associative",
            "Portage de repas à domicile",
            "Habitat inclusif {of_c}",
        ],
        &["88.10A", "88.91A", "88.99B"],
    ),
    (
        &[
            "Coopérative jeunesse de services",
            "Point information jeunesse {of_c}",
            "Chantiers jeunes {of_c}",
            "Accompagnement vers l'emploi des jeunes",
        ],
        &["88.99B", "85.59A"],
    ),
    (
        &[
            "Pépinière d'artisans {of_c}",
            "Atelier partagé de menuiserie",
            "Boutique des créateurs {of_c}",
            "Formation aux métiers d'art",
        ],
        &["16.23Z", "47.78C", "85.59A"],
    ),
    (
        &[
            "Festival {word}",
            "Tiers-lieu culturel {of_c}",
            "Résidences d'artistes",
            "Cinéma itinérant",
        ],
        &["90.01Z", "90.04Z", "59.14Z"],
    ),
    (
        &[
            "Groupement d'employeurs",
            "Centre de ressources partagé",
            "Bureau partagé {of_c}",
            "Formation des bénévoles",
        ],
        &["78.30Z", "82.11Z"],
    ),
];

/// Draws the joint activities of a formalized PTCE (none before S3) and their participants.
/// The first activity starts on the `first_joint_activity` event's day `fja` when there is one.
#[allow(clippy::too_many_arguments)]
pub(crate) fn activities(
    p: &GenerateParams,
    rng: &mut Rng,
    tl: &Timeline,
    members: &[Member],
    ptce_id: &str,
    ci: usize,
    focus: Sector,
    fja: Option<i32>,
) -> (Vec<Activity>, Vec<Participation>) {
    let (mut acts, mut parts) = (Vec::new(), Vec::new());
    let Some(t3) = tl.t3 else {
        return (acts, parts);
    };
    let first = fja.unwrap_or(t3 + rng.range(0, 180) as i32).min(tl.stop);
    let years_active = f64::from(tl.stop - first) / 365.0;
    let count = 1 + rng.poisson((p.activities_mean - 1.0) * (years_active / 3.0).min(1.0));
    let mut starts: Vec<i32> = (1..count)
        .map(|_| first + rng.below((tl.stop - first).max(1) as usize) as i32)
        .collect();
    starts.sort_unstable();
    starts.insert(0, first);
    for (j, start) in starts.into_iter().enumerate() {
        let sector = if rng.chance(0.4) {
            focus
        } else {
            sector_at(rng.weighted(p.effects.sector_weights(tl.rural)))
        };
        let (patterns, nafs) = ACTIVITY_NAMES[sector.index()];
        let mut name = {
            let pattern: &str = rng.pick::<&str>(patterns);
            render(pattern, rng, ci)
        };
        for _ in 0..3 {
            if !acts.iter().any(|a: &Activity| a.name == name) {
                break;
            }
            name = {
                let pattern: &str = rng.pick::<&str>(patterns);
                render(pattern, rng, ci)
            };
        }
        let naf_code = rng.chance(0.7).then(|| rng.pick(nafs).to_string());
        let end = match tl.dissolved {
            Some(x) if x > start => Some(x),
            _ if rng.chance(0.2) && tl.close - start > 400 => {
                Some(start + rng.range(180, i64::from(tl.close - start)) as i32)
            }
            _ => None,
        };
        let activity_id = format!("{ptce_id}-A{:02}", j + 1);
        let present: Vec<usize> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                m.spells
                    .iter()
                    .any(|s| s.joined <= start && s.left.is_none_or(|l| l > start))
            })
            .map(|(i, _)| i)
            .collect();
        if present.is_empty() {
            continue;
        }
        let k = (2 + rng.poisson(3.0)).min(present.len());
        let lead = if present[0] == 0 && rng.chance(0.4) {
            0
        } else {
            *rng.pick(&present)
        };
        let mut chosen = vec![lead];
        let mut tries = 0;
        while chosen.len() < k && tries < 50 {
            tries += 1;
            let x = *rng.pick(&present);
            if !chosen.contains(&x) {
                chosen.push(x);
            }
        }
        for (i, &mi) in chosen.iter().enumerate() {
            let role = if i == 0 {
                Some("porteur")
            } else if is_funder(members[mi].actor) && rng.chance(0.5) {
                Some("financeur")
            } else if rng.chance(0.1) {
                None
            } else {
                Some("partenaire")
            };
            parts.push(Participation {
                activity_id: activity_id.clone(),
                org_id: org_id(members[mi].num),
                role: role.map(str::to_string),
            });
        }
        acts.push(Activity {
            activity_id,
            ptce_id: ptce_id.to_string(),
            name,
            sector,
            naf_code,
            start: day(start),
            end: end.map(day),
        });
    }
    (acts, parts)
}
