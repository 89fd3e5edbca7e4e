//! Every real fixture read through `tests/fixtures/real/readers.toml`, checked against the hand-verified
//! facts of `tests/fixtures/real/FACTS.md` (record counts, header rows, values at given rows).

use crate::support::{assert_row, filled, header_of, load_source, nulls, value};
use credrecon::config::{Profile, Scope};
use credrecon::ingest;
use credrecon::model::Kind;

// ---- OIG LEIE (FACTS §1)

#[test]
fn leie_reads_436_records_under_its_unquoted_header() {
    let leie = load_source("leie", None);
    assert_eq!(leie.rows_read, 436);
    assert_eq!(leie.rows_used(), 436);
    assert_eq!(leie.header_row, 1);
    assert_eq!(
        (leie.profile, leie.profile_detected),
        (Some(Profile::Leie), true)
    );
    assert_eq!(header_of(&leie, "last_name").as_deref(), Some("LASTNAME"));
    assert_eq!(
        header_of(&leie, "business_name").as_deref(),
        Some("BUSNAME")
    );
    assert_eq!(
        header_of(&leie, "exclusion_date").as_deref(),
        Some("EXCLDATE")
    );
    // CRLF on every line: records start on lines 2..=437, one per line.
    assert_eq!(leie.frame.rows(), (2..=437).collect::<Vec<u64>>());
}

#[test]
fn leie_individual_with_npi_and_date_of_birth() {
    let leie = load_source("leie", None);
    assert_row(
        &leie,
        200,
        &[
            ("last_name", Some("CHRISTENSEN")),
            ("first_name", Some("JOHN")),
            ("middle_name", Some("PETER")),
            ("npi", Some("1801839139")),
            ("dob", Some("1951-09-25")),
            ("exclusion_date", Some("2019-02-20")),
            ("exclusion_type", Some("1128a2")),
            ("state", Some("FL")),
            ("reinstatement_date", None),
        ],
    );
    assert_row(
        &leie,
        201,
        &[
            ("npi", Some("1801839139")),
            ("exclusion_date", Some("2013-11-20")),
        ],
    );
    assert_row(
        &leie,
        202,
        &[
            ("npi", Some("1801839139")),
            ("middle_name", None),
            ("exclusion_type", Some("1128a1")),
        ],
    );
    assert_row(
        &leie,
        210,
        &[
            ("last_name", Some("CHRISTIAN")),
            ("first_name", Some("AMY")),
            ("npi", Some("1669639944")),
            ("dob", Some("1972-11-29")),
            ("exclusion_date", Some("2014-01-20")),
            ("state", Some("OH")),
        ],
    );
}

#[test]
fn leie_business_row_has_no_person_name() {
    let leie = load_source("leie", None);
    assert_row(
        &leie,
        2,
        &[
            ("business_name", Some("#1 MARKETING SERVICE, INC")),
            ("last_name", None),
            ("first_name", None),
            ("npi", None),
            ("exclusion_date", Some("2020-03-19")),
            ("state", Some("NY")),
        ],
    );
    assert_row(
        &leie,
        231,
        &[("last_name", Some("CHRISTIAN JR")), ("npi", None)],
    );
    assert_row(
        &leie,
        437,
        &[
            ("last_name", Some("PEREZ")),
            ("first_name", Some("NADIR")),
            ("middle_name", Some("ARMANDO")),
            ("dob", Some("1997-06-11")),
            ("exclusion_date", Some("2026-07-20")),
        ],
    );
}

#[test]
fn leie_placeholder_npis_and_empty_dates_read_as_null() {
    let leie = load_source("leie", None);
    assert_eq!(nulls(&leie, "npi"), 374, "NPI 0000000000 means no NPI");
    assert_eq!(filled(&leie, "npi"), 62);
    assert_eq!(nulls(&leie, "dob"), 184);
    assert_row(
        &leie,
        384,
        &[
            ("last_name", Some("PEREZ")),
            ("first_name", Some("JAVIER")),
            ("dob", None),
        ],
    );
    // REINDATE is always 00000000 = no date, and not an invalid one.
    assert_eq!(filled(&leie, "reinstatement_date"), 0);
    assert!(
        leie.issues.is_empty(),
        "unexpected value issues: {:?}",
        leie.issues
    );
    // EXCLDATE is a date in every record, after July 2026 included (line 289).
    assert_eq!(filled(&leie, "exclusion_date"), 436);
    assert_eq!(
        value(&leie, 289, "exclusion_date").as_deref(),
        Some("2026-08-20")
    );
}

