//! Enrollment (SPEC §4): ENROLLMENT_MISSING, ENROLLMENT_NOT_ACTIVE, ENROLLMENT_EFFECTIVE_GAP,
//! ENROLLED_NOT_ON_ROSTER, ENROLLED_AFTER_TERMINATION, ENROLLMENT_FIELD_MISMATCH, NAME_MISMATCH.

use super::data::{EnrollmentRow, Origin, Provider};
use super::{Ctx, date_text, finding, join, name_mismatch, names_agree, quote, where_};
use crate::config::Scope;
use crate::findings::{Code, Finding};
use crate::model::Kind;
use crate::values;
use std::collections::{BTreeMap, BTreeSet};

pub fn check(ctx: &Ctx) -> Vec<Finding> {
    let data = ctx.data;
    let mut out = Vec::new();
    // NPI texts of every roster row, valid or not (SPEC §4): an enrollment row with a mistyped NPI that
    // the roster shares is not someone else's.
    let roster_npis: rustc_hash::FxHashSet<&str> = data
        .providers
        .iter()
        .filter(|p| !p.npi.is_empty())
        .map(|p| p.npi.as_str())
        .collect();
    // NPIs of active roster rows: a terminated row's NPI still active elsewhere on the roster is not
    // enrolled after termination.
    let active_npis: rustc_hash::FxHashSet<&str> = ctx
        .active()
        .filter(|(_, p)| !p.npi.is_empty())
        .map(|(_, p)| p.npi.as_str())
        .collect();
    for (s, info) in data
        .sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == Kind::Enrollment)
    {
        let rows: Vec<&EnrollmentRow> = data.enrollments.iter().filter(|r| r.source == s).collect();
        // The payers this source speaks for.
        let mut payers: BTreeSet<&str> = rows
            .iter()
            .map(|r| r.payer.as_str())
            .filter(|p| !p.is_empty())
            .collect();
        // The config's payer names the file's payer when it has no payer column; with one, it only fills
        // empty cells, and is among the rows' payers when it did.
        if let Some(p) = &info.payer
            && !info.payer_column
        {
            payers.insert(p.as_str());
        }
        let providers: Vec<(usize, &Provider)> = data
            .providers
            .iter()
            .enumerate()
            .filter(|(_, p)| p.npi_valid)
            .collect();
        let left: Vec<&str> = providers.iter().map(|(_, p)| p.npi.as_str()).collect();
        let right: Vec<&str> = rows.iter().map(|r| r.npi.as_str()).collect();
        let matches = join::lookup_one(&left, &right);
        for ((pi, p), hits) in providers.iter().zip(matches) {
            let mut by_payer: BTreeMap<&str, Vec<&EnrollmentRow>> = BTreeMap::new();
            for &h in &hits {
                by_payer
                    .entry(rows[h].payer.as_str())
                    .or_default()
                    .push(rows[h]);
            }
            if p.is_active(ctx.as_of) {
                let expected = info.required
                    && info.states.as_ref().is_none_or(|states| {
                        data.licenses_of(*pi).any(|c| states.contains(&c.state))
                    });
                for payer in &payers {
                    match by_payer.get(payer) {
                        None if expected => out.push(missing(p, payer, info)),
                        None => {}
                        Some(list) => out.extend(enrolled(ctx, p, payer, list)),
                    }
                }
                // A name mismatch is reported once per provider and source.
                if let Some(r) = hits
                    .iter()
                    .map(|&h| rows[h])
                    .find(|r| !names_agree(p, &r.last_name, &r.first_name, None))
                {
                    let what = format!("the {} enrollment file `{}`", r.payer, info.name);
                    let mut f = name_mismatch(p, &r.last_name, &r.first_name, &r.origin, &what);
                    // A finding cited from an enrollment source carries that source's payer.
                    f.payer = r.payer.clone();
                    out.push(f);
                }
            } else if p.is_terminated(ctx.as_of)
                && info.scope == Scope::Organization
                && !active_npis.contains(p.npi.as_str())
            {
                for (payer, list) in &by_payer {
                    if let Some(r) = list.iter().find(|r| r.is_active(ctx.as_of)) {
                        let mut f = finding(Code::EnrolledAfterTermination, p, &r.origin);
                        f.payer = payer.to_string();
                        f.roster_value = date_text(p.termination_date);
                        f.source_value = r.status_text.clone();
                        let when = p
                            .termination_date
                            .map(|d| format!(" on {d}"))
                            .unwrap_or_default();
                        f.detail = format!(
                            "{} was terminated on the roster{when} but is still active with {payer} ({}).",
                            p.display_name(),
                            where_(&r.origin)
                        );
                        out.push(f);
                    }
                }
            }
        }
        if info.scope == Scope::Organization {
            let mut seen: BTreeSet<(&str, &str)> = BTreeSet::new();
            for r in rows.iter().filter(|r| r.is_active(ctx.as_of)) {
                if roster_npis.contains(r.npi.as_str())
                    || !seen.insert((r.npi.as_str(), r.payer.as_str()))
                {
                    continue;
                }
                let mut f = Finding::new(Code::EnrolledNotOnRoster);
                super::cite(&mut f, &r.origin);
                f.npi = r.npi.clone();
                f.provider_name = [r.last_name.as_str(), r.first_name.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ");
                f.payer = r.payer.clone();
                f.source_value = r.payer_provider_id.clone();
                f.detail = format!(
                    "{} lists {} (NPI {}) as an active provider of ours, but no roster row has that NPI ({}).",
                    r.payer,
                    if f.provider_name.is_empty() {
                        "a provider".to_string()
                    } else {
                        f.provider_name.clone()
                    },
                    r.npi,
                    where_(&r.origin)
                );
                out.push(f);
            }
        }
    }
    out
}

