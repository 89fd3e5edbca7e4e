//! Delimited text: encoding, delimiter detection, records with the line each starts on.

use super::{RawRow, Rows};
use crate::config::SourceSpec;
use crate::error::{Error, Location, Result};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// Decode the bytes of a text source: the configured encoding, else the encoding its BOM names (UTF-8,
/// UTF-16LE, UTF-16BE), else UTF-8, else windows-1252. UTF-8 text is borrowed, not copied.
pub fn decode<'a>(
    bytes: &'a [u8],
    forced: Option<&'static Encoding>,
) -> (Cow<'a, str>, &'static Encoding) {
    if let Some(enc) = forced {
        let (text, _, _) = enc.decode(bytes);
        return (text, enc);
    }
    if let Some((enc, _)) = Encoding::for_bom(bytes)
        && enc != UTF_8
    {
        let (text, _, _) = enc.decode(bytes);
        return (text, enc);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => (Cow::Borrowed(text), UTF_8),
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, WINDOWS_1252)
        }
    }
}

/// UTF-16 by the configured encoding or the BOM: its bytes hold NULs that are not binary data.
fn is_utf16(bytes: &[u8], forced: Option<&'static Encoding>) -> bool {
    let utf16 = |e: &'static Encoding| e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE;
    forced.map_or_else(
        || Encoding::for_bom(bytes).is_some_and(|(e, _)| utf16(e)),
        utf16,
    )
}

/// The delimiter among comma, tab, pipe and semicolon that splits the first lines most consistently.
pub fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (b',', 0usize, 0usize);
    for delim in [b',', b'\t', b'|', b';'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, delim))
            .collect();
        let mut freq = std::collections::BTreeMap::new();
        for &c in counts.iter().filter(|&&c| c > 0) {
            *freq.entry(c).or_insert(0usize) += 1;
        }
        // The most common non-zero count, and on how many lines it occurs.
        if let Some((&count, &lines_agreeing)) = freq.iter().max_by_key(|(c, n)| (**n, **c))
            && (lines_agreeing, count) > (best.1, best.2)
        {
            best = (delim, lines_agreeing, count);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delim: u8) -> usize {
    let mut in_quotes = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == delim && !in_quotes {
            n += 1;
        }
    }
    n
}

pub fn delimiter_name(delim: u8) -> &'static str {
    match delim {
        b',' => "comma",
        b'\t' => "tab",
        b'|' => "pipe",
        b';' => "semicolon",
        _ => "other",
    }
}

/// More fields than this on one record is not a table (Excel itself stops at 16,384 columns).
pub const MAX_FIELDS: usize = 100_000;

/// A delimited file, decoded and checked, ready to be read record by record.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub delimiter: u8,
    pub format: String,
    /// The field count most complete single-line records have (of the first lines), if any.
    pub width: Option<usize>,
}

/// What a record of this file is expected to hold: the most common field count among the first 200
/// records that fit on one line (a stray quote can run a record over the next lines, a single line
/// cannot), or among all of them when every record spans lines.
fn usual_width(spec: &SourceSpec, decoded: &Decoded) -> Option<usize> {
    type Counts = std::collections::BTreeMap<usize, usize>;
    let mut records = Records::new(spec, decoded);
    let (mut single, mut all) = (Counts::new(), Counts::new());
    let mut row = RawRow::default();
    for _ in 0..200 {
        match records.next_row(&mut row) {
            Ok(true) if row.defect.is_none() && !row.cells.iter().all(|c| c.trim().is_empty()) => {
                let text = decoded.text.get(row.span.0..row.span.1).unwrap_or_default();
                if !text.trim_end_matches(['\r', '\n']).contains(['\r', '\n']) {
                    *single.entry(row.cells.len()).or_insert(0) += 1;
                }
                *all.entry(row.cells.len()).or_insert(0) += 1;
            }
            Ok(true) => {}
            _ => break,
        }
    }
    let counts = if single.is_empty() { all } else { single };
    counts
        .into_iter()
        .max_by_key(|&(fields, n)| (n, fields))
        .map(|(fields, _)| fields)
}

