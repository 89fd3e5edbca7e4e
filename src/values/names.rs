//! Person names: normalisation, comparison, full names split, degrees.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

// ---- Names

/// Tokens dropped from compared names (SPEC 3.3).
const NAME_NOISE: &[&str] = &[
    "JR", "SR", "II", "III", "IV", "MD", "DO", "PHD", "NP", "PA", "RN", "DR", "MR", "MRS", "MS",
];
/// Degree and title words dropped when a full-name cell is split.
const DEGREE_WORDS: &[&str] = &[
    "MD", "DO", "PHD", "NP", "PA", "RN", "DR", "MR", "MRS", "MS", "DDS", "DMD", "DPM", "PAC",
    "APRN", "CRNA", "LPN", "FNP",
];
const TITLE_WORDS: &[&str] = &["DR", "MR", "MRS", "MS"];
const SUFFIX_WORDS: &[&str] = &["JR", "SR", "II", "III", "IV"];

/// A name as compared (SPEC 3.3): upper-case, accents removed (ß→SS, Æ→AE, Ø→O, Ł→L, Đ→D too),
/// apostrophes removed, anything else but A–Z a space, spaces collapsed, and suffix/title words (JR SR II III IV MD DO PHD NP
/// PA RN DR MR MRS MS) dropped unless that leaves nothing (a surname `Do` stays `DO`).
pub fn normalize_name(raw: &str) -> String {
    // ASCII text needs no folding or decomposition: letters upper-cased, anything else a space.
    let letters: String = if raw.is_ascii() {
        raw.bytes()
            .filter(|b| !is_apostrophe(char::from(*b)))
            .map(|b| {
                if b.is_ascii_alphabetic() {
                    char::from(b.to_ascii_uppercase())
                } else {
                    ' '
                }
            })
            .collect()
    } else {
        fold_letters(raw)
    };
    let words: Vec<&str> = letters.split_whitespace().collect();
    let kept: Vec<&str> = words
        .iter()
        .filter(|w| !NAME_NOISE.contains(w))
        .copied()
        .collect();
    if kept.is_empty() { words } else { kept }.join(" ")
}

/// An apostrophe is removed from a compared name, not turned into a space (`O'Brien` = `OBRIEN`).
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '`' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}'
    )
}

/// Upper-case letters of any script folded to A–Z (accents dropped, ß → SS …); anything else a space.
fn fold_letters(raw: &str) -> String {
    let mut folded = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            _ if is_apostrophe(c) => {}
            'ß' | 'ẞ' => folded.push_str("SS"),
            'æ' | 'Æ' => folded.push_str("AE"),
            'œ' | 'Œ' => folded.push_str("OE"),
            'ø' | 'Ø' => folded.push('O'),
            'ł' | 'Ł' => folded.push('L'),
            'đ' | 'Đ' | 'ð' | 'Ð' => folded.push('D'),
            'þ' | 'Þ' => folded.push_str("TH"),
            'ı' => folded.push('I'),
            _ => folded.push(c),
        }
    }
    folded
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_uppercase)
        .map(|c| if c.is_ascii_uppercase() { c } else { ' ' })
        .collect()
}

/// SPEC 3.3 last-name rule on two raw names, compared normalized. Empty never matches. They match
/// when equal, when all words of one are among the words of the other (`Smith Jones`/`Smith`,
/// `Garcia-Lopez`/`Lopez`), when equal once spaces are removed (`O'Brien`/`OBRIEN`), or, for a
/// source that truncates at `truncated_at` characters (LEIE: 20), when the source value is exactly
/// that long (normalized, spaces counted, or as written) and a prefix of the roster value.
pub fn last_names_match(roster: &str, source: &str, truncated_at: Option<usize>) -> bool {
    if same_ascii_name(roster, source) {
        return true;
    }
    let (r, s) = (normalize_name(roster), normalize_name(source));
    if r.is_empty() || s.is_empty() {
        return false;
    }
    let r_words: Vec<&str> = r.split(' ').collect();
    let s_words: Vec<&str> = s.split(' ').collect();
    let compact = |words: &[&str]| words.concat();
    r == s
        || s_words.iter().all(|w| r_words.contains(w))
        || r_words.iter().all(|w| s_words.contains(w))
        || compact(&r_words) == compact(&s_words)
        || truncated_at.is_some_and(|n| {
            (s.chars().count() == n || source.trim().chars().count() == n) && r.starts_with(&s)
        })
}

