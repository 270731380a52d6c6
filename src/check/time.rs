//! Time rules, against the pinned "today": overdue reviews, unanswered questions, stale work and
//! missed due dates. Each finding is both a diagnostic and a [`Problem`] the site shows as a badge.
//!
//! All comparisons are on instants; a date-only `due` lasts until the end of that day (UTC), while
//! other dates count from its start, which never flags work early.

use super::CheckInput;
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::model::{Attention, Flag, Handoff, Moment, Problem, Status};
use jiff::{SignedDuration, Timestamp};

/// Runs the time rules on one handoff and records what needs attention. They read nothing
/// but the handoff, the settings and "now".
pub fn check_handoff(input: &CheckInput<'_>, h: &Handoff, diagnostics: &mut Diagnostics, attention: &mut Attention) {
    let mut found = Found { input, h, diagnostics, attention };
    found.review_overdue();
    found.unanswered_questions();
    found.stale();
    found.past_due();
    if h.status.value == Status::Blocked {
        let since = h.updated.as_ref().map_or(input.today, |u| u.value.instant);
        found.attention.add(
            &h.id,
            Problem { flag: Flag::Blocked, label: Flag::Blocked.label(), since, message: "blocked".into() },
        );
    }
}

struct Found<'a, 'b> {
    input: &'a CheckInput<'a>,
    h: &'a Handoff,
    diagnostics: &'b mut Diagnostics,
    attention: &'b mut Attention,
}

impl Found<'_, '_> {
    fn report(&mut self, rule: &'static str, flag: Flag, span: Span, since: Timestamp, message: String) {
        let field = match flag {
            Flag::ReviewOverdue => "handed_off",
            Flag::Unanswered => "questions",
            Flag::Stale => "updated",
            Flag::PastDue | Flag::Blocked => "due",
        };
        self.diagnostics.push(Diagnostic::warning(rule, span, message.clone()).field(field));
        self.attention.add(&self.h.id, Problem { flag, label: flag.label(), since, message });
    }

    fn review_window(&self) -> u64 {
        self.h.review_within.as_ref().map_or(self.input.config.review_within.seconds, |d| d.value.seconds)
    }

    fn review_overdue(&mut self) {
        let Some(handed) = self.h.handed_off.as_ref().filter(|_| self.h.status.value == Status::Ready) else { return };
        let deadline = after(handed.value.instant, self.review_window());
        if deadline < self.input.today {
            let reviewer = self.h.reviewer.as_ref().map_or("the reviewer".to_string(), |r| format!("`{}`", r.value));
            let late = human(self.input.today.duration_since(deadline));
            let message = format!(
                "review overdue by {late}: handed off {}, {reviewer} has not accepted it",
                handed.value.written
            );
            self.report("review-overdue", Flag::ReviewOverdue, handed.span.clone(), deadline, message);
        }
    }

    fn unanswered_questions(&mut self) {
        if !self.h.status.value.is_open() {
            return;
        }
        let window = self.review_window();
        for q in self.h.questions.iter().filter(|q| q.a.is_none()) {
            let Some(asked) = &q.date else { continue };
            let deadline = after(asked.instant, window);
            if deadline < self.input.today {
                let age = human(self.input.today.duration_since(asked.instant));
                let message = format!("question asked {age} ago has no answer: \"{}\"", shorten(&q.q));
                self.report("question-unanswered", Flag::Unanswered, q.span.clone(), deadline, message);
            }
        }
    }

    fn stale(&mut self) {
        if self.h.status.value != Status::InProgress {
            return;
        }
        let last = [&self.h.updated, &self.h.handed_off, &self.h.created].into_iter().flatten().next();
        let Some(last) = last else { return };
        let deadline = after(last.value.instant, self.input.config.stale_after.seconds);
        if deadline < self.input.today {
            let idle = human(self.input.today.duration_since(last.value.instant));
            let message = format!(
                "in progress with no update for {idle} (last {}): stale after {}",
                last.value.written, self.input.config.stale_after.written
            );
            self.report("stale", Flag::Stale, last.span.clone(), deadline, message);
        }
    }

    fn past_due(&mut self) {
        let Some(due) = self.h.due.as_ref().filter(|_| self.h.status.value.is_open()) else { return };
        let end = due_end(&due.value);
        if end <= self.input.today {
            let late = human(self.input.today.duration_since(end));
            let message = format!("past due by {late} (due {}) and not done", due.value.written);
            self.report("overdue", Flag::PastDue, due.span.clone(), end, message);
        }
    }
}

/// A date-only due date lasts the whole day.
fn due_end(due: &Moment) -> Timestamp {
    if due.has_time { due.instant } else { after(due.instant, 86_400) }
}

fn after(at: Timestamp, seconds: u64) -> Timestamp {
    let seconds = i64::try_from(seconds).unwrap_or(i64::MAX);
    at.checked_add(SignedDuration::from_secs(seconds)).unwrap_or(Timestamp::MAX)
}

/// `3d 4h`, `5h`, `40m`: the two largest units, enough to act on.
fn human(duration: SignedDuration) -> String {
    let secs = duration.as_secs().max(0);
    let (days, hours, minutes) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
    match (days, hours) {
        (0, 0) => format!("{minutes}m"),
        (0, h) => format!("{h}h"),
        (d, 0) => format!("{d}d"),
        (d, h) => format!("{d}d {h}h"),
    }
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_like_a_person_says_them() {
        assert_eq!(human(SignedDuration::from_secs(40 * 60)), "40m");
        assert_eq!(human(SignedDuration::from_secs(5 * 3_600 + 59)), "5h");
        assert_eq!(human(SignedDuration::from_secs(3 * 86_400 + 4 * 3_600)), "3d 4h");
    }

    #[test]
    fn date_only_due_lasts_the_day() {
        let due = Moment::parse("2026-11-20").unwrap();
        assert_eq!(due_end(&due), Moment::parse("2026-11-21").unwrap().instant);
        let timed = Moment::parse("2026-11-20T09:00:00Z").unwrap();
        assert_eq!(due_end(&timed), timed.instant);
    }
}
