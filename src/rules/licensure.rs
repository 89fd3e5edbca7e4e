//! Licensure against board files (SPEC §4): LICENSE_NOT_FOUND, LICENSE_NOT_ACTIVE, LICENSE_DISCIPLINE,
//! LICENSE_EXPIRATION_MISMATCH, LICENSE_NUMBER_MISMATCH, NAME_MISMATCH.

use super::data::{BoardRecord, Credential, Origin};
use super::{Ctx, date_text, finding, join, name_mismatch, names_agree, quote, where_};
use crate::findings::{Code, Finding, Severity};

use crate::values;
use chrono::NaiveDate;
use std::collections::{BTreeSet, HashMap};

pub struct Licensure {
    pub findings: Vec<Finding>,
    /// Credential index → the board's expiration date, which the expiration rules use instead of the roster's.
    pub board_expiration: HashMap<usize, (NaiveDate, Origin)>,
}

pub fn check(ctx: &Ctx) -> Licensure {
    let data = ctx.data;
    let mut out = Licensure {
        findings: Vec::new(),
        board_expiration: HashMap::new(),
    };
    let covered = &data.board_states;
    if covered.is_empty() {
        return out;
    }
    // The state_license credentials of active providers, in a covered state.
    let creds: Vec<(usize, &Credential)> = data
        .credentials
        .iter()
        .enumerate()
        .filter(|(_, c)| c.credential_type == "state_license" && covered.contains_key(&c.state))
        .filter(|(_, c)| !c.number.is_empty())
        .filter(|(_, c)| data.providers[c.provider].is_active(ctx.as_of))
        .collect();
    let strict = |state: &str, number: &str| format!("{state}|{}", values::license_key(number));
    let loose = |state: &str, number: &str| {
        let k = values::license_loose_key(number);
        if k.is_empty() {
            String::new()
        } else {
            format!("{state}|{k}")
        }
    };
    let left: Vec<String> = creds
        .iter()
        .map(|(_, c)| strict(&c.state, &c.number))
        .collect();
    let right: Vec<String> = data
        .board
        .iter()
        .map(|b| strict(&b.state, &b.license_number))
        .collect();
    let exact = join::lookup_one(&left, &right);
    let left_loose: Vec<String> = creds
        .iter()
        .map(|(_, c)| loose(&c.state, &c.number))
        .collect();
    let right_loose: Vec<String> = data
        .board
        .iter()
        .map(|b| loose(&b.state, &b.license_number))
        .collect();
    let loosely = join::lookup_one(&left_loose, &right_loose);
    let mut named: BTreeSet<(usize, usize)> = BTreeSet::new();

    for (k, (ci, c)) in creds.iter().enumerate() {
        let p = &data.providers[c.provider];
        let (hits, by_loose_key) = if exact[k].is_empty() {
            (&loosely[k], true)
        } else {
            (&exact[k], false)
        };
        let Some(b) = best(hits.iter().map(|&i| &data.board[i])) else {
            let source = covered.get(&c.state).map(|&s| &data.sources[s]);
            let origin = Origin {
                source: source.map_or("", |s| s.name.as_str()).into(),
                file: source.map_or("", |s| s.file.as_str()).into(),
                row: 0,
            };
            let mut f = finding(Code::LicenseNotFound, Severity::High, p, &origin);
            describe(&mut f, c);
            f.roster_value = c.number.clone();
            f.detail = format!(
                "{} license {} of {} is not in the {} board file {} ({}).",
                c.state,
                c.number,
                p.display_name(),
                c.state,
                origin.file,
                where_(&c.origin)
            );
            out.findings.push(f);
            continue;
        };
        let board_name = &data.sources[b.source].name;
        if by_loose_key {
            let mut f = finding(Code::LicenseNumberMismatch, Severity::Low, p, &b.origin);
            describe(&mut f, c);
            f.field = "number".into();
            f.roster_value = c.number.clone();
            f.source_value = b.license_number.clone();
            f.detail = format!(
                "The roster's {} license number {} of {} matches the board's {} only after dropping letters and leading zeros ({}).",
                c.state,
                quote(&c.number),
                p.display_name(),
                quote(&b.license_number),
                where_(&b.origin)
            );
            out.findings.push(f);
        }
        if matches!(b.status.as_str(), "not_active" | "unrecognized") {
            let mut f = finding(Code::LicenseNotActive, Severity::Critical, p, &b.origin);
            describe(&mut f, c);
            f.field = "status".into();
            f.source_value = b.status_text.clone();
            f.detail = format!(
                "The {} board lists license {} of {} as {} ({}).",
                c.state,
                b.license_number,
                p.display_name(),
                quote(&b.status_text),
                where_(&b.origin)
            );
            out.findings.push(f);
        }
        let discipline = values::discipline_flag(&b.discipline);
        // Probation is discipline also when the status is not active (`Suspended/Probation`).
        let probation = b.status == "probation"
            || values::board_status(&b.status_text).is_some_and(|s| s.discipline);
        if probation || discipline {
            let mut f = finding(Code::LicenseDiscipline, Severity::High, p, &b.origin);
            describe(&mut f, c);
            f.field = if discipline { "discipline" } else { "status" }.into();
            f.source_value = if discipline {
                b.discipline.clone()
            } else {
                b.status_text.clone()
            };
            f.detail = format!(
                "The {} board shows {} on license {} of {} ({}).",
                c.state,
                if discipline {
                    format!("discipline {}", quote(&b.discipline))
                } else {
                    format!("status {}", quote(&b.status_text))
                },
                b.license_number,
                p.display_name(),
                where_(&b.origin)
            );
            out.findings.push(f);
        }
        if let Some(board_exp) = b.expiration_date {
            if let Some(roster_exp) = c.expiration_date
                && roster_exp != board_exp
            {
                let mut f = finding(
                    Code::LicenseExpirationMismatch,
                    Severity::Medium,
                    p,
                    &b.origin,
                );
                describe(&mut f, c);
                f.field = "expiration_date".into();
                f.roster_value = date_text(Some(roster_exp));
                f.source_value = date_text(Some(board_exp));
                f.detail = format!(
                    "The roster has {} license {} of {} expiring {roster_exp}, the board {board_exp} ({}); the board's date is the one checked.",
                    c.state,
                    c.number,
                    p.display_name(),
                    where_(&b.origin)
                );
                out.findings.push(f);
            }
            out.board_expiration
                .insert(*ci, (board_exp, b.origin.clone()));
        }
        if !names_agree(p, &b.last_name, &b.first_name, None)
            && named.insert((c.provider, b.source))
        {
            let what = format!("the {} board file `{board_name}`", c.state);
            out.findings.push(name_mismatch(
                p,
                &b.last_name,
                &b.first_name,
                &b.origin,
                &what,
            ));
        }
    }
    out
}

/// Among several board records for one license: the active one with the latest expiration, then the first row.
fn best<'a>(records: impl Iterator<Item = &'a BoardRecord>) -> Option<&'a BoardRecord> {
    records.min_by_key(|b| {
        let active = matches!(b.status.as_str(), "" | "active" | "probation");
        (!active, std::cmp::Reverse(b.expiration_date), b.origin.row)
    })
}

fn describe(f: &mut Finding, c: &Credential) {
    f.credential_type = c.credential_type.clone();
    f.state = c.state.clone();
    f.number = c.number.clone();
}
