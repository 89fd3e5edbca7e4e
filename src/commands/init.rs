//! `credrecon init FILE...`: inspect files and print a starter config with detected kinds and mappings.

use crate::config::{Profile, SourceSpec};
use crate::error::{Error, Location, Result};
use crate::ingest::{self, Loaded, sheet};
use crate::model::Kind;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub fn run(files: &[PathBuf]) -> Result<u8> {
    let mut out = String::from(
        "# Starter credrecon.toml written by `credrecon init`.\n\
         # Review every line marked `check:` — credrecon could not decide it alone.\n\
         # Paths are relative to this file's folder: save it next to the data files, or edit the paths.\n\n\
         organization = \"Your organization\"   # check: printed on the reports\n\
         # as_of = \"YYYY-MM-DD\"                # default: today\n",
    );
    let mut names: Vec<String> = Vec::new();
    for file in files {
        if !file.is_file() {
            return Err(Error::Io {
                at: Location::file(file),
                cause: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            });
        }
        let guess = inspect(file)?;
        let mut name = guess.loaded.name.clone();
        if names.contains(&name) {
            name = format!("{name}_{}", names.len() + 1);
        }
        names.push(name.clone());
        out.push_str(&render(&name, file, &guess));
    }
    super::print(&out, None)?;
    Ok(0)
}

/// What `init` concluded about one file.
struct Guess {
    loaded: Loaded,
    sheets: Vec<String>,
    /// Other kinds that matched nearly as well.
    runners_up: Vec<Kind>,
    missing_payer: bool,
    missing_state: bool,
}

/// How many distinct canonical fields a kind finds in the file's header (profile detection counts as best).
fn score(loaded: &Loaded) -> usize {
    if loaded.profile.is_some() {
        return 100;
    }
    loaded
        .mapping
        .iter()
        .filter(|m| !m.field.contains('.'))
        .count()
        + loaded
            .mapping
            .iter()
            .filter(|m| m.field.contains('.'))
            .count()
            / 2
}

fn inspect(file: &Path) -> Result<Guess> {
    let sheets = if sheet::is_spreadsheet(file) {
        let bytes = std::fs::read(file).map_err(|cause| Error::Io {
            at: Location::file(file),
            cause,
        })?;
        sheet::sheet_names(&SourceSpec::probe(file, Kind::Roster), &bytes)?
    } else {
        Vec::new()
    };
    let sheet_choices: Vec<Option<String>> = if sheets.is_empty() {
        vec![None]
    } else {
        sheets.iter().cloned().map(Some).collect()
    };
    let mut candidates: Vec<(usize, Guess)> = Vec::new();
    let mut last_error = None;
    for sheet in &sheet_choices {
        for kind in Kind::ALL {
            let mut spec = SourceSpec::probe(file, kind);
            spec.sheet = sheet.clone();
            // Probe with placeholders so a missing payer/state column does not hide the rest of the mapping.
            spec.payer = Some(String::new());
            spec.state = Some(String::new());
            match ingest::load(&spec, Some(&ingest::Wanted::default())) {
                Ok(mut loaded) => {
                    let has = |f: &str| loaded.mapping.iter().any(|m| m.field == f);
                    let missing_payer = kind == Kind::Enrollment
                        && !has("payer")
                        && loaded.profile != Some(Profile::PecosPpef);
                    let missing_state = kind == Kind::LicenseBoard && !has("state");
                    loaded.name = spec.name.clone();
                    candidates.push((
                        score(&loaded),
                        Guess {
                            loaded,
                            sheets: sheets.clone(),
                            runners_up: Vec::new(),
                            missing_payer,
                            missing_state,
                        },
                    ));
                }
                Err(e) => last_error = Some(e),
            }
        }
        if !candidates.is_empty() {
            break;
        }
    }
    // Highest score wins; ties keep Kind::ALL order (roster first).
    let best_score = candidates.iter().map(|(s, _)| *s).max();
    let Some(best_score) = best_score else {
        return Err(last_error.unwrap_or_else(|| {
            Error::input(
                "init",
                Location::file(file),
                "no header row found for any kind of source",
            )
        }));
    };
    let runners_up: Vec<Kind> = candidates
        .iter()
        .filter(|(s, _)| *s + 1 >= best_score)
        .map(|(_, g)| g.loaded.kind)
        .collect();
    let (_, mut guess) = candidates
        .into_iter()
        .find(|(s, _)| *s == best_score)
        .expect("a best candidate exists");
    guess.runners_up = runners_up
        .into_iter()
        .filter(|k| *k != guess.loaded.kind)
        .collect();
    Ok(guess)
}

