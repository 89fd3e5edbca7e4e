//! `credrecon run`: read every source, apply the rules, write the reports.

use crate::cli::{FailOn, RunArgs};
use crate::config::{self, Overrides, Plan};
use crate::error::{Error, Result};
use crate::findings::{Category, Finding, Severity, Status};
use crate::ingest::{self, Loaded};
use crate::report::{self, Staging, csv as csv_report};
use crate::rules::{self, Outcome, data::Data};
use crate::tracking::{self, Tracking};
use chrono::NaiveDate;
use std::io::IsTerminal;
use std::path::PathBuf;

pub fn run(args: &RunArgs, today: NaiveDate) -> Result<crate::Finished> {
    // First: from here on SIGINT and SIGTERM remove the unfinished run folder and exit 130 / 143.
    let unfinished = report::interrupts::watch();
    let overrides = Overrides {
        as_of: args.as_of,
        out_dir: args.out.clone(),
    };
    let plan = config::load(&args.config, &overrides, today)?;
    let (previous, previous_trend) = match &args.previous {
        Some(dir) if !dir.is_dir() => {
            return Err(Error::Usage(format!(
                "--previous `{}` is not a folder; pass an earlier run's folder, e.g. reports/2026-10-31",
                dir.display()
            )));
        }
        Some(dir) => (
            Some(tracking::read_previous(dir)?),
            report::trend::read_previous(dir)?,
        ),
        None => (None, Vec::new()),
    };
    let decisions = match &args.decisions {
        Some(file) if !file.is_file() => {
            return Err(Error::Usage(format!(
                "--decisions `{}` not found; pass a CSV with finding_id,decision,note,decided_by,decided_on",
                file.display()
            )));
        }
        Some(file) => tracking::read_decisions(file)?,
        None => Vec::new(),
    };
    check_out_dir(&plan)?;
    report::check_target(&plan.out_dir.join(plan.as_of.to_string()))?;
    for (dir, cause) in report::remove_abandoned(&plan.out_dir) {
        super::note(&format!(
            "credrecon: warning: cannot remove `{}`, left by a run that was stopped: {cause}",
            dir.display()
        ));
    }
    let progress = !args.quiet && std::io::stderr().is_terminal();
    let bars = ingest::Bars::on_stderr(progress);
    let mut loaded = ingest::load_all_with(&plan, &bars, |l| {
        if progress {
            bars.note(&format!(
                "read `{}`: {} rows, {} rejected",
                l.name,
                l.rows_read,
                l.rejected.len()
            ));
        }
    })?;
    if progress {
        super::note("reconciling…");
    }
    let data = Data::build(&plan, &mut loaded);
    let mut outcome = rules::evaluate(plan.as_of, &plan.policy, &data);
    let tracked: Tracking = tracking::apply(
        &mut outcome.findings,
        previous.as_ref(),
        &decisions,
        plan.as_of,
    );
    outcome.compliance = rules::checklist(plan.as_of, &plan.policy, &data, &outcome.findings);
    for d in &tracked.unmatched {
        super::note(&format!(
            "credrecon: warning: decision for finding `{}` ({} row {}) matches no finding of this run",
            d.finding_id,
            args.decisions
                .as_deref()
                .unwrap_or(std::path::Path::new(""))
                .display(),
            d.row
        ));
    }
    let active: Vec<&Finding> = outcome
        .findings
        .iter()
        .filter(|f| f.status != Status::Cleared)
        .collect();
    let trend = report::trend::merge(
        &previous_trend,
        report::trend::TrendRow::of_run(plan.as_of, &active),
    );
    let written = write_reports(
        &plan,
        args,
        &unfinished,
        &loaded,
        &outcome,
        &active,
        &tracked,
        &trend,
    )?;
    super::print(&summary(&plan, &active, &written), Some(&written))?;
    let failing = args
        .fail_on
        .is_some_and(|level| active.iter().any(|f| at_or_above(f.severity, level)));
    drop(active);
    Ok(crate::Finished {
        code: if failing {
            crate::error::EXIT_FINDINGS
        } else {
            0
        },
        leftovers: Some(Box::new((data, loaded, outcome))),
    })
}

