//! NAF rév. 2 activity codes: parsing, sections, canonical form.
//!
//! The French activity nomenclature (*Nomenclature d'activités française*, revision 2, INSEE
//! 2008) has five levels: section (a letter, 21), division (2 digits, 88), group (`88.9`), class
//! (`88.99`) and sub-class (`88.99B`). Sections are determined by the division (table in
//! `docs/diversity.md`). Only the division is checked against the nomenclature; the group and
//! class digits and the sub-class letter are checked for form only.

use std::fmt;

/// The 21 sections of NAF rév. 2 with the first and last division of each.
const SECTIONS: [(char, u8, u8); 21] = [
    ('A', 1, 3),
    ('B', 5, 9),
    ('C', 10, 33),
    ('D', 35, 35),
    ('E', 36, 39),
    ('F', 41, 43),
    ('G', 45, 47),
    ('H', 49, 53),
    ('I', 55, 56),
    ('J', 58, 63),
    ('K', 64, 66),
    ('L', 68, 68),
    ('M', 69, 75),
    ('N', 77, 82),
    ('O', 84, 84),
    ('P', 85, 85),
    ('Q', 86, 88),
    ('R', 90, 93),
    ('S', 94, 96),
    ('T', 97, 98),
    ('U', 99, 99),
];

/// A NAF rév. 2 code down to the class, with an optional sub-class letter.
///
/// `group` and `class` are the third and fourth digits of the code: `88.99B` is division 88,
/// group 9 (the group code is `88.9`), class 9 (the class code is `88.99`), sub-class `B`.
/// Build one with [`parse_naf`]; `Display` writes the canonical form `88.99B`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NafCode {
    /// Two-digit division, one of the 88 divisions of the nomenclature (01–99 with gaps).
    pub division: u8,
    /// Third digit of the code, 0–9.
    pub group: u8,
    /// Fourth digit of the code, 0–9.
    pub class: u8,
    /// Sub-class letter, uppercase `A`–`Z`; `None` for a code given at the class level (`88.99`).
    pub subclass: Option<char>,
}

/// The level of the NAF tree at which categories are formed (a diversity dimension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NafLevel {
    /// Section letter, e.g. `Q`.
    Section,
    /// Two-digit division, e.g. `88`.
    Division,
    /// Group, e.g. `88.9`.
    Group,
}

/// Why a string is not a NAF rév. 2 code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NafError {
    /// Nothing but white space.
    #[error("empty NAF code; expected a code such as 88.99B")]
    Empty,
    /// The characters do not form a code.
    #[error("`{input}` is not a NAF code: {problem}; expected 4 digits, an optional dot after the first two and an optional letter, e.g. 88.99B or 8899B")]
    Malformed {
        /// The input, trimmed.
        input: String,
        /// What is wrong, in words.
        problem: String,
    },
    /// Well formed, but the division does not exist in NAF rév. 2 (e.g. 04, 34, 40, 44).
    #[error("`{input}`: division {division:02} does not exist in NAF rév. 2; expected 01–03, 05–33, 35–39, 41–43, 45–47, 49–53, 55–56, 58–66, 68–75, 77–82, 84–88, 90–99")]
    UnknownDivision {
        /// The input, trimmed.
        input: String,
        /// The two leading digits.
        division: u8,
    },
}

/// The section letter of a NAF rév. 2 division.
///
/// # Arguments
/// * `division` — a two-digit division number (e.g. 88).
///
/// # Returns
/// The section letter (`'Q'` for 88), or `None` for a number that is not a division of the
/// nomenclature (0, 4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89, or above 99).
///
/// # Complexity
/// O(1) (a scan of the 21 sections).
///
/// # Examples
/// ```
/// use ptce::diversity::naf::section;
/// assert_eq!(section(88), Some('Q'));
/// assert_eq!(section(1), Some('A'));
/// assert_eq!(section(40), None);
/// ```
pub fn section(division: u8) -> Option<char> {
    SECTIONS
        .iter()
        .find(|(_, first, last)| (*first..=*last).contains(&division))
        .map(|(letter, _, _)| *letter)
}

/// Whether a letter is one of the 21 NAF rév. 2 sections (`A`–`U`, uppercase).
///
/// # Arguments
/// * `letter` — the candidate section letter.
///
/// # Returns
/// `true` for `'A'..='U'`.
///
/// # Complexity
/// O(1).
pub fn is_section(letter: char) -> bool {
    SECTIONS.iter().any(|(l, _, _)| *l == letter)
}

