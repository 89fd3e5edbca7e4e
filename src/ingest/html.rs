//! HTML tables read as the sheets of a workbook (SPEC §3.2): a `.html` / `.htm` file, or an `.xls` that is
//! really a web page (state websites serve these), is one sheet per `<table>`, named by its position
//! ("1", "2", …) or by its `id` or `<caption>`.
//!
//! A small tolerant scanner, not an HTML parser: the pages it reads are tables, and a browser's error
//! recovery is not needed to read them as a person sees them. Cells come from `<td>` and `<th>`; entities
//! are decoded; `<br>` is a line break inside the cell (and so is the end of a `<p>`, `<div>` or `<li>`);
//! other tags are dropped and their text kept; white space is collapsed; a `colspan` or `rowspan` cell is
//! followed by blank cells so that the columns stay aligned. Comments, `<script>` and `<style>` are
//! skipped. A table inside a cell is a table of its own, numbered in the order tables open.

use super::{RawRow, Rows};
use crate::config::SourceSpec;
use crate::error::{Error, Location, Result, closest};
use std::borrow::Cow;

/// Whether a path names an HTML file by its extension.
pub fn is_html_path(path: &std::path::Path) -> bool {
    matches!(
        path.extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .as_deref(),
        Some("html" | "htm")
    )
}

/// Whether a file is read as HTML tables: an `.html` / `.htm` file, or a spreadsheet name over a web page.
pub fn is_html(path: &std::path::Path, bytes: &[u8]) -> bool {
    is_html_path(path) || (super::sheet::is_spreadsheet(path) && looks_like_html(bytes))
}

/// An HTML page: after any BOM and white space its first tag opens (`<html`, `<!doctype html`, `<table`,
/// a comment…), and its first 4 KB name an `<html` or a `<table`.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start();
    text.starts_with('<') && (text.contains("<table") || text.contains("<html"))
}

/// One `<table>`: its rows of cell text, and the names it may be asked for by.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HtmlTable {
    pub id: Option<String>,
    pub caption: Option<String>,
    pub rows: Vec<Vec<String>>,
}

/// More cells than this in one page are refused, as in a workbook sheet.
const MAX_CELLS: usize = super::sheet::MAX_SHEET_CELLS;
/// A `colspan` or `rowspan` larger than a sheet is wide or long is read as that large.
const MAX_SPAN: usize = super::sheet::MAX_SHEET_COLUMNS as usize;

/// A table being read: its rows so far, the open row and cell, and the blank cells owed to rowspans above.
#[derive(Default)]
struct Building {
    table: HtmlTable,
    /// Where the table stands among the tables of the page (the order they open).
    index: usize,
    row: Option<Vec<String>>,
    cell: Option<String>,
    /// The open cell's colspan and rowspan.
    spans: (usize, usize),
    /// The cells of rows above that reach down into the rows below (`rowspan`).
    covered: Vec<Cover>,
    in_caption: bool,
    caption: String,
}

/// A `rowspan` cell's reach: its column and width, the rows it still covers, the row it stands in.
struct Cover {
    col: usize,
    width: usize,
    left: usize,
    row: usize,
}

impl Building {
    /// The open cell ends: its text is cleaned and placed, with blank cells for its spans.
    fn end_cell(&mut self, cells: &mut usize) {
        let Some(raw) = self.cell.take() else { return };
        let here = self.table.rows.len();
        let row = self.row.get_or_insert_with(Vec::new);
        // Blank cells where cells of rows above still reach down.
        while let Some(c) = self
            .covered
            .iter()
            .find(|c| c.col == row.len() && c.row < here)
        {
            row.extend(std::iter::repeat_n(String::new(), c.width));
            *cells += c.width;
        }
        let (colspan, rowspan) = self.spans;
        let col = row.len();
        row.push(clean(&raw));
        row.extend(std::iter::repeat_n(String::new(), colspan - 1));
        *cells += colspan;
        if rowspan > 1 {
            self.covered.push(Cover {
                col,
                width: colspan,
                left: rowspan - 1,
                row: here,
            });
        }
    }

    fn start_row(&mut self, cells: &mut usize) {
        self.end_row(cells);
        self.row = Some(Vec::new());
    }

