//! The order of nodes within each layer: barycentre sweeps, keeping the order with the fewest
//! crossings.
//!
//! Each sweep sorts a layer by the mean position of each node's neighbours in the layer just
//! swept; sweeps alternate downwards and upwards. Crossings between two layers are counted as
//! inversions (a Fenwick tree, O(E log V)), so even ten thousand edges stay cheap to score.
//! Stops after a fixed number of rounds or when rounds stop helping; it is a heuristic, and does
//! not try transpositions or other local searches.

/// How many down-and-up rounds at most, and how many without improvement end the search.
const ROUNDS: usize = 12;
const PATIENCE: usize = 3;

/// Layers in order: `layer[v]` for every virtual node, `links` as (upper, lower) pairs of
/// adjacent layers. Returns each layer's nodes, top to bottom.
pub(super) fn order(layer: &[usize], links: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let layers = layer.iter().map(|&l| l + 1).max().unwrap_or(0);
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for (v, &l) in layer.iter().enumerate() {
        order[l].push(v);
    }
    let mut up = vec![Vec::new(); layer.len()];
    let mut down = vec![Vec::new(); layer.len()];
    for &(a, b) in links {
        down[a].push(b);
        up[b].push(a);
    }
    let mut position = positions(&order, layer.len());
    let mut best = (crossings(&order, &down, &position), order.clone());
    let mut idle = 0;
    for _ in 0..ROUNDS {
        if best.0 == 0 || idle >= PATIENCE {
            break;
        }
        for layer in order.iter_mut().skip(1) {
            sort_layer(layer, &up, &mut position);
        }
        for layer in order.iter_mut().rev().skip(1) {
            sort_layer(layer, &down, &mut position);
        }
        let now = crossings(&order, &down, &position);
        if now < best.0 {
            best = (now, order.clone());
            idle = 0;
        } else {
            idle += 1;
        }
    }
    best.1
}

fn positions(order: &[Vec<usize>], n: usize) -> Vec<usize> {
    let mut position = vec![0; n];
    for layer in order {
        for (i, &v) in layer.iter().enumerate() {
            position[v] = i;
        }
    }
    position
}

/// Sorts one layer by the mean position of each node's `neighbours`; a node without any keeps
/// its place. Ties keep the current order, so the result is deterministic.
fn sort_layer(layer: &mut [usize], neighbours: &[Vec<usize>], position: &mut [usize]) {
    let key = |v: usize| -> f64 {
        let list = &neighbours[v];
        if list.is_empty() {
            position[v] as f64
        } else {
            list.iter().map(|&u| position[u] as f64).sum::<f64>() / list.len() as f64
        }
    };
    let mut keyed: Vec<(f64, usize, usize)> = layer.iter().map(|&v| (key(v), position[v], v)).collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (i, (_, _, v)) in keyed.into_iter().enumerate() {
        layer[i] = v;
        position[v] = i;
    }
}

/// Edge crossings between all pairs of adjacent layers.
fn crossings(order: &[Vec<usize>], down: &[Vec<usize>], position: &[usize]) -> usize {
    let mut total = 0;
    for pair in order.windows(2) {
        let mut ends: Vec<(usize, usize)> =
            pair[0].iter().flat_map(|&a| down[a].iter().map(move |&b| (position[a], position[b]))).collect();
        ends.sort_unstable();
        total += inversions(ends.iter().map(|e| e.1), pair[1].len());
    }
    total
}

/// Pairs i < j with values[i] > values[j], for values below `size`.
fn inversions(values: impl Iterator<Item = usize>, size: usize) -> usize {
    let mut tree = vec![0usize; size + 1];
    let mut count = 0;
    for (seen, v) in values.enumerate() {
        // Values seen so far that are greater than v.
        let mut i = v + 1;
        let mut not_greater = 0;
        while i > 0 {
            not_greater += tree[i];
            i &= i - 1;
        }
        count += seen - not_greater;
        let mut i = v + 1;
        while i <= size {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inversions_are_counted() {
        assert_eq!(inversions([0, 1, 2].into_iter(), 3), 0);
        assert_eq!(inversions([2, 1, 0].into_iter(), 3), 3);
        assert_eq!(inversions([1, 1, 0].into_iter(), 2), 2);
    }

    #[test]
    fn a_crossing_is_removed() {
        // Layer 0: 0, 1; layer 1: 2, 3. Links 0→3 and 1→2 cross.
        let layers = order(&[0, 0, 1, 1], &[(0, 3), (1, 2)]);
        let down = vec![vec![3], vec![2], vec![], vec![]];
        assert_eq!(crossings(&layers, &down, &positions(&layers, 4)), 0);
    }
}
