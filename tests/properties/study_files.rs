//! File helpers of the study properties: generating, running, rewriting input tables and
//! reading output folders.

use ptce::generate::{generate_study, Effects, GenerateParams};
use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::Command;

/// Writes a study of `ptces` PTCEs with `ptce generate`'s library function.
pub fn generate(dir: &Path, ptces: usize, seed: u64, effects: bool) {
    let mut params = GenerateParams::new(ptces, seed);
    if !effects {
        params.effects = Effects::none();
    }
    generate_study(&params, dir).unwrap();
}

/// Runs the real binary: `ptce run STUDY --out OUT --threads T -q --formats svg` (SVG only:
/// PNG and PDF are conversions of the same SVG, and skipping them halves the run time).
pub fn run(study: &Path, out: &Path, threads: usize) {
    let o = Command::new(env!("CARGO_BIN_EXE_ptce"))
        .arg("run")
        .arg(study)
        .arg("--out")
        .arg(out)
        .args(["--threads", &threads.to_string(), "-q", "--formats", "svg"])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "ptce run failed ({}): {}{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The CSV files of a folder (the input tables of a study, the tables of a run), sorted.
pub fn csv_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    files
}

/// A uniform random permutation of `0..n` (Fisher–Yates).
fn permutation(n: usize, rng: &mut Pcg64) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        p.swap(i, j);
    }
    p
}

/// Whether [`shuffle_rows`] keeps the relative order of the ties of one pair of organizations
/// (it had to while `network/build.rs` summed the weights of a pair's ties in row order; they
/// are now summed in increasing order, `edge_weights_do_not_depend_on_tie_row_order`).
pub const KEEP_TIE_PAIR_ORDER: bool = false;

/// Within `ties.csv`, puts the rows of each (PTCE, unordered pair) back in their original
/// relative order, in the positions the shuffle gave that group.
fn restore_pair_order(header: &str, body: &[&str], p: &mut [usize]) {
    let names: Vec<&str> = header.split(',').collect();
    let col = |n: &str| names.iter().position(|h| *h == n).unwrap();
    let (ptce, source, target) = (col("ptce_id"), col("source"), col("target"));
    let key = |line: &str| -> (String, String, String) {
        let r = parse_csv(format!("{header}\n{line}\n").as_bytes())
            .1
            .remove(0);
        let (a, b) = (r[source].clone(), r[target].clone());
        (r[ptce].clone(), a.clone().min(b.clone()), a.max(b))
    };
    let mut groups: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
    for (pos, &i) in p.iter().enumerate() {
        groups.entry(key(body[i])).or_default().push(pos);
    }
    for positions in groups.values() {
        let mut rows: Vec<usize> = positions.iter().map(|&pos| p[pos]).collect();
        rows.sort_unstable();
        for (&pos, r) in positions.iter().zip(rows) {
            p[pos] = r;
        }
    }
}

/// Shuffles the data lines of every CSV table of the study (header kept first; see
/// [`KEEP_TIE_PAIR_ORDER`]). Returns how many tables changed order, so the caller can check
/// that the shuffle did something.
pub fn shuffle_rows(dir: &Path, seed: u64) -> usize {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut changed = 0;
    for file in csv_files(dir) {
        let text = fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // One record per line: no quoted line break, or shuffling lines would cut records.
        let records = csv::Reader::from_reader(text.as_bytes()).records().count();
        assert_eq!(records + 1, lines.len(), "{}", file.display());
        let body = &lines[1..];
        let mut p = permutation(body.len(), &mut rng);
        if KEEP_TIE_PAIR_ORDER && file.file_name().is_some_and(|f| f == "ties.csv") {
            restore_pair_order(lines[0], body, &mut p);
        }
        let shuffled: Vec<&str> = p.iter().map(|&i| body[i]).collect();
        if shuffled != body {
            changed += 1;
        }
        let mut out = String::with_capacity(text.len());
        out.push_str(lines[0]);
        out.push('\n');
        for l in shuffled {
            out.push_str(l);
            out.push('\n');
        }
        fs::write(&file, out).unwrap();
    }
    changed
}

/// The columns holding organization ids, by table.
pub const ORG_ID_COLUMNS: [(&str, &[&str]); 4] = [
    ("organizations", &["org_id"]),
    ("memberships", &["org_id"]),
    ("ties", &["source", "target"]),
    ("participations", &["org_id"]),
];

