//! NPPES rules (SPEC §4): NPI_NOT_FOUND, NPI_DEACTIVATED, NAME_MISMATCH from NPPES and
//! NPPES_LICENSE_MISSING, each firing on a tiny NPPES-like file (the real NPPES header names, enough for
//! profile detection) and not firing on its near miss. as_of is 2026-11-30; NPPES dates are MM/DD/YYYY.

use crate::support::{CsvRows, NPIS, Sandbox, assert_columns, run_rules, scenario_config};

const NO_REQUIREMENTS: &str = "required_credentials = { default = [] }";

/// One NPPES record: NPI, entity type 1, legal last and first name, deactivation and reactivation dates,
/// and up to two licenses (number, state).
fn nppes_row<'a>(
    npi: &'a str,
    last: &'a str,
    first: &'a str,
    dates: (&'a str, &'a str),
    licenses: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut row = vec![
        ("NPI", npi),
        ("Entity Type Code", "1"),
        ("Provider Last Name (Legal Name)", last),
        ("Provider First Name", first),
        ("NPI Deactivation Date", dates.0),
        ("NPI Reactivation Date", dates.1),
    ];
    let headers = [
        (
            "Provider License Number_1",
            "Provider License Number State Code_1",
        ),
        (
            "Provider License Number_2",
            "Provider License Number State Code_2",
        ),
    ];
    for (k, (number_header, state_header)) in headers.into_iter().enumerate() {
        let (number, state) = licenses.get(k).copied().unwrap_or(("", ""));
        row.push((number_header, number));
        row.push((state_header, state));
    }
    row
}

fn roster_row<'a>(
    id: &'a str,
    npi: &'a str,
    last: &'a str,
    first: &'a str,
    status: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("Provider ID", id),
        ("NPI", npi),
        ("Last Name", last),
        ("First Name", first),
        ("Status", status),
    ]
}

/// A sandbox with a roster, an NPPES file and optionally a credentials file.
fn scenario(roster: &CsvRows, nppes: &CsvRows, creds: Option<&CsvRows>) -> Sandbox {
    let sandbox = Sandbox::new();
    sandbox
        .file("roster.csv", &roster.text())
        .file("npidata_pfile.csv", &nppes.text());
    let mut sources = vec![
        ("roster", "roster", "roster.csv", ""),
        ("nppes", "nppes", "npidata_pfile.csv", ""),
    ];
    if let Some(creds) = creds {
        sandbox.file("creds.csv", &creds.text());
        sources.push(("creds", "credentials", "creds.csv", ""));
    }
    sandbox.file(
        "credrecon.toml",
        &scenario_config(NO_REQUIREMENTS, &sources),
    );
    sandbox
}

