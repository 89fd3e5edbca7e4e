//! The delimited reader and canonicalization on arbitrary bytes, for each kind of source.
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
    let kind = Kind::ALL[usize::from(selector) % Kind::ALL.len()];
    let mut spec = SourceSpec::probe(Path::new("fuzz.csv"), kind);
    spec.payer = Some("Payer".into());
    spec.state = Some("TX".into());
    if selector & 0x80 != 0 {
        spec.header_row = Some(u32::from(selector & 0x07) + 1);
    }
    let _ = ingest::read_bytes(&spec, bytes);
});
