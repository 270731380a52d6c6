//! Handoff metrics, per team and overall, per month: are handoffs getting better?
//!
//! Five measures, each from a handoff's status [`timeline`] or its questions: review response
//! time against the SLA, cycle time (handed off → accepted, created → done), rework, questions
//! still unanswered, and the share of hand-offs that met the `ready` readiness rules. Each
//! measurement belongs to the month it *ended* in, so a past month's numbers never change as new
//! work arrives. Pure: no clock, no I/O, no HTML — `render` draws the charts and tables.
//! How each number is computed, and why, is in `docs/graph-and-metrics.md`.

pub mod observed;
pub mod stats;
pub mod timeline;

use crate::check::readiness::missing_fields;
use crate::config::SiteConfig;
use crate::model::{Base, Handoff, Status};
use jiff::Timestamp;
use stats::{Month, Summary};
use std::collections::{BTreeMap, BTreeSet};
use timeline::{Observed, StatusChange};

/// What the metrics are computed from.
pub struct Input<'a> {
    /// The linked base.
    pub base: &'a Base,
    /// baton.yaml: the default review window and the readiness rules.
    pub config: &'a SiteConfig,
    /// Status changes known from outside the frontmatter (git); may be empty.
    pub observed: &'a Observed,
}

/// One month of one group.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthRow {
    /// Review response times, in seconds, of reviews answered this month.
    pub review: Summary,
    /// How many of those were answered within their handoff's review window.
    pub review_within_sla: usize,
    /// First hand-off → first acceptance, in seconds, for handoffs accepted this month.
    pub to_accepted: Summary,
    /// Created → done, in seconds, for handoffs done this month.
    pub to_done: Summary,
    /// Handoffs that went back from accepted or done to an earlier status this month.
    pub rework: usize,
    /// Questions asked this month.
    pub questions_asked: usize,
    /// Questions answered this month.
    pub questions_answered: usize,
    /// Questions without an answer at the end of the month.
    pub questions_open: usize,
    /// Handoffs first handed off this month.
    pub handed_off: usize,
    /// How many of those meet every readiness rule of `ready`.
    pub passed_readiness: usize,
}

/// The metrics of a team, or of everyone.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMetrics {
    /// The team's name as written, or "All teams".
    pub name: String,
    /// The team's slug (`None` for everyone).
    pub slug: Option<String>,
    /// One row per month of [`Metrics::months`].
    pub months: Vec<MonthRow>,
    /// Handoffs waiting for review now.
    pub awaiting_review: usize,
}

/// Everything `/metrics/` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    /// Every month from the first to the last with any data; all groups share them.
    pub months: Vec<Month>,
    /// Everyone.
    pub overall: GroupMetrics,
    /// Each team with handoffs, by slug.
    pub teams: Vec<GroupMetrics>,
}

/// One measurement of one handoff, in the month it ended.
#[derive(Debug, Clone, Copy)]
enum Fact {
    Review { seconds: f64, within_sla: bool },
    ToAccepted(f64),
    ToDone(f64),
    Rework,
    HandedOff { ready: bool },
    Asked,
    Answered,
}

/// A question's life: when asked, and when (if ever) it stopped being open.
#[derive(Debug, Clone, Copy)]
struct QuestionSpan {
    asked: Timestamp,
    closed: Option<Timestamp>,
}

/// What one handoff contributes.
struct Contribution {
    facts: Vec<(Month, Fact)>,
    questions: Vec<QuestionSpan>,
}

/// Computes every metric.
pub fn compute(input: &Input<'_>) -> Metrics {
    let no_changes = Vec::new();
    let contributions: BTreeMap<&crate::model::Id, Contribution> = input
        .base
        .handoffs
        .values()
        .map(|h| (&h.id, contribution(input, h, input.observed.get(&h.id).unwrap_or(&no_changes))))
        .collect();
    let months = month_range(contributions.values());
    let group = |name: String, slug: Option<String>, members: &dyn Fn(&Handoff) -> bool| {
        let chosen: Vec<&Handoff> = input.base.handoffs.values().filter(|h| members(h)).collect();
        GroupMetrics {
            months: months
                .iter()
                .map(|m| month_row(*m, chosen.iter().filter_map(|h| contributions.get(&h.id))))
                .collect(),
            awaiting_review: chosen.iter().filter(|h| h.status.value == Status::Ready).count(),
            name,
            slug,
        }
    };
    let overall = group("All teams".to_string(), None, &|_| true);
    let teams = input
        .base
        .indexes
        .teams
        .iter()
        .filter(|(_, team)| !team.handoffs.is_empty())
        .map(|(slug, team)| {
            group(team.name.clone(), Some(slug.clone()), &|h| input.base.team_slug(h).as_deref() == Some(slug))
        })
        .collect();
    Metrics { months, overall, teams }
}

