//! Readers: every source as it really arrives → canonical frames, rejected rows and value issues, one row
//! at a time.

pub mod archive;
pub mod credentials;
pub mod html;
pub mod nppes;
pub mod ofac;
pub mod profiles;
pub mod progress;
pub mod sheet;
pub mod table;
pub mod text;

use crate::config::{Profile, SourceSpec, normalize_value_key, sha256_hex};
use crate::error::{Error, Location, Result, closest};
use crate::model::{FieldClass, FieldDef, Kind, header_key};
use crate::values::{self, DateValue};
pub use progress::{Bar, Bars};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
pub use table::{Record, Table, Value};

/// A file's SHA-256 (hex), possibly still being computed on a thread of its own.
#[derive(Debug, Default)]
pub struct FileHash {
    value: std::sync::OnceLock<String>,
    pending: std::sync::Mutex<Option<std::sync::mpsc::Receiver<String>>>,
}

impl FileHash {
    pub fn done(hex: String) -> Self {
        let hash = FileHash::default();
        let _ = hash.value.set(hex);
        hash
    }

    /// The SHA-256 of a large file that was scanned once (NPPES), computed by reading it again on a thread
    /// of its own at the lowest CPU priority, so that it takes the cores the run leaves idle. The scan
    /// kept the length and an xxh3 checksum of the bytes it consumed: the second read must give the same,
    /// or the digest describes other bytes than the findings came from and [`FileHash::checked`] says so.
    pub fn verified_in_background(path: PathBuf, scanned: Scanned) -> Self {
        Self::verified_in_background_range(path, scanned, None)
    }

    /// As [`FileHash::verified_in_background`], the scan having consumed only the bytes `range` of the
    /// file (an archive member's compressed data): the digest is of the whole file, the check of that range.
    pub fn verified_in_background_range(
        path: PathBuf,
        scanned: Scanned,
        range: Option<(u64, u64)>,
    ) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            lower_priority();
            let digest = match hash_file(&path, range) {
                Ok((hex, seen)) if seen == scanned => hex,
                Ok((_, seen)) => format!(
                    "{CHANGED}{} bytes were read, {} when hashed",
                    scanned.len, seen.len
                ),
                Err(e) => format!("{CHANGED}it could not be read again ({e})"),
            };
            let _ = tx.send(digest);
        });
        FileHash {
            value: std::sync::OnceLock::new(),
            pending: std::sync::Mutex::new(Some(rx)),
        }
    }

    /// The digest, or why it does not describe the bytes read (the file changed after it was scanned).
    pub fn checked(&self) -> std::result::Result<&str, &str> {
        let hex = self.get();
        match hex.strip_prefix(CHANGED) {
            Some(why) => Err(why),
            None => Ok(hex),
        }
    }

    /// The hex digest, waiting for its thread when it has not finished.
    pub fn get(&self) -> &str {
        self.value.get_or_init(|| {
            lock(&self.pending)
                .take()
                .and_then(|rx| rx.recv().ok())
                .unwrap_or_default()
        })
    }
}

/// Marks a digest that does not describe the bytes read.
const CHANGED: &str = "changed: ";

/// What a scan consumed of a file: its length and xxh3 checksum, kept as the blocks go by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scanned {
    pub len: u64,
    pub xxh3: u64,
}

/// Builds a [`Scanned`] block by block.
#[derive(Default)]
pub struct ScanSum {
    len: u64,
    sum: xxhash_rust::xxh3::Xxh3Default,
}

impl ScanSum {
    pub fn update(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        self.sum.update(bytes);
    }

    pub fn finish(&self) -> Scanned {
        Scanned {
            len: self.len,
            xxh3: self.sum.digest(),
        }
    }
}

/// The SHA-256 of a file, read in 1 MB blocks, with what the read consumed (of `range` only, when given).
fn hash_file(
    path: &std::path::Path,
    range: Option<(u64, u64)>,
) -> std::io::Result<(String, Scanned)> {
    use sha2::Digest;
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = sha2::Sha256::new();
    let mut sum = ScanSum::default();
    let mut buffer = vec![0u8; 1 << 20];
    let mut pos = 0u64;
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buffer[..n]);
                let (lo, hi) = range.unwrap_or((0, u64::MAX));
                let (from, to) = (lo.max(pos), hi.min(pos + n as u64));
                if from < to {
                    sum.update(&buffer[(from - pos) as usize..(to - pos) as usize]);
                }
                pos += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok((crate::config::hex(&hasher.finalize()), sum.finish()))
}

/// Give the calling thread the lowest CPU priority (Linux: nice 19 for this thread only).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 19);
}

