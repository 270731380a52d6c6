//! Open work cut into parts of a bounded size, one part per page of `/graph/`.
//!
//! Drawn whole, the graph of a large base is one picture of every open handoff (57 MB of SVG at
//! 100,000 handoffs): too big to publish on a static host and too big to read. So past `limit`
//! open handoffs the graph is cut: each connected group of work (handoffs linked by
//! `depends_on`, either way) stays whole when it fits, small groups share a part, and a group
//! larger than `limit` is cut into nearly equal runs of a breadth-first walk from its first
//! handoff, so what waits on what stays mostly together. Every open handoff is in exactly one
//! part. A base with at most `limit` open handoffs has one part: the whole graph, as before.
//!
//! Deterministic: handoffs are visited by id, groups are taken largest first (ties by their
//! first id), as the layout stacks them. This module only names the parts; what a part's page
//! shows is `render::graph_page`'s.

use crate::model::{Base, Id};
use std::collections::{BTreeMap, VecDeque};

/// The parts of the graph of open work.
/// Owned (ids are copied once), so a render can share it between threads and `serve` can keep
/// the parts of the base before a change to compare with those after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    /// Each part's handoffs, sorted by id; at least one part, possibly empty.
    pub parts: Vec<Vec<Id>>,
    /// The part of each open handoff, when there is more than one part.
    part_of: BTreeMap<Id, usize>,
}

impl Parts {
    /// The open work of `base` in parts of at most `limit` handoffs (at least one).
    pub fn of(base: &Base, limit: usize) -> Parts {
        let limit = limit.max(1);
        let open: Vec<&Id> = base.handoffs.values().filter(|h| h.status.value.is_open()).map(|h| &h.id).collect();
        if open.len() <= limit {
            return Parts { parts: vec![open.into_iter().cloned().collect()], part_of: BTreeMap::new() };
        }
        let neighbours = neighbours(base, &open);
        let mut pieces: Vec<Vec<usize>> = Vec::new();
        for group in groups(&neighbours) {
            pieces.extend(cut(group, limit));
        }
        let mut parts: Vec<Vec<usize>> = Vec::new();
        for piece in pieces {
            match parts.last_mut() {
                Some(last) if last.len() + piece.len() <= limit => last.extend(piece),
                _ => parts.push(piece),
            }
        }
        let parts: Vec<Vec<Id>> = parts
            .into_iter()
            .map(|mut part| {
                part.sort_unstable();
                part.into_iter().map(|i| open[i].clone()).collect()
            })
            .collect();
        let part_of =
            parts.iter().enumerate().flat_map(|(n, part)| part.iter().map(move |id| (id.clone(), n))).collect();
        Parts { parts, part_of }
    }

    /// How many parts (pages) there are: one at least.
    pub fn count(&self) -> usize {
        self.parts.len().max(1)
    }

    /// Whether the graph is cut at all.
    pub fn is_split(&self) -> bool {
        self.parts.len() > 1
    }

    /// The part (from 0) that draws `id`; `None` for a handoff that is not open work.
    pub fn part_of(&self, id: &Id) -> Option<usize> {
        if self.is_split() {
            self.part_of.get(id).copied()
        } else {
            self.parts.first()?.binary_search(id).ok().map(|_| 0)
        }
    }
}

/// For each open handoff (by index into `open`), the open handoffs it depends on or that depend
/// on it, sorted and without repeats.
fn neighbours(base: &Base, open: &[&Id]) -> Vec<Vec<usize>> {
    let index: BTreeMap<&Id, usize> = open.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut neighbours = vec![Vec::new(); open.len()];
    for (i, id) in open.iter().enumerate() {
        let depends_on = base.handoffs.get(*id).into_iter().flat_map(|h| &h.depends_on);
        for &j in depends_on.filter_map(|d| index.get(&d.value)).filter(|j| **j != i) {
            neighbours[i].push(j);
            neighbours[j].push(i);
        }
    }
    for list in &mut neighbours {
        list.sort_unstable();
        list.dedup();
    }
    neighbours
}