// ---- NPPES (FACTS §2 and §9d)

fn npis(list: &[&str]) -> Vec<String> {
    list.iter().map(|n| n.to_string()).collect()
}

#[test]
fn nppes_2018_reads_200_records_of_329_columns() {
    let nppes = load_source("nppes", None);
    assert_eq!(nppes.kind, Kind::Nppes);
    assert_eq!(
        (nppes.profile, nppes.profile_detected),
        (Some(Profile::Nppes), true)
    );
    assert_eq!(nppes.rows_read, 200);
    assert_eq!(nppes.frame.height(), 200);
    assert_eq!(nppes.header_row, 1);
    assert!(nppes.format.contains("329 columns"), "{}", nppes.format);
    assert_eq!(nppes.frame.rows(), (2..=201).collect::<Vec<u64>>());
    assert_row(
        &nppes,
        201,
        &[
            ("npi", Some("1407859762")),
            ("last_name", Some("ABOOKIRE")),
            ("first_name", Some("SUSAN")),
        ],
    );
}

#[test]
fn nppes_keeps_only_the_npis_asked_for_with_their_licenses() {
    let wanted = npis(&["1255334207", "1184627184", "1912900846"]);
    let nppes = load_source("nppes", Some(&wanted));
    assert_eq!(nppes.rows_read, 200, "rows read counts the whole file");
    assert_eq!(nppes.frame.rows(), vec![2, 20, 122]);
    assert_row(
        &nppes,
        2,
        &[
            ("npi", Some("1255334207")),
            ("last_name", Some("SOUCIER")),
            ("first_name", Some("RICHARD")),
            ("entity_type", Some("1")),
            ("deactivation_date", None),
        ],
    );
    let detail = nppes.detail.as_ref().expect("NPPES licenses");
    let d_npi = detail.text("npi");
    let d_number = detail.text("license_number");
    let d_state = detail.text("license_state");
    let d_row = detail.rows();
    let licenses_of = |npi: &str| -> Vec<(String, String, u64)> {
        (0..detail.height())
            .filter(|&i| d_npi[i].as_deref() == Some(npi))
            .map(|i| {
                (
                    d_number[i].clone().unwrap_or_default(),
                    d_state[i].clone().unwrap_or_default(),
                    d_row[i],
                )
            })
            .collect()
    };
    let soucier = licenses_of("1255334207");
    assert_eq!(
        soucier.first(),
        Some(&("033435".to_string(), "CT".to_string(), 2))
    );
    let reed = licenses_of("1184627184");
    assert_eq!(
        reed.first(),
        Some(&("1020965".to_string(), "MA".to_string(), 20))
    );
    assert!(
        licenses_of("1740283779").is_empty(),
        "an NPI not asked for is not kept"
    );
}

#[test]
fn nppes_deactivation_and_reactivation_dates() {
    let wanted = npis(&["1184627184", "1558364521", "1912900846"]);
    let nppes = load_source("nppes", Some(&wanted));
    assert_row(
        &nppes,
        20,
        &[
            ("npi", Some("1184627184")),
            ("last_name", Some("REED")),
            ("first_name", Some("JESSICA")),
            ("deactivation_date", Some("2006-03-16")),
            ("reactivation_date", Some("2006-03-20")),
        ],
    );
    assert_row(
        &nppes,
        97,
        &[
            ("deactivation_date", Some("2006-03-16")),
            ("reactivation_date", Some("2006-03-20")),
        ],
    );
    assert_row(
        &nppes,
        122,
        &[
            ("deactivation_date", Some("2006-03-16")),
            ("reactivation_date", Some("2006-04-04")),
        ],
    );
}

