//! Views of the dependency graph: `/graph/` (all open work, in parts past a size) and the
//! neighbourhood drawn on each handoff page.
//!
//! The picture is SVG from [`super::svg::graph`]; next to it the page lists the same critical
//! paths and blocked chains as text, so the graph's story reaches readers who cannot see it. The
//! templates decide how that looks. A base with more open work than `graph_page_size` is drawn
//! a part at a time ([`crate::graph::parts`]): `/graph/` draws the first part and lists them
//! all, `/graph/page/N/` the others; each page lists the paths and chains of the work it draws.

use super::pages::Pager;
use super::svg::graph::{Drawing, draw, draw_compact};
use super::views::Edge;
use crate::graph::parts::Parts;
use crate::graph::{self, DepGraph};
use crate::model::{Base, Handoff, Status};
use serde::Serialize;
use std::collections::BTreeMap;

/// How far a handoff page's neighbourhood reaches, in dependencies, each way.
const NEIGHBOURHOOD_STEPS: usize = 2;

/// How many handoffs a neighbourhood draws at each step each way: five boxes make a row that
/// fits the page's column, and the panels beside it list every direct neighbour anyway.
const NEIGHBOURHOOD_PER_STEP: usize = 5;

/// Critical paths listed as text, soonest due first. Every path is listed in full, and at 10,000
/// handoffs thousands of long paths made the page 155 MB; the drawing still marks them all.
const LISTED_PATHS: usize = 25;

/// Handoffs named under each blocked chain; the rest are counted.
const LISTED_HELD_UP: usize = 12;

/// Blocked chains listed on a page; the rest are counted (each is marked in the drawing).
const LISTED_BLOCKED: usize = 50;

/// Page `page` (from 1) of the graph: `graph/`, then `graph/page/N/`.
pub fn graph_page_url(page: usize) -> String {
    if page <= 1 { "graph/".into() } else { format!("graph/page/{page}/") }
}

/// A page of `/graph/`.
#[derive(Debug, Serialize)]
pub struct GraphPage<'a> {
    /// The drawing.
    pub svg: String,
    /// Open handoffs drawn.
    pub nodes: usize,
    /// Dependencies drawn.
    pub edges: usize,
    /// The critical path to each due date drawn here, soonest first, the first [`LISTED_PATHS`].
    pub critical_paths: Vec<PathView<'a>>,
    /// Critical paths not listed.
    pub more_paths: usize,
    /// Each blocked handoff drawn here and the open work it holds up, the first
    /// [`LISTED_BLOCKED`].
    pub blocked: Vec<BlockedChain<'a>>,
    /// Blocked handoffs not listed.
    pub more_blocked: usize,
    /// The statuses present, in life-cycle order, for the legend.
    pub statuses: Vec<&'static str>,
    /// Which part this page draws, when the graph is drawn in parts.
    pub part: Option<PartView>,
}

/// Where a page sits among the parts of the graph.
#[derive(Debug, Serialize)]
pub struct PartView {
    /// "Part N of M" and the links to its neighbours.
    pub pager: Pager,
    /// Open handoffs in the whole graph.
    pub open: usize,
    /// Dependencies in the whole graph.
    pub dependencies: usize,
    /// The other parts this one has dependencies with, by number.
    pub linked: Vec<PartSummary>,
    /// Every part, on the first page only.
    pub parts: Vec<PartSummary>,
}

/// A part of the graph, as listed.
#[derive(Debug, Serialize)]
pub struct PartSummary {
    /// Its number, from 1.
    pub number: usize,
    /// Its page.
    pub url: String,
    /// Open handoffs it draws.
    pub nodes: usize,
    /// Dependencies: drawn within it (in the list of parts), or between it and this page's part.
    pub edges: usize,
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
    /// Open work that waits on it, directly or not, by id: the first [`LISTED_HELD_UP`].
    pub holds_up: Vec<Edge<'a>>,
    /// Open work it holds up that is not listed.
    pub more: usize,
}

