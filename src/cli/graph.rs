//! `baton graph`: the dependency graph for other tools, as DOT, SVG or JSON on stdout.
//!
//! Reads and links the site (no check, no render): a graph is worth having even while the base
//! has warnings. Link errors (a bad id, a duplicate) are printed and exit 1 with nothing on
//! stdout, as a build would stop; an unknown `--from` id is a usage error (exit 2).

use crate::build::load_site;
use crate::diagnostic::Diagnostics;
use crate::graph::{DepGraph, Scope, export};
use crate::model::Id;
use crate::render::svg::graph::{Drawing, draw};
use std::path::Path;
use std::process::ExitCode;

/// How `baton graph` prints the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum GraphFormat {
    /// Graphviz DOT, left to right.
    Dot,
    /// A standalone SVG drawn by baton's own layout.
    Svg,
    /// JSON: nodes, edges and critical paths (schema version 1).
    Json,
}

/// What to print.
pub(super) struct GraphArgs<'a> {
    pub(super) site: &'a Path,
    pub(super) format: GraphFormat,
    pub(super) from: Option<&'a str>,
    pub(super) all: bool,
}

/// Prints the graph; returns the exit code.
pub(super) fn run(args: &GraphArgs<'_>) -> anyhow::Result<ExitCode> {
    let mut diagnostics = Diagnostics::default();
    let site = load_site(args.site, &mut diagnostics)?;
    if diagnostics.has_errors() {
        let today = super::today(None)?;
        eprint!("{}", super::report::render(super::report::Format::Human, &diagnostics.sorted(), &site.sources, today));
        eprintln!("error: the base has errors; fix them to draw its graph");
        return Ok(ExitCode::from(1));
    }
    let base = &site.base;
    let scope = if args.all { Scope::All } else { Scope::Open };
    let graph = match args.from {
        None => DepGraph::everything(base, scope),
        Some(text) => {
            let known = Id::parse(text).ok().and_then(|id| DepGraph::connected_to(base, &id, scope));
            let Some(graph) = known else {
                let ids = base.handoffs.keys().map(Id::as_str);
                let hint = crate::suggest::did_you_mean(text, ids).map(|c| format!(" (did you mean `{c}`?)"));
                anyhow::bail!("--from: no handoff has the id `{text}`{}", hint.unwrap_or_default());
            };
            graph
        }
    };
    let label = match args.from {
        Some(id) => format!("Dependencies of {id}"),
        None => format!("Dependency graph of {} work", if args.all { "all" } else { "open" }),
    };
    let text = match args.format {
        GraphFormat::Dot => export::dot(&graph),
        GraphFormat::Json => export::json(&graph),
        GraphFormat::Svg => draw(&graph, &Drawing { root: "", id: "graph", label: &label, standalone: true }),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}
