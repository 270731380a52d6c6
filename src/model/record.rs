//! What a decision read from another tool's record (adr-tools, MADR, Log4brains) keeps besides
//! baton's own decision fields: its number, its own status word, the folder it lives in, the
//! people it names as written and its relations other than supersession.

use super::{Handle, Id};
use serde::Serialize;

/// The record side of a decision that came from a decision folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordInfo {
    /// The template it follows: `nygard`, `madr-2`, `madr-3` or `plain`.
    pub shape: &'static str,
    /// The record's number ("ADR 2"), from its title or file name.
    pub number: Option<u32>,
    /// The status as the record writes it (`Approved`), when it says one.
    pub status_word: Option<String>,
    /// The decision folder as written in baton.yaml (`../docs/adr`), or `content` for a record
    /// found under content/.
    pub folder: String,
    /// The folder's team, from baton.yaml.
    pub team: Option<String>,
    /// Everyone the record names, in its order.
    pub people: Vec<RecordPerson>,
    /// Amends, clarifies and other links to records, both ways, sorted.
    pub relations: Vec<RecordRelation>,
    /// True when the record gives no date and the decision's date is the day its file was
    /// first committed to git.
    pub date_from_git: bool,
}

/// A person as a record names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordPerson {
    /// `decided by`, `consulted` or `informed`.
    pub role: &'static str,
    /// The name as written.
    pub name: String,
    /// The person in people.yaml it matched, by handle or name.
    pub handle: Option<Handle>,
}

/// A link between two records, in the words of this record's side.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RecordRelation {
    /// `amends`, `amended by`, `clarifies`, `clarified by` or `related to`.
    pub label: &'static str,
    /// The other decision.
    pub target: Id,
}

/// A decision folder as the site shows it: the group of its records on `/decisions/`, with the
/// folder's README as introduction, and the files kept beside the records (images, diagrams)
/// that the build publishes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFolder {
    /// The folder as written in baton.yaml (`../docs/adr`), or `content` for records found
    /// under content/.
    pub path: String,
    /// The folder on disk (the site folder joined with `path`), for copying its files.
    pub dir: std::path::PathBuf,
    /// Its name in URLs: its files are published under `decisions/files/KEY/`.
    pub key: String,
    /// The folder's team, from baton.yaml.
    pub team: Option<String>,
    /// Its `README.md` or `index.md`, when it has one.
    pub introduction: Option<Introduction>,
    /// Every file in the folder that is neither a record nor its introduction, as a
    /// `/`-separated path inside the folder, sorted.
    pub files: Vec<String>,
    /// Where the repository host shows the folder (baton.yaml `repo_url` joined with its
    /// path), ending in `/`; none without `repo_url`.
    pub source_url: Option<String>,
}

impl RecordFolder {
    /// The site-root-relative URL a file of this folder is published at.
    pub fn file_url(&self, file: &str) -> String {
        format!("decisions/files/{}/{file}", self.key)
    }
}

/// A decision folder's README: its H1 becomes the group's heading, the rest its introduction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introduction {
    /// The file, relative to the site folder.
    pub file: std::path::PathBuf,
    /// Its H1, when it has one.
    pub title: Option<String>,
    /// The Markdown without the H1; lines keep their numbers.
    pub body: String,
    /// The file line the body starts on.
    pub body_line: usize,
}
