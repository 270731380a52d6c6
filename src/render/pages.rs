//! The page views: one struct per page kind, assembled from the base and its indexes.
//!
//! Each builder is a pure function of the base (and pre-rendered HTML for bodies), so pages can
//! be tested without templates. Sorting rules live here: newest first for time lists, id order
//! for ties, so the same base always gives the same pages.

use super::views::RiskView;
use super::views::{
    Checklist, DecisionRow, Edge, GroupRef, HandoffRow, LinkGroup, LinkView, PersonRef, QuestionView, TransferView,
    reference_moment,
};
use crate::markdown::bodies::PageBodies;
use crate::model::{Base, Decision, Handle, Handoff, Id, LinkKind, Moment, Status, Team};
use crate::sitemap::catalog::{self, GroupKind, HandoffList, Paging};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BTreeMap;

/// How many entries the dashboard's "recent" lists show (and a person's or team's wraps).
pub(super) const RECENT: usize = 10;

/// A status with how many handoffs have it.
#[derive(Debug, Serialize)]
pub struct StatusCount {
    /// The status as written.
    pub status: &'static str,
    /// How many handoffs.
    pub count: usize,
    /// Its page.
    pub url: String,
}

/// Blocked work and what it waits on.
#[derive(Debug, Serialize)]
pub struct BlockedView<'a> {
    /// The blocked handoff.
    pub handoff: HandoffRow<'a>,
    /// Its unfinished dependencies.
    pub waits_on: Vec<Edge<'a>>,
    /// Why, when the blocker is outside the base.
    pub reason: Option<&'a str>,
}

/// A handoff waiting for its reviewer.
#[derive(Debug, Serialize)]
pub struct ReviewView<'a> {
    /// The handoff.
    pub handoff: HandoffRow<'a>,
    /// Who should review it.
    pub reviewer: Option<PersonRef<'a>>,
    /// When it was handed off.
    pub handed_off: Option<String>,
}

/// `/`: what the next shift needs first.
#[derive(Debug, Serialize)]
pub struct Dashboard<'a> {
    /// Counts per status, in life-cycle order.
    pub counts: Vec<StatusCount>,
    /// All handoffs.
    pub total: usize,
    /// All decisions.
    pub decisions: usize,
    /// Blocked work with its blockers.
    pub blocked: Vec<BlockedView<'a>>,
    /// Handed off and waiting for review.
    pub awaiting_review: Vec<ReviewView<'a>>,
    /// Most recently updated handoffs.
    pub recent: Vec<HandoffRow<'a>>,
    /// Most recent decisions.
    pub recent_decisions: Vec<DecisionRow<'a>>,
    /// How many handoffs need someone now (see `/attention/`).
    pub attention: usize,
    /// The latest shift wrap of each team, newest first.
    pub wraps: Vec<super::wraps::WrapView<'a>>,
}

/// Builds the dashboard.
pub fn dashboard(base: &Base) -> Dashboard<'_> {
    let counts = Status::ALL
        .iter()
        .map(|s| StatusCount {
            status: s.as_str(),
            count: ids_with(base, *s).len(),
            url: format!("status/{}/", s.as_str()),
        })
        .collect();
    Dashboard {
        counts,
        total: base.handoffs.len(),
        decisions: base.decisions.len(),
        blocked: ids_with(base, Status::Blocked)
            .iter()
            .filter_map(|id| base.handoffs.get(id))
            .map(|h| blocked_view(base, h))
            .collect(),
        awaiting_review: ids_with(base, Status::Ready)
            .iter()
            .filter_map(|id| base.handoffs.get(id))
            .map(|h| review_view(base, h))
            .collect(),
        recent: newest_handoffs(base, base.handoffs.values())
            .into_iter()
            .take(RECENT)
            .map(|h| HandoffRow::new(base, h))
            .collect(),
        attention: base.attention.count(),
        recent_decisions: newest_decisions(base.decisions.values())
            .into_iter()
            .take(RECENT)
            .map(|d| DecisionRow::new(base, d))
            .collect(),
        wraps: super::wraps::latest_per_team(base),
    }
}

fn ids_with(base: &Base, status: Status) -> &[Id] {
    base.indexes.by_status.get(&status).map(Vec::as_slice).unwrap_or_default()
}

pub(super) fn blocked_view<'a>(base: &'a Base, handoff: &'a Handoff) -> BlockedView<'a> {
    BlockedView {
        handoff: HandoffRow::new(base, handoff),
        waits_on: open_dependencies(base, handoff),
        reason: handoff.blocked_reason.as_deref(),
    }
}

fn review_view<'a>(base: &'a Base, handoff: &'a Handoff) -> ReviewView<'a> {
    ReviewView {
        reviewer: handoff.reviewer.as_ref().map(|r| PersonRef::new(base, &r.value, reference_moment(handoff))),
        handed_off: handoff.handed_off.as_ref().map(|m| m.value.display()),
        handoff: HandoffRow::new(base, handoff),
    }
}

