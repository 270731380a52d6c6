//! Decision rules: the history must be trustworthy — every superseded decision points to its
//! successor, chains run forward in time and never loop, and accepted decisions say why.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Base, Decision, DecisionStatus, Id};
use std::collections::BTreeMap;

/// The rules about one decision. Besides the decision they read the decisions that supersede it
/// (`superseded_by`) and the dates of those it supersedes.
pub fn check_decision(base: &Base, d: &Decision, diagnostics: &mut Diagnostics) {
    let succeeded = base.indexes.superseded_by.get(&d.id).is_some_and(|s| !s.is_empty());
    if d.status == DecisionStatus::Superseded && !succeeded {
        let message = format!("`{}` is marked superseded, but no decision supersedes it", d.id);
        let hint = Some("add `supersedes: ".to_string() + d.id.as_str() + "` to the decision that replaced it");
        diagnostics.push(
            Diagnostic::error("superseded-without-successor", d.span.clone(), message).field("status").hint(hint),
        );
    }
    if d.status == DecisionStatus::Accepted && d.rationale.as_deref().is_none_or(|r| r.trim().is_empty()) {
        let message = format!("`{}` is accepted but gives no rationale: the next team will not know why", d.id);
        let hint = Some(if d.record.is_some() {
            "say why in its `## Consequences`, or with \"because …\" in its Decision Outcome".to_string()
        } else if d.origin == crate::model::DecisionOrigin::File {
            "add a `## Rationale` section".to_string()
        } else {
            "add `rationale:`".to_string()
        });
        diagnostics.push(
            Diagnostic::error("accepted-without-rationale", d.span.clone(), message).field("rationale").hint(hint),
        );
    }
    for old in &d.supersedes {
        let Some(older) = base.decisions.get(&old.value) else { continue };
        if let (Some(new_date), Some(old_date)) = (&d.date, &older.date)
            && new_date.instant < old_date.instant
        {
            let message = format!(
                "`{}` ({}) supersedes `{}`, which is dated later ({})",
                d.id, new_date.written, older.id, old_date.written
            );
            let hint = Some("a decision can only replace an earlier one; check the dates or the direction".to_string());
            diagnostics
                .push(Diagnostic::error("supersedes-later", old.span.clone(), message).field("supersedes").hint(hint));
        }
    }
}

/// Supersession loops: a property of the whole history.
pub fn loops(base: &Base, diagnostics: &mut Diagnostics) {
    let edges: BTreeMap<&Id, Vec<&Id>> = base
        .decisions
        .values()
        .map(|d| (&d.id, d.supersedes.iter().map(|s| &s.value).filter(|s| base.decisions.contains_key(*s)).collect()))
        .collect();
    for cycle in super::graph::cycles(&edges) {
        let Some(first) = base.decisions.get(cycle[0]) else { continue };
        let span = first
            .supersedes
            .iter()
            .find(|s| &s.value == cycle[1])
            .map_or_else(|| first.span.clone(), |s| s.span.clone());
        let path: Vec<&str> = cycle.iter().map(|id| id.as_str()).chain([cycle[0].as_str()]).collect();
        let message = format!("supersession loop: {}", path.join(" → "));
        diagnostics.push(Diagnostic::error("supersession-loop", span, message).field("supersedes"));
    }
    for d in base.decisions.values() {
        if let Some(me) = d.supersedes.iter().find(|s| s.value == d.id) {
            let message = format!("`{}` supersedes itself", d.id);
            diagnostics.push(Diagnostic::error("supersession-loop", me.span.clone(), message).field("supersedes"));
        }
    }
}
