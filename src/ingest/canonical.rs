//! A source's rows, one at a time, → canonical values in a frame, value issues (unreadable dates, unknown
//! statuses) and rejected rows (repeated headers, summary rows, rows of the wrong width or with no
//! identifier).

use super::header::find_header;
use super::layout::{Layout, column_letters, layout};
use super::progress::Bar;
use super::{
    FileHash, IssueKind, Loaded, RawRow, Record, Rejected, Rows, Table, Value, ValueIssue, Wanted,
    credentials, profiles,
};
use crate::config::{SourceSpec, normalize_value_key};
use crate::error::{Error, Location, Result};
use crate::model::{FieldClass, FieldDef, Kind};
use crate::values::{self, DateValue};
use std::collections::BTreeSet;

/// Interpret rows as they are read: header, layout, then each data row → canonical values, issues or a
/// rejection.
/// With `keep`, a board row whose license number is not the organization's is read and checked, not kept.
pub fn canonicalize(
    spec: &SourceSpec,
    rows: &mut dyn Rows,
    keep: Option<&Wanted>,
) -> Result<Loaded> {
    canonicalize_with(spec, rows, keep, &Bar::hidden())
}

/// Rows between two moves of a progress bar (the bar is never moved per row).
const BAR_EVERY_ROWS: u64 = 16_384;

/// [`canonicalize`], moving `bar` to the byte each 16,384th delimited record ends at.
pub(super) fn canonicalize_with(
    spec: &SourceSpec,
    rows: &mut dyn Rows,
    keep: Option<&Wanted>,
    bar: &Bar,
) -> Result<Loaded> {
    let at = rows.location();
    let (seen, header_idx) = find_header(spec, rows)?;
    // A headerless file's columns are named by number: its header is `1`, `2`, … as wide as its first row.
    let detected_headerless;
    let auto_headerless = header_idx.is_none() && !spec.headerless;
    let (spec, header_row, header, first_data) = match header_idx {
        Some(i) => {
            let header: Vec<String> = seen[i].cells.iter().map(|c| c.trim().to_string()).collect();
            (spec, seen[i].row, header, i + 1)
        }
        None => {
            let spec = if spec.headerless {
                spec
            } else {
                detected_headerless = SourceSpec {
                    profile: profiles::detect_headerless(
                        &seen
                            .iter()
                            .find(|r| !r.is_blank())
                            .map(|r| r.cells.clone())
                            .unwrap_or_default(),
                    ),
                    headerless: true,
                    ..spec.clone()
                };
                &detected_headerless
            };
            let width = seen.iter().map(|r| r.cells.len()).max().unwrap_or(0);
            for (field, column) in &spec.columns {
                if column.parse::<usize>().is_ok_and(|n| n > width) {
                    return Err(Error::input(
                        &spec.name,
                        at.clone(),
                        format!(
                            "[sources.columns] {field} = \"{column}\", but the rows have {width} columns (1 to {width}, A to {})",
                            column_letters(width)
                        ),
                    ));
                }
            }
            let header: Vec<String> = (1..=width).map(|n| n.to_string()).collect();
            (spec, 0, header, 0)
        }
    };
    let header_at = if header_row == 0 {
        at.clone()
    } else {
        at.clone().with_row(header_row)
    };
    let mut layout = layout(spec, &header, &header_at)?;
    if auto_headerless {
        layout.profile_detected = true;
    }
    let width = header
        .iter()
        .rposition(|h| !h.is_empty())
        .map_or(0, |i| i + 1);
    let mut reader = Canonical {
        spec,
        layout: &layout,
        header_cells: if header_idx.is_some() {
            header.clone()
        } else {
            Vec::new()
        },
        header_len: header.len(),
        width,
        delimited: rows.delimited(),
        at: &at,
        targets: spec
            .kind
            .fields()
            .iter()
            .enumerate()
            .filter_map(|(slot, def)| Some((slot, def, *layout.fields.get(def.name)?)))
            .collect(),
        statuses: rustc_hash::FxHashMap::default(),
        keep,
        states: BTreeSet::new(),
        unkept_issues: 0,
        frame: Table::for_kind(spec.kind),
        record: Table::for_kind(spec.kind).record(),
        creds: credentials::Builder::new(spec.kind == Kind::Roster && !layout.groups.is_empty()),
        rejected: Vec::new(),
        issues: Vec::new(),
        rows_read: 0,
        raws: std::collections::HashMap::new(),
    };
    if keep.is_none() {
        reader.frame.reserve(rows.estimated_rows());
    }
    for row in &seen[first_data..] {
        reader.row(row, &*rows);
    }
    let mut row = RawRow::default();
    let mut count = 0u64;
    while rows.next_row(&mut row)? {
        reader.row(&row, &*rows);
        count += 1;
        if count.is_multiple_of(BAR_EVERY_ROWS) {
            bar.set(row.span.1 as u64);
        }
    }
    let truncation = layout.profile.and_then(|p| profiles::def(p).truncation);
    Ok(Loaded {
        name: spec.name.clone(),
        kind: spec.kind,
        profile: layout.profile,
        profile_detected: layout.profile_detected,
        file: at.file.clone(),
        sheet: at.sheet.clone(),
        member: None,
        format: rows.format(),
        header_row,
        mapping: layout.mapping.clone(),
        unused_headers: layout.unused.clone(),
        rows_read: reader.rows_read,
        rejected: reader.rejected,
        issues: reader.issues,
        sha256: FileHash::default(),
        frame: reader.frame,
        detail: reader.creds.finish(),
        states: reader.states,
        unkept_issues: reader.unkept_issues,
        raws: reader.raws,
        truncation,
        aliases: None,
    })
}

