//! Readiness: what a status requires before the next person can act without a meeting.
//!
//! The required fields per status come from `baton.yaml` (`readiness:`) or the defaults; done
//! work must have met its acceptance criteria; blocked work must say what it waits on; nobody
//! reviews their own work.

use super::CheckInput;
use crate::config::{ReadinessField, SiteConfig};
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::model::{Handoff, Status};

/// Runs the readiness rules on one handoff. Besides `h` they read only the statuses of its
/// dependencies (is blocked work waiting on anything open?).
pub fn check_handoff(input: &CheckInput<'_>, h: &Handoff, diagnostics: &mut Diagnostics) {
    required_fields(input, h, diagnostics);
    acceptance_met(h, diagnostics);
    blocked_has_cause(input, h, diagnostics);
    if let Some(reviewer) = h.reviewer.as_ref().filter(|r| r.value == h.owner.value) {
        let message = format!("`{}` reviews their own handoff: a reviewer is a second pair of eyes", reviewer.value);
        let hint = Some("name someone else as `reviewer`".to_string());
        diagnostics.push(Diagnostic::error("self-review", reviewer.span.clone(), message).field("reviewer").hint(hint));
    }
}

fn required_fields(input: &CheckInput<'_>, h: &Handoff, diagnostics: &mut Diagnostics) {
    let status = h.status.value;
    for field in missing_fields(input.config, h, status) {
        let message = format!("`{}` handoffs need `{}`: {}", status.as_str(), field.as_str(), field.why());
        let span = status_span(h);
        diagnostics.push(Diagnostic::error("readiness", span, message).field(field.as_str()));
    }
}

/// The fields `status` requires that `h` lacks. Shared with the metrics, which ask whether a
/// handoff was ready when it was handed off.
pub fn missing_fields(config: &SiteConfig, h: &Handoff, status: Status) -> Vec<ReadinessField> {
    config.readiness_for(status).iter().copied().filter(|field| !has(h, *field)).collect()
}

/// The status line when written, else the first line: where "this status needs X" points.
fn status_span(h: &Handoff) -> Span {
    if h.status.span.line > 0 { h.status.span.clone() } else { Span::new(&h.file, 1, 1) }
}

fn has(h: &Handoff, field: ReadinessField) -> bool {
    match field {
        ReadinessField::Intent => h.intent.is_some(),
        ReadinessField::Deliverables => !h.deliverables.is_empty(),
        ReadinessField::Acceptance => !h.acceptance.is_empty(),
        ReadinessField::Reviewer => h.reviewer.is_some(),
        // The site default in baton.yaml always provides a window.
        ReadinessField::ReviewWithin => true,
        ReadinessField::HandedOff => h.handed_off.is_some(),
    }
}

fn acceptance_met(h: &Handoff, diagnostics: &mut Diagnostics) {
    let open: Vec<&str> = h.acceptance.iter().filter(|a| !a.done).map(|a| a.text.as_str()).collect();
    if h.status.value == Status::Done && !open.is_empty() {
        let message = format!("done, but {} acceptance criteria are not: {}", open.len(), quote_list(&open));
        let hint = Some("mark them `done: true` once they hold, or move the status back".to_string());
        diagnostics.push(Diagnostic::error("acceptance-open", status_span(h), message).field("acceptance").hint(hint));
    }
}

fn blocked_has_cause(input: &CheckInput<'_>, h: &Handoff, diagnostics: &mut Diagnostics) {
    if h.status.value != Status::Blocked || h.blocked_reason.is_some() {
        return;
    }
    let waits = h
        .depends_on
        .iter()
        .any(|d| input.base.handoffs.get(&d.value).is_some_and(|dep| dep.status.value != Status::Done));
    if !waits {
        let message = "blocked, but it waits on no open handoff and gives no `blocked_reason`".to_string();
        let hint = Some("add the handoff it waits on to `depends_on`, or say why in `blocked_reason`".to_string());
        diagnostics
            .push(Diagnostic::error("blocked-without-cause", status_span(h), message).field("status").hint(hint));
    }
}

fn quote_list(items: &[&str]) -> String {
    items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ")
}
