//! The whole-base pages stay bounded as a base grows: `/graph/` is drawn in parts of at most
//! `graph_page_size` open handoffs, `/digest/` comes `page_size` items a page.

use crate::harness::{Site, fm};
use std::collections::BTreeMap;

/// Three chains of six open handoffs (`c1-1 ← c1-2 ← …`), four loose ones, a blocked one that
/// the third chain waits on, and done work: 23 open handoffs, each updated the day before
/// "today" (so each is in the digest). `settings` go into baton.yaml.
fn base(settings: &str) -> Site {
    let config = format!("title: Test Base\n{settings}readiness:\n  blocked: []\n  done: []\n");
    let mut site = Site::new().write("baton.yaml", &config);
    let updated = "updated: 2026-11-19\n";
    for chain in 1..=3 {
        for step in 1..=6 {
            let mut extra = format!("status: draft\n{updated}");
            if step > 1 {
                extra += &format!("depends_on: [c{chain}-{}]\n", step - 1);
            } else if chain == 3 {
                extra += "depends_on: [stuck]\n";
            }
            site = site.handoff(
                &format!("c{chain}-{step}"),
                &fm(&format!("Chain {chain} step {step}"), "ana", &extra),
                "",
            );
        }
    }
    for n in 1..=4 {
        site = site.handoff(
            &format!("loose-{n}"),
            &fm(&format!("Loose {n}"), "kofi", &format!("status: draft\n{updated}")),
            "",
        );
    }
    let blocked = format!("status: blocked\nblocked_reason: Waiting on the vendor.\n{updated}");
    site = site.handoff("stuck", &fm("Stuck", "kofi", &blocked), "");
    site.handoff("finished", &fm("Finished", "ana", "status: done\ndepends_on: [c1-6]\n"), "")
}

/// Every page of `/graph/`, by number: `graph/`, then `graph/page/2/`… until one is missing.
fn graph_pages(site: &Site) -> Vec<(String, String)> {
    let mut pages = vec![("graph/".to_string(), site.page("graph/"))];
    for n in 2.. {
        let url = format!("graph/page/{n}/");
        if !site.public().join(&url).exists() {
            break;
        }
        pages.push((url.clone(), site.page(&url)));
    }
    pages
}

/// The handoffs a page of the graph draws: each node is a link to its handoff.
fn drawn(html: &str) -> Vec<String> {
    html.split("/handoffs/")
        .skip(1)
        .filter_map(|rest| rest.split_once("/\" class=\"node"))
        .filter(|(id, _)| !id.contains('"'))
        .map(|(id, _)| id.to_string())
        .collect()
}

/// Where a handoff page's "whole graph" link goes, from the site root.
fn whole_graph_link(html: &str) -> Option<String> {
    let (before, _) = html.split_once("\">whole graph</a>")?;
    let href = before.rsplit("href=\"").next()?;
    Some(href.trim_start_matches("../").to_string())
}

const OPEN: usize = 23;

