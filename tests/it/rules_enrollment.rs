//! Enrollment rules (SPEC §4) on tiny scenarios: a roster and one or more payer files written into a scratch
//! folder, run through the real executable at as_of 2026-11-30. Each test lists every finding the run must
//! produce, worked out by hand from the rule text; the near misses are the rows that must raise nothing.

use crate::support::npi::*;
use crate::support::{Record, Sandbox, listing, npi_is_valid, pick, sorted};

const AS_OF: &str = "2026-11-30";

#[test]
fn the_broken_npi_is_invalid() {
    // The invalid one used below: 1234567893 is valid, so the last digit 0 breaks the check.
    assert!(!npi_is_valid("1234567890"));
}

const ROSTER_HEADER: &str = "Provider ID,NPI,Last Name,First Name,Status,Start Date,Termination Date,Tax ID,Specialty,License State,License #,License Exp";

/// A roster CSV: the header (line 1) and `rows` (lines 2, 3, ...).
fn roster(rows: &[String]) -> String {
    let mut text = format!("{ROSTER_HEADER}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text
}

/// One roster row; columns after the name are given as `rest`
/// (status, start, termination, tax id, specialty, license state, license #, license expiration).
fn provider(id: &str, npi: &str, last: &str, first: &str, rest: &str) -> String {
    format!("{id},{npi},{last},{first},{rest}")
}

/// The config: a roster with one state-license group (no credential required, so only enrollment rules
/// speak), then `sources`.
fn config(sources: &str) -> String {
    format!(
        r#"organization = "Enrollment scenarios"
as_of = "{AS_OF}"

[policy]
required_credentials = {{ default = [] }}

[[sources]]
name = "roster"
kind = "roster"
path = "roster.csv"

[[sources.credentials]]
type = "state_license"
number = "License #"
state = "License State"
expiration_date = "License Exp"
{sources}"#
    )
}

/// An enrollment source `name` reading `name.csv`, with extra config lines.
fn payer_source(name: &str, extra: &str) -> String {
    format!(
        "\n[[sources]]\nname = \"{name}\"\nkind = \"enrollment\"\npath = \"{name}.csv\"\n{extra}\n"
    )
}

fn run(sandbox: &Sandbox) -> Vec<Record> {
    sandbox.findings(AS_OF)
}

const KEY: &[&str] = &[
    "code",
    "provider_id",
    "npi",
    "payer",
    "source",
    "source_row",
];

fn assert_findings(findings: &[Record], columns: &[&str], expected: &[&str]) {
    assert_eq!(
        pick(findings, columns),
        sorted(expected),
        "\nall findings:\n{}",
        listing(findings)
    );
}

#[test]
fn enrollment_missing_respects_required_and_states() {
    let s = Sandbox::new();
    s.file(
        "roster.csv",
        &roster(&[
            // line 2: CT licence, on Aetna, not on BCBS → ENROLLMENT_MISSING for BCBS (states = [CT]).
            provider(
                "P1",
                N1,
                "Abbott",
                "Anne",
                "Active,,,,,CT,CT-1001,12/31/2030",
            ),
            // line 3: MA licence only: not expected by BCBS; not on Aetna → ENROLLMENT_MISSING for Aetna.
            provider("P2", N2, "Baker", "Ben", "Active,,,,,MA,MA-2002,12/31/2030"),
            // line 4: terminated: not expected anywhere.
            provider(
                "P3",
                N3,
                "Carter",
                "Cara",
                "Terminated,,06/30/2026,,,CT,CT-3003,12/31/2030",
            ),
            // line 5: invalid NPI: the NPI-joined enrollment rules skip her; NPI_INVALID says why.
            provider(
                "P4",
                "1234567890",
                "Dunn",
                "Dora",
                "Active,,,,,CT,CT-4004,12/31/2030",
            ),
            // line 6: no licence at all: not expected by BCBS; missing from Aetna.
            provider("P5", N5, "Ellis", "Eve", "Active,,,,,,,"),
        ]),
    );
    // Aetna: `required` left out (default true), no `states`: every active provider is expected.
    s.file(
        "aetna.csv",
        &format!("NPI,Last Name,First Name,Status\n{N1},Abbott,Anne,Active\n"),
    );
    // BCBS: only a terminated outsider (an inactive row never raises ENROLLED_NOT_ON_ROSTER).
    s.file(
        "bcbs.csv",
        &format!("NPI,Last Name,First Name,Status\n{OUTSIDER},Zeller,Zack,Terminated\n"),
    );
    // Cigna: required = false: nobody is expected there.
    s.file(
        "cigna.csv",
        &format!("NPI,Last Name,First Name,Status\n{OUTSIDER},Zeller,Zack,Terminated\n"),
    );
    s.file(
        "credrecon.toml",
        &config(&format!(
            "{}{}{}",
            payer_source("aetna", "payer = \"Aetna\""),
            payer_source(
                "bcbs",
                "payer = \"BCBS\"\nrequired = true\nstates = [\"CT\"]"
            ),
            payer_source("cigna", "payer = \"Cigna\"\nrequired = false"),
        )),
    );
    let findings = run(&s);
    // Absence findings cite the enrollment source with no row.
    assert_findings(
        &findings,
        KEY,
        &[
            &format!("ENROLLMENT_MISSING|P1|{N1}|BCBS|bcbs|"),
            &format!("ENROLLMENT_MISSING|P2|{N2}|Aetna|aetna|"),
            &format!("ENROLLMENT_MISSING|P5|{N5}|Aetna|aetna|"),
            "NPI_INVALID|P4|1234567890||roster|5",
        ],
    );
    for f in findings
        .iter()
        .filter(|f| f["code"] == "ENROLLMENT_MISSING")
    {
        assert_eq!(
            (f["severity"].as_str(), f["category"].as_str()),
            ("high", "enrollment")
        );
    }
}

#[test]
fn enrollment_not_active_one_per_provider_and_payer_citing_the_latest_row() {
    let s = Sandbox::new();
    s.file(
        "roster.csv",
        &roster(&[
            provider("P1", N1, "Abbott", "Anne", "Active,,,,,,,"),
            provider("P2", N2, "Baker", "Ben", "Active,,,,,,,"),
            provider("P3", N3, "Carter", "Cara", "Active,,,,,,,"),
            provider("P4", N4, "Dunn", "Dora", "Active,,,,,,,"),
            provider("P5", N5, "Ellis", "Eve", "Active,,,,,,,"),
            provider("P6", N6, "Fox", "Finn", "Active,,,,,,,"),
        ]),
    );
    s.file(
        "aetna.csv",
        &[
            "NPI,Last Name,First Name,Status,Effective Date,Termination Date".to_string(),
            // line 2: P1's only row is termed → ENROLLMENT_NOT_ACTIVE citing line 2.
            format!("{N1},Abbott,Anne,Termed,01/01/2020,08/31/2026"),
            // line 3: active status but its termination date has passed → not active.
            format!("{N2},Baker,Ben,Active,01/01/2020,06/30/2026"),
            // line 4: pending, the latest row (effective 09/01/2026, last in the file) → cited.
            format!("{N2},Baker,Ben,Pending,09/01/2026,"),
            // line 5: active status, effective only from 2027 → not active yet.
            format!("{N3},Carter,Cara,Active,01/01/2027,"),
            // line 6: terminated on as_of itself: the termination must be after as_of → not active.
            format!("{N4},Dunn,Dora,Active,01/01/2020,11/30/2026"),
            // lines 7-8: an old termed row and a current active one → active, nothing.
            format!("{N5},Ellis,Eve,Termed,01/01/2015,12/31/2019"),
            format!("{N5},Ellis,Eve,Active,01/01/2020,"),
            // line 9: effective on as_of, terminated the day after → active, nothing.
            format!("{N6},Fox,Finn,Active,11/30/2026,12/01/2026"),
        ]
        .join("\n"),
    );
    // A file with a Payer column and two payers; nobody is required there.
    s.file(
        "plans.csv",
        &[
            "NPI,Payer,Last Name,First Name,Status,Effective Date".to_string(),
            // line 2: Cigna denied → one finding for Cigna.
            format!("{N1},Cigna,Abbott,Anne,Denied,"),
            // lines 3-4: two inactive Humana rows → one finding for Humana, citing the latest (line 4).
            format!("{N1},Humana,Abbott,Anne,Terminated,01/01/2019"),
            format!("{N1},Humana,Abbott,Anne,Pending,03/01/2026"),
        ]
        .join("\n"),
    );
    s.file(
        "credrecon.toml",
        &config(&format!(
            "{}{}",
            payer_source("aetna", "payer = \"Aetna\""),
            payer_source("plans", "required = false"),
        )),
    );
    let findings = run(&s);
    assert_findings(
        &findings,
        KEY,
        &[
            &format!("ENROLLMENT_NOT_ACTIVE|P1|{N1}|Aetna|aetna|2"),
            &format!("ENROLLMENT_NOT_ACTIVE|P2|{N2}|Aetna|aetna|4"),
            &format!("ENROLLMENT_NOT_ACTIVE|P3|{N3}|Aetna|aetna|5"),
            &format!("ENROLLMENT_NOT_ACTIVE|P4|{N4}|Aetna|aetna|6"),
            &format!("ENROLLMENT_NOT_ACTIVE|P1|{N1}|Cigna|plans|2"),
            &format!("ENROLLMENT_NOT_ACTIVE|P1|{N1}|Humana|plans|4"),
        ],
    );
    assert!(findings.iter().all(|f| f["severity"] == "high"));
}

#[test]
fn enrollment_effective_gap_counts_the_days_after_the_start_date() {
    let s = Sandbox::new();
    s.file(
        "roster.csv",
        &roster(&[
            // Start 01/15/2024, effective 03/01/2024: 16 days to Jan 31, 29 in February 2024 (leap), 1 → 46.
            provider("P1", N1, "Abbott", "Anne", "Active,01/15/2024,,,,,,"),
            // Effective on the start date: no gap.
            provider("P2", N2, "Baker", "Ben", "Active,06/01/2025,,,,,,"),
            // Effective before the start date: no gap.
            provider("P3", N3, "Carter", "Cara", "Active,06/01/2025,,,,,,"),
            // Start 12/20/2025, effective 01/05/2026: 11 days to Dec 31 + 5 → 16.
            provider("P4", N4, "Dunn", "Dora", "Active,12/20/2025,,,,,,"),
            // No start date: nothing to compare.
            provider("P5", N5, "Ellis", "Eve", "Active,,,,,,,"),
        ]),
    );
    s.file(
        "aetna.csv",
        &[
            "NPI,Last Name,First Name,Status,Effective Date".to_string(),
            format!("{N1},Abbott,Anne,Active,03/01/2024"), // line 2
            format!("{N2},Baker,Ben,Active,06/01/2025"),   // line 3
            format!("{N3},Carter,Cara,Active,05/01/2025"), // line 4
            format!("{N4},Dunn,Dora,Active,01/05/2026"),   // line 5
            format!("{N5},Ellis,Eve,Active,01/01/2026"),   // line 6
        ]
        .join("\n"),
    );
    s.file(
        "credrecon.toml",
        &config(&payer_source("aetna", "payer = \"Aetna\"")),
    );
    let findings = run(&s);
    assert_findings(
        &findings,
        &[
            "code",
            "severity",
            "provider_id",
            "payer",
            "source",
            "source_row",
            "gap_days",
        ],
        &[
            "ENROLLMENT_EFFECTIVE_GAP|medium|P1|Aetna|aetna|2|46",
            "ENROLLMENT_EFFECTIVE_GAP|medium|P4|Aetna|aetna|5|16",
        ],
    );
}

#[test]
fn enrolled_not_on_roster_only_from_active_rows_of_organization_sources() {
    let s = Sandbox::new();
    s.file(
        "roster.csv",
        &roster(&[
            provider("P1", N1, "Abbott", "Anne", "Active,,,,,,,"),
            // Terminated, but still a roster row: her NPI is on the roster.
            provider("P2", N2, "Baker", "Ben", "Terminated,,06/30/2026,,,,,"),
        ]),
    );
    s.file(
        "aetna.csv",
        &[
            "NPI,Last Name,First Name,Status,Effective Date".to_string(),
            format!("{N1},Abbott,Anne,Active,"), // line 2
            // line 3: active, NPI on no roster row → ENROLLED_NOT_ON_ROSTER.
            format!("{N7},Gray,Gus,Active,"),
            // line 4: termed → inactive → nothing.
            format!("{N8},Hill,Hana,Termed,"),
            // line 5: effective only from 2027 → not active → nothing.
            format!("{N9},Ives,Ian,Active,01/01/2027"),
            // line 6: the terminated provider's termed row → nothing.
            format!("{N2},Baker,Ben,Termed,"),
        ]
        .join("\n"),
    );
    // A national-scope file (every enrolled provider of the state): never ENROLLED_NOT_ON_ROSTER.
    s.file(
        "statewide.csv",
        &[
            "NPI,Last Name,First Name,Status".to_string(),
            format!("{N1},Abbott,Anne,Active"),
            format!("{N7},Gray,Gus,Active"),
            format!("{N10},Jones,Jill,Active"),
        ]
        .join("\n"),
    );
    // A PECOS PPEF file (profile detected from its header: payer Medicare, national scope, all rows active).
    s.file(
        "pecos.csv",
        &[
            "NPI,PECOS_ASCT_CNTL_ID,ENRLMT_ID,PROVIDER_TYPE_CD,PROVIDER_TYPE_DESC,STATE_CD,FIRST_NAME,MDL_NAME,LAST_NAME,ORG_NAME,GNDR_SW".to_string(),
            format!("{N1},5193724806,I20070525000116,14-08,PRACTITIONER - FAMILY PRACTICE,CT,ANNE,,ABBOTT,,F"),
            format!("{N10},5193724807,I20070525000117,14-08,PRACTITIONER - FAMILY PRACTICE,CT,JILL,,JONES,,F"),
            format!("{OUTSIDER},5193724808,I20070525000118,14-08,PRACTITIONER - FAMILY PRACTICE,CT,ZACK,,ZELLER,,M"),
        ]
        .join("\n"),
    );
    s.file(
        "credrecon.toml",
        &config(&format!(
            "{}{}{}",
            payer_source("aetna", "payer = \"Aetna\""),
            payer_source(
                "statewide",
                "payer = \"Statewide Medicaid\"\nscope = \"national\"\nrequired = false"
            ),
            payer_source("pecos", "required = false"),
        )),
    );
    let findings = run(&s);
    // No provider: an empty provider_id and the payer row's NPI.
    assert_findings(
        &findings,
        &[
            "code",
            "severity",
            "provider_id",
            "npi",
            "payer",
            "source",
            "source_row",
        ],
        &[&format!(
            "ENROLLED_NOT_ON_ROSTER|medium||{N7}|Aetna|aetna|3"
        )],
    );
}

#[test]
fn enrolled_after_termination_from_organization_sources_only() {
    let s = Sandbox::new();
    s.file(
        "roster.csv",
        &roster(&[
            // Terminated 06/30/2026; Aetna row active with no end → finding (line 2 of aetna).
            provider("T1", N1, "Abbott", "Anne", "Terminated,,06/30/2026,,,,,"),
            // Status Active but terminated 10/01/2026, before as_of: terminated on the roster → finding.
            provider("T2", N2, "Baker", "Ben", "Active,,10/01/2026,,,,,"),
            // Terminated; Aetna row termed → nothing.
            provider("T3", N3, "Carter", "Cara", "Terminated,,06/30/2026,,,,,"),
            // Terminated; Aetna row active status but its own term date 11/15/2026 has passed → nothing.
            provider("T4", N4, "Dunn", "Dora", "Terminated,,06/30/2026,,,,,"),
            // Terminated; only in the national file → nothing (a national file is no enrollment with us).
            provider("T5", N5, "Ellis", "Eve", "Terminated,,06/30/2026,,,,,"),
            // Active with a future termination date: still an active provider → nothing.
            provider("T6", N6, "Fox", "Finn", "Active,,12/31/2026,,,,,"),
        ]),
    );
    s.file(
        "aetna.csv",
        &[
            "NPI,Last Name,First Name,Status,Effective Date,Termination Date".to_string(),
            format!("{N1},Abbott,Anne,Active,01/01/2020,"), // line 2
            format!("{N2},Baker,Ben,Active,01/01/2020,"),   // line 3
            format!("{N3},Carter,Cara,Termed,01/01/2020,07/01/2026"), // line 4
            format!("{N4},Dunn,Dora,Active,01/01/2020,11/15/2026"), // line 5
            format!("{N6},Fox,Finn,Active,01/01/2020,"),    // line 6
        ]
        .join("\n"),
    );
    s.file(
        "medicare.csv",
        &[
            "NPI,Last Name,First Name,Status".to_string(),
            format!("{N5},Ellis,Eve,Active"),
            format!("{N1},Abbott,Anne,Active"),
            format!("{N6},Fox,Finn,Active"),
        ]
        .join("\n"),
    );
    s.file(
        "credrecon.toml",
        &config(&format!(
            "{}{}",
            payer_source("aetna", "payer = \"Aetna\""),
            payer_source("medicare", "payer = \"Medicare\"\nscope = \"national\""),
        )),
    );
    let findings = run(&s);
    assert_findings(
        &findings,
        &[
            "code",
            "severity",
            "provider_id",
            "payer",
            "source",
            "source_row",
        ],
        &[
            "ENROLLED_AFTER_TERMINATION|high|T1|Aetna|aetna|2",
            "ENROLLED_AFTER_TERMINATION|high|T2|Aetna|aetna|3",
        ],
    );
}

#[test]
fn enrollment_field_mismatch_compares_tax_id_digits_and_normalized_specialty() {
    let s = Sandbox::new();
    s.file(
        "roster.csv",
        &roster(&[
            provider(
                "P1",
                N1,
                "Abbott",
                "Anne",
                "Active,,,06-1234567,Internal Medicine,,,",
            ),
            provider(
                "P2",
                N2,
                "Baker",
                "Ben",
                "Active,,,06-1234567,Obstetrics & Gynecology,,,",
            ),
            provider(
                "P3",
                N3,
                "Carter",
                "Cara",
                "Active,,,061234567,Cardiology,,,",
            ),
            provider(
                "P4",
                N4,
                "Dunn",
                "Dora",
                "Active,,,06-1234567,Family Medicine,,,",
            ),
        ]),
    );
    s.file(
        "aetna.csv",
        &[
            "NPI,Last Name,First Name,Status,TIN,Specialty".to_string(),
            // line 2: 061234567 = 06-1234567 (digits only); specialty differs in case only → nothing.
            format!("{N1},Abbott,Anne,Active,061234567,INTERNAL MEDICINE"),
            // line 3: another tax id → tax_id; `obstetrics/gynecology` = `Obstetrics & Gynecology` → no specialty.
            format!("{N2},Baker,Ben,Active,06-7654321,obstetrics/gynecology"),
            // line 4: no tax id on the payer side → not compared; specialty differs → specialty.
            format!("{N3},Carter,Cara,Active,,Family Medicine"),
            // line 5: both differ → two findings.
            format!("{N4},Dunn,Dora,Active,067654321,Pediatrics"),
        ]
        .join("\n"),
    );
    s.file(
        "credrecon.toml",
        &config(&payer_source("aetna", "payer = \"Aetna\"")),
    );
    let findings = run(&s);
    assert_findings(
        &findings,
        &[
            "code",
            "severity",
            "category",
            "provider_id",
            "payer",
            "field",
            "source",
            "source_row",
        ],
        &[
            "ENROLLMENT_FIELD_MISMATCH|low|discrepancy|P2|Aetna|tax_id|aetna|3",
            "ENROLLMENT_FIELD_MISMATCH|low|discrepancy|P3|Aetna|specialty|aetna|4",
            "ENROLLMENT_FIELD_MISMATCH|low|discrepancy|P4|Aetna|tax_id|aetna|5",
            "ENROLLMENT_FIELD_MISMATCH|low|discrepancy|P4|Aetna|specialty|aetna|5",
        ],
    );
}

#[test]
fn name_mismatch_from_an_enrollment_row() {
    let s = Sandbox::new();
    s.file(
        "roster.csv",
        &roster(&[
            provider("P1", N1, "Peraino", "Robert", "Active,,,,,,,"),
            provider("P2", N2, "Smith", "Robert", "Active,,,,,,,"),
            provider("P3", N3, "Philip", "Sabra", "Active,,,,,,,"),
            provider("P4", N4, "Kerr-Fernandez", "Jane", "Active,,,,,,,"),
            provider("P5", N5, "Reyes", "José", "Active,,,,,,,"),
            provider("P6", N6, "Romero", "Ronald", "Active,,,,,,,"),
        ]),
    );
    s.file(
        "aetna.csv",
        &[
            "NPI,Last Name,First Name,Status".to_string(),
            // line 2: ROB is a 3-letter prefix of ROBERT → match.
            format!("{N1},Peraino,Rob,Active"),
            // line 3: BOB is not ROBERT (not equal, not an initial, not a prefix) → NAME_MISMATCH.
            format!("{N2},Smith,Bob,Active"),
            // lines 4-5: first and last swapped, twice → one NAME_MISMATCH for the provider and source.
            format!("{N3},Sabra,Philip,Active"),
            format!("{N3},Sabra,Philip,Active"),
            // line 6: one half of the hyphenated name → match.
            format!("{N4},Fernandez,Jane,Active"),
            // line 7: accents removed before comparing → match.
            format!("{N5},REYES,JOSE,Active"),
            // line 8: RO is a prefix of only 2 letters → NAME_MISMATCH.
            format!("{N6},Romero,Ro,Active"),
        ]
        .join("\n"),
    );
    s.file(
        "credrecon.toml",
        &config(&payer_source("aetna", "payer = \"Aetna\"")),
    );
    let findings = run(&s);
    assert_findings(
        &findings,
        &[
            "code",
            "severity",
            "category",
            "provider_id",
            "payer",
            "source",
        ],
        &[
            "NAME_MISMATCH|medium|discrepancy|P2|Aetna|aetna",
            "NAME_MISMATCH|medium|discrepancy|P3|Aetna|aetna",
            "NAME_MISMATCH|medium|discrepancy|P6|Aetna|aetna",
        ],
    );
    let row = |id: &str| {
        findings
            .iter()
            .find(|f| f["provider_id"] == id)
            .map(|f| f["source_row"].clone())
            .unwrap()
    };
    assert_eq!(row("P2"), "3");
    assert_eq!(row("P6"), "8");
    assert!(["4", "5"].contains(&row("P3").as_str()));
}
