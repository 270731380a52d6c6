//! Known people: when `people.yaml` exists, every handle in the base must be in it.
//!
//! A typo in a handle sends the next shift to a person who does not exist; the hint names the
//! closest known handle. Without people.yaml nothing is checked (small teams may skip it).

use super::CheckInput;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{At, Decision, Handle, Handoff, Wrap};

/// Checks the handles of one handoff against people.yaml.
pub fn check_handoff(input: &CheckInput<'_>, h: &Handoff, diagnostics: &mut Diagnostics) {
    let mut uses: Vec<(&At<Handle>, &str)> = vec![(&h.owner, "owner")];
    uses.extend(h.from.iter().map(|p| (p, "from")));
    uses.extend(h.reviewer.iter().map(|p| (p, "reviewer")));
    for q in &h.questions {
        uses.extend(q.by.iter().map(|p| (p, "questions.by")));
        uses.extend(q.answered_by.iter().map(|p| (p, "questions.answered_by")));
    }
    for t in &h.history {
        uses.extend(t.from.iter().map(|p| (p, "history.from")));
        uses.extend(t.to.iter().map(|p| (p, "history.to")));
    }
    report_unknown(input, uses, diagnostics);
}

/// Checks who took a decision against people.yaml.
pub fn check_decision(input: &CheckInput<'_>, d: &Decision, diagnostics: &mut Diagnostics) {
    report_unknown(input, d.by.iter().map(|p| (p, "by")).collect(), diagnostics);
}

/// Checks a wrap's author against people.yaml.
pub fn check_wrap(input: &CheckInput<'_>, w: &Wrap, diagnostics: &mut Diagnostics) {
    report_unknown(input, vec![(&w.author, "author")], diagnostics);
}

/// Reports each handle (with the field it was written in) that people.yaml lacks.
fn report_unknown(input: &CheckInput<'_>, uses: Vec<(&At<Handle>, &str)>, diagnostics: &mut Diagnostics) {
    let base = input.base;
    if base.people.is_empty() {
        return;
    }
    for (handle, field) in uses {
        if !base.people.contains_key(&handle.value) {
            let known = base.people.keys().map(Handle::as_str);
            let hint = crate::suggest::did_you_mean(handle.value.as_str(), known)
                .map(|h| format!("did you mean `{h}`?"))
                .or_else(|| Some("add them to people.yaml".to_string()));
            let message = format!("`{}` is not in people.yaml", handle.value);
            diagnostics.push(Diagnostic::error("unknown-person", handle.span.clone(), message).field(field).hint(hint));
        }
    }
}
