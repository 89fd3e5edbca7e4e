//! NPPES (SPEC §4): NPI_NOT_FOUND, NPI_DEACTIVATED, NAME_MISMATCH, NPPES_LICENSE_MISSING.
//! Joined on NPI; providers without a valid NPI are skipped (their NPI finding says why).

use super::{Ctx, date_text, finding, join, name_mismatch, names_agree, where_};
use crate::findings::{Code, Finding};
use crate::model::Kind;
use crate::values;

pub fn check(ctx: &Ctx) -> Vec<Finding> {
    let data = ctx.data;
    let mut out = Vec::new();
    for (s, info) in data
        .sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == Kind::Nppes)
    {
        let records: Vec<&super::data::NppesRecord> =
            data.nppes.iter().filter(|r| r.source == s).collect();
        let active: Vec<(usize, &super::data::Provider)> =
            ctx.active().filter(|(_, p)| p.npi_valid).collect();
        let left: Vec<String> = active.iter().map(|(_, p)| p.npi.clone()).collect();
        let right: Vec<String> = records.iter().map(|r| r.npi.clone()).collect();
        let matches = join::lookup_one(&left, &right);
        for ((pi, p), hits) in active.iter().zip(matches) {
            let Some(&first) = hits.first() else {
                let origin = super::data::Origin {
                    source: info.name.as_str().into(),
                    file: info.file.as_str().into(),
                    row: 0,
                };
                let mut f = finding(Code::NpiNotFound, p, &origin);
                f.field = "npi".into();
                f.roster_value = p.npi.clone();
                f.detail = format!(
                    "NPI {} of {} is not in the NPPES file {} ({}).",
                    p.npi,
                    p.display_name(),
                    info.file,
                    where_(&p.origin)
                );
                out.push(f);
                continue;
            };
            let r = records[first];
            if let Some(deactivated) = r.deactivation_date
                && deactivated <= ctx.as_of
                && !r
                    .reactivation_date
                    .is_some_and(|re| re >= deactivated && re <= ctx.as_of)
            {
                let mut f = finding(Code::NpiDeactivated, p, &r.origin);
                f.field = "deactivation_date".into();
                f.source_value = date_text(Some(deactivated));
                f.due_date = Some(deactivated);
                f.detail = format!(
                    "NPI {} of {} was deactivated in NPPES on {} with no later reactivation ({}).",
                    p.npi,
                    p.display_name(),
                    deactivated,
                    where_(&r.origin)
                );
                out.push(f);
            }
            if r.entity_type != "2" && !names_agree(p, &r.last_name, &r.first_name, None) {
                out.push(name_mismatch(
                    p,
                    &r.last_name,
                    &r.first_name,
                    &r.origin,
                    "NPPES",
                ));
            }
            for c in data.licenses_of(*pi) {
                if c.number.is_empty() {
                    continue;
                }
                // SPEC §3.3: upper-case letters and digits only; the looser key is the board files' fallback.
                let key = values::license_key(&c.number);
                let listed = r
                    .licenses
                    .iter()
                    .any(|(state, k, _)| (c.state.is_empty() || *state == c.state) && *k == key);
                if !listed {
                    let mut f = finding(Code::NppesLicenseMissing, p, &r.origin);
                    f.credential_type = c.credential_type.as_str().to_string();
                    f.state = c.state.clone();
                    f.number = c.number.clone();
                    f.roster_value = format!("{} {}", c.state, c.number).trim().to_string();
                    f.source_value = r
                        .licenses
                        .iter()
                        .map(|(s, _, n)| format!("{s} {n}"))
                        .collect::<Vec<_>>()
                        .join("; ");
                    f.detail = format!(
                        "The roster's {} license {} of {} is not among the {} licenses NPPES lists for NPI {} ({}).",
                        c.state,
                        c.number,
                        p.display_name(),
                        r.licenses.len(),
                        p.npi,
                        where_(&r.origin)
                    );
                    out.push(f);
                }
            }
        }
    }
    out
}
