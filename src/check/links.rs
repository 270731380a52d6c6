//! Link rules: `#anchors` must name a heading of the target page, and site-root links must name
//! a file in `static/`. (Links to missing pages or ids are reported when Markdown is rendered.)

use super::CheckInput;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Id;
use crate::render::bodies::{Bodies, PageBodies};
use crate::render::markdown::InternalLinkKind;
use std::collections::BTreeSet;

/// Checks the internal links in one page's Markdown. Besides that page they read the headings
/// of the pages linked to with a `#fragment`, and the files in `static/`.
pub fn check_page(input: &CheckInput<'_>, page: &Id, diagnostics: &mut Diagnostics) {
    let Some(texts) = input.bodies.pages.get(page) else { return };
    for (span, link) in &texts.links {
        match link.kind {
            InternalLinkKind::Page => {
                let Some(fragment) = &link.fragment else { continue };
                let target = if link.url.is_empty() { Some(page.clone()) } else { page_id(&link.url) };
                let anchors = target.as_ref().and_then(|id| input.bodies.pages.get(id)).map(|t| &t.anchors);
                if anchors.is_some_and(|a| !a.contains(fragment)) {
                    let known: Vec<&str> = anchors.into_iter().flatten().map(String::as_str).collect();
                    let hint = crate::suggest::did_you_mean(fragment, known.iter().copied())
                        .map(|a| format!("did you mean `#{a}`?"))
                        .or_else(|| Some(format!("headings there: {}", list_or_none(&known))));
                    let message = format!("link to `#{fragment}`, but the target page has no such heading");
                    diagnostics.push(Diagnostic::error("broken-anchor", span.clone(), message).hint(hint));
                }
            }
            InternalLinkKind::Static => {
                if !input.static_files.contains(link.url.trim_start_matches('/')) {
                    let message =
                        format!("link to `/{}`, but static/ has no such file", link.url.trim_start_matches('/'));
                    diagnostics.push(Diagnostic::error("missing-static", span.clone(), message));
                }
            }
        }
    }
}

/// The pages with a link to a `#heading` of one of `targets`: their findings change when the
/// targets' headings do.
pub fn pages_linking_into(bodies: &Bodies, targets: &BTreeSet<Id>) -> BTreeSet<Id> {
    let names: BTreeSet<&str> = targets.iter().map(Id::as_str).collect();
    let into = |url: &str| link_target(url).is_some_and(|id| names.contains(id));
    let links_into = |texts: &PageBodies| {
        texts.links.iter().any(|(_, l)| l.kind == InternalLinkKind::Page && l.fragment.is_some() && into(&l.url))
    };
    bodies.pages.iter().filter(|(_, texts)| links_into(texts)).map(|(id, _)| id.clone()).collect()
}

/// `handoffs/x/` or `decisions/x/` → `x`, without allocating (this runs over every link).
fn link_target(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("handoffs/").or_else(|| url.strip_prefix("decisions/"))?;
    Some(rest.trim_end_matches('/'))
}

/// `handoffs/x/` or `decisions/x/` → `x`.
fn page_id(url: &str) -> Option<Id> {
    let rest = url.strip_prefix("handoffs/").or_else(|| url.strip_prefix("decisions/"))?;
    Id::parse(rest.trim_end_matches('/')).ok()
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items.iter().map(|a| format!("#{a}")).collect::<Vec<_>>().join(", ")
    }
}