/// What a file's size and modification time were when its reading began: a file that changes while it
/// is read (a download still running, a copy over it) would make findings of bytes nobody can show again.
pub struct Snapshot {
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl Snapshot {
    pub fn take(path: &std::path::Path) -> std::io::Result<Snapshot> {
        let meta = std::fs::metadata(path)?;
        Ok(Snapshot {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }

    /// Stop the run (exit 2) when the file at `path` is not as it was, or `read` bytes are not its size.
    pub fn check(&self, spec: &SourceSpec, path: &std::path::Path, read: u64) -> Result<()> {
        let now = Snapshot::take(path).ok();
        let same = now
            .as_ref()
            .is_some_and(|n| n.len == self.len && n.modified == self.modified)
            && read == self.len;
        if same {
            return Ok(());
        }
        let size = now.map_or("gone".to_string(), |n| format!("{} bytes", n.len));
        Err(Error::input(
            &spec.name,
            Location::file(path),
            format!(
                "the file changed while it was read ({} bytes when reading began, {size} now, {read} read) — wait until its download or copy has finished, then run again",
                self.len
            ),
        ))
    }
}

/// One row as read, in a buffer reused from row to row.
#[derive(Debug, Default, Clone)]
pub struct RawRow {
    /// The row number a person sees: sheet row, or the line the record starts on.
    pub row: u64,
    pub cells: Vec<String>,
    /// Byte range of the record in the decoded text (delimited files).
    pub span: (usize, usize),
    /// Why the row cannot be read at all (an unclosed quote, a NUL byte): it is rejected as it stands.
    pub defect: Option<String>,
}

impl RawRow {
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }

    /// Replace the cells, reusing the buffers of the previous row.
    pub fn set_cells<'c>(&mut self, cells: impl Iterator<Item = &'c str>) {
        let mut n = 0;
        for cell in cells {
            match self.cells.get_mut(n) {
                Some(slot) => {
                    slot.clear();
                    slot.push_str(cell);
                }
                None => self.cells.push(cell.to_string()),
            }
            n += 1;
        }
        self.cells.truncate(n);
    }
}

/// The rows of one file, read one at a time so that no file is held as a grid of cells.
pub trait Rows {
    /// Read the next row into `out`; false at the end of the file.
    fn next_row(&mut self, out: &mut RawRow) -> Result<bool>;
    /// The row as it stands in the file, for rejected_rows.csv.
    fn raw(&self, row: &RawRow) -> String;
    /// Delimited text: a row of the wrong width is rejected (a spreadsheet row has no width of its own).
    fn delimited(&self) -> bool;
    /// Where the rows come from: file and sheet.
    fn location(&self) -> Location;
    /// How the file was read, for `check` (e.g. "csv text, comma delimited, utf-8").
    fn format(&self) -> String;
    /// About how many rows the file holds in all, to size the columns once.
    fn estimated_rows(&self) -> usize;
}

/// A row that could not be used (SPEC §3.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub source: String,
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub row: u64,
    pub reason: String,
    pub raw: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    InvalidDate,
    UnrecognizedValue,
}

/// A value that was read but could not be understood; it becomes a data-quality finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueIssue {
    pub kind: IssueKind,
    pub row: u64,
    /// The canonical field (for a roster credential group: `<type>.<field>`).
    pub field: String,
    pub raw: String,
}

/// Which header fed a canonical field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    pub field: String,
    pub header: String,
}

/// One source, read and canonicalized.
pub struct Loaded {
    pub name: String,
    pub kind: Kind,
    pub profile: Option<Profile>,
    /// Whether the profile was detected from the header (rather than named in the config).
    pub profile_detected: bool,
    pub file: PathBuf,
    pub sheet: Option<String>,
    /// The archive member read, when `file` is a `.zip`.
    pub member: Option<String>,
    pub format: String,
    pub header_row: u64,
    pub mapping: Vec<Mapped>,
    pub unused_headers: Vec<String>,
    pub rows_read: u64,
    pub rejected: Vec<Rejected>,
    pub issues: Vec<ValueIssue>,
    pub sha256: FileHash,
    /// Canonical columns (see [`Table::for_kind`]).
    pub frame: Table,
    /// A roster's credential groups, one row per credential; NPPES licenses, one row per license.
    pub detail: Option<Table>,
    /// Names truncated by the publisher at (last, first) characters.
    pub truncation: Option<(usize, usize)>,
    /// The states of a board file's rows, kept or not (the states the board covers).
    pub states: BTreeSet<String>,
    /// Unreadable dates and statuses in board rows that are not the organization's: counted in the
    /// manifest, not findings.
    pub unkept_issues: u64,
    /// A credentials source's rows as written, by row: a row whose provider is on no roster row is
    /// rejected once the roster is known.
    pub raws: std::collections::HashMap<u64, String>,
    /// An OFAC SDN list's aliases (`aliases_path`); their rows count among the source's rows.
    pub aliases: Option<ofac::Aliases>,
}