#[test]
fn nppes_v2_header_with_330_columns_is_detected() {
    let all = load_source("nppes_v2", None);
    assert_eq!(
        (all.profile, all.profile_detected),
        (Some(Profile::Nppes), true)
    );
    assert_eq!(all.rows_read, 5);
    assert!(all.format.contains("330 columns"), "{}", all.format);
    assert_eq!(all.frame.rows(), vec![2, 3, 4, 5, 6]);

    let wanted = npis(&["1255334207", "1184627184"]);
    let v2 = load_source("nppes_v2", Some(&wanted));
    assert_eq!(v2.frame.rows(), vec![2, 6]);
    assert_row(
        &v2,
        6,
        &[
            ("last_name", Some("REED")),
            ("deactivation_date", Some("2006-03-16")),
            ("reactivation_date", Some("2006-03-20")),
        ],
    );
    let detail = v2.detail.as_ref().expect("NPPES licenses");
    let first = (
        detail.text("npi")[0].clone(),
        detail.text("license_number")[0].clone(),
        detail.text("license_state")[0].clone(),
        detail.rows()[0],
    );
    assert_eq!(
        first,
        (
            Some("1255334207".into()),
            Some("033435".into()),
            Some("CT".into()),
            2
        )
    );
}

// ---- California (FACTS §3)

#[test]
fn california_bom_and_two_line_header() {
    let ca = load_source("california", None);
    assert_eq!(ca.rows_read, 400);
    assert_eq!(ca.header_row, 1, "the header record starts on line 1");
    // The BOM is not part of the first header.
    assert_eq!(header_of(&ca, "last_name").as_deref(), Some("Last Name"));
    assert_eq!(
        header_of(&ca, "exclusion_date").as_deref(),
        Some("Date of Suspension")
    );
    assert!(
        ca.rejected.is_empty(),
        "every record has 11 fields: {:?}",
        ca.rejected
    );
}

#[test]
fn california_rows_are_the_lines_records_start_on() {
    let ca = load_source("california", None);
    // Ten records take two lines each; the lines after their starts begin no record.
    let continuation = [10, 12, 50, 64, 76, 97, 154, 216, 222, 267];
    let expected: Vec<u64> = (3..=412).filter(|l| !continuation.contains(l)).collect();
    assert_eq!(expected.len(), 400);
    assert_eq!(ca.frame.rows(), expected);
    assert_row(&ca, 13, &[("last_name", Some("A&M Medical"))]);
}

#[test]
fn california_values_around_embedded_newlines() {
    let ca = load_source("california", None);
    assert_row(
        &ca,
        3,
        &[
            ("last_name", Some("111 Pharmacy")),
            ("license_number", Some("41023")),
            ("exclusion_date", Some("2016-07-08")),
            ("state", Some("CA")),
        ],
    );
    assert_row(&ca, 4, &[("exclusion_date", Some("2018-05-23"))]);
    assert_row(
        &ca,
        21,
        &[
            ("last_name", Some("Abadir")),
            ("first_name", Some("Maher")),
            ("middle_name", Some("Nashed")),
            ("license_number", Some("A24538")),
            ("exclusion_date", Some("2010-10-07")),
        ],
    );
    assert_row(
        &ca,
        49,
        &[
            ("last_name", Some("Abdel-Rahim")),
            ("license_number", Some("A 137806")),
            ("exclusion_date", Some("2025-04-22")),
        ],
    );
    assert_row(
        &ca,
        51,
        &[
            ("last_name", Some("Abdi")),
            ("first_name", Some("Ismail")),
            ("middle_name", Some("Ahmed")),
            ("license_number", Some("852129, 543409")),
            ("exclusion_date", Some("2021-06-18")),
        ],
    );
    assert_row(
        &ca,
        412,
        &[
            ("last_name", Some("Alcaraz")),
            ("first_name", Some("Guadalupe")),
            ("exclusion_date", Some("2013-03-20")),
        ],
    );
}

// ---- New York (FACTS §4)

