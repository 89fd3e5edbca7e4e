//! Dates, NPIs, license numbers and names: every parser and normalizer on arbitrary text.
#![no_main]

use credrecon::values::*;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (a, b) = text.split_at(
        text.char_indices()
            .nth(text.chars().count() / 2)
            .map_or(0, |(i, _)| i),
    );
    let _ = parse_date(&text, None);
    let _ = parse_date(a, Some(b));
    let _ = parse_date(a, Some("%m%d%Y"));
    let npi = normalize_npi(&text);
    let _ = npi_is_valid(&npi);
    let _ = split_identifiers(&text);
    let _ = license_key(&text);
    let _ = license_loose_keys(&text);
    let _ = LicenseKeys::of(&text);
    let _ = degree_keys(&text);
    let _ = is_zero_placeholder(&text);
    let _ = digits_only(&text);
    let _ = normalize_name(&text);
    let _ = last_names_match(a, b, Some(20));
    let _ = first_names_match(a, b, Some(15));
    let _ = split_full_name(&text, NameOrder::FirstLast);
    let _ = split_full_name(&text, NameOrder::LastFirst);
    let _ = roster_status(&text);
    let _ = enrollment_status(&text);
    let _ = board_status(&text);
    let _ = discipline_flag(&text);
    if data.len() >= 8 {
        let f = f64::from_le_bytes(data[..8].try_into().unwrap());
        let _ = excel_serial_to_date(f);
    }
});
