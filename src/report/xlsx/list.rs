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

/// The parts of a list of `rows`: one per sheet of [`sheet_names`], at least one.
pub(super) fn parts<T>(rows: &[T]) -> impl Iterator<Item = &[T]> {
    let count = rows.len().div_ceil(MAX_DATA_ROWS).max(1);
    (0..count).map(move |p| {
        let start = (p * MAX_DATA_ROWS).min(rows.len());
        &rows[start..(start + MAX_DATA_ROWS).min(rows.len())]
    })
}

/// Add the sheets of a list of `rows` rows (`name`, `name (2)`, …) in constant-memory mode, to be laid
/// out by [`Layout`]; their indexes in the workbook.
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

/// What is done with a list's rows: its sheets laid out in the workbook skeleton ([`Layout`]), or its
/// rows written into the final file ([`Render`]). Each list sheet hands its rows to both.
pub(super) trait Lists {
    fn list<'s, T>(
        &mut self,
        list: &List,
        rows: &'s [T],
        cells: impl Fn(&'s T, &mut Vec<Cell<'s>>),
    ) -> Result<(), XlsxError>;
}

/// The skeleton's worksheets of one list, added by [`add_list`]: widths that fit a sample of the rows
/// (`WIDTH_SAMPLE_ROWS`, at most 60 characters, as `autofit()` would give), the column formats, the
/// header row, panes, filter and print layout.
pub(super) struct Layout<'w> {
    pub(super) sheets: &'w mut [Worksheet],
    pub(super) fmt: &'w Formats,
}

impl Lists for Layout<'_> {
    fn list<'s, T>(
        &mut self,
        list: &List,
        rows: &'s [T],
        cells: impl Fn(&'s T, &mut Vec<Cell<'s>>),
    ) -> Result<(), XlsxError> {
        let cols = list.headers.len();
        let mut row_cells: Vec<Cell<'s>> = Vec::with_capacity(cols);
        for (ws, chunk) in self.sheets.iter_mut().zip(parts(rows)) {
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
            header_row(ws, list.headers, self.fmt)?;
            ws.set_freeze_panes(1, list.frozen_cols)?;
            print_layout(ws)?;
            ws.autofilter(0, 0, chunk.len() as u32, (cols - 1) as u16)?;
        }
        Ok(())
    }
}

/// The rows of one list written as its sheets' members of the final file ([`stream::render`]), one
/// per part, with the skeleton's cut sheets in `sheets`.
pub(super) struct Render<'k> {
    pub(super) sheets: &'k [SheetXml],
    pub(super) fmt: &'k Formats,
    /// Where the members' temporary files go.
    pub(super) spool: &'k Path,
    /// The rendered members, in part order.
    pub(super) members: Vec<Member>,
}

impl Lists for Render<'_> {
    fn list<'s, T>(
        &mut self,
        list: &List,
        rows: &'s [T],
        cells: impl Fn(&'s T, &mut Vec<Cell<'s>>),
    ) -> Result<(), XlsxError> {
        for (sheet, chunk) in self.sheets.iter().zip(parts(rows)) {
            let to = Target {
                sheet,
                cols: list.headers.len(),
                column_formats: list.column_formats,
                fmt: self.fmt,
                spool: self.spool,
            };
            self.members.push(render(&to, chunk, &cells)?);
        }
        Ok(())
    }
}
