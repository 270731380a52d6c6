//! What templates see: typed, borrowed views of the model with URLs resolved and lists sorted.
//!
//! Templates are the only place that knows HTML; they get ready data (labels, relative URLs,
//! counts) from here and never compute. Every URL is site-root-relative (`handoffs/x/`);
//! templates prefix it with `root`, the way back from the current page to the site root.

use crate::model::{Base, Decision, DecisionOrigin, Flag, Handle, Handoff, Id, Item, Moment, Person};
use serde::Serialize;

/// A person as shown next to their work.
#[derive(Debug, Serialize)]
pub struct PersonRef<'a> {
    /// The handle.
    pub handle: &'a str,
    /// The full name, when people.yaml has one.
    pub name: Option<&'a str>,
    /// Their page.
    pub url: String,
    /// Their team.
    pub team: Option<&'a str>,
    /// Their IANA time zone.
    pub tz: Option<&'a str>,
    /// Their UTC offset at the moment the page is about (e.g. `UTC+08:00`).
    pub offset: Option<String>,
    /// How to reach them.
    pub contact: Option<&'a str>,
}

impl<'a> PersonRef<'a> {
    /// The view of `handle`, with the offset of their zone at `at` when both are known.
    pub fn new(base: &'a Base, handle: &'a Handle, at: Option<&Moment>) -> Self {
        let person: Option<&'a Person> = base.people.get(handle);
        let tz = person.and_then(|p| p.tz.as_deref());
        PersonRef {
            handle: handle.as_str(),
            name: person.and_then(|p| p.name.as_deref()),
            url: format!("owners/{handle}/"),
            team: person.and_then(|p| p.team.as_deref()),
            tz,
            offset: tz.zip(at).and_then(|(tz, at)| utc_offset(tz, at)),
            contact: person.and_then(|p| p.contact.as_deref()),
        }
    }
}

/// `UTC+08:00` for a zone at an instant.
fn utc_offset(tz: &str, at: &Moment) -> Option<String> {
    let zone = jiff::tz::TimeZone::get(tz).ok()?;
    let offset = zone.to_offset(at.instant);
    Some(format!("UTC{offset}"))
}

/// A handoff in a list or table.
#[derive(Debug, Serialize)]
pub struct HandoffRow<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its page.
    pub url: String,
    /// Its status as written (`in-progress`).
    pub status: &'static str,
    /// True for drafts, which every list marks.
    pub draft: bool,
    /// Who owns it.
    pub owner: PersonRef<'a>,
    /// Its team as written.
    pub team: Option<&'a str>,
    /// Its team's page.
    pub team_url: Option<String>,
    /// When it was last updated.
    pub updated: Option<String>,
    /// When it is due.
    pub due: Option<String>,
    /// Open problems, as badges: review overdue, unanswered question, stale, past due, blocked.
    pub flags: Vec<FlagView>,
    /// Linked tracker items that are closed or merged, as last synced (none without a cache).
    pub trackers: Vec<super::trackers::TrackerMark>,
}

/// A badge for an open problem.
#[derive(Debug, Serialize)]
pub struct FlagView {
    /// CSS-friendly kind, e.g. `review-overdue`.
    pub kind: Flag,
    /// What the badge says.
    pub label: &'static str,
    /// The full message, for a tooltip.
    pub message: String,
}

impl FlagView {
    /// The badges of one handoff, one per kind of problem.
    pub fn of(base: &Base, id: &Id) -> Vec<FlagView> {
        let mut flags: Vec<FlagView> = Vec::new();
        for problem in base.attention.of(id) {
            match flags.iter_mut().find(|f| f.kind == problem.flag) {
                Some(existing) => existing.message = format!("{}; {}", existing.message, problem.message),
                None => flags.push(FlagView {
                    kind: problem.flag,
                    label: problem.flag.label(),
                    message: problem.message.clone(),
                }),
            }
        }
        flags.sort_by_key(|f| f.kind);
        flags
    }
}

