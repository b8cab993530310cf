//! Centrality benchmarks: guards the speed of every measure in `ptce::centrality` on seeded
//! G(n, m) graphs of 5,000 nodes / 25,000 edges and 50,000 / 250,000 (integer weights 1–5),
//! the sizes of issue 3's targets (see docs/performance.md, section "Centrality").
//!
//! Before timing, the graphs are written as edge lists (`u v w` per line, nodes 0..n−1) to
//! `$PTCE_BENCH_DIR` (default `target/centrality-bench/`), so that
//! `benches/peers/centrality_peers.py` times networkx, igraph, rustworkx and NetworKit on the
//! same graphs. Run with the thread count of the comparison, e.g.
//! `RAYON_NUM_THREADS=2 cargo bench --bench centrality`.
//! Filter with criterion's usual argument, e.g. `cargo bench --bench centrality -- 5000`.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ptce::centrality::{
    betweenness, betweenness_sampled, betweenness_weighted, closeness, eigenvector, harmonic,
    pagerank, BetweennessSampling,
};
use ptce::graph::{self, Graph};

/// The seeded G(n, m) generator of the library's tests (test support, not public API).
#[path = "../src/centrality/generate.rs"]
mod generate;
use generate::gnm_weighted;

/// Sources timed for betweenness on the large graph (exact per source; the full run is this time
/// × n / SAMPLED_SOURCES, as the peers' sampled times are scaled).
const SAMPLED_SOURCES: usize = 500;

/// (nodes, edges, seed) of the benchmark graphs.
const SIZES: [(usize, usize, u64); 2] = [(5_000, 25_000, 5_000), (50_000, 250_000, 50_000)];

fn bench_dir() -> PathBuf {
    std::env::var_os("PTCE_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/centrality-bench")
        })
}

/// Writes `g` as `u v w` lines so the peers read exactly the same graph.
fn write_edges(g: &Graph, name: &str) -> std::io::Result<()> {
    let dir = bench_dir();
    std::fs::create_dir_all(&dir)?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join(name))?);
    writeln!(f, "# n={} m={}", g.n(), g.m())?;
    for (u, v, w) in g.edges() {
        writeln!(f, "{u} {v} {w}")?;
    }
    f.flush()
}

fn centrality(c: &mut Criterion) {
    let mut group = c.benchmark_group("centrality");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(100));
    for (n, m, seed) in SIZES {
        let g = gnm_weighted(n, m, seed).expect("benchmark graph");
        let name = format!("gnm_{n}_{m}.edges");
        if let Err(e) = write_edges(&g, &name) {
            eprintln!("could not write {name}: {e}");
        }
        let big = n >= 50_000;
        group.measurement_time(Duration::from_secs(if big { 20 } else { 10 }));
        if big {
            // The exact run takes minutes here: time SAMPLED_SOURCES sources (the same Brandes
            // pass per source) and scale by n / SAMPLED_SOURCES in docs/performance.md.
            let s = BetweennessSampling {
                sources: SAMPLED_SOURCES,
                seed: 1,
            };
            group.bench_with_input(
                BenchmarkId::new("betweenness_500_sources", n),
                &g,
                |b, g| b.iter(|| betweenness_sampled(g, &s, false)),
            );
            group.bench_with_input(
                BenchmarkId::new("betweenness_weighted_500_sources", n),
                &g,
                |b, g| b.iter(|| betweenness_sampled(g, &s, true)),
            );
        } else {
            group.bench_with_input(BenchmarkId::new("betweenness", n), &g, |b, g| {
                b.iter(|| betweenness(g))
            });
            group.bench_with_input(BenchmarkId::new("betweenness_weighted", n), &g, |b, g| {
                b.iter(|| betweenness_weighted(g))
            });
        }
        group.bench_with_input(BenchmarkId::new("closeness", n), &g, |b, g| {
            b.iter(|| closeness(g))
        });
        group.bench_with_input(BenchmarkId::new("harmonic", n), &g, |b, g| {
            b.iter(|| harmonic(g))
        });
        group.bench_with_input(BenchmarkId::new("eigenvector", n), &g, |b, g| {
            b.iter(|| eigenvector(g, 100_000, 1e-14))
        });
        group.bench_with_input(BenchmarkId::new("pagerank", n), &g, |b, g| {
            b.iter(|| pagerank(g, 0.85, 100_000, 1e-14))
        });
    }
    group.finish();
}

criterion_group!(benches, centrality);
criterion_main!(benches);
