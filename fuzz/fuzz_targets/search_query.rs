//! The search query language and the engine behind `baton search` and `/api/search`: any text a
//! user types must parse or be refused with a sentence, and a parsed query must run, never panic.
//!
//! The index (a few handoffs and a decision, in memory) is built once; each input is parsed,
//! searched with and without a `--since` date, and formatted for the terminal and as JSON.
#![no_main]

use baton_kb::diagnostic::Diagnostics;
use baton_kb::load::{SourceFile, parse_file};
use baton_kb::markdown::MarkdownOptions;
use baton_kb::search::engine::{SearchOptions, Searchable, search};
use baton_kb::search::{format, memory_index, query};
use libfuzzer_sys::fuzz_target;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// Content files: path → text. Words the seeds look for (ledger, kafka, postgres, dual write).
const FILES: &[(&str, &str)] = &[
    (
        "content/payments/ledger.md",
        "---\ntitle: Ledger cutover\nowner: kofi\nstatus: blocked\nblocked_reason: Vendor outage\ntags: [ledger-v2]\nupdated: 2026-10-02\ndecisions:\n  - id: why-postgres\n    title: Why Postgres over Cassandra\n    date: 2026-09-01\n    status: accepted\n    by: [kofi, ana]\n    decision: Postgres, for its transactions.\n---\nDual write to Postgres, then cut over. Kafka carries the events.\n",
    ),
    (
        "content/data/cdc.md",
        "---\ntitle: CDC pipeline\nowner: ana\nstatus: in-progress\nupdated: 2026-11-01\n---\n## Rollback\n\nStop the Debezium connector; Kafka keeps 7 days.\n",
    ),
    (
        "content/decisions/adr-kafka.md",
        "---\nkind: decision\nid: adr-kafka\ntitle: \"Carry ledger events on Kafka\"\nstatus: accepted\ndate: 2026-08-12\nby: [kofi]\ntags: [Kafka]\n---\nKafka over RabbitMQ: replay matters more than latency.\n",
    ),
    (
        "content/ops/runbook.md",
        "---\ntitle: Runbook für Störungen\nowner: lea\nstatus: in-progress\n---\nÉtapes: redémarrer, vérifier.\n",
    ),
];

struct Fixture {
    index: Searchable,
    sources: BTreeMap<String, &'static str>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let mut diagnostics = Diagnostics::default();
        let files: Vec<_> = FILES
            .iter()
            .flat_map(|(path, text)| {
                parse_file(&SourceFile { path: (*path).into(), text: (*text).into() }, &mut diagnostics)
            })
            .collect();
        let base = baton_kb::link::link(&files, None, &mut diagnostics);
        let bodies =
            baton_kb::markdown::bodies::render_bodies(&base, &MarkdownOptions { allow_html: false }, &mut diagnostics);
        let docs = baton_kb::search::document::documents(&base, &bodies);
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(docs.len(), 5, "the fixture indexes every handoff and both decisions: {ids:?}\n{diagnostics:?}");
        let index = memory_index::in_memory(&docs).expect("an index in memory");
        let sources = FILES.iter().map(|(path, text)| (path.to_string(), *text)).collect();
        Fixture { index, sources }
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let fixture = fixture();
    let Ok(parsed) = query::parse(text) else { return };
    for since in [None, Some(20261001)] {
        let options = SearchOptions { limit: 10, since };
        let results = search(&fixture.index, &parsed, options).expect("a parsed query runs");
        let wanted: BTreeSet<String> = results.terms.iter().cloned().collect();
        let lines: Vec<usize> = results
            .hits
            .iter()
            .map(|hit| {
                let source = fixture.sources.get(&hit.file).copied().unwrap_or("");
                format::match_line(source, hit.first_line as usize, &wanted)
            })
            .collect();
        format::human(&results, &lines, true);
        format::json(&results, &lines);
    }
});