/// Dependencies that are not done yet: what the work actually waits on.
pub(super) fn open_dependencies<'a>(base: &'a Base, handoff: &'a Handoff) -> Vec<Edge<'a>> {
    let open = |id: &&'a Id| base.handoffs.get(*id).is_some_and(|d| d.status.value != Status::Done);
    handoff.depends_on.iter().map(|d| &d.value).filter(open).filter_map(|id| Edge::handoff(base, id)).collect()
}

/// Handoffs by `updated` (then `created`), newest first; undated last; ties by id.
pub fn newest_handoffs<'a>(_base: &'a Base, handoffs: impl Iterator<Item = &'a Handoff>) -> Vec<&'a Handoff> {
    let mut list: Vec<&Handoff> = handoffs.collect();
    let when = |h: &Handoff| h.updated.as_ref().or(h.created.as_ref()).map(|m| m.value.instant);
    // Compared in place, not by a cloned key: a team or tag page sorts all its rows for each
    // of its pages.
    list.sort_by(|a, b| (Reverse(when(a)), &a.id).cmp(&(Reverse(when(b)), &b.id)));
    list
}

/// Decisions by date, newest first; undated last; ties by id.
pub fn newest_decisions<'a>(decisions: impl Iterator<Item = &'a Decision>) -> Vec<&'a Decision> {
    let mut list: Vec<&Decision> = decisions.collect();
    let when = |d: &Decision| Reverse(d.date.as_ref().map(|m| m.instant));
    list.sort_by(|a, b| (when(a), &a.id).cmp(&(when(b), &b.id)));
    list
}

/// `/handoffs/ID/`: everything a reader who just woke up needs.
#[derive(Debug, Serialize)]
pub struct HandoffPage<'a> {
    /// Title, status, owner, team, dates.
    pub row: HandoffRow<'a>,
    /// Who handed it off.
    pub from: Option<PersonRef<'a>>,
    /// Who reviews it.
    pub reviewer: Option<PersonRef<'a>>,
    /// When it was created.
    pub created: Option<String>,
    /// When it was handed off.
    pub handed_off: Option<String>,
    /// The review window.
    pub review_within: Option<&'a str>,
    /// Intent as HTML.
    pub intent_html: Option<String>,
    /// Deliverables, as inline HTML.
    pub deliverables: Vec<String>,
    /// Acceptance criteria.
    pub acceptance: Checklist,
    /// Risks.
    pub risks: Vec<RiskView>,
    /// Checklist.
    pub checklist: Checklist,
    /// Why it is blocked.
    pub blocked_reason: Option<&'a str>,
    /// Tags with their pages.
    pub tags: Vec<GroupRef<'a>>,
    /// Links grouped by kind.
    pub links: Vec<LinkGroup<'a>>,
    /// Tracker items linked from `links:` and the body, with their synced states.
    pub trackers: Vec<super::trackers::TrackerView>,
    /// Recorded context clips.
    pub recordings: Vec<LinkView<'a>>,
    /// Q&A, unanswered first.
    pub questions: Vec<QuestionView<'a>>,
    /// How many questions are unanswered.
    pub unanswered: usize,
    /// Ownership moves, oldest first.
    pub history: Vec<TransferView<'a>>,
    /// Its decisions (inline and related decision files), newest first. Inline ones come
    /// whole: this page is where they are read.
    pub decisions: Vec<DecisionEntry<'a>>,
    /// What it waits on, with each one's status.
    pub depends_on: Vec<Edge<'a>>,
    /// What waits on it.
    pub needed_by: Vec<Edge<'a>>,
    /// Its dependencies two steps both ways, drawn as SVG (`None` when it has none); a hub's
    /// drawing keeps a few handoffs at each step.
    pub neighbourhood: Option<String>,
    /// Handoffs within those two steps that the drawing left out.
    pub neighbourhood_left_out: usize,
    /// The page of `/graph/` that draws it (`graph/`, or `graph/page/N/` when the graph is drawn
    /// in parts), for the neighbourhood's "whole graph" link.
    pub graph_url: String,
    /// The body as HTML.
    pub body_html: String,
    /// Teams' own fields.
    pub extra: &'a serde_json::Value,
    /// The source file.
    pub file: String,
}

/// A decision on its handoff's page: the row every list shows, and for a decision written in
/// this handoff, all it says (it has no page of its own).
#[derive(Debug, Serialize)]
pub struct DecisionEntry<'a> {
    /// Title, status, who, when, supersession both ways.
    #[serde(flatten)]
    pub row: DecisionRow<'a>,
    /// The entry's id on the page, for a decision written in this handoff.
    pub anchor: Option<String>,
    /// Context as HTML.
    pub context_html: Option<String>,
    /// The decision as HTML.
    pub decision_html: Option<String>,
    /// The rationale as HTML.
    pub rationale_html: Option<String>,
    /// Alternatives considered.
    pub alternatives: &'a [String],
    /// Tags with their pages.
    pub tags: Vec<GroupRef<'a>>,
}

