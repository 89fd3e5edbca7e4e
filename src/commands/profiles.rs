//! `credrecon profiles`: the built-in file formats and the headers that identify them.

use crate::error::Result;
use crate::ingest::profiles::PROFILES;
use std::fmt::Write as _;

pub fn run() -> Result<u8> {
    let mut out = String::from(
        "Built-in profiles (detected when the header row carries every identifying header):\n\n",
    );
    for def in PROFILES {
        let _ = writeln!(
            out,
            "{}  (kind {})",
            def.profile.as_str(),
            def.profile.kind()
        );
        let _ = writeln!(out, "  {}", def.description);
        if def.profile.headerless() {
            let _ = writeln!(
                out,
                "  no header row; identified by its layout: {}",
                def.layout
            );
        } else {
            let _ = writeln!(
                out,
                "  identified by: {}",
                def.signature
                    .iter()
                    .map(|h| format!("`{h}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        out.push('\n');
    }
    super::print(&out, None)?;
    Ok(0)
}
