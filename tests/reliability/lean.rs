//! Lean loading (issue 24, point 2): a CSV study of S bytes loads with a peak of at most 2 S
//! (the file's bytes while it is parsed, plus the table it becomes), and loads and validates
//! with a peak of at most 2 S plus the typed study.
//!
//! Measured in a child process (this test binary run again on this test alone, so that no other
//! test allocates meanwhile) by a counting global allocator: bytes requested and not yet freed,
//! and their peak, reset before each step. That is the heap the code asks for, independent of
//! the allocator's own retention (the `ptce` binary's mimalloc), of thread stacks and of the
//! binary's pages, which resident-set figures mix in (`docs/performance.md` gives those for the
//! 10,000-PTCE study).
//!
//! Bounds, for the 1,000-PTCE generated study (S ≈ 6 MB, 630,000 cells):
//! - load: peak ≤ 2 S + 4 MiB. The table holds each cell's bytes plus about one byte, and 12
//!   bytes a row (≈ 1.2 S here); the file's bytes (S) are held while they are parsed. The
//!   4 MiB allow for the chunks being parsed in parallel (1 MiB of text each, their buffers
//!   growing by doubling) and the small fixed allocations (thread pool, `study.toml`).
//! - load + validate: peak ≤ 2 S + typed study + 16 MiB, the typed study being what is still
//!   allocated once the raw tables are dropped. The 16 MiB allow for the reference data
//!   validation parses (commune codes, ≈ 9 MiB at their peak on the `mini` fixture, also
//!   measured below) and its indexes of identifiers.
//!
//! A `String` per cell, as loading did before, needs 24 bytes of header plus the allocation's
//! rounding per cell, ≈ 4–6 S for these tables: the load bound fails then.
//!
//! `PTCE_LEAN_STUDY=/path/to/study cargo test --release --test reliability lean -- --nocapture`
//! measures another study (e.g. the 10,000-PTCE one) and prints its numbers.

