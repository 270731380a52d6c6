//! Full-text search over handoffs and decisions: `baton search` on the command line and a static
//! index the site's search page reads.
//!
//! Both sides start from the same [`document::SearchDoc`]s and the same [`analyze`] rules, and
//! rank with the same BM25 formula, so the terminal and the page agree on what comes first.
//! The command line keeps a tantivy index in `.baton/search/` ([`cache`]) and queries it
//! ([`engine`]); the build writes a sharded static index next to the pages ([`static_index`]),
//! which `themes/default/static/search.js` reads a few small files of per query.
//!
//! Not here: argument parsing and printing (`cli`), page templates (the theme).

pub mod analyze;
pub mod cache;
pub mod document;
pub mod engine;
pub mod format;
pub mod hash;
pub mod query;
pub mod schema;
pub mod static_index;
