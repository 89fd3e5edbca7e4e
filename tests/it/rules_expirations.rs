//! Expiration rules (SPEC §4): CREDENTIAL_EXPIRED (critical; high for board_certification and
//! caqh_attestation), CREDENTIAL_EXPIRING (high ≤ 30 days left, else medium; the window edge; CAQH's own
//! window), CREDENTIAL_MISSING per degree, and recredentialing (next date, else last credentialed + the
//! cycle, clamped to the month's end, the shortest per-state cycle). as_of is 2026-11-30, so:
//! +30 days = 2026-12-30, +31 = 2026-12-31, +90 = 2027-02-28 (31 + 31 + 28), +91 = 2027-03-01.
//! Row k (from 0) of a CSV file is on line k + 2.

use crate::support::{CsvRows, NPIS, Sandbox, assert_columns, run_rules, scenario_config};

type Cells<'a> = Vec<(&'a str, &'a str)>;

/// A roster row: id (also the last name), NPI, degree, status Active, plus `extra` cells (which may
/// override any of those).
fn person<'a>(
    id: &'a str,
    npi: &'a str,
    degree: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Cells<'a> {
    let mut row = vec![
        ("Provider ID", id),
        ("NPI", npi),
        ("Last Name", id),
        ("First Name", "Pat"),
        ("Degree", degree),
        ("Status", "Active"),
    ];
    for (header, value) in extra {
        match row.iter_mut().find(|(h, _)| h == header) {
            Some(cell) => cell.1 = value,
            None => row.push((header, value)),
        }
    }
    row
}

/// A credentials-file row: provider, type, number, state, expiration.
fn credential<'a>(
    id: &'a str,
    kind: &'a str,
    number: &'a str,
    state: &'a str,
    expires: &'a str,
) -> Cells<'a> {
    vec![
        ("Provider ID", id),
        ("Type", kind),
        ("Number", number),
        ("State", state),
        ("Expiration Date", expires),
    ]
}

/// A roster and, when given, a credentials file.
fn scenario(policy: &str, roster: &CsvRows, creds: Option<&CsvRows>) -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox.file("roster.csv", &roster.text());
    let mut sources = vec![("roster", "roster", "roster.csv", "")];
    if let Some(creds) = creds {
        sandbox.file("creds.csv", &creds.text());
        sources.push(("creds", "credentials", "creds.csv", ""));
    }
    sandbox.file("credrecon.toml", &scenario_config(policy, &sources));
    sandbox
}

const NO_REQUIREMENTS: &str = "required_credentials = { default = [] }";

#[test]
fn credential_expirations_by_type_severity_and_window_edge() {
    let ids = ["X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8", "X9", "X10"];
    let mut roster = CsvRows::new();
    for (k, id) in ids.iter().enumerate() {
        roster = roster.row(&person(id, NPIS[k], "NP", &[]));
    }
    let creds = CsvRows::new()
        // line 2: 1 day ago → expired, critical
        .row(&credential("X1", "State License", "L1", "CT", "2026-11-29"))
        // line 3: 29 days ago → expired, but high for a board certification
        .row(&credential(
            "X2",
            "Board Certification",
            "ABIM",
            "",
            "2026-11-01",
        ))
        // line 4: on as_of: 0 days left → expiring, high
        .row(&credential("X3", "DEA", "AB0000003", "", "2026-11-30"))
        // line 5: 30 days → high
        .row(&credential("X4", "Malpractice", "PL-4", "", "2026-12-30"))
        // line 6: 31 days → medium
        .row(&credential("X5", "Malpractice", "PL-5", "", "2026-12-31"))
        // line 7: day 90, the window's last day → medium
        .row(&credential("X6", "DEA", "AB0000006", "", "2027-02-28"))
        // line 8: day 91 → nothing
        .row(&credential("X7", "DEA", "AB0000007", "", "2027-03-01"))
        // line 9: 153 days ago (Jun 30 → Nov 30: 31 + 31 + 30 + 31 + 30) → critical
        .row(&credential("X8", "CDS", "C8", "CT", "2026-06-30"))
        // line 10: 319 days ago (16 to Jan 31, then 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30) → critical
        .row(&credential("X9", "Malpractice", "PL-9", "", "2026-01-15"))
        // line 11: 30 days ago → critical
        .row(&credential("X10", "DEA", "AB0000010", "", "2026-10-31"));
    let run = run_rules(&scenario(NO_REQUIREMENTS, &roster, Some(&creds)));
    run.assert_table(
        "
        code                | provider_id | credential_type     | number    | severity | due_date   | days_left | source | source_row
        CREDENTIAL_EXPIRED  | X1          | state_license       | L1        | critical | 2026-11-29 | -1        | creds  | 2
        CREDENTIAL_EXPIRED  | X2          | board_certification | ABIM      | high     | 2026-11-01 | -29       | creds  | 3
        CREDENTIAL_EXPIRING | X3          | dea                 | AB0000003 | high     | 2026-11-30 | 0         | creds  | 4
        CREDENTIAL_EXPIRING | X4          | malpractice         | PL-4      | high     | 2026-12-30 | 30        | creds  | 5
        CREDENTIAL_EXPIRING | X5          | malpractice         | PL-5      | medium   | 2026-12-31 | 31        | creds  | 6
        CREDENTIAL_EXPIRING | X6          | dea                 | AB0000006 | medium   | 2027-02-28 | 90        | creds  | 7
        CREDENTIAL_EXPIRED  | X8          | cds                 | C8        | critical | 2026-06-30 | -153      | creds  | 9
        CREDENTIAL_EXPIRED  | X9          | malpractice         | PL-9      | critical | 2026-01-15 | -319      | creds  | 10
        CREDENTIAL_EXPIRED  | X10         | dea                 | AB0000010 | critical | 2026-10-31 | -30       | creds  | 11
        ",
    );
    assert_columns(
        run.one("CREDENTIAL_EXPIRED", "X1"),
        &[
            ("category", "expiration"),
            ("state", "CT"),
            ("npi", NPIS[0]),
        ],
    );
}

