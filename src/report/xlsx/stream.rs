//! The rows of the list sheets, written straight into the workbook's zip.
//!
//! rust_xlsxwriter builds the workbook: every sheet with its layout, the formats, the charts, the
//! defined names and the print settings. A list sheet is added there with its header row and a probe
//! row: a blank cell in each of the workbook's formats, which shows the style index rust_xlsxwriter
//! gave each format. That workbook (the skeleton) is saved to memory. The data rows of each list sheet
//! are then written here as the XML that rust_xlsxwriter's constant-memory mode writes for the same
//! cells (a test compares the two), each sheet deflated on its own job into an unlinked temporary
//! file, and the final file is the skeleton's members in their order, the list sheets' in place of the
//! skeleton's, all copied without being compressed again.
//!
//! This is where a large workbook's time went: rust_xlsxwriter stores each of millions of cells
//! before it writes it, and deflates every sheet on one thread when it saves.

use super::*;
use std::io::{Cursor, Read, Seek};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// Deflate level 2 rather than the default 6: compressing the sheets' XML is the largest cost of a big
/// workbook, and level 2 takes well under half the time for a file about 13 % larger.
pub(super) const DEFLATE_LEVEL: i64 = 2;

/// The member options rust_xlsxwriter gives every XML part, so the copied members look like its own.
fn member_options(large: bool) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(DEFLATE_LEVEL))
        .unix_permissions(0o600)
        .last_modified_time(DateTime::default())
        .large_file(large)
}

/// The probe row's number: the row after the header.
const PROBE_ROW: u32 = 1;

/// Write the probe row of a list sheet: a blank cell in each format of [`Formats::all`], in that order.
pub(super) fn probe_row(ws: &mut Worksheet, fmt: &Formats) -> Result<(), XlsxError> {
    for (c, format) in fmt.all().enumerate() {
        ws.write_blank(PROBE_ROW, c as u16, format)?;
    }
    Ok(())
}

/// A list sheet of the saved skeleton, cut where its data rows go.
pub(super) struct SheetXml {
    /// The member's name: `xl/worksheets/sheetN.xml`.
    pub(super) name: String,
    /// Up to the dimension's reference.
    before_dimension: String,
    /// From after the dimension's reference to the end of the header row.
    to_rows: String,
    /// What follows the row number in a `<row r="…">` start tag (`">`, or more attributes).
    row_tag_rest: String,
    /// From `</sheetData>` to the end.
    tail: String,
    /// The style index of each format of [`Formats::all`], in that order.
    xf: Vec<u32>,
}

