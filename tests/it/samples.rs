//! The sample organization of `samples/` (Harbor Valley Medical Group, as_of 2026-11-30), run through the
//! real executable. The expected findings are the table of `samples/README.md`, worked out by hand by an
//! independent checker and transcribed here as data: the run must produce every one of them and nothing else.

use crate::support::{Record, credrecon, listing, read_table};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const AS_OF: &str = "2026-11-30";

/// One row of the README table. `provider_id`, `npi` and `source_row` are always compared (`""` = the table's
/// `-`: no provider, no NPI, or a record absent from the cited source); `payer` too (`""` = the table's `-`:
/// only findings cited from an enrollment source carry a payer). `given` holds the further columns the
/// table gives for that row (credential type / state / number, field, due date, days left, gap days); where
/// the table has `-` in those columns it says nothing about them, so they are not compared.
struct Want {
    n: u32,
    code: &'static str,
    severity: &'static str,
    provider_id: &'static str,
    npi: &'static str,
    payer: &'static str,
    source: &'static str,
    source_row: &'static str,
    given: &'static [(&'static str, &'static str)],
}

const CT: &str = "credential_type";

#[rustfmt::skip]
const EXPECTED: &[Want] = &[
    Want { n: 1, code: "LICENSE_NOT_ACTIVE", severity: "critical", provider_id: "HV-1002", npi: "1831197896", payer: "", source: "ma_board", source_row: "26",
           given: &[(CT, "state_license"), ("state", "MA"), ("number", "229645")] },
    // Next Recredential 10/11/2026 has passed.
    Want { n: 2, code: "CREDENTIAL_EXPIRED", severity: "critical", provider_id: "HV-1003", npi: "1437153061", payer: "", source: "roster", source_row: "59",
           given: &[(CT, "recredentialing"), ("due_date", "2026-10-11")] },
    Want { n: 3, code: "NPI_DEACTIVATED", severity: "critical", provider_id: "HV-1003", npi: "1437153061", payer: "", source: "nppes", source_row: "72",
           given: &[] },
    Want { n: 4, code: "EXCLUSION_MATCH", severity: "critical", provider_id: "HV-1029", npi: "1588662985", payer: "", source: "oig_leie", source_row: "164",
           given: &[] },
    Want { n: 5, code: "CREDENTIAL_EXPIRED", severity: "critical", provider_id: "HV-1038", npi: "1831196161", payer: "", source: "roster", source_row: "26",
           given: &[(CT, "dea"), ("number", "BH2833413"), ("due_date", "2026-10-31")] },
    Want { n: 6, code: "EXCLUSION_MATCH", severity: "critical", provider_id: "HV-1047", npi: "1992701932", payer: "", source: "oig_leie", source_row: "76",
           given: &[] },
    // Absent from the CT board file: no source row.
    Want { n: 7, code: "LICENSE_NOT_FOUND", severity: "high", provider_id: "HV-1001", npi: "1245238260", payer: "", source: "ct_board", source_row: "",
           given: &[(CT, "state_license"), ("state", "CT"), ("number", "035126")] },
    Want { n: 8, code: "PSV_STALE", severity: "high", provider_id: "HV-1001", npi: "1245238260", payer: "", source: "roster", source_row: "39",
           given: &[(CT, "state_license"), ("state", "MA"), ("number", "77533")] },
    Want { n: 9, code: "EXCLUSION_POSSIBLE_MATCH", severity: "high", provider_id: "HV-1002", npi: "1831197896", payer: "", source: "ct_medicaid", source_row: "21",
           given: &[] },
    // CAQH 07/10/2026 + 120 days = 11/07/2026.
    Want { n: 10, code: "CREDENTIAL_EXPIRED", severity: "high", provider_id: "HV-1004", npi: "1154326833", payer: "", source: "roster", source_row: "15",
           given: &[(CT, "caqh_attestation"), ("due_date", "2026-11-07")] },
    Want { n: 11, code: "ENROLLMENT_MISSING", severity: "high", provider_id: "HV-1004", npi: "1154326833", payer: "Anthem BCBS CT", source: "bcbs", source_row: "",
           given: &[] },
    Want { n: 12, code: "ENROLLED_AFTER_TERMINATION", severity: "high", provider_id: "HV-1018", npi: "1144227125", payer: "Aetna", source: "aetna", source_row: "47",
           given: &[] },
    Want { n: 13, code: "NPI_NOT_FOUND", severity: "high", provider_id: "HV-1024", npi: "1659377307", payer: "", source: "nppes", source_row: "",
           given: &[] },
    // CAQH 08/22/2026 + 120 = 12/20/2026, 20 days after as_of.
    Want { n: 14, code: "CREDENTIAL_EXPIRING", severity: "high", provider_id: "HV-1035", npi: "1184620064", payer: "", source: "roster", source_row: "54",
           given: &[(CT, "caqh_attestation"), ("due_date", "2026-12-20"), ("days_left", "20")] },
    Want { n: 15, code: "CREDENTIAL_EXPIRING", severity: "high", provider_id: "HV-1049", npi: "1558368480", payer: "", source: "roster", source_row: "38",
           given: &[(CT, "dea"), ("number", "FL0547224"), ("due_date", "2026-12-14"), ("days_left", "14")] },
    Want { n: 16, code: "ENROLLMENT_NOT_ACTIVE", severity: "high", provider_id: "HV-1049", npi: "1558368480", payer: "Aetna", source: "aetna", source_row: "35",
           given: &[] },
    Want { n: 17, code: "LICENSE_DISCIPLINE", severity: "high", provider_id: "HV-1054", npi: "1609872571", payer: "", source: "ma_board", source_row: "30",
           given: &[(CT, "state_license"), ("state", "MA"), ("number", "81828")] },
    // The finding carries the roster's (invalid) NPI as written.
    Want { n: 18, code: "NPI_INVALID", severity: "high", provider_id: "HV-1057", npi: "1275537001", payer: "", source: "roster", source_row: "45",
           given: &[("field", "npi")] },
    Want { n: 19, code: "CREDENTIAL_MISSING", severity: "high", provider_id: "HV-1058", npi: "1285630970", payer: "", source: "roster", source_row: "14",
           given: &[(CT, "board_certification")] },
    Want { n: 20, code: "ENROLLMENT_MISSING", severity: "high", provider_id: "HV-1058", npi: "1285630970", payer: "Medicare", source: "medicare", source_row: "",
           given: &[] },
    Want { n: 21, code: "NPI_MISSING", severity: "high", provider_id: "HV-1059", npi: "", payer: "", source: "roster", source_row: "42",
           given: &[("field", "npi")] },
    Want { n: 22, code: "ENROLLMENT_NOT_ACTIVE", severity: "high", provider_id: "HV-1060", npi: "1851395651", payer: "Anthem BCBS CT", source: "bcbs", source_row: "9",
           given: &[] },
    // Readings: the canonical field name in `field` (the raw text in `roster_value`: its own test below).
    Want { n: 23, code: "INVALID_DATE", severity: "medium", provider_id: "HV-1018", npi: "1144227125", payer: "", source: "roster", source_row: "50",
           given: &[("field", "last_credentialed_date")] },
    // 02/29/2024 + 36 months clamps to 02/28/2027: 31 + 31 + 28 = 90 days after as_of.
    Want { n: 24, code: "CREDENTIAL_EXPIRING", severity: "medium", provider_id: "HV-1024", npi: "1659377307", payer: "", source: "roster", source_row: "34",
           given: &[(CT, "recredentialing"), ("due_date", "2027-02-28"), ("days_left", "90")] },
    // 31 + 31 + 14 = 76.
    Want { n: 25, code: "CREDENTIAL_EXPIRING", severity: "medium", provider_id: "HV-1025", npi: "1841297603", payer: "", source: "roster", source_row: "56",
           given: &[(CT, "malpractice"), ("number", "PRA-418822"), ("due_date", "2027-02-14"), ("days_left", "76")] },
    // Cites the first of the two roster rows with that NPI.
    Want { n: 26, code: "DUPLICATE_PROVIDER", severity: "medium", provider_id: "HV-1027", npi: "1700881554", payer: "", source: "roster", source_row: "6",
           given: &[("field", "npi")] },
    Want { n: 27, code: "NAME_MISMATCH", severity: "medium", provider_id: "HV-1028", npi: "1538161732", payer: "Aetna", source: "aetna", source_row: "40",
           given: &[] },
    Want { n: 28, code: "PSV_MISSING", severity: "medium", provider_id: "HV-1028", npi: "1538161732", payer: "", source: "roster", source_row: "53",
           given: &[(CT, "dea"), ("number", "FS8737857")] },
    // 31 + 15 = 46.
    Want { n: 29, code: "CREDENTIAL_EXPIRING", severity: "medium", provider_id: "HV-1033", npi: "1902808124", payer: "", source: "roster", source_row: "9",
           given: &[(CT, "malpractice"), ("number", "PRA-230941"), ("due_date", "2027-01-15"), ("days_left", "46")] },
    Want { n: 30, code: "NAME_MISMATCH", severity: "medium", provider_id: "HV-1033", npi: "1902808124", payer: "", source: "ma_board", source_row: "9",
           given: &[] },
    Want { n: 31, code: "UNRECOGNIZED_VALUE", severity: "medium", provider_id: "HV-1037", npi: "1912903030", payer: "", source: "roster", source_row: "32",
           given: &[("field", "status")] },
    Want { n: 32, code: "NAME_MISMATCH", severity: "medium", provider_id: "HV-1040", npi: "1093712226", payer: "Medicare", source: "medicare", source_row: "97",
           given: &[] },
    Want { n: 33, code: "NAME_MISMATCH", severity: "medium", provider_id: "HV-1040", npi: "1093712226", payer: "", source: "nppes", source_row: "16",
           given: &[] },
    // 03/03/2025 → 04/17/2025: 28 days to the end of March + 17 = 45.
    Want { n: 34, code: "ENROLLMENT_EFFECTIVE_GAP", severity: "medium", provider_id: "HV-1051", npi: "1942203690", payer: "Aetna", source: "aetna", source_row: "48",
           given: &[("gap_days", "45")] },
    // 12/31/2026 is 31 days after as_of: medium (high only up to 30).
    Want { n: 35, code: "CREDENTIAL_EXPIRING", severity: "medium", provider_id: "HV-1054", npi: "1609872571", payer: "", source: "roster", source_row: "22",
           given: &[(CT, "board_certification"), ("number", "ABIM - Internal Medicine"), ("due_date", "2026-12-31"), ("days_left", "31")] },
    Want { n: 36, code: "PSV_MISSING", severity: "medium", provider_id: "HV-1059", npi: "", payer: "", source: "roster", source_row: "42",
           given: &[(CT, "state_license"), ("state", "CT"), ("number", "002343")] },
    Want { n: 37, code: "LICENSE_EXPIRATION_MISMATCH", severity: "medium", provider_id: "HV-1060", npi: "1851395651", payer: "", source: "ct_board", source_row: "66",
           given: &[(CT, "state_license"), ("state", "CT"), ("number", "041848")] },
    // Readings: ENROLLED_NOT_ON_ROSTER has no provider_id and the payer row's NPI.
    Want { n: 38, code: "ENROLLED_NOT_ON_ROSTER", severity: "medium", provider_id: "", npi: "1275530701", payer: "Aetna", source: "aetna", source_row: "42",
           given: &[] },
    Want { n: 39, code: "ENROLLED_NOT_ON_ROSTER", severity: "medium", provider_id: "", npi: "1497751168", payer: "Aetna", source: "aetna", source_row: "23",
           given: &[] },
    Want { n: 40, code: "NPPES_LICENSE_MISSING", severity: "low", provider_id: "HV-1025", npi: "1841297603", payer: "", source: "nppes", source_row: "137",
           given: &[(CT, "state_license"), ("state", "MA"), ("number", "298417")] },
    Want { n: 41, code: "ENROLLMENT_FIELD_MISMATCH", severity: "low", provider_id: "HV-1035", npi: "1184620064", payer: "Anthem BCBS CT", source: "bcbs", source_row: "22",
           given: &[("field", "tax_id")] },
    Want { n: 42, code: "ENROLLMENT_FIELD_MISMATCH", severity: "low", provider_id: "HV-1038", npi: "1831196161", payer: "Aetna", source: "aetna", source_row: "24",
           given: &[("field", "specialty")] },
    Want { n: 43, code: "LICENSE_NUMBER_MISMATCH", severity: "low", provider_id: "HV-1051", npi: "1942203690", payer: "", source: "ct_board", source_row: "9",
           given: &[(CT, "state_license"), ("state", "CT"), ("number", "49070")] },
    // Medicare, OFAC and former names (scripts/add_medicare_ofac_samples.py).
    // Therrien opted out 01/01/2025 to 01/01/2027 and is in PECOS (medicare row 38).
    Want { n: 44, code: "MEDICARE_OPT_OUT", severity: "critical", provider_id: "HV-1012", npi: "1023011145", payer: "Medicare", source: "medicare_opt_out", source_row: "11",
           given: &[] },
    // Rhee's NPPES former name PARK, MARIA; the LEIE row PARK, MARIA has her DOB 19580426.
    Want { n: 45, code: "EXCLUSION_MATCH", severity: "critical", provider_id: "HV-1026", npi: "1518965888", payer: "", source: "oig_leie", source_row: "165",
           given: &[("field", "name+dob")] },
    // Villegas: revalidation due 2026-10-31, no adjusted date.
    Want { n: 46, code: "CREDENTIAL_EXPIRED", severity: "critical", provider_id: "HV-1045", npi: "1255337317", payer: "", source: "medicare_revalidation", source_row: "6",
           given: &[(CT, "medicare_revalidation"), ("state", "CT"), ("number", "I20140612000101"), ("due_date", "2026-10-31"), ("days_left", "-30")] },
    // The real OFAC entry GUTIERREZ REYES, Jose (no DOB): words of one last name are all in the other.
    Want { n: 47, code: "EXCLUSION_POSSIBLE_MATCH", severity: "high", provider_id: "HV-1042", npi: "1104823897", payer: "", source: "ofac_sdn", source_row: "35",
           given: &[("field", "name+state")] },
    // Cummings opted out 09/01/2026 to 09/01/2028; no Medicare enrollment.
    Want { n: 48, code: "MEDICARE_OPT_OUT", severity: "high", provider_id: "HV-1058", npi: "1285630970", payer: "Medicare", source: "medicare_opt_out", source_row: "12",
           given: &[] },
    // Barrow: due 2026-06-30, adjusted 2027-01-31 (61-90).
    Want { n: 49, code: "CREDENTIAL_EXPIRING", severity: "medium", provider_id: "HV-1030", npi: "1639175466", payer: "", source: "medicare_revalidation", source_row: "7",
           given: &[(CT, "medicare_revalidation"), ("state", "MA"), ("number", "I20150903000202"), ("due_date", "2027-01-31"), ("days_left", "62")] },
];

