//! The NPPES file (~9 million rows × 330 columns, ~10 GB), read once in blocks. Each line's first field,
//! the NPI, is checked against the roster before anything else: only the roster's lines are split into
//! fields, and only the columns the rules use are kept.

use super::progress::Bar;
use super::{IssueKind, Loaded, Mapped, Record, Table, Value, ValueIssue};
use crate::config::{Profile, SourceSpec};
use crate::error::{Error, Location, Result};
use crate::model::Kind;
use crate::values::{self, DateValue};
use std::io::Read;

const NPI: &str = "NPI";
const ENTITY: &str = "Entity Type Code";
const LAST: &str = "Provider Last Name (Legal Name)";
const FIRST: &str = "Provider First Name";
const DEACTIVATED: &str = "NPI Deactivation Date";
const REACTIVATED: &str = "NPI Reactivation Date";
const TAXONOMY: &str = "Healthcare Provider Taxonomy Code_1";
const OTHER_LAST: &str = "Provider Other Last Name";
const OTHER_FIRST: &str = "Provider Other First Name";
const OTHER_TYPE: &str = "Provider Other Last Name Type Code";
/// The optional columns read when present, with the field each feeds.
const OPTIONAL: [(&str, &str); 6] = [
    ("deactivation_date", DEACTIVATED),
    ("reactivation_date", REACTIVATED),
    ("taxonomy_code", TAXONOMY),
    ("other_last_name", OTHER_LAST),
    ("other_first_name", OTHER_FIRST),
    ("other_name_type", OTHER_TYPE),
];

/// The first line of a text file, decoded leniently, split as CSV.
fn header_of(spec: &SourceSpec) -> Result<Vec<String>> {
    let mut file = std::fs::File::open(&spec.path).map_err(|cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    })?;
    let head = read_head(&mut file).map_err(|cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    })?;
    Ok(header_from(spec, &head))
}

/// The first bytes of a file or stream, where its header line is.
fn read_head(file: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut head = vec![0u8; 256 * 1024];
    let n = read_full(file, &mut head)?;
    head.truncate(n);
    Ok(head)
}

/// The header line of the first bytes of a file, decoded leniently, split as CSV.
fn header_from(spec: &SourceSpec, head: &[u8]) -> Vec<String> {
    let (text, _) = super::text::decode(head, spec.encoding);
    let first = text.lines().next().unwrap_or_default().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(first.as_bytes());
    reader
        .records()
        .next()
        .and_then(|r| r.ok())
        .map(|r| r.iter().map(|c| c.trim().to_string()).collect())
        .unwrap_or_default()
}

/// Bytes read from the file at a time.
const BLOCK: usize = 16 << 20;
/// A record continued over line breaks longer than this holds a quote that never closes.
const MAX_RECORD: usize = 256 * 1024;

/// What a scan of the file found.
struct Scan {
    /// The SHA-256 of the bytes scanned.
    hash: super::FileHash,
    /// Non-empty lines after the header.
    records: u64,
    frame: Table,
    detail: Table,
    issues: Vec<ValueIssue>,
    rejected: Vec<super::Rejected>,
}

/// Where the fields the rules read stand in the header.
struct Columns {
    npi: usize,
    entity: usize,
    last: usize,
    first: usize,
    deactivated: Option<usize>,
    reactivated: Option<usize>,
    taxonomy: Option<usize>,
    /// The provider's other name: last, first, type code.
    other: [Option<usize>; 3],
    licenses: Vec<(usize, usize)>,
}

