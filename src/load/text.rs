//! Decoding and separator detection for the text tables of a study (no polars here, so that the
//! fuzz build stays small).
//!
//! Real exports arrive as UTF-8 with or without a byte-order mark, as UTF-16 from Excel's
//! "Unicode text", or as Windows-1252 / ISO-8859-1 from older tools. They are separated by `,`,
//! `;` or tabs. [`decode`] turns the bytes into UTF-8 text and says what it found;
//! [`detect_separator`] picks the separator from the header line.

use std::borrow::Cow;
use std::fmt;

/// The encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    /// Windows-1252 (a superset of ISO-8859-1's printable characters).
    Windows1252,
}

impl Encoding {
    /// Name as written in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8 (BOM)",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Decodes the bytes of a text table.
///
/// A UTF-8 or UTF-16 byte-order mark decides; otherwise valid UTF-8 is taken as UTF-8, and
/// anything else as Windows-1252, which maps every byte to a character (so decoding never fails;
/// a file of binary garbage is caught later, by its header).
///
/// # Returns
/// The text (without BOM) and the encoding found.
///
/// # Complexity
/// O(len).
///
/// # Examples
/// ```
/// use ptce::load::text::{decode, Encoding};
/// let (t, e) = decode(b"\xEF\xBB\xBFnom\n");
/// assert_eq!((t.as_ref(), e), ("nom\n", Encoding::Utf8Bom));
/// let (t, e) = decode(b"Cr\xe9teil\n");
/// assert_eq!((t.as_ref(), e), ("Créteil\n", Encoding::Windows1252));
/// ```
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, _) = encoding_rs::UTF_8.decode_without_bom_handling(rest);
        return (text, Encoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return (text, Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return (text, Encoding::Utf16Be);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), Encoding::Utf8),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, Encoding::Windows1252)
        }
    }
}

/// Whether decoded text looks like binary data rather than a table: NUL bytes or a high share
/// of control characters in its first kilobytes.
pub fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(4096).collect();
    if sample.is_empty() {
        return false;
    }
    let control = sample
        .iter()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    sample.contains(&'\0') || control * 20 > sample.len()
}

/// Picks the field separator among `,`, `;` and tab from the first non-empty line (the header):
/// the candidate that occurs most often outside double quotes; `,` when none occurs.
///
/// # Examples
/// ```
/// use ptce::load::text::detect_separator;
/// assert_eq!(detect_separator("ptce_id;name;\"a,b\"\n"), b';');
/// assert_eq!(detect_separator("ptce_id\tname\n"), b'\t');
/// assert_eq!(detect_separator("ptce_id\n"), b',');
/// ```
pub fn detect_separator(text: &str) -> u8 {
    let header = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for c in header.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// Human name of a separator, for messages and the manifest.
pub fn separator_name(sep: u8) -> &'static str {
    match sep {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    }
}

/// A table, sheet or column name as compared with the names the tool knows: trimmed, lowercase,
/// accents removed, spaces and hyphens as `_` (`" Org ID "` → `"org_id"`, `"Événements"` →
/// `"evenements"`).
pub fn name_key(name: &str) -> String {
    name_chars(name).collect()
}

/// Whether two names have the same [`name_key`], compared without building either key.
pub fn same_name(a: &str, b: &str) -> bool {
    name_chars(a).eq(name_chars(b))
}

/// The characters of [`name_key`].
fn name_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    name.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            ' ' | '-' => '_',
            c => fold_accent(c),
        })
}

/// The base letter of a lower-case accented Latin vowel or `ç` (`é` → `e`, `ç` → `c`), any
/// other character as it is: how headers and sheet names are matched whatever their accents.
pub fn fold_accent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' | 'á' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' | 'í' => 'i',
        'ô' | 'ö' | 'ó' => 'o',
        'ù' | 'û' | 'ü' | 'ú' => 'u',
        'ç' => 'c',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        assert_eq!(decode(b"abc").1, Encoding::Utf8);
        let (t, e) = decode("é".as_bytes());
        assert_eq!((t.as_ref(), e), ("é", Encoding::Utf8));
        let (t, e) = decode(b"\xFF\xFEa\x00\xe9\x00");
        assert_eq!((t.as_ref(), e), ("aé", Encoding::Utf16Le));
        let (t, e) = decode(b"\xFE\xFF\x00a\x00\xe9");
        assert_eq!((t.as_ref(), e), ("aé", Encoding::Utf16Be));
        // 0x80 is the euro sign in Windows-1252, 0x9C is œ.
        let (t, e) = decode(b"\x80 \x9cuvre");
        assert_eq!((t.as_ref(), e), ("€ œuvre", Encoding::Windows1252));
    }

    #[test]
    fn separators() {
        assert_eq!(detect_separator(""), b',');
        assert_eq!(detect_separator("\n\na;b,c;d\n"), b';');
        assert_eq!(detect_separator("\"x;y;z\",b\n"), b',');
    }

    #[test]
    fn binary_detection() {
        assert!(looks_binary("\0\0\u{1}\u{2}abc"));
        assert!(!looks_binary("a,b\n1,2\r\n"));
        assert!(!looks_binary(""));
    }
}
