//! Reports (SPEC §5): the CSV and Parquet files, the trend, the workbook and the manifest, written into
//! OUT/<as_of>/ atomically.

pub mod csv;
pub mod interrupts;
pub mod manifest;
pub mod parquet;
pub mod trend;
pub mod xlsx;

use crate::error::{Error, Result};
use interrupts::Unfinished;
use std::path::{Path, PathBuf};

/// A run folder being written: everything goes into a hidden sibling folder, which replaces
/// OUT/<as_of>/ only once complete. Dropped without `commit`, it removes itself; on SIGINT or SIGTERM
/// the signal watch removes it (see [`interrupts`]).
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    committed: bool,
    unfinished: Unfinished,
}

impl Staging {
    pub fn new(out_dir: &Path, name: &str, unfinished: &Unfinished) -> Result<Staging> {
        let err = |cause| Error::Output {
            path: out_dir.to_path_buf(),
            cause,
        };
        std::fs::create_dir_all(out_dir).map_err(err)?;
        let target = out_dir.join(name);
        check_target(&target)?;
        let dir = out_dir.join(format!(".{name}.partial-{}", std::process::id()));
        let mut held = unfinished.lock();
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(err)?;
        }
        create_private_dir(&dir).map_err(err)?;
        *held = Some(dir.clone());
        drop(held);
        Ok(Staging {
            dir,
            target,
            committed: false,
            unfinished: unfinished.clone(),
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
        check_target(&self.target)?;
        // A signal meanwhile waits until the new folder is in place and the earlier one removed.
        let unfinished = self.unfinished.clone();
        let mut held = unfinished.lock();
        *held = None;
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
        let mut held = self.unfinished.lock();
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        *held = None;
    }
}

/// `OUT/<as_of>` is replaced only by a complete run folder: when it exists and is not a folder (a
/// file of the user's), the run stops before anything moves.
pub fn check_target(target: &Path) -> Result<()> {
    match std::fs::metadata(target) {
        Ok(meta) if !meta.is_dir() => Err(Error::NotAFolder {
            path: target.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

/// Clear what killed runs left in `out_dir`, when process `<pid>` is gone: their staging folders
/// (`.<as_of>.partial-<pid>`) are removed; an earlier folder set aside (`.<as_of>.old-<pid>`) goes back
/// to `<as_of>` when nothing took its place, and is removed otherwise. The folders of a run still going
/// are kept. Returns the folders that could not be removed, with the cause.
pub fn remove_abandoned(out_dir: &Path) -> Vec<(PathBuf, std::io::Error)> {
    let mut failed = Vec::new();
    let Ok(entries) = std::fs::read_dir(out_dir) else {
        return failed;
    };
    for entry in entries.flatten() {
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let name = entry.file_name();
        let Some(left) = name.to_str().and_then(left_by).filter(|_| is_dir) else {
            continue;
        };
        // This process has written nothing yet: a folder bearing its pid was left by an earlier one.
        if left.pid != std::process::id() && process_alive(left.pid) != Some(false) {
            continue;
        }
        let path = entry.path();
        let target = out_dir.join(left.as_of);
        if left.set_aside && !target.exists() && std::fs::rename(&path, &target).is_ok() {
            continue;
        }
        if let Err(e) = std::fs::remove_dir_all(&path) {
            failed.push((path, e));
        }
    }
    failed
}

/// A folder a run leaves beside `<as_of>` while it writes or puts its folder in place.
struct LeftBy<'a> {
    as_of: &'a str,
    pid: u32,
    /// `.old-`: an earlier run folder, moved aside; else `.partial-`: a staging folder.
    set_aside: bool,
}

/// `.2026-11-30.partial-4242` → 2026-11-30, 4242, staging; `.2026-11-30.old-4242` → set aside.
fn left_by(name: &str) -> Option<LeftBy<'_>> {
    let rest = name.strip_prefix('.')?;
    let ((as_of, pid), set_aside) = match rest.rsplit_once(".partial-") {
        Some(split) => (split, false),
        None => (rest.rsplit_once(".old-")?, true),
    };
    chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").ok()?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(LeftBy {
        as_of,
        pid: pid.parse().ok()?,
        set_aside,
    })
}

/// Whether process `pid` is alive on this machine; `None` when it cannot be told (no /proc).
fn process_alive(pid: u32) -> Option<bool> {
    let proc = Path::new("/proc");
    if cfg!(target_os = "linux") && proc.join("self").exists() {
        Some(proc.join(pid.to_string()).exists())
    } else {
        None
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