/// Check and decode the bytes of a delimited text file, and find its delimiter.
pub fn prepare<'a>(spec: &SourceSpec, bytes: &'a [u8]) -> Result<Decoded<'a>> {
    let at = Location::file(&spec.path);
    if bytes.is_empty() {
        return Err(Error::input(
            &spec.name,
            at,
            "the file is empty (0 bytes) — export it again",
        ));
    }
    // A binary file is full of control bytes (NUL and the like); a text file with a stray NUL is still
    // text, and only the record holding it is rejected.
    let probe = &bytes[..bytes.len().min(64 * 1024)];
    let controls = probe
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    let binary = !is_utf16(bytes, spec.encoding) && controls * 100 > probe.len();
    if binary || looks_like_zip(bytes) {
        return Err(Error::input(
            &spec.name,
            at,
            "binary data, not delimited text — export the file as CSV, or name a workbook .xlsx/.xls/.ods",
        ));
    }
    let (text, encoding) = decode(bytes, spec.encoding);
    let delimiter = spec.delimiter.unwrap_or_else(|| detect_delimiter(&text));
    // A line with more delimiters than any table has is refused before the parser holds it in memory.
    // Only a line longer than MAX_FIELDS bytes can hold that many, so only those are counted.
    let bytes = text.as_bytes();
    let (mut start, mut line) = (0usize, 1u64);
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let this = &bytes[start..end];
        if this.len() >= MAX_FIELDS {
            let fields = memchr::memchr_iter(delimiter, this).count() + 1;
            if fields > MAX_FIELDS {
                return Err(Error::input(
                    &spec.name,
                    at.with_row(line),
                    format!(
                        "{fields} fields on one line, more than the {MAX_FIELDS} credrecon reads — not a table export; check the delimiter and line endings"
                    ),
                ));
            }
        }
        start = end + 1;
        line += 1;
    }
    let format = format!(
        "{} text, {} delimited, {}{}",
        extension(spec),
        delimiter_name(delimiter),
        encoding.name().to_lowercase(),
        if spec.quoting { "" } else { ", no quoting" }
    );
    let mut decoded = Decoded {
        text,
        delimiter,
        format,
        width: None,
    };
    decoded.width = usual_width(spec, &decoded);
    Ok(decoded)
}

/// The records of a decoded delimited file, one at a time, each with the line it starts on.
///
/// One quoting policy for every text file (SPEC 3.4): a field that starts with `"` is quoted and may hold
/// delimiters, doubled quotes and line breaks; a `"` anywhere else is text. A quoted field that is not
/// closed, or whose record would span lines without coming out at the file's usual width, is an
/// `unclosed quote`: that one line is rejected and reading goes on at the next, so one bad row never
/// costs another. With `quote = "none"` every `"` is text.
pub struct Records<'a> {
    spec: &'a SourceSpec,
    text: &'a str,
    format: &'a str,
    delimiter: u8,
    quoting: bool,
    /// The field count most single-line records of the file have.
    width: Option<usize>,
    pos: usize,
    line: u64,
    records: u64,
}

/// A quoted field may span at most this many lines and bytes; past that the quote counts as unclosed.
const MAX_QUOTED_LINES: u64 = 100;
const MAX_QUOTED_BYTES: usize = 64 * 1024;

/// How one record came out.
enum Parsed {
    /// The record ends at this byte (after its line break), having crossed this many line breaks.
    Record { end: usize, breaks: u64 },
    /// A quote opened at the record's first line is not closed as a record can be.
    Unclosed,
}

impl<'a> Records<'a> {
    pub fn new(spec: &'a SourceSpec, decoded: &'a Decoded<'a>) -> Self {
        Records {
            spec,
            text: &decoded.text,
            format: &decoded.format,
            delimiter: decoded.delimiter,
            quoting: spec.quoting,
            width: decoded.width,
            pos: 0,
            line: 1,
            records: 0,
        }
    }

