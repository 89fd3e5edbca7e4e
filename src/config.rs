//! The TOML config (SPEC §2) → one validated [`Plan`], passed down by reference.

use crate::error::{Error, Result, closest};
use crate::model::{CREDENTIAL_TYPES, FieldClass, Kind, canonical_status_values};
use crate::values::NameOrder;
use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    organization: Option<String>,
    as_of: Option<toml::Value>,
    out_dir: Option<String>,
    #[serde(default)]
    policy: RawPolicy,
    #[serde(default)]
    sources: Vec<RawSource>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    expiring_within_days: Option<Days>,
    recredential_cycle_months: Option<Months>,
    #[serde(default)]
    recredential_cycle_months_by_state: BTreeMap<String, Months>,
    psv_window: Option<toml::Value>,
    caqh_attestation_days: Option<Days>,
    caqh_expiring_within_days: Option<Days>,
    required_credentials: Option<BTreeMap<String, Vec<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: String,
    kind: Kind,
    path: String,
    sheet: Option<String>,
    member: Option<String>,
    profile: Option<Profile>,
    delimiter: Option<String>,
    quote: Option<RawQuote>,
    encoding: Option<String>,
    date_format: Option<String>,
    header_row: Option<RowNumber>,
    header: Option<bool>,
    aliases_path: Option<String>,
    payer: Option<String>,
    state: Option<String>,
    name_order: Option<RawNameOrder>,
    required: Option<bool>,
    scope: Option<Scope>,
    states: Option<Vec<String>>,
    #[serde(default)]
    columns: BTreeMap<String, String>,
    #[serde(default)]
    values: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    credentials: Vec<RawCredentialGroup>,
}

/// `quote = "none"`: every `"` is text (pipe files of some boards).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawQuote {
    None,
    #[serde(rename = "\"")]
    Double,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RawNameOrder {
    FirstLast,
    LastFirst,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCredentialGroup {
    #[serde(rename = "type")]
    kind: String,
    number: Option<String>,
    state: Option<String>,
    issue_date: Option<String>,
    expiration_date: Option<String>,
    verified_date: Option<String>,
}

/// A built-in file format (SPEC §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    Leie,
    Sam,
    Nppes,
    PecosPpef,
    OfacSdn,
    MedicareOptOut,
    MedicareRevalidation,
}

impl Profile {
    pub const ALL: [Profile; 7] = [
        Profile::Leie,
        Profile::Sam,
        Profile::Nppes,
        Profile::PecosPpef,
        Profile::OfacSdn,
        Profile::MedicareOptOut,
        Profile::MedicareRevalidation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Leie => "leie",
            Profile::Sam => "sam",
            Profile::Nppes => "nppes",
            Profile::PecosPpef => "pecos_ppef",
            Profile::OfacSdn => "ofac_sdn",
            Profile::MedicareOptOut => "medicare_opt_out",
            Profile::MedicareRevalidation => "medicare_revalidation",
        }
    }

    /// The kind of source this format is.
    pub fn kind(self) -> Kind {
        match self {
            Profile::Leie | Profile::Sam | Profile::OfacSdn => Kind::Exclusions,
            Profile::Nppes => Kind::Nppes,
            Profile::PecosPpef => Kind::Enrollment,
            Profile::MedicareOptOut => Kind::OptOut,
            Profile::MedicareRevalidation => Kind::Revalidation,
        }
    }

    /// A format published without a header row: its columns are known by position.
    pub fn headerless(self) -> bool {
        self == Profile::OfacSdn
    }
}

/// Enrollment scope (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Organization,
    National,
}

/// The PSV window: NCQA's by decision date, or a fixed number of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PsvWindow {
    Ncqa,
    Days(u32),
}

