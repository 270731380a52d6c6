//! The output, planned: every file a build would write, checked before anything is written.
//!
//! A build writes pages named after ids, handles, tags and teams, the feeds, the JSON export, the
//! search index, the theme's assets and the files of `static/`. Each path must be one the writer
//! accepts and the file system can hold (no part over 255 bytes, the whole within
//! [`MAX_PATH`]), no file may sit where another needs a folder, and no file of `static/` or of the
//! theme may replace one baton generates. Names are checked where they are written (ids, handles,
//! tags and teams in the link stage); this is the net under all of them, and the only check of
//! the paths in `static/` and the theme. It does not look at the output folder itself.

use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::model::Base;
use crate::sitemap::catalog::{self, PageKind};
use std::collections::BTreeMap;

/// The longest file or folder name file systems allow, in bytes.
pub const MAX_NAME: usize = 255;

/// The longest path within the output, in bytes: macOS refuses whole paths past 1,024 bytes, so
/// this leaves a fifth of that for where the output folder itself lives.
pub const MAX_PATH: usize = 800;

/// The folder of the JSON export's parts, whose number depends on the records' sizes.
const EXPORT_FOLDER: &str = "export/";

/// The folder the search index is written into, under content-hashed names.
const SEARCH_FOLDER: &str = "search/";

/// What puts a file into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A page of the site.
    Page(PageKind),
    /// An Atom feed.
    Feed,
    /// The JSON export.
    Export,
    /// A file of the theme's `static/` (`themes/NAME/static/…`), or a built-in asset.
    ThemeAsset,
    /// A file of the site's `static/`.
    Static,
    /// A file kept beside decision records (an image), copied from this path (relative to the
    /// site folder).
    RecordFile(String),
}

impl Origin {
    fn generated(&self) -> bool {
        matches!(self, Origin::Page(_) | Origin::Feed | Origin::Export | Origin::RecordFile(_))
    }
}

/// What the check needs to know of the site.
pub struct PlannedSite<'a> {
    /// The linked base.
    pub base: &'a Base,
    /// Rows per list page (baton.yaml `page_size`).
    pub page_size: usize,
    /// The theme's name, for locating its files.
    pub theme: &'a str,
    /// The theme's assets by output path; `None` when the theme could not be loaded.
    pub theme_assets: Option<Vec<String>>,
    /// Files under `static/`, as site-root paths.
    pub static_files: &'a std::collections::BTreeSet<String>,
}

/// Every file a build of `site` writes, with what writes it; later entries replace earlier ones
/// in the output, as in a build. The search index is the one folder left out: its file names are
/// made by the index.
pub fn planned_files(site: &PlannedSite<'_>) -> Vec<(String, Origin)> {
    let base = site.base;
    let pages = catalog::all_pages(base, catalog::Paging::new(site.page_size));
    let mut files: Vec<(String, Origin)> = pages.into_iter().map(|p| (p.file(), Origin::Page(p))).collect();
    files.extend(crate::sitemap::feed_links(base).into_iter().map(|f| (f.url, Origin::Feed)));
    files.extend(crate::export::site_files::ALWAYS.iter().map(|f| (f.to_string(), Origin::Export)));
    files.extend(site.theme_assets.iter().flatten().map(|a| (a.clone(), Origin::ThemeAsset)));
    files.extend(site.static_files.iter().map(|f| (f.clone(), Origin::Static)));
    for folder in &base.record_folders {
        let source = |file: &str| Origin::RecordFile(format!("{}/{file}", folder.path.trim_end_matches('/')));
        files.extend(folder.files.iter().map(|file| (folder.file_url(file), source(file))));
    }
    files
}

