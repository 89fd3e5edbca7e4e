//! Sources given as the `.zip` they are published in (SPEC §2, §3.2): one member is read, as a stream,
//! never unpacked to disk. The NPPES member (11 GB inside a 1 GB archive) is scanned straight from the
//! deflate stream in flat memory; a member of another kind is read into memory like a file. The manifest's
//! SHA-256 is the archive's and names the member.

use super::progress::Bars;
use super::{FileHash, Loaded, ScanSum, Scanned, Snapshot, Wanted};
use crate::config::{Profile, SourceSpec, sha256_hex};
use crate::error::{Error, Location, Result};
use crate::model::Kind;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

/// Whether a path names a zip archive by its extension.
pub fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// The extensions of the files credrecon reads: an archive's data files.
const DATA_EXTENSIONS: [&str; 10] = [
    "csv", "txt", "tsv", "psv", "xlsx", "xlsm", "xls", "ods", "html", "htm",
];

/// A member read into memory larger than this is refused (the NPPES member is streamed instead).
const MAX_IN_MEMORY: u64 = super::sheet::MAX_EXPANDED_BYTES;

/// Whether `name` matches `pattern`: `*` any run of characters, `?` one, ASCII case ignored. A pattern
/// without `/` is matched against the member's file name, one with `/` against its whole path.
pub fn glob_matches(pattern: &str, name: &str) -> bool {
    let name = if pattern.contains('/') {
        name
    } else {
        name.rsplit('/').next().unwrap_or(name)
    };
    let p: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
    let n: Vec<char> = name.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Iterative matching with one backtrack point for the last `*`.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// A member of an archive, as listed in its central directory.
struct Member {
    index: usize,
    name: String,
    size: u64,
}

impl Member {
    fn base(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }

    fn extension(&self) -> String {
        Path::new(self.base())
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default()
    }

    /// A data file: one of the formats credrecon reads, not empty, not a folder, not a description of
    /// the data (NPPES's `*_fileheader.csv`, Missouri's `filedesc*.txt`), nor the resource fork files
    /// macOS adds (`__MACOSX/`, `._x`).
    fn is_data(&self) -> bool {
        let base = self.base().to_ascii_lowercase();
        !self.name.ends_with('/')
            && self.size > 0
            && DATA_EXTENSIONS.contains(&self.extension().as_str())
            && !base.ends_with("_fileheader.csv")
            && !base.starts_with("filedesc")
            && !base.starts_with("._")
            && !self.name.starts_with("__MACOSX/")
    }
}

/// The members of an archive, in its order.
fn members<R: Read + Seek>(zip: &zip::ZipArchive<R>) -> Vec<Member> {
    (0..zip.len())
        .filter_map(|index| {
            let entry = zip.by_index_data(index).ok()?;
            Some(Member {
                index,
                name: entry.name().ok()?.into_owned(),
                size: entry.size(),
            })
        })
        .collect()
}

/// The glob a kind or profile implies for its member, when the published archive holds several files.
fn profile_glob(spec: &SourceSpec) -> Option<&'static str> {
    if spec.kind == Kind::Nppes || spec.profile == Some(Profile::Nppes) {
        // The monthly NPPES archive also holds othername_pfile, pl_pfile, endpoint_pfile, the
        // `_fileheader.csv` twin of each and a PDF.
        return Some("npidata_pfile_*.csv");
    }
    if spec.profile == Some(Profile::PecosPpef) {
        // The PPEF archive also holds the reassignment, practice location and specialty files.
        return Some("*Enrollment_Extract*.csv");
    }
    None
}

/// Which member a source reads: the one its `member` glob matches, else the one its profile implies, else
/// the only data file. None or several: a one-line error listing the members.
fn choose<'m>(spec: &SourceSpec, members: &'m [Member]) -> Result<&'m Member> {
    let (pattern, configured) = match (&spec.member, profile_glob(spec)) {
        (Some(glob), _) => (Some(glob.as_str()), true),
        (None, glob) => (glob, false),
    };
    let matching: Vec<&Member> = match pattern {
        Some(glob) => members
            .iter()
            .filter(|m| {
                glob_matches(glob, &m.name) && !m.name.ends_with('/') && (configured || m.is_data())
            })
            .collect(),
        None => members.iter().filter(|m| m.is_data()).collect(),
    };
    if let [one] = matching.as_slice() {
        return Ok(one);
    }
    let listed = members
        .iter()
        .filter(|m| !m.name.ends_with('/'))
        .map(|m| {
            format!(
                "`{}` ({})",
                crate::error::one_line(&m.name),
                size_text(m.size)
            )
        })
        .collect::<Vec<_>>();
    let listed = if listed.is_empty() {
        "no files".to_string()
    } else {
        listed.join(", ")
    };
    let what = match (pattern, configured) {
        (Some(glob), true) => format!("`member = \"{glob}\"`"),
        (Some(glob), false) => format!("the {} file (`{glob}`)", spec.kind),
        (None, _) => "a data file (csv, txt, tsv, psv, xlsx, xlsm, xls, ods, html)".to_string(),
    };
    let message = if matching.is_empty() {
        format!(
            "the archive holds no member matching {what}; its members: {listed} — set `member` to the one to read"
        )
    } else {
        let names: Vec<String> = matching
            .iter()
            .map(|m| format!("`{}`", crate::error::one_line(&m.name)))
            .collect();
        format!(
            "{} members match {what}: {}; the archive holds {listed} — set `member` to the one to read",
            matching.len(),
            names.join(", ")
        )
    };
    Err(Error::input(
        &spec.name,
        Location::file(&spec.path),
        message,
    ))
}

fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.0} KB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}

/// The error of a zip reader, naming the archive (and member).
fn unreadable(spec: &SourceSpec, member: Option<&str>, e: impl std::fmt::Display) -> Error {
    let at = match member {
        Some(m) => Location::file(&spec.path.join(m)),
        None => Location::file(&spec.path),
    };
    Error::input(
        &spec.name,
        at,
        format!(
            "not a readable zip archive ({}) — download it again, or unpack the file and name it in `path`",
            crate::error::one_line(&e.to_string())
        ),
    )
}

/// The source as its member is read: the same options, the member's path (`archive.zip/member.csv`), so
/// that errors and `check` name both and the member's extension says how it is read.
fn member_spec(spec: &SourceSpec, member: &Member) -> SourceSpec {
    let mut inner = spec.clone();
    inner.path = spec.path.join(&member.name);
    inner.member = None;
    inner
}

/// Read the member of a `.zip` source.
pub fn load(spec: &SourceSpec, wanted: Option<&Wanted>, bars: &Bars) -> Result<Loaded> {
    let io = |cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    };
    let before = Snapshot::take(&spec.path).map_err(io)?;
    if spec.kind == Kind::Nppes
        && let Some(loaded) = try_stream_nppes(spec, wanted, bars, &before)?
    {
        return Ok(loaded);
    }
    // Any other member is read into memory from the archive's bytes, which are hashed.
    let bytes = std::fs::read(&spec.path).map_err(io)?;
    before.check(spec, &spec.path, bytes.len() as u64)?;
    if bytes.is_empty() {
        return Err(Error::input(
            &spec.name,
            Location::file(&spec.path),
            "the file is empty (0 bytes) — download it again",
        ));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice()))
        .map_err(|e| unreadable(spec, None, e))?;
    let listed = members(&zip);
    let member = choose(spec, &listed)?;
    if member.size > MAX_IN_MEMORY {
        return Err(Error::input(
            &spec.name,
            Location::file(&spec.path.join(&member.name)),
            format!(
                "the member would expand to {} in memory (limit {}); unpack it and name the file in `path`",
                size_text(member.size),
                size_text(MAX_IN_MEMORY)
            ),
        ));
    }
    let mut content = Vec::with_capacity(member.size as usize);
    zip.by_index(member.index)
        .map_err(|e| unreadable(spec, Some(&member.name), e))?
        .take(MAX_IN_MEMORY + 1)
        .read_to_end(&mut content)
        .map_err(|e| unreadable(spec, Some(&member.name), e))?;
    let inner = member_spec(spec, member);
    let mut loaded = super::read_member(&inner, &content, wanted, bars)?;
    loaded.sha256 = FileHash::done(sha256_hex(&bytes));
    loaded.member = Some(member.name.clone());
    loaded.file = spec.path.clone();
    Ok(loaded)
}

