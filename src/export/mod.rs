//! The machine-readable export: the whole base as typed JSON with its relations resolved, under
//! a documented, versioned schema (`docs/export-schema.json`), so bots, chat integrations and
//! agents can read the base without scraping HTML.
//!
//! One envelope serves `/handoffs.json`, `/decisions.json`, `/wraps.json` and `baton export`
//! (which carries all three lists). Every relation is resolved both ways (`depends_on` and
//! `needed_by`, `supersedes` and `superseded_by`) with the other side's title, status and URL,
//! and people come with their name, team and zone from people.yaml. Lists keep the base's id
//! order. URLs are site-root-relative; `site.base_url` says where the site lives. The records are
//! in [`handoff`], [`decision`] and [`wrap`] (what they share in [`records`]); this module only
//! assembles and serialises them.

pub mod decision;
pub mod handoff;
pub mod json;
pub mod records;
pub mod wrap;

use crate::config::SiteConfig;
use crate::model::Base;
use decision::DecisionRecord;
use handoff::HandoffRecord;
use jiff::Timestamp;
use serde::Serialize;
use wrap::WrapRecord;

/// The schema's version. Adding an optional field keeps it; removing or retyping one bumps it.
pub const VERSION: u32 = 1;

/// The `$schema` every document names.
pub const SCHEMA: &str = "https://baton.invalid/schemas/export-v1.json";

/// Which lists a document carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `/handoffs.json`.
    Handoffs,
    /// `/decisions.json`.
    Decisions,
    /// `/wraps.json`.
    Wraps,
    /// `baton export`: everything.
    All,
}

/// The site a document comes from.
#[derive(Debug, Serialize)]
pub struct SiteInfo<'a> {
    /// Its title.
    pub title: &'a str,
    /// Where it is published; page URLs are relative to it.
    pub base_url: &'a str,
}

/// One export document.
#[derive(Debug, Serialize)]
pub struct Export<'a> {
    /// The schema's URI.
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    /// The schema's version.
    pub version: u32,
    /// The site.
    pub site: SiteInfo<'a>,
    /// The "today" the attention flags were computed for (RFC 3339, UTC).
    pub as_of: String,
    /// Handoffs by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handoffs: Option<Vec<HandoffRecord<'a>>>,
    /// Decisions by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisions: Option<Vec<DecisionRecord<'a>>>,
    /// Shift wraps by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wraps: Option<Vec<WrapRecord<'a>>>,
}

/// Assembles the document of `part`.
pub fn export<'a>(base: &'a Base, config: &'a SiteConfig, today: Timestamp, part: Part) -> Export<'a> {
    let wants = |p: Part| part == p || part == Part::All;
    Export {
        schema: SCHEMA,
        version: VERSION,
        site: SiteInfo { title: &config.title, base_url: &config.base_url },
        as_of: today.to_string(),
        handoffs: wants(Part::Handoffs).then(|| base.handoffs.values().map(|h| HandoffRecord::new(base, h)).collect()),
        decisions: wants(Part::Decisions)
            .then(|| base.decisions.values().map(|d| DecisionRecord::new(base, d)).collect()),
        wraps: wants(Part::Wraps).then(|| base.wraps.values().map(|w| WrapRecord::new(base, w)).collect()),
    }
}

/// The document as indented JSON with a final newline, for people reading `baton export`.
/// Like every JSON file baton writes for others, it is HTML-safe (see [`json`]).
pub fn to_json(export: &Export<'_>) -> anyhow::Result<String> {
    Ok(json::to_string_pretty(export)? + "\n")
}

/// The site's JSON files, `handoffs.json`, `decisions.json` and `wraps.json`, made side by side:
/// `put` gets each file's name and a function that writes it as compact JSON with a final
/// newline, HTML-safe (see [`json`]); compact because the files are fetched over the network,
/// where indentation of the bodies of thousands of handoffs is a fifth of the bytes. Streaming it to the file rather than building a string
/// first keeps the 74 MB of `handoffs.json` at 10,000 handoffs out of memory.
pub fn write_site_files<P>(base: &Base, config: &SiteConfig, today: Timestamp, put: P) -> anyhow::Result<()>
where
    P: Fn(&str, &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>) -> anyhow::Result<()> + Sync,
{
    use rayon::prelude::*;
    [("handoffs.json", Part::Handoffs), ("decisions.json", Part::Decisions), ("wraps.json", Part::Wraps)]
        .into_par_iter()
        .try_for_each(|(file, part)| {
            let export = export(base, config, today, part);
            put(file, &|out: &mut dyn std::io::Write| {
                json::to_writer(&mut *out, &export)?;
                out.write_all(b"\n")
            })
        })
}
