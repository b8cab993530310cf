//! Reading one cell: null markers, numbers with French conventions, codes kept as text
//! (commune, SIREN, legal category), and suggestions for misspelt vocabulary values.
//! No polars here, so that these functions can be fuzzed cheaply.

/// Words read as "yes" in a yes/no column, French and English (compared in lower case).
pub const YES: &[&str] = &["oui", "o", "yes", "y", "vrai", "true", "1"];
/// Words read as "no" in a yes/no column, French and English (compared in lower case).
pub const NO: &[&str] = &["non", "n", "no", "faux", "false", "0"];

/// A yes/no cell: `Some(true)` for a word of [`YES`], `Some(false)` for one of [`NO`] (any case,
/// spaces around ignored), `None` for anything else.
pub fn yes_no(cell: &str) -> Option<bool> {
    yes_no_among(cell, YES, NO)
}

/// A two-valued cell: `Some(true)` for a word of `yes`, `Some(false)` for one of `no` (lower-case
/// lists; the cell in any case, spaces around ignored), `None` for anything else.
pub fn yes_no_among(cell: &str, yes: &[&str], no: &[&str]) -> Option<bool> {
    let l = cell.trim().to_lowercase();
    if yes.contains(&l.as_str()) {
        Some(true)
    } else if no.contains(&l.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// Whether a (trimmed) cell means "no value": empty, `NA`, `N/A`, `#N/A`, `NC`, `nd`, `n.d.`,
/// `null` (any case). Numeric columns also accept `s` (secret statistique) and `-`.
pub fn is_null(cell: &str, numeric: bool) -> bool {
    let lower = cell.trim().to_lowercase();
    matches!(
        lower.as_str(),
        "" | "na" | "n/a" | "#n/a" | "nc" | "nd" | "n.d." | "n.c." | "null"
    ) || (numeric && matches!(lower.as_str(), "s" | "-" | "–"))
}

/// Parses a number written the French or the English way: decimal comma or point, spaces,
/// non-breaking or thin spaces and apostrophes as thousands separators; when both `.` and `,`
/// appear, the last one is the decimal separator.
///
/// # Examples
/// ```
/// use ptce::validate::cells::parse_number;
/// assert_eq!(parse_number("3,5"), Some(3.5));
/// assert_eq!(parse_number("1\u{a0}234,5"), Some(1234.5));
/// assert_eq!(parse_number("1.234,5"), Some(1234.5));
/// assert_eq!(parse_number("1,234.5"), Some(1234.5));
/// assert_eq!(parse_number("abc"), None);
/// ```
pub fn parse_number(cell: &str) -> Option<f64> {
    let s: String = cell
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let last_comma = s.rfind(',');
    let last_point = s.rfind('.');
    let normalized = match (last_comma, last_point) {
        (Some(c), Some(p)) if c > p => s.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => s.replace(',', ""),
        (Some(_), None) if s.matches(',').count() == 1 => s.replace(',', "."),
        (Some(_), None) => return None,
        _ => s,
    };
    let valid = normalized
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    if !valid {
        return None;
    }
    normalized.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A commune code read from a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommuneCode {
    /// A well-formed code.
    Valid(String),
    /// A 4-digit code whose leading zero a spreadsheet stripped, restored.
    Padded(String),
}

/// Checks an INSEE commune code (COG): 5 characters, department part `01`–`19`, `21`–`95`,
/// `2A`/`2B` (Corsica) or `97`/`98` (overseas). A 4-digit code is taken as a stripped leading
/// zero and padded.
///
/// # Examples
/// ```
/// use ptce::validate::cells::{commune_code, CommuneCode};
/// assert_eq!(commune_code("2a004"), Ok(CommuneCode::Valid("2A004".into())));
/// assert_eq!(commune_code("1053"), Ok(CommuneCode::Padded("01053".into())));
/// assert!(commune_code("96001").is_err());
/// ```
pub fn commune_code(cell: &str) -> Result<CommuneCode, &'static str> {
    const EXPECTED: &str = "an INSEE commune code of 5 characters (e.g. 59350, 01053, 2A004)";
    let s = cell.trim().to_uppercase();
    let (code, padded) = if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        (format!("0{s}"), true)
    } else {
        (s, false)
    };
    let b = code.as_bytes();
    if b.len() != 5 || !b[2..].iter().all(u8::is_ascii_digit) {
        return Err(EXPECTED);
    }
    let dept_ok = match (b[0], b[1]) {
        (b'2', b'A' | b'B') => true,
        (d0, d1) if d0.is_ascii_digit() && d1.is_ascii_digit() => {
            let d = (d0 - b'0') * 10 + (d1 - b'0');
            matches!(d, 1..=19 | 21..=95 | 97 | 98)
        }
        _ => false,
    };
    if !dept_ok {
        return Err(EXPECTED);
    }
    Ok(if padded {
        CommuneCode::Padded(code)
    } else {
        CommuneCode::Valid(code)
    })
}

/// Whether a string of digits passes the Luhn check.
pub fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// Checks a SIREN: 9 digits (spaces allowed between groups) with a valid Luhn check digit.
/// La Poste's 356000000 is the documented exception to the Luhn rule. Returns the 9 digits.
///
/// # Examples
/// ```
/// use ptce::validate::cells::siren;
/// assert_eq!(siren("732 829 320"), Ok("732829320".to_string()));
/// assert!(siren("732829321").is_err());
/// ```
pub fn siren(cell: &str) -> Result<String, &'static str> {
    let s = digits_only(cell);
    if s.len() != 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("a SIREN of 9 digits");
    }
    if s == LA_POSTE_SIREN || luhn_ok(&s) {
        Ok(s)
    } else {
        Err("a SIREN whose last digit is its Luhn check digit")
    }
}

