//! Support shared by the unit tests of several stages (compiled for tests only).

#[path = "../tests/common/tools.rs"]
mod tools;
pub(crate) use tools::tool_missing;

/// Runs `f` on a fresh rayon pool of `threads` threads (for the tests that check that results do
/// not depend on the thread count).
pub(crate) fn with_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}
