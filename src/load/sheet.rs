//! Reading study tables kept in spreadsheets (`.xlsx`, `.xlsm`, `.ods`) with calamine.
//!
//! A table is either the first visible sheet of its own workbook (`organizations.xlsx`), or a
//! sheet of one workbook for the whole study (`study.xlsx`), named after the table (matched
//! case-insensitively, without accents, spaces or hyphens read as `_`). Each sheet becomes a
//! [`RawTable`] whose `file` is `organizations.xlsx[Membres]` and whose rows carry their
//! spreadsheet row number, with columns from column A: validation then names cells as
//! `organizations.xlsx[Membres]!C12`.
//!
//! Cells are turned into the text a CSV file would hold ([`super::sheet_cells`]); formulas are
//! read through their cached values (a formula without one is an error naming the cell); merged
//! cells give their value to every cell of the merged area (`.xlsx`; LibreOffice's `.ods` keeps
//! covered cells, see [`super::sheet_ods`]); empty trailing rows and columns are dropped; hidden
//! sheets are ignored with a note.

use super::sheet_cells::{a1, cell_text};
use super::table::{trim_cell, RawTable, Rows};
use super::{Limits, LoadError};
use calamine::{Data, Dimensions, Ods, Range, Reader, SheetVisible, Xlsx};
use std::io::Cursor;

/// File extensions read as workbooks.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "ods"];

/// Names of the one-workbook study (`study.xlsx`, `study.xlsm`, `study.ods`), stem.
pub const STUDY_WORKBOOK: &str = "study";

/// Sheets of a study workbook that are not tables and are skipped without a warning.
const IGNORED_SHEETS: &[&str] = &["readme", "lisez_moi", "notes"];

/// Whether a file name has a workbook extension.
pub fn is_workbook(name: &str) -> bool {
    let lower = name.to_lowercase();
    WORKBOOK_EXTENSIONS
        .iter()
        .any(|ext| lower.ends_with(&format!(".{ext}")))
}

/// A sheet name as compared with table names: [`super::text::name_key`] (lowercase, accents
/// removed, spaces and hyphens as `_`). `"Événements"` → `"evenements"`, `"Participations "` →
/// `"participations"`.
pub fn sheet_key(name: &str) -> String {
    super::text::name_key(name)
}

/// A warning (not an error) about a sheet or cell.
fn note(file: String, message: String) -> LoadError {
    LoadError::Sheet {
        file,
        message,
        warning: true,
    }
}

fn error(file: String, message: String) -> LoadError {
    LoadError::Sheet {
        file,
        message,
        warning: false,
    }
}

/// An open workbook: its sheets (name, visible) and the reader.
pub struct Workbook<'a> {
    shown: String,
    reader: Book<'a>,
    ods_spans: Vec<(String, Vec<Dimensions>)>,
    limits: Limits,
}

