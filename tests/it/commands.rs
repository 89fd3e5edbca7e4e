//! `credrecon profiles`, `init` and `check` through the real executable, on the real fixtures.

use crate::support::{credrecon, fixture, readers_config};
use std::path::Path;

fn here() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

// ---- profiles

#[test]
fn profiles_lists_each_format_with_its_identifying_headers() {
    let out = credrecon(&["profiles"], here());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let expected: [(&str, &[&str]); 4] = [
        ("leie", &["`LASTNAME`", "`BUSNAME`", "`EXCLDATE`"]),
        (
            "sam",
            &["`Classification`", "`Active Date`", "`Termination Date`"],
        ),
        (
            "nppes",
            &["`NPI`", "`Entity Type Code`", "`NPI Deactivation Date`"],
        ),
        ("pecos_ppef", &["`PECOS_ASCT_CNTL_ID`", "`ENRLMT_ID`"]),
    ];
    for (profile, headers) in expected {
        let block = out
            .stdout
            .split("\n\n")
            .find(|b| b.starts_with(&format!("{profile} ")))
            .unwrap_or_else(|| panic!("no block for profile {profile}:\n{}", out.stdout));
        for header in headers {
            assert!(
                block.contains(header),
                "profile {profile} lacks {header}:\n{block}"
            );
        }
    }
}

// ---- init

/// Run `credrecon init` on fixtures (absolute paths) and parse what it prints as TOML.
fn init(files: &[&str]) -> (String, toml::Table) {
    let paths: Vec<String> = files
        .iter()
        .map(|f| fixture(f).display().to_string())
        .collect();
    let mut args = vec!["init"];
    args.extend(paths.iter().map(String::as_str));
    let out = credrecon(&args, here());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let table: toml::Table = toml::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("init printed TOML that does not parse: {e}\n{}", out.stdout));
    (out.stdout, table)
}

fn sources(table: &toml::Table) -> Vec<&toml::Table> {
    table["sources"]
        .as_array()
        .expect("[[sources]]")
        .iter()
        .map(|s| s.as_table().expect("a source table"))
        .collect()
}

fn text<'a>(source: &'a toml::Table, key: &str) -> Option<&'a str> {
    source.get(key).and_then(toml::Value::as_str)
}

#[test]
fn init_detects_the_built_in_formats() {
    let (_, table) = init(&[
        "real/leie_UPDATED.csv",
        "real/pecos_ppef.csv",
        "real/nppes_v2_header.csv",
        "real/sam_legacy.csv",
    ]);
    let found: Vec<(Option<&str>, Option<&str>)> = sources(&table)
        .iter()
        .map(|s| (text(s, "kind"), text(s, "profile")))
        .collect();
    assert_eq!(
        found,
        [
            (Some("exclusions"), Some("leie")),
            (Some("enrollment"), Some("pecos_ppef")),
            (Some("nppes"), Some("nppes")),
            (Some("exclusions"), Some("sam")),
        ]
    );
}

#[test]
fn init_finds_the_header_below_title_rows_and_maps_the_columns() {
    let (_, table) = init(&["real/Georgia.xlsx"]);
    let georgia = sources(&table)[0];
    assert_eq!(text(georgia, "kind"), Some("exclusions"));
    assert_eq!(text(georgia, "sheet"), Some("Sheet1"));
    assert_eq!(
        georgia.get("header_row").and_then(toml::Value::as_integer),
        Some(3)
    );
    let columns = georgia["columns"].as_table().expect("[sources.columns]");
    assert_eq!(
        columns.get("exclusion_date").and_then(toml::Value::as_str),
        Some("SANCDATE")
    );
    assert_eq!(
        columns.get("npi").and_then(toml::Value::as_str),
        Some("NPI")
    );
}

#[test]
fn init_output_is_a_config_that_check_accepts() {
    let (stdout, table) = init(&["bad/windows1252.csv", "real/DistrictOfColumbia.csv"]);
    let kinds: Vec<Option<&str>> = sources(&table).iter().map(|s| text(s, "kind")).collect();
    assert_eq!(kinds, [Some("roster"), Some("exclusions")]);
    let scratch = tempfile::tempdir().unwrap();
    std::fs::write(scratch.path().join("credrecon.toml"), stdout).unwrap();
    let out = credrecon(&["check", "credrecon.toml"], scratch.path());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // init wrote `profile = "leie"`: the profile is now named, not detected.
    assert!(
        block(&out.stdout, "districtofcolumbia").contains("kind exclusions, profile leie"),
        "{}",
        out.stdout
    );
}

