//! A source file as it was when its reading began (size and modification time): a file that changes while
//! it is read stops the run.

use crate::config::SourceSpec;
use crate::error::{Error, Location, Result};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
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
}
