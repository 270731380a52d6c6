//! Resolves links between content files for the Markdown renderer, and says which site-root
//! paths a build writes, for the check of `/`-links.
//!
//! Built once per build from the base: content path → page URL and id → (URL, title). URLs are
//! site-root-relative (`handoffs/x/`); the renderer prefixes the page's way back to the root.
//! [`SitePaths`] answers for a `/`-path from the base itself, page by page, so it never goes
//! stale in `serve` and never lists the whole site for one link; a unit test holds it to the
//! page list a build walks ([`super::catalog::all_pages`]).

use super::catalog::{GroupKind, PageKind, Paging};
use crate::markdown::{FileLink, LinkResolver};
use crate::model::{Base, Handle, Id, Status};
use std::collections::{BTreeMap, BTreeSet};

/// The lookup tables behind [`LinkResolver`].
#[derive(Debug, Default)]
pub struct SiteLinks {
    by_path: BTreeMap<String, String>,
    by_id: BTreeMap<String, (String, String)>,
    /// Pages that moved, by their old folder: `decisions/D/` of an inline decision → its entry.
    moved: BTreeMap<String, String>,
    /// Files kept beside records, by content-relative path: their published URL.
    record_files: BTreeMap<String, String>,
    /// Each record file, by content-relative path: the folder it is in.
    records: BTreeMap<String, RecordPlace>,
}

/// Where a record lives, for its links to files.
#[derive(Debug, Clone)]
struct RecordPlace {
    /// The folder as written in baton.yaml.
    folder: String,
    /// The folder, content-relative, ending in `/` (empty for `content` itself).
    prefix: String,
    /// Where the repository host shows the folder.
    source_url: Option<String>,
}

impl SiteLinks {
    /// Indexes every handoff and decision of `base`.
    pub fn new(base: &Base) -> Self {
        let mut links = SiteLinks::default();
        for h in base.handoffs.values() {
            let url = format!("handoffs/{}/", h.id);
            links.by_path.insert(content_path(&h.file), url.clone());
            links.by_id.insert(h.id.to_string(), (url, h.title.clone()));
        }
        for d in base.decisions.values() {
            let url = super::decision_url(d);
            if super::catalog::has_page(d) {
                links.by_path.insert(content_path(&d.file), url.clone());
            } else {
                links.moved.insert(super::decision_page_url(&d.id), url.clone());
            }
            links.by_id.insert(d.id.to_string(), (url, d.title.clone()));
        }
        for w in base.wraps.values() {
            let url = super::wrap_url(&w.id);
            let title = w.summary.as_ref().map_or_else(|| format!("Wrap {}", w.id), |s| s.value.clone());
            links.by_path.insert(content_path(&w.file), url.clone());
            links.by_id.insert(w.id.to_string(), (url, title));
        }
        links.add_record_folders(base);
        links
    }

    /// The files of each decision folder, its introduction (which is shown on `/decisions/`),
    /// and where each record lives.
    fn add_record_folders(&mut self, base: &Base) {
        let mut places = BTreeMap::new();
        for folder in &base.record_folders {
            let prefix = folder_prefix(&folder.path);
            for file in &folder.files {
                self.record_files.insert(normalize(&format!("{prefix}{file}")), folder.file_url(file));
            }
            if let Some(introduction) = &folder.introduction {
                self.by_path.insert(content_path(&introduction.file), "decisions/".to_string());
            }
            let place = RecordPlace { folder: folder.path.clone(), prefix, source_url: folder.source_url.clone() };
            places.insert(folder.path.as_str(), place);
        }
        for d in base.decisions.values() {
            let place = d.record.as_ref().and_then(|r| places.get(r.folder.as_str()));
            if let Some(place) = place {
                self.records.insert(content_path(&d.file), place.clone());
            }
        }
    }
}

/// A decision folder's path relative to `content/`, ending in `/`: `../docs/adr` →
/// `../../docs/adr/`, `content` → ``.
fn folder_prefix(path: &str) -> String {
    let site = normalize(path);
    let inside = match site.strip_prefix("content") {
        Some("") => return String::new(),
        Some(rest) if rest.starts_with('/') => rest.trim_start_matches('/').to_string(),
        _ => format!("../{site}"),
    };
    format!("{}/", normalize(&inside))
}

