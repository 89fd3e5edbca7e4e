//! The spreadsheet reader and canonicalization on arbitrary bytes named .xlsx / .xls / .ods.
#![no_main]

use credrecon::config::SourceSpec;
use credrecon::ingest;
use credrecon::model::Kind;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let name = ["fuzz.xlsx", "fuzz.xls", "fuzz.ods"][usize::from(selector) % 3];
    let spec = SourceSpec::probe(Path::new(name), Kind::Roster);
    let _ = ingest::read_bytes(&spec, bytes);
});
