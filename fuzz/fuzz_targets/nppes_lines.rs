//! The NPPES line reader on arbitrary bytes under a real header: whatever the blocks' size, it reads the
//! same records, keeps the same NPIs and rejects the same rows (quoted line breaks, stray quotes, CR/LF
//! and block ends falling anywhere), and it never panics.
#![no_main]

use credrecon::config::SourceSpec;
use credrecon::ingest::nppes::scan_bytes;
use credrecon::model::Kind;
use libfuzzer_sys::fuzz_target;

const HEADER: &str = "\"NPI\",\"Entity Type Code\",\"Provider Last Name (Legal Name)\",\"Provider First Name\",\"NPI Deactivation Date\",\"NPI Reactivation Date\",\"Provider License Number_1\",\"Provider License Number State Code_1\"\n";

fuzz_target!(|data: &[u8]| {
    let Some((&size, body)) = data.split_first() else {
        return;
    };
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(body);
    let spec = SourceSpec::probe(std::path::Path::new("npidata.csv"), Kind::Nppes);
    let wanted = ["1000000004".to_string(), "1234567893".to_string()];
    for wanted in [None, Some(&wanted[..])] {
        let whole = scan_bytes(&spec, &bytes, wanted, 1 << 20);
        let small = scan_bytes(&spec, &bytes, wanted, usize::from(size % 64) + 1);
        match (whole, small) {
            (Ok((records, kept, rejected)), Ok((r2, k2, j2))) => {
                assert_eq!(records, r2);
                assert_eq!(kept, k2);
                let rows = |j: &[credrecon::ingest::Rejected]| j.iter().map(|r| r.row).collect::<Vec<_>>();
                assert_eq!(rows(&rejected), rows(&j2));
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!("block size changed the outcome: {:?} vs {:?}", a.is_ok(), b.is_ok()),
        }
    }
});
