//! Licensure against board files (SPEC §4): LICENSE_NOT_FOUND, LICENSE_NOT_ACTIVE, LICENSE_DISCIPLINE,
//! LICENSE_EXPIRATION_MISMATCH, LICENSE_NUMBER_MISMATCH, NAME_MISMATCH.

use super::data::{BoardRecord, Credential, Origin};
use super::{Ctx, date_text, finding, name_mismatch, names_agree, quote, where_};
use crate::findings::{Code, Finding};
use crate::model::CredentialType;

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
        .filter(|(_, c)| {
            c.credential_type == CredentialType::StateLicense && covered.contains_key(&c.state)
        })
        .filter(|(_, c)| !c.number.is_empty())
        .filter(|(_, c)| data.providers[c.provider].is_active(ctx.as_of))
        .collect();
    // The board records of each credential by the strict key and by each looser key (SPEC 3.3): the
    // credentials' keys are indexed (the fewer), and every board record is looked up once per key.
    type Index<'a> = rustc_hash::FxHashMap<(&'a str, &'a str), Vec<usize>>;
    let mut index: [Index; 3] = Default::default();
    let cred_keys: Vec<values::LicenseKeys> = creds
        .iter()
        .map(|(_, c)| values::LicenseKeys::of(&c.number))
        .collect();
    for (k, ((_, c), keys)) in creds.iter().zip(&cred_keys).enumerate() {
        let [all, last] = keys.loose();
        for (index, key) in index.iter_mut().zip([keys.strict.as_ref(), all, last]) {
            if !key.is_empty() {
                index.entry((c.state.as_str(), key)).or_default().push(k);
            }
        }
    }
    let mut hits: [Vec<Vec<usize>>; 3] = Default::default();
    for list in &mut hits {
        list.resize(creds.len(), Vec::new());
    }
    for (i, b) in data.board.iter().enumerate() {
        let keys = values::LicenseKeys::of(&b.license_number);
        let [all, last] = keys.loose();
        for ((index, found), key) in
            index
                .iter()
                .zip(hits.iter_mut())
                .zip([keys.strict.as_ref(), all, last])
        {
            if key.is_empty() {
                continue;
            }
            if let Some(ks) = index.get(&(b.state.as_str(), key)) {
                for &k in ks {
                    found[k].push(i);
                }
            }
        }
    }
    let [strict_hits, all_hits, last_hits] = hits;
    let mut named: BTreeSet<(usize, usize)> = BTreeSet::new();

    for (k, (ci, c)) in creds.into_iter().enumerate() {
        let p = &data.providers[c.provider];
        // A record without a name agrees; one of another last name is another person's.
        let own = |i: &usize| {
            let b = &data.board[*i];
            b.last_name.trim().is_empty()
                || values::last_names_match(&p.last_name, &b.last_name, None)
        };
        let (chosen, by_loose_key) = if strict_hits[k].is_empty() {
            // Found by a looser key only when the record's last name agrees.
            let mut hits: Vec<usize> = all_hits[k]
                .iter()
                .chain(&last_hits[k])
                .copied()
                .filter(own)
                .collect();
            hits.sort_unstable();
            hits.dedup();
            (best(hits.iter().map(|&i| &data.board[i])), true)
        } else {
            // Records sharing the number: the provider's own name first, whatever their rows; only
            // when every one has another name is one of them used (with a NAME_MISMATCH).
            let theirs: Vec<usize> = strict_hits[k].iter().copied().filter(own).collect();
            let pool = if theirs.is_empty() {
                &strict_hits[k][..]
            } else {
                &theirs[..]
            };
            (best(pool.iter().map(|&i| &data.board[i])), false)
        };
        let Some(b) = chosen else {
            let source = covered.get(&c.state).map(|&s| &data.sources[s]);
            let origin = Origin {
                source: source.map_or("", |s| s.name.as_str()).into(),
                file: source.map_or("", |s| s.file.as_str()).into(),
                row: 0,
            };
            let mut f = finding(Code::LicenseNotFound, p, &origin);
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
            let mut f = finding(Code::LicenseNumberMismatch, p, &b.origin);
            describe(&mut f, c);
            f.field = "number".into();
            f.roster_value = c.number.clone();
            f.source_value = b.license_number.clone();
            f.detail = format!(
                "The roster's {} license number {} of {} matches the board's {} only on its digits, without letters and leading zeros ({}).",
                c.state,
                quote(&c.number),
                p.display_name(),
                quote(&b.license_number),
                where_(&b.origin)
            );
            out.findings.push(f);
        }
        if !b.is_active() {
            let mut f = finding(Code::LicenseNotActive, p, &b.origin);
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
        if b.on_probation || discipline {
            let mut f = finding(Code::LicenseDiscipline, p, &b.origin);
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
                let mut f = finding(Code::LicenseExpirationMismatch, p, &b.origin);
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
                .insert(ci, (board_exp, b.origin.clone()));
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
        (
            !b.is_active(),
            std::cmp::Reverse(b.expiration_date),
            b.origin.row,
        )
    })
}

fn describe(f: &mut Finding, c: &Credential) {
    f.credential_type = c.credential_type.as_str().to_string();
    f.state = c.state.clone();
    f.number = c.number.clone();
}
