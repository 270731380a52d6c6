//! Markdown bodies to HTML: turns one content file's body into the HTML a template places in its
//! page, plus what later stages need to know about it.
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

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::escape_html;
use super::highlight::highlight_block;
use super::raw_html::without_script_urls;

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

/// The result of rendering one body.
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
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(source, parser_options()).into_offset_iter().collect();
    let context = Context { from_file, root, resolver, options, lines: LineIndex::new(source) };
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

/// The footnote labels referred to and defined (lowercased, as labels match): a definition
/// links back to its first reference only when there is one, and a reference to nothing is text.
fn footnote_labels(events: &[(Event<'_>, Range<usize>)]) -> Footnotes {
    let mut footnotes = Footnotes::default();
    for (event, _) in events {
        match event {
            Event::FootnoteReference(label) => footnotes.referenced.insert(label.to_lowercase()),
            Event::Start(Tag::FootnoteDefinition(label)) => footnotes.defined.insert(label.to_lowercase()),
            _ => false,
        };
    }
    footnotes
}

/// Explicit `{#id}`s of a text's headings.
fn explicit_anchors(source: &str) -> impl Iterator<Item = String> {
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
    "nbhd-h",
    "needed-h",
    "open-h",
    "owns-h",
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
    footnotes: usize,
}

impl PageIds {
    /// No id given out yet but the template's ([`TEMPLATE_IDS`]). Allocates nothing.
    pub fn new() -> Self {
        PageIds::default()
    }

    fn is_free(&self, id: &str) -> bool {
        !self.taken.contains(id) && !self.explicit.contains(id) && !TEMPLATE_IDS.contains(&id)
    }

    /// Reserves the explicit heading ids of `source`, one of the page's texts.
    pub fn reserve_explicit(&mut self, source: &str) {
        // Parsing twice is only worth it when an explicit id can be there at all.
        if source.contains("{#") {
            self.explicit.extend(explicit_anchors(source));
        }
    }

    /// `wanted` itself if free, else the first free `wanted-1`, `wanted-2`, ….
    fn claim(&mut self, wanted: String) -> String {
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
    fn claim_explicit(&mut self, id: String) -> String {
        if self.taken.contains(&id) || TEMPLATE_IDS.contains(&id.as_str()) {
            return self.claim(id);
        }
        self.explicit.remove(&id);
        self.taken.insert(id.clone());
        id
    }
}

/// The inputs of one render that never change during it.
struct Context<'a> {
    from_file: &'a str,
    root: &'a str,
    resolver: &'a dyn LinkResolver,
    options: &'a MarkdownOptions,
    lines: LineIndex<'a>,
}

impl Context<'_> {
    /// A link from this page to a site-root-relative `url`.
    fn site_href(&self, url: &str, fragment: Option<&str>) -> String {
        let mut href = format!("{}{url}", self.root);
        if href.is_empty() {
            // An empty href would mean "this page", not the site root it stands for.
            href.push_str("./");
        }
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        href
    }
}

/// The state of one render: events flow through [`Body::accept`] into `out`, rewritten on the way.
struct Body<'a, 'p> {
    context: Context<'a>,
    out: Vec<Event<'a>>,
    plain: PlainText,
    ids: &'p mut PageIds,
    footnotes: Footnotes,
    /// The raw HTML block being read, when HTML is allowed.
    raw_block: Option<String>,
    heading: Option<HeadingDraft<'a>>,
    code: Option<CodeDraft>,
    /// One entry per open link or image: how to close it.
    closers: Vec<Closer>,
    /// Nesting depth inside a link whose written text is being replaced (0 when not skipping).
    skipping: usize,
    headings: Vec<Heading>,
    footnote_ids: Vec<String>,
    links: Vec<InternalLink>,
    problems: Vec<LinkProblem>,
}

/// How the end of a link or image is written, decided at its start.
enum Closer {
    Tag,
    Span,
    Nothing,
}

/// What becomes of one link or image.
enum LinkAction {
    AsWritten,
    Live(String),
    /// A live link whose text is the target page's title.
    LiveTitled {
        href: String,
        title: String,
    },
    /// Not a link at all: only its text (an image's alt text) is shown.
    TextOnly,
    /// Unresolved: its text is shown inside `<span class="broken-link">`.
    Broken,
}

impl<'a, 'p> Body<'a, 'p> {
    fn new(context: Context<'a>, ids: &'p mut PageIds, footnotes: Footnotes) -> Self {
        Body {
            context,
            out: Vec::new(),
            plain: PlainText::default(),
            ids,
            footnotes,
            raw_block: None,
            heading: None,
            code: None,
            closers: Vec::new(),
            skipping: 0,
            headings: Vec::new(),
            footnote_ids: Vec::new(),
            links: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Takes one parser event written at bytes `range`; `upcoming` are the events after it.
    fn accept(&mut self, event: Event<'a>, range: Range<usize>, upcoming: &[(Event<'a>, Range<usize>)]) {
        if self.skipping > 0 && self.skips(&event) {
            return;
        }
        if let (Some(code), Event::Text(text)) = (&mut self.code, &event) {
            code.text.push_str(text);
            return;
        }
        let allow_html = self.context.options.allow_html;
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                self.start_heading(level, id, classes, attrs);
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::CodeBlock(kind)) => self.code = Some(CodeDraft::new(&kind)),
            Event::End(TagEnd::CodeBlock) => self.end_code_block(),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                self.start_link(tag, range, upcoming);
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => self.end_link(end),
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::Start(Tag::FootnoteDefinition(label)) => self.start_footnote(&label),
            Event::End(TagEnd::FootnoteDefinition) => self.emit(Event::Html("</div>\n".into())),
            // Escaped raw HTML still needs a block around it, or its text would float loose.
            Event::Start(Tag::HtmlBlock) if !allow_html => self.emit(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::HtmlBlock) if !allow_html => self.emit(Event::End(TagEnd::Paragraph)),
            Event::Html(html) | Event::InlineHtml(html) if !allow_html => self.emit(Event::Text(html)),
            // Allowed raw HTML loses its script URLs; a block is read whole, as a tag may span lines.
            Event::Start(Tag::HtmlBlock) => {
                self.raw_block = Some(String::new());
                self.emit(Event::Start(Tag::HtmlBlock));
            }
            Event::Html(html) if self.raw_block.is_some() => self.raw_block.iter_mut().for_each(|b| b.push_str(&html)),
            Event::End(TagEnd::HtmlBlock) => {
                let block = self.raw_block.take().unwrap_or_default();
                self.emit(Event::Html(without_script_urls(&block).into_owned().into()));
                self.emit(Event::End(TagEnd::HtmlBlock));
            }
            Event::Html(html) => self.emit(Event::Html(without_script_urls(&html).into_owned().into())),
            Event::InlineHtml(html) => self.emit(Event::InlineHtml(without_script_urls(&html).into_owned().into())),
            other => self.emit(other),
        }
    }

    /// Drops the written text of a link whose text was replaced; false for the event that closes
    /// the link, which is handled as usual.
    fn skips(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(_) => self.skipping += 1,
            Event::End(_) => self.skipping -= 1,
            _ => {}
        }
        self.skipping > 0
    }

    fn emit(&mut self, event: Event<'a>) {
        self.plain.note(&event);
        match &mut self.heading {
            Some(draft) => draft.push(event),
            None => self.out.push(event),
        }
    }

    fn finish(self) -> Rendered {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        Rendered {
            html,
            headings: self.headings,
            footnote_ids: self.footnote_ids,
            links: self.links,
            problems: self.problems,
            plain_text: self.plain.finish(),
        }
    }

    fn record(&mut self, at: Position, url: String, fragment: Option<&str>, kind: InternalLinkKind) {
        self.links.push(InternalLink {
            line: at.line,
            column: at.column,
            width: at.width,
            url,
            fragment: fragment.map(percent_decode),
            kind,
        });
    }

    fn problem(&mut self, at: Position, target: &str, message: String) {
        let (line, column, width) = (at.line, at.column, at.width);
        self.problems.push(LinkProblem { line, column, width, target: target.to_owned(), message });
    }
}

