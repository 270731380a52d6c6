//! Handoffs and decisions, typed: statuses are enums, dates are [`Moment`]s, relations are ids.
//!
//! These are what the link stage produces from `RawHandoff` and `RawDecision`; they hold no HTML.
//! Text fields that allow Markdown (intent, context, rationale, bodies) are kept as Markdown
//! source; the render stage turns them into HTML.

use super::{At, Duration, Handle, Id, Moment};
use serde::Serialize;
use std::path::PathBuf;

/// Where a piece of work stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Being written; not handed off yet.
    Draft,
    /// Handed off, waiting for the reviewer.
    Ready,
    /// The reviewer accepted it.
    Accepted,
    /// Someone is working on it.
    InProgress,
    /// Waiting on something else.
    Blocked,
    /// Finished.
    Done,
    /// Dropped.
    Cancelled,
}

impl Status {
    /// Every status, in the order of a handoff's life (the order indexes list them in).
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Ready,
        Status::Accepted,
        Status::InProgress,
        Status::Blocked,
        Status::Done,
        Status::Cancelled,
    ];

    /// The status as written in frontmatter and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Ready => "ready",
            Status::Accepted => "accepted",
            Status::InProgress => "in-progress",
            Status::Blocked => "blocked",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    /// Reads a status as written.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Still needs someone: neither done nor cancelled.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Done | Status::Cancelled)
    }
}

/// Where a decision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionStatus {
    /// Suggested, not yet agreed.
    Proposed,
    /// In force.
    Accepted,
    /// Considered and turned down.
    Rejected,
    /// Replaced by a later decision.
    Superseded,
    /// No longer in force, not replaced.
    Deprecated,
}

impl DecisionStatus {
    /// Every decision status.
    pub const ALL: [DecisionStatus; 5] = [
        DecisionStatus::Proposed,
        DecisionStatus::Accepted,
        DecisionStatus::Rejected,
        DecisionStatus::Superseded,
        DecisionStatus::Deprecated,
    ];

    /// The status as written.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionStatus::Proposed => "proposed",
            DecisionStatus::Accepted => "accepted",
            DecisionStatus::Rejected => "rejected",
            DecisionStatus::Superseded => "superseded",
            DecisionStatus::Deprecated => "deprecated",
        }
    }

    /// Reads a decision status as written.
    pub fn parse(text: &str) -> Option<DecisionStatus> {
        DecisionStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// An acceptance criterion or checklist entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// What must hold.
    pub text: String,
    /// Whether it holds already.
    pub done: bool,
}

/// A risk and what limits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Risk {
    /// What could go wrong.
    pub text: String,
    /// What limits the damage, if anything yet.
    pub mitigation: Option<String>,
}

/// What a link points at; links are grouped by kind on a handoff page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// Designs and mock-ups.
    Design,
    /// Code: repositories, pull requests.
    Code,
    /// Incidents and post-mortems.
    Incident,
    /// Tickets in a tracker.
    Ticket,
    /// Dashboards and graphs.
    Dashboard,
    /// Documents.
    Doc,
}

impl LinkKind {
    /// Every kind, in display order.
    pub const ALL: [LinkKind; 6] =
        [LinkKind::Design, LinkKind::Code, LinkKind::Incident, LinkKind::Ticket, LinkKind::Dashboard, LinkKind::Doc];

    /// The kind as written.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Design => "design",
            LinkKind::Code => "code",
            LinkKind::Incident => "incident",
            LinkKind::Ticket => "ticket",
            LinkKind::Dashboard => "dashboard",
            LinkKind::Doc => "doc",
        }
    }

    /// Reads a kind as written.
    pub fn parse(text: &str) -> Option<LinkKind> {
        LinkKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A link to a design, code, incident, ticket, dashboard or document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What to call it.
    pub title: String,
    /// Where it goes.
    pub url: String,
    /// What kind of thing it is.
    pub kind: LinkKind,
}

/// A short recorded context clip, made instead of a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    /// What it explains.
    pub title: String,
    /// Where to watch it.
    pub url: String,
    /// How long it is.
    pub duration: Option<Duration>,
}

/// One question of the handoff's async Q&A.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The question.
    pub q: String,
    /// Who asked.
    pub by: Option<At<Handle>>,
    /// When it was asked.
    pub date: Option<Moment>,
    /// The answer, if any.
    pub a: Option<String>,
    /// Who answered.
    pub answered_by: Option<At<Handle>>,
    /// When it was answered.
    pub answered: Option<Moment>,
    /// Where the question was written.
    pub span: crate::diagnostic::Span,
}

