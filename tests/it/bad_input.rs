//! Bad input through the real executable: `credrecon check` on small configs in a scratch folder that point
//! at the fixtures of `tests/fixtures/bad/` (and a few real workbooks). Every error exits with code 2, never
//! a panic, and prints exactly one line on stderr naming the file (sheet, row, column where they apply)
//! and the cause.

use crate::support::{Outcome, credrecon, fixture, load_from};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A scratch folder holding `credrecon.toml` and copies of the fixtures it names.
struct Scratch {
    dir: TempDir,
}

impl Scratch {
    fn new() -> Self {
        Scratch {
            dir: tempfile::tempdir().expect("a scratch folder"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Copy `tests/fixtures/<relative>` into the folder under its own file name.
    fn copy(&self, relative: &str) -> &Self {
        let from = fixture(relative);
        let to = self.path().join(from.file_name().unwrap());
        std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
        self
    }

    /// Write `credrecon.toml`: the organization line, then `sources` as given.
    fn config(&self, sources: &str) -> PathBuf {
        let path = self.path().join("credrecon.toml");
        std::fs::write(&path, format!("organization = \"Scratch\"\n{sources}")).unwrap();
        path
    }

    /// A config whose roster is `roster` (a file name in the folder), plus `more` after it.
    fn roster_config(&self, roster: &str, more: &str) -> PathBuf {
        self.config(&format!(
            "\n[[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"{roster}\"\n{more}"
        ))
    }

    fn check(&self) -> Outcome {
        credrecon(&["check", "credrecon.toml"], self.path())
    }
}

/// Exit code 2 (not 101, a panic), nothing on stdout, one line on stderr: that line.
fn one_line_error(outcome: &Outcome) -> String {
    let line = crate::support::one_line_error(outcome);
    assert_eq!(outcome.stdout, "", "an error run prints nothing on stdout");
    line
}

fn assert_mentions(line: &str, parts: &[&str]) {
    for part in parts {
        assert!(line.contains(part), "expected {part:?} in: {line}");
    }
}

/// A good roster (the windows-1252 fixture) plus one more source `extra`.
fn with_good_roster(scratch: &Scratch, extra: &str) {
    scratch.copy("bad/windows1252.csv");
    scratch.roster_config("windows1252.csv", extra);
}

#[test]
fn missing_file_names_the_source_and_the_path() {
    let scratch = Scratch::new();
    scratch.roster_config("roster.csv", "");
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &["source `roster`", "`roster.csv`", "not found", "`path`"],
    );
}

#[test]
fn missing_required_column_lists_the_headers_found() {
    let scratch = Scratch::new();
    scratch.copy("bad/missing_column.csv");
    scratch.roster_config("missing_column.csv", "");
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &[
            "`missing_column.csv`",
            "row 1",
            "required field `npi`",
            "`Provider ID`, `Last Name`, `First Name`",
            "[sources.columns]",
        ],
    );
    // `Provider ID` already feeds provider_id: it is no candidate for the NPI.
    assert!(!line.contains("did you mean"), "{line}");
}

#[test]
fn missing_column_in_a_workbook_names_the_sheet_and_header_row() {
    let scratch = Scratch::new();
    scratch.copy("real/Texas.xls");
    with_good_roster(
        &scratch,
        "\n[[sources]]\nname = \"texas\"\nkind = \"credentials\"\npath = \"Texas.xls\"\n",
    );
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &[
            "source `texas`",
            "`Texas.xls`",
            "sheet `EXCEL_Destination`",
            "row 1",
            "required field `type`",
            "`LicenseNumber`",
        ],
    );
}

#[test]
fn missing_state_column_says_the_source_may_name_the_state() {
    let scratch = Scratch::new();
    scratch.copy("real/NewYork.xlsx");
    with_good_roster(
        &scratch,
        "\n[[sources]]\nname = \"ny_board\"\nkind = \"license_board\"\npath = \"NewYork.xlsx\"\n",
    );
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &[
            "`NewYork.xlsx`",
            "sheet `Exclusions`",
            "row 1",
            "required field `state` (or set `state` on the source)",
            "`provider_name`, `license_num`, `npi_num`",
        ],
    );
    // `license_num` feeds license_number: it is no candidate for the state.
    assert!(!line.contains("did you mean `license_num`"), "{line}");
}

#[test]
fn unknown_sheet_suggests_the_near_miss() {
    let scratch = Scratch::new();
    scratch.copy("real/NewYork.xlsx");
    with_good_roster(
        &scratch,
        "\n[[sources]]\nname = \"new_york\"\nkind = \"exclusions\"\npath = \"NewYork.xlsx\"\nsheet = \"Exclusion\"\n",
    );
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &[
            "source `new_york`",
            "`NewYork.xlsx`",
            "sheet `Exclusion` not found",
            "the workbook has `Exclusions`",
            "did you mean `Exclusions`?",
        ],
    );
}

