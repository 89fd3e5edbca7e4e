//! A large, realistic credentialing set for the benchmarks (`scripts/bench`, `BENCHMARKS.md`).
//!
//! ```text
//! cargo run --release --example generate -- --providers 100000 --nppes-rows 2000000 \
//!     --board-rows 400000 --seed 7 [--volume realistic|planted] --out DIR
//! ```
//!
//! writes a multi-state medical group ("Meridian Health Partners", as of 2026-11-30) into DIR:
//!
//! | file | layout |
//! |---|---|
//! | `roster.csv` | the credentialing database export: one row per provider, wide credential groups (license, license 2, DEA, board, malpractice) |
//! | `aetna_enrollment.csv` | payer export, comma, `MM/DD/YYYY`, no payer column, a multi-line `Comments` cell now and then |
//! | `bcbs_network_roster.psv` | payer export, **pipe**-delimited, `Payer` column, `Provider Name` = `LAST, FIRST M`, one row per line of business |
//! | `uhc_enrollment.csv` | payer export, comma, ISO dates, open-ended rows terminate `9999-12-31` |
//! | `ct_board_licenses.csv` | CT board, data.ct.gov layout (`Name` = `FIRST M LAST`), UTF-8 with BOM |
//! | `ma_board_export.txt` | MA board, pipe, windows-1252, CRLF, `MMDDYYYY`, `Discipline` Y/N |
//! | `mo_physicians.txt` | MO Division of Professional Registration layout, tab, `YYYY-MM-DD HH:MM:SS`, `N/A` nulls |
//! | `tx_licfile.csv` | TX TDLR `LICFILE.csv` layout (17 columns, `MMDDCCYY`, no status column, `OWNER NAME` = `LAST, FIRST M`) |
//! | `al_bme_licensees.csv` | AL Board of Medical Examiners layout (`MD.012345` numbers; its mailing `State` column renamed `Mailing_State`) |
//! | `npidata_pfile_20050523-20261108.csv` | NPPES V2, all 330 columns (header verbatim from `tests/fixtures/real/nppes_v2_header.csv`), every field quoted, CRLF: every roster NPI plus filler |
//! | `UPDATED.csv` | OIG LEIE, exact layout of `tests/fixtures/real/leie_UPDATED.csv` (unquoted header, quoted fields, CRLF, `00000000`/`0000000000`) |
//! | `sdn.csv`, `alt.csv` | Treasury OFAC SDN legacy CSV, no header row (`-0- ` nulls, `DOB …` in Remarks), with its alias file; names in the LEIE alphabet, so no roster provider matches |
//! | `optout_affidavits.csv` | CMS Medicare Opt-Out Affidavits layout, `MM/DD/YYYY` |
//! | `revalidation_due_dates.csv` | CMS Medicare Revalidation Due Date list layout, ISO dates, `TBD` adjusted dates |
//! | `credrecon.toml` | the configuration for all of the above |
//! | `expected_counts.json` | finding code → count, exact by construction |
//! | `expected_extra.json` | other exact expectations (exclusion name matches cleared by date of birth) |
//! | `planted.csv` | every planted problem and near miss (provider, NPI, code, what was done), then one summary line per code and credential type (or payer) of the realistic volume |
//!
//! About 9 % of providers are planted: each carries exactly one problem (or is a near miss that must stay
//! silent), 10,550 findings on 100,000 providers with the default sizes. On top of them,
//! `--volume realistic` (the default) gives the other active providers the volume a real organization
//! has; `--volume planted` leaves them clean, as before. Either way the counts are exact by construction.
//!
//! - **Planted** (both modes): every provider starts clean under every SPEC §4 rule (credentials current
//!   beyond 90 days, PSV inside the window, CAQH attested recently, enrolled with every payer from before
//!   the start date, licenses in NPPES and on the boards with the same expiration), and a plant changes one
//!   thing. Planted providers, near misses and terminated providers never get the volume below.
//! - **Realistic volume**: each credential of an active unplanted provider falls due uniformly over its
//!   renewal cycle, so the share due inside the reporting window is the share of the cycle it covers:
//!   malpractice yearly (25 % within 90 days), CAQH attestation every 120 days (26 % within its 30-day
//!   window), state licenses every 2 years (12 %), DEA every 3 (8 %), recredentialing every 36 months (8 %),
//!   board certification and Medicare revalidation every 5 years (5 %); 1.5 % of each type has already
//!   lapsed (up to 180 days ago, CAQH 60). A license's date is written to the roster and its board file
//!   alike (no LICENSE_EXPIRATION_MISMATCH); a moved recredentialing decision moves the provider's PSV dates
//!   with it (still inside the PSV window); a revalidation date is written as a due date, an adjusted date
//!   over a past due date, or a due date adjusted `TBD`. Each payer (Aetna, BCBS, UHC) makes 20 % of these
//!   providers effective 1–120 days after their start date (never after as_of): one
//!   ENROLLMENT_EFFECTIVE_GAP per provider and payer. Every CREDENTIAL_EXPIRING (0 ≤ days left ≤ window),
//!   CREDENTIAL_EXPIRED (days left < 0) and ENROLLMENT_EFFECTIVE_GAP is counted from the dates as written.
//!   The large set (`--providers 100000`, seed 7) then has 147,075 findings: 10,550 planted and 136,525
//!   from this volume (84,507 expirations and 52,018 effective-date gaps; `planted.csv`'s summary lines
//!   give them per credential type and payer).
//!
//! Roster last names use one alphabet, LEIE names another and the planted exclusion names a third, so no
//! name can match by accident.
//!
//! The output depends only on the arguments: each file draws from its own splitmix64 stream, so
//! `--nppes-rows` changes the NPPES file and nothing else.