impl<'a> DecisionEntry<'a> {
    fn new(base: &'a Base, h: &Handoff, d: &'a Decision, bodies: &BTreeMap<Id, PageBodies>) -> Self {
        let written_here = matches!(&d.origin, crate::model::DecisionOrigin::Inline { handoff } if *handoff == h.id);
        // A decision file, or one written in another handoff, is a row that links to where it is read.
        let texts = bodies.get(&d.id).filter(|_| written_here);
        DecisionEntry {
            row: DecisionRow::new(base, d),
            anchor: written_here.then(|| crate::sitemap::decision_anchor(&d.id)),
            context_html: texts.and_then(|t| t.context.clone()),
            decision_html: texts.and_then(|t| t.decision.clone()),
            rationale_html: texts.and_then(|t| t.rationale.clone()),
            alternatives: if written_here { &d.alternatives } else { &[] },
            tags: if written_here { d.tags.iter().map(|t| tag_ref(base, t)).collect() } else { Vec::new() },
        }
    }
}

/// Builds a handoff page from the pre-rendered Markdown of `bodies` (its body, intent and short
/// texts, and its inline decisions' texts).
pub fn handoff_page<'a>(base: &'a Base, h: &'a Handoff, bodies: &BTreeMap<Id, PageBodies>) -> HandoffPage<'a> {
    let empty = PageBodies::default();
    let texts = bodies.get(&h.id).unwrap_or(&empty);
    let html = |text: &str| texts.inline_html(text);
    let at = reference_moment(h);
    let person = |handle: &'a Handle| PersonRef::new(base, handle, at);
    let needed_by = base.indexes.needed_by.get(&h.id).map(Vec::as_slice).unwrap_or_default();
    let (neighbourhood, neighbourhood_left_out) = match super::graph_page::neighbourhood(base, h) {
        Some((svg, left_out)) => (Some(svg), left_out),
        None => (None, 0),
    };
    let decisions = base.indexes.decisions_of.get(&h.id).map(Vec::as_slice).unwrap_or_default();
    HandoffPage {
        row: HandoffRow::new(base, h),
        from: h.from.as_ref().map(|p| person(&p.value)),
        reviewer: h.reviewer.as_ref().map(|p| person(&p.value)),
        created: h.created.as_ref().map(|m| m.value.display()),
        handed_off: h.handed_off.as_ref().map(|m| m.value.display()),
        review_within: h.review_within.as_ref().map(|d| d.value.written.as_str()),
        intent_html: texts.intent.clone(),
        deliverables: h.deliverables.iter().map(|d| html(d)).collect(),
        acceptance: Checklist::new(&h.acceptance, html),
        risks: h
            .risks
            .iter()
            .map(|r| RiskView { text: html(&r.text), mitigation: r.mitigation.as_deref().map(html) })
            .collect(),
        checklist: Checklist::new(&h.checklist, html),
        blocked_reason: h.blocked_reason.as_deref(),
        tags: h.tags.iter().map(|t| tag_ref(base, t)).collect(),
        links: link_groups(h),
        trackers: super::trackers::tracker_views(base, h),
        recordings: h
            .recordings
            .iter()
            .map(|r| link_view(&r.title, &r.url, r.duration.as_ref().map(|d| d.written.as_str())))
            .collect(),
        questions: questions(base, h, texts),
        unanswered: h.questions.iter().filter(|q| q.a.is_none()).count(),
        history: h.history.iter().map(|t| transfer(base, t)).collect(),
        decisions: newest_decisions(decisions.iter().filter_map(|id| base.decisions.get(id)))
            .into_iter()
            .map(|d| DecisionEntry::new(base, h, d, bodies))
            .collect(),
        depends_on: h.depends_on.iter().filter_map(|d| Edge::handoff(base, &d.value)).collect(),
        needed_by: needed_by.iter().filter_map(|id| Edge::handoff(base, id)).collect(),
        neighbourhood,
        neighbourhood_left_out,
        graph_url: super::graph_page::graph_page_url(1),
        body_html: texts.body.clone().unwrap_or_default(),
        extra: &h.extra,
        file: h.file.to_string_lossy().to_string(),
    }
}

fn tag_ref<'a>(base: &'a Base, tag: &'a str) -> GroupRef<'a> {
    let slug = crate::slug::slugify(tag);
    let count = base.indexes.tags.get(&slug).map_or(0, |t| t.handoffs.len() + t.decisions.len());
    GroupRef { name: tag, url: format!("tags/{slug}/"), count }
}

fn link_groups(h: &Handoff) -> Vec<LinkGroup<'_>> {
    LinkKind::ALL
        .iter()
        .map(|kind| LinkGroup {
            kind: kind.as_str(),
            links: h.links.iter().filter(|l| l.kind == *kind).map(|l| link_view(&l.title, &l.url, None)).collect(),
        })
        .filter(|g| !g.links.is_empty())
        .collect()
}

