//! Exclusion rules (SPEC §4, §3.2, §3.3) on one small organization checked against an OIG LEIE file and a
//! SAM V2 extract, both in their publishers' layouts (profiles detected from the header), at as_of 2026-11-30.
//! Every row of both lists is planted for one case; the expected findings are worked out by hand.

use crate::support::npi::*;
use crate::support::{Record, Sandbox, listing, npi_is_valid, pick, read_table, sorted};

const AS_OF: &str = "2026-11-30";

const KIM: &str = "1234567893";
const LANE: &str = "1245319599";
const MONTGOMERY: &str = "1679576722";

#[test]
fn named_npis_are_valid() {
    for npi in [KIM, LANE, MONTGOMERY] {
        assert!(npi_is_valid(npi), "{npi}");
    }
}

/// Roster lines 2..22. A provider's states are the states of their roster licenses.
fn roster() -> String {
    let rows = [
        // id, npi, last, first, dob, status, termination, license states
        (
            "P01",
            N1,
            "Abbott",
            "Anne",
            "1960-01-01",
            "Active",
            "",
            "CT",
            "",
        ),
        (
            "P02",
            N2,
            "Baker",
            "Ben",
            "1961-02-02",
            "Active",
            "",
            "CT",
            "",
        ),
        ("P03", N3, "Halvorsen", "Hal", "", "Active", "", "CT", ""),
        (
            "P04",
            N4,
            "Dunn",
            "Dora",
            "1970-05-12",
            "Active",
            "",
            "CT",
            "",
        ),
        ("P05", N5, "Ellis", "Eve", "", "Active", "", "CT", ""),
        (
            "P06",
            N6,
            "Fox",
            "Finn",
            "1966-06-06",
            "Active",
            "",
            "CT",
            "MA",
        ),
        ("P07", N7, "Gray", "Gus", "", "Active", "", "CT", ""),
        (
            "P08",
            N8,
            "Hill",
            "Hana",
            "1980-01-01",
            "Active",
            "",
            "CT",
            "",
        ),
        ("P09", N9, "Ives", "Ian", "", "Active", "", "CT", ""),
        ("P10", N10, "Jones", "Jill", "", "Active", "", "CT", ""),
        ("P11", KIM, "Kim", "Kara", "", "Active", "", "CT", ""),
        ("P12", LANE, "Lane", "Leo", "", "Active", "", "CT", ""),
        (
            "P13",
            MONTGOMERY,
            "Montgomery-Fitzwilliams",
            "Alexandra",
            "1975-03-04",
            "Active",
            "",
            "CT",
            "",
        ),
        (
            "P14",
            N11,
            "Abercrombie-Fairweather",
            "Nora",
            "1977-07-07",
            "Active",
            "",
            "CT",
            "",
        ),
        (
            "P16",
            N12,
            "Norris",
            "Ned",
            "1959-09-09",
            "Active",
            "",
            "CT",
            "",
        ),
        ("P17", N13, "Olsen", "Olga", "", "Active", "", "CT", ""),
        ("P18", N14, "Park", "Paul", "", "Active", "", "CT", ""),
        ("P19", N15, "Quint", "Quinn", "", "Active", "", "CT", ""),
        ("P20", N16, "Reed", "Rosa", "", "Active", "", "CT", ""),
        (
            "P21",
            N17,
            "Stone",
            "Sara",
            "1971-01-01",
            "Active",
            "",
            "CT",
            "",
        ),
        (
            "P22",
            N18,
            "Terry",
            "Tom",
            "",
            "Terminated",
            "2026-01-01",
            "CT",
            "",
        ),
        // No NPI: skipped by the NPI tier, still checked by name.
        (
            "P23",
            "",
            "Underwood",
            "Uma",
            "1972-02-02",
            "Active",
            "",
            "CT",
            "",
        ),
    ];
    let mut text = "Provider ID,NPI,Last Name,First Name,DOB,Status,Termination Date,License State,License #,License Exp,License 2 State,License 2 #,License 2 Exp\n".to_string();
    for (i, (id, npi, last, first, dob, status, term, st1, st2)) in rows.iter().enumerate() {
        let second = if st2.is_empty() {
            ",,".to_string()
        } else {
            format!("{st2},{st2}-{i}9,2030-12-31")
        };
        text.push_str(&format!(
            "{id},{npi},{last},{first},{dob},{status},{term},{st1},{st1}-{i},2030-12-31,{second}\n"
        ));
    }
    text
}