    fn end_row(&mut self, cells: &mut usize) {
        self.end_cell(cells);
        if let Some(row) = self.row.take() {
            let here = self.table.rows.len();
            self.table.rows.push(row);
            // The cells of rows above cover one row fewer from now on.
            for c in self.covered.iter_mut().filter(|c| c.row < here) {
                c.left -= 1;
            }
            self.covered.retain(|c| c.left > 0);
        }
    }
}

/// The tables of a page, in the order they open.
pub fn tables(text: &str) -> std::result::Result<Vec<HtmlTable>, String> {
    let mut done: Vec<(usize, HtmlTable)> = Vec::new();
    let mut open: Vec<Building> = Vec::new();
    let mut opened = 0usize;
    let mut cells = 0usize;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(lt) = memchr::memchr(b'<', &bytes[i..]) else {
            text_of(&mut open, &text[i..]);
            break;
        };
        if lt > 0 {
            text_of(&mut open, &text[i..i + lt]);
        }
        i += lt;
        let rest = &text[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |k| k + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i += rest.find('>').map_or(rest.len(), |k| k + 1);
            continue;
        }
        let Some(tag) = Tag::read(rest) else {
            // A `<` that opens no tag is text.
            text_of(&mut open, "<");
            i += 1;
            continue;
        };
        i += tag.len;
        if !tag.closing && matches!(tag.name.as_str(), "script" | "style") {
            i += closing_tag(&bytes[i..], tag.name.as_bytes());
            continue;
        }
        match (tag.name.as_str(), tag.closing) {
            ("table", false) => {
                if let Some(b) = open.last_mut()
                    && let Some(cell) = b.cell.as_mut()
                {
                    // A nested table stands apart from the cell that holds it.
                    cell.push(' ');
                }
                open.push(Building {
                    index: opened,
                    table: HtmlTable {
                        id: tag.attr("id").map(|v| clean(&v)).filter(|v| !v.is_empty()),
                        ..HtmlTable::default()
                    },
                    ..Building::default()
                });
                opened += 1;
            }
            ("table", true) => {
                if let Some(mut b) = open.pop() {
                    b.end_row(&mut cells);
                    let caption = clean(&b.caption);
                    b.table.caption = (!caption.is_empty()).then_some(caption);
                    done.push((b.index, b.table));
                }
            }
            ("caption", closing) => {
                if let Some(b) = open.last_mut() {
                    b.in_caption = !closing;
                }
            }
            ("tr", false) => {
                if let Some(b) = open.last_mut() {
                    b.start_row(&mut cells);
                }
            }
            ("tr", true) => {
                if let Some(b) = open.last_mut() {
                    b.end_row(&mut cells);
                }
            }
            ("td" | "th", false) => {
                if let Some(b) = open.last_mut() {
                    b.end_cell(&mut cells);
                    let span = |name: &str| {
                        tag.attr(name)
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .map_or(1, |n| n.clamp(1, MAX_SPAN))
                    };
                    b.spans = (span("colspan"), span("rowspan"));
                    b.cell = Some(String::new());
                }
            }
            ("td" | "th", true) => {
                if let Some(b) = open.last_mut() {
                    b.end_cell(&mut cells);
                }
            }
            ("thead" | "tbody" | "tfoot", _) => {
                if let Some(b) = open.last_mut() {
                    b.end_row(&mut cells);
                }
            }
            ("br", _) | ("p" | "div" | "li", true) => line_break(&mut open),
            _ => {}
        }
        if cells > MAX_CELLS {
            return Err(format!(
                "the page holds more than {} million table cells (limit {} million)",
                MAX_CELLS / 1_000_000,
                MAX_CELLS / 1_000_000
            ));
        }
    }
    // Tables left open at the end of the page keep what they read.
    while let Some(mut b) = open.pop() {
        b.end_row(&mut cells);
        let caption = clean(&b.caption);
        b.table.caption = (!caption.is_empty()).then_some(caption);
        done.push((b.index, b.table));
    }
    done.sort_by_key(|(index, _)| *index);
    Ok(done.into_iter().map(|(_, t)| t).collect())
}