#[test]
fn npi_not_found_and_deactivated_fire_and_a_reactivation_clears() {
    let roster = CsvRows::new()
        .row(&roster_row("N1", NPIS[0], "Absent", "Pat", "Active")) // not in NPPES → NPI_NOT_FOUND
        .row(&roster_row("N2", NPIS[1], "Gone", "Pat", "Active"))
        .row(&roster_row("N3", NPIS[2], "Back", "Pat", "Active"))
        .row(&roster_row("N4", NPIS[3], "Later", "Pat", "Active"))
        .row(&roster_row("N5", NPIS[4], "Today", "Pat", "Active"))
        .row(&roster_row("N6", NPIS[5], "Again", "Pat", "Active"))
        // NPI_INVALID only: a provider without a valid NPI is skipped by the NPI-joined rules.
        .row(&roster_row("N7", "1000000005", "Typo", "Pat", "Active"))
        // Terminated, and an unrecognised status: not checked, though their NPIs are not in NPPES.
        .row(&roster_row("N8", NPIS[6], "Left", "Pat", "Terminated"))
        .row(&roster_row("N9", NPIS[7], "Leave", "Pat", "LOA"));
    let nppes = CsvRows::new()
        // line 2: deactivated 2026-08-14 ≤ as_of, no reactivation → NPI_DEACTIVATED.
        .row(&nppes_row(NPIS[1], "GONE", "PAT", ("08/14/2026", ""), &[]))
        // line 3: deactivated 2006-03-20, reactivated 2006-03-29 (later, before as_of) → nothing.
        .row(&nppes_row(
            NPIS[2],
            "BACK",
            "PAT",
            ("03/20/2006", "03/29/2006"),
            &[],
        ))
        // line 4: deactivation 2026-12-15 is after as_of → nothing yet.
        .row(&nppes_row(NPIS[3], "LATER", "PAT", ("12/15/2026", ""), &[]))
        // line 5: deactivated on as_of itself ("on or before as_of") → NPI_DEACTIVATED.
        .row(&nppes_row(NPIS[4], "TODAY", "PAT", ("11/30/2026", ""), &[]))
        // line 6: the reactivation (2019) is before the deactivation (2025): not a later one → NPI_DEACTIVATED.
        .row(&nppes_row(
            NPIS[5],
            "AGAIN",
            "PAT",
            ("05/01/2025", "03/01/2019"),
            &[],
        ))
        // line 7: someone not on the roster.
        .row(&nppes_row("1234567893", "STRANGER", "PAT", ("", ""), &[]));
    let run = run_rules(&scenario(&roster, &nppes, None));
    // An absence cites the NPPES source with no row; a deactivation cites the NPPES record.
    run.assert_table(
        "
        code               | provider_id | severity | category     | source | source_file       | source_row
        NPI_NOT_FOUND      | N1          | high     | discrepancy  | nppes  | npidata_pfile.csv | -
        NPI_DEACTIVATED    | N2          | critical | discrepancy  | nppes  | npidata_pfile.csv | 2
        NPI_DEACTIVATED    | N5          | critical | discrepancy  | nppes  | npidata_pfile.csv | 5
        NPI_DEACTIVATED    | N6          | critical | discrepancy  | nppes  | npidata_pfile.csv | 6
        NPI_INVALID        | N7          | high     | data_quality | roster | roster.csv        | 8
        UNRECOGNIZED_VALUE | N9          | medium   | data_quality | roster | roster.csv        | 10
        ",
    );
    assert_columns(run.one("NPI_NOT_FOUND", "N1"), &[("npi", NPIS[0])]);
    assert_columns(run.one("NPI_DEACTIVATED", "N2"), &[("npi", NPIS[1])]);
}

#[test]
fn nppes_name_mismatch_fires_on_different_names_and_not_on_near_misses() {
    // (id, roster last, roster first, NPPES last, NPPES first)
    let people = [
        ("M1", "Zalka-Brennan", "Alicia", "ZALKA", "ALICIA"), // hyphenated married name: ZALKA is a word of it
        ("M2", "Lopez", "Ana", "GARCIA LOPEZ", "ANA"), // double surname: LOPEZ is among its words
        ("M3", "Peraino", "Robert", "PERAINO", "ROB"), // ROB: a 3-letter prefix of ROBERT
        ("M4", "Keigwin", "J", "KEIGWIN", "JOHN"),     // an initial
        ("M5", "Reyes", "José", "REYES", "JOSE"),      // accents removed before comparing
        ("M6", "Timberlake Jr", "Robert", "TIMBERLAKE", "ROBERT"), // suffix JR dropped
        ("X1", "Miller", "Stephen", "MILLER", "STEVEN"), // STEVEN is neither equal, initial nor prefix
        ("X2", "Smith", "Scott", "SMITH", "W. SCOTT"), // W SCOTT vs SCOTT: the whole given name differs
        ("X3", "Smith", "Robert", "SMITHSON", "ROBERT"), // SMITHSON is not SMITH
    ];
    let mut roster = CsvRows::new();
    let mut nppes = CsvRows::new();
    for (k, (id, last, first, n_last, n_first)) in people.iter().enumerate() {
        roster = roster.row(&roster_row(id, NPIS[k], last, first, "Active"));
        nppes = nppes.row(&nppes_row(NPIS[k], n_last, n_first, ("", ""), &[]));
    }
    let run = run_rules(&scenario(&roster, &nppes, None));
    // NPPES line = index + 2: X1 is person 6 → line 8, X2 → 9, X3 → 10.
    run.assert_table(
        "
        code          | provider_id | npi        | severity | category    | source | source_row
        NAME_MISMATCH | X1          | 1000000061 | medium   | discrepancy | nppes  | 8
        NAME_MISMATCH | X2          | 1000000079 | medium   | discrepancy | nppes  | 9
        NAME_MISMATCH | X3          | 1000000087 | medium   | discrepancy | nppes  | 10
        ",
    );
}

