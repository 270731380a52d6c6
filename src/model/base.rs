//! The whole knowledge base after linking: handoffs, decisions, people, and the indexes over them.
//!
//! Indexes are computed once by the link stage and only borrowed afterwards, so a page that lists
//! "needed by" or an owner's work never scans the base again. Every list is sorted by id, which
//! makes output deterministic without each caller sorting.

use super::{Decision, Handle, Handoff, Id, Status};
use crate::diagnostic::Span;
use std::collections::BTreeMap;

/// Someone from `people.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The handle used in frontmatter.
    pub handle: Handle,
    /// Full name.
    pub name: Option<String>,
    /// Team name as written.
    pub team: Option<String>,
    /// IANA time zone, e.g. `Europe/Berlin`.
    pub tz: Option<String>,
    /// How to reach them.
    pub contact: Option<String>,
    /// Where the entry was written.
    pub span: Span,
}

/// A team, or a tag: a name as first written and the slug its page lives under.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Team {
    /// The name as written (the alphabetically first spelling when several share a slug).
    pub name: String,
    /// Handoffs of this team (or with this tag).
    pub handoffs: Vec<Id>,
    /// Decisions with this tag (unused for teams).
    pub decisions: Vec<Id>,
    /// People of this team in people.yaml (unused for tags).
    pub members: Vec<Handle>,
    /// Wraps written by this team or handed to it (unused for tags).
    pub wraps: Vec<Id>,
}

/// What one person has to do with the base.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Involvement {
    /// Handoffs they own.
    pub owns: Vec<Id>,
    /// Handoffs they review.
    pub reviews: Vec<Id>,
    /// Handoffs they handed off to someone else.
    pub handed_off: Vec<Id>,
    /// Decisions they took part in.
    pub decided: Vec<Id>,
    /// Wraps they wrote or that were handed to them.
    pub wraps: Vec<Id>,
}

/// Reverse edges and groupings, computed once.
#[derive(Debug, Clone, Default)]
pub struct Indexes {
    /// For each handoff, the handoffs that depend on it.
    pub needed_by: BTreeMap<Id, Vec<Id>>,
    /// For each decision, the decisions that supersede it.
    pub superseded_by: BTreeMap<Id, Vec<Id>>,
    /// For each handoff, the decisions that concern it (inline ones and `related` decision files).
    pub decisions_of: BTreeMap<Id, Vec<Id>>,
    /// For each handle that appears anywhere, what they own, review, handed off and decided.
    pub people: BTreeMap<Handle, Involvement>,
    /// Teams by slug.
    pub teams: BTreeMap<String, Team>,
    /// Tags by slug.
    pub tags: BTreeMap<String, Team>,
    /// Handoffs by status.
    pub by_status: BTreeMap<Status, Vec<Id>>,
}

/// The linked knowledge base.
#[derive(Debug, Clone, Default)]
pub struct Base {
    /// Handoffs by id.
    pub handoffs: BTreeMap<Id, Handoff>,
    /// Decisions (inline and files) by id.
    pub decisions: BTreeMap<Id, Decision>,
    /// People from people.yaml by handle.
    pub people: BTreeMap<Handle, Person>,
    /// Shift wraps by id.
    pub wraps: BTreeMap<Id, super::Wrap>,
    /// Reverse edges and groupings.
    pub indexes: Indexes,
    /// Open problems found by check, for badges and `/attention/`.
    pub attention: super::Attention,
    /// The decision folders records were read from, in baton.yaml's order (records found
    /// under content/ last).
    pub record_folders: Vec<super::RecordFolder>,
    /// Tracker states from `baton sync`'s cache (empty without one), for badges, rules, export
    /// and the digest.
    pub trackers: crate::trackers::cache::States,
}

impl Base {
    /// The team a handoff belongs to, as its slug, if any.
    pub fn team_slug(&self, handoff: &Handoff) -> Option<String> {
        handoff.team.as_deref().map(crate::slug::slugify).filter(|s| !s.is_empty())
    }

    /// The decisions written inside handoff `id`'s `decisions:` list, in id order.
    pub fn decisions_written_in<'a>(&'a self, id: &'a Id) -> impl Iterator<Item = &'a super::Decision> + 'a {
        let listed = self.indexes.decisions_of.get(id).map(Vec::as_slice).unwrap_or_default();
        listed
            .iter()
            .filter_map(|d| self.decisions.get(d))
            .filter(move |d| matches!(&d.origin, super::DecisionOrigin::Inline { handoff } if handoff == id))
    }
}
