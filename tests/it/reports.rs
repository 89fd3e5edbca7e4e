//! The reports of `credrecon run` (SPEC §1, §5): the findings CSV columns and order, the category files,
//! formula injection, `--fail-on`, the run folder written atomically and privately, rejected rows, `--as-of`.
//! Small scenarios in scratch folders; expected values worked out by hand.

use crate::support::npi::*;
use crate::support::{Record, Sandbox, listing, read_table};
use std::path::Path;

const AS_OF: &str = "2026-11-30";

/// SPEC §5, in this order.
const COLUMNS: [&str; 22] = [
    "finding_id",
    "status",
    "severity",
    "category",
    "code",
    "provider_id",
    "npi",
    "provider_name",
    "credential_type",
    "state",
    "number",
    "payer",
    "field",
    "roster_value",
    "source_value",
    "due_date",
    "days_left",
    "gap_days",
    "source",
    "source_file",
    "source_row",
    "detail",
];

/// The category files of SPEC §5 (compliance findings have none: compliance.csv is the checklist).
const CATEGORY_FILES: [(&str, &str); 5] = [
    ("discrepancy", "discrepancies.csv"),
    ("expiration", "expirations.csv"),
    ("enrollment", "enrollment_gaps.csv"),
    ("exclusion", "exclusions.csv"),
    ("data_quality", "data_quality.csv"),
];

/// A config whose roster (`roster.csv`) carries a malpractice group and a state-license group, then `more`.
fn config(more: &str) -> String {
    format!(
        r#"organization = "Report scenarios"
as_of = "{AS_OF}"

[policy]
required_credentials = {{ default = [] }}

[[sources]]
name = "roster"
kind = "roster"
path = "roster.csv"

[[sources.credentials]]
type = "malpractice"
number = "Policy #"
expiration_date = "Malpractice Exp"

[[sources.credentials]]
type = "state_license"
number = "License #"
state = "License State"
expiration_date = "License Exp"
verified_date = "License PSV Date"
{more}"#
    )
}

const ROSTER_HEADER: &str = "Provider ID,NPI,Last Name,First Name,Start Date,Last Credentialed,Tax ID,Policy #,Malpractice Exp,License State,License #,License Exp,License PSV Date";

/// The mixed scenario: three providers, listed out of order, with findings of every severity.
fn mixed() -> Sandbox {
    let s = Sandbox::new();
    s.file(
        "roster.csv",
        &[
            ROSTER_HEADER.to_string(),
            // C3: malpractice 02/01/2027 = 31 + 31 + 1 = 63 days → CREDENTIAL_EXPIRING medium; CT license with
            // no PSV date though credentialed → PSV_MISSING medium; Aetna effective 02/15/2025, start
            // 01/01/2025 → 31 + 14 = 45 days → ENROLLMENT_EFFECTIVE_GAP medium.
            format!("C3,{N3},Carter,Cara,01/01/2025,06/01/2025,06-1234567,M-3,02/01/2027,CT,CT-3,12/31/2030,"),
            // A1: no NPI → NPI_MISSING high; malpractice 01/01/2026 passed → CREDENTIAL_EXPIRED critical.
            "A1,,Abbott,Anne,,,,M-1,01/01/2026,,,,".to_string(),
            // B2: malpractice 12/10/2026 = 10 days → CREDENTIAL_EXPIRING high; not on Aetna →
            // ENROLLMENT_MISSING high; Cigna tax id differs → ENROLLMENT_FIELD_MISMATCH low.
            format!("B2,{N2},Baker,Ben,,,06-1234567,M-2,12/10/2026,,,,"),
        ]
        .join("\n"),
    );
    s.file(
        "aetna.csv",
        &format!(
            "NPI,Last Name,First Name,Status,Effective Date\n{N3},Carter,Cara,Active,02/15/2025\n"
        ),
    );
    s.file(
        "cigna.csv",
        &format!("NPI,Last Name,First Name,Status,TIN\n{N3},Carter,Cara,Active,06-1234567\n{N2},Baker,Ben,Active,06-7654321\n"),
    );
    s.file(
        "credrecon.toml",
        &config(
            "\n[[sources]]\nname = \"aetna\"\nkind = \"enrollment\"\npath = \"aetna.csv\"\npayer = \"Aetna\"\n\
             \n[[sources]]\nname = \"cigna\"\nkind = \"enrollment\"\npath = \"cigna.csv\"\npayer = \"Cigna\"\n",
        ),
    );
    s
}

