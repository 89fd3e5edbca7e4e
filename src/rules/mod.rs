//! The reconciliation rules of SPEC §4: one module per family, each a pure function from the typed rows
//! of the canonical frames to findings. No rule opens a file or formats a cell.

pub mod compliance;
pub mod data;
pub mod enrollment;
pub mod exclusions;
pub mod expirations;
pub mod join;
pub mod licensure;
pub mod medicare;
pub mod nppes;
pub mod quality;

use crate::config::Policy;
use crate::findings::{Code, Finding};
use chrono::NaiveDate;
use data::{Data, Origin, Provider};
use std::collections::BTreeMap;

/// What the rules are evaluated against.
pub struct Ctx<'a> {
    pub as_of: NaiveDate,
    pub policy: &'a Policy,
    pub data: &'a Data,
}

impl Ctx<'_> {
    /// Indexes of the providers the rules check (SPEC §4: active, not terminated on or before as_of).
    pub fn active(&self) -> impl Iterator<Item = (usize, &Provider)> {
        self.data
            .providers
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_active(self.as_of))
    }

    pub fn days_from_as_of(&self, date: NaiveDate) -> i64 {
        (date - self.as_of).num_days()
    }
}

/// Everything a run concludes.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    /// Exclusion name matches cleared by a differing date of birth, per source.
    pub cleared_by_dob: BTreeMap<String, u64>,
    pub compliance: Vec<compliance::ComplianceRow>,
    /// Due dates of every expirable of the active providers.
    pub dues: Vec<(String, NaiveDate)>,
}

/// Run every rule family: the findings, with their ids, in report order. The compliance checklist is drawn
/// from them once the run has applied month-over-month status and the coordinator's decisions
/// ([`checklist`]).
pub fn evaluate(as_of: NaiveDate, policy: &Policy, data: &Data) -> Outcome {
    let ctx = Ctx {
        as_of,
        policy,
        data,
    };
    // The families are independent but for expirations, which read the board dates licensure found:
    // those two make one job. Weights: the rows each family reads most.
    use crate::parallel::{Job, largest_first};
    let (ctx, d) = (&ctx, data);
    let rows = |n: usize| n as u64;
    let mut cleared_by_dob = BTreeMap::new();
    let mut dues = Vec::new();
    let (cleared, due) = (&mut cleared_by_dob, &mut dues);
    let families: Vec<Job<Vec<Finding>>> = vec![
        Job::new(rows(d.board.len() + d.credentials.len()), move || {
            let licensure = licensure::check(ctx);
            let mut expirations = expirations::check(ctx, &licensure.board_expiration);
            *due = expirations.dues;
            let mut findings = licensure.findings;
            findings.append(&mut expirations.findings);
            findings
        }),
        Job::new(rows(d.exclusions.len()), move || {
            let exclusions = exclusions::check(ctx);
            *cleared = exclusions.cleared_by_dob;
            exclusions.findings
        }),
        Job::new(rows(d.providers.len()), || quality::check(ctx)),
        Job::new(rows(d.nppes.len()), || nppes::check(ctx)),
        Job::new(rows(d.enrollments.len()), || enrollment::check(ctx)),
        Job::new(rows(d.credentials.len()), || compliance::psv(ctx)),
        Job::new(rows(d.opt_outs.len()), || medicare::check(ctx)),
    ];
    let mut findings: Vec<Finding> = largest_first(families).into_iter().flatten().collect();
    {
        use rayon::prelude::*;
        findings.par_iter_mut().for_each(Finding::compute_id);
    }
    crate::findings::sort(&mut findings);
    Outcome {
        findings,
        cleared_by_dob,
        compliance: Vec::new(),
        dues,
    }
}

/// The per-provider compliance checklist of the findings as the run settled them (cleared ones do not count).
pub fn checklist(
    as_of: NaiveDate,
    policy: &Policy,
    data: &Data,
    findings: &[Finding],
) -> Vec<compliance::ComplianceRow> {
    let ctx = Ctx {
        as_of,
        policy,
        data,
    };
    compliance::checklist(&ctx, findings)
}

/// A finding about a roster provider, citing a source row, at the code's severity.
pub fn finding(code: Code, p: &Provider, origin: &Origin) -> Finding {
    let mut f = Finding::new(code);
    f.provider_id = p.provider_id.clone();
    f.npi = if p.npi_valid {
        p.npi.clone()
    } else {
        p.npi_raw.clone()
    };
    f.provider_name = p.display_name();
    cite(&mut f, origin);
    f
}

pub fn cite(f: &mut Finding, origin: &Origin) {
    f.source = origin.source.to_string();
    f.source_file = origin.file.to_string();
    f.source_row = (origin.row > 0).then_some(origin.row);
}

/// "row 12 of roster.xlsx" for detail sentences.
pub fn where_(origin: &Origin) -> String {
    format!("{} row {}", origin.source, origin.row)
}

pub fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The roster and source names agree (SPEC §3.3), or one side has no name to compare.
pub fn names_agree(
    p: &Provider,
    last: &str,
    first: &str,
    truncation: Option<(usize, usize)>,
) -> bool {
    if last.trim().is_empty() && first.trim().is_empty() {
        return true;
    }
    crate::values::last_names_match(&p.last_name, last, truncation.map(|t| t.0))
        && (first.trim().is_empty()
            || crate::values::first_names_match(&p.first_name, first, truncation.map(|t| t.1)))
}

/// One NAME_MISMATCH per provider and source.
pub fn name_mismatch(
    p: &Provider,
    last: &str,
    first: &str,
    origin: &Origin,
    what: &str,
) -> Finding {
    let mut f = finding(Code::NameMismatch, p, origin);
    f.field = "name".into();
    f.roster_value = format!("{} {}", p.first_name, p.last_name)
        .trim()
        .to_string();
    f.source_value = format!("{first} {last}").trim().to_string();
    f.detail = format!(
        "The roster name {} does not match the name {} in {what} ({}).",
        quote(&f.roster_value),
        quote(&f.source_value),
        where_(origin)
    );
    f
}

pub fn quote(s: &str) -> String {
    format!("\"{s}\"")
}
