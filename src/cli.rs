//! Command-line arguments (SPEC §1), as clap parses them.

use crate::error::{Error, Result};
use chrono::NaiveDate;
use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;

/// Parse the process's arguments (`args`, the program name first). `None` when they asked for
/// `--help` or `--version`, which are then printed here (to standard output, failing as
/// [`crate::commands::print`] does). A usage error comes back as one line (SPEC §1).
pub fn parse(args: Vec<OsString>) -> Result<Option<Cli>> {
    let e = match Cli::try_parse_from(&args) {
        Ok(cli) => return Ok(Some(cli)),
        Err(e) => e,
    };
    if !e.use_stderr() {
        let outcome = e
            .print()
            .and_then(|()| std::io::Write::flush(&mut std::io::stdout()));
        crate::commands::printed(outcome, None)?;
        return Ok(None);
    }
    Err(Error::Usage(usage_line(&e, &args)))
}

/// clap's error (two to eight lines: the message, possible values, a tip, the usage, a pointer to
/// `--help`) as one line: the message, then the possible values and the tip in parentheses, then the
/// help to read.
fn usage_line(e: &clap::Error, args: &[OsString]) -> String {
    let command = Cli::command();
    let subcommands: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    let mut line = String::new();
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        line.push_str(&format!(
            "no command given; use one of {}",
            subcommands.join(", ")
        ));
    } else {
        for text in e.render().to_string().lines() {
            let trimmed = text.trim();
            if trimmed.is_empty()
                || text.starts_with("Usage:")
                || trimmed.starts_with("For more information")
            {
                continue;
            }
            if let Some(message) = text.strip_prefix("error: ") {
                line.push_str(message);
            } else if let Some(values) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']'))
            {
                line.push_str(&format!(" ({values})"));
            } else if trimmed.starts_with("tip:") {
                line.push_str(&format!(" ({trimmed})"));
            } else {
                line.push(' ');
                line.push_str(trimmed);
            }
        }
    }
    // The help of the subcommand the arguments name, if they name one.
    let named = args
        .iter()
        .skip(1)
        .filter_map(|a| a.to_str())
        .find(|a| !a.starts_with('-'))
        .filter(|a| subcommands.contains(a));
    match named {
        Some(sub) => format!("{line} — see `credrecon {sub} --help`"),
        None => format!("{line} — see `credrecon --help`"),
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "credrecon",
    version,
    about = "Reconcile a provider roster against license boards, NPPES, exclusion lists and payer enrollments"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every source, run every rule, write the reports into OUT/<as_of>/
    Run(RunArgs),
    /// Read and validate every source and print what was understood; write nothing
    Check {
        /// The config file
        #[arg(default_value = "credrecon.toml")]
        config: PathBuf,
    },
    /// Inspect files and print a starter credrecon.toml with the detected kinds and column mappings
    Init {
        /// Roster, payer, board, NPPES or exclusion files
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the built-in file formats and the headers that identify them
    Profiles,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// The config file
    #[arg(default_value = "credrecon.toml")]
    pub config: PathBuf,
    /// Evaluate every rule at this date (default: the config's `as_of`, else today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Write into DIR/<as_of>/ (default: the config's `out_dir`, else `reports`)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A previous run's folder: findings found there are `open`, the others `new`; the gone ones go to resolved.csv
    #[arg(long, value_name = "DIR")]
    pub previous: Option<PathBuf>,
    /// A CSV of decisions (finding_id,decision,note,decided_by,decided_on)
    #[arg(long, value_name = "FILE")]
    pub decisions: Option<PathBuf>,
    /// Exit with code 1 when a finding at or above this severity exists
    #[arg(long, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// No progress on stderr
    #[arg(long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum FailOn {
    Low,
    Medium,
    High,
    Critical,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date written YYYY-MM-DD"))
}