#[test]
fn findings_csv_has_the_22_columns_of_spec_5_in_order() {
    let s = mixed();
    let dir = s.run_ok(AS_OF, &[]);
    let mut files = vec!["findings.csv"];
    files.extend(CATEGORY_FILES.iter().map(|(_, f)| *f));
    for file in files {
        let table = read_table(&dir.join(file));
        assert_eq!(table.header, COLUMNS, "{file}");
        for row in &table.rows {
            assert_eq!(row.len(), 22, "{file}: {row:?}");
        }
    }
}

#[test]
fn findings_are_sorted_by_severity_then_provider_then_code() {
    let s = mixed();
    let dir = s.run_ok(AS_OF, &[]);
    let findings = read_table(&dir.join("findings.csv")).records();
    let order: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {} {}", f["severity"], f["provider_id"], f["code"]))
        .collect();
    assert_eq!(
        order,
        [
            "critical A1 CREDENTIAL_EXPIRED",
            "high A1 NPI_MISSING",
            "high B2 CREDENTIAL_EXPIRING",
            "high B2 ENROLLMENT_MISSING",
            "medium C3 CREDENTIAL_EXPIRING",
            "medium C3 ENROLLMENT_EFFECTIVE_GAP",
            "medium C3 PSV_MISSING",
            "low B2 ENROLLMENT_FIELD_MISMATCH",
        ],
        "\n{}",
        listing(&findings)
    );
}

#[test]
fn each_category_file_holds_only_its_category_in_report_order() {
    let s = mixed();
    let dir = s.run_ok(AS_OF, &[]);
    let all = read_table(&dir.join("findings.csv"));
    let category = all.header.iter().position(|h| h == "category").unwrap();
    for (name, file) in CATEGORY_FILES {
        let table = read_table(&dir.join(file));
        let expected: Vec<Vec<String>> = all
            .rows
            .iter()
            .filter(|r| r[category] == name)
            .cloned()
            .collect();
        assert_eq!(table.rows, expected, "{file}");
    }
    // By hand: 1 discrepancy, 3 expirations, 2 enrollment, 0 exclusion, 1 data quality; PSV_MISSING (compliance)
    // is in findings.csv only.
    let count = |file: &str| read_table(&dir.join(file)).rows.len();
    assert_eq!(
        [
            count("discrepancies.csv"),
            count("expirations.csv"),
            count("enrollment_gaps.csv"),
            count("exclusions.csv"),
            count("data_quality.csv"),
            count("findings.csv"),
        ],
        [1, 3, 2, 0, 1, 8]
    );
}

/// True when a spreadsheet would run the cell as a formula (numbers such as `-3` are numbers, not text).
fn dangerous(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err()
}

