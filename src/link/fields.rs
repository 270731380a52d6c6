//! Typing single values: a spanned string becomes an id, handle, date, duration or status, or a
//! diagnostic that names the field and what was expected.
//!
//! Shared by every converter in the link stage so the same mistake reads the same everywhere.

use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::load::Locator;
use crate::load::raw::Text;
use crate::model::{At, Duration, Handle, Id, Moment};

/// Converts values of one file, reporting problems against it.
pub struct Fields<'a> {
    /// Where the file's values were written.
    pub locator: &'a Locator,
    /// Where problems go.
    pub diagnostics: &'a mut Diagnostics,
}

impl Fields<'_> {
    /// Where a value was written.
    pub fn span(&self, text: &Text) -> Span {
        self.locator.at(text)
    }

    /// Records an error of `rule` for `field` at `text`.
    pub fn error(&mut self, rule: &'static str, text: &Text, field: &str, message: String) {
        let span = self.span(text);
        self.diagnostics.push(Diagnostic::error(rule, span, message).field(field));
    }

    /// A required, non-empty string; reports `missing-field` at `fallback` when absent.
    pub fn required(&mut self, text: Option<&Text>, field: &str, fallback: &Span) -> Option<String> {
        match text.map(|t| t.value.trim()) {
            Some(value) if !value.is_empty() => Some(value.to_string()),
            _ => {
                let span = text.map_or_else(|| fallback.clone(), |t| self.span(t));
                let message = format!("`{field}` is required and must not be empty");
                self.diagnostics.push(Diagnostic::error("missing-field", span, message).field(field));
                None
            }
        }
    }

    /// An id.
    pub fn id(&mut self, text: &Text, field: &str) -> Option<At<Id>> {
        let span = self.span(text);
        Id::parse(text.value.trim()).map(|id| At::new(id, span)).map_err(|m| self.error("bad-id", text, field, m)).ok()
    }

    /// A handle (a leading `@` is reported with the fix, not silently dropped).
    pub fn handle(&mut self, text: &Text, field: &str) -> Option<At<Handle>> {
        let span = self.span(text);
        Handle::parse(text.value.trim())
            .map(|h| At::new(h, span))
            .map_err(|m| self.error("bad-handle", text, field, m))
            .ok()
    }

    /// An optional handle.
    pub fn opt_handle(&mut self, text: Option<&Text>, field: &str) -> Option<At<Handle>> {
        text.and_then(|t| self.handle(t, field))
    }

    /// A date or date-time.
    pub fn moment(&mut self, text: Option<&Text>, field: &str) -> Option<At<Moment>> {
        let text = text?;
        let span = self.span(text);
        Moment::parse(&text.value).map(|m| At::new(m, span)).map_err(|m| self.error("bad-date", text, field, m)).ok()
    }

    /// A duration.
    pub fn duration(&mut self, text: Option<&Text>, field: &str) -> Option<At<Duration>> {
        let text = text?;
        let span = self.span(text);
        Duration::parse(&text.value)
            .map(|d| At::new(d, span))
            .map_err(|m| self.error("bad-duration", text, field, m))
            .ok()
    }

    /// One of a fixed set of words (statuses, link kinds); the error lists them all.
    pub fn choice<T: Copy>(&mut self, text: &Text, field: &str, all: &[T], name: fn(T) -> &'static str) -> Option<T> {
        let value = text.value.trim();
        if let Some(found) = all.iter().copied().find(|c| name(*c) == value) {
            return Some(found);
        }
        let names: Vec<&str> = all.iter().map(|c| name(*c)).collect();
        let hint = crate::suggest::did_you_mean(value, names.iter().copied()).map(|n| format!("did you mean `{n}`?"));
        let message = format!("`{value}` is not a valid `{field}`: expected one of {}", names.join(", "));
        let span = self.span(text);
        self.diagnostics.push(Diagnostic::error("bad-value", span, message).field(field).hint(hint));
        None
    }

    /// A list of ids, dropping (and reporting) bad ones.
    pub fn ids(&mut self, texts: &[Text], field: &str) -> Vec<At<Id>> {
        texts.iter().filter_map(|t| self.id(t, field)).collect()
    }

    /// A list of handles written as one value or a list.
    pub fn handles(
        &mut self,
        value: Option<&serde_saphyr::Spanned<crate::load::raw::OneOrMany>>,
        field: &str,
    ) -> Vec<At<Handle>> {
        let Some(value) = value else {
            return Vec::new();
        };
        value.value.0.iter().filter_map(|t| self.handle(&with_outer_span(t, value), field)).collect()
    }

    /// A list of ids written as one value or a list.
    pub fn id_list(
        &mut self,
        value: Option<&serde_saphyr::Spanned<crate::load::raw::OneOrMany>>,
        field: &str,
    ) -> Vec<At<Id>> {
        let Some(value) = value else {
            return Vec::new();
        };
        value.value.0.iter().filter_map(|t| self.id(&with_outer_span(t, value), field)).collect()
    }
}

/// A single value written without a list has no span of its own: lend it the outer one.
fn with_outer_span<T>(inner: &Text, outer: &serde_saphyr::Spanned<T>) -> Text {
    if inner.referenced.line() == 0 {
        Text::new(inner.value.clone(), outer.referenced, outer.defined)
    } else {
        inner.clone()
    }
}

impl Fields<'_> {
    /// A tag or team name (see [`group_name`]).
    pub fn group_name(&mut self, text: &Text, field: &str) -> Option<String> {
        group_name(&text.value, self.span(text), field, self.diagnostics)
    }
}

/// A tag or team name: shown as written, and its slug names its page (`/tags/SLUG/`). A blank
/// one is absent; one that gives no slug, or too long a slug, is reported (`bad-slug`) rather
/// than dropped, so no tag or team disappears from the pages without a word.
pub fn group_name(written: &str, span: Span, field: &str, diagnostics: &mut Diagnostics) -> Option<String> {
    let name = written.trim();
    let slug = crate::slug::slugify(name);
    let (message, hint) = if name.is_empty() {
        return None;
    } else if slug.is_empty() {
        let message = format!("`{name}` has no letter or digit to name its page with");
        (message, "write a name with at least one letter or digit, e.g. `cpp` for `++`")
    } else if slug.len() > crate::slug::MAX_LEN {
        let message = format!(
            "this name's page would be named with {} bytes; a page name is at most {}",
            slug.len(),
            crate::slug::MAX_LEN
        );
        (message, "shorten the name")
    } else {
        return Some(name.to_string());
    };
    diagnostics.push(Diagnostic::error("bad-slug", span, message).field(field).hint(Some(hint.to_string())));
    None
}

/// Trims a text field; empty means absent.
pub fn text(value: Option<&Text>) -> Option<String> {
    value.map(|t| t.value.trim().to_string()).filter(|t| !t.is_empty())
}
