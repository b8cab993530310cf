//! Parser of INSEE's grille communale de densité as researchers export it to CSV.
//!
//! INSEE publishes the grid as a spreadsheet whose header row sits under title rows; exported to
//! CSV it is `;`-separated (French locale) or `,`-separated, with code headers (`CODGEO`, `LIBGEO`,
//! `DENS`, `LIBDENS`, `DENS7`, `LIBDENS7`, `DENS_AAV`, `LIBDENS_AAV`, population columns) or
//! French ones (`Code commune`, `Libellé de la commune`, `Degré de densité de la commune`…).
//! Quoted cells (`"…"`) may hold the separator; a cell cannot span lines.
//! Headers are matched tolerantly: case, accents, spaces, underscores and punctuation are ignored
//! (`docs/territory.md` lists the accepted names). The header row is the first row that has a
//! commune-code column and a density column; rows above it are ignored.
//!
//! Commune codes are text: leading zeros are kept (and restored when a spreadsheet dropped one:
//! `1001` → `01001`), Corsica is `2A`/`2B`.

use crate::load::text::fold_accent;
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

/// One commune of the grid.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GridEntry {
    /// Name of the commune (`LIBGEO`), when the file has it.
    pub name: Option<String>,
    /// Level of the `DENS7` column (1–7).
    pub dens7: Option<u8>,
    /// Level of the `DENS` column (3, 4 or 7 levels: see [`InseeGrid::dens_levels`]).
    pub dens: Option<u8>,
    /// Catégorie d'espace (`DENS_AAV`, 1–4).
    pub dens_aav: Option<u8>,
}

/// A cell that could not be read (kept out of the grid, reported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GridProblem {
    /// Line of the file (1-based).
    pub line: usize,
    /// Header of the column.
    pub column: String,
    /// The cell as written.
    pub value: String,
    /// What is wrong.
    pub reason: &'static str,
}

/// The parsed grid.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InseeGrid {
    /// Communes by canonical code.
    pub entries: BTreeMap<String, GridEntry>,
    /// Line (1-based) of the header row.
    pub header_line: usize,
    /// Field separator found (`;`, `,` or tab).
    pub separator: char,
    /// Header of the DENS7 column, when present.
    pub dens7_column: Option<String>,
    /// Header of the DENS column, when present.
    pub dens_column: Option<String>,
    /// Number of levels of the DENS column: 7 (values above 4, or 7-level labels), 4 (a level 4,
    /// "peu dense" labels or a `P4` column: the former grid) or 3.
    pub dens_levels: u8,
    /// Header of the DENS_AAV column, when present.
    pub dens_aav_column: Option<String>,
    /// Cells that could not be read, and repeated codes.
    pub problems: Vec<GridProblem>,
}

/// Why a text is not an INSEE grid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GridError {
    /// No row has both a commune-code column and a density column.
    #[error(
        "no header row found in the first {scanned} lines: expected a commune code column \
         (CODGEO, \"Code commune\"…) and a density column (DENS7, DENS, DENS_AAV, \
         \"Degré de densité…\") separated by ';' or ','"
    )]
    NoHeader {
        /// Number of lines scanned.
        scanned: usize,
    },
    /// A header was found but no commune below it.
    #[error("the grid has a header on line {header_line} but no commune below it")]
    Empty {
        /// Line of the header row.
        header_line: usize,
    },
}

/// What a header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Code,
    Name,
    Dens7,
    Dens,
    DensAav,
    LabelDens,
    LabelDens7,
    P4,
    Other,
}

/// Lower case, accents removed, only `[a-z0-9]` kept.
pub(crate) fn normalize(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        for l in c.to_lowercase() {
            let base = match l {
                'œ' => {
                    out.push('o');
                    'e'
                }
                other => fold_accent(other),
            };
            if base.is_ascii_alphanumeric() {
                out.push(base);
            }
        }
    }
    out
}