#[test]
fn formula_like_text_gets_a_leading_apostrophe_in_every_csv() {
    let s = Sandbox::new();
    // The roster's file name itself starts with `@`: it appears in every finding's source_file.
    s.file(
        "@roster.csv",
        &[
            "Provider ID,NPI,Last Name,First Name,Tax ID,Specialty,Start Date".to_string(),
            format!(
                "\"=HYPERLINK(\"\"http://x.test\"\",\"\"x\"\")\",{N1},+Plus,@At,-12,=Cardiology,"
            ),
            // An unreadable start date: INVALID_DATE, cited from the roster with the raw text.
            format!("-P2,{N2},Baker,Ben,06-1234567,Internal Medicine,=NOW()"),
            // A ragged row (1 field): rejected, its raw text quoted in rejected_rows.csv.
            "@SUM(1+1)".to_string(),
        ]
        .join("\n"),
    );
    s.file(
        "aetna.csv",
        &[
            "NPI,Last Name,First Name,Status,TIN,Specialty".to_string(),
            // Name, tax id and specialty all differ: NAME_MISMATCH and two ENROLLMENT_FIELD_MISMATCH.
            format!("{N1},=Evil,@At,Active,+99,-Cardio"),
            // Not on the roster: ENROLLED_NOT_ON_ROSTER named after the payer's row.
            format!("{OUTSIDER},=Outsider,Olga,Active,,"),
        ]
        .join("\n"),
    );
    s.file(
        "cigna.csv",
        &format!("NPI,Last Name,First Name,Status\n{OUTSIDER},Zeller,Zack,Terminated\n"),
    );
    s.file(
        "credrecon.toml",
        r#"organization = "Injection"
as_of = "2026-11-30"

[policy]
required_credentials = { default = [] }

[[sources]]
name = "roster"
kind = "roster"
path = "@roster.csv"

[[sources]]
name = "aetna"
kind = "enrollment"
path = "aetna.csv"
payer = "\tTab Plan"

[[sources]]
name = "cigna"
kind = "enrollment"
path = "cigna.csv"
payer = "\rCR Plan"
"#,
    );
    let dir = s.run_ok(AS_OF, &[]);

    // Nothing dangerous anywhere.
    let mut csv_files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    csv_files.sort();
    assert!(csv_files.len() >= 8, "{csv_files:?}");
    for file in &csv_files {
        let table = read_table(&dir.join(file));
        for row in &table.rows {
            for (column, cell) in table.header.iter().zip(row) {
                assert!(!dangerous(cell), "{file}, column {column}: {cell:?}");
            }
        }
    }

    // And the texts are there, defused.
    let findings = read_table(&dir.join("findings.csv")).records();
    let has = |column: &str, value: &str| findings.iter().any(|f| f[column] == value);
    let expect = [
        ("provider_id", "'=HYPERLINK(\"http://x.test\",\"x\")"),
        ("provider_id", "'-P2"),
        ("provider_name", "'+Plus, @At"),
        ("roster_value", "'-12"),
        ("source_value", "'+99"),
        ("roster_value", "'=Cardiology"),
        ("source_value", "'-Cardio"),
        ("payer", "'\tTab Plan"),
        ("payer", "'\rCR Plan"),
        ("source_file", "'@roster.csv"),
    ];
    for (column, value) in expect {
        assert!(
            has(column, value),
            "no finding with {column} = {value:?}\n{}",
            listing(&findings)
        );
    }
    // The unreadable date's raw text (its column is the samples' concern).
    assert!(
        findings.iter().any(|f| f["code"] == "INVALID_DATE"
            && (f["roster_value"] == "'=NOW()" || f["source_value"] == "'=NOW()")),
        "{}",
        listing(&findings)
    );
    assert!(
        findings
            .iter()
            .any(|f| f["code"] == "ENROLLED_NOT_ON_ROSTER" && f["provider_name"].starts_with("'=")),
        "{}",
        listing(&findings)
    );
    let compliance = read_table(&dir.join("compliance.csv")).records();
    assert!(
        compliance.iter().any(
            |r| r["provider_id"] == "'=HYPERLINK(\"http://x.test\",\"x\")"
                && r["provider_name"] == "'+Plus, @At"
        ),
        "{:?}",
        compliance
    );
    let rejected = read_table(&dir.join("rejected_rows.csv")).records();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0]["raw"], "'@SUM(1+1)");
    assert_eq!(rejected[0]["file"], "'@roster.csv");
}

