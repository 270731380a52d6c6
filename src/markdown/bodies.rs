//! The Markdown of the whole base read once: the headings and internal links each page has and,
//! for a build, its bodies, intents and decision texts as HTML.
//!
//! It runs before check (which needs every page's heading anchors to verify `#anchor` links).
//! `baton check` asks for outlines only ([`outline_bodies`]); a build renders the HTML once
//! ([`render_bodies`]) and the check reads the same result, so no Markdown is parsed twice. A
//! link that cannot be resolved is reported here, at its file and line.

use super::{InternalLink, MarkdownOptions, Output, PageIds, walk};
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::model::{Base, DecisionOrigin, Id};
use crate::sitemap::resolve::{SiteLinks, content_path};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The Markdown of one page: with [`Output::Outline`] the HTML fields are `None` and `inline` and
/// `plain_text` empty.
#[derive(Debug, Default)]
pub struct PageBodies {
    /// The body.
    pub body: Option<String>,
    /// A handoff's intent.
    pub intent: Option<String>,
    /// An inline decision's context.
    pub context: Option<String>,
    /// An inline decision's decision text.
    pub decision: Option<String>,
    /// An inline decision's rationale.
    pub rationale: Option<String>,
    /// The ids the page's Markdown gives its headings and footnotes: what a `#fragment` link
    /// to the page may name.
    pub anchors: BTreeSet<String>,
    /// Links from this page's Markdown to other pages or static files, with where they were written.
    pub links: Vec<(Span, InternalLink)>,
    /// Short frontmatter texts (deliverables, criteria, risks, questions) → inline HTML.
    pub inline: BTreeMap<String, String>,
    /// The text of every Markdown part without markup, in render order (intent, then body; or
    /// context, decision, rationale), blank-line separated: what search indexes. Short
    /// frontmatter texts are not included: search indexes those fields on their own.
    pub plain_text: String,
    /// The ids given out on the page so far; emptied once the page is rendered.
    ids: PageIds,
}

impl PageBodies {
    /// A page whose Markdown texts are `texts`: their explicit heading ids are reserved first.
    fn new<'t>(texts: impl IntoIterator<Item = &'t str>) -> Self {
        let mut page = PageBodies::default();
        for text in texts {
            page.ids.reserve_explicit(text);
        }
        page
    }

    /// The inline HTML of a short frontmatter text; escaped plain text if it was not rendered.
    pub fn inline_html(&self, text: &str) -> String {
        self.inline.get(text).cloned().unwrap_or_else(|| crate::html::escape_html(text))
    }
}

/// Rendered Markdown by page id.
#[derive(Debug, Default)]
pub struct Bodies {
    /// By handoff or decision id.
    pub pages: BTreeMap<Id, PageBodies>,
    /// The introductions of decision folders (their README), by folder path, for `/decisions/`.
    pub introductions: BTreeMap<String, String>,
}

/// Renders every Markdown text of the base for pages two levels deep (`handoffs/ID/`), and the
/// decision folders' introductions for `/decisions/`.
pub fn render_bodies(base: &Base, options: &MarkdownOptions, diagnostics: &mut Diagnostics) -> Bodies {
    all_bodies(base, &SiteLinks::new(base), options, Output::Html, diagnostics)
}

/// Reads every Markdown text of the base for its headings and links, without making HTML: what
/// the check needs. The findings are the ones [`render_bodies`] would report.
pub fn outline_bodies(base: &Base, options: &MarkdownOptions, diagnostics: &mut Diagnostics) -> Bodies {
    all_bodies(base, &SiteLinks::new(base), options, Output::Outline, diagnostics)
}

/// [`render_bodies`] or [`outline_bodies`], as `output` says, with link tables built beforehand
/// (a build keeps them for its render). An outline keeps no introductions: their links are
/// checked as the records' are.
pub fn all_bodies(
    base: &Base,
    links: &SiteLinks,
    options: &MarkdownOptions,
    output: Output,
    diagnostics: &mut Diagnostics,
) -> Bodies {
    let ids = base.handoffs.keys().chain(base.decisions.keys()).chain(base.wraps.keys());
    let mut bodies = bodies_with(base, links, ids, options, output, diagnostics);
    let introductions = introductions(base, links, options, output, diagnostics);
    if output == Output::Html {
        bodies.introductions = introductions;
    }
    bodies
}

