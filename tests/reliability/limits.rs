//! Bounded resources: oversized, truncated and absurd inputs.

use super::*;

/// An input above the 1 GiB limit is refused before it is read, with the limit in the
/// message. The file is sparse: the test writes no gigabyte.
#[test]
fn an_oversized_input_is_refused_with_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("s"));
    let limit = ptce::load::MAX_INPUT_BYTES;
    fs::File::options()
        .write(true)
        .open(study.join("ties.csv"))
        .unwrap()
        .set_len(limit + 1)
        .unwrap();
    let before = inputs(&study);
    let out = tmp.path().join("o");
    for args in [
        vec!["validate", s(&study)],
        vec!["run", s(&study), "--out", s(&out)],
    ] {
        let start = Instant::now();
        let o = ptce(&args);
        let said = text(&o);
        assert_eq!(o.status.code(), Some(1), "{said}");
        let expected = format!(
            "ties.csv: error: file is {} bytes, above the limit of {limit} bytes (1 GiB) per input file",
            limit + 1
        );
        assert!(said.contains(&expected), "{said}");
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the file was read"
        );
    }
    assert!(!out.exists());
    assert_eq!(inputs(&study), before, "inputs modified");
}

/// A table cut short (an interrupted copy) gives an error at a line of that file, never a
/// panic nor wrong values: inside a quoted field (which the CSV reader would otherwise close
/// silently), in the middle of a row, in the middle of a UTF-8 character (which would
/// otherwise turn the whole file into Windows-1252 mojibake).
#[test]
fn truncated_inputs_give_located_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let orgs = fs::read(mini(&tmp.path().join("m")).join("organizations.csv")).unwrap();
    let events = fs::read(tmp.path().join("m/events.csv")).unwrap();
    let cut_at = |bytes: &[u8], needle: &str, extra: usize| -> Vec<u8> {
        let i = bytes
            .windows(needle.len())
            .position(|w| w == needle.as_bytes())
            .unwrap();
        bytes[..i + extra].to_vec()
    };
    // events.csv with a quoted note on its last line, cut inside the quotes.
    let mut quoted = events.clone();
    quoted.extend_from_slice(b"P2,2021-05,other,\"Compte rendu, version 2\",archives\n");
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        (
            "inside a quoted field",
            "events.csv",
            cut_at(&quoted, "Compte rendu", 7),
            "events.csv:9: error: malformed CSV: a quoted field opened on this line is never closed",
        ),
        (
            "in the middle of a row",
            "organizations.csv",
            cut_at(&orgs, "local_authority,84.11Z,7210", 9),
            "organizations.csv:6:3: error: column \"actor_type\": \"local_aut\"",
        ),
        (
            "in the middle of a UTF-8 character",
            "organizations.csv",
            cut_at(&orgs, "Sées", 2),
            "organizations.csv:5: error: malformed CSV: the file ends in the middle of a UTF-8 character",
        ),
    ];
    for (what, file, bytes, expected) in cases {
        let study = mini(&tmp.path().join(what.replace(' ', "_")));
        fs::write(study.join(file), &bytes).unwrap();
        let before = inputs(&study);
        let out = tmp.path().join(format!("{}-out", what.replace(' ', "_")));
        for args in [
            vec!["validate", s(&study)],
            vec!["run", s(&study), "--out", s(&out)],
        ] {
            let o = ptce(&args);
            let said = text(&o);
            assert_eq!(o.status.code(), Some(1), "cut {what}: {said}");
            assert!(
                said.contains(expected),
                "cut {what}: {expected:?} missing in\n{said}"
            );
            assert!(!said.contains("panicked"), "{said}");
        }
        assert!(!out.exists(), "cut {what}: results written");
        assert_eq!(inputs(&study), before, "inputs modified");
    }
}

/// Absurd values are errors, not allocations: a date in year 30000 (in the data and in
/// study.toml). No input column declares a count that sizes an allocation: members, ties and
/// activities are rows; `employees`, the only count, is a weight (10⁹ is accepted and costs
/// nothing).
#[test]
fn absurd_values_are_errors_not_allocations() {
    let tmp = tempfile::tempdir().unwrap();
    let study = mini(&tmp.path().join("date"));
    edit(
        &study,
        "memberships.csv",
        "P1,O2,2014-09-15",
        "P1,O2,30000-09-15",
    );
    let o = ptce(&["validate", s(&study)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("memberships.csv:3:3: error: column \"joined\": \"30000-09-15\""),
        "{}",
        text(&o)
    );
    let toml = mini(&tmp.path().join("toml"));
    fs::write(
        toml.join("study.toml"),
        "reference_date = \"30000-01-01\"\n",
    )
    .unwrap();
    let o = ptce(&["validate", s(&toml)]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("study.toml"), "{}", text(&o));

    let many = mini(&tmp.path().join("many"));
    edit(
        &many,
        "organizations.csv",
        "59350,3000\n",
        "59350,1000000000\n",
    );
    let out = tmp.path().join("o");
    let start = Instant::now();
    let o = ptce(&["run", s(&many), "--out", s(&out), "--figures", "none", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(start.elapsed() < Duration::from_secs(20));
    let orgs = fs::read_to_string(out.join("tables/organizations.csv")).unwrap();
    assert!(orgs.contains(",59350,1000000000\n"), "{orgs}");
}

/// Resampling counts of study.toml are bounded (`CompareConfig::validate`: `permutations` and
/// `bootstrap` ≤ 10⁶, `null_samples` ≤ 10⁵): `bootstrap = 1000000000` is refused at once
/// instead of running for hours.
#[test]
fn absurd_resampling_counts_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let study = tmp.path().join("g");
    let g = ptce(&[
        "generate",
        "--ptces",
        "40",
        "--seed",
        "1",
        "--out",
        s(&study),
        "-q",
    ]);
    assert_eq!(g.status.code(), Some(0), "{}", text(&g));
    let mut toml = fs::read_to_string(study.join("study.toml")).unwrap();
    toml.push_str("\n[comparison]\nbootstrap = 1000000000\n");
    fs::write(study.join("study.toml"), toml).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ptce"))
        .args(["validate", s(&study)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = child.try_wait().unwrap();
    let _ = child.kill();
    assert_eq!(status.and_then(|s| s.code()), Some(1), "not refused");
}
