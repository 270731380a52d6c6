//! Findings filed by [`Subject`], so that `serve` re-checks only what a change can have affected.
//!
//! A save at 10,000 handoffs changes one or two files, yet a whole check reads every handoff
//! (80–165 ms, most of a save). [`Findings`] keeps the last check's diagnostics per subject.
//! Before the base is patched, [`Prior`] notes what the changed entities were; [`Findings::plan`]
//! then names the subjects whose rules read something the change touched — the changed
//! entities themselves, the handoffs depending on them (their rules read a dependency's
//! status), the pages linking to their headings, the wraps listing them, the decisions next to
//! a changed decision along `supersedes`, loops and cycles when an edge may have closed or
//! opened one — and [`Findings::recheck`] runs only those. [`Findings::commit`] files the result once the rebuild publishes, so a
//! failed one leaves the last good findings. Time rules read "now": they are reused only while
//! "now" is the same instant (a pinned `--today`), and re-run for every handoff otherwise.
//!
//! A whole check ([`super::check`]) gives the same findings; `serve`'s tests compare the two
//! after every kind of edit. Planning which pages to render is not done here.

use super::{CheckInput, Subject, apply_levels, check_subject};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::model::{Attention, Base, Decision, Handoff, Id, Problem};
use jiff::Timestamp;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// The last check's diagnostics (levels applied), by subject; subjects without any are absent.
#[derive(Debug, Default)]
pub struct Findings {
    by_subject: BTreeMap<Subject, Vec<Diagnostic>>,
    /// The "now" the time rules were last run against.
    today: Timestamp,
}

/// Findings of some subjects, not yet filed.
#[derive(Debug)]
pub struct Rechecked {
    /// Diagnostics and, for time subjects, the handoff's open problems.
    found: BTreeMap<Subject, (Vec<Diagnostic>, Vec<Problem>)>,
    today: Timestamp,
}

/// What the base held of the changed entities before a change, captured before it is patched.
#[derive(Debug, Default)]
pub struct Prior {
    /// The changed ids that were handoffs, with their dependencies.
    dependencies: BTreeMap<Id, Vec<Id>>,
    /// The changed ids that were decisions, with the decisions they superseded.
    supersedes: BTreeMap<Id, Vec<Id>>,
    /// The decisions superseding a changed decision.
    superseded_by: BTreeSet<Id>,
    /// The team slugs (a wrap may be handed to a team).
    teams: BTreeSet<String>,
}

impl Prior {
    /// Notes what `old` holds of the entities `changed`.
    pub fn capture(old: &Base, changed: &BTreeSet<Id>) -> Prior {
        let handoffs = changed.iter().filter_map(|id| old.handoffs.get(id));
        Prior {
            dependencies: handoffs.map(|h| (h.id.clone(), dependency_ids(h))).collect(),
            supersedes: changed
                .iter()
                .filter_map(|id| old.decisions.get(id))
                .map(|d| (d.id.clone(), supersedes_ids(d)))
                .collect(),
            superseded_by: changed.iter().flat_map(|id| superseded_by(old, id)).cloned().collect(),
            teams: old.indexes.teams.keys().cloned().collect(),
        }
    }
}

impl Findings {
    /// Checks every subject of the base: a whole check, filed. Returns the open problems too.
    pub fn check_all(input: &CheckInput<'_>) -> (Findings, Attention) {
        let mut findings = Findings { by_subject: BTreeMap::new(), today: input.today };
        let mut attention = Attention::default();
        let every = super::every_subject(input).into_iter().collect();
        findings.commit(findings.recheck(input, every), &mut attention);
        (findings, attention)
    }

    /// The subjects whose findings may differ now that the entities `changed` (ids of the
    /// changed files, before and after) were patched into `input.base`, given what they were
    /// (`prior`) and the pages whose Markdown was rendered again (`rebodied`).
    pub fn plan(
        &self,
        prior: &Prior,
        input: &CheckInput<'_>,
        changed: &BTreeSet<Id>,
        rebodied: &BTreeSet<Id>,
    ) -> BTreeSet<Subject> {
        let base = input.base;
        let mut subjects = BTreeSet::new();
        for id in changed {
            subjects.extend([Subject::Handoff(id.clone()), Subject::Time(id.clone()), Subject::Decision(id.clone())]);
            subjects.extend([Subject::Wrap(id.clone()), Subject::Links(id.clone())]);
        }
        // Readiness and dependency rules read the status of each dependency.
        let depends_on_changed = |h: &&Handoff| h.depends_on.iter().any(|d| changed.contains(&d.value));
        subjects.extend(base.handoffs.values().filter(depends_on_changed).map(|h| Subject::Handoff(h.id.clone())));
        // Anchor rules read the headings of the pages linked to.
        let new_headings: BTreeSet<Id> = changed.union(rebodied).cloned().collect();
        subjects.extend(rebodied.iter().cloned().map(Subject::Links));
        subjects.extend(super::links::pages_linking_into(input.bodies, &new_headings).into_iter().map(Subject::Links));
        let was_handoff = |id: &Id| prior.dependencies.contains_key(id);
        let handoff_set_changed = changed.iter().any(|id| was_handoff(id) != base.handoffs.contains_key(id));
        subjects.extend(self.wraps_to_recheck(prior, base, changed, handoff_set_changed).map(Subject::Wrap));
        subjects.extend(self.decisions_to_recheck(prior, base, changed));
        let edges_changed =
            changed.iter().any(|id| prior.dependencies.get(id) != base.handoffs.get(id).map(dependency_ids).as_ref());
        // A whole cycle check costs ~30 ms at 10,000 handoffs. With no cycle before, a new one
        // must run through a changed handoff; with one before, it may have opened or merged.
        let had_cycles = self.by_subject.contains_key(&Subject::DependencyCycles);
        if (handoff_set_changed || edges_changed)
            && (had_cycles || changed.iter().any(|id| super::graph::leads_back(base, id)))
        {
            subjects.insert(Subject::DependencyCycles);
        }
        if input.today != self.today {
            subjects.extend(base.handoffs.keys().cloned().map(Subject::Time));
        }
        subjects
    }

