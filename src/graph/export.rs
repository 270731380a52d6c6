//! The graph for other tools: Graphviz DOT and JSON (`baton graph --format dot|json`).
//!
//! Both list nodes by id and edges by (dependency, dependent), so diffs between runs are
//! readable. Edges point the way work flows — from what must finish first to what waits on it —
//! as in the SVG. The JSON is versioned: changing a key is a new `version`. Colours here are for
//! output read outside the site (no stylesheet there); the site itself colours by CSS class.

use super::{CriticalPath, DepGraph};
use crate::model::Status;
use serde::Serialize;

/// Fill and border colour of a status where no stylesheet applies (DOT, standalone SVG): the
/// light palette of the default theme.
pub fn status_colours(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Draft => ("#ffffff", "#8c959f"),
        Status::Ready => ("#ddf4ff", "#54aeff"),
        Status::Accepted => ("#d3f5f1", "#2aa99a"),
        Status::InProgress => ("#f1e8ff", "#a68af0"),
        Status::Blocked => ("#ffebe9", "#ff8182"),
        Status::Done => ("#dafbe1", "#4ac26b"),
        Status::Cancelled => ("#eaeef2", "#afb8c1"),
    }
}

/// Colour of blocked chains and critical paths outside the site.
pub const BLOCKED_COLOUR: &str = "#cf222e";
/// See [`BLOCKED_COLOUR`].
pub const CRITICAL_COLOUR: &str = "#bc4c00";

/// The graph in Graphviz DOT, left to right.
pub fn dot(graph: &DepGraph<'_>) -> String {
    let mut out = String::from("digraph handoffs {\n  graph [rankdir=LR];\n");
    out.push_str("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
    for node in &graph.nodes {
        let h = node.handoff;
        let (fill, border) = status_colours(h.status.value);
        let due = h.due.as_ref().map(|d| format!("\\ndue {}", d.value.written)).unwrap_or_default();
        let width = if node.critical { ", penwidth=2.5" } else { "" };
        out.push_str(&format!(
            "  \"{id}\" [label=\"{title}\\n{status}{due}\", URL=\"handoffs/{id}/\", fillcolor=\"{fill}\", color=\"{border}\"{width}];\n",
            id = h.id,
            title = dot_escape(&h.title),
            status = h.status.value.as_str(),
        ));
    }
    for e in &graph.edges {
        let (from, to) = (&graph.nodes[e.dependency].handoff.id, &graph.nodes[e.dependent].handoff.id);
        let mut attributes = Vec::new();
        if e.blocked {
            attributes.push(format!("color=\"{BLOCKED_COLOUR}\""));
        } else if e.critical {
            attributes.push(format!("color=\"{CRITICAL_COLOUR}\""));
        }
        if e.critical {
            attributes.push("penwidth=2.5".to_string());
        }
        let attributes = if attributes.is_empty() { String::new() } else { format!(" [{}]", attributes.join(", ")) };
        out.push_str(&format!("  \"{from}\" -> \"{to}\"{attributes};\n"));
    }
    out.push_str("}\n");
    out
}

/// Quotes text for a DOT string: backslashes, quotes and line breaks.
fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', " ")
}

/// The JSON document, version 1.
#[derive(Serialize)]
struct JsonGraph<'a> {
    version: u32,
    nodes: Vec<JsonNode<'a>>,
    edges: Vec<JsonEdge<'a>>,
    critical_paths: Vec<JsonPath<'a>>,
}

#[derive(Serialize)]
struct JsonNode<'a> {
    id: &'a str,
    title: &'a str,
    status: Status,
    owner: &'a str,
    team: Option<&'a str>,
    due: Option<&'a str>,
    url: String,
    held_up: bool,
    critical: bool,
}

#[derive(Serialize)]
struct JsonEdge<'a> {
    dependency: &'a str,
    dependent: &'a str,
    blocked: bool,
    critical: bool,
}

#[derive(Serialize)]
struct JsonPath<'a> {
    target: &'a str,
    due: Option<&'a str>,
    steps: Vec<&'a str>,
}

/// The graph as pretty-printed JSON (schema version 1, see docs/graph-and-metrics.md).
pub fn json(graph: &DepGraph<'_>) -> String {
    let id = |i: usize| graph.nodes[i].handoff.id.as_str();
    let document = JsonGraph {
        version: 1,
        nodes: graph
            .nodes
            .iter()
            .map(|n| JsonNode {
                id: n.handoff.id.as_str(),
                title: &n.handoff.title,
                status: n.handoff.status.value,
                owner: n.handoff.owner.value.as_str(),
                team: n.handoff.team.as_deref(),
                due: n.handoff.due.as_ref().map(|d| d.value.written.as_str()),
                url: crate::render::views::handoff_url(&n.handoff.id),
                held_up: n.held_up,
                critical: n.critical,
            })
            .collect(),
        edges: graph
            .edges
            .iter()
            .map(|e| JsonEdge {
                dependency: id(e.dependency),
                dependent: id(e.dependent),
                blocked: e.blocked,
                critical: e.critical,
            })
            .collect(),
        critical_paths: graph
            .critical_paths
            .iter()
            .map(|p: &CriticalPath| JsonPath {
                target: id(p.target),
                due: graph.nodes[p.target].handoff.due.as_ref().map(|d| d.value.written.as_str()),
                steps: p.steps.iter().map(|&s| id(s)).collect(),
            })
            .collect(),
    };
    // Serialising plain strings, bools and enums cannot fail.
    serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
}
