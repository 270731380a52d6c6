//! A layered (Sugiyama-style) layout: dependencies on the left, the work waiting on them to the
//! right, few crossings, every edge a smooth run through the layers it spans.
//!
//! The classic four steps, each in its own module: break cycles and assign layers
//! ([`layering`]), add a dummy point for each layer a long edge passes, order each layer to
//! reduce crossings ([`ordering`]), then place nodes vertically near their neighbours
//! ([`placement`]). Each connected piece is laid out on its own and the pieces are stacked,
//! largest first; handoffs with no dependencies at all are packed in a grid underneath, so a
//! base with many independent tasks does not become one endless column. Works on indexes
//! only — no handoffs, no SVG — and is deterministic: the same input gives the same layout.

mod layering;
mod ordering;
mod placement;

/// Which way dependencies flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Layers are columns: what must finish first on the left.
    LeftToRight,
    /// Layers are rows: what must finish first at the top (for narrow places).
    TopToBottom,
}

/// Sizes and spacing, in SVG user units.
#[derive(Debug, Clone)]
pub struct Options {
    /// Which way dependencies flow.
    pub direction: Direction,
    /// Width of a node's box.
    pub node_width: f64,
    /// Height of a node's box.
    pub node_height: f64,
    /// Horizontal space between layers (where edges run).
    pub layer_gap: f64,
    /// Vertical space between boxes in a layer.
    pub node_gap: f64,
    /// Vertical space between separately laid-out pieces.
    pub piece_gap: f64,
    /// Space around the whole drawing.
    pub margin: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            direction: Direction::LeftToRight,
            node_width: 200.0,
            node_height: 44.0,
            layer_gap: 56.0,
            node_gap: 14.0,
            piece_gap: 36.0,
            margin: 12.0,
        }
    }
}

/// A point in SVG user units (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position.
    pub y: f64,
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The top-left corner of each node's box, by node index.
    pub nodes: Vec<Point>,
    /// Each edge as a polyline in input order, from the dependency's box to the dependent's.
    pub edges: Vec<Vec<Point>>,
    /// The drawing's width.
    pub width: f64,
    /// The drawing's height.
    pub height: f64,
    /// Which way dependencies flow.
    pub direction: Direction,
}

/// Lays out `n` nodes with `edges` given as (dependency, dependent) pairs of node indexes.
pub fn layout(n: usize, edges: &[(usize, usize)], options: &Options) -> Layout {
    if options.direction == Direction::LeftToRight {
        return left_to_right(n, edges, options);
    }
    // Top to bottom is left to right with each box turned on its side, then mirrored along
    // the diagonal: one algorithm, two directions.
    let turned = Options {
        direction: Direction::LeftToRight,
        node_width: options.node_height,
        node_height: options.node_width,
        ..options.clone()
    };
    let flip = |p: Point| Point { x: p.y, y: p.x };
    let sideways = left_to_right(n, edges, &turned);
    Layout {
        nodes: sideways.nodes.into_iter().map(flip).collect(),
        edges: sideways.edges.into_iter().map(|e| e.into_iter().map(flip).collect()).collect(),
        width: sideways.height,
        height: sideways.width,
        direction: Direction::TopToBottom,
    }
}

fn left_to_right(n: usize, edges: &[(usize, usize)], options: &Options) -> Layout {
    let mut out = Layout {
        nodes: vec![Point { x: 0.0, y: 0.0 }; n],
        edges: vec![Vec::new(); edges.len()],
        width: 0.0,
        height: 0.0,
        direction: Direction::LeftToRight,
    };
    let (pieces, loners) = pieces(n, edges);
    let mut top = options.margin;
    let mut columns = 1;
    for piece in &pieces {
        let placed = piece.lay_out(edges, options);
        let (height, layers) = (placed.height, placed.layers);
        placed.move_into(&mut out, piece, options.margin, top);
        top += height + options.piece_gap;
        columns = columns.max(layers);
    }
    top = grid(&mut out, &loners, columns, top, options);
    let pitch = options.node_width + options.layer_gap;
    let widest = out.nodes.iter().map(|p| p.x + options.node_width).fold(0.0, f64::max);
    out.width = (widest + options.margin).max(pitch - options.layer_gap + 2.0 * options.margin);
    out.height = if n == 0 { 2.0 * options.margin } else { top - options.piece_gap + options.margin };
    out
}

/// One connected piece: its nodes (ascending) and the indexes of its edges.
struct Piece {
    nodes: Vec<usize>,
    edges: Vec<usize>,
}