    /// A decision's rules read which decisions supersede it and the dates of those it supersedes:
    /// the neighbours of a changed decision along `supersedes`, before and after, are checked
    /// again. Loops are looked for again when an edge may have closed or opened one, or moved.
    fn decisions_to_recheck(&self, prior: &Prior, base: &Base, changed: &BTreeSet<Id>) -> BTreeSet<Subject> {
        let now: BTreeMap<&Id, Vec<Id>> =
            changed.iter().filter_map(|id| base.decisions.get(id)).map(|d| (&d.id, supersedes_ids(d))).collect();
        let mut neighbours: BTreeSet<Id> = prior.superseded_by.clone();
        neighbours.extend(changed.iter().flat_map(|id| superseded_by(base, id)).cloned());
        neighbours.extend(prior.supersedes.values().chain(now.values()).flatten().cloned());
        let mut subjects: BTreeSet<Subject> = neighbours.into_iter().map(Subject::Decision).collect();
        let edges_changed = changed.iter().any(|id| prior.supersedes.get(id) != now.get(id));
        let had_loops = self.by_subject.contains_key(&Subject::DecisionHistory);
        if edges_changed || (had_loops && (!prior.supersedes.is_empty() || !now.is_empty())) {
            subjects.insert(Subject::DecisionHistory);
        }
        subjects
    }

    /// Wraps read the status of the handoffs they list, every handoff id (to suggest one for an
    /// unknown id) and the teams (to know a recipient).
    fn wraps_to_recheck<'a>(
        &self,
        prior: &Prior,
        base: &'a Base,
        changed: &'a BTreeSet<Id>,
        handoff_set_changed: bool,
    ) -> impl Iterator<Item = Id> + 'a {
        let teams_changed = !prior.teams.iter().eq(base.indexes.teams.keys());
        let all = handoff_set_changed || teams_changed;
        let lists_changed = |w: &&crate::model::Wrap| w.open.iter().any(|o| changed.contains(&o.id.value));
        base.wraps.values().filter(move |w| all || lists_changed(w)).map(|w| w.id.clone())
    }

    /// Runs the rules of `subjects` (levels applied) without filing the result.
    pub fn recheck(&self, input: &CheckInput<'_>, subjects: BTreeSet<Subject>) -> Rechecked {
        let found = subjects
            .into_iter()
            .map(|subject| {
                let (mut diagnostics, mut attention) = (Diagnostics::default(), Attention::default());
                check_subject(input, &subject, &mut diagnostics, &mut attention);
                apply_levels(input.config, &mut diagnostics, &mut attention);
                let problems = match &subject {
                    Subject::Time(id) => attention.by_handoff.remove(id).unwrap_or_default(),
                    _ => Vec::new(),
                };
                (subject, (diagnostics.sorted(), problems))
            })
            .collect();
        Rechecked { found, today: input.today }
    }

    /// Files `rechecked` in place of what those subjects found before and updates the open
    /// problems in `attention`; returns the handoffs whose open problems changed.
    pub fn commit(&mut self, rechecked: Rechecked, attention: &mut Attention) -> BTreeSet<Id> {
        let mut flagged = BTreeSet::new();
        for (subject, (diagnostics, problems)) in rechecked.found {
            if let Subject::Time(id) = &subject {
                if attention.of(id) != problems.as_slice() {
                    flagged.insert(id.clone());
                }
                if problems.is_empty() {
                    attention.by_handoff.remove(id);
                } else {
                    attention.by_handoff.insert(id.clone(), problems);
                }
            }
            if diagnostics.is_empty() {
                self.by_subject.remove(&subject);
            } else {
                self.by_subject.insert(subject, diagnostics);
            }
        }
        self.today = rechecked.today;
        flagged
    }

    /// Every filed diagnostic, in no particular order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.by_subject.values().flatten()
    }

    /// The files whose findings [`Findings::commit`]ting `rechecked` would change: those of the
    /// subjects whose diagnostics differ, before and after. What an editor must be sent again.
    pub fn files_changed_by(&self, rechecked: &Rechecked) -> BTreeSet<PathBuf> {
        let mut files = BTreeSet::new();
        for (subject, (now, _)) in &rechecked.found {
            let before = self.by_subject.get(subject).map_or(&[][..], Vec::as_slice);
            if before != now.as_slice() {
                files.extend(before.iter().chain(now).map(|d| d.span.file.clone()));
            }
        }
        files
    }
}

impl Rechecked {
    /// The diagnostics found, in no particular order.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.found.values().flat_map(|(diagnostics, _)| diagnostics)
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics().any(|d| d.severity == Severity::Error)
    }

    /// How many subjects were checked.
    pub fn subjects(&self) -> usize {
        self.found.len()
    }
}

fn supersedes_ids(d: &Decision) -> Vec<Id> {
    d.supersedes.iter().map(|s| s.value.clone()).collect()
}

fn superseded_by<'a>(base: &'a Base, id: &Id) -> impl Iterator<Item = &'a Id> {
    base.indexes.superseded_by.get(id).into_iter().flatten()
}

fn dependency_ids(h: &Handoff) -> Vec<Id> {
    h.depends_on.iter().map(|d| d.value.clone()).collect()
}
