//! Identifiers: NPIs, license numbers and their keys, tax ids.

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