#[test]
fn credential_text_from_a_credentials_source_is_defused_too() {
    let s = Sandbox::new();
    s.file(
        "roster.csv",
        &format!("Provider ID,NPI,Last Name,First Name\nP1,{N1},Abbott,Anne\n"),
    );
    // An unknown credential type and a number, both formula-like, expiring in 10 days.
    s.file(
        "credentials.csv",
        &format!(
            "NPI,Type,Number,State,Expiration Date\n{N1},=cmd|' /c calc'!A0,+X-1,CT,12/10/2026\n"
        ),
    );
    s.file(
        "credrecon.toml",
        r#"organization = "Injection"
as_of = "2026-11-30"

[policy]
required_credentials = { default = [] }

[[sources]]
name = "roster"
kind = "roster"
path = "roster.csv"

[[sources]]
name = "credentials"
kind = "credentials"
path = "credentials.csv"
"#,
    );
    let dir = s.run_ok(AS_OF, &[]);
    for file in ["findings.csv", "expirations.csv"] {
        let table = read_table(&dir.join(file));
        assert!(!table.rows.is_empty(), "{file} is empty");
        for row in &table.rows {
            for (column, cell) in table.header.iter().zip(row) {
                assert!(!dangerous(cell), "{file}, column {column}: {cell:?}");
            }
        }
    }
}

/// One provider whose malpractice policy expires on `expiration` (MM/DD/YYYY), nothing else to find.
fn one_expiration(expiration: &str) -> Sandbox {
    let s = Sandbox::new();
    s.file(
        "roster.csv",
        &format!("{ROSTER_HEADER}\nP1,{N1},Abbott,Anne,,,,M-1,{expiration},,,,\n"),
    );
    s.file("credrecon.toml", &config(""));
    s
}

