//! Data quality (SPEC §4): NPI_MISSING, NPI_INVALID, DUPLICATE_PROVIDER, INVALID_DATE, UNRECOGNIZED_VALUE.
//! These look at every roster row, terminated ones included.

use super::{Ctx, finding, quote, where_};
use crate::findings::{Code, Finding};
use crate::ingest::IssueKind;
use crate::model::Kind;

pub fn check(ctx: &Ctx) -> Vec<Finding> {
    let data = ctx.data;
    let mut out = Vec::new();
    for p in &data.providers {
        let placeholder = crate::values::is_zero_placeholder(&p.npi_raw);
        if p.npi_raw.trim().is_empty() || placeholder {
            let mut f = finding(Code::NpiMissing, p, &p.origin);
            f.field = "npi".into();
            if placeholder {
                f.roster_value = p.npi_raw.clone();
            }
            f.detail = format!(
                "{} has no NPI on the roster ({}); the NPPES, enrollment and NPI exclusion checks skip this provider.",
                p.display_name(),
                where_(&p.origin)
            );
            out.push(f);
        } else if !p.npi_valid {
            let mut f = finding(Code::NpiInvalid, p, &p.origin);
            f.field = "npi".into();
            f.roster_value = p.npi_raw.clone();
            let why = if p.npi.len() != 10 || !p.npi.chars().all(|c| c.is_ascii_digit()) {
                "is not 10 digits"
            } else {
                "fails the check digit"
            };
            f.detail = format!(
                "The roster NPI {} of {} {why} ({}); the NPPES, enrollment and NPI exclusion checks skip this provider.",
                quote(&p.npi_raw),
                p.display_name(),
                where_(&p.origin)
            );
            out.push(f);
        }
    }
    // Cardinality of the roster's join key: one row per NPI text (spaces and hyphens removed), valid or not.
    let npis: Vec<String> = data.providers.iter().map(|p| p.npi.clone()).collect();
    for (npi, rows) in super::join::duplicates(&npis) {
        let first = &data.providers[rows[0]];
        let mut f = finding(Code::DuplicateProvider, first, &first.origin);
        f.field = "npi".into();
        f.roster_value = npi.clone();
        // The detail names the first rows; a sentence does not list a million of them.
        let others: Vec<String> = rows[1..]
            .iter()
            .take(10)
            .map(|&i| {
                let p = &data.providers[i];
                format!(
                    "row {} ({}, {})",
                    p.origin.row,
                    p.provider_id,
                    p.display_name()
                )
            })
            .collect();
        f.evidence = rows
            .iter()
            .map(|&i| data.providers[i].provider_id.clone())
            .collect::<Vec<_>>()
            .join(",");
        let more = rows.len() - 1 - others.len();
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        f.detail = format!(
            "NPI {npi} is on {} roster rows: {} and {}{more}.",
            rows.len(),
            where_(&first.origin),
            others.join(", ")
        );
        out.push(f);
    }
    out.extend(value_issues(ctx));
    out
}

/// INVALID_DATE and UNRECOGNIZED_VALUE for the organization's own files (roster, credentials, payer and
/// board files). Issues inside the national reference files (NPPES, exclusion lists) are counted in the
/// manifest instead: they are not the organization's data to fix.
fn value_issues(ctx: &Ctx) -> Vec<Finding> {
    let data = ctx.data;
    if data.issues.is_empty() {
        return Vec::new();
    }
    // Only the rows of sources with an issue are looked up.
    let with_issues: std::collections::HashSet<&str> = data
        .issues
        .iter()
        .map(|(s, _)| data.sources[*s].name.as_str())
        .collect();
    let roster_rows: std::collections::HashMap<(&str, u64), usize> = data
        .providers
        .iter()
        .enumerate()
        .map(|(i, p)| ((&*p.origin.source, p.origin.row), i))
        .collect();
    // The provider of a credentials row, and the NPI of an enrollment row (and its provider, when on the
    // roster): an unreadable value says whose row it is.
    let by_npi: std::collections::HashMap<&str, usize> = data
        .providers
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, p)| !p.npi.is_empty())
        .map(|(i, p)| (p.npi.as_str(), i))
        .collect();
    let mut row_owner: std::collections::HashMap<(&str, u64), (Option<usize>, &str)> = data
        .credentials
        .iter()
        .filter(|c| with_issues.contains(&*c.origin.source))
        .map(|c| ((&*c.origin.source, c.origin.row), (Some(c.provider), "")))
        .collect();
    for r in data
        .enrollments
        .iter()
        .filter(|r| with_issues.contains(&*r.origin.source))
    {
        row_owner
            .entry((&*r.origin.source, r.origin.row))
            .or_insert((by_npi.get(r.npi.as_str()).copied(), r.npi.as_str()));
    }
    let mut out = Vec::new();
    for (source, issue) in &data.issues {
        let info = &data.sources[*source];
        if matches!(
            info.kind,
            Kind::Nppes | Kind::Exclusions | Kind::OptOut | Kind::Revalidation
        ) {
            continue;
        }
        let (code, what) = match issue.kind {
            IssueKind::InvalidDate => (
                Code::InvalidDate,
                "is not a date credrecon can read; it counts as missing",
            ),
            IssueKind::UnrecognizedValue => (
                Code::UnrecognizedValue,
                "is not a status credrecon recognises; it is treated as not active (map it under [sources.values.status])",
            ),
        };
        let origin = super::data::Origin {
            source: info.name.as_str().into(),
            file: info.file.as_str().into(),
            row: issue.row,
        };
        // The unreadable text is the roster's own value on a roster row, else the cited source's value.
        let mut f = match roster_rows.get(&(info.name.as_str(), issue.row)) {
            Some(&i) => {
                let mut f = finding(code, &data.providers[i], &origin);
                f.roster_value = issue.raw.clone();
                f
            }
            None => {
                let owner = row_owner.get(&(info.name.as_str(), issue.row));
                let mut f = match owner {
                    Some(&(Some(i), _)) => finding(code, &data.providers[i], &origin),
                    _ => {
                        let mut f = Finding::new(code);
                        super::cite(&mut f, &origin);
                        f
                    }
                };
                if let Some(&(_, npi)) = owner
                    && f.npi.is_empty()
                {
                    f.npi = npi.to_string();
                }
                f.source_value = issue.raw.clone();
                f
            }
        };
        f.field = issue.field.clone();
        f.detail = format!(
            "The {} value {} in {} {what}.",
            issue.field.replace('_', " "),
            quote(&issue.raw),
            where_(&origin)
        );
        out.push(f);
    }
    out
}
