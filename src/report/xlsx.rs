//! The workbook people open (SPEC §5): a Summary with charts, one sheet per report, real dates,
//! coloured severities and checks, bold frozen filtered headers.

use crate::config::Plan;
use crate::error::{Error, Result};
use crate::findings::{Category, Code, Finding, Severity, Status};
use crate::ingest::{Loaded, Rejected};
use crate::report::csv::FINDING_COLUMNS;
use crate::rules::compliance::{CHECKS, Check, ComplianceRow};
use crate::rules::expirations::bucket;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Chart, ChartFormat, ChartPoint, ChartSolidFill, ChartType, Color, DocProperties, Format,
    FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;
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
}

struct Formats {
    header: Format,
    date: Format,
    wrap: Format,
    title: Format,
    bold: Format,
    percent: Format,
    severity: BTreeMap<Severity, Format>,
    check: BTreeMap<&'static str, Format>,
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
            severity: BTreeMap::from([
                (Severity::Critical, fill(0xC00000, 0xFFFFFF).set_bold()),
                (Severity::High, fill(0xF8CBAD, 0x000000)),
                (Severity::Medium, fill(0xFFE699, 0x000000)),
                (Severity::Low, fill(0xDDEBF7, 0x000000)),
            ]),
            check: BTreeMap::from([
                ("PASS", fill(0xC6EFCE, 0x006100)),
                ("WARN", fill(0xFFEB9C, 0x9C5700)),
                ("FAIL", fill(0xFFC7CE, 0x9C0006).set_bold()),
                ("NA", fill(0xEDEDED, 0x595959)),
            ]),
        }
    }
}

fn xerr(path: &Path) -> impl Fn(XlsxError) -> Error + '_ {
    move |e| Error::Output {
        path: path.to_path_buf(),
        cause: std::io::Error::other(e.to_string()),
    }
}

/// Write `credentialing-audit-<as_of>.xlsx`.
pub fn write(path: &Path, input: &Input) -> Result<()> {
    let err = xerr(path);
    let fmt = Formats::new();
    let mut wb = Workbook::new();
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

    summary(wb.add_worksheet(), input, &active, &fmt).map_err(&err)?;
    finding_sheets(&mut wb, "Findings", &active, input, &fmt, false).map_err(&err)?;
    for (name, category) in CATEGORY_SHEETS {
        if category == Category::DataQuality {
            // SPEC §5 puts Compliance between Exclusions and Data Quality.
            compliance_sheet(&mut wb, input, &fmt).map_err(&err)?;
        }
        let mut rows: Vec<&Finding> = input
            .findings
            .iter()
            .filter(|f| f.category() == category)
            .collect();
        let expirations = category == Category::Expiration;
        if expirations {
            rows.sort_by_key(|f| {
                (
                    f.due_date.is_none(),
                    f.due_date,
                    f.severity,
                    f.provider_id.clone(),
                )
            });
        }
        finding_sheets(&mut wb, name, &rows, input, &fmt, expirations).map_err(&err)?;
    }
    rejected_sheet(&mut wb, input, &fmt).map_err(&err)?;
    sources_sheet(wb.add_worksheet(), input, &fmt).map_err(&err)?;
    if let Some(resolved) = input.resolved {
        resolved_sheet(&mut wb, resolved, &fmt).map_err(&err)?;
    }
    let file = super::create_file(path)?;
    wb.save_to_writer(file).map_err(&err)
}

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// Text cut to what one Excel cell holds, saying so; the CSV twin keeps the whole text.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= MAX_CELL_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let note = " … (cut at Excel's cell limit; the CSV report has the whole text)";
    let keep: String = text
        .chars()
        .take(MAX_CELL_CHARS - note.chars().count())
        .collect();
    std::borrow::Cow::Owned(keep + note)
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
    Ok(())
}

