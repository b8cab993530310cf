//! Bounded readers (issue 24): crafted inputs — a Parquet file declaring 2³¹ rows, a CSV line of
//! 1 GB, a cell of 100 MB — each get a clear error naming the file, the limit and its
//! `study.toml` key, within seconds and under 500 MiB of peak memory (the child's maximum
//! resident set, measured by `/usr/bin/time -v`). The files are made at test time; the 1 GB
//! line is sparse past its first 32 MiB (the reader must stop long before).

use super::*;
use polars_parquet_format::thrift::protocol::{TCompactInputProtocol, TCompactOutputProtocol};
use polars_parquet_format::FileMetaData;
use std::io::Write;

/// Peak memory allowed for refusing a crafted file.
pub(super) const PEAK_KIB: u64 = 500 * 1024;

/// Runs `ptce validate <study>` under `/usr/bin/time -v`: (exit code, output, peak resident
/// set in KiB, wall time).
pub(super) fn validate_measured(study: &Path) -> (Option<i32>, String, u64, Duration) {
    let report = study.with_extension("time.txt");
    let start = Instant::now();
    let o = Command::new("/usr/bin/time")
        .args([
            "-v",
            "-o",
            s(&report),
            env!("CARGO_BIN_EXE_ptce"),
            "validate",
            s(study),
        ])
        .output()
        .expect("/usr/bin/time runs (Debian package `time`, installed by .ci/test)");
    let elapsed = start.elapsed();
    let said = text(&o);
    let time = fs::read_to_string(&report).unwrap();
    let kib = time
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in {time}"));
    // `time` reports the child's exit status itself; a signal shows as "Command terminated".
    assert!(!time.contains("terminated by signal"), "{time}\n{said}");
    (o.status.code(), said, kib, elapsed)
}

/// Checks a refusal: exit code 1, the expected message, no panic or abort, fast and small.
pub(super) fn assert_refused(study: &Path, expected: &str) {
    let (code, said, kib, elapsed) = validate_measured(study);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains(expected), "{expected:?} missing in\n{said}");
    assert!(
        !said.contains("panicked") && !said.contains("memory allocation"),
        "{said}"
    );
    assert!(kib < PEAK_KIB, "peak {kib} KiB\n{said}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    println!("{expected}: {kib} KiB peak, {elapsed:?}");
}

/// A valid Parquet file whose footer says it has 2³¹ rows (of 3 written): the footer's
/// `num_rows`, its row group's and the column chunks' value counts rewritten.
fn parquet_declaring(rows: i64) -> Vec<u8> {
    use polars::prelude::*;
    let mut df = df!(
        "ptce_id" => ["P1", "P1", "P1"],
        "source" => ["O1", "O2", "O3"],
        "target" => ["O2", "O3", "O1"],
    )
    .unwrap();
    let mut buf = std::io::Cursor::new(Vec::new());
    ParquetWriter::new(&mut buf).finish(&mut df).unwrap();
    let bytes = buf.into_inner();
    let n = bytes.len();
    let len = u32::from_le_bytes(bytes[n - 8..n - 4].try_into().unwrap()) as usize;
    let footer = &bytes[n - 8 - len..n - 8];
    let mut input = TCompactInputProtocol::new(footer, usize::MAX);
    let mut meta = FileMetaData::read_from_in_protocol(&mut input).unwrap();
    assert_eq!(meta.num_rows, 3);
    meta.num_rows = rows;
    for group in &mut meta.row_groups {
        group.num_rows = rows;
        for c in &mut group.columns {
            if let Some(m) = c.meta_data.as_mut() {
                m.num_values = rows;
            }
        }
    }
    let mut out = bytes[..n - 8 - len].to_vec();
    let mut encoded = Vec::new();
    meta.write_to_out_protocol(&mut TCompactOutputProtocol::new(&mut encoded))
        .unwrap();
    out.extend_from_slice(&encoded);
    out.extend_from_slice(&(encoded.len() as u32).to_le_bytes());
    out.extend_from_slice(b"PAR1");
    out
}