impl SheetXml {
    /// Cut a list sheet's XML as rust_xlsxwriter wrote it: a dimension, a header row, the probe row.
    ///
    /// Panics when the XML is not of that shape: the sheet was not laid out by [`probe_row`].
    pub(super) fn cut(name: String, xml: &str) -> SheetXml {
        let shape = |what: &str| -> ! {
            panic!("{name} of the workbook skeleton has no {what} where its rows go")
        };
        let dim_key = r#"<dimension ref=""#;
        let dim = xml.find(dim_key).unwrap_or_else(|| shape("dimension")) + dim_key.len();
        let dim_end = dim + xml[dim..].find('"').unwrap_or_else(|| shape("dimension"));
        let probe_key = format!(r#"<row r="{}""#, PROBE_ROW + 1);
        let probe = xml.find(&probe_key).unwrap_or_else(|| shape("probe row"));
        let end = xml
            .find("</sheetData>")
            .unwrap_or_else(|| shape("</sheetData>"));
        let probe_xml = &xml[probe..end];
        if !probe_xml.ends_with("</row>") {
            shape("single probe row");
        }
        let tag_end = probe_xml
            .find('>')
            .unwrap_or_else(|| shape("probe row tag"))
            + 1;
        // `<row r="2"` ends at the number's closing quote, which the rest begins with.
        let row_tag_rest = probe_xml[probe_key.len() - 1..tag_end].to_string();
        let mut xf = Vec::new();
        for cell in probe_xml[tag_end..].split("<c ").skip(1) {
            let style = cell
                .split_once(r#" s=""#)
                .and_then(|(_, s)| s.split('"').next())
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| shape("style in a probe cell"));
            xf.push(style);
        }
        SheetXml {
            name,
            before_dimension: xml[..dim].to_string(),
            to_rows: xml[dim_end..probe].to_string(),
            row_tag_rest,
            tail: xml[end..].to_string(),
            xf,
        }
    }

    /// The style index of `format`, one of `fmt`'s.
    fn style(&self, fmt: &Formats, format: &Format) -> u32 {
        self.xf[fmt.index_of(format)]
    }
}

/// The list sheets of a saved skeleton, by name; `names` are the members to cut.
pub(super) fn cut_skeleton(
    skeleton: &[u8],
    names: impl IntoIterator<Item = String>,
) -> Result<Vec<SheetXml>, XlsxError> {
    let mut zip = ZipArchive::new(Cursor::new(skeleton))?;
    let mut sheets = Vec::new();
    for name in names {
        let mut xml = String::new();
        zip.by_name(&name)?.read_to_string(&mut xml)?;
        sheets.push(SheetXml::cut(name, &xml));
    }
    Ok(sheets)
}

/// The final workbook: the skeleton's members in order, each list sheet's from `rendered` (one-member
/// archives by member name), copied without being compressed again.
pub(super) fn assemble<W: Write + Seek>(
    skeleton: &[u8],
    rendered: Vec<Member>,
    out: W,
) -> Result<W, XlsxError> {
    let mut src = ZipArchive::new(Cursor::new(skeleton))?;
    let mut rendered: Vec<Option<Member>> = rendered.into_iter().map(Some).collect();
    let mut zip = ZipWriter::new(FailsOnce::new(out));
    for i in 0..src.len() {
        let member = src.by_index_raw(i)?;
        let name = member.name()?.into_owned();
        let own = rendered
            .iter_mut()
            .find(|m| m.as_ref().is_some_and(|(n, _)| *n == name))
            .and_then(Option::take);
        match own {
            Some((_, archive)) => {
                let mut one = ZipArchive::new(archive)?;
                zip.raw_copy_file(one.by_index_raw(0)?)?;
            }
            None => zip.raw_copy_file(member)?,
        }
    }
    finish(zip)
}

/// A list sheet's member name and the unlinked temporary file holding it as a one-member archive.
pub(super) type Member = (String, std::fs::File);

/// The writer under a finished archive, or the first write that failed.
fn finish<W: Write + Seek>(zip: ZipWriter<FailsOnce<W>>) -> Result<W, XlsxError> {
    let out = zip.finish()?;
    if out.failed {
        // Not reached: the zip crate passes every failed write on.
        return Err(std::io::Error::other("a write of the workbook failed").into());
    }
    Ok(out.inner)
}

/// A writer that, once a write or seek has failed, does nothing more and reports success: a
/// `ZipWriter` dropped after an error (a full disk) tries to finish its archive and prints its own
/// failure on stderr; here that attempt is silent, and the first error is the one the run reports.
struct FailsOnce<W> {
    inner: W,
    failed: bool,
}

impl<W> FailsOnce<W> {
    fn new(inner: W) -> Self {
        FailsOnce {
            inner,
            failed: false,
        }
    }

    fn watch<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        self.failed |= result.is_err();
        result
    }
}

impl<W: Write> Write for FailsOnce<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.failed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.watch(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.failed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.watch(result)
    }
}

impl<W: Seek> Seek for FailsOnce<W> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        if self.failed {
            return Ok(0);
        }
        let result = self.inner.seek(pos);
        self.watch(result)
    }
}

/// One data row's cells are gathered here, then written to the deflater in blocks of this size.
const BLOCK: usize = 256 * 1024;

/// What a list sheet's rows are written with: its skeleton, the list's width and column formats, the
/// workbook's formats, and the folder for the temporary file (the run's staging folder).
pub(super) struct Target<'a> {
    pub(super) sheet: &'a SheetXml,
    pub(super) cols: usize,
    pub(super) column_formats: &'a [(usize, &'a Format)],
    pub(super) fmt: &'a Formats,
    pub(super) spool: &'a Path,
}