impl Loaded {
    pub fn rows_used(&self) -> u64 {
        self.rows_read - self.rejected.len() as u64
    }
}

/// What the organization's own files make worth keeping of the large reference files: the roster's NPIs
/// (of an NPPES file) and the license numbers of its credentials (of a board file). Every row is still read,
/// counted and checked; only the rows no rule can match are not kept, and the value problems of those
/// are counted rather than reported one by one.
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    pub npis: Vec<String>,
    /// Strict and looser keys ([`values::license_key`], [`values::license_loose_keys`]) of every credential
    /// number, whatever its type or state.
    pub licenses: rustc_hash::FxHashSet<String>,
}

impl Wanted {
    /// Add the NPIs and credential numbers of a roster or credentials source.
    pub fn add(&mut self, l: &Loaded) {
        if l.kind == Kind::Roster {
            self.npis.extend(
                l.frame
                    .text("npi")
                    .into_iter()
                    .flatten()
                    .map(|n| values::normalize_npi(&n)),
            );
        }
        let numbers = match l.kind {
            Kind::Roster => l.detail.as_ref().map(|d| d.text("number")),
            Kind::Credentials => Some(l.frame.text("number")),
            _ => None,
        };
        for cell in numbers.into_iter().flatten().flatten() {
            for number in values::split_identifiers(&cell) {
                let keys = values::LicenseKeys::of(&number);
                for key in [keys.strict.as_ref(), &keys.all_digits, keys.last_digits] {
                    self.licenses.insert(key.to_string());
                }
            }
        }
        self.licenses.remove("");
    }

    /// Whether a board cell holds one of the organization's license numbers (by the strict key or either
    /// looser key; the rules then decide which record is whose).
    fn license(&self, cell: &str) -> bool {
        let known = |number: &str| {
            let keys = values::LicenseKeys::of(number);
            self.licenses.contains(keys.strict.as_ref())
                || keys.loose().iter().any(|k| self.licenses.contains(*k))
        };
        if !cell.contains([',', ';', '/', '\n', '\r']) {
            return known(cell);
        }
        values::split_identifiers(cell).iter().any(|n| known(n))
    }
}

/// Read one source completely. For an NPPES or board file, `wanted` limits the rows kept.
pub fn load(spec: &SourceSpec, wanted: Option<&Wanted>) -> Result<Loaded> {
    load_with(spec, wanted, &Bars::hidden())
}

/// [`load`], with a byte progress bar in `bars` while a file over 100 MB is read.
pub fn load_with(spec: &SourceSpec, wanted: Option<&Wanted>, bars: &Bars) -> Result<Loaded> {
    if archive::is_zip(&spec.path) {
        return archive::load(spec, wanted, bars);
    }
    let io = |cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    };
    let label = spec.path.file_name().map_or_else(
        || spec.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bar = bars.bar(&label, std::fs::metadata(&spec.path).map_or(0, |m| m.len()));
    if spec.kind == Kind::Nppes
        && !sheet::is_spreadsheet(&spec.path)
        && let Some(loaded) = nppes::try_load(spec, wanted.map(|w| w.npis.as_slice()), &bar)?
    {
        return Ok(loaded);
    }
    let before = Snapshot::take(&spec.path).map_err(io)?;
    let bytes = std::fs::read(&spec.path).map_err(io)?;
    before.check(spec, &spec.path, bytes.len() as u64)?;
    let mut loaded = read_filtered(spec, &bytes, wanted, &bar)?;
    loaded.sha256 = FileHash::done(sha256_hex(&bytes));
    if let Some(mut aliases) = ofac::read(spec)? {
        loaded.rows_read += aliases.rows_read;
        loaded.rejected.append(&mut aliases.rejected);
        loaded.aliases = Some(aliases);
    }
    Ok(loaded)
}

/// Read and canonicalize the bytes of a file, spreadsheet or delimited text (its SHA-256 is left empty).
pub fn read_bytes(spec: &SourceSpec, bytes: &[u8]) -> Result<Loaded> {
    read_filtered(spec, bytes, None, &Bar::hidden())
}

/// Read an archive's member, read into memory; `spec.path` is the member's (`archive.zip/member.csv`).
fn read_member(
    spec: &SourceSpec,
    bytes: &[u8],
    wanted: Option<&Wanted>,
    bars: &Bars,
) -> Result<Loaded> {
    let bar = bars.bar(&spec.path.display().to_string(), bytes.len() as u64);
    read_filtered(spec, bytes, wanted, &bar)
}