/// Where `</name` (any case) first stands in `bytes`, or its length: the end of a script or style.
fn closing_tag(bytes: &[u8], name: &[u8]) -> usize {
    let mut at = 0;
    while let Some(k) = memchr::memmem::find(&bytes[at..], b"</") {
        let start = at + k;
        let after = &bytes[start + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            return start;
        }
        at = start + 2;
    }
    bytes.len()
}

/// Text between tags: into the open cell or caption of the innermost table; any other text is not a cell.
/// A line break of the page's source is white space (only `<br>` breaks a cell's line).
fn text_of(open: &mut [Building], text: &str) {
    let Some(b) = open.last_mut() else { return };
    let target = match b.cell.as_mut() {
        Some(cell) => cell,
        None if b.in_caption => &mut b.caption,
        None => return,
    };
    target.extend(
        text.chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
    );
}

/// `<br>` (or the end of a paragraph) inside a cell: a line break in its text.
fn line_break(open: &mut [Building]) {
    if let Some(cell) = open.last_mut().and_then(|b| b.cell.as_mut()) {
        cell.push('\n');
    }
}

/// A cell as a person reads it: entities decoded, white space collapsed within each line, the line breaks
/// of `<br>` kept, blank lines dropped.
fn clean(raw: &str) -> String {
    let decoded = decode_entities(raw);
    let mut out = String::with_capacity(decoded.len());
    for line in decoded.split('\n') {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&words.join(" "));
    }
    out
}

/// One tag: its lower-case name, whether it closes, its attributes' text and its length in bytes.
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
    len: usize,
}

impl<'a> Tag<'a> {
    /// The tag at the start of `text` (which starts with `<`), or None when the `<` opens no tag.
    fn read(text: &'a str) -> Option<Tag<'a>> {
        let bytes = text.as_bytes();
        let mut i = 1;
        let closing = bytes.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let start = i;
        while bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric()) {
            i += 1;
        }
        if i == start || !bytes[start].is_ascii_alphabetic() {
            return None;
        }
        let name = text[start..i].to_ascii_lowercase();
        // The tag ends at the first `>` outside a quoted attribute value; a quote opens a value only right
        // after its `=` (`title=O'Brien` is no quoted value).
        let attrs_start = i;
        let mut quote: Option<u8> = None;
        let mut after_equals = false;
        while let Some(&b) = bytes.get(i) {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if after_equals && (b == b'"' || b == b'\'') => quote = Some(b),
                None if b == b'>' => break,
                None => {}
            }
            if quote.is_none() && !b.is_ascii_whitespace() {
                after_equals = b == b'=';
            } else if quote.is_some() {
                after_equals = false;
            }
            i += 1;
        }
        let attrs = &text[attrs_start..i.min(text.len())];
        Some(Tag {
            name,
            closing,
            attrs,
            len: (i + 1).min(text.len()),
        })
    }

    /// The value of attribute `name` (case-insensitive; quoted or not).
    fn attr(&self, name: &str) -> Option<String> {
        let bytes = self.attrs.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            let start = i;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let key = &self.attrs[start..i];
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = None;
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let end =
                            memchr::memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |k| i + 1 + k);
                        value = Some(&self.attrs[i + 1..end]);
                        i = end + 1;
                    }
                    _ => {
                        let s = i;
                        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                            i += 1;
                        }
                        value = Some(&self.attrs[s..i]);
                    }
                }
            }
            if key.eq_ignore_ascii_case(name) {
                return Some(decode_entities(value.unwrap_or_default()).into_owned());
            }
            if i == start {
                i += 1;
            }
        }
        None
    }
}

/// The characters U+00C0 to U+00FF by their entity names (accented names are common in provider lists).
const LATIN1: [&str; 64] = [
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// The character an entity name stands for.
fn named_entity(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "copy" => '©',
        "reg" => '®',
        "deg" => '°',
        "middot" => '·',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "bull" => '•',
        _ => {
            let k = LATIN1.iter().position(|n| *n == name)?;
            char::from_u32(0xC0 + k as u32)?
        }
    };
    Some(c)
}

