//! `manifest.json`: the provenance of a run. Everything but the `run` key is identical between
//! two runs of the same study with the same options, whatever the thread count; `run` holds what
//! may differ (command line, threads, timings, platform).

use crate::load::InputFile;
use serde_json::{json, Map, Value};

/// What may differ between two runs of the same study.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    /// The study folder, as an absolute path (identifies which study made the results).
    pub study_dir: String,
    pub command_line: Vec<String>,
    pub threads: usize,
    /// Seconds per stage, in pipeline order.
    pub timings: Vec<(String, f64)>,
}

/// The stable part of the manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Provenance {
    pub title: Option<String>,
    pub reference_date: String,
    pub reference_date_source: String,
    /// `study.toml` as read (text), if present.
    pub config_text: Option<String>,
    /// The options in force, defaults included.
    pub options: Value,
    pub seed: u64,
    pub seed_source: String,
    pub inputs: Vec<InputFile>,
    pub errors: usize,
    pub warnings: usize,
}

fn input_json(i: &InputFile) -> Value {
    let mut v = json!({
        "role": i.table,
        "file": i.file,
        "bytes": i.bytes,
        "sha256": i.sha256,
        "rows": i.rows,
        "encoding": i.encoding,
        "separator": i.separator,
    });
    // Registers of `[enrich]` only: their modification time and how they were hashed.
    if let (Some(m), Some(h), Some(o)) = (i.modified, &i.hash, v.as_object_mut()) {
        o.insert("modified_unix".to_string(), json!(m));
        o.insert("hash".to_string(), json!(h));
    }
    v
}

/// Builds the manifest JSON (pretty-printed, keys sorted, trailing newline).
///
/// # Arguments
/// * `outputs` — `(relative path, bytes, sha256)` of every output file but the manifest.
pub fn manifest_json(p: &Provenance, outputs: &[(String, u64, String)], run: &RunRecord) -> String {
    let mut timings = Map::new();
    for (stage, secs) in &run.timings {
        timings.insert(stage.clone(), json!((secs * 1000.0).round() / 1000.0));
    }
    let value = json!({
        "tool": { "name": "ptce", "version": env!("CARGO_PKG_VERSION") },
        "study": {
            "title": p.title,
            "reference_date": p.reference_date,
            "reference_date_source": p.reference_date_source,
            "study_toml": p.config_text,
            "options": p.options,
        },
        "seed": { "value": p.seed, "source": p.seed_source },
        "inputs": p.inputs.iter().map(input_json).collect::<Vec<_>>(),
        "validation": { "errors": p.errors, "warnings": p.warnings },
        "outputs": outputs.iter().map(|(f, b, h)| json!({"file": f, "bytes": b, "sha256": h})).collect::<Vec<_>>(),
        "run": {
            "study_dir": run.study_dir,
            "command_line": run.command_line,
            "threads": run.threads,
            "timings_seconds": timings,
            "platform": format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH),
        },
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_record_is_the_only_varying_part() {
        let p = Provenance {
            title: Some("t".into()),
            reference_date: "2025-01-01".into(),
            reference_date_source: "study.toml".into(),
            config_text: None,
            options: json!({"a": 1}),
            seed: 1,
            seed_source: "default".into(),
            inputs: vec![],
            errors: 0,
            warnings: 2,
        };
        let out = vec![("tables/a.csv".to_string(), 3, "ab".to_string())];
        let r1 = RunRecord {
            study_dir: "/a".into(),
            command_line: vec!["ptce".into()],
            threads: 1,
            timings: vec![("load".into(), 0.1234)],
        };
        let r2 = RunRecord {
            study_dir: "/b".into(),
            command_line: vec!["ptce".into(), "-t".into()],
            threads: 2,
            timings: vec![],
        };
        let mut a: Value = serde_json::from_str(&manifest_json(&p, &out, &r1)).unwrap();
        let mut b: Value = serde_json::from_str(&manifest_json(&p, &out, &r2)).unwrap();
        assert_eq!(a["run"]["timings_seconds"]["load"], json!(0.123));
        assert_ne!(a, b);
        a.as_object_mut().unwrap().remove("run");
        b.as_object_mut().unwrap().remove("run");
        assert_eq!(a, b);
        assert_eq!(a["outputs"][0]["sha256"], json!("ab"));
    }
}
