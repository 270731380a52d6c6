//! Every page of a site, named: the list a full build walks and the unit `serve` re-renders.
//!
//! A [`PageKind`] says which page it is (the dashboard, one handoff, one tag, page 3 of a long
//! list…) and so where it lives; [`all_pages`] lists the pages a base has, in the order a build
//! renders them, and [`Paging`] how long lists are cut into pages. Nothing here renders: `render`
//! turns a kind into HTML, and `serve` decides which kinds a change touches.

use crate::model::{Base, Decision, DecisionOrigin, Handle, Id, Status, Team};
use std::collections::BTreeMap;
use std::ops::Range;

/// How long lists are cut into pages: `page_size` rows each (baton.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Rows per page, at least one.
    pub size: usize,
    /// Open handoffs per page of `/graph/` (`graph_page_size`; see `graph::parts`).
    pub graph_size: usize,
}

impl Default for Paging {
    fn default() -> Paging {
        Paging::new(crate::config::DEFAULT_PAGE_SIZE)
    }
}

impl Paging {
    /// Pages of `size` rows (one at least, so an empty list still has its page).
    pub fn new(size: usize) -> Paging {
        Paging { size: size.max(1), graph_size: crate::config::DEFAULT_GRAPH_PAGE_SIZE }
    }

    /// The paging `baton.yaml` sets: `page_size` and `graph_page_size`.
    pub fn of(config: &crate::config::SiteConfig) -> Paging {
        Paging { graph_size: config.graph_page_size.max(1), ..Paging::new(config.page_size) }
    }

    /// How many pages a list of `rows` rows takes; an empty list still has its first page.
    pub fn pages(self, rows: usize) -> usize {
        rows.div_ceil(self.size).max(1)
    }

    /// The page (from 1) showing the row at `position` (from 0).
    pub fn page_of(self, position: usize) -> usize {
        position / self.size + 1
    }

    /// The positions of the rows on `page` (from 1), for a list of `rows` rows.
    pub fn rows(self, page: usize, rows: usize) -> Range<usize> {
        let start = (page.max(1) - 1).saturating_mul(self.size).min(rows);
        start..start.saturating_add(self.size).min(rows)
    }
}

/// A long list of handoffs, shown a page at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HandoffList {
    /// `/handoffs/`: every handoff, by id.
    All,
    /// `/status/STATUS/`: the handoffs with one status, by id.
    Status(Status),
}

impl HandoffList {
    /// The ids of the list's rows, in order.
    pub fn ids(self, base: &Base) -> Box<dyn Iterator<Item = &Id> + '_> {
        match self {
            HandoffList::All => Box::new(base.handoffs.keys()),
            HandoffList::Status(status) => Box::new(base.indexes.by_status.get(&status).into_iter().flatten()),
        }
    }

    /// How many rows the list has.
    pub fn len(self, base: &Base) -> usize {
        match self {
            HandoffList::All => base.handoffs.len(),
            HandoffList::Status(status) => base.indexes.by_status.get(&status).map_or(0, Vec::len),
        }
    }

    /// Page `page` (from 1) of the list.
    pub fn page(self, page: usize) -> PageKind {
        match self {
            HandoffList::All => PageKind::Handoffs(page),
            HandoffList::Status(status) => PageKind::Status(status, page),
        }
    }

    /// Every page of the list in `base`.
    pub fn pages(self, base: &Base, paging: Paging) -> impl Iterator<Item = PageKind> {
        (1..=paging.pages(self.len(base))).map(move |n| self.page(n))
    }

    /// The page showing the row of `id`, if the list has it.
    pub fn page_showing(self, base: &Base, paging: Paging, id: &Id) -> Option<PageKind> {
        let position = self.ids(base).position(|row| row == id)?;
        Some(self.page(paging.page_of(position)))
    }

    fn url(self) -> String {
        match self {
            HandoffList::All => "handoffs/".into(),
            HandoffList::Status(status) => format!("status/{}/", status.as_str()),
        }
    }

    /// The URL of page `page`: the list's own for the first, `page/N/` below it after that.
    pub fn page_url(self, page: usize) -> String {
        if page <= 1 { self.url() } else { format!("{}page/{page}/", self.url()) }
    }
}

