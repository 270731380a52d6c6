//! The decision record: what was decided and why, with its supersession both ways, the handoffs
//! it concerns and, for an inline decision, the handoff it was written in, all by id.

use super::records::{date_of, ids};
use super::tables::Named;
use crate::model::{Base, Decision, DecisionOrigin};
use serde::Serialize;
use std::borrow::Cow;

/// A decision.
#[derive(Debug, Serialize)]
#[allow(missing_docs, reason = "each field is the frontmatter field of the same name, see docs/format.md")]
pub struct DecisionRecord<'a> {
    pub id: &'a str,
    pub file: String,
    pub title: &'a str,
    pub status: &'static str,
    pub date: Option<Cow<'a, str>>,
    /// Handles, resolved in the index's `people`.
    pub by: Vec<&'a str>,
    /// `inline` (written in a handoff) or `file`.
    pub origin: &'static str,
    /// The id of the handoff an inline decision was written in.
    pub handoff: Option<&'a str>,
    pub context: Option<&'a str>,
    pub decision: Option<&'a str>,
    pub rationale: Option<&'a str>,
    pub alternatives: &'a [String],
    /// Decision ids.
    pub supersedes: Vec<&'a str>,
    /// The ids of the decisions that supersede this one.
    pub superseded_by: Vec<&'a str>,
    /// Handoff ids.
    pub related: Vec<&'a str>,
    /// As written, resolved in the index's `tags`.
    pub tags: Vec<&'a str>,
    /// The Markdown body of a decision file (empty for inline decisions): in `baton export` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a str>,
    /// For a decision read from another tool's record: its number, own status word, folder,
    /// people as written and relations (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<&'a crate::model::RecordInfo>,
}

impl<'a> DecisionRecord<'a> {
    /// The record of `d` with its body, as `baton export` prints it.
    pub fn with_body(base: &'a Base, d: &'a Decision) -> Self {
        DecisionRecord { body: Some(&d.body), ..DecisionRecord::new(base, d) }
    }

    /// The record of `d` without its body, as the site's parts hold it.
    pub fn new(base: &'a Base, d: &'a Decision) -> Self {
        let (origin, handoff) = match &d.origin {
            DecisionOrigin::Inline { handoff } => ("inline", Some(handoff.as_str())),
            DecisionOrigin::File => ("file", None),
        };
        DecisionRecord {
            id: d.id.as_str(),
            file: d.file.to_string_lossy().into_owned(),
            title: &d.title,
            status: d.status.as_str(),
            date: date_of(d.date.as_ref()),
            by: d.by.iter().map(|b| b.value.as_str()).collect(),
            origin,
            handoff,
            context: d.context.as_deref(),
            decision: d.decision.as_deref(),
            rationale: d.rationale.as_deref(),
            alternatives: &d.alternatives,
            supersedes: ids(d.supersedes.iter().map(|s| &s.value)),
            superseded_by: ids(base.indexes.superseded_by.get(&d.id).into_iter().flatten()),
            related: ids(d.related.iter().map(|r| &r.value)),
            tags: d.tags.iter().map(String::as_str).collect(),
            body: None,
            record: d.record.as_deref(),
        }
    }
}

/// Everyone and every group `d`'s record names, for the tables that resolve them: its deciders,
/// the people its `record` matched in people.yaml, and its tags.
pub fn name_into<'a>(d: &'a Decision, named: &mut Named<'a>) {
    d.by.iter().for_each(|b| named.person(&b.value));
    let matched = d.record.iter().flat_map(|r| &r.people).filter_map(|p| p.handle.as_ref());
    matched.for_each(|h| named.person(h));
    d.tags.iter().for_each(|t| named.tag(t));
}
