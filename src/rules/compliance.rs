//! Compliance (SPEC §4, §5): PSV_STALE and PSV_MISSING, and the per-provider checklist of compliance.csv.

use super::{Ctx, date_text, finding, where_};
use crate::findings::{Code, Finding, Severity, Status};
use crate::model::{CredentialType, Kind};
use std::collections::HashMap;

/// Credential types whose primary-source verification must be on file.
const PSV_REQUIRED: [&str; 3] = ["state_license", "dea", "board_certification"];

pub fn psv(ctx: &Ctx) -> Vec<Finding> {
    let mut out = Vec::new();
    for (pi, p) in ctx.active() {
        let Some(decided) = p.last_credentialed_date else {
            continue;
        };
        let window = ctx.policy.psv_window.days_for(decided);
        for (_, c) in ctx.data.credentials_of(pi) {
            let what = super::expirations::label(c.credential_type.as_str(), &c.state, &c.number);
            let mut f = match c.verified_date {
                None if PSV_REQUIRED.contains(&c.credential_type.as_str()) => {
                    let mut f = finding(Code::PsvMissing, p, &c.origin);
                    f.detail = format!(
                        "The {what} of {} has no primary-source verification date, though the provider was credentialed on {decided} ({}).",
                        p.display_name(),
                        where_(&c.origin)
                    );
                    f
                }
                None => continue,
                Some(verified) => {
                    let before = (decided - verified).num_days();
                    let why = if verified > decided {
                        format!("after the credentialing decision of {decided}")
                    } else if before > i64::from(window) {
                        format!(
                            "{before} days before the credentialing decision of {decided}, more than the {window}-day window"
                        )
                    } else {
                        continue;
                    };
                    let mut f = finding(Code::PsvStale, p, &c.origin);
                    f.source_value = date_text(Some(verified));
                    f.days_left = None;
                    f.detail = format!(
                        "The {what} of {} was verified on {verified}, {why} ({}).",
                        p.display_name(),
                        where_(&c.origin)
                    );
                    f
                }
            };
            f.credential_type = c.credential_type.as_str().to_string();
            f.state = c.state.clone();
            f.number = c.number.clone();
            f.field = "verified_date".into();
            f.roster_value = date_text(Some(decided));
            out.push(f);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Check {
    Na,
    Pass,
    Warn,
    Fail,
}

impl Check {
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Na => "NA",
            Check::Pass => "PASS",
            Check::Warn => "WARN",
            Check::Fail => "FAIL",
        }
    }
}

/// The checks of compliance.csv, in column order.
pub const CHECKS: [&str; 12] = [
    "npi_active",
    "license_current",
    "license_verified",
    "dea_current",
    "board_certification_current",
    "malpractice_current",
    "exclusion_clear",
    "recredentialing_current",
    "psv_timely",
    "caqh_current",
    "enrollment_complete",
    "medicare_billable",
];

#[derive(Debug, Clone)]
pub struct ComplianceRow {
    pub provider_id: String,
    pub npi: String,
    pub provider_name: String,
    pub checks: Vec<Check>,
    pub overall: Check,
    /// Active findings about this provider.
    pub findings: usize,
}

/// Which check a finding bears on, and whether it fails or warns it (the README documents this table).
fn effect(f: &Finding, kind_of: &HashMap<&str, Kind>) -> Option<(&'static str, Check)> {
    use Check::{Fail, Warn};
    let ct = f.credential_type.as_str();
    let current = |ct: &str| -> Option<&'static str> {
        Some(match ct {
            "state_license" => "license_current",
            "dea" => "dea_current",
            "board_certification" => "board_certification_current",
            "malpractice" => "malpractice_current",
            "recredentialing" => "recredentialing_current",
            "caqh_attestation" => "caqh_current",
            "medicare_revalidation" => "medicare_billable",
            _ => return None,
        })
    };
    Some(match f.code {
        Code::NpiMissing | Code::NpiInvalid | Code::NpiDeactivated => ("npi_active", Fail),
        Code::NpiNotFound | Code::NppesLicenseMissing => ("npi_active", Warn),
        Code::CredentialExpired | Code::CredentialMissing => (current(ct)?, Fail),
        Code::CredentialExpiring => (current(ct)?, Warn),
        Code::LicenseNotActive => ("license_current", Fail),
        Code::LicenseDiscipline => ("license_current", Warn),
        Code::LicenseNotFound => ("license_verified", Fail),
        Code::LicenseExpirationMismatch | Code::LicenseNumberMismatch => ("license_verified", Warn),
        Code::ExclusionMatch => ("exclusion_clear", Fail),
        Code::ExclusionPossibleMatch => ("exclusion_clear", Warn),
        Code::MedicareOptOut if f.severity == Severity::Critical => ("medicare_billable", Fail),
        Code::MedicareOptOut => ("medicare_billable", Warn),
        Code::PsvStale => ("psv_timely", Fail),
        Code::PsvMissing => ("psv_timely", Warn),
        Code::EnrollmentMissing | Code::EnrollmentNotActive => ("enrollment_complete", Fail),
        Code::EnrollmentEffectiveGap | Code::EnrollmentFieldMismatch => {
            ("enrollment_complete", Warn)
        }
        Code::NameMismatch => (
            match kind_of.get(f.source.as_str()) {
                Some(Kind::Nppes) => "npi_active",
                Some(Kind::LicenseBoard) => "license_verified",
                Some(Kind::Enrollment) => "enrollment_complete",
                _ => return None,
            },
            Warn,
        ),
        Code::DuplicateProvider
        | Code::InvalidDate
        | Code::UnrecognizedValue
        | Code::EnrolledNotOnRoster
        | Code::EnrolledAfterTermination => return None,
    })
}

