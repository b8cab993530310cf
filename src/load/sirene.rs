//! Reading INSEE's SIRENE stocks (`StockUniteLegale`, `StockEtablissement`) for `[enrich]`:
//! only the columns asked for, only the rows whose key (SIREN or SIRET) the study holds.
//!
//! The national stock has about 30 million rows; nothing of it is held whole:
//! - Parquet: the file is memory-mapped by polars and read one row group at a time, projected on
//!   the needed columns; each row group's rows are filtered on the keys and dropped before the
//!   next one (peak memory: one projected row group). `docs/performance.md` says why the eager
//!   reader was kept rather than polars' lazy scan.
//! - CSV (INSEE's `StockUniteLegale_utf8.csv`): streamed record by record.
//! - zipped (INSEE publishes `.zip`): a CSV entry is streamed through the decompressor; a
//!   Parquet entry is first decompressed to a temporary file (Parquet needs to seek).
//!
//! The file may lie outside the study folder. Its fingerprint for the manifest: size,
//! modification time, and SHA-256 of the whole file up to [`FULL_HASH_BYTES`]; above, a
//! SHA-256 of the size and the first and last [`SAMPLE_BYTES`] (`sha256-sampled`).

use super::{sha256_hex, InputFile, LoadError};
use polars::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Largest register hashed whole (256 MiB); larger files get a sampled fingerprint.
pub const FULL_HASH_BYTES: u64 = 256 << 20;
/// Bytes hashed at each end of a larger register (16 MiB).
pub const SAMPLE_BYTES: u64 = 16 << 20;

/// The rows of a register that the study needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Register {
    /// Key → cells of the requested columns (key first), for the keys found.
    pub rows: BTreeMap<String, Vec<String>>,
    /// Fingerprint for the manifest.
    pub input: InputFile,
    /// Rows scanned.
    pub scanned: u64,
}

/// The path of a register named in `study.toml`: absolute as given, relative to the study.
pub fn resolve(dir: &Path, name: &str) -> PathBuf {
    let p = Path::new(name);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        dir.join(p)
    }
}

fn io(file: &str, e: impl std::fmt::Display) -> LoadError {
    LoadError::Io {
        file: file.to_string(),
        message: e.to_string(),
    }
}

/// Reads the rows of register `name` whose column `columns[0]` is one of `keys`.
///
/// # Errors
/// [`LoadError`] naming the file: unreadable, of an unknown kind, or lacking a column of
/// INSEE's schema (the message lists the missing ones).
pub fn read_register(
    dir: &Path,
    name: &str,
    role: &str,
    columns: &[&str],
    keys: &BTreeSet<String>,
) -> Result<Register, LoadError> {
    let path = resolve(dir, name);
    let input = fingerprint(&path, name, role)?;
    let lower = name.to_lowercase();
    let q = Query {
        name,
        columns,
        keys,
    };
    let (rows, scanned) = if lower.ends_with(".parquet") {
        read_parquet(&path, &q)?
    } else if lower.ends_with(".csv") {
        let f = File::open(&path).map_err(|e| io(name, e))?;
        read_csv(f, &q)?
    } else if lower.ends_with(".zip") {
        read_zip(&path, &q)?
    } else {
        return Err(io(
            name,
            "unknown kind of register; expected INSEE's stock as .parquet, .csv or .zip",
        ));
    };
    Ok(Register {
        rows,
        input,
        scanned,
    })
}

type Rows = (BTreeMap<String, Vec<String>>, u64);

/// What is asked of a register: its name in `study.toml` (for messages), the columns (key
/// first) and the keys to keep.
struct Query<'a> {
    name: &'a str,
    columns: &'a [&'a str],
    keys: &'a BTreeSet<String>,
}

fn missing(name: &str, columns: &[&str], have: impl Fn(&str) -> bool) -> Result<(), LoadError> {
    let absent: Vec<&str> = columns.iter().copied().filter(|c| !have(c)).collect();
    if absent.is_empty() {
        Ok(())
    } else {
        Err(io(
            name,
            format!(
                "missing column(s) {}; expected INSEE's published schema (StockUniteLegale / StockEtablissement)",
                absent.join(", ")
            ),
        ))
    }
}