// Headings: the anchor is a slug of the heading's text, which is only known at its end, so the
// heading's events are held back until then.

/// Custom heading attributes, `{key=value}`, as the parser gives them.
type HeadingAttributes<'a> = Vec<(CowStr<'a>, Option<CowStr<'a>>)>;

/// A heading whose end has not been seen yet.
struct HeadingDraft<'a> {
    level: HeadingLevel,
    id: Option<String>,
    classes: Vec<CowStr<'a>>,
    attrs: HeadingAttributes<'a>,
    events: Vec<Event<'a>>,
    text: String,
}

impl<'a> HeadingDraft<'a> {
    fn push(&mut self, event: Event<'a>) {
        match &event {
            Event::Text(text) | Event::Code(text) => self.text.push_str(text),
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            _ => {}
        }
        self.events.push(event);
    }
}

impl<'a> Body<'a, '_> {
    fn start_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: HeadingAttributes<'a>,
    ) {
        // `{onclick=…}` would be raw HTML by another name.
        let attrs = if self.context.options.allow_html { attrs } else { Vec::new() };
        self.heading = Some(HeadingDraft {
            level,
            id: id.map(|id| id.to_string()).filter(|id| !id.is_empty()),
            classes,
            attrs,
            events: Vec::new(),
            text: String::new(),
        });
    }

    fn end_heading(&mut self) {
        let Some(draft) = self.heading.take() else {
            return;
        };
        let text = draft.text.trim().to_owned();
        let anchor = match draft.id {
            Some(id) => self.ids.claim_explicit(id),
            None => self.ids.claim(heading_slug(&text)),
        };
        self.emit(Event::Start(Tag::Heading {
            level: draft.level,
            id: Some(anchor.clone().into()),
            classes: draft.classes,
            attrs: draft.attrs,
        }));
        self.emit(Event::Html(self_link(&anchor).into()));
        // Already noted in the plain text when they were held back.
        self.out.extend(draft.events);
        self.emit(Event::End(TagEnd::Heading(draft.level)));
        self.headings.push(Heading { level: draft.level as u8, anchor, text });
    }
}

/// A link to the heading itself, so readers can copy a link to a section.
fn self_link(anchor: &str) -> String {
    format!("<a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>", escape_html(anchor))
}

/// A heading's anchor: the site's one slug function (the one ids, tags and teams use, so
/// `## Café` is `#cafe` as the tag `Café` is `/tags/cafe/`), never empty.
fn heading_slug(text: &str) -> String {
    let slug = crate::slug::slugify(text);
    if slug.is_empty() { "section".to_owned() } else { slug }
}

// Footnotes: numbered through the page, with ids in their own `fn-`/`fnref-` namespace, so
// `[^rollback]` never shares an id with `## Rollback` (pulldown-cmark would use the bare label).

/// The footnotes of one text.
#[derive(Default)]
struct Footnotes {
    referenced: BTreeSet<String>,
    defined: BTreeSet<String>,
    /// By lowercased label, once seen.
    by_label: BTreeMap<String, Footnote>,
}

#[derive(Clone)]
struct Footnote {
    number: usize,
    slug: String,
    id: String,
    /// The id of its first reference, when something refers to it.
    first_reference: Option<String>,
    references: usize,
}

impl Body<'_, '_> {
    /// The footnote `label`, numbered and given its ids the first time it is seen.
    fn footnote(&mut self, label: &str) -> &mut Footnote {
        let key = label.to_lowercase();
        let (ids, footnotes) = (&mut *self.ids, &mut self.footnotes);
        let referenced = footnotes.referenced.contains(&key);
        footnotes.by_label.entry(key).or_insert_with(|| {
            ids.footnotes += 1;
            let number = ids.footnotes;
            let slug = Some(crate::slug::slugify(label)).filter(|s| !s.is_empty()).unwrap_or(number.to_string());
            let id = ids.claim(format!("fn-{slug}"));
            let first_reference = referenced.then(|| ids.claim(format!("fnref-{slug}")));
            Footnote { number, slug, id, first_reference, references: 0 }
        })
    }

