//! The real-files regression corpus (`tests/fixtures/real-corpus/`, facts in its FACTS.md): small slices
//! of real public files in their publishers' layouts, each with a roster that plants real listed people
//! and near misses, run through the executable at as_of 2026-11-30. Every expected finding was worked
//! out by hand from the slice and SPEC v2; the near misses must stay silent.

use crate::support::{Record, credrecon, fixture, listing, pick, read_table, sorted};

const AS_OF: &str = "2026-11-30";

/// What one corpus case wrote.
struct Case {
    _out: tempfile::TempDir,
    findings: Vec<Record>,
    compliance: Vec<Record>,
    manifest: serde_json::Value,
}

/// Run `real-corpus/<case>/credrecon.toml` with the output in a scratch folder.
fn run(case: &str) -> Case {
    run_at(case, AS_OF)
}

/// Run a corpus case at another as_of.
fn run_at(case: &str, as_of: &str) -> Case {
    let out = tempfile::tempdir().expect("a scratch folder");
    let config = fixture(&format!("real-corpus/{case}/credrecon.toml"));
    let outcome = credrecon(
        &[
            "run",
            config.to_str().expect("utf-8 path"),
            "--out",
            out.path().to_str().expect("utf-8 path"),
            "--as-of",
            as_of,
            "--quiet",
        ],
        out.path(),
    );
    assert_eq!(
        outcome.code,
        Some(0),
        "credrecon run {case} failed\nstderr: {}\nstdout: {}",
        outcome.stderr,
        outcome.stdout
    );
    let dir = out.path().join(as_of);
    let findings = read_table(&dir.join("findings.csv")).records();
    let compliance = read_table(&dir.join("compliance.csv")).records();
    let manifest = serde_json::from_str(
        &std::fs::read_to_string(dir.join("manifest.json")).expect("manifest.json"),
    )
    .expect("manifest.json is JSON");
    Case {
        _out: out,
        findings,
        compliance,
        manifest,
    }
}

/// Exclusion findings: code, severity, provider, tier, list, row.
const EXCLUSION_KEY: &[&str] = &[
    "code",
    "severity",
    "provider_id",
    "field",
    "source",
    "source_row",
];
/// Any finding: code, severity, provider, source, row.
const KEY: &[&str] = &["code", "severity", "provider_id", "source", "source_row"];

impl Case {
    /// The findings are exactly `expected` (`a|b|…` on `columns`, any order).
    fn assert_findings(&self, columns: &[&str], expected: &[&str]) {
        assert_eq!(
            pick(&self.findings, columns),
            sorted(expected),
            "\nall findings:\n{}",
            listing(&self.findings)
        );
    }

    /// The manifest entry of one source.
    fn source(&self, name: &str) -> &serde_json::Value {
        self.manifest["sources"]
            .as_array()
            .expect("sources is an array")
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no source {name} in {}", self.manifest["sources"]))
    }

    /// Rows read and rejected of each named source.
    fn assert_rows(&self, expected: &[(&str, u64, u64)]) {
        for (name, read, rejected) in expected {
            let s = self.source(name);
            assert_eq!(
                (s["rows_read"].as_u64(), s["rows_rejected"].as_u64()),
                (Some(*read), Some(*rejected)),
                "rows read / rejected of {name}: {s}"
            );
        }
    }

    /// The manifest's count of name matches cleared by a different date of birth, per list.
    fn cleared(&self, list: &str) -> u64 {
        self.manifest["exclusion_name_matches_cleared_by_dob"][list]
            .as_u64()
            .unwrap_or(0)
    }

    /// The one finding with this code about this provider.
    fn one(&self, code: &str, provider: &str) -> &Record {
        let hits: Vec<&Record> = self
            .findings
            .iter()
            .filter(|f| f["code"] == code && f["provider_id"] == provider)
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "one {code} for {provider}; all findings:\n{}",
            listing(&self.findings)
        );
        hits[0]
    }

    /// No finding at all about these providers (the near misses).
    fn assert_silent(&self, providers: &[&str]) {
        let loud: Vec<Record> = self
            .findings
            .iter()
            .filter(|f| providers.contains(&f["provider_id"].as_str()))
            .cloned()
            .collect();
        assert!(
            loud.is_empty(),
            "near misses must stay silent:\n{}",
            listing(&loud)
        );
    }
}

