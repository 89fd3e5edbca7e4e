//! Sources given as `.zip` archives (SPEC §2 `member`, §3.2): the NPPES monthly archive's layout, built
//! here with the zip crate from the real 2018 NPPES sample slice (`real/nppes_practitioner_2018.csv`, 200
//! records), a roster inside a zip, and the member a source reads: the `member` glob, the profile's file,
//! the only data file, or a one-line error listing the members.

use crate::support::{Record, Sandbox, fixture, listing, one_line_error, pick, read_table, sorted};
use sha2::Digest;
use std::io::Write;

const AS_OF: &str = "2026-11-30";

/// The NPPES data file's name in the monthly archive, and its header-only twin.
const NPIDATA: &str = "npidata_pfile_20181204-20181204.csv";
const FILEHEADER: &str = "npidata_pfile_20181204-20181204_fileheader.csv";

/// A deflated zip of `members` (name, bytes), in that order.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The NPPES sample slice as the monthly archive ships it: the data file, its `_fileheader.csv` twin
/// (the header line alone), the other-name file of organizations and the readme PDF.
fn nppes_archive() -> Vec<u8> {
    let data = std::fs::read(fixture("real/nppes_practitioner_2018.csv")).unwrap();
    let header = data.split(|&b| b == b'\n').next().unwrap().to_vec();
    let othername = b"\"NPI\",\"Provider Other Organization Name\",\"Provider Other Organization Name Type Code\"\r\n\"1588667638\",\"DOCTORS CARE\",\"3\"\r\n";
    zip_of(&[
        (FILEHEADER, &header),
        ("othername_pfile_20181204-20181204.csv", othername),
        (NPIDATA, &data),
        (
            "NPPES_Data_Dissemination_Readme.pdf",
            b"%PDF-1.4\n% not data\n",
        ),
    ])
}

/// The NPPES corpus roster (`real-corpus/nppes/roster.csv`, facts in its FACTS.md) and one provider from
/// the slice's last record, line 201: ABOOKIRE SUSAN, NPI 1407859762, MA 77587.
fn roster() -> String {
    let mut text = std::fs::read_to_string(fixture("real-corpus/nppes/roster.csv")).unwrap();
    text.push_str("N06,1407859762,Abookire,Sue,,Active,MA,77587,2030-12-31,,,\n");
    text
}

fn config(nppes_path: &str, extra: &str) -> String {
    format!(
        "organization = \"Zip test\"\nas_of = \"{AS_OF}\"\n\n[policy]\nrequired_credentials = {{ default = [] }}\n\n\
         [[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"roster.csv\"\n\n\
         [[sources]]\nname = \"nppes\"\nkind = \"nppes\"\npath = \"{nppes_path}\"\n{extra}"
    )
}

/// The findings of a run, every column but `source_file`, with the archive's name in `detail` read as the
/// data file's (both name the file as configured).
fn findings_without_file(findings: &[Record]) -> Vec<Record> {
    findings
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f.remove("source_file");
            let detail = f["detail"].replace("NPPES_Data_Dissemination.zip", NPIDATA);
            f.insert("detail".into(), detail);
            f
        })
        .collect()
}

