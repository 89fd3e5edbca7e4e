//! `credrecon check`: read and validate every source, print what was understood; write nothing.

use crate::config::{self, Overrides};
use crate::error::Result;
use crate::ingest::{self, IssueKind, Loaded};
use crate::model::{FieldClass, Kind};
use chrono::NaiveDate;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::Path;

pub fn run(config_path: &Path, today: NaiveDate) -> Result<u8> {
    let plan = config::load(config_path, &Overrides::default(), today)?;
    let bars = ingest::Bars::on_stderr(std::io::stderr().is_terminal());
    let loaded = ingest::load_all_with(&plan, &bars, |_| {})?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "credrecon check: {} — as of {} — config {}",
        if plan.organization.is_empty() {
            "(no organization)"
        } else {
            &plan.organization
        },
        plan.as_of,
        plan.config_path.display()
    );
    for l in &loaded {
        let _ = write!(out, "\n{}", describe(l));
    }
    let rejected: usize = loaded.iter().map(|l| l.rejected.len()).sum();
    let _ = writeln!(
        out,
        "\n{} sources read: {} rows, {} rejected. Nothing was written.",
        loaded.len(),
        loaded.iter().map(|l| l.rows_read).sum::<u64>(),
        rejected
    );
    super::print(&out, None)?;
    Ok(0)
}

/// The summary of one source, as `check` prints it.
pub fn describe(l: &Loaded) -> String {
    let mut out = String::new();
    let profile = match (l.profile, l.profile_detected) {
        (Some(p), true) => format!("profile {} (detected)", p.as_str()),
        (Some(p), false) => format!("profile {}", p.as_str()),
        (None, _) => "no profile".to_string(),
    };
    let _ = writeln!(out, "source `{}`: kind {}, {}", l.name, l.kind, profile);
    let sheet = l
        .sheet
        .as_ref()
        .map(|s| format!(", sheet `{s}`"))
        .unwrap_or_default();
    let member = l
        .member
        .as_ref()
        .map(|m| format!(", member `{m}`"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  file:     {}{}{} ({})",
        l.file.display(),
        member,
        sheet,
        l.format
    );
    if l.header_row == 0 {
        let _ = writeln!(out, "  header:   none (columns by number)");
    } else {
        let _ = writeln!(out, "  header:   row {}", l.header_row);
    }
    let _ = writeln!(out, "  columns:");
    for m in &l.mapping {
        let _ = writeln!(
            out,
            "    {:<28} <- `{}`",
            m.field,
            crate::error::one_line(&m.header)
        );
    }
    if l.unused_headers.is_empty() {
        let _ = writeln!(out, "  unused:   none");
    } else {
        let unused: Vec<String> = l
            .unused_headers
            .iter()
            .map(|h| format!("`{}`", crate::error::one_line(h)))
            .collect();
        let _ = writeln!(out, "  unused:   {}", unused.join(", "));
    }
    let _ = writeln!(
        out,
        "  rows:     {} read, {} used, {} rejected",
        l.rows_read,
        l.rows_used(),
        l.rejected.len()
    );
    let not_kept = l.rows_used().saturating_sub(l.frame.height() as u64);
    if l.kind == Kind::LicenseBoard && not_kept > 0 {
        let _ = writeln!(
            out,
            "    {} rows kept (the organization's license numbers); {} other licensees' rows checked, not kept ({} unreadable values among them)",
            l.frame.height(),
            not_kept,
            l.unkept_issues
        );
    }
    for r in l.rejected.iter().take(5) {
        let _ = writeln!(out, "    rejected row {}: {}", r.row, r.reason);
    }
    if l.rejected.len() > 5 {
        let _ = writeln!(out, "    … and {} more", l.rejected.len() - 5);
    }
    let ranges = date_ranges(l);
    if ranges.is_empty() {
        let _ = writeln!(out, "  dates:    none");
    } else {
        let _ = writeln!(out, "  dates:");
        for (field, n, min, max) in ranges {
            let _ = writeln!(out, "    {field:<28} {min} .. {max} ({n} values)");
        }
    }
    let invalid = l
        .issues
        .iter()
        .filter(|i| i.kind == IssueKind::InvalidDate)
        .count();
    let unrecognized = l.issues.len() - invalid;
    if !l.issues.is_empty() {
        let _ = writeln!(
            out,
            "  issues:   {invalid} invalid dates, {unrecognized} unrecognized values"
        );
        for i in l.issues.iter().take(5) {
            let what = match i.kind {
                IssueKind::InvalidDate => "invalid date",
                IssueKind::UnrecognizedValue => "unrecognized value",
            };
            let _ = writeln!(
                out,
                "    row {}: {} `{}` = `{}`",
                i.row, what, i.field, i.raw
            );
        }
    }
    out
}

/// (field, count, min, max) of every date column with values, in the frame and its detail frame.
fn date_ranges(l: &Loaded) -> Vec<(String, usize, String, String)> {
    let mut out = Vec::new();
    let mut scan = |frame: &ingest::Table, fields: Vec<&str>, prefix: &str| {
        for field in fields {
            let values: Vec<String> = frame.text(field).into_iter().flatten().collect();
            if let (Some(min), Some(max)) = (values.iter().min(), values.iter().max()) {
                out.push((
                    format!("{prefix}{field}"),
                    values.len(),
                    min.clone(),
                    max.clone(),
                ));
            }
        }
    };
    let fields: Vec<&str> = l
        .kind
        .fields()
        .iter()
        .filter(|f| f.class == FieldClass::Date)
        .map(|f| f.name)
        .collect();
    scan(&l.frame, fields, "");
    if l.kind == Kind::Roster
        && let Some(detail) = &l.detail
    {
        scan(
            detail,
            vec!["issue_date", "expiration_date", "verified_date"],
            "credential ",
        );
    }
    out
}