use chrono::{Datelike, Months, NaiveDate, TimeDelta};
use clap::Parser;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Generate a large synthetic credentialing set with exactly known findings")]
struct Args {
    /// Roster providers (a few hundred duplicate rows are added on top).
    #[arg(long, default_value_t = 100_000)]
    providers: usize,
    /// Rows of the NPPES file: every roster NPI plus filler.
    #[arg(long, default_value_t = 2_000_000)]
    nppes_rows: usize,
    /// Rows of each of the five state board files.
    #[arg(long, default_value_t = 400_000)]
    board_rows: usize,
    /// Rows of the LEIE file.
    #[arg(long, default_value_t = 80_000)]
    leie_rows: usize,
    /// Entries of the OFAC SDN list (its alias file has about 1.5 per entry).
    #[arg(long, default_value_t = 12_000)]
    ofac_entries: usize,
    /// Rows of the Medicare opt-out list that are not the organization's.
    #[arg(long, default_value_t = 50_000)]
    opt_out_rows: usize,
    /// Rows of the Medicare revalidation list that are not the organization's.
    #[arg(long, default_value_t = 100_000)]
    revalidation_rows: usize,
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// `realistic`: the clean active providers' credentials also fall due over their renewal cycles and
    /// some payer effective dates trail the start date, as in a real organization (every finding still
    /// counted exactly); `planted`: only the planted problems, every other provider clean.
    #[arg(long, value_enum, default_value_t = Volume::Realistic)]
    volume: Volume,
    /// Output folder (created; existing files are overwritten).
    #[arg(long)]
    out: PathBuf,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
enum Volume {
    Realistic,
    Planted,
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let args = Args::parse();
    if args.providers < 100 {
        return Err("--providers must be at least 100".into());
    }
    if args.board_rows > 850_000 {
        return Err("--board-rows must be at most 850000 (license serials are 6 digits)".into());
    }
    std::fs::create_dir_all(&args.out)?;
    let started = Instant::now();
    let org = Org::build(&args);
    if args.nppes_rows < org.nppes_roster_rows() {
        return Err(format!(
            "--nppes-rows must be at least {} (every roster NPI)",
            org.nppes_roster_rows()
        )
        .into());
    }
    if args.board_rows < org.max_board_roster_rows() {
        return Err(format!(
            "--board-rows must be at least {} (every roster license of a state)",
            org.max_board_roster_rows()
        )
        .into());
    }
    let dir = &args.out;
    let mut files: Vec<(String, u64)> = Vec::new();
    let mut done = |name: &str| -> Result<()> {
        let len = std::fs::metadata(dir.join(name))?.len();
        eprintln!(
            "  {name:<40} {:>8.1} MB  ({:.1} s)",
            len as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
        files.push((name.to_string(), len));
        Ok(())
    };
    org.write_roster(dir)?;
    done("roster.csv")?;
    org.write_aetna(dir)?;
    done("aetna_enrollment.csv")?;
    org.write_bcbs(dir)?;
    done("bcbs_network_roster.psv")?;
    org.write_uhc(dir)?;
    done("uhc_enrollment.csv")?;
    for board in &BOARDS {
        org.write_board(dir, board, args.board_rows)?;
        done(board.file)?;
    }
    org.write_leie(dir, args.leie_rows)?;
    done("UPDATED.csv")?;
    org.write_nppes(dir, args.nppes_rows)?;
    done(NPPES_FILE)?;
    org.write_ofac(dir, args.ofac_entries)?;
    done("sdn.csv")?;
    done("alt.csv")?;
    org.write_opt_out(dir, args.opt_out_rows)?;
    done("optout_affidavits.csv")?;
    org.write_revalidation(dir, args.revalidation_rows)?;
    done("revalidation_due_dates.csv")?;
    org.write_config(dir)?;
    org.write_expected(dir)?;
    let volume: u64 = org.volume.values().sum();
    let expected: u64 = org.expected.values().sum();
    eprintln!(
        "expected findings: {expected} ({} planted, {volume} realistic volume)",
        expected - volume
    );
    let total: u64 = files.iter().map(|(_, n)| n).sum();
    eprintln!(
        "wrote {} providers ({} roster rows), {:.2} GB in {:.1} s to {}",
        org.providers.len(),
        org.providers.len() + org.duplicates.len(),
        total as f64 / 1e9,
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    Ok(())
}

// ------------------------------------------------------------------------------------------ randomness

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for synthetic data.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    /// An independent stream per purpose, so that one file's size never shifts another file's values.
    fn new(seed: u64, stream: &str) -> Rng {
        let mut r = Rng(seed ^ 0x5DEE_CE66_D1CE_5EED);
        for b in stream.bytes() {
            r.0 ^= u64::from(b);
            r.next();
        }
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

// ------------------------------------------------------------------------------------------ dates

const AS_OF: (i32, u32, u32) = (2026, 11, 30);

fn as_of() -> NaiveDate {
    ymd(AS_OF.0, AS_OF.1, AS_OF.2)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid calendar date")
}

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    d + TimeDelta::days(days)
}

fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

fn random_date(rng: &mut Rng, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
    plus(lo, rng.range(0, days_between(lo, hi)))
}

/// `MM/DD/YYYY`
fn mdy(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.month(), d.day(), d.year())
}

/// `M/D/YYYY`
fn mdy_short(d: NaiveDate) -> String {
    format!("{}/{}/{:04}", d.month(), d.day(), d.year())
}

/// `MMDDYYYY`
fn mdy_compact(d: NaiveDate) -> String {
    format!("{:02}{:02}{:04}", d.month(), d.day(), d.year())
}

/// `YYYYMMDD`
fn ymd_compact(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// `YYYY-MM-DD`
fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn opt(d: Option<NaiveDate>, f: fn(NaiveDate) -> String) -> String {
    d.map(f).unwrap_or_default()
}

// ------------------------------------------------------------------------------------------ identifiers

/// NPI body for index `i`: an affine bijection of 0..200M onto 100000000..299999999, so indexes never collide.
/// Ranges: roster 0..providers, NPPES filler from there up, LEIE filler 150M+, payer filler 160M+,
/// planted not-on-roster 170M+.
fn npi(i: usize) -> String {
    const SPAN: u64 = 200_000_000;
    let body = 100_000_000 + (48_271 * i as u64 + 12_345_679) % SPAN;
    let body = body.to_string();
    format!("{body}{}", npi_check_digit(&body))
}

const LEIE_NPI_BASE: usize = 150_000_000;
const PAYER_FILLER_NPI_BASE: usize = 160_000_000;
const NOT_ON_ROSTER_NPI_BASE: usize = 170_000_000;
const OPT_OUT_NPI_BASE: usize = 180_000_000;
const REVALIDATION_NPI_BASE: usize = 190_000_000;

/// Luhn check digit over "80840" + the 9-digit body (the NPI standard).
fn npi_check_digit(body: &str) -> u32 {
    let payload: Vec<u32> = "80840"
        .chars()
        .chain(body.chars())
        .filter_map(|c| c.to_digit(10))
        .collect();
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// A DEA number: registrant letter, the last name's initial, six digits and the check digit.
fn dea_number(rng: &mut Rng, last: &str, prescriber: &str) -> String {
    let d: Vec<u32> = (0..6).map(|_| rng.below(10) as u32).collect();
    let check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10;
    let initial = last.chars().next().unwrap_or('X').to_ascii_uppercase();
    let digits: String = d.iter().map(|x| char::from(b'0' + *x as u8)).collect();
    format!("{prescriber}{initial}{digits}{check}")
}

/// License serials of one state: an affine bijection of 0..900000, so every license of a state (roster or
/// filler) has its own digits and therefore its own loose key (SPEC §3.3: letters and leading zeros dropped).
fn license_serial(state_salt: u64, k: usize) -> u64 {
    const SPAN: u64 = 900_000;
    1 + (17_017 * k as u64 + state_salt * 7_919) % SPAN
}

// ------------------------------------------------------------------------------------------ names

/// Roster last names: consonants B D F G K L M N P R S T V only.
const A_CONSONANTS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u"];
const CODAS: &[&str] = &["", "", "", "", "n", "r", "l", "s", "t", "m"];
/// LEIE names: every word carries one of these (never in a roster or planted name).
const B_ONSETS: &[&str] = &["ch", "j", "w", "z", "h", "y", "x", "wh", "zh", "c"];

fn title(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

fn a_syllable(rng: &mut Rng) -> String {
    format!(
        "{}{}{}",
        rng.pick(A_CONSONANTS),
        rng.pick(VOWELS),
        rng.pick(CODAS)
    )
}

/// A roster-alphabet word of 2–3 syllables (never a 2-letter noise token such as `DO` or `PA`).
fn a_word(rng: &mut Rng) -> String {
    let n = 2 + usize::from(rng.chance(0.45));
    title(&(0..n).map(|_| a_syllable(rng)).collect::<String>())
}

fn roster_last_name(rng: &mut Rng) -> String {
    if rng.chance(0.06) {
        format!("{}-{}", a_word(rng), a_word(rng))
    } else {
        a_word(rng)
    }
}

/// An LEIE-alphabet word: roster syllables plus one syllable opening with a consonant no roster name has.
fn b_word(rng: &mut Rng) -> String {
    let b = format!(
        "{}{}{}",
        rng.pick(B_ONSETS),
        rng.pick(VOWELS),
        rng.pick(CODAS)
    );
    let a = a_syllable(rng);
    title(&if rng.chance(0.5) { b + &a } else { a + &b })
}

/// The planted exclusion names: `Qu` + the index in roster syllables, unique, and sharing no word with any
/// roster or LEIE name (only they contain a Q).
fn c_name(k: usize) -> String {
    let mut s = String::from("qu");
    let mut k = k;
    for _ in 0..2 {
        s.push_str(A_CONSONANTS[k % A_CONSONANTS.len()]);
        k /= A_CONSONANTS.len();
        s.push_str(VOWELS[k % VOWELS.len()]);
        k /= VOWELS.len();
    }
    while k > 0 {
        s.push_str(A_CONSONANTS[k % A_CONSONANTS.len()]);
        k /= A_CONSONANTS.len();
        s.push('o');
    }
    title(&s)
}

const FIRST_NAMES: &[&str] = &[
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Christopher",
    "Lisa",
    "Daniel",
    "Nancy",
    "Matthew",
    "Betty",
    "Anthony",
    "Margaret",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Kimberly",
    "Paul",
    "Emily",
    "Andrew",
    "Donna",
    "Joshua",
    "Michelle",
    "Kenneth",
    "Carol",
    "Kevin",
    "Amanda",
    "Brian",
    "Dorothy",
    "George",
    "Melissa",
    "Timothy",
    "Deborah",
    "Ronald",
    "Stephanie",
    "Edward",
    "Rebecca",
    "Jason",
    "Sharon",
    "Jeffrey",
    "Laura",
    "Ryan",
    "Cynthia",
    "Jacob",
    "Kathleen",
    "Gary",
    "Amy",
    "Nicholas",
    "Angela",
    "Eric",
    "Shirley",
    "Jonathan",
    "Anna",
    "Stephen",
    "Brenda",
    "Larry",
    "Pamela",
    "Justin",
    "Emma",
    "Scott",
    "Nicole",
    "Brandon",
    "Helen",
    "Benjamin",
    "Samantha",
    "Samuel",
    "Katherine",
    "Gregory",
    "Christine",
    "Alexander",
    "Debra",
    "Frank",
    "Rachel",
    "Raymond",
    "Carolyn",
    "Priya",
    "Wei",
    "Olumide",
    "Yusuf",
    "Ines",
    "Hiroshi",
    "Valentina",
    "Oksana",
];

fn other_first_name(rng: &mut Rng, first: &str) -> String {
    loop {
        let alt = *rng.pick(FIRST_NAMES);
        if alt.as_bytes()[0] != first.as_bytes()[0] {
            return alt.to_string();
        }
    }
}

fn initial(rng: &mut Rng) -> String {
    if rng.chance(0.3) {
        String::new()
    } else {
        char::from(b'A' + rng.below(26) as u8).to_string()
    }
}

// ------------------------------------------------------------------------------------------ reference data

struct Spec {
    name: &'static str,
    taxonomy: &'static str,
    board: &'static str,
}

const PHYSICIAN_SPECS: &[Spec] = &[
    Spec {
        name: "Internal Medicine",
        taxonomy: "207R00000X",
        board: "ABIM - Internal Medicine",
    },
    Spec {
        name: "Family Medicine",
        taxonomy: "207Q00000X",
        board: "ABFM - Family Medicine",
    },
    Spec {
        name: "Pediatrics",
        taxonomy: "208000000X",
        board: "ABP - Pediatrics",
    },
    Spec {
        name: "Cardiovascular Disease",
        taxonomy: "207RC0000X",
        board: "ABIM - Cardiovascular Disease",
    },
    Spec {
        name: "Obstetrics & Gynecology",
        taxonomy: "207V00000X",
        board: "ABOG - Obstetrics and Gynecology",
    },
    Spec {
        name: "Diagnostic Radiology",
        taxonomy: "2085R0202X",
        board: "ABR - Diagnostic Radiology",
    },
    Spec {
        name: "Anesthesiology",
        taxonomy: "207L00000X",
        board: "ABA - Anesthesiology",
    },
    Spec {
        name: "Emergency Medicine",
        taxonomy: "207P00000X",
        board: "ABEM - Emergency Medicine",
    },
    Spec {
        name: "Psychiatry",
        taxonomy: "2084P0800X",
        board: "ABPN - Psychiatry",
    },
    Spec {
        name: "General Surgery",
        taxonomy: "208600000X",
        board: "ABS - Surgery",
    },
    Spec {
        name: "Orthopaedic Surgery",
        taxonomy: "207X00000X",
        board: "ABOS - Orthopaedic Surgery",
    },
    Spec {
        name: "Dermatology",
        taxonomy: "207N00000X",
        board: "ABD - Dermatology",
    },
    Spec {
        name: "Neurology",
        taxonomy: "2084N0400X",
        board: "ABPN - Neurology",
    },
    Spec {
        name: "Gastroenterology",
        taxonomy: "207RG0100X",
        board: "ABIM - Gastroenterology",
    },
];
const NP_SPECS: &[Spec] = &[
    Spec {
        name: "Family Nurse Practitioner",
        taxonomy: "363LF0000X",
        board: "",
    },
    Spec {
        name: "Adult Health Nurse Practitioner",
        taxonomy: "363LA2200X",
        board: "",
    },
    Spec {
        name: "Psychiatric Mental Health NP",
        taxonomy: "363LP0808X",
        board: "",
    },
];
const PA_SPECS: &[Spec] = &[
    Spec {
        name: "Physician Assistant",
        taxonomy: "363A00000X",
        board: "",
    },
    Spec {
        name: "Surgical Physician Assistant",
        taxonomy: "363AS0400X",
        board: "",
    },
];
const CRNA_SPEC: Spec = Spec {
    name: "Nurse Anesthetist",
    taxonomy: "367500000X",
    board: "",
};
const DPM_SPEC: Spec = Spec {
    name: "Podiatry",
    taxonomy: "213E00000X",
    board: "",
};

/// The five states with a board file, and how each writes a license number.
const BOARD_STATES: [&str; 5] = ["CT", "MA", "MO", "TX", "AL"];
/// A second-license state with no board file: never LICENSE_NOT_FOUND.
const UNCOVERED_STATE: &str = "NY";

const CITIES: &[(&str, &[&str], &str)] = &[
    (
        "CT",
        &["HARTFORD", "NEW HAVEN", "STAMFORD", "BRIDGEPORT"],
        "06",
    ),
    (
        "MA",
        &["BOSTON", "WORCESTER", "SPRINGFIELD", "LOWELL"],
        "02",
    ),
    ("MO", &["SAINT LOUIS", "KANSAS CITY", "COLUMBIA"], "63"),
    ("TX", &["HOUSTON", "DALLAS", "AUSTIN", "SAN ANTONIO"], "77"),
    (
        "AL",
        &["BIRMINGHAM", "MONTGOMERY", "MOBILE", "HUNTSVILLE"],
        "35",
    ),
    ("NY", &["NEW YORK", "BUFFALO", "ALBANY"], "10"),
];
const ALL_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY",
];
const STREETS: &[&str] = &[
    "MAIN ST",
    "OAK AVE",
    "MEDICAL CENTER DR",
    "WASHINGTON BLVD",
    "PARK AVE",
    "ELM ST",
    "HOSPITAL DR",
    "CHURCH ST",
    "RIVER RD",
    "STATE ST",
];

fn city_of(rng: &mut Rng, state: &str) -> (&'static str, String) {
    let (_, cities, zip) = CITIES
        .iter()
        .find(|(s, _, _)| *s == state)
        .copied()
        .unwrap_or(("", &["SPRINGFIELD"][..], "00"));
    (*rng.pick(cities), format!("{zip}{}", rng.digits(3)))
}

fn street(rng: &mut Rng) -> String {
    format!("{} {}", rng.range(1, 9999), rng.pick(STREETS))
}

const GROUP_TIN: &str = "06-1587342";
const OTHER_TIN: &str = "04-3321876";

// ------------------------------------------------------------------------------------------ the organization

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CredType {
    License,
    Dea,
    Board,
    Malpractice,
    Caqh,
    Recred,
}

/// What was done to a provider. Each planted provider carries exactly one problem (or near miss).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Plant {
    None,
    /// This provider's NPI is repeated on an extra roster row.
    DuplicateSource,
    NpiInvalid,
    NpiMissing,
    InvalidDate,
    Unrecognized,
    NpiNotFound,
    NpiDeactivated,
    NppesName,
    NppesLicenseMissing,
    LicenseNotFound,
    LicenseNotActive,
    LicenseDiscipline,
    LicenseExpMismatch,
    LicenseNumberMismatch,
    BoardName,
    Expired(CredType, i64),
    Expiring(CredType, i64),
    CredMissing,
    PsvStale,
    PsvMissing,
    EnrollMissing,
    EnrollNotActive,
    EnrollGap(i64),
    EnrollTaxId,
    PayerName,
    AfterTermination,
    ExclNpi,
    ExclNameDob,
    ExclPossible,
    OptOut,
    RevalExpired(i64),
    RevalExpiring(i64),
    // Near misses: they must raise nothing.
    NearOptOutEnded,
    NearReactivated,
    NearReinstated,
    NearDobCleared,
    NearOtherState,
}

impl Plant {
    fn code(self) -> Option<&'static str> {
        Some(match self {
            Plant::NpiInvalid => "NPI_INVALID",
            Plant::NpiMissing => "NPI_MISSING",
            Plant::InvalidDate => "INVALID_DATE",
            Plant::Unrecognized => "UNRECOGNIZED_VALUE",
            Plant::NpiNotFound => "NPI_NOT_FOUND",
            Plant::NpiDeactivated => "NPI_DEACTIVATED",
            Plant::NppesName | Plant::BoardName | Plant::PayerName => "NAME_MISMATCH",
            Plant::NppesLicenseMissing => "NPPES_LICENSE_MISSING",
            Plant::LicenseNotFound => "LICENSE_NOT_FOUND",
            Plant::LicenseNotActive => "LICENSE_NOT_ACTIVE",
            Plant::LicenseDiscipline => "LICENSE_DISCIPLINE",
            Plant::LicenseExpMismatch => "LICENSE_EXPIRATION_MISMATCH",
            Plant::LicenseNumberMismatch => "LICENSE_NUMBER_MISMATCH",
            Plant::Expired(..) => "CREDENTIAL_EXPIRED",
            Plant::Expiring(..) => "CREDENTIAL_EXPIRING",
            Plant::CredMissing => "CREDENTIAL_MISSING",
            Plant::PsvStale => "PSV_STALE",
            Plant::PsvMissing => "PSV_MISSING",
            Plant::EnrollMissing => "ENROLLMENT_MISSING",
            Plant::EnrollNotActive => "ENROLLMENT_NOT_ACTIVE",
            Plant::EnrollGap(_) => "ENROLLMENT_EFFECTIVE_GAP",
            Plant::EnrollTaxId => "ENROLLMENT_FIELD_MISMATCH",
            Plant::AfterTermination => "ENROLLED_AFTER_TERMINATION",
            Plant::ExclNpi | Plant::ExclNameDob => "EXCLUSION_MATCH",
            Plant::ExclPossible => "EXCLUSION_POSSIBLE_MATCH",
            Plant::OptOut => "MEDICARE_OPT_OUT",
            Plant::RevalExpired(_) => "CREDENTIAL_EXPIRED",
            Plant::RevalExpiring(_) => "CREDENTIAL_EXPIRING",
            Plant::DuplicateSource => "DUPLICATE_PROVIDER",
            Plant::None
            | Plant::NearReactivated
            | Plant::NearReinstated
            | Plant::NearDobCleared
            | Plant::NearOtherState
            | Plant::NearOptOutEnded => return None,
        })
    }

    fn uses_excluded_name(self) -> bool {
        matches!(
            self,
            Plant::ExclNpi
                | Plant::ExclNameDob
                | Plant::ExclPossible
                | Plant::NearReinstated
                | Plant::NearDobCleared
                | Plant::NearOtherState
        )
    }
}

#[derive(Clone)]
struct License {
    state: &'static str,
    /// As the board writes it.
    board_number: String,
    /// As the roster writes it (the same key, or a loose-key variant for LICENSE_NUMBER_MISMATCH).
    roster_number: String,
    issued: NaiveDate,
    exp: NaiveDate,
    psv: Option<NaiveDate>,
}

#[derive(Clone)]
struct Cred {
    number: String,
    exp: NaiveDate,
    psv: Option<NaiveDate>,
}

#[derive(Clone)]
struct Provider {
    pid: String,
    /// The real, valid NPI.
    npi: String,
    /// As the roster writes it.
    roster_npi: String,
    last: String,
    first: String,
    middle: String,
    suffix: &'static str,
    degree: &'static str,
    spec: &'static Spec,
    dob: NaiveDate,
    dob_text: String,
    status: &'static str,
    start: NaiveDate,
    term: Option<NaiveDate>,
    last_cred: NaiveDate,
    next_recred: Option<NaiveDate>,
    caqh_id: String,
    caqh: NaiveDate,
    lics: Vec<License>,
    dea: Option<Cred>,
    board: Option<Cred>,
    mal: Cred,
    /// The earliest payer effective date (on or before the start date).
    effective: NaiveDate,
    /// Realistic volume: days after the start date at which each payer (`AETNA`, `BCBS`, `UHC`) made the
    /// provider effective, when it trails the start date.
    payer_gaps: [Option<i64>; 3],
    /// Realistic volume: the Medicare revalidation due date, in days from as_of.
    reval_days: Option<i64>,
    sex: &'static str,
    plant: Plant,
}

impl Provider {
    fn is_active(&self) -> bool {
        matches!(self.status, "Active" | "On Leave")
    }

    fn terminated(&self) -> bool {
        self.status == "Terminated"
    }