#[test]
fn a_zipped_nppes_file_gives_the_findings_of_the_unzipped_one() {
    let plain = Sandbox::new();
    plain.file("roster.csv", &roster());
    std::fs::copy(
        fixture("real/nppes_practitioner_2018.csv"),
        plain.path().join(NPIDATA),
    )
    .unwrap();
    plain.file("credrecon.toml", &config(NPIDATA, ""));
    let zipped = Sandbox::new();
    zipped.file("roster.csv", &roster());
    let archive = nppes_archive();
    std::fs::write(zipped.path().join("NPPES_Data_Dissemination.zip"), &archive).unwrap();
    zipped.file(
        "credrecon.toml",
        &config("NPPES_Data_Dissemination.zip", ""),
    );

    let from_zip = zipped.findings(AS_OF);
    // Worked out by hand (real_files::nppes_names_licenses_and_reactivated_npis for N01-N05): N02's
    // Emanuel is no prefix of EMMANUEL (line 3); N04 holds MA 246645 in NPPES, not MA 999999 (line 4);
    // N05's 1000000012 is in no record; N06 Sue is no prefix or initial of SUSAN, on the last line, 201.
    // The fileheader twin, the other-name file and the PDF are not read.
    assert_eq!(
        pick(&from_zip, &["code", "provider_id", "source", "source_row"]),
        sorted(&[
            "NAME_MISMATCH|N02|nppes|3",
            "NPPES_LICENSE_MISSING|N04|nppes|4",
            "NPI_NOT_FOUND|N05|nppes|",
            "NAME_MISMATCH|N06|nppes|201",
        ]),
        "\n{}",
        listing(&from_zip)
    );
    assert_eq!(
        findings_without_file(&from_zip),
        findings_without_file(&plain.findings(AS_OF)),
        "the archive's member reads as the file itself"
    );

    // The manifest: the archive's SHA-256 (of the bytes written above), the member read, 200 records.
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(zipped.path().join("out").join(AS_OF).join("manifest.json"))
            .unwrap(),
    )
    .unwrap();
    let nppes = manifest["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "nppes")
        .unwrap();
    let sha: String = sha2::Sha256::digest(&archive)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(nppes["sha256"], sha.as_str());
    assert_eq!(nppes["member"], NPIDATA);
    assert_eq!(nppes["path"], "NPPES_Data_Dissemination.zip");
    assert_eq!(nppes["rows_read"], 200);
    assert_eq!(nppes["rows_rejected"], 0);
    // A file that is not an archive has no member in the manifest.
    let roster = &manifest["sources"][0];
    assert!(roster.get("member").is_none(), "{roster}");

    // The Sources sheet names the member beside the archive's path; the roster's member cell is empty.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(
        zipped
            .path()
            .join("out")
            .join(AS_OF)
            .join(format!("credentialing-audit-{AS_OF}.xlsx")),
    )
    .unwrap();
    let sources = wb.worksheet_range("Sources").unwrap();
    let rows: Vec<Vec<String>> = sources
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (path, member) = (col("path"), col("member"));
    assert_eq!(member, path + 1, "{:?}", rows[0]);
    let nppes_row = rows.iter().find(|r| r[0] == "nppes").unwrap();
    assert_eq!(nppes_row[path], "NPPES_Data_Dissemination.zip");
    assert_eq!(nppes_row[member], NPIDATA);
    let roster_row = rows.iter().find(|r| r[0] == "roster").unwrap();
    assert_eq!(roster_row[member], "");

    // `check` names the member it read.
    let check = crate::support::credrecon(&["check", "credrecon.toml"], zipped.path());
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains(&format!("NPPES_Data_Dissemination.zip, member `{NPIDATA}`")),
        "{}",
        check.stdout
    );
}

#[test]
fn the_member_glob_chooses_the_member() {
    // Two weeks of the weekly NPPES update in one archive: `member` names the second, whose one record is
    // the roster's N02 under another first name.
    let data = std::fs::read_to_string(fixture("real/nppes_practitioner_2018.csv")).unwrap();
    let header = data.lines().next().unwrap();
    let line3 = data.lines().nth(2).unwrap();
    let week1 = format!("{header}\r\n{}\r\n", data.lines().nth(1).unwrap());
    let week2 = format!(
        "{header}\r\n{}\r\n",
        line3.replace("\"EMMANUEL\"", "\"EMANUEL\"")
    );
    let s = Sandbox::new();
    s.file("roster.csv", &roster());
    std::fs::write(
        s.path().join("weekly.zip"),
        zip_of(&[
            ("npidata_pfile_20181126-20181202.csv", week1.as_bytes()),
            ("npidata_pfile_20181203-20181209.csv", week2.as_bytes()),
        ]),
    )
    .unwrap();
    // Without `member`, both weeks match the NPPES file name: a one-line error listing the members.
    s.file("credrecon.toml", &config("weekly.zip", ""));
    let line = one_line_error(&s.run(&[]));
    for part in [
        "weekly.zip`",
        "2 members match the nppes file (`npidata_pfile_*.csv`)",
        "`npidata_pfile_20181126-20181202.csv`",
        "`npidata_pfile_20181203-20181209.csv`",
        "set `member`",
    ] {
        assert!(line.contains(part), "{part} in {line}");
    }
    s.file(
        "credrecon.toml",
        &config("weekly.zip", "member = \"*20181203*\"\n"),
    );
    let findings = s.findings(AS_OF);
    // Week 2 holds one record, line 2: EMANUEL now matches the roster's Emanuel; N01 and N03-N06 are not
    // in it.
    assert_eq!(
        pick(&findings, &["code", "provider_id", "source_row"]),
        sorted(&[
            "NPI_NOT_FOUND|N01|",
            "NPI_NOT_FOUND|N03|",
            "NPI_NOT_FOUND|N04|",
            "NPI_NOT_FOUND|N05|",
            "NPI_NOT_FOUND|N06|",
        ]),
        "\n{}",
        listing(&findings)
    );
}