/// Today's abort (`memory allocation of 34359738368 bytes failed`) becomes an error read from
/// the footer, before any page is decoded.
#[test]
fn a_parquet_declaring_2_31_rows_is_refused_from_its_footer() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    fs::remove_file(study.join("ties.csv")).unwrap();
    fs::write(study.join("ties.parquet"), parquet_declaring(1 << 31)).unwrap();
    assert_refused(
        &study,
        "ties.parquet: error: the file declares 2147483648 rows, above the limit \
         max_rows = 10000000; raise max_rows in the [limits] section of study.toml",
    );
    // The same file declaring its true count is read (the footer rewrite keeps it valid):
    // refused then for its content, not its size.
    fs::write(study.join("ties.parquet"), parquet_declaring(3)).unwrap();
    let (code, said, _, _) = validate_measured(&study);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("ties.parquet"), "{said}");
    assert!(
        !said.contains("max_rows") && !said.contains("cannot read Parquet"),
        "{said}"
    );
}

/// A CSV whose second line is 1 GB long (cells of 512 KiB, each under the cell limit): refused
/// at `max_line_bytes` after 16 MiB, never read whole. Only the first 32 MiB are written; the
/// rest of the line is a hole of the file (zeros, read as text by nobody).
#[test]
fn a_csv_line_of_1_gb_is_refused_while_streaming() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    let path = study.join("ties.csv");
    let mut f = fs::File::create(&path).unwrap();
    f.write_all(b"ptce_id,source,target,kind,start,end,weight\nP1,")
        .unwrap();
    let cell = vec![b'x'; 512 << 10];
    for _ in 0..64 {
        f.write_all(&cell).unwrap();
        f.write_all(b",").unwrap();
    }
    f.set_len(1_000_000_000).unwrap();
    drop(f);
    assert_refused(
        &study,
        "ties.csv:2: error: a row of more than 16777216 bytes, above the limit \
         max_line_bytes = 16777216; raise max_line_bytes in the [limits] section of study.toml",
    );
}

/// A 100 MB organisation name (accepted at 1.5 GiB before): refused at 1 MiB. Raising the
/// limit in `study.toml` lets a 2 MiB name through.
#[test]
fn a_cell_of_100_mb_is_refused_and_the_limit_can_be_raised() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    let orgs = fs::read_to_string(study.join("organizations.csv")).unwrap();
    let name = "Communauté de communes du Bocage";
    assert!(orgs.contains(name));
    let write_name = |bytes: usize| {
        let (before, after) = orgs.split_once(name).unwrap();
        let mut f = fs::File::create(study.join("organizations.csv")).unwrap();
        f.write_all(before.as_bytes()).unwrap();
        let block = vec![b'a'; 1 << 20];
        let mut left = bytes;
        while left > 0 {
            let k = left.min(block.len());
            f.write_all(&block[..k]).unwrap();
            left -= k;
        }
        f.write_all(after.as_bytes()).unwrap();
    };
    write_name(100_000_000);
    assert_refused(
        &study,
        "organizations.csv:2: error: a cell of more than 1048576 bytes, above the limit \
         max_cell_bytes = 1048576; raise max_cell_bytes in the [limits] section of study.toml",
    );
    write_name(2 << 20);
    let (_, said, _, _) = validate_measured(&study);
    assert!(said.contains("max_cell_bytes = 1048576"), "{said}");
    let mut toml = fs::read_to_string(study.join("study.toml")).unwrap();
    toml.push_str("\n[limits]\nmax_cell_bytes = 4194304\n");
    fs::write(study.join("study.toml"), toml).unwrap();
    let (_, said, _, _) = validate_measured(&study);
    assert!(!said.contains("max_cell_bytes"), "{said}");
}
