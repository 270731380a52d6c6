//! The digest: what changed for a person or a team since they last looked, ordered by what needs
//! action first.
//!
//! It is a function of the linked and checked base, the site's git history (when there is one)
//! and a window ending at the pinned "today": the same inputs always give the same digest. Items
//! come from the frontmatter (`handed_off`, `history`, `updated`, `created`, question and decision
//! dates, wraps), from git (which fields of which file changed in which commit, by whom) and from
//! the tracker cache `baton sync` writes (a linked pull request merged); see
//! [`sources`]. Output formats live beside it ([`markdown`]); the site's `/digest/` page and feeds
//! are built from the same [`Digest`] by the render stage. Nothing here reads a clock or the disk
//! except [`git::read_history`].

pub mod audience;
pub mod git;
pub mod markdown;
pub mod sources;

pub use audience::Audience;

use crate::model::Base;
use jiff::Timestamp;
use serde::Serialize;

/// The kinds of item, most urgent first: the order a digest is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// Their work waits on a reviewer past the review window.
    ReviewsOverdue,
    /// Handoffs waiting for them to review.
    ReviewsOwed,
    /// Questions on their work nobody has answered.
    Questions,
    /// Their work became blocked, or waits on something that did.
    Blockers,
    /// Work handed to them.
    HandedOff,
    /// Answers to questions they asked.
    Answers,
    /// Shift wraps handed to them.
    Wraps,
    /// Status changes and other edits.
    Changes,
    /// Linked pull requests and issues that were merged, closed or reopened (from `baton sync`).
    Trackers,
    /// New and superseding decisions.
    Decisions,
}

impl Section {
    /// Every section, in reading order.
    pub const ALL: [Section; 10] = [
        Section::ReviewsOverdue,
        Section::ReviewsOwed,
        Section::Questions,
        Section::Blockers,
        Section::HandedOff,
        Section::Answers,
        Section::Wraps,
        Section::Changes,
        Section::Trackers,
        Section::Decisions,
    ];

    /// The section as a word, for JSON and feed categories.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::ReviewsOverdue => "reviews-overdue",
            Section::ReviewsOwed => "reviews-owed",
            Section::Questions => "questions",
            Section::Blockers => "blockers",
            Section::HandedOff => "handed-off",
            Section::Answers => "answers",
            Section::Wraps => "wraps",
            Section::Changes => "changes",
            Section::Trackers => "trackers",
            Section::Decisions => "decisions",
        }
    }

    /// Whether someone has to do something (the rest is for their information).
    pub fn needs_action(self) -> bool {
        self <= Section::HandedOff
    }

    /// The heading, for a person (`you`) or for a team or the whole base.
    pub fn heading(self, personal: bool) -> &'static str {
        match (self, personal) {
            (Section::ReviewsOverdue, true) => "Reviews overdue on your work",
            (Section::ReviewsOverdue, false) => "Reviews overdue",
            (Section::ReviewsOwed, true) => "Reviews you owe",
            (Section::ReviewsOwed, false) => "Awaiting review",
            (Section::Questions, true) => "Questions for you",
            (Section::Questions, false) => "Unanswered questions",
            (Section::Blockers, true) => "New blockers on your work",
            (Section::Blockers, false) => "New blockers",
            (Section::HandedOff, true) => "Handed to you",
            (Section::HandedOff, false) => "Handed off",
            (Section::Answers, true) => "Answers to your questions",
            (Section::Answers, false) => "Answers",
            (Section::Wraps, true) => "Shift wraps for you",
            (Section::Wraps, false) => "Shift wraps",
            (Section::Changes, _) => "Status changes",
            (Section::Trackers, _) => "Tracker changes",
            (Section::Decisions, _) => "Decisions",
        }
    }
}

/// What an item is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubjectKind {
    /// A handoff.
    Handoff,
    /// A decision.
    Decision,
    /// A shift wrap.
    Wrap,
}

