//! Editing a member of a saved zip file (an `.xlsx` workbook), for the tests that need a file
//! the writers cannot produce. Shared by the spreadsheet unit tests (`src/load/sheet_tests.rs`,
//! through `#[path]`) and the integration tests.

use std::io::{Read, Write};
use std::path::Path;

/// Rewrites `path` with `edit` applied to one zip member.
pub fn patch_zip(path: &Path, member: &str, edit: impl Fn(String) -> String) {
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == member {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}
