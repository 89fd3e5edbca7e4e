//! Data-quality rules (SPEC §3.3, §4): NPI_MISSING, NPI_INVALID, DUPLICATE_PROVIDER, INVALID_DATE and
//! UNRECOGNIZED_VALUE on tiny rosters, plus who the other rules check: terminated providers still get
//! data-quality findings but nothing else, and a provider with an unrecognised status is not checked.
//! Every scenario runs at as_of 2026-11-30; row k (from 0) of a CSV file is on line k + 2.

use crate::support::{CsvRows, Sandbox, assert_columns, run_rules, scenario_config};

/// No credential is required here, so CREDENTIAL_MISSING stays out of these scenarios.
const NO_REQUIREMENTS: &str = "required_credentials = { default = [] }";

fn roster_only(roster: &CsvRows) -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.file("roster.csv", &roster.text()).file(
        "credrecon.toml",
        &scenario_config(NO_REQUIREMENTS, &[("roster", "roster", "roster.csv", "")]),
    );
    sandbox
}

fn provider<'a>(
    id: &'a str,
    npi: &'a str,
    last: &'a str,
    status: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("Provider ID", id),
        ("NPI", npi),
        ("Last Name", last),
        ("First Name", "Pat"),
        ("Status", status),
    ]
}

#[test]
fn npi_missing_and_invalid_fire_and_a_formatted_valid_npi_does_not() {
    let roster = CsvRows::new()
        .row(&provider("Q1", "", "Blank", "Active")) // line 2: no NPI
        .row(&provider("Q2", "1234567890", "Check", "Active")) // line 3: 123456789's check digit is 3, not 0
        .row(&provider("Q3", "123456789", "Short", "Active")) // line 4: nine digits
        .row(&provider("Q4", "123-456 7893", "Formatted", "Active")) // line 5: 1234567893 once spaces and hyphens go
        .row(&provider("Q5", "1245319599", "Valid", "Active")) // line 6: valid
        .row(&provider("Q6", "", "Gone", "Terminated")); // line 7: terminated, still data quality
    let run = run_rules(&roster_only(&roster));
    // Two blank NPIs are not "the same NPI": no DUPLICATE_PROVIDER for Q1 + Q6.
    run.assert_table(
        "
        code        | provider_id | npi        | severity | field | source | source_file | source_row
        NPI_MISSING | Q1          | -          | high     | npi   | roster | roster.csv  | 2
        NPI_INVALID | Q2          | 1234567890 | high     | npi   | roster | roster.csv  | 3   # as written
        NPI_INVALID | Q3          | 123456789  | high     | npi   | roster | roster.csv  | 4
        NPI_MISSING | Q6          | -          | high     | npi   | roster | roster.csv  | 7
        ",
    );
    assert_columns(
        run.one("NPI_INVALID", "Q2"),
        &[("category", "data_quality")],
    );
}

#[test]
fn duplicate_provider_is_one_finding_per_npi_citing_the_first_row() {
    let roster = CsvRows::new()
        .row(&provider("D1", "1679576722", "Angus", "Active")) // line 2
        .row(&provider("D2", "1679576722", "Angus", "Active")) // line 3: same NPI
        .row(&provider("D3", "167-957-6722", "Angus", "Terminated")) // line 4: the same once hyphens go; terminated rows count
        .row(&provider("D4", "1234567893", "Other", "Active")) // line 5: distinct NPIs: near miss
        .row(&provider("D5", "1245319599", "Another", "Active")); // line 6
    let run = run_rules(&roster_only(&roster));
    // Three rows share 1679576722: one finding for that NPI, carrying the first row (D1, line 2).
    run.assert_table(
        "
        code               | provider_id | npi        | severity | category     | source | source_row
        DUPLICATE_PROVIDER | D1          | 1679576722 | medium   | data_quality | roster | 2
        ",
    );
}