/// Write `rows` (one part of a list) as the sheet of `to`, its data starting on the row after the
/// header: a one-member zip archive in an unlinked temporary file, so that memory never holds the
/// sheet, compressed or not.
pub(super) fn render<'s, T>(
    to: &Target,
    rows: &'s [T],
    cells: &impl Fn(&'s T, &mut Vec<Cell<'s>>),
) -> Result<Member, XlsxError> {
    // ZIP64 only for a member past 4 GiB, which must be chosen before it is written: some readers
    // other than Excel do not support it. A sheet that turns out larger is written again with it.
    let mut written = 0u64;
    let file = match render_member(to, rows, cells, false, &mut written) {
        Err(_) if written >= u64::from(u32::MAX) => render_member(to, rows, cells, true, &mut 0),
        result => result,
    }?;
    Ok((to.sheet.name.clone(), file))
}

fn render_member<'s, T>(
    to: &Target,
    rows: &'s [T],
    cells: &impl Fn(&'s T, &mut Vec<Cell<'s>>),
    large: bool,
    written: &mut u64,
) -> Result<std::fs::File, XlsxError> {
    let Target {
        sheet,
        cols,
        column_formats,
        fmt,
        spool,
    } = *to;
    let file = std::io::BufWriter::new(tempfile::tempfile_in(spool)?);
    let mut zip = ZipWriter::new(FailsOnce::new(file));
    zip.start_file(sheet.name.as_str(), member_options(large))?;
    let mut out = Vec::with_capacity(BLOCK + 64 * 1024);
    let last_col = (cols.max(1) - 1) as u16;
    out.extend_from_slice(sheet.before_dimension.as_bytes());
    let mut row_cells: Vec<Cell<'s>> = Vec::with_capacity(cols);
    // The header's columns down to the last row with a cell written: rust_xlsxwriter's reference for
    // the cells it wrote (a row is written when it has a cell that is not blank or empty text).
    let shown = |cell: &Cell| match cell {
        Cell::Blank => false,
        Cell::Text(s) => !s.is_empty(),
        Cell::Coloured(..) | Cell::Date(_) | Cell::Number(_) => true,
    };
    let last_row = (1..=rows.len())
        .rev()
        .find(|&r| {
            row_cells.clear();
            cells(&rows[r - 1], &mut row_cells);
            row_cells.iter().any(shown)
        })
        .unwrap_or(0);
    let last = rust_xlsxwriter::utility::row_col_to_cell(last_row as u32, last_col);
    if last == "A1" {
        out.extend_from_slice(b"A1");
    } else {
        out.extend_from_slice(b"A1:");
        out.extend_from_slice(last.as_bytes());
    }
    out.extend_from_slice(sheet.to_rows.as_bytes());
    let names: Vec<String> = (0..=last_col)
        .map(rust_xlsxwriter::utility::column_number_to_name)
        .collect();
    let column_style: Vec<u32> = (0..cols)
        .map(|c| {
            column_formats
                .iter()
                .find(|(k, _)| *k == c)
                .map_or(0, |(_, f)| sheet.style(fmt, f))
        })
        .collect();
    // Each style's ` s="N"` attribute, written once: a compliance row has thirteen coloured cells.
    let attribute = |style: u32| -> Vec<u8> {
        let mut a = Vec::new();
        if style > 0 {
            a.extend_from_slice(b" s=\"");
            push_int(&mut a, i64::from(style));
            a.push(b'"');
        }
        a
    };
    let format_attributes: Vec<Vec<u8>> = sheet.xf.iter().map(|&xf| attribute(xf)).collect();
    let format_attribute = |format: &Format| -> &[u8] { &format_attributes[fmt.index_of(format)] };
    let column_attributes: Vec<Vec<u8>> = column_style.iter().map(|&s| attribute(s)).collect();
    let mut number = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        row_cells.clear();
        cells(row, &mut row_cells);
        debug_assert_eq!(row_cells.len(), cols, "{}: row {}", sheet.name, i + 1);
        number.clear();
        // The row number a person sees: the header is row 1.
        push_int(&mut number, i as i64 + 2);
        let row_start = out.len();
        out.extend_from_slice(b"<row r=\"");
        out.extend_from_slice(&number);
        out.extend_from_slice(sheet.row_tag_rest.as_bytes());
        let mut any = false;
        for (c, cell) in row_cells.iter().enumerate() {
            if !shown(cell) {
                continue;
            }
            let (text, style) = match cell {
                Cell::Blank => continue,
                Cell::Text(s) => (Some(fit(s)), &column_attributes[c][..]),
                Cell::Coloured(s, format) => (Some(Cow::Borrowed(*s)), format_attribute(format)),
                Cell::Date(_) => {
                    debug_assert_eq!(
                        column_style[c],
                        sheet.style(fmt, &fmt.date),
                        "{}: a date in column {c}, which has no date format",
                        sheet.name
                    );
                    (None, &column_attributes[c][..])
                }
                Cell::Number(_) => (None, &column_attributes[c][..]),
            };
            any = true;
            out.extend_from_slice(b"<c r=\"");
            out.extend_from_slice(names[c].as_bytes());
            out.extend_from_slice(&number);
            out.push(b'"');
            out.extend_from_slice(style);
            match (text, cell) {
                (Some(text), _) => {
                    let whitespace = ['\t', '\n', ' '];
                    let preserve = text.starts_with(whitespace) || text.ends_with(whitespace);
                    out.extend_from_slice(if preserve {
                        &br#" t="inlineStr"><is><t xml:space="preserve">"#[..]
                    } else {
                        br#" t="inlineStr"><is><t>"#
                    });
                    escape_text(&text, &mut out);
                    out.extend_from_slice(b"</t></is></c>");
                }
                (None, Cell::Date(d)) => {
                    out.extend_from_slice(b"><v>");
                    push_int(&mut out, excel_serial(*d));
                    out.extend_from_slice(b"</v></c>");
                }
                (None, Cell::Number(n)) => {
                    out.extend_from_slice(b"><v>");
                    push_number(&mut out, *n);
                    out.extend_from_slice(b"</v></c>");
                }
                (None, _) => unreachable!("only dates and numbers are written without text"),
            }
        }
        if any {
            out.extend_from_slice(b"</row>");
        } else {
            // A row without a cell is not written, as rust_xlsxwriter does not write it.
            out.truncate(row_start);
        }
        if out.len() >= BLOCK {
            *written += out.len() as u64;
            zip.write_all(&out)?;
            out.clear();
        }
    }
    out.extend_from_slice(sheet.tail.as_bytes());
    *written += out.len() as u64;
    zip.write_all(&out)?;
    let mut file = finish(zip)?.into_inner().map_err(|e| e.into_error())?;
    file.rewind()?;
    Ok(file)
}

