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
    ($($variant:ident => $text:literal, $category:ident, $severity:ident;)*) => {
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

            /// The severity of SPEC §4's table. Three codes vary by finding, as the table says, and their
            /// rules set it: CREDENTIAL_EXPIRED (high for board_certification and caqh_attestation),
            /// CREDENTIAL_EXPIRING (high when days_left ≤ 30) and MEDICARE_OPT_OUT (critical with an
            /// active Medicare enrollment).
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity),* }
            }
        }
    };
}

codes! {
    NpiMissing => "NPI_MISSING", DataQuality, High;
    NpiInvalid => "NPI_INVALID", DataQuality, High;
    DuplicateProvider => "DUPLICATE_PROVIDER", DataQuality, Medium;
    InvalidDate => "INVALID_DATE", DataQuality, Medium;
    UnrecognizedValue => "UNRECOGNIZED_VALUE", DataQuality, Medium;
    NpiNotFound => "NPI_NOT_FOUND", Discrepancy, High;
    NpiDeactivated => "NPI_DEACTIVATED", Discrepancy, Critical;
    NameMismatch => "NAME_MISMATCH", Discrepancy, Medium;
    NppesLicenseMissing => "NPPES_LICENSE_MISSING", Discrepancy, Low;
    LicenseNotFound => "LICENSE_NOT_FOUND", Discrepancy, High;
    LicenseNotActive => "LICENSE_NOT_ACTIVE", Discrepancy, Critical;
    LicenseDiscipline => "LICENSE_DISCIPLINE", Discrepancy, High;
    LicenseExpirationMismatch => "LICENSE_EXPIRATION_MISMATCH", Discrepancy, Medium;
    LicenseNumberMismatch => "LICENSE_NUMBER_MISMATCH", Discrepancy, Low;
    EnrollmentFieldMismatch => "ENROLLMENT_FIELD_MISMATCH", Discrepancy, Low;
    CredentialExpired => "CREDENTIAL_EXPIRED", Expiration, Critical;
    CredentialExpiring => "CREDENTIAL_EXPIRING", Expiration, Medium;
    CredentialMissing => "CREDENTIAL_MISSING", Expiration, High;
    EnrollmentMissing => "ENROLLMENT_MISSING", Enrollment, High;
    EnrollmentNotActive => "ENROLLMENT_NOT_ACTIVE", Enrollment, High;
    EnrollmentEffectiveGap => "ENROLLMENT_EFFECTIVE_GAP", Enrollment, Medium;
    EnrolledNotOnRoster => "ENROLLED_NOT_ON_ROSTER", Enrollment, Medium;
    EnrolledAfterTermination => "ENROLLED_AFTER_TERMINATION", Enrollment, High;
    MedicareOptOut => "MEDICARE_OPT_OUT", Enrollment, High;
    ExclusionMatch => "EXCLUSION_MATCH", Exclusion, Critical;
    ExclusionPossibleMatch => "EXCLUSION_POSSIBLE_MATCH", Exclusion, High;
    PsvStale => "PSV_STALE", Compliance, High;
    PsvMissing => "PSV_MISSING", Compliance, Medium;
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
    /// The first run date this finding was reported on (set by month-over-month tracking; not part of
    /// the id).
    pub first_seen: Option<NaiveDate>,
}

impl Finding {
    /// A finding of `code`, at the code's severity.
    pub fn new(code: Code) -> Self {
        Finding {
            finding_id: String::new(),
            status: Status::New,
            severity: code.severity(),
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
            first_seen: None,
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
    use rayon::prelude::*;
    findings.par_sort_by(|a, b| {
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
        let mut a = Finding::new(Code::LicenseNotActive);
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

    #[test]
    fn every_code_has_its_spec_severity() {
        // SPEC §4's table, read by hand: four critical codes at their base severity, four low.
        let of = |s: Severity| {
            let mut v: Vec<&str> = Code::ALL
                .iter()
                .filter(|c| c.severity() == s)
                .map(|c| c.as_str())
                .collect();
            v.sort();
            v
        };
        assert_eq!(
            of(Severity::Critical),
            [
                "CREDENTIAL_EXPIRED",
                "EXCLUSION_MATCH",
                "LICENSE_NOT_ACTIVE",
                "NPI_DEACTIVATED"
            ]
        );
        assert_eq!(
            of(Severity::Low),
            [
                "ENROLLMENT_FIELD_MISMATCH",
                "LICENSE_NUMBER_MISMATCH",
                "NPPES_LICENSE_MISSING"
            ]
        );
        assert_eq!(Finding::new(Code::PsvStale).severity, Severity::High);
    }
}