/// Parses a NAF rév. 2 code.
///
/// Accepted forms: `88.99B`, `8899B`, `88.99` and `8899` (class level, no sub-class), with a
/// lowercase or uppercase letter and surrounding white space (including non-breaking spaces).
/// The division must exist in the nomenclature. The function is total: it returns an error,
/// never panics, on any string.
///
/// # Arguments
/// * `input` — the code as read from a table (e.g. SIRENE's `activitePrincipaleUniteLegale`).
///
/// # Returns
/// The parsed [`NafCode`], or a [`NafError`] saying what was expected.
///
/// # Complexity
/// O(len(input)).
///
/// # Examples
/// ```
/// use ptce::diversity::naf::parse_naf;
/// let code = parse_naf(" 8899b ").unwrap();
/// assert_eq!(code.to_string(), "88.99B");
/// assert_eq!(code.section(), 'Q');
/// assert!(parse_naf("40.11Z").is_err()); // division 40 does not exist
/// ```
pub fn parse_naf(input: &str) -> Result<NafCode, NafError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(NafError::Empty);
    }
    let malformed = |problem: &str| NafError::Malformed {
        input: trimmed.to_string(),
        problem: problem.to_string(),
    };
    let chars: Vec<char> = trimmed.chars().collect();
    let mut digits = [0u8; 4];
    let mut n_digits = 0;
    let mut seen_dot = false;
    let mut pos = 0;
    while pos < chars.len() && n_digits < 4 {
        let c = chars[pos];
        match c.to_digit(10) {
            Some(d) => {
                digits[n_digits] = d as u8;
                n_digits += 1;
            }
            None if c == '.' && n_digits == 2 && !seen_dot => seen_dot = true,
            None if c == '.' => {
                return Err(malformed(
                    "a dot can only separate the division from the rest",
                ))
            }
            None => {
                return Err(malformed(&format!(
                    "found `{c}` where digit {} was expected",
                    n_digits + 1
                )))
            }
        }
        pos += 1;
    }
    if n_digits < 4 {
        return Err(malformed("fewer than 4 digits"));
    }
    let subclass = match &chars[pos..] {
        [] => None,
        [c] if c.is_ascii_alphabetic() => Some(c.to_ascii_uppercase()),
        [c] => {
            return Err(malformed(&format!(
                "found `{c}` where the sub-class letter was expected"
            )))
        }
        _ => return Err(malformed("too many characters after the 4 digits")),
    };
    let division = digits[0] * 10 + digits[1];
    if section(division).is_none() {
        return Err(NafError::UnknownDivision {
            input: trimmed.to_string(),
            division,
        });
    }
    Ok(NafCode {
        division,
        group: digits[2],
        class: digits[3],
        subclass,
    })
}

impl NafCode {
    /// The section letter of this code (always defined: the division was checked when parsing).
    ///
    /// # Returns
    /// A letter `A`–`U`; `'?'` only for a hand-built code whose division is not in the
    /// nomenclature.
    ///
    /// # Complexity
    /// O(1).
    pub fn section(&self) -> char {
        section(self.division).unwrap_or('?')
    }

    /// The category label of this code at a level of the tree: `Q`, `88` or `88.9`.
    ///
    /// These are the category labels that `Disparity::naf_tree` places in the NAF tree.
    ///
    /// # Arguments
    /// * `level` — section, division or group.
    ///
    /// # Returns
    /// The label as a string.
    ///
    /// # Complexity
    /// O(1).
    ///
    /// # Examples
    /// ```
    /// use ptce::diversity::naf::{parse_naf, NafLevel};
    /// let code = parse_naf("88.99B").unwrap();
    /// assert_eq!(code.label(NafLevel::Section), "Q");
    /// assert_eq!(code.label(NafLevel::Division), "88");
    /// assert_eq!(code.label(NafLevel::Group), "88.9");
    /// ```
    pub fn label(&self, level: NafLevel) -> String {
        match level {
            NafLevel::Section => self.section().to_string(),
            NafLevel::Division => format!("{:02}", self.division),
            NafLevel::Group => format!("{:02}.{}", self.division, self.group),
        }
    }
}