    /// On the payer files: every provider with a usable NPI.
    fn enrolled(&self) -> bool {
        !matches!(self.plant, Plant::NpiInvalid | Plant::NpiMissing)
    }
}

struct Org {
    seed: u64,
    providers: Vec<Provider>,
    /// Extra roster rows: (index of the provider whose NPI they repeat, their own provider id).
    duplicates: Vec<(usize, String)>,
    /// Active enrollment rows for NPIs on no roster row (Aetna).
    not_on_roster: Vec<String>,
    expected: BTreeMap<String, u64>,
    cleared_by_dob: u64,
    /// (provider id, npi, code or near miss, what was done)
    planted: Vec<(String, String, String, String)>,
    /// Realistic volume: (code, credential type or payer) → findings, for `planted.csv`'s summary lines.
    volume: BTreeMap<(&'static str, &'static str), u64>,
}

/// How many of each plant, per provider.
const RATES: &[(&str, f64)] = &[
    ("duplicate", 0.003),
    ("npi_invalid", 0.002),
    ("npi_missing", 0.001),
    ("invalid_date", 0.002),
    ("unrecognized", 0.001),
    ("npi_not_found", 0.003),
    ("npi_deactivated", 0.002),
    ("nppes_name", 0.003),
    ("nppes_license_missing", 0.004),
    ("license_not_found", 0.004),
    ("license_not_active", 0.003),
    ("license_discipline", 0.002),
    ("license_exp_mismatch", 0.004),
    ("license_number_mismatch", 0.003),
    ("board_name", 0.002),
    ("expired", 0.006),
    ("expiring", 0.012),
    ("cred_missing", 0.003),
    ("psv_stale", 0.003),
    ("psv_missing", 0.004),
    ("enroll_missing", 0.005),
    ("enroll_not_active", 0.003),
    ("enroll_gap", 0.006),
    ("enroll_tax_id", 0.003),
    ("payer_name", 0.002),
    ("not_on_roster", 0.002),
    ("after_termination", 0.001),
    ("excl_npi", 0.0005),
    ("excl_name_dob", 0.0005),
    ("excl_possible", 0.0005),
    ("near_reactivated", 0.001),
    ("near_reinstated", 0.0005),
    ("near_dob_cleared", 0.0005),
    ("near_other_state", 0.0005),
    ("opt_out", 0.002),
    ("near_opt_out_ended", 0.001),
    ("reval_expired", 0.003),
    ("reval_expiring", 0.01),
];

impl Org {
    fn build(args: &Args) -> Org {
        let mut rng = Rng::new(args.seed, "providers");
        let mut serials: BTreeMap<&str, usize> = BTreeMap::new();
        let providers: Vec<Provider> = (0..args.providers)
            .map(|i| new_provider(&mut rng, i, &mut serials))
            .collect();
        let mut org = Org {
            seed: args.seed,
            providers,
            duplicates: Vec::new(),
            not_on_roster: Vec::new(),
            expected: BTreeMap::new(),
            cleared_by_dob: 0,
            planted: Vec::new(),
            volume: BTreeMap::new(),
        };
        org.plant(args);
        if args.volume == Volume::Realistic {
            org.add_volume();
        }
        org
    }

    /// The realistic-volume layer, on the active providers that carry no plant and are no near miss (their
    /// counts never move): every credential falls due somewhere in its renewal cycle (a small share has
    /// already lapsed), and each payer trails the start date for a share of providers. Every finding the
    /// rules will raise on them is counted into `expected` from the dates as written.
    fn add_volume(&mut self) {
        let mut rng = Rng::new(self.seed, "volume");
        let today = as_of();
        for p in &mut self.providers {
            if p.plant != Plant::None || !p.is_active() {
                continue;
            }
            for l in &mut p.lics {
                // A lapsed license still expired after it was issued.
                let lapse = LAPSED_DAYS.min(days_between(l.issued, today) - 1);
                l.exp = plus(today, due_in_cycle(&mut rng, LICENSE_CYCLE_DAYS, lapse));
            }
            if let Some(c) = &mut p.dea {
                c.exp = plus(today, due_in_cycle(&mut rng, DEA_CYCLE_DAYS, LAPSED_DAYS));
            }
            if let Some(c) = &mut p.board {
                c.exp = plus(today, due_in_cycle(&mut rng, BOARD_CYCLE_DAYS, LAPSED_DAYS));
            }
            p.mal.exp = plus(
                today,
                due_in_cycle(&mut rng, MALPRACTICE_CYCLE_DAYS, LAPSED_DAYS),
            );
            let caqh_due = due_in_cycle(&mut rng, CAQH_DAYS, CAQH_LAPSED_DAYS);
            p.caqh = plus(today, caqh_due - CAQH_DAYS);
            // Recredentialing: the last decision moves, and every PSV date with it (same offsets, so each
            // stays inside the PSV window before the decision).
            let due = plus(
                today,
                due_in_cycle(&mut rng, RECRED_CYCLE_DAYS, LAPSED_DAYS),
            );
            let decided = due
                .checked_sub_months(Months::new(RECRED_MONTHS))
                .expect("in range");
            let shift = days_between(p.last_cred, decided);
            p.last_cred = decided;
            if p.next_recred.is_some() {
                p.next_recred = Some(recred_due(decided));
            }
            let psvs = p
                .lics
                .iter_mut()
                .map(|l| &mut l.psv)
                .chain(p.dea.iter_mut().map(|c| &mut c.psv))
                .chain(p.board.iter_mut().map(|c| &mut c.psv))
                .chain(std::iter::once(&mut p.mal.psv));
            for psv in psvs {
                *psv = psv.map(|d| plus(d, shift));
            }
            p.reval_days = Some(due_in_cycle(&mut rng, REVAL_CYCLE_DAYS, LAPSED_DAYS));
            let since_start = days_between(p.start, today);
            for gap in &mut p.payer_gaps {
                if rng.chance(PAYER_GAP_SHARE) {
                    *gap = Some(rng.range(1, PAYER_GAP_MAX_DAYS.min(since_start)));
                }
            }
        }
        let mut volume: BTreeMap<(&'static str, &'static str), u64> = BTreeMap::new();
        for p in &self.providers {
            if p.plant != Plant::None || !p.is_active() {
                continue;
            }
            for (credential, due, window) in volume_dues(p) {
                let days = days_between(today, due);
                let code = if days < 0 {
                    "CREDENTIAL_EXPIRED"
                } else if days <= window {
                    "CREDENTIAL_EXPIRING"
                } else {
                    continue;
                };
                *volume.entry((code, credential)).or_default() += 1;
            }
            for (payer, gap) in PAYERS.iter().zip(p.payer_gaps) {
                if gap.is_some() {
                    *volume
                        .entry(("ENROLLMENT_EFFECTIVE_GAP", payer))
                        .or_default() += 1;
                }
            }
        }
        for (&(code, _), n) in &volume {
            *self.expected.entry(code.to_string()).or_default() += n;
        }
        self.volume = volume;
    }

    /// Assign the plants to random active providers, one each, and apply them.
    fn plant(&mut self, args: &Args) {
        let mut rng = Rng::new(args.seed, "plants");
        let n = self.providers.len();
        let count = |rate: f64| ((n as f64 * rate).round() as usize).max(1);
        let mut excluded_names = 0usize;
        for &(what, rate) in RATES {
            for k in 0..count(rate) {
                if what == "not_on_roster" {
                    let npi = npi(NOT_ON_ROSTER_NPI_BASE + k);
                    self.record_plant(
                        "",
                        &npi,
                        "ENROLLED_NOT_ON_ROSTER",
                        "active Aetna row, NPI on no roster row",
                    );
                    self.not_on_roster.push(npi);
                    continue;
                }
                let plant = match what {
                    "expired" => {
                        let t = *rng.pick(&[
                            CredType::Dea,
                            CredType::Malpractice,
                            CredType::Board,
                            CredType::Caqh,
                            CredType::Recred,
                        ]);
                        Plant::Expired(t, -rng.range(1, 365))
                    }
                    "expiring" => {
                        let t = *rng.pick(&[
                            CredType::License,
                            CredType::Dea,
                            CredType::Malpractice,
                            CredType::Board,
                            CredType::Caqh,
                            CredType::Recred,
                        ]);
                        let max = if t == CredType::Caqh { 30 } else { 90 };
                        Plant::Expiring(t, rng.range(0, max))
                    }
                    "enroll_gap" => Plant::EnrollGap(rng.range(1, 180)),
                    "reval_expired" => Plant::RevalExpired(-rng.range(1, 365)),
                    "reval_expiring" => Plant::RevalExpiring(rng.range(0, 90)),
                    other => plant_named(other),
                };
                let i = self.pick_provider(&mut rng, plant);
                if plant.uses_excluded_name() {
                    self.providers[i].last = c_name(excluded_names);
                    excluded_names += 1;
                }
                self.apply(&mut rng, i, plant);
            }
        }
        self.duplicates.sort_by(|a, b| a.1.cmp(&b.1));
    }

    fn pick_provider(&self, rng: &mut Rng, plant: Plant) -> usize {
        loop {
            let i = rng.below(self.providers.len());
            let p = &self.providers[i];
            if p.plant != Plant::None {
                continue;
            }
            let physician = matches!(p.degree, "MD" | "DO");
            let ok = match plant {
                Plant::AfterTermination => p.terminated(),
                _ if !p.is_active() => false,
                Plant::CredMissing
                | Plant::Expired(CredType::Board, _)
                | Plant::Expiring(CredType::Board, _) => physician,
                // The TX file has no status and no discipline column.
                Plant::LicenseNotActive | Plant::LicenseDiscipline => p.lics[0].state != "TX",
                // One license, so that exactly one NPPES license is missing.
                Plant::NppesLicenseMissing => p.lics.len() == 1,
                Plant::EnrollGap(gap) => days_between(p.start, as_of()) >= gap,
                _ => true,
            };
            if ok {
                return i;
            }
        }
    }

    fn record_plant(&mut self, pid: &str, npi: &str, code: &str, what: &str) {
        self.planted
            .push((pid.into(), npi.into(), code.into(), what.into()));
        if !code.starts_with("near miss") {
            *self.expected.entry(code.to_string()).or_default() += 1;
        }
    }

    fn apply(&mut self, rng: &mut Rng, i: usize, plant: Plant) {
        let today = as_of();
        let n_providers = self.providers.len();
        let p = &mut self.providers[i];
        p.plant = plant;
        let what: String = match plant {
            Plant::DuplicateSource => {
                let pid = format!("MHP-{:06}", n_providers + self.duplicates.len() + 1);
                self.duplicates.push((i, pid.clone()));
                format!("NPI repeated on roster row {pid} (second site)")
            }
            Plant::NpiInvalid => {
                let last = p
                    .npi
                    .chars()
                    .last()
                    .and_then(|c| c.to_digit(10))
                    .unwrap_or(0);
                p.roster_npi = format!("{}{}", &p.npi[..9], (last + 1) % 10);
                format!("roster NPI {} has a wrong check digit", p.roster_npi)
            }
            Plant::NpiMissing => {
                p.roster_npi.clear();
                "roster NPI blank".into()
            }
            Plant::InvalidDate => {
                p.dob_text = format!("02/30/{}", p.dob.year());
                format!("DOB {} is not a date", p.dob_text)
            }
            Plant::Unrecognized => {
                p.status = "LOA";
                "roster status LOA".into()
            }
            Plant::NpiNotFound => "NPI left out of the NPPES file".into(),
            Plant::NpiDeactivated => "NPPES deactivation date, no reactivation".into(),
            Plant::NppesName => "NPPES first name differs".into(),
            Plant::NppesLicenseMissing => "NPPES lists only a stale NJ license".into(),
            Plant::LicenseNotFound => {
                format!("{} license left out of the board file", p.lics[0].state)
            }
            Plant::LicenseNotActive => format!("{} board status not active", p.lics[0].state),
            Plant::LicenseDiscipline => format!("{} board shows discipline", p.lics[0].state),
            Plant::LicenseExpMismatch => {
                format!("{} board expiration one year later", p.lics[0].state)
            }
            Plant::LicenseNumberMismatch => {
                let l = &mut p.lics[0];
                l.roster_number = loose_variant(&l.board_number);
                format!(
                    "roster license {} vs board {}",
                    l.roster_number, l.board_number
                )
            }
            Plant::BoardName => format!("{} board first name differs", p.lics[0].state),
            Plant::Expired(t, days) | Plant::Expiring(t, days) => {
                let due = plus(today, days);
                match t {
                    CredType::License => p.lics[0].exp = due,
                    CredType::Dea => {
                        if p.dea.is_none() {
                            p.dea = Some(Cred {
                                number: dea_number(rng, &p.last, "M"),
                                exp: due,
                                psv: Some(plus(p.last_cred, -rng.range(0, 90))),
                            });
                        }
                        p.dea.as_mut().expect("set above").exp = due;
                    }
                    CredType::Board => p.board.as_mut().expect("physicians are boarded").exp = due,
                    CredType::Malpractice => p.mal.exp = due,
                    CredType::Caqh => p.caqh = plus(due, -120),
                    CredType::Recred => p.next_recred = Some(due),
                }
                format!("{t:?} due {} ({days} days from as_of)", iso(due))
            }
            Plant::CredMissing => {
                p.board = None;
                format!("{} without board certification", p.degree)
            }
            Plant::PsvStale => {
                p.lics[0].psv = Some(plus(p.last_cred, -200));
                "license PSV 200 days before the credentialing decision".into()
            }
            Plant::PsvMissing => {
                p.lics[0].psv = None;
                "license PSV date blank".into()
            }
            Plant::EnrollMissing => "no Aetna row".into(),
            Plant::EnrollNotActive => "only UHC row is Pending".into(),
            Plant::EnrollGap(gap) => format!("BCBS effective {gap} days after the start date"),
            Plant::EnrollTaxId => format!("UHC tax id {OTHER_TIN}"),
            Plant::PayerName => "Aetna last name differs".into(),
            Plant::AfterTermination => "terminated on the roster, Aetna row still PAR".into(),
            Plant::ExclNpi => "LEIE row with the NPI".into(),
            Plant::ExclNameDob => "LEIE row, same name and date of birth, no NPI".into(),
            Plant::ExclPossible => "LEIE row, same name and state, no date of birth".into(),
            Plant::NearReactivated => "NPPES deactivated, then reactivated".into(),
            Plant::NearReinstated => "LEIE row with the NPI, reinstated before as_of".into(),
            Plant::NearDobCleared => {
                self.cleared_by_dob += 1;
                "LEIE row, same name, other date of birth (cleared by DOB)".into()
            }
            Plant::NearOtherState => "LEIE row, same name, no date of birth, state WA".into(),
            Plant::OptOut => "Medicare opt-out in force on as_of".into(),
            Plant::NearOptOutEnded => "Medicare opt-out that ended before as_of".into(),
            Plant::RevalExpired(d) => format!("Medicare revalidation due {} days ago", -d),
            Plant::RevalExpiring(d) => format!("Medicare revalidation due in {d} days"),
            Plant::None => return,
        };
        let code = plant.code().unwrap_or("near miss");
        let (pid, npi) = (p.pid.clone(), p.npi.clone());
        let code = if code == "near miss" {
            format!("near miss {plant:?}")
        } else {
            code.to_string()
        };
        self.record_plant(&pid, &npi, &code, &what);
    }

