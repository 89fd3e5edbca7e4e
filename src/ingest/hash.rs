//! A source file's SHA-256, for the manifest: of the bytes read, or, for a large file scanned once (NPPES),
//! computed by reading the file again on a thread of its own at the lowest CPU priority, and checked to be
//! of the same bytes the scan read (their length and xxh3 checksum).

use super::schedule::lock;
use std::path::PathBuf;

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

#[cfg(test)]
mod tests {
    use super::*;

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
