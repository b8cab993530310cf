//! Streaming writer of a generated study: one CSV per table, written to `<name>.tmp` and renamed
//! into place only when every table is complete, so an interrupted run leaves no half table.

use super::GenerateError;
use crate::date::PartialDate;
use crate::model::{Activity, Event, Membership, Organization, Participation, Ptce, Tie};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// The tables, in the order they are reported, with their headers (data contract order).
pub(crate) const TABLES: [(&str, &[&str]); 7] = [
    (
        "ptces",
        &[
            "ptce_id",
            "name",
            "commune_code",
            "department",
            "region",
            "density_level",
            "legal_form",
            "founded",
        ],
    ),
    (
        "organizations",
        &[
            "org_id",
            "name",
            "actor_type",
            "naf_code",
            "legal_category",
            "siren",
            "commune_code",
            "employees",
        ],
    ),
    (
        "memberships",
        &["ptce_id", "org_id", "joined", "left", "role"],
    ),
    (
        "ties",
        &[
            "ptce_id", "source", "target", "kind", "start", "end", "weight",
        ],
    ),
    (
        "activities",
        &[
            "activity_id",
            "ptce_id",
            "name",
            "sector",
            "naf_code",
            "start",
            "end",
        ],
    ),
    ("participations", &["activity_id", "org_id", "role"]),
    ("events", &["ptce_id", "date", "event", "note", "source"]),
];

struct Table {
    writer: csv::Writer<BufWriter<File>>,
    tmp: PathBuf,
    path: PathBuf,
    rows: usize,
}

/// The seven table writers of a study being generated.
pub(crate) struct StudyWriter {
    tables: Vec<Table>,
}

fn opt(d: Option<PartialDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A number without a useless fraction: `3`, `2.5`.
fn number(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

impl StudyWriter {
    /// Creates `out_dir` if needed and opens every `<table>.csv.tmp`, headers written.
    pub(crate) fn create(out_dir: &Path) -> Result<StudyWriter, GenerateError> {
        std::fs::create_dir_all(out_dir).map_err(|e| GenerateError::io(out_dir, e))?;
        let mut tables = Vec::with_capacity(TABLES.len());
        for (name, header) in TABLES {
            let path = out_dir.join(format!("{name}.csv"));
            let tmp = out_dir.join(format!("{name}.csv.tmp"));
            let file = File::create(&tmp).map_err(|e| GenerateError::io(&tmp, e))?;
            let mut writer = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
            writer
                .write_record(header)
                .map_err(|e| GenerateError::csv(&tmp, e))?;
            tables.push(Table {
                writer,
                tmp,
                path,
                rows: 0,
            });
        }
        Ok(StudyWriter { tables })
    }

    fn row<const N: usize>(
        &mut self,
        table: usize,
        record: [&str; N],
    ) -> Result<(), GenerateError> {
        let t = &mut self.tables[table];
        t.writer
            .write_record(record)
            .map_err(|e| GenerateError::csv(&t.tmp, e))?;
        t.rows += 1;
        Ok(())
    }

    pub(crate) fn ptce(&mut self, r: &Ptce) -> Result<(), GenerateError> {
        let level = r.density_level.map(|l| l.to_string()).unwrap_or_default();
        let form = r.legal_form.map(|f| f.as_str()).unwrap_or("");
        let founded = opt(r.founded);
        let (c, d, g) = (&r.commune_code, &r.department, &r.region);
        let s = |x: &Option<String>| x.clone().unwrap_or_default();
        self.row(
            0,
            [
                &r.ptce_id,
                &r.name,
                &s(c),
                &s(d),
                &s(g),
                &level,
                form,
                &founded,
            ],
        )
    }

    pub(crate) fn organization(&mut self, r: &Organization) -> Result<(), GenerateError> {
        let s = |x: &Option<String>| x.clone().unwrap_or_default();
        let emp = r.employees.map(number).unwrap_or_default();
        self.row(
            1,
            [
                &r.org_id,
                &r.name,
                r.actor_type.as_str(),
                &s(&r.naf_code),
                &s(&r.legal_category),
                &s(&r.siren),
                &s(&r.commune_code),
                &emp,
            ],
        )
    }

    pub(crate) fn membership(&mut self, r: &Membership) -> Result<(), GenerateError> {
        let joined = r.joined.to_string();
        self.row(
            2,
            [
                &r.ptce_id,
                &r.org_id,
                &joined,
                &opt(r.left),
                r.role.as_str(),
            ],
        )
    }

    pub(crate) fn tie(&mut self, r: &Tie) -> Result<(), GenerateError> {
        let start = r.start.to_string();
        let weight = number(r.weight);
        self.row(
            3,
            [
                &r.ptce_id,
                &r.source,
                &r.target,
                r.kind.as_str(),
                &start,
                &opt(r.end),
                &weight,
            ],
        )
    }

    pub(crate) fn activity(&mut self, r: &Activity) -> Result<(), GenerateError> {
        let naf = r.naf_code.clone().unwrap_or_default();
        let start = r.start.to_string();
        self.row(
            4,
            [
                &r.activity_id,
                &r.ptce_id,
                &r.name,
                r.sector.as_str(),
                &naf,
                &start,
                &opt(r.end),
            ],
        )
    }

    pub(crate) fn participation(&mut self, r: &Participation) -> Result<(), GenerateError> {
        let role = r.role.as_deref().unwrap_or("");
        self.row(5, [&r.activity_id, &r.org_id, role])
    }

    pub(crate) fn event(&mut self, r: &Event) -> Result<(), GenerateError> {
        let date = r.date.to_string();
        let note = r.note.as_deref().unwrap_or("");
        let source = r.source.as_deref().unwrap_or("");
        self.row(6, [&r.ptce_id, &date, r.event.as_str(), note, source])
    }

    /// Flushes every table, renames each `.tmp` into place; returns the row counts.
    pub(crate) fn finish(self) -> Result<Vec<(String, usize)>, GenerateError> {
        let mut rows = Vec::with_capacity(self.tables.len());
        let mut done = Vec::with_capacity(self.tables.len());
        for (i, mut t) in self.tables.into_iter().enumerate() {
            t.writer.flush().map_err(|e| GenerateError::io(&t.tmp, e))?;
            rows.push((TABLES[i].0.to_string(), t.rows));
            done.push((t.tmp, t.path));
        }
        for (tmp, path) in done {
            std::fs::rename(&tmp, &path).map_err(|e| GenerateError::io(&path, e))?;
        }
        Ok(rows)
    }

    /// Removes the temporary files (after an error).
    pub(crate) fn abandon(self) {
        for t in self.tables {
            drop(t.writer);
            let _ = std::fs::remove_file(&t.tmp);
        }
    }
}