fn missing(p: &Provider, payer: &str, info: &super::data::SourceInfo) -> Finding {
    let origin = Origin {
        source: info.name.as_str().into(),
        file: info.file.as_str().into(),
        row: 0,
    };
    let mut f = finding(Code::EnrollmentMissing, p, &origin);
    f.payer = payer.to_string();
    f.detail = format!(
        "{} (NPI {}) has no row in the {payer} enrollment file {}.",
        p.display_name(),
        p.npi,
        info.file
    );
    f
}

/// The findings of a provider who has rows with a payer.
fn enrolled(ctx: &Ctx, p: &Provider, payer: &str, rows: &[&EnrollmentRow]) -> Vec<Finding> {
    let mut out = Vec::new();
    let active: Vec<&&EnrollmentRow> = rows.iter().filter(|r| r.is_active(ctx.as_of)).collect();
    let Some(row) = active
        .iter()
        .min_by_key(|r| (r.effective_date, r.origin.row))
    else {
        // Cite the latest row: the latest effective date, then the last row.
        let latest = rows
            .iter()
            .max_by_key(|r| (r.effective_date, r.origin.row))
            .expect("a payer group has rows");
        let mut f = finding(Code::EnrollmentNotActive, p, &latest.origin);
        f.payer = payer.to_string();
        f.field = "status".into();
        f.source_value = latest.status_text.clone();
        f.evidence = format!(
            "{}|{}|{}",
            latest.status.word(),
            date_text(latest.effective_date),
            date_text(latest.termination_date)
        );
        let why = if !matches!(
            latest.status,
            values::Stated::Missing | values::Stated::Is(values::EnrollmentStatus::Active)
        ) {
            format!("status {}", quote(&latest.status_text))
        } else if latest.effective_date.is_some_and(|d| d > ctx.as_of) {
            format!("effective only from {}", date_text(latest.effective_date))
        } else {
            format!("terminated on {}", date_text(latest.termination_date))
        };
        f.detail = format!(
            "{} has {} row{} with {payer} but none is active; the latest is {why} ({}).",
            p.display_name(),
            rows.len(),
            if rows.len() == 1 { "" } else { "s" },
            where_(&latest.origin)
        );
        out.push(f);
        return out;
    };
    if let (Some(effective), Some(start)) = (row.effective_date, p.start_date)
        && effective > start
    {
        let gap = (effective - start).num_days();
        let mut f = finding(Code::EnrollmentEffectiveGap, p, &row.origin);
        f.payer = payer.to_string();
        f.field = "effective_date".into();
        f.roster_value = date_text(Some(start));
        f.source_value = date_text(Some(effective));
        f.gap_days = Some(gap);
        f.detail = format!(
            "{} started on {start} but is effective with {payer} only from {effective}: {gap} days in which claims can deny ({}).",
            p.display_name(),
            where_(&row.origin)
        );
        out.push(f);
    }
    type Normalize = fn(&str) -> String;
    let compare: [(&str, Normalize, &String, &String); 2] = [
        ("tax_id", values::digits_only, &p.tax_id, &row.tax_id),
        (
            "specialty",
            values::normalize_name,
            &p.specialty,
            &row.specialty,
        ),
    ];
    for (field, normalize, ours_raw, theirs_raw) in compare {
        // Equal text is equal once normalized: only differing values are normalized and compared.
        if ours_raw == theirs_raw {
            continue;
        }
        let (ours, theirs) = (normalize(ours_raw), normalize(theirs_raw));
        if ours.is_empty() || theirs.is_empty() || ours == theirs {
            continue;
        }
        let mut f = finding(Code::EnrollmentFieldMismatch, p, &row.origin);
        f.payer = payer.to_string();
        f.field = field.into();
        f.roster_value = ours_raw.clone();
        f.source_value = theirs_raw.clone();
        f.detail = format!(
            "The {} of {} is {} on the roster but {} with {payer} ({}).",
            field.replace('_', " "),
            p.display_name(),
            quote(ours_raw),
            quote(theirs_raw),
            where_(&row.origin)
        );
        out.push(f);
    }
    out
}
