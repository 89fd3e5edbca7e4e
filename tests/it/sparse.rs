//! A workbook is read by the cells it holds, not by the grid they span: a far cell costs nothing.

use crate::support::{load_from, roster_config};
use rust_xlsxwriter::Workbook;
use std::path::Path;
use std::process::Command;

/// A roster header and two providers at A1:D3.
fn roster_sheet(book: &mut Workbook) -> &mut rust_xlsxwriter::Worksheet {
    let sheet = book.add_worksheet();
    for (c, h) in ["Provider ID", "NPI", "Last Name", "First Name"]
        .iter()
        .enumerate()
    {
        sheet.write(0, c as u16, *h).unwrap();
    }
    sheet.write(1, 0, "P1").unwrap();
    sheet.write_number(1, 1, 1000000004.0).unwrap();
    sheet.write(1, 2, "Able").unwrap();
    sheet.write(1, 3, "Amy").unwrap();
    sheet.write(2, 0, "P2").unwrap();
    sheet.write(2, 1, "1000000012").unwrap();
    sheet.write(2, 2, "Baker").unwrap();
    sheet.write(2, 3, "Ben").unwrap();
    sheet
}

/// `credrecon check` with the address space held to 4 GB: (exit code, or None when killed; stdout; stderr).
fn check_in_4gb(config: &Path) -> (Option<i32>, String, String) {
    let out = Command::new("prlimit")
        .arg("--as=4000000000")
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_credrecon"))
        .arg("check")
        .arg(config)
        .output()
        .expect("prlimit runs credrecon");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn one_cell_at_xfd1048576_does_not_make_the_grid_of_the_whole_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    roster_sheet(&mut book)
        .write(1_048_575, 16_383, "far away")
        .unwrap();
    book.save(tmp.path().join("roster.xlsx")).unwrap();
    let (code, stdout, stderr) = check_in_4gb(&roster_config(tmp.path(), "roster.xlsx"));
    match code {
        Some(0) => {
            // The two providers are used; the far cell is a row of its own, rejected: it names no one.
            assert!(stdout.contains("3 read, 2 used, 1 rejected"), "{stdout}");
            assert!(stdout.contains("rejected row 1048576"), "{stdout}");
        }
        Some(2) => {
            assert_eq!(stderr.lines().count(), 1, "{stderr}");
            assert!(stderr.contains("roster.xlsx"), "{stderr}");
        }
        other => {
            panic!("exit {other:?} (never 101/134 or a signal)\nstdout: {stdout}\nstderr: {stderr}")
        }
    }
}

#[test]
fn a_small_workbook_reads_as_before() {
    let tmp = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    roster_sheet(&mut book);
    book.save(tmp.path().join("roster.xlsx")).unwrap();
    let config = roster_config(tmp.path(), "roster.xlsx");
    let loaded = load_from(&config, "roster", None);
    assert_eq!(loaded.rows_read, 2);
    assert!(loaded.rejected.is_empty(), "{:?}", loaded.rejected);
    assert_eq!(loaded.frame.rows(), &[2, 3]);
    crate::support::assert_row(
        &loaded,
        2,
        &[
            ("provider_id", Some("P1")),
            ("npi", Some("1000000004")),
            ("last_name", Some("Able")),
            ("first_name", Some("Amy")),
        ],
    );
    crate::support::assert_row(
        &loaded,
        3,
        &[
            ("provider_id", Some("P2")),
            ("npi", Some("1000000012")),
            ("last_name", Some("Baker")),
            ("first_name", Some("Ben")),
        ],
    );
    let (code, stdout, stderr) = check_in_4gb(&config);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("2 read, 2 used, 0 rejected"), "{stdout}");
}

/// A sheet that starts at B3, with a blank row and a summary row: the row numbers are
/// the sheet's, and the rejected row's text runs to the sheet's last column, as it did.
#[test]
fn an_offset_sheet_keeps_its_row_numbers_and_raw_text() {
    let tmp = tempfile::tempdir().unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Provider ID", "NPI", "Last Name", "First Name", "Notes"]
        .iter()
        .enumerate()
    {
        sheet.write(2, 1 + c as u16, *h).unwrap();
    }
    sheet.write(3, 1, "P1").unwrap();
    sheet.write_number(3, 2, 1000000004.0).unwrap();
    sheet.write(3, 3, "Able").unwrap();
    sheet.write(3, 4, "Amy").unwrap();
    sheet.write(5, 1, "Total").unwrap();
    sheet.write_number(5, 3, 2.0).unwrap();
    sheet.write(6, 1, "P2").unwrap();
    sheet.write(6, 2, "1000000012").unwrap();
    sheet.write(6, 3, "Baker").unwrap();
    sheet.write(6, 5, "late").unwrap();
    book.save(tmp.path().join("roster.xlsx")).unwrap();
    let loaded = load_from(&roster_config(tmp.path(), "roster.xlsx"), "roster", None);
    assert_eq!(loaded.header_row, 3);
    assert_eq!(loaded.frame.rows(), &[4, 7]);
    assert_eq!(loaded.rows_read, 3);
    assert_eq!(loaded.rejected.len(), 1, "{:?}", loaded.rejected);
    assert_eq!(loaded.rejected[0].row, 6);
    assert_eq!(loaded.rejected[0].raw, " | Total |  | 2 |  | ");
    crate::support::assert_row(
        &loaded,
        7,
        &[("npi", Some("1000000012")), ("first_name", None)],
    );
}

/// The roster workbook with its far cell moved by rewriting the sheet's XML: `XFD1048576` becomes `to`.
fn with_far_cell_at(path: &Path, to: &str) {
    use std::io::{Read, Write};
    let mut book = Workbook::new();
    roster_sheet(&mut book)
        .write(1_048_575, 16_383, "far away")
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data).unwrap();
            assert!(xml.contains("r=\"XFD1048576\""), "{xml}");
            data = xml
                .replace("r=\"XFD1048576\"", &format!("r=\"{to}\""))
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn a_cell_beyond_the_grid_of_a_sheet_is_refused_naming_it() {
    for (cell, limit) in [("XFE1", "16384 columns"), ("A1048577", "1048576 rows")] {
        let tmp = tempfile::tempdir().unwrap();
        with_far_cell_at(&tmp.path().join("roster.xlsx"), cell);
        let (code, stdout, stderr) = check_in_4gb(&roster_config(tmp.path(), "roster.xlsx"));
        assert_eq!(code, Some(2), "{cell}\nstdout: {stdout}\nstderr: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("roster.xlsx")
                && stderr.contains("Sheet1")
                && stderr.contains(cell)
                && stderr.contains(limit),
            "{stderr}"
        );
    }
}