/// Classifies a header by its normalized name.
fn classify_header(raw: &str) -> Col {
    let n = normalize(raw);
    let about_aav = n.contains("aav") || n.contains("categor") || n.contains("espace");
    let about_dens7 = n.contains("dens7") || (n.contains("densit") && n.contains('7'));
    let about_dens = n.contains("dens");
    if n.starts_with("lib") || n.starts_with("nom") {
        return if about_aav {
            Col::Other
        } else if about_dens7 {
            Col::LabelDens7
        } else if about_dens {
            Col::LabelDens
        } else if n.contains("geo") || n.contains("commune") || n.starts_with("nom") {
            Col::Name
        } else {
            Col::Other
        };
    }
    let code = n.starts_with("codgeo")
        || n.starts_with("codegeo")
        || n.starts_with("codeinsee")
        || n.starts_with("codecom")
        || n.starts_with("codedelacommune")
        || matches!(n.as_str(), "com" | "depcom" | "insee" | "codgeo");
    if code {
        Col::Code
    } else if matches!(n.as_str(), "commune" | "communes") {
        Col::Name
    } else if about_aav && (about_dens || n.starts_with("categor")) {
        Col::DensAav
    } else if about_dens7 {
        Col::Dens7
    } else if n == "dens"
        || n.starts_with("degrededensit")
        || n.starts_with("grille")
        || n.starts_with("typodens")
        || n == "densite"
    {
        Col::Dens
    } else if n == "p4" {
        Col::P4
    } else {
        Col::Other
    }
}

/// Canonical commune code: trimmed, upper case, a dropped leading zero restored (`1001` →
/// `01001`); `None` for a cell that is not a commune code (5 characters, digits or `2A`/`2B`).
///
/// # Arguments
/// * `code` - the code as written.
///
/// # Returns
/// The canonical code, or `None`.
///
/// # Complexity
/// O(len).
///
/// # Examples
/// ```
/// use ptce::territory::canonical_commune;
/// assert_eq!(canonical_commune(" 2a004 ").as_deref(), Some("2A004"));
/// assert_eq!(canonical_commune("1001").as_deref(), Some("01001"));
/// assert_eq!(canonical_commune("Paris"), None);
/// ```
pub fn canonical_commune(code: &str) -> Option<String> {
    let c = code.trim().trim_matches('"').trim().to_uppercase();
    let c = if c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit()) {
        format!("0{c}")
    } else {
        c
    };
    let b = c.as_bytes();
    let ok = b.len() == 5
        && b[2..].iter().all(u8::is_ascii_digit)
        && (b[..2].iter().all(u8::is_ascii_digit) || (b[0] == b'2' && matches!(b[1], b'A' | b'B')));
    ok.then_some(c)
}

/// The commune an arrondissement municipal belongs to: Paris (75101–75120 → 75056), Lyon
/// (69381–69389 → 69123), Marseille (13201–13216 → 13055).
///
/// # Arguments
/// * `code` - a canonical commune code.
///
/// # Returns
/// `(commune code, city name)`, or `None` when `code` is not an arrondissement.
///
/// # Complexity
/// O(1).
///
/// # Examples
/// ```
/// assert_eq!(ptce::territory::parent_commune("75108"), Some(("75056", "Paris")));
/// assert_eq!(ptce::territory::parent_commune("75056"), None);
/// ```
pub fn parent_commune(code: &str) -> Option<(&'static str, &'static str)> {
    let n: u32 = code.parse().ok()?;
    match n {
        75101..=75120 => Some(("75056", "Paris")),
        69381..=69389 => Some(("69123", "Lyon")),
        13201..=13216 => Some(("13055", "Marseille")),
        _ => None,
    }
}

/// Reads a level cell: leading digits (`3`, `03`, `3.0`, `3 - Ceintures urbaines`) in `1..=max`.
fn parse_level(cell: &str, max: u8) -> Result<Option<u8>, &'static str> {
    let t = cell.trim().trim_matches('"').trim();
    if t.is_empty() {
        return Ok(None);
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<u8>() {
        Ok(v) if (1..=max).contains(&v) => Ok(Some(v)),
        Ok(_) => Err("level out of range"),
        Err(_) => Err("not a level"),
    }
}

/// Splits one line at `sep` outside double quotes (`""` inside quotes is a quote).
fn split_line(line: &str, sep: char) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => cells.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

/// Splits `text` into `(line number, cells)` records with separator `sep`, blank lines skipped.
fn records(text: &str, sep: char) -> Vec<(usize, Vec<String>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, split_line(l, sep)))
        .collect()
}

