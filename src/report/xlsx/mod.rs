//! The workbook people open (SPEC §5): a Summary with charts, one sheet per report, real dates,
//! coloured severities and checks, bold frozen filtered headers.

use crate::config::Plan;
use crate::error::{Error, Result};
use crate::findings::{Category, Code, Finding, Severity, Status};
use crate::ingest::{Loaded, Rejected};
use crate::report::csv::FINDING_COLUMNS;
use crate::report::trend::{TREND_COLUMNS, TrendRow};
use crate::rules::compliance::{CHECKS, Check, ComplianceRow};
use crate::rules::expirations::bucket;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLine, ChartMarker, ChartMarkerType, ChartPoint, ChartSolidFill,
    ChartType, Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Excel's last row is 1,048,576: one header row plus this many data rows per sheet.
pub const MAX_DATA_ROWS: usize = 1_048_575;

/// The sheets of a finding category, in workbook order.
pub const CATEGORY_SHEETS: [(&str, Category); 5] = [
    ("Discrepancies", Category::Discrepancy),
    ("Expirations", Category::Expiration),
    ("Enrollment", Category::Enrollment),
    ("Exclusions", Category::Exclusion),
    ("Data Quality", Category::DataQuality),
];

/// What the workbook shows.
pub struct Input<'a> {
    pub plan: &'a Plan,
    pub loaded: &'a [Loaded],
    /// Every finding, cleared ones included, in report order.
    pub findings: &'a [Finding],
    /// finding_id → first seen (month-over-month tracking).
    pub compliance: &'a [ComplianceRow],
    /// Due dates of every expirable of the active providers: (credential type, date).
    pub dues: &'a [(String, NaiveDate)],
    pub rejected: &'a [(&'a str, &'a Rejected)],
    /// Findings of the previous run that are gone, as their CSV rows; None without `--previous`.
    pub resolved: Option<&'a [Vec<String>]>,
    /// trend.csv: this run's counts and the earlier runs', by date.
    pub trend: &'a [TrendRow],
}

mod formats;
mod list;
mod sheets;
mod summary;

use formats::*;
use list::*;
use sheets::*;
use summary::*;

fn xerr(path: &Path) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| match e {
        XlsxError::TempFileError(dir, cause) => Error::Spool { dir, cause },
        XlsxError::IoError(cause) => Error::Output {
            path: path.to_path_buf(),
            cause,
        },
        e => Error::Output {
            path: path.to_path_buf(),
            cause: std::io::Error::other(e.to_string()),
        },
    }
}

/// Write `credentialing-audit-<as_of>.xlsx`.
///
/// The Summary and Sources sheets are small and kept in memory. The list sheets (Findings, the
/// category sheets, Compliance, Rejected Rows, Resolved) can hold millions of rows, so they are
/// written in rust_xlsxwriter's constant-memory mode: each row goes to a temporary file as soon as
/// the next row starts, and the file is copied into the workbook on save. Those temporary files
/// (the `tempfile` crate: unlinked at once, so nothing is left behind even if the run is killed)
/// are in the workbook's own folder, the run's staging folder: on the disk the reports go to, never
/// in a small system temp folder. There is one per list sheet, each the size of its sheet's
/// uncompressed XML: about 1 GB per million finding rows. Strings in those sheets are stored inline
/// in their cells rather than in the shared-strings table: the same cells, a somewhat larger file.
///
/// rust_xlsxwriter panics when a write to those files fails (a full disk): that panic becomes
/// [`Error::Spool`], naming the folder.
pub fn write(path: &Path, input: &Input) -> Result<()> {
    let spool = path.parent().unwrap_or(Path::new("."));
    match crate::error::quiet_panics(|| write_workbook(path, spool, input)) {
        Ok(result) => result,
        Err(message) => match os_error(&message) {
            Some(cause) => Err(Error::Spool {
                dir: spool.to_path_buf(),
                cause,
            }),
            // Not a failed write: a fault of credrecon's, reported as one.
            None => panic!("{message}"),
        },
    }
}

/// The operating-system error in a panic message such as rust_xlsxwriter's
/// `Couldn't write to xml file: Os { code: 28, kind: StorageFull, message: "No space left on device" }`.
fn os_error(message: &str) -> Option<std::io::Error> {
    let (_, after) = message.split_once("Os { code: ")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().map(std::io::Error::from_raw_os_error)
}

/// One sheet of the workbook, or a list spread over several (`Findings`, `Findings (2)`, …).
enum Sheet<'a> {
    Summary,
    Findings,
    /// A category's name, its findings (cleared ones included) and whether it has the bucket column.
    Category(&'a str, Vec<&'a Finding>, bool),
    Compliance,
    Rejected,
    Sources,
    Trend,
    Resolved(&'a [Vec<String>]),
}

