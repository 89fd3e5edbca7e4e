//! Expirations (SPEC §4): CREDENTIAL_EXPIRED, CREDENTIAL_EXPIRING, CREDENTIAL_MISSING for every expirable:
//! state_license, dea, cds, board_certification, malpractice, caqh_attestation, medicare_revalidation,
//! recredentialing.

use super::data::{Origin, Provider, RevalidationRow};
use super::{Ctx, finding, where_};
use crate::findings::{Code, Finding, Severity};
use crate::values;
use chrono::{Days, NaiveDate};
use std::collections::HashMap;

/// The 0-30 / 31-60 / 61-90 window a due date falls in (wider windows continue in 30-day steps).
pub fn bucket(days_left: i64) -> String {
    if days_left <= 30 {
        return "0-30".into();
    }
    let upper = ((days_left + 29) / 30) * 30;
    format!("{}-{upper}", upper - 29)
}

/// One dated expirable of a provider.
struct Due<'a> {
    credential_type: &'a str,
    state: &'a str,
    number: &'a str,
    date: NaiveDate,
    origin: Origin,
    /// How the date was found, for the detail sentence.
    basis: Basis<'a>,
}

/// How a due date was found; written out only for a finding.
enum Basis<'a> {
    /// The board file (source name) holds the expiration.
    Board(&'a str),
    /// The roster or credentials source (its name) that lists the credential.
    Listed(std::sync::Arc<str>),
    Caqh {
        attested: NaiveDate,
        days: u64,
    },
    Recredential(String),
    /// A revalidation list (source name); whether its adjusted due date is the one used.
    Revalidation(std::sync::Arc<str>, bool),
}

impl std::fmt::Display for Basis<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Basis::Board(source) => write!(f, "per the {source} board file"),
            Basis::Listed(source) => write!(f, "per {source}"),
            Basis::Caqh { attested, days } => write!(f, "attested on {attested} + {days} days"),
            Basis::Recredential(text) => f.write_str(text),
            Basis::Revalidation(source, true) => {
                write!(f, "the adjusted due date per {source}")
            }
            Basis::Revalidation(source, false) => write!(f, "per {source}"),
        }
    }
}

/// What the expiration rules found.
pub struct Expirations {
    pub findings: Vec<Finding>,
    /// Every dated expirable of the active providers, (credential type, due date): the workbook's
    /// expirations-by-month chart counts them all, not only those inside the reporting window.
    pub dues: Vec<(String, NaiveDate)>,
}

pub fn check(ctx: &Ctx, board_expiration: &HashMap<usize, (NaiveDate, Origin)>) -> Expirations {
    let data = ctx.data;
    let mut out = Vec::new();
    let mut dues = Vec::new();
    let mut revalidations: rustc_hash::FxHashMap<&str, Vec<&RevalidationRow>> =
        rustc_hash::FxHashMap::default();
    for r in &data.revalidations {
        revalidations.entry(r.npi.as_str()).or_default().push(r);
    }
    for (pi, p) in ctx.active() {
        let mut provider = provider_dues(ctx, pi, p, board_expiration);
        if p.npi_valid
            && let Some(rows) = revalidations.get(p.npi.as_str())
        {
            revalidation_dues(rows, &mut provider);
        }
        for due in provider {
            if let Some(f) = expiration_finding(ctx, p, &due) {
                out.push(f);
            }
            dues.push((due.credential_type.to_string(), due.date));
        }
        for required in ctx.policy.required_for(&p.degree) {
            if data
                .credentials_of(pi)
                .any(|(_, c)| c.credential_type.as_str() == required)
            {
                continue;
            }
            let mut f = finding(Code::CredentialMissing, p, &p.origin);
            f.credential_type = required.clone();
            let degree = if p.degree.is_empty() {
                "no degree".to_string()
            } else {
                p.degree.clone()
            };
            f.roster_value = degree.clone();
            f.detail = format!(
                "{} ({degree}) has no {} on file, which the policy requires ({}).",
                p.display_name(),
                required.replace('_', " "),
                where_(&p.origin)
            );
            out.push(f);
        }
    }
    Expirations {
        findings: out,
        dues,
    }
}

/// The dated expirables of one provider: credentials (the board's date when the board has one), the CAQH
/// attestation and recredentialing.
fn provider_dues<'a>(
    ctx: &'a Ctx,
    pi: usize,
    p: &'a Provider,
    board_expiration: &'a HashMap<usize, (NaiveDate, Origin)>,
) -> Vec<Due<'a>> {
    let mut dues: Vec<Due> = Vec::new();
    for (ci, c) in ctx.data.credentials_of(pi) {
        let (date, origin, basis) = match (board_expiration.get(&ci), c.expiration_date) {
            (Some((d, o)), _) => (*d, o.clone(), Basis::Board(&o.source)),
            (None, Some(d)) => (d, c.origin.clone(), Basis::Listed(c.origin.source.clone())),
            (None, None) => continue,
        };
        // One credential (type, state, strict number) listed by several sources is one expirable: the
        // latest expiration date among them is used and cited (SPEC §4).
        let number_key = values::license_key(&c.number);
        let due = Due {
            credential_type: c.credential_type.as_str(),
            state: &c.state,
            number: &c.number,
            date,
            origin,
            basis,
        };
        let seen = dues.iter().position(|d| {
            d.credential_type == due.credential_type
                && d.state == due.state
                && (d.number == due.number || values::license_key(d.number) == number_key)
        });
        match seen {
            Some(i) if due.date > dues[i].date => dues[i] = due,
            Some(_) => {}
            None => dues.push(due),
        }
    }
    if let Some(attested) = p.caqh_attestation_date {
        let days = u64::from(ctx.policy.caqh_attestation_days);
        if let Some(date) = attested.checked_add_days(Days::new(days)) {
            dues.push(Due {
                credential_type: "caqh_attestation",
                state: "",
                number: &p.caqh_id,
                date,
                origin: p.origin.clone(),
                basis: Basis::Caqh { attested, days },
            });
        }
    }
    if let Some((date, basis)) = recredential_due(ctx, pi, p) {
        dues.push(Due {
            credential_type: "recredentialing",
            state: "",
            number: "",
            date,
            origin: p.origin.clone(),
            basis: Basis::Recredential(basis),
        });
    }
    dues
}

