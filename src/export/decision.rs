//! The decision record: what was decided and why, with its supersession resolved both ways, the
//! handoffs it concerns and, for an inline decision, the handoff it was written in.

use super::records::{
    EdgeRecord, GroupRecord, MomentRecord, PersonRecord, decision_edge, edges, group, handoff_edge, moment,
};
use crate::model::{Base, Decision, DecisionOrigin};
use serde::Serialize;

/// A decision.
#[derive(Debug, Serialize)]
#[allow(missing_docs, reason = "each field is the frontmatter field of the same name, see docs/format.md")]
pub struct DecisionRecord<'a> {
    pub id: &'a str,
    pub url: String,
    pub file: String,
    pub title: &'a str,
    pub status: &'static str,
    pub date: Option<MomentRecord<'a>>,
    pub by: Vec<PersonRecord<'a>>,
    /// `inline` (written in a handoff) or `file`.
    pub origin: &'static str,
    /// The handoff an inline decision was written in.
    pub handoff: Option<EdgeRecord<'a>>,
    pub context: Option<&'a str>,
    pub decision: Option<&'a str>,
    pub rationale: Option<&'a str>,
    pub alternatives: &'a [String],
    pub supersedes: Vec<EdgeRecord<'a>>,
    /// Decisions that supersede this one.
    pub superseded_by: Vec<EdgeRecord<'a>>,
    pub related: Vec<EdgeRecord<'a>>,
    pub tags: Vec<GroupRecord<'a>>,
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
            DecisionOrigin::Inline { handoff } => ("inline", Some(handoff_edge(base, handoff))),
            DecisionOrigin::File => ("file", None),
        };
        DecisionRecord {
            id: d.id.as_str(),
            url: crate::render::views::decision_url(d),
            file: d.file.to_string_lossy().into_owned(),
            title: &d.title,
            status: d.status.as_str(),
            date: moment(d.date.as_ref()),
            by: d.by.iter().map(|b| PersonRecord::new(base, &b.value)).collect(),
            origin,
            handoff,
            context: d.context.as_deref(),
            decision: d.decision.as_deref(),
            rationale: d.rationale.as_deref(),
            alternatives: &d.alternatives,
            supersedes: edges(d.supersedes.iter().map(|s| &s.value), |id| decision_edge(base, id)),
            superseded_by: edges(base.indexes.superseded_by.get(&d.id).into_iter().flatten(), |id| {
                decision_edge(base, id)
            }),
            related: edges(d.related.iter().map(|r| &r.value), |id| handoff_edge(base, id)),
            tags: d.tags.iter().map(|t| group(t, "tags")).collect(),
            body: None,
            record: d.record.as_deref(),
        }
    }
}
