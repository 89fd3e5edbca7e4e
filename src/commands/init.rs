//! `credrecon init FILE...`: look at each file on its own and print a starter config (SPEC §1).
//!
//! Each file becomes a `[[sources]]` entry: its kind, profile, sheet, header row (or `header = false` with
//! columns by letter), the columns understood, the name order judged from the names, the state (from a
//! one-valued state column, the file name or a title row), a date format when the built-in ones do not
//! read the dates, the status values seen and a `[sources.values.status]` line for each one credrecon
//! cannot place, and a roster's credential groups. A guess says so in a `# check:` comment. A file that
//! cannot be placed gets a commented-out entry saying why and never stops the others. The text is valid
//! TOML: every value is written by the `toml` crate.

use crate::config::{Profile, SourceSpec};
use crate::error::{Error, Result};
use crate::ingest::{self, IssueKind, Loaded, Peek, sheet};
use crate::model::{Kind, header_key};
use crate::values::{self, DateValue};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub fn run(paths: &[PathBuf]) -> Result<u8> {
    let files = expand(paths);
    // Paths relative to the one folder every file is in (the config is saved there), else as given.
    let folder = common_folder(&files);
    let shown = |f: &Path| match &folder {
        Some(dir) => f
            .strip_prefix(dir)
            .map_or_else(|_| f.display().to_string(), |p| p.display().to_string()),
        None => f.display().to_string(),
    };
    // OFAC's alias file is read with its SDN list, not as a source of its own.
    let sdn_aliases = files
        .iter()
        .find(|f| file_name(f).eq_ignore_ascii_case("alt.csv"))
        .cloned();
    let mut placed: Vec<(Kind, String)> = Vec::new();
    let mut unplaced: Vec<String> = Vec::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut aliases_used = false;
    // The roster's license numbers show which column of a board file holds license numbers.
    // A first look at every file finds the rosters; only the others are looked at again, knowing the
    // roster's licenses.
    let mut roster_numbers = RosterLicenses::new();
    let mut first_look = Vec::with_capacity(files.len());
    for file in &files {
        if sdn_aliases.as_deref() == Some(file.as_path()) {
            first_look.push(None);
            continue;
        }
        let look = inspect(file, sdn_aliases.as_deref(), &RosterLicenses::new());
        for g in look.iter().flatten().filter(|g| g.kind == Kind::Roster) {
            for (key, state) in &g.license_keys {
                roster_numbers
                    .entry(key.clone())
                    .or_default()
                    .insert(state.clone());
            }
        }
        first_look.push(Some(look));
    }
    for (file, look) in files.iter().zip(first_look) {
        let Some(look) = look else { continue };
        let settled = |g: &Guess| matches!(g.kind, Kind::Roster | Kind::Nppes);
        let look = match look {
            Ok(guesses) if roster_numbers.is_empty() || guesses.iter().all(settled) => Ok(guesses),
            _ => inspect(file, sdn_aliases.as_deref(), &roster_numbers),
        };
        match look {
            Ok(guesses) => {
                let several = guesses.len() > 1;
                for mut guess in guesses {
                    let base = match (&guess.sheet, several) {
                        (Some(sheet), true) => format!("{}_{}", guess.name, sheet_slug(sheet)),
                        _ => guess.name.clone(),
                    };
                    guess.name = unique_name(&base, &mut names);
                    aliases_used |= guess.aliases.is_some();
                    if let Some(alt) = &guess.aliases {
                        guess.aliases = Some(PathBuf::from(shown(alt)));
                    }
                    placed.push((guess.kind, render(&guess, &shown(file))));
                }
            }
            Err(why) => unplaced.push(render_unplaced(&shown(file), &why)),
        }
    }
    if let Some(alt) = &sdn_aliases
        && !aliases_used
    {
        unplaced.push(render_unplaced(
            &shown(alt),
            "an OFAC alias file (alt.csv) with no SDN list (sdn.csv) beside it",
        ));
    }
    let mut out = String::from(
        "# Starter credrecon.toml written by `credrecon init`.\n\
         # Review every line marked `check:` — credrecon could not decide it alone.\n",
    );
    match &folder {
        Some(dir) if !dir.as_os_str().is_empty() => {
            let _ = writeln!(
                out,
                "# Paths are relative to {}: save this file there as credrecon.toml.",
                toml_str(&dir.display().to_string())
            );
        }
        _ => {
            out.push_str("# Paths are as given: save this file in the folder you ran init from.\n")
        }
    }
    out.push_str(
        "\norganization = \"Your organization\"   # check: printed on the reports\n\
         # as_of = \"YYYY-MM-DD\"                # default: today\n",
    );
    if !placed.iter().any(|(k, _)| *k == Kind::Roster) {
        out.push_str(
            "# check: no file looks like the provider roster; credrecon needs one (kind = \"roster\")\n",
        );
    }
    // The roster first: every rule checks its providers.
    placed.sort_by_key(|(k, _)| *k != Kind::Roster);
    for (_, text) in &placed {
        out.push_str(text);
    }
    for text in &unplaced {
        out.push_str(text);
    }
    debug_assert!(
        toml::from_str::<toml::Table>(&out).is_ok(),
        "init wrote invalid TOML:\n{out}"
    );
    super::print(&out, None)?;
    Ok(0)
}