/// The graph of open work, analysed once, and the part each of its nodes is drawn in: what
/// every page of `/graph/` is made from.
pub struct GraphPages<'a, 'p> {
    base: &'a Base,
    graph: DepGraph<'a>,
    parts: &'p Parts,
    /// The part of each node of `graph`.
    part_of: Vec<usize>,
}

impl<'a, 'p> GraphPages<'a, 'p> {
    /// The graph of `base`'s open work, drawn in `parts`.
    pub fn new(base: &'a Base, parts: &'p Parts) -> GraphPages<'a, 'p> {
        let graph = DepGraph::open_work(base);
        let part_of = graph.nodes.iter().map(|n| parts.part_of(&n.handoff.id).unwrap_or(0)).collect();
        GraphPages { base, graph, parts, part_of }
    }

    /// How many pages: one per part.
    pub fn pages(&self) -> usize {
        self.parts.count()
    }

    /// Page `page` (from 1); `root` is the way from it to the site root.
    pub fn page(&self, page: usize, root: &str) -> GraphPage<'a> {
        let part = page.clamp(1, self.pages()) - 1;
        if !self.parts.is_split() {
            let label = format!(
                "Dependency graph of open work: {} handoffs, {} dependencies",
                self.graph.nodes.len(),
                self.graph.edges.len()
            );
            let svg = draw(&self.graph, &Drawing { root, id: "graph", label: &label, standalone: false });
            return self.listed(svg, &self.graph, |_| true, None);
        }
        let keep: Vec<usize> = (0..self.graph.nodes.len()).filter(|&i| self.part_of[i] == part).collect();
        let drawn = part_graph(&self.graph, &keep);
        let pages = self.pages();
        let label = format!(
            "Dependency graph of open work, part {} of {pages}: {} handoffs, {} dependencies",
            part + 1,
            drawn.nodes.len(),
            drawn.edges.len()
        );
        let svg = draw(&drawn, &Drawing { root, id: "graph", label: &label, standalone: false });
        let view = PartView {
            pager: Pager {
                page: part + 1,
                pages,
                prev: (part > 0).then(|| graph_page_url(part)),
                next: (part + 1 < pages).then(|| graph_page_url(part + 2)),
            },
            open: self.graph.nodes.len(),
            dependencies: self.graph.edges.len(),
            linked: self.linked(part),
            parts: if part == 0 { self.summaries() } else { Vec::new() },
        };
        self.listed(svg, &drawn, |i| self.part_of[i] == part, Some(view))
    }

    /// The page: `svg` of `drawn`, with the paths and chains of the nodes `here` selects.
    fn listed(
        &self,
        svg: String,
        drawn: &DepGraph<'_>,
        here: impl Fn(usize) -> bool,
        part: Option<PartView>,
    ) -> GraphPage<'a> {
        let (base, graph) = (self.base, &self.graph);
        let edge = |i: usize| Edge::handoff(base, &graph.nodes[i].handoff.id);
        let mut critical_paths: Vec<PathView<'a>> = graph
            .critical_paths
            .iter()
            .filter(|p| here(p.target))
            .filter_map(|p| {
                let due = graph.nodes[p.target].handoff.due.as_ref()?.value.display();
                let (_, before) = p.steps.split_last()?;
                let steps = before.iter().filter_map(|&s| edge(s)).collect();
                Some(PathView { target: edge(p.target)?, due, steps })
            })
            .collect();
        let more_paths = critical_paths.len().saturating_sub(LISTED_PATHS);
        critical_paths.truncate(LISTED_PATHS);
        let present: std::collections::BTreeSet<Status> = drawn.nodes.iter().map(|n| n.handoff.status.value).collect();
        let blocked_here: Vec<usize> =
            (0..graph.nodes.len()).filter(|&i| graph.status(i) == Status::Blocked && here(i)).collect();
        let more_blocked = blocked_here.len().saturating_sub(LISTED_BLOCKED);
        GraphPage {
            svg,
            nodes: drawn.nodes.len(),
            edges: drawn.edges.len(),
            critical_paths,
            more_paths,
            blocked: blocked_chains(base, graph, &blocked_here[..blocked_here.len() - more_blocked]),
            more_blocked,
            statuses: Status::ALL.iter().filter(|s| present.contains(s)).map(|s| s.as_str()).collect(),
            part,
        }
    }

    /// The other parts `part` has dependencies with, and how many.
    fn linked(&self, part: usize) -> Vec<PartSummary> {
        let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
        for e in &self.graph.edges {
            let (a, b) = (self.part_of[e.dependency], self.part_of[e.dependent]);
            if a != b && (a == part || b == part) {
                *counts.entry(if a == part { b } else { a }).or_default() += 1;
            }
        }
        let nodes = |n: usize| self.parts.parts[n].len();
        counts
            .into_iter()
            .map(|(n, edges)| PartSummary { number: n + 1, url: graph_page_url(n + 1), nodes: nodes(n), edges })
            .collect()
    }

    /// Every part with its size.
    fn summaries(&self) -> Vec<PartSummary> {
        let mut edges = vec![0; self.pages()];
        for e in &self.graph.edges {
            let (a, b) = (self.part_of[e.dependency], self.part_of[e.dependent]);
            if a == b {
                edges[a] += 1;
            }
        }
        let summary = |(n, part): (usize, &Vec<crate::model::Id>)| PartSummary {
            number: n + 1,
            url: graph_page_url(n + 1),
            nodes: part.len(),
            edges: edges[n],
        };
        self.parts.parts.iter().enumerate().map(summary).collect()
    }
}