fn toml_string(s: &str) -> String {
    format!("{:?}", s)
}

fn render(name: &str, file: &Path, g: &Guess) -> String {
    let l = &g.loaded;
    let mut out = String::new();
    let _ = writeln!(out, "\n[[sources]]");
    let _ = writeln!(out, "name = {}", toml_string(name));
    let doubt = if g.runners_up.is_empty() {
        String::new()
    } else {
        format!(
            "   # check: the header also fits kind {}",
            g.runners_up
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let _ = writeln!(out, "kind = {}{doubt}", toml_string(l.kind.as_str()));
    let _ = writeln!(out, "path = {}", toml_string(&file.display().to_string()));
    if let Some(sheet) = &l.sheet {
        let others = if g.sheets.len() > 1 {
            format!("   # sheets: {}", g.sheets.join(", "))
        } else {
            String::new()
        };
        let _ = writeln!(out, "sheet = {}{others}", toml_string(sheet));
    }
    if let Some(p) = l.profile {
        let _ = writeln!(
            out,
            "profile = {}   # detected from the header",
            toml_string(p.as_str())
        );
    }
    if l.header_row > 1 {
        let _ = writeln!(
            out,
            "header_row = {}   # rows above it are titles or notes",
            l.header_row
        );
    }
    if g.missing_payer {
        let _ = writeln!(
            out,
            "# payer = \"...\"   # check: the file has no payer column; name the payer"
        );
    }
    if g.missing_state {
        let _ = writeln!(
            out,
            "# state = \"..\"    # check: the file has no state column; name the board's state"
        );
    }
    if l.kind == Kind::Exclusions
        && !l.mapping.iter().any(|m| m.field == "state")
        && l.profile.is_none()
    {
        let _ = writeln!(
            out,
            "# state = \"..\"    # check: a state Medicaid list: name its state"
        );
    }
    if l.profile.is_none() {
        let base: Vec<_> = l
            .mapping
            .iter()
            .filter(|m| !m.field.contains('.'))
            .collect();
        if !base.is_empty() {
            let _ = writeln!(
                out,
                "[sources.columns]   # what credrecon understood; edit where wrong"
            );
            for m in base {
                let _ = writeln!(out, "{} = {}", m.field, toml_string(&m.header));
            }
        }
    }
    if !l.unused_headers.is_empty() {
        let unused: Vec<String> = l
            .unused_headers
            .iter()
            .map(|h| crate::error::one_line(h))
            .collect();
        let _ = writeln!(out, "# unused headers: {}", unused.join(", "));
    }
    // Roster credential groups, as inferred from the headers.
    let mut groups: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
    for m in l.mapping.iter().filter(|m| m.field.contains('.')) {
        let (label, field) = m.field.split_once('.').expect("contains a dot");
        match groups.iter_mut().find(|(g, _)| *g == label) {
            Some((_, cols)) => cols.push((field, &m.header)),
            None => groups.push((label, vec![(field, &m.header)])),
        }
    }
    for (label, cols) in groups {
        let ctype = label.split('#').next().unwrap_or(label);
        let _ = writeln!(out, "[[sources.credentials]]");
        let _ = writeln!(out, "type = {}", toml_string(ctype));
        for (field, header) in cols {
            let _ = writeln!(out, "{field} = {}", toml_string(header));
        }
    }
    let _ = writeln!(
        out,
        "# {} rows read, {} would be rejected",
        l.rows_read,
        l.rejected.len()
    );
    out
}
