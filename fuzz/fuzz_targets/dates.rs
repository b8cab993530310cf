//! Fuzz target `dates`: see `ptce::fuzzing::fuzz_dates` (src/fuzzing.rs) and fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ptce_fuzz::fuzzing::fuzz_dates(data);
});