// ---- check

/// The lines `check` prints for one source, from `source `NAME`:` to the next blank line.
fn block<'a>(stdout: &'a str, name: &str) -> &'a str {
    let start = stdout
        .find(&format!("source `{name}`:"))
        .unwrap_or_else(|| panic!("no source `{name}` in:\n{stdout}"));
    let rest = &stdout[start..];
    &rest[..rest.find("\n\n").unwrap_or(rest.len())]
}

/// A mapping line `field  <- `header`` in a source's block.
fn maps(block: &str, field: &str, header: &str) -> bool {
    block.lines().any(|l| {
        let l = l.trim();
        l.starts_with(field)
            && l[field.len()..].trim_start().starts_with("<-")
            && l.ends_with(&format!("<- `{header}`"))
    })
}

#[test]
fn check_prints_what_it_understood_of_every_real_fixture() {
    let config = readers_config();
    let out = credrecon(&["check", config.to_str().unwrap()], here());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stderr, "",
        "no progress on a stderr that is not a terminal"
    );
    // (source, kind line, header row, rows read, one field <- header mapping), from FACTS.md.
    let expected = [
        ("roster", "kind roster", 1, 3, ("last_name", "Last Name")),
        (
            "leie",
            "kind exclusions, profile leie (detected)",
            1,
            436,
            ("exclusion_date", "EXCLDATE"),
        ),
        (
            "nppes",
            "kind nppes, profile nppes (detected)",
            1,
            200,
            ("npi", "NPI"),
        ),
        (
            "nppes_v2",
            "kind nppes, profile nppes (detected)",
            1,
            5,
            ("last_name", "Provider Last Name (Legal Name)"),
        ),
        (
            "california",
            "kind exclusions",
            1,
            400,
            ("exclusion_date", "Date of Suspension"),
        ),
        (
            "new_york",
            "kind exclusions",
            1,
            8931,
            ("license_number", "license_num"),
        ),
        (
            "illinois",
            "kind exclusions",
            1,
            3229,
            ("exclusion_date", "Action Date"),
        ),
        (
            "texas",
            "kind exclusions",
            1,
            300,
            ("exclusion_date", "StartDate"),
        ),
        (
            "georgia",
            "kind exclusions",
            3,
            1370,
            ("exclusion_date", "SANCDATE"),
        ),
        (
            "dc",
            "kind exclusions, profile leie (detected)",
            1,
            93,
            ("npi", "NPI"),
        ),
        (
            "sam",
            "kind exclusions, profile sam (detected)",
            1,
            6,
            ("reinstatement_date", "Termination Date"),
        ),
        (
            "sam_legacy",
            "kind exclusions, profile sam (detected)",
            1,
            3,
            ("exclusion_date", "Active Date"),
        ),
        (
            "medicare",
            "kind enrollment, profile pecos_ppef (detected)",
            1,
            8,
            ("payer_provider_id", "ENRLMT_ID"),
        ),
    ];
    for (name, kind, header_row, rows, (field, header)) in expected {
        let b = block(&out.stdout, name);
        assert!(b.contains(kind), "source `{name}`: expected `{kind}`:\n{b}");
        assert!(
            b.contains(&format!("header:   row {header_row}\n")),
            "source `{name}`: header row {header_row}:\n{b}"
        );
        assert!(
            b.contains(&format!("rows:     {rows} read,")),
            "source `{name}`: {rows} rows read:\n{b}"
        );
        assert!(
            maps(b, field, header),
            "source `{name}`: `{field} <- {header}`:\n{b}"
        );
    }
    assert!(
        out.stdout.contains("Nothing was written."),
        "{}",
        out.stdout
    );
}

#[test]
fn check_names_the_sheet_of_a_workbook() {
    let config = readers_config();
    let out = credrecon(&["check", config.to_str().unwrap()], here());
    assert!(block(&out.stdout, "georgia").contains("Georgia.xlsx, sheet `Sheet1`"));
    assert!(block(&out.stdout, "texas").contains("Texas.xls, sheet `EXCEL_Destination`"));
}
