//! Medicare opt-out (SPEC §4): MEDICARE_OPT_OUT for an active provider whose NPI is on an opt_out source
//! with an opt-out in force on as_of. Critical when the organization also lists them as actively enrolled
//! with Medicare: such claims cannot be paid.

use super::data::{EnrollmentRow, OptOutRow};
use super::{Ctx, date_text, finding, where_};
use crate::findings::{Code, Finding, Severity};
use crate::model::Kind;

/// A payer that is Medicare: `Medicare`, or a name that starts with the word (`Medicare Part B`,
/// `Medicare Advantage` — an opted-out provider cannot be paid by either).
pub fn is_medicare(payer: &str) -> bool {
    let words = crate::values::normalize_name(payer);
    words == "MEDICARE" || words.starts_with("MEDICARE ")
}

pub fn check(ctx: &Ctx) -> Vec<Finding> {
    let data = ctx.data;
    let mut out = Vec::new();
    if !data.sources.iter().any(|s| s.kind == Kind::OptOut) {
        return out;
    }
    let mut opt_outs: rustc_hash::FxHashMap<&str, Vec<&OptOutRow>> =
        rustc_hash::FxHashMap::default();
    for r in data.opt_outs.iter().filter(|r| r.in_force(ctx.as_of)) {
        opt_outs.entry(r.npi.as_str()).or_default().push(r);
    }
    let mut medicare: rustc_hash::FxHashMap<&str, &EnrollmentRow> =
        rustc_hash::FxHashMap::default();
    for e in &data.enrollments {
        if e.is_active(ctx.as_of) && is_medicare(&e.payer) {
            medicare.entry(e.npi.as_str()).or_insert(e);
        }
    }
    for (_, p) in ctx.active().filter(|(_, p)| p.npi_valid) {
        let Some(rows) = opt_outs.get(p.npi.as_str()) else {
            continue;
        };
        // One finding per provider and opt-out list, citing its first row in force.
        let mut seen: Vec<usize> = Vec::new();
        for r in rows {
            if seen.contains(&r.source) {
                continue;
            }
            seen.push(r.source);
            let enrolled = medicare.get(p.npi.as_str());
            let mut f = finding(Code::MedicareOptOut, p, &r.origin);
            if enrolled.is_some() {
                f.severity = Severity::Critical;
            }
            f.payer = "Medicare".into();
            f.state = r.state.clone();
            f.field = "opt_out_effective_date".into();
            f.roster_value = p.npi.clone();
            f.source_value = format!(
                "{} to {}",
                date_text(r.effective_date),
                r.end_date
                    .map_or_else(|| "no end date".to_string(), |d| d.to_string())
            );
            f.evidence = format!(
                "{}|{}|{}",
                r.npi,
                date_text(r.effective_date),
                date_text(r.end_date)
            );
            let period = match r.end_date {
                Some(end) => format!("from {} until {end}", date_text(r.effective_date)),
                None => format!("from {}", date_text(r.effective_date)),
            };
            let consequence = match enrolled {
                Some(e) => format!(
                    "yet the organization lists them as enrolled with {} ({}): those claims cannot be paid",
                    e.payer,
                    where_(&e.origin)
                ),
                None => "they may not bill Medicare".to_string(),
            };
            f.detail = format!(
                "{} (NPI {}) opted out of Medicare {period} ({}); {consequence}.",
                p.display_name(),
                p.npi,
                where_(&r.origin)
            );
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_medicare;

    #[test]
    fn medicare_payers_by_name() {
        assert!(is_medicare("Medicare"));
        assert!(is_medicare("MEDICARE PART B"));
        assert!(is_medicare("medicare advantage"));
        assert!(!is_medicare("Medicaid"));
        assert!(!is_medicare("Aetna Medicare-Supplement"));
    }
}
