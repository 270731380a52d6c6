//! The walk over one text's parser events: each event is passed on, rewritten or held back, and
//! what the later stages need (headings, links, problems) is noted on the way. Headings, footnotes,
//! code blocks and links each have their own module; this one holds the state they share.

use super::code::CodeDraft;
use super::destination::percent_decode;
use super::footnotes::Footnotes;
use super::headings::HeadingDraft;
use super::ids::PageIds;
use super::lines::{LineIndex, Position};
use super::plain::PlainText;
use super::raw_html::without_script_urls;
use super::{Heading, InternalLink, InternalLinkKind, LinkProblem, LinkResolver, MarkdownOptions, Output, Rendered};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// The inputs of one render that never change during it.
pub(super) struct Context<'a> {
    pub(super) from_file: &'a str,
    pub(super) root: &'a str,
    pub(super) resolver: &'a dyn LinkResolver,
    pub(super) options: &'a MarkdownOptions,
    /// Whether HTML is made at all.
    pub(super) output: Output,
    pub(super) lines: LineIndex<'a>,
}

impl Context<'_> {
    /// Whether the walk makes HTML and search text, not only the outline.
    pub(super) fn makes_html(&self) -> bool {
        self.output == Output::Html
    }

    /// A link from this page to a site-root-relative `url`.
    pub(super) fn site_href(&self, url: &str, fragment: Option<&str>) -> String {
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
pub(super) struct Body<'a, 'p> {
    pub(super) context: Context<'a>,
    pub(super) out: Vec<Event<'a>>,
    pub(super) plain: PlainText,
    pub(super) ids: &'p mut PageIds,
    pub(super) footnotes: Footnotes,
    /// The raw HTML block being read, when HTML is allowed.
    pub(super) raw_block: Option<String>,
    pub(super) heading: Option<HeadingDraft<'a>>,
    pub(super) code: Option<CodeDraft>,
    /// One entry per open link or image: how to close it.
    pub(super) closers: Vec<Closer>,
    /// Nesting depth inside a link whose written text is being replaced (0 when not skipping).
    pub(super) skipping: usize,
    pub(super) headings: Vec<Heading>,
    pub(super) footnote_ids: Vec<String>,
    pub(super) links: Vec<InternalLink>,
    pub(super) problems: Vec<LinkProblem>,
}

/// How the end of a link or image is written, decided at its start.
pub(super) enum Closer {
    Tag,
    Span,
    Nothing,
}

/// What becomes of one link or image.
pub(super) enum LinkAction {
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
    pub(super) fn new(context: Context<'a>, ids: &'p mut PageIds, footnotes: Footnotes) -> Self {
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
    pub(super) fn accept(&mut self, event: Event<'a>, range: Range<usize>, upcoming: &[(Event<'a>, Range<usize>)]) {
        if self.skipping > 0 && self.skips(&event) {
            return;
        }
        if let (Some(code), Event::Text(text)) = (&mut self.code, &event) {
            code.text.push_str(text);
            return;
        }
        let allow_html = self.context.options.allow_html;
        // Raw HTML holds no headings or links the outline could need.
        let raw = matches!(
            event,
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock)
        );
        if raw && !self.context.makes_html() {
            return;
        }
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
    pub(super) fn skips(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(_) => self.skipping += 1,
            Event::End(_) => self.skipping -= 1,
            _ => {}
        }
        self.skipping > 0
    }

    pub(super) fn emit(&mut self, event: Event<'a>) {
        let html = self.context.makes_html();
        if html {
            self.plain.note(&event);
        }
        match &mut self.heading {
            // A heading's text makes its anchor, so it is held either way.
            Some(draft) => draft.push(event),
            None if html => self.out.push(event),
            None => {}
        }
    }

    pub(super) fn finish(self) -> Rendered {
        let mut html = String::new();
        if self.context.makes_html() {
            pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        }
        Rendered {
            html,
            headings: self.headings,
            footnote_ids: self.footnote_ids,
            links: self.links,
            problems: self.problems,
            plain_text: self.plain.finish(),
        }
    }

    pub(super) fn record(&mut self, at: Position, url: String, fragment: Option<&str>, kind: InternalLinkKind) {
        self.links.push(InternalLink {
            line: at.line,
            column: at.column,
            width: at.width,
            url,
            fragment: fragment.map(percent_decode),
            kind,
        });
    }

    pub(super) fn problem(&mut self, at: Position, target: &str, message: String) {
        let (line, column, width) = (at.line, at.column, at.width);
        self.problems.push(LinkProblem { line, column, width, target: target.to_owned(), message });
    }
}
