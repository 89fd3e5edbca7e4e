//! Exclusions across LEIE, SAM and state lists (SPEC §4): EXCLUSION_MATCH (NPI, or name + equal date of
//! birth) and EXCLUSION_POSSIBLE_MATCH (name + state, a date of birth missing). Names cleared by a
//! differing date of birth are counted, not reported.

use super::data::{ExclusionRow, NppesRecord, Provider};
use super::{Ctx, date_text, finding, join, where_};
use crate::findings::{Code, Finding};
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

/// A name a provider is screened under: the roster's, or a former or other name (SPEC 4 "Former names").
struct Screened<'a> {
    last: &'a str,
    first: &'a str,
    /// Where a name other than the roster's came from: "former name FORFIA, JANET per NPPES".
    via: Option<String>,
}

/// The names of one provider, the roster name first.
fn screened_names<'a>(p: &'a Provider, nppes: &[&'a NppesRecord]) -> Vec<Screened<'a>> {
    let mut names = vec![Screened {
        last: &p.last_name,
        first: &p.first_name,
        via: None,
    }];
    for other in &p.other_last_names {
        names.push(Screened {
            last: other,
            first: &p.first_name,
            via: Some(format!(
                "other last name {}, {} per the roster",
                other.to_uppercase(),
                p.first_name.to_uppercase()
            )),
        });
    }
    for r in nppes {
        let Some((last, first, code)) = &r.other_name else {
            continue;
        };
        let first: &str = if first.is_empty() {
            &p.first_name
        } else {
            first
        };
        let what = match code.trim() {
            "1" => "former name",
            "2" => "professional name",
            _ => "other name",
        };
        names.push(Screened {
            last,
            first,
            via: Some(format!(
                "{what} {}, {} per NPPES",
                last.to_uppercase(),
                first.to_uppercase()
            )),
        });
    }
    names
}

/// One list row matched to a provider.
struct Hit<'a> {
    tier: Tier,
    row: &'a ExclusionRow,
    /// The provider's name that matched, when not the roster's.
    via: Option<String>,
    /// The row's alias that matched, when not its own name.
    alias: Option<usize>,
    /// The list gives a year of birth only, and it admits the provider's.
    year_only: Option<values::BirthDate>,
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
    // NPPES records carrying another name, by NPI: those names are screened too.
    let mut other_names: rustc_hash::FxHashMap<&str, Vec<&NppesRecord>> =
        rustc_hash::FxHashMap::default();
    for r in data.nppes.iter().filter(|r| r.other_name.is_some()) {
        other_names.entry(r.npi.as_str()).or_default().push(r);
    }
    let names: Vec<Vec<Screened>> = active
        .iter()
        .map(|(_, p)| {
            let nppes = match p.npi_valid.then(|| other_names.get(p.npi.as_str())) {
                Some(Some(records)) => records.as_slice(),
                _ => &[],
            };
            screened_names(p, nppes)
        })
        .collect();
    let provider_blocks: Vec<Vec<String>> = names
        .iter()
        .map(|ns| {
            let mut keys: Vec<String> = ns.iter().flat_map(|n| name_blocks(n.last)).collect();
            keys.sort();
            keys.dedup();
            keys
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
            &provider_blocks,
            &rows
                .iter()
                .map(|r| {
                    if !r.is_person() {
                        return vec![];
                    }
                    let mut keys = name_blocks(&r.last_name);
                    keys.extend(r.aliases.iter().flat_map(|a| name_blocks(&a.last)));
                    keys.sort();
                    keys.dedup();
                    keys
                })
                .collect::<Vec<_>>(),
        );
        let mut cleared = 0u64;
        for (k, (_, p)) in active.iter().enumerate() {
            let mut matched: Vec<Hit> = by_npi[k]
                .iter()
                .map(|&i| Hit {
                    tier: Tier::Npi,
                    row: rows[i],
                    via: None,
                    alias: None,
                    year_only: None,
                })
                .collect();
            for &i in &by_name[k] {
                let r = rows[i];
                if matched.iter().any(|m| std::ptr::eq(m.row, r)) {
                    continue;
                }
                let Some((via, alias)) = name_match(&names[k], r, info.truncation) else {
                    continue;
                };
                let dobs: Vec<values::BirthDate> = r.dobs().collect();
                let (tier, year_only) = match p.dob {
                    Some(d) if dobs.contains(&values::BirthDate::Date(d)) => (Tier::NameDob, None),
                    Some(d) => match dobs.iter().find(|b| b.admits(d)) {
                        Some(year) => (Tier::NameState, Some(*year)),
                        None if !dobs.is_empty() => {
                            cleared += 1;
                            continue;
                        }
                        None => (Tier::NameState, None),
                    },
                    None => (Tier::NameState, None),
                };
                let same_state = tier == Tier::NameDob
                    || r.states.is_empty()
                    || states[k].is_empty()
                    || r.states.iter().any(|s| states[k].contains(s.as_str()));
                if same_state {
                    matched.push(Hit {
                        tier,
                        row: r,
                        via,
                        alias,
                        year_only,
                    });
                }
            }
            matched.sort_by_key(|h| (h.tier, h.row.origin.row));
            let Some(first) = matched.first() else {
                continue;
            };
            out.findings
                .push(report(p, first, &matched, &info.name, ctx.as_of));
        }
        out.cleared_by_dob.insert(info.name.clone(), cleared);
    }
    out
}