    fn footnote_reference(&mut self, label: &str) {
        if !self.footnotes.defined.contains(&label.to_lowercase()) {
            self.emit(Event::Text(format!("[^{label}]").into()));
            return;
        }
        let note = self.footnote(label);
        note.references += 1;
        let note = note.clone();
        let own = match (&note.first_reference, note.references) {
            (Some(first), 1) => first.clone(),
            _ => self.ids.claim(format!("fnref-{}", note.slug)),
        };
        self.footnote_ids.push(own.clone());
        let html = format!(
            "<sup class=\"footnote-reference\"><a href=\"#{}\" id=\"{}\">{}</a></sup>",
            escape_html(&note.id),
            escape_html(&own),
            note.number
        );
        self.emit(Event::Html(html.into()));
    }

    fn start_footnote(&mut self, label: &str) {
        let note = self.footnote(label).clone();
        self.footnote_ids.push(note.id.clone());
        let number = match &note.first_reference {
            Some(first) => format!("<a href=\"#{}\">{}</a>", escape_html(first), note.number),
            None => note.number.to_string(),
        };
        let html = format!(
            "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{number}</sup>",
            escape_html(&note.id)
        );
        self.emit(Event::Html(html.into()));
    }
}

// Code blocks: the text arrives in pieces; it is highlighted as a whole at the block's end.

struct CodeDraft {
    lang: Option<String>,
    text: String,
}

impl CodeDraft {
    fn new(kind: &CodeBlockKind<'_>) -> Self {
        // The info string may carry more than the language: "rust ignore", "rust,no_run", "js {1,3}".
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .filter(|token| !token.is_empty())
                .map(str::to_owned),
            CodeBlockKind::Indented => None,
        };
        CodeDraft { lang, text: String::new() }
    }

    fn html(&self) -> String {
        let code = highlight_block(&self.text, self.lang.as_deref());
        match &self.lang {
            Some(lang) => {
                format!("<pre class=\"code\" data-lang=\"{}\"><code>{code}</code></pre>\n", escape_html(lang))
            }
            None => format!("<pre class=\"code\"><code>{code}</code></pre>\n"),
        }
    }
}

impl Body<'_, '_> {
    fn end_code_block(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        self.plain.push_block(&code.text);
        self.emit(Event::Html(code.html().into()));
    }
}

// Links and images.

impl<'a> Body<'a, '_> {
    fn start_link(&mut self, tag: Tag<'a>, range: Range<usize>, upcoming: &[(Event<'a>, Range<usize>)]) {
        let at = self.context.lines.position(range);
        let action = match &tag {
            Tag::Link { link_type: LinkType::WikiLink { has_pothole }, dest_url, .. } => {
                let use_title = !has_pothole || label_is_blank(upcoming);
                self.wiki_link(dest_url, use_title, at)
            }
            Tag::Image { link_type: LinkType::WikiLink { .. }, dest_url, .. } => {
                let message = format!("embeds such as `![[{dest_url}]]` are not supported; write `![text](/path)`");
                self.problem(at, dest_url, message);
                LinkAction::Broken
            }
            // The parser adds `mailto:` itself; the address is not a path.
            Tag::Link { link_type: LinkType::Email, .. } => LinkAction::AsWritten,
            // An image may be inline data; only a link's `data:` could carry a page.
            Tag::Image { dest_url, .. } if is_image_data(dest_url) => LinkAction::AsWritten,
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => self.link_to(dest_url, at),
            _ => LinkAction::AsWritten,
        };
        self.apply(tag, action);
    }

    fn apply(&mut self, tag: Tag<'a>, action: LinkAction) {
        let closer = match action {
            LinkAction::AsWritten => {
                self.emit(Event::Start(tag));
                Closer::Tag
            }
            LinkAction::Live(href) => {
                self.emit(Event::Start(with_destination(tag, href)));
                Closer::Tag
            }
            LinkAction::LiveTitled { href, title } => {
                self.emit(Event::Start(with_destination(tag, href)));
                self.emit(Event::Text(title.into()));
                self.skipping = 1;
                Closer::Tag
            }
            LinkAction::TextOnly => Closer::Nothing,
            LinkAction::Broken => {
                self.emit(Event::Html("<span class=\"broken-link\">".into()));
                Closer::Span
            }
        };
        self.closers.push(closer);
    }

    fn end_link(&mut self, end: TagEnd) {
        match self.closers.pop() {
            Some(Closer::Tag) => self.emit(Event::End(end)),
            Some(Closer::Span) => self.emit(Event::Html("</span>".into())),
            Some(Closer::Nothing) | None => {}
        }
    }

    fn wiki_link(&mut self, written: &str, use_title: bool, at: Position) -> LinkAction {
        let (id, fragment) = split_fragment(written);
        let id = id.trim();
        let fragment = fragment.map(str::trim).filter(|fragment| !fragment.is_empty());
        let Some((url, title)) = self.context.resolver.page_for_id(id) else {
            self.problem(at, written, format!("unknown id `{id}` in wiki link"));
            return LinkAction::Broken;
        };
        let href = self.context.site_href(&url, fragment);
        self.record(at, url, fragment, InternalLinkKind::Page);
        if use_title { LinkAction::LiveTitled { href, title } } else { LinkAction::Live(href) }
    }

    fn link_to(&mut self, dest: &str, at: Position) -> LinkAction {
        match classify(dest) {
            Destination::Unsafe => LinkAction::TextOnly,
            Destination::External => {
                if is_http(dest) {
                    let (url, fragment) = split_fragment(dest);
                    let url = percent_decode(url.split_once('?').map_or(url, |(url, _)| url));
                    self.record(at, url, fragment, InternalLinkKind::Absolute);
                }
                LinkAction::AsWritten
            }
            Destination::Relative => self.file_link(dest, at, None),
            Destination::SamePage(fragment) => {
                if fragment.is_some() {
                    self.record(at, String::new(), fragment, InternalLinkKind::Page);
                }
                LinkAction::AsWritten
            }
            Destination::SiteRoot { path, fragment } => {
                let url = percent_decode(path.split_once('?').map_or(path, |(path, _)| path));
                self.record(at, url, fragment, InternalLinkKind::SitePath);
                LinkAction::Live(self.context.site_href(path, fragment))
            }
            Destination::ContentFile { path, fragment } => self.content_file_link(dest, path, fragment, at),
        }
    }

    fn content_file_link(&mut self, dest: &str, path: &str, fragment: Option<&str>, at: Position) -> LinkAction {
        let resolver = self.context.resolver;
        let Some(url) = resolver.page_for_file(self.context.from_file, &percent_decode(path)) else {
            return self.file_link(dest, at, Some(format!("link to `{path}`: no such content file")));
        };
        let href = self.context.site_href(&url, fragment);
        self.record(at, url, fragment, InternalLinkKind::Page);
        LinkAction::Live(href)
    }
}