fn finding_sheets(
    wb: &mut Workbook,
    name: &str,
    rows: &[&Finding],
    input: &Input,
    fmt: &Formats,
    with_bucket: bool,
) -> Result<(), XlsxError> {
    let mut headers: Vec<&str> = FINDING_COLUMNS.to_vec();
    headers.insert(2, "first_seen");
    if with_bucket {
        headers.insert(19, "bucket");
    }
    let names = sheet_names(name, rows.len());
    for (part, sheet) in names.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        header_row(ws, &headers, fmt)?;
        let chunk = rows.iter().skip(part * MAX_DATA_ROWS).take(MAX_DATA_ROWS);
        let mut n = 0;
        for (i, f) in chunk.enumerate() {
            let r = (i + 1) as u32;
            n += 1;
            let mut c = 0u16;
            let text = |ws: &mut Worksheet, c: &mut u16, v: &str| -> Result<(), XlsxError> {
                if !v.is_empty() {
                    ws.write_string(r, *c, fit(v))?;
                }
                *c += 1;
                Ok(())
            };
            text(ws, &mut c, &f.finding_id)?;
            text(ws, &mut c, f.status.as_str())?;
            match input.first_seen.get(&f.finding_id) {
                Some(d) => ws.write_datetime_with_format(r, c, d, &fmt.date)?,
                None => ws.write_datetime_with_format(r, c, input.plan.as_of, &fmt.date)?,
            };
            c += 1;
            ws.write_string_with_format(r, c, f.severity.as_str(), &fmt.severity[&f.severity])?;
            c += 1;
            for v in [
                f.category().as_str(),
                f.code.as_str(),
                &f.provider_id,
                &f.npi,
                &f.provider_name,
                &f.credential_type,
                &f.state,
                &f.number,
                &f.payer,
                &f.field,
                &f.roster_value,
                &f.source_value,
            ] {
                text(ws, &mut c, v)?;
            }
            if let Some(d) = f.due_date {
                ws.write_datetime_with_format(r, c, d, &fmt.date)?;
            }
            c += 1;
            for v in [f.days_left, f.gap_days] {
                if let Some(n) = v {
                    ws.write_number(r, c, n as f64)?;
                }
                c += 1;
            }
            if with_bucket {
                if let Some(d) = f.days_left.filter(|d| *d >= 0) {
                    ws.write_string(r, c, bucket(d))?;
                }
                c += 1;
            }
            text(ws, &mut c, &f.source)?;
            text(ws, &mut c, &f.source_file)?;
            if let Some(row) = f.source_row {
                ws.write_number(r, c, row as f64)?;
            }
            c += 1;
            ws.write_string_with_format(r, c, fit(&f.detail), &fmt.wrap)?;
        }
        finish_list(ws, n, headers.len())?;
        ws.set_column_width((headers.len() - 1) as u16, 90)?;
    }
    Ok(())
}

fn compliance_sheet(wb: &mut Workbook, input: &Input, fmt: &Formats) -> Result<(), XlsxError> {
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
    for (part, sheet) in sheet_names("Compliance", rows.len()).iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        header_row(ws, &headers, fmt)?;
        let chunk: Vec<&&ComplianceRow> = rows
            .iter()
            .skip(part * MAX_DATA_ROWS)
            .take(MAX_DATA_ROWS)
            .collect();
        for (i, row) in chunk.iter().enumerate() {
            let r = (i + 1) as u32;
            ws.write_string(r, 0, &row.provider_id)?;
            ws.write_string(r, 1, &row.npi)?;
            ws.write_string(r, 2, fit(&row.provider_name))?;
            for (k, check) in row.checks.iter().chain([&row.overall]).enumerate() {
                let v = check.as_str();
                ws.write_string_with_format(r, (3 + k) as u16, v, &fmt.check[v])?;
            }
            ws.write_number(r, (headers.len() - 1) as u16, row.findings as f64)?;
        }
        finish_list(ws, chunk.len(), headers.len())?;
        ws.set_freeze_panes(1, 3)?;
    }
    Ok(())
}

fn rejected_sheet(wb: &mut Workbook, input: &Input, fmt: &Formats) -> Result<(), XlsxError> {
    let headers = crate::report::csv::REJECTED_COLUMNS;
    for (part, sheet) in sheet_names("Rejected Rows", input.rejected.len())
        .iter()
        .enumerate()
    {
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        header_row(ws, &headers, fmt)?;
        let chunk: Vec<_> = input
            .rejected
            .iter()
            .skip(part * MAX_DATA_ROWS)
            .take(MAX_DATA_ROWS)
            .collect();
        for (i, (file, rej)) in chunk.iter().enumerate() {
            let r = (i + 1) as u32;
            ws.write_string(r, 0, &rej.source)?;
            ws.write_string(r, 1, *file)?;
            ws.write_string(r, 2, rej.sheet.as_deref().unwrap_or(""))?;
            ws.write_number(r, 3, rej.row as f64)?;
            ws.write_string(r, 4, fit(&rej.reason))?;
            ws.write_string(r, 5, fit(&rej.raw))?;
        }
        finish_list(ws, chunk.len(), headers.len())?;
        ws.set_column_width(5, 90)?;
    }
    Ok(())
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
        ws.write_string(r, 10, &l.sha256)?;
    }
    finish_list(ws, input.loaded.len(), headers.len())
}

