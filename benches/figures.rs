//! Figure rendering benchmark: guards the parallel speed-up of `ptce::charts::render_figures`
//! (issue 6: all figures of a study, one language, SVG + PNG + PDF, ≥ 1.7× faster on 2 threads
//! than on 1). It renders the charts fixture study (four PTCEs, every figure of the set) in a
//! rayon pool of 1 and of 2 threads. Run with `cargo bench --bench figures`.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ptce::charts::{render_figures, FigureOptions, Format, Lang};
use ptce::table;

/// The charts' fixture study of the library's tests (test support, not public API).
#[path = "../src/charts/fixture.rs"]
mod fixture;

fn figures(c: &mut Criterion) {
    let tables = fixture::tables();
    let opts = FigureOptions {
        lang: Lang::Fr,
        formats: vec![Format::Svg, Format::Png, Format::Pdf],
        ..FigureOptions::default()
    };
    let mut group = c.benchmark_group("figures");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    for threads in [1usize, 2] {
        let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(p) => p,
            Err(e) => {
                eprintln!("no pool of {threads} threads: {e}");
                continue;
            }
        };
        group.bench_with_input(
            BenchmarkId::new("all_fr_3_formats", threads),
            &threads,
            |b, _| b.iter(|| pool.install(|| render_figures(&tables, &opts).map(|f| f.len()))),
        );
    }
    group.finish();
}

criterion_group!(benches, figures);
criterion_main!(benches);
