//! Markdown of the whole base rendered once: bodies, intents and decision texts → HTML, plus the
//! headings and internal links each page has.
//!
//! It runs before check (which needs every page's heading anchors to verify `#anchor` links) and
//! its HTML is reused by the page templates, so no Markdown is parsed twice. A link that cannot
//! be resolved is reported here, at its file and line.

use super::markdown::{InternalLink, MarkdownOptions, render};
use super::resolve::{SiteLinks, content_path};
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::model::{Base, Decision, DecisionOrigin, Handoff, Id};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The rendered Markdown of one page.
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
    /// The anchors of the body's headings.
    pub anchors: BTreeSet<String>,
    /// Links from this page's Markdown to other pages or static files, with where they were written.
    pub links: Vec<(Span, InternalLink)>,
}

/// Rendered Markdown by page id.
#[derive(Debug, Default)]
pub struct Bodies {
    /// By handoff or decision id.
    pub pages: BTreeMap<Id, PageBodies>,
}

/// Renders every Markdown text of the base for pages two levels deep (`handoffs/ID/`).
pub fn render_bodies(base: &Base, options: &MarkdownOptions, diagnostics: &mut Diagnostics) -> Bodies {
    let ids = base.handoffs.keys().chain(base.decisions.keys());
    render_bodies_of(base, ids, options, diagnostics)
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
    let mut bodies = Bodies::default();
    for id in ids {
        let page = if let Some(h) = base.handoffs.get(id) {
            handoff_bodies(h, links, options, diagnostics)
        } else if let Some(d) = base.decisions.get(id) {
            decision_bodies(d, links, options, diagnostics)
        } else {
            continue;
        };
        bodies.pages.insert(id.clone(), page);
    }
    bodies
}

fn handoff_bodies(
    h: &Handoff,
    links: &SiteLinks,
    options: &MarkdownOptions,
    diagnostics: &mut Diagnostics,
) -> PageBodies {
    let mut page = PageBodies::default();
    page.intent = h.intent.as_ref().map(|t| markdown(&mut page, links, options, t, &h.file, 0, diagnostics));
    page.body = Some(markdown(&mut page, links, options, &h.body, &h.file, h.body_line, diagnostics));
    page
}

fn decision_bodies(
    d: &Decision,
    links: &SiteLinks,
    options: &MarkdownOptions,
    diagnostics: &mut Diagnostics,
) -> PageBodies {
    let mut page = PageBodies::default();
    if d.origin == DecisionOrigin::File {
        page.body = Some(markdown(&mut page, links, options, &d.body, &d.file, d.body_line, diagnostics));
    } else {
        let mut md = |t: &Option<String>, page: &mut PageBodies| {
            t.as_ref().map(|t| markdown(page, links, options, t, &d.file, 0, diagnostics))
        };
        page.context = md(&d.context, &mut page);
        page.decision = md(&d.decision, &mut page);
        page.rationale = md(&d.rationale, &mut page);
    }
    page
}

/// Renders one text; `first_line` is the file line it starts on, or 0 for frontmatter text,
/// whose problems are reported against the file.
fn markdown(
    page: &mut PageBodies,
    links: &SiteLinks,
    options: &MarkdownOptions,
    text: &str,
    file: &Path,
    first_line: usize,
    diagnostics: &mut Diagnostics,
) -> String {
    let rendered = render(text, &content_path(file), "../../", links, options);
    let span = |line: usize, column: usize| {
        if first_line == 0 { Span::file(file) } else { Span::new(file, first_line + line - 1, column) }
    };
    for problem in rendered.problems {
        diagnostics.push(Diagnostic::error("broken-link", span(problem.line, problem.column), problem.message));
    }
    page.anchors.extend(rendered.headings.into_iter().map(|h| h.anchor));
    page.links.extend(rendered.links.into_iter().map(|l| (span(l.line, l.column), l)));
    rendered.html
}
