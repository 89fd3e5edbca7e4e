//! License-board rules (SPEC §3.3, §4): LICENSE_NOT_FOUND (only in a state a board source covers),
//! LICENSE_NOT_ACTIVE, LICENSE_DISCIPLINE, LICENSE_EXPIRATION_MISMATCH (the board's date then drives the
//! expiration rules), LICENSE_NUMBER_MISMATCH (strict key vs the looser key) and NAME_MISMATCH from a board.
//! One CT board file (`state = "CT"`), no board for RI; state licenses come from a credentials file.
//! as_of is 2026-11-30; row k (from 0) of a CSV file is on line k + 2.

use crate::support::{CsvRows, NPIS, Sandbox, assert_columns, run_rules, scenario_config};

/// (provider id, NPI, roster status, last, first)
type Person<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);
/// (provider id, state, number, roster expiration)
type License<'a> = (&'a str, &'a str, &'a str, &'a str);
/// (number, last, first, status, expiration, discipline)
type BoardRow<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, &'a str);

fn scenario(people: &[Person], licenses: &[License], board: &[BoardRow]) -> Sandbox {
    let mut roster = CsvRows::new();
    for (id, npi, status, last, first) in people {
        roster = roster.row(&[
            ("Provider ID", id),
            ("NPI", npi),
            ("Last Name", last),
            ("First Name", first),
            ("Status", status),
        ]);
    }
    let mut creds = CsvRows::new();
    for (id, state, number, expires) in licenses {
        creds = creds.row(&[
            ("Provider ID", id),
            ("Type", "State License"),
            ("Number", number),
            ("State", state),
            ("Expiration Date", expires),
        ]);
    }
    let mut file = CsvRows::new();
    for (number, last, first, status, expires, discipline) in board {
        file = file.row(&[
            ("License Number", number),
            ("Last Name", last),
            ("First Name", first),
            ("Status", status),
            ("Expiration Date", expires),
            ("Discipline", discipline),
        ]);
    }
    let sandbox = Sandbox::new();
    sandbox
        .file("roster.csv", &roster.text())
        .file("creds.csv", &creds.text())
        .file("ct_board.csv", &file.text())
        .file(
            "credrecon.toml",
            &scenario_config(
                "required_credentials = { default = [] }",
                &[
                    ("roster", "roster", "roster.csv", ""),
                    ("creds", "credentials", "creds.csv", ""),
                    (
                        "ct_board",
                        "license_board",
                        "ct_board.csv",
                        "state = \"CT\"",
                    ),
                ],
            ),
        );
    sandbox
}

#[test]
fn board_status_discipline_and_coverage() {
    let people: &[Person] = &[
        ("B1", NPIS[0], "Active", "Absent", "Pat"),
        ("B2", NPIS[1], "Active", "Island", "Pat"),
        ("B3", NPIS[2], "Active", "Dash", "Pat"),
        ("B5", NPIS[3], "Active", "Lapsed", "Pat"),
        ("B6", NPIS[4], "Active", "Probie", "Pat"),
        ("B7", NPIS[5], "Active", "Flagged", "Pat"),
        ("B8", NPIS[6], "Active", "Clean", "Pat"),
        ("B9", NPIS[7], "Active", "Spotless", "Pat"),
        ("B14", NPIS[8], "Active", "Pending", "Pat"),
        ("B15", NPIS[9], "Terminated", "Former", "Pat"),
        ("B16", "1000000005", "Active", "Typo", "Pat"),
        ("B17", NPIS[10], "Active", "Benched", "Pat"),
    ];
    let licenses: &[License] = &[
        // No CT record → LICENSE_NOT_FOUND.
        ("B1", "CT", "111111", ""),
        // No RI board source: RI is not covered, nothing to check against.
        ("B2", "RI", "222222", ""),
        // The board writes 12345: the same letters-and-digits key → found, no mismatch.
        ("B3", "CT", "12-345", ""),
        ("B5", "CT", "500", ""),
        ("B6", "CT", "600", ""),
        ("B7", "CT", "700", ""),
        ("B8", "CT", "800", ""),
        ("B9", "CT", "900", ""),
        ("B14", "CT", "1400", ""),
        // Terminated: skipped although absent from the board.
        ("B15", "CT", "1500", ""),
        // An invalid NPI: licensure does not need one → LICENSE_NOT_FOUND all the same.
        ("B16", "CT", "1600", ""),
        ("B17", "CT", "1700", ""),
    ];
    let far = "2028-01-31";
    let board: &[BoardRow] = &[
        // line 2
        ("12345", "Dash", "Pat", "Active", far, "N"),
        // line 3: not active → LICENSE_NOT_ACTIVE
        ("500", "Lapsed", "Pat", "Inactive", far, "N"),
        // line 4: active, but probation counts as discipline → LICENSE_DISCIPLINE only
        ("600", "Probie", "Pat", "Probation", far, ""),
        // line 5: a discipline flag → LICENSE_DISCIPLINE
        ("700", "Flagged", "Pat", "Active", far, "Y"),
        // line 6: N = no discipline
        ("800", "Clean", "Pat", "Active", far, "N"),
        // line 7: No = no discipline; Current = active
        ("900", "Spotless", "Pat", "Current", far, "No"),
        // line 8: an unrecognised status is UNRECOGNIZED_VALUE and counts as not active
        ("1400", "Pending", "Pat", "Pending Review", far, "N"),
        // line 9: suspended (not active) and on probation (discipline) → both findings
        ("1700", "Benched", "Pat", "Suspended/Probation", far, "N"),
    ];
    let run = run_rules(&scenario(people, licenses, board));
    // An absence cites the CT board source with no row. The board file's own unreadable value is cited
    // by source and row: the board row is no roster row.
    run.assert_table(
        "
        code               | provider_id | credential_type | state | number | severity | source   | source_row
        LICENSE_NOT_FOUND  | B1          | state_license   | CT    | 111111 | high     | ct_board | -
        LICENSE_NOT_ACTIVE | B5          | state_license   | CT    | 500    | critical | ct_board | 3
        LICENSE_DISCIPLINE | B6          | state_license   | CT    | 600    | high     | ct_board | 4
        LICENSE_DISCIPLINE | B7          | state_license   | CT    | 700    | high     | ct_board | 5
        UNRECOGNIZED_VALUE | -           | -               | -     | -      | medium   | ct_board | 8
        LICENSE_NOT_ACTIVE | B14         | state_license   | CT    | 1400   | critical | ct_board | 8
        NPI_INVALID        | B16         | -               | -     | -      | high     | roster   | 12
        LICENSE_NOT_FOUND  | B16         | state_license   | CT    | 1600   | high     | ct_board | -
        LICENSE_NOT_ACTIVE | B17         | state_license   | CT    | 1700   | critical | ct_board | 9
        LICENSE_DISCIPLINE | B17         | state_license   | CT    | 1700   | high     | ct_board | 9
        ",
    );
    assert_columns(
        run.one("LICENSE_NOT_FOUND", "B1"),
        &[("category", "discrepancy")],
    );
    let unrecognized = run
        .findings
        .iter()
        .find(|f| f["code"] == "UNRECOGNIZED_VALUE")
        .expect("the board's `Pending Review`");
    assert_columns(
        unrecognized,
        &[("field", "status"), ("source_value", "Pending Review")],
    );
}

