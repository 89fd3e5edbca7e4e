//! Faults around a run, through the real executable: a closed or full standard output, a disk that fills
//! while the workbook is written, SIGINT and SIGTERM, an `OUT/<as_of>` that is not a folder, conflicting
//! decisions, a folder named as a source, and usage and config errors that must stay on one line.
//!
//! Nothing here waits a fixed time for the run to reach a point: a test blocks on a FIFO the run is
//! reading, or watches for the staging folder the run creates before it signals.

use crate::support::{Outcome, Sandbox, npi_check_digit};
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_credrecon");
const AS_OF: &str = "2026-11-30";

/// The files every complete run folder holds (no `--previous`).
const RUN_FILES: [&str; 11] = [
    "findings.csv",
    "discrepancies.csv",
    "expirations.csv",
    "enrollment_gaps.csv",
    "exclusions.csv",
    "data_quality.csv",
    "compliance.csv",
    "rejected_rows.csv",
    "history.csv",
    "manifest.json",
    "credentialing-audit-2026-11-30.xlsx",
];

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

/// Exit code 2 and exactly one line on stderr: that line.
fn one_line_error(outcome: &Outcome) -> String {
    assert_eq!(
        outcome.code,
        Some(2),
        "exit code; stderr: {}; stdout: {}",
        outcome.stderr,
        outcome.stdout
    );
    let lines: Vec<&str> = outcome.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "stderr is one line: {:?}", outcome.stderr);
    lines[0].to_string()
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

// ---- 2. the workbook's constant-memory spool

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
fn a_disk_that_fills_while_the_workbook_is_spooled_gets_one_line_naming_the_folder() {
    let s = roster_sandbox(1000);
    // A first run measures the largest CSV and the largest sheet of the workbook.
    let first = s.run_ok(AS_OF, &[]);
    let largest_file = RUN_FILES
        .iter()
        .filter(|f| !f.ends_with(".xlsx"))
        .map(|f| std::fs::metadata(first.join(f)).unwrap().len())
        .max()
        .unwrap();
    let largest_sheet = largest_member(&first.join("credentialing-audit-2026-11-30.xlsx"));
    assert!(
        largest_sheet > 2 * largest_file,
        "the Findings sheet's XML ({largest_sheet} bytes) is much larger than any CSV ({largest_file})"
    );
    // A second run may write files only up to halfway between: every CSV fits, the spooled sheet does
    // not. (The file-size limit stands in for a full disk; the signal it raises is ignored, so the write
    // fails with "file too large", as a full disk makes it fail with "no space left on device".)
    let limit = (largest_file + largest_sheet) / 2;
    let out = Command::new("sh")
        .args([
            "-c",
            "trap '' XFSZ; exec prlimit --fsize=\"$0\" -- \"$@\"",
            &limit.to_string(),
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
        line.starts_with(
            "credrecon: error: cannot write the workbook's sheets into `full/.2026-11-30.partial-"
        ),
        "{line}"
    );
    assert!(line.contains("File too large (os error 27)"), "{line}");
    assert_eq!(
        names_in(&s.path().join("full")),
        Vec::<String>::new(),
        "nothing is left behind"
    );
}