fn read_filtered(
    spec: &SourceSpec,
    bytes: &[u8],
    wanted: Option<&Wanted>,
    bar: &Bar,
) -> Result<Loaded> {
    let keep = wanted.filter(|_| spec.kind == Kind::LicenseBoard);
    if html::is_html(&spec.path, bytes) {
        canonicalize(spec, &mut html::open_rows(spec, bytes)?, keep)
    } else if sheet::is_spreadsheet(&spec.path) {
        canonicalize(spec, &mut sheet::open_rows(spec, bytes)?, keep)
    } else {
        let decoded = text::prepare(spec, bytes)?;
        canonicalize_with(spec, &mut text::Records::new(spec, &decoded), keep, bar)
    }
}

/// How many header cells of `row` name a canonical field of `kind` (alias or config `columns`).
fn header_score(row: &RawRow, kind: Kind, overrides: &BTreeMap<String, String>) -> usize {
    let override_keys: Vec<String> = overrides.values().map(|h| header_key(h)).collect();
    let mut fields = std::collections::HashSet::new();
    for cell in &row.cells {
        let key = header_key(cell);
        if key.is_empty() {
            continue;
        }
        if override_keys.contains(&key) {
            fields.insert(format!("override:{key}"));
        } else if let Some(def) = kind
            .fields()
            .iter()
            .find(|f| f.aliases.contains(&key.as_str()))
        {
            fields.insert(def.name.to_string());
        }
    }
    fields.len()
}

/// Rows searched for a header when `header_row` is not set.
const HEADER_SEARCH_ROWS: usize = 200;

/// Read rows up to the header: `header_row` when set, else the first row (of the first 200) naming two
/// canonical fields or carrying a built-in format's signature. Returns the rows read and the header's index.
fn find_header(spec: &SourceSpec, rows: &mut dyn Rows) -> Result<(Vec<RawRow>, Option<usize>)> {
    let at = rows.location();
    let mut seen: Vec<RawRow> = Vec::new();
    let mut row = RawRow::default();
    if spec.headerless {
        // No header: the first non-blank row is data, and its width the file's.
        while rows.next_row(&mut row)? {
            seen.push(row.clone());
            if !row.is_blank() {
                return Ok((seen, None));
            }
        }
        return Err(Error::input(&spec.name, at, "the file has no rows"));
    }
    if let Some(n) = spec.header_row {
        let mut exhausted = true;
        while rows.next_row(&mut row)? {
            if row.row > u64::from(n) {
                exhausted = false;
                break;
            }
            seen.push(row.clone());
            if row.row == u64::from(n) {
                let at = seen.len() - 1;
                return Ok((seen, Some(at)));
            }
        }
        if exhausted && seen.iter().all(RawRow::is_blank) {
            return Err(Error::input(&spec.name, at, "the file has no rows"));
        }
        return Err(Error::input(
            &spec.name,
            at,
            format!("header_row = {n}, but the file has no row {n}"),
        ));
    }
    while seen.len() < HEADER_SEARCH_ROWS && rows.next_row(&mut row)? {
        seen.push(row.clone());
        if row.is_blank() {
            continue;
        }
        if profiles::detect(&row.cells).is_some_and(|p| p.kind() == spec.kind)
            || header_score(&row, spec.kind, &spec.columns) >= 2
        {
            let at = seen.len() - 1;
            return Ok((seen, Some(at)));
        }
    }
    // No header: name the first non-blank row, reading on past blank ones to find it.
    let mut first = seen.iter().find(|r| !r.is_blank()).cloned();
    while first.is_none() && rows.next_row(&mut row)? {
        if !row.is_blank() {
            first = Some(row.clone());
            seen.push(row.clone());
        }
    }
    let Some(first) = first else {
        return Err(Error::input(&spec.name, at, "the file has no rows"));
    };
    // A list published without a header (OFAC's sdn.csv): every row is data.
    if spec.kind == Kind::Exclusions
        && spec.profile.is_none()
        && profiles::detect_headerless(&first.cells).is_some()
    {
        return Ok((seen, None));
    }
    let cells = first
        .cells
        .iter()
        .filter(|c| !c.trim().is_empty())
        .take(8)
        .map(|c| format!("`{}`", crate::error::one_line(c)))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Error::input(
        &spec.name,
        at,
        format!(
            "no header row found: no row names two {} fields (the first row has {cells}) — set `header_row`, or map headers under [sources.columns]",
            spec.kind
        ),
    ))
}

/// The first rows of a file as written (`credrecon init` judges a file by them): the rows above the header
/// (titles and notes), the header (none when no row names two fields of the kind), and the rows after it.
#[derive(Debug, Default, Clone)]
pub struct Peek {
    pub above: Vec<Vec<String>>,
    pub header: Option<Vec<String>>,
    pub rows: Vec<Vec<String>>,
}