fn at_or_above(severity: Severity, level: FailOn) -> bool {
    let rank = |s: Severity| match s {
        Severity::Low => FailOn::Low,
        Severity::Medium => FailOn::Medium,
        Severity::High => FailOn::High,
        Severity::Critical => FailOn::Critical,
    };
    rank(severity) >= level
}

/// The output folder must not be, or lie inside, an input's path: a run never writes over its inputs.
fn check_out_dir(plan: &Plan) -> Result<()> {
    let out = absolute(&plan.out_dir);
    for s in &plan.sources {
        let input = absolute(&s.path);
        if input.starts_with(out.join(plan.as_of.to_string())) || out == input {
            return Err(Error::Usage(format!(
                "the output folder `{}` holds the input `{}` of source `{}`; choose another --out",
                plan.out_dir.display(),
                s.path.display(),
                s.name
            )));
        }
    }
    Ok(())
}

fn absolute(p: &std::path::Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Write every report into a staging folder, then put it in place as OUT/<as_of>/.
#[allow(clippy::too_many_arguments)]
fn write_reports(
    plan: &Plan,
    args: &RunArgs,
    unfinished: &report::interrupts::Unfinished,
    loaded: &[Loaded],
    outcome: &Outcome,
    active: &[&Finding],
    tracked: &Tracking,
    trend: &[report::trend::TrendRow],
) -> Result<PathBuf> {
    use crate::parallel::Job;
    let staging = Staging::new(&plan.out_dir, &plan.as_of.to_string(), unfinished)?;
    let stage = &staging;
    // Each report is one job, weighed by its cells; they are written side by side, the workbook (whose
    // sheets are jobs of their own) first. The first error in this order is the one reported.
    let finding_cells = |n: usize| (n * csv_report::FINDING_COLUMNS.len()) as u64;
    let compliance_cells =
        (outcome.compliance.len() * (crate::rules::compliance::CHECKS.len() + 5)) as u64;
    let categories: Vec<(&str, Vec<&Finding>)> = Category::ALL
        .into_iter()
        .filter_map(|category| {
            let file = csv_report::category_file(category)?;
            let rows = outcome
                .findings
                .iter()
                .filter(|f| f.category() == category)
                .collect();
            Some((file, rows))
        })
        .collect();
    let rejected: Vec<(&str, &ingest::Rejected)> = plan
        .sources
        .iter()
        .zip(loaded)
        .flat_map(|(spec, l)| l.rejected.iter().map(move |r| (spec.path_text.as_str(), r)))
        .collect();
    let workbook = format!("credentialing-audit-{}.xlsx", plan.as_of);
    let workbook_cells = 2 * finding_cells(outcome.findings.len()) + compliance_cells;
    let rejected_ = &rejected;
    let mut jobs: Vec<Job<Result<()>>> = Vec::new();
    jobs.push(Job::new(workbook_cells, move || {
        report::xlsx::write(
            &stage.path(&workbook),
            &report::xlsx::Input {
                plan,
                loaded,
                findings: &outcome.findings,
                compliance: &outcome.compliance,
                dues: &outcome.dues,
                rejected: rejected_,
                resolved: tracked.resolved.as_deref(),
                trend,
            },
        )
    }));
    jobs.push(Job::new(finding_cells(active.len()), move || {
        csv_report::write_findings(&stage.path("findings.csv"), active)
    }));
    for (file, rows) in &categories {
        jobs.push(Job::new(finding_cells(rows.len()), move || {
            csv_report::write_findings(&stage.path(file), rows)
        }));
    }
    jobs.push(Job::new(compliance_cells, move || {
        csv_report::write_compliance(&stage.path("compliance.csv"), &outcome.compliance)
    }));
    jobs.push(Job::new(finding_cells(active.len()), move || {
        report::parquet::write_findings(&stage.path("findings.parquet"), active)
    }));
    jobs.push(Job::new(compliance_cells, move || {
        report::parquet::write_compliance(&stage.path("compliance.parquet"), &outcome.compliance)
    }));
    jobs.push(Job::new(trend.len() as u64, move || {
        let trend_rows: Vec<Vec<String>> = trend.iter().map(|r| r.record()).collect();
        csv_report::write_raw(
            &stage.path(report::trend::TREND_FILE),
            &report::trend::TREND_COLUMNS,
            &trend_rows,
        )
    }));
    jobs.push(Job::new(rejected.len() as u64, move || {
        csv_report::write_rejected(&stage.path("rejected_rows.csv"), rejected_)
    }));
    if let Some(resolved) = &tracked.resolved {
        jobs.push(Job::new(finding_cells(resolved.len()), move || {
            csv_report::write_raw(
                &stage.path("resolved.csv"),
                &csv_report::FINDING_COLUMNS,
                resolved,
            )
        }));
    }
    jobs.push(Job::new(outcome.findings.len() as u64 * 2, move || {
        // Every finding of this run, cleared ones too, by id.
        let mut history: Vec<Vec<String>> = outcome
            .findings
            .iter()
            .map(|f| {
                let seen = f.first_seen.unwrap_or(plan.as_of);
                vec![f.finding_id.clone(), seen.to_string()]
            })
            .collect();
        history.sort_unstable();
        history.dedup_by(|a, b| a[0] == b[0]);
        csv_report::write_raw(
            &stage.path(tracking::HISTORY_FILE),
            &["finding_id", "first_seen"],
            &history,
        )
    }));
    crate::parallel::largest_first(jobs)
        .into_iter()
        .collect::<Result<()>>()?;
    // A file hashed after its scan must have held the bytes the scan read, or the manifest would
    // describe other bytes than the findings came from.
    for (spec, l) in plan.sources.iter().zip(loaded) {
        if let Err(why) = l.sha256.checked() {
            return Err(crate::error::Error::input(
                &spec.name,
                crate::error::Location::file(&spec.path),
                format!(
                    "the file changed after it was read ({why}) — wait until its download or copy has finished, then run again"
                ),
            ));
        }
    }
    let mut manifest = report::manifest::build(plan, loaded, active, &outcome.cleared_by_dob);
    if let (Some(dir), Some(resolved)) = (&args.previous, &tracked.resolved) {
        manifest.previous = Some(report::manifest::PreviousEntry {
            path: dir.display().to_string(),
            new: active.iter().filter(|f| f.status == Status::New).count(),
            open: active.iter().filter(|f| f.status == Status::Open).count(),
            resolved: resolved.len(),
        });
    }
    if let Some(file) = &args.decisions {
        let cleared = outcome
            .findings
            .iter()
            .filter(|f| f.status == Status::Cleared)
            .count();
        manifest.decisions = Some(report::manifest::DecisionsEntry {
            path: file.display().to_string(),
            cleared,
            confirmed: tracked.confirmed,
            unmatched: tracked
                .unmatched
                .iter()
                .map(|d| report::manifest::UnmatchedDecision {
                    finding_id: d.finding_id.clone(),
                    row: d.row,
                })
                .collect(),
        });
    }
    let json = serde_json::to_string_pretty(&manifest).expect("the manifest serializes");
    let path = staging.path("manifest.json");
    std::io::Write::write_all(
        &mut report::create_file(&path)?,
        format!("{json}\n").as_bytes(),
    )
    .map_err(|cause| Error::Output { path, cause })?;
    staging.commit()
}

/// The stdout summary: counts by severity and category, and the report paths.
fn summary(plan: &Plan, active: &[&Finding], dir: &std::path::Path) -> String {
    let mut out = format!(
        "credrecon: {} — as of {}: {} findings\n",
        if plan.organization.is_empty() {
            "run"
        } else {
            &plan.organization
        },
        plan.as_of,
        active.len()
    );
    let severities: Vec<String> = Severity::ALL
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                active.iter().filter(|f| f.severity == *s).count(),
                s.as_str()
            )
        })
        .collect();
    out.push_str(&format!("  by severity: {}\n", severities.join(", ")));
    let categories: Vec<String> = Category::ALL
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                active.iter().filter(|f| f.category() == *c).count(),
                c.as_str()
            )
        })
        .collect();
    out.push_str(&format!("  by category: {}\n", categories.join(", ")));
    out.push_str(&format!("  reports in {}:\n", dir.display()));
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for f in files {
        out.push_str(&format!("    {f}\n"));
    }
    out
}
