//! Scale benchmarks (issue 8): each step of `ptce run` on studies written by `ptce generate`
//! with 100, 1,000 and 10,000 PTCEs (seed 1), so that `docs/performance.md` can say how time
//! grows with the number of PTCEs.
//!
//! The steps are the library functions `ptce::pipeline::analyse` chains, called one by one on
//! the outputs of the previous ones: `load` (read every table of the folder), `validate`,
//! `stages`, `networks` (grouping rows by PTCE and building every network × snapshot),
//! `metrics` (every node and network measure of those networks), `diversity`, `territory`
//! (the two territory-level networks and their measures), `comparisons` (urban/rural tests,
//! survival, null models) and `exports` (LaTeX tables and GEXF/GraphML files, made in memory and
//! dropped); `validate_warnings` validates the same study with 4-digit commune codes (a warning
//! per organization of the départements 01–09). Figures have their own bench (`benches/figures.rs`).
//!
//! `territory` and `comparisons` take minutes at 10,000 PTCEs: criterion's ten samples would
//! take an hour, so they are benched at 100 and 1,000 PTCEs only; their time at 10,000 comes
//! from `ptce run -v` (docs/performance.md says which numbers come from where).
//!
//! Run: `RAYON_NUM_THREADS=2 cargo bench --bench scale` (or `-- 1000` to filter). The studies
//! are generated once into `$PTCE_BENCH_DIR` (default `target/scale-bench/`) and reused.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ptce::generate::{generate_study, GenerateParams};
use ptce::load::read_study;
use ptce::network::build::group_by_ptce;
use ptce::network::build_networks;
use ptce::pipeline::compare::{compare_step, measure_values, TerritoryInputs};
use ptce::pipeline::composition::{diversity_table, Matrices};
use ptce::pipeline::metrics::{edge_table, measure_all, node_table};
use ptce::pipeline::publish::{graph_files, latex_files};
use ptce::pipeline::{diversity_step, org_index, snapshot_specs, territory_step};
use ptce::study::Study;
use ptce::validate::validate;

/// Numbers of PTCEs of the generated studies.
const SIZES: [usize; 3] = [100, 1_000, 10_000];

/// Above this many PTCEs, the slow steps are left to `ptce run -v`.
const SLOW_STEPS_UP_TO: usize = 1_000;

fn bench_dir() -> PathBuf {
    std::env::var_os("PTCE_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/scale-bench"))
}

/// The study of `n` PTCEs (seed 1), generated on first use.
fn study_dir(n: usize) -> PathBuf {
    let dir = bench_dir().join(format!("ptces-{n}"));
    if !dir.join("ptces.csv").exists() {
        generate_study(&GenerateParams::new(n, 1), &dir).expect("generate the bench study");
    }
    dir
}

/// A copy of the study of `n` PTCEs whose commune codes lose their leading zero, as spreadsheets
/// write them (one warning per organization of the départements 01–09: 13,670 at 10,000 PTCEs),
/// made on first use. Validation must stay linear in the problems it reports.
fn warned_study_dir(n: usize) -> PathBuf {
    let dir = bench_dir().join(format!("ptces-{n}-warnings"));
    if dir.join("ptces.csv").exists() {
        return dir;
    }
    let source = study_dir(n);
    std::fs::create_dir_all(&dir).expect("create the bench study");
    for entry in std::fs::read_dir(&source).expect("list the bench study") {
        let path = entry.expect("list the bench study").path();
        let to = dir.join(path.file_name().expect("a file name"));
        if path.file_name() != Some("organizations.csv".as_ref()) {
            std::fs::copy(&path, &to).expect("copy the bench study");
            continue;
        }
        let mut reader = csv::Reader::from_path(&path).expect("read organizations.csv");
        let headers = reader.headers().expect("its header").clone();
        let commune = headers
            .iter()
            .position(|h| h == "commune_code")
            .expect("a commune_code column");
        let mut writer = csv::Writer::from_path(&to).expect("write organizations.csv");
        writer
            .write_record(&headers)
            .expect("write organizations.csv");
        for record in reader.records() {
            let record = record.expect("a row of organizations.csv");
            let row = record.iter().enumerate().map(|(i, cell)| {
                if i == commune {
                    cell.strip_prefix('0').unwrap_or(cell)
                } else {
                    cell
                }
            });
            writer.write_record(row).expect("write organizations.csv");
        }
        writer.flush().expect("write organizations.csv");
    }
    dir
}

