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

mod canonical;
mod hash;
mod header;
mod layout;
mod schedule;
mod snapshot;
mod wanted;

use crate::config::{Profile, SourceSpec, sha256_hex};
use crate::error::{Error, Location, Result};
use crate::model::Kind;
use canonical::canonicalize_with;
pub use canonical::{canonicalize, status_value};
pub use hash::{FileHash, ScanSum, Scanned};
pub use header::{Peek, peek};
pub use layout::{Layout, column_letters, layout};
pub use progress::{Bar, Bars};
pub use schedule::{load_all, load_all_with};
pub use snapshot::Snapshot;
use std::collections::BTreeSet;
use std::path::PathBuf;
pub use table::{Record, Table, Value};
pub use wanted::Wanted;

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
