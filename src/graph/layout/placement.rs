//! Vertical placement: each node near the mean height of its neighbours, never overlapping the
//! nodes beside it in its layer, and never changing the order the ordering step chose.
//!
//! A few sweeps down and up; in each, a layer's wished-for centres are made feasible by two
//! passes — pushed apart downwards from the top and upwards from the bottom — whose average keeps
//! every gap (both passes do). Simpler than Brandes–Köpf and good enough for handoff graphs:
//! long edges run mostly straight because their dummy points follow their neighbours too.

const SWEEPS: usize = 6;

/// The centre height of every virtual node. `order` is each layer top to bottom, `links` are
/// (upper, lower) pairs, `size` is each node's height and `gap` the room between two nodes.
pub(super) fn place(order: &[Vec<usize>], links: &[(usize, usize)], size: &[f64], gap: f64) -> Vec<f64> {
    let mut up = vec![Vec::new(); size.len()];
    let mut down = vec![Vec::new(); size.len()];
    for &(a, b) in links {
        down[a].push(b);
        up[b].push(a);
    }
    let mut centre = vec![0.0; size.len()];
    for layer in order {
        let mut next = 0.0;
        for &v in layer {
            centre[v] = next + size[v] / 2.0;
            next += size[v] + gap;
        }
    }
    for _ in 0..SWEEPS {
        for layer in order.iter().skip(1) {
            settle(layer, &up, &mut centre, size, gap);
        }
        for layer in order.iter().rev().skip(1) {
            settle(layer, &down, &mut centre, size, gap);
        }
    }
    centre
}

/// Moves one layer's nodes towards the mean centre of their `neighbours`, keeping order and gaps.
fn settle(layer: &[usize], neighbours: &[Vec<usize>], centre: &mut [f64], size: &[f64], gap: f64) {
    let wish: Vec<f64> = layer
        .iter()
        .map(|&v| {
            let list = &neighbours[v];
            if list.is_empty() { centre[v] } else { list.iter().map(|&u| centre[u]).sum::<f64>() / list.len() as f64 }
        })
        .collect();
    let room = |i: usize| (size[layer[i - 1]] + size[layer[i]]) / 2.0 + gap;
    let mut pushed_down = wish.clone();
    for i in 1..layer.len() {
        pushed_down[i] = pushed_down[i].max(pushed_down[i - 1] + room(i));
    }
    let mut pushed_up = wish;
    for i in (1..layer.len()).rev() {
        pushed_up[i - 1] = pushed_up[i - 1].min(pushed_up[i] - room(i));
    }
    for (i, &v) in layer.iter().enumerate() {
        centre[v] = (pushed_down[i] + pushed_up[i]) / 2.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_gaps_are_kept() {
        // Both of layer 1 want to sit level with node 0; they must stay apart and in order.
        let order = vec![vec![0], vec![1, 2]];
        let centre = place(&order, &[(0, 1), (0, 2)], &[10.0, 10.0, 10.0], 4.0);
        assert!(centre[2] - centre[1] >= 14.0 - 1e-9);
        assert!((centre[0] - (centre[1] + centre[2]) / 2.0).abs() < 1e-6, "0 sits between its two dependents");
    }
}
