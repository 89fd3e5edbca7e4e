//! The reading and matching rules SPEC version 2 changed (§3, §4), each with a case that fires and a near
//! miss that stays silent. Inputs are written out in full; as_of is 2026-11-30; in a CSV file, line 1 is
//! the header. Every expected finding is worked out by hand in the comments.

use crate::support::{RuleRun, Sandbox, listing, read_table, run_rules, scenario_config};

const NO_REQUIREMENTS: &str = "required_credentials = { default = [] }";

/// A sandbox holding `files`, with a config of `sources` (name, kind, path, extra lines) under `policy`.
fn sandbox(policy: &str, files: &[(&str, &str)], sources: &[(&str, &str, &str, &str)]) -> Sandbox {
    let sandbox = Sandbox::new();
    for (name, text) in files {
        sandbox.file(name, text);
    }
    sandbox.file("credrecon.toml", &scenario_config(policy, sources));
    sandbox
}

fn run(policy: &str, files: &[(&str, &str)], sources: &[(&str, &str, &str, &str)]) -> RuleRun {
    run_rules(&sandbox(policy, files, sources))
}

/// The manifest's (rows_read, rows_rejected) of a source, and rejected_rows.csv's (row, reason) of it.
fn accounting(dir: &std::path::Path, source: &str) -> ((u64, u64), Vec<(String, String)>) {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let entry = manifest["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == source)
        .unwrap_or_else(|| panic!("no source {source} in the manifest"));
    let counts = (
        entry["rows_read"].as_u64().unwrap(),
        entry["rows_rejected"].as_u64().unwrap(),
    );
    let rejected = read_table(&dir.join("rejected_rows.csv"))
        .records()
        .into_iter()
        .filter(|r| r["source"] == source)
        .map(|r| (r["row"].clone(), r["reason"].clone()))
        .collect();
    (counts, rejected)
}

const FIVE: &str = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Smith,Ann
P2,1000000012,Jones,Bob
P3,1000000020,Lee,Cara
P4,1000000038,Green,Dana
P5,1000000046,White,Eve
";

#[test]
fn looser_license_keys_need_the_last_name_and_shared_numbers_go_by_name() {
    let creds = "\
Provider ID,Type,Number,State,Expiration Date
P1,State License,C1-0024514,CT,2028-01-31
P2,State License,1234,CT,2028-01-31
P3,State License,036.012345,CT,2028-01-31
P4,State License,5555,CT,2028-01-31
P5,State License,6666,CT,2028-01-31
";
    let board = "\
License Number,Last Name,First Name,Status,Expiration Date,Discipline
0024514,SMITH,ANN,Active,2028-01-31,No Action
N1234,BROWN,BOB,Active,2028-01-31,N
36012345,LEE,CARA,A,2028-01-31,
5555,BROWN,DANA,Probation,2028-01-31,
5555,GREEN,DANA,Active,2028-01-31,None
6666,BLACK,EVE,I,2028-01-31,0
";
    let run = run(
        NO_REQUIREMENTS,
        &[
            ("roster.csv", FIVE),
            ("creds.csv", creds),
            ("ct.csv", board),
        ],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("creds", "credentials", "creds.csv", ""),
            ("ct", "license_board", "ct.csv", "state = \"CT\""),
        ],
    );
    // P1: C1-0024514 has no strict match; its last run of digits 24514 is 0024514's, and SMITH agrees.
    // P2: 1234 and N1234 share all their digits, but BROWN is another person: not found.
    // P3: 036.012345's digits without leading zeros are 36012345, LEE agrees; status `A` is active.
    // P4: two records of 5555; GREEN's (line 6) is P4's, BROWN's probation (line 5) is not.
    // P5: the only 6666 is BLACK's: it is the license the roster names, `I` is not active, and the names
    //     differ. Discipline `No Action`, `N`, `None`, `0` mean none.
    run.assert_table(
        "
        code                    | provider_id | source | source_row | field
        LICENSE_NUMBER_MISMATCH | P1          | ct     | 2          | number
        LICENSE_NOT_FOUND       | P2          | ct     | -          | -
        LICENSE_NUMBER_MISMATCH | P3          | ct     | 4          | number
        LICENSE_NOT_ACTIVE      | P5          | ct     | 7          | status
        NAME_MISMATCH           | P5          | ct     | 7          | name
        ",
    );
}

