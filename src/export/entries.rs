//! The short entries of the site's index files (`/handoffs.json`, `/decisions.json`,
//! `/wraps.json`): what a bot needs to pick what to read — id, title, status, who, when, what needs
//! attention — and `part`, the file that holds the full record. Everything else (relations,
//! people resolved, questions, history) is in the part; bodies are on the pages and in
//! `baton export`. Entries stay short on purpose: the index is the one file every reader fetches.

use crate::model::{Base, Decision, DecisionOrigin, Handoff, Wrap};
use serde::Serialize;

/// A handoff in the index.
#[derive(Debug, Serialize)]
pub struct HandoffEntry<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its status.
    pub status: &'static str,
    /// The owner's handle.
    pub owner: &'a str,
    /// Its team's name, as the handoff or its owner's people.yaml entry gives it.
    pub team: Option<&'a str>,
    /// Its page.
    pub url: String,
    /// When it was last updated (RFC 3339 UTC), if it says.
    pub updated: Option<String>,
    /// When it is due (RFC 3339 UTC), if it says.
    pub due: Option<String>,
    /// Its open problems as of `as_of`, by flag only (the messages are in the part).
    pub attention: Vec<crate::model::Flag>,
    /// The part file holding its full record.
    pub part: &'a str,
}

impl<'a> HandoffEntry<'a> {
    /// The entry of `h`, whose full record is in `part`.
    pub fn new(base: &'a Base, h: &'a Handoff, part: &'a str) -> Self {
        HandoffEntry {
            id: h.id.as_str(),
            title: &h.title,
            status: h.status.value.as_str(),
            owner: h.owner.value.as_str(),
            team: h.team.as_deref(),
            url: crate::render::views::handoff_url(&h.id),
            updated: h.updated.as_ref().map(|m| m.value.instant.to_string()),
            due: h.due.as_ref().map(|m| m.value.instant.to_string()),
            attention: base.attention.of(&h.id).iter().map(|p| p.flag).collect(),
            part,
        }
    }
}

/// A decision in the index.
#[derive(Debug, Serialize)]
pub struct DecisionEntry<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its status.
    pub status: &'static str,
    /// When it was decided (RFC 3339 UTC), if it says.
    pub date: Option<String>,
    /// The id of the handoff an inline decision was written in; `null` for a decision file.
    pub handoff: Option<&'a str>,
    /// Its page.
    pub url: String,
    /// The part file holding its full record.
    pub part: &'a str,
}

impl<'a> DecisionEntry<'a> {
    /// The entry of `d`, whose full record is in `part`.
    pub fn new(d: &'a Decision, part: &'a str) -> Self {
        DecisionEntry {
            id: d.id.as_str(),
            title: &d.title,
            status: d.status.as_str(),
            date: d.date.as_ref().map(|m| m.instant.to_string()),
            handoff: match &d.origin {
                DecisionOrigin::Inline { handoff } => Some(handoff.as_str()),
                DecisionOrigin::File => None,
            },
            url: crate::render::views::decision_url(d),
            part,
        }
    }
}

/// A shift wrap in the index.
#[derive(Debug, Serialize)]
pub struct WrapEntry<'a> {
    /// Its id.
    pub id: &'a str,
    /// The author's handle.
    pub author: &'a str,
    /// Its team as written, if any.
    pub team: Option<&'a str>,
    /// When the shift started (RFC 3339 UTC).
    pub shift_start: String,
    /// When it ended (RFC 3339 UTC).
    pub shift_end: String,
    /// Its page.
    pub url: String,
    /// The part file holding its full record.
    pub part: &'a str,
}

impl<'a> WrapEntry<'a> {
    /// The entry of `w`, whose full record is in `part`.
    pub fn new(w: &'a Wrap, part: &'a str) -> Self {
        WrapEntry {
            id: w.id.as_str(),
            author: w.author.value.as_str(),
            team: w.team.as_deref(),
            shift_start: w.shift.start.value.instant.to_string(),
            shift_end: w.shift.end.value.instant.to_string(),
            url: crate::render::wraps::wrap_url(&w.id),
            part,
        }
    }
}
