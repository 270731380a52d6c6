//! The dependency graph: `/graph/`, the neighbourhood on handoff pages, and `baton graph`.

use crate::harness::{Site, fm};

/// Open work a, b, c, f, h (and e, which waits only on done work); done d; cancelled g.
///
/// ```text
///   a ──→ b(blocked) ──→ c(due 12-01) ──→ f
///   └───→ h(due 11-25) ─┘
///   d(done) ──→ e(due 12-10)          g(cancelled)
/// ```
///
/// Critical paths: to h `a → h`; to c the longest open chains are `a → b → c` and `a → h → c`
/// (three steps each), and the tie goes to the smaller id, b. e waits only on done work: no path.
/// Blocked chains: b is blocked, so b, c and f are held up; a→b (into blocked work), b→c and c→f.
fn graph_base() -> Site {
    let lenient = "title: Graph\nreadiness:\n  ready: []\n  in-progress: []\n  blocked: []\n  done: []\n";
    Site::new()
        .write("baton.yaml", lenient)
        .handoff("a", &fm("Alpha", "ana", "status: in-progress\n"), "")
        .handoff("b", &fm("Bravo", "ana", "status: blocked\nblocked_reason: vendor\ndepends_on: [a]\n"), "")
        .handoff("c", &fm("Charlie", "ana", "status: ready\ndepends_on: [b, h]\ndue: 2026-12-01\n"), "")
        .handoff("d", &fm("Delta", "ana", "status: done\n"), "")
        .handoff("e", &fm("Echo", "ana", "status: in-progress\ndepends_on: [d]\ndue: 2026-12-10\n"), "")
        .handoff("f", &fm("Foxtrot", "ana", "status: draft\ndepends_on: [c]\n"), "")
        .handoff("g", &fm("Golf", "ana", "status: cancelled\n"), "")
        .handoff("h", &fm("Hotel", "ana", "status: in-progress\ndepends_on: [a]\ndue: 2026-11-25\n"), "")
}

/// Whether the SVG has a node for `id` (nodes are the only links with class `node …`).
fn has_node(html: &str, id: &str) -> bool {
    html.contains(&format!("handoffs/{id}/\" class=\"node "))
}

/// The `class` of the SVG node for `id`.
fn node_class<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html.find(&format!("handoffs/{id}/\" class=\"node ")).unwrap_or_else(|| panic!("no node {id}"));
    let start = at + html[at..].find("class=\"").expect("class") + 7;
    &html[start..start + html[start..].find('"').expect("end of class")]
}

/// Every edge's class, one entry per edge: edges are drawn in groups that carry the class.
fn edge_classes(html: &str) -> Vec<&str> {
    html.match_indices("<g class=\"edge")
        .flat_map(|(i, _)| {
            let class = &html[i + 10..i + 10 + html[i + 10..].find('"').unwrap()];
            let group = &html[i..i + html[i..].find("</g>").unwrap()];
            std::iter::repeat_n(class, group.matches("<path d=").count())
        })
        .collect()
}

#[test]
fn graph_page_draws_open_work_with_status_classes_and_links() {
    let site = graph_base();
    site.build().assert_ok();
    let page = site.page("graph/");
    assert!(page.contains("6 open handoffs · 5 dependencies"), "{page}");
    assert_eq!(page.matches("class=\"node status-").count(), 6);
    for (id, status) in [("a", "in-progress"), ("b", "blocked"), ("c", "ready"), ("e", "in-progress"), ("f", "draft")] {
        assert!(node_class(&page, id).starts_with(&format!("node status-{status}")), "{id}: {}", node_class(&page, id));
        assert!(page.contains(&format!("<a href=\"../handoffs/{id}/\" class=\"node ")), "{id} links to its page");
    }
    for closed in ["d", "g"] {
        assert!(!has_node(&page, closed), "{closed} is not open work");
    }
    assert_eq!(edge_classes(&page).len(), 5);
    assert!(!page.contains(" style="), "the CSP forbids style attributes");
    assert!(site.page("").contains("href=\"graph/\""), "the nav links the graph");
}

#[test]
fn blocked_chains_and_critical_paths_are_highlighted() {
    let site = graph_base();
    site.build().assert_ok();
    let page = site.page("graph/");
    let mut edges = edge_classes(&page);
    edges.sort();
    assert_eq!(
        edges,
        ["edge", "edge blocked", "edge blocked critical", "edge blocked critical", "edge critical"],
        "h→c plain; c→f blocked; a→b and b→c both; a→h critical"
    );
    assert_eq!(node_class(&page, "a"), "node status-in-progress critical");
    assert_eq!(node_class(&page, "b"), "node status-blocked held-up critical");
    assert_eq!(node_class(&page, "c"), "node status-ready held-up critical");
    assert_eq!(node_class(&page, "f"), "node status-draft held-up");
    assert_eq!(node_class(&page, "e"), "node status-in-progress");
    // The text list: soonest due first, each path's steps in order.
    let paths = &page[page.find("id=\"critical-h\"").unwrap()..page.find("id=\"chains-h\"").unwrap()];
    let (hotel, charlie) =
        (paths.find(">Hotel</a> <span class=\"meta\">due").unwrap(), paths.find(">Charlie</a>").unwrap());
    assert!(hotel < charlie);
    let charlie_steps = &paths[charlie..];
    assert!(charlie_steps.find(">Alpha</a>").unwrap() < charlie_steps.find(">Bravo</a>").unwrap());
    assert!(!charlie_steps.contains(">Hotel</a>"), "the tie between b and h goes to b");
    let chains = &page[page.find("id=\"chains-h\"").unwrap()..];
    assert!(chains.contains("holds up <a href=\"../handoffs/c/\">Charlie</a>, <a href=\"../handoffs/f/\">Foxtrot</a>"));
}