/// La Poste's SIREN: its establishments' SIRETs follow their own rule (sum of the 14 digits
/// divisible by 5) instead of the Luhn check, and the SIREN itself fails Luhn.
pub const LA_POSTE_SIREN: &str = "356000000";

fn digits_only(cell: &str) -> String {
    cell.chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect()
}

/// Checks a SIRET (establishment number): 14 digits (spaces allowed between groups) whose
/// first 9 are a valid SIREN and which pass the Luhn check — except La Poste's establishments
/// (SIREN 356000000), whose 14 digits must add up to a multiple of 5 (INSEE's rule for them).
/// Returns the 14 digits.
///
/// # Examples
/// ```
/// use ptce::validate::cells::siret;
/// assert_eq!(siret("732 829 320 00074"), Ok("73282932000074".to_string()));
/// assert!(siret("73282932000075").is_err());
/// // La Poste: 3+5+6+4+9+8+3+7 = 45, a multiple of 5 (and Luhn would refuse it).
/// assert!(siret("35600000049837").is_ok());
/// assert!(siret("35600000049838").is_err());
/// ```
pub fn siret(cell: &str) -> Result<String, &'static str> {
    let s = digits_only(cell);
    if s.len() != 14 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("a SIRET of 14 digits");
    }
    if &s[..9] == LA_POSTE_SIREN {
        let sum: u32 = s.bytes().map(|b| u32::from(b - b'0')).sum();
        return if sum % 5 == 0 {
            Ok(s)
        } else {
            Err("a SIRET of La Poste (356000000…) whose digits add up to a multiple of 5")
        };
    }
    if !luhn_ok(&s[..9]) {
        return Err("a SIRET whose first 9 digits are a valid SIREN (Luhn check)");
    }
    if luhn_ok(&s) {
        Ok(s)
    } else {
        Err("a SIRET whose last digit is its Luhn check digit")
    }
}

/// Checks an RNA number (*répertoire national des associations*): `W` followed by 9 characters
/// (digits, or a department code such as `2A` in first place). Returns it upper-cased.
///
/// # Examples
/// ```
/// use ptce::validate::cells::rna;
/// assert_eq!(rna("w751234567"), Ok("W751234567".to_string()));
/// assert!(rna("W75123456").is_err());
/// ```
pub fn rna(cell: &str) -> Result<String, &'static str> {
    let s = digits_only(cell).to_uppercase();
    let b = s.as_bytes();
    if b.len() == 10 && b[0] == b'W' && b[1..].iter().all(u8::is_ascii_alphanumeric) {
        Ok(s)
    } else {
        Err("an RNA number: W followed by 9 characters (e.g. W751234567)")
    }
}

/// Checks an INSEE legal category (*catégorie juridique*): 4 digits, first digit 1–9.
pub fn legal_category(cell: &str) -> Result<String, &'static str> {
    let s = cell.trim();
    let b = s.as_bytes();
    if b.len() == 4 && b.iter().all(u8::is_ascii_digit) && b[0] != b'0' {
        Ok(s.to_string())
    } else {
        Err("an INSEE legal category of 4 digits (e.g. 9220)")
    }
}