/// `from`'s folder joined with `target`, normalised.
fn joined(from: &str, target: &str) -> String {
    let folder = from.rsplit_once('/').map_or("", |(dir, _)| dir);
    normalize(&if folder.is_empty() { target.to_string() } else { format!("{folder}/{target}") })
}

/// `content/a/b.md` → `a/b.md`; a record outside `content/` (`docs/adr/x.md` or
/// `../docs/adr/x.md`, relative to the site folder) → `../docs/adr/x.md` or `../../docs/adr/x.md`,
/// relative to `content/` like every other key.
pub fn content_path(file: &std::path::Path) -> String {
    let text = file.to_string_lossy().replace('\\', "/");
    match text.strip_prefix("content/") {
        Some(inside) => inside.to_string(),
        None => format!("../{text}"),
    }
}

impl LinkResolver for SiteLinks {
    fn page_for_file(&self, from: &str, target: &str) -> Option<String> {
        self.by_path.get(&joined(from, target)).cloned()
    }

    fn page_for_id(&self, id: &str) -> Option<(String, String)> {
        self.by_id.get(id).cloned()
    }

    fn moved_page(&self, path: &str) -> Option<String> {
        let folder = path.strip_suffix("index.html").unwrap_or(path).trim_end_matches('/');
        self.moved.get(&format!("{folder}/")).cloned()
    }

    /// A file kept beside records is published, from any page. From a record, a link to any
    /// other file is one of its repository: inside the record's folder the file is missing;
    /// outside it, it goes to the repository host when `repo_url` says where that is.
    fn file_link(&self, from: &str, target: &str) -> FileLink {
        let path = joined(from, target);
        if let Some(url) = self.record_files.get(&path) {
            return FileLink::Published(url.clone());
        }
        let Some(place) = self.records.get(from) else { return FileLink::AsWritten };
        let inside = if place.prefix.is_empty() { !path.starts_with("../") } else { path.starts_with(&place.prefix) };
        if inside {
            return FileLink::Unreachable(format!("link to `{target}`: {} has no such file", place.folder));
        }
        match &place.source_url {
            Some(url) => {
                let from = normalize(from);
                let in_folder = from.strip_prefix(&place.prefix).unwrap_or(&from);
                let from_folder = in_folder.rsplit_once('/').map_or(String::new(), |(dir, _)| format!("{dir}/"));
                FileLink::Elsewhere(crate::records::folders::join_url(url, &format!("{from_folder}{target}")))
            }
            None => FileLink::Unreachable(format!(
                "link to `{target}`, a file outside the decision folder {}: set `repo_url` in baton.yaml to link it to the repository host",
                place.folder
            )),
        }
    }
}

/// Folds `.` and `..` segments. A path that climbs out of `content/` keeps its leading `..`
/// segments: it can only match a record read from a folder beside the site (`decision_dirs`),
/// whose key starts the same way (see [`content_path`]).
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_none_or(|p| *p == "..") => parts.push(".."),
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The theme's built-in assets, written at the site root by every build (a unit test keeps the
/// list in step with the theme).
pub const BUILT_IN_ASSETS: &[&str] =
    &["favicon.svg", "highlight.css", "moved.js", "search-box.js", "search.css", "search.js", "style.css"];

/// The files a build writes besides pages, assets, `static/` and the JSON export ([`EXPORT`]):
/// the 404 page and the feeds of everything and of the decisions.
const SITE_FILES: &[&str] = &["404.html", "feed.xml", "decisions/feed.xml"];

/// The JSON export's files that every build writes; how many more parts there are depends on
/// the records' sizes.
const EXPORT: [&str; 6] = crate::export::site_files::ALWAYS;

/// What a build of one base writes, asked path by path.
pub struct SitePaths<'a> {
    /// The linked base.
    pub base: &'a Base,
    /// How long lists are cut into pages.
    pub paging: Paging,
    /// Files under `static/`, as site-root paths.
    pub static_files: &'a BTreeSet<String>,
}

