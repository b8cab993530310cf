//! Durable outputs (issue 24): the real binary traced with `strace -f -y` (each `fsync` and
//! `syncfs` shows the path of its file descriptor). The file system of the staging folder is
//! `syncfs`ed (Linux; or, when that fails, every file of the results and every folder of the
//! staging tree is `fsync`ed) before the staging folder is renamed into place, and the parent
//! folder is `fsync`ed after the rename; a power cut then never leaves the new name on empty or
//! cut-short files (docs/outputs.md, "Durability").

use super::*;
use std::collections::BTreeSet;

#[test]
fn every_output_is_fsynced_before_the_rename_and_the_parent_after() {
    let present = Command::new("strace").arg("-V").output().is_ok();
    if crate::common::tools::tool_missing(present, "strace (Debian package `strace`)") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().canonicalize().unwrap();
    let study = mini(&base.join("s"));
    let out = base.join("o");
    // A previous result, so that the swap renames it aside too.
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("old.txt"), "previous").unwrap();
    let log = base.join("strace.log");
    let o = Command::new("strace")
        .args([
            "-f",
            "-y",
            "-e",
            "trace=fsync,fdatasync,syncfs,rename,renameat,renameat2,openat",
            "-o",
        ])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_ptce"))
        .args([
            "run",
            s(&study),
            "--out",
            s(&out),
            "--figures",
            "none",
            "-q",
            "--force",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let log = fs::read_to_string(&log).unwrap();
    // (order, path) of every fsync and of every syncfs, and the order of the rename of the
    // staging folder to `o`.
    let mut synced: Vec<(usize, String)> = Vec::new();
    let mut whole: Vec<(usize, String)> = Vec::new();
    let mut swap = None;
    let target = format!("\"{}\")", out.display());
    let path_of = |rest: &str| {
        let path = rest.split_once('<').and_then(|(_, p)| p.split_once('>'));
        path.unwrap().0.to_string()
    };
    for (i, line) in log.lines().enumerate() {
        if let Some(rest) = line
            .split_once(" fsync(")
            .or(line.split_once(" fdatasync("))
        {
            synced.push((i, path_of(rest.1)));
        } else if let Some(rest) = line.split_once(" syncfs(") {
            whole.push((i, path_of(rest.1)));
        } else if line.contains("rename") && line.contains(".o.tmp-") && line.contains(&target) {
            swap = Some(i);
        }
    }
    let swap = swap.unwrap_or_else(|| panic!("no rename of the staging folder in\n{log}"));
    let files = tree(&out);
    assert!(files.len() > 20, "{} files", files.len());
    let parent = base.display().to_string();
    assert!(
        synced.iter().any(|(i, p)| *i > swap && *p == parent),
        "parent folder not fsynced after the rename"
    );
    assert!(!files.contains_key("old.txt"));
    assert_complete(&out);
    // The file system of the staging folder synced whole, before the rename, and after every
    // file was written (the manifest is written last).
    let staged_fs = whole
        .iter()
        .find(|(i, p)| *i < swap && p.contains("/.o.tmp-"));
    if let Some((at, folder)) = staged_fs {
        assert!(
            folder.starts_with(&format!("{}/.o.tmp-", base.display())),
            "{folder}"
        );
        let manifest = log
            .lines()
            .position(|l| {
                l.contains("openat(") && l.contains("/.o.tmp-") && l.contains("manifest.json")
            })
            .unwrap_or_else(|| panic!("the staged manifest is not opened in\n{log}"));
        assert!(
            *at > manifest,
            "syncfs before the manifest was written:\n{log}"
        );
        return;
    }
    // Otherwise (syncfs failed, or not Linux) every file and folder fsynced.
    let before: BTreeSet<&str> = synced
        .iter()
        .filter(|(i, _)| *i < swap)
        .map(|(_, p)| p.as_str())
        .collect();
    let staging = before
        .iter()
        .find_map(|p| {
            p.split_once("/.o.tmp-")
                .map(|(_, rest)| rest.split('/').next().unwrap())
        })
        .map(|pid| format!("{}/.o.tmp-{pid}", base.display()))
        .expect("staged files fsynced");
    let mut folders: BTreeSet<String> = BTreeSet::from([staging.clone()]);
    for rel in files.keys() {
        let staged = format!("{staging}/{rel}");
        assert!(
            before.contains(staged.as_str()),
            "{rel} not fsynced before the rename"
        );
        let mut dir = Path::new(&staged).parent();
        while let Some(d) = dir.filter(|d| d.starts_with(&staging)) {
            folders.insert(d.display().to_string());
            dir = d.parent();
        }
    }
    for d in &folders {
        assert!(
            before.contains(d.as_str()),
            "folder {d} not fsynced before the rename"
        );
    }
}
