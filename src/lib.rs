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
pub mod report;
pub mod rules;
pub mod tracking;
pub mod values;

use cli::{Cli, Command};
use error::Result;

/// Run one command; the returned value is the process exit code.
pub fn run(cli: Cli) -> Result<u8> {
    let today = chrono::Local::now().date_naive();
    match cli.command {
        Command::Run(args) => commands::run::run(&args, today),
        Command::Check { config } => commands::check::run(&config, today),
        Command::Init { files } => commands::init::run(&files),
        Command::Profiles => commands::profiles::run(),
    }
}