/// The state of one source's canonicalization, row after row.
struct Canonical<'a> {
    spec: &'a SourceSpec,
    layout: &'a Layout,
    /// The header's cells, trimmed (a repeated header row is recognised by them).
    header_cells: Vec<String>,
    header_len: usize,
    /// Cells up to the last named header.
    width: usize,
    delimited: bool,
    at: &'a Location,
    /// (record slot, field, column) of each mapped field.
    targets: Vec<(usize, &'static FieldDef, usize)>,
    /// Canonical status of each distinct status text seen (a file has a handful).
    statuses: rustc_hash::FxHashMap<String, Option<String>>,
    keep: Option<&'a Wanted>,
    states: BTreeSet<String>,
    /// Unreadable values in rows not kept.
    unkept_issues: u64,
    frame: Table,
    record: Record,
    creds: credentials::Builder,
    rejected: Vec<Rejected>,
    issues: Vec<ValueIssue>,
    rows_read: u64,
    raws: std::collections::HashMap<u64, String>,
}

impl Canonical<'_> {
    fn row(&mut self, row: &RawRow, rows: &dyn Rows) {
        if row.is_blank() {
            return;
        }
        self.rows_read += 1;
        if let Some(reason) = &row.defect {
            self.reject(row, rows, reason.clone());
            return;
        }
        if self.delimited {
            let used = row
                .cells
                .iter()
                .rposition(|c| !c.is_empty())
                .map_or(0, |i| i + 1);
            if row.cells.len() < self.width
                || (row.cells.len() > self.header_len && used > self.width)
            {
                let reason = format!(
                    "{} fields where the header has {}",
                    row.cells.len(),
                    self.header_len
                );
                self.reject(row, rows, reason);
                return;
            }
        }
        if let Some(reason) = self.not_data(row) {
            self.reject(row, rows, reason);
            return;
        }
        if self.skim(row) {
            return;
        }
        let issues_before = self.issues.len();
        RowReader {
            spec: self.spec,
            layout: self.layout,
            cells: &row.cells,
            row: row.row,
            issues: &mut self.issues,
            statuses: &mut self.statuses,
        }
        .read(&self.targets, &mut self.record);
        if let Some(reason) = missing_identifier(self.spec.kind, &self.record) {
            // A rejected row raises no finding (SPEC 3.4): its value problems go with it.
            self.issues.truncate(issues_before);
            self.record.clear();
            self.reject(row, rows, reason.to_string());
            return;
        }
        if self.spec.kind == Kind::LicenseBoard {
            let state = self.record.get("state").to_string();
            self.covers(&state);
        }
        self.creds.push_groups(
            self.spec,
            self.layout,
            &row.cells,
            row.row,
            &self.record,
            &mut self.issues,
        );
        if self.spec.kind == Kind::Roster && !self.record.has("provider_id") {
            let npi = self.record.get("npi").to_string();
            self.record.set_text("provider_id", npi);
        }
        if self.spec.kind == Kind::Credentials {
            self.raws.insert(row.row, rows.raw(row));
        }
        self.frame.push(row.row, &mut self.record);
    }

    /// A repeated header row, or a summary row (`Total`, `Count`, `Grand Total` with no identifier): never
    /// data (SPEC 3.4).
    fn not_data(&self, row: &RawRow) -> Option<String> {
        let cells = &row.cells;
        // A repeated header starts as the header does: most rows are ruled out by their first cell.
        let first = cells.first().map_or("", |c| c.trim());
        let header_first = self.header_cells.first().map_or("", String::as_str);
        if cells.len() >= 2
            && (first.is_empty() || first == header_first)
            && cells.len() <= self.header_cells.len() + 1
            && cells
                .iter()
                .zip(&self.header_cells)
                .filter(|(c, h)| !h.is_empty() && c.trim() == h.as_str())
                .count()
                >= 2
            && cells.iter().enumerate().all(|(i, c)| {
                c.trim().is_empty() || self.header_cells.get(i).is_some_and(|h| h == c.trim())
            })
        {
            return Some("a repeated header row".to_string());
        }
        // A summary row has no identifier but its own label: rows with one are ruled out first.
        let labelled_only = ["npi", "provider_id", "license_number"]
            .iter()
            .filter_map(|f| self.layout.fields.get(f).and_then(|&i| cells.get(i)))
            .map(|c| c.trim())
            .all(|c| c.is_empty() || is_summary_word(c));
        if !labelled_only {
            return None;
        }
        let word = cells
            .iter()
            .map(|c| c.trim())
            .find(|c| is_summary_word(c))?;
        Some(format!(
            "a summary row ({}), not data",
            crate::error::one_line(word)
        ))
    }

    /// Note a state the board file covers (upper-cased); a state already noted costs no copy.
    fn covers(&mut self, state: &str) {
        if state.is_empty() || self.states.contains(state) {
            return;
        }
        let upper = state.to_uppercase();
        if !self.states.contains(&upper) {
            self.states.insert(upper);
        }
    }

    /// A board row whose license number is not one of the organization's: its state is noted, its dates and
    /// status are checked and their problems counted (a misread date format shows in the manifest), and the
    /// row is not kept. Returns false for any other row.
    fn skim(&mut self, row: &RawRow) -> bool {
        let Some(keep) = self.keep else { return false };
        let (layout, spec) = (self.layout, self.spec);
        let cell = |field: &str| {
            layout
                .fields
                .get(field)
                .and_then(|&i| row.cells.get(i))
                .map_or("", |c| c.trim())
        };
        let number = cell("license_number");
        if number.is_empty() || keep.license(number) {
            return false;
        }
        // The config's state is the board's: a State column is then an address (SPEC 3.1).
        let state = match (spec.state.as_deref(), cell("state")) {
            (Some(board), _) => board,
            (None, state) => state,
        };
        self.covers(state);
        for &(_, def, i) in &self.targets {
            let raw = row.cells.get(i).map_or("", |c| c.trim());
            let unreadable = match def.class {
                FieldClass::Date => matches!(
                    values::parse_date(raw, self.spec.date_format.as_ref()),
                    DateValue::Invalid
                ),
                FieldClass::Status if !raw.is_empty() => {
                    cached_status(&mut self.statuses, self.spec, raw).is_none()
                }
                _ => false,
            };
            self.unkept_issues += u64::from(unreadable);
        }
        true
    }

    fn reject(&mut self, row: &RawRow, rows: &dyn Rows, reason: String) {
        self.rejected.push(Rejected {
            source: self.spec.name.clone(),
            file: self.at.file.clone(),
            sheet: self.at.sheet.clone(),
            row: row.row,
            reason,
            raw: rows.raw(row),
        });
    }
}