/// The introductions of the decision folders, rendered for `/decisions/` (one level deep); they
/// share that page's ids. `serve` renders them after its own bodies, as [`render_bodies`] does.
pub fn introductions(
    base: &Base,
    links: &SiteLinks,
    options: &MarkdownOptions,
    output: Output,
    diagnostics: &mut Diagnostics,
) -> BTreeMap<String, String> {
    let all = base.record_folders.iter().filter_map(|f| f.introduction.as_ref().map(|i| (f, i)));
    let mut ids = PageIds::new();
    for (_, introduction) in all.clone() {
        ids.reserve_explicit(&introduction.body);
    }
    let mut rendered = BTreeMap::new();
    for (folder, introduction) in all {
        let file = &introduction.file;
        let html = walk(&introduction.body, &content_path(file), "../", links, options, &mut ids, output);
        for problem in html.problems {
            let at =
                Span::new(file, introduction.body_line + problem.line - 1, problem.column).with_width(problem.width);
            diagnostics.push(Diagnostic::error("broken-link", at, problem.message));
        }
        rendered.insert(folder.path.clone(), html.html);
    }
    rendered
}

/// Renders the Markdown of the pages `ids` only (unknown ids are skipped): what `serve` redoes
/// after a change, merging the result into the bodies it keeps.
pub fn render_bodies_of<'a>(
    base: &Base,
    ids: impl IntoIterator<Item = &'a Id>,
    options: &MarkdownOptions,
    diagnostics: &mut Diagnostics,
) -> Bodies {
    render_bodies_with(base, &SiteLinks::new(base), ids, options, diagnostics)
}

/// [`render_bodies_of`] with link tables built beforehand, which `serve` keeps between changes
/// that rename or move nothing.
pub fn render_bodies_with<'a>(
    base: &Base,
    links: &SiteLinks,
    ids: impl IntoIterator<Item = &'a Id>,
    options: &MarkdownOptions,
    diagnostics: &mut Diagnostics,
) -> Bodies {
    bodies_with(base, links, ids, options, Output::Html, diagnostics)
}

