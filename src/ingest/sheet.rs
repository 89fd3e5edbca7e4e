//! Spreadsheets through calamine: xlsx, xlsm, xls (BIFF), ods. One exhaustive conversion of cells to text.

use super::{RawRow, Rows};
use crate::config::SourceSpec;
use crate::error::{Error, Location, Result, closest};
use calamine::{
    Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xls, Xlsx, open_workbook_from_rs,
};
use std::io::Cursor;

/// Whether a path names a spreadsheet credrecon reads through calamine.
pub fn is_spreadsheet(path: &std::path::Path) -> bool {
    matches!(
        path.extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref(),
        Some("xlsx" | "xlsm" | "xls" | "ods")
    )
}

enum Book<'a> {
    Xlsx(Xlsx<Cursor<&'a [u8]>>),
    Xls(Xls<Cursor<&'a [u8]>>),
    Ods(Ods<Cursor<&'a [u8]>>),
}

impl Book<'_> {
    fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Xls(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }

    /// The first visible worksheet (a hidden first sheet of lookups is common), else the first sheet.
    fn default_sheet(&self) -> Option<String> {
        let sheets = match self {
            Book::Xlsx(b) => b.sheets_metadata(),
            Book::Xls(b) => b.sheets_metadata(),
            Book::Ods(b) => b.sheets_metadata(),
        };
        sheets
            .iter()
            .find(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
            .or_else(|| sheets.iter().find(|s| s.visible == SheetVisible::Visible))
            .or_else(|| sheets.first())
            .map(|s| s.name.clone())
    }

    fn range(&mut self, name: &str) -> Result<calamine::Range<Data>, String> {
        match self {
            Book::Xlsx(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
            Book::Xls(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
            Book::Ods(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
        }
    }
}

/// The sheets of a workbook, in order (for `init` and error messages); of a web page, its tables.
pub fn sheet_names(spec: &SourceSpec, bytes: &[u8]) -> Result<Vec<String>> {
    if super::html::is_html(&spec.path, bytes) {
        return super::html::sheet_names(spec, bytes);
    }
    Ok(open(spec, bytes)?.sheet_names())
}

/// A workbook that would expand beyond this many bytes in memory is refused (a zip bomb named .xlsx).
pub const MAX_EXPANDED_BYTES: u64 = 4 << 30;

/// Check a zip container's declared sizes before decompressing anything.
fn check_expansion(spec: &SourceSpec, bytes: &[u8]) -> Result<()> {
    let Ok(archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // not a zip: the reader reports what it is
    };
    let total: u64 = archive
        .decompressed_size()
        .map_or(0, |n| n.min(u128::from(u64::MAX)) as u64);
    if total > MAX_EXPANDED_BYTES {
        return Err(Error::input(
            &spec.name,
            Location::file(&spec.path),
            format!(
                "the workbook would expand to {:.1} GB in memory (limit {} GB); export the sheet as CSV instead",
                total as f64 / 1e9,
                MAX_EXPANDED_BYTES >> 30
            ),
        ));
    }
    Ok(())
}

/// Run a calamine call; a panic inside calamine on a malformed file becomes an error naming the file.
fn guarded<T>(spec: &SourceSpec, what: &str, f: impl FnOnce() -> T) -> Result<T> {
    crate::error::quiet_panics(f).map_err(|message| {
        Error::input(
            &spec.name,
            Location::file(&spec.path),
            format!("the spreadsheet reader failed while {what} ({message}); open the file in a spreadsheet program and save it again"),
        )
    })
}

fn open<'a>(spec: &SourceSpec, bytes: &'a [u8]) -> Result<Book<'a>> {
    let at = Location::file(&spec.path);
    if bytes.is_empty() {
        return Err(Error::input(
            &spec.name,
            at,
            "the file is empty (0 bytes) — export it again",
        ));
    }
    let ext = spec
        .path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "xls" {
        check_expansion(spec, bytes)?;
    }
    let cursor = Cursor::new(bytes);
    let opened = guarded(spec, "opening the workbook", || match ext.as_str() {
        "xls" => open_workbook_from_rs::<Xls<_>, _>(cursor)
            .map(Book::Xls)
            .map_err(|e| e.to_string()),
        "ods" => open_workbook_from_rs::<Ods<_>, _>(cursor)
            .map(Book::Ods)
            .map_err(|e| e.to_string()),
        _ => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
            .map(Book::Xlsx)
            .map_err(|e| e.to_string()),
    })?;
    opened.map_err(|e| {
        let hint = if super::html::looks_like_html(bytes) {
            " — the file is a web page (an HTML table saved with a spreadsheet's name), not a workbook: open it in a spreadsheet program and save it as .xlsx"
        } else if bytes.is_ascii() {
            " — the file holds plain text: if it is a CSV export, name it .csv"
        } else {
            " — open it in a spreadsheet program and save it again as .xlsx"
        };
        Error::input(
            &spec.name,
            at,
            format!(
                "not a readable .{ext} workbook ({}){hint}",
                crate::error::one_line(&e)
            ),
        )
    })
}

/// Open the configured sheet (default: the first visible one). Row numbers are the sheet's row numbers.
pub fn open_rows(spec: &SourceSpec, bytes: &[u8]) -> Result<SheetRows> {
    let mut book = open(spec, bytes)?;
    let names = book.sheet_names();
    let sheet = match &spec.sheet {
        Some(wanted) => names
            .iter()
            .find(|n| *n == wanted)
            .cloned()
            .ok_or_else(|| Error::UnknownSheet {
                source_name: spec.name.clone(),
                at: Location::file(&spec.path),
                sheet: wanted.clone(),
                suggestion: closest(wanted, names.iter().map(String::as_str)),
                found: names.clone(),
            })?,
        None => book.default_sheet().ok_or_else(|| {
            Error::input(
                &spec.name,
                Location::file(&spec.path),
                "the workbook has no sheets",
            )
        })?,
    };
    let location = Location::file(&spec.path).with_sheet(Some(&sheet));
    let unreadable = |e: String| {
        Error::input(
            &spec.name,
            location.clone(),
            format!("cannot read the sheet: {}", crate::error::one_line(&e)),
        )
    };
    let grid = match &mut book {
        // An xlsx sheet may name any cell up to XFD1048576: only the cells it holds are kept.
        Book::Xlsx(b) => {
            let read = guarded(spec, "reading the sheet", || Sparse::read(b, &sheet))?;
            Grid::Sparse(read.map_err(|e| match e {
                SparseError::Read(e) => unreadable(e),
                SparseError::TooLarge(why) => Error::input(
                    &spec.name,
                    location.clone(),
                    format!("{why}; export the sheet as CSV, or remove the stray cells"),
                ),
            })?)
        }
        // .xls and .ods are read as calamine's dense range, whose grid their formats cap. An .xls sheet is a
        // BIFF grid of at most 65,536 rows by 256 columns (Excel's BIFF8), and calamine builds every sheet's
        // range as it opens the workbook, before a sheet can be looked at (a cell record's column field is
        // 16 bits, so a forged file is bounded only by 65,536 x 65,536). calamine's .ods reader caps a sheet
        // at 1,048,576 rows and 16,384 columns and refuses a range beyond 100 million cells (an error, read
        // here as "cannot read the sheet"), after reserving up to that many cells of address space; guarding
        // it further would mean parsing content.xml a second time.
        b => {
            let range =
                guarded(spec, "reading the sheet", || b.range(&sheet))?.map_err(unreadable)?;
            let (first_row, first_col) = range.start().unwrap_or((0, 0));
            Grid::Dense {
                range,
                next: 0,
                first_row,
                first_col,
            }
        }
    };
    Ok(SheetRows {
        location,
        format: format!(
            "{} workbook",
            spec.path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default()
        ),
        grid,
    })
}

/// The rows of one sheet, converted to text one row at a time.
pub struct SheetRows {
    location: Location,
    format: String,
    grid: Grid,
}

/// Where a sheet's cells are held.
enum Grid {
    /// calamine's range of the sheet (.xls, .ods).
    Dense {
        range: calamine::Range<Data>,
        next: usize,
        first_row: u32,
        first_col: u32,
    },
    /// The cells an .xlsx sheet holds, already text.
    Sparse(Sparse),
}

/// More cells than this in one sheet are refused (a roster of 200,000 providers in 100 columns).
pub const MAX_SHEET_CELLS: usize = 20_000_000;
/// The columns of a sheet (A to XFD), as in Excel; a cell beyond them is refused.
pub const MAX_SHEET_COLUMNS: u32 = 16_384;
/// The rows of a sheet, as in Excel; a cell beyond them is refused.
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// One cell of a sparse sheet: its position and where its text lies in the sheet's text.
#[derive(Debug, Clone, Copy)]
struct At {
    row: u32,
    col: u32,
    start: usize,
    end: usize,
}

/// The cells of an .xlsx sheet that hold a value, ordered by row then column, with their text in one buffer.
struct Sparse {
    cells: Vec<At>,
    text: String,
    /// The next cell to yield.
    at: usize,
    /// The next row to yield (0-based); rows between cells are yielded blank, as the sheet shows them.
    row: u32,
    last_row: u32,
    /// The last column holding a value, plus one: a row's raw text runs to it.
    width: usize,
    /// Rows holding at least one cell.
    rows: usize,
}

enum SparseError {
    Read(String),
    TooLarge(String),
}

/// A cell's `A1` name.
fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        n -= 1;
        letters.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    letters.iter().rev().collect::<String>() + &(u64::from(row) + 1).to_string()
}

impl Sparse {
    fn empty() -> Sparse {
        Sparse {
            cells: Vec::new(),
            text: String::new(),
            at: 0,
            row: 1,
            last_row: 0,
            width: 0,
            rows: 0,
        }
    }

    /// Read the sheet's cells in one pass, with their styles: a number whose format pads it with zeros
    /// reads as the format shows it.
    fn read(book: &mut Xlsx<Cursor<&[u8]>>, sheet: &str) -> Result<Sparse, SparseError> {
        let mut reader = match book.worksheet_cells_reader(sheet) {
            Ok(reader) => reader,
            // A chart sheet: no cells, as calamine's range reads it.
            Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Sparse::empty()),
            Err(e) => return Err(SparseError::Read(e.to_string())),
        };
        // Style id → the zero padding its number format applies. Style 0 is the default format.
        let padding: Vec<Option<ZeroPattern>> = reader
            .styles()
            .iter()
            .enumerate()
            .map(|(id, style)| {
                if id == 0 {
                    return None;
                }
                ZeroPattern::of(&style.number_format.as_ref()?.format_code)
            })
            .collect();
        let mut cells: Vec<At> = Vec::new();
        let mut text = String::new();
        let mut in_order = true;
        while let Some((cell, style)) = reader
            .next_cell_with_style_id()
            .map_err(|e| SparseError::Read(e.to_string()))?
        {
            let value = cell.get_value();
            if matches!(value, DataRef::Empty) {
                continue;
            }
            let (row, col) = cell.get_position();
            if col >= MAX_SHEET_COLUMNS {
                return Err(SparseError::TooLarge(format!(
                    "cell {} lies beyond column XFD: a sheet has at most {MAX_SHEET_COLUMNS} columns",
                    cell_name(row, col)
                )));
            }
            if row >= MAX_SHEET_ROWS {
                return Err(SparseError::TooLarge(format!(
                    "cell {} lies beyond row {MAX_SHEET_ROWS}: a sheet has at most {MAX_SHEET_ROWS} rows",
                    cell_name(row, col)
                )));
            }
            if cells.len() >= MAX_SHEET_CELLS {
                return Err(SparseError::TooLarge(format!(
                    "the sheet holds more than {} million cells (limit {} million)",
                    MAX_SHEET_CELLS / 1_000_000,
                    MAX_SHEET_CELLS / 1_000_000
                )));
            }
            if let Some(last) = cells.last() {
                in_order &= (last.row, last.col) < (row, col);
            }
            let start = text.len();
            let pattern = padding.get(style).and_then(Option::as_ref);
            push_text(&mut text, value, pattern);
            cells.push(At {
                row,
                col,
                start,
                end: text.len(),
            });
        }
        if !in_order {
            // Cells out of order, or one cell written twice (the later one stands, as in calamine's range).
            cells.sort_by_key(|c| (c.row, c.col));
            cells.dedup_by(|later, earlier| {
                let same = (later.row, later.col) == (earlier.row, earlier.col);
                if same {
                    *earlier = *later;
                }
                same
            });
        }
        let Some(first) = cells.first() else {
            return Ok(Sparse::empty());
        };
        let mut rows = 0;
        let mut previous = None;
        for c in &cells {
            if previous != Some(c.row) {
                rows += 1;
                previous = Some(c.row);
            }
        }
        Ok(Sparse {
            at: 0,
            row: first.row,
            last_row: cells[cells.len() - 1].row,
            width: cells.iter().map(|c| c.col as usize + 1).max().unwrap_or(0),
            rows,
            cells,
            text,
        })
    }

    fn next_row(&mut self, out: &mut RawRow) -> bool {
        if self.row > self.last_row {
            return false;
        }
        let start = self.at;
        let end = start
            + self.cells[start..]
                .iter()
                .take_while(|c| c.row == self.row)
                .count();
        let width = self.cells[start..end]
            .last()
            .map_or(0, |c| c.col as usize + 1);
        out.cells.truncate(width);
        out.cells.iter_mut().for_each(String::clear);
        out.cells.resize(width, String::new());
        for c in &self.cells[start..end] {
            out.cells[c.col as usize].push_str(&self.text[c.start..c.end]);
        }
        out.row = u64::from(self.row) + 1;
        out.span = (0, 0);
        self.at = end;
        self.row += 1;
        true
    }
}

/// A cell's text, appended to `out`: `cell_text`, or the zero-padded number its format shows.
fn push_text(out: &mut String, value: &DataRef<'_>, pattern: Option<&ZeroPattern>) {
    let whole = match value {
        DataRef::Float(f) if *f >= 0.0 && f.fract() == 0.0 && *f < 1e15 => Some(*f as u64),
        DataRef::Int(i) => u64::try_from(*i).ok(),
        _ => None,
    };
    match (whole, pattern) {
        (Some(n), Some(pattern)) => out.push_str(&pattern.apply(n)),
        _ => match value {
            // Text is the one case of every cell: it is copied once, not through a `Data`.
            DataRef::SharedString(s) => out.push_str(s),
            DataRef::String(s) => out.push_str(s),
            other => out.push_str(&cell_text(&Data::from(other.clone()))),
        },
    }
}

impl Rows for SheetRows {
    fn next_row(&mut self, out: &mut RawRow) -> Result<bool> {
        let (range, next, first_row, first_col) = match &mut self.grid {
            Grid::Sparse(sparse) => return Ok(sparse.next_row(out)),
            Grid::Dense {
                range,
                next,
                first_row,
                first_col,
            } => (range, next, *first_row, *first_col),
        };
        if *next >= range.height() {
            return Ok(false);
        }
        let lead = first_col as usize;
        out.cells.truncate(lead);
        out.cells.iter_mut().for_each(String::clear);
        out.cells.resize(lead, String::new());
        let row = *next;
        out.cells.extend(
            (0..range.width()).map(|c| range.get((row, c)).map(cell_text).unwrap_or_default()),
        );
        out.row = u64::from(first_row) + row as u64 + 1;
        out.span = (0, 0);
        *next += 1;
        Ok(true)
    }

    fn raw(&self, row: &RawRow) -> String {
        let mut raw = row.cells.join(" | ");
        // A sparse row stops at its last value; its text runs on to the sheet's last column.
        if let Grid::Sparse(sparse) = &self.grid
            && row.cells.len() < sparse.width
        {
            let missing = sparse.width - row.cells.len() - usize::from(row.cells.is_empty());
            raw.push_str(&" | ".repeat(missing));
        }
        raw
    }

    fn delimited(&self) -> bool {
        false
    }

    fn location(&self) -> Location {
        self.location.clone()
    }

    fn format(&self) -> String {
        self.format.clone()
    }

    fn estimated_rows(&self) -> usize {
        match &self.grid {
            Grid::Dense { range, .. } => range.height(),
            Grid::Sparse(sparse) => sparse.rows,
        }
    }
}

/// A number format that writes a whole number with leading zeros (`000000`, `00-0000000`): its digit
/// placeholders and literal characters, left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZeroPattern(Vec<Option<char>>);

impl ZeroPattern {
    /// The pattern of a format code, when the code pads with zeros and does nothing else: only `0`
    /// placeholders (two or more) and literal text (`-`, spaces, brackets, `\x`, `"..."`).
    pub fn of(code: &str) -> Option<ZeroPattern> {
        let mut tokens = Vec::new();
        let mut chars = code.chars();
        while let Some(c) = chars.next() {
            match c {
                ';' => break, // the format of positive numbers only
                '0' => tokens.push(None),
                '\\' => tokens.push(Some(chars.next()?)),
                '"' => {
                    for quoted in chars.by_ref() {
                        if quoted == '"' {
                            break;
                        }
                        tokens.push(Some(quoted));
                    }
                }
                '-' | ' ' | '(' | ')' | '/' => tokens.push(Some(c)),
                _ => return None,
            }
        }
        (tokens.iter().filter(|t| t.is_none()).count() >= 2).then_some(ZeroPattern(tokens))
    }

    /// The number as the format shows it (`35126` in `000000` is `035126`; `61587342` in `00-0000000` is
    /// `06-1587342`); digits beyond the placeholders stand in front.
    pub fn apply(&self, n: u64) -> String {
        let zeros = self.0.iter().filter(|t| t.is_none()).count();
        let digits: Vec<char> = format!("{n:0zeros$}").chars().collect();
        let mut left = digits.len();
        let mut out: Vec<char> = Vec::with_capacity(self.0.len() + 4);
        for token in self.0.iter().rev() {
            match token {
                None => {
                    left -= 1;
                    out.push(digits[left]);
                }
                Some(c) => out.push(*c),
            }
        }
        out.extend(digits[..left].iter().rev());
        out.iter().rev().collect()
    }
}

/// The one conversion of a spreadsheet cell to the text credrecon reads.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Excel stores every number as a float: a whole one is an integer (an NPI is never `1234567893.0`).
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // Date cells, in the workbook's 1900 or 1904 date system, become `YYYY-MM-DD` (with the time when it is not midnight).
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            }
        }
        Data::DateTime(dt) => float_text(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        // An error cell keeps Excel's text (`#VALUE!`); a date field holding it is reported as INVALID_DATE.
        Data::Error(e) => e.to_string(),
    }
}

fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn zero_padding_formats_keep_leading_zeros() {
        let pad = |code: &str, n: u64| ZeroPattern::of(code).map(|p| p.apply(n));
        assert_eq!(pad("000000", 35126).as_deref(), Some("035126"));
        assert_eq!(pad("00-0000000", 61587342).as_deref(), Some("06-1587342"));
        assert_eq!(pad("00\\-0000000", 61587342).as_deref(), Some("06-1587342"));
        assert_eq!(pad("\"MD\"0000", 12).as_deref(), Some("MD0012"));
        assert_eq!(pad("000", 123456).as_deref(), Some("123456"));
        // Not padding formats: General-like, decimals, thousands, text.
        for code in ["0", "0.00", "#,##0", "@", "General", "0%"] {
            assert_eq!(ZeroPattern::of(code), None, "{code}");
        }
    }

    #[test]
    fn whole_floats_are_integer_text() {
        assert_eq!(cell_text(&Data::Float(1234567893.0)), "1234567893");
        assert_eq!(cell_text(&Data::Float(2.5)), "2.5");
        assert_eq!(cell_text(&Data::Int(7)), "7");
    }

    #[test]
    fn date_cells_in_both_date_systems() {
        // 45658 is 2025-01-01 in the 1900 system; the 1904 system counts 1462 days fewer.
        let d1900 = ExcelDateTime::new(45658.0, ExcelDateTimeType::DateTime, false);
        let d1904 = ExcelDateTime::new(45658.0 - 1462.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(cell_text(&Data::DateTime(d1900)), "2025-01-01");
        assert_eq!(cell_text(&Data::DateTime(d1904)), "2025-01-01");
        let noon = ExcelDateTime::new(45658.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(noon)), "2025-01-01 12:00:00");
    }

    #[test]
    fn error_and_empty_cells() {
        assert_eq!(cell_text(&Data::Error(CellErrorType::Value)), "#VALUE!");
        assert_eq!(cell_text(&Data::Empty), "");
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
    }
}
