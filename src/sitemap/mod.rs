//! Every page a site has and where it lives: the [`catalog`] of pages a build writes, and
//! [`resolve`], which turns links between content files into page addresses.
//!
//! Below both check and render: the check of `/`-links asks the same catalog the build walks,
//! so a link that passes the check is a link that works on the built site.

pub mod catalog;
pub mod resolve;

use crate::model::{Base, Decision, DecisionOrigin, Handle, Id};
use serde::Serialize;

/// `handoffs/ID/`.
pub fn handoff_url(id: &Id) -> String {
    format!("handoffs/{id}/")
}

/// `decisions/ID/`: the page of a decision that has a file of its own, and the address every
/// decision had before inline ones moved onto their handoff's page.
pub fn decision_page_url(id: &Id) -> String {
    format!("decisions/{id}/")
}

/// Where a decision is read: its own page when it has a file of its own, else its entry on the
/// page of the handoff it was written in (`handoffs/H/#decision-ID`). Inline decisions have no
/// page of their own: at 10,000 handoffs they were 15,000 pages of a few lines each, most of a
/// site's files, and what they say is read beside the handoff anyway.
pub fn decision_url(d: &Decision) -> String {
    match &d.origin {
        DecisionOrigin::Inline { handoff } => format!("handoffs/{handoff}/#{}", decision_anchor(&d.id)),
        DecisionOrigin::File => decision_page_url(&d.id),
    }
}

/// The id of an inline decision's entry on its handoff's page.
pub fn decision_anchor(id: &Id) -> String {
    format!("decision-{id}")
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