/// The first of a provider's names (the roster's first) that agrees with a name of the row (its own
/// first, then its aliases): where the provider's name came from, and which alias matched.
fn name_match(
    names: &[Screened],
    r: &ExclusionRow,
    truncation: Option<(usize, usize)>,
) -> Option<(Option<String>, Option<usize>)> {
    let agree = |n: &Screened, last: &str, first: &str| {
        values::last_names_match(n.last, last, truncation.map(|t| t.0))
            && values::first_names_match(n.first, first, truncation.map(|t| t.1))
    };
    for n in names {
        if agree(n, &r.last_name, &r.first_name) {
            return Some((n.via.clone(), None));
        }
        if let Some(a) = r.aliases.iter().position(|a| agree(n, &a.last, &a.first)) {
            return Some((n.via.clone(), Some(a)));
        }
    }
    None
}

fn person_name(last: &str, first: &str, middle: &str) -> String {
    [first, middle, last]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

fn report(p: &Provider, hit: &Hit, all: &[Hit], list: &str, as_of: chrono::NaiveDate) -> Finding {
    let (tier, r) = (hit.tier, hit.row);
    let code = match tier {
        Tier::Npi | Tier::NameDob => Code::ExclusionMatch,
        Tier::NameState => Code::ExclusionPossibleMatch,
    };
    let mut f = finding(code, p, &r.origin);
    let listed_name = if r.is_person() {
        person_name(&r.last_name, &r.first_name, &r.middle_name)
    } else {
        r.business_name.clone()
    };
    let alias = hit
        .alias
        .and_then(|a| r.aliases.get(a))
        .map(|a| person_name(&a.last, &a.first, &a.middle));
    let matched_name = alias.clone().unwrap_or_else(|| listed_name.clone());
    let roster_name = match &hit.via {
        // The name screened, as the list compares it.
        Some(via) => via.clone(),
        None => p.display_name(),
    };
    let by_name = match &hit.via {
        Some(via) => format!("by {via}"),
        None => "by name".to_string(),
    };
    let birth_dates = r
        .dobs()
        .map(values::BirthDate::text)
        .collect::<Vec<_>>()
        .join("/");
    let how = match tier {
        Tier::Npi => {
            f.field = "npi".into();
            f.roster_value = p.npi.clone();
            f.source_value = r.npi_text.clone();
            format!("by NPI {}", p.npi)
        }
        Tier::NameDob => {
            f.field = "name+dob".into();
            f.roster_value = format!("{roster_name} {}", date_text(p.dob));
            f.source_value = format!("{matched_name} {birth_dates}");
            format!("{by_name} and date of birth {}", date_text(p.dob))
        }
        Tier::NameState => {
            f.field = "name+state".into();
            f.roster_value = roster_name;
            f.source_value = format!("{matched_name} {}", r.states.join("/"))
                .trim()
                .to_string();
            let missing = match hit.year_only {
                Some(year) => format!(
                    "the list gives only the year of birth {}, which the roster's {} falls in",
                    year.text(),
                    date_text(p.dob)
                ),
                None if p.dob.is_none() => "the roster has no date of birth".to_string(),
                None => "the list has no date of birth".to_string(),
            };
            format!(
                "{by_name} only ({missing}){}",
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
        matched_name,
        r.npi_text,
        birth_dates,
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
        .map(|o| format!("row {}", o.row.origin.row))
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
    let alias_note = match &alias {
        Some(a) => format!(" (alias {})", quote_name(a)),
        None => String::new(),
    };
    f.detail = format!(
        "{} matches {}{alias_note} on the {list} exclusion list {how}, excluded{since}{} ({}).{others}{waiver}",
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
