//! The dependency graph as SVG: boxes coloured by status, each a link to its handoff page;
//! edges from the work that must finish first to the work waiting on it; blocked chains and
//! critical paths marked by class.
//!
//! The same drawing serves `/graph/`, the neighbourhood on each handoff page, and `baton graph
//! --format svg`; only the last is `standalone` and embeds a small stylesheet, because a file
//! opened on its own has no theme. Layout is [`crate::graph::layout`]'s job, not this module's.

use super::{num, text};
use crate::graph::layout::{Direction, Layout, Options, Point};
use crate::graph::{DepGraph, Edge, Node, export};
use crate::model::Status;

/// How to draw one graph.
#[derive(Debug, Clone)]
pub struct Drawing<'a> {
    /// The way from the page to the site root (`../`), for node links.
    pub root: &'a str,
    /// A prefix for the element ids, unique on the page.
    pub id: &'a str,
    /// What the graph shows, for its accessible title.
    pub label: &'a str,
    /// A file of its own (with a stylesheet), rather than part of a page.
    pub standalone: bool,
}

/// The longest title that surely fits a box at 12px (about 6.6 units a character). A longer one
/// is drawn whole but clipped at the box's edge, with an ellipsis after it: its text stays the
/// full title, so the link's name (the title, the status, the due date) contains every word the
/// box shows, as WCAG 2.5.3 asks; a title cut into a string would end mid-word in neither.
fn title_chars(options: &Options) -> usize {
    ((options.node_width - 20.0) / 6.6).max(8.0) as usize
}

/// Room kept at the right of a clipped title for its ellipsis.
const ELLIPSIS_WIDTH: f64 = 12.0;

/// The graph as an `<svg>` element, laid out left to right.
pub fn draw(graph: &DepGraph<'_>, drawing: &Drawing<'_>) -> String {
    let options = Options::default();
    let layout = graph.layout(&options);
    draw_laid_out(graph, &layout, &options, drawing)
}

/// The graph as a compact `<svg>` laid out top to bottom, for the narrow column of a page.
pub fn draw_compact(graph: &DepGraph<'_>, drawing: &Drawing<'_>) -> String {
    let options = Options {
        direction: Direction::TopToBottom,
        node_width: 170.0,
        layer_gap: 34.0,
        node_gap: 12.0,
        ..Options::default()
    };
    let layout = graph.layout(&options);
    draw_laid_out(graph, &layout, &options, drawing)
}

/// Draws an already laid-out graph.
pub fn draw_laid_out(graph: &DepGraph<'_>, layout: &Layout, options: &Options, drawing: &Drawing<'_>) -> String {
    let (width, height) = (num(layout.width), num(layout.height));
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dep-graph\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-labelledby=\"{id}-title\">\n<title id=\"{id}-title\">{label}</title>\n",
        id = drawing.id,
        label = text(drawing.label),
    );
    if drawing.standalone {
        out.push_str(&standalone_style());
    }
    out.push_str("<g class=\"graph-edges\">\n");
    for (edge, points) in graph.edges.iter().zip(&layout.edges) {
        out.push_str(&edge_svg(edge, points, layout.direction));
    }
    out.push_str("</g>\n<g class=\"graph-nodes\">\n");
    for (node, at) in graph.nodes.iter().zip(&layout.nodes) {
        out.push_str(&node_svg(node, *at, options, drawing.root));
    }
    out.push_str("</g>\n</svg>\n");
    out
}

fn edge_classes(edge: &Edge) -> String {
    let mut classes = String::new();
    if edge.blocked {
        classes.push_str(" blocked");
    }
    if edge.critical {
        classes.push_str(" critical");
    }
    classes
}

/// A smooth path through the layout's points, and an arrowhead where it ends.
fn edge_svg(edge: &Edge, points: &[Point], direction: Direction) -> String {
    let (Some(first), Some(last)) = (points.first(), points.last()) else { return String::new() };
    // Draw in (along the flow, across it) coordinates; `at` maps them back to x and y.
    let across_flow = direction == Direction::TopToBottom;
    let at = |along: f64, across: f64| if across_flow { (num(across), num(along)) } else { (num(along), num(across)) };
    let split = |p: &Point| if across_flow { (p.y, p.x) } else { (p.x, p.y) };
    let mut d = format!("M{} {}", num(first.x), num(first.y));
    for pair in points.windows(2) {
        let ((a_along, a_across), (b_along, b_across)) = (split(&pair[0]), split(&pair[1]));
        let (bx, by) = at(b_along, b_across);
        if a_across == b_across {
            d.push_str(&format!(" L{bx} {by}"));
        } else {
            // Tangents along the flow at both ends: edges leave and enter boxes square.
            let half = (b_along - a_along) / 2.0;
            let (c1x, c1y) = at(a_along + half, a_across);
            let (c2x, c2y) = at(b_along - half, b_across);
            d.push_str(&format!(" C{c1x} {c1y} {c2x} {c2y} {bx} {by}"));
        }
    }
    let before = points.len().checked_sub(2).and_then(|i| points.get(i)).unwrap_or(first);
    let forwards = if split(last).0 >= split(before).0 { 1.0 } else { -1.0 };
    let back = num(-7.0 * forwards);
    let head = if across_flow { format!("l-4 {back} l8 0") } else { format!("l{back} -4 l0 8") };
    let classes = edge_classes(edge);
    format!(
        "<path class=\"edge{classes}\" d=\"{d}\"/><path class=\"arrow{classes}\" d=\"M{} {} {head} z\"/>\n",
        num(last.x),
        num(last.y),
    )
}

