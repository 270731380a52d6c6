//! Which pages a change affects: the incremental planner.
//!
//! Given the base before and after a change and the handoffs and decisions whose files changed,
//! it names every page that may now look different, worked out from the model the way the page
//! views read it: a handoff's row is shown on lists (dashboard, handoffs, its status, owner, team
//! and tag pages), its title and status on its neighbours' "depends on"/"needed by" and on the
//! decisions that concern it, a decision's row on its handoffs, its people and its tags, and its
//! title along its whole supersession chain. Each rule is applied to the base before the change
//! ([`Before`], captured just before `serve` patches the base in place) and after it, so an edge
//! that was removed counts as much as one that was added.
//!
//! When only what a handoff's own page shows changed (its body, risks, Q&A…), only that page is
//! re-rendered: that is the common edit, and the one that must feel instant at 10,000 handoffs.
//! The planner errs towards re-rendering too much; a page it misses would silently go stale,
//! which the tests in `serve::site` guard against by comparing with a full build.

use crate::graph::parts::Parts;
use crate::markdown::bodies::Bodies;
use crate::model::Status;
use crate::model::{Base, Decision, Handle, Handoff, Id, Wrap};
use crate::render::person_page::{PersonOrder, pages_showing, person_order};
use crate::sitemap::catalog::{
    self, GroupKind, HandoffList, PageKind, Paging, decision_page, exists, group_pages, list_of,
};
use crate::slug::slugify;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What to do with the served pages after a change.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Pages to render again (they exist in the new base), in build order.
    pub render: Vec<PageKind>,
    /// Pages that no longer exist.
    pub remove: Vec<PageKind>,
}

/// The handoffs and decisions with one tag.
type Members = (Vec<Id>, Vec<Id>);

/// The handoffs and decisions of a team or tag, in the order its pages show them.
type GroupRows = (Vec<Id>, Vec<Id>);

/// What the old base showed of the entities about to change, taken before `serve` patches the
/// base in place (so the old base need not be kept, or cloned, beside the new one).
#[derive(Debug, Default)]
pub struct Before {
    handoffs: BTreeMap<Id, Handoff>,
    decisions: BTreeMap<Id, Decision>,
    wraps: BTreeMap<Id, Wrap>,
    /// For each changed id, the pages that showed it.
    readers: BTreeMap<Id, BTreeSet<PageKind>>,
    /// For each tag of a changed entity: its members, and the pages of its members.
    tags: BTreeMap<String, (Option<Members>, BTreeSet<PageKind>)>,
    /// Which of the pages above, and of the long lists, existed.
    existed: BTreeSet<PageKind>,
    /// The rows of each team and tag on those pages, in the order its pages show them.
    groups: BTreeMap<(GroupKind, String), GroupRows>,
    /// The rows of each person on those pages, in the order their pages show them.
    people: BTreeMap<Handle, PersonOrder>,
    /// How long lists are cut into pages.
    paging: Paging,
    /// The parts the graph was drawn in, when it was drawn in more than one: each handoff page
    /// links to its part, so a handoff moving to another part changes its page.
    graph: Option<Parts>,
}

