//! The NPPES file (~9 million rows × 330 columns): a lazy polars CSV scan that reads only the columns used
//! and, in a run, only the NPIs the roster names.

use super::{FrameBuilder, IssueKind, Loaded, Mapped, ValueIssue};
use crate::config::{Profile, SourceSpec};
use crate::error::{Error, Location, Result};
use crate::model::Kind;
use crate::values::{self, DateValue};
use polars::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;

const NPI: &str = "NPI";
const ENTITY: &str = "Entity Type Code";
const LAST: &str = "Provider Last Name (Legal Name)";
const FIRST: &str = "Provider First Name";
const DEACTIVATED: &str = "NPI Deactivation Date";
const REACTIVATED: &str = "NPI Reactivation Date";
const TAXONOMY: &str = "Healthcare Provider Taxonomy Code_1";

/// The first line of a text file, decoded leniently, split as CSV.
fn header_of(spec: &SourceSpec) -> Result<Vec<String>> {
    let mut file = std::fs::File::open(&spec.path).map_err(|cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    })?;
    let mut head = vec![0u8; 256 * 1024];
    let n = file.read(&mut head).map_err(|cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    })?;
    head.truncate(n);
    let (text, _) = super::text::decode(&head, spec.encoding);
    let first = text.lines().next().unwrap_or_default().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(first.as_bytes());
    Ok(reader
        .records()
        .next()
        .and_then(|r| r.ok())
        .map(|r| r.iter().map(|c| c.trim().to_string()).collect())
        .unwrap_or_default())
}