/// The Medicare revalidations of one provider: one per enrollment (state and enrollment ID), at the latest
/// due date the lists give (the adjusted due date when it is a date, else the revalidation due date).
fn revalidation_dues<'a>(rows: &[&'a RevalidationRow], dues: &mut Vec<Due<'a>>) {
    let first = dues.len();
    for r in rows {
        let Some(date) = r.due() else { continue };
        let due = Due {
            credential_type: "medicare_revalidation",
            state: &r.state,
            number: &r.enrollment_id,
            date,
            origin: r.origin.clone(),
            basis: Basis::Revalidation(r.origin.source.clone(), r.adjusted_due_date.is_some()),
        };
        let seen = dues[first..]
            .iter()
            .position(|d| d.state == due.state && d.number == due.number);
        match seen {
            Some(i) if due.date > dues[first + i].date => dues[first + i] = due,
            Some(_) => {}
            None => dues.push(due),
        }
    }
}

/// next_recredential_date, else last_credentialed_date + the cycle (the shortest among the provider's license states).
fn recredential_due(ctx: &Ctx, pi: usize, p: &Provider) -> Option<(NaiveDate, String)> {
    if let Some(next) = p.next_recredential_date {
        return Some((next, "per the roster's next recredentialing date".into()));
    }
    let last = p.last_credentialed_date?;
    let policy = ctx.policy;
    let (months, why) = ctx
        .data
        .licenses_of(pi)
        .filter_map(|c| {
            policy
                .recredential_cycle_months_by_state
                .get(&c.state)
                .map(|m| (*m, format!(" ({} cycle)", c.state)))
        })
        .min_by_key(|(m, _)| *m)
        .filter(|(m, _)| *m < policy.recredential_cycle_months)
        .unwrap_or((policy.recredential_cycle_months, String::new()));
    Some((
        values::add_months(last, months),
        format!("last credentialed {last} + {months} months{why}"),
    ))
}

fn expiration_finding(ctx: &Ctx, p: &Provider, due: &Due) -> Option<Finding> {
    let days_left = ctx.days_from_as_of(due.date);
    let window = if due.credential_type == "caqh_attestation" {
        ctx.policy.caqh_expiring_within_days
    } else {
        ctx.policy.expiring_within_days
    };
    if days_left > i64::from(window) {
        return None;
    }
    let what = capitalized(&label(due.credential_type, due.state, due.number));
    let name = p.display_name();
    let (code, severity, detail) = if days_left < 0 {
        let severity = match due.credential_type {
            "board_certification" | "caqh_attestation" => Severity::High,
            // Medicare deactivates the billing privileges of a missed revalidation.
            _ => Severity::Critical,
        };
        let ago = -days_left;
        (
            Code::CredentialExpired,
            severity,
            format!(
                "{what} of {name} expired on {} ({ago} day{} ago), {} ({}).",
                due.date,
                if ago == 1 { "" } else { "s" },
                due.basis,
                where_(&due.origin)
            ),
        )
    } else {
        let severity = if days_left <= 30 {
            Severity::High
        } else {
            Severity::Medium
        };
        (
            Code::CredentialExpiring,
            severity,
            format!(
                "{what} of {name} expires on {} (in {days_left} days, {} bucket), {} ({}).",
                due.date,
                bucket(days_left),
                due.basis,
                where_(&due.origin)
            ),
        )
    };
    let mut f = finding(code, p, &due.origin);
    f.severity = severity;
    f.credential_type = due.credential_type.to_string();
    f.state = due.state.to_string();
    f.number = due.number.to_string();
    f.field = "expiration_date".into();
    f.due_date = Some(due.date);
    f.days_left = Some(days_left);
    f.evidence = due.date.to_string();
    f.detail = detail;
    Some(f)
}

/// "MA license 12345", "DEA registration AB1234563", "board certification ABIM", "CAQH attestation".
pub fn label(credential_type: &str, state: &str, number: &str) -> String {
    let kind = match credential_type {
        "state_license" => "license",
        "dea" => "DEA registration",
        "cds" => "CDS registration",
        "board_certification" => "board certification",
        "malpractice" => "malpractice coverage",
        "caqh_attestation" => return "CAQH attestation".to_string(),
        "recredentialing" => return "recredentialing".to_string(),
        "medicare_revalidation" => "Medicare revalidation of enrollment",
        other => other,
    };
    let state = if state.is_empty() {
        String::new()
    } else {
        format!("{state} ")
    };
    let number = if number.is_empty() {
        String::new()
    } else {
        format!(" {number}")
    };
    format!("{state}{kind}{number}")
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::bucket;

    #[test]
    fn buckets_follow_the_spec_windows() {
        assert_eq!(bucket(0), "0-30");
        assert_eq!(bucket(30), "0-30");
        assert_eq!(bucket(31), "31-60");
        assert_eq!(bucket(60), "31-60");
        assert_eq!(bucket(61), "61-90");
        assert_eq!(bucket(90), "61-90");
    }
}