impl Before {
    /// Notes what `old` shows of the entities `dirty`, with long lists cut by `paging`.
    pub fn capture(old: &Base, dirty: &BTreeSet<Id>, paging: Paging) -> Before {
        let mut before = Before { paging, ..Before::default() };
        for id in dirty {
            let mut pages = BTreeSet::new();
            if let Some(h) = old.handoffs.get(id) {
                pages.insert(PageKind::Handoff(id.clone()));
                handoff_readers(old, paging, h, &mut pages);
                before.note_tags(old, &h.tags);
                before.handoffs.insert(id.clone(), h.clone());
            }
            if let Some(d) = old.decisions.get(id) {
                pages.insert(PageKind::Decision(id.clone()));
                decision_readers(old, paging, d, &mut pages);
                before.note_tags(old, &d.tags);
                before.decisions.insert(id.clone(), d.clone());
            }
            if let Some(w) = old.wraps.get(id) {
                wrap_readers(old, w, &mut pages);
                before.wraps.insert(id.clone(), w.clone());
            }
            before.readers.insert(id.clone(), pages);
        }
        let all = before.readers.values().flatten().chain(before.tags.values().flat_map(|(_, pages)| pages));
        before.existed = all.filter(|page| exists(old, paging, page)).cloned().collect();
        // A row moving in or out of a long list shifts every page of it; those past the new end go.
        before.existed.extend(lists().flat_map(|list| list.pages(old, paging)));
        before.existed.extend((1..=paging.pages(old.decisions.len())).map(PageKind::Decisions));
        // So with every page of a team or tag that shows a changed row, and its rows in order
        // (see `plan`).
        let groups: BTreeSet<(GroupKind, String)> = before.readers.values().flatten().filter_map(group_of).collect();
        for (kind, slug) in groups {
            let pages = kind.of(old).get(&slug).map_or(0, |group| group_pages(group, paging));
            before.existed.extend((1..=pages).map(|n| PageKind::Group(kind, slug.clone(), n)));
            if let Some(rows) = group_rows(old, kind, &slug) {
                before.groups.insert((kind, slug), rows);
            }
        }
        // And with every page of a person whose page shows a changed row.
        let people: BTreeSet<Handle> = before.readers.values().flatten().filter_map(person_of).collect();
        for handle in people {
            let pages = person_pages(old, &handle, paging);
            before.existed.extend((1..=pages).map(|n| PageKind::Owner(handle.clone(), n)));
            if let Some(rows) = person_rows(old, &handle) {
                before.people.insert(handle, rows);
            }
        }
        before.graph = graph_parts(old, paging);
        before
    }

    /// Only what [`Before::moved_or_renamed`] reads (the entities themselves), for a caller
    /// that renders no pages: the language server.
    pub fn entities(old: &Base, dirty: &BTreeSet<Id>) -> Before {
        let mut before = Before::default();
        for id in dirty {
            before.handoffs.extend(old.handoffs.get(id).map(|h| (id.clone(), h.clone())));
            before.decisions.extend(old.decisions.get(id).map(|d| (id.clone(), d.clone())));
            before.wraps.extend(old.wraps.get(id).map(|w| (id.clone(), w.clone())));
        }
        before
    }

    fn note_tags(&mut self, old: &Base, tags: &[String]) {
        for slug in tags.iter().map(|t| slugify(t)) {
            let mut pages = BTreeSet::new();
            tag_members(old, &slug, &mut pages);
            self.tags.insert(slug.clone(), (tag_membership(old, &slug), pages));
        }
    }