// ---- state Medicaid exclusion lists

/// Illinois (`Active Sanctions`, header on row 1): `Provider Name` is LAST FIRST without a comma
/// (`name_order = "last_first"`), with degrees inside (`ALBERTUCCI M.D. MARIO`, `KING MD GARTRELL`),
/// an apostrophe (`O'NEAL ROZELLA`, no state), business rows with NPIs, and people listed at an
/// address in another state (`ADIX MICHAEL`, MO).
#[test]
fn illinois_full_names_with_degrees_apostrophes_and_address_states() {
    let c = run("illinois");
    c.assert_rows(&[("roster", 8, 0), ("illinois", 26, 0)]);
    c.assert_findings(
        EXCLUSION_KEY,
        &[
            // AHLUWALIA NALINI, NPI 1912032780 (text cell).
            "EXCLUSION_MATCH|critical|IL01|npi|illinois|13",
            // ALBERTUCCI M.D. MARIO is MARIO ALBERTUCCI; no DOB on the list, IL on both sides.
            "EXCLUSION_POSSIBLE_MATCH|high|IL02|name+state|illinois|17",
            // KING MD GARTRELL is GARTRELL KING.
            "EXCLUSION_POSSIBLE_MATCH|high|IL04|name+state|illinois|21",
            // O'NEAL ROZELLA = ONeal Rozella; the row has no state (a barred affiliate).
            "EXCLUSION_POSSIBLE_MATCH|high|IL05|name+state|illinois|24",
            // The business row 7 HILLS HEALTHCARE CENTER matches by its NPI 1104075365.
            "EXCLUSION_MATCH|critical|IL08|npi|illinois|2",
        ],
    );
    // IL03 Michael Albertucci: the M of M.D. is no first name. IL06 Michael Adix: listed at a MO address
    // only, licensed in IL only. IL07 Steven Adler: the list's STEPHEN is another first name.
    c.assert_silent(&["IL03", "IL06", "IL07"]);
    assert_eq!(c.cleared("illinois"), 0);
}

/// Ohio: sheet `Individuals` (DOB dates, NPIs as text `1447317433, 1598934424` or numbers, no state
/// column: config `state = "OH"`) and sheet `Organizations` of the same workbook as a second list.
#[test]
fn ohio_two_sheets_dates_of_birth_and_npi_lists() {
    let c = run("ohio");
    c.assert_rows(&[("roster", 7, 0), ("ohio", 19, 0), ("ohio_orgs", 9, 0)]);
    c.assert_findings(
        EXCLUSION_KEY,
        &[
            // Abdi Liban: the second NPI of `1447317433, 1598934424`.
            "EXCLUSION_MATCH|critical|OH01|npi|ohio|4",
            // Abdullahi Hayat, same date of birth 1969-05-17, no NPI on the list.
            "EXCLUSION_MATCH|critical|OH02|name+dob|ohio|6",
            // `Abdi ` (trailing space) Ayan; the roster has no DOB; OH on both sides.
            "EXCLUSION_POSSIBLE_MATCH|high|OH04|name+state|ohio|2",
            // Abouelsoud Mahmoud: NPI 1760482889 stored as a number.
            "EXCLUSION_MATCH|critical|OH06|npi|ohio|8",
            // 3 Ease Home Health Care (Organizations row 4), NPI stored as a number.
            "EXCLUSION_MATCH|critical|OH07|npi|ohio_orgs|4",
        ],
    );
    // OH03 Abdi Mohammed born 1990-10-09, listed born 1990-09-10: cleared and counted.
    // OH05 Abdi Hasan: the list has Hassan, no prefix of one another.
    c.assert_silent(&["OH03", "OH05"]);
    assert_eq!(c.cleared("ohio"), 1);
    assert_eq!(c.cleared("ohio_orgs"), 0);
}

