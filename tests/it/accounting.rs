//! Nothing lost, nothing executed: a roster broken in five ways accounts for every row, and text that a
//! spreadsheet would run comes out inert in the CSVs and as plain text in the workbook.

use crate::support::{Sandbox, read_table};
use calamine::{Data, Reader, open_workbook_auto};

const CONFIG: &str = r#"organization = "Accounting"
as_of = "2026-11-30"

[policy]
required_credentials = { default = [] }

[[sources]]
name = "roster"
kind = "roster"
path = "roster.csv"
"#;

#[test]
fn a_roster_broken_five_ways_accounts_for_every_row() {
    let sandbox = Sandbox::new();
    sandbox.file("credrecon.toml", CONFIG).file(
        "roster.csv",
        // Line 1 header (6 fields). Broken: line 3 has 5 fields, line 5 has 7 (the extra one filled),
        // line 6 has no id, NPI or name, line 7 has an impossible date, line 8 an unknown status.
        // Lines 2, 4, 9 are sound.
        "Provider ID,NPI,Last Name,First Name,Status,Start Date\n\
         P1,1234567893,Smith,Ann,Active,2020-01-06\n\
         P2,1245319599,Jones,Bob,Active\n\
         P3,1679576722,Brown,Cy,Active,2021-03-01\n\
         P4,1000000012,Green,Di,Active,2022-05-02,surplus\n\
         ,,,,Active,2023-01-09\n\
         P6,1000000020,White,Ed,Active,2023-02-30\n\
         P7,1000000038,Black,Flo,Sabbatical,2023-04-03\n\
         P8,1000000046,Gray,Gus,Active,2024-07-01\n",
    );
    let dir = sandbox.run_ok("2026-11-30", &[]);

    // Three rows cannot be used: each is in rejected_rows.csv with its line and reason.
    let rejected = read_table(&dir.join("rejected_rows.csv")).records();
    let got: Vec<(String, String)> = rejected
        .iter()
        .map(|r| (r["row"].clone(), r["reason"].clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "3".to_string(),
                "5 fields where the header has 6".to_string()
            ),
            (
                "5".to_string(),
                "7 fields where the header has 6".to_string()
            ),
            ("6".to_string(), "no provider id, NPI or name".to_string()),
        ]
    );
    assert!(
        rejected
            .iter()
            .all(|r| r["source"] == "roster" && r["file"] == "roster.csv")
    );
    assert_eq!(rejected[0]["raw"], "P2,1245319599,Jones,Bob,Active");

    // Two rows are kept, and their defects are data-quality findings naming row and field.
    let quality = read_table(&dir.join("data_quality.csv")).records();
    let got: Vec<(&str, &str, &str, &str)> = quality
        .iter()
        .map(|f| {
            (
                f["code"].as_str(),
                f["source_row"].as_str(),
                f["field"].as_str(),
                f["roster_value"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("INVALID_DATE", "7", "start_date", "2023-02-30"),
            ("UNRECOGNIZED_VALUE", "8", "status", "Sabbatical"),
        ]
    );

    // read = used + rejected, in the manifest and on the Sources sheet: 8 = 5 + 3.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let source = &manifest["sources"][0];
    assert_eq!(
        (
            source["rows_read"].as_u64(),
            source["rows_used"].as_u64(),
            source["rows_rejected"].as_u64()
        ),
        (Some(8), Some(5), Some(3))
    );
    let mut wb = open_workbook_auto(dir.join("credentialing-audit-2026-11-30.xlsx")).unwrap();
    let sources = wb.worksheet_range("Sources").unwrap();
    let header: Vec<String> = sources
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = sources.rows().nth(1).unwrap();
    assert_eq!(
        (
            &row[col("rows_read")],
            &row[col("rows_used")],
            &row[col("rows_rejected")]
        ),
        (&Data::Float(8.0), &Data::Float(5.0), &Data::Float(3.0))
    );
    assert_eq!(wb.worksheet_range("Rejected Rows").unwrap().height(), 4);
}

#[test]
fn formula_payloads_stay_inert_in_every_report() {
    let payloads = [
        "=HYPERLINK(\"http://x\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\tTAB",
        "\rCR",
    ];
    let sandbox = Sandbox::new();
    let mut roster = String::from("Provider ID,NPI,Last Name,First Name,Status\n");
    for (i, p) in payloads.iter().enumerate() {
        let p = p.replace('"', "\"\"");
        // Each payload is a provider id, last and first name; the status is unknown, so each row raises
        // UNRECOGNIZED_VALUE carrying the payload in roster_value too.
        roster.push_str(&format!("\"{p}{i}\",,\"{p}\",\"{p}\",\"{p}\"\n"));
    }
    sandbox
        .file("credrecon.toml", CONFIG)
        .file("roster.csv", &roster);
    let dir = sandbox.run_ok("2026-11-30", &[]);

    let text = std::fs::read_to_string(dir.join("findings.csv")).unwrap();
    let table = read_table(&dir.join("findings.csv"));
    let provider_id = table
        .header
        .iter()
        .position(|h| h == "provider_id")
        .unwrap();
    let name = table
        .header
        .iter()
        .position(|h| h == "provider_name")
        .unwrap();
    let roster_value = table
        .header
        .iter()
        .position(|h| h == "roster_value")
        .unwrap();
    assert!(!table.rows.is_empty());
    for row in &table.rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "unguarded cell {cell:?} in {text}"
            );
        }
    }
    // The formula payloads reached the report behind an apostrophe; the tab and carriage-return ones lost
    // their leading white space when the roster was read (cells are trimmed), so nothing is left to run.
    for p in &payloads[..4] {
        for c in [provider_id, name, roster_value] {
            assert!(
                table
                    .rows
                    .iter()
                    .any(|r| r[c].starts_with(&format!("'{p}"))),
                "{p:?} missing in column {c}"
            );
        }
    }
    assert!(table.rows.iter().any(|r| r[roster_value] == "TAB"));
    assert!(table.rows.iter().any(|r| r[roster_value] == "CR"));

    // In the workbook the same text is a string cell, never a formula.
    let mut wb = open_workbook_auto(dir.join("credentialing-audit-2026-11-30.xlsx")).unwrap();
    let findings = wb.worksheet_range("Findings").unwrap();
    assert!(findings.rows().skip(1).any(|r| {
        r.iter()
            .any(|c| *c == Data::String("=HYPERLINK(\"http://x\")".into()))
    }));
    let formulas = wb.worksheet_formula("Findings").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "the Findings sheet holds a formula"
    );
}
