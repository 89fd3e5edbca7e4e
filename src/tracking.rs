//! Month over month: a previous run's findings (`--previous`) and the coordinator's decisions
//! (`--decisions`) applied to this run's findings.

use crate::error::{Error, Location, Result};
use crate::findings::{Finding, Status};
use crate::report::csv::FINDING_COLUMNS;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::Path;

/// The file in a run folder that remembers when each finding was first seen.
pub const HISTORY_FILE: &str = "history.csv";

/// What a previous run left.
#[derive(Debug, Default)]
pub struct Previous {
    /// Its findings.csv rows (the active findings of that run).
    pub rows: Vec<Vec<String>>,
    /// finding_id → the date it was first seen.
    pub first_seen: BTreeMap<String, NaiveDate>,
}

/// A CSV error of the file given to `option` (`--previous` or `--decisions`), naming its line.
fn csv_error(option: &str, path: &Path, e: &csv::Error) -> Error {
    let row = e.position().map(|p| p.line());
    let mut at = Location::file(path);
    at.row = row;
    Error::input(option, at, format!("cannot read the CSV: {e}"))
}

/// Read a previous run folder (e.g. `reports/2026-10-31`).
pub fn read_previous(dir: &Path) -> Result<Previous> {
    let findings = dir.join("findings.csv");
    if !findings.is_file() {
        return Err(Error::Usage(format!(
            "--previous `{}` holds no findings.csv; pass an earlier run's folder, e.g. reports/2026-10-31",
            dir.display()
        )));
    }
    let mut reader =
        csv::Reader::from_path(&findings).map_err(|e| csv_error("--previous", &findings, &e))?;
    let headers = reader
        .headers()
        .map_err(|e| csv_error("--previous", &findings, &e))?
        .clone();
    if headers.iter().collect::<Vec<_>>() != FINDING_COLUMNS {
        return Err(Error::input(
            "--previous",
            Location::file(&findings).with_row(1),
            "the header is not that of a credrecon findings.csv",
        ));
    }
    let mut previous = Previous::default();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error("--previous", &findings, &e))?;
        previous
            .rows
            .push(record.iter().map(str::to_string).collect());
    }
    // First-seen dates: the previous run's history, else that run's as_of (from its manifest).
    let history = dir.join(HISTORY_FILE);
    if history.is_file() {
        let mut reader =
            csv::Reader::from_path(&history).map_err(|e| csv_error("--previous", &history, &e))?;
        for record in reader.records() {
            let record = record.map_err(|e| csv_error("--previous", &history, &e))?;
            if let (Some(id), Some(date)) = (record.get(0), record.get(1))
                && let Ok(date) = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            {
                previous.first_seen.insert(id.to_string(), date);
            }
        }
    }
    let run_date = std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|v| v.get("as_of").and_then(|d| d.as_str()).map(str::to_string))
        .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    if let Some(date) = run_date {
        for row in &previous.rows {
            previous.first_seen.entry(row[0].clone()).or_insert(date);
        }
    }
    Ok(previous)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    FalsePositive,
    Confirmed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::FalsePositive => "false_positive",
            Verdict::Confirmed => "confirmed",
        }
    }
}

/// One row of a decisions file.
#[derive(Debug, Clone)]
pub struct Decision {
    pub finding_id: String,
    pub verdict: Verdict,
    pub note: String,
    pub decided_by: String,
    pub decided_on: String,
    pub row: u64,
}

/// Read `finding_id,decision,note,decided_by,decided_on`; a bad decision value stops the run, and so do
/// two rows giving one finding different decisions (SPEC §4). A row repeating an earlier row's decision
/// for the same finding adds nothing: the first is kept.
pub fn read_decisions(path: &Path) -> Result<Vec<Decision>> {
    let bytes = std::fs::read(path).map_err(|cause| Error::Io {
        at: Location::file(path),
        cause,
    })?;
    let (text, _) = crate::ingest::text::decode(&bytes, None);
    // Rows named by their own line, in a CRLF file (as Excel saves CSV on Windows) too.
    let mut lines = crate::report::csv::Lines::new(text.as_bytes());
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error("--decisions", path, &e))?
        .iter()
        .map(crate::model::header_key)
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(id_col), Some(decision_col)) = (col("findingid"), col("decision")) else {
        return Err(Error::input(
            "--decisions",
            Location::file(path).with_row(1),
            "the header must name `finding_id` and `decision` (then note, decided_by, decided_on)",
        ));
    };
    let mut out: Vec<Decision> = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error("--decisions", path, &e))?;
        let row = record.position().map_or(0, |p| lines.of(p));
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let id = get(Some(id_col));
        if id.is_empty() {
            continue;
        }
        let verdict = match get(Some(decision_col))
            .to_lowercase()
            .replace([' ', '-'], "_")
            .as_str()
        {
            "false_positive" => Verdict::FalsePositive,
            "confirmed" => Verdict::Confirmed,
            other => {
                return Err(Error::input(
                    "--decisions",
                    Location::file(path).with_row(row).with_column("decision"),
                    format!("`{other}` is not a decision; use false_positive or confirmed"),
                ));
            }
        };
        if let Some(&earlier) = seen.get(&id) {
            let earlier: &Decision = &out[earlier];
            if earlier.verdict == verdict {
                continue;
            }
            return Err(Error::input(
                "--decisions",
                Location::file(path).with_row(row),
                format!(
                    "finding `{id}` is decided `{}` here but `{}` on row {} — keep one of the two rows",
                    verdict.as_str(),
                    earlier.verdict.as_str(),
                    earlier.row
                ),
            ));
        }
        seen.insert(id.clone(), out.len());
        out.push(Decision {
            finding_id: id,
            verdict,
            note: get(col("note")),
            decided_by: get(col("decidedby")),
            decided_on: get(col("decidedon")),
            row,
        });
    }
    Ok(out)
}