const LEIE_HEADER: &str = "LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,CITY,STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE";

/// One LEIE row as OIG writes it: every field quoted, `0000000000` / `00000000` for no NPI / no date.
/// `[last, first, business, npi, dob, state, excluded, reinstated]`
fn leie(fields: [&str; 8]) -> String {
    let [last, first, business, npi, dob, state, excluded, reinstated] = fields;
    let general = if business.is_empty() {
        "IND- LIC HC SERV PRO"
    } else {
        "OTHER BUSINESS"
    };
    let npi = if npi.is_empty() { "0000000000" } else { npi };
    let reinstated = if reinstated.is_empty() {
        "00000000"
    } else {
        reinstated
    };
    format!(
        "\"{last}\",\"{first}\",\"\",\"{business}\",\"{general}\",\"NURSING\",\"\",\"{npi}\",\"{dob}\",\"1 MAIN ST\",\"HARTFORD\",\"{state}\",\"06105\",\"1128a1\",\"{excluded}\",\"{reinstated}\",\"00000000\",\"\""
    )
}

/// The LEIE file; the comment on each row is its line number.
fn leie_file() -> String {
    let rows = [
        // 2: another name, P01's NPI → EXCLUSION_MATCH by NPI.
        leie(["ZEBULON", "ZED", "", N1, "", "NY", "20200101", ""]),
        // 3: a business with P02's NPI → EXCLUSION_MATCH by NPI.
        leie([
            "",
            "",
            "BAKER HOME HEALTH LLC",
            N2,
            "",
            "CT",
            "20210101",
            "",
        ]),
        // 4: a business named like P03, no NPI: businesses match by NPI only → nothing.
        leie(["", "", "HALVORSEN, HAL", "", "", "CT", "20210101", ""]),
        // 5: DUNN, DORA with P04's date of birth (state NY: irrelevant with equal DOBs) → EXCLUSION_MATCH.
        leie(["DUNN", "DORA", "", "", "19700512", "NY", "20190101", ""]),
        // 6: ELLIS, EVE with a DOB; the roster has none; state CT = P05's → EXCLUSION_POSSIBLE_MATCH.
        leie(["ELLIS", "EVE", "", "", "19650101", "CT", "20190101", ""]),
        // 7: FOX, FINN without DOB, state MA = P06's second license state → EXCLUSION_POSSIBLE_MATCH.
        leie(["FOX", "FINN", "", "", "", "MA", "20190101", ""]),
        // 8: GRAY, GUS, no DOB on either side, but FL, and P07 holds only CT → nothing.
        leie(["GRAY", "GUS", "", "", "", "FL", "20190101", ""]),
        // 9: HILL, HANA born a day after P08 → cleared by DOB: no finding, counted in the manifest.
        leie(["HILL", "HANA", "", "", "19800102", "CT", "20190101", ""]),
        // 10: P09's NPI, reinstated 06/01/2025 (before as_of) → not in force.
        leie(["IVES", "IAN", "", N9, "", "CT", "20150101", "20250601"]),
        // 11: P10's NPI, excluded from 12/15/2026 (after as_of) → not in force yet.
        leie(["JONES", "JILL", "", N10, "", "CT", "20261215", ""]),
        // 12: P11's NPI, excluded on as_of itself → in force → EXCLUSION_MATCH.
        leie(["KIM", "KARA", "", KIM, "", "CT", "20261130", ""]),
        // 13: P12's NPI, reinstated on as_of itself → not in force.
        leie(["LANE", "LEO", "", LANE, "", "CT", "20200101", "20261130"]),
        // 14: last name cut at 20 characters (`MONTGOMERY-FITZWILLI`), a prefix of P13's, same DOB → MATCH.
        leie([
            "MONTGOMERY-FITZWILLI",
            "ALEXANDRA",
            "",
            "",
            "19750304",
            "CT",
            "20200101",
            "",
        ]),
        // 15: 19 characters (`ABERCROMBIE-FAIRWEA`) is no truncation: not P14's name → nothing.
        leie([
            "ABERCROMBIE-FAIRWEA",
            "NORA",
            "",
            "",
            "19770707",
            "CT",
            "20200101",
            "",
        ]),
        // 16-19: four rows for P16: name + state (no DOB on the list), NPI, name + DOB, NPI again.
        // One finding, the strongest tier (NPI), citing its first row (17); detail names 16, 18 and 19.
        leie(["NORRIS", "NED", "", "", "", "CT", "20200101", ""]),
        leie(["NORRIS", "EDWARD", "", N12, "", "CT", "20200101", ""]),
        leie(["NORRIS", "NED", "", "", "19590909", "CT", "20200101", ""]),
        leie(["NORRIS", "N", "", N12, "", "CT", "20200101", ""]),
        // 20: P22's NPI, but P22 is terminated on the roster → not checked.
        leie(["TERRY", "TOM", "", N18, "", "CT", "20200101", ""]),
        // 21: UNDERWOOD, UMA with P23's DOB: P23 has no NPI, the name tiers still apply → EXCLUSION_MATCH.
        leie(["UNDERWOOD", "UMA", "", "", "19720202", "CT", "20200101", ""]),
    ];
    format!("{LEIE_HEADER}\r\n{}\r\n", rows.join("\r\n"))
}