    /// Plans the pages to re-render now that the files of `dirty` changed and `new` is the
    /// patched base. `rebodied` are pages whose Markdown was rendered again (their own page
    /// changes even when their file did not); `flagged` are handoffs whose open problems
    /// (check's badges) changed.
    pub fn plan(&self, new: &Base, dirty: &BTreeSet<Id>, rebodied: &BTreeSet<Id>, flagged: &BTreeSet<Id>) -> Plan {
        let mut pages = BTreeSet::new();
        // Handoffs whose open problems changed show new badges wherever their row is shown.
        for h in flagged.iter().filter_map(|id| new.handoffs.get(id)) {
            pages.insert(PageKind::Handoff(h.id.clone()));
            handoff_readers(new, self.paging, h, &mut pages);
        }
        self.lists_changed(new, dirty, &mut pages);
        for id in dirty {
            self.handoff_changed(new, id, &mut pages);
            self.decision_changed(new, id, &mut pages);
            self.wrap_changed(new, id, &mut pages);
        }
        self.tags_changed(new, dirty, &mut pages);
        for id in rebodied {
            let own = if let Some(d) = new.decisions.get(id) {
                decision_page(d)
            } else if new.wraps.contains_key(id) {
                PageKind::Wrap(id.clone())
            } else {
                PageKind::Handoff(id.clone())
            };
            pages.insert(own);
        }
        // As for the long lists above: a row of the decision history that changes shifts the
        // rows after it, so every page of it, old and new, is made again.
        if pages.contains(&PageKind::Decisions(1)) {
            let old_pages = self.existed.iter().filter(|page| matches!(page, PageKind::Decisions(_))).count();
            let count = old_pages.max(self.paging.pages(new.decisions.len()));
            pages.extend((1..=count).map(PageKind::Decisions));
        }
        // So for the pages of a team or tag whose rows joined, left or moved (a new date): the
        // rows after shift and the pager may change, so all its pages, old and new, are made
        // again. When its rows stay in place, only the pages showing a changed row are.
        let groups: BTreeSet<(GroupKind, String)> = pages.iter().filter_map(group_of).collect();
        for (kind, slug) in groups {
            let rows = group_rows(new, kind, &slug);
            if rows.is_some() && self.groups.get(&(kind, slug.clone())) == rows.as_ref() {
                continue;
            }
            let key = Some((kind, slug.clone()));
            let old_pages = self.existed.iter().filter(|page| group_of(page) == key).count();
            let new_pages = kind.of(new).get(&slug).map_or(0, |group| group_pages(group, self.paging));
            pages.extend((1..=old_pages.max(new_pages)).map(|n| PageKind::Group(kind, slug.clone(), n)));
        }
        // And for a person's pages, the same way.
        let people: BTreeSet<Handle> = pages.iter().filter_map(person_of).collect();
        for handle in people {
            let rows = person_rows(new, &handle);
            if rows.is_some() && self.people.get(&handle) == rows.as_ref() {
                continue;
            }
            let key = Some(handle.clone());
            let old_pages = self.existed.iter().filter(|page| person_of(page) == key).count();
            let new_pages = person_pages(new, &handle, self.paging);
            pages.extend((1..=old_pages.max(new_pages)).map(|n| PageKind::Owner(handle.clone(), n)));
        }
        if pages.contains(&PageKind::Graph) {
            self.graph_parts_changed(new, &mut pages);
        }
        let (render, gone): (Vec<PageKind>, Vec<PageKind>) =
            pages.into_iter().partition(|page| exists(new, self.paging, page));
        Plan { render, remove: gone.into_iter().filter(|page| self.existed.contains(page)).collect() }
    }

    /// Handoffs drawn in another part of the graph than before: their pages' "whole graph" link
    /// changes. (The graph's own pages, `graph/page/N/`, are all made again with `graph/`, and
    /// `serve` drops those past the new last one.)
    fn graph_parts_changed(&self, new: &Base, pages: &mut BTreeSet<PageKind>) {
        let after = graph_parts(new, self.paging);
        if self.graph.is_none() && after.is_none() {
            return;
        }
        let part = |parts: &Option<Parts>, id: &Id| parts.as_ref().map_or(Some(0), |p| p.part_of(id));
        for h in new.handoffs.values().filter(|h| h.status.value.is_open()) {
            if part(&self.graph, &h.id) != part(&after, &h.id) {
                pages.insert(PageKind::Handoff(h.id.clone()));
            }
        }
    }

    fn handoff_changed(&self, new: &Base, id: &Id, pages: &mut BTreeSet<PageKind>) {
        let (before, after) = (self.handoffs.get(id), new.handoffs.get(id));
        if before.is_none() && after.is_none() {
            return;
        }
        pages.insert(PageKind::Handoff(id.clone()));
        if before.map(handoff_facet) == after.map(handoff_facet) {
            return;
        }
        pages.extend(self.readers.get(id).into_iter().flatten().cloned());
        if let Some(h) = after {
            handoff_readers(new, self.paging, h, pages);
        }
    }

