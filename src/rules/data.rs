//! Typed rows of the canonical frames, as the rules read them. Built once per run from the loaded sources.

use crate::config::{Plan, Scope, SourceSpec};
use crate::ingest::{Loaded, Table};
use crate::model::{CredentialType, Kind};
use crate::values;
use chrono::NaiveDate;

/// Where a row came from: the source, its file (as the config names it) and the row a person sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// Shared by every row of a source.
    pub source: std::sync::Arc<str>,
    pub file: std::sync::Arc<str>,
    pub row: u64,
}

/// A frame's columns by name, each taken out of the frame once.
struct Cols<'a> {
    frame: &'a mut Table,
}

impl Cols<'_> {
    fn text(&mut self, name: &str) -> Vec<String> {
        self.frame.take_text(name)
    }

    fn date(&self, name: &str) -> Vec<Option<NaiveDate>> {
        self.frame.dates(name)
    }

    fn origins(&self, source: &str, file: &str) -> Vec<Origin> {
        let (source, file): (std::sync::Arc<str>, std::sync::Arc<str>) =
            (source.into(), file.into());
        self.frame
            .rows()
            .iter()
            .map(|&row| Origin {
                source: source.clone(),
                file: file.clone(),
                row,
            })
            .collect()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Provider {
    pub provider_id: String,
    /// Spaces and hyphens removed.
    pub npi: String,
    pub npi_raw: String,
    pub npi_valid: bool,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub suffix: String,
    /// Former, maiden or other last names from the roster (`other_last_names`).
    pub other_last_names: Vec<String>,
    pub dob: Option<NaiveDate>,
    pub degree: String,
    pub specialty: String,
    pub tax_id: String,
    pub status: values::Stated<values::RosterStatus>,
    pub status_text: String,
    pub start_date: Option<NaiveDate>,
    pub termination_date: Option<NaiveDate>,
    pub last_credentialed_date: Option<NaiveDate>,
    pub next_recredential_date: Option<NaiveDate>,
    pub caqh_id: String,
    pub caqh_attestation_date: Option<NaiveDate>,
    pub origin: Origin,
}

impl Provider {
    /// Checked by the rules: status active (an empty status counts as active; an unrecognised one does not)
    /// and no termination date on or before as_of.
    pub fn is_active(&self, as_of: NaiveDate) -> bool {
        matches!(
            self.status,
            values::Stated::Missing | values::Stated::Is(values::RosterStatus::Active)
        ) && self.termination_date.is_none_or(|d| d > as_of)
    }

    /// Terminated on the roster: status terminated, or a termination date on or before as_of.
    pub fn is_terminated(&self, as_of: NaiveDate) -> bool {
        self.status == values::Stated::Is(values::RosterStatus::Terminated)
            || self.termination_date.is_some_and(|d| d <= as_of)
    }

    /// "Last, First Middle" for reports.
    pub fn display_name(&self) -> String {
        let given = [self.first_name.as_str(), self.middle_name.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        match (self.last_name.is_empty(), given.is_empty()) {
            (false, false) => format!("{}, {given}", self.last_name),
            (false, true) => self.last_name.clone(),
            (true, _) => given,
        }
    }
}

/// A credential of a provider, from a roster credential group or a credentials source.
#[derive(Debug, Clone, Default)]
pub struct Credential {
    /// Index into `Data::providers`.
    pub provider: usize,
    pub credential_type: CredentialType,
    pub number: String,
    pub state: String,
    pub issue_date: Option<NaiveDate>,
    pub expiration_date: Option<NaiveDate>,
    pub verified_date: Option<NaiveDate>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default)]
pub struct EnrollmentRow {
    /// Index into `Data::sources`.
    pub source: usize,
    pub npi: String,
    pub payer: String,
    pub last_name: String,
    pub first_name: String,
    pub payer_provider_id: String,
    pub tax_id: String,
    pub specialty: String,
    pub state: String,
    pub status: values::Stated<values::EnrollmentStatus>,
    pub status_text: String,
    pub effective_date: Option<NaiveDate>,
    pub termination_date: Option<NaiveDate>,
    pub origin: Origin,
}

impl EnrollmentRow {
    /// SPEC §4: status active (no status column counts as active), effective on or before as_of (if any),
    /// terminated after as_of (if any).
    pub fn is_active(&self, as_of: NaiveDate) -> bool {
        matches!(
            self.status,
            values::Stated::Missing | values::Stated::Is(values::EnrollmentStatus::Active)
        ) && self.effective_date.is_none_or(|d| d <= as_of)
            && self.termination_date.is_none_or(|d| d > as_of)
    }
}

#[derive(Debug, Clone, Default)]
pub struct BoardRecord {
    pub source: usize,
    pub license_number: String,
    pub state: String,
    pub last_name: String,
    pub first_name: String,
    pub license_type: String,
    pub status: values::Stated<values::BoardStatus>,
    pub status_text: String,
    /// On probation: the status says so, or its text does (`Suspended/Probation` is not active *and* on
    /// probation, which no one status word says; a config mapping a probation text to `active` does not
    /// hide it either). Read once per distinct status text of the file.
    pub on_probation: bool,
    pub issue_date: Option<NaiveDate>,
    pub expiration_date: Option<NaiveDate>,
    pub discipline: String,
    pub origin: Origin,
}

impl BoardRecord {
    /// Active or on probation, or no status given; not active or unrecognised is not.
    pub fn is_active(&self) -> bool {
        match self.status {
            values::Stated::Missing => true,
            values::Stated::Is(s) => s.active,
            values::Stated::Unrecognized => false,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct NppesRecord {
    pub source: usize,
    pub npi: String,
    pub entity_type: String,
    pub last_name: String,
    pub first_name: String,
    pub deactivation_date: Option<NaiveDate>,
    pub reactivation_date: Option<NaiveDate>,
    /// (state, strict key, number as written)
    pub licenses: Vec<(String, String, String)>,
    /// The provider's other name (last, first, type code: 1 former, 2 professional, 5 other).
    pub other_name: Option<(String, String, String)>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Default)]
pub struct ExclusionRow {
    pub source: usize,
    pub last_name: String,
    pub first_name: String,
    pub middle_name: String,
    pub business_name: String,
    /// Every valid-looking NPI of the cell (a cell may hold several).
    pub npis: Vec<String>,
    pub npi_text: String,
    pub dob: Option<NaiveDate>,
    /// Dates of birth read from remarks (OFAC), full dates or years.
    pub birth_dates: Vec<values::BirthDate>,
    /// Other names of the entry (OFAC aliases), each split like a full name.
    pub aliases: Vec<values::PersonName>,
    pub states: Vec<String>,
    pub exclusion_type: String,
    pub exclusion_date: Option<NaiveDate>,
    pub reinstatement_date: Option<NaiveDate>,
    /// An LEIE waiver: the exclusion is waived in that state from that date.
    pub waiver_date: Option<NaiveDate>,
    pub waiver_state: String,
    pub origin: Origin,
}

impl ExclusionRow {
    /// SPEC §4: excluded on or before as_of (or no date), and no reinstatement/end on or before as_of.
    pub fn in_force(&self, as_of: NaiveDate) -> bool {
        self.exclusion_date.is_none_or(|d| d <= as_of)
            && self.reinstatement_date.is_none_or(|d| d > as_of)
    }

    pub fn is_person(&self) -> bool {
        !self.last_name.is_empty() || !self.first_name.is_empty()
    }

    /// Every date of birth the row gives: its `dob` and those read from remarks.
    pub fn dobs(&self) -> impl Iterator<Item = values::BirthDate> + '_ {
        self.dob
            .map(values::BirthDate::Date)
            .into_iter()
            .chain(self.birth_dates.iter().copied())
    }
}

/// A Medicare opt-out affidavit (SPEC 3.1 `opt_out`).
#[derive(Debug, Clone, Default)]
pub struct OptOutRow {
    pub source: usize,
    pub npi: String,
    pub last_name: String,
    pub first_name: String,
    pub specialty: String,
    pub state: String,
    pub effective_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub origin: Origin,
}

impl OptOutRow {
    /// Opted out on as_of: effective on or before it, and not ended before it.
    pub fn in_force(&self, as_of: NaiveDate) -> bool {
        self.effective_date.is_some_and(|d| d <= as_of) && self.end_date.is_none_or(|d| d >= as_of)
    }
}

/// A Medicare revalidation due date (SPEC 3.1 `revalidation`).
#[derive(Debug, Clone, Default)]
pub struct RevalidationRow {
    pub source: usize,
    pub npi: String,
    pub last_name: String,
    pub first_name: String,
    pub enrollment_id: String,
    pub state: String,
    pub due_date: Option<NaiveDate>,
    pub adjusted_due_date: Option<NaiveDate>,
    pub origin: Origin,
}

impl RevalidationRow {
    /// The date revalidation is due: the adjusted due date when there is one (SPEC 4).
    pub fn due(&self) -> Option<NaiveDate> {
        self.adjusted_due_date.or(self.due_date)
    }
}

/// A source as the rules see it.
#[derive(Debug, Clone)]
pub struct SourceInfo {
    pub name: String,
    pub file: String,
    pub kind: Kind,
    pub payer: Option<String>,
    pub required: bool,
    pub scope: Scope,
    pub states: Option<Vec<String>>,
    /// Names truncated at (last, first) characters.
    pub truncation: Option<(usize, usize)>,
    /// An enrollment source with a payer column: the config's `payer` only fills its empty cells.
    pub payer_column: bool,
}

/// Everything the rules read.
#[derive(Debug, Default)]
pub struct Data {
    pub sources: Vec<SourceInfo>,
    pub providers: Vec<Provider>,
    pub credentials: Vec<Credential>,
    pub enrollments: Vec<EnrollmentRow>,
    pub board: Vec<BoardRecord>,
    pub nppes: Vec<NppesRecord>,
    pub exclusions: Vec<ExclusionRow>,
    pub opt_outs: Vec<OptOutRow>,
    pub revalidations: Vec<RevalidationRow>,
    /// Value issues (invalid dates, unrecognised values) by source index.
    pub issues: Vec<(usize, crate::ingest::ValueIssue)>,
    /// Credential indexes per provider index, built once so no rule scans every credential per provider.
    pub by_provider: Vec<Vec<usize>>,
    /// States some license_board source covers → the first such source's index.
    pub board_states: std::collections::BTreeMap<String, usize>,
}

impl Data {
    /// Build the typed rows of every loaded source, taking the values out of their frames (the frames are
    /// left empty; the counts and mappings stay for the reports). `plan.sources[i]` is the config entry of
    /// `loaded[i]`.
    pub fn build(plan: &Plan, loaded: &mut [Loaded]) -> Data {
        let mut data = Data::default();
        for (i, (spec, l)) in plan.sources.iter().zip(loaded.iter()).enumerate() {
            data.sources.push(source_info(spec, l));
            for state in &l.states {
                data.board_states.entry(state.clone()).or_insert(i);
            }
            for issue in &l.issues {
                data.issues.push((i, issue.clone()));
            }
        }
        // Roster and credentials rows need the providers before them, in config order, in one job. The
        // other sources are converted side by side, each into a part, the largest first; the parts are
        // then appended in config order.
        let (own, reference): (Vec<_>, Vec<_>) = plan
            .sources
            .iter()
            .zip(loaded.iter_mut())
            .enumerate()
            .partition(|(_, (_, l))| matches!(l.kind, Kind::Roster | Kind::Credentials));
        let own_rows = own.iter().map(|(_, (_, l))| l.rows_read).sum();
        let mut jobs = vec![crate::parallel::Job::new(own_rows, || {
            for (i, (spec, l)) in own {
                data.add_source(i, spec, l);
            }
            None
        })];
        for (i, (spec, l)) in reference {
            jobs.push(crate::parallel::Job::new(
                l.frame.height() as u64,
                move || {
                    let mut part = Data::default();
                    part.add_source(i, spec, l);
                    Some(part)
                },
            ));
        }
        let mut parts: Vec<Data> = crate::parallel::largest_first(jobs)
            .into_iter()
            .flatten()
            .collect();
        macro_rules! append_parts {
            ($($rows:ident),*) => {$(
                data.$rows = concat(
                    std::iter::once(&mut data.$rows).chain(parts.iter_mut().map(|p| &mut p.$rows)),
                );
            )*};
        }
        append_parts!(
            enrollments,
            board,
            nppes,
            exclusions,
            opt_outs,
            revalidations
        );
        data.index();
        data
    }

    /// Convert the rows of source `i`, taking them out of its frames.
    fn add_source(&mut self, i: usize, spec: &SourceSpec, l: &mut Loaded) {
        let file = spec.path_text.clone();
        let mut frame = std::mem::replace(&mut l.frame, Table::new(&[]));
        let mut detail = l.detail.take();
        let mut c = Cols { frame: &mut frame };
        let origins = c.origins(&l.name, &file);
        // One record per row (more for a cell of several numbers): room made once, not by doubling.
        let rows = origins.len();
        match l.kind {
            Kind::Roster => self.providers.reserve(rows),
            Kind::Credentials => self.credentials.reserve(rows),
            Kind::Enrollment => self.enrollments.reserve(rows),
            Kind::LicenseBoard => self.board.reserve(rows),
            Kind::Nppes => self.nppes.reserve(rows),
            Kind::Exclusions => self.exclusions.reserve(rows),
            Kind::OptOut => self.opt_outs.reserve(rows),
            Kind::Revalidation => self.revalidations.reserve(rows),
        }
        match l.kind {
            Kind::Roster => self.add_roster(&l.name, detail.as_mut(), &mut c, origins, &file),
            Kind::Credentials => {
                let unknown = self.add_credentials(&mut c, origins);
                reject_unknown_providers(l, unknown);
            }
            Kind::Enrollment => self.add_enrollment(i, &mut c, origins),
            Kind::LicenseBoard => self.add_board(i, &mut c, origins),
            Kind::Nppes => self.add_nppes(i, detail.as_mut(), &mut c, origins),
            Kind::Exclusions => {
                self.add_exclusions(i, &mut c, origins, l.aliases.as_ref());
            }
            Kind::OptOut => self.add_opt_out(i, &mut c, origins),
            Kind::Revalidation => self.add_revalidation(i, &mut c, origins),
        }
    }

    fn index(&mut self) {
        self.by_provider = vec![Vec::new(); self.providers.len()];
        for (i, c) in self.credentials.iter().enumerate() {
            self.by_provider[c.provider].push(i);
        }
    }

    /// The credentials of one provider, with their indexes.
    pub fn credentials_of(&self, provider: usize) -> impl Iterator<Item = (usize, &Credential)> {
        self.by_provider
            .get(provider)
            .into_iter()
            .flatten()
            .map(|&i| (i, &self.credentials[i]))
    }

    /// The state licenses of one provider.
    pub fn licenses_of(&self, provider: usize) -> impl Iterator<Item = &Credential> {
        self.credentials_of(provider)
            .map(|(_, c)| c)
            .filter(|c| c.credential_type == CredentialType::StateLicense)
    }

    fn add_roster(
        &mut self,
        name: &str,
        detail: Option<&mut Table>,
        c: &mut Cols,
        origins: Vec<Origin>,
        file: &str,
    ) {
        let first_provider = self.providers.len();
        let (mut npi, mut ids) = (c.text("npi"), c.text("provider_id"));
        let other_last = c.text("other_last_names");
        let (mut last, mut first, mut middle, mut suffix) = (
            c.text("last_name"),
            c.text("first_name"),
            c.text("middle_name"),
            c.text("suffix"),
        );
        let (mut degree, mut specialty, mut tax_id) =
            (c.text("degree"), c.text("specialty"), c.text("tax_id"));
        let (status, mut status_text, mut caqh_id) =
            (c.text("status"), c.text("status_text"), c.text("caqh_id"));
        let (dob, start, term) = (
            c.date("dob"),
            c.date("start_date"),
            c.date("termination_date"),
        );
        let (last_cred, next_recred, caqh) = (
            c.date("last_credentialed_date"),
            c.date("next_recredential_date"),
            c.date("caqh_attestation_date"),
        );
        for (i, origin) in origins.into_iter().enumerate() {
            // An NPI of zeros only is a placeholder: no NPI (its text stays for the NPI_MISSING finding).
            let npi_norm = if values::is_zero_placeholder(&npi[i]) {
                String::new()
            } else {
                values::normalize_npi(&npi[i])
            };
            self.providers.push(Provider {
                provider_id: std::mem::take(&mut ids[i]),
                npi_valid: values::npi_is_valid(&npi_norm),
                npi: npi_norm,
                npi_raw: std::mem::take(&mut npi[i]),
                last_name: std::mem::take(&mut last[i]),
                first_name: std::mem::take(&mut first[i]),
                middle_name: std::mem::take(&mut middle[i]),
                suffix: std::mem::take(&mut suffix[i]),
                other_last_names: other_last_names(&other_last[i]),
                dob: dob[i],
                degree: std::mem::take(&mut degree[i]),
                specialty: std::mem::take(&mut specialty[i]),
                tax_id: std::mem::take(&mut tax_id[i]),
                status: values::Stated::from_canonical(&status[i]),
                status_text: std::mem::take(&mut status_text[i]),
                start_date: start[i],
                termination_date: term[i],
                last_credentialed_date: last_cred[i],
                next_recredential_date: next_recred[i],
                caqh_id: std::mem::take(&mut caqh_id[i]),
                caqh_attestation_date: caqh[i],
                origin,
            });
        }
        if let Some(detail) = detail {
            // Credential groups of this roster: their rows are the provider rows they came from.
            let row_to_provider: std::collections::HashMap<u64, usize> = self.providers
                [first_provider..]
                .iter()
                .enumerate()
                .map(|(k, p)| (p.origin.row, first_provider + k))
                .collect();
            let mut d = Cols { frame: detail };
            let origins = d.origins(name, file);
            self.push_credentials(&mut d, origins, |_, _, row| {
                row_to_provider.get(&row).copied()
            });
        }
    }

    /// Returns the rows whose provider is on no roster row, with the provider they name.
    fn add_credentials(&mut self, c: &mut Cols, origins: Vec<Origin>) -> Vec<(u64, String)> {
        let by_id: std::collections::HashMap<String, usize> = self
            .providers
            .iter()
            .enumerate()
            .rev()
            .map(|(i, p)| (p.provider_id.clone(), i))
            .collect();
        let by_npi: std::collections::HashMap<String, usize> = self
            .providers
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, p)| !p.npi.is_empty())
            .map(|(i, p)| (p.npi.clone(), i))
            .collect();
        self.push_credentials(c, origins, |id, npi, _| {
            by_id
                .get(id)
                .or_else(|| by_npi.get(&values::normalize_npi(npi)))
                .copied()
        })
    }

    fn push_credentials(
        &mut self,
        c: &mut Cols,
        origins: Vec<Origin>,
        owner: impl Fn(&str, &str, u64) -> Option<usize>,
    ) -> Vec<(u64, String)> {
        let mut unknown = Vec::new();
        let (ids, npis, types, mut numbers, mut states) = (
            c.text("provider_id"),
            c.text("npi"),
            c.text("type"),
            c.text("number"),
            c.text("state"),
        );
        let (issue, exp, verified) = (
            c.date("issue_date"),
            c.date("expiration_date"),
            c.date("verified_date"),
        );
        // A file has a handful of distinct type texts: each is normalized once.
        let mut kinds: rustc_hash::FxHashMap<&str, CredentialType> =
            rustc_hash::FxHashMap::default();
        for (i, origin) in origins.into_iter().enumerate() {
            let Some(provider) = owner(&ids[i], &npis[i], origin.row) else {
                let named = if ids[i].is_empty() { &npis[i] } else { &ids[i] };
                unknown.push((origin.row, named.clone()));
                continue;
            };
            let credential_type = kinds
                .entry(types[i].as_str())
                .or_insert_with(|| CredentialType::from_cell(&types[i]))
                .clone();
            let state = upper(&mut states[i]);
            self.credentials.push(Credential {
                provider,
                credential_type,
                number: std::mem::take(&mut numbers[i]),
                state,
                issue_date: issue[i],
                expiration_date: exp[i],
                verified_date: verified[i],
                origin,
            });
        }
        unknown
    }

    fn add_enrollment(&mut self, source: usize, c: &mut Cols, origins: Vec<Origin>) {
        let (npi, mut payer, mut last, mut first, mut ppid) = (
            c.text("npi"),
            c.text("payer"),
            c.text("last_name"),
            c.text("first_name"),
            c.text("payer_provider_id"),
        );
        let (mut tax, mut spec, mut state, status, mut status_text) = (
            c.text("tax_id"),
            c.text("specialty"),
            c.text("state"),
            c.text("status"),
            c.text("status_text"),
        );
        let (eff, term) = (c.date("effective_date"), c.date("termination_date"));
        for (i, origin) in origins.into_iter().enumerate() {
            // A cell of several NPIs (SPEC 3.1): the row counts as each provider's.
            let mut cell_npis = values::split_identifiers(&npi[i]);
            let npi = cell_npis
                .pop()
                .map(|n| values::normalize_npi(&n))
                .unwrap_or_default();
            let at = self.enrollments.len();
            self.enrollments.push(EnrollmentRow {
                source,
                npi,
                payer: std::mem::take(&mut payer[i]),
                last_name: std::mem::take(&mut last[i]),
                first_name: std::mem::take(&mut first[i]),
                payer_provider_id: std::mem::take(&mut ppid[i]),
                tax_id: std::mem::take(&mut tax[i]),
                specialty: std::mem::take(&mut spec[i]),
                state: std::mem::take(&mut state[i]),
                status: values::Stated::from_canonical(&status[i]),
                status_text: std::mem::take(&mut status_text[i]),
                effective_date: eff[i],
                termination_date: term[i],
                origin,
            });
            for other in cell_npis {
                let mut row = self.enrollments[at].clone();
                row.npi = values::normalize_npi(&other);
                self.enrollments.push(row);
            }
        }
    }

    fn add_board(&mut self, source: usize, c: &mut Cols, origins: Vec<Origin>) {
        let (mut number, mut state, mut last, mut first, mut ltype) = (
            c.text("license_number"),
            c.text("state"),
            c.text("last_name"),
            c.text("first_name"),
            c.text("license_type"),
        );
        let (status, mut status_text, mut discipline) = (
            c.text("status"),
            c.text("status_text"),
            c.text("discipline"),
        );
        let (issue, exp) = (c.date("issue_date"), c.date("expiration_date"));
        let mut probation_of: rustc_hash::FxHashMap<String, bool> = Default::default();
        for (i, origin) in origins.into_iter().enumerate() {
            let stated: values::Stated<values::BoardStatus> =
                values::Stated::from_canonical(&status[i]);
            let text = std::mem::take(&mut status_text[i]);
            let on_probation = matches!(stated, values::Stated::Is(s) if s.discipline)
                || match probation_of.get(&text) {
                    Some(&known) => known,
                    None => {
                        let said = values::board_status(&text).is_some_and(|s| s.discipline);
                        probation_of.insert(text.clone(), said);
                        said
                    }
                };
            // A cell of several license numbers (SPEC 3.1): one record per number.
            let mut numbers = values::split_identifiers(&number[i]);
            let license_number = numbers
                .pop()
                .unwrap_or_else(|| std::mem::take(&mut number[i]));
            let at = self.board.len();
            self.board.push(BoardRecord {
                source,
                license_number,
                state: upper(&mut state[i]),
                last_name: std::mem::take(&mut last[i]),
                first_name: std::mem::take(&mut first[i]),
                license_type: std::mem::take(&mut ltype[i]),
                status: stated,
                status_text: text,
                on_probation,
                issue_date: issue[i],
                expiration_date: exp[i],
                discipline: std::mem::take(&mut discipline[i]),
                origin,
            });
            for other in numbers {
                let mut record = self.board[at].clone();
                record.license_number = other;
                self.board.push(record);
            }
        }
    }

    fn add_nppes(
        &mut self,
        source: usize,
        detail: Option<&mut Table>,
        c: &mut Cols,
        origins: Vec<Origin>,
    ) {
        let (npi, mut entity, mut last, mut first) = (
            c.text("npi"),
            c.text("entity_type"),
            c.text("last_name"),
            c.text("first_name"),
        );
        let (deact, react) = (c.date("deactivation_date"), c.date("reactivation_date"));
        let (mut other_last, mut other_first, mut other_type) = (
            c.text("other_last_name"),
            c.text("other_first_name"),
            c.text("other_name_type"),
        );
        let mut licenses: std::collections::HashMap<String, Vec<(String, String, String)>> =
            std::collections::HashMap::new();
        if let Some(detail) = detail {
            let mut d = Cols { frame: detail };
            let (n, mut num, mut st) = (
                d.text("npi"),
                d.text("license_number"),
                d.text("license_state"),
            );
            for i in 0..n.len() {
                licenses
                    .entry(values::normalize_npi(&n[i]))
                    .or_default()
                    .push((
                        upper(&mut st[i]),
                        values::license_key(&num[i]),
                        std::mem::take(&mut num[i]),
                    ));
            }
        }
        // A generic NPPES-like file may carry one license per row in the frame itself.
        let (mut num, mut st) = (c.text("license_number"), c.text("license_state"));
        for (i, origin) in origins.into_iter().enumerate() {
            let npi = values::normalize_npi(&npi[i]);
            let mut lic = licenses.get(&npi).cloned().unwrap_or_default();
            if !num[i].is_empty() {
                lic.push((
                    upper(&mut st[i]),
                    values::license_key(&num[i]),
                    std::mem::take(&mut num[i]),
                ));
            }
            self.nppes.push(NppesRecord {
                source,
                npi,
                entity_type: std::mem::take(&mut entity[i]),
                last_name: std::mem::take(&mut last[i]),
                first_name: std::mem::take(&mut first[i]),
                deactivation_date: deact[i],
                reactivation_date: react[i],
                licenses: lic,
                other_name: (!other_last[i].is_empty()).then(|| {
                    (
                        std::mem::take(&mut other_last[i]),
                        std::mem::take(&mut other_first[i]),
                        std::mem::take(&mut other_type[i]),
                    )
                }),
                origin,
            });
        }
    }

    fn add_exclusions(
        &mut self,
        source: usize,
        c: &mut Cols,
        origins: Vec<Origin>,
        aliases: Option<&crate::ingest::ofac::Aliases>,
    ) {
        let (entry, births) = (c.text("entry_id"), c.text("birth_dates"));
        let (mut last, mut first, mut middle, mut business, mut npi) = (
            c.text("last_name"),
            c.text("first_name"),
            c.text("middle_name"),
            c.text("business_name"),
            c.text("npi"),
        );
        let (state, mut etype, mut wstate) = (
            c.text("state"),
            c.text("exclusion_type"),
            c.text("waiver_state"),
        );
        let waiver = c.date("waiver_date");
        let (dob, excl, rein) = (
            c.date("dob"),
            c.date("exclusion_date"),
            c.date("reinstatement_date"),
        );
        for (i, origin) in origins.into_iter().enumerate() {
            let npis = values::split_identifiers(&npi[i])
                .iter()
                .map(|n| values::normalize_npi(n))
                .filter(|n| values::npi_is_valid(n))
                .collect();
            let states = values::split_identifiers(&state[i])
                .into_iter()
                .map(|s| s.to_uppercase())
                .collect();
            // Aliases are other names of a person: an entity's are not matched by name.
            let entry_aliases = match aliases.and_then(|a| a.names.get(&entry[i])) {
                Some(names) if !last[i].is_empty() => names
                    .iter()
                    .map(|n| values::split_full_name(n, values::NameOrder::FirstLast))
                    .filter(|n| !n.last.is_empty())
                    .collect(),
                _ => Vec::new(),
            };
            self.exclusions.push(ExclusionRow {
                source,
                last_name: std::mem::take(&mut last[i]),
                first_name: std::mem::take(&mut first[i]),
                middle_name: std::mem::take(&mut middle[i]),
                business_name: std::mem::take(&mut business[i]),
                npis,
                npi_text: std::mem::take(&mut npi[i]),
                dob: dob[i],
                birth_dates: births[i]
                    .split(';')
                    .filter_map(values::BirthDate::parse)
                    .collect(),
                aliases: entry_aliases,
                states,
                exclusion_type: std::mem::take(&mut etype[i]),
                exclusion_date: excl[i],
                reinstatement_date: rein[i],
                waiver_date: waiver[i],
                waiver_state: upper(&mut wstate[i]),
                origin,
            });
        }
    }
}

