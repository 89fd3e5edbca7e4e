//! The canonical vocabulary: the kinds of source, their fields (SPEC §3.1) and the header aliases that feed them.

use serde::Deserialize;
use std::fmt;

/// What a source describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Roster,
    Credentials,
    Enrollment,
    LicenseBoard,
    Nppes,
    Exclusions,
    OptOut,
    Revalidation,
}

impl Kind {
    /// Kinds whose rows without a state take the config's `state`.
    pub fn takes_state_default(self) -> bool {
        matches!(self, Kind::Exclusions | Kind::Enrollment)
    }

    pub const ALL: [Kind; 8] = [
        Kind::Roster,
        Kind::Credentials,
        Kind::Enrollment,
        Kind::LicenseBoard,
        Kind::Nppes,
        Kind::Exclusions,
        Kind::OptOut,
        Kind::Revalidation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Roster => "roster",
            Kind::Credentials => "credentials",
            Kind::Enrollment => "enrollment",
            Kind::LicenseBoard => "license_board",
            Kind::Nppes => "nppes",
            Kind::Exclusions => "exclusions",
            Kind::OptOut => "opt_out",
            Kind::Revalidation => "revalidation",
        }
    }

    /// The canonical fields of this kind, in report order.
    pub fn fields(self) -> &'static [FieldDef] {
        match self {
            Kind::Roster => ROSTER,
            Kind::Credentials => CREDENTIALS,
            Kind::Enrollment => ENROLLMENT,
            Kind::LicenseBoard => LICENSE_BOARD,
            Kind::Nppes => NPPES,
            Kind::Exclusions => EXCLUSIONS,
            Kind::OptOut => OPT_OUT,
            Kind::Revalidation => REVALIDATION,
        }
    }

    pub fn field(self, name: &str) -> Option<&'static FieldDef> {
        self.fields().iter().find(|f| f.name == name)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldClass {
    /// Free text, trimmed.
    Text,
    /// An identifier: always text, leading zeros kept; a cell may hold several values.
    Id,
    /// A date (SPEC §3.3), stored as `YYYY-MM-DD`.
    Date,
    /// A status value mapped to a canonical value.
    Status,
}

/// One canonical field and the header spellings that feed it (compared by [`header_key`]).
#[derive(Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub class: FieldClass,
    pub aliases: &'static [&'static str],
}

const fn field(
    name: &'static str,
    class: FieldClass,
    aliases: &'static [&'static str],
) -> FieldDef {
    FieldDef {
        name,
        class,
        aliases,
    }
}

use FieldClass::{Date, Id, Status, Text};

const NPI: &[&str] = &[
    "npi",
    "npinumber",
    "npino",
    "npinum",
    "individualnpi",
    "providernpi",
    "nationalprovideridentifier",
    "nationalprovideridentificationnpi",
    "idnnpi",
    "npinumberorp1number",
    "npiatypicalids",
    "npiorp1",
    "providernpinumber",
];
const LAST_NAME: &[&str] = &[
    "lastname",
    "providerlastname",
    "providerlastnamelegalname",
    "surname",
    "familyname",
    "lname",
    "last",
    "lastnameorpracticename",
    "lastnameorentityname",
    "lastnameorganization",
];
const FIRST_NAME: &[&str] = &[
    "firstname",
    "providerfirstname",
    "givenname",
    "fname",
    "first",
];
const MIDDLE_NAME: &[&str] = &[
    "middlename",
    "providermiddlename",
    "midname",
    "middleinitial",
    "midinitial",
    "mi",
    "middle",
];
const FULL_NAME: &[&str] = &[
    "fullname",
    "name",
    "providername",
    "providerfullname",
    "practitionername",
    "sanctionedprovidername",
    "individualname",
    "respondentname",
    "respondent",
    "licenseename",
    "nameoflicensee",
];
const DOB: &[&str] = &["dob", "dateofbirth", "birthdate", "birthdt"];
const STATE: &[&str] = &[
    "state",
    "licensestate",
    "statecode",
    "stateprovince",
    "practicestate",
];
const TAX_ID: &[&str] = &[
    "taxid",
    "tin",
    "ein",
    "fein",
    "federaltaxid",
    "taxidnumber",
    "grouptin",
];
const SPECIALTY: &[&str] = &[
    "specialty",
    "speciality",
    "primaryspecialty",
    "providerspecialty",
    "specialtydescription",
];
const TERMINATION: &[&str] = &["terminationdate", "termdate", "enddate"];
const LICENSE_NUMBER: &[&str] = &[
    "licensenumber",
    "license",
    "licenseno",
    "licensenum",
    "licnumber",
    "licno",
    "statelicensenumber",
    "credentialnumber",
    "licenseid",
    "licenseidl",
    "licensenbr",
];

