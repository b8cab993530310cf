//! Entry points of the fuzz targets (`fuzz/`), free of polars, also replayed over the committed
//! corpus by `tests/fuzz_corpus.rs` (issue 9).
//!
//! Each function takes arbitrary bytes, feeds them to the code that meets raw input, and checks
//! invariants with `assert!`: on any input it must return without panicking, in time and memory
//! bounded by the input size. A panic — from the code under test or from a failed invariant — is
//! a finding. `fuzz/README.md` says how to run the fuzzers and what they found.
//!
//! This file belongs to the fuzz crate, which compiles the modules it calls from `../src` through
//! `#[path]` attributes with the main crate's module paths (`crate::date`, `crate::validate`…);
//! `tests/fuzz_corpus.rs` includes it the same way, with those paths imported from `ptce`. It is
//! test support, not part of the library's API. These functions must use
//! only polars-free modules: `load` (its Parquet reader is replaced by a stub there), `date`,
//! `model`, `config` and its section types, `diversity`, `territory`, `validate`, `study`.

// Invariant checks are the purpose of this module: a failed assertion is a fuzzing finding.
#![allow(clippy::panic)]

use crate::config::StudyConfig;
use crate::date::{Date, DateError, PartialDate, Precision, MAX_YEAR, MIN_YEAR};
use crate::diversity::naf::{parse_naf, section, NafLevel};
use crate::load::table::{parse_csv, trim_cell};
use crate::load::text::{decode, detect_separator, looks_binary, separator_name, Encoding};
use crate::load::{LoadError, RawStudy, TABLES};
use crate::model::{is_rural_dens7, ActorType, EventType, LegalForm, Role, Sector, TieKind};
use crate::validate::cells;

/// Longest input the targets look at, in bytes; longer inputs are cut (libFuzzer's own default
/// `-max_len` is 4096, so this only bounds replays of hand-made files).
pub const MAX_FUZZ_INPUT: usize = 1 << 16;

/// Byte separating the parts of a [`fuzz_validate_tables`] input.
pub const PART_SEPARATOR: u8 = 0;

fn bounded(data: &[u8], max: usize) -> &[u8] {
    &data[..data.len().min(max)]
}

/// Number of lines of a text, counting `\n`, `\r\n` and a lone `\r` as line ends (the rule of
/// the CSV line counter).
fn count_lines(text: &[u8]) -> usize {
    let mut n = 1;
    for (i, b) in text.iter().enumerate() {
        match b {
            b'\n' => n += 1,
            b'\r' if text.get(i + 1) != Some(&b'\n') => n += 1,
            _ => {}
        }
    }
    n
}

/// Fuzz target `decode_and_split`: encoding detection, separator detection and CSV record
/// splitting with line numbers ([`crate::load::text`], [`parse_csv`]).
///
/// Invariants: valid UTF-8 without BOM is kept byte for byte; Windows-1252 gives one character
/// per byte; the separator is one of `,` `;` tab; a parsed table has one trimmed cell per header
/// column in every row, rows on strictly increasing lines after the header and within the file;
/// an error names the file and a line within the file.
///
/// # Arguments
/// * `data` - the bytes of a would-be table file (cut at [`MAX_FUZZ_INPUT`]).
///
/// # Returns
/// Nothing; panics on a finding.
///
/// # Complexity
/// O(len).
///
/// # Examples
/// ```
/// ptce::fuzzing::fuzz_decode_and_split(b"ptce_id;name\nP1;\"Un, deux\"\n");
/// ```
pub fn fuzz_decode_and_split(data: &[u8]) {
    let data = bounded(data, MAX_FUZZ_INPUT);
    let (text, encoding) = decode(data);
    let plain_utf8 = std::str::from_utf8(data).is_ok() && !data.starts_with(b"\xEF\xBB\xBF");
    assert_eq!(plain_utf8, encoding == Encoding::Utf8, "{encoding}");
    match encoding {
        Encoding::Utf8 => assert_eq!(text.as_bytes(), data),
        Encoding::Windows1252 => assert_eq!(text.chars().count(), data.len()),
        _ => {}
    }
    let sep = detect_separator(&text);
    assert!(matches!(sep, b',' | b';' | b'\t'), "separator {sep}");
    assert!(!separator_name(sep).is_empty());
    let binary = looks_binary(&text);
    let lines = count_lines(text.as_bytes());
    match parse_csv("t.csv", data) {
        Ok(t) => {
            assert!(!binary, "binary text parsed as a table");
            assert_eq!((t.encoding, t.separator), (Some(encoding), Some(sep)));
            assert!(!t.headers.is_empty());
            let mut previous = 1;
            for row in &t.rows {
                assert_eq!(row.len(), t.headers.len(), "line {}", row.line);
                assert!(
                    row.line > previous && row.line <= lines,
                    "line {}",
                    row.line
                );
                previous = row.line;
                for c in row.cells() {
                    assert_eq!(trim_cell(c), c);
                }
            }
            for (i, h) in t.headers.iter().enumerate() {
                assert_eq!(trim_cell(h), h.as_str());
                assert!(t.column(h).is_some_and(|j| j <= i), "header {h:?}");
            }
        }
        Err(e) => {
            assert_eq!(e.file(), "t.csv");
            assert!(e.to_string().starts_with("t.csv:"), "{e}");
            if let Some(line) = e.line() {
                assert!((1..=lines).contains(&line), "{e}");
            }
            if matches!(e, LoadError::Binary { .. }) {
                assert!(binary);
            }
        }
    }
}