/// Field `n` of a line as written, without its quotes or spaces: the NPI a line is filtered on, found
/// without splitting the line. An NPI holds no quote, so a field with doubled quotes is not one.
fn nth_field(line: &[u8], n: usize) -> &[u8] {
    let mut i = 0;
    for _ in 0..n {
        if line.get(i) == Some(&b'"') {
            // Skip the quoted text (doubled quotes close and reopen it), then up to the comma.
            i += 1;
            while let Some(k) = memchr::memchr(b'"', &line[i..]) {
                i += k + 1;
                if line.get(i) != Some(&b'"') {
                    break;
                }
                i += 1;
            }
        }
        match memchr::memchr(b',', &line[i.min(line.len())..]) {
            Some(k) => i += k + 1,
            None => return b"",
        }
    }
    let rest = &line[i.min(line.len())..];
    let field = match rest.split_first() {
        Some((b'"', inner)) => &inner[..memchr::memchr(b'"', inner).unwrap_or(inner.len())],
        _ => &rest[..memchr::memchr(b',', rest).unwrap_or(rest.len())],
    };
    field.trim_ascii()
}

/// Whether a line holds an odd number of `"`: a quoted field then goes on past its line break. Every
/// line of the file is counted, so the count runs in byte-wide lanes (chunks of 255 cannot overflow).
fn odd_quotes(line: &[u8]) -> bool {
    let mut odd = false;
    for chunk in line.chunks(255) {
        let n: u8 = chunk
            .iter()
            .map(|&b| u8::from(b == b'"'))
            .fold(0, u8::wrapping_add);
        odd ^= n % 2 == 1;
    }
    odd
}

/// The fields of one comma-separated line, RFC 4180 quoting undone (`"a ""b"""` → `a "b"`).
#[derive(Default)]
struct Fields {
    text: Vec<u8>,
    /// End of each field in `text`.
    ends: Vec<usize>,
}

impl Fields {
    fn split(&mut self, line: &[u8]) {
        self.text.clear();
        self.ends.clear();
        let n = line.len();
        let mut i = 0;
        loop {
            if line.get(i) == Some(&b'"') {
                i += 1;
                loop {
                    let Some(k) = memchr::memchr(b'"', &line[i..]) else {
                        self.text.extend_from_slice(&line[i..]);
                        i = n;
                        break;
                    };
                    self.text.extend_from_slice(&line[i..i + k]);
                    i += k + 1;
                    if line.get(i) == Some(&b'"') {
                        self.text.push(b'"');
                        i += 1;
                    } else {
                        break;
                    }
                }
            }
            // Unquoted text, or whatever follows a closing quote, up to the next comma.
            let k = memchr::memchr(b',', &line[i..]).unwrap_or(n - i);
            self.text.extend_from_slice(&line[i..i + k]);
            i += k;
            self.ends.push(self.text.len());
            if i >= n {
                break;
            }
            i += 1;
        }
    }

    /// Field `i` (empty past the last field).
    fn get(&self, i: usize) -> &[u8] {
        match self.ends.get(i) {
            Some(&end) => &self.text[if i == 0 { 0 } else { self.ends[i - 1] }..end],
            None => b"",
        }
    }
}

/// Turns the lines of the file into records, parsing only the lines whose NPI is wanted.
struct LineReader<'a> {
    spec: &'a SourceSpec,
    columns: &'a Columns,
    wanted: Option<rustc_hash::FxHashSet<&'a [u8]>>,
    fields: Fields,
    frame: Table,
    detail: Table,
    row: Record,
    license: Record,
    records: u64,
    issues: Vec<ValueIssue>,
    rejected: Vec<super::Rejected>,
}