/// One entry of a handoff's history: a move of ownership, a change of status, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// When it moved.
    pub date: Option<Moment>,
    /// Who had it.
    pub from: Option<At<Handle>>,
    /// Who has it since.
    pub to: Option<At<Handle>>,
    /// The status the handoff moved to at `date`, when the entry records one. The metrics read
    /// review, acceptance and rework times from these (see docs/graph-and-metrics.md).
    pub status: Option<Status>,
    /// Why, or what was said.
    pub note: Option<String>,
}

/// A piece of work handed from one person or shift to the next.
#[derive(Debug, Clone)]
pub struct Handoff {
    /// Unique id; the page lives at `/handoffs/ID/`.
    pub id: Id,
    /// The source file, relative to the site folder.
    pub file: PathBuf,
    /// The title.
    pub title: String,
    /// Where it stands.
    pub status: At<Status>,
    /// Who owns it now.
    pub owner: At<Handle>,
    /// Who handed it off.
    pub from: Option<At<Handle>>,
    /// Who reviews it.
    pub reviewer: Option<At<Handle>>,
    /// The team, as written (or the owner's team from people.yaml).
    pub team: Option<String>,
    /// When it was created.
    pub created: Option<At<Moment>>,
    /// When it was last updated.
    pub updated: Option<At<Moment>>,
    /// When it was handed off.
    pub handed_off: Option<At<Moment>>,
    /// When it is due.
    pub due: Option<At<Moment>>,
    /// How soon the reviewer should answer.
    pub review_within: Option<At<Duration>>,
    /// Why it exists (Markdown).
    pub intent: Option<String>,
    /// What will be delivered.
    pub deliverables: Vec<String>,
    /// What "done" means.
    pub acceptance: Vec<Item>,
    /// What could go wrong.
    pub risks: Vec<Risk>,
    /// Steps to tick off.
    pub checklist: Vec<Item>,
    /// Why it is blocked when the blocker is outside the base.
    pub blocked_reason: Option<String>,
    /// What it waits on.
    pub depends_on: Vec<At<Id>>,
    /// Tags as written.
    pub tags: Vec<String>,
    /// Links to designs, code, incidents and so on.
    pub links: Vec<Link>,
    /// Recorded context clips.
    pub recordings: Vec<Recording>,
    /// Ids of the decisions written inline in this handoff.
    pub decisions: Vec<Id>,
    /// The async Q&A.
    pub questions: Vec<Question>,
    /// Each move of ownership.
    pub history: Vec<Transfer>,
    /// Teams' own fields, passed to templates as they are.
    pub extra: serde_json::Value,
    /// The Markdown body.
    pub body: String,
    /// The line of the file the body starts on (1-based), to report body positions.
    pub body_line: usize,
}

impl Handoff {
    /// A draft is built and shown, but marked as such everywhere.
    pub fn is_draft(&self) -> bool {
        self.status.value == Status::Draft
    }
}

/// Where a decision was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionOrigin {
    /// Inside a handoff's `decisions:` list.
    Inline {
        /// The handoff it came from.
        handoff: Id,
    },
    /// In a file of its own (`kind: decision`).
    File,
}

/// A decision: what was decided, by whom, why, and what it replaces.
#[derive(Debug, Clone)]
pub struct Decision {
    /// Unique id (one namespace with handoffs). A decision file's page lives at `/decisions/ID/`;
    /// an inline decision is the entry `#decision-ID` on its handoff's page.
    pub id: Id,
    /// The source file, relative to the site folder.
    pub file: PathBuf,
    /// Where the decision starts in that file.
    pub span: crate::diagnostic::Span,
    /// The title.
    pub title: String,
    /// Where it stands.
    pub status: DecisionStatus,
    /// When it was decided.
    pub date: Option<Moment>,
    /// Who decided.
    pub by: Vec<At<Handle>>,
    /// The situation (Markdown).
    pub context: Option<String>,
    /// What was decided (Markdown).
    pub decision: Option<String>,
    /// Why (Markdown).
    pub rationale: Option<String>,
    /// What else was considered.
    pub alternatives: Vec<String>,
    /// Decisions this one replaces.
    pub supersedes: Vec<At<Id>>,
    /// Tags as written.
    pub tags: Vec<String>,
    /// Handoffs it concerns (decision files), besides the one it came from.
    pub related: Vec<At<Id>>,
    /// Inline or a file of its own.
    pub origin: DecisionOrigin,
    /// The Markdown body of a decision file (empty for inline decisions).
    pub body: String,
    /// The line of the file the body starts on.
    pub body_line: usize,
    /// Set when the decision was read from another tool's record (adr-tools, MADR, Log4brains).
    pub record: Option<Box<super::RecordInfo>>,
}