/// The connected groups, each in breadth-first order from its smallest index, largest group
/// first (ties: the group with the smaller first index).
fn groups(neighbours: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut seen = vec![false; neighbours.len()];
    let mut groups = Vec::new();
    for start in 0..neighbours.len() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let (mut group, mut queue) = (Vec::new(), VecDeque::from([start]));
        while let Some(next) = queue.pop_front() {
            group.push(next);
            for &n in &neighbours[next] {
                if !seen[n] {
                    seen[n] = true;
                    queue.push_back(n);
                }
            }
        }
        groups.push(group);
    }
    // Stable: equal sizes keep the order of their first index.
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    groups
}

/// `group` as is when it fits in `limit`, else cut into nearly equal runs (so no part is left
/// with a few handoffs of a large group).
fn cut(group: Vec<usize>, limit: usize) -> Vec<Vec<usize>> {
    let runs = group.len().div_ceil(limit);
    if runs <= 1 {
        return vec![group];
    }
    let (size, longer) = (group.len() / runs, group.len() % runs);
    let mut rest = group.into_iter();
    (0..runs).map(|n| rest.by_ref().take(size + usize::from(n < longer)).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{base_of, handoff};

    fn ids(part: &[Id]) -> Vec<&str> {
        part.iter().map(|id| id.as_str()).collect()
    }

    /// A chain `c0 ← c1 ← … ← c6`, a pair `p0 ← p1`, two loose handoffs and done work.
    fn base() -> Base {
        let mut files = vec![handoff("c0", "status: in-progress\n")];
        for n in 1..7 {
            files.push(handoff(&format!("c{n}"), &format!("status: ready\ndepends_on: [c{}]\n", n - 1)));
        }
        files.push(handoff("p0", "status: draft\n"));
        files.push(handoff("p1", "status: blocked\nblocked_reason: vendor\ndepends_on: [p0]\n"));
        files.push(handoff("x", "status: in-progress\n"));
        files.push(handoff("y", "status: in-progress\n"));
        files.push(handoff("z", "status: done\ndepends_on: [x]\n"));
        base_of(&files)
    }

    #[test]
    fn a_graph_within_the_limit_is_one_part() {
        let base = base();
        let parts = Parts::of(&base, 11);
        assert_eq!(parts.count(), 1);
        assert!(!parts.is_split());
        assert_eq!(parts.parts[0].len(), 11, "every open handoff, no done one");
        assert_eq!(parts.part_of(&Id::parse("c3").unwrap()), Some(0));
        assert_eq!(parts.part_of(&Id::parse("z").unwrap()), None, "done work is not drawn");
    }

    #[test]
    fn groups_stay_whole_when_they_fit_and_small_ones_share_a_part() {
        let base = base();
        let parts = Parts::of(&base, 7);
        let all: Vec<Vec<&str>> = parts.parts.iter().map(|p| ids(p)).collect();
        assert_eq!(all, [vec!["c0", "c1", "c2", "c3", "c4", "c5", "c6"], vec!["p0", "p1", "x", "y"]]);
        assert_eq!(parts.part_of(&Id::parse("y").unwrap()), Some(1));
    }

    #[test]
    fn a_group_larger_than_the_limit_is_cut_into_nearly_equal_runs() {
        let base = base();
        let parts = Parts::of(&base, 3);
        let all: Vec<Vec<&str>> = parts.parts.iter().map(|p| ids(p)).collect();
        // Seven in a chain, at most three a part: 3 + 2 + 2, walked from c0; then the pair with
        // one loose handoff, then the other.
        assert_eq!(all, [vec!["c0", "c1", "c2"], vec!["c3", "c4"], vec!["c5", "c6"], vec!["p0", "p1", "x"], vec!["y"]]);
        let mut every: Vec<&str> = all.concat();
        every.sort_unstable();
        every.dedup();
        assert_eq!(every.len(), 11, "each open handoff in exactly one part");
        assert!(parts.parts.iter().all(|p| p.len() <= 3));
    }
}
