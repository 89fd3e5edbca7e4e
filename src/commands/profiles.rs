//! `credrecon profiles`: the built-in file formats and the headers that identify them.

use crate::ingest::profiles::PROFILES;

pub fn run() {
    println!(
        "Built-in profiles (detected when the header row carries every identifying header):\n"
    );
    for def in PROFILES {
        println!("{}  (kind {})", def.profile.as_str(), def.profile.kind());
        println!("  {}", def.description);
        println!(
            "  identified by: {}",
            def.signature
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!();
    }
}