/// SPEC 3.3 first-name rule, on the whole normalized names: they match when equal, when one is a single
/// letter equal to the other's first letter (an initial), or when one is a prefix of the other and the
/// shorter has at least 3 letters (`ROB`/`ROBERT`, `MARY`/`MARY ANN`). A given name used in the middle
/// (`W SCOTT` vs `SCOTT`) does not match: SPEC names no such rule.
/// With `truncated_at` Some(n) (LEIE: 15) a source value of exactly n characters that is a prefix of
/// the roster value also matches. Empty never matches.
pub fn first_names_match(roster: &str, source: &str, truncated_at: Option<usize>) -> bool {
    if same_ascii_name(roster, source) {
        return true;
    }
    let (r, s) = (normalize_name(roster), normalize_name(source));
    if r.is_empty() || s.is_empty() {
        return false;
    }
    let truncated = truncated_at.is_some_and(|n| s.chars().count() == n && r.starts_with(&s));
    truncated || given_names_agree(&r, &s)
}

/// Two ASCII names equal but for letter case, with a letter: they normalize to the same non-empty text, so
/// both name rules match them (the common case, checked without normalizing).
fn same_ascii_name(a: &str, b: &str) -> bool {
    a.is_ascii() && a.eq_ignore_ascii_case(b) && a.bytes().any(|c| c.is_ascii_alphabetic())
}

/// Equal, an initial of the other, or a prefix of at least 3 letters; both normalized and non-empty.
fn given_names_agree(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long
        || (short.len() == 1 && long.starts_with(short))
        || (short.len() >= 3 && long.starts_with(short))
}

/// How a full-name cell without a comma is ordered (config `name_order`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameOrder {
    FirstLast,
    LastFirst,
}

/// The parts of a person's name as written in the file (not yet normalized).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonName {
    pub last: String,
    pub first: String,
    pub middle: String,
    pub suffix: String,
}

/// Split a full-name cell: with a comma, `LAST, FIRST MIDDLE` (text after a second comma is dropped
/// unless it is JR/SR/II/III/IV, which goes to `suffix`); without one, `FIRST MIDDLE LAST`, or with
/// `LastFirst`, `LAST FIRST MIDDLE`. A comma followed only by degree words (`Erik D. Stancofski, MD`)
/// counts as no comma. Degree and title words (`MD`, `M.D.`, `PA-C`, `Dr.` ...) are dropped and
/// suffixes kept apart, but never the last word of a part, nor a bare `Do` that leaves one word
/// (`Minh Do` is a surname). A parenthesized part (`Amann (Hampton), Lori`, a maiden name) is removed.
/// Parts keep their letters, case and accents, trimmed and with inner spaces collapsed.
pub fn split_full_name(raw: &str, order: NameOrder) -> PersonName {
    let text = remove_parenthesized(raw);
    let segments: Vec<Vec<&str>> = text
        .split(',')
        .map(|segment| segment.split_whitespace().collect::<Vec<_>>())
        .filter(|words| !words.is_empty())
        .collect();
    let mut suffix = Vec::new();
    let mut name = PersonName::default();
    let only_degrees_after_comma = segments
        .iter()
        .skip(1)
        .all(|words| words.iter().all(|w| is_degree(w) || is_suffix(w)));
    let (head, tail) = match segments.split_first() {
        Some((first, rest)) => (first.clone(), rest),
        None => return name,
    };
    let extra = if only_degrees_after_comma {
        let words = strip_name_noise(head, &mut suffix);
        match (order, words.as_slice()) {
            (_, []) => {}
            (_, [only]) => name.last = only.to_string(),
            (NameOrder::FirstLast, [first, middle @ .., last])
            | (NameOrder::LastFirst, [last, first, middle @ ..]) => {
                name.last = last.to_string();
                name.first = first.to_string();
                name.middle = middle.join(" ");
            }
        }
        tail
    } else {
        name.last = strip_name_noise(head, &mut suffix).join(" ");
        let given = tail.first().cloned().unwrap_or_default();
        let given = strip_name_noise(given, &mut suffix);
        if let Some((first, middle)) = given.split_first() {
            name.first = first.to_string();
            name.middle = middle.join(" ");
        }
        tail.get(1..).unwrap_or_default()
    };
    // Text after the name's own commas: keep suffixes, drop degrees and anything else.
    suffix.extend(extra.iter().flatten().copied().filter(|w| is_suffix(w)));
    name.suffix = suffix.join(" ");
    name
}

