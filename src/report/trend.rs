//! `trend.csv` (SPEC §5): one row per run date, the active findings by severity and by category. Each
//! run writes its own row after the rows of the `--previous` run folder's trend.csv, so the file grows
//! by one row a month; a row of this run's as_of is replaced, not repeated.

use crate::error::{Error, Location, Result};
use crate::findings::Finding;
use crate::report::csv::Lines;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::Path;

pub const TREND_FILE: &str = "trend.csv";

/// The columns of trend.csv: the run date, every active finding, then the severities and categories.
pub const TREND_COLUMNS: [&str; 12] = [
    "as_of",
    "total",
    "critical",
    "high",
    "medium",
    "low",
    "data_quality",
    "discrepancy",
    "expiration",
    "enrollment",
    "exclusion",
    "compliance",
];

/// The counts of one run, in the order of `TREND_COLUMNS[1..]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrendRow {
    pub as_of: NaiveDate,
    pub counts: [u64; 11],
}

impl TrendRow {
    /// This run's row: every column counts the active findings of its severity or category.
    pub fn of_run(as_of: NaiveDate, active: &[&Finding]) -> TrendRow {
        let mut counts = [0u64; 11];
        for (n, column) in counts.iter_mut().zip(&TREND_COLUMNS[1..]) {
            *n = active
                .iter()
                .filter(|f| {
                    *column == "total"
                        || f.severity.as_str() == *column
                        || f.category().as_str() == *column
                })
                .count() as u64;
        }
        TrendRow { as_of, counts }
    }

    /// The row as CSV cells.
    pub fn record(&self) -> Vec<String> {
        std::iter::once(self.as_of.to_string())
            .chain(self.counts.iter().map(u64::to_string))
            .collect()
    }
}

/// The rows of `dir/trend.csv`, an earlier run folder; none when it has no trend.csv. The header may
/// list the columns in any order, but must name every one; each row needs a date and whole numbers.
pub fn read_previous(dir: &Path) -> Result<Vec<TrendRow>> {
    let path = dir.join(TREND_FILE);
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let at = |row: u64| Location::file(&path).with_row(row);
    let fail = |at: Location, message: String| Error::input("--previous", at, message);
    let text = std::fs::read(&path).map_err(|cause| Error::Io {
        at: Location::file(&path),
        cause,
    })?;
    // Rows named by their own line, in a CRLF file (as credrecon writes them) too.
    let mut lines = Lines::new(&text);
    let mut reader = csv::Reader::from_reader(text.as_slice());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| fail(at(1), format!("cannot read the CSV: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut index = Vec::with_capacity(TREND_COLUMNS.len());
    for column in TREND_COLUMNS {
        match header.iter().position(|h| h == column) {
            Some(i) => index.push(i),
            None => {
                return Err(fail(
                    at(1),
                    format!(
                        "the header has no `{column}` column; a trend.csv starts `{}`",
                        TREND_COLUMNS.join(",")
                    ),
                ));
            }
        }
    }
    let mut rows: BTreeMap<NaiveDate, (u64, TrendRow)> = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let row = e.position().map_or(0, |p| lines.of(p));
            fail(at(row), format!("cannot read the CSV: {e}"))
        })?;
        let row = record.position().map_or(0, |p| lines.of(p));
        let cell = |k: usize| record.get(index[k]).unwrap_or("").trim();
        let as_of = NaiveDate::parse_from_str(cell(0), "%Y-%m-%d").map_err(|_| {
            fail(
                at(row).with_column("as_of"),
                format!("`{}` is not a date (YYYY-MM-DD)", cell(0)),
            )
        })?;
        let mut counts = [0u64; 11];
        for (k, n) in counts.iter_mut().enumerate() {
            *n = cell(k + 1).parse().map_err(|_| {
                fail(
                    at(row).with_column(TREND_COLUMNS[k + 1]),
                    format!("`{}` is not a whole number of findings", cell(k + 1)),
                )
            })?;
        }
        if let Some((earlier, _)) = rows.get(&as_of) {
            return Err(fail(
                at(row).with_column("as_of"),
                format!("{as_of} is also on row {earlier}; keep one row per run date"),
            ));
        }
        rows.insert(as_of, (row, TrendRow { as_of, counts }));
    }
    Ok(rows.into_values().map(|(_, r)| r).collect())
}

/// The earlier rows with this run's row in place of any of its date, sorted by date.
pub fn merge(previous: &[TrendRow], this_run: TrendRow) -> Vec<TrendRow> {
    let mut rows: Vec<TrendRow> = previous
        .iter()
        .filter(|r| r.as_of != this_run.as_of)
        .cloned()
        .collect();
    rows.push(this_run);
    rows.sort_by_key(|r| r.as_of);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{Category, Code, Severity};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A new severity or category cannot be left out of the trend unnoticed.
    #[test]
    fn every_severity_and_category_has_a_column() {
        for s in Severity::ALL {
            assert!(TREND_COLUMNS.contains(&s.as_str()), "{s:?}");
        }
        for c in Category::ALL {
            assert!(TREND_COLUMNS.contains(&c.as_str()), "{c:?}");
        }
    }

    #[test]
    fn a_run_counts_its_findings_by_severity_and_category() {
        let a = Finding::new(Code::NpiMissing);
        let b = Finding::new(Code::CredentialExpired);
        let mut c = Finding::new(Code::CredentialExpiring);
        c.severity = Severity::High; // due within 30 days
        let row = TrendRow::of_run(d("2026-11-30"), &[&a, &b, &c]);
        // total, critical, high, medium, low, data_quality, discrepancy, expiration, enrollment,
        // exclusion, compliance
        assert_eq!(row.counts, [3, 1, 2, 0, 0, 1, 0, 2, 0, 0, 0]);
        assert_eq!(row.record().join(","), "2026-11-30,3,1,2,0,0,1,0,2,0,0,0");
    }

    #[test]
    fn this_run_replaces_its_date_and_the_rows_are_sorted() {
        let row = |date: &str, n: u64| TrendRow {
            as_of: d(date),
            counts: [n; 11],
        };
        let merged = merge(
            &[
                row("2026-09-30", 1),
                row("2026-11-30", 2),
                row("2026-10-31", 3),
            ],
            row("2026-11-30", 9),
        );
        assert_eq!(
            merged,
            [
                row("2026-09-30", 1),
                row("2026-10-31", 3),
                row("2026-11-30", 9)
            ]
        );
    }
}
