//! Helpers shared by the test modules: fixture paths, loading a source of a config by name, reading one
//! record of a canonical frame by the row number a person sees, and running the real executable.

use credrecon::config::{self, Overrides, Plan};
use credrecon::ingest::{self, Loaded};
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
    let wanted = npis.map(|npis| ingest::Wanted {
        npis: npis.to_vec(),
        ..Default::default()
    });
    ingest::load(spec, wanted.as_ref()).unwrap_or_else(|e| panic!("source `{name}`: {e}"))
}

/// The value of `field` in the record that starts at `row`; panics when no record or several start there.
pub fn value(loaded: &Loaded, row: u64, field: &str) -> Option<String> {
    let rows = loaded.frame.rows();
    let at: Vec<usize> = (0..rows.len()).filter(|&i| rows[i] == row).collect();
    assert_eq!(
        at.len(),
        1,
        "source `{}`: expected one record at row {row}, found {}",
        loaded.name,
        at.len()
    );
    assert!(
        loaded.frame.has(field),
        "source `{}` has no column `{field}`",
        loaded.name
    );
    loaded.frame.text(field)[at[0]].clone()
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
    loaded
        .frame
        .text(field)
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

/// The files every complete run folder holds (no `--previous`).
pub const RUN_FILES: [&str; 14] = [
    "findings.csv",
    "findings.parquet",
    "discrepancies.csv",
    "expirations.csv",
    "enrollment_gaps.csv",
    "exclusions.csv",
    "data_quality.csv",
    "compliance.csv",
    "compliance.parquet",
    "rejected_rows.csv",
    "history.csv",
    "trend.csv",
    "manifest.json",
    "credentialing-audit-2026-11-30.xlsx",
];

/// `DIR/credrecon.toml` with one roster source reading `file`.
pub fn roster_config(dir: &Path, file: &str) -> PathBuf {
    let config = dir.join("credrecon.toml");
    std::fs::write(
        &config,
        format!("[[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"{file}\"\n"),
    )
    .unwrap();
    config
}

/// Exit code 2 and exactly one line on stderr: that line.
pub fn one_line_error(outcome: &Outcome) -> String {
    assert_eq!(
        outcome.code,
        Some(2),
        "exit code; stderr: {}; stdout: {}",
        outcome.stderr,
        outcome.stdout
    );
    let lines: Vec<&str> = outcome.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "stderr is one line: {:?}", outcome.stderr);
    lines[0].to_string()
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

// ---- rule scenarios (rules_quality, rules_nppes, rules_licensure, rules_expirations, rules_psv): tiny CSV
// inputs written from rows, one run at a fixed as_of, findings and the compliance checklist read back.

/// The as_of of every rule scenario.
pub const AS_OF: &str = "2026-11-30";

/// Valid NPIs for scenarios: nine digits plus the Luhn check digit over `80840` + those nine (recomputed by
/// `scenario_npis_carry_their_check_digit`). By hand for 1000000004: the payload 80840100000000 read from
/// the right, every other digit doubled starting with the rightmost, gives doubled 0+0+0+0+2+8+0 = 10 and
/// kept 0+0+0+0+0+8+8 = 16; 26 is 4 short of 30, so the check digit is 4.
pub const NPIS: [&str; 12] = [
    "1000000004",
    "1000000012",
    "1000000020",
    "1000000038",
    "1000000046",
    "1000000053",
    "1000000061",
    "1000000079",
    "1000000087",
    "1111111112",
    "1222222220",
    "1333333338",
];

/// The NPI check digit of nine digits (CMS: Luhn over `80840` + the nine; every other digit from the
/// right doubled, a doubled digit over 9 counted as its digit sum).
pub fn npi_check_digit(first_nine: &str) -> u32 {
    let payload: Vec<u32> = format!("80840{first_nine}")
        .chars()
        .map(|c| c.to_digit(10).expect("digits"))
        .collect();
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match (i % 2 == 0, d * 2) {
            (true, twice) if twice > 9 => twice - 9,
            (true, twice) => twice,
            (false, _) => d,
        })
        .sum();
    (10 - sum % 10) % 10
}

/// CSV text built from rows of (header, value) pairs: the header is every key in first-seen order, and a
/// row leaves the columns it does not name empty. Cells are quoted by the `csv` writer where needed.
#[derive(Default)]
pub struct CsvRows {
    header: Vec<String>,
    rows: Vec<Vec<(String, String)>>,
}

impl CsvRows {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn row(mut self, cells: &[(&str, &str)]) -> Self {
        for (h, _) in cells {
            if !self.header.iter().any(|x| x == h) {
                self.header.push(h.to_string());
            }
        }
        self.rows.push(
            cells
                .iter()
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect(),
        );
        self
    }

    /// The file's text: the header on line 1, row k (from 0) on line k + 2.
    pub fn text(&self) -> String {
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        w.write_record(&self.header).expect("header");
        for row in &self.rows {
            let cells = self.header.iter().map(|h| {
                row.iter()
                    .find(|(k, _)| k == h)
                    .map_or("", |(_, v)| v.as_str())
            });
            w.write_record(cells).expect("row");
        }
        String::from_utf8(w.into_inner().expect("flush")).expect("utf-8")
    }
}

/// `credrecon.toml` for a scenario: the `[policy]` lines, then one `[[sources]]` block per
/// (name, kind, path, extra lines such as `state = "CT"` or a `[sources.columns]` table).
pub fn scenario_config(policy: &str, sources: &[(&str, &str, &str, &str)]) -> String {
    let mut text = format!("organization = \"Rule scenario\"\n\n[policy]\n{policy}\n");
    for (name, kind, path, extra) in sources {
        text.push_str(&format!(
            "\n[[sources]]\nname = \"{name}\"\nkind = \"{kind}\"\npath = \"{path}\"\n{extra}\n"
        ));
    }
    text
}

