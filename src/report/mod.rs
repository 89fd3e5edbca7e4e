//! Reports (SPEC §5): the CSV files and the manifest, written into OUT/<as_of>/ atomically.

pub mod csv;
pub mod manifest;
pub mod xlsx;

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// A run folder being written: everything goes into a hidden sibling folder, which replaces
/// OUT/<as_of>/ only once complete. Dropped without `commit`, it removes itself.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(out_dir: &Path, name: &str) -> Result<Staging> {
        let err = |cause| Error::Output {
            path: out_dir.to_path_buf(),
            cause,
        };
        std::fs::create_dir_all(out_dir).map_err(err)?;
        let dir = out_dir.join(format!(".{name}.partial-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(err)?;
        }
        create_private_dir(&dir).map_err(err)?;
        Ok(Staging {
            dir,
            target: out_dir.join(name),
            committed: false,
        })
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Put the finished folder in place; an earlier folder of the same name is replaced as a whole.
    pub fn commit(mut self) -> Result<PathBuf> {
        let err = |path: &Path| {
            let path = path.to_path_buf();
            move |cause| Error::Output { path, cause }
        };
        if self.target.exists() && swap(&self.dir, &self.target).is_ok() {
            // The finished folder is in place; the earlier one now sits in the staging path.
            self.committed = true;
            std::fs::remove_dir_all(&self.dir).map_err(err(&self.dir))?;
            return Ok(self.target.clone());
        }
        let old = self.target.with_file_name(format!(
            ".{}.old-{}",
            file_name(&self.target),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(err(&self.target))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(err(&self.target)(e));
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old).map_err(err(&old))?;
        }
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Exchange two folders atomically (Linux renameat2 with RENAME_EXCHANGE).
#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Elsewhere the earlier folder is moved aside, then the new one moved in.
#[cfg(not(target_os = "linux"))]
fn swap(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Reports hold dates of birth: folders and files are readable by their owner only.
#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir(dir)
}

/// Create a report file readable by its owner only.
pub fn create_file(path: &Path) -> Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(|cause| Error::Output {
        path: path.to_path_buf(),
        cause,
    })
}