const SAM_HEADER: &str = "\"Classification\",\"Name\",\"Prefix\",\"First\",\"Middle\",\"Last\",\"Suffix\",\"Address 1\",\"Address 2\",\"Address 3\",\"Address 4\",\"City\",\"State / Province\",\"Country\",\"Zip Code\",\"Open Data Flag\",\"Blank (Deprecated)\",\"Unique Entity ID\",\"Exclusion Program\",\"Excluding Agency\",\"CT Code\",\"Exclusion Type\",\"Additional Comments\",\"Active Date\",\"Termination Date\",\"Record Status\",\"Cross-Reference\",\"SAM Number\",\"CAGE\",\"NPI\",\"Creation_Date\"";

/// One SAM V2 row (31 fields, as `tests/fixtures/real/sam_v2.csv`).
/// `[classification, name, first, last, state, active, termination, npi]`
fn sam(fields: [&str; 8]) -> String {
    let [
        classification,
        name,
        first,
        last,
        state,
        active,
        termination,
        npi,
    ] = fields;
    format!(
        "\"{classification}\",\"{name}\",\"\",\"{first}\",\"\",\"{last}\",\"\",\"1 Main St\",\"\",\"\",\"\",\"Hartford\",\"{state}\",\"USA\",\"06105\",\"\",\"\",\"\",\"Reciprocal\",\"HHS\",\"Z1\",\"Prohibition/Restriction\",\"\",\"{active}\",\"{termination}\",\"\",\"\",\"S4MRK7T2Q\",\"\",\"{npi}\",\"2019-03-21\""
    )
}

fn sam_file() -> String {
    let rows = [
        // 2: P17's NPI, Termination Date `Indefinite` = no end → EXCLUSION_MATCH.
        sam([
            "Individual",
            "",
            "Olga",
            "Olsen",
            "CT",
            "03/20/2019",
            "Indefinite",
            N13,
        ]),
        // 3: P18's NPI, terminated 01/15/2020 (passed) → not in force.
        sam([
            "Individual",
            "",
            "Paul",
            "Park",
            "CT",
            "01/15/2015",
            "01/15/2020",
            N14,
        ]),
        // 4: a firm with P19's NPI → EXCLUSION_MATCH by NPI.
        sam([
            "Firm",
            "Quint Quinn Medical LLC",
            "",
            "",
            "CT",
            "11/20/2022",
            "11/20/2027",
            N15,
        ]),
        // 5: a firm carrying P20's name in First/Last, no NPI: only Individual rows match by name → nothing.
        sam([
            "Firm",
            "Reed Rosa Clinic",
            "Rosa",
            "Reed",
            "CT",
            "11/20/2022",
            "Indefinite",
            "",
        ]),
        // 6: STONE, SARA, no NPI, CT; SAM has no DOB, P21 holds CT → EXCLUSION_POSSIBLE_MATCH.
        sam([
            "Individual",
            "",
            "Sara",
            "Stone",
            "CT",
            "01/01/2023",
            "Indefinite",
            "",
        ]),
        // 7: DUNN, DORA again, CT → EXCLUSION_POSSIBLE_MATCH from this list (one finding per source).
        sam([
            "Individual",
            "",
            "Dora",
            "Dunn",
            "CT",
            "01/01/2023",
            "Indefinite",
            "",
        ]),
    ];
    format!("{SAM_HEADER}\n{}\n", rows.join("\n"))
}

