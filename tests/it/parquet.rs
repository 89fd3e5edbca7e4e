//! findings.parquet and compliance.parquet (SPEC §5) read back with polars: the rows and columns of
//! findings.csv and compliance.csv, typed (dates as Date, numbers as Int64), without the CSV's `'` guard.

use crate::support::npi::N2;
use crate::support::{Sandbox, Table, read_table};
use chrono::NaiveDate;
use polars::prelude::*;
use std::path::{Path, PathBuf};

fn read_parquet(path: &Path) -> DataFrame {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    ParquetReader::new(file)
        .finish()
        .unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

fn run_samples(out: &Path) -> PathBuf {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/credrecon.toml");
    let outcome = crate::support::credrecon(
        &[
            "run",
            config.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
        Path::new("."),
    );
    assert_eq!(outcome.code, Some(0), "stderr: {}", outcome.stderr);
    out.join("2026-11-30")
}

fn texts(frame: &DataFrame, column: &str) -> Vec<Option<String>> {
    let c = frame.column(column).unwrap();
    assert_eq!(c.dtype(), &DataType::String, "column {column}");
    c.str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

fn ints(frame: &DataFrame, column: &str) -> Vec<Option<i64>> {
    let c = frame.column(column).unwrap();
    assert_eq!(c.dtype(), &DataType::Int64, "column {column}");
    c.i64().unwrap().iter().collect()
}

fn dates(frame: &DataFrame, column: &str) -> Vec<Option<NaiveDate>> {
    let c = frame.column(column).unwrap();
    assert_eq!(c.dtype(), &DataType::Date, "column {column}");
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    c.date()
        .unwrap()
        .physical()
        .iter()
        .map(|d| d.map(|d| epoch + chrono::Days::new(u64::try_from(d).unwrap())))
        .collect()
}

/// The CSV column as the Parquet file holds it: an empty cell is null.
fn csv_column(table: &Table, column: &str) -> Vec<Option<String>> {
    let i = table.header.iter().position(|h| h == column).unwrap();
    table
        .rows
        .iter()
        .map(|r| Some(r[i].clone()).filter(|v| !v.is_empty()))
        .collect()
}

#[test]
fn findings_parquet_holds_the_csv_rows_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = run_samples(tmp.path());
    let csv = read_table(&dir.join("findings.csv"));
    let frame = read_parquet(&dir.join("findings.parquet"));
    // samples/README.md: exactly 49 findings.
    assert_eq!(csv.rows.len(), 49);
    assert_eq!(frame.height(), 49);
    let names: Vec<&str> = frame
        .get_column_names()
        .iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(names, csv.header, "the columns of findings.csv, in order");
    // The same findings in the same order.
    assert_eq!(texts(&frame, "finding_id"), csv_column(&csv, "finding_id"));
    // Dates are Date, equal to the CSV's text; numbers are Int64, equal to the CSV's digits.
    let due: Vec<Option<String>> = dates(&frame, "due_date")
        .iter()
        .map(|d| d.map(|d| d.format("%Y-%m-%d").to_string()))
        .collect();
    assert_eq!(due, csv_column(&csv, "due_date"));
    for column in ["days_left", "gap_days", "source_row"] {
        let parsed: Vec<Option<i64>> = csv_column(&csv, column)
            .iter()
            .map(|v| v.as_ref().map(|v| v.parse().unwrap()))
            .collect();
        assert_eq!(ints(&frame, column), parsed, "{column}");
    }
    for column in ["status", "severity", "code", "provider_id", "npi", "detail"] {
        assert_eq!(texts(&frame, column), csv_column(&csv, column), "{column}");
    }
    // samples/README.md #15: HV-1049's DEA FL0547224 is due 2026-12-14, 14 days after as_of, roster row 38.
    let numbers = texts(&frame, "number");
    let dea = numbers
        .iter()
        .position(|n| n.as_deref() == Some("FL0547224"))
        .expect("the DEA finding");
    assert_eq!(
        dates(&frame, "due_date")[dea],
        NaiveDate::from_ymd_opt(2026, 12, 14)
    );
    assert_eq!(ints(&frame, "days_left")[dea], Some(14));
    assert_eq!(ints(&frame, "source_row")[dea], Some(38));
    // #34: HV-1051's Aetna effective date is 45 days after the start date.
    let ids = texts(&frame, "provider_id");
    let codes = texts(&frame, "code");
    let gap = (0..frame.height())
        .find(|&i| {
            ids[i].as_deref() == Some("HV-1051")
                && codes[i].as_deref() == Some("ENROLLMENT_EFFECTIVE_GAP")
        })
        .expect("the effective-date gap");
    assert_eq!(ints(&frame, "gap_days")[gap], Some(45));
    // #13: NPI_NOT_FOUND is about an absent record: no source row.
    let absent = codes
        .iter()
        .position(|c| c.as_deref() == Some("NPI_NOT_FOUND"))
        .unwrap();
    assert_eq!(ints(&frame, "source_row")[absent], None);
}

#[test]
fn compliance_parquet_holds_the_checklist_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = run_samples(tmp.path());
    let csv = read_table(&dir.join("compliance.csv"));
    let frame = read_parquet(&dir.join("compliance.parquet"));
    assert_eq!(frame.height(), csv.rows.len());
    let names: Vec<&str> = frame
        .get_column_names()
        .iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(names, csv.header);
    for column in &csv.header[..csv.header.len() - 1] {
        assert_eq!(texts(&frame, column), csv_column(&csv, column), "{column}");
    }
    let counts: Vec<Option<i64>> = csv_column(&csv, "findings")
        .iter()
        .map(|v| v.as_ref().map(|v| v.parse().unwrap()))
        .collect();
    assert_eq!(ints(&frame, "findings"), counts);
    // samples/README.md #4: HV-1029 is on the LEIE by NPI, and has no other finding.
    let ids = texts(&frame, "provider_id");
    let row = ids
        .iter()
        .position(|id| id.as_deref() == Some("HV-1029"))
        .unwrap();
    assert_eq!(
        texts(&frame, "exclusion_clear")[row].as_deref(),
        Some("FAIL")
    );
    assert_eq!(ints(&frame, "findings")[row], Some(1));
}

#[test]
fn parquet_text_has_no_formula_guard() {
    let s = Sandbox::new();
    // One provider whose id starts with `-` and whose start date is the text `=NOW()`: INVALID_DATE,
    // with the raw text in roster_value.
    s.file(
        "roster.csv",
        &format!("Provider ID,NPI,Last Name,First Name,Start Date\n-P2,{N2},Baker,Ben,=NOW()\n"),
    );
    s.file(
        "credrecon.toml",
        "as_of = \"2026-11-30\"\n\n[policy]\nrequired_credentials = { default = [] }\n\n\
         [[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"roster.csv\"\n",
    );
    let dir = s.run_ok("2026-11-30", &[]);
    let csv = read_table(&dir.join("findings.csv")).records();
    let frame = read_parquet(&dir.join("findings.parquet"));
    assert_eq!(frame.height(), csv.len());
    let at = csv
        .iter()
        .position(|f| f["code"] == "INVALID_DATE")
        .expect("INVALID_DATE");
    assert_eq!(csv[at]["provider_id"], "'-P2");
    assert_eq!(csv[at]["roster_value"], "'=NOW()");
    assert_eq!(texts(&frame, "provider_id")[at].as_deref(), Some("-P2"));
    assert_eq!(texts(&frame, "roster_value")[at].as_deref(), Some("=NOW()"));
    assert_eq!(texts(&frame, "field")[at].as_deref(), Some("start_date"));
}

#[test]
fn the_same_inputs_give_byte_identical_parquet_files() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (a, b) = (run_samples(a.path()), run_samples(b.path()));
    for file in ["findings.parquet", "compliance.parquet"] {
        let bytes = |dir: &Path| std::fs::read(dir.join(file)).unwrap();
        assert!(bytes(&a) == bytes(&b), "the two {file} differ");
    }
}
