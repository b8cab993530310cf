//! SIRENE enrichment (`[enrich]` in `study.toml`, issue 19): fills the missing facts of the
//! members from INSEE's register of legal units (`StockUniteLegale`) and, optionally, of
//! establishments (`StockEtablissement`), and lists every value filled and every disagreement.
//!
//! Pure: the register's rows, already filtered on the study's SIRENs by
//! `crate::load::sirene`, come in; the organizations are updated in place and the listing of
//! `tables/enrichment.csv` comes out. The researcher's own values always win.

pub mod actor;

use crate::date::PartialDate;
use crate::model::{headcount_band, Organization};
pub use actor::ActorTable;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `[enrich]` options of `study.toml` (`docs/data-format.md` § Enrichment).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EnrichConfig {
    /// The stock of legal units (`StockUniteLegale`, Parquet or CSV, zipped or not); relative
    /// to the study folder, or absolute.
    pub sirene: Option<String>,
    /// The stock of establishments (`StockEtablissement`): SIRET → commune.
    pub sirene_establishments: Option<String>,
    /// Overrides of the legal category → actor type table ([`actor`]).
    pub actor_types: BTreeMap<String, String>,
}

impl EnrichConfig {
    /// No `[enrich]` section (or an empty one).
    pub fn is_unused(&self) -> bool {
        *self == EnrichConfig::default()
    }
}

/// Columns read from `StockUniteLegale`, in this order (INSEE's names).
pub const LEGAL_UNIT_COLUMNS: &[&str] = &[
    "siren",
    "activitePrincipaleUniteLegale",
    "nomenclatureActivitePrincipaleUniteLegale",
    "categorieJuridiqueUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "trancheEffectifsUniteLegale",
    "dateCreationUniteLegale",
    "etatAdministratifUniteLegale",
    "dateDebut",
];

/// Columns read from `StockEtablissement`, in this order.
pub const ESTABLISHMENT_COLUMNS: &[&str] = &["siret", "codeCommuneEtablissement"];

/// Rows of a register filtered on the study's keys: key (SIREN or SIRET) → the cells of the
/// columns asked for, in their order (the key included, first).
pub type RegisterRows = BTreeMap<String, Vec<String>>;

/// One line of `tables/enrichment.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrichmentRow {
    pub org_id: String,
    pub siren: String,
    /// Column of `organizations` (`naf_code`, `actor_type`…), or `siren` for a SIREN not found.
    pub field: String,
    /// The researcher's value (empty when missing).
    pub given: String,
    /// The register's value (or the derived actor type).
    pub sirene: String,
    /// The value kept.
    pub used: String,
    /// `filled`, `differs: researcher's value kept`, `not found`, or why a value was not used.
    pub note: String,
}

/// A problem found while enriching, for the validation report (located by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub org_id: String,
    /// The column of `organizations` the finding is about.
    pub field: &'static str,
    /// `true`: the study is unusable (an actor type that cannot be derived).
    pub error: bool,
    pub message: String,
}

/// What [`enrich`] returns besides the updated organizations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enriched {
    /// The rows of `tables/enrichment.csv`, by organization then field.
    pub rows: Vec<EnrichmentRow>,
    pub findings: Vec<Finding>,
}

/// The facts of one legal unit as the register gives them, cleaned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Unit {
    naf: Option<String>,
    naf_nomenclature: String,
    category: Option<String>,
    ess: Option<bool>,
    band: Option<String>,
    created: Option<PartialDate>,
    active: Option<bool>,
    since: Option<PartialDate>,
}

fn cell(row: &[String], i: usize) -> Option<&str> {
    row.get(i).map(|s| s.trim()).filter(|s| !s.is_empty())
}