static ROSTER: &[FieldDef] = &[
    field(
        "provider_id",
        Id,
        &[
            "providerid",
            "employeeid",
            "staffid",
            "practitionerid",
            "providernumber",
            "uniqueid",
        ],
    ),
    field("npi", Id, NPI),
    field("last_name", Text, LAST_NAME),
    field("first_name", Text, FIRST_NAME),
    field("middle_name", Text, MIDDLE_NAME),
    field("suffix", Text, &["suffix", "namesuffix"]),
    field("full_name", Text, FULL_NAME),
    // Former, maiden or other last names, several in a cell (`;` or a line break between them).
    field(
        "other_last_names",
        Id,
        &[
            "otherlastnames",
            "otherlastname",
            "maidenname",
            "formerlastname",
            "formerlastnames",
            "formername",
            "formernames",
            "previouslastname",
            "priorlastname",
            "aka",
            "alsoknownas",
            "othernames",
        ],
    ),
    field("dob", Date, DOB),
    field(
        "degree",
        Text,
        &[
            "degree",
            "credential",
            "credentials",
            "professionaldegree",
            "title",
        ],
    ),
    field("specialty", Text, SPECIALTY),
    field(
        "taxonomy_code",
        Id,
        &[
            "taxonomy",
            "taxonomycode",
            "primarytaxonomy",
            "primarytaxonomycode",
        ],
    ),
    field("tax_id", Id, TAX_ID),
    field(
        "status",
        Status,
        &[
            "status",
            "providerstatus",
            "employmentstatus",
            "staffstatus",
        ],
    ),
    field(
        "start_date",
        Date,
        &[
            "startdate",
            "hiredate",
            "datehired",
            "appointmentdate",
            "originalappointmentdate",
        ],
    ),
    field(
        "termination_date",
        Date,
        &["terminationdate", "termdate", "enddate", "separationdate"],
    ),
    field(
        "last_credentialed_date",
        Date,
        &[
            "lastcredentialed",
            "lastcredentialeddate",
            "lastcredentialingdate",
            "credentialingdate",
            "credentialeddate",
            "committeedate",
            "credentialingdecisiondate",
        ],
    ),
    field(
        "next_recredential_date",
        Date,
        &[
            "nextrecredential",
            "nextrecredentialdate",
            "nextrecredentialingdate",
            "recredentialduedate",
            "recredentialingduedate",
            "recreddue",
        ],
    ),
    field(
        "caqh_id",
        Id,
        &["caqhid", "caqh", "caqhproviderid", "caqhnumber"],
    ),
    field(
        "caqh_attestation_date",
        Date,
        &[
            "caqhattested",
            "caqhattestationdate",
            "caqhattestdate",
            "attestationdate",
            "lastattestationdate",
        ],
    ),
];