/// A grouping with an index page and a page per group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupKind {
    /// `/teams/`.
    Teams,
    /// `/tags/`.
    Tags,
}

impl GroupKind {
    /// The URL segment and navigation section: `teams` or `tags`.
    pub fn section(self) -> &'static str {
        match self {
            GroupKind::Teams => "teams",
            GroupKind::Tags => "tags",
        }
    }

    /// The index page's title.
    pub fn label(self) -> &'static str {
        match self {
            GroupKind::Teams => "Teams",
            GroupKind::Tags => "Tags",
        }
    }

    /// The teams or the tags of `base`, by slug.
    pub fn of(self, base: &Base) -> &BTreeMap<String, Team> {
        match self {
            GroupKind::Teams => &base.indexes.teams,
            GroupKind::Tags => &base.indexes.tags,
        }
    }
}

/// How many pages a team or tag takes: its handoffs and its decisions are cut into pages side by
/// side (page N shows the Nth `paging.size` of each), so the longer of the two decides.
pub fn group_pages(group: &Team, paging: Paging) -> usize {
    paging.pages(group.handoffs.len().max(group.decisions.len()))
}

/// Page `page` of a team or tag: `teams/SLUG/`, then `teams/SLUG/page/N/`.
pub fn group_page_url(kind: GroupKind, slug: &str, page: usize) -> String {
    let url = format!("{}/{slug}/", kind.section());
    if page <= 1 { url } else { format!("{url}page/{page}/") }
}

/// How many pages a person's page takes: what they own, review, handed off and decided are cut
/// into pages side by side, so the longest list decides. (What waits and what needs attention
/// are drawn from what they own, so neither is ever longer.)
pub fn owner_pages(base: &Base, handle: &Handle, paging: Paging) -> usize {
    let longest = base.indexes.people.get(handle).map_or(0, |i| {
        [i.owns.len(), i.reviews.len(), i.handed_off.len(), i.decided.len()].into_iter().max().unwrap_or(0)
    });
    paging.pages(longest)
}

/// Page `page` of a person's page: `owners/HANDLE/`, then `owners/HANDLE/page/N/`.
pub fn owner_page_url(handle: &Handle, page: usize) -> String {
    if page <= 1 { format!("owners/{handle}/") } else { format!("owners/{handle}/page/{page}/") }
}

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKind {
    /// `/`.
    Dashboard,
    /// `/handoffs/`, then `/handoffs/page/N/`: page N (from 1) of every handoff.
    Handoffs(usize),
    /// `/handoffs/ID/`.
    Handoff(Id),
    /// `/decisions/`, the decision history, page N (from 1): `decisions/page/N/` after the first.
    Decisions(usize),
    /// `/decisions/ID/`: a decision with a file of its own (an inline one is an entry on its
    /// handoff's page).
    Decision(Id),
    /// `/attention/`.
    Attention,
    /// `/owners/`.
    Owners,
    /// `/owners/HANDLE/`, then `page/N/` below it: page N (from 1) of a person's page (see
    /// [`owner_pages`]).
    Owner(Handle, usize),
    /// `/teams/` or `/tags/`.
    Groups(GroupKind),
    /// `/teams/SLUG/` or `/tags/SLUG/`, then `page/N/` below it: page N (from 1) of a team or
    /// tag (see [`group_pages`]).
    Group(GroupKind, String, usize),
    /// `/status/STATUS/`, then `/status/STATUS/page/N/`: page N of the handoffs with a status.
    Status(Status, usize),
    /// `/graph/`: the dependency graph of open work.
    Graph,
    /// `/metrics/`: review, cycle time and rework per team and month.
    Metrics,
    /// `/wraps/`: every shift wrap, newest first.
    Wraps,
    /// `/wraps/ID/`.
    Wrap(Id),
    /// `/digest/`: what changed in the last week, day by day.
    Digest,
    /// `/search/`: the search page (results come from the static index, in the browser).
    Search,
    /// `/404.html`.
    NotFound,
}