/// Checks every planned file; reports `output-path` and `output-collision`.
pub fn check(site: &PlannedSite<'_>, diagnostics: &mut Diagnostics) {
    let files = planned_files(site);
    for (path, origin) in &files {
        if let Some(problem) = path_problem(path) {
            diagnostics.push(Diagnostic::error("output-path", span(site, path, origin), problem));
        }
    }
    let mut by_path: BTreeMap<&str, &Origin> = BTreeMap::new();
    for (path, origin) in &files {
        if let Some(first) = by_path.insert(path, origin) {
            report_collision(site, path, first, origin, diagnostics);
        }
        // Folders whose files a build names as it writes them: the search index's by their
        // content, the export's parts and the later pages of the graph and the digest by how
        // much there is. A static file there could be replaced by one, or stand in for one.
        let reserved = [
            (SEARCH_FOLDER, "the search index's folder"),
            (EXPORT_FOLDER, "the JSON export's folder"),
            ("graph/page/", "the folder of the graph's parts"),
            ("digest/page/", "the folder of the digest's later pages"),
        ];
        for (folder, what) in reserved {
            if origin == &Origin::Static && path.starts_with(folder) {
                let message = format!("static/{path} would be written into {folder}, {what}");
                diagnostics.push(Diagnostic::error("output-collision", span(site, path, origin), message));
            }
        }
        if let Some(folder) = later_pages_folder(site.base, path).filter(|_| origin == &Origin::Static) {
            let message =
                format!("static/{path} would be written into {folder}, the folder of that page's later pages");
            diagnostics.push(Diagnostic::error("output-collision", span(site, path, origin), message));
        }
    }
    report_file_folder_conflicts(site, &by_path, diagnostics);
}

/// `owners/HANDLE/page/`, `teams/SLUG/page/` or `tags/SLUG/page/` when `path` lies in it and the
/// base has that person, team or tag: how many later pages it gets depends on the base, so a
/// file there could be replaced by one, or stand in for one.
fn later_pages_folder(base: &Base, path: &str) -> Option<String> {
    let mut parts = path.splitn(4, '/');
    let (section, name, page, _inside) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let first = crate::sitemap::resolve::page_at(&format!("{section}/{name}"))?;
    let paged = matches!(first, PageKind::Owner(..) | PageKind::Group(..));
    (page == "page" && paged && catalog::exists(base, catalog::Paging::default(), &first))
        .then(|| format!("{section}/{name}/page/"))
}

/// Why the output cannot hold a file at `path`, if it cannot.
pub fn path_problem(path: &str) -> Option<String> {
    // The writer's own test, so that what it refuses is refused here in the same words.
    if let Err(e) = crate::write::Output::memory().put(path, &[]) {
        return Some(format!("{e}: use only letters, digits, `-`, `_` and `.` in file names"));
    }
    if let Some(part) = path.split('/').find(|part| part.len() > MAX_NAME) {
        let start: String = part.chars().take(24).collect();
        return Some(format!(
            "the name `{start}…` in {path} is {} bytes; a file name is at most {MAX_NAME}",
            part.len()
        ));
    }
    (path.len() > MAX_PATH)
        .then(|| format!("the path {path} is {} bytes; the output holds at most {MAX_PATH}", path.len()))
}

fn report_collision(site: &PlannedSite<'_>, path: &str, first: &Origin, then: &Origin, diagnostics: &mut Diagnostics) {
    // A theme's asset replacing a built-in one, and `static/` replacing either, are how a site
    // customises its look; replacing a page or feed baton makes is a mistake.
    if !first.generated() && !then.generated() {
        return;
    }
    let (theirs, mine) = if then.generated() { (then, first) } else { (first, then) };
    let message = format!("{} would replace {path}, {}", describe(mine, path), describe(theirs, path));
    let hint = Some("rename or move the file: baton writes this path itself".to_string());
    diagnostics.push(Diagnostic::error("output-collision", span(site, path, mine), message).hint(hint));
}

/// A file where another file needs a folder (`static/tags` and the page `tags/index.html`)
/// stops the writer.
fn report_file_folder_conflicts(
    site: &PlannedSite<'_>,
    by_path: &BTreeMap<&str, &Origin>,
    diagnostics: &mut Diagnostics,
) {
    for (path, origin) in by_path {
        let folder = format!("{path}/");
        let Some((inside, inner)) = by_path.range(folder.as_str()..).next().filter(|(p, _)| p.starts_with(&folder))
        else {
            continue;
        };
        // Point at the file the user can move: the one that is not generated.
        let (at, at_origin) = if origin.generated() { (*inside, *inner) } else { (*path, *origin) };
        let message = format!(
            "{} is a file, but {} needs {path} to be a folder",
            describe(origin, path),
            describe(inner, inside)
        );
        diagnostics.push(Diagnostic::error("output-path", span(site, at, at_origin), message));
    }
}

/// How a message names the file at `path`.
fn describe(origin: &Origin, path: &str) -> String {
    match origin {
        Origin::Page(_) => format!("the page {path}"),
        Origin::Feed => format!("the feed {path}"),
        Origin::Export => format!("the export {path}"),
        Origin::ThemeAsset => format!("the theme file {path}"),
        Origin::Static => format!("static/{path}"),
        Origin::RecordFile(source) => format!("{source}, published at {path}"),
    }
}

