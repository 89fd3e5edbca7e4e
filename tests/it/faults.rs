//! Faults around a run, through the real executable: a closed or full standard output, a disk that fills
//! while the workbook is written, SIGINT and SIGTERM, an `OUT/<as_of>` that is not a folder, conflicting
//! decisions, a folder named as a source, and usage and config errors that must stay on one line.
//!
//! Nothing here waits a fixed time for the run to reach a point: a test blocks on a FIFO the run is
//! reading, or watches for the staging folder the run creates before it signals.

use crate::support::{Outcome, RUN_FILES, Sandbox, npi_check_digit, one_line_error};
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_credrecon");
const AS_OF: &str = "2026-11-30";

/// A roster of `providers` rows with valid NPIs and no credentials, and a config at as_of 2026-11-30.
/// Each provider gets two findings (CREDENTIAL_MISSING for state_license and malpractice, the default
/// required credentials), so the reports grow with `providers`.
fn roster_sandbox(providers: usize) -> Sandbox {
    let s = Sandbox::new();
    let mut roster = String::from("Provider ID,NPI,Last Name,First Name\n");
    for i in 0..providers {
        let nine = format!("{:09}", 100_000_000 + i);
        let check = npi_check_digit(&nine);
        roster.push_str(&format!("P{i},{nine}{check},Smith{i},Ann\n"));
    }
    s.file("roster.csv", &roster);
    s.file(
        "credrecon.toml",
        "organization = \"Faults\"\nas_of = \"2026-11-30\"\n\n[[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"roster.csv\"\n",
    );
    s
}

/// `credrecon ARGS...` from `cwd` with the given standard output (stdout is then not captured).
fn run_with_stdout(args: &[&str], cwd: &Path, stdout: Stdio) -> Outcome {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdout(stdout)
        .output()
        .expect("the credrecon executable runs");
    outcome(out)
}

fn outcome(out: std::process::Output) -> Outcome {
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A pipe whose reading end is already closed, as after `| head` has exited: every write to it fails
/// with a broken pipe, from the first byte.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    Stdio::from(writer)
}

/// `/dev/full`: every write fails with "no space left on device".
fn full_device() -> Stdio {
    Stdio::from(
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full"),
    )
}

fn assert_complete(folder: &Path) {
    for f in RUN_FILES {
        assert!(folder.join(f).is_file(), "{} lacks {f}", folder.display());
    }
}

// ---- 1. a closed or full standard output

#[test]
fn a_run_whose_stdout_is_closed_ends_quietly_with_its_reports_written() {
    let s = roster_sandbox(3);
    let out = run_with_stdout(
        &["run", "credrecon.toml", "--out", "out"],
        s.path(),
        closed_pipe(),
    );
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stderr, "");
    assert_complete(&s.path().join("out").join(AS_OF));
}

#[test]
fn a_run_whose_stdout_is_full_says_so_in_one_line_after_writing_its_reports() {
    let s = roster_sandbox(3);
    let out = run_with_stdout(
        &["run", "credrecon.toml", "--out", "out"],
        s.path(),
        full_device(),
    );
    let line = one_line_error(&out);
    assert_eq!(
        line,
        "credrecon: error: cannot write to standard output: No space left on device (os error 28); \
         the reports are written in `out/2026-11-30`"
    );
    assert_complete(&s.path().join("out").join(AS_OF));
}

#[test]
fn check_init_and_profiles_end_quietly_on_a_closed_stdout_and_say_so_on_a_full_one() {
    let s = roster_sandbox(3);
    let commands: [&[&str]; 3] = [
        &["check", "credrecon.toml"],
        &["init", "roster.csv"],
        &["profiles"],
    ];
    for args in commands {
        let closed = run_with_stdout(args, s.path(), closed_pipe());
        assert_eq!(closed.code, Some(0), "{args:?}: {}", closed.stderr);
        assert_eq!(closed.stderr, "", "{args:?}");
        let full = run_with_stdout(args, s.path(), full_device());
        assert_eq!(
            one_line_error(&full),
            "credrecon: error: cannot write to standard output: No space left on device (os error 28)",
            "{args:?}"
        );
    }
}