/// The files named, a folder standing for the files in it (sorted; hidden files and configs skipped).
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .filter(|p| !file_name(p).starts_with('.'))
                .filter(|p| p.extension().is_none_or(|e| e != "toml"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    files
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn common_folder(files: &[PathBuf]) -> Option<PathBuf> {
    let first = files.first()?.parent()?.to_path_buf();
    files
        .iter()
        .all(|f| f.parent() == Some(first.as_path()))
        .then_some(first)
}

/// A sheet name as part of a source name: lower case, words joined by `_`.
fn sheet_slug(sheet: &str) -> String {
    sheet
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

fn unique_name(name: &str, taken: &mut BTreeSet<String>) -> String {
    let base = if name.is_empty() { "source" } else { name };
    let mut candidate = base.to_string();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// A TOML string, quoted and escaped by the `toml` crate.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The roster's license numbers (strict keys) and the states that hold them.
type RosterLicenses = BTreeMap<String, BTreeSet<String>>;

/// What `init` concluded about one file.
struct Guess {
    name: String,
    kind: Kind,
    sheet: Option<String>,
    sheets: Vec<String>,
    profile: Option<Profile>,
    header_row: u64,
    headerless: bool,
    aliases: Option<PathBuf>,
    /// Canonical field → header (or column letter), as the config writes them.
    columns: Vec<(String, String)>,
    /// Credential groups: type → (field, header).
    groups: Vec<(String, Vec<(String, String)>)>,
    state: Option<(String, String)>,
    name_order_last_first: Option<String>,
    date_format: Option<(String, String)>,
    /// Status values seen: (value, canonical or a guess, how sure).
    statuses: Vec<(String, Option<String>, Placed)>,
    notes: Vec<String>,
    rows_read: u64,
    rejected: usize,
    unused: Vec<String>,
    /// A roster's credential numbers (strict keys) with their states, for reading board files.
    license_keys: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placed {
    /// credrecon reads it on its own.
    Known,
    /// A guess, written with `# check:`.
    Guessed,
    /// Left for the user to fill (a commented-out line).
    Unknown,
}

/// The file types credrecon reads.
const READ: [&str; 12] = [
    "csv", "txt", "tsv", "psv", "dat", "xlsx", "xlsm", "xls", "ods", "html", "htm", "zip",
];

fn inspect(
    file: &Path,
    sdn_aliases: Option<&Path>,
    roster_numbers: &RosterLicenses,
) -> std::result::Result<Vec<Guess>, String> {
    let zip_path = file;
    if !file.is_file() {
        return Err("no such file".into());
    }
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !READ.contains(&ext.as_str()) {
        return Err(if ext.is_empty() {
            "not a data file credrecon reads (no extension); data files are .csv .txt .tsv .psv .xlsx .xlsm .xls .ods .html .zip".into()
        } else {
            format!(
                "not a data file credrecon reads (.{ext}); data files are .csv .txt .tsv .psv .xlsx .xlsm .xls .ods .html .zip"
            )
        });
    }
    // A zip archive: the member a run would read (NPPES's by its name, else the only data file), of which
    // the first 64 MB are enough to judge it.
    let (data_path, bytes, member) = if ingest::archive::is_zip(file) {
        let head = |kind| ingest::archive::member_head(&SourceSpec::probe(file, kind), 64 << 20);
        let (name, bytes, _) = head(Kind::Nppes)
            .or_else(|_| head(Kind::Roster))
            .map_err(one_line)?;
        (file.join(&name), bytes, Some(name))
    } else {
        // A text file is judged by its first 64 MB (an NPPES file is ~10 GB); a workbook is read whole.
        let bytes = if sheet::is_spreadsheet(file) || ingest::html::is_html_path(file) {
            std::fs::read(file)
        } else {
            head_of(file, 64 << 20)
        }
        .map_err(|e| format!("cannot read it: {e}"))?;
        (file.to_path_buf(), bytes, None)
    };
    let file = data_path.as_path();
    let probe = SourceSpec::probe(file, Kind::Roster);
    let sheets = if ingest::html::is_html(file, &bytes) {
        ingest::html::sheet_names(&probe, &bytes).map_err(one_line)?
    } else if sheet::is_spreadsheet(file) {
        sheet::sheet_names(&probe, &bytes).map_err(one_line)?
    } else {
        Vec::new()
    };
    let sheet_choices: Vec<Option<String>> = if sheets.is_empty() {
        vec![None]
    } else {
        sheets.iter().cloned().map(Some).collect()
    };
    // Every (sheet, kind) read and scored; the best kind of each sheet.
    let mut per_sheet: Vec<Vec<(i64, Guess)>> = Vec::new();
    let mut last_error = String::from("no row names two fields of any kind of source");
    for sheet in &sheet_choices {
        let mut fits: Vec<(i64, Guess)> = Vec::new();
        for kind in Kind::ALL {
            match try_kind(file, &bytes, sheet.clone(), kind, roster_numbers) {
                Ok(fit) => fits.push(fit),
                Err(e) => last_error = e,
            }
        }
        // Highest score first; ties keep Kind::ALL order.
        fits.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
        per_sheet.push(fits);
    }
    let best_score = per_sheet
        .iter()
        .filter_map(|fits| fits.first().map(|(s, _)| *s))
        .max();
    let Some(best_score) = best_score else {
        return headerless(file, &bytes, sdn_aliases)
            .map(|g| vec![g])
            .ok_or(last_error);
    };
    // The best sheet, and every other sheet that fits the same kind nearly as well (Ohio's Individuals and
    // Organizations are two lists).
    let best_kind = per_sheet
        .iter()
        .find_map(|fits| fits.first().filter(|(s, _)| *s == best_score))
        .map(|(_, g)| g.kind)
        .expect("a best fit exists");
    let mut guesses = Vec::new();
    for fits in per_sheet {
        let mut fits = fits.into_iter();
        let Some((score, mut guess)) = fits.next() else {
            continue;
        };
        let first = guesses.is_empty() && score == best_score;
        if !first && (guess.kind != best_kind || score * 2 < best_score || score < 4) {
            continue;
        }
        if let Some((s, g)) = fits.next()
            && s + 2 >= score
            && score < 100
        {
            guess
                .notes
                .push(format!("the header also fits kind {}", g.kind));
        }
        guess.sheets = sheets.clone();
        if guess.profile == Some(Profile::OfacSdn) {
            guess.aliases = sdn_aliases.map(Path::to_path_buf);
        }
        if first {
            guesses.insert(0, guess);
        } else {
            guesses.push(guess);
        }
    }
    if let Some(name) = member {
        let archive_name = SourceSpec::probe(zip_path, Kind::Roster).name;
        for g in &mut guesses {
            g.name = archive_name.clone();
            g.notes.push(format!(
                "read from the archive's member `{name}`, the one a run reads by default"
            ));
        }
    }
    Ok(guesses)
}

/// The first `limit` bytes of a file, cut after its last whole line when the file is longer.
fn head_of(file: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut head = Vec::new();
    std::fs::File::open(file)?
        .take(limit)
        .read_to_end(&mut head)?;
    if head.len() as u64 == limit
        && let Some(end) = head.iter().rposition(|&b| b == b'\n')
    {
        head.truncate(end + 1);
    }
    Ok(head)
}

fn one_line(e: Error) -> String {
    crate::error::one_line(&e.to_string())
}

/// Fields that mark a kind of file: each counts three times in its score.
fn marks(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Roster => &[
            "provider_id",
            "degree",
            "start_date",
            "last_credentialed_date",
            "next_recredential_date",
            "caqh_id",
            "caqh_attestation_date",
            "taxonomy_code",
        ],
        Kind::Credentials => &["type", "verified_date"],
        Kind::Enrollment => &["payer", "payer_provider_id", "effective_date"],
        Kind::LicenseBoard => &["license_number", "license_type", "discipline", "issue_date"],
        Kind::Exclusions => &[
            "exclusion_type",
            "exclusion_date",
            "reinstatement_date",
            "business_name",
            "waiver_date",
        ],
        Kind::OptOut => &["opt_out_effective_date", "opt_out_end_date"],
        Kind::Revalidation => &[
            "revalidation_due_date",
            "adjusted_due_date",
            "enrollment_id",
        ],
        Kind::Nppes => &[],
    }
}

/// Words of a file name or title that point to a kind.
fn name_hints(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Roster => &[
            "roster",
            "provider",
            "credentialing",
            "practitioner",
            "staff",
        ],
        Kind::Credentials => &["credential", "expirable", "license_tracking"],
        Kind::Enrollment => &["enroll", "payer", "network", "participat", "pecos", "ppef"],
        Kind::LicenseBoard => &["licens", "board", "bme", "licfile", "lookup", "directory"],
        Kind::Exclusions => &[
            "exclu",
            "sanction",
            "debar",
            "terminat",
            "leie",
            "oig",
            "sam",
            "suspen",
            "disqualif",
        ],
        Kind::OptOut => &["optout", "opt-out", "opt_out"],
        Kind::Revalidation => &["revalid"],
        Kind::Nppes => &["npidata", "nppes"],
    }
}

/// Read the file as `kind` and score how well it fits: a built-in format wins; else three points per field
/// that marks the kind, one per other field, two for a hint in the file name.
fn try_kind(
    file: &Path,
    bytes: &[u8],
    sheet: Option<String>,
    kind: Kind,
    roster_numbers: &RosterLicenses,
) -> std::result::Result<(i64, Guess), String> {
    let mut spec = SourceSpec::probe(file, kind);
    spec.sheet = sheet;
    let peek = ingest::peek(&spec, bytes, 2000).map_err(one_line)?;
    let Some(header) = peek.header.clone() else {
        return Err("no header row".into());
    };
    let profile = ingest::profiles::detect(&header).filter(|p| p.kind() == kind);
    if kind == Kind::Nppes {
        // The NPPES file is read only through its built-in format (a full read of 9 M rows is a run's job).
        return match profile {
            Some(p) => Ok((1000, nppes_guess(&spec, p, &peek))),
            None => Err("not an NPPES file".into()),
        };
    }
    // Probe with placeholders so a missing payer or state column does not hide the rest of the mapping.
    if kind == Kind::Enrollment {
        spec.payer = Some(String::new());
    }
    if kind == Kind::LicenseBoard {
        spec.state = Some(String::new());
    }
    let loaded = match ingest::read_bytes(&spec, bytes) {
        Ok(l) => l,
        Err(Error::MissingColumn { field, .. }) => {
            // A required identifier under a header no alias names: find it by its values.
            let Some(column) = column_by_values(&field, &header, &peek.rows, roster_numbers) else {
                return Err(format!("no {field} column"));
            };
            spec.columns.insert(field.clone(), column);
            ingest::read_bytes(&spec, bytes).map_err(one_line)?
        }
        Err(e) => return Err(one_line(e)),
    };
    let fields: BTreeSet<&str> = loaded
        .mapping
        .iter()
        .map(|m| m.field.split('.').next().unwrap_or(""))
        .collect();
    let mut score: i64 = if profile.is_some() {
        500
    } else {
        fields
            .iter()
            .map(|f| if marks(kind).contains(f) { 3 } else { 1 })
            .sum()
    };
    let lower = file_name(file).to_lowercase();
    if name_hints(kind).iter().any(|h| lower.contains(h)) {
        score += 2;
    }
    if kind == Kind::Roster && !loaded.mapping.iter().any(|m| m.field.contains('.')) {
        score -= 1;
    }
    // A file most of whose rows are rejected for this kind does not fit it.
    if loaded.rows_read > 0 && loaded.rejected.len() as u64 * 2 > loaded.rows_read {
        score -= 10;
    }
    // An NPI column no alias names (`NPI # or P1 #`): found by its values.
    let npi_recovered = if kind.field("npi").is_some()
        && profile.is_none()
        && !loaded.mapping.iter().any(|m| m.field == "npi")
    {
        npi_column(&header, &peek.rows, &loaded)
    } else {
        None
    };
    let mut guess = analyse(&spec, loaded, &peek, profile, roster_numbers);
    if let Some(h) = npi_recovered {
        guess.notes.push(format!(
            "`{h}` read as the NPI column: most of its values hold an NPI"
        ));
        guess.columns.push(("npi".into(), h));
        score += 2;
    }
    // Status values the kind does not know (an exclusion list's `Excluded`) speak against it.
    let unknown = guess
        .statuses
        .iter()
        .filter(|(_, _, p)| *p == Placed::Unknown)
        .count();
    let known = guess
        .statuses
        .iter()
        .filter(|(_, _, p)| *p == Placed::Known)
        .count();
    if unknown > known {
        score -= 4;
    }
    guess.columns.sort_by_key(|(f, _)| {
        kind.fields()
            .iter()
            .position(|d| d.name == f)
            .unwrap_or(usize::MAX)
    });
    Ok((score, guess))
}

/// A column whose values look like the field: ten-digit NPIs; license numbers — the column holding the most
/// of the roster's license numbers, else one whose header names a license and whose values are numbers.
fn column_by_values(
    field: &str,
    header: &[String],
    rows: &[Vec<String>],
    roster_numbers: &RosterLicenses,
) -> Option<String> {
    let filled = |i: usize| -> Vec<&str> {
        rows.iter()
            .filter_map(|r| r.get(i).map(String::as_str))
            .filter(|v| !v.is_empty())
            .collect()
    };
    let named = (0..header.len()).filter(|&i| !header[i].trim().is_empty());
    match field {
        "npi" => named
            .map(|i| {
                let v = filled(i);
                let hits = v
                    .iter()
                    .filter(|v| values::npi_is_valid(&values::normalize_npi(v)))
                    .count();
                (i, hits, v.len())
            })
            .filter(|&(_, hits, n)| n > 0 && hits * 10 >= n * 9)
            .max_by_key(|&(_, hits, _)| hits)
            .map(|(i, _, _)| header[i].clone()),
        "license_number" => {
            let known = |v: &str| {
                let keys = values::LicenseKeys::of(v);
                roster_numbers.contains_key(keys.strict.as_ref())
                    || keys.loose().iter().any(|k| roster_numbers.contains_key(*k))
            };
            let by_roster = named
                .clone()
                .map(|i| (i, filled(i).iter().filter(|v| known(v)).count()))
                .filter(|&(_, hits)| hits > 0)
                .max_by_key(|&(i, hits)| (hits, std::cmp::Reverse(i)));
            if let Some((i, _)) = by_roster {
                return Some(header[i].clone());
            }
            let number_like = |v: &str| {
                !v.contains(' ')
                    && v.len() <= 20
                    && v.chars().filter(char::is_ascii_digit).count() >= 3
                    && values::parse_date(v, None) == DateValue::Invalid
            };
            named
                .filter(|&i| {
                    let key = header_key(&header[i]);
                    ["licen", "credential", "cert", "permit", "registration"]
                        .iter()
                        .any(|w| key.contains(w))
                })
                .map(|i| {
                    let v = filled(i);
                    (i, v.iter().filter(|v| number_like(v)).count(), v.len())
                })
                .filter(|&(_, hits, n)| n > 0 && hits * 10 >= n * 9)
                .max_by_key(|&(i, hits, _)| (hits, std::cmp::Reverse(i)))
                .map(|(i, _, _)| header[i].clone())
        }
        _ => None,
    }
}

/// An unused column most of whose filled cells hold a valid NPI (alone or among other numbers).
fn npi_column(header: &[String], rows: &[Vec<String>], loaded: &Loaded) -> Option<String> {
    (0..header.len())
        .filter(|&i| loaded.unused_headers.contains(&header[i]))
        .map(|i| {
            let filled: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.get(i).map(String::as_str))
                .filter(|v| !v.is_empty())
                .collect();
            let hits = filled
                .iter()
                .filter(|v| {
                    values::split_identifiers(v)
                        .iter()
                        .any(|n| values::npi_is_valid(&values::normalize_npi(n)))
                })
                .count();
            (i, hits, filled.len())
        })
        .filter(|&(_, hits, n)| n > 0 && hits * 10 >= n * 3 && hits >= 2)
        .max_by_key(|&(_, hits, _)| hits)
        .map(|(i, _, _)| header[i].clone())
}

fn nppes_guess(spec: &SourceSpec, profile: Profile, peek: &Peek) -> Guess {
    Guess {
        name: spec.name.clone(),
        kind: Kind::Nppes,
        sheet: None,
        sheets: Vec::new(),
        profile: Some(profile),
        header_row: peek.above.len() as u64 + 1,
        headerless: false,
        aliases: None,
        columns: Vec::new(),
        groups: Vec::new(),
        state: None,
        name_order_last_first: None,
        date_format: None,
        statuses: Vec::new(),
        notes: Vec::new(),
        rows_read: 0,
        rejected: 0,
        unused: Vec::new(),
        license_keys: Vec::new(),
    }
}

/// Everything `init` writes about a file read as one kind.
fn analyse(
    spec: &SourceSpec,
    loaded: Loaded,
    peek: &Peek,
    profile: Option<Profile>,
    roster: &RosterLicenses,
) -> Guess {
    let kind = spec.kind;
    let mut notes = Vec::new();
    let mut columns: Vec<(String, String)> = Vec::new();
    let mut groups: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for m in &loaded.mapping {
        match m.field.split_once('.') {
            Some((label, field)) => match groups.iter_mut().find(|(l, _)| *l == label) {
                Some((_, cols)) => cols.push((field.to_string(), m.header.clone())),
                None => groups.push((
                    label.to_string(),
                    vec![(field.to_string(), m.header.clone())],
                )),
            },
            None if profile.is_none() && kind.field(&m.field).is_some() => {
                columns.push((m.field.clone(), m.header.clone()));
            }
            None => {}
        }
    }
    let mapped = |columns: &[(String, String)], f: &str| columns.iter().any(|(c, _)| c == f);
    // A state Medicaid list whose one date is a "Termination Date" gives the day the provider was
    // terminated from the program: the exclusion's start, not its end (Kansas).
    if kind == Kind::Exclusions
        && profile.is_none()
        && !mapped(&columns, "exclusion_date")
        && let Some(at) = columns
            .iter()
            .position(|(f, h)| f == "reinstatement_date" && header_key(h).contains("termination"))
    {
        columns[at].0 = "exclusion_date".into();
        notes.push(format!(
            "`{}` read as the exclusion date: the list's only date, the day the provider was terminated",
            columns[at].1
        ));
    }
    let license_keys: Vec<(String, String)> = match &loaded.detail {
        Some(d) => d
            .text("number")
            .into_iter()
            .flatten()
            .zip(d.text("state").into_iter().flatten())
            .filter(|(n, _)| !n.is_empty())
            .map(|(n, s)| (values::license_key(&n), s.to_uppercase()))
            .collect(),
        None => Vec::new(),
    };
    let has = |f: &str| mapped(&columns, f);
    let frame = &loaded.frame;
    let texts = |f: &str| -> Vec<String> {
        frame
            .text(f)
            .into_iter()
            .flatten()
            .filter(|v| !v.is_empty())
            .collect()
    };
    // Name order of full names without a comma: whether the first word or the last is a given name.
    let mut name_order_last_first = None;
    if has("full_name") && !has("last_name") {
        let (firsts, lasts) = (texts("first_name"), texts("last_name"));
        let given = |v: &&String| is_given_name(v.split(' ').next().unwrap_or(""));
        let (as_first, as_last) = (
            firsts.iter().filter(given).count(),
            lasts.iter().filter(given).count(),
        );
        if as_last >= 3 && as_last > 2 * as_first {
            name_order_last_first = Some(format!(
                "judged from the names: {as_last} of {} end in a given name (LAST FIRST without a comma)",
                lasts.len()
            ));
        }
    }
    // The state: a one-valued state column, else the file name, a title row, or (a board) the state of the
    // roster licenses found in it.
    let header = peek.header.clone().unwrap_or_default();
    let column_values = |field: &str| -> BTreeSet<String> {
        let Some((_, h)) = columns.iter().find(|(f, _)| f == field) else {
            return BTreeSet::new();
        };
        let Some(i) = header.iter().position(|c| c == h) else {
            return BTreeSet::new();
        };
        peek.rows
            .iter()
            .filter_map(|r| r.get(i))
            .map(|v| v.trim().to_uppercase())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let states: BTreeSet<String> = column_values("state")
        .into_iter()
        .map(|s| state_code(&s).unwrap_or(s))
        .collect();
    let named = state_named(&spec.path, &peek.above);
    let mut state = None;
    match kind {
        Kind::LicenseBoard => {
            // The states of the roster licenses found in the file, by how many are found.
            let mut held: BTreeMap<&String, usize> = BTreeMap::new();
            for n in texts("license_number") {
                let keys = values::LicenseKeys::of(&n);
                let found = roster
                    .get(keys.strict.as_ref())
                    .or_else(|| keys.loose().iter().find_map(|k| roster.get(*k)));
                for st in found.into_iter().flatten() {
                    *held.entry(st).or_default() += 1;
                }
            }
            let found: usize = held.values().sum();
            let most = held
                .iter()
                .max_by_key(|(_, n)| **n)
                .filter(|(_, n)| **n * 2 > found)
                .map(|(s, n)| ((*s).clone(), *n));
            state = match (states.len(), &named, most) {
                (1, _, _) => states
                    .iter()
                    .next()
                    .map(|s| (s.clone(), "every row's State".to_string())),
                (_, Some((s, why)), _) => Some((
                    s.clone(),
                    format!("check: {why}; a State column of several values is then an address"),
                )),
                (_, None, Some((s, n))) => Some((
                    s.clone(),
                    format!(
                        "check: {n} of the {found} roster licenses found in this file are {s} licenses"
                    ),
                )),
                (0, None, _) => {
                    notes.push(
                        "the file has no state column: name the board's state (`state = \"XX\"`)"
                            .into(),
                    );
                    None
                }
                _ => {
                    notes.push(format!(
                        "the State column holds {} states: if it is a mailing address, name the board's state",
                        states.len()
                    ));
                    None
                }
            };
        }
        Kind::Exclusions if !has("state") && profile.is_none() => match &named {
            Some((s, why)) => state = Some((s.clone(), format!("check: {why}"))),
            None => notes.push(
                "a state list without a state column: name its state (`state = \"XX\"`)".into(),
            ),
        },
        _ => {}
    }
    // Date format: when the built-in formats leave many dates of a field unread, the one format that reads them.
    let mut unread: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for issue in &loaded.issues {
        if issue.kind == IssueKind::InvalidDate {
            unread
                .entry(issue.field.as_str())
                .or_default()
                .push(issue.raw.as_str());
        }
    }
    let date_format = unread
        .values()
        .filter(|raws| raws.len() >= 3)
        .find_map(|raws| {
            DATE_FORMATS.iter().find_map(|(format, shown)| {
                let parsed = values::DateFormat::new(format);
                let read = raws
                    .iter()
                    .filter(|r| matches!(values::parse_date(r, Some(&parsed)), DateValue::Date(_)))
                    .count();
                (read * 10 >= raws.len() * 9).then(|| {
                    (
                        format.to_string(),
                        format!(
                            "check: {} dates read as {shown} (e.g. `{}`)",
                            raws.len(),
                            raws[0]
                        ),
                    )
                })
            })
        });
    // Status values: each with its canonical value, a guess, or a line to fill.
    let mut statuses = Vec::new();
    if has("status") || profile.is_none() && kind.field("status").is_some() {
        let seen: BTreeSet<String> = texts("status_text").into_iter().collect();
        for value in seen.iter().take(40) {
            match ingest::status_value(spec, value) {
                Some(c) => statuses.push((value.clone(), Some(c), Placed::Known)),
                None => match guess_status(kind, value) {
                    Some(c) => statuses.push((value.clone(), Some(c.to_string()), Placed::Guessed)),
                    None => statuses.push((value.clone(), None, Placed::Unknown)),
                },
            }
        }
        if seen.len() > 40 {
            notes.push(format!(
                "{} status values in all; the first 40 are listed",
                seen.len()
            ));
        }
    }
    Guess {
        name: spec.name.clone(),
        kind,
        sheet: loaded.sheet.clone(),
        sheets: Vec::new(),
        profile,
        header_row: loaded.header_row,
        headerless: false,
        aliases: None,
        columns,
        groups,
        state,
        name_order_last_first,
        date_format,
        statuses,
        notes,
        rows_read: loaded.rows_read,
        rejected: loaded.rejected.len(),
        unused: loaded.unused_headers.clone(),
        license_keys,
    }
}

/// Date formats tried when the built-in ones fail, as chrono writes them and as a person reads them.
const DATE_FORMATS: [(&str, &str); 9] = [
    ("%m%d%Y", "MMDDYYYY"),
    ("%d-%b-%Y", "DD-Mon-YYYY"),
    ("%d-%b-%y", "DD-Mon-YY"),
    ("%b %d, %Y", "Mon DD, YYYY"),
    ("%B %d, %Y", "Month DD, YYYY"),
    ("%d/%m/%Y", "DD/MM/YYYY"),
    ("%Y/%m/%d", "YYYY/MM/DD"),
    ("%m-%d-%Y", "MM-DD-YYYY"),
    ("%d.%m.%Y", "DD.MM.YYYY"),
];

/// A canonical status for a value no built-in word covers, by the words in it.
fn guess_status(kind: Kind, value: &str) -> Option<&'static str> {
    let v = value.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| v.contains(w));
    match kind {
        Kind::LicenseBoard => {
            if any(&["probat"]) {
                Some("probation")
            } else if any(&[
                "inactiv",
                "expir",
                "laps",
                "revok",
                "suspen",
                "surrend",
                "cancel",
                "deceas",
                "retir",
                "void",
                "closed",
                "denied",
                "terminat",
                "null and void",
                "delinq",
            ]) {
                Some("not_active")
            } else if any(&[
                "activ",
                "current",
                "clear",
                "good standing",
                "renewed",
                "valid",
            ]) {
                Some("active")
            } else {
                None
            }
        }
        Kind::Roster => {
            if any(&[
                "term", "inactiv", "resign", "retir", "left", "separat", "deceas",
            ]) {
                Some("terminated")
            } else if any(&["activ", "leave", "loa", "current", "provisional", "locum"]) {
                Some("active")
            } else {
                None
            }
        }
        Kind::Enrollment => {
            if any(&[
                "pend",
                "process",
                "submit",
                "applied",
                "credentialing",
                "review",
            ]) {
                Some("pending")
            } else if any(&["term", "inactiv", "closed", "ended", "expired"]) {
                Some("terminated")
            } else if any(&["denied", "reject", "declin"]) {
                Some("denied")
            } else if any(&[
                "activ",
                "par",
                "network",
                "approved",
                "effective",
                "contracted",
            ]) {
                Some("active")
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Common US given names, for judging which end of a full name without a comma is the given name.
const GIVEN_NAMES: &str = "AARON ADAM AHMED ALAN ALBERT ALEX ALEXANDER ALI ALICE ALICIA ALLISON AMANDA AMY ANA ANDREA ANDREW ANGELA ANN ANNA ANNE ANTHONY ANTONIO ASHLEY BARBARA BENJAMIN BETTY BEVERLY BRANDON BRENDA BRIAN BRITTANY CARLOS CARMEN CAROL CAROLYN CATHERINE CHARLES CHERYL CHRISTINA CHRISTINE CHRISTOPHER CYNTHIA DANIEL DANIELLE DAVID DEBORAH DEBRA DENISE DENNIS DIANA DIANE DONALD DONNA DOROTHY DOUGLAS EDWARD ELIZABETH EMILY ERIC FRANK GARY GEORGE GLORIA GREGORY HANNAH HAROLD HEATHER HELEN HENRY JACK JACOB JACQUELINE JAMES JANET JANICE JASON JEAN JEFFREY JENNIFER JEREMY JERRY JESSICA JOAN JOHN JONATHAN JORGE JOSE JOSEPH JOSHUA JOYCE JUAN JUDITH JULIA JULIE JUSTIN KAREN KATHERINE KATHLEEN KATHRYN KELLY KENNETH KEVIN KIMBERLY LARRY LAURA LAUREN LI LINDA LISA LUIS LUZ MANUEL MARGARET MARIA MARIE MARILYN MARIO MARK MARTHA MARY MATTHEW MELISSA MICHAEL MICHELLE MIN MOHAMMED NANCY NICHOLAS NICOLE PAMELA PATRICIA PATRICK PAUL PETER PRIYA RACHEL RAJ RALPH RAYMOND REBECCA RICHARD ROBERT RONALD ROSA ROSE RUTH RYAN SAMUEL SANDRA SARA SARAH SCOTT SHARON SHIRLEY STEPHANIE STEPHEN STEVEN SUSAN TERESA THERESA THOMAS TIMOTHY TINA VICTORIA VIRGINIA WALTER WAYNE WEI WILLIAM";

fn is_given_name(word: &str) -> bool {
    let w = values::normalize_name(word);
    !w.is_empty() && GIVEN_NAMES.split(' ').any(|g| g == w)
}

const STATES: [(&str, &str); 51] = [
    ("AL", "ALABAMA"),
    ("AK", "ALASKA"),
    ("AZ", "ARIZONA"),
    ("AR", "ARKANSAS"),
    ("CA", "CALIFORNIA"),
    ("CO", "COLORADO"),
    ("CT", "CONNECTICUT"),
    ("DE", "DELAWARE"),
    ("DC", "DISTRICT OF COLUMBIA"),
    ("FL", "FLORIDA"),
    ("GA", "GEORGIA"),
    ("HI", "HAWAII"),
    ("ID", "IDAHO"),
    ("IL", "ILLINOIS"),
    ("IN", "INDIANA"),
    ("IA", "IOWA"),
    ("KS", "KANSAS"),
    ("KY", "KENTUCKY"),
    ("LA", "LOUISIANA"),
    ("ME", "MAINE"),
    ("MD", "MARYLAND"),
    ("MA", "MASSACHUSETTS"),
    ("MI", "MICHIGAN"),
    ("MN", "MINNESOTA"),
    ("MS", "MISSISSIPPI"),
    ("MO", "MISSOURI"),
    ("MT", "MONTANA"),
    ("NE", "NEBRASKA"),
    ("NV", "NEVADA"),
    ("NH", "NEW HAMPSHIRE"),
    ("NJ", "NEW JERSEY"),
    ("NM", "NEW MEXICO"),
    ("NY", "NEW YORK"),
    ("NC", "NORTH CAROLINA"),
    ("ND", "NORTH DAKOTA"),
    ("OH", "OHIO"),
    ("OK", "OKLAHOMA"),
    ("OR", "OREGON"),
    ("PA", "PENNSYLVANIA"),
    ("RI", "RHODE ISLAND"),
    ("SC", "SOUTH CAROLINA"),
    ("SD", "SOUTH DAKOTA"),
    ("TN", "TENNESSEE"),
    ("TX", "TEXAS"),
    ("UT", "UTAH"),
    ("VT", "VERMONT"),
    ("VA", "VIRGINIA"),
    ("WA", "WASHINGTON"),
    ("WV", "WEST VIRGINIA"),
    ("WI", "WISCONSIN"),
    ("WY", "WYOMING"),
];

/// Two-letter codes that are also everyday words (or degrees) in a file name: not read as a state there.
const AMBIGUOUS_CODES: [&str; 8] = ["IN", "OR", "ME", "HI", "OK", "ID", "PA", "DO"];

/// A state named by the file name (`Illinois.xlsx`, `NewJersey.csv`, `ct_board_licenses.csv`) or a title
/// row above the header (`Ohio Department of Medicaid`), with where it was found.
fn state_named(path: &Path, above: &[Vec<String>]) -> Option<(String, String)> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Words of the name: `NewJersey` and `new_jersey` both give NEW JERSEY.
    let mut spaced = String::new();
    let mut prev_lower = false;
    for c in stem.chars() {
        if c.is_ascii_uppercase() && prev_lower {
            spaced.push(' ');
        }
        prev_lower = c.is_ascii_lowercase();
        spaced.push(if c.is_ascii_alphabetic() { c } else { ' ' });
    }
    let words = format!(
        " {} ",
        spaced
            .to_uppercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    if let Some((code, _)) = STATES
        .iter()
        .filter(|(_, name)| words.contains(&format!(" {name} ")))
        .max_by_key(|(_, name)| name.len())
    {
        return Some((code.to_string(), format!("the file name says {code}")));
    }
    for word in words.split_whitespace() {
        if word.len() == 2
            && !AMBIGUOUS_CODES.contains(&word)
            && STATES.iter().any(|(code, _)| *code == word)
        {
            return Some((word.to_string(), format!("the file name says {word}")));
        }
    }
    for row in above {
        let text = format!(" {} ", values::normalize_name(&row.join(" ")));
        if let Some((code, name)) = STATES
            .iter()
            .filter(|(_, name)| text.contains(&format!(" {name} ")))
            .max_by_key(|(_, name)| name.len())
        {
            return Some((
                code.to_string(),
                format!("the title row names {}", title_case(name)),
            ));
        }
    }
    None
}

/// A state's code from its code or its name (`AR`, `Arkansas`).
fn state_code(text: &str) -> Option<String> {
    let t = text.trim().to_uppercase();
    STATES
        .iter()
        .find(|(code, name)| *code == t || *name == t)
        .map(|(code, _)| code.to_string())
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_string() + &c.as_str().to_lowercase())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A file no kind finds a header in: OFAC's `sdn.csv` by its layout, else a list whose columns are guessed
/// from their values (`header = false`).
fn headerless(file: &Path, bytes: &[u8], sdn_aliases: Option<&Path>) -> Option<Guess> {
    let mut spec = SourceSpec::probe(file, Kind::Exclusions);
    spec.headerless = true;
    let peek = ingest::peek(&spec, bytes, 500).ok()?;
    let first = peek.rows.first()?;
    let base =
        |columns: Vec<(String, String)>, profile: Option<Profile>, notes: Vec<String>| Guess {
            name: spec.name.clone(),
            kind: Kind::Exclusions,
            sheet: None,
            sheets: Vec::new(),
            profile,
            header_row: 0,
            headerless: profile.is_none(),
            aliases: None,
            columns,
            groups: Vec::new(),
            state: None,
            name_order_last_first: None,
            date_format: None,
            statuses: Vec::new(),
            notes,
            rows_read: peek.rows.len() as u64,
            rejected: 0,
            unused: Vec::new(),
            license_keys: Vec::new(),
        };
    if ingest::profiles::detect_headerless(first) == Some(Profile::OfacSdn) {
        let mut g = base(Vec::new(), Some(Profile::OfacSdn), Vec::new());
        g.aliases = sdn_aliases.map(Path::to_path_buf);
        if g.aliases.is_none() {
            g.notes.push(
                "no alt.csv beside it: OFAC's aliases are not screened (set `aliases_path`)".into(),
            );
        }
        return Some(g);
    }
    // Columns by the shape of their values: names with a comma, NPIs, two-letter states, dates.
    let width = peek.rows.iter().map(Vec::len).max().unwrap_or(0);
    let share = |i: usize, test: &dyn Fn(&str) -> bool| -> f64 {
        let filled: Vec<&str> = peek
            .rows
            .iter()
            .filter_map(|r| r.get(i).map(String::as_str))
            .filter(|v| !v.is_empty())
            .collect();
        if filled.is_empty() {
            return 0.0;
        }
        filled.iter().filter(|v| test(v)).count() as f64 / filled.len() as f64
    };
    let mut columns = Vec::new();
    let mut dates = Vec::new();
    for i in 0..width {
        let letter = ingest::column_letters(i + 1);
        let has = |f: &str, cols: &Vec<(String, String)>| cols.iter().any(|(c, _)| c == f);
        if !has("full_name", &columns)
            && share(i, &|v| {
                v.contains(", ") && !v.chars().any(|c| c.is_ascii_digit())
            }) > 0.5
        {
            columns.push(("full_name".to_string(), letter));
        } else if !has("npi", &columns)
            && share(i, &|v| values::npi_is_valid(&values::normalize_npi(v))) > 0.9
        {
            columns.push(("npi".to_string(), letter));
        } else if !has("state", &columns)
            && share(i, &|v| v.len() == 2 && STATES.iter().any(|(c, _)| *c == v)) > 0.9
        {
            columns.push(("state".to_string(), letter));
        } else if share(i, &|v| {
            !matches!(values::parse_date(v, None), DateValue::Invalid)
        }) > 0.9
            && share(i, &|v| {
                v.contains(['/', '-']) && matches!(values::parse_date(v, None), DateValue::Date(_))
            }) > 0.3
        {
            dates.push(letter);
        }
    }
    if !columns.iter().any(|(f, _)| f == "full_name" || f == "npi") {
        return None;
    }
    let mut notes = vec![
        "no header row: the columns were judged from their values (a list of excluded people)"
            .to_string(),
    ];
    for (field, letter) in ["exclusion_date", "reinstatement_date"].iter().zip(&dates) {
        columns.push((field.to_string(), letter.clone()));
    }
    if !dates.is_empty() {
        notes.push(format!(
            "date columns {}: the first read as the exclusion date, the second as its end",
            dates.join(", ")
        ));
    }
    let mut g = base(columns, None, notes);
    g.state = state_named(file, &[]).map(|(s, why)| (s, format!("check: {why}")));
    Some(g)
}

fn render(g: &Guess, path: &str) -> String {
    let mut out = String::new();
    let line = |out: &mut String, key: &str, value: String, note: &str| {
        if note.is_empty() {
            let _ = writeln!(out, "{key} = {value}");
        } else {
            let _ = writeln!(out, "{key} = {value}   # {note}");
        }
    };
    let _ = writeln!(out, "\n[[sources]]");
    line(&mut out, "name", toml_str(&g.name), "");
    let kind_note = g
        .notes
        .iter()
        .find(|n| n.starts_with("the header also fits"))
        .map(|n| format!("check: {n}"))
        .unwrap_or_default();
    line(&mut out, "kind", toml_str(g.kind.as_str()), &kind_note);
    line(&mut out, "path", toml_str(path), "");
    if let Some(sheet) = &g.sheet {
        let note = if g.sheets.len() > 1 {
            format!(
                "sheets: {}",
                g.sheets
                    .iter()
                    .map(|s| crate::error::one_line(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            String::new()
        };
        line(&mut out, "sheet", toml_str(sheet), &note);
    }
    if let Some(p) = g.profile {
        let why = if p.headerless() {
            "recognised by its layout (no header row)"
        } else {
            "recognised by its header"
        };
        line(&mut out, "profile", toml_str(p.as_str()), why);
    }
    if let Some(alt) = &g.aliases {
        line(
            &mut out,
            "aliases_path",
            toml_str(&alt.display().to_string()),
            "the SDN list's aliases: each is screened too",
        );
    }
    if g.headerless {
        line(&mut out, "header", "false".into(), "check: no header row");
    } else if g.header_row > 1 {
        line(
            &mut out,
            "header_row",
            g.header_row.to_string(),
            "rows above it are titles or notes",
        );
    }
    if let Some((state, why)) = &g.state {
        line(&mut out, "state", toml_str(state), why);
    }
    if let Some(why) = &g.name_order_last_first {
        line(
            &mut out,
            "name_order",
            toml_str("last_first"),
            &format!("check: {why}"),
        );
    }
    if let Some((format, why)) = &g.date_format {
        line(&mut out, "date_format", toml_str(format), why);
    }
    let payer_column = g.columns.iter().any(|(f, _)| f == "payer");
    if g.kind == Kind::Enrollment && !payer_column && g.profile.is_none() {
        let payer = title_case(&g.name.replace('_', " ").to_uppercase())
            .split(' ')
            .next()
            .unwrap_or("Payer")
            .to_string();
        line(
            &mut out,
            "payer",
            toml_str(&payer),
            "check: the file has no payer column; this names the payer from the file name",
        );
    }
    for note in g
        .notes
        .iter()
        .filter(|n| !n.starts_with("the header also fits"))
    {
        let _ = writeln!(out, "# check: {note}");
    }
    if !g.columns.is_empty() {
        let _ = writeln!(
            out,
            "[sources.columns]   # what credrecon understood; edit where wrong"
        );
        for (field, header) in &g.columns {
            line(&mut out, field, toml_str(header), "");
        }
    }
    let to_place: Vec<&(String, Option<String>, Placed)> = g
        .statuses
        .iter()
        .filter(|(_, _, p)| *p != Placed::Known)
        .collect();
    if !g.statuses.is_empty() {
        let known: Vec<String> = g
            .statuses
            .iter()
            .filter(|(_, _, p)| *p == Placed::Known)
            .map(|(v, c, _)| {
                format!(
                    "{} = {}",
                    crate::error::one_line(v),
                    c.as_deref().unwrap_or("")
                )
            })
            .collect();
        if !known.is_empty() {
            let _ = writeln!(out, "# status values understood: {}", known.join(", "));
        }
    }
    if !to_place.is_empty() {
        let allowed = crate::model::canonical_status_values(g.kind).join(", ");
        let _ = writeln!(
            out,
            "[sources.values.status]   # canonical values: {allowed}"
        );
        for (value, canonical, placed) in to_place {
            match (placed, canonical) {
                (Placed::Guessed, Some(c)) => line(
                    &mut out,
                    &toml_str(value),
                    toml_str(c),
                    "check: a guess from the words of the value",
                ),
                _ => {
                    let _ = writeln!(
                        out,
                        "# {} = \"\"   # check: fill in; until then the value is UNRECOGNIZED_VALUE and not active",
                        toml_str(value)
                    );
                }
            }
        }
    }
    for (label, cols) in &g.groups {
        let ctype = label.split('#').next().unwrap_or(label);
        let _ = writeln!(out, "[[sources.credentials]]   # inferred from the headers");
        line(&mut out, "type", toml_str(ctype), "");
        for (field, header) in cols {
            line(&mut out, field, toml_str(header), "");
        }
    }
    if !g.unused.is_empty() {
        let unused: Vec<String> = g.unused.iter().map(|h| crate::error::one_line(h)).collect();
        let _ = writeln!(out, "# unused columns: {}", unused.join(", "));
    }
    if g.kind != Kind::Nppes {
        let _ = writeln!(
            out,
            "# {} rows read, {} would be rejected",
            g.rows_read, g.rejected
        );
    }
    out
}

/// A file init could not place: a commented-out entry saying why.
fn render_unplaced(path: &str, why: &str) -> String {
    format!(
        "\n# [[sources]]   # check: credrecon could not place this file: {}\n# path = {}\n",
        crate::error::one_line(why),
        toml_str(path)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_names_are_known_whatever_their_case() {
        assert!(is_given_name("Mario"));
        assert!(!is_given_name("Albertucci"));
    }

    #[test]
    fn states_from_file_names_and_title_rows() {
        let named = |p: &str| state_named(Path::new(p), &[]).map(|(s, _)| s);
        assert_eq!(named("Illinois.xlsx").as_deref(), Some("IL"));
        assert_eq!(named("NewJersey.csv").as_deref(), Some("NJ"));
        assert_eq!(named("west_virginia_list.csv").as_deref(), Some("WV"));
        assert_eq!(named("ct_board_licenses.csv").as_deref(), Some("CT"));
        assert_eq!(named("roster.csv"), None);
        // `in` and `pa` are words and degrees before they are states.
        assert_eq!(named("providers_in_pa.csv"), None);
        let title = vec![vec!["Ohio Department of Medicaid".to_string()]];
        assert_eq!(
            state_named(Path::new("list.xlsx"), &title)
                .map(|(s, _)| s)
                .as_deref(),
            Some("OH")
        );
    }

    #[test]
    fn strings_are_valid_toml_whatever_they_hold() {
        for s in [
            "\u{feff}NPI",
            "Name \"quoted\"",
            "back\\slash",
            "tab\there",
            "line\nbreak",
        ] {
            let text = format!("key = {}", toml_str(s));
            let table: toml::Table = toml::from_str(&text).expect("valid TOML");
            assert_eq!(table["key"].as_str(), Some(s));
        }
    }

    #[test]
    fn unknown_statuses_are_guessed_from_their_words() {
        assert_eq!(
            guess_status(Kind::LicenseBoard, "Lapsed - Non Renewal"),
            Some("not_active")
        );
        assert_eq!(
            guess_status(Kind::LicenseBoard, "ACTIVE - RENEWAL PENDING"),
            Some("active")
        );
        assert_eq!(
            guess_status(Kind::Enrollment, "In Credentialing"),
            Some("pending")
        );
        assert_eq!(guess_status(Kind::LicenseBoard, "NONE"), None);
    }
}