/// The NPPES member, scanned from the deflate stream block by block (flat memory whatever its size). None
/// when the member is not in the NPPES layout: it is then read like any other.
fn try_stream_nppes(
    spec: &SourceSpec,
    wanted: Option<&Wanted>,
    bars: &Bars,
    before: &Snapshot,
) -> Result<Option<Loaded>> {
    let io = |cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    };
    let file = std::fs::File::open(&spec.path).map_err(io)?;
    let tap = Tap::new(file);
    let watch = std::rc::Rc::clone(&tap.watch);
    let mut zip = zip::ZipArchive::new(BufReader::with_capacity(1 << 20, tap))
        .map_err(|e| unreadable(spec, None, e))?;
    let listed = members(&zip);
    let member = choose(spec, &listed)?;
    if super::sheet::is_spreadsheet(Path::new(&member.name)) {
        return Ok(None);
    }
    // Where the member's compressed bytes lie in the archive: the scan checksums them as they are read.
    let (start, compressed) = {
        let raw = zip
            .by_index_raw(member.index)
            .map_err(|e| unreadable(spec, Some(&member.name), e))?;
        (raw.data_start().unwrap_or(0), raw.compressed_size())
    };
    watch.borrow_mut().start(start, start + compressed);
    let inner = member_spec(spec, member);
    let bar = bars.bar(
        &format!("{} in {}", member.name, display_name(&spec.path)),
        member.size,
    );
    let stream = zip
        .by_index(member.index)
        .map_err(|e| unreadable(spec, Some(&member.name), e))?;
    let Some((mut loaded, _)) =
        super::nppes::try_load_stream(&inner, wanted.map(|w| w.npis.as_slice()), stream, &bar)?
    else {
        return Ok(None);
    };
    let mut tap = zip.into_inner().into_inner();
    let scanned = watch.borrow_mut().finish(&mut tap.file).ok_or_else(|| {
        Error::input(
            &spec.name,
            Location::file(&spec.path),
            "the member's bytes were not read in one pass — download the archive again",
        )
    })?;
    let read = tap.file.metadata().map_or(0, |m| m.len());
    before.check(spec, &spec.path, read)?;
    loaded.sha256 = FileHash::verified_in_background_range(
        spec.path.clone(),
        scanned,
        Some((start, start + compressed)),
    );
    loaded.member = Some(member.name.clone());
    loaded.file = spec.path.clone();
    Ok(Some(loaded))
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The archive file as the zip reader reads it, with a checksum of the bytes it reads of one range (the
/// member's compressed data), so that the archive's SHA-256, computed by a second read, is shown to be of
/// the bytes the findings came from.
struct Tap {
    file: std::fs::File,
    pos: u64,
    watch: std::rc::Rc<std::cell::RefCell<Watch>>,
}

/// The range a [`Tap`] watches, and how far into it the bytes have been checksummed.
#[derive(Default)]
struct Watch {
    window: Option<(u64, u64)>,
    next: u64,
    sum: ScanSum,
    /// A read skipped part of the range (never expected: the zip reader reads a member in order).
    gap: bool,
}

impl Watch {
    fn start(&mut self, start: u64, end: u64) {
        self.window = Some((start, end));
        self.next = start;
    }

    /// Bytes `buf`, read at `lo`: the part of the range that follows what was checksummed is added.
    fn saw(&mut self, lo: u64, buf: &[u8]) {
        let Some((start, end)) = self.window else {
            return;
        };
        let hi = lo + buf.len() as u64;
        if lo > self.next && lo < end {
            self.gap = true;
        }
        let from = self.next.max(lo).max(start);
        let to = hi.min(end);
        if from < to && from == self.next {
            self.sum
                .update(&buf[(from - lo) as usize..(to - lo) as usize]);
            self.next = to;
        }
    }

    /// What was read of the range, when it was read in order. Compressed bytes the decompressor did not
    /// need to ask for (padding after the deflate stream) are read here, so the whole range is summed.
    fn finish(&mut self, file: &mut std::fs::File) -> Option<Scanned> {
        let (_, end) = self.window?;
        if self.gap {
            return None;
        }
        if self.next < end {
            file.seek(SeekFrom::Start(self.next)).ok()?;
            let mut rest = Vec::new();
            file.take(end - self.next).read_to_end(&mut rest).ok()?;
            let at = self.next;
            self.saw(at, &rest);
        }
        (self.next == end).then(|| self.sum.finish())
    }
}

impl Tap {
    fn new(file: std::fs::File) -> Tap {
        Tap {
            file,
            pos: 0,
            watch: Default::default(),
        }
    }
}

impl Read for Tap {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        self.watch.borrow_mut().saw(self.pos, &buf[..n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Tap {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        self.pos = self.file.seek(to)?;
        Ok(self.pos)
    }
}

/// The member a source would read and the first `limit` bytes of it, for `credrecon init`: the member's
/// name, its bytes (the whole member when it is no larger), and whether it was cut. The data members are
/// tried in this order: the one the kind implies (NPPES), else the only data file.
pub fn member_head(spec: &SourceSpec, limit: u64) -> Result<(String, Vec<u8>, bool)> {
    let io = |cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    };
    let file = std::fs::File::open(&spec.path).map_err(io)?;
    let mut zip =
        zip::ZipArchive::new(BufReader::new(file)).map_err(|e| unreadable(spec, None, e))?;
    let listed = members(&zip);
    let member = choose(spec, &listed)?;
    let mut head = Vec::new();
    zip.by_index(member.index)
        .map_err(|e| unreadable(spec, Some(&member.name), e))?
        .take(limit)
        .read_to_end(&mut head)
        .map_err(|e| unreadable(spec, Some(&member.name), e))?;
    Ok((member.name.clone(), head, member.size > limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_file_names_case_insensitively() {
        assert!(glob_matches(
            "npidata_pfile_*.csv",
            "npidata_pfile_20050523-20240407.csv"
        ));
        assert!(glob_matches(
            "npidata_pfile_*.csv",
            "NPPES/NPIDATA_PFILE_2024.CSV"
        ));
        assert!(glob_matches("*", "a.csv"));
        assert!(glob_matches("a?c.txt", "abc.txt"));
        assert!(!glob_matches("a?c.txt", "ac.txt"));
        assert!(glob_matches(
            "*_fileheader.csv",
            "npidata_pfile_2024_fileheader.csv"
        ));
        assert!(glob_matches("data/*.csv", "data/x.csv"));
        assert!(!glob_matches("data/*.csv", "other/x.csv"));
        assert!(glob_matches("*a*b*", "xxaxxbxx"));
        assert!(!glob_matches("*a*b", "xxaxxbxx"));
    }
}