    /// Long lists a changed handoff joined or left: every row after it moves and the count on
    /// every page changes, so all their pages, old and new, are rendered (or removed) again.
    /// A row that stays in its list changes only its own page (see [`handoff_readers`]).
    fn lists_changed(&self, new: &Base, dirty: &BTreeSet<Id>, pages: &mut BTreeSet<PageKind>) {
        let in_list = |list: HandoffList, h: Option<&Handoff>| match list {
            HandoffList::All => h.is_some(),
            HandoffList::Status(status) => h.is_some_and(|h| h.status.value == status),
        };
        for list in lists() {
            let moved =
                dirty.iter().any(|id| in_list(list, self.handoffs.get(id)) != in_list(list, new.handoffs.get(id)));
            if moved {
                let old_pages = self.existed.iter().filter(|page| list_of(page) == Some(list)).count();
                let count = old_pages.max(self.paging.pages(list.len(new)));
                pages.extend((1..=count).map(|n| list.page(n)));
            }
        }
    }

    fn decision_changed(&self, new: &Base, id: &Id, pages: &mut BTreeSet<PageKind>) {
        let (before, after) = (self.decisions.get(id), new.decisions.get(id));
        if before.is_none() && after.is_none() {
            return;
        }
        pages.insert(PageKind::Decision(id.clone()));
        pages.extend(before.into_iter().chain(after).map(decision_page));
        if before.map(decision_facet) == after.map(decision_facet) {
            return;
        }
        pages.extend(self.readers.get(id).into_iter().flatten().cloned());
        if let Some(d) = after {
            decision_readers(new, self.paging, d, pages);
        }
    }

    /// A wrap's card is small and shown in few places, so any change to it re-renders them all.
    fn wrap_changed(&self, new: &Base, id: &Id, pages: &mut BTreeSet<PageKind>) {
        if self.wraps.contains_key(id) {
            pages.extend(self.readers.get(id).into_iter().flatten().cloned());
        }
        if let Some(w) = new.wraps.get(id) {
            wrap_readers(new, w, pages);
        }
    }

    /// Tags whose members changed: every page showing the tag's count must be rendered again.
    fn tags_changed(&self, new: &Base, dirty: &BTreeSet<Id>, pages: &mut BTreeSet<PageKind>) {
        let mut slugs: BTreeSet<String> = self.tags.keys().cloned().collect();
        for id in dirty {
            let tags = new.handoffs.get(id).map(|h| &h.tags).or_else(|| new.decisions.get(id).map(|d| &d.tags));
            slugs.extend(tags.into_iter().flatten().map(|t| slugify(t)));
        }
        for slug in slugs {
            let (members_before, pages_before) = match self.tags.get(&slug) {
                Some((members, pages)) => (members.clone(), Some(pages)),
                None => (None, None),
            };
            if members_before != tag_membership(new, &slug) {
                pages.extend(pages_before.into_iter().flatten().cloned());
                tag_members(new, &slug, pages);
            }
        }
    }

    /// Urls of changed pages whose title or place changed, so the bodies linking to them must
    /// be rendered again: a wiki link shows the target's title, and a `.md` link breaks when
    /// its target moves or goes.
    pub fn moved_or_renamed(&self, new: &Base, dirty: &BTreeSet<Id>) -> BTreeSet<String> {
        let mut urls = BTreeSet::new();
        for id in dirty {
            let before = target(self.handoffs.get(id), self.decisions.get(id), self.wraps.get(id));
            let after = target(new.handoffs.get(id), new.decisions.get(id), new.wraps.get(id));
            if before != after {
                for (_, _, section) in before.iter().chain(after.iter()) {
                    urls.insert(format!("{section}/{id}/"));
                }
            }
        }
        urls
    }
}

