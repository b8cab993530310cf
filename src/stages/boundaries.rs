//! The boundaries of a PTCE along its stages: who joins, who leaves, who is present at the end of
//! each stage, by actor type; and who founded it (present before the formal stage) versus who
//! joined later.
//!
//! Membership spells are first merged per organization into continuous memberships: spells that
//! overlap or touch (one's `left` equals the next one's `joined`, e.g. a change of role) form one
//! membership, so that a change of role is not counted as a departure and a new arrival. An
//! organization that leaves and rejoins after a gap of at least one day has two memberships: it
//! is counted as joining twice and leaving once.

use super::model::{FounderCut, StageModel};
use super::snapshot::{overlaps, Window};
use super::timeline::Timeline;
use crate::date::{Date, PartialDate};
use crate::model::{ActorType, Membership, Organization};
use std::collections::BTreeMap;

/// One row of `tables/stage_flows.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowRow {
    pub ptce_id: String,
    pub stage: String,
    pub actor_type: ActorType,
    /// Continuous memberships that began during the stage.
    pub joined: usize,
    /// Continuous memberships that ended during the stage.
    pub left: usize,
    /// Organizations that are members on the stage's last day.
    pub present: usize,
}

/// The actor type of each organization, for [`stage_flows`] and [`Founders::rows`].
///
/// # Arguments
/// * `organizations` — the rows of `organizations.csv`.
///
/// # Returns
/// `org_id` → actor type.
///
/// # Complexity
/// O(n log n).
pub fn actor_types(organizations: &[Organization]) -> BTreeMap<String, ActorType> {
    organizations
        .iter()
        .map(|o| (o.org_id.clone(), o.actor_type))
        .collect()
}

/// A continuous membership: merged spells, `[start, end)` on calendar days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    start: Date,
    end: Option<Date>,
}

/// Continuous memberships of each organization of one PTCE, ordered by org_id then start.
fn runs<'a>(ptce_id: &str, memberships: &'a [Membership]) -> BTreeMap<&'a str, Vec<Run>> {
    let mut spells: BTreeMap<&str, Vec<Run>> = BTreeMap::new();
    for m in memberships.iter().filter(|m| m.ptce_id == ptce_id) {
        spells.entry(m.org_id.as_str()).or_default().push(Run {
            start: m.joined.first_day(),
            end: m
                .left
                .map(PartialDate::first_day)
                .map(|e| e.max(m.joined.first_day())),
        });
    }
    for list in spells.values_mut() {
        // Open spells sort last among those starting the same day.
        list.sort_by_key(|r| (r.start, r.end.is_none(), r.end));
        let mut merged: Vec<Run> = Vec::with_capacity(list.len());
        for r in list.drain(..) {
            match merged.last_mut() {
                Some(cur) if cur.end.is_none_or(|e| r.start <= e) => {
                    cur.end = match (cur.end, r.end) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        _ => None,
                    };
                }
                _ => merged.push(r),
            }
        }
        *list = merged;
    }
    spells
}

/// The first day without a membership `[start, end)`; a one-day membership (`end == start`)
/// is active on its start day, so it is out the day after.
fn exit_day(start: Date, end: Date) -> Date {
    if end == start {
        end.add_days(1)
    } else {
        end
    }
}

fn in_period(day: Date, from: Option<Date>, until: Date) -> bool {
    from.is_none_or(|f| f <= day) && day < until
}