impl PsvWindow {
    /// Days allowed between primary-source verification and the credentialing decision.
    pub fn days_for(self, decision: NaiveDate) -> u32 {
        match self {
            PsvWindow::Days(days) => days,
            PsvWindow::Ncqa => {
                let cutover = NaiveDate::from_ymd_opt(2025, 7, 1).expect("valid date");
                if decision < cutover { 180 } else { 120 }
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Policy {
    pub expiring_within_days: u32,
    pub recredential_cycle_months: u32,
    pub recredential_cycle_months_by_state: BTreeMap<String, u32>,
    pub psv_window: PsvWindow,
    pub caqh_attestation_days: u32,
    pub caqh_expiring_within_days: u32,
    /// Degree (upper case) or `default` → required credential types.
    pub required_credentials: BTreeMap<String, Vec<String>>,
}

impl Default for Policy {
    fn default() -> Self {
        let both = |extra: bool| {
            let mut v = vec!["state_license".to_string()];
            if extra {
                v.push("dea".to_string());
                v.push("board_certification".to_string());
            }
            v.push("malpractice".to_string());
            v
        };
        Policy {
            expiring_within_days: 90,
            recredential_cycle_months: 36,
            recredential_cycle_months_by_state: BTreeMap::new(),
            psv_window: PsvWindow::Ncqa,
            caqh_attestation_days: 120,
            caqh_expiring_within_days: 30,
            required_credentials: BTreeMap::from([
                ("default".to_string(), both(false)),
                ("MD".to_string(), both(true)),
                ("DO".to_string(), both(true)),
            ]),
        }
    }
}

impl Policy {
    /// Credential types required for a degree (upper-cased lookup, else `default`).
    /// Degrees compare on their letters (`M.D.` is `MD`); a cell of several (`MD, PhD`) takes the first
    /// that has a list.
    pub fn required_for(&self, degree: &str) -> &[String] {
        crate::values::degree_keys(degree)
            .iter()
            .find_map(|key| self.required_credentials.get(key))
            .or_else(|| self.required_credentials.get("default"))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }
}

/// One wide credential group of a roster: the headers of its columns.
#[derive(Debug, Clone)]
pub struct CredentialGroup {
    pub credential_type: String,
    pub number: Option<String>,
    pub state: Option<String>,
    pub issue_date: Option<String>,
    pub expiration_date: Option<String>,
    pub verified_date: Option<String>,
}

impl CredentialGroup {
    /// (canonical credential field, header) pairs of this group.
    pub fn columns(&self) -> Vec<(&'static str, &str)> {
        [
            ("number", &self.number),
            ("state", &self.state),
            ("issue_date", &self.issue_date),
            ("expiration_date", &self.expiration_date),
            ("verified_date", &self.verified_date),
        ]
        .into_iter()
        .filter_map(|(field, header)| header.as_deref().map(|h| (field, h)))
        .collect()
    }
}

/// One validated source.
#[derive(Debug, Clone)]
pub struct SourceSpec {
    pub name: String,
    pub kind: Kind,
    /// As written in the config (for reports).
    pub path_text: String,
    /// Resolved against the config's folder.
    pub path: PathBuf,
    pub sheet: Option<String>,
    /// `.zip` sources: a glob naming the archive member to read.
    pub member: Option<String>,
    pub profile: Option<Profile>,
    pub delimiter: Option<u8>,
    /// Whether `"` quotes a field (the default); `quote = "none"` reads every `"` as text.
    pub quoting: bool,
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub date_format: Option<crate::values::DateFormat>,
    pub header_row: Option<u32>,
    /// `header = false` (or a headerless format): no header row; `columns` name columns by number.
    pub headerless: bool,
    /// An OFAC SDN list's alias file (`alt.csv`), resolved against the config's folder.
    pub aliases: Option<(String, PathBuf)>,
    pub payer: Option<String>,
    pub state: Option<String>,
    pub name_order: NameOrder,
    pub required: bool,
    /// As configured; see [`SourceSpec::scope_for`].
    pub scope: Option<Scope>,
    pub states: Option<Vec<String>>,
    /// Canonical field → header text.
    pub columns: BTreeMap<String, String>,
    /// Field → (file value, upper-cased and trimmed → canonical value).
    pub values: BTreeMap<String, BTreeMap<String, String>>,
    pub credentials: Vec<CredentialGroup>,
}

/// The validated run plan: config plus command-line overrides.
#[derive(Debug, Clone)]
pub struct Plan {
    pub config_path: PathBuf,
    pub config_sha256: String,
    pub organization: String,
    pub as_of: NaiveDate,
    pub out_dir: PathBuf,
    pub policy: Policy,
    pub sources: Vec<SourceSpec>,
}

/// Options that the command line may override.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub as_of: Option<NaiveDate>,
    pub out_dir: Option<PathBuf>,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes as lower-case hexadecimal (file hashes, finding ids).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whole numbers of the config, read so that a wrong one is explained in words, with the TOML line
/// and column (serde alone would say `expected u32`).
#[derive(Debug, Clone, Copy)]
struct Days(u32);

#[derive(Debug, Clone, Copy)]
struct Months(u32);

/// A row number a person sees: 1 or more.
#[derive(Debug, Clone, Copy)]
struct RowNumber(u32);

impl<'de> Deserialize<'de> for Days {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Whole::new("a whole number of days, 0 or more", 0))
            .map(Days)
    }
}

impl<'de> Deserialize<'de> for Months {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Whole::new("a whole number of months, 0 or more", 0))
            .map(Months)
    }
}

