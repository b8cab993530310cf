//! Reading a study folder from disk: the only stage that reads files.
//!
//! [`read_study`] finds each table (`<name>.csv`, `.tsv`, `.txt` or `.parquet`; names matched
//! case-insensitively), reads its bytes once (hashing them for the manifest), decodes and parses
//! it into a [`RawTable`]. Problems with a file (missing, empty, binary, malformed) are collected,
//! not thrown, so that validation can report every problem of the study at once.

pub mod limits;
pub mod parquet;
pub mod rows;
pub mod sheet;
pub mod sheet_cells;
pub mod sheet_guard;
pub mod sheet_ods;
pub mod sirene;
pub mod table;
pub mod text;

pub use limits::Limits;
pub use table::{RawRow, RawTable};

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Largest input file read, in bytes (1 GiB). Larger files are refused with a message.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// The tables of the data contract, in contract order: (name, required).
pub const TABLES: &[(&str, bool)] = &[
    ("ptces", true),
    ("organizations", true),
    ("memberships", true),
    ("ties", false),
    ("activities", false),
    ("participations", false),
    ("events", false),
    ("waves", false),
];

/// What went wrong with one input file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error("{file}: required table is missing (expected {file} or its .parquet / .tsv version in the study folder)")]
    Missing { file: String },
    #[error("{file}: found several files for this table ({others}); keep only one")]
    Ambiguous { file: String, others: String },
    #[error("{file}: cannot read the file: {message}")]
    Io { file: String, message: String },
    #[error("{file}: file is {bytes} bytes, above the limit of {limit} bytes ({} GiB) per input file; split the table, or raise max_file_bytes in the [limits] section of study.toml", *limit as f64 / (1u64 << 30) as f64)]
    TooLarge {
        file: String,
        bytes: u64,
        limit: u64,
    },
    #[error("{file}:1:1: file is empty; expected a header line naming the columns")]
    Empty { file: String },
    #[error("{file}:1:1: file is not a text table (binary content); expected CSV text or Parquet")]
    Binary { file: String },
    #[error("{file}:{line}: malformed CSV: {message}")]
    Malformed {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}:{line}: row has {found} cells but the header has {expected} columns")]
    TooManyCells {
        file: String,
        line: usize,
        found: usize,
        expected: usize,
    },
    #[error("{file}: cannot read Parquet: {message}")]
    Parquet { file: String, message: String },
    /// A problem in a workbook; `file` is the workbook, sheet or cell (`a.xlsx[Membres]!C12`).
    #[error("{file}: {message}")]
    Sheet {
        file: String,
        message: String,
        /// A warning (a padded code, a hidden or unmatched sheet), not an error.
        warning: bool,
    },
    /// A bound of [`Limits`] passed, found before the allocation it guards.
    #[error("{}: {what}, above the limit {key} = {limit}; raise {key} in the [limits] section of study.toml if the file is right", located(file, *line))]
    Limit {
        file: String,
        /// Line where the row that passed the limit starts (text tables).
        line: Option<usize>,
        /// What passed the limit ("a cell of more than 1048576 bytes").
        what: String,
        /// The key of `[limits]` that raises it.
        key: &'static str,
        limit: u64,
    },
}

/// `file` or `file:line`.
fn located(file: &str, line: Option<usize>) -> String {
    match line {
        Some(l) => format!("{file}:{l}"),
        None => file.to_string(),
    }
}

impl LoadError {
    /// The file the problem is about.
    pub fn file(&self) -> &str {
        match self {
            LoadError::Missing { file }
            | LoadError::Ambiguous { file, .. }
            | LoadError::Io { file, .. }
            | LoadError::TooLarge { file, .. }
            | LoadError::Empty { file }
            | LoadError::Binary { file }
            | LoadError::Malformed { file, .. }
            | LoadError::TooManyCells { file, .. }
            | LoadError::Parquet { file, .. }
            | LoadError::Sheet { file, .. }
            | LoadError::Limit { file, .. } => file,
        }
    }

    /// The line the problem is on, when there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            LoadError::Empty { .. } | LoadError::Binary { .. } => Some(1),
            LoadError::Malformed { line, .. } | LoadError::TooManyCells { line, .. } => Some(*line),
            LoadError::Limit { line, .. } => *line,
            _ => None,
        }
    }
}