/// The result of applying a previous run and decisions.
#[derive(Debug, Default)]
pub struct Tracking {
    /// Previous findings.csv rows whose finding is gone, with status `resolved`.
    pub resolved: Option<Vec<Vec<String>>>,
    /// Decisions whose finding_id matches no finding of this run.
    pub unmatched: Vec<Decision>,
    /// Findings confirmed by a decision.
    pub confirmed: usize,
}

/// Mark findings `open` / `new` and `cleared`, note confirmations, list what was resolved.
pub fn apply(
    findings: &mut [Finding],
    previous: Option<&Previous>,
    decisions: &[Decision],
    as_of: NaiveDate,
) -> Tracking {
    let mut tracking = Tracking::default();
    for f in findings.iter_mut() {
        let seen = previous.and_then(|p| p.first_seen.get(&f.finding_id));
        f.status = if seen.is_some() {
            Status::Open
        } else {
            Status::New
        };
        f.first_seen = Some(seen.copied().unwrap_or(as_of).min(as_of));
    }
    let ids: rustc_hash::FxHashSet<&str> = findings.iter().map(|f| f.finding_id.as_str()).collect();
    if let Some(p) = previous {
        let gone: Vec<Vec<String>> = p
            .rows
            .iter()
            .filter(|row| !ids.contains(row[0].as_str()))
            .map(|row| {
                let mut row = row.clone();
                row[1] = "resolved".to_string();
                row
            })
            .collect();
        tracking.resolved = Some(gone);
    }
    for d in decisions {
        let Some(f) = findings.iter_mut().find(|f| f.finding_id == d.finding_id) else {
            tracking.unmatched.push(d.clone());
            continue;
        };
        let by = if d.decided_by.is_empty() {
            String::new()
        } else {
            format!(" by {}", d.decided_by)
        };
        let on = if d.decided_on.is_empty() {
            String::new()
        } else {
            format!(" on {}", d.decided_on)
        };
        let note = if d.note.is_empty() {
            String::new()
        } else {
            format!(": {}", d.note)
        };
        match d.verdict {
            Verdict::FalsePositive => {
                f.status = Status::Cleared;
                f.detail = format!("{} Cleared as a false positive{by}{on}{note}.", f.detail);
            }
            Verdict::Confirmed => {
                f.detail = format!("{} Confirmed{by}{on}{note}.", f.detail);
                tracking.confirmed += 1;
            }
        }
    }
    tracking
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::Code;

    fn finding(id: &str) -> Finding {
        let mut f = Finding::new(Code::NpiMissing);
        f.finding_id = id.to_string();
        f
    }

    #[test]
    fn open_new_resolved_and_cleared() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let previous = Previous {
            rows: vec![
                vec!["F1".to_string(), "new".into()],
                vec!["F9".to_string(), "new".into()],
            ],
            first_seen: BTreeMap::from([
                ("F1".to_string(), d("2026-09-30")),
                ("F9".to_string(), d("2026-10-31")),
            ]),
        };
        let mut findings = vec![finding("F1"), finding("F2")];
        let decisions = vec![
            Decision {
                finding_id: "F2".into(),
                verdict: Verdict::FalsePositive,
                note: "different person".into(),
                decided_by: "J. Ortiz".into(),
                decided_on: "2026-11-20".into(),
                row: 2,
            },
            Decision {
                finding_id: "F7".into(),
                verdict: Verdict::Confirmed,
                note: String::new(),
                decided_by: String::new(),
                decided_on: String::new(),
                row: 3,
            },
        ];
        let t = apply(&mut findings, Some(&previous), &decisions, d("2026-11-30"));
        assert_eq!(findings[0].status, Status::Open);
        assert_eq!(findings[0].first_seen, Some(d("2026-09-30")));
        assert_eq!(findings[1].status, Status::Cleared);
        assert_eq!(findings[1].first_seen, Some(d("2026-11-30")));
        assert_eq!(
            t.resolved.unwrap(),
            vec![vec!["F9".to_string(), "resolved".into()]]
        );
        assert_eq!(t.unmatched.len(), 1);
        assert_eq!(t.unmatched[0].finding_id, "F7");
    }
}
