//! Cell values as credentialing files write them (SPEC 3.1 and 3.3): dates, NPIs, license numbers,
//! tax ids, person names and status words, turned into the forms the rules compare.

use chrono::{Days, Months, NaiveDate, NaiveDateTime};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

// ---- Dates

/// Outcome of reading one date cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    /// Blank or a "no date" marker (`00000000`, `N/A`, `Indefinite`, ...).
    Empty,
    Date(NaiveDate),
    /// Text that is not a date: an `INVALID_DATE` finding, and the date counts as missing.
    Invalid,
}

/// Values that mean "no date". `Indefinite` and `Permanent` are the "no end date" of SAM and New Jersey.
const NO_DATE: &str = "00000000 0 n/a na null none - indefinite permanent";

/// Parse a date written as text. `custom` is the source's `date_format` (chrono strftime), tried first when given.
pub fn parse_date(raw: &str, custom: Option<&str>) -> DateValue {
    let text = raw.trim();
    if custom.is_none()
        && let Some(date) = common_date(text.as_bytes())
    {
        return DateValue::Date(date);
    }
    if text.is_empty() || NO_DATE.split(' ').any(|t| t.eq_ignore_ascii_case(text)) {
        return DateValue::Empty;
    }
    let from_custom = custom.and_then(|format| {
        NaiveDate::parse_from_str(text, format).ok().or_else(|| {
            NaiveDateTime::parse_from_str(text, format)
                .ok()
                .map(|t| t.date())
        })
    });
    match from_custom.or_else(|| parse_builtin(text)) {
        Some(date) => DateValue::Date(date),
        None => DateValue::Invalid,
    }
}

/// The built-in formats of SPEC 3.3, on trimmed text.
fn parse_builtin(text: &str) -> Option<NaiveDate> {
    // A time of day may follow the date after a space, or after `T` in an ISO timestamp.
    let split = text.char_indices().find(|&(_, c)| c == ' ' || c == 'T');
    let (date_part, time_part, iso_t) = match split {
        Some((i, c)) => (text.get(..i)?, Some(text.get(i + 1..)?), c == 'T'),
        None => (text, None, false),
    };
    if let Some(time) = time_part
        && !is_time_of_day(time)
    {
        return None;
    }
    let date = dash_date(date_part).or_else(|| slash_date(date_part).filter(|_| !iso_t));
    if date.is_some() || time_part.is_some() {
        return date; // YYYYMMDD and serials take no time of day
    }
    compact_date(date_part).or_else(|| serial_text_date(date_part))
}

/// The two most common shapes, `YYYY-MM-DD` and `MM/DD/YYYY`, read without splitting the text; any other
/// text, and an impossible date, takes the general path.
fn common_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 {
        return None;
    }
    let digits = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (year, month, day) = match (b[2], b[4], b[5], b[7]) {
        (_, b'-', _, b'-') => (digits(0, 4)?, digits(5, 7)?, digits(8, 10)?),
        (b'/', _, b'/', _) => (digits(6, 10)?, digits(0, 2)?, digits(3, 5)?),
        _ => return None,
    };
    date_of(year, month, day)
}

/// `YYYY-MM-DD` (one-digit month and day accepted).
fn dash_date(text: &str) -> Option<NaiveDate> {
    match text.split('-').collect::<Vec<_>>().as_slice() {
        [y, m, d] => date_of(number(y, 4, 4)?, number(m, 1, 2)?, number(d, 1, 2)?),
        _ => None,
    }
}

/// `MM/DD/YYYY`, `M/D/YYYY`, `M/D/YY`; two-digit years follow Excel: 00–29 → 20xx, 30–99 → 19xx.
fn slash_date(text: &str) -> Option<NaiveDate> {
    let [m, d, y] = text.split('/').collect::<Vec<_>>()[..] else {
        return None;
    };
    let year = match (y.len(), number(y, 2, 4)?) {
        (4, year) => year,
        (2, short @ 0..=29) => 2000 + short,
        (2, short) => 1900 + short,
        _ => return None,
    };
    date_of(year, number(m, 1, 2)?, number(d, 1, 2)?)
}

/// `YYYYMMDD`: every 8-digit value is read this way (a `MMDDYYYY` source sets `date_format`).
fn compact_date(text: &str) -> Option<NaiveDate> {
    let n = number(text, 8, 8)?;
    date_of(n / 10_000, n / 100 % 100, n % 100)
}

/// An Excel serial written as text: 1 to 5 integer digits, optionally a fractional part.
fn serial_text_date(text: &str) -> Option<NaiveDate> {
    excel_serial_to_date(f64::from(number_with_fraction(text, 1, 5)?))
}

/// A time after a date: `13:45`, `13:45:00`, `00:00:00.000`, `12:00:00 AM`, optionally `Z` or `+05:00`.
fn is_time_of_day(text: &str) -> bool {
    let mut core = text.trim();
    let meridiem =
        strip_suffix_ignore_case(core, "AM").or_else(|| strip_suffix_ignore_case(core, "PM"));
    let hours = match meridiem {
        Some(rest) => {
            core = rest.trim_end();
            1..=12
        }
        None => 0..=23,
    };
    if let Some(rest) = core.strip_suffix(['Z', 'z']) {
        core = rest;
    } else if let Some((time, offset)) = core.split_once(['+', '-']) {
        if !is_utc_offset(offset) {
            return false;
        }
        core = time;
    }
    let (hour, minute, second) = match core.split(':').collect::<Vec<_>>()[..] {
        [h, m] => (number(h, 1, 2), number(m, 2, 2), Some(0)),
        [h, m, s] => (
            number(h, 1, 2),
            number(m, 2, 2),
            number_with_fraction(s, 2, 2),
        ),
        _ => return false,
    };
    matches!((hour, minute, second), (Some(h), Some(m), Some(s)) if hours.contains(&h) && m <= 59 && s <= 60)
}

