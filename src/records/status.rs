//! Status words as teams write them (`Accepted`, `Approved`, `In Review`, `Superseded by …`) and
//! what they mean to baton, plus the site's own extra words (`decision_statuses:` in baton.yaml).
//!
//! Reading is case-insensitive and ignores trailing punctuation and emphasis. A word baton cannot
//! place is kept as written; the caller treats it as proposed and warns.

use crate::model::DecisionStatus;
use std::collections::BTreeMap;

/// The words baton knows without being told, lowercased.
const SYNONYMS: &[(&str, DecisionStatus)] = &[
    ("accepted", DecisionStatus::Accepted),
    ("approved", DecisionStatus::Accepted),
    ("agreed", DecisionStatus::Accepted),
    ("adopted", DecisionStatus::Accepted),
    ("decided", DecisionStatus::Accepted),
    ("proposed", DecisionStatus::Proposed),
    ("pending", DecisionStatus::Proposed),
    ("draft", DecisionStatus::Proposed),
    ("in review", DecisionStatus::Proposed),
    ("under review", DecisionStatus::Proposed),
    ("in progress", DecisionStatus::Proposed),
    ("rejected", DecisionStatus::Rejected),
    ("declined", DecisionStatus::Rejected),
    ("superseded", DecisionStatus::Superseded),
    ("replaced", DecisionStatus::Superseded),
    ("deprecated", DecisionStatus::Deprecated),
    ("obsolete", DecisionStatus::Deprecated),
    ("retired", DecisionStatus::Deprecated),
];

/// The status words of a site: the built-in synonyms and `decision_statuses:` from baton.yaml,
/// which win over the built-ins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusWords {
    /// Extra words, lowercased.
    pub extra: BTreeMap<String, DecisionStatus>,
}

impl StatusWords {
    /// What a status as written means; `None` for a word nobody mapped. "Superseded by [3](…)"
    /// and "superseded by ADR-0005" read as superseded whatever follows.
    pub fn meaning(&self, written: &str) -> Option<DecisionStatus> {
        let word = normalise(written);
        if let Some(status) = self.extra.get(&word) {
            return Some(*status);
        }
        if word.starts_with("superseded by") || word.starts_with("replaced by") {
            return Some(DecisionStatus::Superseded);
        }
        SYNONYMS.iter().find(|(known, _)| *known == word).map(|(_, status)| *status)
    }
}

/// `**Accepted.**` → `accepted`; inner spaces collapse to one.
pub fn normalise(written: &str) -> String {
    let word = written.trim().trim_matches(|c: char| c == '*' || c == '_' || c == '`' || c == '.' || c == '"');
    word.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_map_in_any_case() {
        let words = StatusWords::default();
        assert_eq!(words.meaning("Approved"), Some(DecisionStatus::Accepted));
        assert_eq!(words.meaning("**AGREED.**"), Some(DecisionStatus::Accepted));
        assert_eq!(words.meaning("In  Review"), Some(DecisionStatus::Proposed));
        assert_eq!(words.meaning("Declined"), Some(DecisionStatus::Rejected));
        assert_eq!(
            words.meaning("Superseded by [3. Single command](0003-single-command.md)"),
            Some(DecisionStatus::Superseded)
        );
        assert_eq!(words.meaning("superseded by ADR-0005"), Some(DecisionStatus::Superseded));
        assert_eq!(words.meaning("Parked"), None);
    }

    #[test]
    fn the_sites_own_words_are_read_and_win() {
        let extra = [("parked".to_string(), DecisionStatus::Rejected), ("draft".to_string(), DecisionStatus::Rejected)];
        let words = StatusWords { extra: extra.into_iter().collect() };
        assert_eq!(words.meaning("Parked"), Some(DecisionStatus::Rejected));
        assert_eq!(words.meaning("Draft"), Some(DecisionStatus::Rejected));
    }
}
