//! The workbook read back with calamine, and month-over-month runs (`--previous`, `--decisions`),
//! on the sample organization.

use calamine::{Data, Reader, open_workbook_auto};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

fn samples_config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/credrecon.toml")
}

/// Run credrecon and return (exit code, stdout, stderr).
fn credrecon(args: &[&str]) -> (i32, String, String) {
    let out = crate::support::credrecon(args, Path::new("."));
    (out.code.unwrap_or(-1), out.stdout, out.stderr)
}

fn run_samples(out: &Path, extra: &[&str]) -> PathBuf {
    let config = samples_config();
    let mut args = vec![
        "run",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend(extra);
    let (code, _, stderr) = credrecon(&args);
    assert_eq!(code, 0, "stderr: {stderr}");
    out.join("2026-11-30")
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn workbook_has_every_sheet_in_order_with_the_csv_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = run_samples(tmp.path(), &[]);
    let mut wb = open_workbook_auto(dir.join("credentialing-audit-2026-11-30.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Findings",
            "Discrepancies",
            "Expirations",
            "Enrollment",
            "Exclusions",
            "Compliance",
            "Data Quality",
            "Rejected Rows",
            "Sources",
            "Trend"
        ]
    );
    // Each list sheet holds a header plus one row per CSV row.
    for (sheet, file) in [
        ("Findings", "findings.csv"),
        ("Discrepancies", "discrepancies.csv"),
        ("Expirations", "expirations.csv"),
        ("Enrollment", "enrollment_gaps.csv"),
        ("Exclusions", "exclusions.csv"),
        ("Data Quality", "data_quality.csv"),
        ("Compliance", "compliance.csv"),
    ] {
        let range = wb.worksheet_range(sheet).unwrap();
        assert_eq!(
            range.height() - 1,
            csv_rows(&dir.join(file)).len(),
            "sheet {sheet}"
        );
    }
    // samples/README.md: 49 findings, of which the expirations are 4 expired + 7 expiring + 1 missing.
    let findings = wb.worksheet_range("Findings").unwrap();
    assert_eq!(findings.height(), 50);
    let header: Vec<String> = findings.rows().next().unwrap().iter().map(text).collect();
    assert_eq!(
        &header[..4],
        ["finding_id", "status", "first_seen", "severity"]
    );
    assert_eq!(header.last().unwrap(), "detail");
    assert_eq!(wb.worksheet_range("Expirations").unwrap().height(), 13);
}

#[test]
fn dates_are_real_excel_dates_and_expirations_are_sorted_by_due_date() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = run_samples(tmp.path(), &[]);
    let mut wb = open_workbook_auto(dir.join("credentialing-audit-2026-11-30.xlsx")).unwrap();
    let range = wb.worksheet_range("Expirations").unwrap();
    let header: Vec<String> = range.rows().next().unwrap().iter().map(text).collect();
    let due = header.iter().position(|h| h == "due_date").unwrap();
    let bucket = header.iter().position(|h| h == "bucket").unwrap();
    let code = header.iter().position(|h| h == "code").unwrap();
    let mut dues = Vec::new();
    for row in range.rows().skip(1) {
        match &row[due] {
            Data::DateTime(d) => dues.push(d.as_f64()),
            // CREDENTIAL_MISSING has no due date.
            Data::Empty => assert_eq!(text(&row[code]), "CREDENTIAL_MISSING"),
            other => panic!("due_date is not a date cell: {other:?}"),
        }
    }
    let mut sorted = dues.clone();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(dues, sorted);
    // HV-1049's DEA expires 2026-12-14: 14 days left, the 0-30 bucket (samples/README.md #15).
    let dea = range
        .rows()
        .find(|r| r.iter().any(|c| text(c) == "FL0547224"))
        .expect("the DEA row");
    assert_eq!(text(&dea[bucket]), "0-30");
}