    fn nppes_roster_rows(&self) -> usize {
        self.providers
            .iter()
            .filter(|p| p.plant != Plant::NpiNotFound)
            .count()
    }

    fn max_board_roster_rows(&self) -> usize {
        BOARD_STATES
            .iter()
            .map(|s| {
                self.providers
                    .iter()
                    .flat_map(|p| &p.lics)
                    .filter(|l| l.state == *s)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }
}

/// Realistic volume: renewal cycles (the share of a cycle inside the reporting window is the share of
/// providers due there: malpractice 91/365, CAQH 31/120, licenses 91/730, DEA 91/1095, recredentialing
/// 91/1096, board certification and Medicare revalidation 91/1826).
const MALPRACTICE_CYCLE_DAYS: i64 = 365;
const CAQH_DAYS: i64 = 120;
const LICENSE_CYCLE_DAYS: i64 = 730;
const DEA_CYCLE_DAYS: i64 = 1095;
const BOARD_CYCLE_DAYS: i64 = 1826;
const RECRED_MONTHS: u32 = 36;
const RECRED_CYCLE_DAYS: i64 = 1096;
const REVAL_CYCLE_DAYS: i64 = 1826;
/// The share of each credential type already lapsed, and by how many days at most.
const LAPSED_SHARE: f64 = 0.015;
const LAPSED_DAYS: i64 = 180;
const CAQH_LAPSED_DAYS: i64 = 60;
/// The share of providers each payer made effective after the start date, and the longest such gap.
const PAYER_GAP_SHARE: f64 = 0.2;
const PAYER_GAP_MAX_DAYS: i64 = 120;
/// The payers, in the order of `Provider::payer_gaps` (the names the enrollment sources give).
const PAYERS: [&str; 3] = ["Aetna", "Anthem BCBS", "UnitedHealthcare"];
const AETNA: usize = 0;
const BCBS: usize = 1;
const UHC: usize = 2;

/// A due date in days from as_of: lapsed (1..=`lapsed` days ago) for `LAPSED_SHARE` of credentials, else
/// uniform over the renewal cycle.
fn due_in_cycle(rng: &mut Rng, cycle: i64, lapsed: i64) -> i64 {
    if rng.chance(LAPSED_SHARE) {
        -rng.range(1, lapsed)
    } else {
        rng.range(0, cycle - 1)
    }
}

fn recred_due(decided: NaiveDate) -> NaiveDate {
    decided
        .checked_add_months(Months::new(RECRED_MONTHS))
        .expect("in range")
}

/// What the expiration rules see for a provider of the volume layer: (credential type, due date, window in
/// days). The board's license date equals the roster's; recredentialing is the next date, else the last
/// decision + 36 months (no state of the set shortens the cycle).
fn volume_dues(p: &Provider) -> Vec<(&'static str, NaiveDate, i64)> {
    let mut dues: Vec<(&'static str, NaiveDate, i64)> = p
        .lics
        .iter()
        .map(|l| ("state_license", l.exp, 90))
        .collect();
    dues.extend(p.dea.as_ref().map(|c| ("dea", c.exp, 90)));
    dues.extend(p.board.as_ref().map(|c| ("board_certification", c.exp, 90)));
    dues.push(("malpractice", p.mal.exp, 90));
    dues.push(("caqh_attestation", plus(p.caqh, CAQH_DAYS), 30));
    let recred = p.next_recred.unwrap_or_else(|| recred_due(p.last_cred));
    dues.push(("recredentialing", recred, 90));
    if let Some(d) = p.reval_days {
        dues.push(("medicare_revalidation", plus(as_of(), d), 90));
    }
    dues
}

fn plant_named(name: &str) -> Plant {
    match name {
        "duplicate" => Plant::DuplicateSource,
        "npi_invalid" => Plant::NpiInvalid,
        "npi_missing" => Plant::NpiMissing,
        "invalid_date" => Plant::InvalidDate,
        "unrecognized" => Plant::Unrecognized,
        "npi_not_found" => Plant::NpiNotFound,
        "npi_deactivated" => Plant::NpiDeactivated,
        "nppes_name" => Plant::NppesName,
        "nppes_license_missing" => Plant::NppesLicenseMissing,
        "license_not_found" => Plant::LicenseNotFound,
        "license_not_active" => Plant::LicenseNotActive,
        "license_discipline" => Plant::LicenseDiscipline,
        "license_exp_mismatch" => Plant::LicenseExpMismatch,
        "license_number_mismatch" => Plant::LicenseNumberMismatch,
        "board_name" => Plant::BoardName,
        "cred_missing" => Plant::CredMissing,
        "psv_stale" => Plant::PsvStale,
        "psv_missing" => Plant::PsvMissing,
        "enroll_missing" => Plant::EnrollMissing,
        "enroll_not_active" => Plant::EnrollNotActive,
        "enroll_tax_id" => Plant::EnrollTaxId,
        "payer_name" => Plant::PayerName,
        "after_termination" => Plant::AfterTermination,
        "excl_npi" => Plant::ExclNpi,
        "excl_name_dob" => Plant::ExclNameDob,
        "excl_possible" => Plant::ExclPossible,
        "near_reactivated" => Plant::NearReactivated,
        "near_reinstated" => Plant::NearReinstated,
        "near_dob_cleared" => Plant::NearDobCleared,
        "near_other_state" => Plant::NearOtherState,
        "opt_out" => Plant::OptOut,
        "near_opt_out_ended" => Plant::NearOptOutEnded,
        other => unreachable!("no plant named {other}"),
    }
}

/// The effective date a payer gives the provider: the start date + the payer's gap when it trails, else
/// the common effective date (on or before the start date).
fn payer_effective(p: &Provider, payer: usize) -> NaiveDate {
    p.payer_gaps[payer].map_or(p.effective, |gap| plus(p.start, gap))
}

/// A number with a different strict key but the same loose key (SPEC §3.3): letters dropped, or a zero added.
fn loose_variant(board_number: &str) -> String {
    if board_number.starts_with(|c: char| c.is_ascii_alphabetic()) {
        board_number
            .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == '.')
            .to_string()
    } else {
        format!("0{board_number}")
    }
}

/// How a state's board writes license number `serial`.
fn license_number(state: &str, serial: u64, degree: &str) -> String {
    match state {
        "CT" => format!("{serial:06}"),
        "MA" => format!("{}", 10_000 + serial),
        "MO" => format!("20{serial:08}"),
        "TX" => {
            let letter = b"GHJKLMNPQRS"[(serial % 11) as usize];
            format!("{}{serial:06}", char::from(letter))
        }
        "AL" => {
            let prefix = match degree {
                "MD" | "DO" | "DPM" => degree,
                "PA" => "PA",
                _ => "RN",
            };
            format!("{prefix}.{serial:06}")
        }
        _ => format!("{serial:06}"),
    }
}

fn state_salt(state: &str) -> u64 {
    state.bytes().fold(0u64, |h, b| h * 31 + u64::from(b))
}

fn next_license(
    rng: &mut Rng,
    serials: &mut BTreeMap<&'static str, usize>,
    state: &'static str,
    degree: &str,
    start: NaiveDate,
    last_cred: NaiveDate,
) -> License {
    let k = serials.entry(state).or_default();
    let serial = license_serial(state_salt(state), *k);
    *k += 1;
    let number = license_number(state, serial, degree);
    let today = as_of();
    License {
        state,
        roster_number: number.clone(),
        board_number: number,
        issued: plus(start, -rng.range(30, 3650)),
        exp: plus(today, rng.range(120, 1100)),
        psv: Some(plus(last_cred, -rng.range(0, 90))),
    }
}

/// A clean provider: every credential current beyond 90 days, PSV inside the window, recently attested.
fn new_provider(rng: &mut Rng, i: usize, serials: &mut BTreeMap<&'static str, usize>) -> Provider {
    let today = as_of();
    let roll = rng.below(100);
    let (degree, spec): (&'static str, &'static Spec) = match roll {
        0..=57 => ("MD", rng.pick(PHYSICIAN_SPECS)),
        58..=67 => ("DO", rng.pick(PHYSICIAN_SPECS)),
        68..=84 => ("NP", rng.pick(NP_SPECS)),
        85..=95 => ("PA", rng.pick(PA_SPECS)),
        96..=97 => ("CRNA", &CRNA_SPEC),
        _ => ("DPM", &DPM_SPEC),
    };
    let physician = matches!(degree, "MD" | "DO");
    let last = roster_last_name(rng);
    let first = rng.pick(FIRST_NAMES).to_string();
    let dob = random_date(rng, ymd(1948, 1, 1), ymd(1996, 12, 31));
    let status_roll = rng.below(1000);
    let (status, term) = match status_roll {
        0..=29 => ("Terminated", None),
        30..=39 => ("On Leave", None),
        40..=44 => ("Active", Some(plus(today, rng.range(1, 400)))),
        _ => ("Active", None),
    };
    let start = random_date(rng, ymd(1998, 1, 1), plus(today, -60));
    let term = if status == "Terminated" {
        let lo = plus(start, 30).max(plus(today, -700));
        Some(random_date(rng, lo.min(plus(today, -1)), plus(today, -1)))
    } else {
        term
    };
    let last_cred = random_date(rng, ymd(2024, 4, 1), plus(today, -7));
    let next_recred = rng.chance(0.7).then(|| {
        last_cred
            .checked_add_months(Months::new(36))
            .expect("in range")
    });
    let state1 = *rng.pick(&BOARD_STATES);
    let mut lics = vec![next_license(rng, serials, state1, degree, start, last_cred)];
    if rng.chance(0.18) {
        let state2 = if rng.chance(0.5) {
            UNCOVERED_STATE
        } else {
            loop {
                let s = *rng.pick(&BOARD_STATES);
                if s != state1 {
                    break s;
                }
            }
        };
        lics.push(next_license(rng, serials, state2, degree, start, last_cred));
    }
    let clean_cred = |rng: &mut Rng, number: String| Cred {
        number,
        exp: plus(today, rng.range(120, 1100)),
        psv: Some(plus(last_cred, -rng.range(0, 90))),
    };
    let dea = (physician || (degree != "CRNA" && rng.chance(0.5))).then(|| {
        let n = dea_number(rng, &last, if physician { "B" } else { "M" });
        clean_cred(rng, n)
    });
    let board = physician.then(|| clean_cred(rng, spec.board.to_string()));
    let mal = Cred {
        number: format!("PRA-{}", rng.digits(6)),
        exp: plus(today, rng.range(120, 700)),
        psv: None,
    };
    let npi = npi(i);
    Provider {
        pid: format!("MHP-{:06}", i + 1),
        roster_npi: npi.clone(),
        npi,
        last,
        first,
        middle: initial(rng),
        suffix: match rng.below(100) {
            0..=1 => "Jr.",
            2 => "III",
            _ => "",
        },
        degree,
        spec,
        dob,
        dob_text: mdy(dob),
        status,
        start,
        term,
        last_cred,
        next_recred,
        caqh_id: rng.range(10_000_000, 19_999_999).to_string(),
        caqh: plus(today, -rng.range(1, 85)),
        lics,
        dea,
        board,
        mal,
        effective: plus(start, -rng.range(0, 45)),
        payer_gaps: [None; 3],
        reval_days: None,
        sex: if rng.chance(0.5) { "F" } else { "M" },
        plant: Plant::None,
    }
}

// ------------------------------------------------------------------------------------------ writing

fn create(dir: &Path, name: &str) -> Result<BufWriter<File>> {
    Ok(BufWriter::with_capacity(
        1 << 20,
        File::create(dir.join(name))?,
    ))
}

/// One delimited record; fields holding the delimiter, a quote or a line break are quoted.
fn record(out: &mut impl Write, fields: &[&str], delim: u8, eol: &str) -> Result<()> {
    let mut line = Vec::with_capacity(256);
    for (k, f) in fields.iter().enumerate() {
        if k > 0 {
            line.push(delim);
        }
        let needs = f
            .bytes()
            .any(|b| b == delim || b == b'"' || b == b'\n' || b == b'\r');
        if needs {
            quoted(&mut line, f);
        } else {
            line.extend_from_slice(f.as_bytes());
        }
    }
    line.extend_from_slice(eol.as_bytes());
    out.write_all(&line)?;
    Ok(())
}

fn quoted(line: &mut Vec<u8>, f: &str) {
    line.push(b'"');
    for b in f.bytes() {
        if b == b'"' {
            line.push(b'"');
        }
        line.push(b);
    }
    line.push(b'"');
}

/// Every field quoted (NPPES and LEIE).
fn record_all_quoted(out: &mut impl Write, fields: &[&str], line: &mut Vec<u8>) -> Result<()> {
    line.clear();
    for (k, f) in fields.iter().enumerate() {
        if k > 0 {
            line.push(b',');
        }
        quoted(line, f);
    }
    line.extend_from_slice(b"\r\n");
    out.write_all(line)?;
    Ok(())
}

/// windows-1252 bytes of a Latin-1 text (the MA file).
fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

const ROSTER_COLUMNS: [&str; 35] = [
    "Provider ID",
    "NPI",
    "Last Name",
    "First Name",
    "Middle Name",
    "Suffix",
    "Degree",
    "Specialty",
    "Taxonomy",
    "DOB",
    "Tax ID",
    "Status",
    "Start Date",
    "Term Date",
    "Last Credentialed",
    "Next Recredential",
    "CAQH ID",
    "CAQH Attested",
    "License #",
    "License State",
    "License Issued",
    "License Exp",
    "License PSV Date",
    "License 2 #",
    "License 2 State",
    "License 2 Exp",
    "License 2 PSV Date",
    "DEA #",
    "DEA Exp",
    "DEA PSV Date",
    "Board Certification",
    "Board Cert Exp",
    "Board PSV Date",
    "Malpractice Policy #",
    "Malpractice Exp",
];

const NPPES_FILE: &str = "npidata_pfile_20050523-20261108.csv";
const NPPES_HEADER: &str = include_str!("../tests/fixtures/real/nppes_v2_header.csv");
const LEIE_FIXTURE: &str = include_str!("../tests/fixtures/real/leie_UPDATED.csv");

struct Board {
    state: &'static str,
    file: &'static str,
}

const BOARDS: [Board; 5] = [
    Board {
        state: "CT",
        file: "ct_board_licenses.csv",
    },
    Board {
        state: "MA",
        file: "ma_board_export.txt",
    },
    Board {
        state: "MO",
        file: "mo_physicians.txt",
    },
    Board {
        state: "TX",
        file: "tx_licfile.csv",
    },
    Board {
        state: "AL",
        file: "al_bme_licensees.csv",
    },
];

/// One board record, before it is laid out in a state's format.
struct BoardRow {
    number: String,
    last: String,
    first: String,
    middle: String,
    license_type: &'static str,
    /// true = the state's active wording; false = `not_active_text`.
    active: bool,
    not_active_text: &'static str,
    discipline: bool,
    issued: Option<NaiveDate>,
    exp: NaiveDate,
    city: &'static str,
    zip: String,
    street: String,
    phone: String,
}

fn license_type(state: &str, degree: &str) -> &'static str {
    match (state, degree) {
        ("CT" | "AL" | "MA" | "MO" | "TX", "MD") => "Physician",
        (_, "DO") => "Osteopathic Physician",
        (_, "NP") => "APRN",
        (_, "PA") => "Physician Assistant",
        (_, "CRNA") => "CRNA",
        (_, "DPM") => "Podiatrist",
        _ => "Physician",
    }
}

impl Org {
    fn rng(&self, stream: &str) -> Rng {
        Rng::new(self.seed, stream)
    }