#[test]
fn new_york_reads_8931_records_from_its_one_sheet() {
    let ny = load_source("new_york", None);
    assert_eq!(ny.rows_read, 8931);
    assert_eq!(ny.header_row, 1);
    assert_eq!(ny.sheet.as_deref(), Some("Exclusions"));
    assert_eq!(
        header_of(&ny, "full_name").as_deref(),
        Some("provider_name")
    );
    assert_eq!(header_of(&ny, "npi").as_deref(), Some("npi_num"));
    assert_eq!(
        header_of(&ny, "license_number").as_deref(),
        Some("license_num")
    );
    // Empty values are stored as empty-string cells: they read as null.
    assert_eq!(nulls(&ny, "npi"), 6651);
    assert_eq!(nulls(&ny, "license_number"), 2906);
    assert_eq!(filled(&ny, "exclusion_date"), 8931);
}

#[test]
fn new_york_license_numbers_keep_leading_zeros() {
    let ny = load_source("new_york", None);
    assert_row(
        &ny,
        4,
        &[
            ("license_number", Some("00028701")),
            ("npi", Some("1275716979")),
            ("exclusion_date", Some("2009-02-03")),
            ("state", Some("NY")),
        ],
    );
    assert_row(
        &ny,
        5,
        &[
            ("license_number", Some("00032914")),
            ("npi", Some("1972902351")),
        ],
    );
    assert_row(&ny, 110, &[("license_number", Some("00B90615/00036222"))]);
}

#[test]
fn new_york_full_names_split_last_first() {
    let ny = load_source("new_york", None);
    assert_row(
        &ny,
        51,
        &[
            ("last_name", Some("ABADI")),
            ("first_name", Some("JAMSHEED")),
            ("middle_name", Some("S")),
            ("license_number", Some("00136045")),
            ("npi", Some("1477537496")),
            ("exclusion_date", Some("2014-05-20")),
        ],
    );
    assert_row(
        &ny,
        4690,
        &[
            ("last_name", Some("LIEBERMAN")),
            ("first_name", Some("DREW")),
            ("npi", Some("1194798942")),
            ("exclusion_date", Some("2022-12-20")),
        ],
    );
    assert_row(
        &ny,
        8932,
        &[
            ("last_name", Some("ZYNDA")),
            ("first_name", Some("HEATHER")),
            ("middle_name", Some("L")),
            ("license_number", Some("00232949")),
            ("npi", None),
            ("exclusion_date", Some("2017-04-30")),
        ],
    );
}

// ---- Illinois (FACTS §5)

#[test]
fn illinois_reads_3229_records() {
    let il = load_source("illinois", None);
    assert_eq!(il.rows_read, 3229);
    assert_eq!(il.header_row, 1);
    assert_eq!(il.sheet.as_deref(), Some("Active Sanctions"));
    assert_eq!(
        header_of(&il, "exclusion_date").as_deref(),
        Some("Action Date")
    );
    assert_eq!(
        header_of(&il, "license_number").as_deref(),
        Some("License #")
    );
    assert_eq!(filled(&il, "npi"), 687);
    assert_eq!(filled(&il, "license_number"), 1425);
}

#[test]
fn illinois_action_date_serials_become_dates() {
    let il = load_source("illinois", None);
    // Plain numbers (numFmtId 58 is not a date format to calamine), read as Excel serials.
    assert_eq!(filled(&il, "exclusion_date"), 3229);
    assert!(
        il.issues.is_empty(),
        "unexpected value issues: {:?}",
        &il.issues[..il.issues.len().min(5)]
    );
    assert_row(
        &il,
        2,
        &[
            ("npi", Some("1104075365")),
            ("exclusion_date", Some("2025-06-18")),
            ("exclusion_type", Some("Terminated")),
        ],
    );
    assert_row(
        &il,
        4,
        &[
            ("npi", Some("1659545085")),
            ("exclusion_date", Some("2014-08-15")),
        ],
    );
    assert_row(
        &il,
        5,
        &[
            ("license_number", Some("001006956")),
            ("npi", None),
            ("exclusion_date", Some("2006-12-20")),
        ],
    );
    assert_row(
        &il,
        52,
        &[
            ("last_name", Some("AHLUWALIA")),
            ("first_name", Some("NALINI")),
            ("license_number", Some("036063909")),
            ("npi", Some("1912032780")),
            ("exclusion_date", Some("2015-02-10")),
        ],
    );
    assert_row(
        &il,
        3230,
        &[
            ("last_name", Some("ZWOLINSKI")),
            ("first_name", Some("RUSSELL")),
            ("license_number", Some("036092886")),
            ("exclusion_date", Some("2002-08-26")),
            ("exclusion_type", Some("Voluntary Withdrawal")),
        ],
    );
}