/// Checks one parsed partial date: it prints back and reparses to itself in every spelling that
/// shows its precision, and its first and last days bound it.
fn check_partial_date(d: PartialDate) {
    let (y, m, day) = d.first_day().ymd();
    assert!((MIN_YEAR..=MAX_YEAR).contains(&y), "{d}");
    assert_eq!(Date::from_ymd(y, m, day), Some(d.first_day()));
    let shown = d.to_string();
    assert_eq!(PartialDate::parse(&shown), Ok(d), "{shown}");
    let spellings = match d.precision() {
        Precision::Year => vec![format!("{y}"), format!(" {y} ")],
        Precision::Month => vec![
            format!("{m:02}/{y}"),
            format!("{m}/{y}"),
            format!("{y}-{m}"),
        ],
        Precision::Day => vec![
            format!("{day:02}/{m:02}/{y}"),
            format!("{day}-{m}-{y}"),
            format!("{day}.{m}.{y}"),
            format!("{y}/{m:02}/{day:02}"),
            format!("{shown} 00:00:00"),
            format!("{shown}T12:30:00.5"),
        ],
    };
    for s in spellings {
        assert_eq!(PartialDate::parse(&s), Ok(d), "{s} vs {shown}");
    }
    let last = d.last_day();
    assert!(d.first_day() <= last);
    let (ly, lm, _) = last.ymd();
    assert_eq!(ly, y);
    match d.precision() {
        Precision::Year => assert_eq!((m, day, lm), (1, 1, 12)),
        Precision::Month => assert_eq!((day, lm), (1, m)),
        Precision::Day => assert_eq!(last, d.first_day()),
    }
}

fn le_i32(b: &[u8]) -> i32 {
    b.iter()
        .take(4)
        .enumerate()
        .fold(0u32, |acc, (i, &x)| acc | (u32::from(x) << (8 * i))) as i32
}