/// Run `f` on the rows of a file's bytes, spreadsheet or delimited text.
fn with_rows<T>(
    spec: &SourceSpec,
    bytes: &[u8],
    f: impl FnOnce(&mut dyn Rows) -> Result<T>,
) -> Result<T> {
    if html::is_html(&spec.path, bytes) {
        f(&mut html::open_rows(spec, bytes)?)
    } else if sheet::is_spreadsheet(&spec.path) {
        f(&mut sheet::open_rows(spec, bytes)?)
    } else {
        let decoded = text::prepare(spec, bytes)?;
        f(&mut text::Records::new(spec, &decoded))
    }
}

/// The header and up to `n` rows after it (or the first `n` rows, when there is no header).
pub fn peek(spec: &SourceSpec, bytes: &[u8], n: usize) -> Result<Peek> {
    let cells = |r: &RawRow| {
        r.cells
            .iter()
            .map(|c| c.trim().to_string())
            .collect::<Vec<_>>()
    };
    let found = with_rows(spec, bytes, |rows| {
        let (seen, idx) = find_header(spec, rows)?;
        let mut out = Peek::default();
        let start = match idx {
            Some(i) => {
                out.above = seen[..i].iter().map(cells).collect();
                out.header = Some(cells(&seen[i]));
                i + 1
            }
            None => 0,
        };
        out.rows = seen[start..]
            .iter()
            .filter(|r| !r.is_blank())
            .map(cells)
            .collect();
        let mut row = RawRow::default();
        while out.rows.len() < n && rows.next_row(&mut row)? {
            if !row.is_blank() {
                out.rows.push(cells(&row));
            }
        }
        out.rows.truncate(n);
        Ok(out)
    });
    match found {
        Ok(p) => Ok(p),
        Err(Error::Input { .. }) => with_rows(spec, bytes, |rows| {
            let mut out = Peek::default();
            let mut row = RawRow::default();
            while out.rows.len() < n && rows.next_row(&mut row)? {
                if !row.is_blank() {
                    out.rows.push(cells(&row));
                }
            }
            Ok(out)
        }),
        Err(e) => Err(e),
    }
}

/// Column layout of one source: which cell feeds which field.
pub struct Layout {
    pub profile: Option<Profile>,
    pub profile_detected: bool,
    /// Field name → column index.
    pub fields: BTreeMap<&'static str, usize>,
    pub mapping: Vec<Mapped>,
    pub unused: Vec<String>,
    pub groups: Vec<credentials::GroupLayout>,
    /// A column whose value `individual` marks a person (SAM's Classification, OFAC's SDN_Type).
    pub classification: Option<usize>,
    /// A free-text column a date of birth is read from (OFAC's Remarks).
    pub remarks: Option<usize>,
    /// The publisher's mark for an empty cell (OFAC's `-0-`).
    pub empty_marker: Option<&'static str>,
}

