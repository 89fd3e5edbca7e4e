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
    pub first_seen: &'a BTreeMap<String, NaiveDate>,
    pub compliance: &'a [ComplianceRow],
    /// Due dates of every expirable of the active providers: (credential type, date).
    pub dues: &'a [(String, NaiveDate)],
    pub rejected: &'a [(&'a str, &'a Rejected)],
    /// Findings of the previous run that are gone, as their CSV rows; None without `--previous`.
    pub resolved: Option<&'a [Vec<String>]>,
    /// trend.csv: this run's counts and the earlier runs', by date.
    pub trend: &'a [TrendRow],
}

/// A finding category in words, as the Summary shows it (SPEC §5: "Data quality", not `data_quality`).
fn category_words(category: Category) -> &'static str {
    match category {
        Category::Discrepancy => "Discrepancies",
        Category::Expiration => "Expirations",
        Category::Enrollment => "Enrollment",
        Category::Exclusion => "Exclusions",
        Category::Compliance => "Compliance",
        Category::DataQuality => "Data quality",
    }
}

struct Formats {
    header: Format,
    date: Format,
    wrap: Format,
    title: Format,
    bold: Format,
    percent: Format,
    severity: [Format; 4],
    check: [Format; 4],
}

impl Formats {
    fn new() -> Self {
        let fill = |bg: u32, fg: u32| {
            Format::new()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
        };
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            date: Format::new()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            title: Format::new().set_bold().set_font_size(16),
            bold: Format::new().set_bold(),
            percent: Format::new().set_num_format("0.0%"),
            // In the order of Severity::ALL.
            severity: [
                fill(0xC00000, 0xFFFFFF).set_bold(),
                fill(0xF8CBAD, 0x000000),
                fill(0xFFE699, 0x000000),
                fill(0xDDEBF7, 0x000000),
            ],
            // PASS, WARN, FAIL, NA.
            check: [
                fill(0xC6EFCE, 0x006100),
                fill(0xFFEB9C, 0x9C5700),
                fill(0xFFC7CE, 0x9C0006).set_bold(),
                fill(0xEDEDED, 0x595959),
            ],
        }
    }

    fn severity(&self, severity: Severity) -> &Format {
        &self.severity[match severity {
            Severity::Critical => 0,
            Severity::High => 1,
            Severity::Medium => 2,
            Severity::Low => 3,
        }]
    }

    /// Every format, in a fixed order.
    fn all(&self) -> impl Iterator<Item = &Format> {
        [
            &self.header,
            &self.date,
            &self.wrap,
            &self.title,
            &self.bold,
            &self.percent,
        ]
        .into_iter()
        .chain(&self.severity)
        .chain(&self.check)
    }

    fn check(&self, check: Check) -> &Format {
        &self.check[match check {
            Check::Pass => 0,
            Check::Warn => 1,
            Check::Fail => 2,
            Check::Na => 3,
        }]
    }
}

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

    // Formats get their index in the order they are first used. The Compliance sheet is filled on a
    // second thread, so every format is registered first, in one order, to keep the file deterministic.
    for format in fmt.all() {
        wb.register_format(format);
    }
    // First every sheet, in workbook order; then their rows, Compliance (the largest) on a second thread.
    let summary_sheet = wb.worksheets_mut().len();
    wb.add_worksheet();
    let findings_sheets = add_list(&mut wb, "Findings", active.len()).map_err(&err)?;
    let mut compliance_sheets = 0..0;
    let mut categories = Vec::new();
    for (name, category) in CATEGORY_SHEETS {
        if category == Category::DataQuality {
            // SPEC §5 puts Compliance between Exclusions and Data Quality.
            compliance_sheets =
                add_list(&mut wb, "Compliance", input.compliance.len()).map_err(&err)?;
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
        let sheets = add_list(&mut wb, name, rows.len()).map_err(&err)?;
        categories.push((name, rows, expirations, sheets));
    }
    let rejected_sheets = add_list(&mut wb, "Rejected Rows", input.rejected.len()).map_err(&err)?;
    let sources = wb.worksheets_mut().len();
    wb.add_worksheet();
    let trend = wb.worksheets_mut().len();
    wb.add_worksheet();
    let resolved_sheets = match input.resolved {
        Some(rows) => Some((
            rows,
            add_list(&mut wb, "Resolved", rows.len()).map_err(&err)?,
        )),
        None => None,
    };

    let all = wb.worksheets_mut().as_mut_slice();
    let (before, rest) = all.split_at_mut(compliance_sheets.start);
    let (compliance, after) = rest.split_at_mut(compliance_sheets.len());
    let after_start = compliance_sheets.end;
    // The sheets of `range`, which lies wholly before or wholly after the Compliance sheets.
    fn part<'w>(
        before: &'w mut [Worksheet],
        after: &'w mut [Worksheet],
        after_start: usize,
        range: std::ops::Range<usize>,
    ) -> &'w mut [Worksheet] {
        if range.start >= after_start {
            &mut after[range.start - after_start..range.end - after_start]
        } else {
            &mut before[range]
        }
    }
    // An upper bound of the largest sheet's XML decides whether the file needs ZIP64.
    let largest = std::thread::scope(|scope| -> Result<u64, XlsxError> {
        // Its panics are caught on its own thread, then carried to this one's catcher.
        let compliance = scope
            .spawn(|| crate::error::quiet_panics(|| compliance_sheet(compliance, input, &fmt)));
        summary(&mut before[summary_sheet], input, &active, &fmt)?;
        let mut largest = finding_sheets(
            part(before, after, after_start, findings_sheets),
            "Findings",
            &active,
            input,
            &fmt,
            false,
        )?;
        for (name, rows, expirations, sheets) in &categories {
            let sheets = part(before, after, after_start, sheets.clone());
            largest = largest.max(finding_sheets(
                sheets,
                name,
                rows,
                input,
                &fmt,
                *expirations,
            )?);
        }
        let sheets = part(before, after, after_start, rejected_sheets);
        largest = largest.max(rejected_sheet(sheets, input, &fmt)?);
        sources_sheet(&mut after[sources - after_start], input, &fmt)?;
        trend_sheet(&mut after[trend - after_start], input, &fmt)?;
        if let Some((rows, range)) = resolved_sheets {
            let sheets = part(before, after, after_start, range);
            largest = largest.max(resolved_sheet(sheets, rows, &fmt)?);
        }
        let compliance = match compliance.join() {
            Ok(Ok(result)) => result?,
            Ok(Err(message)) => std::panic::resume_unwind(Box::new(message)),
            Err(panic) => std::panic::resume_unwind(panic),
        };
        Ok(largest.max(compliance))
    })
    .map_err(&err)?;
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