    fn roster_row(&self, p: &Provider, pid: &str, buf: &mut Vec<String>) {
        let l1 = &p.lics[0];
        let l2 = p.lics.get(1);
        let cred = |c: &Option<Cred>, f: fn(&Cred) -> String| c.as_ref().map(f).unwrap_or_default();
        buf.clear();
        buf.extend([
            pid.to_string(),
            p.roster_npi.clone(),
            p.last.clone(),
            p.first.clone(),
            p.middle.clone(),
            p.suffix.to_string(),
            p.degree.to_string(),
            p.spec.name.to_string(),
            p.spec.taxonomy.to_string(),
            p.dob_text.clone(),
            GROUP_TIN.to_string(),
            p.status.to_string(),
            mdy(p.start),
            opt(p.term, mdy),
            mdy(p.last_cred),
            opt(p.next_recred, mdy),
            p.caqh_id.clone(),
            mdy(p.caqh),
            l1.roster_number.clone(),
            l1.state.to_string(),
            mdy(l1.issued),
            mdy(l1.exp),
            opt(l1.psv, mdy),
            l2.map(|l| l.roster_number.clone()).unwrap_or_default(),
            l2.map(|l| l.state.to_string()).unwrap_or_default(),
            l2.map(|l| mdy(l.exp)).unwrap_or_default(),
            l2.and_then(|l| l.psv).map(mdy).unwrap_or_default(),
            cred(&p.dea, |c| c.number.clone()),
            cred(&p.dea, |c| mdy(c.exp)),
            cred(&p.dea, |c| opt(c.psv, mdy)),
            cred(&p.board, |c| c.number.clone()),
            cred(&p.board, |c| mdy(c.exp)),
            cred(&p.board, |c| opt(c.psv, mdy)),
            p.mal.number.clone(),
            mdy(p.mal.exp),
        ]);
    }

    fn write_roster(&self, dir: &Path) -> Result<()> {
        let mut out = create(dir, "roster.csv")?;
        record(&mut out, &ROSTER_COLUMNS, b',', "\n")?;
        let mut buf = Vec::new();
        for p in &self.providers {
            self.roster_row(p, &p.pid, &mut buf);
            let fields: Vec<&str> = buf.iter().map(String::as_str).collect();
            record(&mut out, &fields, b',', "\n")?;
        }
        for (i, pid) in &self.duplicates {
            self.roster_row(&self.providers[*i], pid, &mut buf);
            let fields: Vec<&str> = buf.iter().map(String::as_str).collect();
            record(&mut out, &fields, b',', "\n")?;
        }
        out.flush()?;
        Ok(())
    }

    /// Rows of former providers (not on the roster, terminated with the payer): (npi, last, first, eff, term).
    fn payer_filler(
        &self,
        rng: &mut Rng,
        base: usize,
    ) -> Vec<(String, String, String, NaiveDate, NaiveDate)> {
        let n = self.providers.len() / 40;
        (0..n)
            .map(|k| {
                let eff = random_date(rng, ymd(2005, 1, 1), ymd(2022, 12, 31));
                let term = random_date(rng, plus(eff, 60), plus(as_of(), -1));
                (
                    npi(PAYER_FILLER_NPI_BASE + base + k),
                    a_word(rng),
                    rng.pick(FIRST_NAMES).to_string(),
                    eff,
                    term,
                )
            })
            .collect()
    }

    fn write_aetna(&self, dir: &Path) -> Result<()> {
        let mut rng = self.rng("aetna");
        let today = as_of();
        let mut rows: Vec<[String; 11]> = Vec::new();
        for p in self.providers.iter().filter(|p| p.enrolled()) {
            if p.plant == Plant::EnrollMissing {
                continue;
            }
            let last = if p.plant == Plant::PayerName {
                // Another alphabet: it can never match the roster's name.
                b_word(&mut rng)
            } else {
                p.last.clone()
            };
            let active_status = if rng.chance(0.6) {
                "PAR"
            } else {
                "Participating"
            };
            let (status, term) = if p.terminated() && p.plant != Plant::AfterTermination {
                ("Termed", p.term)
            } else {
                (active_status, p.term.filter(|t| *t > today))
            };
            let spec = if rng.chance(0.5) {
                p.spec.name.to_uppercase()
            } else {
                p.spec.name.to_string()
            };
            let comment = match rng.below(200) {
                0 => "Recredentialed; file complete\nretro request denied".to_string(),
                1..=6 => "Welcome letter on file".to_string(),
                _ => String::new(),
            };
            rows.push([
                p.npi.clone(),
                last,
                p.first.clone(),
                format!("AET{}", rng.digits(7)),
                GROUP_TIN.replace('-', ""),
                spec,
                p.lics[0].state.to_string(),
                status.to_string(),
                mdy(payer_effective(p, AETNA)),
                opt(term, mdy),
                comment,
            ]);
        }
        for (npi, last, first, eff, term) in self.payer_filler(&mut rng, 0) {
            rows.push([
                npi,
                last,
                first,
                format!("AET{}", rng.digits(7)),
                GROUP_TIN.replace('-', ""),
                "Internal Medicine".into(),
                BOARD_STATES[rng.below(5)].into(),
                "Termed".into(),
                mdy(eff),
                mdy(term),
                String::new(),
            ]);
        }
        for npi in &self.not_on_roster {
            rows.push([
                npi.clone(),
                a_word(&mut rng),
                rng.pick(FIRST_NAMES).to_string(),
                format!("AET{}", rng.digits(7)),
                GROUP_TIN.replace('-', ""),
                "Family Medicine".into(),
                BOARD_STATES[rng.below(5)].into(),
                "PAR".into(),
                mdy(plus(today, -rng.range(30, 900))),
                String::new(),
                String::new(),
            ]);
        }
        rows.sort_by(|a, b| (&a[1], &a[2], &a[0]).cmp(&(&b[1], &b[2], &b[0])));
        let mut out = create(dir, "aetna_enrollment.csv")?;
        record(
            &mut out,
            &[
                "Rendering NPI",
                "Provider Last Name",
                "Provider First Name",
                "Payer Provider ID",
                "TIN",
                "Specialty",
                "State",
                "Participation Status",
                "Effective Date",
                "Term Date",
                "Comments",
            ],
            b',',
            "\n",
        )?;
        for r in &rows {
            let fields: Vec<&str> = r.iter().map(String::as_str).collect();
            record(&mut out, &fields, b',', "\n")?;
        }
        out.flush()?;
        Ok(())
    }

    fn write_bcbs(&self, dir: &Path) -> Result<()> {
        let mut rng = self.rng("bcbs");
        let today = as_of();
        let mut rows: Vec<[String; 8]> = Vec::new();
        let name = |last: &str, first: &str, middle: &str| {
            format!(
                "{}, {} {}",
                last.to_uppercase(),
                first.to_uppercase(),
                middle
            )
            .trim()
            .to_string()
        };
        for p in self.providers.iter().filter(|p| p.enrolled()) {
            let lobs: &[&str] = if rng.chance(0.25) {
                &["Commercial PPO", "Medicare Advantage"]
            } else {
                &["Commercial PPO"]
            };
            for lob in lobs {
                let (status, eff, term) = if p.terminated() {
                    ("Terminated", p.effective, p.term)
                } else if let Plant::EnrollGap(gap) = p.plant {
                    ("In Network", plus(p.start, gap), None)
                } else if let Some(gap) = p.payer_gaps[BCBS] {
                    // Every line of business from the same later date.
                    (
                        "In Network",
                        plus(p.start, gap),
                        p.term.filter(|t| *t > today),
                    )
                } else {
                    (
                        "In Network",
                        plus(p.effective, -rng.range(0, 30)),
                        p.term.filter(|t| *t > today),
                    )
                };
                rows.push([
                    "Anthem BCBS".into(),
                    lob.to_string(),
                    p.npi.clone(),
                    name(&p.last, &p.first, &p.middle),
                    status.into(),
                    mdy_short(eff),
                    opt(term, mdy_short),
                    GROUP_TIN.into(),
                ]);
            }
        }
        for (npi, last, first, eff, term) in self.payer_filler(&mut rng, 1_000_000) {
            rows.push([
                "Anthem BCBS".into(),
                "Commercial PPO".into(),
                npi,
                name(&last, &first, ""),
                "Terminated".into(),
                mdy_short(eff),
                mdy_short(term),
                GROUP_TIN.into(),
            ]);
        }
        rows.sort_by(|a, b| (&a[3], &a[2], &a[1]).cmp(&(&b[3], &b[2], &b[1])));
        let mut out = create(dir, "bcbs_network_roster.psv")?;
        record(
            &mut out,
            &[
                "Payer",
                "Line of Business",
                "Individual NPI",
                "Provider Name",
                "Network Status",
                "Eff Date",
                "Term Date",
                "Tax ID",
            ],
            b'|',
            "\n",
        )?;
        for r in &rows {
            let fields: Vec<&str> = r.iter().map(String::as_str).collect();
            record(&mut out, &fields, b'|', "\n")?;
        }
        out.flush()?;
        Ok(())
    }

    fn write_uhc(&self, dir: &Path) -> Result<()> {
        let mut rng = self.rng("uhc");
        let today = as_of();
        let open_end = ymd(9999, 12, 31);
        let mut rows: Vec<[String; 11]> = Vec::new();
        for p in self.providers.iter().filter(|p| p.enrolled()) {
            let tin = if p.plant == Plant::EnrollTaxId {
                OTHER_TIN
            } else {
                GROUP_TIN
            };
            let (status, eff, term) = if p.terminated() {
                ("Terminated", Some(p.effective), p.term)
            } else if p.plant == Plant::EnrollNotActive {
                ("Pending", None, None)
            } else {
                (
                    "Active",
                    Some(payer_effective(p, UHC)),
                    Some(p.term.filter(|t| *t > today).unwrap_or(open_end)),
                )
            };
            rows.push([
                p.npi.clone(),
                p.last.clone(),
                p.first.clone(),
                p.middle.clone(),
                p.spec.name.into(),
                tin.replace('-', ""),
                p.lics[0].state.into(),
                status.into(),
                opt(eff, iso),
                opt(term, iso),
                format!("UHC{}", rng.digits(9)),
            ]);
        }
        for (npi, last, first, eff, term) in self.payer_filler(&mut rng, 2_000_000) {
            rows.push([
                npi,
                last,
                first,
                String::new(),
                "Internal Medicine".into(),
                GROUP_TIN.replace('-', ""),
                BOARD_STATES[rng.below(5)].into(),
                "Terminated".into(),
                iso(eff),
                iso(term),
                format!("UHC{}", rng.digits(9)),
            ]);
        }
        rows.sort_by(|a, b| a[0].cmp(&b[0]));
        let mut out = create(dir, "uhc_enrollment.csv")?;
        record(
            &mut out,
            &[
                "Provider NPI",
                "Last Name",
                "First Name",
                "Middle Initial",
                "Specialty Description",
                "Tax ID Number",
                "Practice State",
                "Enrollment Status",
                "Participation Effective Date",
                "Termination Date",
                "Network Provider ID",
            ],
            b',',
            "\n",
        )?;
        for r in &rows {
            let fields: Vec<&str> = r.iter().map(String::as_str).collect();
            record(&mut out, &fields, b',', "\n")?;
        }
        out.flush()?;
        Ok(())
    }