/// A roster exported from the HR system, zipped with its cover letter: the only data file is read.
#[test]
fn a_roster_inside_a_zip_is_read_like_the_file() {
    let s = Sandbox::new();
    let roster =
        "Provider ID,NPI,Last Name,First Name\nP1,1000000004,Able,Amy\nP2,12345,Baker,Ben\n";
    std::fs::write(
        s.path().join("roster.zip"),
        zip_of(&[
            ("export/", b""),
            ("export/Cover letter.pdf", b"%PDF-1.4\n"),
            ("export/roster.csv", roster.as_bytes()),
        ]),
    )
    .unwrap();
    s.file(
        "credrecon.toml",
        &format!("as_of = \"{AS_OF}\"\n[policy]\nrequired_credentials = {{ default = [] }}\n[[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"roster.zip\"\n"),
    );
    let out = s.run_ok(AS_OF, &[]);
    let findings = read_table(&out.join("findings.csv")).records();
    // P2's NPI 12345 is 5 digits: NPI_INVALID, at line 3 of the member.
    assert_eq!(
        pick(
            &findings,
            &["code", "provider_id", "source_file", "source_row"]
        ),
        sorted(&["NPI_INVALID|P2|roster.zip|3"]),
        "\n{}",
        listing(&findings)
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(
        manifest.contains("\"member\": \"export/roster.csv\""),
        "{manifest}"
    );
}

#[test]
fn an_archive_without_one_data_file_is_a_one_line_error_listing_its_members() {
    let s = Sandbox::new();
    let roster = b"Provider ID,NPI,Last Name,First Name\nP1,1000000004,Able,Amy\n";
    let write = |members: &[(&str, &[u8])]| {
        std::fs::write(s.path().join("roster.zip"), zip_of(members)).unwrap();
    };
    let config = |extra: &str| {
        format!("[[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"roster.zip\"\n{extra}")
    };
    // No data file: the readme and a PDF only.
    write(&[("README.md", b"# read me"), ("list.pdf", b"%PDF")]);
    s.file("credrecon.toml", &config(""));
    let line = one_line_error(&s.run(&[]));
    for part in [
        "source `roster`",
        "roster.zip`",
        "the archive holds no member matching a data file",
        "`README.md` (9 bytes), `list.pdf` (4 bytes)",
        "set `member`",
    ] {
        assert!(line.contains(part), "{part} in {line}");
    }
    // Two data files: both named.
    write(&[("a.csv", roster), ("b.xlsx", b"PK")]);
    let line = one_line_error(&s.run(&[]));
    assert!(
        line.contains("2 members match a data file") && line.contains("`a.csv`, `b.xlsx`"),
        "{line}"
    );
    // A glob that matches nothing.
    s.file("credrecon.toml", &config("member = \"*.txt\"\n"));
    let line = one_line_error(&s.run(&[]));
    assert!(
        line.contains("no member matching `member = \"*.txt\"`; its members: `a.csv`"),
        "{line}"
    );
    // The glob picks one of the two.
    s.file("credrecon.toml", &config("member = \"a.*\"\n"));
    assert_eq!(s.run(&[]).code, Some(0));
    // `member` on a file that is no archive.
    s.file("roster.csv", std::str::from_utf8(roster).unwrap());
    s.file(
        "credrecon.toml",
        "[[sources]]\nname = \"roster\"\nkind = \"roster\"\npath = \"roster.csv\"\nmember = \"a.csv\"\n",
    );
    let line = one_line_error(&s.run(&[]));
    assert!(
        line.contains(
            "`member = \"a.csv\"` names a member of a .zip archive, but `path` is not a .zip"
        ),
        "{line}"
    );
    // A file named .zip that is none.
    std::fs::write(s.path().join("roster.zip"), "Provider ID,NPI\n").unwrap();
    s.file("credrecon.toml", &config(""));
    let line = one_line_error(&s.run(&[]));
    assert!(
        line.contains("roster.zip`") && line.contains("not a readable zip archive"),
        "{line}"
    );
}

#[test]
fn a_damaged_nppes_member_stops_the_run_naming_the_archive_and_member() {
    // One byte of the data file's compressed bytes changed (the archive is mostly those): the inflated
    // text no longer has the CRC-32 the archive records, or no longer inflates.
    let mut archive = nppes_archive();
    let middle = archive.len() / 2;
    archive[middle] ^= 0x55;
    let s = Sandbox::new();
    s.file("roster.csv", &roster());
    std::fs::write(s.path().join("NPPES.zip"), &archive).unwrap();
    s.file("credrecon.toml", &config("NPPES.zip", ""));
    let line = one_line_error(&s.run(&[]));
    assert!(
        line.contains(&format!("NPPES.zip/{NPIDATA}`")) && line.contains("cannot read the file"),
        "{line}"
    );
}
