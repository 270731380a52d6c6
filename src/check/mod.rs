//! Check: rules over the linked base → diagnostics, and the open problems the site shows.
//!
//! Runs after link and after the Markdown pass (which knows every page's anchors), before
//! render. Each group of rules lives in its own module. The rules run per [`Subject`] — one
//! handoff's readiness, one page's links, the whole decision history… — so that `serve` can
//! re-check only the subjects a change can have affected ([`findings`]); a whole check is every
//! subject. Levels from `baton.yaml` (`rules:`) are applied by the callers. "Now" is passed in,
//! never read here.

pub mod decisions;
pub mod findings;
pub mod graph;
pub mod links;
pub mod output;
pub mod people;
pub mod readiness;
pub mod rules;
pub mod time;
pub mod trackers;
pub mod wraps;

use crate::config::SiteConfig;
use crate::diagnostic::Diagnostics;
use crate::markdown::bodies::Bodies;
use crate::model::{Attention, Base, Id};
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

/// What one run of some rules is about: the unit of re-checking. Each variant's rules say in
/// their docs what they read besides their subject, which is what [`findings`] plans from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// A handoff's readiness, people and dependency rules.
    Handoff(Id),
    /// A handoff's time rules: they read "now", so they are the ones that change as time passes.
    /// The tracker rules run here too: their message says when the cache has grown old.
    Time(Id),
    /// A decision's rules and the people who took it.
    Decision(Id),
    /// A wrap's rules and its author.
    Wrap(Id),
    /// The internal links in one page's Markdown.
    Links(Id),
    /// Supersession loops: they read the whole history, so they are one subject.
    DecisionHistory,
    /// Dependency cycles, a property of the whole graph.
    DependencyCycles,
}

/// Runs every rule; returns the open problems for the site.
pub fn check(input: &CheckInput<'_>, diagnostics: &mut Diagnostics) -> Attention {
    let mut attention = Attention::default();
    for subject in every_subject(input) {
        check_subject(input, &subject, diagnostics, &mut attention);
    }
    attention
}

/// Every subject of the base.
pub fn every_subject(input: &CheckInput<'_>) -> Vec<Subject> {
    let base = input.base;
    let mut subjects = vec![Subject::DecisionHistory, Subject::DependencyCycles];
    subjects.extend(base.handoffs.keys().flat_map(|id| [Subject::Handoff(id.clone()), Subject::Time(id.clone())]));
    subjects.extend(base.decisions.keys().cloned().map(Subject::Decision));
    subjects.extend(base.wraps.keys().cloned().map(Subject::Wrap));
    subjects.extend(input.bodies.pages.keys().cloned().map(Subject::Links));
    subjects
}

/// Runs the rules of one subject; one that no longer exists has no findings.
pub fn check_subject(
    input: &CheckInput<'_>,
    subject: &Subject,
    diagnostics: &mut Diagnostics,
    attention: &mut Attention,
) {
    let base = input.base;
    match subject {
        Subject::Handoff(id) => {
            if let Some(h) = base.handoffs.get(id) {
                readiness::check_handoff(input, h, diagnostics);
                people::check_handoff(input, h, diagnostics);
                graph::check_handoff(base, h, diagnostics);
            }
        }
        Subject::Time(id) => {
            if let Some(h) = base.handoffs.get(id) {
                time::check_handoff(input, h, diagnostics, attention);
                trackers::check_handoff(input, h, diagnostics);
            }
        }
        Subject::Decision(id) => {
            if let Some(d) = base.decisions.get(id) {
                people::check_decision(input, d, diagnostics);
                decisions::check_decision(base, d, diagnostics);
            }
        }
        Subject::Wrap(id) => {
            if let Some(w) = base.wraps.get(id) {
                wraps::check_wrap(input, w, diagnostics);
                people::check_wrap(input, w, diagnostics);
            }
        }
        Subject::Links(id) => links::check_page(input, id, diagnostics),
        Subject::DecisionHistory => decisions::loops(base, diagnostics),
        Subject::DependencyCycles => graph::check_cycles(base, diagnostics),
    }
}

/// Applies the levels set in `baton.yaml` (`rules:`): findings of a rule set to `off` are
/// dropped, with the open problems they flag; the others take the configured severity.
pub fn apply_levels(config: &SiteConfig, diagnostics: &mut Diagnostics, attention: &mut Attention) {
    attention.retain_rules(|rule| config.level(rule) != Some(rules::Level::Off));
    diagnostics.apply_levels(|rule| config.rules.get(rule).copied());
}

/// Parses `--today`/`BATON_TODAY`: a date (00:00 UTC that day) or an RFC 3339 date-time.
pub fn parse_today(text: &str) -> Result<Timestamp, String> {
    crate::model::Moment::parse(text).map(|m| m.instant)
}