    fn board_rows(&self, rng: &mut Rng, state: &'static str, total: usize) -> Vec<BoardRow> {
        let today = as_of();
        let mut rows = Vec::with_capacity(total);
        for p in &self.providers {
            for (k, l) in p.lics.iter().enumerate() {
                if l.state != state {
                    continue;
                }
                let first_license = k == 0;
                if first_license && p.plant == Plant::LicenseNotFound {
                    continue;
                }
                let planted = |plant: Plant| first_license && p.plant == plant;
                let (city, zip) = city_of(rng, state);
                rows.push(BoardRow {
                    number: l.board_number.clone(),
                    last: p.last.clone(),
                    first: if planted(Plant::BoardName) {
                        other_first_name(rng, &p.first)
                    } else {
                        p.first.clone()
                    },
                    middle: p.middle.clone(),
                    license_type: license_type(state, p.degree),
                    active: !planted(Plant::LicenseNotActive),
                    not_active_text: "",
                    discipline: planted(Plant::LicenseDiscipline),
                    issued: Some(l.issued),
                    exp: if planted(Plant::LicenseExpMismatch) {
                        plus(l.exp, 365)
                    } else {
                        l.exp
                    },
                    city,
                    zip,
                    street: street(rng),
                    phone: format!("{}{}", rng.range(200, 989), rng.digits(7)),
                });
            }
        }
        // Filler serials continue after the roster's, so no two records share digits (or a loose key).
        let mut k = self
            .providers
            .iter()
            .flat_map(|p| &p.lics)
            .filter(|l| l.state == state)
            .count();
        while rows.len() < total {
            let serial = license_serial(state_salt(state), k);
            k += 1;
            let degree = *rng.pick(&["MD", "MD", "MD", "DO", "NP", "PA", "CRNA", "DPM"]);
            let issued = random_date(rng, ymd(1965, 1, 1), plus(today, -30));
            let active = rng.chance(0.72);
            let exp = if active {
                random_date(rng, plus(today, 1), plus(today, 900))
            } else {
                random_date(rng, plus(issued, 300), plus(today, 300))
            };
            let (city, zip) = city_of(rng, state);
            let mut last = a_word(rng);
            if state == "MA" && rng.chance(0.02) {
                last.push_str("-Fernández");
            }
            rows.push(BoardRow {
                number: license_number(state, serial, degree),
                last,
                first: rng.pick(FIRST_NAMES).to_string(),
                middle: initial(rng),
                license_type: license_type(state, degree),
                active,
                not_active_text: "",
                discipline: rng.chance(0.004),
                issued: rng.chance(0.97).then_some(issued),
                exp,
                city,
                zip,
                street: street(rng),
                phone: format!("{}{}", rng.range(200, 989), rng.digits(7)),
            });
        }
        // Interleave roster and filler records as a real export does (no order we rely on).
        for j in (1..rows.len()).rev() {
            let i = rng.below(j + 1);
            rows.swap(i, j);
        }
        for r in &mut rows {
            if !r.active {
                r.not_active_text = *rng.pick(match state {
                    "CT" => &["INACTIVE", "LAPSED", "EXPIRED"][..],
                    "MA" => &["Inactive", "Expired", "Revoked", "Retired"][..],
                    "MO" => &["Expired", "Inactive", "Suspended", "Revoked", "Surrendered"][..],
                    _ => &["Inactive", "Expired", "Lapsed", "Deceased", "Retired"][..],
                });
            }
        }
        rows
    }

    fn write_board(&self, dir: &Path, board: &Board, total: usize) -> Result<()> {
        let mut rng = self.rng(board.file);
        let rows = self.board_rows(&mut rng, board.state, total);
        let mut out = create(dir, board.file)?;
        let refreshed = mdy(plus(as_of(), -3));
        match board.state {
            "CT" => {
                out.write_all(b"\xEF\xBB\xBF")?;
                record(
                    &mut out,
                    &[
                        "CredentialId",
                        "Name",
                        "Type",
                        "FullCredentialCode",
                        "CredentialType",
                        "CredentialNumber",
                        "Credential",
                        "Status",
                        "StatusReason",
                        "Active",
                        "IssueDate",
                        "EffectiveDate",
                        "ExpirationDate",
                        "City",
                        "RecordRefreshedOn",
                    ],
                    b',',
                    "\n",
                )?;
                for (k, r) in rows.iter().enumerate() {
                    let name = format!("{} {} {}", r.first, r.middle, r.last)
                        .to_uppercase()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    let (status, reason) = if r.discipline {
                        ("PROBATION", "BOARD ORDER")
                    } else if r.active {
                        ("ACTIVE", "")
                    } else {
                        (r.not_active_text, "")
                    };
                    let id = (1_200_000 + k).to_string();
                    let code = format!("1.{}", r.number);
                    let issued = opt(r.issued, mdy);
                    let exp = mdy(r.exp);
                    record(
                        &mut out,
                        &[
                            &id,
                            &name,
                            "INDIVIDUAL",
                            &code,
                            "1",
                            &r.number,
                            &r.license_type.to_uppercase(),
                            status,
                            reason,
                            if r.active { "1" } else { "0" },
                            &issued,
                            &issued,
                            &exp,
                            r.city,
                            &refreshed,
                        ],
                        b',',
                        "\n",
                    )?;
                }
            }
            "MA" => {
                out.write_all(
                    b"License Number|Last Name|First Name|License Type|Status|Issue Date|Expiration Date|Discipline\r\n",
                )?;
                for r in &rows {
                    let status = if r.active {
                        "Active"
                    } else {
                        r.not_active_text
                    };
                    let line = format!(
                        "{}|{}|{}|{}|{}|{}|{}|{}\r\n",
                        r.number,
                        r.last,
                        r.first,
                        r.license_type,
                        status,
                        opt(r.issued, mdy_compact),
                        mdy_compact(r.exp),
                        if r.discipline { "Y" } else { "N" }
                    );
                    out.write_all(&cp1252(&line))?;
                }
            }
            "MO" => {
                let header = [
                    "prc_first_name",
                    "prc_middle_name",
                    "prc_last_name",
                    "prc_suffix",
                    "ba_address",
                    "ba_2address",
                    "ba_city",
                    "ba_state",
                    "ba_zip",
                    "ba_cnty",
                    "ba_cntry",
                    "lic_profession",
                    "lic_number",
                    "lst_description",
                    "lic_orig_issue_date",
                    "lic_exp_date",
                    "discipline",
                    "les_description",
                    "prc_dba_name",
                    "clas_description",
                    "ctype_description",
                    "cl_description",
                    "prc_entity_name",
                    "rel_type",
                    "rel_first_name",
                    "rel_middle_name",
                    "rel_last_name",
                    "rel_suffix",
                    "rel_prc_name",
                    "rel_lic_number",
                    "rel_addr1",
                    "rel_addr2",
                    "rel_city",
                    "rel_state",
                    "rel_zip_code",
                    "ld_description",
                    "employer_name",
                    "school_name",
                    "certification_title",
                ];
                record(&mut out, &header, b'\t', "\r\n")?;
                let mo_date = |d: NaiveDate| format!("{} 00:00:00", iso(d));
                for r in &rows {
                    let status = if r.active {
                        "Active"
                    } else {
                        r.not_active_text
                    };
                    let issued = r.issued.map(mo_date).unwrap_or_else(|| "N/A".into());
                    let exp = mo_date(r.exp);
                    let expired = if r.exp < as_of() {
                        "Expired"
                    } else {
                        "Not Expired"
                    };
                    let profession = r.license_type.to_uppercase();
                    let mut fields = vec![
                        r.first.as_str(),
                        r.middle.as_str(),
                        r.last.as_str(),
                        "",
                        r.street.as_str(),
                        "",
                        r.city,
                        "MO",
                        r.zip.as_str(),
                        "",
                        "US",
                        profession.as_str(),
                        r.number.as_str(),
                        status,
                        issued.as_str(),
                        exp.as_str(),
                        if r.discipline { "Y" } else { "N" },
                        expired,
                    ];
                    fields.resize(header.len(), "");
                    record(&mut out, &fields, b'\t', "\r\n")?;
                }
            }
            "TX" => {
                record(
                    &mut out,
                    &[
                        "LICENSE TYPE",
                        "LICENSE NUMBER",
                        "BUSINESS COUNTY",
                        "BUSINESS NAME",
                        "BUSINESS ADDRESS-LINE1",
                        "BUSINESS ADDRESS-LINE2",
                        "BUSINESS CITY, STATE ZIP",
                        "BUSINESS TELEPHONE",
                        "LICENSE EXPIRATION DATE (MMDDCCYY)",
                        "OWNER NAME",
                        "MAILING ADDRESS LINE1",
                        "MAILING ADDRESS LINE2",
                        "MAILING ADDRESS CITY, STATE ZIP",
                        "MAILING ADDRESS COUNTY",
                        "OWNER TELEPHONE",
                        "LICENSE SUBTYPE",
                        "CONTINUING EDUCATION FLAG",
                    ],
                    b',',
                    "\n",
                )?;
                for r in &rows {
                    let owner = format!("{}, {} {}", r.last, r.first, r.middle)
                        .to_uppercase()
                        .trim()
                        .to_string();
                    let city = format!("{} TX {}", r.city, r.zip);
                    let business = format!("{} CLINIC", r.last.to_uppercase());
                    let exp = mdy_compact(r.exp);
                    record(
                        &mut out,
                        &[
                            &r.license_type.to_uppercase(),
                            &r.number,
                            "HARRIS",
                            &business,
                            &r.street,
                            "",
                            &city,
                            &r.phone,
                            &exp,
                            &owner,
                            &r.street,
                            "",
                            &city,
                            "HARRIS",
                            &r.phone,
                            "",
                            "N",
                        ],
                        b',',
                        "\n",
                    )?;
                }
            }
            _ => {
                record(
                    &mut out,
                    &[
                        "First_Name",
                        "Middle_Name",
                        "Last_Name",
                        "Suffix",
                        "License_Type",
                        "License_Sub_Type",
                        "License_Number",
                        "Limited_Suffix",
                        "Address_1",
                        "Address_2",
                        "Address_3",
                        "City",
                        "Mailing_State",
                        "Zip",
                        "Telephone",
                        "Fax",
                        "Expiration_Date",
                        "Date_Issued",
                        "Status",
                        "HAS_ACSC",
                        "QACSC_License",
                        "QACSC_Number",
                        "QACSC_Issued",
                        "QACSC_Expiration",
                        "QACSC_Status",
                        "Schedule_II",
                        "Schedule_IIN",
                    ],
                    b',',
                    "\r\n",
                )?;
                for r in &rows {
                    let status = if r.discipline {
                        "Active - Probation"
                    } else if r.active {
                        "Active"
                    } else {
                        r.not_active_text
                    };
                    let exp = mdy(r.exp);
                    let issued = opt(r.issued, mdy);
                    let acsc = r.active && r.license_type == "Physician";
                    let acsc_number = if acsc {
                        format!("ACSC.{}", &r.number[r.number.len() - 6..])
                    } else {
                        String::new()
                    };
                    record(
                        &mut out,
                        &[
                            &r.first,
                            &r.middle,
                            &r.last,
                            "",
                            r.license_type,
                            "Full",
                            &r.number,
                            "",
                            &r.street,
                            "",
                            "",
                            r.city,
                            "AL",
                            &r.zip,
                            &r.phone,
                            "",
                            &exp,
                            &issued,
                            status,
                            if acsc { "Y" } else { "N" },
                            if acsc { "Y" } else { "N" },
                            &acsc_number,
                            if acsc { &issued } else { "" },
                            if acsc { &exp } else { "" },
                            if acsc { "Active" } else { "" },
                            if acsc { "Y" } else { "N" },
                            if acsc { "Y" } else { "N" },
                        ],
                        b',',
                        "\r\n",
                    )?;
                }
            }
        }
        out.flush()?;
        Ok(())
    }

    fn write_leie(&self, dir: &Path, total: usize) -> Result<()> {
        let mut rng = self.rng("leie");
        let today = as_of();
        // LASTNAME FIRSTNAME MIDNAME BUSNAME GENERAL SPECIALTY UPIN NPI DOB ADDRESS CITY STATE ZIP EXCLTYPE
        // EXCLDATE REINDATE WAIVERDATE WVRSTATE
        let mut rows: Vec<[String; 18]> = Vec::with_capacity(total);
        let trunc = |s: &str, n: usize| s.to_uppercase().chars().take(n).collect::<String>();
        let none_npi = "0000000000".to_string();
        let none_date = "00000000".to_string();
        let excl_types = [
            "1128a1", "1128a2", "1128a3", "1128b4", "1128b5", "1128b7", "1128b8",
        ];
        let person = |rng: &mut Rng,
                      last: &str,
                      first: &str,
                      npi: String,
                      dob: String,
                      state: &str,
                      excl: NaiveDate,
                      rein: String|
         -> [String; 18] {
            let (city, zip) = city_of(rng, state);
            [
                trunc(last, 20),
                trunc(first, 15),
                initial(rng),
                String::new(),
                "IND- LIC HC SERV PRO".into(),
                rng.pick(&[
                    "NURSE/NURSES AIDE",
                    "PHYSICIAN (MD)",
                    "PHARMACIST",
                    "COUNSELOR",
                ])
                .to_string(),
                String::new(),
                npi,
                dob,
                street(rng),
                city.to_string(),
                state.to_string(),
                zip,
                rng.pick(&excl_types).to_string(),
                ymd_compact(excl),
                rein,
                "00000000".into(),
                String::new(),
            ]
        };
        for p in self
            .providers
            .iter()
            .filter(|p| p.plant.uses_excluded_name())
        {
            let excl = plus(today, -rng.range(30, 2000));
            let reinstated = ymd_compact(plus(today, -rng.range(1, 25)));
            let dob = ymd_compact(p.dob);
            let row = match p.plant {
                Plant::ExclNpi => person(
                    &mut rng,
                    &p.last,
                    &p.first,
                    p.npi.clone(),
                    dob,
                    p.lics[0].state,
                    excl,
                    none_date.clone(),
                ),
                Plant::ExclNameDob => person(
                    &mut rng,
                    &p.last,
                    &p.first,
                    none_npi.clone(),
                    dob,
                    "FL",
                    excl,
                    none_date.clone(),
                ),
                Plant::ExclPossible => person(
                    &mut rng,
                    &p.last,
                    &p.first,
                    none_npi.clone(),
                    String::new(),
                    p.lics[0].state,
                    excl,
                    none_date.clone(),
                ),
                Plant::NearReinstated => person(
                    &mut rng,
                    &p.last,
                    &p.first,
                    p.npi.clone(),
                    dob,
                    p.lics[0].state,
                    excl,
                    reinstated,
                ),
                Plant::NearDobCleared => person(
                    &mut rng,
                    &p.last,
                    &p.first,
                    none_npi.clone(),
                    ymd_compact(plus(p.dob, 400)),
                    p.lics[0].state,
                    excl,
                    none_date.clone(),
                ),
                _ => person(
                    &mut rng,
                    &p.last,
                    &p.first,
                    none_npi.clone(),
                    String::new(),
                    "WA",
                    excl,
                    none_date.clone(),
                ),
            };
            rows.push(row);
        }
        let mut k = 0usize;
        while rows.len() < total {
            let excl = random_date(&mut rng, ymd(1986, 1, 1), plus(today, -1));
            let npi = if rng.chance(0.2) {
                k += 1;
                npi(LEIE_NPI_BASE + k)
            } else {
                none_npi.clone()
            };
            let state = *rng.pick(ALL_STATES);
            if rng.chance(0.17) {
                let (city, zip) = city_of(&mut rng, state);
                let business = format!(
                    "{} {}",
                    b_word(&mut rng).to_uppercase(),
                    rng.pick(&[
                        "PHARMACY INC",
                        "HOME HEALTH LLC",
                        "MEDICAL SUPPLY CORP",
                        "AMBULANCE SERVICE"
                    ])
                );
                rows.push([
                    String::new(),
                    String::new(),
                    String::new(),
                    trunc(&business, 30),
                    "OTHER BUSINESS".into(),
                    rng.pick(&[
                        "PHARMACY",
                        "HOME HEALTH AGENCY",
                        "DME COMPANY",
                        "AMBULANCE CO",
                    ])
                    .to_string(),
                    String::new(),
                    npi,
                    String::new(),
                    street(&mut rng),
                    city.to_string(),
                    state.to_string(),
                    zip,
                    rng.pick(&excl_types).to_string(),
                    ymd_compact(excl),
                    none_date.clone(),
                    none_date.clone(),
                    String::new(),
                ]);
            } else {
                let last = if rng.chance(0.1) {
                    format!("{}-{}", b_word(&mut rng), b_word(&mut rng))
                } else {
                    b_word(&mut rng)
                };
                let first = rng.pick(FIRST_NAMES).to_string();
                let dob = if rng.chance(0.9) {
                    ymd_compact(random_date(&mut rng, ymd(1930, 1, 1), ymd(2000, 12, 31)))
                } else {
                    String::new()
                };
                let row = person(
                    &mut rng,
                    &last,
                    &first,
                    npi,
                    dob,
                    state,
                    excl,
                    none_date.clone(),
                );
                rows.push(row);
            }
        }
        rows.sort_by(|a, b| (&a[0], &a[1], &a[3]).cmp(&(&b[0], &b[1], &b[3])));
        let mut out = create(dir, "UPDATED.csv")?;
        let header = LEIE_FIXTURE.lines().next().unwrap_or_default().trim_end();
        out.write_all(header.as_bytes())?;
        out.write_all(b"\r\n")?;
        let mut line = Vec::with_capacity(512);
        for r in &rows {
            let fields: Vec<&str> = r.iter().map(String::as_str).collect();
            record_all_quoted(&mut out, &fields, &mut line)?;
        }
        out.flush()?;
        Ok(())
    }