#[test]
fn help_and_version_end_quietly_on_a_closed_stdout_and_say_so_on_a_full_one() {
    let s = Sandbox::new();
    for args in [&["--help"][..], &["--version"], &["run", "--help"]] {
        let closed = run_with_stdout(args, s.path(), closed_pipe());
        assert_eq!(closed.code, Some(0), "{args:?}: {}", closed.stderr);
        assert_eq!(closed.stderr, "", "{args:?}");
        let full = run_with_stdout(args, s.path(), full_device());
        assert_eq!(
            one_line_error(&full),
            "credrecon: error: cannot write to standard output: No space left on device (os error 28)",
            "{args:?}"
        );
    }
}

// ---- 2. the workbook: the skeleton's spool, a full disk

#[test]
fn the_workbook_is_spooled_in_the_run_folder_not_the_temporary_folder() {
    let s = roster_sandbox(3);
    let out = Command::new(BIN)
        .args(["run", "credrecon.toml", "--out", "out"])
        .current_dir(s.path())
        .env("TMPDIR", s.path().join("no such folder"))
        .output()
        .unwrap();
    let out = outcome(out);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_complete(&s.path().join("out").join(AS_OF));
}

/// The names in a folder, sorted (hidden ones too).
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The uncompressed size of the largest member of a zip file (here: the workbook's largest sheet).
fn largest_member(path: &Path) -> u64 {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().size())
        .max()
        .unwrap()
}

#[test]
fn a_disk_that_fills_while_the_workbook_is_written_gets_one_line_naming_it() {
    let s = roster_sandbox(1000);
    // A first run gives the workbook's size: the same inputs give the same bytes.
    let first = s.run_ok(AS_OF, &[]);
    let workbook = "credentialing-audit-2026-11-30.xlsx";
    let size = std::fs::metadata(first.join(workbook)).unwrap().len();
    assert!(
        largest_member(&first.join(workbook)) > 4 * size,
        "the sheets' XML is deflated"
    );
    // A second run may write files only up to one byte less than the workbook. (The file-size limit
    // stands in for a full disk; the signal it raises is ignored, so the write fails with "file too
    // large", as a full disk makes it fail with "no space left on device".) Other reports may fail too;
    // the workbook is the first report, so its error is the one reported.
    let out = Command::new("sh")
        .args([
            "-c",
            "trap '' XFSZ; exec prlimit --fsize=\"$0\" -- \"$@\"",
            &(size - 1).to_string(),
            BIN,
            "run",
            "credrecon.toml",
            "--out",
            "full",
            "--quiet",
        ])
        .current_dir(s.path())
        .output()
        .unwrap();
    let line = one_line_error(&outcome(out));
    assert!(
        line.starts_with("credrecon: error: cannot write `full/.2026-11-30.partial-"),
        "{line}"
    );
    assert!(
        line.ends_with(&format!("/{workbook}`: File too large (os error 27)")),
        "{line}"
    );
    assert_eq!(
        names_in(&s.path().join("full")),
        Vec::<String>::new(),
        "nothing is left behind"
    );
}

// ---- 3. SIGINT and SIGTERM

