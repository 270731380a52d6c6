//! Headings: the anchor is a slug of the heading's text, which is only known at its end, so the
//! heading's events are held back until then.

use super::Heading;
use super::escape_html;
use super::ids::heading_slug;
use super::walker::Body;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

/// Custom heading attributes, `{key=value}`, as the parser gives them.
pub(super) type HeadingAttributes<'a> = Vec<(CowStr<'a>, Option<CowStr<'a>>)>;

/// A heading whose end has not been seen yet.
pub(super) struct HeadingDraft<'a> {
    pub(super) level: HeadingLevel,
    pub(super) id: Option<String>,
    pub(super) classes: Vec<CowStr<'a>>,
    pub(super) attrs: HeadingAttributes<'a>,
    pub(super) events: Vec<Event<'a>>,
    pub(super) text: String,
}

impl<'a> HeadingDraft<'a> {
    pub(super) fn push(&mut self, event: Event<'a>) {
        match &event {
            Event::Text(text) | Event::Code(text) => self.text.push_str(text),
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            _ => {}
        }
        self.events.push(event);
    }
}

impl<'a> Body<'a, '_> {
    pub(super) fn start_heading(
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

    pub(super) fn end_heading(&mut self) {
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
        if self.context.makes_html() {
            self.out.extend(draft.events);
        }
        self.emit(Event::End(TagEnd::Heading(draft.level)));
        self.headings.push(Heading { level: draft.level as u8, anchor, text });
    }
}

/// A link to the heading itself, so readers can copy a link to a section.
pub(super) fn self_link(anchor: &str) -> String {
    format!("<a class=\"anchor\" href=\"#{}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>", escape_html(anchor))
}
