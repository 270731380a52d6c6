//! Link: raw files → the typed [`Base`], with ids checked, relations resolved and indexes built.
//!
//! Three steps: type each file ([`convert`]), put everything in one id namespace (a duplicate is
//! an error naming both places), then resolve relations and compute reverse edges and groupings
//! once ([`indexes`]). Rules about readiness, time and quality belong to the check stage; this
//! stage only reports what makes the base impossible to build (bad values, duplicate or unknown ids).

pub mod convert;
pub mod fields;
pub mod indexes;
pub mod people;
pub mod sections;
pub mod wrap;

use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::load::{ParsedFile, SourceFile};
use crate::model::{At, Base, Decision, Id};
use convert::Converted;
use fields::Fields;
use std::collections::BTreeMap;

/// Builds the base from parsed files and `people.yaml`.
pub fn link(files: &[ParsedFile], people: Option<&SourceFile>, diagnostics: &mut Diagnostics) -> Base {
    let mut base =
        Base { people: people.map(|p| people::parse_people(p, diagnostics)).unwrap_or_default(), ..Base::default() };
    let mut seen: BTreeMap<Id, Span> = BTreeMap::new();
    for file in files {
        let mut fields = Fields { locator: &file.locator, diagnostics };
        match convert::convert(file, &mut fields) {
            Some(Converted::Handoff(handoff, decisions)) => {
                let span = handoff.status.span.clone();
                if claim_id(&mut seen, &handoff.id, Span::new(&handoff.file, span.line.max(1), 1), diagnostics) {
                    base.handoffs.insert(handoff.id.clone(), *handoff);
                }
                for decision in decisions {
                    add_decision(&mut base, &mut seen, decision, diagnostics);
                }
            }
            Some(Converted::Decision(decision)) => add_decision(&mut base, &mut seen, *decision, diagnostics),
            Some(Converted::Wrap(wrap)) if claim_id(&mut seen, &wrap.id, wrap.span.clone(), diagnostics) => {
                base.wraps.insert(wrap.id.clone(), *wrap);
            }
            Some(Converted::Wrap(_)) | None => {}
        }
    }
    fill_teams_from_people(&mut base);
    check_references(&base, diagnostics);
    base.indexes = indexes::build(&base);
    base
}

fn add_decision(base: &mut Base, seen: &mut BTreeMap<Id, Span>, decision: Decision, diagnostics: &mut Diagnostics) {
    if claim_id(seen, &decision.id, decision.span.clone(), diagnostics) {
        base.decisions.insert(decision.id.clone(), decision);
    }
}

/// Claims an id for one page; a second claim is an error naming the first place.
fn claim_id(seen: &mut BTreeMap<Id, Span>, id: &Id, span: Span, diagnostics: &mut Diagnostics) -> bool {
    if let Some(first) = seen.get(id) {
        let message = format!("duplicate id `{id}`: already used by {first}");
        let hint = Some(
            "ids are unique across handoffs and decisions; rename one of them (or set `id:` explicitly)".to_string(),
        );
        diagnostics.push(Diagnostic::error("duplicate-id", span, message).field("id").hint(hint));
        return false;
    }
    seen.insert(id.clone(), span);
    true
}

/// A handoff without `team` belongs to its owner's team from people.yaml, a wrap to its author's.
fn fill_teams_from_people(base: &mut Base) {
    for handoff in base.handoffs.values_mut() {
        if handoff.team.is_none() {
            handoff.team = base.people.get(&handoff.owner.value).and_then(|p| p.team.clone());
        }
    }
    for wrap in base.wraps.values_mut() {
        if wrap.team.is_none() {
            wrap.team = base.people.get(&wrap.author.value).and_then(|p| p.team.clone());
        }
    }
}

/// Every id a file points at must exist: a dependency on nothing is a handoff nobody can act on.
fn check_references(base: &Base, diagnostics: &mut Diagnostics) {
    let handoff_ids = || base.handoffs.keys().map(Id::as_str);
    let decision_ids = || base.decisions.keys().map(Id::as_str);
    for handoff in base.handoffs.values() {
        for dep in &handoff.depends_on {
            require(&base.handoffs, dep, "depends_on", "handoff", handoff_ids(), diagnostics);
        }
    }
    for decision in base.decisions.values() {
        for old in &decision.supersedes {
            require(&base.decisions, old, "supersedes", "decision", decision_ids(), diagnostics);
        }
        for related in &decision.related {
            require(&base.handoffs, related, "related", "handoff", handoff_ids(), diagnostics);
        }
    }
}

fn require<'a, T>(
    map: &BTreeMap<Id, T>,
    id: &At<Id>,
    field: &str,
    what: &str,
    candidates: impl Iterator<Item = &'a str>,
    diagnostics: &mut Diagnostics,
) {
    if map.contains_key(&id.value) {
        return;
    }
    let hint = crate::suggest::did_you_mean(id.value.as_str(), candidates).map(|c| format!("did you mean `{c}`?"));
    let message = format!("`{field}` names `{}`, but no {what} has that id", id.value);
    diagnostics.push(Diagnostic::error("unknown-id", id.span.clone(), message).field(field).hint(hint));
}