/// Drop leading titles and trailing degree words; trailing suffixes move to `suffix`.
/// The last remaining word is never dropped, and a bare `DO` needs two other words to go.
fn strip_name_noise<'a>(mut words: Vec<&'a str>, suffix: &mut Vec<&'a str>) -> Vec<&'a str> {
    while words.len() > 1 && words.first().is_some_and(|w| key_in(w, TITLE_WORDS)) {
        words.remove(0);
    }
    while let Some(&last) = words.last() {
        let may_drop = if key_in(last, &["DO"]) && !last.contains('.') {
            words.len() > 2
        } else {
            words.len() > 1
        };
        if !may_drop {
            break;
        }
        if is_suffix(last) {
            suffix.insert(0, last);
        } else if !is_degree(last) {
            break;
        }
        words.pop();
    }
    // Degree and title words elsewhere (`ALBERTUCCI, M.D. MARIO`), but never the last word left, nor a
    // bare `Do`, which is a name as often as a degree.
    let mut i = 0;
    while i < words.len() && words.len() > 1 {
        let w = words[i];
        let bare_do = key_in(w, &["DO"]) && !w.contains('.');
        if !bare_do && (is_degree(w) || key_in(w, TITLE_WORDS)) {
            words.remove(i);
        } else {
            i += 1;
        }
    }
    words
}

/// A degree as `required_credentials` keys compare it: its letters, upper-cased (`M.D.` → `MD`). A cell
/// naming several (`MD, PhD`) is tried whole, then word by word; see [`crate::config::Policy::required_for`].
pub fn degree_keys(raw: &str) -> Vec<String> {
    let letters = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    let mut keys = vec![letters(raw)];
    for word in raw.split([',', ';', '/', ' ', '\t']) {
        let key = letters(word);
        if !key.is_empty() && !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// A name word compared without dots and hyphens, upper-cased (`M.D.` → `MD`, `PA-C` → `PAC`).
fn word_key(word: &str) -> String {
    word.chars()
        .filter(|c| *c != '.' && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether the word's key ([`word_key`]) is one of `words` (each of at most four letters). An ASCII
/// word is compared without building its key; a longer one cannot be listed.
fn key_in(word: &str, words: &[&str]) -> bool {
    if !word.is_ascii() {
        return words.contains(&word_key(word).as_str());
    }
    let (mut key, mut len) = ([0u8; 4], 0);
    for b in word.bytes().filter(|b| *b != b'.' && *b != b'-') {
        if len == key.len() {
            return false;
        }
        key[len] = b.to_ascii_uppercase();
        len += 1;
    }
    words.iter().any(|w| w.as_bytes() == &key[..len])
}

fn is_degree(word: &str) -> bool {
    key_in(word, DEGREE_WORDS)
}

fn is_suffix(word: &str) -> bool {
    key_in(word, SUFFIX_WORDS)
}

/// Remove `(...)` groups; when a parenthesis is left open, only the brackets themselves go.
fn remove_parenthesized(raw: &str) -> String {
    let (mut out, mut depth) = (String::with_capacity(raw.len()), 0usize);
    for c in raw.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                out.push(' ');
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if depth > 0 {
        raw.replace(['(', ')'], " ")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_words_are_found_as_their_built_key_finds_them() {
        let lists = [DEGREE_WORDS, TITLE_WORDS, SUFFIX_WORDS, &["DO"]];
        let words = [
            "MD", "m.d.", "M-D", "Md.", "PhD", "Ph.D.", "aprn", "A.P.R.N.", "APRNX", "DO", "do",
            "D.O.", "Jr.", "JR", "iii", "I.V.", "Smith", "", ".", "Dr", "Mrs.", "MRSS", "Dó", "ſr",
            "Ｍｄ",
        ];
        for list in lists {
            for w in words {
                assert_eq!(
                    key_in(w, list),
                    list.contains(&word_key(w).as_str()),
                    "{w:?}"
                );
            }
        }
    }
}