/// Washington: two title rows and a blank row above the header (row 4), several NPIs (and several names)
/// in one cell separated by line breaks, `P1 - …` numbers that are not NPIs, no state column
/// (config `state = "WA"`), degrees after the first name (`Adams, Brandon MD`) and an apostrophe.
#[test]
fn washington_title_rows_and_line_break_separated_npis() {
    let c = run("washington");
    c.assert_rows(&[("roster", 6, 0), ("washington", 19, 0)]);
    assert_eq!(c.source("washington")["header_row"], 4);
    c.assert_findings(
        EXCLUSION_KEY,
        &[
            // Billings, John V ARNP: the second NPI of `1124183108\n1255443644`.
            "EXCLUSION_MATCH|critical|WA01|npi|washington|19",
            // Adams, Brandon MD: NPI 1295888063 stored as a number.
            "EXCLUSION_MATCH|critical|WA02|npi|washington|6",
            // O'Neill, Shaanon K. ARNP = ONeill Shaanon, WA.
            "EXCLUSION_POSSIBLE_MATCH|high|WA03|name+state|washington|22",
            // The second NPI of `1093130247\n1033875703` on the three-line name cell of row 5.
            "EXCLUSION_MATCH|critical|WA06|npi|washington|5",
        ],
    );
    // WA04 John Chen holds an OR license only; WA05 Bradley Adams is not Brandon.
    c.assert_silent(&["WA04", "WA05"]);
}

/// Kansas: a `REVISED:` title cell above the header (row 2), headers ending in `:`, `Name:` written
/// FIRST LAST, NPIs separated by `; `, and a `Termination Date:` that is the day the exclusion began
/// (mapped to exclusion_date), no state column (config `state = "KS"`).
#[test]
fn kansas_semicolon_separated_npis_and_first_last_names() {
    let c = run("kansas");
    c.assert_rows(&[("roster", 4, 0), ("kansas", 18, 0)]);
    assert_eq!(c.source("kansas")["header_row"], 2);
    c.assert_findings(
        EXCLUSION_KEY,
        &[
            // Mary Holloway: the second NPI of `1104034701; 1558536714`.
            "EXCLUSION_MATCH|critical|KS01|npi|kansas|3",
            // Julie-Renee Burris, KS, no DOB anywhere.
            "EXCLUSION_POSSIBLE_MATCH|high|KS02|name+state|kansas|6",
        ],
    );
    // KS03 Ryan Louden holds a MO license only; KS04 Brian Lessard is neither Gerard nor Betty.
    c.assert_silent(&["KS03", "KS04"]);
}

/// Alaska (CSV, LF, minimal quoting): split name columns, entities with first name `-`, an apostrophe
/// in a last name, no NPI, DOB or state column (config `state = "AK"`).
#[test]
fn alaska_csv_split_names_apostrophes_and_prefix_first_names() {
    let c = run("alaska");
    c.assert_rows(&[("roster", 4, 0), ("alaska", 32, 0)]);
    c.assert_findings(
        EXCLUSION_KEY,
        &[
            // D'UNICORN TERESA LYNN = Dunicorn Teresa (roster DOB, none on the list).
            "EXCLUSION_POSSIBLE_MATCH|high|AK01|name+state|alaska|32",
            // ADAMS STEVEN ALLEN: Steve is a prefix of Steven of at least 3 letters.
            "EXCLUSION_POSSIBLE_MATCH|high|AK02|name+state|alaska|7",
        ],
    );
    // AK03 Mahmood Ahmad holds a WA license only; AK04 Walter Adams is not Warren.
    c.assert_silent(&["AK03", "AK04"]);
}

// ---- OIG LEIE and SAM