impl Data {
    fn add_opt_out(&mut self, source: usize, c: &mut Cols, origins: Vec<Origin>) {
        let (npi, last, first, specialty, mut state) = (
            c.text("npi"),
            c.text("last_name"),
            c.text("first_name"),
            c.text("specialty"),
            c.text("state"),
        );
        let (effective, end) = (c.date("opt_out_effective_date"), c.date("opt_out_end_date"));
        for (i, origin) in origins.into_iter().enumerate() {
            for n in values::split_identifiers(&npi[i]) {
                self.opt_outs.push(OptOutRow {
                    source,
                    npi: values::normalize_npi(&n),
                    last_name: last[i].clone(),
                    first_name: first[i].clone(),
                    specialty: specialty[i].clone(),
                    state: upper(&mut state[i]),
                    effective_date: effective[i],
                    end_date: end[i],
                    origin: origin.clone(),
                });
            }
        }
    }

    fn add_revalidation(&mut self, source: usize, c: &mut Cols, origins: Vec<Origin>) {
        let (npi, last, first, enrollment, mut state) = (
            c.text("npi"),
            c.text("last_name"),
            c.text("first_name"),
            c.text("enrollment_id"),
            c.text("state"),
        );
        let (due, adjusted) = (c.date("revalidation_due_date"), c.date("adjusted_due_date"));
        for (i, origin) in origins.into_iter().enumerate() {
            for n in values::split_identifiers(&npi[i]) {
                self.revalidations.push(RevalidationRow {
                    source,
                    npi: values::normalize_npi(&n),
                    last_name: last[i].clone(),
                    first_name: first[i].clone(),
                    enrollment_id: enrollment[i].clone(),
                    state: upper(&mut state[i]),
                    due_date: due[i],
                    adjusted_due_date: adjusted[i],
                    origin: origin.clone(),
                });
            }
        }
    }
}

