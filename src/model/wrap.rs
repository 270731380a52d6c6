//! Shift wraps: the one-minute note at the end of a shift, typed.
//!
//! A wrap says how the shift went, which handoffs are still in flight and the next step for
//! each, what to keep an eye on and what was changed recently and how to undo it. The link stage
//! builds it from the raw frontmatter; check validates it and render shows it on the dashboard,
//! owner and team pages and in the digest. It holds no HTML and reads no clock.

use super::{At, Handle, Id, Moment};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// When the shift ran: two instants, and the zone it was worked in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// When it started.
    pub start: At<Moment>,
    /// When it ended; wraps are ordered by it.
    pub end: At<Moment>,
    /// The IANA zone it was worked in, when written (else the author's zone from people.yaml).
    pub tz: Option<String>,
}

/// A handoff still in flight, with the next step on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    /// The handoff.
    pub id: At<Id>,
    /// What the next person does first.
    pub next: Option<String>,
}

/// Something to keep an eye on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watch {
    /// What to watch.
    pub what: String,
    /// Where to look: a dashboard, a channel, a log query.
    pub place: Option<String>,
}

/// A recent change still settling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baking {
    /// What was changed.
    pub change: String,
    /// How to undo it.
    pub rollback: Option<String>,
    /// Where the entry was written.
    pub span: crate::diagnostic::Span,
}

/// Who a wrap is handed to: a person or a whole team.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Recipient {
    /// A handle.
    Person(Handle),
    /// A team, by slug.
    Team(String),
}

/// A recipient as the base holds it.
#[derive(Debug, Clone, Copy)]
pub enum KnownRecipient<'a> {
    /// A person.
    Person(&'a Handle),
    /// A team: its slug and its index entry.
    Team(&'a str, &'a super::Team),
}

/// The end-of-shift note.
#[derive(Debug, Clone)]
pub struct Wrap {
    /// Unique id (one namespace with handoffs and decisions); the page lives at `/wraps/ID/`.
    pub id: Id,
    /// The source file, relative to the site folder.
    pub file: PathBuf,
    /// Who worked the shift.
    pub author: At<Handle>,
    /// The team, as written (or the author's team from people.yaml).
    pub team: Option<String>,
    /// When the shift ran.
    pub shift: Shift,
    /// One line: how it went.
    pub summary: Option<At<String>>,
    /// Handoffs still in flight.
    pub open: Vec<OpenItem>,
    /// Things to keep an eye on.
    pub watch: Vec<Watch>,
    /// Recent changes still settling.
    pub baking: Vec<Baking>,
    /// Who takes over, as written (a handle or a team name).
    pub handed_to: Option<At<String>>,
    /// Where the wrap starts, for findings about the whole file.
    pub span: crate::diagnostic::Span,
    /// The Markdown body.
    pub body: String,
    /// The line of the file the body starts on.
    pub body_line: usize,
}

impl Wrap {
    /// Who it is handed to, read against the base: a known person, else a known team, else a
    /// handle if it reads as one, else a team by slug. `None` when `handed_to` is not written.
    pub fn recipient(&self, base: &super::Base) -> Option<Recipient> {
        self.recipient_in(&base.people, &base.indexes.teams)
    }

    /// [`Wrap::recipient`] against given people and teams (while the indexes are being built).
    pub fn recipient_in(
        &self,
        people: &BTreeMap<Handle, super::Person>,
        teams: &BTreeMap<String, super::Team>,
    ) -> Option<Recipient> {
        let written = self.handed_to.as_ref()?.value.trim();
        let handle = Handle::parse(written).ok();
        if let Some(handle) = handle.as_ref().filter(|h| people.contains_key(h)) {
            return Some(Recipient::Person(handle.clone()));
        }
        let slug = crate::slug::slugify(written);
        if teams.contains_key(&slug) || handle.is_none() {
            return Some(Recipient::Team(slug));
        }
        handle.map(Recipient::Person)
    }

    /// [`Wrap::recipient`] borrowed from the base, for views: `None` when nobody is named, or the
    /// team named does not exist. (Every person a wrap is handed to has an entry in the people
    /// index, which the link stage adds.)
    pub fn known_recipient<'a>(&self, base: &'a super::Base) -> Option<KnownRecipient<'a>> {
        match self.recipient(base)? {
            Recipient::Person(handle) => {
                base.indexes.people.get_key_value(&handle).map(|(h, _)| KnownRecipient::Person(h))
            }
            Recipient::Team(slug) => {
                base.indexes.teams.get_key_value(&slug).map(|(slug, team)| KnownRecipient::Team(slug, team))
            }
        }
    }

    /// Whether `handed_to` names someone or a team the base knows.
    pub fn recipient_is_known(&self, base: &super::Base) -> bool {
        match self.recipient(base) {
            Some(Recipient::Person(h)) => base.people.is_empty() || base.people.contains_key(&h),
            Some(Recipient::Team(slug)) => base.indexes.teams.contains_key(&slug),
            None => true,
        }
    }
}

/// Wraps newest first (by the end of the shift), ties by id, so every list of wraps reads alike.
pub fn newest_wraps<'a>(wraps: impl Iterator<Item = &'a Wrap>) -> Vec<&'a Wrap> {
    let mut list: Vec<&Wrap> = wraps.collect();
    list.sort_by_key(|w| (std::cmp::Reverse(w.shift.end.value.instant), w.id.clone()));
    list
}