/// Excel's limit on the length of one cell, in UTF-16 code units (what Excel counts as characters).
const MAX_CELL_CHARS: usize = 32_767;

/// Text cut to what one Excel cell holds, saying so; the CSV twin keeps the whole text.
fn fit(text: &str) -> Cow<'_, str> {
    // A UTF-8 string never has more UTF-16 units than bytes: short text needs no counting.
    if text.len() <= MAX_CELL_CHARS || text.encode_utf16().count() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let note = " … (cut at Excel's cell limit; the CSV report has the whole text)";
    let room = MAX_CELL_CHARS - note.encode_utf16().count();
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}{note}", &text[..end]))
}

/// Sheet names for `rows` rows: `name`, then `name (2)`, … — never cut at Excel's row limit.
pub fn sheet_names(name: &str, rows: usize) -> Vec<String> {
    let parts = rows.div_ceil(MAX_DATA_ROWS).max(1);
    (1..=parts)
        .map(|i| {
            if i == 1 {
                name.to_string()
            } else {
                format!("{name} ({i})")
            }
        })
        .collect()
}

fn header_row(ws: &mut Worksheet, headers: &[&str], fmt: &Formats) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &fmt.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn finish_list(ws: &mut Worksheet, rows: usize, cols: usize) -> Result<(), XlsxError> {
    ws.autofilter(0, 0, rows as u32, (cols.max(1) - 1) as u16)?;
    ws.autofit();
    print_layout(ws)
}

/// How a list sheet prints (SPEC §5): landscape, one page wide and as many pages high as it takes, the
/// header row repeated at the top of every page.
fn print_layout(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// One cell of a list sheet.
enum Cell<'a> {
    Blank,
    /// Text, cut at Excel's cell limit when written.
    Text(Cow<'a, str>),
    /// Short text in one of the colour formats (severity, check).
    Coloured(&'static str, &'a Format),
    /// A date: only in a column that has the date format (see `List::column_formats`).
    Date(NaiveDate),
    Number(f64),
}

fn text(value: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(value))
}

/// The layout of a list sheet.
struct List<'a> {
    name: &'a str,
    headers: &'a [&'a str],
    /// Formats of whole columns: dates and the wrapped detail. A cell of such a column is written
    /// without a format of its own and shows the column's.
    column_formats: &'a [(usize, &'a Format)],
    /// Columns of a set width (long text), in Excel character units.
    fixed_widths: &'a [(usize, f64)],
    /// Columns kept in view left of the scrolling area.
    frozen_cols: u16,
}