/// Members joining, leaving and present in each entered stage of one PTCE, by actor type.
///
/// For an entered stage counted over `[entry, end)` (`[entry, reference]` for the ongoing stage;
/// the first entered stage also counts everything before its entry): `joined` counts continuous
/// memberships that began in it, `left` those that ended in it (`left` date in it), `present` the
/// organizations that are members on the stage's last day. So for each actor type,
/// `present = previous present + joined − left`, except around a stage entered and left the same
/// day (its last day is its entry day, and nothing is counted in its empty period).
///
/// # Arguments
/// * `timeline` — the PTCE's timeline.
/// * `memberships` — membership spells; those of other PTCEs are skipped.
/// * `actor_types` — from [`actor_types`]; an unknown organization (refused by validation) counts as `other`.
///
/// # Returns
/// For each entered stage in model order, one row per actor type in vocabulary order (zeros included).
///
/// # Complexity
/// O(m log m + s·(m + a)) for m spells, s stages and a actor types.
///
/// # Examples
/// ```
/// use std::collections::BTreeMap;
/// use ptce::date::{Date, PartialDate};
/// use ptce::model::{ActorType, Event, EventType, Membership, Role};
/// use ptce::stages::{stage_flows, timeline, StageModel};
/// let d = |s: &str| PartialDate::parse(s).unwrap();
/// let events = [Event { ptce_id: "P1".into(), date: d("2012"), event: EventType::PilotInitiative,
///                       note: None, source: None }];
/// let (t, _) = timeline("P1", &events, &StageModel::default(), Date::from_ymd(2015, 12, 31).unwrap());
/// let spells = [Membership { ptce_id: "P1".into(), org_id: "O1".into(), joined: d("2012-02"),
///                            left: None, role: Role::Pilot }];
/// let types = BTreeMap::from([("O1".to_string(), ActorType::EssAssociation)]);
/// let rows = stage_flows(&t, &spells, &types);
/// let row = rows.iter().find(|r| r.actor_type == ActorType::EssAssociation).unwrap();
/// assert_eq!((row.stage.as_str(), row.joined, row.left, row.present), ("S1", 1, 0, 1));
/// ```
pub fn stage_flows(
    timeline: &Timeline,
    memberships: &[Membership],
    actor_types: &BTreeMap<String, ActorType>,
) -> Vec<FlowRow> {
    let runs = runs(&timeline.ptce_id, memberships);
    let type_of = |org: &str| actor_types.get(org).copied().unwrap_or(ActorType::Other);
    let mut rows = Vec::new();
    for (span, from, until) in timeline.counting_periods() {
        let Some(last) = span.last_day() else {
            continue;
        };
        let n = ActorType::ALL.len();
        let (mut joined, mut left, mut present) = (vec![0; n], vec![0; n], vec![0; n]);
        for (org, list) in &runs {
            let t = type_of(org).index();
            joined[t] += list
                .iter()
                .filter(|r| in_period(r.start, from, until))
                .count();
            left[t] += list
                .iter()
                .filter(|r| {
                    r.end
                        .is_some_and(|e| in_period(exit_day(r.start, e), from, until))
                })
                .count();
            if list
                .iter()
                .any(|r| overlaps(r.start, r.end, Window::instant(last)))
            {
                present[t] += 1;
            }
        }
        rows.extend(ActorType::ALL.iter().map(|a| FlowRow {
            ptce_id: timeline.ptce_id.clone(),
            stage: span.stage.clone(),
            actor_type: *a,
            joined: joined[a.index()],
            left: left[a.index()],
            present: present[a.index()],
        }));
    }
    rows
}

/// Founders and later joiners of one PTCE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Founders {
    pub ptce_id: String,
    /// The formal stage: the last required stage of the model (S3 by default).
    pub formal_stage: String,
    /// Its entry, if the PTCE entered it.
    pub formal_entry: Option<PartialDate>,
    /// Organizations that joined before the formal stage's entry (all members up to the
    /// reference date if it was not entered), sorted.
    pub founders: Vec<String>,
    /// Organizations whose first joining is on or after that entry, sorted.
    pub later_joiners: Vec<String>,
}

/// One row of the founders table: PTCE × actor type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FounderRow {
    pub ptce_id: String,
    pub actor_type: ActorType,
    pub founders: usize,
    pub later_joiners: usize,
}

impl Founders {
    /// Counts by actor type, in vocabulary order (zeros included).
    ///
    /// # Arguments
    /// * `actor_types` — from [`actor_types`]; unknown organizations count as `other`.
    ///
    /// # Returns
    /// One [`FounderRow`] per actor type.
    ///
    /// # Complexity
    /// O(n log k + a) for n organizations, k known organizations and a actor types.
    pub fn rows(&self, actor_types: &BTreeMap<String, ActorType>) -> Vec<FounderRow> {
        let count = |orgs: &[String], a: ActorType| {
            orgs.iter()
                .filter(|o| actor_types.get(*o).copied().unwrap_or(ActorType::Other) == a)
                .count()
        };
        ActorType::ALL
            .iter()
            .map(|a| FounderRow {
                ptce_id: self.ptce_id.clone(),
                actor_type: *a,
                founders: count(&self.founders, *a),
                later_joiners: count(&self.later_joiners, *a),
            })
            .collect()
    }
}

