//! Code blocks: the text arrives in pieces; it is highlighted as a whole at the block's end.

use super::escape_html;
use super::highlight::highlight_block;
use super::walker::Body;
use pulldown_cmark::{CodeBlockKind, Event};

pub(super) struct CodeDraft {
    pub(super) lang: Option<String>,
    pub(super) text: String,
}

impl CodeDraft {
    pub(super) fn new(kind: &CodeBlockKind<'_>) -> Self {
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

    pub(super) fn html(&self) -> String {
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
    pub(super) fn end_code_block(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        // Highlighting is the dearest part of a body; an outline has no use for it.
        if self.context.makes_html() {
            self.plain.push_block(&code.text);
            self.emit(Event::Html(code.html().into()));
        }
    }
}