/// Column widths come from the header, this many rows from the top of the sheet, and about as many
/// more spread evenly over the rest: a bounded sample, also of a sheet sorted by category.
const WIDTH_SAMPLE_ROWS: usize = 1_000;

/// The widest a sampled column gets: 60 characters, in pixels (7 per character, 5 of padding).
const MAX_FIT_PIXELS: u32 = 60 * 7 + 5;

/// The pixel width rust_xlsxwriter's `autofit()` gives a cell: Excel's character widths plus the
/// 7-pixel padding, and 16 more for the filter button of a header.
fn autofit_pixels(cell: &Cell, header: bool) -> u32 {
    let px = match cell {
        Cell::Blank => 0,
        Cell::Text(s) => string_pixels(&fit(s)),
        Cell::Coloured(s, _) => string_pixels(s),
        // Excel's default date width (mm/dd/yyyy), as autofit() takes it.
        Cell::Date(_) => 68,
        Cell::Number(n) => 7 * n.to_string().len() as u32,
    };
    match px {
        0 => 0,
        px if header => px + 16 + 7,
        px => px + 7,
    }
}

/// The widest line of `s` in pixels, without padding.
fn string_pixels(s: &str) -> u32 {
    s.lines()
        .map(|line| rust_xlsxwriter::utility::cell_autofit_width(line) - 7)
        .max()
        .unwrap_or(0)
}

/// An upper bound of the XML of one cell: its tag, reference, style and type, then its text with
/// every byte escaped (`_x001F_` is the longest escape).
fn cell_xml_bound(cell: &Cell) -> u64 {
    let text = match cell {
        Cell::Blank => return 0,
        Cell::Text(s) => s.len().min(4 * MAX_CELL_CHARS),
        Cell::Coloured(s, _) => s.len(),
        Cell::Date(_) | Cell::Number(_) => 24,
    };
    80 + 7 * text as u64
}

/// Write `rows` as one sheet per `MAX_DATA_ROWS` rows, in constant-memory mode: row by row, top to
/// bottom, the layout (column formats and widths, header, panes, filter) set before the first row.
/// Column widths are those `autofit()` would give over a sample of the rows (`WIDTH_SAMPLE_ROWS`),
/// at most 60 characters.
/// Returns an upper bound of the largest sheet's XML, in bytes.
#[cfg(test)]
fn write_list<'s, T>(
    wb: &mut Workbook,
    list: &List,
    rows: &'s [T],
    fmt: &Formats,
    cells: impl Fn(&'s T, &mut Vec<Cell<'s>>),
) -> Result<u64, XlsxError> {
    let sheets = add_list(wb, list.name, rows.len())?;
    fill_list(&mut wb.worksheets_mut()[sheets], list, rows, fmt, cells)
}

/// Add the sheets of a list of `rows` rows (`name`, `name (2)`, …) in constant-memory mode, to be filled
/// by [`fill_list`]; their indexes in the workbook.
fn add_list(
    wb: &mut Workbook,
    name: &str,
    rows: usize,
) -> Result<std::ops::Range<usize>, XlsxError> {
    let first = wb.worksheets_mut().len();
    for sheet in sheet_names(name, rows) {
        wb.add_worksheet_with_constant_memory()?.set_name(sheet)?;
    }
    Ok(first..wb.worksheets_mut().len())
}

