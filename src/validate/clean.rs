//! The cleaned, typed input tables and the validation report, as result tables
//! (`tables/ptces.csv`, …, `tables/validation.csv`). Codes are canonical (NAF `88.99B`, commune
//! codes with their leading zero), dates are ISO with their own precision.

use crate::study::Study;
use crate::table::Table;
use crate::validate::ValidationReport;

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// One table per input table of the study (absent optional tables give no table).
pub fn cleaned_tables(study: &Study) -> Vec<Table> {
    let p = &study.ptces;
    let mut out = vec![Table::new("ptces")
        .str("ptce_id", p.iter().map(|x| s(&x.ptce_id)))
        .str("name", p.iter().map(|x| s(&x.name)))
        .str("commune_code", p.iter().map(|x| x.commune_code.clone()))
        .str("department", p.iter().map(|x| x.department.clone()))
        .str("region", p.iter().map(|x| x.region.clone()))
        .int(
            "density_level",
            p.iter().map(|x| x.density_level.map(i64::from)),
        )
        .str(
            "legal_form",
            p.iter().map(|x| x.legal_form.map(|f| f.as_str())),
        )
        .str(
            "founded",
            p.iter().map(|x| x.founded.map(|d| d.to_string())),
        )];
    out.push(organizations(study));
    let m = &study.memberships;
    out.push(
        Table::new("memberships")
            .str("ptce_id", m.iter().map(|x| s(&x.ptce_id)))
            .str("org_id", m.iter().map(|x| s(&x.org_id)))
            .str("joined", m.iter().map(|x| Some(x.joined.to_string())))
            .str("left", m.iter().map(|x| x.left.map(|d| d.to_string())))
            .str("role", m.iter().map(|x| Some(x.role.as_str()))),
    );
    if let Some(t) = &study.ties {
        out.push(
            Table::new("ties")
                .str("ptce_id", t.iter().map(|x| s(&x.ptce_id)))
                .str("source", t.iter().map(|x| s(&x.source)))
                .str("target", t.iter().map(|x| s(&x.target)))
                .str("kind", t.iter().map(|x| Some(x.kind.as_str())))
                .str("start", t.iter().map(|x| Some(x.start.to_string())))
                .str("end", t.iter().map(|x| x.end.map(|d| d.to_string())))
                .float("weight", t.iter().map(|x| Some(x.weight))),
        );
    }
    if let Some(a) = &study.activities {
        out.push(
            Table::new("activities")
                .str("activity_id", a.iter().map(|x| s(&x.activity_id)))
                .str("ptce_id", a.iter().map(|x| s(&x.ptce_id)))
                .str("name", a.iter().map(|x| s(&x.name)))
                .str("sector", a.iter().map(|x| Some(x.sector.as_str())))
                .str("naf_code", a.iter().map(|x| x.naf_code.clone()))
                .str("start", a.iter().map(|x| Some(x.start.to_string())))
                .str("end", a.iter().map(|x| x.end.map(|d| d.to_string()))),
        );
    }
    if let Some(p) = &study.participations {
        out.push(
            Table::new("participations")
                .str("activity_id", p.iter().map(|x| s(&x.activity_id)))
                .str("org_id", p.iter().map(|x| s(&x.org_id)))
                .str("role", p.iter().map(|x| x.role.clone())),
        );
    }
    if let Some(e) = &study.events {
        out.push(
            Table::new("events")
                .str("ptce_id", e.iter().map(|x| s(&x.ptce_id)))
                .str("date", e.iter().map(|x| Some(x.date.to_string())))
                .str("event", e.iter().map(|x| Some(x.event.as_str())))
                .str("note", e.iter().map(|x| x.note.clone()))
                .str("source", e.iter().map(|x| x.source.clone())),
        );
    }
    if let Some(rows) = &study.enrichment {
        out.push(enrichment_table(rows));
    }
    out
}

/// `tables/organizations.csv`; the columns of the SIRENE facts (`siret`, `rna`, `ess`,
/// `headcount_band` and its label, `created`, `active`) only when one organization has one, so
/// that a study without them keeps its table unchanged.
fn organizations(study: &Study) -> Table {
    let o = &study.organizations;
    let mut t = Table::new("organizations")
        .str("org_id", o.iter().map(|x| s(&x.org_id)))
        .str("name", o.iter().map(|x| s(&x.name)))
        .str("actor_type", o.iter().map(|x| Some(x.actor_type.as_str())))
        .str("naf_code", o.iter().map(|x| x.naf_code.clone()))
        .str("legal_category", o.iter().map(|x| x.legal_category.clone()))
        .str("siren", o.iter().map(|x| x.siren.clone()))
        .str("commune_code", o.iter().map(|x| x.commune_code.clone()))
        .float("employees", o.iter().map(|x| x.employees));
    let flag =
        |v: Option<bool>, yes: &'static str, no: &'static str| v.map(|b| if b { yes } else { no });
    let any = |f: &dyn Fn(&crate::model::Organization) -> bool| o.iter().any(f);
    if any(&|x| x.siret.is_some()) {
        t = t.str("siret", o.iter().map(|x| x.siret.clone()));
    }
    if any(&|x| x.rna.is_some()) {
        t = t.str("rna", o.iter().map(|x| x.rna.clone()));
    }
    let r = |x: &crate::model::Organization| x.register.clone();
    if any(&|x| x.register.ess.is_some()) {
        t = t.str("ess", o.iter().map(|x| flag(r(x).ess, "O", "N")));
    }
    if any(&|x| x.register.headcount_band.is_some()) {
        t = t
            .str("headcount_band", o.iter().map(|x| r(x).headcount_band))
            .str(
                "headcount_label",
                o.iter().map(|x| {
                    r(x).headcount_band
                        .and_then(|b| crate::model::headcount_label(&b))
                }),
            );
    }
    if any(&|x| x.register.created.is_some()) {
        t = t.str(
            "created",
            o.iter().map(|x| r(x).created.map(|d| d.to_string())),
        );
    }
    if any(&|x| x.register.active.is_some()) {
        t = t.str("active", o.iter().map(|x| flag(r(x).active, "A", "C")));
    }
    t
}

/// `tables/enrichment.csv`: every value `[enrich]` filled and every disagreement with SIRENE.
pub fn enrichment_table(rows: &[crate::enrich::EnrichmentRow]) -> Table {
    Table::new("enrichment")
        .str("org_id", rows.iter().map(|x| s(&x.org_id)))
        .str("siren", rows.iter().map(|x| s(&x.siren)))
        .str("field", rows.iter().map(|x| s(&x.field)))
        .str("given", rows.iter().map(|x| s(&x.given)))
        .str("sirene", rows.iter().map(|x| s(&x.sirene)))
        .str("used", rows.iter().map(|x| s(&x.used)))
        .str("note", rows.iter().map(|x| s(&x.note)))
}

/// `tables/validation.csv`: one row per problem, in the report's order.
pub fn validation_table(report: &ValidationReport) -> Table {
    let p = &report.problems;
    Table::new("validation")
        .str("severity", p.iter().map(|x| Some(x.severity.as_str())))
        .str("file", p.iter().map(|x| s(&x.file)))
        .int("line", p.iter().map(|x| x.line.map(|l| l as i64)))
        .int("column", p.iter().map(|x| x.column.map(|c| c as i64)))
        .str("column_name", p.iter().map(|x| x.column_name.clone()))
        .str("value", p.iter().map(|x| x.value.clone()))
        .str("message", p.iter().map(|x| s(&x.message)))
}
