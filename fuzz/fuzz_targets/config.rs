//! The config parser and validator on arbitrary text.
#![no_main]

use credrecon::config::{Overrides, parse};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let _ = parse(
        Path::new("/nonexistent/credrecon.toml"),
        text,
        &Overrides::default(),
        today,
    );
});
