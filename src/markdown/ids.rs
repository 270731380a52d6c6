//! The ids one page gives out: heading anchors and footnote ids, unique on the page and never one
//! of the template's own.

use super::parser_options;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::{BTreeMap, BTreeSet};

/// Explicit `{#id}`s of a text's headings.
pub(super) fn explicit_anchors(source: &str) -> impl Iterator<Item = String> {
    Parser::new_ext(source, parser_options()).filter_map(|event| match event {
        Event::Start(Tag::Heading { id: Some(id), .. }) if !id.is_empty() => Some(id.to_string()),
        _ => None,
    })
}

/// The ids the default theme's templates give elements of the pages that show Markdown (the
/// handoff, decision and wrap pages, and the frame around every page). A heading or footnote
/// never takes one of them; a unit test keeps the list in step with the templates.
pub const TEMPLATE_IDS: &[&str] = &[
    "acc-h",
    "baking-h",
    "chain-h",
    "check-h",
    "counts-h",
    "critical-h",
    "chains-h",
    "dec-h",
    "decided-h",
    "decisions-h",
    "deliv-h",
    "deps-h",
    "feeds-h",
    "action-h",
    "blocked-h",
    "handed-h",
    "handoffs-h",
    "hist-h",
    "intent-h",
    "links-h",
    "main",
    "members-h",
    "moved",
    "nbhd-h",
    "needed-h",
    "open-h",
    "owns-h",
    "parts-h",
    "problems-h",
    "qa-h",
    "rec-h",
    "recent-h",
    "review-h",
    "reviews-h",
    "risks-h",
    "search-page",
    "search-page-q",
    "search-popup",
    "trackers-h",
    "waits-h",
    "watch-h",
    "wraps-h",
];

/// Every id given out on one page, so headings, footnotes and the template never share one.
///
/// An explicit `{#id}` wins over generated slugs wherever on the page it appears, so the
/// explicit ids of all the page's texts are reserved before the first slug is handed out.
#[derive(Debug, Default)]
pub struct PageIds {
    taken: BTreeSet<String>,
    /// Explicit ids not handed out yet.
    explicit: BTreeSet<String>,
    /// The next suffix to try per slug, so many equal headings stay linear.
    next_suffix: BTreeMap<String, usize>,
    /// Footnotes numbered so far on the page.
    pub(super) footnotes: usize,
}

impl PageIds {
    /// No id given out yet but the template's ([`TEMPLATE_IDS`]). Allocates nothing.
    pub fn new() -> Self {
        PageIds::default()
    }

    pub(super) fn is_free(&self, id: &str) -> bool {
        !self.taken.contains(id) && !self.explicit.contains(id) && !TEMPLATE_IDS.contains(&id)
    }

    /// Reserves `id`, which the page gives something else (an inline decision's entry), so no
    /// heading takes it.
    pub fn reserve(&mut self, id: String) {
        self.taken.insert(id);
    }

    /// Reserves the explicit heading ids of `source`, one of the page's texts.
    pub fn reserve_explicit(&mut self, source: &str) {
        // Parsing twice is only worth it when an explicit id can be there at all.
        if source.contains("{#") {
            self.explicit.extend(explicit_anchors(source));
        }
    }

    /// `wanted` itself if free, else the first free `wanted-1`, `wanted-2`, ….
    pub(super) fn claim(&mut self, wanted: String) -> String {
        if self.is_free(&wanted) {
            self.taken.insert(wanted.clone());
            return wanted;
        }
        let mut suffix = self.next_suffix.get(&wanted).copied().unwrap_or(1);
        loop {
            let candidate = format!("{wanted}-{suffix}");
            suffix += 1;
            if self.is_free(&candidate) {
                self.taken.insert(candidate.clone());
                self.next_suffix.insert(wanted, suffix);
                return candidate;
            }
        }
    }

    /// An explicit `{#id}`: itself, unless the template or an earlier heading has it already.
    pub(super) fn claim_explicit(&mut self, id: String) -> String {
        if self.taken.contains(&id) || TEMPLATE_IDS.contains(&id.as_str()) {
            return self.claim(id);
        }
        self.explicit.remove(&id);
        self.taken.insert(id.clone());
        id
    }
}

/// A heading's anchor: the site's one slug function (the one ids, tags and teams use, so
/// `## Café` is `#cafe` as the tag `Café` is `/tags/cafe/`), never empty.
pub(super) fn heading_slug(text: &str) -> String {
    let slug = crate::slug::slugify(text);
    if slug.is_empty() { "section".to_owned() } else { slug }
}
