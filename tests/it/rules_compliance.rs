//! The compliance checklist (SPEC §5, `compliance.csv`): one row per active provider with PASS / WARN /
//! FAIL / NA per check and `overall`. The expected values follow the mapping of `src/rules/compliance.rs`
//! (README "Compliance checklist"):
//! - a check is NA when it does not apply: npi_active needs an NPPES source (or an invalid NPI);
//!   license_current / dea_current / board_certification_current / malpractice_current need the credential
//!   held or required for the degree; license_verified needs a state license in a board-covered state;
//!   exclusion_clear an exclusions source; recredentialing_current a last or next credentialing date;
//!   psv_timely a last_credentialed_date; caqh_current a CAQH attestation date; enrollment_complete a
//!   required enrollment source and a valid NPI;
//! - otherwise FAIL for: NPI_MISSING/NPI_INVALID/NPI_DEACTIVATED (npi_active), CREDENTIAL_EXPIRED and
//!   CREDENTIAL_MISSING (the credential's *_current), LICENSE_NOT_ACTIVE (license_current),
//!   LICENSE_NOT_FOUND (license_verified), PSV_STALE (psv_timely), ENROLLMENT_MISSING/NOT_ACTIVE;
//! - WARN for: NPI_NOT_FOUND, NPPES_LICENSE_MISSING, NAME_MISMATCH from NPPES (npi_active),
//!   CREDENTIAL_EXPIRING (*_current), LICENSE_DISCIPLINE (license_current), LICENSE_EXPIRATION_MISMATCH /
//!   LICENSE_NUMBER_MISMATCH (license_verified), PSV_MISSING (psv_timely);
//! - PASS otherwise; overall = FAIL if any FAIL, else WARN if any WARN, else PASS.

use crate::support::{CsvRows, NPIS, Sandbox, run_rules, scenario_config};

/// The last name of each scenario provider (the same in every source, so no NAME_MISMATCH).
fn surname(id: &str) -> &'static str {
    match id {
        "K1" => "Kane",
        "K2" => "Kerr",
        "K3" => "Knox",
        "K4" => "Kemp",
        "K5" => "Kidd",
        _ => "Kyle",
    }
}

fn person<'a>(
    id: &'a str,
    npi: &'a str,
    degree: &'a str,
    status: &'a str,
    decided: &'a str,
    caqh: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("Provider ID", id),
        ("NPI", npi),
        ("Last Name", surname(id)),
        ("First Name", "Pat"),
        ("Degree", degree),
        ("Status", status),
        ("Last Credentialed", decided),
        ("CAQH Attested", caqh),
    ]
}

fn credential<'a>(
    id: &'a str,
    kind: &'a str,
    number: &'a str,
    state: &'a str,
    expires: &'a str,
    verified: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("Provider ID", id),
        ("Type", kind),
        ("Number", number),
        ("State", state),
        ("Expiration Date", expires),
        ("Verified Date", verified),
    ]
}