#[test]
fn a_boards_configured_state_wins_over_an_address_state_column() {
    let roster = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Smith,Ann
P2,1000000012,Jones,Bob
";
    let creds = "\
Provider ID,Type,Number,State,Expiration Date
P1,State License,7777,FL,2028-01-31
P2,State License,8888,FL,2028-01-31
P1,State License,9999,GA,2028-01-31
";
    // The State column is the licensee's mailing address (GA); the board is Florida's.
    let board = "\
License Number,Last Name,First Name,State,Status,Discipline
8888,JONES,BOB,GA,Active,Reprimand 2024
9999,SMITH,ANN,GA,Expired,
";
    let run = run(
        NO_REQUIREMENTS,
        &[
            ("roster.csv", roster),
            ("creds.csv", creds),
            ("fl.csv", board),
        ],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("creds", "credentials", "creds.csv", ""),
            ("fl", "license_board", "fl.csv", "state = \"FL\""),
        ],
    );
    // FL 7777 is on no row of the Florida file; FL 8888 shows discipline; GA is covered by no board, so
    // the expired 9999 row (a Florida record) says nothing of P1's GA license.
    run.assert_table(
        "
        code               | provider_id | state | source_row | field
        LICENSE_NOT_FOUND  | P1          | FL    | -          | -
        LICENSE_DISCIPLINE | P2          | FL    | 2          | discipline
        ",
    );
}

#[test]
fn several_npis_in_one_cell_each_count_as_the_rows() {
    let roster = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Able,Amy
P2,1000000012,Baker,Ben
P3,1000000020,Cole,Cat
P4,1000000038,Dunn,Don
P5,1000000046,Eads,Eli
";
    // Line 2's record holds two NPIs on two lines of one quoted cell (Alt+Enter); line 4 separates with `;`.
    let list = "\
Last Name,First Name,NPI,Exclusion Date
DOE,JOHN,\"1000000004
1000000012\",2020-01-01
ROE,RITA,1000000020;1000000038,2021-05-05
";
    let run = run(
        NO_REQUIREMENTS,
        &[("roster.csv", roster), ("state.csv", list)],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("state_list", "exclusions", "state.csv", "state = \"NY\""),
        ],
    );
    run.assert_table(
        "
        code            | provider_id | source_row | field
        EXCLUSION_MATCH | P1          | 2          | npi
        EXCLUSION_MATCH | P2          | 2          | npi
        EXCLUSION_MATCH | P3          | 4          | npi
        EXCLUSION_MATCH | P4          | 4          | npi
        ",
    );
}

#[test]
fn payer_exports_split_npi_cells_and_the_config_payer_fills_only_empty_cells() {
    let roster = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Able,Amy
P2,1000000012,Baker,Ben
P3,1000000020,Cole,Cat
P4,1000000038,Dunn,Don
";
    // e1 has a payer column filled on every row: `payer = \"Aetna\"` adds no payer of its own.
    let e1 = "\
NPI,Payer,Status
1000000004;1000000012,Cigna,Active
1000000020,Cigna,Active
";
    // e2's empty payer cell takes the config's payer, Humana.
    let e2 = "\
NPI,Payer,Status
1000000004,,Active
1000000012,Humana,Active
";
    let run = run(
        NO_REQUIREMENTS,
        &[("roster.csv", roster), ("e1.csv", e1), ("e2.csv", e2)],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("e1", "enrollment", "e1.csv", "payer = \"Aetna\""),
            ("e2", "enrollment", "e2.csv", "payer = \"Humana\""),
        ],
    );
    // e1 lists Cigna only: P1 and P2 (one cell) and P3 are enrolled, P4 is not; no Aetna finding, and no
    // ENROLLED_NOT_ON_ROSTER for `1000000004;1000000012`. e2 lists Humana: P1 (by the empty cell) and P2.
    run.assert_table(
        "
        code               | provider_id | payer  | source
        ENROLLMENT_MISSING | P4          | Cigna  | e1
        ENROLLMENT_MISSING | P3          | Humana | e2
        ENROLLMENT_MISSING | P4          | Humana | e2
        ",
    );
}