    fn write_nppes(&self, dir: &Path, total: usize) -> Result<()> {
        let mut rng = self.rng("nppes");
        let today = as_of();
        let header_line = NPPES_HEADER.lines().next().unwrap_or_default().trim_end();
        let header: Vec<String> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(header_line.as_bytes())
            .records()
            .next()
            .ok_or("empty NPPES header fixture")??
            .iter()
            .map(str::to_string)
            .collect();
        let col = |name: &str| -> Result<usize> {
            header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| format!("NPPES header has no `{name}`").into())
        };
        let c = NppesCols {
            npi: col("NPI")?,
            entity: col("Entity Type Code")?,
            org: col("Provider Organization Name (Legal Business Name)")?,
            last: col("Provider Last Name (Legal Name)")?,
            first: col("Provider First Name")?,
            middle: col("Provider Middle Name")?,
            prefix: col("Provider Name Prefix Text")?,
            suffix: col("Provider Name Suffix Text")?,
            credential: col("Provider Credential Text")?,
            mail: col("Provider First Line Business Mailing Address")?,
            practice: col("Provider First Line Business Practice Location Address")?,
            enumerated: col("Provider Enumeration Date")?,
            updated: col("Last Update Date")?,
            deactivated: col("NPI Deactivation Date")?,
            reactivated: col("NPI Reactivation Date")?,
            sex: col("Provider Sex Code")?,
            official_last: col("Authorized Official Last Name")?,
            official_first: col("Authorized Official First Name")?,
            official_title: col("Authorized Official Title or Position")?,
            official_phone: col("Authorized Official Telephone Number")?,
            taxonomy: col("Healthcare Provider Taxonomy Code_1")?,
            other_id: col("Other Provider Identifier_1")?,
            sole: col("Is Sole Proprietor")?,
            subpart: col("Is Organization Subpart")?,
            certified: col("Certification Date")?,
        };
        let mut out = BufWriter::with_capacity(4 << 20, File::create(dir.join(NPPES_FILE))?);
        out.write_all(header_line.as_bytes())?;
        out.write_all(b"\r\n")?;
        let roster: Vec<&Provider> = self
            .providers
            .iter()
            .filter(|p| p.plant != Plant::NpiNotFound)
            .collect();
        let mut line = Vec::with_capacity(4096);
        let mut fields: Vec<String> = vec![String::new(); header.len()];
        let mut next = 0usize;
        let mut filler = 0usize;
        for t in 0..total {
            for f in &mut fields {
                f.clear();
            }
            let due = next < roster.len() && (next * total / roster.len()) <= t;
            if due {
                nppes_roster_row(&mut rng, &c, roster[next], &mut fields);
                next += 1;
            } else {
                nppes_filler_row(
                    &mut rng,
                    &c,
                    self.providers.len() + filler,
                    today,
                    &mut fields,
                );
                filler += 1;
            }
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            record_all_quoted(&mut out, &refs, &mut line)?;
        }
        out.flush()?;
        Ok(())
    }

    /// OFAC SDN (`sdn.csv`, `alt.csv`): individuals (`LAST, First`, a DOB in Remarks most of the time) and
    /// entities, with aliases. Every name is in the LEIE alphabet, so no roster provider can match.
    fn write_ofac(&self, dir: &Path, entries: usize) -> Result<()> {
        let mut rng = self.rng("ofac");
        let mut sdn = create(dir, "sdn.csv")?;
        let mut alt = create(dir, "alt.csv")?;
        let programs = [
            "SDGT",
            "SDNTK",
            "IRAN",
            "CUBA",
            "UKRAINE-EO13662",
            "RUSSIA-EO14024",
        ];
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let mut alt_num = 1usize;
        for k in 0..entries {
            let ent_num = 36 + k * 3;
            let person = rng.chance(0.6);
            let name = if person {
                format!("{}, {}", b_word(&mut rng).to_uppercase(), b_word(&mut rng))
            } else {
                format!(
                    "{} {} LLC",
                    b_word(&mut rng).to_uppercase(),
                    b_word(&mut rng).to_uppercase()
                )
            };
            let remarks = if person && rng.chance(0.9) {
                let year = rng.range(1940, 1995);
                if rng.chance(0.2) {
                    format!("\"DOB {year}; nationality Xanadu.\"")
                } else {
                    format!(
                        "\"DOB {:02} {} {year}; POB Somewhere.\"",
                        rng.range(1, 28),
                        rng.pick(&months)
                    )
                }
            } else {
                "-0- ".to_string()
            };
            writeln!(
                sdn,
                "{ent_num},\"{name}\",{},\"{}\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,{remarks}",
                if person { "\"individual\"" } else { "-0- " },
                rng.pick(&programs)
            )?;
            let aliases = rng.below(3) + usize::from(rng.chance(0.3));
            for _ in 0..aliases {
                let alias = if person {
                    format!("{}, {}", b_word(&mut rng).to_uppercase(), b_word(&mut rng))
                } else {
                    b_word(&mut rng).to_uppercase()
                };
                writeln!(alt, "{ent_num},{alt_num},\"aka\",\"{alias}\",-0- ")?;
                alt_num += 1;
            }
        }
        sdn.flush()?;
        alt.flush()?;
        Ok(())
    }

    /// CMS Opt-Out Affidavits: `filler` other practitioners, plus the planted roster providers.
    fn write_opt_out(&self, dir: &Path, filler: usize) -> Result<()> {
        let mut rng = self.rng("opt_out");
        let today = as_of();
        let mut out = create(dir, "optout_affidavits.csv")?;
        record(
            &mut out,
            &[
                "First Name",
                "Last Name",
                "NPI",
                "Specialty",
                "Optout Effective Date",
                "Optout End Date",
                "First Line Street Address",
                "Second Line Street Address",
                "City Name",
                "State Code",
                "Zip code",
                "Eligible to Order and Refer",
                "Last updated",
            ],
            b',',
            "\n",
        )?;
        let mut row =
            |rng: &mut Rng, first: &str, last: &str, npi: &str, from: NaiveDate, to: NaiveDate| {
                let state = *rng.pick(&BOARD_STATES);
                let (city, zip) = city_of(rng, state);
                let fields = [
                    first.to_string(),
                    last.to_string(),
                    npi.to_string(),
                    "Psychiatry".to_string(),
                    mdy(from),
                    mdy(to),
                    street(rng),
                    String::new(),
                    city.to_string(),
                    state.to_string(),
                    zip,
                    "Y".to_string(),
                    mdy(plus(today, -15)),
                ];
                let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
                record(&mut out, &refs, b',', "\n")
            };
        for p in &self.providers {
            let (from, to) = match p.plant {
                Plant::OptOut => (
                    plus(today, -rng.range(30, 2000)),
                    plus(today, rng.range(1, 700)),
                ),
                Plant::NearOptOutEnded => {
                    let to = plus(today, -rng.range(1, 400));
                    (plus(to, -730), to)
                }
                _ => continue,
            };
            row(&mut rng, &p.first, &p.last, &p.npi, from, to)?;
        }
        for k in 0..filler {
            let from = plus(today, -rng.range(0, 3000));
            let (first, last) = (b_word(&mut rng), b_word(&mut rng));
            row(
                &mut rng,
                &first,
                &last,
                &npi(OPT_OUT_NPI_BASE + k),
                from,
                plus(from, 730),
            )?;
        }
        out.flush()?;
        Ok(())
    }

    /// CMS Revalidation Due Date list: every enrolled roster provider (due beyond the 90-day window, some
    /// with a past due date moved by an adjusted one, some adjusted `TBD`), the planted ones, and `filler`
    /// other practitioners.
    fn write_revalidation(&self, dir: &Path, filler: usize) -> Result<()> {
        let mut rng = self.rng("revalidation");
        let today = as_of();
        let mut out = create(dir, "revalidation_due_dates.csv")?;
        record(
            &mut out,
            &[
                "Enrollment ID",
                "National Provider Identifier",
                "First Name",
                "Last Name",
                "Organization Name",
                "Enrollment State Code",
                "Enrollment Type",
                "Provider Type Text",
                "Enrollment Specialty",
                "Revalidation Due Date",
                "Adjusted Due Date",
                "Individual Total Reassign To",
                "Receiving Benefits Reassignment",
            ],
            b',',
            "\n",
        )?;
        let mut row = |k: usize,
                       npi: &str,
                       first: &str,
                       last: &str,
                       state: &str,
                       due: String,
                       adjusted: String| {
            let id = format!("I2{:014}", k);
            record(
                &mut out,
                &[
                    &id,
                    npi,
                    first,
                    last,
                    "",
                    state,
                    "3",
                    "Non-DME Part B",
                    "Internal Medicine",
                    &due,
                    &adjusted,
                    "",
                    "1",
                ],
                b',',
                "\n",
            )
        };
        for (k, p) in self.providers.iter().enumerate() {
            if !p.enrolled() {
                continue;
            }
            let state = p.lics[0].state;
            let (due, adjusted) = match p.plant {
                Plant::RevalExpired(d) | Plant::RevalExpiring(d) => {
                    (iso(plus(today, d)), String::new())
                }
                // Realistic volume: the date the rules use is `d` days from as_of, written as a due date,
                // or as an adjusted date over a past due date, or as a due date with a `TBD` adjustment.
                _ if p.reval_days.is_some() => {
                    let due = plus(today, p.reval_days.expect("checked"));
                    if rng.chance(0.1) {
                        let past = plus(due.min(today), -rng.range(1, 400));
                        (iso(past), iso(due))
                    } else if rng.chance(0.05) {
                        (iso(due), "TBD".to_string())
                    } else {
                        (iso(due), String::new())
                    }
                }
                _ => {
                    let later = plus(today, rng.range(91, 1800));
                    if rng.chance(0.1) {
                        (iso(plus(today, -rng.range(1, 400))), iso(later))
                    } else if rng.chance(0.05) {
                        (iso(later), "TBD".to_string())
                    } else {
                        (iso(later), String::new())
                    }
                }
            };
            row(k, &p.npi, &p.first, &p.last, state, due, adjusted)?;
        }
        for k in 0..filler {
            let due = iso(plus(today, rng.range(-1000, 1800)));
            let (first, last) = (b_word(&mut rng), b_word(&mut rng));
            let state = *rng.pick(&BOARD_STATES);
            row(
                self.providers.len() + k,
                &npi(REVALIDATION_NPI_BASE + k),
                &first,
                &last,
                state,
                due,
                String::new(),
            )?;
        }
        out.flush()?;
        Ok(())
    }

