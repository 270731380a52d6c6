//! The settings of baton.yaml about records: `decision_dirs` (where records live, each with an
//! optional id prefix and team), `decision_statuses` (more status words) and `repo_url` (where
//! the repository host shows the site folder).
//!
//! `config.rs` reads the YAML; this gives the values meaning and reports bad ones at their line.

use super::decision::Folder;
use super::status::{StatusWords, normalise};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::Locator;
use crate::model::DecisionStatus;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

/// One entry of `decision_dirs:`: a path, or `{path, prefix, team}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawFolder {
    /// `- ../docs/adr`
    Path(String),
    /// `- {path: ../services/billing/docs/adr, prefix: billing, team: Payments}`
    Full {
        /// The folder, relative to the site folder.
        path: String,
        /// Put in front of each id from the folder.
        prefix: Option<String>,
        /// The team the folder's decisions belong to.
        team: Option<String>,
    },
}

/// Reads `decision_dirs`; a prefix that cannot start an id is an error at its entry.
pub fn folders(raw: Vec<Spanned<RawFolder>>, locator: &Locator, diagnostics: &mut Diagnostics) -> Vec<Folder> {
    let mut out = Vec::new();
    for entry in raw {
        let span = locator.at(&entry);
        let folder = match entry.value {
            RawFolder::Path(path) => Folder { path, prefix: None, team: None },
            RawFolder::Full { path, prefix, team } => Folder { path, prefix, team },
        };
        if let Some(prefix) = &folder.prefix
            && !crate::slug::is_ascii_slug(prefix)
        {
            let message = format!("prefix `{prefix}` cannot start an id: use lowercase letters, digits and dashes");
            diagnostics.push(Diagnostic::error("bad-setting", span, message).field("decision_dirs"));
            continue;
        }
        out.push(folder);
    }
    out
}

/// Reads `decision_statuses: {Parked: rejected}`; a meaning baton does not have is an error.
pub fn status_words(
    raw: BTreeMap<String, Spanned<String>>,
    locator: &Locator,
    diagnostics: &mut Diagnostics,
) -> StatusWords {
    let mut words = StatusWords::default();
    for (word, meaning) in raw {
        match DecisionStatus::parse(meaning.value.trim()) {
            Some(status) => {
                words.extra.insert(normalise(&word), status);
            }
            None => {
                let message = format!(
                    "`{}` is not a decision status: use proposed, accepted, rejected, superseded or deprecated",
                    meaning.value
                );
                diagnostics
                    .push(Diagnostic::error("bad-setting", locator.at(&meaning), message).field("decision_statuses"));
            }
        }
    }
    words
}

/// Reads `repo_url: https://github.com/acme/shop/blob/main/kb/`: an `http(s)` URL, given a
/// trailing `/` so paths join onto it. Anything else is an error at its line.
pub fn repo_url(raw: Spanned<String>, locator: &Locator, diagnostics: &mut Diagnostics) -> Option<String> {
    let url = raw.value.trim();
    let scheme = url.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
    if !matches!(scheme.as_deref(), Some("http" | "https")) || url.contains(['?', '#', ' ']) {
        let message = format!("`repo_url` must be an http(s) address without query or fragment, not `{url}`");
        let hint = Some("the address where the repository host shows the site folder, e.g. `https://github.com/acme/shop/blob/main/kb/`".to_string());
        diagnostics.push(Diagnostic::error("bad-setting", locator.at(&raw), message).field("repo_url").hint(hint));
        return None;
    }
    Some(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
}