/// A piece laid out at the origin.
struct Placed {
    /// Top-left of each of the piece's nodes, in the piece's node order.
    nodes: Vec<Point>,
    /// Polylines of the piece's edges, in the piece's edge order.
    edges: Vec<Vec<Point>>,
    height: f64,
    layers: usize,
}

/// Connected pieces with at least one edge, largest first (ties: smallest node first), and the
/// nodes with no edge at all.
fn pieces(n: usize, edges: &[(usize, usize)]) -> (Vec<Piece>, Vec<usize>) {
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &(a, b) in edges {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let mut by_root: std::collections::BTreeMap<usize, Piece> = std::collections::BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        by_root.entry(r).or_insert_with(|| Piece { nodes: Vec::new(), edges: Vec::new() }).nodes.push(i);
    }
    for (e, &(a, _)) in edges.iter().enumerate() {
        let r = root(&mut parent, a);
        if let Some(piece) = by_root.get_mut(&r) {
            piece.edges.push(e);
        }
    }
    let (mut pieces, loners): (Vec<Piece>, Vec<Piece>) = by_root.into_values().partition(|p| !p.edges.is_empty());
    pieces.sort_by_key(|p| (std::cmp::Reverse(p.nodes.len()), p.nodes[0]));
    (pieces, loners.into_iter().flat_map(|p| p.nodes).collect())
}

impl Piece {
    fn lay_out(&self, all_edges: &[(usize, usize)], options: &Options) -> Placed {
        let local = |global: usize| self.nodes.binary_search(&global).unwrap_or(0);
        let edges: Vec<(usize, usize)> =
            self.edges.iter().map(|&e| (local(all_edges[e].0), local(all_edges[e].1))).collect();
        let layering = layering::assign(self.nodes.len(), &edges);
        let chains = layering::chains(&layering, &edges);
        let links = chains.links();
        let order = ordering::order(&chains.layer, &links);
        let sizes: Vec<f64> = (0..chains.layer.len())
            .map(|v| if v < self.nodes.len() { options.node_height } else { DUMMY_SIZE })
            .collect();
        let centre = placement::place(&order, &links, &sizes, options.node_gap);
        let x = |v: usize| chains.layer[v] as f64 * (options.node_width + options.layer_gap);
        let top = (0..sizes.len()).map(|v| centre[v] - sizes[v] / 2.0).fold(f64::INFINITY, f64::min);
        let y = |v: usize| centre[v] - top;
        let nodes = (0..self.nodes.len()).map(|v| Point { x: x(v), y: y(v) - options.node_height / 2.0 }).collect();
        let edges = chains.paths.iter().map(|p| route(p, &x, &y, options)).collect();
        let height = (0..sizes.len()).map(|v| y(v) + sizes[v] / 2.0).fold(0.0, f64::max);
        Placed { nodes, edges, height, layers: order.len() }
    }
}

/// How much vertical room an edge passing through a layer takes.
const DUMMY_SIZE: f64 = 6.0;

/// The polyline of one edge: out of the right side of its first box, straight through each layer
/// it passes, into the left side of its last box; reversed back to dependency-first if the
/// layering had to turn the edge around (a cycle).
fn route(path: &layering::Path, x: &dyn Fn(usize) -> f64, y: &dyn Fn(usize) -> f64, options: &Options) -> Vec<Point> {
    let chain = &path.chain;
    let mut points = Vec::with_capacity(chain.len() * 2);
    if let Some(&first) = chain.first() {
        points.push(Point { x: x(first) + options.node_width, y: y(first) });
    }
    for &dummy in chain.iter().skip(1).take(chain.len().saturating_sub(2)) {
        points.push(Point { x: x(dummy), y: y(dummy) });
        points.push(Point { x: x(dummy) + options.node_width, y: y(dummy) });
    }
    if let Some(&last) = chain.last().filter(|_| chain.len() > 1) {
        points.push(Point { x: x(last), y: y(last) });
    }
    if path.reversed {
        points.reverse();
    }
    points
}

impl Placed {
    /// Copies the piece into the whole layout, shifted to (`left`, `top`).
    fn move_into(self, out: &mut Layout, piece: &Piece, left: f64, top: f64) {
        let shift = |p: Point| Point { x: p.x + left, y: p.y + top };
        for (i, p) in piece.nodes.iter().zip(self.nodes) {
            out.nodes[*i] = shift(p);
        }
        for (e, points) in piece.edges.iter().zip(self.edges) {
            out.edges[*e] = points.into_iter().map(shift).collect();
        }
    }
}