/// OIG LEIE (every field quoted, CRLF, `0000000000` = no NPI) and a SAM V2 extract, both detected from
/// their headers; a roster NPI of zeros only is a placeholder.
#[test]
fn leie_and_sam_tiers_reinstatement_and_zero_npis() {
    let c = run("federal");
    c.assert_rows(&[("roster", 12, 0), ("oig_leie", 29, 0), ("sam", 6, 0)]);
    c.assert_findings(
        KEY,
        &[
            "EXCLUSION_MATCH|critical|F01|oig_leie|8",
            "EXCLUSION_MATCH|critical|F02|oig_leie|18",
            "EXCLUSION_MATCH|critical|F03|oig_leie|23",
            "EXCLUSION_POSSIBLE_MATCH|high|F04|oig_leie|28",
            "EXCLUSION_POSSIBLE_MATCH|high|F06|oig_leie|12",
            "EXCLUSION_MATCH|critical|F08|sam|2",
            "EXCLUSION_POSSIBLE_MATCH|high|F10|sam|4",
            "EXCLUSION_MATCH|critical|F12|oig_leie|4",
            "NPI_MISSING|high|F11|roster|12",
        ],
    );
    let tier = |p: &str| -> String {
        c.findings
            .iter()
            .find(|f| f["provider_id"] == p && f["category"] == "exclusion")
            .map(|f| f["field"].clone())
            .unwrap_or_default()
    };
    // CHRISTENSEN JOHN PETER is on lines 8, 9 and 10 with NPI 1801839139: one finding, the first row.
    assert_eq!(tier("F01"), "npi");
    // CHRISTIAN AMY and CHRISTIAN JR FRANKLIN (the suffix inside LASTNAME) with equal dates of birth.
    assert_eq!(tier("F02"), "name+dob");
    assert_eq!(tier("F03"), "name+dob");
    // PEREZ JAVIER has no DOB on the list, CA on both sides.
    assert_eq!(tier("F04"), "name+state");
    // CHRISTENSEN KIM RAE (AZ): Kim is a prefix of Kimberly.
    assert_eq!(tier("F06"), "name+state");
    assert_eq!(tier("F08"), "npi");
    // Marchetti-Ruiz = Marchetti Ruiz (CT, in force 07/01/2024 to 06/30/2029).
    assert_eq!(tier("F10"), "name+state");
    // The business 101 FIRST CARE PHARMACY INC matches by its NPI only.
    assert_eq!(tier("F12"), "npi");
    // A roster NPI of zeros is no NPI: NPI_MISSING with the raw text, and no match with the 23
    // `0000000000` rows of the list.
    assert_eq!(
        c.one("NPI_MISSING", "F11")["roster_value"],
        "0000000000",
        "{}",
        listing(&c.findings)
    );
    // F05 Karen Christensen born a day after the listed KAREN: cleared and counted. F07 Kristin is no
    // listed first name. F09 Victor Quennell: his SAM exclusion ended 01/15/2020.
    c.assert_silent(&["F05", "F07", "F09"]);
    assert_eq!(c.cleared("oig_leie"), 1);
    assert_eq!(c.cleared("sam"), 0);
}

// ---- NPPES

/// The first 20 records of the 2018 NPPES practitioner file (329 columns, every field quoted, CRLF).
#[test]
fn nppes_names_licenses_and_reactivated_npis() {
    let c = run("nppes");
    c.assert_rows(&[("roster", 5, 0), ("nppes", 20, 0)]);
    c.assert_findings(
        KEY,
        &[
            // JAVIER EMMANUEL: the roster's Emanuel is no prefix or initial of Emmanuel.
            "NAME_MISMATCH|medium|N02|nppes|3",
            // ROWLAND FREDERICK holds MA 246645 in NPPES, not the roster's MA 999999.
            "NPPES_LICENSE_MISSING|low|N04|nppes|4",
            // 1000000012 is a valid NPI absent from the file: the file is cited with no row.
            "NPI_NOT_FOUND|high|N05|nppes|",
        ],
    );
    // N01 SOUCIER (license 033435 CT, leading zero as in NPPES). N03 REED: deactivated 03/16/2006 and
    // reactivated 03/20/2006, before as_of.
    c.assert_silent(&["N01", "N03"]);
}

