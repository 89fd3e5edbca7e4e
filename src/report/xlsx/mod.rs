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
mod stream;
mod summary;

use formats::*;
use list::*;
use sheets::*;
use stream::*;
use summary::*;

fn xerr(path: &Path) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| match e {
        XlsxError::TempFileError(dir, cause) => Error::Spool { dir, cause },
        XlsxError::IoError(cause) | XlsxError::ZipError(zip::result::ZipError::Io(cause)) => {
            Error::Output {
                path: path.to_path_buf(),
                cause,
            }
        }
        e => Error::Output {
            path: path.to_path_buf(),
            cause: std::io::Error::other(e.to_string()),
        },
    }
}

/// Write `credentialing-audit-<as_of>.xlsx`.
///
/// rust_xlsxwriter builds the workbook's skeleton in memory: the Summary, Sources and Trend sheets
/// whole, and the list sheets (Findings, the category sheets, Compliance, Rejected Rows, Resolved)
/// laid out with their header. The list sheets' rows, which can be millions, are then streamed
/// straight into the zip, each sheet deflated on its own job (`stream`), memory holding neither a
/// sheet's XML nor its compressed bytes.
///
/// The temporary files of that work (rust_xlsxwriter's small ones for the skeleton's constant-memory
/// sheets, and each list sheet compressed) are unlinked at once (the `tempfile` crate), so nothing
/// is left behind even if the run is killed, and they are in the workbook's own folder, the run's
/// staging folder: on the disk the reports go to, never in a small system temp folder. A failed write
/// of a compressed sheet names the workbook. rust_xlsxwriter panics when a write to its files fails (a
/// full disk): that panic becomes [`Error::Spool`], naming the folder.
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

    /// Fill a sheet that is not a list, or lay out a list's worksheets, in `own`, the worksheets added
    /// for it.
    fn fill(
        &self,
        own: &mut [Worksheet],
        input: &Input,
        active: &[&Finding],
        fmt: &Formats,
    ) -> Result<(), XlsxError> {
        match self {
            Sheet::Summary => summary(&mut own[0], input, active, fmt),
            Sheet::Sources => sources_sheet(&mut own[0], input, fmt),
            Sheet::Trend => trend_sheet(&mut own[0], input, fmt),
            _ => self.rows(&mut Layout { sheets: own, fmt }, input, active, fmt),
        }
    }

    /// Hand a list sheet's rows to `target`; nothing for the other sheets.
    fn rows(
        &self,
        target: &mut impl Lists,
        input: &Input,
        active: &[&Finding],
        fmt: &Formats,
    ) -> Result<(), XlsxError> {
        match self {
            Sheet::Findings => finding_sheets(target, active, input, fmt, false),
            Sheet::Category(_, rows, bucket) => finding_sheets(target, rows, input, fmt, *bucket),
            Sheet::Compliance => compliance_sheet(target, input, fmt),
            Sheet::Rejected => rejected_sheet(target, input),
            Sheet::Resolved(rows) => resolved_sheet(target, rows),
            Sheet::Summary | Sheet::Sources | Sheet::Trend => Ok(()),
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

    // Formats get their index in the order they are first used: every format is registered first, in
    // one order, to keep the file deterministic.
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
    // The skeleton: every worksheet in workbook order, the sheets that are not lists filled, the lists
    // laid out. Each sheet's worksheets and, for a list, its weight (its cells).
    let mut own = Vec::with_capacity(sheets.len());
    for sheet in &sheets {
        let first = wb.worksheets_mut().len();
        let weight = match sheet.list(input, &active) {
            Some((name, rows, cols)) => {
                add_list(&mut wb, name, rows).map_err(&err)?;
                Some((rows * cols) as u64)
            }
            None => {
                wb.add_worksheet();
                None
            }
        };
        let worksheets = first..wb.worksheets_mut().len();
        sheet
            .fill(
                &mut wb.worksheets_mut()[worksheets.clone()],
                input,
                &active,
                &fmt,
            )
            .map_err(&err)?;
        if weight.is_some() {
            for ws in &mut wb.worksheets_mut()[worksheets.clone()] {
                probe_row(ws, &fmt).map_err(&err)?;
            }
        }
        own.push((worksheets, weight));
    }
    wb.set_zip_compression_level(DEFLATE_LEVEL as u8);
    let skeleton = wb.save_to_buffer().map_err(&err)?;
    // rust_xlsxwriter names the N-th worksheet's member `xl/worksheets/sheetN.xml`.
    let members = own
        .iter()
        .filter(|(_, weight)| weight.is_some())
        .flat_map(|(worksheets, _)| worksheets.clone())
        .map(|i| format!("xl/worksheets/sheet{}.xml", i + 1));
    let cut = cut_skeleton(&skeleton, members).map_err(&err)?;

    // The lists' rows, side by side, the largest first.
    let mut jobs = Vec::new();
    let mut next = 0;
    for (sheet, (worksheets, weight)) in sheets.iter().zip(&own) {
        let Some(weight) = weight else { continue };
        let parts = &cut[next..next + worksheets.len()];
        next += worksheets.len();
        let (fmt, active) = (&fmt, &active);
        jobs.push(crate::parallel::Job::new(*weight, move || {
            let mut render = Render {
                sheets: parts,
                fmt,
                spool,
                members: Vec::with_capacity(parts.len()),
            };
            sheet
                .rows(&mut render, input, active, fmt)
                .map(|()| render.members)
        }));
    }
    let mut rendered = Vec::with_capacity(cut.len());
    for members in crate::parallel::largest_first(jobs) {
        rendered.extend(members.map_err(&err)?);
    }
    let file = std::io::BufWriter::new(super::create_file(path)?);
    let file = assemble(&skeleton, rendered, file).map_err(&err)?;
    file.into_inner().map(drop).map_err(|e| Error::Output {
        path: path.to_path_buf(),
        cause: e.into_error(),
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
    fn a_list_is_cut_into_one_part_per_sheet() {
        let sizes = |n: usize| parts(&vec![0u8; n]).map(<[u8]>::len).collect::<Vec<_>>();
        assert_eq!(sizes(0), [0], "an empty list still has its sheet");
        assert_eq!(sizes(3), [3]);
        assert_eq!(sizes(MAX_DATA_ROWS), [MAX_DATA_ROWS]);
        assert_eq!(sizes(MAX_DATA_ROWS + 2), [MAX_DATA_ROWS, 2]);
        assert_eq!(
            sizes(2 * MAX_DATA_ROWS + 1).len(),
            sheet_names("Findings", 2 * MAX_DATA_ROWS + 1).len()
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

    /// Lay out a list of `rows` as the workbook's next sheets (no rows written).
    fn write_list<'s, T>(
        wb: &mut Workbook,
        list: &List,
        rows: &'s [T],
        fmt: &Formats,
        cells: impl Fn(&'s T, &mut Vec<Cell<'s>>),
    ) -> Result<(), XlsxError> {
        let sheets = add_list(wb, "List", rows.len())?;
        let sheets = &mut wb.worksheets_mut()[sheets];
        Layout { sheets, fmt }.list(list, rows, cells)
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
