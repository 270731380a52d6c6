//! Dependency rules: self-dependencies, cycles, and open work waiting on cancelled work.
//!
//! Cycles are found as strongly connected components (Tarjan), so each knot is reported once,
//! with one whole loop through it spelled out (`a → b → c → a`), at the first member's edge.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Base, Handoff, Id, Status};
use std::collections::{BTreeMap, BTreeSet};

/// Self-dependency and dependencies on cancelled work, for one handoff. Besides `h` they read
/// only the statuses of its dependencies.
pub fn check_handoff(base: &Base, h: &Handoff, diagnostics: &mut Diagnostics) {
    for dep in &h.depends_on {
        if dep.value == h.id {
            let message = format!("`{}` depends on itself", h.id);
            diagnostics.push(Diagnostic::error("self-dependency", dep.span.clone(), message).field("depends_on"));
        } else if let Some(target) =
            base.handoffs.get(&dep.value).filter(|t| t.status.value == Status::Cancelled && h.status.value.is_open())
        {
            let message =
                format!("depends on `{}`, which was cancelled: this work can never finish as written", target.id);
            let hint = Some("drop the dependency, or cancel or re-plan this handoff".to_string());
            diagnostics.push(
                Diagnostic::error("depends-on-cancelled", dep.span.clone(), message).field("depends_on").hint(hint),
            );
        }
    }
}

/// Dependency cycles over the whole base: each knot once.
pub fn check_cycles(base: &Base, diagnostics: &mut Diagnostics) {
    let edges: BTreeMap<&Id, Vec<&Id>> = base
        .handoffs
        .values()
        .map(|h| {
            (
                &h.id,
                h.depends_on
                    .iter()
                    .map(|d| &d.value)
                    .filter(|d| **d != h.id && base.handoffs.contains_key(*d))
                    .collect(),
            )
        })
        .collect();
    for cycle in cycles(&edges) {
        let (first, second) = (cycle[0], cycle[1]);
        let Some(edge) = base.handoffs.get(first).and_then(|h| h.depends_on.iter().find(|d| &d.value == second)) else {
            continue;
        };
        let path: Vec<&str> = cycle.iter().map(|id| id.as_str()).chain([first.as_str()]).collect();
        let message = format!("dependency cycle: {}", path.join(" → "));
        let hint = Some("work in a cycle can never start; remove one of these dependencies".to_string());
        diagnostics
            .push(Diagnostic::error("dependency-cycle", edge.span.clone(), message).field("depends_on").hint(hint));
    }
}

/// Whether following `depends_on` from `start`'s dependencies leads back to `start`: the only
/// way a change to `start`'s dependencies can close a new cycle. Cheaper than [`check_cycles`]
/// on a large base, since it walks only what `start` waits on.
pub fn leads_back(base: &Base, start: &Id) -> bool {
    let Some(h) = base.handoffs.get(start) else { return false };
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&Id> = h.depends_on.iter().map(|d| &d.value).filter(|d| *d != start).collect();
    while let Some(id) = todo.pop() {
        if id == start {
            return true;
        }
        if seen.insert(id)
            && let Some(next) = base.handoffs.get(id)
        {
            todo.extend(next.depends_on.iter().map(|d| &d.value));
        }
    }
    false
}

/// One loop per strongly connected component of more than one node, starting at its smallest id.
/// Shared with the decision rules (supersession loops).
pub fn cycles<'a>(edges: &BTreeMap<&'a Id, Vec<&'a Id>>) -> Vec<Vec<&'a Id>> {
    let mut out = Vec::new();
    for component in components(edges) {
        let start = component[0];
        if let Some(path) = path_back(edges, &component, start) {
            out.push(path);
        }
    }
    out
}

/// A path from `start` through `members` back to `start` (breadth-first, so it is the shortest).
fn path_back<'a>(edges: &BTreeMap<&'a Id, Vec<&'a Id>>, members: &[&'a Id], start: &'a Id) -> Option<Vec<&'a Id>> {
    let mut previous: BTreeMap<&Id, &Id> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for next in edges.get(node).into_iter().flatten().filter(|n| members.contains(n)) {
            if *next == start {
                let mut path = vec![node];
                while let Some(p) = previous.get(path[path.len() - 1]) {
                    path.push(p);
                }
                path.reverse();
                return Some(path);
            }
            if !previous.contains_key(next) && *next != start {
                previous.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

/// Tarjan's strongly connected components of more than one node (the only ones that can hold a
/// cycle; keeping the thousands of single nodes of an acyclic base cost most of a save's check);
/// each sorted, in order of their smallest id.
fn components<'a>(edges: &BTreeMap<&'a Id, Vec<&'a Id>>) -> Vec<Vec<&'a Id>> {
    struct State<'a> {
        index: BTreeMap<&'a Id, usize>,
        low: BTreeMap<&'a Id, usize>,
        stack: Vec<&'a Id>,
        /// The members of `stack`, so membership is not a scan of a stack thousands deep.
        on_stack: BTreeSet<&'a Id>,
        found: Vec<Vec<&'a Id>>,
    }
    fn visit<'a>(node: &'a Id, edges: &BTreeMap<&'a Id, Vec<&'a Id>>, s: &mut State<'a>) {
        let n = s.index.len();
        s.index.insert(node, n);
        s.low.insert(node, n);
        s.stack.push(node);
        s.on_stack.insert(node);
        for next in edges.get(node).into_iter().flatten() {
            if !s.index.contains_key(next) {
                visit(next, edges, s);
                let low = s.low[next].min(s.low[node]);
                s.low.insert(node, low);
            } else if s.on_stack.contains(next) {
                let low = s.index[next].min(s.low[node]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut component = Vec::new();
            while let Some(top) = s.stack.pop() {
                s.on_stack.remove(top);
                component.push(top);
                if top == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in edges.keys() {
        if !state.index.contains_key(node) {
            visit(node, edges, &mut state);
        }
    }
    state.found.sort();
    state.found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> Id {
        Id::parse(s).unwrap()
    }

    #[test]
    fn finds_each_cycle_once_with_its_path() {
        let (a, b, c, d, e) = (id("a"), id("b"), id("c"), id("d"), id("e"));
        let edges: BTreeMap<&Id, Vec<&Id>> =
            BTreeMap::from([(&a, vec![&b]), (&b, vec![&c]), (&c, vec![&a]), (&d, vec![&e]), (&e, vec![&d])]);
        let found = cycles(&edges);
        let text: Vec<Vec<&str>> = found.iter().map(|c| c.iter().map(|i| i.as_str()).collect()).collect();
        assert_eq!(text, [vec!["a", "b", "c"], vec!["d", "e"]]);
    }

    #[test]
    fn a_chain_is_not_a_cycle() {
        let (a, b, c) = (id("a"), id("b"), id("c"));
        let edges: BTreeMap<&Id, Vec<&Id>> = BTreeMap::from([(&a, vec![&b]), (&b, vec![&c]), (&c, vec![])]);
        assert!(cycles(&edges).is_empty());
    }
}