/// The nodes `keep` (indexes into `graph`, ascending) and the edges among them, with the marks
/// the whole graph gave them: a critical path or blocked chain cut by the page stays marked.
fn part_graph<'a>(graph: &DepGraph<'a>, keep: &[usize]) -> DepGraph<'a> {
    let mut index = vec![None; graph.nodes.len()];
    for (k, &i) in keep.iter().enumerate() {
        index[i] = Some(k);
    }
    let nodes = keep
        .iter()
        .map(|&i| {
            let n = &graph.nodes[i];
            graph::Node { handoff: n.handoff, held_up: n.held_up, critical: n.critical, focus: false }
        })
        .collect();
    let edges = graph
        .edges
        .iter()
        .filter_map(|e| {
            let (dependency, dependent) = (index[e.dependency]?, index[e.dependent]?);
            Some(graph::Edge { dependency, dependent, ..e.clone() })
        })
        .collect();
    DepGraph { nodes, edges, critical_paths: Vec::new() }
}

/// Builds `/graph/` of a base drawn whole (as many open handoffs as `limit` or fewer).
#[cfg(test)]
fn graph_page(base: &Base) -> GraphPage<'_> {
    let parts = Parts::of(base, usize::MAX);
    GraphPages::new(base, &parts).page(1, "../")
}

/// For each of the nodes `blocked`, everything downstream of it in the graph.
fn blocked_chains<'a>(base: &'a Base, graph: &DepGraph<'a>, blocked: &[usize]) -> Vec<BlockedChain<'a>> {
    let mut dependents = vec![Vec::new(); graph.nodes.len()];
    for e in &graph.edges {
        dependents[e.dependency].push(e.dependent);
    }
    blocked
        .iter()
        .filter_map(|&i| {
            let mut seen = std::collections::BTreeSet::new();
            let mut stack = dependents[i].clone();
            while let Some(next) = stack.pop() {
                if next != i && seen.insert(next) {
                    stack.extend(dependents[next].iter().copied());
                }
            }
            let more = seen.len().saturating_sub(LISTED_HELD_UP);
            let listed = seen.into_iter().take(LISTED_HELD_UP);
            let holds_up = listed.filter_map(|j| Edge::handoff(base, &graph.nodes[j].handoff.id)).collect();
            Some(BlockedChain { blocked: Edge::handoff(base, &graph.nodes[i].handoff.id)?, holds_up, more })
        })
        .collect()
}