impl Body<'_, '_> {
    /// A relative link to a file, as the resolver places it; `unplaced` is the problem to report
    /// when it leaves the link as written (none: the link stays as written).
    fn file_link(&mut self, dest: &str, at: Position, unplaced: Option<String>) -> LinkAction {
        let (path, fragment) = split_fragment(dest);
        // `img/x.png?raw=true` is how GitHub serves an image raw: the file is `img/x.png`.
        let path = path.split_once('?').map_or(path, |(path, _)| path);
        match self.context.resolver.file_link(self.context.from_file, &percent_decode(path)) {
            FileLink::AsWritten => match unplaced {
                Some(message) => {
                    self.problem(at, dest, message);
                    LinkAction::Broken
                }
                None => LinkAction::AsWritten,
            },
            FileLink::Published(url) => LinkAction::Live(self.context.site_href(&url, fragment)),
            FileLink::Elsewhere(url) => {
                LinkAction::Live(fragment.map_or_else(|| url.clone(), |f| format!("{url}#{f}")))
            }
            FileLink::Unreachable(message) => {
                self.problem(at, dest, message);
                LinkAction::Broken
            }
        }
    }
}

/// True when a piped wiki link's label (`[[id|]]`, `[[id| ]]`) has nothing to show.
fn label_is_blank(upcoming: &[(Event<'_>, Range<usize>)]) -> bool {
    for (event, _) in upcoming {
        match event {
            Event::End(_) => return true,
            Event::Text(text) if text.trim().is_empty() => {}
            _ => return false,
        }
    }
    true
}

fn with_destination(tag: Tag<'_>, href: String) -> Tag<'_> {
    match tag {
        Tag::Link { link_type, title, id, .. } => Tag::Link { link_type, dest_url: href.into(), title, id },
        Tag::Image { link_type, title, id, .. } => Tag::Image { link_type, dest_url: href.into(), title, id },
        other => other,
    }
}

/// Where a written link destination points.
#[derive(Debug, PartialEq, Eq)]
enum Destination<'d> {
    /// A scheme that runs code or smuggles content (`javascript:`, `vbscript:`, `data:`).
    Unsafe,
    /// Has a scheme (`https:`, `mailto:`) or is protocol-relative (`//host`).
    External,
    /// `#fragment` on this page (None for a bare `#`).
    SamePage(Option<&'d str>),
    /// `/path`: the path after the leading '/'.
    SiteRoot { path: &'d str, fragment: Option<&'d str> },
    /// A relative path to a `.md` file.
    ContentFile { path: &'d str, fragment: Option<&'d str> },
    /// Any other relative destination: left as written.
    Relative,
}

fn classify(dest: &str) -> Destination<'_> {
    if is_unsafe_url(dest) {
        return Destination::Unsafe;
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        return Destination::SamePage(Some(fragment).filter(|fragment| !fragment.is_empty()));
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return Destination::External;
    }
    let (path, fragment) = split_fragment(dest);
    if let Some(path) = path.strip_prefix('/') {
        return Destination::SiteRoot { path, fragment };
    }
    let extension = path.get(path.len().saturating_sub(3)..);
    if extension.is_some_and(|extension| extension.eq_ignore_ascii_case(".md")) {
        return Destination::ContentFile { path, fragment };
    }
    Destination::Relative
}

/// Splits `path#fragment`; an empty fragment counts as none.
fn split_fragment(dest: &str) -> (&str, Option<&str>) {
    match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment).filter(|fragment| !fragment.is_empty())),
        None => (dest, None),
    }
}

/// An `http:` or `https:` URL, in any case.
fn is_http(dest: &str) -> bool {
    let scheme = dest.split_once(':').map_or("", |(scheme, _)| scheme);
    scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
}