/// Excel's serial number of a date, as rust_xlsxwriter writes it (1900 counted as a leap year).
fn excel_serial(date: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 31).expect("a date");
    let days = (date - epoch).num_days();
    if days > 59 { days + 1 } else { days }
}

/// `n` in decimal, as `{n}` writes it.
fn push_int(out: &mut Vec<u8>, n: i64) {
    let (mut digits, mut at) = ([0u8; 20], 20);
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&digits[at..]);
}

/// A number as rust_xlsxwriter writes it: Rust's shortest form of the `f64`, a whole number without a
/// decimal point.
fn push_number(out: &mut Vec<u8>, n: f64) {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        push_int(out, n as i64);
    } else {
        let _ = write!(out, "{n}");
    }
}

/// Text as rust_xlsxwriter writes it in a cell: a literal `_xHHHH_` gets its underscore escaped as
/// `_x005F`, then `&`, `<` and `>` become entities and the control characters Excel escapes (all below
/// U+0020 but tab and line feed, and U+FFFE, U+FFFF) become `_xHHHH_`.
pub(super) fn escape_text(text: &str, out: &mut Vec<u8>) {
    let plain = text.bytes().all(|b| {
        !matches!(b, b'&' | b'<' | b'>' | b'_' | 0xEF) && (b >= 0x20 || b == b'\t' || b == b'\n')
    });
    if plain {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    let text = escape_literal_escapes(text);
    let mut utf8 = [0u8; 4];
    for ch in text.chars() {
        match ch {
            '&' => out.extend_from_slice(b"&amp;"),
            '<' => out.extend_from_slice(b"&lt;"),
            '>' => out.extend_from_slice(b"&gt;"),
            '\t' | '\n' => out.push(ch as u8),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(out, "_x{:04X}_", ch as u32);
            }
            _ => out.extend_from_slice(ch.encode_utf8(&mut utf8).as_bytes()),
        }
    }
}