/// `Total`, `Totals`, `Grand Total`, `Subtotal`, `Count` (case-insensitive, a trailing `:` allowed).
/// Every cell of every row is asked, so most are ruled out by their length and first letter.
fn is_summary_word(cell: &str) -> bool {
    if !(5..=14).contains(&cell.len())
        || !matches!(
            cell.as_bytes()[0],
            b't' | b'T' | b'g' | b'G' | b's' | b'S' | b'c' | b'C'
        )
    {
        return false;
    }
    let key = cell.trim_end_matches(':').trim();
    [
        "total",
        "totals",
        "grand total",
        "subtotal",
        "sub total",
        "count",
        "total count",
    ]
    .iter()
    .any(|w| key.eq_ignore_ascii_case(w))
}

/// Why a row with no identifier at all cannot be used.
fn missing_identifier(kind: Kind, record: &Record) -> Option<&'static str> {
    let has = |f: &str| record.has(f);
    match kind {
        Kind::Roster if !has("npi") && !has("provider_id") && !has("last_name") => {
            Some("no provider id, NPI or name")
        }
        Kind::Credentials if !has("npi") && !has("provider_id") => Some("no provider id or NPI"),
        Kind::Enrollment if !has("npi") => Some("no NPI"),
        Kind::LicenseBoard if !has("license_number") => Some("no license number"),
        Kind::Nppes | Kind::OptOut | Kind::Revalidation if !has("npi") => Some("no NPI"),
        Kind::Exclusions if !has("npi") && !has("last_name") && !has("business_name") => {
            Some("no name, business name or NPI")
        }
        _ => None,
    }
}

