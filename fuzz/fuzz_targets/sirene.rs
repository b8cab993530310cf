//! Fuzz target `sirene`: see `ptce_fuzz::fuzzing::fuzz_sirene` (fuzz/src/fuzzing.rs) and fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ptce_fuzz::fuzzing::fuzz_sirene(data);
});
