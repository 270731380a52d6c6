//! Check: rules over the linked base → diagnostics, and the open problems the site shows.
//!
//! Runs after link and after the Markdown pass (which knows every page's anchors), before
//! render. Each group of rules lives in its own module; this one runs them, then applies the
//! levels from `baton.yaml` (`rules:`) to every finding. "Now" is passed in, never read here.

pub mod decisions;
pub mod graph;
pub mod links;
pub mod people;
pub mod readiness;
pub mod rules;
pub mod time;
pub mod wraps;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostics;
use crate::model::{Attention, Base};
use crate::render::bodies::Bodies;
use jiff::Timestamp;
use std::collections::BTreeSet;

/// What the rules look at besides the base.
pub struct CheckInput<'a> {
    /// The linked base.
    pub base: &'a Base,
    /// baton.yaml.
    pub config: &'a SiteConfig,
    /// Every page's rendered Markdown (anchors and internal links).
    pub bodies: &'a Bodies,
    /// Files under `static/`, as site-root paths (`img/flow.svg`).
    pub static_files: &'a BTreeSet<String>,
    /// "Now", for the time rules.
    pub today: Timestamp,
}

/// Runs every rule; returns the open problems for the site.
pub fn check(input: &CheckInput<'_>, diagnostics: &mut Diagnostics) -> Attention {
    let mut attention = Attention::default();
    readiness::check(input, diagnostics);
    people::check(input, diagnostics);
    graph::check(input.base, diagnostics);
    decisions::check(input.base, diagnostics);
    links::check(input, diagnostics);
    wraps::check(input, diagnostics);
    time::check(input, diagnostics, &mut attention);
    attention
}

/// Parses `--today`/`BATON_TODAY`: a date (00:00 UTC that day) or an RFC 3339 date-time.
pub fn parse_today(text: &str) -> Result<Timestamp, String> {
    crate::model::Moment::parse(text).map(|m| m.instant)
}
