//! The Markdown stage: reads a content file's Markdown for what later stages need (its headings,
//! its links and the links it could not resolve) and, when a page is being made, turns it into
//! the HTML a template places in the page.
//!
//! It sits below check and render: `check` asks for an [`Output::Outline`] (no HTML, no
//! highlighting, no search text: the quality gate reads links and anchors only), `build` and
//! `serve` for [`Output::Html`], and both get the same ids and links from the same walk, so a
//! link the check passes is a link the page has. [`bodies`] runs it over a whole base.
//!
//! On top of CommonMark (with tables, task lists, footnotes, strikethrough and heading attributes)
//! this gives every heading and footnote an id unique on its page ([`PageIds`]), turns links to
//! other content files and `[[id]]` wiki links into relative links to their pages, rewrites
//! `/`-rooted paths relative to the page, highlights fenced code, and makes raw HTML (unless the
//! site allows it; then [`super::raw_html`] strips its script URLs) and script-bearing URLs
//! harmless. It reports the headings, the internal links and the links it could not resolve.
//!
//! Deliberately not done here: reading files or frontmatter; deciding which pages exist (the
//! caller's [`LinkResolver`] knows); checking `#anchors` and `/`-paths (a later check does, from
//! [`Rendered::links`]); turning [`LinkProblem`]s into diagnostics; page layout (templates).
//! Relative links to anything other than a `.md` file are left as written, because content
//! folders do not map to URLs; authors should write such links as `/`-paths.

pub mod bodies;
mod code;
mod destination;
mod footnotes;
mod headings;
pub mod highlight;
mod ids;
mod lines;
mod links;
mod plain;
pub mod raw_html;
#[cfg(test)]
mod tests;
mod walker;

pub use destination::is_unsafe_url;
pub use ids::{PageIds, TEMPLATE_IDS};

use crate::html::escape_html;
use footnotes::footnote_labels;
use lines::LineIndex;
use pulldown_cmark::{Event, Options, Parser};
use std::ops::Range;
use walker::{Body, Context};

/// Options that come from baton.yaml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// `allow_html`: raw HTML, and custom heading attributes such as `{data-x=1}`, pass through.
    /// When false (the default) raw HTML is shown as text and custom heading attributes are dropped.
    pub allow_html: bool,
}

/// Resolves links between content files; implemented by the caller (the link stage).
pub trait LinkResolver {
    /// A link to another content file. `from` is the linking file's path relative to `content/`,
    /// '/'-separated (e.g. "payments/ledger.md"); `target` is the destination as written, without
    /// its #fragment and percent-decoded (e.g. "../ops/export.md"). Returns the target page's
    /// site-root-relative URL (e.g. "handoffs/export/") or None when no such content file exists.
    fn page_for_file(&self, from: &str, target: &str) -> Option<String>;
    /// A wiki link `[[id]]`: returns (site-root-relative URL, page title) or None.
    fn page_for_id(&self, id: &str) -> Option<(String, String)>;
    /// A relative link to a file that is not a page (`img/flow.png`, `../../src/x.rs`, a `.md`
    /// file that is no content file), with `from` and `target` as for [`Self::page_for_file`].
    /// By default it is left as written: content folders do not map to URLs.
    fn file_link(&self, _from: &str, _target: &str) -> FileLink {
        FileLink::AsWritten
    }
    /// A `/`-link to a page that moved (`decisions/D/` of a decision that is an entry on its
    /// handoff's page), given site-root-relative and percent-decoded: where it is now.
    fn moved_page(&self, _path: &str) -> Option<String> {
        None
    }
}

/// Where a relative link to a file goes (see [`LinkResolver::file_link`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileLink {
    /// Left as written.
    AsWritten,
    /// A file the build publishes, at this site-root-relative URL.
    Published(String),
    /// An absolute URL elsewhere (the file on the repository host).
    Elsewhere(String),
    /// Nowhere: shown as text, and this message is reported.
    Unreachable(String),
}

/// A heading of the body, in document order (for a table of contents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#` up to 6 for `######`.
    pub level: u8,
    /// The heading's `id`: an explicit `{#id}`, or a slug of its text unique within the body.
    pub anchor: String,
    /// The heading's text without markup.
    pub text: String,
}