const CONFIG: &str = r#"organization = "Exclusion scenarios"
as_of = "2026-11-30"

[policy]
required_credentials = { default = [] }

[[sources]]
name = "roster"
kind = "roster"
path = "roster.csv"

[[sources.credentials]]
type = "state_license"
number = "License #"
state = "License State"
expiration_date = "License Exp"

[[sources.credentials]]
type = "state_license"
number = "License 2 #"
state = "License 2 State"
expiration_date = "License 2 Exp"

[[sources]]
name = "oig_leie"
kind = "exclusions"
path = "leie.csv"

[[sources]]
name = "sam"
kind = "exclusions"
path = "sam.csv"
"#;

struct Run {
    _sandbox: Sandbox,
    findings: Vec<Record>,
    manifest: serde_json::Value,
}

fn run() -> Run {
    let s = Sandbox::new();
    s.file("roster.csv", &roster())
        .file("leie.csv", &leie_file())
        .file("sam.csv", &sam_file())
        .file("credrecon.toml", CONFIG);
    let dir = s.run_ok(AS_OF, &[]);
    let findings = read_table(&dir.join("findings.csv")).records();
    let manifest =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    Run {
        _sandbox: s,
        findings,
        manifest,
    }
}

const KEY: &[&str] = &["code", "severity", "provider_id", "source", "source_row"];

impl Run {
    fn of(&self, provider: &str) -> Vec<String> {
        let mine: Vec<Record> = self
            .findings
            .iter()
            .filter(|f| f["provider_id"] == provider)
            .cloned()
            .collect();
        pick(&mine, KEY)
    }

    fn assert_of(&self, provider: &str, expected: &[&str]) {
        assert_eq!(
            self.of(provider),
            sorted(expected),
            "{provider}\nall findings:\n{}",
            listing(&self.findings)
        );
    }
}

#[test]
fn exclusion_findings_are_exactly_the_planted_ones() {
    let r = run();
    assert_eq!(
        pick(&r.findings, KEY),
        sorted(&[
            "EXCLUSION_MATCH|critical|P01|oig_leie|2",
            "EXCLUSION_MATCH|critical|P02|oig_leie|3",
            "EXCLUSION_MATCH|critical|P04|oig_leie|5",
            "EXCLUSION_POSSIBLE_MATCH|high|P04|sam|7",
            "EXCLUSION_POSSIBLE_MATCH|high|P05|oig_leie|6",
            "EXCLUSION_POSSIBLE_MATCH|high|P06|oig_leie|7",
            "EXCLUSION_MATCH|critical|P11|oig_leie|12",
            "EXCLUSION_MATCH|critical|P13|oig_leie|14",
            "EXCLUSION_MATCH|critical|P16|oig_leie|17",
            "EXCLUSION_MATCH|critical|P17|sam|2",
            "EXCLUSION_MATCH|critical|P19|sam|4",
            "EXCLUSION_POSSIBLE_MATCH|high|P21|sam|6",
            "EXCLUSION_MATCH|critical|P23|oig_leie|21",
            // P23's missing NPI (roster line 23) is a data-quality finding.
            "NPI_MISSING|high|P23|roster|23",
        ]),
        "\nall findings:\n{}",
        listing(&r.findings)
    );
    assert!(
        r.findings
            .iter()
            .all(|f| f["category"] == "exclusion" || f["code"] == "NPI_MISSING")
    );
}