use super::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let live = LIVE.fetch_add(n, Ordering::Relaxed) + n;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` with the same arguments; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p == ptr {
            // Resized in place.
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        } else if !p.is_null() {
            // Moved: the new block is counted before the old one is freed (both are held while
            // the bytes are copied; glibc may move a large block by remapping its pages, without
            // holding both: a pessimistic count then).
            grew(new_size);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Bytes live now, and the peak since the last call (reset to the live bytes).
fn live_and_peak() -> (usize, usize) {
    let live = LIVE.load(Ordering::Relaxed);
    (live, PEAK.swap(live, Ordering::Relaxed))
}

/// What loading and validating one study allocated, in bytes.
#[derive(Debug)]
struct Measured {
    /// Bytes of the table files (S).
    size: usize,
    /// Peak above the starting point while reading the study.
    load_peak: usize,
    /// Held by the raw study once read.
    raw: usize,
    /// Peak above the starting point while reading and validating (the raw study is held).
    validate_peak: usize,
    /// Held by the typed study once the raw study and the report are dropped.
    typed: usize,
}

/// Reads and validates `dir`, counting (to be run alone in its process).
fn measure(dir: &Path) -> Measured {
    let (base, _) = live_and_peak();
    let raw = ptce::load::read_study(dir).unwrap();
    let (after_load, load_peak) = live_and_peak();
    let mut v = ptce::validate::validate(&raw);
    let (_, validate_peak) = live_and_peak();
    let size = raw
        .inputs
        .iter()
        .filter(|i| i.table != "study.toml")
        .map(|i| i.bytes as usize)
        .sum();
    let study = v.study.take();
    drop(v);
    drop(raw);
    let (typed, _) = live_and_peak();
    assert!(study.is_some(), "the study does not validate");
    drop(study);
    Measured {
        size,
        load_peak: load_peak - base,
        raw: after_load - base,
        validate_peak: validate_peak.max(load_peak) - base,
        typed: typed - base,
    }
}

const MIB: usize = 1 << 20;

/// Runs this test binary on `test` alone with `PTCE_LEAN_CHILD=study`; its output.
fn in_child(test: &str, study: &Path) -> String {
    let o = Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env("PTCE_LEAN_CHILD", study)
        .output()
        .unwrap();
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    said
}

/// The measured numbers in a child's output (`measured: size=… load_peak=…`).
fn parse(said: &str) -> BTreeMap<String, usize> {
    let line = said
        .lines()
        .find_map(|l| l.split_once("measured: ").map(|(_, m)| m))
        .unwrap_or_else(|| panic!("no measurement in\n{said}"));
    line.split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.parse().unwrap()))
        .collect()
}

/// The child's side: measures the study it is given and prints the numbers.
#[test]
fn lean_child() {
    let Some(study) = std::env::var_os("PTCE_LEAN_CHILD") else {
        return; // only meaningful when run by `loading_holds_at_most_twice_the_csv`
    };
    // A first pass initializes what validation keeps for the process's life (reference data
    // parsed once, the thread pool): counted from the second pass, the typed study is the
    // study's own.
    measure(Path::new(&study));
    let m = measure(Path::new(&study));
    println!(
        "measured: size={} load_peak={} raw={} validate_peak={} typed={}",
        m.size, m.load_peak, m.raw, m.validate_peak, m.typed
    );
}

#[test]
fn loading_holds_at_most_twice_the_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let study = match std::env::var_os("PTCE_LEAN_STUDY") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let dir = tmp.path().join("study");
            let o = ptce(&[
                "-q",
                "generate",
                "--ptces",
                "1000",
                "--seed",
                "1",
                "--out",
                s(&dir),
            ]);
            assert!(o.status.success(), "{}", text(&o));
            dir
        }
    };
    let child = "lean::lean_child";
    let m = parse(&in_child(child, &study));
    let mini = parse(&in_child(child, &mini(&tmp.path().join("mini"))));
    let (size, typed) = (m["size"], m["typed"]);
    let ratio = |x: usize| x as f64 / size as f64;
    println!(
        "S = {size} bytes; load peak {} ({:.2} S), raw tables {} ({:.2} S); load + validate peak \
         {} ({:.2} S), typed study {} ({:.2} S); mini fixture: validate peak {}, typed {}",
        m["load_peak"],
        ratio(m["load_peak"]),
        m["raw"],
        ratio(m["raw"]),
        m["validate_peak"],
        ratio(m["validate_peak"]),
        typed,
        ratio(typed),
        mini["validate_peak"],
        mini["typed"],
    );
    assert!(size > 5 * MIB, "S = {size}: the study is too small to tell");
    assert!(
        m["load_peak"] <= 2 * size + 4 * MIB,
        "load peak {} > 2 S + 4 MiB (S = {size})",
        m["load_peak"]
    );
    assert!(
        m["validate_peak"] <= 2 * size + typed + 16 * MIB,
        "load + validate peak {} > 2 S + typed {typed} + 16 MiB (S = {size})",
        m["validate_peak"]
    );
    // The fixed allowance covers validation's own fixed cost, measured on a tiny study.
    assert!(mini["validate_peak"] < 12 * MIB, "{mini:?}");
}

/// A table of the shape of `dyad_data` (issue 25): five text columns of ids repeated in runs,
/// nine 0/1 flags, two floats; `rows` rows.
fn dyad_like(rows: usize) -> ptce::table::Table {
    let id = |i: usize, k: usize| Some(format!("ORG-{:06}", (i / k) % 5000));
    ptce::table::Table::new("dyad_data")
        .str("ptce_id", (0..rows).map(|i| id(i, 900)))
        .str(
            "snapshot",
            (0..rows).map(|i| Some(["all", "S1", "S2", "S3"][(i / 300) % 4])),
        )
        .str("org_a", (0..rows).map(|i| id(i, 30)))
        .str("org_b", (0..rows).map(|i| id(i * 7 + 3, 1)))
        .str(
            "type_pair",
            (0..rows).map(|i| Some(format!("type_{}|type_{}", i % 5, i % 3))),
        )
        .int("f0", (0..rows).map(|i| Some((i % 2) as i64)))
        .int(
            "f1",
            (0..rows).map(|i| (i % 11 != 0).then_some((i % 3 == 0) as i64)),
        )
        .int("f2", (0..rows).map(|i| Some((i % 5 == 0) as i64)))
        .int("f3", (0..rows).map(|i| Some((i % 7 == 0) as i64)))
        .int("f4", (0..rows).map(|i| Some((i % 13 == 0) as i64)))
        .int("f5", (0..rows).map(|i| Some((i % 17 == 0) as i64)))
        .int("f6", (0..rows).map(|i| Some((i % 19 == 0) as i64)))
        .int("f7", (0..rows).map(|i| Some((i % 23 == 0) as i64)))
        .int("f8", (0..rows).map(|i| (i % 29 != 0).then_some(1)))
        .float("weight", (0..rows).map(|i| Some((i % 4) as f64)))
        .float(
            "gap",
            (0..rows).map(|i| (i % 3 != 0).then_some(i as f64 / 365.25)),
        )
}

/// The child's side of `result_tables_are_compact`: bytes held by a 1,500,000-row `dyad_data`-like
/// table, and the peak above it while it is written as Parquet.
#[test]
fn compact_child() {
    if std::env::var_os("PTCE_LEAN_CHILD").is_none() {
        return; // only meaningful when run by `result_tables_are_compact`
    }
    let rows = 1_500_000;
    let (base, _) = live_and_peak();
    let t = dyad_like(rows);
    let (held, _) = live_and_peak();
    let bytes = ptce::report::parquet::to_parquet(&t).unwrap();
    let (_, write_peak) = live_and_peak();
    println!(
        "measured: rows={rows} held={} write_peak={} parquet={}",
        held - base,
        write_peak - held,
        bytes.len()
    );
}

/// Result tables of millions of rows (`dyad_data` of a 10,000-PTCE study: 5 million) hold a
/// few bytes a row, and writing one as Parquet holds one row group of polars' frame at a time.
/// Bounds: 48 bytes a row held (5 × 4 bytes of text codes, 9 × 1 byte of flags, missing values
/// included, 2 × 8 bytes of floats = 45, measured 45.2 with the distinct values): the former
/// `Vec<Option<String>>` / `Vec<Option<i64>>` columns held ≈ 430 bytes a row; and a write peak
/// under 120 MiB above the table (one row group of 300,000 rows of the frame, the compressed
/// file and polars' encoder buffers), where the whole frame (≈ 170 bytes a row, 255 MB) was
/// held before (measured: 73 MB now, 310 MB with the one-shot writer).
#[test]
fn result_tables_are_compact() {
    let tmp = tempfile::tempdir().unwrap();
    let m = parse(&in_child("lean::compact_child", tmp.path()));
    let per_row = m["held"] as f64 / m["rows"] as f64;
    println!("{m:?}: {per_row:.1} bytes a row held");
    assert!(per_row <= 48.0, "{per_row:.1} bytes a row: {m:?}");
    assert!(m["write_peak"] < 120 * MIB, "{m:?}");
}