/// Fingerprint of one input file, for the manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct InputFile {
    /// Role of the file (`ptces`, `study.toml`, `territory_lookup`…).
    pub table: String,
    /// File name relative to the study folder.
    pub file: String,
    pub bytes: u64,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    /// Data rows (tables only).
    pub rows: Option<usize>,
    pub encoding: Option<String>,
    pub separator: Option<String>,
    /// Modification time, seconds since 1970 (registers read by `[enrich]` only).
    pub modified: Option<u64>,
    /// How `sha256` was computed when it is not the hash of the whole file read
    /// (`sha256`, `sha256-sampled`; registers only, [`sirene::fingerprint`]).
    pub hash: Option<String>,
}

/// Everything read from a study folder, before validation.
#[derive(Debug, Clone)]
pub struct RawStudy {
    pub dir: PathBuf,
    /// Text of `study.toml`, if present.
    pub config_text: Option<String>,
    /// Tables found and parsed, by contract name.
    pub tables: Vec<(String, RawTable)>,
    /// Fingerprints of every file read.
    pub inputs: Vec<InputFile>,
    /// Problems with files (missing required table, unreadable file…).
    pub problems: Vec<LoadError>,
}

impl RawStudy {
    /// The parsed table of that contract name, if it was found and readable.
    pub fn table(&self, name: &str) -> Option<&RawTable> {
        self.tables.iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hexadecimal of a digest.
pub(crate) fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads one file whole, refusing files above [`MAX_INPUT_BYTES`] (the default
/// [`Limits::max_file_bytes`]) before reading them.
///
/// # Errors
/// [`LoadError::Io`], [`LoadError::TooLarge`].
pub fn read_bytes(path: &Path, shown: &str) -> Result<Vec<u8>, LoadError> {
    limits::read_bounded(path, shown, &Limits::default(), false)
}

/// The limits of the `study.toml` of a study folder (the defaults without one).
pub fn folder_limits(dir: &Path) -> Limits {
    let toml = std::fs::read_dir(dir).ok().and_then(|entries| {
        entries.filter_map(|e| e.ok()).find(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.eq_ignore_ascii_case("study.toml"))
        })
    });
    let text = toml
        .and_then(|e| read_bytes(&e.path(), "study.toml").ok())
        .map(|b| text::decode(&b).0.into_owned());
    Limits::from_config_text(text.as_deref())
}

/// Whether a folder entry is read as a file: a file, or a symbolic link that does not lead to a
/// folder (a study folder of links to shared data reads as the files; a broken link is kept, so
/// that reading it names the file and the system's reason instead of "missing").
fn is_file_or_link(entry: &std::fs::DirEntry) -> bool {
    match entry.file_type() {
        Ok(t) if t.is_file() => true,
        Ok(t) if t.is_symlink() => !std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()),
        _ => false,
    }
}

