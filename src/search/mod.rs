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
pub mod memory_index;
pub mod query;
pub mod schema;
pub mod static_index;

use std::collections::BTreeSet;
use std::path::Path;

/// Answers `query` from the cached index of `site` (brought up to date first), as `baton search`
/// and `baton serve`'s `/api/search` both do. A segment that opens but cannot be read is rebuilt
/// once rather than failing. Returns the results and notes worth telling the user.
pub fn run_query(
    site: &Path,
    query: &query::Query,
    options: engine::SearchOptions,
) -> anyhow::Result<(engine::Results, Vec<String>)> {
    let mut opened = cache::open(site)?;
    let results = match engine::search(&opened.searchable, query, options) {
        Ok(results) => results,
        Err(_) => {
            opened = cache::rebuild(site)?;
            opened.notes.push("the search index was damaged; rebuilt it".into());
            engine::search(&opened.searchable, query, options)?
        }
    };
    Ok((results, opened.notes))
}

/// For each hit, the line of its file with a matched word (the file may have changed: best effort).
pub fn match_lines(site: &Path, results: &engine::Results) -> Vec<usize> {
    let wanted: BTreeSet<String> = results.terms.iter().cloned().collect();
    results
        .hits
        .iter()
        .map(|hit| {
            let first = hit.first_line as usize;
            std::fs::read_to_string(site.join(&hit.file))
                .map(|s| format::match_line(&s, first, &wanted))
                .unwrap_or(first)
        })
        .collect()
}
