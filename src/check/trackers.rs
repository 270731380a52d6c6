//! Tracker rules: a handoff whose status disagrees with the items it links to, as last synced.
//!
//! Reads the tracker states the base carries from `baton sync`'s cache (never the network) and
//! "now", to say in the message when the cache is older than `trackers.stale_after`; so these
//! rules run with the time rules, which are re-run as time passes. Without a cache they find
//! nothing.

use super::CheckInput;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Handoff, Status};
use crate::trackers::cache::{Linked, State};

/// `linked-item-open` and `linked-items-closed` for one handoff.
pub fn check_handoff(input: &CheckInput<'_>, h: &Handoff, diagnostics: &mut Diagnostics) {
    let states = &input.base.trackers;
    let linked = states.linked(h);
    let known: Vec<(&Linked<'_>, State)> = linked.iter().filter_map(|l| l.entry.map(|e| (l, e.state))).collect();
    if known.is_empty() {
        return;
    }
    let stale = states.staleness(input.today);
    let status = h.status.value;
    let span = h.status.span.clone();
    if status == Status::Done {
        let open: Vec<String> =
            known.iter().filter(|(_, s)| *s == State::Open).map(|(l, _)| l.item.described()).collect();
        if !open.is_empty() {
            let message = format!("marked done, but {} still open{stale}", list(&open, "is", "are"));
            let hint = "close or merge it, or set the status back to in-progress until it is";
            diagnostics.push(
                Diagnostic::warning("linked-item-open", span, message).field("status").hint(Some(hint.to_string())),
            );
        }
        return;
    }
    let all_finished = known.len() == linked.len() && known.iter().all(|(_, s)| s.is_finished());
    if matches!(status, Status::InProgress | Status::Ready) && all_finished {
        let items: Vec<String> = known.iter().map(|(l, s)| format!("{} {}", l.item.described(), s.words())).collect();
        let message =
            format!("{}, but every item it links to is closed or merged: {}{stale}", status.as_str(), items.join(", "));
        let hint = "mark the handoff done, or link the work still open";
        diagnostics.push(
            Diagnostic::warning("linked-items-closed", span, message).field("status").hint(Some(hint.to_string())),
        );
    }
}

/// `A is` / `A and B are`.
fn list(items: &[String], one: &str, many: &str) -> String {
    match items {
        [only] => format!("{only} {one}"),
        [init @ .., last] => format!("{} and {last} {many}", init.join(", ")),
        [] => String::new(),
    }
}
