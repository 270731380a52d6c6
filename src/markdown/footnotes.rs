//! Footnotes: numbered through the page, with ids in their own `fn-`/`fnref-` namespace, so
//! `[^rollback]` never shares an id with `## Rollback` (pulldown-cmark would use the bare label).

use super::escape_html;
use super::walker::Body;
use pulldown_cmark::{Event, Tag};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// The footnotes of one text.
#[derive(Default)]
pub(super) struct Footnotes {
    pub(super) referenced: BTreeSet<String>,
    pub(super) defined: BTreeSet<String>,
    /// By lowercased label, once seen.
    pub(super) by_label: BTreeMap<String, Footnote>,
}

#[derive(Clone)]
pub(super) struct Footnote {
    number: usize,
    slug: String,
    id: String,
    /// The id of its first reference, when something refers to it.
    first_reference: Option<String>,
    references: usize,
}

impl Body<'_, '_> {
    /// The footnote `label`, numbered and given its ids the first time it is seen.
    pub(super) fn footnote(&mut self, label: &str) -> &mut Footnote {
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

    pub(super) fn footnote_reference(&mut self, label: &str) {
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

    pub(super) fn start_footnote(&mut self, label: &str) {
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

/// The footnote labels referred to and defined (lowercased, as labels match): a definition
/// links back to its first reference only when there is one, and a reference to nothing is text.
pub(super) fn footnote_labels(events: &[(Event<'_>, Range<usize>)]) -> Footnotes {
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
