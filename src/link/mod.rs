//! Link: raw files → the typed [`Base`], with ids checked, relations resolved and indexes built.
//!
//! Three steps: type each file ([`convert`]), put everything in one id namespace (a duplicate is
//! an error naming both places), then resolve relations and compute reverse edges and groupings
//! once ([`indexes`]). Rules about readiness, time and quality belong to the check stage; this
//! stage only reports what makes the base impossible to build (bad values, duplicate or unknown ids).

pub mod convert;
pub mod fields;
pub mod indexes;
pub mod names;
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
pub fn link<'a>(
    files: impl IntoIterator<Item = &'a ParsedFile>,
    people: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Base {
    link_with_records(files, &[], &Default::default(), people, diagnostics)
}

/// [`link`], plus decision records read in place (see [`crate::records`]) with the site's
/// status words.
pub fn link_with_records<'a>(
    files: impl IntoIterator<Item = &'a ParsedFile>,
    records: &[crate::records::decision::RecordSource],
    words: &crate::records::status::StatusWords,
    people: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Base {
    let typed = files.into_iter().map(|file| type_file(file, diagnostics)).collect();
    link_typed(typed, records, words, people, diagnostics)
}

/// [`link_with_records`] for files already typed by [`type_file`].
pub fn link_typed(
    files: Vec<TypedFile>,
    records: &[crate::records::decision::RecordSource],
    words: &crate::records::status::StatusWords,
    people: Option<&SourceFile>,
    diagnostics: &mut Diagnostics,
) -> Base {
    let mut base =
        Base { people: people.map(|p| people::parse_people(p, diagnostics)).unwrap_or_default(), ..Base::default() };
    let mut claims = Claims::new();
    let mut names = names::Names::default();
    for file in files {
        names.extend(add_typed(&mut base, &mut claims, file, diagnostics));
    }
    add_records(&mut base, &mut claims, records, words, diagnostics);
    names::check_shared_pages(names, &base.people, diagnostics);
    finish(&mut base, diagnostics);
    base
}

/// One content file typed: what linking adds to the base, without the raw frontmatter.
pub struct TypedFile {
    converted: Option<Converted>,
    /// Where a second use of its handoff's id is reported: the `id:` value, when written.
    id_span: Option<Span>,
    names: names::Names,
}

/// Types one parsed file, reporting bad values (see [`convert`]); nothing in the result
/// borrows the file.
pub fn type_file(file: &ParsedFile, diagnostics: &mut Diagnostics) -> TypedFile {
    let mut fields = Fields { locator: &file.locator, diagnostics };
    let converted = convert::convert(file, &mut fields);
    let id_span = file.frontmatter.id.as_ref().map(|id| file.locator.at(id)).filter(|s| s.line > 0);
    TypedFile { converted, id_span, names: names::Names::of(file) }
}

/// Adds the decisions of records read in place (not the indexes: see [`finish`]); returns their
/// ids. `people` must already be in `base`, since records name people by name or handle.
pub fn add_records(
    base: &mut Base,
    claims: &mut Claims,
    records: &[crate::records::decision::RecordSource],
    words: &crate::records::status::StatusWords,
    diagnostics: &mut Diagnostics,
) -> Vec<Id> {
    let decisions = crate::records::decision::decisions(records, words, &base.people, diagnostics);
    decisions.into_iter().filter_map(|decision| add_decision(base, claims, decision, diagnostics)).collect()
}

/// Every id claimed so far, with where it was first claimed: what a duplicate is reported against.
pub type Claims = BTreeMap<Id, Span>;

/// Types one file and adds its handoff and decisions (or its wrap) to `base` (not its indexes: see
/// [`finish`]); returns the ids it added. `serve` calls this for the files that changed.
pub fn add_file(base: &mut Base, claims: &mut Claims, file: &ParsedFile, diagnostics: &mut Diagnostics) -> Vec<Id> {
    let typed = type_file(file, diagnostics);
    let mut added = Vec::new();
    add_converted(base, claims, typed.converted, typed.id_span, Some(&mut added), diagnostics);
    added
}

/// Adds a typed file to `base`; returns its tag and team names, for [`names::check_shared_pages`].
fn add_typed(base: &mut Base, claims: &mut Claims, file: TypedFile, diagnostics: &mut Diagnostics) -> names::Names {
    add_converted(base, claims, file.converted, file.id_span, None, diagnostics);
    file.names
}

/// Claims the ids of a converted file and adds its pages; the ids added go to `added` when the
/// caller wants them (serve does; a whole link does not, and clones none).
fn add_converted(
    base: &mut Base,
    claims: &mut Claims,
    converted: Option<Converted>,
    id_span: Option<Span>,
    mut added: Option<&mut Vec<Id>>,
    diagnostics: &mut Diagnostics,
) {
    let mut note = |id: &Id| {
        if let Some(added) = added.as_deref_mut() {
            added.push(id.clone());
        }
    };
    match converted {
        Some(Converted::Handoff(handoff, decisions)) => {
            // A duplicate is reported at the `id:` value when there is one, else at the top.
            let span = id_span.unwrap_or_else(|| Span::new(&handoff.file, handoff.status.span.line.max(1), 1));
            if claim_id(claims, &handoff.id, span, diagnostics) {
                note(&handoff.id);
                base.handoffs.insert(handoff.id.clone(), *handoff);
            }
            for decision in decisions {
                if let Some(id) = add_decision(base, claims, decision, diagnostics) {
                    note(&id);
                }
            }
        }
        Some(Converted::Decision(decision)) => {
            if let Some(id) = add_decision(base, claims, *decision, diagnostics) {
                note(&id);
            }
        }
        Some(Converted::Wrap(wrap)) if claim_id(claims, &wrap.id, wrap.span.clone(), diagnostics) => {
            note(&wrap.id);
            base.wraps.insert(wrap.id.clone(), *wrap);
        }
        Some(Converted::Wrap(_)) | None => {}
    }
}

/// Completes a base after files were added (or removed): owners' teams, references between
/// ids, and the indexes.
pub fn finish(base: &mut Base, diagnostics: &mut Diagnostics) {
    resolve(base, diagnostics);
    base.indexes = indexes::build(base);
}

/// [`finish`] without rebuilding the indexes: owners' teams and references between ids. For
/// `serve`, after a change that altered nothing the indexes are made of (a body edit).
pub fn resolve(base: &mut Base, diagnostics: &mut Diagnostics) {
    fill_teams_from_people(base);
    check_references(base, diagnostics);
}

fn add_decision(base: &mut Base, claims: &mut Claims, decision: Decision, diagnostics: &mut Diagnostics) -> Option<Id> {
    let id = decision.id.clone();
    claim_id(claims, &id, decision.span.clone(), diagnostics).then(|| {
        base.decisions.insert(id.clone(), decision);
        id
    })
}

/// Claims an id for one page; a second claim is an error naming the first place.
fn claim_id(seen: &mut Claims, id: &Id, span: Span, diagnostics: &mut Diagnostics) -> bool {
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