/// A link whose unsafe scheme (`javascript:` and friends) keeps it from being live.
fn link_view<'a>(title: &'a str, url: &'a str, duration: Option<&'a str>) -> LinkView<'a> {
    let url = (!crate::markdown::is_unsafe_url(url)).then_some(url);
    LinkView { title, url, duration }
}

fn questions<'a>(base: &'a Base, h: &'a Handoff, texts: &PageBodies) -> Vec<QuestionView<'a>> {
    let mut list: Vec<&crate::model::Question> = h.questions.iter().collect();
    // Unanswered first (a stable sort keeps the written order within each group).
    list.sort_by_key(|q| q.a.is_some());
    list.into_iter()
        .map(|q| QuestionView {
            q: texts.inline_html(&q.q),
            by: q.by.as_ref().map(|p| PersonRef::new(base, &p.value, q.date.as_ref())),
            date: q.date.as_ref().map(Moment::display),
            a: q.a.as_deref().map(|a| texts.inline_html(a)),
            answered_by: q.answered_by.as_ref().map(|p| PersonRef::new(base, &p.value, q.answered.as_ref())),
            answered: q.answered.as_ref().map(Moment::display),
        })
        .collect()
}

fn transfer<'a>(base: &'a Base, t: &'a crate::model::Transfer) -> TransferView<'a> {
    TransferView {
        date: t.date.as_ref().map(Moment::display),
        from: t.from.as_ref().map(|p| PersonRef::new(base, &p.value, t.date.as_ref())),
        to: t.to.as_ref().map(|p| PersonRef::new(base, &p.value, t.date.as_ref())),
        status: t.status.map(Status::as_str),
        note: t.note.as_deref(),
    }
}

/// `/decisions/ID/`.
#[derive(Debug, Serialize)]
pub struct DecisionPage<'a> {
    /// Title, status, who, when, supersession both ways.
    pub row: DecisionRow<'a>,
    /// Context as HTML (inline decisions).
    pub context_html: Option<String>,
    /// The decision as HTML (inline decisions).
    pub decision_html: Option<String>,
    /// The rationale as HTML (inline decisions).
    pub rationale_html: Option<String>,
    /// Alternatives considered (inline decisions).
    pub alternatives: &'a [String],
    /// The body of a decision file as HTML.
    pub body_html: Option<String>,
    /// Handoffs it concerns.
    pub related: Vec<Edge<'a>>,
    /// Tags with their pages.
    pub tags: Vec<GroupRef<'a>>,
    /// The whole supersession chain, oldest first, this decision included.
    pub chain: Vec<Edge<'a>>,
    /// The source file.
    pub file: String,
    /// For a record: the people it names by role, linked when they are in people.yaml.
    pub record_people: Vec<RecordRoleView<'a>>,
    /// For a record: amends, clarifies and other links to records, both ways.
    pub record_relations: Vec<RecordRelationView<'a>>,
    /// For a record: its file on the repository host (baton.yaml `repo_url`).
    pub source_url: Option<String>,
}

/// The people a record names in one role, in the record's order.
#[derive(Debug, Serialize)]
pub struct RecordRoleView<'a> {
    /// `decided by`, `consulted` or `informed`.
    pub role: &'static str,
    /// Who.
    pub people: Vec<RecordPersonView<'a>>,
}

/// A person a record names.
#[derive(Debug, Serialize)]
pub struct RecordPersonView<'a> {
    /// The name as written.
    pub name: &'a str,
    /// The person's page, when the name matched people.yaml.
    pub person: Option<PersonRef<'a>>,
}

/// A relation between records as shown on one side.
#[derive(Debug, Serialize)]
pub struct RecordRelationView<'a> {
    /// `amends`, `amended by`, …
    pub label: &'static str,
    /// The other decision.
    pub edge: Edge<'a>,
}

/// Inline decision texts rendered to HTML by the caller.
#[derive(Debug, Default)]
pub struct DecisionHtml {
    /// Context.
    pub context: Option<String>,
    /// Decision.
    pub decision: Option<String>,
    /// Rationale.
    pub rationale: Option<String>,
    /// A decision file's body.
    pub body: Option<String>,
}

/// Builds a decision page.
pub fn decision_page<'a>(base: &'a Base, d: &'a Decision, html: DecisionHtml) -> DecisionPage<'a> {
    let is_file = d.origin == crate::model::DecisionOrigin::File;
    DecisionPage {
        row: DecisionRow::new(base, d),
        context_html: html.context,
        decision_html: html.decision,
        rationale_html: html.rationale,
        alternatives: if is_file { &[] } else { &d.alternatives },
        body_html: html.body,
        related: d.related.iter().filter_map(|r| Edge::handoff(base, &r.value)).collect(),
        tags: d.tags.iter().map(|t| tag_ref(base, t)).collect(),
        chain: supersession_chain(base, &d.id).into_iter().filter_map(|id| Edge::decision(base, id)).collect(),
        file: d.file.to_string_lossy().to_string(),
        record_people: record_people(base, d),
        record_relations: d
            .record
            .iter()
            .flat_map(|r| &r.relations)
            .filter_map(|r| Edge::decision(base, &r.target).map(|edge| RecordRelationView { label: r.label, edge }))
            .collect(),
        source_url: record_source_url(base, d),
    }
}