/// `05`, `0500` or `05:00` after the `+`/`-` of a timestamp.
fn is_utc_offset(text: &str) -> bool {
    let (hours, minutes) = match text.split_once(':') {
        Some(parts) => parts,
        None if text.len() == 4 => text.split_at_checked(2).unwrap_or(("", "")),
        None => (text, "00"),
    };
    matches!((number(hours, 2, 2), number(minutes, 2, 2)), (Some(h), Some(m)) if h <= 23 && m <= 59)
}

/// A date of birth as a list gives it: a full date, or only years (a year, `circa` a year, a range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BirthDate {
    Date(NaiveDate),
    /// Born in one of these years (inclusive).
    Years(i32, i32),
}

impl BirthDate {
    /// Whether a person born on `dob` could be this one: the same date, or a year in the range. A year
    /// alone never equals a date (SPEC 3.2), so only [`BirthDate::Date`] confirms a match.
    pub fn admits(self, dob: NaiveDate) -> bool {
        use chrono::Datelike;
        match self {
            BirthDate::Date(d) => d == dob,
            BirthDate::Years(from, to) => (from..=to).contains(&dob.year()),
        }
    }

    /// `1968-03-12`, `1968`, or `1949..1953`.
    pub fn text(self) -> String {
        match self {
            BirthDate::Date(d) => d.to_string(),
            BirthDate::Years(a, b) if a == b => a.to_string(),
            BirthDate::Years(a, b) => format!("{a}..{b}"),
        }
    }

    /// The inverse of [`BirthDate::text`].
    pub fn parse(text: &str) -> Option<BirthDate> {
        let t = text.trim();
        if let Some((a, b)) = t.split_once("..") {
            return Some(BirthDate::Years(a.parse().ok()?, b.parse().ok()?));
        }
        if t.len() == 4 {
            let y = t.parse().ok()?;
            return Some(BirthDate::Years(y, y));
        }
        NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .map(BirthDate::Date)
    }
}

/// The dates of birth in a list's free-text remarks (OFAC: `DOB 12 Mar 1968; alt. DOB 13 Mar 1968`,
/// `DOB 1968`, `DOB circa 1951`, `DOB Sep 1938`, `DOB 1960 to 1962`), as [`BirthDate::text`] values joined
/// by `;`. `circa` a year is read as two years either side; a month and year as the year.
pub fn birth_dates_in(remarks: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for part in remarks.split(';') {
        let Some(at) = part.find("DOB ") else {
            continue;
        };
        let text = part[at + 4..].trim().trim_end_matches('.').trim();
        let (circa, text) = match text.strip_prefix("circa ") {
            Some(rest) => (true, rest.trim()),
            None => (false, text),
        };
        let year = |w: &str| -> Option<i32> {
            (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
                .then(|| w.parse().ok())
                .flatten()
        };
        let words: Vec<&str> = text.split_whitespace().collect();
        let found = match words.as_slice() {
            [a, "to", b] => match (year(a), year(b)) {
                (Some(a), Some(b)) if a <= b => Some(BirthDate::Years(a, b)),
                _ => None,
            },
            [d, m, y] => NaiveDate::parse_from_str(&format!("{d} {m} {y}"), "%d %b %Y")
                .ok()
                .map(BirthDate::Date)
                .or_else(|| year(y).map(|y| BirthDate::Years(y, y))),
            [_, y] => year(y).map(|y| BirthDate::Years(y, y)),
            [y] => match y.split_once('-') {
                Some((a, b)) => match (year(a), year(b)) {
                    (Some(a), Some(b)) if a <= b => Some(BirthDate::Years(a, b)),
                    _ => None,
                },
                None => year(y).map(|y| BirthDate::Years(y, y)),
            },
            _ => None,
        };
        let found = match (found, circa) {
            (Some(BirthDate::Years(a, b)), true) => Some(BirthDate::Years(a - 2, b + 2)),
            (other, _) => other,
        };
        if let Some(b) = found {
            out.push(b.text());
        }
    }
    out.join(";")
}

/// Excel serial day number (1900 date system: serial 1 = 1900-01-01, 60 = Excel's fictitious
/// 1900-02-29, 61 = 1900-03-01) to a date; None out of range (< 1 or > 2958465, i.e. 9999-12-31).
/// The fractional part (time of day) is ignored.
pub fn excel_serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() {
        return None;
    }
    let day = serial.floor();
    if !(1.0..=2_958_465.0).contains(&day) {
        return None;
    }
    // In range, so the conversion is exact.
    let day = day as u64;
    // Excel counts the non-existent 1900-02-29 as serial 60. Serials 1–59 are days after 1899-12-31;
    // from 61 on, the extra day shifts the epoch to 1899-12-30. Serial 60 is read as 1900-02-28,
    // the last real day of that February (the same end-of-month clamping as `add_months`).
    let (epoch, offset) = match day {
        1..=59 => (NaiveDate::from_ymd_opt(1899, 12, 31)?, day),
        60 => (NaiveDate::from_ymd_opt(1900, 2, 28)?, 0),
        _ => (NaiveDate::from_ymd_opt(1899, 12, 30)?, day),
    };
    epoch.checked_add_days(Days::new(offset))
}

