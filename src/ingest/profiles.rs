//! Built-in file formats (SPEC §3.2), detected from the header row.

use crate::config::Profile;
use crate::model::header_key;

/// How a built-in format's headers feed canonical fields.
pub struct ProfileDef {
    pub profile: Profile,
    pub description: &'static str,
    /// Headers, as the publisher spells them, that must all be present for the format to be recognised
    /// (compared like every header: case, space and punctuation ignored).
    pub signature: &'static [&'static str],
    /// A headerless format's columns, by position, as `profiles` lists them.
    pub layout: &'static str,
    /// Canonical field → header keys, first present wins.
    pub columns: &'static [(&'static str, &'static [&'static str])],
    /// Names cut to (last, first) characters by the publisher.
    pub truncation: Option<(usize, usize)>,
    /// The header key of a column whose value `individual` marks a person; any other value is a business
    /// (or a vessel, an aircraft), matched by NPI only.
    pub classification: Option<&'static str>,
    /// The publisher's mark for an empty cell (OFAC: `-0-`).
    pub empty_marker: Option<&'static str>,
    /// The header key of a free-text column a date of birth is read from (`DOB 12 Mar 1968`).
    pub remarks_dob: Option<&'static str>,
    /// The payer of every row of an enrollment format (PECOS: Medicare).
    pub payer: Option<&'static str>,
    /// The status of every row (PECOS lists active enrollments only).
    pub status: Option<&'static str>,
    /// A national enrollment file (every enrolled provider, not the organization's list).
    pub national: bool,
}

/// A format without quirks: the fields the definitions below do not set.
const PLAIN: ProfileDef = ProfileDef {
    profile: Profile::Leie,
    description: "",
    signature: &[],
    layout: "",
    columns: &[],
    truncation: None,
    classification: None,
    empty_marker: None,
    remarks_dob: None,
    payer: None,
    status: None,
    national: false,
};

pub static PROFILES: &[ProfileDef] = &[
    ProfileDef {
        profile: Profile::Leie,
        description: "OIG LEIE UPDATED.csv (dates YYYYMMDD, 00000000 = none, NPI 0000000000 = none, names truncated at 20/15)",
        signature: &["LASTNAME", "FIRSTNAME", "BUSNAME", "EXCLTYPE", "EXCLDATE"],
        columns: &[
            ("last_name", &["lastname"]),
            ("first_name", &["firstname"]),
            ("middle_name", &["midname"]),
            ("business_name", &["busname"]),
            ("npi", &["npi"]),
            ("dob", &["dob"]),
            ("state", &["state"]),
            ("exclusion_type", &["excltype"]),
            ("exclusion_date", &["excldate"]),
            ("reinstatement_date", &["reindate"]),
            ("waiver_date", &["waiverdate"]),
            ("waiver_state", &["wvrstate", "waiverstate"]),
        ],
        truncation: Some((20, 15)),
        ..PLAIN
    },
    ProfileDef {
        profile: Profile::Sam,
        description: "SAM.gov Exclusions Public Extract, V2 and legacy (Individual rows matched by name; Termination Date `Indefinite` = no end)",
        signature: &[
            "Classification",
            "Excluding Agency",
            "Active Date",
            "Termination Date",
        ],
        columns: &[
            ("last_name", &["last"]),
            ("first_name", &["first"]),
            ("middle_name", &["middle"]),
            ("business_name", &["name"]),
            ("npi", &["npi"]),
            ("state", &["stateprovince", "state"]),
            ("exclusion_type", &["exclusiontype"]),
            ("exclusion_date", &["activedate"]),
            ("reinstatement_date", &["terminationdate"]),
        ],
        classification: Some("classification"),
        ..PLAIN
    },
    ProfileDef {
        profile: Profile::Nppes,
        description: "NPPES npidata_pfile (329/330 columns, V1 and V2; read by column projection, dates MM/DD/YYYY)",
        signature: &[
            "NPI",
            "Entity Type Code",
            "Provider Last Name (Legal Name)",
            "NPI Deactivation Date",
        ],
        columns: &[
            ("npi", &["npi"]),
            ("entity_type", &["entitytypecode"]),
            ("last_name", &["providerlastnamelegalname"]),
            ("first_name", &["providerfirstname"]),
            ("deactivation_date", &["npideactivationdate"]),
            ("reactivation_date", &["npireactivationdate"]),
            ("other_last_name", &["providerotherlastname"]),
            ("other_first_name", &["providerotherfirstname"]),
            ("other_name_type", &["providerotherlastnametypecode"]),
        ],
        ..PLAIN
    },
    ProfileDef {
        profile: Profile::PecosPpef,
        description: "CMS PECOS Public Provider Enrollment file (payer Medicare, scope national, every row an active enrollment)",
        signature: &["NPI", "PECOS_ASCT_CNTL_ID", "ENRLMT_ID"],
        columns: &[
            ("npi", &["npi"]),
            ("payer_provider_id", &["enrlmtid"]),
            ("last_name", &["lastname"]),
            ("first_name", &["firstname"]),
            ("state", &["statecd"]),
        ],
        payer: Some("Medicare"),
        status: Some("active"),
        national: true,
        ..PLAIN
    },
    ProfileDef {
        profile: Profile::OfacSdn,
        description: "Treasury OFAC SDN list sdn.csv, no header row (individuals matched by name; `-0-` = empty; DOB read from Remarks; aliases from alt.csv via aliases_path)",
        signature: &[],
        layout: "12 fields: ent_num, SDN_Name (`LAST, First Middle`), SDN_Type (`individual`), Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks (`DOB 12 Mar 1968`); `-0-` in empty fields",
        columns: &[
            ("entry_id", &["1"]),
            ("full_name", &["2"]),
            ("exclusion_type", &["4"]),
        ],
        classification: Some("3"),
        empty_marker: Some("-0-"),
        remarks_dob: Some("12"),
        ..PLAIN
    },
    ProfileDef {
        profile: Profile::MedicareOptOut,
        description: "CMS Medicare Opt-Out Affidavits (an opt_out source; dates MM/DD/YYYY)",
        signature: &["NPI", "Optout Effective Date", "Optout End Date"],
        columns: &[
            ("npi", &["npi"]),
            ("last_name", &["lastname"]),
            ("first_name", &["firstname"]),
            ("specialty", &["specialty"]),
            ("state", &["statecode"]),
            ("opt_out_effective_date", &["optouteffectivedate"]),
            ("opt_out_end_date", &["optoutenddate"]),
        ],
        ..PLAIN
    },
    ProfileDef {
        profile: Profile::MedicareRevalidation,
        description: "CMS Medicare Revalidation Due Date list (a revalidation source; Adjusted Due Date `TBD` = none)",
        signature: &[
            "National Provider Identifier",
            "Enrollment ID",
            "Revalidation Due Date",
        ],
        columns: &[
            ("npi", &["nationalprovideridentifier"]),
            ("enrollment_id", &["enrollmentid"]),
            ("last_name", &["lastname"]),
            ("first_name", &["firstname"]),
            ("state", &["enrollmentstatecode"]),
            ("revalidation_due_date", &["revalidationduedate"]),
            ("adjusted_due_date", &["adjustedduedate"]),
        ],
        ..PLAIN
    },
];

