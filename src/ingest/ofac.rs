//! OFAC's SDN alias file (`alt.csv`: `ent_num, alt_num, alt_type, alt_name, alt_remarks`, no header): each
//! alias is another name of the entry with that `ent_num`, read beside the SDN list itself.

use super::{RawRow, Rejected, Rows, Snapshot};
use crate::config::{SourceSpec, sha256_hex};
use crate::error::{Error, Location, Result};
use std::collections::HashMap;
use std::path::PathBuf;

/// The aliases of one SDN list, by entry number.
#[derive(Debug, Default, Clone)]
pub struct Aliases {
    pub path_text: String,
    pub path: PathBuf,
    pub sha256: String,
    /// Entry number → its other names, as written (`LAST, First`).
    pub names: HashMap<String, Vec<String>>,
    pub rows_read: u64,
    pub rejected: Vec<Rejected>,
}

/// The OFAC mark for an empty field.
const EMPTY: &str = "-0-";

/// Read the alias file of an SDN source (`aliases_path`).
pub fn read(spec: &SourceSpec) -> Result<Option<Aliases>> {
    let Some((path_text, path)) = &spec.aliases else {
        return Ok(None);
    };
    let io = |cause| Error::Io {
        at: Location::file(path),
        cause,
    };
    let before = Snapshot::take(path).map_err(io)?;
    let bytes = std::fs::read(path).map_err(io)?;
    before.check(spec, path, bytes.len() as u64)?;
    // The alias file is read like the list: comma-delimited, quoted, no header.
    let alias_spec = SourceSpec {
        path: path.clone(),
        delimiter: Some(b','),
        ..spec.clone()
    };
    let decoded = super::text::prepare(&alias_spec, &bytes)?;
    let mut records = super::text::Records::new(&alias_spec, &decoded);
    let mut out = Aliases {
        path_text: path_text.clone(),
        path: path.clone(),
        sha256: sha256_hex(&bytes),
        ..Aliases::default()
    };
    let mut row = RawRow::default();
    while records.next_row(&mut row)? {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.rows_read += 1;
        let cell = |i: usize| {
            row.cells
                .get(i)
                .map(|c| c.trim())
                .filter(|c| *c != EMPTY)
                .unwrap_or("")
        };
        let reason = match (&row.defect, cell(0), cell(3)) {
            (Some(defect), _, _) => Some(defect.clone()),
            _ if row.cells.len() < 4 => Some(format!(
                "{} fields where an alias row has 5 (ent_num, alt_num, alt_type, alt_name, alt_remarks)",
                row.cells.len()
            )),
            (None, "", _) => Some("no entry number (ent_num)".to_string()),
            (None, _, "") => Some("no alias name (alt_name)".to_string()),
            _ => None,
        };
        if let Some(reason) = reason {
            out.rejected.push(Rejected {
                source: spec.name.clone(),
                file: path.clone(),
                sheet: None,
                row: row.row,
                reason,
                raw: records.raw(&row),
            });
            continue;
        }
        out.names
            .entry(cell(0).to_string())
            .or_default()
            .push(cell(3).to_string());
    }
    Ok(Some(out))
}