/// Add calendar months, clamping to the month's end (2024-02-29 + 36 months = 2027-02-28;
/// 2024-01-31 + 1 = 2024-02-29). Saturates at chrono's last date.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

// ---- Identifiers

/// NPI as compared: spaces and hyphens removed (other characters kept, so invalid input stays
/// visibly invalid).
pub fn normalize_npi(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// Ten digits whose last digit is the Luhn check digit computed over "80840" + the first nine digits.
pub fn npi_is_valid(npi: &str) -> bool {
    if npi.len() != 10 || !npi.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = npi.chars().filter_map(|c| c.to_digit(10)).collect();
    let [body @ .., check] = &digits[..] else {
        return false;
    };
    // Luhn over the payload: from the right, every other digit (the rightmost first) is doubled,
    // and a doubled digit over 9 counts as the sum of its two digits (d * 2 - 9).
    let payload = [8, 0, 8, 4, 0].iter().chain(body).rev();
    let doubled = |(i, &d): (usize, &u32)| {
        if i % 2 == 1 {
            d
        } else if d > 4 {
            d * 2 - 9
        } else {
            d * 2
        }
    };
    let sum: u32 = payload.enumerate().map(doubled).sum();
    (10 - sum % 10) % 10 == *check
}

/// Identifier cells may hold several values separated by `,` `;` `/` or line breaks; returns the
/// trimmed non-empty parts (one element for a plain value, none for a blank cell).
pub fn split_identifiers(raw: &str) -> Vec<String> {
    raw.split([',', ';', '/', '\n', '\r'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

/// An identifier of zeros only (`0000000000`, `0`): a placeholder for "none" (SPEC 3.3), once spaces and
/// hyphens are removed. An empty text is not a placeholder.
pub fn is_zero_placeholder(raw: &str) -> bool {
    let mut digits = raw
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'-');
    let mut any = false;
    let zeros = digits.all(|b| {
        any = true;
        b == b'0'
    });
    any && zeros
}

/// Strict license key: upper-case letters and digits only (`a 105195` → `A105195`, `12-345` → `12345`).
pub fn license_key(raw: &str) -> String {
    raw.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The strict key and the two looser keys of a license number, borrowed from the text where they can be
/// (the common shapes `123456`, `MD012345`, `C1-0024514` need no copy): the board files' rows are many.
pub struct LicenseKeys<'a> {
    pub strict: std::borrow::Cow<'a, str>,
    pub all_digits: std::borrow::Cow<'a, str>,
    pub last_digits: &'a str,
}

impl<'a> LicenseKeys<'a> {
    pub fn of(raw: &'a str) -> LicenseKeys<'a> {
        use std::borrow::Cow;
        let raw = raw.trim();
        let strict = if raw
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        {
            Cow::Borrowed(raw)
        } else {
            Cow::Owned(license_key(raw))
        };
        let mut runs = raw
            .split(|c: char| !c.is_ascii_digit())
            .filter(|run| !run.is_empty());
        let first = runs.next().unwrap_or("");
        let last = runs.next_back().unwrap_or(first);
        let all_digits = if std::ptr::eq(first, last) {
            Cow::Borrowed(first.trim_start_matches('0'))
        } else {
            Cow::Owned(license_loose_keys(raw)[0].clone())
        };
        LicenseKeys {
            strict,
            all_digits,
            last_digits: last.trim_start_matches('0'),
        }
    }

    /// The two looser keys, in the order of [`license_loose_keys`].
    pub fn loose(&self) -> [&str; 2] {
        [&self.all_digits, self.last_digits]
    }
}

/// The two looser license keys of SPEC 3.3, tried when no record has the strict key: all the digits with
/// leading zeros removed (`036.012345` → `36012345`, `Q012345` → `12345`), and the last run of digits
/// with leading zeros removed (`C1-0024514` → `24514`, `20A1234` → `1234`). Either may be empty (no
/// digit, or zeros only). Each is compared with the same key of the other side.
pub fn license_loose_keys(raw: &str) -> [String; 2] {
    let all: String = raw.chars().filter(char::is_ascii_digit).collect();
    let all = all.trim_start_matches('0').to_string();
    let last_run = raw
        .split(|c: char| !c.is_ascii_digit())
        .rfind(|run| !run.is_empty())
        .unwrap_or("")
        .trim_start_matches('0')
        .to_string();
    [all, last_run]
}

/// Tax id compared on digits only.
pub fn digits_only(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

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
    while words.len() > 1
        && words
            .first()
            .is_some_and(|w| TITLE_WORDS.contains(&word_key(w).as_str()))
    {
        words.remove(0);
    }
    while let Some(&last) = words.last() {
        let may_drop = if word_key(last) == "DO" && !last.contains('.') {
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
        let key = word_key(w);
        let bare_do = key == "DO" && !w.contains('.');
        if !bare_do && (is_degree(w) || TITLE_WORDS.contains(&key.as_str())) {
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

fn is_degree(word: &str) -> bool {
    DEGREE_WORDS.contains(&word_key(word).as_str())
}

fn is_suffix(word: &str) -> bool {
    SUFFIX_WORDS.contains(&word_key(word).as_str())
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

// ---- Statuses: each returns None for an empty value and an unrecognised one alike, so the caller
// checks emptiness first (only an unrecognised value is an `UNRECOGNIZED_VALUE` finding).

/// Roster status (SPEC 3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterStatus {
    Active,
    Terminated,
}

/// Payer enrollment status (SPEC 3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrollmentStatus {
    Active,
    Pending,
    Terminated,
    Denied,
}

/// A license board's status: whether the license is active, and whether it shows discipline (probation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardStatus {
    pub active: bool,
    pub discipline: bool,
}

/// Lower-case, with hyphens and underscores as spaces and spaces collapsed (`In-Network` → `in network`).
fn status_key(raw: &str) -> String {
    raw.replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Active, A, Current, On Leave | Terminated, Termed, Inactive, T, Resigned.
/// None when empty or unrecognised (check emptiness first).
pub fn roster_status(raw: &str) -> Option<RosterStatus> {
    match status_key(raw).as_str() {
        "active" | "a" | "current" | "on leave" => Some(RosterStatus::Active),
        "terminated" | "termed" | "inactive" | "t" | "resigned" => Some(RosterStatus::Terminated),
        _ => None,
    }
}

/// The four enrollment lists of SPEC 3.1. None when empty or unrecognised (check emptiness first).
pub fn enrollment_status(raw: &str) -> Option<EnrollmentStatus> {
    match status_key(raw).as_str() {
        "active" | "participating" | "par" | "in network" | "approved" | "effective" => {
            Some(EnrollmentStatus::Active)
        }
        "pending" | "in process" | "submitted" | "applied" => Some(EnrollmentStatus::Pending),
        "terminated" | "termed" | "inactive" | "closed" => Some(EnrollmentStatus::Terminated),
        "denied" | "rejected" => Some(EnrollmentStatus::Denied),
        _ => None,
    }
}

const BOARD_ACTIVE: &str = "active current clear probation probationary";
const BOARD_NOT_ACTIVE: &str = "expired inactive lapsed delinquent suspended revoked surrendered deceased cancelled canceled retired";
/// One-letter board codes, recognised only as the whole value (`A` active, `I` inactive).
const BOARD_LETTERS: [(&str, bool); 2] = [("a", true), ("i", false)];

/// Board status by its words, so `License Revoked`, `Current/Active` and `Active - Probation` are read.
/// A not-active word wins over an active one (`Active - Suspended` is not active), as does
/// `Not`/`Non` before an active word. Probation means active with discipline.
/// None when empty or unrecognised (check emptiness first).
pub fn board_status(raw: &str) -> Option<BoardStatus> {
    let key = status_key(raw);
    if let Some(&(_, active)) = BOARD_LETTERS.iter().find(|(letter, _)| *letter == key) {
        return Some(BoardStatus {
            active,
            discipline: false,
        });
    }
    let words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let listed = |list: &str, word: &str| list.split(' ').any(|w| w == word);
    let any_of = |list: &str| words.iter().any(|w| listed(list, w));
    let negated = words.windows(2).any(
        |pair| matches!(pair, [n, w] if (*n == "not" || *n == "non") && listed(BOARD_ACTIVE, w)),
    );
    let discipline = any_of("probation probationary");
    let active = if any_of(BOARD_NOT_ACTIVE) || negated {
        false
    } else if any_of(BOARD_ACTIVE) {
        true
    } else {
        return None;
    };
    Some(BoardStatus { active, discipline })
}

/// Discipline column: non-empty and not N / No / None / 0 / False / N/A / No Action (case-insensitive)
/// means discipline. `NA`, `NULL`, `-` and `No Actions` also mean none.
pub fn discipline_flag(raw: &str) -> bool {
    let key = status_key(raw);
    !matches!(
        key.trim_matches(|c: char| c == '.' || c.is_whitespace()),
        "" | "n"
            | "no"
            | "none"
            | "0"
            | "false"
            | "n/a"
            | "na"
            | "null"
            | "no action"
            | "no actions"
    )
}

// ---- Small helpers

/// ASCII digits only, `min..=max` of them (max ≤ 9, so it fits a u32).
fn number(text: &str, min: usize, max: usize) -> Option<u32> {
    let ok = (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    if ok { text.parse().ok() } else { None }
}

/// Like `number`, optionally followed by `.` and at least one digit (the fraction is ignored).
fn number_with_fraction(text: &str, min: usize, max: usize) -> Option<u32> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let fraction_ok = !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit());
    number(whole, min, max).filter(|_| fraction_ok)
}

fn date_of(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    if tail.eq_ignore_ascii_case(suffix) {
        text.get(..cut)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("test date")
    }

    /// `raws | expected` rows: `;` separates several raw values, expected is `empty`, `invalid` or
    /// `YYYY-MM-DD`, and ` #` starts a note.
    const DATE_CASES: &str = "
        00000000; 0; N/A; n/a; NA; NULL; None; -      | empty
        Indefinite; PERMANENT                        | empty   # no end date (SAM, New Jersey)
        2024-03-01; 2024-3-1; 03/01/2024; 3/1/2024    | 2024-03-01
        3/1/24; 20240301                              | 2024-03-01
        2024-03-01 13:45:00; 2024-03-01 00:00:00.000  | 2024-03-01
        2024-03-01T00:00:00; 2024-03-01T23:59:59Z     | 2024-03-01
        2024-03-01T00:00:00+05:00; 2024-03-01T00:00:00-0500 | 2024-03-01
        5/21/1962 12:00:00 AM; 05/21/1962 00:00       | 1962-05-21
        5/21/1962 11:30 pm; 5/21/62                   | 1962-05-21
        1/1/00                    | 2000-01-01   # Excel: 00-29 are 2000-2029
        1/1/29                    | 2029-01-01
        1/1/30                    | 1930-01-01   # 30-99 are 1930-1999
        5/1/4; 5/1/024            | invalid      # one- or three-digit year: not guessed
        02/30/2024                | invalid      # no 30th of February
        13/01/2024                | invalid      # no month 13 (day-first needs date_format)
        2023-02-29                | invalid      # 2023 is not a leap year
        05211962                  | invalid      # 8 digits are YYYYMMDD: month 19
        123456                    | invalid      # 6 digits: not a 1-5 digit serial
        00000                     | invalid      # serial 0 is before 1900-01-01
        ١٢/٠١/٢٠٢٤                | invalid      # Arabic-Indic digits
        2024-13-01; 20241301; -5; 45826.; 45826.x; TBD; March 1, 2024 | invalid
        2024-03-01 25:00; 2024-03-01 10:61; 3/1/2024 13:00 PM         | invalid
        3/1/2024 soon; 2024-03-01T; 20240301 00:00; 2024/03/01        | invalid
        45826; 45826.0            | 2025-06-18   # Excel serial, see excel_serials
        45826.75                  | 2025-06-18   # time of day ignored
        1                         | 1900-01-01
    ";

    fn table(cases: &str) -> impl Iterator<Item = Vec<&str>> {
        cases.lines().filter(|l| !l.trim().is_empty()).map(|line| {
            let line = line.split(" #").next().unwrap_or(line);
            line.split('|').map(str::trim).collect()
        })
    }

    #[test]
    fn dates_without_custom_format() {
        for row in table(DATE_CASES) {
            let expected = match row[1] {
                "empty" => DateValue::Empty,
                "invalid" => DateValue::Invalid,
                iso => DateValue::Date(NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap()),
            };
            for raw in row[0].split(';') {
                assert_eq!(parse_date(raw, None), expected, "{raw:?}");
            }
        }
        assert_eq!(parse_date("  ", None), DateValue::Empty);
        let march_1 = DateValue::Date(ymd(2024, 3, 1));
        assert_eq!(parse_date(" 2024-03-01\t", None), march_1);
    }

    #[test]
    fn excel_serials() {
        // 45658 is 2025-01-01; 45826 is 168 days later: Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31
        // = 151 days to June 1, plus 17 = June 18.
        assert_eq!(excel_serial_to_date(45658.0), Some(ymd(2025, 1, 1)));
        assert_eq!(excel_serial_to_date(45826.99), Some(ymd(2025, 6, 18)));
        assert_eq!(excel_serial_to_date(1.0), Some(ymd(1900, 1, 1)));
        assert_eq!(excel_serial_to_date(59.0), Some(ymd(1900, 2, 28)));
        // 60 is Excel's fictitious 1900-02-29: read as 1900-02-28, the last real day of the month,
        // like add_months' clamping; from 61 Excel is right again.
        assert_eq!(excel_serial_to_date(60.0), Some(ymd(1900, 2, 28)));
        assert_eq!(excel_serial_to_date(61.0), Some(ymd(1900, 3, 1)));
        assert_eq!(excel_serial_to_date(2_958_465.0), Some(ymd(9999, 12, 31)));
        for bad in [0.0, 0.5, -1.0, 2_958_466.0, f64::NAN, f64::INFINITY] {
            assert_eq!(excel_serial_to_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn custom_format_first_then_built_in() {
        let date = |raw, format| parse_date(raw, Some(format));
        let may_21 = DateValue::Date(ymd(1962, 5, 21));
        assert_eq!(date("05211962", "%m%d%Y"), may_21);
        // The custom format fails; the built-in ISO format still reads the value.
        assert_eq!(date("1962-05-21", "%m%d%Y"), may_21);
        assert_eq!(date("21.05.1962 08:00", "%d.%m.%Y %H:%M"), may_21);
        // A day-first source: the custom format wins over the built-in month-first reading.
        let feb_1 = DateValue::Date(ymd(2024, 2, 1));
        assert_eq!(date("01/02/2024", "%d/%m/%Y"), feb_1);
        assert_eq!(date("N/A", "%d/%m/%Y"), DateValue::Empty);
        assert_eq!(date("x", "%Q%"), DateValue::Invalid); // a broken format does not panic
    }

    #[test]
    fn months_clamp_to_month_end() {
        assert_eq!(add_months(ymd(2024, 2, 29), 36), ymd(2027, 2, 28));
        assert_eq!(add_months(ymd(2024, 1, 31), 1), ymd(2024, 2, 29));
        assert_eq!(add_months(ymd(2023, 1, 31), 1), ymd(2023, 2, 28));
        assert_eq!(add_months(ymd(2024, 11, 30), 3), ymd(2025, 2, 28));
        assert_eq!(add_months(ymd(2024, 5, 15), 0), ymd(2024, 5, 15));
        assert_eq!(add_months(NaiveDate::MAX, 1), NaiveDate::MAX);
    }

    #[test]
    fn npi_check_digit() {
        // CMS method: double every other digit of the first nine, starting from the rightmost, add
        // the digits, add 24 (the "80840" prefix); the check digit tops the sum up to a multiple of 10.
        // 1234567893: doubled 9,7,5,3,1 → 18,14,10,6,2 → 9+5+1+6+2 = 23; kept 8+6+4+2 = 20;
        // 23 + 20 + 24 = 67 → check digit 3. So 1234567890 (same body, check 0) is invalid.
        assert!(npi_is_valid("1234567893"));
        assert!(!npi_is_valid("1234567890"));
        // 1245319599: doubled 9,9,3,4,1 → 18,18,6,8,2 → 9+9+6+8+2 = 34; kept 5+1+5+2 = 13;
        // 34 + 13 + 24 = 71 → check digit 9.
        assert!(npi_is_valid("1245319599"));
        let bad = ["", "123456789", "12345678931", "123456789A", "1234 67893"];
        assert!(bad.iter().all(|npi| !npi_is_valid(npi)));
        assert!(!npi_is_valid("１２３４５６７８９３")); // full-width digits
        assert_eq!(normalize_npi(" 123-456 7893 "), "1234567893");
        assert_eq!(normalize_npi("12345.6789x"), "12345.6789x"); // stays visibly invalid
    }

    #[test]
    fn identifiers_and_keys() {
        assert_eq!(split_identifiers(" A123 "), vec!["A123"]);
        let many = split_identifiers(" A1, B2;C3 / D4\r\nE5\n\n");
        assert_eq!(many, vec!["A1", "B2", "C3", "D4", "E5"]);
        assert!(split_identifiers(" ;, ").is_empty());
        assert_eq!(license_key("a 105195"), "A105195");
        assert_eq!(license_key("12-345"), license_key("12345"));
        assert_eq!(license_key("md.00123/é"), "MD00123");
        // SPEC 3.3's examples: all digits without leading zeros, and the last run of digits.
        let keys = |raw: &str| license_loose_keys(raw);
        assert_eq!(keys("036.012345")[0], "36012345");
        assert_eq!(keys("Q012345")[0], "12345");
        assert_eq!(keys("C1-0024514")[1], "24514");
        assert_eq!(keys("20A1234")[1], "1234");
        assert_eq!(keys("C1-0024514")[0], "10024514");
        assert_eq!(keys("0024514"), ["24514", "24514"]);
        assert_eq!(keys("RN"), ["", ""]);
        assert_eq!(keys("000"), ["", ""]);
        for raw in [
            "036.012345",
            "Q012345",
            "C1-0024514",
            "20A1234",
            "0024514",
            "md 00123",
            "RN",
            "",
        ] {
            let keys = LicenseKeys::of(raw);
            assert_eq!(keys.strict, license_key(raw), "{raw}");
            assert_eq!(
                keys.loose(),
                license_loose_keys(raw).each_ref().map(String::as_str),
                "{raw}"
            );
        }
        assert!(is_zero_placeholder("0000000000"));
        assert!(is_zero_placeholder(" 0 "));
        assert!(is_zero_placeholder("000-000-0000"));
        assert!(!is_zero_placeholder(""));
        assert!(!is_zero_placeholder("0000000001"));
        assert_eq!(digits_only("12-3456789"), "123456789");
        assert_eq!(digits_only("n/a"), "");
    }

    #[test]
    fn name_normalization() {
        assert_eq!(normalize_name("José Muñoz"), "JOSE MUNOZ");
        assert_eq!(normalize_name("Groß"), "GROSS");
        assert_eq!(normalize_name("Łukasz Æbø Đorđe"), "LUKASZ AEBO DORDE");
        assert_eq!(normalize_name("  O'Brien-Smith  "), "OBRIEN SMITH"); // SPEC v2: apostrophes removed
        assert_eq!(normalize_name("Smith Jr"), "SMITH");
        assert_eq!(normalize_name("Smith, Jr."), "SMITH");
        assert_eq!(normalize_name("Dr. Jane Smith, MD"), "JANE SMITH");
        assert_eq!(normalize_name("Do"), "DO"); // dropping it would leave nothing
        assert_eq!(normalize_name("123 !!"), "");
    }

    #[test]
    fn last_name_rule() {
        let matches = |a, b| last_names_match(a, b, None);
        assert!(matches("Smith", "SMITH"));
        assert!(matches("Smith Jones", "Smith"));
        assert!(matches("Lopez", "Garcia-Lopez"));
        assert!(matches("Smith-Jones", "Jones")); // married name
        assert!(matches("José Muñoz", "JOSE MUNOZ"));
        assert!(matches("Smith Jr", "SMITH"));
        assert!(matches("Do", "DO"));
        assert!(matches("O'Brien", "OBRIEN")); // same letters once spaces go
        assert!(!matches("Smith", "Smithson"));
        assert!(!matches("Smith Jones", "Smith Brown"));
        assert!(!matches("", ""));
        assert!(!matches("Smith", " - "));
        // LEIE keeps 20 characters: "VANDERHOEVEN-RICHARD" is 12 + 1 + 7 = 20.
        let cut = |source| last_names_match("Vanderhoeven-Richardson", source, Some(20));
        assert!(cut("VANDERHOEVEN-RICHARD"));
        assert!(!matches("Vanderhoeven-Richardson", "VANDERHOEVEN-RICHARD"));
        assert!(!cut("VANDERHOEVEN-RICHAR")); // 19 characters: not cut
        assert!(!cut("VANDERHOEVEN-RICHTER")); // not a prefix
        // Cut on a hyphen: 20 characters as written, 19 once normalized.
        let cut_at_20 = |roster, source| last_names_match(roster, source, Some(20));
        assert!(cut_at_20("Abcdefghijklmnopqr-St", "ABCDEFGHIJKLMNOPQR-"));
    }

    #[test]
    fn first_name_rule() {
        let matches = |a, b| first_names_match(a, b, None);
        assert!(matches("Robert", "ROBERT"));
        assert!(matches("ROB", "Robert"));
        assert!(matches("Robert", "Rob"));
        assert!(!matches("RO", "Robert")); // a prefix of only 2 letters
        assert!(!matches("JON", "JOHN")); // JON is not a prefix of JOHN
        assert!(!matches("Anna", "Anne"));
        assert!(matches("J", "John")); // an initial
        assert!(matches("John", "J."));
        assert!(!matches("K", "John"));
        assert!(matches("José", "JOSE"));
        assert!(matches("Mary Ann", "Mary")); // MARY is a prefix of MARY ANN
        assert!(!matches("Mary Ann", "Ann")); // a second given name alone is not the first name
        assert!(!matches("W. Scott", "Scott"));
        assert!(!matches("", "John"));
        assert!(!matches("John", ""));
        // LEIE keeps 15 characters: "MARY ELIZABETHA" is 4 + 1 + 10.
        let cut_at_15 = |roster, source| first_names_match(roster, source, Some(15));
        assert!(cut_at_15("Mary Elizabethann", "MARY ELIZABETHA"));
    }

    /// `raw | order (FL or LF) | last | first | middle | suffix`.
    const FULL_NAMES: &str = "
        Smith, John                  | FL | Smith        | John  |      |
        BERKE MD, SARAH A            | FL | BERKE        | SARAH | A    |
        Smith, John A, MD            | FL | Smith        | John  | A    |
        Smith, John A, Jr.           | FL | Smith        | John  | A    | Jr.
        Smith Jr,  John   Paul  M.D. | FL | Smith        | John  | Paul | Jr
        Amann (Hampton), Lori        | FL | Amann        | Lori  |      |      # maiden name
        Do, Minh                     | FL | Do           | Minh  |      |
        Muñoz García, José           | FL | Muñoz García | José  |      |
        Smith,                       | FL | Smith        |       |      |
        Erik D. Stancofski, MD       | FL | Stancofski   | Erik  | D.   |      # only a degree after the comma
        John Smith, M.D., Ph.D.      | FL | Smith        | John  |      |
        John Smith, Jr.              | FL | Smith        | John  |      | Jr.
        John Q Public Jr             | FL | Public       | John  | Q    | Jr
        Dr. Jane  Smith PA-C         | FL | Smith        | Jane  |      |
        John Smith DO                | FL | Smith        | John  |      |
        Minh Do                      | FL | Do           | Minh  |      |      # a bare Do leaving one word stays
        Minh D.O.                    | FL | Minh         |       |      |
        Smith MD                     | FL | Smith        |       |      |
        Cher                         | FL | Cher         |       |      |
        Robert (Bob) Smith           | FL | Smith        | Robert |     |
        Smith (Jones, Mary           | FL | Smith Jones  | Mary  |      |      # unclosed: only the bracket goes
                                     | FL |              |       |      |
        , ,                          | FL |              |       |      |
        PUBLIC JOHN Q                | LF | PUBLIC       | JOHN  | Q    |
        PUBLIC JOHN Q III            | LF | PUBLIC       | JOHN  | Q    | III
        PUBLIC                       | LF | PUBLIC       |       |      |
        Public, John                 | LF | Public       | John  |      |
    ";

    #[test]
    fn full_names() {
        for row in table(FULL_NAMES) {
            let order = if row[1] == "LF" {
                NameOrder::LastFirst
            } else {
                NameOrder::FirstLast
            };
            let got = split_full_name(row[0], order);
            let got = [got.last, got.first, got.middle, got.suffix];
            assert_eq!(got, row[2..], "{:?}", row[0]);
        }
    }

    /// `function | raws (`;` between) | expected`.
    const STATUSES: &str = "
        roster     | Active; A; current; On  Leave; on-leave        | active
        roster     | Terminated; TERMED; inactive; t; Resigned      | terminated
        roster     | ; Retired                                      | none
        enrollment | Participating; PAR; In Network; in-network     | active
        enrollment | Active; Approved; Effective                    | active
        enrollment | Pending; In  Process; Submitted; Applied       | pending
        enrollment | Terminated; Termed; Inactive; Closed           | terminated
        enrollment | Denied; REJECTED                               | denied
        enrollment | ; Non-Par                                      | none
        board      | Active; CURRENT; Clear; Current/Active         | active
        board      | Active - Renewal Pending                       | active
        board      | Probation; Active with Probation               | active+discipline
        board      | Expired; Inactive; Lapsed; Delinquent          | not active
        board      | Deceased; Cancelled; Retired                   | not active
        board      | License Revoked; License Surrendered           | not active
        board      | Active - Suspended                             | not active   # not-active wins
        board      | Not Active; Non-Current                        | not active
        board      | Suspended/Probation                            | not active+discipline
        board      | ; Pending Review                               | none
        board      | Reactivated                                    | none         # words, not substrings
        discipline | ; N; no; NONE; 0; False; N/A; na; -            | no
        discipline | Y; 1; Consent order 2021; Probation            | yes
    ";

    /// The table's word for a status function's answer on one raw value.
    fn status_word(function: &str, raw: &str) -> String {
        let word = match function {
            "roster" => roster_status(raw).map(|s| format!("{s:?}")),
            "enrollment" => enrollment_status(raw).map(|s| format!("{s:?}")),
            "board" => board_status(raw).map(|b| {
                let active = if b.active { "active" } else { "not active" };
                format!("{active}{}", if b.discipline { "+discipline" } else { "" })
            }),
            _ => Some(if discipline_flag(raw) { "yes" } else { "no" }.to_string()),
        };
        word.map_or("none".to_string(), |w| w.to_lowercase())
    }

    #[test]
    fn statuses() {
        for row in table(STATUSES) {
            for raw in row[1].split(';') {
                assert_eq!(status_word(row[0], raw), row[2], "{} {raw:?}", row[0]);
            }
        }
    }
    #[test]
    fn degrees_anywhere_in_a_full_name_are_dropped() {
        let p = split_full_name("ALBERTUCCI, M.D. MARIO", NameOrder::FirstLast);
        assert_eq!((p.last.as_str(), p.first.as_str()), ("ALBERTUCCI", "MARIO"));
        let p = split_full_name("SMITH, DR. JOHN A", NameOrder::FirstLast);
        assert_eq!(
            (p.last.as_str(), p.first.as_str(), p.middle.as_str()),
            ("SMITH", "JOHN", "A")
        );
        let p = split_full_name("KAHN M.D., LEE", NameOrder::FirstLast);
        assert_eq!((p.last.as_str(), p.first.as_str()), ("KAHN", "LEE"));
        // A bare `Do` inside a name is a name, not a degree.
        let p = split_full_name("NGUYEN, DO VAN", NameOrder::FirstLast);
        assert_eq!((p.first.as_str(), p.middle.as_str()), ("DO", "VAN"));
    }

    #[test]
    fn apostrophes_vanish_and_spaces_do_not_matter() {
        assert_eq!(normalize_name("O'Brien"), "OBRIEN");
        assert_eq!(normalize_name("D\u{2019}Angelo"), "DANGELO");
        assert!(last_names_match("O'Brien", "OBRIEN", None));
        assert!(last_names_match("Mc Donald", "MCDONALD", None));
        assert!(first_names_match("D'Andre", "DANDRE", None));
        assert!(!last_names_match("O'Brien", "BRIEN", None));
    }

    #[test]
    fn degrees_compare_on_their_letters() {
        assert_eq!(degree_keys("M.D."), vec!["MD"]);
        assert_eq!(degree_keys(" d.o. "), vec!["DO"]);
        assert_eq!(degree_keys("MD, PhD"), vec!["MDPHD", "MD", "PHD"]);
        assert!(degree_keys("").is_empty());
    }

    #[test]
    fn one_letter_board_statuses_and_no_discipline_words() {
        let status = |active, discipline| Some(BoardStatus { active, discipline });
        assert_eq!(board_status("A"), status(true, false));
        assert_eq!(board_status("i"), status(false, false));
        assert_eq!(board_status("X"), None);
        for none in [
            "N",
            "No",
            "NONE",
            "0",
            "false",
            "N/A",
            "No Action",
            "no action.",
            "-",
            "",
        ] {
            assert!(!discipline_flag(none), "{none}");
        }
        assert!(discipline_flag("Reprimand"));
        assert!(discipline_flag("Y"));
    }

    #[test]
    fn birth_dates_from_ofac_remarks() {
        assert_eq!(
            birth_dates_in(
                "DOB 10 Dec 1948; Director of PALESTINE LIBERATION FRONT - ABU ABBAS FACTION."
            ),
            "1948-12-10"
        );
        assert_eq!(birth_dates_in("DOB 1968; POB Cuba."), "1968");
        assert_eq!(birth_dates_in("DOB circa 1951."), "1949..1953");
        assert_eq!(birth_dates_in("DOB Sep 1938."), "1938");
        assert_eq!(
            birth_dates_in("DOB 12 Mar 1968; alt. DOB 13 Mar 1968; Passport X1."),
            "1968-03-12;1968-03-13"
        );
        assert_eq!(birth_dates_in("DOB circa 1960-1962"), "1958..1964");
        assert_eq!(birth_dates_in("Director, Banco Nacional de Cuba."), "");
        let year = BirthDate::parse("1968").expect("a year");
        let day = NaiveDate::from_ymd_opt(1968, 3, 12).expect("date");
        assert!(year.admits(day));
        assert_eq!(year, BirthDate::Years(1968, 1968));
        assert!(!BirthDate::Date(day).admits(day.succ_opt().expect("date")));
    }
}