/// `_xHHHH_` written literally in the text gets `_x005F` before it, so Excel does not read it as an
/// escape (rust_xlsxwriter's `escape_xml_escapes`).
fn escape_literal_escapes(text: &str) -> Cow<'_, str> {
    const LEN: usize = "_xHHHH_".len();
    if !text.contains("_x") {
        return Cow::Borrowed(text);
    }
    let mut escaped = text.to_string();
    // From the right, so that an insertion does not move the places still to look at.
    for (i, _) in text.rmatch_indices("_x") {
        if i + LEN > text.len() || !text.is_char_boundary(i + LEN - 1) {
            continue;
        }
        if text[i + LEN - 1..].starts_with('_')
            && text[i + 2..i + LEN - 1]
                .chars()
                .all(|c| c.is_ascii_hexdigit())
        {
            escaped.replace_range(i..i, "_x005F");
        }
    }
    Cow::Owned(escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The headers of the test list and its cells: every kind of cell and every escape.
    const HEADERS: [&str; 6] = ["text", "colour", "date", "number", "more", "detail"];

    fn rows(fmt: &Formats) -> Vec<Vec<Cell<'_>>> {
        let d = |y, m, day| Cell::Date(NaiveDate::from_ymd_opt(y, m, day).unwrap());
        let t = |s: &'static str| text(s);
        let red = &fmt.severity[0];
        let amber = &fmt.severity[2];
        // A leak keeps the long text for the 'static rows.
        let long: &'static str = Box::leak("é".repeat(40_000).into_boxed_str());
        vec![
            vec![
                t("plain"),
                Cell::Coloured("critical", red),
                d(2026, 11, 30),
                Cell::Number(7.0),
                t("A & B <c> d"),
                t("one\nline two"),
            ],
            vec![
                t(" leading"),
                Cell::Coloured("medium", amber),
                d(1900, 2, 28),
                Cell::Number(-1234.0),
                t("trailing\t"),
                t("ends with a line feed\n"),
            ],
            vec![
                t("_x0041_ and _x00G1_ and _x12"),
                Cell::Coloured("critical", red),
                d(1900, 3, 1),
                Cell::Number(12.5),
                t("ctl \u{1} \r \u{1F} end"),
                t("\u{FFFE}\u{FFFF} not characters"),
            ],
            // A row with nothing in it is not written.
            vec![
                Cell::Blank,
                Cell::Blank,
                Cell::Blank,
                Cell::Blank,
                t(""),
                Cell::Blank,
            ],
            vec![
                Cell::Blank,
                Cell::Coloured("medium", amber),
                Cell::Blank,
                Cell::Number(1e16),
                t("Wójcik \u{1F600} 😀"),
                Cell::Text(Cow::Borrowed(long)),
            ],
            vec![
                t("x"),
                Cell::Blank,
                d(1899, 12, 31),
                Cell::Number(0.0),
                Cell::Blank,
                t("_x005F_x0041_ already escaped"),
            ],
        ]
    }

    fn columns(fmt: &Formats) -> [(usize, &Format); 2] {
        [(2, &fmt.date), (5, &fmt.wrap)]
    }

    fn list<'a>(column_formats: &'a [(usize, &'a Format)]) -> List<'a> {
        List {
            headers: &HEADERS,
            column_formats,
            fixed_widths: &[(5, 90.0)],
            frozen_cols: 1,
        }
    }

    /// A workbook with one laid-out list sheet; the caller writes its rows.
    fn skeleton(fmt: &Formats, rows: &[Vec<Cell>]) -> Workbook {
        let mut wb = Workbook::new();
        // A fixed creation time: the two workbooks compared are saved at different moments.
        let created = NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
        for format in fmt.all() {
            wb.register_format(format);
        }
        wb.add_worksheet().set_name("Summary").unwrap();
        let sheets = add_list(&mut wb, "List", rows.len()).unwrap();
        let columns = columns(fmt);
        Layout {
            sheets: &mut wb.worksheets_mut()[sheets],
            fmt,
        }
        .list(&list(&columns), rows, |row, cells| {
            cells.extend(row.iter().map(copy))
        })
        .unwrap();
        wb
    }

    fn copy<'a>(cell: &Cell<'a>) -> Cell<'a> {
        match cell {
            Cell::Blank => Cell::Blank,
            Cell::Text(s) => Cell::Text(s.clone()),
            Cell::Coloured(s, f) => Cell::Coloured(s, f),
            Cell::Date(d) => Cell::Date(*d),
            Cell::Number(n) => Cell::Number(*n),
        }
    }

    fn member(xlsx: &[u8], name: &str) -> String {
        let mut zip = ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut xml = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
        xml
    }

    /// Every member of an xlsx, by name, uncompressed.
    fn members(xlsx: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = ZipArchive::new(Cursor::new(xlsx)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut file = zip.by_index(i).unwrap();
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).unwrap();
                (file.name().unwrap().into_owned(), bytes)
            })
            .collect()
    }

    /// The two files have the same members, in the same order, with the same bytes; a difference is
    /// shown as the member and the text around its first differing byte.
    fn assert_same_members(got: &[u8], expected: &[u8]) {
        let (got, expected) = (members(got), members(expected));
        let names = |m: &[(String, Vec<u8>)]| m.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        assert_eq!(names(&got), names(&expected));
        for ((name, a), (_, b)) in got.iter().zip(&expected) {
            if a != b {
                let at = a
                    .iter()
                    .zip(b)
                    .position(|(x, y)| x != y)
                    .unwrap_or(a.len().min(b.len()));
                let around = |v: &[u8]| {
                    String::from_utf8_lossy(&v[at.saturating_sub(80)..(at + 80).min(v.len())])
                        .into_owned()
                };
                panic!(
                    "{name} differs at byte {at}:\n  got {}\n  expected {}",
                    around(a),
                    around(b)
                );
            }
        }
    }

    /// The rows written cell by cell with rust_xlsxwriter, in constant-memory mode: what the streamed
    /// XML must equal.
    fn by_rust_xlsxwriter(fmt: &Formats, rows: &[Vec<Cell>]) -> Vec<u8> {
        let mut wb = skeleton(fmt, rows);
        let ws = &mut wb.worksheets_mut()[1];
        for (i, row) in rows.iter().enumerate() {
            let r = (i + 1) as u32;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Blank => {}
                    Cell::Text(s) if s.is_empty() => {}
                    Cell::Text(s) => {
                        ws.write_string(r, c, fit(s)).unwrap();
                    }
                    Cell::Coloured(s, f) => {
                        ws.write_string_with_format(r, c, *s, f).unwrap();
                    }
                    Cell::Date(d) => {
                        ws.write_datetime(r, c, d).unwrap();
                    }
                    Cell::Number(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                }
            }
        }
        wb.save_to_buffer().unwrap()
    }

    fn streamed<'a>(fmt: &'a Formats, rows: &'a [Vec<Cell<'a>>]) -> Vec<u8> {
        let mut wb = skeleton(fmt, rows);
        probe_row(&mut wb.worksheets_mut()[1], fmt).unwrap();
        let skeleton = wb.save_to_buffer().unwrap();
        let name = "xl/worksheets/sheet2.xml".to_string();
        let cut = cut_skeleton(&skeleton, [name.clone()]).unwrap();
        let cells =
            |row: &'a Vec<Cell<'a>>, cells: &mut Vec<Cell<'a>>| cells.extend(row.iter().map(copy));
        let spool = tempfile::tempdir().unwrap();
        let to = Target {
            sheet: &cut[0],
            cols: 6,
            column_formats: &columns(fmt),
            fmt,
            spool: spool.path(),
        };
        let member = render(&to, rows, &cells).unwrap();
        assert_eq!(member.0, name);
        assemble(&skeleton, vec![member], Cursor::new(Vec::new()))
            .unwrap()
            .into_inner()
    }

    #[test]
    fn streamed_rows_are_the_xml_rust_xlsxwriter_writes() {
        let fmt = Formats::new();
        let rows = rows(&fmt);
        let expected = by_rust_xlsxwriter(&fmt, &rows);
        let got = streamed(&fmt, &rows);
        let sheet = member(&got, "xl/worksheets/sheet2.xml");
        // What the escapes and types are, read by hand from the OOXML rules rust_xlsxwriter follows.
        for part in [
            r#"<c r="E2" t="inlineStr"><is><t>A &amp; B &lt;c&gt; d</t></is></c>"#,
            r#"<t xml:space="preserve"> leading</t>"#,
            r#"<t>_x005F_x0041_ and _x00G1_ and _x12</t>"#,
            r#"<t>ctl _x0001_ _x000D_ _x001F_ end</t>"#,
            r#"<t>_xFFFE__xFFFF_ not characters</t>"#,
            // 1900-02-28 is serial 59; Excel counts a 29 February 1900, so 1 March is 61.
            r#"<v>59</v>"#,
            r#"<v>61</v>"#,
            r#"<v>46356</v>"#,
            r#"<v>-1234</v>"#,
            r#"<v>12.5</v>"#,
            r#"<v>10000000000000000</v>"#,
            r#"<dimension ref="A1:F7"/>"#,
        ] {
            assert!(sheet.contains(part), "{part} not in {sheet}");
        }
        assert!(
            !sheet.contains(r#"<row r="5""#),
            "the empty row is not written"
        );
        assert!(sheet.contains("the CSV report has the whole text)"));
        assert_same_members(&got, &expected);
    }

    #[test]
    fn random_text_is_written_as_rust_xlsxwriter_writes_it() {
        // Text from an alphabet of what needs care: escapes, controls, spaces at the ends, `_x` runs,
        // hex digits, multi-byte and non-characters; 400 cells of up to 24 characters, the same every run.
        const ALPHABET: [&str; 24] = [
            "_", "x", "0", "4", "1", "F", "f", "G", "&", "<", ">", "\"", " ", "\t", "\n", "\r",
            "\u{1}", "\u{1F}", "é", "😀", "\u{FFFE}", "\u{FFFF}", "a", "Z",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let fmt = Formats::new();
        let rows: Vec<Vec<Cell>> = (0..400)
            .map(|_| {
                let len = (next() % 25) as usize;
                let text: String = (0..len)
                    .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                    .collect();
                let mut row: Vec<Cell> = (0..6).map(|_| Cell::Blank).collect();
                row[(next() % 2) as usize * 4] = Cell::Text(Cow::Owned(text));
                row
            })
            .collect();
        // And rows with nothing in them at the end, which the dimension does not count.
        let mut rows = rows;
        rows.extend((0..3).map(|_| (0..6).map(|_| Cell::Blank).collect()));
        let expected = by_rust_xlsxwriter(&fmt, &rows);
        let got = streamed(&fmt, &rows);
        assert!(member(&got, "xl/worksheets/sheet2.xml").contains(r#"<dimension ref="A1:F"#));
        assert_same_members(&got, &expected);
    }

    #[test]
    fn an_empty_list_has_its_header_only() {
        let fmt = Formats::new();
        let expected = by_rust_xlsxwriter(&fmt, &[]);
        let got = streamed(&fmt, &[]);
        let sheet = member(&got, "xl/worksheets/sheet2.xml");
        assert!(sheet.contains(r#"<dimension ref="A1:F1"/>"#), "{sheet}");
        assert!(!sheet.contains(r#"<row r="2""#));
        assert_same_members(&got, &expected);
    }

    #[test]
    fn a_list_past_excel_row_limit_goes_on_to_a_second_sheet() {
        let fmt = Formats::new();
        let rows: Vec<u32> = (1..=MAX_DATA_ROWS as u32 + 2).collect();
        let mut wb = Workbook::new();
        for format in fmt.all() {
            wb.register_format(format);
        }
        let sheets = add_list(&mut wb, "List", rows.len()).unwrap();
        assert_eq!(sheets, 0..2);
        let list = List {
            headers: &["n"],
            column_formats: &[],
            fixed_widths: &[],
            frozen_cols: 0,
        };
        let cells = |n: &u32, cells: &mut Vec<Cell>| cells.push(Cell::Number(f64::from(*n)));
        Layout {
            sheets: &mut wb.worksheets_mut()[sheets.clone()],
            fmt: &fmt,
        }
        .list(&list, &rows, cells)
        .unwrap();
        for ws in &mut wb.worksheets_mut()[sheets] {
            probe_row(ws, &fmt).unwrap();
        }
        let skeleton = wb.save_to_buffer().unwrap();
        let names = ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"].map(String::from);
        let cut = cut_skeleton(&skeleton, names).unwrap();
        let spool = tempfile::tempdir().unwrap();
        let mut render = Render {
            sheets: &cut,
            fmt: &fmt,
            spool: spool.path(),
            members: Vec::new(),
        };
        render.list(&list, &rows, cells).unwrap();
        let xlsx = assemble(&skeleton, render.members, Cursor::new(Vec::new()))
            .unwrap()
            .into_inner();
        let first = member(&xlsx, "xl/worksheets/sheet1.xml");
        let second = member(&xlsx, "xl/worksheets/sheet2.xml");
        // The first sheet ends on Excel's last row with the 1,048,575th value; the second goes on.
        assert!(first.contains(r#"<dimension ref="A1:A1048576"/>"#));
        assert!(
            first.contains(
                r#"<row r="1048576"><c r="A1048576"><v>1048575</v></c></row></sheetData>"#
            )
        );
        assert!(first.contains(r#"<autoFilter ref="A1:A1048576"/>"#));
        assert!(second.contains(r#"<dimension ref="A1:A3"/>"#), "{second}");
        assert!(second.contains(
            r#"<row r="2"><c r="A2"><v>1048576</v></c></row><row r="3"><c r="A3"><v>1048577</v></c></row></sheetData>"#
        ));
        assert!(second.contains(r#"<autoFilter ref="A1:A3"/>"#));
    }

    #[test]
    fn integers_are_written_as_rust_writes_them() {
        for n in [
            0,
            7,
            -1,
            10,
            99,
            100,
            -1234,
            46356,
            1048576,
            i64::MAX,
            i64::MIN,
        ] {
            let mut out = Vec::new();
            push_int(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    #[test]
    fn plain_text_is_copied_and_the_rest_escaped_as_rust_xlsxwriter_does() {
        let escape = |s: &str| {
            let mut out = Vec::new();
            escape_text(s, &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(escape("Okafor, Adaeze MD"), "Okafor, Adaeze MD");
        assert_eq!(escape("tab\tand\nline"), "tab\tand\nline");
        assert_eq!(escape("a_b"), "a_b");
        assert_eq!(escape("_x0041_"), "_x005F_x0041_");
        assert_eq!(escape("_x004_"), "_x004_");
        assert_eq!(escape("_x0041"), "_x0041");
        assert_eq!(escape("R&D <x>"), "R&amp;D &lt;x&gt;");
        assert_eq!(escape("\u{7}"), "_x0007_");
        assert_eq!(escape("ï"), "ï");
    }
}
