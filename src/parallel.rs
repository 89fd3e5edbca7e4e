//! How a run does things side by side, in one way: independent jobs on rayon's thread pool (one thread
//! per core), spawned largest first on a FIFO scope, so that a 2 GB NPPES file or the Findings sheet
//! starts at once and the small jobs fill the other cores around it (greedy largest-first scheduling).
//!
//! [`largest_first`] runs a list of jobs; the reads (`ingest::schedule`) use the same FIFO scope directly,
//! because their NPPES and board jobs are spawned by the job that reads the last roster. Inside a job, a
//! loop over many independent items uses rayon's parallel iterators on the same pool (finding ids, the
//! report sort).
//!
//! Two threads of the program are not jobs and stay outside the pool: the one that waits for SIGINT /
//! SIGTERM (`report::interrupts`) and the one that hashes a large file again at the lowest CPU priority
//! (`ingest::hash`); a pool thread must never be slowed by `nice`.

use std::sync::Mutex;

/// One job: its size (bytes, rows, cells: any unit shared by the jobs it runs with) and its work.
pub struct Job<'a, T> {
    pub weight: u64,
    pub work: Box<dyn FnOnce() -> T + Send + 'a>,
}

impl<'a, T> Job<'a, T> {
    pub fn new(weight: u64, work: impl FnOnce() -> T + Send + 'a) -> Self {
        Job {
            weight,
            work: Box::new(work),
        }
    }
}

/// Run `jobs` side by side, the largest first; their results in the order of `jobs`. A job that panics
/// ends the call with its panic once the others have finished.
pub fn largest_first<T: Send>(jobs: Vec<Job<'_, T>>) -> Vec<T> {
    let slots: Vec<Mutex<Option<T>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let mut order: Vec<(usize, Job<'_, T>)> = jobs.into_iter().enumerate().collect();
    // Stable: jobs of one size start in the order given.
    order.sort_by_key(|(_, job)| std::cmp::Reverse(job.weight));
    rayon::scope_fifo(|scope| {
        for (i, job) in order {
            let slot = &slots[i];
            scope.spawn_fifo(move |_| {
                let result = (job.work)();
                *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("rayon::scope_fifo ran every job")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_order_given() {
        let jobs: Vec<Job<usize>> = (0..50usize)
            .map(|i| Job::new((i * 7 % 13) as u64, move || i * i))
            .collect();
        let expected: Vec<usize> = (0..50).map(|i| i * i).collect();
        assert_eq!(largest_first(jobs), expected);
    }

    #[test]
    fn jobs_borrow_and_fill_disjoint_places() {
        let mut cells = vec![0u64; 8];
        let jobs: Vec<Job<()>> = cells
            .iter_mut()
            .enumerate()
            .map(|(i, cell)| Job::new(i as u64, move || *cell = 10 + i as u64))
            .collect();
        largest_first(jobs);
        assert_eq!(cells, [10, 11, 12, 13, 14, 15, 16, 17]);
    }

    #[test]
    fn on_one_thread_the_largest_job_runs_first() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let ran = std::sync::Mutex::new(Vec::new());
        pool.install(|| {
            let jobs: Vec<Job<()>> = [3u64, 9, 1, 9, 5]
                .into_iter()
                .enumerate()
                .map(|(i, w)| {
                    let ran = &ran;
                    Job::new(w, move || ran.lock().unwrap().push(i))
                })
                .collect();
            largest_first(jobs);
        });
        // Weights 9, 9 (given first: 1, then 3), 5, 3, 1.
        assert_eq!(ran.into_inner().unwrap(), [1, 3, 4, 0, 2]);
    }
}