/// What a link to a page depends on: its title, its file and its kind.
fn target(
    handoff: Option<&Handoff>,
    decision: Option<&Decision>,
    wrap: Option<&Wrap>,
) -> Option<(String, PathBuf, &'static str)> {
    let handoff = handoff.map(|h| (h.title.clone(), h.file.clone(), "handoffs"));
    let decision = || decision.map(|d| (d.title.clone(), d.file.clone(), "decisions"));
    let wrap =
        || wrap.map(|w| (w.summary.as_ref().map(|s| s.value.clone()).unwrap_or_default(), w.file.clone(), "wraps"));
    handoff.or_else(decision).or_else(wrap)
}

/// The pages whose Markdown links to one of `urls`.
pub fn pages_linking_to(bodies: &Bodies, urls: &BTreeSet<String>) -> BTreeSet<Id> {
    if urls.is_empty() {
        return BTreeSet::new();
    }
    let links_to = |page: &crate::markdown::bodies::PageBodies| page.links.iter().any(|(_, l)| urls.contains(&l.url));
    bodies.pages.iter().filter(|(_, page)| links_to(page)).map(|(id, _)| id.clone()).collect()
}

/// What other pages show of a handoff: its row, its edge, its place in the indexes.
fn handoff_facet(h: &Handoff) -> impl PartialEq + '_ {
    let person = |p: &Option<crate::model::At<crate::model::Handle>>| p.as_ref().map(|p| p.value.clone());
    let moment = |m: &Option<crate::model::At<crate::model::Moment>>| m.as_ref().map(|m| m.value.clone());
    (
        (&h.title, h.status.value, &h.owner.value, person(&h.from), person(&h.reviewer), &h.team),
        (moment(&h.created), moment(&h.updated), moment(&h.handed_off), moment(&h.due)),
        (&h.blocked_reason, h.depends_on.iter().map(|d| &d.value).collect::<Vec<_>>(), &h.tags, &h.decisions),
    )
}

/// What other pages show of a decision: its row, its edges and its place in the indexes.
fn decision_facet(d: &Decision) -> impl PartialEq + '_ {
    (
        (&d.title, d.status, &d.date, d.by.iter().map(|b| &b.value).collect::<Vec<_>>(), &d.origin),
        d.supersedes.iter().map(|s| &s.value).collect::<Vec<_>>(),
        d.related.iter().map(|r| &r.value).collect::<Vec<_>>(),
        (&d.tags, &d.decision),
    )
}

/// Every page that shows something of `h` besides its own page.
fn handoff_readers(base: &Base, paging: Paging, h: &Handoff, pages: &mut BTreeSet<PageKind>) {
    pages.extend([
        PageKind::Dashboard,
        PageKind::Attention,
        PageKind::Graph,
        PageKind::Metrics,
        PageKind::Digest,
        PageKind::Owners,
        PageKind::Groups(GroupKind::Teams),
        PageKind::Groups(GroupKind::Tags),
    ]);
    // Only the pages of its people that show its row (see `plan` for rows that move).
    for person in std::iter::once(&h.owner).chain(&h.from).chain(&h.reviewer) {
        person_pages_showing(base, paging, &person.value, &h.id, pages);
    }
    // Only the page of each long list that shows its row.
    for list in [HandoffList::All, HandoffList::Status(h.status.value)] {
        pages.extend(list.page_showing(base, paging, &h.id));
    }
    // Only the page of each team and tag that shows its row (see `plan` for rows that move).
    let groups = h.team.iter().map(|t| (GroupKind::Teams, t)).chain(h.tags.iter().map(|t| (GroupKind::Tags, t)));
    for (kind, name) in groups {
        pages.insert(group_page_showing(base, paging, kind, &slugify(name), &h.id));
    }
    pages.extend(h.depends_on.iter().map(|d| PageKind::Handoff(d.value.clone())));
    // Pages of the work that waits on `h`, and their owners' "waiting on others".
    for waiting in base.indexes.needed_by.get(&h.id).into_iter().flatten() {
        pages.insert(PageKind::Handoff(waiting.clone()));
        if let Some(w) = base.handoffs.get(waiting) {
            person_pages_showing(base, paging, &w.owner.value, waiting, pages);
        }
    }
    // Every handoff page draws its neighbourhood two steps both ways, so those pages show `h`.
    for near in neighbourhood(base, &h.id) {
        pages.insert(PageKind::Handoff(near));
    }
    // Wrap cards show the title and status of their open handoffs.
    for w in base.wraps.values().filter(|w| w.open.iter().any(|o| o.id.value == h.id)) {
        wrap_readers(base, w, pages);
    }
    // Decisions show the handoff they came from and the ones they relate to.
    for d in base.indexes.decisions_of.get(&h.id).into_iter().flatten().filter_map(|d| base.decisions.get(d)) {
        decision_row_readers(base, paging, d, pages);
    }
}