impl Unit {
    fn from_row(row: &[String]) -> Unit {
        let date = |i| cell(row, i).and_then(|s| PartialDate::parse(s).ok());
        Unit {
            naf: cell(row, 1).map(str::to_string),
            naf_nomenclature: cell(row, 2).unwrap_or("").to_string(),
            category: cell(row, 3).map(str::to_string),
            ess: cell(row, 4).map(|s| s.eq_ignore_ascii_case("O")),
            band: cell(row, 5).and_then(|s| headcount_band(s).ok()),
            created: date(6),
            active: cell(row, 7).map(|s| !s.eq_ignore_ascii_case("C")),
            since: date(8),
        }
    }
}

fn yes_no(v: Option<bool>, yes: &str, no: &str) -> String {
    v.map(|b| if b { yes } else { no }.to_string())
        .unwrap_or_default()
}

/// Compares one field: fills `slot` when it is empty and the register has a value, lists the
/// fill or the disagreement. `Ok` texts are the written forms of both values.
fn field<T: Clone + PartialEq>(
    rows: &mut Vec<EnrichmentRow>,
    base: &EnrichmentRow,
    name: &str,
    slot: &mut Option<T>,
    register: Option<T>,
    show: impl Fn(&Option<T>) -> String,
) {
    let (given, sirene) = (show(slot), show(&register));
    let note = match (slot.is_some(), register.is_some()) {
        (false, true) => "filled",
        (true, true) if *slot != register => "differs: researcher's value kept",
        _ => return,
    };
    if slot.is_none() {
        *slot = register;
    }
    rows.push(EnrichmentRow {
        field: name.to_string(),
        used: show(slot),
        given,
        sirene,
        note: note.to_string(),
        ..base.clone()
    });
}