/// Fill the sheets [`add_list`] added for `rows`.
fn fill_list<'s, T>(
    sheets: &mut [Worksheet],
    list: &List,
    rows: &'s [T],
    fmt: &Formats,
    cells: impl Fn(&'s T, &mut Vec<Cell<'s>>),
) -> Result<u64, XlsxError> {
    let cols = list.headers.len();
    let mut largest = 0u64;
    let mut row_cells: Vec<Cell<'s>> = Vec::with_capacity(cols);
    for (part, ws) in sheets.iter_mut().enumerate() {
        let start = (part * MAX_DATA_ROWS).min(rows.len());
        let chunk = &rows[start..(start + MAX_DATA_ROWS).min(rows.len())];
        let mut widths: Vec<u32> = list
            .headers
            .iter()
            .map(|h| autofit_pixels(&text(h), true))
            .collect();
        let stride = chunk.len().div_ceil(WIDTH_SAMPLE_ROWS).max(1);
        let sample = chunk.iter().take(WIDTH_SAMPLE_ROWS).chain(
            chunk
                .iter()
                .skip(WIDTH_SAMPLE_ROWS + stride - 1)
                .step_by(stride),
        );
        for row in sample {
            row_cells.clear();
            cells(row, &mut row_cells);
            for (w, cell) in widths.iter_mut().zip(&row_cells) {
                *w = (*w).max(autofit_pixels(cell, false));
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_autofit_width(c as u16, (*w).min(MAX_FIT_PIXELS))?;
        }
        for (c, w) in list.fixed_widths {
            ws.set_column_width(*c as u16, *w)?;
        }
        // After the widths: a column format set first would make autofit widths only grow.
        for (c, format) in list.column_formats {
            ws.set_column_format(*c as u16, format)?;
        }
        header_row(ws, list.headers, fmt)?;
        ws.set_freeze_panes(1, list.frozen_cols)?;
        print_layout(ws)?;
        ws.autofilter(0, 0, chunk.len() as u32, (cols - 1) as u16)?;
        let mut xml = 0u64;
        for (i, row) in chunk.iter().enumerate() {
            let r = (i + 1) as u32;
            row_cells.clear();
            cells(row, &mut row_cells);
            debug_assert_eq!(row_cells.len(), cols, "{}: row {r}", list.name);
            xml += 64;
            // Neighbouring cells of one colour, formatted together: rust_xlsxwriter hashes the
            // whole Format on every lookup, and a compliance row is mostly runs of PASS.
            let mut run: Option<(u16, u16, &Format)> = None;
            for (c, cell) in row_cells.iter().enumerate() {
                let c16 = c as u16;
                xml += cell_xml_bound(cell);
                match cell {
                    Cell::Blank => {}
                    Cell::Text(s) => {
                        if !s.is_empty() {
                            ws.write_string(r, c16, fit(s))?;
                        }
                    }
                    Cell::Coloured(s, format) => {
                        ws.write_string(r, c16, *s)?;
                        match &mut run {
                            Some((_, last, f)) if *last + 1 == c16 && std::ptr::eq(*f, *format) => {
                                *last = c16;
                            }
                            _ => {
                                if let Some((first, last, f)) = run.replace((c16, c16, format)) {
                                    ws.set_range_format(r, first, r, last, f)?;
                                }
                            }
                        }
                    }
                    Cell::Date(d) => {
                        debug_assert!(
                            list.column_formats
                                .iter()
                                .any(|(k, f)| *k == c && **f == fmt.date),
                            "{}: a date in column {c}, which has no date format",
                            list.name
                        );
                        ws.write_datetime(r, c16, d)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c16, *n)?;
                    }
                }
            }
            if let Some((first, last, f)) = run {
                ws.set_range_format(r, first, r, last, f)?;
            }
        }
        largest = largest.max(xml);
    }
    Ok(largest)
}

fn finding_sheets(
    sheets: &mut [Worksheet],
    name: &str,
    rows: &[&Finding],
    input: &Input,
    fmt: &Formats,
    with_bucket: bool,
) -> Result<u64, XlsxError> {
    let mut headers: Vec<&str> = FINDING_COLUMNS.to_vec();
    headers.insert(2, "first_seen");
    if with_bucket {
        headers.insert(19, "bucket");
    }
    let due = headers
        .iter()
        .position(|h| *h == "due_date")
        .expect("due_date");
    let detail = headers.len() - 1;
    let list = List {
        name,
        headers: &headers,
        column_formats: &[(2, &fmt.date), (due, &fmt.date), (detail, &fmt.wrap)],
        fixed_widths: &[(detail, 90.0)],
        frozen_cols: 0,
    };
    let number = |v: Option<i64>| v.map_or(Cell::Blank, |n| Cell::Number(n as f64));
    fill_list(sheets, &list, rows, fmt, |f, cells| {
        let first_seen = input
            .first_seen
            .get(&f.finding_id)
            .copied()
            .unwrap_or(input.plan.as_of);
        cells.extend([
            text(&f.finding_id),
            text(f.status.as_str()),
            Cell::Date(first_seen),
            Cell::Coloured(f.severity.as_str(), fmt.severity(f.severity)),
            text(f.category().as_str()),
            text(f.code.as_str()),
            text(&f.provider_id),
            text(&f.npi),
            text(&f.provider_name),
            text(&f.credential_type),
            text(&f.state),
            text(&f.number),
            text(&f.payer),
            text(&f.field),
            text(&f.roster_value),
            text(&f.source_value),
            f.due_date.map_or(Cell::Blank, Cell::Date),
            number(f.days_left),
            number(f.gap_days),
        ]);
        if with_bucket {
            cells.push(
                f.days_left
                    .filter(|d| *d >= 0)
                    .map_or(Cell::Blank, |d| Cell::Text(Cow::Owned(bucket(d)))),
            );
        }
        cells.extend([
            text(&f.source),
            text(&f.source_file),
            number(f.source_row.map(|r| r as i64)),
            text(&f.detail),
        ]);
    })
}

