//! Spreadsheets through calamine: xlsx, xlsm, xls (BIFF), ods. One exhaustive conversion of cells to text.

use super::{RawRow, Rows};
use crate::config::SourceSpec;
use crate::error::{Error, Location, Result, closest};
use calamine::{Data, Ods, Reader, SheetType, SheetVisible, Xls, Xlsx, open_workbook_from_rs};
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

/// The sheets of a workbook, in order (for `init` and error messages).
pub fn sheet_names(spec: &SourceSpec, bytes: &[u8]) -> Result<Vec<String>> {
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
        let hint = if looks_like_html(bytes) {
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

/// An HTML page: its first tag, after any BOM and white space, is `<html`, `<!doctype html`, `<table`
/// or another tag, and the text names a table.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start();
    text.starts_with('<') && (text.contains("<table") || text.contains("<html"))
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
    let range = guarded(spec, "reading the sheet", || book.range(&sheet))?.map_err(|e| {
        Error::input(
            &spec.name,
            Location::file(&spec.path).with_sheet(Some(&sheet)),
            format!("cannot read the sheet: {}", crate::error::one_line(&e)),
        )
    })?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let padding = match &mut book {
        Book::Xlsx(b) => guarded(spec, "reading the cell formats", || padded_cells(b, &sheet))?,
        _ => Padding::default(),
    };
    Ok(SheetRows {
        padding,
        location: Location::file(&spec.path).with_sheet(Some(&sheet)),
        format: format!(
            "{} workbook",
            spec.path
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default()
        ),
        range,
        next: 0,
        first_row,
        first_col,
    })
}

/// The rows of one sheet, converted to text one row at a time.
pub struct SheetRows {
    /// Number cells whose format pads them with zeros.
    padding: Padding,
    location: Location,
    format: String,
    range: calamine::Range<Data>,
    next: usize,
    first_row: u32,
    first_col: u32,
}

impl Rows for SheetRows {
    fn next_row(&mut self, out: &mut RawRow) -> Result<bool> {
        if self.next >= self.range.height() {
            return Ok(false);
        }
        let lead = self.first_col as usize;
        out.cells.truncate(lead);
        out.cells.iter_mut().for_each(String::clear);
        out.cells.resize(lead, String::new());
        let (range, next) = (&self.range, self.next);
        let row = self.first_row + next as u32;
        let padding = &self.padding;
        out.cells.extend((0..range.width()).map(|c| {
            let Some(cell) = range.get((next, c)) else {
                return String::new();
            };
            let whole = match cell {
                Data::Float(f) if *f >= 0.0 && f.fract() == 0.0 && *f < 1e15 => Some(*f as u64),
                Data::Int(i) => u64::try_from(*i).ok(),
                _ => None,
            };
            match whole.and_then(|n| Some((n, padding.at(row, self.first_col + c as u32)?))) {
                Some((n, pattern)) => pattern.apply(n),
                None => cell_text(cell),
            }
        }));
        out.row = u64::from(self.first_row) + self.next as u64 + 1;
        out.span = (0, 0);
        self.next += 1;
        Ok(true)
    }

    fn raw(&self, row: &RawRow) -> String {
        row.cells.join(" | ")
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
        self.range.height()
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

/// Which cells of a sheet carry a zero-padding number format.
#[derive(Debug, Default)]
struct Padding {
    patterns: Vec<ZeroPattern>,
    /// (sheet row, column) → index into `patterns`.
    cells: std::collections::HashMap<(u32, u32), usize>,
}

impl Padding {
    fn at(&self, row: u32, col: u32) -> Option<&ZeroPattern> {
        if self.cells.is_empty() {
            return None;
        }
        self.cells.get(&(row, col)).map(|&i| &self.patterns[i])
    }
}

/// The cells of an xlsx sheet whose style pads numbers with zeros; the sheet's cells are read a second
/// time only when the workbook has such a style.
fn padded_cells(book: &mut Xlsx<Cursor<&[u8]>>, sheet: &str) -> Padding {
    let mut padding = Padding::default();
    let Ok(mut reader) = book.worksheet_cells_reader(sheet) else {
        return padding;
    };
    let by_style: Vec<Option<usize>> = reader
        .styles()
        .iter()
        .map(|style| {
            let pattern = ZeroPattern::of(&style.number_format.as_ref()?.format_code)?;
            let at = padding.patterns.iter().position(|p| *p == pattern);
            Some(at.unwrap_or_else(|| {
                padding.patterns.push(pattern);
                padding.patterns.len() - 1
            }))
        })
        .collect();
    if padding.patterns.is_empty() {
        return padding;
    }
    while let Ok(Some((row, col, style))) = reader.next_style_id() {
        if let Some(Some(i)) = by_style.get(style) {
            padding.cells.insert((row, col), *i);
        }
    }
    padding
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
