//! Status words of rosters, payer exports and boards, and discipline flags.

// ---- Statuses: each returns None for an empty value and an unrecognised one alike, so the caller
// checks emptiness first (only an unrecognised value is an `UNRECOGNIZED_VALUE` finding).

/// Roster status (SPEC 3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterStatus {
    Active,
    Terminated,
}

/// Payer enrollment status (SPEC 3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrollmentStatus {
    Active,
    Pending,
    Terminated,
    Denied,
}

/// A license board's status: whether the license is active, and whether it shows discipline (probation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardStatus {
    pub active: bool,
    pub discipline: bool,
}

/// A row's status as the rules read it: none given, one of its kind's statuses, or a value no mapping
/// covers (an `UNRECOGNIZED_VALUE`, and never active).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stated<T> {
    #[default]
    Missing,
    Is(T),
    Unrecognized,
}

/// A status kind's canonical words (SPEC 3.1), as the readers and `[sources.values.status]` give them.
pub trait StatusWord: Sized + Copy {
    fn from_word(word: &str) -> Option<Self>;
    fn word(self) -> &'static str;
}

impl<T: StatusWord> Stated<T> {
    /// From a canonical word: empty is no status, `unrecognized` (or any other word) an unrecognised one.
    pub fn from_canonical(word: &str) -> Self {
        match word {
            "" => Stated::Missing,
            w => T::from_word(w).map_or(Stated::Unrecognized, Stated::Is),
        }
    }

    /// The canonical word (empty for no status): what finding evidence and ids are made of.
    pub fn word(self) -> &'static str {
        match self {
            Stated::Missing => "",
            Stated::Is(s) => s.word(),
            Stated::Unrecognized => "unrecognized",
        }
    }
}

impl StatusWord for RosterStatus {
    fn from_word(word: &str) -> Option<Self> {
        match word {
            "active" => Some(RosterStatus::Active),
            "terminated" => Some(RosterStatus::Terminated),
            _ => None,
        }
    }

    fn word(self) -> &'static str {
        match self {
            RosterStatus::Active => "active",
            RosterStatus::Terminated => "terminated",
        }
    }
}

impl StatusWord for EnrollmentStatus {
    fn from_word(word: &str) -> Option<Self> {
        match word {
            "active" => Some(EnrollmentStatus::Active),
            "pending" => Some(EnrollmentStatus::Pending),
            "terminated" => Some(EnrollmentStatus::Terminated),
            "denied" => Some(EnrollmentStatus::Denied),
            _ => None,
        }
    }

    fn word(self) -> &'static str {
        match self {
            EnrollmentStatus::Active => "active",
            EnrollmentStatus::Pending => "pending",
            EnrollmentStatus::Terminated => "terminated",
            EnrollmentStatus::Denied => "denied",
        }
    }
}

impl StatusWord for BoardStatus {
    fn from_word(word: &str) -> Option<Self> {
        let (active, discipline) = match word {
            "active" => (true, false),
            "probation" => (true, true),
            "not_active" => (false, false),
            _ => return None,
        };
        Some(BoardStatus { active, discipline })
    }

    fn word(self) -> &'static str {
        match (self.active, self.discipline) {
            (true, true) => "probation",
            (true, false) => "active",
            (false, _) => "not_active",
        }
    }
}