fn load_study(dir: &std::path::Path) -> Study {
    let raw = read_study(dir).expect("read the bench study");
    validate(&raw).study.expect("the generated study validates")
}

fn scale(c: &mut Criterion) {
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(200));
    for n in SIZES {
        let dir = study_dir(n);
        group.bench_with_input(BenchmarkId::new("load", n), &dir, |b, dir| {
            b.iter(|| read_study(dir).expect("read"))
        });
        let raw = read_study(&dir).expect("read");
        group.bench_with_input(BenchmarkId::new("validate", n), &raw, |b, raw| {
            b.iter(|| validate(raw))
        });
        let warned = read_study(&warned_study_dir(n)).expect("read");
        group.bench_with_input(
            BenchmarkId::new("validate_warnings", n),
            &warned,
            |b, raw| b.iter(|| validate(raw)),
        );
        let study = load_study(&dir);
        let cfg = &study.config;
        let ties = study.ties.as_deref().unwrap_or_default();
        let activities = study.activities.as_deref().unwrap_or_default();
        let participations = study.participations.as_deref().unwrap_or_default();
        group.bench_function(BenchmarkId::new("stages", n), |b| {
            b.iter(|| study.analyze_stages())
        });
        let stages = study.analyze_stages();
        let specs = snapshot_specs(&study, &stages);
        let orgs = org_index(&study);
        group.bench_function(BenchmarkId::new("networks", n), |b| {
            b.iter(|| {
                let rows = group_by_ptce(&study.memberships, ties, activities, participations);
                build_networks(&specs, &rows, &orgs, &cfg.network)
            })
        });
        let rows = group_by_ptce(&study.memberships, ties, activities, participations);
        let nets = build_networks(&specs, &rows, &orgs, &cfg.network);
        group.bench_function(BenchmarkId::new("metrics", n), |b| {
            b.iter(|| measure_all(&nets, 1, &cfg.network))
        });
        let results = measure_all(&nets, 1, &cfg.network);
        let matrices = Matrices::new();
        group.bench_function(BenchmarkId::new("diversity", n), |b| {
            b.iter(|| diversity_step(&nets, &specs, &rows, &orgs, &study, &matrices))
        });
        let div = diversity_step(&nets, &specs, &rows, &orgs, &study, &matrices);
        if n <= SLOW_STEPS_UP_TO {
            group.bench_function(BenchmarkId::new("territory", n), |b| {
                b.iter(|| territory_step(&study, &orgs, 1))
            });
            let values = measure_values(&nets, &results, &div);
            let territory = TerritoryInputs::default();
            group.bench_function(BenchmarkId::new("comparisons", n), |b| {
                b.iter(|| compare_step(&study, &territory, &nets, &results, &values, &stages, 1))
            });
        }
        let tables = vec![
            node_table("node_metrics", &nets, &results),
            edge_table("edges", &nets),
            diversity_table(&div),
        ];
        group.bench_function(BenchmarkId::new("exports", n), |b| {
            b.iter(|| {
                let mut bytes = 0usize;
                let mut sink = |_: String, b: Vec<u8>| -> Result<(), ()> {
                    bytes += b.len();
                    Ok(())
                };
                let _ = latex_files(&tables, cfg.language, &mut sink);
                let _ = graph_files(&study, &nets, &tables[0], &mut sink);
                bytes
            })
        });
    }
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
