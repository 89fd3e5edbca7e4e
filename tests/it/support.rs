//! Helpers shared by the test modules: fixture paths, loading a source of a config by name, reading one
//! record of a canonical frame by the row number a person sees, and running the real executable.

use credrecon::config::{self, Overrides, Plan};
use credrecon::ingest::{self, Loaded, row_column, string_column};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

/// The config that loads every real fixture (`tests/fixtures/real/readers.toml`).
pub fn readers_config() -> PathBuf {
    fixture("real/readers.toml")
}

pub fn plan(config_path: &Path) -> Plan {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    config::load(config_path, &Overrides::default(), today)
        .unwrap_or_else(|e| panic!("config {}: {e}", config_path.display()))
}

/// Load the source called `name` of `readers.toml`; `npis` limits an NPPES file to those NPIs.
pub fn load_source(name: &str, npis: Option<&[String]>) -> Loaded {
    load_from(&readers_config(), name, npis)
}

pub fn load_from(config_path: &Path, name: &str, npis: Option<&[String]>) -> Loaded {
    let plan = plan(config_path);
    let spec = plan
        .sources
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no source `{name}` in {}", config_path.display()));
    ingest::load(spec, npis).unwrap_or_else(|e| panic!("source `{name}`: {e}"))
}

/// The value of `field` in the record that starts at `row`; panics when no record or several start there.
pub fn value(loaded: &Loaded, row: u64, field: &str) -> Option<String> {
    let rows = row_column(&loaded.frame);
    let at: Vec<usize> = (0..rows.len()).filter(|&i| rows[i] == row).collect();
    assert_eq!(
        at.len(),
        1,
        "source `{}`: expected one record at row {row}, found {}",
        loaded.name,
        at.len()
    );
    assert!(
        loaded.frame.column(field).is_ok(),
        "source `{}` has no column `{field}`",
        loaded.name
    );
    string_column(&loaded.frame, field)[at[0]].clone()
}

/// Assert several fields of the record at `row` at once (`None` = the value reads as null).
pub fn assert_row(loaded: &Loaded, row: u64, expected: &[(&str, Option<&str>)]) {
    for (field, want) in expected {
        assert_eq!(
            value(loaded, row, field).as_deref(),
            *want,
            "source `{}`, row {row}, field `{field}`",
            loaded.name
        );
    }
}

/// How many records hold a value (not null) in `field`.
pub fn filled(loaded: &Loaded, field: &str) -> usize {
    string_column(&loaded.frame, field)
        .iter()
        .filter(|v| v.is_some())
        .count()
}

/// How many records read `field` as null.
pub fn nulls(loaded: &Loaded, field: &str) -> usize {
    loaded.frame.height() - filled(loaded, field)
}

/// The header that fed a canonical field, as `check` would print it.
pub fn header_of(loaded: &Loaded, field: &str) -> Option<String> {
    loaded
        .mapping
        .iter()
        .find(|m| m.field == field)
        .map(|m| m.header.clone())
}

/// What one run of the real executable did.
pub struct Outcome {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Run `credrecon ARGS...` from `cwd`.
pub fn credrecon(args: &[&str], cwd: &Path) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_credrecon"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the credrecon executable runs");
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// ---- scenario folders and report files (used by samples, rules_* and reports)

/// One CSV report read back: its header and its rows as text.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The rows as column → value maps.
    pub fn records(&self) -> Vec<Record> {
        self.rows
            .iter()
            .map(|r| {
                self.header
                    .iter()
                    .cloned()
                    .zip(r.iter().cloned())
                    .collect::<Record>()
            })
            .collect()
    }
}

/// One row of a report, column → value.
pub type Record = std::collections::BTreeMap<String, String>;

/// Read a CSV report as written (every cell as text, no trimming).
pub fn read_table(path: &Path) -> Table {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let header = reader
        .headers()
        .unwrap_or_else(|e| panic!("header of {}: {e}", path.display()))
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.unwrap_or_else(|e| panic!("row of {}: {e}", path.display()))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    Table { header, rows }
}

/// A scratch folder for a scenario: `credrecon.toml` plus a few small input files, run with `--out out`.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Default for Sandbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("a scratch folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Write `name` (relative to the folder) with `text`.
    pub fn file(&self, name: &str, text: &str) -> &Self {
        let path = self.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// `credrecon run credrecon.toml --out out ARGS...` in the folder.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let mut all = vec!["run", "credrecon.toml", "--out", "out"];
        all.extend_from_slice(args);
        credrecon(&all, self.path())
    }

    /// Run, require exit code 0, and return the run folder `out/<as_of>`.
    pub fn run_ok(&self, as_of: &str, args: &[&str]) -> PathBuf {
        let outcome = self.run(args);
        assert_eq!(
            outcome.code,
            Some(0),
            "credrecon run failed\nstderr: {}\nstdout: {}",
            outcome.stderr,
            outcome.stdout
        );
        self.path().join("out").join(as_of)
    }

    /// Run at the config's as_of and return the rows of findings.csv.
    pub fn findings(&self, as_of: &str) -> Vec<Record> {
        read_table(&self.run_ok(as_of, &[]).join("findings.csv")).records()
    }
}

/// A short listing of findings for assertion messages.
pub fn listing(findings: &[Record]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} npi={} payer={} field={} {}#{} | {}",
                f["severity"],
                f["code"],
                f["provider_id"],
                f["npi"],
                f["payer"],
                f["field"],
                f["source"],
                f["source_row"],
                f["detail"]
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The findings as `a|b|c` strings of the given columns, sorted: compare a whole run against a list
/// written by hand.
pub fn pick(findings: &[Record], columns: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = findings
        .iter()
        .map(|f| {
            columns
                .iter()
                .map(|c| {
                    f.get(*c)
                        .unwrap_or_else(|| panic!("no column `{c}`"))
                        .as_str()
                })
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    out.sort();
    out
}

/// Sort hand-written expectations the way [`pick`] sorts.
pub fn sorted(lines: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    out.sort();
    out
}

/// SPEC §3.3, written again independently of the crate: 10 digits whose last is the Luhn check digit over
/// `80840` + the first 9. Scenario NPIs are checked with it, so an invented NPI is known to be valid.
pub fn npi_is_valid(npi: &str) -> bool {
    if npi.len() != 10 || !npi.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = format!("80840{}", &npi[..9])
        .bytes()
        .map(|b| u32::from(b - b'0'))
        .collect();
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10 == u32::from(npi.as_bytes()[9] - b'0')
}