enum Book<'a> {
    Xlsx(Box<Xlsx<Cursor<&'a [u8]>>>),
    Ods(Box<Ods<Cursor<&'a [u8]>>>),
}

impl<'a> Workbook<'a> {
    /// Opens the bytes of a workbook (`shown` is its name; the extension chooses the format),
    /// once its archive passed [`super::sheet_guard::check_workbook`].
    ///
    /// # Errors
    /// [`LoadError::Io`] when the bytes are not a readable workbook of that format;
    /// [`LoadError::Limit`] when its archive passes `limits`.
    pub fn open(shown: &str, bytes: &'a [u8], limits: &Limits) -> Result<Self, LoadError> {
        super::sheet_guard::check_workbook(shown, bytes, limits)?;
        let bad = |m: String| LoadError::Io {
            file: shown.to_string(),
            message: format!("cannot read the workbook: {m}"),
        };
        let lower = shown.to_lowercase();
        let (reader, ods_spans) = if lower.ends_with(".ods") {
            let spans = super::sheet_ods::merged_areas(bytes).map_err(bad)?;
            let ods = Ods::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
            (Book::Ods(Box::new(ods)), spans)
        } else {
            let x = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
            (Book::Xlsx(Box::new(x)), Vec::new())
        };
        Ok(Workbook {
            shown: shown.to_string(),
            reader,
            ods_spans,
            limits: *limits,
        })
    }

    /// Sheets in workbook order: (name, visible).
    pub fn sheets(&self) -> Vec<(String, bool)> {
        let meta = match &self.reader {
            Book::Xlsx(x) => x.sheets_metadata(),
            Book::Ods(o) => o.sheets_metadata(),
        };
        meta.iter()
            .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
            .collect()
    }

    /// Reads one sheet as a table.
    ///
    /// # Returns
    /// The table and its warnings (padded codes).
    ///
    /// # Errors
    /// The cell errors of the sheet (error values, formulas without a cached value, a value in
    /// a column without a header, Excel's 1900-02-29), all of them.
    pub fn read_sheet(
        &mut self,
        sheet: &str,
    ) -> Result<(RawTable, Vec<LoadError>), Vec<LoadError>> {
        let file = format!("{}[{sheet}]", self.shown);
        let fail = |m: String| vec![error(file.clone(), format!("cannot read the sheet: {m}"))];
        let (range, formulas, merges) = match &mut self.reader {
            Book::Xlsx(x) => {
                let range = x.worksheet_range(sheet).map_err(|e| fail(e.to_string()))?;
                let formulas = x.worksheet_formula(sheet).unwrap_or_default();
                let merges = match x.worksheet_merge_cells(sheet) {
                    Some(Ok(m)) => m,
                    _ => Vec::new(),
                };
                (range, formulas, merges)
            }
            Book::Ods(o) => {
                let range = o.worksheet_range(sheet).map_err(|e| fail(e.to_string()))?;
                let formulas = o.worksheet_formula(sheet).unwrap_or_default();
                let merges = self
                    .ods_spans
                    .iter()
                    .find(|(n, _)| n == sheet)
                    .map(|(_, m)| m.clone())
                    .unwrap_or_default();
                (range, formulas, merges)
            }
        };
        check_size(&file, &range, &self.limits).map_err(|e| vec![e])?;
        sheet_table(&file, &range, &formulas, &merges, &self.limits)
    }
}

/// The data rows (below the header row), columns and cells of a sheet's used area against
/// `limits` (the checks of a Parquet footer, [`super::parquet::check_declared`]), as the archive
/// scan of [`super::sheet_guard`] counts them.
fn check_size(file: &str, range: &Range<Data>, limits: &Limits) -> Result<(), LoadError> {
    let declared = super::parquet::Declared {
        rows: (range.height() as u64).saturating_sub(1),
        columns: range.width() as u64,
        decompressed: 0,
    };
    super::parquet::check_declared(file, declared, limits)
}

/// The value at absolute (row, column), a merged area giving its top-left value to all its
/// cells.
fn value_at<'r>(range: &'r Range<Data>, merges: &[Dimensions], r: u32, c: u32) -> Option<&'r Data> {
    let (r, c) = merges
        .iter()
        .find(|m| m.contains(r, c))
        .map_or((r, c), |m| m.start);
    range.get_value((r, c))
}

fn is_blank(d: Option<&Data>) -> bool {
    match d {
        None | Some(Data::Empty) => true,
        Some(Data::String(s)) => trim_cell(s).is_empty(),
        _ => false,
    }
}

/// Builds the raw table of one sheet (see the module documentation).
fn sheet_table(
    file: &str,
    range: &Range<Data>,
    formulas: &Range<String>,
    merges: &[Dimensions],
    limits: &Limits,
) -> Result<(RawTable, Vec<LoadError>), Vec<LoadError>> {
    let (Some(_), Some(end)) = (range.start(), range.end()) else {
        return Err(vec![error(
            file.to_string(),
            "sheet is empty; expected a header row naming the columns".to_string(),
        )]);
    };
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let at = |r: u32, c: u32| value_at(range, merges, r, c);
    let Some(header_row) = (first_row..=end.0).find(|&r| (0..=end.1).any(|c| !is_blank(at(r, c))))
    else {
        return Err(vec![error(
            file.to_string(),
            "sheet is empty; expected a header row naming the columns".to_string(),
        )]);
    };
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let text_of = |r: u32,
                   c: u32,
                   header: &str,
                   errors: &mut Vec<LoadError>,
                   warnings: &mut Vec<LoadError>|
     -> String {
        let loc = format!("{file}!{}", a1(r, c));
        let value = at(r, c);
        let formula = formulas.get_value((r, c)).filter(|f| !f.is_empty());
        match (value, formula) {
            (None | Some(Data::Empty), Some(f)) => {
                errors.push(error(
                    loc,
                    format!("the formula ={f} has no cached value (the workbook was saved without computing it); open and save it in Excel or LibreOffice, or type the value"),
                ));
                String::new()
            }
            (Some(v), _) => match cell_text(v, header) {
                Ok(t) if t.text.len() as u64 > limits.max_cell_bytes => {
                    let what = format!("a cell of more than {} bytes", limits.max_cell_bytes);
                    errors.push(limits.exceeded(&loc, None, "max_cell_bytes", what));
                    String::new()
                }
                Ok(t) => {
                    if let Some(w) = t.warning {
                        warnings.push(note(loc, w));
                    }
                    trim_cell(&t.text).to_string()
                }
                Err(m) => {
                    errors.push(error(loc, m));
                    String::new()
                }
            },
            (None, None) => String::new(),
        }
    };
    // Columns from A to the last non-blank header cell (trailing empty columns dropped).
    let width = (0..=end.1)
        .rev()
        .find(|&c| !is_blank(at(header_row, c)))
        .map_or(0, |c| c + 1);
    let headers: Vec<String> = (0..width)
        .map(|c| text_of(header_row, c, "", &mut errors, &mut warnings))
        .collect();
    let mut rows = Rows::new(headers.len());
    let mut cells: Vec<String> = Vec::with_capacity(headers.len());
    for r in header_row + 1..=end.0 {
        if (0..=end.1)
            .all(|c| is_blank(at(r, c)) && formulas.get_value((r, c)).is_none_or(String::is_empty))
        {
            continue; // blank and trailing rows
        }
        if let Some(c) = (width..=end.1).find(|&c| !is_blank(at(r, c))) {
            errors.push(error(
                format!("{file}!{}", a1(r, c)),
                format!(
                    "value in a column without a header (the header row is row {}, with {width} columns); name the column or clear the cell",
                    header_row + 1
                ),
            ));
        }
        cells.clear();
        cells.extend(
            (0..width).map(|c| text_of(r, c, &headers[c as usize], &mut errors, &mut warnings)),
        );
        rows.push(r as usize + 1, cells.iter().map(String::as_str));
    }
    rows.shrink();
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        RawTable {
            file: file.to_string(),
            headers,
            rows,
            encoding: None,
            separator: None,
        },
        warnings,
    ))
}

