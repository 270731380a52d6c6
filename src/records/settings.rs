//! The two settings of baton.yaml about records: `decision_dirs` (where records live, each with
//! an optional id prefix and team) and `decision_statuses` (more status words).
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