impl<'a> HandoffRow<'a> {
    /// The row of `handoff`.
    pub fn new(base: &'a Base, handoff: &'a Handoff) -> Self {
        HandoffRow {
            id: handoff.id.as_str(),
            title: &handoff.title,
            url: handoff_url(&handoff.id),
            status: handoff.status.value.as_str(),
            draft: handoff.is_draft(),
            owner: PersonRef::new(base, &handoff.owner.value, reference_moment(handoff)),
            team: handoff.team.as_deref(),
            team_url: base.team_slug(handoff).map(|slug| format!("teams/{slug}/")),
            updated: handoff.updated.as_ref().map(|m| m.value.display()),
            due: handoff.due.as_ref().map(|m| m.value.display()),
            flags: FlagView::of(base, &handoff.id),
            trackers: super::trackers::tracker_marks(base, handoff),
        }
    }
}

/// The moment a handoff page is "about", for showing people's UTC offsets: the latest date it has.
pub fn reference_moment(handoff: &Handoff) -> Option<&Moment> {
    [&handoff.updated, &handoff.handed_off, &handoff.created].into_iter().flatten().map(|m| &m.value).next()
}

pub use crate::sitemap::{decision_url, handoff_url};

/// A related page: a dependency, a superseding decision, a handoff a decision came from.
#[derive(Debug, Serialize)]
pub struct Edge<'a> {
    /// The id pointed at.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its page.
    pub url: String,
    /// Its status as written.
    pub status: &'static str,
}

impl<'a> Edge<'a> {
    /// An edge to a handoff; `None` if the id is unknown (reported by link).
    pub fn handoff(base: &'a Base, id: &'a Id) -> Option<Self> {
        let h = base.handoffs.get(id)?;
        Some(Edge { id: h.id.as_str(), title: &h.title, url: handoff_url(id), status: h.status.value.as_str() })
    }

    /// An edge to a decision; `None` if the id is unknown.
    pub fn decision(base: &'a Base, id: &'a Id) -> Option<Self> {
        let d = base.decisions.get(id)?;
        Some(Edge { id: d.id.as_str(), title: &d.title, url: decision_url(d), status: d.status.as_str() })
    }
}

/// A decision in the history or on a handoff page.
#[derive(Debug, Serialize)]
pub struct DecisionRow<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its page.
    pub url: String,
    /// Its status as written.
    pub status: &'static str,
    /// When it was decided.
    pub date: Option<String>,
    /// Who decided.
    pub by: Vec<PersonRef<'a>>,
    /// The handoff it was written in, for inline decisions.
    pub handoff: Option<Edge<'a>>,
    /// Decisions it replaces.
    pub supersedes: Vec<Edge<'a>>,
    /// Decisions that replace it.
    pub superseded_by: Vec<Edge<'a>>,
    /// What was decided, as plain text, for lists.
    pub summary: Option<&'a str>,
    /// The status as shown: the record's own word beside baton's ("Approved · accepted"), or
    /// "no status" for a record that gives none.
    pub status_label: String,
    /// The record's number ("ADR 2"), for decisions read from a decision folder.
    pub number: Option<u32>,
    /// True when the date is the day the record's file was first committed, the record giving none.
    pub date_from_git: bool,
}

impl<'a> DecisionRow<'a> {
    /// The row of `decision`.
    pub fn new(base: &'a Base, decision: &'a Decision) -> Self {
        let handoff = match &decision.origin {
            DecisionOrigin::Inline { handoff } => Edge::handoff(base, handoff),
            DecisionOrigin::File => None,
        };
        let superseded_by = base.indexes.superseded_by.get(&decision.id).map(Vec::as_slice).unwrap_or_default();
        DecisionRow {
            id: decision.id.as_str(),
            title: &decision.title,
            url: decision_url(decision),
            status: decision.status.as_str(),
            date: decision.date.as_ref().map(Moment::display),
            by: decision.by.iter().map(|b| PersonRef::new(base, &b.value, decision.date.as_ref())).collect(),
            handoff,
            supersedes: decision.supersedes.iter().filter_map(|s| Edge::decision(base, &s.value)).collect(),
            superseded_by: superseded_by.iter().filter_map(|s| Edge::decision(base, s)).collect(),
            summary: decision.decision.as_deref(),
            status_label: status_label(decision),
            number: decision.record.as_ref().and_then(|r| r.number),
            date_from_git: decision.record.as_ref().is_some_and(|r| r.date_from_git),
        }
    }
}