    /// The end of the physical line starting at `from`: (end of its text, start of the next line).
    fn line_end(&self, from: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        match memchr::memchr2(b'\n', b'\r', &bytes[from..]) {
            None => (bytes.len(), bytes.len()),
            Some(i) => {
                let at = from + i;
                let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                    at + 2
                } else {
                    at + 1
                };
                (at, next)
            }
        }
    }

    /// Parse the record starting at `start` into `cells`.
    fn parse(&self, start: usize, cells: &mut Vec<String>) -> Parsed {
        let bytes = self.text.as_bytes();
        let delim = self.delimiter;
        let mut n = 0usize;
        let mut i = start;
        let mut breaks = 0u64;
        let field = |n: &mut usize, cells: &mut Vec<String>| -> usize {
            if *n == cells.len() {
                cells.push(String::new());
            } else {
                cells[*n].clear();
            }
            *n += 1;
            *n - 1
        };
        loop {
            let k = field(&mut n, cells);
            if self.quoting && bytes.get(i) == Some(&b'"') {
                let opened = i;
                i += 1;
                loop {
                    let Some(q) = memchr::memchr(b'"', &bytes[i..]) else {
                        return Parsed::Unclosed;
                    };
                    let piece = &self.text[i..i + q];
                    let crossed = memchr::memchr_iter(b'\n', piece.as_bytes()).count() as u64
                        + piece
                            .as_bytes()
                            .windows(2)
                            .filter(|w| w[0] == b'\r' && w[1] != b'\n')
                            .count() as u64
                        + u64::from(piece.ends_with('\r'));
                    breaks += crossed;
                    if breaks > 0
                        && (breaks > MAX_QUOTED_LINES || i + q - opened > MAX_QUOTED_BYTES)
                    {
                        return Parsed::Unclosed;
                    }
                    cells[k].push_str(piece);
                    i += q + 1;
                    if bytes.get(i) == Some(&b'"') {
                        cells[k].push('"');
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            // The unquoted part (all of an unquoted field; text after a closing quote).
            let rest = &bytes[i..];
            let stop = memchr::memchr3(delim, b'\n', b'\r', rest).unwrap_or(rest.len());
            cells[k].push_str(&self.text[i..i + stop]);
            i += stop;
            match bytes.get(i) {
                Some(&b) if b == delim => i += 1,
                _ => break,
            }
        }
        cells.truncate(n);
        let (_, end) = if i >= bytes.len() {
            (i, i)
        } else {
            self.line_end(i)
        };
        if breaks > 0 && self.width.is_some_and(|w| w != n) {
            return Parsed::Unclosed;
        }
        Parsed::Record { end, breaks }
    }
}

impl Rows for Records<'_> {
    fn next_row(&mut self, out: &mut RawRow) -> Result<bool> {
        let bytes = self.text.as_bytes();
        // Empty lines are not records.
        while self.pos < bytes.len() && matches!(bytes[self.pos], b'\n' | b'\r') {
            let (_, next) = self.line_end(self.pos);
            self.pos = next;
            self.line += 1;
        }
        if self.pos >= bytes.len() {
            return Ok(false);
        }
        let start = self.pos;
        out.row = self.line;
        out.defect = None;
        match self.parse(start, &mut out.cells) {
            Parsed::Record { end, breaks } => {
                if out.cells.len() > MAX_FIELDS {
                    return Err(Error::input(
                        &self.spec.name,
                        self.location().with_row(out.row),
                        format!(
                            "{} fields on one record, more than the {MAX_FIELDS} credrecon reads — not a table export; check the delimiter and line endings",
                            out.cells.len()
                        ),
                    ));
                }
                out.span = (start, end);
                self.pos = end;
                self.line += 1 + breaks;
                if memchr::memchr(0, &bytes[start..end]).is_some() {
                    out.defect = Some("a NUL byte in the record".to_string());
                }
            }
            Parsed::Unclosed => {
                // Only the record's first line goes; the next line is read as a record of its own.
                let (text_end, next) = self.line_end(start);
                out.span = (start, text_end);
                out.cells.clear();
                out.cells.push(self.text[start..text_end].to_string());
                out.defect = Some(
                    "unclosed quote: a field opens with `\"` that does not close on this line — the line is set aside and reading goes on at the next (set quote = \"none\" if `\"` is ordinary text in this file)"
                        .to_string(),
                );
                self.pos = next;
                self.line += 1;
            }
        }
        self.records += 1;
        Ok(true)
    }

    fn raw(&self, row: &RawRow) -> String {
        self.text
            .get(row.span.0..row.span.1)
            .unwrap_or_default()
            .trim_end_matches(['\r', '\n'])
            .replace('\0', "\u{FFFD}")
    }

    fn delimited(&self) -> bool {
        true
    }

    fn location(&self) -> Location {
        Location::file(&self.spec.path)
    }

    fn format(&self) -> String {
        self.format.to_string()
    }

    fn estimated_rows(&self) -> usize {
        // The average length of the records read so far, over the whole text.
        let per_record = (self.pos / (self.records as usize).max(1)).max(1);
        self.text.len() / per_record
    }
}

/// Every record of a delimited file (tests and tools; a run reads them one at a time).
pub fn read_all(spec: &SourceSpec, bytes: &[u8]) -> Result<Vec<RawRow>> {
    let decoded = prepare(spec, bytes)?;
    let mut records = Records::new(spec, &decoded);
    let mut out = Vec::new();
    let mut row = RawRow::default();
    while records.next_row(&mut row)? {
        out.push(row.clone());
    }
    Ok(out)
}

fn looks_like_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

fn extension(spec: &SourceSpec) -> String {
    spec.path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_else(|| "plain".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_delimiter() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(detect_delimiter("a|b|c\n1|2, Jr|3\n"), b'|');
        // Commas inside quotes do not count.
        assert_eq!(detect_delimiter("\"x, y\"|b\n\"1,2,3\"|4\n"), b'|');
    }

    /// The line each record of `text` starts on, as `read` numbers them.
    fn record_lines(text: &str) -> Vec<(u64, Vec<String>)> {
        let spec = SourceSpec::probe(std::path::Path::new("t.csv"), crate::model::Kind::Roster);
        read_all(&spec, text.as_bytes())
            .unwrap()
            .into_iter()
            .map(|r| (r.row, r.cells))
            .collect()
    }

    #[test]
    fn records_start_on_the_right_line_whatever_the_line_ending() {
        for eol in ["\n", "\r\n", "\r"] {
            let text = format!("h1,h2{eol}a,b{eol}c,\"x{eol}y\"{eol}{eol}d,e{eol}");
            let lines: Vec<u64> = record_lines(&text).iter().map(|(l, _)| *l).collect();
            assert_eq!(lines, [1, 2, 3, 6], "line ending {eol:?}");
        }
    }

    #[test]
    fn a_record_quotes_as_its_own_text_without_line_breaks() {
        let text = "h1,h2\r\na,\"b\r\nb\"\r\n\r\nc,d";
        let spec = SourceSpec::probe(std::path::Path::new("t.csv"), crate::model::Kind::Roster);
        let decoded = prepare(&spec, text.as_bytes()).unwrap();
        let mut records = Records::new(&spec, &decoded);
        let mut row = RawRow::default();
        let mut raws = Vec::new();
        while records.next_row(&mut row).unwrap() {
            raws.push((row.row, records.raw(&row)));
        }
        assert_eq!(
            raws,
            [
                (1, "h1,h2".to_string()),
                (2, "a,\"b\r\nb\"".to_string()),
                (5, "c,d".to_string())
            ]
        );
    }

    #[test]
    fn utf8_bom_is_dropped_and_cp1252_is_detected() {
        let (text, enc) = decode(b"\xEF\xBB\xBFName\n", None);
        assert_eq!((&*text, enc), ("Name\n", UTF_8));
        // 0xF1 is n-tilde in windows-1252 and not valid UTF-8 here.
        let (text, enc) = decode(b"Mu\xF1oz\n", None);
        assert_eq!((&*text, enc), ("Mu\u{f1}oz\n", WINDOWS_1252));
    }
}
