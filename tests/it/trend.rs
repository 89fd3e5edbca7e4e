//! trend.csv and the Trend sheet (SPEC §5): one row per run date, carried forward through `--previous`.
//! Counts worked out by hand from the malpractice dates below.

use crate::support::npi::{N1, N2};
use crate::support::{Sandbox, one_line_error, read_table};
use calamine::{Data, Reader, open_workbook_auto};
use std::io::Read;
use std::path::Path;

const HEADER: &str = "as_of,total,critical,high,medium,low,data_quality,discrepancy,expiration,enrollment,exclusion,compliance";

/// Two providers with a malpractice policy each; `a1_npi` is A1's NPI cell.
///
/// On 2026-10-31: A1 without an NPI is NPI_MISSING (high, data quality); A1's policy ends 2027-01-01,
/// 30 + 31 + 1 = 62 days on, and B2's 2026-12-10, 30 + 10 = 40 days on: two CREDENTIAL_EXPIRING, medium
/// (31-90 days). On 2026-12-15: NPI_MISSING again; A1's policy 16 + 1 = 17 days on is CREDENTIAL_EXPIRING
/// high (0-30); B2's has passed: CREDENTIAL_EXPIRED, critical for malpractice.
fn scenario(s: &Sandbox, a1_npi: &str) {
    s.file(
        "roster.csv",
        &format!(
            "Provider ID,NPI,Last Name,First Name,Policy #,Malpractice Exp\n\
             A1,{a1_npi},Abbott,Anne,M-1,01/01/2027\n\
             B2,{N2},Baker,Ben,M-2,12/10/2026\n"
        ),
    );
    s.file(
        "credrecon.toml",
        "organization = \"Trend scenario\"\n\n[policy]\nrequired_credentials = { default = [] }\n\n\
         [[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"roster.csv\"\n\n\
         [[sources.credentials]]\ntype = \"malpractice\"\nnumber = \"Policy #\"\nexpiration_date = \"Malpractice Exp\"\n",
    );
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

/// October's run, then December's with `--previous` October's folder.
fn two_runs(s: &Sandbox) -> std::path::PathBuf {
    scenario(s, "");
    let october = s.run_ok("2026-10-31", &["--as-of", "2026-10-31"]);
    s.run_ok(
        "2026-12-15",
        &[
            "--as-of",
            "2026-12-15",
            "--previous",
            october.to_str().unwrap(),
        ],
    )
}

#[test]
fn a_single_run_writes_its_one_row() {
    let s = Sandbox::new();
    scenario(&s, "");
    let dir = s.run_ok("2026-10-31", &["--as-of", "2026-10-31"]);
    assert_eq!(
        lines(&dir.join("trend.csv")),
        [HEADER, "2026-10-31,3,0,1,2,0,1,0,2,0,0,0"]
    );
    // The findings it counts: one data-quality finding and two expirations.
    let findings = read_table(&dir.join("findings.csv")).records();
    assert_eq!(findings.len(), 3, "{findings:?}");
}

#[test]
fn two_runs_with_previous_give_two_rows_and_the_trend_sheet_shows_them() {
    let s = Sandbox::new();
    let december = two_runs(&s);
    assert_eq!(
        lines(&december.join("trend.csv")),
        [
            HEADER,
            "2026-10-31,3,0,1,2,0,1,0,2,0,0,0",
            "2026-12-15,3,1,2,0,0,1,0,2,0,0,0",
        ]
    );
    let path = december.join("credentialing-audit-2026-12-15.xlsx");
    let mut wb = open_workbook_auto(&path).unwrap();
    let names = wb.sheet_names();
    let sources = names.iter().position(|n| n == "Sources").unwrap();
    assert_eq!(names[sources + 1], "Trend", "{names:?}");
    let range = wb.worksheet_range("Trend").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows.len(), 3);
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(header.join(","), HEADER);
    // Real dates: 2026-10-31 and 2026-12-15 as Excel serial dates (days since 1899-12-30).
    let serial = |y, m, d| {
        (chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
            - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
        .num_days() as f64
    };
    match (&rows[1][0], &rows[2][0]) {
        (Data::DateTime(a), Data::DateTime(b)) => {
            assert_eq!(a.as_f64(), serial(2026, 10, 31));
            assert_eq!(b.as_f64(), serial(2026, 12, 15));
        }
        other => panic!("as_of cells are not dates: {other:?}"),
    }
    let numbers = |row: &[Data]| -> Vec<f64> {
        row[1..]
            .iter()
            .map(|c| match c {
                Data::Float(f) => *f,
                Data::Int(i) => *i as f64,
                other => panic!("not a number: {other:?}"),
            })
            .collect()
    };
    assert_eq!(
        numbers(&rows[1]),
        [3.0, 0.0, 1.0, 2.0, 0.0, 1.0, 0.0, 2.0, 0.0, 0.0, 0.0]
    );
    assert_eq!(
        numbers(&rows[2]),
        [3.0, 1.0, 2.0, 0.0, 0.0, 1.0, 0.0, 2.0, 0.0, 0.0, 0.0]
    );
    // A line chart over both rows: the totals in B2:B3 by the dates in A2:A3.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut found = false;
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).unwrap();
        if member.name().unwrap().starts_with("xl/charts/chart") {
            let mut xml = String::new();
            member.read_to_string(&mut xml).unwrap();
            if xml.contains("Trend!$B$2:$B$3") {
                assert!(xml.contains("<c:lineChart>"), "a line chart");
                assert!(xml.contains("Trend!$A$2:$A$3"), "by run date");
                found = true;
            }
        }
    }
    assert!(found, "no chart of the Trend sheet");
}