fn compliance_sheet(
    sheets: &mut [Worksheet],
    input: &Input,
    fmt: &Formats,
) -> Result<u64, XlsxError> {
    let mut headers = vec!["provider_id", "npi", "provider_name"];
    headers.extend(CHECKS);
    headers.push("overall");
    headers.push("findings");
    let mut rows: Vec<&ComplianceRow> = input.compliance.iter().collect();
    // FAIL first, then WARN, then PASS: the list a coordinator works down.
    rows.sort_by(|a, b| {
        b.overall
            .cmp(&a.overall)
            .then(a.provider_id.cmp(&b.provider_id))
    });
    let list = List {
        name: "Compliance",
        headers: &headers,
        column_formats: &[],
        fixed_widths: &[],
        frozen_cols: 3,
    };
    fill_list(sheets, &list, &rows, fmt, |row, cells| {
        cells.extend([
            text(&row.provider_id),
            text(&row.npi),
            text(&row.provider_name),
        ]);
        for check in row.checks.iter().chain([&row.overall]) {
            cells.push(Cell::Coloured(check.as_str(), fmt.check(*check)));
        }
        cells.push(Cell::Number(row.findings as f64));
    })
}

fn rejected_sheet(
    sheets: &mut [Worksheet],
    input: &Input,
    fmt: &Formats,
) -> Result<u64, XlsxError> {
    let list = List {
        name: "Rejected Rows",
        headers: &crate::report::csv::REJECTED_COLUMNS,
        column_formats: &[],
        fixed_widths: &[(5, 90.0)],
        frozen_cols: 0,
    };
    fill_list(sheets, &list, input.rejected, fmt, |(file, rej), cells| {
        cells.extend([
            text(&rej.source),
            text(file),
            text(rej.sheet.as_deref().unwrap_or("")),
            Cell::Number(rej.row as f64),
            text(&rej.reason),
            text(&rej.raw),
        ]);
    })
}

fn sources_sheet(ws: &mut Worksheet, input: &Input, fmt: &Formats) -> Result<(), XlsxError> {
    ws.set_name("Sources")?;
    let headers = [
        "source",
        "kind",
        "profile",
        "path",
        "sheet",
        "header_row",
        "rows_read",
        "rows_used",
        "rows_rejected",
        "invalid_values",
        "sha256",
    ];
    header_row(ws, &headers, fmt)?;
    for (i, (spec, l)) in input.plan.sources.iter().zip(input.loaded).enumerate() {
        let r = (i + 1) as u32;
        ws.write_string(r, 0, &l.name)?;
        ws.write_string(r, 1, l.kind.as_str())?;
        ws.write_string(r, 2, l.profile.map(|p| p.as_str()).unwrap_or(""))?;
        ws.write_string(r, 3, &spec.path_text)?;
        ws.write_string(r, 4, l.sheet.as_deref().unwrap_or(""))?;
        ws.write_number(r, 5, l.header_row as f64)?;
        ws.write_number(r, 6, l.rows_read as f64)?;
        ws.write_number(r, 7, l.rows_used() as f64)?;
        ws.write_number(r, 8, l.rejected.len() as f64)?;
        ws.write_number(r, 9, l.issues.len() as f64)?;
        ws.write_string(r, 10, l.sha256.get())?;
    }
    finish_list(ws, input.loaded.len(), headers.len())
}