/// Reads a study folder: `study.toml` (optional) and every table of [`TABLES`].
///
/// # Errors
/// Only when the folder itself cannot be listed; problems with single files are in
/// [`RawStudy::problems`].
pub fn read_study(dir: &Path) -> Result<RawStudy, LoadError> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| LoadError::Io {
        file: shown.clone(),
        message: e.to_string(),
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(is_file_or_link)
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    names.sort();
    let mut study = RawStudy {
        dir: dir.to_path_buf(),
        config_text: None,
        tables: Vec::new(),
        inputs: Vec::new(),
        problems: Vec::new(),
    };
    if let Some(name) = names.iter().find(|n| n.eq_ignore_ascii_case("study.toml")) {
        match read_bytes(&dir.join(name), name) {
            Ok(bytes) => {
                study
                    .inputs
                    .push(fingerprint("study.toml", name, &bytes, None));
                let (text, _) = text::decode(&bytes);
                study.config_text = Some(text.into_owned());
            }
            Err(e) => study.problems.push(e),
        }
    }
    let limits = Limits::from_config_text(study.config_text.as_deref());
    // Which file holds each table, then the files read and parsed in parallel (results in the
    // order of TABLES, as a sequential read would give them).
    enum Found<'a> {
        Missing(bool),
        One(&'a String),
        Ambiguous(&'a String, String),
    }
    let found: Vec<(&str, Found)> = TABLES
        .iter()
        .map(|&(table, required)| {
            let matching: Vec<&String> = names
                .iter()
                .filter(|n| {
                    let lower = n.to_lowercase();
                    ["csv", "tsv", "txt", "parquet"]
                        .iter()
                        .chain(sheet::WORKBOOK_EXTENSIONS)
                        .any(|ext| lower == format!("{table}.{ext}"))
                })
                .collect();
            let f = match matching.as_slice() {
                [] => Found::Missing(required),
                [name] => Found::One(name),
                [first, rest @ ..] => Found::Ambiguous(
                    first,
                    rest.iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            };
            (table, f)
        })
        .collect();
    let workbook = read_study_workbook(dir, &names, &limits, &mut study);
    let read: Vec<Option<Result<(RawTable, InputFile), LoadError>>> = found
        .par_iter()
        .map(|(_, f)| match f {
            Found::One(name) if sheet::is_workbook(name) => None,
            Found::One(name) => Some(read_table(&dir.join(name), name, &limits)),
            _ => None,
        })
        .collect();
    for ((table, f), r) in found.into_iter().zip(read) {
        if let Some(tables) = &workbook {
            if let Found::One(name) | Found::Ambiguous(name, _) = f {
                study.problems.push(LoadError::Ambiguous {
                    file: name.to_string(),
                    others: tables.clone(),
                });
            }
            continue;
        }
        if let Found::One(name) = f {
            if sheet::is_workbook(name) {
                read_sheet_table(&dir.join(name), name, table, &limits, &mut study);
                continue;
            }
        }
        match (f, r) {
            (Found::Missing(true), _) => study.problems.push(LoadError::Missing {
                file: format!("{table}.csv"),
            }),
            (Found::Ambiguous(first, others), _) => study.problems.push(LoadError::Ambiguous {
                file: first.to_string(),
                others,
            }),
            (_, Some(Ok((raw, fp)))) => {
                study.inputs.push(InputFile {
                    table: table.to_string(),
                    ..fp
                });
                study.tables.push((table.to_string(), raw));
            }
            (_, Some(Err(e))) => study.problems.push(e),
            _ => {}
        }
    }
    Ok(study)
}

/// Reads `study.xlsx` / `.xlsm` / `.ods` when the folder has one, pushing its tables, its
/// fingerprint and its problems into `study`; returns its name then.
fn read_study_workbook(
    dir: &Path,
    names: &[String],
    limits: &Limits,
    study: &mut RawStudy,
) -> Option<String> {
    let name = names.iter().find(|n| {
        sheet::is_workbook(n)
            && n.rsplit_once('.')
                .is_some_and(|(stem, _)| stem.eq_ignore_ascii_case(sheet::STUDY_WORKBOOK))
    })?;
    match limits::read_bounded(&dir.join(name), name, limits, false) {
        Ok(bytes) => {
            let (tables, problems) = sheet::read_study_workbook(name, &bytes, TABLES, limits);
            let mut fp = fingerprint("study", name, &bytes, None);
            fp.rows = Some(tables.iter().map(|(_, t)| t.rows.len()).sum());
            study.inputs.push(fp);
            study.tables.extend(tables);
            study.problems.extend(problems);
        }
        Err(e) => study.problems.push(e),
    }
    Some(name.clone())
}

/// Reads a table kept in its own workbook into `study`.
fn read_sheet_table(path: &Path, name: &str, table: &str, limits: &Limits, study: &mut RawStudy) {
    let bytes = match limits::read_bounded(path, name, limits, false) {
        Ok(b) => b,
        Err(e) => return study.problems.push(e),
    };
    match sheet::read_table_workbook(name, &bytes, limits) {
        Ok((raw, notes)) => {
            study
                .inputs
                .push(fingerprint(table, name, &bytes, Some(&raw)));
            study.tables.push((table.to_string(), raw));
            study.problems.extend(notes);
        }
        Err(problems) => study.problems.extend(problems),
    }
}

/// Reads a text file that `study.toml` names (a disparity matrix, a territory lookup), decoded
/// like the tables, under the [`Limits`] of that `study.toml`. The name must be a relative path
/// inside the study folder.
///
/// # Errors
/// [`LoadError::Io`] for a path that leaves the study folder or cannot be read,
/// [`LoadError::TooLarge`], [`LoadError::Limit`], [`LoadError::Empty`].
pub fn read_declared(dir: &Path, name: &str, role: &str) -> Result<(String, InputFile), LoadError> {
    use std::path::Component;
    let rel = Path::new(name);
    let inside = !name.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Err(LoadError::Io {
            file: name.to_string(),
            message: "the path given in study.toml must be a file name inside the study folder (no absolute path, no `..`)".to_string(),
        });
    }
    let bytes = limits::read_bounded(&dir.join(rel), name, &folder_limits(dir), true)?;
    if let Some(e) = cut_short(name, &bytes) {
        return Err(e);
    }
    let (text, encoding) = text::decode(&bytes);
    if text.trim().is_empty() {
        return Err(LoadError::Empty {
            file: name.to_string(),
        });
    }
    let mut fp = fingerprint(role, name, &bytes, None);
    fp.encoding = Some(encoding.as_str().to_string());
    Ok((text.into_owned(), fp))
}

/// Reads and parses one table file (CSV/TSV/TXT or Parquet, by extension) under `limits`: a text
/// table is checked as it streams in, a Parquet file by its footer before any page is decoded.
///
/// # Errors
/// [`LoadError`] naming the file (and line, for text), or the limit passed and its key.
pub fn read_table(
    path: &Path,
    shown: &str,
    limits: &Limits,
) -> Result<(RawTable, InputFile), LoadError> {
    let is_parquet = shown.to_lowercase().ends_with(".parquet");
    let bytes = limits::read_bounded(path, shown, limits, !is_parquet)?;
    let raw = if is_parquet {
        if bytes.is_empty() {
            return Err(LoadError::Empty {
                file: shown.to_string(),
            });
        }
        parquet::parse_parquet(shown, &bytes, limits)?
    } else {
        if let Some(e) = cut_short(shown, &bytes) {
            return Err(e);
        }
        table::parse_csv(shown, &bytes)?
    };
    let fp = fingerprint("", shown, &bytes, Some(&raw));
    Ok((raw, fp))
}

/// Signs that a text file was cut short (an interrupted copy or download): it ends in the
/// middle of a UTF-8 character, or inside a quoted field. The CSV reader would accept both
/// silently (the first by decoding the whole file as Windows-1252, the second by closing the
/// field at the end of the file), giving wrong values instead of an error.
///
/// # Returns
/// [`LoadError::Malformed`] at the line where the cut character or the open quote is.
///
/// # Complexity
/// O(n) in the file size.
pub fn cut_short(file: &str, bytes: &[u8]) -> Option<LoadError> {
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    if !utf16 {
        if let Err(e) = std::str::from_utf8(body) {
            let valid = &body[..e.valid_up_to()];
            // Only a file that is UTF-8 up to its last bytes: a Windows-1252 file of plain ASCII
            // ending with one accented letter is left to the decoder.
            if e.error_len().is_none() && (bom || !valid.is_ascii()) {
                return Some(LoadError::Malformed {
                    file: file.to_string(),
                    line: 1 + valid.iter().filter(|&&b| b == b'\n').count(),
                    message: "the file ends in the middle of a UTF-8 character; it looks cut short (an interrupted copy or download?)".to_string(),
                });
            }
        }
    }
    let (text, _) = text::decode(bytes);
    let separator = text::detect_separator(&text);
    let (mut field_start, mut quoted, mut line, mut opened) = (true, false, 1, 0);
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if quoted {
            if c == b'"' {
                if b.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if c == b'"' && field_start {
            quoted = true;
            opened = line;
        }
        if !quoted || c == b'\n' {
            field_start = c == separator || c == b'\n' || c == b'\r';
        }
        if c == b'\n' {
            line += 1;
        }
        i += 1;
    }
    quoted.then(|| LoadError::Malformed {
        file: file.to_string(),
        line: opened,
        message: "a quoted field opened on this line is never closed; the file looks cut short (or a closing quote is missing)".to_string(),
    })
}

fn fingerprint(table: &str, file: &str, bytes: &[u8], raw: Option<&RawTable>) -> InputFile {
    InputFile {
        table: table.to_string(),
        file: file.to_string(),
        bytes: bytes.len() as u64,
        sha256: sha256_hex(bytes),
        rows: raw.map(|r| r.rows.len()),
        encoding: raw.and_then(|r| r.encoding).map(|e| e.as_str().to_string()),
        separator: raw
            .and_then(|r| r.separator)
            .map(|s| text::separator_name(s).to_string()),
        modified: None,
        hash: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn declared_files_stay_inside_the_study_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("m.csv"), "x;a\na;0\n").unwrap();
        let (text, fp) = read_declared(dir.path(), "m.csv", "disparity:sector").unwrap();
        assert_eq!(text, "x;a\na;0\n");
        assert_eq!(fp.table, "disparity:sector");
        for bad in ["../m.csv", "/etc/passwd", ""] {
            assert!(
                matches!(
                    read_declared(dir.path(), bad, "x"),
                    Err(LoadError::Io { .. })
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            read_declared(dir.path(), "absent.csv", "x"),
            Err(LoadError::Io { .. })
        ));
    }

    #[test]
    fn files_cut_short_are_refused_at_their_line() {
        let line = |bytes: &[u8]| cut_short("t.csv", bytes).and_then(|e| e.line());
        // Cut inside a quoted field (which may hold line breaks): the line where it opened.
        assert_eq!(line(b"a,b\n1,\"x\n\"\"y\"\"\"\n2,\"unfinis"), Some(4));
        assert_eq!(line(b"a;b\n1;\"open"), Some(2));
        // Cut in the middle of `Ã©` (é), after other UTF-8 text, or after a BOM.
        assert_eq!(
            line(&["a,b\nCafé,1\nx,".as_bytes(), b"\xC3"].concat()),
            Some(3)
        );
        assert_eq!(line(b"\xEF\xBB\xBFa,b\nx,\xE2\x82"), Some(2));
        // Complete files, quotes inside unquoted cells, and Windows-1252 are not cut short.
        for ok in [
            &b"a,b\n1,\"x,\"\"y\"\"\"\n"[..],
            b"a,b\n5\",12\"\n",
            b"a,b\nCaf\xE9,1\n",
            b"a,b\nx,Caf\xE9",
            b"",
        ] {
            assert_eq!(line(ok), None, "{:?}", String::from_utf8_lossy(ok));
        }
        let e = read_table_bytes_err(b"org_id,name\nO1,\"Commun");
        assert!(e.contains("t.csv:2: malformed CSV: a quoted field"), "{e}");
    }

    fn read_table_bytes_err(bytes: &[u8]) -> String {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("t.csv"), bytes).unwrap();
        read_table(&dir.path().join("t.csv"), "t.csv", &Limits::default())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn reads_a_folder_and_reports_missing_tables() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("PTCES.csv"), "ptce_id,name\nP1,Un\n").unwrap();
        std::fs::write(dir.path().join("ties.csv"), "").unwrap();
        let study = read_study(dir.path()).unwrap();
        assert_eq!(study.table("ptces").unwrap().rows.len(), 1);
        let files: Vec<&str> = study.problems.iter().map(|p| p.file()).collect();
        assert_eq!(
            files,
            vec!["organizations.csv", "memberships.csv", "ties.csv"]
        );
        assert!(matches!(study.problems[2], LoadError::Empty { .. }));
        assert_eq!(study.inputs.len(), 1);
        assert_eq!(study.inputs[0].rows, Some(1));
    }

    /// A study folder of links to shared data reads as the files; a broken link is named with
    /// the system's reason, not reported missing; a link to a folder is not a table.
    #[cfg(unix)]
    #[test]
    fn links_are_read_as_the_files_they_lead_to() {
        use std::os::unix::fs::symlink;
        let shared = tempfile::tempdir().unwrap();
        std::fs::write(
            shared.path().join("p.csv"),
            "ptce_id,name\nP1,Un\nP2,Deux\n",
        )
        .unwrap();
        std::fs::write(shared.path().join("study.toml"), "title = \"lié\"\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        symlink(shared.path().join("p.csv"), dir.path().join("ptces.csv")).unwrap();
        symlink(
            shared.path().join("study.toml"),
            dir.path().join("study.toml"),
        )
        .unwrap();
        symlink(
            shared.path().join("gone.csv"),
            dir.path().join("memberships.csv"),
        )
        .unwrap();
        symlink(shared.path(), dir.path().join("organizations.csv")).unwrap();
        let study = read_study(dir.path()).unwrap();
        assert_eq!(study.table("ptces").unwrap().rows.len(), 2);
        assert_eq!(study.config_text.as_deref(), Some("title = \"lié\"\n"));
        let problems: Vec<(&str, bool)> = study
            .problems
            .iter()
            .map(|p| (p.file(), matches!(p, LoadError::Missing { .. })))
            .collect();
        assert_eq!(
            problems,
            vec![("organizations.csv", true), ("memberships.csv", false)]
        );
        let shown = study.problems[1].to_string();
        assert!(shown.contains("No such file"), "{shown}");
    }
}