static CREDENTIALS: &[FieldDef] = &[
    field(
        "provider_id",
        Id,
        &["providerid", "employeeid", "staffid", "practitionerid"],
    ),
    field("npi", Id, NPI),
    field("type", Text, &["type", "credentialtype"]),
    field(
        "number",
        Id,
        &[
            "number",
            "credentialnumber",
            "licensenumber",
            "licenseno",
            "certificatenumber",
            "policynumber",
        ],
    ),
    field("state", Text, STATE),
    field(
        "issue_date",
        Date,
        &["issuedate", "issued", "dateissued", "effectivedate"],
    ),
    field(
        "expiration_date",
        Date,
        &[
            "expirationdate",
            "expdate",
            "expires",
            "expiration",
            "expirydate",
        ],
    ),
    field(
        "verified_date",
        Date,
        &[
            "verifieddate",
            "verificationdate",
            "psvdate",
            "primarysourceverified",
            "primarysourceverificationdate",
        ],
    ),
];

static ENROLLMENT: &[FieldDef] = &[
    field("npi", Id, NPI),
    field(
        "payer",
        Text,
        &[
            "payer",
            "payername",
            "healthplan",
            "plan",
            "insurer",
            "carrier",
        ],
    ),
    field("last_name", Text, LAST_NAME),
    field("first_name", Text, FIRST_NAME),
    field("full_name", Text, FULL_NAME),
    field(
        "payer_provider_id",
        Id,
        &[
            "payerproviderid",
            "providerid",
            "payerid",
            "medicaidproviderid",
            "networkproviderid",
        ],
    ),
    field("tax_id", Id, TAX_ID),
    field("specialty", Text, SPECIALTY),
    field("state", Text, STATE),
    field(
        "status",
        Status,
        &[
            "status",
            "participationstatus",
            "networkstatus",
            "enrollmentstatus",
            "parstatus",
        ],
    ),
    field(
        "effective_date",
        Date,
        &[
            "effectivedate",
            "effdate",
            "participationeffectivedate",
            "enrollmenteffectivedate",
            "enrollmentdate",
            "startdate",
        ],
    ),
    field("termination_date", Date, TERMINATION),
];

static LICENSE_BOARD: &[FieldDef] = &[
    field("license_number", Id, LICENSE_NUMBER),
    field("state", Text, STATE),
    field("last_name", Text, LAST_NAME),
    field("first_name", Text, FIRST_NAME),
    field("middle_name", Text, MIDDLE_NAME),
    field("full_name", Text, FULL_NAME),
    field(
        "license_type",
        Text,
        &[
            "licensetype",
            "credential",
            "credentialtype",
            "profession",
            "licenseprofession",
            "lictype",
        ],
    ),
    field(
        "status",
        Status,
        &["status", "licensestatus", "credentialstatus"],
    ),
    field(
        "issue_date",
        Date,
        &[
            "issuedate",
            "originalissuedate",
            "licorigissuedate",
            "dateissued",
            "issued",
            "licenseissuedate",
        ],
    ),
    field(
        "expiration_date",
        Date,
        &[
            "expirationdate",
            "expdate",
            "licexpdate",
            "licenseexpirationdate",
            "expires",
            "expiration",
            "expiredate",
            "licenseexpiredate",
            "expirationdt",
        ],
    ),
    field(
        "discipline",
        Text,
        &[
            "discipline",
            "disciplineflag",
            "disciplinaryaction",
            "boardaction",
            "publicaction",
            "typeofaction",
            "actiontaken",
            "boardactions",
            "disciplinaryactions",
            "disciplinaryactiontaken",
            "hasdiscipline",
            "disciplined",
        ],
    ),
    field("npi", Id, NPI),
];

static NPPES: &[FieldDef] = &[
    field("npi", Id, NPI),
    field("entity_type", Text, &["entitytype", "entitytypecode"]),
    field("last_name", Text, LAST_NAME),
    field("first_name", Text, FIRST_NAME),
    field(
        "deactivation_date",
        Date,
        &["deactivationdate", "npideactivationdate"],
    ),
    field(
        "reactivation_date",
        Date,
        &["reactivationdate", "npireactivationdate"],
    ),
    field("license_number", Id, LICENSE_NUMBER),
    field(
        "license_state",
        Text,
        &["licensestate", "licensestatecode", "state"],
    ),
    field("taxonomy_code", Id, &["taxonomy", "taxonomycode"]),
    // The provider's other name (NPPES: `Provider Other Last Name` …, type 1 former, 2 professional, 5 other).
    field(
        "other_last_name",
        Text,
        &["otherlastname", "providerotherlastname"],
    ),
    field(
        "other_first_name",
        Text,
        &["otherfirstname", "providerotherfirstname"],
    ),
    field(
        "other_name_type",
        Text,
        &["otherlastnametypecode", "providerotherlastnametypecode"],
    ),
];