impl LineReader<'_> {
    /// A record whose quote never closed: its first line is rejected, and each later line is read on its
    /// own (so one stray quote costs one line).
    fn unclosed(&mut self, record: &[u8], first: u64) {
        let mut parts = record.split(|&b| b == b'\n');
        let head = parts.next().unwrap_or_default();
        if first > 1 {
            self.records += 1;
            self.rejected.push(super::Rejected {
                source: self.spec.name.clone(),
                file: self.spec.path.clone(),
                sheet: None,
                row: first,
                reason: "unclosed quote: a field opens with `\"` that does not close — the line is set aside and reading goes on at the next".into(),
                raw: String::from_utf8_lossy(head.strip_suffix(b"\r").unwrap_or(head)).into_owned(),
            });
        }
        for (k, line) in parts.enumerate() {
            self.line(line, first + 1 + k as u64);
        }
    }

    /// One line of the file (without its line break), `number` counted from 1.
    fn line(&mut self, line: &[u8], number: u64) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if number == 1 || line.trim_ascii().is_empty() {
            return; // the header, or a blank line
        }
        self.records += 1;
        if let Some(wanted) = &self.wanted
            && !wanted.contains(nth_field(line, self.columns.npi))
        {
            return;
        }
        self.fields.split(line);
        let columns = self.columns;
        let encoding = self.spec.encoding.filter(|e| *e != encoding_rs::UTF_8);
        let field = |r: &Fields, i: usize| -> String {
            let bytes = r.get(i).trim_ascii();
            let text = match encoding {
                Some(e) => e.decode_without_bom_handling(bytes).0.into_owned(),
                None => String::from_utf8_lossy(bytes).into_owned(),
            };
            // A record continued across lines (a quoted line break) reads as one line of text.
            if text.contains(['\n', '\r']) {
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                text
            }
        };
        let npi = field(&self.fields, columns.npi);
        if npi.is_empty() {
            self.rejected.push(super::Rejected {
                source: self.spec.name.clone(),
                file: self.spec.path.clone(),
                sheet: None,
                row: number,
                reason: "no NPI".into(),
                raw: String::from_utf8_lossy(line).into_owned(),
            });
            return;
        }
        let r = &mut self.row;
        r.set_text("entity_type", field(&self.fields, columns.entity));
        r.set_text("last_name", field(&self.fields, columns.last));
        r.set_text("first_name", field(&self.fields, columns.first));
        if let Some(i) = columns.taxonomy {
            r.set_text("taxonomy_code", field(&self.fields, i));
        }
        for (name, column) in ["other_last_name", "other_first_name", "other_name_type"]
            .into_iter()
            .zip(columns.other)
        {
            if let Some(i) = column {
                r.set_text(name, field(&self.fields, i));
            }
        }
        for (name, column) in [
            ("deactivation_date", columns.deactivated),
            ("reactivation_date", columns.reactivated),
        ] {
            let Some(i) = column else { continue };
            let raw = field(&self.fields, i);
            match values::parse_date(&raw, self.spec.date_format.as_ref()) {
                DateValue::Date(d) => r.set(name, Value::Date(d)),
                DateValue::Empty => {}
                DateValue::Invalid => self.issues.push(ValueIssue {
                    kind: IssueKind::InvalidDate,
                    row: number,
                    field: name.to_string(),
                    raw,
                }),
            }
        }
        for &(n, s) in &columns.licenses {
            let number_text = field(&self.fields, n);
            if number_text.is_empty() {
                continue;
            }
            let l = &mut self.license;
            l.set_text("npi", npi.clone());
            l.set_text("license_number", number_text);
            l.set_text("license_state", field(&self.fields, s).to_uppercase());
            self.detail.push(number, l);
        }
        r.set_text("npi", npi);
        self.frame.push(number, r);
    }
}

/// Read the file in blocks and split them into records: a line, or several when a quoted field holds a
/// line break (the record's row is the line it starts on).
fn scan(
    spec: &SourceSpec,
    columns: &Columns,
    wanted: Option<&[String]>,
    bar: &Bar,
) -> Result<Scan> {
    let io = |cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    };
    let before = super::Snapshot::take(&spec.path).map_err(io)?;
    let file = std::fs::File::open(&spec.path).map_err(io)?;
    let (lines, scanned) = scan_from(spec, columns, wanted, file, BLOCK, bar)?;
    before.check(spec, &spec.path, scanned.len)?;
    Ok(Scan {
        hash: super::FileHash::verified_in_background(spec.path.clone(), scanned),
        records: lines.records,
        frame: lines.frame,
        detail: lines.detail,
        issues: lines.issues,
        rejected: lines.rejected,
    })
}

