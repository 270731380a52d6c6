//! The handoff record: every frontmatter field, typed, with its relations resolved both ways
//! (`depends_on` and `needed_by`, its decisions) and the open problems check found.

use super::records::{
    EdgeRecord, GroupRecord, MomentRecord, PersonRecord, at_moment, decision_edge, edges, group, handoff_edge, moment,
};
use crate::model::{At, Base, Handle, Handoff, Item, Risk};
use serde::Serialize;

/// A link or a recording.
#[derive(Debug, Serialize)]
pub struct LinkRecord<'a> {
    /// What to call it.
    pub title: &'a str,
    /// Where it goes.
    pub url: &'a str,
    /// Its kind (links) or length (recordings).
    pub kind: Option<&'static str>,
    /// A recording's length as written.
    pub duration: Option<&'a str>,
}

/// A Q&A entry.
#[derive(Debug, Serialize)]
pub struct QuestionRecord<'a> {
    /// The question.
    pub q: &'a str,
    /// Who asked.
    pub by: Option<&'a str>,
    /// When.
    pub date: Option<MomentRecord<'a>>,
    /// The answer.
    pub a: Option<&'a str>,
    /// Who answered.
    pub answered_by: Option<&'a str>,
    /// When it was answered.
    pub answered: Option<MomentRecord<'a>>,
}

/// A move of ownership.
#[derive(Debug, Serialize)]
pub struct TransferRecord<'a> {
    /// When.
    pub date: Option<MomentRecord<'a>>,
    /// From whom.
    pub from: Option<&'a str>,
    /// To whom.
    pub to: Option<&'a str>,
    /// What was said.
    pub note: Option<&'a str>,
}

/// An open problem check found.
#[derive(Debug, Serialize)]
pub struct FlagRecord<'a> {
    /// `review-overdue`, `unanswered`, `stale`, `past-due` or `blocked`.
    pub flag: crate::model::Flag,
    /// What is wrong.
    pub message: &'a str,
}

/// A linked tracker item and its state as last synced.
#[derive(Debug, Serialize)]
pub struct TrackerRecord<'a> {
    /// `github`, `gitlab` or `jira`.
    pub tracker: &'static str,
    /// `issue`, `pull` or `merge-request`.
    pub kind: &'static str,
    /// `acme/ledger#12`.
    pub reference: String,
    /// The item's page.
    pub url: String,
    /// `open`, `closed`, `merged`, `not-found`; `None` when the cache has no state for it.
    pub state: Option<&'static str>,
    /// The tracker's own word (Jira's `In Review`).
    pub status: Option<&'a str>,
    /// Its title.
    pub title: Option<&'a str>,
    /// Its assignee.
    pub assignee: Option<&'a str>,
    /// When the tracker says it last changed.
    pub updated: Option<&'a str>,
    /// When baton fetched it.
    pub as_of: Option<&'a str>,
}

/// A handoff.
#[derive(Debug, Serialize)]
#[allow(missing_docs, reason = "each field is the frontmatter field of the same name, see docs/format.md")]
pub struct HandoffRecord<'a> {
    pub id: &'a str,
    pub url: String,
    pub file: String,
    pub title: &'a str,
    pub status: &'static str,
    pub owner: PersonRecord<'a>,
    pub from: Option<PersonRecord<'a>>,
    pub reviewer: Option<PersonRecord<'a>>,
    pub team: Option<GroupRecord<'a>>,
    pub created: Option<MomentRecord<'a>>,
    pub updated: Option<MomentRecord<'a>>,
    pub handed_off: Option<MomentRecord<'a>>,
    pub due: Option<MomentRecord<'a>>,
    /// The review window in seconds (the site default when the handoff sets none is not filled in).
    pub review_within_seconds: Option<u64>,
    pub intent: Option<&'a str>,
    pub deliverables: &'a [String],
    pub acceptance: &'a [Item],
    pub risks: &'a [Risk],
    pub checklist: &'a [Item],
    pub blocked_reason: Option<&'a str>,
    pub depends_on: Vec<EdgeRecord<'a>>,
    /// Handoffs that depend on this one.
    pub needed_by: Vec<EdgeRecord<'a>>,
    /// Decisions that concern it: inline ones and decision files that name it in `related`.
    pub decisions: Vec<EdgeRecord<'a>>,
    pub tags: Vec<GroupRecord<'a>>,
    pub links: Vec<LinkRecord<'a>>,
    pub recordings: Vec<LinkRecord<'a>>,
    pub questions: Vec<QuestionRecord<'a>>,
    pub history: Vec<TransferRecord<'a>>,
    /// Open problems as of `as_of`, oldest first.
    pub attention: Vec<FlagRecord<'a>>,
    /// Linked tracker items and their synced states; absent without a tracker cache.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trackers: Vec<TrackerRecord<'a>>,
    pub extra: &'a serde_json::Value,
    /// The Markdown body as written: in `baton export` only (the site's parts leave it to the
    /// handoff's page, where it is most of the bytes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<&'a str>,
}