fn signal(child: &std::process::Child, name: &str) {
    let status = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("the kill command runs");
    assert!(status.success(), "kill -{name} {}", child.id());
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// The config is a FIFO: the run blocks reading it. Opening the FIFO for writing returns only once the
/// run has opened it for reading, so the signal arrives while the run waits for its config. The outcome,
/// and whether the output folder exists afterwards.
fn signal_while_reading_the_config(name: &str) -> (Outcome, bool) {
    let s = Sandbox::new();
    let fifo = s.path().join("credrecon.toml");
    mkfifo(&fifo);
    let child = Command::new(BIN)
        .args(["run", "credrecon.toml", "--out", "out"])
        .current_dir(s.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    signal(&child, name);
    let out = outcome(child.wait_with_output().unwrap());
    drop(writer);
    (out, s.path().join("out").exists())
}

#[test]
fn sigint_while_reading_exits_130() {
    let (out, wrote) = signal_while_reading_the_config("INT");
    assert_eq!(out.code, Some(130), "stderr: {}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(!wrote);
}

#[test]
fn sigterm_while_reading_exits_143() {
    let (out, wrote) = signal_while_reading_the_config("TERM");
    assert_eq!(out.code, Some(143), "stderr: {}", out.stderr);
    assert!(!wrote);
}

#[test]
fn sigterm_while_writing_removes_the_unfinished_folder_and_keeps_the_earlier_one() {
    // 3,000 providers: writing the reports takes about a second in a debug build, far longer than the
    // watch below needs to see the staging folder and signal.
    let s = roster_sandbox(3000);
    let out_dir = s.path().join("out");
    let earlier = out_dir.join(AS_OF);
    std::fs::create_dir_all(&earlier).unwrap();
    std::fs::write(earlier.join("earlier-run.txt"), "an earlier run").unwrap();
    let mut child = Command::new(BIN)
        .args(["run", "credrecon.toml", "--out", "out", "--quiet"])
        .current_dir(s.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
    let staging = loop {
        let found = std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .find(|n| n.starts_with(".2026-11-30.partial-"));
        if let Some(name) = found {
            break out_dir.join(name);
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before its staging folder was seen"
        );
        assert!(
            std::time::Instant::now() < deadline,
            "no staging folder appeared"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    signal(&child, "TERM");
    let out = outcome(child.wait_with_output().unwrap());
    assert_eq!(out.code, Some(143), "stderr: {}", out.stderr);
    assert!(!staging.exists(), "{} is left", staging.display());
    assert_eq!(names_in(&out_dir), [AS_OF]);
    assert_eq!(names_in(&earlier), ["earlier-run.txt"]);
}

#[test]
fn a_run_removes_the_staging_folders_of_runs_that_are_gone() {
    let s = roster_sandbox(3);
    let out_dir = s.path().join("out");
    // No process has pid 999999999 (Linux pids stop at 4194304); the test process itself is alive.
    let alive = std::process::id();
    let folders = [
        ".2026-10-31.partial-999999999".to_string(),
        ".2026-11-30.old-999999998".to_string(),
        format!(".2026-11-30.partial-{alive}"),
        ".notes.partial-draft".to_string(),
    ];
    for f in &folders {
        std::fs::create_dir_all(out_dir.join(f)).unwrap();
        std::fs::write(out_dir.join(f).join("findings.csv"), "dates of birth").unwrap();
    }
    s.run_ok(AS_OF, &[]);
    assert_eq!(
        names_in(&out_dir),
        [
            format!(".2026-11-30.partial-{alive}"),
            ".notes.partial-draft".to_string(),
            AS_OF.to_string()
        ]
    );
}

#[test]
fn a_run_puts_back_an_earlier_folder_that_a_killed_run_had_set_aside() {
    // Where folders cannot be exchanged in one step, a run moves the earlier folder aside to
    // `.<as_of>.old-<pid>` before moving its own in: killed between the two, it leaves no `<as_of>`.
    let s = roster_sandbox(3);
    let out_dir = s.path().join("out");
    let aside = out_dir.join(".2026-10-31.old-999999998");
    std::fs::create_dir_all(&aside).unwrap();
    std::fs::write(aside.join("findings.csv"), "the October run").unwrap();
    s.run_ok(AS_OF, &[]);
    assert_eq!(names_in(&out_dir), ["2026-10-31", AS_OF]);
    assert_eq!(
        std::fs::read_to_string(out_dir.join("2026-10-31").join("findings.csv")).unwrap(),
        "the October run"
    );
}

// ---- 4. OUT/<as_of> exists and is not a folder

#[test]
fn an_out_as_of_that_is_a_file_stops_the_run_before_anything_moves() {
    let s = roster_sandbox(3);
    let out_dir = s.path().join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join(AS_OF), "my notes").unwrap();
    let line = one_line_error(&s.run(&[]));
    assert_eq!(
        line,
        "credrecon: error: `out/2026-11-30` exists and is not a folder; a run writes its reports into \
         a folder of that name — move the file away or choose another --out"
    );
    assert_eq!(names_in(&out_dir), [AS_OF]);
    assert_eq!(
        std::fs::read_to_string(out_dir.join(AS_OF)).unwrap(),
        "my notes"
    );
}

// ---- 5. conflicting decisions

/// The finding_id of the CREDENTIAL_MISSING malpractice finding of provider P0.
fn malpractice_finding(s: &Sandbox) -> String {
    let first = crate::support::credrecon(&["run", "credrecon.toml", "--out", "first"], s.path());
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let findings =
        crate::support::read_table(&s.path().join("first").join(AS_OF).join("findings.csv"))
            .records();
    findings
        .iter()
        .find(|f| f["provider_id"] == "P0" && f["credential_type"] == "malpractice")
        .expect("P0 misses malpractice")["finding_id"]
        .clone()
}

#[test]
fn two_different_decisions_for_one_finding_stop_the_run_naming_both_rows() {
    let s = roster_sandbox(3);
    let id = malpractice_finding(&s);
    s.file(
        "decisions.csv",
        &format!(
            "finding_id,decision,note,decided_by,decided_on\n\
             {id},false_positive,on file,J. Ortiz,2026-11-20\n\
             Fdeadbeefdeadbeef,confirmed,,J. Ortiz,2026-11-20\n\
             {id},confirmed,,A. Chen,2026-11-21\n"
        ),
    );
    let out = s.run(&["--decisions", "decisions.csv"]);
    let line = one_line_error(&out);
    assert_eq!(
        line,
        format!(
            "credrecon: error: source `--decisions`: `decisions.csv`, row 4: finding `{id}` is decided \
             `confirmed` here but `false_positive` on row 2 — keep one of the two rows"
        )
    );
    assert!(!s.path().join("out").exists(), "nothing is written");
}

/// Sources are read side by side, largest first, but when several fail the error is the first in config
/// order: the same line every run, whichever read finished first.
#[test]
fn of_two_broken_sources_the_first_in_config_order_is_reported() {
    let s = roster_sandbox(3);
    // An empty payer file, and a much larger board file without a license number column (it starts
    // reading first, being the largest).
    s.file("aetna.csv", "");
    let mut board = String::from("Name,City,Status\n");
    for i in 0..20_000 {
        board.push_str(&format!("Doe{i} Jane,Hartford,Active\n"));
    }
    s.file("ct_board.csv", &board);
    let sources = |first: (&str, &str, &str), second: (&str, &str, &str)| {
        let entry = |(name, kind, path): (&str, &str, &str)| {
            format!("\n[[sources]]\nname = \"{name}\"\nkind = \"{kind}\"\npath = \"{path}\"\n")
        };
        format!(
            "organization = \"Faults\"\nas_of = \"2026-11-30\"\n\n[[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"roster.csv\"\n{}{}",
            entry(first),
            entry(second)
        )
    };
    let aetna = ("aetna", "enrollment", "aetna.csv");
    let board_source = ("ct_board", "license_board", "ct_board.csv");
    for (config, expected) in [
        (sources(aetna, board_source), "source `aetna`"),
        (sources(board_source, aetna), "source `ct_board`"),
    ] {
        s.file("credrecon.toml", &config);
        for _ in 0..3 {
            let line = one_line_error(&s.run(&[]));
            assert!(line.contains(expected), "{expected}: {line}");
        }
    }
}

#[test]
fn a_repeated_identical_decision_is_applied_once() {
    let s = roster_sandbox(3);
    let id = malpractice_finding(&s);
    let row = format!("{id},false_positive,on file,J. Ortiz,2026-11-20\n");
    s.file(
        "decisions.csv",
        &format!("finding_id,decision,note,decided_by,decided_on\n{row}{row}"),
    );
    let folder = s.run_ok(AS_OF, &["--decisions", "decisions.csv"]);
    let expirations = crate::support::read_table(&folder.join("expirations.csv")).records();
    let cleared = expirations
        .iter()
        .find(|f| f["finding_id"] == id)
        .expect("listed for the audit trail");
    assert_eq!(cleared["status"], "cleared");
    assert_eq!(
        cleared["detail"]
            .matches("Cleared as a false positive by J. Ortiz on 2026-11-20: on file.")
            .count(),
        1,
        "{}",
        cleared["detail"]
    );
    // 3 providers × 2 findings, one cleared.
    assert_eq!(
        crate::support::read_table(&folder.join("findings.csv"))
            .rows
            .len(),
        5
    );
}

// ---- 6. a folder named as a source's path

#[test]
fn a_source_path_that_is_a_folder_says_it_is_a_folder() {
    let s = roster_sandbox(3);
    std::fs::create_dir(s.path().join("exports")).unwrap();
    s.file(
        "credrecon.toml",
        "[[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"exports\"\n",
    );
    let out = crate::support::credrecon(&["check", "credrecon.toml"], s.path());
    let line = one_line_error(&out);
    assert_eq!(
        line,
        "credrecon: error: source `roster`: `exports` is a folder, not a file — set `path` to a file \
         in it (paths are relative to the config's folder)"
    );
}

// ---- 7. clap's usage errors on one line

#[test]
fn usage_errors_are_one_line() {
    let s = Sandbox::new();
    let cases: [(&[&str], &str); 6] = [
        (
            &["run", "--as-of", "2026-13-01"],
            "credrecon: error: usage: invalid value '2026-13-01' for '--as-of <YYYY-MM-DD>': \
             `2026-13-01` is not a date written YYYY-MM-DD — see `credrecon run --help`",
        ),
        (
            &["run", "--fail-on", "severe"],
            "credrecon: error: usage: invalid value 'severe' for '--fail-on <SEVERITY>' \
             (possible values: low, medium, high, critical) — see `credrecon run --help`",
        ),
        (
            &["run", "--colour"],
            "credrecon: error: usage: unexpected argument '--colour' found \
             (tip: to pass '--colour' as a value, use '-- --colour') — see `credrecon run --help`",
        ),
        (
            &["init"],
            "credrecon: error: usage: the following required arguments were not provided: <FILES>... \
             — see `credrecon init --help`",
        ),
        (
            &["chek"],
            "credrecon: error: usage: unrecognized subcommand 'chek' (tip: a similar subcommand exists: \
             'check') — see `credrecon --help`",
        ),
        (
            &[],
            "credrecon: error: usage: no command given; use one of run, check, init, profiles — see \
             `credrecon --help`",
        ),
    ];
    for (args, expected) in cases {
        let out = crate::support::credrecon(args, s.path());
        assert_eq!(out.stdout, "", "{args:?}");
        assert_eq!(one_line_error(&out), expected, "{args:?}");
    }
}

#[test]
fn help_and_version_still_print_in_full() {
    let s = Sandbox::new();
    let help = crate::support::credrecon(&["run", "--help"], s.path());
    assert_eq!(help.code, Some(0), "{}", help.stderr);
    assert!(
        help.stdout.contains("--fail-on <SEVERITY>"),
        "{}",
        help.stdout
    );
    assert!(help.stdout.lines().count() > 10, "{}", help.stdout);
    let version = crate::support::credrecon(&["--version"], s.path());
    assert_eq!(version.code, Some(0), "{}", version.stderr);
    assert_eq!(
        version.stdout,
        format!("credrecon {}\n", env!("CARGO_PKG_VERSION"))
    );
}

// ---- 8. unsigned numbers in the config, in words

#[test]
fn a_negative_or_fractional_policy_number_is_explained_in_words() {
    let s = roster_sandbox(3);
    let cases = [
        (
            "[policy]\nexpiring_within_days = -5\n",
            "line 5, column 24: expected a whole number of days, 0 or more; found `-5`",
        ),
        (
            "[policy]\ncaqh_attestation_days = 120.5\n",
            "line 5, column 25: expected a whole number of days, 0 or more; found `120.5`",
        ),
        (
            "[policy]\nrecredential_cycle_months = \"36\"\n",
            "line 5, column 29: expected a whole number of months, 0 or more; found `\"36\"`",
        ),
        (
            "[policy]\nrecredential_cycle_months_by_state = { CA = -24 }\n",
            "line 5, column 45: expected a whole number of months, 0 or more; found `-24`",
        ),
        (
            "[policy]\ncaqh_expiring_within_days = 5000000000\n",
            "line 5, column 29: expected a whole number of days, 0 or more; found `5000000000`",
        ),
    ];
    for (policy, expected) in cases {
        s.file(
            "credrecon.toml",
            &format!(
                "organization = \"Faults\"\nas_of = \"2026-11-30\"\n\n{policy}\n[[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"roster.csv\"\n"
            ),
        );
        let out = crate::support::credrecon(&["check", "credrecon.toml"], s.path());
        assert_eq!(
            one_line_error(&out),
            format!("credrecon: error: config `credrecon.toml`, {expected}"),
            "{policy}"
        );
    }
    s.file(
        "credrecon.toml",
        "[[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"roster.csv\"\nheader_row = -1\n",
    );
    let out = crate::support::credrecon(&["check", "credrecon.toml"], s.path());
    assert_eq!(
        one_line_error(&out),
        "credrecon: error: config `credrecon.toml`, line 5, column 14: expected a row number, 1 or \
         more; found `-1`"
    );
}
