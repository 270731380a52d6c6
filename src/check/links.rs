//! Link rules: a `/`-link (or an absolute link under `base_url`) must name a page or file the
//! build writes, and a `#anchor` must name an id the target page's Markdown gives out.
//! (Links to missing content files or ids are reported when Markdown is rendered.)
//!
//! What the build writes is asked of [`SitePaths`], which answers from the same base the pages
//! are rendered from, so a link that passes here is a link that works on the built site.

use super::CheckInput;
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::markdown::bodies::{Bodies, PageBodies};
use crate::markdown::{InternalLink, InternalLinkKind};
use crate::model::Id;
use crate::sitemap::catalog::{PageKind, Paging};
use crate::sitemap::resolve::{SitePaths, page_at};
use std::collections::BTreeSet;

/// Checks the internal links in one page's Markdown. Besides that page they read the anchors
/// of the pages linked to with a `#fragment`, the pages and files the base makes, and `static/`.
pub fn check_page(input: &CheckInput<'_>, page: &Id, diagnostics: &mut Diagnostics) {
    let Some(texts) = input.bodies.pages.get(page) else { return };
    let paths = SitePaths { base: input.base, paging: Paging::of(input.config), static_files: input.static_files };
    for (span, link) in &texts.links {
        match link.kind {
            InternalLinkKind::Page => {
                let target = if link.url.is_empty() { Some(page.clone()) } else { page_id(&link.url) };
                check_anchor(input, target.as_ref(), link, span, diagnostics);
            }
            InternalLinkKind::SitePath => check_site_path(input, &paths, &link.url, link, span, diagnostics),
            InternalLinkKind::Absolute => {
                if let Some(path) = under_base_url(&input.config.base_url, &link.url) {
                    check_site_path(input, &paths, path, link, span, diagnostics);
                }
            }
        }
    }
}

/// A link's `#fragment` must be an id of the target page's Markdown (when that page has any).
fn check_anchor(
    input: &CheckInput<'_>,
    target: Option<&Id>,
    link: &InternalLink,
    span: &Span,
    diagnostics: &mut Diagnostics,
) {
    let Some(fragment) = &link.fragment else { return };
    let anchors = target.and_then(|id| input.bodies.pages.get(id)).map(|t| &t.anchors);
    if anchors.is_some_and(|a| !a.contains(fragment)) {
        let known: Vec<&str> = anchors.into_iter().flatten().map(String::as_str).collect();
        let hint = crate::suggest::did_you_mean(fragment, known.iter().copied())
            .map(|a| format!("did you mean `#{a}`?"))
            .or_else(|| Some(format!("anchors there: {}", list_or_none(&known))));
        let message = format!("link to `#{fragment}`, but the target page has no such heading or footnote");
        diagnostics.push(Diagnostic::error("broken-anchor", span.clone(), message).hint(hint));
    }
}

/// A site-root `path` must be something the build writes; then its `#fragment` is checked.
fn check_site_path(
    input: &CheckInput<'_>,
    paths: &SitePaths<'_>,
    path: &str,
    link: &InternalLink,
    span: &Span,
    diagnostics: &mut Diagnostics,
) {
    if paths.has(path) {
        let target = paths.page(path).and_then(|page| entity_id(&page));
        check_anchor(input, target.as_ref(), link, span, diagnostics);
        return;
    }
    let hint = base_url_hint(&input.config.base_url, paths, path).or_else(|| similar_page(input, path));
    let written = format!("/{path}");
    let diagnostic = if names_a_page(path) {
        let message = format!("link to `{written}`, but the site has no such page");
        Diagnostic::error("broken-link", span.clone(), message)
    } else {
        let message = format!("link to `{written}`, but static/ has no such file and the build writes none there");
        Diagnostic::error("missing-static", span.clone(), message)
    };
    diagnostics.push(diagnostic.hint(hint));
}

/// Whether a missing `path` reads as a page (a folder, an `.html` file, or one of the site's
/// page addresses) rather than a file expected in `static/`.
fn names_a_page(path: &str) -> bool {
    path.is_empty() || path.ends_with('/') || path.ends_with(".html") || page_at(path).is_some()
}

/// `base_url`'s path without its slashes: `kb` for `/kb/` or `https://h.example.com/kb/`.
fn base_path(base_url: &str) -> &str {
    let path = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
        None => base_url,
    };
    path.trim_matches('/')
}

/// The site-root path of an absolute `url` under an absolute `base_url`.
fn under_base_url<'u>(base_url: &str, url: &'u str) -> Option<&'u str> {
    if !base_url.contains("://") {
        return None;
    }
    let base = base_url.trim_end_matches('/');
    let head = url.get(..base.len()).filter(|head| head.eq_ignore_ascii_case(base))?;
    let rest = &url[head.len()..];
    match rest.strip_prefix('/') {
        Some(path) => Some(path),
        None => rest.is_empty().then_some(""),
    }
}

