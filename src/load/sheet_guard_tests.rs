//! Tests of the workbook guard: archives built here with the `zip` crate.

use super::*;
use std::io::Write;

/// A zip archive (deflated) of `parts`.
fn archive(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, data) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn sheet(cells: &str) -> Vec<u8> {
    format!(r#"<?xml version="1.0"?><worksheet><sheetData>{cells}</sheetData></worksheet>"#)
        .into_bytes()
}

fn key(r: Result<(), LoadError>) -> Option<(&'static str, u64, String)> {
    match r {
        Ok(()) => None,
        Err(LoadError::Limit {
            key, limit, what, ..
        }) => Some((key, limit, what)),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a1_positions_are_one_based() {
    assert_eq!(a1_position(b"A1"), Some((1, 1)));
    assert_eq!(a1_position(b"C12"), Some((12, 3)));
    assert_eq!(a1_position(b"$AA$3"), Some((3, 27)));
    assert_eq!(a1_position(b"XFD1048576"), Some((1_048_576, 16_384)));
    assert_eq!(a1_position(b"12"), None);
    assert_eq!(a1_position(b"A"), None);
}

#[test]
fn attributes_are_read_with_either_quote_and_not_inside_other_names() {
    let tag = br#"c s="1" r='B7' t="s""#;
    assert_eq!(attribute(tag, b"r"), Some(&b"B7"[..]));
    assert_eq!(attribute(tag, b"t"), Some(&b"s"[..]));
    assert_eq!(attribute(br#"c rr="A1""#, b"r"), None);
}

#[test]
fn corner_cells_are_refused_by_the_rectangle_they_span() {
    let limits = Limits::default();
    let fine = archive(&[(
        "xl/worksheets/sheet1.xml",
        &sheet(r#"<row r="1"><c r="A1"><v>1</v></c><c r="J100"><v>2</v></c></row>"#),
    )]);
    assert_eq!(key(check_workbook("a.xlsx", &fine, &limits)), None);
    // A1 and XFD1048576: calamine would allocate 1.7e10 cells.
    let corner = archive(&[(
        "xl/worksheets/sheet1.xml",
        &sheet(
            r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#,
        ),
    )]);
    let (k, limit, what) = key(check_workbook("a.xlsx", &corner, &limits)).unwrap();
    assert_eq!((k, limit), ("max_columns", 1000), "{what}");
    assert_eq!(what, "a sheet with a value in column 16384");
    // Off the grid (calamine's arithmetic would overflow): refused whatever the limits.
    for r in ["XFE1", "A1048577", "AAAAAAAAAAAAAA1", "A99999999999999"] {
        let off = archive(&[(
            "xl/worksheets/sheet1.xml",
            &sheet(&format!(r#"<row r="1"><c r="{r}" s="1"/></row>"#)),
        )]);
        match check_workbook("a.xlsx", &off, &limits) {
            Err(LoadError::Sheet { message, .. }) => {
                assert!(
                    message.contains(&format!("r=\"{r}\" is not a row or cell")),
                    "{message}"
                )
            }
            other => panic!("{r}: {other:?}"),
        }
    }
    let off = archive(&[(
        "xl/worksheets/sheet1.xml",
        &sheet(r#"<row r="99999999999"/>"#),
    )]);
    assert!(matches!(
        check_workbook("a.xlsx", &off, &limits),
        Err(LoadError::Sheet { .. })
    ));
    // Within the columns, too many cells: 2 × 10,000 rows by 1,000 columns over a 10^6 limit.
    let small = Limits {
        max_cells: 1_000_000,
        ..Limits::default()
    };
    let tall = archive(&[(
        "xl/worksheets/sheet1.xml",
        &sheet(r#"<c r="A1"><v>1</v></c><c r="ALL2000"><v>2</v></c>"#),
    )]);
    let (k, _, what) = key(check_workbook("a.xlsx", &tall, &small)).unwrap();
    assert_eq!(k, "max_cells");
    assert_eq!(
        what,
        "a sheet spanning 2000 rows by 1000 columns (2000000 cells to allocate)"
    );
}

#[test]
fn styled_empty_cells_and_rows_cost_nothing() {
    let rows: String = (1..=3000)
        .map(|r| format!(r#"<row r="{r}" s="1" customFormat="1"><c r="ZZ{r}" s="1"/></row>"#))
        .collect();
    let limits = Limits {
        max_rows: 10,
        ..Limits::default()
    };
    let styled = archive(&[("xl/worksheets/sheet1.xml", &sheet(&rows))]);
    assert_eq!(key(check_workbook("a.xlsx", &styled, &limits)), None);
}

#[test]
fn a_long_text_is_refused_at_the_cell_limit() {
    let limits = Limits {
        max_cell_bytes: 100,
        ..Limits::default()
    };
    let text = format!("<sst><si><t>{}</t></si></sst>", "x".repeat(101));
    let wb = archive(&[("xl/sharedStrings.xml", text.as_bytes())]);
    let (k, limit, what) = key(check_workbook("a.xlsx", &wb, &limits)).unwrap();
    assert_eq!((k, limit), ("max_cell_bytes", 100));
    assert_eq!(what, "a text of more than 100 bytes");
    let ok = format!("<sst><si><t>{}</t></si></sst>", "x".repeat(100));
    let wb = archive(&[("xl/sharedStrings.xml", ok.as_bytes())]);
    assert_eq!(key(check_workbook("a.xlsx", &wb, &limits)), None);
}

#[test]
fn declared_and_real_sizes_are_bounded() {
    let limits = Limits {
        max_decompressed_bytes: 1000,
        ..Limits::default()
    };
    let big = vec![b' '; 1001];
    let wb = archive(&[("xl/styles.xml", &big)]);
    let (k, _, what) = key(check_workbook("a.xlsx", &wb, &limits)).unwrap();
    assert_eq!(k, "max_decompressed_bytes");
    assert_eq!(what, "a workbook declaring 1001 bytes once decompressed");
    // Not a zip archive: left to calamine's own message.
    assert_eq!(key(check_workbook("a.xlsx", b"not a zip", &limits)), None);
}

#[test]
fn ods_repeats_are_counted_and_trailing_empty_repeats_are_free() {
    let content = |rows: &str| {
        format!(
            r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
    };
    let valued =
        r#"<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>"#;
    // LibreOffice's own trailing runs: an empty row repeated 1,048,570 times, empty cells
    // repeated 16,380 times.
    let trailing = format!(
        r#"<table:table-row>{valued}<table:table-cell table:number-columns-repeated="16380"/></table:table-row><table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
    );
    let limits = Limits::default();
    let ok = archive(&[("content.xml", content(&trailing).as_bytes())]);
    assert_eq!(key(check_workbook("a.ods", &ok, &limits)), None);
    // A valued cell repeated over 2,000 columns in a row repeated 100,000 times.
    let bomb = format!(
        r#"<table:table-row>{valued}</table:table-row><table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="900" office:value-type="float" office:value="1"/></table:table-row>"#
    );
    let wb = archive(&[("content.xml", content(&bomb).as_bytes())]);
    let (k, _, what) = key(check_workbook(
        "a.ods",
        &wb,
        &Limits {
            max_cells: 1_000_000,
            ..Limits::default()
        },
    ))
    .unwrap();
    assert_eq!(k, "max_cells");
    assert_eq!(
        what,
        "a sheet spanning 100001 rows by 900 columns (90000900 cells to allocate)"
    );
}

#[test]
fn more_rows_than_excel_has_are_refused() {
    let rows = "<row/>".repeat(XLSX_MAX_ROWS as usize + 1);
    let wb = archive(&[("xl/worksheets/sheet1.xml", &sheet(&rows))]);
    match check_workbook("a.xlsx", &wb, &Limits::default()) {
        Err(LoadError::Sheet { file, message, .. }) => {
            assert_eq!(file, "a.xlsx/xl/worksheets/sheet1.xml");
            assert!(message.starts_with("more than 1048576 rows"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let rows = "<row/>".repeat(XLSX_MAX_ROWS as usize);
    let wb = archive(&[("xl/worksheets/sheet1.xml", &sheet(&rows))]);
    assert_eq!(key(check_workbook("a.xlsx", &wb, &Limits::default())), None);
}

#[test]
fn an_ods_table_left_open_is_refused() {
    // calamine 0.32 loops forever on this (found by the `workbook` fuzz target).
    let open = r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#;
    let wb = archive(&[("content.xml", open.as_bytes())]);
    match check_workbook("a.ods", &wb, &Limits::default()) {
        Err(LoadError::Sheet { file, message, .. }) => {
            assert_eq!(file, "a.ods/content.xml");
            assert!(message.contains("never closed"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // Its end hidden in a comment or a CDATA section, or inside an attribute value, is no end.
    for hidden in [
        "<!-- > </table:table> -->",
        "<![CDATA[ > </table:table> ]]>",
        r#"<text:p a="></table:table>"/>"#,
    ] {
        let xml =
            format!("{open}{hidden}</office:spreadsheet></office:body></office:document-content>");
        let wb = archive(&[("content.xml", xml.as_bytes())]);
        assert!(
            check_workbook("a.ods", &wb, &Limits::default()).is_err(),
            "{hidden}"
        );
    }
    let closed = format!(
        "{open}</table:table></office:spreadsheet></office:body></office:document-content>"
    );
    let wb = archive(&[("content.xml", closed.as_bytes())]);
    assert_eq!(key(check_workbook("a.ods", &wb, &Limits::default())), None);
}

#[test]
fn cells_in_comments_and_cdata_are_not_cells() {
    let limits = Limits::default();
    let hidden = sheet(
        r#"<!-- <c r="XFD1"><v>1</v></c> --><![CDATA[ <c r="XFD2"> ]]><c r="A1" t="str" x="a>b"><v>1</v></c>"#,
    );
    let wb = archive(&[("xl/worksheets/sheet1.xml", &hidden)]);
    assert_eq!(key(check_workbook("a.xlsx", &wb, &limits)), None);
}