impl SitePaths<'_> {
    /// Whether the build writes something at `path`: site-root-relative, percent-decoded,
    /// without query or fragment. A page may be named by its folder (`handoffs/x/`), its file
    /// (`handoffs/x/index.html`) or its folder without the slash, which servers redirect.
    pub fn has(&self, path: &str) -> bool {
        if self.static_files.contains(path)
            || BUILT_IN_ASSETS.contains(&path)
            || SITE_FILES.contains(&path)
            || EXPORT.contains(&path)
        {
            return true;
        }
        if let Some(folder) = path.strip_suffix("feed.xml") {
            return self.has_feed(folder);
        }
        // `decisions/files/` itself is the page of a decision with id `files`.
        if let Some(file) = path.strip_prefix("decisions/files/")
            && file.contains('/')
        {
            return self.has_record_file(file);
        }
        let folder = path.strip_suffix("index.html").unwrap_or(path).trim_end_matches('/');
        // Later pages of `/graph/` and `/digest/` are not in the catalog: the graph's parts
        // follow its dependencies (counted here, for the rare link to one), and the digest's
        // pages the day and git's history, so any page number past the first is accepted.
        if let Some(n) = later_page(folder, "graph") {
            return n <= crate::graph::parts::Parts::of(self.base, self.paging.graph_size).count();
        }
        if later_page(folder, "digest").is_some() {
            return true;
        }
        page_at(folder).is_some_and(|page| self.has_page(&page) || self.moved(&page))
    }

    /// Whether `page` is the old page of an inline decision: links to it are sent to the
    /// decision's entry on its handoff's page (see [`LinkResolver::moved_page`]).
    fn moved(&self, page: &PageKind) -> bool {
        matches!(page, PageKind::Decision(id) if self.base.decisions.contains_key(id))
    }

    /// The page at `path` when the build writes it, for a check of its `#anchors`.
    pub fn page(&self, path: &str) -> Option<PageKind> {
        let folder = path.strip_suffix("index.html").unwrap_or(path);
        page_at(folder.trim_end_matches('/')).filter(|page| self.has_page(page))
    }

    /// `KEY/img/x.png`: a file kept beside the records of the folder with that key.
    fn has_record_file(&self, path: &str) -> bool {
        let Some((key, file)) = path.split_once('/') else { return false };
        self.base.record_folders.iter().any(|f| f.key == key && f.files.iter().any(|x| x == file))
    }

    fn has_feed(&self, folder: &str) -> bool {
        match page_at(folder.trim_end_matches('/')) {
            // A team's or a person's feed sits beside its first page only.
            Some(PageKind::Group(GroupKind::Teams, slug, 1)) => self.base.indexes.teams.contains_key(&slug),
            Some(page @ PageKind::Owner(_, 1)) => self.has_page(&page),
            _ => false,
        }
    }

    /// Whether `page` is one the base has: its entity exists, its list page is within the list.
    fn has_page(&self, page: &PageKind) -> bool {
        super::catalog::exists(self.base, self.paging, page)
    }
}

/// `N` of `SECTION/page/N` when N is a later page (2 or more).
fn later_page(folder: &str, section: &str) -> Option<usize> {
    let n = folder.strip_prefix(section)?.strip_prefix("/page/")?;
    n.parse::<usize>().ok().filter(|n| *n >= 2)
}