/// Fills the missing facts of `orgs` from the register rows.
///
/// # Arguments
/// * `units` — `StockUniteLegale` rows ([`LEGAL_UNIT_COLUMNS`]) of the study's SIRENs.
/// * `establishments` — `StockEtablissement` rows ([`ESTABLISHMENT_COLUMNS`]) of its SIRETs.
/// * `pending` — organizations whose `actor_type` was left empty, to derive.
/// * `joined` — first date each organization joined a PTCE (for the ceased-unit warning).
///
/// # Returns
/// The rows of `tables/enrichment.csv` (organizations in their order, fields in column order)
/// and the findings: a unit ceased before it joined (warning), an actor type that cannot be
/// derived (error).
pub fn enrich(
    orgs: &mut [Organization],
    units: &RegisterRows,
    establishments: Option<&RegisterRows>,
    pending: &BTreeSet<String>,
    joined: &BTreeMap<String, PartialDate>,
    table: &ActorTable,
) -> Enriched {
    let mut out = Enriched::default();
    for org in orgs.iter_mut() {
        let is_pending = pending.contains(&org.org_id);
        let Some(siren) = org.siren.clone() else {
            if is_pending {
                out.findings.push(Finding {
                    org_id: org.org_id.clone(),
                    field: "actor_type",
                    error: true,
                    message: "actor_type is empty and the row has no SIREN or SIRET to derive it from the SIRENE register; expected an actor type or a SIREN".to_string(),
                });
            }
            continue;
        };
        let base = EnrichmentRow {
            org_id: org.org_id.clone(),
            siren: siren.clone(),
            field: String::new(),
            given: String::new(),
            sirene: String::new(),
            used: String::new(),
            note: String::new(),
        };
        let Some(row) = units.get(&siren) else {
            out.rows.push(EnrichmentRow {
                field: "siren".to_string(),
                given: siren.clone(),
                used: siren.clone(),
                note: "not found in the register".to_string(),
                ..base.clone()
            });
            if is_pending {
                out.findings.push(Finding {
                    org_id: org.org_id.clone(),
                    field: "actor_type",
                    error: true,
                    message: format!("actor_type is empty and SIREN {siren} is not in the SIRENE register; expected an actor type"),
                });
            }
            continue;
        };
        let unit = Unit::from_row(row);
        let rows = &mut out.rows;
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        // NAF: only a code of the nomenclature the study uses (NAF rév. 2) is filled.
        let naf = unit.naf.as_deref().map(|c| {
            (
                crate::diversity::naf::parse_naf(c).map(|n| n.to_string()),
                c,
            )
        });
        match naf {
            Some((Ok(code), _)) if unit.naf_nomenclature.eq_ignore_ascii_case("NAFRev2") => {
                field(rows, &base, "naf_code", &mut org.naf_code, Some(code), text)
            }
            Some((_, raw)) => rows.push(EnrichmentRow {
                field: "naf_code".to_string(),
                given: text(&org.naf_code),
                sirene: format!("{raw} ({})", unit.naf_nomenclature),
                used: text(&org.naf_code),
                note: "not used: not a NAF rév. 2 code".to_string(),
                ..base.clone()
            }),
            None => {}
        }
        let cat = unit.category.clone();
        field(
            rows,
            &base,
            "legal_category",
            &mut org.legal_category,
            cat,
            text,
        );
        let reg = &mut org.register;
        let ess = |v: &Option<bool>| yes_no(*v, "O", "N");
        field(rows, &base, "ess", &mut reg.ess, unit.ess, ess);
        field(
            rows,
            &base,
            "headcount_band",
            &mut reg.headcount_band,
            unit.band.clone(),
            text,
        );
        let date = |v: &Option<PartialDate>| v.map(|d| d.to_string()).unwrap_or_default();
        field(rows, &base, "created", &mut reg.created, unit.created, date);
        let act = |v: &Option<bool>| yes_no(*v, "A", "C");
        field(rows, &base, "active", &mut reg.active, unit.active, act);
        if unit.active == Some(false) {
            reg.ceased = unit.since;
        }
        if let (Some(c), Some(j)) = (reg.ceased, joined.get(&org.org_id)) {
            if c.first_day() < j.first_day() {
                out.findings.push(Finding {
                    org_id: org.org_id.clone(),
                    field: "siren",
                    error: false,
                    message: format!("the SIRENE register says SIREN {siren} ceased on {c}, before the organization first joined a PTCE ({j}); check the SIREN"),
                });
            }
        }
        // Actor type: derived from what is now known of the category and the ESS flag.
        let derived = org
            .legal_category
            .as_deref()
            .and_then(|c| Some((c, table.derive(c, org.register.ess)?)));
        let given = if is_pending {
            String::new()
        } else {
            org.actor_type.to_string()
        };
        match derived {
            Some((c, rule)) => {
                let how = format!(
                    "{} (category {c}{}; rule {}{}{})",
                    rule.actor_type,
                    org.register.ess.map(|e| if e { ", ESS" } else { ", not ESS" }).unwrap_or(""),
                    rule.prefix,
                    rule.ess.map(|e| if e { "/ess" } else { "/not_ess" }).unwrap_or(""),
                    if rule.from_config { " of study.toml" } else { "" }
                );
                if is_pending {
                    org.actor_type = rule.actor_type;
                }
                let note = if is_pending {
                    Some("filled")
                } else {
                    (rule.actor_type != org.actor_type).then_some("differs: researcher's value kept")
                };
                if let Some(note) = note {
                    out.rows.push(EnrichmentRow {
                        field: "actor_type".to_string(),
                        given,
                        sirene: how,
                        used: org.actor_type.to_string(),
                        note: note.to_string(),
                        ..base.clone()
                    });
                }
            }
            None if is_pending => out.findings.push(Finding {
                org_id: org.org_id.clone(),
                field: "actor_type",
                error: true,
                message: format!("actor_type is empty and SIRENE gives no legal category for SIREN {siren} that the actor-type table maps; expected an actor type"),
            }),
            None => {}
        }
        if let (Some(siret), Some(est)) = (org.siret.clone(), establishments) {
            let commune = est.get(&siret).and_then(|r| cell(r, 1)).map(str::to_string);
            match commune {
                Some(c) => field(
                    &mut out.rows,
                    &base,
                    "commune_code",
                    &mut org.commune_code,
                    Some(c),
                    text,
                ),
                None => out.rows.push(EnrichmentRow {
                    field: "siret".to_string(),
                    given: siret.clone(),
                    used: siret,
                    note: "not found in the establishments register".to_string(),
                    ..base
                }),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
