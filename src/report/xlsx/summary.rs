//! The Summary sheet: counts, the compliance pass rate, tables and their charts.

use super::*;

/// The Summary sheet: who, when, what was read, counts, and the charts.
pub(super) fn summary(
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
pub(super) fn month_start(date: NaiveDate, offset: u32) -> NaiveDate {
    let first = date.with_day(1).expect("day 1 exists");
    crate::values::add_months(first, offset)
}
