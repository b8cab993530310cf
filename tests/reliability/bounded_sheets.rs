//! Bounded workbook reading (issue 24): crafted `.xlsx` files — a zip bomb, a sheet of 10⁷
//! styled empty rows, a cell of 100 MB — each get a clear error within seconds and under
//! 500 MiB of peak memory, found by the scan of the archive before calamine parses it
//! (`src/load/sheet_guard.rs`). The files are built at test time: their XML is one block of
//! text deflated once and repeated (each block flushed with a full flush, so that the copies
//! are independent deflate blocks), so a 2 GB part costs a few megabytes and no time.

use super::bounded::assert_refused;
use super::*;
use flate2::{Compress, Compression, Crc, FlushCompress};

/// One part of an archive: name, deflated bytes, CRC-32 and size of the inflated content.
struct Part {
    name: &'static str,
    deflated: Vec<u8>,
    crc: u32,
    size: u64,
}

/// Deflates `head`, then `block` repeated `times`, then `tail`, into one part.
fn part(name: &'static str, head: &[u8], block: &[u8], times: u64, tail: &[u8]) -> Part {
    let mut c = Compress::new(Compression::best(), false);
    let mut deflate = |input: &[u8], flush: FlushCompress| {
        let mut out = Vec::with_capacity(input.len() / 2 + 1024);
        let before = c.total_in();
        loop {
            let used = (c.total_in() - before) as usize;
            out.reserve(64 * 1024);
            c.compress_vec(&input[used..], &mut out, flush).unwrap();
            if (c.total_in() - before) as usize == input.len() && out.len() < out.capacity() {
                break;
            }
        }
        out
    };
    let mut deflated = deflate(head, FlushCompress::Full);
    let block_bytes = deflate(block, FlushCompress::Full);
    let mut crc = Crc::new();
    crc.update(head);
    for _ in 0..times {
        deflated.extend_from_slice(&block_bytes);
        crc.update(block);
    }
    deflated.extend(deflate(tail, FlushCompress::Finish));
    crc.update(tail);
    Part {
        name,
        deflated,
        crc: crc.sum(),
        size: head.len() as u64 + block.len() as u64 * times + tail.len() as u64,
    }
}

/// A zip archive of `parts` (sizes below 4 GiB, no zip64).
fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let fields = |out: &mut Vec<u8>| {
            out.extend(20u16.to_le_bytes()); // version needed
            out.extend(0u16.to_le_bytes()); // flags
            out.extend(8u16.to_le_bytes()); // deflate
            out.extend(0u16.to_le_bytes()); // time
            out.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            out.extend(p.crc.to_le_bytes());
            out.extend((p.deflated.len() as u32).to_le_bytes());
            out.extend(u32::try_from(p.size).unwrap().to_le_bytes());
            out.extend((p.name.len() as u16).to_le_bytes());
            out.extend(0u16.to_le_bytes()); // extra
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        fields(&mut out);
        out.extend(p.name.as_bytes());
        out.extend(&p.deflated);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // version made by
        fields(&mut central);
        central.extend([0u8; 6]); // comment length, disk, internal attributes
        central.extend(0u32.to_le_bytes()); // external attributes
        central.extend(offset.to_le_bytes());
        central.extend(p.name.as_bytes());
    }
    let at = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// An `.xlsx` workbook of one sheet `Organisations`, with the given sheet and shared strings.