/// The Trend sheet: trend.csv as a table, and a line chart of the active findings of each run, in all
/// and by severity. A single run shows its one row and the chart's one point per line.
fn trend_sheet(ws: &mut Worksheet, input: &Input, fmt: &Formats) -> Result<(), XlsxError> {
    const NAME: &str = "Trend";
    ws.set_name(NAME)?;
    header_row(ws, &TREND_COLUMNS, fmt)?;
    for (i, row) in input.trend.iter().enumerate() {
        let r = (i + 1) as u32;
        ws.write_datetime_with_format(r, 0, row.as_of, &fmt.date)?;
        for (k, n) in row.counts.iter().enumerate() {
            ws.write_number(r, (k + 1) as u16, *n as f64)?;
        }
    }
    finish_list(ws, input.trend.len(), TREND_COLUMNS.len())?;
    let last = (input.trend.len() as u32).max(1);
    let mut chart = Chart::new(ChartType::Line);
    // trend.csv's columns 1-5: every active finding, then each severity in its Summary colour.
    let lines = [
        ("Active findings", 0x404040),
        ("Critical", 0xC00000),
        ("High", 0xED7D31),
        ("Medium", 0xFFC000),
        ("Low", 0x5B9BD5),
    ];
    for (k, (name, colour)) in lines.iter().enumerate() {
        let col = (k + 1) as u16;
        let colour = Color::RGB(*colour);
        chart
            .add_series()
            .set_name(*name)
            .set_categories((NAME, 1, 0, last, 0))
            .set_values((NAME, 1, col, last, col))
            .set_format(ChartFormat::new().set_line(ChartLine::new().set_color(colour)))
            .set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Circle)
                    .set_size(6)
                    .set_format(
                        ChartFormat::new()
                            .set_solid_fill(ChartSolidFill::new().set_color(colour))
                            .set_line(ChartLine::new().set_color(colour)),
                    ),
            );
    }
    chart.title().set_name("Active findings per run");
    // A text axis: each run is labelled with its own as_of, one step per run (a date axis would label
    // the first of each month instead).
    chart
        .x_axis()
        .set_name("Run date (as of)")
        .set_text_axis(true)
        .set_num_format("yyyy-mm-dd");
    chart.y_axis().set_name("Active findings").set_min(0);
    ws.insert_chart(last + 2, 0, &chart)?;
    Ok(())
}

fn resolved_sheet(
    sheets: &mut [Worksheet],
    rows: &[Vec<String>],
    fmt: &Formats,
) -> Result<u64, XlsxError> {
    let detail = FINDING_COLUMNS.len() - 1;
    let list = List {
        name: "Resolved",
        headers: &FINDING_COLUMNS,
        column_formats: &[],
        fixed_widths: &[(detail, 90.0)],
        frozen_cols: 0,
    };
    fill_list(sheets, &list, rows, fmt, |row, cells| {
        cells.extend(
            row.iter()
                .map(|v| text(v.strip_prefix('\'').unwrap_or(v)))
                .chain(std::iter::repeat_with(|| Cell::Blank))
                .take(FINDING_COLUMNS.len()),
        );
    })
}