/// Every page that shows `d` besides its own page: its row's readers, its chain, its neighbours.
fn decision_readers(base: &Base, paging: Paging, d: &Decision, pages: &mut BTreeSet<PageKind>) {
    decision_row_readers(base, paging, d, pages);
    pages.insert(PageKind::Owners);
    let chain = supersession_component(base, &d.id);
    pages.extend(chain.iter().filter_map(|id| base.decisions.get(id)).map(decision_page));
    let newer = base.indexes.superseded_by.get(&d.id).into_iter().flatten();
    for neighbour in d.supersedes.iter().map(|s| &s.value).chain(newer).filter_map(|n| base.decisions.get(n)) {
        decision_row_readers(base, paging, neighbour, pages);
    }
}

/// The pages that show the row of `d`.
fn decision_row_readers(base: &Base, paging: Paging, d: &Decision, pages: &mut BTreeSet<PageKind>) {
    // The history's first page stands for all of them: a row moving shifts them all (see `plan`).
    pages.extend([decision_page(d), PageKind::Decisions(1), PageKind::Dashboard, PageKind::Digest]);
    pages.insert(PageKind::Groups(GroupKind::Tags));
    if let crate::model::DecisionOrigin::Inline { handoff } = &d.origin {
        pages.insert(PageKind::Handoff(handoff.clone()));
    }
    pages.extend(d.related.iter().map(|r| PageKind::Handoff(r.value.clone())));
    for person in &d.by {
        person_pages_showing(base, paging, &person.value, &d.id, pages);
    }
    for tag in &d.tags {
        pages.insert(group_page_showing(base, paging, GroupKind::Tags, &slugify(tag), &d.id));
    }
}

/// Every page that shows the card of `w`: its own, the list of wraps, the dashboard (latest per
/// team), the digest, and the pages of the people and teams the indexes file it under.
fn wrap_readers(base: &Base, w: &Wrap, pages: &mut BTreeSet<PageKind>) {
    pages.extend([PageKind::Wrap(w.id.clone()), PageKind::Wraps, PageKind::Dashboard, PageKind::Digest]);
    // A person's wraps are on their first page only.
    pages.insert(PageKind::Owner(w.author.value.clone(), 1));
    let people = base.indexes.people.iter().filter(|(_, i)| i.wraps.contains(&w.id));
    pages.extend(people.map(|(handle, _)| PageKind::Owner(handle.clone(), 1)));
    pages.extend(w.team.iter().map(|t| PageKind::Group(GroupKind::Teams, slugify(t), 1)));
    let teams = base.indexes.teams.iter().filter(|(_, g)| g.wraps.contains(&w.id));
    pages.extend(teams.map(|(slug, _)| PageKind::Group(GroupKind::Teams, slug.clone(), 1)));
}