/// Lower-case, with hyphens and underscores as spaces and spaces collapsed (`In-Network` → `in network`).
fn status_key(raw: &str) -> String {
    raw.replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Active, A, Current, On Leave | Terminated, Termed, Inactive, T, Resigned.
/// None when empty or unrecognised (check emptiness first).
pub fn roster_status(raw: &str) -> Option<RosterStatus> {
    match status_key(raw).as_str() {
        "active" | "a" | "current" | "on leave" => Some(RosterStatus::Active),
        "terminated" | "termed" | "inactive" | "t" | "resigned" => Some(RosterStatus::Terminated),
        _ => None,
    }
}

/// The four enrollment lists of SPEC 3.1. None when empty or unrecognised (check emptiness first).
pub fn enrollment_status(raw: &str) -> Option<EnrollmentStatus> {
    match status_key(raw).as_str() {
        "active" | "participating" | "par" | "in network" | "approved" | "effective" => {
            Some(EnrollmentStatus::Active)
        }
        "pending" | "in process" | "submitted" | "applied" => Some(EnrollmentStatus::Pending),
        "terminated" | "termed" | "inactive" | "closed" => Some(EnrollmentStatus::Terminated),
        "denied" | "rejected" => Some(EnrollmentStatus::Denied),
        _ => None,
    }
}

const BOARD_ACTIVE: &str = "active current clear probation probationary";
const BOARD_NOT_ACTIVE: &str = "expired inactive lapsed delinquent suspended revoked surrendered deceased cancelled canceled retired";
/// One-letter board codes, recognised only as the whole value (`A` active, `I` inactive).
const BOARD_LETTERS: [(&str, bool); 2] = [("a", true), ("i", false)];

/// Board status by its words, so `License Revoked`, `Current/Active` and `Active - Probation` are read.
/// A not-active word wins over an active one (`Active - Suspended` is not active), as does
/// `Not`/`Non` before an active word. Probation means active with discipline.
/// None when empty or unrecognised (check emptiness first).
pub fn board_status(raw: &str) -> Option<BoardStatus> {
    let key = status_key(raw);
    if let Some(&(_, active)) = BOARD_LETTERS.iter().find(|(letter, _)| *letter == key) {
        return Some(BoardStatus {
            active,
            discipline: false,
        });
    }
    let words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let listed = |list: &str, word: &str| list.split(' ').any(|w| w == word);
    let any_of = |list: &str| words.iter().any(|w| listed(list, w));
    let negated = words.windows(2).any(
        |pair| matches!(pair, [n, w] if (*n == "not" || *n == "non") && listed(BOARD_ACTIVE, w)),
    );
    let discipline = any_of("probation probationary");
    let active = if any_of(BOARD_NOT_ACTIVE) || negated {
        false
    } else if any_of(BOARD_ACTIVE) {
        true
    } else {
        return None;
    };
    Some(BoardStatus { active, discipline })
}

/// Discipline column: non-empty and not N / No / None / 0 / False / N/A / No Action (case-insensitive)
/// means discipline. `NA`, `NULL`, `-` and `No Actions` also mean none.
pub fn discipline_flag(raw: &str) -> bool {
    let key = status_key(raw);
    !matches!(
        key.trim_matches(|c: char| c == '.' || c.is_whitespace()),
        "" | "n"
            | "no"
            | "none"
            | "0"
            | "false"
            | "n/a"
            | "na"
            | "null"
            | "no action"
            | "no actions"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_words_become_statuses_and_back() {
        use Stated::*;
        assert_eq!(Stated::<RosterStatus>::from_canonical(""), Missing);
        assert_eq!(
            Stated::<RosterStatus>::from_canonical("terminated"),
            Is(RosterStatus::Terminated)
        );
        assert_eq!(
            Stated::<RosterStatus>::from_canonical("unrecognized"),
            Unrecognized
        );
        // A board word is not a roster status.
        assert_eq!(
            Stated::<RosterStatus>::from_canonical("probation"),
            Unrecognized
        );
        let probation = Stated::<BoardStatus>::from_canonical("probation");
        assert_eq!(
            probation,
            Is(BoardStatus {
                active: true,
                discipline: true
            })
        );
        // The words finding evidence is made of are the words read.
        for word in [
            "",
            "active",
            "pending",
            "terminated",
            "denied",
            "unrecognized",
        ] {
            assert_eq!(
                Stated::<EnrollmentStatus>::from_canonical(word).word(),
                word
            );
        }
        for word in ["", "active", "probation", "not_active", "unrecognized"] {
            assert_eq!(Stated::<BoardStatus>::from_canonical(word).word(), word);
        }
    }
}