/// RFC 3986: a letter, then letters, digits, '+', '-' or '.', then ':'.
fn has_scheme(dest: &str) -> bool {
    let Some((scheme, _)) = dest.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

const UNSAFE_SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:"];

/// Whether `dest` could run as script. Browsers ignore leading spaces and control characters and
/// drop tabs and newlines anywhere, so all whitespace and control characters are removed before
/// comparing, case-insensitively; the percent-decoded form is checked too. Character references
/// (`&#106;avascript:`) need no handling here: the parser decodes them in destinations, and the
/// HTML writer escapes `&`, so a reference left in a destination reaches the browser as text.
pub fn is_unsafe_url(dest: &str) -> bool {
    [dest.to_owned(), percent_decode(dest)].iter().any(|candidate| {
        let prefix: String = candidate
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .take(16)
            .flat_map(char::to_lowercase)
            .collect();
        UNSAFE_SCHEMES.iter().any(|scheme| prefix.starts_with(scheme))
    })
}

/// A `data:image/…` URL, which browsers show as an image and never run.
fn is_image_data(dest: &str) -> bool {
    let head = dest.trim_start().get(..11).unwrap_or("");
    head.eq_ignore_ascii_case("data:image/")
}

/// Decodes a link's `%XX` escapes; text that does not decode to UTF-8 is kept as written.
fn percent_decode(text: &str) -> String {
    String::from_utf8(crate::percent::decode(text.as_bytes())).unwrap_or_else(|_| text.to_owned())
}

// Positions and plain text.

/// Where a link was written: its first character, and how many characters of that line it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    line: usize,
    column: usize,
    width: usize,
}

/// Byte offsets to 1-based line and column (columns count characters, as editors show them).
struct LineIndex<'a> {
    source: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(source: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(source.match_indices('\n').map(|(index, _)| index + 1)).collect();
        LineIndex { source, line_starts }
    }

    /// Where the text at bytes `range` starts, and its width up to the end of that line.
    fn position(&self, range: Range<usize>) -> Position {
        let offset = range.start;
        let line = self.line_starts.partition_point(|&start| start <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let before = self.source.get(start..offset);
        let column = before.map_or(offset.saturating_sub(start), |text| text.chars().count()) + 1;
        let line_end = self.line_starts.get(line).map_or(self.source.len(), |next| next - 1);
        let written = self.source.get(offset..range.end.min(line_end).max(offset));
        let width = written.map_or(1, |text| text.trim_end_matches('\r').chars().count()).max(1);
        Position { line, column, width }
    }
}

/// The visible text, blocks on their own lines, for a search index.
#[derive(Default)]
struct PlainText(String);

impl PlainText {
    fn note(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(text) | Event::Code(text) => self.0.push_str(text),
            Event::SoftBreak | Event::End(TagEnd::TableCell) => self.space(),
            Event::HardBreak => self.line_break(),
            Event::End(end) if ends_block(end) => self.line_break(),
            _ => {}
        }
    }

    fn push_block(&mut self, text: &str) {
        self.0.push_str(text);
        self.line_break();
    }

    fn space(&mut self) {
        if !self.0.is_empty() && !self.0.ends_with(char::is_whitespace) {
            self.0.push(' ');
        }
    }

    fn line_break(&mut self) {
        let kept = self.0.trim_end_matches(' ').len();
        self.0.truncate(kept);
        if !self.0.is_empty() && !self.0.ends_with('\n') {
            self.0.push('\n');
        }
    }

    fn finish(self) -> String {
        self.0.trim_end().to_owned()
    }
}

