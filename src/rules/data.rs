//! Typed rows of the canonical frames, as the rules read them. Built once per run from the loaded sources.

use crate::config::{Plan, Scope, SourceSpec};
use crate::ingest::{Loaded, row_column, string_column};
use crate::model::Kind;
use crate::values;
use chrono::NaiveDate;
use polars::prelude::DataFrame;

/// Where a row came from: the source, its file (as the config names it) and the row a person sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub source: String,
    pub file: String,
    pub row: u64,
}

/// A frame's text columns by name, read once.
struct Cols<'a> {
    frame: &'a DataFrame,
}

impl Cols<'_> {
    fn text(&self, name: &str) -> Vec<String> {
        string_column(self.frame, name)
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect()
    }

    fn date(&self, name: &str) -> Vec<Option<NaiveDate>> {
        string_column(self.frame, name)
            .into_iter()
            .map(|v| v.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
            .collect()
    }

    fn origins(&self, source: &str, file: &str) -> Vec<Origin> {
        row_column(self.frame)
            .into_iter()
            .map(|row| Origin {
                source: source.to_string(),
                file: file.to_string(),
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
    pub dob: Option<NaiveDate>,
    pub degree: String,
    pub specialty: String,
    pub tax_id: String,
    /// Canonical status (`active`, `terminated`, `unrecognized`) or empty.
    pub status: String,
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
        (self.status.is_empty() || self.status == "active")
            && self.termination_date.is_none_or(|d| d > as_of)
    }

    /// Terminated on the roster: status terminated, or a termination date on or before as_of.
    pub fn is_terminated(&self, as_of: NaiveDate) -> bool {
        self.status == "terminated" || self.termination_date.is_some_and(|d| d <= as_of)
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
    pub credential_type: String,
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
    pub status: String,
    pub status_text: String,
    pub effective_date: Option<NaiveDate>,
    pub termination_date: Option<NaiveDate>,
    pub origin: Origin,
}

impl EnrollmentRow {
    /// SPEC §4: status active (no status column counts as active), effective on or before as_of (if any),
    /// terminated after as_of (if any).
    pub fn is_active(&self, as_of: NaiveDate) -> bool {
        (self.status.is_empty() || self.status == "active")
            && self.effective_date.is_none_or(|d| d <= as_of)
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
    /// `active`, `probation`, `not_active`, `unrecognized`, or empty (no status given).
    pub status: String,
    pub status_text: String,
    pub issue_date: Option<NaiveDate>,
    pub expiration_date: Option<NaiveDate>,
    pub discipline: String,
    pub origin: Origin,
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
    pub states: Vec<String>,
    pub exclusion_type: String,
    pub exclusion_date: Option<NaiveDate>,
    pub reinstatement_date: Option<NaiveDate>,
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
    /// Value issues (invalid dates, unrecognised values) by source index.
    pub issues: Vec<(usize, crate::ingest::ValueIssue)>,
    /// Credential indexes per provider index, built once so no rule scans every credential per provider.
    pub by_provider: Vec<Vec<usize>>,
    /// States some license_board source covers → the first such source's index.
    pub board_states: std::collections::BTreeMap<String, usize>,
}

impl Data {
    /// Build the typed rows of every loaded source. `specs[i]` is the config entry of `loaded[i]`.
    pub fn build(plan: &Plan, loaded: &[Loaded]) -> Data {
        let mut data = Data::default();
        for (i, (spec, l)) in plan.sources.iter().zip(loaded).enumerate() {
            data.sources.push(source_info(spec, l));
            let file = spec.path_text.clone();
            let c = Cols { frame: &l.frame };
            let origins = c.origins(&l.name, &file);
            match l.kind {
                Kind::Roster => data.add_roster(l, &c, origins, &file),
                Kind::Credentials => data.add_credentials(&c, origins),
                Kind::Enrollment => data.add_enrollment(i, &c, origins),
                Kind::LicenseBoard => data.add_board(i, &c, origins),
                Kind::Nppes => data.add_nppes(i, l, &c, origins),
                Kind::Exclusions => data.add_exclusions(i, &c, origins),
            }
            for issue in &l.issues {
                data.issues.push((i, issue.clone()));
            }
        }
        data.index();
        data
    }

    fn index(&mut self) {
        self.by_provider = vec![Vec::new(); self.providers.len()];
        for (i, c) in self.credentials.iter().enumerate() {
            self.by_provider[c.provider].push(i);
        }
        for b in &self.board {
            if !b.state.is_empty() {
                self.board_states.entry(b.state.clone()).or_insert(b.source);
            }
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
            .filter(|c| c.credential_type == "state_license")
    }

    fn add_roster(&mut self, l: &Loaded, c: &Cols, origins: Vec<Origin>, file: &str) {
        let first_provider = self.providers.len();
        let (npi, ids) = (c.text("npi"), c.text("provider_id"));
        let (last, first, middle, suffix) = (
            c.text("last_name"),
            c.text("first_name"),
            c.text("middle_name"),
            c.text("suffix"),
        );
        let (degree, specialty, tax_id) = (c.text("degree"), c.text("specialty"), c.text("tax_id"));
        let (status, status_text, caqh_id) =
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
            let npi_norm = values::normalize_npi(&npi[i]);
            self.providers.push(Provider {
                provider_id: ids[i].clone(),
                npi_valid: values::npi_is_valid(&npi_norm),
                npi: npi_norm,
                npi_raw: npi[i].clone(),
                last_name: last[i].clone(),
                first_name: first[i].clone(),
                middle_name: middle[i].clone(),
                suffix: suffix[i].clone(),
                dob: dob[i],
                degree: degree[i].clone(),
                specialty: specialty[i].clone(),
                tax_id: tax_id[i].clone(),
                status: status[i].clone(),
                status_text: status_text[i].clone(),
                start_date: start[i],
                termination_date: term[i],
                last_credentialed_date: last_cred[i],
                next_recredential_date: next_recred[i],
                caqh_id: caqh_id[i].clone(),
                caqh_attestation_date: caqh[i],
                origin,
            });
        }
        if let Some(detail) = &l.detail {
            // Credential groups of this roster: their rows are the provider rows they came from.
            let row_to_provider: std::collections::HashMap<u64, usize> = self.providers
                [first_provider..]
                .iter()
                .enumerate()
                .map(|(k, p)| (p.origin.row, first_provider + k))
                .collect();
            let d = Cols { frame: detail };
            let origins = d.origins(&l.name, file);
            self.push_credentials(&d, origins, |_, _, row| row_to_provider.get(&row).copied());
        }
    }

    fn add_credentials(&mut self, c: &Cols, origins: Vec<Origin>) {
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
        });
    }

    fn push_credentials(
        &mut self,
        c: &Cols,
        origins: Vec<Origin>,
        owner: impl Fn(&str, &str, u64) -> Option<usize>,
    ) {
        let (ids, npis, types, numbers, states) = (
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
        for (i, origin) in origins.into_iter().enumerate() {
            let Some(provider) = owner(&ids[i], &npis[i], origin.row) else {
                continue;
            };
            self.credentials.push(Credential {
                provider,
                credential_type: normalize_type(&types[i]),
                number: numbers[i].clone(),
                state: states[i].to_uppercase(),
                issue_date: issue[i],
                expiration_date: exp[i],
                verified_date: verified[i],
                origin,
            });
        }
    }

    fn add_enrollment(&mut self, source: usize, c: &Cols, origins: Vec<Origin>) {
        let (npi, payer, last, first, ppid) = (
            c.text("npi"),
            c.text("payer"),
            c.text("last_name"),
            c.text("first_name"),
            c.text("payer_provider_id"),
        );
        let (tax, spec, state, status, status_text) = (
            c.text("tax_id"),
            c.text("specialty"),
            c.text("state"),
            c.text("status"),
            c.text("status_text"),
        );
        let (eff, term) = (c.date("effective_date"), c.date("termination_date"));
        for (i, origin) in origins.into_iter().enumerate() {
            self.enrollments.push(EnrollmentRow {
                source,
                npi: values::normalize_npi(&npi[i]),
                payer: payer[i].clone(),
                last_name: last[i].clone(),
                first_name: first[i].clone(),
                payer_provider_id: ppid[i].clone(),
                tax_id: tax[i].clone(),
                specialty: spec[i].clone(),
                state: state[i].clone(),
                status: status[i].clone(),
                status_text: status_text[i].clone(),
                effective_date: eff[i],
                termination_date: term[i],
                origin,
            });
        }
    }

    fn add_board(&mut self, source: usize, c: &Cols, origins: Vec<Origin>) {
        let (number, state, last, first, ltype) = (
            c.text("license_number"),
            c.text("state"),
            c.text("last_name"),
            c.text("first_name"),
            c.text("license_type"),
        );
        let (status, status_text, discipline) = (
            c.text("status"),
            c.text("status_text"),
            c.text("discipline"),
        );
        let (issue, exp) = (c.date("issue_date"), c.date("expiration_date"));
        for (i, origin) in origins.into_iter().enumerate() {
            self.board.push(BoardRecord {
                source,
                license_number: number[i].clone(),
                state: state[i].to_uppercase(),
                last_name: last[i].clone(),
                first_name: first[i].clone(),
                license_type: ltype[i].clone(),
                status: status[i].clone(),
                status_text: status_text[i].clone(),
                issue_date: issue[i],
                expiration_date: exp[i],
                discipline: discipline[i].clone(),
                origin,
            });
        }
    }

    fn add_nppes(&mut self, source: usize, l: &Loaded, c: &Cols, origins: Vec<Origin>) {
        let (npi, entity, last, first) = (
            c.text("npi"),
            c.text("entity_type"),
            c.text("last_name"),
            c.text("first_name"),
        );
        let (deact, react) = (c.date("deactivation_date"), c.date("reactivation_date"));
        let mut licenses: std::collections::HashMap<String, Vec<(String, String, String)>> =
            std::collections::HashMap::new();
        if let Some(detail) = &l.detail {
            let d = Cols { frame: detail };
            let (n, num, st) = (
                d.text("npi"),
                d.text("license_number"),
                d.text("license_state"),
            );
            for i in 0..n.len() {
                licenses
                    .entry(values::normalize_npi(&n[i]))
                    .or_default()
                    .push((
                        st[i].to_uppercase(),
                        values::license_key(&num[i]),
                        num[i].clone(),
                    ));
            }
        }
        // A generic NPPES-like file may carry one license per row in the frame itself.
        let (num, st) = (c.text("license_number"), c.text("license_state"));
        for (i, origin) in origins.into_iter().enumerate() {
            let npi = values::normalize_npi(&npi[i]);
            let mut lic = licenses.get(&npi).cloned().unwrap_or_default();
            if !num[i].is_empty() {
                lic.push((
                    st[i].to_uppercase(),
                    values::license_key(&num[i]),
                    num[i].clone(),
                ));
            }
            self.nppes.push(NppesRecord {
                source,
                npi,
                entity_type: entity[i].clone(),
                last_name: last[i].clone(),
                first_name: first[i].clone(),
                deactivation_date: deact[i],
                reactivation_date: react[i],
                licenses: lic,
                origin,
            });
        }
    }

    fn add_exclusions(&mut self, source: usize, c: &Cols, origins: Vec<Origin>) {
        let (last, first, middle, business, npi) = (
            c.text("last_name"),
            c.text("first_name"),
            c.text("middle_name"),
            c.text("business_name"),
            c.text("npi"),
        );
        let (state, etype) = (c.text("state"), c.text("exclusion_type"));
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
            self.exclusions.push(ExclusionRow {
                source,
                last_name: last[i].clone(),
                first_name: first[i].clone(),
                middle_name: middle[i].clone(),
                business_name: business[i].clone(),
                npis,
                npi_text: npi[i].clone(),
                dob: dob[i],
                states,
                exclusion_type: etype[i].clone(),
                exclusion_date: excl[i],
                reinstatement_date: rein[i],
                origin,
            });
        }
    }
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
    }
}

/// A credentials source's `type` cell → canonical credential type (`State License` → `state_license`).
fn normalize_type(raw: &str) -> String {
    let key = crate::model::header_key(raw);
    match key.as_str() {
        "statelicense" | "license" | "medicallicense" => "state_license",
        "dea" | "dearegistration" => "dea",
        "cds" | "controlledsubstance" | "statecontrolledsubstance" => "cds",
        "boardcertification" | "board" | "boardcert" => "board_certification",
        "malpractice" | "malpracticeinsurance" | "professionalliability" | "coi" => "malpractice",
        _ => return raw.trim().to_lowercase().replace(' ', "_"),
    }
    .to_string()
}