/// Levenshtein distance between two short strings (in characters).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The allowed value nearest to `value`, if it is near enough to be a likely misspelling.
///
/// # Examples
/// ```
/// use ptce::validate::cells::nearest;
/// assert_eq!(nearest("compagny", &["company", "citizen"]), Some("company"));
/// assert_eq!(nearest("zzzzzzzz", &["company", "citizen"]), None);
/// ```
pub fn nearest<'a>(value: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let v = value.trim().to_lowercase().replace([' ', '-'], "_");
    if v.chars().count() > 64 {
        return None;
    }
    allowed
        .iter()
        .map(|a| (edit_distance(&v, a), *a))
        .min()
        .filter(|(d, a)| *d <= 2.max(a.len() / 3))
        .map(|(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_and_no_in_french_and_english() {
        for t in ["oui", "Oui", " O ", "yes", "Y", "vrai", "VRAI", "true", "1"] {
            assert_eq!(yes_no(t), Some(true), "{t}");
        }
        for t in ["non", "N", "no", "faux", "False", "0"] {
            assert_eq!(yes_no(t), Some(false), "{t}");
        }
        for t in ["", "peut-être", "2", "ouais", "NA"] {
            assert_eq!(yes_no(t), None, "{t}");
        }
        // The survey's `responded` reads the same words, and empty or NA as not surveyed.
        assert_eq!(
            super::super::survey::parse_responded("Vrai"),
            Some(Some(true))
        );
        assert_eq!(
            super::super::survey::parse_responded("no"),
            Some(Some(false))
        );
        assert_eq!(super::super::survey::parse_responded(" "), Some(None));
        assert_eq!(super::super::survey::parse_responded("peut-être"), None);
    }

    #[test]
    fn null_markers() {
        for s in ["", " ", "NA", "nc", "ND", "n.d.", "#N/A", "null"] {
            assert!(is_null(s, false), "{s:?}");
        }
        assert!(!is_null("s", false));
        assert!(is_null("s", true));
        assert!(!is_null("0", true));
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number("-0,25"), Some(-0.25));
        assert_eq!(parse_number("1\u{202f}000"), Some(1000.0));
        assert_eq!(parse_number("1,2,3"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("1e400"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn commune_codes() {
        assert_eq!(
            commune_code("75111"),
            Ok(CommuneCode::Valid("75111".into()))
        );
        assert_eq!(
            commune_code("2B033"),
            Ok(CommuneCode::Valid("2B033".into()))
        );
        assert_eq!(
            commune_code("97411"),
            Ok(CommuneCode::Valid("97411".into()))
        );
        for bad in ["", "123", "20004", "2C004", "ABCDE", "750566", "00123"] {
            assert!(commune_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sirens_and_luhn() {
        // 732 829 320 and 552 100 554 are published, valid SIRENs.
        assert!(siren("552100554").is_ok());
        assert!(siren("356000000").is_ok());
        assert!(siren("55210055").is_err());
        assert!(siren("55210055x").is_err());
        assert!(luhn_ok("79927398713"));
        assert!(!luhn_ok("79927398710"));
    }

    #[test]
    fn sirets_and_rna() {
        // Hand check of 73282932000074, Luhn from the right: kept digits 4,0,0,2,9,8,3 = 26,
        // doubled digits 7,0,0,3,2,2,7 → 5,0,0,6,4,4,5 = 24; 26 + 24 = 50, a multiple of 10.
        assert_eq!(siret("73282932000074"), Ok("73282932000074".into()));
        assert_eq!(siret("732 829 320 00074"), Ok("73282932000074".into()));
        assert!(siret("73282932000075").is_err(), "check digit");
        assert!(siret("7328293200007").is_err(), "13 digits");
        // First 9 digits fail Luhn although the 14 pass: 73282932100072.
        assert!(!luhn_ok("732829321") && luhn_ok("73282932100072"));
        assert_eq!(
            siret("73282932100072"),
            Err("a SIRET whose first 9 digits are a valid SIREN (Luhn check)")
        );
        // La Poste: digit sum multiple of 5 (45), not Luhn; 46 is refused.
        assert!(!luhn_ok("35600000049837"));
        assert!(siret("35600000049837").is_ok());
        assert!(siret("35600000049838").is_err());
        assert_eq!(rna("W595001234"), Ok("W595001234".into()));
        assert_eq!(rna(" w2a1002345 "), Ok("W2A1002345".into()));
        for bad in [
            "595001234",
            "W59500123",
            "W5950012345",
            "X595001234",
            "W59500123-",
        ] {
            assert!(rna(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn legal_categories_and_distance() {
        assert!(legal_category("9220").is_ok());
        assert!(legal_category("920").is_err());
        assert!(legal_category("0920").is_err());
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            nearest("Local authority", &["local_authority"]),
            Some("local_authority")
        );
    }
}
