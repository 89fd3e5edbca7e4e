//! Every source of a plan read side by side: rosters and credentials first, then the NPPES and board files
//! (keeping only what the rules can match), the other sources as cores come free.

use super::progress::Bars;
use super::{Loaded, Wanted, load_with};
use crate::error::Result;
use crate::model::Kind;

/// A mutex's value, even after a reader thread panicked while holding it (its result is then missing).
pub(super) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
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
    // The sources of one group of kinds, the largest file first.
    let group = |kinds: &dyn Fn(Kind) -> bool| {
        let mut v: Vec<(usize, u64)> = (0..n)
            .filter(|&i| kinds(plan.sources[i].kind))
            .map(|i| {
                let size = std::fs::metadata(&plan.sources[i].path).map_or(0, |m| m.len());
                (i, size)
            })
            .collect();
        v.sort_by_key(|&(_, size)| std::cmp::Reverse(size));
        v.into_iter().map(|(i, _)| i).collect::<Vec<usize>>()
    };
    let first = group(&|k| matches!(k, Kind::Roster | Kind::Credentials));
    let reads = Reads {
        plan,
        bars,
        slots: (0..n).map(|_| std::sync::Mutex::new(None)).collect(),
        progress: std::sync::Mutex::new(progress),
        wanted: std::sync::OnceLock::new(),
        first_left: std::sync::atomic::AtomicUsize::new(first.len()),
        filtered: group(&|k| matches!(k, Kind::Nppes | Kind::LicenseBoard)),
        first,
    };
    let others = group(&|k| {
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