/// Where the repository host shows a record's file: its folder's address joined with the
/// file's path inside the folder.
fn record_source_url(base: &Base, d: &Decision) -> Option<String> {
    let record = d.record.as_ref()?;
    let folder = base.record_folders.iter().find(|f| f.path == record.folder)?;
    let file = d.file.to_string_lossy().replace('\\', "/");
    let inside = file.strip_prefix(&format!("{}/", folder.path.trim_end_matches('/')))?;
    Some(crate::records::folders::join_url(folder.source_url.as_deref()?, inside))
}

/// A record's people grouped by role, roles in the order they first appear.
fn record_people<'a>(base: &'a Base, d: &'a Decision) -> Vec<RecordRoleView<'a>> {
    let mut roles: Vec<RecordRoleView<'a>> = Vec::new();
    for p in d.record.iter().flat_map(|r| &r.people) {
        let view = RecordPersonView {
            name: &p.name,
            person: p.handle.as_ref().map(|h| PersonRef::new(base, h, d.date.as_ref())),
        };
        match roles.iter_mut().find(|r| r.role == p.role) {
            Some(role) => role.people.push(view),
            None => roles.push(RecordRoleView { role: p.role, people: vec![view] }),
        }
    }
    roles
}

/// The line of decisions through `id`: back along `supersedes` (first listed) to the oldest,
/// then forward along "superseded by". Visited ids stop loops, which check reports separately.
pub fn supersession_chain<'a>(base: &'a Base, id: &'a Id) -> Vec<&'a Id> {
    let mut back = vec![id];
    while let Some(older) = back.last().and_then(|c| base.decisions.get(*c)).and_then(|d| d.supersedes.first()) {
        if back.contains(&&older.value) || !base.decisions.contains_key(&older.value) {
            break;
        }
        back.push(&older.value);
    }
    back.reverse();
    while let Some(newer) = back.last().and_then(|c| base.indexes.superseded_by.get(*c)).and_then(|n| n.first()) {
        if back.contains(&newer) {
            break;
        }
        back.push(newer);
    }
    if back.len() == 1 { Vec::new() } else { back }
}

/// A month of decisions.
#[derive(Debug, Serialize)]
pub struct Month<'a> {
    /// "November 2026", or "Undated".
    pub label: String,
    /// Its decisions on this page, newest first.
    pub decisions: Vec<DecisionRow<'a>>,
}

/// A page of `/decisions/`: the decisions written for baton by month, then the records of each
/// decision folder as a group of their own, `page_size` decisions a page.
#[derive(Debug, Serialize)]
pub struct DecisionIndex<'a> {
    /// Decisions written for baton (inline, and decision files) on this page, newest first, by month.
    pub months: Vec<Month<'a>>,
    /// Records on this page, folder by folder in baton.yaml's order.
    pub folders: Vec<FolderGroup<'a>>,
    /// Every folder, linked to the page its records start on.
    pub folder_nav: Vec<FolderLink>,
    /// Where the decisions written for baton start, when there are any.
    pub written_url: Option<String>,
    /// How many decisions the history has.
    pub total: usize,
    /// This page and its neighbours.
    pub pager: Pager,
}

/// A folder in the history's navigation.
#[derive(Debug, Serialize)]
pub struct FolderLink {
    /// The heading.
    pub title: String,
    /// Its group, from the site root: `decisions/page/3/#folder-KEY`.
    pub url: String,
}

/// The records of one decision folder.
#[derive(Debug, Serialize)]
pub struct FolderGroup<'a> {
    /// The folder as written in baton.yaml.
    pub path: &'a str,
    /// Its key, for the group's anchor (`#folder-KEY`).
    pub key: String,
    /// The heading: the README's H1, else the folder's path.
    pub title: String,
    /// The folder's team.
    pub team: Option<&'a str>,
    /// The rest of the README, as HTML, on the page where the folder's records start.
    pub introduction_html: Option<&'a str>,
    /// Where the repository host shows the folder.
    pub source_url: Option<&'a str>,
    /// Its records on this page, by number (records without one last, by title).
    pub decisions: Vec<DecisionRow<'a>>,
}

/// The decision history in order, every decision once: baton's own newest first, then each
/// folder's records by number. Sorting 150,000 decisions for each of a large base's history
/// pages would cost more than the pages, so a render makes this once and each page takes its
/// slice ([`decision_history`]).
pub struct HistoryOrder<'a> {
    /// Baton's own decisions, newest first.
    written: Vec<&'a Decision>,
    /// Each folder with its records by number: baton.yaml's folders first, then any other.
    folders: Vec<(FolderGroup<'a>, Vec<&'a Decision>)>,
}

impl<'a> HistoryOrder<'a> {
    /// The order of `base`'s history; `introductions` are the folders' READMEs rendered.
    pub fn new(base: &'a Base, introductions: &'a BTreeMap<String, String>) -> Self {
        let written = newest_decisions(base.decisions.values().filter(|d| d.record.is_none()));
        HistoryOrder { written, folders: folder_groups(base, introductions) }
    }