// ---- Texas (FACTS §6)

#[test]
fn texas_xls_reads_300_records() {
    let tx = load_source("texas", None);
    assert_eq!(tx.rows_read, 300);
    assert_eq!(tx.header_row, 1);
    assert_eq!(tx.sheet.as_deref(), Some("EXCEL_Destination"));
    assert_eq!(
        header_of(&tx, "exclusion_date").as_deref(),
        Some("StartDate")
    );
    assert_eq!(
        header_of(&tx, "reinstatement_date").as_deref(),
        Some("ReinstatedDate")
    );
    assert_eq!(filled(&tx, "exclusion_date"), 300);
    assert_eq!(filled(&tx, "reinstatement_date"), 35);
    assert_eq!(filled(&tx, "npi"), 33);
    // CompanyName is a single space in 120 rows: only the 12 real names count.
    assert_eq!(filled(&tx, "business_name"), 12);
}

#[test]
fn texas_date_cells_and_text_dates() {
    let tx = load_source("texas", None);
    assert_row(
        &tx,
        2,
        &[
            ("business_name", None),
            ("last_name", Some("Gordzelik")),
            ("first_name", Some("Theresa")),
            ("middle_name", Some("J")),
            ("license_number", Some("142862")),
            ("exclusion_date", Some("1996-11-15")),
            ("reinstatement_date", None),
            ("state", Some("TX")),
        ],
    );
    assert_row(
        &tx,
        3,
        &[
            ("last_name", Some("Gorman")),
            ("license_number", Some("H3249")),
            ("exclusion_date", Some("1996-08-17")),
            ("reinstatement_date", Some("2004-05-05")),
        ],
    );
    assert_row(
        &tx,
        4,
        &[
            ("business_name", None),
            ("last_name", Some("Goss")),
            ("license_number", Some("20102")),
        ],
    );
    assert_row(
        &tx,
        45,
        &[
            ("license_number", Some("02493G")),
            ("exclusion_date", Some("1988-05-02")),
            ("reinstatement_date", Some("1990-05-02")),
        ],
    );
    assert_row(
        &tx,
        146,
        &[
            ("last_name", Some("Harris")),
            ("npi", Some("1497885099")),
            ("exclusion_date", Some("2017-02-15")),
        ],
    );
    assert_row(
        &tx,
        301,
        &[
            ("last_name", Some("Vasquez")),
            ("exclusion_date", Some("2022-09-16")),
        ],
    );
}

// ---- Georgia (FACTS §7)

#[test]
fn georgia_header_below_title_rows() {
    let ga = load_source("georgia", None);
    assert_eq!(ga.header_row, 3);
    assert_eq!(ga.sheet.as_deref(), Some("Sheet1"));
    assert_eq!(ga.rows_read, 1370);
    assert_eq!(
        header_of(&ga, "exclusion_date").as_deref(),
        Some("SANCDATE")
    );
    assert_eq!(
        header_of(&ga, "business_name").as_deref(),
        Some("BUSINESS NAME")
    );
    let rows = ga.frame.rows();
    assert_eq!(rows.first(), Some(&4));
    assert_eq!(rows.last(), Some(&1374));
    assert!(!rows.contains(&1264), "row 1264 is blank");
    assert!(rows.contains(&1266), "a hidden row is still a record");
}

