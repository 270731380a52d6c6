//! What templates see of tracker states: one [`TrackerView`] per item a handoff links to (its
//! page), and a [`TrackerMark`] per closed or merged item (lists and search results).
//!
//! Built from the states the base carries ([`crate::trackers::cache::States`]); with no cache
//! both lists are empty and the pages are exactly as without trackers. The badges reuse the
//! status colours (`status-done` for merged or closed, `status-in-progress` for open), so the
//! theme's stylesheet needs nothing new.

use crate::model::{Base, Handoff};
use crate::trackers::cache::{Entry, Linked, State, as_of};
use crate::trackers::refs::ItemKind;
use serde::Serialize;

/// One linked item on a handoff page.
#[derive(Debug, Serialize)]
pub struct TrackerView {
    /// `GitHub`.
    pub tracker: &'static str,
    /// `pull request`, `merge request`, `issue`.
    pub kind: &'static str,
    /// `acme/ledger#12`.
    pub reference: String,
    /// The item's page.
    pub url: String,
    /// Its state, when the cache has it.
    pub state: Option<StateView>,
}

/// A cached state as shown.
#[derive(Debug, Serialize)]
pub struct StateView {
    /// `open`, `closed`, `merged`, `not-found`: the badge's class.
    pub state: &'static str,
    /// What the badge says (`merged`, Jira's `In Review`).
    pub label: String,
    /// The status colour class the badge borrows.
    pub class: &'static str,
    /// The item's title.
    pub title: Option<String>,
    /// Its assignee.
    pub assignee: Option<String>,
    /// When baton fetched it: `2026-11-20 06:00 UTC`.
    pub as_of: String,
}

/// A closed or merged item, marked in lists and search results.
#[derive(Debug, Serialize)]
pub struct TrackerMark {
    /// `merged` or `closed`.
    pub state: &'static str,
    /// `acme/ledger#12 merged`.
    pub label: String,
    /// `GitHub pull request acme/ledger#12 merged (as of 2026-11-20 06:00 UTC)`.
    pub title: String,
}

/// The items `h` links to, with their states.
pub fn tracker_views(base: &Base, h: &Handoff) -> Vec<TrackerView> {
    base.trackers.linked(h).into_iter().map(view).collect()
}

fn view(linked: Linked<'_>) -> TrackerView {
    let item = linked.item;
    TrackerView {
        tracker: item.tracker.name(),
        kind: match item.kind {
            ItemKind::Issue => "issue",
            ItemKind::Pull => "pull request",
            ItemKind::MergeRequest => "merge request",
        },
        reference: item.compact(),
        state: linked.entry.map(state_view),
        url: item.url,
    }
}

fn state_view(entry: &Entry) -> StateView {
    StateView {
        state: entry.state.as_str(),
        label: entry.label().to_string(),
        class: match (entry.state, entry.kind) {
            (State::Open, _) => "status-in-progress",
            // A pull or merge request closed without merging was dropped, not finished.
            (State::Closed, ItemKind::Pull | ItemKind::MergeRequest) => "status-cancelled",
            (State::Closed | State::Merged, _) => "status-done",
            (State::NotFound, _) => "warn",
        },
        title: entry.title.clone(),
        assignee: entry.assignee.clone(),
        as_of: entry.fetched().map(as_of).unwrap_or_else(|| entry.fetched_at.clone()),
    }
}

/// The closed and merged items `h` links to.
pub fn tracker_marks(base: &Base, h: &Handoff) -> Vec<TrackerMark> {
    let linked = base.trackers.linked(h);
    let finished = linked.iter().filter_map(|l| l.entry.map(|e| (l, e))).filter(|(_, e)| e.state.is_finished());
    finished
        .map(|(l, e)| {
            let when = e.fetched().map(as_of).unwrap_or_else(|| e.fetched_at.clone());
            TrackerMark {
                state: e.state.as_str(),
                label: format!("{} {}", l.item.compact(), e.state.words()),
                title: format!("{} {} (as of {when})", l.item.described(), e.state.words()),
            }
        })
        .collect()
}