fn contribution(input: &Input<'_>, h: &Handoff, observed: &[StatusChange]) -> Contribution {
    let changes = timeline::timeline(h, observed);
    let window = h.review_within.as_ref().map_or(input.config.review_within.seconds, |d| d.value.seconds);
    let mut facts = Vec::new();
    for (ended, seconds) in reviews(&changes) {
        facts.push((Month::of(ended), Fact::Review { seconds, within_sla: seconds <= window as f64 }));
    }
    if let Some((ended, seconds)) = to_accepted(&changes) {
        facts.push((Month::of(ended), Fact::ToAccepted(seconds)));
    }
    if let Some((ended, seconds)) = to_done(h, &changes) {
        facts.push((Month::of(ended), Fact::ToDone(seconds)));
    }
    facts.extend(rework_months(&changes).into_iter().map(|m| (m, Fact::Rework)));
    if let Some(first) = changes.iter().find(|c| c.status == Status::Ready) {
        let ready = missing_fields(input.config, h, Status::Ready).is_empty();
        facts.push((Month::of(first.at), Fact::HandedOff { ready }));
    }
    let questions = questions(h);
    for q in h.questions.iter().filter(|_| h.status.value != Status::Cancelled) {
        facts.extend(q.date.as_ref().map(|d| (Month::of(d.instant), Fact::Asked)));
        facts.extend(q.answered.as_ref().filter(|_| q.a.is_some()).map(|d| (Month::of(d.instant), Fact::Answered)));
    }
    Contribution { facts, questions }
}

/// Seconds from `from` to `to`.
fn seconds(from: Timestamp, to: Timestamp) -> f64 {
    to.duration_since(from).as_secs_f64()
}

/// Each review: from entering `ready` to the next status change, when that change is recorded
/// or is an inferred acceptance (an inferred later status says nothing about when review ended).
fn reviews(changes: &[StatusChange]) -> Vec<(Timestamp, f64)> {
    changes
        .windows(2)
        .filter(|w| w[0].status == Status::Ready && (w[1].recorded || w[1].status == Status::Accepted))
        .map(|w| (w[1].at, seconds(w[0].at, w[1].at)))
        .collect()
}

/// The first hand-off to the first time the work was taken on (accepted, in progress or done),
/// under the same rule for inferred changes as [`reviews`].
fn to_accepted(changes: &[StatusChange]) -> Option<(Timestamp, f64)> {
    let first = changes.iter().position(|c| c.status == Status::Ready)?;
    let taken = changes[first + 1..]
        .iter()
        .find(|c| matches!(c.status, Status::Accepted | Status::InProgress | Status::Done))?;
    (taken.recorded || taken.status == Status::Accepted).then(|| (taken.at, seconds(changes[first].at, taken.at)))
}

/// Created → the start of the final `done`, for handoffs done now.
fn to_done(h: &Handoff, changes: &[StatusChange]) -> Option<(Timestamp, f64)> {
    let created = h.created.as_ref()?.value.instant;
    let done = changes.last().filter(|c| c.status == Status::Done && h.status.value == Status::Done)?;
    Some((done.at, seconds(created, done.at)))
}

/// Where a status sits in a handoff's life; blocked is a detour at the level of in-progress.
fn stage(status: Status) -> Option<u8> {
    match status {
        Status::Draft => Some(0),
        Status::Ready => Some(1),
        Status::Accepted => Some(2),
        Status::InProgress | Status::Blocked => Some(3),
        Status::Done => Some(4),
        Status::Cancelled => None,
    }
}

