//! Problems found in a study, and the report that gathers them.

use std::fmt;

/// Whether a problem makes the study unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The study cannot be analysed until this is fixed.
    Error,
    /// Reported and kept in the run's output; the analysis goes on.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, located as precisely as the data allow.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub severity: Severity,
    /// File name relative to the study folder.
    pub file: String,
    /// Line in the file (header = 1), when the problem is about a row.
    pub line: Option<usize>,
    /// Column position (1-based), when the problem is about a cell.
    pub column: Option<usize>,
    /// Column name, when the problem is about a column.
    pub column_name: Option<String>,
    /// The offending value, as read.
    pub value: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Problem {
    /// A problem about a whole file.
    pub fn file(severity: Severity, file: &str, message: impl Into<String>) -> Problem {
        Problem {
            severity,
            file: file.to_string(),
            line: None,
            column: None,
            column_name: None,
            value: None,
            message: message.into(),
        }
    }

    /// A problem about a cell.
    pub fn cell(
        severity: Severity,
        file: &str,
        line: usize,
        column: Option<(usize, &str)>,
        value: Option<&str>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            severity,
            file: file.to_string(),
            line: Some(line),
            column: column.map(|(i, _)| i + 1),
            column_name: column.map(|(_, n)| n.to_string()),
            value: value.map(str::to_string),
            message: message.into(),
        }
    }

    /// `file:line:column` as far as known; for a sheet of a workbook (`file` ends with
    /// `[sheet]`), the cell as a spreadsheet names it: `organizations.xlsx[Membres]!C12`.
    pub fn location(&self) -> String {
        if self.file.ends_with(']') {
            if let (Some(l), Some(c)) = (self.line, self.column) {
                let col = crate::load::sheet_cells::column_letters(c.saturating_sub(1) as u32);
                return format!("{}!{col}{l}", self.file);
            }
        }
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            (None, Some(c)) => format!("{}:1:{c}", self.file),
            (None, None) => self.file.clone(),
        }
    }
}

impl fmt::Display for Problem {
    /// `file:line:column: error: column "name": message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: ", self.location(), self.severity.as_str())?;
        if let Some(name) = &self.column_name {
            write!(f, "column {name:?}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Every problem of a study, errors first, then by file, line and column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidationReport {
    pub problems: Vec<Problem>,
}

impl ValidationReport {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// Number of problems of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }

    /// Sorts problems in a stable, documented order and removes exact duplicates.
    pub fn finish(&mut self) {
        self.problems.sort();
        self.problems.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_column() {
        let p = Problem::cell(
            Severity::Error,
            "memberships.csv",
            5,
            Some((2, "joined")),
            Some("2015-13-01"),
            "\"2015-13-01\" is not a date; expected an existing calendar date",
        );
        assert_eq!(
            p.to_string(),
            "memberships.csv:5:3: error: column \"joined\": \"2015-13-01\" is not a date; expected an existing calendar date"
        );
        let f = Problem::file(Severity::Warning, "ties.csv", "no rows");
        assert_eq!(f.to_string(), "ties.csv: warning: no rows");
    }

    #[test]
    fn report_orders_errors_first() {
        let mut r = ValidationReport::default();
        r.problems
            .push(Problem::file(Severity::Warning, "a.csv", "w"));
        r.problems
            .push(Problem::file(Severity::Error, "b.csv", "e"));
        r.problems
            .push(Problem::file(Severity::Error, "b.csv", "e"));
        r.finish();
        assert_eq!(r.problems.len(), 2);
        assert_eq!(r.problems[0].severity, Severity::Error);
        assert!(r.has_errors());
        assert_eq!(r.count(Severity::Warning), 1);
    }
}
