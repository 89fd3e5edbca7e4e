//! What is kept of the large reference files: the roster's NPIs (of an NPPES file) and the license numbers
//! of its credentials (of a board file), gathered from the organization's own sources.

use super::Loaded;
use crate::model::Kind;
use crate::values;

/// What the organization's own files make worth keeping of the large reference files: the roster's NPIs
/// (of an NPPES file) and the license numbers of its credentials (of a board file). Every row is still read,
/// counted and checked; only the rows no rule can match are not kept, and the value problems of those
/// are counted rather than reported one by one.
#[derive(Debug, Clone, Default)]
pub struct Wanted {
    pub npis: Vec<String>,
    /// Strict and looser keys ([`values::license_key`], [`values::license_loose_keys`]) of every credential
    /// number, whatever its type or state.
    pub licenses: rustc_hash::FxHashSet<String>,
}

impl Wanted {
    /// Add the NPIs and credential numbers of a roster or credentials source.
    pub fn add(&mut self, l: &Loaded) {
        if l.kind == Kind::Roster {
            self.npis.extend(
                l.frame
                    .text("npi")
                    .into_iter()
                    .flatten()
                    .map(|n| values::normalize_npi(&n)),
            );
        }
        let numbers = match l.kind {
            Kind::Roster => l.detail.as_ref().map(|d| d.text("number")),
            Kind::Credentials => Some(l.frame.text("number")),
            _ => None,
        };
        for cell in numbers.into_iter().flatten().flatten() {
            for number in values::split_identifiers(&cell) {
                let keys = values::LicenseKeys::of(&number);
                for key in [keys.strict.as_ref(), &keys.all_digits, keys.last_digits] {
                    self.licenses.insert(key.to_string());
                }
            }
        }
        self.licenses.remove("");
    }

    /// Whether a board cell holds one of the organization's license numbers (by the strict key or either
    /// looser key; the rules then decide which record is whose).
    pub(super) fn license(&self, cell: &str) -> bool {
        let known = |number: &str| {
            let keys = values::LicenseKeys::of(number);
            self.licenses.contains(keys.strict.as_ref())
                || keys.loose().iter().any(|k| self.licenses.contains(*k))
        };
        if !cell
            .bytes()
            .any(|b| matches!(b, b',' | b';' | b'/' | b'\n' | b'\r'))
        {
            return known(cell);
        }
        values::split_identifiers(cell).iter().any(|n| known(n))
    }
}