#[test]
fn a_rerun_at_the_same_as_of_replaces_its_row() {
    let s = Sandbox::new();
    let december = two_runs(&s);
    // A1's NPI is filled in and December is run again, with December's own folder as --previous:
    // NPI_MISSING is gone, so December's row now reads 2 findings, 1 critical and 1 high, both
    // expirations.
    scenario(&s, N1);
    let again = s.run_ok(
        "2026-12-15",
        &[
            "--as-of",
            "2026-12-15",
            "--previous",
            december.to_str().unwrap(),
        ],
    );
    assert_eq!(
        lines(&again.join("trend.csv")),
        [
            HEADER,
            "2026-10-31,3,0,1,2,0,1,0,2,0,0,0",
            "2026-12-15,2,1,1,0,0,0,0,2,0,0,0",
        ]
    );
}

#[test]
fn an_earlier_run_date_is_sorted_before_the_carried_rows() {
    let s = Sandbox::new();
    let december = two_runs(&s);
    // A run for 2026-11-30 against December's folder: its row goes between the two.
    let november = s.run_ok(
        "2026-11-30",
        &[
            "--as-of",
            "2026-11-30",
            "--previous",
            december.to_str().unwrap(),
        ],
    );
    let rows = lines(&november.join("trend.csv"));
    let dates: Vec<&str> = rows[1..].iter().map(|r| &r[..10]).collect();
    assert_eq!(dates, ["2026-10-31", "2026-11-30", "2026-12-15"]);
}

#[test]
fn a_previous_folder_without_trend_csv_contributes_nothing() {
    let s = Sandbox::new();
    scenario(&s, "");
    let october = s.run_ok("2026-10-31", &["--as-of", "2026-10-31"]);
    std::fs::remove_file(october.join("trend.csv")).unwrap();
    let december = s.run_ok(
        "2026-12-15",
        &[
            "--as-of",
            "2026-12-15",
            "--previous",
            october.to_str().unwrap(),
        ],
    );
    assert_eq!(
        lines(&december.join("trend.csv")),
        [HEADER, "2026-12-15,3,1,2,0,0,1,0,2,0,0,0"]
    );
}

#[test]
fn an_unreadable_previous_trend_csv_is_one_line_naming_the_file_row_and_column() {
    let s = Sandbox::new();
    scenario(&s, "");
    let october = s.run_ok("2026-10-31", &["--as-of", "2026-10-31"]);
    let trend = october.join("trend.csv");
    std::fs::write(
        &trend,
        format!(
            "{HEADER}\r\n2026-09-30,1,0,1,0,0,1,0,0,0,0,0\r\n2026-10-31,3,0,x,2,0,1,0,2,0,0,0\r\n"
        ),
    )
    .unwrap();
    let outcome = s.run(&[
        "--as-of",
        "2026-12-15",
        "--previous",
        october.to_str().unwrap(),
    ]);
    let line = one_line_error(&outcome);
    assert!(
        line.contains(&format!("`{}`", trend.display()))
            && line.contains("row 3")
            && line.contains("column `high`")
            && line.contains("`x`"),
        "{line}"
    );
    // Nothing was written for December.
    assert!(!s.path().join("out/2026-12-15").exists());

    // A header without a column names the column it lacks.
    std::fs::write(&trend, "as_of,total\r\n2026-10-31,3\r\n").unwrap();
    let line = one_line_error(&s.run(&[
        "--as-of",
        "2026-12-15",
        "--previous",
        october.to_str().unwrap(),
    ]));
    assert!(
        line.contains("row 1") && line.contains("`critical`"),
        "{line}"
    );
    // A date that is not one.
    std::fs::write(
        &trend,
        format!("{HEADER}\r\n10/31/2026,3,0,1,2,0,1,0,2,0,0,0\r\n"),
    )
    .unwrap();
    let line = one_line_error(&s.run(&[
        "--as-of",
        "2026-12-15",
        "--previous",
        october.to_str().unwrap(),
    ]));
    assert!(
        line.contains("row 2") && line.contains("column `as_of`") && line.contains("`10/31/2026`"),
        "{line}"
    );
}
