//! The dependency graph of handoffs: which work waits on which, what is held up by blocked
//! work, and the critical path to each due date.
//!
//! A [`DepGraph`] is a selection of handoffs (open work, everything connected to one handoff, or
//! a handoff's neighbourhood) with the `depends_on` edges between them, analysed once: blocked
//! chains and critical paths are plain flags on nodes and edges ([`paths`]). [`layout`] places
//! it in layers for drawing and [`export`] writes DOT and JSON. This module draws nothing: the
//! SVG is made by `render::svg::graph`, the only place that knows SVG markup.

pub mod export;
pub mod layout;
pub mod parts;
pub mod paths;

use crate::model::{Base, Handoff, Id, Status};
use std::collections::{BTreeMap, BTreeSet};

/// Which handoffs a graph may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Open work only: neither done nor cancelled.
    Open,
    /// Every handoff.
    All,
}

impl Scope {
    fn admits(self, h: &Handoff) -> bool {
        self == Scope::All || h.status.value.is_open()
    }
}

/// A handoff in the graph.
#[derive(Debug)]
pub struct Node<'a> {
    /// The handoff.
    pub handoff: &'a Handoff,
    /// Blocked, or waiting (directly or through other work) on blocked work.
    pub held_up: bool,
    /// On the critical path to some due date.
    pub critical: bool,
    /// The handoff a neighbourhood is drawn around.
    pub focus: bool,
}

/// "`dependent` waits on `dependency`", as indexes into [`DepGraph::nodes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The work that must finish first.
    pub dependency: usize,
    /// The work that waits on it.
    pub dependent: usize,
    /// Part of a blocked chain: it leads from blocked (or held-up) work, or into blocked work.
    pub blocked: bool,
    /// On the critical path to some due date.
    pub critical: bool,
}

/// The longest chain of open work that must finish before a handoff with a due date can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriticalPath {
    /// The handoff with the due date (an index into [`DepGraph::nodes`]).
    pub target: usize,
    /// The chain, first step first, ending with `target`.
    pub steps: Vec<usize>,
}

/// Handoffs and their dependencies, analysed.
#[derive(Debug)]
pub struct DepGraph<'a> {
    /// The handoffs, sorted by id.
    pub nodes: Vec<Node<'a>>,
    /// The dependencies between them, sorted by (dependency, dependent).
    pub edges: Vec<Edge>,
    /// One per open handoff with a `due` date that waits on open work, soonest due first.
    pub critical_paths: Vec<CriticalPath>,
}

