//! The part of polars' API that `src/load/parquet.rs` uses, for the fuzz build only: reading
//! always fails, so the data types are uninhabited. If parquet.rs starts using more of polars,
//! add the names here (the CI check `cargo check --manifest-path fuzz/Cargo.toml` fails until
//! then).

pub mod prelude {
    use std::convert::Infallible;
    use std::fmt;

    /// The only error: polars is not in the fuzz build.
    #[derive(Debug)]
    pub struct PolarsError;

    impl fmt::Display for PolarsError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("Parquet is not readable in the fuzz build (no polars)")
        }
    }

    impl std::error::Error for PolarsError {}

    pub enum DataType {
        String,
    }

    pub struct ParquetReader<R>(R);

    impl<R> ParquetReader<R> {
        pub fn new(reader: R) -> Self {
            ParquetReader(reader)
        }

        pub fn finish(self) -> Result<DataFrame, PolarsError> {
            Err(PolarsError)
        }

        pub fn get_metadata(&mut self) -> Result<&std::sync::Arc<FileMetadata>, PolarsError> {
            Err(PolarsError)
        }

        pub fn schema(&mut self) -> Result<std::sync::Arc<ArrowSchema>, PolarsError> {
            Err(PolarsError)
        }

        pub fn with_columns(self, _: Option<Vec<String>>) -> Self {
            self
        }

        pub fn with_slice(self, _: Option<(usize, usize)>) -> Self {
            self
        }

        pub fn set_metadata(&mut self, _: std::sync::Arc<FileMetadata>) {}
    }

    /// The schema of a Parquet file (`load::sirene` checks the columns it needs).
    pub struct ArrowSchema(Infallible);

    impl ArrowSchema {
        pub fn contains(&self, _: &str) -> bool {
            match self.0 {}
        }
    }

    /// The footer fields `load::parquet` checks against the limits.
    pub struct FileMetadata {
        pub num_rows: usize,
        pub row_groups: Vec<RowGroupMetadata>,
        pub schema_descr: SchemaDescriptor,
    }

    pub struct RowGroupMetadata(Infallible);

    impl RowGroupMetadata {
        pub fn num_rows(&self) -> usize {
            match self.0 {}
        }

        pub fn parquet_columns(&self) -> &[ColumnChunkMetadata] {
            match self.0 {}
        }
    }

    pub struct ColumnChunkMetadata(Infallible);

    impl ColumnChunkMetadata {
        pub fn uncompressed_size(&self) -> i64 {
            match self.0 {}
        }
    }

    pub struct SchemaDescriptor(Infallible);

    impl SchemaDescriptor {
        pub fn columns(&self) -> &[()] {
            match self.0 {}
        }
    }

    pub struct DataFrame(Infallible);

    impl DataFrame {
        pub fn get_column_names(&self) -> Vec<&str> {
            match self.0 {}
        }

        pub fn height(&self) -> usize {
            match self.0 {}
        }

        pub fn columns(&self) -> &[Column] {
            match self.0 {}
        }
    }

    pub struct Column(Infallible);

    impl Column {
        pub fn cast(&self, _: &DataType) -> Result<Column, PolarsError> {
            match self.0 {}
        }

        pub fn str(&self) -> Result<&StringChunked, PolarsError> {
            match self.0 {}
        }
    }

    pub struct StringChunked(Infallible);

    impl StringChunked {
        pub fn iter(&self) -> std::iter::Empty<Option<&str>> {
            match self.0 {}
        }
    }
}