/// Packs nodes without edges in rows under everything else; returns the new top.
fn grid(out: &mut Layout, loners: &[usize], columns: usize, top: f64, options: &Options) -> f64 {
    if loners.is_empty() {
        return top;
    }
    let columns = columns.max((loners.len() as f64).sqrt().ceil() as usize).min(loners.len()).max(1);
    for (k, &i) in loners.iter().enumerate() {
        let (row, column) = (k / columns, k % columns);
        out.nodes[i] = Point {
            x: options.margin + column as f64 * (options.node_width + options.layer_gap),
            y: top + row as f64 * (options.node_height + options.node_gap),
        };
    }
    let rows = loners.len().div_ceil(columns);
    top + rows as f64 * (options.node_height + options.node_gap) - options.node_gap + options.piece_gap
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes_overlap(layout: &Layout, o: &Options) -> bool {
        let n = layout.nodes.len();
        (0..n).any(|a| {
            (a + 1..n).any(|b| {
                let (p, q) = (layout.nodes[a], layout.nodes[b]);
                (p.x - q.x).abs() < o.node_width && (p.y - q.y).abs() < o.node_height
            })
        })
    }

    #[test]
    fn a_chain_runs_left_to_right() {
        let o = Options::default();
        let l = layout(3, &[(0, 1), (1, 2)], &o);
        assert!(l.nodes[0].x < l.nodes[1].x && l.nodes[1].x < l.nodes[2].x);
        assert_eq!(l.edges[0].first().map(|p| p.x), Some(l.nodes[0].x + o.node_width));
        assert_eq!(l.edges[0].last().map(|p| p.x), Some(l.nodes[1].x));
    }

    #[test]
    fn a_long_edge_passes_through_the_layers_between() {
        let o = Options::default();
        let l = layout(4, &[(0, 1), (1, 2), (2, 3), (0, 3)], &o);
        // Two points per layer passed (1 and 2) plus both ends.
        assert_eq!(l.edges[3].len(), 6);
        assert!(!boxes_overlap(&l, &o));
    }

    #[test]
    fn sources_sit_next_to_what_they_feed() {
        let l = layout(4, &[(0, 1), (1, 2), (3, 2)], &Options::default());
        assert_eq!(l.nodes[3].x, l.nodes[1].x, "3 only feeds 2, so it shares 1's layer");
    }

    #[test]
    fn cycles_are_drawn_not_looped_forever() {
        let o = Options::default();
        let l = layout(3, &[(0, 1), (1, 2), (2, 0)], &o);
        assert!(l.edges.iter().all(|e| e.len() >= 2));
        assert!(!boxes_overlap(&l, &o));
    }

    #[test]
    fn top_to_bottom_turns_the_layers_into_rows() {
        let o = Options { direction: Direction::TopToBottom, ..Options::default() };
        let l = layout(3, &[(0, 1), (1, 2)], &o);
        assert!(l.nodes[0].y < l.nodes[1].y && l.nodes[1].y < l.nodes[2].y);
        assert_eq!(l.edges[0].first().map(|p| p.y), Some(l.nodes[0].y + o.node_height));
        assert_eq!(l.edges[0].first().map(|p| p.x), Some(l.nodes[0].x + o.node_width / 2.0));
        assert!(!boxes_overlap(&l, &o));
    }

    #[test]
    fn loners_are_packed_under_the_pieces() {
        let o = Options::default();
        let l = layout(6, &[(0, 1)], &o);
        let piece_bottom = l.nodes[0].y.max(l.nodes[1].y) + o.node_height;
        assert!((2..6).all(|i| l.nodes[i].y > piece_bottom));
        assert!(!boxes_overlap(&l, &o));
    }

    #[test]
    fn crossings_are_undone() {
        // In id order 0→3 crosses 1→2; putting 3 above 2 uncrosses every edge.
        let l = layout(4, &[(0, 3), (1, 2), (0, 2)], &Options::default());
        assert!(l.nodes[0].y < l.nodes[1].y);
        assert!(l.nodes[3].y < l.nodes[2].y);
    }

    #[test]
    fn same_input_same_layout() {
        let mut state: u64 = 7;
        let mut earlier = |i: usize| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize % i
        };
        let edges: Vec<(usize, usize)> = (1..80).flat_map(|i| [(earlier(i), i), (earlier(i), i)]).collect();
        let edges: Vec<(usize, usize)> =
            edges.into_iter().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        let o = Options::default();
        let first = layout(80, &edges, &o);
        assert_eq!(first, layout(80, &edges, &o));
        assert!(!boxes_overlap(&first, &o));
    }
}
