//! Blocked chains and critical paths: the two things `/graph/` highlights.
//!
//! A *blocked chain* starts at blocked work and runs through everything that waits on it: none of
//! that can finish until the blocker moves. A *critical path* is the longest chain of open work
//! that must finish before a handoff with a `due` date can; with no estimates in the format, the
//! longest chain is the one with the most unfinished steps. Neither uses the clock, and ties go to
//! the smaller id, so the same base always highlights the same chains. Cycles (a check error) are
//! tolerated: work in a cycle simply starts no chain.

use super::{CriticalPath, DepGraph};
use crate::model::Status;
use std::collections::VecDeque;

/// Marks held-up nodes (blocked, or waiting on blocked work) and the edges of blocked chains.
pub(super) fn mark_blocked_chains(graph: &mut DepGraph<'_>) {
    let dependents = adjacency(graph, |e| (e.dependency, e.dependent));
    let mut queue: VecDeque<usize> = (0..graph.nodes.len()).filter(|&i| graph.status(i) == Status::Blocked).collect();
    for &i in &queue {
        graph.nodes[i].held_up = true;
    }
    while let Some(i) = queue.pop_front() {
        for &next in &dependents[i] {
            if !graph.nodes[next].held_up && graph.status(next).is_open() {
                graph.nodes[next].held_up = true;
                queue.push_back(next);
            }
        }
    }
    for e in 0..graph.edges.len() {
        let (dependency, dependent) = (graph.edges[e].dependency, graph.edges[e].dependent);
        let into_blocked = graph.status(dependent) == Status::Blocked && graph.status(dependency).is_open();
        graph.edges[e].blocked = graph.nodes[dependency].held_up || into_blocked;
    }
}

/// Finds the critical path to each open handoff with a due date and marks its nodes and edges.
pub(super) fn mark_critical_paths(graph: &mut DepGraph<'_>) {
    let open: Vec<bool> = (0..graph.nodes.len()).map(|i| graph.status(i).is_open()).collect();
    let dependencies = adjacency(graph, |e| (e.dependent, e.dependency));
    let mut longest = vec![1usize; graph.nodes.len()];
    let mut previous: Vec<Option<usize>> = vec![None; graph.nodes.len()];
    for v in topological_order(graph, &open) {
        // Ascending index and a strict comparison: the smaller id wins a tie.
        for &u in dependencies[v].iter().filter(|&&u| open[u]) {
            if longest[u] + 1 > longest[v] {
                longest[v] = longest[u] + 1;
                previous[v] = Some(u);
            }
        }
    }
    let mut found = Vec::new();
    for target in (0..graph.nodes.len()).filter(|&t| open[t] && graph.nodes[t].handoff.due.is_some()) {
        if previous[target].is_none() {
            continue;
        }
        let mut steps = vec![target];
        while let Some(p) = steps.last().and_then(|&s| previous[s]) {
            steps.push(p);
        }
        steps.reverse();
        found.push(CriticalPath { target, steps });
    }
    for path in &found {
        mark_path(graph, &path.steps);
    }
    let due = |p: &CriticalPath| graph.nodes[p.target].handoff.due.as_ref().map(|d| d.value.instant);
    found.sort_by_key(|p| (due(p), p.target));
    graph.critical_paths = found;
}

fn mark_path(graph: &mut DepGraph<'_>, steps: &[usize]) {
    for &s in steps {
        graph.nodes[s].critical = true;
    }
    for pair in steps.windows(2) {
        // Edges are sorted by (dependency, dependent), so each step is a binary search.
        if let Ok(e) = graph.edges.binary_search_by_key(&(pair[0], pair[1]), |e| (e.dependency, e.dependent)) {
            graph.edges[e].critical = true;
        }
    }
}

/// For each node, the nodes `pick` says it points at, ascending.
fn adjacency(graph: &DepGraph<'_>, pick: impl Fn(&super::Edge) -> (usize, usize)) -> Vec<Vec<usize>> {
    let mut lists = vec![Vec::new(); graph.nodes.len()];
    for e in &graph.edges {
        let (from, to) = pick(e);
        lists[from].push(to);
    }
    for list in &mut lists {
        list.sort_unstable();
    }
    lists
}

/// Open nodes with their open dependencies first (Kahn's algorithm, smallest index first).
/// Nodes in a cycle never become free and are left out: they start no chain.
fn topological_order(graph: &DepGraph<'_>, open: &[bool]) -> Vec<usize> {
    let mut waiting = vec![0usize; graph.nodes.len()];
    let mut dependents = vec![Vec::new(); graph.nodes.len()];
    for e in graph.edges.iter().filter(|e| open[e.dependency] && open[e.dependent]) {
        waiting[e.dependent] += 1;
        dependents[e.dependency].push(e.dependent);
    }
    let mut ready: std::collections::BTreeSet<usize> =
        (0..graph.nodes.len()).filter(|&i| open[i] && waiting[i] == 0).collect();
    let mut order = Vec::with_capacity(graph.nodes.len());
    while let Some(v) = ready.pop_first() {
        order.push(v);
        for &w in &dependents[v] {
            waiting[w] -= 1;
            if waiting[w] == 0 {
                ready.insert(w);
            }
        }
    }
    order
}