impl<'a> Sheet<'a> {
    /// A list sheet's name, rows and columns; `None` for the Summary, Sources and Trend sheets.
    fn list(&self, input: &Input, active: &[&Finding]) -> Option<(&'a str, usize, usize)> {
        let finding_cols = FINDING_COLUMNS.len() + 1;
        match self {
            Sheet::Findings => Some(("Findings", active.len(), finding_cols)),
            Sheet::Category(name, rows, bucket) => {
                Some((name, rows.len(), finding_cols + usize::from(*bucket)))
            }
            Sheet::Compliance => Some(("Compliance", input.compliance.len(), CHECKS.len() + 5)),
            Sheet::Rejected => Some((
                "Rejected Rows",
                input.rejected.len(),
                crate::report::csv::REJECTED_COLUMNS.len(),
            )),
            Sheet::Resolved(rows) => Some(("Resolved", rows.len(), FINDING_COLUMNS.len())),
            Sheet::Summary | Sheet::Sources | Sheet::Trend => None,
        }
    }

    /// Write the sheet into `own`, the worksheets added for it; an upper bound of its XML.
    fn fill(
        &self,
        own: &mut [Worksheet],
        input: &Input,
        active: &[&Finding],
        fmt: &Formats,
    ) -> Result<u64, XlsxError> {
        match self {
            Sheet::Summary => summary(&mut own[0], input, active, fmt).map(|()| 0),
            Sheet::Findings => finding_sheets(own, "Findings", active, input, fmt, false),
            Sheet::Category(name, rows, bucket) => {
                finding_sheets(own, name, rows, input, fmt, *bucket)
            }
            Sheet::Compliance => compliance_sheet(own, input, fmt),
            Sheet::Rejected => rejected_sheet(own, input, fmt),
            Sheet::Sources => sources_sheet(&mut own[0], input, fmt).map(|()| 0),
            Sheet::Trend => trend_sheet(&mut own[0], input, fmt).map(|()| 0),
            Sheet::Resolved(rows) => resolved_sheet(own, rows, fmt),
        }
    }
}

