//! Entry points of the fuzz targets (`fuzz/`), polars-free, also replayed over the committed
//! corpus by `tests/fuzz_corpus.rs`. (Filled in by the fuzzing work of issue 9.)