/// Where to point for a file: the file it is copied from, or what its page is about.
fn span(site: &PlannedSite<'_>, path: &str, origin: &Origin) -> Span {
    let base = site.base;
    match origin {
        Origin::Static => Span::file(format!("static/{path}")),
        Origin::RecordFile(source) => Span::file(source),
        Origin::ThemeAsset => Span::file(format!("themes/{}/static/{path}", site.theme)),
        Origin::Page(PageKind::Handoff(id)) => {
            base.handoffs.get(id).map_or_else(Span::default, |h| Span::file(&h.file))
        }
        Origin::Page(PageKind::Decision(id)) => base.decisions.get(id).map_or_else(Span::default, |d| d.span.clone()),
        Origin::Page(PageKind::Wrap(id)) => base.wraps.get(id).map_or_else(Span::default, |w| w.span.clone()),
        Origin::Page(PageKind::Owner(handle, _)) => {
            base.people.get(handle).map_or_else(|| Span::file("people.yaml"), |p| p.span.clone())
        }
        _ => Span::file(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn planned<'a>(base: &'a Base, statics: &'a BTreeSet<String>) -> PlannedSite<'a> {
        PlannedSite {
            base,
            page_size: 50,
            theme: "default",
            theme_assets: Some(vec!["style.css".into()]),
            static_files: statics,
        }
    }

    fn rules(statics: &[&str]) -> Vec<(&'static str, String)> {
        let base = Base::default();
        let statics: BTreeSet<String> = statics.iter().map(|s| s.to_string()).collect();
        let mut d = Diagnostics::default();
        check(&planned(&base, &statics), &mut d);
        d.sorted().into_iter().map(|d| (d.rule, d.span.file.display().to_string())).collect()
    }

    #[test]
    fn static_files_that_fit_beside_the_pages_pass() {
        assert!(rules(&["img/flow.svg", "style.css", "robots.txt"]).is_empty());
    }

    #[test]
    fn a_static_file_cannot_replace_a_page_or_the_index() {
        assert_eq!(rules(&["index.html"]), [("output-collision", "static/index.html".to_string())]);
        assert_eq!(rules(&["search/meta.json"]), [("output-collision", "static/search/meta.json".to_string())]);
        // Any file in the export's folder: how many parts a build writes depends on the records.
        assert_eq!(rules(&["export/handoffs-9.json"]), [("output-collision", "static/export/handoffs-9.json".into())]);
        // Later pages of the graph and the digest: how many there are depends on the base and
        // the day.
        assert_eq!(
            rules(&["graph/page/7/index.html"]),
            [("output-collision", "static/graph/page/7/index.html".into())]
        );
        assert_eq!(rules(&["digest/page/2/x.png"]), [("output-collision", "static/digest/page/2/x.png".into())]);
    }

    #[test]
    fn a_static_file_cannot_replace_a_file_kept_beside_records() {
        let folder = crate::model::RecordFolder {
            path: "../docs/adr".into(),
            key: "docs-adr".into(),
            files: vec!["img/a.png".into()],
            ..Default::default()
        };
        let base = Base { record_folders: vec![folder], ..Base::default() };
        let statics: BTreeSet<String> = ["decisions/files/docs-adr/img/a.png".to_string()].into();
        let mut d = Diagnostics::default();
        check(&planned(&base, &statics), &mut d);
        let found: Vec<_> = d.sorted().into_iter().map(|d| (d.rule, d.message)).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "output-collision");
        assert!(
            found[0].1.contains("../docs/adr/img/a.png, published at decisions/files/docs-adr/img/a.png"),
            "{found:?}"
        );
    }

    #[test]
    fn a_static_file_where_pages_need_a_folder_is_an_error() {
        assert_eq!(rules(&["tags"]), [("output-path", "static/tags".to_string())]);
        assert_eq!(rules(&["404.html/x.png"]), [("output-path", "static/404.html/x.png".to_string())]);
    }

    #[test]
    fn paths_the_writer_or_the_file_system_refuse_are_errors() {
        assert!(path_problem("img/a:b.png").is_some());
        assert!(path_problem(&format!("img/{}.png", "a".repeat(252))).is_some());
        assert!(path_problem(&format!("img/{}.png", "a".repeat(251))).is_none());
        assert!(path_problem(&"a/".repeat(401)).is_some());
        assert_eq!(rules(&["img/a:b.png"]), [("output-path", "static/img/a:b.png".to_string())]);
    }
}