/// Reads a table kept in its own workbook: its first visible sheet; hidden sheets are noted.
///
/// # Returns
/// The table and its warnings.
///
/// # Errors
/// Every problem found, errors and warnings alike (the caller sorts them by severity).
pub fn read_table_workbook(
    shown: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<(RawTable, Vec<LoadError>), Vec<LoadError>> {
    let mut book = Workbook::open(shown, bytes, limits).map_err(|e| vec![e])?;
    let mut notes = Vec::new();
    let mut chosen = None;
    for (name, visible) in book.sheets() {
        if !visible {
            notes.push(note(
                format!("{shown}[{name}]"),
                "hidden sheet ignored".to_string(),
            ));
        } else if chosen.is_none() {
            chosen = Some(name);
        }
    }
    let Some(sheet) = chosen else {
        notes.push(error(
            shown.to_string(),
            "the workbook has no visible sheet; expected the table on its first visible sheet"
                .to_string(),
        ));
        return Err(notes);
    };
    match book.read_sheet(&sheet) {
        Ok((t, w)) => {
            notes.extend(w);
            Ok((t, notes))
        }
        Err(e) => {
            notes.extend(e);
            Err(notes)
        }
    }
}

/// Reads the tables of a one-workbook study.
///
/// # Arguments
/// * `tables` — the contract's tables: (name, required).
///
/// # Returns
/// The tables found (contract order) and every problem: a required table without a sheet (an
/// error listing the sheets found and the names expected), a sheet that matches no table (a
/// warning), hidden sheets (a note), cell errors and warnings.
pub fn read_study_workbook(
    shown: &str,
    bytes: &[u8],
    tables: &[(&str, bool)],
    limits: &Limits,
) -> (Vec<(String, RawTable)>, Vec<LoadError>) {
    let mut problems = Vec::new();
    let mut book = match Workbook::open(shown, bytes, limits) {
        Ok(b) => b,
        Err(e) => return (Vec::new(), vec![e]),
    };
    let sheets = book.sheets();
    let mut visible = Vec::new();
    for (name, vis) in &sheets {
        let key = sheet_key(name);
        if !vis {
            problems.push(note(
                format!("{shown}[{name}]"),
                "hidden sheet ignored".to_string(),
            ));
        } else if IGNORED_SHEETS.contains(&key.as_str()) {
        } else if !tables.iter().any(|(t, _)| *t == key) {
            let expected: Vec<&str> = tables.iter().map(|(t, _)| *t).collect();
            problems.push(note(
                format!("{shown}[{name}]"),
                format!(
                    "sheet matches no table and is ignored; expected sheets named {}",
                    expected.join(", ")
                ),
            ));
        } else {
            visible.push(name.clone());
        }
    }
    let mut found = Vec::new();
    for &(table, required) in tables {
        let matching: Vec<&String> = visible.iter().filter(|n| sheet_key(n) == table).collect();
        match matching.as_slice() {
            [] if required => {
                let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
                problems.push(error(
                    shown.to_string(),
                    format!(
                        "required table {table:?} has no sheet (sheets found: {}); expected a sheet named {table} (required: {})",
                        names.join(", "),
                        tables.iter().filter(|t| t.1).map(|t| t.0).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            [] => {}
            [one] => match book.read_sheet(one) {
                Ok((t, w)) => {
                    problems.extend(w);
                    found.push((table.to_string(), t));
                }
                Err(e) => problems.extend(e),
            },
            several => problems.push(error(
                shown.to_string(),
                format!(
                    "several sheets match table {table:?} ({}); keep only one",
                    several
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
    (found, problems)
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