#[test]
fn handoff_pages_show_two_steps_both_ways() {
    let site = graph_base();
    site.build().assert_ok();
    // c: b and h wait upstream, a two steps up; f downstream.
    let c = site.page("handoffs/c/");
    assert_eq!(c.matches("class=\"node status-").count(), 5);
    assert_eq!(node_class(&c, "c"), "node status-ready held-up critical focus");
    assert!(c.contains("<a href=\"../../handoffs/a/\" class=\"node "));
    // a: b and h one step down, c two; f is three steps away.
    let a = site.page("handoffs/a/");
    assert_eq!(a.matches("class=\"node status-").count(), 4);
    assert!(!has_node(&a, "f"));
    // Done work is shown around e, which waits on it.
    assert!(has_node(&site.page("handoffs/e/"), "d"));
    assert!(!site.page("handoffs/g/").contains("Neighbourhood"), "no dependencies, no neighbourhood");
}

/// A hub's page draws five handoffs at each step each way, open work first, and says how many
/// it left out; the panel beside it still lists every handoff that waits on it.
#[test]
fn a_hub_s_page_draws_a_few_neighbours_and_counts_the_rest() {
    let lenient = "title: Hub\nreadiness:\n  in-progress: []\n  done: []\n";
    let mut site =
        Site::new().write("baton.yaml", lenient).handoff("hub", &fm("Hub", "ana", "status: in-progress\n"), "");
    for n in 1..=8 {
        let status = if n <= 2 { "done" } else { "in-progress" };
        let fields = format!("status: {status}\ndepends_on: [hub]\n");
        site = site.handoff(&format!("w{n}"), &fm(&format!("Waiter {n}"), "ana", &fields), "");
    }
    site.build().assert_ok();
    let hub = site.page("handoffs/hub/");
    assert_eq!(hub.matches("class=\"node status-").count(), 6, "the hub and five of eight");
    assert!(!has_node(&hub, "w1") && !has_node(&hub, "w2"), "done work goes first");
    assert!(["w3", "w4", "w5", "w6", "w7"].iter().all(|w| has_node(&hub, w)));
    assert!(hub.contains("two steps each way, 3 more not drawn"), "{hub}");
    let panel = &hub[hub.find("id=\"needed-h\"").expect("needed-by panel")..];
    assert!((1..=8).all(|n| panel.contains(&format!("handoffs/w{n}/"))), "the panel lists all eight");
    // A page with a small neighbourhood says nothing of the kind.
    assert!(!site.page("handoffs/w3/").contains("not drawn"));
}

#[test]
fn graph_command_prints_dot() {
    let site = graph_base();
    let run = site.run(&["graph", "."]);
    run.assert_ok();
    let dot = &run.stdout;
    assert!(dot.starts_with("digraph handoffs {"), "{dot}");
    assert_eq!(dot.matches("[label=").count(), 6);
    assert_eq!(dot.matches(" -> ").count(), 5);
    for edge in ["\"a\" -> \"b\"", "\"b\" -> \"c\"", "\"h\" -> \"c\"", "\"c\" -> \"f\"", "\"a\" -> \"h\""] {
        assert!(dot.contains(edge), "{edge} in\n{dot}");
    }
    assert!(dot.contains("URL=\"handoffs/b/\""));
    let all = site.run(&["graph", ".", "--all"]);
    assert_eq!((all.stdout.matches("[label=").count(), all.stdout.matches(" -> ").count()), (8, 6));
}

#[test]
fn graph_command_prints_json() {
    let site = graph_base();
    let run = site.run(&["graph", ".", "--format", "json"]);
    run.assert_ok();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(json["version"], 1);
    assert_eq!(json["nodes"].as_array().map(Vec::len), Some(6));
    assert_eq!(json["edges"].as_array().map(Vec::len), Some(5));
    assert_eq!(json["nodes"][1]["id"], "b");
    assert_eq!(json["nodes"][1]["status"], "blocked");
    assert_eq!(json["nodes"][1]["url"], "handoffs/b/");
    let paths = &json["critical_paths"];
    assert_eq!(paths[0]["target"], "h");
    assert_eq!(paths[0]["steps"], serde_json::json!(["a", "h"]));
    assert_eq!(paths[1]["steps"], serde_json::json!(["a", "b", "c"]));
}

#[test]
fn graph_command_prints_a_standalone_svg() {
    let site = graph_base();
    let run = site.run(&["graph", ".", "--format", "svg"]);
    run.assert_ok();
    let svg = &run.stdout;
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
    assert!(
        svg.contains("<style>") && svg.contains(".status-blocked rect{fill:"),
        "a file on its own brings its colours"
    );
    assert_eq!(svg.matches("class=\"node status-").count(), 6);
    assert!(svg.contains("<a href=\"handoffs/a/\""));
}

#[test]
fn graph_from_an_id_keeps_what_is_connected_to_it() {
    let site = graph_base();
    let run = site.run(&["graph", ".", "--from", "f", "--format", "json"]);
    run.assert_ok();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let ids: Vec<&str> = json["nodes"].as_array().unwrap().iter().filter_map(|n| n["id"].as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "f", "h"]);
    site.run(&["graph", ".", "--from", "zz"]).assert_code(2).assert_stderr_has("--from: no handoff has the id `zz`");
}

#[test]
fn graph_command_refuses_a_base_with_errors() {
    let site = graph_base().handoff("z", &fm("Zulu", "ana", "status: nonsense\n"), "");
    let run = site.run(&["graph", "."]);
    run.assert_code(1).assert_stderr_has("bad-value");
    assert!(run.stdout.is_empty());
}
