//! Fragments: what the search page shows for one result.
//!
//! A fragment is one document's title, metadata and text (for the snippet), as gzipped JSON,
//! fetched only when the result is shown. Fragments of consecutive document numbers share a
//! pack ([`super::pack`]), from which the script reads each by range requests.

use super::pack::{self, Packs};
use super::{Files, encode};
use crate::search::document::SearchDoc;
use serde::{Deserialize, Serialize};

/// Text kept in a fragment for snippets, in characters.
pub const FRAGMENT_CHARS: usize = 6000;

/// What the page shows for one result.
#[derive(Debug, Serialize, Deserialize)]
pub struct Fragment {
    /// Id.
    pub id: String,
    /// `handoff` or `decision`.
    pub kind: String,
    /// Page URL relative to the site root.
    pub url: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: String,
    /// Owner or deciders.
    pub people: Vec<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The text, cut at [`FRAGMENT_CHARS`], for the snippet.
    pub text: String,
    /// Linked tracker items closed or merged (absent when none, as without a tracker cache).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trackers: Vec<String>,
}

/// Writes every document's fragment, member `N` for document `N`, into packs under
/// `search/f-HASH/`; returns where they are.
pub fn write(docs: &[SearchDoc], files: &mut Files) -> anyhow::Result<Packs> {
    let members = super::in_parallel(docs, fragment)?;
    Ok(pack::write("f", &members, files))
}

/// One document's fragment, gzipped.
pub fn fragment(doc: &SearchDoc) -> anyhow::Result<Vec<u8>> {
    let fragment = Fragment {
        id: doc.id.clone(),
        kind: doc.kind.as_str().to_string(),
        url: doc.url.clone(),
        title: doc.title.clone(),
        status: doc.status.clone(),
        people: doc.people.clone(),
        date: doc.date.clone(),
        text: doc.body.chars().take(FRAGMENT_CHARS).collect(),
        trackers: doc.trackers.clone(),
    };
    encode::gzip_fast(&serde_json::to_vec(&fragment)?)
}