impl PageKind {
    /// The page's folder from the site root (`handoffs/x/`), `""` for the dashboard and 404.
    pub fn url(&self) -> String {
        match self {
            PageKind::Dashboard | PageKind::NotFound => String::new(),
            PageKind::Handoffs(page) => HandoffList::All.page_url(*page),
            PageKind::Handoff(id) => super::handoff_url(id),
            PageKind::Decisions(page) => decisions_page_url(*page),
            PageKind::Decision(id) => super::decision_page_url(id),
            PageKind::Attention => "attention/".into(),
            PageKind::Owners => "owners/".into(),
            PageKind::Owner(handle, page) => owner_page_url(handle, *page),
            PageKind::Groups(kind) => format!("{}/", kind.section()),
            PageKind::Group(kind, slug, page) => group_page_url(*kind, slug, *page),
            PageKind::Status(status, page) => HandoffList::Status(*status).page_url(*page),
            PageKind::Search => "search/".into(),
            PageKind::Wraps => "wraps/".into(),
            PageKind::Wrap(id) => super::wrap_url(id),
            PageKind::Digest => "digest/".into(),
            PageKind::Graph => "graph/".into(),
            PageKind::Metrics => "metrics/".into(),
        }
    }

    /// The file the page is written to: `url/index.html`, or `404.html`.
    pub fn file(&self) -> String {
        match self {
            PageKind::NotFound => "404.html".into(),
            other => format!("{}index.html", other.url()),
        }
    }
}

/// Every page of `base`, long lists cut by `paging`, in build order.
pub fn all_pages(base: &Base, paging: Paging) -> Vec<PageKind> {
    let mut pages = vec![PageKind::Dashboard];
    pages.extend(HandoffList::All.pages(base, paging));
    pages.extend(base.handoffs.keys().cloned().map(PageKind::Handoff));
    pages.extend((1..=paging.pages(base.decisions.len())).map(PageKind::Decisions));
    pages.extend(base.decisions.values().filter(|d| has_page(d)).map(|d| PageKind::Decision(d.id.clone())));
    pages.push(PageKind::Attention);
    pages.push(PageKind::Wraps);
    pages.extend(base.wraps.keys().cloned().map(PageKind::Wrap));
    pages.push(PageKind::Digest);
    pages.push(PageKind::Owners);
    for handle in super::everyone(base) {
        pages.extend((1..=owner_pages(base, handle, paging)).map(|n| PageKind::Owner(handle.clone(), n)));
    }
    for kind in [GroupKind::Teams, GroupKind::Tags] {
        pages.push(PageKind::Groups(kind));
        for (slug, group) in kind.of(base) {
            pages.extend((1..=group_pages(group, paging)).map(|n| PageKind::Group(kind, slug.clone(), n)));
        }
    }
    pages.extend(Status::ALL.into_iter().flat_map(|status| HandoffList::Status(status).pages(base, paging)));
    pages.push(PageKind::Graph);
    pages.push(PageKind::Metrics);
    pages.push(PageKind::Search);
    pages.push(PageKind::NotFound);
    pages
}

/// Page `page` of the decision history: `decisions/`, then `decisions/page/N/`. The history
/// holds every decision once, so it has `paging.pages(base.decisions.len())` pages.
pub fn decisions_page_url(page: usize) -> String {
    if page <= 1 { "decisions/".into() } else { format!("decisions/page/{page}/") }
}

/// Whether a decision has a page of its own: only one with a file of its own does; an inline
/// decision is an entry on its handoff's page (see [`super::decision_url`]).
pub fn has_page(d: &Decision) -> bool {
    d.origin == DecisionOrigin::File
}

