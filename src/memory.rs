//! How the binary's allocator (mimalloc, `src/main.rs`) hands memory back to the system
//! (issue 24, lean loading).
//!
//! mimalloc's defaults favour speed over resident memory: arenas are committed eagerly
//! (`arena_eager_commit = 2` on Linux) and freed pages go back to the system only after a
//! delay (`purge_delay`, 1 s in mimalloc 3), so the raw tables of a large study, freed once the
//! typed study is built, still count in the resident set while validation peaks. Both are set
//! to 0: the first at compile time (`.cargo/config.toml` defines
//! `MI_DEFAULT_ARENA_EAGER_COMMIT=0`, since mimalloc reads it when it starts, before `main`),
//! the second by [`configure`] at the start of `main`. Measured on the 10,000-PTCE study
//! (`docs/performance.md`, "Lean loading"): the validate step's peak resident memory goes from
//! 369 MiB to 293 MiB, the sample's whole run from 227 MiB to 127 MiB, with no measurable change
//! of CPU time there. The analysis steps, which free and take back small buffers by the million,
//! run with a purge delay of 10 ms ([`analysis_phase`], issue 25).

use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};
use std::ffi::c_long;

/// `mi_option_arena_eager_commit` of `mimalloc.h` (v2 and v3: the fifth option). The Rust
/// bindings name only some options; the test below checks both numbers by their values.
const ARENA_EAGER_COMMIT: mi_option_t = 4;
/// `mi_option_purge_delay` of `mimalloc.h` (v2 and v3: the sixteenth option); default 1,000 ms
/// in mimalloc 3 (10 ms in mimalloc 2).
const PURGE_DELAY: mi_option_t = 15;

/// Return freed pages to the system at once (`purge_delay = 0`).
///
/// # Complexity
/// O(1). Call it once, at the start of the process.
pub fn configure() {
    // SAFETY: `mi_option_set` takes two integers and no pointer; it may be called at any time
    // (mimalloc reads these options when it next commits or purges memory).
    unsafe {
        mi_option_set(PURGE_DELAY, 0);
    }
}

/// Purge delay of the analysis steps (milliseconds): mimalloc 2's default.
pub const ANALYSIS_PURGE_DELAY_MS: c_long = 10;

/// Once the study is loaded and validated: freed pages go back to the system after
/// [`ANALYSIS_PURGE_DELAY_MS`] instead of at once.
///
/// The analysis steps allocate and free small buffers by the million (a random graph, a
/// Louvain level, a permutation's labels per sample, on every thread); with a delay of 0 each
/// page freed was returned at once and taken again by the next sample, and the kernel's work
/// for it (unmapping, and the other threads' TLBs flushed by interrupts) was 9 % of the CPU
/// profile of a 2,000-PTCE run. Loading and validation, whose resident memory the delay of 0
/// was chosen for, keep it. Measured in `docs/performance.md` ("The comparisons step, fourth
/// round").
///
/// # Complexity
/// O(1).
pub fn analysis_phase() {
    // SAFETY: as in `configure`, integers only.
    unsafe {
        mi_option_set(PURGE_DELAY, ANALYSIS_PURGE_DELAY_MS);
    }
}

/// The two options' current values (arena eager commit, purge delay).
pub fn options() -> (c_long, c_long) {
    // SAFETY: as above, integers only.
    unsafe {
        (
            mi_option_get(ARENA_EAGER_COMMIT),
            mi_option_get(PURGE_DELAY),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option numbers are the right ones, and the build's default is in place: arena eager
    /// commit 0 (mimalloc's own default is 2: 0 comes from `.cargo/config.toml`; a `CFLAGS` of
    /// the environment replaces it and fails this test), purge delay at mimalloc 3's documented
    /// default of 1,000 ms before `configure` (the library's tests never call it or
    /// `analysis_phase` elsewhere), 0 after, 10 ms once the analysis starts.
    #[test]
    fn options_are_the_documented_ones_and_configure_sets_them() {
        assert_eq!(options(), (0, 1000));
        configure();
        assert_eq!(options(), (0, 0));
        analysis_phase();
        assert_eq!(options(), (0, ANALYSIS_PURGE_DELAY_MS));
        assert_eq!(ANALYSIS_PURGE_DELAY_MS, 10);
    }
}