#[test]
fn unknown_sheet_lists_every_sheet_in_workbook_order() {
    let scratch = Scratch::new();
    scratch.copy("real/Georgia.xlsx");
    with_good_roster(
        &scratch,
        "\n[[sources]]\nname = \"georgia\"\nkind = \"exclusions\"\npath = \"Georgia.xlsx\"\nsheet = \"Providers\"\n",
    );
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &[
            "`Georgia.xlsx`",
            "sheet `Providers` not found",
            "`Sheet1`, `Sheet4`, `Sheet2`, `Sheet3`",
        ],
    );
    assert!(!line.contains("did you mean"), "{line}");
}

#[test]
fn toml_syntax_error_names_line_7() {
    let config = fixture("bad/bad_syntax.toml");
    let dir = config.parent().unwrap();
    let line = one_line_error(&credrecon(&["check", "bad_syntax.toml"], dir));
    // `recredential_cycle_months = 36 months`: the unquoted value starts in column 29.
    assert_mentions(
        &line,
        &[
            "config `bad_syntax.toml`",
            "line 7, column 29",
            "`36 months`",
        ],
    );
}

#[test]
fn unknown_config_key_suggests_the_right_one() {
    let config = fixture("bad/unknown_key.toml");
    let dir = config.parent().unwrap();
    let line = one_line_error(&credrecon(&["check", "unknown_key.toml"], dir));
    assert_mentions(
        &line,
        &[
            "config `unknown_key.toml`",
            "line 6",
            "`expiring_within_dayz`",
            "did you mean `expiring_within_days`?",
        ],
    );
}

#[test]
fn unknown_kind_suggests_the_closest_kind() {
    let scratch = Scratch::new();
    scratch.copy("bad/windows1252.csv");
    scratch.config(
        "\n[[sources]]\nname = \"roster\"\nkind = \"rooster\"\npath = \"windows1252.csv\"\n",
    );
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &[
            "config `credrecon.toml`",
            "line 5",
            "`rooster`",
            "did you mean `roster`?",
        ],
    );
}

#[test]
fn zero_byte_file_is_an_empty_file_error() {
    let scratch = Scratch::new();
    scratch.copy("bad/empty.csv");
    scratch.roster_config("empty.csv", "");
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &["source `roster`", "`empty.csv`", "empty (0 bytes)"],
    );
}

#[test]
fn binary_junk_named_csv_is_refused() {
    let scratch = Scratch::new();
    scratch.copy("bad/junk.csv");
    scratch.roster_config("junk.csv", "");
    let line = one_line_error(&scratch.check());
    assert_mentions(&line, &["`junk.csv`", "binary data, not delimited text"]);
}

#[test]
fn text_file_named_xlsx_is_refused_with_a_hint() {
    let scratch = Scratch::new();
    scratch.copy("bad/not_really.xlsx");
    scratch.roster_config("not_really.xlsx", "");
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &[
            "`not_really.xlsx`",
            "not a readable .xlsx workbook",
            "plain text",
            "name it .csv",
        ],
    );
}

#[test]
fn ragged_rows_are_rejected_and_the_others_used() {
    let scratch = Scratch::new();
    scratch.copy("bad/ragged.csv");
    let config = scratch.roster_config("ragged.csv", "");
    let outcome = scratch.check();
    assert_eq!(outcome.code, Some(0), "stderr: {}", outcome.stderr);
    assert_mentions(
        &outcome.stdout,
        &[
            "6 read, 4 used, 2 rejected",
            "rejected row 4:",
            "rejected row 6:",
        ],
    );

    let roster = load_from(&config, "roster", None);
    assert_eq!((roster.rows_read, roster.rows_used()), (6, 4));
    let rejected: Vec<(u64, &str, &str)> = roster
        .rejected
        .iter()
        .map(|r| (r.row, r.reason.as_str(), r.raw.as_str()))
        .collect();
    assert_eq!(
        rejected,
        [
            (
                4,
                "4 fields where the header has 5",
                "P1003,1451817567,Castellano,Rita"
            ),
            (
                6,
                "6 fields where the header has 5",
                "P1005,1681783977,Esposito,Lena,PA,extra"
            ),
        ]
    );
    assert_eq!(roster.frame.rows(), [2, 3, 5, 7]);
    assert_eq!(
        roster.frame.text("provider_id"),
        ["P1001", "P1002", "P1004", "P1006"].map(|p| Some(p.to_string()))
    );
}