#[test]
fn caqh_attestation_uses_its_own_cycle_and_window() {
    // Due = attested + caqh_attestation_days (120); reported inside caqh_expiring_within_days (30).
    let caqh = |id, npi, attested| person(id, npi, "NP", &[("CAQH Attested", attested)]);
    let roster = CsvRows::new()
        // line 2: 2026-07-10 + 120 days = 2026-11-07 (21 + 31 + 30 + 31 + 7), 23 days ago → expired, high.
        .row(&caqh("C1", NPIS[0], "2026-07-10"))
        // line 3: 2026-08-22 + 120 = 2026-12-20 (9 + 30 + 31 + 30 + 20): 20 days left → expiring, high.
        .row(&caqh("C2", NPIS[1], "2026-08-22"))
        // line 4: 2026-09-02 + 120 = 2026-12-31 (28 + 31 + 30 + 31): 31 days, outside the 30-day CAQH
        // window (though inside the general 90-day one) → nothing.
        .row(&caqh("C3", NPIS[2], "2026-09-02"))
        // line 5: 2026-08-02 + 120 = 2026-11-30 (29 + 30 + 31 + 30): due on as_of, 0 days → expiring, high.
        .row(&caqh("C4", NPIS[3], "2026-08-02"));
    let run = run_rules(&scenario(NO_REQUIREMENTS, &roster, None));
    run.assert_table(
        "
        code                | provider_id | credential_type  | severity | due_date   | days_left | source | source_row
        CREDENTIAL_EXPIRED  | C1          | caqh_attestation | high     | 2026-11-07 | -23       | roster | 2
        CREDENTIAL_EXPIRING | C2          | caqh_attestation | high     | 2026-12-20 | 20        | roster | 3
        CREDENTIAL_EXPIRING | C4          | caqh_attestation | high     | 2026-11-30 | 0         | roster | 5
        ",
    );
}

#[test]
fn policy_windows_and_caqh_cycle_come_from_the_config() {
    let policy = "required_credentials = { default = [] }\n\
                  expiring_within_days = 60\n\
                  caqh_attestation_days = 90\n\
                  caqh_expiring_within_days = 31";
    let roster = CsvRows::new()
        .row(&person("Y1", NPIS[0], "NP", &[]))
        .row(&person("Y2", NPIS[1], "NP", &[]))
        // line 4: 2026-10-02 + 90 days = 2026-12-31 (29 + 30 + 31): 31 days, inside a 31-day CAQH window.
        .row(&person(
            "Y3",
            NPIS[2],
            "NP",
            &[("CAQH Attested", "2026-10-02")],
        ));
    let creds = CsvRows::new()
        // line 2: 31 + 29 = 60 days: the edge of a 60-day window → medium
        .row(&credential("Y1", "DEA", "AB1", "", "2027-01-29"))
        // line 3: 61 days → nothing
        .row(&credential("Y2", "DEA", "AB2", "", "2027-01-30"));
    let run = run_rules(&scenario(policy, &roster, Some(&creds)));
    run.assert_table(
        "
        code                | provider_id | credential_type  | severity | due_date   | days_left | source | source_row
        CREDENTIAL_EXPIRING | Y1          | dea              | medium   | 2027-01-29 | 60        | creds  | 2
        CREDENTIAL_EXPIRING | Y3          | caqh_attestation | medium   | 2026-12-31 | 31        | roster | 4
        ",
    );
}