fn read_parquet(path: &Path, q: &Query<'_>) -> Result<Rows, LoadError> {
    let (name, columns, keys) = (q.name, q.columns, q.keys);
    let err = |e: PolarsError| LoadError::Parquet {
        file: name.to_string(),
        message: e.to_string(),
    };
    let open = || File::open(path).map_err(|e| io(name, e));
    let mut reader = ParquetReader::new(open()?);
    let schema = reader.schema().map_err(err)?;
    missing(name, columns, |c| schema.contains(c))?;
    let meta = reader.get_metadata().map_err(err)?.clone();
    let wanted: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    let mut out = BTreeMap::new();
    let (mut offset, mut scanned) = (0usize, 0u64);
    for group in &meta.row_groups {
        let n = group.num_rows();
        let mut r = ParquetReader::new(open()?)
            .with_columns(Some(wanted.clone()))
            .with_slice(Some((offset, n)));
        r.set_metadata(meta.clone());
        let df = r.finish().map_err(err)?;
        offset += n;
        scanned += n as u64;
        let names: Vec<String> = df
            .get_column_names()
            .iter()
            .map(|s| s.to_string())
            .collect();
        let as_text = |c: &str| {
            let i = names.iter().position(|x| x == c).unwrap_or(0);
            df.columns()[i].cast(&DataType::String).map_err(err)
        };
        // The key column alone first: most row groups of the national stock hold no SIREN
        // of the study, and the other columns are converted only where one does.
        let key_text = as_text(columns[0])?;
        let hits: Vec<(usize, String)> = key_text
            .str()
            .map_err(err)?
            .iter()
            .enumerate()
            .filter_map(|(i, k)| Some((i, k?.trim())))
            .filter(|(_, k)| keys.contains(*k))
            .map(|(i, k)| (i, k.to_string()))
            .collect();
        if hits.is_empty() {
            continue;
        }
        let text = columns
            .iter()
            .map(|c| as_text(c))
            .collect::<Result<Vec<_>, _>>()?;
        let cols: Vec<Vec<Option<&str>>> = text
            .iter()
            .map(|c| c.str().map(|s| s.iter().collect()))
            .collect::<Result<_, _>>()
            .map_err(err)?;
        for (i, key) in hits {
            let row = cols
                .iter()
                .map(|c| c.get(i).copied().flatten().unwrap_or("").to_string())
                .collect();
            out.insert(key, row);
        }
    }
    Ok((out, scanned))
}

fn read_csv<R: Read>(reader: R, q: &Query<'_>) -> Result<Rows, LoadError> {
    let (name, columns, keys) = (q.name, q.columns, q.keys);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(reader);
    let header = csv.headers().map_err(|e| io(name, e))?.clone();
    let index = |c: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == c)
    };
    missing(name, columns, |c| index(c).is_some())?;
    let idx: Vec<usize> = columns.iter().filter_map(|c| index(c)).collect();
    let mut out = BTreeMap::new();
    let mut scanned = 0u64;
    let mut record = csv::StringRecord::new();
    while csv.read_record(&mut record).map_err(|e| io(name, e))? {
        scanned += 1;
        let key = record.get(idx[0]).unwrap_or("").trim();
        if keys.contains(key) {
            let row = idx
                .iter()
                .map(|&i| record.get(i).unwrap_or("").to_string())
                .collect();
            out.insert(key.to_string(), row);
        }
    }
    Ok((out, scanned))
}

fn read_zip(path: &Path, q: &Query<'_>) -> Result<Rows, LoadError> {
    let name = q.name;
    let file = File::open(path).map_err(|e| io(name, e))?;
    let mut zip = ::zip::ZipArchive::new(file).map_err(|e| io(name, e))?;
    let entry = (0..zip.len()).find_map(|i| {
        let n = zip.name_for_index(i)?.to_lowercase();
        (n.ends_with(".csv") || n.ends_with(".parquet")).then_some((i, n))
    });
    let Some((i, entry_name)) = entry else {
        return Err(io(name, "the archive holds no .csv or .parquet file"));
    };
    let mut entry = zip.by_index(i).map_err(|e| io(name, e))?;
    if entry_name.ends_with(".csv") {
        return read_csv(entry, q);
    }
    let tmp = std::env::temp_dir().join(format!(
        "ptce-sirene-{}-{}.parquet",
        std::process::id(),
        sha256_hex(path.to_string_lossy().as_bytes())
    ));
    let copied = File::create(&tmp).and_then(|mut f| std::io::copy(&mut entry, &mut f));
    let read = copied
        .map_err(|e| io(name, e))
        .and_then(|_| read_parquet(&tmp, q));
    let _ = std::fs::remove_file(&tmp);
    read
}