/// The records of an NPPES-layout text read in blocks of `block_size` bytes (the header line included).
fn scan_from<'a>(
    spec: &'a SourceSpec,
    columns: &'a Columns,
    wanted: Option<&'a [String]>,
    mut file: impl Read,
    block_size: usize,
    bar: &Bar,
) -> Result<(LineReader<'a>, super::Scanned)> {
    let io = |cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    };
    let mut sum = super::ScanSum::default();
    let frame = Table::for_kind(Kind::Nppes);
    let detail = Table::new(&[
        ("npi", false),
        ("license_number", false),
        ("license_state", false),
    ]);
    let mut lines = LineReader {
        spec,
        columns,
        wanted: wanted.map(|w| w.iter().map(|n| n.as_bytes()).collect()),
        fields: Fields::default(),
        row: frame.record(),
        license: detail.record(),
        frame,
        detail,
        records: 0,
        issues: Vec::new(),
        rejected: Vec::new(),
    };
    // The start of a line that continues in the next block; the lines of a record whose quoted field
    // holds a line break, with the line it started on.
    let mut carry: Vec<u8> = Vec::new();
    let mut open: Option<(Vec<u8>, u64)> = None;
    let mut number = 0u64;
    let mut block = vec![0u8; block_size.max(1)];
    let mut one = |line: &[u8], number: u64, lines: &mut LineReader| match open.as_mut() {
        None if odd_quotes(line) => open = Some((line.to_vec(), number)),
        None => lines.line(line, number),
        Some((record, _)) => {
            record.push(b'\n');
            record.extend_from_slice(line);
            if odd_quotes(line) {
                let (record, first) = open.take().expect("open");
                lines.line(&record, first);
            } else if record.len() > MAX_RECORD {
                // A quote that never closes: its first line is rejected, the rest read again as lines.
                let (record, first) = open.take().expect("open");
                lines.unclosed(&record, first);
            }
        }
    };
    loop {
        let n = read_full(&mut file, &mut block).map_err(io)?;
        if n == 0 {
            if !carry.is_empty() {
                number += 1;
                one(&carry, number, &mut lines);
            }
            break;
        }
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', &block[..n]) {
            number += 1;
            if carry.is_empty() {
                one(&block[start..end], number, &mut lines);
            } else {
                carry.extend_from_slice(&block[start..end]);
                one(&carry, number, &mut lines);
                carry.clear();
            }
            start = end + 1;
        }
        carry.extend_from_slice(&block[start..n]);
        sum.update(&block[..n]);
        bar.advance(n as u64);
    }
    if let Some((record, first)) = open.take() {
        lines.unclosed(&record, first);
    }
    Ok((lines, sum.finish()))
}

/// What a scan of NPPES-layout bytes found: records, NPIs kept, rows rejected (tests and fuzzing; a run
/// reads the file itself). The header is the first line; `block_size` sets where blocks end.
pub fn scan_bytes(
    spec: &SourceSpec,
    bytes: &[u8],
    wanted: Option<&[String]>,
    block_size: usize,
) -> Result<(u64, Vec<String>, Vec<super::Rejected>)> {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let mut fields = Fields::default();
    fields.split(first.strip_suffix(b"\r").unwrap_or(first));
    let header: Vec<String> = (0..fields.ends.len())
        .map(|i| String::from_utf8_lossy(fields.get(i)).trim().to_string())
        .collect();
    let columns = columns_of(spec, &header)?;
    let (lines, _) = scan_from(spec, &columns, wanted, bytes, block_size, &Bar::hidden())?;
    let kept = lines.frame.text("npi").into_iter().flatten().collect();
    Ok((lines.records, kept, lines.rejected))
}