impl fmt::Display for NafCode {
    /// Canonical form: `88.99B`, or `88.99` without a sub-class.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}.{}{}", self.division, self.group, self.class)?;
        match self.subclass {
            Some(letter) => write!(f, "{letter}"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::{RngCore, SeedableRng};

    #[test]
    fn sections_cover_the_88_divisions() {
        let divisions: Vec<u8> = (0..=255u8).filter(|d| section(*d).is_some()).collect();
        assert_eq!(divisions.len(), 88);
        for gap in [0u8, 4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89, 100] {
            assert_eq!(section(gap), None, "division {gap}");
        }
        let cases = [
            (1, 'A'),
            (3, 'A'),
            (5, 'B'),
            (33, 'C'),
            (35, 'D'),
            (39, 'E'),
        ];
        let more = [
            (43, 'F'),
            (47, 'G'),
            (53, 'H'),
            (56, 'I'),
            (58, 'J'),
            (66, 'K'),
        ];
        let last = [
            (68, 'L'),
            (75, 'M'),
            (82, 'N'),
            (84, 'O'),
            (85, 'P'),
            (88, 'Q'),
        ];
        let end = [(93, 'R'), (96, 'S'), (98, 'T'), (99, 'U')];
        for (d, s) in cases.iter().chain(&more).chain(&last).chain(&end) {
            assert_eq!(section(*d), Some(*s), "division {d}");
        }
    }

    #[test]
    fn parses_the_accepted_forms() {
        let expected = NafCode {
            division: 88,
            group: 9,
            class: 9,
            subclass: Some('B'),
        };
        for s in [
            "88.99B",
            "8899B",
            "88.99b",
            "  88.99B\t",
            "\u{a0}8899b\u{a0}",
        ] {
            assert_eq!(parse_naf(s), Ok(expected), "{s:?}");
        }
        let class = parse_naf("01.11").unwrap();
        assert_eq!(class.subclass, None);
        assert_eq!(class.to_string(), "01.11");
        assert_eq!(parse_naf("0111Z").unwrap().to_string(), "01.11Z");
        assert_eq!(parse_naf("84.11Z").unwrap().section(), 'O');
    }

    #[test]
    fn rejects_malformed_codes_with_a_reason() {
        assert_eq!(parse_naf("   "), Err(NafError::Empty));
        for s in [
            "88.9", "889B", "88..99B", "8.899B", "88.99BB", "88.99-B", "Q", "88,99B", "٨٨٩٩",
        ] {
            assert!(
                matches!(parse_naf(s), Err(NafError::Malformed { .. })),
                "{s:?}"
            );
        }
        let err = parse_naf("88.99é").unwrap_err().to_string();
        assert!(err.contains("sub-class letter"), "{err}");
        for (s, d) in [
            ("04.11Z", 4),
            ("3412", 34),
            ("40.11Z", 40),
            ("44.00A", 44),
            ("00.00Z", 0),
        ] {
            assert_eq!(
                parse_naf(s),
                Err(NafError::UnknownDivision {
                    input: s.to_string(),
                    division: d
                })
            );
        }
    }

    #[test]
    fn labels_at_each_level() {
        let code = parse_naf("56.10A").unwrap();
        assert_eq!(code.label(NafLevel::Section), "I");
        assert_eq!(code.label(NafLevel::Division), "56");
        assert_eq!(code.label(NafLevel::Group), "56.1");
        assert_eq!(parse_naf("01.11Z").unwrap().label(NafLevel::Division), "01");
    }

    /// Totality: random strings (ASCII digits, dots, letters, spaces, multi-byte characters) never
    /// panic, and every accepted string round-trips through the canonical form.
    #[test]
    fn parse_is_total_and_round_trips() {
        let alphabet: Vec<char> = "0123456789..  bBzZ\u{a0}é€🦀,-٣".chars().collect();
        let mut rng = rand_pcg::Pcg64::seed_from_u64(4);
        let mut accepted = 0;
        for _ in 0..20_000 {
            let len = (rng.next_u32() % 9) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(rng.next_u32() as usize) % alphabet.len()])
                .collect();
            if let Ok(code) = parse_naf(&s) {
                accepted += 1;
                let canonical = code.to_string();
                assert_eq!(parse_naf(&canonical), Ok(code), "{s:?}");
                assert!(section(code.division).is_some());
            }
        }
        assert!(accepted > 0, "the generator should hit some valid codes");
    }
}
