//! The records of the export: one typed, borrowed view per kind of page, with relations
//! resolved. Field names and shapes are the contract `docs/export-schema.json` documents; a field
//! is `null` when the source did not say, never left out, so readers need no guessing.

use crate::model::{At, Base, Decision, DecisionOrigin, Handle, Handoff, Id, Item, Moment, Recipient, Risk, Wrap};
use serde::Serialize;

/// A person, resolved through people.yaml.
#[derive(Debug, Serialize)]
pub struct PersonRecord<'a> {
    /// The handle.
    pub handle: &'a str,
    /// Full name.
    pub name: Option<&'a str>,
    /// Team.
    pub team: Option<&'a str>,
    /// IANA zone.
    pub tz: Option<&'a str>,
    /// How to reach them.
    pub contact: Option<&'a str>,
    /// Their page.
    pub url: String,
}

impl<'a> PersonRecord<'a> {
    fn new(base: &'a Base, handle: &'a Handle) -> Self {
        let person = base.people.get(handle);
        PersonRecord {
            handle: handle.as_str(),
            name: person.and_then(|p| p.name.as_deref()),
            team: person.and_then(|p| p.team.as_deref()),
            tz: person.and_then(|p| p.tz.as_deref()),
            contact: person.and_then(|p| p.contact.as_deref()),
            url: format!("owners/{handle}/"),
        }
    }

    fn of(base: &'a Base, handle: Option<&'a At<Handle>>) -> Option<Self> {
        handle.map(|h| PersonRecord::new(base, &h.value))
    }
}

/// Another page, pointed at: its id, title, status and URL (all three `null` for an id that names
/// nothing, which check reports).
#[derive(Debug, Serialize)]
pub struct EdgeRecord<'a> {
    /// The id.
    pub id: &'a str,
    /// Its title, when it exists.
    pub title: Option<&'a str>,
    /// Its status, when it exists.
    pub status: Option<&'static str>,
    /// Its page, when it exists.
    pub url: Option<String>,
}

fn handoff_edge<'a>(base: &'a Base, id: &'a Id) -> EdgeRecord<'a> {
    let found = base.handoffs.get(id);
    EdgeRecord {
        id: id.as_str(),
        title: found.map(|h| h.title.as_str()),
        status: found.map(|h| h.status.value.as_str()),
        url: found.map(|h| crate::render::views::handoff_url(&h.id)),
    }
}

fn decision_edge<'a>(base: &'a Base, id: &'a Id) -> EdgeRecord<'a> {
    let found = base.decisions.get(id);
    EdgeRecord {
        id: id.as_str(),
        title: found.map(|d| d.title.as_str()),
        status: found.map(|d| d.status.as_str()),
        url: found.map(|d| crate::render::views::decision_url(&d.id)),
    }
}

fn edges<'a>(ids: impl Iterator<Item = &'a Id>, edge: impl Fn(&'a Id) -> EdgeRecord<'a>) -> Vec<EdgeRecord<'a>> {
    ids.map(edge).collect()
}

/// A team or tag with its page.
#[derive(Debug, Serialize)]
pub struct GroupRecord<'a> {
    /// The name as written.
    pub name: &'a str,
    /// Its slug.
    pub slug: String,
    /// Its page.
    pub url: String,
}

fn group<'a>(name: &'a str, section: &str) -> GroupRecord<'a> {
    let slug = crate::slug::slugify(name);
    GroupRecord { name, url: format!("{section}/{slug}/"), slug }
}

/// A date or date-time as written, with its instant.
#[derive(Debug, Serialize)]
pub struct MomentRecord<'a> {
    /// As written: `2026-11-20` or `2026-11-20T09:30:00+01:00`.
    pub written: &'a str,
    /// The instant, RFC 3339 UTC (a bare date is 00:00 UTC that day).
    pub instant: String,
}

fn moment(m: Option<&Moment>) -> Option<MomentRecord<'_>> {
    m.map(|m| MomentRecord { written: &m.written, instant: m.instant.to_string() })
}

fn at_moment(m: &Option<At<Moment>>) -> Option<MomentRecord<'_>> {
    moment(m.as_ref().map(|m| &m.value))
}

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
    pub extra: &'a serde_json::Value,
    /// The Markdown body as written.
    pub body: &'a str,
}

impl<'a> HandoffRecord<'a> {
    /// The record of `h`.
    pub fn new(base: &'a Base, h: &'a Handoff) -> Self {
        let handle = |p: &'a Option<At<Handle>>| p.as_ref().map(|p| p.value.as_str());
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
            links: h
                .links
                .iter()
                .map(|l| LinkRecord { title: &l.title, url: &l.url, kind: Some(l.kind.as_str()), duration: None })
                .collect(),
            recordings: h
                .recordings
                .iter()
                .map(|r| LinkRecord {
                    title: &r.title,
                    url: &r.url,
                    kind: None,
                    duration: r.duration.as_ref().map(|d| d.written.as_str()),
                })
                .collect(),
            questions: h
                .questions
                .iter()
                .map(|q| QuestionRecord {
                    q: &q.q,
                    by: handle(&q.by),
                    date: moment(q.date.as_ref()),
                    a: q.a.as_deref(),
                    answered_by: handle(&q.answered_by),
                    answered: moment(q.answered.as_ref()),
                })
                .collect(),
            history: h
                .history
                .iter()
                .map(|t| TransferRecord {
                    date: moment(t.date.as_ref()),
                    from: handle(&t.from),
                    to: handle(&t.to),
                    note: t.note.as_deref(),
                })
                .collect(),
            attention: base
                .attention
                .of(&h.id)
                .iter()
                .map(|p| FlagRecord { flag: p.flag, message: &p.message })
                .collect(),
            extra: &h.extra,
            body: &h.body,
        }
    }
}

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
    /// The Markdown body of a decision file (empty for inline decisions).
    pub body: &'a str,
}

