//! Linking again after a change without linking everything: the base is patched in place.
//!
//! Linking 10,000 handoffs from scratch costs about 200 ms, most of it typing every file again.
//! A change touches a few files, so [`patch`] takes out what those files defined, types only
//! them again, checks references, and rebuilds the indexes only when the change touched what
//! they are made of (a body edit does not). It returns an [`Undo`]: if the result has errors, [`undo`] puts the last good base
//! back exactly, so the served site and the next change's plan still start from it.

use crate::check::findings::Findings;
use crate::diagnostic::Diagnostics;
use crate::link::{self, Claims};
use crate::load::ParsedFile;
use crate::model::{Base, Decision, Handoff, Id, Indexes, Wrap};
use crate::render::bodies::{Bodies, PageBodies};
use crate::render::resolve::SiteLinks;
use std::collections::BTreeSet;

/// The last state that built without errors: what the served pages show.
pub struct Good {
    /// The linked base.
    pub base: Base,
    /// Every id with where it was claimed, for duplicate checks on the next change.
    pub claims: Claims,
    /// The rendered Markdown of every page.
    pub bodies: Bodies,
    /// Link tables for the Markdown, rebuilt only when a title or a file's place changes.
    pub links: SiteLinks,
    /// The check's findings by subject, so a change re-checks only what it can affect.
    pub findings: Findings,
}

/// How to put a patched base back as it was.
#[derive(Default)]
pub struct Undo {
    handoffs: Vec<Handoff>,
    decisions: Vec<Decision>,
    wraps: Vec<Wrap>,
    claims: Claims,
    /// The ids the patch added.
    pub added: BTreeSet<Id>,
    indexes: Indexes,
    rebuilt_indexes: bool,
}

/// Replaces what the files `changed` defined (the ids `dirty`) with what `parsed` defines now,
/// then finishes the base. Typing problems go to each file's own list through `per_file`;
/// base-wide ones (references) to `diagnostics`.
pub fn patch<'a>(
    good: &mut Good,
    dirty: &BTreeSet<Id>,
    parsed: impl IntoIterator<Item = &'a ParsedFile>,
    mut per_file: impl FnMut(&ParsedFile, Diagnostics),
    diagnostics: &mut Diagnostics,
) -> Undo {
    let mut undo = Undo::default();
    for id in dirty {
        undo.handoffs.extend(good.base.handoffs.remove(id));
        undo.decisions.extend(good.base.decisions.remove(id));
        undo.wraps.extend(good.base.wraps.remove(id));
        if let Some(span) = good.claims.remove(id) {
            undo.claims.insert(id.clone(), span);
        }
    }
    for file in parsed {
        let mut own = Diagnostics::default();
        undo.added.extend(link::add_file(&mut good.base, &mut good.claims, file, &mut own));
        per_file(file, own);
    }
    link::resolve(&mut good.base, diagnostics);
    // Rebuilding the indexes is most of a patch's cost at 10,000 handoffs; a change that
    // altered nothing they are made of (ids, people, status, team, tags, relations) keeps them.
    if !same_index_facets(&good.base, &undo) {
        let rebuilt = link::indexes::build(&good.base);
        undo.indexes = std::mem::replace(&mut good.base.indexes, rebuilt);
        undo.rebuilt_indexes = true;
    }
    undo
}

/// Whether the entities taken out and those added index the same way.
fn same_index_facets(base: &Base, undo: &Undo) -> bool {
    let added =
        |id: &Id| base.handoffs.contains_key(id) || base.decisions.contains_key(id) || base.wraps.contains_key(id);
    let taken: BTreeSet<&Id> = undo
        .handoffs
        .iter()
        .map(|h| &h.id)
        .chain(undo.decisions.iter().map(|d| &d.id))
        .chain(undo.wraps.iter().map(|w| &w.id))
        .collect();
    let same_ids = taken.len() == undo.added.len() && undo.added.iter().all(|id| taken.contains(id) && added(id));
    same_ids
        && undo
            .handoffs
            .iter()
            .all(|old| base.handoffs.get(&old.id).is_some_and(|new| handoff_facet(old) == handoff_facet(new)))
        && undo
            .decisions
            .iter()
            .all(|old| base.decisions.get(&old.id).is_some_and(|new| decision_facet(old) == decision_facet(new)))
        && undo.wraps.iter().all(|old| base.wraps.get(&old.id).is_some_and(|new| wrap_facet(old) == wrap_facet(new)))
}

/// What the indexes read of a handoff.
fn handoff_facet(h: &Handoff) -> impl PartialEq + '_ {
    let person = |p: &Option<crate::model::At<crate::model::Handle>>| p.as_ref().map(|p| p.value.clone());
    (
        (&h.owner.value, person(&h.reviewer), person(&h.from), h.status.value, &h.team, &h.tags),
        h.depends_on.iter().map(|d| &d.value).collect::<Vec<_>>(),
    )
}

/// What the indexes read of a decision.
fn decision_facet(d: &Decision) -> impl PartialEq + '_ {
    (
        (&d.origin, &d.tags, d.by.iter().map(|b| &b.value).collect::<Vec<_>>()),
        d.supersedes.iter().map(|s| &s.value).collect::<Vec<_>>(),
        d.related.iter().map(|r| &r.value).collect::<Vec<_>>(),
    )
}

/// What the indexes read of a wrap: whose and whose team's pages list it.
fn wrap_facet(w: &Wrap) -> impl PartialEq + '_ {
    (&w.author.value, &w.team, w.handed_to.as_ref().map(|h| &h.value))
}

/// Puts the base back as it was before [`patch`].
pub fn undo(good: &mut Good, undo: Undo) {
    for id in &undo.added {
        good.base.handoffs.remove(id);
        good.base.decisions.remove(id);
        good.base.wraps.remove(id);
        good.claims.remove(id);
    }
    good.base.handoffs.extend(undo.handoffs.into_iter().map(|h| (h.id.clone(), h)));
    good.base.decisions.extend(undo.decisions.into_iter().map(|d| (d.id.clone(), d)));
    good.base.wraps.extend(undo.wraps.into_iter().map(|w| (w.id.clone(), w)));
    good.claims.extend(undo.claims);
    if undo.rebuilt_indexes {
        good.base.indexes = undo.indexes;
    }
}

/// The Markdown replaced by [`swap_bodies`], to put back if the change fails later.
pub type BodiesUndo = Vec<(Id, Option<PageBodies>)>;

/// Puts freshly rendered Markdown in place and drops that of pages gone from the base.
pub fn swap_bodies(good: &mut Good, fresh: Bodies) -> BodiesUndo {
    let base = &good.base;
    let gone: Vec<Id> = good
        .bodies
        .pages
        .keys()
        .filter(|id| {
            !base.handoffs.contains_key(*id) && !base.decisions.contains_key(*id) && !base.wraps.contains_key(*id)
        })
        .cloned()
        .collect();
    let mut replaced: BodiesUndo = gone
        .into_iter()
        .map(|id| {
            let old = good.bodies.pages.remove(&id);
            (id, old)
        })
        .collect();
    for (id, page) in fresh.pages {
        let old = good.bodies.pages.insert(id.clone(), page);
        replaced.push((id, old));
    }
    replaced
}

/// Undoes [`swap_bodies`].
pub fn restore_bodies(good: &mut Good, replaced: BodiesUndo) {
    for (id, old) in replaced.into_iter().rev() {
        match old {
            Some(page) => good.bodies.pages.insert(id, page),
            None => good.bodies.pages.remove(&id),
        };
    }
}
