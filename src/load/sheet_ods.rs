//! Merged areas of an OpenDocument spreadsheet, which calamine does not report: a merged cell
//! is a `table:table-cell` with `table:number-rows-spanned` / `table:number-columns-spanned`,
//! followed by `table:covered-table-cell`s. This is a scan of the start tags of `content.xml`
//! (no full XML parser: rows, cells and their repeat and span attributes are all it needs).

use calamine::Dimensions;
use std::io::{Cursor, Read};

/// Merged areas per sheet (sheet name, areas with 0-based (row, column) corners).
///
/// # Errors
/// A message when the bytes are not a zip archive with a readable `content.xml`.
///
/// # Complexity
/// O(n) in the size of `content.xml`.
pub fn merged_areas(bytes: &[u8]) -> Result<Vec<(String, Vec<Dimensions>)>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut xml = String::new();
    zip.by_name("content.xml")
        .map_err(|e| e.to_string())?
        .read_to_string(&mut xml)
        .map_err(|e| e.to_string())?;
    Ok(scan(&xml))
}

/// The value of attribute `name` in the start tag `tag`, entities `&amp;` `&lt;` `&gt;`
/// `&quot;` `&apos;` decoded.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = start + tag[start..].find('"')?;
    Some(
        tag[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

fn number(tag: &str, name: &str) -> u32 {
    attr(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// Whether `tag` (text after `<`) is the start tag of element `name`.
fn is_start(tag: &str, name: &str) -> bool {
    tag.strip_prefix(name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '/', '\n', '\t', '\r']))
}

fn scan(xml: &str) -> Vec<(String, Vec<Dimensions>)> {
    let mut out: Vec<(String, Vec<Dimensions>)> = Vec::new();
    let (mut row, mut col, mut next_row) = (0u32, 0u32, 0u32);
    for piece in xml.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or("");
        if is_start(tag, "table:table") {
            out.push((attr(tag, "table:name").unwrap_or_default(), Vec::new()));
            next_row = 0;
        } else if is_start(tag, "table:table-row") {
            row = next_row;
            next_row = row.saturating_add(number(tag, "table:number-rows-repeated"));
            col = 0;
        } else if is_start(tag, "table:table-cell") || is_start(tag, "table:covered-table-cell") {
            let rows = number(tag, "table:number-rows-spanned");
            let cols = number(tag, "table:number-columns-spanned");
            if (rows > 1 || cols > 1) && tag.starts_with("table:table-cell") {
                if let Some((_, areas)) = out.last_mut() {
                    areas.push(Dimensions::new(
                        (row, col),
                        (row + rows - 1, col + cols - 1),
                    ));
                }
            }
            col = col.saturating_add(number(tag, "table:number-columns-repeated"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_repeats_and_sheets() {
        let xml = r#"<office:body><table:table table:name="A &amp; B"><table:table-column/>
<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell/><table:table-cell table:number-rows-spanned="2" table:number-columns-spanned="1"><text:p>P1</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell/><table:covered-table-cell/></table:table-row>
</table:table><table:table table:name="S2"><table:table-row><table:table-cell table:number-columns-spanned="2"/></table:table-row></table:table>"#;
        let s = scan(xml);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].0, "A & B");
        assert_eq!(s[0].1, vec![Dimensions::new((3, 1), (4, 1))]);
        assert_eq!(s[1].1, vec![Dimensions::new((0, 0), (0, 1))]);
    }
}
