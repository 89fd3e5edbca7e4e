//! Dates as credentialing files write them (SPEC 3.3), and dates of birth in free text.

use chrono::{Days, Months, NaiveDate};

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
const NO_DATE: [&str; 9] = [
    "00000000",
    "0",
    "n/a",
    "na",
    "null",
    "none",
    "-",
    "indefinite",
    "permanent",
];

/// A source's `date_format` (chrono strftime), parsed once for all its cells.
#[derive(Debug, Clone)]
pub struct DateFormat {
    text: String,
    /// `None` for a pattern chrono cannot read: it matches nothing (the config check rejects it).
    items: Option<Vec<chrono::format::Item<'static>>>,
}

impl DateFormat {
    pub fn new(text: &str) -> DateFormat {
        DateFormat {
            text: text.to_string(),
            items: chrono::format::StrftimeItems::new(text)
                .parse_to_owned()
                .ok(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The date of `text` in this format, or of the date and time it gives (as
    /// `NaiveDate::parse_from_str`, then `NaiveDateTime::parse_from_str`, would read it).
    fn parse(&self, text: &str) -> Option<NaiveDate> {
        let mut parsed = chrono::format::Parsed::new();
        chrono::format::parse(&mut parsed, text, self.items.as_ref()?.iter()).ok()?;
        parsed.to_naive_date().ok().or_else(|| {
            parsed
                .to_naive_datetime_with_offset(0)
                .ok()
                .map(|t| t.date())
        })
    }
}

/// Parse a date written as text. `custom` is the source's `date_format`, tried first when given.
pub fn parse_date(raw: &str, custom: Option<&DateFormat>) -> DateValue {
    let text = raw.trim();
    if custom.is_none()
        && let Some(date) = common_date(text.as_bytes())
    {
        return DateValue::Date(date);
    }
    if text.is_empty() || NO_DATE.iter().any(|t| t.eq_ignore_ascii_case(text)) {
        return DateValue::Empty;
    }
    let from_custom = custom.and_then(|format| format.parse(text));
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

// ---- Small helpers of the date readers

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