#[test]
fn georgia_text_and_numeric_yyyymmdd_dates() {
    let ga = load_source("georgia", None);
    assert_row(
        &ga,
        4,
        &[
            ("last_name", Some("DIAMOND")),
            ("first_name", Some("ARTHUR")),
            ("state", Some("GA")),
            ("exclusion_date", Some("1982-04-15")),
            ("npi", None),
        ],
    );
    assert_row(&ga, 675, &[("exclusion_date", Some("2009-07-01"))]);
    assert_row(&ga, 944, &[("exclusion_date", Some("2015-01-20"))]);
    assert_row(
        &ga,
        1374,
        &[
            ("last_name", Some("IVESTER")),
            ("first_name", Some("ELIZABETH")),
            ("middle_name", Some("SUE")),
            ("business_name", Some("LIBERTY MEDICAL INC")),
            ("exclusion_date", Some("2026-01-12")),
            ("npi", Some("1801950175")),
        ],
    );
    for row in [1137, 1207, 1292] {
        assert_eq!(
            value(&ga, row, "exclusion_date"),
            None,
            "row {row} has no SANCDATE"
        );
    }
}

#[test]
fn georgia_numeric_npi_reads_as_ten_digit_text() {
    let ga = load_source("georgia", None);
    assert_row(
        &ga,
        1150,
        &[
            ("last_name", Some("HARRIS")),
            ("first_name", Some("JAMES")),
            ("npi", Some("1922436757")),
            ("exclusion_date", Some("2019-10-15")),
        ],
    );
    let ten_digit = ga
        .frame
        .text("npi")
        .into_iter()
        .flatten()
        .filter(|n| n.len() == 10 && n.bytes().all(|b| b.is_ascii_digit()))
        .count();
    assert_eq!(ten_digit, 36);
    // Empty-string name cells read as null; the business name is kept.
    assert_row(
        &ga,
        6,
        &[
            ("last_name", None),
            ("first_name", None),
            ("business_name", Some("MARIETTA PSYCHIATRY ASSOC")),
        ],
    );
}

// ---- District of Columbia (FACTS §8)

#[test]
fn district_of_columbia_uses_the_leie_layout() {
    let dc = load_source("dc", None);
    assert_eq!(
        (dc.profile, dc.profile_detected),
        (Some(Profile::Leie), true)
    );
    assert_eq!(dc.rows_read, 93);
    assert_eq!(dc.header_row, 1);
    assert_eq!(nulls(&dc, "npi"), 83);
    assert_eq!(nulls(&dc, "dob"), 13);
    assert_row(
        &dc,
        2,
        &[
            ("business_name", Some("BARBARA K JOHNSON, DDS, PC")),
            ("last_name", None),
            ("npi", None),
            ("state", Some("DC")),
            ("exclusion_date", Some("1989-10-24")),
        ],
    );
    assert_row(
        &dc,
        8,
        &[
            ("last_name", Some("AHMED")),
            ("first_name", Some("BILAL")),
            ("npi", Some("1225275597")),
            ("dob", Some("1972-06-12")),
            ("exclusion_date", Some("2018-04-19")),
            ("exclusion_type", Some("1128a2")),
        ],
    );
    assert_row(
        &dc,
        10,
        &[
            ("last_name", Some("BATTLE")),
            ("npi", Some("1891526281")),
            ("exclusion_date", Some("2026-06-18")),
        ],
    );
    assert_row(
        &dc,
        93,
        &[
            ("last_name", Some("YEROKUN")),
            ("npi", Some("1922398114")),
            ("exclusion_date", Some("2024-02-20")),
        ],
    );
}

// ---- SAM (FACTS §9a, §9b)

