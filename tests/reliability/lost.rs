//! Nothing lost: killed runs, read-only folders, full disks, concurrent runs, inputs.

use super::*;

/// Nothing lost: SIGKILL during the write step keeps the previous results byte for byte; the
/// next run takes over the dead run's lock, removes its unfinished folder and says so.
#[test]
fn a_killed_run_keeps_the_previous_results_and_the_next_run_recovers() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big");
    let g = ptce(&[
        "generate",
        "--ptces",
        "300",
        "--seed",
        "5",
        "--out",
        s(&big),
        "-q",
    ]);
    assert_eq!(g.status.code(), Some(0), "{}", text(&g));
    // Few resamples: the run should last seconds, with a write step of ~1000 files.
    let mut toml = fs::read_to_string(big.join("study.toml")).unwrap();
    toml.push_str("\n[comparison]\nnull_samples = 2\npermutations = 99\nbootstrap = 99\n");
    fs::write(big.join("study.toml"), toml).unwrap();
    let study = mini(&tmp.path().join("mini"));
    let parent = tmp.path().join("results");
    let out = parent.join("res");
    let first = ptce(&["run", s(&study), "--out", s(&out), "-q"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let before = tree(&out);
    let (big_inputs, mini_inputs) = (inputs(&big), inputs(&study));

    let mut child = Command::new(env!("CARGO_BIN_EXE_ptce"))
        .args([
            "run",
            s(&big),
            "--out",
            s(&out),
            "--force",
            "--formats",
            "svg",
        ])
        .args(["-q", "--threads", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let staging = parent.join(format!(".res.tmp-{pid}"));
    let start = Instant::now();
    // The run holds the lock from its start: a second run is refused at once, naming it.
    let lock = parent.join(".res.lock");
    while fs::read_to_string(&lock).map_or(true, |h| h != pid.to_string()) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the lock never appeared"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let second = ptce(&["run", s(&study), "--out", s(&out), "-v"]);
    let said = text(&second);
    assert_eq!(second.status.code(), Some(3), "{said}");
    assert!(
        said.contains(&format!(
            "error: {}: another ptce run (process {pid}) is writing these results",
            s(&lock)
        )) && !said.contains("step: metrics"),
        "{said}"
    );
    // Kill as soon as the unfinished results folder has its first files.
    loop {
        if fs::read_dir(&staging).is_ok_and(|mut d| d.next().is_some()) {
            break;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before it could be killed while writing");
        }
        assert!(start.elapsed() < Duration::from_secs(120), "never wrote");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let left = entries(&parent);
    assert!(
        left.contains(&format!(".res.tmp-{pid}")) && left.contains(&".res.lock".to_string()),
        "killed while writing, it should have left its folder and lock: {left:?}"
    );
    assert!(tree(&out) == before, "the previous results changed");
    assert_eq!(inputs(&big), big_inputs, "inputs modified");

    let next = ptce(&["run", s(&study), "--out", s(&out)]);
    let said = text(&next);
    assert_eq!(next.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!("a run (process {pid}) was interrupted"))
            && said.contains(&format!(".res.tmp-{pid} were removed")),
        "the next run does not say what it cleaned up:\n{said}"
    );
    assert_eq!(
        entries(&parent),
        vec!["res"],
        "leftovers next to the results"
    );
    assert_complete(&out);
    let after = tree(&out);
    for (name, bytes) in &before {
        if name != "manifest.json" {
            assert!(after[name] == *bytes, "{name} differs after the rerun");
        }
    }
    assert_eq!(inputs(&study), mini_inputs, "inputs modified");
}

/// A results folder on a read-only file system (or, without root, a folder without write
/// permission): exit 3 before the analysis, a message naming the folder, nothing written.
#[test]
fn a_read_only_output_folder_is_refused_and_left_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    let ro = tmp.path().join("ro");
    let mount = Tmpfs::mount(&ro, "8m");
    let out = ro.join("res");
    run_study(&study, &out, &["--figures", "none", "-q"], 0);
    let before = tree(&out);
    let study_before = inputs(&study);
    match &mount {
        Some(m) => m.remount_read_only(),
        None => {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
            if fs::write(ro.join("probe"), "x").is_ok() {
                eprintln!("SKIPPED: cannot make a read-only folder here (not root, chmod ignored)");
                return;
            }
        }
    }
    for target in [out.clone(), ro.join("sub/res")] {
        let o = ptce(&["run", s(&study), "--out", s(&target), "-v"]);
        let said = text(&o);
        assert_eq!(o.status.code(), Some(3), "{said}");
        let folder = s(target.parent().unwrap());
        assert!(
            said.contains(&format!("error: {folder}: ")) && said.contains("nothing was written"),
            "the message does not name {folder}:\n{said}"
        );
        let why = if mount.is_some() {
            "Read-only file system"
        } else {
            "Permission denied"
        };
        assert!(said.contains(why), "{said}");
        assert!(!said.contains("step: metrics"), "analysed before failing");
    }
    assert!(tree(&out) == before, "the previous results changed");
    assert_eq!(entries(&ro), vec!["res"]);
    assert_eq!(inputs(&study), study_before, "inputs modified");
    if mount.is_none() {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Disk full while writing: exit 3, the message says so and names the file, the previous
/// results stay, no unfinished folder or lock is left.
#[test]
fn a_full_disk_keeps_the_previous_results_and_leaves_no_temporary_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    let disk = tmp.path().join("disk");
    // The results without figures take ~0.9 MB, with figures ~3.5 MB.
    let Some(_mount) = Tmpfs::mount(&disk, "1500k") else {
        eprintln!("SKIPPED: the disk-full test needs root to mount a small tmpfs");
        return;
    };
    let out = disk.join("res");
    run_study(&study, &out, &["--figures", "none", "-q"], 0);
    let before = tree(&out);
    let study_before = inputs(&study);
    let o = ptce(&["run", s(&study), "--out", s(&out)]);
    let said = text(&o);
    assert_eq!(o.status.code(), Some(3), "{said}");
    assert!(said.contains("No space left on device"), "{said}");
    assert!(
        said.contains(&format!("error: {}/", s(&out))),
        "the message does not name the file that could not be written:\n{said}"
    );
    assert!(said.contains("previous results"), "{said}");
    assert!(tree(&out) == before, "the previous results changed");
    assert_eq!(
        entries(&disk),
        vec!["res"],
        "unfinished folder or lock left"
    );
    assert_eq!(inputs(&study), study_before, "inputs modified");
}

/// Runs of the same study into the same folder at the same time: each either succeeds (the
/// runs took turns) or is refused with the lock message naming the lock file and the PID; the
/// folder ends up holding one complete result.
#[test]
fn concurrent_runs_take_turns_or_are_refused_by_the_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    let parent = tmp.path().join("r");
    let out = parent.join("res");
    let lock = format!(
        "{}: another ptce run (process ",
        s(&parent.join(".res.lock"))
    );
    let (mut won, mut refused) = (0, 0);
    for _round in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_ptce"))
                    .args(["run", s(&study), "--out", s(&out), "--formats", "svg"])
                    .args(["-q", "--threads", "1"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            let said = text(&o);
            match o.status.code() {
                Some(0) => won += 1,
                Some(3) => {
                    refused += 1;
                    let rest = said
                        .split_once(&lock)
                        .unwrap_or_else(|| panic!("not the lock message:\n{said}"))
                        .1;
                    let pid: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    assert!(!pid.is_empty(), "no PID in\n{said}");
                }
                other => panic!("exit {other:?}:\n{said}"),
            }
        }
        assert_complete(&out);
        assert_eq!(
            entries(&parent),
            vec!["res"],
            "lock or temporary folder left"
        );
    }
    eprintln!("concurrent runs: {won} succeeded, {refused} refused by the lock");
    assert!(won >= 3, "each round has a winner");
}

/// An output folder that holds the study folder is refused, even with `--force`: replacing it
/// would delete the inputs (and everything else in it) with the previous results.
#[test]
fn an_output_folder_holding_the_study_is_refused_even_with_force() {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    let study = mini(&project.join("study"));
    fs::write(project.join("thesis.tex"), "chapitre 1").unwrap();
    let before = inputs(&study);
    for out in [project.clone(), tmp.path().to_path_buf()] {
        for force in [false, true] {
            let mut args = vec!["run", s(&study), "--out", s(&out), "-q"];
            if force {
                args.push("--force");
            }
            let o = ptce(&args);
            let said = text(&o);
            assert_eq!(o.status.code(), Some(2), "{said}");
            assert!(
                said.contains(&format!(
                    "error: {}: the output folder holds the study folder",
                    s(&out)
                )),
                "{said}"
            );
        }
    }
    assert_eq!(inputs(&study), before, "inputs modified");
    assert_eq!(entries(&project), vec!["study", "thesis.tex"]);
}

/// Inputs are opened read-only and never modified, by a successful run, a failed run and
/// `validate`: every file hashed before and after, modification times included.
#[test]
fn inputs_are_never_modified() {
    let tmp = tempfile::tempdir().unwrap();
    let good = mini(&tmp.path().join("good"));
    let bad = mini(&tmp.path().join("bad"));
    edit(&bad, "ties.csv", "information", "gossip");
    for (study, code) in [(&good, 0), (&bad, 1)] {
        let before = inputs(study);
        let out = tmp.path().join(format!(
            "{}-out",
            study.file_name().unwrap().to_string_lossy()
        ));
        for args in [
            vec!["validate", s(study)],
            vec!["run", s(study), "--out", s(&out), "--formats", "svg"],
        ] {
            let o = ptce(&args);
            assert_eq!(o.status.code(), Some(code), "{}", text(&o));
        }
        assert_eq!(inputs(study), before, "{} modified", study.display());
        assert_eq!(
            entries(study),
            before.keys().cloned().collect::<Vec<_>>(),
            "files added to the study folder"
        );
    }
}
