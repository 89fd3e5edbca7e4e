//! The Parquet twins of findings.csv and compliance.csv (SPEC §5): the same rows and columns, typed for a
//! data warehouse, DuckDB, Spark or a BI tool. Dates are Date, numbers Int64, text String; an empty cell
//! is null, as a CSV reader takes it. Text is written as it is: the leading `'` of the CSV files guards
//! against spreadsheets running a cell as a formula, which no Parquet reader does.

use super::create_file;
use crate::error::{Error, Result};
use crate::findings::Finding;
use crate::report::csv::FINDING_COLUMNS;
use crate::rules::compliance::{CHECKS, ComplianceRow};
use chrono::NaiveDate;
use polars::prelude::*;
use std::io::Write;
use std::path::Path;

/// `findings.parquet` (or a category's twin): the columns of findings.csv, in its order.
pub fn write_findings(path: &Path, findings: &[&Finding]) -> Result<()> {
    let columns = FINDING_COLUMNS
        .iter()
        .map(|name| finding_column(name, findings))
        .collect();
    write(path, findings.len(), columns)
}

/// One column of findings.csv, typed.
fn finding_column(name: &'static str, rows: &[&Finding]) -> Column {
    let text = |get: fn(&Finding) -> &str| text_column(name, rows.iter().map(|f| get(f)));
    let int = |get: fn(&Finding) -> Option<i64>| {
        Column::new(name.into(), rows.iter().map(|f| get(f)).collect::<Vec<_>>())
    };
    match name {
        "finding_id" => text(|f| &f.finding_id),
        "status" => text(|f| f.status.as_str()),
        "severity" => text(|f| f.severity.as_str()),
        "category" => text(|f| f.category().as_str()),
        "code" => text(|f| f.code.as_str()),
        "provider_id" => text(|f| &f.provider_id),
        "npi" => text(|f| &f.npi),
        "provider_name" => text(|f| &f.provider_name),
        "credential_type" => text(|f| &f.credential_type),
        "state" => text(|f| &f.state),
        "number" => text(|f| &f.number),
        "payer" => text(|f| &f.payer),
        "field" => text(|f| &f.field),
        "roster_value" => text(|f| &f.roster_value),
        "source_value" => text(|f| &f.source_value),
        "due_date" => date_column(name, rows.iter().map(|f| f.due_date)),
        "days_left" => int(|f| f.days_left),
        "gap_days" => int(|f| f.gap_days),
        "source" => text(|f| &f.source),
        "source_file" => text(|f| &f.source_file),
        "source_row" => int(|f| f.source_row.and_then(|r| i64::try_from(r).ok())),
        "detail" => text(|f| &f.detail),
        other => unreachable!("findings.csv has no column `{other}`"),
    }
}

/// `compliance.parquet`: the columns of compliance.csv, the finding count as Int64.
pub fn write_compliance(path: &Path, rows: &[ComplianceRow]) -> Result<()> {
    let mut columns = vec![
        text_column("provider_id", rows.iter().map(|r| r.provider_id.as_str())),
        text_column("npi", rows.iter().map(|r| r.npi.as_str())),
        text_column(
            "provider_name",
            rows.iter().map(|r| r.provider_name.as_str()),
        ),
    ];
    for (i, check) in CHECKS.iter().enumerate() {
        columns.push(text_column(
            check,
            rows.iter()
                .map(|r| r.checks.get(i).map_or("", |c| c.as_str())),
        ));
    }
    columns.push(text_column(
        "overall",
        rows.iter().map(|r| r.overall.as_str()),
    ));
    columns.push(Column::new(
        "findings".into(),
        rows.iter()
            .map(|r| i64::try_from(r.findings).ok())
            .collect::<Vec<_>>(),
    ));
    write(path, rows.len(), columns)
}

/// A String column; an empty text is null.
fn text_column<'a>(name: &str, values: impl Iterator<Item = &'a str>) -> Column {
    let values: Vec<Option<&str>> = values.map(|v| Some(v).filter(|v| !v.is_empty())).collect();
    Column::new(name.into(), values)
}

