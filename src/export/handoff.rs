//! The handoff record: every frontmatter field, typed, with its relations both ways
//! (`depends_on` and `needed_by`, its decisions) by id, people by handle, and the open problems
//! check found.

use super::records::{at_date, date_of, handle, ids};
use super::tables::Named;
use crate::model::{Base, Handoff, Item, Risk};
use serde::Serialize;
use std::borrow::Cow;

/// A link.
#[derive(Debug, Serialize)]
pub struct LinkRecord<'a> {
    /// What to call it.
    pub title: &'a str,
    /// Where it goes.
    pub url: &'a str,
    /// Its kind.
    pub kind: &'static str,
}

/// A recording.
#[derive(Debug, Serialize)]
pub struct RecordingRecord<'a> {
    /// What to call it.
    pub title: &'a str,
    /// Where it is.
    pub url: &'a str,
    /// Its length as written.
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
    pub date: Option<Cow<'a, str>>,
    /// The answer.
    pub a: Option<&'a str>,
    /// Who answered.
    pub answered_by: Option<&'a str>,
    /// When it was answered.
    pub answered: Option<Cow<'a, str>>,
}

/// A move of ownership.
#[derive(Debug, Serialize)]
pub struct TransferRecord<'a> {
    /// When.
    pub date: Option<Cow<'a, str>>,
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
    pub file: String,
    pub title: &'a str,
    pub status: &'static str,
    /// Handles, resolved in the index's `people`.
    pub owner: &'a str,
    pub from: Option<&'a str>,
    pub reviewer: Option<&'a str>,
    /// The team as written, resolved in the index's `teams`.
    pub team: Option<&'a str>,
    pub created: Option<Cow<'a, str>>,
    pub updated: Option<Cow<'a, str>>,
    pub handed_off: Option<Cow<'a, str>>,
    pub due: Option<Cow<'a, str>>,
    /// The review window in seconds (the site default when the handoff sets none is not filled in).
    pub review_within_seconds: Option<u64>,
    pub intent: Option<&'a str>,
    pub deliverables: &'a [String],
    pub acceptance: &'a [Item],
    pub risks: &'a [Risk],
    pub checklist: &'a [Item],
    pub blocked_reason: Option<&'a str>,
    /// Handoff ids.
    pub depends_on: Vec<&'a str>,
    /// The ids of the handoffs that depend on this one.
    pub needed_by: Vec<&'a str>,
    /// The ids of the decisions that concern it: inline ones and decision files that name it in
    /// `related`.
    pub decisions: Vec<&'a str>,
    /// As written, resolved in the index's `tags`.
    pub tags: Vec<&'a str>,
    pub links: Vec<LinkRecord<'a>>,
    pub recordings: Vec<RecordingRecord<'a>>,
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
            file: h.file.to_string_lossy().into_owned(),
            title: &h.title,
            status: h.status.value.as_str(),
            owner: h.owner.value.as_str(),
            from: handle(&h.from),
            reviewer: handle(&h.reviewer),
            team: h.team.as_deref(),
            created: at_date(&h.created),
            updated: at_date(&h.updated),
            handed_off: at_date(&h.handed_off),
            due: at_date(&h.due),
            review_within_seconds: h.review_within.as_ref().map(|d| d.value.seconds),
            intent: h.intent.as_deref(),
            deliverables: &h.deliverables,
            acceptance: &h.acceptance,
            risks: &h.risks,
            checklist: &h.checklist,
            blocked_reason: h.blocked_reason.as_deref(),
            depends_on: ids(h.depends_on.iter().map(|d| &d.value)),
            needed_by: ids(base.indexes.needed_by.get(&h.id).into_iter().flatten()),
            decisions: ids(base.indexes.decisions_of.get(&h.id).into_iter().flatten()),
            tags: h.tags.iter().map(String::as_str).collect(),
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

/// Everyone and every group `h`'s record names, for the tables that resolve them.
pub fn name_into<'a>(h: &'a Handoff, named: &mut Named<'a>) {
    let people = [Some(&h.owner), h.from.as_ref(), h.reviewer.as_ref()].into_iter().flatten();
    let asked = h.questions.iter().flat_map(|q| [q.by.as_ref(), q.answered_by.as_ref()]).flatten();
    let moved = h.history.iter().flat_map(|t| [t.from.as_ref(), t.to.as_ref()]).flatten();
    people.chain(asked).chain(moved).for_each(|p| named.person(&p.value));
    if let Some(team) = &h.team {
        named.team(team);
    }
    h.tags.iter().for_each(|t| named.tag(t));
}

fn links(h: &Handoff) -> Vec<LinkRecord<'_>> {
    h.links.iter().map(|l| LinkRecord { title: &l.title, url: &l.url, kind: l.kind.as_str() }).collect()
}

fn recordings(h: &Handoff) -> Vec<RecordingRecord<'_>> {
    h.recordings
        .iter()
        .map(|r| RecordingRecord {
            title: &r.title,
            url: &r.url,
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
            date: date_of(q.date.as_ref()),
            a: q.a.as_deref(),
            answered_by: handle(&q.answered_by),
            answered: date_of(q.answered.as_ref()),
        })
        .collect()
}

fn history(h: &Handoff) -> Vec<TransferRecord<'_>> {
    h.history
        .iter()
        .map(|t| TransferRecord {
            date: date_of(t.date.as_ref()),
            from: handle(&t.from),
            to: handle(&t.to),
            note: t.note.as_deref(),
        })
        .collect()
}