#[test]
fn recredentialing_from_next_date_else_last_plus_cycle_clamped() {
    let dates = |last, next| [("Last Credentialed", last), ("Next Recredential", next)];
    let roster = CsvRows::new()
        // line 2: the next recredential date 2026-10-11 wins over last + 36 months (2028-01-01):
        // 50 days ago (20 + 30) → expired, critical.
        .row(&person(
            "R1",
            NPIS[0],
            "NP",
            &dates("2025-01-01", "2026-10-11"),
        ))
        // line 3: 2024-02-29 + 36 months → 2027-02-29 does not exist → 2027-02-28, day 90 → medium.
        .row(&person("R2", NPIS[1], "NP", &dates("2024-02-29", "")))
        // line 4: 2024-03-01 + 36 months = 2027-03-01, day 91 → nothing.
        .row(&person("R3", NPIS[2], "NP", &dates("2024-03-01", "")))
        // line 5: last + 36 = 2026-01-01 would be overdue, but the roster's next date 2027-06-01 rules.
        .row(&person(
            "R4",
            NPIS[3],
            "NP",
            &dates("2023-01-01", "2027-06-01"),
        ))
        // line 6: terminated: overdue, skipped.
        .row(&person(
            "R5",
            NPIS[4],
            "NP",
            &[
                ("Status", "Terminated"),
                ("Last Credentialed", "2020-01-01"),
            ],
        ));
    let run = run_rules(&scenario(NO_REQUIREMENTS, &roster, None));
    run.assert_table(
        "
        code                | provider_id | credential_type | severity | due_date   | days_left | source | source_row
        CREDENTIAL_EXPIRED  | R1          | recredentialing | critical | 2026-10-11 | -50       | roster | 2
        CREDENTIAL_EXPIRING | R2          | recredentialing | medium   | 2027-02-28 | 90        | roster | 3
        ",
    );
}

#[test]
fn recredentialing_cycle_is_the_shortest_among_license_states() {
    let policy = "required_credentials = { default = [] }\n\
                  recredential_cycle_months_by_state = { CA = 24, TX = 30 }";
    let decided = |id, npi, date| person(id, npi, "NP", &[("Last Credentialed", date)]);
    let roster = CsvRows::new()
        // line 2: CA + NV: CA's 24 months → 2025-01-15 + 24 = 2027-01-15, 46 days (31 + 15) → medium.
        .row(&decided("S1", NPIS[0], "2025-01-15"))
        // line 3: NV only: the default 36 → 2028-01-15 → nothing.
        .row(&decided("S2", NPIS[1], "2025-01-15"))
        // line 4: CA + TX: min(24, 30) = 24 → 2024-12-15 + 24 = 2026-12-15, 15 days → high
        // (TX's 30 would give 2027-06-15 and no finding).
        .row(&decided("S3", NPIS[2], "2024-12-15"))
        // line 5: TX only: 30 months → 2024-06-15 + 30 = 2026-12-15, 15 days → high (36: 2027-06-15).
        .row(&decided("S4", NPIS[3], "2024-06-15"));
    // Licenses without expiry, each verified on its provider's decision day: no PSV finding either.
    let license = |id, number, state, verified| {
        let mut row = credential(id, "State License", number, state, "");
        row.push(("Verified Date", verified));
        row
    };
    let creds = CsvRows::new()
        .row(&license("S1", "1", "CA", "2025-01-15"))
        .row(&license("S1", "2", "NV", "2025-01-15"))
        .row(&license("S2", "3", "NV", "2025-01-15"))
        .row(&license("S3", "4", "TX", "2024-12-15"))
        .row(&license("S3", "5", "CA", "2024-12-15"))
        .row(&license("S4", "6", "TX", "2024-06-15"));
    let run = run_rules(&scenario(policy, &roster, Some(&creds)));
    run.assert_table(
        "
        code                | provider_id | credential_type | severity | due_date   | days_left | source | source_row
        CREDENTIAL_EXPIRING | S1          | recredentialing | medium   | 2027-01-15 | 46        | roster | 2
        CREDENTIAL_EXPIRING | S3          | recredentialing | high     | 2026-12-15 | 15        | roster | 4
        CREDENTIAL_EXPIRING | S4          | recredentialing | high     | 2026-12-15 | 15        | roster | 5
        ",
    );
}