fn ends_block(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::HtmlBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// A site with two pages: a handoff (reachable by id and by two file paths) and a decision.
    struct Site;

    impl LinkResolver for Site {
        fn page_for_file(&self, from: &str, target: &str) -> Option<String> {
            match (from, target) {
                ("payments/ledger.md", "../ops/export.md" | "Ledger Export.md") => {
                    Some("handoffs/ledger-export/".to_owned())
                }
                _ => None,
            }
        }

        fn page_for_id(&self, id: &str) -> Option<(String, String)> {
            match id {
                "ledger-export" => Some(("handoffs/ledger-export/".into(), "Ledger <Export>".into())),
                "adr-postgres" => Some(("decisions/adr-postgres/".into(), "Use Postgres".into())),
                _ => None,
            }
        }
    }

    fn render_with(source: &str, allow_html: bool) -> Rendered {
        let options = MarkdownOptions { allow_html };
        render(source, "payments/ledger.md", "../../", &Site, &options)
    }

    fn html(source: &str) -> String {
        render_with(source, false).html
    }

    // 1. Parser options

    #[test]
    fn tables_task_lists_strikethrough_and_footnotes_are_enabled() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ note[^1]\n\n[^1]: why\n");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("type=\"checkbox\""), "{out}");
        assert!(out.contains("<del>old</del>"), "{out}");
        assert!(out.contains("class=\"footnote-reference\""), "{out}");
        assert!(out.contains("class=\"footnote-definition\""), "{out}");
    }

    #[test]
    fn heading_attributes_are_enabled() {
        let out = html("# Title {#custom .wide}\n");
        assert!(out.starts_with("<h1 id=\"custom\" class=\"wide\">"), "{out}");
    }

    // 2. Headings

    #[test]
    fn headings_get_slug_anchors_and_self_links() {
        let rendered = render_with("## Rollback *plan* (v2)!\n", false);
        assert_eq!(
            rendered.html,
            "<h2 id=\"rollback-plan-v2\"><a class=\"anchor\" href=\"#rollback-plan-v2\" \
             aria-hidden=\"true\" tabindex=\"-1\">#</a>Rollback <em>plan</em> (v2)!</h2>\n"
        );
        assert_eq!(
            rendered.headings,
            vec![Heading { level: 2, anchor: "rollback-plan-v2".into(), text: "Rollback plan (v2)!".into() }]
        );
    }

    #[test]
    fn slugs_collapse_runs_trim_and_never_come_out_empty() {
        assert_eq!(heading_slug("  --Hello,   World__  "), "hello-world");
        assert_eq!(heading_slug("What's `new`?"), "what-s-new");
        assert_eq!(heading_slug("!!!"), "section");
        assert_eq!(heading_slug(""), "section");
    }

    #[test]
    fn heading_anchors_fold_accents_as_ids_tags_and_teams_do() {
        let rendered = render_with("## Café déjà vu\n### Größe Übersicht\n", false);
        assert_eq!(rendered.headings[0].anchor, "cafe-deja-vu");
        assert_eq!(rendered.headings[1].anchor, crate::slug::slugify("Größe Übersicht"));
    }

    #[test]
    fn a_footnote_named_like_a_heading_gets_its_own_id() {
        let out = html("## Rollback\n\nSee the plan[^rollback].\n\n[^rollback]: Restore the snapshot.\n");
        assert!(out.contains("<h2 id=\"rollback\">"), "{out}");
        assert!(out.contains("<a href=\"#fn-rollback\" id=\"fnref-rollback\">1</a>"), "{out}");
        assert!(out.contains("<div class=\"footnote-definition\" id=\"fn-rollback\">"), "{out}");
        assert!(
            out.contains("<sup class=\"footnote-definition-label\"><a href=\"#fnref-rollback\">1</a></sup>"),
            "{out}"
        );
        assert_eq!(duplicate_ids(&out), Vec::<String>::new());
    }

    #[test]
    fn footnotes_referred_to_twice_and_headings_named_like_them_stay_unique() {
        let source = "# Fn 1\n\na[^1] b[^1] c[^Note] d[^none]\n\n[^1]: one\n[^note]: two\n[^unused]: three\n";
        let rendered = render_with(source, false);
        assert_eq!(duplicate_ids(&rendered.html), Vec::<String>::new(), "{}", rendered.html);
        assert_eq!(rendered.headings[0].anchor, "fn-1");
        let expected = ["fnref-1", "fnref-1-1", "fnref-note", "fn-1-1", "fn-note", "fn-unused"];
        assert_eq!(rendered.footnote_ids, expected);
        assert!(rendered.html.contains("d[^none]"), "a reference to nothing stays text: {}", rendered.html);
    }

    #[test]
    fn headings_never_take_an_id_of_the_template() {
        let rendered = render_with("## Main\n## Intent H\n## Main {#main}\n", false);
        let anchors: Vec<_> = rendered.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["main-1", "intent-h-1", "main-2"]);
    }

    #[test]
    fn texts_of_one_page_share_its_ids() {
        let mut ids = PageIds::new();
        let (intent, body) = ("## Setup\n", "## Setup\n\n# Other {#setup-1}\n");
        ids.reserve_explicit(intent);
        ids.reserve_explicit(body);
        let options = MarkdownOptions::default();
        let first = render_on_page(intent, "a.md", "", &Site, &options, &mut ids);
        let second = render_on_page(body, "a.md", "", &Site, &options, &mut ids);
        let anchors: Vec<_> = first.headings.iter().chain(&second.headings).map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["setup", "setup-2", "setup-1"]);
    }

    #[test]
    fn template_ids_are_every_literal_id_of_the_default_theme() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        for entry in std::fs::read_dir(&folder).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for literal in text.split("id=\"").skip(1).filter_map(|rest| rest.split('"').next()) {
                if !literal.contains("{{") {
                    assert!(TEMPLATE_IDS.contains(&literal), "`{literal}` is missing from TEMPLATE_IDS");
                }
            }
        }
    }

    /// The `id` attribute values that occur more than once in `html`.
    fn duplicate_ids(html: &str) -> Vec<String> {
        let mut seen = BTreeSet::new();
        let ids = html.split(" id=\"").skip(1).filter_map(|rest| rest.split('"').next());
        ids.filter(|id| !seen.insert(id.to_string())).map(str::to_string).collect()
    }

    #[test]
    fn duplicate_headings_get_numbered_suffixes() {
        let rendered = render_with("# Notes\n## Notes\n### Notes\n# ???\n# ...\n", false);
        let anchors: Vec<_> = rendered.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["notes", "notes-1", "notes-2", "section", "section-1"]);
    }

    #[test]
    fn explicit_id_wins_and_is_never_reused_by_a_slug() {
        let rendered = render_with("# Setup\n# Other {#setup}\n# Setup 1\n", false);
        let anchors: Vec<_> = rendered.headings.iter().map(|h| h.anchor.as_str()).collect();
        assert_eq!(anchors, ["setup-1", "setup", "setup-1-1"]);
        assert_eq!(rendered.headings[1].text, "Other");
    }

    #[test]
    fn heading_event_attributes_are_dropped_unless_html_is_allowed() {
        let source = "# Title {#t .c onclick=alert(1)}\n";
        assert!(!html(source).contains("onclick"), "{}", html(source));
        assert!(render_with(source, true).html.contains("onclick=\"alert(1)\""));
    }

    #[test]
    fn explicit_ids_are_escaped() {
        let out = html("# Title {#a\"b}\n");
        assert!(out.starts_with("<h1 id=\"a&quot;b\"><a class=\"anchor\" href=\"#a&quot;b\""), "{out}");
    }

    // 3a. Wiki links

    #[test]
    fn wiki_link_uses_the_page_title_escaped() {
        let rendered = render_with("See [[ledger-export]].", false);
        assert_eq!(rendered.html, "<p>See <a href=\"../../handoffs/ledger-export/\">Ledger &lt;Export&gt;</a>.</p>\n");
        assert_eq!(
            rendered.links,
            vec![InternalLink {
                line: 1,
                column: 5,
                width: 17,
                url: "handoffs/ledger-export/".into(),
                fragment: None,
                kind: InternalLinkKind::Page
            }]
        );
        assert_eq!(rendered.plain_text, "See Ledger <Export>.");
    }

    #[test]
    fn piped_wiki_link_keeps_its_label() {
        let out = html("[[adr-postgres|the *decision*]]");
        assert_eq!(out, "<p><a href=\"../../decisions/adr-postgres/\">the <em>decision</em></a></p>\n");
    }

    #[test]
    fn piped_wiki_link_with_blank_label_uses_the_title() {
        assert!(html("[[adr-postgres|]]").contains(">Use Postgres</a>"));
        assert!(html("[[adr-postgres| ]]").contains(">Use Postgres</a>"));
    }

    #[test]
    fn wiki_link_fragment_is_kept() {
        let rendered = render_with("[[ledger-export#rollback|rollback]] [[adr-postgres#why]]", false);
        assert!(rendered.html.contains("href=\"../../handoffs/ledger-export/#rollback\">rollback</a>"));
        assert!(rendered.html.contains("href=\"../../decisions/adr-postgres/#why\">Use Postgres</a>"));
        assert_eq!(rendered.links[0].fragment.as_deref(), Some("rollback"));
        assert_eq!(rendered.links[1].fragment.as_deref(), Some("why"));
    }

    #[test]
    fn unknown_wiki_id_is_a_problem_and_not_a_live_link() {
        let rendered = render_with("Intro\n\nsee [[nope#x|the <thing>]]", false);
        assert_eq!(rendered.html, "<p>Intro</p>\n<p>see <span class=\"broken-link\">the &lt;thing&gt;</span></p>\n");
        assert_eq!(
            rendered.problems,
            vec![LinkProblem {
                line: 3,
                column: 5,
                width: 22,
                target: "nope#x".into(),
                message: "unknown id `nope` in wiki link".into()
            }]
        );
        assert!(rendered.links.is_empty());
    }

    #[test]
    fn wiki_embeds_are_reported_and_not_rendered_as_images() {
        let rendered = render_with("![[diagram.png]]", false);
        assert!(!rendered.html.contains("<img"), "{}", rendered.html);
        assert!(rendered.html.contains("broken-link"));
        assert_eq!(rendered.problems.len(), 1);
        assert!(rendered.problems[0].message.contains("not supported"));
    }

    // 3b. Links to content files

    #[test]
    fn link_to_content_file_becomes_link_to_its_page() {
        let rendered = render_with("[export](../ops/export.md#rollback) and [x](Ledger%20Export.md)", false);
        assert!(rendered.html.contains("<a href=\"../../handoffs/ledger-export/#rollback\">export</a>"));
        assert!(rendered.html.contains("<a href=\"../../handoffs/ledger-export/\">x</a>"));
        assert_eq!(rendered.links.len(), 2);
        assert_eq!(rendered.links[0].fragment.as_deref(), Some("rollback"));
        assert!(rendered.problems.is_empty());
    }

    #[test]
    fn link_to_missing_content_file_is_a_problem() {
        let rendered = render_with("text\n  [gone](../x.md#top)", false);
        assert_eq!(
            rendered.problems,
            vec![LinkProblem {
                line: 2,
                column: 3,
                width: 19,
                target: "../x.md#top".into(),
                message: "link to `../x.md`: no such content file".into()
            }]
        );
        assert!(rendered.html.contains("<span class=\"broken-link\">gone</span>"));
        assert!(!rendered.html.contains("href"));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let rendered = render_with("Größe → [[nope]]", false);
        assert_eq!(rendered.problems[0].column, 9);
    }

    // 3c–e. Site-root paths, fragments, absolute URLs

    #[test]
    fn site_root_paths_are_made_relative_and_recorded() {
        let rendered = render_with("![flow](/img/flow%20v2.png) [all](/handoffs/#top) [x](/a.html?q=1)", false);
        assert!(rendered.html.contains("src=\"../../img/flow%20v2.png\""), "{}", rendered.html);
        assert!(rendered.html.contains("href=\"../../handoffs/#top\""));
        assert!(rendered.html.contains("href=\"../../a.html?q=1\""));
        let summary: Vec<_> =
            rendered.links.iter().map(|link| (link.url.as_str(), link.fragment.as_deref(), link.kind)).collect();
        assert_eq!(
            summary,
            [
                ("img/flow v2.png", None, InternalLinkKind::SitePath),
                ("handoffs/", Some("top"), InternalLinkKind::SitePath),
                ("a.html", None, InternalLinkKind::SitePath),
            ]
        );
    }

    #[test]
    fn site_root_from_the_root_page_is_never_an_empty_href() {
        let options = MarkdownOptions::default();
        let out = render("[home](/)", "a.md", "", &Site, &options).html;
        assert!(out.contains("href=\"./\""), "{out}");
    }

    #[test]
    fn same_page_fragment_is_left_and_recorded() {
        let rendered = render_with("[up](#rollback-plan) [top](#)", false);
        assert!(rendered.html.contains("href=\"#rollback-plan\""));
        assert_eq!(
            rendered.links,
            vec![InternalLink {
                line: 1,
                column: 1,
                width: 20,
                url: String::new(),
                fragment: Some("rollback-plan".into()),
                kind: InternalLinkKind::Page
            }]
        );
    }

    #[test]
    fn absolute_urls_and_other_relative_links_are_unchanged_and_unrecorded() {
        let rendered = render_with(
            "[a](https://example.com/x.md) [b](mailto:a@b.c) <https://x.org> <me@b.c> [c](//cdn.x/y) [d](img/a.png)",
            false,
        );
        for href in
            ["https://example.com/x.md", "mailto:a@b.c", "https://x.org", "mailto:me@b.c", "//cdn.x/y", "img/a.png"]
        {
            assert!(rendered.html.contains(&format!("href=\"{href}\"")), "{href}: {}", rendered.html);
        }
        // Only the http(s) ones are kept, for the check to see whether they point into the site.
        let absolute: Vec<_> = rendered.links.iter().map(|l| (l.url.as_str(), l.kind)).collect();
        assert_eq!(
            absolute,
            [("https://example.com/x.md", InternalLinkKind::Absolute), ("https://x.org", InternalLinkKind::Absolute)]
        );
        assert!(rendered.problems.is_empty());
    }

    // 3f. Unsafe schemes

    #[test]
    fn script_schemes_are_never_live() {
        let sources = [
            "[click](javascript:alert(1))",
            "[click](JavaScript:alert(1))",
            "[click](<  javascript:alert(1)>)",
            "[click](java%09script:alert(1))",
            "[click](%6Aavascript:alert(1))",
            "[click](&#106;avascript:alert(1))",
            "[click](&#x6A;avascript&colon;alert(1))",
            "[click](vbscript:msgbox)",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "[click][r]\n\n[r]: javascript:alert(1)",
        ];
        for source in sources {
            let out = html(source);
            assert_eq!(out, "<p>click</p>\n", "{source}");
        }
    }

    #[test]
    fn embedded_tabs_and_newlines_do_not_hide_a_script_scheme() {
        assert!(is_unsafe_url("java\tscript:alert(1)"));
        assert!(is_unsafe_url("\u{1}\u{0} jav\nascript:x"));
        assert!(is_unsafe_url(" DATA:text/html,x"));
        assert!(!is_unsafe_url("https://example.com/javascript:"));
        assert!(!is_unsafe_url("notes/data.md"));
    }

    #[test]
    fn script_scheme_autolink_and_image_show_only_text() {
        assert_eq!(html("<javascript:alert(1)>"), "<p>javascript:alert(1)</p>\n");
        assert_eq!(html("![a *diagram*](javascript:alert(1))"), "<p>a <em>diagram</em></p>\n");
    }

    #[test]
    fn doubly_encoded_reference_reaches_the_browser_as_text() {
        let out = html("[x](&amp;#106;avascript:alert(1))");
        assert!(out.contains("href=\"&amp;#106;avascript:alert(1)\""), "{out}");
    }

    // 4. Raw HTML

    #[test]
    fn raw_html_is_shown_as_text_by_default() {
        let out = html("<script>alert(1)</script>\n\nan <img src=x onerror=alert(1)> here\n");
        assert_eq!(
            out,
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n\
             <p>an &lt;img src=x onerror=alert(1)&gt; here</p>\n"
        );
    }

    #[test]
    fn allowed_raw_html_loses_script_urls_even_across_lines() {
        let source = "<div>\n<a class=\"x\"\nhref=\"JaVa&#x09;ScRiPt:alert(1)\">block</a>\n</div>\n\nan <a href=\"&#106;avascript:x\">inline</a> one\n";
        let out = render_with(source, true).html;
        assert!(!out.contains("avascript") && !out.contains("ScRiPt"), "{out}");
        assert!(out.contains("<a class=\"x\"\n>block</a>"), "{out}");
        assert!(out.contains("<a >inline</a>"), "{out}");
    }

    #[test]
    fn an_image_may_be_inline_data_but_a_link_may_not() {
        assert!(html("![dot](data:image/png;base64,iVBORw0=)").contains("<img src=\"data:image/png;base64,iVBORw0=\""));
        assert_eq!(html("[dot](data:image/png;base64,iVBORw0=)"), "<p>dot</p>\n");
    }

    #[test]
    fn raw_html_passes_through_when_allowed() {
        let out = render_with("<div class=\"note\">\nhi\n</div>\n\nan <kbd>Ctrl</kbd> key\n", true).html;
        assert_eq!(out, "<div class=\"note\">\nhi\n</div>\n<p>an <kbd>Ctrl</kbd> key</p>\n");
    }

    // 5. Code blocks

    #[test]
    fn fenced_code_is_highlighted_in_the_wrapper() {
        let out = html("```rust ignore\nfn main() {}\n```\n");
        assert!(
            out.starts_with("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-source hl-rust\">"),
            "{out}"
        );
        assert!(out.ends_with("</code></pre>\n"), "{out}");
    }

    #[test]
    fn unknown_or_absent_language_is_escaped_plain_text() {
        assert_eq!(
            html("```nosuch\"lang\n<b>\n```\n"),
            "<pre class=\"code\" data-lang=\"nosuch&quot;lang\"><code>&lt;b&gt;\n</code></pre>\n"
        );
        assert_eq!(html("```\n<b>\n```\n"), "<pre class=\"code\"><code>&lt;b&gt;\n</code></pre>\n");
    }

    #[test]
    fn indented_code_is_plain() {
        assert_eq!(html("    let x = 1;\n"), "<pre class=\"code\"><code>let x = 1;\n</code></pre>\n");
    }

    // 6. Plain text

    #[test]
    fn plain_text_has_no_markup_and_separates_blocks() {
        let source = "# Title\n\nSome *very* `code` text\nwrapped.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```sh\nmake\n```\n";
        assert_eq!(
            render_with(source, false).plain_text,
            "Title\nSome very code text wrapped.\none\ntwo\na b\n1 2\nmake"
        );
    }

    #[test]
    fn plain_text_leaves_out_allowed_html() {
        assert_eq!(render_with("a <b>bold</b> c", true).plain_text, "a bold c");
    }

    // 7. Robustness

    #[test]
    fn odd_inputs_render_quickly_without_panicking() {
        let nested_lists = "- ".repeat(1000) + "deep\n";
        let nested_quotes = "> ".repeat(1000) + "deep\n";
        let indented_lists: String = (0..1000).map(|depth| format!("{}- x\n", "  ".repeat(depth))).collect();
        let inputs = [
            "```rust\nunclosed fence".to_owned(),
            "[[".to_owned(),
            "[[]]".to_owned(),
            "[[|]] [[#]] [[#x]] ![[]] [[a|b|c]] [[[[x]]]]".to_owned(),
            "*".repeat(5000),
            "*a **b _c __d ".repeat(2000),
            "[[".repeat(5000) + &"]]".repeat(5000),
            "[".repeat(5000) + &"](x)".repeat(100),
            nested_lists,
            nested_quotes,
            indented_lists,
            "# \n#\n###### {#}\n".to_owned(),
            "\0\u{feff}\r\n\r\n<\u{0}>".to_owned(),
        ];
        let started = Instant::now();
        for input in &inputs {
            let rendered = render_with(input, false);
            assert_eq!(rendered, render_with(input, false), "deterministic");
        }
        assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    }

    #[test]
    fn percent_decoding_keeps_invalid_text_as_written() {
        assert_eq!(percent_decode("a%20b%2Fc"), "a b/c");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%+1%zz"), "%+1%zz");
        assert_eq!(percent_decode("%ff"), "%ff");
    }
}
