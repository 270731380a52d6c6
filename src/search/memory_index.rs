//! A search index held in memory, built from documents in one go.
//!
//! The command line's index lives on disk and is kept current file by file ([`super::cache`]);
//! the fuzz target and the engine's tests want the same engine over a handful of documents with
//! no site folder, no manifest and no lock. Same schema, same analyzer, same document form, so a
//! query behaves here exactly as it does in `baton search`.

use super::cache::tantivy_doc;
use super::document::SearchDoc;
use super::engine::{Searchable, register_analyzer};
use super::schema::schema;
use tantivy::{Index, IndexWriter, ReloadPolicy, TantivyDocument};

/// tantivy's smallest writer budget is plenty for a few documents.
const WRITER_HEAP: usize = 15 * 1024 * 1024;

/// An index of `docs`, ready to search.
pub fn in_memory(docs: &[SearchDoc]) -> tantivy::Result<Searchable> {
    let (schema, fields) = schema();
    let index = Index::create_in_ram(schema);
    register_analyzer(&index);
    let mut writer: IndexWriter<TantivyDocument> = index.writer(WRITER_HEAP)?;
    for doc in docs {
        writer.add_document(tantivy_doc(&fields, doc))?;
    }
    writer.commit()?;
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    Ok(Searchable { index, reader, fields })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::markdown::MarkdownOptions;
    use crate::markdown::bodies::render_bodies;
    use crate::search::engine::{SearchOptions, search};
    use crate::search::query::parse;

    /// Documents of two small handoffs.
    fn documents() -> Vec<SearchDoc> {
        let base = crate::testing::base(&[
            ("ledger.md", "---\ntitle: Ledger cutover\nowner: kofi\nstatus: blocked\n---\nDual write to Postgres.\n"),
            ("cdc.md", "---\ntitle: CDC pipeline\nowner: ana\n---\nStop the Debezium connector.\n"),
        ]);
        let mut diagnostics = Diagnostics::default();
        let bodies = render_bodies(&base, &MarkdownOptions { allow_html: false }, &mut diagnostics);
        crate::search::document::documents(&base, &bodies)
    }

    #[test]
    fn a_memory_index_answers_like_the_disk_one() {
        let index = in_memory(&documents()).unwrap();
        let options = SearchOptions { limit: 10, since: None };
        let ids = |q: &str| -> Vec<String> {
            search(&index, &parse(q).unwrap(), options).unwrap().hits.into_iter().map(|h| h.id).collect()
        };
        assert_eq!(ids("\"dual write\""), ["ledger"]);
        assert_eq!(ids("debez*"), ["cdc"]);
        assert_eq!(ids("owner:kofi status:blocked"), ["ledger"]);
        assert!(ids("-postgres connector").iter().all(|id| id == "cdc"));
    }
}
