//! Every page of a site, named: the list a full build walks and the unit `serve` re-renders.
//!
//! A [`PageKind`] says which page it is (the dashboard, one handoff, one tag…) and so where it
//! lives; [`all_pages`] lists the pages a base has, in the order a build renders them. Nothing
//! here renders: `render` turns a kind into HTML, and `serve` decides which kinds a change touches.

use crate::model::{Base, Handle, Id, Status};

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
}

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKind {
    /// `/`.
    Dashboard,
    /// `/handoffs/`.
    Handoffs,
    /// `/handoffs/ID/`.
    Handoff(Id),
    /// `/decisions/`.
    Decisions,
    /// `/decisions/ID/`.
    Decision(Id),
    /// `/attention/`.
    Attention,
    /// `/owners/`.
    Owners,
    /// `/owners/HANDLE/`.
    Owner(Handle),
    /// `/teams/` or `/tags/`.
    Groups(GroupKind),
    /// `/teams/SLUG/` or `/tags/SLUG/`.
    Group(GroupKind, String),
    /// `/status/STATUS/`.
    Status(Status),
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
            PageKind::Handoffs => "handoffs/".into(),
            PageKind::Handoff(id) => super::views::handoff_url(id),
            PageKind::Decisions => "decisions/".into(),
            PageKind::Decision(id) => super::views::decision_url(id),
            PageKind::Attention => "attention/".into(),
            PageKind::Owners => "owners/".into(),
            PageKind::Owner(handle) => format!("owners/{handle}/"),
            PageKind::Groups(kind) => format!("{}/", kind.section()),
            PageKind::Group(kind, slug) => format!("{}/{slug}/", kind.section()),
            PageKind::Status(status) => format!("status/{}/", status.as_str()),
            PageKind::Search => "search/".into(),
            PageKind::Wraps => "wraps/".into(),
            PageKind::Wrap(id) => super::wraps::wrap_url(id),
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

/// Every page of `base`, in build order.
pub fn all_pages(base: &Base) -> Vec<PageKind> {
    let mut pages = vec![PageKind::Dashboard, PageKind::Handoffs];
    pages.extend(base.handoffs.keys().cloned().map(PageKind::Handoff));
    pages.push(PageKind::Decisions);
    pages.extend(base.decisions.keys().cloned().map(PageKind::Decision));
    pages.push(PageKind::Attention);
    pages.push(PageKind::Wraps);
    pages.extend(base.wraps.keys().cloned().map(PageKind::Wrap));
    pages.push(PageKind::Digest);
    pages.push(PageKind::Owners);
    pages.extend(super::pages::everyone(base).into_iter().cloned().map(PageKind::Owner));
    for (kind, groups) in [(GroupKind::Teams, &base.indexes.teams), (GroupKind::Tags, &base.indexes.tags)] {
        pages.push(PageKind::Groups(kind));
        pages.extend(groups.keys().map(|slug| PageKind::Group(kind, slug.clone())));
    }
    pages.extend(Status::ALL.into_iter().map(PageKind::Status));
    pages.push(PageKind::Graph);
    pages.push(PageKind::Metrics);
    pages.push(PageKind::Search);
    pages.push(PageKind::NotFound);
    pages
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
        assert_eq!(PageKind::Group(GroupKind::Tags, "on-call".into()).url(), "tags/on-call/");
        assert_eq!(PageKind::Status(Status::InProgress).url(), "status/in-progress/");
    }

    #[test]
    fn an_empty_base_still_has_its_index_pages() {
        let pages = all_pages(&Base::default());
        assert_eq!(
            pages.len(),
            2 + 1 + 1 + 1 + 2 + 2 + Status::ALL.len() + 2 + 1 + 1,
            "dashboard, handoffs, decisions, attention, wraps and digest, owners, teams and tags, statuses, graph \
             and metrics, search, 404"
        );
    }
}