#[test]
fn credential_missing_follows_the_degree() {
    // The default policy: MD and DO need state_license, dea, board_certification and malpractice;
    // every other degree (NP here) state_license and malpractice.
    let roster = CsvRows::new()
        .row(&person("MD1", NPIS[0], "MD", &[])) // line 2: license + malpractice → dea, board missing
        .row(&person("MD2", NPIS[1], "MD", &[])) // line 3: all four; its DEA expired: EXPIRED, not MISSING
        .row(&person("NP1", NPIS[2], "NP", &[])) // line 4: license + malpractice: complete for an NP
        .row(&person("NP2", NPIS[3], "NP", &[])) // line 5: license only → malpractice missing
        .row(&person("DO1", NPIS[4], "DO", &[])) // line 6: nothing at all → all four missing
        .row(&person("MD3", NPIS[5], "MD", &[("Status", "Terminated")])); // line 7: skipped
    let far = "2029-12-31";
    let creds = CsvRows::new()
        .row(&credential("MD1", "State License", "1", "CT", far))
        .row(&credential("MD1", "Malpractice", "P1", "", far))
        .row(&credential("MD2", "State License", "2", "CT", far))
        // line 5: 30 days ago → expired, critical
        .row(&credential("MD2", "DEA", "AB2", "", "2026-10-31"))
        .row(&credential("MD2", "Board Certification", "ABIM", "", far))
        .row(&credential("MD2", "Malpractice", "P2", "", far))
        .row(&credential("NP1", "State License", "3", "CT", far))
        .row(&credential("NP1", "Malpractice", "P3", "", far))
        .row(&credential("NP2", "State License", "4", "CT", far));
    let run = run_rules(&scenario("", &roster, Some(&creds)));
    run.assert_table(
        "
        code               | provider_id | credential_type     | severity | category   | source | source_row
        CREDENTIAL_MISSING | MD1         | dea                 | high     | expiration | roster | 2
        CREDENTIAL_MISSING | MD1         | board_certification | high     | expiration | roster | 2
        CREDENTIAL_EXPIRED | MD2         | dea                 | critical | expiration | creds  | 5
        CREDENTIAL_MISSING | NP2         | malpractice         | high     | expiration | roster | 5
        CREDENTIAL_MISSING | DO1         | state_license       | high     | expiration | roster | 6
        CREDENTIAL_MISSING | DO1         | dea                 | high     | expiration | roster | 6
        CREDENTIAL_MISSING | DO1         | board_certification | high     | expiration | roster | 6
        CREDENTIAL_MISSING | DO1         | malpractice         | high     | expiration | roster | 6
        ",
    );
}

#[test]
fn roster_credential_groups_cite_the_roster_row() {
    // Wide credential columns on the roster ([[sources.credentials]]): the credential's row is the roster's.
    let license = |number, expires| {
        [
            ("License #", number),
            ("License State", "CT"),
            ("License Exp", expires),
        ]
    };
    let roster = CsvRows::new()
        // line 2: expired 2026-11-15, 15 days ago → CREDENTIAL_EXPIRED, critical, citing roster line 2.
        .row(&person(
            "G1",
            NPIS[0],
            "NP",
            &license("045001", "11/15/2026"),
        ))
        // line 3: expires 2027-06-30 → nothing.
        .row(&person(
            "G2",
            NPIS[1],
            "NP",
            &license("045002", "06/30/2027"),
        ));
    let groups = "[[sources.credentials]]\n\
                  type = \"state_license\"\n\
                  number = \"License #\"\n\
                  state = \"License State\"\n\
                  expiration_date = \"License Exp\"";
    let sandbox = Sandbox::new();
    sandbox.file("roster.csv", &roster.text()).file(
        "credrecon.toml",
        &scenario_config(
            NO_REQUIREMENTS,
            &[("roster", "roster", "roster.csv", groups)],
        ),
    );
    let run = run_rules(&sandbox);
    // The number keeps its leading zero.
    run.assert_table(
        "
        code               | provider_id | credential_type | state | number | severity | due_date   | days_left | source | source_row
        CREDENTIAL_EXPIRED | G1          | state_license   | CT    | 045001 | critical | 2026-11-15 | -15       | roster | 2
        ",
    );
}