#[test]
fn sam_v2_individuals_and_firms() {
    let sam = load_source("sam", None);
    assert_eq!(
        (sam.profile, sam.profile_detected),
        (Some(Profile::Sam), true)
    );
    assert_eq!(sam.rows_read, 6);
    assert_eq!(sam.header_row, 1);
    assert_eq!(
        header_of(&sam, "exclusion_date").as_deref(),
        Some("Active Date")
    );
    assert_row(
        &sam,
        2,
        &[
            ("last_name", Some("Pembrook")),
            ("first_name", Some("Darla")),
            ("middle_name", Some("J")),
            ("business_name", None),
            ("npi", Some("1929055410")),
            ("state", Some("OK")),
            ("exclusion_date", Some("2019-03-20")),
            ("reinstatement_date", None),
        ],
    );
    assert_row(
        &sam,
        3,
        &[
            ("last_name", Some("Quennell")),
            ("first_name", Some("Victor")),
            ("state", Some("RI")),
            ("exclusion_date", Some("2015-01-15")),
            ("reinstatement_date", Some("2020-01-15")),
        ],
    );
    assert_row(
        &sam,
        5,
        &[
            ("business_name", Some("Northgate Medical Supply, LLC")),
            ("last_name", None),
            ("first_name", None),
            ("exclusion_date", Some("2022-11-20")),
            ("reinstatement_date", Some("2027-11-20")),
        ],
    );
    assert_row(
        &sam,
        6,
        &[
            ("business_name", Some("Bayside Ambulance Services Inc")),
            ("last_name", None),
        ],
    );
    assert_row(
        &sam,
        7,
        &[
            ("business_name", Some("Harbor Crest Trading Company")),
            ("last_name", None),
        ],
    );
    assert_eq!(filled(&sam, "npi"), 1, "only row 2 has an NPI");
    assert!(
        sam.issues.is_empty(),
        "`Indefinite` is no end date, not an invalid one: {:?}",
        sam.issues
    );
}

#[test]
fn sam_legacy_header_is_detected() {
    let sam = load_source("sam_legacy", None);
    assert_eq!(
        (sam.profile, sam.profile_detected),
        (Some(Profile::Sam), true)
    );
    assert_eq!(sam.rows_read, 3);
    assert_row(
        &sam,
        2,
        &[
            ("last_name", Some("Oberlin")),
            ("first_name", Some("Harlan")),
            ("middle_name", Some("P")),
            ("state", Some("ME")),
            ("exclusion_date", Some("2016-08-18")),
            ("reinstatement_date", None),
        ],
    );
    assert_row(
        &sam,
        3,
        &[
            ("business_name", Some("Crescent Home Health Agency Inc")),
            ("last_name", None),
            ("first_name", None),
            ("exclusion_date", Some("2017-05-19")),
            ("reinstatement_date", None),
        ],
    );
    assert_row(
        &sam,
        4,
        &[
            ("last_name", Some("Tate")),
            ("first_name", Some("Lorena")),
            ("exclusion_date", Some("2018-04-02")),
            ("reinstatement_date", Some("2021-04-02")),
        ],
    );
    assert!(sam.issues.is_empty(), "{:?}", sam.issues);
}

// ---- PECOS (FACTS §9c)

#[test]
fn pecos_is_a_national_medicare_enrollment_source() {
    let pecos = load_source("medicare", None);
    assert_eq!(pecos.kind, Kind::Enrollment);
    assert_eq!(
        (pecos.profile, pecos.profile_detected),
        (Some(Profile::PecosPpef), true)
    );
    assert_eq!(pecos.rows_read, 8);
    assert_eq!(pecos.header_row, 1);
    let plan = crate::support::plan(&crate::support::readers_config());
    let spec = plan.sources.iter().find(|s| s.name == "medicare").unwrap();
    assert_eq!(spec.scope_for(pecos.profile), Scope::National);
    let payers = pecos.frame.text("payer");
    assert!(
        payers.iter().all(|p| p.as_deref() == Some("Medicare")),
        "{payers:?}"
    );
    let status = pecos.frame.text("status");
    assert!(
        status.iter().all(|s| s.as_deref() == Some("active")),
        "{status:?}"
    );
    assert_row(
        &pecos,
        2,
        &[
            ("npi", Some("1024031357")),
            ("payer_provider_id", Some("I20070525000116")),
            ("state", Some("TX")),
            ("last_name", Some("WESTBROOK")),
            ("first_name", Some("ANGELA")),
        ],
    );
    assert_row(
        &pecos,
        3,
        &[("npi", Some("1024031357")), ("state", Some("OK"))],
    );
    assert_row(
        &pecos,
        8,
        &[
            ("npi", Some("1178524058")),
            ("payer_provider_id", Some("O20100521001832")),
            ("state", Some("TX")),
        ],
    );
    assert_row(
        &pecos,
        9,
        &[("npi", Some("1508783622")), ("state", Some("OK"))],
    );
}

