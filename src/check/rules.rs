//! The rule table: every rule id, its default severity, whether `baton.yaml` may change it, and
//! one line on what it catches. `docs/rules.md` documents each with examples; a unit test keeps
//! the two in step.

use crate::diagnostic::Severity;

/// How a rule is set in `baton.yaml` under `rules:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Stops builds; `check` exits 1.
    Error,
    /// Printed; fails `check` only with `--deny warnings`.
    Warning,
    /// Not reported.
    Off,
}

impl Level {
    /// Reads `error`, `warning` or `off`.
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "error" => Some(Level::Error),
            "warning" | "warn" => Some(Level::Warning),
            "off" => Some(Level::Off),
            _ => None,
        }
    }

    /// The severity a finding gets at this level (`None` when off).
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

/// One rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The id printed with each finding and used in `baton.yaml`.
    pub id: &'static str,
    /// Its severity unless configured.
    pub default: Level,
    /// Whether `rules:` may change it. Format errors may not: the base cannot be built past them.
    pub configurable: bool,
    /// What it catches.
    pub summary: &'static str,
}

const fn rule(id: &'static str, default: Level, configurable: bool, summary: &'static str) -> Rule {
    Rule { id, default, configurable, summary }
}

use Level::{Error, Warning};

/// Every rule baton reports.
pub const RULES: &[Rule] = &[
    // Readiness: what a status requires.
    rule(
        "readiness",
        Error,
        true,
        "a status past draft needs intent, deliverables, acceptance, reviewer, review window and handed_off",
    ),
    rule("acceptance-open", Error, true, "a done handoff still has acceptance criteria not done"),
    rule(
        "blocked-without-cause",
        Error,
        true,
        "a blocked handoff waits on no open dependency and gives no blocked_reason",
    ),
    rule("self-review", Error, true, "the reviewer is the owner"),
    rule("unknown-person", Error, true, "a handle that people.yaml does not list"),
    // Relations.
    rule("unknown-id", Error, false, "depends_on, related or supersedes names an id that does not exist"),
    rule("self-dependency", Error, true, "a handoff depends on itself"),
    rule("dependency-cycle", Error, true, "handoffs depend on each other in a loop"),
    rule("depends-on-cancelled", Error, true, "open work depends on a cancelled handoff"),
    rule("duplicate-id", Error, false, "two handoffs or decisions share an id"),
    rule("superseded-without-successor", Error, true, "a decision is marked superseded but nothing supersedes it"),
    rule("supersession-loop", Error, true, "decisions supersede each other in a loop"),
    rule("accepted-without-rationale", Error, true, "an accepted decision does not say why"),
    rule("supersedes-later", Error, true, "a decision supersedes one dated after it"),
    rule("broken-link", Error, false, "a link or wiki link to a content file or id that does not exist"),
    rule("broken-anchor", Error, true, "a link to a #heading that the target page does not have"),
    rule("missing-static", Error, true, "a link to a file that static/ does not have"),
    // Time, against --today.
    rule("review-overdue", Warning, true, "handed off and not accepted within the review window"),
    rule("question-unanswered", Warning, true, "a question older than the review window has no answer"),
    rule("stale", Warning, true, "in progress without an update for longer than stale_after"),
    rule("overdue", Warning, true, "past its due date and not done"),
    // Trackers, as last synced by `baton sync`.
    rule("linked-item-open", Warning, true, "a done handoff links a pull request or issue that is still open"),
    rule(
        "linked-items-closed",
        Warning,
        true,
        "a handoff in progress or ready whose every linked item is closed or merged",
    ),
    rule("tracker-cache", Warning, true, "the tracker cache (or fixture) cannot be read"),
    // Wraps.
    rule("wrap-summary-missing", Error, true, "a wrap does not say in one line how the shift went"),
    rule("wrap-unknown-id", Error, true, "a wrap's open list names a handoff that does not exist"),
    rule("wrap-open-closed", Warning, true, "a wrap's open list names a handoff that is done or cancelled"),
    rule("wrap-open-without-next", Warning, true, "a wrap's open handoff has no next step"),
    rule("wrap-baking-without-rollback", Warning, true, "a change still baking has no rollback"),
    rule("wrap-shift", Error, true, "a shift that ends before it starts or lasts longer than a day"),
    rule("wrap-unknown-recipient", Error, true, "handed_to names neither a known person nor a team"),
    // Format.
    rule("unknown-field", Warning, true, "a frontmatter key baton does not know"),
    rule("yaml", Error, false, "the frontmatter is not valid YAML or a value has the wrong type"),
    rule("no-frontmatter", Error, false, "a content file does not start with a --- frontmatter block"),
    rule("unclosed-frontmatter", Error, false, "the frontmatter block is never closed"),
    rule("missing-field", Error, false, "a required field is absent or empty"),
    rule("bad-date", Error, false, "a date that does not parse"),
    rule("bad-duration", Error, false, "a duration that does not parse"),
    rule("bad-value", Error, false, "a status, kind or link kind that is not one of the allowed words"),
    rule("bad-id", Error, false, "an id with characters other than a-z, 0-9 and -"),
    rule("bad-handle", Error, false, "a handle with characters other than a-z, 0-9, ., _ and -"),
    rule("bad-time-zone", Error, false, "a people.yaml tz that is not an IANA zone"),
    rule("unknown-setting", Error, false, "a baton.yaml key baton does not know"),
    rule("bad-setting", Error, false, "a baton.yaml value of the wrong form"),
    rule("bad-theme", Error, false, "a theme name that is not a folder name"),
    rule("bad-slug", Error, false, "a tag or team name with no letter or digit to name its page, or too long a name"),
    // What a build writes.
    rule("theme-not-found", Error, false, "baton.yaml names a theme that has no folder under themes/"),
    rule("theme-template", Error, false, "a theme template that cannot be read, does not compile or fails to render"),
    rule("output-path", Error, false, "a file the build would write at a path the output cannot hold"),
    rule("output-collision", Error, true, "a file of static/ or of the theme would replace a file baton generates"),
    rule("slug-collision", Warning, true, "different tag or team names that share one page"),
    rule("over-host-limit", Warning, true, "the built site is larger, or has more or larger files, than `host:` takes"),
    rule("not-utf8", Error, false, "a file that is not UTF-8 text"),
    rule("unreadable", Error, false, "a file that cannot be read, a symbolic link loop, or a link out of the site"),
    rule("too-large", Error, false, "a content file over max_file_size (default 5 MB)"),
];

/// The rule with `id`.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len());
    }

    #[test]
    fn every_rule_is_documented_with_examples() {
        let doc = include_str!("../../docs/rules.md");
        for rule in RULES {
            assert!(doc.contains(&format!("### `{}`", rule.id)), "docs/rules.md lacks a section for {}", rule.id);
        }
    }
}
