//! Cell values as credentialing files write them (SPEC 3.1 and 3.3): dates, NPIs, license numbers,
//! tax ids, person names and status words, turned into the forms the rules compare.

mod dates;
mod ids;
mod names;
mod status;

pub use dates::*;
pub use ids::*;
pub use names::*;
pub use status::*;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    /// `raws | expected` rows: `;` separates several raw values, expected is `empty`, `invalid` or
    /// `YYYY-MM-DD`, and ` #` starts a note.
    const DATE_CASES: &str = "
        00000000; 0; N/A; n/a; NA; NULL; None; -      | empty
        Indefinite; PERMANENT                        | empty   # no end date (SAM, New Jersey)
        2024-03-01; 2024-3-1; 03/01/2024; 3/1/2024    | 2024-03-01
        3/1/24; 20240301                              | 2024-03-01
        2024-03-01 13:45:00; 2024-03-01 00:00:00.000  | 2024-03-01
        2024-03-01T00:00:00; 2024-03-01T23:59:59Z     | 2024-03-01
        2024-03-01T00:00:00+05:00; 2024-03-01T00:00:00-0500 | 2024-03-01
        5/21/1962 12:00:00 AM; 05/21/1962 00:00       | 1962-05-21
        5/21/1962 11:30 pm; 5/21/62                   | 1962-05-21
        1/1/00                    | 2000-01-01   # Excel: 00-29 are 2000-2029
        1/1/29                    | 2029-01-01
        1/1/30                    | 1930-01-01   # 30-99 are 1930-1999
        5/1/4; 5/1/024            | invalid      # one- or three-digit year: not guessed
        02/30/2024                | invalid      # no 30th of February
        13/01/2024                | invalid      # no month 13 (day-first needs date_format)
        2023-02-29                | invalid      # 2023 is not a leap year
        05211962                  | invalid      # 8 digits are YYYYMMDD: month 19
        123456                    | invalid      # 6 digits: not a 1-5 digit serial
        00000                     | invalid      # serial 0 is before 1900-01-01
        ١٢/٠١/٢٠٢٤                | invalid      # Arabic-Indic digits
        2024-13-01; 20241301; -5; 45826.; 45826.x; TBD; March 1, 2024 | invalid
        2024-03-01 25:00; 2024-03-01 10:61; 3/1/2024 13:00 PM         | invalid
        3/1/2024 soon; 2024-03-01T; 20240301 00:00; 2024/03/01        | invalid
        45826; 45826.0            | 2025-06-18   # Excel serial, see excel_serials
        45826.75                  | 2025-06-18   # time of day ignored
        1                         | 1900-01-01
    ";

    fn table(cases: &str) -> impl Iterator<Item = Vec<&str>> {
        cases.lines().filter(|l| !l.trim().is_empty()).map(|line| {
            let line = line.split(" #").next().unwrap_or(line);
            line.split('|').map(str::trim).collect()
        })
    }

    #[test]
    fn dates_without_custom_format() {
        for row in table(DATE_CASES) {
            let expected = match row[1] {
                "empty" => DateValue::Empty,
                "invalid" => DateValue::Invalid,
                iso => DateValue::Date(NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap()),
            };
            for raw in row[0].split(';') {
                assert_eq!(parse_date(raw, None), expected, "{raw:?}");
            }
        }
        assert_eq!(parse_date("  ", None), DateValue::Empty);
        let march_1 = DateValue::Date(ymd(2024, 3, 1));
        assert_eq!(parse_date(" 2024-03-01\t", None), march_1);
    }

    #[test]
    fn excel_serials() {
        // 45658 is 2025-01-01; 45826 is 168 days later: Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31
        // = 151 days to June 1, plus 17 = June 18.
        assert_eq!(excel_serial_to_date(45658.0), Some(ymd(2025, 1, 1)));
        assert_eq!(excel_serial_to_date(45826.99), Some(ymd(2025, 6, 18)));
        assert_eq!(excel_serial_to_date(1.0), Some(ymd(1900, 1, 1)));
        assert_eq!(excel_serial_to_date(59.0), Some(ymd(1900, 2, 28)));
        // 60 is Excel's fictitious 1900-02-29: read as 1900-02-28, the last real day of the month,
        // like add_months' clamping; from 61 Excel is right again.
        assert_eq!(excel_serial_to_date(60.0), Some(ymd(1900, 2, 28)));
        assert_eq!(excel_serial_to_date(61.0), Some(ymd(1900, 3, 1)));
        assert_eq!(excel_serial_to_date(2_958_465.0), Some(ymd(9999, 12, 31)));
        for bad in [0.0, 0.5, -1.0, 2_958_466.0, f64::NAN, f64::INFINITY] {
            assert_eq!(excel_serial_to_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn custom_format_first_then_built_in() {
        let date = |raw, format| parse_date(raw, Some(&DateFormat::new(format)));
        let may_21 = DateValue::Date(ymd(1962, 5, 21));
        assert_eq!(date("05211962", "%m%d%Y"), may_21);
        // The custom format fails; the built-in ISO format still reads the value.
        assert_eq!(date("1962-05-21", "%m%d%Y"), may_21);
        assert_eq!(date("21.05.1962 08:00", "%d.%m.%Y %H:%M"), may_21);
        // A day-first source: the custom format wins over the built-in month-first reading.
        let feb_1 = DateValue::Date(ymd(2024, 2, 1));
        assert_eq!(date("01/02/2024", "%d/%m/%Y"), feb_1);
        assert_eq!(date("N/A", "%d/%m/%Y"), DateValue::Empty);
        assert_eq!(date("x", "%Q%"), DateValue::Invalid); // a broken format does not panic
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months(ymd(2024, 2, 29), 36), ymd(2027, 2, 28));
        assert_eq!(add_months(ymd(2024, 1, 31), 1), ymd(2024, 2, 29));
        assert_eq!(add_months(ymd(2023, 1, 31), 1), ymd(2023, 2, 28));
        assert_eq!(add_months(ymd(2024, 11, 30), 3), ymd(2025, 2, 28));
        assert_eq!(add_months(ymd(2024, 5, 15), 0), ymd(2024, 5, 15));
        assert_eq!(add_months(NaiveDate::MAX, 1), NaiveDate::MAX);
    }

    #[test]
    fn npi_check_digit() {
        // CMS method: double every other digit of the first nine, starting from the rightmost, add
        // the digits, add 24 (the "80840" prefix); the check digit tops the sum up to a multiple of 10.
        // 1234567893: doubled 9,7,5,3,1 → 18,14,10,6,2 → 9+5+1+6+2 = 23; kept 8+6+4+2 = 20;
        // 23 + 20 + 24 = 67 → check digit 3. So 1234567890 (same body, check 0) is invalid.
        assert!(npi_is_valid("1234567893"));
        assert!(!npi_is_valid("1234567890"));
        // 1245319599: doubled 9,9,3,4,1 → 18,18,6,8,2 → 9+9+6+8+2 = 34; kept 5+1+5+2 = 13;
        // 34 + 13 + 24 = 71 → check digit 9.
        assert!(npi_is_valid("1245319599"));
        let bad = ["", "123456789", "12345678931", "123456789A", "1234 67893"];
        assert!(bad.iter().all(|npi| !npi_is_valid(npi)));
        assert!(!npi_is_valid("１２３４５６７８９３")); // full-width digits
        assert_eq!(normalize_npi(" 123-456 7893 "), "1234567893");
        assert_eq!(normalize_npi("12345.6789x"), "12345.6789x"); // stays visibly invalid
    }

    #[test]
    fn identifiers_and_keys() {
        assert_eq!(split_identifiers(" A123 "), vec!["A123"]);
        let many = split_identifiers(" A1, B2;C3 / D4\r\nE5\n\n");
        assert_eq!(many, vec!["A1", "B2", "C3", "D4", "E5"]);
        assert!(split_identifiers(" ;, ").is_empty());
        assert_eq!(license_key("a 105195"), "A105195");
        assert_eq!(license_key("12-345"), license_key("12345"));
        assert_eq!(license_key("md.00123/é"), "MD00123");
        // SPEC 3.3's examples: all digits without leading zeros, and the last run of digits.
        let keys = |raw: &str| license_loose_keys(raw);
        assert_eq!(keys("036.012345")[0], "36012345");
        assert_eq!(keys("Q012345")[0], "12345");
        assert_eq!(keys("C1-0024514")[1], "24514");
        assert_eq!(keys("20A1234")[1], "1234");
        assert_eq!(keys("C1-0024514")[0], "10024514");
        assert_eq!(keys("0024514"), ["24514", "24514"]);
        assert_eq!(keys("RN"), ["", ""]);
        assert_eq!(keys("000"), ["", ""]);
        for raw in [
            "036.012345",
            "Q012345",
            "C1-0024514",
            "20A1234",
            "0024514",
            "md 00123",
            "RN",
            "",
        ] {
            let keys = LicenseKeys::of(raw);
            assert_eq!(keys.strict, license_key(raw), "{raw}");
            assert_eq!(
                keys.loose(),
                license_loose_keys(raw).each_ref().map(String::as_str),
                "{raw}"
            );
        }
        assert!(is_zero_placeholder("0000000000"));
        assert!(is_zero_placeholder(" 0 "));
        assert!(is_zero_placeholder("000-000-0000"));
        assert!(!is_zero_placeholder(""));
        assert!(!is_zero_placeholder("0000000001"));
        assert_eq!(digits_only("12-3456789"), "123456789");
        assert_eq!(digits_only("n/a"), "");
    }

    #[test]
    fn name_normalization() {
        assert_eq!(normalize_name("José Muñoz"), "JOSE MUNOZ");
        assert_eq!(normalize_name("Groß"), "GROSS");
        assert_eq!(normalize_name("Łukasz Æbø Đorđe"), "LUKASZ AEBO DORDE");
        assert_eq!(normalize_name("  O'Brien-Smith  "), "OBRIEN SMITH"); // SPEC v2: apostrophes removed
        assert_eq!(normalize_name("Smith Jr"), "SMITH");
        assert_eq!(normalize_name("Smith, Jr."), "SMITH");
        assert_eq!(normalize_name("Dr. Jane Smith, MD"), "JANE SMITH");
        assert_eq!(normalize_name("Do"), "DO"); // dropping it would leave nothing
        assert_eq!(normalize_name("123 !!"), "");
    }

    #[test]
    fn last_name_rule() {
        let matches = |a, b| last_names_match(a, b, None);
        assert!(matches("Smith", "SMITH"));
        assert!(matches("Smith Jones", "Smith"));
        assert!(matches("Lopez", "Garcia-Lopez"));
        assert!(matches("Smith-Jones", "Jones")); // married name
        assert!(matches("José Muñoz", "JOSE MUNOZ"));
        assert!(matches("Smith Jr", "SMITH"));
        assert!(matches("Do", "DO"));
        assert!(matches("O'Brien", "OBRIEN")); // same letters once spaces go
        assert!(!matches("Smith", "Smithson"));
        assert!(!matches("Smith Jones", "Smith Brown"));
        assert!(!matches("", ""));
        assert!(!matches("Smith", " - "));
        // LEIE keeps 20 characters: "VANDERHOEVEN-RICHARD" is 12 + 1 + 7 = 20.
        let cut = |source| last_names_match("Vanderhoeven-Richardson", source, Some(20));
        assert!(cut("VANDERHOEVEN-RICHARD"));
        assert!(!matches("Vanderhoeven-Richardson", "VANDERHOEVEN-RICHARD"));
        assert!(!cut("VANDERHOEVEN-RICHAR")); // 19 characters: not cut
        assert!(!cut("VANDERHOEVEN-RICHTER")); // not a prefix
        // Cut on a hyphen: 20 characters as written, 19 once normalized.
        let cut_at_20 = |roster, source| last_names_match(roster, source, Some(20));
        assert!(cut_at_20("Abcdefghijklmnopqr-St", "ABCDEFGHIJKLMNOPQR-"));
    }

    #[test]
    fn first_name_rule() {
        let matches = |a, b| first_names_match(a, b, None);
        assert!(matches("Robert", "ROBERT"));
        assert!(matches("ROB", "Robert"));
        assert!(matches("Robert", "Rob"));
        assert!(!matches("RO", "Robert")); // a prefix of only 2 letters
        assert!(!matches("JON", "JOHN")); // JON is not a prefix of JOHN
        assert!(!matches("Anna", "Anne"));
        assert!(matches("J", "John")); // an initial
        assert!(matches("John", "J."));
        assert!(!matches("K", "John"));
        assert!(matches("José", "JOSE"));
        assert!(matches("Mary Ann", "Mary")); // MARY is a prefix of MARY ANN
        assert!(!matches("Mary Ann", "Ann")); // a second given name alone is not the first name
        assert!(!matches("W. Scott", "Scott"));
        assert!(!matches("", "John"));
        assert!(!matches("John", ""));
        // LEIE keeps 15 characters: "MARY ELIZABETHA" is 4 + 1 + 10.
        let cut_at_15 = |roster, source| first_names_match(roster, source, Some(15));
        assert!(cut_at_15("Mary Elizabethann", "MARY ELIZABETHA"));
    }

    /// `raw | order (FL or LF) | last | first | middle | suffix`.
    const FULL_NAMES: &str = "
        Smith, John                  | FL | Smith        | John  |      |
        BERKE MD, SARAH A            | FL | BERKE        | SARAH | A    |
        Smith, John A, MD            | FL | Smith        | John  | A    |
        Smith, John A, Jr.           | FL | Smith        | John  | A    | Jr.
        Smith Jr,  John   Paul  M.D. | FL | Smith        | John  | Paul | Jr
        Amann (Hampton), Lori        | FL | Amann        | Lori  |      |      # maiden name
        Do, Minh                     | FL | Do           | Minh  |      |
        Muñoz García, José           | FL | Muñoz García | José  |      |
        Smith,                       | FL | Smith        |       |      |
        Erik D. Stancofski, MD       | FL | Stancofski   | Erik  | D.   |      # only a degree after the comma
        John Smith, M.D., Ph.D.      | FL | Smith        | John  |      |
        John Smith, Jr.              | FL | Smith        | John  |      | Jr.
        John Q Public Jr             | FL | Public       | John  | Q    | Jr
        Dr. Jane  Smith PA-C         | FL | Smith        | Jane  |      |
        John Smith DO                | FL | Smith        | John  |      |
        Minh Do                      | FL | Do           | Minh  |      |      # a bare Do leaving one word stays
        Minh D.O.                    | FL | Minh         |       |      |
        Smith MD                     | FL | Smith        |       |      |
        Cher                         | FL | Cher         |       |      |
        Robert (Bob) Smith           | FL | Smith        | Robert |     |
        Smith (Jones, Mary           | FL | Smith Jones  | Mary  |      |      # unclosed: only the bracket goes
                                     | FL |              |       |      |
        , ,                          | FL |              |       |      |
        PUBLIC JOHN Q                | LF | PUBLIC       | JOHN  | Q    |
        PUBLIC JOHN Q III            | LF | PUBLIC       | JOHN  | Q    | III
        PUBLIC                       | LF | PUBLIC       |       |      |
        Public, John                 | LF | Public       | John  |      |
    ";

    #[test]
    fn full_names() {
        for row in table(FULL_NAMES) {
            let order = if row[1] == "LF" {
                NameOrder::LastFirst
            } else {
                NameOrder::FirstLast
            };
            let got = split_full_name(row[0], order);
            let got = [got.last, got.first, got.middle, got.suffix];
            assert_eq!(got, row[2..], "{:?}", row[0]);
        }
    }

    /// `function | raws (`;` between) | expected`.
    const STATUSES: &str = "
        roster     | Active; A; current; On  Leave; on-leave        | active
        roster     | Terminated; TERMED; inactive; t; Resigned      | terminated
        roster     | ; Retired                                      | none
        enrollment | Participating; PAR; In Network; in-network     | active
        enrollment | Active; Approved; Effective                    | active
        enrollment | Pending; In  Process; Submitted; Applied       | pending
        enrollment | Terminated; Termed; Inactive; Closed           | terminated
        enrollment | Denied; REJECTED                               | denied
        enrollment | ; Non-Par                                      | none
        board      | Active; CURRENT; Clear; Current/Active         | active
        board      | Active - Renewal Pending                       | active
        board      | Probation; Active with Probation               | active+discipline
        board      | Expired; Inactive; Lapsed; Delinquent          | not active
        board      | Deceased; Cancelled; Retired                   | not active
        board      | License Revoked; License Surrendered           | not active
        board      | Active - Suspended                             | not active   # not-active wins
        board      | Not Active; Non-Current                        | not active
        board      | Suspended/Probation                            | not active+discipline
        board      | ; Pending Review                               | none
        board      | Reactivated                                    | none         # words, not substrings
        discipline | ; N; no; NONE; 0; False; N/A; na; -            | no
        discipline | Y; 1; Consent order 2021; Probation            | yes
    ";

    /// The table's word for a status function's answer on one raw value.
    fn status_word(function: &str, raw: &str) -> String {
        let word = match function {
            "roster" => roster_status(raw).map(|s| format!("{s:?}")),
            "enrollment" => enrollment_status(raw).map(|s| format!("{s:?}")),
            "board" => board_status(raw).map(|b| {
                let active = if b.active { "active" } else { "not active" };
                format!("{active}{}", if b.discipline { "+discipline" } else { "" })
            }),
            _ => Some(if discipline_flag(raw) { "yes" } else { "no" }.to_string()),
        };
        word.map_or("none".to_string(), |w| w.to_lowercase())
    }

    #[test]
    fn statuses() {
        for row in table(STATUSES) {
            for raw in row[1].split(';') {
                assert_eq!(status_word(row[0], raw), row[2], "{} {raw:?}", row[0]);
            }
        }
    }
    #[test]
    fn degrees_anywhere_in_a_full_name_are_dropped() {
        let p = split_full_name("ALBERTUCCI, M.D. MARIO", NameOrder::FirstLast);
        assert_eq!((p.last.as_str(), p.first.as_str()), ("ALBERTUCCI", "MARIO"));
        let p = split_full_name("SMITH, DR. JOHN A", NameOrder::FirstLast);
        assert_eq!(
            (p.last.as_str(), p.first.as_str(), p.middle.as_str()),
            ("SMITH", "JOHN", "A")
        );
        let p = split_full_name("KAHN M.D., LEE", NameOrder::FirstLast);
        assert_eq!((p.last.as_str(), p.first.as_str()), ("KAHN", "LEE"));
        // A bare `Do` inside a name is a name, not a degree.
        let p = split_full_name("NGUYEN, DO VAN", NameOrder::FirstLast);
        assert_eq!((p.first.as_str(), p.middle.as_str()), ("DO", "VAN"));
    }

    #[test]
    fn apostrophes_vanish_and_spaces_do_not_matter() {
        assert_eq!(normalize_name("O'Brien"), "OBRIEN");
        assert_eq!(normalize_name("D\u{2019}Angelo"), "DANGELO");
        assert!(last_names_match("O'Brien", "OBRIEN", None));
        assert!(last_names_match("Mc Donald", "MCDONALD", None));
        assert!(first_names_match("D'Andre", "DANDRE", None));
        assert!(!last_names_match("O'Brien", "BRIEN", None));
    }

    #[test]
    fn degrees_compare_on_their_letters() {
        assert_eq!(degree_keys("M.D."), vec!["MD"]);
        assert_eq!(degree_keys(" d.o. "), vec!["DO"]);
        assert_eq!(degree_keys("MD, PhD"), vec!["MDPHD", "MD", "PHD"]);
        assert!(degree_keys("").is_empty());
    }

    #[test]
    fn one_letter_board_statuses_and_no_discipline_words() {
        let status = |active, discipline| Some(BoardStatus { active, discipline });
        assert_eq!(board_status("A"), status(true, false));
        assert_eq!(board_status("i"), status(false, false));
        assert_eq!(board_status("X"), None);
        for none in [
            "N",
            "No",
            "NONE",
            "0",
            "false",
            "N/A",
            "No Action",
            "no action.",
            "-",
            "",
        ] {
            assert!(!discipline_flag(none), "{none}");
        }
        assert!(discipline_flag("Reprimand"));
        assert!(discipline_flag("Y"));
    }

    #[test]
    fn birth_dates_from_ofac_remarks() {
        assert_eq!(
            birth_dates_in(
                "DOB 10 Dec 1948; Director of PALESTINE LIBERATION FRONT - ABU ABBAS FACTION."
            ),
            "1948-12-10"
        );
        assert_eq!(birth_dates_in("DOB 1968; POB Cuba."), "1968");
        assert_eq!(birth_dates_in("DOB circa 1951."), "1949..1953");
        assert_eq!(birth_dates_in("DOB Sep 1938."), "1938");
        assert_eq!(
            birth_dates_in("DOB 12 Mar 1968; alt. DOB 13 Mar 1968; Passport X1."),
            "1968-03-12;1968-03-13"
        );
        assert_eq!(birth_dates_in("DOB circa 1960-1962"), "1958..1964");
        assert_eq!(birth_dates_in("Director, Banco Nacional de Cuba."), "");
        let year = BirthDate::parse("1968").expect("a year");
        let day = NaiveDate::from_ymd_opt(1968, 3, 12).expect("date");
        assert!(year.admits(day));
        assert_eq!(year, BirthDate::Years(1968, 1968));
        assert!(!BirthDate::Date(day).admits(day.succ_opt().expect("date")));
    }
}