#[test]
fn npi_text_rules_placeholders_duplicates_and_terminated_rows() {
    let roster = "\
Provider ID,NPI,Last Name,First Name,Status,Termination Date
P1,0000000000,Able,Amy,Active,
P2,12345,Baker,Ben,Active,
P3,123-45,Baker,Ben,Active,
P4,1000000020,Cole,Cat,Terminated,2025-01-01
P5,1000000020,Cole,Cat,Active,
P6,1000000038,Dunn,Don,Terminated,2025-06-30
";
    let payer = "\
NPI,Payer,Status
12345,Aetna,Active
1000000020,Aetna,Active
1000000038,Aetna,Active
99999,Aetna,Active
";
    let run = run(
        NO_REQUIREMENTS,
        &[("roster.csv", roster), ("aetna.csv", payer)],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("aetna", "enrollment", "aetna.csv", "required = false"),
        ],
    );
    // P1's zeros are a placeholder: NPI_MISSING with the text kept. `12345` and `123-45` are one NPI text
    // (hyphens removed): a duplicate though invalid, and the payer's `12345` row is on the roster. P4 was
    // terminated but P5 (a rehire with the same NPI) is active: no ENROLLED_AFTER_TERMINATION for line 3;
    // P6 has no active twin: line 4 fires. Line 5's 99999 is on no roster row. The `npi` column shows
    // the roster's NPI as written.
    run.assert_table(
        "
        code                       | provider_id | npi        | roster_value | source_row
        NPI_MISSING                | P1          | 0000000000 | 0000000000   | 2
        NPI_INVALID                | P2          | 12345      | 12345        | 3
        NPI_INVALID                | P3          | 123-45     | 123-45       | 4
        DUPLICATE_PROVIDER         | P2          | 12345      | 12345        | 3
        DUPLICATE_PROVIDER         | P4          | 1000000020 | 1000000020   | 5
        ENROLLED_AFTER_TERMINATION | P6          | 1000000038 | 2025-06-30   | 4
        ENROLLED_NOT_ON_ROSTER     | -           | 99999      | -            | 5
        ",
    );
}

#[test]
fn one_expiration_per_credential_degrees_on_letters_other_types_and_unknown_providers() {
    let roster = "\
Provider ID,NPI,Last Name,First Name,Degree,DEA #,DEA Exp
P1,1000000004,Able,Amy,M.D.,AB1234563,2026-12-10
P2,1000000012,Baker,Ben,NP,,
P3,1000000020,Cole,Cat,M.D.,,
";
    let creds = "\
Provider ID,Type,Number,State,Expiration Date
P1,DEA,AB1234563,,2026-12-20
P1,State License,A1,CT,2028-01-01
P2,State License,B2,CT,2028-01-01
P2,BLS,,,2026-10-01
P3,State License,C3,CT,2028-01-01
P-9999,DEA,ZZ1234563,,2027-01-01
";
    let sandbox = Sandbox::new();
    sandbox.file("roster.csv", roster).file("creds.csv", creds).file(
        "credrecon.toml",
        &scenario_config(
            "required_credentials = { default = [\"state_license\"], MD = [\"state_license\", \"dea\"] }",
            &[
                (
                    "roster",
                    "roster",
                    "roster.csv",
                    "[[sources.credentials]]\ntype = \"dea\"\nnumber = \"DEA #\"\nexpiration_date = \"DEA Exp\"",
                ),
                ("creds", "credentials", "creds.csv", ""),
            ],
        ),
    );
    let run = run_rules(&sandbox);
    // P1's DEA AB1234563 is on the roster (2026-12-10) and in creds (2026-12-20): one finding, the later
    // date, cited from creds line 2 (20 days left: high). `M.D.` is MD: P3 lacks the DEA MD requires.
    // P2's BLS expired 2026-10-01: tracked as `bls`, critical, and the detail names creds.
    run.assert_table(
        "
        code                | provider_id | credential_type | due_date   | days_left | severity | source | source_row
        CREDENTIAL_EXPIRING | P1          | dea             | 2026-12-20 | 20        | high     | creds  | 2
        CREDENTIAL_EXPIRED  | P2          | bls             | 2026-10-01 | -60       | critical | creds  | 5
        CREDENTIAL_MISSING  | P3          | dea             | -          | -         | high     | roster | 4
        ",
    );
    let bls = run.one("CREDENTIAL_EXPIRED", "P2");
    assert!(bls["detail"].contains("per creds"), "{}", bls["detail"]);
    // Line 7 names a provider on no roster row: rejected, not dropped.
    let dir = sandbox.path().join("out").join("2026-11-30");
    let (counts, rejected) = accounting(&dir, "creds");
    assert_eq!(counts, (6, 1));
    assert_eq!(
        rejected,
        [("7".to_string(), "no roster provider P-9999".to_string())]
    );
}

