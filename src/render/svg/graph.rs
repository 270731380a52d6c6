//! The dependency graph as SVG: boxes coloured by status, each a link to its handoff page;
//! edges from the work that must finish first to the work waiting on it; blocked chains and
//! critical paths marked by class.
//!
//! The same drawing serves `/graph/`, the neighbourhood on each handoff page, and `baton graph
//! --format svg`; only the last is `standalone` and embeds a small stylesheet, because a file
//! opened on its own has no theme. Layout is [`crate::graph::layout`]'s job, not this module's.
//!
//! The neighbourhood is on every handoff page, so the markup is lean: each node is moved into
//! place once (`translate`) and draws in its own small coordinates, its box size comes from the
//! theme, and it repeats its title in a `<title>` only where the box has to cut it; each edge is
//! a bare path inside a group per kind that carries the class and one shared arrowhead marker.

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
/// is cut to [`cut_chars`] and ends in an ellipsis; the link's name (its `<title>`) keeps the
/// whole title and the second line, so it starts with every word the box shows, as WCAG 2.5.3
/// asks.
fn title_chars(options: &Options) -> usize {
    ((options.node_width - 20.0) / 6.6).max(8.0) as usize
}

/// Room kept at the right of a cut title for its ellipsis.
const ELLIPSIS_WIDTH: f64 = 12.0;

/// How much of a title too long for [`title_chars`] is shown before its ellipsis.
fn cut_chars(options: &Options) -> usize {
    ((options.node_width - 20.0 - ELLIPSIS_WIDTH) / 6.6).max(6.0) as usize
}

/// Box sizes the default theme's stylesheet gives `.node rect` (style.css), by the drawing's
/// class. A page drawing of one of these sizes writes bare `<rect/>`s, the largest saving per
/// node; any other size, and every standalone file (read by tools that may not apply CSS
/// geometry), writes the box's size as attributes.
const THEMED_BOXES: [(f64, f64, &str); 2] = [(200.0, 44.0, "dep-graph"), (170.0, 44.0, "dep-graph compact")];

/// Where a node's text starts inside its box. Each node is translated to this point, so the
/// title needs no coordinates at all and the box sits at (-10, -18).
const TEXT_AT: (f64, f64) = (10.0, 18.0);