/// A roster's `other_last_names` cell: names apart by `;` (a line break in the cell reads as one).
/// The parts' rows one after another, in the parts' order: a single part's vector is moved, not copied.
fn concat<'a, T: 'a>(parts: impl Iterator<Item = &'a mut Vec<T>>) -> Vec<T> {
    let mut parts: Vec<&mut Vec<T>> = parts.filter(|p| !p.is_empty()).collect();
    let Some((first, rest)) = parts.split_first_mut() else {
        return Vec::new();
    };
    let mut all = std::mem::take(*first);
    all.reserve(rest.iter().map(|p| p.len()).sum());
    for part in rest {
        all.append(part);
    }
    all
}

/// A state (or other code) upper-cased, taken out of its column: an upper-case ASCII cell, as nearly
/// every one is, is moved rather than copied.
fn upper(cell: &mut String) -> String {
    let cell = std::mem::take(cell);
    if cell
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_lowercase())
    {
        cell
    } else {
        cell.to_uppercase()
    }
}

fn other_last_names(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

/// Credentials rows naming a provider on no roster row (SPEC 3.1) are rejected, not dropped.
fn reject_unknown_providers(l: &mut Loaded, unknown: Vec<(u64, String)>) {
    for (row, named) in unknown {
        let raw = l.raws.get(&row).cloned().unwrap_or_default();
        l.rejected.push(crate::ingest::Rejected {
            source: l.name.clone(),
            file: l.file.clone(),
            sheet: l.sheet.clone(),
            row,
            reason: format!("no roster provider {named}"),
            raw,
        });
    }
    l.rejected.sort_by_key(|r| r.row);
}

fn source_info(spec: &SourceSpec, l: &Loaded) -> SourceInfo {
    SourceInfo {
        name: spec.name.clone(),
        file: spec.path_text.clone(),
        kind: spec.kind,
        payer: spec.payer.clone(),
        required: spec.required,
        scope: spec.scope_for(l.profile),
        states: spec.states.clone(),
        truncation: l.truncation,
        payer_column: l.mapping.iter().any(|m| m.field == "payer"),
    }
}