    /// How many rows the history has.
    pub fn len(&self) -> usize {
        self.written.len() + self.folders.iter().map(|(_, records)| records.len()).sum::<usize>()
    }

    /// Whether the history is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Page `page` (from 1) of `/decisions/`, `paging.size` decisions a page.
pub fn decision_history<'a>(
    base: &'a Base,
    order: &HistoryOrder<'a>,
    paging: Paging,
    page: usize,
) -> DecisionIndex<'a> {
    let total = order.len();
    let pages = paging.pages(total);
    let rows = paging.rows(page, total);
    let mut months: Vec<Month<'_>> = Vec::new();
    for d in order.written.iter().take(rows.end).skip(rows.start) {
        let label = d.date.as_ref().map_or_else(|| "Undated".to_string(), |m| m.date.strftime("%B %Y").to_string());
        if months.last().is_none_or(|m| m.label != label) {
            months.push(Month { label, decisions: Vec::new() });
        }
        if let Some(month) = months.last_mut() {
            month.decisions.push(DecisionRow::new(base, d));
        }
    }
    let (mut folders, mut folder_nav) = (Vec::new(), Vec::new());
    let mut first = order.written.len();
    for (group, records) in &order.folders {
        let url = format!("{}#folder-{}", catalog::decisions_page_url(paging.page_of(first)), group.key);
        folder_nav.push(FolderLink { title: group.title.clone(), url });
        let here = first.max(rows.start)..(first + records.len()).min(rows.end);
        if !here.is_empty() {
            folders.push(FolderGroup {
                introduction_html: group.introduction_html.filter(|_| here.start == first),
                decisions: records[here.start - first..here.end - first]
                    .iter()
                    .map(|d| DecisionRow::new(base, d))
                    .collect(),
                key: group.key.clone(),
                title: group.title.clone(),
                ..*group
            });
        }
        first += records.len();
    }
    DecisionIndex {
        months,
        folders,
        folder_nav,
        written_url: (!order.written.is_empty()).then(|| format!("{}#month-1", catalog::decisions_page_url(1))),
        total,
        pager: Pager {
            page,
            pages,
            prev: (page > 1).then(|| catalog::decisions_page_url(page - 1)),
            next: (page < pages).then(|| catalog::decisions_page_url(page + 1)),
        },
    }
}

/// Each decision folder with its records in order (the group's own rows left empty): the
/// folders of baton.yaml that have records, in its order, then records of any other folder.
fn folder_groups<'a>(
    base: &'a Base,
    introductions: &'a BTreeMap<String, String>,
) -> Vec<(FolderGroup<'a>, Vec<&'a Decision>)> {
    let mut by_folder: BTreeMap<&str, Vec<&Decision>> = BTreeMap::new();
    for d in base.decisions.values() {
        if let Some(record) = &d.record {
            by_folder.entry(record.folder.as_str()).or_default().push(d);
        }
    }
    let mut groups = Vec::new();
    for folder in &base.record_folders {
        let Some(mut records) = by_folder.remove(folder.path.as_str()) else { continue };
        let title = folder.introduction.as_ref().and_then(|i| i.title.clone());
        let group = FolderGroup {
            path: &folder.path,
            key: folder.key.clone(),
            title: title.unwrap_or_else(|| folder.path.clone()),
            team: folder.team.as_deref(),
            introduction_html: introductions.get(&folder.path).map(String::as_str),
            source_url: folder.source_url.as_deref(),
            decisions: Vec::new(),
        };
        by_number(&mut records);
        groups.push((group, records));
    }
    for (path, mut records) in by_folder {
        let team = records.first().and_then(|d| d.record.as_ref()).and_then(|r| r.team.as_deref());
        let (key, title) = (crate::slug::slugify(path), path.to_string());
        by_number(&mut records);
        let group =
            FolderGroup { path, key, title, team, introduction_html: None, source_url: None, decisions: Vec::new() };
        groups.push((group, records));
    }
    groups
}

/// Records by number; records without one last, by title, then id.
fn by_number<'a>(records: &mut [&'a Decision]) {
    let number = |d: &Decision| d.record.as_ref().and_then(|r| r.number);
    records.sort_by(|a, b| {
        let key = |d: &'a Decision| (number(d).is_none(), number(d), d.title.to_lowercase(), &d.id);
        key(a).cmp(&key(b))
    });
}

/// A row of `/owners/`: who, and how much they own, review and wait on. Counts only, so the
/// index stays cheap at 10,000 handoffs (it once built every person's full page).
#[derive(Debug, Serialize)]
pub struct OwnerSummary<'a> {
    /// Who.
    pub person: PersonRef<'a>,
    /// How many handoffs they own.
    pub owns: usize,
    /// How many of those are open.
    pub open: usize,
    /// How many they review.
    pub reviews: usize,
    /// How many of their open handoffs wait on unfinished work.
    pub waits_on: usize,
}

