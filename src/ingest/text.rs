//! Delimited text: encoding, delimiter detection, records with the line each starts on.

use super::{RawRow, Rows};
use crate::config::SourceSpec;
use crate::error::{Error, Location, Result};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// Decode the bytes of a text source: the configured encoding, else UTF-8 (BOM allowed), else windows-1252.
/// UTF-8 text is borrowed, not copied.
pub fn decode<'a>(
    bytes: &'a [u8],
    forced: Option<&'static Encoding>,
) -> (Cow<'a, str>, &'static Encoding) {
    if let Some(enc) = forced {
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
    let probe = &bytes[..bytes.len().min(64 * 1024)];
    if probe.contains(&0) || looks_like_zip(bytes) {
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
        "{} text, {} delimited, {}",
        extension(spec),
        delimiter_name(delimiter),
        encoding.name().to_lowercase()
    );
    Ok(Decoded {
        text,
        delimiter,
        format,
    })
}

/// The records of a decoded delimited file, one at a time, each with the line it starts on.
pub struct Records<'a> {
    spec: &'a SourceSpec,
    text: &'a str,
    format: &'a str,
    reader: csv::Reader<&'a [u8]>,
    lines: LineCounter<'a>,
    record: csv::StringRecord,
}

impl<'a> Records<'a> {
    pub fn new(spec: &'a SourceSpec, decoded: &'a Decoded<'a>) -> Self {
        let text: &str = &decoded.text;
        Records {
            spec,
            text,
            format: &decoded.format,
            reader: csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(decoded.delimiter)
                .from_reader(text.as_bytes()),
            lines: LineCounter::new(text),
            record: csv::StringRecord::new(),
        }
    }
}

impl Rows for Records<'_> {
    fn next_row(&mut self, out: &mut RawRow) -> Result<bool> {
        let before = self.reader.position().byte() as usize;
        match self.reader.read_record(&mut self.record) {
            Ok(false) => Ok(false),
            Ok(true) => {
                let offset = self.record.position().map_or(before, |p| p.byte() as usize);
                let (row, start) = self.lines.record_start(offset);
                if self.record.len() > MAX_FIELDS {
                    return Err(Error::input(
                        &self.spec.name,
                        self.location().with_row(row),
                        format!(
                            "{} fields on one record, more than the {MAX_FIELDS} credrecon reads — not a table export; check the delimiter and line endings",
                            self.record.len()
                        ),
                    ));
                }
                let end = (self.reader.position().byte() as usize).max(start);
                out.row = row;
                out.span = (start, end);
                out.set_cells(self.record.iter());
                Ok(true)
            }
            Err(e) => {
                let (line, _) = self.lines.record_start(before);
                Err(Error::input(
                    &self.spec.name,
                    self.location().with_row(line),
                    format!("cannot parse the delimited text: {e}"),
                ))
            }
        }
    }

    fn raw(&self, row: &RawRow) -> String {
        self.text
            .get(row.span.0..row.span.1)
            .unwrap_or_default()
            .trim_end_matches(['\r', '\n'])
            .to_string()
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
        let read = self.reader.position();
        let per_record = (read.byte() as usize / (read.record() as usize).max(1)).max(1);
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

/// The line a record starts on, counted from the decoded text rather than taken from the csv crate: its
/// `Position::line` lags one line behind on CRLF files and after blank lines (rust-csv #395, #208), and its
/// byte offset may point at the line break before the record.
struct LineCounter<'a> {
    text: &'a [u8],
    /// Bytes before `pos` have been counted; `line` is the line `pos` is on.
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// (line, byte) of the record the csv reader placed at `offset`: line breaks before the record are
    /// skipped (a record never begins with one), and CRLF, LF and a lone CR each end one line.
    /// Offsets must not decrease from call to call.
    fn record_start(&mut self, offset: usize) -> (u64, usize) {
        let mut start = offset.clamp(self.pos, self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        for i in memchr::memchr2_iter(b'\n', b'\r', &self.text[self.pos..start]) {
            let at = self.pos + i;
            if self.text[at] == b'\n' || self.text.get(at + 1) != Some(&b'\n') {
                self.line += 1;
            }
        }
        self.pos = start;
        (self.line, start)
    }
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
