//! How long the dependency graph of N open handoffs takes to lay out (default 1,000).
//!
//! Writes a synthetic base into a temporary folder — every handoff open, each depending on 0–3
//! earlier ones picked uniformly (as `bench/corpus.py` does, which makes long edges and many
//! dummy points: harder than real bases), every tenth with a due date — loads it with baton's
//! own loader, then times building the graph (selection, blocked chains, critical paths), the
//! layout, and drawing the SVG, several runs each, and prints each run and the medians.
//!
//!     cargo run --release --example graph_layout [N] [RUNS]

use baton_kb::diagnostic::Diagnostics;
use baton_kb::graph::DepGraph;
use baton_kb::graph::layout::Options;
use baton_kb::render::svg::graph::{Drawing, draw_laid_out};
use std::time::{Duration, Instant};

const STATUSES: [&str; 5] = ["ready", "accepted", "in-progress", "blocked", "draft"];

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(1_000);
    let runs: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(9);
    let site = tempfile::tempdir()?;
    write_base(site.path(), n)?;
    let mut diagnostics = Diagnostics::default();
    let loaded = baton_kb::build::load_site(site.path(), &mut diagnostics)?;
    anyhow::ensure!(!diagnostics.has_errors(), "the synthetic base has errors");
    let base = &loaded.base;

    let options = Options::default();
    let (mut build, mut layout, mut draw) = (Vec::new(), Vec::new(), Vec::new());
    for run in 1..=runs {
        let started = Instant::now();
        let graph = DepGraph::open_work(base);
        let built = Instant::now();
        let placed = graph.layout(&options);
        let laid_out = Instant::now();
        let drawing = Drawing { root: "../", id: "graph", label: "bench", standalone: false };
        let svg = draw_laid_out(&graph, &placed, &options, &drawing);
        let drawn = Instant::now();
        println!(
            "run {run}: {} nodes, {} edges, {} critical paths; graph {:.1} ms, layout {:.1} ms, svg {:.1} ms ({} KB)",
            graph.nodes.len(),
            graph.edges.len(),
            graph.critical_paths.len(),
            ms(built - started),
            ms(laid_out - built),
            ms(drawn - laid_out),
            svg.len() / 1024
        );
        build.push(built - started);
        layout.push(laid_out - built);
        draw.push(drawn - laid_out);
    }
    println!(
        "median of {runs} runs: graph {:.1} ms, layout {:.1} ms, graph + layout {:.1} ms, svg {:.1} ms",
        ms(median(&build)),
        ms(median(&layout)),
        ms(median(&build) + median(&layout)),
        ms(median(&draw))
    );
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

fn median(values: &[Duration]) -> Duration {
    let mut sorted = values.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// A deterministic base of `n` open handoffs (a fixed linear congruential generator).
fn write_base(dir: &std::path::Path, n: usize) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir.join("content"))?;
    std::fs::write(dir.join("baton.yaml"), "title: Bench\n")?;
    let mut state: u64 = 42;
    let mut next = |below: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap_or(0) % below.max(1)
    };
    for i in 0..n {
        let deps: std::collections::BTreeSet<usize> =
            if i == 0 { Default::default() } else { (0..next(4)).map(|_| next(i)).collect() };
        let deps: Vec<String> = deps.iter().map(|d| format!("h{d:05}")).collect();
        let due = if i % 10 == 0 { format!("due: 2027-{:02}-15\n", 1 + i % 12) } else { String::new() };
        let text = format!(
            "---\nid: h{i:05}\ntitle: Handoff number {i} of the bench base\nowner: p{:02}\nstatus: {}\n{due}depends_on: [{}]\n---\nBody.\n",
            i % 40,
            STATUSES[next(STATUSES.len())],
            deps.join(", ")
        );
        std::fs::write(dir.join("content").join(format!("h{i:05}.md")), text)?;
    }
    Ok(())
}
