//! The stage results as result tables: `stages`, `stage_flows`, `founders`, `practices`,
//! `pilots`, and the stage warnings as validation problems.

use crate::stages::{StageModel, StageResults, StageWarning, WarningKind};
use crate::table::Table;
use crate::validate::{Problem, Severity};

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

/// Every table of the stage analysis.
pub fn stage_tables(r: &StageResults, model: &StageModel) -> Vec<Table> {
    let label = |id: &str, fr: bool| {
        model
            .stages()
            .iter()
            .find(|st| st.id() == id)
            .map(|st| if fr { st.label_fr() } else { st.label_en() }.to_string())
    };
    let st = &r.stages;
    let stages = Table::new("stages")
        .str("ptce_id", st.iter().map(|x| s(&x.ptce_id)))
        .str("stage", st.iter().map(|x| s(&x.stage)))
        .str("label_fr", st.iter().map(|x| label(&x.stage, true)))
        .str("label_en", st.iter().map(|x| label(&x.stage, false)))
        .str("entry", st.iter().map(|x| x.entry.map(|d| d.to_string())))
        .str(
            "precision",
            st.iter().map(|x| x.precision.map(|p| p.as_str())),
        )
        .str("end", st.iter().map(|x| x.end.map(|d| d.to_string())))
        .int("duration_days", st.iter().map(|x| x.duration_days))
        .str(
            "duration_precision",
            st.iter().map(|x| x.duration_precision.map(|p| p.as_str())),
        )
        .str("status", st.iter().map(|x| Some(x.status.as_str())));
    let f = &r.flows;
    let flows = Table::new("stage_flows")
        .str("ptce_id", f.iter().map(|x| s(&x.ptce_id)))
        .str("stage", f.iter().map(|x| s(&x.stage)))
        .str("actor_type", f.iter().map(|x| Some(x.actor_type.as_str())))
        .int("joined", f.iter().map(|x| Some(x.joined as i64)))
        .int("left", f.iter().map(|x| Some(x.left as i64)))
        .int("present", f.iter().map(|x| Some(x.present as i64)));
    let fo = &r.founders;
    let founders = Table::new("founders")
        .str("ptce_id", fo.iter().map(|x| s(&x.ptce_id)))
        .str("actor_type", fo.iter().map(|x| Some(x.actor_type.as_str())))
        .int("founders", fo.iter().map(|x| Some(x.founders as i64)))
        .int(
            "later_joiners",
            fo.iter().map(|x| Some(x.later_joiners as i64)),
        );
    let p = &r.practices;
    let practices = Table::new("practices")
        .str("ptce_id", p.iter().map(|x| s(&x.ptce_id)))
        .str("stage", p.iter().map(|x| s(&x.stage)))
        .str(
            "category_type",
            p.iter().map(|x| Some(x.category_type.as_str())),
        )
        .str("category", p.iter().map(|x| Some(x.category)))
        .int("count", p.iter().map(|x| Some(x.count as i64)));
    let pi = &r.pilots;
    let reached: Vec<Option<String>> = r
        .timelines
        .iter()
        .map(|t| t.reached_stage().map(str::to_string))
        .collect();
    let pilots = Table::new("ptce_stage_summary")
        .str("ptce_id", pi.iter().map(|x| s(&x.ptce_id)))
        .str("pilot", pi.iter().map(|x| x.pilot.clone()))
        .str("stage_reached", reached);
    vec![stages, flows, founders, practices, pilots]
}

/// The stage warnings, as validation warnings located in the file they come from.
pub fn warnings_as_problems(warnings: &[StageWarning]) -> Vec<Problem> {
    warnings
        .iter()
        .map(|w| {
            let file = match w.kind {
                WarningKind::NoPilot | WarningKind::SeveralPilots => "memberships.csv",
                WarningKind::FoundedMismatch => "ptces.csv",
                _ => "events.csv",
            };
            let mut p = Problem::file(
                Severity::Warning,
                file,
                format!("PTCE {:?}: {}", w.ptce_id, w.message),
            );
            p.value = Some(w.ptce_id.clone());
            p.column_name = Some(w.kind.as_str().to_string());
            p
        })
        .collect()
}