/// The page whose folder is `folder` (site-root-relative, no trailing `/`), if any base could
/// have it. The inverse of [`PageKind::url`].
pub fn page_at(folder: &str) -> Option<PageKind> {
    let segments: Vec<&str> = if folder.is_empty() { Vec::new() } else { folder.split('/').collect() };
    let id = |text: &str| Id::parse(text).ok();
    let page = |text: &str| text.parse::<usize>().ok().filter(|n| *n >= 2);
    Some(match segments.as_slice() {
        [] => PageKind::Dashboard,
        ["handoffs"] => PageKind::Handoffs(1),
        ["handoffs", "page", n] => PageKind::Handoffs(page(n)?),
        ["handoffs", x] => PageKind::Handoff(id(x)?),
        ["decisions"] => PageKind::Decisions(1),
        ["decisions", "page", n] => PageKind::Decisions(page(n)?),
        ["decisions", x] => PageKind::Decision(id(x)?),
        ["attention"] => PageKind::Attention,
        ["owners"] => PageKind::Owners,
        ["owners", x] => PageKind::Owner(Handle::parse(x).ok()?, 1),
        ["owners", x, "page", n] => PageKind::Owner(Handle::parse(x).ok()?, page(n)?),
        ["teams"] => PageKind::Groups(GroupKind::Teams),
        ["teams", x] => PageKind::Group(GroupKind::Teams, x.to_string(), 1),
        ["teams", x, "page", n] => PageKind::Group(GroupKind::Teams, x.to_string(), page(n)?),
        ["tags"] => PageKind::Groups(GroupKind::Tags),
        ["tags", x] => PageKind::Group(GroupKind::Tags, x.to_string(), 1),
        ["tags", x, "page", n] => PageKind::Group(GroupKind::Tags, x.to_string(), page(n)?),
        ["status", x] => PageKind::Status(Status::parse(x)?, 1),
        ["status", x, "page", n] => PageKind::Status(Status::parse(x)?, page(n)?),
        ["graph"] => PageKind::Graph,
        ["metrics"] => PageKind::Metrics,
        ["wraps"] => PageKind::Wraps,
        ["wraps", x] => PageKind::Wrap(id(x)?),
        ["digest"] => PageKind::Digest,
        ["search"] => PageKind::Search,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> crate::build::LoadedSite {
        let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
        let mut diagnostics = crate::diagnostic::Diagnostics::default();
        crate::build::load_site(&site, &mut diagnostics).unwrap()
    }

    #[test]
    fn every_page_a_build_walks_is_a_site_path_and_no_other() {
        use super::super::catalog::owner_pages;
        let loaded = example();
        let paging = Paging::new(3);
        let paths = SitePaths { base: &loaded.base, paging, static_files: &loaded.sources.static_files };
        let pages = super::super::catalog::all_pages(&loaded.base, paging);
        assert!(pages.iter().any(|p| matches!(p, PageKind::Status(_, 2))), "the fixture pages a status list");
        assert!(pages.iter().any(|p| matches!(p, PageKind::Group(GroupKind::Teams, _, 2))), "and a team");
        let paged_owner = pages.iter().find_map(|p| match p {
            PageKind::Owner(handle, 2) => Some(handle.clone()),
            _ => None,
        });
        let paged_owner = paged_owner.expect("and a person");
        for page in pages.iter().filter(|p| **p != PageKind::NotFound) {
            let url = page.url();
            assert_eq!(page_at(url.trim_end_matches('/')).as_ref(), Some(page), "{url}");
            assert!(paths.has(&url) && paths.has(&page.file()), "{url}");
            assert!(paths.has(url.trim_end_matches('/')) || url.is_empty(), "{url}");
        }
        let handoff = loaded.base.handoffs.keys().next().unwrap();
        let owner = super::super::everyone(&loaded.base)[0];
        let team = loaded.base.indexes.teams.keys().next().unwrap();
        for present in [format!("owners/{owner}/feed.xml"), format!("teams/{team}/feed.xml"), "404.html".into()] {
            assert!(paths.has(&present), "{present}");
        }
        let last = paging.pages(loaded.base.handoffs.len());
        let team_pages = super::super::catalog::group_pages(&loaded.base.indexes.teams[team], paging);
        for absent in [
            format!("handoffs/{handoff}x/"),
            format!("handoffs/page/{}/", last + 1),
            "handoffs/page/1/".into(),
            "status/review/".into(),
            "tags/no-such-tag/".into(),
            "owners/nobody/feed.xml".into(),
            "teams/".to_string() + "nope/feed.xml",
            format!("teams/{team}/page/{}/", team_pages + 1),
            format!("teams/{team}/page/2/feed.xml"),
            format!("owners/{paged_owner}/page/{}/", owner_pages(&loaded.base, &paged_owner, paging) + 1),
            format!("owners/{paged_owner}/page/2/feed.xml"),
            format!("owners/{paged_owner}/page/1/"),
            "nope/".into(),
            "nope.html".into(),
        ] {
            assert!(!paths.has(&absent), "{absent}");
        }
    }

    #[test]
    fn built_in_assets_are_the_themes() {
        let theme = crate::render::theme::Theme::load(std::path::Path::new("/nonexistent"), "default").unwrap();
        let mut names: Vec<&str> = theme.assets.iter().map(|(name, _)| name.as_str()).collect();
        names.sort();
        assert_eq!(names, BUILT_IN_ASSETS);
    }

    #[test]
    fn relative_paths_resolve_from_the_linking_folder() {
        let mut links = SiteLinks::default();
        links.by_path.insert("ops/export.md".into(), "handoffs/export/".into());
        assert_eq!(links.page_for_file("payments/ledger.md", "../ops/export.md").as_deref(), Some("handoffs/export/"));
        assert_eq!(links.page_for_file("ops/a.md", "./export.md").as_deref(), Some("handoffs/export/"));
        assert_eq!(links.page_for_file("a.md", "../../etc/passwd.md"), None);
    }

    #[test]
    fn records_link_to_files_of_their_folder_and_of_their_repository() {
        let mut links = SiteLinks::default();
        let folder = crate::model::RecordFolder {
            path: "../docs/adr".into(),
            key: "docs-adr".into(),
            files: vec!["img/flow.png".into()],
            ..Default::default()
        };
        let prefix = folder_prefix(&folder.path);
        assert_eq!(prefix, "../../docs/adr/");
        assert_eq!(folder_prefix("content"), "");
        assert_eq!(folder_prefix("./content/decisions/"), "decisions/");
        links.record_files.insert(format!("{prefix}img/flow.png"), folder.file_url("img/flow.png"));
        let place = |source_url: Option<&str>| RecordPlace {
            folder: folder.path.clone(),
            prefix: prefix.clone(),
            source_url: source_url.map(String::from),
        };
        let record = "../../docs/adr/0002-x.md";
        links.records.insert(record.into(), place(None));
        let published = FileLink::Published("decisions/files/docs-adr/img/flow.png".into());
        assert_eq!(links.file_link(record, "img/flow.png"), published);
        assert_eq!(links.file_link("sre/pager.md", "../../../docs/adr/img/flow.png"), published, "from a handoff too");
        assert_eq!(links.file_link("sre/pager.md", "../../src/x.rs"), FileLink::AsWritten, "a handoff's own business");
        let missing = links.file_link(record, "img/gone.png");
        assert!(
            matches!(&missing, FileLink::Unreachable(m) if m.contains("../docs/adr has no such file")),
            "{missing:?}"
        );
        let outside = links.file_link(record, "../../src/x.rs");
        assert!(matches!(&outside, FileLink::Unreachable(m) if m.contains("`repo_url`")), "{outside:?}");
        links.records.insert(record.into(), place(Some("https://h.example/shop/blob/main/docs/adr/")));
        let host = FileLink::Elsewhere("https://h.example/shop/blob/main/src/x.rs".into());
        assert_eq!(links.file_link(record, "../../src/x.rs"), host);
    }

    #[test]
    fn records_beside_the_site_resolve_from_content_and_from_each_other() {
        let mut links = SiteLinks::default();
        let record = content_path(std::path::Path::new("../docs/adr/0003-x.md"));
        assert_eq!(record, "../../docs/adr/0003-x.md");
        links.by_path.insert(record, "decisions/0003-x/".into());
        let from_handoff = links.page_for_file("sre/pager.md", "../../../docs/adr/0003-x.md");
        assert_eq!(from_handoff.as_deref(), Some("decisions/0003-x/"));
        let from_record = links.page_for_file("../../docs/adr/0001-y.md", "0003-x.md");
        assert_eq!(from_record.as_deref(), Some("decisions/0003-x/"));
    }
}