/// Builds the `/owners/` row of one person.
pub fn owner_summary<'a>(base: &'a Base, handle: &'a Handle) -> OwnerSummary<'a> {
    let involvement = base.indexes.people.get(handle);
    let owned: Vec<&Handoff> = involvement
        .map(|i| i.owns.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|id| base.handoffs.get(id))
        .collect();
    let open: Vec<&&Handoff> = owned.iter().filter(|h| h.status.value.is_open()).collect();
    OwnerSummary {
        person: PersonRef::new(base, handle, None),
        owns: owned.len(),
        open: open.len(),
        reviews: involvement.map_or(0, |i| i.reviews.len()),
        waits_on: open.iter().filter(|h| !open_dependencies(base, h).is_empty()).count(),
    }
}

pub use crate::sitemap::everyone;

/// A page of a team or tag: its handoffs and its decisions cut into pages side by side (page N
/// shows the Nth `page_size` of each, a list ending where it runs out); its people and wraps on
/// the first page only.
#[derive(Debug, Serialize)]
pub struct GroupPage<'a> {
    /// The name as written.
    pub name: &'a str,
    /// This page's handoffs, newest first.
    pub handoffs: Vec<HandoffRow<'a>>,
    /// This page's decisions (tags), newest first.
    pub decisions: Vec<DecisionRow<'a>>,
    /// Whether the handoffs began on an earlier page: their heading says "(continued)".
    pub handoffs_continued: bool,
    /// Whether the decisions began on an earlier page.
    pub decisions_continued: bool,
    /// Its people (teams; first page).
    pub members: Vec<PersonRef<'a>>,
    /// Shift wraps of the team or handed to it, newest first (teams; first page).
    pub wraps: Vec<super::wraps::WrapView<'a>>,
    /// Where this page sits among the group's pages.
    pub pager: Pager,
}

/// The rows of a team or tag in the order its pages show them: its handoffs and its decisions,
/// each newest first.
pub fn group_rows<'a>(base: &'a Base, group: &'a Team) -> GroupRows<'a> {
    let handoffs = newest_handoffs(base, group.handoffs.iter().filter_map(|id| base.handoffs.get(id)));
    let decisions = newest_decisions(group.decisions.iter().filter_map(|id| base.decisions.get(id)));
    (handoffs, decisions)
}

/// A team's or tag's handoffs and decisions, each newest first: the order of its pages.
pub type GroupRows<'a> = (Vec<&'a Handoff>, Vec<&'a Decision>);

/// [`GroupRows`] as ids, for a render to sort each group once and keep it for all its pages.
pub type GroupOrder = (Vec<Id>, Vec<Id>);

/// The order of `group`'s pages (see [`group_rows`]).
pub fn group_order(base: &Base, group: &Team) -> GroupOrder {
    let (handoffs, decisions) = group_rows(base, group);
    (handoffs.iter().map(|h| h.id.clone()).collect(), decisions.iter().map(|d| d.id.clone()).collect())
}

/// Builds page `page` (from 1) of the team or tag `group`, at `kind`/`slug`, whose rows are in
/// the order `order` gives ([`group_order`]).
pub fn group_page<'a>(
    base: &'a Base,
    group: &'a Team,
    (handoffs, decisions): &GroupOrder,
    (kind, slug): (GroupKind, &str),
    paging: Paging,
    page: usize,
) -> GroupPage<'a> {
    let pages = catalog::group_pages(group, paging);
    let (handoff_rows, decision_rows) = (paging.rows(page, handoffs.len()), paging.rows(page, decisions.len()));
    let first = page <= 1;
    GroupPage {
        name: &group.name,
        handoffs_continued: !first && !handoff_rows.is_empty(),
        decisions_continued: !first && !decision_rows.is_empty(),
        handoffs: handoffs[handoff_rows]
            .iter()
            .filter_map(|id| base.handoffs.get(id))
            .map(|h| HandoffRow::new(base, h))
            .collect(),
        decisions: decisions[decision_rows]
            .iter()
            .filter_map(|id| base.decisions.get(id))
            .map(|d| DecisionRow::new(base, d))
            .collect(),
        members: if first { group.members.iter().map(|m| PersonRef::new(base, m, None)).collect() } else { Vec::new() },
        wraps: if first { super::wraps::wrap_cards(base, &group.wraps, RECENT) } else { Vec::new() },
        pager: Pager {
            page,
            pages,
            prev: (page > 1).then(|| catalog::group_page_url(kind, slug, page - 1)),
            next: (page < pages).then(|| catalog::group_page_url(kind, slug, page + 1)),
        },
    }
}

/// The index of teams or tags.
pub fn group_index<'a>(groups: &'a std::collections::BTreeMap<String, Team>, section: &str) -> Vec<GroupRef<'a>> {
    groups
        .iter()
        .map(|(slug, g)| GroupRef {
            name: &g.name,
            url: format!("{section}/{slug}/"),
            count: g.handoffs.len() + g.decisions.len(),
        })
        .collect()
}