/// The file's SHA-256 and its number of records, in one sequential read. NPPES records hold no line
/// breaks (the row numbers rely on it too), so records = lines after the header.
fn hash_and_count(spec: &SourceSpec) -> Result<(String, u64)> {
    let io = |cause| Error::Io {
        at: Location::file(&spec.path),
        cause,
    };
    let mut file = std::fs::File::open(&spec.path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let (mut lines, mut last) = (0u64, b'\n');
    loop {
        let n = file.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        lines += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        last = buf[n - 1];
    }
    // A last line without a line break still counts; the header is not a record.
    let records = (lines + u64::from(last != b'\n')).saturating_sub(1);
    Ok((crate::config::hex(&hasher.finalize()), records))
}

/// The projected columns of the rows whose NPI is `wanted` (all rows without a list), in file order,
/// through polars' streaming engine so the 10 GB file is never held in memory.
fn scan_wanted(
    scan: &dyn Fn() -> PolarsResult<LazyFrame>,
    columns: &[&str],
    wanted: Option<&[String]>,
) -> PolarsResult<DataFrame> {
    let mut selection: Vec<Expr> = columns.iter().map(|c| col(*c)).collect();
    selection.push(col("_idx"));
    let mut lf = scan()?.select(selection);
    if let Some(npis) = wanted {
        let mut keys: Vec<String> = npis.to_vec();
        keys.sort();
        keys.dedup();
        let keys = DataFrame::new(keys.len(), vec![Column::new("_npi".into(), keys)])?;
        lf = lf.join(
            keys.lazy(),
            [col(NPI)],
            [col("_npi")],
            JoinArgs::new(JoinType::Inner),
        );
    }
    // One plain query has one result frame (several come only from several sinks).
    Ok(lf
        .sort(["_idx"], SortMultipleOptions::default())
        .collect_with_engine(Engine::Streaming)?
        .unwrap_single())
}

/// Load an NPPES-format file through polars, keeping only `wanted` NPIs when given.
/// Returns None when the file does not carry the NPPES header (it is then read like any other source).
pub fn try_load(spec: &SourceSpec, wanted: Option<&[String]>) -> Result<Option<Loaded>> {
    let header = header_of(spec)?;
    let is_nppes = spec.profile == Some(Profile::Nppes)
        || super::profiles::detect(&header) == Some(Profile::Nppes);
    if !is_nppes {
        return Ok(None);
    }
    let at = Location::file(&spec.path);
    let present = |h: &str| header.iter().any(|c| c == h);
    for required in [NPI, ENTITY, LAST, FIRST] {
        if !present(required) {
            return Err(Error::MissingColumn {
                source_name: spec.name.clone(),
                at: at.clone(),
                field: required.to_string(),
                found: header.iter().take(12).cloned().collect(),
                suggestion: None,
            });
        }
    }
    let licenses: Vec<(String, String)> = super::profiles::nppes_license_headers()
        .into_iter()
        .filter(|(n, s)| present(n) && present(s))
        .collect();
    let mut columns: Vec<&str> = vec![NPI, ENTITY, LAST, FIRST];
    for optional in [DEACTIVATED, REACTIVATED, TAXONOMY] {
        if present(optional) {
            columns.push(optional);
        }
    }
    for (n, s) in &licenses {
        columns.push(n);
        columns.push(s);
    }
    let polars_err = |e: PolarsError| {
        Error::input(
            &spec.name,
            at.clone(),
            format!(
                "cannot read the NPPES file: {}",
                crate::error::one_line(&e.to_string())
            ),
        )
    };
    let path = spec.path.to_string_lossy().to_string();
    let scan = || {
        LazyCsvReader::new(PlRefPath::new(path.as_str()))
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .with_encoding(CsvEncoding::LossyUtf8)
            .with_row_index(Some(RowIndex {
                name: "_idx".into(),
                offset: 0,
            }))
            .finish()
    };
    // Hash and count the file on a second thread while polars scans it.
    let counting = std::thread::scope(|scope| {
        let counter = scope.spawn(|| hash_and_count(spec));
        let scanned = scan_wanted(&scan, &columns, wanted);
        let counted = counter.join().unwrap_or_else(|_| {
            Err(Error::input(
                &spec.name,
                at.clone(),
                "counting the file's rows failed",
            ))
        });
        (scanned, counted)
    });
    let df = counting.0.map_err(polars_err)?;
    let (sha256, rows_read) = counting.1?;
    let text = |name: &str| -> Result<Vec<Option<String>>> {
        match df.column(name) {
            Ok(c) => Ok(c
                .str()
                .map_err(polars_err)?
                .iter()
                .map(|v| v.map(str::to_string))
                .collect()),
            Err(_) => Ok(vec![None; df.height()]),
        }
    };
    let idx: Vec<u64> = df
        .column("_idx")
        .map_err(polars_err)?
        .cast(&DataType::UInt64)
        .map_err(polars_err)?
        .u64()
        .map_err(polars_err)?
        .iter()
        .map(|v| v.unwrap_or(0))
        .collect();
    let npi = text(NPI)?;
    let entity = text(ENTITY)?;
    let last = text(LAST)?;
    let first = text(FIRST)?;
    let deact = text(DEACTIVATED)?;
    let react = text(REACTIVATED)?;
    let taxonomy = text(TAXONOMY)?;
    type Values = Vec<Option<String>>;
    let license_cols: Vec<(Values, Values)> = licenses
        .iter()
        .map(|(n, s)| Ok((text(n)?, text(s)?)))
        .collect::<Result<_>>()?;

    let mut frame = FrameBuilder::new(super::frame_fields(Kind::Nppes));
    let mut detail = FrameBuilder::new(vec!["npi", "license_number", "license_state"]);
    let mut issues = Vec::new();
    let mut rejected = Vec::new();
    for i in 0..df.height() {
        // The header is line 1 and NPPES records hold no line breaks: record k (from 0) starts on line k + 2.
        let row = idx[i] + 2;
        let get = |v: &Vec<Option<String>>| v[i].as_deref().unwrap_or("").trim().to_string();
        let mut rec: BTreeMap<&str, String> = BTreeMap::new();
        rec.insert("npi", get(&npi));
        if rec["npi"].is_empty() {
            rejected.push(super::Rejected {
                source: spec.name.clone(),
                file: spec.path.clone(),
                sheet: None,
                row,
                reason: "no NPI".into(),
                raw: String::new(),
            });
            continue;
        }
        rec.insert("entity_type", get(&entity));
        rec.insert("last_name", get(&last));
        rec.insert("first_name", get(&first));
        rec.insert("taxonomy_code", get(&taxonomy));
        for (field, values) in [("deactivation_date", &deact), ("reactivation_date", &react)] {
            let raw = get(values);
            match values::parse_date(&raw, spec.date_format.as_deref()) {
                DateValue::Date(d) => {
                    rec.insert(field, d.format("%Y-%m-%d").to_string());
                }
                DateValue::Empty => {}
                DateValue::Invalid => issues.push(ValueIssue {
                    kind: IssueKind::InvalidDate,
                    row,
                    field: field.to_string(),
                    raw,
                }),
            }
        }
        for (numbers, states) in &license_cols {
            let number = get(numbers);
            if number.is_empty() {
                continue;
            }
            let lic = BTreeMap::from([
                ("npi", rec["npi"].clone()),
                ("license_number", number),
                ("license_state", get(states).to_uppercase()),
            ]);
            detail.push(row, &lic);
        }
        frame.push(row, &rec);
    }
    let mut mapping: Vec<Mapped> = [
        ("npi", NPI),
        ("entity_type", ENTITY),
        ("last_name", LAST),
        ("first_name", FIRST),
        ("deactivation_date", DEACTIVATED),
        ("reactivation_date", REACTIVATED),
        ("taxonomy_code", TAXONOMY),
    ]
    .into_iter()
    .filter(|(_, h)| present(h))
    .map(|(field, header)| Mapped {
        field: field.into(),
        header: header.into(),
    })
    .collect();
    if let Some((n, s)) = licenses.first() {
        mapping.push(Mapped {
            field: "license_number".into(),
            header: format!("{n} … _{}", licenses.len()),
        });
        mapping.push(Mapped {
            field: "license_state".into(),
            header: format!("{s} … _{}", licenses.len()),
        });
    }
    let used: Vec<&str> = columns.clone();
    let unused_count = header
        .iter()
        .filter(|h| !used.contains(&h.as_str()))
        .count();
    Ok(Some(Loaded {
        name: spec.name.clone(),
        kind: Kind::Nppes,
        profile: Some(Profile::Nppes),
        profile_detected: spec.profile.is_none(),
        file: spec.path.clone(),
        sheet: None,
        format: format!(
            "NPPES csv, {} columns, read by projection{}",
            header.len(),
            if wanted.is_some() {
                " (roster NPIs only)"
            } else {
                ""
            }
        ),
        header_row: 1,
        mapping,
        unused_headers: vec![format!("{unused_count} other NPPES columns (not read)")],
        rows_read,
        rejected,
        issues,
        sha256,
        frame: frame.finish(&spec.name, &spec.path),
        detail: Some(detail.finish(&spec.name, &spec.path)),
        truncation: None,
    }))
}
