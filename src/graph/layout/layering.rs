//! Layers: break cycles, give every node a layer so each edge points to a later layer, and split
//! edges that span several layers into chains through one dummy point per layer.
//!
//! Cycles are broken by turning around the back edges of a depth-first search (iterative, so a
//! chain of ten thousand handoffs cannot overflow the stack). Layers are longest-path layers
//! from the sources, after which a source that feeds only later work is pulled right next to
//! it, which shortens edges without adding any. Not optimal (that is NP-hard), just good and fast.

/// A layer for each node, and which edges were turned around to break cycles.
pub(super) struct Layering {
    pub(super) layer: Vec<usize>,
    pub(super) reversed: Vec<bool>,
}

/// One edge as a chain of virtual nodes from the lower layer to the higher one: real node, one
/// dummy per layer passed, real node. `reversed` says the chain runs against the edge.
pub(super) struct Path {
    pub(super) chain: Vec<usize>,
    pub(super) reversed: bool,
}

/// Real nodes (0..n) and dummies (n..), each with its layer, and every edge as a [`Path`].
pub(super) struct Chains {
    pub(super) layer: Vec<usize>,
    pub(super) paths: Vec<Path>,
}

impl Chains {
    /// Every link between adjacent layers: consecutive pairs of every chain, upper layer first.
    pub(super) fn links(&self) -> Vec<(usize, usize)> {
        self.paths.iter().flat_map(|p| p.chain.windows(2).map(|w| (w[0], w[1]))).collect()
    }
}

/// Layers for `n` nodes joined by `edges` (from, to).
pub(super) fn assign(n: usize, edges: &[(usize, usize)]) -> Layering {
    let reversed = back_edges(n, edges);
    let oriented: Vec<(usize, usize)> =
        edges.iter().zip(&reversed).map(|(&(a, b), &r)| if r { (b, a) } else { (a, b) }).collect();
    let order = topological(n, &oriented);
    let mut preds = vec![Vec::new(); n];
    let mut succs = vec![Vec::new(); n];
    for &(a, b) in &oriented {
        preds[b].push(a);
        succs[a].push(b);
    }
    let mut layer = vec![0usize; n];
    for &v in &order {
        layer[v] = preds[v].iter().map(|&u| layer[u] + 1).max().unwrap_or(0);
    }
    for &v in order.iter().rev() {
        if let Some(nearest) = succs[v].iter().map(|&s| layer[s]).min().filter(|_| preds[v].is_empty()) {
            layer[v] = nearest.saturating_sub(1);
        }
    }
    Layering { layer, reversed }
}

/// Edges that close a cycle in a depth-first search from each node in index order.
fn back_edges(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (e, &(a, b)) in edges.iter().enumerate() {
        out[a].push((b, e));
    }
    for list in &mut out {
        list.sort_unstable();
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        No,
        OnPath,
        Done,
    }
    let mut seen = vec![Seen::No; n];
    let mut reversed = vec![false; edges.len()];
    for root in 0..n {
        if seen[root] != Seen::No {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        seen[root] = Seen::OnPath;
        while let Some((v, next)) = stack.last_mut() {
            let v = *v;
            let Some(&(w, e)) = out[v].get(*next) else {
                seen[v] = Seen::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            match seen[w] {
                Seen::OnPath => reversed[e] = true,
                Seen::No => {
                    seen[w] = Seen::OnPath;
                    stack.push((w, 0));
                }
                Seen::Done => {}
            }
        }
    }
    reversed
}

/// Kahn's algorithm, smallest index first among the free nodes; `edges` must be acyclic.
fn topological(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut waiting = vec![0usize; n];
    let mut succs = vec![Vec::new(); n];
    for &(a, b) in edges {
        waiting[b] += 1;
        succs[a].push(b);
    }
    let mut free: std::collections::BTreeSet<usize> = (0..n).filter(|&v| waiting[v] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(v) = free.pop_first() {
        order.push(v);
        for &w in &succs[v] {
            waiting[w] -= 1;
            if waiting[w] == 0 {
                free.insert(w);
            }
        }
    }
    order
}

/// Splits every edge into a chain through one dummy node per layer it passes.
pub(super) fn chains(layering: &Layering, edges: &[(usize, usize)]) -> Chains {
    let mut layer = layering.layer.clone();
    let mut paths = Vec::with_capacity(edges.len());
    for (&(a, b), &reversed) in edges.iter().zip(&layering.reversed) {
        let (upper, lower) = if reversed { (b, a) } else { (a, b) };
        let mut chain = vec![upper];
        for l in layer[upper] + 1..layer[lower] {
            chain.push(layer.len());
            layer.push(l);
        }
        chain.push(lower);
        paths.push(Path { chain, reversed });
    }
    Chains { layer, paths }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_edge_points_to_a_later_layer() {
        let edges = [(0, 1), (1, 2), (0, 2), (3, 2)];
        let l = assign(4, &edges);
        assert_eq!(l.layer, [0, 1, 2, 1]);
        assert!(l.reversed.iter().all(|r| !r));
    }

    #[test]
    fn a_cycle_loses_exactly_one_edge() {
        let edges = [(0, 1), (1, 2), (2, 0)];
        let l = assign(3, &edges);
        assert_eq!(l.reversed, [false, false, true]);
        assert_eq!(l.layer, [0, 1, 2]);
    }

    #[test]
    fn long_edges_get_one_dummy_per_layer_passed() {
        let edges = [(0, 1), (1, 2), (0, 2)];
        let c = chains(&assign(3, &edges), &edges);
        assert_eq!(c.paths[2].chain, [0, 3, 2]);
        assert_eq!(c.layer, [0, 1, 2, 1]);
    }

    #[test]
    fn a_very_long_chain_does_not_overflow_the_stack() {
        let edges: Vec<(usize, usize)> = (1..100_000).map(|i| (i - 1, i)).collect();
        assert_eq!(assign(100_000, &edges).layer[99_999], 99_999);
    }
}
