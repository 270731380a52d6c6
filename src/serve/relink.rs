//! Linking again after a change without linking everything: the base is patched in place.
//!
//! Linking 10,000 handoffs from scratch costs about 200 ms, most of it typing every file again.
//! A change touches a few files, so [`patch`] takes out what those files defined, types only
//! them again, checks references, and rebuilds the indexes only when the change touched what
//! they are made of (a body edit does not; a change of `depends_on` patches `needed_by`). It
//! returns an [`Undo`]: if the result has errors, [`undo`] puts the last good base back
//! exactly, so the served site and the next change's plan still start from it.

use crate::check::findings::Findings;
use crate::diagnostic::Diagnostics;
use crate::link::{self, Claims};
use crate::load::ParsedFile;
use crate::markdown::bodies::{Bodies, PageBodies};
use crate::model::{Base, Decision, Handoff, Id, Indexes, Wrap};
use crate::sitemap::resolve::SiteLinks;
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
    /// The `needed_by` entries patched in place, as they were.
    needed_by: Vec<(Id, Option<Vec<Id>>)>,
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
    // altered nothing they are made of (ids, people, status, team, tags, relations) keeps them,
    // and one that altered only dependencies patches the one index they are in.
    if same_index_facets(&good.base, &undo) {
        undo.needed_by = patch_needed_by(&mut good.base, &undo.handoffs);
    } else {
        let rebuilt = link::indexes::build(&good.base);
        undo.indexes = std::mem::replace(&mut good.base.indexes, rebuilt);
        undo.rebuilt_indexes = true;
    }
    undo
}

/// Whether the entities taken out and those added index the same way, `needed_by` aside.
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

/// What the indexes other than `needed_by` read of a handoff.
fn handoff_facet(h: &Handoff) -> impl PartialEq + '_ {
    let person = |p: &Option<crate::model::At<crate::model::Handle>>| p.as_ref().map(|p| p.value.clone());
    (&h.owner.value, person(&h.reviewer), person(&h.from), h.status.value, &h.team, &h.tags)
}

fn dependencies_of(h: &Handoff) -> Vec<&Id> {
    h.depends_on.iter().map(|d| &d.value).collect()
}

/// Moves the handoffs `old` (as they were; the same ids are in `base` now) in `needed_by` from
/// the dependencies they had to those they have, keeping each list sorted and without
/// duplicates as [`link::indexes::build`] makes it. Returns the entries as they were.
fn patch_needed_by(base: &mut Base, old: &[Handoff]) -> Vec<(Id, Option<Vec<Id>>)> {
    let mut touched: BTreeSet<Id> = BTreeSet::new();
    for h in old {
        let now = base.handoffs.get(&h.id).map(dependencies_of).unwrap_or_default();
        touched.extend(dependencies_of(h).into_iter().chain(now).cloned());
    }
    let saved: Vec<(Id, Option<Vec<Id>>)> =
        touched.iter().map(|dep| (dep.clone(), base.indexes.needed_by.get(dep).cloned())).collect();
    let needed_by = &mut base.indexes.needed_by;
    for h in old {
        for dep in &h.depends_on {
            if let Some(list) = needed_by.get_mut(&dep.value) {
                list.retain(|id| id != &h.id);
            }
        }
    }
    for h in old.iter().filter_map(|h| base.handoffs.get(&h.id)) {
        for dep in h.depends_on.iter().filter(|d| base.handoffs.contains_key(&d.value)) {
            let list = needed_by.entry(dep.value.clone()).or_default();
            if let Err(at) = list.binary_search(&h.id) {
                list.insert(at, h.id.clone());
            }
        }
    }
    for dep in &touched {
        if needed_by.get(dep).is_some_and(Vec::is_empty) {
            needed_by.remove(dep);
        }
    }
    saved
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
    for (dep, list) in undo.needed_by {
        match list {
            Some(list) => good.base.indexes.needed_by.insert(dep, list),
            None => good.base.indexes.needed_by.remove(&dep),
        };
    }
}

/// The handoffs, decisions (inline ones included) and wraps written in `files`. Paths are
/// compared as bytes: they are all `/`-separated and relative, as `load` names them, and
/// comparing them component by component over every entity was a tenth of an edit's time.
pub fn ids_of_files(base: &Base, files: &BTreeSet<std::path::PathBuf>) -> BTreeSet<Id> {
    let files: BTreeSet<&[u8]> = files.iter().map(|f| f.as_os_str().as_encoded_bytes()).collect();
    let written_in = |file: &std::path::Path| files.contains(file.as_os_str().as_encoded_bytes());
    let handoffs = base.handoffs.values().filter(|h| written_in(&h.file)).map(|h| h.id.clone());
    let decisions = base.decisions.values().filter(|d| written_in(&d.file)).map(|d| d.id.clone());
    let wraps = base.wraps.values().filter(|w| written_in(&w.file)).map(|w| w.id.clone());
    handoffs.chain(decisions).chain(wraps).collect()
}

/// The Markdown replaced by [`swap_bodies`], to put back if the change fails later.
pub type BodiesUndo = Vec<(Id, Option<PageBodies>)>;

/// Puts freshly rendered Markdown in place and drops that of pages gone from the base. Only the
/// ids `changed` (those the patch took out) can be gone: the others' pages are not looked at.
pub fn swap_bodies(good: &mut Good, fresh: Bodies, changed: &BTreeSet<Id>) -> BodiesUndo {
    let base = &good.base;
    let gone: Vec<Id> = changed
        .iter()
        .filter(|id| good.bodies.pages.contains_key(*id))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::load::{SourceFile, parse_file};

    fn parsed(path: &str, text: &str) -> ParsedFile {
        let source = SourceFile { path: path.into(), text: text.into() };
        parse_file(&source, &mut Diagnostics::default()).expect("parses")
    }

    #[test]
    fn a_dependency_change_patches_needed_by_as_a_rebuild_would_and_undo_puts_it_back() {
        let a = parsed("content/a.md", "---\ntitle: A\nowner: ana\n---\n");
        let b = parsed("content/b.md", "---\ntitle: B\nowner: ana\ndepends_on: [a]\n---\n");
        let c = parsed("content/c.md", "---\ntitle: C\nowner: ana\ndepends_on: [a]\n---\n");
        let base = link::link([&a, &b, &c], None, &mut Diagnostics::default());
        let claims = base.handoffs.keys().map(|id| (id.clone(), Span::file("content/x.md"))).collect();
        let mut good = Good {
            base,
            claims,
            bodies: Bodies::default(),
            links: SiteLinks::default(),
            findings: Findings::default(),
        };
        let before = good.base.indexes.needed_by.clone();
        let b = parsed("content/b.md", "---\ntitle: B\nowner: ana\ndepends_on: [c, nothing]\n---\n");
        let dirty = BTreeSet::from([Id::parse("b").unwrap()]);
        let patched = patch(&mut good, &dirty, [&b], |_, _| {}, &mut Diagnostics::default());
        assert!(!patched.rebuilt_indexes, "only needed_by changes");
        assert_eq!(good.base.indexes.needed_by, link::indexes::build(&good.base).needed_by);
        undo(&mut good, patched);
        assert_eq!(good.base.indexes.needed_by, before);
    }
}