/// A `/`-link that repeats `base_url`'s path (`/kb/handoffs/x/` for a site published at `/kb/`)
/// would point below the base on the built site: say how to write it.
fn base_url_hint(base_url: &str, paths: &SitePaths<'_>, path: &str) -> Option<String> {
    let base = base_path(base_url);
    let rest = path.strip_prefix(base).filter(|_| !base.is_empty())?.strip_prefix('/')?;
    paths.has(rest).then(|| format!("`/`-links start at the site root, which base_url already places: write `/{rest}`"))
}

/// A close id for a missing handoff, decision or wrap page.
fn similar_page(input: &CheckInput<'_>, path: &str) -> Option<String> {
    let folder = path.trim_end_matches("index.html").trim_end_matches('/');
    let (section, ids): (&str, Vec<&str>) = match page_at(folder)? {
        PageKind::Handoff(_) => ("handoffs", input.base.handoffs.keys().map(Id::as_str).collect()),
        PageKind::Decision(_) => ("decisions", input.base.decisions.keys().map(Id::as_str).collect()),
        PageKind::Wrap(_) => ("wraps", input.base.wraps.keys().map(Id::as_str).collect()),
        _ => return None,
    };
    let wrong = folder.rsplit('/').next().unwrap_or(folder);
    crate::suggest::did_you_mean(wrong, ids).map(|id| format!("did you mean `/{section}/{id}/`?"))
}

/// The pages whose findings may change when the pages `targets` change: those linking to one
/// of them (a `#heading` may be gone, or the page itself), and those with a `/`-link to a page
/// that exists only while some handoff makes it (a person, team, tag or list page).
pub fn pages_linking_into(bodies: &Bodies, targets: &BTreeSet<Id>) -> BTreeSet<Id> {
    let names: BTreeSet<&str> = targets.iter().map(Id::as_str).collect();
    let affected = |link: &InternalLink| match (link.kind, link_target(&link.url)) {
        (_, Some(id)) => names.contains(id),
        (InternalLinkKind::Page, None) => false,
        (InternalLinkKind::SitePath | InternalLinkKind::Absolute, None) => derived_page(&link.url),
    };
    let links_into = |texts: &PageBodies| texts.links.iter().any(|(_, l)| affected(l));
    bodies.pages.iter().filter(|(_, texts)| links_into(texts)).map(|(id, _)| id.clone()).collect()
}

/// Whether a link's URL may name a page that comes and goes with the handoffs. Where an
/// absolute URL's site path starts depends on `base_url`, so any that may name a page counts.
fn derived_page(url: &str) -> bool {
    match url.split_once("://") {
        Some((_, rest)) => {
            let sections = ["/owners/", "/teams/", "/tags/", "/status/", "/handoffs/", "/decisions/", "/wraps/"];
            sections.iter().any(|section| rest.contains(section))
        }
        None => ["owners/", "teams/", "tags/", "status/", "handoffs/page/"].iter().any(|p| url.starts_with(p)),
    }
}

/// `handoffs/x/`, `decisions/x/` or `wraps/x/` → `x`, without allocating (this runs over every link).
fn link_target(url: &str) -> Option<&str> {
    let rest = ["handoffs/", "decisions/", "wraps/"].iter().find_map(|section| url.strip_prefix(section))?;
    let id = rest.trim_end_matches("index.html").trim_end_matches('/');
    (!id.contains('/')).then_some(id)
}

/// `handoffs/x/` or `decisions/x/` → `x`.
fn page_id(url: &str) -> Option<Id> {
    let folder = url.trim_end_matches('/');
    page_at(folder).as_ref().and_then(entity_id)
}

/// The id of a handoff, decision or wrap page: the pages whose Markdown gives out anchors.
fn entity_id(page: &PageKind) -> Option<Id> {
    match page {
        PageKind::Handoff(id) | PageKind::Decision(id) | PageKind::Wrap(id) => Some(id.clone()),
        _ => None,
    }
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.iter().map(|a| format!("#{a}")).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_paths_and_absolute_links_under_it() {
        assert_eq!(base_path("/"), "");
        assert_eq!(base_path("/kb/"), "kb");
        assert_eq!(base_path("https://h.example.com/kb/"), "kb");
        assert_eq!(base_path("https://h.example.com"), "");
        let base = "https://h.example.com/kb/";
        assert_eq!(under_base_url(base, "https://h.example.com/kb/handoffs/x/"), Some("handoffs/x/"));
        assert_eq!(under_base_url(base, "HTTPS://H.example.com/kb"), Some(""));
        assert_eq!(under_base_url(base, "https://h.example.com/kbx/"), None);
        assert_eq!(under_base_url(base, "https://other.example.com/kb/"), None);
        assert_eq!(under_base_url("/kb/", "https://h.example.com/kb/"), None);
    }

    #[test]
    fn link_targets_name_entity_pages_only() {
        assert_eq!(link_target("handoffs/a/"), Some("a"));
        assert_eq!(link_target("wraps/w/index.html"), Some("w"));
        assert_eq!(link_target("https://h.example.com/decisions/d/"), None);
        assert!(derived_page("https://h.example.com/decisions/d/"));
        assert!(derived_page("tags/x/") && !derived_page("img/tags/x.png"));
        assert!(!derived_page("https://example.com/docs/intro/"));
        assert_eq!(link_target("handoffs/page/2/"), None);
        assert_eq!(link_target("tags/x/"), None);
    }
}