/// Fuzz target `dates`: [`PartialDate::parse`] on arbitrary text, and [`Date`]'s calendar
/// arithmetic on arbitrary numbers (the first 12 bytes read as year, month and day, and as a
/// day count).
///
/// Invariants: a date that parses prints back, and reparses to the same value in each accepted
/// spelling; its year is within [`MIN_YEAR`]..=[`MAX_YEAR`]; an out-of-range error names an
/// out-of-range year; `Date::from_ymd` accepts exactly the existing days and round-trips
/// through `ymd`, and `ymd` of any `i32` day count is a day that `from_ymd` gives back.
///
/// # Arguments
/// * `data` - arbitrary bytes (read as lossy UTF-8, cut at 256 bytes, for the text part).
///
/// # Returns
/// Nothing; panics on a finding.
///
/// # Complexity
/// O(len).
pub fn fuzz_dates(data: &[u8]) {
    let text = String::from_utf8_lossy(bounded(data, 256));
    match PartialDate::parse(&text) {
        Ok(d) => check_partial_date(d),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            if let DateError::YearOutOfRange(y) = e {
                assert!(!(MIN_YEAR..=MAX_YEAR).contains(&y), "{y}");
            }
        }
    }
    if data.len() >= 12 {
        let year = le_i32(&data[0..4]);
        let month = le_i32(&data[4..8]) as u32;
        let day = le_i32(&data[8..12]) as u32;
        if let Some(d) = Date::from_ymd(year, month, day) {
            assert_eq!(d.ymd(), (year, month, day));
            assert_eq!(Date::from_days(d.days()), d);
        }
        let days = le_i32(&data[0..4]) ^ le_i32(&data[8..12]);
        let (y, m, dd) = Date::from_days(days).ymd();
        assert!((1..=12).contains(&m) && (1..=crate::date::days_in_month(y, m)).contains(&dd));
        assert_eq!(
            Date::from_ymd(y, m, dd),
            Some(Date::from_days(days)),
            "{days}"
        );
        let (month, day) = (month % 16, day % 40);
        let parts = PartialDate::from_parts(year, Some(month), Some(day));
        if let Some(d) = parts {
            check_partial_date(d);
        }
        let valid = (MIN_YEAR..=MAX_YEAR).contains(&year)
            && (1..=12).contains(&month)
            && (1..=crate::date::days_in_month(year, month)).contains(&day);
        assert_eq!(parts.is_some(), valid, "{year}-{month}-{day}");
    }
}