#[test]
fn nppes_license_missing_compares_state_and_strict_number() {
    let roster = CsvRows::new()
        .row(&roster_row("L1", NPIS[0], "One", "Pat", "Active"))
        .row(&roster_row("L2", NPIS[1], "Two", "Pat", "Active"))
        .row(&roster_row("L3", NPIS[2], "Three", "Pat", "Active"))
        .row(&roster_row("L4", NPIS[3], "Four", "Pat", "Active"))
        .row(&roster_row("L5", NPIS[4], "Five", "Pat", "Active"))
        .row(&roster_row("L6", NPIS[5], "Six", "Pat", "Active"))
        .row(&roster_row("L7", NPIS[6], "Seven", "Pat", "Active"));
    let license = |id, number, state| {
        vec![
            ("Provider ID", id),
            ("Type", "State License"),
            ("Number", number),
            ("State", state),
            ("Expiration Date", ""),
        ]
    };
    let creds = CsvRows::new()
        .row(&license("L1", "298417", "MA")) // line 2: NPPES lists only CT 035976 → missing
        .row(&license("L2", "DO326", "RI")) // line 3: NPPES RI DO-326: same letters and digits
        .row(&license("L3", "12345", "CT")) // line 4: NPPES has 12345 but in MA → missing
        .row(&license("L4", "5555", "CT")) // line 5: NPPES slot 2
        .row(&license("L4", "6666", "MA")) // line 6: NPPES slot 1
        // line 7: NPPES CT 12345; the looser key (leading letters and zeros dropped) is SPEC's fallback for
        // board records only, so A012345 is not among the NPPES licenses → missing.
        .row(&license("L5", "A012345", "CT"))
        .row(&license("L6", "777", "CT")) // line 8: NPI not in NPPES: NPI_NOT_FOUND, no license finding
        .row(&[
            ("Provider ID", "L7"),
            ("Type", "DEA"),
            ("Number", "AB1234563"),
            ("State", ""),
            ("Expiration Date", ""),
        ]); // a DEA is no state license
    let nppes = CsvRows::new()
        .row(&nppes_row(
            NPIS[0],
            "ONE",
            "PAT",
            ("", ""),
            &[("035976", "CT")],
        )) // line 2
        .row(&nppes_row(
            NPIS[1],
            "TWO",
            "PAT",
            ("", ""),
            &[("DO-326", "RI")],
        )) // line 3
        .row(&nppes_row(
            NPIS[2],
            "THREE",
            "PAT",
            ("", ""),
            &[("12345", "MA")],
        )) // line 4
        .row(&nppes_row(
            NPIS[3],
            "FOUR",
            "PAT",
            ("", ""),
            &[("6666", "MA"), ("5555", "CT")],
        )) // line 5
        .row(&nppes_row(
            NPIS[4],
            "FIVE",
            "PAT",
            ("", ""),
            &[("12345", "CT")],
        )) // line 6
        .row(&nppes_row(NPIS[6], "SEVEN", "PAT", ("", ""), &[])); // line 7
    let run = run_rules(&scenario(&roster, &nppes, Some(&creds)));
    run.assert_table(
        "
        code                  | provider_id | credential_type | state | number  | severity | source | source_row
        NPPES_LICENSE_MISSING | L1          | state_license   | MA    | 298417  | low      | nppes  | 2
        NPPES_LICENSE_MISSING | L3          | state_license   | CT    | 12345   | low      | nppes  | 4
        NPPES_LICENSE_MISSING | L5          | state_license   | CT    | A012345 | low      | nppes  | 6
        NPI_NOT_FOUND         | L6          | -               | -     | -       | high     | nppes  | -
        ",
    );
    assert_columns(
        run.one("NPPES_LICENSE_MISSING", "L1"),
        &[
            ("severity", "low"),
            ("category", "discrepancy"),
            ("npi", NPIS[0]),
        ],
    );
}