impl<'a> DepGraph<'a> {
    /// The graph of all open work: what `/graph/` shows.
    pub fn open_work(base: &'a Base) -> DepGraph<'a> {
        DepGraph::everything(base, Scope::Open)
    }

    /// Every handoff in `scope`.
    pub fn everything(base: &'a Base, scope: Scope) -> DepGraph<'a> {
        let ids = base.handoffs.values().filter(|h| scope.admits(h)).map(|h| &h.id).collect();
        DepGraph::of(base, ids, None)
    }

    /// `id`, everything it waits on and everything that waits on it, transitively, through
    /// handoffs in `scope` (`id` itself is always in). `None` when no handoff has that id.
    pub fn connected_to(base: &'a Base, id: &Id, scope: Scope) -> Option<DepGraph<'a>> {
        let focus = &base.handoffs.get(id)?.id;
        let (ids, _) = reach(base, focus, scope, usize::MAX, usize::MAX);
        Some(DepGraph::of(base, ids, Some(focus)))
    }

    /// The handoffs up to `steps` dependencies away from `id` in either direction, whatever
    /// their status, at most `per_step` of them at each step each way: the small graph on each
    /// handoff page. `None` for an unknown id.
    ///
    /// A hub that hundreds of handoffs wait on would otherwise be drawn thousands of pixels wide
    /// on its page, where no one can read it (and at a few hundred bytes a box, it was a fifth
    /// of the bytes of every handoff page). Open work is kept before finished work, then the
    /// lowest ids; the second step follows only the kept first one. [`Neighbourhood::within`]
    /// counts what the whole two steps hold, for the page to say what was left out.
    pub fn neighbourhood(base: &'a Base, id: &Id, steps: usize, per_step: usize) -> Option<Neighbourhood<'a>> {
        let focus = &base.handoffs.get(id)?.id;
        let (ids, cut) = reach(base, focus, Scope::All, steps, per_step);
        let within = if cut { reach(base, focus, Scope::All, steps, usize::MAX).0.len() } else { ids.len() };
        Some(Neighbourhood { graph: DepGraph::of(base, ids, Some(focus)), within })
    }

    /// The graph over `ids` (all known handoffs), with the edges among them, analysed.
    fn of(base: &'a Base, ids: BTreeSet<&'a Id>, focus: Option<&Id>) -> DepGraph<'a> {
        let handoffs: Vec<&Handoff> = ids.iter().filter_map(|id| base.handoffs.get(*id)).collect();
        let index: BTreeMap<&Id, usize> = handoffs.iter().enumerate().map(|(i, h)| (&h.id, i)).collect();
        let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
        for (dependent, h) in handoffs.iter().enumerate() {
            for dep in &h.depends_on {
                // A self-dependency is a check error; drawing it would only add a loop.
                if let Some(&dependency) = index.get(&dep.value).filter(|d| **d != dependent) {
                    pairs.insert((dependency, dependent));
                }
            }
        }
        let nodes = handoffs
            .into_iter()
            .map(|h| Node { handoff: h, held_up: false, critical: false, focus: focus == Some(&h.id) })
            .collect();
        let edges = pairs
            .into_iter()
            .map(|(dependency, dependent)| Edge { dependency, dependent, blocked: false, critical: false })
            .collect();
        let mut graph = DepGraph { nodes, edges, critical_paths: Vec::new() };
        paths::mark_blocked_chains(&mut graph);
        paths::mark_critical_paths(&mut graph);
        graph
    }

    /// Places the graph for drawing (see [`layout`]).
    pub fn layout(&self, options: &layout::Options) -> layout::Layout {
        let edges: Vec<(usize, usize)> = self.edges.iter().map(|e| (e.dependency, e.dependent)).collect();
        layout::layout(self.nodes.len(), &edges, options)
    }

    /// The status of node `i`.
    pub fn status(&self, i: usize) -> Status {
        self.nodes[i].handoff.status.value
    }
}

/// A handoff's neighbourhood as its page draws it.
#[derive(Debug)]
pub struct Neighbourhood<'a> {
    /// The handoffs drawn.
    pub graph: DepGraph<'a>,
    /// The handoffs within the same steps without a limit per step, the focus included: more
    /// than the graph's nodes when some were left out.
    pub within: usize,
}

/// `focus` and the handoffs up to `steps` edges upstream and downstream of it, each direction
/// followed on its own (the dependencies of a dependent are not its neighbours), through
/// handoffs admitted by `scope`; at each step each way, the first `per_step` of them (open work
/// first, then by id), and the next step goes on from those alone. Says whether a step was cut.
fn reach<'a>(base: &'a Base, focus: &'a Id, scope: Scope, steps: usize, per_step: usize) -> (BTreeSet<&'a Id>, bool) {
    let upstream = |id: &Id| -> Vec<&'a Id> {
        base.handoffs.get(id).map(|h| h.depends_on.iter().map(|d| &d.value).collect()).unwrap_or_default()
    };
    let downstream = |id: &Id| -> Vec<&'a Id> { base.indexes.needed_by.get(id).into_iter().flatten().collect() };
    let admitted = |id: &&Id| base.handoffs.get(*id).is_some_and(|h| scope.admits(h));
    let mut found = BTreeSet::from([focus]);
    let mut cut = false;
    for next in [&upstream as &dyn Fn(&Id) -> Vec<&'a Id>, &downstream] {
        let mut frontier = vec![focus];
        let mut seen = BTreeSet::from([focus]);
        for _ in 0..steps {
            let mut step: Vec<&'a Id> =
                frontier.iter().flat_map(|id| next(id)).filter(admitted).filter(|id| seen.insert(*id)).collect();
            if step.len() > per_step {
                let finished = |id: &Id| base.handoffs.get(id).is_some_and(|h| !h.status.value.is_open());
                step.sort_by_key(|id| (finished(id), *id));
                step.truncate(per_step);
                cut = true;
            }
            if step.is_empty() {
                break;
            }
            found.extend(step.iter().copied());
            frontier = step;
        }
    }
    (found, cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{base_of, handoff};

    fn chain_base() -> Base {
        // e ← d ← c ← b ← a: each waits on the one before it; x waits on c too.
        base_of(&[
            handoff("a", "status: in-progress\n"),
            handoff("b", "status: blocked\nblocked_reason: vendor\ndepends_on: [a]\n"),
            handoff("c", "status: ready\ndepends_on: [b]\ndue: 2026-12-01\n"),
            handoff("d", "status: ready\ndepends_on: [c]\n"),
            handoff("e", "status: done\ndepends_on: [d]\n"),
            handoff("x", "status: ready\ndepends_on: [c, a]\ndue: 2026-11-01\n"),
        ])
    }

    fn ids<'a>(graph: &DepGraph<'a>) -> Vec<&'a str> {
        graph.nodes.iter().map(|n| n.handoff.id.as_str()).collect()
    }

    #[test]
    fn open_work_leaves_out_done_work() {
        let base = chain_base();
        let graph = DepGraph::open_work(&base);
        assert_eq!(ids(&graph), ["a", "b", "c", "d", "x"]);
        assert_eq!(graph.edges.len(), 5);
    }

    #[test]
    fn the_neighbourhood_reaches_two_steps_each_way_and_no_sideways() {
        let base = chain_base();
        let near_a = DepGraph::neighbourhood(&base, &Id::parse("a").unwrap(), 2, usize::MAX).unwrap();
        // b and x wait on a directly, c through b; d is three steps away.
        assert_eq!(ids(&near_a.graph), ["a", "b", "c", "x"]);
        assert_eq!(near_a.within, 4);
        let near_e = DepGraph::neighbourhood(&base, &Id::parse("e").unwrap(), 2, usize::MAX).unwrap();
        assert_eq!(ids(&near_e.graph), ["c", "d", "e"], "x shares c with e but is not e's neighbour");
        assert!(near_e.graph.nodes[2].focus);
    }

    /// A hub is drawn with a few of the handoffs at each step, open ones first, and the
    /// neighbourhood counts the ones it left out.
    #[test]
    fn a_hub_s_neighbourhood_keeps_a_few_at_each_step_open_work_first() {
        // h0 ← w1…w6 (w1 and w2 done) ← each wi has one dependent xi; h0 waits on u1…u3.
        let mut files = vec![handoff("h0", "status: in-progress\ndepends_on: [u1, u2, u3]\n")];
        for u in ["u1", "u2", "u3"] {
            files.push(handoff(u, "status: in-progress\n"));
        }
        for i in 1..=6 {
            let status = if i <= 2 { "done" } else { "in-progress" };
            files.push(handoff(&format!("w{i}"), &format!("status: {status}\ndepends_on: [h0]\n")));
            files.push(handoff(&format!("x{i}"), &format!("status: ready\ndepends_on: [w{i}]\n")));
        }
        let base = base_of(&files);
        let near = DepGraph::neighbourhood(&base, &Id::parse("h0").unwrap(), 2, 3).unwrap();
        // Upstream fits; downstream keeps the first three open dependents and only their own.
        assert_eq!(ids(&near.graph), ["h0", "u1", "u2", "u3", "w3", "w4", "w5", "x3", "x4", "x5"]);
        assert_eq!(near.within, 16, "everything within two steps, the focus included");
        let whole = DepGraph::neighbourhood(&base, &Id::parse("h0").unwrap(), 2, usize::MAX).unwrap();
        assert_eq!(whole.graph.nodes.len(), 16);
        assert_eq!(whole.within, 16);
    }

    #[test]
    fn blocked_work_holds_up_everything_downstream() {
        let base = chain_base();
        let graph = DepGraph::open_work(&base);
        let held: Vec<&str> = graph.nodes.iter().filter(|n| n.held_up).map(|n| n.handoff.id.as_str()).collect();
        assert_eq!(held, ["b", "c", "d", "x"]);
        let a_to_x = graph.edges.iter().find(|e| ids(&graph)[e.dependency] == "a" && ids(&graph)[e.dependent] == "x");
        assert!(!a_to_x.unwrap().blocked, "x waits on a, which is not blocked");
    }

    #[test]
    fn critical_paths_follow_the_longest_open_chain_soonest_due_first() {
        let base = chain_base();
        let graph = DepGraph::open_work(&base);
        let paths: Vec<Vec<&str>> =
            graph.critical_paths.iter().map(|p| p.steps.iter().map(|&s| ids(&graph)[s]).collect()).collect();
        assert_eq!(paths, [vec!["a", "b", "c", "x"], vec!["a", "b", "c"]]);
        assert_eq!(graph.edges.iter().filter(|e| e.critical).count(), 3);
    }
}