/// One row per active provider. A check is FAIL or WARN by the findings above, NA when nothing can be
/// checked for it, PASS otherwise. Cleared findings do not count.
pub fn checklist(ctx: &Ctx, findings: &[Finding]) -> Vec<ComplianceRow> {
    let data = ctx.data;
    let kind_of: HashMap<&str, Kind> = data
        .sources
        .iter()
        .map(|s| (s.name.as_str(), s.kind))
        .collect();
    let has_kind = |k: Kind| data.sources.iter().any(|s| s.kind == k);
    // Active findings per (provider_id, npi), grouped once.
    let mut by_provider: HashMap<(&str, &str), Vec<&Finding>> = HashMap::new();
    for f in findings.iter().filter(|f| f.status != Status::Cleared) {
        by_provider
            .entry((f.provider_id.as_str(), f.npi.as_str()))
            .or_default()
            .push(f);
    }
    let mut rows = Vec::new();
    for (pi, p) in ctx.active() {
        let npi = if p.npi_valid {
            p.npi.clone()
        } else {
            p.npi_raw.clone()
        };
        let mine: Vec<&Finding> = by_provider
            .get(&(p.provider_id.as_str(), npi.as_str()))
            .cloned()
            .unwrap_or_default();
        let creds: Vec<&super::data::Credential> =
            data.credentials_of(pi).map(|(_, c)| c).collect();
        let holds = |t: &str| creds.iter().any(|c| c.credential_type.as_str() == t);
        let required = |t: &str| ctx.policy.required_for(&p.degree).iter().any(|r| r == t);
        let covered_license = creds.iter().any(|c| {
            c.credential_type == CredentialType::StateLicense
                && data.board_states.contains_key(&c.state)
        });
        let expected_enrollment = data.sources.iter().any(|s| {
            s.kind == Kind::Enrollment
                && s.required
                && s.states.as_ref().is_none_or(|st| {
                    creds.iter().any(|c| {
                        c.credential_type == CredentialType::StateLicense && st.contains(&c.state)
                    })
                })
        });
        let applies = |check: &str| -> bool {
            match check {
                "npi_active" => has_kind(Kind::Nppes) || !p.npi_valid,
                "license_current" => holds("state_license") || required("state_license"),
                "license_verified" => covered_license,
                "dea_current" => holds("dea") || required("dea"),
                "board_certification_current" => {
                    holds("board_certification") || required("board_certification")
                }
                "malpractice_current" => holds("malpractice") || required("malpractice"),
                "exclusion_clear" => has_kind(Kind::Exclusions),
                "recredentialing_current" => {
                    p.last_credentialed_date.is_some() || p.next_recredential_date.is_some()
                }
                "psv_timely" => p.last_credentialed_date.is_some(),
                "caqh_current" => p.caqh_attestation_date.is_some(),
                "enrollment_complete" => expected_enrollment && p.npi_valid,
                "medicare_billable" => {
                    (has_kind(Kind::OptOut) || has_kind(Kind::Revalidation)) && p.npi_valid
                }
                _ => false,
            }
        };
        let mut checks: Vec<Check> = CHECKS
            .iter()
            .map(|c| if applies(c) { Check::Pass } else { Check::Na })
            .collect();
        for f in &mine {
            if let Some((check, level)) = effect(f, &kind_of)
                && let Some(i) = CHECKS.iter().position(|c| *c == check)
            {
                checks[i] = checks[i].max(level);
            }
        }
        let overall = checks
            .iter()
            .copied()
            .max()
            .unwrap_or(Check::Na)
            .max(Check::Pass);
        rows.push(ComplianceRow {
            provider_id: p.provider_id.clone(),
            npi,
            provider_name: p.display_name(),
            checks,
            overall,
            findings: mine.len(),
        });
    }
    rows
}