/// "Approved · accepted" when a record's own word differs from baton's status; "no status" for
/// a record that gives none; baton's status otherwise.
fn status_label(decision: &Decision) -> String {
    let status = decision.status.as_str();
    match decision.record.as_ref().map(|r| r.status_word.as_deref()) {
        Some(None) => "no status".to_string(),
        Some(Some(word)) if !word.eq_ignore_ascii_case(status) => format!("{word} · {status}"),
        _ => status.to_string(),
    }
}

/// Acceptance criteria or checklist with a done count.
#[derive(Debug, Serialize)]
pub struct Checklist {
    /// The entries, their text as inline HTML.
    pub items: Vec<ItemView>,
    /// How many are done.
    pub done: usize,
}

/// A criterion or checklist entry as shown.
#[derive(Debug, Serialize)]
pub struct ItemView {
    /// Inline HTML.
    pub text: String,
    /// Whether it holds.
    pub done: bool,
}

impl Checklist {
    /// Renders the entries and counts what is done.
    pub fn new(items: &[Item], html: impl Fn(&str) -> String) -> Self {
        Checklist {
            items: items.iter().map(|i| ItemView { text: html(&i.text), done: i.done }).collect(),
            done: items.iter().filter(|i| i.done).count(),
        }
    }
}

/// A risk as shown, as inline HTML.
#[derive(Debug, Serialize)]
pub struct RiskView {
    /// What could go wrong.
    pub text: String,
    /// What limits it.
    pub mitigation: Option<String>,
}

/// Links of one kind on a handoff page.
#[derive(Debug, Serialize)]
pub struct LinkGroup<'a> {
    /// The kind as written (`design`).
    pub kind: &'static str,
    /// The links; `url` is `None` when its scheme is unsafe, so it is shown but never live.
    pub links: Vec<LinkView<'a>>,
}

/// A frontmatter link or recording.
#[derive(Debug, Serialize)]
pub struct LinkView<'a> {
    /// What to call it.
    pub title: &'a str,
    /// Where it goes, if safe.
    pub url: Option<&'a str>,
    /// A recording's length.
    pub duration: Option<&'a str>,
}

/// A Q&A entry.
#[derive(Debug, Serialize)]
pub struct QuestionView<'a> {
    /// The question, as inline HTML.
    pub q: String,
    /// Who asked.
    pub by: Option<PersonRef<'a>>,
    /// When.
    pub date: Option<String>,
    /// The answer, as inline HTML.
    pub a: Option<String>,
    /// Who answered.
    pub answered_by: Option<PersonRef<'a>>,
    /// When it was answered.
    pub answered: Option<String>,
}

/// A move of ownership.
#[derive(Debug, Serialize)]
pub struct TransferView<'a> {
    /// When.
    pub date: Option<String>,
    /// From whom.
    pub from: Option<PersonRef<'a>>,
    /// To whom.
    pub to: Option<PersonRef<'a>>,
    /// The status it moved to, if the entry records one.
    pub status: Option<&'static str>,
    /// What was said.
    pub note: Option<&'a str>,
}

/// A tag or team name with its page.
#[derive(Debug, Serialize)]
pub struct GroupRef<'a> {
    /// The name as written.
    pub name: &'a str,
    /// Its page.
    pub url: String,
    /// How many handoffs (and decisions, for tags) it groups.
    pub count: usize,
}
