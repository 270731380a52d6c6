//! Every page a site has and where it lives: the [`catalog`] of pages a build writes, and
//! [`resolve`], which turns links between content files into page addresses.
//!
//! Below both check and render: the check of `/`-links asks the same catalog the build walks,
//! so a link that passes the check is a link that works on the built site.

pub mod catalog;
pub mod resolve;

use crate::model::{Base, Handle, Id};
use serde::Serialize;

/// `handoffs/ID/`.
pub fn handoff_url(id: &Id) -> String {
    format!("handoffs/{id}/")
}

/// `decisions/ID/`.
pub fn decision_url(id: &Id) -> String {
    format!("decisions/{id}/")
}

/// `wraps/ID/`.
pub fn wrap_url(id: &Id) -> String {
    format!("wraps/{id}/")
}

/// Everyone who appears in the base or in people.yaml, by handle.
pub fn everyone(base: &Base) -> Vec<&Handle> {
    let mut all: Vec<&Handle> = base.people.keys().chain(base.indexes.people.keys()).collect();
    all.sort();
    all.dedup();
    all
}

/// A feed the page links to.
#[derive(Debug, Serialize)]
pub struct FeedLink {
    /// What it covers.
    pub title: String,
    /// Where it is.
    pub url: String,
}

/// The feeds of a base, for the digest page: the base, the decisions, then teams and people.
pub fn feed_links(base: &Base) -> Vec<FeedLink> {
    let mut links = vec![
        FeedLink { title: "Everything".into(), url: "feed.xml".into() },
        FeedLink { title: "Decisions".into(), url: "decisions/feed.xml".into() },
    ];
    links.extend(
        base.indexes
            .teams
            .iter()
            .map(|(slug, t)| FeedLink { title: t.name.clone(), url: format!("teams/{slug}/feed.xml") }),
    );
    links.extend(
        everyone(base).into_iter().map(|h| FeedLink { title: format!("@{h}"), url: format!("owners/{h}/feed.xml") }),
    );
    links
}
