//! Links and images: each destination is classified, resolved against the site's pages and
//! rewritten relative to the page, or reported when it names nothing.

use super::destination::{Destination, classify, is_http, is_image_data, percent_decode, split_fragment};
use super::lines::Position;
use super::walker::{Body, Closer, LinkAction};
use super::{FileLink, InternalLinkKind};
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use std::ops::Range;

impl<'a> Body<'a, '_> {
    pub(super) fn start_link(&mut self, tag: Tag<'a>, range: Range<usize>, upcoming: &[(Event<'a>, Range<usize>)]) {
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

    pub(super) fn apply(&mut self, tag: Tag<'a>, action: LinkAction) {
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

    pub(super) fn end_link(&mut self, end: TagEnd) {
        match self.closers.pop() {
            Some(Closer::Tag) => self.emit(Event::End(end)),
            Some(Closer::Span) => self.emit(Event::Html("</span>".into())),
            Some(Closer::Nothing) | None => {}
        }
    }

    pub(super) fn wiki_link(&mut self, written: &str, use_title: bool, at: Position) -> LinkAction {
        let (id, fragment) = split_fragment(written);
        let id = id.trim();
        let fragment = fragment.map(str::trim).filter(|fragment| !fragment.is_empty());
        let Some((url, title)) = self.context.resolver.page_for_id(id) else {
            self.problem(at, written, format!("unknown id `{id}` in wiki link"));
            return LinkAction::Broken;
        };
        // An inline decision's address is an entry on its handoff's page: `handoffs/H/#decision-D`.
        let (url, fragment) = match url.split_once('#') {
            Some((page, anchor)) => (page.to_string(), fragment.or(Some(anchor))),
            None => (url, fragment),
        };
        let href = self.context.site_href(&url, fragment);
        self.record(at, url, fragment, InternalLinkKind::Page);
        if use_title { LinkAction::LiveTitled { href, title } } else { LinkAction::Live(href) }
    }

    pub(super) fn link_to(&mut self, dest: &str, at: Position) -> LinkAction {
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
                // `/decisions/D/` of a decision that now lives on its handoff's page goes there.
                let moved = fragment.is_none().then(|| self.context.resolver.moved_page(&url)).flatten();
                self.record(at, url, fragment, InternalLinkKind::SitePath);
                match moved.as_deref().and_then(|to| to.split_once('#')) {
                    Some((page, anchor)) => LinkAction::Live(self.context.site_href(page, Some(anchor))),
                    None => LinkAction::Live(self.context.site_href(moved.as_deref().unwrap_or(path), fragment)),
                }
            }
            Destination::ContentFile { path, fragment } => self.content_file_link(dest, path, fragment, at),
        }
    }

    pub(super) fn content_file_link(
        &mut self,
        dest: &str,
        path: &str,
        fragment: Option<&str>,
        at: Position,
    ) -> LinkAction {
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
pub(super) fn label_is_blank(upcoming: &[(Event<'_>, Range<usize>)]) -> bool {
    for (event, _) in upcoming {
        match event {
            Event::End(_) => return true,
            Event::Text(text) if text.trim().is_empty() => {}
            _ => return false,
        }
    }
    true
}

pub(super) fn with_destination(tag: Tag<'_>, href: String) -> Tag<'_> {
    match tag {
        Tag::Link { link_type, title, id, .. } => Tag::Link { link_type, dest_url: href.into(), title, id },
        Tag::Image { link_type, title, id, .. } => Tag::Image { link_type, dest_url: href.into(), title, id },
        other => other,
    }
}
