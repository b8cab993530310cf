//! Helpers shared by the integration test binaries that run the real `ptce` binary (each
//! binary uses some of them).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod tools;
pub mod zip_patch;

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

/// Every file under `dir`: relative path (with `/`) → bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy();
                out.insert(rel.replace('\\', "/"), fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Copies the fixture study `tests/fixtures/studies/<name>` into `dest`, returns `dest`.
pub fn copy_study(name: &str, dest: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/studies")
        .join(name);
    fs::create_dir_all(dest).unwrap();
    for e in fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, dest.join(p.file_name().unwrap())).unwrap();
    }
    dest.to_path_buf()
}

/// Reads a CSV output into rows of (header → cell).
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Runs `ptce run <study> --out <out> <extra…>` and checks that it exits with `code`.
pub fn run_study(study: impl AsRef<Path>, out: &Path, extra: &[&str], code: i32) -> Output {
    let (study, out) = (study.as_ref().to_str().unwrap(), out.to_str().unwrap());
    let o = ptce(&[&["run", study, "--out", out], extra].concat());
    assert_eq!(o.status.code(), Some(code), "{}", text(&o));
    o
}