/// Every decision connected to `id` by `supersedes` either way: a superset of any chain a
/// decision page shows, whichever branch it follows.
fn supersession_component(base: &Base, id: &Id) -> BTreeSet<Id> {
    let mut seen = BTreeSet::from([id.clone()]);
    let mut todo = vec![id.clone()];
    while let Some(current) = todo.pop() {
        let older = base.decisions.get(&current).into_iter().flat_map(|d| d.supersedes.iter().map(|s| &s.value));
        let newer = base.indexes.superseded_by.get(&current).into_iter().flatten();
        for next in older.chain(newer) {
            if base.decisions.contains_key(next) && seen.insert(next.clone()) {
                todo.push(next.clone());
            }
        }
    }
    seen
}

fn tag_membership(base: &Base, slug: &str) -> Option<Members> {
    base.indexes.tags.get(slug).map(|t| (t.handoffs.clone(), t.decisions.clone()))
}

/// The pages of everything tagged `slug`, which show the tag with its count.
fn tag_members(base: &Base, slug: &str, pages: &mut BTreeSet<PageKind>) {
    if let Some(tag) = base.indexes.tags.get(slug) {
        pages.extend(tag.handoffs.iter().cloned().map(PageKind::Handoff));
        pages.extend(tag.decisions.iter().filter_map(|id| base.decisions.get(id)).map(decision_page));
    }
}

/// The parts of `base`'s graph, when it is drawn in more than one (most bases are drawn whole,
/// and counting their open work is all it takes to know).
fn graph_parts(base: &Base, paging: Paging) -> Option<Parts> {
    let open = base.handoffs.values().filter(|h| h.status.value.is_open()).count();
    (open > paging.graph_size).then(|| Parts::of(base, paging.graph_size))
}

/// The team or tag `page` is a page of.
fn group_of(page: &PageKind) -> Option<(GroupKind, String)> {
    match page {
        PageKind::Group(kind, slug, _) => Some((*kind, slug.clone())),
        _ => None,
    }
}

/// The rows of the team or tag `slug` in the order its pages show them, if `base` has it.
fn group_rows(base: &Base, kind: GroupKind, slug: &str) -> Option<GroupRows> {
    let (handoffs, decisions) = crate::render::pages::group_rows(base, kind.of(base).get(slug)?);
    Some((handoffs.iter().map(|h| h.id.clone()).collect(), decisions.iter().map(|d| d.id.clone()).collect()))
}

/// The page of the team or tag `slug` showing the row of the handoff or decision `id`: its first
/// page when `base` has no such row (the team's pages are then made again, see [`Before::plan`]).
fn group_page_showing(base: &Base, paging: Paging, kind: GroupKind, slug: &str, id: &Id) -> PageKind {
    let position = kind.of(base).get(slug).and_then(|group| {
        let (handoffs, decisions) = crate::render::pages::group_rows(base, group);
        handoffs.iter().position(|h| &h.id == id).or_else(|| decisions.iter().position(|d| &d.id == id))
    });
    PageKind::Group(kind, slug.to_string(), position.map_or(1, |p| paging.page_of(p)))
}

/// The person `page` is a page of.
fn person_of(page: &PageKind) -> Option<Handle> {
    match page {
        PageKind::Owner(handle, _) => Some(handle.clone()),
        _ => None,
    }
}

/// How many pages `handle`'s page has in `base`: none when `base` has no page for them.
fn person_pages(base: &Base, handle: &Handle, paging: Paging) -> usize {
    let exists = exists(base, paging, &PageKind::Owner(handle.clone(), 1));
    if exists { catalog::owner_pages(base, handle, paging) } else { 0 }
}

/// The rows of `handle`'s page in the order its pages show them, if `base` has the page.
fn person_rows(base: &Base, handle: &Handle) -> Option<PersonOrder> {
    exists(base, Paging::default(), &PageKind::Owner(handle.clone(), 1)).then(|| person_order(base, handle))
}