#[test]
fn summary_and_repeated_header_rows_are_rejected_and_rejected_rows_raise_nothing() {
    let roster = "\
Provider ID,NPI,Last Name,First Name,Last Credentialed Date
P1,1000000004,Able,Amy,2025-01-01
,,,,2025-13-45
Provider ID,NPI,Last Name,First Name,Last Credentialed Date
Total,,,,
P2,1000000012,Baker,Ben,2025-02-30
";
    let sandbox = sandbox(
        NO_REQUIREMENTS,
        &[("roster.csv", roster)],
        &[("roster", "roster", "roster.csv", "")],
    );
    let run = run_rules(&sandbox);
    // Line 3 has no identifier: rejected, so its unreadable date is no finding. Line 6's is P2's.
    run.assert_table(
        "
        code         | provider_id | source_row | field
        INVALID_DATE | P2          | 6          | last_credentialed_date
        ",
    );
    let dir = sandbox.path().join("out").join("2026-11-30");
    let (counts, rejected) = accounting(&dir, "roster");
    assert_eq!(counts, (5, 3));
    let reasons: Vec<(&str, &str)> = rejected
        .iter()
        .map(|(row, reason)| (row.as_str(), reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("3", "no provider id, NPI or name"),
            ("4", "a repeated header row"),
            ("5", "a summary row (Total), not data"),
        ]
    );
}

#[test]
fn a_stray_quote_in_a_pipe_board_file_costs_only_its_own_line() {
    let roster = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Smith,Bud
P2,1000000012,Jones,Bob
P3,1000000020,O'Neil,Ann
";
    let creds = "\
Provider ID,Type,Number,State,Expiration Date
P1,State License,ME111,FL,2028-01-31
P2,State License,ME222,FL,2028-01-31
P3,State License,ME333,FL,2028-01-31
";
    // Line 2 opens a quote it never closes; line 4's quote stands inside a field, so it is text.
    let board = "\
License Number|Last Name|First Name|Status
ME111|SMITH|\"BUD|ACTIVE
ME222|JONES|BOB|ACTIVE
ME333|O\"NEIL|ANN|ACTIVE
";
    let sandbox = sandbox(
        NO_REQUIREMENTS,
        &[
            ("roster.csv", roster),
            ("creds.csv", creds),
            ("fl.txt", board),
        ],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("creds", "credentials", "creds.csv", ""),
            ("fl", "license_board", "fl.txt", "state = \"FL\""),
        ],
    );
    let run = run_rules(&sandbox);
    // P1's record is the rejected line: not found. P2's line is read. `O"NEIL` and `O'Neil` are one name
    // (an apostrophe is removed, a quote is a space, and names equal without spaces match).
    run.assert_table(
        "
        code              | provider_id | source_row
        LICENSE_NOT_FOUND | P1          | -
        ",
    );
    let dir = sandbox.path().join("out").join("2026-11-30");
    let (counts, rejected) = accounting(&dir, "fl");
    assert_eq!(counts, (3, 1));
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0].0, "2");
    assert!(rejected[0].1.starts_with("unclosed quote"), "{rejected:?}");
}

#[test]
fn an_unclosed_quote_near_the_end_of_a_csv_keeps_the_rows_after_it() {
    let roster = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Able,Amy
P2,\"1000000012,Baker,Ben
P3,1000000020,Cole,Cat
";
    let sandbox = sandbox(
        NO_REQUIREMENTS,
        &[("roster.csv", roster)],
        &[("roster", "roster", "roster.csv", "")],
    );
    let run = run_rules(&sandbox);
    assert!(run.findings.is_empty(), "{}", listing(&run.findings));
    let ids: Vec<&str> = run
        .compliance
        .iter()
        .map(|r| r["provider_id"].as_str())
        .collect();
    assert_eq!(ids, ["P1", "P3"]);
    let dir = sandbox.path().join("out").join("2026-11-30");
    let (counts, rejected) = accounting(&dir, "roster");
    assert_eq!(counts, (3, 1));
    assert_eq!(rejected[0].0, "3");
}