pub fn def(profile: Profile) -> &'static ProfileDef {
    PROFILES
        .iter()
        .find(|d| d.profile == profile)
        .expect("every profile has a definition")
}

/// The built-in format whose signature the header row carries.
pub fn detect(header: &[String]) -> Option<Profile> {
    let keys: Vec<String> = header.iter().map(|h| header_key(h)).collect();
    PROFILES
        .iter()
        .filter(|d| !d.signature.is_empty())
        .find(|d| d.signature.iter().all(|s| keys.contains(&header_key(s))))
        .map(|d| d.profile)
}

/// A headerless format recognised from its first row: OFAC's `sdn.csv` (12 fields, the first an entry
/// number, `-0-` in the empty ones).
pub fn detect_headerless(first_row: &[String]) -> Option<Profile> {
    let first = first_row.first().map_or("", |c| c.trim());
    (first_row.len() == 12
        && !first.is_empty()
        && first.bytes().all(|b| b.is_ascii_digit())
        && first_row.iter().any(|c| c.trim() == "-0-"))
    .then_some(Profile::OfacSdn)
}

/// The NPPES license columns: `Provider License Number_N` and `Provider License Number State Code_N`, N = 1..=15.
pub fn nppes_license_headers() -> Vec<(String, String)> {
    (1..=15)
        .map(|n| {
            (
                format!("Provider License Number_{n}"),
                format!("Provider License Number State Code_{n}"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(line: &str) -> Vec<String> {
        line.split(',').map(str::to_string).collect()
    }

    #[test]
    fn detects_each_profile_from_its_real_header() {
        let leie = "LASTNAME,FIRSTNAME,MIDNAME,BUSNAME,GENERAL,SPECIALTY,UPIN,NPI,DOB,ADDRESS,CITY,STATE,ZIP,EXCLTYPE,EXCLDATE,REINDATE,WAIVERDATE,WVRSTATE";
        assert_eq!(detect(&header(leie)), Some(Profile::Leie));
        let pecos = "NPI,PECOS_ASCT_CNTL_ID,ENRLMT_ID,PROVIDER_TYPE_CD,PROVIDER_TYPE_DESC,STATE_CD,FIRST_NAME,MDL_NAME,LAST_NAME,ORG_NAME,GNDR_SW";
        assert_eq!(detect(&header(pecos)), Some(Profile::PecosPpef));
        let sam_legacy = "Classification,Name,Prefix,First,Middle,Last,Suffix,Address 1,Address 2,Address 3,Address 4,City,State / Province,Country,Zip Code,DUNS,Exclusion Program,Excluding Agency,CT Code,Exclusion Type,Additional Comments,Active Date,Termination Date,Record Status,Cross-Reference,SAM Number,CAGE,NPI";
        assert_eq!(detect(&header(sam_legacy)), Some(Profile::Sam));
        assert_eq!(detect(&header("NPI,Last Name,First Name")), None);
    }
}