fn resolved_sheet(wb: &mut Workbook, rows: &[Vec<String>], fmt: &Formats) -> Result<(), XlsxError> {
    for (part, sheet) in sheet_names("Resolved", rows.len()).iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(sheet)?;
        header_row(ws, &FINDING_COLUMNS, fmt)?;
        let chunk: Vec<_> = rows
            .iter()
            .skip(part * MAX_DATA_ROWS)
            .take(MAX_DATA_ROWS)
            .collect();
        for (i, row) in chunk.iter().enumerate() {
            for (c, v) in row.iter().enumerate().take(FINDING_COLUMNS.len()) {
                if !v.is_empty() {
                    ws.write_string(
                        (i + 1) as u32,
                        c as u16,
                        fit(v.strip_prefix('\'').unwrap_or(v)),
                    )?;
                }
            }
        }
        finish_list(ws, chunk.len(), FINDING_COLUMNS.len())?;
        ws.set_column_width((FINDING_COLUMNS.len() - 1) as u16, 90)?;
    }
    Ok(())
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
    ws.write_string_with_format(0, 0, format!("{org} — credentialing audit"), &fmt.title)?;
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
        ws.write_string_with_format(row, 0, s.as_str(), &fmt.severity[s])?;
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
        ws.write_string(row, 3, c.as_str())?;
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
        ws.write_string_with_format(row, 0, c.as_str(), &fmt.check[c.as_str()])?;
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

    // Expirations by month, next 12 months, stacked by credential type.
    let months: Vec<NaiveDate> = (0..12).map(|i| month_start(plan.as_of, i)).collect();
    let mut types: Vec<&str> = input.dues.iter().map(|(t, _)| t.as_str()).collect();
    types.sort();
    types.dedup();
    let exp_top = r;
    ws.write_string_with_format(r, 0, "Expirations by month", &fmt.header)?;
    for (k, t) in types.iter().enumerate() {
        ws.write_string_with_format(r, (1 + k) as u16, *t, &fmt.header)?;
    }
    for (i, m) in months.iter().enumerate() {
        let row = r + 1 + i as u32;
        ws.write_string(row, 0, m.format("%Y-%m").to_string())?;
        for (k, t) in types.iter().enumerate() {
            let n = input
                .dues
                .iter()
                .filter(|(ty, d)| {
                    ty == t && d.year() == m.year() && d.month() == m.month() && *d >= plan.as_of
                })
                .count();
            ws.write_number(row, (1 + k) as u16, n as f64)?;
        }
    }
    r += 14;

    // Enrollment gaps by payer.
    let gap_codes = [
        Code::EnrollmentMissing,
        Code::EnrollmentNotActive,
        Code::EnrollmentEffectiveGap,
    ];
    let mut payers: Vec<&str> = active
        .iter()
        .filter(|f| gap_codes.contains(&f.code))
        .map(|f| f.payer.as_str())
        .collect();
    payers.sort();
    payers.dedup();
    let gap_top = r;
    ws.write_string_with_format(r, 0, "Enrollment gaps by payer", &fmt.header)?;
    for (k, code) in gap_codes.iter().enumerate() {
        ws.write_string_with_format(r, (1 + k) as u16, code.as_str(), &fmt.header)?;
    }
    for (i, payer) in payers.iter().enumerate() {
        let row = r + 1 + i as u32;
        ws.write_string(row, 0, *payer)?;
        for (k, code) in gap_codes.iter().enumerate() {
            let n = active
                .iter()
                .filter(|f| f.code == *code && f.payer == *payer)
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
    ws.set_column_width(0, 30)?;
    ws.set_column_width(3, 24)?;
    for c in 1..=6u16 {
        if c != 3 {
            ws.set_column_width(c, 14)?;
        }
    }
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
}