/// Adds the pages of `handle`'s page that show the row of the handoff or decision `id` (one per
/// list that has it): the first page when none does (the person's pages are then all made
/// again, see [`Before::plan`]).
fn person_pages_showing(base: &Base, paging: Paging, handle: &Handle, id: &Id, pages: &mut BTreeSet<PageKind>) {
    let shown = pages_showing(&person_order(base, handle), paging, id);
    let first = shown.is_empty().then_some(1);
    pages.extend(shown.into_iter().chain(first).map(|n| PageKind::Owner(handle.clone(), n)));
}

/// The long lists of handoffs.
fn lists() -> impl Iterator<Item = HandoffList> {
    std::iter::once(HandoffList::All).chain(Status::ALL.into_iter().map(HandoffList::Status))
}

/// Handoffs within two dependency steps of `id`, either way (what its neighbourhood graph draws).
fn neighbourhood(base: &Base, id: &crate::model::Id) -> BTreeSet<crate::model::Id> {
    let step = |id: &crate::model::Id| -> Vec<crate::model::Id> {
        let deps = base.handoffs.get(id).into_iter().flat_map(|h| h.depends_on.iter().map(|d| d.value.clone()));
        let needed = base.indexes.needed_by.get(id).into_iter().flatten().cloned();
        deps.chain(needed).collect()
    };
    let mut near: BTreeSet<crate::model::Id> = step(id).into_iter().collect();
    for first in near.clone() {
        near.extend(step(&first));
    }
    near.remove(id);
    near
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Base {
        let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
        let mut diagnostics = crate::diagnostic::Diagnostics::default();
        crate::build::load_site(&site, &mut diagnostics).unwrap().base
    }

    /// The pages of `handle`'s page that `plan` renders.
    fn person_pages_in(plan: &Plan, handle: &Handle) -> BTreeSet<usize> {
        let pages = plan.render.iter().filter_map(|page| match page {
            PageKind::Owner(h, n) if h == handle => Some(*n),
            _ => None,
        });
        pages.collect()
    }

    /// Plans a change to the handoff `id` made by `change`, on the example site, 2 rows a page.
    fn plan_change(id: &str, change: impl Fn(&mut Handoff)) -> (Base, Plan, Paging, Id) {
        let (old, paging, id) = (example(), Paging::new(2), Id::parse(id).unwrap());
        let dirty = BTreeSet::from([id.clone()]);
        let before = Before::capture(&old, &dirty, paging);
        let mut new = old.clone();
        new.handoffs.get_mut(&id).map(change);
        let plan = before.plan(&new, &dirty, &BTreeSet::new(), &BTreeSet::new());
        (new, plan, paging, id)
    }

    #[test]
    fn a_row_that_stays_in_place_renders_only_the_pages_of_its_people_that_show_it() {
        let (new, plan, paging, id) = plan_change("ledger-v2-dual-write", |h| h.title = "Double-write".into());
        let mut fewer = false;
        for handle in ["priya", "kofi", "ana"].map(|h| Handle::parse(h).unwrap()) {
            let showing: BTreeSet<usize> =
                pages_showing(&person_order(&new, &handle), paging, &id).into_iter().collect();
            let rendered = person_pages_in(&plan, &handle);
            assert!(!showing.is_empty() && showing.is_subset(&rendered), "{handle}: {showing:?} {rendered:?}");
            // Pages showing its decisions and the work waiting on it are rendered too; the rest not.
            fewer |= rendered.len() < catalog::owner_pages(&new, &handle, paging);
        }
        assert!(fewer, "someone has pages that do not show the row, and they are left alone");
    }

    #[test]
    fn a_row_that_moves_renders_every_page_of_its_people() {
        let (new, plan, paging, _) = plan_change("ledger-v2-dual-write", |h| h.updated = None);
        for handle in ["priya", "kofi", "ana"].map(|h| Handle::parse(h).unwrap()) {
            let all: BTreeSet<usize> = (1..=catalog::owner_pages(&new, &handle, paging)).collect();
            assert_eq!(person_pages_in(&plan, &handle), all, "{handle}");
        }
    }
}
