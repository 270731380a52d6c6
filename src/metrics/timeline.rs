//! A handoff's status over time, pieced together from what the file records.
//!
//! Sources, in order of trust: history entries with a `status` (and changes observed elsewhere,
//! such as a git history — the seam another stage fills, see [`Observed`]); `created` (the
//! handoff existed as a draft) and `handed_off` (it entered `ready`); and, when nothing records
//! the move into the current status, the file's `updated` time. That last one is *inferred*:
//! it bounds when the move happened, and the metrics use it only where that bound is the likely
//! moment (see `docs/graph-and-metrics.md`). Free-text history notes are never parsed: "not yet
//! accepted" would read as an acceptance to any keyword rule.

use crate::model::{Handoff, Id, Status};
use jiff::Timestamp;
use std::collections::BTreeMap;

/// A handoff entered `status` at `at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// When.
    pub at: Timestamp,
    /// The status entered.
    pub status: Status,
    /// True when a field or an outside source says so; false for the current status dated by
    /// `updated` because nothing recorded the move.
    pub recorded: bool,
}

/// Status changes known from outside the frontmatter (for example from the site's git history),
/// by handoff. They are merged with the history entries; an empty map is fine.
pub type Observed = BTreeMap<Id, Vec<StatusChange>>;

/// The statuses `h` went through, oldest first, no two neighbours equal.
pub fn timeline(h: &Handoff, observed: &[StatusChange]) -> Vec<StatusChange> {
    // (when, rank among same-instant events, written order, status): a `created` draft and a
    // `handed_off` hand-off come before anything recorded at the same instant, which keeps
    // date-only entries on one day in a sensible order.
    let mut events: Vec<(Timestamp, u8, usize, Status)> = Vec::new();
    if let Some(created) = &h.created {
        events.push((created.value.instant, 0, 0, Status::Draft));
    }
    if let Some(handed) = &h.handed_off {
        events.push((handed.value.instant, 1, 0, Status::Ready));
    }
    for (i, entry) in h.history.iter().enumerate() {
        if let (Some(date), Some(status)) = (&entry.date, entry.status) {
            events.push((date.instant, 2, i, status));
        }
    }
    for (i, change) in observed.iter().enumerate() {
        events.push((change.at, 2, h.history.len() + i, change.status));
    }
    events.sort_by_key(|e| (e.0, e.1, e.2));
    let mut changes: Vec<StatusChange> = Vec::new();
    for (at, _, _, status) in events {
        if changes.last().is_none_or(|last| last.status != status) {
            changes.push(StatusChange { at, status, recorded: true });
        }
    }
    if let Some(entered) = current_status(h, &changes) {
        changes.push(entered);
    }
    changes
}

/// The move into the current status, dated by `updated`, when the timeline does not end there.
fn current_status(h: &Handoff, changes: &[StatusChange]) -> Option<StatusChange> {
    let status = h.status.value;
    if changes.last().is_some_and(|last| last.status == status) {
        return None;
    }
    let written = [&h.updated, &h.handed_off, &h.created].into_iter().flatten().next()?;
    // A file whose `updated` is older than its own history entries moved after the last entry.
    let at = changes.last().map_or(written.value.instant, |last| last.at.max(written.value.instant));
    Some(StatusChange { at, status, recorded: false })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{base_of, handoff};

    fn statuses(changes: &[StatusChange]) -> Vec<(&'static str, bool)> {
        changes.iter().map(|c| (c.status.as_str(), c.recorded)).collect()
    }

    #[test]
    fn without_history_the_current_status_is_dated_by_updated() {
        let base = base_of(&[handoff(
            "a",
            "status: done\ncreated: 2026-10-01\nhanded_off: 2026-10-02\nupdated: 2026-10-09\n",
        )]);
        let changes = timeline(base.handoffs.values().next().unwrap(), &[]);
        assert_eq!(statuses(&changes), [("draft", true), ("ready", true), ("done", false)]);
        assert_eq!(changes[2].at, "2026-10-09T00:00:00Z".parse::<Timestamp>().unwrap());
    }

    #[test]
    fn history_statuses_are_merged_in_time_order_after_same_day_anchors() {
        let history = "history:\n  - {date: 2026-10-05, status: done}\n  - {date: 2026-10-02, status: accepted}\n";
        let base = base_of(&[handoff("a", &format!("status: done\nhanded_off: 2026-10-02\n{history}"))]);
        let changes = timeline(base.handoffs.values().next().unwrap(), &[]);
        assert_eq!(statuses(&changes), [("ready", true), ("accepted", true), ("done", true)]);
    }

    #[test]
    fn observed_changes_join_the_history() {
        let base = base_of(&[handoff("a", "status: accepted\nhanded_off: 2026-10-02\n")]);
        let seen =
            StatusChange { at: "2026-10-03T12:00:00Z".parse().unwrap(), status: Status::Accepted, recorded: true };
        let changes = timeline(base.handoffs.values().next().unwrap(), std::slice::from_ref(&seen));
        assert_eq!(changes.last(), Some(&seen));
        assert_eq!(changes.len(), 2, "no inferred change when the timeline already ends in the status");
    }
}