#[test]
fn one_row_per_active_provider_with_each_check_derived_from_its_findings() {
    let roster = CsvRows::new()
        // K1, NP, clean: in NPPES, CT license on the board, malpractice current, credentialed 2025-09-01
        // with the license verified 31 days before (window 120), enrolled with Aetna, no CAQH date.
        .row(&person("K1", NPIS[0], "NP", "Active", "2025-09-01", ""))
        // K2, MD with problems: NPPES deactivated 2026-08-14 → NPI_DEACTIVATED; CT board `Probation` →
        // LICENSE_DISCIPLINE; no DEA → CREDENTIAL_MISSING dea; board certification due 2026-12-20 (20 days)
        // → CREDENTIAL_EXPIRING; license without a verified date → PSV_MISSING; CAQH attested 2026-07-10
        // + 120 = 2026-11-07 → CREDENTIAL_EXPIRED caqh_attestation; not in Aetna → ENROLLMENT_MISSING.
        .row(&person(
            "K2",
            NPIS[1],
            "MD",
            "Active",
            "2025-09-01",
            "2026-07-10",
        ))
        // K3, NP with an invalid NPI (check digit of 100000000 is 4) → NPI_INVALID; CT license not on the board
        // → LICENSE_NOT_FOUND; no malpractice → CREDENTIAL_MISSING malpractice. No NPI → no enrollment check.
        .row(&person("K3", "1000000005", "NP", "Active", "", ""))
        // K4, NP with warnings: not in NPPES → NPI_NOT_FOUND; roster license expiry 2028-06-30 vs board
        // 2027-10-31 → LICENSE_EXPIRATION_MISMATCH (the board's date is a year out: current); malpractice
        // 2027-01-14 = 45 days (31 + 14) → CREDENTIAL_EXPIRING medium; enrolled with Aetna.
        .row(&person("K4", NPIS[3], "NP", "Active", "", ""))
        // K5 terminated and K6 with an unrecognised status: no row at all (K6 raises UNRECOGNIZED_VALUE).
        .row(&person(
            "K5",
            NPIS[4],
            "MD",
            "Terminated",
            "2020-01-01",
            "2020-01-01",
        ))
        .row(&person(
            "K6",
            NPIS[5],
            "MD",
            "LOA",
            "2020-01-01",
            "2020-01-01",
        ));
    let far = "2028-01-31";
    let creds = CsvRows::new()
        .row(&credential(
            "K1",
            "State License",
            "1001",
            "CT",
            far,
            "2025-08-01",
        ))
        .row(&credential("K1", "Malpractice", "P1", "", far, ""))
        .row(&credential("K2", "State License", "1002", "CT", "", ""))
        .row(&credential(
            "K2",
            "Board Certification",
            "ABIM",
            "",
            "2026-12-20",
            "2025-08-01",
        ))
        .row(&credential("K2", "Malpractice", "P2", "", far, ""))
        .row(&credential("K3", "State License", "3003", "CT", "", ""))
        .row(&credential(
            "K4",
            "State License",
            "4004",
            "CT",
            "2028-06-30",
            "",
        ))
        .row(&credential("K4", "Malpractice", "P4", "", "2027-01-14", ""));
    let board = CsvRows::new()
        .row(&[
            ("License Number", "1001"),
            ("Last Name", "Kane"),
            ("First Name", "Pat"),
            ("Status", "Active"),
            ("Expiration Date", far),
        ])
        .row(&[
            ("License Number", "1002"),
            ("Last Name", "Kerr"),
            ("First Name", "Pat"),
            ("Status", "Probation"),
            ("Expiration Date", far),
        ])
        .row(&[
            ("License Number", "4004"),
            ("Last Name", "Kemp"),
            ("First Name", "Pat"),
            ("Status", "Active"),
            ("Expiration Date", "2027-10-31"),
        ]);
    let nppes_row = |npi, last, deactivated, license| {
        vec![
            ("NPI", npi),
            ("Entity Type Code", "1"),
            ("Provider Last Name (Legal Name)", last),
            ("Provider First Name", "PAT"),
            ("NPI Deactivation Date", deactivated),
            ("NPI Reactivation Date", ""),
            ("Provider License Number_1", license),
            ("Provider License Number State Code_1", "CT"),
        ]
    };
    let nppes = CsvRows::new()
        .row(&nppes_row(NPIS[0], "KANE", "", "1001"))
        .row(&nppes_row(NPIS[1], "KERR", "08/14/2026", "1002"));
    let aetna = CsvRows::new()
        .row(&[
            ("NPI", NPIS[0]),
            ("Last Name", "Kane"),
            ("First Name", "Pat"),
            ("Status", "Active"),
        ])
        .row(&[
            ("NPI", NPIS[3]),
            ("Last Name", "Kemp"),
            ("First Name", "Pat"),
            ("Status", "Active"),
        ]);
    // An exclusion list that matches nobody: exclusion_clear applies and passes.
    let excluded = CsvRows::new().row(&[
        ("Last Name", "Nobody"),
        ("First Name", "Ever"),
        ("NPI", "1234567893"),
        ("Exclusion Date", "2020-01-01"),
    ]);
    let sandbox = Sandbox::new();
    sandbox
        .file("roster.csv", &roster.text())
        .file("creds.csv", &creds.text())
        .file("ct_board.csv", &board.text())
        .file("npidata_pfile.csv", &nppes.text())
        .file("aetna.csv", &aetna.text())
        .file("excluded.csv", &excluded.text())
        .file(
            "credrecon.toml",
            &scenario_config(
                "", // the default policy: MD needs license, DEA, board certification, malpractice; NP license + malpractice
                &[
                    ("roster", "roster", "roster.csv", ""),
                    ("creds", "credentials", "creds.csv", ""),
                    (
                        "ct_board",
                        "license_board",
                        "ct_board.csv",
                        "state = \"CT\"",
                    ),
                    ("nppes", "nppes", "npidata_pfile.csv", ""),
                    ("aetna", "enrollment", "aetna.csv", "payer = \"Aetna\""),
                    ("excluded", "exclusions", "excluded.csv", ""),
                ],
            ),
        );
    let run = run_rules(&sandbox);

    // The findings the checklist is built from, as derived above.
    run.assert_table(
        "
        code                        | provider_id | credential_type
        NPI_DEACTIVATED             | K2          | -
        LICENSE_DISCIPLINE          | K2          | state_license
        CREDENTIAL_MISSING          | K2          | dea
        CREDENTIAL_EXPIRING         | K2          | board_certification
        PSV_MISSING                 | K2          | state_license
        CREDENTIAL_EXPIRED          | K2          | caqh_attestation
        ENROLLMENT_MISSING          | K2          | -
        NPI_INVALID                 | K3          | -
        LICENSE_NOT_FOUND           | K3          | state_license
        CREDENTIAL_MISSING          | K3          | malpractice
        NPI_NOT_FOUND               | K4          | -
        LICENSE_EXPIRATION_MISMATCH | K4          | state_license
        CREDENTIAL_EXPIRING         | K4          | malpractice
        UNRECOGNIZED_VALUE          | K6          | -
        ",
    );

    // One row per active provider (K5 terminated and K6 unrecognised are absent).
    // K1: DEA and board certification neither held nor required for an NP → NA; no CAQH date → NA;
    //     everything else applies and has no finding → PASS.
    // K2: npi FAIL (deactivated); license_current WARN (discipline); license_verified PASS (found on the
    //     board); dea FAIL (missing); board certification WARN (expiring); recredentialing PASS (due
    //     2028-09-01); psv WARN (missing); caqh FAIL (expired); enrollment FAIL (not enrolled) → FAIL.
    // K3: npi FAIL (invalid); license_current PASS (held, nothing expiring); license_verified FAIL (not on
    //     the board); malpractice FAIL (missing); recredentialing, psv, caqh NA (no dates); enrollment NA
    //     (no valid NPI to look up) → FAIL.
    // K4: npi WARN (not in NPPES); license_verified WARN (expiration mismatch); malpractice WARN
    //     (expiring); enrollment PASS → WARN.
    // exclusion_clear: an exclusions source exists and matches nobody → PASS for all.
    run.assert_compliance_table(
        "
        provider_id | npi        | npi_active | license_current | license_verified | dea_current | board_certification_current | malpractice_current | exclusion_clear | recredentialing_current | psv_timely | caqh_current | enrollment_complete | overall
        K1          | 1000000004 | PASS       | PASS            | PASS             | NA          | NA                          | PASS                | PASS            | PASS                    | PASS       | NA           | PASS                | PASS
        K2          | 1000000012 | FAIL       | WARN            | PASS             | FAIL        | WARN                        | PASS                | PASS            | PASS                    | WARN       | FAIL         | FAIL                | FAIL
        K3          | 1000000005 | FAIL       | PASS            | FAIL             | NA          | NA                          | FAIL                | PASS            | NA                      | NA         | NA           | NA                  | FAIL
        K4          | 1000000038 | WARN       | PASS            | WARN             | NA          | NA                          | WARN                | PASS            | NA                      | NA         | NA           | PASS                | WARN
        ",
    );
}