/// Fill `buffer` from `file` as far as the file goes; the number of bytes read.
fn read_full(file: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Where the fields the rules read stand in an NPPES header; the four it cannot do without must be there.
fn columns_of(spec: &SourceSpec, header: &[String]) -> Result<Columns> {
    let at = Location::file(&spec.path);
    let present = |h: &str| header.iter().any(|c| c == h);
    for required in [NPI, ENTITY, LAST, FIRST] {
        if !present(required) {
            return Err(Error::MissingColumn {
                source_name: spec.name.clone(),
                at: at.clone(),
                field: required.to_string(),
                found: header.iter().take(12).cloned().collect(),
                suggestion: None,
            });
        }
    }
    let position = |h: &str| header.iter().position(|c| c == h);
    let licenses: Vec<(String, String)> = super::profiles::nppes_license_headers()
        .into_iter()
        .filter(|(n, s)| present(n) && present(s))
        .collect();
    let columns = Columns {
        npi: position(NPI).expect("checked above"),
        entity: position(ENTITY).expect("checked above"),
        last: position(LAST).expect("checked above"),
        first: position(FIRST).expect("checked above"),
        deactivated: position(DEACTIVATED),
        reactivated: position(REACTIVATED),
        taxonomy: position(TAXONOMY),
        other: [
            position(OTHER_LAST),
            position(OTHER_FIRST),
            position(OTHER_TYPE),
        ],
        licenses: licenses
            .iter()
            .filter_map(|(n, s)| Some((position(n)?, position(s)?)))
            .collect(),
    };
    Ok(columns)
}

/// Whether a header is NPPES's (or the source says it is), in an encoding read line by line as bytes.
fn is_nppes(spec: &SourceSpec, header: &[String]) -> bool {
    let is_nppes = spec.profile == Some(Profile::Nppes)
        || super::profiles::detect(header) == Some(Profile::Nppes);
    // UTF-16 text is not read line by line as bytes: such a file is read like any other source.
    let utf16 = spec
        .encoding
        .is_some_and(|e| e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE);
    is_nppes && !utf16
}

/// Load an NPPES-format file, keeping only `wanted` NPIs when given.
/// Returns None when the file does not carry the NPPES header (it is then read like any other source).
pub fn try_load(spec: &SourceSpec, wanted: Option<&[String]>, bar: &Bar) -> Result<Option<Loaded>> {
    let header = header_of(spec)?;
    if !is_nppes(spec, &header) {
        return Ok(None);
    }
    let columns = columns_of(spec, &header)?;
    let read = scan(spec, &columns, wanted, bar)?;
    Ok(Some(loaded(spec, &header, wanted, read)))
}

/// Load NPPES-format text from a stream (an archive's member), in flat memory whatever its length; the
/// SHA-256 is left to the caller, with what the scan consumed. None when the text does not carry the
/// NPPES header.
pub fn try_load_stream(
    spec: &SourceSpec,
    wanted: Option<&[String]>,
    mut stream: impl Read,
    bar: &Bar,
) -> Result<Option<(Loaded, super::Scanned)>> {
    let head = read_head(&mut stream).map_err(|cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    })?;
    let header = header_from(spec, &head);
    if !is_nppes(spec, &header) {
        return Ok(None);
    }
    let columns = columns_of(spec, &header)?;
    let whole = std::io::Cursor::new(head).chain(stream);
    let (lines, scanned) = scan_from(spec, &columns, wanted, whole, BLOCK, bar)?;
    let read = Scan {
        hash: super::FileHash::default(),
        records: lines.records,
        frame: lines.frame,
        detail: lines.detail,
        issues: lines.issues,
        rejected: lines.rejected,
    };
    Ok(Some((loaded(spec, &header, wanted, read), scanned)))
}