/// Size, modification time and hash of a register (`sha256`, or `sha256-sampled` above
/// [`FULL_HASH_BYTES`]).
///
/// # Errors
/// [`LoadError::Io`] when the file cannot be read.
pub fn fingerprint(path: &Path, name: &str, role: &str) -> Result<InputFile, LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| io(name, e))?;
    let bytes = meta.len();
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs());
    let mut f = File::open(path).map_err(|e| io(name, e))?;
    let mut h = Sha256::new();
    let method = if bytes <= FULL_HASH_BYTES {
        std::io::copy(&mut f, &mut h).map_err(|e| io(name, e))?;
        "sha256"
    } else {
        h.update(bytes.to_le_bytes());
        let mut buf = vec![0u8; SAMPLE_BYTES as usize];
        for start in [0, bytes - SAMPLE_BYTES] {
            f.seek(SeekFrom::Start(start)).map_err(|e| io(name, e))?;
            f.read_exact(&mut buf).map_err(|e| io(name, e))?;
            h.update(&buf);
        }
        "sha256-sampled"
    };
    Ok(InputFile {
        table: role.to_string(),
        file: name.to_string(),
        bytes,
        sha256: super::hex(&h.finalize()),
        rows: None,
        encoding: None,
        separator: None,
        modified,
        hash: Some(method.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> BTreeSet<String> {
        k.iter().map(|s| s.to_string()).collect()
    }

    const CSV: &str = "siren,statutDiffusionUniteLegale,categorieJuridiqueUniteLegale\n\
                       552100554,O,9220\n732829320,O,5710\n441639465,O,5599\n";

    #[test]
    fn csv_rows_are_filtered_on_the_keys_and_projected() {
        let cols = ["siren", "categorieJuridiqueUniteLegale"];
        let k = keys(&["732829320", "1"]);
        let q = |columns| Query {
            name: "s.csv",
            columns,
            keys: &k,
        };
        let (rows, scanned) = read_csv(CSV.as_bytes(), &q(&cols)).unwrap();
        assert_eq!(scanned, 3);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows["732829320"], vec!["732829320", "5710"]);
        let e = read_csv(CSV.as_bytes(), &q(&["siren", "dateDebut"])).unwrap_err();
        assert!(e.to_string().contains("missing column(s) dateDebut"), "{e}");
    }

    #[test]
    fn parquet_zip_and_csv_give_the_same_rows_and_the_fingerprint_is_the_sha256() {
        let dir = tempfile::tempdir().unwrap();
        let mut df = df!(
            "siren" => ["552100554", "732829320", "441639465"],
            "statutDiffusionUniteLegale" => ["O", "O", "O"],
            "categorieJuridiqueUniteLegale" => ["9220", "5710", "5599"],
        )
        .unwrap();
        let pq = dir.path().join("s.parquet");
        ParquetWriter::new(File::create(&pq).unwrap())
            .with_row_group_size(Some(2))
            .finish(&mut df)
            .unwrap();
        std::fs::write(dir.path().join("s.csv"), CSV).unwrap();
        for (inner, zipped) in [("s.csv", "c.zip"), ("s.parquet", "p.zip")] {
            let bytes = std::fs::read(dir.path().join(inner)).unwrap();
            let mut w = ::zip::ZipWriter::new(File::create(dir.path().join(zipped)).unwrap());
            w.start_file(inner, ::zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut w, &bytes).unwrap();
            w.finish().unwrap();
        }
        let cols = ["siren", "categorieJuridiqueUniteLegale"];
        let k = keys(&["441639465", "552100554", "999999999"]);
        let want = read_register(dir.path(), "s.csv", "sirene", &cols, &k).unwrap();
        assert_eq!(want.rows.len(), 2);
        for name in ["s.parquet", "c.zip", "p.zip"] {
            let got = read_register(dir.path(), name, "sirene", &cols, &k).unwrap();
            assert_eq!(got.rows, want.rows, "{name}");
            assert_eq!(got.scanned, 3, "{name}");
        }
        let fp = &want.input;
        assert_eq!(fp.bytes, CSV.len() as u64);
        assert_eq!(fp.sha256, sha256_hex(CSV.as_bytes()));
        assert_eq!(fp.hash.as_deref(), Some("sha256"));
        assert!(fp.modified.is_some());
        let abs = dir.path().join("s.csv");
        let other = tempfile::tempdir().unwrap();
        let outside = read_register(other.path(), abs.to_str().unwrap(), "sirene", &cols, &k);
        assert_eq!(outside.unwrap().rows, want.rows);
    }
}
