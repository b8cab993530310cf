//! Property tests (proptest) of `ptce` (issue 9, item 2). One test binary; cases are bounded so
//! that `cargo test --release --test properties` stays well under a minute on two cores.
//!
//! | property | module | cases |
//! |---|---|---|
//! | normalised centralities (degree, betweenness ×2, closeness, harmonic, eigenvector, PageRank) in [0, 1]; defined where documented; Σ degree = 2\|E\|; Σ strength = 2 Σ w; Σ PageRank = 1 ± 1e-9 — random graphs, 1–40 nodes, isolated nodes and several components included | `graphs` | 64 |
//! | relabelling the nodes by a random permutation permutes every centrality and node structure measure and leaves every network structure measure unchanged (integers exactly, reals within 1e-9) | `graphs` | 64 |
//! | 1 thread == 4 threads, bitwise, for `centralities` and `metrics::measure` (exact or sampled betweenness, Louvain included) — graphs of 1–300 nodes (several betweenness source blocks) | `graphs` | 16 |
//! | the graph strategy draws isolated nodes, disconnected and connected graphs (≥ 10 % each) | `graphs` | 200 draws |
//! | diversity indices within their documented bounds (Shannon, Pielou, Simpson, Gini–Simpson, HHI, Hill 0/1/2) — random compositions with zeros and extreme magnitudes | `diversity` | 256 |
//! | Hill numbers non-increasing in q, in [1, S] (14 fixed orders across every branch + a random pair) | `diversity` | 256 |
//! | Rao–Stirling in [0, max d (1 − 1/S)] for a random disparity matrix read from CSV; = Gini–Simpson for uniform distances | `diversity` | 256 |
//! | a study written by `ptce generate` (1–12 PTCEs, any seed, with or without effects) validates with no error and no warning (stage warnings included; the one known warning is a finding, below) | `studies` | 24 |
//! | shuffling the data rows of every input CSV changes no output of `ptce run` (other thread count too): bytes, except input copies and PTCE-ordered tables (multisets of rows), reports (multisets of lines, digests masked), manifest (run record, digests) | `studies` | 8 |
//! | shuffling the rows of the input of each statistical engine and renaming its labels changes no bit of its output: two-group comparison (summaries, Mann–Whitney, permutation, Cliff, BCa bootstrap), Kruskal–Wallis, Dunn, Wilcoxon, Kaplan–Meier, log-rank, the GLMs (4 families, clusters renamed) and marginal effects, Cox (weights, delayed entry, strata and clusters renamed) with its PH test, Fine–Gray (plain and delayed entry), cumulative incidence (plain and delayed entry), Gray's test, the conditional logit (networks and clusters renamed) | `stats_invariance` | 48 each |
//! | renaming every organization (random bijection, random node order) changes no metric: node metrics (ids mapped back), network metrics, edges, network changes, comparisons, stage changes, G(n, m) null models within 1e-9; diversity, stages, survival… byte for byte; figures byte for byte when their source table is | `studies` | 8 |
//! | renaming every `org_id` and `ptce_id` and shuffling every input table's rows gives byte-identical result tables (ids mapped back, pairs and community labels canonicalised; the statistical model tables listed apart until their sums are order-free) | `invariance` | 1 study of 24 PTCEs |
//!
//! Left out, with the reason at the place: Louvain's partition and what derives from it (its
//! visiting order is a seeded shuffle of node indices), path measures of a tied largest
//! component (the smallest id wins, documented), actor-type permutation baselines (Monte Carlo
//! draws over node order), and rank statistics whose samples' tie pattern changed (finding).
//!
//! Findings of these properties, each kept as a test with its minimal case: fixed —
//! `null_models_do_not_depend_on_ptce_row_order` and `result_tables_do_not_follow_ptce_row_order`
//! (PTCEs now sorted by id in validation), `edge_weights_do_not_depend_on_tie_row_order` (a
//! pair's weights summed in increasing order), `axis_ticks_do_not_depend_on_org_ids` (ticks
//! snap within 1e-9 of a step), `generated_founded_year_matches_its_legal_entity` (a partial
//! date is the span of its days) (`studies`), `hill_with_a_share_that_underflows`
//! (`diversity`), `rank_tests_do_not_depend_on_org_ids` (renaming organizations moved a metric
//! by one last bit, sums running in node order, and split a tie of the rank tests: metrics now
//! run in a canonical node order fixed by content, `network::canonical`). A random search
//! (`PTCE_PROPTEST_SEED=random PTCE_PROPTEST_SCALE=6`) had also found it in `stage_change`, which
//! the tie-pattern exclusion does not cover: `ptces = 6, seed = 11086666840960347340,
//! relabel_seed = 3513704307530132349` gave a Wilcoxon statistic of 0 vs 1 for
//! `actor_type_modularity` S2 → S3 (a paired difference 0 in one run, one ulp in the other).
//!
//! Tolerances: `BOUND_SLACK` = 1e-12 on bounds reached with equality (float rounding of sums
//! and logarithms); `RELABEL_TOL` = 1e-9, relative to max(1, |x|), between a graph and its
//! relabelled copy (sums over neighbours and sources run in another order: rounding differs in
//! the last bits; iterations stop at a tolerance of 1e-14 per node).
//! A failing case is printed by proptest with its minimal (shrunk) input. For a longer search,
//! multiply every case count: `PTCE_PROPTEST_SCALE=50 cargo test --release --test properties`.

mod common;
#[path = "properties/diversity.rs"]
mod diversity;
#[path = "properties/graphs.rs"]
mod graphs;
#[path = "properties/invariance.rs"]
mod invariance;
#[path = "properties/relabel.rs"]
mod relabel;
#[path = "properties/row_order.rs"]
mod row_order;
#[path = "properties/stats_invariance.rs"]
mod stats_invariance;
#[path = "properties/studies.rs"]
mod studies;
#[path = "properties/study_files.rs"]
mod study_files;

/// Slack on bounds that a value may reach with equality, for float rounding.
pub const BOUND_SLACK: f64 = 1e-12;

/// Tolerance between a result and the result of a relabelled (or reordered) input, relative to
/// max(1, |x|).
pub const RELABEL_TOL: f64 = 1e-9;

/// `|a − b| ≤ tol · max(1, |a|, |b|)`.
pub fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * 1f64.max(a.abs()).max(b.abs())
}

/// The configuration of a property: `cases` cases (times `PTCE_PROPTEST_SCALE`, default 1, for
/// a longer local search), no regression file written into the source tree (a failure prints
/// its minimal input; keep it as a `#[test]`). The cases are drawn from a fixed seed, so that
/// `cargo test` (and CI) is reproducible; `PTCE_PROPTEST_SEED=random` (or a number) explores
/// other cases.
pub fn config(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::RngSeed;
    let scale: u32 = std::env::var("PTCE_PROPTEST_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let rng_seed = match std::env::var("PTCE_PROPTEST_SEED").ok().as_deref() {
        Some("random") => RngSeed::Random,
        Some(n) => n
            .parse()
            .map(RngSeed::Fixed)
            .unwrap_or(RngSeed::Fixed(20_140_731)),
        None => RngSeed::Fixed(20_140_731),
    };
    proptest::test_runner::Config {
        cases: cases.saturating_mul(scale.max(1)),
        failure_persistence: None,
        rng_seed,
        ..proptest::test_runner::Config::default()
    }
}