/// Finds the header row: the first record with a code column and a density column.
fn find_header(recs: &[(usize, Vec<String>)]) -> Option<(usize, Vec<Col>)> {
    recs.iter()
        .position(|(_, cells)| {
            let cols: Vec<Col> = cells.iter().map(|c| classify_header(c)).collect();
            cols.contains(&Col::Code)
                && cols
                    .iter()
                    .any(|c| matches!(c, Col::Dens7 | Col::Dens | Col::DensAav))
        })
        .map(|i| (i, recs[i].1.iter().map(|c| classify_header(c)).collect()))
}

/// Parses an INSEE density grid exported to CSV.
///
/// # Arguments
/// * `text` - the file's content, decoded to UTF-8 (a leading BOM is ignored).
///
/// # Returns
/// The grid (communes by canonical code, the columns found, unreadable cells listed in
/// `problems`), or [`GridError`] when no header row or no commune is found.
///
/// # Complexity
/// O(size of the text) per candidate separator (3 at most).
///
/// # Examples
/// ```
/// let text = "Grille communale de densité\n\nCODGEO;LIBGEO;DENS7\n75056;Paris;1\n2A004;Ajaccio;2\n";
/// let grid = ptce::territory::parse_insee_grid(text).unwrap();
/// assert_eq!(grid.header_line, 3);
/// assert_eq!(grid.entries["2A004"].dens7, Some(2));
/// ```
pub fn parse_insee_grid(text: &str) -> Result<InseeGrid, GridError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut found = None;
    for sep in [';', ',', '\t'] {
        let recs = records(text, sep);
        if let Some((i, cols)) = find_header(&recs) {
            found = Some((sep, recs, i, cols));
            break;
        }
    }
    let Some((sep, recs, head, cols)) = found else {
        return Err(GridError::NoHeader {
            scanned: text.lines().count(),
        });
    };
    let headers = &recs[head].1;
    let first = |want: Col| cols.iter().position(|&c| c == want);
    let mut grid = InseeGrid {
        header_line: recs[head].0,
        separator: sep,
        dens7_column: first(Col::Dens7).map(|i| headers[i].trim().to_string()),
        dens_column: first(Col::Dens).map(|i| headers[i].trim().to_string()),
        dens_aav_column: first(Col::DensAav).map(|i| headers[i].trim().to_string()),
        dens_levels: 3,
        ..InseeGrid::default()
    };
    let code_i = first(Col::Code).unwrap_or(0);
    let fields = [
        (first(Col::Dens7), 7u8),
        (first(Col::Dens), 7),
        (first(Col::DensAav), 4),
    ];
    let label_dens = first(Col::LabelDens);
    let mut looks_dens4 = cols.contains(&Col::P4);
    let mut looks_dens7 = false;
    for (line, cells) in &recs[head + 1..] {
        let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
        let Some(code) = canonical_commune(cell(code_i)) else {
            if !cell(code_i).trim().is_empty() {
                grid.problems.push(GridProblem {
                    line: *line,
                    column: headers[code_i].clone(),
                    value: cell(code_i).to_string(),
                    reason: "not a commune code",
                });
            }
            continue;
        };
        let mut levels = [None; 3];
        for (k, (col, max)) in fields.iter().enumerate() {
            let Some(i) = *col else { continue };
            match parse_level(cell(i), *max) {
                Ok(v) => levels[k] = v,
                Err(reason) => grid.problems.push(GridProblem {
                    line: *line,
                    column: headers[i].clone(),
                    value: cell(i).to_string(),
                    reason,
                }),
            }
        }
        if let Some(i) = label_dens {
            let l = normalize(cell(i));
            looks_dens4 |= l.contains("peudense");
            looks_dens7 |= l.contains("bourg") || l.contains("ceinture") || l.contains("disperse");
        }
        let name = first(Col::Name)
            .map(|i| cell(i).trim().to_string())
            .filter(|s| !s.is_empty());
        let entry = GridEntry {
            name,
            dens7: levels[0],
            dens: levels[1],
            dens_aav: levels[2],
        };
        match grid.entries.entry(code) {
            Entry::Occupied(o) => grid.problems.push(GridProblem {
                line: *line,
                column: headers[code_i].clone(),
                value: o.key().clone(),
                reason: "repeated commune code (first row kept)",
            }),
            Entry::Vacant(v) => {
                v.insert(entry);
            }
        }
    }
    if grid.entries.is_empty() {
        return Err(GridError::Empty {
            header_line: grid.header_line,
        });
    }
    let max_dens = grid
        .entries
        .values()
        .filter_map(|e| e.dens)
        .max()
        .unwrap_or(0);
    grid.dens_levels = if max_dens > 4 || looks_dens7 {
        7
    } else if max_dens == 4 || looks_dens4 {
        4
    } else {
        3
    };
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_matched_tolerantly() {
        assert_eq!(classify_header("CODGEO"), Col::Code);
        assert_eq!(classify_header("Code commune"), Col::Code);
        assert_eq!(classify_header("Code géographique"), Col::Code);
        assert_eq!(classify_header("Libellé de la commune"), Col::Name);
        assert_eq!(classify_header("LIBGEO"), Col::Name);
        assert_eq!(classify_header("DENS"), Col::Dens);
        assert_eq!(classify_header("Degré de densité de la commune"), Col::Dens);
        assert_eq!(classify_header("dens_7"), Col::Dens7);
        assert_eq!(classify_header("Degré de densité (7 niveaux)"), Col::Dens7);
        assert_eq!(classify_header("LIBDENS7"), Col::LabelDens7);
        assert_eq!(classify_header("LIBDENS"), Col::LabelDens);
        assert_eq!(classify_header("DENS_AAV"), Col::DensAav);
        assert_eq!(classify_header("Catégorie d'espace"), Col::DensAav);
        assert_eq!(classify_header("LIBDENS_AAV"), Col::Other);
        assert_eq!(classify_header("PMUN22"), Col::Other);
    }

    #[test]
    fn quoted_cells_may_hold_the_separator() {
        assert_eq!(
            split_line("\"a;b\";c;\"say \"\"hi\"\"\"\r", ';'),
            vec!["a;b", "c", "say \"hi\""]
        );
        assert_eq!(split_line("", ';'), vec![""]);
    }

    #[test]
    fn levels_and_codes() {
        assert_eq!(parse_level(" 03 ", 7), Ok(Some(3)));
        assert_eq!(parse_level("5 - Bourgs ruraux", 7), Ok(Some(5)));
        assert_eq!(parse_level("", 7), Ok(None));
        assert!(parse_level("8", 7).is_err() && parse_level("x", 7).is_err());
        assert_eq!(canonical_commune("2B033").as_deref(), Some("2B033"));
        assert_eq!(canonical_commune("2C033"), None);
        assert_eq!(parent_commune("69389"), Some(("69123", "Lyon")));
        assert_eq!(parent_commune("13216"), Some(("13055", "Marseille")));
        assert_eq!(parent_commune("13217"), None);
    }

    #[test]
    fn comma_grid_of_the_former_four_levels() {
        let text = "CODGEO,LIBGEO,DENS,LIBDENS\n01001,A,3,Peu dense\n01002,B,2,Intermédiaire\n";
        let g = parse_insee_grid(text).unwrap();
        assert_eq!((g.separator, g.dens_levels), (',', 4));
        assert_eq!(g.entries["01001"].dens, Some(3));
        let text3 = "CODGEO;DENS\n01001;3\n1002;1\n";
        let g3 = parse_insee_grid(text3).unwrap();
        assert_eq!(g3.dens_levels, 3);
        assert_eq!(g3.entries["01002"].dens, Some(1));
    }

    #[test]
    fn bad_cells_are_reported_not_guessed() {
        let text = "CODGEO;DENS7\n01001;9\nxx;1\n01002;2\n01002;3\n";
        let g = parse_insee_grid(text).unwrap();
        assert_eq!(g.entries["01001"].dens7, None);
        assert_eq!(g.entries["01002"].dens7, Some(2));
        let reasons: Vec<&str> = g.problems.iter().map(|p| p.reason).collect();
        assert_eq!(
            reasons,
            vec![
                "level out of range",
                "not a commune code",
                "repeated commune code (first row kept)"
            ]
        );
        assert_eq!(g.problems[0].line, 2);
        assert!(matches!(
            parse_insee_grid("a;b\n1;2\n"),
            Err(GridError::NoHeader { .. })
        ));
        assert!(matches!(
            parse_insee_grid("CODGEO;DENS\n"),
            Err(GridError::Empty { header_line: 1 })
        ));
    }
}