/// The handoff's neighbourhood as SVG, for its page, and how many handoffs within its steps
/// were left out of the drawing; `None` when it has no dependencies either way (one box says
/// nothing).
pub fn neighbourhood(base: &Base, h: &Handoff) -> Option<(String, usize)> {
    let near = DepGraph::neighbourhood(base, &h.id, NEIGHBOURHOOD_STEPS, NEIGHBOURHOOD_PER_STEP)?;
    if near.graph.edges.is_empty() {
        return None;
    }
    let label = format!("{}: what it waits on and what waits on it, two steps each way", h.title);
    // Handoff pages live at handoffs/ID/, two folders below the root.
    let svg =
        draw_compact(&near.graph, &Drawing { root: "../../", id: "neighbourhood", label: &label, standalone: false });
    Some((svg, near.within - near.graph.nodes.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{base_of, handoff};

    #[test]
    fn long_lists_of_paths_and_held_up_work_are_cut_and_counted() {
        // `root` is blocked; 40 handoffs with due dates wait on it, each a critical path.
        let mut files = vec![handoff("root", "status: blocked\nblocked_reason: vendor\n")];
        for n in 0..40 {
            let fields = format!("status: in-progress\ndepends_on: [root]\ndue: 2026-12-{:02}\n", n % 28 + 1);
            files.push(handoff(&format!("w-{n:02}"), &fields));
        }
        let base = base_of(&files);
        let page = graph_page(&base);
        assert_eq!(page.critical_paths.len(), LISTED_PATHS);
        assert_eq!(page.more_paths, 40 - LISTED_PATHS);
        assert_eq!(page.critical_paths[0].due, "2026-12-01", "soonest due first");
        let chain = &page.blocked[0];
        assert_eq!((chain.holds_up.len(), chain.more), (LISTED_HELD_UP, 40 - LISTED_HELD_UP));
    }

    /// Each node link's name starts with every word its box shows, in order (WCAG 2.5.3), long
    /// titles included: a box that shows its whole title is named by its text; a cut one by its
    /// `<title>`, which holds the whole title and the second line. No name says the status
    /// twice ("Payment sheet (draft) (draft)").
    #[test]
    fn node_names_contain_what_the_boxes_show_and_say_the_status_once() {
        let long = "Move the 40 Airflow DAGs to Dagster before the scheduler licence ends";
        let files = [
            (
                "a.md".to_string(),
                format!("---\ntitle: {long}\nowner: ana\nstatus: in-progress\ndepends_on: [b]\ndue: 2026-12-01\n---\n"),
            ),
            ("b.md".to_string(), "---\ntitle: Payment sheet (draft)\nowner: ana\nstatus: draft\n---\n".to_string()),
        ];
        let base = base_of(&files);
        let page = graph_page(&base);
        let links: Vec<&str> = page.svg.split("<a ").skip(1).collect();
        assert_eq!(links.len(), 2, "{}", page.svg);
        for link in links {
            let lines: Vec<&str> = link.split("<text").skip(1).map(|t| between(t, ">", "</text>")).collect();
            let name = if link.contains("<title>") {
                between(link, "<title>", "</title>").to_string()
            } else {
                lines.join(" ")
            };
            let (mut name_rest, title) = (curated(&name), lines[0].trim_end_matches('…'));
            assert!(name_rest.starts_with(&curated(title)), "name {name:?} does not start with the shown {title:?}");
            for line in &lines[1..] {
                let at = name_rest.find(&curated(line)).unwrap_or_else(|| panic!("name {name:?} lacks {line:?}"));
                name_rest = name_rest[at..].to_string();
            }
            assert!(!name.to_lowercase().contains("draft) (draft") && !name.contains("(draft), draft"), "{name}");
        }
        assert!(page.svg.contains(&format!("<title>{long}, in-progress · due 2026-12-01</title>")), "{}", page.svg);
        assert!(page.svg.contains("<text>Move the 40 Airflow DAGs…</text>"), "the box shows the start: {}", page.svg);
    }

    fn between<'t>(text: &'t str, start: &str, end: &str) -> &'t str {
        let from = text.find(start).map(|i| i + start.len()).unwrap_or(0);
        text[from..].split(end).next().unwrap_or("")
    }

    /// As axe-core compares names: punctuation dropped, lowercase, spaces collapsed.
    fn curated(text: &str) -> String {
        let kept: String = text.chars().filter(|c| c.is_alphanumeric() || c.is_whitespace()).collect();
        kept.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
    }
}
