//! Findings: codes, severities, categories, stable ids and the report order (SPEC §4, §5).

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    DataQuality,
    Discrepancy,
    Expiration,
    Enrollment,
    Exclusion,
    Compliance,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Discrepancy,
        Category::Expiration,
        Category::Enrollment,
        Category::Exclusion,
        Category::Compliance,
        Category::DataQuality,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::DataQuality => "data_quality",
            Category::Discrepancy => "discrepancy",
            Category::Expiration => "expiration",
            Category::Enrollment => "enrollment",
            Category::Exclusion => "exclusion",
            Category::Compliance => "compliance",
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $text:literal, $category:ident;)*) => {
        /// Every finding code of SPEC §4.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant),* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text),* }
            }

            pub fn category(self) -> Category {
                match self { $(Code::$variant => Category::$category),* }
            }
        }
    };
}

codes! {
    NpiMissing => "NPI_MISSING", DataQuality;
    NpiInvalid => "NPI_INVALID", DataQuality;
    DuplicateProvider => "DUPLICATE_PROVIDER", DataQuality;
    InvalidDate => "INVALID_DATE", DataQuality;
    UnrecognizedValue => "UNRECOGNIZED_VALUE", DataQuality;
    NpiNotFound => "NPI_NOT_FOUND", Discrepancy;
    NpiDeactivated => "NPI_DEACTIVATED", Discrepancy;
    NameMismatch => "NAME_MISMATCH", Discrepancy;
    NppesLicenseMissing => "NPPES_LICENSE_MISSING", Discrepancy;
    LicenseNotFound => "LICENSE_NOT_FOUND", Discrepancy;
    LicenseNotActive => "LICENSE_NOT_ACTIVE", Discrepancy;
    LicenseDiscipline => "LICENSE_DISCIPLINE", Discrepancy;
    LicenseExpirationMismatch => "LICENSE_EXPIRATION_MISMATCH", Discrepancy;
    LicenseNumberMismatch => "LICENSE_NUMBER_MISMATCH", Discrepancy;
    EnrollmentFieldMismatch => "ENROLLMENT_FIELD_MISMATCH", Discrepancy;
    CredentialExpired => "CREDENTIAL_EXPIRED", Expiration;
    CredentialExpiring => "CREDENTIAL_EXPIRING", Expiration;
    CredentialMissing => "CREDENTIAL_MISSING", Expiration;
    EnrollmentMissing => "ENROLLMENT_MISSING", Enrollment;
    EnrollmentNotActive => "ENROLLMENT_NOT_ACTIVE", Enrollment;
    EnrollmentEffectiveGap => "ENROLLMENT_EFFECTIVE_GAP", Enrollment;
    EnrolledNotOnRoster => "ENROLLED_NOT_ON_ROSTER", Enrollment;
    EnrolledAfterTermination => "ENROLLED_AFTER_TERMINATION", Enrollment;
    MedicareOptOut => "MEDICARE_OPT_OUT", Enrollment;
    ExclusionMatch => "EXCLUSION_MATCH", Exclusion;
    ExclusionPossibleMatch => "EXCLUSION_POSSIBLE_MATCH", Exclusion;
    PsvStale => "PSV_STALE", Compliance;
    PsvMissing => "PSV_MISSING", Compliance;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `new`, `open` (also in the previous run) or `cleared` (a false-positive decision).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    New,
    Open,
    Cleared,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Open => "open",
            Status::Cleared => "cleared",
        }
    }
}

/// One finding, with every column of SPEC §5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub finding_id: String,
    pub status: Status,
    pub severity: Severity,
    pub code: Code,
    pub provider_id: String,
    pub npi: String,
    pub provider_name: String,
    pub credential_type: String,
    pub state: String,
    pub number: String,
    pub payer: String,
    pub field: String,
    pub roster_value: String,
    pub source_value: String,
    pub due_date: Option<NaiveDate>,
    pub days_left: Option<i64>,
    pub gap_days: Option<i64>,
    pub source: String,
    pub source_file: String,
    pub source_row: Option<u64>,
    pub detail: String,
    /// The matched source record's content: part of the id, so the id changes when the record does.
    pub evidence: String,
}

impl Finding {
    pub fn new(code: Code, severity: Severity) -> Self {
        Finding {
            finding_id: String::new(),
            status: Status::New,
            severity,
            code,
            provider_id: String::new(),
            npi: String::new(),
            provider_name: String::new(),
            credential_type: String::new(),
            state: String::new(),
            number: String::new(),
            payer: String::new(),
            field: String::new(),
            roster_value: String::new(),
            source_value: String::new(),
            due_date: None,
            days_left: None,
            gap_days: None,
            source: String::new(),
            source_file: String::new(),
            source_row: None,
            detail: String::new(),
            evidence: String::new(),
        }
    }

    pub fn category(&self) -> Category {
        self.code.category()
    }

    /// The id: a hash of what the finding is about and the source record it rests on — not of the row
    /// number (a re-sorted file keeps its ids) and not of days_left (a finding keeps its id as days pass).
    pub fn compute_id(&mut self) {
        let parts = [
            self.code.as_str(),
            &self.provider_id,
            &self.npi,
            &self.credential_type,
            &self.state,
            &self.number,
            &self.payer,
            &self.field,
            &self.source,
            &self.roster_value,
            &self.source_value,
            &self.evidence,
        ];
        let mut hasher = Sha256::new();
        for p in parts {
            hasher.update(p.as_bytes());
            hasher.update([0x1f]);
        }
        let digest = hasher.finalize();
        self.finding_id = format!("F{}", crate::config::hex(&digest[..8]));
    }
}

/// SPEC §5 order: severity, then provider, then code; the rest only makes the order total.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            a.severity,
            &a.provider_id,
            a.code,
            &a.credential_type,
            &a.state,
            &a.payer,
            &a.source,
            a.source_row,
            &a.field,
            &a.finding_id,
        )
            .cmp(&(
                b.severity,
                &b.provider_id,
                b.code,
                &b.credential_type,
                &b.state,
                &b.payer,
                &b.source,
                b.source_row,
                &b.field,
                &b.finding_id,
            ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_is_stable_and_follows_the_source_record() {
        let mut a = Finding::new(Code::LicenseNotActive, Severity::Critical);
        a.provider_id = "P1".into();
        a.source = "tx_board".into();
        a.source_value = "Expired".into();
        a.source_row = Some(10);
        let mut b = a.clone();
        b.source_row = Some(99); // the file was re-sorted
        a.compute_id();
        b.compute_id();
        assert_eq!(a.finding_id, b.finding_id);
        b.source_value = "Revoked".into(); // the record changed
        b.compute_id();
        assert_ne!(a.finding_id, b.finding_id);
        assert_eq!(a.finding_id.len(), 17);
    }

    #[test]
    fn every_code_has_its_spec_category() {
        assert_eq!(Code::ALL.len(), 28);
        assert_eq!(Code::MedicareOptOut.category(), Category::Enrollment);
        assert_eq!(Code::PsvMissing.category(), Category::Compliance);
        assert_eq!(
            Code::EnrollmentFieldMismatch.category(),
            Category::Discrepancy
        );
        assert_eq!(Code::CredentialMissing.category(), Category::Expiration);
    }
}