/// SPEC §4: the category of each code.
fn category_of(code: &str) -> &'static str {
    match code {
        "NPI_MISSING" | "NPI_INVALID" | "DUPLICATE_PROVIDER" | "INVALID_DATE"
        | "UNRECOGNIZED_VALUE" => "data_quality",
        "NPI_NOT_FOUND"
        | "NPI_DEACTIVATED"
        | "NAME_MISMATCH"
        | "NPPES_LICENSE_MISSING"
        | "LICENSE_NOT_FOUND"
        | "LICENSE_NOT_ACTIVE"
        | "LICENSE_DISCIPLINE"
        | "LICENSE_EXPIRATION_MISMATCH"
        | "LICENSE_NUMBER_MISMATCH"
        | "ENROLLMENT_FIELD_MISMATCH" => "discrepancy",
        "CREDENTIAL_EXPIRED" | "CREDENTIAL_EXPIRING" | "CREDENTIAL_MISSING" => "expiration",
        "ENROLLMENT_MISSING"
        | "ENROLLMENT_NOT_ACTIVE"
        | "ENROLLMENT_EFFECTIVE_GAP"
        | "ENROLLED_NOT_ON_ROSTER"
        | "ENROLLED_AFTER_TERMINATION"
        | "MEDICARE_OPT_OUT" => "enrollment",
        "EXCLUSION_MATCH" | "EXCLUSION_POSSIBLE_MATCH" => "exclusion",
        "PSV_STALE" | "PSV_MISSING" => "compliance",
        other => panic!("unknown code {other}"),
    }
}