#[test]
fn degrees_after_the_comma_and_apostrophes_in_list_names() {
    let roster = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Albertucci,Mario
P2,1000000012,O Brien,Patrick
P3,1000000020,Albertucci,Maria
";
    // The Illinois layout: one name cell, `LAST, FIRST`, a degree after the comma.
    let list = "\
Provider Name,Sanction Date,State
\"ALBERTUCCI, M.D. MARIO\",2019-05-01,IL
\"O'BRIEN, PATRICK\",2020-01-01,IL
";
    let run = run(
        NO_REQUIREMENTS,
        &[("roster.csv", roster), ("il.csv", list)],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("illinois", "exclusions", "il.csv", ""),
        ],
    );
    // No DOB on either side, no roster license state: a possible match for P1 and P2. MARIA is not MARIO.
    run.assert_table(
        "
        code                     | provider_id | source_row | field
        EXCLUSION_POSSIBLE_MATCH | P1          | 2          | name+state
        EXCLUSION_POSSIBLE_MATCH | P2          | 3          | name+state
        ",
    );
}

/// An NPPES file of three practitioners: `header` (its columns in any order) over rows of
/// (NPI, last, first, address, deactivation date).
fn nppes_file(order: &[usize], rows: &[[&str; 5]]) -> String {
    let columns = [
        "NPI",
        "Provider Last Name (Legal Name)",
        "Provider First Name",
        "Provider First Line Business Practice Location Address",
        "NPI Deactivation Date",
    ];
    let quoted = |cells: Vec<&str>| {
        cells
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut text = quoted(
        std::iter::once("Entity Type Code")
            .chain(order.iter().map(|&i| columns[i]))
            .chain(["NPI Reactivation Date"])
            .collect(),
    );
    text.push('\n');
    for row in rows {
        text.push_str(&quoted(
            std::iter::once("1")
                .chain(order.iter().map(|&i| row[i]))
                .chain([""])
                .collect(),
        ));
        text.push('\n');
    }
    text
}

const THREE: &str = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Able,Amy
P2,1000000012,Baker,Ben
P3,1000000020,Cole,Cat
";

#[test]
fn an_nppes_record_with_a_quoted_line_break_is_one_record() {
    // The NPI is the second column here (Entity Type Code first): the reader goes by the header.
    let nppes = nppes_file(
        &[0, 1, 2, 3, 4],
        &[
            [
                "1000000004",
                "ABLE",
                "AMY",
                "12 MAIN ST\nSUITE 4",
                "01/15/2024",
            ],
            ["1000000012", "BAKER", "BEN", "1 ELM ST", ""],
        ],
    );
    let sandbox = sandbox(
        NO_REQUIREMENTS,
        &[("roster.csv", THREE), ("nppes.csv", &nppes)],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("nppes", "nppes", "nppes.csv", "profile = \"nppes\""),
        ],
    );
    let run = run_rules(&sandbox);
    // P1's record starts on line 2 and ends on line 3: deactivated 2024-01-15. P2's is line 4. P3 is absent.
    run.assert_table(
        "
        code            | provider_id | source_row
        NPI_DEACTIVATED | P1          | 2
        NPI_NOT_FOUND   | P3          | -
        ",
    );
    let dir = sandbox.path().join("out").join("2026-11-30");
    assert_eq!(accounting(&dir, "nppes").0, (2, 0));
}

#[test]
fn nppes_names_read_in_the_configured_encoding() {
    let roster = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Muñoz,José
";
    let nppes = nppes_file(
        &[4, 2, 1, 0, 3],
        &[["1000000004", "MU\u{1}OZ", "JOS\u{2}", "1 ELM ST", ""]],
    );
    // windows-1252: Ñ is 0xD1, É is 0xC9 (placed where the markers stand).
    let bytes: Vec<u8> = nppes
        .bytes()
        .map(|b| match b {
            1 => 0xD1,
            2 => 0xC9,
            b => b,
        })
        .collect();
    let sandbox = sandbox(
        NO_REQUIREMENTS,
        &[("roster.csv", roster)],
        &[
            ("roster", "roster", "roster.csv", ""),
            (
                "nppes",
                "nppes",
                "nppes.csv",
                "profile = \"nppes\"\nencoding = \"windows-1252\"",
            ),
        ],
    );
    std::fs::write(sandbox.path().join("nppes.csv"), bytes).unwrap();
    // MUÑOZ / JOSÉ decoded as windows-1252 is the roster's name: no NAME_MISMATCH.
    let run = run_rules(&sandbox);
    assert!(run.findings.is_empty(), "{}", listing(&run.findings));
}

