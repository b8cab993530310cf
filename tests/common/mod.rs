//! Helpers shared by the integration test binaries that run the real `ptce` binary.

use std::process::{Command, Output};

/// Runs the built `ptce` binary with `args`, from the repository root.
pub fn ptce(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ptce"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the ptce binary runs")
}

/// Standard output then standard error of a run, as text (for assertion messages).
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