fn node_svg(node: &Node<'_>, at: Point, options: &Options, root: &str) -> String {
    let h = node.handoff;
    let status = h.status.value.as_str();
    let mut classes = format!("node status-{status}");
    for (on, class) in [(node.held_up, " held-up"), (node.critical, " critical"), (node.focus, " focus")] {
        if on {
            classes.push_str(class);
        }
    }
    let due = h.due.as_ref().map(|d| format!(" · due {}", d.value.date)).unwrap_or_default();
    let tooltip = format!("{} — {status}, owner @{}{due}", h.title, h.owner.value);
    let meta = node_meta(&h.title, status, &due);
    // The name is what the box shows, in its order: the title, then the second line.
    let label = if meta.is_empty() { h.title.clone() } else { format!("{}, {meta}", h.title) };
    let (x, y) = (at.x, at.y);
    format!(
        "<a href=\"{root}handoffs/{id}/\" class=\"{classes}\" data-id=\"{id}\" aria-label=\"{label}\"><title>{tooltip}</title><rect x=\"{rx}\" y=\"{ry}\" width=\"{w}\" height=\"{hh}\" rx=\"6\"/>{title}<text class=\"node-meta\" x=\"{tx}\" y=\"{t2}\">{meta}</text></a>\n",
        id = h.id,
        label = text(&label),
        tooltip = text(&tooltip),
        rx = num(x),
        ry = num(y),
        w = num(options.node_width),
        hh = num(options.node_height),
        tx = num(x + 10.0),
        t2 = num(y + 34.0),
        meta = text(&meta),
        title = node_title(&h.title, at, options),
    )
}

/// The box's second line: the status (unless the title already ends with it, as in
/// "Payment sheet (draft)", so that it is never said twice) and the due date.
fn node_meta(title: &str, status: &str, due: &str) -> String {
    let said = title.trim_end().to_lowercase().ends_with(&format!("({status})"));
    if said { due.trim_start_matches(" · ").to_string() } else { format!("{status}{due}") }
}

/// The title line: whole when it fits, else clipped by a nested `<svg>` viewport (which clips
/// by default, needing no id or style) and followed by an ellipsis.
fn node_title(title: &str, at: Point, options: &Options) -> String {
    let (x, y) = (at.x + 10.0, at.y + 18.0);
    if title.chars().count() <= title_chars(options) {
        return format!("<text class=\"node-title\" x=\"{}\" y=\"{}\">{}</text>", num(x), num(y), text(title));
    }
    let room = options.node_width - 20.0 - ELLIPSIS_WIDTH;
    format!(
        "<svg x=\"{x}\" y=\"{top}\" width=\"{room}\" height=\"24\"><text class=\"node-title\" x=\"0\" y=\"18\">{title}</text></svg><text class=\"node-title\" x=\"{dots}\" y=\"{y}\" aria-hidden=\"true\">…</text>",
        x = num(x),
        top = num(at.y),
        room = num(room),
        title = text(title),
        dots = num(x + room),
        y = num(y),
    )
}

/// The stylesheet of a standalone SVG, from the same palette as the DOT output.
fn standalone_style() -> String {
    let mut css = String::from(
        "<style>\ntext{font-family:-apple-system,\"Segoe UI\",Helvetica,Arial,sans-serif;font-size:12px;fill:#1f2328}\n.node-meta{fill:#59636e;font-size:11px}\n.node rect{stroke-width:1.5}\n.node.critical rect{stroke-width:3}\n.node.focus rect{stroke:#1f2328;stroke-width:3}\n.edge{fill:none;stroke:#8c959f;stroke-width:1.5}\n.arrow{fill:#8c959f}\n",
    );
    css.push_str(&format!(
        ".edge.critical{{stroke:{c};stroke-width:3}}\n.arrow.critical{{fill:{c}}}\n.edge.blocked{{stroke:{b};stroke-dasharray:6 3}}\n.arrow.blocked{{fill:{b}}}\n",
        c = export::CRITICAL_COLOUR,
        b = export::BLOCKED_COLOUR
    ));
    for status in Status::ALL {
        let (fill, border) = export::status_colours(status);
        css.push_str(&format!(".status-{} rect{{fill:{fill};stroke:{border}}}\n", status.as_str()));
    }
    css.push_str("</style>\n");
    css
}