impl<'de> Deserialize<'de> for RowNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Whole::new("a row number, 1 or more", 1))
            .map(RowNumber)
    }
}

/// Accepts an integer from `min` to u32::MAX; anything else is "expected <what>; found `<value>`".
struct Whole {
    what: &'static str,
    min: u64,
}

impl Whole {
    fn new(what: &'static str, min: u64) -> Self {
        Whole { what, min }
    }

    fn wrong<E: serde::de::Error>(&self, found: impl std::fmt::Display) -> E {
        E::custom(format!("expected {}; found `{found}`", self.what))
    }
}

impl serde::de::Visitor<'_> for Whole {
    type Value = u32;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.what)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u32, E> {
        match u64::try_from(v) {
            Ok(v) => self.visit_u64(v),
            Err(_) => Err(self.wrong(v)),
        }
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u32, E> {
        match u32::try_from(v) {
            Ok(n) if v >= self.min => Ok(n),
            _ => Err(self.wrong(v)),
        }
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u32, E> {
        Err(self.wrong(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u32, E> {
        Err(self.wrong(format_args!("{v:?}")))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<u32, E> {
        Err(self.wrong(v))
    }
}

/// Read, parse and validate the config at `path`. Nothing here opens a data file beyond checking it exists.
pub fn load(path: &Path, overrides: &Overrides, today: NaiveDate) -> Result<Plan> {
    let bytes = std::fs::read(path).map_err(|cause| Error::Config {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message: format!(
            "cannot read the config: {cause} — pass the config path, e.g. `credrecon run samples/credrecon.toml`"
        ),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Config {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message: format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
    })?;
    parse(path, &text, overrides, today)
}

/// Parse and validate config text; `path` is where it was read from (paths inside are relative to its folder).
pub fn parse(path: &Path, text: &str, overrides: &Overrides, today: NaiveDate) -> Result<Plan> {
    let text = text.to_string();
    let raw: RawConfig = toml::from_str(&text).map_err(|e| toml_error(path, &text, &e))?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let cfg_err = |message: String| Error::Config {
        path: path.to_path_buf(),
        line: None,
        column: None,
        message,
    };

    let as_of = match (overrides.as_of, &raw.as_of) {
        (Some(d), _) => d,
        (None, Some(value)) => parse_config_date(value).ok_or_else(|| {
            cfg_err(format!(
                "`as_of` must be a date written YYYY-MM-DD, found `{value}`"
            ))
        })?,
        (None, None) => today,
    };
    let out_dir = match (&overrides.out_dir, &raw.out_dir) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dir)) => base.join(dir),
        (None, None) => PathBuf::from("reports"),
    };
    let policy = build_policy(raw.policy, &cfg_err)?;

    if raw.sources.is_empty() {
        return Err(cfg_err(
            "no [[sources]]: add at least the roster (see `credrecon init FILE...` for a starter config)".into(),
        ));
    }
    let mut sources = Vec::with_capacity(raw.sources.len());
    for rs in raw.sources {
        if sources.iter().any(|s: &SourceSpec| s.name == rs.name) {
            return Err(cfg_err(format!(
                "two sources are named `{}`; names must be unique",
                rs.name
            )));
        }
        sources.push(build_source(rs, &base, &cfg_err)?);
    }
    if !sources.iter().any(|s| s.kind == Kind::Roster) {
        return Err(cfg_err(
            "no source has kind = \"roster\"; the roster is what every rule checks".into(),
        ));
    }

    Ok(Plan {
        config_path: path.to_path_buf(),
        config_sha256: sha256_hex(text.as_bytes()),
        organization: raw.organization.unwrap_or_default(),
        as_of,
        out_dir,
        policy,
        sources,
    })
}

fn parse_config_date(value: &toml::Value) -> Option<NaiveDate> {
    let text = match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Datetime(d) => d.to_string(),
        _ => return None,
    };
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn build_policy(raw: RawPolicy, cfg_err: &dyn Fn(String) -> Error) -> Result<Policy> {
    let mut policy = Policy::default();
    if let Some(Days(v)) = raw.expiring_within_days {
        policy.expiring_within_days = v;
    }
    if let Some(Months(v)) = raw.recredential_cycle_months {
        policy.recredential_cycle_months = v;
    }
    for (state, Months(months)) in raw.recredential_cycle_months_by_state {
        policy
            .recredential_cycle_months_by_state
            .insert(state.trim().to_uppercase(), months);
    }
    if let Some(v) = raw.psv_window {
        policy.psv_window = match &v {
            toml::Value::String(s) if s.eq_ignore_ascii_case("ncqa") => PsvWindow::Ncqa,
            toml::Value::Integer(n) if (0..=3650).contains(n) => PsvWindow::Days(*n as u32),
            other => {
                return Err(cfg_err(format!(
                    "[policy] psv_window must be \"ncqa\" or a number of days, found `{other}`"
                )));
            }
        };
    }
    if let Some(Days(v)) = raw.caqh_attestation_days {
        policy.caqh_attestation_days = v;
    }
    if let Some(Days(v)) = raw.caqh_expiring_within_days {
        policy.caqh_expiring_within_days = v;
    }
    if let Some(map) = raw.required_credentials {
        let mut required = BTreeMap::new();
        for (degree, types) in map {
            for t in &types {
                check_credential_type(
                    t,
                    &format!("[policy] required_credentials.{degree}"),
                    cfg_err,
                )?;
            }
            let key = if degree.eq_ignore_ascii_case("default") {
                "default".to_string()
            } else {
                crate::values::degree_keys(&degree)
                    .into_iter()
                    .next()
                    .unwrap_or_default()
            };
            required.insert(key, types);
        }
        policy.required_credentials = required;
    }
    Ok(policy)
}

fn check_credential_type(t: &str, context: &str, cfg_err: &dyn Fn(String) -> Error) -> Result<()> {
    if CREDENTIAL_TYPES.contains(&t) {
        return Ok(());
    }
    let hint = closest(t, CREDENTIAL_TYPES)
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Err(cfg_err(format!(
        "{context}: unknown credential type `{t}`{hint}; known: {}",
        CREDENTIAL_TYPES.join(", ")
    )))
}

fn build_source(
    rs: RawSource,
    base: &Path,
    cfg_err: &dyn Fn(String) -> Error,
) -> Result<SourceSpec> {
    let ctx = format!("source `{}`", rs.name);
    if rs.name.trim().is_empty() {
        return Err(cfg_err("a source has an empty `name`".into()));
    }
    if let Some(profile) = rs.profile
        && profile.kind() != rs.kind
    {
        return Err(cfg_err(format!(
            "{ctx}: profile `{}` is a {} file, but the source has kind = \"{}\"",
            profile.as_str(),
            profile.kind(),
            rs.kind
        )));
    }
    let delimiter = match rs.delimiter.as_deref() {
        None => None,
        Some("," | "comma") => Some(b','),
        Some("\t" | "tab" | "\\t") => Some(b'\t'),
        Some("|" | "pipe") => Some(b'|'),
        Some(";" | "semicolon") => Some(b';'),
        Some(other) => {
            return Err(cfg_err(format!(
                "{ctx}: delimiter `{other}` is not supported; use \",\", \"\\t\", \"|\" or \";\""
            )));
        }
    };
    let encoding = match rs.encoding.as_deref() {
        None => None,
        Some(label) => Some(
            encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
                cfg_err(format!(
                    "{ctx}: unknown encoding `{label}`; use e.g. \"utf-8\" or \"windows-1252\""
                ))
            })?,
        ),
    };
    if let Some(fmt) = &rs.date_format {
        let probe = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).expect("valid date");
        let mut out = String::new();
        if std::fmt::write(&mut out, format_args!("{}", probe.format(fmt))).is_err() {
            return Err(cfg_err(format!(
                "{ctx}: date_format `{fmt}` is not a valid strftime pattern (e.g. \"%m%d%Y\")"
            )));
        }
    }
    // 1 or more, as read.
    let header_row = rs.header_row.map(|RowNumber(n)| n);
    for field in rs.columns.keys() {
        if rs.kind.field(field).is_none() {
            let names = rs.kind.fields().iter().map(|f| f.name);
            let hint = closest(field, names)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(cfg_err(format!(
                "{ctx}: [sources.columns] `{field}` is not a field of kind {}{hint}; fields: {}",
                rs.kind,
                rs.kind
                    .fields()
                    .iter()
                    .map(|f| f.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let headerless = rs.header == Some(false) || rs.profile.is_some_and(Profile::headerless);
    if rs.header == Some(true) && rs.profile.is_some_and(Profile::headerless) {
        return Err(cfg_err(format!(
            "{ctx}: profile `{}` files have no header row; remove `header = true`",
            rs.profile.map_or("", Profile::as_str)
        )));
    }
    if headerless && rs.header_row.is_some() {
        return Err(cfg_err(format!(
            "{ctx}: `header = false` and `header_row` contradict each other; keep one"
        )));
    }
    let mut columns = BTreeMap::new();
    for (field, column) in rs.columns {
        if !headerless {
            columns.insert(field, column);
            continue;
        }
        let Some(n) = column_number(&column) else {
            return Err(cfg_err(format!(
                "{ctx}: [sources.columns] {field} = \"{column}\" — with `header = false` a column is named by its number (\"1\" is the first) or its letter (\"A\")"
            )));
        };
        columns.insert(field, n.to_string());
    }
    if headerless && columns.is_empty() && rs.profile.is_none() {
        return Err(cfg_err(format!(
            "{ctx}: `header = false` needs [sources.columns] naming each field's column by number or letter (e.g. last_name = \"2\")"
        )));
    }
    let aliases = match rs.aliases_path {
        None => None,
        Some(text) => {
            if rs.kind != Kind::Exclusions || rs.profile != Some(Profile::OfacSdn) {
                return Err(cfg_err(format!(
                    "{ctx}: `aliases_path` belongs to an exclusions source with profile = \"ofac_sdn\" (the SDN list's alt.csv)"
                )));
            }
            let path = base.join(&text);
            if !path.is_file() {
                return Err(Error::MissingFile {
                    source_name: rs.name.clone(),
                    path,
                });
            }
            Some((text, path))
        }
    };
    let mut values = BTreeMap::new();
    for (field, map) in rs.values {
        let def = rs
            .kind
            .field(&field)
            .filter(|d| d.class == FieldClass::Status);
        let allowed = canonical_status_values(rs.kind);
        if def.is_none() || allowed.is_empty() {
            return Err(cfg_err(format!(
                "{ctx}: [sources.values.{field}] — only `status` of a roster, enrollment or license_board source takes a value map"
            )));
        }
        let mut upper = BTreeMap::new();
        for (file_value, canonical) in map {
            let canonical = canonical.trim().to_lowercase();
            if !allowed.contains(&canonical.as_str()) {
                return Err(cfg_err(format!(
                    "{ctx}: [sources.values.{field}] maps `{file_value}` to `{canonical}`; use one of {}",
                    allowed.join(", ")
                )));
            }
            upper.insert(normalize_value_key(&file_value), canonical);
        }
        values.insert(field, upper);
    }
    let mut credentials = Vec::new();
    for g in rs.credentials {
        if rs.kind != Kind::Roster {
            return Err(cfg_err(format!(
                "{ctx}: [[sources.credentials]] groups belong to a roster source"
            )));
        }
        check_credential_type(&g.kind, &format!("{ctx}: [[sources.credentials]]"), cfg_err)?;
        if g.expiration_date.is_none() && g.number.is_none() {
            return Err(cfg_err(format!(
                "{ctx}: credential group `{}` names neither a `number` nor an `expiration_date` column",
                g.kind
            )));
        }
        credentials.push(CredentialGroup {
            credential_type: g.kind,
            number: g.number,
            state: g.state,
            issue_date: g.issue_date,
            expiration_date: g.expiration_date,
            verified_date: g.verified_date,
        });
    }
    if let Some(glob) = &rs.member
        && !crate::ingest::archive::is_zip(Path::new(&rs.path))
    {
        return Err(cfg_err(format!(
            "{ctx}: `member = \"{glob}\"` names a member of a .zip archive, but `path` is not a .zip — remove `member`, or set `path` to the archive"
        )));
    }
    let path = base.join(&rs.path);
    if path.is_dir() {
        return Err(Error::FolderNotFile {
            source_name: rs.name,
            path,
        });
    }
    if !path.is_file() {
        return Err(Error::MissingFile {
            source_name: rs.name,
            path,
        });
    }
    Ok(SourceSpec {
        kind: rs.kind,
        path_text: rs.path,
        path,
        sheet: rs.sheet,
        member: rs.member,
        profile: rs.profile,
        delimiter,
        quoting: !matches!(rs.quote, Some(RawQuote::None)),
        encoding,
        date_format: rs
            .date_format
            .as_deref()
            .map(crate::values::DateFormat::new),
        header_row,
        headerless,
        aliases,
        payer: rs.payer,
        state: rs.state.map(|s| s.trim().to_uppercase()),
        name_order: match rs.name_order {
            Some(RawNameOrder::LastFirst) => NameOrder::LastFirst,
            _ => NameOrder::FirstLast,
        },
        required: rs.required.unwrap_or(true),
        scope: rs.scope,
        states: rs
            .states
            .map(|v| v.iter().map(|s| s.trim().to_uppercase()).collect()),
        columns,
        values,
        credentials,
        name: rs.name,
    })
}

/// A column named by number (`"3"`, from 1) or spreadsheet letter (`"C"`, `"AA"`): its number from 1.
pub fn column_number(text: &str) -> Option<usize> {
    let t = text.trim();
    if let Ok(n) = t.parse::<usize>() {
        return (n >= 1).then_some(n);
    }
    if t.is_empty() || t.len() > 3 || !t.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(t.chars().fold(0, |n, c| {
        n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1)
    }))
}

/// How a status cell and a `values` key are compared: trimmed, inner spaces collapsed, upper case.
pub fn normalize_value_key(value: &str) -> String {
    value
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase()
}

/// One line from a TOML error: the line number, the message, and a "did you mean" for unknown keys.
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> Error {
    // Line and column (in characters, from 1) of where the parser stopped.
    let before = e.span().map(|span| {
        let end = (0..=span.start.min(text.len()))
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        &text[..end]
    });
    let line = before.map(|b| b.matches('\n').count() + 1);
    let column = before.map(|b| b.rsplit('\n').next().unwrap_or(b).chars().count() + 1);
    let message = e.message().trim().replace('\n', " ");
    let ticked: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let hint = if (message.starts_with("unknown field") || message.starts_with("unknown variant"))
        && ticked.len() > 1
    {
        closest(ticked[0], ticked[1..].iter().copied())
            .map(|s| format!(" — did you mean `{s}`?"))
            .unwrap_or_default()
    } else {
        // A syntax error: quote the text the parser stopped at, when it is short.
        e.span()
            .and_then(|span| text.get(span))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.chars().count() <= 60 && !t.contains('\n'))
            // A message that already quotes the text (`found `-5``) needs no second quote.
            .filter(|t| !message.contains(&format!("`{t}`")))
            .map(|t| format!(", at `{t}`"))
            .unwrap_or_default()
    };
    Error::Config {
        path: path.to_path_buf(),
        line,
        column,
        message: format!("{message}{hint}"),
    }
}

impl SourceSpec {
    /// The enrollment scope: as configured, else `national` for a national format (PECOS), else `organization`.
    pub fn scope_for(&self, profile: Option<Profile>) -> Scope {
        let national = profile.is_some_and(|p| crate::ingest::profiles::def(p).national);
        self.scope.unwrap_or(if national {
            Scope::National
        } else {
            Scope::Organization
        })
    }

    /// A source with every option at its default, for inspecting a file (`credrecon init`).
    pub fn probe(path: &Path, kind: Kind) -> Self {
        let name = path
            .file_stem()
            .map(|s| {
                s.to_string_lossy()
                    .to_lowercase()
                    .replace([' ', '-', '.'], "_")
            })
            .unwrap_or_else(|| "source".to_string());
        SourceSpec {
            name,
            kind,
            path_text: path.display().to_string(),
            path: path.to_path_buf(),
            sheet: None,
            member: None,
            profile: None,
            delimiter: None,
            quoting: true,
            encoding: None,
            date_format: None,
            header_row: None,
            headerless: false,
            aliases: None,
            payer: None,
            state: None,
            name_order: NameOrder::FirstLast,
            required: true,
            scope: None,
            states: None,
            columns: BTreeMap::new(),
            values: BTreeMap::new(),
            credentials: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ncqa_window_depends_on_the_decision_date() {
        let march = NaiveDate::from_ymd_opt(2025, 3, 15).unwrap();
        let july = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        assert_eq!(PsvWindow::Ncqa.days_for(march), 180);
        assert_eq!(PsvWindow::Ncqa.days_for(july), 120);
        assert_eq!(PsvWindow::Days(90).days_for(march), 90);
    }

    #[test]
    fn toml_syntax_error_names_line_column_and_text() {
        let text = "organization = \"x\"\n[policy]\nrecredential_cycle_months = 36 months\n";
        let e = toml::from_str::<RawConfig>(text).unwrap_err();
        let message = toml_error(Path::new("c.toml"), text, &e).to_string();
        assert!(
            message.starts_with("config `c.toml`, line 3, column 29: "),
            "{message}"
        );
        assert!(message.ends_with(", at `36 months`"), "{message}");
    }

    #[test]
    fn required_credentials_fall_back_to_default() {
        let policy = Policy::default();
        assert_eq!(policy.required_for("md").len(), 4);
        assert_eq!(policy.required_for("NP"), ["state_license", "malpractice"]);
    }
}