// ---- license boards

/// Which license a board finding names: (code, provider) → (credential_type, state, number).
fn assert_license(c: &Case, code: &str, provider: &str, state: &str, number: &str) {
    let f = c.one(code, provider);
    assert_eq!(
        (
            f["credential_type"].as_str(),
            f["state"].as_str(),
            f["number"].as_str()
        ),
        ("state_license", state, number),
        "{code} {provider}: {f:?}"
    );
}

/// The Connecticut pharmacy license list (data.ct.gov export): every record spans three lines (the
/// `Location` cell holds two line breaks), `Credential` like `PCY.0001712`, no names, no status.
#[test]
fn connecticut_pharmacy_board_keys_and_coverage() {
    let c = run("ct_board");
    c.assert_rows(&[("roster", 5, 0), ("ct_board", 8, 0)]);
    c.assert_findings(
        KEY,
        &[
            // PCY2327 vs PCY.0002327 (WHALLEY DRUG, the record on lines 5-7): only the all-digits key
            // 2327 agrees; a record without a name agrees with any last name.
            "LICENSE_NUMBER_MISMATCH|low|CT02|ct_board|5",
            // PCY.0009999 is not in the file.
            "LICENSE_NOT_FOUND|high|CT03|ct_board|",
        ],
    );
    assert_license(&c, "LICENSE_NUMBER_MISMATCH", "CT02", "CT", "PCY2327");
    assert_license(&c, "LICENSE_NOT_FOUND", "CT03", "CT", "PCY.0009999");
    // CT01 PCY.0001712 found as written; CT05 `PCY 0001938` has the strict key of PCY.0001938; CT04
    // holds PCY.0001712 in RI, which no board file covers. No status column: no LICENSE_NOT_ACTIVE.
    c.assert_silent(&["CT01", "CT04", "CT05"]);
}

/// Medical Board of California disciplinary alerts (2022): header cells with line breaks
/// (`LICENSE\nNUMBER`), `Last, First Middle` names, numbers with a type prefix and a space (`G 66535`),
/// `TYPE OF ACTION` as the discipline text, and one number shared by two license types (`G 74346`,
/// `A 74346`).
#[test]
fn california_disciplinary_alerts_loose_keys_resolved_by_name() {
    let c = run("ca_board");
    c.assert_rows(&[("roster", 7, 0), ("ca_board", 17, 0)]);
    c.assert_findings(
        KEY,
        &[
            // Smith, Bradley G 66535 Surrendered.
            "LICENSE_DISCIPLINE|high|CA01|ca_board|2",
            // Yassa, Nadine A 48720: the roster's 48720 has the all-digits key only.
            "LICENSE_NUMBER_MISMATCH|low|CA02|ca_board|5",
            "LICENSE_DISCIPLINE|high|CA02|ca_board|5",
            // 74346: G 74346 (Henry, rows 16 and 18) and A 74346 (Aziz, row 17) share the loose key;
            // the record whose last name agrees is the provider's, whatever its row.
            "LICENSE_NUMBER_MISMATCH|low|CA03|ca_board|17",
            "LICENSE_DISCIPLINE|high|CA03|ca_board|17",
            // G 54947 is Serrahn, Robin on the board and Serran on the roster: the only record with
            // the strict key is used, with a NAME_MISMATCH.
            "NAME_MISMATCH|medium|CA04|ca_board|3",
            "LICENSE_DISCIPLINE|high|CA04|ca_board|3",
            // A 999999 is absent.
            "LICENSE_NOT_FOUND|high|CA05|ca_board|",
            // 42414 finds G 42414 by the loose key, but that record is Sliskovich, not Nguyen.
            "LICENSE_NOT_FOUND|high|CA06|ca_board|",
        ],
    );
    assert_license(&c, "LICENSE_DISCIPLINE", "CA01", "CA", "G66535");
    assert_license(&c, "LICENSE_NUMBER_MISMATCH", "CA03", "CA", "74346");
    assert_license(&c, "LICENSE_NOT_FOUND", "CA06", "CA", "42414");
    // CA07 holds G 66535 in NV, which no board file covers.
    c.assert_silent(&["CA07"]);
}

