//! A source's column layout: which cell of its rows feeds which canonical field (config `columns`, a
//! roster's credential groups, a built-in format's columns, then header aliases), and the error that names
//! a required field no header feeds.

use super::{Mapped, credentials, profiles};
use crate::config::{Profile, SourceSpec};
use crate::error::{Error, Location, Result, closest};
use crate::model::{Kind, header_key};
use std::collections::BTreeMap;

/// Column layout of one source: which cell feeds which field.
pub struct Layout {
    pub profile: Option<Profile>,
    pub profile_detected: bool,
    /// Field name → column index.
    pub fields: BTreeMap<&'static str, usize>,
    pub mapping: Vec<Mapped>,
    pub unused: Vec<String>,
    pub groups: Vec<credentials::GroupLayout>,
    /// A column whose value `individual` marks a person (SAM's Classification, OFAC's SDN_Type).
    pub classification: Option<usize>,
    /// A free-text column a date of birth is read from (OFAC's Remarks).
    pub remarks: Option<usize>,
    /// The publisher's mark for an empty cell (OFAC's `-0-`).
    pub empty_marker: Option<&'static str>,
}

/// Work out the layout from the header row; errors name the missing field and the headers found.
pub fn layout(spec: &SourceSpec, header: &[String], at: &Location) -> Result<Layout> {
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    let mut taken = vec![false; header.len()];
    let mut fields: BTreeMap<&'static str, usize> = BTreeMap::new();

    let detected = profiles::detect(header).filter(|p| p.kind() == spec.kind);
    let profile = spec.profile.or(detected);
    let profile_detected = spec.profile.is_none() && detected.is_some();

    // 1. config `columns` overrides
    for (field, wanted) in &spec.columns {
        let def = spec.kind.field(field).expect("validated in config");
        let wanted_key = header_key(wanted);
        let idx = header
            .iter()
            .position(|h| h.trim() == wanted.trim())
            .or_else(|| keys.iter().position(|k| *k == wanted_key));
        match idx {
            Some(i) => {
                fields.insert(def.name, i);
                taken[i] = true;
            }
            None => {
                return Err(Error::MissingColumn {
                    source_name: spec.name.clone(),
                    at: at.clone().with_column(wanted),
                    field: field.clone(),
                    suggestion: closest(wanted, header.iter().map(String::as_str)),
                    found: non_empty(header),
                });
            }
        }
    }
    // 2. roster credential groups (configured, else inferred from the headers)
    let groups = if spec.kind == Kind::Roster {
        credentials::layout_groups(spec, header, &mut taken, at)?
    } else {
        Vec::new()
    };
    // 3. the built-in format's columns
    let (mut classification, mut remarks, mut empty_marker) = (None, None, None);
    if let Some(p) = profile {
        let def = profiles::def(p);
        for (field, alternatives) in def.columns {
            if fields.contains_key(field) {
                continue;
            }
            if let Some(i) = alternatives.iter().find_map(|alt| {
                keys.iter()
                    .enumerate()
                    .position(|(j, k)| !taken[j] && k == alt)
            }) {
                let name = spec
                    .kind
                    .field(field)
                    .expect("profile fields are canonical")
                    .name;
                fields.insert(name, i);
                taken[i] = true;
            }
        }
        let mut quirk = |column: Option<&str>| {
            let i = keys.iter().position(|k| Some(k.as_str()) == column)?;
            taken[i] = true;
            Some(i)
        };
        classification = quirk(def.classification);
        remarks = quirk(def.remarks_dob);
        empty_marker = def.empty_marker;
    }
    // 4. aliases, left to right: each field takes the first header that names it
    if profile.is_none() {
        for (i, key) in keys.iter().enumerate() {
            if taken[i] || key.is_empty() {
                continue;
            }
            if let Some(def) = spec
                .kind
                .fields()
                .iter()
                .find(|f| f.aliases.contains(&key.as_str()) && !fields.contains_key(f.name))
            {
                fields.insert(def.name, i);
                taken[i] = true;
            }
        }
    }
    check_required(spec, profile, header, &fields, &taken, at)?;

    let mut mapping: Vec<Mapped> = spec
        .kind
        .fields()
        .iter()
        .filter_map(|f| {
            fields.get(f.name).map(|&i| Mapped {
                field: f.name.to_string(),
                header: header[i].clone(),
            })
        })
        .collect();
    for g in &groups {
        for (field, i) in &g.columns {
            mapping.push(Mapped {
                field: format!("{}.{field}", g.label),
                header: header[*i].clone(),
            });
        }
    }
    for (field, column) in [
        ("classification", classification),
        ("dob (from remarks)", remarks),
    ] {
        if let Some(i) = column {
            mapping.push(Mapped {
                field: field.into(),
                header: header[i].clone(),
            });
        }
    }
    let unused = header
        .iter()
        .enumerate()
        .filter(|(i, h)| !taken[*i] && !h.trim().is_empty())
        .map(|(_, h)| h.clone())
        .collect();
    Ok(Layout {
        profile,
        profile_detected,
        fields,
        mapping,
        unused,
        groups,
        classification,
        remarks,
        empty_marker,
    })
}

