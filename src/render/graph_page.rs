//! Views of the dependency graph: `/graph/` (all open work) and the neighbourhood drawn on each
//! handoff page.
//!
//! The picture is SVG from [`super::svg::graph`]; next to it the page lists the same critical
//! paths and blocked chains as text, so the graph's story reaches readers who cannot see it. The
//! templates decide how that looks.

use super::svg::graph::{Drawing, draw, draw_compact};
use super::views::Edge;
use crate::graph::DepGraph;
use crate::model::{Base, Handoff, Status};
use serde::Serialize;

/// How far a handoff page's neighbourhood reaches, in dependencies, each way.
const NEIGHBOURHOOD_STEPS: usize = 2;

/// `/graph/`.
#[derive(Debug, Serialize)]
pub struct GraphPage<'a> {
    /// The drawing.
    pub svg: String,
    /// Open handoffs drawn.
    pub nodes: usize,
    /// Dependencies drawn.
    pub edges: usize,
    /// The critical path to each due date, soonest first.
    pub critical_paths: Vec<PathView<'a>>,
    /// Each blocked handoff and the open work it holds up.
    pub blocked: Vec<BlockedChain<'a>>,
    /// The statuses present, in life-cycle order, for the legend.
    pub statuses: Vec<&'static str>,
}

/// A critical path as text.
#[derive(Debug, Serialize)]
pub struct PathView<'a> {
    /// The handoff with the due date.
    pub target: Edge<'a>,
    /// Its due date.
    pub due: String,
    /// The work before it, first step first.
    pub steps: Vec<Edge<'a>>,
}

/// A blocked handoff and what waits on it.
#[derive(Debug, Serialize)]
pub struct BlockedChain<'a> {
    /// The blocked handoff.
    pub blocked: Edge<'a>,
    /// Open work that waits on it, directly or not, by id.
    pub holds_up: Vec<Edge<'a>>,
}

/// Builds `/graph/`.
pub fn graph_page(base: &Base) -> GraphPage<'_> {
    let graph = DepGraph::open_work(base);
    let label =
        format!("Dependency graph of open work: {} handoffs, {} dependencies", graph.nodes.len(), graph.edges.len());
    let svg = draw(&graph, &Drawing { root: "../", id: "graph", label: &label, standalone: false });
    let edge = |i: usize| Edge::handoff(base, &graph.nodes[i].handoff.id);
    let critical_paths = graph
        .critical_paths
        .iter()
        .filter_map(|p| {
            let due = graph.nodes[p.target].handoff.due.as_ref()?.value.display();
            let (_, before) = p.steps.split_last()?;
            let steps = before.iter().filter_map(|&s| edge(s)).collect();
            Some(PathView { target: edge(p.target)?, due, steps })
        })
        .collect();
    let present: std::collections::BTreeSet<Status> = graph.nodes.iter().map(|n| n.handoff.status.value).collect();
    GraphPage {
        svg,
        nodes: graph.nodes.len(),
        edges: graph.edges.len(),
        critical_paths,
        blocked: blocked_chains(base, &graph),
        statuses: Status::ALL.iter().filter(|s| present.contains(s)).map(|s| s.as_str()).collect(),
    }
}

/// For each blocked node, everything downstream of it in the graph.
fn blocked_chains<'a>(base: &'a Base, graph: &DepGraph<'a>) -> Vec<BlockedChain<'a>> {
    let mut dependents = vec![Vec::new(); graph.nodes.len()];
    for e in &graph.edges {
        dependents[e.dependency].push(e.dependent);
    }
    (0..graph.nodes.len())
        .filter(|&i| graph.status(i) == Status::Blocked)
        .filter_map(|i| {
            let mut seen = std::collections::BTreeSet::new();
            let mut stack = dependents[i].clone();
            while let Some(next) = stack.pop() {
                if next != i && seen.insert(next) {
                    stack.extend(dependents[next].iter().copied());
                }
            }
            let holds_up = seen.into_iter().filter_map(|j| Edge::handoff(base, &graph.nodes[j].handoff.id)).collect();
            Some(BlockedChain { blocked: Edge::handoff(base, &graph.nodes[i].handoff.id)?, holds_up })
        })
        .collect()
}

/// The handoff's neighbourhood as SVG, for its page; `None` when it has no dependencies either
/// way (one box says nothing).
pub fn neighbourhood(base: &Base, h: &Handoff) -> Option<String> {
    let graph = DepGraph::neighbourhood(base, &h.id, NEIGHBOURHOOD_STEPS)?;
    if graph.edges.is_empty() {
        return None;
    }
    let label = format!("{}: what it waits on and what waits on it, two steps each way", h.title);
    // Handoff pages live at handoffs/ID/, two folders below the root.
    Some(draw_compact(&graph, &Drawing { root: "../../", id: "neighbourhood", label: &label, standalone: false }))
}