/// The months in which the handoff went back from accepted or done to an earlier stage (each
/// month once: rework counts items, not moves).
fn rework_months(changes: &[StatusChange]) -> BTreeSet<Month> {
    changes
        .windows(2)
        .filter(|w| matches!(w[0].status, Status::Accepted | Status::Done))
        .filter(|w| matches!((stage(w[0].status), stage(w[1].status)), (Some(a), Some(b)) if b < a))
        .map(|w| Month::of(w[1].at))
        .collect()
}

/// The questions of `h` that have an asked date, with when they closed. Questions of cancelled
/// work are left out: nobody is expected to answer them. An answer without a date closes its
/// question when it was asked, since when it was answered is unknown.
fn questions(h: &Handoff) -> Vec<QuestionSpan> {
    if h.status.value == Status::Cancelled {
        return Vec::new();
    }
    h.questions
        .iter()
        .filter_map(|q| {
            let asked = q.date.as_ref()?.instant;
            let closed = q.a.as_ref().map(|_| q.answered.as_ref().map_or(asked, |d| d.instant));
            Some(QuestionSpan { asked, closed })
        })
        .collect()
}

fn month_range<'a>(contributions: impl Iterator<Item = &'a Contribution>) -> Vec<Month> {
    let mut seen = BTreeSet::new();
    for c in contributions {
        seen.extend(c.facts.iter().map(|(m, _)| *m));
        seen.extend(c.questions.iter().map(|q| Month::of(q.asked)));
    }
    match (seen.first(), seen.last()) {
        (Some(first), Some(last)) => Month::range(*first, *last),
        _ => Vec::new(),
    }
}

fn month_row<'a>(month: Month, members: impl Iterator<Item = &'a Contribution>) -> MonthRow {
    let mut row = MonthRow::default();
    let (mut review, mut accepted, mut done) = (Vec::new(), Vec::new(), Vec::new());
    let end = month.end();
    for c in members {
        for (_, fact) in c.facts.iter().filter(|(m, _)| *m == month) {
            match *fact {
                Fact::Review { seconds, within_sla } => {
                    review.push(seconds);
                    row.review_within_sla += usize::from(within_sla);
                }
                Fact::ToAccepted(seconds) => accepted.push(seconds),
                Fact::ToDone(seconds) => done.push(seconds),
                Fact::Rework => row.rework += 1,
                Fact::HandedOff { ready } => {
                    row.handed_off += 1;
                    row.passed_readiness += usize::from(ready);
                }
                Fact::Asked => row.questions_asked += 1,
                Fact::Answered => row.questions_answered += 1,
            }
        }
        row.questions_open += c.questions.iter().filter(|q| q.asked < end && q.closed.is_none_or(|t| t >= end)).count();
    }
    row.review = Summary::of(&review);
    row.to_accepted = Summary::of(&accepted);
    row.to_done = Summary::of(&done);
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{base_of, handoff};

    fn only(fields: &str) -> Vec<StatusChange> {
        let base = base_of(&[handoff("a", fields)]);
        timeline::timeline(base.handoffs.values().next().unwrap(), &[])
    }

    #[test]
    fn an_inferred_later_status_does_not_end_a_review() {
        // Done at `updated`, with nothing recorded in between: when review ended is unknown.
        let changes = only("status: done\nhanded_off: 2026-10-02\nupdated: 2026-10-30\n");
        assert!(reviews(&changes).is_empty());
        assert_eq!(to_accepted(&changes), None);
        // An inferred acceptance does: accepting is the change that leaves `ready`.
        let changes = only("status: accepted\nhanded_off: 2026-10-02\nupdated: 2026-10-03\n");
        assert_eq!(reviews(&changes).first().map(|r| r.1), Some(86_400.0));
    }

    #[test]
    fn rework_counts_items_once_a_month_and_only_backwards_moves() {
        let history = "history:\n  - {date: 2026-10-03, status: accepted}\n  - {date: 2026-10-04, status: ready}\n  - {date: 2026-10-05, status: accepted}\n  - {date: 2026-10-06, status: draft}\n  - {date: 2026-10-07, status: in-progress}\n  - {date: 2026-11-02, status: done}\n  - {date: 2026-11-03, status: blocked}\n";
        let changes = only(&format!("status: blocked\nblocked_reason: x\nhanded_off: 2026-10-02\n{history}"));
        let months: Vec<String> = rework_months(&changes).into_iter().map(Month::label).collect();
        assert_eq!(months, ["Oct 2026", "Nov 2026"]);
    }
}
