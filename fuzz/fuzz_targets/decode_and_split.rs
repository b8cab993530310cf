//! Fuzz target `decode_and_split`: see `ptce_fuzz::fuzzing::fuzz_decode_and_split` (fuzz/src/fuzzing.rs) and fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ptce_fuzz::fuzzing::fuzz_decode_and_split(data);
});
