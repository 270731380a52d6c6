//! baton: a static site generator for handoff knowledge bases.
//!
//! A build is one pass in one direction: [`load`] reads the site folder, [`link`] types it into
//! a [`model::Base`], [`markdown`] reads its texts (headings and links for the check, HTML for a
//! build), [`check`] finds what needs attention, [`render`] turns it into pages and [`write`]
//! puts them on disk (atomically) or in memory. [`sitemap`] says which pages a base has, for the
//! check of links and for render alike. [`cli`] is the thin shell around it.
//! [`graph`] and [`metrics`] are read-only analyses of the base that render and the CLI share.

pub mod build;
pub mod build_cache;
pub mod check;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod diagnostic;
pub mod digest;
pub mod export;
pub mod graph;
pub mod host;
pub mod html;
pub mod link;
pub mod load;
pub mod lsp;
pub mod markdown;
pub mod memory;
pub mod metrics;
pub mod model;
pub mod notify;
pub mod output_folder;
pub mod percent;
pub mod records;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod slug;
pub mod starter;
pub mod suggest;
#[cfg(test)]
mod testing;
pub mod timings;
pub mod trackers;
pub mod write;