#[test]
fn a_web_page_named_xls_is_read_as_its_table() {
    let scratch = Scratch::new();
    std::fs::write(
        scratch.path().join("Exclusions.xls"),
        "<html><body><table><tr><td>Last Name</td><td>First Name</td></tr></table></body></html>\n",
    )
    .unwrap();
    scratch.roster_config("Exclusions.xls", "");
    // The page's table is the sheet: its header lacks the roster's NPI, as a workbook's would.
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &["Exclusions.xls`, sheet `1`", "required field `npi`"],
    );
}

#[test]
fn utf16_unicode_text_is_read_by_its_bom() {
    // Excel's "Unicode Text": UTF-16LE with a BOM, tab-delimited, CRLF.
    let text = "Provider ID\tNPI\tLast Name\tFirst Name\r\nP1\t1000000004\tMuñoz\tJosé\r\nP2\t1000000012\tO'Brien\tAnn\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let scratch = Scratch::new();
    std::fs::write(scratch.path().join("roster.txt"), bytes).unwrap();
    scratch.roster_config("roster.txt", "");
    let out = scratch.check();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("2 read, 2 used, 0 rejected"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("utf-16le"), "{}", out.stdout);
}

#[test]
fn a_nul_byte_rejects_its_record_and_the_others_are_read() {
    let text = "Provider ID,NPI,Last Name,First Name\nP1,1000000004,Able,Amy\nP2,1000000012,Ba\0ker,Ben\nP3,1000000020,Cole,Cat\n";
    let scratch = Scratch::new();
    std::fs::write(scratch.path().join("roster.csv"), text).unwrap();
    scratch.roster_config("roster.csv", "");
    let out = scratch.check();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stdout.contains("3 read, 2 used, 1 rejected"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("a NUL byte in the record"),
        "{}",
        out.stdout
    );
}

#[test]
fn header_false_columns_must_be_numbers_or_letters() {
    let scratch = Scratch::new();
    scratch.copy("real-corpus/headerless/nj_no_header.csv");
    with_good_roster(
        &scratch,
        "\n[[sources]]\nname = \"nj\"\nkind = \"exclusions\"\npath = \"nj_no_header.csv\"\nheader = false\n\n[sources.columns]\nfull_name = \"Provider Name\"\n",
    );
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &[
            "source `nj`",
            "full_name = \"Provider Name\"",
            "number",
            "letter",
        ],
    );
}

#[test]
fn header_false_column_past_the_last_one_is_named() {
    let scratch = Scratch::new();
    scratch.copy("real-corpus/headerless/nj_no_header.csv");
    // The file has 10 columns (A to J); column 12 is not there.
    with_good_roster(
        &scratch,
        "\n[[sources]]\nname = \"nj\"\nkind = \"exclusions\"\npath = \"nj_no_header.csv\"\nheader = false\n\n[sources.columns]\nfull_name = \"A\"\nnpi = \"L\"\n",
    );
    let line = one_line_error(&scratch.check());
    assert_mentions(
        &line,
        &["nj_no_header.csv", "npi = \"12\"", "10 columns", "A to J"],
    );
}

#[test]
fn aliases_path_belongs_to_an_ofac_list() {
    let scratch = Scratch::new();
    scratch
        .copy("real-corpus/ofac/sdn.csv")
        .copy("real-corpus/ofac/alt.csv");
    with_good_roster(
        &scratch,
        "\n[[sources]]\nname = \"ofac\"\nkind = \"exclusions\"\npath = \"sdn.csv\"\naliases_path = \"alt.csv\"\n",
    );
    let line = one_line_error(&scratch.check());
    assert_mentions(&line, &["source `ofac`", "aliases_path", "ofac_sdn"]);
}

#[test]
fn a_missing_alias_file_is_named() {
    let scratch = Scratch::new();
    scratch.copy("real-corpus/ofac/sdn.csv");
    with_good_roster(
        &scratch,
        "\n[[sources]]\nname = \"ofac\"\nkind = \"exclusions\"\npath = \"sdn.csv\"\nprofile = \"ofac_sdn\"\naliases_path = \"alt.csv\"\n",
    );
    let line = one_line_error(&scratch.check());
    assert_mentions(&line, &["source `ofac`", "alt.csv", "not found"]);
}

#[test]
fn an_sdn_file_without_a_profile_is_recognised_by_its_layout() {
    let scratch = Scratch::new();
    scratch.copy("real-corpus/ofac/sdn.csv");
    with_good_roster(
        &scratch,
        "\n[[sources]]\nname = \"ofac\"\nkind = \"exclusions\"\npath = \"sdn.csv\"\n",
    );
    let out = scratch.check();
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert!(out.stdout.contains("ofac_sdn"), "{}", out.stdout);
    // 71 entries, none of them a header.
    assert!(out.stdout.contains("71"), "{}", out.stdout);
}