#[test]
fn invalid_dates_and_unrecognised_statuses_are_reported_and_skipped() {
    let row = |id, status, term, last, next| {
        vec![
            ("Provider ID", id),
            ("NPI", ""), // no NPI anywhere: NPI_MISSING for every row keeps the NPI rules out of the way
            ("Last Name", "Case"),
            ("First Name", "Pat"),
            ("Status", status),
            ("Term Date", term),
            ("Last Credentialed", last),
            ("Next Recredential", next),
        ]
    };
    let roster = CsvRows::new()
        // line 2: June has 30 days → INVALID_DATE (last_credentialed_date); no due date follows from it.
        .row(&row("V1", "Active", "", "06/31/2024", ""))
        // line 3: month 13 → INVALID_DATE (next_recredential_date); `N/A` means no date, not an error.
        .row(&row("V2", "Active", "", "N/A", "2027-13-01"))
        // line 4: `LOA` is no roster status → UNRECOGNIZED_VALUE; treated as not active, so its overdue
        // recredentialing (2026-01-01) and expired license (creds line 2) raise nothing.
        .row(&row("V3", "LOA", "", "", "2026-01-01"))
        // line 5: `On Leave` = active; `00000000` = no date; 3/1/27 (M/D/YY) = 2027-03-01, 91 days after
        // as_of: outside the 90-day window. Nothing.
        .row(&row("V4", "On Leave", "", "00000000", "3/1/27"))
        // line 6: terminated: 2024-02-30 is still INVALID_DATE; the overdue recredentialing is skipped.
        .row(&row("V5", "Termed", "", "2024-02-30", "2026-01-01"))
        // line 7: Active but terminated on as_of itself ("on or before as_of"): skipped.
        .row(&row("V6", "Active", "2026-11-30", "", "2026-01-01"))
        // line 8: Active with a future termination date: checked. Recredentialing due 2026-01-01 is
        // 333 days before as_of → CREDENTIAL_EXPIRED, critical for recredentialing.
        .row(&row("V7", "Active", "2026-12-31", "", "2026-01-01"));
    let credential = |id, kind, number, expires| {
        vec![
            ("Provider ID", id),
            ("Type", kind),
            ("Number", number),
            ("Expiration Date", expires),
        ]
    };
    let creds = CsvRows::new()
        // line 2: V3's license expired 2026-01-31: not reported (V3 is not checked).
        .row(&credential("V3", "State License", "1001", "2026-01-31"))
        // line 3: Feb 30 → INVALID_DATE in the credentials file; the date counts as missing, so no
        // expiration finding for this credential.
        .row(&credential("V1", "Malpractice", "PL-1", "2027-02-30"))
        // line 4: V5 (terminated) DEA expired 2025-01-01: skipped.
        .row(&credential("V5", "DEA", "AB1234563", "2025-01-01"));
    let sandbox = Sandbox::new();
    sandbox
        .file("roster.csv", &roster.text())
        .file("creds.csv", &creds.text())
        .file(
            "credrecon.toml",
            &scenario_config(
                NO_REQUIREMENTS,
                &[
                    ("roster", "roster", "roster.csv", ""),
                    ("creds", "credentials", "creds.csv", ""),
                ],
            ),
        );
    let run = run_rules(&sandbox);
    // A roster row's unreadable text is the roster's own value (roster_value); the credentials file's is
    // that source's value (source_value). The credentials row's issue is reported by source and row.
    run.assert_table(
        "
        code               | source | source_row | severity | field                  | roster_value | source_value
        INVALID_DATE       | roster | 2          | medium   | last_credentialed_date | 06/31/2024   | -
        INVALID_DATE       | roster | 3          | medium   | next_recredential_date | 2027-13-01   | -
        UNRECOGNIZED_VALUE | roster | 4          | medium   | status                 | LOA          | -
        INVALID_DATE       | roster | 6          | medium   | last_credentialed_date | 2024-02-30   | -
        INVALID_DATE       | creds  | 3          | medium   | expiration_date        | -            | 2027-02-30
        CREDENTIAL_EXPIRED | roster | 8          | critical | expiration_date        | -            | -
        NPI_MISSING        | roster | 2          | high     | npi                    | -            | -
        NPI_MISSING        | roster | 3          | high     | npi                    | -            | -
        NPI_MISSING        | roster | 4          | high     | npi                    | -            | -
        NPI_MISSING        | roster | 5          | high     | npi                    | -            | -
        NPI_MISSING        | roster | 6          | high     | npi                    | -            | -
        NPI_MISSING        | roster | 7          | high     | npi                    | -            | -
        NPI_MISSING        | roster | 8          | high     | npi                    | -            | -
        ",
    );
    // The roster's value issues belong to the provider of that row; the credentials row's names its
    // provider too (V1), so the coordinator can tell whose row it is.
    let mut v1: Vec<&str> = run
        .findings
        .iter()
        .filter(|f| f["code"] == "INVALID_DATE" && f["provider_id"] == "V1")
        .map(|f| f["source"].as_str())
        .collect();
    v1.sort_unstable();
    assert_eq!(v1, ["creds", "roster"]);
    for (code, id) in [
        ("INVALID_DATE", "V2"),
        ("UNRECOGNIZED_VALUE", "V3"),
        ("INVALID_DATE", "V5"),
    ] {
        assert_columns(
            run.one(code, id),
            &[("category", "data_quality"), ("source", "roster")],
        );
    }
    assert_columns(
        run.one("CREDENTIAL_EXPIRED", "V7"),
        &[
            ("credential_type", "recredentialing"),
            ("due_date", "2026-01-01"),
        ],
    );

    // compliance.csv lists the active providers only: V1, V2, V4 (on leave) and V7 (future term date).
    let mut listed: Vec<&str> = run
        .compliance
        .iter()
        .map(|r| r["provider_id"].as_str())
        .collect();
    listed.sort_unstable();
    assert_eq!(listed, ["V1", "V2", "V4", "V7"]);
}