#[test]
fn a_graph_past_graph_page_size_is_drawn_in_parts_with_each_handoff_on_one() {
    let site = base("graph_page_size: 6\n");
    site.build().assert_ok();
    let pages = graph_pages(&site);
    assert!(pages.len() >= OPEN.div_ceil(6), "{} pages", pages.len());
    let mut page_of: BTreeMap<String, String> = BTreeMap::new();
    for (url, html) in &pages {
        let ids = drawn(html);
        assert!(!ids.is_empty() && ids.len() <= 6, "{url} draws {ids:?}");
        for id in ids {
            assert!(page_of.insert(id.clone(), url.clone()).is_none(), "{id} is drawn on two pages");
        }
        assert!(html.contains(r#"<nav class="pager" aria-label="Parts of the graph">"#), "{url}");
        assert!(
            html.contains(&format!(" of {} parts", pages.len())) || html.contains(&format!("in {} parts", pages.len()))
        );
    }
    assert_eq!(page_of.len(), OPEN, "every open handoff is drawn, once: {page_of:?}");
    assert!(!page_of.contains_key("finished"), "done work is not drawn");
    // A chain that fits a part is drawn whole, on one page; the third (seven with the blocked
    // work it waits on) is cut in two, and each half says where the other is.
    assert!((2..=6).all(|step| page_of[&format!("c1-{step}")] == page_of["c1-1"]), "{page_of:?}");
    assert_ne!(page_of["stuck"], page_of["c3-6"], "{page_of:?}");
    let stuck = &pages.iter().find(|(url, _)| *url == page_of["stuck"]).expect("stuck's page").1;
    let other = page_of["c3-6"].trim_start_matches("graph/");
    assert!(
        stuck.contains("This part has dependencies with") && stuck.contains(&format!("graph/{other}\">part ")),
        "{stuck}"
    );
    // The first page lists every part; the later ones say which part they are.
    let first = &pages[0].1;
    assert_eq!(first.matches("/\">Part ").count(), pages.len(), "{first}");
    assert!(first.contains(r#"<h2 id="parts-h">Parts</h2>"#) && !pages[1].1.contains("parts-h"));
    let second = &pages[1].1;
    assert!(second.contains(&format!("<title>Dependency graph (part 2 of {})", pages.len())), "{second}");
    assert!(second.contains(r#"<a rel="prev" href="../../../graph/">"#), "{second}");

    // Each handoff page's "whole graph" link opens the page that draws it.
    for (id, url) in &page_of {
        let html = site.page(&format!("handoffs/{id}/"));
        if id.starts_with("loose") {
            assert_eq!(whole_graph_link(&html), None, "{id} has no neighbourhood");
        } else {
            assert_eq!(whole_graph_link(&html).as_deref(), Some(url.as_str()), "{id}");
        }
    }
    assert_eq!(whole_graph_link(&site.page("handoffs/finished/")).as_deref(), Some("graph/"));
    // Still one file per page.
    let html = site.output_files().iter().filter(|(p, _)| p.ends_with(".html")).count();
    assert!(site.output_files().len() <= html + html / 10 + 200);
}

#[test]
fn a_graph_within_graph_page_size_is_one_page_as_before() {
    let site = base("");
    site.build().assert_ok();
    assert!(!site.public().join("graph/page").exists());
    let graph = site.page("graph/");
    assert_eq!(drawn(&graph).len(), OPEN);
    assert!(graph.contains(&format!("{OPEN} open handoffs")) && !graph.contains("class=\"pager\""), "{graph}");
    assert_eq!(whole_graph_link(&site.page("handoffs/c2-3/")).as_deref(), Some("graph/"));
}

#[test]
fn a_graph_page_size_of_zero_is_a_setting_error() {
    let site = base("graph_page_size: 0\n");
    site.build().assert_code(1).assert_stderr_has("is not a page size");
}

/// The digest's items on a page, as (link, text) in order.
fn digest_items(html: &str) -> Vec<String> {
    html.split("<a class=\"what\" href=\"")
        .skip(1)
        .map(|rest| {
            let (href, rest) = rest.split_once('"').unwrap_or_default();
            let text = rest.split("<span class=\"text\">").nth(1).and_then(|t| t.split_once('<')).map(|t| t.0);
            format!("{} {}", href.trim_start_matches("../"), text.unwrap_or_default())
        })
        .collect()
}

#[test]
fn a_long_digest_is_cut_into_pages_of_page_size_items_in_the_same_order() {
    let whole = base("");
    whole.build().assert_ok();
    let all = digest_items(&whole.page("digest/"));
    assert!(all.len() > 8, "{all:?}");
    assert!(!whole.public().join("digest/page").exists(), "a digest that fits stays one page");

    let site = base("page_size: 4\n");
    site.build().assert_ok();
    let mut pages = vec![site.page("digest/")];
    while site.public().join(format!("digest/page/{}/", pages.len() + 1)).exists() {
        pages.push(site.page(&format!("digest/page/{}/", pages.len() + 1)));
    }
    assert_eq!(pages.len(), all.len().div_ceil(4));
    let mut items = Vec::new();
    for (n, html) in pages.iter().enumerate() {
        let here = digest_items(html);
        assert!(!here.is_empty() && here.len() <= 4, "page {}: {here:?}", n + 1);
        items.extend(here);
        assert!(html.contains(r#"<nav class="pager" aria-label="Pages of the digest">"#));
        assert!(html.contains(&format!("Page {} of {}", n + 1, pages.len())));
        assert_eq!(html.contains(r#"<h2 id="feeds-h">"#), n == 0, "the feeds are listed on the first page");
        assert_eq!(html.contains(r#"<h2 id="action-h">"#), n == 0, "nothing else needs action");
    }
    assert_eq!(items, all, "every item once, in the same order");
    assert!(pages[1].contains("(continued)</h2>") && pages[1].contains("(continued)</h3>"), "{}", pages[1]);
}

/// A link to a part of the graph is checked against the parts the build draws, and a static file
/// cannot take a later page's place: `check` and `build` agree on both.
#[test]
fn links_to_later_pages_are_checked_and_their_folders_are_kept_free() {
    let parts = |site: &Site| graph_pages(site).len();
    let site = base("graph_page_size: 8\n").handoff(
        "notes",
        &fm("Notes", "ana", "status: draft\n"),
        "See [part two](/graph/page/2/) and [the digest](/digest/page/2/).\n",
    );
    site.build().assert_ok();
    assert!(parts(&site) >= 2);
    site.run(&["check"]).assert_ok();
    // A part past the last is a broken link for both.
    let far = format!("[far](/graph/page/{}/)", parts(&site) + 1);
    let site = site.handoff("notes", &fm("Notes", "ana", "status: draft\n"), &far);
    site.run(&["check"]).assert_code(1).assert_stderr_has("graph/page/");
    site.build().assert_code(1);
    // A static file where a later page goes is refused before anything is written.
    let site = base("graph_page_size: 8\n").write("static/graph/page/2/index.html", "mine");
    site.run(&["check"]).assert_code(1).assert_stderr_has("output-collision");
}