/// The second line's baseline below the title's.
const META_BELOW: f64 = 16.0;

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
    let themed = THEMED_BOXES
        .iter()
        .find(|(w, h, _)| !drawing.standalone && *w == options.node_width && *h == options.node_height)
        .map(|(_, _, class)| *class);
    let box_svg = match themed {
        Some(_) => "<rect/>".to_string(),
        None => format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/>",
            num(-TEXT_AT.0),
            num(-TEXT_AT.1),
            num(options.node_width),
            num(options.node_height)
        ),
    };
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" aria-labelledby=\"{id}-title\">\n<title id=\"{id}-title\">{label}</title>\n",
        class = themed.unwrap_or("dep-graph"),
        id = drawing.id,
        label = text(drawing.label),
    );
    if drawing.standalone {
        out.push_str(&standalone_style());
    }
    out.push_str(&edges_svg(graph, layout, drawing.id));
    out.push_str("<g class=\"graph-nodes\">\n");
    let cut = Cut { fits: title_chars(options), shown: cut_chars(options) };
    for (node, at) in graph.nodes.iter().zip(&layout.nodes) {
        out.push_str(&node_svg(node, *at, &cut, &box_svg, drawing.root));
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// The kinds of edge, each drawn in a group of its own that carries the class (stroke and dash
/// are inherited) and the arrowhead marker (`marker-end` is inherited too), so an edge is a bare
/// `<path d>`. Drawn in this order: critical paths last, on top where edges cross.
const EDGE_KINDS: [(bool, bool, &str, &str); 4] = [
    (false, false, "edge", "a"),
    (true, false, "edge blocked", "b"),
    (true, true, "edge blocked critical", "c"),
    (false, true, "edge critical", "c"),
];

/// One arrowhead per colour: its class takes the colour from the stylesheet; its tip is the
/// path's end, turned along it (`orient="auto"`), in the drawing's units (not the stroke's, so a
/// thick critical edge keeps the same head).
const MARKERS: [(&str, &str); 3] = [("a", "arrow"), ("b", "arrow blocked"), ("c", "arrow critical")];

fn edges_svg(graph: &DepGraph<'_>, layout: &Layout, id: &str) -> String {
    let kind_of = |edge: &Edge| EDGE_KINDS.iter().position(|k| (k.0, k.1) == (edge.blocked, edge.critical));
    let mut by_kind: Vec<Vec<String>> = vec![Vec::new(); EDGE_KINDS.len()];
    for (edge, points) in graph.edges.iter().zip(&layout.edges) {
        if let (Some(kind), Some(d)) = (kind_of(edge), edge_path(points, layout.direction)) {
            by_kind[kind].push(d);
        }
    }
    let mut out = String::from("<defs>");
    for (marker, class) in MARKERS {
        if EDGE_KINDS.iter().zip(&by_kind).any(|(k, paths)| k.3 == marker && !paths.is_empty()) {
            out.push_str(&format!(
                "<marker id=\"{id}-{marker}\" class=\"{class}\" orient=\"auto\" markerUnits=\"userSpaceOnUse\" overflow=\"visible\"><path d=\"M0 0-7-4v8z\"/></marker>"
            ));
        }
    }
    out.push_str("</defs>\n<g class=\"graph-edges\">\n");
    for ((_, _, class, marker), paths) in EDGE_KINDS.iter().zip(by_kind) {
        if paths.is_empty() {
            continue;
        }
        out.push_str(&format!("<g class=\"{class}\" marker-end=\"url(#{id}-{marker})\">\n"));
        for d in paths {
            out.push_str(&format!("<path d=\"{d}\"/>\n"));
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    out
}

/// A smooth path through the layout's points, in relative commands (short numbers), each point
/// rounded first so that the steps add up to where the absolute drawing would end.
fn edge_path(points: &[Point], direction: Direction) -> Option<String> {
    let round = |p: &Point| Point { x: (p.x * 10.0).round() / 10.0, y: (p.y * 10.0).round() / 10.0 };
    let points: Vec<Point> = points.iter().map(round).collect();
    let first = points.first()?;
    // Work in (along the flow, across it) offsets; `xy` maps them back to x and y.
    let across_flow = direction == Direction::TopToBottom;
    let xy = |along: f64, across: f64| if across_flow { [across, along] } else { [along, across] };
    let split = |p: &Point| if across_flow { (p.y, p.x) } else { (p.x, p.y) };
    let mut d = format!("M{}", numbers(&[first.x, first.y]));
    for pair in points.windows(2) {
        let ((a_along, a_across), (b_along, b_across)) = (split(&pair[0]), split(&pair[1]));
        let (along, across) = (b_along - a_along, b_across - a_across);
        if across == 0.0 {
            d.push_str(&format!("{}{}", if across_flow { 'v' } else { 'h' }, numbers(&[along])));
        } else {
            // Tangents along the flow at both ends: edges leave and enter boxes square.
            let half = along / 2.0;
            let controls = [xy(half, 0.0), xy(along - half, across), xy(along, across)];
            d.push_str(&format!("c{}", numbers(controls.as_flattened())));
        }
    }
    Some(d)
}

/// Numbers as SVG path data: space-separated, with no space where a minus sign separates.
fn numbers(values: &[f64]) -> String {
    let mut out = String::new();
    for value in values {
        let value = num(*value);
        if !out.is_empty() && !value.starts_with('-') {
            out.push(' ');
        }
        out.push_str(&value);
    }
    out
}

/// How long a title may be, and how much of a longer one is shown.
struct Cut {
    fits: usize,
    shown: usize,
}

fn node_svg(node: &Node<'_>, at: Point, cut: &Cut, box_svg: &str, root: &str) -> String {
    let h = node.handoff;
    let status = h.status.value.as_str();
    let mut classes = format!("node status-{status}");
    for (on, class) in [(node.held_up, " held-up"), (node.critical, " critical"), (node.focus, " focus")] {
        if on {
            classes.push_str(class);
        }
    }
    let due = h.due.as_ref().map(|d| format!(" · due {}", d.value.date)).unwrap_or_default();
    let meta = node_meta(&h.title, status, &due);
    let shown = shown_title(&h.title, cut);
    // A box that shows its whole title is named by what it shows (name from content); a cut one
    // gets a `<title>`, its name and tooltip: the whole title, then the second line.
    let name = match (&shown, meta.is_empty()) {
        (None, _) => String::new(),
        (Some(_), true) => format!("<title>{}</title>", text(&h.title)),
        (Some(_), false) => format!("<title>{}, {}</title>", text(&h.title), text(&meta)),
    };
    let meta_svg = if meta.is_empty() {
        String::new()
    } else {
        format!("<text class=\"node-meta\" y=\"{}\">{}</text>", num(META_BELOW), text(&meta))
    };
    format!(
        "<a href=\"{root}handoffs/{id}/\" class=\"{classes}\" transform=\"translate({x},{y})\">{name}{box_svg}<text>{title}</text>{meta_svg}</a>\n",
        id = h.id,
        x = num(at.x + TEXT_AT.0),
        y = num(at.y + TEXT_AT.1),
        title = text(shown.as_deref().unwrap_or(&h.title)),
    )
}

/// The box's second line: the status (unless the title already ends with it, as in
/// "Payment sheet (draft)", so that it is never said twice) and the due date.
fn node_meta(title: &str, status: &str, due: &str) -> String {
    let said = title.trim_end().to_lowercase().ends_with(&format!("({status})"));
    if said { due.trim_start_matches(" · ").to_string() } else { format!("{status}{due}") }
}

/// The start of a title too long for its box, with an ellipsis; `None` when it fits. Widths are
/// counted in characters, a wide (East Asian or emoji) character as two.
fn shown_title(title: &str, cut: &Cut) -> Option<String> {
    let width = |c: char| if is_wide(c) { 2 } else { 1 };
    if title.chars().map(width).sum::<usize>() <= cut.fits {
        return None;
    }
    let mut used = 0;
    let kept: String = title
        .chars()
        .take_while(|c| {
            used += width(*c);
            used <= cut.shown
        })
        .collect();
    Some(format!("{}…", kept.trim_end()))
}

/// Characters drawn about twice as wide as a Latin letter.
fn is_wide(c: char) -> bool {
    matches!(u32::from(c), 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1FAFF | 0x20000..=0x3FFFD)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Id;
    use crate::testing::base_of;

    /// A hub and 19 handoffs waiting on it, titles as long as real ones (cut in the compact box),
    /// every other one with a due date; the hub is blocked, so every edge is a blocked chain.
    fn hub_base() -> crate::model::Base {
        let mut files = vec![(
            "hub.md".to_string(),
            "---\ntitle: Move the ledger replicas to the new storage cluster\nowner: ana\nstatus: blocked\nblocked_reason: vendor\n---\n"
                .to_string(),
        )];
        for n in 0..19 {
            let due = if n % 2 == 0 { format!("due: 2026-12-{:02}\n", n + 1) } else { String::new() };
            files.push((
                format!("w-{n:02}.md"),
                format!("---\ntitle: That review checkpoint is pipeline {n}\nowner: ana\nstatus: ready\ndepends_on: [hub]\n{due}---\n"),
            ));
        }
        base_of(&files)
    }

    fn neighbourhood_svg(base: &crate::model::Base) -> String {
        let id = Id::parse("hub").expect("valid id");
        let near = DepGraph::neighbourhood(base, &id, 2, usize::MAX).expect("hub is in the base");
        draw_compact(&near.graph, &Drawing { root: "../../", id: "neighbourhood", label: "Hub", standalone: false })
    }

    fn between<'t>(text: &'t str, start: &str, end: &str) -> &'t str {
        let from = text.find(start).map(|i| i + start.len()).expect("start");
        &text[from..from + text[from..].find(end).expect("end")]
    }

    /// Page weight: the neighbourhood is drawn on every handoff page. The markup this replaced
    /// (a name and a tooltip both repeating the title, absolute coordinates, a nested clip
    /// `<svg>` and a separate ellipsis per node; a path and an arrowhead path per edge, each with
    /// its class) drew this fixture in 13,929 bytes: 556 a node, 132 an edge, arrowheads
    /// included. Now each costs at most half.
    #[test]
    fn a_twenty_node_neighbourhood_costs_under_half_its_old_bytes() {
        let base = hub_base();
        let svg = neighbourhood_svg(&base);
        let nodes = between(&svg, "<g class=\"graph-nodes\">\n", "</g>\n</svg>");
        let edges = between(&svg, "<defs>", "<g class=\"graph-nodes\">");
        let edge_count =
            between(&svg, "<g class=\"graph-edges\">", "<g class=\"graph-nodes\">").matches("<path ").count();
        let node_count = nodes.matches("<a ").count();
        assert_eq!((node_count, edge_count), (20, 19), "{svg}");
        let (per_node, per_edge) = (nodes.len() / node_count, edges.len() / edge_count);
        assert!(per_node <= 556 / 2, "{per_node} bytes a node:\n{nodes}");
        assert!(per_edge <= 132 / 2, "{per_edge} bytes an edge:\n{edges}");
        assert!(svg.len() <= 13_929 / 2, "{} bytes in all", svg.len());
    }

    /// A cut title keeps the whole title and the second line in the link's name (its `<title>`),
    /// and the box shows the title's start and an ellipsis; a title that fits is named by what
    /// the box shows, with no `<title>` repeating it.
    #[test]
    fn cut_titles_keep_the_whole_title_in_the_name() {
        let base = hub_base();
        let svg = neighbourhood_svg(&base);
        let hub = svg.split("<a ").find(|a| a.contains("handoffs/hub/")).expect("hub node");
        assert!(hub.contains("<title>Move the ledger replicas to the new storage cluster, blocked</title>"), "{hub}");
        let shown = between(hub, "<rect/><text>", "</text>");
        assert!(
            shown.ends_with('…')
                && shown.chars().count() <= title_chars(&Options { node_width: 170.0, ..Options::default() }),
            "{shown}"
        );
        assert!("Move the ledger replicas to the new storage cluster".starts_with(shown.trim_end_matches('…')));
        let cut = Cut { fits: 10, shown: 7 };
        assert_eq!(shown_title("Short one", &cut), None);
        assert_eq!(shown_title("Alpha beta gamma", &cut).as_deref(), Some("Alpha b…"));
        assert_eq!(shown_title("Alpha   gamma delta", &cut).as_deref(), Some("Alpha…"), "no space before the ellipsis");
        assert_eq!(
            shown_title("台帳の移行計画を立てる", &cut).as_deref(),
            Some("台帳の…"),
            "wide characters count twice"
        );
    }

    /// The picture: every edge ends in its class's arrowhead, defined once; a node is moved into
    /// place once and its box size comes from the theme for the sizes the theme knows.
    #[test]
    fn edges_share_one_marker_per_colour_and_nodes_are_placed_once() {
        let base = hub_base();
        let svg = neighbourhood_svg(&base);
        // Blocked edges, and blocked critical ones, which take the critical head; no plain edge.
        assert_eq!(svg.matches("<marker ").count(), 2, "{svg}");
        assert!(svg.contains("<marker id=\"neighbourhood-b\" class=\"arrow blocked\""), "{svg}");
        assert!(svg.contains("<marker id=\"neighbourhood-c\" class=\"arrow critical\""), "{svg}");
        assert!(svg.contains("<g class=\"edge blocked\" marker-end=\"url(#neighbourhood-b)\">"), "{svg}");
        assert!(svg.contains("<g class=\"edge blocked critical\" marker-end=\"url(#neighbourhood-c)\">"), "{svg}");
        assert!(svg.contains("class=\"dep-graph compact\""), "{svg}");
        assert_eq!(svg.matches("transform=\"translate(").count(), 20);
        assert_eq!(svg.matches("<rect/>").count(), 20);
        assert!(!svg.contains("data-id") && !svg.contains("aria-label=") && !svg.contains("<svg x="), "{svg}");
    }

    #[test]
    fn the_theme_sizes_the_boxes_the_drawing_leaves_bare() {
        let css = include_str!("../../../themes/default/static/style.css");
        let rule = |selector: &str| between(css, &format!("{selector} {{"), "}").to_string();
        let all = rule(".dep-graph .node rect");
        let (w, h, _) = THEMED_BOXES[0];
        assert!(
            all.contains(&format!("width: {}px", num(w))) && all.contains(&format!("height: {}px", num(h))),
            "{all}"
        );
        assert!(all.contains(&format!("x: {}px; y: {}px", num(-TEXT_AT.0), num(-TEXT_AT.1))), "{all}");
        let (w, h, class) = THEMED_BOXES[1];
        assert_eq!(h, THEMED_BOXES[0].1);
        let compact = rule(&format!(".{} .node rect", class.replace(' ', ".")));
        assert!(compact.contains(&format!("width: {}px", num(w))), "{compact}");
    }

    /// Relative path data adds up to the absolute points, in either direction of flow.
    #[test]
    fn edge_paths_are_relative_and_end_where_the_layout_ends() {
        let p = |x: f64, y: f64| Point { x, y };
        let down = [p(491.34, 134.0), p(491.34, 168.0)];
        assert_eq!(edge_path(&down, Direction::TopToBottom).as_deref(), Some("M491.3 134v34"));
        let bend = [p(491.3, 212.0), p(279.0, 246.0)];
        assert_eq!(edge_path(&bend, Direction::TopToBottom).as_deref(), Some("M491.3 212c0 17-212.3 17-212.3 34"));
        let right = [p(10.0, 20.0), p(66.0, 20.0), p(122.0, 50.0)];
        assert_eq!(edge_path(&right, Direction::LeftToRight).as_deref(), Some("M10 20h56c28 0 28 30 56 30"));
        assert_eq!(edge_path(&[], Direction::LeftToRight), None);
    }

    #[test]
    fn standalone_files_carry_their_box_sizes() {
        let base = hub_base();
        let graph = DepGraph::open_work(&base);
        let svg = draw(&graph, &Drawing { root: "", id: "graph", label: "All", standalone: true });
        assert!(svg.contains("<rect x=\"-10\" y=\"-18\" width=\"200\" height=\"44\" rx=\"6\"/>"), "{svg}");
        assert!(!svg.contains("<rect/>") && svg.contains("<style>"), "{svg}");
    }
}
