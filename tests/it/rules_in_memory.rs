//! Rules on rows built in memory, where that says more than a file would: the Medicare opt-out dates at
//! their edges, the former-name tier, and one revalidation across two lists.

use chrono::NaiveDate;
use credrecon::config::{Policy, Scope};
use credrecon::findings::{Code, Finding, Severity};
use credrecon::model::Kind;
use credrecon::rules::data::{
    Data, EnrollmentRow, ExclusionRow, OptOutRow, Origin, Provider, RevalidationRow, SourceInfo,
};
use credrecon::values;
use std::collections::BTreeMap;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const AS_OF: (i32, u32, u32) = (2026, 11, 30);

fn as_of() -> NaiveDate {
    day(AS_OF.0, AS_OF.1, AS_OF.2)
}

fn source(name: &str, kind: Kind) -> SourceInfo {
    SourceInfo {
        name: name.into(),
        file: format!("{name}.csv"),
        kind,
        payer: None,
        required: false,
        scope: Scope::Organization,
        states: None,
        truncation: None,
        payer_column: true,
    }
}

fn origin(source: &str, row: u64) -> Origin {
    Origin {
        source: source.into(),
        file: format!("{source}.csv").into(),
        row,
    }
}

/// An active provider with a valid NPI (1000000004: see `support::NPIS`).
fn provider(last: &str, first: &str) -> Provider {
    Provider {
        provider_id: "P1".into(),
        npi: "1000000004".into(),
        npi_raw: "1000000004".into(),
        npi_valid: true,
        last_name: last.into(),
        first_name: first.into(),
        status: values::Stated::Is(values::RosterStatus::Active),
        origin: origin("roster", 2),
        ..Provider::default()
    }
}

fn policy() -> Policy {
    Policy {
        required_credentials: BTreeMap::from([("default".to_string(), Vec::new())]),
        ..Policy::default()
    }
}

fn findings(data: &Data) -> Vec<Finding> {
    credrecon::rules::evaluate(as_of(), &policy(), data).findings
}

fn opt_out(effective: Option<NaiveDate>, end: Option<NaiveDate>) -> OptOutRow {
    OptOutRow {
        source: 0,
        npi: "1000000004".into(),
        effective_date: effective,
        end_date: end,
        origin: origin("opt_out", 2),
        ..OptOutRow::default()
    }
}

fn opt_out_data(row: OptOutRow) -> Data {
    Data {
        sources: vec![
            source("opt_out", Kind::OptOut),
            source("payers", Kind::Enrollment),
        ],
        providers: vec![provider("Brenner", "Laura")],
        opt_outs: vec![row],
        ..Data::default()
    }
}

#[test]
fn an_opt_out_in_force_is_high_and_critical_with_an_active_medicare_enrollment() {
    let data = opt_out_data(opt_out(Some(day(2006, 5, 1)), Some(day(2028, 5, 1))));
    let f = findings(&data);
    assert_eq!(f.len(), 1);
    assert_eq!(
        (f[0].code, f[0].severity),
        (Code::MedicareOptOut, Severity::High)
    );
    assert_eq!(f[0].payer, "Medicare");

    let mut data = data;
    data.enrollments.push(EnrollmentRow {
        source: 1,
        npi: "1000000004".into(),
        payer: "Medicare Part B".into(),
        status: values::Stated::Is(values::EnrollmentStatus::Active),
        origin: origin("payers", 7),
        ..EnrollmentRow::default()
    });
    let f = findings(&data);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Critical);
    assert!(f[0].detail.contains("payers row 7"), "{}", f[0].detail);
}

#[test]
fn opt_out_dates_at_their_edges() {
    let cases = [
        // Effective on as_of: in force.
        (Some(as_of()), None, 1),
        // Effective the day after as_of: not yet.
        (Some(day(2026, 12, 1)), None, 0),
        // Ends on as_of: "no end date before as_of", so still in force.
        (Some(day(2020, 1, 1)), Some(as_of()), 1),
        // Ended the day before as_of.
        (Some(day(2020, 1, 1)), Some(day(2026, 11, 29)), 0),
        // No effective date: SPEC asks for one on or before as_of.
        (None, None, 0),
    ];
    for (effective, end, expected) in cases {
        let f = findings(&opt_out_data(opt_out(effective, end)));
        assert_eq!(f.len(), expected, "effective {effective:?}, end {end:?}");
    }
}

#[test]
fn a_roster_other_last_name_matches_a_list_row_and_says_so() {
    let mut p = provider("Smith", "Anna");
    p.other_last_names = vec!["Jones".into()];
    p.dob = Some(day(1970, 3, 4));
    let listed = |dob: NaiveDate| ExclusionRow {
        source: 0,
        last_name: "JONES".into(),
        first_name: "ANNA".into(),
        dob: Some(dob),
        origin: origin("state_list", 9),
        ..ExclusionRow::default()
    };
    let data = Data {
        sources: vec![source("state_list", Kind::Exclusions)],
        providers: vec![p],
        exclusions: vec![listed(day(1970, 3, 4))],
        ..Data::default()
    };
    let f = findings(&data);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].code, Code::ExclusionMatch);
    assert!(
        f[0].detail
            .contains("by other last name JONES, ANNA per the roster"),
        "{}",
        f[0].detail
    );
    // The same row with another date of birth is cleared and counted.
    let mut data = data;
    data.exclusions = vec![listed(day(1971, 3, 4))];
    let outcome = credrecon::rules::evaluate(as_of(), &policy(), &data);
    assert!(outcome.findings.is_empty());
    assert_eq!(outcome.cleared_by_dob["state_list"], 1);
}

#[test]
fn one_enrollment_on_two_revalidation_lists_is_one_expirable_at_the_later_date() {
    let row = |source: usize, due: NaiveDate, adjusted: Option<NaiveDate>| RevalidationRow {
        source,
        npi: "1000000004".into(),
        enrollment_id: "I20031104000582".into(),
        state: "FL".into(),
        due_date: Some(due),
        adjusted_due_date: adjusted,
        origin: origin(if source == 0 { "cms_jan" } else { "cms_feb" }, 2),
        ..RevalidationRow::default()
    };
    let data = Data {
        sources: vec![
            source("cms_jan", Kind::Revalidation),
            source("cms_feb", Kind::Revalidation),
        ],
        providers: vec![provider("Abt", "John")],
        revalidations: vec![
            // Expired on the January list; the February list moved it to 2026-12-20 (20 days).
            row(0, day(2026, 10, 31), None),
            row(1, day(2026, 10, 31), Some(day(2026, 12, 20))),
        ],
        ..Data::default()
    };
    let f = findings(&data);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].code, f[0].severity, f[0].days_left),
        (Code::CredentialExpiring, Severity::High, Some(20))
    );
    assert_eq!(f[0].source, "cms_feb");
    assert_eq!(f[0].credential_type, "medicare_revalidation");
}