// ---- The windows-1252 roster (FACTS, BAD inputs)

#[test]
fn windows_1252_roster_is_decoded() {
    let roster = load_source("roster", None);
    assert_eq!(roster.rows_read, 3);
    assert!(roster.format.contains("windows-1252"), "{}", roster.format);
    assert_row(
        &roster,
        2,
        &[
            ("provider_id", Some("P3001")),
            ("npi", Some("1828201024")),
            ("last_name", Some("Muñoz")),
            ("first_name", Some("José")),
            ("degree", Some("MD")),
            ("status", Some("active")),
        ],
    );
    assert_row(
        &roster,
        4,
        &[
            ("npi", Some("1190652861")),
            ("last_name", Some("Peña")),
            ("first_name", Some("María")),
        ],
    );
}

// ---- Every source at once

#[test]
fn load_all_reads_every_source_with_the_facts_record_counts() {
    let plan = crate::support::plan(&crate::support::readers_config());
    let loaded = ingest::load_all(&plan, |_| {}).expect("every real fixture loads");
    let counts: Vec<(&str, u64)> = loaded
        .iter()
        .map(|l| (l.name.as_str(), l.rows_read))
        .collect();
    assert_eq!(
        counts,
        [
            ("roster", 3),
            ("leie", 436),
            ("nppes", 200),
            ("nppes_v2", 5),
            ("california", 400),
            ("new_york", 8931),
            ("illinois", 3229),
            ("texas", 300),
            ("georgia", 1370),
            ("dc", 93),
            ("sam", 6),
            ("sam_legacy", 3),
            ("medicare", 8),
        ]
    );
    assert!(loaded.iter().all(|l| l.rejected.is_empty()));
}

#[test]
fn a_board_file_keeps_only_the_organizations_licenses_but_counts_every_row_and_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.csv");
    std::fs::write(
        &path,
        "License Number,State,Last Name,First Name,Status,Expiration Date\n\
         12345,CT,ADAMS,ANN,ACTIVE,2027-01-31\n\
         MD.0067890,CT,BAKER,BEN,ACTIVE,13/45/2027\n\
         99999,CT,CLARK,CORA,ACTIVE,not a date\n\
         55555,MA,DAVIS,DAN,WITHDRAWN FOR REVIEW,\n",
    )
    .unwrap();
    let spec = credrecon::config::SourceSpec::probe(&path, credrecon::model::Kind::LicenseBoard);
    // The roster's numbers `12345` and `MD 67890`: strict keys 12345 and MD67890, loose keys 12345 and
    // 67890. `MD.0067890` has the strict key MD0067890 and the loose key 67890, so it is kept.
    let mut wanted = ingest::Wanted::default();
    for key in ["12345", "MD67890", "67890"] {
        wanted.licenses.insert(key.to_string());
    }
    let board = ingest::load(&spec, Some(&wanted)).unwrap();
    assert_eq!(board.rows_read, 4);
    assert!(board.rejected.is_empty());
    assert_eq!(board.frame.rows(), [2, 3]);
    assert_eq!(
        board.frame.text("last_name"),
        [Some("ADAMS".to_string()), Some("BAKER".to_string())]
    );
    // The kept row's unreadable date is a value issue (a finding); the other licensees' unreadable date
    // and unknown status are only counted.
    let issues: Vec<(u64, &str, &str)> = board
        .issues
        .iter()
        .map(|i| (i.row, i.field.as_str(), i.raw.as_str()))
        .collect();
    assert_eq!(issues, [(3, "expiration_date", "13/45/2027")]);
    assert_eq!(board.unkept_issues, 2);
    // MA is covered by the file even though none of its rows is the organization's.
    assert_eq!(
        board.states.iter().map(String::as_str).collect::<Vec<_>>(),
        ["CT", "MA"]
    );
    // Without a list, every row is kept.
    assert_eq!(ingest::load(&spec, None).unwrap().frame.height(), 4);
}