#[test]
fn a_workbook_reads_its_first_visible_sheet_and_keeps_zero_padded_numbers() {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    // A hidden first sheet of lookups, as many exports have: not the roster.
    let lookups = book.add_worksheet().set_name("Lookups").unwrap();
    lookups.write(0, 0, "Provider ID").unwrap();
    lookups.write(0, 1, "NPI").unwrap();
    lookups.write(0, 2, "Last Name").unwrap();
    lookups.write(0, 3, "First Name").unwrap();
    lookups.write(1, 0, "X1").unwrap();
    lookups.write(1, 1, "1000000046").unwrap();
    lookups.write(1, 2, "Hidden").unwrap();
    lookups.write(1, 3, "Row").unwrap();
    lookups.set_hidden(true);
    let sheet = book.add_worksheet().set_name("Providers").unwrap();
    sheet.set_active(true);
    let six = Format::new().set_num_format("000000");
    let tin = Format::new().set_num_format("00-0000000");
    for (c, h) in [
        "Provider ID",
        "NPI",
        "Last Name",
        "First Name",
        "Tax ID",
        "License #",
        "License State",
        "License Exp",
    ]
    .iter()
    .enumerate()
    {
        sheet.write(0, c as u16, *h).unwrap();
    }
    sheet.write(1, 0, "P1").unwrap();
    sheet.write_number(1, 1, 1000000004.0).unwrap();
    sheet.write(1, 2, "Able").unwrap();
    sheet.write(1, 3, "Amy").unwrap();
    sheet
        .write_number_with_format(1, 4, 61587342.0, &tin)
        .unwrap();
    sheet.write_number_with_format(1, 5, 35126.0, &six).unwrap();
    sheet.write(1, 6, "CT").unwrap();
    sheet.write(1, 7, "2028-01-31").unwrap();
    let sandbox = Sandbox::new();
    book.save(sandbox.path().join("roster.xlsx")).unwrap();
    sandbox
        .file(
            "ct.csv",
            "License Number,Last Name,First Name,Status\n035126,ABLE,AMY,Active\n",
        )
        .file(
            "aetna.csv",
            "NPI,Payer,Tax ID,Status\n1000000004,Aetna,06-1587342,Active\n",
        )
        .file(
            "credrecon.toml",
            &scenario_config(
                NO_REQUIREMENTS,
                &[
                    (
                        "roster",
                        "roster",
                        "roster.xlsx",
                        "[[sources.credentials]]\ntype = \"state_license\"\nnumber = \"License #\"\nstate = \"License State\"\nexpiration_date = \"License Exp\"",
                    ),
                    ("ct", "license_board", "ct.csv", "state = \"CT\""),
                    ("aetna", "enrollment", "aetna.csv", ""),
                ],
            ),
        );
    let run = run_rules(&sandbox);
    // The license reads 035126 (the board's, by the strict key: no LICENSE_NUMBER_MISMATCH) and the TIN
    // 06-1587342 (the payer's: no ENROLLMENT_FIELD_MISMATCH); the hidden sheet's X1 is nobody.
    assert!(run.findings.is_empty(), "{}", listing(&run.findings));
    let ids: Vec<&str> = run
        .compliance
        .iter()
        .map(|r| r["provider_id"].as_str())
        .collect();
    assert_eq!(ids, ["P1"]);
}

#[test]
fn an_unrecognised_enrollment_status_names_the_rows_npi_and_provider() {
    let roster = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Able,Amy
";
    let payer = "\
NPI,Payer,Status
1000000004,Aetna,Paused
1000000012,Aetna,Paused
";
    let run = run(
        NO_REQUIREMENTS,
        &[("roster.csv", roster), ("aetna.csv", payer)],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("aetna", "enrollment", "aetna.csv", ""),
        ],
    );
    // `Paused` is no enrollment status: each row's finding says whose row it is (line 2 is P1's; line
    // 3's NPI is on no roster row). Unrecognised counts as not active: P1 has no active Aetna row, and
    // line 3 is no active enrollment of someone off the roster.
    run.assert_table(
        "
        code                  | provider_id | npi        | source_row | source_value
        UNRECOGNIZED_VALUE    | P1          | 1000000004 | 2          | Paused
        UNRECOGNIZED_VALUE    | -           | 1000000012 | 3          | Paused
        ENROLLMENT_NOT_ACTIVE | P1          | 1000000004 | 2          | Paused
        ",
    );
}