/// The Summary sheet: who, when, what was read, counts, and the charts.
fn summary(
    ws: &mut Worksheet,
    input: &Input,
    active: &[&Finding],
    fmt: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name("Summary")?;
    let plan = input.plan;
    let org = if plan.organization.is_empty() {
        "Credentialing audit"
    } else {
        &plan.organization
    };
    ws.write_string(1, 0, "As of")?;
    ws.write_datetime_with_format(1, 1, plan.as_of, &fmt.date)?;
    ws.write_string(2, 0, "Active findings")?;
    ws.write_number(2, 1, active.len() as f64)?;
    let cleared = input
        .findings
        .iter()
        .filter(|f| f.status == Status::Cleared)
        .count();
    ws.write_string(3, 0, "Cleared as false positives")?;
    ws.write_number(3, 1, cleared as f64)?;

    // Findings by severity (A6) and by category (D6).
    let mut r = 5u32;
    ws.write_string_with_format(r, 0, "Severity", &fmt.header)?;
    ws.write_string_with_format(r, 1, "Findings", &fmt.header)?;
    for (i, s) in Severity::ALL.iter().enumerate() {
        let row = r + 1 + i as u32;
        ws.write_string_with_format(row, 0, s.as_str(), fmt.severity(*s))?;
        ws.write_number(
            row,
            1,
            active.iter().filter(|f| f.severity == *s).count() as f64,
        )?;
    }
    ws.write_string_with_format(r, 3, "Category", &fmt.header)?;
    ws.write_string_with_format(r, 4, "Findings", &fmt.header)?;
    for (i, c) in Category::ALL.iter().enumerate() {
        let row = r + 1 + i as u32;
        ws.write_string(row, 3, category_words(*c))?;
        ws.write_number(
            row,
            4,
            active.iter().filter(|f| f.category() == *c).count() as f64,
        )?;
    }
    let severity_rows = (r + 1, r + 4);

    // Compliance (A14).
    r = 13;
    ws.write_string_with_format(r, 0, "Compliance", &fmt.header)?;
    ws.write_string_with_format(r, 1, "Providers", &fmt.header)?;
    let overall = |c: Check| {
        input
            .compliance
            .iter()
            .filter(|row| row.overall == c)
            .count()
    };
    for (i, c) in [Check::Pass, Check::Warn, Check::Fail].iter().enumerate() {
        let row = r + 1 + i as u32;
        ws.write_string_with_format(row, 0, c.as_str(), fmt.check(*c))?;
        ws.write_number(row, 1, overall(*c) as f64)?;
    }
    ws.write_string_with_format(r + 4, 0, "Pass rate", &fmt.bold)?;
    let total = input.compliance.len();
    if total > 0 {
        ws.write_number_with_format(
            r + 4,
            1,
            overall(Check::Pass) as f64 / total as f64,
            &fmt.percent,
        )?;
    }
    let compliance_rows = (r + 1, r + 3);

    // Month over month (D14).
    let count = |s: Status| active.iter().filter(|f| f.status == s).count();
    ws.write_string_with_format(r, 3, "Since the previous run", &fmt.header)?;
    ws.write_string_with_format(r, 4, "Findings", &fmt.header)?;
    ws.write_string(r + 1, 3, "new")?;
    ws.write_number(r + 1, 4, count(Status::New) as f64)?;
    ws.write_string(r + 2, 3, "still open")?;
    ws.write_number(r + 2, 4, count(Status::Open) as f64)?;
    ws.write_string(r + 3, 3, "resolved")?;
    match input.resolved {
        Some(rows) => ws.write_number(r + 3, 4, rows.len() as f64)?,
        None => ws.write_string(r + 3, 4, "no --previous run given")?,
    };

    // Top problem codes (A21).
    r = 20;
    ws.write_string_with_format(r, 0, "Top problem codes", &fmt.header)?;
    ws.write_string_with_format(r, 1, "Findings", &fmt.header)?;
    let mut by_code: BTreeMap<Code, usize> = BTreeMap::new();
    for f in active {
        *by_code.entry(f.code).or_default() += 1;
    }
    let mut top: Vec<(Code, usize)> = by_code.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (i, (code, n)) in top.iter().take(10).enumerate() {
        ws.write_string(r + 1 + i as u32, 0, code.as_str())?;
        ws.write_number(r + 1 + i as u32, 1, *n as f64)?;
    }

    // Sources (A33).
    r = 32;
    for (c, h) in ["Source", "Kind", "Rows read", "Rows rejected", "File"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(r, c as u16, *h, &fmt.header)?;
    }
    for (i, (spec, l)) in plan.sources.iter().zip(input.loaded).enumerate() {
        let row = r + 1 + i as u32;
        ws.write_string(row, 0, &l.name)?;
        ws.write_string(row, 1, l.kind.as_str())?;
        ws.write_number(row, 2, l.rows_read as f64)?;
        ws.write_number(row, 3, l.rejected.len() as f64)?;
        ws.write_string(row, 4, &spec.path_text)?;
    }
    r += 2 + input.loaded.len() as u32;

    // Expirations by month, next 12 months, stacked by credential type: every type that has a due
    // date, counted in one pass.
    let months: Vec<NaiveDate> = (0..12).map(|i| month_start(plan.as_of, i)).collect();
    let mut by_type: BTreeMap<&str, [usize; 12]> = BTreeMap::new();
    for (t, d) in input.dues {
        let counts = by_type.entry(t.as_str()).or_default();
        let month =
            (d.year() - plan.as_of.year()) * 12 + d.month() as i32 - plan.as_of.month() as i32;
        if *d >= plan.as_of && (0..12).contains(&month) {
            counts[month as usize] += 1;
        }
    }
    let types: Vec<&str> = by_type.keys().copied().collect();
    let exp_top = r;
    ws.write_string_with_format(r, 0, "Expirations by month", &fmt.header)?;
    for (k, t) in types.iter().enumerate() {
        ws.write_string_with_format(r, (1 + k) as u16, *t, &fmt.header)?;
    }
    for (i, m) in months.iter().enumerate() {
        let row = r + 1 + i as u32;
        ws.write_string(row, 0, m.format("%Y-%m").to_string())?;
        for (k, counts) in by_type.values().enumerate() {
            ws.write_number(row, (1 + k) as u16, counts[i] as f64)?;
        }
    }
    r += 14;

    // Enrollment gaps by payer.
    let gap_codes = [
        Code::EnrollmentMissing,
        Code::EnrollmentNotActive,
        Code::EnrollmentEffectiveGap,
    ];
    let mut by_payer: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for f in active {
        if let Some(k) = gap_codes.iter().position(|c| *c == f.code) {
            by_payer.entry(f.payer.as_str()).or_default()[k] += 1;
        }
    }
    let payers: Vec<&str> = by_payer.keys().copied().collect();
    let gap_top = r;
    ws.write_string_with_format(r, 0, "Enrollment gaps by payer", &fmt.header)?;
    for (k, code) in gap_codes.iter().enumerate() {
        ws.write_string_with_format(r, (1 + k) as u16, code.as_str(), &fmt.header)?;
    }
    for (i, (payer, counts)) in by_payer.iter().enumerate() {
        let row = r + 1 + i as u32;
        ws.write_string(row, 0, *payer)?;
        for (k, n) in counts.iter().enumerate() {
            ws.write_number(row, (1 + k) as u16, *n as f64)?;
        }
    }
    r += 2 + by_payer.len() as u32;

    // Compliance by check: how many active providers each check fails, warns, passes or cannot check.
    ws.write_string_with_format(r, 0, "Compliance by check", &fmt.header)?;
    let levels = [Check::Fail, Check::Warn, Check::Pass, Check::Na];
    for (k, level) in levels.iter().enumerate() {
        ws.write_string_with_format(r, (1 + k) as u16, level.as_str(), &fmt.header)?;
    }
    for (i, check) in CHECKS.iter().enumerate() {
        let row = r + 1 + i as u32;
        ws.write_string(row, 0, *check)?;
        for (k, level) in levels.iter().enumerate() {
            let n = input
                .compliance
                .iter()
                .filter(|c| c.checks.get(i) == Some(level))
                .count();
            ws.write_number(row, (1 + k) as u16, n as f64)?;
        }
    }

    // Charts, to the right of the tables.
    let points = |colors: &[u32]| -> Vec<ChartPoint> {
        colors
            .iter()
            .map(|c| {
                ChartPoint::new().set_format(
                    ChartFormat::new()
                        .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(*c))),
                )
            })
            .collect()
    };
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_points(&points(&[0xC00000, 0xED7D31, 0xFFC000, 0x5B9BD5]))
        .set_name("Findings")
        .set_categories(("Summary", severity_rows.0, 0, severity_rows.1, 0))
        .set_values(("Summary", severity_rows.0, 1, severity_rows.1, 1));
    chart.title().set_name("Findings by severity");
    chart.legend().set_hidden();
    ws.insert_chart(1, 7, &chart)?;

    let mut chart = Chart::new(ChartType::ColumnStacked);
    for (k, t) in types.iter().enumerate() {
        let col = (1 + k) as u16;
        chart
            .add_series()
            .set_name(*t)
            .set_categories(("Summary", exp_top + 1, 0, exp_top + 12, 0))
            .set_values(("Summary", exp_top + 1, col, exp_top + 12, col));
    }
    chart
        .title()
        .set_name("Expirations by month, next 12 months");
    // A chart without a series cannot be written: a run with nothing to chart says so instead.
    if types.is_empty() {
        ws.write_string(
            17,
            7,
            "Expirations by month: nothing expires in the next 12 months.",
        )?;
    } else {
        ws.insert_chart(17, 7, &chart)?;
    }

    let mut chart = Chart::new(ChartType::BarStacked);
    if !payers.is_empty() {
        for (k, code) in gap_codes.iter().enumerate() {
            let col = (1 + k) as u16;
            chart
                .add_series()
                .set_name(code.as_str())
                .set_categories(("Summary", gap_top + 1, 0, gap_top + payers.len() as u32, 0))
                .set_values((
                    "Summary",
                    gap_top + 1,
                    col,
                    gap_top + payers.len() as u32,
                    col,
                ));
        }
    }
    chart.title().set_name("Enrollment gaps by payer");
    if payers.is_empty() {
        ws.write_string(33, 7, "Enrollment gaps by payer: none.")?;
    } else {
        ws.insert_chart(33, 7, &chart)?;
    }

    let mut chart = Chart::new(ChartType::Pie);
    chart
        .add_series()
        .set_points(&points(&[0x70AD47, 0xFFC000, 0xC00000]))
        .set_name("Providers")
        .set_categories(("Summary", compliance_rows.0, 0, compliance_rows.1, 0))
        .set_values(("Summary", compliance_rows.0, 1, compliance_rows.1, 1));
    chart.title().set_name("Compliance: PASS / WARN / FAIL");
    ws.insert_chart(49, 7, &chart)?;

    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    // Widths that fit the tables' text, at most 60 characters; the title, written after, spans its row.
    ws.set_autofit_max_width(MAX_FIT_PIXELS);
    ws.autofit();
    ws.write_string_with_format(0, 0, format!("{org} — credentialing audit"), &fmt.title)?;
    Ok(())
}

/// The first day of the month `offset` months after the month of `date`.
fn month_start(date: NaiveDate, offset: u32) -> NaiveDate {
    let first = date.with_day(1).expect("day 1 exists");
    crate::values::add_months(first, offset)
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