pub(super) fn non_empty(header: &[String]) -> Vec<String> {
    header
        .iter()
        .filter(|h| !h.trim().is_empty())
        .map(|h| crate::error::one_line(h))
        .collect()
}

fn check_required(
    spec: &SourceSpec,
    profile: Option<Profile>,
    header: &[String],
    fields: &BTreeMap<&'static str, usize>,
    taken: &[bool],
    at: &Location,
) -> Result<()> {
    let has = |f: &str| fields.contains_key(f);
    let names = has("full_name") || (has("last_name") && has("first_name"));
    let missing: Option<&str> = match spec.kind {
        Kind::Roster if !has("npi") => Some("npi"),
        Kind::Roster if !names => Some(if has("last_name") {
            "first_name"
        } else {
            "last_name"
        }),
        Kind::Credentials if !has("provider_id") && !has("npi") => Some("npi"),
        Kind::Credentials if !has("type") => Some("type"),
        Kind::Credentials if !has("expiration_date") => Some("expiration_date"),
        Kind::Enrollment if !has("npi") => Some("npi"),
        Kind::Enrollment
            if !has("payer")
                && spec.payer.is_none()
                && profile.is_none_or(|p| profiles::def(p).payer.is_none()) =>
        {
            Some("payer")
        }
        Kind::LicenseBoard if !has("license_number") => Some("license_number"),
        Kind::LicenseBoard if !has("state") && spec.state.is_none() => Some("state"),
        Kind::Nppes | Kind::OptOut | Kind::Revalidation if !has("npi") => Some("npi"),
        Kind::Exclusions if !names && !has("last_name") && !has("business_name") && !has("npi") => {
            Some("last_name")
        }
        _ => None,
    };
    let Some(field) = missing else { return Ok(()) };
    let def = spec
        .kind
        .field(field)
        .expect("required fields are canonical");
    // Only a header that feeds no other field is a plausible "did you mean".
    let suggestion = header
        .iter()
        .enumerate()
        .filter(|(i, h)| !taken[*i] && !h.trim().is_empty())
        .map(|(_, h)| {
            let key = header_key(h);
            let score = def
                .aliases
                .iter()
                .map(|a| strsim::jaro_winkler(&key, a))
                .fold(0.0, f64::max);
            (score, h)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, h)| crate::error::one_line(h));
    Err(Error::MissingColumn {
        source_name: spec.name.clone(),
        at: at.clone(),
        field: field.to_string(),
        found: non_empty(header),
        suggestion,
    })
}

/// A column number from 1 as spreadsheet letters (1 → `A`, 27 → `AA`).
pub fn column_letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error `layout` gives for a header of `kind`, as printed.
    fn layout_error(kind: Kind, header: &[&str]) -> String {
        let spec = SourceSpec::probe(std::path::Path::new("f.csv"), kind);
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        match layout(&spec, &header, &Location::file(&spec.path)) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("header {header:?} has every required field"),
        }
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(super::column_letters(1), "A");
        assert_eq!(super::column_letters(10), "J");
        assert_eq!(super::column_letters(27), "AA");
        assert_eq!(crate::config::column_number("AA"), Some(27));
        assert_eq!(crate::config::column_number("j"), Some(10));
        assert_eq!(crate::config::column_number("0"), None);
    }

    #[test]
    fn a_header_that_feeds_another_field_is_never_suggested() {
        // `Provider ID` feeds provider_id: it is listed, but not offered as the NPI.
        let e = layout_error(Kind::Roster, &["Provider ID", "Last Name", "First Name"]);
        assert!(e.contains("required field `npi`;"), "{e}");
        assert!(!e.contains("did you mean"), "{e}");
        let e = layout_error(
            Kind::Roster,
            &["Provider ID", "NPI Nbr", "Last Name", "First Name"],
        );
        assert!(e.contains("(did you mean `NPI Nbr`?)"), "{e}");
    }

    #[test]
    fn a_missing_state_says_the_source_may_name_it() {
        let e = layout_error(Kind::LicenseBoard, &["License #", "Last Name"]);
        assert!(
            e.contains("required field `state` (or set `state` on the source);"),
            "{e}"
        );
    }
}