/// What an [`InternalLink`] points at, so the check knows where to look for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InternalLinkKind {
    /// A page the renderer found: a content file, a wiki link or a `#fragment` of this page.
    Page,
    /// A `/`-path: a page or a file that the build must write (the check asks
    /// [`super::resolve::SitePaths`]).
    SitePath,
    /// An absolute `http(s)` URL, which points into the site when it starts with `base_url`.
    Absolute,
}

/// A link in the body that points (or may point) inside the site, kept so a later check can
/// verify that its target and #anchor exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// 1-based line of the link in the body.
    pub line: usize,
    /// 1-based column (in characters) of the link in its line.
    pub column: usize,
    /// How many characters of that line the link takes, so a finding can underline exactly it.
    pub width: usize,
    /// Site-root-relative and percent-decoded, without fragment or query; "" for this page.
    pub url: String,
    /// The `#fragment`, percent-decoded, if the link has a non-empty one.
    pub fragment: Option<String>,
    /// Page or static file.
    pub kind: InternalLinkKind,
}

/// A link that could not be resolved: an error the caller reports as file:line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// 1-based line of the link in the body.
    pub line: usize,
    /// 1-based column (in characters) of the link in its line.
    pub column: usize,
    /// How many characters of that line the link takes.
    pub width: usize,
    /// The destination as written (for a wiki link, the text between `[[` and `]]` or `|`).
    pub target: String,
    /// What is wrong, e.g. "unknown id `x` in wiki link".
    pub message: String,
}

/// The result of rendering one body (with [`Output::Outline`], `html` and `plain_text` are empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// Every heading, in document order.
    pub headings: Vec<Heading>,
    /// The ids of the footnotes and of the references to them, in document order.
    pub footnote_ids: Vec<String>,
    /// Every link to a page or static file of the site, in document order.
    pub links: Vec<InternalLink>,
    /// Every link that could not be resolved, in document order.
    pub problems: Vec<LinkProblem>,
    /// Body text without markup, for a search index later.
    pub plain_text: String,
}

/// What a walk over a text produces besides its headings, links and problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The HTML and the plain text for search: what a page needs.
    Html,
    /// Nothing more: what the check needs, at a fraction of the cost (no code is highlighted).
    Outline,
}

/// Renders a Markdown body that is the only Markdown on its page.
///
/// `from_file` is the file's path relative to `content/` (passed to the resolver); `root` is the
/// relative prefix from the current page to the site root, e.g. "../../" for /handoffs/x/.
/// Never fails: unresolved links are reported in [`Rendered::problems`] and shown as plain text.
pub fn render(
    source: &str,
    from_file: &str,
    root: &str,
    resolver: &dyn LinkResolver,
    options: &MarkdownOptions,
) -> Rendered {
    let mut ids = PageIds::new();
    ids.reserve_explicit(source);
    render_on_page(source, from_file, root, resolver, options, &mut ids)
}

/// [`render`] for one of several Markdown texts shown on one page (a handoff's intent, body and
/// short texts): heading and footnote ids are taken from `ids`, so no two elements of the page
/// share an id. Give [`PageIds::reserve_explicit`] every text of the page first.
pub fn render_on_page(
    source: &str,
    from_file: &str,
    root: &str,
    resolver: &dyn LinkResolver,
    options: &MarkdownOptions,
    ids: &mut PageIds,
) -> Rendered {
    walk(source, from_file, root, resolver, options, ids, Output::Html)
}

/// One text through the walk; what it gives besides the outline depends on `output`.
pub fn walk(
    source: &str,
    from_file: &str,
    root: &str,
    resolver: &dyn LinkResolver,
    options: &MarkdownOptions,
    ids: &mut PageIds,
    output: Output,
) -> Rendered {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(source, parser_options()).into_offset_iter().collect();
    let context = Context { from_file, root, resolver, options, output, lines: LineIndex::new(source) };
    let mut body = Body::new(context, ids, footnote_labels(&events));
    for (index, (event, range)) in events.iter().enumerate() {
        body.accept(event.clone(), range.clone(), &events[index + 1..]);
    }
    body.finish()
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}