/// The source as the scan read it.
fn loaded(spec: &SourceSpec, header: &[String], wanted: Option<&[String]>, read: Scan) -> Loaded {
    let present = |h: &str| header.iter().any(|c| c == h);
    let licenses: Vec<(String, String)> = super::profiles::nppes_license_headers()
        .into_iter()
        .filter(|(n, s)| present(n) && present(s))
        .collect();
    let mut mapping: Vec<Mapped> = [
        ("npi", NPI),
        ("entity_type", ENTITY),
        ("last_name", LAST),
        ("first_name", FIRST),
    ]
    .into_iter()
    .chain(OPTIONAL)
    .filter(|(_, h)| present(h))
    .map(|(field, header)| Mapped {
        field: field.into(),
        header: header.into(),
    })
    .collect();
    if let Some((n, s)) = licenses.first() {
        mapping.push(Mapped {
            field: "license_number".into(),
            header: format!("{n} … _{}", licenses.len()),
        });
        mapping.push(Mapped {
            field: "license_state".into(),
            header: format!("{s} … _{}", licenses.len()),
        });
    }
    let used = 4 + OPTIONAL.iter().filter(|(_, h)| present(h)).count() + 2 * licenses.len();
    let unused_count = header.len().saturating_sub(used);
    Loaded {
        name: spec.name.clone(),
        kind: Kind::Nppes,
        profile: Some(Profile::Nppes),
        profile_detected: spec.profile.is_none(),
        file: spec.path.clone(),
        sheet: None,
        member: None,
        format: format!(
            "NPPES csv, {} columns, {} read{}",
            header.len(),
            used,
            if wanted.is_some() {
                " (roster NPIs only)"
            } else {
                ""
            }
        ),
        header_row: 1,
        mapping,
        unused_headers: vec![format!("{unused_count} other NPPES columns (not read)")],
        rows_read: read.records,
        rejected: read.rejected,
        issues: read.issues,
        sha256: read.hash,
        frame: read.frame,
        detail: Some(read.detail),
        truncation: None,
        states: Default::default(),
        unkept_issues: 0,
        raws: Default::default(),
        aliases: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<String> {
        let mut f = Fields::default();
        f.split(line.as_bytes());
        (0..f.ends.len())
            .map(|i| String::from_utf8_lossy(f.get(i)).into_owned())
            .collect()
    }

    #[test]
    fn fields_split_on_commas_outside_quotes() {
        assert_eq!(
            split(r#""1234567893","1","SMITH, JR","""DOC"" JONES""#),
            ["1234567893", "1", "SMITH, JR", "\"DOC\" JONES"]
        );
        assert_eq!(split("a,,b,"), ["a", "", "b", ""]);
        assert_eq!(split(""), [""]);
        // An unterminated quote runs to the end of the line.
        assert_eq!(split(r#"1,"abc"#), ["1", "abc"]);
    }

    #[test]
    fn the_npi_is_read_before_any_other_field() {
        assert_eq!(nth_field(br#""1234567893","x""#, 0), b"1234567893");
        assert_eq!(nth_field(b" 1234567893 ,x", 0), b"1234567893");
        assert_eq!(nth_field(b"", 0), b"");
        // The NPI column need not be the first: quoted commas and doubled quotes are skipped over.
        let line = br#""a, ""b""",x,"1234567893",y"#;
        assert_eq!(nth_field(line, 2), b"1234567893");
        assert_eq!(nth_field(line, 1), b"x");
        assert_eq!(nth_field(line, 9), b"");
        assert!(odd_quotes(br#""1","a"#));
        assert!(!odd_quotes(br#""1","a""b""#));
        // Longer than one counting chunk: 301 quotes in 600 bytes is odd, 300 is even.
        let mut long = b"\"x".repeat(300);
        assert!(!odd_quotes(&long));
        long.push(b'"');
        assert!(odd_quotes(&long));
    }

    #[test]
    fn records_are_the_same_whatever_the_block_size() {
        let text = "\"NPI\",\"Entity Type Code\",\"Provider Last Name (Legal Name)\",\"Provider First Name\"\r\n\
\"1000000004\",\"1\",\"ABLE\",\"AMY\"\r\n\
\"1000000012\",\"1\",\"BA\nKER\",\"BEN\"\r\n\
\r\n\
\"1000000020\",\"1\",\"COLE\",\"CAT\"";
        let spec = SourceSpec::probe(std::path::Path::new("npidata.csv"), Kind::Nppes);
        let wanted = ["1000000012".to_string(), "1000000020".to_string()];
        for size in [1, 2, 3, 7, 16, 64, 1 << 20] {
            let (records, kept, rejected) =
                scan_bytes(&spec, text.as_bytes(), Some(&wanted), size).unwrap();
            // Three records (the second spans lines 3-4, the blank line 5 is none), two wanted.
            assert_eq!(records, 3, "block {size}");
            assert_eq!(kept, ["1000000012", "1000000020"], "block {size}");
            assert!(rejected.is_empty(), "block {size}");
        }
    }
}
