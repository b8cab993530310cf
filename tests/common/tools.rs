//! External tools of the tests (Chromium, pdflatex, strace): shared by the integration tests
//! (`tests/common`) and the library's unit tests (`src/test_support.rs`, through `#[path]`).

/// Whether a test must stop because `what` (a tool, with how to install it) is absent. With
/// `CI=true` an absent tool fails the test (CI installs every tool: `.ci/test`); elsewhere the
/// test prints `SKIPPED` and the caller returns.
pub fn tool_missing(present: bool, what: &str) -> bool {
    if present {
        return false;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true: this test needs {what}"
    );
    eprintln!("SKIPPED: {what} is not installed");
    true
}
