#![allow(missing_docs, reason = "test code")]
//! Integration tests: the real `baton` binary on small sites written into temporary folders.
//!
//! One test binary (faster to link than one per file) with a small chainable harness, [`Site`].

mod accessibility;
mod adr;
mod adr_folders;
mod bounded_pages;
mod browser;
mod build_cache;
mod build_errors;
mod build_pages;
mod check;
mod check_build;
mod decision_entries;
mod digest;
mod editor_hooks;
mod export;
mod git_repo;
mod graph;
mod hardening;
mod harness;
mod links;
mod load_errors;
mod lsp;
mod metrics;
mod notify;
mod output_safety;
mod owner_pages;
mod pagination;
mod publishing;
mod scaffold;
mod schema;
mod search_bench;
mod search_browser;
mod search_cli;
mod search_relevance;
mod serve;
mod serve_browser;
mod serve_hardening;
mod serve_load;
mod server;
mod trackers;
mod wraps;
