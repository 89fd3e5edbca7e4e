//! Exclusions across LEIE, SAM and state lists (SPEC §4): EXCLUSION_MATCH (NPI, or name + equal date of
//! birth) and EXCLUSION_POSSIBLE_MATCH (name + state, a date of birth missing). Names cleared by a
//! differing date of birth are counted, not reported.

use super::data::{ExclusionRow, Provider};
use super::{Ctx, date_text, finding, join, where_};
use crate::findings::{Code, Finding, Severity};
use crate::model::Kind;
use crate::values;
use std::collections::{BTreeMap, BTreeSet};

pub struct Exclusions {
    pub findings: Vec<Finding>,
    pub cleared_by_dob: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Npi,
    NameDob,
    NameState,
}

/// Blocking keys for name candidates: the first four letters of each word of the normalized last name, and
/// of the name without spaces. Two last names that match under SPEC §3.3 always share one.
fn name_blocks(last: &str) -> Vec<String> {
    let norm = values::normalize_name(last);
    let prefix = |w: &str| w.chars().take(4).collect::<String>();
    let mut keys: Vec<String> = norm
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(prefix)
        .collect();
    keys.push(prefix(&norm.replace(' ', "")));
    keys.sort();
    keys.dedup();
    keys.retain(|k| !k.is_empty());
    keys
}

pub fn check(ctx: &Ctx) -> Exclusions {
    let data = ctx.data;
    let mut out = Exclusions {
        findings: Vec::new(),
        cleared_by_dob: BTreeMap::new(),
    };
    let active: Vec<(usize, &Provider)> = ctx.active().collect();
    let states: Vec<BTreeSet<&str>> = active
        .iter()
        .map(|(pi, _)| {
            data.licenses_of(*pi)
                .filter(|c| !c.state.is_empty())
                .map(|c| c.state.as_str())
                .collect()
        })
        .collect();
    for (s, info) in data
        .sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == Kind::Exclusions)
    {
        let rows: Vec<&ExclusionRow> = data
            .exclusions
            .iter()
            .filter(|r| r.source == s && r.in_force(ctx.as_of))
            .collect();
        let by_npi = join::lookup(
            &active
                .iter()
                .map(|(_, p)| {
                    if p.npi_valid {
                        vec![p.npi.clone()]
                    } else {
                        vec![]
                    }
                })
                .collect::<Vec<_>>(),
            &rows.iter().map(|r| r.npis.clone()).collect::<Vec<_>>(),
        );
        let by_name = join::lookup(
            &active
                .iter()
                .map(|(_, p)| name_blocks(&p.last_name))
                .collect::<Vec<_>>(),
            &rows
                .iter()
                .map(|r| {
                    if r.is_person() {
                        name_blocks(&r.last_name)
                    } else {
                        vec![]
                    }
                })
                .collect::<Vec<_>>(),
        );
        let mut cleared = 0u64;
        for (k, (_, p)) in active.iter().enumerate() {
            let mut matched: Vec<(Tier, &ExclusionRow)> =
                by_npi[k].iter().map(|&i| (Tier::Npi, rows[i])).collect();
            for &i in &by_name[k] {
                let r = rows[i];
                if matched.iter().any(|(_, m)| std::ptr::eq(*m, r))
                    || !super::names_agree_strict(p, r, info.truncation)
                {
                    continue;
                }
                match (p.dob, r.dob) {
                    (Some(a), Some(b)) if a == b => matched.push((Tier::NameDob, r)),
                    (Some(_), Some(_)) => cleared += 1,
                    _ => {
                        let same_state = r.states.is_empty()
                            || states[k].is_empty()
                            || r.states.iter().any(|s| states[k].contains(s.as_str()));
                        if same_state {
                            matched.push((Tier::NameState, r));
                        }
                    }
                }
            }
            matched.sort_by_key(|(tier, r)| (*tier, r.origin.row));
            let Some(&(tier, first)) = matched.first() else {
                continue;
            };
            out.findings
                .push(report(p, tier, first, &matched, &info.name, ctx.as_of));
        }
        out.cleared_by_dob.insert(info.name.clone(), cleared);
    }
    out
}

