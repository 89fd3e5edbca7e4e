//! The sheets of the workbook but the Summary: findings by category, compliance, rejected rows, sources,
//! trend and resolved findings.

use super::*;

pub(super) fn finding_sheets(
    target: &mut impl Lists,
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
    let due = headers
        .iter()
        .position(|h| *h == "due_date")
        .expect("due_date");
    let detail = headers.len() - 1;
    let list = List {
        headers: &headers,
        column_formats: &[(2, &fmt.date), (due, &fmt.date), (detail, &fmt.wrap)],
        fixed_widths: &[(detail, 90.0)],
        frozen_cols: 0,
    };
    let number = |v: Option<i64>| v.map_or(Cell::Blank, |n| Cell::Number(n as f64));
    target.list(&list, rows, |f, cells| {
        let first_seen = f.first_seen.unwrap_or(input.plan.as_of);
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

pub(super) fn compliance_sheet(
    target: &mut impl Lists,
    input: &Input,
    fmt: &Formats,
) -> Result<(), XlsxError> {
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
        headers: &headers,
        column_formats: &[],
        fixed_widths: &[],
        frozen_cols: 3,
    };
    target.list(&list, &rows, |row, cells| {
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

pub(super) fn rejected_sheet(target: &mut impl Lists, input: &Input) -> Result<(), XlsxError> {
    let list = List {
        headers: &crate::report::csv::REJECTED_COLUMNS,
        column_formats: &[],
        fixed_widths: &[(5, 90.0)],
        frozen_cols: 0,
    };
    target.list(&list, input.rejected, |(file, rej), cells| {
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

pub(super) fn sources_sheet(
    ws: &mut Worksheet,
    input: &Input,
    fmt: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name("Sources")?;
    let headers = [
        "source",
        "kind",
        "profile",
        "path",
        "member",
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
        // The archive member read, when the path is a `.zip` (the SHA-256 is the archive's).
        ws.write_string(r, 4, l.member.as_deref().unwrap_or(""))?;
        ws.write_string(r, 5, l.sheet.as_deref().unwrap_or(""))?;
        ws.write_number(r, 6, l.header_row as f64)?;
        ws.write_number(r, 7, l.rows_read as f64)?;
        ws.write_number(r, 8, l.rows_used() as f64)?;
        ws.write_number(r, 9, l.rejected.len() as f64)?;
        ws.write_number(r, 10, l.issues.len() as f64)?;
        ws.write_string(r, 11, l.sha256.get())?;
    }
    finish_list(ws, input.loaded.len(), headers.len())
}

/// The Trend sheet: trend.csv as a table, and a line chart of the active findings of each run, in all
/// and by severity. A single run shows its one row and the chart's one point per line.
pub(super) fn trend_sheet(
    ws: &mut Worksheet,
    input: &Input,
    fmt: &Formats,
) -> Result<(), XlsxError> {
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

pub(super) fn resolved_sheet(
    target: &mut impl Lists,
    rows: &[Vec<String>],
) -> Result<(), XlsxError> {
    let detail = FINDING_COLUMNS.len() - 1;
    let list = List {
        headers: &FINDING_COLUMNS,
        column_formats: &[],
        fixed_widths: &[(detail, 90.0)],
        frozen_cols: 0,
    };
    target.list(&list, rows, |row, cells| {
        cells.extend(
            row.iter()
                .map(|v| text(v.strip_prefix('\'').unwrap_or(v)))
                .chain(std::iter::repeat_with(|| Cell::Blank))
                .take(FINDING_COLUMNS.len()),
        );
    })
}
