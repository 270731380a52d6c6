//! The tables a document resolves names with, so that records name instead of repeat: the
//! people its records name, by handle, and the teams and tags, by name as written.
//!
//! Version 2 wrote a person out in full (`{handle, name, team, tz, contact, url}`) every time a
//! record named them, and a team or tag as `{name, slug, url}` every time; at 1,000 handoffs that
//! was a fifth of a part. Now each index page of a list (and `baton export`'s document) carries
//! them once, holding exactly what that list's records name, so a bot resolves every handle and
//! group it meets with the index it fetched first. A separate `people.json` would cost every bot a
//! second fetch to save a few kilobytes (a person takes ~90 bytes; a list of 40 people 3.6 KB).

use crate::model::{Base, Handle};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What records name, gathered record by record; [`Named::tables`] resolves it.
#[derive(Debug, Default)]
pub struct Named<'a> {
    people: BTreeSet<&'a Handle>,
    teams: BTreeSet<&'a str>,
    tags: BTreeSet<&'a str>,
}

impl<'a> Named<'a> {
    /// A person a record names.
    pub fn person(&mut self, handle: &'a Handle) {
        self.people.insert(handle);
    }

    /// A team a record names, as written.
    pub fn team(&mut self, name: &'a str) {
        self.teams.insert(name);
    }

    /// A tag a record names, as written.
    pub fn tag(&mut self, name: &'a str) {
        self.tags.insert(name);
    }

    /// The tables of everything named: each person through people.yaml, each team and tag with
    /// its slug. A named person's team is a team named too.
    pub fn tables(mut self, base: &'a Base) -> Tables<'a> {
        let people: BTreeMap<&'a str, PersonEntry<'a>> =
            self.people.iter().map(|handle| (handle.as_str(), PersonEntry::new(base, handle))).collect();
        self.teams.extend(people.values().filter_map(|p| p.team));
        let slugs = |names: BTreeSet<&'a str>| names.into_iter().map(|n| (n, crate::slug::slugify(n))).collect();
        Tables { people, teams: slugs(self.teams), tags: slugs(self.tags) }
    }
}

/// The people, teams and tags a document's records name.
#[derive(Debug, Serialize)]
pub struct Tables<'a> {
    /// Each person by handle.
    pub people: BTreeMap<&'a str, PersonEntry<'a>>,
    /// Each team's slug by its name as written: its page is `teams/SLUG/`.
    pub teams: BTreeMap<&'a str, String>,
    /// Each tag's slug by its name as written: its page is `tags/SLUG/`.
    pub tags: BTreeMap<&'a str, String>,
}

/// A person, resolved through people.yaml (each field `null` when people.yaml does not say).
#[derive(Debug, Serialize)]
pub struct PersonEntry<'a> {
    /// Full name.
    pub name: Option<&'a str>,
    /// Team.
    pub team: Option<&'a str>,
    /// IANA zone.
    pub tz: Option<&'a str>,
    /// How to reach them.
    pub contact: Option<&'a str>,
    /// Their page, `owners/HANDLE/`; `null` for someone named only where no page lists them (a
    /// question's asker, say).
    pub url: Option<String>,
}

impl<'a> PersonEntry<'a> {
    fn new(base: &'a Base, handle: &'a Handle) -> Self {
        let person = base.people.get(handle);
        use crate::sitemap::catalog::{PageKind, Paging, exists};
        // The same test the build uses to write the page; its first page is there whatever
        // the paging.
        let page = PageKind::Owner(handle.clone(), 1);
        let has_page = exists(base, Paging::new(1), &page);
        PersonEntry {
            name: person.and_then(|p| p.name.as_deref()),
            team: person.and_then(|p| p.team.as_deref()),
            tz: person.and_then(|p| p.tz.as_deref()),
            contact: person.and_then(|p| p.contact.as_deref()),
            url: has_page.then(|| page.url()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::listed::Listed;

    #[test]
    fn everyone_a_record_names_is_resolved_once_and_has_a_page_only_if_the_site_has_one() {
        let base = crate::testing::base_of(&[
            crate::testing::handoff(
                "a",
                "team: Data Platform\ntags: [Ledger v2]\nquestions:\n  - {q: Why?, by: zoe}\n",
            ),
            crate::testing::handoff("b", "reviewer: kofi\ntags: [Ledger v2]\n"),
        ]);
        let mut named = Named::default();
        base.handoffs.values().for_each(|h| h.name_into(&base, &mut named));
        let tables = named.tables(&base);
        assert_eq!(tables.people.keys().copied().collect::<Vec<_>>(), ["ana", "kofi", "zoe"]);
        assert_eq!(tables.people["ana"].url.as_deref(), Some("owners/ana/"));
        // Asking a question puts no one on an owner page.
        assert_eq!(tables.people["zoe"].url, None);
        assert_eq!(tables.teams.get("Data Platform").map(String::as_str), Some("data-platform"));
        assert_eq!(tables.tags.iter().collect::<Vec<_>>(), [(&"Ledger v2", &"ledger-v2".to_string())]);
    }
}
