//! A roster's wide credential columns: groups of headers that together describe one credential.

use super::{IssueKind, Record, Table, Value, ValueIssue};
use crate::config::SourceSpec;
use crate::error::{Error, Location, Result, closest};
use crate::model::header_key;
use crate::values::{self, DateValue};
use std::collections::BTreeMap;

/// The columns of the credential frame derived from a roster.
pub const CREDENTIAL_FIELDS: [&str; 9] = [
    "provider_id",
    "npi",
    "type",
    "number",
    "state",
    "issue_date",
    "expiration_date",
    "verified_date",
    "group",
];

/// One credential group located in the header.
#[derive(Debug, Clone)]
pub struct GroupLayout {
    pub credential_type: String,
    /// `state_license`, or `state_license#2` for a second group of the same type.
    pub label: String,
    /// Credential field → column index.
    pub columns: Vec<(&'static str, usize)>,
}

/// Header prefixes (as header keys) that name a credential type, longest first.
const TYPE_PREFIXES: &[(&str, &str)] = &[
    ("statelicense", "state_license"),
    ("medicallicense", "state_license"),
    ("license", "state_license"),
    ("dea", "dea"),
    ("controlledsubstance", "cds"),
    ("cds", "cds"),
    ("boardcertification", "board_certification"),
    ("boardcert", "board_certification"),
    ("board", "board_certification"),
    ("malpractice", "malpractice"),
    ("professionalliability", "malpractice"),
];

/// What the rest of a header names, after the type prefix and an optional group number.
fn group_field(rest: &str) -> Option<&'static str> {
    Some(match rest {
        "" | "number" | "no" | "num" | "policy" | "policynumber" | "policyno" | "certificate"
        | "certificatenumber" | "id" => "number",
        "state" | "st" => "state",
        "issued" | "issue" | "issuedate" | "issuedon" | "effective" | "effectivedate" => {
            "issue_date"
        }
        "exp" | "expiration" | "expires" | "expdate" | "expirationdate" | "expiry"
        | "expirydate" => "expiration_date",
        "psv" | "psvdate" | "verified" | "verifieddate" | "verification" | "verificationdate" => {
            "verified_date"
        }
        _ => return None,
    })
}

/// Locate the configured groups, or infer them from the headers when the config names none.
pub fn layout_groups(
    spec: &SourceSpec,
    header: &[String],
    taken: &mut [bool],
    at: &Location,
) -> Result<Vec<GroupLayout>> {
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let mut groups: Vec<GroupLayout> = Vec::new();
    if !spec.credentials.is_empty() {
        for g in &spec.credentials {
            let mut columns = Vec::new();
            for (field, wanted) in g.columns() {
                let wanted_key = header_key(wanted);
                let i = header
                    .iter()
                    .position(|h| h.trim() == wanted.trim())
                    .or_else(|| keys.iter().position(|k| *k == wanted_key))
                    .ok_or_else(|| Error::MissingColumn {
                        source_name: spec.name.clone(),
                        at: at.clone().with_column(wanted),
                        field: format!("credentials {}.{field}", g.credential_type),
                        suggestion: closest(wanted, header.iter().map(String::as_str)),
                        found: super::layout::non_empty(header),
                    })?;
                taken[i] = true;
                columns.push((field, i));
            }
            groups.push(GroupLayout {
                label: label_for(&groups, &g.credential_type),
                credential_type: g.credential_type.clone(),
                columns,
            });
        }
        return Ok(groups);
    }
    // Inferred: (type, group number) → columns, in header order.
    // (first column, type, group number) → columns
    type GroupKey = (usize, &'static str, String);
    let mut found: BTreeMap<GroupKey, Vec<(&'static str, usize)>> = BTreeMap::new();
    let mut first_seen: BTreeMap<(&'static str, String), usize> = BTreeMap::new();
    for (i, key) in keys.iter().enumerate() {
        if taken[i] {
            continue;
        }
        let Some((prefix, ctype)) = TYPE_PREFIXES.iter().find(|(p, _)| key.starts_with(p)) else {
            continue;
        };
        let rest = &key[prefix.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Some(field) = group_field(&rest[digits.len()..]) else {
            continue;
        };
        let order = *first_seen.entry((ctype, digits.clone())).or_insert(i);
        let cols = found.entry((order, ctype, digits)).or_default();
        if cols.iter().all(|(f, _)| *f != field) {
            cols.push((field, i));
        }
    }
    for ((_, ctype, _), columns) in found {
        let useful = columns
            .iter()
            .any(|(f, _)| *f == "number" || *f == "expiration_date");
        if !useful {
            continue;
        }
        for (_, i) in &columns {
            taken[*i] = true;
        }
        groups.push(GroupLayout {
            label: label_for(&groups, ctype),
            credential_type: ctype.to_string(),
            columns,
        });
    }
    Ok(groups)
}

fn label_for(groups: &[GroupLayout], ctype: &str) -> String {
    let n = groups.iter().filter(|g| g.credential_type == ctype).count();
    if n == 0 {
        ctype.to_string()
    } else {
        format!("{ctype}#{}", n + 1)
    }
}

/// Builds the credential frame of a roster, one row per filled group.
pub struct Builder(Option<(Table, Record)>);

impl Builder {
    pub fn new(enabled: bool) -> Self {
        Builder(enabled.then(|| {
            let schema: Vec<(&'static str, bool)> = CREDENTIAL_FIELDS
                .iter()
                .map(|f| (*f, f.ends_with("_date")))
                .collect();
            let table = Table::new(&schema);
            let record = table.record();
            (table, record)
        }))
    }

    pub fn push_groups(
        &mut self,
        spec: &SourceSpec,
        layout: &super::Layout,
        cells: &[String],
        row: u64,
        provider: &Record,
        issues: &mut Vec<ValueIssue>,
    ) {
        let Some((table, rec)) = self.0.as_mut() else {
            return;
        };
        let provider_id = if provider.has("provider_id") {
            provider.get("provider_id")
        } else {
            provider.get("npi")
        };
        for g in &layout.groups {
            let mut any = false;
            for (field, i) in &g.columns {
                let raw = cells.get(*i).map_or("", |c| c.trim());
                if raw.is_empty() {
                    continue;
                }
                any = true;
                let value = if field.ends_with("_date") {
                    match values::parse_date(raw, spec.date_format.as_ref()) {
                        DateValue::Date(d) => Value::Date(d),
                        DateValue::Empty => continue,
                        DateValue::Invalid => {
                            issues.push(ValueIssue {
                                kind: IssueKind::InvalidDate,
                                row,
                                field: format!("{}.{field}", g.label),
                                raw: raw.to_string(),
                            });
                            continue;
                        }
                    }
                } else if *field == "state" {
                    Value::Text(raw.to_uppercase())
                } else {
                    Value::Text(raw.split_whitespace().collect::<Vec<_>>().join(" "))
                };
                rec.set(field, value);
            }
            if !any {
                continue;
            }
            rec.set_text("provider_id", provider_id.to_string());
            rec.set_text("npi", provider.get("npi").to_string());
            rec.set_text("type", g.credential_type.clone());
            rec.set_text("group", g.label.clone());
            table.push(row, rec);
        }
    }

    pub fn finish(self) -> Option<Table> {
        self.0.map(|(table, _)| table)
    }
}
