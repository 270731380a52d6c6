//! What needs someone now: the time-based problems check found, per handoff.
//!
//! Plain data filled in by the check stage and read by render for badges, owner pages and
//! `/attention/`. Kept in the model (like the indexes) so page builders need no second argument.

use super::Id;
use jiff::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;

/// The kinds of open problem a handoff can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// Handed off and the reviewer has not answered within the window.
    ReviewOverdue,
    /// A question older than the review window has no answer.
    Unanswered,
    /// In progress without an update for longer than `stale_after`.
    Stale,
    /// Past its due date and not done.
    PastDue,
    /// Blocked.
    Blocked,
}

impl Flag {
    /// The check rule that reports it (blocked is a status, not a rule).
    pub fn rule(self) -> Option<&'static str> {
        match self {
            Flag::ReviewOverdue => Some("review-overdue"),
            Flag::Unanswered => Some("question-unanswered"),
            Flag::Stale => Some("stale"),
            Flag::PastDue => Some("overdue"),
            Flag::Blocked => None,
        }
    }

    /// The badge text.
    pub fn label(self) -> &'static str {
        match self {
            Flag::ReviewOverdue => "review overdue",
            Flag::Unanswered => "unanswered question",
            Flag::Stale => "stale",
            Flag::PastDue => "past due",
            Flag::Blocked => "blocked",
        }
    }
}

/// One open problem of one handoff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// What kind of problem.
    pub flag: Flag,
    /// The badge text (`flag.label()`, kept here for templates).
    pub label: &'static str,
    /// Since when it has been a problem (for "oldest first").
    #[serde(skip)]
    pub since: Timestamp,
    /// What to tell the owner.
    pub message: String,
}

/// Open problems by handoff; each list ordered oldest first.
#[derive(Debug, Clone, Default)]
pub struct Attention {
    /// By handoff id.
    pub by_handoff: BTreeMap<Id, Vec<Problem>>,
}

impl Attention {
    /// Records a problem.
    pub fn add(&mut self, handoff: &Id, problem: Problem) {
        let list = self.by_handoff.entry(handoff.clone()).or_default();
        list.push(problem);
        list.sort_by_key(|p| (p.since, p.flag));
    }

    /// The problems of one handoff (empty if none).
    pub fn of(&self, handoff: &Id) -> &[Problem] {
        self.by_handoff.get(handoff).map(Vec::as_slice).unwrap_or_default()
    }

    /// Drops problems whose rule is switched off (`keep` says whether a rule is on).
    pub fn retain_rules(&mut self, keep: impl Fn(&str) -> bool) {
        for list in self.by_handoff.values_mut() {
            list.retain(|p| p.flag.rule().is_none_or(&keep));
        }
        self.by_handoff.retain(|_, list| !list.is_empty());
    }

    /// How many handoffs need attention.
    pub fn count(&self) -> usize {
        self.by_handoff.len()
    }
}