fn report(
    p: &Provider,
    tier: Tier,
    r: &ExclusionRow,
    all: &[(Tier, &ExclusionRow)],
    list: &str,
    as_of: chrono::NaiveDate,
) -> Finding {
    let (code, severity) = match tier {
        Tier::Npi | Tier::NameDob => (Code::ExclusionMatch, Severity::Critical),
        Tier::NameState => (Code::ExclusionPossibleMatch, Severity::High),
    };
    let mut f = finding(code, severity, p, &r.origin);
    let listed_name = if r.is_person() {
        [
            r.first_name.as_str(),
            r.middle_name.as_str(),
            r.last_name.as_str(),
        ]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
    } else {
        r.business_name.clone()
    };
    let how = match tier {
        Tier::Npi => {
            f.field = "npi".into();
            f.roster_value = p.npi.clone();
            f.source_value = r.npi_text.clone();
            format!("by NPI {}", p.npi)
        }
        Tier::NameDob => {
            f.field = "name+dob".into();
            f.roster_value = format!("{} {}", p.display_name(), date_text(p.dob));
            f.source_value = format!("{listed_name} {}", date_text(r.dob));
            format!("by name and date of birth {}", date_text(r.dob))
        }
        Tier::NameState => {
            f.field = "name+state".into();
            f.roster_value = p.display_name();
            f.source_value = format!("{listed_name} {}", r.states.join("/"))
                .trim()
                .to_string();
            let missing = if p.dob.is_none() {
                "the roster has no date of birth"
            } else {
                "the list has no date of birth"
            };
            format!(
                "by name only ({missing}){}",
                if r.states.is_empty() {
                    String::new()
                } else {
                    format!(", state {}", r.states.join("/"))
                }
            )
        }
    };
    f.state = r.states.join("/");
    f.evidence = format!(
        "{}|{}|{}|{}|{}|{}",
        listed_name,
        r.npi_text,
        date_text(r.dob),
        date_text(r.exclusion_date),
        date_text(r.reinstatement_date),
        r.exclusion_type
    );
    if let Some(d) = r.waiver_date {
        f.evidence
            .push_str(&format!("|waiver {d} {}", r.waiver_state));
    }
    let since = r
        .exclusion_date
        .map(|d| format!(" since {d}"))
        .unwrap_or_default();
    let others: Vec<String> = all[1..]
        .iter()
        .take(10)
        .map(|(_, o)| format!("row {}", o.origin.row))
        .collect();
    let more = all.len() - 1 - others.len();
    let others = match (others.is_empty(), more) {
        (true, _) => String::new(),
        (false, 0) => format!(" Other matching rows: {}.", others.join(", ")),
        (false, n) => format!(" Other matching rows: {} and {n} more.", others.join(", ")),
    };
    // An LEIE waiver lets the provider serve in the waiver's state only: named, not cleared.
    let waiver = match (r.waiver_date, r.waiver_state.as_str()) {
        (Some(d), state) if d <= as_of => format!(
            " The list records a waiver from {d}{}; the exclusion still stands outside it.",
            if state.is_empty() {
                String::new()
            } else {
                format!(" for {state}")
            }
        ),
        _ => String::new(),
    };
    f.detail = format!(
        "{} matches {} on the {list} exclusion list {how}, excluded{since}{} ({}).{others}{waiver}",
        p.display_name(),
        quote_name(&listed_name),
        if r.exclusion_type.is_empty() {
            String::new()
        } else {
            format!(" ({})", r.exclusion_type)
        },
        where_(&r.origin)
    );
    f
}

fn quote_name(s: &str) -> String {
    format!("\"{s}\"")
}

#[cfg(test)]
mod tests {
    use super::name_blocks;

    #[test]
    fn matching_last_names_share_a_block() {
        let share = |a: &str, b: &str| name_blocks(a).iter().any(|k| name_blocks(b).contains(k));
        assert!(share("Garcia-Lopez", "LOPEZ"));
        assert!(share("O'Brien", "OBRIEN"));
        // LEIE cuts last names at 20 characters.
        assert!(share("Christophersonwilliams", "CHRISTOPHERSONWILLI"));
        assert!(!share("Smith", "Jones"));
    }
}
