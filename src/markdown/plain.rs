//! The visible text of a body, for the search index.

use pulldown_cmark::{Event, TagEnd};

/// The visible text, blocks on their own lines, for a search index.
#[derive(Default)]
pub(super) struct PlainText(String);

impl PlainText {
    pub(super) fn note(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(text) | Event::Code(text) => self.0.push_str(text),
            Event::SoftBreak | Event::End(TagEnd::TableCell) => self.space(),
            Event::HardBreak => self.line_break(),
            Event::End(end) if ends_block(end) => self.line_break(),
            _ => {}
        }
    }

    pub(super) fn push_block(&mut self, text: &str) {
        self.0.push_str(text);
        self.line_break();
    }

    pub(super) fn space(&mut self) {
        if !self.0.is_empty() && !self.0.ends_with(char::is_whitespace) {
            self.0.push(' ');
        }
    }

    pub(super) fn line_break(&mut self) {
        let kept = self.0.trim_end_matches(' ').len();
        self.0.truncate(kept);
        if !self.0.is_empty() && !self.0.ends_with('\n') {
            self.0.push('\n');
        }
    }

    pub(super) fn finish(self) -> String {
        self.0.trim_end().to_owned()
    }
}

pub(super) fn ends_block(end: &TagEnd) -> bool {
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