/// A Date column (days since 1970-01-01).
fn date_column(name: &str, values: impl Iterator<Item = Option<NaiveDate>>) -> Column {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("1970-01-01 exists");
    let days: Vec<Option<i32>> = values
        .map(|d| d.and_then(|d| i32::try_from((d - epoch).num_days()).ok()))
        .collect();
    Series::new(name.into(), days).into_date().into()
}

fn write(path: &Path, height: usize, columns: Vec<Column>) -> Result<()> {
    let file = std::io::BufWriter::new(create_file(path)?);
    write_to(path, file, height, columns)
}

/// Write the frame to `out`, the file at `path`; a failed write names that file.
fn write_to(path: &Path, mut out: impl Write, height: usize, columns: Vec<Column>) -> Result<()> {
    let err = |e: PolarsError| Error::Output {
        path: path.to_path_buf(),
        cause: io_error(e),
    };
    let mut frame = DataFrame::new(height, columns).map_err(err)?;
    ParquetWriter::new(&mut out)
        .with_compression(ParquetCompression::Zstd(None))
        .finish(&mut frame)
        .map_err(err)?;
    out.flush().map_err(|cause| Error::Output {
        path: path.to_path_buf(),
        cause,
    })
}

/// The operating-system error under a polars error (a full disk), else its message on one line.
fn io_error(e: PolarsError) -> std::io::Error {
    match e {
        PolarsError::IO { error, .. } => std::io::Error::new(error.kind(), error.to_string()),
        PolarsError::Context { error, .. } => io_error(*error),
        e => {
            let message = e.to_string();
            std::io::Error::other(message.lines().next().unwrap_or("").to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Code;

    #[test]
    fn every_finding_column_is_written_in_the_csv_order() {
        let mut f = Finding::new(Code::CredentialExpired);
        f.finding_id = "F1".into();
        f.provider_id = "=P1".into();
        f.due_date = NaiveDate::from_ymd_opt(2026, 1, 1);
        f.days_left = Some(-333);
        f.source_row = Some(7);
        let columns: Vec<Column> = FINDING_COLUMNS
            .iter()
            .map(|name| finding_column(name, &[&f]))
            .collect();
        let names: Vec<&str> = columns.iter().map(|c| c.name().as_str()).collect();
        assert_eq!(names, FINDING_COLUMNS);
        let dtype = |name: &str| {
            columns[FINDING_COLUMNS.iter().position(|c| *c == name).unwrap()]
                .dtype()
                .clone()
        };
        assert_eq!(dtype("due_date"), DataType::Date);
        assert_eq!(dtype("days_left"), DataType::Int64);
        assert_eq!(dtype("source_row"), DataType::Int64);
        assert_eq!(dtype("provider_id"), DataType::String);
        // 2026-01-01 is 56 years of 365 days plus 14 leap days (1972 … 2024) after 1970-01-01.
        let due = &columns[15];
        assert_eq!(due.date().unwrap().physical().get(0), Some(56 * 365 + 14));
        // No formula guard, and an empty text is null.
        assert_eq!(columns[5].str().unwrap().get(0), Some("=P1"));
        assert_eq!(columns[6].str().unwrap().get(0), None);
    }

    /// A disk that is full.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::from_raw_os_error(28))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::Error::from_raw_os_error(28))
        }
    }

    #[test]
    fn a_full_disk_is_one_line_naming_the_file() {
        let f = Finding::new(Code::NpiMissing);
        let columns = FINDING_COLUMNS
            .iter()
            .map(|name| finding_column(name, &[&f]))
            .collect();
        let path = Path::new("out/.2026-11-30.partial-1/findings.parquet");
        let e = write_to(path, Full, 1, columns).unwrap_err().to_string();
        assert!(
            e.starts_with("cannot write `out/.2026-11-30.partial-1/findings.parquet`: ")
                && e.contains("No space left on device")
                && !e.contains('\n'),
            "{e}"
        );
    }
}