fn write_workbook(path: &Path, spool: &Path, input: &Input) -> Result<()> {
    let err = xerr(path);
    let fmt = Formats::new();
    let mut wb = Workbook::new();
    wb.set_tempdir(spool).map_err(&err)?;
    // The document's dates come from as_of, so the same inputs give the same workbook.
    let created = input
        .plan
        .as_of
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists");
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Credentialing audit {}", input.plan.as_of))
            .set_company(&input.plan.organization)
            .set_creation_datetime(&created),
    );
    let active: Vec<&Finding> = input
        .findings
        .iter()
        .filter(|f| f.status != Status::Cleared)
        .collect();

    // Formats get their index in the order they are first used. The sheets are filled side by side, so
    // every format is registered first, in one order, to keep the file deterministic.
    for format in fmt.all() {
        wb.register_format(format);
    }
    // The sheets in workbook order (SPEC §5 puts Compliance between Exclusions and Data Quality).
    let mut sheets = vec![Sheet::Summary, Sheet::Findings];
    for (name, category) in CATEGORY_SHEETS {
        if category == Category::DataQuality {
            sheets.push(Sheet::Compliance);
        }
        let mut rows: Vec<&Finding> = input
            .findings
            .iter()
            .filter(|f| f.category() == category)
            .collect();
        let expirations = category == Category::Expiration;
        if expirations {
            let key = |f: &Finding| (f.due_date.is_none(), f.due_date, f.severity);
            rows.sort_by(|a, b| {
                key(a)
                    .cmp(&key(b))
                    .then_with(|| a.provider_id.cmp(&b.provider_id))
            });
        }
        sheets.push(Sheet::Category(name, rows, expirations));
    }
    sheets.extend([Sheet::Rejected, Sheet::Sources, Sheet::Trend]);
    if let Some(rows) = input.resolved {
        sheets.push(Sheet::Resolved(rows));
    }
    // First every worksheet, in workbook order; then their rows, side by side, the largest list first.
    // Each sheet's worksheet count and weight (its cells).
    let mut sizes = Vec::with_capacity(sheets.len());
    for sheet in &sheets {
        let first = wb.worksheets_mut().len();
        let weight = match sheet.list(input, &active) {
            Some((name, rows, cols)) => {
                add_list(&mut wb, name, rows).map_err(&err)?;
                (rows * cols) as u64
            }
            None => {
                wb.add_worksheet();
                0
            }
        };
        sizes.push((wb.worksheets_mut().len() - first, weight));
    }
    let mut rest = wb.worksheets_mut().as_mut_slice();
    let mut jobs = Vec::with_capacity(sheets.len());
    for (sheet, (count, weight)) in sheets.iter().zip(sizes) {
        let (own, tail) = std::mem::take(&mut rest).split_at_mut(count);
        rest = tail;
        let (fmt, active) = (&fmt, &active);
        jobs.push(crate::parallel::Job::new(weight, move || {
            // A panic (a failed write to the spool) is caught on the thread that ran the job, then
            // carried to this one's catcher.
            crate::error::quiet_panics(|| sheet.fill(own, input, active, fmt))
        }));
    }
    // An upper bound of the largest sheet's XML decides whether the file needs ZIP64.
    let mut largest = 0;
    for outcome in crate::parallel::largest_first(jobs) {
        match outcome {
            Ok(xml) => largest = largest.max(xml.map_err(&err)?),
            Err(message) => std::panic::resume_unwind(Box::new(message)),
        }
    }
    // A zip member past 4 GiB needs ZIP64, which must be chosen before the member is written.
    // Only huge sheets get it: some readers other than Excel do not support it.
    if largest >= u64::from(u32::MAX) {
        wb.use_zip_large_file(true);
    }
    // Deflate level 2 rather than the default 6: compressing the sheets' XML was the largest cost
    // of a big workbook, and level 2 takes well under half the time for a file about 13 % larger.
    wb.set_zip_compression_level(2);
    let mut file = std::io::BufWriter::new(super::create_file(path)?);
    wb.save_to_writer(&mut file).map_err(&err)?;
    file.flush().map_err(|cause| Error::Output {
        path: path.to_path_buf(),
        cause,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_to_one_excel_cell() {
        let long = "x".repeat(40_000);
        let cut = fit(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with("the CSV report has the whole text)"));
        assert_eq!(fit("short"), "short");
        let exact = "x".repeat(MAX_CELL_CHARS);
        assert!(matches!(fit(&exact), Cow::Borrowed(_)));
        // Excel counts UTF-16 units: a character outside the BMP takes two.
        let wide = "\u{1F600}".repeat(20_000);
        let cut = fit(&wide);
        assert!(cut.encode_utf16().count() <= MAX_CELL_CHARS);
        assert!(cut.encode_utf16().count() >= MAX_CELL_CHARS - 1);
        assert!(cut.ends_with("the CSV report has the whole text)"));
    }

    #[test]
    fn sheets_continue_past_the_row_limit() {
        assert_eq!(sheet_names("Findings", 0), ["Findings"]);
        assert_eq!(sheet_names("Findings", MAX_DATA_ROWS), ["Findings"]);
        assert_eq!(
            sheet_names("Findings", MAX_DATA_ROWS + 1),
            ["Findings", "Findings (2)"]
        );
    }

    #[test]
    fn months_roll_over_the_year() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(
            month_start(d, 0),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
        );
        assert_eq!(
            month_start(d, 2),
            NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
        );
    }

    /// The `<cols>` element of the first worksheet of a saved workbook.
    fn first_sheet_cols(wb: &mut Workbook) -> String {
        use std::io::Read;
        let buffer = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(buffer)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        let start = xml.find("<cols>").expect("a <cols> element");
        let end = xml.find("</cols>").unwrap();
        xml[start..end].to_string()
    }

    #[test]
    fn list_sheet_widths_are_those_of_autofit() {
        let rows = [
            ("HV-1001", 7.0, "Okafor, Adaeze"),
            ("HV-1002", -1234.0, "a line\nand a much longer second line"),
            ("", 12.5, "Wójcik-Świątek & Ó Súilleabháin"),
        ];
        let headers = ["provider_id", "days_left", "provider_name"];
        let fmt = Formats::new();

        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        header_row(ws, &headers, &fmt).unwrap();
        for (i, (id, n, name)) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, *id).unwrap();
            ws.write_number(r, 1, *n).unwrap();
            ws.write_string(r, 2, *name).unwrap();
        }
        finish_list(ws, rows.len(), headers.len()).unwrap();
        let autofit = first_sheet_cols(&mut wb);

        let mut wb = Workbook::new();
        let list = List {
            name: "List",
            headers: &headers,
            column_formats: &[],
            fixed_widths: &[],
            frozen_cols: 0,
        };
        write_list(&mut wb, &list, &rows, &fmt, |(id, n, name), cells| {
            cells.extend([text(id), Cell::Number(*n), text(name)]);
        })
        .unwrap();
        assert_eq!(first_sheet_cols(&mut wb), autofit);
    }

    #[test]
    fn list_sheet_widths_stop_at_60_characters() {
        let rows = ["x".repeat(200)];
        let mut wb = Workbook::new();
        let list = List {
            name: "List",
            headers: &["raw"],
            column_formats: &[],
            fixed_widths: &[],
            frozen_cols: 0,
        };
        write_list(&mut wb, &list, &rows, &Formats::new(), |raw, cells| {
            cells.push(text(raw))
        })
        .unwrap();
        assert!(first_sheet_cols(&mut wb).contains(r#"width="60.7109375""#));
    }
}