impl<'a> HandoffRecord<'a> {
    /// The record of `h` with its body, as `baton export` prints it.
    pub fn with_body(base: &'a Base, h: &'a Handoff) -> Self {
        HandoffRecord { body: Some(&h.body), ..HandoffRecord::new(base, h) }
    }

    /// The record of `h` without its body, as the site's parts hold it.
    pub fn new(base: &'a Base, h: &'a Handoff) -> Self {
        HandoffRecord {
            id: h.id.as_str(),
            url: crate::render::views::handoff_url(&h.id),
            file: h.file.to_string_lossy().into_owned(),
            title: &h.title,
            status: h.status.value.as_str(),
            owner: PersonRecord::new(base, &h.owner.value),
            from: PersonRecord::of(base, h.from.as_ref()),
            reviewer: PersonRecord::of(base, h.reviewer.as_ref()),
            team: h.team.as_deref().map(|t| group(t, "teams")),
            created: at_moment(&h.created),
            updated: at_moment(&h.updated),
            handed_off: at_moment(&h.handed_off),
            due: at_moment(&h.due),
            review_within_seconds: h.review_within.as_ref().map(|d| d.value.seconds),
            intent: h.intent.as_deref(),
            deliverables: &h.deliverables,
            acceptance: &h.acceptance,
            risks: &h.risks,
            checklist: &h.checklist,
            blocked_reason: h.blocked_reason.as_deref(),
            depends_on: edges(h.depends_on.iter().map(|d| &d.value), |id| handoff_edge(base, id)),
            needed_by: edges(base.indexes.needed_by.get(&h.id).into_iter().flatten(), |id| handoff_edge(base, id)),
            decisions: edges(base.indexes.decisions_of.get(&h.id).into_iter().flatten(), |id| decision_edge(base, id)),
            tags: h.tags.iter().map(|t| group(t, "tags")).collect(),
            links: links(h),
            recordings: recordings(h),
            questions: questions(h),
            history: history(h),
            attention: base
                .attention
                .of(&h.id)
                .iter()
                .map(|p| FlagRecord { flag: p.flag, message: &p.message })
                .collect(),
            trackers: trackers(base, h),
            extra: &h.extra,
            body: None,
        }
    }
}

fn trackers<'a>(base: &'a Base, h: &Handoff) -> Vec<TrackerRecord<'a>> {
    let linked = base.trackers.linked(h);
    linked
        .into_iter()
        .map(|l| TrackerRecord {
            tracker: l.item.tracker.as_str(),
            kind: l.item.kind.as_str(),
            reference: l.item.compact(),
            state: l.entry.map(|e| e.state.as_str()),
            status: l.entry.and_then(|e| e.status.as_deref()),
            title: l.entry.and_then(|e| e.title.as_deref()),
            assignee: l.entry.and_then(|e| e.assignee.as_deref()),
            updated: l.entry.and_then(|e| e.updated.as_deref()),
            as_of: l.entry.map(|e| e.fetched_at.as_str()),
            url: l.item.url,
        })
        .collect()
}

fn handle(person: &Option<At<Handle>>) -> Option<&str> {
    person.as_ref().map(|p| p.value.as_str())
}

fn links(h: &Handoff) -> Vec<LinkRecord<'_>> {
    h.links
        .iter()
        .map(|l| LinkRecord { title: &l.title, url: &l.url, kind: Some(l.kind.as_str()), duration: None })
        .collect()
}

fn recordings(h: &Handoff) -> Vec<LinkRecord<'_>> {
    h.recordings
        .iter()
        .map(|r| LinkRecord {
            title: &r.title,
            url: &r.url,
            kind: None,
            duration: r.duration.as_ref().map(|d| d.written.as_str()),
        })
        .collect()
}

fn questions(h: &Handoff) -> Vec<QuestionRecord<'_>> {
    h.questions
        .iter()
        .map(|q| QuestionRecord {
            q: &q.q,
            by: handle(&q.by),
            date: moment(q.date.as_ref()),
            a: q.a.as_deref(),
            answered_by: handle(&q.answered_by),
            answered: moment(q.answered.as_ref()),
        })
        .collect()
}

fn history(h: &Handoff) -> Vec<TransferRecord<'_>> {
    h.history
        .iter()
        .map(|t| TransferRecord {
            date: moment(t.date.as_ref()),
            from: handle(&t.from),
            to: handle(&t.to),
            note: t.note.as_deref(),
        })
        .collect()
}