#[test]
fn license_number_keys_strict_then_loose() {
    let people: &[Person] = &[
        ("K1", NPIS[0], "Active", "Hyphen", "Pat"),
        ("K2", NPIS[1], "Active", "Letters", "Pat"),
        ("K3", NPIS[2], "Active", "Zeros", "Pat"),
        ("K4", NPIS[3], "Active", "Exact", "Pat"),
    ];
    let licenses: &[License] = &[
        // `12-345` and the board's `12345` have the same letters-and-digits key: found, no mismatch.
        ("K1", "CT", "12-345", ""),
        // `A054321`: strict key A054321 is on no record; the looser key 54321 (leading letter, then
        // leading zero dropped) is the key of the board's `54321` → found, LICENSE_NUMBER_MISMATCH.
        ("K2", "CT", "A054321", ""),
        // `49070` vs the board's zero-padded `049070`: strict keys differ, looser keys are both 49070.
        ("K3", "CT", "49070", ""),
        // `md-00123` vs `MD00123`: upper-cased letters and digits are equal → strict match.
        ("K4", "CT", "md-00123", ""),
    ];
    let board: &[BoardRow] = &[
        ("12345", "Hyphen", "Pat", "Active", "", ""),  // line 2
        ("54321", "Letters", "Pat", "Active", "", ""), // line 3
        ("049070", "Zeros", "Pat", "Active", "", ""),  // line 4
        ("MD00123", "Exact", "Pat", "Active", "", ""), // line 5
    ];
    let run = run_rules(&scenario(people, licenses, board));
    run.assert_table(
        "
        code                    | provider_id | credential_type | state | number  | source_value | severity | source   | source_row
        LICENSE_NUMBER_MISMATCH | K2          | state_license   | CT    | A054321 | 54321        | low      | ct_board | 3
        LICENSE_NUMBER_MISMATCH | K3          | state_license   | CT    | 49070   | 049070       | low      | ct_board | 4
        ",
    );
    assert_columns(
        run.one("LICENSE_NUMBER_MISMATCH", "K2"),
        &[("category", "discrepancy")],
    );
}

