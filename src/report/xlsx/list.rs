//! The list-sheet engine: one header row, typed cells, widths that fit, print layout.

use super::*;

/// Excel's limit on the length of one cell, in UTF-16 code units (what Excel counts as characters).
pub(super) const MAX_CELL_CHARS: usize = 32_767;

/// Text cut to what one Excel cell holds, saying so; the CSV twin keeps the whole text.
pub(super) fn fit(text: &str) -> Cow<'_, str> {
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

pub(super) fn header_row(
    ws: &mut Worksheet,
    headers: &[&str],
    fmt: &Formats,
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &fmt.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

pub(super) fn finish_list(ws: &mut Worksheet, rows: usize, cols: usize) -> Result<(), XlsxError> {
    ws.autofilter(0, 0, rows as u32, (cols.max(1) - 1) as u16)?;
    ws.autofit();
    print_layout(ws)
}

/// How a list sheet prints (SPEC §5): landscape, one page wide and as many pages high as it takes, the
/// header row repeated at the top of every page.
pub(super) fn print_layout(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// One cell of a list sheet.
pub(super) enum Cell<'a> {
    Blank,
    /// Text, cut at Excel's cell limit when written.
    Text(Cow<'a, str>),
    /// Short text in one of the colour formats (severity, check).
    Coloured(&'static str, &'a Format),
    /// A date: only in a column that has the date format (see `List::column_formats`).
    Date(NaiveDate),
    Number(f64),
}

pub(super) fn text(value: &str) -> Cell<'_> {
    Cell::Text(Cow::Borrowed(value))
}

/// The layout of a list sheet.
pub(super) struct List<'a> {
    pub(super) name: &'a str,
    pub(super) headers: &'a [&'a str],
    /// Formats of whole columns: dates and the wrapped detail. A cell of such a column is written
    /// without a format of its own and shows the column's.
    pub(super) column_formats: &'a [(usize, &'a Format)],
    /// Columns of a set width (long text), in Excel character units.
    pub(super) fixed_widths: &'a [(usize, f64)],
    /// Columns kept in view left of the scrolling area.
    pub(super) frozen_cols: u16,
}

/// Column widths come from the header, this many rows from the top of the sheet, and about as many
/// more spread evenly over the rest: a bounded sample, also of a sheet sorted by category.
pub(super) const WIDTH_SAMPLE_ROWS: usize = 1_000;

/// The widest a sampled column gets: 60 characters, in pixels (7 per character, 5 of padding).
pub(super) const MAX_FIT_PIXELS: u32 = 60 * 7 + 5;

/// The pixel width rust_xlsxwriter's `autofit()` gives a cell: Excel's character widths plus the
/// 7-pixel padding, and 16 more for the filter button of a header.
pub(super) fn autofit_pixels(cell: &Cell, header: bool) -> u32 {
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
pub(super) fn string_pixels(s: &str) -> u32 {
    s.lines()
        .map(|line| rust_xlsxwriter::utility::cell_autofit_width(line) - 7)
        .max()
        .unwrap_or(0)
}

/// An upper bound of the XML of one cell: its tag, reference, style and type, then its text with
/// every byte escaped (`_x001F_` is the longest escape).
pub(super) fn cell_xml_bound(cell: &Cell) -> u64 {
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
pub(super) fn write_list<'s, T>(
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
pub(super) fn add_list(
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
pub(super) fn fill_list<'s, T>(
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