/// Entities decoded: `&amp;`, `&nbsp;`, `&#39;`, `&#x27;`, the Latin-1 letters; an unknown one stays as
/// written.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |k| k + 1);
        let name = &rest[1..end];
        let decoded = if let Some(number) = name.strip_prefix('#') {
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse::<u32>().ok(),
            };
            // A numeric reference to a windows-1252 code point (`&#146;`) means its character, as browsers read it.
            code.map(|c| match c {
                0x80..=0x9F => {
                    let byte = [c as u8];
                    encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(&byte)
                        .0
                        .chars()
                        .next()
                        .unwrap_or('\u{fffd}')
                }
                0 => '\u{fffd}',
                _ => char::from_u32(c).unwrap_or('\u{fffd}'),
            })
        } else {
            named_entity(name)
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Decode a page: the configured encoding, else its BOM, else UTF-8, else the `charset` its head names,
/// else windows-1252.
fn decode_page<'a>(spec: &SourceSpec, bytes: &'a [u8]) -> Cow<'a, str> {
    if spec.encoding.is_none()
        && std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).is_err()
    {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
        if let Some(at) = head.find("charset=") {
            let label: String = head[at + 8..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
                return enc.decode_without_bom_handling(bytes).0;
            }
        }
    }
    super::text::decode(bytes, spec.encoding).0
}

/// Read every table of a page, or say why it holds none.
fn read_tables(spec: &SourceSpec, bytes: &[u8]) -> Result<Vec<HtmlTable>> {
    let at = Location::file(&spec.path);
    if bytes.is_empty() {
        return Err(Error::input(
            &spec.name,
            at,
            "the file is empty (0 bytes) — export it again",
        ));
    }
    let text = decode_page(spec, bytes);
    let tables = tables(&text).map_err(|why| {
        Error::input(
            &spec.name,
            at.clone(),
            format!("{why}; export the table as CSV"),
        )
    })?;
    if tables.is_empty() {
        return Err(Error::input(
            &spec.name,
            at,
            "the file is a web page without a table (no `<table>`) — save the page that shows the list, or export it as CSV",
        ));
    }
    Ok(tables)
}

/// The names the tables of a page are known by, as `init` and error messages list them: "1", "2", …
pub fn sheet_names(spec: &SourceSpec, bytes: &[u8]) -> Result<Vec<String>> {
    Ok((1..=read_tables(spec, bytes)?.len())
        .map(|n| n.to_string())
        .collect())
}

/// Which table `sheet` names: its position ("2"), else its `id`, else its caption (case-insensitive).
fn choose(spec: &SourceSpec, tables: &[HtmlTable]) -> Result<usize> {
    let Some(wanted) = spec.sheet.as_deref() else {
        // The first table holding a row (an empty layout table is no sheet).
        return Ok(tables.iter().position(|t| !t.rows.is_empty()).unwrap_or(0));
    };
    let key = wanted.trim();
    if let Ok(n) = key.parse::<usize>()
        && (1..=tables.len()).contains(&n)
    {
        return Ok(n - 1);
    }
    let by = |name: &dyn Fn(&HtmlTable) -> Option<&String>| {
        tables
            .iter()
            .position(|t| name(t).is_some_and(|v| v.trim().eq_ignore_ascii_case(key)))
    };
    if let Some(i) = by(&|t| t.id.as_ref()).or_else(|| by(&|t| t.caption.as_ref())) {
        return Ok(i);
    }
    let found: Vec<String> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| describe(i, t))
        .collect();
    let names: Vec<String> = tables
        .iter()
        .flat_map(|t| t.id.iter().chain(t.caption.iter()).cloned())
        .collect();
    Err(Error::UnknownSheet {
        source_name: spec.name.clone(),
        at: Location::file(&spec.path),
        sheet: wanted.to_string(),
        suggestion: closest(wanted, names.iter().map(String::as_str)),
        found,
    })
}

/// A table as error messages list it: its position, and its caption or id when it has one (`2 (Licensees)`).
fn describe(i: usize, t: &HtmlTable) -> String {
    match t.caption.as_ref().or(t.id.as_ref()) {
        Some(name) => format!("{} ({})", i + 1, crate::error::one_line(name)),
        None => (i + 1).to_string(),
    }
}