fn check_vocabulary<T: Copy + PartialEq + std::fmt::Debug>(
    cell: &str,
    parse: fn(&str) -> Option<T>,
    as_str: fn(T) -> &'static str,
    names: &[&'static str],
) {
    let near = cells::nearest(cell, names);
    if let Some(n) = near {
        assert!(names.contains(&n));
    }
    if let Some(v) = parse(cell) {
        assert_eq!(parse(as_str(v)), Some(v));
        assert_eq!(near, Some(as_str(v)), "{cell:?}");
    }
}

/// Fuzz target `cells`: the cell readers of [`crate::validate::cells`] (null markers, numbers,
/// commune codes, SIREN, legal categories, edit distance and suggestions), the vocabularies of
/// [`crate::model`] and the NAF parser of [`crate::diversity::naf`].
///
/// Invariants: numbers are finite and their scientific spelling reparses to the same value;
/// accepted codes are canonical and reparse to themselves; an exact vocabulary value is its own
/// nearest suggestion; the edit distance is a metric bounded by the lengths.
///
/// # Arguments
/// * `data` - arbitrary bytes (read as lossy UTF-8, cut at 1024 bytes).
///
/// # Returns
/// Nothing; panics on a finding.
///
/// # Complexity
/// O(len²) for the edit distance of the two halves (bounded by the cut).
pub fn fuzz_cells(data: &[u8]) {
    let text = String::from_utf8_lossy(bounded(data, 1024));
    let cell = text.as_ref();
    if cells::is_null(cell, false) {
        assert!(cells::is_null(cell, true));
    }
    if let Some(v) = cells::parse_number(cell) {
        assert!(v.is_finite());
        assert_eq!(cells::parse_number(&format!("{v:e}")), Some(v), "{cell:?}");
    }
    if let Ok(code) = cells::commune_code(cell) {
        let (cells::CommuneCode::Valid(c) | cells::CommuneCode::Padded(c)) = code;
        assert_eq!(c.len(), 5);
        assert_eq!(
            cells::commune_code(&c),
            Ok(cells::CommuneCode::Valid(c.clone()))
        );
    }
    if let Ok(s) = cells::siren(cell) {
        assert!(s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(cells::siren(&s), Ok(s.clone()));
    }
    if let Ok(s) = cells::legal_category(cell) {
        assert_eq!(cells::legal_category(&s), Ok(s.clone()));
    }
    let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
    let _ = cells::luhn_ok(&digits);
    match parse_naf(cell) {
        Ok(code) => {
            assert_eq!(parse_naf(&code.to_string()), Ok(code), "{cell:?}");
            assert_eq!(section(code.division), Some(code.section()));
            for level in [NafLevel::Section, NafLevel::Division, NafLevel::Group] {
                assert!(!code.label(level).is_empty());
            }
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    check_vocabulary(
        cell,
        ActorType::parse,
        ActorType::as_str,
        &ActorType::names(),
    );
    check_vocabulary(
        cell,
        LegalForm::parse,
        LegalForm::as_str,
        &LegalForm::names(),
    );
    check_vocabulary(cell, Role::parse, Role::as_str, &Role::names());
    check_vocabulary(cell, TieKind::parse, TieKind::as_str, &TieKind::names());
    check_vocabulary(cell, Sector::parse, Sector::as_str, &Sector::names());
    check_vocabulary(
        cell,
        EventType::parse,
        EventType::as_str,
        &EventType::names(),
    );
    if let Some(&b) = data.first() {
        assert_eq!(is_rural_dens7(b).is_some(), (1..=7).contains(&b));
    }
    let chars: Vec<char> = cell.chars().take(256).collect();
    let (a, b) = chars.split_at(chars.len() / 2);
    let (a, b): (String, String) = (a.iter().collect(), b.iter().collect());
    let d = cells::edit_distance(&a, &b);
    assert_eq!(d, cells::edit_distance(&b, &a));
    assert_eq!(cells::edit_distance(&a, &a), 0);
    let (la, lb) = (a.chars().count(), b.chars().count());
    assert!(d <= la.max(lb) && d >= la.abs_diff(lb), "{a:?} {b:?} {d}");
}

/// Fuzz target `study_toml`: [`StudyConfig::parse`] (TOML syntax, unknown keys, every section's
/// checks and the stage model's validation) on arbitrary bytes decoded as the loader decodes
/// `study.toml`.
///
/// Invariants: an error has a line and column within the text; an accepted configuration has a
/// consistent stage model (each stage found at its own position, each of its event types mapped
/// to it, the formal stage inside the model), a reference date that parses, and survives a
/// round trip through TOML unchanged.
///
/// # Arguments
/// * `data` - the bytes of a would-be `study.toml` (cut at [`MAX_FUZZ_INPUT`]).
///
/// # Returns
/// Nothing; panics on a finding.
///
/// # Complexity
/// O(len) for the parse, plus the stage model's O(s²) checks.
pub fn fuzz_study_toml(data: &[u8]) {
    let (text, _) = decode(bounded(data, MAX_FUZZ_INPUT));
    match StudyConfig::parse(&text) {
        Ok(config) => {
            let model = &config.stages;
            let stages = model.stages();
            assert!(!stages.is_empty());
            assert!(model.formal_stage() < stages.len());
            for (i, stage) in stages.iter().enumerate() {
                assert!(crate::stages::is_safe_id(stage.id()), "{:?}", stage.id());
                assert_eq!(model.position(stage.id()), Some(i));
                for &e in stage.events() {
                    assert_eq!(model.stage_of(e), Some(i), "{e}");
                }
            }
            assert_eq!(
                config.reference_date.is_some(),
                config.reference_date().is_some()
            );
            // Values TOML cannot write (a seed above i64::MAX) cannot have been read from TOML
            // either, so serialising must succeed.
            let written = toml::to_string(&config);
            assert!(written.is_ok(), "{written:?}");
            if let Ok(written) = written {
                let again = StudyConfig::parse(&written);
                assert_eq!(again.as_ref().ok(), Some(&config), "{written}\n{again:?}");
            }
        }
        Err(e) => {
            let lines = text.split('\n').count();
            assert!((1..=lines).contains(&e.line), "{e}");
            assert!(e.column >= 1, "{e}");
            assert!(e.to_string().starts_with("study.toml:"), "{e}");
        }
    }
}

/// Fuzz target `declared_files`: the two files `study.toml` can name, decoded as
/// [`crate::load::read_declared`] decodes them, each input read both as a disparity matrix
/// ([`crate::diversity::Disparity::from_csv`]) and as an INSEE density grid
/// ([`crate::territory::parse_insee_grid`]).
///
/// Invariants: an accepted matrix is square over its labels, symmetric, zero on the diagonal,
/// with every distance in [0, 1], and selecting its own labels gives it back; a refused one
/// lists at least one located problem; an accepted grid holds canonical commune codes with
/// levels in range, and its problems lie below its header line.
///
/// # Arguments
/// * `data` - the bytes of a would-be matrix or grid file (cut at [`MAX_FUZZ_INPUT`]).
///
/// # Returns
/// Nothing; panics on a finding.
///
/// # Complexity
/// O(len + n²) for a matrix of n labels.
pub fn fuzz_declared_files(data: &[u8]) {
    use crate::diversity::Disparity;
    use crate::territory::{canonical_commune, parse_insee_grid};
    let (text, _) = decode(bounded(data, MAX_FUZZ_INPUT));
    match Disparity::from_csv(&text) {
        Ok(d) => {
            let n = d.len();
            assert_eq!(d.labels().len(), n);
            for i in 0..n {
                assert_eq!(d.get(i, i), Some(0.0));
                for j in 0..n {
                    let v = d.get(i, j);
                    assert!(v.is_some_and(|v| (0.0..=1.0).contains(&v)), "{v:?}");
                    assert_eq!(v, d.get(j, i));
                }
            }
            assert_eq!(d.get(n, 0), None);
            let same = d.select(d.labels());
            assert_eq!(same.as_ref().ok(), Some(&d), "{same:?}");
        }
        Err(e) => {
            assert!(!e.problems.is_empty());
            assert!(e.problems.iter().all(|p| p.line >= 1), "{e}");
        }
    }
    match parse_insee_grid(&text) {
        Ok(g) => {
            assert!(g.header_line >= 1);
            assert!(matches!(g.separator, ';' | ',' | '\t'));
            assert!(!g.entries.is_empty());
            for (code, e) in &g.entries {
                assert_eq!(canonical_commune(code).as_deref(), Some(code.as_str()));
                assert!(e.dens7.is_none_or(|v| (1..=7).contains(&v)), "{e:?}");
                assert!(e.dens.is_none_or(|v| (1..=7).contains(&v)), "{e:?}");
                assert!(e.dens_aav.is_none_or(|v| (1..=4).contains(&v)), "{e:?}");
            }
            assert!(matches!(g.dens_levels, 3 | 4 | 7));
            assert!(g.problems.iter().all(|p| p.line > g.header_line));
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// Splits a [`fuzz_validate_tables`] input into a study held in memory, as
/// [`crate::load::read_study`] would read it from a folder: the parts separated by
/// [`PART_SEPARATOR`] are `study.toml` then the tables of [`TABLES`] in contract order; an
/// empty or absent part is an absent file.
///
/// # Arguments
/// * `data` - the bytes of the whole study.
///
/// # Returns
/// The [`RawStudy`], with the loader's problems (missing required table, unreadable table).
///
/// # Complexity
/// O(len).
pub fn raw_study_from_bytes(data: &[u8]) -> RawStudy {
    let mut parts = data.split(|&b| b == PART_SEPARATOR);
    let config_text = parts
        .next()
        .filter(|p| !p.is_empty())
        .map(|p| decode(p).0.into_owned());
    let mut study = RawStudy {
        dir: std::path::PathBuf::from("fuzz"),
        config_text,
        tables: Vec::new(),
        inputs: Vec::new(),
        problems: Vec::new(),
    };
    for &(name, required) in TABLES {
        let file = format!("{name}.csv");
        match parts.next().filter(|p| !p.is_empty()) {
            None if required => study.problems.push(LoadError::Missing { file }),
            None => {}
            Some(bytes) => match parse_csv(&file, bytes) {
                Ok(table) => study.tables.push((name.to_string(), table)),
                Err(e) => study.problems.push(e),
            },
        }
    }
    study
}

/// Fuzz target `validate_tables`: a whole study in memory ([`raw_study_from_bytes`]) through
/// every validation rule of [`crate::validate::validate`].
///
/// Invariants: the study is usable exactly when the report has no error; every problem names
/// a file of the study and a line ≥ 1 when it has one; a usable study has unique ids, only
/// references to known PTCEs and organizations, and no date after its reference date.
///
/// # Arguments
/// * `data` - parts separated by NUL bytes: `study.toml`, `ptces`, `organizations`,
///   `memberships`, `ties`, `activities`, `participations`, `events` (cut at
///   [`MAX_FUZZ_INPUT`]).
///
/// # Returns
/// Nothing; panics on a finding.
///
/// # Complexity
/// O(len log len).
pub fn fuzz_validate_tables(data: &[u8]) {
    let raw = raw_study_from_bytes(bounded(data, MAX_FUZZ_INPUT));
    let v = crate::validate::validate(&raw);
    assert_eq!(v.study.is_some(), !v.report.has_errors());
    assert_eq!(v.rows.len(), raw.tables.len());
    for p in &v.report.problems {
        let known =
            p.file == "study.toml" || TABLES.iter().any(|(n, _)| p.file == format!("{n}.csv"));
        assert!(known, "{p:?}");
        assert!(p.line.is_none_or(|l| l >= 1), "{p:?}");
        assert!(!p.location().is_empty());
    }
    let Some(study) = v.study else { return };
    let ptces: std::collections::BTreeSet<&str> =
        study.ptces.iter().map(|p| p.ptce_id.as_str()).collect();
    assert_eq!(ptces.len(), study.ptces.len(), "duplicate PTCE ids");
    let orgs: std::collections::BTreeSet<&str> = study
        .organizations
        .iter()
        .map(|o| o.org_id.as_str())
        .collect();
    assert_eq!(orgs.len(), study.organizations.len(), "duplicate org ids");
    let reference = study.reference_date;
    let mut dates = Vec::new();
    for m in &study.memberships {
        assert!(ptces.contains(m.ptce_id.as_str()) && orgs.contains(m.org_id.as_str()));
        assert!(study.organization(&m.org_id).is_some());
        dates.extend([Some(m.joined), m.left].into_iter().flatten());
    }
    for t in study.ties.iter().flatten() {
        assert!(ptces.contains(t.ptce_id.as_str()));
        dates.extend([Some(t.start), t.end].into_iter().flatten());
    }
    for a in study.activities.iter().flatten() {
        assert!(ptces.contains(a.ptce_id.as_str()));
        dates.extend([Some(a.start), a.end].into_iter().flatten());
    }
    for e in study.events.iter().flatten() {
        assert!(ptces.contains(e.ptce_id.as_str()));
        dates.push(e.date);
    }
    dates.extend(study.ptces.iter().filter_map(|p| p.founded));
    for d in dates {
        assert!(d.first_day() <= reference, "{d} after {reference}");
    }
}

/// Names of the parts a [`fuzz_workbook`] input assembles into an `.xlsx` archive, in order.
const XLSX_PARTS: [&str; 8] = [
    "[Content_Types].xml",
    "_rels/.rels",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/worksheets/sheet2.xml",
];

/// Names of the parts a [`fuzz_workbook`] input assembles into an `.ods` archive, in order.
const ODS_PARTS: [&str; 4] = [
    "mimetype",
    "META-INF/manifest.xml",
    "content.xml",
    "styles.xml",
];

/// A zip archive (entries stored, not compressed) of `parts` under `names`, in order; an empty
/// part is an absent entry. Built in the harness so that mutations of the XML reach the
/// workbook parser instead of failing the archive's checksums.
fn stored_zip(names: &[&str], parts: &[&[u8]]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, part) in names.iter().zip(parts) {
        if part.is_empty() {
            continue;
        }
        assert!(zip.start_file(*name, options).is_ok());
        assert!(zip.write_all(part).is_ok());
    }
    match zip.finish() {
        Ok(cursor) => cursor.into_inner(),
        Err(e) => panic!("writing a stored zip in memory failed: {e}"),
    }
}

/// Checks what the workbook readers return: every problem is located in the workbook (a cell
/// location parses back as `]!A1`), and every table has one trimmed cell per header column and
/// rows on strictly increasing sheet rows below the header.
fn check_workbook_result(
    shown: &str,
    tables: &[(String, crate::load::RawTable)],
    problems: &[LoadError],
) {
    use crate::load::sheet_cells::parse_a1_suffix;
    for p in problems {
        let file = p.file();
        assert!(file.starts_with(shown), "{p} is not located in {shown}");
        if file.contains("]!") {
            let (row, col) = parse_a1_suffix(file).unwrap_or_else(|| panic!("bad cell in {file}"));
            assert!(row >= 1 && col >= 1, "{file}");
        }
        assert!(!p.to_string().is_empty());
    }
    let mut names: Vec<&str> = tables.iter().map(|(n, _)| n.as_str()).collect();
    let before = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), before, "a table read twice");
    for (name, t) in tables {
        assert!(
            TABLES.iter().any(|(n, _)| n == name),
            "unknown table {name}"
        );
        assert!(t.file.starts_with(shown), "{}", t.file);
        let mut last = 0;
        for row in &t.rows {
            assert_eq!(row.len(), t.headers.len(), "{}:{}", t.file, row.line);
            assert!(row.line > last.max(1), "{}: rows out of order", t.file);
            last = row.line;
            for c in row.cells() {
                assert_eq!(trim_cell(c), c, "{}:{}: untrimmed cell", t.file, row.line);
            }
        }
    }
}

/// Fuzz target `workbook`: the spreadsheet readers (`load::sheet`, calamine underneath) on any
/// archive. The first byte chooses the format (bit 0: `.xlsx` or `.ods`) and the input's shape
/// (bit 1): the rest is either the archive's bytes as they are, or its parts separated by NUL
/// bytes (see [`XLSX_PARTS`], [`ODS_PARTS`]), assembled here into a stored zip. Both a one-workbook
/// study ([`crate::load::sheet::read_study_workbook`]) and a one-table workbook
/// ([`crate::load::sheet::read_table_workbook`]) are read.
///
/// Invariants: see `check_workbook_result`; a one-table workbook read without error is also
/// readable as a study (same sheet parser), and a problem never comes without a location.
pub fn fuzz_workbook(data: &[u8]) {
    use crate::load::sheet::{read_study_workbook, read_table_workbook};
    let Some((&mode, rest)) = bounded(data, MAX_FUZZ_INPUT).split_first() else {
        return;
    };
    let (shown_study, shown_table, names): (&str, &str, &[&str]) = if mode & 1 == 0 {
        ("study.xlsx", "organizations.xlsx", &XLSX_PARTS)
    } else {
        ("study.ods", "organizations.ods", &ODS_PARTS)
    };
    let assembled;
    let bytes: &[u8] = if mode & 2 == 0 {
        rest
    } else {
        let parts: Vec<&[u8]> = rest.split(|&b| b == PART_SEPARATOR).collect();
        assembled = stored_zip(names, &parts);
        &assembled
    };
    let limits = crate::load::Limits::default();
    let (tables, problems) = read_study_workbook(shown_study, bytes, TABLES, &limits);
    check_workbook_result(shown_study, &tables, &problems);
    match read_table_workbook(shown_table, bytes, &limits) {
        Ok((table, notes)) => {
            check_workbook_result(shown_table, &[("organizations".to_string(), table)], &notes);
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "a refusal without a reason");
            check_workbook_result(shown_table, &[], &problems);
        }
    }
}

/// Fuzz target `geography`: commune and department codes as a researcher types them, resolved
/// against the shipped official geography (`territory::cog`, `territory::place`), and the
/// parsers of the shipped reference files (`parse_geography`, `parse_outlines`) on any text.
///
/// Invariants: a resolved code is canonical and resolves to a current commune whose own code
/// resolves to itself; canonical forms are idempotent; the parsers return rows or a located
/// error (line ≥ 2, below the header).
pub fn fuzz_geography(data: &[u8]) {
    use crate::territory::geography::parse_geography;
    use crate::territory::outlines::parse_outlines;
    use crate::territory::{
        canonical_commune, canonical_department, department_of_code, geography, resolve_commune,
        GeographyError,
    };
    let (text, _) = decode(bounded(data, MAX_FUZZ_INPUT));
    let geo = geography().unwrap_or_else(|e| panic!("the shipped geography: {e}"));
    for raw in text.split(['\n', ';', ',']).take(64) {
        if let Some(code) = canonical_commune(raw) {
            assert_eq!(canonical_commune(&code).as_deref(), Some(code.as_str()));
            let dep = department_of_code(&code);
            assert!(code.starts_with(dep), "{code} {dep}");
        }
        if let Ok(r) = resolve_commune(geo, raw) {
            assert_eq!(canonical_commune(&r.code).as_deref(), Some(r.code.as_str()));
            let again = resolve_commune(geo, &r.commune.code)
                .unwrap_or_else(|e| panic!("{} does not resolve: {e}", r.commune.code));
            assert_eq!(again.commune.code, r.commune.code);
        }
        let d = canonical_department(raw);
        assert_eq!(canonical_department(&d), d, "{raw:?}");
    }
    let (communes, departments) = text.split_once('\0').unwrap_or((&text, ""));
    let located = |e: GeographyError| match e {
        GeographyError::BadRow { line, .. } => assert!(line >= 2, "line {line}"),
        GeographyError::Decompress(m) => panic!("parsing text cannot fail to decompress: {m}"),
    };
    match parse_geography(communes, departments) {
        Ok(g) => {
            for c in &g.communes {
                assert!(g.rows(&c.code).any(|x| x.name == c.name));
            }
        }
        Err(e) => located(e),
    }
    match parse_outlines(&text) {
        Ok(outlines) => {
            for o in &outlines {
                assert!(!o.rings.is_empty(), "{}", o.department);
            }
        }
        Err(e) => located(e),
    }
}

/// Fuzz target `sirene`: the reader of INSEE's SIRENE stocks (`load::sirene::read_register`) on
/// any CSV register, plain or zipped (first byte: bit 0 chooses `.csv` or `.zip`; a zip is built
/// here around the rest, stored, so that mutations reach the CSV; bit 1 reads the rest as the
/// archive itself). The register is written to a temporary file, as the reader needs a path;
/// the keys asked for are three fixed SIRENs and every 9-digit token of the input's first
/// 512 bytes. (Parquet registers are read by polars, which the fuzz build leaves out.)
///
/// Invariants: rows are kept only for the keys asked, each with one cell per column asked,
/// keyed by its first cell; no more rows kept than scanned; errors name the register.
pub fn fuzz_sirene(data: &[u8]) {
    use crate::enrich::LEGAL_UNIT_COLUMNS;
    use crate::load::sirene::read_register;
    use std::collections::BTreeSet;
    let Some((&mode, rest)) = bounded(data, MAX_FUZZ_INPUT).split_first() else {
        return;
    };
    let name = if mode & 1 == 0 {
        "StockUniteLegale.csv"
    } else {
        "StockUniteLegale.zip"
    };
    let bytes = if mode & 3 == 1 {
        stored_zip(&["StockUniteLegale_utf8.csv"], &[rest])
    } else {
        rest.to_vec()
    };
    let mut keys: BTreeSet<String> = ["552100554", "356000000", "812345676"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let head = String::from_utf8_lossy(&rest[..rest.len().min(512)]).into_owned();
    for token in head.split(|c: char| !c.is_ascii_digit()) {
        if token.len() == 9 {
            keys.insert(token.to_string());
        }
    }
    let dir = std::env::temp_dir().join(format!("ptce-fuzz-sirene-{}", std::process::id()));
    assert!(std::fs::create_dir_all(&dir).is_ok());
    assert!(std::fs::write(dir.join(name), &bytes).is_ok());
    match read_register(&dir, name, "sirene", LEGAL_UNIT_COLUMNS, &keys) {
        Ok(register) => {
            assert!(register.rows.len() as u64 <= register.scanned);
            for (key, cells) in &register.rows {
                assert!(keys.contains(key), "{key} was not asked for");
                assert_eq!(cells.len(), LEGAL_UNIT_COLUMNS.len(), "{key}");
                assert_eq!(&cells[0], key);
            }
        }
        Err(e) => assert_eq!(e.file(), name, "{e}"),
    }
}