/// Reads the canonical values of one data row.
struct RowReader<'a> {
    spec: &'a SourceSpec,
    layout: &'a Layout,
    cells: &'a [String],
    row: u64,
    issues: &'a mut Vec<ValueIssue>,
    statuses: &'a mut rustc_hash::FxHashMap<String, Option<String>>,
}

impl RowReader<'_> {
    fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", |c| c.trim())
    }

    fn read(mut self, targets: &[(usize, &'static FieldDef, usize)], record: &mut Record) {
        for &(slot, def, i) in targets {
            let value = self.value(def, i, record);
            record.set_at(slot, value);
        }
        self.names(record);
        self.defaults(record);
    }

    /// The canonical value of cell `i`.
    fn value(&mut self, def: &FieldDef, i: usize, record: &mut Record) -> Value {
        let cells = self.cells;
        let mut raw = cells.get(i).map_or("", |c| c.trim());
        if self.layout.empty_marker == Some(raw) {
            raw = "";
        }
        match def.class {
            FieldClass::Text => Value::Text(collapse(raw)),
            FieldClass::Id => {
                // An NPI of zeros only is a placeholder (LEIE writes 0000000000 for "no NPI"); the roster
                // keeps the text, for its NPI_MISSING finding.
                if def.name == "npi"
                    && self.spec.kind != Kind::Roster
                    && values::is_zero_placeholder(raw)
                {
                    Value::Empty
                } else if raw.contains(['\n', '\r']) {
                    // Values on separate lines of one cell (Alt+Enter): kept apart, as `;` separates them.
                    let lines: Vec<String> = raw
                        .split(['\n', '\r'])
                        .map(collapse)
                        .filter(|l| !l.is_empty())
                        .collect();
                    Value::Text(lines.join(";"))
                } else {
                    Value::Text(collapse(raw))
                }
            }
            // A revalidation list's adjusted due date is `TBD` until CMS sets one: no date (SPEC 3.1).
            FieldClass::Date
                if def.name == "adjusted_due_date" && raw.eq_ignore_ascii_case("tbd") =>
            {
                Value::Empty
            }
            FieldClass::Date => match values::parse_date(raw, self.spec.date_format.as_ref()) {
                DateValue::Date(d) => Value::Date(d),
                DateValue::Empty => Value::Empty,
                DateValue::Invalid => {
                    let raw = raw.to_string();
                    self.issue(IssueKind::InvalidDate, def.name, raw);
                    Value::Empty
                }
            },
            FieldClass::Status => {
                if raw.is_empty() {
                    return Value::Empty;
                }
                record.set_text("status_text", collapse(raw));
                let canonical = cached_status(self.statuses, self.spec, raw);
                if canonical.is_none() {
                    let raw = raw.to_string();
                    self.issue(IssueKind::UnrecognizedValue, def.name, raw);
                }
                Value::Text(canonical.unwrap_or_else(|| "unrecognized".to_string()))
            }
        }
    }

    fn issue(&mut self, kind: IssueKind, field: &str, raw: String) {
        self.issues.push(ValueIssue {
            kind,
            row: self.row,
            field: field.to_string(),
            raw,
        });
    }

    /// `full_name` split into parts when the separate name columns are absent or empty; SAM firms are businesses.
    fn names(&self, record: &mut Record) {
        if let Some(i) = self.layout.classification {
            if !self.cell(i).eq_ignore_ascii_case("individual") {
                for f in ["last_name", "first_name", "middle_name"] {
                    record.set(f, Value::Empty);
                }
                // A list of one name column (OFAC): an entity's name is a business name.
                let full = record.take_text("full_name");
                if !full.is_empty() && !record.has("business_name") {
                    record.set_text("business_name", full);
                }
                return;
            }
            record.set("business_name", Value::Empty);
        }
        if let Some(i) = self.layout.remarks {
            let dates = values::birth_dates_in(self.cell(i));
            if !dates.is_empty() {
                record.set_text("birth_dates", dates);
            }
        }
        let full = record.take_text("full_name");
        if full.is_empty() || record.has("last_name") {
            return;
        }
        let parts = values::split_full_name(&full, self.spec.name_order);
        for (field, value) in [
            ("last_name", parts.last),
            ("first_name", parts.first),
            ("middle_name", parts.middle),
            ("suffix", parts.suffix),
        ] {
            if !value.is_empty() && !record.has(field) {
                record.set_text(field, value);
            }
        }
    }

    /// Config defaults for cells the file leaves empty, and the rules of built-in formats.
    fn defaults(&self, record: &mut Record) {
        if self.spec.kind == Kind::Enrollment && !record.has("payer") {
            let of_format = self.layout.profile.and_then(|p| profiles::def(p).payer);
            if let Some(p) = self.spec.payer.as_deref().or(of_format) {
                record.set_text("payer", p.to_string());
            }
        }
        if let Some(s) = &self.spec.state {
            // A board's configured state wins over a State column (a mailing address there); a list's
            // fills rows without one.
            let board = self.spec.kind == Kind::LicenseBoard;
            if board || (self.spec.kind.takes_state_default() && !record.has("state")) {
                record.set_text("state", s.clone());
            }
        }
        if let Some(state) = record.text_mut("state")
            && state.chars().any(char::is_lowercase)
        {
            *state = state.to_uppercase();
        }
        if let Some(status) = self.layout.profile.and_then(|p| profiles::def(p).status) {
            record.set_text("status", status.to_string());
        }
    }
}

/// Collapse runs of whitespace (line breaks included) to one space.
fn collapse(raw: &str) -> String {
    if !raw.contains(['\n', '\r', '\t', ' ']) || is_tidy(raw) {
        raw.to_string()
    } else {
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Text that collapsing leaves as it is: ASCII whose only whitespace is single spaces between words
/// (`Jane Q Smith`, most cells of a file), checked without splitting it.
fn is_tidy(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    raw.is_ascii()
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes
            .iter()
            .any(|b| matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c))
        && memchr::memmem::find(bytes, b"  ").is_none()
}

/// The canonical status of a cell, worked out once per distinct text of a file (a file has a handful).
fn cached_status(
    statuses: &mut rustc_hash::FxHashMap<String, Option<String>>,
    spec: &SourceSpec,
    raw: &str,
) -> Option<String> {
    if let Some(known) = statuses.get(raw) {
        return known.clone();
    }
    let canonical = status_value(spec, raw);
    statuses.insert(raw.to_string(), canonical.clone());
    canonical
}

/// The canonical status of a cell: config `values` first, then the built-in vocabulary.
pub fn status_value(spec: &SourceSpec, raw: &str) -> Option<String> {
    if let Some(v) = spec
        .values
        .get("status")
        .and_then(|m| m.get(&normalize_value_key(raw)))
    {
        return Some(v.clone());
    }
    use values::StatusWord;
    match spec.kind {
        Kind::Roster => values::roster_status(raw).map(StatusWord::word),
        Kind::Enrollment => values::enrollment_status(raw).map(StatusWord::word),
        Kind::LicenseBoard => values::board_status(raw).map(StatusWord::word),
        _ => None,
    }
    .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsing_tidy_text_gives_what_splitting_gives() {
        let slow = |raw: &str| {
            if raw.contains(['\n', '\r', '\t', ' ']) {
                raw.split_whitespace().collect::<Vec<_>>().join(" ")
            } else {
                raw.to_string()
            }
        };
        for raw in [
            "",
            " ",
            "Smith",
            "Jane Q Smith",
            " Jane",
            "Jane ",
            "Jane  Smith",
            "Jane\tSmith",
            "Jane\nSmith",
            "Jane\r\nSmith",
            "Jane\u{b}Smith",
            "Jane\u{c} Smith",
            "Jane\u{a0}Smith",
            "Jane \u{a0}Smith",
            "José María Núñez",
            "José  María",
            "O'Brien - Smith",
            "a b c d e f",
        ] {
            assert_eq!(collapse(raw), slow(raw), "{raw:?}");
        }
        assert!(is_tidy("Jane Q Smith"));
        assert!(!is_tidy("Jane  Smith"));
        assert!(!is_tidy("José María"), "not ASCII: split");
    }
}
