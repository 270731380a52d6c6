//! The tantivy schema of the command-line index, defined in one place.
//!
//! Only what `baton search` prints is `STORED` (id, kind, title, status, people, date, file,
//! url, and the body, which snippets are cut from); the heading (title and tags: what a page is
//! about), teams and tags are indexed only. Changing anything here changes [`SCHEMA_VERSION`], which makes every cached index
//! rebuild itself instead of being read with the wrong layout.

use super::analyze::TOKENIZER_NAME;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// Bump on any change to [`schema`], to the analysis in `analyze` or to what `document` puts in a
/// document: an index built by another version is then rebuilt rather than misread.
pub const SCHEMA_VERSION: u32 = 1;

/// The fields of the index, looked up once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Handoff or decision id.
    pub id: Field,
    /// `handoff` or `decision`.
    pub kind: Field,
    /// Site-root-relative page URL.
    pub url: Field,
    /// Source file relative to the site; also the key incremental updates delete by.
    pub file: Field,
    /// The title as written, for display.
    pub title: Field,
    /// Title and tags, analyzed, with positions for phrases: what ranks above the body.
    pub heading: Field,
    /// Everything else, analyzed, with positions; stored for snippets.
    pub body: Field,
    /// Status as written.
    pub status: Field,
    /// Owner (handoffs) or deciders (decisions), one value each.
    pub people: Field,
    /// Team slugs.
    pub team: Field,
    /// Tag slugs.
    pub tag: Field,
    /// The date as `YYYYMMDD`, for `--since` and display.
    pub date: Field,
    /// The line of its file the document starts on, where the search for the matching line starts.
    pub line: Field,
    /// 1 for decisions, as a fast field, for boosting decisions when a query asks why.
    pub decision: Field,
    /// [`super::document::SearchDoc::order_key`]: how equal scores are ordered.
    pub order: Field,
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored { options.set_stored() } else { options }
    };
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        kind: builder.add_text_field("kind", STRING | STORED),
        url: builder.add_text_field("url", STORED),
        file: builder.add_text_field("file", STRING | STORED),
        title: builder.add_text_field("title", STORED),
        heading: builder.add_text_field("heading", text(false)),
        body: builder.add_text_field("body", text(true)),
        status: builder.add_text_field("status", STRING | STORED),
        people: builder.add_text_field("people", STRING | STORED),
        team: builder.add_text_field("team", STRING),
        tag: builder.add_text_field("tag", STRING),
        date: builder.add_u64_field("date", NumericOptions::from(INDEXED | STORED).set_fast()),
        line: builder.add_u64_field("line", STORED),
        decision: builder.add_u64_field("decision", FAST),
        order: builder.add_text_field("order", STORED),
    };
    (builder.build(), fields)
}

/// `2026-11-20` → `20261120`, the form the date field holds.
pub fn date_number(date: &str) -> Option<u64> {
    let digits: String = date.chars().filter(|c| *c != '-').collect();
    (digits.len() == 8).then(|| digits.parse().ok()).flatten()
}

/// `20261120` → `2026-11-20`.
pub fn date_text(number: u64) -> String {
    format!("{:04}-{:02}-{:02}", number / 10000, number / 100 % 100, number % 100)
}