/// Arkansas State Medical Board directory (scraped licensee lookup): `license_id` like `ASMB222904`,
/// `Last, First Middle, M.D.` names (suffixes `Jr.`, `III`, an apostrophe), and a `state` column holding
/// the address state in words (`Texas`): the config's `state = "AR"` wins.
#[test]
fn arkansas_directory_config_state_wins_over_the_address_state() {
    let c = run("ar_board");
    c.assert_rows(&[("roster", 8, 0), ("ar_board", 44, 0)]);
    c.assert_findings(
        KEY,
        &[
            // 19037 vs ASMB19037 (Abraham, Carl J., Jr., M.D.): loose key, last name agrees.
            "LICENSE_NUMBER_MISMATCH|low|AR02|ar_board|30",
            // ASMB4 is Abel, Lee Curtis; the roster says Leo.
            "NAME_MISMATCH|medium|AR04|ar_board|20",
            "LICENSE_NOT_FOUND|high|AR05|ar_board|",
            // 14 finds ASMB14 by the loose key, but that is Abraham, Anes Mae, not Smith.
            "LICENSE_NOT_FOUND|high|AR07|ar_board|",
        ],
    );
    assert_license(&c, "LICENSE_NUMBER_MISMATCH", "AR02", "AR", "19037");
    assert_license(&c, "LICENSE_NOT_FOUND", "AR07", "AR", "14");
    // AR01 Abbott, Wiley (address Texarkana, Texas) and AR03 Ackley, Brittany Lynee' (Texas) are AR
    // licenses; AR06 Abraham, James Howard, III, M.D.; AR08 holds ASMB222904 in TX, not covered.
    c.assert_silent(&["AR01", "AR03", "AR06", "AR08"]);
}

// ---- former names, OFAC, Medicare opt-out and revalidation

/// Former names (SPEC 4): real NPPES practitioners whose rows carry another name (VECCHIONE JANET was
/// FORFIA, type 1; KANE ROBERT is professionally KANE LEE, type 2; ALBERTI ALFRED also ALBERTI RICHARD,
/// type 5), a roster `Maiden Name` cell of two names, and planted LEIE-layout rows under those names.
#[test]
fn former_names_from_nppes_and_the_roster_are_screened() {
    let c = run("former-names");
    c.assert_rows(&[("roster", 7, 0), ("nppes", 7, 0), ("oig_leie", 7, 0)]);
    c.assert_findings(
        EXCLUSION_KEY,
        &[
            // FORFIA JANET, born 1965-04-02 like Janet Vecchione.
            "EXCLUSION_MATCH|critical|FN01|name+dob|oig_leie|2",
            // MIRIAM SUSAN (Susan Rosenberg's former name), no DOB on the list, MA on both sides.
            "EXCLUSION_POSSIBLE_MATCH|high|FN03|name+state|oig_leie|4",
            // KANE LEE, Robert Kane's professional name, same DOB.
            "EXCLUSION_MATCH|critical|FN05|name+dob|oig_leie|6",
            // REYES ANNE: Anne Cicale's second maiden name on the roster, same DOB.
            "EXCLUSION_MATCH|critical|FN06|name+dob|oig_leie|7",
            // ALBERTI RICHARD: Alfred Alberti's other name, same DOB.
            "EXCLUSION_MATCH|critical|FN07|name+dob|oig_leie|8",
        ],
    );
    let forfia = c.one("EXCLUSION_MATCH", "FN01");
    assert!(
        forfia["detail"].contains("by former name FORFIA, JANET per NPPES"),
        "{}",
        forfia["detail"]
    );
    assert!(
        c.one("EXCLUSION_MATCH", "FN05")["detail"]
            .contains("by professional name KANE, LEE per NPPES")
    );
    assert!(
        c.one("EXCLUSION_MATCH", "FN06")["detail"]
            .contains("by other last name REYES, ANNE per the roster")
    );
    assert!(
        c.one("EXCLUSION_MATCH", "FN07")["detail"]
            .contains("by other name ALBERTI, RICHARD per NPPES")
    );
    // FN02 Gail Fayre (SAWYER GAIL born 1970-01-16, she 1970-01-15): cleared and counted. FN04 Pauline
    // Gleason (LUKENS PAULINE, no DOB on either side): listed in CT, licensed in MA only.
    c.assert_silent(&["FN02", "FN04"]);
    assert_eq!(c.cleared("oig_leie"), 1);
}