    fn write_config(&self, dir: &Path) -> Result<()> {
        let text = format!(
            r#"# Generated by examples/generate.rs (seed {seed}, {n} providers): a large synthetic multi-state medical group
# for the benchmarks in scripts/bench and BENCHMARKS.md. expected_counts.json holds the exact findings.
organization = "Meridian Health Partners (synthetic benchmark set)"
as_of = "{as_of}"

[policy]
expiring_within_days = 90
recredential_cycle_months = 36
recredential_cycle_months_by_state = {{ CA = 24 }}
psv_window = "ncqa"
caqh_attestation_days = 120
caqh_expiring_within_days = 30
required_credentials = {{ default = ["state_license", "malpractice"], MD = ["state_license", "dea", "board_certification", "malpractice"], DO = ["state_license", "dea", "board_certification", "malpractice"] }}

# ---------------------------------------------------------------- roster (credentialing database export)
[[sources]]
name = "roster"
kind = "roster"
path = "roster.csv"

[sources.columns]
taxonomy_code = "Taxonomy"
termination_date = "Term Date"
last_credentialed_date = "Last Credentialed"
next_recredential_date = "Next Recredential"
caqh_attestation_date = "CAQH Attested"

[[sources.credentials]]
type = "state_license"
number = "License #"
state = "License State"
issue_date = "License Issued"
expiration_date = "License Exp"
verified_date = "License PSV Date"

[[sources.credentials]]
type = "state_license"
number = "License 2 #"
state = "License 2 State"
expiration_date = "License 2 Exp"
verified_date = "License 2 PSV Date"

[[sources.credentials]]
type = "dea"
number = "DEA #"
expiration_date = "DEA Exp"
verified_date = "DEA PSV Date"

[[sources.credentials]]
type = "board_certification"
number = "Board Certification"
expiration_date = "Board Cert Exp"
verified_date = "Board PSV Date"

[[sources.credentials]]
type = "malpractice"
number = "Malpractice Policy #"
expiration_date = "Malpractice Exp"

# ---------------------------------------------------------------- payers
[[sources]]
name = "aetna"
kind = "enrollment"
path = "aetna_enrollment.csv"
payer = "Aetna"

[sources.columns]
npi = "Rendering NPI"
payer_provider_id = "Payer Provider ID"
status = "Participation Status"

[[sources]]
name = "bcbs"
kind = "enrollment"
path = "bcbs_network_roster.psv"
delimiter = "|"

[sources.columns]
full_name = "Provider Name"
status = "Network Status"
effective_date = "Eff Date"

[[sources]]
name = "uhc"
kind = "enrollment"
path = "uhc_enrollment.csv"
payer = "UnitedHealthcare"

# ---------------------------------------------------------------- state license boards (no NY file)
[[sources]]
name = "ct_board"
kind = "license_board"
path = "ct_board_licenses.csv"
state = "CT"

[sources.columns]
license_number = "CredentialNumber"
full_name = "Name"
license_type = "Credential"
status = "Status"
issue_date = "IssueDate"
expiration_date = "ExpirationDate"

[[sources]]
name = "ma_board"
kind = "license_board"
path = "ma_board_export.txt"
state = "MA"
delimiter = "|"
encoding = "windows-1252"
date_format = "%m%d%Y"

[[sources]]
name = "mo_board"
kind = "license_board"
path = "mo_physicians.txt"
state = "MO"
delimiter = "\t"

[sources.columns]
license_number = "lic_number"
last_name = "prc_last_name"
first_name = "prc_first_name"
middle_name = "prc_middle_name"
license_type = "lic_profession"
status = "lst_description"
issue_date = "lic_orig_issue_date"
expiration_date = "lic_exp_date"

[[sources]]
name = "tx_board"
kind = "license_board"
path = "tx_licfile.csv"
state = "TX"
date_format = "%m%d%Y"

[sources.columns]
license_number = "LICENSE NUMBER"
license_type = "LICENSE TYPE"
full_name = "OWNER NAME"
expiration_date = "LICENSE EXPIRATION DATE (MMDDCCYY)"

[[sources]]
name = "al_board"
kind = "license_board"
path = "al_bme_licensees.csv"
state = "AL"

# ---------------------------------------------------------------- public reference files
[[sources]]
name = "nppes"
kind = "nppes"
path = "{nppes}"
profile = "nppes"

[[sources]]
name = "oig_leie"
kind = "exclusions"
path = "UPDATED.csv"
profile = "leie"

[[sources]]
name = "ofac_sdn"
kind = "exclusions"
path = "sdn.csv"
profile = "ofac_sdn"
aliases_path = "alt.csv"

[[sources]]
name = "medicare_opt_out"
kind = "opt_out"
path = "optout_affidavits.csv"

[[sources]]
name = "medicare_revalidation"
kind = "revalidation"
path = "revalidation_due_dates.csv"
"#,
            seed = self.seed,
            n = self.providers.len(),
            as_of = iso(as_of()),
            nppes = NPPES_FILE,
        );
        std::fs::write(dir.join("credrecon.toml"), text)?;
        Ok(())
    }

    fn write_expected(&self, dir: &Path) -> Result<()> {
        let counts = serde_json::to_string_pretty(&self.expected)?;
        std::fs::write(dir.join("expected_counts.json"), counts + "\n")?;
        let extra = serde_json::json!({
            "as_of": iso(as_of()),
            "findings_total": self.expected.values().sum::<u64>(),
            "planted_findings": self.expected.values().sum::<u64>() - self.volume.values().sum::<u64>(),
            "volume_findings": self.volume.values().sum::<u64>(),
            "exclusion_name_matches_cleared_by_dob": { "oig_leie": self.cleared_by_dob },
        });
        std::fs::write(
            dir.join("expected_extra.json"),
            serde_json::to_string_pretty(&extra)? + "\n",
        )?;
        let mut out = create(dir, "planted.csv")?;
        record(
            &mut out,
            &["provider_id", "npi", "code", "what"],
            b',',
            "\n",
        )?;
        let mut planted = self.planted.clone();
        planted.sort();
        for (pid, npi, code, what) in &planted {
            record(&mut out, &[pid, npi, code, what], b',', "\n")?;
        }
        // The realistic volume: one summary line per code and credential type (or payer).
        for (&(code, what), n) in &self.volume {
            let what = match code {
                "CREDENTIAL_EXPIRED" => format!("realistic volume: {n} {what} already expired"),
                "CREDENTIAL_EXPIRING" => {
                    let window = if what == "caqh_attestation" { 30 } else { 90 };
                    format!("realistic volume: {n} {what} due within {window} days")
                }
                _ => format!(
                    "realistic volume: {n} providers effective with {what} after their start date"
                ),
            };
            record(&mut out, &["", "", code, &what], b',', "\n")?;
        }
        out.flush()?;
        Ok(())
    }
}

struct NppesCols {
    npi: usize,
    entity: usize,
    org: usize,
    last: usize,
    first: usize,
    middle: usize,
    prefix: usize,
    suffix: usize,
    credential: usize,
    /// The first of 8 mailing-address columns (line 1, line 2, city, state, postal code, country, phone, fax).
    mail: usize,
    /// The first of 8 practice-location columns, same order.
    practice: usize,
    enumerated: usize,
    updated: usize,
    deactivated: usize,
    reactivated: usize,
    sex: usize,
    official_last: usize,
    official_first: usize,
    official_title: usize,
    official_phone: usize,
    /// The first of 15 groups of (taxonomy code, license number, license state, primary switch).
    taxonomy: usize,
    /// The first of 50 groups of (identifier, type code, state, issuer).
    other_id: usize,
    sole: usize,
    subpart: usize,
    certified: usize,
}

fn set(fields: &mut [String], i: usize, value: &str) {
    fields[i].push_str(value);
}

/// Eight address columns from `at`: line 1, line 2, city, state, postal code, country, phone, fax.
fn nppes_address(rng: &mut Rng, at: usize, state: &str, fields: &mut [String]) {
    let (city, zip) = city_of(rng, state);
    set(fields, at, &street(rng));
    if rng.chance(0.3) {
        set(fields, at + 1, &format!("STE {}", rng.range(100, 999)));
    }
    set(fields, at + 2, city);
    set(fields, at + 3, state);
    set(fields, at + 4, &format!("{zip}{}", rng.digits(4)));
    set(fields, at + 5, "US");
    set(
        fields,
        at + 6,
        &rng.range(2_002_000_000, 9_899_999_999).to_string(),
    );
    if rng.chance(0.6) {
        set(
            fields,
            at + 7,
            &rng.range(2_002_000_000, 9_899_999_999).to_string(),
        );
    }
}

fn nppes_roster_row(rng: &mut Rng, c: &NppesCols, p: &Provider, fields: &mut [String]) {
    let today = as_of();
    set(fields, c.npi, &p.npi);
    set(fields, c.entity, "1");
    set(fields, c.last, &p.last.to_uppercase());
    let first = if p.plant == Plant::NppesName {
        other_first_name(rng, &p.first)
    } else {
        p.first.clone()
    };
    set(fields, c.first, &first.to_uppercase());
    set(fields, c.middle, &p.middle);
    if matches!(p.degree, "MD" | "DO") && rng.chance(0.4) {
        set(fields, c.prefix, "DR.");
    }
    set(fields, c.suffix, &p.suffix.to_uppercase());
    set(
        fields,
        c.credential,
        match p.degree {
            "MD" if rng.chance(0.5) => "M.D.",
            d => d,
        },
    );
    let state = p.lics[0].state;
    nppes_address(rng, c.mail, state, fields);
    nppes_address(rng, c.practice, state, fields);
    let enumerated = random_date(rng, ymd(2005, 5, 23), p.start.max(ymd(2005, 5, 23)));
    set(fields, c.enumerated, &mdy(enumerated));
    set(
        fields,
        c.updated,
        &mdy(random_date(rng, enumerated, plus(today, -20))),
    );
    match p.plant {
        Plant::NpiDeactivated => {
            set(fields, c.deactivated, &mdy(plus(today, -rng.range(1, 400))));
        }
        Plant::NearReactivated => {
            set(fields, c.deactivated, &mdy(plus(today, -500)));
            set(fields, c.reactivated, &mdy(plus(today, -400)));
        }
        _ => {}
    }
    set(fields, c.sex, p.sex);
    let licenses: Vec<(String, &str)> = if p.plant == Plant::NppesLicenseMissing {
        vec![(format!("25MA{}", rng.digits(6)), "NJ")]
    } else {
        p.lics
            .iter()
            .map(|l| {
                // The same key with NPPES's own punctuation now and then (`MD.012345` vs `MD-012345`).
                let n = if l.roster_number.contains('.') && rng.chance(0.5) {
                    l.roster_number.replace('.', "-")
                } else {
                    l.roster_number.clone()
                };
                (n, l.state)
            })
            .collect()
    };
    for (k, (number, state)) in licenses.iter().enumerate() {
        let at = c.taxonomy + 4 * k;
        set(fields, at, p.spec.taxonomy);
        set(fields, at + 1, number);
        set(fields, at + 2, state);
        set(fields, at + 3, if k == 0 { "Y" } else { "N" });
    }
    if rng.chance(0.4) {
        set(fields, c.other_id, &rng.digits(7));
        set(fields, c.other_id + 1, "05");
        set(fields, c.other_id + 2, state);
    }
    set(fields, c.sole, if rng.chance(0.2) { "Y" } else { "N" });
    set(
        fields,
        c.certified,
        &mdy(random_date(rng, plus(today, -700), plus(today, -20))),
    );
}

fn nppes_filler_row(
    rng: &mut Rng,
    c: &NppesCols,
    index: usize,
    today: NaiveDate,
    fields: &mut [String],
) {
    set(fields, c.npi, &npi(index));
    // The live file blanks everything but the NPI and the date on a deactivated record.
    if rng.chance(0.01) {
        set(
            fields,
            c.deactivated,
            &mdy(random_date(rng, ymd(2007, 1, 1), today)),
        );
        return;
    }
    let state = *rng.pick(ALL_STATES);
    let enumerated = random_date(rng, ymd(2005, 5, 23), plus(today, -30));
    if rng.chance(0.22) {
        set(fields, c.entity, "2");
        let name = format!(
            "{} {}",
            a_word(rng).to_uppercase(),
            rng.pick(&[
                "MEDICAL GROUP LLC",
                "FAMILY PRACTICE PC",
                "PHARMACY INC",
                "HOME HEALTH CARE INC",
                "IMAGING CENTER LLC"
            ])
        );
        set(fields, c.org, &name);
        set(fields, c.official_last, &a_word(rng).to_uppercase());
        set(
            fields,
            c.official_first,
            &rng.pick(FIRST_NAMES).to_uppercase(),
        );
        let title = *rng.pick(&["OWNER", "CEO", "ADMINISTRATOR", "PRESIDENT"]);
        set(fields, c.official_title, title);
        set(
            fields,
            c.official_phone,
            &rng.range(2_002_000_000, 9_899_999_999).to_string(),
        );
        set(fields, c.subpart, "N");
        let taxonomy = *rng.pick(&["261QM1300X", "3336C0003X", "251E00000X", "261QR0200X"]);
        set(fields, c.taxonomy, taxonomy);
        set(fields, c.taxonomy + 3, "Y");
    } else {
        set(fields, c.entity, "1");
        set(fields, c.last, &a_word(rng).to_uppercase());
        set(fields, c.first, &rng.pick(FIRST_NAMES).to_uppercase());
        set(fields, c.middle, &initial(rng));
        let spec = rng.pick(PHYSICIAN_SPECS);
        let degree = *rng.pick(&["MD", "M.D.", "DO", "NP", "PA-C", "RN", "LCSW", "DDS"]);
        set(fields, c.credential, degree);
        set(fields, c.sex, if rng.chance(0.5) { "F" } else { "M" });
        set(fields, c.taxonomy, spec.taxonomy);
        set(fields, c.taxonomy + 1, &rng.digits(6));
        set(fields, c.taxonomy + 2, state);
        set(fields, c.taxonomy + 3, "Y");
        if rng.chance(0.25) {
            set(fields, c.taxonomy + 4, spec.taxonomy);
            set(fields, c.taxonomy + 5, &rng.digits(6));
            let state2 = *rng.pick(ALL_STATES);
            set(fields, c.taxonomy + 6, state2);
            set(fields, c.taxonomy + 7, "N");
        }
        set(fields, c.sole, if rng.chance(0.3) { "Y" } else { "N" });
    }
    nppes_address(rng, c.mail, state, fields);
    nppes_address(rng, c.practice, state, fields);
    set(fields, c.enumerated, &mdy(enumerated));
    set(fields, c.updated, &mdy(random_date(rng, enumerated, today)));
    if rng.chance(0.3) {
        set(fields, c.other_id, &rng.digits(8));
        set(fields, c.other_id + 1, "05");
        set(fields, c.other_id + 2, state);
    }
    if rng.chance(0.5) {
        set(
            fields,
            c.certified,
            &mdy(random_date(rng, plus(today, -1500), today)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_npis_are_valid_and_distinct() {
        let npis: Vec<String> = (0..10_000)
            .chain(150_000_000..150_000_100)
            .map(npi)
            .collect();
        assert!(npis.iter().all(|n| credrecon::values::npi_is_valid(n)));
        let mut sorted = npis.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), npis.len());
    }

    #[test]
    fn name_alphabets_never_meet() {
        let mut rng = Rng::new(1, "t");
        let upper = |s: String| s.to_uppercase();
        for k in 0..2_000 {
            let a = upper(roster_last_name(&mut rng));
            let b = upper(b_word(&mut rng));
            let c = upper(c_name(k));
            assert!(!a.contains(['C', 'H', 'J', 'W', 'Z', 'Y', 'X', 'Q']), "{a}");
            assert!(b.contains(['C', 'H', 'J', 'W', 'Z', 'Y', 'X']), "{b}");
            assert!(
                c.starts_with('Q') && !c.contains(['C', 'H', 'J', 'W', 'Z', 'Y', 'X']),
                "{c}"
            );
        }
        assert_ne!(c_name(0), c_name(1));
    }

    #[test]
    fn license_serials_are_distinct_within_a_state() {
        let mut seen: Vec<u64> = (0..850_000).map(|k| license_serial(7, k)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 850_000);
    }
}