/// Renames every organization consistently across the tables, by a random bijection to new
/// ids drawn so that their sort order (the node order of every network) is a random
/// permutation of the old one. Returns new id → old id.
pub fn relabel_orgs(dir: &Path, seed: u64) -> BTreeMap<String, String> {
    let mut rng = Pcg64::seed_from_u64(seed);
    let orgs = read_csv(&dir.join("organizations.csv"));
    let col = orgs.0.iter().position(|h| h == "org_id").unwrap();
    let old: Vec<String> = orgs.1.iter().map(|r| r[col].clone()).collect();
    let p = permutation(old.len(), &mut rng);
    // Prefixes of several scripts and cases; the number after it fixes the sort order.
    const PREFIX: [&str; 4] = ["org", "É-", "Z_", "a "];
    let prefix = PREFIX[(rng.next_u32() % 4) as usize];
    let forward: BTreeMap<String, String> = old
        .iter()
        .enumerate()
        .map(|(i, o)| (o.clone(), format!("{prefix}{:07}", p[i] * 7 + 3)))
        .collect();
    for (table, columns) in ORG_ID_COLUMNS {
        let path = dir.join(format!("{table}.csv"));
        let (header, mut rows) = read_csv(&path);
        let idx: Vec<usize> = columns
            .iter()
            .map(|c| header.iter().position(|h| h == c).unwrap())
            .collect();
        for r in &mut rows {
            for &i in &idx {
                r[i] = forward[&r[i]].clone();
            }
        }
        write_csv(&path, &header, &rows);
    }
    let backward: BTreeMap<String, String> = forward.into_iter().map(|(o, n)| (n, o)).collect();
    assert_eq!(backward.len(), old.len(), "the new ids are distinct");
    backward
}

/// Writes (header, rows) as a CSV file with `\n` line ends.
pub fn write_csv(path: &Path, header: &[String], rows: &[Vec<String>]) {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .unwrap();
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

/// A CSV file as (header, rows).
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    parse_csv(&fs::read(path).unwrap())
}

/// CSV bytes as (header, rows).
pub fn parse_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(bytes);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// The lines of a text, sorted, after `mask` (a multiset of lines, for outputs whose line
/// order legitimately follows the input order).
pub fn sorted_lines(bytes: &[u8], mask: impl Fn(&str) -> String) -> Vec<String> {
    let text = std::str::from_utf8(bytes).unwrap();
    let mut lines: Vec<String> = text.lines().map(mask).collect();
    lines.sort();
    lines
}

/// A CSV as its header line and the sorted multiset of its data lines.
pub fn csv_multiset(bytes: &[u8]) -> (String, Vec<String>) {
    let text = std::str::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default().to_string();
    let mut body: Vec<String> = lines.map(str::to_string).collect();
    body.sort();
    (header, body)
}

/// A Parquet output as its column names and the sorted multiset of its rows (cells as text).
pub fn parquet_multiset(name: &str, bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let t = ptce::load::parquet::parse_parquet(name, bytes, &Default::default()).unwrap();
    let mut rows: Vec<Vec<String>> = t.rows.iter().map(|r| r.to_vec()).collect();
    rows.sort();
    (t.headers, rows)
}

/// Replaces every run of 64 hexadecimal digits (a SHA-256, e.g. of an input file, which
/// legitimately changes when its rows are permuted) by `<sha256>`.
pub fn mask_sha256(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let run = b[i..].iter().take_while(|c| c.is_ascii_hexdigit()).count();
        if run == 64 {
            out.push_str("<sha256>");
            i += 64;
        } else if run > 0 {
            out.push_str(&line[i..i + run]);
            i += run;
        } else {
            let ch = line[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Every path of both trees, checked to be the same set.
pub fn same_paths(
    a: &BTreeMap<String, Vec<u8>>,
    b: &BTreeMap<String, Vec<u8>>,
) -> Result<BTreeSet<String>, String> {
    let pa: BTreeSet<String> = a.keys().cloned().collect();
    let pb: BTreeSet<String> = b.keys().cloned().collect();
    if pa == pb {
        Ok(pa)
    } else {
        Err(format!(
            "output files differ: only in the first {:?}, only in the second {:?}",
            pa.difference(&pb).collect::<Vec<_>>(),
            pb.difference(&pa).collect::<Vec<_>>()
        ))
    }
}
