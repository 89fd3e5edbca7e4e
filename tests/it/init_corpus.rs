//! `credrecon init` on the real-files corpus (`tests/fixtures/real-corpus/`, facts in its FACTS.md): for
//! each case, init looks at a folder holding the small roster and the real file(s) as published, its printed
//! config is run unedited, and the findings must be those of the hand-written config of the case — the ones
//! `real_files.rs` checks one by one. Only CREDENTIAL_MISSING is left out of the comparison: it follows the
//! policy (`required_credentials`), which the hand-written configs set and init cannot know.

use crate::support::{credrecon, fixture, read_table};
use std::collections::BTreeSet;
use std::path::Path;

/// (code, severity, provider, file, row, credential type) of every finding but CREDENTIAL_MISSING.
type Key = (String, String, String, String, String, String);

fn findings(dir: &Path) -> BTreeSet<Key> {
    read_table(&dir.join("findings.csv"))
        .records()
        .into_iter()
        .filter(|f| f["code"] != "CREDENTIAL_MISSING")
        .map(|f| {
            let file = Path::new(&f["source_file"])
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                f["code"].clone(),
                f["severity"].clone(),
                f["provider_id"].clone(),
                file,
                f["source_row"].clone(),
                f["credential_type"].clone(),
            )
        })
        .collect()
}

fn run(config: &Path, as_of: &str, out: &Path) -> BTreeSet<Key> {
    std::fs::create_dir_all(out).unwrap();
    let outcome = credrecon(
        &[
            "run",
            config.to_str().expect("utf-8 path"),
            "--as-of",
            as_of,
            "--out",
            out.to_str().expect("utf-8 path"),
            "--quiet",
        ],
        out,
    );
    assert_eq!(
        outcome.code,
        Some(0),
        "run {}: {}",
        config.display(),
        outcome.stderr
    );
    findings(&out.join(as_of))
}

/// Copy the case's files but its config into a folder, run `init` on the folder, save what it prints as the
/// folder's credrecon.toml, run both configs, and return (init's config, init's findings, the hand
/// config's findings).
fn init_and_run(
    case: &str,
    as_of: &str,
    leave_out: &[&str],
) -> (String, BTreeSet<Key>, BTreeSet<Key>) {
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let folder = scratch.path().join(case);
    std::fs::create_dir(&folder).unwrap();
    let source = fixture(&format!("real-corpus/{case}"));
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name != "credrecon.toml" && !leave_out.contains(&name.as_str()) {
            std::fs::copy(&path, folder.join(&name)).unwrap();
        }
    }
    let init = credrecon(&["init", folder.to_str().unwrap()], scratch.path());
    assert_eq!(init.code, Some(0), "init {case}: {}", init.stderr);
    toml::from_str::<toml::Table>(&init.stdout).unwrap_or_else(|e| {
        panic!(
            "init {case} printed TOML that does not parse: {e}\n{}",
            init.stdout
        )
    });
    let config = folder.join("credrecon.toml");
    std::fs::write(&config, &init.stdout).unwrap();
    let mine = run(&config, as_of, &scratch.path().join("init-out"));
    let hand = run(
        &source.join("credrecon.toml"),
        as_of,
        &scratch.path().join("hand-out"),
    );
    (init.stdout, mine, hand)
}

fn assert_same(case: &str, as_of: &str) -> String {
    let (config, mine, hand) = init_and_run(case, as_of, &[]);
    assert!(
        !hand.is_empty(),
        "{case}: the hand-written config finds something"
    );
    assert_eq!(
        mine, hand,
        "{case}: init's config finds other findings than the hand-written one\n{config}"
    );
    config
}

#[test]
fn illinois_last_first_names_are_judged_from_the_values() {
    let config = assert_same("illinois", "2026-11-30");
    assert!(config.contains("name_order = \"last_first\""), "{config}");
}

#[test]
fn ohio_two_sheets_of_one_workbook_are_two_lists() {
    let config = assert_same("ohio", "2026-11-30");
    assert!(config.contains("sheet = \"Individuals\""), "{config}");
    assert!(config.contains("sheet = \"Organizations\""), "{config}");
    assert!(config.contains("state = \"OH\""), "{config}");
}

#[test]
fn washington_title_rows_state_from_the_file_name_and_an_npi_column_found_by_its_values() {
    let config = assert_same("washington", "2026-11-30");
    assert!(config.contains("header_row = 4"), "{config}");
    assert!(config.contains("npi = \"NPI # or P1 #\""), "{config}");
}

#[test]
fn kansas_termination_date_is_the_exclusion_date() {
    let config = assert_same("kansas", "2026-11-30");
    assert!(
        config.contains("exclusion_date = \"Termination Date:\""),
        "{config}"
    );
}

#[test]
fn alaska_state_list() {
    assert_same("alaska", "2026-11-30");
}

#[test]
fn leie_and_sam_profiles() {
    let config = assert_same("federal", "2026-11-30");
    assert!(config.contains("profile = \"leie\""), "{config}");
    assert!(config.contains("profile = \"sam\""), "{config}");
}

#[test]
fn nppes_profile() {
    assert_same("nppes", "2026-11-30");
}

#[test]
fn connecticut_pharmacy_license_column_found_by_the_roster_numbers() {
    let config = assert_same("ct_board", "2026-11-30");
    assert!(
        config.contains("license_number = \"Credential\""),
        "{config}"
    );
}

#[test]
fn california_alerts_discipline_column_and_the_state_of_the_roster_licenses() {
    let config = assert_same("ca_board", "2026-11-30");
    assert!(
        config.contains("discipline = \"TYPE OF ACTION\""),
        "{config}"
    );
    assert!(config.contains("state = \"CA\""), "{config}");
}