/// OFAC SDN (`sdn.csv` without a header, `alt.csv` aliases): 71 real entry lines and their 66 alias lines.
#[test]
fn ofac_sdn_individuals_aliases_and_dates_of_birth_from_remarks() {
    let c = run("ofac");
    // The list's rows are the entries and the aliases: 71 + 66.
    c.assert_rows(&[("roster", 6, 0), ("ofac", 137, 0)]);
    c.assert_findings(
        EXCLUSION_KEY,
        &[
            // ABBAS, Abu (line 59) a.k.a. ZAYDAN, Muhammad, DOB 10 Dec 1948 in Remarks.
            "EXCLUSION_MATCH|critical|OF01|name+dob|ofac|59",
            // JABRIL, Ahmad (line 68), DOB 1938 only: a year never equals a date; 1938-05-05 falls in it.
            "EXCLUSION_POSSIBLE_MATCH|high|OF02|name+state|ofac|68",
            // NORIEGA, Manuel Antonio (line 47): no DOB in Remarks (`-0-`).
            "EXCLUSION_POSSIBLE_MATCH|high|OF04|name+state|ofac|47",
        ],
    );
    let zaydan = c.one("EXCLUSION_MATCH", "OF01");
    assert!(
        zaydan["detail"].contains("\"Abu ABBAS\" (alias \"Muhammad ZAYDAN\")"),
        "{}",
        zaydan["detail"]
    );
    assert!(c.one("EXCLUSION_POSSIBLE_MATCH", "OF02")["detail"].contains("year of birth 1938"));
    // OF03 Nayif Hawatmeh (alias of HAWATMA, DOB 1933) and OF06 Abu Abbas born 1950: cleared by DOB.
    // OF05 Kahane Chai: KAHANE CHAI (line 71) is an entity, matched by NPI only.
    c.assert_silent(&["OF03", "OF05", "OF06"]);
    assert_eq!(c.cleared("ofac"), 2);
    let ofac = c.source("ofac");
    assert_eq!(ofac["profile"], "ofac_sdn");
    assert_eq!(ofac["aliases"]["rows_read"], 66);
    assert_eq!(ofac["aliases"]["path"], "alt.csv");
}

