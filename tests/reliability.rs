//! Issue 9, "nothing lost, nothing injected, bounded resources": the real `ptce` binary killed
//! mid-run, writing to a read-only folder or a full disk, racing another run, fed hostile names,
//! formula-like cells, oversized, truncated and absurd inputs. One test binary: the shared
//! helpers are here, the tests in `reliability/lost.rs` (nothing lost), `injected.rs` (nothing
//! injected) and `limits.rs` (bounded resources). docs/reliability.md lists what they cover and
//! what tests/cli.rs already did.
//!
//! The read-only and disk-full tests mount small tmpfs file systems when run as root (root
//! ignores permission bits); without root they use `chmod` (read-only) or are skipped with a
//! printed notice (disk full).

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{copy_study, ptce, run_study, text, tree};

/// Copies the fixture study `tests/fixtures/studies/mini` into `dest`.
fn mini(dest: &Path) -> PathBuf {
    copy_study("mini", dest)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Replaces `from` by `to` in `dir/file` (which must contain it).
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let t = fs::read_to_string(dir.join(file)).unwrap();
    assert!(t.contains(from), "{file} has no {from:?}");
    fs::write(dir.join(file), t.replace(from, to)).unwrap();
}

/// Names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Fingerprint of every input file of a study folder: name → (SHA-256, modification time).
/// Files above 16 MiB (the sparse oversized input) are fingerprinted by length and mtime.
fn inputs(dir: &Path) -> BTreeMap<String, (String, std::time::SystemTime)> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let meta = fs::metadata(&p).unwrap();
            let hash = if meta.len() > 16 << 20 {
                format!("{} bytes", meta.len())
            } else {
                sha256(&fs::read(&p).unwrap())
            };
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, (hash, meta.modified().unwrap()))
        })
        .collect()
}

fn is_root() -> bool {
    fs::read_to_string("/proc/self/status")
        .map(|s| s.lines().any(|l| l.starts_with("Uid:\t0\t")))
        .unwrap_or(false)
}

/// A tmpfs mounted on a folder, unmounted when dropped (also when the test fails).
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts a tmpfs of `size` (e.g. `2m`) on `dir`; `None` when not root or mount fails.
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        fs::create_dir_all(dir).unwrap();
        if !is_root() {
            return None;
        }
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size}"),
                "tmpfs",
                s(dir),
            ])
            .status()
            .is_ok_and(|st| st.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }

    fn remount_read_only(&self) {
        let st = Command::new("mount")
            .args(["-o", "remount,ro", s(&self.0)])
            .status()
            .unwrap();
        assert!(st.success(), "remount read-only failed");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Checks a finished results folder: every file the manifest lists exists with its size and
/// SHA-256, and no file besides `manifest.json` is unlisted.
fn assert_complete(out: &Path) {
    let files = tree(out);
    let manifest: serde_json::Value =
        serde_json::from_slice(&files["manifest.json"]).expect("manifest.json is JSON");
    let listed = manifest["outputs"].as_array().expect("outputs listed");
    assert!(listed.len() > 10, "only {} outputs listed", listed.len());
    for o in listed {
        let name = o["file"].as_str().unwrap();
        let bytes = files
            .get(name)
            .unwrap_or_else(|| panic!("{name} listed but missing"));
        assert_eq!(o["bytes"].as_u64(), Some(bytes.len() as u64), "{name}");
        assert_eq!(o["sha256"].as_str(), Some(sha256(bytes).as_str()), "{name}");
    }
    assert_eq!(files.len(), listed.len() + 1, "files not in the manifest");
}

#[path = "reliability/bounded.rs"]
mod bounded;
#[path = "reliability/bounded_sheets.rs"]
mod bounded_sheets;
#[path = "reliability/durable.rs"]
mod durable;
#[path = "reliability/explorer.rs"]
mod explorer;
#[path = "reliability/injected.rs"]
mod injected;
#[path = "reliability/lean.rs"]
mod lean;
#[path = "reliability/limits.rs"]
mod limits;
#[path = "reliability/lost.rs"]
mod lost;
#[path = "reliability/report_csp.rs"]
mod report_csp;
