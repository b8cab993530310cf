// Headless Chromium for the tests that look at the report as a browser shows it: shared by
// `tests/cli.rs` (`#[path]` module) and the unit tests of `src/report/html.rs` (`include!`,
// hence plain comments rather than module documentation).

/// Runs headless Chromium (Debian's `/usr/bin/chromium`) on `page`, with its profile in
/// `profile`, a 1200 × 2400 window, no network service, and `extra` (`--dump-dom`,
/// `--screenshot=…`). Panics when Chromium cannot start or fails: the test fails.
pub fn chromium(
    profile: &std::path::Path,
    extra: &str,
    page: &std::path::Path,
) -> std::process::Output {
    let out = std::process::Command::new("/usr/bin/chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu"])
        .args(["--disable-background-networking", "--no-first-run"])
        .args([
            "--disable-extensions",
            "--hide-scrollbars",
            "--window-size=1200,2400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Sizes in bytes of the PNG screenshots of `page` (kept as `dir/shot.png`) and of an empty
/// page of the same window: text, tables and figures compress to far more than a blank page.
pub fn screenshot_sizes(dir: &std::path::Path, page: &std::path::Path) -> (u64, u64) {
    let blank = dir.join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>").unwrap();
    let profile = dir.join("profile");
    let size = |page: &std::path::Path, png: &str| {
        let path = dir.join(png);
        chromium(&profile, &format!("--screenshot={}", path.display()), page);
        std::fs::metadata(&path).unwrap().len()
    };
    (size(page, "shot.png"), size(&blank, "blank.png"))
}
