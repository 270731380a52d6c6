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