/// The rows of the table a source names (default: the first table). Row numbers count the table's rows
/// from 1, as a person counts them on the page.
pub fn open_rows(spec: &SourceSpec, bytes: &[u8]) -> Result<TableRows> {
    let mut tables = read_tables(spec, bytes)?;
    let i = choose(spec, &tables)?;
    let table = std::mem::take(&mut tables[i]);
    let sheet = (i + 1).to_string();
    Ok(TableRows {
        location: Location::file(&spec.path).with_sheet(Some(&sheet)),
        format: format!(
            "HTML table {} of {} in {}",
            i + 1,
            tables.len(),
            if is_html_path(&spec.path) {
                "a web page"
            } else {
                "a web page named like a workbook"
            }
        ),
        rows: table.rows,
        next: 0,
    })
}

/// The rows of one HTML table.
pub struct TableRows {
    location: Location,
    format: String,
    rows: Vec<Vec<String>>,
    next: usize,
}

impl Rows for TableRows {
    fn next_row(&mut self, out: &mut RawRow) -> Result<bool> {
        let Some(row) = self.rows.get_mut(self.next) else {
            return Ok(false);
        };
        out.cells = std::mem::take(row);
        out.row = self.next as u64 + 1;
        out.span = (0, 0);
        out.defect = None;
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
        self.rows.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(html: &str) -> Vec<Vec<String>> {
        tables(html).unwrap().remove(0).rows
    }

    #[test]
    fn cells_are_read_as_a_person_sees_them() {
        let page = "<table><tr><th>Last&nbsp;Name</th><TD class=x title=O'Brien>O&#39;Brien &amp;\n  Sons</td></tr>\
                    <tr><td><b>Jos&eacute;</b><br>Line&nbsp;2<br/></td><td>&#x41;&lt;&unknown;</td></tr></table>";
        assert_eq!(
            rows(page),
            [
                vec!["Last Name", "O'Brien & Sons"],
                vec!["José\nLine 2", "A<&unknown;"]
            ]
        );
    }

    #[test]
    fn spans_fill_blank_cells_so_columns_stay_aligned() {
        let page = "<table><tr><td colspan=\"2\">A</td><td>B</td></tr>\
                    <tr><td rowspan='2'>C</td><td>D</td><td>E</td></tr>\
                    <tr><td>F</td><td>G</td></tr><tr><td>H</td></tr></table>";
        assert_eq!(
            rows(page),
            [
                vec!["A", "", "B"],
                vec!["C", "D", "E"],
                vec!["", "F", "G"],
                vec!["H"]
            ]
        );
    }

    #[test]
    fn tables_are_numbered_in_the_order_they_open_and_comments_are_skipped() {
        let page = "<!-- <table><tr><td>no</td></tr></table> --><script>var t='<table>';</b></SCRIPT>\
                    <table id=outer><caption>Board &amp; list</caption><tr><td>x<table><tr><td>inner</td></tr></table></td></tr></table>\
                    <table><tr><td>third";
        let t = tables(page).unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(t[0].id.as_deref(), Some("outer"));
        assert_eq!(t[0].caption.as_deref(), Some("Board & list"));
        assert_eq!(t[0].rows, [vec!["x"]]);
        assert_eq!(t[1].rows, [vec!["inner"]]);
        // A page cut short keeps the table it was reading.
        assert_eq!(t[2].rows, [vec!["third"]]);
    }

    #[test]
    fn any_soup_of_tags_and_text_reads_without_a_panic() {
        // Pages stitched from fragments by a fixed pseudo-random sequence: unclosed tags, quotes that never
        // close, stray `<` and `&`, spans of every size, multi-byte text cut anywhere a fragment ends.
        const PARTS: [&str; 24] = [
            "<table>",
            "</table>",
            "<tr>",
            "</tr>",
            "<td>",
            "</td>",
            "<th colspan=3>",
            "<td rowspan='4'>",
            "<td colspan=\"99999999999\">",
            "<br>",
            "<br/>",
            "&amp;",
            "&#x1F600;",
            "&#0;",
            "&",
            "<",
            "<!--",
            "-->",
            "<script>",
            "</script",
            "<td id=\"",
            "é",
            "text ",
            "<caption>",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..500 {
            let mut page = String::new();
            for _ in 0..40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                page.push_str(PARTS[(seed % PARTS.len() as u64) as usize]);
            }
            let _ = tables(&page);
        }
    }
}
