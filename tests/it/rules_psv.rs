//! Primary-source verification (SPEC §4): PSV_STALE when a credential's verified_date is after the
//! credentialing decision (last_credentialed_date) or more than the PSV window before it; PSV_MISSING for a
//! state_license, dea or board_certification with no verified_date. `psv_window = "ncqa"` (the default) is
//! 180 days for decisions before 2025-07-01 and 120 from then on; a number is a fixed window.

use crate::support::{CsvRows, NPIS, Sandbox, assert_columns, run_rules, scenario_config};

/// (provider id, roster status, last credentialed)
type Person<'a> = (&'a str, &'a str, &'a str);
/// (provider id, type, number, state, verified)
type Verified<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

fn scenario(policy: &str, people: &[Person], credentials: &[Verified]) -> Sandbox {
    let mut roster = CsvRows::new();
    for (k, (id, status, decided)) in people.iter().enumerate() {
        roster = roster.row(&[
            ("Provider ID", id),
            ("NPI", NPIS[k]),
            ("Last Name", id),
            ("First Name", "Pat"),
            ("Status", status),
            ("Last Credentialed", decided),
        ]);
    }
    let mut creds = CsvRows::new();
    for (id, kind, number, state, verified) in credentials {
        creds = creds.row(&[
            ("Provider ID", id),
            ("Type", kind),
            ("Number", number),
            ("State", state),
            ("Expiration Date", ""),
            ("Verified Date", verified),
        ]);
    }
    let sandbox = Sandbox::new();
    sandbox
        .file("roster.csv", &roster.text())
        .file("creds.csv", &creds.text())
        .file(
            "credrecon.toml",
            &scenario_config(
                &format!("required_credentials = {{ default = [] }}\n{policy}"),
                &[
                    ("roster", "roster", "roster.csv", ""),
                    ("creds", "credentials", "creds.csv", ""),
                ],
            ),
        );
    sandbox
}

#[test]
fn ncqa_window_depends_on_the_decision_date() {
    // Recredentialing falls due 36 months after these 2025 decisions (2028): no expiration findings.
    let people: &[Person] = &[
        ("P1", "Active", "2025-03-15"),
        ("P2", "Active", "2025-08-15"),
        ("P3", "Active", "2025-08-15"),
        ("P4", "Active", "2025-08-15"),
        ("P5", "Active", "2025-08-15"),
        ("P6", "Active", "2025-08-15"),
        ("P7", "Active", "2025-06-30"),
        ("P8", "Active", "2025-07-01"),
        ("P9", "Active", "2025-08-15"),
        ("P10", "Active", ""),
        ("P11", "Terminated", "2025-08-15"),
    ];
    let credentials: &[Verified] = &[
        // line 2: 150 days before a March 2025 decision (2025-03-15 − 150 = 2024-10-16): within 180 → fine.
        ("P1", "State License", "101", "CT", "2024-10-16"),
        // line 3: 150 days before an August 2025 decision (2025-08-15 − 150 = 2025-03-18): over 120 → stale.
        ("P2", "State License", "102", "CT", "2025-03-18"),
        // line 4: verified the day after the decision → stale.
        ("P3", "State License", "103", "CT", "2025-08-16"),
        // line 5: verified on the decision day → fine.
        ("P4", "State License", "104", "CT", "2025-08-15"),
        // line 6: exactly 120 days before (2025-04-17) → not more than the window → fine.
        ("P5", "State License", "105", "CT", "2025-04-17"),
        // line 7: 121 days before (2025-04-16) → stale.
        ("P6", "State License", "106", "CT", "2025-04-16"),
        // line 8: decision 2025-06-30, the last day of the 180-day rule; 150 days before = 2025-01-31 → fine.
        ("P7", "State License", "107", "CT", "2025-01-31"),
        // line 9: decision 2025-07-01, the first day of the 120-day rule; 150 days before = 2025-02-01 → stale.
        ("P8", "State License", "108", "CT", "2025-02-01"),
        // lines 10-13: P9's license is verified in time; DEA and board certification have no verified date →
        // PSV_MISSING each; malpractice needs no PSV → nothing.
        ("P9", "State License", "109", "CT", "2025-08-01"),
        ("P9", "DEA", "AB0000009", "", ""),
        ("P9", "Board Certification", "ABIM", "", ""),
        ("P9", "Malpractice", "PL-9", "", ""),
        // line 14: no last_credentialed_date → no PSV rule applies.
        ("P10", "State License", "110", "CT", ""),
        // line 15: terminated provider, verified after the decision: skipped.
        ("P11", "State License", "111", "CT", "2025-09-01"),
    ];
    let run = run_rules(&scenario("", people, credentials));
    // Each finding cites the credential's row in the credentials file.
    run.assert_table(
        "
        code        | provider_id | credential_type     | state | number    | severity | category   | source | source_row
        PSV_STALE   | P2          | state_license       | CT    | 102       | high     | compliance | creds  | 3
        PSV_STALE   | P3          | state_license       | CT    | 103       | high     | compliance | creds  | 4
        PSV_STALE   | P6          | state_license       | CT    | 106       | high     | compliance | creds  | 7
        PSV_STALE   | P8          | state_license       | CT    | 108       | high     | compliance | creds  | 9
        PSV_MISSING | P9          | dea                 | -     | AB0000009 | medium   | compliance | creds  | 11
        PSV_MISSING | P9          | board_certification | -     | ABIM      | medium   | compliance | creds  | 12
        ",
    );
    assert_columns(run.one("PSV_STALE", "P2"), &[("npi", NPIS[1])]);
}

#[test]
fn a_fixed_psv_window_replaces_the_ncqa_dates() {
    let people: &[Person] = &[
        ("F1", "Active", "2025-03-15"),
        ("F2", "Active", "2025-03-15"),
        ("F3", "Active", "2025-03-15"),
    ];
    let credentials: &[Verified] = &[
        // line 2: 90 days before 2025-03-15 = 2024-12-15 → within 90 → fine.
        ("F1", "State License", "201", "CT", "2024-12-15"),
        // line 3: 91 days before (2024-12-14) → stale.
        ("F2", "State License", "202", "CT", "2024-12-14"),
        // line 4: 150 days before a March decision: fine under "ncqa" (180), stale under 90.
        ("F3", "State License", "203", "CT", "2024-10-16"),
    ];
    let run = run_rules(&scenario("psv_window = 90", people, credentials));
    run.assert_table(
        "
        code      | provider_id | credential_type | state | number | severity | source | source_row
        PSV_STALE | F2          | state_license   | CT    | 202    | high     | creds  | 3
        PSV_STALE | F3          | state_license   | CT    | 203    | high     | creds  | 4
        ",
    );
}