/// The pages `ids` through the Markdown stage, making what `output` says.
pub fn bodies_with<'a>(
    base: &Base,
    links: &SiteLinks,
    ids: impl IntoIterator<Item = &'a Id>,
    options: &MarkdownOptions,
    output: Output,
    diagnostics: &mut Diagnostics,
) -> Bodies {
    use rayon::prelude::*;
    let texts = Texts { links, options, output };
    // An inline decision's texts are read with its handoff's, whose page shows them: asking
    // for one asks for the other.
    let mut ids: Vec<&Id> = ids
        .into_iter()
        .map(|id| match base.decisions.get(id).map(|d| &d.origin) {
            Some(DecisionOrigin::Inline { handoff }) if base.handoffs.contains_key(handoff) => handoff,
            _ => id,
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    // Pages render in parallel, each with its own findings, merged in id order afterwards so the
    // report does not depend on thread timing.
    let page_texts = |id: &&Id| -> Vec<(Id, (PageBodies, Diagnostics))> {
        if let Some(h) = base.handoffs.get(*id) {
            return texts.handoff(h, &base.decisions_written_in(&h.id).collect::<Vec<_>>());
        }
        let other =
            base.decisions.get(*id).map(|d| texts.decision(d)).or_else(|| base.wraps.get(*id).map(|w| texts.wrap(w)));
        other.map(|t| ((*id).clone(), t)).into_iter().collect()
    };
    let mut rendered: Vec<(Id, (PageBodies, Diagnostics))> = ids.par_iter().flat_map_iter(page_texts).collect();
    rendered.sort_by(|a, b| a.0.cmp(&b.0));
    let mut bodies = Bodies::default();
    for (id, (page, found)) in rendered {
        diagnostics.extend(found);
        bodies.pages.insert(id, page);
    }
    bodies
}

/// How the texts of each page are read: the link tables, the site's options and what to make.
struct Texts<'l> {
    links: &'l SiteLinks,
    options: &'l MarkdownOptions,
    output: Output,
}

impl Texts<'_> {
    /// A handoff's texts, then those of the decisions written in it (`decisions`), each listed
    /// under its own id. They share the page's ids, so that a heading or footnote in a decision
    /// never repeats one of the body's; the body reads first and keeps its ids as they would be
    /// on a page of its own. Each decision is an entry on the page whose anchor no heading takes.
    fn handoff(
        &self,
        h: &crate::model::Handoff,
        decisions: &[&crate::model::Decision],
    ) -> Vec<(Id, (PageBodies, Diagnostics))> {
        let mut found = Diagnostics::default();
        let decision_texts = decisions.iter().flat_map(|d| decision_texts(d)).map(String::as_str);
        let mut page = PageBodies::new(
            h.intent.as_deref().into_iter().chain([h.body.as_str()]).chain(short_texts(h)).chain(decision_texts),
        );
        let entries: Vec<String> = decisions.iter().map(|d| crate::sitemap::decision_anchor(&d.id)).collect();
        for id in &entries {
            page.ids.reserve(id.clone());
        }
        page.intent = h.intent.as_ref().and_then(|t| self.markdown(&mut page, t, &h.file, 0, &mut found));
        page.body = self.markdown(&mut page, &h.body, &h.file, h.body_line, &mut found);
        // Short texts render through the same path but are not body text for search.
        let plain_text = std::mem::take(&mut page.plain_text);
        let mut seen = BTreeSet::new();
        for text in short_texts(h) {
            if seen.insert(text)
                && let Some(html) = self.markdown(&mut page, text, &h.file, 0, &mut found)
            {
                page.inline.insert(text.to_string(), unwrap_paragraph(html));
            }
        }
        page.plain_text = plain_text;
        let mut read = Vec::with_capacity(decisions.len() + 1);
        for d in decisions {
            let mut entry = PageBodies { ids: std::mem::take(&mut page.ids), ..PageBodies::default() };
            let found = self.inline_decision(d, &mut entry);
            page.ids = std::mem::take(&mut entry.ids);
            page.anchors.extend(entry.anchors.iter().cloned());
            read.push((d.id.clone(), (entry, found)));
        }
        page.anchors.extend(entries);
        page.ids = PageIds::new();
        read.insert(0, (h.id.clone(), (page, found)));
        read
    }

    /// A decision on a page of its own, or (inline, when its handoff is not in the base) alone.
    fn decision(&self, d: &crate::model::Decision) -> (PageBodies, Diagnostics) {
        let mut page = PageBodies::new(decision_texts(d).map(String::as_str).chain([d.body.as_str()]));
        let found = if d.origin == DecisionOrigin::File {
            let mut found = Diagnostics::default();
            page.body = self.markdown(&mut page, &d.body, &d.file, d.body_line, &mut found);
            found
        } else {
            self.inline_decision(d, &mut page)
        };
        page.ids = PageIds::new();
        (page, found)
    }

    /// An inline decision's context, decision and rationale, read into `page` with its ids.
    fn inline_decision(&self, d: &crate::model::Decision, page: &mut PageBodies) -> Diagnostics {
        let mut found = Diagnostics::default();
        let mut md = |t: &Option<String>, page: &mut PageBodies| {
            t.as_ref().and_then(|t| self.markdown(page, t, &d.file, 0, &mut found))
        };
        page.context = md(&d.context, page);
        page.decision = md(&d.decision, page);
        page.rationale = md(&d.rationale, page);
        found
    }

    fn wrap(&self, w: &crate::model::Wrap) -> (PageBodies, Diagnostics) {
        let mut found = Diagnostics::default();
        let mut page = PageBodies::new([w.body.as_str()]);
        page.body = self.markdown(&mut page, &w.body, &w.file, w.body_line, &mut found);
        page.ids = PageIds::new();
        (page, found)
    }

    /// Reads one text; `first_line` is the file line it starts on, or 0 for frontmatter text,
    /// whose problems are reported against the file. Returns its HTML when HTML is made.
    fn markdown(
        &self,
        page: &mut PageBodies,
        text: &str,
        file: &Path,
        first_line: usize,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        let (links, options) = (self.links, self.options);
        let rendered = walk(text, &content_path(file), "../../", links, options, &mut page.ids, self.output);
        let span = |line: usize, column: usize, width: usize| {
            if first_line == 0 {
                Span::file(file)
            } else {
                Span::new(file, first_line + line - 1, column).with_width(width)
            }
        };
        for problem in rendered.problems {
            let at = span(problem.line, problem.column, problem.width);
            diagnostics.push(Diagnostic::error("broken-link", at, problem.message));
        }
        page.anchors.extend(rendered.headings.into_iter().map(|h| h.anchor));
        page.anchors.extend(rendered.footnote_ids);
        page.links.extend(rendered.links.into_iter().map(|l| (span(l.line, l.column, l.width), l)));
        if self.output == Output::Outline {
            return None;
        }
        if !page.plain_text.is_empty() {
            page.plain_text.push_str("\n\n");
        }
        page.plain_text.push_str(&rendered.plain_text);
        Some(rendered.html)
    }
}