#[test]
fn compliance_sheet_lists_failures_first_with_coloured_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = run_samples(tmp.path(), &[]);
    let mut wb = open_workbook_auto(dir.join("credentialing-audit-2026-11-30.xlsx")).unwrap();
    let range = wb.worksheet_range("Compliance").unwrap();
    let header: Vec<String> = range.rows().next().unwrap().iter().map(text).collect();
    let overall = header.iter().position(|h| h == "overall").unwrap();
    let values: Vec<String> = range.rows().skip(1).map(|r| text(&r[overall])).collect();
    let first_pass = values.iter().position(|v| v == "PASS").unwrap();
    assert!(
        values[..first_pass]
            .iter()
            .all(|v| v == "FAIL" || v == "WARN")
    );
    // HV-1029 is on the LEIE by NPI (samples/README.md #4): exclusion_clear FAIL.
    let excl = header.iter().position(|h| h == "exclusion_clear").unwrap();
    let row = range
        .rows()
        .find(|r| text(&r[0]) == "HV-1029")
        .expect("HV-1029 is active");
    assert_eq!(text(&row[excl]), "FAIL");
    assert_eq!(text(&row[overall]), "FAIL");
}

#[test]
fn the_workbook_holds_four_charts_over_the_summary_tables_and_one_on_the_trend() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = run_samples(tmp.path(), &[]);
    let file = std::fs::File::open(dir.join("credentialing-audit-2026-11-30.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let charts: BTreeSet<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    // Four on the Summary, one on the Trend sheet.
    assert_eq!(charts.len(), 5, "{charts:?}");
    let mut xml = String::new();
    for name in &charts {
        zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    }
    // Findings by severity: the four severity rows under the header on row 6 (A7:B10).
    assert!(xml.contains("Summary!$A$7:$A$10"), "severity categories");
    assert!(xml.contains("Summary!$B$7:$B$10"), "severity values");
    // Compliance PASS/WARN/FAIL: rows 15-17.
    assert!(xml.contains("Summary!$B$15:$B$17"), "compliance values");
    // Active findings per run: this run's one row of the Trend sheet (B2), by its date (A2).
    assert!(xml.contains("<c:f>Trend!$A$2</c:f>"), "trend dates");
    assert!(xml.contains("<c:f>Trend!$B$2</c:f>"), "trend totals");
}

#[test]
fn same_inputs_give_the_same_workbook() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let read = |dir: &Path| {
        let mut wb = open_workbook_auto(dir.join("credentialing-audit-2026-11-30.xlsx")).unwrap();
        wb.sheet_names()
            .into_iter()
            .map(|s| {
                wb.worksheet_range(&s)
                    .unwrap()
                    .rows()
                    .map(|r| r.iter().map(text).collect::<Vec<_>>())
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    let (a, b) = (run_samples(a.path(), &[]), run_samples(b.path(), &[]));
    assert_eq!(read(&a), read(&b));
    // Byte for byte too: nothing in the file depends on the clock or on where it was written.
    let bytes =
        |dir: &Path| std::fs::read(dir.join("credentialing-audit-2026-11-30.xlsx")).unwrap();
    assert!(bytes(&a) == bytes(&b), "the two workbooks differ");
}

#[test]
fn a_second_run_marks_findings_open_new_and_resolved() {
    let tmp = tempfile::tempdir().unwrap();
    // October's run, evaluated on 2026-10-31.
    let october = tmp.path().join("october");
    let config = samples_config();
    let (code, _, err) = credrecon(&[
        "run",
        config.to_str().unwrap(),
        "--as-of",
        "2026-10-31",
        "--out",
        october.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(code, 0, "{err}");
    let previous = october.join("2026-10-31");
    let november = run_samples(
        &tmp.path().join("november"),
        &["--previous", previous.to_str().unwrap()],
    );

    let before: BTreeSet<String> = csv_rows(&previous.join("findings.csv"))
        .iter()
        .map(|r| r[0].to_string())
        .collect();
    let now = csv_rows(&november.join("findings.csv"));
    for r in &now {
        let expected = if before.contains(&r[0]) {
            "open"
        } else {
            "new"
        };
        assert_eq!(&r[1], expected, "finding {}", &r[0]);
    }
    // HV-1038's DEA (expires 2026-10-31) was expiring in October (0 days left) and is expired in
    // November: a different finding, so the October one is resolved and the November one is new.
    let resolved = csv_rows(&november.join("resolved.csv"));
    assert!(
        resolved
            .iter()
            .all(|r| &r[1] == "resolved" && !now.iter().any(|n| n[0] == r[0]))
    );
    let dea_then = resolved
        .iter()
        .find(|r| &r[4] == "CREDENTIAL_EXPIRING" && &r[10] == "BH2833413")
        .expect("October's expiring DEA is resolved");
    assert_eq!(&dea_then[16], "0");
    let dea_now = now
        .iter()
        .find(|r| &r[4] == "CREDENTIAL_EXPIRED" && &r[10] == "BH2833413")
        .expect("November's expired DEA");
    assert_eq!(&dea_now[1], "new");
    // The NPI left blank for HV-1059 was already missing in October: still open.
    let npi = now.iter().find(|r| &r[4] == "NPI_MISSING").unwrap();
    assert_eq!(&npi[1], "open");
    // First seen carries forward: the open finding was first seen on October's run date.
    let history = csv_rows(&november.join("history.csv"));
    let seen = history.iter().find(|r| r[0] == npi[0]).unwrap();
    assert_eq!(&seen[1], "2026-10-31");
    let mut wb = open_workbook_auto(november.join("credentialing-audit-2026-11-30.xlsx")).unwrap();
    assert_eq!(wb.sheet_names().last().unwrap(), "Resolved");
    assert_eq!(
        wb.worksheet_range("Resolved").unwrap().height() - 1,
        resolved.len()
    );
}

#[test]
fn a_false_positive_decision_clears_the_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let first = run_samples(&tmp.path().join("first"), &[]);
    // The possible CT Medicaid match of HV-1002 (samples/README.md #9) is ruled out by the coordinator.
    let possible = csv_rows(&first.join("findings.csv"))
        .into_iter()
        .find(|r| &r[4] == "EXCLUSION_POSSIBLE_MATCH")
        .unwrap();
    let decisions = tmp.path().join("decisions.csv");
    std::fs::write(
        &decisions,
        format!(
            "finding_id,decision,note,decided_by,decided_on\n{},false_positive,different DOB per CT DSS,J. Ortiz,2026-11-20\nFdeadbeefdeadbeef,confirmed,,J. Ortiz,2026-11-20\n",
            &possible[0]
        ),
    )
    .unwrap();
    let config = samples_config();
    let out = tmp.path().join("second");
    let (code, stdout, stderr) = credrecon(&[
        "run",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--decisions",
        decisions.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let dir = out.join("2026-11-30");
    let findings = csv_rows(&dir.join("findings.csv"));
    assert_eq!(findings.len(), 48);
    assert!(findings.iter().all(|r| r[0] != possible[0]));
    assert!(stdout.contains(": 48 findings"), "{stdout}");
    let exclusions = csv_rows(&dir.join("exclusions.csv"));
    let cleared = exclusions
        .iter()
        .find(|r| r[0] == possible[0])
        .expect("listed for the audit trail");
    assert_eq!(&cleared[1], "cleared");
    // The decision that matches nothing is reported on stderr and in the manifest.
    assert!(stderr.contains("Fdeadbeefdeadbeef"), "{stderr}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["decisions"]["cleared"], 1);
    assert_eq!(
        manifest["decisions"]["unmatched"][0]["finding_id"],
        "Fdeadbeefdeadbeef"
    );
    assert_eq!(manifest["findings_total"], 48);
}

#[test]
fn a_bad_decision_value_names_the_row_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let decisions = tmp.path().join("decisions.csv");
    std::fs::write(
        &decisions,
        "finding_id,decision\nF1,false_positive\nF2,maybe\n",
    )
    .unwrap();
    let config = samples_config();
    let out = tmp.path().join("out");
    let (code, _, stderr) = credrecon(&[
        "run",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--decisions",
        decisions.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("row 3")
            && stderr.contains("column `decision`")
            && stderr.contains("`maybe`"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is written on an error");
}

/// A member of a zip file (an xlsx) as text.
fn member(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut xml = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

/// The text of the first `<tag .../>` or `<tag ...>` element in `xml`, up to its `>`.
fn element<'x>(xml: &'x str, tag: &str) -> Option<&'x str> {
    let start = xml.find(&format!("<{tag} "))?;
    let end = xml[start..].find('>')?;
    Some(&xml[start..start + end + 1])
}

/// The workbook's sheets in order, each with the XML of its worksheet (through the workbook's rels).
fn sheets_xml(path: &Path) -> (Vec<(String, String)>, String) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let workbook = member(&mut zip, "xl/workbook.xml");
    let rels = member(&mut zip, "xl/_rels/workbook.xml.rels");
    let attr = |el: &str, name: &str| -> String {
        let key = format!(" {name}=\"");
        let start = el.find(&key).unwrap_or_else(|| panic!("{name} in {el}")) + key.len();
        el[start..start + el[start..].find('"').unwrap()].to_string()
    };
    let mut sheets = Vec::new();
    for el in workbook.split("<sheet ").skip(1) {
        let el = format!(" {}", &el[..el.find("/>").unwrap()]);
        let (name, id) = (attr(&el, "name"), attr(&el, "r:id"));
        let rel = rels
            .split("<Relationship ")
            .map(|r| format!(" {r}"))
            .find(|r| r.contains(&format!(" Id=\"{id}\"")))
            .unwrap();
        let target = format!("xl/{}", attr(&rel, "Target"));
        sheets.push((name, member(&mut zip, &target)));
    }
    (sheets, workbook)
}

#[test]
fn list_sheets_print_landscape_one_page_wide_with_the_header_on_every_page() {
    let tmp = tempfile::tempdir().unwrap();
    // With --previous, so that the Resolved sheet is there too.
    let october = tmp.path().join("october");
    let config = samples_config();
    let (code, _, err) = credrecon(&[
        "run",
        config.to_str().unwrap(),
        "--as-of",
        "2026-10-31",
        "--out",
        october.to_str().unwrap(),
        "--quiet",
    ]);
    assert_eq!(code, 0, "{err}");
    let previous = october.join("2026-10-31");
    let dir = run_samples(
        &tmp.path().join("november"),
        &["--previous", previous.to_str().unwrap()],
    );
    let (sheets, workbook) = sheets_xml(&dir.join("credentialing-audit-2026-11-30.xlsx"));
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Summary",
            "Findings",
            "Discrepancies",
            "Expirations",
            "Enrollment",
            "Exclusions",
            "Compliance",
            "Data Quality",
            "Rejected Rows",
            "Sources",
            "Trend",
            "Resolved"
        ]
    );
    for (i, (name, xml)) in sheets.iter().enumerate() {
        // Fit to pages (sheetPr), landscape, 1 page wide (fitToWidth left at its default of 1), any
        // number of pages high (fitToHeight 0).
        assert!(
            xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#),
            "{name}: fit to page"
        );
        let setup = element(xml, "pageSetup").unwrap_or_else(|| panic!("{name}: no pageSetup"));
        assert!(
            setup.contains(r#"orientation="landscape""#),
            "{name}: {setup}"
        );
        assert!(setup.contains(r#"fitToHeight="0""#), "{name}: {setup}");
        assert!(
            !setup.contains("fitToWidth=") || setup.contains(r#"fitToWidth="1""#),
            "{name}: {setup}"
        );
        if name == "Summary" {
            continue;
        }
        // The header row repeated on every printed page: the sheet's Print_Titles is its row 1.
        let quoted = if name.contains(' ') {
            format!("'{name}'")
        } else {
            name.to_string()
        };
        let titles = format!(
            r#"<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{quoted}!$1:$1</definedName>"#
        );
        assert!(workbook.contains(&titles), "{name}: {titles} in {workbook}");
    }
}

#[test]
fn the_summary_names_categories_in_words_and_fits_its_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = run_samples(tmp.path(), &[]);
    let path = dir.join("credentialing-audit-2026-11-30.xlsx");
    let mut wb = open_workbook_auto(&path).unwrap();
    let summary = wb.worksheet_range("Summary").unwrap();
    let cell = |r: u32, c: u32| summary.get_value((r, c)).map(text).unwrap_or_default();
    // The category table under its header on row 6 (D6): D7:E12, counts from samples/README.md.
    assert_eq!(cell(5, 3), "Category");
    let categories: Vec<(String, String)> = (6..12).map(|r| (cell(r, 3), cell(r, 4))).collect();
    let want = [
        ("Discrepancies", 14),
        ("Expirations", 12),
        ("Enrollment", 10),
        ("Exclusions", 5),
        ("Compliance", 3),
        ("Data quality", 5),
    ];
    assert_eq!(
        categories,
        want.map(|(c, n)| (c.to_string(), n.to_string()))
    );
    // No snake_case category anywhere on the Summary.
    for row in summary.rows() {
        for c in row {
            assert!(
                !["data_quality", "discrepancy", "expiration", "exclusion"]
                    .contains(&text(c).as_str()),
                "{c:?}"
            );
        }
    }
    // Widths that fit: each of the columns A-F at least as wide as its longest text below the title,
    // counted at 1 Excel width unit per character (Calibri 11 upper-case letters and digits are at
    // least as wide as the unit's digit; a lower-case text gets the same bound less a sixth).
    let (sheets, _) = sheets_xml(&path);
    let cols = &sheets[0].1;
    for c in 0..6u32 {
        let width: f64 = {
            let key = format!(r#"<col min="{0}" max="{0}" width=""#, c + 1);
            let at = cols
                .find(&key)
                .unwrap_or_else(|| panic!("column {c}: {cols}"))
                + key.len();
            cols[at..at + cols[at..].find('"').unwrap()]
                .parse()
                .unwrap()
        };
        let longest = summary
            .rows()
            .skip(1)
            .filter_map(|r| r.get(c as usize))
            .filter_map(|v| match v {
                Data::String(s) => Some(s.as_str()),
                _ => None,
            })
            .map(|s| {
                let n = s.chars().count() as f64;
                if s.chars().any(|ch| ch.is_lowercase()) {
                    n * 5.0 / 6.0
                } else {
                    n
                }
            })
            .fold(0.0, f64::max);
        assert!(width >= longest, "column {c}: width {width} < {longest}");
    }
}

#[test]
fn a_decisions_file_with_crlf_line_ends_names_its_rows_by_their_own_line() {
    // Excel on Windows saves CSV with CRLF line ends: the bad value is still on line 3.
    let tmp = tempfile::tempdir().unwrap();
    let decisions = tmp.path().join("decisions.csv");
    std::fs::write(
        &decisions,
        "finding_id,decision\r\nF1,false_positive\r\nF2,maybe\r\n",
    )
    .unwrap();
    let config = samples_config();
    let out = tmp.path().join("out");
    let (code, _, stderr) = credrecon(&[
        "run",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--decisions",
        decisions.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("row 3") && stderr.contains("`maybe`"),
        "{stderr}"
    );
    // Two rows deciding one finding differently: lines 2 and 3.
    std::fs::write(
        &decisions,
        "finding_id,decision\r\nF1,false_positive\r\nF1,confirmed\r\n",
    )
    .unwrap();
    let (code, _, stderr) = credrecon(&[
        "run",
        config.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--decisions",
        decisions.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("row 3") && stderr.contains("on row 2"),
        "{stderr}"
    );
}

/// The Summary counts each check's FAIL / WARN / PASS / NA over the 56 active roster rows (61 rows, less
/// 4 terminated and the `LOA` one). medicare_billable, from samples/README.md: FAIL for HV-1012 (opt-out
/// while in PECOS) and HV-1045 (revalidation expired), WARN for HV-1058 (opt-out) and HV-1030 (revalidation
/// due in 62 days), NA for HV-1057 and HV-1059 (no valid NPI to look up).
#[test]
fn the_summary_counts_every_check_including_medicare_billable() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = run_samples(tmp.path(), &[]);
    let mut wb = open_workbook_auto(dir.join("credentialing-audit-2026-11-30.xlsx")).unwrap();
    let summary = wb.worksheet_range("Summary").unwrap();
    let rows: Vec<Vec<String>> = summary
        .rows()
        .map(|r| r.iter().map(text).collect())
        .collect();
    let top = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Compliance by check"))
        .expect("a Compliance by check table");
    assert_eq!(&rows[top][1..5], ["FAIL", "WARN", "PASS", "NA"]);
    let row = |check: &str| -> Vec<String> {
        rows[top + 1..top + 13]
            .iter()
            .find(|r| r[0] == check)
            .unwrap_or_else(|| panic!("no row {check}"))[1..5]
            .to_vec()
    };
    assert_eq!(row("medicare_billable"), ["2", "2", "50", "2"]);
    for check in [
        "npi_active",
        "license_current",
        "exclusion_clear",
        "enrollment_complete",
    ] {
        let total: u32 = row(check).iter().map(|n| n.parse::<u32>().unwrap()).sum();
        assert_eq!(total, 56, "{check}");
    }
}
