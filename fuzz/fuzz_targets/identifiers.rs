//! Identifier cells (NPI and license number cells of every kind): the splitter and the license keys.
#![no_main]

use credrecon::values::{LicenseKeys, license_key, license_loose_keys, split_identifiers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for part in split_identifiers(&text) {
        // Each value is trimmed, non-empty, and holds no separator.
        assert!(!part.is_empty());
        assert_eq!(part, part.trim());
        assert!(!part.contains([',', ';', '/', '\n', '\r']), "{part:?}");
    }
    // The borrowed keys are the keys.
    let keys = LicenseKeys::of(&text);
    assert_eq!(keys.strict, license_key(&text));
    let loose = license_loose_keys(&text);
    assert_eq!(keys.loose(), [loose[0].as_str(), loose[1].as_str()]);
    for key in keys.loose() {
        assert!(key.bytes().all(|b| b.is_ascii_digit()) && !key.starts_with('0'));
    }
});
