//! The dated skeleton of a generated PTCE (its timeline, its members and their spells, in days
//! since 1970-01-01), shared by the formation process (`process.rs`) and the draws of events
//! (`events.rs`), ties and activities (`network.rs`).

use crate::date::{Date, PartialDate};
use crate::model::{ActorType, Role};

/// One spell of membership, in days.
#[derive(Clone, Copy)]
pub(crate) struct Spell {
    pub joined: i32,
    pub left: Option<i32>,
    pub role: Role,
}

/// A member organization and its spells.
pub(crate) struct Member {
    pub num: u32,
    pub actor: ActorType,
    pub spells: Vec<Spell>,
}

/// The dated skeleton of a PTCE's history, in days.
pub(crate) struct Timeline {
    pub rural: bool,
    pub t1: i32,
    pub t2: Option<i32>,
    pub t3: Option<i32>,
    pub dormant: Option<i32>,
    pub dissolved: Option<i32>,
    /// No member joins and no tie or activity starts after this day (dormancy or the end).
    pub stop: i32,
    /// Spells are closed by this day at the latest (dissolution or the end).
    pub close: i32,
}

/// Local authorities, public agencies, foundations and mutuals: the usual funders.
pub(crate) fn is_funder(actor: ActorType) -> bool {
    matches!(
        actor,
        ActorType::LocalAuthority
            | ActorType::PublicAgency
            | ActorType::EssFoundation
            | ActorType::EssMutual
    )
}

/// Day `d` as an exact date.
pub(crate) fn day(d: i32) -> PartialDate {
    PartialDate::day(Date::from_days(d))
}