/// What one scenario run wrote: findings.csv and compliance.csv, as records.
pub struct RuleRun {
    pub findings: Vec<Record>,
    pub compliance: Vec<Record>,
}

/// Run the sandbox's `credrecon.toml` at [`AS_OF`] (exit code 0 required) and read the two reports.
pub fn run_rules(sandbox: &Sandbox) -> RuleRun {
    let dir = sandbox.run_ok(AS_OF, &["--as-of", AS_OF]);
    RuleRun {
        findings: read_table(&dir.join("findings.csv")).records(),
        compliance: read_table(&dir.join("compliance.csv")).records(),
    }
}

impl RuleRun {
    /// The given columns of every finding, sorted: compared with an expected list, this is "exactly these".
    pub fn keys(&self, columns: &[&str]) -> Vec<Vec<String>> {
        let mut keys: Vec<Vec<String>> = self
            .findings
            .iter()
            .map(|f| columns.iter().map(|c| f[*c].clone()).collect())
            .collect();
        keys.sort();
        keys
    }

    /// Assert the findings are exactly `expected` (in any order), compared on `columns`.
    pub fn assert_exactly(&self, columns: &[&str], expected: &[&[&str]]) {
        let mut want: Vec<Vec<String>> = expected
            .iter()
            .map(|row| row.iter().map(|v| v.to_string()).collect())
            .collect();
        want.sort();
        assert_eq!(
            self.keys(columns),
            want,
            "findings on {columns:?}; all findings:\n{}",
            listing(&self.findings)
        );
    }

    /// Assert the findings are exactly the rows of `table` (see [`parse_table`]), compared on its columns.
    pub fn assert_table(&self, table: &str) {
        let (columns, rows) = parse_table(table);
        let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        self.assert_exactly(&columns, &rows);
    }

    /// Assert compliance.csv holds exactly the rows of `table` (see [`parse_table`]) on its columns.
    pub fn assert_compliance_table(&self, table: &str) {
        let (columns, mut want) = parse_table(table);
        want.sort();
        let mut got: Vec<Vec<String>> = self
            .compliance
            .iter()
            .map(|r| columns.iter().map(|c| r[c].clone()).collect())
            .collect();
        got.sort();
        assert_eq!(got, want, "compliance.csv on {columns:?}");
    }

    /// The one finding with this code about this provider.
    pub fn one(&self, code: &str, provider_id: &str) -> &Record {
        let hits: Vec<&Record> = self
            .findings
            .iter()
            .filter(|f| f["code"] == code && f["provider_id"] == provider_id)
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "one {code} for {provider_id}; all findings:\n{}",
            listing(&self.findings)
        );
        hits[0]
    }
}

/// A table written in a test: the first non-blank line names the columns, each further line is a row;
/// cells are separated by `|` and trimmed, `-` is an empty cell, and ` #` starts a note.
pub fn parse_table(table: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = table
        .lines()
        .map(|l| l.split(" #").next().unwrap_or(l).trim())
        .filter(|l| !l.is_empty());
    let cells = |line: &str| -> Vec<String> {
        line.split('|')
            .map(|c| match c.trim() {
                "-" => String::new(),
                c => c.to_string(),
            })
            .collect()
    };
    let columns = cells(lines.next().expect("a header line"));
    let rows: Vec<Vec<String>> = lines.map(cells).collect();
    for row in &rows {
        assert_eq!(
            row.len(),
            columns.len(),
            "table row {row:?} under {columns:?}"
        );
    }
    (columns, rows)
}

/// Assert several columns of one report record.
pub fn assert_columns(record: &Record, expected: &[(&str, &str)]) {
    for (column, want) in expected {
        assert_eq!(
            record.get(*column).map(String::as_str),
            Some(*want),
            "column `{column}` of {record:?}"
        );
    }
}

#[test]
fn scenario_npis_carry_their_check_digit() {
    for npi in NPIS {
        let check = npi[9..].parse::<u32>().unwrap();
        assert_eq!(npi_check_digit(&npi[..9]), check, "{npi}");
    }
    // The NPIs SPEC examples and values.rs use, recomputed independently.
    assert_eq!(npi_check_digit("123456789"), 3);
    assert_eq!(npi_check_digit("124531959"), 9);
    assert_eq!(npi_check_digit("167957672"), 2);
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

/// Valid NPIs for the scenario tests (Luhn over 80840 + 9 digits; checked by `scenario_npis_are_valid`).
pub mod npi {
    pub const N1: &str = "1000000012";
    pub const N2: &str = "1000000020";
    pub const N3: &str = "1000000038";
    pub const N4: &str = "1000000046";
    pub const N5: &str = "1000000053";
    pub const N6: &str = "1000000061";
    pub const N7: &str = "1000000079";
    pub const N8: &str = "1000000087";
    pub const N9: &str = "1000000095";
    pub const N10: &str = "1000000103";
    pub const N11: &str = "1000000111";
    pub const N12: &str = "1000000129";
    pub const N13: &str = "1000000137";
    pub const N14: &str = "1000000145";
    pub const N15: &str = "1000000152";
    pub const N16: &str = "1000000160";
    pub const N17: &str = "1000000178";
    pub const N18: &str = "1000000186";
    /// Not on any roster in the scenarios that use it.
    pub const OUTSIDER: &str = "1679576722";
}

#[test]
fn scenario_npis_are_valid() {
    use npi::*;
    for n in [
        N1, N2, N3, N4, N5, N6, N7, N8, N9, N10, N11, N12, N13, N14, N15, N16, N17, N18, OUTSIDER,
    ] {
        assert!(npi_is_valid(n), "{n}");
    }
}
