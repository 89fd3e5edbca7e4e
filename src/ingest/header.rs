//! Where a source's header is: `header_row`, or the first row (of the first 200) that names two canonical
//! fields or carries a built-in format's signature, below the titles and notes; and the first rows of a
//! file as `credrecon init` sees them.

use super::{RawRow, Rows, html, profiles, sheet, text};
use crate::config::SourceSpec;
use crate::error::{Error, Result};
use crate::model::{Kind, header_key};
use std::collections::BTreeMap;

/// How many header cells of `row` name a canonical field of `kind` (alias or config `columns`).
fn header_score(row: &RawRow, kind: Kind, overrides: &BTreeMap<String, String>) -> usize {
    let override_keys: Vec<String> = overrides.values().map(|h| header_key(h)).collect();
    let mut fields = std::collections::HashSet::new();
    for cell in &row.cells {
        let key = header_key(cell);
        if key.is_empty() {
            continue;
        }
        if override_keys.contains(&key) {
            fields.insert(format!("override:{key}"));
        } else if let Some(def) = kind
            .fields()
            .iter()
            .find(|f| f.aliases.contains(&key.as_str()))
        {
            fields.insert(def.name.to_string());
        }
    }
    fields.len()
}

/// Rows searched for a header when `header_row` is not set.
const HEADER_SEARCH_ROWS: usize = 200;

/// Read rows up to the header: `header_row` when set, else the first row (of the first 200) naming two
/// canonical fields or carrying a built-in format's signature. Returns the rows read and the header's index.
pub(super) fn find_header(
    spec: &SourceSpec,
    rows: &mut dyn Rows,
) -> Result<(Vec<RawRow>, Option<usize>)> {
    let at = rows.location();
    let mut seen: Vec<RawRow> = Vec::new();
    let mut row = RawRow::default();
    if spec.headerless {
        // No header: the first non-blank row is data, and its width the file's.
        while rows.next_row(&mut row)? {
            seen.push(row.clone());
            if !row.is_blank() {
                return Ok((seen, None));
            }
        }
        return Err(Error::input(&spec.name, at, "the file has no rows"));
    }
    if let Some(n) = spec.header_row {
        let mut exhausted = true;
        while rows.next_row(&mut row)? {
            if row.row > u64::from(n) {
                exhausted = false;
                break;
            }
            seen.push(row.clone());
            if row.row == u64::from(n) {
                let at = seen.len() - 1;
                return Ok((seen, Some(at)));
            }
        }
        if exhausted && seen.iter().all(RawRow::is_blank) {
            return Err(Error::input(&spec.name, at, "the file has no rows"));
        }
        return Err(Error::input(
            &spec.name,
            at,
            format!("header_row = {n}, but the file has no row {n}"),
        ));
    }
    while seen.len() < HEADER_SEARCH_ROWS && rows.next_row(&mut row)? {
        seen.push(row.clone());
        if row.is_blank() {
            continue;
        }
        if profiles::detect(&row.cells).is_some_and(|p| p.kind() == spec.kind)
            || header_score(&row, spec.kind, &spec.columns) >= 2
        {
            let at = seen.len() - 1;
            return Ok((seen, Some(at)));
        }
    }
    // No header: name the first non-blank row, reading on past blank ones to find it.
    let mut first = seen.iter().find(|r| !r.is_blank()).cloned();
    while first.is_none() && rows.next_row(&mut row)? {
        if !row.is_blank() {
            first = Some(row.clone());
            seen.push(row.clone());
        }
    }
    let Some(first) = first else {
        return Err(Error::input(&spec.name, at, "the file has no rows"));
    };
    // A list published without a header (OFAC's sdn.csv): every row is data.
    if spec.kind == Kind::Exclusions
        && spec.profile.is_none()
        && profiles::detect_headerless(&first.cells).is_some()
    {
        return Ok((seen, None));
    }
    let cells = first
        .cells
        .iter()
        .filter(|c| !c.trim().is_empty())
        .take(8)
        .map(|c| format!("`{}`", crate::error::one_line(c)))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Error::input(
        &spec.name,
        at,
        format!(
            "no header row found: no row names two {} fields (the first row has {cells}) — set `header_row`, or map headers under [sources.columns]",
            spec.kind
        ),
    ))
}

/// The first rows of a file as written (`credrecon init` judges a file by them): the rows above the header
/// (titles and notes), the header (none when no row names two fields of the kind), and the rows after it.
#[derive(Debug, Default, Clone)]
pub struct Peek {
    pub above: Vec<Vec<String>>,
    pub header: Option<Vec<String>>,
    pub rows: Vec<Vec<String>>,
}

/// Run `f` on the rows of a file's bytes, spreadsheet or delimited text.
fn with_rows<T>(
    spec: &SourceSpec,
    bytes: &[u8],
    f: impl FnOnce(&mut dyn Rows) -> Result<T>,
) -> Result<T> {
    if html::is_html(&spec.path, bytes) {
        f(&mut html::open_rows(spec, bytes)?)
    } else if sheet::is_spreadsheet(&spec.path) {
        f(&mut sheet::open_rows(spec, bytes)?)
    } else {
        let decoded = text::prepare(spec, bytes)?;
        f(&mut text::Records::new(spec, &decoded))
    }
}

/// The header and up to `n` rows after it (or the first `n` rows, when there is no header).
pub fn peek(spec: &SourceSpec, bytes: &[u8], n: usize) -> Result<Peek> {
    let cells = |r: &RawRow| {
        r.cells
            .iter()
            .map(|c| c.trim().to_string())
            .collect::<Vec<_>>()
    };
    let found = with_rows(spec, bytes, |rows| {
        let (seen, idx) = find_header(spec, rows)?;
        let mut out = Peek::default();
        let start = match idx {
            Some(i) => {
                out.above = seen[..i].iter().map(cells).collect();
                out.header = Some(cells(&seen[i]));
                i + 1
            }
            None => 0,
        };
        out.rows = seen[start..]
            .iter()
            .filter(|r| !r.is_blank())
            .map(cells)
            .collect();
        let mut row = RawRow::default();
        while out.rows.len() < n && rows.next_row(&mut row)? {
            if !row.is_blank() {
                out.rows.push(cells(&row));
            }
        }
        out.rows.truncate(n);
        Ok(out)
    });
    match found {
        Ok(p) => Ok(p),
        Err(Error::Input { .. }) => with_rows(spec, bytes, |rows| {
            let mut out = Peek::default();
            let mut row = RawRow::default();
            while out.rows.len() < n && rows.next_row(&mut row)? {
                if !row.is_blank() {
                    out.rows.push(cells(&row));
                }
            }
            Ok(out)
        }),
        Err(e) => Err(e),
    }
}