/// The page a decision is shown on: its own, or its handoff's.
pub fn decision_page(d: &Decision) -> PageKind {
    match &d.origin {
        DecisionOrigin::Inline { handoff } => PageKind::Handoff(handoff.clone()),
        DecisionOrigin::File => PageKind::Decision(d.id.clone()),
    }
}

/// The long list `page` is a page of.
pub fn list_of(page: &PageKind) -> Option<HandoffList> {
    match page {
        PageKind::Handoffs(_) => Some(HandoffList::All),
        PageKind::Status(status, _) => Some(HandoffList::Status(*status)),
        _ => None,
    }
}

/// Whether `base` has the page `kind`, long lists cut by `paging`.
pub fn exists(base: &Base, paging: Paging, kind: &PageKind) -> bool {
    match kind {
        PageKind::Handoffs(page) | PageKind::Status(_, page) => {
            list_of(kind).is_some_and(|list| *page >= 1 && *page <= paging.pages(list.len(base)))
        }
        PageKind::Handoff(id) => base.handoffs.contains_key(id),
        PageKind::Decision(id) => base.decisions.get(id).is_some_and(has_page),
        PageKind::Decisions(page) => *page >= 1 && *page <= paging.pages(base.decisions.len()),
        PageKind::Wrap(id) => base.wraps.contains_key(id),
        PageKind::Owner(handle, page) => {
            let known = base.people.contains_key(handle) || base.indexes.people.contains_key(handle);
            known && *page >= 1 && *page <= owner_pages(base, handle, paging)
        }
        PageKind::Group(kind, slug, page) => {
            kind.of(base).get(slug).is_some_and(|group| *page >= 1 && *page <= group_pages(group, paging))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_sit_in_their_url_folder() {
        let id = Id::parse("ledger").unwrap();
        assert_eq!(PageKind::Handoff(id).file(), "handoffs/ledger/index.html");
        assert_eq!(PageKind::Dashboard.file(), "index.html");
        assert_eq!(PageKind::NotFound.file(), "404.html");
        assert_eq!(PageKind::Group(GroupKind::Tags, "on-call".into(), 1).url(), "tags/on-call/");
        assert_eq!(PageKind::Group(GroupKind::Teams, "sre".into(), 2).file(), "teams/sre/page/2/index.html");
        let handle = Handle::parse("ana").unwrap();
        assert_eq!(PageKind::Owner(handle.clone(), 1).url(), "owners/ana/");
        assert_eq!(PageKind::Owner(handle, 3).file(), "owners/ana/page/3/index.html");
        assert_eq!(PageKind::Status(Status::InProgress, 1).url(), "status/in-progress/");
        assert_eq!(PageKind::Status(Status::InProgress, 3).url(), "status/in-progress/page/3/");
        assert_eq!(PageKind::Handoffs(2).file(), "handoffs/page/2/index.html");
    }

    #[test]
    fn lists_are_cut_into_pages_of_page_size_rows() {
        let paging = Paging::new(200);
        assert_eq!((paging.pages(0), paging.pages(200), paging.pages(201)), (1, 1, 2));
        assert_eq!((paging.page_of(199), paging.page_of(200)), (1, 2));
        assert_eq!(paging.rows(2, 450), 200..400);
        assert_eq!(paging.rows(3, 450), 400..450);
        assert_eq!(paging.rows(1, 0), 0..0);
    }

    #[test]
    fn an_empty_base_still_has_its_index_pages() {
        let pages = all_pages(&Base::default(), Paging::new(200));
        assert_eq!(
            pages.len(),
            2 + 1 + 1 + 1 + 2 + 2 + Status::ALL.len() + 2 + 1 + 1,
            "dashboard, handoffs, decisions, attention, wraps and digest, owners, teams and tags, statuses, graph \
             and metrics, search, 404"
        );
    }
}