#[test]
fn an_leie_waiver_in_force_is_named_and_the_exclusion_stands() {
    let roster = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Able,Amy
P2,1000000012,Baker,Ben
";
    let header = "LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,CITY,STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE";
    let leie = format!(
        "{header}\r\n\
\"ABLE\",\"AMY\",\"\",\"\",\"\",\"\",\"\",\"1000000004\",\"\",\"\",\"\",\"CT\",\"\",\"1128b4\",\"20190101\",\"00000000\",\"20200301\",\"CT\"\r\n\
\"BAKER\",\"BEN\",\"\",\"\",\"\",\"\",\"\",\"1000000012\",\"\",\"\",\"\",\"CT\",\"\",\"1128b4\",\"20190101\",\"00000000\",\"20270101\",\"CT\"\r\n"
    );
    let run = run(
        NO_REQUIREMENTS,
        &[("roster.csv", roster), ("leie.csv", &leie)],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("leie", "exclusions", "leie.csv", ""),
        ],
    );
    run.assert_table(
        "
        code            | provider_id | source_row | field
        EXCLUSION_MATCH | P1          | 2          | npi
        EXCLUSION_MATCH | P2          | 3          | npi
        ",
    );
    // P1's waiver began 2020-03-01, before as_of: named. P2's begins after as_of: not yet a waiver.
    let p1 = &run.one("EXCLUSION_MATCH", "P1")["detail"];
    assert!(
        p1.contains("waiver from 2020-03-01 for CT; the exclusion still stands outside it"),
        "{p1}"
    );
    let p2 = &run.one("EXCLUSION_MATCH", "P2")["detail"];
    assert!(!p2.contains("waiver"), "{p2}");
}

#[test]
fn a_state_cycle_longer_than_the_default_never_lengthens_it() {
    let roster = "\
Provider ID,NPI,Last Name,First Name,Last Credentialed Date
P1,1000000004,Able,Amy,2024-11-01
P2,1000000012,Baker,Ben,2025-06-01
";
    let creds = "\
Provider ID,Type,Number,State,Expiration Date,Verified Date
P1,State License,A1,NY,2028-01-01,2024-10-01
P2,State License,B2,CA,2028-01-01,2025-05-01
";
    let run = run(
        "required_credentials = { default = [] }\nrecredential_cycle_months = 24\nrecredential_cycle_months_by_state = { NY = 48, CA = 18 }",
        &[("roster.csv", roster), ("creds.csv", creds)],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("creds", "credentials", "creds.csv", ""),
        ],
    );
    // P1 (NY): 48 months would be longer than the default 24, so 24 apply: 2024-11-01 + 24 months =
    // 2026-11-01, 29 days before as_of. P2 (CA): 18 months is shorter and wins: 2025-06-01 + 18 months =
    // 2026-12-01, 1 day after as_of.
    run.assert_table(
        "
        code                | provider_id | credential_type | due_date   | days_left
        CREDENTIAL_EXPIRED  | P1          | recredentialing | 2026-11-01 | -29
        CREDENTIAL_EXPIRING | P2          | recredentialing | 2026-12-01 | 1
        ",
    );
}

#[test]
fn a_board_row_of_several_license_numbers_is_a_record_for_each() {
    let roster = "\
Provider ID,NPI,Last Name,First Name
P1,1000000004,Smith,Ann
P2,1000000012,Jones,Bob
";
    let creds = "\
Provider ID,Type,Number,State,Expiration Date
P1,State License,7002,CT,2028-01-31
P2,State License,7003,CT,2028-01-31
";
    // One licensee holding two numbers in one cell (a line break and a `;` style both occur).
    let board = "\
License Number,Last Name,First Name,Status
\"7001
7002\",SMITH,ANN,Active
";
    let run = run(
        NO_REQUIREMENTS,
        &[
            ("roster.csv", roster),
            ("creds.csv", creds),
            ("ct.csv", board),
        ],
        &[
            ("roster", "roster", "roster.csv", ""),
            ("creds", "credentials", "creds.csv", ""),
            ("ct", "license_board", "ct.csv", "state = \"CT\""),
        ],
    );
    // P1's 7002 is the cell's second number: found, active, same name. P2's 7003 is on no row.
    run.assert_table(
        "
        code              | provider_id | source_row
        LICENSE_NOT_FOUND | P2          | -
        ",
    );
}