/// The page an item is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subject<'a> {
    /// Handoff, decision or wrap.
    pub kind: SubjectKind,
    /// Its id.
    pub id: &'a str,
    /// Its title (a wrap's summary).
    pub title: &'a str,
    /// Its page, site-root-relative (`handoffs/x/`).
    pub url: String,
    /// Its status as written, for handoffs and decisions.
    pub status: Option<&'static str>,
}

/// Where an item was learnt from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "lowercase")]
pub enum Source {
    /// A frontmatter field.
    Frontmatter {
        /// The field, e.g. `handed_off` or `questions`.
        field: &'static str,
    },
    /// A commit.
    Git {
        /// Its short id.
        commit: String,
        /// Who made it, as committed.
        author: String,
    },
    /// The state of the base today (an owed review, an open question).
    State,
    /// A tracker's state, as `baton sync` last fetched it.
    Tracker {
        /// `github`, `gitlab` or `jira`.
        tracker: &'static str,
        /// When it was fetched (RFC 3339).
        as_of: String,
    },
}

/// One thing in a digest.
#[derive(Debug, Clone, Serialize)]
pub struct Item<'a> {
    /// Which section it belongs to.
    pub section: Section,
    /// Whether someone has to act on it.
    pub needs_action: bool,
    /// When it happened (or since when it has been waiting).
    #[serde(serialize_with = "rfc3339")]
    pub at: Timestamp,
    /// What it is about.
    pub subject: Subject<'a>,
    /// What happened, in a sentence.
    pub text: String,
    /// Who did it: a handle, or a git author's name when no handle matches.
    pub by: Option<String>,
    /// Where it was learnt from.
    pub source: Source,
    /// A stable key: one item per key, and the id of its feed entry.
    pub key: String,
}

fn rfc3339<S: serde::Serializer>(at: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&at.to_string())
}

/// The time range a digest covers: `since` ≤ t ≤ `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The start.
    pub since: Timestamp,
    /// The end: "today".
    pub until: Timestamp,
}

impl Window {
    /// Whether `at` falls inside.
    pub fn contains(&self, at: Timestamp) -> bool {
        self.since <= at && at <= self.until
    }
}

/// A digest for one audience and window.
#[derive(Debug, Serialize)]
pub struct Digest<'a> {
    /// Who it is for.
    pub audience: Audience,
    /// The start of the window.
    #[serde(serialize_with = "rfc3339")]
    pub since: Timestamp,
    /// The end of the window ("today").
    #[serde(serialize_with = "rfc3339")]
    pub until: Timestamp,
    /// Whether git history was read.
    pub git: bool,
    /// Every item, most urgent section first; within a section, what waits longest first for
    /// action items and newest first for the rest; ties by key.
    pub items: Vec<Item<'a>>,
}

impl Digest<'_> {
    /// How many items need action.
    pub fn action_count(&self) -> usize {
        self.items.iter().filter(|i| i.needs_action).count()
    }
}

/// Builds the digest of `base` for `audience` over `window`, from the frontmatter and, when given,
/// the git history.
pub fn digest<'a>(base: &'a Base, history: Option<&git::History>, window: Window, audience: Audience) -> Digest<'a> {
    let mut items = sources::collect(base, history, window, &audience);
    order(&mut items);
    Digest { audience, since: window.since, until: window.until, git: history.is_some(), items }
}

/// Sorts by section, then by time (oldest first where action is needed, else newest first), then
/// key; and keeps the first item of each key, so a thing shows once, in its most urgent section.
fn order(items: &mut Vec<Item<'_>>) {
    items.sort_by(|a, b| {
        let time = if a.needs_action { a.at.cmp(&b.at) } else { b.at.cmp(&a.at) };
        a.section.cmp(&b.section).then(time).then_with(|| a.key.cmp(&b.key))
    });
    let mut seen = std::collections::BTreeSet::new();
    items.retain(|i| seen.insert(i.key.clone()));
}

