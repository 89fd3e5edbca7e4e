//! The CSV reports: plain, stable, and safe to open in a spreadsheet (SPEC §5).

use super::create_file;
use crate::error::{Error, Result};
use crate::findings::{Category, Finding};
use crate::ingest::Rejected;
use crate::rules::compliance::{CHECKS, ComplianceRow};
use std::borrow::Cow;
use std::path::Path;

pub const FINDING_COLUMNS: [&str; 22] = [
    "finding_id",
    "status",
    "severity",
    "category",
    "code",
    "provider_id",
    "npi",
    "provider_name",
    "credential_type",
    "state",
    "number",
    "payer",
    "field",
    "roster_value",
    "source_value",
    "due_date",
    "days_left",
    "gap_days",
    "source",
    "source_file",
    "source_row",
    "detail",
];

/// The CSV file of each category (compliance findings are in findings.csv; compliance.csv is the checklist).
pub fn category_file(category: Category) -> Option<&'static str> {
    Some(match category {
        Category::Discrepancy => "discrepancies.csv",
        Category::Expiration => "expirations.csv",
        Category::Enrollment => "enrollment_gaps.csv",
        Category::Exclusion => "exclusions.csv",
        Category::DataQuality => "data_quality.csv",
        Category::Compliance => return None,
    })
}

/// A text cell that a spreadsheet would run as a formula gets a leading apostrophe.
pub fn safe_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A finding's cells in the order of [`FINDING_COLUMNS`], borrowed from it where they can be.
pub fn finding_record(f: &Finding) -> [Cow<'_, str>; 22] {
    let opt = |v: Option<i64>| v.map_or(Cow::Borrowed(""), |n| Cow::Owned(n.to_string()));
    [
        Cow::Borrowed(f.finding_id.as_str()),
        Cow::Borrowed(f.status.as_str()),
        Cow::Borrowed(f.severity.as_str()),
        Cow::Borrowed(f.category().as_str()),
        Cow::Borrowed(f.code.as_str()),
        safe_text(&f.provider_id),
        safe_text(&f.npi),
        safe_text(&f.provider_name),
        safe_text(&f.credential_type),
        safe_text(&f.state),
        safe_text(&f.number),
        safe_text(&f.payer),
        safe_text(&f.field),
        safe_text(&f.roster_value),
        safe_text(&f.source_value),
        f.due_date
            .map_or(Cow::Borrowed(""), |d| Cow::Owned(d.to_string())),
        opt(f.days_left),
        opt(f.gap_days),
        safe_text(&f.source),
        safe_text(&f.source_file),
        f.source_row
            .map_or(Cow::Borrowed(""), |r| Cow::Owned(r.to_string())),
        safe_text(&f.detail),
    ]
}

fn write_rows<R, T>(path: &Path, header: &[&str], rows: impl Iterator<Item = R>) -> Result<()>
where
    R: IntoIterator<Item = T>,
    T: AsRef<str>,
{
    let err = |e: csv::Error| Error::Output {
        path: path.to_path_buf(),
        cause: std::io::Error::other(e),
    };
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(create_file(path)?);
    w.write_record(header).map_err(err)?;
    for row in rows {
        for cell in row {
            w.write_field(cell.as_ref()).map_err(err)?;
        }
        w.write_record(None::<&[u8]>).map_err(err)?;
    }
    w.flush().map_err(|cause| Error::Output {
        path: path.to_path_buf(),
        cause,
    })
}

/// Rows already in CSV form (a previous run's findings, the first-seen history).
pub fn write_raw(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    write_rows(path, header, rows.iter())
}

pub fn write_findings(path: &Path, findings: &[&Finding]) -> Result<()> {
    write_rows(
        path,
        &FINDING_COLUMNS,
        findings.iter().map(|f| finding_record(f)),
    )
}

pub fn write_compliance(path: &Path, rows: &[ComplianceRow]) -> Result<()> {
    let mut header = vec!["provider_id", "npi", "provider_name"];
    header.extend(CHECKS);
    header.push("overall");
    header.push("findings");
    write_rows(
        path,
        &header,
        rows.iter().map(|r| {
            let mut v = vec![
                safe_text(&r.provider_id),
                safe_text(&r.npi),
                safe_text(&r.provider_name),
            ];
            v.extend(r.checks.iter().map(|c| Cow::Borrowed(c.as_str())));
            v.push(Cow::Borrowed(r.overall.as_str()));
            v.push(Cow::Owned(r.findings.to_string()));
            v
        }),
    )
}

pub const REJECTED_COLUMNS: [&str; 6] = ["source", "file", "sheet", "row", "reason", "raw"];

pub fn write_rejected(path: &Path, rows: &[(&str, &Rejected)]) -> Result<()> {
    write_rows(
        path,
        &REJECTED_COLUMNS,
        rows.iter().map(|(file, r)| {
            vec![
                safe_text(&r.source),
                safe_text(file),
                safe_text(r.sheet.as_deref().unwrap_or("")),
                Cow::Owned(r.row.to_string()),
                safe_text(&r.reason),
                safe_text(&r.raw),
            ]
        }),
    )
}

/// The line (from 1) each record of a CSV text starts on, from the byte offset the `csv` crate gives it.
/// With CRLF line ends that offset sits on the LF ending the line before, and the crate's own line
/// number is one short: a row of a file saved by Excel on Windows would be named by the line above it.
/// Line ends are LF, CRLF or a lone CR. Records must be asked for in file order.
pub struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a [u8]) -> Self {
        Lines {
            text,
            at: 0,
            line: 1,
        }
    }

    /// The line of the record whose position is `position`.
    pub fn of(&mut self, position: &csv::Position) -> u64 {
        let mut start = usize::try_from(position.byte())
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
            start += 1;
        }
        while self.at < start {
            match self.text[self.at] {
                b'\n' => self.line += 1,
                b'\r' if self.text.get(self.at + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.at += 1;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::{Lines, safe_text};

    #[test]
    fn records_are_named_by_their_own_line_whatever_the_line_ends() {
        for text in [
            "a,b\n1,2\n\n3,\"x\ny\"\n4,5\n",
            "a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n4,5\r\n",
            "a,b\r1,2\r\r3,\"x\ry\"\r4,5\r",
        ] {
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let mut lines = Lines::new(text.as_bytes());
            let got: Vec<(String, u64)> = reader
                .records()
                .map(|r| {
                    let r = r.unwrap();
                    (r[0].to_string(), lines.of(r.position().unwrap()))
                })
                .collect();
            // Line 3 is blank; the record of line 4 spans two lines.
            let want = [("1", 2), ("3", 4), ("4", 6)].map(|(v, l)| (v.to_string(), l));
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn formula_like_text_is_defused() {
        for payload in ["=1+1", "+A1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(safe_text(payload), format!("'{payload}"));
        }
        assert_eq!(safe_text("Smith"), "Smith");
    }
}
