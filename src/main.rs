//! The `ptce` command line: everything is in [`ptce::commands::cli`] (parsing, thread pools,
//! dispatch, exit codes: 0 success, 1 study not usable, 2 usage, 3 results not written).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    ptce::memory::configure();
    std::process::exit(ptce::commands::cli::main());
}
