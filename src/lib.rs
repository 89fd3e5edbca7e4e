//! credrecon: reconcile a healthcare provider roster against license boards, NPPES, exclusion lists and
//! payer enrollments, and report what is wrong, for whom, according to which file and row.
//!
//! The pipeline runs one way: `config` → `ingest` (every source to canonical frames) → rules → reports.

pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod findings;
pub mod ingest;
pub mod model;
pub mod parallel;
pub mod report;
pub mod rules;
pub mod tracking;
pub mod values;

use cli::{Cli, Command};
use error::Result;

/// What a command came to: the process exit code, and what a run built.
pub struct Finished {
    pub code: u8,
    /// The run's rows and findings, handed back so that the process can exit without giving a gigabyte
    /// of small allocations back one by one (the operating system reclaims them at once).
    pub leftovers: Option<Box<dyn std::any::Any>>,
}

impl From<u8> for Finished {
    fn from(code: u8) -> Self {
        Finished {
            code,
            leftovers: None,
        }
    }
}

/// Run one command.
pub fn run(cli: Cli) -> Result<Finished> {
    let today = chrono::Local::now().date_naive();
    match cli.command {
        Command::Run(args) => commands::run::run(&args, today),
        Command::Check { config } => commands::check::run(&config, today).map(Finished::from),
        Command::Init { files } => commands::init::run(&files).map(Finished::from),
        Command::Profiles => commands::profiles::run().map(Finished::from),
    }
}