/// Work out the layout from the header row; errors name the missing field and the headers found.
pub fn layout(spec: &SourceSpec, header: &[String], at: &Location) -> Result<Layout> {
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let mut taken = vec![false; header.len()];
    let mut fields: BTreeMap<&'static str, usize> = BTreeMap::new();

    let detected = profiles::detect(header).filter(|p| p.kind() == spec.kind);
    let profile = spec.profile.or(detected);
    let profile_detected = spec.profile.is_none() && detected.is_some();

    // 1. config `columns` overrides
    for (field, wanted) in &spec.columns {
        let def = spec.kind.field(field).expect("validated in config");
        let wanted_key = header_key(wanted);
        let idx = header
            .iter()
            .position(|h| h.trim() == wanted.trim())
            .or_else(|| keys.iter().position(|k| *k == wanted_key));
        match idx {
            Some(i) => {
                fields.insert(def.name, i);
                taken[i] = true;
            }
            None => {
                return Err(Error::MissingColumn {
                    source_name: spec.name.clone(),
                    at: at.clone().with_column(wanted),
                    field: field.clone(),
                    suggestion: closest(wanted, header.iter().map(String::as_str)),
                    found: non_empty(header),
                });
            }
        }
    }
    // 2. roster credential groups (configured, else inferred from the headers)
    let groups = if spec.kind == Kind::Roster {
        credentials::layout_groups(spec, header, &mut taken, at)?
    } else {
        Vec::new()
    };
    // 3. the built-in format's columns
    let (mut classification, mut remarks, mut empty_marker) = (None, None, None);
    if let Some(p) = profile {
        let def = profiles::def(p);
        for (field, alternatives) in def.columns {
            if fields.contains_key(field) {
                continue;
            }
            if let Some(i) = alternatives.iter().find_map(|alt| {
                keys.iter()
                    .enumerate()
                    .position(|(j, k)| !taken[j] && k == alt)
            }) {
                let name = spec
                    .kind
                    .field(field)
                    .expect("profile fields are canonical")
                    .name;
                fields.insert(name, i);
                taken[i] = true;
            }
        }
        let mut quirk = |column: Option<&str>| {
            let i = keys.iter().position(|k| Some(k.as_str()) == column)?;
            taken[i] = true;
            Some(i)
        };
        classification = quirk(def.classification);
        remarks = quirk(def.remarks_dob);
        empty_marker = def.empty_marker;
    }
    // 4. aliases, left to right: each field takes the first header that names it
    if profile.is_none() {
        for (i, key) in keys.iter().enumerate() {
            if taken[i] || key.is_empty() {
                continue;
            }
            if let Some(def) = spec
                .kind
                .fields()
                .iter()
                .find(|f| f.aliases.contains(&key.as_str()) && !fields.contains_key(f.name))
            {
                fields.insert(def.name, i);
                taken[i] = true;
            }
        }
    }
    check_required(spec, profile, header, &fields, &taken, at)?;

    let mut mapping: Vec<Mapped> = spec
        .kind
        .fields()
        .iter()
        .filter_map(|f| {
            fields.get(f.name).map(|&i| Mapped {
                field: f.name.to_string(),
                header: header[i].clone(),
            })
        })
        .collect();
    for g in &groups {
        for (field, i) in &g.columns {
            mapping.push(Mapped {
                field: format!("{}.{field}", g.label),
                header: header[*i].clone(),
            });
        }
    }
    for (field, column) in [
        ("classification", classification),
        ("dob (from remarks)", remarks),
    ] {
        if let Some(i) = column {
            mapping.push(Mapped {
                field: field.into(),
                header: header[i].clone(),
            });
        }
    }
    let unused = header
        .iter()
        .enumerate()
        .filter(|(i, h)| !taken[*i] && !h.trim().is_empty())
        .map(|(_, h)| h.clone())
        .collect();
    Ok(Layout {
        profile,
        profile_detected,
        fields,
        mapping,
        unused,
        groups,
        classification,
        remarks,
        empty_marker,
    })
}

fn non_empty(header: &[String]) -> Vec<String> {
    header
        .iter()
        .filter(|h| !h.trim().is_empty())
        .map(|h| crate::error::one_line(h))
        .collect()
}