/// Splits the members of one PTCE into founders and later joiners.
///
/// Founders are the organizations that took part in creating the formal collective organization:
/// one of their spells began on or before the entry of the model's formal stage (the last
/// required stage: S3, or `implementation` in Gray's model; any day of a partial entry date
/// counts), or strictly before its first day with `[stages] founders = "before"` (the former
/// rule). The others are later joiners. If the PTCE never
/// entered the formal stage, every member so far is a founder. Spells that begin after the
/// reference date are ignored.
///
/// # Arguments
/// * `timeline` — the PTCE's timeline, made with `model`.
/// * `memberships` — membership spells; those of other PTCEs are skipped.
/// * `model` — the stage model.
///
/// # Returns
/// The [`Founders`] of the PTCE.
///
/// # Complexity
/// O(m log m) for m spells.
pub fn founders(timeline: &Timeline, memberships: &[Membership], model: &StageModel) -> Founders {
    let formal = &model.stages()[model.formal_stage()];
    let formal_entry = timeline.span(formal.id()).and_then(|s| s.entry);
    // `on_or_before`: founders joined by the last day of the entry (the signers of the statutes
    // join on the day the legal entity is created); `before`: strictly before its first day.
    let cut = match (formal_entry, model.founder_cut()) {
        (None, _) => timeline.reference.add_days(1),
        (Some(e), FounderCut::OnOrBefore) => e.last_day().add_days(1),
        (Some(e), FounderCut::Before) => e.first_day(),
    };
    let mut first_joined: BTreeMap<&str, Date> = BTreeMap::new();
    for m in memberships.iter().filter(|m| m.ptce_id == timeline.ptce_id) {
        let j = m.joined.first_day();
        if j <= timeline.reference {
            let e = first_joined.entry(m.org_id.as_str()).or_insert(j);
            *e = (*e).min(j);
        }
    }
    let (mut founders, mut later_joiners) = (Vec::new(), Vec::new());
    for (org, j) in first_joined {
        if j < cut {
            founders.push(org.to_string());
        } else {
            later_joiners.push(org.to_string());
        }
    }
    Founders {
        ptce_id: timeline.ptce_id.clone(),
        formal_stage: formal.id().to_string(),
        formal_entry,
        founders,
        later_joiners,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;

    fn spell(org: &str, joined: &str, left: Option<&str>) -> Membership {
        Membership {
            ptce_id: "P1".into(),
            org_id: org.into(),
            joined: PartialDate::parse(joined).unwrap(),
            left: left.map(|l| PartialDate::parse(l).unwrap()),
            role: Role::Member,
        }
    }

    fn day(s: &str) -> Date {
        PartialDate::parse(s).unwrap().first_day()
    }

    #[test]
    fn spells_merge_when_they_touch_or_overlap() {
        let spells = [
            // O1: a change of role on 2015-01-01 (touching spells), then a gap, then back.
            spell("O1", "2014", Some("2015")),
            spell("O1", "2015", Some("2016")),
            spell("O1", "2017", None),
            // O2: overlapping spells, the second open.
            spell("O2", "2014", Some("2016")),
            spell("O2", "2015", None),
            // O3: an open spell swallows a later one.
            spell("O3", "2010", None),
            spell("O3", "2012", Some("2013")),
        ];
        let r = runs("P1", &spells);
        let run = |s: &str, e: Option<&str>| Run {
            start: day(s),
            end: e.map(day),
        };
        assert_eq!(r["O1"], vec![run("2014", Some("2016")), run("2017", None)]);
        assert_eq!(r["O2"], vec![run("2014", None)]);
        assert_eq!(r["O3"], vec![run("2010", None)]);
    }
}