static EXCLUSIONS: &[FieldDef] = &[
    field("last_name", Text, LAST_NAME),
    field("first_name", Text, FIRST_NAME),
    field("middle_name", Text, MIDDLE_NAME),
    field(
        "business_name",
        Text,
        &[
            "businessname",
            "busname",
            "organizationname",
            "legalbusinessname",
            "entityname",
            "facilityname",
            "companyname",
            "practicename",
            "dbaname",
            "business",
            "firmname",
        ],
    ),
    field("full_name", Text, FULL_NAME),
    field("npi", Id, NPI),
    field("dob", Date, DOB),
    field("state", Text, STATE),
    field("license_number", Id, LICENSE_NUMBER),
    field(
        "exclusion_type",
        Text,
        &[
            "exclusiontype",
            "excltype",
            "sanctiontype",
            "actiontype",
            "action",
            "administrativeaction",
            "typeofsanction",
        ],
    ),
    field(
        "exclusion_date",
        Date,
        &[
            "exclusiondate",
            "excldate",
            "effectivedate",
            "sanctiondate",
            "actiondate",
            "dateofexclusion",
            "exclusioneffectivedate",
            "terminationeffectivedate",
            "dateofsuspension",
            "activedate",
            "startdate",
            "sancdate",
        ],
    ),
    field(
        "reinstatement_date",
        Date,
        &[
            "reinstatementdate",
            "reindate",
            "reinstateddate",
            "enddate",
            "terminationdate",
            "exclusionenddate",
            "sanctionenddate",
            "expirationdate",
            "expiration",
            "exclusionexpirationdate",
        ],
    ),
    field("waiver_date", Date, &["waiverdate", "wvrdate"]),
    field("waiver_state", Text, &["waiverstate", "wvrstate"]),
    // The list's own number of an entry (OFAC `ent_num`), which links it to its aliases.
    field("entry_id", Id, &["entnum", "entryid", "entrynumber"]),
    // Dates of birth read from a remarks column (`1968-03-12`, or a year alone), `;` between them.
    field("birth_dates", Text, &[]),
];

static OPT_OUT: &[FieldDef] = &[
    field("npi", Id, NPI),
    field("last_name", Text, LAST_NAME),
    field("first_name", Text, FIRST_NAME),
    field("full_name", Text, FULL_NAME),
    field("specialty", Text, SPECIALTY),
    field("state", Text, STATE),
    field(
        "opt_out_effective_date",
        Date,
        &[
            "optouteffectivedate",
            "optouteffective",
            "optoutdate",
            "effectivedate",
            "optoutstartdate",
        ],
    ),
    field(
        "opt_out_end_date",
        Date,
        &[
            "optoutenddate",
            "optoutend",
            "enddate",
            "optoutexpirationdate",
        ],
    ),
];

static REVALIDATION: &[FieldDef] = &[
    field("npi", Id, NPI),
    field("last_name", Text, LAST_NAME),
    field("first_name", Text, FIRST_NAME),
    field("full_name", Text, FULL_NAME),
    field(
        "enrollment_id",
        Id,
        &["enrollmentid", "pecosenrollmentid", "enrlmtid"],
    ),
    field(
        "state",
        Text,
        &[
            "enrollmentstatecode",
            "enrollmentstate",
            "state",
            "statecode",
        ],
    ),
    field(
        "revalidation_due_date",
        Date,
        &["revalidationduedate", "revalidationdate", "duedate"],
    ),
    field(
        "adjusted_due_date",
        Date,
        &["adjustedduedate", "adjustedrevalidationduedate"],
    ),
];