fn xlsx(sheet: Part, strings: Part) -> Vec<u8> {
    let small = |name: &'static str, text: String| part(name, text.as_bytes(), b"", 0, b"");
    zip(&[
        small("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_string()),
        small("_rels/.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#)),
        small("xl/workbook.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook {NS}><sheets><sheet name="Organisations" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
        small("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#)),
        sheet,
        strings,
    ])
}

fn sheet_head() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>"#
    )
}

const SHEET_TAIL: &[u8] = b"</sheetData></worksheet>";

fn strings(head: &str, block: &[u8], times: u64, tail: &str) -> Part {
    part(
        "xl/sharedStrings.xml",
        head.as_bytes(),
        block,
        times,
        tail.as_bytes(),
    )
}

fn plain_strings() -> Part {
    strings(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>org_id</t></si><si><t>name</t></si><si><t>O1</t></si><si><t>Mairie</t></si></sst>"#,
        b"",
        0,
        "",
    )
}

/// The mini study with `organizations.xlsx` instead of `organizations.csv`.
fn study_with(tmp: &Path, workbook: &[u8]) -> PathBuf {
    let study = mini(&tmp.join("s"));
    fs::remove_file(study.join("organizations.csv")).unwrap();
    fs::write(study.join("organizations.xlsx"), workbook).unwrap();
    study
}

/// A zip bomb: 1.5 GiB of blanks inside the sheet (under the 2 GiB of decompressed data that
/// `max_decompressed_bytes` allows), 1.5 MB on disk. Refused after its first MiB of blanks;
/// before the guard, calamine held the blanks as one text (4 GiB of them peaked at 8.4 GB).
#[test]
fn a_zip_bomb_named_xlsx_is_refused_in_its_first_megabyte() {
    let tmp = tempfile::tempdir().unwrap();
    let sheet = part(
        "xl/worksheets/sheet1.xml",
        sheet_head().as_bytes(),
        &vec![b' '; 1 << 24],
        96,
        SHEET_TAIL,
    );
    let wb = xlsx(sheet, plain_strings());
    assert!(wb.len() < 4 << 20, "{} bytes", wb.len());
    let study = study_with(tmp.path(), &wb);
    assert_refused(
        &study,
        "organizations.xlsx/xl/worksheets/sheet1.xml: error: a text of more than 1048576 bytes, \
         above the limit max_cell_bytes = 1048576; raise max_cell_bytes in the [limits] section \
         of study.toml",
    );
    // The same bomb past 2 GiB is refused from the archive's directory, before inflating.
    let sheet = part(
        "xl/worksheets/sheet1.xml",
        sheet_head().as_bytes(),
        &vec![b' '; 1 << 24],
        160,
        SHEET_TAIL,
    );
    fs::write(
        study.join("organizations.xlsx"),
        xlsx(sheet, plain_strings()),
    )
    .unwrap();
    assert_refused(
        &study,
        "above the limit max_decompressed_bytes = 2147483648; raise max_decompressed_bytes",
    );
}

/// 10⁷ styled empty rows (`<row s="1" customFormat="1"/>`, 440 MB of XML): more rows than an
/// `.xlsx` sheet can hold; refused after 1,048,577 of them (calamine took 12 s to parse them
/// all before the guard).
#[test]
fn ten_million_styled_empty_rows_are_refused_quickly() {
    let tmp = tempfile::tempdir().unwrap();
    let row: &[u8] = br#"<row s="1" customFormat="1" ht="15"/>"#;
    let block: Vec<u8> = row.repeat(100_000);
    let sheet = part(
        "xl/worksheets/sheet1.xml",
        sheet_head().as_bytes(),
        &block,
        100,
        SHEET_TAIL,
    );
    let study = study_with(tmp.path(), &xlsx(sheet, plain_strings()));
    assert_refused(
        &study,
        "organizations.xlsx/xl/worksheets/sheet1.xml: error: more than 1048576 rows, the most \
         an .xlsx sheet can hold",
    );
}

/// A 100 MB organisation name in the shared strings: refused at `max_cell_bytes`.
#[test]
fn a_cell_of_100_mb_in_a_workbook_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let sheet = part(
        "xl/worksheets/sheet1.xml",
        sheet_head().as_bytes(),
        b"",
        0,
        SHEET_TAIL,
    );
    let strings = strings(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>org_id</t></si><si><t>name</t></si><si><t>O1</t></si><si><t>"#,
        &vec![b'a'; 1 << 20],
        100,
        "</t></si></sst>",
    );
    let study = study_with(tmp.path(), &xlsx(sheet, strings));
    assert_refused(
        &study,
        "organizations.xlsx/xl/sharedStrings.xml: error: a text of more than 1048576 bytes, \
         above the limit max_cell_bytes = 1048576",
    );
}
