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
    /// Canonical field → header keys, first present wins.
    pub columns: &'static [(&'static str, &'static [&'static str])],
    /// Names cut to (last, first) characters by the publisher.
    pub truncation: Option<(usize, usize)>,
}

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
        truncation: None,
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
        ],
        truncation: None,
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
        truncation: None,
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
        .find(|d| d.signature.iter().all(|s| keys.contains(&header_key(s))))
        .map(|d| d.profile)
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