#[test]
fn arkansas_address_states_do_not_make_the_board_state() {
    let config = assert_same("ar_board", "2026-11-30");
    assert!(config.contains("state = \"AR\""), "{config}");
}

#[test]
fn a_list_without_a_header_gets_columns_by_letter() {
    let config = assert_same("headerless", "2026-11-30");
    assert!(config.contains("header = false"), "{config}");
    assert!(config.contains("npi = \"C\""), "{config}");
}

#[test]
fn ofac_sdn_with_its_alias_file() {
    let config = assert_same("ofac", "2026-11-30");
    assert!(config.contains("profile = \"ofac_sdn\""), "{config}");
    assert!(config.contains("aliases_path = \"alt.csv\""), "{config}");
}

#[test]
fn former_names_nppes_and_a_maiden_name_column() {
    let config = assert_same("former-names", "2026-11-30");
    assert!(
        config.contains("other_last_names = \"Maiden Name\""),
        "{config}"
    );
}

/// The Medicare case without its payer export (whether a payer file lists every provider is the
/// coordinator's to say): the same findings, but MO02 has no Medicare enrollment, so its opt-out is high.
#[test]
fn medicare_opt_out_and_revalidation_lists() {
    let (config, mine, hand) = init_and_run("medicare", "2023-06-30", &["payer_export.csv"]);
    let expect: BTreeSet<Key> = hand
        .into_iter()
        .map(|mut k| {
            if k.0 == "MEDICARE_OPT_OUT" && k.2 == "MO02" {
                k.1 = "high".into();
            }
            k
        })
        .collect();
    assert_eq!(mine, expect, "{config}");
    assert!(config.contains("kind = \"opt_out\""), "{config}");
    assert!(config.contains("kind = \"revalidation\""), "{config}");
}

/// A folder as a coordinator downloads it: a PDF, a saved web page with no table and a good workbook. init
/// exits 0, configures the workbook, and names the others in commented-out entries.
#[test]
fn a_pdf_and_a_web_page_never_stop_the_others() {
    let scratch = tempfile::tempdir().unwrap();
    let folder = scratch.path().join("downloads");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/roster.xlsx"),
        folder.join("roster.xlsx"),
    )
    .unwrap();
    std::fs::write(
        folder.join("Board Verification.pdf"),
        b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("lookup.html"),
        "<html><head><title>License Lookup</title></head><body><p>Search by name.</p></body></html>",
    )
    .unwrap();
    let out = credrecon(&["init", folder.to_str().unwrap()], scratch.path());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let table: toml::Table = toml::from_str(&out.stdout).expect("valid TOML");
    let sources = table["sources"].as_array().expect("one source");
    assert_eq!(sources.len(), 1, "{}", out.stdout);
    assert_eq!(sources[0]["kind"].as_str(), Some("roster"));
    assert_eq!(sources[0]["sheet"].as_str(), Some("Providers"));
    assert!(
        out.stdout
            .contains("# [[sources]]   # check: credrecon could not place this file: not a data file credrecon reads (.pdf)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("# path = \"lookup.html\""),
        "{}",
        out.stdout
    );
    // The printed config, saved in the folder, is accepted as it stands.
    std::fs::write(folder.join("credrecon.toml"), &out.stdout).unwrap();
    let check = credrecon(&["check", "credrecon.toml"], &folder);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
}

/// NPPES as published: the monthly `.zip` holding `npidata_pfile_*.csv`, its `_fileheader.csv` twin and the
/// other-name file. init names the archive; the run reads the npidata member from it and finds what the
/// unzipped file gives.
#[test]
fn a_zipped_nppes_file_is_configured_by_its_archive() {
    use std::io::Write as _;
    let scratch = tempfile::tempdir().unwrap();
    let folder = scratch.path().join("nppes-zip");
    std::fs::create_dir(&folder).unwrap();
    let case = fixture("real-corpus/nppes");
    std::fs::copy(case.join("roster.csv"), folder.join("roster.csv")).unwrap();
    let nppes = std::fs::read(case.join("nppes_practitioner_2018.csv")).unwrap();
    let header_line = nppes.split(|&b| b == b'\n').next().unwrap().to_vec();
    let file =
        std::fs::File::create(folder.join("NPPES_Data_Dissemination_December_2018.zip")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in [
        ("npidata_pfile_20050523-20181209.csv", nppes.clone()),
        (
            "npidata_pfile_20050523-20181209_fileheader.csv",
            header_line,
        ),
        (
            "othername_pfile_20050523-20181209.csv",
            b"NPI,Provider Other Organization Name,Provider Other Organization Name Type Code\n"
                .to_vec(),
        ),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap();
    let init = credrecon(&["init", folder.to_str().unwrap()], scratch.path());
    assert_eq!(init.code, Some(0), "{}", init.stderr);
    assert!(
        init.stdout
            .contains("path = \"NPPES_Data_Dissemination_December_2018.zip\""),
        "{}",
        init.stdout
    );
    assert!(
        init.stdout.contains("profile = \"nppes\""),
        "{}",
        init.stdout
    );
    let config = folder.join("credrecon.toml");
    std::fs::write(&config, &init.stdout).unwrap();
    let strip = |keys: BTreeSet<Key>| -> BTreeSet<Key> {
        keys.into_iter()
            .map(|mut k| {
                if k.3.ends_with(".zip") || k.3.starts_with("nppes") {
                    k.3 = "nppes".into();
                }
                k
            })
            .collect()
    };
    let mine = strip(run(&config, "2026-11-30", &scratch.path().join("init-out")));
    let hand = strip(run(
        &case.join("credrecon.toml"),
        "2026-11-30",
        &scratch.path().join("hand-out"),
    ));
    assert!(!hand.is_empty());
    assert_eq!(mine, hand, "{}", init.stdout);
}
