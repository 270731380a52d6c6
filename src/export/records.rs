//! What every record shares: people resolved through people.yaml, edges to other pages with
//! their title and status, teams and tags with their pages, and dates with their instants. Field
//! names and shapes are the contract `docs/export-schema.json` documents; a field is `null` when
//! the source did not say, never left out, so readers need no guessing.

use crate::model::{At, Base, Handle, Id, Moment};
use serde::Serialize;

/// A person, resolved through people.yaml.
#[derive(Debug, Serialize)]
pub struct PersonRecord<'a> {
    /// The handle.
    pub handle: &'a str,
    /// Full name.
    pub name: Option<&'a str>,
    /// Team.
    pub team: Option<&'a str>,
    /// IANA zone.
    pub tz: Option<&'a str>,
    /// How to reach them.
    pub contact: Option<&'a str>,
    /// Their page.
    pub url: String,
}

impl<'a> PersonRecord<'a> {
    pub(super) fn new(base: &'a Base, handle: &'a Handle) -> Self {
        let person = base.people.get(handle);
        PersonRecord {
            handle: handle.as_str(),
            name: person.and_then(|p| p.name.as_deref()),
            team: person.and_then(|p| p.team.as_deref()),
            tz: person.and_then(|p| p.tz.as_deref()),
            contact: person.and_then(|p| p.contact.as_deref()),
            url: format!("owners/{handle}/"),
        }
    }

    pub(super) fn of(base: &'a Base, handle: Option<&'a At<Handle>>) -> Option<Self> {
        handle.map(|h| PersonRecord::new(base, &h.value))
    }
}

/// Another page, pointed at: its id, title, status and URL (all three `null` for an id that names
/// nothing, which check reports).
#[derive(Debug, Serialize)]
pub struct EdgeRecord<'a> {
    /// The id.
    pub id: &'a str,
    /// Its title, when it exists.
    pub title: Option<&'a str>,
    /// Its status, when it exists.
    pub status: Option<&'static str>,
    /// Its page, when it exists.
    pub url: Option<String>,
}

pub(super) fn handoff_edge<'a>(base: &'a Base, id: &'a Id) -> EdgeRecord<'a> {
    let found = base.handoffs.get(id);
    EdgeRecord {
        id: id.as_str(),
        title: found.map(|h| h.title.as_str()),
        status: found.map(|h| h.status.value.as_str()),
        url: found.map(|h| crate::render::views::handoff_url(&h.id)),
    }
}

pub(super) fn decision_edge<'a>(base: &'a Base, id: &'a Id) -> EdgeRecord<'a> {
    let found = base.decisions.get(id);
    EdgeRecord {
        id: id.as_str(),
        title: found.map(|d| d.title.as_str()),
        status: found.map(|d| d.status.as_str()),
        url: found.map(crate::render::views::decision_url),
    }
}

pub(super) fn edges<'a>(
    ids: impl Iterator<Item = &'a Id>,
    edge: impl Fn(&'a Id) -> EdgeRecord<'a>,
) -> Vec<EdgeRecord<'a>> {
    ids.map(edge).collect()
}

/// A team or tag with its page.
#[derive(Debug, Serialize)]
pub struct GroupRecord<'a> {
    /// The name as written.
    pub name: &'a str,
    /// Its slug.
    pub slug: String,
    /// Its page.
    pub url: String,
}

pub(super) fn group<'a>(name: &'a str, section: &str) -> GroupRecord<'a> {
    let slug = crate::slug::slugify(name);
    GroupRecord { name, url: format!("{section}/{slug}/"), slug }
}

/// A date or date-time as written, with its instant.
#[derive(Debug, Serialize)]
pub struct MomentRecord<'a> {
    /// As written: `2026-11-20` or `2026-11-20T09:30:00+01:00`.
    pub written: &'a str,
    /// The instant, RFC 3339 UTC (a bare date is 00:00 UTC that day).
    pub instant: String,
}

pub(super) fn moment(m: Option<&Moment>) -> Option<MomentRecord<'_>> {
    m.map(|m| MomentRecord { written: &m.written, instant: m.instant.to_string() })
}

pub(super) fn at_moment(m: &Option<At<Moment>>) -> Option<MomentRecord<'_>> {
    moment(m.as_ref().map(|m| &m.value))
}