/// A header or field name reduced for comparison: lower-case letters and digits only.
pub fn header_key(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The credential types of a roster credential group or a credentials source.
/// A credential's type as the rules read it: one of [`CREDENTIAL_TYPES`], or another type a credentials
/// source lists (`acls`, `npdb_query`…), kept as written (lower case, spaces as `_`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum CredentialType {
    #[default]
    StateLicense,
    Dea,
    Cds,
    BoardCertification,
    Malpractice,
    Other(Box<str>),
}

impl CredentialType {
    /// The type of a cell as a roster or credentials source writes it (`License`, `DEA Registration`,
    /// `Professional Liability`…).
    pub fn from_cell(raw: &str) -> Self {
        match header_key(raw).as_str() {
            "statelicense" | "license" | "medicallicense" => CredentialType::StateLicense,
            "dea" | "dearegistration" => CredentialType::Dea,
            "cds" | "controlledsubstance" | "statecontrolledsubstance" => CredentialType::Cds,
            "boardcertification" | "board" | "boardcert" => CredentialType::BoardCertification,
            "malpractice" | "malpracticeinsurance" | "professionalliability" | "coi" => {
                CredentialType::Malpractice
            }
            _ => CredentialType::Other(raw.trim().to_lowercase().replace(' ', "_").into()),
        }
    }

    /// The report's word for the type (`state_license`, …; another type as kept).
    pub fn as_str(&self) -> &str {
        match self {
            CredentialType::StateLicense => "state_license",
            CredentialType::Dea => "dea",
            CredentialType::Cds => "cds",
            CredentialType::BoardCertification => "board_certification",
            CredentialType::Malpractice => "malpractice",
            CredentialType::Other(t) => t,
        }
    }
}

pub const CREDENTIAL_TYPES: [&str; 5] = [
    "state_license",
    "dea",
    "cds",
    "board_certification",
    "malpractice",
];

/// Canonical values per status field, for validating config `values` maps.
pub fn canonical_status_values(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Roster => &["active", "terminated"],
        Kind::Enrollment => &["active", "pending", "terminated", "denied"],
        Kind::LicenseBoard => &["active", "probation", "not_active"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn credential_type_cells_read_as_their_type() {
        use super::CredentialType as T;
        assert_eq!(T::from_cell("State License"), T::StateLicense);
        assert_eq!(T::from_cell(" DEA Registration "), T::Dea);
        assert_eq!(T::from_cell("Professional Liability"), T::Malpractice);
        assert_eq!(T::from_cell("Board Cert"), T::BoardCertification);
        assert_eq!(T::from_cell("ACLS Card"), T::Other("acls_card".into()));
        assert_eq!(T::from_cell("ACLS Card").as_str(), "acls_card");
        // Every config type is its own word.
        for t in super::CREDENTIAL_TYPES {
            assert_eq!(T::from_cell(t).as_str(), t);
            assert!(!matches!(T::from_cell(t), T::Other(_)), "{t}");
        }
    }

    use super::*;

    #[test]
    fn header_key_ignores_case_space_and_punctuation() {
        assert_eq!(header_key("NPI #"), "npi");
        assert_eq!(header_key(" Last Name"), "lastname");
        assert_eq!(
            header_key("Provider Last Name (Legal Name)"),
            "providerlastnamelegalname"
        );
    }

    #[test]
    fn aliases_are_stored_as_header_keys_and_unique_within_a_kind() {
        for kind in Kind::ALL {
            let mut seen = std::collections::HashSet::new();
            for def in kind.fields() {
                for alias in def.aliases {
                    assert_eq!(header_key(alias), *alias, "{kind}.{}", def.name);
                    assert!(seen.insert(*alias), "{kind}: alias `{alias}` is used twice");
                }
            }
        }
    }
}
