//! Hostile input: each gets a clear one-line error or is handled — never a panic (exit 101) or a hang.

use crate::support::{RUN_FILES, roster_config};
use std::io::Write;
use std::path::Path;
use std::process::Command;

/// `credrecon check CONFIG`: (exit code, stdout, stderr).
fn check(config: &Path) -> (i32, String, String) {
    let out = crate::support::credrecon(&["check", config.to_str().unwrap()], Path::new("."));
    (out.code.unwrap_or(-1), out.stdout, out.stderr)
}

/// A zip whose central directory declares two members of 3.75 GiB each: 7.5 GiB once expanded.
fn zip_bomb(path: &Path) {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for name in ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"] {
            zip.start_file(name, stored).unwrap();
            zip.write_all(b"<x/>").unwrap();
        }
        zip.finish().unwrap();
    }
    let mut bytes = buf.into_inner();
    // Central directory entries start with PK\x01\x02; the uncompressed size sits 24 bytes in.
    let mut i = 0;
    while i + 28 <= bytes.len() {
        if bytes[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            bytes[i + 24..i + 28].copy_from_slice(&0xF000_0000u32.to_le_bytes());
        }
        i += 1;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_zip_bomb_named_xlsx_is_refused_before_expanding() {
    let tmp = tempfile::tempdir().unwrap();
    zip_bomb(&tmp.path().join("roster.xlsx"));
    let (code, _, stderr) = check(&roster_config(tmp.path(), "roster.xlsx"));
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("roster.xlsx") && stderr.contains("would expand to 8.1 GB"),
        "{stderr}"
    );
}

#[test]
fn ten_thousand_columns_are_read() {
    let tmp = tempfile::tempdir().unwrap();
    let mut header = vec![
        "Provider ID".to_string(),
        "NPI".into(),
        "Last Name".into(),
        "First Name".into(),
    ];
    header.extend((4..10_000).map(|i| format!("Extra {i}")));
    let mut row = vec![
        "P1".to_string(),
        "1234567893".into(),
        "Smith".into(),
        "Ann".into(),
    ];
    row.extend((4..10_000).map(|_| String::new()));
    std::fs::write(
        tmp.path().join("roster.csv"),
        format!("{}\n{}\n", header.join(","), row.join(",")),
    )
    .unwrap();
    let (code, stdout, stderr) = check(&roster_config(tmp.path(), "roster.csv"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 read, 1 used, 0 rejected"), "{stdout}");
}

#[test]
fn a_ten_megabyte_cell_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let big = "x".repeat(10 << 20);
    std::fs::write(
        tmp.path().join("roster.csv"),
        format!("Provider ID,NPI,Last Name,First Name,Notes\nP1,1234567893,Smith,Ann,\"{big}\"\n"),
    )
    .unwrap();
    let (code, stdout, stderr) = check(&roster_config(tmp.path(), "roster.csv"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("1 read, 1 used, 0 rejected"), "{stdout}");
}

#[test]
fn a_single_line_of_two_million_fields_is_refused_quickly() {
    let tmp = tempfile::tempdir().unwrap();
    // 20 MB of comma-separated numbers on one line, no line break: 2,000,001 fields, not a table.
    let line: String = (0..2_000_000).map(|i| format!("{},", i % 1000)).collect();
    std::fs::write(tmp.path().join("roster.csv"), line).unwrap();
    let (code, _, stderr) = check(&roster_config(tmp.path(), "roster.csv"));
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
    assert!(
        stderr.contains("roster.csv`, row 1: 2000001 fields on one line"),
        "{}",
        &stderr[..stderr.len().min(300)]
    );
}

#[test]
fn title_rows_only_get_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("roster.csv"),
        "Provider roster\nExported 11/28/2026\n",
    )
    .unwrap();
    let (code, _, stderr) = check(&roster_config(tmp.path(), "roster.csv"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no header row found"), "{stderr}");
    assert!(stderr.contains("`Provider roster`"), "{stderr}");
}

#[test]
fn a_run_killed_at_any_moment_leaves_the_earlier_folder_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/credrecon.toml");
    let out = tmp.path().join("out");
    let folder = out.join("2026-11-30");
    // An earlier run's folder, marked so we can tell it from a new one.
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("earlier-run.txt"),
        "kept until a new run is complete",
    )
    .unwrap();
    for delay_ms in [0u64, 20, 60, 120, 200, 300, 450, 700] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_credrecon"))
            .args([
                "run",
                config.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--quiet",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        // Either the earlier folder, untouched, or a complete new one: never a mix, never half.
        let earlier = folder.join("earlier-run.txt").exists();
        let complete = RUN_FILES.iter().all(|f| folder.join(f).exists());
        assert!(
            folder.is_dir(),
            "killed after {delay_ms} ms: the run folder vanished"
        );
        if earlier {
            assert!(
                RUN_FILES.iter().all(|f| !folder.join(f).exists()),
                "killed after {delay_ms} ms: mixed folder"
            );
        } else {
            assert!(
                complete,
                "killed after {delay_ms} ms: a half-written folder"
            );
            std::fs::write(folder.join("earlier-run.txt"), "marker").unwrap();
            for f in RUN_FILES {
                std::fs::remove_file(folder.join(f)).unwrap();
            }
        }
    }
}
