//! manifest.json: the audit evidence of a run (SPEC §5).

use crate::findings::{Code, Finding};
use crate::ingest::Loaded;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub tool: &'static str,
    pub version: &'static str,
    pub organization: String,
    pub as_of: String,
    pub config: ConfigEntry,
    pub sources: Vec<SourceEntry>,
    pub findings_total: usize,
    pub counts_by_code: BTreeMap<&'static str, usize>,
    pub counts_by_severity: BTreeMap<&'static str, usize>,
    pub exclusion_name_matches_cleared_by_dob: BTreeMap<String, u64>,
    /// With `--previous`: the folder compared against and the counts.
    pub previous: Option<PreviousEntry>,
    /// With `--decisions`: the file, the findings cleared and confirmed, and decisions matching no finding.
    pub decisions: Option<DecisionsEntry>,
}

#[derive(Debug, Serialize)]
pub struct PreviousEntry {
    pub path: String,
    pub new: usize,
    pub open: usize,
    pub resolved: usize,
}

#[derive(Debug, Serialize)]
pub struct DecisionsEntry {
    pub path: String,
    pub cleared: usize,
    pub confirmed: usize,
    pub unmatched: Vec<UnmatchedDecision>,
}

#[derive(Debug, Serialize)]
pub struct UnmatchedDecision {
    pub finding_id: String,
    pub row: u64,
}

#[derive(Debug, Serialize)]
pub struct ConfigEntry {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Serialize)]
pub struct SourceEntry {
    pub name: String,
    pub path: String,
    /// The archive member read, when `path` is a `.zip` (whose SHA-256 `sha256` is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    pub sha256: String,
    pub kind: &'static str,
    pub profile: Option<&'static str>,
    pub sheet: Option<String>,
    pub header_row: u64,
    pub rows_read: u64,
    pub rows_used: u64,
    pub rows_rejected: usize,
    pub invalid_values: usize,
    /// An OFAC SDN list's alias file: its rows are counted in the source's rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aliases: Option<AliasesEntry>,
}

#[derive(Debug, Serialize)]
pub struct AliasesEntry {
    pub path: String,
    pub sha256: String,
    pub rows_read: u64,
}

pub fn build(
    plan: &crate::config::Plan,
    loaded: &[Loaded],
    findings: &[&Finding],
    cleared_by_dob: &BTreeMap<String, u64>,
) -> Manifest {
    let mut counts_by_code: BTreeMap<&'static str, usize> =
        Code::ALL.iter().map(|c| (c.as_str(), 0)).collect();
    let mut counts_by_severity: BTreeMap<&'static str, usize> = crate::findings::Severity::ALL
        .iter()
        .map(|s| (s.as_str(), 0))
        .collect();
    for f in findings {
        *counts_by_code.entry(f.code.as_str()).or_default() += 1;
        *counts_by_severity.entry(f.severity.as_str()).or_default() += 1;
    }
    Manifest {
        tool: "credrecon",
        version: env!("CARGO_PKG_VERSION"),
        organization: plan.organization.clone(),
        as_of: plan.as_of.to_string(),
        config: ConfigEntry {
            path: plan.config_path.display().to_string(),
            sha256: plan.config_sha256.clone(),
        },
        sources: plan
            .sources
            .iter()
            .zip(loaded)
            .map(|(spec, l)| SourceEntry {
                name: l.name.clone(),
                path: spec.path_text.clone(),
                member: l.member.clone(),
                sha256: l.sha256.get().to_string(),
                kind: l.kind.as_str(),
                profile: l.profile.map(|p| p.as_str()),
                sheet: l.sheet.clone(),
                header_row: l.header_row,
                rows_read: l.rows_read,
                rows_used: l.rows_used(),
                rows_rejected: l.rejected.len(),
                invalid_values: l.issues.len() + l.unkept_issues as usize,
                aliases: l.aliases.as_ref().map(|a| AliasesEntry {
                    path: a.path_text.clone(),
                    sha256: a.sha256.clone(),
                    rows_read: a.rows_read,
                }),
            })
            .collect(),
        findings_total: findings.len(),
        counts_by_code,
        counts_by_severity,
        exclusion_name_matches_cleared_by_dob: cleared_by_dob.clone(),
        previous: None,
        decisions: None,
    }
}
