//! Fuzz target `validate_tables`: see `ptce::fuzzing::fuzz_validate_tables` (src/fuzzing.rs) and fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ptce_fuzz::fuzzing::fuzz_validate_tables(data);
});