impl<'a> DecisionRecord<'a> {
    /// The record of `d`.
    pub fn new(base: &'a Base, d: &'a Decision) -> Self {
        let (origin, handoff) = match &d.origin {
            DecisionOrigin::Inline { handoff } => ("inline", Some(handoff_edge(base, handoff))),
            DecisionOrigin::File => ("file", None),
        };
        DecisionRecord {
            id: d.id.as_str(),
            url: crate::render::views::decision_url(&d.id),
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
            body: &d.body,
        }
    }
}

/// Who a wrap is handed to.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum RecipientRecord<'a> {
    /// A person.
    Person {
        /// Who.
        person: PersonRecord<'a>,
    },
    /// A team.
    Team {
        /// Which.
        team: GroupRecord<'a>,
    },
}

/// An open handoff of a wrap.
#[derive(Debug, Serialize)]
pub struct OpenRecord<'a> {
    /// The handoff.
    pub handoff: EdgeRecord<'a>,
    /// The next step.
    pub next: Option<&'a str>,
}

/// A shift wrap.
#[derive(Debug, Serialize)]
#[allow(missing_docs, reason = "each field is the wrap field of the same name, see docs/format.md")]
pub struct WrapRecord<'a> {
    pub id: &'a str,
    pub url: String,
    pub file: String,
    pub author: PersonRecord<'a>,
    pub team: Option<GroupRecord<'a>>,
    pub shift_start: MomentRecord<'a>,
    pub shift_end: MomentRecord<'a>,
    pub tz: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub open: Vec<OpenRecord<'a>>,
    pub watch: Vec<WatchRecord<'a>>,
    pub baking: Vec<BakingRecord<'a>>,
    pub handed_to: Option<RecipientRecord<'a>>,
    /// The Markdown body as written.
    pub body: &'a str,
}

/// Something to watch.
#[derive(Debug, Serialize)]
pub struct WatchRecord<'a> {
    /// What.
    pub what: &'a str,
    /// Where to look.
    #[serde(rename = "where")]
    pub place: Option<&'a str>,
}

/// A change still baking.
#[derive(Debug, Serialize)]
pub struct BakingRecord<'a> {
    /// The change.
    pub change: &'a str,
    /// How to undo it.
    pub rollback: Option<&'a str>,
}

impl<'a> WrapRecord<'a> {
    /// The record of `w`.
    pub fn new(base: &'a Base, w: &'a Wrap) -> Self {
        WrapRecord {
            id: w.id.as_str(),
            url: crate::render::wraps::wrap_url(&w.id),
            file: w.file.to_string_lossy().into_owned(),
            author: PersonRecord::new(base, &w.author.value),
            team: w.team.as_deref().map(|t| group(t, "teams")),
            shift_start: MomentRecord {
                written: &w.shift.start.value.written,
                instant: w.shift.start.value.instant.to_string(),
            },
            shift_end: MomentRecord {
                written: &w.shift.end.value.written,
                instant: w.shift.end.value.instant.to_string(),
            },
            tz: w.shift.tz.as_deref(),
            summary: w.summary.as_ref().map(|s| s.value.as_str()),
            open: w
                .open
                .iter()
                .map(|o| OpenRecord { handoff: handoff_edge(base, &o.id.value), next: o.next.as_deref() })
                .collect(),
            watch: w.watch.iter().map(|x| WatchRecord { what: &x.what, place: x.place.as_deref() }).collect(),
            baking: w
                .baking
                .iter()
                .map(|b| BakingRecord { change: &b.change, rollback: b.rollback.as_deref() })
                .collect(),
            handed_to: recipient(base, w),
            body: &w.body,
        }
    }
}

fn recipient<'a>(base: &'a Base, w: &'a Wrap) -> Option<RecipientRecord<'a>> {
    Some(match w.recipient(base)? {
        Recipient::Person(handle) => {
            let handle = base
                .people
                .get_key_value(&handle)
                .map(|(h, _)| h)
                .or_else(|| base.indexes.people.get_key_value(&handle).map(|(h, _)| h))?;
            RecipientRecord::Person { person: PersonRecord::new(base, handle) }
        }
        Recipient::Team(slug) => {
            let team = base.indexes.teams.get(&slug)?;
            RecipientRecord::Team { team: group(&team.name, "teams") }
        }
    })
}