fn samples_config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/credrecon.toml")
}

/// Run the samples into `out` and return the run folder.
fn run_samples(out: &Path) -> PathBuf {
    let outcome = credrecon(
        &[
            "run",
            samples_config().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(
        outcome.code,
        Some(0),
        "stderr: {}\nstdout: {}",
        outcome.stderr,
        outcome.stdout
    );
    out.join(AS_OF)
}

fn matches(want: &Want, f: &Record) -> bool {
    f["code"] == want.code
        && f["provider_id"] == want.provider_id
        && f["npi"] == want.npi
        && f["source"] == want.source
        && f["source_row"] == want.source_row
        && f["payer"] == want.payer
        && want
            .given
            .iter()
            .all(|(column, value)| f[*column] == *value)
}

#[test]
fn samples_produce_exactly_the_49_findings_of_the_readme() {
    let out = tempfile::tempdir().unwrap();
    let dir = run_samples(out.path());
    let findings = read_table(&dir.join("findings.csv")).records();
    let mut problems = Vec::new();
    let mut used = vec![false; findings.len()];
    for want in EXPECTED {
        let hits: Vec<usize> = (0..findings.len())
            .filter(|&i| matches(want, &findings[i]))
            .collect();
        match hits.as_slice() {
            [i] => {
                used[*i] = true;
                let f = &findings[*i];
                if f["severity"] != want.severity {
                    problems.push(format!(
                        "#{} {}: severity {} instead of {}",
                        want.n, want.code, f["severity"], want.severity
                    ));
                }
                if f["category"] != category_of(want.code) {
                    problems.push(format!(
                        "#{} {}: category {} instead of {}",
                        want.n,
                        want.code,
                        f["category"],
                        category_of(want.code)
                    ));
                }
                if f["status"] != "new" {
                    problems.push(format!("#{}: status {}", want.n, f["status"]));
                }
            }
            [] => problems.push(format!(
                "#{} {} {} ({}#{}) is missing",
                want.n, want.code, want.provider_id, want.source, want.source_row
            )),
            many => problems.push(format!(
                "#{} {} {} matches {} findings",
                want.n,
                want.code,
                want.provider_id,
                many.len()
            )),
        }
    }
    let unexpected: Vec<Record> = findings
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(f, _)| f.clone())
        .collect();
    if !unexpected.is_empty() {
        problems.push(format!("unexpected findings:\n{}", listing(&unexpected)));
    }
    assert!(
        problems.is_empty(),
        "{}\n\nall findings:\n{}",
        problems.join("\n"),
        listing(&findings)
    );
    assert_eq!(findings.len(), 49);
}

#[test]
fn samples_manifest_counts() {
    let out = tempfile::tempdir().unwrap();
    let dir = run_samples(out.path());
    let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();

    assert_eq!(manifest["as_of"], AS_OF);
    assert_eq!(manifest["findings_total"], 49);

    // "Counts by code" of the README.
    let by_code: BTreeMap<&str, u64> = [
        ("CREDENTIAL_EXPIRED", 4),
        ("CREDENTIAL_EXPIRING", 7),
        ("CREDENTIAL_MISSING", 1),
        ("DUPLICATE_PROVIDER", 1),
        ("ENROLLED_AFTER_TERMINATION", 1),
        ("ENROLLED_NOT_ON_ROSTER", 2),
        ("ENROLLMENT_EFFECTIVE_GAP", 1),
        ("ENROLLMENT_FIELD_MISMATCH", 2),
        ("ENROLLMENT_MISSING", 2),
        ("ENROLLMENT_NOT_ACTIVE", 2),
        ("EXCLUSION_MATCH", 3),
        ("EXCLUSION_POSSIBLE_MATCH", 2),
        ("INVALID_DATE", 1),
        ("LICENSE_DISCIPLINE", 1),
        ("LICENSE_EXPIRATION_MISMATCH", 1),
        ("LICENSE_NOT_ACTIVE", 1),
        ("LICENSE_NOT_FOUND", 1),
        ("LICENSE_NUMBER_MISMATCH", 1),
        ("MEDICARE_OPT_OUT", 2),
        ("NAME_MISMATCH", 4),
        ("NPI_DEACTIVATED", 1),
        ("NPI_INVALID", 1),
        ("NPI_MISSING", 1),
        ("NPI_NOT_FOUND", 1),
        ("NPPES_LICENSE_MISSING", 1),
        ("PSV_MISSING", 2),
        ("PSV_STALE", 1),
        ("UNRECOGNIZED_VALUE", 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(by_code.values().sum::<u64>(), 49);
    let counted = manifest["counts_by_code"]
        .as_object()
        .expect("counts_by_code is an object");
    for (code, n) in counted {
        let want = by_code.get(code.as_str()).copied().unwrap_or(0);
        assert_eq!(n.as_u64(), Some(want), "counts_by_code.{code}");
    }
    for code in by_code.keys() {
        assert!(counted.contains_key(*code), "counts_by_code lacks {code}");
    }
    // By severity: critical 9, high 18, medium 18, low 4.
    for (severity, n) in [("critical", 9), ("high", 18), ("medium", 18), ("low", 4)] {
        assert_eq!(
            manifest["counts_by_severity"][severity], n,
            "counts_by_severity.{severity}"
        );
    }
    // LU, Steven: LEIE name match cleared by a different date of birth; nothing cleared on the CT list.
    let cleared = &manifest["exclusion_name_matches_cleared_by_dob"];
    assert_eq!(cleared["oig_leie"], 1);
    assert_eq!(cleared["ct_medicaid"].as_u64().unwrap_or(0), 0);
    assert_eq!(cleared["ofac_sdn"].as_u64().unwrap_or(0), 0);

    // Rows per source: the "rows" column of the README's file table; nothing rejected.
    let rows: BTreeMap<&str, u64> = [
        ("roster", 61),
        ("aetna", 61),
        ("bcbs", 26),
        ("medicare", 99),
        ("ct_board", 76),
        ("ma_board", 80),
        ("nppes", 158),
        ("oig_leie", 164),
        ("ct_medicaid", 65),
        // 71 entry lines and their 66 alias lines.
        ("ofac_sdn", 137),
        ("medicare_opt_out", 12),
        ("medicare_revalidation", 7),
    ]
    .into_iter()
    .collect();
    let sources = manifest["sources"].as_array().expect("sources is an array");
    assert_eq!(sources.len(), rows.len());
    for s in sources {
        let name = s["name"].as_str().unwrap();
        assert_eq!(
            s["rows_read"].as_u64(),
            Some(rows[name]),
            "rows_read of {name}"
        );
        assert_eq!(s["rows_rejected"], 0, "rows_rejected of {name}");
        assert_eq!(
            s["sha256"].as_str().map(str::len),
            Some(64),
            "sha256 of {name}"
        );
    }
    assert_eq!(
        manifest["config"]["sha256"].as_str().map(str::len),
        Some(64)
    );
}

#[test]
fn samples_two_runs_give_byte_identical_csv_files() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (da, db) = (run_samples(a.path()), run_samples(b.path()));
    let csv_files = |dir: &Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv"))
            .collect();
        names.sort();
        names
    };
    let names = csv_files(&da);
    assert_eq!(names, csv_files(&db));
    for want in [
        "findings.csv",
        "discrepancies.csv",
        "expirations.csv",
        "enrollment_gaps.csv",
        "exclusions.csv",
        "data_quality.csv",
        "compliance.csv",
        "rejected_rows.csv",
    ] {
        assert!(names.iter().any(|n| n == want), "{want} was not written");
    }
    for name in &names {
        let (x, y) = (
            std::fs::read(da.join(name)).unwrap(),
            std::fs::read(db.join(name)).unwrap(),
        );
        assert!(x == y, "{name} differs between two runs of the same inputs");
    }
}

/// The workbook's sheets are filled side by side on the thread pool: which sheet finishes first must not
/// show in the file. Two runs give the same bytes.
#[test]
fn samples_two_runs_give_a_byte_identical_workbook() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (da, db) = (run_samples(a.path()), run_samples(b.path()));
    let name = "credentialing-audit-2026-11-30.xlsx";
    let (x, y) = (
        std::fs::read(da.join(name)).unwrap(),
        std::fs::read(db.join(name)).unwrap(),
    );
    assert!(x.len() > 10_000, "{name} holds the sheets");
    assert!(x == y, "{name} differs between two runs of the same inputs");
}

/// README, Readings: "INVALID_DATE uses the canonical field name (`last_credentialed_date`) in `field`; the raw
/// value `06/31/2024` goes in `roster_value`" — the unreadable text is the roster's own value.
#[test]
fn samples_invalid_date_keeps_the_raw_roster_text_in_roster_value() {
    let out = tempfile::tempdir().unwrap();
    let dir = run_samples(out.path());
    let findings = read_table(&dir.join("findings.csv")).records();
    let invalid: Vec<&Record> = findings
        .iter()
        .filter(|f| f["code"] == "INVALID_DATE")
        .collect();
    assert_eq!(invalid.len(), 1, "{}", listing(&findings));
    assert_eq!(invalid[0]["field"], "last_credentialed_date");
    assert_eq!(invalid[0]["roster_value"], "06/31/2024");
}