/// The real CMS opt-out file (2022-11-15 snapshot) and revalidation list, plus a planted revalidation
/// file, at 2023-06-30: opt-outs in force and ended; an expired due date, an adjusted one that wins, a
/// `TBD` one, and one enrollment listed twice.
#[test]
fn medicare_opt_out_and_revalidation_at_mid_2023() {
    let c = run_at("medicare", "2023-06-30");
    c.assert_rows(&[
        ("roster", 9, 0),
        ("opt_out", 9, 0),
        ("revalidation", 4, 0),
        ("revalidation_planted", 3, 0),
    ]);
    c.assert_findings(
        &[
            "code",
            "severity",
            "provider_id",
            "credential_type",
            "source",
            "source_row",
            "days_left",
        ],
        &[
            // Aaron Sheryl, 02/17/2022 to 02/17/2024; enrolled with Aetna only.
            "MEDICARE_OPT_OUT|high|MO01||opt_out|2|",
            // Altchek David, 07/01/2012 to 07/01/2024, and active with Medicare in the payer export.
            "MEDICARE_OPT_OUT|critical|MO02||opt_out|3|",
            // Abt: 2018-02-28 on the CMS list, 2023-07-31 on the planted one: the later date, 31 days.
            "CREDENTIAL_EXPIRING|medium|RV01|medicare_revalidation|revalidation_planted|2|31",
            // Byrd NC: no due date, adjusted 2022-11-30: expired 212 days ago.
            "CREDENTIAL_EXPIRED|critical|RV02|medicare_revalidation|revalidation|4|-212",
            // Fernandez Miro: due 2017-09-30.
            "CREDENTIAL_EXPIRED|critical|RV03|medicare_revalidation|revalidation|3|-2099",
            // Quinn: due 2023-01-31 (past) but adjusted to 2023-08-15: 46 days.
            "CREDENTIAL_EXPIRING|medium|RV04|medicare_revalidation|revalidation_planted|3|46",
            // Morgan: adjusted `TBD`, so the due date 2023-09-15: 77 days.
            "CREDENTIAL_EXPIRING|medium|RV05|medicare_revalidation|revalidation_planted|4|77",
        ],
    );
    // MO03 Cowan ended 12/30/2022 and MO04 Smith 05/07/2023, before as_of.
    c.assert_silent(&["MO03", "MO04"]);
    let billable = |provider: &str| {
        c.compliance
            .iter()
            .find(|r| r["provider_id"] == provider)
            .map(|r| r["medicare_billable"].clone())
            .unwrap_or_default()
    };
    assert_eq!(billable("MO01"), "WARN");
    assert_eq!(billable("MO02"), "FAIL");
    assert_eq!(billable("MO03"), "PASS");
    assert_eq!(billable("RV02"), "FAIL");
    assert_eq!(billable("RV04"), "WARN");
}

/// The same files at 2022-02-10: Aaron's opt-out starts a week later; Cowan's and Smith's are in force.
#[test]
fn medicare_opt_out_that_starts_after_as_of_is_silent() {
    let c = run_at("medicare", "2022-02-10");
    c.assert_findings(
        &["code", "severity", "provider_id", "source", "source_row"],
        &[
            "MEDICARE_OPT_OUT|critical|MO02|opt_out|3",
            "MEDICARE_OPT_OUT|high|MO03|opt_out|6",
            "MEDICARE_OPT_OUT|high|MO04|opt_out|10",
            // Fernandez Miro's 2017-09-30 is the only due date before as_of or within 90 days of it.
            "CREDENTIAL_EXPIRED|critical|RV03|revalidation|3",
        ],
    );
    c.assert_silent(&["MO01", "RV01", "RV02", "RV04", "RV05"]);
}

/// New Jersey's debarment list as published without a header row (29 real lines of it): `header = false`
/// and columns named by letter and number. Rows are the file's lines, from 1.
#[test]
fn a_list_without_a_header_row_read_by_column_letters_and_numbers() {
    let c = run("headerless");
    c.assert_rows(&[("roster", 4, 0), ("nj", 29, 0)]);
    c.assert_findings(
        EXCLUSION_KEY,
        &[
            // ABBASSI, JADAN on lines 8 and 9, NPI 1194807255, PERMANENT.
            "EXCLUSION_MATCH|critical|NJ01|npi|nj|8",
            // AARON, ALLISON (line 4): disqualified 12/30/2025, no DOB, NJ.
            "EXCLUSION_POSSIBLE_MATCH|high|NJ02|name+state|nj|4",
            // ABDELAZIZ, HATEM H.: the suspension of line 12 ended 11/11/2025; line 13 is permanent.
            "EXCLUSION_POSSIBLE_MATCH|high|NJ04|name+state|nj|13",
        ],
    );
    assert!(c.one("EXCLUSION_MATCH", "NJ01")["detail"].contains("Other matching rows: row 9."));
    // NJ03 Mitra Abdollahi: excluded 11/5/2007, reinstated 7/19/2019.
    c.assert_silent(&["NJ03"]);
}
