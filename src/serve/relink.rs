//! Linking again after a change without linking everything: the base is patched in place.
//!
//! Linking 10,000 handoffs from scratch costs about 200 ms, most of it typing every file again.
//! A change touches a few files, so [`patch`] takes out what those files defined, types only
//! them again, and finishes the base (reference checks and indexes, which are whole-base but
//! cheap). It returns an [`Undo`]: if the result has errors, [`undo`] puts the last good base
//! back exactly, so the served site and the next change's plan still start from it.

use crate::diagnostic::Diagnostics;
use crate::link::{self, Claims};
use crate::load::ParsedFile;
use crate::model::{Base, Decision, Handoff, Id, Indexes};
use crate::render::bodies::Bodies;
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
}

/// How to put a patched base back as it was.
#[derive(Default)]
pub struct Undo {
    handoffs: Vec<Handoff>,
    decisions: Vec<Decision>,
    claims: Claims,
    /// The ids the patch added.
    pub added: BTreeSet<Id>,
    indexes: Indexes,
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
        if let Some(span) = good.claims.remove(id) {
            undo.claims.insert(id.clone(), span);
        }
    }
    for file in parsed {
        let mut own = Diagnostics::default();
        undo.added.extend(link::add_file(&mut good.base, &mut good.claims, file, &mut own));
        per_file(file, own);
    }
    undo.indexes = std::mem::take(&mut good.base.indexes);
    link::finish(&mut good.base, diagnostics);
    undo
}

/// Puts the base back as it was before [`patch`].
pub fn undo(good: &mut Good, undo: Undo) {
    for id in &undo.added {
        good.base.handoffs.remove(id);
        good.base.decisions.remove(id);
        good.claims.remove(id);
    }
    good.base.handoffs.extend(undo.handoffs.into_iter().map(|h| (h.id.clone(), h)));
    good.base.decisions.extend(undo.decisions.into_iter().map(|d| (d.id.clone(), d)));
    good.claims.extend(undo.claims);
    good.base.indexes = undo.indexes;
}
