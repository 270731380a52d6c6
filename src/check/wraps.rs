//! Wrap rules: a shift wrap the next shift can act on says how the shift went, names handoffs
//! that exist and are still open, gives the next step on each, a rollback for each change still
//! baking, a shift that ends after it starts, and someone or a team to hand to that the base knows.

use super::CheckInput;
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::model::{Base, Id, Wrap};

/// A shift longer than this is almost always a typo in a date (a day or a month off).
const LONGEST_SHIFT_SECONDS: i64 = 24 * 3_600;

/// Runs the wrap rules on one wrap. Besides the wrap they read the handoffs its `open` list
/// names (and, for an unknown one, every handoff id, to suggest one), the people and the teams.
pub fn check_wrap(input: &CheckInput<'_>, wrap: &Wrap, diagnostics: &mut Diagnostics) {
    summary(wrap, diagnostics);
    open_items(input.base, wrap, diagnostics);
    shift(wrap, diagnostics);
    baking(wrap, diagnostics);
    recipient(input.base, wrap, diagnostics);
}

fn summary(wrap: &Wrap, diagnostics: &mut Diagnostics) {
    if wrap.summary.is_none() {
        let message = "the wrap has no `summary`: one line on how the shift went".to_string();
        let hint = Some("add `summary: Quiet shift; backfill resumed after the CDC fix.`".to_string());
        diagnostics
            .push(Diagnostic::error("wrap-summary-missing", wrap.span.clone(), message).field("summary").hint(hint));
    }
}

fn open_items(base: &Base, wrap: &Wrap, diagnostics: &mut Diagnostics) {
    for item in &wrap.open {
        let span = item.id.span.clone();
        match base.handoffs.get(&item.id.value) {
            None => diagnostics.push(unknown_id(base, &item.id.value, span)),
            Some(h) if !h.status.value.is_open() => {
                let message =
                    format!("`open` lists `{}`, which is {}: it is no longer in flight", h.id, h.status.value.as_str());
                let hint = Some("drop it from `open`, or move its status back if work goes on".to_string());
                diagnostics.push(Diagnostic::warning("wrap-open-closed", span, message).field("open").hint(hint));
            }
            Some(_) if item.next.is_none() => {
                let message = format!("`open` lists `{}` without a `next` step", item.id.value);
                let hint = Some(format!("write `- id: {}` with `next: the first thing to do`", item.id.value));
                diagnostics.push(Diagnostic::warning("wrap-open-without-next", span, message).field("open").hint(hint));
            }
            Some(_) => {}
        }
    }
}

fn unknown_id(base: &Base, id: &Id, span: Span) -> Diagnostic {
    let hint = crate::suggest::did_you_mean(id.as_str(), base.handoffs.keys().map(Id::as_str))
        .map(|c| format!("did you mean `{c}`?"));
    let message = format!("`open` names `{id}`, but no handoff has that id");
    Diagnostic::error("wrap-unknown-id", span, message).field("open").hint(hint)
}

fn shift(wrap: &Wrap, diagnostics: &mut Diagnostics) {
    let (start, end) = (&wrap.shift.start, &wrap.shift.end);
    let length = end.value.instant.as_second() - start.value.instant.as_second();
    let problem = if length <= 0 {
        Some(format!("the shift ends ({}) before it starts ({})", end.value.written, start.value.written))
    } else if length > LONGEST_SHIFT_SECONDS {
        Some(format!("the shift lasts {}h, longer than a day: is a date off?", length / 3_600))
    } else {
        None
    };
    if let Some(message) = problem {
        let hint = Some("check the dates and offsets of `shift.start` and `shift.end`".to_string());
        diagnostics.push(Diagnostic::error("wrap-shift", end.span.clone(), message).field("shift").hint(hint));
    }
}

fn baking(wrap: &Wrap, diagnostics: &mut Diagnostics) {
    for change in wrap.baking.iter().filter(|b| b.rollback.is_none()) {
        let message = format!("`baking` lists \"{}\" without a `rollback`", change.change);
        let hint = Some("say how to undo it: `rollback: flip ledger_v2_reads off`".to_string());
        let span = change.span.clone();
        diagnostics.push(Diagnostic::warning("wrap-baking-without-rollback", span, message).field("baking").hint(hint));
    }
}

fn recipient(base: &Base, wrap: &Wrap, diagnostics: &mut Diagnostics) {
    let Some(handed_to) = &wrap.handed_to else { return };
    if wrap.recipient_is_known(base) {
        return;
    }
    let known_people = base.people.keys().map(|h| h.as_str());
    let known_teams = base.indexes.teams.values().map(|t| t.name.as_str());
    let hint = crate::suggest::did_you_mean(&handed_to.value, known_people.chain(known_teams))
        .map(|c| format!("did you mean `{c}`?"))
        .or_else(|| Some("name a handle from people.yaml or a team".to_string()));
    let message = format!("`handed_to` names `{}`, which is neither a known person nor a team", handed_to.value);
    diagnostics.push(
        Diagnostic::error("wrap-unknown-recipient", handed_to.span.clone(), message).field("handed_to").hint(hint),
    );
}