fn check_required(
    spec: &SourceSpec,
    profile: Option<Profile>,
    header: &[String],
    fields: &BTreeMap<&'static str, usize>,
    taken: &[bool],
    at: &Location,
) -> Result<()> {
    let has = |f: &str| fields.contains_key(f);
    let names = has("full_name") || (has("last_name") && has("first_name"));
    let missing: Option<&str> = match spec.kind {
        Kind::Roster if !has("npi") => Some("npi"),
        Kind::Roster if !names => Some(if has("last_name") {
            "first_name"
        } else {
            "last_name"
        }),
        Kind::Credentials if !has("provider_id") && !has("npi") => Some("npi"),
        Kind::Credentials if !has("type") => Some("type"),
        Kind::Credentials if !has("expiration_date") => Some("expiration_date"),
        Kind::Enrollment if !has("npi") => Some("npi"),
        Kind::Enrollment
            if !has("payer")
                && spec.payer.is_none()
                && profile.is_none_or(|p| profiles::def(p).payer.is_none()) =>
        {
            Some("payer")
        }
        Kind::LicenseBoard if !has("license_number") => Some("license_number"),
        Kind::LicenseBoard if !has("state") && spec.state.is_none() => Some("state"),
        Kind::Nppes | Kind::OptOut | Kind::Revalidation if !has("npi") => Some("npi"),
        Kind::Exclusions if !names && !has("last_name") && !has("business_name") && !has("npi") => {
            Some("last_name")
        }
        _ => None,
    };
    let Some(field) = missing else { return Ok(()) };
    let def = spec
        .kind
        .field(field)
        .expect("required fields are canonical");
    // Only a header that feeds no other field is a plausible "did you mean".
    let suggestion = header
        .iter()
        .enumerate()
        .filter(|(i, h)| !taken[*i] && !h.trim().is_empty())
        .map(|(_, h)| {
            let key = header_key(h);
            let score = def
                .aliases
                .iter()
                .map(|a| strsim::jaro_winkler(&key, a))
                .fold(0.0, f64::max);
            (score, h)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, h)| crate::error::one_line(h));
    Err(Error::MissingColumn {
        source_name: spec.name.clone(),
        at: at.clone(),
        field: field.to_string(),
        found: non_empty(header),
        suggestion,
    })
}

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
fn canonicalize_with(
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
                    values::parse_date(raw, self.spec.date_format.as_deref()),
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
            FieldClass::Date => match values::parse_date(raw, self.spec.date_format.as_deref()) {
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

/// A column number from 1 as spreadsheet letters (1 → `A`, 27 → `AA`).
pub fn column_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Collapse runs of whitespace (line breaks included) to one space.
fn collapse(raw: &str) -> String {
    if raw.contains(['\n', '\r', '\t', ' ']) {
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        raw.to_string()
    }
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
    match spec.kind {
        Kind::Roster => values::roster_status(raw).map(|s| match s {
            values::RosterStatus::Active => "active",
            values::RosterStatus::Terminated => "terminated",
        }),
        Kind::Enrollment => values::enrollment_status(raw).map(|s| match s {
            values::EnrollmentStatus::Active => "active",
            values::EnrollmentStatus::Pending => "pending",
            values::EnrollmentStatus::Terminated => "terminated",
            values::EnrollmentStatus::Denied => "denied",
        }),
        Kind::LicenseBoard => values::board_status(raw).map(|s| match (s.active, s.discipline) {
            (true, true) => "probation",
            (true, false) => "active",
            (false, _) => "not_active",
        }),
        _ => None,
    }
    .map(str::to_string)
}

/// A mutex's value, even after a reader thread panicked while holding it (its result is then missing).
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Load every source of a plan side by side ([`crate::parallel`]): rosters and credentials first, then the
/// NPPES and board files as soon as those are read (they keep only what the rules can match), the other
/// sources as cores come free; within each group the largest file first. `progress` is told each source
/// once it is read; the first error in config order wins, so errors are deterministic.
pub fn load_all(
    plan: &crate::config::Plan,
    progress: impl FnMut(&Loaded) + Send,
) -> Result<Vec<Loaded>> {
    load_all_with(plan, &Bars::hidden(), progress)
}

/// [`load_all`], drawing in `bars` a byte progress bar of each file over 100 MB while it is read.
pub fn load_all_with(
    plan: &crate::config::Plan,
    bars: &Bars,
    progress: impl FnMut(&Loaded) + Send,
) -> Result<Vec<Loaded>> {
    let n = plan.sources.len();
    let largest_first = |group: &dyn Fn(Kind) -> bool| {
        let mut v: Vec<(usize, u64)> = (0..n)
            .filter(|&i| group(plan.sources[i].kind))
            .map(|i| {
                let size = std::fs::metadata(&plan.sources[i].path).map_or(0, |m| m.len());
                (i, size)
            })
            .collect();
        v.sort_by_key(|&(_, size)| std::cmp::Reverse(size));
        v.into_iter().map(|(i, _)| i).collect::<Vec<usize>>()
    };
    let first = largest_first(&|k| matches!(k, Kind::Roster | Kind::Credentials));
    let reads = Reads {
        plan,
        bars,
        slots: (0..n).map(|_| std::sync::Mutex::new(None)).collect(),
        progress: std::sync::Mutex::new(progress),
        wanted: std::sync::OnceLock::new(),
        first_left: std::sync::atomic::AtomicUsize::new(first.len()),
        filtered: largest_first(&|k| matches!(k, Kind::Nppes | Kind::LicenseBoard)),
        first,
    };
    let others = largest_first(&|k| {
        matches!(
            k,
            Kind::Enrollment | Kind::Exclusions | Kind::OptOut | Kind::Revalidation
        )
    });
    let reads = &reads;
    rayon::scope_fifo(|scope| {
        if reads.first.is_empty() {
            reads.read_filtered(scope);
        }
        for &i in &reads.first {
            scope.spawn_fifo(move |scope| reads.read_first(scope, i));
        }
        for &i in &others {
            scope.spawn_fifo(move |_| reads.read(i, None));
        }
    });
    let mut loaded = Vec::with_capacity(n);
    for slot in &reads.slots {
        if let Some(outcome) = lock(slot).take() {
            loaded.push(outcome?);
        }
    }
    Ok(loaded)
}

/// The reads of [`load_all_with`], shared by its jobs.
struct Reads<'a, F> {
    plan: &'a crate::config::Plan,
    bars: &'a Bars,
    /// Each source's outcome, by config index.
    slots: Vec<std::sync::Mutex<Option<Result<Loaded>>>>,
    progress: std::sync::Mutex<F>,
    /// Rosters and credentials sources (what the organization's providers and licenses are), and how
    /// many of them are still being read.
    first: Vec<usize>,
    first_left: std::sync::atomic::AtomicUsize,
    /// NPPES and board files: they wait for `first`, to keep only what the rules can match.
    filtered: Vec<usize>,
    wanted: std::sync::OnceLock<Wanted>,
}

impl<F: FnMut(&Loaded) + Send> Reads<'_, F> {
    fn read(&self, i: usize, wanted: Option<&Wanted>) {
        let outcome = load_with(&self.plan.sources[i], wanted, self.bars);
        if let Ok(l) = &outcome {
            (lock(&self.progress))(l);
        }
        *lock(&self.slots[i]) = Some(outcome);
    }

    /// Read a roster or credentials source; after the last of them, start the filtered reads.
    fn read_first<'s>(&'s self, scope: &rayon::ScopeFifo<'s>, i: usize) {
        self.read(i, None);
        if self
            .first_left
            .fetch_sub(1, std::sync::atomic::Ordering::AcqRel)
            == 1
        {
            self.read_filtered(scope);
        }
    }

    fn read_filtered<'s>(&'s self, scope: &rayon::ScopeFifo<'s>) {
        let wanted = self.wanted.get_or_init(|| {
            let mut w = Wanted::default();
            for &i in &self.first {
                if let Some(Ok(l)) = lock(&self.slots[i]).as_ref() {
                    w.add(l);
                }
            }
            w
        });
        for &i in &self.filtered {
            scope.spawn_fifo(move |_| self.read(i, Some(wanted)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error `layout` gives for a header of `kind`, as printed.
    fn layout_error(kind: Kind, header: &[&str]) -> String {
        let spec = SourceSpec::probe(std::path::Path::new("f.csv"), kind);
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        match layout(&spec, &header, &Location::file(&spec.path)) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("header {header:?} has every required field"),
        }
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(super::column_letters(1), "A");
        assert_eq!(super::column_letters(10), "J");
        assert_eq!(super::column_letters(27), "AA");
        assert_eq!(crate::config::column_number("AA"), Some(27));
        assert_eq!(crate::config::column_number("j"), Some(10));
        assert_eq!(crate::config::column_number("0"), None);
    }

    #[test]
    fn a_header_that_feeds_another_field_is_never_suggested() {
        // `Provider ID` feeds provider_id: it is listed, but not offered as the NPI.
        let e = layout_error(Kind::Roster, &["Provider ID", "Last Name", "First Name"]);
        assert!(e.contains("required field `npi`;"), "{e}");
        assert!(!e.contains("did you mean"), "{e}");
        let e = layout_error(
            Kind::Roster,
            &["Provider ID", "NPI Nbr", "Last Name", "First Name"],
        );
        assert!(e.contains("(did you mean `NPI Nbr`?)"), "{e}");
    }

    #[test]
    fn a_missing_state_says_the_source_may_name_it() {
        let e = layout_error(Kind::LicenseBoard, &["License #", "Last Name"]);
        assert!(
            e.contains("required field `state` (or set `state` on the source);"),
            "{e}"
        );
    }
}

#[cfg(test)]
mod snapshot_tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_file_that_grows_while_it_is_read_stops_the_run() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("npidata.csv");
        std::fs::write(&path, "NPI\n1000000004\n").unwrap();
        let spec = SourceSpec::probe(&path, Kind::Nppes);
        let before = Snapshot::take(&path).unwrap();
        // "NPI\n" is 4 bytes, "1000000004\n" 11: 15 in all.
        assert!(before.check(&spec, &path, 15).is_ok());
        // Fewer bytes read than the file held: a short read is not the file.
        assert!(before.check(&spec, &path, 10).is_err());
        // The download goes on: the file is longer at the end of the read than at its start.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"1000000012\n")
            .unwrap();
        let err = before.check(&spec, &path, 15).unwrap_err().to_string();
        assert!(
            err.contains("the file changed while it was read (15 bytes when reading began, 26 bytes now, 15 read)"),
            "{err}"
        );
    }

    #[test]
    fn a_file_changed_after_its_scan_has_no_hash_in_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("npidata.csv");
        std::fs::write(&path, "abcxy").unwrap();
        let mut sum = ScanSum::default();
        sum.update(b"abc");
        sum.update(b"xy");
        // The same bytes: the digest is `printf abcxy | sha256sum`.
        let same = FileHash::verified_in_background(path.clone(), sum.finish());
        assert_eq!(
            same.checked(),
            Ok("5a73d3c860d35077011d2dbbbfc0c86daf68bca9a60463d3daa59aadfbda7781")
        );
        // One byte differs from what the scan read, at the same length: refused.
        let mut other = ScanSum::default();
        other.update(b"abcxz");
        let changed = FileHash::verified_in_background(path, other.finish());
        assert_eq!(changed.checked(), Err("5 bytes were read, 5 when hashed"));
    }
}
