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