/// All handoffs in a table, by id; and the handoffs of one status.
pub fn handoff_rows<'a>(base: &'a Base, ids: impl Iterator<Item = &'a Id>) -> Vec<HandoffRow<'a>> {
    ids.filter_map(|id| base.handoffs.get(id)).map(|h| HandoffRow::new(base, h)).collect()
}

/// One page of a long list of handoffs (`/handoffs/`, `/status/STATUS/`).
#[derive(Debug, Serialize)]
pub struct HandoffListPage<'a> {
    /// The status, on a status list.
    pub status: Option<&'static str>,
    /// The rows on this page.
    pub handoffs: Vec<HandoffRow<'a>>,
    /// Rows in the whole list.
    pub total: usize,
    /// Where the rows shown sit in the list, counting from 1 (`first` > `last` when empty).
    pub first: usize,
    /// See `first`.
    pub last: usize,
    /// The way to the other pages.
    pub pager: Pager,
}

/// Where a page sits in its list: "page N of M" and the links to its neighbours.
#[derive(Debug, Serialize)]
pub struct Pager {
    /// This page, from 1.
    pub page: usize,
    /// How many pages the list has.
    pub pages: usize,
    /// The previous page's URL from the site root, on every page but the first.
    pub prev: Option<String>,
    /// The next page's URL from the site root, on every page but the last.
    pub next: Option<String>,
}

/// Builds page `page` (from 1) of `list`, `paging.size` rows a page.
pub fn handoff_list_page(base: &Base, list: HandoffList, paging: Paging, page: usize) -> HandoffListPage<'_> {
    let total = list.len(base);
    let pages = paging.pages(total);
    let rows = paging.rows(page, total);
    let (first, last) = (rows.start + 1, rows.end);
    let ids = list.ids(base).skip(rows.start).take(rows.len());
    HandoffListPage {
        status: match list {
            HandoffList::All => None,
            HandoffList::Status(status) => Some(status.as_str()),
        },
        handoffs: handoff_rows(base, ids),
        total,
        first,
        last,
        pager: Pager {
            page,
            pages,
            prev: (page > 1).then(|| list.page_url(page - 1)),
            next: (page < pages).then(|| list.page_url(page + 1)),
        },
    }
}

/// One person's share of `/attention/`.
#[derive(Debug, Serialize)]
pub struct AttentionGroup<'a> {
    /// The owner.
    pub person: PersonRef<'a>,
    /// Their handoffs that need someone, oldest problem first.
    pub handoffs: Vec<AttentionItem<'a>>,
}

/// A handoff with its open problems.
#[derive(Debug, Serialize)]
pub struct AttentionItem<'a> {
    /// The handoff.
    pub handoff: HandoffRow<'a>,
    /// What is wrong, oldest first.
    pub problems: Vec<&'a crate::model::Problem>,
}

/// `/attention/`: everything that needs someone now, grouped by owner (the owner with the oldest
/// problem first), each owner's handoffs oldest problem first.
pub fn attention(base: &Base) -> Vec<AttentionGroup<'_>> {
    let owners: std::collections::BTreeSet<&Handle> =
        base.attention.by_handoff.keys().filter_map(|id| base.handoffs.get(id)).map(|h| &h.owner.value).collect();
    let mut groups: Vec<(Option<jiff::Timestamp>, AttentionGroup<'_>)> = owners
        .into_iter()
        .map(|owner| {
            let handoffs = attention_items(base, owner);
            let first = handoffs.first().and_then(|item| item.problems.first()).map(|p| p.since);
            (first, AttentionGroup { person: PersonRef::new(base, owner, None), handoffs })
        })
        .collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.person.handle.cmp(b.1.person.handle)));
    groups.into_iter().map(|(_, g)| g).collect()
}

/// One person's handoffs that need attention, oldest problem first. Looked up through the
/// owner index, so an owner page costs what that person owns, not the whole base.
fn attention_items<'a>(base: &'a Base, owner: &Handle) -> Vec<AttentionItem<'a>> {
    attention_order(base, owner).into_iter().map(|h| attention_item(base, h)).collect()
}

/// One person's handoffs that need attention, oldest problem first (ties by id).
pub(super) fn attention_order<'a>(base: &'a Base, owner: &Handle) -> Vec<&'a Handoff> {
    let owned = base.indexes.people.get(owner).map(|i| i.owns.as_slice()).unwrap_or_default();
    let mut list: Vec<&Handoff> =
        owned.iter().filter(|id| !base.attention.of(id).is_empty()).filter_map(|id| base.handoffs.get(id)).collect();
    list.sort_by_key(|h| (base.attention.of(&h.id).first().map(|p| p.since), h.id.clone()));
    list
}

/// A handoff with its open problems.
pub(super) fn attention_item<'a>(base: &'a Base, h: &'a Handoff) -> AttentionItem<'a> {
    AttentionItem { handoff: HandoffRow::new(base, h), problems: base.attention.of(&h.id).iter().collect() }
}
