//! Bounded workbook readers (issue 24, point 1): a zip bomb named `.xlsx`, a sheet with 10⁷
//! styled empty rows, a cell of 100 MB — each refused (or, for the empty rows, ignored) within
//! seconds and under 500 MiB, measured on the child by `/usr/bin/time -v` like the other
//! crafted files of `bounded.rs`. The workbooks are made at test time, never committed.

use super::bounded::{assert_refused, validate_measured, PEAK_KIB};
use super::*;
use common::zip_patch::patch_zip;
use flate2::{Compress, Compression, FlushCompress};

/// The mini study with `organizations.csv` replaced by `organizations.xlsx` (same cells, as
/// text; the name cell of row 2 holds `NAME_OF_ROW_2`), then `edit` applied to its `member`.
fn mini_workbook(dest: &Path, member: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let study = mini(dest);
    let csv_path = study.join("organizations.csv");
    let mut r = csv::Reader::from_path(&csv_path).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (i, rec) in r.records().enumerate() {
        for (c, v) in rec.unwrap().iter().enumerate() {
            let v = if i == 0 && header[c] == "name" {
                "NAME_OF_ROW_2"
            } else {
                v
            };
            ws.write_string(i as u32 + 1, c as u16, v).unwrap();
        }
    }
    wb.save(study.join("organizations.xlsx")).unwrap();
    fs::remove_file(csv_path).unwrap();
    patch_zip(&study.join("organizations.xlsx"), member, edit);
    study
}

fn le16(v: u16) -> [u8; 2] {
    v.to_le_bytes()
}

fn le32(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

/// A zip archive with one deflated member of `gib` GiB of zeros (declared honestly in its
/// headers), written without deflating gigabytes: 1 MiB of zeros is compressed once with a
/// full flush (a self-contained, byte-aligned run of blocks) and repeated. The CRC is not
/// computed (0): a reader that checked it would have decompressed the bomb already.
fn zip_bomb(member: &str, gib: u32) -> Vec<u8> {
    let mut c = Compress::new(Compression::fast(), false);
    let zeros = vec![0u8; 1 << 20];
    let mut seg = Vec::with_capacity(1 << 16);
    c.compress_vec(&zeros, &mut seg, FlushCompress::Full)
        .unwrap();
    assert_eq!(c.total_in(), 1 << 20, "the whole MiB compressed at once");
    let mut fin = Vec::with_capacity(64);
    Compress::new(Compression::fast(), false)
        .compress_vec(&[], &mut fin, FlushCompress::Finish)
        .unwrap();
    let mut data = Vec::with_capacity(seg.len() * 1024 * gib as usize + fin.len());
    for _ in 0..1024 * gib {
        data.extend_from_slice(&seg);
    }
    data.extend_from_slice(&fin);
    let size = u32::try_from(u64::from(gib) << 30).expect("below 4 GiB: no zip64");
    let csize = u32::try_from(data.len()).unwrap();
    let name = member.as_bytes();
    let common = |out: &mut Vec<u8>| {
        out.extend(le16(20)); // version needed
        out.extend(le16(0)); // flags
        out.extend(le16(8)); // deflate
        out.extend(le16(0)); // time
        out.extend(le16(0x21)); // date: 1980-01-01
        out.extend(le32(0)); // CRC-32 (not computed)
        out.extend(le32(csize));
        out.extend(le32(size));
        out.extend(le16(name.len() as u16));
        out.extend(le16(0)); // extra field length
    };
    let mut out = Vec::new();
    out.extend(le32(0x0403_4b50));
    common(&mut out);
    out.extend_from_slice(name);
    out.extend_from_slice(&data);
    let cd_offset = out.len() as u32;
    out.extend(le32(0x0201_4b50));
    out.extend(le16(20)); // version made by
    common(&mut out);
    out.extend(le16(0)); // comment length
    out.extend(le16(0)); // disk
    out.extend(le16(0)); // internal attributes
    out.extend(le32(0)); // external attributes
    out.extend(le32(0)); // offset of the local header
    out.extend_from_slice(name);
    let cd_size = out.len() as u32 - cd_offset;
    out.extend(le32(0x0605_4b50));
    out.extend(le16(0));
    out.extend(le16(0));
    out.extend(le16(1));
    out.extend(le16(1));
    out.extend(le32(cd_size));
    out.extend(le32(cd_offset));
    out.extend(le16(0));
    out
}

/// A zip bomb named `organizations.xlsx` (3 GiB of zeros in a few MB): refused from its central
/// directory, nothing decompressed.
#[test]
fn a_zip_bomb_named_xlsx_is_refused_from_its_central_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    fs::remove_file(study.join("organizations.csv")).unwrap();
    let bomb = zip_bomb("xl/worksheets/sheet1.xml", 3);
    assert!(bomb.len() < 64 << 20, "{} bytes", bomb.len());
    fs::write(study.join("organizations.xlsx"), bomb).unwrap();
    assert_refused(
        &study,
        "organizations.xlsx: error: the workbook's archive declares 3221225472 bytes once \
         decompressed, above the limit max_decompressed_bytes = 2147483648; raise \
         max_decompressed_bytes in the [limits] section of study.toml",
    );
}

/// A sheet whose data are followed by 10⁷ styled empty rows, each with a styled empty cell
/// (a formatted column dragged to the bottom of the sheet, ≈ 450 MB of XML): the rows are
/// ignored, as empty trailing rows are, under 500 MiB. Measured alone: 14 s (the XML is
/// decompressed twice: archive check, then calamine); the bound is wider because the other
/// tests of this binary run at the same time on the 2-core machine.
#[test]
fn ten_million_styled_empty_rows_are_ignored_in_bounded_time_and_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini_workbook(&tmp.path().join("s"), "xl/worksheets/sheet1.xml", |xml| {
        let mut rows = String::with_capacity(10_000_000 * 48);
        for n in 100..10_000_100u32 {
            rows.push_str(&format!(
                "<row r=\"{n}\" s=\"1\"><c r=\"A{n}\" s=\"1\"/></row>"
            ));
        }
        xml.replace("NAME_OF_ROW_2", "Commune")
            .replace("</sheetData>", &format!("{rows}</sheetData>"))
    });
    let (code, said, kib, elapsed) = validate_measured(&study);
    assert_eq!(code, Some(0), "{said}");
    assert!(kib < PEAK_KIB, "peak {kib} KiB\n{said}");
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
    println!("10⁷ styled empty rows: {kib} KiB peak, {elapsed:?}");
}

/// A cell of 100 MB in a workbook: refused at `max_cell_bytes`, naming the cell.
#[test]
fn a_workbook_cell_of_100_mb_is_refused_naming_the_cell() {
    let tmp = tempfile::tempdir().unwrap();
    // rust_xlsxwriter keeps strings in the shared-strings table.
    let study = mini_workbook(&tmp.path().join("s"), "xl/sharedStrings.xml", |xml| {
        xml.replace("NAME_OF_ROW_2", &"a".repeat(100_000_000))
    });
    assert_refused(
        &study,
        "organizations.xlsx[Sheet1]!B2: error: a cell of more than 1048576 bytes, above the \
         limit max_cell_bytes = 1048576; raise max_cell_bytes in the [limits] section of study.toml",
    );
}
