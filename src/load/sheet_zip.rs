//! Bounds of a workbook (`.xlsx`, `.xlsm`, `.ods` are zip archives), checked on the archive
//! before calamine decompresses anything (issue 24, point 1):
//! - the sizes the central directory declares, summed, against `max_decompressed_bytes` —
//!   a zip bomb is refused from its directory, without decompressing a byte;
//! - then each member is decompressed once into a fixed buffer, counting, up to one byte past
//!   the size it declares: a member that lies about its size is refused when it passes it.
//!
//! Cells are bounded by `max_cell_bytes`, and sheets by `max_rows`, `max_columns` and
//! `max_cells`, when the sheet is read ([`super::sheet`]).

use super::{Limits, LoadError};
use std::io::{Cursor, Read};

/// Checks the archive of workbook `shown` against `limits`.
///
/// # Errors
/// [`LoadError::Limit`] (key `max_decompressed_bytes`) for an archive declaring more, or a
/// member decompressing to more than it declares; [`LoadError::Io`] for bytes that are not a
/// zip archive.
pub fn check_archive(shown: &str, bytes: &[u8], limits: &Limits) -> Result<(), LoadError> {
    let bad = |m: String| LoadError::Io {
        file: shown.to_string(),
        message: format!("cannot read the workbook: {m}"),
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut declared: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| bad(e.to_string()))?;
        declared = declared.saturating_add(entry.size());
    }
    let limit = limits.max_decompressed_bytes;
    if declared > limit {
        let what = format!("the workbook's archive declares {declared} bytes once decompressed");
        return Err(limits.exceeded(shown, None, "max_decompressed_bytes", what));
    }
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| bad(e.to_string()))?;
        let (name, size) = (entry.name().to_string(), entry.size());
        let mut seen: u64 = 0;
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| bad(format!("{name}: {e}")))?;
            if n == 0 {
                break;
            }
            seen += n as u64;
            if seen > size {
                let what = format!(
                    "member {name} of the workbook decompresses to more than the {size} bytes it declares"
                );
                return Err(limits.exceeded(shown, None, "max_decompressed_bytes", what));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn archive(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in members {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn declared_sizes_are_summed_against_the_limit() {
        let bytes = archive(&[("a.xml", vec![b' '; 600]), ("b.xml", vec![b' '; 500])]);
        let limits = |n| Limits {
            max_decompressed_bytes: n,
            ..Limits::default()
        };
        assert!(check_archive("w.xlsx", &bytes, &limits(1100)).is_ok());
        let e = check_archive("w.xlsx", &bytes, &limits(1099)).unwrap_err();
        let m = e.to_string();
        assert!(m.starts_with("w.xlsx: the workbook's archive declares 1100 bytes once decompressed, above the limit max_decompressed_bytes = 1099"), "{m}");
        assert!(check_archive("w.xlsx", b"not a zip", &limits(10)).is_err());
    }

    #[test]
    fn a_member_larger_than_it_declares_is_refused() {
        let mut bytes = archive(&[("xl/worksheets/sheet1.xml", vec![b'x'; 5000])]);
        // Lower the declared size (little-endian u32 5000 → 50) in the local header (offset
        // 22) and the central directory header (offset 24 after its signature).
        let from = 5000u32.to_le_bytes();
        let to = 50u32.to_le_bytes();
        let mut patched = 0;
        for i in 0..bytes.len() - 4 {
            if bytes[i..i + 4] == from {
                bytes[i..i + 4].copy_from_slice(&to);
                patched += 1;
            }
        }
        assert_eq!(patched, 2, "local and central headers");
        let e = check_archive("w.xlsx", &bytes, &Limits::default()).unwrap_err();
        assert!(
            e.to_string().contains("member xl/worksheets/sheet1.xml of the workbook decompresses to more than the 50 bytes it declares"),
            "{e}"
        );
    }
}