/// The Markdown texts of an inline decision, in the order its entry shows them.
fn decision_texts(d: &crate::model::Decision) -> impl Iterator<Item = &String> {
    [&d.context, &d.decision, &d.rationale].into_iter().flatten()
}

/// The short texts of a handoff that may hold inline Markdown (`code`, **bold**, [[links]]).
fn short_texts(h: &crate::model::Handoff) -> impl Iterator<Item = &str> {
    let items = h.acceptance.iter().chain(&h.checklist).map(|i| i.text.as_str());
    let risks = h.risks.iter().flat_map(|r| std::iter::once(r.text.as_str()).chain(r.mitigation.as_deref()));
    let questions = h.questions.iter().flat_map(|q| std::iter::once(q.q.as_str()).chain(q.a.as_deref()));
    h.deliverables.iter().map(String::as_str).chain(items).chain(risks).chain(questions)
}

/// A single paragraph's HTML without its `<p>` wrapper, so it sits inside a list item.
fn unwrap_paragraph(html: String) -> String {
    let inner = html.trim_end().strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>"));
    match inner {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_loses_its_wrapper_and_more_keep_theirs() {
        assert_eq!(unwrap_paragraph("<p>a <code>b</code></p>\n".into()), "a <code>b</code>");
        assert_eq!(unwrap_paragraph("<p>a</p>\n<p>b</p>\n".into()), "<p>a</p>\n<p>b</p>\n");
        assert_eq!(unwrap_paragraph("<ul><li>x</li></ul>".into()), "<ul><li>x</li></ul>");
    }

    /// The check reads outlines and the pages read the render: both must know the same anchors
    /// and links, and report the same problems, on a whole site.
    #[test]
    fn outlines_and_renders_of_a_site_agree() {
        let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site");
        let mut diagnostics = Diagnostics::default();
        let loaded = crate::build::load_site(&site, &mut diagnostics).unwrap();
        let options = MarkdownOptions::default();
        let (mut from_render, mut from_outline) = (Diagnostics::default(), Diagnostics::default());
        let rendered = render_bodies(&loaded.base, &options, &mut from_render);
        let outlined = outline_bodies(&loaded.base, &options, &mut from_outline);
        assert_eq!(rendered.pages.keys().collect::<Vec<_>>(), outlined.pages.keys().collect::<Vec<_>>());
        for (id, page) in &rendered.pages {
            let outline = &outlined.pages[id];
            assert_eq!(page.anchors, outline.anchors, "{id}");
            assert_eq!(page.links, outline.links, "{id}");
            let html = [&outline.body, &outline.intent, &outline.context, &outline.decision, &outline.rationale];
            assert!(html.iter().all(|h| h.is_none()) && outline.inline.is_empty(), "{id}");
        }
        assert_eq!(format!("{:?}", from_render.sorted()), format!("{:?}", from_outline.sorted()));
        assert!(rendered.pages.values().map(|p| p.links.len()).sum::<usize>() > 10);
        assert!(rendered.pages.values().any(|p| p.body.is_some()));
    }
}