#[test]
fn fail_on_exits_1_only_when_a_finding_is_at_or_above_the_level() {
    // 12/10/2026 is 10 days away: CREDENTIAL_EXPIRING high.
    let high = one_expiration("12/10/2026");
    let code = |s: &Sandbox, args: &[&str]| s.run(args).code;
    assert_eq!(code(&high, &["--fail-on", "high"]), Some(1));
    assert_eq!(code(&high, &["--fail-on", "medium"]), Some(1));
    assert_eq!(code(&high, &["--fail-on", "critical"]), Some(0));
    assert_eq!(code(&high, &[]), Some(0));
    // Exit 1 is still a success: the reports are written.
    assert!(
        high.path()
            .join("out")
            .join(AS_OF)
            .join("findings.csv")
            .is_file()
    );

    // 02/01/2027 is 63 days away: medium only.
    let medium = one_expiration("02/01/2027");
    assert_eq!(code(&medium, &["--fail-on", "high"]), Some(0));
    assert_eq!(code(&medium, &["--fail-on", "medium"]), Some(1));
    assert_eq!(code(&medium, &["--fail-on", "low"]), Some(1));

    // 01/01/2026 has passed: CREDENTIAL_EXPIRED critical, above `high`.
    let critical = one_expiration("01/01/2026");
    assert_eq!(code(&critical, &["--fail-on", "high"]), Some(1));
    assert_eq!(code(&critical, &[]), Some(0));
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_second_run_replaces_the_run_folder_as_a_whole() {
    let s = one_expiration("12/10/2026");
    let dir = s.run_ok(AS_OF, &[]);
    let stray = dir.join("stray.txt");
    std::fs::write(&stray, "left by hand").unwrap();
    let again = s.run_ok(AS_OF, &[]);
    assert_eq!(again, dir);
    assert!(!stray.exists(), "the second run kept a file of the first");
    assert!(dir.join("findings.csv").is_file());
    assert!(dir.join("manifest.json").is_file());
    // No staging or backup folder is left beside it.
    assert_eq!(entries(&s.path().join("out")), [AS_OF]);
}

#[test]
fn a_failed_run_leaves_the_earlier_folder_alone() {
    let s = one_expiration("12/10/2026");
    let dir = s.run_ok(AS_OF, &[]);
    let before = std::fs::read(dir.join("findings.csv")).unwrap();
    let marker = dir.join("marker.txt");
    std::fs::write(&marker, "still here").unwrap();
    std::fs::remove_file(s.path().join("roster.csv")).unwrap();
    let failed = s.run(&[]);
    assert_eq!(failed.code, Some(2), "{}", failed.stderr);
    assert!(marker.is_file());
    assert_eq!(std::fs::read(dir.join("findings.csv")).unwrap(), before);
    assert_eq!(entries(&s.path().join("out")), [AS_OF]);
}

#[cfg(unix)]
#[test]
fn report_files_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let s = mixed();
    let dir = s.run_ok(AS_OF, &[]);
    let files = entries(&dir);
    assert!(files.iter().any(|f| f == "findings.csv"));
    assert!(files.iter().any(|f| f == "manifest.json"));
    for name in files {
        let mode = std::fs::metadata(dir.join(&name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}: {:o}", mode & 0o777);
    }
}

#[test]
fn rejected_rows_lists_a_ragged_row_with_its_line_and_reason() {
    let s = Sandbox::new();
    s.file(
        "roster.csv",
        &[
            "Provider ID,NPI,Last Name,First Name,Notes",
            // Lines 2-3: one record whose Notes cell spans two lines.
            &format!("P1,{N1},Abbott,Anne,\"two"),
            "lines\"",
            // Line 4: 4 fields where the header has 5 → rejected.
            &format!("P2,{N2},Baker,Ben"),
            &format!("P3,{N3},Carter,Cara,fine"),
        ]
        .join("\n"),
    );
    s.file(
        "credrecon.toml",
        "organization = \"Rejected\"\nas_of = \"2026-11-30\"\n\n[[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"roster.csv\"\n",
    );
    let dir = s.run_ok(AS_OF, &[]);
    let rejected = read_table(&dir.join("rejected_rows.csv")).records();
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    let r = &rejected[0];
    assert_eq!(r["source"], "roster");
    assert_eq!(r["file"], "roster.csv");
    assert_eq!(r["row"], "4");
    assert_eq!(r["raw"], format!("P2,{N2},Baker,Ben"));
    assert!(
        r["reason"].contains('4') && r["reason"].contains('5'),
        "the reason should say 4 fields against 5: {}",
        r["reason"]
    );
    // The rejected provider is not checked; the others are, and the manifest counts the rejection.
    let findings: Vec<Record> = read_table(&dir.join("findings.csv")).records();
    assert!(findings.iter().all(|f| f["provider_id"] != "P2"));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let roster = &manifest["sources"][0];
    assert_eq!(roster["name"], "roster");
    assert_eq!(roster["rows_read"], 3);
    assert_eq!(roster["rows_rejected"], 1);
}

#[test]
fn the_as_of_flag_overrides_the_config() {
    // Malpractice 01/31/2027: 62 days after the config's 2026-11-30 (medium), 16 after 2027-01-15 (high).
    let s = one_expiration("01/31/2027");
    let dir = s.run_ok("2027-01-15", &["--as-of", "2027-01-15"]);
    assert_eq!(entries(&s.path().join("out")), ["2027-01-15"]);
    let findings = read_table(&dir.join("findings.csv")).records();
    assert_eq!(findings.len(), 1, "{}", listing(&findings));
    let f = &findings[0];
    assert_eq!(
        (
            f["code"].as_str(),
            f["severity"].as_str(),
            f["due_date"].as_str(),
            f["days_left"].as_str()
        ),
        ("CREDENTIAL_EXPIRING", "high", "2027-01-31", "16")
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["as_of"], "2027-01-15");

    // Without the flag: the config's date.
    let dir = s.run_ok(AS_OF, &[]);
    let findings = read_table(&dir.join("findings.csv")).records();
    assert_eq!(findings.len(), 1, "{}", listing(&findings));
    assert_eq!(
        (
            findings[0]["severity"].as_str(),
            findings[0]["days_left"].as_str()
        ),
        ("medium", "62")
    );
}

#[test]
fn a_run_with_nothing_to_chart_still_writes_every_report() {
    // One clean provider: no expiration within 12 months, no enrollment source, no finding at all.
    let s = one_expiration("12/31/2030");
    let dir = s.run_ok(AS_OF, &[]);
    assert!(read_table(&dir.join("findings.csv")).rows.is_empty());
    let workbook = dir.join(format!("credentialing-audit-{AS_OF}.xlsx"));
    assert!(workbook.is_file(), "{:?}", entries(&dir));
}
