//! The one error type of credrecon and its exit-code contract.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Exit codes (SPEC §1): 0 success, 1 a finding at or above `--fail-on`, 2 usage, config or input error.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Where in an input a problem lies: file, then sheet, row and column when known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub row: Option<u64>,
    pub column: Option<String>,
}

impl Location {
    pub fn file(file: &Path) -> Self {
        Location {
            file: file.to_path_buf(),
            ..Location::default()
        }
    }

    pub fn with_sheet(mut self, sheet: Option<&str>) -> Self {
        self.sheet = sheet.map(str::to_string);
        self
    }

    pub fn with_row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }

    pub fn with_column(mut self, column: &str) -> Self {
        self.column = Some(column.to_string());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`", self.file.display())?;
        if let Some(sheet) = &self.sheet {
            write!(f, ", sheet `{sheet}`")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        Ok(())
    }
}

/// Everything that stops a run. Each variant prints as one line naming where the problem is and what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("usage: {0}")]
    Usage(String),

    #[error("config `{}`{}: {message}", path.display(), line_column(*line, *column))]
    Config {
        path: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },

    #[error(
        "source `{source_name}`: file {} not found — check `path` in the config (paths are relative to the config's folder)",
        Location::file(path)
    )]
    MissingFile { source_name: String, path: PathBuf },

    #[error(
        "source `{source_name}`: {} is a folder, not a file — set `path` to a file in it (paths are relative to the config's folder)",
        Location::file(path)
    )]
    FolderNotFile { source_name: String, path: PathBuf },

    #[error("{at}: cannot read the file: {cause}")]
    Io {
        at: Location,
        #[source]
        cause: std::io::Error,
    },

    #[error(
        "source `{source_name}`: {at}: sheet `{sheet}` not found; the workbook has {}{}",
        list(found),
        did_you_mean(suggestion)
    )]
    UnknownSheet {
        source_name: String,
        at: Location,
        sheet: String,
        found: Vec<String>,
        suggestion: Option<String>,
    },

    #[error(
        "source `{source_name}`: {at}: no column for required field `{field}`{}; the header has {}{} — map it under [sources.columns]",
        or_set(field),
        list(found),
        did_you_mean(suggestion)
    )]
    MissingColumn {
        source_name: String,
        at: Location,
        field: String,
        found: Vec<String>,
        suggestion: Option<String>,
    },

    #[error("source `{source_name}`: {at}: {message}")]
    Input {
        source_name: String,
        at: Location,
        message: String,
    },

    #[error("cannot write {}: {cause}", Location::file(path))]
    Output {
        path: PathBuf,
        #[source]
        cause: std::io::Error,
    },

    #[error(
        "{} exists and is not a folder; a run writes its reports into a folder of that name — move the file away or choose another --out",
        Location::file(path)
    )]
    NotAFolder { path: PathBuf },

    /// rust_xlsxwriter's temporary files for the workbook, in the run's staging folder, cannot be written.
    #[error(
        "cannot write the workbook's sheets into {}: {cause} — free space on that disk or choose another --out",
        Location::file(dir)
    )]
    Spool {
        dir: PathBuf,
        #[source]
        cause: std::io::Error,
    },

    /// Standard output failed for a reason other than a reader that went away (a full disk).
    #[error("cannot write to standard output: {cause}{}", reports_in(written))]
    Stdout {
        #[source]
        cause: std::io::Error,
        /// The run folder, when the reports were already in place.
        written: Option<PathBuf>,
    },
}

impl Error {
    pub fn input(source_name: &str, at: Location, message: impl Into<String>) -> Self {
        Error::Input {
            source_name: source_name.to_string(),
            at,
            message: message.into(),
        }
    }

    pub fn exit_code(&self) -> u8 {
        EXIT_ERROR
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "nothing".to_string();
    }
    items
        .iter()
        .map(|item| format!("`{}`", one_line(item)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn reports_in(written: &Option<PathBuf>) -> String {
    match written {
        Some(dir) => format!("; the reports are written in {}", Location::file(dir)),
        None => String::new(),
    }
}

fn line_column(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(", line {l}, column {c}"),
        (Some(l), None) => format!(", line {l}"),
        _ => String::new(),
    }
}

/// The fields a source may name in the config instead of reading them from a column.
fn or_set(field: &str) -> String {
    match field {
        "payer" | "state" => format!(" (or set `{field}` on the source)"),
        _ => String::new(),
    }
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean `{}`?)", one_line(s)),
        None => String::new(),
    }
}

/// Header cells may hold line breaks; an error message stays on one line.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The candidate closest to `wanted`, when it is close enough to be a plausible typo.
pub fn closest<'a, I>(wanted: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted_key = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted_key, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f`, turning a panic into `Err(message)` without the panic printing anything: third-party
/// readers may panic on malformed files, and credrecon reports that as one line of its own.
pub fn quiet_panics<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    // Restored, not cleared: a pool thread waiting inside one quiet job may run another.
    let was = QUIET.with(|q| q.replace(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    outcome.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

/// The process-wide panic hook: silent inside [`quiet_panics`], else one line asking for a report.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if QUIET.with(|q| q.get()) {
            return;
        }
        // Not eprintln!: a failed write to stderr must not panic inside the panic hook.
        let _ = writeln!(
            std::io::stderr(),
            "credrecon: internal error: {} — please report this with the input that caused it",
            one_line(&info.to_string())
        );
    }));
}
