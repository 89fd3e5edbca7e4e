//! SIGINT and SIGTERM during a run (SPEC §1): the unfinished run folder is removed, and the process
//! exits 130 or 143, the codes a shell gives a process ended by those signals.
//!
//! The signals are waited for on a thread of their own (signal-hook's iterator: the handler only
//! wakes that thread), so the clean-up runs as ordinary code, whatever the run is doing, even
//! blocked reading a pipe.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The staging folder a run is writing, if any, shared with the thread that waits for signals. A
/// staging folder is created, put in place and removed only under its lock, so a signal sees either
/// no folder or a whole one to remove.
#[derive(Clone, Default)]
pub struct Unfinished(Arc<Mutex<Option<PathBuf>>>);

impl Unfinished {
    pub fn lock(&self) -> MutexGuard<'_, Option<PathBuf>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// From now on, SIGINT or SIGTERM removes the unfinished folder and ends the process. Should the
/// watch not start (no thread or pipe to be had), signals keep their default effect: the process
/// ends, and a later run removes what it left (see [`super::remove_abandoned`]).
#[cfg(unix)]
pub fn watch() -> Unfinished {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let unfinished = Unfinished::default();
    let shared = unfinished.clone();
    let (ready, registered) = std::sync::mpsc::sync_channel(1);
    let watcher = std::thread::Builder::new()
        .name("signals".to_string())
        .spawn(move || {
            let signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]);
            let _ = ready.send(());
            let Ok(mut signals) = signals else { return };
            if let Some(signal) = signals.forever().next() {
                // Held until the process ends: no folder is created or put in place meanwhile.
                let held = shared.lock();
                let name = if signal == SIGINT {
                    "SIGINT"
                } else {
                    "SIGTERM"
                };
                let what = match held.as_deref() {
                    Some(dir) if remove(dir) => "; the unfinished reports were removed",
                    Some(_) => "; the unfinished reports could not all be removed",
                    None => "",
                };
                crate::commands::note(&format!("credrecon: stopped by {name}{what}"));
                std::process::exit(128 + signal);
            }
        });
    if watcher.is_ok() {
        // Once this returns, the handlers are in place (or, failing that, the defaults still are).
        let _ = registered.recv();
    }
    unfinished
}

#[cfg(not(unix))]
pub fn watch() -> Unfinished {
    Unfinished::default()
}

/// Remove a folder the run may still be adding files to (its other threads keep going until the
/// process ends): a file created during the removal makes it fail, so it is tried again.
#[cfg(unix)]
fn remove(dir: &Path) -> bool {
    for _ in 0..20 {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => return true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return true,
            Err(_) => continue,
        }
    }
    !dir.exists()
}