/// How far back the site's feeds look.
pub const FEED_DAYS: i64 = 30;

/// How much git history a build reads: the feeds' window and the metrics' year (rework and
/// cycle times from status changes nobody wrote into `history`). Each reader filters it by
/// its own window.
pub const HISTORY_DAYS: i64 = 400;

/// What the site's digest page, feeds and metrics are built from besides the base: "today" and
/// the git history of the last [`HISTORY_DAYS`] days, when the site is in a repository.
#[derive(Debug, Clone)]
pub struct Timeline {
    /// "Today": the end of every window.
    pub today: Timestamp,
    /// The git history, when there is one.
    pub git: Option<git::History>,
}

impl Timeline {
    /// Reads the history of the site at `site` for the last [`HISTORY_DAYS`] days.
    pub fn read(site: &std::path::Path, today: Timestamp) -> anyhow::Result<Timeline> {
        let since = today.checked_sub(jiff::SignedDuration::from_hours(24 * HISTORY_DAYS)).unwrap_or(Timestamp::MIN);
        Ok(Timeline { today, git: git::read_history(site, since, today)? })
    }

    /// Frontmatter only.
    pub fn without_git(today: Timestamp) -> Timeline {
        Timeline { today, git: None }
    }
}

/// Reads `--since`: a duration back from `until` (`24h`, `7d`) or a date or date-time.
pub fn parse_since(text: &str, until: Timestamp) -> Result<Timestamp, String> {
    if let Ok(duration) = crate::model::Duration::parse(text) {
        let seconds = i64::try_from(duration.seconds).unwrap_or(i64::MAX);
        return Ok(until.checked_sub(jiff::SignedDuration::from_secs(seconds)).unwrap_or(Timestamp::MIN));
    }
    crate::model::Moment::parse(text)
        .map(|m| m.instant)
        .map_err(|_| format!("`{text}` is neither a duration (24h, 7d) nor a date (2026-11-19) or date-time"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_a_duration_or_a_date() {
        let until: Timestamp = "2026-11-20T00:00:00Z".parse().unwrap();
        assert_eq!(parse_since("24h", until).unwrap().to_string(), "2026-11-19T00:00:00Z");
        assert_eq!(parse_since("2026-11-18", until).unwrap().to_string(), "2026-11-18T00:00:00Z");
        assert!(parse_since("yesterday", until).unwrap_err().contains("neither a duration"));
    }

    fn item(section: Section, at: &str, key: &str) -> Item<'static> {
        let subject =
            Subject { kind: SubjectKind::Handoff, id: "x", title: "X", url: "handoffs/x/".into(), status: None };
        Item {
            section,
            needs_action: section.needs_action(),
            at: at.parse().unwrap(),
            subject,
            text: String::new(),
            by: None,
            source: Source::State,
            key: key.into(),
        }
    }

    #[test]
    fn items_read_urgent_first_oldest_action_first_newest_news_first_once_each() {
        let mut items = vec![
            item(Section::Changes, "2026-11-18T00:00:00Z", "c-old"),
            item(Section::Changes, "2026-11-19T00:00:00Z", "c-new"),
            item(Section::ReviewsOwed, "2026-11-19T00:00:00Z", "review:x"),
            item(Section::ReviewsOverdue, "2026-11-17T00:00:00Z", "review:x"),
            item(Section::Questions, "2026-11-19T00:00:00Z", "q-new"),
            item(Section::Questions, "2026-11-18T00:00:00Z", "q-old"),
        ];
        order(&mut items);
        let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
        // The review shows once, in its most urgent section.
        assert_eq!(keys, ["review:x", "q-old", "q-new", "c-new", "c-old"]);
        assert_eq!(items[0].section, Section::ReviewsOverdue);
    }

    #[test]
    fn action_sections_come_first() {
        assert!(Section::ALL.windows(2).all(|w| w[0] < w[1]));
        assert!(Section::HandedOff.needs_action() && !Section::Answers.needs_action());
    }
}