#[test]
fn exclusion_match_by_npi_also_for_a_business_row() {
    let r = run();
    r.assert_of("P01", &["EXCLUSION_MATCH|critical|P01|oig_leie|2"]);
    r.assert_of("P02", &["EXCLUSION_MATCH|critical|P02|oig_leie|3"]);
    r.assert_of("P19", &["EXCLUSION_MATCH|critical|P19|sam|4"]);
    // A business row without NPI never matches by name.
    r.assert_of("P03", &[]);
    // A SAM Firm row is no person, whatever its First/Last cells say.
    r.assert_of("P20", &[]);
}

#[test]
fn exclusion_match_by_name_and_equal_date_of_birth() {
    let r = run();
    let p04: Vec<String> = r
        .of("P04")
        .into_iter()
        .filter(|k| k.contains("oig_leie"))
        .collect();
    assert_eq!(p04, ["EXCLUSION_MATCH|critical|P04|oig_leie|5"]);
    // A provider without an NPI is still matched by name.
    r.assert_of(
        "P23",
        &[
            "EXCLUSION_MATCH|critical|P23|oig_leie|21",
            "NPI_MISSING|high|P23|roster|23",
        ],
    );
}

#[test]
fn possible_match_needs_a_missing_date_of_birth_and_a_shared_state() {
    let r = run();
    r.assert_of("P05", &["EXCLUSION_POSSIBLE_MATCH|high|P05|oig_leie|6"]);
    r.assert_of("P06", &["EXCLUSION_POSSIBLE_MATCH|high|P06|oig_leie|7"]);
    r.assert_of("P21", &["EXCLUSION_POSSIBLE_MATCH|high|P21|sam|6"]);
    // Same name, no DOB anywhere, but the list's state FL is none of P07's states.
    r.assert_of("P07", &[]);
}

#[test]
fn a_name_match_with_a_different_date_of_birth_is_cleared_and_counted() {
    let r = run();
    r.assert_of("P08", &[]);
    let cleared = &r.manifest["exclusion_name_matches_cleared_by_dob"];
    assert_eq!(cleared["oig_leie"], 1, "{cleared}");
    assert_eq!(cleared["sam"].as_u64().unwrap_or(0), 0, "{cleared}");
}

#[test]
fn exclusions_not_in_force_on_as_of_raise_nothing() {
    let r = run();
    // LEIE reinstated before as_of, and reinstated on as_of.
    r.assert_of("P09", &[]);
    r.assert_of("P12", &[]);
    // LEIE excluded after as_of; excluded on as_of is in force.
    r.assert_of("P10", &[]);
    r.assert_of("P11", &["EXCLUSION_MATCH|critical|P11|oig_leie|12"]);
    // SAM terminated before as_of; SAM `Indefinite` is still in force.
    r.assert_of("P18", &[]);
    r.assert_of("P17", &["EXCLUSION_MATCH|critical|P17|sam|2"]);
    // A terminated provider is not checked.
    r.assert_of("P22", &[]);
}

#[test]
fn leie_last_names_truncated_at_20_characters_match_longer_roster_names() {
    let r = run();
    r.assert_of("P13", &["EXCLUSION_MATCH|critical|P13|oig_leie|14"]);
    r.assert_of("P14", &[]);
}

#[test]
fn one_finding_per_provider_and_source_the_strongest_tier_citing_its_first_row() {
    let r = run();
    r.assert_of("P16", &["EXCLUSION_MATCH|critical|P16|oig_leie|17"]);
    let f = r
        .findings
        .iter()
        .find(|f| f["provider_id"] == "P16")
        .unwrap();
    let numbers: Vec<&str> = f["detail"]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    for other in ["16", "18", "19"] {
        assert!(
            numbers.contains(&other),
            "detail should name row {other}: {}",
            f["detail"]
        );
    }
    // The same person on two lists: one finding from each.
    r.assert_of(
        "P04",
        &[
            "EXCLUSION_MATCH|critical|P04|oig_leie|5",
            "EXCLUSION_POSSIBLE_MATCH|high|P04|sam|7",
        ],
    );
}