#[test]
fn board_expiration_date_is_the_one_the_expiration_rules_use() {
    let people: &[Person] = &[
        ("E1", NPIS[0], "Active", "Renewed", "Pat"),
        ("E2", NPIS[1], "Active", "Stale", "Pat"),
        ("E3", NPIS[2], "Active", "Blank", "Pat"),
        ("E4", NPIS[3], "Active", "Same", "Pat"),
    ];
    let licenses: &[License] = &[
        // Roster 2026-10-31 (a month before as_of) vs board 2027-10-31: LICENSE_EXPIRATION_MISMATCH, and the
        // board date, 335 days out, raises no expiration finding — no CREDENTIAL_EXPIRED from the roster date.
        ("E1", "CT", "1001", "2026-10-31"),
        // Roster 2028-06-30 vs board 2026-12-15: mismatch, and the board date is 15 days after as_of
        // (Nov 30 → Dec 15) → CREDENTIAL_EXPIRING, high (≤ 30), citing the board row.
        ("E2", "CT", "1002", "2028-06-30"),
        // No roster date: no mismatch (both must be present); the board's 2026-11-01 is 29 days before
        // as_of → CREDENTIAL_EXPIRED, critical for a state license, days_left = expiration − as_of = −29.
        ("E3", "CT", "1003", ""),
        // The same date on both sides (written differently): 2026-12-31, 31 days → EXPIRING medium only.
        ("E4", "CT", "1004", "2026-12-31"),
    ];
    let board: &[BoardRow] = &[
        ("1001", "Renewed", "Pat", "Active", "10/31/2027", "N"), // line 2
        ("1002", "Stale", "Pat", "Active", "2026-12-15", "N"),   // line 3
        ("1003", "Blank", "Pat", "Active", "2026-11-01", "N"),   // line 4
        ("1004", "Same", "Pat", "Active", "12/31/2026", "N"),    // line 5
    ];
    let run = run_rules(&scenario(people, licenses, board));
    run.assert_table(
        "
        code                        | provider_id | number | severity | roster_value | source_value | due_date   | days_left | source   | source_row
        LICENSE_EXPIRATION_MISMATCH | E1          | 1001   | medium   | 2026-10-31   | 2027-10-31   | -          | -         | ct_board | 2
        LICENSE_EXPIRATION_MISMATCH | E2          | 1002   | medium   | 2028-06-30   | 2026-12-15   | -          | -         | ct_board | 3
        CREDENTIAL_EXPIRING         | E2          | 1002   | high     | -            | -            | 2026-12-15 | 15        | ct_board | 3
        CREDENTIAL_EXPIRED          | E3          | 1003   | critical | -            | -            | 2026-11-01 | -29       | ct_board | 4
        CREDENTIAL_EXPIRING         | E4          | 1004   | medium   | -            | -            | 2026-12-31 | 31        | ct_board | 5
        ",
    );
    for (code, id) in [
        ("LICENSE_EXPIRATION_MISMATCH", "E1"),
        ("CREDENTIAL_EXPIRING", "E2"),
        ("CREDENTIAL_EXPIRED", "E3"),
    ] {
        assert_columns(
            run.one(code, id),
            &[("credential_type", "state_license"), ("state", "CT")],
        );
    }
}

#[test]
fn board_name_mismatch_once_per_provider_and_not_on_near_misses() {
    let people: &[Person] = &[
        ("W1", NPIS[0], "Active", "Miller", "Stephen"),
        ("W2", NPIS[1], "Active", "Kerr-Fernandez", "Jane"),
        ("W3", NPIS[2], "Active", "Reyes", "José"),
        ("W4", NPIS[3], "Active", "Peraino", "Robert"),
        ("W5", NPIS[4], "Active", "Golub Jr", "Robert"),
        ("W6", NPIS[5], "Active", "Zalka-Brennan", "Alicia"),
        ("W7", NPIS[6], "Active", "Smith", "Robert"),
    ];
    let licenses: &[License] = &[
        ("W1", "CT", "2001", ""),
        // A second license with the same wrong name: still one NAME_MISMATCH for this board.
        ("W1", "CT", "2002", ""),
        ("W2", "CT", "2003", ""),
        ("W3", "CT", "2004", ""),
        ("W4", "CT", "2005", ""),
        ("W5", "CT", "2006", ""),
        ("W6", "CT", "2007", ""),
        ("W7", "CT", "2008", ""),
    ];
    let board: &[BoardRow] = &[
        // line 2: STEVEN is not STEPHEN, nor an initial or a prefix of it → mismatch
        ("2001", "MILLER", "STEVEN", "Active", "", ""),
        // line 3: the same provider and board: no second finding
        ("2002", "MILLER", "STEVEN", "Active", "", ""),
        // line 4: the accent is removed before comparing → equal
        ("2003", "Kerr-Fernández", "Jane", "Active", "", ""),
        // line 5: J, an initial of JOSE
        ("2004", "REYES", "J", "Active", "", ""),
        // line 6: ROB, a 3-letter prefix of ROBERT
        ("2005", "PERAINO", "ROB", "Active", "", ""),
        // line 7: the roster's suffix JR is dropped
        ("2006", "GOLUB", "ROBERT", "Active", "", ""),
        // line 8: one word of the hyphenated married name
        ("2007", "ZALKA", "ALICIA", "Active", "", ""),
        // line 9: SMYTH is not SMITH → mismatch
        ("2008", "SMYTH", "ROBERT", "Active", "", ""),
    ];
    let run = run_rules(&scenario(people, licenses, board));
    run.assert_table(
        "
        code          | provider_id | npi        | severity | category    | source   | source_row
        NAME_MISMATCH | W1          | 1000000004 | medium   | discrepancy | ct_board | 2
        NAME_MISMATCH | W7          | 1000000061 | medium   | discrepancy | ct_board | 9
        ",
    );
}
